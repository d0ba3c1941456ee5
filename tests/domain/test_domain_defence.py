"""The clock of a timed épreuve (VAE defence), the bloc decision and the recevabilité deadline.

Everything runs on a fake clock: instants are given, never read from the computer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from juryapp.domain.decisions import DecisionError
from juryapp.domain.defence import (
    AssessmentError,
    ClockAlert,
    ClockStatus,
    DefenceClock,
    DefenceError,
    StartBlocked,
    assessments_visible_to,
    bloc_tally,
    check_decision_against_assessments,
    clock_state,
    defence_record,
    defence_records,
    format_clock,
    format_duration,
    make_override,
    recevabilite_status,
    recevabilite_status_for,
    session_clock_state,
    start_check,
    timed_phases,
    validate_assessment,
    validate_event,
    validate_vae_decision,
)
from juryapp.domain.kinds import default_epreuves
from juryapp.domain.models import (
    BlocAssessment,
    BlocLevel,
    DecisionStage,
    DecisionValue,
    DefenceEvent,
    DefenceEventKind,
    Epreuve,
    EpreuveKind,
    Phase,
    Presence,
    Quality,
    Role,
    Session,
    SessionKind,
    SessionStatus,
)
from juryapp.i18n import format_moment
from juryapp.samples import build_vae_ingenieur

K = DefenceEventKind
PARIS = ZoneInfo("Europe/Paris")
T0 = dt.datetime(2026, 6, 18, 8, 30, tzinfo=PARIS)
MIN = dt.timedelta(minutes=1)
SEC = dt.timedelta(seconds=1)


def at(minutes: float = 0, seconds: float = 0) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes, seconds=seconds)


class FakeClock:
    """The wall clock of the jury's laptop, moved by hand."""

    def __init__(self, start: dt.datetime = T0) -> None:
        self.now = start

    def advance(self, **kw: float) -> dt.datetime:
        self.now += dt.timedelta(**kw)
        return self.now


#: the conftest's ``builder`` fixture (a SessionBuilder class)
Builder = Callable[..., Any]


def vae_session(
    builder: Builder,
    *,
    jury: str = "full",
    blocs: tuple[str, ...] = ("B1", "B2", "B3"),
    **candidate: object,
) -> Any:
    """A VAE validation session composed as seed 000 asks, candidate ``c1`` in order."""
    b = builder(SessionKind.VAE_VALIDATION, blocs=blocs)
    b.member("p", Quality.ENSEIGNANT_CHERCHEUR, Role.PRESIDENT)
    b.member("ec1").member("ec2")
    if jury == "full":
        for i in (1, 2, 3):
            b.member(f"ing{i}", Quality.INGENIEUR)
    b.member("de", Quality.DIRECTEUR_ETUDES)
    b.member("sec", Quality.ADMINISTRATIF, Role.SECRETAIRE)
    fields: dict[str, object] = dict(
        toeic=860,
        international_experience=True,
        recevabilite_date=dt.date(2025, 1, 20),
        validation_filed_date=dt.date(2026, 4, 10),
        dossier_pages=90,
    )
    fields.update(candidate)
    b.candidate("c1", **fields)
    return b


def ev(
    kind: DefenceEventKind | str,
    when: dt.datetime,
    reason: str = "",
    actor: str = "p",
    candidate: str = "c1",
    epreuve: str = "soutenance",
) -> DefenceEvent:
    return DefenceEvent(
        candidate_id=candidate,
        epreuve_id=epreuve,
        kind=K(kind),
        at=when,
        reason=reason,
        actor=actor,
    )


def press(session: Session, event: DefenceEvent, now: dt.datetime | None = None) -> Session:
    """What the store does: validate, then append (a new list: sessions are snapshots)."""
    validate_event(session, event, now or event.at)
    return session.model_copy(update={"defence_events": [*session.defence_events, event]})


def state(session: Session, now: dt.datetime, candidate: str = "c1", epreuve: str = "soutenance"):
    """The clock as a freshly started program sees it: from the stored events only."""
    return session_clock_state(session, candidate, epreuve, now)


@pytest.fixture
def vae(builder: Builder) -> Session:
    return vae_session(builder).build()


# --------------------------------------------------------------------------- models


def test_old_session_files_load_with_empty_defence_lists(vae: Session) -> None:
    data = vae.model_dump(mode="json")
    del data["defence_events"], data["bloc_assessments"]
    loaded = Session.model_validate(data)
    assert loaded.defence_events == [] and loaded.bloc_assessments == []
    assert loaded == vae


def test_session_equality_sees_the_events(vae: Session) -> None:
    with_event = press(vae, ev(K.START, at()))
    assert with_event != vae
    assert Session.model_validate(with_event.model_dump(mode="json")) == with_event
    # the lookup caches still work on the copy
    assert with_event.candidate("c1") is not None


def test_event_time_must_carry_its_time_zone() -> None:
    with pytest.raises(ValidationError, match="fuseau horaire"):
        ev(K.START, dt.datetime(2026, 6, 18, 8, 30))


def test_override_event_must_be_motivated() -> None:
    with pytest.raises(ValidationError, match="motivée"):
        ev(K.OVERRIDE, at())
    with pytest.raises(ValidationError, match="seule une dérogation"):
        DefenceEvent(
            candidate_id="c1",
            epreuve_id="soutenance",
            kind=K.START,
            at=at(),
            actor="p",
            overridden=["x"],
        )


# --------------------------------------------------------------------------- phases


def test_vae_defence_phases_come_from_the_epreuve() -> None:
    (soutenance,) = default_epreuves(SessionKind.VAE_VALIDATION)
    phases = timed_phases(soutenance)
    assert [p.id for p in phases] == ["presentation", "questions", "deliberation"]
    pres, questions, _delib = phases
    assert pres.countdown and pres.uninterrupted and pres.minutes == 45
    assert not questions.countdown and questions.minimum and questions.minutes == 90


def test_an_epreuve_without_phases_is_one_countdown_of_its_duration() -> None:
    entretien = next(e for e in default_epreuves(SessionKind.ADMISSION_2A) if e.id == "entretien")
    (phase,) = timed_phases(entretien)
    assert phase.countdown and phase.minutes == 30 and phase.label == entretien.name
    (memoire,) = default_epreuves(SessionKind.VAE_RECEVABILITE)
    assert timed_phases(memoire) == ()


# --------------------------------------------------------------------------- a whole defence


def test_whole_defence_with_incident_crash_and_restart(vae: Session) -> None:
    clock = FakeClock()
    s = press(vae, ev(K.START, clock.now))
    assert state(s, clock.now).status is ClockStatus.RUNNING

    # 20 min into the presentation the projector fails: a reason is required
    clock.advance(minutes=20)
    with pytest.raises(DefenceError, match="motif de l'incident"):
        press(s, ev(K.PAUSE, clock.now))
    s = press(s, ev(K.PAUSE, clock.now, "panne du vidéoprojecteur", actor="sec"))
    clock.advance(minutes=7)
    st_paused = state(s, clock.now)
    assert st_paused.paused and st_paused.elapsed == 20 * MIN
    assert st_paused.paused_for == 7 * MIN and st_paused.pause_reason == "panne du vidéoprojecteur"
    assert st_paused.phase_planned_end == at(45 + 7)  # moves while paused
    s = press(s, ev(K.RESUME, clock.now, actor="sec"))

    # --- crash: the program is gone; the clock is recomputed from the events at any instant
    for minutes, seconds in [(27, 0), (33, 17.25), (46, 59.999), (51, 0), (51, 59.5)]:
        now = at(minutes, seconds)
        expected = (now - T0) - 7 * MIN
        assert state(s, now).elapsed == expected  # exactly: no drift

    # warnings of the presentation: at T-5 min, at T-1 min, then the overrun
    assert state(s, at(46, 59)).alert is None
    assert state(s, at(47)).alert is ClockAlert.FIVE_MINUTES  # 40 min of presentation
    assert state(s, at(47)).remaining == 5 * MIN
    assert state(s, at(50, 59)).alert is ClockAlert.FIVE_MINUTES
    assert state(s, at(51)).alert is ClockAlert.ONE_MINUTE  # 44 min
    assert "une minute" in state(s, at(51)).alert_text
    assert state(s, at(52)).alert is ClockAlert.OVERRUN  # 45 min: time is up
    late = state(s, at(52, 30))
    assert late.alert is ClockAlert.OVERRUN and late.overrun == 30 * SEC
    assert late.remaining == dt.timedelta(0)
    assert "dépassement de 30 s" in late.alert_text
    assert late.alert.severity == "critical"

    # the candidate concludes at 45 min 30 s of presentation
    clock.now = at(52, 30)
    s = press(s, ev(K.NEXT_PHASE, clock.now))
    q = state(s, clock.now)
    assert q.phase is not None and q.phase.id == "questions" and q.elapsed == dt.timedelta(0)
    assert q.remaining == 90 * MIN and q.minimum_reached is False
    assert q.planned_end == clock.now + 90 * MIN + 30 * MIN

    # an hour of questions: ending now needs a reason
    clock.advance(minutes=60)
    q = state(s, clock.now)
    assert K.NEXT_PHASE in q.reason_prompts and K.END in q.reason_prompts
    with pytest.raises(DefenceError, match="au moins 1 h 30"):
        press(s, ev(K.NEXT_PHASE, clock.now))
    # 1 h 30 reached: no reason needed any more
    clock.advance(minutes=30)
    q = state(s, clock.now)
    assert q.alert is ClockAlert.MINIMUM_REACHED and q.minimum_reached
    assert q.reason_prompts == {}
    s = press(s, ev(K.NEXT_PHASE, clock.now))
    # the jury deliberates 20 minutes, candidate out, and ends
    clock.advance(minutes=20)
    s = press(s, ev(K.END, clock.now))
    done = state(s, clock.now + 3 * MIN)
    assert done.finished and done.allowed == frozenset() and done.alert is None
    assert done.ended_at == clock.now

    record = defence_record(s, "c1")
    assert record is not None and record.finished
    pres, questions, delib = record.phases
    assert pres.duration == 45 * MIN + 30 * SEC and pres.paused == 7 * MIN
    assert pres.overrun == 30 * SEC
    assert questions.duration == 90 * MIN and questions.ended_early_reason == ""
    assert delib.duration == 20 * MIN and delib.started_at == at(52, 30) + 90 * MIN
    (incident,) = record.incidents
    assert incident.phase_id == "presentation"
    assert (incident.paused_at, incident.resumed_at) == (at(20), at(27))
    assert incident.reason == "panne du vidéoprojecteur" and incident.duration == 7 * MIN
    assert record.started_at == T0 and record.ended_at == clock.now
    assert record.duration + record.pause_total == record.ended_at - record.started_at
    assert record.overrides == () and record.anomalies == ()


