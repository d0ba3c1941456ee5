"""F1: the keys and the purpose of the screen underneath."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown

from juryapp.i18n import N_, _, pgettext
from juryapp.ui.widgets import JuryFooter
from juryapp.ui.widgets.footer import TEXTUAL_KEYS, translated

#: the app's own keys, listed once at the end of every help
_APP_KEYS = ("f1", "ctrl+p", "ctrl+q")


def _key_names() -> dict[str, str]:
    """Key names as Textual writes them -> as the user reads them, in their language (the
    « touche » context: « Fin » the key is not « Fin » the end of a phase)."""
    return {
        "escape": pgettext("touche", "Échap"),
        "enter": pgettext("touche", "Entrée"),
        "tab": "Tab",
        "space": pgettext("touche", "Espace"),
        "slash": "/",
        "up": "↑",
        "down": "↓",
        "left": "←",
        "right": "→",
        "pageup": pgettext("touche", "PgPréc"),
        "pagedown": pgettext("touche", "PgSuiv"),
        "home": pgettext("touche", "Début"),
        "end": pgettext("touche", "Fin"),
        "backspace": pgettext("touche", "Retour arrière"),
        "delete": pgettext("touche", "Suppr"),
        "insert": pgettext("touche", "Inser"),
        "ctrl": "Ctrl",
        "shift": pgettext("touche", "Maj"),
        "alt": "Alt",
        "super": pgettext("touche", "Cmd"),
    }


def key_label(binding: Binding) -> str:
    """« `Ctrl+S` », « `Échap` », « `↑` / `k` »: the keys of ``binding`` as a user reads them
    (Textual's names are « slash », « escape », « home,ctrl+home »)."""
    names = _key_names()
    labels = []
    for key in binding.key.split(","):
        *mods, name = key.strip().split("+")
        if name in names:
            word = names[name]
        elif len(name) > 1 and name[0] == "f" and name[1:].isdigit():
            word = name.upper()  # F5
        else:
            word = (
                name.upper() if mods and len(name) == 1 else name
            )  # Ctrl+S; a lone « a » as it is
        labels.append("+".join([*(names.get(m, m.capitalize()) for m in mods), word]))
    return " / ".join(f"`{label}`" for label in dict.fromkeys(labels))


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
        # the app's keys (F1, Ctrl+P, Ctrl+Q) come once, at the end; the keys of Textual's own
        # widgets (editing a field, moving in a list) after the screen's, apart
        seen: set[tuple[str, str]] = set()
        own: list[str] = []
        editing: list[str] = []
        for node in [
            self.target,
            *(self.target.focused.ancestors_with_self if self.target.focused else []),
        ]:
            for binding in getattr(node, "BINDINGS", []):
                if not isinstance(binding, Binding) or not binding.description:
                    continue
                if binding.key in _APP_KEYS or (binding.key, binding.description) in seen:
                    continue
                if not _offered(node, binding):
                    continue  # hidden here (« g » makes the PV or its draft, never both)
                seen.add((binding.key, binding.description))
                row = f"| {key_label(binding)} | {translated(binding.description)} |"
                (editing if binding.description in TEXTUAL_KEYS else own).append(row)
        lines += own
        lines += [
            "| `F1` | " + _("Cette aide") + " |",
            "| `Ctrl+P` | "
            + _("Palette de commandes (ouvrir un dossier par son nom, changer d'écran, thème…)")
            + " |",
            "| `Ctrl+Q` | " + _("Quitter") + " |",
            "",
        ]
        if editing:
            lines += [
                _("## Touches de la zone active (saisie, listes)"),
                "",
                _("| touche | action |"),
                "|---|---|",
            ]
            lines += [*editing, ""]
        lines += [
            _("Tout ce que vous saisissez est enregistré sur le disque au fur et à mesure."),
        ]
        return "\n".join(lines)


def _offered(node: Any, binding: Binding) -> bool:
    """Whether ``binding`` is offered on ``node`` now: its ``check_action`` does not hide it
    (None, greyed, is offered: F1 lists it)."""
    from textual.actions import parse

    try:
        target, name, params = parse(binding.action)
    except Exception:  # noqa: BLE001 - an action Textual cannot parse: listed as it is
        return True
    if target or not hasattr(node, "check_action"):
        return True  # another namespace's action (« app.pop_screen »)
    return node.check_action(name, params) is not False
