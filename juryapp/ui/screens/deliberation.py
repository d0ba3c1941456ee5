"""Deliberation: every member's scores side by side, the decisions, the ranked lists.

The president records the decisions (``a`` / ``x`` or the buttons, through a small modal);
everyone else sees the same screen read-only.  Live: what members save on other terminals
appears without a key press, the highlighted candidate stays.
"""

from __future__ import annotations

import dataclasses
import textwrap
import time
import weakref
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import (
    Button,
    Input,
    RadioSet,
    Static,
    TabbedContent,
    TabPane,
)
from textual.worker import get_current_worker

from juryapp.domain.decisions import NEEDS_REASON, list_separator
from juryapp.domain.deliberation import (
    ABSTAINED,
    EXCLUDED,
    MISSING,
    RECUSED,
    CandidateSheet,
    DeliberationEntry,
    DeliberationView,
    EpreuveSheet,
    ResultCache,
    candidate_sheet,
    decision_problems,
    deliberation_stage,
    deliberation_view,
    favourable_value,
    fmt_number,
    fmt_total,
    limit_label,
    make_decision,
    stage_values,
    tie_break_rule,
    unfavourable_value,
)
from juryapp.domain.kinds import STAGE_LABELS, decision_label, only_the_president
from juryapp.domain.models import (
    Decision,
    DecisionStage,
    DecisionValue,
    Role,
    Session,
)
from juryapp.domain.permissions import decisions_closed
from juryapp.domain.queue import in_tests, short_label
from juryapp.domain.ranking import EXCELLENCE_TIE_BREAK, RankedEntry
from juryapp.i18n import N_, _, ngettext
from juryapp.store.session_store import SessionStore
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import Column, FastTable, JuryFooter, JuryHeader, Row, translated_columns
from juryapp.ui.widgets.choice import BlocList, Choice

# --------------------------------------------------------------------------- rows

#: the labels are French msgids (translated in compose)
CANDIDATE_COLUMNS = (
    Column("name", N_("Nom")),
    Column("total", N_("Total"), width=6, align="right"),
    Column("median", N_("Médiane"), width=7, align="right"),
    Column("spread", N_("Écart"), width=7),
    Column("complete", N_("Complet"), width=7),
    Column("decision", N_("Décision"), width=16),
)

RANK_COLUMNS = (
    Column("rank", N_("Rang"), width=4, align="right"),
    Column("name", N_("Nom")),
    Column("total", N_("Total"), width=6, align="right"),
    Column("list", N_("Liste"), width=14),
    Column("tie", N_("Ex æquo"), width=9),
    Column("tie_break", N_("Départage")),
)

LIMIT_KEY = "__limite__"

#: above this many candidates, names and decisions are shown before the marks are computed
_PENDING_FROM = 500

_POSITIVE = {DecisionValue.ADMISSIBLE, DecisionValue.TOTALE, DecisionValue.VALIDE}
_PARTIAL = {DecisionValue.PARTIELLE}


def _decision_cell(kind: Any, value: DecisionValue | None) -> Text:
    if value is None:
        return Text(_("à décider"), style="italic dim")
    label = short_label(kind, value)
    if value in _POSITIVE:
        return Text(f"✓ {label}", style="green")
    if value in _PARTIAL:
        return Text(f"◐ {label}", style="yellow")
    return Text(f"✗ {label}", style="red")


def candidate_row(e: DeliberationEntry, kind: Any) -> Row:
    if e.pending:
        cells: tuple[str | Text, ...] = (
            e.name,
            "…",
            "…",
            "",
            "…",
            _decision_cell(kind, e.decision),
        )
        return Row(e.candidate_id, cells, data=e)
    complete = (
        Text(f"✓ {e.complete}/{e.planned}", style="green")
        if e.is_complete
        else Text(f"✗ {e.complete}/{e.planned}", style="yellow")
    )
    cells = (
        e.name,
        fmt_total(e.total),
        fmt_total(e.total_median),
        Text(_("⚠ écart"), style="bold yellow") if e.divergent else "",
        complete,
        _decision_cell(kind, e.decision),
    )
    return Row(e.candidate_id, cells, data=e)


