"""Grading of the S9 company project of a contrat de professionnalisation (seed 004 §5.2, §6.1).

Pure functions, no I/O.

* the procedure mark: each step of the procedure is marked 0/1 (non fait / fait) or
  0/1/2 (non fait / partiel / complet); the sum is scaled to a mark out of 20;
* the S9 mark = 0,2 × procedure + 0,4 × written report (school tutor) + 0,4 × company
  tutor (10 ECTS).

:func:`contrat_pro_result` reads these from the scores of the session's épreuves of kinds
``contrat-pro-steps``, ``written-report`` and ``company-tutor``.  A step scored by several
people counts for the mean of their (latest, submitted) values; a step marked as abstained
by everyone is « sans objet » (e.g. step 3' outside a double degree) and leaves both the
sum and the maximum; a step nobody marked makes the procedure mark unavailable.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from juryapp.i18n import N_, _

from .aggregation import counted_scores, epreuve_result
from .models import Epreuve, EpreuveKind, ScoreStatus, Session

WEIGHT_PROCEDURE = 0.2
WEIGHT_REPORT = 0.4
WEIGHT_TUTOR = 0.4
S9_ECTS = 10
PFE_ECTS = 20


def procedure_mark(steps: Iterable[tuple[float, float]]) -> float:
    """The procedure mark out of 20 from ``(value, max)`` per step: sum scaled to /20.

    >>> procedure_mark([(1, 1), (1, 2), (0, 1)])
    10.0
    """
    pairs = list(steps)
    if not pairs:
        raise ValueError(_("aucune étape notée : la note de démarche ne peut pas être calculée"))
    for value, top in pairs:
        if not (top > 0):
            raise ValueError(
                _("barème d'étape invalide ({top}) : le maximum doit être positif").format(top=top)
            )
        if not (0 <= value <= top):
            raise ValueError(
                _("note d'étape {value} hors barème (0 à {top})").format(value=value, top=top)
            )
    total = math.fsum(v for v, _top in pairs)
    top = math.fsum(t for _value, t in pairs)
    return min(20.0, total / top * 20.0)


def _check_20(name: str, value: float) -> None:
    if value != value or not (0 <= value <= 20):
        raise ValueError(
            _("note de {part} invalide ({value}) : elle doit être entre 0 et 20").format(
                part=_(name), value=value
            )
        )


def s9_mark(procedure: float, report: float, tutor: float) -> float:
    """S9 company-project mark = 0,2 × procedure + 0,4 × report + 0,4 × tutor (all /20)."""
    _check_20(N_("démarche"), procedure)
    _check_20(N_("rapport"), report)
    _check_20(N_("tuteur entreprise"), tutor)
    mark = WEIGHT_PROCEDURE * procedure + WEIGHT_REPORT * report + WEIGHT_TUTOR * tutor
    return min(20.0, max(0.0, mark))


@dataclass(frozen=True)
class ContratProResult:
    """The three parts (out of 20, None when not available) and the S9 mark."""

    candidate_id: str
    procedure: float | None
    report: float | None
    tutor: float | None
    final: float | None
    #: procedure steps (criterion ids) nobody has marked yet
    missing_steps: tuple[str, ...] = ()
    #: parts not available: among "demarche", "rapport", "tuteur"
    missing: tuple[str, ...] = ()


def _first_of_kind(session: Session, kind: EpreuveKind) -> Epreuve | None:
    return next((e for e in session.epreuves if e.kind is kind), None)


def _procedure(
    session: Session, candidate_id: str, ep: Epreuve
) -> tuple[float | None, tuple[str, ...]]:
    counted = counted_scores(session, candidate_id, ep.id)
    steps: list[tuple[float, float]] = []
    missing: list[str] = []
    for crit in ep.criteria:
        mine = [s for s in counted if s.criterion_id == crit.id]
        vals = [s.value for s in mine if s.status is ScoreStatus.SCORED and s.value is not None]
        if vals:
            steps.append((math.fsum(vals) / len(vals) - crit.min, crit.max - crit.min))
        elif not mine:
            missing.append(crit.id)
    if missing or not steps:
        return None, tuple(missing)
    return procedure_mark(steps), ()


def contrat_pro_result(session: Session, candidate_id: str) -> ContratProResult:
    """The procedure, report and tutor marks of ``candidate_id`` and the S9 mark."""
    if session.candidate(candidate_id) is None:
        raise ValueError(_("candidat inconnu : « {candidate} »").format(candidate=candidate_id))
    steps_ep = _first_of_kind(session, EpreuveKind.CONTRAT_PRO_STEPS)
    report_ep = _first_of_kind(session, EpreuveKind.WRITTEN_REPORT)
    tutor_ep = _first_of_kind(session, EpreuveKind.COMPANY_TUTOR)
    procedure: float | None = None
    missing_steps: tuple[str, ...] = ()
    if steps_ep is not None:
        procedure, missing_steps = _procedure(session, candidate_id, steps_ep)
    report = epreuve_result(session, candidate_id, report_ep.id).mark if report_ep else None
    tutor = epreuve_result(session, candidate_id, tutor_ep.id).mark if tutor_ep else None
    missing = tuple(
        name
        for name, v in (("demarche", procedure), ("rapport", report), ("tuteur", tutor))
        if v is None
    )
    final = None if missing else s9_mark(procedure, report, tutor)  # type: ignore[arg-type]
    return ContratProResult(
        candidate_id=candidate_id,
        procedure=procedure,
        report=report,
        tutor=tutor,
        final=final,
        missing_steps=missing_steps,
        missing=missing,
    )
