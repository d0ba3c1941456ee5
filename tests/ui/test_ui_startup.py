"""Start-up: the user's theme and keys from the settings, the first look at a large session."""

from __future__ import annotations

import gc
import inspect
import re
import sys
from pathlib import Path

from textual.color import Color
from textual.screen import Screen
from uihelpers import settle

from juryapp.domain.queue import queue_entries
from juryapp.samples import generate_admission_session
from juryapp.settings import Settings, save_settings
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.dossier import DossierScreen
from juryapp.ui.screens.queue import QueueScreen, columns_for, to_row
from juryapp.ui.stylesheets import FIRST, stylesheet, stylesheets
from juryapp.ui.themes import ANSI_PALETTES, CONTRAST_THEME
from juryapp.ui.widgets import FastTable


async def test_the_theme_of_the_settings_is_there_from_the_first_frame(
    demo_copy: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    save_settings(Settings(theme=CONTRAST_THEME))
    reparses: list[bool] = []
    original = JuryApp.refresh_css

    def counting(self, animate: bool = True) -> None:  # type: ignore[no-untyped-def]
        reparses.append(animate)
        original(self, animate)

    monkeypatch.setattr(JuryApp, "refresh_css", counting)
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == CONTRAST_THEME
        assert f"-theme-{CONTRAST_THEME}" in app.classes
        assert app.screen.styles.background == Color.parse(app.current_theme.background or "")
        assert app.ansi_theme is ANSI_PALETTES[CONTRAST_THEME]
        # set before the first parse of the stylesheets: no second (or third) parse
        assert reparses == []


def _screen_classes() -> list[type[Screen]]:
    """Every screen of the app (juryapp.ui.screens), modal dialogs included."""
    import importlib
    import pkgutil

    import juryapp.ui.screens as package

    found: list[type[Screen]] = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, Screen)
            and value.__module__ == module.__name__
        ]
    return found


def test_each_sheet_is_named_by_the_screens_it_styles() -> None:
    """The start reads only the first screens' sheet: a screen styled by another sheet must
    name it (CSS_PATH), or it would show unstyled when opened before the app read them all."""
    named: dict[str, set[str]] = {}
    for screen in _screen_classes():
        paths = screen.CSS_PATH if isinstance(screen.CSS_PATH, list) else [screen.CSS_PATH]
        for path in paths:
            if path is not None:
                assert Path(path).is_file(), (screen.__name__, path)
                named.setdefault(Path(path).name, set()).add(screen.__name__)
    for sheet in stylesheets():
        if sheet.stem == FIRST:
            continue
        assert named.get(sheet.name), f"no screen names {sheet.name}"
        # a screen's type in a selector: that screen names the sheet
        css = sheet.read_text(encoding="utf-8")
        types = set(re.findall(r"^([A-Z]\w+)", css, re.M))
        assert types <= named[sheet.name], (sheet.name, types - named[sheet.name])
        # an id in a selector: a widget of a screen that names the sheet has it
        sources = "".join(
            inspect.getsource(sys.modules[screen.__module__])
            for screen in _screen_classes()
            if screen.__name__ in named[sheet.name]
        )
        ids = set(re.findall(r"#([a-z][\w-]*)", css))
        missing = {i for i in ids if f'"{i}"' not in sources and f'"{i}-' not in sources}
        assert not missing, (sheet.name, missing)


