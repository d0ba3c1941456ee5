"""Scoring one candidate on one épreuve: the rules behind the scoring panel.

Pure functions, no I/O, no Textual, so they are tested alone and usable from any screen.

* **typing a value**: :func:`parse_value` accepts a decimal comma or point ("12,5",
  "12.5"), spaces, a sign; anything else is "not a number".  :func:`check_entry` adds the
  criterion's own rule (:meth:`Criterion.check_value`) and returns the message to show next
  to the field (without the criterion's name: the field is right there);
* **the member's sheet** (:func:`my_sheet`): the member's latest score per criterion,
  drafts (``submitted=False``) included, so a reopened panel shows what was typed;
* **the overall comment** ("appréciation générale") is :attr:`Score.overall_comment` of the
  score of the épreuve's first criterion (one per sheet; the criteria's own comments are
  in :attr:`Score.comment`);
* **drafts and submission** (:func:`build_scores`): a draft holds the criteria whose value is
  valid; a submission needs every criterion valid and filled (:func:`submit_problems`);
  an abstention or recusal (:func:`withdrawal_scores`) covers every criterion, without a
  value (never a zero) and with its reason;
* **who may score** (:func:`refusal`): not the secretary, not a member with a hard conflict
  of interest, not on an épreuve marked by an external source, not outside the panel
  assigned to the candidate, not once the minutes are signed;
* **what is next** (:func:`next_candidate`): the next candidate, in alphabetical order, the
  member still has to score for the épreuve;
* **the countdown** (:func:`countdown`) of a timed épreuve, from the seconds elapsed.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from juryapp.i18n import N_, _, decimal_separator, format_number, of_name

from .aggregation import expected_scorers, member_epreuve_mark
from .models import (
    ConflictType,
    Criterion,
    Epreuve,
    Role,
    Score,
    ScoreStatus,
    Session,
    SessionStatus,
)
from .queue import in_tests
from .text import name_key

# --------------------------------------------------------------------------- numbers


def fmt_num(x: float) -> str:
    """A number in the user's language (decimal comma in French), at most two decimals, no
    useless zeros.  Rounded as Python's ``f"{x:.2f}"`` rounds (the float's exact value), as
    the screens always have: 8.125 -> "8,12"."""
    return format_number(Decimal(f"{x:.2f}"), max_decimals=2)


def input_text(x: float) -> str:
    """``x`` as it is put back in a field: the language's decimal separator, every digit
    kept (so that parsing it gives ``x`` again, unlike :func:`fmt_num` which rounds)."""
    s = repr(float(x))
    if "e" in s or "E" in s:
        s = f"{x:.9f}".rstrip("0").rstrip(".")
    if s.endswith(".0"):
        s = s[:-2]
    return s.replace(".", decimal_separator())


_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$")


def parse_value(text: str) -> float | None:
    """The number typed in ``text`` (decimal comma or point); None when empty.

    Raises ``ValueError`` with a message in the user's language when it is not a number.

    >>> parse_value("12,5"), parse_value(" 12.5 "), parse_value("")
    (12.5, 12.5, None)
    """
    t = text.strip()
    if not t:
        return None
    if not _NUMBER.match(t):
        raise ValueError(
            _("« {text} » n'est pas un nombre (exemple : {example})").format(
                text=text.strip(), example=fmt_num(12.5)
            )
        )
    return float(t.replace(",", "."))


@dataclass(frozen=True, slots=True)
class Entry:
    """What is typed in one criterion's field: the value when valid, else why not."""

    text: str
    value: float | None = None
    error: str | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.error is None

    @property
    def valid(self) -> bool:
        return self.value is not None and self.error is None


def check_entry(criterion: Criterion, text: str) -> Entry:
    """Parse and check ``text`` against ``criterion``'s scale."""
    try:
        value = parse_value(text)
    except ValueError as exc:
        return Entry(text, None, str(exc))
    if value is None:
        return Entry(text)
    problem = criterion.check_value(value)
    if problem:
        shown = _scale_problem(criterion, value) or problem.removeprefix(f"{criterion.label} : ")
        return Entry(text, None, shown)
    return Entry(text, value)


