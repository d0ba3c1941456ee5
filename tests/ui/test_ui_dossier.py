"""The dossier screen and the decision dialog, on copies of the sample sessions."""

from __future__ import annotations

import datetime as dt
import io
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static, TextArea
from uihelpers import copy_sample, settle

from juryapp.domain.eligibility import EligibilityStatus, check_eligibility
from juryapp.domain.fees import application_fee
from juryapp.domain.models import (
    Decision,
    DecisionStage,
    DecisionValue,
    Role,
    Session,
    SessionStatus,
)
from juryapp.domain.permissions import PermissionDenied
from juryapp.domain.queue import in_tests
from juryapp.store.session_store import SessionStore
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.dossier import (
    AddEpreuveDialog,
    DossierScreen,
    epreuve_options,
    format_when,
)
from juryapp.ui.screens.help import HelpScreen
from juryapp.ui.screens.queue import QueueScreen
from juryapp.ui.screens.review import BlocList, Choice, ReviewDialog
from juryapp.ui.widgets import FastTable

VAE_SESSION = "vae-ingenieur-2026.jury"
BAT_SESSION = "bat-2a-2026.jury"
SCORING_MODULE = "juryapp.ui.screens.scoring"


def text_of(widget: Static) -> str:
    """What a Static shows, as plain text (whatever renderable it holds)."""
    console = Console(width=400, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


def section(app: JuryApp, name: str) -> str:
    return text_of(app.screen.query_one(f"#dossier-{name}", Static))


def record_notifications(app: JuryApp) -> list[str]:
    """Every toast's title and message, in order."""
    seen: list[str] = []
    original = app.notify

    def notify(message: str, *args: Any, **kwargs: Any) -> None:
        seen.append(f"{kwargs.get('title', '')}: {message}")
        original(message, *args, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    return seen


async def open_dossier(pilot, candidate_id: str) -> DossierScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.app.push_screen(DossierScreen(candidate_id))  # composed and mounted
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, DossierScreen)
    return screen


async def open_review(pilot) -> ReviewDialog:  # type: ignore[no-untyped-def]
    await pilot.press("r")
    await settle(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, ReviewDialog)
    return dialog


async def choose(pilot, stage: DecisionStage, value: DecisionValue) -> None:  # type: ignore[no-untyped-def]
    """Tick a stage and a value in the open decision dialog, as a click would."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ReviewDialog)
    stage_id = stage.value
    if len(dialog.stages) > 1:
        dialog.query_one(f"#stage-{stage_id}", Choice).value = True
        await pilot.pause()
    dialog.query_one(f"#value-{stage_id}-{value.value}", Choice).value = True
    await pilot.pause()


def error_text(dialog: ReviewDialog) -> str:
    return text_of(dialog.query_one("#review-error", Static))


def eligibility(session: Session, cid: str) -> EligibilityStatus:
    cand = session.candidate(cid)
    assert cand is not None
    return check_eligibility(
        cand, session.info.kind, cand.specialty or session.info.specialty
    ).status


# --------------------------------------------------------------------------- details


async def test_details_of_a_dossier_missing_a_document(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    cand = next(c for c in session.candidates if c.missing_documents)
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#dossiers", FastTable)
        table.cursor_key = cand.id
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert app.screen.candidate_id == cand.id

        head = text_of(app.screen.query_one("#dossier-head", Static))
        assert cand.full_name in head and "✗ Dossier incomplet" in head

        identity = section(app, "identity")
        assert cand.email in identity
        fee = application_fee(cand.scholarship, cand.programmes)
        assert f"{fee}\u00a0€" in identity
        assert f"{cand.programmes} formation" in identity

        elig = section(app, "eligibility")
        assert "✗ Dossier incomplet : non examiné" in elig
        assert "pièces manquantes" in elig

        documents = section(app, "documents")
        for name in cand.missing_documents:
            assert f"✗ {name} — manquant" in documents
        for name, ok in cand.documents.items():
            if ok:
                assert f"✓ {name}" in documents

        notes = section(app, "notes")
        for key, value in cand.extra.items():
            assert f"{key} : {value}" in notes

        # not classified yet: no épreuve to score
        options = app.screen.query_one("#dossier-epreuves", OptionList)
        assert options.option_count == 1 and options.get_option_at_index(0).disabled

        await pilot.press("escape")
        assert isinstance(app.screen, QueueScreen)


async def test_eligibility_reasons_conflicts_epreuves_and_decisions(demo_copy: Path) -> None:
    session = SessionStore.open(demo_copy).load()
    conflict = next(c for c in session.conflicts if c.hard)
    cand = session.candidate(conflict.candidate_id)
    assert cand is not None and in_tests(session, cand.id)
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cand.id)
        elig = check_eligibility(cand, session.info.kind, cand.specialty or session.info.specialty)
        text = section(app, "eligibility")
        for reason in elig.reasons:
            assert reason in text

        conflicts = section(app, "conflicts")
        member = session.member(conflict.member_id)
        assert member is not None
        assert f"⊘ {member.full_name}" in conflicts and "bloquant" in conflicts

        options = app.screen.query_one("#dossier-epreuves", OptionList)
        planned = session.planned_epreuves(cand)
        assert [options.get_option_at_index(i).id for i in range(options.option_count)] == [
            e.id for e in planned
        ]
        prompts = " ".join(
            str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
        )
        assert "vous :" in prompts and "jury :" in prompts

        decisions = section(app, "decisions")
        review = session.latest_decision(cand.id, DecisionStage.DOSSIER_REVIEW)
        assert review is not None
        assert "Voie standard (pré-admissible)" in decisions
        assert format_when(review.at) in decisions
        president = session.president
        assert president is not None and f"décidé par {president.full_name}" in decisions


async def test_conflicted_member_sees_the_conflict_and_cannot_score(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = SessionStore.open(demo_copy).load()
    conflict = next(c for c in session.conflicts if c.hard)
    opened: list[tuple[str, str]] = []
    monkeypatch.setitem(sys.modules, SCORING_MODULE, _fake_scoring(opened))
    app = JuryApp(demo_copy, member_id=conflict.member_id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        toasts = record_notifications(app)
        screen = await open_dossier(pilot, conflict.candidate_id)
        banner = text_of(screen.query_one("#dossier-banner", Static))
        assert "Conflit d'intérêts" in banner
        options = screen.query_one("#dossier-epreuves", OptionList)
        scored = [
            options.get_option_at_index(i)
            for i in range(options.option_count)
            if "source externe" not in str(options.get_option_at_index(i).prompt)
        ]
        assert scored and all("⊘ conflit d'intérêts" in str(o.prompt) for o in scored)
        await pilot.press("enter")
        await settle(pilot)
        assert opened == [] and isinstance(app.screen, DossierScreen)
        assert any("Conflit d'intérêts" in t for t in toasts)


async def test_history_lists_the_journal_entries_of_the_dossier(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cand = next(
        c
        for c in session.candidates
        if eligibility(session, c.id) is EligibilityStatus.ELIGIBLE and not in_tests(session, c.id)
    )
    store.record_decision(
        Decision(
            candidate_id=cand.id,
            stage=DecisionStage.DOSSIER_REVIEW,
            value=DecisionValue.STANDARD,
            reason="relecture du dossier",
            decided_by="prez-martin",
            at=dt.datetime.now(dt.UTC),
        ),
        actor="prez-martin",
    )
    store.upsert_candidates(
        [cand.model_copy(update={"notes": "Appel du lycée le 3 avril."})], actor="sec-roux"
    )
    entries = store.journal.history(f"candidate:{cand.id}")
    assert len(entries) == 2
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cand.id)
        history = section(app, "history")
        assert "décision « Voie standard (pré-admissible) » (Examen du dossier)" in history
        assert "Hélène Martin" in history and "Claire Roux" in history
        assert "dossier modifié : notes" in history
        for e in entries:
            assert format_when(e.at) in history
        # newest first
        assert history.index("dossier modifié") < history.index("décision « Voie standard")


async def test_f1_explains_the_screen_and_who_may_do_what(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, "INF26-001")
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text()
        assert "Dossier du candidat" in text
        assert "réservé au président du jury et au secrétaire" in text
        assert "saisie pour le président" in text
        assert "`r`" in text and "`o`" in text


# --------------------------------------------------------------------------- scoring panel


def _fake_scoring(opened: list[tuple[str, str]]) -> types.ModuleType:
    module = types.ModuleType(SCORING_MODULE)

    class ScoringScreen(Screen[None]):
        def __init__(self, candidate_id: str, epreuve_id: str) -> None:
            super().__init__()
            opened.append((candidate_id, epreuve_id))

    module.ScoringScreen = ScoringScreen  # type: ignore[attr-defined]
    return module


async def test_enter_on_an_epreuve_opens_its_scoring_panel(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = SessionStore.open(demo_copy).load()
    cand = next(
        c
        for c in session.candidates
        if in_tests(session, c.id) and len(session.planned_epreuves(c)) >= 2
    )
    second = session.planned_epreuves(cand)[1]
    opened: list[tuple[str, str]] = []
    monkeypatch.setitem(sys.modules, SCORING_MODULE, _fake_scoring(opened))
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cand.id)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert opened == [(cand.id, second.id)]
        assert type(app.screen).__name__ == "ScoringScreen"


async def test_clicking_an_epreuve_opens_its_scoring_panel(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = SessionStore.open(demo_copy).load()
    cand = next(c for c in session.candidates if in_tests(session, c.id))
    first = session.planned_epreuves(cand)[0]
    opened: list[tuple[str, str]] = []
    monkeypatch.setitem(sys.modules, SCORING_MODULE, _fake_scoring(opened))
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cand.id)
        await pilot.click("#dossier-epreuves", offset=(4, 1))
        await settle(pilot)
        assert opened == [(cand.id, first.id)]


async def test_scoring_panel_unavailable_says_so(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = SessionStore.open(demo_copy).load()
    cand = next(c for c in session.candidates if in_tests(session, c.id))
    monkeypatch.setitem(sys.modules, SCORING_MODULE, None)  # the import fails
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        toasts = record_notifications(app)
        await open_dossier(pilot, cand.id)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert any("panneau de notation indisponible" in t for t in toasts)


# --------------------------------------------------------------------------- decisions


async def test_president_classifies_a_dossier_standard(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cand = next(
        c
        for c in session.candidates
        if eligibility(session, c.id) is EligibilityStatus.ELIGIBLE and not in_tests(session, c.id)
    )
    before = len(session.decisions)
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dossier(pilot, cand.id)
        dialog = await open_review(pilot)
        assert dialog.stages == [DecisionStage.DOSSIER_REVIEW]  # not in tests: no after-tests
        assert not dialog.query_one("#review-flag").display  # eligible: nothing to override
        await choose(pilot, DecisionStage.DOSSIER_REVIEW, DecisionValue.STANDARD)
        dialog.query_one("#review-reason", Input).value = "projet professionnel solide"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        decisions = section(app, "decisions")
        assert decisions.startswith("● Examen du dossier : Voie standard (pré-admissible)")
        assert "motif : projet professionnel solide" in decisions
    session = store.load()
    assert len(session.decisions) == before + 1
    latest = session.latest_decision(cand.id, DecisionStage.DOSSIER_REVIEW)
    assert latest is not None and latest.value is DecisionValue.STANDARD
    assert latest.decided_by == "prez-martin" and latest.recorded_by is None
    assert latest.reason == "projet professionnel solide"


async def test_president_classifies_with_the_keyboard(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cand = next(
        c
        for c in session.candidates
        if eligibility(session, c.id) is EligibilityStatus.ELIGIBLE and not in_tests(session, c.id)
    )
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_dossier(pilot, cand.id)
        await open_review(pilot)
        # the decision's radio set has the focus: the second value is « standard »
        await pilot.press("down", "enter")
        await pilot.press("tab", *"oral convaincant", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
    latest = store.load().latest_decision(cand.id, DecisionStage.DOSSIER_REVIEW)
    assert latest is not None and latest.value is DecisionValue.STANDARD
    assert latest.reason == "oral convaincant"


async def test_ineligible_dossier_needs_an_override_reason(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cid = next(
        c.id
        for c in session.candidates
        if eligibility(session, c.id) is EligibilityStatus.INELIGIBLE
    )
    before = len(session.decisions)
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cid)
        dialog = await open_review(pilot)
        flag = text_of(dialog.query_one("#review-flag", Static))
        assert dialog.query_one("#review-flag").display and "✗ Non recevable" in flag
        assert dialog.query_one("#review-override").display
        in_force = session.latest_decision(cid, DecisionStage.DOSSIER_REVIEW)
        reason = dialog.query_one("#review-reason", Input)
        if in_force is not None and in_force.reason:
            # the decision in force is shown to be corrected ...
            assert reason.value == in_force.reason

        await choose(pilot, DecisionStage.DOSSIER_REVIEW, DecisionValue.STANDARD)
        if in_force is not None and in_force.value is not DecisionValue.STANDARD:
            assert reason.value == ""  # ... but its reason does not slip onto another value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog  # refused: the dialog stays open, nothing written
        assert "exige un motif de dérogation" in error_text(dialog)
        assert len(store.load().decisions) == before

        dialog.query_one("#review-override", Input).value = "VAP accordée par l'université"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
    latest = store.load().latest_decision(cid, DecisionStage.DOSSIER_REVIEW)
    assert latest is not None and latest.value is DecisionValue.STANDARD
    assert latest.override_reason == "VAP accordée par l'université"


async def test_incomplete_dossier_may_be_rejected_without_override(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cid = next(c.id for c in session.candidates if c.missing_documents)
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cid)
        dialog = await open_review(pilot)
        assert "Dossier incomplet" in text_of(dialog.query_one("#review-flag", Static))
        dialog.query_one("#review-override", Input).value = "ne sera pas gardé"
        await choose(pilot, DecisionStage.DOSSIER_REVIEW, DecisionValue.REJET)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
    latest = store.load().latest_decision(cid, DecisionStage.DOSSIER_REVIEW)
    assert latest is not None and latest.value is DecisionValue.REJET
    assert latest.override_reason == ""  # a rejection overrides nothing


async def test_jury_decides_dossier_needs_the_jurys_reason(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cid = next(
        c.id
        for c in session.candidates
        if eligibility(session, c.id) is EligibilityStatus.JURY_DECIDES
    )
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cid)
        dialog = await open_review(pilot)
        await choose(pilot, DecisionStage.DOSSIER_REVIEW, DecisionValue.STANDARD)
        dialog.query_one("#review-override", Input).value = ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "à apprécier par le jury" in error_text(dialog)
        dialog.query_one("#review-override", Input).value = "équivalence admise"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
    latest = store.load().latest_decision(cid, DecisionStage.DOSSIER_REVIEW)
    assert latest is not None and latest.override_reason == "équivalence admise"


async def test_member_pressing_r_is_refused_with_the_reason(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        toasts = record_notifications(app)
        await open_dossier(pilot, "INF26-001")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert any("seule la présidente du jury enregistre" in t for t in toasts)


async def test_secretary_transcribes_for_the_president(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cand = next(
        c
        for c in session.candidates
        if in_tests(session, c.id)
        and session.latest_decision(c.id, DecisionStage.AFTER_TESTS) is None
    )
    app = JuryApp(demo_copy, member_id="sec-roux", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cand.id)
        dialog = await open_review(pilot)
        behalf = text_of(dialog.query_one("#review-behalf", Static))
        assert "Saisie pour la présidente : Hélène Martin" in behalf
        await choose(pilot, DecisionStage.AFTER_TESTS, DecisionValue.ADMISSIBLE)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert "(saisi par Claire Roux)" in section(app, "decisions")
    latest = store.load().latest_decision(cand.id, DecisionStage.AFTER_TESTS)
    assert latest is not None and latest.value is DecisionValue.ADMISSIBLE
    assert latest.decided_by == "prez-martin" and latest.recorded_by == "sec-roux"
    entry = store.journal.history(f"candidate:{cand.id}")[-1]
    assert entry.actor == "sec-roux" and entry.on_behalf


async def test_after_tests_decision(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cand = next(
        c
        for c in session.candidates
        if in_tests(session, c.id)
        and session.latest_decision(c.id, DecisionStage.AFTER_TESTS) is None
    )
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, cand.id)
        dialog = await open_review(pilot)
        assert dialog.stages == [DecisionStage.DOSSIER_REVIEW, DecisionStage.AFTER_TESTS]
        assert dialog.current_stage is DecisionStage.AFTER_TESTS  # the one to take now
        # with the mouse
        await pilot.click("#value-after-tests-non-admissible")
        await pilot.click("#review-reason")
        await pilot.press(*"entretien insuffisant")
        await pilot.click("#review-save")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        head = text_of(app.screen.query_one("#dossier-head", Static))
        assert "décision : Non admissible" in head
    latest = store.load().latest_decision(cand.id, DecisionStage.AFTER_TESTS)
    assert latest is not None and latest.value is DecisionValue.NON_ADMISSIBLE


async def test_vae_partial_validation_with_blocs(tmp_path: Path) -> None:
    path = copy_sample(VAE_SESSION, tmp_path)
    store = SessionStore.open(path)
    session = store.load()
    president = session.president
    assert president is not None
    cand = session.candidates[0]
    blocs = [b.id for b in session.info.blocs]
    app = JuryApp(path, member_id=president.id, watch_files=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_dossier(pilot, cand.id)
        assert screen.query_one("#dossier-vae").display
        assert screen.check_action("add_oral", ()) is False  # no optional épreuve in the session
        assert "TOEIC" in section(app, "vae")
        dialog = await open_review(pilot)
        assert dialog.stages == [DecisionStage.VAE]
        await choose(pilot, DecisionStage.VAE, DecisionValue.PARTIELLE)
        await pilot.pause()
        assert dialog.query_one("#review-blocs").display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert "une validation partielle doit nommer les blocs" in error_text(dialog)

        bloc_list = dialog.query_one("#review-blocs", BlocList)
        bloc_list.focus()
        await pilot.pause()
        bloc_list.highlighted = 0
        await pilot.press("space")
        bloc_list.highlighted = 2
        await pilot.press("enter")
        assert bloc_list.selected == [blocs[0], blocs[2]]
        assert "☑ accordé" in str(bloc_list.get_option_at_index(0).prompt)
        dialog.query_one("#review-observations", TextArea).text = "Très bonne soutenance."
        dialog.query_one("#review-recommendations", TextArea).text = "Compléter le bloc B2."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        decisions = section(app, "decisions")
        assert "Validation partielle" in decisions and f"✓ bloc {blocs[0]}" in decisions
    latest = store.load().latest_decision(cand.id, DecisionStage.VAE)
    assert latest is not None and latest.value is DecisionValue.PARTIELLE
    assert latest.blocs_granted == [blocs[0], blocs[2]]
    assert latest.observations == "Très bonne soutenance."
    assert latest.recommendations == "Compléter le bloc B2."


async def test_signed_session_is_read_only(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    for status in (SessionStatus.DELIBERATION, SessionStatus.CLOSED, SessionStatus.SIGNED):
        store.set_status(status, actor="prez-martin")
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        toasts = record_notifications(app)
        screen = await open_dossier(pilot, "INF26-001")
        assert "lecture seule" in text_of(screen.query_one("#dossier-banner", Static))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert any("procès-verbal est signé" in t for t in toasts)


# --------------------------------------------------------------------------- optional oral


async def test_secretary_adds_an_optional_oral(tmp_path: Path) -> None:
    path = copy_sample(BAT_SESSION, tmp_path)
    store = SessionStore.open(path)
    session = store.load()
    optional = next(e for e in session.epreuves if e.optional)
    cand = next(
        c
        for c in session.candidates
        if in_tests(session, c.id) and optional not in session.planned_epreuves(c)
    )
    compulsory = [e.id for e in session.planned_epreuves(cand)]
    secretary = session.secretary
    assert secretary is not None
    app = JuryApp(path, member_id=secretary.id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dossier(pilot, cand.id)
        assert screen.check_action("add_oral", ()) is True
        await pilot.press("o")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AddEpreuveDialog)
        choices = dialog.query_one("#add-epreuve-list", OptionList)
        assert [choices.get_option_at_index(i).id for i in range(choices.option_count)] == [
            optional.id
        ]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        options = screen.query_one("#dossier-epreuves", OptionList)
        ids = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert optional.id in ids
        assert "épreuves prévues" in section(app, "history")
    updated = store.load().candidate(cand.id)
    assert updated is not None
    assert set(updated.planned_epreuves) == {*compulsory, optional.id}


async def test_the_president_adds_an_optional_oral_a_member_cannot(tmp_path: Path) -> None:
    path = copy_sample(BAT_SESSION, tmp_path)
    session = SessionStore.open(path).load()
    optional = next(e for e in session.epreuves if e.optional)
    cand = next(
        c
        for c in session.candidates
        if in_tests(session, c.id) and optional not in session.planned_epreuves(c)
    )
    president = session.president
    member = next(m for m in session.jury if m.role is Role.MEMBRE)
    assert president is not None
    app = JuryApp(path, member_id=president.id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dossier(pilot, cand.id)
        assert screen.check_action("add_oral", ()) is True  # the jury decides it
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, AddEpreuveDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "épreuves prévues" in section(app, "history")
    store = SessionStore.open(path)
    added = store.load().candidate(cand.id)
    assert added is not None and optional.id in added.planned_epreuves
    entry = store.journal.history(f"candidate:{cand.id}")[-1]
    assert entry.action == "plan_epreuves" and entry.actor == president.id
    app = JuryApp(path, member_id=member.id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dossier(pilot, cand.id)
        assert screen.check_action("add_oral", ()) is False  # hidden
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is screen
    assert SessionStore.open(path).load().candidate(cand.id) == added


async def test_the_optional_oral_key_is_greyed_when_nothing_is_left_to_add_or_closed(
    tmp_path: Path,
) -> None:
    """« o Oral optionnel » is greyed for the president when every optional épreuve is
    already planned for the candidate, and once the session is closed (the épreuves are
    over: the store refuses the change too)."""
    from juryapp.domain.models import SessionStatus

    path = copy_sample(BAT_SESSION, tmp_path)
    store = SessionStore.open(path)
    session = store.load()
    optional = [e.id for e in session.epreuves if e.optional]
    cand = next(c for c in session.candidates if in_tests(session, c.id))
    president = session.president
    assert president is not None and optional
    planned = [e.id for e in session.planned_epreuves(cand)]
    store.plan_epreuves(cand.id, sorted({*planned, *optional}), actor=president.id)
    other = next(
        c
        for c in session.candidates
        if in_tests(session, c.id)
        and c.id != cand.id
        and not set(optional) <= {e.id for e in session.planned_epreuves(c)}
    )
    app = JuryApp(path, member_id=president.id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dossier(pilot, cand.id)
        assert screen.check_action("add_oral", ()) is None  # all planned: greyed
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is screen
        said = [str(n.message) for n in app._notifications if n.title == "Touche indisponible"]
        assert said == ["Les épreuves optionnelles sont toutes déjà prévues pour ce candidat."]
    store.set_status(SessionStatus.DELIBERATION, actor=president.id)
    store.set_status(SessionStatus.CLOSED, actor=president.id)
    app = JuryApp(path, member_id=president.id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dossier(pilot, other.id)
        assert screen.check_action("add_oral", ()) is None  # closed: greyed
        assert "Session close" in section(app, "banner")
        box = screen.query_one("#dossier-epreuves")
        assert box.border_title == "Épreuves — Entrée : consulter"  # nothing to score now
        await pilot.press("o")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications if n.title == "Touche indisponible"]
        assert len(said) == 1 and "la session est close" in said[0]
    with pytest.raises(PermissionDenied, match="close"):
        store.plan_epreuves(other.id, [*planned, *optional], actor=president.id)


# --------------------------------------------------------------------------- live updates


async def test_live_refresh_keeps_scroll_and_selected_epreuve(demo_copy: Path) -> None:
    store = SessionStore.open(demo_copy)
    session = store.load()
    cand = next(
        c
        for c in session.candidates
        if in_tests(session, c.id)
        and len(session.planned_epreuves(c)) >= 2
        and session.latest_decision(c.id, DecisionStage.AFTER_TESTS) is None
    )
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_dossier(pilot, cand.id)
        options = screen.query_one("#dossier-epreuves", OptionList)
        await pilot.press("down")
        selected = options.highlighted_option
        assert selected is not None and options.highlighted == 1
        await pilot.press("pagedown")
        await settle(pilot)
        body = screen.query_one("#dossier-body")
        scrolled = body.scroll_y
        assert scrolled > 0
        version = app.session_version
        # another terminal records a decision
        store.record_decision(
            Decision(
                candidate_id=cand.id,
                stage=DecisionStage.AFTER_TESTS,
                value=DecisionValue.ADMISSIBLE,
                decided_by="prez-martin",
                at=dt.datetime.now(dt.UTC),
            ),
            actor="prez-martin",
        )
        app.action_reload()
        await settle(pilot)
        assert app.session_version > version
        assert "Après les épreuves probatoires : Admissible" in section(app, "decisions")
        assert "décision « Admissible »" in section(app, "history")
        assert options.highlighted_option is not None
        assert options.highlighted_option.id == selected.id
        assert body.scroll_y == scrolled


# --------------------------------------------------------------------------- snapshots


def _snap_dossier(candidate_id: str, *keys: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_dossier(pilot, candidate_id)
        pilot.app.clear_notifications()  # the log-in toast would hide part of the screen
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
            await settle(pilot)

    return run_before


def test_snapshot_dossier(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_snap_dossier("INF26-013"))


def test_snapshot_dossier_small_terminal(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_snap_dossier("INF26-017"))


def test_snapshot_review_dialog(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    assert snap_compare(app, terminal_size=(100, 30), run_before=_snap_dossier("INF26-019", "r"))


def test_snapshot_review_dialog_small_terminal(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = copy_sample(VAE_SESSION, tmp_path)
    app = JuryApp(path, member_id="sec-soulier", watch_files=False)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=_snap_dossier("VAE26-001", "r", "down", "enter")
    )


# --------------------------------------------------------------------------- VAE entry points


async def test_a_vae_dossier_opens_the_defence_clock_and_the_blocs(tmp_path: Path) -> None:
    from juryapp.ui.screens.blocs import BlocsScreen
    from juryapp.ui.screens.defence import DefenceScreen

    path = copy_sample(VAE_SESSION, tmp_path)
    app = JuryApp(path, member_id="prez-delmas", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dossier(pilot, "VAE26-001")
        assert screen.check_action("defence_clock", ()) is True
        assert screen.check_action("blocs", ()) is True
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Chronomètre de la soutenance" in titles
        assert "Blocs de compétences et décision" in titles
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, DefenceScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BlocsScreen)


async def test_an_admission_dossier_has_no_clock_nor_blocs_keys(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_dossier(pilot, "INF26-013")
        assert screen.check_action("defence_clock", ()) is False
        assert screen.check_action("blocs", ()) is False
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Chronomètre de la soutenance" not in titles
        await pilot.press("t")
        await settle(pilot)
        assert app.screen is screen


def test_history_counts_the_criteria_a_draft_gives(demo_copy: Path) -> None:
    """A draft saves every criterion, the empty ones without a value: the history counts
    the criteria given, not the six saved."""
    from juryapp.ui.screens.dossier import describe_change

    session = SessionStore.open(demo_copy).load()
    ep = next(e for e in session.epreuves if len(e.criteria) > 2)
    member = next(m for m in session.jury if m.role.value == "membre")
    views = {
        f"{member.id}/{ep.id}/{c.id}": {
            "value": 12.0 if i == 0 else None,
            "status": "scored",
            "submitted": False,
        }
        for i, c in enumerate(ep.criteria)
    }
    text = describe_change(session, "save_scores", None, views)
    assert "(1 critère, brouillon)" in text, text
    submitted = {k: {**v, "value": 10.0, "submitted": True} for k, v in views.items()}
    text = describe_change(session, "save_scores", None, submitted)
    assert f"({len(ep.criteria)} critères, soumises)" in text, text


async def test_a_closed_session_hides_no_mark_from_a_member_who_never_scored(
    tmp_path: Path,
) -> None:
    """Contrat pro, closed: a member who did not score an épreuve reads « non noté (session
    close) » and the jury's mean; « à noter » and « notes masquées jusqu'à votre soumission »
    (a submission that can never come) are gone."""
    path = copy_sample("contrat-pro-s9-2026.jury", tmp_path)
    app = JuryApp(path, member_id="m-pages", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_dossier(pilot, "CP26-002")
        options = app.screen.query_one("#dossier-epreuves", OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        closed = [t for t in texts if "non noté (session close)" in t]
        assert closed, texts
        assert all("masquées" not in t and "à noter" not in t for t in texts), texts
        assert any("moyenne" in t for t in closed), closed


def test_an_optional_epreuve_named_so_is_not_marked_optional_twice(tmp_path: Path) -> None:
    path = copy_sample(BAT_SESSION, tmp_path)
    session = SessionStore.open(path).load()
    oral = next(e for e in session.epreuves if e.optional)
    assert "optionnelle" in oral.name  # « Épreuve orale optionnelle (au choix du jury) »
    cand = next(c for c in session.candidates if in_tests(session, c.id))
    cand = cand.model_copy(update={"planned_epreuves": [oral.id]})
    session = session.model_copy(
        update={"candidates": [cand if c.id == cand.id else c for c in session.candidates]}
    )
    prompts = [str(o.prompt) for o in epreuve_options(session, session.president, cand)]
    line = next(p for p in prompts if oral.name in p)
    assert line.count("optionnelle") == 1
    # an optional épreuve whose name does not say so is marked
    renamed = session.model_copy(
        update={
            "epreuves": [
                e.model_copy(update={"name": "Oral au choix du jury"}) if e.optional else e
                for e in session.epreuves
            ]
        }
    )
    prompts = [str(o.prompt) for o in epreuve_options(renamed, session.president, cand)]
    assert any("Oral au choix du jury (optionnelle)" in p for p in prompts)


def test_a_wrapped_eligibility_reason_stays_under_its_text(demo_copy: Path) -> None:
    """The reasons' wrapped lines went back to the margin, under the bullet."""
    from juryapp.ui.screens.dossier import eligibility_text

    session = SessionStore.open(demo_copy).load()
    cand = next(c for c in session.candidates if c.diploma.startswith("DUT Informatique"))
    console = Console(width=34, file=io.StringIO(), record=True, color_system=None)
    console.print(eligibility_text(session, cand))
    lines = [line.rstrip() for line in console.export_text().splitlines() if line.strip()]
    bullet = next(i for i, line in enumerate(lines) if line.startswith("  • DUT"))
    assert lines[bullet + 1].startswith("    ") and not lines[bullet + 1].startswith("     •")


def test_an_epreuve_state_wraps_under_itself() -> None:
    """The state under an épreuve's name keeps its indent on every line it wraps to."""
    from rich.console import Console
    from rich.text import Text

    from juryapp.ui.screens.dossier import EpreuvePrompt

    state = "vous : ⇄ source externe (plateforme d'anglais) · jury : ✓ complète · moyenne 11,25/20"
    prompt = EpreuvePrompt(Text("Évaluation du niveau d'anglais"), Text(state))
    console = Console(width=40, record=True, file=io.StringIO())
    console.print(prompt)
    lines = console.export_text().rstrip("\n").split("\n")
    assert lines[0] == "Évaluation du niveau d'anglais"
    assert len(lines) >= 3  # the state took two lines or more
    assert all(line.startswith("  ") and line[2] != " " for line in lines[1:]), lines
    assert str(prompt) == f"Évaluation du niveau d'anglais\n  {state}"
