"""The blocs de compétences of a VAE candidate: each member's private assessment, the
president's tally and the jury's decision (validation totale, partielle with the blocs
granted, or refus).

* A sitting member records their own view of each bloc (acquis / partiellement / non acquis,
  with a comment); the latest counts.  The others' views stay hidden until one has assessed
  every bloc (:func:`assessments_visible_to`), and are shown to all once the decision is
  recorded.
* The president sees the tally (:func:`bloc_tally`) and records the decision; the secretary
  may transcribe it for the president.  The decision is checked before it is written
  (:func:`validate_vae_decision`: a partial validation names its blocs, a bloc judged *non
  acquis* by a member is not granted without a motivation...) and the store checks again:
  a refusal is shown in the panel, nothing is written.
* The date by which the candidate must be notified (15 days after the jury) and, after a
  partial or negative decision, the post-jury interview to plan, are shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, RadioSet, Static

from juryapp.domain.decisions import (
    NOTIFICATION_DAYS,
    DecisionError,
    jury_day,
    needs_post_jury_interview,
    notification_deadline,
)
from juryapp.domain.defence import (
    assessments_visible_to,
    bloc_tally,
    check_decision_against_assessments,
    defence_record,
    latest_assessments,
    sitting_for,
    validate_vae_decision,
)
from juryapp.domain.kinds import decision_label, decision_values
from juryapp.domain.kinds import stages as kind_stages
from juryapp.domain.models import (
    BlocAssessment,
    BlocLevel,
    Decision,
    DecisionStage,
    DecisionValue,
    JuryMember,
    Role,
    Session,
    Sex,
)
from juryapp.domain.permissions import decisions_closed, epreuves_over
from juryapp.i18n import N_, _, format_date, ngettext, school_time, sentence
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import JuryFooter, JuryHeader
from juryapp.ui.widgets.choice import BlocList, Choice

Clock = Callable[[], dt.datetime]

#: a member's view of a bloc, in words (French msgids: translate where shown) and symbols
LEVEL_LABELS: dict[BlocLevel, str] = {
    BlocLevel.ACQUIRED: N_("acquis"),
    BlocLevel.PARTLY: N_("partiellement"),
    BlocLevel.NOT_ACQUIRED: N_("non acquis"),
}
LEVEL_SYMBOLS: dict[BlocLevel, str] = {
    BlocLevel.ACQUIRED: "✓",
    BlocLevel.PARTLY: "◐",
    BlocLevel.NOT_ACQUIRED: "✗",
}
LEVEL_STYLES: dict[BlocLevel, str] = {
    BlocLevel.ACQUIRED: "bold green",
    BlocLevel.PARTLY: "bold yellow",
    BlocLevel.NOT_ACQUIRED: "bold red",
}


def level_text(level: BlocLevel) -> Text:
    return Text(f"{LEVEL_SYMBOLS[level]} {_(LEVEL_LABELS[level])}", style=LEVEL_STYLES[level])


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _short(session: Session, member_id: str) -> str:
    member = session.member(member_id)
    return member.last_name if member is not None else member_id


def jury_date(session: Session, candidate_id: str, today: dt.date) -> dt.date:
    """The day the jury sat for the candidate: the defence's; else the session's day of the
    decision, or of ``today`` (:func:`~juryapp.domain.decisions.jury_day`)."""
    record = defence_record(session, candidate_id)
    if record is not None and record.started_at is not None:
        return school_time(record.started_at).date()
    decision = session.latest_decision(candidate_id, DecisionStage.VAE)
    day = school_time(decision.at).date() if decision is not None else today
    return jury_day(session.info.dates, day)


def deadline_text(decision: Decision | None, day: dt.date) -> Text:
    """The notification deadline and, for a partial or negative decision, the post-jury
    interview to plan."""
    text = Text()
    text.append("◷ ", style="bold")
    text.append(
        _(
            "Notifier la décision au candidat au plus tard le {deadline} ({n} jours après le jury du {day})."
        ).format(
            deadline=format_date(notification_deadline(day), "long"),
            n=NOTIFICATION_DAYS,
            day=format_date(day, "long"),
        )
    )
    if decision is not None and needs_post_jury_interview(decision):
        text.append("\n☐ ", style="bold yellow")
        text.append(
            _(
                "Entretien post-jury à planifier avec le candidat : ce qu'il lui reste à "
                "acquérir et comment (voir les recommandations)."
            ),
            style="bold",
        )
    return text


def tally_table(session: Session, candidate_id: str) -> RenderableType:
    """For the president: who judged each bloc acquired, partly, not acquired, or has not
    said; the comments after."""
    tallies = bloc_tally(session, candidate_id)
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold", expand=True)
    table.add_column(_("Bloc"), no_wrap=True)
    table.add_column("✓", justify="right", no_wrap=True)
    table.add_column("◐", justify="right", no_wrap=True)
    table.add_column("✗", justify="right", no_wrap=True)
    table.add_column("…", justify="right", no_wrap=True)
    table.add_column(_("Avis réservés / non saisis"), ratio=1, overflow="fold")
    for t in tallies:
        detail = Text()
        for level, who in (
            (BlocLevel.NOT_ACQUIRED, t.not_acquired),
            (BlocLevel.PARTLY, t.partly),
        ):
            for m in who:
                detail.append(f"{LEVEL_SYMBOLS[level]} {_short(session, m)}  ", LEVEL_STYLES[level])
        if t.missing:
            detail.append("… " + ", ".join(_short(session, m) for m in t.missing), style="dim")
        bloc = Text(t.bloc_id, style="bold")
        if t.unanimous_acquired and not t.missing:
            bloc.append(" ✓", style="bold green")
        table.add_row(
            bloc,
            str(len(t.acquired)),
            str(len(t.partly)),
            str(len(t.not_acquired)),
            str(len(t.missing)),
            detail,
        )
    head = Text()
    head.append(_("Appréciations du jury") + "\n", style="bold underline")
    head.append(_("✓ acquis · ◐ partiellement · ✗ non acquis · … non saisi") + "\n", style="dim")
    comments = Text()
    for (member_id, bloc_id), a in sorted(latest_assessments(session, candidate_id).items()):
        if a.comment:
            comments.append(f"{bloc_id} · {_short(session, member_id)} ")
            comments.append_text(Text(LEVEL_SYMBOLS[a.level], style=LEVEL_STYLES[a.level]))
            comments.append(f" : {a.comment}\n")
    return Group(head, table, comments)


def others_text(session: Session, candidate_id: str, member_id: str) -> RenderableType:
    """For a member: the others' views once one has assessed every bloc."""
    visible = [
        a
        for a in assessments_visible_to(session, candidate_id, member_id)
        if a.member_id != member_id
    ]
    head = Text()
    head.append(_("Appréciations des autres membres") + "\n", style="bold underline")
    own = {
        a.bloc_id
        for a in assessments_visible_to(session, candidate_id, member_id)
        if a.member_id == member_id
    }
    total = len(session.info.blocs)
    if len(own) < total:
        head.append(
            _(
                "⊖ Masquées jusqu'à ce que vous ayez apprécié chaque bloc ({done}/{total}), "
                "comme les notes."
            ).format(done=len(own), total=total),
            style="italic",
        )
        return head
    if not visible:
        head.append(_("aucune pour l'instant"), style="dim")
        return head
    table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold", expand=True)
    table.add_column(_("Bloc"), no_wrap=True)
    table.add_column(_("Membre"), no_wrap=True)
    table.add_column(_("Avis"), no_wrap=True)
    table.add_column(_("Commentaire"), ratio=1, overflow="fold")
    for a in sorted(visible, key=lambda a: (a.bloc_id, _short(session, a.member_id))):
        table.add_row(a.bloc_id, _short(session, a.member_id), level_text(a.level), a.comment)
    return Group(head, table)