def test_ticking_screen_has_no_drift_and_rings_once_per_warning(vae: Session) -> None:
    """A screen ticking about every second for a 2 h 15 defence (45 + 90 min)."""
    s = press(vae, ev(K.START, T0))
    clock = DefenceClock.for_session(s, "c1", "soutenance")
    rings: list[tuple[float, ClockAlert]] = []
    now = T0
    jitter = [0, 0.3, 0.999, 0.05, 0.7]  # ticks are never exactly one second apart
    i = 0
    while now < at(135, 2):
        if now >= at(45) and len(clock.events) == 1:
            s = press(s, ev(K.NEXT_PHASE, at(45)))
            clock.set_events(s.defence_events)
        state_, ring = clock.tick(now)
        phase_start = T0 if state_.phase_index == 0 else at(45)
        assert state_.elapsed == now - phase_start
        if ring:
            assert state_.alert is not None
            rings.append(((now - T0) / MIN, state_.alert))
        now += SEC + dt.timedelta(seconds=jitter[i % len(jitter)]) / 10
        i += 1
    s = press(s, ev(K.END, at(135)))
    assert [alert for _m, alert in rings] == [
        ClockAlert.FIVE_MINUTES,
        ClockAlert.ONE_MINUTE,
        ClockAlert.MINIMUM_REACHED,
    ]
    # each rang at the first tick after the instant it was crossed (ticks <= 1.1 s apart)
    for (minute, _alert), crossed in zip(rings, (40, 44, 135), strict=True):
        assert crossed <= minute < crossed + 1.1 / 60
    record = defence_record(s, "c1", "soutenance")
    assert record is not None
    assert [p.duration for p in record.phases] == [45 * MIN, 90 * MIN, dt.timedelta(0)]
    assert record.ended_at - record.started_at == 135 * MIN


def test_reopened_screen_does_not_ring_again(vae: Session) -> None:
    s = press(vae, ev(K.START, T0))
    clock = DefenceClock.for_session(s, "c1", "soutenance")
    st1, ring1 = clock.tick(at(44, 30))  # screen opened after a restart, in the last minute
    assert st1.alert is ClockAlert.ONE_MINUTE and not ring1
    st2, ring2 = clock.tick(at(44, 31))
    assert not ring2
    st3, ring3 = clock.tick(at(45, 0))
    assert st3.alert is ClockAlert.OVERRUN and ring3
    assert not clock.tick(at(46))[1]


# --------------------------------------------------------------------------- reasons


def test_pause_of_the_presentation_needs_an_incident_reason(vae: Session) -> None:
    s = press(vae, ev(K.START, at()))
    with pytest.raises(DefenceError, match="panne technique, malaise du candidat"):
        press(s, ev(K.PAUSE, at(10)))
    assert state(s, at(10)).reason_prompt(K.PAUSE) is not None
    s = press(s, ev(K.PAUSE, at(10), "malaise du candidat"))
    s = press(s, ev(K.RESUME, at(12)))
    # the questions may be paused without a reason
    s = press(s, ev(K.NEXT_PHASE, at(47)))
    assert state(s, at(50)).reason_prompt(K.PAUSE) is None
    s = press(s, ev(K.PAUSE, at(60)))
    record = defence_record(s, "c1", now=at(65))
    assert record is not None
    assert [(i.phase_id, i.reason) for i in record.incidents] == [
        ("presentation", "malaise du candidat"),
        ("questions", ""),
    ]
    assert record.incidents[1].resumed_at is None and record.incidents[1].duration == 5 * MIN


def test_early_end_of_questions_refused_without_reason_accepted_with(vae: Session) -> None:
    s = press(vae, ev(K.START, at()))
    s = press(s, ev(K.NEXT_PHASE, at(45)))
    with pytest.raises(DefenceError, match="fin anticipée") as exc:
        press(s, ev(K.END, at(105)))
    assert "1 h 30" in str(exc.value) and "1 h" in str(exc.value)
    s = press(s, ev(K.END, at(105), "le candidat a renoncé à poursuivre"))
    record = defence_record(s, "c1")
    assert record is not None and record.finished
    _pres, questions, delib = record.phases
    assert questions.duration == 60 * MIN
    assert questions.ended_early_reason == "le candidat a renoncé à poursuivre"
    assert delib.started_at is None and delib.duration == dt.timedelta(0)
    assert record.end_reason == "le candidat a renoncé à poursuivre"


def test_ending_during_the_presentation_skips_the_questions_so_needs_a_reason(
    vae: Session,
) -> None:
    s = press(vae, ev(K.START, at()))
    with pytest.raises(DefenceError, match="supprime « Questions-réponses"):
        press(s, ev(K.END, at(30)))
    # finishing the presentation early is no problem: it is a maximum
    assert press(s, ev(K.NEXT_PHASE, at(30))).defence_events[-1].kind is K.NEXT_PHASE
    s = press(s, ev(K.END, at(30), "abandon"))
    record = defence_record(s, "c1")
    assert record is not None
    # the phases not held carry the reason too
    assert [p.ended_early_reason for p in record.phases] == ["abandon"] * 3


