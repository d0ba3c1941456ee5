"""A small, fast page-layout engine over reportlab's canvas, for the jury's documents.

Why not platypus: a 2,000-candidate procès-verbal or a confidential annex of 100,000 scores
must be made in a few seconds.  Here a document is a list of :class:`Item` (a line of text,
a table row, a signature box...) of known height; :func:`paginate` places them on pages,
repeating a table's header on each page it continues on; :class:`Painter` writes the PDF
operators itself and caches, per string, the encoded text (with the embedded TrueType
font's subset codes) and its width, which is what makes it fast.

Reproducible: the same items give byte-identical PDFs (``invariant=1``, a creation date
given by the caller, no random names).

Importing this module imports reportlab: only the document makers do, when a document is
made (never at the application's or the command line's start).
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import as_file, files
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from .text import nfc

# --------------------------------------------------------------------------- fonts

REGULAR = "JurySans"
BOLD = "JurySans-Bold"
ITALIC = "JurySans-Oblique"
_FONT_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
}


@cache
def register_fonts() -> None:
    """Register DejaVu Sans (regular, bold, oblique) with reportlab, once."""
    for name, filename in _FONT_FILES.items():
        res = files("juryapp.minutes.fonts").joinpath(filename)
        with as_file(res) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))


def missing_glyphs(text: str, font: str = REGULAR) -> str:
    """The characters of ``text`` the embedded font cannot draw (each once, in order): they
    would print as empty boxes (DejaVu Sans covers Latin, Greek, Cyrillic, Arabic...; not
    Chinese, Japanese or Korean)."""
    register_fonts()
    known = pdfmetrics.getFont(font).face.charToGlyph
    out: list[str] = []
    for ch in nfc(text):
        if ch not in out and not ch.isspace() and ch.isprintable() and ord(ch) not in known:
            out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- garbage collector

_gc_lock = threading.Lock()
_gc_holders = 0
_gc_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a big document is made.

    A 2,000-candidate annex allocates millions of small objects (strings, tuples, the
    items' closures), none in a reference cycle, and the collector kept walking them:
    about a sixth of the annex's time.  Memory is still freed by reference counting; the
    collector resumes, as it was, when the last document being made (in any thread: the
    Minutes screen makes them in a worker) is done.
    """
    global _gc_holders, _gc_was_enabled
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_was_enabled:
                gc.enable()


# --------------------------------------------------------------------------- colours

Color = tuple[float, float, float]
INK: Color = (0.10, 0.11, 0.13)
GREY: Color = (0.38, 0.40, 0.44)
LIGHT: Color = (0.62, 0.64, 0.68)
NAVY: Color = (0.09, 0.20, 0.38)
RULE: Color = (0.78, 0.80, 0.84)
HEAD_FILL: Color = (0.89, 0.92, 0.96)
ZEBRA: Color = (0.965, 0.972, 0.982)
RED: Color = (0.70, 0.08, 0.10)
PALE_RED: Color = (0.98, 0.90, 0.90)
AMBER: Color = (0.62, 0.38, 0.02)
WHITE: Color = (1.0, 1.0, 1.0)


@cache
def _rgb(c: Color, stroke: bool = False) -> str:
    return f"{c[0]:.3f} {c[1]:.3f} {c[2]:.3f} {'RG' if stroke else 'rg'}"


def _f(x: float) -> str:
    """A coordinate (two decimals: stable, and compressed away)."""
    return f"{x:.2f}"


# --------------------------------------------------------------------------- painter