def decision_in_force_text(session: Session, candidate_id: str) -> Text:
    decision = session.latest_decision(candidate_id, DecisionStage.VAE)
    text = Text()
    if decision is None:
        text.append(_("Pas encore de décision."), style="dim")
        return text
    text.append("● " + _("Décision en vigueur : "), style="bold")
    text.append(decision_label(session.info.kind, decision.value), style="bold")
    who = session.member(decision.decided_by)
    text.append(
        " — "
        + _("le {day} par {name}").format(
            day=format_date(decision.at, "short"),
            name=who.full_name if who else decision.decided_by,
        ),
        style="dim",
    )
    labels = {b.id: b.label for b in session.info.blocs}
    granted = (
        [b.id for b in session.info.blocs]
        if decision.value is DecisionValue.TOTALE
        else list(decision.blocs_granted)
    )
    for bloc in session.info.blocs:
        if bloc.id in granted:
            text.append("\n  ☑ " + _("accordé") + f"  {bloc.id} — {labels[bloc.id]}")
        else:
            text.append("\n  ☐ " + _("non accordé") + f"  {bloc.id} — {labels[bloc.id]}", "dim")
    for label, value in (
        (N_("observations"), decision.observations),
        (N_("recommandations"), decision.recommendations),
        (N_("motif"), decision.reason),
        (N_("motivation"), decision.override_reason),
    ):
        if value:
            text.append("\n  " + _("{label} : ").format(label=_(label)), style="italic")
            text.append(value)
    return text


