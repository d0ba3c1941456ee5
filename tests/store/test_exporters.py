"""write_table: CSV for French Excel, XLSX, JSON; atomic and deterministic."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from juryapp.domain.models import Track
from juryapp.store import exporters
from juryapp.store.exporters import write_table
from juryapp.store.importers import parse_candidates
from juryapp.store.tabular import read_table

COLUMNS = ["id", "nom", "prénom", "filière", "moyenne", "ects", "boursier", "date", "commentaire"]
ROWS = [
    {
        "id": "A1",
        "nom": "Lefèvre",
        "prénom": "Hélène",
        "filière": Track.A1,
        "moyenne": 12.5,
        "ects": 120,
        "boursier": True,
        "date": dt.date(2026, 11, 22),
        "commentaire": "dossier solide; à revoir\nen entretien",
    },
    {
        "id": "A2",
        "nom": "Nguyễn",
        "prénom": "Thị Ánh",
        "filière": Track.A2,
        "moyenne": 14.0,
        "ects": None,
        "boursier": False,
        "date": None,
        "commentaire": '=HYPERLINK("http://x")',
        "ignoré": "pas dans les colonnes",
    },
]


def test_csv_for_french_excel(tmp_path: Path) -> None:
    p = tmp_path / "out.csv"
    write_table(p, "csv", COLUMNS, ROWS)
    data = p.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "id;nom;prénom;filière;moyenne;ects;boursier;date;commentaire"
    assert lines[1].startswith("A1;Lefèvre;Hélène;1A;12,5;120;oui;2026-11-22;")
    assert '"dossier solide; à revoir\nen entretien"' in data.decode("utf-8-sig")
    assert "A2;Nguyễn;Thị Ánh;2A;14;;non;;" in data.decode("utf-8-sig")
    # a text cell Excel would run as a formula is defused
    assert "'=HYPERLINK" in data.decode("utf-8-sig")
    assert "ignoré" not in data.decode("utf-8-sig")


def test_csv_reads_back(tmp_path: Path) -> None:
    p = tmp_path / "out.csv"
    write_table(p, "csv", COLUMNS, ROWS)
    t = read_table(p)
    assert (t.encoding, t.delimiter) == ("utf-8-sig", ";")
    assert t.header == COLUMNS
    assert [r.line for r in t.rows] == [2, 4]  # the comment spans two lines
    assert t.rows[0].values["commentaire"] == "dossier solide; à revoir\nen entretien"
    assert t.rows[0].values["moyenne"] == "12,5"


def test_exported_candidates_import_again(tmp_path: Path) -> None:
    p = tmp_path / "cands.csv"
    write_table(p, "csv", COLUMNS, ROWS)
    res = parse_candidates(p)
    assert res.errors == []
    assert [(c.id, c.last_name, c.track, c.ects, c.scholarship) for c in res.records] == [
        ("A1", "Lefèvre", Track.A1, 120, True),
        ("A2", "Nguyễn", Track.A2, None, False),
    ]
    assert res.records[0].extra["moyenne"] == "12,5"


def test_xlsx(tmp_path: Path) -> None:
    p = tmp_path / "out.xlsx"
    write_table(p, "xlsx", COLUMNS, ROWS)
    wb = openpyxl.load_workbook(p)
    ws = wb.active
    assert [c.value for c in ws[1]] == COLUMNS
    assert all(c.font.b for c in ws[1])
    assert ws.freeze_panes == "A2"
    assert ws["A2"].value == "A1" and ws["D2"].value == "1A"
    assert ws["E2"].value == 12.5 and ws["F2"].value == 120  # numbers stay numbers
    assert ws["G2"].value == "oui"
    assert ws["H2"].value == dt.datetime(2026, 11, 22) and ws["H2"].is_date
    assert ws["I3"].value == '=HYPERLINK("http://x")' and ws["I3"].data_type == "s"
    assert ws["F3"].value is None
    width_i = ws.column_dimensions["I"].width
    width_a = ws.column_dimensions["A"].width
    assert 8 <= width_a < width_i <= 60
    assert wb.properties.created == exporters.FIXED_TIMESTAMP
    assert wb.properties.modified == exporters.FIXED_TIMESTAMP


def test_xlsx_is_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_table(a, "xlsx", COLUMNS, ROWS)
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 86_400 * 400)  # zip dates
    write_table(b, "xlsx", COLUMNS, ROWS)
    assert a.read_bytes() == b.read_bytes()
    with zipfile.ZipFile(a) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_json(tmp_path: Path) -> None:
    p = tmp_path / "out.json"
    write_table(p, "json", COLUMNS, ROWS)
    text = p.read_text(encoding="utf-8")
    assert "Nguyễn" in text  # ensure_ascii=False
    assert '\n  {\n    "id": "A1",' in text  # indent 2
    data = json.loads(text)
    assert data[0] == {
        "id": "A1",
        "nom": "Lefèvre",
        "prénom": "Hélène",
        "filière": "1A",
        "moyenne": 12.5,
        "ects": 120,
        "boursier": True,
        "date": "2026-11-22",
        "commentaire": "dossier solide; à revoir\nen entretien",
    }
    assert data[1]["ects"] is None and "ignoré" not in data[1]


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_same_rows_same_bytes(tmp_path: Path, fmt: str) -> None:
    write_table(tmp_path / f"1.{fmt}", fmt, COLUMNS, ROWS)  # type: ignore[arg-type]
    write_table(tmp_path / f"2.{fmt}", fmt, COLUMNS, ROWS)  # type: ignore[arg-type]
    assert (tmp_path / f"1.{fmt}").read_bytes() == (tmp_path / f"2.{fmt}").read_bytes()


def test_atomic_replace_and_no_leftovers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "out.csv"
    p.write_text("ancien contenu", encoding="utf-8")
    write_table(p, "csv", ["id"], [{"id": "x"}])
    assert p.read_bytes() == "\ufeffid\r\nx\r\n".encode()
    assert os.listdir(tmp_path) == ["out.csv"]

    def fail(src: object, dst: object) -> None:
        raise OSError("disque plein")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disque plein"):
        write_table(p, "csv", ["id"], [{"id": "y"}])
    assert p.read_bytes() == "\ufeffid\r\nx\r\n".encode()  # the old file is intact
    assert os.listdir(tmp_path) == ["out.csv"]  # the temporary file is gone


def test_unknown_format_writes_nothing(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="format d'export inconnu"):
        write_table(tmp_path / "x.pdf", "pdf", ["id"], [])  # type: ignore[arg-type]
    assert os.listdir(tmp_path) == []


def test_floats_with_decimal_comma_only_in_csv(tmp_path: Path) -> None:
    rows = [{"v": 0.1 + 0.2}, {"v": 1e-7}, {"v": -3.25}, {"v": float("nan")}, {"v": 2e16}]
    write_table(tmp_path / "f.csv", "csv", ["v"], rows)
    lines = (tmp_path / "f.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    # (a lone empty field is written "" so that the line is not blank)
    assert lines[1:6] == ["0,3", "0,0000001", "-3,25", '""', "20000000000000000"]
    write_table(tmp_path / "f.json", "json", ["v"], rows[:3])
    assert json.loads((tmp_path / "f.json").read_text(encoding="utf-8")) == [
        {"v": 0.1 + 0.2},
        {"v": 1e-7},
        {"v": -3.25},
    ]