class Painter:
    """Writes text and shapes as PDF operators for one document (caches per document)."""

    def __init__(self, canvas: Canvas) -> None:
        register_fonts()
        self.canvas = canvas
        self.doc = canvas._doc
        self._fonts = {name: pdfmetrics.getFont(name) for name in _FONT_FILES}
        self._frag: dict[tuple[str, str, float], str] = {}
        self._width: dict[tuple[str, str, float], float] = {}
        self._wrap: dict[tuple[str, str, float, float], list[str]] = {}
        self._placed: dict[
            tuple[float, float, str, str, str, float], tuple[str, str, str, str]
        ] = {}

    # ---- text

    def width(self, text: str, font: str = REGULAR, size: float = 9) -> float:
        key = (text, font, size)
        w = self._width.get(key)
        if w is None:
            w = self._width[key] = pdfmetrics.stringWidth(text, font, size)
        return w

    def _fragment(self, text: str, font: str, size: float) -> str:
        key = (text, font, size)
        frag = self._frag.get(key)
        if frag is None:
            f = self._fonts[font]
            parts = []
            for subset, chunk in f.splitString(text, self.doc):
                name = f.getSubsetInternalName(subset, self.doc)
                parts.append(f"{name} {_f(size)} Tf ({escapePDF(chunk)}) Tj")
            frag = self._frag[key] = " ".join(parts)
        return frag

    def text(
        self,
        ops: list[str],
        x: float,
        y: float,
        text: str,
        font: str = REGULAR,
        size: float = 9,
        color: Color = INK,
        align: str = "left",
        width: float = 0.0,
    ) -> None:
        """Draw one line of ``text`` with its baseline at ``y``; ``align`` (left, right,
        center) within ``width`` from ``x``."""
        if not text:
            return
        if align == "right":
            x = x + width - self.width(text, font, size)
        elif align == "center":
            x = x + (width - self.width(text, font, size)) / 2
        ops.append(
            f"BT {_rgb(color)} 1 0 0 1 {_f(x)} {_f(y)} Tm {self._fragment(text, font, size)} ET"
        )

    def cells(
        self,
        ops: list[str],
        y: float,
        cells: Iterable[tuple[float, float, str, str]],
        font: str = REGULAR,
        size: float = 9,
        color: Color = INK,
    ) -> None:
        """Several strings on one baseline ``y``, each ``(x, width, text, align)``, in one
        text object (the fast path of the big tables)."""
        parts = [f"BT {_rgb(color)}"]
        placed = self._placed
        ys = f" {y:.2f} Tm "
        current = ""  # the font (and subset) set last in this text object
        for x, width, text, align in cells:
            if not text:
                continue
            key = (x, width, text, align, font, size)
            pre = placed.get(key)
            if pre is None:
                w = self.width(text, font, size)
                left = (
                    x + width - w
                    if align == "right"
                    else x + (width - w) / 2
                    if align == "center"
                    else x
                )
                frag = self._fragment(text, font, size)
                tf, sep, tj = frag.partition(" Tf ")
                single = " Tf " not in tj  # one subset: the font is set once, at the start
                pre = placed[key] = (f"1 0 0 1 {left:.2f}", frag, tf if single else "", tj)
            if pre[2] and pre[2] == current:
                parts.append(pre[0] + ys + pre[3])  # same font as before: no Tf again
            else:
                parts.append(pre[0] + ys + pre[1])
                current = pre[2]
        if len(parts) > 1:
            parts.append("ET")
            ops.append(" ".join(parts))

    def wrap(self, text: str, font: str, size: float, width: float) -> list[str]:
        """``text`` cut into lines no wider than ``width`` (at spaces; a word too long for
        a line is cut between letters).  Newlines in ``text`` are kept.  The list returned
        is shared: do not change it."""
        key = (text, font, size, width)
        found = self._wrap.get(key)
        if found is None:
            found = self._wrap[key] = self._wrap_text(text, font, size, width)
        return found

    def _wrap_text(self, text: str, font: str, size: float, width: float) -> list[str]:
        text = nfc(text)
        if "\n" not in text and self.width(text, font, size) <= width:
            return [text]
        lines: list[str] = []
        space = self.width(" ", font, size)
        for para in text.split("\n"):
            # only ordinary spaces break a line: a no-break space (« 0,4 », « n° 3 ») holds
            words = [w for w in para.split(" ") if w]
            if not words:
                lines.append("")
                continue
            line, line_w = "", 0.0
            for word in words:
                w = self.width(word, font, size)
                if w > width:  # cut the word itself
                    if line:
                        lines.append(line)
                        line, line_w = "", 0.0
                    piece = ""
                    for ch in word:
                        if self.width(piece + ch, font, size) > width and piece:
                            lines.append(piece)
                            piece = ch
                        else:
                            piece += ch
                    line, line_w = piece, self.width(piece, font, size)
                    continue
                if not line:
                    line, line_w = word, w
                elif line_w + space + w <= width:
                    line, line_w = f"{line} {word}", line_w + space + w
                else:
                    lines.append(line)
                    line, line_w = word, w
            lines.append(line)
        return lines

    # ---- shapes

    @staticmethod
    def rect(
        ops: list[str],
        x: float,
        y: float,
        w: float,
        h: float,
        fill: Color | None = None,
        stroke: Color | None = None,
        line: float = 0.5,
        dash: str = "",
    ) -> None:
        parts = ["q"]
        if fill is not None:
            parts.append(_rgb(fill))
        if stroke is not None:
            parts.append(f"{_rgb(stroke, True)} {_f(line)} w")
            if dash:
                parts.append(f"[{dash}] 0 d")
        op = "B" if fill is not None and stroke is not None else "f" if fill is not None else "S"
        parts.append(f"{_f(x)} {_f(y)} {_f(w)} {_f(h)} re {op} Q")
        ops.append(" ".join(parts))

    @staticmethod
    def line(
        ops: list[str],
        x1: float,
        y1: float,
        x2: float,
        y2: float,
        color: Color = RULE,
        width: float = 0.5,
        dash: str = "",
    ) -> None:
        d = f"[{dash}] 0 d " if dash else ""
        ops.append(
            f"q {_rgb(color, True)} {_f(width)} w {d}{_f(x1)} {_f(y1)} m {_f(x2)} {_f(y2)} l S Q"
        )


