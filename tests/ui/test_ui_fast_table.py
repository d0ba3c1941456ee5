"""FastTable: filtering, sorting, cursor, mouse, 10,000 rows, rendering (Pilot + snapshot)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.events import MouseScrollDown
from textual.widgets import Input

from juryapp.ui.widgets import Column, FastTable, Row, normalize_search

COLUMNS = [
    Column("nom", "Nom"),
    Column("specialite", "Spécialité"),
    Column("filiere", "Filière"),
    Column("statut", "Statut"),
    Column("note", "Note", align="right"),
]

ADMISSIBLE = Text("✓ admissible", style="green")
REFUSED = Text("✗ refusé", style="red")
PENDING = Text("? en attente", style="yellow")

PEOPLE = [
    ("Hélène Dupont", "Génie civil", "FISE", ADMISSIBLE, "14,5"),
    ("Jean Martin", "Informatique", "FISA", REFUSED, "9"),
    ("Nguyễn Thị Ánh", "Informatique", "FISE", ADMISSIBLE, "16"),
    ("Łukasz Wróbel", "Mécanique", "FISA", PENDING, "12,25"),
    ("Şükrü Çelik", "Génie civil", "FISE", REFUSED, "8,5"),
    ("Zoé Lefèvre", "Mécanique", "FISE", PENDING, ""),
    ("Noël Durand", "Informatique", "VAE", ADMISSIBLE, "11"),
    ("Anaïs Dupontel", "Génie civil", "FISA", ADMISSIBLE, "13"),
]


def people_rows() -> list[Row]:
    return [Row(f"c{i}", cells) for i, cells in enumerate(PEOPLE)]


def many_rows(count: int) -> list[Row]:
    names = [p[0] for p in PEOPLE]
    statuses = [ADMISSIBLE, REFUSED, PENDING]
    return [
        Row(
            f"r{i:05d}",
            (
                f"{names[i % len(names)]} {i:05d}",
                PEOPLE[i % 3][1],
                ("FISE", "FISA", "VAE")[i % 3],
                statuses[i % 3],
                f"{(i * 7) % 20},5",
            ),
        )
        for i in range(count)
    ]


class TableApp(App[None]):
    def __init__(self, rows: Sequence[Row], columns: Sequence[Column] = COLUMNS) -> None:
        super().__init__()
        self.rows = rows
        self.columns = columns
        self.highlighted: list[str | None] = []
        self.selected: list[str] = []

    def compose(self) -> ComposeResult:
        yield FastTable(self.columns, self.rows, id="table")

    def on_mount(self) -> None:
        self.query_one(FastTable).focus()

    def on_fast_table_row_highlighted(self, message: FastTable.RowHighlighted) -> None:
        self.highlighted.append(message.key)

    def on_fast_table_row_selected(self, message: FastTable.RowSelected) -> None:
        self.selected.append(message.key)


def screen_lines(table: FastTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


def shown(table: FastTable, column: int) -> list[str]:
    """The plain text of one column, for the shown rows in display order."""
    rows = [table.get_row(key) for key in table.visible_keys]
    return [str(row.cells[column]) for row in rows if row is not None]


def names(table: FastTable) -> list[str]:
    return shown(table, 0)


def test_normalize_search_folds_case_accents_and_ligatures() -> None:
    assert normalize_search("Hélène") == "helene"
    assert normalize_search("Nguyễn Thị Ánh") == "nguyen thi anh"
    assert normalize_search("Łukasz Wróbel") == "lukasz wrobel"
    assert normalize_search("Şükrü Çelik") == "sukru celik"
    assert normalize_search("Œuvre d’art") == "oeuvre d'art"
    assert normalize_search("ИВАНОВ") == "иванов"  # other scripts kept, casefolded


def test_str_enum_cells_show_their_value() -> None:
    class Track(str, Enum):  # noqa: UP042 - the mixin whose str() is "Track.FISE"
        FISE = "FISE"

    table = FastTable(COLUMNS[:1], [Row("a", (Track.FISE,))])
    table.filter("fise")
    assert table.visible_count == 1
    table.filter("track")
    assert table.visible_count == 0


def test_a_rows_search_text_is_found_but_not_shown_nor_a_column() -> None:
    """The queue shows a specialty's code (« 2IA ») and keeps its whole name for the filter
    (« informatique » found the dossier before the cell was shortened)."""
    rows = [
        Row("a", ("Sarah", "2IA"), search="2IA – Informatique et intelligence artificielle"),
        Row("b", ("Léo", "GCBD"), search="GCBD – Génie civil"),
    ]
    table = FastTable(COLUMNS[:2], rows)
    table.filter("informatique")
    assert table.visible_keys == ["a"]
    table.filter("genie civil")
    assert table.visible_keys == ["b"]
    table.filter(f"{COLUMNS[1].key}:informatique")  # a column's term: its cell only
    assert table.visible_keys == []
    table.filter(f"{COLUMNS[1].key}:2ia")
    assert table.visible_keys == ["a"]


async def test_filter_ignores_case_and_accents() -> None:
    app = TableApp(people_rows())
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FastTable)
        assert table.row_count == table.visible_count == len(PEOPLE)
        table.filter("helene")
        await pilot.pause()
        assert names(table) == ["Hélène Dupont"]
        table.filter("HÉLÈNE")
        assert names(table) == ["Hélène Dupont"]
        for query, expected in [
            ("nguyen", "Nguyễn Thị Ánh"),
            ("lukasz", "Łukasz Wróbel"),
            ("sukru celik", "Şükrü Çelik"),
            ("zoe", "Zoé Lefèvre"),
        ]:
            table.filter(query)
            assert names(table) == [expected], query
        table.filter("dupont")
        assert names(table) == ["Hélène Dupont", "Anaïs Dupontel"]
        table.filter("dupont fisa")  # AND over all cells
        assert names(table) == ["Anaïs Dupontel"]
        table.filter('"genie civil" refuse')
        assert names(table) == ["Şükrü Çelik"]
        table.filter("nobody")
        assert table.visible_count == 0
        assert table.cursor_key is None
        await pilot.pause()
        assert "Aucune ligne à afficher" in screen_lines(table)[1]
        table.filter("")
        assert table.visible_count == len(PEOPLE)


async def test_filter_field_tokens() -> None:
    app = TableApp(people_rows())
    async with app.run_test(size=(100, 20)):
        table = app.query_one(FastTable)
        table.filter("statut:admissible")
        assert names(table) == ["Hélène Dupont", "Nguyễn Thị Ánh", "Noël Durand", "Anaïs Dupontel"]
        table.filter("stat:adm")  # key prefix
        assert table.visible_count == 4
        table.filter("specialite:meca")  # label "Spécialité", accents ignored
        assert names(table) == ["Łukasz Wróbel", "Zoé Lefèvre"]
        table.filter("filière:fise statut:refuse")
        assert names(table) == ["Şükrü Çelik"]
        # "informatique" is only in the Spécialité column, never in Nom.
        table.filter("nom:informatique")
        assert table.visible_count == 0
        table.filter("statut:")  # still typing: no constraint yet
        assert table.visible_count == len(PEOPLE)
        table.filter("zzz:dupont")  # not a column: an ordinary term
        assert table.visible_count == 0
        table.filter('statut:"en attente"')
        assert names(table) == ["Łukasz Wróbel", "Zoé Lefèvre"]


class LinkedApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="filter")
        yield FastTable(COLUMNS, people_rows())

    def on_mount(self) -> None:
        self.query_one(FastTable).link_filter(self.query_one(Input))
        self.query_one(Input).focus()


async def test_link_filter_follows_an_input() -> None:
    app = LinkedApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FastTable)
        await pilot.press(*"helene")
        assert names(table) == ["Hélène Dupont"]
        await pilot.press(*["backspace"] * 6)
        assert table.visible_count == len(PEOPLE)
        await pilot.press(*"stat:refus")
        assert names(table) == ["Jean Martin", "Şükrü Çelik"]


async def test_sort_toggles_and_header_arrow() -> None:
    app = TableApp(people_rows())
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FastTable)
        default = table.visible_keys
        table.sort_by("note")
        await pilot.pause()
        # Natural order: French decimals compared as numbers, empty cells last.
        notes = shown(table, 4)
        assert notes == ["8,5", "9", "11", "12,25", "13", "14,5", "16", ""]
        header = screen_lines(table)[0]
        assert "Note ▲" in header and "▼" not in header
        table.sort_by("note")
        await pilot.pause()
        notes = shown(table, 4)
        assert notes == ["16", "14,5", "13", "12,25", "11", "9", "8,5", ""]
        assert "Note ▼" in screen_lines(table)[0]
        table.sort_by("note")
        assert table.sort_column == "note" and not table.sort_reverse
        # Stable: equal statuses keep the default order, in both directions.
        table.sort_by("statut", reverse=False)
        statuses = shown(table, 3)
        assert statuses == sorted(statuses, key=normalize_search)

        def admissible() -> list[str]:
            keys = table.visible_keys
            return [k for k, status in zip(keys, shown(table, 3), strict=True) if "✓" in status]

        assert admissible() == ["c0", "c2", "c6", "c7"]
        table.sort_by("statut", reverse=True)
        assert admissible() == ["c0", "c2", "c6", "c7"]
        table.sort_by(None)
        assert table.visible_keys == default
        await pilot.pause()
        assert "▲" not in screen_lines(table)[0]
        with pytest.raises(KeyError):
            table.sort_by("missing")


async def test_sort_with_custom_key_and_filter_together() -> None:
    order = {"✓": 0, "?": 1, "✗": 2}
    columns = [
        *COLUMNS[:3],
        Column("statut", "Statut", sort_key=lambda c: order[str(c)[0]]),
        COLUMNS[4],
    ]
    app = TableApp(people_rows(), columns)
    async with app.run_test(size=(100, 20)):
        table = app.query_one(FastTable)
        table.sort_by("statut")
        table.filter("informatique")
        assert names(table) == ["Nguyễn Thị Ánh", "Noël Durand", "Jean Martin"]


async def test_click_on_header_sorts() -> None:
    app = TableApp(people_rows())
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FastTable)
        header = screen_lines(table)[0]
        x = header.index("Nom")
        await pilot.click(FastTable, offset=(x, 0))
        assert table.sort_column == "nom" and not table.sort_reverse
        assert names(table)[0] == "Anaïs Dupontel"
        assert "Nom ▲" in screen_lines(table)[0]
        await pilot.click(FastTable, offset=(x, 0))
        assert table.sort_reverse
        assert "Nom ▼" in screen_lines(table)[0]


def wide_columns() -> list[Column]:
    """The people's columns, each 18 cells wide: more than a 60-column terminal holds."""
    return [Column(c.key, c.label, width=18, align=c.align) for c in COLUMNS]


