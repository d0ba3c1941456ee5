"""The quick start: the queue as it was last time, drawn before the session is read, only
when nothing it was made from has changed (juryapp.ui.quickstart)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from uihelpers import copy_sample, settle

from juryapp.store.folder_stamp import session_stamp
from juryapp.store.session_store import SessionStore
from juryapp.ui import quickstart
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.loading import LoadingScreen
from juryapp.ui.screens.queue import QueueScreen
from juryapp.ui.widgets import FastTable

MEMBER = "m-benali"


def _table(app: JuryApp) -> list[tuple[str, tuple[str, ...]]]:
    table = app.screen.query_one("#dossiers", FastTable)
    return [
        (key, tuple(str(c) for c in table.get_row(key).cells))  # type: ignore[union-attr]
        for key in table.visible_keys
    ]


async def _open(path: Path, member: str = MEMBER, **kwargs: Any) -> tuple[JuryApp, Any]:
    """Run the app until its queue shows the session's rows; returns (app, what it showed
    first: the quick start's snapshot or None) and the rows."""
    app = JuryApp(path, member_id=member, watch_files=False, **kwargs)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.first_screen
        if first is not None:
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, QueueScreen) and screen.rows_shown
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        rows = _table(app)
        counts = str(app.screen.query_one("#queue-counts").render())
        progress = str(app.screen.query_one("#progress").render())
        # the rows computed from the session are kept for the next start
        for _ in range(100):
            if quickstart.snapshot_path(path, member).exists():
                break
            await pilot.pause(0.02)
    return app, (first, rows, counts, progress)


async def test_the_second_start_draws_the_same_queue_before_reading(demo_copy: Path) -> None:
    assert not quickstart.snapshot_path(demo_copy, MEMBER).exists()
    _app, (first, rows, counts, progress) = await _open(demo_copy)
    assert first is None  # nothing kept yet: the session was read first
    assert quickstart.snapshot_path(demo_copy, MEMBER).exists()

    app = JuryApp(demo_copy, member_id=MEMBER, watch_files=False)
    assert app.first_screen is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueueScreen) and screen.rows_shown
        # what the quick start draws is what the session gave last time, counts included
        assert _table(app) == rows
        assert str(screen.query_one("#queue-counts").render()) == counts
        assert str(screen.query_one("#progress").render()) == progress
        # what needs the session waits for it, with a message
        if app.session is None:
            await pilot.press("enter")
            assert isinstance(app.screen, QueueScreen)
        await settle(pilot)
        assert app.session is not None and app.member is not None
        assert app.member.id == MEMBER
        assert screen.entries and screen.first_screen is None  # the real rows replaced it
        assert _table(app) == rows
        await pilot.press("enter")  # now the dossier opens
        await settle(pilot)
        assert type(app.screen).__name__ == "DossierScreen"


async def test_a_change_by_anyone_means_a_normal_start(demo_copy: Path) -> None:
    await _open(demo_copy)
    store = SessionStore.open(demo_copy, backup=False)
    info = store.load().info
    # another terminal: the secretary changes the number of places
    store.update_info(info.model_copy(update={"places": info.places + 7}), actor="sec-roux")
    assert quickstart.load(demo_copy, MEMBER) is None
    app = JuryApp(demo_copy, member_id=MEMBER, watch_files=False)
    assert app.first_screen is None
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        title = str(app.screen.query_one("#session-title").render())
        assert f"{info.places + 7} places" in title