def rank_rows(session: Session, ranked: list[RankedEntry]) -> list[Row]:
    """The ranked list, with the line at the number of places."""
    places = session.info.places
    rows: list[Row] = []
    free = places - len(ranked)
    limit = Row(
        LIMIT_KEY,
        (
            "",
            Text(limit_label(places), style="bold"),
            "",
            "",
            "",
            ngettext("{n} place non pourvue", "{n} places non pourvues", free).format(n=free)
            if free > 0
            else "",
        ),
    )
    for i, r in enumerate(ranked):
        if i == places:
            rows.append(limit)
        cand = session.candidate(r.candidate_id)
        name = cand.full_name if cand else r.candidate_id
        if r.total is None:
            total: str | Text = Text(_("exc."), style="cyan")
        else:
            total = fmt_total(r.total)
        listed = (
            Text(_("principale"), style="green")
            if r.list_name == "principale"
            else Text(_("complémentaire"), style="yellow")
        )
        tie = Text(_("= ex æquo"), style="bold magenta") if r.tied else ""
        why = (
            _("excellence : ordre alphabétique")
            if r.tie_break == EXCELLENCE_TIE_BREAK
            else (_(r.tie_break) if r.tie_break else "")
        )
        rows.append(Row(r.candidate_id, (str(r.rank), name, total, listed, tie, why), r))
    if len(ranked) <= places and ranked:
        rows.append(limit)
    return rows


#: the results computed for each app, kept from one visit of the screen to the next
_CACHES: weakref.WeakKeyDictionary[Any, ResultCache] = weakref.WeakKeyDictionary()


def _cache_for(app: Any) -> ResultCache:
    cache = _CACHES.get(app)
    if cache is None:
        cache = _CACHES[app] = ResultCache()
    return cache


class RankTable(FastTable):
    """The ranked list keeps its order: a click on a header does not sort it."""

    def sort_by(self, column_key: str | None, reverse: bool | None = None) -> None:
        if column_key is None:
            super().sort_by(None)


# --------------------------------------------------------------------------- sheet


#: the style of the special cells (the abstention and recusal cells are translated: their
#: styles are looked up by :func:`_cell_style`)
_CELL_STYLES = {
    ABSTAINED: "italic cyan",
    RECUSED: "italic magenta",
    MISSING: "dim",
    EXCLUDED: "bold red",
}


def _cell_style(cell: str) -> str:
    if cell == _(ABSTAINED):
        return _CELL_STYLES[ABSTAINED]
    if cell == _(RECUSED):
        return _CELL_STYLES[RECUSED]
    return _CELL_STYLES.get(cell, "")


def _stat(x: float | None) -> str:
    return fmt_number(x)


def sheet_head(sheet: CandidateSheet, kind: Any) -> Text:
    """The lines above the grids: name, totals, decision, conflicts, missing scores."""
    t = Text()
    t.append(sheet.name, style="bold")
    t.append(f"  ·  {sheet.candidate_id}\n", style="dim")
    if sheet.total is None:
        t.append(_("Total : pas encore de note"))
    else:
        t.append(_("Total") + " ")
        t.append(f"{fmt_total(sheet.total)}/20", style="bold")
        t.append(" " + _("(moyennes)") + "  ·  ")
        t.append(f"{fmt_total(sheet.total_median)}/20", style="bold")
        t.append(" " + _("(médianes)"))
    t.append("  ·  ")
    if sheet.complete:
        t.append(_("✓ notation complète"), style="green")
    else:
        t.append(_("✗ notation incomplète"), style="yellow")
    if sheet.divergent:
        t.append("  ·  ")
        t.append(_("⚠ écart de notes"), style="bold yellow")
    t.append("\n" + _("Décision : "))
    if sheet.decision is None:
        t.append(_("à décider"), style="italic")
    else:
        d = sheet.decision
        t.append(decision_label(kind, d.value), style="bold")
        if d.blocs_granted:
            t.append(" " + _("(blocs : {blocs})").format(blocs=", ".join(d.blocs_granted)))
        if d.reason:
            t.append(" — " + _("motif : {reason}").format(reason=d.reason))
    for c in sheet.must_leave:
        t.append("\n")
        t.append(_("⊘ doit quitter la salle : "), style="bold red")
        t.append(f"{c.name} ({c.reason})", style="bold")
        t.append(" — " + _("conflit d'intérêts, ne note pas et ne délibère pas"), style="red")
    for c in sheet.soft_conflicts:
        t.append("\n")
        t.append(_("ⓘ lien déclaré : "), style="bold")
        t.append(
            _("{name} ({reason}) — siège ; à mentionner au procès-verbal").format(
                name=c.name, reason=c.reason
            )
        )
    missing = [(ep.name, ep.missing) for ep in sheet.epreuves if ep.missing]
    if missing:
        t.append("\n")
        t.append(_("Notes manquantes : "), style="yellow")
        t.append(list_separator().join(f"{name} — {', '.join(who)}" for name, who in missing))
    return t


def epreuve_title(ep: EpreuveSheet) -> Text:
    t = Text()
    t.append(f"▸ {ep.name}", style="bold")
    details = [_("coef. {weight}").format(weight=fmt_number(ep.weight))]
    if ep.scale:
        details.append(_("barème {scale}").format(scale=ep.scale))
    t.append(f"  ({', '.join(details)})", style="dim")
    if ep.mark is not None:
        # « 17,86/20 » in one word: « /20 » was left alone at the start of a line
        t.append("  " + _("note {mark}/20").format(mark=fmt_total(ep.mark)))
    t.append("  ")
    if ep.complete:
        t.append(_("✓ complète"), style="green")
    else:
        t.append(_("✗ incomplète"), style="yellow")
    if ep.divergent:
        t.append("  ")
        t.append(_("⚠ écart"), style="bold yellow")
    return t


