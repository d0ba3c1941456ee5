"""The defence clock and the bloc decision on a copy of the sample VAE session, with a fake
clock the tests advance: a whole defence (start, the 5-minute and 1-minute warnings with the
bell, an incident, the overrun, phase changes, an early end refused without a reason then
accepted), kill and reopen, the president's override, another terminal following live,
the members' bloc assessments and the president's decision; snapshots of each phase."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from rich.text import Text
from textual.widgets import Digits, Input, Markdown, RadioSet, Static
from uihelpers import copy_sample, settle

from juryapp.domain.models import (
    BlocAssessment,
    BlocLevel,
    Conflict,
    ConflictType,
    Decision,
    DecisionStage,
    DecisionValue,
    DefenceEvent,
    DefenceEventKind,
)
from juryapp.store.session_store import SessionStore
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.blocs import BlocsScreen, GrantedBlocs
from juryapp.ui.screens.defence import DefenceReasonModal, DefenceScreen, PhaseRuler
from juryapp.ui.screens.help import HelpScreen

K = DefenceEventKind
VAE = "vae-ingenieur-2026.jury"
CAND = "VAE26-001"
EP = "soutenance"
PREZ = "prez-delmas"
#: 18 June 2026, 8 h 30 in Alès (Europe/Paris, UTC+2)
T0 = dt.datetime(2026, 6, 18, 6, 30, tzinfo=dt.UTC)


class FakeClock:
    """The screen's clock: stands still until the test moves it."""

    def __init__(self, at: dt.datetime = T0) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def set(self, minutes: float = 0, seconds: float = 0) -> None:
        """Put the clock at T0 + the given time."""
        self.at = T0 + dt.timedelta(minutes=minutes, seconds=seconds)


