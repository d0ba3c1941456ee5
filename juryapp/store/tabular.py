"""Reading the tables secretaries bring: CSV (any French spreadsheet export) and XLSX.

``read_table`` turns a file into a :class:`Table` of text cells keyed by the file's own
header, each row carrying the line number the user sees in a spreadsheet or a text
editor.  ``match_columns`` then maps the header onto the canonical field names of a
record, forgiving case, accents, spaces and punctuation, and accepting French aliases.

CSV files come as they are: ``;`` or ``,`` or tab separated, UTF-8 with or without BOM,
Windows-1252, UTF-16 ("texte Unicode" from Excel).  The encoding and the separator used
are reported so the user can check them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from juryapp.i18n import N_, _, ngettext

__all__ = [
    "ColumnMatch",
    "ColumnSpec",
    "Row",
    "Table",
    "TableError",
    "match_columns",
    "normalize_header",
    "parse_bool",
    "parse_date",
    "parse_float",
    "parse_int",
    "read_table",
]


class TableError(ValueError):
    """The file cannot be read as a table; the message is one line naming the file, in the
    user's language."""


@dataclass
class Row:
    #: the line number the user sees (text editor line, or spreadsheet row)
    line: int
    #: header (as written in the file) -> cell text, stripped; "" for an empty cell
    values: dict[str, str]
    #: non-empty cells beyond the last header column (a misplaced separator, usually)
    extra_cells: list[str] = field(default_factory=list)

    def get(self, column: str | None) -> str:
        if column is None:
            return ""
        return self.values.get(column, "")


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    #: the encoding used to decode the file ("utf-8", "utf-8-sig", "cp1252"...), "xlsx"
    #: for a spreadsheet
    encoding: str
    #: the separator of a CSV file; None for a spreadsheet
    delimiter: str | None
    #: the file's name, for messages
    source: str = ""
    #: the line of the header
    header_line: int = 1


# --------------------------------------------------------------------------- reading

#: Separators we accept in CSV files.
DELIMITERS = (";", ",", "\t", "|")
#: How much of a CSV file the dialect sniffers look at.
SNIFF_CHARS = 20_000
#: Title lines above the header that may be skipped (e.g. "Liste des candidats 2026").
MAX_PREAMBLE = 10

_XLSX_EXT = {".xlsx", ".xlsm"}
#: the formats recognised by their extension, named for messages (translated when shown)
_OTHER_FORMATS = {
    ".xls": N_("classeur Excel 97-2003 (.xls)"),
    ".ods": N_("classeur OpenDocument (.ods)"),
    ".numbers": N_("fichier Numbers"),
    ".pdf": N_("document PDF"),
    ".doc": N_("document Word"),
    ".docx": N_("document Word"),
    ".odt": N_("document OpenDocument"),
}
#: the advice that ends the messages about a file that is not CSV or XLSX ({resave})
_RESAVE = N_("enregistrez-le au format CSV ou XLSX")

#: Single-byte Latin code pages charset-normalizer may propose for a French file:
#: when any of them is a candidate, Windows-1252 (what French Windows writes) wins.
_LATIN = {
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "cp1257",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_9",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_16",
    "cp1254",
    "cp850",
    "cp852",
    "cp857",
    "cp858",
    "cp775",
    "cp437",
    "cp860",
    "cp861",
    "cp863",
    "cp865",
    "mac_roman",
    "mac_latin2",
    "mac_iceland",
    "mac_turkish",
    "hp_roman8",
}


def read_table(path: Path) -> Table:
    """Read a CSV or XLSX file into a :class:`Table`; raises :class:`TableError`."""
    path = Path(path)
    name = path.name
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise TableError(_("{name} : c'est un dossier, pas un fichier").format(name=name)) from None
    except FileNotFoundError:
        raise TableError(
            _("{name} : fichier introuvable ({path})").format(name=name, path=path)
        ) from None
    except OSError as exc:
        raise TableError(
            _("{name} : lecture impossible ({error})").format(name=name, error=exc.strerror or exc)
        ) from None

    ext = path.suffix.lower()
    if data.startswith(b"PK\x03\x04") and ext not in _OTHER_FORMATS:
        # An XLSX, whatever its name says (an .xlsx renamed .csv happens).
        return _read_xlsx(data, name)
    if ext in _OTHER_FORMATS:
        raise TableError(
            _("{name} : {format} non pris en charge, {resave}").format(
                name=name, format=_(_OTHER_FORMATS[ext]), resave=_(_RESAVE)
            )
        )
    if ext in _XLSX_EXT:
        raise TableError(_("{name} : ce n'est pas un classeur XLSX valide").format(name=name))
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(
            _("{name} : ancien format Microsoft Office non pris en charge, {resave}").format(
                name=name, resave=_(_RESAVE)
            )
        )
    if data.startswith(b"%PDF"):
        raise TableError(
            _("{name} : {format} non pris en charge, {resave}").format(
                name=name, format=_(_OTHER_FORMATS[".pdf"]), resave=_(_RESAVE)
            )
        )
    return _read_csv(data, name)


