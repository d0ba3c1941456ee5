"""`FastTable`: a read-only table that stays fluid with 10,000 rows.

Textual's `DataTable` measures every cell it receives; at 10,000 rows it needs about a
second to settle and rebuilding it on each keystroke of a type-to-filter is far too
slow. `FastTable` is a *line-API* widget (a `ScrollView` with `render_line`): it keeps
the rows in plain Python lists and only renders the lines that are on screen, so

* `set_rows` costs one pass over the rows (a normalised search string per row, column
  widths from a sample of the rows),
* `filter` is a scan of those precomputed strings (about a millisecond at 5,000 rows),
* a repaint renders at most the visible lines (each cached until it changes).

Wire a filter box with `table.link_filter(input)` rather than an `Input.Changed`
handler: the filter then runs inside the Input's own change and both are repainted in
the same frame (see benchmarks/bench_table_filter.py).

Cells are plain `str` or rich `Text` (so a status can carry a symbol *and* a colour:
status must never be conveyed by colour alone).

Default order: the order of the list given to `set_rows`. `sort_by(column)` sorts
ascending, a repeated call on the same column toggles to descending and back;
`sort_by(None)` (or `clear_sort()`) returns to the default order. Sorting is stable,
and empty cells always come last whatever the direction.

Styling: the component classes `fast-table--header`, `fast-table--cursor`,
`fast-table--even`, `fast-table--odd` (and `fast-table--empty` for the "no rows"
line) can be restyled by the app's CSS or themes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from juryapp.i18n import N_, _
from juryapp.ui.table_rows import (
    Align,
    Cell,
    Column,
    Row,
    normalize_search,
    translated_columns,
)

__all__ = ["Cell", "Column", "FastTable", "Row", "normalize_search", "translated_columns"]

_SEP = "\x1f"
"""Separates the cells in a row's search string (never typed, never in a term)."""

_CONTROL = re.compile("[\x00-\x1f\x7f]")
_TOKEN = re.compile(r'(?:([^\s:"]+):)?(?:"([^"]*)"?|(\S*))')
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")

AUTO_WIDTH_CAP = 40
"""Auto-sized columns never get wider than this from their content (their label may)."""
_MIN_SHRINK_WIDTH = 6
_SAMPLE_ROWS = 1000
_LINE_CACHE_MAX = 1024


def _plain(cell: Any) -> str:
    if isinstance(cell, str):
        return str.__str__(cell)  # a (str, Enum) member gives its value, not "Cls.NAME"
    if isinstance(cell, Text):
        return cell.plain
    return "" if cell is None else str(cell)


def _one_line(text: str) -> str:
    """Control characters (newlines, tabs) would break a line: shown as spaces."""
    return _CONTROL.sub(" ", text) if not text.isprintable() else text


@dataclass(frozen=True, slots=True)
class _Term:
    columns: tuple[int, ...] | None  # None: any cell
    value: str


def _natural_key(cell: Any) -> tuple[int, float, str]:
    plain = _plain(cell).strip()
    compact = plain.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if _NUMBER.fullmatch(compact):
        return (0, float(compact.replace(",", ".")), "")
    return (1, 0.0, normalize_search(plain))


