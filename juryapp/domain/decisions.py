"""Is a jury decision acceptable before it is recorded?  Plus the VAE notification rules.

Pure rules, no I/O.  :func:`validate_decision` collects every problem of a decision and
raises one :class:`DecisionError` whose message (French, for the president or the
secretary) lists them all, separated by « ; ».

Rules checked:

* the candidate is known in the session;
* the stage exists for the kind of session and the value is valid at that stage
  (:mod:`juryapp.domain.kinds`);
* VAE (stage ``vae``): a *partielle* validation names at least one bloc granted, but not
  all of them (that would be a *totale*); every bloc granted belongs to
  ``session.info.blocs`` and is named once; a *totale* lists no bloc or all of them; a
  *refus* grants no bloc.  Outside the VAE stage no bloc may be granted;
* after the tests (stage ``after-tests``): a candidate whose latest dossier-review decision
  is *rejet* or *excellence* takes no test, so no after-tests decision is possible.  A
  candidate without any dossier-review decision in the session is accepted (the dossier may
  have been classified in another session);
* dossier review: classifying (anything but *rejet* / non recevable) a candidate whom
  :func:`juryapp.domain.eligibility.check_eligibility` finds ineligible or not examined needs
  ``decision.override_reason``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from juryapp.i18n import _, ngettext

from .eligibility import EligibilityStatus, check_eligibility
from .kinds import DECISION_LABELS, KIND_LABELS, STAGE_LABELS, decision_label, decision_values
from .kinds import stages as kind_stages
from .models import Decision, DecisionStage, DecisionValue, Session

#: Days within which a VAE decision is notified to the candidate (seed 002).
NOTIFICATION_DAYS = 15

#: Decision values that end a candidacy at dossier review: allowed whatever the eligibility.
_NEGATIVE = frozenset({DecisionValue.REJET, DecisionValue.NON_ADMISSIBLE})

#: Dossier-review values after which the candidate takes the probatory tests.
_TAKES_TESTS = frozenset({DecisionValue.STANDARD, DecisionValue.PRE_ADMISSIBLE})


class DecisionError(ValueError):
    """The decision cannot be recorded; the message says why, in the user's language."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = problems or (message,)


#: decisions that need a reason: the president states why (the minutes carry it)
NEEDS_REASON = frozenset(
    {DecisionValue.NON_ADMISSIBLE, DecisionValue.REFUS, DecisionValue.NON_VALIDE}
)


def has_final_decision(session: Session, candidate_id: str) -> bool:
    """Whether the candidate's procedure has its final decision: in an admission session,
    a classification that ends it (excellence, rejet) or, for those who sit the tests, the
    decision after them; otherwise the decision of the kind's last stage.  (The PV needs
    one for every candidate; the queue counts them.)"""
    kind = session.info.kind
    if kind.is_admission:
        review = session.latest_decision(candidate_id, DecisionStage.DOSSIER_REVIEW)
        if review is None:
            return False
        if review.value in _TAKES_TESTS:
            return session.latest_decision(candidate_id, DecisionStage.AFTER_TESTS) is not None
        return True
    return session.latest_decision(candidate_id, kind_stages(kind)[-1]) is not None


