"""The screens in English (``--lang en``): English words, English numbers and dates, no French
word of the interface left over.

The demo session's own data stays French (épreuve names, criteria, rubric descriptors, the
session's title): the words looked for below are the interface's only.
"""

from __future__ import annotations

import asyncio
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.widgets import Input
from textual.widgets._footer import FooterKey

import juryapp.ui.screens.scoring as scoring_module
from juryapp.cli import DEMO_SESSION, bundled_sample
from juryapp.domain.models import DecisionStage, Session
from juryapp.i18n import current_language, set_language
from juryapp.store.session_store import SessionStore
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.deliberation import DeliberationScreen
from juryapp.ui.screens.dossier import DossierScreen
from juryapp.ui.screens.help import HelpScreen
from juryapp.ui.screens.loading import LoadingScreen
from juryapp.ui.screens.queue import QueueScreen
from juryapp.ui.screens.scoring import ScoringScreen, ValueInput
from juryapp.ui.screens.session_setup import SessionSetupScreen
from juryapp.ui.widgets import JuryFooter

#: a candidate the member m-benali has not scored yet on the interview
FRESH = "INF26-014"
MEMBER = "m-benali"

#: words of the French interface that must not show in English (whole words)
FRENCH_WORDS = [
    "Dossiers",
    "Dossier",
    "dossiers",
    "Enregistrer",
    "Délibération",
    "délibération",
    "noté",
    "notés",
    "Filtrer",
    "Retour",
    "Quitter",
    "Aide",
    "Recevabilité",
    "recevable",
    "Décision",
    "décision",
    "Épreuves",
    "épreuve",
    "Notation",
    "Nom",
    "Soumettre",
    "Chronomètre",
    "Récusation",
    "Appréciation",
    "Classement",
    "Médiane",
    "Critère",
    "Candidat",
    "Pièces",
    "Historique",
    "Conflits",
    "Qualité",
    "Rôle",
    "Présence",
    "Contrôle",
    "membre",
    "Membre",
    "avec",
    "pour",
    "vous",
    "Vous",
    "sur",
    "des",
    "les",
    "une",
]


def leftovers(text: str, data: list[str] = ()) -> list[str]:  # type: ignore[assignment]
    """The French interface words found in ``text``, leaving out those that also occur in
    ``data``: the session's own French texts the screen shows (a rubric, a reason...)."""
    found = []
    for word in FRENCH_WORDS:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        if pattern.search(text) and not any(pattern.search(d) for d in data):
            found.append(word)
    return found


def checked(data: list[str]) -> set[str]:
    """The words :func:`leftovers` still looks for with this ``data``."""
    return {
        w
        for w in FRENCH_WORDS
        if not any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", d) for d in data)
    }


#: words every screen's check must keep looking for, whatever its data
KEY_WORDS = {"Dossiers", "Délibération", "Enregistrer", "noté", "Retour", "Filtrer", "Nom"}


def names(session: Session) -> list[str]:
    """The session's title and the people's names."""
    return [
        session.info.title,
        *(c.full_name for c in session.candidates),
        *(m.full_name for m in session.jury),
    ]


def rubrics(session: Session) -> list[str]:
    """The épreuves, their criteria and descriptors (session data, in French)."""
    out = []
    for e in session.epreuves:
        out += [e.name, e.external_source, *(p.label for p in e.phases)]
        for c in e.criteria:
            out += [c.label, *c.descriptors.values()]
    return out


def dossier_data(session: Session, candidate_ids: list[str]) -> list[str]:
    """What the dossiers of ``candidate_ids`` hold in French: diploma, notes, documents,
    the jury's reasons, the members' comments, the conflicts' notes."""
    out = []
    for cid in candidate_ids:
        cand = session.candidate(cid)
        assert cand is not None
        out += [cand.diploma, cand.notes, *cand.documents, *map(str, cand.extra.values())]
        for d in session.decisions_for(cid):
            out += [d.reason, d.observations, d.recommendations, d.override_reason]
        for s in session.scores_for(cid):
            out += [s.comment, s.reason]
        out += [c.note for c in session.conflicts if c.candidate_id == cid]
    out += [m.absence_reason for m in session.jury]
    return [s for s in out if s]


def screen_text(app: JuryApp) -> str:
    """Everything the screen shows, as plain text (what a screenshot shows)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


@pytest.fixture
def english() -> Iterator[None]:
    set_language("en")
    try:
        yield
    finally:
        set_language("fr")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A copy of the demo session (opening the bundled one would write backups into it)."""
    dest = tmp_path / DEMO_SESSION
    shutil.copytree(
        bundled_sample(DEMO_SESSION), dest, ignore=shutil.ignore_patterns("backups", "*.lock")
    )
    return dest


def _ready(screen: Any) -> bool:
    if isinstance(screen, LoadingScreen) or not screen.is_mounted:
        return False
    if isinstance(screen, QueueScreen):
        return bool(screen.entries)
    if isinstance(screen, DeliberationScreen):
        return screen.view is not None
    if isinstance(screen, SessionSetupScreen):
        return screen.report is not None
    if isinstance(screen, DossierScreen):
        return screen._history is not None
    return True


