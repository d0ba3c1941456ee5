"""Who may do what (juryapp/domain/permissions.py)."""

from __future__ import annotations

import pytest

from juryapp.domain.models import (
    Conflict,
    ConflictType,
    JuryMember,
    Quality,
    Role,
    SessionInfo,
    SessionKind,
    SessionStatus,
)
from juryapp.domain.permissions import SYSTEM, Action, PermissionDenied, authorize


def info(status=SessionStatus.IN_PROGRESS) -> SessionInfo:
    return SessionInfo(id="s", title="Session", kind=SessionKind.ADMISSION_1A, status=status)


JURY = [
    JuryMember(
        id="pres", last_name="Président", quality=Quality.ENSEIGNANT_CHERCHEUR, role=Role.PRESIDENT
    ),
    JuryMember(id="m1", last_name="Un", quality=Quality.INGENIEUR),
    JuryMember(id="m2", last_name="Deux", quality=Quality.ENSEIGNANT_CHERCHEUR),
    JuryMember(id="sec", last_name="Secrétaire", quality=Quality.AUTRE, role=Role.SECRETAIRE),
]


def ok(actor, action, status=SessionStatus.IN_PROGRESS, jury=JURY, **kw):
    authorize(info(status), jury, actor, action, **kw)


def denied(actor, action, status=SessionStatus.IN_PROGRESS, jury=JURY, **kw) -> str:
    with pytest.raises(PermissionDenied) as exc:
        authorize(info(status), jury, actor, action, **kw)
    return str(exc.value)


# --------------------------------------------------------------------------- scores


def test_member_writes_own_scores():
    ok("m1", Action.WRITE_SCORES, member_id="m1", candidate_id="c")
    ok("pres", Action.WRITE_SCORES, member_id="pres", candidate_id="c")


def test_member_cannot_write_another_members_scores():
    msg = denied("m1", Action.WRITE_SCORES, member_id="m2")
    assert "autre membre" in msg
    # not even "on behalf": only a secretary transcribes
    denied("m1", Action.WRITE_SCORES, member_id="m2", on_behalf=True)
    denied("pres", Action.WRITE_SCORES, member_id="m1", on_behalf=True)


def test_secretary_transcribes_on_behalf_only():
    ok("sec", Action.WRITE_SCORES, member_id="m1", on_behalf=True)
    denied("sec", Action.WRITE_SCORES, member_id="m1")


def test_external_scores_are_for_the_secretary():
    ok("sec", Action.WRITE_SCORES, member_id=None)
    msg = denied("m1", Action.WRITE_SCORES, member_id=None)
    assert "source externe" in msg


def test_scores_for_a_non_member_are_refused():
    msg = denied("sec", Action.WRITE_SCORES, member_id="ghost", on_behalf=True)
    assert "ghost" in msg


def test_hard_conflict_blocks_scoring():
    conflicts = [Conflict(member_id="m1", candidate_id="c", type=ConflictType.COACHED)]
    msg = denied("m1", Action.WRITE_SCORES, member_id="m1", candidate_id="c", conflicts=conflicts)
    assert "conflit d'intérêts" in msg
    # not even transcribed by the secretary
    denied(
        "sec",
        Action.WRITE_SCORES,
        member_id="m1",
        candidate_id="c",
        conflicts=conflicts,
        on_behalf=True,
    )
    # another candidate is fine
    ok("m1", Action.WRITE_SCORES, member_id="m1", candidate_id="other", conflicts=conflicts)


def test_soft_conflict_does_not_block_scoring():
    conflicts = [
        Conflict(member_id="m1", candidate_id="c", type=ConflictType.COLLEAGUE, hard=False)
    ]
    ok("m1", Action.WRITE_SCORES, member_id="m1", candidate_id="c", conflicts=conflicts)


# --------------------------------------------------------------------------- decisions, status


def test_president_decides():
    ok("pres", Action.RECORD_DECISION)
    assert "président" in denied("m1", Action.RECORD_DECISION)


def test_secretary_records_decision_only_on_behalf():
    ok("sec", Action.RECORD_DECISION, on_behalf=True)
    denied("sec", Action.RECORD_DECISION)


def test_status_changes():
    ok("pres", Action.CHANGE_STATUS)
    ok("sec", Action.CHANGE_STATUS)
    denied("m1", Action.CHANGE_STATUS)


def test_setup_is_the_secretarys():
    ok("sec", Action.EDIT_SETUP)
    assert "secrétaire" in denied("pres", Action.EDIT_SETUP)
    denied("m1", Action.EDIT_SETUP)


# --------------------------------------------------------------------------- signed, bootstrap


@pytest.mark.parametrize(
    "action", [Action.EDIT_SETUP, Action.WRITE_SCORES, Action.RECORD_DECISION, Action.CHANGE_STATUS]
)
def test_signed_session_is_read_only(action):
    msg = denied("sec", action, status=SessionStatus.SIGNED, member_id=None, on_behalf=True)
    assert "signé" in msg
    denied("pres", action, status=SessionStatus.SIGNED, member_id="pres")


@pytest.mark.parametrize(
    "action", [Action.WRITE_SCORES, Action.RUN_DEFENCE, Action.ASSESS_BLOCS, Action.PLAN_EPREUVES]
)
def test_a_closed_session_takes_nothing_more_of_the_epreuves(action):
    """Closed: the jury's work is done (the state only moves forward). No score, no clock,
    no bloc assessment, no épreuve added; for anyone."""
    msg = denied("pres", action, status=SessionStatus.CLOSED, member_id="pres")
    assert "close" in msg
    denied("sec", action, status=SessionStatus.CLOSED, member_id=None, on_behalf=True)
    ok("pres", action, status=SessionStatus.DELIBERATION, member_id="pres")


def test_a_closed_session_takes_no_decision_but_the_signature_and_a_reopening():
    """Closed: the decisions are final (the PV is prepared from them); a correction needs
    the session reopened, with a reason (journaled)."""
    assert "close" in denied("pres", Action.RECORD_DECISION, status=SessionStatus.CLOSED)
    denied("sec", Action.RECORD_DECISION, status=SessionStatus.CLOSED, on_behalf=True)
    ok("sec", Action.CHANGE_STATUS, status=SessionStatus.CLOSED)
    ok("pres", Action.REOPEN, status=SessionStatus.CLOSED)
    denied("m1", Action.REOPEN, status=SessionStatus.CLOSED)


def test_signed_session_can_be_reopened_by_president_or_secretary():
    ok("pres", Action.REOPEN, status=SessionStatus.SIGNED)
    ok("sec", Action.REOPEN, status=SessionStatus.SIGNED)
    denied("m1", Action.REOPEN, status=SessionStatus.SIGNED)


def test_bootstrap_setup_allowed_before_a_secretary_exists():
    no_secretary = [m for m in JURY if m.role is not Role.SECRETAIRE]
    ok(SYSTEM, Action.EDIT_SETUP, jury=[])
    ok("anyone", Action.EDIT_SETUP, jury=no_secretary)
    # but nothing else, and not once a secretary exists
    denied(SYSTEM, Action.WRITE_SCORES, jury=[], member_id=None)
    denied(SYSTEM, Action.RECORD_DECISION, jury=[])
    assert "n'est pas membre" in denied(SYSTEM, Action.EDIT_SETUP)


def test_unknown_actor_is_refused():
    assert "intrus" in denied("intrus", Action.WRITE_SCORES, member_id="intrus")
