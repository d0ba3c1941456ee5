"""read_table, normalize_header, match_columns: the files as secretaries bring them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juryapp.store.tabular import (
    ColumnSpec,
    TableError,
    match_columns,
    normalize_header,
    parse_bool,
    parse_date,
    parse_float,
    parse_int,
    read_table,
)


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --------------------------------------------------------------------------- encodings


def test_utf8_bom_semicolon(tmp_path: Path) -> None:
    p = write(tmp_path / "a.csv", "\ufeffNom;Prénom\nLefèvre;Hélène\n")
    t = read_table(p)
    assert t.encoding == "utf-8-sig"
    assert t.delimiter == ";"
    assert t.header == ["Nom", "Prénom"]  # no BOM glued to the first header
    assert t.rows[0].values == {"Nom": "Lefèvre", "Prénom": "Hélène"}


def test_utf8_comma(tmp_path: Path) -> None:
    p = write(tmp_path / "a.csv", 'Nom,Prénom,Ville\nŁukasz,"Wróbel, Jr",Kraków\n')
    t = read_table(p)
    assert (t.encoding, t.delimiter) == ("utf-8", ",")
    assert t.rows[0].values["Prénom"] == "Wróbel, Jr"


def test_cp1252_semicolon_is_read_as_cp1252(tmp_path: Path) -> None:
    # Œ and œ exist in cp1252 (0x8C, 0x9C) but not in Latin-1: a Latin-1 reading
    # would give C1 control characters.
    text = "Nom;Prénom;Note\nŒuvray;Bérénice;12,5\nDubœuf;Anaïs;14\nGarçon;François;9\n"
    p = write(tmp_path / "a.csv", text, "cp1252")
    t = read_table(p)
    assert t.encoding == "cp1252"
    assert t.delimiter == ";"
    assert [r.values["Nom"] for r in t.rows] == ["Œuvray", "Dubœuf", "Garçon"]
    assert t.rows[0].values["Note"] == "12,5"  # the decimal comma is not a separator


def test_short_cp1252_file(tmp_path: Path) -> None:
    # Short files are where charset detectors guess wildly (cp1006, cp1125...).
    p = write(tmp_path / "a.csv", "a;b\n1;été\n", "cp1252")
    t = read_table(p)
    assert t.encoding == "cp1252"
    assert t.rows[0].values["b"] == "été"


def test_utf16_tab_separated_excel_unicode_text(tmp_path: Path) -> None:
    p = write(tmp_path / "export.txt", "Nom\tPrénom\nNguyễn\tThị Ánh\n", "utf-16")
    t = read_table(p)
    assert t.encoding.startswith("utf-16")
    assert t.delimiter == "\t"
    assert t.rows[0].values == {"Nom": "Nguyễn", "Prénom": "Thị Ánh"}


# --------------------------------------------------------------------------- lines


def test_line_numbers_with_multiline_cells_and_blank_lines(tmp_path: Path) -> None:
    text = (
        "id;nom;remarque\n"  # 1
        "1;Dupont;simple\n"  # 2
        '2;Martin;"sur\ntrois\nlignes"\n'  # 3-5
        "\n"  # 6 (blank)
        ";;\n"  # 7 (only separators: empty)
        "3;Durand;après\n"  # 8
    )
    t = read_table(write(tmp_path / "a.csv", text))
    assert [r.line for r in t.rows] == [2, 3, 8]
    assert t.rows[1].values["remarque"] == "sur\ntrois\nlignes"


def test_crlf_line_endings(tmp_path: Path) -> None:
    text = 'id;nom\r\n1;"a\r\nb"\r\n2;c\r\n'
    t = read_table(write(tmp_path / "a.csv", text))
    assert [r.line for r in t.rows] == [2, 4]
    assert t.rows[0].values["nom"] == "a\nb"  # one kind of line break inside cells


def test_trailing_separators_and_short_rows(tmp_path: Path) -> None:
    t = read_table(write(tmp_path / "a.csv", "id;nom;;;\n1;Dupont;;;\n2\n"))
    assert t.header == ["id", "nom"]
    assert t.rows[1].values == {"id": "2", "nom": ""}


def test_cells_beyond_the_header_are_kept_apart(tmp_path: Path) -> None:
    t = read_table(write(tmp_path / "a.csv", "id;nom\n1;Dupont;en trop\n2;Martin\n"))
    assert t.rows[0].extra_cells == ["en trop"]
    assert t.rows[1].extra_cells == []


def test_unnamed_column_with_data_gets_a_name(tmp_path: Path) -> None:
    t = read_table(write(tmp_path / "a.csv", "id;;nom\n1;x;Dupont\n"))
    assert t.header == ["id", "colonne 2", "nom"]


def test_title_lines_above_the_header_are_skipped(tmp_path: Path) -> None:
    text = "Liste des candidats 2026\n\nid;nom\n1;Dupont\n"
    t = read_table(write(tmp_path / "a.csv", text))
    assert t.header == ["id", "nom"]
    assert t.header_line == 3
    assert t.rows[0].line == 4


def test_single_column_file(tmp_path: Path) -> None:
    t = read_table(write(tmp_path / "a.csv", "id\n1\n2\n"))
    assert t.header == ["id"]
    assert [r.values["id"] for r in t.rows] == ["1", "2"]


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", b"\xef\xbb\xbf", b";;;\n;;\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    p = tmp_path / "vide.csv"
    p.write_bytes(content)
    with pytest.raises(TableError, match=r"^vide\.csv : .*vide"):
        read_table(p)


def test_no_header(tmp_path: Path) -> None:
    p = write(tmp_path / "sans.csv", "1;Dupont;Jean\n2;Martin;Léa\n")
    with pytest.raises(TableError, match=r"sans\.csv : pas de ligne d'en-tête"):
        read_table(p)


def test_duplicate_header(tmp_path: Path) -> None:
    p = write(tmp_path / "d.csv", "id;nom;nom\n1;a;b\n")
    with pytest.raises(TableError, match=r"d\.csv : la colonne « nom » apparaît deux fois"):
        read_table(p)


def test_unclosed_quote(tmp_path: Path) -> None:
    p = write(tmp_path / "q.csv", 'id;nom\n1;"Dupont\n2;Martin\n')
    with pytest.raises(TableError, match=r"q\.csv : guillemet ouvert ligne 2"):
        read_table(p)


def test_unclosed_quote_in_a_big_file(tmp_path: Path) -> None:
    body = "".join(f"{i};nom{i}\n" for i in range(20_000))
    p = write(tmp_path / "q.csv", 'id;nom\n1;"Dupont\n' + body)
    with pytest.raises(TableError, match=r"q\.csv : .*guillemet"):
        read_table(p)


def test_binary_file(tmp_path: Path) -> None:
    p = tmp_path / "image.csv"
    p.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(TableError, match=r"image\.csv : "):
        read_table(p)


@pytest.mark.parametrize("name", ["vieux.xls", "calc.ods", "doc.pdf"])
def test_other_formats_refused(tmp_path: Path, name: str) -> None:
    p = tmp_path / name
    p.write_bytes(b"PK\x03\x04 not really" if name.endswith("ods") else b"\xd0\xcf\x11\xe0xx")
    with pytest.raises(TableError, match=re.escape(name) + " : .*non pris en charge"):
        read_table(p)


def test_broken_xlsx(tmp_path: Path) -> None:
    p = tmp_path / "casse.xlsx"
    p.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(TableError, match=r"casse\.xlsx : classeur XLSX illisible"):
        read_table(p)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(TableError, match=r"absent\.csv : fichier introuvable"):
        read_table(tmp_path / "absent.csv")
    with pytest.raises(TableError, match="dossier"):
        read_table(tmp_path)


def test_table_error_is_a_value_error_on_one_line(tmp_path: Path) -> None:
    p = write(tmp_path / "d.csv", "id;id\n1;2\n")
    with pytest.raises(ValueError) as info:
        read_table(p)
    assert "\n" not in str(info.value)


# --------------------------------------------------------------------------- sniffing


def test_fallback_when_both_sniffers_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import clevercsv

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("sniffer down")

    def no_dialect(*args: object, **kwargs: object) -> None:
        raise csv.Error("Could not determine delimiter")

    monkeypatch.setattr(clevercsv.Sniffer, "sniff", boom)
    monkeypatch.setattr(csv.Sniffer, "sniff", no_dialect)
    t = read_table(write(tmp_path / "a.csv", "id;nom;note\n1;Dupont;12,5\n"))
    assert t.delimiter == ";"
    assert t.rows[0].values == {"id": "1", "nom": "Dupont", "note": "12,5"}


def test_apostrophes_are_not_quotes(tmp_path: Path) -> None:
    text = "id;nom;employeur\n1;D'Artagnan;L'Oréal\n2;O'Neil;Groupe d'études; test'\n"
    t = read_table(write(tmp_path / "a.csv", text))
    assert t.delimiter == ";"
    assert [r.values["nom"] for r in t.rows] == ["D'Artagnan", "O'Neil"]
    assert t.rows[1].values["employeur"] == "Groupe d'études"
    assert t.rows[1].extra_cells == ["test'"]


def test_title_with_commas_above_a_semicolon_header(tmp_path: Path) -> None:
    text = "Candidats, session de novembre, 2026\nid;nom;note\n1;Dupont;12,5\n2;Martin;9\n"
    t = read_table(write(tmp_path / "a.csv", text))
    assert t.delimiter == ";"
    assert t.header == ["id", "nom", "note"]
    assert t.rows[0].values == {"id": "1", "nom": "Dupont", "note": "12,5"}


def test_decimal_commas_do_not_fool_the_sniffer(tmp_path: Path) -> None:
    rows = "".join(f"{i};{i},5;{i + 1},25\n" for i in range(30))
    t = read_table(write(tmp_path / "a.csv", "id;note1;note2\n" + rows))
    assert t.delimiter == ";"
    assert t.rows[3].values == {"id": "3", "note1": "3,5", "note2": "4,25"}


_cell = st.text(
    alphabet=st.sampled_from(list("abcdefghijéèÀŒ ;,|\"'\n0123456789")), min_size=0, max_size=12
).map(str.strip)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cells=st.lists(st.tuples(_cell, _cell), min_size=1, max_size=8),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_any_quoted_csv_reads_back(
    tmp_path: Path, cells: list[tuple[str, str]], delimiter: str, encoding: str
) -> None:
    """Whatever the cells hold (separators, quotes, newlines), a properly quoted file
    reads back cell for cell, with each row's first line as its line number."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["id", "texte", "autre"])
    expected_lines = []
    line = 2
    for i, (a, b) in enumerate(cells):
        writer.writerow([f"r{i}", a, b])
        expected_lines.append(line)
        line += 1 + f"r{i}{a}{b}".count("\n")
    p = tmp_path / "prop.csv"
    p.write_bytes(buf.getvalue().encode(encoding))
    t = read_table(p)
    assert t.header == ["id", "texte", "autre"]
    assert [r.values for r in t.rows] == [
        {"id": f"r{i}", "texte": a, "autre": b} for i, (a, b) in enumerate(cells)
    ]
    assert [r.line for r in t.rows] == expected_lines


