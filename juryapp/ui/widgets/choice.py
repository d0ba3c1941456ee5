"""`Choice`: a radio button whose state shows by its symbol, not by its colour alone."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton


class Choice(RadioButton):
    """A radio button whose state shows by its symbol too (◉ chosen, ○ not), not by its
    colour alone (Textual draws the same ● for both)."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "◉" if self.value else "○"
        return super()._button