def _scale_problem(criterion: Criterion, value: float) -> str | None:
    """What :meth:`Criterion.check_value` finds wrong with ``value`` (which stays the rule),
    worded in the user's language and without the criterion's name; None if the wording
    is not known here (the caller then shows the model's own message)."""
    if value != value:  # NaN
        return _("valeur invalide")
    if criterion.levels is not None:
        if not any(abs(value - lv) < 1e-9 for lv in criterion.levels):
            return _("{value} n'est pas un niveau permis ({levels})").format(
                value=fmt_num(value), levels=", ".join(fmt_num(lv) for lv in criterion.levels)
            )
        return None
    if value < criterion.min - 1e-9 or value > criterion.max + 1e-9:
        return _("{value} hors barème ({min} à {max})").format(
            value=fmt_num(value), min=fmt_num(criterion.min), max=fmt_num(criterion.max)
        )
    if criterion.step:
        q = (value - criterion.min) / criterion.step
        if abs(q - round(q)) > 1e-6:
            return _("{value} n'est pas un multiple du pas {step}").format(
                value=fmt_num(value), step=fmt_num(criterion.step)
            )
    return None


# --------------------------------------------------------------------------- rubric texts


def scale_text(criterion: Criterion) -> str:
    """The scale in a few words: ``niveaux 0/1/2/3/4`` or ``0 à 20, pas 0,5``."""
    if criterion.levels is not None:
        return _("niveaux {levels}").format(levels="/".join(fmt_num(lv) for lv in criterion.levels))
    text = _("{min} à {max}").format(min=fmt_num(criterion.min), max=fmt_num(criterion.max))
    if criterion.step:
        text += _(", pas {step}").format(step=fmt_num(criterion.step))
    return text


def weight_text(criterion: Criterion) -> str:
    return _("coef {weight}").format(weight=fmt_num(criterion.weight))


def _anchors(criterion: Criterion) -> list[tuple[float, str]]:
    out: list[tuple[float, str]] = []
    for key, text in criterion.descriptors.items():
        try:
            out.append((float(key.replace(",", ".")), text))
        except ValueError:
            continue
    return sorted(out)


def _short(text: str) -> str:
    """The head of a descriptor: ``Bon : clair, argumenté`` -> ``Bon``."""
    return text.split(" : ", 1)[0].strip()


def descriptor_for(criterion: Criterion, value: float) -> str:
    """What ``value`` means on ``criterion``'s rubric: its descriptor, or where it falls
    between two described values; "" without descriptors."""
    anchors = _anchors(criterion)
    if not anchors:
        return ""
    for v, text in anchors:
        if abs(v - value) < 1e-9:
            return text
    below = [(v, t) for v, t in anchors if v < value]
    above = [(v, t) for v, t in anchors if v > value]
    if below and above:
        (lo, tlo), (hi, thi) = below[-1], above[0]
        return _("entre {low} « {low_text} » et {high} « {high_text} »").format(
            low=fmt_num(lo), low_text=_short(tlo), high=fmt_num(hi), high_text=_short(thi)
        )
    if below:
        lo, tlo = below[-1]
        return _("au-delà de {low} « {low_text} »").format(low=fmt_num(lo), low_text=_short(tlo))
    hi, thi = above[0]
    return _("en deçà de {high} « {high_text} »").format(high=fmt_num(hi), high_text=_short(thi))


def descriptors_summary(criterion: Criterion) -> str:
    """The rubric on one line: ``0 Insuffisant · 1 Fragile · 2 Satisfaisant …``."""
    anchors = _anchors(criterion)
    if anchors:
        return " · ".join(f"{fmt_num(v)} {_short(t)}" for v, t in anchors)
    return " · ".join(f"{k} {_short(t)}" for k, t in criterion.descriptors.items())


def descriptors_lines(criterion: Criterion) -> list[str]:
    """The whole rubric, one ``value → meaning`` per line (for the help)."""
    anchors = _anchors(criterion)
    if anchors:
        return [f"{fmt_num(v)} → {t}" for v, t in anchors]
    return [f"{k} → {t}" for k, t in criterion.descriptors.items()]


# --------------------------------------------------------------------------- the sheet