class FixedNameApp(TableApp):
    """The table with its first column (the name) fixed."""

    def compose(self) -> ComposeResult:
        yield FastTable(self.columns, self.rows, id="table", fixed_columns=1)


async def test_fixed_first_column_stays_when_scrolled_sideways() -> None:
    """In a terminal too narrow for every column, the name stays at the left while the
    table scrolls right to its last columns; a click on a header still sorts its column."""
    wide = wide_columns()
    app = FixedNameApp(people_rows(), wide)
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(FastTable)
        before = screen_lines(table)
        assert "Nom" in before[0] and "Note" not in before[0]
        table.scroll_to(x=table.max_scroll_x, animate=False)
        await pilot.pause()
        after = screen_lines(table)
        assert after[0].lstrip().startswith("Nom") and "Note" in after[0]
        first = table.get_row(table.visible_keys[0])
        assert after[1].lstrip().startswith(str(first.cells[0])[:10])
        assert str(first.cells[4]) in after[1]
        # the header of a scrolled column, clicked where it shows now, sorts that column
        x = after[0].index("Note")
        await pilot.click(FastTable, offset=(x, 0))
        assert table.sort_column == "note"
        await pilot.click(FastTable, offset=(after[0].index("Nom"), 0))
        assert table.sort_column == "nom"


