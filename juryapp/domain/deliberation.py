"""What the deliberation screen shows: the candidates under deliberation, one candidate's
score sheet (every scorer side by side), the summary, the ranked lists, and the checks of a
decision before it is recorded.

Pure functions, no I/O, no Textual.  The figures come from :mod:`.aggregation` (which
scores count, statistics, divergence) and :mod:`.ranking` (order and tie-break); this module
only arranges them for reading.

Conventions of the score sheet (:func:`candidate_sheet`):

* **scorers** (columns) of an épreuve: the jury members expected to score it for the
  candidate (:func:`~.aggregation.expected_scorers`), every member who submitted a score
  for it, and the external source (``ext:<source>``) of an épreuve marked by one, in jury
  order (external sources last).  Drafts (``submitted`` False) are never shown;
* **cells**: the value on the criterion's scale; :data:`ABSTAINED` / :data:`RECUSED` for
  an abstention or a recusal (never 0); :data:`MISSING` when an expected scorer has not
  given that score yet; :data:`NOT_EXPECTED` (blank) otherwise.  A member with a hard
  conflict of interest with the candidate does not sit: his or her scores do not count
  (:data:`EXCLUDED`), a recusal still reads :data:`RECUSED`;
* **statistics** per criterion (raw values, criterion scale) and per épreuve (marks out of
  20): mean, median, spread (max − min), population standard deviation and the divergence
  flag, exactly as :func:`~.aggregation.epreuve_result` computes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from juryapp.i18n import N_, _, format_number, ngettext

from .aggregation import CandidateResult, Stats, candidate_result, expected_scorers, latest_scores
from .decisions import DecisionError, list_separator, validate_decision
from .kinds import decision_label, decision_values, stages
from .models import (
    Candidate,
    ConflictType,
    Decision,
    DecisionStage,
    DecisionValue,
    Epreuve,
    Score,
    ScoreStatus,
    Session,
    SessionKind,
)
from .queue import in_tests
from .ranking import (
    EXCELLENCE_TIE_BREAK,
    TIE_BREAK_LABELS,
    RankedEntry,
    build_lists,
    rank_candidates,
)
from .text import name_key

#: cell of an abstention (never shown as 0); a French msgid, the cells carry its translation
ABSTAINED = N_("abst.")
#: cell of a recusal (a French msgid, as ABSTAINED)
RECUSED = N_("récusé")
#: cell of a score an expected scorer has not given yet
MISSING = "—"
#: cell of a scorer who is not expected for this épreuve and gave nothing
NOT_EXPECTED = ""
#: cell of a score given by a member who does not sit for the candidate (hard conflict)
EXCLUDED = "⊘"


#: French msgids (translated in :class:`RoomConflict`)
CONFLICT_LABELS: dict[ConflictType, str] = {
    ConflictType.RELATIONSHIP: N_("lien personnel ou professionnel"),
    ConflictType.COACHED: N_("a accompagné ou préparé le candidat"),
    ConflictType.COLLEAGUE: N_("collègue"),
    ConflictType.OTHER: N_("autre lien"),
}


def fmt_number(x: float | None, digits: int = 2) -> str:
    """A number in the user's language, without useless zeros: 12.5 -> "12,5" ("12.5" in
    English); None -> "".  Rounded as Python's ``f"{x:.2f}"`` (the float's exact value)."""
    if x is None:
        return ""
    return format_number(Decimal(f"{x:.{digits}f}"), max_decimals=digits)


def fmt_total(x: float | None) -> str:
    """A total out of 20, always with two decimals: 12.5 -> "12,50"; None -> "".  Rounded
    as Python's ``f"{x:.2f}"`` (the float's exact value: 8.125 -> "8,12"), as every screen."""
    return "" if x is None else format_number(Decimal(f"{x:.2f}"), 2)


# --------------------------------------------------------------------------- stage


def deliberation_stage(kind: SessionKind) -> DecisionStage:
    """The stage the president decides on the deliberation screen: the last stage of the
    kind (after the tests for an admission, the VAE or contrat-pro decision, recevabilité)."""
    return stages(kind)[-1]


def stage_values(kind: SessionKind) -> list[DecisionValue]:
    """The decisions possible at :func:`deliberation_stage`, favourable first."""
    return decision_values(kind, deliberation_stage(kind))


def favourable_value(kind: SessionKind) -> DecisionValue:
    """admissible, validation totale, validé, recevable."""
    return stage_values(kind)[0]


def unfavourable_value(kind: SessionKind) -> DecisionValue:
    """non admissible, pas de validation, non validé, non recevable."""
    return stage_values(kind)[-1]


def under_deliberation(session: Session) -> list[Candidate]:
    """The candidates the jury deliberates on: those who sat tests
    (:func:`~.queue.in_tests`: every candidate outside admission sessions)."""
    return [c for c in session.candidates if in_tests(session, c.id)]


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True, slots=True)
class DeliberationEntry:
    """One line of the list of candidates under deliberation."""

    candidate_id: str
    name: str
    total: float | None
    total_median: float | None
    divergent: bool
    planned: int  # épreuves planned for the candidate
    complete: int  # of those, complete (every expected scorer)
    decision: DecisionValue | None  # latest decision at the deliberation stage
    decision_label: str
    sort_name: tuple[str, str, str]
    #: the marks are not computed yet (first display of a large session)
    pending: bool = False

    @property
    def is_complete(self) -> bool:
        return self.planned > 0 and self.complete == self.planned


def deliberation_entry(
    session: Session,
    candidate: Candidate,
    result: CandidateResult | None = None,
    *,
    with_results: bool = True,
) -> DeliberationEntry:
    """The list line of ``candidate`` (``result``: its :func:`candidate_result`, if known;
    ``with_results=False``: without the marks, a ``pending`` line)."""
    if result is None and with_results:
        result = candidate_result(session, candidate.id)
    kind = session.info.kind
    latest = session.latest_decision(candidate.id, deliberation_stage(kind))
    return DeliberationEntry(
        candidate_id=candidate.id,
        name=candidate.full_name,
        total=result.total if result else None,
        total_median=result.total_median if result else None,
        divergent=bool(result and result.divergent),
        planned=len(result.epreuves) if result else len(session.planned_epreuves(candidate)),
        complete=sum(1 for r in result.epreuves.values() if r.complete) if result else 0,
        decision=latest.value if latest else None,
        decision_label=decision_label(kind, latest.value) if latest else "",
        sort_name=name_key(candidate.last_name, candidate.first_name, candidate.id),
        pending=result is None,
    )


class ResultCache:
    """:func:`candidate_result` of earlier snapshots of the session, reused while a
    candidate's data (dossier, scores) and the session set-up are unchanged: a reload after
    one member saved one sheet recomputes a handful of candidates, not 5,000."""

    def __init__(self) -> None:
        self.setup: object = None
        self.results: dict[str, tuple[object, CandidateResult]] = {}

    def get(self, session: Session, candidate: Candidate) -> CandidateResult:
        # Score objects are compared by identity first: the store hands back the same
        # objects for the score sheets that did not change since the last load.
        key = (candidate, tuple(session.scores_for(candidate.id)))
        hit = self.results.get(candidate.id)
        if hit is not None and hit[0] == key:
            return hit[1]
        result = candidate_result(session, candidate.id)
        self.results[candidate.id] = (key, result)
        return result

    def start(self, session: Session) -> None:
        """Forget everything if the set-up (jury, épreuves, conflicts, threshold) changed."""
        setup = (
            session.info.divergence_threshold,
            tuple(m.model_dump_json() for m in session.jury),
            tuple(e.model_dump_json() for e in session.epreuves),
            tuple(c.model_dump_json() for c in session.conflicts),
        )
        if setup != self.setup:
            self.setup, self.results = setup, {}


@dataclass(frozen=True)
class DeliberationView:
    """Everything the screen's list and ranked list need, computed in one pass."""

    entries: list[DeliberationEntry]
    ranked: list[RankedEntry]  # with list_name set; empty outside admission sessions
    summary: Summary