# ----------------------------------------------------------------- CSV


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """The text of ``data`` and the name of the encoding used.

    UTF-8 (with or without BOM) first, strictly; then a UTF-16/32 byte-order mark; then
    charset-normalizer's guess, except that Windows-1252 wins whenever it is plausible:
    the detector proposes a Latin code page, or has no idea, or the cp1252 reading looks
    like Latin text.  Short French files are where detectors guess Chinese or Farsi.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        return text, ("utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8")

    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break

    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    candidates = [m.encoding for m in matches]

    cp1252 = _try_cp1252(data)
    if cp1252 is not None and (
        best is None or any(c in _LATIN for c in candidates) or _looks_latin(cp1252)
    ):
        return cp1252, "cp1252"
    if best is None:
        raise TableError(
            _("{name} : ce n'est pas un fichier texte (CSV) lisible, {resave}").format(
                name=name, resave=_(_RESAVE)
            )
        )
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise TableError(
            _("{name} : encodage des caractères non reconnu, {resave}").format(
                name=name, resave=_(_RESAVE)
            )
        ) from None
    return text.removeprefix("\ufeff"), codecs.lookup(best.encoding).name


def _try_cp1252(data: bytes) -> str | None:
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if any(ord(ch) < 32 and ch not in "\t\n\r\f" for ch in text):
        return None  # control characters: binary, not text
    return text


def _looks_latin(text: str) -> bool:
    """Mostly ASCII letters, as French (or any Latin-script) text is; a Cyrillic or Greek
    file read as cp1252 gives almost only accented letters."""
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(1 for ch in letters if ord(ch) > 127)
    return accented * 2 <= len(letters)


def _sniff_delimiter(text: str) -> str:
    """The separator of a CSV text, from a bounded sample.

    clevercsv's detector first, then the standard library's sniffer, then a count of the
    separators in the first lines.  Only the separator is taken from the sniffers: the
    quote is always ``"`` and there is no escape character, as every spreadsheet
    writes (an apostrophe in "D'Artagnan" must not become a quote).
    """
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    head = _head_lines(sample)

    delimiter = ""
    try:
        import clevercsv

        dialect = clevercsv.Sniffer().sniff(sample, delimiters=list(DELIMITERS))
    except Exception:  # a sniffer failure only means "try the next one"
        dialect = None
    if dialect is not None and dialect.delimiter in DELIMITERS:
        delimiter = dialect.delimiter
    if not delimiter:
        try:
            std = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS))
        except Exception:  # csv.Error, and the odd IndexError on strange samples
            std = None
        if std is not None and std.delimiter in DELIMITERS:
            delimiter = std.delimiter
    # A separator found in none of the first lines came from further down (a comment
    # full of commas...): the first lines know better.
    if not delimiter or not any(delimiter in _unquoted(line) for line in head):
        delimiter = _count_delimiter(head) or delimiter or ";"
    return delimiter


def _head_lines(text: str, n: int = 5) -> list[str]:
    """The first ``n`` lines that hold something besides separators."""
    lines = [line for line in text.splitlines() if line.strip(" \t;,|")]
    return lines[:n]


def _unquoted(line: str) -> str:
    return re.sub(r'"[^"]*"', "", line)


def _count_delimiter(lines: list[str]) -> str:
    """The separator occurring most in the line richest in separators, or ""."""
    best, best_count = "", 0
    for line in lines:
        bare = _unquoted(line)
        for d in (";", "\t", ",", "|"):
            if bare.count(d) > best_count:
                best, best_count = d, bare.count(d)
    return best


def _csv_records(text: str, delimiter: str, *, strict: bool) -> list[tuple[int, list[str]]]:
    """(first line, cells) of each record; a record's first line is one after the last
    line of the record before, whatever newlines its quoted cells hold."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=strict
    )
    out: list[tuple[int, list[str]]] = []
    previous = 0
    for cells in reader:
        out.append((previous + 1, cells))
        previous = reader.line_num
    return out


