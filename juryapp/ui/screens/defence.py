"""The clock of a timed épreuve (the VAE defence above all), readable from across a table.

Large digits for the phase (a count-down for the 45-minute presentation, a count-up with its
minimum for the questions, a count-up for the deliberation), the phase's name, planned and
actual end times (wall clock), a progress bar with the warnings or the minimum marked on a
ruler under it, the warnings at 5 and 1 minute before the end and on overrun in colour *and*
words, and the terminal bell once per warning.

Everything is computed from the recorded presses (:mod:`juryapp.domain.defence`) and the
current time, at each tick: closing the app, a crash or a laptop asleep lose nothing, and
every terminal shows the same clock (another terminal's press arrives with the session
reload, ``app.session_version``).  The keys write presses through ``app.write``; who may
press is the domain's rule (any jury member present without a hard conflict, or the
secretary; the override is the president's): the others see the clock, read-only.

Before the start the screen shows what blocks or warns (:func:`start_check`: composition,
VAE prerequisites), the prerequisites one by one and the jury present; after the end, the
record for the minutes, and a key to the bloc assessments and the decision
(:mod:`juryapp.ui.screens.blocs`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Digits, Input, ProgressBar, Static

from juryapp.domain.composition import is_jury_member
from juryapp.domain.defence import (
    EVENT_LABELS,
    WARNING_BEFORE_END,
    ClockState,
    ClockStatus,
    DefenceClock,
    DefenceRecord,
    StartCheck,
    defence_events,
    defence_record,
    format_clock,
    format_duration,
    make_override,
    start_check,
    timed_phases,
)
from juryapp.domain.defence import STATUS_LABELS as CLOCK_STATUS_LABELS
from juryapp.domain.kinds import only_the_president, presence_label_of, role_label_of
from juryapp.domain.kinds import stages as kind_stages
from juryapp.domain.models import (
    Candidate,
    DecisionStage,
    DefenceEvent,
    DefenceEventKind,
    JuryMember,
    Phase,
    Role,
    Session,
    SessionKind,
    Sex,
)
from juryapp.domain.permissions import epreuves_over
from juryapp.domain.prerequisites import (
    PAGES_MAX,
    PAGES_MIN,
    TOEIC_MIN,
    check_vae_prerequisites,
    validation_deadline,
)
from juryapp.i18n import N_, _, format_date, ngettext, school_time, sentence
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import JuryFooter, JuryHeader

K = DefenceEventKind
Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    """The default clock of the screen: the wall clock, timezone-aware."""
    return dt.datetime.now(dt.UTC)


# --------------------------------------------------------------------------- formatting


def wall(at: dt.datetime | None) -> str:
    """A wall-clock time in the school's time zone, the French way: ``14 h 05``."""
    if at is None:
        return "—"
    local = school_time(at)
    # Translators: a wall-clock time (hour, minutes with two digits): "14:05" in English
    return _("{hour} h {minute}").format(hour=local.hour, minute=f"{local.minute:02d}")


def short_minutes(minutes: float) -> str:
    """A planned length, short: ``45 min``, ``1 h 30``, ``2 h``."""
    total = round(minutes)
    if total < 60:
        return f"{total} min"
    h, m = divmod(total, 60)
    return f"{h} h {m:02d}" if m else f"{h} h"


def planned_text(phase: Phase) -> str:
    """How long a phase is planned: ``45 min``, ``≥ 1 h 30`` for a minimum."""
    text = short_minutes(phase.minutes)
    return f"≥ {text}" if phase.minimum else text


def phase_mode(phase: Phase) -> str:
    """How the clock counts in ``phase``, in words."""
    minutes = format_duration(dt.timedelta(minutes=phase.minutes))
    if phase.countdown:
        return _("compte à rebours de {minutes}").format(minutes=minutes)
    if phase.minimum:
        return _("temps écoulé, au moins {minutes}").format(minutes=minutes)
    return _("temps écoulé, {minutes} prévues").format(minutes=minutes)


#: the clock's status -> symbol (the word comes from STATUS_LABELS)
STATUS_SYMBOLS: dict[ClockStatus, str] = {
    ClockStatus.NOT_STARTED: "○",
    ClockStatus.RUNNING: "●",
    ClockStatus.PAUSED: "‖",
    ClockStatus.FINISHED: "■",
}

#: a warning's severity -> its symbol (the text says what it is)
SEVERITY_SYMBOLS: dict[str, str] = {"info": "✓", "warning": "⚠", "critical": "✗"}


def status_words(status: ClockStatus) -> str:
    return f"{STATUS_SYMBOLS[status]} {_(CLOCK_STATUS_LABELS[status])}"


def alert_line(state: ClockState) -> str:
    """The warning under way with its symbol, "" if none."""
    if state.alert is None or state.finished:
        return ""
    return f"{SEVERITY_SYMBOLS[state.alert.severity]} {state.alert_text}"


def clock_face(state: ClockState) -> tuple[str, str]:
    """What the large digits show, and the caption under them."""
    phase = state.phase
    if state.status is ClockStatus.NOT_STARTED:
        first = state.phases[0] if state.phases else None
        if first is None:
            return "--:--", ""
        face = format_clock(dt.timedelta(minutes=first.minutes)) if first.countdown else "00:00"
        return face, _("prêt à commencer")
    if state.finished or phase is None:
        return format_clock(state.total_elapsed), _("durée hors interruptions")
    planned = short_minutes(phase.minutes)
    if phase.countdown:
        if state.overrun >= dt.timedelta(seconds=1):
            caption = _("dépassement ({planned} prévues)").format(planned=planned)
            face = "+" + format_clock(state.overrun)
        else:
            caption = _("restant sur {planned}").format(planned=planned)
            face = format_clock(state.remaining or dt.timedelta(0))
    elif phase.minimum:
        face = format_clock(state.elapsed)
        if state.minimum_reached:
            caption = _("✓ minimum {minimum} atteint").format(minimum=planned)
        else:
            caption = _("minimum dans {left}").format(
                left=format_clock(state.remaining or dt.timedelta(0))
            )
    else:
        face = format_clock(state.elapsed)
        caption = _("écoulé ({planned} prévues)").format(planned=planned)
    if state.paused:
        caption = _("‖ interrompu — chrono arrêté")
    return face, caption