#: French msgids (translated by :class:`_Grid`)
_STAT_HEADERS = (N_("Moy."), N_("Méd."), N_("Max−min"), "σ")
_FLAG = N_("⚠ écart")
_LABEL_MIN = 14
_LABEL_MAX = 60  # beyond, a label wraps even with room: the numbers stay near it
_GAP = 2


def _fit(text: str, width: int, align: str = "left") -> str:
    size = cell_len(text)
    if size > width:
        return set_cell_size(text, max(0, width - 1)) + "…"
    pad = " " * (width - size)
    return pad + text if align == "right" else text + pad


class _Grid:
    """One épreuve's grid laid out in fixed-width columns (criteria × scorers, statistics).

    Drawn by hand rather than with a rich Table: a rich Table takes tens of milliseconds to
    lay out, too slow to follow the cursor down the list of candidates."""

    def __init__(self, ep: EpreuveSheet) -> None:
        self.ep = ep
        self.stat_headers = [_(h) for h in _STAT_HEADERS]
        self.flag = _(_FLAG)
        self.headers = [sc.short + (" ⊘" if sc.excluded else "") for sc in ep.scorers]
        self.stats = [
            (
                _stat(r.stats.mean),
                _stat(r.stats.median),
                _stat(r.stats.spread),
                _stat(r.stats.stdev),
            )
            for r in ep.rows
        ]
        self.labels = [
            r.label + ("" if ep.scale or r.is_mark else f" ({r.scale})") for r in ep.rows
        ]
        self.widths: list[int] = []
        for c, header in enumerate(self.headers):
            cells = [cell_len(r.cells[c]) for r in ep.rows]
            self.widths.append(min(20, max(cell_len(header), *cells)))
        for k, header in enumerate(self.stat_headers):
            self.widths.append(max(cell_len(header), *(cell_len(st[k]) for st in self.stats)))
        flagged = any(r.divergent for r in ep.rows)
        self.widths.append(cell_len(self.flag) if flagged else 0)
        self.fixed = sum(w + _GAP for w in self.widths if w)  # a gap before each column
        self.label_natural = min(_LABEL_MAX, max(cell_len(lb) for lb in self.labels))

    @property
    def min_width(self) -> int:
        return min(_LABEL_MIN, self.label_natural) + self.fixed

    def render(self, width: int) -> Text:
        label_w = max(
            min(_LABEL_MIN, self.label_natural), min(self.label_natural, width - self.fixed)
        )
        total = label_w + self.fixed
        out = Text(no_wrap=True, overflow="ignore", end="")
        ncols = len(self.headers)

        def line(label: str, cells: list[tuple[str, str]], style: str = "") -> None:
            out.append(_fit(label, label_w), style)
            for (value, cell_style), w in zip(cells, self.widths, strict=True):
                if not w:
                    continue
                out.append(" " * _GAP)
                out.append(
                    _fit(value, w, "right" if value != self.flag else "left"),
                    cell_style or style,
                )
            out.append("\n")

        head = [
            (h, "bold red" if sc.excluded else "bold")
            for h, sc in zip(self.headers, self.ep.scorers, strict=True)
        ]
        head += [(h, "bold") for h in self.stat_headers] + [("", "")]
        line(_("Critère"), head, "bold")
        out.append("─" * total + "\n", "dim")
        for i, row in enumerate(self.ep.rows):
            if row.is_mark:
                out.append("┄" * total + "\n", "dim")
            wrapped = textwrap.wrap(self.labels[i], label_w) or [""]
            style = "bold" if row.is_mark else ""
            mean, median, spread, stdev = self.stats[i]
            cells = [(c, _cell_style(c)) for c in row.cells]
            cells += [
                (mean, ""),
                (median, ""),
                (spread, "bold yellow" if row.divergent else ""),
                (stdev, ""),
                (self.flag if row.divergent else "", "bold yellow"),
            ]
            line(wrapped[0], cells, style)
            for extra in wrapped[1:]:
                line(extra, [("", "")] * (ncols + 5), style)
        out.rstrip()
        return out