def _read_csv(data: bytes, name: str) -> Table:
    if not data.strip():
        raise TableError(_("{name} : le fichier est vide").format(name=name))
    text, encoding = _decode(data, name)
    if "\x00" in text:
        raise TableError(
            _("{name} : ce n'est pas un fichier texte (CSV), {resave}").format(
                name=name, resave=_(_RESAVE)
            )
        )
    if not text.strip():
        raise TableError(_("{name} : le fichier est vide").format(name=name))

    delimiter = _sniff_delimiter(text)
    try:
        records = _csv_records(text, delimiter, strict=True)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise TableError(
                _(
                    "{name} : une cellule dépasse {limit} caractères (guillemet jamais refermé ?)"
                ).format(name=name, limit=csv.field_size_limit())
            ) from None
        if "unexpected end of data" in str(exc):
            start = _unclosed_quote_line(text, delimiter)
            raise TableError(
                _("{name} : guillemet ouvert ligne {line} et jamais refermé").format(
                    name=name, line=start
                )
            ) from None
        try:
            records = _csv_records(text, delimiter, strict=False)
        except csv.Error as exc2:
            raise TableError(
                _("{name} : fichier CSV illisible ({error})").format(name=name, error=exc2)
            ) from None
    return _build_table(records, name, encoding=encoding, delimiter=delimiter)


def _unclosed_quote_line(text: str, delimiter: str) -> int:
    records = _csv_records(text, delimiter, strict=False)
    return records[-1][0] if records else 1


# ----------------------------------------------------------------- XLSX


def _read_xlsx(data: bytes, name: str) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError(
            _("{name} : classeur XLSX illisible ({error})").format(
                name=name, error=exc.__class__.__name__
            )
        ) from None
    except Exception as exc:  # openpyxl raises many things on bad files
        raise TableError(
            _("{name} : classeur XLSX illisible ({error})").format(name=name, error=exc)
        ) from None
    try:
        if not wb.worksheets:
            raise TableError(_("{name} : le classeur ne contient aucune feuille").format(name=name))
        ws = wb.worksheets[0]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # stale dimensions would silently cut rows
        records: list[tuple[int, list[str]]] = []
        for number, values in enumerate(ws.iter_rows(min_row=1, values_only=True), start=1):
            records.append((number, [_cell_text(v) for v in values]))
    except TableError:
        raise
    except Exception as exc:
        raise TableError(
            _("{name} : classeur XLSX illisible ({error})").format(name=name, error=exc)
        ) from None
    finally:
        wb.close()
    return _build_table(records, name, encoding="xlsx", delimiter=None)


def _cell_text(value: object) -> str:
    """A spreadsheet value as the text the user sees (dates in ISO, 12.0 as "12"); a
    boolean is ``oui``/``non`` whatever the language (a value for the parsers, not a
    message)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.15g}"
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


# ----------------------------------------------------------------- common


def _clean_cell(text: str) -> str:
    """Stripped, with one kind of line break inside multi-line cells."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


_NUMBERISH = re.compile(r"^[+-]?\d+([.,]\d+)?$|^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$")


def _build_table(
    records: list[tuple[int, list[str]]], name: str, *, encoding: str, delimiter: str | None
) -> Table:
    lines = [(line, [_clean_cell(c) for c in cells]) for line, cells in records]
    lines = [(line, cells) for line, cells in lines if any(cells)]
    if not lines:
        raise TableError(_("{name} : le fichier est vide").format(name=name))

    # The header is the first line with two cells or more; a few title lines above it
    # (one cell each) are skipped.  A single-column file has its header on line one.
    start = 0
    if sum(1 for c in lines[0][1] if c) < 2:
        for i, (_line, cells) in enumerate(lines[: MAX_PREAMBLE + 1]):
            if sum(1 for c in cells if c) >= 2:
                start = i
                break
    header_line, raw_header = lines[start]
    data_lines = lines[start + 1 :]

    for cell in raw_header:
        if cell and (_NUMBERISH.match(cell) or re.fullmatch(r"[^@\s]+@[^@\s]+\.\w+", cell)):
            raise TableError(
                _(
                    "{name} : pas de ligne d'en-tête (la ligne {line} contient « {cell} ») ;"
                    " la première ligne doit donner les noms des colonnes"
                ).format(name=name, line=header_line, cell=cell)
            )

    width = max([len(raw_header), *(len(cells) for _, cells in data_lines)])
    header: list[str] = []
    keep: list[int] = []  # indexes of the columns kept
    seen: dict[str, int] = {}
    for i in range(width):
        title = raw_header[i] if i < len(raw_header) else ""
        if not title:
            has_data = any(i < len(cells) and cells[i] for _, cells in data_lines)
            if i >= len(raw_header) or not has_data:
                continue  # trailing separators, or an empty column
            # not translated: the name becomes a key of the data (Candidate.extra), which
            # must not depend on the language of whoever imported the file
            title = f"colonne {i + 1}"
        if title in seen:
            raise TableError(
                _(
                    "{name} : la colonne « {title} » apparaît deux fois"
                    " (colonnes {first} et {second}) dans l'en-tête ligne {line}"
                ).format(
                    name=name, title=title, first=seen[title] + 1, second=i + 1, line=header_line
                )
            )
        seen[title] = i
        header.append(title)
        keep.append(i)
    if not header:
        raise TableError(_("{name} : pas de ligne d'en-tête").format(name=name))

    kept = set(keep)
    rows: list[Row] = []
    for line, cells in data_lines:
        values = {
            title: (cells[i] if i < len(cells) else "")
            for title, i in zip(header, keep, strict=True)
        }
        extra = [c for j, c in enumerate(cells) if j not in kept and c]
        if not any(values.values()) and not extra:
            continue
        rows.append(Row(line=line, values=values, extra_cells=extra))
    return Table(
        header=header,
        rows=rows,
        encoding=encoding,
        delimiter=delimiter,
        source=name,
        header_line=header_line,
    )