def test_end_and_next_phase_allowed_during_a_pause(vae: Session) -> None:
    s = press(vae, ev(K.START, at()))
    s = press(s, ev(K.NEXT_PHASE, at(45)))
    s = press(s, ev(K.PAUSE, at(100), "malaise du candidat"))
    s = press(s, ev(K.END, at(110), "le candidat ne peut pas poursuivre"))
    record = defence_record(s, "c1")
    assert record is not None
    questions = record.phases[1]
    assert questions.duration == 55 * MIN and questions.paused == 10 * MIN
    (incident,) = record.incidents
    assert incident.resumed_at is None and incident.duration == 10 * MIN
    assert record.duration + record.pause_total == record.ended_at - record.started_at


# --------------------------------------------------------------------------- order


def test_events_out_of_order_are_refused(vae: Session) -> None:
    with pytest.raises(DefenceError, match="n'a pas commencé"):
        press(vae, ev(K.PAUSE, at(), "x"))
    with pytest.raises(DefenceError, match="pas interrompue"):
        press(press(vae, ev(K.START, at())), ev(K.RESUME, at(1)))
    s = press(vae, ev(K.START, at()))
    with pytest.raises(DefenceError, match="déjà commencé"):
        press(s, ev(K.START, at(1)))
    with pytest.raises(DefenceError, match="avant le début"):
        press(s, ev(K.OVERRIDE, at(1), "x"))
    s = press(s, ev(K.PAUSE, at(5), "panne"))
    with pytest.raises(DefenceError, match="déjà interrompue"):
        press(s, ev(K.PAUSE, at(6), "panne"))
    s = press(s, ev(K.RESUME, at(6)))
    s = press(s, ev(K.NEXT_PHASE, at(45)))
    s = press(s, ev(K.NEXT_PHASE, at(140)))
    with pytest.raises(DefenceError, match="dernière phase"):
        press(s, ev(K.NEXT_PHASE, at(150)))
    s = press(s, ev(K.END, at(160)))
    with pytest.raises(DefenceError, match="déjà terminée"):
        press(s, ev(K.START, at(170)))
    assert state(s, at(170)).allowed == frozenset()


def test_who_may_press_and_when(builder: Builder) -> None:
    b = vae_session(builder)
    b.member("abs", Quality.INGENIEUR, presence=Presence.ABSENT)
    s = b.build()
    with pytest.raises(DefenceError, match="n'est pas membre"):
        press(s, ev(K.START, at(), actor="nobody"))
    with pytest.raises(DefenceError, match="pas présent"):
        press(s, ev(K.START, at(), actor="abs"))
    with pytest.raises(DefenceError, match="dans le futur") as future:
        press(s, ev(K.START, at(10)), now=at())
    # said in the school's time, as every time on the screens
    assert format_moment(at(10), seconds=True) in str(future.value)
    assert "T" not in str(future.value).split("horodatage")[1].split("dans")[0]
    press(s, ev(K.START, at(1)), now=at())  # a little ahead is tolerated
    press(s, ev(K.START, at(), actor="sec"))  # the secretary runs the clock
    press(s, ev(K.START, at(), actor="ec1"))
    with pytest.raises(DefenceError, match="candidat inconnu"):
        press(s, ev(K.START, at(), candidate="ghost"))
    with pytest.raises(DefenceError, match="épreuve inconnue"):
        press(s, ev(K.START, at(), epreuve="ghost"))
    signed = s.model_copy(
        update={"info": s.info.model_copy(update={"status": SessionStatus.SIGNED})}
    )
    with pytest.raises(DefenceError, match="procès-verbal est signé"):
        press(signed, ev(K.START, at()))


def test_an_untimed_epreuve_has_no_clock(builder: Builder) -> None:
    b = builder(SessionKind.VAE_RECEVABILITE)
    b.member("p", role=Role.PRESIDENT).member("m1").candidate("c1")
    s = b.build()
    with pytest.raises(DefenceError, match="pas minutée"):
        press(s, ev(K.START, at(), epreuve="memoire"))


# --------------------------------------------------------------------------- before the start


def test_conflicted_present_member_blocks_until_the_president_overrides(
    builder: Builder,
) -> None:
    b = vae_session(builder)
    b.conflict("ing2", "c1")
    s = b.build()
    check = start_check(s, "c1", "soutenance", at())
    assert not check.may_start and [f.code for f in check.blockers] == ["conflict"]
    with pytest.raises(StartBlocked, match="conflit d'intérêts") as exc:
        press(s, ev(K.START, at()))
    assert exc.value.check.blockers == check.blockers
    assert "passer outre" in str(exc.value)

    # only the president overrides, and with a reason
    with pytest.raises(DefenceError, match="seul le président du jury le peut"):
        press(s, ev(K.OVERRIDE, at(), "a quitté la salle", actor="sec"))
    override = make_override(s, "c1", "soutenance", "p", "M. ING2 a quitté la salle", at())
    assert override.overridden == [f.message for f in check.blockers]
    s = press(s, override)
    assert start_check(s, "c1", "soutenance", at()).overridden
    s = press(s, ev(K.START, at(1)))
    record = defence_record(s, "c1")
    assert record is not None
    assert record.overrides == ("M. ING2 a quitté la salle",)
    (note,) = record.override_details
    assert note.actor == "p" and "conflit d'intérêts" in note.overridden[0]