async def settle(pilot: Any) -> None:
    """Wait until the workers (loading, rows, history, report...) are done."""
    for _round in range(200):
        await pilot.pause()
        busy = [w for w in pilot.app.workers if w.group != "watch" and not w.is_finished]
        if not busy and _ready(pilot.app.screen):
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{pilot.app.screen!r} never settled")


async def open_screen(pilot: Any, screen: Any) -> str:
    await settle(pilot)
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen_text(pilot.app)


def decided_candidate(demo: Path) -> str:
    """A candidate with a decision after the tests (the dossier shows its date)."""
    session = SessionStore.open(demo).load()
    return next(
        c.id
        for c in session.candidates
        if session.latest_decision(c.id, DecisionStage.AFTER_TESTS) is not None
    )


# --------------------------------------------------------------------------- the screens


async def test_queue_in_english(english: None, demo: Path) -> None:
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert current_language() == "en"
        text = screen_text(app)
        for expected in (
            "Name",
            "Eligibility",
            "Decision",
            "✓ eligible",
            "Filter (name, status, specialty…)",
            "60 files",
            "scored by you",
            "with a final decision",
            "Admission to 1st year (apprenticeship)",
            "In progress · 40 places",
            "(Jury member)",
            "Next to score",
            "Deliberation",
            "Quit",
        ):
            assert expected in text, expected
        data = names(app.session)
        assert KEY_WORDS | {"Dossier", "Décision", "recevable"} <= checked(data)
        assert leftovers(text, data) == []
        # the totals with a decimal point
        assert re.search(r"\b1?\d\.\d\d\b", text)
        assert not re.search(r"\b1?\d,\d\d\b", text)


async def test_the_french_words_are_found_in_french(demo: Path) -> None:
    """The same screen in French: the check above would see its words."""
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert {"Nom", "Recevabilité", "Décision", "Filtrer", "Quitter", "Délibération"} <= set(
            leftovers(text, names(app.session))
        )
        assert re.search(r"\b1?\d,\d\d\b", text)


async def test_help_in_english(english: None, demo: Path) -> None:
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text()
        assert text.startswith("# Help — Application files")
        assert "## Keys" in text and "| `n` | Next to score |" in text
        assert "This help" in text
        assert leftovers(text) == []


async def test_dossier_in_english(english: None, demo: Path) -> None:
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(140, 50)) as pilot:
        cid = decided_candidate(demo)
        text = await open_screen(pilot, DossierScreen(cid))
        for expected in (
            "Candidate",
            "Eligibility",
            "Documents of the file",
            "Decisions (latest first)",
            "History of the application file",
            "Tests — Enter: score",
            "Scholarship holder",
            "(no scholarship, 2 programmes)",
            "decided by",
            "Back",
        ):
            assert expected in text, expected
        session = app.session
        data = names(session) + rubrics(session) + dossier_data(session, [cid])
        assert KEY_WORDS <= checked(data)
        assert leftovers(text, data) == []
        # dates in English: "14 Apr 2026 at 09:30"
        assert re.search(r"\b\d{1,2} [A-Z][a-z]{2} 20\d\d at \d\d:\d\d\b", text)


async def test_scoring_panel_in_english(english: None, demo: Path) -> None:
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = ScoringScreen(FRESH, "entretien")
        await open_screen(pilot, screen)
        screen.AUTOSAVE_DELAY = 600  # no draft written during the test
        field = screen.query_one("#sc-v-0", ValueInput)
        field.focus()
        await pilot.press("1", "2", "full_stop", "5")
        await pilot.pause()
        bad = screen.query_one("#sc-v-1", ValueInput)
        bad.focus()
        await pilot.press("a", "b", "c")
        await pilot.pause()
        text = screen_text(app)
        for expected in (
            "Scorer: Nadia Benali (Jury member)",
            "Overall assessment",
            "Provisional total: 12.5 / 20",
            "1/6 criteria",
            "✗ 1 invalid value",
            "“abc” is not a number (for example 12.5)",
            "✓ 12.5",
            "0 to 20, step 0.5",
            "Submit Ctrl+S",
            "Submit and next Ctrl+N",
            "Timer",
            "Back",
        ):
            assert expected in text, expected
        session = app.session
        data = names(session) + rubrics(session) + dossier_data(session, [FRESH])
        assert KEY_WORDS <= checked(data)
        assert leftovers(text, data) == []
        # what the panel puts back in a field uses the decimal point too
        assert scoring_module.input_text(12.5) == "12.5"


