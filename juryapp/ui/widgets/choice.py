"""`Choice` and `Tick`: a radio button and a checkbox showing their state by a symbol."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton


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
