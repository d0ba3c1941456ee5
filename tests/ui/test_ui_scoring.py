"""The scoring panel on a copy of the demo session: typing, drafts, submission, reveal,
abstention, refusals, save-and-next, the countdown, live updates."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import Input, Static
from uihelpers import settle

import juryapp.ui.screens.scoring as scoring_module
from juryapp.domain.models import Score, ScoreStatus, SessionStatus
from juryapp.domain.scoring import my_sheet
from juryapp.store.session_store import SessionStore
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.help import HelpScreen
from juryapp.ui.screens.queue import QueueScreen
from juryapp.ui.screens.scoring import ReasonModal, ScoringScreen, ValueInput

#: m-benali still has the entretien of these to score (FONTAINE Léa; YILMAZ Elif, whose
#: draft is in the demo and whose other two panel members have submitted)
FRESH = "INF26-014"
DRAFTED = "INF26-056"


async def open_panel(pilot, candidate_id: str, epreuve_id: str, **kw) -> ScoringScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    screen = ScoringScreen(candidate_id, epreuve_id, **kw)
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    """The text shown by a Static (a Rich renderable is rendered wide, without styles)."""
    content = screen.query_one(selector, Static).content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


async def type_in(pilot, screen: ScoringScreen, index: int, text: str) -> None:  # type: ignore[no-untyped-def]
    """Focus criterion ``index``'s value, replace its text by ``text`` key by key."""
    field = screen.query_one(f"#sc-v-{index}", ValueInput)
    field.focus()
    await pilot.pause()
    await pilot.press("end", "ctrl+u")
    keys = [{",": "comma", ".": "full_stop", " ": "space", "-": "minus"}.get(ch, ch) for ch in text]
    if keys:
        await pilot.press(*keys)
    await pilot.pause()


def mine(path: Path, candidate_id: str, epreuve_id: str, member: str = "m-benali") -> list[Score]:
    return [
        s
        for s in SessionStore.open(path).load_scores(member)
        if s.candidate_id == candidate_id and s.epreuve_id == epreuve_id
    ]


# --------------------------------------------------------------------------- typing