def validate_decision(session: Session, decision: Decision) -> None:
    """Raise :class:`DecisionError` unless ``decision`` may be recorded in ``session``."""
    problems: list[str] = []
    kind = session.info.kind
    candidate = session.candidate(decision.candidate_id)
    if candidate is None:
        problems.append(
            _("candidat inconnu dans cette session : « {candidate} »").format(
                candidate=decision.candidate_id
            )
        )

    valid_stages = kind_stages(kind)
    if decision.stage not in valid_stages:
        problems.append(
            _(
                "l'étape « {stage} » n'existe pas pour une session {kind} "
                "(étapes possibles : {stages})"
            ).format(
                stage=_(STAGE_LABELS[decision.stage]),
                kind=_(KIND_LABELS[kind]),
                stages=", ".join(_(STAGE_LABELS[s]) for s in valid_stages),
            )
        )
    else:
        values = decision_values(kind, decision.stage)
        if decision.value not in values:
            problems.append(
                _(
                    "« {decision} » n'est pas une décision possible à l'étape « {stage} » "
                    "d'une session {kind} (possibles : {values})"
                ).format(
                    decision=decision_label(kind, decision.value),
                    stage=_(STAGE_LABELS[decision.stage]),
                    kind=_(KIND_LABELS[kind]),
                    values=", ".join(v.value for v in values),
                )
            )

    if decision.value in NEEDS_REASON and not decision.reason.strip():
        problems.append(
            _("une décision « {decision} » doit être motivée : saisir le motif").format(
                decision=decision_label(kind, decision.value)
            )
        )

    problems.extend(_bloc_problems(session, decision))

    if candidate is not None and decision.stage is DecisionStage.AFTER_TESTS:
        review = session.latest_decision(candidate.id, DecisionStage.DOSSIER_REVIEW)
        if review is not None and review.value not in _TAKES_TESTS:
            problems.append(
                _(
                    "le dossier de {name} a été classé « {decision} » : seuls les "
                    "candidats pré-admissibles passent les épreuves et reçoivent une décision "
                    "après épreuves"
                ).format(name=candidate.full_name, decision=_(DECISION_LABELS[review.value]))
            )

    if (
        candidate is not None
        and decision.stage is DecisionStage.DOSSIER_REVIEW
        and decision.value not in _NEGATIVE
        and not decision.override_reason.strip()
    ):
        specialty = candidate.specialty or session.info.specialty
        elig = check_eligibility(candidate, kind, specialty)
        if elig.status in (EligibilityStatus.INELIGIBLE, EligibilityStatus.NOT_EXAMINED):
            if elig.status is EligibilityStatus.INELIGIBLE:
                text = _(
                    "{name} n'est pas recevable ({reasons}) : la décision « {decision} » "
                    "exige un motif de dérogation (override_reason)"
                )
            else:
                text = _(
                    "{name} a un dossier incomplet qui n'est pas examiné ({reasons}) : la "
                    "décision « {decision} » exige un motif de dérogation (override_reason)"
                )
            problems.append(
                text.format(
                    name=candidate.full_name,
                    reasons=list_separator().join(elig.reasons),
                    decision=decision_label(kind, decision.value),
                )
            )

    if problems:
        raise DecisionError(
            _("décision refusée : {problems}").format(problems=list_separator().join(problems)),
            tuple(problems),
        )


def list_separator() -> str:
    """Between the items of a list of reasons or problems: `` ; `` in French."""
    # Translators: between the items of a list of problems (French typography: " ; ")
    return _(" ; ")


def _bloc_problems(session: Session, decision: Decision) -> list[str]:
    granted = list(decision.blocs_granted)
    if decision.stage is not DecisionStage.VAE:
        if granted:
            return [_("des blocs de compétences ne s'accordent qu'à une décision de VAE")]
        return []
    problems: list[str] = []
    known = [b.id for b in session.info.blocs]
    unknown = [b for b in granted if b not in known]
    if unknown:
        listed = ", ".join(known) if known else _("aucun bloc n'est défini pour la session")
        problems.append(
            ngettext(
                "bloc inconnu : {unknown} (blocs de la session : {known})",
                "blocs inconnus : {unknown} (blocs de la session : {known})",
                len(unknown),
            ).format(unknown=", ".join(unknown), known=listed)
        )
    dups = sorted({b for b in granted if granted.count(b) > 1})
    if dups:
        problems.append(
            ngettext(
                "bloc accordé plusieurs fois : {blocs}",
                "blocs accordés plusieurs fois : {blocs}",
                len(dups),
            ).format(blocs=", ".join(dups))
        )
    value = decision.value
    if value is DecisionValue.PARTIELLE:
        if not granted:
            problems.append(
                _("une validation partielle doit nommer les blocs de compétences accordés")
            )
        elif known and set(granted) >= set(known):
            problems.append(
                _("tous les blocs sont accordés : c'est une validation totale, pas partielle")
            )
    elif value is DecisionValue.TOTALE:
        if granted and set(granted) != set(known):
            missing = [b for b in known if b not in granted]
            problems.append(
                _(
                    "une validation totale accorde tous les blocs : ne pas en lister une partie "
                    "(manquent : {missing}) — choisir « partielle » si ce n'est pas tout"
                ).format(missing=", ".join(missing))
            )
    elif value is DecisionValue.REFUS and granted:
        problems.append(
            _(
                "un refus de validation n'accorde aucun bloc — choisir « partielle » si des "
                "blocs sont accordés"
            )
        )
    return problems


def jury_day(session_days: Sequence[dt.date], day: dt.date) -> dt.date:
    """The day the jury met, for something recorded (or looked at) on ``day``: the last of
    the session's days on or before it (a decision typed in the next days, or from the
    command line, was taken at the meeting); ``day`` itself when the session has none
    before it."""
    before = [d for d in session_days if d <= day]
    return max(before) if before else day


def notification_deadline(jury_date: dt.date) -> dt.date:
    """The date by which a VAE decision is notified: 15 days after the jury (seed 002)."""
    return jury_date + dt.timedelta(days=NOTIFICATION_DAYS)


def needs_post_jury_interview(decision: Decision) -> bool:
    """A partial or negative VAE decision calls for a post-jury interview (seeds 002, 003)."""
    return decision.value in (DecisionValue.PARTIELLE, DecisionValue.REFUS)