def sheet_lines(sheet: CandidateSheet, kind: Any, width: int, console: Any) -> list[Text]:
    """The whole score sheet as lines: the head and the legend wrapped at ``width``, the
    grids at ``width`` or wider (the width below which a grid would not fit)."""
    lines: list[Text] = []

    def wrapped(text: Text) -> None:
        for part in text.split("\n", allow_blank=True):
            lines.extend(part.wrap(console, max(10, width), no_wrap=False) or [Text("")])

    wrapped(sheet_head(sheet, kind))
    lines.append(Text(""))
    grids = [_Grid(ep) for ep in sheet.epreuves]
    used = max([width, *(g.min_width for g in grids)])
    for ep, grid in zip(sheet.epreuves, grids, strict=True):
        lines.extend(epreuve_title(ep).wrap(console, used))
        lines.extend(grid.render(used).split("\n", allow_blank=True))
        if ep.comments:
            lines.append(Text(_("Appréciations générales :"), style="bold"))
            for name, comment in ep.comments:
                wrapped(Text.assemble(("  " + name + " : ", "italic"), comment))
        lines.append(Text(""))
    if not sheet.epreuves:
        lines.append(Text(_("Aucune épreuve prévue pour ce candidat."), style="italic"))
        lines.append(Text(""))
    wrapped(Text(legend(sheet.threshold), style="dim"))
    return lines


