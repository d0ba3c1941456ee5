"""The scoring panel: one jury member scores one candidate on one épreuve, live.

Keyboard-first and safe like a paper form: every valid change is saved as a draft after a
short pause, the submission is explicit, the others' marks stay hidden until one has
submitted (when the épreuve says so).  The rules are in :mod:`juryapp.domain.scoring`.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from rich.cells import cell_len
from rich.console import Group
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Button, Input, Static

from juryapp.domain.aggregation import counted_scores, epreuve_result, expected_scorers
from juryapp.domain.kinds import role_label_of
from juryapp.domain.models import Criterion, Epreuve, Score, ScoreStatus, Session
from juryapp.domain.scoring import (
    ClockLevel,
    Entry,
    Refusal,
    Sheet,
    check_entry,
    countdown,
    descriptor_for,
    descriptors_lines,
    descriptors_summary,
    fmt_num,
    input_text,
    my_sheet,
    next_candidate,
    refusal,
    running_mark,
    scale_text,
    submit_problems,
    weight_text,
    withdrawal_scores,
)
from juryapp.domain.scoring import build_scores as _build_scores
from juryapp.i18n import N_, _, ngettext, school_time
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import JuryFooter, JuryHeader

# --------------------------------------------------------------------------- store writes

_SEQ = itertools.count(1)
_SEQ_LOCK = threading.Lock()
_LAST_SEQ: dict[tuple[str, str, str], int] = {}


def save_sheet(
    store: Any,
    scores: Sequence[Score],
    *,
    actor: str,
    seq: int,
    sheet: tuple[str, str, str],
) -> bool:
    """Save one member's sheet (runs in a worker through ``app.write``).

    Writes of a sheet are numbered in the order the screen asked for them; a write that
    arrives after a newer one of the same sheet (a draft overtaken by the submission) is
    dropped, so a draft can never replace a submitted score.  Returns whether it wrote."""
    with _SEQ_LOCK:
        if _LAST_SEQ.get(sheet, 0) > seq:
            return False
        store.save_scores(list(scores), actor=actor)
        _LAST_SEQ[sheet] = seq
        return True


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _hms(at: dt.datetime) -> str:
    """The time of a save in the school's time, as the dossier's history gives it."""
    return school_time(at).strftime("%H:%M:%S")


def _MODIFIED() -> str:  # noqa: N802 - reads as the constant it would be without gettext
    """The status line of a submitted sheet changed since its submission."""
    return _("✎ modifié depuis la soumission — Ctrl+S pour soumettre à nouveau")


def _show(widget: Static, content: str | Text, *, layout: bool = True) -> None:
    """Update ``widget`` only when its text changes; a layout only when its length does
    (typing must stay instant)."""
    old = widget.content
    if isinstance(old, str | Text) and old == content:
        return
    if layout and isinstance(old, str | Text) and len(old) == len(content):
        layout = False
    widget.update(Text(content) if isinstance(content, str) else content, layout=layout)


# --------------------------------------------------------------------------- widgets


class ValueInput(Input):
    """The value of one criterion (digits, decimal comma)."""

    def __init__(self, criterion: Criterion, index: int) -> None:
        super().__init__(
            placeholder="—",
            id=f"sc-v-{index}",
            classes="sc-value",
            compact=True,
            max_length=8,
            select_on_focus=True,
        )
        self.criterion = criterion
        self.index = index
        lines = "\n".join(f"- {line}" for line in descriptors_lines(criterion))
        self.HELP = (
            f"**{index + 1}. {criterion.label}** — {scale_text(criterion)}, "
            f"{weight_text(criterion)}.\n\n{lines}"
        )  # already in the user's language (the help translates msgids only)


class CommentInput(Input):
    """The comment of one criterion."""

    HELP = N_("Commentaire sur ce critère (facultatif), enregistré avec la note.")

    def __init__(self, criterion: Criterion, index: int) -> None:
        super().__init__(
            placeholder=_("commentaire"),
            id=f"sc-c-{index}",
            classes="sc-comment",
            compact=True,
            max_length=500,
        )
        self.criterion = criterion
        self.index = index


#: a label that starts with its own number: « 1 — Informer… », « 2. Réaliser… », « 3) … »
_NUMBERED = re.compile(r"\d+\s*[—–.)-]\s")


class CriterionBlock(Vertical):
    """One criterion: label, scale and weight; value and comment; the rubric's word."""

    def __init__(self, criterion: Criterion, index: int) -> None:
        super().__init__(classes="sc-criterion", id=f"sc-crit-{index}")
        self.criterion = criterion
        self.index = index

    def compose(self) -> ComposeResult:
        crit = self.criterion
        with Horizontal(classes="sc-crit-head"):
            # « 1. » before the label, unless it has its number already (« 1 — Informer… »):
            # beside it, so that a wrapped label's next line starts under its first word
            if _NUMBERED.match(crit.label) is None:
                yield Static(f"{self.index + 1}.", classes="sc-crit-number")
            yield Static(Text(crit.label), classes="sc-crit-label")
            yield Static(Text(f"{scale_text(crit)} · {weight_text(crit)}"), classes="sc-crit-scale")
        with Horizontal(classes="sc-crit-inputs"):
            yield ValueInput(crit, self.index)
            yield CommentInput(crit, self.index)
        yield Static(
            Text(descriptors_summary(crit)), id=f"sc-f-{self.index}", classes="sc-feedback"
        )


