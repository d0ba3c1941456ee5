"""The fingerprint of a session's decisions, printed on every page of the procès-verbal.

A printed or signed PV is matched to the session's data by this fingerprint:
``juryapp verify pv.pdf --session SESSION`` recomputes it from the session and compares.

Definition (format ``juryapp-pv-decisions/1``)
    SHA-256 (hexadecimal, lower case) of the UTF-8 bytes of the canonical JSON of
    :func:`decision_record` — keys sorted, no spaces (separators ``,`` and ``:``), non-ASCII
    characters written as they are (not ``\\u`` escapes), names in Unicode NFC.  The record is::

        {"format": "juryapp-pv-decisions/1",
         "session": <session id>, "kind": <kind>, "places": <places>,
         "candidates": [  # every candidate of the session, by id
            {"id": ..., "last_name": ..., "first_name": ...,
             "decisions": [  # the decision that counts at each stage of the kind, in the
                             # kind's stage order (the latest by time; none: stage left out)
                {"stage": ..., "value": ..., "blocs": [sorted ids], "reason": ...,
                 "recommendations": ..., "observations": ..., "override_reason": ...,
                 "decided_by": <member id>, "at": <UTC, ISO 8601, to the second>}],
             # admission sessions, ranked candidates only:
             "rank": <int>, "list": "principale" | "complementaire",
             # contrat-pro sessions: the parts and the S9 mark, two decimals, as text
             "marks": {"demarche": "12.50", "rapport": ..., "tuteur": ..., "s9": ...}}]}

So the fingerprint changes when a decision, a bloc granted, a reason or recommendation, the
ranked list (and so the main / complementary lists), a contrat-pro mark, a candidate's name
or the number of places changes — everything the PV states about the outcome — and not when
a score changes without moving any of these.  Pure; no reportlab.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from juryapp.domain.kinds import stages
from juryapp.domain.models import Decision, Session, SessionKind
from juryapp.domain.ranking import RankedEntry

from .text import nfc

if TYPE_CHECKING:
    from juryapp.domain.aggregation import CandidateResult

FORMAT = "juryapp-pv-decisions/1"


def _utc(at: dt.datetime) -> str:
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def _decision(d: Decision) -> dict[str, Any]:
    return {
        "stage": d.stage.value,
        "value": d.value.value,
        "blocs": sorted(d.blocs_granted),
        "reason": nfc(d.reason),
        "recommendations": nfc(d.recommendations),
        "observations": nfc(d.observations),
        "override_reason": nfc(d.override_reason),
        "decided_by": d.decided_by,
        "at": _utc(d.at),
    }


def _two(x: float | None) -> str | None:
    return None if x is None else f"{x:.2f}"


def ranked_lists(
    session: Session, result_of: Callable[[str], CandidateResult] | None = None
) -> list[RankedEntry]:
    """The ranked admissibles with their list (principale / complémentaire); [] outside
    admission sessions.  ``result_of`` supplies candidates' results already computed."""
    if not session.info.kind.is_admission:
        return []
    from juryapp.domain.ranking import build_lists, rank_candidates

    return build_lists(rank_candidates(session, result_of), session.info.places)


def contrat_pro_marks(session: Session) -> dict[str, dict[str, str | None]]:
    """Candidate id -> the contrat-pro parts and S9 mark (two decimals, as text)."""
    if session.info.kind is not SessionKind.CONTRAT_PRO:
        return {}
    from juryapp.domain.contrat_pro import contrat_pro_result

    out: dict[str, dict[str, str | None]] = {}
    for c in session.candidates:
        r = contrat_pro_result(session, c.id)
        out[c.id] = {
            "demarche": _two(r.procedure),
            "rapport": _two(r.report),
            "tuteur": _two(r.tutor),
            "s9": _two(r.final),
        }
    return out


def decision_record(
    session: Session,
    ranked: list[RankedEntry] | None = None,
    marks: Mapping[str, Mapping[str, str | None]] | None = None,
) -> dict[str, Any]:
    """The canonical record of the decisions (see the module docstring).

    ``ranked`` (from :func:`ranked_lists`) and ``marks`` (from :func:`contrat_pro_marks`)
    may be given when already computed; they are computed otherwise.
    """
    info = session.info
    if ranked is None:
        ranked = ranked_lists(session)
    if marks is None:
        marks = contrat_pro_marks(session)
    by_id = {e.candidate_id: e for e in ranked}
    kind_stages = stages(info.kind)
    candidates = []
    for c in sorted(session.candidates, key=lambda c: c.id):
        entry: dict[str, Any] = {
            "id": c.id,
            "last_name": nfc(c.last_name),
            "first_name": nfc(c.first_name),
            "decisions": [
                _decision(d)
                for stage in kind_stages
                if (d := session.latest_decision(c.id, stage)) is not None
            ],
        }
        r = by_id.get(c.id)
        if r is not None:
            entry["rank"] = r.rank
            entry["list"] = r.list_name
        if c.id in marks:
            entry["marks"] = dict(marks[c.id])
        candidates.append(entry)
    return {
        "format": FORMAT,
        "session": info.id,
        "kind": info.kind.value,
        "places": info.places,
        "candidates": candidates,
    }


def canonical_json(record: Mapping[str, Any]) -> bytes:
    """Sorted keys, no spaces, UTF-8, non-ASCII as is."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def fingerprint(
    session: Session,
    ranked: list[RankedEntry] | None = None,
    marks: Mapping[str, Mapping[str, str | None]] | None = None,
) -> str:
    """SHA-256 (hex) of the canonical record of the decisions of ``session``."""
    return hashlib.sha256(canonical_json(decision_record(session, ranked, marks))).hexdigest()