# --------------------------------------------------------------------------- pages, items


@dataclass
class SignatureField:
    """An empty PDF signature field (AcroForm /FT /Sig) to create on a page."""

    name: str
    rect: tuple[float, float, float, float]  # x1, y1, x2, y2
    member_id: str
    tooltip: str = ""
    #: what the field is for: "pv", "attendance"
    purpose: str = ""


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)
    fields: list[SignatureField] = field(default_factory=list)


#: ``draw(page, x, y_top, width)``: draw the item with its top at ``y_top``
Draw = Callable[[Page, float, float, float], None]


@dataclass
class Item:
    """Something of known height placed in the flow of a document."""

    height: float
    draw: Draw
    #: keep on the same page as the next item (headings, a table's first row)
    keep_with_next: bool = False
    #: drawn first when the item starts a new page (a table's header)
    header: Item | None = None
    #: start a new page before this item
    page_break: bool = False


def _nothing(page: Page, x: float, y: float, w: float) -> None:
    return None


def spacer(height: float) -> Item:
    return Item(height, _nothing)


def page_break() -> Item:
    return Item(0, _nothing, page_break=True)


@dataclass(frozen=True)
class Frame:
    """The part of the page where the flow goes (PDF points, origin bottom left)."""

    x: float
    bottom: float
    width: float
    top: float

    @property
    def height(self) -> float:
        return self.top - self.bottom


def paginate(items: Sequence[Item], frame: Frame) -> list[Page]:
    """Place ``items`` on pages (see :class:`Item`)."""
    pages = [Page()]
    y = frame.top
    n = len(items)

    def new_page() -> None:
        nonlocal y
        pages.append(Page())
        y = frame.top

    i = 0
    while i < n:
        item = items[i]
        if item.page_break:
            if y < frame.top:
                new_page()
            i += 1
            continue
        need = item.height
        j = i
        # keep a chain of keep_with_next items with the item that follows it
        while items[j].keep_with_next and j + 1 < n and need < frame.height:
            j += 1
            need += items[j].height
        if need > y - frame.bottom and y < frame.top:
            new_page()
        page = pages[-1]
        if y == frame.top and item.header is not None:
            item.header.draw(page, frame.x, y, frame.width)
            y -= item.header.height
        item.draw(page, frame.x, y, frame.width)
        y -= item.height
        i += 1
    if len(pages) > 1 and not pages[-1].ops and not pages[-1].fields:
        pages.pop()
    return pages


# --------------------------------------------------------------------------- building blocks


@dataclass(frozen=True)
class TextStyle:
    font: str = REGULAR
    size: float = 9.5
    leading: float = 13.0
    color: Color = INK
    align: str = "left"
    indent: float = 0.0


