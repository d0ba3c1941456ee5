"""The dossier queue as data: one line per dossier, for the home screen.

Pure and Textual-free so it can be computed in a worker thread and tested alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from .aggregation import candidate_result, expected_scorers
from .eligibility import EligibilityStatus, check_eligibility
from .kinds import decision_label
from .models import DecisionStage, DecisionValue, Session, SessionKind
from .models import DecisionValue as _DV
from .text import name_key

#: short labels for a table cell (the full ones are on the dossier screen)
SHORT_LABELS = {
    _DV.EXCELLENCE: "Excellence",
    _DV.STANDARD: "Standard",
    _DV.PRE_ADMISSIBLE: "Pré-admissible",
    _DV.REJET: "Rejet",
    _DV.ADMISSIBLE: "Admissible",
    _DV.NON_ADMISSIBLE: "Non admissible",
    _DV.TOTALE: "Val. totale",
    _DV.PARTIELLE: "Val. partielle",
    _DV.REFUS: "Refus",
    _DV.VALIDE: "Validé",
    _DV.NON_VALIDE: "Non validé",
}


def short_label(kind: SessionKind, value: DecisionValue) -> str:
    full = decision_label(kind, value)
    return SHORT_LABELS.get(value, full) if len(full) > 14 else full


#: dossier-review classifications after which the candidate sits tests
_TESTED = {DecisionValue.STANDARD, DecisionValue.PRE_ADMISSIBLE}


@dataclass(frozen=True, slots=True)
class QueueEntry:
    candidate_id: str
    name: str
    specialty: str
    track: str
    eligibility: EligibilityStatus
    review: str  # classification after the dossier review ("" if none)
    planned: int  # épreuves planned for the candidate
    scored_by_me: int  # of those, submitted by the member at the keyboard
    scored_by_all: int  # of those, complete (every expected scorer)
    to_score_by_me: int  # planned épreuves where the member is expected and has not submitted
    total: float | None
    divergent: bool
    decision: str
    conflict: bool  # the member has a hard conflict with this candidate
    sort_name: tuple[str, str, str]


def in_tests(session: Session, candidate_id: str) -> bool:
    """Whether the candidate sits tests (always, outside admission sessions)."""
    if session.info.kind not in (SessionKind.ADMISSION_1A, SessionKind.ADMISSION_2A):
        return True
    review = session.latest_decision(candidate_id, DecisionStage.DOSSIER_REVIEW)
    return review is not None and review.value in _TESTED


def queue_entries(session: Session, member_id: str | None) -> list[QueueEntry]:
    """Every dossier of the session, in alphabetical order, seen by ``member_id``."""
    info = session.info
    mine = {
        (s.candidate_id, s.epreuve_id)
        for s in session.scores
        if member_id is not None and s.member_id == member_id and s.submitted
    }
    entries: list[QueueEntry] = []
    for cand in session.candidates:
        el = check_eligibility(cand, info.kind, info.specialty or cand.specialty)
        review = session.latest_decision(cand.id, DecisionStage.DOSSIER_REVIEW)
        finals = [
            d for d in session.decisions_for(cand.id) if d.stage is not DecisionStage.DOSSIER_REVIEW
        ]
        final = max(finals, key=lambda d: d.at) if finals else None
        if final is None and info.kind is SessionKind.VAE_RECEVABILITE:
            final = review
        tested = in_tests(session, cand.id)
        planned = session.planned_epreuves(cand) if tested else []
        result = candidate_result(session, cand.id) if tested else None
        by_me = sum(1 for e in planned if (cand.id, e.id) in mine)
        to_score = 0
        if member_id is not None:
            for e in planned:
                if (cand.id, e.id) not in mine and member_id in expected_scorers(
                    session, cand.id, e.id
                ):
                    to_score += 1
        complete = 0
        if result is not None:
            complete = sum(1 for r in result.epreuves.values() if r.complete)
        entries.append(
            QueueEntry(
                candidate_id=cand.id,
                name=cand.full_name,
                specialty=cand.specialty,
                track=cand.track.value,
                eligibility=el.status,
                review=short_label(info.kind, review.value) if review else "",
                planned=len(planned),
                scored_by_me=by_me,
                scored_by_all=complete,
                to_score_by_me=to_score,
                total=result.total if result else None,
                divergent=bool(result and result.divergent),
                decision=short_label(info.kind, final.value) if final else "",
                conflict=member_id is not None
                and session.hard_conflict(member_id, cand.id) is not None,
                sort_name=name_key(cand.last_name, cand.first_name, cand.id),
            )
        )
    entries.sort(key=lambda e: e.sort_name)
    return entries


def progress(entries: list[QueueEntry]) -> tuple[int, int]:
    """(dossiers the member has finished scoring, dossiers the member has to score)."""
    assigned = [e for e in entries if e.to_score_by_me or e.scored_by_me]
    done = sum(1 for e in assigned if e.to_score_by_me == 0)
    return done, len(assigned)


def next_to_score(entries: list[QueueEntry], order: list[str], after: str | None) -> str | None:
    """The next dossier (in the displayed ``order``) the member still has to score."""
    todo = {e.candidate_id for e in entries if e.to_score_by_me and not e.conflict}
    if not todo:
        return None
    start = order.index(after) + 1 if after in order else 0
    for cid in order[start:] + order[:start]:
        if cid in todo:
            return cid
    return None