@pytest.fixture(autouse=True)
def _paris(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Wall-clock times are shown in the computer's time zone: the jury's, here."""
    monkeypatch.setenv("TZ", "Europe/Paris")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def vae_copy(tmp_path: Path) -> Path:
    return copy_sample(VAE, tmp_path)


# --------------------------------------------------------------------------- helpers


def text_of(screen: Any, selector: str) -> str:
    """The text shown by a Static (a Rich renderable rendered wide, without styles)."""
    content = screen.query_one(selector, Static).content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=200, file=io.StringIO(), color_system=None)
    with console.capture() as capture:
        console.print(content)
    return capture.get()


def digits(screen: DefenceScreen) -> str:
    return screen.query_one("#dc-digits", Digits).value


def events(path: Path) -> list[DefenceEvent]:
    return [e for e in SessionStore.open(path).load_defence_events() if e.candidate_id == CAND]


def record(path: Path, kind: DefenceEventKind, minutes: float, reason: str = "", **kw: Any) -> None:
    """A press recorded straight in the store (another terminal, or an earlier session)."""
    at = T0 + dt.timedelta(minutes=minutes)
    actor = kw.pop("actor", PREZ)
    SessionStore.open(path).record_defence_event(
        DefenceEvent(
            candidate_id=kw.pop("candidate_id", CAND),
            epreuve_id=EP,
            kind=kind,
            at=at,
            reason=reason,
            actor=actor,
        ),
        actor=actor,
        now=at,
    )


async def open_clock(pilot: Any, clock: FakeClock, candidate_id: str = CAND) -> DefenceScreen:
    await settle(pilot)
    screen = DefenceScreen(candidate_id, EP, clock=clock)
    pilot.app.push_screen(screen)
    await settle(pilot)
    assert pilot.app.screen is screen
    return screen


async def tick(pilot: Any, screen: DefenceScreen) -> None:
    """What the screen's one-second timer does (the tests do not wait for it)."""
    screen.tick()
    await pilot.pause()


async def answer(pilot: Any, reason: str | None) -> None:
    """Fill in the reason dialog and confirm (None: Escape)."""
    modal = pilot.app.screen
    assert isinstance(modal, DefenceReasonModal)
    if reason is None:
        await pilot.press("escape")
    else:
        modal.query_one("#dc-reason", Input).value = reason
        await pilot.press("enter")
    await settle(pilot)


def counting_bell(app: JuryApp) -> list[int]:
    rings: list[int] = []
    app.bell = lambda: rings.append(1)  # type: ignore[method-assign]
    return rings


# --------------------------------------------------------------------------- a whole defence


async def test_a_whole_defence(vae_copy: Path) -> None:
    clock = FakeClock()
    app = JuryApp(vae_copy, member_id=PREZ, watch_files=False)
    rings = counting_bell(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_clock(pilot, clock)
        # before the start: the check, the prerequisites, the jury
        detail = text_of(screen, "#dc-detail")
        assert "✓ Rien ne bloque le début de l'épreuve." in detail
        assert "✓ anglais : TOEIC 880 (au moins 800)" in detail
        assert "✓ expérience internationale significative" in detail
        assert "au plus tard le 20/01/2028, 3 ans après la recevabilité du 20/01/2025" in detail
        assert "✓ dossier de validation de 86 pages (80 à 100 attendues)" in detail
        assert "Jury présent (7 sur 7)" in detail
        assert "✓ Anne-Sophie Delmas (Présidente du jury)" in detail
        assert digits(screen) == "45:00"
        assert "fin prévue à 11 h 15" in text_of(screen, "#dc-summary")  # 45 + 90 + 30 min

        await pilot.press("s")
        await settle(pilot)
        assert [(e.kind, e.at) for e in events(vae_copy)] == [(K.START, T0)]
        assert "● en cours" in text_of(screen, "#dc-status")
        assert "Phase 1/3 : Exposé oral ininterrompu" in text_of(screen, "#dc-phase")

        # the warnings: colour and words, and the bell once each
        clock.set(39, 59)
        await tick(pilot, screen)
        assert digits(screen) == "05:01"
        assert text_of(screen, "#dc-alert") == ""
        assert rings == []
        clock.set(40)
        await tick(pilot, screen)
        assert digits(screen) == "05:00"
        assert "⚠ Plus que 5 minutes — Exposé oral ininterrompu" in text_of(screen, "#dc-alert")
        assert screen.query_one("#dc-alert").has_class("-warning")
        assert screen.query_one("#dc-digits").has_class("-warning")
        assert rings == [1]
        clock.set(40, 30)
        await tick(pilot, screen)
        assert rings == [1]  # no second bell for the same warning
        clock.set(44)
        await tick(pilot, screen)
        assert "Plus qu'une minute" in text_of(screen, "#dc-alert")
        assert screen.query_one("#dc-alert").has_class("-critical")
        assert rings == [1, 1]

        # an incident: the presentation does not pause without a reason
        clock.set(44, 10)
        await tick(pilot, screen)
        await pilot.press("p")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, DefenceReasonModal)
        assert "ne s'interrompt pas" in text_of(modal, "#dc-reason-text")
        clock.set(44, 40)  # typing the reason takes a while: the pause began at the key
        await pilot.press("enter")
        assert "Le motif est obligatoire" in text_of(modal, "#dc-reason-error")
        assert app.screen is modal
        await answer(pilot, "panne du vidéoprojecteur")
        pause = events(vae_copy)[-1]
        assert (pause.kind, pause.reason) == (K.PAUSE, "panne du vidéoprojecteur")
        assert pause.at == T0 + dt.timedelta(minutes=44, seconds=10)
        clock.set(47, 10)
        await tick(pilot, screen)
        assert digits(screen) == "00:50"  # the clock stood still during the pause
        assert "‖ interrompue" in text_of(screen, "#dc-status")
        assert "‖ Épreuve interrompue depuis 3 min — motif : panne du vidéoprojecteur" in text_of(
            screen, "#dc-alert"
        )
        # the interruption under way is « en cours », not « sans reprise »
        incident = next(x for x in text_of(screen, "#dc-detail").splitlines() if "‖" in x)
        assert "→ en cours" in incident and "sans reprise" not in incident
        await pilot.press("p")  # resume: no reason needed
        await settle(pilot)
        assert events(vae_copy)[-1].kind is K.RESUME
        assert "● en cours" in text_of(screen, "#dc-status")

        # the overrun
        clock.set(48, 10)
        await tick(pilot, screen)
        assert "Temps écoulé" in text_of(screen, "#dc-alert")
        assert rings == [1, 1, 1]
        clock.set(48, 30)
        await tick(pilot, screen)
        assert digits(screen) == "+00:30"
        assert "dépassement de 30 s" in text_of(screen, "#dc-alert")
        assert "dépassement (45 min prévues)" in text_of(screen, "#dc-caption")

        # next phase: confirmed (irreversible), no reason needed
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, DefenceReasonModal)
        await answer(pilot, "")
        assert events(vae_copy)[-1].kind is K.NEXT_PHASE
        assert "Phase 2/3 : Questions-réponses" in text_of(screen, "#dc-phase")
        assert "9 h 18" in text_of(screen, "#dc-phases")  # actual end of the presentation

        # questions: count-up with the minimum marked
        clock.set(48 + 30, 30)
        await tick(pilot, screen)
        assert digits(screen) == "30:00"
        assert "minimum dans 1:00:00" in text_of(screen, "#dc-caption")
        ruler = screen.query_one("#dc-ruler", PhaseRuler)
        assert ruler.marks == (0.75,)
        assert ruler.legend == "minimum 1 h 30 min · 10 h 48"

        # ending the questions before their minimum: refused without a reason...
        await pilot.press("n")
        await settle(pilot)
        assert "dure au moins 1 h 30 min et n'a duré que 30 min" in text_of(
            app.screen, "#dc-reason-text"
        )
        await pilot.press("enter")
        assert "Le motif est obligatoire" in text_of(app.screen, "#dc-reason-error")
        await answer(pilot, None)  # Escape: nothing recorded
        assert events(vae_copy)[-1].kind is K.NEXT_PHASE
        assert len(events(vae_copy)) == 4
        # ... also by the store, if a press without its reason ever got there
        screen._record(K.NEXT_PHASE, "", clock())
        await settle(pilot)
        assert len(events(vae_copy)) == 4
        toasts = [n.message for n in app._notifications]
        assert any("fin anticipée" in m for m in toasts), toasts
        assert "Phase 2/3" in text_of(screen, "#dc-phase")
        # ... and accepted with one
        await pilot.press("n")
        await settle(pilot)
        await answer(pilot, "le candidat a demandé à arrêter")
        last = events(vae_copy)[-1]
        assert (last.kind, last.reason) == (K.NEXT_PHASE, "le candidat a demandé à arrêter")
        assert "Phase 3/3 : Délibération du jury" in text_of(screen, "#dc-phase")
        assert rings == [1, 1, 1]  # the minimum was never reached: no bell for it

        # the deliberation, the end, the record
        clock.set(48 + 30 + 25, 30)
        await tick(pilot, screen)
        assert digits(screen) == "25:00"
        await pilot.press("e")
        await settle(pilot)
        await answer(pilot, "")
        assert events(vae_copy)[-1].kind is K.END
        assert "■ terminée" in text_of(screen, "#dc-status")
        assert digits(screen) == "1:40:30"  # 45:30 + 30:00 + 25:00, the pause left out
        detail = text_of(screen, "#dc-detail")
        assert "Déroulement de l'épreuve (pour le procès-verbal)" in detail
        assert (
            "Questions-réponses : fin anticipée — motif : le candidat a demandé à arrêter" in detail
        )
        assert "Exposé oral ininterrompu : dépassement de 30 s" in detail
        assert "8 h 30" in detail and "9 h 18" in detail and "9 h 48" in detail
        assert "interruptions : 3 min" in detail
        assert "motif : panne du vidéoprojecteur (Anne-Sophie Delmas)" in detail
        assert "d : appréciation des blocs" in detail
        # no more presses after the end
        await pilot.press("p", "n", "e", "s")
        await settle(pilot)
        assert len(events(vae_copy)) == 6

        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, BlocsScreen)


