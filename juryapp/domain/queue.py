"""The dossier queue as data: one line per dossier, for the home screen.

Pure and Textual-free so it can be computed in a worker thread and tested alone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from juryapp.i18n import N_, _

from .aggregation import candidate_result, expected_scorers
from .decisions import has_final_decision
from .eligibility import EligibilityStatus, check_eligibility
from .kinds import decision_label
from .models import (
    Candidate,
    DecisionStage,
    DecisionValue,
    Session,
    SessionKind,
    SessionStatus,
)
from .models import DecisionValue as _DV
from .text import name_key

#: short labels for a table cell (the full ones are on the dossier screen); French msgids
SHORT_LABELS = {
    _DV.EXCELLENCE: N_("Excellence"),
    _DV.STANDARD: N_("Standard"),
    _DV.PRE_ADMISSIBLE: N_("Pré-admissible"),
    _DV.REJET: N_("Rejet"),
    _DV.ADMISSIBLE: N_("Admissible"),
    _DV.NON_ADMISSIBLE: N_("Non admissible"),
    _DV.TOTALE: N_("Val. totale"),
    _DV.PARTIELLE: N_("Val. partielle"),
    _DV.REFUS: N_("Refus"),
    _DV.VALIDE: N_("Validé"),
    _DV.NON_VALIDE: N_("Non validé"),
}


def short_label(kind: SessionKind, value: DecisionValue) -> str:
    """The decision's label for a table cell, in the current language: the full label, or
    a short one when it is longer than 14 characters."""
    full = decision_label(kind, value)
    short = SHORT_LABELS.get(value)
    return _(short) if short is not None and len(full) > 14 else full


#: dossier-review classifications after which the candidate sits tests
_TESTED = {DecisionValue.STANDARD, DecisionValue.PRE_ADMISSIBLE}


@dataclass(frozen=True, slots=True)
class QueueEntry:
    candidate_id: str
    name: str
    specialty: str
    track: str
    eligibility: EligibilityStatus | None  # None: not computed yet (``pending``)
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
    #: first display of a large session: only the name, specialty and track are known;
    #: the eligibility, the review, the counts, the marks and the decision follow
    pending: bool = False
    #: the procedure has its final decision (:func:`~.decisions.has_final_decision`: a
    #: classification that ends it, or the decision after the tests)
    decided: bool = False


def in_tests(session: Session, candidate_id: str) -> bool:
    """Whether the candidate sits tests (always, outside admission sessions)."""
    if session.info.kind not in (SessionKind.ADMISSION_1A, SessionKind.ADMISSION_2A):
        return True
    review = session.latest_decision(candidate_id, DecisionStage.DOSSIER_REVIEW)
    return review is not None and review.value in _TESTED


class QueueCache:
    """Entries computed for earlier snapshots of the session, reused while a dossier's data
    (candidate, decisions, scores) and the session set-up are unchanged: a reload after
    another member saved one score sheet recomputes a handful of dossiers, not 5,000."""

    def __init__(self) -> None:
        self.setup: object = None
        self.entries: dict[str, tuple[object, QueueEntry]] = {}


#: the states in which nothing is left to score (the queue's ● marks none)
EPREUVES_DONE = (SessionStatus.CLOSED, SessionStatus.SIGNED)


def _setup_fingerprint(session: Session, member_id: str | None) -> object:
    return (
        member_id,
        session.info.model_dump_json(),
        tuple(m.model_dump_json() for m in session.jury),
        tuple(e.model_dump_json() for e in session.epreuves),
        tuple(c.model_dump_json() for c in session.conflicts),
    )


def _dossier_fingerprint(session: Session, candidate_id: str) -> object:
    # The records themselves: the store hands the same objects back while their file is
    # unchanged, and comparing a tuple of the same objects is a comparison of identities
    # (a changed or re-read record compares by value).
    return (
        session.candidate(candidate_id),
        tuple(session.decisions_for(candidate_id)),
        tuple(session.scores_for(candidate_id)),
    )


def queue_entries(
    session: Session,
    member_id: str | None,
    *,
    with_results: bool = True,
    cache: QueueCache | None = None,
    today: dt.date | None = None,
) -> list[QueueEntry]:
    """Every dossier of the session, in alphabetical order, seen by ``member_id``.

    ``today``: in a recevabilité session, a dossier whose memoir waits for a ruling past its
    one-month deadline says so in the decision column.

    ``with_results=False`` gives the first display of a large session (``pending`` entries:
    the name, specialty and track only, about 20 µs a dossier);
    ``cache`` reuses the entries of dossiers whose data did not change.
    """
    if cache is not None and with_results:
        setup = _setup_fingerprint(session, member_id)
        if setup != cache.setup:
            cache.setup, cache.entries = setup, {}
    info = session.info
    entries: list[QueueEntry] = []
    for cand in session.candidates:
        fingerprint = None
        if cache is not None and with_results:
            fingerprint = _dossier_fingerprint(session, cand.id)
            known = cache.entries.get(cand.id)
            if known is not None and known[0] == fingerprint:
                entries.append(known[1])
                continue
        if not with_results:
            entries.append(
                QueueEntry(
                    candidate_id=cand.id,
                    name=cand.full_name,
                    specialty=cand.specialty,
                    track=cand.track.value,
                    eligibility=None,
                    review="",
                    planned=0,
                    scored_by_me=0,
                    scored_by_all=0,
                    to_score_by_me=0,
                    total=None,
                    divergent=False,
                    decision="",
                    conflict=False,
                    sort_name=name_key(cand.last_name, cand.first_name, cand.id),
                    pending=True,
                )
            )
            continue
        review = session.latest_decision(cand.id, DecisionStage.DOSSIER_REVIEW)
        finals = [
            d for d in session.decisions_for(cand.id) if d.stage is not DecisionStage.DOSSIER_REVIEW
        ]
        final = max(finals, key=lambda d: d.at) if finals else None
        if final is None and info.kind is SessionKind.VAE_RECEVABILITE:
            final = review
        el = check_eligibility(cand, info.kind, info.specialty or cand.specialty)
        tested = in_tests(session, cand.id)
        planned = session.planned_epreuves(cand) if tested else []
        result = candidate_result(session, cand.id) if tested else None
        mine = {
            s.epreuve_id
            for s in session.scores_for(cand.id)
            if member_id is not None and s.member_id == member_id and s.submitted
        }
        by_me = sum(1 for e in planned if e.id in mine)
        to_score = 0
        if member_id is not None and info.status not in EPREUVES_DONE:
            for e in planned:
                if e.id not in mine and member_id in expected_scorers(session, cand.id, e.id):
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
                decision=short_label(info.kind, final.value) if final else _late(cand, today),
                decided=has_final_decision(session, cand.id),
                conflict=member_id is not None
                and session.hard_conflict(member_id, cand.id) is not None,
                sort_name=name_key(cand.last_name, cand.first_name, cand.id),
            )
        )
        if fingerprint is not None:
            cache.entries[cand.id] = (fingerprint, entries[-1])  # type: ignore[union-attr]
    entries.sort(key=lambda e: e.sort_name)
    return entries


def _late(cand: Candidate, today: dt.date | None) -> str:
    """``⚠ hors délai`` for a memoir not ruled on within its month (recevabilité)."""
    received = cand.memoir_received_date
    if today is None or received is None:
        return ""
    from .prerequisites import recevabilite_deadline

    return _("⚠ hors délai") if today > recevabilite_deadline(received) else ""


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
