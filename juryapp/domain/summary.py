"""Whole-session views built from the rules: the summary, the rules report, the export rows.

Shared by the command line and the screens.  Pure: no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from juryapp.i18n import _

from .aggregation import candidate_result, expected_scorers
from .composition import check_composition
from .decisions import list_separator, needs_post_jury_interview, notification_deadline
from .eligibility import EligibilityStatus, check_eligibility
from .findings import Finding
from .kinds import KIND_LABELS, QUALITY_LABELS, ROLE_LABELS, STATUS_LABELS, decision_label
from .kinds import stages as kind_stages
from .models import DecisionStage, DecisionValue, Session, SessionKind
from .prerequisites import check_vae_prerequisites
from .ranking import build_lists, rank_candidates


def latest_decision_value(session: Session, candidate_id: str) -> DecisionValue | None:
    """The decision that counts now for a candidate: the latest of the latest stage."""
    d = session.latest_decision(candidate_id)
    return d.value if d else None


def _label(labels: dict[Any, str], value: Any) -> str:
    """The label of an enum value in the current language (its value when unknown)."""
    label = labels.get(value)
    return _(label) if label else str(value.value)


def session_summary(session: Session) -> dict[str, Any]:
    """The session at a glance, as plain data (for ``juryapp info`` and the screens)."""
    info = session.info
    decisions = Counter()
    for c in session.candidates:
        v = latest_decision_value(session, c.id)
        decisions[v.value if v else "sans-decision"] += 1
    eligibility = Counter(
        check_eligibility(c, info.kind, info.specialty or c.specialty).status.value
        for c in session.candidates
    )
    return {
        "id": info.id,
        "title": info.title,
        "kind": info.kind.value,
        "kind_label": _label(KIND_LABELS, info.kind),
        "institution": info.institution,
        "place": info.place,
        "dates": [d.isoformat() for d in info.dates],
        "appointing_act": info.appointing_act,
        "specialty": info.specialty,
        "places": info.places,
        "status": info.status.value,
        "status_label": _label(STATUS_LABELS, info.status),
        "jury": [
            {
                "id": m.id,
                "name": m.full_name,
                "quality": m.quality.value,
                "quality_label": _label(QUALITY_LABELS, m.quality),
                "role": m.role.value,
                "role_label": _label(ROLE_LABELS, m.role),
                "presence": m.presence.value,
            }
            for m in session.jury
        ],
        "epreuves": [
            {
                "id": e.id,
                "name": e.name,
                "kind": e.kind.value,
                "optional": e.optional,
                "criteria": [
                    {
                        "id": cr.id,
                        "label": cr.label,
                        "min": cr.min,
                        "max": cr.max,
                        "step": cr.step,
                        "levels": cr.levels,
                        "weight": cr.weight,
                    }
                    for cr in e.criteria
                ],
            }
            for e in session.epreuves
        ],
        "blocs": [{"id": b.id, "label": b.label} for b in info.blocs],
        "candidates": len(session.candidates),
        "scores": len(session.scores),
        "decisions": dict(sorted(decisions.items())),
        "eligibility": dict(sorted(eligibility.items())),
    }


def missing_scores(session: Session) -> list[Finding]:
    """Scorers who have not scored a planned épreuve of a candidate still under examination."""
    findings: list[Finding] = []
    done: set[tuple[str, str, str]] = {
        (s.who, s.candidate_id, s.epreuve_id) for s in session.scores if s.submitted
    }
    examined_stage = {
        SessionKind.ADMISSION_1A: {DecisionValue.STANDARD},
        SessionKind.ADMISSION_2A: {DecisionValue.PRE_ADMISSIBLE},
    }.get(session.info.kind)
    for cand in session.candidates:
        if examined_stage is not None:
            review = session.latest_decision(cand.id, DecisionStage.DOSSIER_REVIEW)
            if review is None or review.value not in examined_stage:
                continue  # no tests for this dossier (yet)
        for ep in session.planned_epreuves(cand):
            if any(s.member_id is None for s in session.scores_for(cand.id, ep.id)):
                continue  # scored by an external source (e.g. the English platform)
            if ep.external_source:
                findings.append(
                    Finding(
                        "warning",
                        "missing-external",
                        _(
                            "{name} ({id}) – {epreuve} : résultat ({source}) pas encore importé"
                        ).format(
                            name=cand.full_name,
                            id=cand.id,
                            epreuve=ep.name,
                            source=ep.external_source,
                        ),
                    )
                )
                continue
            missing = [
                session.member(m).full_name  # type: ignore[union-attr]
                for m in expected_scorers(session, cand.id, ep.id)
                if (m, cand.id, ep.id) not in done
            ]
            if missing:
                findings.append(
                    Finding(
                        "warning",
                        "missing-scores",
                        _("{name} ({id}) – {epreuve} : pas encore noté par {members}").format(
                            name=cand.full_name,
                            id=cand.id,
                            epreuve=ep.name,
                            members=", ".join(missing),
                        ),
                    )
                )
    return findings


def check_session(session: Session, today: dt.date) -> list[Finding]:
    """The rules report of ``juryapp check`` (journal integrity is added by the store)."""
    info = session.info
    findings: list[Finding] = []
    findings.extend(check_composition(info.kind, session.jury, session.conflicts))
    for cand in session.candidates:
        if info.kind.is_admission:
            el = check_eligibility(cand, info.kind, info.specialty or cand.specialty)
            if el.status is not EligibilityStatus.ELIGIBLE:
                level = "warning" if el.status is EligibilityStatus.JURY_DECIDES else "error"
                review = session.latest_decision(cand.id, DecisionStage.DOSSIER_REVIEW)
                if review is not None and (
                    review.override_reason or review.value is DecisionValue.REJET
                ):
                    continue  # the jury has ruled on it
                findings.append(
                    Finding(
                        level,
                        f"eligibility-{el.status.value}",
                        _("{name} ({id}) : {message}").format(
                            name=cand.full_name,
                            id=cand.id,
                            message=list_separator().join(el.reasons),
                        ),
                    )
                )
        if info.kind in (SessionKind.VAE_VALIDATION, SessionKind.CQPM):
            for f in check_vae_prerequisites(cand, today):
                findings.append(
                    Finding(
                        f.level,
                        f.code,
                        _("{name} ({id}) : {message}").format(
                            name=cand.full_name, id=cand.id, message=f.message
                        ),
                    )
                )
        if info.kind is SessionKind.VAE_RECEVABILITE and cand.memoir_received_date:
            from .defence import recevabilite_status_for

            status = recevabilite_status_for(session, cand.id, cand.memoir_received_date, today)
            if status.overdue or status.ruled_late:
                findings.append(
                    Finding(
                        "error" if status.overdue else "warning",
                        "recevabilite-overdue" if status.overdue else "recevabilite-late",
                        _("{name} ({id}) : {message}").format(
                            name=cand.full_name, id=cand.id, message=status.message
                        ),
                    )
                )
    findings.extend(missing_scores(session))
    return findings


DECISION_COLUMNS = ["candidate_id", "last_name", "first_name", "decision", "rank", "list"]


def decision_rows(session: Session, *, detailed: bool = False) -> tuple[list[str], list[dict]]:
    """Rows for ``juryapp export``: decisions only, or with marks when ``detailed``.

    Detailed results are confidential (they are never sent to candidates), hence the
    default without them.
    """
    ranked: dict[str, Any] = {}
    if session.info.kind.is_admission:
        for entry in build_lists(rank_candidates(session), session.info.places):
            ranked[entry.candidate_id] = entry
    columns = list(DECISION_COLUMNS)
    grants_blocs = DecisionStage.VAE in kind_stages(session.info.kind)
    if grants_blocs:  # VAE validation, CQPM: what the candidate must be told, and by when
        columns += ["blocs_granted", "notify_by", "post_jury_interview"]
    if detailed:
        columns += ["total", "total_median", "divergent"] + [f"{e.id}" for e in session.epreuves]
    rows: list[dict] = []
    for cand in session.candidates:
        value = latest_decision_value(session, cand.id)
        entry = ranked.get(cand.id)
        row: dict[str, Any] = {
            "candidate_id": cand.id,
            "last_name": cand.last_name,
            "first_name": cand.first_name,
            "decision": decision_label(session.info.kind, value) if value else "",
            "rank": entry.rank if entry else "",
            "list": entry.list_name if entry else "",
        }
        if grants_blocs:
            vae = session.latest_decision(cand.id, DecisionStage.VAE)
            row["blocs_granted"] = ", ".join(vae.blocs_granted) if vae else ""
            row["notify_by"] = notification_deadline(vae.at.date()).isoformat() if vae else ""
            row["post_jury_interview"] = (
                (_("oui") if needs_post_jury_interview(vae) else _("non")) if vae else ""
            )
        if detailed:
            res = candidate_result(session, cand.id)
            row["total"] = _round(res.total)
            row["total_median"] = _round(res.total_median)
            row["divergent"] = _("oui") if res.divergent else _("non")
            for e in session.epreuves:
                er = res.epreuves.get(e.id)
                row[e.id] = _round(er.marks.mean) if er is not None and er.marks.n else ""
        rows.append(row)
    rows.sort(
        key=lambda r: (
            r["rank"] == "",
            r["rank"] if r["rank"] != "" else 0,
            r["last_name"].casefold(),
        )
    )
    return columns, rows


def _round(x: float | None) -> float | str:
    return "" if x is None else round(x, 2)