def test_invalid_composition_blocks_the_start(builder: Builder) -> None:
    s = vae_session(builder, jury="no-engineers").build()
    check = start_check(s, "c1", "soutenance", at())
    assert "missing-ingenieur" in {f.code for f in check.blockers}
    with pytest.raises(StartBlocked, match="ingénieur"):
        press(s, ev(K.START, at()))
    s = press(s, ev(K.OVERRIDE, at(), "jury complété par visioconférence"))
    press(s, ev(K.START, at(2)))


def test_prerequisites_block_and_warn(builder: Builder) -> None:
    s = vae_session(builder, toeic=700, dossier_pages=120).build()
    check = start_check(s, "c1", "soutenance", at())
    assert [f.code for f in check.blockers] == ["english"]
    assert "pages" in {f.code for f in check.warnings}
    # a dossier outside 80-100 pages only warns
    ok = vae_session(builder, dossier_pages=120).build()
    check = start_check(ok, "c1", "soutenance", at())
    assert check.may_start and not check.blockers
    assert [f.code for f in check.warnings] == ["pages"]
    press(ok, ev(K.START, at()))


def test_nothing_to_override(vae: Session) -> None:
    check = start_check(vae, "c1", "soutenance", at())
    assert check.may_start and check.blockers == () and not check.overridden
    with pytest.raises(DefenceError, match="pas à déroger"):
        press(vae, ev(K.OVERRIDE, at(), "au cas où"))


def test_another_defence_under_way_is_a_warning(builder: Builder) -> None:
    b = vae_session(builder)
    b.candidate(
        "c2",
        toeic=900,
        international_experience=True,
        dossier_pages=85,
        recevabilite_date=dt.date(2025, 1, 1),
    )
    s = press(b.build(), ev(K.START, at()))
    check = start_check(s, "c2", "soutenance", at(10))
    assert "other-under-way" in {f.code for f in check.warnings} and check.may_start


def test_the_sample_vae_session_can_start() -> None:
    """The session the demo opens: blocs for the degree, and nothing blocks a defence."""
    s = build_vae_ingenieur()
    assert len(s.info.blocs) >= 3  # the engineering degree's blocs de compétences
    assert all(b.label for b in s.info.blocs)
    day = dt.datetime(2026, 6, 18, 8, 30, tzinfo=PARIS)
    for cand in s.candidates:
        check = start_check(s, cand.id, "soutenance", day)
        assert check.may_start, check.blockers


# --------------------------------------------------------------------------- sleep, clock steps


def test_laptop_asleep_during_the_defence(vae: Session) -> None:
    s = press(vae, ev(K.START, T0))
    clock = DefenceClock.for_session(s, "c1", "soutenance")
    assert clock.tick(at(10))[0].alert is None
    # lid closed at 10 min, opened at 1 h: the defence went on meanwhile
    woke, ring = clock.tick(at(60))
    assert woke.elapsed == 60 * MIN and woke.overrun == 15 * MIN
    assert woke.alert is ClockAlert.OVERRUN and ring  # one ring, not three
    assert not clock.tick(at(60, 1))[1]
    # asleep during a pause: the pause includes the sleep
    s = press(s, ev(K.NEXT_PHASE, at(60)))
    s = press(s, ev(K.PAUSE, at(70), "coupure de courant"))
    later = state(s, at(130))
    assert later.elapsed == 10 * MIN and later.paused_for == 60 * MIN


def test_clock_stepped_back_never_gives_negative_durations(vae: Session) -> None:
    s = press(vae, ev(K.START, at(0)))
    s = press(s, ev(K.PAUSE, at(30), "panne"))
    # NTP sets the computer's clock 5 minutes back: the resume is stamped before the pause
    s = press(s, ev(K.RESUME, at(27)), now=at(27))
    assert state(s, at(28)).elapsed == 30 * MIN  # stands still until the clock catches up
    assert state(s, at(28)).clock_behind
    assert state(s, at(35)).elapsed == 35 * MIN and not state(s, at(35)).clock_behind
    record = defence_record(s, "c1", now=at(35))
    assert record is not None
    (incident,) = record.incidents
    assert incident.duration == dt.timedelta(0) and incident.resumed_at == at(30)
    assert all(p.duration >= dt.timedelta(0) for p in record.phases)
    # a screen never shows the clock going back between two ticks
    clock = DefenceClock.for_session(s, "c1", "soutenance")
    first = clock.tick(at(40))[0].elapsed
    assert clock.tick(at(38))[0].elapsed == first


def test_a_now_before_the_start_is_the_start(vae: Session) -> None:
    s = press(vae, ev(K.START, at(10)))
    early = state(s, at(0))
    assert early.elapsed == dt.timedelta(0) and early.clock_behind and early.now == at(10)


# --------------------------------------------------------------------------- other épreuves


