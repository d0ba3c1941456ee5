"""The clock of a timed épreuve (the VAE defence above all) and the jury's bloc decision.

Pure rules, no I/O, no real clock: every function takes the current time (``now``) as an
argument.

**The clock, in the jury's words.**  An épreuve runs through the phases of its definition
(:attr:`Epreuve.phases`; an épreuve without phases but with a duration is one count-down
phase of that duration, e.g. a 30-minute interview or a 2-hour work-situation test).  For the
VAE defence: an *uninterrupted* 45-minute presentation (count-down), then questions for *at
least* 1 h 30 (count-up with a minimum), then the jury deliberates, candidate out (count-up).

* Every press on the clock is a :class:`~juryapp.domain.models.DefenceEvent` stamped with the
  wall-clock time: start, pause, resume, next phase, end, and the president's override.
* The clock's state is computed **only** from the recorded events and ``now`` — never by
  counting ticks — so a crash, a restart or a laptop put to sleep gives the right time.
* **Elapsed** time in a phase is the wall-clock time since the phase began, minus its pauses.
  A laptop asleep during the defence does not stop the defence: when it wakes, the wall clock
  has jumped forward and the elapsed time includes the sleep (the defence really went on);
  asleep during a pause, the pause includes it.
* **Clock stepped back** (the computer's time corrected by NTP, by hand...): the events are
  taken in the order they were recorded, and an event stamped earlier than the one before it
  is taken as simultaneous with it; a ``now`` earlier than the last event is taken as that
  event's time.  So no duration is ever negative and the clock never runs backwards past an
  event: it stands still until the wall clock catches up.  :class:`DefenceClock` also never
  lets ``now`` go back between two ticks of the same screen.
* Warnings before the end of a count-down phase: 5 minutes, then 1 minute (only those
  shorter than the phase), then the overrun once the planned time is reached.  A phase with a
  minimum says when the minimum is reached.  :attr:`ClockState.alert_key` changes exactly when
  a new warning is crossed: the screen rings the bell once per warning.
* A pause of an *uninterrupted* phase needs an incident reason (technical failure, candidate
  unwell...).  Ending a phase with a *minimum* before the minimum — or ending the defence
  while a phase with a minimum has not been held — needs a reason (e.g. the candidate
  withdrew).
* The defence may not start while the jury is not properly composed for the candidate
  (:func:`~juryapp.domain.composition.check_composition`: a sitting member with a hard
  conflict of interest, no quorum, president absent...) or while the candidate's VAE
  prerequisites fail (:func:`~juryapp.domain.prerequisites.check_vae_prerequisites`) —
  unless the president overrides, with a reason, recorded as an event.  Warnings (e.g. a
  validation file outside 80–100 pages) never block: :func:`start_check` lists both.

**The bloc decision.**  Each sitting member may record a private assessment of each bloc de
compétences (:class:`~juryapp.domain.models.BlocAssessment`: acquis / partiellement / non
acquis, with a comment); the latest of a member for a bloc counts.  A validation that grants
a bloc a sitting member judged *non acquis* is refused unless the decision is motivated
(``override_reason``): :func:`check_decision_against_assessments`,
:func:`validate_vae_decision`.

**Recevabilité** (``vae-recevabilite``): no defence; the jury rules on the memoir within one
month of receipt: :func:`recevabilite_status`.

API for the store and the screens:

* ``validate_event(session, event, now)`` before appending an event (raises
  :class:`DefenceError`, :class:`StartBlocked` for a start);
* ``start_check(session, candidate_id, epreuve_id, now)`` what blocks or warns before the start;
* ``make_override(session, candidate_id, epreuve_id, actor, reason, now)`` the override event;
* ``clock_state(events, epreuve, now)`` / :class:`DefenceClock` for a screen ticking each second;
* ``defence_record(session, candidate_id, epreuve_id=None)`` the actual timings, for the minutes;
* ``validate_assessment``, ``bloc_tally``, ``check_decision_against_assessments``,
  ``validate_vae_decision``, ``recevabilite_status``.

Messages are French msgids translated with :func:`juryapp.i18n._` when raised; the label
tables (:data:`EVENT_LABELS`, :data:`STATUS_LABELS`) are marked only: translate at display.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType

from juryapp.i18n import N_, _, format_moment, ngettext, of_name

from .composition import check_composition, is_jury_member
from .decisions import DecisionError, validate_decision
from .findings import Finding
from .kinds import stages as kind_stages
from .models import (
    BlocAssessment,
    BlocLevel,
    Decision,
    DecisionStage,
    DecisionValue,
    DefenceEvent,
    DefenceEventKind,
    Epreuve,
    JuryMember,
    Phase,
    Role,
    Session,
    SessionKind,
    Sex,
)
from .permissions import epreuves_over
from .prerequisites import check_vae_prerequisites, recevabilite_deadline

K = DefenceEventKind
_ZERO = dt.timedelta(0)

#: Warnings before the end of a count-down phase (only those shorter than the phase).
WARNING_BEFORE_END: tuple[tuple[dt.timedelta, str], ...] = (
    (dt.timedelta(minutes=5), "five_minutes"),
    (dt.timedelta(minutes=1), "one_minute"),
)

#: An event stamped this far after the store's ``now`` is refused (clocks of two computers
#: sharing the session may differ a little).
FUTURE_TOLERANCE = dt.timedelta(minutes=2)

#: Names of the presses, for the screens and the minutes (French msgids: show them with
#: ``_()``).
EVENT_LABELS: Mapping[DefenceEventKind, str] = MappingProxyType(
    {
        K.START: N_("début de l'épreuve"),
        K.PAUSE: N_("interruption"),
        K.RESUME: N_("reprise"),
        K.NEXT_PHASE: N_("phase suivante"),
        K.END: N_("fin de l'épreuve"),
        K.OVERRIDE: N_("dérogation du président"),
    }
)


#: "<press> refused", agreed in gender, at the head of the refusal messages.
_REFUSED: Mapping[DefenceEventKind, str] = MappingProxyType(
    {
        K.START: N_("début de l'épreuve refusé"),
        K.PAUSE: N_("interruption refusée"),
        K.RESUME: N_("reprise refusée"),
        K.NEXT_PHASE: N_("passage à la phase suivante refusé"),
        K.END: N_("fin de l'épreuve refusée"),
        K.OVERRIDE: N_("dérogation refusée"),
    }
)


class DefenceError(ValueError):
    """The press on the clock cannot be recorded; the message says why, in the user's
    language, for the president or the secretary."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = problems or (message,)


class StartBlocked(DefenceError):
    """The defence may not start: :attr:`check` holds the blocking problems (and the
    warnings); the president may override them with a reason."""

    def __init__(self, message: str, check: StartCheck) -> None:
        super().__init__(message, tuple(f.message for f in check.blockers))
        self.check = check


def _unknown_candidate(candidate_id: str) -> str:
    return _("candidat inconnu dans cette session : « {candidate} »").format(candidate=candidate_id)


def _unknown_epreuve(epreuve_id: str) -> str:
    return _("épreuve inconnue dans cette session : « {epreuve} »").format(epreuve=epreuve_id)