def decision_refusal(session: Session, member: JuryMember | None) -> str | None:
    """Why ``member`` may not record the decision, or None."""
    if member is None:
        return _("Connectez-vous pour enregistrer la décision.")
    closed = decisions_closed(session.info)  # the store's own rule, its words
    if closed is not None:
        return sentence(closed)
    if member.role is Role.MEMBRE:
        return _(
            "Seul le président du jury enregistre la décision (le secrétaire peut la saisir pour lui)."
        )
    if member.role is Role.SECRETAIRE and session.president is None:
        return _("Le jury n'a pas de président : aucune décision ne peut être saisie pour lui.")
    return None


def assessment_refusal(
    session: Session, member: JuryMember | None, candidate_id: str
) -> str | None:
    """Why ``member`` does not assess the blocs, or None."""
    if member is None:
        return _("Connectez-vous pour apprécier les blocs.")
    over = epreuves_over(session.info)
    if over is not None:  # closed or signed
        return sentence(over)
    if member in sitting_for(session, candidate_id):
        return None
    if member.role is Role.SECRETAIRE:
        return _("Le secrétaire ne vote pas : pas d'appréciation des blocs.")
    if not member.is_present:
        if member.sex is Sex.F:
            return _("Vous n'êtes pas notée présente : pas d'appréciation des blocs.")
        return _("Vous n'êtes pas noté présent : pas d'appréciation des blocs.")
    return _("Vous avez un conflit d'intérêts avec ce candidat : vous ne siégez pas pour lui.")


def record_assessments(store: Any, assessments: Sequence[BlocAssessment], *, actor: str) -> int:
    """In the write worker: one member's assessments, bloc by bloc."""
    for a in assessments:
        store.record_bloc_assessment(a, actor=actor)
    return len(assessments)


# --------------------------------------------------------------------------- widgets


class GrantedBlocs(BlocList):
    """The blocs granted by a partial validation; says when the ticks change."""

    class Changed(Message):
        pass

    def toggle(self, bloc_id: str) -> None:
        super().toggle(bloc_id)
        self.post_message(self.Changed())


class BlocRow(Vertical):
    """One bloc: its label, the member's level and comment."""

    def __init__(self, index: int, bloc_id: str, label: str) -> None:
        super().__init__(classes="bl-bloc", id=f"bl-bloc-{index}")
        self.index = index
        self.bloc_id = bloc_id
        self.label = label

    def compose(self) -> ComposeResult:
        yield Static(
            Text.assemble((f"{self.bloc_id} ", "bold"), self.label), classes="bl-bloc-label"
        )
        with Horizontal(classes="bl-bloc-inputs"):
            yield RadioSet(
                *[
                    Choice(
                        f"{LEVEL_SYMBOLS[lv]} {_(LEVEL_LABELS[lv])}",
                        id=f"bl-level-{self.index}-{lv.value}",
                    )
                    for lv in BlocLevel
                ],
                id=f"bl-level-{self.index}",
                classes="bl-level",
                compact=True,
            )
            yield Input(
                placeholder=_("commentaire"),
                id=f"bl-comment-{self.index}",
                classes="bl-comment",
                compact=True,
                max_length=500,
            )

    @property
    def level(self) -> BlocLevel | None:
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        return BlocLevel(pressed.id.rsplit("-", 1)[-1])

    def set_level(self, level: BlocLevel | None) -> None:
        for lv in BlocLevel:
            self.query_one(f"#bl-level-{self.index}-{lv.value}", Choice).value = lv is level

    @property
    def comment(self) -> str:
        return self.query_one(Input).value.strip()


# --------------------------------------------------------------------------- the screen


