"""Reusable widgets of the juryapp UI."""

from juryapp.ui.widgets.fast_table import Cell, Column, FastTable, Row, normalize_search

__all__ = ["Cell", "Column", "FastTable", "Row", "normalize_search"]