def deliberation_view(
    session: Session,
    cache: ResultCache | None = None,
    should_stop: Callable[[], bool] | None = None,
    *,
    with_results: bool = True,
) -> DeliberationView | None:
    """The entries (alphabetical order), the ranked lists and the summary.

    ``cache`` reuses the results of unchanged candidates; ``should_stop`` is polled every
    few candidates (a newer snapshot arrived): the function then returns None.
    ``with_results=False``: names and decisions only (``pending`` entries, no ranking), for
    a first display of a large session while the marks are computed.
    """
    cache = cache or ResultCache()
    if with_results:
        cache.start(session)
    results: dict[str, CandidateResult] = {}
    entries: list[DeliberationEntry] = []
    for i, cand in enumerate(under_deliberation(session)):
        if should_stop is not None and i % 20 == 19 and should_stop():
            return None
        if with_results:
            res = cache.get(session, cand)
            results[cand.id] = res
            entries.append(deliberation_entry(session, cand, res))
        else:
            entries.append(deliberation_entry(session, cand, with_results=False))
    entries.sort(key=lambda e: e.sort_name)
    ranked: list[RankedEntry] = []
    if session.info.kind.is_admission and with_results:
        ranked = build_lists(rank_admissibles(session, results, cache), session.info.places)
    summary = deliberation_summary(session, entries, ranked)
    if not with_results:
        summary = replace(summary, pending=True)
    return DeliberationView(entries, ranked, summary)