async def test_deliberation_in_english(english: None, demo: Path) -> None:
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = DeliberationScreen()
        text = await open_screen(pilot, screen)
        for expected in (
            "Read-only: only the jury president records the decisions.",
            "on academic excellence) for 40 places",
            "to decide",
            "Median",
            "Done",
            "Criterion",
            "Mean",
            "Ranking",
            "Next pane",
            "Admissible",
            "Not admissible",
        ):
            assert expected in text, expected
        session = app.session
        assert screen.sheet is not None  # the highlighted candidate's sheet is shown
        data = (
            names(session) + rubrics(session) + dossier_data(session, [screen.sheet.candidate_id])
        )
        assert KEY_WORDS <= checked(data)
        assert leftovers(text, data) == []
        await pilot.press("l")
        await settle(pilot)
        ranked = screen_text(app)
        for expected in ("Rank", "Tie-break", "main", "— limit of 40 places —", "Order:"):
            assert expected in ranked, expected
        assert leftovers(ranked, names(session)) == []


async def test_session_screen_in_english(english: None, demo: Path) -> None:
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(140, 50)) as pilot:
        screen = SessionSetupScreen()
        text = await open_screen(pilot, screen)
        for expected in (
            "1 Jury",
            "2 Tests",
            "3 Import",
            "4 Checks",
            "Capacity",
            "Attendance",
            "✓ present",
            "Composition of the jury",
            "Conflicts of interest",
            "the secretary (Claire Roux) prepares the session",
            "your role: jury member.",
        ):
            assert expected in text, expected
        session = app.session
        data = names(session) + dossier_data(session, []) + [c.note for c in session.conflicts]
        assert KEY_WORDS <= checked(data)
        assert leftovers(text, data) == []
        await pilot.press("4")
        await settle(pilot)
        report = screen_text(app)
        assert "Missing marks" in report and "as of " in report
        data += rubrics(session) + [c.diploma for c in session.candidates]
        assert KEY_WORDS <= checked(data)
        assert leftovers(report, data) == []


# --------------------------------------------------------------------------- the footer


async def test_footer_keys_and_tooltips_in_english(english: None, demo: Path) -> None:
    app = JuryApp(demo, member_id="sec-roux", watch_files=False)
    async with app.run_test(size=(140, 50)) as pilot:
        await open_screen(pilot, DossierScreen(FRESH))
        footer = app.screen.query_one(JuryFooter)
        keys = {k.key: k for k in footer.query(FooterKey)}
        assert keys["o"].description == "Optional oral"
        assert keys["o"].tooltip == (
            "Add an optional test for this candidate (the jury president or the secretary)"
        )
        assert keys["escape"].description == "Back"
        assert keys["f1"].description == "Help"  # a key of the app (app.py)


async def test_footer_is_not_rebuilt_when_the_focus_moves(english: None, demo: Path) -> None:
    """Textual's Footer recomposes at every focus change; the scoring panel's keys stay."""
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = ScoringScreen(FRESH, "entretien")
        await open_screen(pilot, screen)
        footer = screen.query_one(JuryFooter)
        before = list(footer.query(FooterKey))
        assert [k.description for k in before][:3] == ["Help", "Timer", "Back"]  # F1 first
        for _press in range(3):
            await pilot.press("tab")
            await pilot.pause()
        await pilot.pause()
        assert app.focused is not screen.query_one("#sc-v-0")
        assert list(footer.query(FooterKey)) == before  # the same widgets: no recompose
        screen.refusal = object()  # type: ignore[assignment]  # the timer key goes away
        screen.refresh_bindings()
        await settle(pilot)
        assert "Timer" not in [k.description for k in footer.query(FooterKey)]


# --------------------------------------------------------------------------- snapshots


async def _steady(pilot: Any) -> None:
    """No blinking cursor nor passing toast in a snapshot."""
    pilot.app.clear_notifications()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def _queue(pilot: Any) -> None:
    await settle(pilot)
    await _steady(pilot)


async def _typed(pilot: Any) -> None:
    screen = ScoringScreen(FRESH, "entretien")
    await open_screen(pilot, screen)
    screen.AUTOSAVE_DELAY = 600
    for index, keys in ((0, "12.5"), (1, "25"), (2, "15")):
        field = screen.query_one(f"#sc-v-{index}", ValueInput)
        field.focus()
        await pilot.pause()
        await pilot.press(*[{".": "full_stop"}.get(k, k) for k in keys])
    screen.query_one("#sc-c-2", Input).value = "clear project"
    screen.query_one("#sc-v-3", ValueInput).focus()
    await pilot.pause()
    await _steady(pilot)


def test_snapshot_queue_english(snap_compare: Any, english: None, demo: Path) -> None:
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_queue)


def test_snapshot_queue_english_small_terminal(
    snap_compare: Any, english: None, demo: Path
) -> None:
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_queue)


def test_snapshot_scoring_english(
    snap_compare: Any, english: None, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scoring_module, "_hms", lambda at: "10:42:00")
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_typed)


def test_snapshot_scoring_english_small_terminal(
    snap_compare: Any, english: None, demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scoring_module, "_hms", lambda at: "10:42:00")
    app = JuryApp(demo, member_id=MEMBER, watch_files=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_typed)
