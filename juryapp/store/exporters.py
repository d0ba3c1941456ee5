"""Writing tables for the secretary: CSV for French Excel, XLSX, JSON.

``write_table`` writes the same rows in any of the three formats, atomically (a
temporary file in the same folder, then ``os.replace``), and deterministically: the
same rows give the same bytes, so exports can be compared and archived.

- CSV: UTF-8 with BOM, ``;`` separator, decimal comma; dates in ISO (French Excel
  reads them as dates).  Text cells that a spreadsheet would take for a formula
  (starting with ``=``, ``+``, ``-`` or ``@`` and not a number) are prefixed with ``'``.
- XLSX: bold, frozen header with a filter, column widths from the content; numbers and
  dates stay numbers and dates.  Text is always stored as text, never as a formula.
- JSON: a list of objects, UTF-8, ``ensure_ascii=False``, indent 2.

Time-zone-aware datetimes are written in local time in CSV and XLSX (spreadsheets know
no time zones) and with their offset in JSON.

What is written does not depend on the user's language: the column names are the
caller's, and ``oui``/``non`` and the sheet name ``Export`` stay French (an export is data,
read back by :mod:`juryapp.store.importers`, and must be the same bytes in any language).
Only the error messages are translated.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import os
import re
import secrets
import zipfile
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Literal

from juryapp.i18n import _, school_time

__all__ = ["ExportFormat", "write_table", "render_table"]

ExportFormat = Literal["csv", "xlsx", "json"]

#: The timestamp written into XLSX metadata and zip entries, for reproducible files.
FIXED_TIMESTAMP = dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_table(
    path: Path,
    fmt: ExportFormat,
    columns: list[str],
    rows: Sequence[Mapping[str, Any]],
) -> None:
    """Write ``rows`` (dicts keyed by the names in ``columns``) to ``path`` in ``fmt``.

    Keys missing from a row give empty cells (null in JSON); keys not in ``columns`` are
    left out.
    """
    data = render_table(fmt, columns, rows)
    _atomic_write(Path(path), data)


def render_table(fmt: ExportFormat, columns: list[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    """The bytes :func:`write_table` writes."""
    if len(set(columns)) != len(columns):
        raise ValueError(_("colonnes en double dans l'export"))
    if fmt == "csv":
        return _csv_bytes(columns, rows)
    if fmt == "xlsx":
        return _xlsx_bytes(columns, rows)
    if fmt == "json":
        return _json_bytes(columns, rows)
    raise ValueError(_("format d'export inconnu : {fmt} (csv, xlsx ou json)").format(fmt=repr(fmt)))


# --------------------------------------------------------------------------- values


def _local_naive(value: dt.datetime) -> dt.datetime:
    """The school's wall-clock time (a spreadsheet cell has no time zone)."""
    if value.tzinfo is not None:
        return school_time(value).replace(tzinfo=None)
    return value


def _number_text(value: float | Decimal) -> str:
    """``12.5`` -> ``"12,5"``, ``14.0`` -> ``"14"``, ``1e-7`` -> ``"0,0000001"``."""
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        # 15 significant digits (0.1 + 0.2 gives 0.3), never in exponent form
        value = Decimal(f"{value:.15g}")
    if not value.is_finite():
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _plain(value: Any) -> Any:
    """Enums to their value, collections to text; other values untouched."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ", ".join(str(_plain(v)) for v in items)
    if isinstance(value, Mapping):
        return ", ".join(f"{k} : {_plain(v)}" for k, v in value.items())
    return value


def _text(value: Any) -> str:
    """A cell as CSV text, the French way."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (float, Decimal)):
        return _number_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        value = _local_naive(value)
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    return _defuse(str(value))


def _defuse(text: str) -> str:
    """Keep a spreadsheet from running a text cell as a formula (CSV injection)."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text):
        return "'" + text
    return text


_NUMBER = re.compile(r"[+-]?\d[\d \u00a0\u202f]*([.,]\d+)?")


def _is_number(text: str) -> bool:
    return _NUMBER.fullmatch(text.strip()) is not None


# --------------------------------------------------------------------------- formats


def _csv_bytes(columns: list[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quotechar='"', lineterminator="\r\n")
    writer.writerow([_defuse(c) for c in columns])
    for row in rows:
        writer.writerow([_text(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8-sig")


def _json_value(value: Any) -> Any:
    value = _plain(value) if isinstance(value, (Enum, set, frozenset)) else value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, Mapping):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _json_bytes(columns: list[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    objects = [{c: _json_value(row.get(c)) for c in columns} for row in rows]
    return (json.dumps(objects, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _xlsx_value(value: Any) -> tuple[Any, str | None]:
    """(cell value, number format) for openpyxl; text never becomes a formula."""
    value = _plain(value)
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("oui" if value else "non"), None
    if isinstance(value, Decimal):
        return float(value), None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None, None
        return value, None
    if isinstance(value, int):
        return value, None
    if isinstance(value, dt.datetime):
        return _local_naive(value), "DD/MM/YYYY HH:MM"
    if isinstance(value, dt.date):
        return value, "DD/MM/YYYY"
    if isinstance(value, dt.time):
        return value.replace(tzinfo=None), "HH:MM"
    return _clean_xml(str(value)), None


def _clean_xml(text: str) -> str:
    """Control characters XML 1.0 cannot carry (openpyxl refuses them) become spaces."""
    return "".join(" " if (ord(ch) < 32 and ch not in "\t\n\r") else ch for ch in text)


def _display_width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def _xlsx_bytes(columns: list[str], rows: Sequence[Mapping[str, Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    ws = wb.active
    ws.title = "Export"
    bold = Font(bold=True)
    widths = [len(c) for c in columns]

    for j, title in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j, value=_clean_xml(title))
        cell.data_type = "s"
        cell.font = bold
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, row in enumerate(rows, start=2):
        for j, name in enumerate(columns, start=1):
            value, number_format = _xlsx_value(row.get(name))
            cell = ws.cell(row=i, column=j)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # "=1+1" in a comment stays text
                if "\n" in value:
                    cell.alignment = wrap
            if number_format:
                cell.number_format = number_format
            widths[j - 1] = max(widths[j - 1], _display_width(value))

    for j, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"
    if columns:
        last = f"{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
        ws.auto_filter.ref = f"A1:{last}"

    wb.properties.creator = "juryapp"
    wb.properties.lastModifiedBy = "juryapp"
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP

    raw = io.BytesIO()
    # ExcelWriter directly: openpyxl's save_workbook stamps "modified" with the clock.
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(wb, archive).save()
    return _stable_zip(raw.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same archive with fixed entry dates, for byte-identical files."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


# --------------------------------------------------------------------------- writing


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    folder = path.parent if str(path.parent) else Path(".")
    tmp = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
    # os.open with 0o666 lets the umask decide the permissions, as for any new file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