def phase_title(state: ClockState) -> str:
    """The line above the digits: which phase, how it counts."""
    n = len(state.phases)
    if state.status is ClockStatus.NOT_STARTED:
        first = state.phases[0] if state.phases else None
        if first is None:
            return _("Épreuve non minutée")
        return _("○ Pas commencée — première phase : {phase} ({mode})").format(
            phase=first.label, mode=phase_mode(first)
        )
    if state.finished:
        return _("■ Épreuve terminée à {time}").format(time=wall(state.ended_at))
    phase = state.phase
    assert phase is not None and state.phase_index is not None
    symbol = "‖" if state.paused else "▶"
    return _("{symbol} Phase {i}/{n} : {phase} — {mode}").format(
        symbol=symbol, i=state.phase_index + 1, n=n, phase=phase.label, mode=phase_mode(phase)
    )


def progress_of(state: ClockState) -> tuple[float, float, list[float], str]:
    """(total, progress) of the bar in seconds, the marks of the ruler (fractions of the
    bar) and the ruler's legend."""
    phase = state.phase
    if state.status is ClockStatus.NOT_STARTED:
        phase = state.phases[0] if state.phases else None
    if phase is None:
        return 1.0, 0.0, [], ""
    planned = phase.minutes * 60
    elapsed = state.elapsed.total_seconds()
    if phase.countdown:
        marks = [
            (planned - before.total_seconds()) / planned
            for before, _name in WARNING_BEFORE_END
            if before.total_seconds() < planned
        ]
        legend = (
            _("alertes à −5 min et −1 min")
            if len(marks) == 2
            else (_("alerte à −1 min") if marks else "")
        )
        return planned, min(elapsed, planned), marks, legend
    if phase.minimum:
        # the bar goes on past the minimum (at three quarters of it), clearly marked
        total = planned / 0.75
        end = state.phase_planned_end
        at = f" · {wall(end)}" if end is not None else ""
        legend = _("minimum {minimum}{at}").format(
            minimum=format_duration(dt.timedelta(minutes=phase.minutes)), at=at
        )
        return total, min(elapsed, total), [0.75], legend
    return planned, min(elapsed, planned), [], ""


# --------------------------------------------------------------------------- the phases


#: one line of the phases table: symbol, label, planned, planned end, actual end, style
PhaseRow = tuple[str, str, str, str, str, str]


def phase_rows(state: ClockState, record: DefenceRecord | None) -> list[PhaseRow]:
    """Each phase: planned length, planned end and actual end (wall clock)."""
    timings = {p.phase_id: p for p in record.phases} if record is not None else {}
    index = state.phase_index
    # the planned end of the phases still to come, from the current one's
    if state.status is ClockStatus.NOT_STARTED:
        cursor: dt.datetime | None = state.now
    elif state.finished:
        cursor = None
    else:
        end = state.phase_planned_end
        cursor = max(end, state.now) if end is not None else None
    rows: list[PhaseRow] = []
    for i, phase in enumerate(state.phases):
        timing = timings.get(phase.id)
        minutes = dt.timedelta(minutes=phase.minutes)
        planned_end: dt.datetime | None = None
        actual = ""
        style = ""
        if timing is not None and timing.started_at is not None:
            planned_end = timing.started_at + timing.paused + minutes
            if timing.ended_at is not None:
                symbol, actual = "✓", wall(timing.ended_at)
            else:
                symbol = "‖" if state.paused else "▶"
                actual = _("en cours")
                style = "bold"
        elif state.finished:
            symbol, actual, style = "–", _("non tenue"), "dim"
        else:
            symbol, style = "○", "dim"
            if (index is None or i > index) and cursor is not None:
                cursor = cursor + minutes
                planned_end = cursor
        if index is not None and i == index and not state.finished:
            planned_end = state.phase_planned_end
        rows.append(
            (
                symbol,
                phase.label,
                planned_text(phase),
                wall(planned_end) if planned_end is not None else "—",
                actual or "—",
                style,
            )
        )
    return rows


def phase_table(rows: Sequence[PhaseRow], *, narrow: bool = False) -> Table:
    """The phases, their planned time, planned and actual end.  ``narrow`` (80 columns): one
    « Fin » column, the actual end where there is one (in bold) else the planned one, so
    that the phases' names show whole (« Exposé oral ini… »)."""
    table = Table(
        box=None, padding=(0, 1), pad_edge=False, header_style="bold", expand=True, show_edge=False
    )
    table.add_column("", no_wrap=True, width=1)
    table.add_column(_("Phase"), no_wrap=True, overflow="ellipsis", ratio=1)
    table.add_column(_("Prévu"), no_wrap=True, justify="right")
    if narrow:
        table.add_column(_("Fin"), no_wrap=True, justify="right")
    else:
        table.add_column(_("Fin prévue"), no_wrap=True, justify="right")
        table.add_column(_("Fin réelle"), no_wrap=True, justify="right")
    for symbol, label, planned, planned_end, actual, style in rows:
        if not narrow:
            table.add_row(symbol, Text(label, style=style), planned, planned_end, actual)
        elif actual not in ("—", _("en cours")):  # ▶ says it runs: its planned end then
            table.add_row(symbol, Text(label, style=style), planned, Text(actual, style="bold"))
        else:
            table.add_row(symbol, Text(label, style=style), planned, Text(planned_end, style="dim"))
    return table


