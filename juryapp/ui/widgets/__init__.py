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

__all__ = [
    "Cell",
    "Column",
    "FastTable",
    "JuryFooter",
    "Row",
    "normalize_search",
    "translated_columns",
]