async def test_left_and_right_scroll_a_column_at_a_time() -> None:
    """→ brings the next column next to the fixed name (it moved one cell: twenty presses
    to reach the queue's decision at 80 columns); ← goes back the same way."""
    wide = wide_columns()
    app = FixedNameApp(people_rows(), wide)
    async with app.run_test(size=(60, 12)) as pilot:
        table = app.query_one(FastTable)
        table.focus()
        labels = [c.label for c in wide]
        seen = []
        for _ in range(len(wide)):
            header = screen_lines(table)[0]
            seen.append(header.split()[1])  # the column right after the fixed name
            await pilot.press("right")
        assert seen[: len(wide) - 2] == labels[1 : len(wide) - 1]
        assert table.scroll_offset.x == table.max_scroll_x  # the last column is in view
        assert labels[-1] in screen_lines(table)[0]
        await pilot.press("left")
        assert table.scroll_offset.x < table.max_scroll_x
        for _ in range(len(wide)):
            await pilot.press("left")
        assert table.scroll_offset.x == 0


async def test_keyboard_navigation_and_enter_selects() -> None:
    app = TableApp(many_rows(200))
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FastTable)
        await pilot.pause()
        assert table.cursor_key == "r00000"
        assert app.highlighted == ["r00000"]
        await pilot.press("down", "down")
        assert table.cursor_key == "r00002"
        assert app.highlighted[-2:] == ["r00001", "r00002"]
        await pilot.press("up")
        assert table.cursor_key == "r00001"
        await pilot.press("enter")
        assert app.selected == ["r00001"]
        page = table.scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert table.cursor_index == 1 + page
        assert table.scroll_offset.y > 0
        await pilot.press("pageup")
        assert table.cursor_index == 1
        await pilot.press("end")
        assert table.cursor_key == "r00199"
        await pilot.press("down")  # stays on the last row
        assert table.cursor_key == "r00199"
        await pilot.press("home")
        assert table.cursor_key == "r00000"
        assert table.scroll_offset.y == 0
        await pilot.press("up")
        assert table.cursor_key == "r00000"