class BlocsScreen(Screen[None]):
    """The blocs de compétences of ``candidate_id``: my assessment, the tally, the decision.

    ``clock``: returns the current time, timezone-aware (injected by the tests).
    """

    CSS_PATH = stylesheet("defence")

    TITLE_FR = N_("Blocs de compétences et décision")
    HELP = N_(
        "Votre appréciation de chaque bloc de compétences : acquis, partiellement ou non "
        "acquis (flèches et Espace), avec un commentaire ; Ctrl+S l'enregistre (la dernière "
        "compte). Elle reste privée : les avis des autres membres s'affichent une fois tous "
        "vos blocs appréciés, et pour tous une fois la décision prise.\n\n"
        "Le président voit le décompte des avis et enregistre la décision du jury (F8) : "
        "validation totale, partielle (cochez exactement les blocs accordés, Espace), ou "
        "refus, avec les observations et les recommandations pour ce qui reste à acquérir. "
        "La décision est vérifiée avant d'être écrite : une validation partielle sans bloc, "
        "ou un bloc accordé alors qu'un membre l'a jugé non acquis (sans motivation), est "
        "refusée avec son motif. Le secrétaire peut saisir la décision pour le président.\n\n"
        "Sont rappelés : la date limite de notification au candidat (15 jours après le "
        "jury) et, après une validation partielle ou un refus, l'entretien post-jury à "
        "planifier."
    )
    BINDINGS = [
        Binding(
            "ctrl+s",
            "save_assessments",
            N_("Enregistrer mes avis"),
            id="blocs.save_assessments",
            priority=True,
        ),
        Binding("f8", "save_decision", N_("Enregistrer la décision"), id="blocs.save_decision"),
        Binding("escape", "back", N_("Retour"), id="blocs.back"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, candidate_id: str, *, clock: Clock | None = None) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self._clock: Clock = clock or _utc_now
        self.refusal: str | None = None
        self.may_assess = False
        self.may_decide = False
        self.saving_decision = False
        self._problems: list[str] = []

    # ------------------------------------------------------------------ helpers

    @property
    def session(self) -> Session | None:
        return getattr(self.app, "session", None)

    @property
    def member(self) -> JuryMember | None:
        return getattr(self.app, "member", None)

    def _rows(self) -> list[BlocRow]:
        return list(self.query(BlocRow))

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        session, member = self.session, self.member
        if session is None:
            self.refusal = _("La session n'est pas encore lue.")
        elif session.candidate(self.candidate_id) is None:
            self.refusal = _("Candidat inconnu dans cette session : « {candidate} ».").format(
                candidate=self.candidate_id
            )
        elif DecisionStage.VAE not in kind_stages(session.info.kind) or not session.info.blocs:
            self.refusal = _(
                "Cette session n'a pas de blocs de compétences (jury de validation VAE ou CQPM)."
            )
        if self.refusal is not None:
            yield Static(Text(self.refusal), id="bl-refusal")
            yield JuryFooter()
            return
        assert session is not None
        why_not_assess = assessment_refusal(session, member, self.candidate_id)
        why_not_decide = decision_refusal(session, member)
        self.may_assess = why_not_assess is None
        self.may_decide = why_not_decide is None
        yield Static(id="bl-head")
        with VerticalScroll(id="bl-body"):
            with Vertical(id="bl-mine", classes="bl-section"):
                yield Static(
                    Text(_("Vos avis sur chaque bloc (privés)"), style="bold underline"),
                    classes="bl-title",
                )
                if self.may_assess:
                    for i, bloc in enumerate(session.info.blocs):
                        yield BlocRow(i, bloc.id, bloc.label)
                    yield Static("", id="bl-mine-status")
                    yield Button(
                        _("Enregistrer mes avis (Ctrl+S)"), id="bl-save-mine", compact=True
                    )
                else:
                    yield Static(Text(why_not_assess or "", style="italic"), id="bl-mine-why")
            yield Static(id="bl-others", classes="bl-section")
            with Vertical(id="bl-decision", classes="bl-section"):
                yield Static(
                    Text(_("Décision du jury de validation"), style="bold underline"),
                    classes="bl-title",
                )
                yield Static(id="bl-in-force")
                if self.may_decide:
                    if member is not None and member.role is Role.SECRETAIRE:
                        president = session.president
                        yield Static(
                            Text(
                                _(
                                    "✎ Saisie pour le président : {name} (enregistrée comme telle)."
                                ).format(name=president.full_name if president else "?"),
                                style="bold",
                            ),
                            id="bl-behalf",
                        )
                    kind = session.info.kind
                    yield RadioSet(
                        *[
                            Choice(decision_label(kind, v), id=f"bl-value-{v.value}")
                            for v in decision_values(kind, DecisionStage.VAE)
                        ],
                        id="bl-value",
                        compact=True,
                    )
                    yield Label(
                        _("Blocs accordés (Espace ou Entrée pour cocher)"),
                        id="bl-granted-label",
                        classes="bl-label",
                    )
                    yield GrantedBlocs(
                        [(b.id, b.label) for b in session.info.blocs], id="bl-granted"
                    )
                    # a refusal is motivated (the domain's rule: the minutes carry the reason)
                    yield Label(_("Motif de la décision"), classes="bl-label")
                    yield Input(
                        placeholder=_("obligatoire si la décision est défavorable"),
                        id="bl-reason",
                        compact=True,
                        max_length=1000,
                    )
                    yield Label(_("Observations du jury"), classes="bl-label")
                    yield Input(id="bl-observations", compact=True, max_length=2000)
                    yield Label(
                        _("Recommandations (ce qu'il reste à acquérir)"), classes="bl-label"
                    )
                    yield Input(id="bl-recommendations", compact=True, max_length=2000)
                    yield Label(
                        _("Motivation (pour accorder un bloc qu'un membre a jugé non acquis)"),
                        classes="bl-label",
                    )
                    yield Input(
                        placeholder=_("facultative"),
                        id="bl-override",
                        compact=True,
                        max_length=1000,
                    )
                    yield Static("", id="bl-findings")
                    yield Button(
                        _("Enregistrer la décision (F8)"),
                        id="bl-save-decision",
                        variant="primary",
                        compact=True,
                    )
                else:
                    yield Static(Text(why_not_decide or "", style="italic"), id="bl-decide-why")
                    yield Static("", id="bl-findings")
        yield JuryFooter()

    def on_mount(self) -> None:
        if self.refusal is not None:
            return
        self._prefill_mine()
        self._prefill_decision()
        self.watch(self.app, "session_version", self._session_changed, init=False)
        self._session_changed()
        if self.may_assess:
            self.query_one("#bl-level-0", RadioSet).focus()
        elif self.may_decide:
            self.query_one("#bl-value", RadioSet).focus()

    def _prefill_mine(self) -> None:
        session, member = self.session, self.member
        if not self.may_assess or session is None or member is None:
            return
        latest = latest_assessments(session, self.candidate_id)
        for row in self._rows():
            a = latest.get((member.id, row.bloc_id))
            row.set_level(a.level if a else None)
            row.query_one(Input).value = a.comment if a else ""

    def _prefill_decision(self) -> None:
        session = self.session
        if not self.may_decide or session is None:
            return
        decision = session.latest_decision(self.candidate_id, DecisionStage.VAE)
        if decision is None:
            return
        for v in decision_values(session.info.kind, DecisionStage.VAE):
            self.query_one(f"#bl-value-{v.value}", Choice).value = v is decision.value
        self.query_one("#bl-granted", GrantedBlocs).set_granted(set(decision.blocs_granted))
        self.query_one("#bl-reason", Input).value = decision.reason
        self.query_one("#bl-observations", Input).value = decision.observations
        self.query_one("#bl-recommendations", Input).value = decision.recommendations
        self.query_one("#bl-override", Input).value = decision.override_reason

    # ------------------------------------------------------------------ live data

    def _session_changed(self, _version: int = 0) -> None:
        session, member = self.session, self.member
        if session is None or self.refusal is not None or not self.is_attached:
            return
        candidate = session.candidate(self.candidate_id)
        if candidate is None:
            return
        # the screen's name and who is at the keyboard are in the header
        self.query_one("#bl-head", Static).update(
            Text(f"{candidate.full_name} ({candidate.id})", style="bold")
        )
        decided = session.latest_decision(self.candidate_id, DecisionStage.VAE) is not None
        others = self.query_one("#bl-others", Static)
        if member is not None and (member.role is Role.PRESIDENT or decided):
            others.update(tally_table(session, self.candidate_id))
        elif member is not None and self.may_assess:
            others.update(others_text(session, self.candidate_id, member.id))
        else:
            others.update(
                Text(
                    _("Les appréciations des membres restent privées jusqu'à la décision."),
                    style="italic",
                )
            )
        self.query_one("#bl-in-force", Static).update(
            decision_in_force_text(session, self.candidate_id)
        )
        self._update_mine_status()
        self._update_decision()

    # ------------------------------------------------------------------ my assessment

    def _changed_assessments(self) -> tuple[list[BlocAssessment], list[str]]:
        """The blocs whose level or comment differ from my latest, and the problems."""
        session, member = self.session, self.member
        assert session is not None and member is not None
        latest = latest_assessments(session, self.candidate_id)
        out: list[BlocAssessment] = []
        problems: list[str] = []
        now = self._clock()
        for row in self._rows():
            level, comment = row.level, row.comment
            if level is None:
                if comment:
                    problems.append(
                        _("bloc {bloc} : choisir acquis, partiellement ou non acquis").format(
                            bloc=row.bloc_id
                        )
                    )
                continue
            old = latest.get((member.id, row.bloc_id))
            if old is not None and old.level is level and old.comment == comment:
                continue
            out.append(
                BlocAssessment(
                    candidate_id=self.candidate_id,
                    member_id=member.id,
                    bloc_id=row.bloc_id,
                    level=level,
                    comment=comment,
                    at=now,
                )
            )
        return out, problems

    def _update_mine_status(self) -> None:
        if not self.may_assess:
            return
        session, member = self.session, self.member
        assert session is not None and member is not None
        latest = latest_assessments(session, self.candidate_id)
        done = sum(1 for row in self._rows() if (member.id, row.bloc_id) in latest)
        total = len(self._rows())
        changed, problems = self._changed_assessments()
        text = Text()
        text.append(
            ngettext(
                "{done}/{total} bloc apprécié et enregistré",
                "{done}/{total} blocs appréciés et enregistrés",
                total,
            ).format(done=done, total=total)
        )
        if changed:
            text.append(
                " · "
                + ngettext(
                    "✎ {n} modification à enregistrer (Ctrl+S)",
                    "✎ {n} modifications à enregistrer (Ctrl+S)",
                    len(changed),
                ).format(n=len(changed)),
                style="bold yellow",
            )
        for p in problems:
            text.append("\n✗ " + p, style="bold red")
        self.query_one("#bl-mine-status", Static).update(text)

    @on(RadioSet.Changed, ".bl-level")
    @on(Input.Changed, ".bl-comment")
    def _mine_edited(self) -> None:
        self._update_mine_status()

    @on(Button.Pressed, "#bl-save-mine")
    def action_save_assessments(self) -> None:
        if not self.may_assess:
            self.notify(
                assessment_refusal(self.session, self.member, self.candidate_id)  # type: ignore[arg-type]
                or "",
                severity="warning",
                timeout=5,
            )
            return
        changed, problems = self._changed_assessments()
        if problems:
            self.notify("\n".join(problems), title=_("Appréciation incomplète"), severity="error")
            self._update_mine_status()
            return
        if not changed:
            if all(row.level is None for row in self._rows()):
                self.notify(
                    _(
                        "Rien à enregistrer : choisissez acquis, partiellement ou non acquis "
                        "pour au moins un bloc."
                    ),
                    timeout=5,
                )
            else:
                self.notify(_("Rien à enregistrer : vos avis sont déjà enregistrés."), timeout=3)
            return
        self.app.write(  # type: ignore[attr-defined]
            ngettext(
                "{n} appréciation enregistrée", "{n} appréciations enregistrées", len(changed)
            ).format(n=len(changed)),
            record_assessments,
            changed,
        )

    # ------------------------------------------------------------------ the decision

    @property
    def current_value(self) -> DecisionValue | None:
        pressed = self.query_one("#bl-value", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        return DecisionValue(pressed.id.removeprefix("bl-value-"))

    def build_decision(self) -> Decision | None:
        session, member = self.session, self.member
        value = self.current_value
        if session is None or member is None or value is None:
            return None
        president = session.president
        if president is None:
            return None
        blocs: list[str] = []
        if value is DecisionValue.PARTIELLE:
            blocs = self.query_one("#bl-granted", GrantedBlocs).selected
        return Decision(
            candidate_id=self.candidate_id,
            stage=DecisionStage.VAE,
            value=value,
            blocs_granted=blocs,
            reason=self.query_one("#bl-reason", Input).value.strip(),
            observations=self.query_one("#bl-observations", Input).value.strip(),
            recommendations=self.query_one("#bl-recommendations", Input).value.strip(),
            decided_by=president.id,
            recorded_by=member.id if member.id != president.id else None,
            at=self._clock(),
            override_reason=self.query_one("#bl-override", Input).value.strip(),
        )

    def _update_decision(self) -> None:
        """Show the blocs list for a partial validation; what the domain says of the
        decision as it stands; the deadline and the post-jury interview."""
        session = self.session
        if session is None:
            return
        findings = self.query_one("#bl-findings", Static)
        today = school_time(self._clock()).date()
        day = jury_date(session, self.candidate_id, today)
        if not self.may_decide:
            in_force = session.latest_decision(self.candidate_id, DecisionStage.VAE)
            findings.update(deadline_text(in_force, day))
            return
        value = self.current_value
        partial = value is DecisionValue.PARTIELLE
        self.query_one("#bl-granted").display = partial
        self.query_one("#bl-granted-label").display = partial
        decision = self.build_decision()
        parts: list[RenderableType] = []
        if self._problems:
            text = Text(_("Décision refusée :"), style="bold red")
            for p in self._problems:
                text.append("\n✗ " + p, style="bold red")
            parts.append(text)
        elif decision is not None:
            text = Text()
            try:
                validate_vae_decision(session, decision)
            except DecisionError as exc:
                for p in exc.problems:
                    text.append("✗ " + p + "\n", style="bold red")
            if not text.plain:
                text.append("✓ " + _("Décision conforme aux règles.") + "\n", style="bold green")
            for f in check_decision_against_assessments(session, decision):
                if not f.is_error:
                    text.append("⚠ " + f.message + "\n", style="yellow")
            parts.append(text)
        else:
            parts.append(Text(_("Choisissez la décision."), style="dim"))
        parts.append(deadline_text(decision, day))
        findings.update(Group(*parts))

    @on(RadioSet.Changed, "#bl-value")
    @on(Input.Changed, "#bl-reason, #bl-observations, #bl-recommendations, #bl-override")
    @on(GrantedBlocs.Changed)
    def _decision_edited(self) -> None:
        self._problems = []
        self._update_decision()

    @on(Button.Pressed, "#bl-save-decision")
    def action_save_decision(self) -> None:
        session = self.session
        if session is None or self.saving_decision:
            return
        if not self.may_decide:
            self.notify(decision_refusal(session, self.member) or "", severity="warning", timeout=5)
            return
        decision = self.build_decision()
        if decision is None:
            self._refused([_("choisissez une décision")])
            return
        try:
            validate_vae_decision(session, decision)
        except DecisionError as exc:
            self._refused(list(exc.problems))
            return
        self.saving_decision = True
        self.query_one("#bl-save-decision", Button).disabled = True
        self.app.write(  # type: ignore[attr-defined]
            _("Décision enregistrée"),
            self._record_decision,
            decision,
            on_done=self._decision_saved,
        )

    def _refused(self, problems: list[str]) -> None:
        self._problems = problems
        self._update_decision()
        self.notify("\n".join(problems), title=_("Décision refusée"), severity="error", timeout=8)
        self.query_one("#bl-findings", Static).scroll_visible()

    def _record_decision(self, store: Any, decision: Decision, *, actor: str) -> None:
        """In the write worker; a refusal by the store is shown in the panel too."""
        try:
            store.record_decision(decision, actor=actor)
        except Exception as exc:
            self.app.call_from_thread(self._decision_failed, str(exc))
            raise

    def _decision_failed(self, message: str) -> None:
        self.saving_decision = False
        if self.is_attached:
            self.query_one("#bl-save-decision", Button).disabled = False
            self._problems = [message]
            self._update_decision()

    def _decision_saved(self, _result: object) -> None:
        self.saving_decision = False
        if self.is_attached:
            self.query_one("#bl-save-decision", Button).disabled = False
            self._problems = []
            self._session_changed()

    # ------------------------------------------------------------------ keys

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_assessments":
            return True if self.may_assess else False
        if action == "save_decision":
            return True if self.may_decide else False
        return True

    def action_back(self) -> None:
        self.app.pop_screen()


__all__ = ["BlocsScreen", "deadline_text", "jury_date", "record_assessments"]