BODY = TextStyle()
SMALL = TextStyle(size=8, leading=10.5, color=GREY)
NOTE = TextStyle(font=ITALIC, size=8, leading=10.5, color=GREY)
STRONG = TextStyle(font=BOLD)


def paragraph(
    painter: Painter,
    text: str,
    width: float,
    style: TextStyle = BODY,
    space_after: float = 4.0,
    bullet: str = "",
) -> list[Item]:
    """A paragraph as one item per line (so it may continue on the next page)."""
    indent = style.indent + (11.0 if bullet else 0.0)
    lines = painter.wrap(text, style.font, style.size, width - indent)
    items: list[Item] = []
    base = style.leading * 0.76  # baseline below the top of the line
    for k, line in enumerate(lines):

        def draw(
            page: Page, x: float, y: float, w: float, line: str = line, first: bool = k == 0
        ) -> None:
            if first and bullet:
                painter.text(
                    page.ops,
                    x + style.indent,
                    y - base,
                    bullet,
                    style.font,
                    style.size,
                    style.color,
                )
            painter.text(
                page.ops,
                x + indent,
                y - base,
                line,
                style.font,
                style.size,
                style.color,
                style.align,
                w - indent,
            )

        items.append(Item(style.leading, draw))
    if items and space_after:
        items.append(spacer(space_after))
    return items


def heading(painter: Painter, text: str, width: float, level: int = 1) -> list[Item]:
    """A section heading (level 1: bold navy with a rule; level 2: bold)."""
    if level == 1:
        size, before, after = 11.5, 10.0, 6.0
    else:
        size, before, after = 10.0, 6.0, 3.0
    lines = painter.wrap(text, BOLD, size, width)
    height = before + len(lines) * size * 1.3 + after

    def draw(page: Page, x: float, y: float, w: float) -> None:
        yy = y - before
        for line in lines:
            yy -= size * 1.3
            painter.text(page.ops, x, yy + size * 0.28, line, BOLD, size, NAVY)
        if level == 1:
            painter.line(page.ops, x, yy - 2.5, x + w, yy - 2.5, NAVY, 0.8)

    return [Item(height, draw, keep_with_next=True)]


@dataclass(frozen=True)
class Column:
    title: str
    #: share of the table's width (the widths are scaled to the frame)
    weight: float = 1.0
    align: str = "left"
    font: str = REGULAR


@dataclass(frozen=True)
class Rule:
    """A labelled line inside a table, before the row of index ``before`` (e.g. the limit
    of the places in a ranked list)."""

    before: int
    label: str


