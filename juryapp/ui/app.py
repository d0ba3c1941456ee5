"""The Textual application: for now the dossier queue of a session.

The session is read by a worker thread (store I/O never runs on the UI thread); the
screens proper (scoring panels, deliberation...) come with the jury's screens issue.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, LoadingIndicator, Static

from juryapp.domain.models import Session


def stylesheet() -> Path:
    """The app's stylesheet, from the installed package (styles/ in the repository)."""
    return Path(str(files("juryapp.styles").joinpath("app.tcss")))


class JuryApp(App[None]):
    """Full-screen application on one session folder."""

    CSS_PATH = stylesheet()
    TITLE = "juryapp"
    BINDINGS = [
        Binding("q", "quit", "Quitter", id="app.quit"),
        Binding("r", "reload", "Recharger", id="app.reload"),
    ]

    def __init__(self, session_path: Path, member_id: str | None = None) -> None:
        super().__init__()
        self.session_path = Path(session_path)
        self.member_id = member_id
        self.session: Session | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="session-title")
        yield Static("", id="session-meta")
        yield LoadingIndicator(id="loading")
        table: DataTable[str] = DataTable(id="dossiers", cursor_type="row", zebra_stripes=True)
        table.display = False
        yield table
        yield Static("", id="progress")
        yield Footer()

    def on_mount(self) -> None:
        self.load_session()

    def action_reload(self) -> None:
        self.load_session()

    @work(thread=True, exclusive=True, group="load")
    def load_session(self) -> None:
        from juryapp.store.errors import StoreError
        from juryapp.store.session_store import SessionStore

        try:
            session = SessionStore.open(self.session_path).load()
        except StoreError as exc:
            self.call_from_thread(self._show_error, str(exc))
            return
        self.call_from_thread(self._show_session, session)

    def _show_error(self, message: str) -> None:
        self.query_one("#loading").display = False
        self.query_one("#session-title", Static).update("Session illisible")
        self.query_one("#session-meta", Static).update(message)
        self.notify(message, title="Erreur", severity="error", timeout=10)

    def _show_session(self, session: Session) -> None:
        from juryapp.domain.eligibility import EligibilityStatus, check_eligibility
        from juryapp.domain.kinds import KIND_LABELS, STATUS_LABELS, decision_label
        from juryapp.domain.text import name_key

        self.session = session
        info = session.info
        self.sub_title = info.id
        who = session.member(self.member_id) if self.member_id else None
        self.query_one("#session-title", Static).update(info.title)
        meta = f"{KIND_LABELS.get(info.kind, info.kind.value)} · {STATUS_LABELS.get(info.status, info.status.value)}"
        meta += f" · {len(session.candidates)} dossiers · {info.places} places"
        if who is not None:
            meta += f" · connecté : {who.full_name}"
        self.query_one("#session-meta", Static).update(meta)

        table = self.query_one("#dossiers", DataTable)
        table.clear(columns=True)
        table.add_columns("Nom", "Spécialité", "Filière", "Recevabilité", "Décision")
        marks = {
            EligibilityStatus.ELIGIBLE: "✓ recevable",
            EligibilityStatus.JURY_DECIDES: "? au jury",
            EligibilityStatus.INELIGIBLE: "✗ non recevable",
            EligibilityStatus.NOT_EXAMINED: "✗ incomplet",
        }
        decided = 0
        for cand in sorted(
            session.candidates, key=lambda c: name_key(c.last_name, c.first_name, c.id)
        ):
            el = check_eligibility(cand, info.kind, info.specialty or cand.specialty)
            d = session.latest_decision(cand.id)
            decided += d is not None
            table.add_row(
                cand.full_name,
                cand.specialty,
                cand.track.value,
                marks.get(el.status, el.status.value),
                decision_label(info.kind, d.value) if d else "—",
                key=cand.id,
            )
        self.query_one("#loading").display = False
        table.display = True
        table.focus()
        self.query_one("#progress", Static).update(
            f"{decided}/{len(session.candidates)} dossiers avec une décision"
        )
