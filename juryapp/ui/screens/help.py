"""F1: the keys and the purpose of the screen underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Fermer", id="help.close"),
        Binding("f1", "app.pop_screen", "Fermer", show=False),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(self._text())

    def _text(self) -> str:
        title = getattr(self.target, "TITLE_FR", None) or type(self.target).__name__
        lines = [f"# Aide — {title}", ""]
        doc = getattr(self.target, "HELP", "")
        if doc:
            lines += [doc, ""]
        focused = self.target.focused
        if focused is not None and getattr(focused, "HELP", None):
            lines += ["## Zone active", "", str(focused.HELP), ""]
        lines += ["## Touches", "", "| touche | action |", "|---|---|"]
        seen: set[str] = set()
        for node in [
            self.target,
            *(self.target.focused.ancestors_with_self if self.target.focused else []),
        ]:
            for binding in getattr(node, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                key = binding.key_display or binding.key
                if (key, binding.description) in seen:
                    continue
                seen.add((key, binding.description))
                lines.append(f"| `{key}` | {binding.description} |")
        lines += [
            "| `F1` | cette aide |",
            "| `Ctrl+P` | palette de commandes (ouvrir un dossier par son nom, changer d'écran, thème…) |",
            "| `Ctrl+Q` | quitter |",
            "",
            "Tout ce que vous saisissez est enregistré sur le disque au fur et à mesure.",
        ]
        return "\n".join(lines)