def test_work_situation_without_phases_uses_the_same_clock(builder: Builder) -> None:
    b = builder(SessionKind.CQPM)
    b.member("p", Quality.PROFESSIONNEL, Role.PRESIDENT).member("m1", Quality.PROFESSIONNEL)
    b.candidate("c1", planned_epreuves=["entretien-jury", "mise-en-situation"])
    s = press(b.build(), ev(K.START, at(), epreuve="mise-en-situation"))
    look = lambda m: state(s, at(m), epreuve="mise-en-situation")  # noqa: E731
    assert look(114).alert is None
    assert look(115).alert is ClockAlert.FIVE_MINUTES
    assert look(119).alert is ClockAlert.ONE_MINUTE
    assert look(121).alert is ClockAlert.OVERRUN and look(121).overrun == MIN
    assert look(0).allowed == {K.PAUSE, K.END}  # one phase: no next phase
    assert look(0).reason_prompt(K.PAUSE) is None  # not uninterrupted
    s = press(s, ev(K.END, at(118), epreuve="mise-en-situation"))
    s = press(s, ev(K.START, at(130), epreuve="entretien-jury"))
    records = defence_records(s, "c1", now=at(150))
    assert [r.epreuve_id for r in records] == ["entretien-jury", "mise-en-situation"]
    assert records[0].phases[0].duration == 20 * MIN and not records[0].finished
    assert records[1].phases[0].duration == 118 * MIN
    assert defence_record(s, "c1").epreuve_id == "entretien-jury"  # session order


def test_cqpm_epreuve_with_its_own_phases() -> None:
    epreuve = Epreuve(
        id="mise-en-situation",
        name="Mise en situation professionnelle",
        kind=EpreuveKind.WORK_SITUATION,
        criteria=default_epreuves(SessionKind.CQPM)[1].criteria,
        phases=[
            Phase(id="consignes", label="Lecture des consignes", minutes=10),
            Phase(id="realisation", label="Réalisation", minutes=90, uninterrupted=True),
            Phase(id="entretien", label="Entretien", minutes=20, countdown=False, minimum=True),
        ],
    )
    events = [
        ev(K.START, at(), epreuve=epreuve.id),
        ev(K.NEXT_PHASE, at(8), epreuve=epreuve.id),
    ]
    now = at(8 + 86)
    st_ = clock_state(events, epreuve, now)
    assert st_.phase is not None and st_.phase.id == "realisation"
    assert st_.alert is ClockAlert.FIVE_MINUTES and st_.remaining == 4 * MIN
    assert st_.reason_prompt(K.PAUSE) is not None
    assert st_.planned_end == at(8 + 90 + 20)


def test_a_30_minute_admission_interview(builder: Builder) -> None:
    b = builder(SessionKind.ADMISSION_2A).panel(3).candidate("c1")
    s = press(b.build(), ev(K.START, at(), epreuve="entretien"))
    look = lambda m, sec=0: state(s, at(m, sec), epreuve="entretien")  # noqa: E731
    assert look(24, 59).alert is None
    assert look(25).alert is ClockAlert.FIVE_MINUTES
    assert look(29).alert is ClockAlert.ONE_MINUTE
    assert look(30).alert is ClockAlert.OVERRUN
    assert look(10).remaining == 20 * MIN and look(10).phase_planned_end == at(30)


def test_panel_member_conflicts_only(builder: Builder) -> None:
    b = builder(SessionKind.ADMISSION_2A).panel(4)
    b.candidate("c1", panels={"entretien": ["p", "m1"]})
    b.conflict("m3", "c1")
    s = b.build()
    assert start_check(s, "c1", "entretien", at()).may_start
    assert not start_check(s, "c1", "anglais", at()).may_start  # no panel: whole jury


def test_a_phase_of_five_minutes_has_no_five_minute_warning() -> None:
    video = next(e for e in default_epreuves(SessionKind.ADMISSION_1A) if e.id == "video")
    events = [ev(K.START, at(), epreuve="video")]
    assert clock_state(events, video, at(0)).alert is None
    assert clock_state(events, video, at(3, 59)).alert is None
    assert clock_state(events, video, at(4)).alert is ClockAlert.ONE_MINUTE


def test_clock_state_before_the_start(vae: Session) -> None:
    before = state(vae, at())
    assert before.status is ClockStatus.NOT_STARTED and before.phase is None
    assert before.allowed == {K.START, K.OVERRIDE}
    assert before.planned_end == at(45 + 90 + 30)


def test_events_of_two_candidates_are_not_mixed(vae: Session) -> None:
    epreuve = vae.epreuves[0]
    with pytest.raises(ValueError, match="plusieurs candidats"):
        clock_state([ev(K.START, at()), ev(K.START, at(), candidate="c2")], epreuve, at(1))


def test_record_of_a_candidate_without_events(vae: Session) -> None:
    assert defence_record(vae, "c1") is None
    assert defence_record(vae, "c1", "soutenance") is None


def test_hand_edited_events_out_of_order_are_listed_not_fatal(vae: Session) -> None:
    s = vae.model_copy(
        update={
            "defence_events": [
                ev(K.RESUME, at(0)),
                ev(K.START, at(1)),
                ev(K.START, at(2)),
            ]
        }
    )
    record = defence_record(s, "c1", now=at(11))
    assert record is not None and len(record.anomalies) == 2
    assert record.phases[0].duration == 10 * MIN


# --------------------------------------------------------------------------- properties

