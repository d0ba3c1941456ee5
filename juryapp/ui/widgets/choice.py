"""`Choice` and `Tick`: a radio button and a checkbox showing their state by a symbol;
`BlocList`: the blocs de compétences to tick (☑ accordé / ☐ non accordé)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Checkbox, OptionList, RadioButton
from textual.widgets.option_list import Option

from juryapp.i18n import N_, _


class Choice(RadioButton):
    """A radio button whose state shows by its symbol too (◉ chosen, ○ not), not by its
    colour alone (Textual draws the same ● for both)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "◉" if self.value else "○"
        return super()._button


class Tick(Checkbox):
    """A checkbox whose state shows by its symbol too (✓ ticked, blank not), not by its
    colour alone (Textual draws the same X for both)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button


class BlocList(OptionList):
    """The blocs de compétences, each ticked (☑ accordé) or not (☐): Entrée, Espace or a
    click toggles the highlighted one."""

    BINDINGS = [Binding("space", "select", N_("Cocher / décocher"), show=False)]

    def __init__(self, blocs: list[tuple[str, str]], **kwargs: Any) -> None:
        self.blocs = blocs
        self.granted: set[str] = set()
        super().__init__(*[Option(self._prompt(i, lb), id=i) for i, lb in blocs], **kwargs)

    def _prompt(self, bloc_id: str, label: str) -> Text:
        text = Text()
        if bloc_id in self.granted:
            text.append("☑ " + _("accordé") + "  ", style="bold green")
        else:
            text.append("☐ " + _("non accordé") + "  ", style="dim")
        text.append(f"{bloc_id} — ", style="bold")
        text.append(label)
        return text

    @property
    def selected(self) -> list[str]:
        """The blocs ticked, in the session's order."""
        return [i for i, _label in self.blocs if i in self.granted]

    def set_granted(self, granted: set[str]) -> None:
        self.granted = set(granted)
        for bloc_id, label in self.blocs:
            self.replace_option_prompt(bloc_id, self._prompt(bloc_id, label))

    def toggle(self, bloc_id: str) -> None:
        self.set_granted(self.granted ^ {bloc_id})

    @on(OptionList.OptionSelected)
    def _toggled(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)
