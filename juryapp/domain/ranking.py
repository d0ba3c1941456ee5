"""Ranking the admissible candidates of an admission session, and the two lists.

Pure functions, no I/O.

Order of an admission session's ranking (:func:`rank_candidates`):

1. **Excellence académique** candidates first (latest dossier-review decision
   *excellence*: admissible directly, without tests, so without marks).  They are not
   ranked by merit among themselves: they are listed in alphabetical order (last name,
   first name, then id), and their ``tie_break`` says so;
2. then the candidates whose latest after-tests decision is *admissible*, ranked by
   :func:`rank`.

Deterministic tie-break of :func:`rank` (each rule applies only when all earlier ones are
equal; totals are compared rounded to 6 decimals, a missing value ranks after any value):

1. higher total (weighted total out of 20 of the mean marks);
2. higher median-based total;
3. higher motivation-interview mark (the motivation interview, or failing that the
   video interview);
4. last name, then first name, alphabetically, ignoring case and accents;
5. candidate id.

``tied`` marks an entry whose total equals another entry's total (before the tie-break);
``tie_break`` names, in French, the rule that separated it from the entry just above it
with the same total (or, for the first of a tied group, from the one just below it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

from juryapp.i18n import N_, _

from .aggregation import CandidateResult, candidate_result
from .models import DecisionStage, DecisionValue, EpreuveKind, Session
from .text import fold

ListName = Literal["principale", "complementaire", ""]

#: the tie-break rules, as French msgids: ``RankedEntry.tie_break`` holds one of them (or
#: EXCELLENCE_TIE_BREAK): show it with ``_()``
TIE_BREAK_LABELS: tuple[str, ...] = (
    N_("total"),
    N_("total fondé sur les médianes"),
    N_("note d'entretien de motivation"),
    N_("ordre alphabétique (nom, prénom)"),
    N_("identifiant"),
)
EXCELLENCE_TIE_BREAK = N_("excellence académique : ordre alphabétique")

_DIGITS = 6


@dataclass(frozen=True)
class RankInput:
    """What :func:`rank` needs about one candidate."""

    candidate_id: str
    total: float | None = None
    total_median: float | None = None
    interview: float | None = None
    last_name: str = ""
    first_name: str = ""


@dataclass(frozen=True)
class RankedEntry:
    candidate_id: str
    rank: int
    total: float | None
    tied: bool = False
    tie_break: str = ""
    list_name: ListName = ""


_fold = fold


def _desc(value: float | None) -> tuple[int, float]:
    """Sort key: higher first, None last."""
    if value is None:
        return (1, 0.0)
    return (0, -round(value, _DIGITS))


def _rule_keys(item: RankInput) -> tuple:
    return (
        _desc(item.total),
        _desc(item.total_median),
        _desc(item.interview),
        (_fold(item.last_name), _fold(item.first_name)),
        item.candidate_id,
    )


def _same_total(a: RankInput, b: RankInput) -> bool:
    return _desc(a.total) == _desc(b.total)


def _separating_rule(a: RankInput, b: RankInput) -> str:
    ka, kb = _rule_keys(a), _rule_keys(b)
    for label, x, y in zip(TIE_BREAK_LABELS, ka, kb, strict=True):
        if x != y:
            return label
    return TIE_BREAK_LABELS[-1]  # pragma: no cover - ids are unique


def rank(items: Iterable[RankInput]) -> list[RankedEntry]:
    """Rank ``items`` (best first, ranks 1..n) with the module's deterministic tie-break.

    The result does not depend on the order of ``items``.  Candidate ids must be unique.
    """
    ordered = sorted(items, key=_rule_keys)
    ids = [i.candidate_id for i in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError(_("identifiant de candidat en double dans le classement"))
    out: list[RankedEntry] = []
    for idx, item in enumerate(ordered):
        above = ordered[idx - 1] if idx > 0 else None
        below = ordered[idx + 1] if idx + 1 < len(ordered) else None
        if above is not None and not _same_total(above, item):
            above = None
        if below is not None and not _same_total(below, item):
            below = None
        tied = above is not None or below is not None
        if above is not None:
            why = _separating_rule(above, item)
        elif below is not None:
            why = _separating_rule(item, below)
        else:
            why = ""
        out.append(RankedEntry(item.candidate_id, idx + 1, item.total, tied, why))
    return out


def _interview_mark(session: Session, result: CandidateResult) -> float | None:
    for kind in (EpreuveKind.MOTIVATION_INTERVIEW, EpreuveKind.MOTIVATION_VIDEO):
        marks = [
            r.mark
            for eid, r in result.epreuves.items()
            if r.mark is not None and (ep := session.epreuve(eid)) is not None and ep.kind is kind
        ]
        if marks:
            return sum(marks) / len(marks)
    return None


def rank_candidates(
    session: Session, result_of: Callable[[str], CandidateResult] | None = None
) -> list[RankedEntry]:
    """The admissible candidates of an admission session, ranked (see module docstring).

    ``result_of(candidate_id)`` supplies results already computed (a screen's cache);
    by default they are computed here.  Raises ``ValueError`` for a session that is not an
    admission session.
    """
    if not session.info.kind.is_admission:
        raise ValueError(_("le classement ne concerne que les sessions d'admission"))
    excellence = []
    tested: list[RankInput] = []
    for c in session.candidates:
        review = session.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW)
        if review is not None and review.value is DecisionValue.EXCELLENCE:
            excellence.append(c)
            continue
        if review is not None and review.value is DecisionValue.REJET:
            continue
        after = session.latest_decision(c.id, DecisionStage.AFTER_TESTS)
        if after is None or after.value is not DecisionValue.ADMISSIBLE:
            continue
        res = result_of(c.id) if result_of is not None else candidate_result(session, c.id)
        tested.append(
            RankInput(
                candidate_id=c.id,
                total=res.total,
                total_median=res.total_median,
                interview=_interview_mark(session, res),
                last_name=c.last_name,
                first_name=c.first_name,
            )
        )
    excellence.sort(key=lambda c: (_fold(c.last_name), _fold(c.first_name), c.id))
    out = [
        RankedEntry(c.id, i + 1, None, False, EXCELLENCE_TIE_BREAK)
        for i, c in enumerate(excellence)
    ]
    offset = len(out)
    out.extend(replace(e, rank=e.rank + offset) for e in rank(tested))
    return out


def build_lists(ranked: list[RankedEntry], places: int) -> list[RankedEntry]:
    """Split ``ranked`` (in rank order) into the main list — the first ``places`` — and the
    complementary list (the rest).  Returns new entries with ``list_name`` set."""
    if places < 0:
        raise ValueError(_("nombre de places invalide : {places}").format(places=places))
    ordered = sorted(ranked, key=lambda e: e.rank)
    return [
        replace(e, list_name="principale" if i < places else "complementaire")
        for i, e in enumerate(ordered)
    ]