async def test_other_member_language_settings_or_day_are_not_the_snapshot(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _open(demo_copy)
    assert quickstart.load(demo_copy, MEMBER) is not None
    assert quickstart.load(demo_copy, "m-dupont") is None  # one snapshot per member

    monkeypatch.setenv("JURYAPP_LANG", "en")
    assert quickstart.load(demo_copy, MEMBER) is None
    monkeypatch.setenv("JURYAPP_LANG", "fr")

    monkeypatch.setenv(quickstart.ENV_OFF, "1")
    assert quickstart.load(demo_copy, MEMBER) is None
    monkeypatch.delenv(quickstart.ENV_OFF)

    from juryapp.settings import load_settings, remember_session, save_settings

    # opening another session rewrites the recent sessions: the snapshot still holds
    remember_session(demo_copy.parent / "elsewhere.jury")
    assert quickstart.load(demo_copy, MEMBER) is not None
    settings = load_settings()
    settings.theme = "juryapp-clair"
    save_settings(settings)
    assert quickstart.load(demo_copy, MEMBER) is None  # drawn in the old theme: not used

    await _open(demo_copy)  # a new snapshot, with the new theme
    assert quickstart.load(demo_copy, MEMBER) is not None
    import juryapp.i18n

    # another day at the school (not the computer's day: a UTC server's date differs)
    monkeypatch.setattr(juryapp.i18n, "school_today", lambda: dt.date(2099, 1, 1))
    assert quickstart.load(demo_copy, MEMBER) is None  # deadlines may have passed


async def test_the_quick_start_uses_the_theme_and_keys_it_was_made_with(
    demo_copy: Path,
) -> None:
    from juryapp.settings import load_settings, save_settings

    settings = load_settings()
    settings.theme = "juryapp-contraste"
    settings.keymap = {"queue.next_unscored": "j"}
    save_settings(settings)
    await _open(demo_copy)
    app = JuryApp(demo_copy, member_id=MEMBER, watch_files=False)
    assert app.first_screen is not None and app.settings is None
    assert app.theme == "juryapp-contraste"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.settings is not None and app.settings.theme == "juryapp-contraste"
        screen = app.screen
        table = screen.query_one("#dossiers", FastTable)
        table.cursor_key = table.visible_keys[0]
        await pilot.press("j")  # the remapped "next dossier I have not scored"
        assert table.cursor_key != table.visible_keys[0]


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b"{not json"),
        lambda p: p.write_text(json.dumps({"stamps": 1})),
        lambda p: p.write_bytes(b""),
    ],
)
async def test_a_damaged_snapshot_is_ignored(demo_copy: Path, damage: Any) -> None:
    _app, (_f, rows, _c, _p) = await _open(demo_copy)
    path = quickstart.snapshot_path(demo_copy, MEMBER)
    damage(path)
    assert quickstart.load(demo_copy, MEMBER) is None
    _app, (first, again, _c, _p) = await _open(demo_copy)
    assert first is None and again == rows
    assert quickstart.load(demo_copy, MEMBER) is not None  # written anew


async def test_a_bad_row_in_the_snapshot_is_ignored(demo_copy: Path) -> None:
    await _open(demo_copy)
    path = quickstart.snapshot_path(demo_copy, MEMBER)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["screen"]["rows"][3][1] = data["screen"]["rows"][3][1][:2]  # too few cells
    path.write_text(json.dumps(data), encoding="utf-8")
    assert quickstart.load(demo_copy, MEMBER) is None


