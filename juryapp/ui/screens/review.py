"""The jury's decision on one dossier: classification at dossier review, decision after the
tests, VAE decision (total / partial with the blocs granted / none), contrat-pro.

Only the president records a decision; the secretary may transcribe it (« saisie pour le
président »: ``decided_by`` is the president, ``recorded_by`` the secretary).  The decision
is checked with :func:`juryapp.domain.decisions.validate_decision` *before* it is written,
and the problems are shown in the dialog, which stays open until the store has saved it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    RadioSet,
    Static,
    TextArea,
)

from juryapp.domain.decisions import DecisionError, validate_decision
from juryapp.domain.eligibility import ELIGIBILITY_LABELS, Eligibility, EligibilityStatus
from juryapp.domain.kinds import (
    STAGE_LABELS,
    decision_label,
    decision_values,
    only_the_president,
    the_secretary,
)
from juryapp.domain.kinds import stages as kind_stages
from juryapp.domain.models import (
    Candidate,
    Decision,
    DecisionStage,
    DecisionValue,
    JuryMember,
    Role,
    Session,
    Sex,
)
from juryapp.domain.permissions import decisions_closed
from juryapp.domain.queue import in_tests
from juryapp.i18n import N_, _, sentence
from juryapp.ui.screens.dossier import eligibility_of, format_when
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import JuryFooter
from juryapp.ui.widgets.choice import BlocList, Choice

#: values that end a candidacy: recorded whatever the eligibility, no override needed
NEGATIVE = frozenset({DecisionValue.REJET, DecisionValue.NON_ADMISSIBLE})


def review_refusal(session: Session, member: JuryMember | None) -> str | None:
    """Why ``member`` may not open the decision dialog, or None when they may."""
    if member is None:
        return _("Connectez-vous pour enregistrer une décision.")
    closed = decisions_closed(session.info)  # the store's own rule, its words
    if closed is not None:
        return sentence(closed)
    if member.role is Role.MEMBRE:
        president = session.president
        return _(
            "{name}, membre du jury : {only_the_president} enregistre les décisions "
            "({secretary} peut les saisir)."
        ).format(
            name=member.full_name,
            only_the_president=only_the_president(president),
            secretary=the_secretary(session.secretary),
        )
    if member.role is Role.SECRETAIRE and session.president is None:
        return _("Le jury n'a pas de président : aucune décision ne peut être saisie pour lui.")
    return None


def offered_stages(session: Session, candidate: Candidate) -> list[DecisionStage]:
    """The stages the dialog offers: the kind's stages, the after-tests one only when the
    candidate sits the tests (classified standard / pré-admissible)."""
    out = kind_stages(session.info.kind)
    if DecisionStage.AFTER_TESTS in out and not in_tests(session, candidate.id):
        out = [s for s in out if s is not DecisionStage.AFTER_TESTS]
    return out


def is_flagged(session: Session, eligibility: Eligibility) -> bool:
    """Whether classifying the dossier (anything but a rejection) needs an override reason:
    ineligible or incomplete dossiers, and in admission sessions those whose eligibility the
    jury has to assess."""
    if eligibility.status in (EligibilityStatus.INELIGIBLE, EligibilityStatus.NOT_EXAMINED):
        return True
    return eligibility.status is EligibilityStatus.JURY_DECIDES and session.info.kind.is_admission


def _id(value: str) -> str:
    return value.replace(".", "-")


class ReviewDialog(ModalScreen[Decision | None]):
    """Record the jury's decision on one candidate."""

    CSS_PATH = stylesheet("dossier")

    TITLE_FR = N_("Décision du jury")
    HELP = N_(
        "Choisissez l'étape (examen du dossier, après les épreuves…) puis la décision "
        "(flèches et Espace, ou clic), un motif, puis Ctrl+S ou « Enregistrer ». La décision "
        "est vérifiée avant d'être enregistrée : les problèmes s'affichent dans la fenêtre, "
        "rien n'est écrit tant qu'ils ne sont pas corrigés.\n\n"
        "Un dossier non recevable, incomplet ou dont la recevabilité est à apprécier est "
        "signalé : pour le classer quand même (sauf rejet), indiquez le motif de dérogation. "
        "Validation partielle de VAE : cochez les blocs de compétences accordés (Espace). "
        "Une nouvelle décision remplace la précédente de la même étape ; l'ancienne reste "
        "dans l'historique.\n\n"
        "Seul le président enregistre une décision ; le secrétaire peut la saisir pour lui "
        "(« saisie pour le président », enregistrée comme telle)."
    )
    BINDINGS = [
        Binding("escape", "cancel", N_("Annuler"), id="review.cancel"),
        Binding("ctrl+s", "save", N_("Enregistrer"), id="review.save", priority=True),
    ]

    def __init__(self, candidate_id: str) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self.saving = False
        self.stages: list[DecisionStage] = []
        self.eligibility = Eligibility(EligibilityStatus.ELIGIBLE)
        self.flagged = False

    # ------------------------------------------------------------------ data

    @property
    def session(self) -> Session:
        session = getattr(self.app, "session", None)
        assert session is not None
        return session

    @property
    def member(self) -> JuryMember | None:
        return getattr(self.app, "member", None)

    @property
    def candidate(self) -> Candidate:
        cand = self.session.candidate(self.candidate_id)
        assert cand is not None
        return cand

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        session, member = self.session, self.member
        cand = self.candidate
        kind = session.info.kind
        self.stages = offered_stages(session, cand)
        self.eligibility = eligibility_of(session, cand)
        self.flagged = is_flagged(session, self.eligibility)
        default = self._default_stage()
        with Vertical(id="review-box") as box:
            box.border_title = _("Décision du jury")
            with VerticalScroll(id="review-form"):
                yield Static(self._who_text(), id="review-who")
                if member is not None and member.role is Role.SECRETAIRE:
                    president = session.president
                    name = president.full_name if president else "?"
                    behalf = (
                        _(
                            "✎ Saisie pour la présidente : {name} — vous transcrivez sa "
                            "décision (enregistrée comme telle)."
                        )
                        if president is not None and president.sex is Sex.F
                        else _(
                            "✎ Saisie pour le président : {name} — vous transcrivez sa "
                            "décision (enregistrée comme telle)."
                        )
                    )
                    yield Static(Text(behalf.format(name=name), style="bold"), id="review-behalf")
                yield Static(self._flag_text(), id="review-flag")
                yield Label(_("Étape"), id="review-stage-label", classes="review-label")
                yield RadioSet(
                    *[
                        Choice(_(STAGE_LABELS[s]), value=s is default, id=f"stage-{_id(s.value)}")
                        for s in self.stages
                    ],
                    id="review-stage",
                    compact=True,
                )
                yield Label(_("Décision"), classes="review-label")
                for stage in self.stages:
                    latest = session.latest_decision(cand.id, stage)
                    yield RadioSet(
                        *[
                            Choice(
                                Content(decision_label(kind, v)),
                                value=latest is not None and latest.value is v,
                                id=f"value-{_id(stage.value)}-{_id(v.value)}",
                            )
                            for v in decision_values(kind, stage)
                        ],
                        id=f"review-value-{_id(stage.value)}",
                        classes="review-values",
                        compact=True,
                    )
                yield Label(
                    _("Blocs de compétences accordés (Espace ou Entrée pour cocher)"),
                    id="review-blocs-label",
                    classes="review-label",
                )
                yield BlocList([(b.id, b.label) for b in session.info.blocs], id="review-blocs")
                yield Label(_("Motif de la décision"), classes="review-label")
                yield Input(
                    placeholder=_("obligatoire si la décision est défavorable"),
                    id="review-reason",
                    compact=True,
                )
                yield Label(
                    _("Motif de dérogation (exigé pour classer ce dossier, sauf rejet)"),
                    id="review-override-label",
                    classes="review-label",
                )
                yield Input(
                    placeholder=_("pourquoi le jury examine ce dossier malgré tout"),
                    id="review-override",
                    compact=True,
                )
                yield Label(
                    _("Observations du jury"), id="review-obs-label", classes="review-label"
                )
                yield TextArea(id="review-observations", compact=True)
                yield Label(
                    _("Recommandations (ce qu'il reste à faire)"),
                    id="review-rec-label",
                    classes="review-label",
                )
                yield TextArea(id="review-recommendations", compact=True)
                yield Static("", id="review-error")
            with Horizontal(id="review-buttons"):
                yield Button(
                    _("Enregistrer (Ctrl+S)"), id="review-save", variant="primary", compact=True
                )
                yield Button(_("Annuler (Échap)"), id="review-cancel", compact=True)
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def _default_stage(self) -> DecisionStage | None:
        if not self.stages:
            return None
        if DecisionStage.AFTER_TESTS in self.stages:
            return DecisionStage.AFTER_TESTS
        return self.stages[0]

    def _who_text(self) -> Text:
        session, cand = self.session, self.candidate
        kind = session.info.kind
        text = Text()
        text.append(cand.full_name, style="bold")
        text.append(f"  {cand.id}", style="dim")
        for stage in self.stages:
            d = session.latest_decision(cand.id, stage)
            text.append("\n" + _("{stage} : ").format(stage=_(STAGE_LABELS[stage])))
            if d is None:
                text.append(_("pas encore de décision"), style="dim")
            else:
                text.append(decision_label(kind, d.value), style="bold")
                text.append(" " + _("(le {when})").format(when=format_when(d.at)), style="dim")
        return text

    def _flag_text(self) -> Text:
        elig = self.eligibility
        text = Text()
        if not self.flagged:
            return text
        symbol = "?" if elig.status is EligibilityStatus.JURY_DECIDES else "✗"
        text.append(f"{symbol} {_(ELIGIBILITY_LABELS[elig.status])}", style="bold")
        for reason in elig.reasons:
            text.append(f"\n  • {reason}")
        text.append(
            "\n"
            + _("Pour classer ce dossier (sauf rejet), le jury indique un motif de dérogation."),
            style="italic",
        )
        return text

    #: rows of the dialog outside its scrolling form: borders, the buttons and their margin
    CHROME_ROWS = 4

    def _fit(self, height: int) -> None:
        """The form scrolls inside the dialog; the buttons always stay visible."""
        self.query_one("#review-form").styles.max_height = max(4, height - self.CHROME_ROWS)

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size.height)

    def on_mount(self) -> None:
        self._fit(self.app.size.height)
        refusal = review_refusal(self.session, self.member)
        if refusal is not None:
            self.notify(refusal, title=_("Décision"), severity="warning", timeout=8)
            self.dismiss(None)
            return
        self._show_problems(())
        stage = self.current_stage
        self._prefill(stage)
        self._sync()
        if stage is not None:
            self.query_one(f"#review-value-{_id(stage.value)}", RadioSet).focus()

    # ------------------------------------------------------------------ state

    @property
    def current_stage(self) -> DecisionStage | None:
        pressed = self.query_one("#review-stage", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self._default_stage()
        wanted = pressed.id.removeprefix("stage-")
        return next((s for s in self.stages if _id(s.value) == wanted), None)

    @property
    def current_value(self) -> DecisionValue | None:
        stage = self.current_stage
        if stage is None:
            return None
        radio = self.query_one(f"#review-value-{_id(stage.value)}", RadioSet)
        pressed = radio.pressed_button
        if pressed is None or pressed.id is None:
            return None
        wanted = pressed.id.removeprefix(f"value-{_id(stage.value)}-")
        return next(
            (v for v in decision_values(self.session.info.kind, stage) if _id(v.value) == wanted),
            None,
        )

    def _sync(self) -> None:
        """Show what the chosen stage and value need, hide the rest."""
        stage, value = self.current_stage, self.current_value
        self.query_one("#review-stage").display = len(self.stages) > 1
        self.query_one("#review-stage-label").display = len(self.stages) > 1
        for s in self.stages:
            self.query_one(f"#review-value-{_id(s.value)}").display = s is stage
        review = stage is DecisionStage.DOSSIER_REVIEW
        flag = review and self.flagged
        self.query_one("#review-flag").display = flag
        self.query_one("#review-override-label").display = flag
        self.query_one("#review-override").display = flag
        blocs = stage is DecisionStage.VAE and value is DecisionValue.PARTIELLE
        has_blocs = bool(self.session.info.blocs)
        self.query_one("#review-blocs-label").display = blocs and has_blocs
        self.query_one("#review-blocs").display = blocs and has_blocs
        vae = stage is DecisionStage.VAE
        for wid in ("#review-obs-label", "#review-observations"):
            self.query_one(wid).display = vae
        for wid in ("#review-rec-label", "#review-recommendations"):
            self.query_one(wid).display = vae

    def _field_widgets(self) -> dict[str, Input | TextArea]:
        return {
            "reason": self.query_one("#review-reason", Input),
            "override_reason": self.query_one("#review-override", Input),
            "observations": self.query_one("#review-observations", TextArea),
            "recommendations": self.query_one("#review-recommendations", TextArea),
        }

    @staticmethod
    def _get(widget: Input | TextArea) -> str:
        return widget.value if isinstance(widget, Input) else widget.text

    @staticmethod
    def _set(widget: Input | TextArea, value: str) -> None:
        if isinstance(widget, Input):
            widget.value = value
        else:
            widget.text = value

    def _in_force(self) -> Decision | None:
        stage = self.current_stage
        if stage is None:
            return None
        return self.session.latest_decision(self.candidate_id, stage)

    def _prefill(self, stage: DecisionStage | None) -> None:
        """The text fields and blocs of the decision in force at ``stage`` (to correct it),
        empty when there is none."""
        latest = (
            self.session.latest_decision(self.candidate_id, stage) if stage is not None else None
        )
        for name, widget in self._field_widgets().items():
            self._set(widget, getattr(latest, name) if latest else "")
        blocs = self.query_one("#review-blocs", BlocList)
        blocs.set_granted(set(latest.blocs_granted) if latest else set())

    def _follow_value(self) -> None:
        """Choosing another value than the decision in force clears the texts still as that
        decision had them (a rejection's reason must not slip onto a classification);
        coming back to it brings them back where the fields are empty."""
        latest = self._in_force()
        if latest is None:
            return
        same = self.current_value is latest.value
        for name, widget in self._field_widgets().items():
            old = getattr(latest, name)
            current = self._get(widget)
            if not same and current == old:
                self._set(widget, "")
            elif same and not current:
                self._set(widget, old)

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        self._show_problems(())
        if event.radio_set.id == "review-stage":
            self._prefill(self.current_stage)
        else:
            self._follow_value()
        self._sync()

    @on(Button.Pressed, "#review-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#review-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    # ------------------------------------------------------------------ saving

    def build_decision(self) -> tuple[Decision | None, list[str]]:
        """The decision the form describes, and the problems the form itself sees (no
        value chosen, the jury's assessment of a dossier's eligibility not motivated)."""
        session, member = self.session, self.member
        stage, value = self.current_stage, self.current_value
        problems: list[str] = []
        if stage is None:
            return None, [_("aucune étape de décision pour ce type de session")]
        if value is None:
            return None, [_("choisissez une décision")]
        president = session.president
        if president is None or member is None:
            return None, [_("le jury n'a pas de président")]
        override = self.query_one("#review-override", Input).value.strip()
        needs_override = (
            stage is DecisionStage.DOSSIER_REVIEW and self.flagged and value not in NEGATIVE
        )
        if not needs_override:
            override = ""
        elif not override and self.eligibility.status is EligibilityStatus.JURY_DECIDES:
            # the domain only insists for ineligible / incomplete dossiers: the jury's
            # assessment of a dossier outside the rules is motivated too
            problems.append(
                _(
                    "la recevabilité du dossier de {name} est à apprécier par le jury : la "
                    "décision « {decision} » exige un motif de dérogation"
                ).format(
                    name=self.candidate.full_name,
                    decision=decision_label(session.info.kind, value),
                )
            )
        vae = stage is DecisionStage.VAE
        blocs: list[str] = []
        if vae and value is DecisionValue.PARTIELLE:
            blocs = self.query_one("#review-blocs", BlocList).selected
        decision = Decision(
            candidate_id=self.candidate_id,
            stage=stage,
            value=value,
            blocs_granted=blocs,
            observations=self.query_one("#review-observations", TextArea).text.strip()
            if vae
            else "",
            recommendations=self.query_one("#review-recommendations", TextArea).text.strip()
            if vae
            else "",
            reason=self.query_one("#review-reason", Input).value.strip(),
            decided_by=president.id,
            recorded_by=member.id if member.id != president.id else None,
            at=dt.datetime.now(dt.UTC),
            override_reason=override,
        )
        return decision, problems

    def action_save(self) -> None:
        if self.saving:
            return
        decision, problems = self.build_decision()
        if decision is not None:
            try:
                validate_decision(self.session, decision)
            except DecisionError as exc:
                problems.extend(exc.problems)
        if problems or decision is None:
            self._show_problems(problems)
            return
        self._show_problems(())
        self.saving = True
        self.query_one("#review-save", Button).disabled = True
        self.query_one("#review-error", Static).update(Text(_("Enregistrement…"), style="italic"))
        self.app.write(  # type: ignore[attr-defined]
            _("Décision enregistrée"),
            self._record,
            decision,
            on_done=lambda _result: self.dismiss(decision),
        )

    def _record(self, store: Any, decision: Decision, *, actor: str) -> None:
        """In the write worker: the store's ``record_decision``; a refusal is also shown in
        the dialog (which stays open) besides the app's toast."""
        from juryapp.store.session_store import SessionStore

        try:
            SessionStore.record_decision(store, decision, actor=actor)
        except Exception as exc:
            self.app.call_from_thread(self._write_failed, str(exc))
            raise

    def _write_failed(self, message: str) -> None:
        self.saving = False
        self.query_one("#review-save", Button).disabled = False
        self._show_problems([message])

    def _show_problems(self, problems: Any) -> None:
        problems = list(problems)
        widget = self.query_one("#review-error", Static)
        if not problems:
            widget.update("")
            widget.display = False
            return
        text = Text(_("Décision refusée :"), style="bold")
        for p in problems:
            text.append("\n✗ ")
            text.append(p)
        widget.update(text)
        widget.display = True
        widget.scroll_visible()

    def action_cancel(self) -> None:
        if not self.saving:
            self.dismiss(None)
