"""From the jury members' scores to marks, statistics and a candidate's total.

Pure functions, no I/O.  Conventions:

* **which scores count**: only *submitted* scores (``Score.submitted``; a draft is not yet
  the member's opinion), and of those only the latest per :attr:`Score.key` (by ``at``;
  on equal ``at``, the later in the list).  Scores of a member with a *hard* conflict with
  the candidate are ignored (the member does not sit for that candidate);
* **abstentions and recusals** (:class:`ScoreStatus`) never count as zero: they are left
  out of every mean and counted in ``abstentions``;
* **external scores** (``member_id`` None, ``source`` set, e.g. the English platform)
  count like one more scorer, keyed by :attr:`Score.who` (``ext:<source>``);
* **normalisation**: a criterion value becomes a mark out of 20 as
  ``(v - min) / (max - min) * 20``;
* **one member's mark** for an épreuve: the weighted mean (criterion weights) of that
  member's normalised values; abstained criteria are left out of the weights;
* **statistics** (:class:`Stats`): mean, median, min, max, spread (max - min) and the
  *population* standard deviation (``statistics.pstdev``: the jury is the whole
  population of its marks, not a sample); all ``None`` when there is no value.  The mean
  is clamped into [min, max] so that float rounding can never put it outside;
* **divergence**: a set of values is divergent when its spread exceeds the session's
  ``divergence_threshold`` (points out of 20).  For one criterion the threshold is scaled to
  the criterion's range (``threshold * (max - min) / 20``), so a 0–3 level scale and a /20
  scale are judged alike;
* **completeness** of an épreuve for a candidate: every *expected scorer* — jury member
  present, of role ``membre`` or ``president``, without a hard conflict with the candidate
  — has a counted score (scored, abstained or recused) for every criterion.  An épreuve
  scored only by external sources (no member score at all) is complete when those cover
  every criterion;
* **candidate total** (/20): ``sum(weight * mean mark) / sum(weights)`` over the épreuves
  planned for the candidate (:meth:`Session.planned_epreuves`) that have a mark; the
  median-based total uses the median mark instead of the mean.  If all those weights are
  0, the plain mean is used.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import Candidate, Criterion, Epreuve, Role, Score, ScoreStatus, Session

DEFAULT_THRESHOLD = 4.0


@dataclass(frozen=True)
class Stats:
    """Statistics of a set of values (``values`` sorted ascending)."""

    n: int
    values: tuple[float, ...]
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    spread: float | None
    stdev: float | None
    abstentions: int = 0
    divergent: bool = False


def stats(
    values: Iterable[float], abstentions: int = 0, threshold: float = DEFAULT_THRESHOLD
) -> Stats:
    """Statistics of ``values``; divergent when the spread exceeds ``threshold``.

    The result does not depend on the order of ``values`` (sums are exact: ``math.fsum``).
    """
    vals = tuple(sorted(float(v) for v in values))
    if any(math.isnan(v) for v in vals):
        raise ValueError("valeur invalide (NaN) dans les notes")
    n = len(vals)
    if n == 0:
        return Stats(0, (), None, None, None, None, None, None, abstentions, False)
    lo, hi = vals[0], vals[-1]
    mean = min(max(math.fsum(vals) / n, lo), hi)
    half = n // 2
    median = vals[half] if n % 2 else (vals[half - 1] + vals[half]) / 2
    spread = hi - lo
    # population standard deviation; plain floats (the statistics module works in Fractions,
    # ten times slower, and a deliberation table computes thousands of these)
    stdev = math.sqrt(math.fsum((v - mean) ** 2 for v in vals) / n)
    return Stats(n, vals, mean, median, lo, hi, spread, stdev, abstentions, spread > threshold)


def normalize(criterion: Criterion, value: float) -> float:
    """``value`` on ``criterion``'s scale as a mark out of 20."""
    return (value - criterion.min) / (criterion.max - criterion.min) * 20.0


def latest_scores(scores: Iterable[Score]) -> list[Score]:
    """The latest submitted score per :attr:`Score.key` (ties on ``at``: the later one)."""
    best: dict[tuple[str, str, str, str], tuple[object, int, Score]] = {}
    for i, s in enumerate(scores):
        if not s.submitted:
            continue
        k = s.key
        cur = best.get(k)
        if cur is None or (s.at, i) >= (cur[0], cur[1]):
            best[k] = (s.at, i, s)
    return [v[2] for v in sorted(best.values(), key=lambda t: t[1])]


