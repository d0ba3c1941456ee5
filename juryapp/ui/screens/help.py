"""F1: the keys and the purpose of the screen underneath."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from juryapp.i18n import N_, _
from juryapp.ui.widgets import JuryFooter
from juryapp.ui.widgets.footer import translated


class HelpScreen(ModalScreen[None]):
    """The help of the screen underneath: its ``TITLE_FR`` and ``HELP`` (French msgids marked
    with ``N_``), the ``HELP`` of the focused widget and the keys, all in the user's
    language."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Fermer"), id="help.close"),
        Binding("f1", "app.pop_screen", N_("Fermer"), show=False),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Markdown(self._text())
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def _text(self) -> str:
        title = translated(getattr(self.target, "TITLE_FR", None) or "") or _("cet écran")
        lines = [_("# Aide — {title}").format(title=title), ""]
        doc = getattr(self.target, "HELP", "")
        if doc:
            lines += [translated(str(doc)), ""]
        focused = self.target.focused
        if focused is not None and getattr(focused, "HELP", None):
            lines += [_("## Zone active"), "", translated(str(focused.HELP)), ""]
        lines += [_("## Touches"), "", _("| touche | action |"), "|---|---|"]
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
                lines.append(f"| `{key}` | {translated(binding.description)} |")
        lines += [
            "| `F1` | " + _("cette aide") + " |",
            "| `Ctrl+P` | "
            + _("palette de commandes (ouvrir un dossier par son nom, changer d'écran, thème…)")
            + " |",
            "| `Ctrl+Q` | " + _("quitter") + " |",
            "",
            _("Tout ce que vous saisissez est enregistré sur le disque au fur et à mesure."),
        ]
        return "\n".join(lines)
