"""Shown while the session is read from disk (in a worker), or when it cannot be read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static


class LoadingScreen(Screen[None]):
    HELP = "La session est en cours de lecture. Si elle est illisible, le message dit quel fichier et pourquoi ; rien n'est modifié."

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Lecture de la session…", id="loading-text")
        yield LoadingIndicator(id="loading")
        yield Footer()

    def show_error(self, message: str) -> None:
        self.query_one("#loading").display = False
        self.query_one("#loading-text", Static).update(
            f"[b]Session illisible[/b]\n\n{message}\n\nRien n'a été modifié. Corrigez le fichier ou "
            "restaurez la dernière sauvegarde, puis Ctrl+R pour relire."
        )