def member_epreuve_mark(epreuve: Epreuve, scores: list[Score]) -> float | None:
    """One scorer's mark out of 20 for one candidate and ``epreuve``.

    ``scores`` are that scorer's scores (several versions allowed: the latest per
    criterion is used).  Weighted mean of the normalised criterion values; abstained or
    recused criteria are left out of the weights.  None when nothing was scored.
    Raises ``ValueError`` if ``scores`` mix scorers, candidates or épreuves.
    """
    if len({s.who for s in scores}) > 1:
        raise ValueError("les notes de plusieurs évaluateurs ne se calculent pas ensemble")
    if len({(s.candidate_id, s.epreuve_id) for s in scores}) > 1:
        raise ValueError("les notes doivent porter sur un seul candidat et une seule épreuve")
    if any(s.epreuve_id != epreuve.id for s in scores):
        raise ValueError(f"les notes ne portent pas sur l'épreuve {epreuve.id}")
    crits = {c.id: c for c in epreuve.criteria}
    return _mark(crits, latest_scores(scores))


def _mark(crits: dict[str, Criterion], latest: Iterable[Score]) -> float | None:
    """Weighted mean /20 of one scorer's latest scores (see member_epreuve_mark)."""
    pairs: list[tuple[float, float]] = []  # (weight, mark /20)
    for s in latest:
        crit = crits.get(s.criterion_id)
        if crit is None or s.status is not ScoreStatus.SCORED or s.value is None:
            continue
        pairs.append((crit.weight, normalize(crit, s.value)))
    if not pairs:
        return None
    total_w = math.fsum(w for w, _ in pairs)
    if total_w <= 0:
        return math.fsum(m for _, m in pairs) / len(pairs)
    mark = math.fsum(w * m for w, m in pairs) / total_w
    lo, hi = min(m for _, m in pairs), max(m for _, m in pairs)
    return min(max(mark, lo), hi)


@dataclass(frozen=True)
class EpreuveResult:
    """The result of one épreuve for one candidate.

    ``criteria``: criterion id -> Stats of the raw values (criterion scale) across scorers;
    ``member_marks``: scorer (:attr:`Score.who`) -> mark out of 20;
    ``marks``: Stats across those marks; ``abstentions`` there counts scorers who gave no
    mark at all (only abstained or recused);
    ``missing``: expected scorers who have not covered every criterion yet.
    """

    candidate_id: str
    epreuve_id: str
    criteria: dict[str, Stats]
    member_marks: dict[str, float]
    marks: Stats
    complete: bool
    missing: tuple[str, ...] = ()
    divergent: bool = False

    @property
    def mark(self) -> float | None:
        """The épreuve's mark: the mean of the scorers' marks."""
        return self.marks.mean


def expected_scorers(
    session: Session, candidate_id: str, epreuve_id: str | None = None
) -> list[str]:
    """Ids of the jury members expected to score ``candidate_id``: present, of role
    membre or président, without a hard conflict with the candidate; for an épreuve
    with a panel assigned to this candidate (``Candidate.panels``), only that panel."""
    epreuve = session.epreuve(epreuve_id) if epreuve_id is not None else None
    return _expected(
        session,
        session.candidate(candidate_id),
        epreuve_id,
        epreuve,
        session.conflicted_members(candidate_id),
    )


def _expected(
    session: Session,
    cand: Candidate | None,
    epreuve_id: str | None,
    epreuve: Epreuve | None,
    blocked: set[str],
) -> list[str]:
    """:func:`expected_scorers` from what the caller has already looked up."""
    if epreuve is not None and epreuve.external_source:
        return []
    panel: set[str] | None = None
    if cand is not None and epreuve_id is not None and cand.panels.get(epreuve_id):
        panel = set(cand.panels[epreuve_id])
    return [
        m.id
        for m in session.jury
        if m.role in (Role.MEMBRE, Role.PRESIDENT)
        and m.is_present
        and m.id not in blocked
        and (panel is None or m.id in panel)
    ]


def counted_scores(session: Session, candidate_id: str, epreuve_id: str) -> list[Score]:
    """The scores that count for ``candidate_id`` and ``epreuve_id``: latest submitted per
    key, without those of members with a hard conflict with the candidate."""
    latest = latest_scores(session.scores_for(candidate_id, epreuve_id))
    blocked = session.conflicted_members(candidate_id)
    return [s for s in latest if s.member_id is None or s.member_id not in blocked]


def epreuve_result(session: Session, candidate_id: str, epreuve_id: str) -> EpreuveResult:
    """Statistics of ``epreuve_id`` for ``candidate_id`` (see the module docstring)."""
    epreuve = session.epreuve(epreuve_id)
    if epreuve is None:
        raise ValueError(f"épreuve inconnue : « {epreuve_id} »")
    cand = session.candidate(candidate_id)
    if cand is None:
        raise ValueError(f"candidat inconnu : « {candidate_id} »")
    blocked = session.conflicted_members(candidate_id)
    counted = counted_scores(session, candidate_id, epreuve_id)
    return _epreuve_result(session, cand, epreuve, counted, blocked)