async def test_kill_and_reopen_shows_the_right_time_and_phase(vae_copy: Path) -> None:
    clock = FakeClock()
    first = JuryApp(vae_copy, member_id=PREZ, watch_files=False)
    async with first.run_test(size=(120, 40)) as pilot:
        screen = await open_clock(pilot, clock)
        await pilot.press("s")
        await settle(pilot)
        clock.set(46)
        await tick(pilot, screen)
        await pilot.press("n")
        await settle(pilot)
        await answer(pilot, "")
        clock.set(50)
        await tick(pilot, screen)
        assert digits(screen) == "04:00"
    # the app is gone (closed, killed, the laptop asleep...); 20 min 30 s later, reopened
    clock.set(66, 30)
    second = JuryApp(vae_copy, member_id=PREZ, watch_files=False)
    rings = counting_bell(second)
    async with second.run_test(size=(120, 40)) as pilot:
        screen = await open_clock(pilot, clock)
        assert digits(screen) == "20:30"
        assert "Phase 2/3 : Questions-réponses" in text_of(screen, "#dc-phase")
        assert "● en cours" in text_of(screen, "#dc-status")
        phases = text_of(screen, "#dc-phases")
        assert "9 h 16" in phases  # the presentation's actual end
        assert "10 h 46" in phases  # the questions' minimum
        assert "écoulé 1 h 06" in text_of(screen, "#dc-summary")
        assert rings == []
        # the overrun of the presentation is not announced again at the reopening
        clock.set(46 + 90)
        await tick(pilot, screen)
        assert "Durée minimale atteinte" in text_of(screen, "#dc-alert")
        assert rings == [1]


