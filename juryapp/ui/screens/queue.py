"""The home screen: every dossier of the session, filterable, sortable, live."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Input, Static

from juryapp.i18n import N_, _, ngettext, school_today
from juryapp.ui.queue_rows import (
    COLUMNS,
    NO_MATCH,
    columns_for,
    first_look,
    progress_text,
    title_markup,
    to_row,
)
from juryapp.ui.widgets import Column, FastTable, JuryFooter, JuryHeader, Row, translated_columns

if TYPE_CHECKING:
    # the domain (pydantic) is imported by the workers: the quick start shows this screen
    # before it (see juryapp.ui.quickstart)
    from juryapp.domain.queue import QueueEntry
    from juryapp.ui.quickstart import FirstScreen

__all__ = [
    "COLUMNS",
    "QueueScreen",
    "columns_for",
    "first_look",
    "progress_text",
    "title_markup",
    "to_row",
]


class QueueScreen(Screen[None]):
    TITLE_FR = N_("Dossiers")
    HELP = N_(
        "Tous les dossiers de la session. Tapez dans le filtre pour chercher (nom, statut, "
        "spécialité ; plusieurs mots = tous ; « recevabilite:incomplet » pour une colonne). "
        "Cliquez sur un en-tête pour trier. ● : il vous reste une épreuve à noter ; ⊘ : conflit "
        "d'intérêts, vous ne notez pas ce candidat ; ⚠ écart : notes divergentes entre membres. "
        "La colonne « Épr. p/m/t » compte les épreuves prévues (p), notées par moi (m) et "
        "complètes, notées par tout le jury (t)."
    )
    BINDINGS = [
        Binding("slash", "focus_filter", N_("Filtrer"), id="queue.filter"),
        Binding("n", "next_unscored", N_("Suivant à noter"), id="queue.next_unscored"),
        Binding("enter", "open_dossier", N_("Ouvrir"), show=False, id="queue.open"),
        Binding("d", "deliberation", N_("Délibération"), id="queue.deliberation"),
        Binding("s", "session", N_("Session"), id="queue.session"),
        Binding(
            "m",
            "minutes",
            N_("PV"),
            id="queue.minutes",
            tooltip=N_("Le procès-verbal : ce qui reste à régler, l'aperçu, les documents"),
        ),
        Binding("escape", "clear_filter", N_("Effacer le filtre"), show=False, id="queue.clear"),
    ]

    #: above this many dossiers, the queue first shows without the marks, then fills them in
    PROGRESSIVE_FROM = 300

    def __init__(self, first_screen: FirstScreen | None = None, *, pending: bool = False) -> None:
        super().__init__()
        self.entries: list[QueueEntry] = []
        #: the quick start's rows (see juryapp.ui.quickstart), until the session is read
        self.first_screen = first_screen
        #: the rows are being read ahead: asked for once composed (JuryApp.settle_first_screen)
        self.pending = pending
        #: True once the table shows rows (the first look, the quick start's or the real ones)
        self.rows_shown = False
        self._cache: Any = None
        self._stale = False

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        yield Static("", id="session-title")
        with Horizontal(id="queue-bar"):
            yield Input(
                placeholder=_("Filtrer (nom, statut, spécialité…)") + "  /", id="queue-filter"
            )
            yield Static("", id="queue-counts")
        yield FastTable(
            translated_columns(COLUMNS),
            id="dossiers",
            empty_text=_(NO_MATCH),
            fixed_columns=1,  # the name stays when a narrow terminal scrolls to the decision
        )
        yield Static("", id="progress")
        yield JuryFooter()

    def on_mount(self) -> None:
        table = self.query_one("#dossiers", FastTable)
        table.link_filter(self.query_one("#queue-filter", Input))
        if self.pending:
            self.pending = False
            self.first_screen = self.app.settle_first_screen()  # type: ignore[attr-defined]
        if self.first_screen is not None:
            self._show_first_screen(self.first_screen)
        elif self.app.session is None:  # type: ignore[attr-defined]
            # the session is being read: say so (not « no dossier matches the filter »)
            self.query_one("#session-title", Static).update(_("Lecture de la session…"))
            table.empty_text = ""
        self.watch(self.app, "session_version", self._session_changed, init=True)
        table.focus()

    def _show_first_screen(self, first: FirstScreen) -> None:
        self.app.sub_title = first.sub_title
        self.query_one("#session-title", Static).update(first.title)
        columns, rows = first.table
        table = self.query_one("#dossiers", FastTable)
        table.set_columns(columns)
        table.set_rows(rows)
        self.rows_shown = True
        self._update_counts()
        self.call_after_refresh(self.app.first_screen_drawn)  # type: ignore[attr-defined]

    def _session_changed(self, _version: int = 0) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        if session is None:
            return
        member = self.app.member  # type: ignore[attr-defined]
        if member is None and not self.rows_shown and self.app.requested_member_id:  # type: ignore[attr-defined]
            # opened for a named member who is not logged in (a PIN to give, or not in the
            # jury): the log-in screen replaces this one; no dossier shows before
            return
        if not self.is_current and self.entries:
            self._stale = True  # recomputed when the queue shows again (on_screen_resume)
            return
        self._stale = False
        self.refresh_bindings()  # who is at the keyboard decides some keys
        self.query_one("#session-title", Static).update(title_markup(session))
        complete = self.app.session_complete  # type: ignore[attr-defined]
        ready = getattr(self.app, "first_look", None)
        if not self.entries and ready is not None and ready[0] is session:
            self._show_rows(*ready[1])  # computed by the loading worker: shown at once
            if not complete:
                return
        self._compute_rows(
            session,
            member.id if member else None,
            complete,
            self.app.session_stamp,  # type: ignore[attr-defined]
        )

    # description given: without it Textual computes repr() of the arguments (a whole
    # Session, very slow at 5,000 dossiers) on the UI thread
    @work(thread=True, exclusive=True, group="queue-rows", description="dossier queue rows")
    def _compute_rows(  # type: ignore[no-untyped-def]
        self, session, member_id: str | None, complete: bool = True, stamp: Any = None
    ) -> None:
        from juryapp.domain.queue import QueueCache, queue_entries
        from juryapp.ui.quickstart import made_with

        made = made_with()  # the day and the settings the rows are computed with
        if self._cache is None:
            self._cache = QueueCache()
        if not self._cache.entries and (
            not complete or len(session.candidates) >= self.PROGRESSIVE_FROM
        ):
            if not self.rows_shown:
                self.app.call_from_thread(self._show_rows, *first_look(session))
            if not complete:
                return  # the complete session follows: the marks are computed then
        entries = queue_entries(session, member_id, cache=self._cache, today=school_today())
        columns = columns_for(entries)
        rows = [to_row(e, columns) for e in entries]
        self.app.call_from_thread(self._show_rows, entries, columns, rows)
        if complete and member_id is not None and stamp is not None:
            self._keep_for_next_start(session, member_id, entries, columns, rows, stamp, made)

    def _keep_for_next_start(  # type: ignore[no-untyped-def]
        self, session, member_id: str, entries, columns, rows, stamp: Any, made: Any = None
    ) -> None:
        """Write the rows just shown for the next start (in this worker thread)."""
        from juryapp.settings import load_settings
        from juryapp.ui import quickstart
        from juryapp.ui.queue_rows import first_screen_of

        # the settings as they are now (another instance may have changed them)
        screen = first_screen_of(session, member_id, load_settings(), entries, columns, rows)
        if screen is not None:
            quickstart.save(self.app.store_path, member_id, stamp, screen, made)  # type: ignore[attr-defined]

    def _show_rows(
        self, entries: list[QueueEntry], columns: tuple[Column, ...], rows: list[Row]
    ) -> None:
        self.entries = entries
        self.first_screen = None
        table = self.query_one("#dossiers", FastTable)
        table.empty_text = _(NO_MATCH)
        if tuple(c.key for c in table.columns) != tuple(c.key for c in columns):
            table.set_columns(columns)
        table.set_rows(rows)
        self.rows_shown = True
        self._update_counts()
        self.call_after_refresh(self.app.first_screen_drawn)  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        if self._stale:
            self._session_changed()

    @on(FastTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._update_counts()

    @on(Input.Changed, "#queue-filter")
    def _filtered(self) -> None:
        self._update_counts()

    def _update_counts(self) -> None:
        table = self.query_one("#dossiers", FastTable)
        first = self.first_screen
        total = table.row_count if first is not None else len(self.entries)
        shown = table.visible_count
        self.query_one("#queue-counts", Static).update(
            ngettext("{shown}/{n} dossier", "{shown}/{n} dossiers", total).format(
                shown=shown, n=total
            )
            if shown != total
            else ngettext("{n} dossier", "{n} dossiers", total).format(n=total)
        )
        if first is not None:
            text = first.progress
        else:
            text = progress_text(self.entries, self.app.member)  # type: ignore[attr-defined]
        self.query_one("#progress", Static).update(text)

    # ------------------------------------------------------------------ actions

    def action_focus_filter(self) -> None:
        self.query_one("#queue-filter", Input).focus()

    def action_clear_filter(self) -> None:
        filt = self.query_one("#queue-filter", Input)
        filt.value = ""
        self.query_one("#dossiers", FastTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_unscored":
            # the secretary scores nothing: no such key for her
            member = self.app.member  # type: ignore[attr-defined]
            return member is None or member.role.value != "secretaire"
        return True

    def action_next_unscored(self) -> None:
        from juryapp.domain.queue import next_to_score

        if not self.entries and self.app.still_reading():  # type: ignore[attr-defined]
            return
        table = self.query_one("#dossiers", FastTable)
        nxt = next_to_score(self.entries, table.visible_keys, table.cursor_key)
        if nxt is None:
            self.notify(_("Plus aucun dossier à noter pour vous dans cette liste."), timeout=4)
            return
        table.cursor_key = nxt
        table.focus()

    @on(FastTable.RowSelected)
    def _selected(self, event: FastTable.RowSelected) -> None:
        self._open(event.key)

    def action_open_dossier(self) -> None:
        key = self.query_one("#dossiers", FastTable).cursor_key
        if key:
            self._open(key)

    def _open(self, candidate_id: str) -> None:
        from juryapp.ui.screens.dossier import DossierScreen

        if not self.app.still_reading():  # type: ignore[attr-defined]
            self.app.push_screen(DossierScreen(candidate_id))

    def action_deliberation(self) -> None:
        from juryapp.ui.screens.deliberation import DeliberationScreen

        if not self.app.still_reading():  # type: ignore[attr-defined]
            self.app.push_screen(DeliberationScreen())

    def action_minutes(self) -> None:
        from juryapp.ui.screens.minutes import MinutesScreen

        if not self.app.still_reading():  # type: ignore[attr-defined]
            self.app.push_screen(MinutesScreen())

    def action_session(self) -> None:
        from juryapp.ui.screens.session_setup import SessionSetupScreen

        if not self.app.still_reading():  # type: ignore[attr-defined]
            self.app.push_screen(SessionSetupScreen())