_KINDS = st.sampled_from(list(K))
_STEPS = st.integers(min_value=-600, max_value=4 * 3600)  # seconds; negative: clock stepped back


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=st.lists(st.tuples(_KINDS, _STEPS, st.booleans()), max_size=14),
    tail=st.integers(min_value=-600, max_value=4 * 3600),
)
def test_phase_durations_and_pauses_add_up_to_the_defence(
    builder: Builder, steps: list[tuple[DefenceEventKind, int, bool]], tail: int
) -> None:
    (epreuve,) = default_epreuves(SessionKind.VAE_VALIDATION)
    when = T0
    events = []
    for kind, step, with_reason in steps:
        when += dt.timedelta(seconds=step)
        events.append(ev(kind, when, "motif" if with_reason or kind is K.OVERRIDE else ""))
    now = when + dt.timedelta(seconds=tail)
    session = Session.model_construct(
        **{**vae_session(builder).build().__dict__, "defence_events": events}
    )
    record = defence_record(session, "c1", now=now)
    if not events:
        assert record is None
        return
    assert record is not None
    for p in record.phases:
        assert p.duration >= dt.timedelta(0) and p.paused >= dt.timedelta(0)
        if p.started_at and p.ended_at:
            assert p.duration + p.paused == p.ended_at - p.started_at
    assert all(i.duration >= dt.timedelta(0) for i in record.incidents)
    state_ = clock_state(events, epreuve, now)
    if record.started_at is not None:
        end = record.ended_at or state_.now
        assert record.duration + record.pause_total == end - record.started_at
        assert state_.total_elapsed == record.duration
    else:
        assert record.duration == dt.timedelta(0)
    # recomputing later never shows less time
    assert clock_state(events, epreuve, now + dt.timedelta(hours=1)).total_elapsed >= (
        state_.total_elapsed
    )


@settings(max_examples=200, deadline=None)
@given(
    pause_at=st.integers(min_value=0, max_value=44 * 60),
    pause_len=st.integers(min_value=0, max_value=3600),
    probe=st.integers(min_value=0, max_value=4 * 3600),
)
def test_elapsed_is_wall_time_minus_pauses_at_any_instant(
    pause_at: int, pause_len: int, probe: int
) -> None:
    (epreuve,) = default_epreuves(SessionKind.VAE_VALIDATION)
    p0 = T0 + dt.timedelta(seconds=pause_at)
    p1 = p0 + dt.timedelta(seconds=pause_len)
    events = [ev(K.START, T0), ev(K.PAUSE, p0, "panne"), ev(K.RESUME, p1)]
    now = T0 + dt.timedelta(seconds=probe)
    known = [e for e in events if e.at <= now]  # what had been recorded at that instant
    got = clock_state(known, epreuve, now)
    if now <= p0:
        expected = now - T0
    elif now <= p1:
        expected = p0 - T0
    else:
        expected = now - T0 - (p1 - p0)
    assert got.elapsed == expected
    assert got.remaining == max(45 * MIN - expected, dt.timedelta(0))


# --------------------------------------------------------------------------- blocs


def assess(member: str, bloc: str, level: BlocLevel, minutes: int = 0, cand: str = "c1"):
    return BlocAssessment(
        candidate_id=cand, member_id=member, bloc_id=bloc, level=BlocLevel(level), at=at(minutes)
    )


def with_assessments(session: Session, *items: BlocAssessment) -> Session:
    for a in items:
        validate_assessment(session, a, actor=a.member_id)
    return session.model_copy(update={"bloc_assessments": [*session.bloc_assessments, *items]})


def test_who_may_assess_a_bloc(builder: Builder) -> None:
    b = vae_session(builder)
    b.conflict("ec2", "c1")
    s = b.build()
    validate_assessment(s, assess("ec1", "B1", BlocLevel.ACQUIRED), actor="ec1")
    with pytest.raises(AssessmentError, match="secrétaire ne vote pas"):
        validate_assessment(s, assess("sec", "B1", BlocLevel.ACQUIRED))
    with pytest.raises(AssessmentError, match="conflit d'intérêts"):
        validate_assessment(s, assess("ec2", "B1", BlocLevel.ACQUIRED))
    with pytest.raises(AssessmentError, match="bloc inconnu : B9"):
        validate_assessment(s, assess("ec1", "B9", BlocLevel.ACQUIRED))
    with pytest.raises(AssessmentError, match="personnelle"):
        validate_assessment(s, assess("ec1", "B1", BlocLevel.ACQUIRED), actor="p")
    adm = builder(SessionKind.ADMISSION_1A).panel().candidate("c1").build()
    with pytest.raises(AssessmentError, match="jury de validation"):
        validate_assessment(adm, assess("m1", "B1", BlocLevel.ACQUIRED))


def test_total_validation_refused_when_a_bloc_was_judged_not_acquired(
    vae: Session, decision
) -> None:
    s = with_assessments(
        vae,
        assess("ec1", "B2", BlocLevel.NOT_ACQUIRED, 0),
        assess("ec2", "B2", BlocLevel.ACQUIRED, 0),
    )
    totale = decision("c1", DecisionStage.VAE, DecisionValue.TOTALE)
    findings = check_decision_against_assessments(s, totale)
    assert findings[0].code == "bloc-not-acquired" and "EC1" in findings[0].message
    with pytest.raises(DecisionError, match="jugé non acquis"):
        validate_vae_decision(s, totale)
    # the member revises the assessment after the deliberation: the latest counts
    s = with_assessments(s, assess("ec1", "B2", BlocLevel.PARTLY, 5))
    validate_vae_decision(s, totale)
    assert "bloc-partly" in {f.code for f in check_decision_against_assessments(s, totale)}
    # or the jury motivates its decision
    s2 = with_assessments(vae, assess("ec1", "B2", BlocLevel.NOT_ACQUIRED))
    motivated = decision(
        "c1", DecisionStage.VAE, DecisionValue.TOTALE, override_reason="vote à la majorité"
    )
    validate_vae_decision(s2, motivated)
    codes = [f.code for f in check_decision_against_assessments(s2, motivated)]
    assert codes[0] == "bloc-granted-despite"