@dataclass(frozen=True)
class Sheet:
    """One member's scores for one candidate and one épreuve, drafts included.

    ``values``: criterion id -> value (scored criteria only); ``comments``: criterion id ->
    comment (without the overall comment); ``withdrawn``: ABSTAINED or RECUSED when every
    criterion carries that status (``reason`` then says why); ``submitted``: every criterion
    has a submitted score; ``draft``: at least one score is a draft.
    """

    values: dict[str, float] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    overall: str = ""
    withdrawn: ScoreStatus | None = None
    reason: str = ""
    submitted: bool = False
    draft: bool = False
    saved_at: dt.datetime | None = None

    @property
    def empty(self) -> bool:
        return not self.values and not self.comments and not self.overall and not self.withdrawn


def latest_own(
    session: Session, member_id: str, candidate_id: str, epreuve_id: str
) -> dict[str, Score]:
    """The member's latest score per criterion (by ``at``; drafts included)."""
    best: dict[str, tuple[dt.datetime, int, Score]] = {}
    for i, s in enumerate(session.scores_for(candidate_id, epreuve_id)):
        if s.member_id != member_id:
            continue
        at = s.at if s.at.tzinfo else s.at.replace(tzinfo=dt.UTC)
        cur = best.get(s.criterion_id)
        if cur is None or (at, i) >= (cur[0], cur[1]):
            best[s.criterion_id] = (at, i, s)
    return {k: v[2] for k, v in best.items()}


def my_sheet(session: Session, member_id: str, candidate_id: str, epreuve_id: str) -> Sheet:
    """What ``member_id`` has saved for ``candidate_id`` on ``epreuve_id`` (see :class:`Sheet`)."""
    epreuve = session.epreuve(epreuve_id)
    if epreuve is None:
        return Sheet()
    latest = latest_own(session, member_id, candidate_id, epreuve_id)
    values: dict[str, float] = {}
    comments: dict[str, str] = {}
    overall = ""
    statuses: set[ScoreStatus] = set()
    reason = ""
    for crit in epreuve.criteria:
        s = latest.get(crit.id)
        if s is None:
            continue
        if s.comment:
            comments[crit.id] = s.comment
        if s.overall_comment and not overall:
            overall = s.overall_comment
        statuses.add(s.status)
        if s.status is ScoreStatus.SCORED and s.value is not None:
            values[crit.id] = s.value
        elif s.reason and not reason:
            reason = s.reason
    mine = [latest[c.id] for c in epreuve.criteria if c.id in latest]
    covered = len(mine) == len(epreuve.criteria)
    withdrawn = None
    if covered and len(statuses) == 1 and ScoreStatus.SCORED not in statuses:
        withdrawn = statuses.pop()
    return Sheet(
        values=values,
        comments=comments,
        overall=overall,
        withdrawn=withdrawn,
        reason=reason if withdrawn else "",
        submitted=covered and all(s.submitted for s in mine),
        draft=any(not s.submitted for s in mine),
        saved_at=max((s.at for s in mine), default=None),
    )


def running_mark(epreuve: Epreuve, values: Mapping[str, float | None]) -> float | None:
    """The weighted mark out of 20 of the values typed so far (:func:`member_epreuve_mark`)."""
    at = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    scores = [
        Score(
            candidate_id="c",
            epreuve_id=epreuve.id,
            criterion_id=c.id,
            member_id="m",
            value=values[c.id],
            at=at,
        )
        for c in epreuve.criteria
        if values.get(c.id) is not None
    ]
    return member_epreuve_mark(epreuve, scores)


def submit_problems(epreuve: Epreuve, entries: Mapping[str, Entry]) -> list[tuple[str, str]]:
    """``(criterion id, message)`` for every criterion that stops a submission."""
    problems: list[tuple[str, str]] = []
    for crit in epreuve.criteria:
        entry = entries.get(crit.id)
        if entry is None or entry.empty:
            problems.append(
                (crit.id, _("{criterion} : note manquante").format(criterion=crit.label))
            )
        elif entry.error:
            problems.append((crit.id, f"{crit.label} : {entry.error}"))
    return problems


