"""Reusable widgets of the juryapp UI."""

from juryapp.ui.widgets.fast_table import (
    Cell,
    Column,
    FastTable,
    Row,
    normalize_search,
    translated_columns,
)
from juryapp.ui.widgets.footer import JuryFooter
from juryapp.ui.widgets.header import JuryHeader, who_is_at_the_keyboard

__all__ = [
    "Cell",
    "Column",
    "FastTable",
    "JuryFooter",
    "JuryHeader",
    "Row",
    "normalize_search",
    "translated_columns",
    "who_is_at_the_keyboard",
]
