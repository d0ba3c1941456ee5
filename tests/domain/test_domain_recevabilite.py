"""Recevabilité sessions: the jury rules on the memoir within a month of its receipt."""

from __future__ import annotations

import datetime as dt

from juryapp.domain.models import DecisionStage, DecisionValue, SessionKind
from juryapp.domain.queue import queue_entries
from juryapp.domain.summary import check_session

RECEIVED = dt.date(2026, 3, 2)  # the deadline is 2 April 2026


def _session(builder):  # type: ignore[no-untyped-def]
    return (
        builder(SessionKind.VAE_RECEVABILITE)
        .panel(3)
        .candidate("late", memoir_received_date=RECEIVED)
        .candidate("ontime", memoir_received_date=dt.date(2026, 3, 20))
        .candidate("ruled", memoir_received_date=RECEIVED)
        .candidate("unknown")
        .decision("ruled", DecisionStage.DOSSIER_REVIEW, DecisionValue.ADMISSIBLE)
        .build()
    )


def test_the_queue_names_the_memoirs_past_their_month(builder) -> None:  # type: ignore[no-untyped-def]
    session = _session(builder)
    today = dt.date(2026, 4, 10)
    by_id = {e.candidate_id: e for e in queue_entries(session, None, today=today)}
    assert by_id["late"].decision == "⚠ hors délai"
    assert by_id["ontime"].decision == ""  # deadline 20 April: still in time
    assert by_id["ruled"].decision == "Recevable"
    assert by_id["unknown"].decision == ""
    # the deadline day itself is in time
    on_the_day = {
        e.candidate_id: e for e in queue_entries(session, None, today=dt.date(2026, 4, 2))
    }
    assert on_the_day["late"].decision == ""


def test_juryapp_check_lists_the_overdue_files(builder) -> None:  # type: ignore[no-untyped-def]
    session = _session(builder)
    findings = check_session(session, dt.date(2026, 4, 10))
    overdue = [f for f in findings if f.code == "recevabilite-overdue"]
    assert len(overdue) == 1 and "(late)" in overdue[0].message
    assert "délai dépassé de 8 jours" in overdue[0].message
    assert overdue[0].is_error
    assert not [f for f in check_session(session, dt.date(2026, 3, 25)) if "recevabilite" in f.code]


def test_the_vae_export_says_the_blocs_the_deadline_and_the_interview(builder) -> None:  # type: ignore[no-untyped-def]
    from juryapp.domain.summary import decision_rows

    session = (
        builder(SessionKind.VAE_VALIDATION)
        .panel(3)
        .candidate("total")
        .candidate("partial")
        .candidate("none")
        .decision("total", DecisionStage.VAE, DecisionValue.TOTALE)
        .decision("partial", DecisionStage.VAE, DecisionValue.PARTIELLE, blocs_granted=["B1"])
        .build()
    )
    columns, rows = decision_rows(session)
    assert columns[-3:] == ["blocs_granted", "notify_by", "post_jury_interview"]
    by_id = {r["candidate_id"]: r for r in rows}
    decided = session.latest_decision("partial", DecisionStage.VAE)
    assert decided is not None
    assert by_id["partial"]["blocs_granted"] == "B1"
    assert by_id["partial"]["notify_by"] == (decided.at.date() + dt.timedelta(days=15)).isoformat()
    assert by_id["partial"]["post_jury_interview"] == "oui"
    assert by_id["total"]["post_jury_interview"] == "non"
    assert by_id["none"]["notify_by"] == ""
    # admission sessions keep their columns
    assert "notify_by" not in decision_rows(builder(SessionKind.ADMISSION_1A).build())[0]