def _not_member(member_id: str) -> str:
    return _("« {member} » n'est pas membre du jury de cette session").format(member=member_id)


# --------------------------------------------------------------------------- formatting


def format_clock(delta: dt.timedelta) -> str:
    """A duration as a clock face, whole seconds: ``44:59``, ``1:30:00`` (never negative)."""
    total = max(int(delta.total_seconds()), 0)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def format_duration(delta: dt.timedelta) -> str:
    """A duration the French way, for messages and minutes: ``1 h 30 min``, ``45 min 12 s``,
    ``40 s``, ``0 s`` (whole seconds, never negative)."""
    total = max(int(delta.total_seconds()), 0)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    parts = []
    if h:
        parts.append(f"{h} h")
    if m:
        parts.append(f"{m} min")
    if s or not parts:
        parts.append(f"{s} s")
    return " ".join(parts)


def _minutes(phase: Phase) -> dt.timedelta:
    return dt.timedelta(minutes=phase.minutes)


# --------------------------------------------------------------------------- phases


def timed_phases(epreuve: Epreuve) -> tuple[Phase, ...]:
    """The phases the clock runs through for ``epreuve``.

    Its own phases when it defines some; otherwise, if it has a duration, one count-down
    phase of that duration (a 30-minute interview, a 2-hour work-situation test); otherwise
    none: the épreuve is not timed (e.g. the review of a recevabilité memoir).
    """
    if epreuve.phases:
        return tuple(epreuve.phases)
    if epreuve.duration_minutes:
        return (
            Phase(
                id="epreuve",
                label=epreuve.name,
                minutes=epreuve.duration_minutes,
                countdown=True,
            ),
        )
    return ()


def defence_events(
    session: Session, candidate_id: str, epreuve_id: str | None = None
) -> list[DefenceEvent]:
    """The events of ``candidate_id`` (for ``epreuve_id``, or every épreuve), in the order
    they were recorded."""
    return [
        e
        for e in session.defence_events
        if e.candidate_id == candidate_id and (epreuve_id is None or e.epreuve_id == epreuve_id)
    ]


# --------------------------------------------------------------------------- replay