async def test_a_session_unreadable_after_the_quick_start_says_so(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _open(demo_copy)
    kept = quickstart.load(demo_copy, MEMBER)
    assert kept is not None
    (demo_copy / "candidates.json").write_text("{broken", encoding="utf-8")
    # as if the stamp had not seen the change (e.g. a clock set back on a copied folder)
    monkeypatch.setattr(quickstart, "load", lambda *_a: kept)
    app = JuryApp(demo_copy, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.load_error:
                break
        await pilot.pause()
        assert app.load_error and "candidates.json" in app.load_error
        assert isinstance(app.screen, LoadingScreen)


def test_the_stamp_is_the_stores_change_token_and_follows_writes(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy, backup=False)
    before = session_stamp(demo_copy)
    assert store.change_token() == before
    session = store.load()
    store.update_info(session.info.model_copy(update={"place": "Salle B"}), actor="sec-roux")
    assert session_stamp(demo_copy) != before


async def test_nothing_heavy_before_the_first_frame(demo_copy: Path, tmp_path: Path) -> None:
    """Run the app in a real process: when the quick start's queue is drawn, neither
    pydantic nor the domain nor the store's session code has been imported."""
    script = tmp_path / "probe.py"
    script.write_text(
        """
import os, sys
from pathlib import Path
from juryapp.ui.app import JuryApp

class Probe(JuryApp):
    def first_screen_drawn(self):
        heavy = sorted(m for m in ("pydantic", "juryapp.domain.models",
                                   "juryapp.store.session_store") if m in sys.modules)
        print("QUICK" if self.first_screen is not None else "READ", ",".join(heavy) or "-")
        sys.stdout.flush()
        os._exit(0)

Probe(Path(sys.argv[1]), member_id=sys.argv[2], watch_files=False).run(
    headless=True, size=(100, 30))
""",
        encoding="utf-8",
    )

    def probe(**env: str) -> list[str]:
        out = subprocess.run(
            [sys.executable, str(script), str(demo_copy), MEMBER],
            env=dict(os.environ, **env),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        return out.split()[-2:]

    await _open(demo_copy)  # the snapshot
    assert probe() == ["QUICK", "-"]
    how, heavy = probe(**{quickstart.ENV_OFF: "1"})
    assert how == "READ" and "pydantic" in heavy


def test_writes_into_the_output_folders_are_not_new_data(tmp_path: Path) -> None:
    import os

    from juryapp.ui.app import _is_data_change

    root = tmp_path / "s.jury"
    (root / "scores" / "m-a").mkdir(parents=True)
    real = os.path.realpath(root)
    assert _is_data_change(str(root / "decisions.json"), real)
    assert _is_data_change(str(root / "scores" / "m-a" / "03.json"), real)
    for folder in ("minutes", "exports", "backups"):
        assert not _is_data_change(str(root / folder / "pv-v1.pdf"), real)
    assert not _is_data_change(str(root / "decisions.json.lock"), real)
    assert not _is_data_change(str(root / ".tmp-x.json"), real)
    # the same folder through a symbolic link
    link = tmp_path / "link.jury"
    link.symlink_to(root)
    assert not _is_data_change(str(link / "minutes" / "pv-v1.pdf"), real)
    assert _is_data_change(str(link / "candidates.json"), real)


# --------------------------------------------------------------------------- the read-ahead


def _kept(path: Path, member: str = MEMBER) -> dict[str, Any]:
    return json.loads(quickstart.snapshot_path(path, member).read_bytes())


async def test_the_read_ahead_keeps_what_the_queue_would_keep(demo_copy: Path) -> None:
    """A first start: a child process reads the session and writes the queue's snapshot,
    the very one the queue writes once it has read the session itself."""
    from juryapp.settings import load_settings, remember_session

    remember_session(demo_copy, load_settings())  # the settings file, as the app leaves it
    # (a fork is made before any app runs here: an app leaves threads behind, and a process
    # with threads is not forked)
    ahead = quickstart.read_ahead(demo_copy, MEMBER)
    assert ahead is not None
    assert ahead.wait() is True and ahead.succeeded is True
    assert ahead.wait() is True  # once: the same answer
    with pytest.raises(ChildProcessError):
        os.waitpid(ahead.pid, os.WNOHANG)  # the child is gone, not a zombie
    by_the_child = _kept(demo_copy)
    assert quickstart.read_ahead(demo_copy, MEMBER) is None  # it is there to show

    quickstart.forget(demo_copy, MEMBER)
    _app, (first, _rows, _c, _p) = await _open(demo_copy)
    assert first is None
    assert _kept(demo_copy) == by_the_child  # stamps (session, day, language...) and rows


def test_a_repeat_start_parses_the_snapshot_once_and_still_sees_a_change(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a repeat start the read-ahead looks at the snapshot (to show it as it is), then
    the app loads it: one parse of the file, and its stamps checked at each look."""
    import orjson

    from juryapp.settings import load_settings, remember_session

    remember_session(demo_copy, load_settings())
    ahead = quickstart.read_ahead(demo_copy, MEMBER)
    assert ahead is not None and ahead.wait() is True
    parsed: list[int] = []
    real = orjson.loads

    def counting(data: bytes) -> Any:
        parsed.append(len(data))
        return real(data)

    monkeypatch.setattr(orjson, "loads", counting)
    assert quickstart.read_ahead(demo_copy, MEMBER) is None  # shown as it is
    assert quickstart.load(demo_copy, MEMBER) is not None
    assert len(parsed) == 1
    # looked at, then another member saves before the app loads it: stale all the same
    assert quickstart.read_ahead(demo_copy, MEMBER) is None
    assert len(parsed) == 2
    store = SessionStore.open(demo_copy, backup=False)
    session = store.load()
    store.update_info(session.info.model_copy(update={"place": "Salle B"}), actor="sec-roux")
    parsed.clear()
    assert quickstart.load(demo_copy, MEMBER) is None
    assert parsed == []  # not parsed again, and not shown


async def test_the_app_draws_what_was_read_ahead(demo_copy: Path) -> None:
    ahead = quickstart.read_ahead(demo_copy, MEMBER)
    assert ahead is not None and ahead.succeeded is None
    app = JuryApp(demo_copy, member_id=MEMBER, watch_files=False, read_ahead=ahead)
    assert ahead.succeeded is True  # the app waited for it
    assert app.first_screen is not None and app.settings is None  # nothing read yet
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueueScreen) and screen.rows_shown
        rows = _table(app)
        counts = str(screen.query_one("#queue-counts").render())
        progress = str(screen.query_one("#progress").render())
        assert len(rows) == 60 and counts == "60 dossiers"
        await settle(pilot)
        # the session read by the app gives the same rows, counts and progress
        assert app.session is not None and screen.entries and screen.first_screen is None
        assert _table(app) == rows
        assert str(screen.query_one("#queue-counts").render()) == counts
        assert str(screen.query_one("#progress").render()) == progress


def _read_ahead_then_a_save(path: Path) -> Any:
    """A snapshot from an earlier start, then another member's save (the session changed):
    the usual start during the jury's day.  Returns the new read-ahead (a child at work)."""
    from juryapp.settings import load_settings, remember_session

    remember_session(path, load_settings())
    first = quickstart.read_ahead(path, MEMBER)
    assert first is not None and first.wait() is True
    store = SessionStore.open(path, backup=False)
    store.update_info(store.load().info.model_copy(update={"place": "Salle B"}), actor="sec-roux")
    assert quickstart.load(path, MEMBER) is None  # stale
    ahead = quickstart.read_ahead(path, MEMBER)
    assert ahead is not None
    return ahead


def test_the_settings_of_last_time_are_known_from_a_stale_snapshot(demo_copy: Path) -> None:
    from juryapp.settings import Settings, load_settings, save_settings

    assert quickstart.settings_of_last_time(demo_copy, MEMBER) is None  # no snapshot yet
    ahead = _read_ahead_then_a_save(demo_copy)
    ahead.wait()
    settings = load_settings()
    shown = quickstart.settings_of_last_time(demo_copy, MEMBER)
    assert shown == quickstart.ShownWith(settings.language, settings.theme, settings.keymap)
    assert quickstart.settings_of_last_time(demo_copy, "m-dupont") is None  # another member's
    save_settings(Settings(theme="textual-light"))  # the settings changed since
    assert quickstart.settings_of_last_time(demo_copy, MEMBER) is None


async def test_after_a_save_the_queue_is_composed_while_the_child_reads(demo_copy: Path) -> None:
    """The session changed since the last start: the app starts with the settings of last
    time and composes the queue; the read-ahead is waited for only then, and its rows are
    the first drawn."""
    ahead = _read_ahead_then_a_save(demo_copy)
    app = JuryApp(demo_copy, member_id=MEMBER, watch_files=False, read_ahead=ahead)
    assert app.shown_with is not None and app.first_screen is None
    assert ahead.succeeded is None  # not waited for yet
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QueueScreen) and screen.rows_shown
        assert ahead.succeeded is True and app.first_screen is not None
        rows = _table(app)
        assert len(rows) == 60
        await settle(pilot)
        assert app.session is not None and app.session.info.place == "Salle B"
        assert _table(app) == rows  # the session read by the app gives the same rows


async def test_after_a_save_a_child_that_wrote_nothing_means_a_normal_start(
    demo_copy: Path,
) -> None:
    """The member was given a PIN since the last start: the child keeps nothing, and the app,
    started with the settings of last time, reads the session and asks for the PIN."""
    from juryapp.settings import load_settings, remember_session
    from juryapp.ui.screens.login import LoginScreen
    from juryapp.ui.screens.session_setup import set_pin

    remember_session(demo_copy, load_settings())
    first = quickstart.read_ahead(demo_copy, MEMBER)
    assert first is not None and first.wait() is True
    set_pin(SessionStore.open(demo_copy, backup=False), MEMBER, "4321", actor="sec-roux")
    ahead = quickstart.read_ahead(demo_copy, MEMBER)
    assert ahead is not None
    app = JuryApp(demo_copy, member_id=MEMBER, watch_files=False, read_ahead=ahead)
    assert app.shown_with is not None
    waits: list[float | None] = []
    shown = app.first_screen_shown
    real_wait = shown.wait

    def counting_wait(timeout: float | None = None) -> bool:
        waits.append(timeout)
        return real_wait(timeout)

    shown.wait = counting_wait  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert ahead.succeeded is False and app.first_screen is None
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)  # the PIN is asked
        assert app.settings is not None  # read by the loading worker
        # which did not wait for a first frame that could not come before it read the
        # session (it waited 5 s, then read it)
        assert waits == []


async def test_a_snapshot_made_with_other_settings_is_not_shown(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The settings changed between the look at last time's and the child's reading: the
    child's rows (made with the new ones) are not shown with the old; the session is read."""
    ahead = _read_ahead_then_a_save(demo_copy)
    real = quickstart.settings_of_last_time

    def other_theme(path: Path, member: str) -> Any:
        shown = real(path, member)
        assert shown is not None
        return quickstart.ShownWith(shown.settings_language, "textual-light", shown.keymap)

    monkeypatch.setattr(quickstart, "settings_of_last_time", other_theme)
    app = JuryApp(demo_copy, member_id=MEMBER, watch_files=False, read_ahead=ahead)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert ahead.succeeded is True and app.first_screen is None
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen) and len(_table(app)) == 60


async def test_the_app_start_reads_ahead_for_a_named_member(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from juryapp.launch import run_app

    seen: list[JuryApp] = []
    monkeypatch.setattr(JuryApp, "run", lambda self, **_kw: seen.append(self))
    run_app(demo_copy, MEMBER)
    assert seen[0].read_ahead is not None and seen[0].read_ahead.wait() is True
    run_app(demo_copy, None)  # the log-in screen first: no member, nothing to read ahead
    assert seen[1].read_ahead is None and seen[1].first_screen is None


def test_no_read_ahead_when_it_cannot_help(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(quickstart.ENV_OFF, "1")
    assert quickstart.read_ahead(demo_copy, MEMBER) is None
    monkeypatch.delenv(quickstart.ENV_OFF)
    monkeypatch.setenv(quickstart.ENV_NO_READ_AHEAD, "1")
    assert quickstart.read_ahead(demo_copy, MEMBER) is None
    monkeypatch.delenv(quickstart.ENV_NO_READ_AHEAD)
    # a large session: its first look at the dossiers shows sooner
    monkeypatch.setattr(quickstart, "READ_AHEAD_MAX_BYTES", 50_000)
    assert quickstart.read_ahead(demo_copy, MEMBER) is None
    monkeypatch.undo()
    # a process with threads is not forked (the child would have none of them)
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert quickstart.read_ahead(demo_copy, MEMBER) is None
    finally:
        stop.set()
        thread.join()
    assert not quickstart.snapshot_path(demo_copy, MEMBER).exists()


def _pin(path: Path, member_id: str) -> None:
    from juryapp.domain.pin import hash_pin

    store = SessionStore.open(path)
    member = store.load().member(member_id)
    assert member is not None
    store.upsert_members(
        [member.model_copy(update={"pin_hash": hash_pin("2468")})], actor="sec-roux"
    )


@pytest.mark.parametrize("case", ["pin", "not in the jury", "damaged file", "bad settings"])
async def test_the_read_ahead_keeps_nothing_it_may_not(demo_copy: Path, case: str) -> None:
    from juryapp.paths import settings_path

    member = MEMBER
    if case == "bad settings":
        settings_path().parent.mkdir(parents=True, exist_ok=True)
        settings_path().write_text('{"language": "de"}', encoding="utf-8")
    elif case == "pin":
        _pin(demo_copy, MEMBER)  # nothing of her queue shows before her PIN
    elif case == "not in the jury":
        member = "m-inconnu"
    else:
        (demo_copy / "candidates.json").write_text("{broken", encoding="utf-8")
    before = {p: p.read_bytes() for p in demo_copy.rglob("*") if p.is_file()}
    ahead = quickstart.read_ahead(demo_copy, member)
    assert ahead is not None
    assert ahead.wait() is False
    assert not quickstart.snapshot_path(demo_copy, member).exists()
    if case == "bad settings":  # the app reads the file itself, and says what is wrong
        app = JuryApp(demo_copy, member_id=member, watch_files=False, read_ahead=ahead)
        assert app.first_screen is None
        assert app.settings is not None and "language" in str(app.settings.load_warning)
    assert {p: p.read_bytes() for p in demo_copy.rglob("*") if p.is_file()} == before
    if case == "damaged file":  # the app says what is wrong, as on any start
        app = JuryApp(demo_copy, member_id=member, watch_files=False, read_ahead=ahead)
        assert app.first_screen is None
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(200):
                await pilot.pause(0.02)
                if app.load_error:
                    break
            assert app.load_error and "candidates.json" in app.load_error


def test_a_slow_read_ahead_is_stopped(demo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(quickstart, "_write_first_screen", lambda *_a: time.sleep(60))
    ahead = quickstart.read_ahead(demo_copy, MEMBER)
    assert ahead is not None
    started = time.monotonic()
    assert ahead.wait(timeout=0.3) is False
    assert time.monotonic() - started < 30  # stopped, not waited for
    with pytest.raises(ChildProcessError):
        os.waitpid(ahead.pid, os.WNOHANG)


async def test_nothing_heavy_in_the_app_when_read_ahead(demo_copy: Path, tmp_path: Path) -> None:
    """A real process, as the command line starts it: the child reads the session; when
    the queue is drawn, the app's own process has imported neither pydantic nor the
    domain nor the store's session code."""
    script = tmp_path / "probe.py"
    script.write_text(
        """
import os, sys
from pathlib import Path
from juryapp.ui import quickstart

ahead = quickstart.read_ahead(Path(sys.argv[1]), sys.argv[2])
from juryapp.ui.app import JuryApp

class Probe(JuryApp):
    def first_screen_drawn(self):
        heavy = sorted(m for m in ("pydantic", "juryapp.domain.models",
                                   "juryapp.store.session_store") if m in sys.modules)
        how = "AHEAD" if ahead is not None and ahead.succeeded else "READ"
        print(how if self.first_screen is not None else "READ", ",".join(heavy) or "-")
        sys.stdout.flush()
        os._exit(0)

Probe(Path(sys.argv[1]), member_id=sys.argv[2], watch_files=False, read_ahead=ahead).run(
    headless=True, size=(100, 30))
""",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, str(script), str(demo_copy), MEMBER],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert out.split()[-2:] == ["AHEAD", "-"]


async def test_the_snapshot_keeps_what_the_filter_finds_beyond_the_cells(tmp_path: Path) -> None:
    """The queue shows a specialty's code (« 2IA »); the filter also finds the dossier by
    the specialty's name, on the quick start's rows too."""
    path = copy_sample("contrat-pro-s9-2026.jury", tmp_path)
    app = JuryApp(path, member_id="m-pages", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#dossiers", FastTable)
        real = {k: table.get_row(k).search for k in table.visible_keys}  # type: ignore[union-attr]
        for _ in range(100):
            if quickstart.snapshot_path(path, "m-pages").exists():
                break
            await pilot.pause(0.02)
    first = quickstart.load(path, "m-pages")
    assert first is not None
    kept = {r.key: r.search for r in first.table[1]}
    assert kept == real
    assert sum("mécatroniques" in s for s in kept.values()) == 3


def test_a_writer_stopped_mid_write_leaves_no_file_behind(demo_copy: Path) -> None:
    """A read-ahead stopped past its deadline may leave its temporary file: the next
    snapshot written removes those older than a minute (a fresh one may be another
    writer's)."""
    folder = quickstart.snapshot_path(demo_copy, MEMBER).parent
    folder.mkdir(parents=True, exist_ok=True)
    old, fresh = folder / ".tmp-old.json", folder / ".tmp-fresh.json"
    for tmp in (old, fresh):
        tmp.write_text("{", encoding="utf-8")
    os.utime(old, (0, 0))
    ahead = quickstart.read_ahead(demo_copy, MEMBER)
    assert ahead is not None and ahead.wait() is True
    assert not old.exists() and fresh.exists()


def test_an_interrupted_wait_answers_no_afterwards(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C while the app waits: the child is reaped, its pipe closed, and the app (if it
    goes on) asks again and gets « no snapshot » rather than an error."""
    import select

    ahead = quickstart.read_ahead(demo_copy, MEMBER)
    assert ahead is not None

    def interrupted(*_a: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(select, "select", interrupted)
    with pytest.raises(KeyboardInterrupt):
        ahead.wait()
    monkeypatch.undo()
    assert ahead.wait() is False
    with pytest.raises(ChildProcessError):
        os.waitpid(ahead.pid, os.WNOHANG)


def test_rows_made_before_a_settings_change_are_not_kept(demo_copy: Path) -> None:
    """The settings and the day the rows were computed with are taken before they are
    computed: a theme chosen in another terminal meanwhile keeps nothing."""
    from juryapp.settings import load_settings, save_settings

    screen = quickstart.FirstScreen(
        settings_language="fr",
        theme="juryapp-sombre",
        keymap={},
        sub_title="",
        title="t",
        columns=[("name", "Nom", None, "left")],
        rows=[("c1", ["x"], "")],
        progress="p",
    )
    stamp = session_stamp(demo_copy)
    made = quickstart.made_with()
    settings = load_settings()
    settings.theme = "juryapp-clair"
    save_settings(settings)
    assert quickstart.save(demo_copy, MEMBER, stamp, screen, made) is False
    assert not quickstart.snapshot_path(demo_copy, MEMBER).exists()
    assert quickstart.save(demo_copy, MEMBER, stamp, screen, quickstart.made_with()) is True