async def test_mouse_click_selects_a_row() -> None:
    app = TableApp(people_rows())
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FastTable)
        await pilot.click(FastTable, offset=(3, 3))  # third data row
        assert table.cursor_key == "c2"
        assert app.selected == []
        await pilot.click(FastTable, offset=(3, 3))  # again: selects
        assert app.selected == ["c2"]
        await pilot.double_click(FastTable, offset=(3, 5))
        assert table.cursor_key == "c4"
        assert app.selected == ["c2", "c4"]
        await pilot.click(FastTable, offset=(3, 15))  # below the last row: nothing
        assert table.cursor_key == "c4"


async def test_mouse_wheel_scrolls_without_moving_cursor() -> None:
    app = TableApp(many_rows(500))
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FastTable)
        for _ in range(3):
            table.post_message(MouseScrollDown(table, 5, 5, 0, 1, 1, False, False, False))
        await pilot.pause()
        assert table.scroll_offset.y > 0
        assert table.cursor_key == "r00000"
        top = table.scroll_offset.y
        assert screen_lines(table)[1].strip().startswith(shown(table, 0)[top])


async def test_cursor_kept_on_set_rows_and_filter() -> None:
    app = TableApp(people_rows())
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(FastTable)
        await pilot.press("down", "down", "down")
        assert table.cursor_key == "c3"
        reordered = list(reversed(people_rows()))
        table.set_rows(reordered)
        assert table.cursor_key == "c3"
        assert table.cursor_index == len(PEOPLE) - 1 - 3
        # The filter keeps the row when it still matches...
        table.filter("lukasz")
        assert table.cursor_key == "c3"
        table.filter("")
        assert table.cursor_key == "c3"
        # ...and goes to the first match otherwise.
        table.filter("dupont")
        assert table.cursor_key == "c7"  # reversed order: Anaïs first
        table.filter("")
        # A vanished row: the cursor keeps its position.
        table.cursor_key = "c5"
        position = table.cursor_index
        table.set_rows([r for r in reordered if r.key != "c5"])
        assert table.cursor_index == position
        assert table.get_row("c5") is None
        assert table.get_row("c0") is not None
        await pilot.pause()
        assert app.highlighted[-1] == table.cursor_key


async def test_ten_thousand_rows_scroll_to_the_end() -> None:
    rows = many_rows(10_000)
    app = TableApp(rows)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(FastTable)
        await pilot.pause()
        assert table.row_count == 10_000
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_key == "r09999"
        lines = screen_lines(table)
        assert "Nom" in lines[0]  # the header stays on top
        assert "Anaïs Dupontel 09999" in lines[-1]
        assert "09998" in lines[-2]
        screenshot = app.export_screenshot()
        assert "09999" in screenshot
        table.filter("09999")
        assert table.visible_count == 1
        await pilot.pause()
        assert "09999" in screen_lines(table)[1]


async def test_long_text_truncated_with_ellipsis() -> None:
    columns = [
        Column("nom", "Nom", width=10),
        Column("note", "Note", align="right", width=6),
        Column("commentaire", "Commentaire"),
    ]
    rows = [
        Row("a", ("Maximilienne de La Tour d'Auvergne", "12345678", "x" * 200)),
        Row("b", (Text("✓ très long statut coloré", style="green"), "1", "court")),
        Row("c", ("Ligne\navec\tcontrôles", "2", "")),
        Row("d", (Text.assemble(("✗", "bold red"), " refusé définitivement"), "3", "")),
    ]
    app = TableApp(rows, columns)
    async with app.run_test(size=(60, 10)) as pilot:
        table = app.query_one(FastTable)
        await pilot.pause()
        lines = screen_lines(table)
        assert lines[1].startswith(" Maximilie… ")
        assert " 12345… " in lines[1]
        assert lines[1].rstrip().endswith("…")
        assert lines[2].startswith(" ✓ très lo… ")
        assert lines[3].startswith(" Ligne ave… ")
        assert all(len(line) == table.size.width for line in lines)
        # The colour of a Text cell survives rendering.
        strip = table.render_line(2)
        assert any(
            seg.style and seg.style.color and seg.style.color.name == "green" for seg in strip
        )
        # A Text with spans: truncated, its spans kept.
        assert lines[4].startswith(" ✗ refusé… ")
        red = [
            seg.text
            for seg in table.render_line(4)
            if seg.style and seg.style.color and seg.style.color.name == "red"
        ]
        assert red == ["✗"]


async def test_columns_adapt_to_width() -> None:
    app = TableApp(people_rows())
    async with app.run_test(size=(120, 12)) as pilot:
        table = app.query_one(FastTable)
        await pilot.pause()
        wide = screen_lines(table)
        # The last column takes the rest: right-aligned notes end near the right edge.
        assert wide[1][: table.scrollable_content_region.width].rstrip().endswith("14,5")
        assert len(wide[1].rstrip()) > 100
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        narrow = screen_lines(table)
        assert all(len(line) == table.size.width for line in narrow)
        assert "…" in "".join(narrow)


SNAPSHOT_NAMES = [
    "Nguyễn Thị Ánh",
    "Łukasz Wróbel",
    "Şükrü Çelik",
    "Hélène Dupont",
    "Zoé Lefèvre",
    "Noël Durand",
    "Anaïs Dupontel",
    "François Nguyen",
    "Björn Ødegård",
    "Ærin Œhlenschläger",
    "Małgorzata Kowalczyk",
    "Dmitrij Иванов",
    "Θεόδωρος Παπαδόπουλος",
    "Ayşe Yılmaz",
    "Jean-Baptiste Grenouille-Beaumarchais",
    "Ana Ñúñez",
    "José Gonçalves",
    "Čeněk Dvořák",
    "Jürgen Müller",
    "Sørina Ståhl",
    "Ngô Bảo Châu",
    "Ştefan Ţepeş",
    "Iñaki Zubizarreta",
    "Zoë Brontë",
    "Émile Zola",
    "Ægidius Strauß",
    "Līga Bērziņa",
    "Ōtani Shōhei",
    "Đặng Văn Lâm",
    "Œdipe Roi",
]


class SnapshotApp(App[None]):
    def compose(self) -> ComposeResult:
        statuses = [ADMISSIBLE, REFUSED, PENDING]
        tracks = ["FISE", "FISA", "VAE"]
        specialties = ["Génie civil", "Informatique", "Mécanique", "Électronique"]
        rows = [
            Row(
                f"s{i}",
                (
                    name,
                    specialties[i % 4],
                    tracks[i % 3],
                    statuses[i % 3],
                    f"{8 + (i * 37) % 12},{(i * 3) % 10}",
                ),
            )
            for i, name in enumerate(SNAPSHOT_NAMES)
        ]
        table = FastTable(COLUMNS, rows)
        yield table

    def on_mount(self) -> None:
        table = self.query_one(FastTable)
        table.focus()
        table.sort_by("nom")
        table.cursor_key = "s1"


def test_snapshot_accents_and_non_latin1_names(snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(SnapshotApp(), terminal_size=(80, 24))