class ClockStatus(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass
class _Run:
    """What happened to one phase (mutable, during the replay)."""

    started: dt.datetime | None = None
    ended: dt.datetime | None = None
    paused: dt.timedelta = _ZERO
    early_reason: str = ""


@dataclass
class _Pause:
    phase_index: int
    at: dt.datetime
    reason: str
    actor: str
    resumed: dt.datetime | None = None
    closed: dt.datetime | None = None  # resumed, or the phase / defence ended meanwhile


@dataclass
class _Replay:
    """The defence as the events say it went, up to the last event."""

    phases: tuple[Phase, ...]
    status: ClockStatus = ClockStatus.NOT_STARTED
    index: int | None = None
    runs: list[_Run] = field(default_factory=list)
    pauses: list[_Pause] = field(default_factory=list)
    overrides: list[DefenceEvent] = field(default_factory=list)
    started_at: dt.datetime | None = None
    ended_at: dt.datetime | None = None
    end_reason: str = ""
    last: dt.datetime | None = None  # effective time of the last event
    anomalies: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.runs = [_Run() for _ in self.phases]

    @property
    def pause(self) -> _Pause | None:
        """The pause under way, if any."""
        if self.status is ClockStatus.PAUSED and self.pauses:
            return self.pauses[-1]
        return None

    @property
    def phase(self) -> Phase | None:
        return self.phases[self.index] if self.index is not None else None

    def effective(self, at: dt.datetime) -> dt.datetime:
        """``at``, or the last event's time if ``at`` is earlier (clock stepped back)."""
        return at if self.last is None or at >= self.last else self.last

    def elapsed(self, t: dt.datetime) -> dt.timedelta:
        """Time in the current phase at ``t`` (an effective time), pauses excluded."""
        if self.index is None:
            return _ZERO
        run = self.runs[self.index]
        assert run.started is not None
        end = run.ended or t
        out = end - run.started - run.paused
        pause = self.pause
        if pause is not None and run.ended is None:
            out -= t - pause.at
        return max(out, _ZERO)

    def paused_in_phase(self, t: dt.datetime) -> dt.timedelta:
        if self.index is None:
            return _ZERO
        out = self.runs[self.index].paused
        pause = self.pause
        if pause is not None:
            out += t - pause.at
        return out

    # -- rules shared by the validation and the screens (prompts for a reason)

    def pause_prompt(self) -> str | None:
        """Why a pause needs a reason now, or None."""
        phase = self.phase
        if phase is not None and phase.uninterrupted:
            return _(
                "« {phase} » ne s'interrompt pas : indiquer le motif de l'incident "
                "(panne technique, malaise du candidat…)"
            ).format(phase=phase.label)
        return None

    def early_end_prompt(self, kind: DefenceEventKind, t: dt.datetime) -> str | None:
        """Why ending the phase (``next_phase``) or the épreuve (``end``) at ``t`` needs a
        reason, or None."""
        phase = self.phase
        if phase is None:
            return None
        if phase.minimum:
            elapsed = self.elapsed(t)
            if elapsed < _minutes(phase):
                return _(
                    "« {phase} » dure au moins {minimum} et n'a duré que {elapsed} : indiquer "
                    "le motif de la fin anticipée (abandon du candidat…)"
                ).format(
                    phase=phase.label,
                    minimum=format_duration(_minutes(phase)),
                    elapsed=format_duration(elapsed),
                )
        if kind is K.END and self.index is not None:
            skipped = [p for p in self.phases[self.index + 1 :] if p.minimum]
            if skipped:
                names = ", ".join(
                    _("« {phase} » (au moins {minimum})").format(
                        phase=p.label, minimum=format_duration(_minutes(p))
                    )
                    for p in skipped
                )
                return _(
                    "terminer maintenant supprime {phases} : indiquer le motif de la fin "
                    "anticipée (abandon du candidat…)"
                ).format(phases=names)
        return None

    # -- one event

    def apply(self, event: DefenceEvent, *, strict: bool) -> None:
        """Take ``event`` into account.  ``strict``: raise :class:`DefenceError` when it is
        out of order or lacks a reason; otherwise skip it and note an anomaly (a file edited
        by hand must still load)."""
        t = self.effective(event.at)
        problem = self._problem(event, t)
        if problem is not None:
            if strict:
                raise DefenceError(
                    _("{refused} : {problem}").format(
                        refused=_(_REFUSED[event.kind]), problem=problem
                    )
                )
            self.anomalies.append(
                _("{event} du {at} ignoré(e) : {problem}").format(
                    event=_(EVENT_LABELS[event.kind]),
                    at=format_moment(event.at, seconds=True),
                    problem=problem,
                )
            )
            return
        self.last = t
        kind = event.kind
        if kind is K.OVERRIDE:
            self.overrides.append(event)
        elif kind is K.START:
            self.status = ClockStatus.RUNNING
            self.index = 0
            self.runs[0].started = t
            self.started_at = t
        elif kind is K.PAUSE:
            assert self.index is not None
            self.pauses.append(_Pause(self.index, t, event.reason, event.actor))
            self.status = ClockStatus.PAUSED
        elif kind is K.RESUME:
            self._close_pause(t, resumed=True)
            self.status = ClockStatus.RUNNING
        elif kind in (K.NEXT_PHASE, K.END):
            assert self.index is not None
            run = self.runs[self.index]
            early = self.early_end_prompt(kind, t) is not None
            self._close_pause(t, resumed=False)
            run.ended = t
            if early:
                run.early_reason = event.reason
            if kind is K.NEXT_PHASE:
                self.index += 1
                self.runs[self.index].started = t
                self.status = ClockStatus.RUNNING
            else:
                self.status = ClockStatus.FINISHED
                self.ended_at = t
                self.end_reason = event.reason
                for skipped in self.runs[self.index + 1 :]:
                    if early:
                        skipped.early_reason = event.reason

    def _close_pause(self, t: dt.datetime, *, resumed: bool) -> None:
        pause = self.pause
        if pause is None:
            return
        pause.closed = t
        if resumed:
            pause.resumed = t
        self.runs[pause.phase_index].paused += t - pause.at

    def _problem(self, event: DefenceEvent, t: dt.datetime) -> str | None:
        """What is wrong with ``event`` after the events already replayed, or None."""
        status, kind = self.status, event.kind
        if not self.phases:
            return _("cette épreuve n'est pas minutée (ni phases ni durée)")
        if status is ClockStatus.FINISHED:
            return _("l'épreuve est déjà terminée")
        if kind is K.OVERRIDE:
            if status is not ClockStatus.NOT_STARTED:
                return _("une dérogation se décide avant le début de l'épreuve")
            return None if event.reason else _("la dérogation doit être motivée")
        if kind is K.START:
            return None if status is ClockStatus.NOT_STARTED else _("l'épreuve a déjà commencé")
        if status is ClockStatus.NOT_STARTED:
            return _("l'épreuve n'a pas commencé")
        if kind is K.PAUSE:
            if status is ClockStatus.PAUSED:
                return _("l'épreuve est déjà interrompue")
            prompt = self.pause_prompt()
            return prompt if prompt and not event.reason else None
        if kind is K.RESUME:
            return None if status is ClockStatus.PAUSED else _("l'épreuve n'est pas interrompue")
        if kind is K.NEXT_PHASE:
            assert self.index is not None
            if self.index + 1 >= len(self.phases):
                return _("« {phase} » est la dernière phase").format(
                    phase=self.phases[self.index].label
                )
        prompt = self.early_end_prompt(kind, t)
        return prompt if prompt and not event.reason else None


def _replay(
    events: Iterable[DefenceEvent], phases: Sequence[Phase], *, strict: bool = False
) -> _Replay:
    replay = _Replay(tuple(phases))
    for event in events:
        replay.apply(event, strict=strict)
    return replay


# --------------------------------------------------------------------------- the record


@dataclass(frozen=True)
class PhaseTiming:
    """How long one phase actually lasted (for the minutes).

    ``duration`` excludes the pauses, ``paused`` is their total.  A phase not held (the
    épreuve ended before it) has no start and a zero duration.  ``ended_early_reason`` is the
    reason given when the phase ended before its minimum, or was not held because the épreuve
    ended early.
    """

    phase_id: str
    label: str
    planned_minutes: float
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    duration: dt.timedelta
    paused: dt.timedelta
    ended_early_reason: str
    countdown: bool = True
    minimum: bool = False
    #: count-down phases: how much longer than planned (zero otherwise)
    overrun: dt.timedelta = _ZERO


@dataclass(frozen=True)
class Incident:
    """A pause: when, why, and when the épreuve resumed (None: it never resumed, the phase
    or the épreuve ended during the pause)."""

    phase_id: str
    paused_at: dt.datetime
    resumed_at: dt.datetime | None
    reason: str
    #: how long the pause lasted (up to the resumption, the end of the phase, or ``now``)
    duration: dt.timedelta = _ZERO
    actor: str = ""


@dataclass(frozen=True)
class OverrideNote:
    """The president started the épreuve despite blocking problems."""

    at: dt.datetime
    actor: str
    reason: str
    overridden: tuple[str, ...]


@dataclass(frozen=True)
class DefenceRecord:
    """The actual timings of one candidate's épreuve, for the minutes (procès-verbal).

    Times are the recorded wall-clock times, except that an event stamped earlier than the
    one before it (computer clock stepped back) is taken as simultaneous with it; hence
    ``sum(duration + paused for each phase) == ended_at - started_at`` exactly.
    """

    candidate_id: str
    epreuve_id: str
    phases: tuple[PhaseTiming, ...]
    incidents: tuple[Incident, ...]
    #: the president's override reasons, in order
    overrides: tuple[str, ...]
    started_at: dt.datetime | None
    ended_at: dt.datetime | None
    finished: bool
    #: the reason given with the end (early end, or a note), "" if none
    end_reason: str = ""
    override_details: tuple[OverrideNote, ...] = ()
    #: recorded events that could not be taken into account (a file edited by hand)
    anomalies: tuple[str, ...] = ()

    @property
    def duration(self) -> dt.timedelta:
        """Time the phases lasted, pauses excluded."""
        return sum((p.duration for p in self.phases), _ZERO)

    @property
    def pause_total(self) -> dt.timedelta:
        return sum((p.paused for p in self.phases), _ZERO)


def _record(
    replay: _Replay,
    candidate_id: str,
    epreuve_id: str,
    now: dt.datetime | None,
) -> DefenceRecord:
    # An unfinished épreuve is measured up to ``now`` (or the last event).
    until = replay.last if now is None or replay.last is None else replay.effective(now)
    phases = []
    for i, (phase, run) in enumerate(zip(replay.phases, replay.runs, strict=True)):
        paused = run.paused
        if run.started is None:
            duration = _ZERO
        else:
            end = run.ended or until
            assert end is not None
            pause = replay.pause
            if run.ended is None and pause is not None and pause.phase_index == i:
                paused += end - pause.at
            duration = max(end - run.started - paused, _ZERO)
        over = max(duration - _minutes(phase), _ZERO) if phase.countdown else _ZERO
        phases.append(
            PhaseTiming(
                phase_id=phase.id,
                label=phase.label,
                planned_minutes=phase.minutes,
                started_at=run.started,
                ended_at=run.ended,
                duration=duration,
                paused=paused,
                ended_early_reason=run.early_reason,
                countdown=phase.countdown,
                minimum=phase.minimum,
                overrun=over,
            )
        )
    incidents = tuple(
        Incident(
            phase_id=replay.phases[p.phase_index].id,
            paused_at=p.at,
            resumed_at=p.resumed,
            reason=p.reason,
            duration=(p.closed or until or p.at) - p.at,
            actor=p.actor,
        )
        for p in replay.pauses
    )
    return DefenceRecord(
        candidate_id=candidate_id,
        epreuve_id=epreuve_id,
        phases=tuple(phases),
        incidents=incidents,
        overrides=tuple(e.reason for e in replay.overrides),
        started_at=replay.started_at,
        ended_at=replay.ended_at,
        finished=replay.status is ClockStatus.FINISHED,
        end_reason=replay.end_reason,
        override_details=tuple(
            OverrideNote(e.at, e.actor, e.reason, tuple(e.overridden)) for e in replay.overrides
        ),
        anomalies=tuple(replay.anomalies),
    )


def defence_record(
    session: Session,
    candidate_id: str,
    epreuve_id: str | None = None,
    *,
    now: dt.datetime | None = None,
) -> DefenceRecord | None:
    """The actual timings of ``candidate_id``'s épreuve, or None if nothing was recorded.

    ``epreuve_id`` None: the first épreuve of the session (in its order) with events for the
    candidate.  Every phase of the épreuve appears, held or not; incidents are the pauses;
    overrides the president's reasons.  An épreuve not finished is measured up to ``now``
    if given, else up to its last event.  Events out of order (a file edited by hand) are
    left out and listed in ``anomalies``.
    """
    events = defence_events(session, candidate_id)
    if epreuve_id is None:
        with_events = {e.epreuve_id for e in events}
        epreuve_id = next(
            (ep.id for ep in session.epreuves if ep.id in with_events),
            events[0].epreuve_id if events else None,
        )
        if epreuve_id is None:
            return None
    events = [e for e in events if e.epreuve_id == epreuve_id]
    if not events:
        return None
    epreuve = session.epreuve(epreuve_id)
    phases = timed_phases(epreuve) if epreuve is not None else ()
    replay = _replay(events, phases)
    if epreuve is None:
        replay.anomalies.insert(0, _unknown_epreuve(epreuve_id))
    return _record(replay, candidate_id, epreuve_id, now)


def defence_records(
    session: Session, candidate_id: str, *, now: dt.datetime | None = None
) -> list[DefenceRecord]:
    """The records of every épreuve of ``candidate_id`` that has events (session order)."""
    ids = {e.epreuve_id for e in defence_events(session, candidate_id)}
    out = []
    for ep_id in [ep.id for ep in session.epreuves if ep.id in ids] + sorted(
        ids - {ep.id for ep in session.epreuves}
    ):
        record = defence_record(session, candidate_id, ep_id, now=now)
        if record is not None:
            out.append(record)
    return out


# --------------------------------------------------------------------------- the clock


class ClockAlert(StrEnum):
    """A warning of the clock; the screen shows it in colour and words, and rings once."""

    FIVE_MINUTES = "five_minutes"
    ONE_MINUTE = "one_minute"
    #: a count-down phase has reached its planned end
    OVERRUN = "overrun"
    #: a phase with a minimum (the questions) has lasted its minimum
    MINIMUM_REACHED = "minimum_reached"

    @property
    def severity(self) -> str:
        """``info``, ``warning`` or ``critical`` (for the colour)."""
        return {
            ClockAlert.FIVE_MINUTES: "warning",
            ClockAlert.ONE_MINUTE: "critical",
            ClockAlert.OVERRUN: "critical",
            ClockAlert.MINIMUM_REACHED: "info",
        }[self]


#: The clock's status in words (French msgids: show them with ``_()``).
STATUS_LABELS: Mapping[ClockStatus, str] = MappingProxyType(
    {
        ClockStatus.NOT_STARTED: N_("pas commencée"),
        ClockStatus.RUNNING: N_("en cours"),
        ClockStatus.PAUSED: N_("interrompue"),
        ClockStatus.FINISHED: N_("terminée"),
    }
)


def _alert(phase: Phase, elapsed: dt.timedelta) -> ClockAlert | None:
    planned = _minutes(phase)
    if phase.countdown:
        if elapsed >= planned:
            return ClockAlert.OVERRUN
        remaining = planned - elapsed
        level = None
        for before, name in WARNING_BEFORE_END:
            if before < planned and remaining <= before:
                level = ClockAlert(name)
        return level
    if phase.minimum and elapsed >= planned:
        return ClockAlert.MINIMUM_REACHED
    return None


@dataclass(frozen=True)
class ClockState:
    """The clock of one candidate's épreuve at one instant, computed from its events.

    Durations exclude pauses unless named ``pause``/``paused``.  Wall-clock instants are
    the event times (clamped, see the module docstring) and ``now``.
    """

    epreuve_id: str
    candidate_id: str | None
    status: ClockStatus
    phases: tuple[Phase, ...]
    #: the current phase (the last one held once finished); None before the start
    phase_index: int | None
    #: the effective ``now`` used (never before the last event)
    now: dt.datetime
    #: time in the current phase, pauses excluded
    elapsed: dt.timedelta
    #: count-down: time left before the planned end; minimum: before the minimum; else None
    remaining: dt.timedelta | None
    #: count-down phases: time beyond the planned end (zero otherwise)
    overrun: dt.timedelta
    #: length of the pause under way (zero if not paused)
    paused_for: dt.timedelta
    pause_reason: str
    #: the pauses of the current phase, the one under way included
    pause_total: dt.timedelta
    #: time of the whole épreuve so far, pauses excluded
    total_elapsed: dt.timedelta
    alert: ClockAlert | None
    started_at: dt.datetime | None
    phase_started_at: dt.datetime | None
    #: when the current phase reaches its planned length (its minimum for the questions)
    #: if nothing more interrupts it; moves forward while paused
    phase_planned_end: dt.datetime | None
    #: when the épreuve will end if every remaining phase lasts as planned
    planned_end: dt.datetime | None
    #: when it actually ended
    ended_at: dt.datetime | None
    #: the computer's clock is behind the last recorded event: the clock stands still
    clock_behind: bool
    #: the presses possible now in the clock's order (a start may still be blocked:
    #: :func:`start_check`; an override only makes sense when something blocks)
    allowed: frozenset[DefenceEventKind]
    #: presses that need a reason now -> what to ask (French)
    reason_prompts: Mapping[DefenceEventKind, str]

    @property
    def phase(self) -> Phase | None:
        return self.phases[self.phase_index] if self.phase_index is not None else None

    @property
    def paused(self) -> bool:
        return self.status is ClockStatus.PAUSED

    @property
    def running(self) -> bool:
        return self.status is ClockStatus.RUNNING

    @property
    def finished(self) -> bool:
        return self.status is ClockStatus.FINISHED

    @property
    def is_last_phase(self) -> bool:
        return self.phase_index is not None and self.phase_index == len(self.phases) - 1

    @property
    def next_phase(self) -> Phase | None:
        if self.phase_index is None or self.is_last_phase:
            return None
        return self.phases[self.phase_index + 1]

    @property
    def minimum_reached(self) -> bool | None:
        """For a phase with a minimum: has it been reached?  None otherwise."""
        phase = self.phase
        if phase is None or not phase.minimum:
            return None
        return self.elapsed >= _minutes(phase)

    @property
    def alert_key(self) -> tuple[int, ClockAlert] | None:
        """Identifies the warning crossed (phase and level): ring the bell when it changes
        to a new non-None value (:meth:`DefenceClock.tick` does it)."""
        if self.alert is None or self.phase_index is None:
            return None
        return (self.phase_index, self.alert)

    @property
    def alert_text(self) -> str:
        """The warning in words (shown with its colour), "" if none."""
        phase = self.phase
        if self.alert is None or phase is None:
            return ""
        if self.alert is ClockAlert.OVERRUN:
            if self.overrun >= dt.timedelta(seconds=1):
                return _("Temps écoulé — dépassement de {overrun} ({phase})").format(
                    overrun=format_duration(self.overrun), phase=phase.label
                )
            return _("Temps écoulé ({phase})").format(phase=phase.label)
        if self.alert is ClockAlert.MINIMUM_REACHED:
            return _("Durée minimale atteinte ({minimum}) — {phase}").format(
                minimum=format_duration(_minutes(phase)), phase=phase.label
            )
        if self.alert is ClockAlert.ONE_MINUTE:
            return _("Plus qu'une minute — {phase}").format(phase=phase.label)
        return _("Plus que 5 minutes — {phase}").format(phase=phase.label)

    def reason_prompt(self, kind: DefenceEventKind) -> str | None:
        """What to ask before recording ``kind`` now, or None if no reason is needed."""
        return self.reason_prompts.get(kind)


def _state(
    replay: _Replay, epreuve_id: str, candidate_id: str | None, now: dt.datetime
) -> ClockState:
    t = replay.effective(now)
    behind = replay.last is not None and now < replay.last
    phases = replay.phases
    status = replay.status
    index = replay.index
    phase = replay.phase
    elapsed = replay.elapsed(t)
    remaining: dt.timedelta | None = None
    overrun = _ZERO
    paused_for = _ZERO
    pause_reason = ""
    pause_total = replay.paused_in_phase(t)
    alert = None
    phase_started = phase_end = planned_end = None
    prompts: dict[DefenceEventKind, str] = {}
    allowed: set[DefenceEventKind] = set()

    total = _ZERO
    for i, run in enumerate(replay.runs):
        if run.started is not None:
            end = run.ended or t
            paused = replay.paused_in_phase(t) if i == index else run.paused
            total += max(end - run.started - paused, _ZERO)

    if status is ClockStatus.NOT_STARTED:
        allowed = {K.START, K.OVERRIDE}
        prompts[K.OVERRIDE] = _("motif de la dérogation du président")
        planned_end = t + sum((_minutes(p) for p in phases), _ZERO)
    elif phase is not None:
        phase_started = replay.runs[index].started  # type: ignore[index]
        if status is not ClockStatus.FINISHED:
            planned = _minutes(phase)
            if phase.countdown or phase.minimum:
                remaining = max(planned - elapsed, _ZERO)
            if phase.countdown:
                overrun = max(elapsed - planned, _ZERO)
            alert = _alert(phase, elapsed)
            pause = replay.pause
            if pause is not None:
                paused_for = t - pause.at
                pause_reason = pause.reason
            assert phase_started is not None
            phase_end = phase_started + pause_total + planned
            later = sum((_minutes(p) for p in phases[index + 1 :]), _ZERO)  # type: ignore[operator]
            planned_end = max(phase_end, t) + later
            allowed = {K.END, K.RESUME if pause is not None else K.PAUSE}
            if index is not None and index + 1 < len(phases):
                allowed.add(K.NEXT_PHASE)
            if pause is None and (p := replay.pause_prompt()):
                prompts[K.PAUSE] = p
            for kind in (K.NEXT_PHASE, K.END):
                if kind in allowed and (p := replay.early_end_prompt(kind, t)):
                    prompts[kind] = p

    return ClockState(
        epreuve_id=epreuve_id,
        candidate_id=candidate_id,
        status=status,
        phases=phases,
        phase_index=index,
        now=t,
        elapsed=elapsed,
        remaining=remaining,
        overrun=overrun,
        paused_for=paused_for,
        pause_reason=pause_reason,
        pause_total=pause_total,
        total_elapsed=total,
        alert=alert,
        started_at=replay.started_at,
        phase_started_at=phase_started,
        phase_planned_end=phase_end,
        planned_end=replay.ended_at if status is ClockStatus.FINISHED else planned_end,
        ended_at=replay.ended_at,
        clock_behind=behind,
        allowed=frozenset(allowed),
        reason_prompts=MappingProxyType(prompts),
    )


def clock_state(events: Iterable[DefenceEvent], epreuve: Epreuve, now: dt.datetime) -> ClockState:
    """The clock of ``epreuve`` at ``now``, from the events of ONE candidate (in the order
    they were recorded; events of other épreuves are ignored).

    Pure: the same events and ``now`` always give the same state, whatever happened in
    between (crash, restart, sleep).  ``now`` must be timezone-aware.
    """
    mine = [e for e in events if e.epreuve_id == epreuve.id]
    candidates = {e.candidate_id for e in mine}
    if len(candidates) > 1:
        raise ValueError(
            _("événements de plusieurs candidats mêlés : {candidates}").format(
                candidates=", ".join(sorted(candidates))
            )
        )
    replay = _replay(mine, timed_phases(epreuve))
    return _state(replay, epreuve.id, next(iter(candidates), None), now)


def session_clock_state(
    session: Session, candidate_id: str, epreuve_id: str, now: dt.datetime
) -> ClockState:
    """:func:`clock_state` of ``candidate_id``'s épreuve in ``session``."""
    epreuve = session.epreuve(epreuve_id)
    if epreuve is None:
        raise DefenceError(_unknown_epreuve(epreuve_id))
    state = clock_state(defence_events(session, candidate_id, epreuve_id), epreuve, now)
    if state.candidate_id is None:
        state = _with_candidate(state, candidate_id)
    return state


def _with_candidate(state: ClockState, candidate_id: str) -> ClockState:
    return replace(state, candidate_id=candidate_id)


class DefenceClock:
    """What a clock screen keeps: the épreuve, the candidate's events, and the warning
    already announced.

    Typical use, ticking once per second::

        clock = DefenceClock.for_session(session, candidate_id, epreuve_id)
        ...
        state, ring = clock.tick(dt.datetime.now(dt.UTC))   # every second
        if ring: app.bell()                                 # a warning newly crossed
        show(state.elapsed, state.remaining, state.alert_text, state.alert.severity)
        ...
        store.record_defence_event(event, actor=...)        # on a key press
        clock.set_events(reloaded_session_events)

    The state is recomputed from the events at each tick (nothing is counted).  Within one
    clock, ``now`` never goes back (a clock stepped back makes it stand still).  The first
    tick announces nothing: a screen opened during a defence (after a restart) shows the
    current warning without ringing for it again.
    """

    def __init__(
        self,
        epreuve: Epreuve,
        events: Iterable[DefenceEvent] = (),
        candidate_id: str | None = None,
    ) -> None:
        self.epreuve = epreuve
        self.candidate_id = candidate_id
        self._events: tuple[DefenceEvent, ...] = ()
        self._latest: dt.datetime | None = None
        self._announced: tuple[int, ClockAlert] | None = None
        self._ticked = False
        self.set_events(events)

    @classmethod
    def for_session(cls, session: Session, candidate_id: str, epreuve_id: str) -> DefenceClock:
        epreuve = session.epreuve(epreuve_id)
        if epreuve is None:
            raise DefenceError(_unknown_epreuve(epreuve_id))
        return cls(epreuve, defence_events(session, candidate_id, epreuve_id), candidate_id)

    @property
    def events(self) -> tuple[DefenceEvent, ...]:
        return self._events

    def set_events(self, events: Iterable[DefenceEvent]) -> None:
        """Replace the events (after the store recorded a new one, or reloaded)."""
        self._events = tuple(
            e
            for e in events
            if e.epreuve_id == self.epreuve.id
            and (self.candidate_id is None or e.candidate_id == self.candidate_id)
        )

    def state(self, now: dt.datetime) -> ClockState:
        """The state at ``now`` (or at the latest ``now`` already seen, if later)."""
        if self._latest is None or now > self._latest:
            self._latest = now
        state = clock_state(self._events, self.epreuve, self._latest)
        if state.candidate_id is None and self.candidate_id is not None:
            state = _with_candidate(state, self.candidate_id)
        return state

    def tick(self, now: dt.datetime) -> tuple[ClockState, bool]:
        """The state at ``now``, and whether a warning was newly crossed (ring once)."""
        state = self.state(now)
        key = state.alert_key
        ring = self._ticked and key is not None and key != self._announced
        if key is not None:
            self._announced = key
        self._ticked = True
        return state, ring


# --------------------------------------------------------------------------- before the start


@dataclass(frozen=True)
class StartCheck:
    """What stands in the way of starting a candidate's épreuve (shown before the clock
    starts).  ``blockers`` prevent the start unless the president has overridden them
    (``overrides``: the override events recorded); ``warnings`` are only to be noted."""

    candidate_id: str
    epreuve_id: str
    blockers: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    overrides: tuple[DefenceEvent, ...] = ()

    @property
    def may_start(self) -> bool:
        return not self.blockers or bool(self.overrides)

    @property
    def overridden(self) -> bool:
        """Blocking problems exist and the president passed over them."""
        return bool(self.blockers) and bool(self.overrides)


def _known(
    session: Session, candidate_id: str, epreuve_id: str
) -> tuple[Epreuve, tuple[Phase, ...]]:
    if session.candidate(candidate_id) is None:
        raise DefenceError(_unknown_candidate(candidate_id))
    epreuve = session.epreuve(epreuve_id)
    if epreuve is None:
        raise DefenceError(_unknown_epreuve(epreuve_id))
    phases = timed_phases(epreuve)
    if not phases:
        raise DefenceError(
            _(
                "l'épreuve « {epreuve} » n'est pas minutée (ni phases ni durée) : pas de "
                "chronomètre"
            ).format(epreuve=epreuve.name)
        )
    return epreuve, phases


def start_check(
    session: Session, candidate_id: str, epreuve_id: str, now: dt.datetime
) -> StartCheck:
    """Everything that blocks or warns before ``candidate_id``'s épreuve starts.

    Blocks: the errors of :func:`check_composition` for this candidate (a sitting member with
    a hard conflict of interest, no quorum, no president present, a VAE jury not composed as
    required...) and, for a VAE validation, the errors of :func:`check_vae_prerequisites` at
    ``now``'s date.  When the candidate has a panel for this épreuve, only the conflicts of
    the panel's members count.  Warnings: theirs, plus an épreuve not planned for the
    candidate, and another épreuve of the session under way.
    Raises :class:`DefenceError` for an unknown candidate or épreuve, or an untimed épreuve.
    """
    epreuve, _phases = _known(session, candidate_id, epreuve_id)
    candidate = session.candidate(candidate_id)
    assert candidate is not None
    conflicts = session.conflicts
    panel = candidate.panels.get(epreuve_id)
    if panel:
        conflicts = [c for c in conflicts if c.member_id in panel]
    findings = check_composition(session.info.kind, session.jury, conflicts, candidate_id)
    if session.info.kind is SessionKind.VAE_VALIDATION:
        findings = findings + check_vae_prerequisites(candidate, now.date())
    blockers = [f for f in findings if f.is_error]
    warnings = [f for f in findings if not f.is_error]
    if epreuve not in session.planned_epreuves(candidate):
        warnings.append(
            Finding(
                "warning",
                "not-planned",
                _("l'épreuve « {epreuve} » n'est pas prévue pour {candidate}").format(
                    epreuve=epreuve.name, candidate=candidate.full_name
                ),
            )
        )
    for other_cand, other_ep in _under_way(session, now):
        if (other_cand, other_ep) != (candidate_id, epreuve_id):
            other = session.candidate(other_cand)
            ep = session.epreuve(other_ep)
            warnings.append(
                Finding(
                    "warning",
                    "other-under-way",
                    _("une autre épreuve est en cours : « {epreuve} » {of_candidate}").format(
                        epreuve=ep.name if ep else other_ep,
                        of_candidate=of_name(other.full_name if other else other_cand),
                    ),
                )
            )
    overrides = tuple(
        e for e in defence_events(session, candidate_id, epreuve_id) if e.kind is K.OVERRIDE
    )
    return StartCheck(candidate_id, epreuve_id, tuple(blockers), tuple(warnings), overrides)


def _under_way(session: Session, now: dt.datetime) -> list[tuple[str, str]]:
    """(candidate, épreuve) pairs started and not finished."""
    keys = list(dict.fromkeys((e.candidate_id, e.epreuve_id) for e in session.defence_events))
    out = []
    for cand, ep_id in keys:
        epreuve = session.epreuve(ep_id)
        if epreuve is None:
            continue
        replay = _replay(defence_events(session, cand, ep_id), timed_phases(epreuve))
        if replay.status in (ClockStatus.RUNNING, ClockStatus.PAUSED):
            out.append((cand, ep_id))
    return out


def make_override(
    session: Session,
    candidate_id: str,
    epreuve_id: str,
    actor: str,
    reason: str,
    now: dt.datetime,
) -> DefenceEvent:
    """The president's override event, naming the blocking problems passed over (as
    :func:`start_check` finds them at ``now``).  Not validated: see :func:`validate_event`."""
    check = start_check(session, candidate_id, epreuve_id, now)
    return DefenceEvent(
        candidate_id=candidate_id,
        epreuve_id=epreuve_id,
        kind=K.OVERRIDE,
        at=now,
        reason=reason,
        actor=actor,
        overridden=[f.message for f in check.blockers],
    )


# --------------------------------------------------------------------------- validation


def _operator_problem(
    session: Session, member: JuryMember | None, event: DefenceEvent
) -> str | None:
    if member is None:
        return _not_member(event.actor)
    if not member.is_present:
        if member.sex is Sex.F:
            return _("{name} n'est pas présente").format(name=member.full_name)
        return _("{name} n'est pas présent").format(name=member.full_name)
    if session.hard_conflict(member.id, event.candidate_id) is not None:
        return _(
            "{name} a un conflit d'intérêts avec le candidat {candidate} et ne siège pas pour "
            "ce candidat"
        ).format(name=member.full_name, candidate=event.candidate_id)
    if event.kind is K.OVERRIDE and member.role is not Role.PRESIDENT:
        from .kinds import only_the_president, role_label_of

        return _("{name} ({role}) ne peut pas déroger : {only_the_president} le peut").format(
            name=member.full_name,
            role=_(role_label_of(member)).lower(),
            only_the_president=only_the_president(session.president),
        )
    return None


def validate_event(session: Session, event: DefenceEvent, now: dt.datetime) -> None:
    """Raise :class:`DefenceError` unless ``event`` may be appended to ``session``'s events.

    Checked: the session is neither closed nor signed; candidate and épreuve exist and the épreuve is timed;
    the one who pressed is a jury member (or the secretary) present and without a hard
    conflict with the candidate, and the president for an override; the event is not dated
    in the future (more than :data:`FUTURE_TOLERANCE` after ``now``); it comes in order (no
    pause when not running, no second start, no next phase after the last, nothing after the
    end...); the reasons required (pause of an uninterrupted phase, end before a minimum,
    override) are given.  A start is refused with :class:`StartBlocked` while
    :func:`start_check` finds blocking problems not overridden; an override is refused when
    nothing blocks.  An event dated before the previous one (clock stepped back) is accepted:
    it counts as simultaneous with it.
    """
    over = epreuves_over(session.info)
    if over is not None:  # closed or signed
        raise DefenceError(over)
    _known(session, event.candidate_id, event.epreuve_id)
    refused = _(_REFUSED[event.kind])
    problem = _operator_problem(session, session.member(event.actor), event)
    if problem is not None:
        raise DefenceError(_("{refused} : {problem}").format(refused=refused, problem=problem))
    if event.at > now + FUTURE_TOLERANCE:
        raise DefenceError(
            _(
                "{refused} : horodatage {at} dans le futur — vérifier l'horloge de l'ordinateur"
            ).format(refused=refused, at=format_moment(event.at, seconds=True))
        )
    epreuve = session.epreuve(event.epreuve_id)
    assert epreuve is not None
    replay = _replay(
        defence_events(session, event.candidate_id, event.epreuve_id), timed_phases(epreuve)
    )
    replay.apply(event, strict=True)  # raises when out of order or a reason is missing
    if event.kind in (K.START, K.OVERRIDE):
        check = start_check(session, event.candidate_id, event.epreuve_id, now)
        if event.kind is K.OVERRIDE and not check.blockers:
            raise DefenceError(
                _(
                    "{refused} : rien ne bloque le début de l'épreuve, il n'y a pas à déroger"
                ).format(refused=refused)
            )
        if event.kind is K.START and not check.may_start:
            raise StartBlocked(
                _(
                    "{refused} : {problems} — le président peut passer outre en motivant "
                    "sa décision"
                ).format(
                    refused=refused,
                    problems=_(" ; ").join(f.message for f in check.blockers),
                ),
                check,
            )


# --------------------------------------------------------------------------- blocs


class AssessmentError(ValueError):
    """The bloc assessment cannot be recorded; the message says why, in the user's language."""


def _utc(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at


def sitting_for(session: Session, candidate_id: str) -> list[JuryMember]:
    """The jury members who sit for ``candidate_id``: president and members present,
    without a hard conflict of interest with the candidate (secretaries do not vote)."""
    return [
        m
        for m in session.jury
        if is_jury_member(m) and m.is_present and session.hard_conflict(m.id, candidate_id) is None
    ]


def validate_assessment(
    session: Session, assessment: BlocAssessment, *, actor: str | None = None
) -> None:
    """Raise :class:`AssessmentError` unless ``assessment`` may be recorded.

    The session is neither closed nor signed, and grants blocs (VAE validation, CQPM); candidate and bloc
    exist; the member sits for the candidate (present, no hard conflict, not a secretary);
    an assessment is personal: ``actor``, when given, is the member.
    """
    over = epreuves_over(session.info)
    if over is not None:  # closed or signed
        raise AssessmentError(over)
    if DecisionStage.VAE not in kind_stages(session.info.kind):
        raise AssessmentError(
            _("les blocs de compétences ne s'apprécient que dans un jury de validation (VAE, CQPM)")
        )
    if session.candidate(assessment.candidate_id) is None:
        raise AssessmentError(_unknown_candidate(assessment.candidate_id))
    known = [b.id for b in session.info.blocs]
    if assessment.bloc_id not in known:
        listed = ", ".join(known) if known else _("aucun bloc n'est défini pour la session")
        raise AssessmentError(
            _("bloc inconnu : {bloc} (blocs de la session : {known})").format(
                bloc=assessment.bloc_id, known=listed
            )
        )
    member = session.member(assessment.member_id)
    if member is None:
        raise AssessmentError(_not_member(assessment.member_id))
    if member not in sitting_for(session, assessment.candidate_id):
        if not is_jury_member(member):
            why = _("le secrétaire ne vote pas")
        elif not member.is_present:
            why = _("elle n'est pas présente") if member.sex is Sex.F else _("il n'est pas présent")
        else:
            why = (
                _("elle a un conflit d'intérêts avec ce candidat")
                if member.sex is Sex.F
                else _("il a un conflit d'intérêts avec ce candidat")
            )
        raise AssessmentError(
            _("{name} ne peut pas apprécier les blocs : {why}").format(
                name=member.full_name, why=why
            )
        )
    if actor is not None and actor != assessment.member_id:
        raise AssessmentError(
            _("l'appréciation d'un bloc est personnelle : chaque membre saisit la sienne")
        )


def latest_assessments(
    session: Session, candidate_id: str
) -> dict[tuple[str, str], BlocAssessment]:
    """(member, bloc) -> the latest assessment (by ``at``; the later recorded on a tie) of
    each member sitting for ``candidate_id``."""
    sitting = {m.id for m in sitting_for(session, candidate_id)}
    out: dict[tuple[str, str], BlocAssessment] = {}
    for a in session.bloc_assessments:
        if a.candidate_id != candidate_id or a.member_id not in sitting:
            continue
        key = (a.member_id, a.bloc_id)
        prev = out.get(key)
        if prev is None or _utc(a.at) >= _utc(prev.at):
            out[key] = a
    return out


def assessments_visible_to(
    session: Session, candidate_id: str, viewer_id: str
) -> list[BlocAssessment]:
    """The latest assessments ``viewer_id`` may read: one's own always; the others' once
    one has assessed every bloc (as scores are hidden until one has given one's own)."""
    latest = latest_assessments(session, candidate_id)
    own = [a for (m, _b), a in latest.items() if m == viewer_id]
    blocs = {b.id for b in session.info.blocs}
    if blocs and {a.bloc_id for a in own} >= blocs:
        return list(latest.values())
    return own


@dataclass(frozen=True)
class BlocTally:
    """The sitting members' latest views of one bloc (member ids)."""

    bloc_id: str
    label: str
    acquired: tuple[str, ...]
    partly: tuple[str, ...]
    not_acquired: tuple[str, ...]
    #: sitting members who have not assessed it
    missing: tuple[str, ...]

    @property
    def unanimous_acquired(self) -> bool:
        return bool(self.acquired) and not self.partly and not self.not_acquired


def bloc_tally(session: Session, candidate_id: str) -> list[BlocTally]:
    """For each bloc of the session, who judged it acquired, partly, not acquired, or has not
    said (for the president, before the decision)."""
    latest = latest_assessments(session, candidate_id)
    sitting = [m.id for m in sitting_for(session, candidate_id)]
    out = []
    for bloc in session.info.blocs:
        by_level: dict[BlocLevel, list[str]] = {lv: [] for lv in BlocLevel}
        missing = []
        for m in sitting:
            a = latest.get((m, bloc.id))
            if a is None:
                missing.append(m)
            else:
                by_level[a.level].append(m)
        out.append(
            BlocTally(
                bloc.id,
                bloc.label,
                tuple(by_level[BlocLevel.ACQUIRED]),
                tuple(by_level[BlocLevel.PARTLY]),
                tuple(by_level[BlocLevel.NOT_ACQUIRED]),
                tuple(missing),
            )
        )
    return out


def _granted(session: Session, decision: Decision) -> set[str]:
    if decision.value is DecisionValue.TOTALE:
        return {b.id for b in session.info.blocs}
    if decision.value is DecisionValue.PARTIELLE:
        return set(decision.blocs_granted)
    return set()


def check_decision_against_assessments(session: Session, decision: Decision) -> list[Finding]:
    """What the members' bloc assessments say against ``decision`` (VAE stage only).

    * error: a bloc granted (every bloc for a *totale*) that a sitting member judged *non
      acquis* — unless the decision is motivated (``override_reason``): then a warning;
    * warnings: a bloc granted that a member judged only *partiellement* acquis; a bloc
      judged acquis by every member who assessed it but not granted; members who have not
      assessed every bloc (when some assessment exists).
    Errors first.  No assessment at all: nothing to say.
    """
    if decision.stage is not DecisionStage.VAE or not session.info.blocs:
        return []
    tallies = bloc_tally(session, decision.candidate_id)
    if not any(t.acquired or t.partly or t.not_acquired for t in tallies):
        return []
    names = {m.id: m.full_name for m in session.jury}
    granted = _granted(session, decision)
    motivated = decision.override_reason.strip()
    out: list[Finding] = []
    for t in tallies:
        who = ", ".join(names.get(m, m) for m in t.not_acquired)
        if t.bloc_id in granted and t.not_acquired:
            if motivated:
                out.append(
                    Finding(
                        "warning",
                        "bloc-granted-despite",
                        _(
                            "bloc {bloc} accordé bien que jugé non acquis par {members} — "
                            "motif : {reason}"
                        ).format(bloc=t.bloc_id, members=who, reason=motivated),
                    )
                )
            else:
                out.append(
                    Finding(
                        "error",
                        "bloc-not-acquired",
                        _(
                            "le bloc {bloc} « {label} » est accordé alors que {members} l'a "
                            "jugé non acquis : revoir les appréciations ou motiver la "
                            "décision (override_reason)"
                        ).format(bloc=t.bloc_id, label=t.label, members=who),
                    )
                )
        if t.bloc_id in granted and t.partly:
            partly = ", ".join(names.get(m, m) for m in t.partly)
            out.append(
                Finding(
                    "warning",
                    "bloc-partly",
                    _("bloc {bloc} accordé, jugé partiellement acquis par {members}").format(
                        bloc=t.bloc_id, members=partly
                    ),
                )
            )
        if t.bloc_id not in granted and t.unanimous_acquired:
            out.append(
                Finding(
                    "warning",
                    "bloc-acquired-not-granted",
                    _(
                        "bloc {bloc} jugé acquis par tous ceux qui l'ont apprécié, mais non accordé"
                    ).format(bloc=t.bloc_id),
                )
            )
    missing = sorted({m for t in tallies for m in t.missing})
    if missing:
        out.append(
            Finding(
                "warning",
                "assessments-missing",
                _("appréciations des blocs incomplètes : {members}").format(
                    members=", ".join(names.get(m, m) for m in missing)
                ),
            )
        )
    out.sort(key=lambda f: 0 if f.is_error else 1)
    return out


def validate_vae_decision(session: Session, decision: Decision) -> None:
    """:func:`validate_decision`, plus the errors of
    :func:`check_decision_against_assessments`, in one :class:`DecisionError`."""
    problems: list[str] = []
    try:
        validate_decision(session, decision)
    except DecisionError as exc:
        problems.extend(exc.problems)
    problems.extend(
        f.message for f in check_decision_against_assessments(session, decision) if f.is_error
    )
    if problems:
        raise DecisionError(
            _("décision refusée : {problems}").format(problems=_(" ; ").join(problems)),
            tuple(problems),
        )


# --------------------------------------------------------------------------- recevabilité


@dataclass(frozen=True)
class RecevabiliteStatus:
    """The one-month deadline of a recevabilité ruling (no defence: the jury rules on the
    memoir within one month of its receipt, seed 000)."""

    received: dt.date
    deadline: dt.date
    today: dt.date
    ruled_on: dt.date | None = None

    @property
    def overdue(self) -> bool:
        """No ruling yet and the deadline has passed (the deadline day itself is in time)."""
        return self.ruled_on is None and self.today > self.deadline

    @property
    def ruled_late(self) -> bool:
        return self.ruled_on is not None and self.ruled_on > self.deadline

    @property
    def days_left(self) -> int:
        """Days until the deadline (0 on the day, negative once passed)."""
        return (self.deadline - self.today).days

    @property
    def message(self) -> str:
        deadline = self.deadline.strftime("%d/%m/%Y")
        if self.ruled_on is not None:
            on = self.ruled_on.strftime("%d/%m/%Y")
            if self.ruled_late:
                return _("statué le {on}, après l'échéance du {deadline}").format(
                    on=on, deadline=deadline
                )
            return _("statué le {on}, dans le délai (échéance {deadline})").format(
                on=on, deadline=deadline
            )
        if self.overdue:
            late = -self.days_left
            return ngettext(
                "délai dépassé de {n} jour (échéance {deadline})",
                "délai dépassé de {n} jours (échéance {deadline})",
                late,
            ).format(n=late, deadline=deadline)
        if self.days_left == 0:
            return _("le jury doit statuer aujourd'hui ({deadline})").format(deadline=deadline)
        return _("à statuer au plus tard le {deadline} (dans {n} j)").format(
            deadline=deadline, n=self.days_left
        )


def recevabilite_status(
    received: dt.date, today: dt.date, ruled_on: dt.date | None = None
) -> RecevabiliteStatus:
    """The deadline for ruling on a memoir ``received`` that day
    (:func:`~juryapp.domain.prerequisites.recevabilite_deadline`) and whether it is overdue
    at ``today`` (``ruled_on``: the date of the ruling, if made)."""
    return RecevabiliteStatus(received, recevabilite_deadline(received), today, ruled_on)


def recevabilite_status_for(
    session: Session, candidate_id: str, received: dt.date, today: dt.date
) -> RecevabiliteStatus:
    """:func:`recevabilite_status`, the ruling being the candidate's latest dossier-review
    decision in ``session`` (if any)."""
    decision = session.latest_decision(candidate_id, DecisionStage.DOSSIER_REVIEW)
    ruled_on = decision.at.date() if decision is not None else None
    return recevabilite_status(received, today, ruled_on)