# --------------------------------------------------------------------------- values
# Cells as French spreadsheets write them.  Each parser raises ValueError with a message
# naming the cell, in the user's language.


_SPACES = "\u00a0\u202f\u2009 "
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d+)?|[.,]\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}([" + _SPACES + r"]\d{3})+([.,]\d+)?")


def _number_text(s: str) -> str:
    s = s.strip()
    if _GROUPED.fullmatch(s):
        s = "".join(ch for ch in s if ch not in _SPACES)
    if not _NUMBER.fullmatch(s):
        raise ValueError(_("« {value} » n'est pas un nombre").format(value=s))
    return s.replace(",", ".")


def parse_float(s: str) -> float:
    """``"12,5"`` -> 12.5; ``"1 234"`` -> 1234.0.  Raises ValueError (a message for the user)."""
    return float(_number_text(s))


def parse_int(s: str, units: tuple[str, ...] = ()) -> int:
    """``"120"``, ``"1 234"``, ``"12,0"`` -> int; ``"12,5"`` is refused."""
    text = s.strip()
    for unit in units:
        text = re.sub(rf"\s*{unit}\s*$", "", text, flags=re.IGNORECASE)
    value = float(_number_text(text))
    if not value.is_integer():
        raise ValueError(_("« {value} » n'est pas un nombre entier").format(value=s.strip()))
    return int(value)


_TRUE = {"oui", "o", "yes", "y", "vrai", "true", "x", "1", "v", "ok"}
_FALSE = {"non", "n", "no", "faux", "false", "0", "-"}


def parse_bool(s: str) -> bool:
    """oui/non, o/n, yes/no, vrai/faux, true/false, x, 1/0.  Raises ValueError."""
    key = s.strip().casefold()
    norm = normalize_header(key) or key
    if key in _TRUE or norm in _TRUE:
        return True
    if key in _FALSE or norm in _FALSE:
        return False
    # Translators: "oui/non" are the words the file may hold (yes/no are accepted too)
    raise ValueError(_("« {value} » n'est pas oui/non").format(value=s.strip()))


@cache
def _month_names() -> dict[str, int]:
    from babel.dates import get_month_names

    months: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale="fr").items():
            months[normalize_header(name)] = number
    months.update({"fev": 2, "sep": 9})  # common short forms babel does not give
    return months


@cache
def _day_names() -> set[str]:
    from babel.dates import get_day_names

    return {
        normalize_header(n)
        for width in ("wide", "abbreviated")
        for n in get_day_names(width, locale="fr").values()
    }


_TIME_TAIL = r"(?:[ T]\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_ISO_DATE = re.compile(rf"(\d{{4}})-(\d{{1,2}})-(\d{{1,2}}){_TIME_TAIL}")
_FR_DATE = re.compile(rf"(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}){_TIME_TAIL}")
# Translators: the month must stay in French: the dates are read in French only
_DATE_HINT = N_("attendu JJ/MM/AAAA, AAAA-MM-JJ ou « 22 novembre 2026 »")


