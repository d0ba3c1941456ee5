"""What must be in order before the procès-verbal is produced (the Minutes checklist).

Pure rules, no I/O, no reportlab: the Minutes screen shows them, ``juryapp minutes``
refuses to produce a signable PV while an *error* remains (``--draft`` makes a draft
marked « PROJET », without signature fields).

Errors
    * a candidate without the decision that ends his or her procedure (admission: a
      dossier-review classification, and for a pré-admissible candidate a decision after
      the tests; other kinds: the decision of the session's stage);
    * the composition of the jury has an error (no president, president absent, quorum,
      VAE 3 + 3 + 1 rule) and no override with a reason
      (:func:`composition_override`);
    * no jury member at all.
Warnings
    * the act appointing the jury, the date(s) or the place are not filled in;
    * the session is not closed yet (decisions may still change);
    * a VAE candidate's defence has no timing record.

The messages are in the user's language (:mod:`juryapp.i18n`): they are shown on the screen
and on the command line, never printed in a document.
"""

from __future__ import annotations

from juryapp.domain.composition import check_composition
from juryapp.domain.decisions import has_final_decision
from juryapp.domain.findings import Finding
from juryapp.domain.kinds import STATUS_LABELS
from juryapp.domain.models import (
    Session,
    SessionKind,
    SessionStatus,
)
from juryapp.i18n import _, ngettext


def composition_override(session: Session) -> str:
    """The reason given to go ahead with a jury whose composition breaks a rule
    (``SessionInfo.composition_override``, set by the president), or ""."""
    return session.info.composition_override.strip()


def missing_decisions(session: Session) -> list[str]:
    """Ids of the candidates whose procedure has no final decision yet
    (:func:`juryapp.domain.decisions.has_final_decision`)."""
    return [c.id for c in session.candidates if not has_final_decision(session, c.id)]


def checklist(session: Session) -> list[Finding]:
    """Everything to fix (errors) or to know (warnings) before producing the PV."""
    info = session.info
    out: list[Finding] = []
    missing = missing_decisions(session)
    if missing:
        names = []
        for cid in missing[:8]:
            c = session.candidate(cid)
            names.append(f"{c.full_name} ({cid})" if c else cid)
        listed = ", ".join(names)
        if len(missing) > 8:
            more = len(missing) - 8
            listed = ngettext("{names} et {n} autre", "{names} et {n} autres", more).format(
                names=listed, n=more
            )
        n = len(missing)
        out.append(
            Finding(
                "error",
                "missing-decisions",
                ngettext(
                    "{n} candidat sans décision finale : {names}",
                    "{n} candidats sans décision finale : {names}",
                    n,
                ).format(n=n, names=listed),
            )
        )
    if not session.jury:
        out.append(Finding("error", "no-jury", _("le jury n'est pas composé")))
    else:
        override = composition_override(session)
        for f in check_composition(info.kind, session.jury, session.conflicts):
            if f.level != "error":
                continue
            if override:
                out.append(
                    Finding(
                        "warning",
                        f.code,
                        _("{message} (dérogation motivée : {reason})").format(
                            message=f.message, reason=override
                        ),
                    )
                )
            else:
                out.append(f)
    if not info.appointing_act.strip():
        out.append(
            Finding(
                "warning",
                "no-appointing-act",
                _("la référence de l'acte de nomination du jury n'est pas renseignée"),
            )
        )
    if not info.dates:
        out.append(
            Finding("warning", "no-dates", _("les dates de la session ne sont pas renseignées"))
        )
    if not info.place.strip():
        out.append(Finding("warning", "no-place", _("le lieu de la session n'est pas renseigné")))
    if info.status not in (SessionStatus.CLOSED, SessionStatus.SIGNED):
        out.append(
            Finding(
                "warning",
                "not-closed",
                _(
                    "la session est « {status} » : clore la session avant de faire signer le "
                    "procès-verbal"
                ).format(status=_(STATUS_LABELS[info.status]).lower()),
            )
        )
    if info.kind in (SessionKind.VAE_VALIDATION, SessionKind.CQPM):
        from .content import defence_of

        untimed = [c.id for c in session.candidates if defence_of(session, c.id) is None]
        if untimed:
            out.append(
                Finding(
                    "warning",
                    "no-defence-record",
                    _("pas de chronométrage de la soutenance pour : {candidates}").format(
                        candidates=", ".join(untimed)
                    ),
                )
            )
    out.sort(key=lambda f: 0 if f.level == "error" else 1)
    return out