# --------------------------------------------------------------------------- ranking


def rank_admissibles(
    session: Session,
    results: Mapping[str, CandidateResult] | None = None,
    cache: ResultCache | None = None,
) -> list[RankedEntry]:
    """Exactly :func:`~.ranking.rank_candidates`, reusing results already computed
    (``results`` by candidate id, or ``cache``) instead of computing them again."""
    known = results or {}

    def result_of(candidate_id: str) -> CandidateResult:
        res = known.get(candidate_id)
        if res is not None:
            return res
        if cache is not None:
            cand = session.candidate(candidate_id)
            assert cand is not None
            return cache.get(session, cand)
        return candidate_result(session, candidate_id)

    return rank_candidates(session, result_of)


def tie_break_rule() -> str:
    """The tie-break rule, in the user's language, for the footer of the ranked list."""
    rules = list_separator().join(f"{i}) {_(label)}" for i, label in enumerate(TIE_BREAK_LABELS, 1))
    return _(
        "Ordre : les candidats « excellence académique » en tête (sans épreuve, par ordre "
        "alphabétique), puis les admissibles par total décroissant. Départage des ex æquo : "
        "{rules}."
    ).format(rules=rules)


def limit_label(places: int) -> str:
    """The line drawn at the number of places in the ranked list."""
    return ngettext("— limite d'une place —", "— limite des {n} places —", places).format(n=places)


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class Summary:
    kind: SessionKind
    candidates: int  # under deliberation
    decided: int
    undecided: int
    divergent: int
    incomplete: int
    places: int
    admissibles: int  # admission: ranked (excellence included)
    complementary: int  # admission: beyond the places
    #: admission: of the admissibles, those admitted on their dossier (excellence académique,
    #: no épreuve, no decision after the tests: not counted in ``decided``)
    excellence: int = 0
    by_value: dict[DecisionValue, int] = field(default_factory=dict)
    pending: bool = False  # the marks (and so the ranking) are still being computed

    def text(self) -> str:
        """One line: "21 admissibles pour 40 places · 15 décidés · 32 à décider · 1 ⚠ écart"."""
        parts: list[str] = []
        if self.pending:
            parts.append(
                ngettext(
                    "{n} candidat · calcul des notes en cours…",
                    "{n} candidats · calcul des notes en cours…",
                    self.candidates,
                ).format(n=self.candidates)
            )
        elif self.kind.is_admission:
            admissibles = ngettext("{n} admissible", "{n} admissibles", self.admissibles).format(
                n=self.admissibles
            )
            if self.excellence:
                admissibles += " " + _("(dont {n} par excellence)").format(n=self.excellence)
            head = _("{admissibles} pour {places}").format(
                admissibles=admissibles,
                places=ngettext("{n} place", "{n} places", self.places).format(n=self.places),
            )
            if self.complementary:
                head += _(" ({n} en liste complémentaire)").format(n=self.complementary)
            parts.append(head)
        else:
            parts.extend(
                _("{decision} : {n}").format(decision=decision_label(self.kind, v), n=n)
                for v, n in self.by_value.items()
            )
        decided = ngettext("{n} décidé", "{n} décidés", self.decided).format(n=self.decided)
        undecided = _("{n} à décider").format(n=self.undecided)
        if self.kind.is_admission and not self.pending:
            # « 21 admissibles (dont 6 par excellence) … · 20 décidés » seemed to disagree:
            # the deliberation decides after the tests, the excellence at the dossier review
            parts.append(
                _("après les épreuves : {decided}, {undecided}").format(
                    decided=decided, undecided=undecided
                )
            )
        else:
            parts += [decided, undecided]
        if self.pending:
            return " · ".join(parts)
        if self.divergent:
            parts.append(
                ngettext("{n} ⚠ écart de notes", "{n} ⚠ écarts de notes", self.divergent).format(
                    n=self.divergent
                )
            )
        if self.incomplete:
            parts.append(
                ngettext(
                    "{n} notation incomplète", "{n} notations incomplètes", self.incomplete
                ).format(n=self.incomplete)
            )
        return " · ".join(parts)