# --------------------------------------------------------------------------- XLSX


def test_xlsx_values_and_row_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Liste des candidats"])  # 1: title, skipped
    ws.append([])  # 2
    ws.append(["id", "nom", "date", "ects", "note", "rdv", "boursier"])  # 3: header
    ws.append(
        ["A1", "Dupont", dt.date(2026, 11, 22), 120.0, 12.5, dt.datetime(2026, 1, 2, 9, 30), True]
    )
    ws.append([])  # 5
    ws.append([7, "Ña", dt.datetime(2026, 3, 1), 180, None, None, False])  # 6
    p = tmp_path / "c.xlsx"
    wb.save(p)

    t = read_table(p)
    assert (t.encoding, t.delimiter) == ("xlsx", None)
    assert t.header == ["id", "nom", "date", "ects", "note", "rdv", "boursier"]
    assert [r.line for r in t.rows] == [4, 6]
    assert t.rows[0].values == {
        "id": "A1",
        "nom": "Dupont",
        "date": "2026-11-22",
        "ects": "120",
        "note": "12.5",
        "rdv": "2026-01-02 09:30",
        "boursier": "oui",
    }
    assert t.rows[1].values["id"] == "7"
    assert t.rows[1].values["date"] == "2026-03-01"
    assert t.rows[1].values["note"] == ""