def summary_line(state: ClockState, record: DefenceRecord | None) -> Text:
    """Start, planned (or actual) end of the épreuve, time so far, pauses."""
    text = Text()
    if state.status is ClockStatus.NOT_STARTED:
        text.append(
            _("Si elle commence maintenant : fin prévue à {time}").format(
                time=wall(state.planned_end)
            ),
            style="dim",
        )
        return text
    pauses = record.pause_total if record is not None else dt.timedelta(0)
    text.append(_("Début {time}").format(time=wall(state.started_at)))
    if state.finished:
        text.append(" · " + _("fin {time}").format(time=wall(state.ended_at)))
    else:
        text.append(" · " + _("fin prévue {time}").format(time=wall(state.planned_end)))
        # minutes only: the large digits give the seconds (one repaint less per second)
        elapsed = short_minutes(state.total_elapsed.total_seconds() // 60)
        text.append(" · " + _("écoulé {time}").format(time=elapsed))
    if pauses:
        text.append(" · " + _("interruptions {duration}").format(duration=format_duration(pauses)))
    return text


# --------------------------------------------------------------------------- before the start


def member_name(session: Session, member_id: str) -> str:
    member = session.member(member_id)
    return member.full_name if member is not None else member_id


def _finding_line(symbol: str, message: str, style: str, indent: int = 0) -> Text:
    line = Text(" " * indent)
    line.append(f"{symbol} ", style=style)
    line.append(message)
    return line


def check_text(session: Session, check: StartCheck) -> Text:
    """The start check: ✗ blockers, ⚠ warnings, the president's override."""
    text = Text()
    text.append(_("Contrôle avant le début") + "\n", style="bold underline")
    if not check.blockers:
        text.append_text(
            _finding_line("✓", _("Rien ne bloque le début de l'épreuve."), "bold green")
        )
        text.append("\n")
    elif check.overridden:
        text.append_text(
            _finding_line(
                "⚑",
                ngettext(
                    "{n} problème bloquant, passé outre par le président :",
                    "{n} problèmes bloquants, passés outre par le président :",
                    len(check.blockers),
                ).format(n=len(check.blockers)),
                "bold yellow",
            )
        )
        text.append("\n")
    else:
        text.append_text(
            _finding_line(
                "✗",
                ngettext(
                    "{n} problème bloque le début de l'épreuve "
                    "(le président peut déroger, touche o) :",
                    "{n} problèmes bloquent le début de l'épreuve "
                    "(le président peut déroger, touche o) :",
                    len(check.blockers),
                ).format(n=len(check.blockers)),
                "bold red",
            )
        )
        text.append("\n")
    for f in check.blockers:
        text.append_text(_finding_line("✗", f.message, "bold red", indent=2))
        text.append("\n")
    for f in check.warnings:
        text.append_text(_finding_line("⚠", f.message, "bold yellow"))
        text.append("\n")
    for e in check.overrides:
        text.append_text(
            _finding_line(
                "⚑",
                _("Dérogation de {name} à {time} — motif : {reason}").format(
                    name=member_name(session, e.actor), time=wall(e.at), reason=e.reason
                ),
                "bold yellow",
            )
        )
        text.append("\n")
    return text


#: prerequisite -> the finding codes of check_vae_prerequisites about it
_PREREQUISITE_CODES: dict[str, tuple[str, ...]] = {
    "english": ("english", "english-equivalent"),
    "international": ("international", "international-unknown"),
    "deadline": ("recevabilite-missing", "filed-before-recevabilite", "validation-late"),
    "pages": ("pages", "pages-unknown"),
}


def prerequisites_text(candidate: Candidate, today: dt.date) -> Text:
    """The VAE prerequisites one by one: ✓ met, ✗ not met (blocks), ⚠ to check."""
    findings = check_vae_prerequisites(candidate, today)
    by_code = {f.code: f for f in findings}
    text = Text()
    text.append(_("Prérequis de la VAE") + "\n", style="bold underline")
    for key, codes in _PREREQUISITE_CODES.items():
        found = next((by_code[c] for c in codes if c in by_code), None)
        if found is not None:
            symbol, style = ("✗", "bold red") if found.is_error else ("⚠", "bold yellow")
            text.append_text(_finding_line(symbol, found.message, style))
            text.append("\n")
            continue
        if key == "english":
            ok = _("anglais : TOEIC {toeic} (au moins {needed})").format(
                toeic=candidate.toeic, needed=TOEIC_MIN
            )
        elif key == "international":
            ok = _("expérience internationale significative")
        elif key == "deadline":
            rec = candidate.recevabilite_date
            assert rec is not None
            filed = candidate.validation_filed_date
            ok = _(
                "dossier de validation {filed} — au plus tard le {deadline}, 3 ans après la "
                "recevabilité du {recevabilite}"
            ).format(
                filed=(
                    _("déposé le {date}").format(date=format_date(filed, "short"))
                    if filed
                    else _("pas encore déposé")
                ),
                deadline=format_date(validation_deadline(rec), "short"),
                recevabilite=format_date(rec, "short"),
            )
        else:
            ok = _("dossier de validation de {pages} pages ({low} à {high} attendues)").format(
                pages=candidate.dossier_pages, low=PAGES_MIN, high=PAGES_MAX
            )
        text.append_text(_finding_line("✓", ok, "bold green"))
        text.append("\n")
    return text


def jury_text(session: Session, candidate_id: str) -> Text:
    """Who sits: ✓ present, ✗ absent, ⊘ hard conflict with the candidate."""
    members = [m for m in session.jury if is_jury_member(m)]
    sitting = [
        m for m in members if m.is_present and session.hard_conflict(m.id, candidate_id) is None
    ]
    text = Text()
    text.append(
        _("Jury présent ({n} sur {total})").format(n=len(sitting), total=len(members)) + "\n",
        style="bold underline",
    )
    for m in members:
        role = f" ({_(role_label_of(m))})" if m.role is Role.PRESIDENT else ""
        if session.hard_conflict(m.id, candidate_id) is not None:
            text.append("⊘ ", style="bold red")
            text.append(f"{m.full_name}{role} — " + _("conflit d'intérêts : ne siège pas"))
        elif not m.is_present:
            text.append("✗ ", style="bold red")
            # « absente », « excusé »: the member's presence, in the feminine for a woman
            text.append(f"{m.full_name}{role} — " + _(presence_label_of(m)).lower())
        else:
            text.append("✓ ", style="bold green")
            text.append(f"{m.full_name}{role}")
        text.append("\n")
    return text


# --------------------------------------------------------------------------- during and after


def incidents_text(session: Session, record: DefenceRecord | None) -> Text:
    """The pauses, with their reasons."""
    text = Text()
    text.append(_("Incidents (interruptions)") + "\n", style="bold underline")
    if record is None or not record.incidents:
        text.append(_("aucun") + "\n", style="dim")
        return text
    labels = {p.phase_id: p.label for p in record.phases}
    for inc in record.incidents:
        if inc.resumed_at is not None:
            until = wall(inc.resumed_at)
        elif record.finished:
            until = _("sans reprise")  # the épreuve ended during the interruption
        else:
            until = _("en cours")  # not « sans reprise »: it may resume
        text.append("‖ ", style="bold yellow")
        text.append(
            _("{start} → {end} ({duration}) — {phase} — motif : {reason}").format(
                start=wall(inc.paused_at),
                end=until,
                duration=format_duration(inc.duration),
                phase=labels.get(inc.phase_id, inc.phase_id),
                reason=inc.reason or _("non précisé"),
            )
        )
        if inc.actor:
            text.append(" (" + member_name(session, inc.actor) + ")", style="dim")
        text.append("\n")
    return text


def record_text(session: Session, record: DefenceRecord, phases: Sequence[Phase]) -> RenderableType:
    """The record of the épreuve, for the minutes (``phases``: the épreuve's)."""
    head = Text()
    head.append(
        _("Déroulement de l'épreuve (pour le procès-verbal)") + "\n", style="bold underline"
    )
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold", expand=True)
    table.add_column(_("Phase"), ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(_("Prévu"), no_wrap=True, justify="right")
    table.add_column(_("Début"), no_wrap=True, justify="right")
    table.add_column(_("Fin"), no_wrap=True, justify="right")
    table.add_column(_("Durée"), no_wrap=True, justify="right")
    table.add_column(_("Interr."), no_wrap=True, justify="right")
    notes = Text()
    for p, phase in zip(record.phases, phases, strict=False):
        held = p.started_at is not None
        table.add_row(
            Text(("✓ " if held else "– ") + p.label, style="" if held else "dim"),
            planned_text(phase),
            wall(p.started_at) if held else "—",
            wall(p.ended_at) if p.ended_at else "—",
            format_clock(p.duration) if held else "—",
            format_clock(p.paused) if p.paused else "—",
        )
        what = []
        if p.overrun:
            what.append(_("dépassement de {d}").format(d=format_duration(p.overrun)))
        if p.ended_early_reason:
            what.append(
                (_("fin anticipée — motif : {r}") if held else _("non tenue — motif : {r}")).format(
                    r=p.ended_early_reason
                )
            )
        elif not held:
            what.append(_("non tenue"))
        if what:
            notes.append(f"⚠ {p.label} : " + " ; ".join(what) + "\n", style="yellow")
    tail = Text()
    tail.append(
        _("Durée totale : {d} (interruptions exclues) · interruptions : {p}").format(
            d=format_duration(record.duration), p=format_duration(record.pause_total)
        )
        + "\n",
        style="bold",
    )
    if record.end_reason:
        tail.append(_("Motif donné à la fin : {reason}").format(reason=record.end_reason) + "\n")
    for note in record.override_details:
        tail.append(
            _("⚑ Dérogation de {name} ({time}) — motif : {reason} — passe outre : {what}").format(
                name=member_name(session, note.actor),
                time=wall(note.at),
                reason=note.reason,
                what=" ; ".join(note.overridden) or "—",
            )
            + "\n"
        )
    for anomaly in record.anomalies:
        tail.append("⚠ " + anomaly + "\n", style="yellow")
    return Group(head, table, notes, tail, incidents_text(session, record))


# --------------------------------------------------------------------------- who may press


def read_only_reason(session: Session, member: JuryMember | None, candidate_id: str) -> str | None:
    """Why ``member`` may not press the clock (:func:`validate_event`'s rule), or None."""
    if member is None:
        return _("connectez-vous pour tenir le chronomètre")
    over = epreuves_over(session.info)
    if over is not None:  # closed or signed
        return over
    if not member.is_present:
        if member.sex is Sex.F:
            return _("{name} n'est pas présente").format(name=member.full_name)
        return _("{name} n'est pas présent").format(name=member.full_name)
    if session.hard_conflict(member.id, candidate_id) is not None:
        return _("{name} a un conflit d'intérêts avec ce candidat").format(name=member.full_name)
    return None


def default_epreuve(session: Session, candidate_id: str) -> str | None:
    """The épreuve the clock opens on: one under way for the candidate, else the first timed
    one planned for them, else the first timed one of the session."""
    for epreuve in session.epreuves:
        if not timed_phases(epreuve):
            continue
        events = defence_events(session, candidate_id, epreuve.id)
        if events and not any(e.kind is K.END for e in events):
            return epreuve.id
    candidate = session.candidate(candidate_id)
    planned = session.planned_epreuves(candidate) if candidate is not None else []
    for epreuve in [*planned, *session.epreuves]:
        if timed_phases(epreuve):
            return epreuve.id
    return None


def record_event(store: Any, event: DefenceEvent, *, actor: str, now: dt.datetime) -> DefenceEvent:
    """In the write worker: one press on the clock (the store checks the domain's rules)."""
    return store.record_defence_event(event, actor=actor, now=now)  # type: ignore[no-any-return]


# --------------------------------------------------------------------------- widgets


class PhaseBar(ProgressBar):
    """The phase's progress bar, without the estimated time of arrival: Textual's bar
    refreshes it every second on a timer of its own, which an idle clock does not need
    (the screen's tick updates the bar)."""

    def on_mount(self, event: events.Mount) -> None:
        event.prevent_default()  # not ProgressBar.on_mount: no ETA timer
        self.update()


class PhaseRuler(Widget):
    """One line under the progress bar: ▲ at the marks (warnings, the minimum), with a
    legend just before the first one."""

    DEFAULT_CSS = """
    PhaseRuler {
        height: 1;
        width: 1fr;
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.marks: tuple[float, ...] = ()
        self.legend = ""

    def set_marks(self, marks: Sequence[float], legend: str) -> None:
        if tuple(marks) == self.marks and legend == self.legend:
            return
        self.marks, self.legend = tuple(marks), legend
        self.refresh()

    def render(self) -> RenderResult:
        width = self.size.width
        if width <= 0 or not self.marks:
            return Text(self.legend)
        cells = [" "] * width
        columns = sorted({min(width - 1, max(0, int(m * width))) for m in self.marks})
        for col in columns:
            cells[col] = "▲"
        first = columns[0]
        legend = self.legend
        text = Text()
        if legend and len(legend) + 1 <= first:
            start = first - len(legend) - 1
            text.append("".join(cells[:start]))
            text.append(legend, style="bold")
            text.append(" ")
            rest = cells[first:]
        elif legend:
            # no room before the first mark: after the last one, as far as it goes
            last = columns[-1]
            room = width - last - 2
            rest = cells[:]
            if room > 0:
                label = legend[:room]
                for i, ch in enumerate(" " + label):
                    rest[last + 1 + i] = ch
            text.append("".join(rest))
            return text
        else:
            rest = cells
        text.append("".join(rest), style="bold")
        return text


class DefenceReasonModal(ModalScreen[str | None]):
    """Asks the reason of a press (an incident, an early end, the override) — or, when none
    is required, confirms an irreversible press with an optional note."""

    CSS_PATH = stylesheet("defence")

    TITLE_FR = N_("Motif")

    HELP = N_(
        "Le motif est journalisé et figure au procès-verbal. Entrée confirme, Échap annule "
        "(rien n'est enregistré)."
    )
    BINDINGS = [Binding("escape", "cancel", N_("Annuler"), id="defence.reason.cancel")]

    def __init__(
        self, title: str, explanation: str, *, required: bool = True, details: Sequence[str] = ()
    ) -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        self.required = required
        self.details = list(details)

    def compose(self) -> ComposeResult:
        with Vertical(id="dc-reason-box"):
            yield Static(Text(self.title_text), id="dc-reason-title")
            yield Static(Text(self.explanation), id="dc-reason-text")
            if self.details:
                yield Static(
                    Text("\n".join(f"✗ {d}" for d in self.details)), id="dc-reason-details"
                )
            yield Input(
                placeholder=_("Motif (obligatoire)") if self.required else _("Note (facultative)"),
                id="dc-reason",
                max_length=300,
            )
            yield Static("", id="dc-reason-error")
            with Horizontal(id="dc-reason-buttons"):
                yield Button(_("Confirmer"), id="dc-reason-ok", variant="primary", compact=True)
                yield Button(_("Annuler"), id="dc-reason-cancel", compact=True)
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def on_mount(self) -> None:
        self.query_one("#dc-reason", Input).focus()

    @on(Input.Submitted, "#dc-reason")
    @on(Button.Pressed, "#dc-reason-ok")
    def _confirm(self) -> None:
        reason = self.query_one("#dc-reason", Input).value.strip()
        if self.required and not reason:
            self.query_one("#dc-reason-error", Static).update(
                Text("✗ " + _("Le motif est obligatoire."))
            )
            self.query_one("#dc-reason", Input).focus()
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#dc-reason-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- the screen


class DefenceScreen(Screen[None]):
    """The clock of ``candidate_id``'s timed épreuve (``epreuve_id``: by default the one
    under way, else the first timed one planned for the candidate).

    ``clock``: returns the current time, timezone-aware (injected by the tests).
    """

    CSS_PATH = stylesheet("defence")

    TITLE_FR = N_("Chronomètre de l'épreuve")
    HELP = N_(
        "Le chronomètre de la soutenance, lisible de loin : la phase en cours (exposé en "
        "compte à rebours, questions en temps écoulé avec leur minimum, délibération), les "
        "fins prévues et réelles (heure de la salle), une barre de progression avec les "
        "alertes (▲ à −5 min et −1 min) ou le minimum (▲) marqués dessous. Alertes à 5 min "
        "et 1 min de la fin de l'exposé et en cas de dépassement : en couleur, en toutes "
        "lettres et par la sonnerie du terminal.\n\n"
        "s — commencer l'épreuve (après le contrôle affiché : composition du jury, "
        "prérequis de la VAE) ; p — interrompre / reprendre (l'exposé ne s'interrompt pas : "
        "un incident exige un motif) ; n — phase suivante ; e — terminer l'épreuve (finir "
        "les questions avant leur minimum exige un motif, par exemple l'abandon du "
        "candidat) ; o — dérogation du président quand un problème bloque le début (motif "
        "obligatoire) ; d — appréciation des blocs et décision ; Échap — retour.\n\n"
        "Chaque appui est enregistré avec son heure et journalisé : fermer l'application, "
        "un plantage ou la mise en veille ne perdent rien, la réouverture montre le temps "
        "exact. Les autres postes voient le même chronomètre en direct ; un membre absent "
        "ou en conflit d'intérêts le voit en lecture seule."
    )
    BINDINGS = [
        Binding("s", "start", N_("Commencer"), id="defence.start"),
        Binding("p", "pause", N_("Interrompre"), id="defence.pause"),
        Binding("p", "resume", N_("Reprendre"), id="defence.resume"),
        Binding("n", "next_phase", N_("Phase suivante"), id="defence.next_phase"),
        Binding("e", "end", N_("Terminer"), id="defence.end"),
        Binding("o", "override", N_("Dérogation"), id="defence.override"),
        Binding("d", "decision", N_("Décision"), id="defence.decision"),
        Binding("escape", "back", N_("Retour"), id="defence.back"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(
        self,
        candidate_id: str,
        epreuve_id: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self.epreuve_id = epreuve_id
        self._clock: Clock = clock or utc_now
        self.clock: DefenceClock | None = None
        self.state: ClockState | None = None
        self.refusal: str | None = None
        self._shown: dict[str, Any] = {}
        self._keys: tuple[Any, ...] | None = None
        self._pending = False

    # ------------------------------------------------------------------ helpers

    @property
    def session(self) -> Session | None:
        return getattr(self.app, "session", None)

    @property
    def member(self) -> JuryMember | None:
        return getattr(self.app, "member", None)

    def now(self) -> dt.datetime:
        return self._clock()

    def _why_refused(self, session: Session | None) -> str | None:
        if session is None:
            return _("La session n'est pas encore lue.")
        if session.candidate(self.candidate_id) is None:
            return _("Candidat inconnu dans cette session : « {candidate} ».").format(
                candidate=self.candidate_id
            )
        if self.epreuve_id is None:
            self.epreuve_id = default_epreuve(session, self.candidate_id)
        epreuve = session.epreuve(self.epreuve_id) if self.epreuve_id else None
        if epreuve is None:
            return _("Aucune épreuve minutée pour ce candidat (ni phases ni durée).")
        if not timed_phases(epreuve):
            return _("L'épreuve « {epreuve} » n'est pas minutée (ni phases ni durée).").format(
                epreuve=epreuve.name
            )
        return None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        self.refusal = self._why_refused(self.session)
        if self.refusal is not None:
            with Vertical(id="dc-refusal"):
                yield Static(Text(_("⊘ Pas de chronomètre")), id="dc-refusal-title")
                yield Static(Text(self.refusal), id="dc-refusal-message")
            yield JuryFooter()
            return
        with Horizontal(id="dc-head"):
            yield Static(id="dc-who")
            yield Static(id="dc-status")
        yield Static(id="dc-phase")
        with Horizontal(id="dc-main"):
            with Vertical(id="dc-clock"):
                yield Digits("", id="dc-digits")
                yield Static(id="dc-caption")
            with Vertical(id="dc-right"):
                yield Static(id="dc-phases")
                yield Static(id="dc-summary")
        with Vertical(id="dc-bar"):
            yield PhaseBar(total=1, show_percentage=False, show_eta=False, id="dc-progress")
            yield PhaseRuler(id="dc-ruler")
        yield Static(id="dc-alert")
        yield Static(id="dc-readonly")
        with VerticalScroll(id="dc-body"):
            yield Static(id="dc-detail")
        yield JuryFooter()

    def on_mount(self) -> None:
        if self.refusal is not None:
            return
        session = self.session
        assert session is not None and self.epreuve_id is not None
        self.clock = DefenceClock.for_session(session, self.candidate_id, self.epreuve_id)
        self.watch(self.app, "session_version", self._session_changed, init=False)
        self._session_changed()
        self.set_interval(1, self.tick)

    # ------------------------------------------------------------------ live data

    def _session_changed(self, _version: int = 0) -> None:
        """A (re)load: this terminal's press or another's, or any change of the session."""
        session = self.session
        if session is None or self.clock is None or not self.is_attached:
            return
        self.clock.set_events(defence_events(session, self.candidate_id, self.epreuve_id))
        self._shown.pop("detail", None)  # the check, the jury may have changed
        self.tick()

    def on_resize(self) -> None:
        """The phase table's layout follows the width (« -wide »): drawn again at once, not
        at the next second (the narrow table showed for a moment at 120 columns).  Later in
        this turn: Textual's own handler, which sets the class, runs after this one."""
        self.call_later(self._redraw)

    def _redraw(self) -> None:
        if self.clock is not None and self.state is not None:
            self._show_state(self.state)

    def tick(self) -> None:
        """Compute the clock from the events and now; ring once per new warning."""
        if self.clock is None:
            return
        state, ring = self.clock.tick(self.now())
        self.state = state
        if ring:
            self.app.bell()
        self._show_state(state)

    def _put(self, key: str, value: Any, apply: Callable[[], None]) -> None:
        """Run ``apply`` only when ``value`` changed since last time (an idle clock must cost
        next to nothing)."""
        if self._shown.get(key, _MISSING) == value:
            return
        self._shown[key] = value
        apply()

    def _show_state(self, state: ClockState) -> None:
        session, member = self.session, self.member
        if session is None:
            return
        candidate = session.candidate(self.candidate_id)
        epreuve = session.epreuve(self.epreuve_id or "")
        if candidate is None or epreuve is None:
            return
        record = defence_record(session, self.candidate_id, self.epreuve_id, now=state.now)
        readonly = read_only_reason(session, member, self.candidate_id)

        who = f"{candidate.full_name} ({candidate.id}) — {epreuve.name}"
        self._put(
            "who",
            who,
            lambda: self.query_one("#dc-who", Static).update(Text(who, style="bold"), layout=False),
        )
        status = status_words(state.status)
        self._put("status", (status, state.status), lambda: self._show_status(status, state))
        title = phase_title(state)
        self._put(
            "phase",
            title,
            # laid out again: one line or two (a narrow terminal), it changes with the phase
            lambda: self.query_one("#dc-phase", Static).update(Text(title), layout=True),
        )

        face, caption = clock_face(state)
        severity = state.alert.severity if state.alert is not None and not state.finished else ""
        look = (severity, state.paused, state.finished)
        self._put("digits", face, lambda: self.query_one("#dc-digits", Digits).update(face))
        self._put("look", look, lambda: self._show_look(severity, state))
        self._put(
            "caption",
            caption,
            lambda: self.query_one("#dc-caption", Static).update(Text(caption), layout=False),
        )

        rows = phase_rows(state, record)
        narrow = not self.has_class("-wide")
        self._put(
            "phases",
            (rows, narrow),
            lambda: self.query_one("#dc-phases", Static).update(
                phase_table(rows, narrow=narrow), layout=False
            ),
        )
        summary = summary_line(state, record)
        self._put(
            "summary",
            summary.plain,
            lambda: self.query_one("#dc-summary", Static).update(summary, layout=False),
        )

        total, progress, marks, legend = progress_of(state)
        bar = self.query_one("#dc-bar", Vertical)
        self._put("bar-shown", state.finished, lambda: setattr(bar, "display", not state.finished))
        if not state.finished:
            # the bar moves by half cells: pushed only when it would show a change
            step = (total, round(BAR_STEPS * progress / total) if total else 0)
            self._put(
                "bar",
                step,
                lambda: self.query_one("#dc-progress", PhaseBar).update(
                    total=total, progress=progress
                ),
            )
            self.query_one("#dc-ruler", PhaseRuler).set_marks(marks, legend)

        alert = self._alert_text(state)
        self._put("alert", (alert, severity), lambda: self._show_alert(alert, severity, state))
        self._put("readonly", readonly, lambda: self._show_readonly(readonly))
        detail_key = (state.status, state.phase_index, len(self.clock.events) if self.clock else 0)
        self._put(
            "detail", detail_key, lambda: self._show_detail(session, candidate, state, record)
        )
        keys = (state.status, state.allowed, readonly, self._blocked(session, state))
        if keys != self._keys:
            self._keys = keys
            self.refresh_bindings()

    def _alert_text(self, state: ClockState) -> str:
        parts = []
        if state.paused:
            parts.append(
                _("‖ Épreuve interrompue depuis {duration} — motif : {reason}").format(
                    duration=format_duration(state.paused_for),
                    reason=state.pause_reason or _("non précisé"),
                )
            )
        line = alert_line(state)
        if line:
            parts.append(line)
        if state.clock_behind:
            parts.append(
                _(
                    "⚠ L'horloge de cet ordinateur retarde sur le dernier appui : le chronomètre attend."
                )
            )
        return "   ".join(parts)

    def _show_status(self, status: str, state: ClockState) -> None:
        widget = self.query_one("#dc-status", Static)
        widget.update(Text(status, style="bold"))
        for s in ClockStatus:
            widget.set_class(s is state.status, f"-{s.value.replace('_', '-')}")

    def _show_look(self, severity: str, state: ClockState) -> None:
        for wid in ("#dc-digits", "#dc-progress"):
            widget = self.query_one(wid)
            widget.set_class(severity == "info", "-info")
            widget.set_class(severity == "warning", "-warning")
            widget.set_class(severity == "critical", "-critical")
            widget.set_class(state.paused, "-paused")
            widget.set_class(state.finished, "-finished")

    def _show_alert(self, text: str, severity: str, state: ClockState) -> None:
        widget = self.query_one("#dc-alert", Static)
        widget.update(Text(text), layout=False)
        widget.set_class(bool(text) and severity == "info", "-info")
        widget.set_class(bool(text) and severity == "warning", "-warning")
        widget.set_class(bool(text) and severity == "critical", "-critical")
        widget.set_class(state.paused, "-paused")

    def _show_readonly(self, reason: str | None) -> None:
        widget = self.query_one("#dc-readonly", Static)
        widget.display = reason is not None
        if reason is not None:
            widget.update(
                Text(
                    _("⊘ Lecture seule — {why} : vous voyez le chronomètre en direct.").format(
                        why=reason
                    )
                )
            )

    def _show_detail(
        self,
        session: Session,
        candidate: Candidate,
        state: ClockState,
        record: DefenceRecord | None,
    ) -> None:
        parts: list[RenderableType] = []
        if state.status is ClockStatus.NOT_STARTED:
            check = start_check(session, self.candidate_id, state.epreuve_id, state.now)
            parts.append(check_text(session, check))
            if session.info.kind is SessionKind.VAE_VALIDATION:
                parts.append(prerequisites_text(candidate, school_time(state.now).date()))
            parts.append(jury_text(session, self.candidate_id))
        elif state.finished and record is not None:
            parts.append(record_text(session, record, state.phases))
            if self._has_decision(session):
                parts.append(
                    Text(
                        _("→ d : appréciation des blocs de compétences et décision du jury"),
                        style="bold",
                    )
                )
        else:
            parts.append(incidents_text(session, record))
            if record is not None and record.override_details:
                for note in record.override_details:
                    parts.append(
                        Text(
                            _("⚑ Dérogation de {name} — motif : {reason}").format(
                                name=member_name(session, note.actor), reason=note.reason
                            )
                        )
                    )
            parts.append(jury_text(session, self.candidate_id))
        self.query_one("#dc-detail", Static).update(Group(*parts))

    # ------------------------------------------------------------------ keys

    def _has_decision(self, session: Session) -> bool:
        return DecisionStage.VAE in kind_stages(session.info.kind) and bool(session.info.blocs)

    def _blocked(self, session: Session, state: ClockState) -> bool:
        """Something blocks the start and the president has not overridden it."""
        if state.status is not ClockStatus.NOT_STARTED:
            return False
        check = start_check(session, self.candidate_id, state.epreuve_id, state.now)
        return bool(check.blockers) and not check.overridden

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state, session = self.state, self.session
        if action == "back":
            return True
        if state is None or session is None or self.refusal is not None:
            return False
        may = read_only_reason(session, self.member, self.candidate_id) is None
        enabled: bool | None = True if may else None
        status = state.status
        if action == "start":
            return enabled if status is ClockStatus.NOT_STARTED else False
        if action == "pause":
            return enabled if status is ClockStatus.RUNNING else False
        if action == "resume":
            return enabled if status is ClockStatus.PAUSED else False
        if action == "next_phase":
            return enabled if K.NEXT_PHASE in state.allowed else False
        if action == "end":
            return enabled if K.END in state.allowed else False
        if action == "override":
            if not self._blocked(session, state):
                return False
            member = self.member
            return enabled if member is not None and member.role is Role.PRESIDENT else None
        if action == "decision":
            # the blocs are assessed during the deliberation (the last phase) and after
            late = state.finished or (state.is_last_phase and status is not ClockStatus.NOT_STARTED)
            return late and self._has_decision(session)
        return True

    def unavailable_reason(self, action: str) -> str | None:
        """Why a greyed key does nothing (the app shows it when the key is pressed)."""
        session = self.session
        if session is None:
            return None
        why = read_only_reason(session, self.member, self.candidate_id)
        if why is None and action == "override":
            return sentence(
                _("{only_the_president} peut déroger à une règle de l'épreuve").format(
                    only_the_president=only_the_president(session.president)
                )
            )
        return why

    def _can_press(self) -> bool:
        session = self.session
        if session is None or self.state is None or self.clock is None:
            return False
        why = read_only_reason(session, self.member, self.candidate_id)
        if why is not None:
            self.notify(why, title=_("Lecture seule"), severity="warning", timeout=5)
            return False
        if self._pending:
            return False
        return True

    def action_start(self) -> None:
        if not self._can_press():
            return
        session, state = self.session, self.state
        assert session is not None and state is not None
        now = self.now()
        check = start_check(session, self.candidate_id, state.epreuve_id, now)
        if not check.may_start:
            self.notify(
                "\n".join(f"✗ {f.message}" for f in check.blockers),
                title=_("Début bloqué — le président peut déroger (o)"),
                severity="error",
                timeout=8,
            )
            return
        self._record(K.START, "", now)

    def action_pause(self) -> None:
        if not self._can_press():
            return
        assert self.state is not None
        at = self.now()
        prompt = self.state.reason_prompt(K.PAUSE)
        if prompt is None:
            self._record(K.PAUSE, "", at)
            return
        self._ask(K.PAUSE, at, _("Interruption de l'épreuve"), prompt, required=True)

    def action_resume(self) -> None:
        if not self._can_press():
            return
        self._record(K.RESUME, "", self.now())

    def action_next_phase(self) -> None:
        if not self._can_press():
            return
        state = self.state
        assert state is not None
        at = self.now()
        upcoming = state.next_phase
        title = _("Passer à la phase suivante : « {phase} » ?").format(
            phase=upcoming.label if upcoming else "?"
        )
        prompt = state.reason_prompt(K.NEXT_PHASE)
        if prompt is not None:
            self._ask(K.NEXT_PHASE, at, title, prompt, required=True)
        else:
            self._ask(
                K.NEXT_PHASE,
                at,
                title,
                _("La phase en cours se termine maintenant ({time}). Entrée : confirmer.").format(
                    time=wall(at)
                ),
                required=False,
            )

    def action_end(self) -> None:
        if not self._can_press():
            return
        state = self.state
        assert state is not None
        at = self.now()
        title = _("Terminer l'épreuve ?")
        prompt = state.reason_prompt(K.END)
        if prompt is not None:
            self._ask(K.END, at, title, prompt, required=True)
        else:
            self._ask(
                K.END,
                at,
                title,
                _("L'épreuve se termine maintenant ({time}). Entrée : confirmer.").format(
                    time=wall(at)
                ),
                required=False,
            )

    def action_override(self) -> None:
        if not self._can_press():
            return
        session, state, member = self.session, self.state, self.member
        assert session is not None and state is not None and member is not None
        if member.role is not Role.PRESIDENT:
            self.notify(_("Seul le président du jury peut déroger."), severity="warning", timeout=5)
            return
        at = self.now()
        check = start_check(session, self.candidate_id, state.epreuve_id, at)
        self.app.push_screen(
            DefenceReasonModal(
                _("Dérogation du président"),
                _(
                    "Vous autorisez le début de l'épreuve malgré ces problèmes ; votre motif "
                    "est journalisé et figure au procès-verbal :"
                ),
                required=True,
                details=[f.message for f in check.blockers],
            ),
            lambda reason: self._override_confirmed(reason, at),
        )

    def _override_confirmed(self, reason: str | None, at: dt.datetime) -> None:
        session, member = self.session, self.member
        if not reason or session is None or member is None or self.epreuve_id is None:
            return
        event = make_override(session, self.candidate_id, self.epreuve_id, member.id, reason, at)
        self._write(event)

    def action_decision(self) -> None:
        from juryapp.ui.screens.blocs import BlocsScreen

        self.app.push_screen(BlocsScreen(self.candidate_id, clock=self._clock))

    def action_back(self) -> None:
        self.app.pop_screen()

    # ------------------------------------------------------------------ writing

    def _ask(
        self, kind: DefenceEventKind, at: dt.datetime, title: str, prompt: str, *, required: bool
    ) -> None:
        """A dialog for the reason (or the confirmation); the press keeps the time the key
        was pressed (an incident starts when it happens, not when its reason is typed)."""
        self.app.push_screen(
            DefenceReasonModal(title, prompt, required=required),
            lambda reason: self._confirmed(kind, at, reason),
        )

    def _confirmed(self, kind: DefenceEventKind, at: dt.datetime, reason: str | None) -> None:
        if reason is None:
            return
        self._record(kind, reason, at)

    def _record(self, kind: DefenceEventKind, reason: str, at: dt.datetime) -> None:
        member = self.member
        if member is None or self.epreuve_id is None:
            return
        event = DefenceEvent(
            candidate_id=self.candidate_id,
            epreuve_id=self.epreuve_id,
            kind=kind,
            at=at,
            reason=reason,
            actor=member.id,
        )
        self._write(event)

    def _write(self, event: DefenceEvent) -> None:
        self._pending = True
        self.app.write(  # type: ignore[attr-defined]
            _(EVENT_LABELS[event.kind]),
            self._write_in_worker,
            event,
            now=self.now(),
            quiet=True,
            on_done=self._written,
        )

    def _write_in_worker(
        self, store: Any, event: DefenceEvent, *, actor: str, now: dt.datetime
    ) -> DefenceEvent:
        try:
            return record_event(store, event, actor=actor, now=now)
        except BaseException:
            self.app.call_from_thread(self._written, None)
            raise

    def _written(self, _result: object) -> None:
        self._pending = False


_MISSING = object()

#: the progress bar is updated when it moves by 1/BAR_STEPS (half a cell of 250 columns)
BAR_STEPS = 500

__all__ = [
    "DefenceReasonModal",
    "DefenceScreen",
    "PhaseRuler",
    "clock_face",
    "default_epreuve",
    "read_only_reason",
    "wall",
]