async def test_typing_shows_messages_and_the_running_total(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        assert "FONTAINE Léa" in text_of(screen, "#sc-candidate")
        assert "Entretien de motivation" in text_of(screen, "#sc-candidate")
        assert "Nadia Benali" in text_of(screen, "#sc-who")
        assert app.focused is screen.query_one("#sc-v-0")
        assert "Total provisoire : — / 20 · 0/6" in text_of(screen, "#sc-total")

        await type_in(pilot, screen, 0, "25")
        assert "✗ 25 hors barème (0 à 20)" in text_of(screen, "#sc-f-0")
        assert screen.query_one("#sc-v-0").has_class("-bad")
        assert "1 valeur invalide" in text_of(screen, "#sc-total")
        await type_in(pilot, screen, 0, "douze")
        assert "« douze » n'est pas un nombre" in text_of(screen, "#sc-f-0")
        await type_in(pilot, screen, 0, "12,3")
        assert "pas un multiple du pas 0,5" in text_of(screen, "#sc-f-0")
        await type_in(pilot, screen, 0, "12,5")
        feedback = text_of(screen, "#sc-f-0")
        assert feedback.startswith("✓ 12,5 — entre 10 « Attendus tout juste atteints »")
        assert not screen.query_one("#sc-v-0").has_class("-bad")
        assert "12,5 / 20 · 1/6 critères" in text_of(screen, "#sc-total")
        await type_in(pilot, screen, 1, "15")  # coef 1.5: (12.5 + 1.5 * 15) / 2.5 = 14
        assert "Bon niveau, argumenté" in text_of(screen, "#sc-f-1")
        assert "14 / 20 · 2/6 critères" in text_of(screen, "#sc-total")
        await type_in(pilot, screen, 1, "")
        assert "0 Rien de recevable · 5 Très insuffisant" in text_of(screen, "#sc-f-1")
        assert "12,5 / 20 · 1/6" in text_of(screen, "#sc-total")


async def test_levels_refuse_a_value_between_levels(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, "INF26-001", "video")
        assert "niveaux 0/1/2/3/4 · coef 1" in text_of(screen, "#sc-crit-0 .sc-crit-scale")
        await type_in(pilot, screen, 0, "5")
        assert "5 n'est pas un niveau permis (0, 1, 2, 3, 4)" in text_of(screen, "#sc-f-0")
        await type_in(pilot, screen, 0, "2.5")
        assert "2,5 n'est pas un niveau permis" in text_of(screen, "#sc-f-0")
        await type_in(pilot, screen, 0, "3")
        assert "✓ 3 — Bon : clair, argumenté, personnel" in text_of(screen, "#sc-f-0")
        assert "15 / 20 · 1/5 critères" in text_of(screen, "#sc-total")


async def test_keyboard_moves_between_criteria(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        await pilot.press("1", "2", "enter")
        assert app.focused is screen.query_one("#sc-v-1")
        await pilot.press("down")
        assert app.focused is screen.query_one("#sc-v-2")
        await pilot.press("up", "up")
        assert app.focused is screen.query_one("#sc-v-0")
        await pilot.press("tab")
        assert app.focused is screen.query_one("#sc-c-0")
        await pilot.press(*"clair", "down")
        assert app.focused is screen.query_one("#sc-c-1")
        await pilot.press("shift+tab")
        assert app.focused is screen.query_one("#sc-v-1")
        for _ in range(5):
            await pilot.press("enter")
        assert app.focused is screen.query_one("#sc-overall")
        await pilot.press("enter")
        assert app.focused is screen.query_one("#sc-submit")
        await pilot.click("#sc-v-3")
        assert app.focused is screen.query_one("#sc-v-3")


# --------------------------------------------------------------------------- drafts


async def test_draft_is_autosaved_and_restored(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        screen.AUTOSAVE_DELAY = 0.05
        await type_in(pilot, screen, 0, "12,5")
        await type_in(pilot, screen, 2, "abc")  # invalid: not saved, not in the way
        await type_in(pilot, screen, 3, "14")
        screen.query_one("#sc-c-3", Input).value = "projet solide"
        screen.query_one("#sc-overall", Input).value = "candidate motivée"
        await asyncio.sleep(0.2)
        await settle(pilot)
        saved = {s.criterion_id: s for s in mine(demo_copy, FRESH, "entretien")}
        # every criterion is in the draft, those left empty without a value
        assert {c for c, s in saved.items() if s.value is not None} == {"parcours", "projet"}
        assert all(not s.submitted for s in saved.values())
        assert saved["parcours"].value == 12.5 and saved["projet"].value == 14
        assert (saved["parcours"].comment, saved["parcours"].overall_comment) == (
            "",
            "candidate motivée",
        )
        assert (saved["projet"].comment, saved["projet"].overall_comment) == ("projet solide", "")
        assert "brouillon enregistré" in text_of(screen, "#sc-saved")

        await pilot.press("escape")  # warns: an invalid value is not saved
        assert app.screen is screen

        def warnings() -> list[str]:
            return [str(n.message) for n in app._notifications if "Échap de nouveau" in n.message]

        assert len(warnings()) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert warnings() == []  # the warning does not stay over the queue

        again = await open_panel(pilot, FRESH, "entretien")
        assert again.query_one("#sc-v-0", Input).value == "12,5"
        assert again.query_one("#sc-v-2", Input).value == ""
        assert again.query_one("#sc-v-3", Input).value == "14"
        assert again.query_one("#sc-c-3", Input).value == "projet solide"
        assert again.query_one("#sc-overall", Input).value == "candidate motivée"
        assert "brouillon repris" in text_of(again, "#sc-saved")
        assert app.focused is again.query_one("#sc-v-1")  # the first empty one
        # others' marks still hidden: a draft is not a submission
        assert "masquées" in text_of(again, "#sc-others")


async def test_a_value_cleared_after_its_draft_stays_cleared(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        screen.AUTOSAVE_DELAY = 0.05
        await type_in(pilot, screen, 0, "12,5")
        await type_in(pilot, screen, 3, "14")
        await asyncio.sleep(0.2)
        await settle(pilot)
        await type_in(pilot, screen, 0, "")  # the member changes their mind
        await asyncio.sleep(0.2)
        await settle(pilot)
        latest = {s.criterion_id: s for s in mine(demo_copy, FRESH, "entretien")}
        assert latest["parcours"].value is None and latest["projet"].value == 14
        await pilot.press("escape")
        await settle(pilot)
        again = await open_panel(pilot, FRESH, "entretien")
        assert again.query_one("#sc-v-0", Input).value == ""
        assert again.query_one("#sc-v-3", Input).value == "14"


async def test_a_draft_of_the_demo_is_restored(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, DRAFTED, "entretien")
        values = [screen.query_one(f"#sc-v-{i}", Input).value for i in range(6)]
        assert values == ["13", "10", "9", "10,5", "12,5", "11,5"]
        assert "Total : 11 / 20 · 6/6 critères" in text_of(screen, "#sc-total")


# --------------------------------------------------------------------------- submission


async def test_submit_saves_and_reveals_the_others(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, DRAFTED, "entretien")
        others = text_of(screen, "#sc-others")
        assert "notes des autres membres masquées" in others.casefold()
        assert "jusqu'à votre soumission" in others and "Dupont" not in others
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = mine(demo_copy, DRAFTED, "entretien")
        assert len(saved) == 6 and all(s.submitted for s in saved)
        others = text_of(screen, "#sc-others")
        assert "3 membres sur 3 ont soumis" in others
        for word in ("Vous", "Dupont", "Garnier", "Moy.", "Méd.", "Écart", "/20", "12,39"):
            assert word in others
        assert "✓ notes soumises" in text_of(screen, "#sc-saved")

        # a change after the submission is not autosaved, and Escape warns once
        screen.AUTOSAVE_DELAY = 0.05
        await type_in(pilot, screen, 0, "14")
        await asyncio.sleep(0.2)
        await settle(pilot)
        assert "modifié depuis la soumission" in text_of(screen, "#sc-saved")
        first = next(
            s for s in mine(demo_copy, DRAFTED, "entretien") if s.criterion_id == "parcours"
        )
        assert first.value == 13 and first.submitted
        await pilot.press("escape")
        assert app.screen is screen
        await pilot.press("ctrl+s")
        await settle(pilot)
        first = next(
            s for s in mine(demo_copy, DRAFTED, "entretien") if s.criterion_id == "parcours"
        )
        assert first.value == 14 and first.submitted


async def test_submit_needs_every_criterion(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        screen.AUTOSAVE_DELAY = 60
        await type_in(pilot, screen, 0, "12")
        await type_in(pilot, screen, 1, "99")
        await pilot.click("#sc-submit")
        await settle(pilot)
        # one invalid, four empty
        assert "5 critères à compléter" in text_of(screen, "#sc-saved")
        assert app.focused is screen.query_one("#sc-v-1")
        assert mine(demo_copy, FRESH, "entretien") == []


async def test_abstention_asks_a_reason_and_records_no_value(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        await type_in(pilot, screen, 0, "12")
        await pilot.press("f6")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ReasonModal)
        # the value typed will be lost: the dialog says so first
        said = str(modal.query_one("#sc-reason-text", Static).render())
        assert said.startswith("⚠ La note saisie (1 critère) sera effacée.")
        await pilot.press("enter")
        error = modal.query_one("#sc-reason-error", Static)
        assert "motif est obligatoire" in str(error.render())
        await pilot.press(*"absente")
        assert str(error.render()) == ""  # being given: the error goes
        await pilot.press("space", *"pendant", "space", *"l'entretien", "enter")
        await settle(pilot)
        assert app.screen is screen
        saved = mine(demo_copy, FRESH, "entretien")
        assert len(saved) == 6
        assert all(s.status is ScoreStatus.ABSTAINED and s.value is None for s in saved)
        assert all(s.submitted and s.reason == "absente pendant l'entretien" for s in saved)
        assert "abstention enregistrée" in text_of(screen, "#sc-saved")
        assert "aucune note" in text_of(screen, "#sc-total")
        assert screen.query_one("#sc-v-0", Input).value == ""
        # an abstention is a submission: the others' marks are no longer hidden
        assert "masquées" not in text_of(screen, "#sc-others")


async def test_withdrawing_after_submitting_says_the_marks_will_be_replaced(
    demo_copy: Path,
) -> None:
    """F6 after a submission replaced the submitted marks without a word: the dialog says
    what the member is about to lose, and Escape keeps them."""
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, DRAFTED, "entretien")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Total : 11 / 20" in text_of(screen, "#sc-total")
        await pilot.press("f6")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ReasonModal)
        said = str(modal.query_one("#sc-reason-text", Static).render())
        assert said.startswith(
            "⚠ Vous avez déjà soumis vos notes (total 11 / 20) : elles seront remplacées"
        )
        await pilot.press("escape")
        await settle(pilot)
        saved = mine(demo_copy, DRAFTED, "entretien")
        assert all(s.submitted and s.status is ScoreStatus.SCORED for s in saved)


async def test_recusal_can_be_cancelled(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        await pilot.press("f7")
        await pilot.pause()
        assert isinstance(app.screen, ReasonModal)
        assert "Récusation" in str(app.screen.query_one("#sc-reason-title", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert mine(demo_copy, FRESH, "entretien") == []


async def test_save_and_next_opens_the_next_candidate(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        for i, value in enumerate(["12", "13", "14", "15", "16", "17"]):
            await type_in(pilot, screen, i, value)
        await pilot.press("ctrl+n")
        await settle(pilot)
        nxt = app.screen
        assert isinstance(nxt, ScoringScreen) and nxt is not screen
        # after FONTAINE in alphabetical order, m-benali's next entretien is YILMAZ Elif
        assert nxt.candidate_id == DRAFTED and nxt.epreuve_id == "entretien"
        assert "YILMAZ Elif" in text_of(nxt, "#sc-candidate")
        saved = mine(demo_copy, FRESH, "entretien")
        assert len(saved) == 6 and all(s.submitted for s in saved)
        # the panel replaced the previous one: Escape goes back under it
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("member", "candidate", "epreuve", "words"),
    [
        ("m-dupont", "INF26-039", "video", ["Conflit d'intérêts", "TRAORÉ Moussa"]),
        ("sec-roux", FRESH, "entretien", ["secrétaire", "Claire Roux"]),
        ("m-benali", "INF26-004", "anglais", ["viennent de l'extérieur", "plateforme d'anglais"]),
        ("m-dupont", FRESH, "entretien", ["jury désigné"]),
    ],
)
async def test_the_panel_refuses_and_says_why(
    demo_copy: Path, member: str, candidate: str, epreuve: str, words: list[str]
) -> None:
    app = JuryApp(demo_copy, member_id=member, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, candidate, epreuve)
        assert screen.refusal is not None
        message = text_of(screen, "#sc-refusal-title") + text_of(screen, "#sc-refusal-message")
        assert "Notation impossible" in message
        for word in words:
            assert word in message
        assert not screen.query(ValueInput)
        await pilot.press("ctrl+s", "f6")  # nothing to do here
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_refusal_outside_the_panel_names_the_panel(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-dupont", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        panel = text_of(screen, "#sc-refusal-panel")
        assert panel == "Jury désigné : Hélène Martin, Nadia Benali, Pierre-Yves Le Gall"
        await pilot.click("#sc-back")
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)


async def test_signed_session_is_read_only(demo_copy: Path) -> None:
    SessionStore.open(demo_copy).set_status(SessionStatus.SIGNED, actor="prez-martin")
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        assert "lecture seule" in text_of(screen, "#sc-refusal-title")
        assert "procès-verbal est signé" in text_of(screen, "#sc-refusal-message")


async def test_the_store_refusal_reaches_the_member(demo_copy: Path) -> None:
    """Signed while the panel is open: the save is refused by the store, said on screen."""
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, DRAFTED, "entretien")
        SessionStore.open(demo_copy).set_status(SessionStatus.SIGNED, actor="prez-martin")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert any("signé" in str(n.message) for n in app._notifications)
        assert all(not s.submitted for s in mine(demo_copy, DRAFTED, "entretien"))
        app.action_reload()
        await settle(pilot)
        assert "enregistrement refusé" in text_of(screen, "#sc-who")


# --------------------------------------------------------------------------- the clock


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_countdown_starts_warns_and_overruns(demo_copy: Path) -> None:
    clock = FakeClock()
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien", clock=clock)
        assert text_of(screen, "#sc-clock") == "◷ 30:00 · F5"
        await pilot.press("f5")
        assert text_of(screen, "#sc-clock") == "◷ 30:00 restantes"
        clock.now += 10 * 60 + 0.5
        screen.refresh_clock()
        assert text_of(screen, "#sc-clock") == "◷ 20:00 restantes"
        clock.now += 15 * 60
        screen.refresh_clock()
        clock_widget = screen.query_one("#sc-clock")
        assert text_of(screen, "#sc-clock") == "⚠ 05:00 restantes — fin proche"
        assert clock_widget.has_class("-warn")
        clock.now += 5 * 60 + 83
        await asyncio.sleep(1.1)  # the screen's own 1 s refresh
        await pilot.pause()
        assert text_of(screen, "#sc-clock") == "⛔ temps écoulé : dépassement +01:23"
        assert clock_widget.has_class("-over") and not clock_widget.has_class("-warn")
        await pilot.press("f5")  # pauses: a stray press loses nothing
        paused = "⛔ temps écoulé : dépassement +01:23 · en pause (F5)"
        assert text_of(screen, "#sc-clock") == paused
        clock.now += 60
        screen.refresh_clock()
        assert text_of(screen, "#sc-clock") == paused
        await pilot.press("f5")  # resumes where it was
        clock.now += 7
        screen.refresh_clock()
        assert text_of(screen, "#sc-clock") == "⛔ temps écoulé : dépassement +01:30"


async def test_a_defence_timed_by_phases_has_no_second_clock(tmp_path: Path) -> None:
    """A VAE defence is timed by the defence clock (« t » on the dossier): the scoring panel
    showed a 135-minute countdown of its own, unaware of it."""
    from uihelpers import copy_sample

    path = copy_sample("vae-ingenieur-2026.jury", tmp_path)
    session = SessionStore.open(path).load()
    defence = next(e for e in session.epreuves if e.phases)
    cand = session.candidates[0].id
    app = JuryApp(path, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = ScoringScreen(cand, defence.id)
        app.push_screen(screen)
        await settle(pilot)
        assert text_of(screen, "#sc-clock") == ""
        assert screen.check_action("timer", ()) is False  # no F5 in its footer


# --------------------------------------------------------------------------- live


async def test_others_submitting_update_the_table_without_a_key(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        for i in range(6):
            await type_in(pilot, screen, i, "12")
        await pilot.press("ctrl+s")
        await settle(pilot)
        others = text_of(screen, "#sc-others")
        assert "1 membre sur 3 a soumis" in others
        assert re.search(r"\b1\s+12\s+·\s+·", others)  # Vous, Martin, Le Gall
        assert "en attente : Hélène Martin, Pierre-Yves Le Gall" in others
        # the member starts changing a value…
        screen.AUTOSAVE_DELAY = 60
        await type_in(pilot, screen, 2, "15")
        # …while the president submits from another terminal
        session = app.session
        ep = session.epreuve("entretien")
        now = dt.datetime.now(dt.UTC)
        SessionStore.open(demo_copy).save_scores(
            [
                Score(
                    candidate_id=FRESH,
                    epreuve_id="entretien",
                    criterion_id=c.id,
                    member_id="prez-martin",
                    value=20,
                    at=now,
                )
                for c in ep.criteria
            ],
            actor="prez-martin",
        )
        app.action_reload()  # what the folder watcher does
        await settle(pilot)
        others = text_of(screen, "#sc-others")
        assert "2 membres sur 3 ont soumis" in others
        assert re.search(r"\b1\s+12\s+20\s+·", others)
        assert "⚠" in others and "divergentes" in others  # 20 against 12: spread 8 > 5
        assert screen.query_one("#sc-v-2", Input).value == "15"  # not clobbered
        assert "modifié depuis la soumission" in text_of(screen, "#sc-saved")


async def test_help_names_the_screen_and_the_rubric(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_panel(pilot, "INF26-001", "video")
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen._text()
        assert "Notation d'une épreuve" in text
        assert "4 → Excellent : remarquable" in text  # the focused criterion's rubric
        assert "Soumettre" in text and "Abstention" in text


# --------------------------------------------------------------------------- snapshots


def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scoring_module, "_hms", lambda at: "10:42:00")


async def _steady_cursor(pilot) -> None:  # type: ignore[no-untyped-def]
    """No blinking cursor nor passing toast in a snapshot (on or off at random)."""
    pilot.app.clear_notifications()
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def _typed(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = await open_panel(pilot, FRESH, "entretien", clock=FakeClock())
    screen.AUTOSAVE_DELAY = 600
    await type_in(pilot, screen, 0, "12,5")
    await type_in(pilot, screen, 1, "25")
    await type_in(pilot, screen, 2, "15")
    screen.query_one("#sc-c-2", Input).value = "projet clair"
    await type_in(pilot, screen, 3, "")
    await _steady_cursor(pilot)


async def _revealed(pilot) -> None:  # type: ignore[no-untyped-def]
    screen = await open_panel(pilot, DRAFTED, "entretien", clock=FakeClock())
    await pilot.press("ctrl+s")
    await settle(pilot)
    screen.query_one("#sc-v-0").focus()
    await _steady_cursor(pilot)


def test_snapshot_typing(snap_compare, demo_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fixed_time(monkeypatch)
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_typed)


def test_snapshot_typing_small_terminal(snap_compare, demo_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fixed_time(monkeypatch)
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_typed)


def test_snapshot_revealed(snap_compare, demo_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fixed_time(monkeypatch)
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_revealed)


def test_snapshot_revealed_small_terminal(snap_compare, demo_copy: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _fixed_time(monkeypatch)
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_revealed)


async def test_at_80_columns_every_criterion_label_and_the_head_show_whole(
    demo_copy: Path,
) -> None:
    """« 2. Raisons du choix de la formation par apprenti… »: every criterion's label wraps
    rather than being cut, its next line under its first word, not under its number; the
    épreuve's coefficient and time start the second line of the head, not a line of their
    own."""
    from rich.cells import cell_len

    session = SessionStore.open(demo_copy).load()
    epreuve = next(e for e in session.epreuves if e.id == "entretien")
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_panel(pilot, FRESH, epreuve.id)
        labels = list(screen.query(".sc-crit-label").results(Static))
        assert len(labels) == len(epreuve.criteria) + 1  # and the overall comment's
        longest = max(cell_len(c.label) for c in epreuve.criteria)
        assert longest + 4 > labels[0].size.width  # a label that did not fit on one line
        for widget, crit in zip(labels, epreuve.criteria, strict=False):
            shown = text_of(screen, f"#{widget.id}") if widget.id else str(widget.content)
            assert crit.label in shown
            assert cell_len(shown) <= widget.size.width * widget.size.height, crit.label
            if cell_len(crit.label) > widget.size.width:  # wrapped: beside its number
                number = widget.parent.query_one(".sc-crit-number", Static)  # type: ignore[union-attr]
                assert widget.region.x > number.region.x
                assert widget.region.height >= 2
        head = screen.query_one("#sc-candidate", Static)
        assert cell_len(str(head.content)) <= head.size.width * head.size.height
        assert text_of(screen, "#sc-who").startswith("coef 2 · 30 min · Notateur : ")


async def test_a_criterion_numbered_in_its_label_is_not_numbered_twice() -> None:
    """The contrat-pro grid's criteria are « 1 — Informer… »: the panel wrote
    « 1. 1 — Informer… »; a label without a number gets « 2. »."""
    from textual.app import App, ComposeResult

    from juryapp.samples import build_contrat_pro
    from juryapp.ui.screens.scoring import CriterionBlock

    epreuve = next(e for e in build_contrat_pro().epreuves if e.criteria)
    numbered = epreuve.criteria[0]
    assert numbered.label[0].isdigit()
    plain = numbered.model_copy(update={"label": "Présentation du parcours"})

    class Blocks(App[None]):
        def compose(self) -> ComposeResult:
            yield CriterionBlock(numbered, 0)
            yield CriterionBlock(plain, 1)

    app = Blocks()
    async with app.run_test(size=(100, 20)):
        heads = [
            [str(w.content) for w in head.query(Static)] for head in app.query(".sc-crit-head")
        ]
        assert heads[0][0] == numbered.label  # no number of its own
        assert heads[1][:2] == ["2.", "Présentation du parcours"]


async def test_a_corrected_value_shows_its_whole_meaning_at_80_columns(demo_copy: Path) -> None:
    """25 (out of range), then 12: the line under the criterion being typed grows to two
    lines and shows the whole rubric's words (it stayed one line high and lost its end)."""
    from rich.cells import cell_len

    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        await type_in(pilot, screen, 1, "25")
        await pilot.press("backspace", "backspace", "1", "2")  # as a member corrects it
        await pilot.pause()
        feedback = screen.query_one("#sc-f-1", Static)
        text = text_of(screen, "#sc-f-1")
        assert text.startswith("✓ 12 — entre 10")
        assert cell_len(text) > feedback.content_region.width  # more than one line's worth
        assert feedback.content_region.height * feedback.content_region.width >= cell_len(text)


async def test_a_key_pressed_as_the_panel_opens_waits_for_the_form(demo_copy: Path) -> None:
    """F7 right after Entrée reached the panel before its form was built: the app crashed
    (an audit in a real terminal).  Its keys wait for the form, then do their work."""
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = ScoringScreen(FRESH, "entretien")
        assert screen.check_action("recuse", ()) is False  # no form yet
        app.push_screen(screen)
        await app.run_action("recuse", screen)  # before the form is composed
        await settle(pilot)
        assert screen.check_action("recuse", ()) is True
        assert isinstance(app.screen, ReasonModal)  # the recusal asks its reason, no crash
        assert not my_sheet(app.session, "m-benali", FRESH, "entretien").submitted


async def test_ctrl_q_right_after_typing_saves_the_draft_first(demo_copy: Path) -> None:
    """Ctrl+Q less than 0,8 s after a mark was typed (before its autosave): the draft is
    written, then the app quits (it quit at once, and the mark was lost)."""
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, FRESH, "entretien")
        screen.AUTOSAVE_DELAY = 30  # the autosave would not come before Ctrl+Q
        await type_in(pilot, screen, 0, "12,5")
        assert mine(demo_copy, FRESH, "entretien") == []
        await pilot.press("ctrl+q")
        for _ in range(100):
            if app.return_code is not None:
                break
            await pilot.pause(0.02)
        assert app.return_code == 0  # quit, once the draft was written
        saved = {s.criterion_id: s for s in mine(demo_copy, FRESH, "entretien")}
        assert saved["parcours"].value == 12.5 and not saved["parcours"].submitted


async def test_ctrl_q_after_changing_submitted_marks_warns_once(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_panel(pilot, DRAFTED, "entretien")
        await pilot.press("ctrl+s")
        await settle(pilot)
        before = {s.criterion_id: s.value for s in mine(demo_copy, DRAFTED, "entretien")}
        await type_in(pilot, screen, 0, "19")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.return_code is None and app.screen is screen  # said, not quit
        toasts = [str(n.message) for n in app._notifications]
        assert any("Ctrl+Q de nouveau" in m and "non soumises" in m for m in toasts), toasts
        await pilot.press("ctrl+q")  # quits anyway; the submitted marks stay as they were
        await pilot.pause()
        assert app.return_code == 0
    assert {s.criterion_id: s.value for s in mine(demo_copy, DRAFTED, "entretien")} == before
