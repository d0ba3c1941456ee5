"""Shown while the session is read from disk (in a worker), or when it cannot be read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import LoadingIndicator, Static

from juryapp.i18n import N_, _
from juryapp.ui.widgets import JuryFooter, JuryHeader


class LoadingScreen(Screen[None]):
    TITLE_FR = N_("Lecture de la session")
    HELP = N_(
        "La session est en cours de lecture. Si elle est illisible, le message dit quel "
        "fichier et pourquoi ; rien n'est modifié."
    )

    #: seconds before the spinner shows
    SPINNER_AFTER = 0.4

    def compose(self) -> ComposeResult:
        yield JuryHeader()
        yield Static(_("Lecture de la session…"), id="loading-text")
        indicator = LoadingIndicator(id="loading")
        # only for a read that takes a while: a quick one shows no flashing spinner (and
        # does not share the interpreter with its animation)
        indicator.display = False
        yield indicator
        yield JuryFooter()

    def on_mount(self) -> None:
        self.set_timer(self.SPINNER_AFTER, self._show_spinner)

    def _show_spinner(self) -> None:
        if not self.app.load_error:  # type: ignore[attr-defined]
            self.query_one("#loading").display = True

    def show_error(self, message: str) -> None:
        self.query_one("#loading").display = False
        self.query_one("#loading-text", Static).update(
            "[b]"
            + _("Session illisible")
            + f"[/b]\n\n{message}\n\n"
            + _(
                "Rien n'a été modifié. Corrigez le fichier ou restaurez la dernière sauvegarde, "
                "puis Ctrl+R pour relire."
            )
        )
