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
from uihelpers import settle

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