def _epreuve_result(
    session: Session,
    cand: Candidate,
    epreuve: Epreuve,
    counted_all: list[Score],
    blocked: set[str],
) -> EpreuveResult:
    """:func:`epreuve_result` from the candidate's counted scores of this épreuve
    (``counted_all``, as :func:`counted_scores` gives them) and the members in conflict."""
    candidate_id, epreuve_id = cand.id, epreuve.id
    threshold = session.info.divergence_threshold
    crits = {c.id: c for c in epreuve.criteria}
    counted = [s for s in counted_all if s.criterion_id in crits]

    per_crit: dict[str, list[Score]] = {cid: [] for cid in crits}
    by_who: dict[str, list[Score]] = {}
    for s in counted:
        per_crit[s.criterion_id].append(s)
        by_who.setdefault(s.who, []).append(s)
    criteria: dict[str, Stats] = {}
    for crit in epreuve.criteria:
        mine = per_crit[crit.id]
        vals = [s.value for s in mine if s.status is ScoreStatus.SCORED and s.value is not None]
        abst = sum(1 for s in mine if s.status is not ScoreStatus.SCORED)
        scaled = threshold * (crit.max - crit.min) / 20.0
        criteria[crit.id] = stats(vals, abst, scaled)

    member_marks: dict[str, float] = {}
    no_mark = 0
    for who in sorted(by_who):
        mark = _mark(crits, by_who[who])  # already the latest per key
        if mark is None:
            no_mark += 1
        else:
            member_marks[who] = mark
    marks = stats(member_marks.values(), no_mark, threshold)

    crit_ids = {c.id for c in epreuve.criteria}
    expected = _expected(session, cand, epreuve_id, epreuve, blocked)
    covered = {who: {s.criterion_id for s in ss} for who, ss in by_who.items()}
    missing = tuple(m for m in expected if not crit_ids <= covered.get(m, set()))
    member_scored = any(s.member_id is not None for s in counted)
    externals = [who for who in covered if who.startswith("ext:")]
    if not member_scored and externals:
        complete = all(crit_ids <= covered[w] for w in externals)
        missing = ()
    else:
        complete = bool(expected) and not missing

    divergent = marks.divergent or any(c.divergent for c in criteria.values())
    return EpreuveResult(
        candidate_id=candidate_id,
        epreuve_id=epreuve_id,
        criteria=criteria,
        member_marks=member_marks,
        marks=marks,
        complete=complete,
        missing=missing,
        divergent=divergent,
    )


@dataclass(frozen=True)
class CandidateResult:
    """A candidate's results over the épreuves planned for them.

    ``total``: weighted total out of 20 of the mean marks; ``total_median``: same with the
    median marks; both None when no planned épreuve has a mark.  ``missing``: planned
    épreuves without any mark.  ``complete``: every planned épreuve complete.
    """

    candidate_id: str
    epreuves: dict[str, EpreuveResult] = field(default_factory=dict)
    total: float | None = None
    total_median: float | None = None
    divergent: bool = False
    missing: tuple[str, ...] = ()
    complete: bool = False


def _weighted(pairs: list[tuple[float, float]]) -> float | None:
    if not pairs:
        return None
    wsum = math.fsum(w for w, _ in pairs)
    if wsum <= 0:
        return math.fsum(v for _, v in pairs) / len(pairs)
    value = math.fsum(w * v for w, v in pairs) / wsum
    return min(max(value, min(v for _, v in pairs)), max(v for _, v in pairs))


def candidate_result(session: Session, candidate_id: str) -> CandidateResult:
    """Every planned épreuve's result for ``candidate_id`` and the totals out of 20."""
    candidate = session.candidate(candidate_id)
    if candidate is None:
        raise ValueError(f"candidat inconnu : « {candidate_id} »")
    # one pass over the candidate's scores for every épreuve (what counted_scores does
    # épreuve by épreuve: the latest submitted per key, none of a member in conflict)
    blocked = session.conflicted_members(candidate_id)
    counted: dict[str, list[Score]] = {}
    for s in latest_scores(session.scores_for(candidate_id)):
        if s.member_id is None or s.member_id not in blocked:
            counted.setdefault(s.epreuve_id, []).append(s)
    results: dict[str, EpreuveResult] = {}
    means: list[tuple[float, float]] = []
    medians: list[tuple[float, float]] = []
    missing: list[str] = []
    for ep in session.planned_epreuves(candidate):
        res = _epreuve_result(session, candidate, ep, counted.get(ep.id, []), blocked)
        results[ep.id] = res
        if res.marks.mean is None or res.marks.median is None:
            missing.append(ep.id)
            continue
        means.append((ep.weight, res.marks.mean))
        medians.append((ep.weight, res.marks.median))
    return CandidateResult(
        candidate_id=candidate_id,
        epreuves=results,
        total=_weighted(means),
        total_median=_weighted(medians),
        divergent=any(r.divergent for r in results.values()),
        missing=tuple(missing),
        complete=bool(results) and all(r.complete for r in results.values()),
    )
