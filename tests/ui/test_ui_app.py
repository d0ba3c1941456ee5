"""The application on the demo session: log-in, the dossier queue, errors, live updates."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList, Static
from uihelpers import settle

from juryapp.domain.models import Score
from juryapp.domain.pin import hash_pin
from juryapp.domain.scoring import build_scores
from juryapp.store.session_store import SessionStore
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.login import LoginScreen
from juryapp.ui.screens.queue import QueueScreen
from juryapp.ui.widgets import FastTable


def top_marks(epreuve, candidate_id: str, member_id: str) -> list[Score]:  # type: ignore[no-untyped-def]
    """A submitted sheet with the top of each criterion's scale."""
    values = {c.id: c.max for c in epreuve.criteria}
    return build_scores(
        epreuve, candidate_id, member_id, values, {}, "", submitted=True, at=dt.datetime.now(dt.UTC)
    )


async def test_login_lists_the_jury_and_opens_the_queue(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    app = JuryApp(demo_copy, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        options = app.screen.query_one("#login-members", OptionList)
        assert options.option_count == len(session.jury)
        # which session one logs into
        assert session.info.title in str(app.screen.query_one("#login-session", Static).render())
        # Hélène Martin, a woman: « Présidente du jury · Enseignante-chercheuse »
        first = str(options.get_option_at_index(0).prompt)
        assert "Hélène Martin · Présidente du jury · Enseignante-chercheuse" in first
        await pilot.press("enter")  # the first in the list: the president
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.member is not None and app.member.id == session.president.id
        table = app.screen.query_one("#dossiers", FastTable)
        assert table.row_count == len(session.candidates)


async def test_open_as_skips_login_and_filter_narrows(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        table = app.screen.query_one("#dossiers", FastTable)
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"celik")
        await pilot.pause()
        assert table.visible_count == 1
        row = table.get_row(table.visible_keys[0])
        assert "ÇELIK" in str(row.cells[0])
        await pilot.press("escape")
        assert table.visible_count == table.row_count


async def test_progress_and_next_unscored(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, QueueScreen)
        progress = str(screen.query_one("#progress", Static).render())
        assert "notés par vous" in progress
        todo = [e.candidate_id for e in screen.entries if e.to_score_by_me and not e.conflict]
        assert todo, "the demo must leave something to score for m-benali"
        table = screen.query_one("#dossiers", FastTable)
        await pilot.press("n")
        first = table.cursor_key
        assert first in todo
        await pilot.press("n")
        if len(todo) > 1:
            assert table.cursor_key in todo and table.cursor_key != first


async def test_pin_is_asked_and_checked(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    member = session.member("m-benali")
    assert member is not None
    store.upsert_members(
        [member.model_copy(update={"pin_hash": hash_pin("2468")})], actor="sec-roux"
    )
    app = JuryApp(demo_copy, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        def back_key() -> bool:
            return any(b.binding.action == "back" for b in app.screen.active_bindings.values())

        assert not back_key()  # on the list: nothing to go back to, no key shown
        options = app.screen.query_one("#login-members", OptionList)
        index = next(
            i
            for i in range(options.option_count)
            if options.get_option_at_index(i).id == "m-benali"
        )
        options.highlighted = index
        await pilot.press("enter")
        pin = app.screen.query_one("#login-pin", Input)
        assert pin.display and app.focused is pin
        assert back_key()  # back from the PIN to the list
        await pilot.press(*"1111", "enter")
        assert isinstance(app.screen, LoginScreen)
        assert "incorrect" in str(app.screen.query_one("#login-error", Static).render())
        await pilot.press(*"2468", "enter")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert app.member is not None and app.member.id == "m-benali"


async def test_as_a_member_with_a_pin_still_asks_the_pin(demo_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``--as`` skips the choice of the name, never the PIN; no dossier shows before the
    PIN (the app opens on the member's queue, empty, while the session is read); and nothing
    of that member's queue is kept for a quick start (it would show before the PIN)."""
    from juryapp.ui import quickstart

    shown: list[tuple[str | None, int]] = []
    original = QueueScreen._show_rows

    def spy(self, entries, columns, rows):  # type: ignore[no-untyped-def]
        shown.append((self.app.member.id if self.app.member else None, len(rows)))
        original(self, entries, columns, rows)

    monkeypatch.setattr(QueueScreen, "_show_rows", spy)

    store = SessionStore.open(demo_copy)
    member = store.load().member("m-benali")
    assert member is not None
    store.upsert_members(
        [member.model_copy(update={"pin_hash": hash_pin("2468")})], actor="sec-roux"
    )
    for attempt in range(2):
        app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
        assert app.first_screen is None
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, LoginScreen) and app.member is None
            pin = app.screen.query_one("#login-pin", Input)
            assert pin.display and app.focused is pin
            assert "Nadia Benali" in str(app.screen.query_one("#login-pin-label").render())
            await pilot.press(*"1111", "enter")
            assert isinstance(app.screen, LoginScreen) and app.member is None
            assert shown == []  # not one row before the PIN
            await pilot.press(*"2468", "enter")
            await settle(pilot)
            assert isinstance(app.screen, QueueScreen)
            assert app.member is not None and app.member.id == "m-benali"
            assert shown and all(who == "m-benali" and n > 0 for who, n in shown)
            shown.clear()
            await app.workers.wait_for_complete()
        assert not quickstart.snapshot_path(demo_copy, "m-benali").exists(), attempt


async def test_an_unknown_member_named_with_as_gets_the_list_and_a_warning(
    demo_copy: Path,
) -> None:
    app = JuryApp(demo_copy, member_id="m-nobody", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen) and app.member is None
        messages = [str(n.message) for n in app._notifications]
        assert any("m-nobody" in m and "pas membre du jury" in m for m in messages), messages


async def test_corrupt_session_shows_message_not_crash(demo_copy: Path) -> None:
    (demo_copy / "candidates.json").write_text("{ not json", encoding="utf-8")
    app = JuryApp(demo_copy, watch_files=False)
    async with app.run_test() as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#loading-text", Static).render())
        assert "candidates.json" in text
        assert app.is_running
    assert (demo_copy / "candidates.json").read_text(encoding="utf-8") == "{ not json"


async def test_another_terminal_saving_appears_without_a_key(demo_copy: Path) -> None:
    """Two app instances on one session: what one saves shows on the other's queue."""
    watcher = JuryApp(demo_copy, member_id="prez-martin")
    async with watcher.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = watcher.screen
        assert isinstance(screen, QueueScreen)
        entry = next(
            e
            for e in screen.entries
            if e.to_score_by_me and e.scored_by_me == 0 and not e.conflict and e.planned
        )
        session = watcher.session
        cand = session.candidate(entry.candidate_id)
        epreuve = next(
            ep
            for ep in session.planned_epreuves(cand)
            if not ep.external_source and "prez-martin" in cand.panels.get(ep.id, ["prez-martin"])
        )
        scores = top_marks(epreuve, cand.id, "prez-martin")
        version = watcher.session_version
        # the "other terminal": a second app on the same folder, saving through its store
        other = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
        async with other.run_test(size=(120, 40)) as other_pilot:
            await settle(other_pilot)
            other.write("Notes", SessionStore.save_scores, scores)
            await other.workers.wait_for_complete()
        for _ in range(100):  # up to ~2 s
            await asyncio.sleep(0.02)
            await pilot.pause()
            if watcher.session_version > version:
                break
        assert watcher.session_version > version
        await settle(pilot)
        updated = next(e for e in screen.entries if e.candidate_id == cand.id)
        assert updated.scored_by_me == entry.scored_by_me + 1


async def test_a_save_made_before_the_watcher_started_is_not_missed(demo_copy: Path) -> None:
    """The folder's watcher starts once the first screen is drawn (not before: it slowed
    the first start); a score saved by another terminal after this one read the session
    and before its watcher ran is caught by the watcher's first check of the folder."""
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        session = app.session
        cand = next(
            c
            for c in session.candidates
            if not session.scores_for(c.id) and not session.conflicted_members(c.id)
        )
        epreuve = next(ep for ep in session.planned_epreuves(cand) if not ep.external_source)
        scores = top_marks(epreuve, cand.id, "m-benali")
        SessionStore.open(demo_copy, backup=False).save_scores(scores, actor="m-benali")
        version = app.session_version
        app.watch_session_folder()  # what first_screen_drawn starts when watch_files is on
        for _ in range(150):  # up to ~3 s (the first check comes after 0.5 s at most)
            await asyncio.sleep(0.02)
            await pilot.pause()
            if app.session_version > version:
                break
        assert app.session_version > version
        assert len(app.session.scores_for(cand.id, epreuve.id)) == len(epreuve.criteria)
        app._stop_watching.set()


def test_snapshot_login(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        JuryApp(demo_copy, watch_files=False), terminal_size=(100, 30), run_before=settle
    )


def test_snapshot_queue(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=settle)


def test_snapshot_queue_small_terminal(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)


async def test_the_help_key_leads_the_footer_and_a_narrow_terminal_packs_the_keys(
    demo_copy: Path,
) -> None:
    """F1 (help, the way to every other key) is the footer's first key, so an 80-column
    terminal never cuts it off; below 110 columns the keys are packed closer."""
    from textual.widgets._footer import FooterKey

    from juryapp.ui.widgets import JuryFooter

    for size, compact in (((80, 24), True), ((120, 40), False)):
        app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            footer = app.screen.query_one(JuryFooter)
            keys = list(footer.query(FooterKey))
            assert keys[0].key == "f1", [k.key for k in keys]
            assert footer.compact is compact
            assert keys[0].region.right <= size[0]  # on screen
            # every key is whole on screen, none under the palette's key (docked right):
            # at 80 columns the palette's key is « ^p » alone, « ^q Quitter » shows
            palette = [k for k in keys if k.has_class("-command-palette")]
            assert len(palette) == 1
            others = [k for k in keys if k not in palette]
            assert others[-1].description == "Quitter"
            assert others[-1].region.right <= palette[0].region.x
            assert (palette[0].description == "") is compact
            # and back: a wider terminal gives the palette's key its word again
            await pilot.resize_terminal(140 if compact else 80, 24)
            await settle(pilot)
            palette = [k for k in footer.query(FooterKey) if k.has_class("-command-palette")]
            assert (palette[0].description == "") is not compact


async def test_help_names_the_screen_and_textuals_keys_in_french(demo_copy: Path) -> None:
    """F1 on the log-in screen: « Aide — Connexion » (never a class name), and the keys of
    Textual's own widgets (the PIN field, the list) in French."""
    from juryapp.ui.screens.help import HelpScreen

    app = JuryApp(demo_copy, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        login = app.screen
        app.push_screen(HelpScreen(login))
        await settle(pilot)
        text = app.screen._text()
        assert text.startswith("# Aide — Connexion")
        assert "LoginScreen" not in text
        for english in ("Down", "Last", "Select", "Move cursor left", "Submit"):
            assert f"| {english} |" not in text, english
        await pilot.press("escape")
        await settle(pilot)
        pin = login.query_one("#login-pin", Input)
        pin.display = True
        pin.focus()
        await pilot.pause()
        help_text = HelpScreen(login)._text()
        assert "Curseur à gauche" in help_text and "Move cursor left" not in help_text


def test_the_queue_title_gives_places_only_for_an_admission() -> None:
    from juryapp.samples import build_infres_1a, build_vae_ingenieur
    from juryapp.ui.screens.queue import title_markup

    admission = build_infres_1a()
    assert f"{admission.info.places} places" in title_markup(admission)
    vae = build_vae_ingenieur()
    assert "place" not in title_markup(vae)


def test_a_womans_role_is_said_in_the_feminine() -> None:
    from juryapp.domain.kinds import role_label_of
    from juryapp.domain.models import Sex
    from juryapp.samples import build_infres_1a
    from juryapp.ui.widgets import who_is_at_the_keyboard

    session = build_infres_1a()
    president = session.president
    assert president is not None
    woman = president.model_copy(update={"sex": Sex.F})
    man = president.model_copy(update={"sex": Sex.M})
    assert role_label_of(woman) == "Présidente du jury"
    assert role_label_of(man) == "Président du jury"
    assert who_is_at_the_keyboard(woman) == f"{woman.full_name} (Présidente du jury)"


async def test_the_secretary_gets_no_next_to_score_key(demo_copy: Path) -> None:
    """« n Suivant à noter » is a scorer's key: the secretary, who scores nothing, does not
    see it; a member does."""
    for who, shown in (("sec-roux", False), ("m-benali", True)):
        app = JuryApp(demo_copy, member_id=who, watch_files=False)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, QueueScreen)
            actions = {b.binding.action for b in app.screen.active_bindings.values()}
            assert ("next_unscored" in actions) is shown, who


async def test_the_header_names_the_screen_and_who_is_at_the_keyboard(demo_copy: Path) -> None:
    """« juryapp · Dossiers — Nadia Benali (Membre du jury) »: the screen's name and who is
    logged in, not the session's long title (cut at 80 columns; the queue shows it whole)."""
    from juryapp.ui.screens.deliberation import DeliberationScreen
    from juryapp.ui.widgets import JuryHeader

    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        header = app.screen.query_one(JuryHeader).format_title().plain
        assert header == "juryapp · Dossiers — Nadia Benali (Membre du jury)"
        # the title wraps onto two lines at 80 columns, the kind and places on a third
        assert app.screen.query_one("#session-title").size.height == 3
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DeliberationScreen)
        header = app.screen.query_one(JuryHeader).format_title().plain
        assert header.startswith("juryapp · Délibération — Nadia Benali")


async def test_at_80_columns_every_footer_key_shown_is_whole_and_the_header_fits(
    demo_copy: Path,
) -> None:
    """The president's deliberation has more keys than 80 columns hold: Tab, / and Esc (in
    F1, and still working) leave the footer, never the decision keys nor « ^q Quitter »; on
    the dossier the header drops the role (« (Présidente du jury) ») rather than cut it."""
    from textual.widgets._footer import FooterKey

    from juryapp.ui.screens.deliberation import DeliberationScreen
    from juryapp.ui.screens.dossier import DossierScreen
    from juryapp.ui.widgets import JuryFooter, JuryHeader

    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DeliberationScreen)
        keys = list(app.screen.query_one(JuryFooter).query(FooterKey))
        shown = [k.key for k in keys if not k.has_class("-command-palette")]
        assert shown[0] == "f1" and {"a", "x", "l", "ctrl+q"} <= set(shown)
        assert "tab" not in shown
        palette = next(k for k in keys if k.has_class("-command-palette"))
        assert all(k.region.right <= palette.region.x for k in keys if k is not palette)
        before = app.focused
        await pilot.press("tab")  # still works: the focus goes to the other pane
        await settle(pilot)
        assert app.focused is not before
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        header = app.screen.query_one(JuryHeader)
        title = header.format_title()
        assert title.plain == "juryapp · Dossier du candidat — Hélène Martin"
        assert title.cell_length <= 80 - 18
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert header.format_title().plain.endswith("Hélène Martin (Présidente du jury)")


async def test_a_remapped_optional_key_still_leaves_a_narrow_footer(demo_copy: Path) -> None:
    """The keys a screen may leave out of its footer are known by their binding's id: the
    pane key remapped from Tab to « v » goes, as Tab did."""
    from textual.widgets._footer import FooterKey

    from juryapp.settings import load_settings, save_settings
    from juryapp.ui.screens.deliberation import DeliberationScreen
    from juryapp.ui.widgets import JuryFooter

    settings = load_settings()
    settings.keymap = {"deliberation.switch_pane": "v"}
    save_settings(settings)
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DeliberationScreen)
        shown = [k.key for k in app.screen.query_one(JuryFooter).query(FooterKey)]
        assert "v" not in shown and "tab" not in shown
        assert {"f1", "a", "x", "l", "ctrl+q"} <= set(shown)
        before = app.focused
        await pilot.press("v")  # the remapped key works
        await settle(pilot)
        assert app.focused is not before
        await pilot.resize_terminal(160, 40)  # room for every key: « v » shows
        await settle(pilot)
        shown = [k.key for k in app.screen.query_one(JuryFooter).query(FooterKey)]
        assert "v" in shown


async def test_help_writes_keys_as_a_user_reads_them_each_once(demo_copy: Path) -> None:
    """F1 wrote « slash », « escape », « home,ctrl+home », listed F1 and Ctrl+Q twice and
    buried the screen's keys under thirty of a text field's: « / », « Échap », « Début »,
    once each, the field's keys in their own section after the screen's."""
    from juryapp.ui.screens.help import HelpScreen

    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")  # the filter field focused: its keys come in too
        await pilot.pause()
        text = HelpScreen(app.screen)._text()
        assert "| `/` | Filtrer |" in text and "slash" not in text
        assert "escape" not in text and "`Échap`" in text
        assert text.count("Ctrl+Q") == 1 and text.count("`F1`") == 1
        assert text.count("ctrl+q") == 0 and "| `f1` |" not in text
        screen_keys, field_keys = text.split("## Touches de la zone active (saisie, listes)")
        assert "Suivant à noter" in screen_keys and "Délibération" in screen_keys
        assert "Curseur à gauche" in field_keys and "Curseur à gauche" not in screen_keys
        assert "`Début`" in field_keys  # Textual: « home », « home,ctrl+home »


async def test_the_queue_shows_a_specialtys_code_and_finds_it_by_its_name(
    tmp_path: Path,
) -> None:
    """Contrat pro: « 2IA » in the cell (« 2IA –… » was cut), and the filter still finds the
    dossier by the specialty's whole name."""
    from uihelpers import copy_sample

    path = copy_sample("contrat-pro-s9-2026.jury", tmp_path)
    app = JuryApp(path, member_id="m-pages", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#dossiers", FastTable)
        row = table.get_row("CP26-002")
        assert "2IA" in [str(c) for c in row.cells]
        table.filter("intelligence artificielle")
        assert "CP26-002" in table.visible_keys
        table.filter("genie civil")
        assert "CP26-002" not in table.visible_keys


def test_the_queue_counts_final_decisions_as_the_pv_does(demo_copy: Path) -> None:
    """« 20/60 avec une décision » (after the tests only) beside the PV's « 26 candidats sans
    décision finale »: the queue now counts what the PV counts."""
    from juryapp.domain.queue import queue_entries
    from juryapp.minutes.checklist import missing_decisions
    from juryapp.ui.queue_rows import progress_text

    session = SessionStore.open(demo_copy).load()
    entries = queue_entries(session, "m-benali")
    decided = len(session.candidates) - len(missing_decisions(session))
    assert 0 < decided < len(session.candidates)
    assert f"{decided}/60 avec une décision finale" in progress_text(entries, None)
    # excellence and rejection end the procedure at the dossier review: they count
    assert decided > sum(1 for e in entries if e.decision)


async def test_a_key_that_reaches_a_screen_before_it_is_mounted_does_nothing(
    demo_copy: Path,
) -> None:
    """Entrée then « r » at once: the key reached the dossier before its widgets were
    there (it crashed on the scoring panel).  Whatever the screen, its actions wait for it
    to be mounted, then run."""
    from juryapp.ui.screens.dossier import DossierScreen
    from juryapp.ui.screens.review import ReviewDialog

    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = DossierScreen("INF26-020")
        app.push_screen(screen)
        assert not screen.is_mounted
        assert await app.run_action("review", screen) is True  # taken, for later
        assert app.screen is screen and not screen.is_mounted
        await settle(pilot)
        assert screen.is_mounted
        assert isinstance(app.screen, ReviewDialog)  # the key did its work once it could


async def test_ctrl_q_quits_from_a_dialog_too(demo_copy: Path) -> None:
    """A modal dialog leaves out the app's keys: Ctrl+Q did nothing in the decision dialog
    (it quit from everywhere else)."""
    from juryapp.ui.screens.review import ReviewDialog

    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewDialog)
        assert app.return_code is None
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code == 0  # the app is leaving