class SheetView(ScrollView, can_focus=True):
    """The score sheet of the highlighted candidate: lines built once per candidate and
    width, only the visible ones painted (moving down the list stays instant)."""

    HELP = N_(
        "Les notes de chaque membre, critère par critère, et les statistiques. Flèches, "
        "Page préc./suiv. et la molette font défiler ; Tab revient à la liste."
    )
    BINDINGS = [
        Binding("up", "scroll_up", N_("Monter"), show=False),
        Binding("down", "scroll_down", N_("Descendre"), show=False),
        Binding("left", "scroll_left", N_("Gauche"), show=False),
        Binding("right", "scroll_right", N_("Droite"), show=False),
        Binding("pageup", "page_up", N_("Page précédente"), show=False),
        Binding("pagedown", "page_down", N_("Page suivante"), show=False),
        Binding("home", "scroll_home", N_("Début"), show=False),
        Binding("end", "scroll_end", N_("Fin"), show=False),
    ]
    DEFAULT_CSS = """
    SheetView {
        background: $surface;
        &:focus { background-tint: $foreground 5%; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._build: Any = None  # width -> list[Text]
        self._lines: list[Text] = [Text(_("Calcul des résultats…"))]
        self._built_for = -1
        self._strips: dict[int, Strip] = {}

    @property
    def lines(self) -> list[Text]:
        return self._lines

    @property
    def plain(self) -> str:
        """The sheet as plain text (the whole of it, not only what is on screen)."""
        return "\n".join(line.plain.rstrip() for line in self._lines)

    def show(self, build: Any, *, keep_scroll: bool = False) -> None:
        """Show the lines ``build(width)`` returns (built again when the width changes)."""
        self._build = build
        self._rebuild()
        if not keep_scroll:
            self.scroll_to(0, 0, animate=False, force=True)

    def _width(self) -> int:
        width = self.scrollable_content_region.width
        return width if width > 0 else max(40, self.app.size.width - 4)

    def _rebuild(self) -> None:
        width = self._width()
        if self._build is not None:
            self._lines = self._build(width)
        self._built_for = width
        self._strips = {}
        longest = max((line.cell_len for line in self._lines), default=0)
        self.virtual_size = Size(longest if longest > width else 0, len(self._lines))
        self.refresh()

    def _on_resize(self, event: events.Resize) -> None:
        if self._width() != self._built_for:
            self._rebuild()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips = {}

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        base = self.rich_style
        if not 0 <= index < len(self._lines):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None:
            console = self.app.console
            strip = Strip(Segment.apply_style(self._lines[index].render(console), base))
            self._strips[index] = strip
        if scroll_x or strip.cell_length > width:
            strip = strip.crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, base)


def legend(threshold: float) -> str:
    return _(
        "Moy. : moyenne · Méd. : médiane · Max−min : étendue · σ : écart-type · "
        "⚠ écart : étendue au-delà du seuil de divergence ({threshold} pts sur 20, "
        "ramené au barème du critère) · {abstained} : abstention · {recused} : récusation "
        "(jamais comptées comme 0) · {missing} : pas encore noté · {excluded} : ne siège pas "
        "(conflit d'intérêts), note non comptée. Les brouillons ne sont pas montrés."
    ).format(
        threshold=fmt_number(threshold),
        abstained=_(ABSTAINED),
        recused=_(RECUSED),
        missing=MISSING,
        excluded=EXCLUDED,
    )


# --------------------------------------------------------------------------- modal


class DecisionModal(ModalScreen[Decision | None]):
    """Choose the decision, state the reason; checked before it is recorded."""

    CSS_PATH = stylesheet("deliberation")

    TITLE_FR = N_("Décision")
    HELP = N_(
        "Choisissez la décision, saisissez le motif (obligatoire pour une décision "
        "défavorable) puis Entrée ou Ctrl+S pour enregistrer ; Échap pour annuler. La décision "
        "est vérifiée avant d'être enregistrée : les problèmes s'affichent en rouge."
    )
    BINDINGS = [
        Binding("escape", "cancel", N_("Annuler"), id="decision.cancel"),
        Binding("ctrl+s", "save", N_("Enregistrer"), id="decision.save"),
    ]

    def __init__(
        self,
        candidate_id: str,
        name: str,
        value: DecisionValue,
        decided_by: str,
        current: Decision | None = None,
        *,
        incomplete: bool = False,
    ) -> None:
        super().__init__()
        self.incomplete = incomplete
        self.candidate_id = candidate_id
        self.candidate_name = name
        self.value = value
        self.decided_by = decided_by
        self.current = current

    @property
    def session(self) -> Session:
        return self.app.session  # type: ignore[attr-defined,no-any-return]

    def compose(self) -> ComposeResult:
        session = self.session
        kind = session.info.kind
        stage = deliberation_stage(kind)
        with Vertical(id="decision-box"):
            title = Text.assemble(
                (_("Décision — {name}").format(name=self.candidate_name), "bold"),
                f" ({self.candidate_id})\n",
                (_(STAGE_LABELS[stage]), "dim"),
            )
            if self.incomplete:
                title.append("  ·  ")
                title.append(_("⚠ notation incomplète"), style="bold yellow")
            yield Static(title, id="decision-title")
            with RadioSet(id="decision-value", compact=True):
                for v in stage_values(kind):
                    yield Choice(
                        decision_label(kind, v),
                        value=v is self.value,
                        id=f"value-{v.value}",
                        compact=True,
                    )
            if stage is DecisionStage.VAE and session.info.blocs:
                # ☑ accordé / ☐ non accordé, the whole label wrapped; a partial validation's
                with Vertical(id="decision-blocs-box"):
                    yield Static(
                        _("Blocs de compétences accordés (Espace ou Entrée pour cocher) :")
                    )
                    yield BlocList(
                        [(b.id, b.label) for b in session.info.blocs], id="decision-blocs"
                    )
            with Horizontal(classes="decision-field"):
                yield Static(_("Motif :"), classes="decision-label")
                yield Input(
                    placeholder=_("obligatoire si la décision est défavorable"),
                    id="decision-reason",
                    compact=True,
                )
            with Horizontal(classes="decision-field"):
                yield Static(_("Observations :"), classes="decision-label")
                yield Input(placeholder=_("facultatif"), id="decision-observations", compact=True)
            yield Static("", id="decision-problems")
            with Horizontal(id="decision-buttons"):
                yield Button(
                    _("Enregistrer (Ctrl+S)"), variant="primary", id="decision-save", compact=True
                )
                yield Button(_("Annuler (Échap)"), id="decision-cancel", compact=True)
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def on_mount(self) -> None:
        for blocs in self.query("#decision-blocs").results(BlocList):
            blocs.set_granted(set(self.current.blocs_granted) if self.current else set())
        self._show_blocs()
        self.query_one("#decision-reason", Input).focus()

    @on(RadioSet.Changed, "#decision-value")
    def _show_blocs(self) -> None:
        """The blocs are a partial validation's: hidden for any other decision."""
        for box in self.query("#decision-blocs-box"):
            box.display = self.chosen_value() is DecisionValue.PARTIELLE

    def chosen_value(self) -> DecisionValue:
        pressed = self.query_one("#decision-value", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return self.value
        return DecisionValue(pressed.id.removeprefix("value-"))

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#decision-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#decision-save")
    @on(Input.Submitted)
    def _save(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        session = self.session
        blocs: list[str] = []
        for bloc_list in self.query("#decision-blocs").results(BlocList):
            blocs = bloc_list.selected
        value = self.chosen_value()
        if value is not DecisionValue.PARTIELLE:
            blocs = []
        decision = make_decision(
            session,
            self.candidate_id,
            value,
            self.decided_by,
            reason=self.query_one("#decision-reason", Input).value,
            observations=self.query_one("#decision-observations", Input).value,
            blocs=blocs,
        )
        problems = decision_problems(session, decision)
        if problems:
            text = Text("\n".join(f"✗ {p}" for p in problems), style="bold red")
            box = self.query_one("#decision-problems", Static)
            box.update(text)
            box.add_class("-shown")
            if value in NEEDS_REASON and not decision.reason:
                self.query_one("#decision-reason", Input).focus()
            return
        self.dismiss(decision)


# --------------------------------------------------------------------------- screen


class DeliberationScreen(Screen[None]):
    CSS_PATH = stylesheet("deliberation")

    TITLE_FR = N_("Délibération")
    HELP = N_(
        "À gauche, les candidats en délibération (ceux qui ont passé les épreuves) : total "
        "pondéré sur 20 (moyenne des notes des membres), total fondé sur les médianes, ⚠ écart "
        "quand les notes des membres divergent, épreuves complètes / prévues, décision. Filtrez "
        "avec /, triez en cliquant sur un en-tête. À droite (ou en dessous), pour le candidat "
        "sélectionné : les notes de CHAQUE membre côte à côte, critère par critère, avec la "
        "moyenne, la médiane, l'étendue (max − min) et l'écart-type ; abstentions et récusations "
        "sont écrites en toutes lettres, jamais comptées comme 0 ; les membres en conflit "
        "d'intérêts qui doivent quitter la salle ; les notes manquantes. Le président enregistre "
        "la décision (a : favorable, x : défavorable, ou les boutons) ; les autres membres et le "
        "secrétaire consultent en lecture seule. L'onglet Classement (l) donne la liste des "
        "admissibles classés, la limite des places, la liste complémentaire et les ex æquo. "
        "L'écran se met à jour tout seul quand un membre enregistre des notes."
    )
    BINDINGS = [
        Binding("escape", "back", N_("Retour"), id="deliberation.back"),
        Binding("tab", "switch_pane", N_("Volet suivant"), id="deliberation.switch_pane"),
        Binding("a", "decide_favourable", N_("Admissible"), id="deliberation.favourable"),
        Binding("x", "decide_unfavourable", N_("Non admissible"), id="deliberation.unfavourable"),
        Binding("l", "toggle_ranking", N_("Classement"), id="deliberation.ranking"),
        Binding("slash", "focus_filter", N_("Filtrer"), id="deliberation.filter"),
    ]
    #: left out of the footer, in this order, when the keys do not fit (JuryFooter)
    FOOTER_OPTIONAL = ("deliberation.switch_pane", "deliberation.filter", "deliberation.back")
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (140, "-wide")]

    def __init__(self) -> None:
        super().__init__()
        self.view: DeliberationView | None = None
        self.view_session: Session | None = None
        self.sheet: CandidateSheet | None = None
        self._cache = ResultCache()  # replaced on mount by the app's
        self._bindings_kind: object = None

    # ------------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        yield Static("", id="delib-banner")
        yield Static("", id="delib-summary")
        with TabbedContent(id="delib-tabs", initial="delib-tab-main"):
            with TabPane(_("Délibération"), id="delib-tab-main"):
                with Horizontal(id="delib-panes"):
                    with Vertical(id="delib-left"):
                        yield Input(
                            placeholder=_("Filtrer (nom, décision, « ecart », …)") + "  /",
                            id="delib-filter",
                            compact=True,
                        )
                        yield FastTable(
                            translated_columns(CANDIDATE_COLUMNS),
                            id="delib-candidates",
                            empty_text=_("Aucun candidat en délibération"),
                            fixed_columns=1,
                        )
                    with Vertical(id="delib-right"):
                        yield SheetView(id="delib-detail")
                        yield Horizontal(id="delib-actions")
            with TabPane(_("Classement"), id="delib-tab-rank"):
                yield RankTable(
                    translated_columns(RANK_COLUMNS),
                    id="delib-ranked",
                    empty_text=_("Aucun candidat admissible pour l'instant"),
                    fixed_columns=2,  # rank and name
                    shrink=False,  # the tie-breaks and places left whole: it scrolls sideways
                )
                yield Static(tie_break_rule(), id="delib-rank-rule")
        yield JuryFooter()

    def on_mount(self) -> None:
        self._cache = _cache_for(self.app)
        table = self.query_one("#delib-candidates", FastTable)
        table.link_filter(self.query_one("#delib-filter", Input))
        self.watch(self.app, "session_version", self._session_changed, init=True)
        table.focus()

    # ------------------------------------------------------------------ who

    @property
    def member(self) -> Any:
        return self.app.member  # type: ignore[attr-defined]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("decide_favourable", "decide_unfavourable") and self.read_only_reason():
            return None  # greyed: the banner says why (only the president decides)
        if action == "toggle_ranking":
            session = self.app.session  # type: ignore[attr-defined]
            return session is None or session.info.kind.is_admission  # VAE: no ranking
        return True

    def unavailable_reason(self, action: str) -> str | None:
        """Why a greyed key does nothing (the app shows it when the key is pressed)."""
        return self.read_only_reason() if action.startswith("decide_") else None

    def read_only_reason(self) -> str | None:
        """Why the member at the keyboard may not record decisions (None: may)."""
        session = self.app.session  # type: ignore[attr-defined]
        member = self.member
        closed = decisions_closed(session.info) if session is not None else None
        if closed is not None:  # the store's own rule, its words
            return _("Lecture seule : {why}.").format(why=closed)
        if member is None or member.role is not Role.PRESIDENT:
            return _("Lecture seule : {only_the_president} enregistre les décisions.").format(
                only_the_president=only_the_president(session.president if session else None)
            )
        return None

    # ------------------------------------------------------------------ data

    def _session_changed(self, _version: int = 0) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is None:
            return
        self._update_role(session)
        self._compute(session)

    def _update_role(self, session: Session) -> None:
        banner = self.query_one("#delib-banner", Static)
        reason = self.read_only_reason()
        self.refresh_bindings()
        banner.update(reason or "")
        banner.display = reason is not None
        kind = session.info.kind
        if kind != self._bindings_kind:
            self._bindings_kind = kind
            self._relabel_bindings(kind)
            actions = self.query_one("#delib-actions", Horizontal)
            actions.remove_children()
            buttons = []
            for v in stage_values(kind):
                key = (
                    " (a)"
                    if v is favourable_value(kind)
                    else " (x)"
                    if v is unfavourable_value(kind)
                    else ""
                )
                buttons.append(
                    Button(
                        f"{decision_label(kind, v)}{key}",
                        id=f"decide-{v.value}",
                        compact=True,
                        variant="success"
                        if v in _POSITIVE
                        else "warning"
                        if v in _PARTIAL
                        else "error",
                    )
                )
            actions.mount_all(buttons)
        # the buttons decide on the candidate shown: none when no candidate is
        self.query_one("#delib-actions").display = reason is None and self.sheet is not None

    def _relabel_bindings(self, kind: Any) -> None:
        """The a / x keys read as the decisions of this kind of session in the footer."""
        labels = {
            "a": decision_label(kind, favourable_value(kind)),
            "x": decision_label(kind, unfavourable_value(kind)),
        }
        for key, label in labels.items():
            bindings = self._bindings.key_to_bindings.get(key, [])
            self._bindings.key_to_bindings[key] = [
                dataclasses.replace(b, description=label) for b in bindings
            ]
        self.refresh_bindings()

    # A description is given: without one, Textual builds it from repr() of the arguments,
    # and the repr of a 5,000-dossier session takes seconds on the UI thread.
    @work(
        thread=True,
        exclusive=True,
        group="deliberation-rows",
        description="deliberation rows",
    )
    def _compute(self, session: Session) -> None:
        worker = get_current_worker()

        def should_stop() -> bool:
            time.sleep(0)  # let the UI thread have the GIL: keys stay responsive meanwhile
            return worker.is_cancelled

        kind = session.info.kind
        if (
            self.view is None
            and not self._cache.results
            and len(session.candidates) > _PENDING_FROM
        ):
            # a large session, first display: names and decisions now, marks next
            quick = deliberation_view(session, should_stop=should_stop, with_results=False)
            if quick is None or worker.is_cancelled:
                return
            rows = [candidate_row(e, kind) for e in quick.entries]
            self.app.call_from_thread(self._show, session, quick, rows, [])
        view = deliberation_view(session, self._cache, should_stop=should_stop)
        if view is None or worker.is_cancelled:
            return
        rows = [candidate_row(e, kind) for e in view.entries]
        ranked = rank_rows(session, view.ranked)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, session, view, rows, ranked)

    def _show(
        self, session: Session, view: DeliberationView, rows: list[Row], ranked: list[Row]
    ) -> None:
        if not self.is_attached:  # the screen was closed while the rows were computed
            return
        self.view = view
        self.view_session = session
        self.query_one("#delib-summary", Static).update(view.summary.text())
        table = self.query_one("#delib-candidates", FastTable)
        table.set_rows(rows)
        rank_table = self.query_one("#delib-ranked", RankTable)
        if not session.info.kind.is_admission:
            rank_table.empty_text = _(
                "Pas de classement pour ce type de session : les décisions sont individuelles."
            )
            self.query_one("#delib-rank-rule", Static).display = False
            # no tab, no key for a ranking there is not (VAE, contrat pro)
            self.query_one("#delib-tabs", TabbedContent).hide_tab("delib-tab-rank")
            self.refresh_bindings()
        elif view.summary.pending:
            rank_table.empty_text = _("Calcul du classement en cours…")
        else:
            rank_table.empty_text = _("Aucun candidat admissible pour l'instant")
        rank_table.set_rows(ranked)
        self._show_detail(table.cursor_key)

    @on(FastTable.RowHighlighted, "#delib-candidates")
    def _highlighted(self, event: FastTable.RowHighlighted) -> None:
        self._show_detail(event.key)

    @on(Input.Changed, "#delib-filter")
    def _filtered(self, event: Input.Changed) -> None:
        # a filter that hides every candidate is not « no candidate in deliberation »
        table = self.query_one("#delib-candidates", FastTable)
        table.empty_text = (
            _("Aucun candidat ne correspond au filtre")
            if event.value.strip()
            else _("Aucun candidat en délibération")
        )

    def _show_detail(self, candidate_id: str | None) -> None:
        session = self.view_session
        detail = self.query_one("#delib-detail", SheetView)
        actions = self.query_one("#delib-actions")
        if session is None or candidate_id is None or session.candidate(candidate_id) is None:
            self.sheet = None
            message = _("Aucun candidat sélectionné.") if self.view is not None else _("Calcul…")
            detail.show(lambda _width: [Text(message, style="italic")])
            actions.display = False  # no decision buttons for nobody
            return
        actions.display = self.read_only_reason() is None
        same = self.sheet is not None and self.sheet.candidate_id == candidate_id
        sheet = candidate_sheet(session, candidate_id)
        self.sheet = sheet
        kind = session.info.kind
        console = self.app.console
        detail.show(lambda width: sheet_lines(sheet, kind, width, console), keep_scroll=same)

    # ------------------------------------------------------------------ actions

    def action_back(self) -> None:
        filt = self.query_one("#delib-filter", Input)
        if filt.value and self.focused is filt:
            filt.value = ""
            self.query_one("#delib-candidates", FastTable).focus()
            return
        self.app.pop_screen()

    def action_focus_filter(self) -> None:
        self.query_one("#delib-tabs", TabbedContent).active = "delib-tab-main"
        self.query_one("#delib-filter", Input).focus()

    def action_switch_pane(self) -> None:
        tabs = self.query_one("#delib-tabs", TabbedContent)
        if tabs.active == "delib-tab-rank":
            self.query_one("#delib-ranked", RankTable).focus()
            return
        table = self.query_one("#delib-candidates", FastTable)
        detail = self.query_one("#delib-detail", SheetView)
        if self.focused is table:
            detail.focus()
        else:
            table.focus()

    def action_toggle_ranking(self) -> None:
        tabs = self.query_one("#delib-tabs", TabbedContent)
        if tabs.active == "delib-tab-rank":
            tabs.active = "delib-tab-main"
            self.query_one("#delib-candidates", FastTable).focus()
        else:
            tabs.active = "delib-tab-rank"
            self.query_one("#delib-ranked", RankTable).focus()

    def action_decide_favourable(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is not None:
            self._decide(favourable_value(session.info.kind))

    def action_decide_unfavourable(self) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is not None:
            self._decide(unfavourable_value(session.info.kind))

    @on(Button.Pressed, "#delib-actions Button")
    def _button(self, event: Button.Pressed) -> None:
        if event.button.id:
            self._decide(DecisionValue(event.button.id.removeprefix("decide-")))

    def _decide(self, value: DecisionValue) -> None:
        reason = self.read_only_reason()
        if reason is not None:
            self.notify(reason, title=_("Refusé"), severity="error", timeout=6)
            return
        tabs = self.query_one("#delib-tabs", TabbedContent)
        key: str | None
        if tabs.active == "delib-tab-rank":
            key = self.query_one("#delib-ranked", RankTable).cursor_key
        else:
            key = self.query_one("#delib-candidates", FastTable).cursor_key
        session = self.app.session  # type: ignore[attr-defined]
        cand = session.candidate(key) if key and key != LIMIT_KEY else None
        if cand is None:
            self.notify(_("Sélectionnez d'abord un candidat."), severity="warning", timeout=4)
            return
        stage = deliberation_stage(session.info.kind)
        if stage is DecisionStage.AFTER_TESTS and not in_tests(session, cand.id):
            # the ranking lists the admissibles by excellence: decided at the dossier review
            review = session.latest_decision(cand.id, DecisionStage.DOSSIER_REVIEW)
            label = decision_label(session.info.kind, review.value) if review else "—"
            self.notify(
                _(
                    "{name} n'a pas passé les épreuves (dossier classé « {decision} ») : pas de "
                    "décision après épreuves ici ; la décision sur le dossier se change depuis "
                    "le dossier (r)."
                ).format(name=cand.full_name, decision=label),
                title=_("Pas de délibération"),
                severity="warning",
                timeout=8,
            )
            return
        member = self.member
        if session.hard_conflict(member.id, cand.id) is not None:
            self.notify(
                _(
                    "Vous avez un conflit d'intérêts avec {name} : vous devez quitter la "
                    "salle ; la décision est prise et enregistrée sans vous."
                ).format(name=cand.full_name),
                title=_("Refusé"),
                severity="error",
                timeout=8,
            )
            return
        current = session.latest_decision(cand.id, deliberation_stage(session.info.kind))
        sheet = self.sheet if self.sheet and self.sheet.candidate_id == cand.id else None
        if sheet is None:
            sheet = candidate_sheet(session, cand.id)
        self.app.push_screen(
            DecisionModal(
                cand.id, cand.full_name, value, member.id, current, incomplete=not sheet.complete
            ),
            callback=self._record,
        )

    def _record(self, decision: Decision | None) -> None:
        if decision is None:
            return
        self.app.write(  # type: ignore[attr-defined]
            _("Décision enregistrée"), SessionStore.record_decision, decision
        )
