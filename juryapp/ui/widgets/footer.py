"""`JuryFooter`: the footer of every screen of juryapp.

Two things Textual's :class:`~textual.widgets.Footer` does not do:

* **the keys in the user's language.**  Binding descriptions and tooltips are written as
  French msgids marked with ``N_`` (``Binding("f5", "timer", N_("Chronomètre"))``): class
  attributes are evaluated at import, before ``--lang`` is known, so they are translated
  here, each time the footer shows them (the help screen, F1, translates them the same way).
  A description that is no msgid (a Textual default, or one already translated such as the
  decision keys of the deliberation) is shown as it is;
* **no rebuild on a focus change that changes no key.**  Textual's Footer recomposes at
  every focus change (0.2 to 0.5 s of a jury member's Tab or Enter in the scoring panel);
  this one rebuilds only when the keys it shows, their descriptions or their state change;
* **F1 (help) first, and compact in a narrow terminal.**  The application's keys come last
  in Textual's order, so an 80-column terminal cut « F1 Aide » off the end of most screens:
  the help key, the way to every other key, is shown first, and below
  :data:`COMPACT_BELOW` columns the keys are packed closer; when they still do not fit, the
  palette's key (docked on the right, over the last keys) shows as « ^p » alone, then the
  keys a screen names in ``FOOTER_OPTIONAL`` (binding ids, e.g.
  ``("deliberation.switch_pane", "deliberation.filter")``: a key the user remapped goes
  too), then Ctrl+Q and the way back (Esc), are left out, in that order, until the others
  fit; F1 lists them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

from juryapp.i18n import N_, _

if TYPE_CHECKING:
    from textual.screen import Screen

__all__ = ["JuryFooter", "translated"]

#: terminals narrower than this get a compact footer (less space between the keys)
COMPACT_BELOW = 110

#: the help key, shown first
HELP_KEY = "f1"

#: left out of a footer still too wide once the screen's own optional keys are (binding
#: ids; « *.back »: any screen's way back, « *.cancel » a dialog's): Ctrl+Q and Esc are in
#: F1, and the same on every screen
LAST_RESORT = ("app.quit", "*.back", "*.cancel", "help.close")


def _is(binding_id: str | None, wanted: str) -> bool:
    if binding_id is None:
        return False
    if wanted.startswith("*"):
        return binding_id.endswith(wanted[1:])
    return binding_id == wanted


#: the descriptions of the keys of Textual's own widgets (fields, lists, radio buttons,
#: tabs, scrolling), in English in Textual: their French msgids, for the footer and F1
TEXTUAL_KEYS: dict[str, str] = {
    "Copy selected text": N_("Copier le texte sélectionné"),
    "Cut selected text": N_("Couper le texte sélectionné"),
    "Paste text from the clipboard": N_("Coller"),
    "Delete all to the left": N_("Effacer tout à gauche"),
    "Delete all to the right": N_("Effacer tout à droite"),
    "Delete character left": N_("Effacer le caractère à gauche"),
    "Delete character right": N_("Effacer le caractère à droite"),
    "Delete left to start of word": N_("Effacer jusqu'au début du mot"),
    "Delete right to start of word": N_("Effacer jusqu'au mot suivant"),
    "Go to end": N_("Aller à la fin"),
    "Go to start": N_("Aller au début"),
    "Move cursor left": N_("Curseur à gauche"),
    "Move cursor left a word": N_("Curseur au mot précédent"),
    "Move cursor left a word and select": N_("Sélectionner jusqu'au mot précédent"),
    "Move cursor left and select": N_("Sélectionner à gauche"),
    "Move cursor right a word": N_("Curseur au mot suivant"),
    "Move cursor right a word and select": N_("Sélectionner jusqu'au mot suivant"),
    "Move cursor right and select": N_("Sélectionner à droite"),
    "Move cursor right or accept the completion suggestion": N_("Curseur à droite"),
    "Select all": N_("Tout sélectionner"),
    "Select line end": N_("Sélectionner jusqu'à la fin"),
    "Select line start": N_("Sélectionner jusqu'au début"),
    "Submit": N_("Valider"),
    "Up": N_("Haut"),
    "Down": N_("Bas"),
    "First": N_("Premier"),
    "Last": N_("Dernier"),
    "Select": N_("Choisir"),
    "Page Up": N_("Page précédente"),
    "Page Down": N_("Page suivante"),
    "Page Left": N_("Page à gauche"),
    "Page Right": N_("Page à droite"),
    "Scroll Up": N_("Défiler vers le haut"),
    "Scroll Down": N_("Défiler vers le bas"),
    "Scroll Left": N_("Défiler vers la gauche"),
    "Scroll Right": N_("Défiler vers la droite"),
    "Scroll Home": N_("Défiler au début"),
    "Scroll End": N_("Défiler à la fin"),
    "Next option": N_("Option suivante"),
    "Previous option": N_("Option précédente"),
    "Toggle": N_("Cocher / décocher"),
    "Next tab": N_("Onglet suivant"),
    "Previous tab": N_("Onglet précédent"),
    "Press button": N_("Appuyer sur le bouton"),
    "Show menu": N_("Ouvrir la liste"),
    "Focus Next": N_("Zone suivante"),
    "Focus Previous": N_("Zone précédente"),
    "Quit": N_("Quitter"),
}


def translated(text: str) -> str:
    """``text`` (a French msgid, one of Textual's key descriptions, or any text) in the
    current language; ``""`` stays ``""`` (gettext would answer the catalog's header)."""
    if not text:
        return text
    return _(TEXTUAL_KEYS.get(text, text))


class JuryFooter(Footer):
    """The keys of the screen, translated, rebuilt only when they change."""

    _shown: tuple[Any, ...] | None = None

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = [w for w in widgets if isinstance(w, FooterKey) and w.key == HELP_KEY]
        widgets = [*first, *(w for w in widgets if w not in first)]
        for widget in widgets:
            if isinstance(widget, FooterKey):
                widget.description = translated(widget.description)
                tooltip = widget.tooltip
                if isinstance(tooltip, str) and tooltip:
                    widget.tooltip = _(tooltip)
            elif isinstance(widget, FooterLabel):
                # a group's description (no screen of juryapp groups its keys yet)
                content = widget.content
                if isinstance(content, str) and content:
                    widget.update(_(content))
        width = self._composed_width = self.app.size.width
        palette = [
            w for w in widgets if isinstance(w, FooterKey) and w.has_class("-command-palette")
        ]
        self._trimmed = bool(palette) and not self._fits(widgets, width)
        if self._trimmed:
            # the palette's key docks on the right, over the last keys: « ^p » alone (its
            # tooltip and F1 say what it does) leaves them room (« ^q Quitter » at 80 columns)
            palette[0].description = ""
        # still too many: the screen's optional keys go, in its order (F1 still lists them,
        # and they still work); known by their binding's id, whatever key the user chose
        ids = {(b.key, b.action): b.id for _n, b, _e, _t in self.screen.active_bindings.values()}
        for wanted in (*getattr(self.screen, "FOOTER_OPTIONAL", ()), *LAST_RESORT):
            if self._fits(widgets, width):
                break
            self._trimmed = True
            widgets = [
                w
                for w in widgets
                if not (isinstance(w, FooterKey) and _is(ids.get((w.key, w.action)), wanted))
            ]
        yield from widgets

    #: some keys are shortened or left out, for the width composed for (see compose)
    _trimmed = False
    _composed_width = 0

    def _fits(self, widgets: list[Any], width: int) -> bool:
        """Whether the keys, as :class:`FooterKey` draws them, fit in ``width`` columns."""
        used, compact = 0, width < COMPACT_BELOW
        for widget in widgets:
            if not isinstance(widget, FooterKey):
                used += cell_len(str(getattr(widget, "content", ""))) + 1
                continue
            key, description = cell_len(widget.key_display), cell_len(widget.description)
            if compact:  # key without padding, « description », a margin after
                used += key + (1 + description if description else 0) + 1
            else:  # « key » with a space each side, « description », a space after it
                used += key + 2 + (description + 1 if description else 0)
            if widget.has_class("-command-palette"):
                used += 1 - compact  # its border, no margin after it (docked on the right)
        return used <= width

    def bindings_changed(self, screen: Screen) -> None:
        shown = tuple(
            (key, b.binding.description, b.binding.tooltip, b.enabled, b.tooltip)
            for key, b in screen.active_bindings.items()
            if b.binding.show
        )
        if shown == self._shown and self.children:
            self._bindings_ready = True
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # the recompose below will happen
        super().bindings_changed(screen)

    def on_resize(self) -> None:
        width = self.app.size.width
        self.compact = width < COMPACT_BELOW
        if width != self._composed_width and (
            self._trimmed or not self._fits(list(self.children), width)
        ):
            self.refresh(recompose=True)  # keys to leave out, or to show again