def parse_date(s: str) -> dt.date:
    """``2026-11-22``, ``22/11/2026``, ``22-11-2026``, ``22.11.2026``, ``22 novembre 2026``,
    ``lundi 1er décembre 2026``.  Impossible dates (31/02/2026) are refused."""
    text = s.strip()
    ymd: tuple[int, int, int] | None = None
    if m := _ISO_DATE.fullmatch(text):
        ymd = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _FR_DATE.fullmatch(text):
        ymd = (int(m[3]), int(m[2]), int(m[1]))
    else:
        words = [normalize_header(w) for w in re.split(r"[\s,]+", text) if normalize_header(w)]
        if words and words[0] in _day_names():
            words = words[1:]
        if len(words) == 3:
            day, month, year = words
            day = re.sub(r"(er|e)$", "", day)
            number = _month_names().get(month)
            if day.isdigit() and number and year.isdigit() and len(year) == 4:
                ymd = (int(year), number, int(day))
    if ymd is None:
        raise ValueError(
            _("« {value} » n'est pas une date ({hint})").format(value=text, hint=_(_DATE_HINT))
        )
    year, month, day = ymd
    if not 1900 <= year <= 2200:
        raise ValueError(
            _("« {value} » : année {year} invraisemblable").format(value=text, year=year)
        )
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            _("« {value} » n'est pas une date du calendrier").format(value=text)
        ) from None


# --------------------------------------------------------------------------- columns


def normalize_header(s: str) -> str:
    """A header as compared: no case, accents, spaces, dashes, underscores or punctuation.

    ``"Prénom"``, ``"prenom"``, ``"PRÉNOM "`` and ``"pré-nom"`` all give ``"prenom"``.
    """
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = s.casefold().replace("œ", "oe").replace("æ", "ae").replace("ł", "l").replace("ø", "o")
    return "".join(ch for ch in s if ch.isalnum())


def _header_forms(title: str) -> list[str]:
    """``"Crédits (ECTS)"`` -> ``["creditsects", "credits"]``: full, then without brackets."""
    forms = [normalize_header(title)]
    bare = re.sub(r"\([^)]*\)|\[[^\]]*\]|[*:]+\s*$", " ", title)
    bare_n = normalize_header(bare)
    if bare_n and bare_n not in forms:
        forms.append(bare_n)
    return [f for f in forms if f]


@dataclass(frozen=True)
class ColumnSpec:
    """A field a file may carry: its name for messages (a French msgid marked with ``N_``,
    translated where it is shown), and the headers it goes by (never translated: they are
    what the files say)."""

    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False


@dataclass
class ColumnMatch:
    #: canonical field name -> the file's header for it
    columns: dict[str, str]
    #: headers no field claims, in file order
    unknown: list[str]

    def header(self, field_name: str) -> str | None:
        return self.columns.get(field_name)

    def get(self, row: Row, field_name: str) -> str:
        return row.get(self.columns.get(field_name))

    def __contains__(self, field_name: object) -> bool:
        return field_name in self.columns


def match_columns(
    header: Sequence[str],
    spec: Mapping[str, ColumnSpec],
    *,
    file: str | Path | None = None,
) -> ColumnMatch:
    """Map the canonical field names of ``spec`` to the columns of ``header``.

    A header matches a field when its normalized form equals the field name's or one of
    its aliases' (see :func:`normalize_header`); a bracketed part is ignored if needed
    (``"ECTS (total)"`` is ``ects``).  Raises :class:`TableError` when a required field
    has no column, or when two columns claim the same field.
    """
    name = Path(file).name if file is not None else _("fichier")
    lookup: dict[str, str] = {}
    for canon, col in spec.items():
        for alias in (canon, *col.aliases):
            key = normalize_header(alias)
            other = lookup.setdefault(key, canon)
            if other != canon:
                raise ValueError(f"alias « {alias} » commun à {other} et {canon}")

    columns: dict[str, str] = {}
    unknown: list[str] = []
    for title in header:
        canon = next((lookup[f] for f in _header_forms(title) if f in lookup), None)
        if canon is None:
            unknown.append(title)
            continue
        if canon in columns:
            raise TableError(
                _(
                    "{name} : les colonnes « {first} » et « {second} » désignent toutes"
                    " deux le champ {field} ; gardez-en une seule"
                ).format(name=name, first=columns[canon], second=title, field=_(spec[canon].label))
            )
        columns[canon] = title

    missing = [c for c, col in spec.items() if col.required and c not in columns]
    if missing:
        wanted = ", ".join(f"{_(spec[c].label)} ({c})" for c in missing)
        found = ", ".join(_("« {header} »").format(header=h) for h in header) or _("aucune")
        raise TableError(
            ngettext(
                "{name} : colonne obligatoire manquante : {wanted} ; colonnes trouvées : {found}",
                "{name} : colonnes obligatoires manquantes : {wanted} ; colonnes trouvées : {found}",
                len(missing),
            ).format(name=name, wanted=wanted, found=found)
        )
    return ColumnMatch(columns=columns, unknown=unknown)