def table(
    painter: Painter,
    columns: Sequence[Column],
    rows: Iterable[Sequence[str]],
    width: float,
    *,
    size: float = 8.5,
    header: bool = True,
    zebra: bool = True,
    rules: Sequence[Rule] = (),
    row_styles: dict[int, str] | None = None,
    min_row_height: float = 0.0,
    space_after: float = 6.0,
) -> list[Item]:
    """A table: a header repeated on each page, rows that never split; cells wrap.

    ``row_styles``: row index -> "bold" / "muted" / "alert".
    """
    total_w = sum(c.weight for c in columns) or 1.0
    widths = [width * c.weight / total_w for c in columns]
    pad_x, pad_y = 3.5, 2.6
    leading = size * 1.28
    inner = [w - 2 * pad_x for w in widths]
    styles = row_styles or {}
    ncols = len(columns)

    head_item: Item | None = None
    if header:
        head_lines = [painter.wrap(c.title, BOLD, size, inner[k]) for k, c in enumerate(columns)]
        head_h = max(len(ls) for ls in head_lines) * leading + 2 * pad_y

        def draw_head(page: Page, x: float, y: float, w: float) -> None:
            ops = page.ops
            painter.rect(ops, x, y - head_h, width, head_h, fill=HEAD_FILL)
            painter.line(ops, x, y, x + width, y, NAVY, 0.9)
            painter.line(ops, x, y - head_h, x + width, y - head_h, NAVY, 0.6)
            cx = x
            for k in range(ncols):
                yy = y - pad_y - size * 0.95
                for line in head_lines[k]:
                    painter.text(
                        ops, cx + pad_x, yy, line, BOLD, size, NAVY, columns[k].align, inner[k]
                    )
                    yy -= leading
                cx += widths[k]

        head_item = Item(head_h, draw_head)

    rule_at = {r.before: r.label for r in rules}
    items: list[Item] = []
    if head_item is not None:
        # the header itself, kept with the first row; the rows repeat it on a new page
        items.append(Item(head_item.height, head_item.draw, keep_with_next=True))
    rule_h = size * 1.9

    def rule_item(label: str) -> Item:
        def draw(page: Page, x: float, y: float, w: float) -> None:
            mid = y - rule_h / 2
            tw = painter.width(label, BOLD, size)
            gap = 6
            left_end = x + (width - tw) / 2 - gap
            painter.line(page.ops, x, mid, left_end, mid, RED, 0.9, "3 2")
            painter.line(page.ops, x + (width + tw) / 2 + gap, mid, x + width, mid, RED, 0.9, "3 2")
            painter.text(page.ops, x, mid - size * 0.35, label, BOLD, size, RED, "center", width)

        return Item(rule_h, draw, keep_with_next=True, header=head_item)

    n = 0
    for idx, row in enumerate(rows):
        if idx in rule_at:
            items.append(rule_item(rule_at[idx]))
        style = styles.get(idx, "")
        fonts = [BOLD if style == "bold" else c.font for c in columns]
        color = GREY if style == "muted" else RED if style == "alert" else INK
        cells: list[list[str]] = []
        for k in range(ncols):
            text = row[k] if k < len(row) else ""
            cells.append(painter.wrap(text, fonts[k], size, inner[k]) if text else [])
        nlines = max((len(c) for c in cells), default=1) or 1
        h = max(nlines * leading + 2 * pad_y, min_row_height)
        shade = zebra and n % 2 == 1

        def draw_row(
            page: Page,
            x: float,
            y: float,
            w: float,
            cells: list[list[str]] = cells,
            h: float = h,
            shade: bool = shade,
            fonts: list[str] = fonts,
            color: Color = color,
        ) -> None:
            ops = page.ops
            if shade:
                painter.rect(ops, x, y - h, width, h, fill=ZEBRA)
            cx = x
            for k in range(ncols):
                yy = y - pad_y - size * 0.95
                for line in cells[k]:
                    painter.text(
                        ops, cx + pad_x, yy, line, fonts[k], size, color, columns[k].align, inner[k]
                    )
                    yy -= leading
                cx += widths[k]
            painter.line(ops, x, y - h, x + width, y - h, RULE, 0.4)

        items.append(Item(h, draw_row, header=head_item))
        n += 1
    if space_after:
        items.append(spacer(space_after))
    return items


def key_values(
    painter: Painter,
    pairs: Sequence[tuple[str, str]],
    width: float,
    *,
    key_share: float = 0.28,
    size: float = 9.0,
) -> list[Item]:
    """Label / value lines (label in bold grey, value wrapped), with light rules."""
    kw = width * key_share
    vw = width - kw
    leading = size * 1.32
    items: list[Item] = []
    for k, (key, value) in enumerate(pairs):
        klines = painter.wrap(key, BOLD, size - 0.5, kw - 8)
        vlines = painter.wrap(value or "—", REGULAR, size, vw - 4)
        h = max(len(klines), len(vlines)) * leading + 5

        def draw(
            page: Page,
            x: float,
            y: float,
            w: float,
            klines: list[str] = klines,
            vlines: list[str] = vlines,
            h: float = h,
            first: bool = k == 0,
        ) -> None:
            if first:
                painter.line(page.ops, x, y, x + width, y, NAVY, 0.8)
            yy = y - 2.5 - size * 0.95
            for line in klines:
                painter.text(page.ops, x + 2, yy, line, BOLD, size - 0.5, GREY)
                yy -= leading
            yy = y - 2.5 - size * 0.95
            for line in vlines:
                painter.text(page.ops, x + kw, yy, line, REGULAR, size, INK)
                yy -= leading
            painter.line(page.ops, x, y - h, x + width, y - h, RULE, 0.4)

        items.append(Item(h, draw))
    items.append(spacer(6))
    return items