def test_xlsx_named_csv_is_read_as_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["id", "nom"])
    wb.active.append(["1", "Dupont"])
    p = tmp_path / "mal_nomme.csv"
    wb.save(p)
    assert read_table(p).rows[0].values == {"id": "1", "nom": "Dupont"}


def test_xlsx_duplicate_header(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["id", "Nom", "Nom"])
    wb.active.append(["1", "a", "b"])
    p = tmp_path / "d.xlsx"
    wb.save(p)
    with pytest.raises(TableError, match=r"d\.xlsx : la colonne « Nom » apparaît deux fois"):
        read_table(p)


def test_empty_xlsx(tmp_path: Path) -> None:
    p = tmp_path / "vide.xlsx"
    openpyxl.Workbook().save(p)
    with pytest.raises(TableError, match=r"vide\.xlsx : le fichier est vide"):
        read_table(p)


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Prénom", "prenom"),
        ("PRENOM", "prenom"),
        (" pré-nom ", "prenom"),
        ("first_name", "firstname"),
        ("N° dossier", "ndossier"),
        ("Adresse électronique", "adresseelectronique"),
        ("Œuvre", "oeuvre"),
        ("Crédits (ECTS)", "creditsects"),
    ],
)
def test_normalize_header(raw: str, expected: str) -> None:
    assert normalize_header(raw) == expected