class ReasonModal(ModalScreen[str | None]):
    """Asks the reason of an abstention or a recusal (required)."""

    CSS_PATH = stylesheet("scoring")

    TITLE_FR = N_("Motif")

    HELP = N_("Le motif est obligatoire : il figure avec vos notes. Échap annule.")
    BINDINGS = [Binding("escape", "cancel", N_("Annuler"), id="scoring.reason.cancel")]

    def __init__(self, title: str, explanation: str, *, warning: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.explanation = explanation
        #: the explanation starts with what the member is about to lose: in bold
        self.warning = warning

    def compose(self) -> ComposeResult:
        with Vertical(id="sc-reason-box"):
            yield Static(Text(self.title_text), id="sc-reason-title")
            text = Text(self.explanation)
            if self.warning:  # its first paragraph
                end = self.explanation.find("\n")
                text.stylize("bold", 0, end if end >= 0 else None)
            yield Static(text, id="sc-reason-text")
            yield Input(placeholder=_("Motif (obligatoire)"), id="sc-reason", max_length=300)
            yield Static("", id="sc-reason-error")
            with Horizontal(id="sc-reason-buttons"):
                yield Button(_("Confirmer"), id="sc-reason-ok", variant="primary", compact=True)
                yield Button(_("Annuler"), id="sc-reason-cancel", compact=True)
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def on_mount(self) -> None:
        self.query_one("#sc-reason", Input).focus()

    @on(Input.Submitted, "#sc-reason")
    @on(Button.Pressed, "#sc-reason-ok")
    def _confirm(self) -> None:
        reason = self.query_one("#sc-reason", Input).value.strip()
        if not reason:
            self.query_one("#sc-reason-error", Static).update("✗ " + _("Le motif est obligatoire."))
            self.query_one("#sc-reason", Input).focus()
            return
        self.dismiss(reason)

    @on(Input.Changed, "#sc-reason")
    def _typed(self) -> None:
        self.query_one("#sc-reason-error", Static).update("")  # the reason is being given

    @on(Button.Pressed, "#sc-reason-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# --------------------------------------------------------------------------- the screen

#: status -> (title, explanation, what is recorded, what is recorded with no mark): French
#: msgids, translated where they are shown
_WITHDRAW = {
    ScoreStatus.ABSTAINED: (
        N_("Abstention"),
        N_(
            "Vous vous abstenez de noter ce candidat sur cette épreuve (aucune note, jamais un "
            "zéro). Indiquez pourquoi :"
        ),
        N_("⊘ abstention enregistrée — motif : {reason}"),
        N_("⊘ abstention : aucune note"),
        N_("Abstention enregistrée"),
    ),
    ScoreStatus.RECUSED: (
        N_("Récusation"),
        N_(
            "Vous vous récusez (lien avec le candidat découvert en séance, par exemple) : vous ne "
            "le notez pas. Indiquez pourquoi :"
        ),
        N_("⊘ récusation enregistrée — motif : {reason}"),
        N_("⊘ récusation : aucune note"),
        N_("Récusation enregistrée"),
    ),
}

_SCORING_ACTIONS = {"submit", "submit_next", "abstain", "recuse", "timer", "move"}


class ScoringScreen(Screen[None]):
    CSS_PATH = stylesheet("scoring")

    TITLE_FR = N_("Notation d'une épreuve")
    HELP = N_(
        "Notez chaque critère : tapez la note (virgule ou point décimal : « 12,5 »), Entrée ou "
        "↓ pour le critère suivant, ↑ pour le précédent, Tab pour aller de la note au "
        "commentaire. Le sens de la valeur tapée (descripteur de la grille) s'affiche sous "
        "le champ, une erreur aussi (hors barème, pas, niveau non permis). Le total pondéré "
        "/20 se met à jour en direct. Chaque saisie valide est enregistrée comme brouillon "
        "(invisible des autres) : rien n'est perdu si le terminal se ferme. « Soumettre » "
        "(Ctrl+S) exige tous les critères ; ensuite, les notes des autres membres "
        "s'affichent (moyenne, médiane, écart ; ⚠ écart = notes divergentes). Ctrl+N soumet "
        "et ouvre le candidat suivant à noter pour cette épreuve. F6 : abstention, F7 : "
        "récusation (motif obligatoire, aucune note). F5 : chronomètre de l'épreuve. "
        "Échap : retour (le brouillon est déjà enregistré)."
    )
    BINDINGS = [
        # the four scoring keys are written on the buttons: not repeated in the footer
        Binding("ctrl+s", "submit", N_("Soumettre"), show=False, id="scoring.submit"),
        Binding(
            "ctrl+n",
            "submit_next",
            N_("Soumettre et suivant"),
            show=False,
            id="scoring.submit_next",
        ),
        Binding("f5", "timer", N_("Chronomètre"), id="scoring.timer"),
        Binding("f6", "abstain", N_("Abstention"), show=False, id="scoring.abstain"),
        Binding("f7", "recuse", N_("Récusation"), show=False, id="scoring.recuse"),
        Binding("escape", "back", N_("Retour"), id="scoring.back"),
        Binding("down", "move(1)", N_("Critère suivant"), show=False, id="scoring.down"),
        Binding("up", "move(-1)", N_("Critère précédent"), show=False, id="scoring.up"),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]  # keep in step with WIDE

    #: seconds of quiet typing before a draft is saved
    AUTOSAVE_DELAY = 0.8

    def __init__(
        self,
        candidate_id: str,
        epreuve_id: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.candidate_id = candidate_id
        self.epreuve_id = epreuve_id
        self._clock = clock
        self.refusal: Refusal | None = None
        self.epreuve: Epreuve | None = None
        self.entries: dict[str, Entry] = {}
        self.sheet = Sheet()
        self._saved_sig: tuple[Any, ...] | None = None
        self._autosave_timer: Timer | None = None
        #: the countdown: running since (monotonic), and the time counted before a pause
        self.timer_start: float | None = None
        self.timer_elapsed = 0.0
        self._escape_armed = False
        self._quit_armed = False
        self._status = ""
        self._side: Any = None
        #: the form is there, filled with what the member saved (once mounted)
        self._composed = False

    # ------------------------------------------------------------------ helpers

    @property
    def session(self) -> Session | None:
        return self.app.session  # type: ignore[attr-defined,no-any-return]

    @property
    def member_id(self) -> str | None:
        member = self.app.member  # type: ignore[attr-defined]
        return member.id if member is not None else None

    def _values(self) -> list[ValueInput]:
        return list(self.query(ValueInput))

    def _comments(self) -> list[CommentInput]:
        return list(self.query(CommentInput))

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        session = self.session
        if session is None:
            self.refusal = Refusal(_("Session non chargée"), _("La session n'est pas encore lue."))
        else:
            self.refusal = refusal(session, self.member_id, self.candidate_id, self.epreuve_id)
            self.epreuve = session.epreuve(self.epreuve_id)
        if self.refusal is not None:
            yield from self._compose_refusal(self.refusal)
            yield JuryFooter()
            return
        assert self.epreuve is not None
        with Vertical(id="sc-head"):
            with Horizontal(id="sc-head-1"):
                yield Static(id="sc-candidate")
                yield Static(id="sc-clock")
            yield Static(id="sc-who")
        with Container(id="sc-body"):
            with VerticalScroll(id="sc-form"):
                for i, crit in enumerate(self.epreuve.criteria):
                    yield CriterionBlock(crit, i)
                with Vertical(id="sc-overall-block"):
                    yield Static(_("Appréciation générale"), classes="sc-crit-label")
                    yield Input(
                        placeholder=_("appréciation générale (facultative)"),
                        id="sc-overall",
                        compact=True,
                        max_length=2000,
                    )
            with VerticalScroll(id="sc-side"):
                yield Static(id="sc-others")
        with Horizontal(id="sc-status"):
            yield Static(id="sc-total")
            yield Static(id="sc-saved")
        with Horizontal(id="sc-actions"):
            yield Button(
                _("Soumettre") + " Ctrl+S", id="sc-submit", variant="primary", compact=True
            )
            yield Button(_("Soumettre et suivant") + " Ctrl+N", id="sc-next", compact=True)
            yield Button(_("Abstention") + " F6", id="sc-abstain", compact=True)
            yield Button(_("Récusation") + " F7", id="sc-recuse", compact=True)
        yield JuryFooter()

    def _compose_refusal(self, why: Refusal) -> ComposeResult:
        with Vertical(id="sc-refusal"):
            yield Static(
                Text(_("⊘ Notation impossible — {why}").format(why=why.title)),
                id="sc-refusal-title",
            )
            yield Static(Text(why.message), id="sc-refusal-message")
            if why.panel:
                yield Static(
                    Text(_("Jury désigné : {members}").format(members=", ".join(why.panel))),
                    id="sc-refusal-panel",
                )
            yield Button(_("← Retour (Échap)"), id="sc-back", compact=True)

    def on_mount(self) -> None:
        if self.refusal is not None:
            self.query_one("#sc-back", Button).focus()
            return
        self._populate()
        self._composed = True
        self.watch(self.app, "session_version", self._session_changed, init=False)
        self._session_changed()
        assert self.epreuve is not None
        if self.epreuve.duration_minutes:
            self.set_interval(1, self.refresh_clock)
        self.refresh_clock()
        values = self._values()
        first = next((v for v in values if not v.value), values[0] if values else None)
        if first is not None:
            first.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _SCORING_ACTIONS and (self.refusal is not None or not self._composed):
            # a key pressed as the panel opens (F7 right after Entrée) waits for nothing:
            # the form is not there yet
            return False
        if action == "timer" and self.epreuve is not None and not self._has_countdown():
            return False
        return True

    # ------------------------------------------------------------------ the form

    def _populate(self) -> None:
        """Fill the form with what the member saved (drafts included)."""
        session, member_id = self.session, self.member_id
        assert session is not None and member_id is not None and self.epreuve is not None
        self.sheet = sheet = my_sheet(session, member_id, self.candidate_id, self.epreuve_id)
        for inp in self._values():
            crit = inp.criterion
            value = sheet.values.get(crit.id)
            text = input_text(value) if value is not None else ""
            inp.value = text
            self._set_entry(inp, check_entry(crit, text))
        for inp in self._comments():
            inp.value = sheet.comments.get(inp.criterion.id, "")
        self.query_one("#sc-overall", Input).value = sheet.overall
        self._saved_sig = self._signature()
        if sheet.withdrawn is not None:
            self._status = _(_WITHDRAW[sheet.withdrawn][2]).format(reason=sheet.reason)
        elif sheet.submitted and sheet.saved_at:
            self._status = _("✓ notes soumises ({time})").format(time=_hms(sheet.saved_at))
        elif sheet.draft and sheet.saved_at:
            self._status = _("✎ brouillon repris (enregistré à {time})").format(
                time=_hms(sheet.saved_at)
            )
        self._update_total()

    def _set_entry(self, inp: ValueInput, entry: Entry) -> None:
        crit = inp.criterion
        self.entries[crit.id] = entry
        feedback = self.query_one(f"#sc-f-{inp.index}", Static)
        feedback.set_class(entry.error is not None, "-error")
        feedback.set_class(entry.valid, "-ok")
        inp.set_class(entry.error is not None, "-bad")
        if entry.error is not None:
            text = f"✗ {entry.error}"
        elif entry.value is not None:
            meaning = descriptor_for(crit, entry.value)
            text = f"✓ {fmt_num(entry.value)}" + (f" — {meaning}" if meaning else "")
        else:
            text = descriptors_summary(crit)
        # the criterion being typed wraps its line: a layout when its number of lines
        # changes (« ✗ 25 hors barème » then « ✓ 12 — entre 10 « … » et 15 « … » » lost
        # its end), none otherwise (typing stays instant)
        width = max(1, feedback.content_region.width)
        before = cell_len(str(feedback.content))
        _show(feedback, text, layout=-(-cell_len(text) // width) != -(-before // width))

    def _collect(self) -> tuple[dict[str, float | None], dict[str, str], str]:
        values: dict[str, float | None] = {
            cid: (e.value if e.valid else None) for cid, e in self.entries.items()
        }
        comments = {c.criterion.id: c.value.strip() for c in self._comments() if c.value.strip()}
        overall = self.query_one("#sc-overall", Input).value.strip()
        return values, comments, overall

    def _signature(self) -> tuple[Any, ...]:
        assert self.epreuve is not None
        values, comments, overall = self._collect()
        return (
            tuple(values.get(c.id) for c in self.epreuve.criteria),
            tuple(comments.get(c.id, "") for c in self.epreuve.criteria),
            overall,
        )

    @property
    def dirty(self) -> bool:
        """Something typed differs from what was last saved."""
        return self._saved_sig is not None and self._signature() != self._saved_sig

    @on(Input.Changed, ".sc-value")
    def _value_changed(self, event: Input.Changed) -> None:
        inp = event.input
        assert isinstance(inp, ValueInput)
        self._set_entry(inp, check_entry(inp.criterion, event.value))
        self._update_total()
        self._changed()

    @on(Input.Changed, ".sc-comment")
    @on(Input.Changed, "#sc-overall")
    def _comment_changed(self) -> None:
        self._changed()

    def _changed(self) -> None:
        self._escape_armed = self._quit_armed = False
        if self._saved_sig is None or not self.dirty:
            self._update_status()
            return
        if not self.sheet.submitted:
            if self._autosave_timer is not None:
                self._autosave_timer.stop()
            self._autosave_timer = self.set_timer(self.AUTOSAVE_DELAY, self.autosave)
        self._update_status()

    def _update_total(self) -> None:
        assert self.epreuve is not None
        values, _c, _o = self._collect()
        filled = sum(1 for v in values.values() if v is not None)
        n = len(self.epreuve.criteria)
        bad = sum(1 for e in self.entries.values() if e.error)
        mark = running_mark(self.epreuve, values)
        if self.sheet.withdrawn is not None and not filled:
            text = Text(_(_WITHDRAW[self.sheet.withdrawn][3]), style="bold")
        else:
            label = _("Total : ") if filled == n else _("Total provisoire : ")
            shown = "—" if mark is None else fmt_num(mark)
            text = Text.assemble(
                (label, ""),
                (f"{shown} / 20", "bold"),
                " · "
                + ngettext("{filled}/{n} critère", "{filled}/{n} critères", n).format(
                    filled=filled, n=n
                ),
            )
        if bad:
            text.append(
                " · "
                + ngettext("✗ {n} valeur invalide", "✗ {n} valeurs invalides", bad).format(n=bad),
                style="bold",
            )
        _show(self.query_one("#sc-total", Static), text, layout=False)

    def _update_status(self) -> None:
        status = self._status
        if self.sheet.submitted and self.dirty:
            status = _MODIFIED()
        widget = self.query_one("#sc-saved", Static)
        _show(widget, status)
        widget.set_class(status == _MODIFIED(), "-pending")
        widget.display = bool(status)  # no empty line under the total in a narrow terminal

    # ------------------------------------------------------------------ saving

    def _send(
        self,
        scores: list[Score],
        label: str,
        *,
        quiet: bool,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        """Save ``scores`` in a worker; once written, what was typed counts as saved (a
        refused write — toast by the app — leaves it unsaved)."""
        member_id = self.member_id
        assert member_id is not None
        sig = self._signature()

        def done(wrote: Any) -> None:
            if wrote:
                self._saved_sig = sig
            if on_done is not None:
                on_done(wrote)
            if self.is_attached:
                self._update_status()

        self.app.write(  # type: ignore[attr-defined]
            label,
            save_sheet,
            scores,
            seq=next(_SEQ),
            sheet=(member_id, self.candidate_id, self.epreuve_id),
            on_done=done,
            quiet=quiet,
        )

    def _cancel_autosave(self) -> None:
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self._autosave_timer = None

    def autosave(self) -> None:
        """Save the valid values as a draft (nothing when unchanged or already submitted)."""
        self._autosave_timer = None
        scores = self._draft()
        if scores:
            self._send(scores, _("Brouillon"), quiet=True, on_done=self._draft_saved)

    def _draft(self) -> list[Score]:
        """The draft to save: the valid values typed (none when unchanged or submitted)."""
        if self.refusal is not None or self.sheet.submitted or not self.dirty:
            return []
        assert self.epreuve is not None and self.member_id is not None
        values, comments, overall = self._collect()
        return _build_scores(
            self.epreuve,
            self.candidate_id,
            self.member_id,
            values,
            comments,
            overall,
            submitted=False,
            at=_now(),
        )

    def before_quit(self, leave: Callable[[], None]) -> bool:
        """Ctrl+Q on the panel (see ``JuryApp.action_quit``): True when the app may quit
        now.  What was typed in the last moments (the autosave waits for 0,8 s of quiet)
        is saved first, and the app quits once it is written; changes not submitted, or
        invalid values, are said first, as Échap says them: a second Ctrl+Q quits."""
        if self.refusal is not None or not self._composed:
            return True
        why = self._unsaved_reason()
        if why and not self._quit_armed:
            self._quit_armed = True
            self.notify(
                _("{why}. Ctrl+Q de nouveau pour quitter quand même.").format(why=why),
                title=_("Attention"),
                severity="warning",
                timeout=5,
            )
            return False
        if self._autosave_timer is not None:
            self._cancel_autosave()
            scores = self._draft()
            if scores:

                def written(wrote: object) -> None:
                    if wrote:  # a write refused leaves the app open: its toast says why
                        leave()

                self._send(scores, _("Brouillon"), quiet=True, on_done=written)
                return False
        return True

    def _unsaved_reason(self) -> str | None:
        """What leaving now would lose: changes to submitted marks, or invalid values."""
        bad = sum(1 for e in self.entries.values() if e.error)
        if self.sheet.submitted and self.dirty:
            return _("Modifications non soumises : Ctrl+S pour les soumettre")
        if bad:
            return ngettext(
                "{n} valeur invalide non enregistrée",
                "{n} valeurs invalides non enregistrées",
                bad,
            ).format(n=bad)
        return None

    def _draft_saved(self, wrote: object) -> None:
        if not wrote or not self.is_attached:
            return
        self._status = _("✎ brouillon enregistré {time}").format(time=_hms(_now()))
        self._update_status()

    def action_submit(self) -> None:
        self._submit(then_next=False)

    def action_submit_next(self) -> None:
        self._submit(then_next=True)

    def _submit(self, *, then_next: bool) -> None:
        assert self.epreuve is not None and self.member_id is not None
        self._cancel_autosave()
        problems = submit_problems(self.epreuve, self.entries)
        if problems:
            n = len(problems)
            self.notify(
                "\n".join(msg for _cid, msg in problems[:6]),
                title=ngettext(
                    "Impossible de soumettre : {n} critère à compléter",
                    "Impossible de soumettre : {n} critères à compléter",
                    n,
                ).format(n=n),
                severity="error",
                timeout=6,
            )
            self._status = ngettext(
                "✗ {n} critère à compléter avant de soumettre",
                "✗ {n} critères à compléter avant de soumettre",
                n,
            ).format(n=n)
            self._update_status()
            first = next((v for v in self._values() if v.criterion.id == problems[0][0]), None)
            if first is not None:
                first.focus()
            return
        if self.sheet.submitted and self.sheet.withdrawn is None and not self.dirty:
            if then_next:
                self._go_next()
            else:
                self.notify(_("Notes déjà soumises, sans modification depuis."), timeout=3)
            return
        values, comments, overall = self._collect()
        scores = _build_scores(
            self.epreuve,
            self.candidate_id,
            self.member_id,
            values,
            comments,
            overall,
            submitted=True,
            at=_now(),
        )
        self._send(
            scores, _("Notes soumises"), quiet=False, on_done=partial(self._submitted, then_next)
        )

    def _submitted(self, then_next: bool, wrote: object) -> None:
        if not self.is_attached:
            return
        self._status = _("✓ notes soumises ({time})").format(time=_hms(_now()))
        self._session_changed()
        if then_next:
            self._go_next()

    def _go_next(self) -> None:
        session, member_id = self.session, self.member_id
        assert session is not None and member_id is not None and self.epreuve is not None
        nxt = next_candidate(session, member_id, self.epreuve_id, self.candidate_id)
        if nxt is None:
            self.notify(
                _("Plus aucun candidat à noter pour l'épreuve « {epreuve} ».").format(
                    epreuve=self.epreuve.name
                ),
                title=_("Terminé"),
                timeout=5,
            )
            return
        self.app.switch_screen(ScoringScreen(nxt, self.epreuve_id, clock=self._clock))

    # ------------------------------------------------------------------ abstain / recuse

    def action_abstain(self) -> None:
        self._withdraw(ScoreStatus.ABSTAINED)

    def action_recuse(self) -> None:
        self._withdraw(ScoreStatus.RECUSED)

    def _withdraw(self, status: ScoreStatus) -> None:
        title, text, *_rest = _WITHDRAW[status]
        explanation = _(text)
        lost = self._what_a_withdrawal_replaces()
        if lost:
            explanation = f"{lost}\n\n{explanation}"
        self.app.push_screen(
            ReasonModal(_(title), explanation, warning=bool(lost)),
            partial(self._withdraw_confirmed, status),
        )

    def _what_a_withdrawal_replaces(self) -> str:
        """What the member loses by abstaining or recusing now: their submitted marks, or the
        values of their draft (said in the dialog, before they confirm); "" when nothing."""
        assert self.epreuve is not None
        sheet = self.sheet
        values, _c, _o = self._collect()
        typed = {k: v for k, v in values.items() if v is not None}
        if sheet.submitted and sheet.withdrawn is None and sheet.values:
            mark = running_mark(self.epreuve, dict(sheet.values))
            shown = "—" if mark is None else fmt_num(mark)
            return _(
                "⚠ Vous avez déjà soumis vos notes (total {mark} / 20) : elles seront "
                "remplacées et ne compteront plus."
            ).format(mark=shown)
        if typed:
            return ngettext(
                "⚠ La note saisie ({n} critère) sera effacée.",
                "⚠ Les notes saisies ({n} critères) seront effacées.",
                len(typed),
            ).format(n=len(typed))
        return ""

    def _withdraw_confirmed(self, status: ScoreStatus, reason: str | None) -> None:
        if not reason:
            return
        assert self.epreuve is not None and self.member_id is not None
        self._cancel_autosave()
        _values, comments, overall = self._collect()
        scores = withdrawal_scores(
            self.epreuve,
            self.candidate_id,
            self.member_id,
            status,
            reason,
            at=_now(),
            comments=comments,
            overall=overall,
        )
        for inp in self._values():
            inp.value = ""
            self._set_entry(inp, Entry(""))
        self._status = _(_WITHDRAW[status][2]).format(reason=reason)
        self._send(scores, _(_WITHDRAW[status][4]), quiet=False, on_done=self._withdrawn)

    def _withdrawn(self, wrote: object) -> None:
        if self.is_attached:
            self._session_changed()

    # ------------------------------------------------------------------ moving around

    def action_move(self, delta: int) -> None:
        values, comments = self._values(), self._comments()
        overall = self.query_one("#sc-overall", Input)
        focused = self.focused
        target: Any = None
        if isinstance(focused, ValueInput | CommentInput):
            column: Sequence[Input] = values if isinstance(focused, ValueInput) else comments
            i = focused.index + delta
            if 0 <= i < len(column):
                target = column[i]
            elif i >= len(column):
                target = overall
        elif focused is overall:
            target = values[-1] if delta < 0 else self.query_one("#sc-submit", Button)
        else:
            target = values[0] if delta > 0 else overall
        if target is not None:
            target.focus()

    @on(Input.Submitted, ".sc-value")
    @on(Input.Submitted, ".sc-comment")
    def _enter_in_field(self, event: Input.Submitted) -> None:
        values = self._values()
        inp = event.input
        assert isinstance(inp, ValueInput | CommentInput)
        if inp.index + 1 < len(values):
            values[inp.index + 1].focus()
        else:
            self.query_one("#sc-overall", Input).focus()

    @on(Input.Submitted, "#sc-overall")
    def _enter_in_overall(self) -> None:
        self.query_one("#sc-submit", Button).focus()

    @on(Button.Pressed, "#sc-submit")
    def _submit_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#sc-next")
    def _next_pressed(self) -> None:
        self.action_submit_next()

    @on(Button.Pressed, "#sc-abstain")
    def _abstain_pressed(self) -> None:
        self.action_abstain()

    @on(Button.Pressed, "#sc-recuse")
    def _recuse_pressed(self) -> None:
        self.action_recuse()

    @on(Button.Pressed, "#sc-back")
    def _back_pressed(self) -> None:
        self.action_back()

    def action_back(self) -> None:
        if self.refusal is not None:
            self.app.pop_screen()
            return
        if self._autosave_timer is not None:
            self._autosave_timer.stop()
            self.autosave()
        why = self._unsaved_reason()
        if why and not self._escape_armed:
            self._escape_armed = True
            self._escape_warning = _("{why}. Échap de nouveau pour quitter quand même.").format(
                why=why
            )
            self.notify(self._escape_warning, title=_("Attention"), severity="warning", timeout=5)
            return
        self._forget_escape_warning()
        self.app.pop_screen()

    _escape_warning = ""

    def _forget_escape_warning(self) -> None:
        """The « Échap de nouveau » toast, once the member has left: it stayed over the
        dossier, where it meant nothing.  (``_unnotify``: Textual has no public way to take
        back one toast; the version is pinned.)"""
        if not self._escape_warning:
            return
        for notification in list(self.app._notifications):
            if notification.message == self._escape_warning:
                self.app._unnotify(notification)
        self._escape_warning = ""

    # ------------------------------------------------------------------ the clock

    def _has_countdown(self) -> bool:
        """A timed épreuve has its countdown here, unless the defence clock times it by
        phases (a VAE defence: « t » on the dossier; two clocks would disagree)."""
        epreuve = self.epreuve
        return bool(epreuve and epreuve.duration_minutes and not epreuve.phases)

    def _counted(self) -> float:
        running = self._clock() - self.timer_start if self.timer_start is not None else 0.0
        return self.timer_elapsed + running

    def action_timer(self) -> None:
        """F5 starts the countdown, pauses it, resumes it: a stray press loses nothing."""
        if self.timer_start is None:
            self.timer_start = self._clock()
        else:
            self.timer_elapsed = self._counted()
            self.timer_start = None
            self.notify(_("Chronomètre en pause : F5 pour reprendre."), timeout=3)
        self.refresh_clock()

    def refresh_clock(self) -> None:
        """Show the countdown (from the monotonic start time; never counts ticks)."""
        if self.epreuve is None or self.refusal is not None:
            return
        widget = self.query_one("#sc-clock", Static)
        minutes = self.epreuve.duration_minutes
        if not self._has_countdown():
            widget.update("")
            return
        if self.timer_start is None and not self.timer_elapsed:
            total = int(round(minutes * 60))
            _show(widget, f"◷ {total // 60:02d}:{total % 60:02d} · F5")
            widget.set_class(False, "-warn", "-over")
            return
        state = countdown(minutes, self._counted())
        paused = " · " + _("en pause (F5)") if self.timer_start is None else ""
        _show(widget, state.text + paused)
        widget.set_class(state.level is ClockLevel.WARN, "-warn")
        widget.set_class(state.level is ClockLevel.OVER, "-over")

    # ------------------------------------------------------------------ live session

    def _session_changed(self, _version: int = 0) -> None:
        """A (re)load: refresh the header, the member's state, the others' table.  What is
        being typed is never touched."""
        session, member_id = self.session, self.member_id
        if session is None or member_id is None or self.refusal is not None:
            return
        epreuve = session.epreuve(self.epreuve_id)
        cand = session.candidate(self.candidate_id)
        if epreuve is None or cand is None:
            return
        self.epreuve = epreuve
        self.sheet = my_sheet(session, member_id, self.candidate_id, self.epreuve_id)
        member = session.member(member_id)
        self.query_one("#sc-candidate", Static).update(
            Text.assemble((cand.full_name, "bold"), f" ({cand.id}) — ", (epreuve.name, "bold"))
        )
        # the épreuve's coefficient and time start the second line (at 80 columns they
        # wrapped alone under the first, « · » first)
        parts = [_("coef {weight}").format(weight=fmt_num(epreuve.weight))]
        if epreuve.duration_minutes:
            parts.append(f"{fmt_num(epreuve.duration_minutes)} min")
        if member:
            parts.append(
                _("Notateur : {name} ({role})").format(
                    name=member.full_name, role=_(role_label_of(member))
                )
            )
        who = " · ".join(parts)
        later = refusal(session, member_id, self.candidate_id, self.epreuve_id)
        if later is not None:
            who += " · " + _("⚠ {why} : enregistrement refusé").format(why=later.title)
        self.query_one("#sc-who", Static).update(Text(who))
        self._side = self._others(session, epreuve, member_id)
        self.query_one("#sc-others", Static).update(self._side)
        self._fit_side()
        self._update_total()
        self._update_status()

    #: from this width on, the others' marks sit beside the form (else below it)
    WIDE = 110

    def on_resize(self) -> None:
        self._fit_side()

    def _fit_side(self) -> None:
        """Beside the form, the others' panel is as wide as its table (at most half the
        screen); below it (narrow terminal), the stylesheet gives it the whole width."""
        if self.refusal is not None or self._side is None:
            return
        side = self.query_one("#sc-side", VerticalScroll)
        if self.size.width < self.WIDE:
            side.styles.width = None
            return
        console = self.app.console
        wanted = Measurement.get(console, console.options.update_width(400), self._side).maximum
        side.styles.width = max(32, min(wanted + 4, self.size.width // 2))

    def _others(self, session: Session, epreuve: Epreuve, member_id: str) -> Any:
        """The other members' submitted marks (or why they are hidden)."""
        expected = expected_scorers(session, self.candidate_id, self.epreuve_id)
        result = epreuve_result(session, self.candidate_id, self.epreuve_id)
        done = [m for m in expected if m not in result.missing]
        # « 1 membre sur 3 a soumis » (it said « 1/3 membres ont soumis »)
        count = ngettext(
            "{done} membre sur {n} a soumis", "{done} membres sur {n} ont soumis", len(done)
        ).format(done=len(done), n=len(expected))
        if epreuve.hide_until_submitted and not self.sheet.submitted:
            return Group(
                Text(_("⊖ Notes des autres membres masquées"), style="bold"),
                Text(_("jusqu'à votre soumission.")),
                Text(f"{count}."),
            )
        by_who: dict[str, dict[str, Score]] = {}
        for s in counted_scores(session, self.candidate_id, self.epreuve_id):
            if s.member_id is not None:
                by_who.setdefault(s.member_id, {})[s.criterion_id] = s
        others = [m.id for m in session.jury if m.id != member_id]
        order = [mid for mid in [member_id, *others] if mid in by_who or mid in expected]
        table = Table(box=None, padding=(0, 1), pad_edge=False, header_style="bold underline")
        table.add_column("#", justify="right", no_wrap=True)
        for mid in order:
            member = session.member(mid)
            name = _("Vous") if mid == member_id else (member.last_name[:7] if member else mid)
            table.add_column(name, justify="right", no_wrap=True)
        for head in (_("Moy."), _("Méd."), _("Écart")):
            table.add_column(head, justify="right", no_wrap=True)

        def cell(s: Score | None) -> Text:
            if s is None:
                return Text("·", style="dim")
            if s.status is ScoreStatus.ABSTAINED:
                return Text(_("abst."), style="italic")
            if s.status is ScoreStatus.RECUSED:
                return Text(_("récus."), style="italic")
            return Text(fmt_num(s.value or 0))

        def stat(x: float | None) -> str:
            return "—" if x is None else fmt_num(x)

        def spread(x: float | None, divergent: bool) -> Text:
            if x is None:
                return Text("—")
            if divergent:
                return Text(f"⚠ {fmt_num(x)}", style="bold yellow")
            return Text(fmt_num(x))

        for i, crit in enumerate(epreuve.criteria):
            st = result.criteria[crit.id]
            table.add_row(
                str(i + 1),
                *(cell(by_who.get(mid, {}).get(crit.id)) for mid in order),
                stat(st.mean),
                stat(st.median),
                spread(st.spread, st.divergent),
            )
        marks = result.marks
        table.add_row(
            Text("/20", style="bold"),
            *(
                Text(fmt_num(result.member_marks[mid]), style="bold")
                if mid in result.member_marks
                else Text("·", style="dim")
                for mid in order
            ),
            Text(stat(marks.mean), style="bold"),
            Text(stat(marks.median), style="bold"),
            spread(marks.spread, marks.divergent),
        )
        parts: list[Any] = [Text.assemble((_("Notes des membres"), "bold"), f" · {count}"), table]
        if result.divergent:
            parts.append(
                Text(
                    _("⚠ écart : notes divergentes (seuil {threshold} pts sur 20)").format(
                        threshold=fmt_num(session.info.divergence_threshold)
                    ),
                    style="bold yellow",
                )
            )
        if result.missing:
            names = []
            for mid in result.missing:
                member = session.member(mid)
                names.append(
                    _("vous") if mid == member_id else (member.full_name if member else mid)
                )
            parts.append(
                Text(_("en attente : {members}").format(members=", ".join(names)), style="italic")
            )
        return Group(*parts)