def test_partial_validation_against_the_assessments(vae: Session, decision) -> None:
    s = with_assessments(
        vae,
        assess("ec1", "B1", BlocLevel.ACQUIRED),
        assess("ec1", "B2", BlocLevel.ACQUIRED),
        assess("ec1", "B3", BlocLevel.NOT_ACQUIRED),
    )
    partielle = decision("c1", DecisionStage.VAE, DecisionValue.PARTIELLE, blocs_granted=["B1"])
    validate_vae_decision(s, partielle)
    codes = {f.code for f in check_decision_against_assessments(s, partielle)}
    assert codes == {"bloc-acquired-not-granted", "assessments-missing"}
    # the existing rule still applies: a partial validation names its blocs
    with pytest.raises(DecisionError, match="nommer les blocs"):
        validate_vae_decision(s, decision("c1", DecisionStage.VAE, DecisionValue.PARTIELLE))
    bad = decision("c1", DecisionStage.VAE, DecisionValue.PARTIELLE, blocs_granted=["B3"])
    with pytest.raises(DecisionError, match="B3"):
        validate_vae_decision(s, bad)
    refus = decision("c1", DecisionStage.VAE, DecisionValue.REFUS, reason="blocs non acquis")
    validate_vae_decision(s, refus)


def test_no_assessment_no_finding(vae: Session, decision) -> None:
    totale = decision("c1", DecisionStage.VAE, DecisionValue.TOTALE)
    assert check_decision_against_assessments(vae, totale) == []


def test_tally_and_privacy(vae: Session) -> None:
    s = with_assessments(
        vae,
        assess("ec1", "B1", BlocLevel.ACQUIRED),
        assess("ec1", "B2", BlocLevel.PARTLY),
        assess("ec1", "B3", BlocLevel.NOT_ACQUIRED),
        assess("ec2", "B1", BlocLevel.ACQUIRED),
    )
    b1, b2, b3 = bloc_tally(s, "c1")
    assert b1.acquired == ("ec1", "ec2") and b1.unanimous_acquired
    assert b2.partly == ("ec1",) and b3.not_acquired == ("ec1",)
    assert "p" in b1.missing and "sec" not in b1.missing
    # ec2 has not assessed every bloc: sees only their own
    assert {a.member_id for a in assessments_visible_to(s, "c1", "ec2")} == {"ec2"}
    assert {a.member_id for a in assessments_visible_to(s, "c1", "ec1")} == {"ec1", "ec2"}


# --------------------------------------------------------------------------- recevabilité


def test_recevabilite_deadline_is_one_month_after_receipt() -> None:
    r = recevabilite_status(dt.date(2026, 1, 31), today=dt.date(2026, 2, 20))
    assert r.deadline == dt.date(2026, 2, 28)
    assert not r.overdue and r.days_left == 8 and "28/02/2026" in r.message
    assert not recevabilite_status(dt.date(2026, 1, 31), dt.date(2026, 2, 28)).overdue
    late = recevabilite_status(dt.date(2026, 1, 31), dt.date(2026, 3, 2))
    assert late.overdue and late.days_left == -2 and "2 jours" in late.message
    ruled = recevabilite_status(dt.date(2026, 1, 31), dt.date(2026, 3, 2), dt.date(2026, 3, 1))
    assert not ruled.overdue and ruled.ruled_late


def test_recevabilite_status_reads_the_ruling(builder: Builder, decision) -> None:
    b = builder(SessionKind.VAE_RECEVABILITE).panel().candidate("c1")
    s = b.build()
    pending = recevabilite_status_for(s, "c1", dt.date(2025, 3, 1), dt.date(2025, 4, 5))
    assert pending.overdue
    s = s.model_copy(
        update={
            "decisions": [decision("c1", DecisionStage.DOSSIER_REVIEW, DecisionValue.ADMISSIBLE)]
        }
    )
    # the conftest decisions are dated 1 April 2025: in time for a memoir of 1 March
    done = recevabilite_status_for(s, "c1", dt.date(2025, 3, 1), dt.date(2025, 4, 5))
    assert not done.overdue and not done.ruled_late and done.ruled_on == dt.date(2025, 4, 1)


# --------------------------------------------------------------------------- formatting


def test_formatting() -> None:
    assert format_clock(dt.timedelta(minutes=44, seconds=59, milliseconds=900)) == "44:59"
    assert format_clock(dt.timedelta(hours=1, minutes=30)) == "1:30:00"
    assert format_clock(dt.timedelta(seconds=-5)) == "00:00"
    assert format_duration(dt.timedelta(hours=1, minutes=30)) == "1 h 30 min"
    assert format_duration(dt.timedelta(minutes=45, seconds=12)) == "45 min 12 s"
    assert format_duration(dt.timedelta(0)) == "0 s"
