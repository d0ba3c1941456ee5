"""The data of a table: its columns, its rows, and how a search folds text (accents,
ligatures).  Without Textual: the dossier queue's rows are computed in places where Textual
is not imported (:mod:`juryapp.ui.queue_rows`, the quick start's read-ahead).
:class:`~juryapp.ui.widgets.FastTable` shows them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from rich.text import Text

from juryapp.i18n import _

__all__ = ["Align", "Cell", "Column", "Row", "normalize_search", "translated_columns"]

Cell = str | Text
"""A cell value: plain text, or rich `Text` (symbol + colour, never colour alone)."""

Align = Literal["left", "right", "center"]

_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Letters that NFKD does not decompose but that a French keyboard user types plainly.
_FOLD = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "þ": "th",
    "æ": "ae",
    "œ": "oe",
    "ß": "ss",
    "’": "'",
    "‘": "'",
    "ʼ": "'",
    "‐": "-",
    "‑": "-",
    "–": "-",
    "—": "-",
    "\u00a0": " ",
    "\u202f": " ",
}
_FOLD_RE = re.compile("[" + "".join(_FOLD) + "]")


def normalize_search(text: str) -> str:
    """Fold `text` for matching: casefolded, accents and ligatures removed.

    "Hélène" → "helene", "Łukasz" → "lukasz", "Œuvre" → "oeuvre", "Nguyễn" → "nguyen".
    Non-Latin scripts are kept (casefolded).
    """
    if text.isascii():
        return text.casefold()
    folded = _COMBINING.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return _FOLD_RE.sub(lambda m: _FOLD[m.group()], folded)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a `FastTable`.

    Args:
        key: Stable identifier (used by `sort_by` and `field:value` filters).
        label: Header text (also usable as the field of a `field:value` filter).
        width: Content width in cells; None = from a sample of the content, capped at
            `AUTO_WIDTH_CAP` (auto columns shrink first when the widget is narrow).
        align: "left", "right" or "center" (header and cells).
        sort_key: Called with the cell value (`str` or `Text`) to sort this column;
            None = natural order: numbers (French "12,5" too) before text, text
            compared casefolded and without accents.
    """

    key: str
    label: str
    width: int | None = None
    align: Align = "left"
    sort_key: Callable[[Any], Any] | None = None


def translated_columns(columns: Iterable[Column]) -> tuple[Column, ...]:
    """``columns`` with their labels (French msgids marked with ``N_``) in the current
    language: column constants are evaluated at import, before the language is known."""
    return tuple(replace(c, label=_(c.label)) if c.label else c for c in columns)


@dataclass(frozen=True, slots=True)
class Row:
    """A row: a stable `key`, one value per column, and any payload in `data`."""

    key: str
    cells: tuple[Cell, ...]
    data: Any = field(default=None, compare=False)
    #: more text the filter finds this row by, not shown (a cell's full wording when the
    #: cell shows a short one)
    search: str = field(default="", compare=False)