class FastTable(ScrollView, can_focus=True):
    """A table rendering only its visible lines; filter, sort, row cursor.

    Keys: up/down, pageup/pagedown, home/end move the cursor; enter selects. Mouse:
    click a row to move the cursor, click it again (or double click) to select, click a
    header to sort by that column, the wheel scrolls.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", N_("Ligne précédente"), show=False),
        Binding("down", "cursor_down", N_("Ligne suivante"), show=False),
        Binding("pageup", "cursor_page_up", N_("Page précédente"), show=False),
        Binding("pagedown", "cursor_page_down", N_("Page suivante"), show=False),
        Binding("home,ctrl+home", "cursor_home", N_("Première ligne"), show=False),
        Binding("end,ctrl+end", "cursor_end", N_("Dernière ligne"), show=False),
        Binding("enter", "select_cursor", N_("Ouvrir"), show=False),
        # sideways, a column at a time (a cell at a time took twenty presses to the last)
        Binding("right", "column_right", N_("Colonne suivante"), show=False),
        Binding("left", "column_left", N_("Colonne précédente"), show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "fast-table--header",
        "fast-table--cursor",
        "fast-table--even",
        "fast-table--odd",
        "fast-table--empty",
    }

    DEFAULT_CSS = """
    FastTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        min-height: 3;
        &:focus {
            background-tint: $foreground 5%;
            & > .fast-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .fast-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .fast-table--even {
            background: $surface-darken-1 40%;
        }
        & > .fast-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .fast-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .fast-table--even {
            background: $surface-lighten-1 50%;
        }
        & > .fast-table--odd {
        }
        & > .fast-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .fast-table--empty {
            color: $text-muted;
            text-style: italic;
        }
    }
    """

    class RowHighlighted(Message):
        """The cursor moved to another row (`key` None: no row left)."""

        def __init__(self, table: FastTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> FastTable:
            return self.table

    class RowSelected(Message):
        """A row was chosen: enter, double click, or a click on the cursor row."""

        def __init__(self, table: FastTable, key: str) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> FastTable:
            return self.table

    def __init__(
        self,
        columns: Sequence[Column] = (),
        rows: Sequence[Row] = (),
        *,
        zebra_stripes: bool = True,
        empty_text: str | None = None,
        fixed_columns: int = 0,
        shrink: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.zebra_stripes = zebra_stripes
        self.empty_text = _("Aucune ligne à afficher") if empty_text is None else empty_text
        #: the first columns stay in place when the table scrolls sideways (a narrow
        #: terminal): the name of the row stays next to its last columns
        self.fixed_columns = fixed_columns
        #: a narrow table shrinks its auto columns (their text cut, « … »); without, it keeps
        #: them whole and scrolls sideways (the fixed columns stay)
        self.shrink = shrink
        self._columns: list[Column] = list(columns)
        self._rows: list[Row] = []
        self._index_of: dict[str, int] = {}
        #: per row, the normalised text of its cells (built when a filter first needs it)
        self._search: list[str] | None = []
        self._search_columns: list[tuple[str, ...]] | None = None
        self._natural_widths: list[int] = []
        self._order: list[int] = []
        self._view: list[int] = []
        self._filter_text = ""
        self._terms: list[_Term] = []
        self._sort_column: str | None = None
        self._sort_reverse = False
        self._sort_keys: dict[int, list[Any]] = {}
        self._cursor = -1
        self._highlighted: str | None = None
        self._layout_key: tuple[int, tuple[int, ...]] | None = None
        self._cells: list[tuple[int, int]] = []  # (x, width) of each column's content
        self._total_width = 0
        self._generation = 0
        self._line_cache: dict[tuple[Any, ...], Strip] = {}
        self._click_selected = False
        self._frame: _Frame | None = None
        self._ready = False  # mounted: messages may be posted
        self._compute_natural_widths()
        if rows:
            self.set_rows(rows)

    # ------------------------------------------------------------------ data

    @property
    def columns(self) -> tuple[Column, ...]:
        return tuple(self._columns)

    @property
    def row_count(self) -> int:
        """Number of rows given to `set_rows`."""
        return len(self._rows)

    @property
    def visible_count(self) -> int:
        """Number of rows shown (after the filter)."""
        return len(self._view)

    @property
    def visible_keys(self) -> list[str]:
        """Keys of the shown rows, in display order."""
        rows = self._rows
        return [rows[i].key for i in self._view]

    @property
    def filter_text(self) -> str:
        return self._filter_text

    @property
    def sort_column(self) -> str | None:
        """Key of the column the rows are sorted by (None: default order)."""
        return self._sort_column

    @property
    def sort_reverse(self) -> bool:
        return self._sort_reverse

    def get_row(self, key: str) -> Row | None:
        """The row with this key (shown or filtered out), or None."""
        index = self._index_of.get(key)
        return None if index is None else self._rows[index]

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the columns (rows should then be given again with `set_rows`)."""
        self._columns = list(columns)
        if self._sort_column not in {c.key for c in self._columns}:
            self._sort_column, self._sort_reverse = None, False
        self._search_columns = None
        self._sort_keys.clear()
        self._terms = self._parse(self._filter_text)
        self._compute_natural_widths()
        self._rebuild_order()
        self._rebuild_view(keep_key=self.cursor_key, on_missing="clamp")

    def set_rows(self, rows: Iterable[Row]) -> None:
        """Replace the data; the filter and sort stay, the cursor stays on its row key
        if that row is still shown (otherwise it keeps its position, clamped)."""
        keep = self.cursor_key
        self._rows = list(rows)
        self._index_of = {row.key: i for i, row in enumerate(self._rows)}
        # the search text is built when the filter first needs it (or soon after the rows
        # are drawn): a first frame of 5,000 rows does not wait for it
        self._search = None
        self._search_columns = None
        if self._ready and not self._filter_text:
            self.set_timer(0.05, self._search_index)
        self._sort_keys.clear()
        self._generation += 1  # row indices now designate other rows
        self._line_cache.clear()
        self._compute_natural_widths()
        self._rebuild_order()
        self._rebuild_view(keep_key=keep, on_missing="clamp")

    # ---------------------------------------------------------------- filter

    def filter(self, text: str) -> None:
        """Show only the rows matching `text` (empty: all rows).

        Space-separated terms must all match (AND), each as a substring of any cell,
        ignoring case and accents ("helene" finds "Hélène"). `field:value` restricts a
        term to the columns whose key or label starts with `field` (`statut:adm`);
        an unknown field makes the token an ordinary term. `"two words"` is one term.
        The cursor stays on its row if still shown, otherwise goes to the first row.
        """
        if text == self._filter_text:
            return
        self._filter_text = text
        self._terms = self._parse(text)
        self._rebuild_view(keep_key=self.cursor_key, on_missing="first")

    def link_filter(self, source: DOMNode, attribute: str = "value") -> None:
        """Filter with every new value of `source.attribute` (an `Input`'s value).

        The filter then runs synchronously inside the Input's own change, so the table
        and the Input are repainted in the same frame. Going through `Input.Changed`
        instead costs a frame of Textual's 60 fps refresh timer (~17-35 ms): the
        message arrives after the Input's repaint has been scheduled.
        """
        self.watch(source, attribute, self.filter, init=True)

    def _parse(self, text: str) -> list[_Term]:
        terms: list[_Term] = []
        for match in _TOKEN.finditer(text):
            field_name, quoted, bare = match.groups()
            value = quoted if quoted is not None else bare
            columns: tuple[int, ...] | None = None
            if field_name is not None:
                columns = self._columns_for(field_name)
                if columns is None:  # not a field: the whole token is a term
                    value = match.group(0).replace('"', "")
            value = normalize_search(value or "").strip()
            if value:
                terms.append(_Term(columns, value))
        return terms

    def _columns_for(self, field_name: str) -> tuple[int, ...] | None:
        wanted = normalize_search(field_name)
        names = [
            (i, normalize_search(c.key), normalize_search(c.label))
            for i, c in enumerate(self._columns)
        ]
        exact = tuple(i for i, key, label in names if wanted in (key, label))
        if exact:
            return exact
        prefix = tuple(
            i for i, key, label in names if key.startswith(wanted) or label.startswith(wanted)
        )
        return prefix or None

    def _search_index(self) -> list[str]:
        """Per row, the normalised text of its cells, joined."""
        if self._search is None:
            # a row's extra search text comes after its cells: `field:value` terms, which
            # split on the cells, do not see it
            self._search = [
                normalize_search(
                    _SEP.join(
                        [cell if cell.__class__ is str else _plain(cell) for cell in row.cells]
                        + ([row.search] if row.search else [])
                    )
                )
                for row in self._rows
            ]
        return self._search

    def _matching(self, candidates: list[int]) -> list[int]:
        result = candidates
        search = self._search_index()
        for term in self._terms:
            value = term.value
            if term.columns is None:
                result = [i for i in result if value in search[i]]
                continue
            if self._search_columns is None:
                self._search_columns = self._split_search()
            per_row = self._search_columns
            cols = term.columns
            if len(cols) == 1:
                c = cols[0]
                result = [i for i in result if value in per_row[i][c]]
            else:
                result = [i for i in result if any(value in per_row[i][c] for c in cols)]
        return result

    def _split_search(self) -> list[tuple[str, ...]]:
        """Per row, the normalised text of each column (for `field:value` terms).

        Tuples of str, which the garbage collector stops tracking: a big heap of
        long-lived containers makes Python's full collections slower.
        """
        width = len(self._columns)
        pad = ("",) * width
        split = [tuple(s.split(_SEP)) for s in self._search_index()]
        return [cells if len(cells) == width else (cells + pad)[:width] for cells in split]

    # ------------------------------------------------------------------ sort

    def sort_by(self, column_key: str | None, reverse: bool | None = None) -> None:
        """Sort by a column (stable). `reverse` None: ascending, or toggled if the rows
        are already sorted by this column. `column_key` None: the default order."""
        if column_key is not None and column_key not in {c.key for c in self._columns}:
            raise KeyError(column_key)
        if reverse is None:
            reverse = column_key is not None and (
                column_key == self._sort_column and not self._sort_reverse
            )
        self._sort_column = column_key
        self._sort_reverse = bool(reverse) if column_key is not None else False
        self._rebuild_order()
        self._rebuild_view(keep_key=self.cursor_key, on_missing="first")

    def clear_sort(self) -> None:
        """Back to the default order (the order given to `set_rows`)."""
        self.sort_by(None)

    def _rebuild_order(self) -> None:
        count = len(self._rows)
        if self._sort_column is None:
            self._order = list(range(count))
            return
        c = next(i for i, col in enumerate(self._columns) if col.key == self._sort_column)
        keys = self._sort_keys.get(c)
        if keys is None:
            key_fn = self._columns[c].sort_key or _natural_key
            keys = [key_fn(row.cells[c] if c < len(row.cells) else "") for row in self._rows]
            self._sort_keys[c] = keys
        rows = self._rows
        empty = [i for i in range(count) if c >= len(rows[i].cells) or not _plain(rows[i].cells[c])]
        if empty:
            empty_set = set(empty)
            filled = [i for i in range(count) if i not in empty_set]
        else:
            filled = list(range(count))
        filled.sort(key=keys.__getitem__, reverse=self._sort_reverse)
        self._order = filled + empty

    # ---------------------------------------------------------------- cursor

    @property
    def cursor_key(self) -> str | None:
        """Key of the row under the cursor (None when no row is shown)."""
        if 0 <= self._cursor < len(self._view):
            return self._rows[self._view[self._cursor]].key
        return None

    @cursor_key.setter
    def cursor_key(self, key: str | None) -> None:
        index = self._index_of.get(key) if key is not None else None
        if index is None:
            return
        try:
            position = self._view.index(index)
        except ValueError:
            return
        self._move_cursor(position)

    @property
    def cursor_index(self) -> int:
        """Position of the cursor among the shown rows (-1: none)."""
        return self._cursor

    def _rebuild_view(
        self,
        *,
        keep_key: str | None,
        on_missing: Literal["clamp", "first"],
    ) -> None:
        """Recompute the shown rows; the cursor stays on `keep_key` if still shown,
        otherwise goes to the first row ("first") or keeps its position ("clamp")."""
        old_cursor = self._cursor
        self._view = self._matching(self._order) if self._terms else list(self._order)
        count = len(self._view)
        position = -1
        if keep_key is not None and count:
            index = self._index_of.get(keep_key)
            if index is not None:
                try:
                    position = self._view.index(index)
                except ValueError:
                    position = -1
        kept = position >= 0
        if not kept and count:
            position = 0 if on_missing == "first" else min(max(old_cursor, 0), count - 1)
        self._cursor = position if count else -1
        self.virtual_size = Size(self._total_width, count + 1)
        if self._ready:
            if kept or on_missing == "clamp":
                self._scroll_cursor_into_view()
            else:
                self.scroll_to(y=0, animate=False, force=True)
            self.refresh()
        self._post_highlight()

    def _post_highlight(self) -> None:
        """Post RowHighlighted if the cursor's row changed (from mount on)."""
        if not self._ready:
            return
        key = self.cursor_key
        if key != self._highlighted:
            self._highlighted = key
            self.post_message(self.RowHighlighted(self, key))

    def _page_rows(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        if self.scrollable_content_region.height < 2:
            return  # not laid out yet: done again on resize
        if self._cursor < 0:
            self.scroll_to(y=0, animate=False, force=True)
            return
        visible = self._page_rows()
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, force=True)
        elif self._cursor >= top + visible:
            self.scroll_to(y=self._cursor - visible + 1, animate=False, force=True)

    def _move_cursor(self, position: int) -> None:
        count = len(self._view)
        if not count:
            return
        position = max(0, min(position, count - 1))
        if position != self._cursor:
            old = self._cursor
            self._cursor = position
            if old >= 0:
                self.refresh_line(old + 1)
            self.refresh_line(position + 1)
        self._scroll_cursor_into_view()
        self._post_highlight()

    def action_cursor_up(self) -> None:
        self._move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._move_cursor(self._cursor + 1)

    def action_cursor_page_up(self) -> None:
        page = self._page_rows()
        self.scroll_to(y=self.scroll_y - page, animate=False, force=True)
        self._move_cursor(self._cursor - page)

    def action_cursor_page_down(self) -> None:
        page = self._page_rows()
        self.scroll_to(y=self.scroll_y + page, animate=False, force=True)
        self._move_cursor(self._cursor + page)

    def action_cursor_home(self) -> None:
        self._move_cursor(0)

    def action_cursor_end(self) -> None:
        self._move_cursor(len(self._view) - 1)

    def action_select_cursor(self) -> None:
        key = self.cursor_key
        if key is not None:
            self.post_message(self.RowSelected(self, key))

    # ----------------------------------------------------------------- mouse

    def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.x >= self.scrollable_content_region.width:
            return  # on the vertical scrollbar
        x = offset.x
        if x >= self._fixed_width():  # the fixed columns do not scroll
            x += self.scroll_offset.x
        if offset.y == 0:
            column = self._column_at(x)
            if column is not None:
                self.sort_by(column.key)
                event.stop()
            return
        position = self.scroll_offset.y + offset.y - 1
        if not 0 <= position < len(self._view):
            return
        event.stop()
        if event.chain >= 2:
            if not self._click_selected:
                self._move_cursor(position)
                self.action_select_cursor()
            self._click_selected = True
            return
        if position == self._cursor:
            self._click_selected = True
            self.action_select_cursor()
        else:
            self._click_selected = False
            self._move_cursor(position)

    def _column_at(self, x: int) -> Column | None:
        self._ensure_layout()
        for column, (start, width) in zip(self._columns, self._cells, strict=False):
            if start - 1 <= x < start + width + 1:
                return column
        return None

    # ---------------------------------------------------------------- layout

    def _compute_natural_widths(self) -> None:
        rows = self._rows
        if len(rows) > _SAMPLE_ROWS:
            step = len(rows) / _SAMPLE_ROWS
            sample = [rows[int(i * step)] for i in range(_SAMPLE_ROWS)]
        else:
            sample = rows
        widths: list[int] = []
        for c, column in enumerate(self._columns):
            if column.width is not None:
                widths.append(max(1, column.width))
                continue
            label = cell_len(column.label) + 2  # room for " ▲"
            content = max(
                (cell_len(_plain(row.cells[c])) if c < len(row.cells) else 0 for row in sample),
                default=0,
            )
            widths.append(max(1, label, min(content, AUTO_WIDTH_CAP)))
        self._natural_widths = widths
        self._layout_key = None

    def _available_width(self) -> int:
        return self.scrollable_content_region.width

    def _ensure_layout(self) -> None:
        available = self._available_width()
        key = (available, tuple(self._natural_widths))
        if key == self._layout_key:
            return
        self._layout_key = key
        widths = list(self._natural_widths)
        count = len(widths)
        if count:
            needed = sum(widths) + 2 * count  # one cell of padding on each side
            if needed > available:
                # the fixed columns (the name) keep their width: they are what stays when
                # the table scrolls sideways, so the others shrink, then the table scrolls
                floors = [
                    w
                    if col.width is not None or i < self.fixed_columns or not self.shrink
                    else min(w, max(_MIN_SHRINK_WIDTH, min(cell_len(col.label), 12)))
                    for i, (w, col) in enumerate(zip(widths, self._columns, strict=True))
                ]
                excess = needed - available
                while excess > 0:
                    candidates = [i for i in range(count) if widths[i] > floors[i]]
                    if not candidates:
                        break
                    widest = max(candidates, key=lambda i: widths[i] - floors[i])
                    widths[widest] -= 1
                    excess -= 1
                needed = sum(widths) + 2 * count
            if needed < available:
                widths[-1] += available - needed
        cells: list[tuple[int, int]] = []
        x = 0
        for w in widths:
            cells.append((x + 1, w))
            x += w + 2
        self._cells = cells
        minimum = x if x > available else 0
        self._generation += 1
        if minimum != self._total_width:
            self._total_width = minimum
            self.virtual_size = Size(minimum, len(self._view) + 1)

    def _on_resize(self, event: events.Resize) -> None:
        self._ensure_layout()
        self._scroll_cursor_into_view()

    def _on_mount(self, event: events.Mount) -> None:
        self._ready = True
        self._ensure_layout()
        self.virtual_size = Size(self._total_width, len(self._view) + 1)
        self._post_highlight()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    # ---------------------------------------------------------------- render

    def _make_frame(self) -> _Frame:
        """Styles and geometry for one repaint (computing them per line is costly)."""
        self._ensure_layout()
        base = self.rich_style
        style = self.get_component_rich_style
        scroll_x, scroll_y = self.scroll_offset
        return _Frame(
            width=self.size.width,
            scroll_x=scroll_x,
            scroll_y=scroll_y,
            base=base,
            header=base + style("fast-table--header"),
            even=base + style("fast-table--even" if self.zebra_stripes else "fast-table--odd"),
            odd=base + style("fast-table--odd"),
            cursor=base + style("fast-table--cursor"),
            empty=base + style("fast-table--empty"),
        )

    def render_lines(self, crop: Region) -> list[Strip]:
        self._frame = self._make_frame()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        """Line `y` of the widget: 0 is the header, then the rows from the scroll offset."""
        frame = self._frame or self._make_frame()
        width = frame.width
        if y == 0:
            strip = self._render_header(frame.header)
        else:
            position = frame.scroll_y + y - 1
            if not 0 <= position < len(self._view):
                if position == 0 and not self._view and self.empty_text:
                    text = f" {_one_line(self.empty_text)}"
                    return Strip([Segment(text, frame.empty)]).adjust_cell_length(width, frame.base)
                return Strip.blank(width, frame.base)
            if position == self._cursor:
                style = frame.cursor
            else:
                style = frame.odd if position % 2 else frame.even
            strip = self._render_row(self._view[position], style)
        fixed = self._fixed_width()
        if frame.scroll_x and 0 < fixed < width:
            strip = Strip.join(
                [strip.crop(0, fixed), strip.crop(fixed + frame.scroll_x, frame.scroll_x + width)]
            )
        elif frame.scroll_x or strip.cell_length > width:
            strip = strip.crop(frame.scroll_x, frame.scroll_x + width)
        return strip.adjust_cell_length(width, frame.base)

    def _column_offsets(self) -> list[int]:
        """The sideways scroll that brings each scrolling column next to the fixed ones."""
        self._ensure_layout()
        fixed = self._fixed_width()
        n = min(self.fixed_columns, len(self._cells))
        return sorted({max(0, start - 1 - fixed) for start, _w in self._cells[n:]})

    def action_column_right(self) -> None:
        current = self.scroll_offset.x
        ahead = [x for x in self._column_offsets() if x > current]
        target = min(ahead[0] if ahead else self.max_scroll_x, self.max_scroll_x)
        self.scroll_to(x=target, animate=False)

    def action_column_left(self) -> None:
        current = self.scroll_offset.x
        behind = [x for x in self._column_offsets() if x < current]
        self.scroll_to(x=behind[-1] if behind else 0, animate=False)

    def _fixed_width(self) -> int:
        """Cells taken by the columns that do not scroll sideways (0: none)."""
        n = min(self.fixed_columns, len(self._cells))
        if n <= 0:
            return 0
        start, width = self._cells[n - 1]
        return start + width + 1

    def _render_header(self, style: Style) -> Strip:
        cache_key = ("header", self._generation, style, self._sort_column, self._sort_reverse)
        strip = self._line_cache.get(cache_key)
        if strip is not None:
            return strip
        segments: list[Segment] = []
        for column, (_start, width) in zip(self._columns, self._cells, strict=False):
            label = _one_line(column.label)
            if column.key == self._sort_column:
                arrow = " ▼" if self._sort_reverse else " ▲"
                label = _fit(label, max(0, width - 2), "left").rstrip() + arrow
            segments.append(Segment(f" {_fit(label, width, column.align)} ", style))
        strip = Strip(segments)
        self._line_cache[cache_key] = strip
        return strip

    def _render_row(self, index: int, style: Style) -> Strip:
        cache_key = (index, self._generation, style)
        strip = self._line_cache.get(cache_key)
        if strip is not None:
            return strip
        if len(self._line_cache) > _LINE_CACHE_MAX:
            self._line_cache.clear()
        cells = self._rows[index].cells
        segments: list[Segment] = []
        text_parts: list[str] = []  # consecutive plain cells are merged into one segment
        for c, (column, (_start, width)) in enumerate(
            zip(self._columns, self._cells, strict=False)
        ):
            cell = cells[c] if c < len(cells) else ""
            if isinstance(cell, Text):
                if text_parts:
                    segments.append(Segment("".join(text_parts), style))
                    text_parts = []
                segments.append(Segment(" ", style))
                segments.extend(self._render_text(cell, width, column.align, style))
                text_parts.append(" ")
            else:
                text_parts.append(f" {_fit(_one_line(_plain(cell)), width, column.align)} ")
        if text_parts:
            segments.append(Segment("".join(text_parts), style))
        strip = Strip(segments)
        self._line_cache[cache_key] = strip
        return strip

    def _render_text(self, cell: Text, width: int, align: Align, style: Style) -> list[Segment]:
        console = self.app.console
        if not cell.spans:  # one style for the whole cell (the usual status cell)
            # (Text.render would leave the text's own base style out here.)
            if cell.style:
                style = style + console.get_style(cell.style, default=Style.null())
            return [Segment(_fit(_one_line(cell.plain), width, align), style)]
        text = cell.copy()
        if not text.plain.isprintable():
            text.plain = _CONTROL.sub(" ", text.plain)
        if text.cell_len > width:
            text.truncate(max(0, width - 1), overflow="crop")
            text.rstrip()
            text.append("…")
        text.align(align, width)
        return list(Segment.apply_style(text.render(console), style))


@dataclass(frozen=True, slots=True)
class _Frame:
    width: int
    scroll_x: int
    scroll_y: int
    base: Style
    header: Style
    even: Style
    odd: Style
    cursor: Style
    empty: Style


def _fit(text: str, width: int, align: Align) -> str:
    """`text` in exactly `width` cells: cut with "…" if too long, padded per `align`."""
    if width <= 0:
        return ""
    size = cell_len(text)
    if size > width:
        text = set_cell_size(text, width - 1).rstrip() + "…"
        size = cell_len(text)
    gap = width - size
    if not gap:
        return text
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap
