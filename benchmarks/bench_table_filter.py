"""Type-to-filter on the dossier queue: FastTable vs Textual's DataTable, headless.

    /work/venv/bin/python benchmarks/bench_table_filter.py [--rows 5000] [--size 120x40]
        [--no-datatable] [--gc-freeze] [--words dupont,martin]

An app (run with `App.run_test()`) with a filter `Input` above the widget under test.

* first display: from mounting the widget with N synthetic dossiers to the end of the
  first screen refresh that paints them (for DataTable: once it has measured its rows).
* keystroke: from editing the Input (a character typed, or backspace) to the end of the
  first screen refresh that paints the widget in its new state: `Input.Changed` → the
  app's handler updates the widget → Textual's refresh timer → layout → render of the
  visible lines → compositor. FastTable calls `filter(text)`; DataTable does the same
  job the usual way: `clear()` then `add_row` for each matching row (the matching is the
  same function for both, about a millisecond).

Two baselines tell Textual's share from the widget's:
* "Input": nothing else changes; the end is the Input's own repaint.
* "Static": the handler writes the filter text into a one-line `Static`. Any widget
  updated from `Input.Changed` misses the frame that repaints the Input and waits for
  the next tick of the screen's 60 fps refresh timer: this is the floor.

"FT linked" is FastTable wired with `table.link_filter(input)` instead of an
`Input.Changed` handler: the filter runs synchronously in the Input's value change, so
the table is repainted in the same frame as the Input.

"FastTable direct" times `filter()` plus the rendering of the visible lines, outside
the event loop (the widget's own cost).

The end of a refresh is observed by wrapping the screen's private `_compositor_refresh`
(benchmark only). `--gc-freeze` calls `gc.freeze()` once the data is shown, as an app
may do after loading a session: Python's full collections (40-50 ms with this heap)
otherwise land on random keystrokes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import random
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rich.text import Text  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.containers import Vertical  # noqa: E402
from textual.geometry import Region  # noqa: E402
from textual.widget import Widget  # noqa: E402
from textual.widgets import DataTable, Input, Static  # noqa: E402

from juryapp.ui.widgets import Column, FastTable, Row  # noqa: E402

FIRST = [
    "Hélène",
    "Jean",
    "Marie",
    "Łukasz",
    "Şükrü",
    "Ánh",
    "Noël",
    "Zoé",
    "Léa",
    "Hugo",
    "Inès",
    "Mathis",
    "Chloé",
    "Karim",
    "Aïcha",
    "Björn",
    "Sofia",
    "Théo",
    "Yasmine",
    "Paul",
]
LAST = [
    "Dupont",
    "Martin",
    "Bernard",
    "Wróbel",
    "Çelik",
    "Nguyễn",
    "Lefèvre",
    "Durand",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Garcia",
    "Roux",
    "Fournier",
    "Girard",
    "Bonnet",
    "Mercier",
    "Dupuis",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
]
SPECIALTIES = [
    "Génie civil",
    "Informatique",
    "Mécanique",
    "Électronique",
    "Génie industriel",
    "Matériaux",
    "Énergétique",
]
TRACKS = ["FISE", "FISA", "VAE", "FC"]
STATUSES = [
    Text("✓ recevable", style="green"),
    Text("? au jury", style="yellow"),
    Text("✗ non recevable", style="red"),
    Text("✗ incomplet", style="red"),
]
DECISIONS = ["—", "admissible", "admis", "ajourné", "refusé"]

COLUMNS = [
    Column("dossier", "Dossier"),
    Column("nom", "Nom"),
    Column("specialite", "Spécialité"),
    Column("filiere", "Filière"),
    Column("statut", "Statut"),
    Column("decision", "Décision"),
    Column("note", "Note", align="right"),
]

WORDS = ["dupont", "martin", "helene", "statut:rec"]
KINDS = {
    "input": "Input",
    "static": "Static",
    "fast": "FastTable",
    "watch": "FT linked",
    "datatable": "DataTable",
}


def make_rows(count: int, seed: int = 2024) -> list[Row]:
    rng = random.Random(seed)
    return [
        Row(
            f"D{i:05d}",
            (
                f"D{i:05d}",
                f"{rng.choice(LAST).upper()} {rng.choice(FIRST)}",
                rng.choice(SPECIALTIES),
                rng.choice(TRACKS),
                rng.choice(STATUSES),
                rng.choice(DECISIONS),
                f"{rng.randint(6, 19)},{rng.randint(0, 9)}",
            ),
        )
        for i in range(count)
    ]


class BenchApp(App[None]):
    CSS = "#slot { height: 1fr; } Input { height: 3; }"

    def __init__(self, kind: str, rows: list[Row]) -> None:
        super().__init__()
        self.kind = kind
        self.rows = rows
        self.by_key = {row.key: row for row in rows}
        self.matcher = FastTable(COLUMNS, rows)  # never mounted: the shared matching
        self.target: Widget | None = None
        # Measurement state, see `measure`.
        self.waiting = False
        self.handled = False
        self.expected = 0
        self.painted = False
        self.done_at = 0.0
        self.done = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Input(id="filter")
        yield Vertical(id="slot")

    def on_mount(self) -> None:
        screen = self.screen
        original = screen._compositor_refresh

        def compositor_refresh() -> None:
            original()
            painted = self.target is None or self.painted
            if self.waiting and self.handled and painted and self.settled():
                self.done_at = time.perf_counter()
                self.waiting = False
                self.done.set()

        screen._compositor_refresh = compositor_refresh  # type: ignore[method-assign]

    def settled(self) -> bool:
        target = self.target
        if isinstance(target, DataTable):
            return not target._require_update_dimensions and target.row_count == self.expected
        if isinstance(target, FastTable):
            return target.visible_count == self.expected
        return True

    def watch_painting(self, widget: Widget) -> None:
        original = widget.render_lines

        def render_lines(crop: Region) -> list:
            lines = original(crop)
            self.painted = True
            return lines

        widget.render_lines = render_lines  # type: ignore[method-assign]

    async def show_target(self) -> None:
        slot = self.query_one("#slot")
        if self.kind == "static":
            self.target = Static("")
        elif self.kind in ("fast", "watch"):
            self.target = FastTable(COLUMNS, self.rows)
        elif self.kind == "datatable":
            self.target = DataTable(cursor_type="row", zebra_stripes=True)
        else:
            return
        self.watch_painting(self.target)
        await slot.mount(self.target)
        if isinstance(self.target, FastTable) and self.kind == "watch":
            # The filter runs inside the Input's own value change: one shared frame.
            entry = self.query_one(Input)
            self.target.link_filter(entry)
            self.watch(entry, "value", self.filtered, init=False)  # runs after it
        if isinstance(self.target, DataTable):
            self.target.add_columns(*(c.label for c in COLUMNS))
            for row in self.rows:
                self.target.add_row(*row.cells, key=row.key)

    def filtered(self, value: str) -> None:
        self.painted = False
        self.handled = True

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.kind == "watch":
            return
        target = self.target
        if isinstance(target, Static):
            target.update(event.value)
        elif isinstance(target, FastTable):
            target.filter(event.value)
        elif isinstance(target, DataTable):
            self.matcher.filter(event.value)
            target.clear()
            for key in self.matcher.visible_keys:
                target.add_row(*self.by_key[key].cells, key=key)
        self.painted = False  # from now on, a paint shows the new state
        self.handled = True


async def measure(
    app: BenchApp, action: Callable[[], Awaitable[None] | None], expected: int, *, handled: bool
) -> float:
    """Seconds from `action()` to the end of the refresh painting the settled widget."""
    app.expected = expected
    app.handled = handled
    app.painted = False
    app.done.clear()
    app.waiting = True
    start = time.perf_counter()
    result = action()
    if result is not None:
        await result
    await asyncio.wait_for(app.done.wait(), timeout=60)
    return app.done_at - start


def filter_texts(words: list[str]) -> list[str]:
    """The filter after each keystroke, typing then erasing each word."""
    texts: list[str] = []
    for word in words:
        texts += [word[: i + 1] for i in range(len(word))]
        texts += [word[:i] for i in range(len(word) - 1, -1, -1)]
    return texts


async def run(
    kind: str, rows: list[Row], size: tuple[int, int], words: list[str], gc_freeze: bool
) -> dict:
    app = BenchApp(kind, rows)
    result: dict = {}
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        entry = app.query_one(Input)
        entry.focus()
        await pilot.pause()
        if kind in ("fast", "watch", "datatable"):
            result["first"] = await measure(app, app.show_target, len(rows), handled=True)
        else:
            await app.show_target()
        await pilot.pause()
        if gc_freeze:
            gc.collect()
            gc.freeze()
        # Warm-up, not timed: the first edit of an Input pays for lazy imports.
        entry.insert_text_at_cursor("x")
        await pilot.pause()
        entry.action_delete_left()
        await pilot.pause()
        times, shown = [], []
        previous = ""
        for text in filter_texts(words):
            app.matcher.filter(text)
            expected = app.matcher.visible_count
            if len(text) < len(previous):
                edit: Callable[[], None] = entry.action_delete_left
            else:
                char = text[-1]

                def edit(char: str = char) -> None:
                    entry.insert_text_at_cursor(char)

            # Without a target widget, the Input's repaint is the end.
            times.append(await measure(app, edit, expected, handled=kind == "input"))
            assert entry.value == text
            shown.append(expected)
            previous = text
            await pilot.pause()  # let everything settle (not timed)
            await asyncio.sleep(0.1)  # a typing pace: the app is idle between keys
        result["keys"] = times
        result["shown"] = shown
        if isinstance(app.target, FastTable):
            result["direct"] = direct_times(app.target, words)
    return result


def direct_times(table: FastTable, words: list[str]) -> list[float]:
    times = []
    region = Region(0, 0, table.size.width, table.size.height)
    for text in filter_texts(words):
        start = time.perf_counter()
        table.filter(text)
        table.render_lines(region)
        times.append(time.perf_counter() - start)
    return times


def quantiles(times: list[float]) -> tuple[float, float, float]:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return statistics.median(ms), p95, ms[-1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--size", default="120x40", help="terminal WxH")
    parser.add_argument("--no-datatable", action="store_true", help="skip the slow one")
    parser.add_argument(
        "--gc-freeze", action="store_true", help="gc.freeze() once the data is shown"
    )
    parser.add_argument("--words", default=",".join(WORDS), help="comma-separated filters")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.size.split("x"))
    words = [w for w in args.words.split(",") if w]
    rows = make_rows(args.rows)
    kinds = [k for k in KINDS if not (k == "datatable" and args.no_datatable)]
    results: dict[str, dict] = {}
    for kind in kinds:
        print(f"… {KINDS[kind]}", file=sys.stderr, flush=True)
        gc.collect()
        results[kind] = asyncio.run(run(kind, rows, (width, height), words, args.gc_freeze))
        gc.unfreeze()

    print(
        f"{args.rows} rows, terminal {width}x{height}, {len(results['fast']['keys'])} "
        f"keystrokes (typing then erasing: {', '.join(words)})"
    )
    print(
        f"python {sys.version.split()[0]}, textual {__import__('textual').__version__}"
        + (", gc.freeze() after loading" if args.gc_freeze else "")
    )
    print()
    header = f"{'ms':<16}" + "".join(f"{KINDS[k]:>11}" for k in kinds)
    print(header)
    print("-" * len(header))
    first = "".join(
        f"{results[k]['first'] * 1000:11.1f}" if "first" in results[k] else f"{'':>11}"
        for k in kinds
    )
    print(f"{'first display':<16}{first}")
    stats = {k: quantiles(results[k]["keys"]) for k in kinds}
    for i, name in enumerate(("keystroke p50", "keystroke p95", "keystroke max")):
        print(f"{name:<16}" + "".join(f"{stats[k][i]:11.1f}" for k in kinds))
    p50, p95, worst = quantiles(results["fast"]["direct"])
    print()
    print(
        "FastTable direct, filter() + render of the visible lines (no event loop): "
        f"p50 {p50:.2f}, p95 {p95:.2f}, max {worst:.2f} ms"
    )
    print(f"rows shown after each keystroke: {results['fast']['shown']}")
    if "datatable" in results:
        assert results["datatable"]["shown"] == results["fast"]["shown"]


if __name__ == "__main__":
    main()