def deliberation_summary(
    session: Session, entries: list[DeliberationEntry], ranked: list[RankedEntry]
) -> Summary:
    kind = session.info.kind
    by_value = {v: 0 for v in stage_values(kind)}
    for e in entries:
        if e.decision is not None and e.decision in by_value:
            by_value[e.decision] += 1
    decided = sum(1 for e in entries if e.decision is not None)
    return Summary(
        kind=kind,
        candidates=len(entries),
        decided=decided,
        undecided=len(entries) - decided,
        divergent=sum(1 for e in entries if e.divergent),
        incomplete=sum(1 for e in entries if not e.is_complete),
        places=session.info.places,
        admissibles=len(ranked),
        complementary=sum(1 for r in ranked if r.list_name == "complementaire"),
        excellence=sum(1 for r in ranked if r.tie_break == EXCELLENCE_TIE_BREAK),
        by_value=by_value,
    )


# --------------------------------------------------------------------------- score sheet


@dataclass(frozen=True)
class Scorer:
    """A column of the score sheet: a jury member or an external source."""

    who: str  # member id, or "ext:<source>"
    name: str  # full name, or the source
    short: str  # column header
    expected: bool  # expected to score this épreuve for the candidate
    external: bool = False
    excluded: bool = False  # hard conflict with the candidate: does not sit


@dataclass(frozen=True)
class SheetRow:
    """A criterion (values on its scale) or the épreuve's mark (/20) across the scorers."""

    label: str
    cells: tuple[str, ...]  # one per scorer
    stats: Stats
    is_mark: bool = False
    scale: str = ""  # "0–4", "/20"

    @property
    def divergent(self) -> bool:
        return self.stats.divergent


@dataclass(frozen=True)
class EpreuveSheet:
    epreuve_id: str
    name: str
    weight: float
    scale: str  # the criteria's common scale ("0–4", "0–20"), "" when they differ
    scorers: tuple[Scorer, ...]
    rows: tuple[SheetRow, ...]  # criteria, then the mark row
    mark: float | None
    complete: bool
    missing: tuple[str, ...]  # names of the expected scorers who have not finished
    divergent: bool
    external_source: str = ""
    #: (scorer's name, overall comment) of the scorers whose submitted sheet has one, in
    #: column order (never of a member in conflict with the candidate)
    comments: tuple[tuple[str, str], ...] = ()

    def cell(self, who: str, criterion_label: str) -> str:
        """The cell of scorer ``who`` in the row ``criterion_label`` (for tests, exports)."""
        col = next(i for i, s in enumerate(self.scorers) if s.who == who)
        row = next(r for r in self.rows if r.label == criterion_label)
        return row.cells[col]