class Follower(threading.Thread):
    """Another terminal: a second app on the same folder, watching it, in its own thread
    and event loop (as in its own process: Textual keeps the running app per context)."""

    def __init__(self, path: Path, member_id: str, clock: FakeClock) -> None:
        super().__init__(daemon=True)
        self.path, self.member_id, self.clock = path, member_id, clock
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.screen: DefenceScreen | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # reported by the test
            self.error = exc
            self.ready.set()

    async def _main(self) -> None:
        app = JuryApp(self.path, member_id=self.member_id, watch_files=True)
        async with app.run_test(size=(120, 40)) as pilot:
            self.screen = await open_clock(pilot, self.clock)
            await pilot.press("s", "p", "o")  # read-only: nothing happens
            await settle(pilot)
            self.ready.set()
            while not self.stop.is_set():
                await asyncio.sleep(0.05)


async def test_the_president_overrides_a_conflict_and_the_member_follows_read_only(
    vae_copy: Path,
) -> None:
    """A member with a hard conflict blocks the start; the president overrides with a
    reason; that member, on another terminal, follows the clock live (read-only)."""
    SessionStore.open(vae_copy).add_conflict(
        Conflict(
            member_id="m-ouali",
            candidate_id=CAND,
            type=ConflictType.COACHED,
            hard=True,
            note="a accompagné la candidate",
        ),
        actor="sec-soulier",
    )
    clock = FakeClock()
    follower = Follower(vae_copy, "m-ouali", clock)
    follower.start()
    try:
        await asyncio.to_thread(follower.ready.wait, 30)
        assert follower.error is None, follower.error
        other = follower.screen
        assert other is not None
        assert "Lecture seule — Karim Ouali a un conflit d'intérêts" in text_of(
            other, "#dc-readonly"
        )
        assert events(vae_copy) == []  # its keys did nothing

        prez = JuryApp(vae_copy, member_id=PREZ, watch_files=False)
        async with prez.run_test(size=(120, 40)) as pilot:
            screen = await open_clock(pilot, clock)
            assert not screen.query_one("#dc-readonly").display
            detail = text_of(screen, "#dc-detail")
            assert "⊘ Karim Ouali — conflit d'intérêts : ne siège pas" in detail
            assert "✗ 1 problème bloque le début" in detail

            await pilot.press("s")  # blocked
            await settle(pilot)
            assert events(vae_copy) == []
            assert any("Début bloqué" in (n.title or "") for n in prez._notifications)

            await pilot.press("o")
            await settle(pilot)
            modal = prez.screen
            assert isinstance(modal, DefenceReasonModal)
            assert "Karim Ouali a un conflit d'intérêts" in text_of(modal, "#dc-reason-details")
            await answer(pilot, "M. Ouali quitte la salle pour cette candidate")
            override = events(vae_copy)[-1]
            assert override.kind is K.OVERRIDE
            assert override.overridden and "Karim Ouali" in override.overridden[0]
            assert "⚑ 1 problème bloquant, passé outre par le président" in text_of(
                screen, "#dc-detail"
            )

            await pilot.press("s")
            await settle(pilot)
            assert [e.kind for e in events(vae_copy)] == [K.OVERRIDE, K.START]
            written = time.monotonic()

            # the other terminal shows it within 2 s, without a key
            def started() -> bool:
                return other.state is not None and other.state.running

            while not started():
                assert time.monotonic() - written < 2, "the other terminal did not follow"
                await asyncio.sleep(0.05)
            # and its clock moves on its own (the one-second timer)
            clock.set(0, 10)
            moved = time.monotonic()
            while digits(other) != "44:50":
                assert time.monotonic() - moved < 2, digits(other)
                await asyncio.sleep(0.05)
            assert "● en cours" in text_of(other, "#dc-status")
    finally:
        follower.stop.set()
        await asyncio.to_thread(follower.join, 30)
    assert follower.error is None, follower.error