def build_scores(
    epreuve: Epreuve,
    candidate_id: str,
    member_id: str,
    values: Mapping[str, float | None],
    comments: Mapping[str, str],
    overall: str,
    *,
    submitted: bool,
    at: dt.datetime,
) -> list[Score]:
    """The scores of a sheet: one per criterion; the overall comment goes with the first
    of them (:attr:`Score.overall_comment`).  In a draft, a criterion without a value is saved
    without one, so that a field the member cleared stays cleared.

    Raises ``ValueError`` when a submission misses a criterion."""
    scores: list[Score] = []
    for crit in epreuve.criteria:
        value = values.get(crit.id)
        if value is None and submitted:
            raise ValueError(_("{criterion} : note manquante").format(criterion=crit.label))
        scores.append(
            Score(
                candidate_id=candidate_id,
                epreuve_id=epreuve.id,
                criterion_id=crit.id,
                member_id=member_id,
                value=value,
                comment=comments.get(crit.id, "").strip(),
                overall_comment="" if scores else overall.strip(),
                submitted=submitted,
                at=at,
            )
        )
    return scores


def withdrawal_scores(
    epreuve: Epreuve,
    candidate_id: str,
    member_id: str,
    status: ScoreStatus,
    reason: str,
    *,
    at: dt.datetime,
    comments: Mapping[str, str] | None = None,
    overall: str = "",
) -> list[Score]:
    """An abstention or a recusal on every criterion: no value, the reason, submitted."""
    if status is ScoreStatus.SCORED:
        raise ValueError(_("une abstention ou une récusation, pas une note"))
    if not reason.strip():
        raise ValueError(_("le motif est obligatoire"))
    comments = comments or {}
    return [
        Score(
            candidate_id=candidate_id,
            epreuve_id=epreuve.id,
            criterion_id=crit.id,
            member_id=member_id,
            status=status,
            reason=reason.strip(),
            comment=comments.get(crit.id, "").strip(),
            overall_comment=overall.strip() if i == 0 else "",
            submitted=True,
            at=at,
        )
        for i, crit in enumerate(epreuve.criteria)
    ]


# --------------------------------------------------------------------------- who may score

#: French msgids
CONFLICT_LABELS: dict[ConflictType, str] = {
    ConflictType.RELATIONSHIP: N_("lien personnel ou professionnel"),
    ConflictType.COACHED: N_("a accompagné ou préparé le candidat"),
    ConflictType.COLLEAGUE: N_("collègue"),
    ConflictType.OTHER: N_("autre motif"),
}


@dataclass(frozen=True)
class Refusal:
    """Why a member may not score a candidate on an épreuve (for the screen, in the user's
    language)."""

    title: str
    message: str
    #: the members assigned to this candidate for this épreuve, when that is the reason
    panel: tuple[str, ...] = ()


def refusal(
    session: Session, member_id: str | None, candidate_id: str, epreuve_id: str
) -> Refusal | None:
    """Why ``member_id`` may not score ``candidate_id`` on ``epreuve_id``; None if they may."""
    cand = session.candidate(candidate_id)
    if cand is None:
        return Refusal(
            _("Candidat introuvable"),
            _("Aucun dossier « {candidate} » dans la session.").format(candidate=candidate_id),
        )
    epreuve = session.epreuve(epreuve_id)
    if epreuve is None:
        return Refusal(
            _("Épreuve introuvable"),
            _("Aucune épreuve « {epreuve} » dans la session.").format(epreuve=epreuve_id),
        )
    member = session.member(member_id) if member_id else None
    if member is None:
        return Refusal(_("Membre inconnu"), _("Connectez-vous comme membre du jury pour noter."))
    if session.info.status is SessionStatus.SIGNED:
        return Refusal(
            _("Session en lecture seule"),
            _(
                "Le procès-verbal est signé : plus aucune note ne peut être saisie ni modifiée "
                "(une réouverture motivée est nécessaire)."
            ),
        )
    if session.info.status is SessionStatus.CLOSED:
        return Refusal(
            _("Session close"),
            _(
                "La session est close : les épreuves sont terminées, plus aucune note ne peut "
                "être saisie ni modifiée."
            ),
        )
    if member.role is Role.SECRETAIRE:
        return Refusal(
            _("Le secrétaire ne note pas"),
            _(
                "{name} est secrétaire du jury : seuls le président et les membres "
                "notent les candidats."
            ).format(name=member.full_name),
        )
    if epreuve.external_source:
        return Refusal(
            _("Épreuve notée hors jury"),
            _(
                "Les notes de l'épreuve « {epreuve} » viennent de l'extérieur "
                "({source}) : les membres du jury ne la notent pas."
            ).format(epreuve=epreuve.name, source=epreuve.external_source),
        )
    conflict = session.hard_conflict(member.id, candidate_id)
    if conflict is not None:
        why = _(CONFLICT_LABELS[conflict.type])
        note = f" {conflict.note}" if conflict.note else ""
        return Refusal(
            _("Conflit d'intérêts"),
            _(
                "Conflit d'intérêts déclaré entre {member} et {candidate} "
                "({why}) : vous ne notez pas ce candidat."
            ).format(member=member.full_name, candidate=cand.full_name, why=why)
            + note,
        )
    panel = cand.panels.get(epreuve_id)
    if panel and member.id not in panel:
        names = tuple(
            (session.member(m).full_name if session.member(m) else m)  # type: ignore[union-attr]
            for m in panel
        )
        return Refusal(
            _("Hors du jury de l'épreuve"),
            _(
                "Vous ne faites pas partie du jury désigné pour l'épreuve « {epreuve} » "
                "{of_candidate}."
            ).format(epreuve=epreuve.name, of_candidate=of_name(cand.full_name)),
            panel=names,
        )
    return None


