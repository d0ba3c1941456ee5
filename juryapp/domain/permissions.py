"""Who may do what: the role rules, checked by the store before every write.

The UI hides what a user may not do, but the rule lives here so that the command line,
a second terminal or a script cannot get round it.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from ..i18n import N_, _
from .models import Conflict, JuryMember, Role, SessionInfo, SessionStatus


class Action(StrEnum):
    EDIT_SETUP = "edit-setup"  # session info, jury, candidates, épreuves, conflicts
    WRITE_SCORES = "write-scores"
    RECORD_DECISION = "record-decision"
    CHANGE_STATUS = "change-status"
    REOPEN = "reopen"
    #: which épreuves a candidate sits: the jury may add an optional oral to one candidate
    PLAN_EPREUVES = "plan-epreuves"
    #: the clock of a timed épreuve (start, pause, next phase, end, override): see
    #: juryapp.domain.defence.validate_event for who may press what
    RUN_DEFENCE = "run-defence"
    #: a member's own, private assessment of a candidate's blocs de compétences (VAE)
    ASSESS_BLOCS = "assess-blocs"


#: what the épreuves are: scoring, the clock of a timed épreuve, the bloc assessments, which
#: épreuves a candidate sits.  Nothing of it may change once the session is closed.
EPREUVE_ACTIONS = frozenset(
    {Action.WRITE_SCORES, Action.RUN_DEFENCE, Action.ASSESS_BLOCS, Action.PLAN_EPREUVES}
)


def epreuves_over(info: SessionInfo) -> str | None:
    """Why nothing of the épreuves (scores, clocks, assessments, the épreuves planned) may
    change any more, or None while it may: the session is closed (the jury's work is done,
    the procès-verbal is being prepared; the state only moves forward) or signed."""
    return _closed_or_signed(
        info,
        N_(
            "la session est close : les épreuves sont terminées, plus aucune note ne peut "
            "être saisie ni modifiée"
        ),
    )


def decisions_closed(info: SessionInfo) -> str | None:
    """Why no decision may be recorded or changed any more, or None while it may: the
    session is closed (reopening it, with a reason, is journaled) or signed."""
    return _closed_or_signed(
        info,
        N_(
            "la session est close : plus aucune décision ne peut être enregistrée ni changée "
            "(rouvrez-la d'abord, avec un motif : juryapp reopen)"
        ),
    )


def _closed_or_signed(info: SessionInfo, closed: str) -> str | None:
    """``closed`` (a msgid) translated for a closed session, the signed session's reason for
    a signed one, None otherwise."""
    if info.status is SessionStatus.CLOSED:
        return _(closed)
    if info.status is SessionStatus.SIGNED:
        return _signed()
    return None


def _signed() -> str:
    return _(
        "le procès-verbal est signé : la session est en lecture seule "
        "(une réouverture motivée est nécessaire)"
    )


class PermissionDenied(Exception):
    """The actor may not do this; the message says why, for the user."""


#: The actor used when no jury exists yet (a session being created).
SYSTEM = "system"


def authorize(
    info: SessionInfo,
    jury: Iterable[JuryMember],
    actor_id: str,
    action: Action,
    *,
    member_id: str | None = None,
    candidate_id: str | None = None,
    conflicts: Iterable[Conflict] = (),
    on_behalf: bool = False,
) -> None:
    """Raise :class:`PermissionDenied` unless ``actor_id`` may do ``action``.

    ``member_id`` is the owner of the scores being written (None: external source).
    ``on_behalf`` marks a secretary transcribing what someone else decided or scored
    (a paper deliberation, a sheet filled offline); it is journaled as such.
    """
    members = {m.id: m for m in jury}
    actor = members.get(actor_id)

    if info.status is SessionStatus.SIGNED and action is not Action.REOPEN:
        raise PermissionDenied(_signed())
    if action in EPREUVE_ACTIONS:
        over = epreuves_over(info)
        if over is not None:
            raise PermissionDenied(over)
    if action is Action.RECORD_DECISION:
        closed = decisions_closed(info)
        if closed is not None:
            raise PermissionDenied(closed)

    if actor is None:
        # Bootstrap: until the session has a secretary, set-up is open (the journal
        # records who claimed to do it).
        has_secretary = any(m.role is Role.SECRETAIRE for m in members.values())
        if action is Action.EDIT_SETUP and not has_secretary:
            return
        raise PermissionDenied(
            _("« {who} » n'est pas membre du jury de cette session").format(who=actor_id)
        )

    role = actor.role
    if action is Action.EDIT_SETUP:
        if role is not Role.SECRETAIRE:
            raise PermissionDenied(
                _(
                    "{name} ({role}) ne peut pas modifier la préparation de la session : "
                    "c'est le rôle du secrétaire"
                ).format(name=actor.full_name, role=role.value)
            )
        return

    if action is Action.WRITE_SCORES:
        if member_id is None:
            if role is not Role.SECRETAIRE:
                raise PermissionDenied(
                    _("seul le secrétaire peut saisir des notes de source externe")
                )
            return
        if member_id not in members:
            raise PermissionDenied(
                _("« {who} » n'est pas membre du jury de cette session").format(who=member_id)
            )
        if actor_id != member_id and not (on_behalf and role is Role.SECRETAIRE):
            raise PermissionDenied(
                _("{name} ne peut pas saisir les notes d'un autre membre ({other})").format(
                    name=actor.full_name, other=member_id
                )
            )
        if candidate_id is not None:
            for c in conflicts:
                if c.hard and c.member_id == member_id and c.candidate_id == candidate_id:
                    raise PermissionDenied(
                        _(
                            "{name} a un conflit d'intérêts ({type}) avec le candidat "
                            "{candidate} : pas de notation possible"
                        ).format(
                            name=members[member_id].full_name,
                            type=c.type.value,
                            candidate=candidate_id,
                        )
                    )
        return

    if action is Action.RECORD_DECISION:
        if role is Role.PRESIDENT:
            return
        if role is Role.SECRETAIRE and on_behalf:
            return
        raise PermissionDenied(
            _(
                "{name} ({role}) ne peut pas enregistrer de décision : "
                "c'est le rôle du président du jury"
            ).format(name=actor.full_name, role=role.value)
        )

    if action in (Action.CHANGE_STATUS, Action.REOPEN):
        if role in (Role.PRESIDENT, Role.SECRETAIRE):
            return
        raise PermissionDenied(
            _("{name} ne peut pas changer l'état de la session").format(name=actor.full_name)
        )

    if action is Action.PLAN_EPREUVES:
        if role in (Role.PRESIDENT, Role.SECRETAIRE):
            return
        raise PermissionDenied(
            _(
                "{name} ne peut pas changer les épreuves d'un candidat : c'est au président "
                "du jury (ou au secrétaire) de le faire"
            ).format(name=actor.full_name)
        )

    if action is Action.RUN_DEFENCE:
        # any jury member or the secretary may work the clock (whoever sits at the laptop);
        # presence, conflicts and the president-only override are the clock's own rules
        # (juryapp.domain.defence.validate_event)
        return

    if action is Action.ASSESS_BLOCS:
        if role not in (Role.MEMBRE, Role.PRESIDENT):
            raise PermissionDenied(
                _("{name} ({role}) ne siège pas : pas d'appréciation des blocs").format(
                    name=actor.full_name, role=role.value
                )
            )
        if member_id is not None and member_id != actor_id:
            raise PermissionDenied(
                _("{name} ne peut pas saisir l'appréciation d'un autre membre ({other})").format(
                    name=actor.full_name, other=member_id
                )
            )
        return

    raise PermissionDenied(
        _("action inconnue : {action}").format(action=action)
    )  # pragma: no cover
