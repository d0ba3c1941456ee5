"""One dossier in full: identity, eligibility, documents, épreuves, decisions and history.

The queue pushes :class:`DossierScreen` on Enter.  What the screen shows is computed from
``app.session`` by the pure functions below (testable without Textual); the history comes
from the journal, read in a worker thread.  Every status carries a symbol and a word, never
a colour alone.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from juryapp.domain.aggregation import epreuve_result, expected_scorers
from juryapp.domain.deliberation import fmt_total
from juryapp.domain.eligibility import (
    ELIGIBILITY_LABELS,
    Eligibility,
    EligibilityStatus,
    check_eligibility,
)
from juryapp.domain.fees import (
    VAE_RECEVABILITE_FEE,
    VAE_SUPPORT_FEE,
    VAE_VALIDATION_FEE,
    application_fee,
)
from juryapp.domain.kinds import EPREUVE_KIND_LABELS, STAGE_LABELS, TRACK_LABELS, decision_label
from juryapp.domain.kinds import stages as kind_stages
from juryapp.domain.models import (
    Candidate,
    ConflictType,
    DecisionStage,
    DecisionValue,
    Epreuve,
    JuryMember,
    Role,
    Session,
    SessionKind,
    SessionStatus,
)
from juryapp.domain.permissions import Action, PermissionDenied, authorize, epreuves_over
from juryapp.domain.prerequisites import check_vae_prerequisites
from juryapp.domain.queue import EPREUVES_DONE, in_tests
from juryapp.domain.scoring import fmt_num
from juryapp.i18n import (
    N_,
    _,
    format_date,
    format_moment,
    format_number,
    ngettext,
    school_today,
)
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import JuryFooter, JuryHeader

_ELIGIBILITY_SYMBOLS: dict[EligibilityStatus, tuple[str, str]] = {
    EligibilityStatus.ELIGIBLE: ("✓", "green"),
    EligibilityStatus.JURY_DECIDES: ("?", "yellow"),
    EligibilityStatus.INELIGIBLE: ("✗", "red"),
    EligibilityStatus.NOT_EXAMINED: ("✗", "red"),
}

#: French msgids (as every label below): shown with ``_()``
CONFLICT_LABELS: dict[ConflictType, str] = {
    ConflictType.RELATIONSHIP: N_("lien personnel ou professionnel"),
    ConflictType.COACHED: N_("a préparé ou accompagné le candidat"),
    ConflictType.COLLEAGUE: N_("collègue"),
    ConflictType.OTHER: N_("autre motif"),
}

#: the candidate's fields as the history names them
FIELD_LABELS: dict[str, str] = {
    "last_name": N_("nom"),
    "first_name": N_("prénom"),
    "email": N_("courriel"),
    "track": N_("filière"),
    "specialty": N_("spécialité"),
    "diploma": N_("diplôme"),
    "foreign_diploma": N_("diplôme étranger"),
    "ects": N_("ECTS"),
    "scholarship": N_("bourse"),
    "programmes": N_("nombre de formations"),
    "documents": N_("pièces du dossier"),
    "toeic": N_("TOEIC"),
    "english_equivalent": N_("équivalent d'anglais"),
    "international_experience": N_("expérience internationale"),
    "recevabilite_date": N_("date de recevabilité"),
    "validation_filed_date": N_("dépôt du dossier de validation"),
    "dossier_pages": N_("pages du dossier"),
    "planned_epreuves": N_("épreuves prévues"),
    "panels": N_("panels de notation"),
    "notes": N_("notes"),
    "extra": N_("colonnes importées"),
}

#: how many journal entries the history shows (newest first)
HISTORY_LIMIT = 60


# --------------------------------------------------------------------------- formatting


def format_when(at: dt.datetime | str) -> str:
    """A moment in the school's time, in the user's language: « 14 avr. 2026 à 09:30 »
    (« 14 Apr 2026 at 09:30 »)."""
    return format_moment(at)


def _euros(amount: int) -> str:
    """``6 000 €`` (no-break spaces) in French, ``€6,000`` in English."""
    # the French group separator is a narrow no-break space: the no-break space is kept here
    number = format_number(amount).replace("\u202f", "\u00a0")
    # Translators: an amount in euros; {amount} is already formatted ("6,000")
    return _("{amount}\u00a0€").format(amount=number)


def member_name(session: Session, member_id: str | None) -> str:
    """A jury member's name, an external source's, or the id when unknown."""
    if member_id is None:
        return "—"
    if member_id.startswith("ext:"):
        return _("source externe ({source})").format(source=member_id[4:])
    if member_id == "system":
        return _("système")
    member = session.member(member_id)
    return member.full_name if member is not None else member_id


def _strip(text: Text) -> Text:
    text.rstrip()
    return text


# --------------------------------------------------------------------------- rules for the UI


def eligibility_of(session: Session, candidate: Candidate) -> Eligibility:
    """The eligibility verdict, with the same specialty the decision rules use."""
    return check_eligibility(
        candidate, session.info.kind, candidate.specialty or session.info.specialty
    )


def may_plan_epreuves(session: Session, member: JuryMember | None) -> bool:
    """Whether ``member`` may add an épreuve to a candidate: the store's own rule (the
    president of the jury or the secretary, and never once the session is closed)."""
    return why_no_planning(session, member) is None


def why_no_planning(session: Session, member: JuryMember | None) -> str | None:
    """Why ``member`` may not add an épreuve to a candidate (the store's own words), or
    None when they may."""
    if member is None:
        return _("connectez-vous d'abord")
    try:
        authorize(session.info, session.jury, member.id, Action.PLAN_EPREUVES)
    except PermissionDenied as refusal:
        return str(refusal)
    return None


def optional_choices(session: Session, candidate: Candidate) -> list[Epreuve]:
    """The session's optional épreuves not yet planned for ``candidate``."""
    planned = {e.id for e in session.planned_epreuves(candidate)}
    return [e for e in session.epreuves if e.optional and e.id not in planned]


def with_epreuve(session: Session, candidate: Candidate, epreuve_id: str) -> Candidate:
    """``candidate`` with ``epreuve_id`` added to the épreuves planned for them (an empty
    list meant « the compulsory ones »: they are written out, in the session's order)."""
    wanted = {e.id for e in session.planned_epreuves(candidate)} | {epreuve_id}
    planned = [e.id for e in session.epreuves if e.id in wanted]
    return candidate.model_copy(update={"planned_epreuves": planned})


# --------------------------------------------------------------------------- épreuve states


def my_state(
    session: Session, member: JuryMember | None, candidate: Candidate, epreuve: Epreuve
) -> tuple[str, Text]:
    """The épreuve's state for the member at the keyboard: a code and a label (symbol + word).

    Codes: ``external``, ``not-scorer`` (the secretary), ``conflict``, ``absent``,
    ``not-panel``, ``draft``, ``submitted``, ``not-scored`` (the session closed first),
    ``to-score``.
    """
    if epreuve.external_source:
        return "external", Text(
            _("⇄ source externe ({source})").format(source=epreuve.external_source), style="cyan"
        )
    if member is None or member.role is Role.SECRETAIRE:
        return "not-scorer", Text(_("– non noté par vous"), style="dim")
    if session.hard_conflict(member.id, candidate.id) is not None:
        return "conflict", Text(_("⊘ conflit d'intérêts"), style="bold red")
    if not member.is_present:
        return "absent", Text(_("– absent : ne note pas"), style="dim")
    if member.id not in expected_scorers(session, candidate.id, epreuve.id):
        return "not-panel", Text(_("– hors de votre panel"), style="dim")
    mine = [s for s in session.scores_for(candidate.id, epreuve.id) if s.member_id == member.id]
    latest: dict[str, Any] = {}
    for s in mine:
        cur = latest.get(s.criterion_id)
        if cur is None or s.at >= cur.at:
            latest[s.criterion_id] = s
    done = {c.id for c in epreuve.criteria} <= set(latest) and all(
        s.submitted for s in latest.values()
    )
    if not done and session.info.status in EPREUVES_DONE:
        # closed or signed: never to be scored, nor a draft submitted, now
        return "not-scored", Text(_("– non noté (session close)"), style="dim")
    if any(not s.submitted for s in latest.values()):
        return "draft", Text(_("✎ brouillon"), style="yellow")
    if {c.id for c in epreuve.criteria} <= set(latest):
        return "submitted", Text(_("✓ soumis"), style="green")
    return "to-score", Text(_("● à noter"), style="bold yellow")


def overall_state(
    session: Session,
    member: JuryMember | None,
    candidate: Candidate,
    epreuve: Epreuve,
    mine: str,
) -> Text:
    """The épreuve's state for the whole jury: complete, or who is still missing; the mean
    mark only when the member at the keyboard may see it (after their own submission)."""
    res = epreuve_result(session, candidate.id, epreuve.id)
    out = Text()
    if res.complete:
        out.append(_("✓ complète"), style="green")
    elif epreuve.external_source and not res.member_marks:
        out.append(_("… attend la source externe"), style="yellow")
    elif res.missing:
        names = ", ".join(
            (m.last_name if (m := session.member(mid)) else mid) for mid in res.missing
        )
        out.append(_("◌ manque : {names}").format(names=names), style="yellow")
    else:
        out.append(_("◌ personne ne doit la noter"), style="dim")
    # « not-scored »: the session closed before this member scored; the scoring is over,
    # nothing is hidden any more (they could never submit to see it)
    visible = mine in (
        "submitted",
        "not-panel",
        "not-scorer",
        "external",
        "absent",
        "not-scored",
    ) or (not epreuve.hide_until_submitted and mine != "conflict")
    if res.mark is not None:
        if visible:
            out.append(" · " + _("moyenne {mark}/20").format(mark=fmt_total(res.mark)))
            if res.divergent:
                out.append(" " + _("⚠ écart"), style="bold yellow")
        elif mine != "conflict":
            out.append(" · " + _("notes masquées jusqu'à votre soumission"), style="dim")
    return out


def epreuve_options(
    session: Session, member: JuryMember | None, candidate: Candidate
) -> list[Option]:
    """One option per épreuve planned for the candidate (or one disabled line saying why
    there is none)."""
    if not in_tests(session, candidate.id):
        review = session.latest_decision(candidate.id, DecisionStage.DOSSIER_REVIEW)
        if review is None:
            why = _("pas d'épreuve tant que le dossier n'est pas classé pré-admissible")
        else:
            label = decision_label(session.info.kind, review.value)
            why = _("pas d'épreuve probatoire : dossier classé « {decision} »").format(
                decision=label
            )
        return [Option(Text(why, style="dim italic"), id="-none", disabled=True)]
    planned = session.planned_epreuves(candidate)
    if not planned:
        return [
            Option(Text(_("aucune épreuve prévue"), style="dim italic"), id="-none", disabled=True)
        ]
    options = []
    for ep in planned:
        code, mine = my_state(session, member, candidate, ep)
        prompt = Text()
        prompt.append(ep.name, style="bold")
        if ep.optional and "optionnel" not in ep.name.casefold():  # not said twice
            prompt.append(" " + _("(optionnelle)"), style="italic")
        if ep.duration_minutes:
            prompt.append(f" · {fmt_num(ep.duration_minutes)} min")
        state = Text(_("vous : "))
        state.append_text(mine)
        state.append(" · " + _("jury : "))
        state.append_text(overall_state(session, member, candidate, ep, code))
        options.append(Option(EpreuvePrompt(prompt, state), id=ep.id))
    return options


class EpreuvePrompt:
    """An épreuve of the dossier: its name, and its state under it, indented (a wrapped line
    of the state keeps the indent).  ``str()`` gives its plain text."""

    def __init__(self, head: Text, state: Text) -> None:
        self.head = head
        self.state = state

    def __rich_console__(self, console: Any, options: Any) -> Any:
        yield self.head
        yield Padding(self.state, (0, 0, 0, 2))

    def __str__(self) -> str:
        return f"{self.head.plain}\n  {self.state.plain}"


# --------------------------------------------------------------------------- sections


def head_text(session: Session, candidate: Candidate) -> Text:
    kind = session.info.kind
    text = Text()
    text.append(candidate.full_name, style="bold")
    parts = [candidate.id, _(TRACK_LABELS[candidate.track])]
    if candidate.specialty:
        parts.append(candidate.specialty)
    text.append("  " + " · ".join(parts), style="dim")
    text.append("\n")
    elig = eligibility_of(session, candidate)
    symbol, colour = _ELIGIBILITY_SYMBOLS[elig.status]
    text.append(f"{symbol} {_(ELIGIBILITY_LABELS[elig.status])}", style=f"bold {colour}")
    review = session.latest_decision(candidate.id, DecisionStage.DOSSIER_REVIEW)
    finals = [
        d
        for d in session.decisions_for(candidate.id)
        if d.stage is not DecisionStage.DOSSIER_REVIEW
    ]
    final = max(finals, key=lambda d: d.at) if finals else None
    if kind.is_admission or kind is SessionKind.VAE_RECEVABILITE:
        text.append(" · " + _("dossier : "))
        text.append(decision_label(kind, review.value) if review else _("non classé"))
    if kind is not SessionKind.VAE_RECEVABILITE:
        text.append(" · " + _("décision : "))
        text.append(decision_label(kind, final.value) if final else "—")
    return text


def banner_text(session: Session, candidate: Candidate, member: JuryMember | None) -> Text:
    text = Text()
    if session.info.status is SessionStatus.SIGNED:
        text.append(
            _(
                "✗ Procès-verbal signé : la session est en lecture seule "
                "(une réouverture motivée est nécessaire pour la modifier)."
            )
            + "\n",
            style="bold",
        )
    elif session.info.status is SessionStatus.CLOSED:
        text.append(
            _("✗ Session close : les épreuves sont terminées, plus aucune note ne se saisit.")
            + "\n",
            style="bold",
        )
    if member is not None:
        conflict = session.hard_conflict(member.id, candidate.id)
        if conflict is not None:
            text.append(
                _(
                    "⊘ Conflit d'intérêts ({why}) : vous ne notez pas ce candidat et ne "
                    "participez pas à sa délibération."
                ).format(why=_(CONFLICT_LABELS[conflict.type]))
                + "\n",
                style="bold",
            )
    return _strip(text)


def _grid(rows: list[tuple[str, str]]) -> Table:
    """Label / value lines, the values wrapping under themselves."""
    # two spaces: « Frais de VAE recevabilité 450 € » read as one phrase with one
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(ratio=1)
    for label, value in rows:
        grid.add_row(label, Text(value))
    return grid


def identity_rows(session: Session, candidate: Candidate) -> list[tuple[str, str]]:
    """The candidate's identity and admission data, as (label, value) lines."""
    kind = session.info.kind
    rows = [(_("Courriel"), candidate.email or "—")]
    track = _(TRACK_LABELS[candidate.track])
    if candidate.specialty:
        track += " · " + _("spécialité {specialty}").format(specialty=candidate.specialty)
    rows.append((_("Filière"), track))
    diploma = candidate.diploma or _("non renseigné")
    diploma += " — " + (
        _("diplôme étranger") if candidate.foreign_diploma else _("diplôme français")
    )
    rows.append((_("Diplôme"), diploma))
    rows.append(
        (
            _("Crédits ECTS"),
            str(candidate.ects) if candidate.ects is not None else _("non renseigné"),
        )
    )
    rows.append((_("Boursier"), _("oui") if candidate.scholarship else _("non")))
    if kind.is_vae:
        rows.append(
            (
                _("Frais de VAE"),
                _(
                    "recevabilité {recevabilite}, validation {validation} (accompagnement "
                    "facultatif {support})"
                ).format(
                    recevabilite=_euros(VAE_RECEVABILITE_FEE),
                    validation=_euros(VAE_VALIDATION_FEE),
                    support=_euros(VAE_SUPPORT_FEE),
                ),
            )
        )
    elif kind.is_admission:
        n = candidate.programmes
        rows.append((_("Formations"), ngettext("{n} demandée", "{n} demandées", n).format(n=n)))
        fee = _euros(application_fee(candidate.scholarship, n))
        who = _("boursier") if candidate.scholarship else _("non boursier")
        rows.append(
            (
                _("Frais"),
                ngettext(
                    "{fee} ({who}, {n} formation) — jamais remboursés",
                    "{fee} ({who}, {n} formations) — jamais remboursés",
                    n,
                ).format(fee=fee, who=who, n=n),
            )
        )
    return rows


def eligibility_text(session: Session, candidate: Candidate) -> Group:
    """The verdict, then its reasons as bullets whose wrapped lines stay under their text
    (they went back to the margin, under the bullet)."""
    elig = eligibility_of(session, candidate)
    symbol, colour = _ELIGIBILITY_SYMBOLS[elig.status]
    head = Text(f"{symbol} {_(ELIGIBILITY_LABELS[elig.status])}", style=f"bold {colour}")
    bullets = Table.grid(padding=(0, 1))
    bullets.add_column(no_wrap=True)
    bullets.add_column(ratio=1)
    for reason in elig.reasons:
        bullets.add_row("  •", Text(reason))
    return Group(head, bullets) if elig.reasons else Group(head)


def documents_text(candidate: Candidate) -> Text:
    text = Text()
    if not candidate.documents:
        text.append(_("aucune pièce requise n'est enregistrée pour ce dossier"), style="dim")
        return text
    missing = candidate.missing_documents
    for name, ok in candidate.documents.items():
        if ok:
            text.append("✓ ", style="green")
            text.append(f"{name}\n")
        else:
            text.append("✗ ", style="bold red")
            text.append(name)
            text.append(" — " + _("manquant") + "\n", style="bold")
    total = len(candidate.documents)
    if missing:
        n = len(missing)
        text.append(
            ngettext(
                "{n} pièce manquante sur {total}", "{n} pièces manquantes sur {total}", n
            ).format(n=n, total=total),
            style="bold",
        )
    else:
        text.append(
            ngettext("dossier complet ({n} pièce)", "dossier complet ({n} pièces)", total).format(
                n=total
            ),
            style="dim",
        )
    return _strip(text)


def vae_rows(candidate: Candidate) -> list[tuple[str, str]]:
    """The VAE data of the dossier, as (label, value) lines."""
    intl = {True: _("oui"), False: _("non"), None: _("non renseignée")}[
        candidate.international_experience
    ]
    rec, filed, pages = (
        candidate.recevabilite_date,
        candidate.validation_filed_date,
        candidate.dossier_pages,
    )
    rows = [("TOEIC", str(candidate.toeic) if candidate.toeic is not None else "—")]
    if candidate.english_equivalent:
        rows.append((_("Équivalent anglais"), candidate.english_equivalent))
    rows += [
        (_("Expérience internationale"), intl),
        (_("Recevabilité notifiée"), format_date(rec, "short") if rec else "—"),
        (_("Dossier de validation"), format_date(filed, "short") if filed else _("non déposé")),
        (_("Pages du dossier"), str(pages) if pages is not None else "—"),
    ]
    return rows


def recevabilite_text(session: Session, candidate: Candidate, today: dt.date) -> Text:
    """Recevabilité sessions: the memoir's receipt and the one-month ruling deadline."""
    from juryapp.domain.defence import recevabilite_status_for

    text = Text()
    received = candidate.memoir_received_date
    if received is None:
        text.append(_("⚠ date de réception du mémoire non renseignée : délai inconnu") + "\n")
        return _strip(text)
    status = recevabilite_status_for(session, candidate.id, received, today)
    text.append(
        _("Mémoire reçu le {date}").format(date=format_date(received, "short")) + " · ",
        style="bold",
    )
    if status.overdue:
        text.append("✗ " + status.message + "\n", style="bold red")
    elif status.ruled_late:
        text.append("⚠ " + status.message + "\n", style="bold yellow")
    else:
        text.append("✓ " + status.message + "\n")
    return _strip(text)


def vae_findings_text(candidate: Candidate, today: dt.date) -> Text:
    """The VAE prerequisites (:func:`check_vae_prerequisites`): ✗ error, ⚠ to check."""
    text = Text()
    findings = check_vae_prerequisites(candidate, today)
    if not findings:
        text.append(_("✓ prérequis remplis") + "\n", style="bold green")
    for f in findings:
        if f.is_error:
            text.append("✗ ", style="bold red")
        else:
            text.append("⚠ ", style="bold yellow")
        text.append(f"{f.message}\n")
    return _strip(text)


def conflicts_text(session: Session, candidate: Candidate) -> Text:
    text = Text()
    mine = [c for c in session.conflicts if c.candidate_id == candidate.id]
    if not mine:
        text.append(_("aucun conflit d'intérêts déclaré"), style="dim")
        return text
    for c in mine:
        if c.hard:
            text.append("⊘ ", style="bold red")
        else:
            text.append("△ ", style="yellow")
        text.append(member_name(session, c.member_id), style="bold")
        text.append(f" — {_(CONFLICT_LABELS[c.type])} · ")
        text.append(
            _("bloquant : ne note pas, ne délibère pas") if c.hard else _("déclaré, sans exclusion")
        )
        text.append("\n")
        if c.note:
            text.append(f"  {c.note}\n", style="italic")
    return _strip(text)


def notes_text(candidate: Candidate) -> Text:
    text = Text()
    if candidate.notes:
        text.append(candidate.notes + "\n")
    for key, value in candidate.extra.items():
        text.append(_("{label} : ").format(label=key), style="bold")
        text.append(f"{value}\n")
    if not text.plain:
        text.append("—", style="dim")
    return _strip(text)


def decisions_text(session: Session, candidate: Candidate) -> Text:
    """Every decision about the candidate, latest first; the one in force at each stage is
    marked ●, replaced ones ○."""
    kind = session.info.kind
    decisions = sorted(session.decisions_for(candidate.id), key=lambda d: d.at, reverse=True)
    text = Text()
    if not decisions:
        text.append(_("aucune décision"), style="dim")
        return text
    seen: set[DecisionStage] = set()
    for d in decisions:
        current = d.stage not in seen
        seen.add(d.stage)
        text.append("● " if current else "○ ", style="bold" if current else "dim")
        text.append(
            _("{stage} : ").format(stage=_(STAGE_LABELS[d.stage])), style="" if current else "dim"
        )
        text.append(
            decision_label(kind, d.value) + ("" if current else " " + _("(remplacée)")),
            style="bold" if current else "dim",
        )
        text.append("\n")
        who = "  " + _("le {when} · décidé par {who}").format(
            when=format_when(d.at), who=member_name(session, d.decided_by)
        )
        if d.recorded_by and d.recorded_by != d.decided_by:
            who += " " + _("(saisi par {who})").format(who=member_name(session, d.recorded_by))
        text.append(who + "\n", style="dim")
        if d.blocs_granted:
            labels = {b.id: b.label for b in session.info.blocs}
            for b in d.blocs_granted:
                line = "  ✓ " + _("bloc {id} {label}").format(id=b, label=labels.get(b, ""))
                text.append(line.rstrip() + "\n")
        for label, value in (
            (N_("motif"), d.reason),
            (N_("dérogation"), d.override_reason),
            (N_("observations"), d.observations),
            (N_("recommandations"), d.recommendations),
        ):
            if value:
                text.append("  " + _("{label} : ").format(label=_(label)), style="italic")
                text.append(f"{value}\n")
    return _strip(text)


# --------------------------------------------------------------------------- history


def _decision_words(session: Session, doc: Any) -> str:
    if not isinstance(doc, dict):
        return "?"
    try:
        value = DecisionValue(doc.get("value"))
        label = decision_label(session.info.kind, value)
    except ValueError:
        label = str(doc.get("value"))
    try:
        stage = _(STAGE_LABELS[DecisionStage(doc.get("stage"))])
    except ValueError:
        stage = str(doc.get("stage"))
    return _("« {decision} » ({stage})").format(decision=label, stage=stage)


def describe_change(session: Session, action: str, old: Any, new: Any) -> str:
    """What a journal entry about a dossier changed, in the user's language (never the marks
    themselves: they stay hidden from members who have not submitted theirs)."""
    if action == "record_decision":
        text = _("décision {decision}").format(decision=_decision_words(session, new))
        if isinstance(new, dict) and new.get("override_reason"):
            text += " " + _("avec dérogation")
        if old:
            text += " — " + _("remplace {decision}").format(decision=_decision_words(session, old))
        return text
    if action == "assess_bloc":
        # a member's private assessment: the history says it exists, never what it says
        return _("appréciation des blocs de compétences enregistrée")
    if action.startswith("defence_") and isinstance(new, dict):
        from juryapp.domain.defence import EVENT_LABELS
        from juryapp.domain.models import DefenceEventKind

        try:
            what = _(EVENT_LABELS[DefenceEventKind(new.get("kind"))])
        except ValueError:
            what = str(new.get("kind"))
        ep = session.epreuve(str(new.get("epreuve_id")))
        text = _("chronomètre ({epreuve}) : {what}").format(
            epreuve=ep.name if ep else new.get("epreuve_id"), what=what
        )
        if new.get("reason"):
            text += " — " + _("motif : {reason}").format(reason=new["reason"])
        return text
    if action in ("upsert_candidates", "plan_epreuves"):
        if old is None:
            return _("dossier créé")
        fields = [f for f in new if f != "reason"] if isinstance(new, dict) else []
        parts = []
        if action == "plan_epreuves" and isinstance(new, dict) and new.get("reason"):
            parts.append(_("motif : {reason}").format(reason=new["reason"]))
        for f in fields:
            if f == "planned_epreuves" and isinstance(new, dict):
                names = [(e.name if (e := session.epreuve(i)) else i) for i in new.get(f) or []]
                parts.append(
                    _("épreuves prévues : {epreuves}").format(
                        epreuves=", ".join(names) or _("les obligatoires")
                    )
                )
            else:
                parts.append(_(FIELD_LABELS[f]) if f in FIELD_LABELS else f)
        return _("dossier modifié : {fields}").format(fields=", ".join(parts) or "—")
    if action in ("save_scores", "merge_sheets"):
        groups: dict[tuple[str, str], list[Any]] = {}
        for slot, view in (new or {}).items():
            who, _sep, rest = str(slot).partition("/")
            epreuve_id = rest.partition("/")[0]
            groups.setdefault((who, epreuve_id), []).append(view)
        parts = []
        for (who, eid), views in groups.items():
            ep = session.epreuve(eid)
            drafts = sum(1 for v in views if isinstance(v, dict) and v.get("submitted") is False)
            state = _("brouillon") if drafts == len(views) else _("soumises")
            # the criteria given (a draft saves every criterion, the empty ones without a
            # value: they are not counted as given)
            n = sum(
                1
                for v in views
                if not isinstance(v, dict)
                or v.get("value") is not None
                or v.get("status") not in (None, "scored")
            )
            parts.append(
                ngettext(
                    "{epreuve} — {who} ({n} critère, {state})",
                    "{epreuve} — {who} ({n} critères, {state})",
                    n,
                ).format(
                    epreuve=ep.name if ep else eid,
                    who=member_name(session, who),
                    n=n,
                    state=state,
                )
            )
        if action == "merge_sheets":
            what = _("feuille de notes fusionnée : {sheets}")
        else:
            what = _("notes enregistrées : {sheets}")
        return what.format(sheets="; ".join(parts))
    if action == "add_conflict" and isinstance(new, dict):
        hard = _("bloquant") if new.get("hard", True) else _("non bloquant")
        try:
            kind = _(CONFLICT_LABELS[ConflictType(new.get("type"))])
        except ValueError:
            kind = str(new.get("type"))
        if old:
            verb = _("conflit d'intérêts modifié : {who} ({kind}, {hard})")
        else:
            verb = _("conflit d'intérêts déclaré : {who} ({kind}, {hard})")
        return verb.format(who=member_name(session, new.get("member_id")), kind=kind, hard=hard)
    if action == "remove_conflict" and isinstance(old, dict):
        return _("conflit d'intérêts retiré : {who}").format(
            who=member_name(session, old.get("member_id"))
        )
    return action.replace("_", " ")


def history_text(session: Session, entries: Iterable[Any], error: str | None = None) -> Text:
    text = Text()
    if error:
        text.append(_("✗ journal illisible : {error}").format(error=error), style="bold red")
        return text
    items = sorted(entries, key=lambda e: e.seq, reverse=True)
    if not items:
        text.append(_("aucune modification depuis la création de la session"), style="dim")
        return text
    for e in items[:HISTORY_LIMIT]:
        text.append(format_when(e.at), style="bold")
        text.append(f" · {member_name(session, e.actor)}")
        if e.on_behalf:
            whom = (
                _(" (saisie pour le président)")
                if e.action == "record_decision"
                else _(" (saisie pour un autre membre)")
            )
            text.append(whom, style="italic")
        text.append("\n  ")
        text.append(describe_change(session, e.action, e.old, e.new))
        text.append("\n")
    if len(items) > HISTORY_LIMIT:
        more = len(items) - HISTORY_LIMIT
        text.append(
            ngettext(
                "… et {n} entrée plus ancienne", "… et {n} entrées plus anciennes", more
            ).format(n=more),
            style="dim",
        )
    return _strip(text)


#: journal file signature -> entries grouped by target (reading 100,000 lines on every
#: refresh of a dossier would be wasteful)
_journal_cache: dict[Path, tuple[tuple[int, int, int], dict[str, list[Any]]]] = {}
_journal_lock = threading.Lock()


def journal_history(root: Path, target: str) -> list[Any]:
    """The journal entries about ``target`` (e.g. ``candidate:INF26-001``), oldest first,
    cached until the journal file changes."""
    from juryapp.store.journal import JOURNAL_FILE, Journal

    path = Path(root) / JOURNAL_FILE
    try:
        st = path.stat()
        sig = (st.st_size, st.st_mtime_ns, st.st_ino)
    except FileNotFoundError:
        return []
    with _journal_lock:
        cached = _journal_cache.get(path)
        if cached is not None and cached[0] == sig:
            return list(cached[1].get(target, ()))
    by_target: dict[str, list[Any]] = {}
    for entry in Journal(root).entries():
        by_target.setdefault(entry.target, []).append(entry)
    with _journal_lock:
        _journal_cache[path] = (sig, by_target)
    return list(by_target.get(target, ()))


# --------------------------------------------------------------------------- screens


class AddEpreuveDialog(ModalScreen[str | None]):
    """Choose an optional épreuve to add to one candidate."""

    CSS_PATH = stylesheet("dossier")

    TITLE_FR = N_("Ajouter une épreuve optionnelle")
    HELP = N_(
        "Les épreuves optionnelles de la session qui ne sont pas encore prévues pour ce "
        "candidat. Choisissez-en une (flèches puis Entrée, ou clic) ; Échap annule."
    )
    BINDINGS = [Binding("escape", "cancel", N_("Annuler"), id="add_epreuve.cancel")]

    def __init__(self, candidate_name: str, choices: list[Epreuve]) -> None:
        super().__init__()
        self.candidate_name = candidate_name
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="add-epreuve-box") as box:
            box.border_title = _("Ajouter une épreuve optionnelle")
            yield Static(
                Text(_("Pour {name} :").format(name=self.candidate_name)), id="add-epreuve-who"
            )
            options = []
            for ep in self.choices:
                prompt = Text(ep.name, style="bold")
                detail = [_(EPREUVE_KIND_LABELS[ep.kind])]
                if ep.duration_minutes:
                    detail.append(f"{fmt_num(ep.duration_minutes)} min")
                prompt.append(" · " + " · ".join(detail), style="")
                options.append(Option(prompt, id=ep.id))
            yield OptionList(*options, id="add-epreuve-list")
            yield Static(Text(_("Entrée : ajouter · Échap : annuler"), style="dim"))
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def on_mount(self) -> None:
        self.query_one("#add-epreuve-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#add-epreuve-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DossierScreen(Screen[None]):
    """A candidate's dossier in full, live."""

    CSS_PATH = stylesheet("dossier")

    TITLE_FR = N_("Dossier du candidat")
    HELP = N_(
        "Le dossier complet : identité, recevabilité et ses motifs, pièces (✓ fournie, "
        "✗ manquante), conflits d'intérêts (⊘ bloquant, △ déclaré), épreuves, décisions (● en "
        "vigueur, ○ remplacée) et historique des modifications (journal). Tout se met à jour "
        "quand un autre poste enregistre.\n\n"
        "Épreuves : flèches pour choisir, Entrée ou clic pour ouvrir le panneau de notation. "
        "« vous » : ● à noter, ✎ brouillon, ✓ soumis, – hors de votre panel, ⇄ source "
        "externe, ⊘ conflit d'intérêts ; « jury » : ✓ complète ou qui manque. La moyenne n'est "
        "montrée qu'après votre propre soumission.\n\n"
        "r — décision du jury (classement du dossier, décision après épreuves, décision de "
        "VAE) : réservée au président du jury ; le secrétaire peut la saisir pour le président "
        "(la mention « saisie pour le président » est enregistrée). Les membres ne peuvent pas "
        "enregistrer de décision.\n\n"
        "o — ajouter une épreuve orale optionnelle à ce candidat : réservé au président du "
        "jury et au secrétaire (la touche est absente pour les membres). Elle est grisée quand "
        "toutes les épreuves optionnelles de la session sont déjà prévues pour ce candidat, "
        "et une fois la session close.\n\n"
        "PgPréc / PgSuiv font défiler le détail ; Tab passe de la liste des épreuves au détail. "
        "Une fois la session close, plus rien ne se note ni ne se décide ; une fois le "
        "procès-verbal signé, le dossier est en lecture seule."
    )
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("escape", "back", N_("Retour"), id="dossier.back"),
        Binding("enter", "open_epreuve", N_("Noter"), id="dossier.open"),
        Binding("r", "review", N_("Décision"), id="dossier.review"),
        Binding(
            "o",
            "add_oral",
            N_("Oral optionnel"),
            id="dossier.add_oral",
            tooltip=N_(
                "Ajouter une épreuve optionnelle à ce candidat (le président du jury ou le "
                "secrétaire)"
            ),
        ),
        Binding(
            "t",
            "defence_clock",
            N_("Chronomètre"),
            id="dossier.defence",
            tooltip=N_("Le chronomètre de la soutenance (exposé, questions, délibération)"),
        ),
        Binding(
            "b",
            "blocs",
            N_("Blocs"),
            id="dossier.blocs",
            tooltip=N_("Appréciation des blocs de compétences et décision du jury"),
        ),
        Binding(
            "pageup",
            "scroll_body(-1)",
            N_("Défiler"),
            show=False,
            priority=True,
            id="dossier.page_up",
        ),
        Binding(
            "pagedown",
            "scroll_body(1)",
            N_("Défiler"),
            show=False,
            priority=True,
            id="dossier.page_down",
        ),
    ]

    def __init__(self, candidate_id: str) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self._history: tuple[list[Any], str | None] | None = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        yield Static("", id="dossier-head")
        yield Static("", id="dossier-banner")
        epreuves = OptionList(id="dossier-epreuves")
        epreuves.border_title = _("Épreuves — Entrée : noter")
        yield epreuves
        with VerticalScroll(id="dossier-body"):
            with Horizontal(id="dossier-cols"):
                with Vertical(id="dossier-left", classes="dossier-col"):
                    yield self._section("identity", _("Candidat"))
                    yield self._section("eligibility", _("Recevabilité"))
                    yield self._section("documents", _("Pièces du dossier"))
                    yield self._section("notes", _("Notes et colonnes importées"))
                with Vertical(id="dossier-right", classes="dossier-col"):
                    yield self._section("vae", _("VAE : prérequis"))
                    yield self._section("conflicts", _("Conflits d'intérêts"))
                    yield self._section("decisions", _("Décisions (la plus récente d'abord)"))
                    yield self._section("history", _("Historique du dossier"))
        yield JuryFooter()

    @staticmethod
    def _section(name: str, title: str) -> Static:
        widget = Static("", id=f"dossier-{name}", classes="dossier-section")
        widget.border_title = title
        return widget

    def on_mount(self) -> None:
        self.watch(self.app, "session_version", self._session_changed, init=True)
        self.query_one("#dossier-epreuves", OptionList).focus(scroll_visible=False)

    # ------------------------------------------------------------------ live data

    @property
    def session(self) -> Session | None:
        return getattr(self.app, "session", None)

    @property
    def member(self) -> JuryMember | None:
        return getattr(self.app, "member", None)

    @property
    def candidate(self) -> Candidate | None:
        session = self.session
        return session.candidate(self.candidate_id) if session is not None else None

    def _session_changed(self, _version: int = 0) -> None:
        session = self.session
        if session is None or not self.is_attached:
            return
        candidate = session.candidate(self.candidate_id)
        if candidate is None:
            self.query_one("#dossier-head", Static).update(
                Text(
                    _("Le dossier {id} n'existe plus dans la session.").format(
                        id=self.candidate_id
                    ),
                    "bold",
                )
            )
            return
        member = self.member
        self.query_one("#dossier-head", Static).update(head_text(session, candidate))
        banner = banner_text(session, candidate, member)
        banner_widget = self.query_one("#dossier-banner", Static)
        banner_widget.update(banner)
        banner_widget.display = bool(banner.plain)
        self._fill_epreuves(epreuve_options(session, member, candidate))
        # once the session is closed, Enter shows the marks: nothing is scored any more
        over = epreuves_over(session.info) is not None
        self.query_one("#dossier-epreuves", OptionList).border_title = (
            _("Épreuves — Entrée : consulter") if over else _("Épreuves — Entrée : noter")
        )
        updates = {
            "identity": _grid(identity_rows(session, candidate)),
            "eligibility": eligibility_text(session, candidate),
            "documents": documents_text(candidate),
            "conflicts": conflicts_text(session, candidate),
            "notes": notes_text(candidate),
            "decisions": decisions_text(session, candidate),
        }
        for name, text in updates.items():
            self.query_one(f"#dossier-{name}", Static).update(text)
        vae = self.query_one("#dossier-vae", Static)
        is_vae = session.info.kind.is_vae
        vae.display = is_vae
        if session.info.kind is SessionKind.VAE_RECEVABILITE:
            vae.update(recevabilite_text(session, candidate, school_today()))
        elif is_vae:
            vae.update(
                Group(_grid(vae_rows(candidate)), vae_findings_text(candidate, school_today()))
            )
        if self._history is not None:
            self._show_history(*self._history)
        self._load_history()
        self.refresh_bindings()

    def _fill_epreuves(self, options: list[Option]) -> None:
        """New prompts in place (the highlighted épreuve stays); the list is rebuilt only when
        the épreuves themselves changed, the highlight kept on the same épreuve."""
        widget = self.query_one("#dossier-epreuves", OptionList)
        old_ids = [widget.get_option_at_index(i).id for i in range(widget.option_count)]
        new_ids = [o.id for o in options]
        if old_ids == new_ids:
            for option in options:
                assert option.id is not None
                widget.replace_option_prompt(option.id, option.prompt)
            return
        current = widget.highlighted_option
        keep = current.id if current is not None else None
        widget.set_options(options)
        enabled = [i for i, o in enumerate(options) if not o.disabled]
        if keep in new_ids and not options[new_ids.index(keep)].disabled:
            widget.highlighted = new_ids.index(keep)
        else:
            widget.highlighted = enabled[0] if enabled else None

    @work(thread=True, exclusive=True, group="dossier-history")
    def _load_history(self) -> None:
        from juryapp.store.errors import StoreError

        root = self.app.store_path  # type: ignore[attr-defined]
        try:
            entries = journal_history(root, f"candidate:{self.candidate_id}")
            error = None
        except (StoreError, OSError) as exc:
            entries, error = [], str(exc)
        self.app.call_from_thread(self._show_history, entries, error)

    def _show_history(self, entries: list[Any], error: str | None) -> None:
        self._history = (entries, error)
        session = self.session
        if session is None or not self.is_attached:  # the screen was closed meanwhile
            return
        self.query_one("#dossier-history", Static).update(history_text(session, entries, error))

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "defence_clock":
            return bool(self.timed_epreuves())  # hidden where nothing is timed by phases
        if action == "blocs":
            session = self.session
            return session is not None and DecisionStage.VAE in kind_stages(session.info.kind)
        if action == "add_oral":
            session, member = self.session, self.member
            if session is None or member is None or member.role is Role.MEMBRE:
                return False  # members: not theirs at all, the key is hidden
            if not any(e.optional for e in session.epreuves):
                return False  # nothing to add in this session
            candidate = self.candidate
            if candidate is None or not optional_choices(session, candidate):
                return None  # all planned already: greyed
            return True if may_plan_epreuves(session, member) else None
        return True

    def unavailable_reason(self, action: str) -> str | None:
        """Why a greyed key does nothing (the app shows it when the key is pressed)."""
        session, candidate = self.session, self.candidate
        if action == "add_oral" and session is not None and candidate is not None:
            if not optional_choices(session, candidate):
                return _("Les épreuves optionnelles sont toutes déjà prévues pour ce candidat.")
            return why_no_planning(session, self.member)
        return None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_scroll_body(self, direction: int) -> None:
        body = self.query_one("#dossier-body", VerticalScroll)
        if direction < 0:
            body.scroll_page_up()
        else:
            body.scroll_page_down()

    @on(OptionList.OptionSelected, "#dossier-epreuves")
    def _epreuve_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and not event.option.disabled:
            self.open_epreuve(event.option.id)

    def action_open_epreuve(self) -> None:
        option = self.query_one("#dossier-epreuves", OptionList).highlighted_option
        if option is not None and option.id and not option.disabled:
            self.open_epreuve(option.id)

    def open_epreuve(self, epreuve_id: str) -> None:
        """Push the scoring panel of ``epreuve_id`` for this candidate."""
        session, member = self.session, self.member
        if session is not None and member is not None:
            conflict = session.hard_conflict(member.id, self.candidate_id)
            if conflict is not None:
                self.notify(
                    _("Conflit d'intérêts déclaré : vous ne notez pas ce candidat."),
                    title=_("Notation"),
                    severity="warning",
                )
                return
        try:
            from juryapp.ui.screens.scoring import ScoringScreen
        except Exception:  # noqa: BLE001 - screen being written: never crash the dossier
            self.notify(
                _("panneau de notation indisponible"), title=_("Notation"), severity="warning"
            )
            return
        self.app.push_screen(ScoringScreen(self.candidate_id, epreuve_id))

    def action_review(self) -> None:
        from juryapp.ui.screens.review import ReviewDialog, review_refusal

        session, member = self.session, self.member
        if session is None or self.candidate is None:
            return
        refusal = review_refusal(session, member)
        if refusal is not None:
            self.notify(refusal, title=_("Décision"), severity="warning", timeout=8)
            return
        self.app.push_screen(ReviewDialog(self.candidate_id))

    def timed_epreuves(self) -> list[Epreuve]:
        """The candidate's planned épreuves run by the phase clock (a VAE defence...)."""
        session, candidate = self.session, self.candidate
        if session is None or candidate is None:
            return []
        return [e for e in session.planned_epreuves(candidate) if e.phases]

    def action_defence_clock(self) -> None:
        from juryapp.ui.screens.defence import DefenceScreen

        if self.timed_epreuves():
            self.app.push_screen(DefenceScreen(self.candidate_id))

    def action_blocs(self) -> None:
        from juryapp.ui.screens.blocs import BlocsScreen

        self.app.push_screen(BlocsScreen(self.candidate_id))

    def action_add_oral(self) -> None:
        session, member, candidate = self.session, self.member, self.candidate
        if session is None or candidate is None:
            return
        if not may_plan_epreuves(session, member):  # pragma: no cover - the key is disabled
            self.notify(
                _(
                    "Ajouter une épreuve à un candidat revient au président du jury (ou au "
                    "secrétaire)."
                ),
                severity="warning",
            )
            return
        choices = optional_choices(session, candidate)
        if not choices:
            has_optional = any(e.optional for e in session.epreuves)
            self.notify(
                _(
                    "Toutes les épreuves optionnelles de la session sont déjà prévues pour ce "
                    "candidat."
                )
                if has_optional
                else _(
                    "La session n'a pas d'épreuve optionnelle (à définir dans l'écran Session)."
                ),
                title=_("Épreuve optionnelle"),
                severity="warning",
            )
            return

        def chosen(epreuve_id: str | None) -> None:
            self._add_epreuve(epreuve_id)

        self.app.push_screen(AddEpreuveDialog(candidate.full_name, choices), chosen)

    def _add_epreuve(self, epreuve_id: str | None) -> None:
        from juryapp.store.session_store import SessionStore

        session, candidate = self.session, self.candidate
        if epreuve_id is None or session is None or candidate is None:
            return
        updated = with_epreuve(session, candidate, epreuve_id)
        self.app.write(  # type: ignore[attr-defined]
            _("Épreuve ajoutée"),
            SessionStore.plan_epreuves,
            candidate.id,
            updated.planned_epreuves,
        )