async def test_the_start_reads_one_sheet_and_the_others_once_the_session_is_read(
    demo_copy: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    every = [str(path) for path in stylesheets()]
    read_at_first_frame: list[list[str]] = []
    original = JuryApp.first_screen_drawn

    def spying(self) -> None:  # type: ignore[no-untyped-def]
        read_at_first_frame.append([p for p in every if self.stylesheet.has_source(p, "")])
        original(self)

    monkeypatch.setattr(JuryApp, "first_screen_drawn", spying)
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert read_at_first_frame[0] == [str(stylesheet(FIRST))]
        for _ in range(100):  # read when nobody waits: within a second or so
            if all(app.stylesheet.has_source(p, "") for p in every):
                break
            await pilot.pause(0.05)
        assert [p for p in every if not app.stylesheet.has_source(p, "")] == []


async def test_a_screen_opened_before_its_sheet_was_read_is_styled(
    demo_copy: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(JuryApp, "load_other_stylesheets", lambda self: None)
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sheet = str(stylesheet("dossier"))
        assert not app.stylesheet.has_source(sheet, "")
        await pilot.press("enter")  # the dossier under the cursor
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert app.stylesheet.has_source(sheet, "")
        # a rule of dossier.tcss: the épreuves box's rounded border
        box = app.screen.query_one("#dossier-epreuves")
        assert box.styles.border_top[0] == "round"


async def test_the_collector_paused_for_the_start_is_on_at_the_first_frame(
    demo_copy: Path,
) -> None:
    gc.disable()
    try:
        app = JuryApp(demo_copy, member_id="m-benali", watch_files=False, collector_paused=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


async def test_keys_remapped_in_the_settings_work(demo_copy: Path) -> None:
    save_settings(Settings(keymap={"queue.next_unscored": "j"}))
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        todo = {e.candidate_id for e in screen.entries if e.to_score_by_me and not e.conflict}
        table = screen.query_one("#dossiers", FastTable)
        start = table.cursor_key
        await pilot.press("n")  # the old key does nothing any more
        assert table.cursor_key == start
        await pilot.press("j")
        assert table.cursor_key in todo
        shown = {b.binding.action: key for key, b in screen.active_bindings.items()}
        assert shown.get("next_unscored") == "j"


async def test_an_unreadable_key_in_the_settings_is_named_not_fatal(demo_copy: Path) -> None:
    save_settings(Settings(keymap={"queue.filter": "ctrl+ x", "queue.next_unscored": "j"}))
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("queue.filter" in m and "ctrl+ x" in m for m in messages), messages
        assert isinstance(app.screen, QueueScreen)
        await pilot.press("j")  # the good remap still applies
        assert app.screen.query_one("#dossiers", FastTable).cursor_key is not None


def test_the_first_look_at_a_large_session_is_names_only() -> None:
    session = generate_admission_session(40)
    entries = queue_entries(session, "m-01", with_results=False)
    assert len(entries) == 40
    assert all(e.pending and e.eligibility is None and e.total is None for e in entries)
    assert [e.sort_name for e in entries] == sorted(e.sort_name for e in entries)
    full = {e.candidate_id: e for e in queue_entries(session, "m-01")}
    assert all(full[e.candidate_id].name == e.name for e in entries)
    assert not any(e.pending for e in full.values())
    columns = columns_for(entries)
    row = to_row(entries[0], columns)
    keys = [c.key for c in columns]
    for key in ("eligibility", "total", "decision", "review", "epreuves"):
        assert str(row.cells[keys.index(key)]) == "…", key


async def test_details_wait_until_the_scores_are_read(demo_copy: Path) -> None:
    """While only the first look is loaded, a dossier, the deliberation and the set-up are
    not opened (they would show it without scores nor decisions): a message says so."""
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        app.session_complete = False
        for key in ("enter", "d", "s"):
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is queue, key
        assert any("en cours de lecture" in str(n.message) for n in app._notifications)
        app.session_complete = True
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is not queue


async def test_a_large_session_shows_a_first_look_then_everything(tmp_path: Path) -> None:
    from juryapp.store.session_store import SessionStore

    session = generate_admission_session(JuryApp.PROGRESSIVE_FROM + 20)
    path = tmp_path / "grande.jury"
    SessionStore.create(path, session)
    shown: list[tuple[bool, int]] = []
    original = QueueScreen._show_rows

    def spy(self, entries, columns, rows):  # type: ignore[no-untyped-def]
        shown.append((all(e.pending for e in entries), len(rows)))
        original(self, entries, columns, rows)

    QueueScreen._show_rows = spy  # type: ignore[method-assign]
    try:
        app = JuryApp(path, member_id="m-01", watch_files=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for _ in range(100):  # the complete session follows the first look
                if app.session_complete and not any(e.pending for e in app.screen.entries):
                    break
                await pilot.pause(0.05)
            queue = app.screen
            assert isinstance(queue, QueueScreen)
            assert app.first_look is not None  # the loading worker made the first rows
            assert app.session_complete
            assert len(queue.entries) == len(session.candidates)
            assert not any(e.pending for e in queue.entries)
            assert any(e.eligibility is not None for e in queue.entries)
    finally:
        QueueScreen._show_rows = original  # type: ignore[method-assign]
    n = len(session.candidates)
    assert shown[0] == (True, n)  # names first...
    assert shown[-1] == (False, n)  # ...then the complete rows


async def test_opened_for_a_member_the_queue_says_the_session_is_being_read(
    demo_copy: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A first start with --as opens on the member's queue at once (no loading screen in
    between): empty, saying the session is being read (not « no dossier matches »), then
    the rows."""
    import threading

    from textual.widgets import Static

    from juryapp.store.session_store import SessionStore

    release = threading.Event()
    real_open = SessionStore.open.__func__  # type: ignore[attr-defined]

    def slow_open(cls, *args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(timeout=10)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(SessionStore, "open", classmethod(slow_open))
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False, quick_start=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.2)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        table = queue.query_one("#dossiers", FastTable)
        assert app.session is None and table.row_count == 0
        title = str(queue.query_one("#session-title", Static).render())
        assert "Lecture de la session" in title
        assert table.empty_text == ""  # not « no dossier matches the filter »
        release.set()
        await settle(pilot)
        assert app.screen is queue and app.member is not None
        assert table.row_count == len(app.session.candidates) > 0
        assert "Aucun dossier" in table.empty_text