@dataclass(frozen=True)
class RoomConflict:
    member_id: str
    name: str
    reason: str  # the kind of link, in the user's language
    note: str


@dataclass(frozen=True)
class CandidateSheet:
    """Everything about one candidate for the deliberation."""

    candidate_id: str
    name: str
    total: float | None
    total_median: float | None
    complete: bool
    divergent: bool
    epreuves: tuple[EpreuveSheet, ...]
    must_leave: tuple[RoomConflict, ...]  # hard conflicts: leave the room
    soft_conflicts: tuple[RoomConflict, ...]  # declared links: mention in the minutes
    decision: Decision | None  # latest at the deliberation stage
    decision_label: str
    threshold: float


def _scale(lo: float, hi: float) -> str:
    return f"{fmt_number(lo)}–{fmt_number(hi)}"


def _short_names(session: Session) -> dict[str, str]:
    """Column headers: the last name, with the first initial when two members share it."""
    last = [m.last_name for m in session.jury]
    out: dict[str, str] = {}
    for m in session.jury:
        if last.count(m.last_name) > 1 and m.first_name:
            out[m.id] = f"{m.first_name[0]}. {m.last_name}"
        else:
            out[m.id] = m.last_name
    return out


def _cell(score: Score | None, expected: bool, excluded: bool) -> str:
    if score is None:
        return MISSING if expected else NOT_EXPECTED
    if score.status is ScoreStatus.RECUSED:
        return _(RECUSED)
    if excluded:
        return EXCLUDED
    if score.status is ScoreStatus.ABSTAINED:
        return _(ABSTAINED)
    return fmt_number(score.value)


def _epreuve_sheet(
    session: Session,
    candidate_id: str,
    epreuve: Epreuve,
    result: CandidateResult,
    names: dict[str, str],
    shorts: dict[str, str],
) -> EpreuveSheet:
    res = result.epreuves[epreuve.id]
    submitted = latest_scores(session.scores_for(candidate_id, epreuve.id))
    by_who: dict[str, dict[str, Score]] = {}
    for s in submitted:
        by_who.setdefault(s.who, {})[s.criterion_id] = s
    expected = set(expected_scorers(session, candidate_id, epreuve.id))
    scorers: list[Scorer] = []
    for m in session.jury:
        if m.id in expected or m.id in by_who:
            scorers.append(
                Scorer(
                    who=m.id,
                    name=m.full_name,
                    short=shorts[m.id],
                    expected=m.id in expected,
                    excluded=session.hard_conflict(m.id, candidate_id) is not None,
                )
            )
    ext_names = sorted(w for w in by_who if w.startswith("ext:"))
    if epreuve.external_source and f"ext:{epreuve.external_source}" not in ext_names:
        ext_names.insert(0, f"ext:{epreuve.external_source}")
    for who in ext_names:
        source = who[4:]
        scorers.append(
            Scorer(
                who=who,
                name=source,
                short=source,
                expected=source == epreuve.external_source,
                external=True,
            )
        )

    scales = {(c.min, c.max) for c in epreuve.criteria}
    common = _scale(*next(iter(scales))) if len(scales) == 1 else ""
    rows: list[SheetRow] = []
    for crit in epreuve.criteria:
        cells = tuple(
            _cell(by_who.get(sc.who, {}).get(crit.id), sc.expected, sc.excluded) for sc in scorers
        )
        rows.append(
            SheetRow(
                label=crit.label,
                cells=cells,
                stats=res.criteria[crit.id],
                scale=_scale(crit.min, crit.max),
            )
        )
    mark_cells: list[str] = []
    for sc in scorers:
        mine = by_who.get(sc.who, {})
        if sc.excluded:
            statuses = {s.status for s in mine.values()}
            mark_cells.append(
                _(RECUSED) if statuses == {ScoreStatus.RECUSED} else EXCLUDED if mine else ""
            )
        elif sc.who in res.member_marks:
            mark_cells.append(fmt_number(res.member_marks[sc.who]))
        elif mine:
            statuses = {s.status for s in mine.values()}
            mark_cells.append(_(RECUSED) if statuses == {ScoreStatus.RECUSED} else _(ABSTAINED))
        else:
            mark_cells.append(MISSING if sc.expected else NOT_EXPECTED)
    rows.append(
        SheetRow(
            label=_("Note /20"),
            cells=tuple(mark_cells),
            stats=res.marks,
            is_mark=True,
            scale="0–20",
        )
    )
    missing = tuple(names.get(m, m) for m in res.missing)
    if not res.complete and not missing and epreuve.external_source:
        missing = (epreuve.external_source,)
    comments: list[tuple[str, str]] = []
    for sc in scorers:
        mine = by_who.get(sc.who, {})
        overall = next(
            (
                mine[c.id].overall_comment
                for c in epreuve.criteria
                if c.id in mine and mine[c.id].overall_comment
            ),
            "",
        )
        if overall and not sc.excluded:
            comments.append((sc.name, overall))
    return EpreuveSheet(
        epreuve_id=epreuve.id,
        name=epreuve.name,
        weight=epreuve.weight,
        scale=common,
        scorers=tuple(scorers),
        rows=tuple(rows),
        mark=res.mark,
        complete=res.complete,
        missing=missing,
        divergent=res.divergent,
        external_source=epreuve.external_source,
        comments=tuple(comments),
    )