SPEC = {
    "id": ColumnSpec("identifiant", ("identifiant", "n° dossier"), required=True),
    "last_name": ColumnSpec("nom", ("nom",), required=True),
    "first_name": ColumnSpec("prénom", ("prénom",)),
    "ects": ColumnSpec("ECTS", ("crédits",)),
}


def test_match_columns_aliases_and_unknown() -> None:
    m = match_columns(["N° Dossier", "NOM", "first_name", "Crédits (total)", "Lycée"], SPEC)
    assert m.columns == {
        "id": "N° Dossier",
        "last_name": "NOM",
        "first_name": "first_name",
        "ects": "Crédits (total)",
    }
    assert m.unknown == ["Lycée"]


def test_match_columns_missing_required_lists_them_and_what_was_found() -> None:
    with pytest.raises(TableError) as info:
        match_columns(["Prénom", "Ville"], SPEC, file=Path("/x/cands.csv"))
    msg = str(info.value)
    assert msg.startswith("cands.csv : colonnes obligatoires manquantes")
    assert "identifiant (id)" in msg and "nom (last_name)" in msg
    assert "« Prénom »" in msg and "« Ville »" in msg


def test_match_columns_two_columns_for_one_field() -> None:
    with pytest.raises(TableError, match=r"^f\.csv : les colonnes « Nom » et « nom » désignent"):
        match_columns(["id", "Nom", "Prénom", "nom"], SPEC, file="f.csv")


def test_cyrillic_cp1251_is_not_taken_for_cp1252(tmp_path: Path) -> None:
    text = "Фамилия;Имя;Город\nИванов;Сергей;Москва\nПетрова;Анна;Санкт-Петербург\n"
    t = read_table(write(tmp_path / "ru.csv", text, "cp1251"))
    assert t.encoding == "cp1251"
    assert t.rows[1].values == {"Фамилия": "Петрова", "Имя": "Анна", "Город": "Санкт-Петербург"}


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        (" 14 ", 14.0),
        ("1 234,5", 1234.5),
        ("1\u202f234", 1234.0),
        ("-3", -3.0),
        (",5", 0.5),
    ],
)
def test_parse_float(text: str, expected: float) -> None:
    assert parse_float(text) == expected


@pytest.mark.parametrize("text", ["douze", "1e3", "nan", "inf", "12 5", "1.234,5", "12,5,0", ""])
def test_parse_float_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_float(text)


def test_parse_int() -> None:
    assert parse_int("1 234") == 1234
    assert parse_int("120,0") == 120
    assert parse_int("120 ECTS", units=("ects",)) == 120
    with pytest.raises(ValueError, match="« 12,5 » n'est pas un nombre entier"):
        parse_int("12,5")


def test_parse_bool() -> None:
    assert [parse_bool(t) for t in ("Oui", "O", "X", "vrai", "1")] == [True] * 5
    assert [parse_bool(t) for t in ("NON", "n", "Faux", "0", "no")] == [False] * 5
    with pytest.raises(ValueError, match="« peut-être » n'est pas oui/non"):
        parse_bool("peut-être")


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-22",
        "22/11/2026",
        "22-11-2026",
        "22.11.2026",
        "22/11/2026 00:00",
        "2026-11-22T00:00:00",
        "22 novembre 2026",
        "Dimanche 22 Novembre 2026",
        "22 nov. 2026",
    ],
)
def test_parse_date(text: str) -> None:
    assert parse_date(text) == dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("31/02/2026", "n'est pas une date du calendrier"),
        ("2026-02-30", "n'est pas une date du calendrier"),
        ("32 janvier 2026", "n'est pas une date du calendrier"),
        ("22/11/26", "n'est pas une date"),
        ("11/22/2026", "n'est pas une date du calendrier"),
        ("22 brumaire 2026", "n'est pas une date"),
        ("demain", "n'est pas une date"),
        ("22/11/0026", "invraisemblable"),
    ],
)
def test_parse_date_refuses(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        parse_date(text)