def box(
    painter: Painter,
    text: str,
    width: float,
    *,
    style: TextStyle = BODY,
    fill: Color = HEAD_FILL,
    stroke: Color | None = None,
) -> list[Item]:
    """A paragraph in a shaded box (kept on one page)."""
    pad = 6.0
    lines = painter.wrap(text, style.font, style.size, width - 2 * pad)
    h = len(lines) * style.leading + 2 * pad

    def draw(page: Page, x: float, y: float, w: float) -> None:
        painter.rect(page.ops, x, y - h, width, h, fill=fill, stroke=stroke, line=0.8)
        yy = y - pad - style.leading * 0.76
        for line in lines:
            painter.text(page.ops, x + pad, yy, line, style.font, style.size, style.color)
            yy -= style.leading

    return [Item(h, draw), spacer(6)]


# --------------------------------------------------------------------------- the document


@dataclass(frozen=True)
class DocInfo:
    """What the PDF's information dictionary says."""

    title: str
    author: str
    subject: str
    keywords: str
    created: dt.datetime  # from the session's data: the same data gives the same file


#: ``decorate(page_index, page_count) -> operators`` drawn on every page (under the content)
Decorate = Callable[[int, int], list[str]]


def new_canvas(buffer: io.BytesIO, pagesize: tuple[float, float]) -> Canvas:
    register_fonts()
    # compressed streams stay binary: ASCII85 (reportlab's default) is written in pure
    # Python when its C accelerator is absent, and was most of an annex's time
    rl_config.useA85 = 0
    return Canvas(buffer, pagesize=pagesize, invariant=1, pageCompression=1)


def render(
    canvas: Canvas,
    buffer: io.BytesIO,
    pages: Sequence[Page],
    info: DocInfo,
    decorate: Decorate | None = None,
    overlay: Decorate | None = None,
) -> bytes:
    """Write ``pages`` with ``canvas`` (made by :func:`new_canvas` on ``buffer``) and return
    the PDF's bytes.  ``decorate`` draws under each page's content, ``overlay`` over it."""
    _set_info(canvas, info)
    total = len(pages)
    for index, page in enumerate(pages):
        code = canvas._code
        if decorate is not None:
            code.extend(decorate(index, total))
        code.extend(page.ops)
        if overlay is not None:
            code.extend(overlay(index, total))
        for f in page.fields:
            _add_signature_field(canvas, f)
        canvas.showPage()
    canvas.save()
    data = buffer.getvalue()
    # reportlab keeps a per-document state in each TrueType font: let it go
    for name in _FONT_FILES:
        font = pdfmetrics.getFont(name)
        getattr(font, "state", {}).pop(canvas._doc, None)
    return data


def _set_info(canvas: Canvas, info: DocInfo) -> None:
    from juryapp import __version__

    canvas.setTitle(nfc(info.title))
    canvas.setAuthor(nfc(info.author))
    canvas.setSubject(nfc(info.subject))
    canvas.setKeywords(info.keywords)
    canvas.setCreator(f"juryapp {__version__}")
    created = info.created
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    created = created.astimezone(dt.UTC)
    ts = TimeStamp(invariant=1)
    ts.t = created.timestamp()
    ts.lt = created.timetuple()
    ts.YMDhms = tuple(ts.lt)[:6]
    ts.dhh = ts.dmm = 0
    canvas._doc._timeStamp = ts


def _add_signature_field(canvas: Canvas, f: SignatureField) -> None:
    """An empty signature field (a widget annotation) on the current page."""
    d: dict[str, object] = {
        "FT": PDFName("Sig"),
        "Type": PDFName("Annot"),
        "Subtype": PDFName("Widget"),
        "Rect": PDFArray([round(v, 2) for v in f.rect]),
        "F": 4,  # print
        "T": PDFString(f.name),
        "JuryappMember": PDFString(f.member_id),
    }
    if f.purpose:
        d["JuryappPurpose"] = PDFString(f.purpose)
    if f.tooltip:
        d["TU"] = PDFString(nfc(f.tooltip))
    widget = PDFDictionary(d)
    canvas._addAnnotation(widget)
    form = canvas.acroForm
    form.fields.append(form.getRef(widget))


def write(path: str | Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file renamed into place)."""
    import os
    import tempfile

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