def candidate_sheet(
    session: Session, candidate_id: str, result: CandidateResult | None = None
) -> CandidateSheet:
    """The score sheet of ``candidate_id`` (see the module docstring)."""
    cand = session.candidate(candidate_id)
    if cand is None:
        raise ValueError(_("candidat inconnu : « {candidate} »").format(candidate=candidate_id))
    if result is None:
        result = candidate_result(session, candidate_id)
    names = {m.id: m.full_name for m in session.jury}
    shorts = _short_names(session)
    sheets = tuple(
        _epreuve_sheet(session, candidate_id, ep, result, names, shorts)
        for ep in session.planned_epreuves(cand)
        if ep.id in result.epreuves
    )
    present = {m.id for m in session.jury if m.is_present}
    must_leave: list[RoomConflict] = []
    soft: list[RoomConflict] = []
    for c in session.conflicts:
        if c.candidate_id != candidate_id or c.member_id not in present:
            continue
        item = RoomConflict(c.member_id, names[c.member_id], _(CONFLICT_LABELS[c.type]), c.note)
        (must_leave if c.hard else soft).append(item)
    kind = session.info.kind
    latest = session.latest_decision(candidate_id, deliberation_stage(kind))
    return CandidateSheet(
        candidate_id=candidate_id,
        name=cand.full_name,
        total=result.total,
        total_median=result.total_median,
        complete=result.complete,
        divergent=result.divergent,
        epreuves=sheets,
        must_leave=tuple(must_leave),
        soft_conflicts=tuple(soft),
        decision=latest,
        decision_label=decision_label(kind, latest.value) if latest else "",
        threshold=session.info.divergence_threshold,
    )


# --------------------------------------------------------------------------- decisions


def make_decision(
    session: Session,
    candidate_id: str,
    value: DecisionValue,
    decided_by: str,
    *,
    reason: str = "",
    observations: str = "",
    blocs: Iterable[str] = (),
    at: dt.datetime | None = None,
) -> Decision:
    """A decision at the deliberation stage of the session (not validated: see
    :func:`decision_problems`)."""
    return Decision(
        candidate_id=candidate_id,
        stage=deliberation_stage(session.info.kind),
        value=value,
        blocs_granted=list(blocs),
        reason=reason.strip(),
        observations=observations.strip(),
        decided_by=decided_by,
        at=at or dt.datetime.now(dt.UTC),
    )


def decision_problems(session: Session, decision: Decision) -> list[str]:
    """Why ``decision`` may not be recorded (empty: it may): the rules of
    :func:`~.decisions.validate_decision` (a reason for an unfavourable decision...)."""
    try:
        validate_decision(session, decision)
    except DecisionError as exc:
        return list(exc.problems)
    return []