def to_score(session: Session, member_id: str, candidate_id: str, epreuve_id: str) -> bool:
    """Whether ``member_id`` still has to score ``candidate_id`` on ``epreuve_id``: the
    candidate sits tests, the épreuve is planned for them, the member is an expected scorer
    and has not submitted every criterion yet."""
    cand = session.candidate(candidate_id)
    if cand is None or not in_tests(session, candidate_id):
        return False
    if epreuve_id not in {e.id for e in session.planned_epreuves(cand)}:
        return False
    if member_id not in expected_scorers(session, candidate_id, epreuve_id):
        return False
    return not my_sheet(session, member_id, candidate_id, epreuve_id).submitted


def next_candidate(
    session: Session, member_id: str, epreuve_id: str, after: str | None = None
) -> str | None:
    """The next candidate (alphabetical order, after ``after``, wrapping round) that
    ``member_id`` still has to score on ``epreuve_id``; never ``after`` itself."""
    order = [
        c.id
        for c in sorted(session.candidates, key=lambda c: name_key(c.last_name, c.first_name, c.id))
    ]
    start = order.index(after) + 1 if after in order else 0
    for cid in order[start:] + order[:start]:
        if cid != after and to_score(session, member_id, cid, epreuve_id):
            return cid
    return None


# --------------------------------------------------------------------------- countdown


class ClockLevel(StrEnum):
    OK = "ok"
    WARN = "warn"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class Countdown:
    remaining: float  # seconds, negative once the time is over
    level: ClockLevel
    text: str


def warn_seconds(duration_minutes: float) -> float:
    """When the countdown warns: 5 minutes before the end (1 minute for épreuves of 10
    minutes or less, which would otherwise warn from the start)."""
    return 60.0 if duration_minutes <= 10 else 300.0


def _clock(seconds: int) -> str:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def countdown(duration_minutes: float, elapsed: float) -> Countdown:
    """The state of a ``duration_minutes`` countdown ``elapsed`` seconds after its start:
    minutes:seconds left, a warning near the end, then the overrun counting up."""
    remaining = duration_minutes * 60.0 - max(0.0, elapsed)
    if remaining > 0:
        shown = _clock(math.ceil(remaining - 1e-9))
        if remaining <= warn_seconds(duration_minutes):
            return Countdown(
                remaining, ClockLevel.WARN, _("⚠ {time} restantes — fin proche").format(time=shown)
            )
        return Countdown(remaining, ClockLevel.OK, _("◷ {time} restantes").format(time=shown))
    over = _clock(math.floor(-remaining + 1e-9))
    return Countdown(
        remaining, ClockLevel.OVER, _("⛔ temps écoulé : dépassement +{time}").format(time=over)
    )