async def test_a_member_may_not_override(vae_copy: Path) -> None:
    SessionStore.open(vae_copy).add_conflict(
        Conflict(member_id="m-ouali", candidate_id=CAND, type=ConflictType.RELATIONSHIP),
        actor="sec-soulier",
    )
    clock = FakeClock()
    app = JuryApp(vae_copy, member_id="m-valette", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_clock(pilot, clock)
        bindings = screen.active_bindings
        assert "o" in bindings and not bindings["o"].enabled  # shown, greyed: the president's
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is screen
        assert events(vae_copy) == []


async def test_the_secretary_may_work_the_clock(vae_copy: Path) -> None:
    clock = FakeClock()
    app = JuryApp(vae_copy, member_id="sec-soulier", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_clock(pilot, clock)
        assert not screen.query_one("#dc-readonly").display
        await pilot.press("s")
        await settle(pilot)
        assert [(e.kind, e.actor) for e in events(vae_copy)] == [(K.START, "sec-soulier")]


async def test_default_epreuve_and_unknown_candidate(vae_copy: Path) -> None:
    app = JuryApp(vae_copy, member_id=PREZ, watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = DefenceScreen(CAND, clock=FakeClock())
        app.push_screen(screen)
        await settle(pilot)
        assert screen.epreuve_id == EP
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "Chronomètre de l'épreuve" in app.screen.query_one(Markdown).source
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        bad = DefenceScreen("NOBODY", EP, clock=FakeClock())
        app.push_screen(bad)
        await settle(pilot)
        assert "Candidat inconnu" in text_of(bad, "#dc-refusal-message")


# --------------------------------------------------------------------------- blocs and decision

BLOCS = ["B1", "B2", "B3", "B4", "B5", "B6"]


def assess(path: Path, member: str, levels: dict[str, BlocLevel], comment: str = "") -> None:
    store = SessionStore.open(path)
    for bloc, level in levels.items():
        store.record_bloc_assessment(
            BlocAssessment(
                candidate_id=CAND,
                member_id=member,
                bloc_id=bloc,
                level=level,
                comment=comment if level is not BlocLevel.ACQUIRED else "",
                at=T0 + dt.timedelta(hours=3),
            ),
            actor=member,
        )


def a_whole_defence(path: Path) -> None:
    """The defence recorded from start to end: presentation, questions, deliberation."""
    record(path, K.START, 0)
    record(path, K.NEXT_PHASE, 45)
    record(path, K.NEXT_PHASE, 135)
    record(path, K.END, 160)


async def open_blocs(pilot: Any, clock: FakeClock) -> BlocsScreen:
    await settle(pilot)
    screen = BlocsScreen(CAND, clock=clock)
    pilot.app.push_screen(screen)
    await settle(pilot)
    return screen


def all_acquired(**except_: BlocLevel) -> dict[str, BlocLevel]:
    return {b: except_.get(b, BlocLevel.ACQUIRED) for b in BLOCS}


async def choose(pilot: Any, radio_id: str, position: int) -> None:
    """Focus a radio set, move to the ``position``-th button, press it."""
    radio = pilot.app.screen.query_one(radio_id, RadioSet)
    radio.focus()
    await pilot.pause()
    for _ in range(position):
        await pilot.press("right")
    await pilot.press("space")
    await pilot.pause()


async def test_a_member_assesses_the_blocs_privately(vae_copy: Path) -> None:
    assess(vae_copy, "m-valette", all_acquired(B3=BlocLevel.NOT_ACQUIRED), "management peu étayé")
    clock = FakeClock(T0 + dt.timedelta(hours=3))
    app = JuryApp(vae_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_blocs(pilot, clock)
        # the others' views are hidden until one has assessed every bloc
        assert "Masquées jusqu'à ce que vous ayez apprécié chaque bloc (0/6)" in text_of(
            screen, "#bl-others"
        )
        assert "Valette" not in text_of(screen, "#bl-others")
        assert "Seul le président du jury enregistre la décision" in text_of(
            screen, "#bl-decide-why"
        )
        await pilot.press("ctrl+s")  # nothing chosen yet: says what to do, not « saved »
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any("choisissez acquis, partiellement ou non acquis" in m for m in said), said
        assert not any("déjà enregistrés" in m for m in said)
        await choose(pilot, "#bl-level-0", 0)  # B1 acquis
        await choose(pilot, "#bl-level-2", 1)  # B3 partiellement
        screen.query_one("#bl-comment-2", Input).value = "conduite du changement à étayer"
        await pilot.pause()
        assert "✎ 2 modifications à enregistrer" in text_of(screen, "#bl-mine-status")
        await pilot.press("ctrl+s")
        await settle(pilot)
        mine = {
            a.bloc_id: a
            for a in SessionStore.open(vae_copy).load().bloc_assessments
            if a.member_id == "m-benali"
        }
        assert {b: a.level for b, a in mine.items()} == {
            "B1": BlocLevel.ACQUIRED,
            "B3": BlocLevel.PARTLY,
        }
        assert mine["B3"].comment == "conduite du changement à étayer"
        assert "2/6 blocs appréciés et enregistrés" in text_of(screen, "#bl-mine-status")
        assert "(2/6)" in text_of(screen, "#bl-others")
        for i in (1, 3, 4, 5):
            await choose(pilot, f"#bl-level-{i}", 0)
        await pilot.press("ctrl+s")
        await settle(pilot)
        others = text_of(screen, "#bl-others")
        assert "Valette" in others and "management peu étayé" in others
        await pilot.press("ctrl+s")  # nothing changed since
        await pilot.pause()
        assert "déjà enregistrés" in str(list(app._notifications)[-1].message)


async def test_the_president_records_a_partial_decision(vae_copy: Path) -> None:
    a_whole_defence(vae_copy)
    assess(vae_copy, "m-valette", all_acquired(B3=BlocLevel.NOT_ACQUIRED), "management peu étayé")
    assess(vae_copy, "m-benali", all_acquired(B3=BlocLevel.PARTLY), "à étayer")
    clock = FakeClock(T0 + dt.timedelta(hours=3))
    app = JuryApp(vae_copy, member_id=PREZ, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_blocs(pilot, clock)
        tally = text_of(screen, "#bl-others")
        assert "✗ Valette" in tally and "◐ Benali" in tally
        assert "B3 · Valette ✗ : management peu étayé" in tally
        findings = text_of(screen, "#bl-findings")
        assert "Notifier la décision au candidat au plus tard le 3 juillet 2026" in findings
        assert "jury du 18 juin 2026" in findings

        def decisions() -> list[Any]:
            return SessionStore.open(vae_copy).load().decisions_for(CAND)

        # a total validation with a bloc judged not acquired: refused, clearly
        await choose(pilot, "#bl-value", 0)
        assert "✗ " in text_of(screen, "#bl-findings")  # said before saving
        await pilot.press("f8")
        await settle(pilot)
        findings = text_of(screen, "#bl-findings")
        assert "Décision refusée" in findings
        assert "le bloc B3 « Manager une équipe" in findings and "Jérôme Valette" in findings
        assert decisions() == []
        # partial without blocs: refused
        await choose(pilot, "#bl-value", 1)
        assert screen.query_one("#bl-granted").display
        await pilot.press("f8")
        await settle(pilot)
        assert "une validation partielle doit nommer les blocs" in text_of(screen, "#bl-findings")
        assert decisions() == []
        # partial with the blocs granted
        granted = screen.query_one("#bl-granted", GrantedBlocs)
        for bloc in ("B1", "B2", "B4", "B5", "B6"):
            granted.toggle(bloc)
        screen.query_one("#bl-observations", Input).value = "Solide expertise technique."
        screen.query_one("#bl-recommendations", Input).value = "Piloter une équipe un an."
        await pilot.pause()
        findings = text_of(screen, "#bl-findings")
        assert "Décision refusée" not in findings
        assert "Entretien post-jury à planifier" in findings
        await pilot.press("f8")
        await settle(pilot)
        (decision,) = decisions()
        assert decision.stage is DecisionStage.VAE
        assert decision.value is DecisionValue.PARTIELLE
        assert decision.blocs_granted == ["B1", "B2", "B4", "B5", "B6"]
        assert decision.decided_by == PREZ
        assert decision.recommendations == "Piloter une équipe un an."
        in_force = text_of(screen, "#bl-in-force")
        assert "Décision en vigueur : Validation partielle" in in_force
        assert "☐ non accordé  B3" in in_force


async def test_the_president_records_a_refusal_with_its_reason(vae_copy: Path) -> None:
    """« Pas de validation » needs a reason (the domain's rule): the blocs screen has a field
    for it, says so when it is empty, and records it."""
    a_whole_defence(vae_copy)
    clock = FakeClock(T0 + dt.timedelta(hours=3))
    app = JuryApp(vae_copy, member_id=PREZ, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_blocs(pilot, clock)
        await choose(pilot, "#bl-value", 2)  # Pas de validation
        await pilot.press("f8")
        await settle(pilot)
        assert "doit être motivée" in text_of(screen, "#bl-findings")
        assert SessionStore.open(vae_copy).load().decisions_for(CAND) == []
        screen.query_one("#bl-reason", Input).value = "expérience trop éloignée du référentiel"
        await pilot.pause()
        await pilot.press("f8")
        await settle(pilot)
        (decision,) = SessionStore.open(vae_copy).load().decisions_for(CAND)
        assert decision.value is DecisionValue.REFUS
        assert decision.reason == "expérience trop éloignée du référentiel"


async def test_the_decision_is_visible_to_the_members_afterwards(vae_copy: Path) -> None:
    assess(vae_copy, "m-valette", all_acquired())
    SessionStore.open(vae_copy).record_decision(
        Decision(
            candidate_id=CAND,
            stage=DecisionStage.VAE,
            value=DecisionValue.REFUS,
            reason="aucun bloc acquis",
            decided_by=PREZ,
            at=T0 + dt.timedelta(hours=3),
        ),
        actor=PREZ,
    )
    app = JuryApp(vae_copy, member_id="m-marty", watch_files=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = BlocsScreen(CAND, clock=FakeClock(T0 + dt.timedelta(hours=4)))
        app.push_screen(screen)
        await settle(pilot)
        assert "Appréciations du jury" in text_of(screen, "#bl-others")  # the tally, now
        assert "Décision en vigueur : Pas de validation" in text_of(screen, "#bl-in-force")
        assert "Entretien post-jury à planifier" in text_of(screen, "#bl-findings")


# --------------------------------------------------------------------------- snapshots

#: (events as (kind, minutes after T0, reason), minutes after T0 for the clock)
SCENARIOS: dict[str, tuple[list[tuple[DefenceEventKind, float, str]], float]] = {
    "presentation_warning": ([(K.START, 0, "")], 41),
    "paused": ([(K.START, 0, ""), (K.PAUSE, 20, "panne du vidéoprojecteur")], 23.5),
    "questions": ([(K.START, 0, ""), (K.NEXT_PHASE, 45, "")], 45 + 62),
    "deliberation": (
        [(K.START, 0, ""), (K.NEXT_PHASE, 45, ""), (K.NEXT_PHASE, 137, "")],
        152,
    ),
    "finished": (
        [
            (K.START, 0, ""),
            (K.PAUSE, 20, "panne du vidéoprojecteur"),
            (K.RESUME, 23, ""),
            (K.NEXT_PHASE, 48, ""),
            (K.NEXT_PHASE, 120, "la candidate a dû partir (raison familiale)"),
            (K.END, 140, ""),
        ],
        141,
    ),
}


def _snapshot(path: Path, scenario: str, candidate_id: str = CAND) -> tuple[JuryApp, Any]:
    presses, at = SCENARIOS.get(scenario, ([], 0))
    for kind, minutes, reason in presses:
        record(path, kind, minutes, reason)
    app = JuryApp(path, member_id=PREZ, watch_files=False)
    clock = FakeClock(T0 + dt.timedelta(minutes=at))

    async def run_before(pilot: Any) -> None:
        await open_clock(pilot, clock, candidate_id)
        pilot.app.clear_notifications()
        await pilot.pause()

    return app, run_before


def _blocked_candidate(path: Path) -> None:
    """VAE26-002 with a TOEIC under 800 (blocks) and a 120-page file (warns)."""
    store = SessionStore.open(path)
    cand = store.load().candidate("VAE26-002")
    assert cand is not None
    store.upsert_candidates(
        [cand.model_copy(update={"toeic": 760, "dossier_pages": 120})], actor="sec-soulier"
    )


def test_snapshot_before_start_with_the_check(snap_compare, vae_copy: Path) -> None:  # type: ignore[no-untyped-def]
    _blocked_candidate(vae_copy)
    app, run_before = _snapshot(vae_copy, "before", "VAE26-002")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_snapshot_clock(snap_compare, vae_copy: Path, scenario: str) -> None:  # type: ignore[no-untyped-def]
    app, run_before = _snapshot(vae_copy, scenario)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_snapshot_clock_small_terminal(snap_compare, vae_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app, run_before = _snapshot(vae_copy, "presentation_warning")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_record_small_terminal(snap_compare, vae_copy: Path) -> None:  # type: ignore[no-untyped-def]
    app, run_before = _snapshot(vae_copy, "finished")
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_decision(snap_compare, vae_copy: Path) -> None:  # type: ignore[no-untyped-def]
    assess(vae_copy, "m-valette", all_acquired(B3=BlocLevel.NOT_ACQUIRED), "management peu étayé")
    assess(vae_copy, "m-benali", all_acquired(B3=BlocLevel.PARTLY), "à étayer")
    app = JuryApp(vae_copy, member_id=PREZ, watch_files=False)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        screen = BlocsScreen(CAND, clock=FakeClock(T0 + dt.timedelta(hours=3)))
        pilot.app.push_screen(screen)
        await settle(pilot)
        await choose(pilot, "#bl-value", 1)
        granted = screen.query_one("#bl-granted", GrantedBlocs)
        for bloc in ("B1", "B2", "B4"):
            granted.toggle(bloc)
        await pilot.pause()
        screen.query_one("#bl-decision").scroll_visible(animate=False)
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_a_narrow_phase_table_has_one_end_column_and_whole_phase_names() -> None:
    """At 80 columns the table beside the clock is 53 wide: « Exposé oral ini… » with two
    end columns; one « Fin » column (the actual end, else the planned one) keeps the names."""
    import io

    from rich.console import Console

    from juryapp.ui.screens.defence import phase_table

    rows = [
        ("✓", "Exposé oral ininterrompu", "45 min", "9 h 45", "9 h 48", ""),
        ("▶", "Questions-réponses", "≥ 1 h 30", "11 h 18", "en cours", "bold"),
        ("○", "Délibération du jury", "30 min", "11 h 48", "—", "dim"),
    ]

    def shown(narrow: bool) -> str:
        console = Console(width=53, file=io.StringIO(), color_system=None)
        with console.capture() as capture:
            console.print(phase_table(rows, narrow=narrow))
        return capture.get()

    wide = shown(False)
    assert "Fin réelle" in wide and "Exposé oral ininterrompu" not in wide
    narrow = shown(True)
    assert "Fin réelle" not in narrow and "Fin prévue" not in narrow
    for name in ("Exposé oral ininterrompu", "Questions-réponses", "Délibération du jury"):
        assert name in narrow
    lines = narrow.splitlines()
    assert lines[1].rstrip().endswith("9 h 48")  # ended: its actual end
    assert lines[2].rstrip().endswith("11 h 18")  # running: its planned end
    assert lines[3].rstrip().endswith("11 h 48")  # to come: its planned end


async def test_the_phase_table_is_as_wide_as_the_terminal_from_the_start(vae_copy: Path) -> None:
    """At 120 columns the table has its « Fin prévue » and « Fin réelle » columns from the
    first frame (the narrow table showed until the clock's next second); narrower, it
    gives them up at once."""
    clock = FakeClock()
    app = JuryApp(vae_copy, member_id=PREZ, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_clock(pilot, clock)  # no tick: the timer's seconds do not pass
        phases = text_of(screen, "#dc-phases")
        assert "Fin prévue" in phases and "Fin réelle" in phases
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert "Fin prévue" not in text_of(screen, "#dc-phases")
