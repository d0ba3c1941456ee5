"""parse_candidates on the files secretaries bring."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from juryapp.domain.models import Track
from juryapp.store.importers import RowError, parse_candidates
from juryapp.store.tabular import TableError

HEADER = [
    "N° dossier",
    "Nom",
    "Prénom",
    "Courriel",
    "Filière",
    "Spécialité",
    "Diplôme",
    "Crédits ECTS",
    "Boursier",
    "Nb formations",
    "Diplôme étranger",
    "Pièces manquantes",
    "Date de recevabilité",
    "Lycée d'origine",  # unknown: kept in extra
]

# Names that Windows-1252 can carry (Œ and œ are in cp1252, not in Latin-1).
# fmt: off
ROWS = [
    ["A-001", "Lefèvre", "Hélène", "helene.lefevre@example.fr", "1A", "INFRES", "BUT GEII",
     "120", "oui", "2", "non", "", "", "Lycée Jean-Baptiste Dumas"],
    ["A-002", "Œuvray", "Bérénice", "b.oeuvray@example.fr", "1ère année", "BAT", "BTS Bâtiment",
     "120", "non", "1", "", "CV; lettre de motivation", "", ""],
    ["A-003", "Garçon", "François", "", "2e année", "BAT", "Master 1 génie civil",
     "240", "x", "", "oui", "", "", "Lycée Daudet"],
    ["A-004", "Dubœuf", "Anaïs", "anais@example.fr", "VAE", "MKX", "", "", "", "", "",
     "", "22/11/2026", ""],
]
# fmt: on


def _csv_text(header: list[str], rows: list[list[str]], delimiter: str) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def write_csv(
    path: Path,
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8",
) -> Path:
    path.write_bytes(_csv_text(header, rows, delimiter).encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[object]], *, header: list[str] = HEADER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append([None if v == "" else v for v in row])
    wb.save(path)
    return path


def dump(records: list) -> list[dict]:
    return [r.model_dump() for r in records]


# --------------------------------------------------------------------------- formats


def test_same_records_from_every_format(tmp_path: Path) -> None:
    utf8_comma = parse_candidates(write_csv(tmp_path / "a.csv", ROWS, delimiter=","))
    bom_semicolon = parse_candidates(write_csv(tmp_path / "b.csv", ROWS, encoding="utf-8-sig"))
    cp1252 = parse_candidates(write_csv(tmp_path / "c.csv", ROWS, encoding="cp1252"))
    # In the spreadsheet, numbers are numbers and the date is a date.
    xrows = [list(r) for r in ROWS]
    for r in xrows:
        r[7] = float(r[7]) if r[7] else ""
    xrows[3][12] = dt.datetime(2026, 11, 22)
    xlsx = parse_candidates(write_xlsx(tmp_path / "d.xlsx", xrows))

    for result in (utf8_comma, bom_semicolon, cp1252, xlsx):
        assert result.errors == []
        assert result.rows_read == 4
        assert result.unknown_columns == ["Lycée d'origine"]
    assert (utf8_comma.encoding, utf8_comma.delimiter) == ("utf-8", ",")
    assert (bom_semicolon.encoding, bom_semicolon.delimiter) == ("utf-8-sig", ";")
    assert (cp1252.encoding, cp1252.delimiter) == ("cp1252", ";")
    assert (xlsx.encoding, xlsx.delimiter) == ("xlsx", None)

    expected = dump(utf8_comma.records)
    assert dump(bom_semicolon.records) == expected
    assert dump(cp1252.records) == expected
    assert dump(xlsx.records) == expected


def test_record_contents(tmp_path: Path) -> None:
    res = parse_candidates(write_csv(tmp_path / "a.csv", ROWS, encoding="cp1252"))
    a1, a2, a3, a4 = res.records
    assert (a1.id, a1.last_name, a1.first_name) == ("A-001", "Lefèvre", "Hélène")
    assert a1.track is Track.A1 and a1.ects == 120 and a1.scholarship is True
    assert a1.programmes == 2 and a1.foreign_diploma is False
    assert a1.extra == {"Lycée d'origine": "Lycée Jean-Baptiste Dumas"}
    assert a2.last_name == "Œuvray" and a2.track is Track.A1
    assert a2.documents == {"CV": False, "lettre de motivation": False}
    assert a2.missing_documents == ["CV", "lettre de motivation"]
    assert a2.extra == {}  # empty cells are not kept
    assert a3.track is Track.A2 and a3.scholarship is True and a3.foreign_diploma is True
    assert a3.programmes == 1  # empty: the default
    assert a4.track is Track.VAE and a4.recevabilite_date == dt.date(2026, 11, 22)
    assert a4.ects is None


def test_non_latin1_names_in_utf8(tmp_path: Path) -> None:
    rows = [
        ["V-1", "Nguyễn", "Thị Ánh", "", "1A"],
        ["P-1", "Wróbel", "Łukasz", "", "1A"],
        ["T-1", "Çelik", "Şükrü", "", "2A"],
    ]
    header = ["id", "nom", "prénom", "e-mail", "filière"]
    for name, encoding in (("u.csv", "utf-8"), ("ub.csv", "utf-8-sig")):
        res = parse_candidates(write_csv(tmp_path / name, rows, header=header, encoding=encoding))
        assert res.errors == []
        assert [c.full_name for c in res.records] == [
            "NGUYỄN Thị Ánh",
            "WRÓBEL Łukasz",
            "ÇELIK Şükrü",
        ]
    with pytest.raises(UnicodeEncodeError):
        "Nguyễn Łukasz Şükrü".encode("cp1252")  # why these names are UTF-8 only


@pytest.mark.parametrize(
    "header",
    [
        ["identifiant", "nom", "prénom", "filière"],
        ["ID", "NOM", "PRENOM", "FILIERE"],
        ["Numéro", "Nom de famille", "first_name", "Année"],
        ["Num dossier", "last_name", "Prénom ", "Niveau"],
        ["n° dossier", "nom", "prenom", "parcours"],
        ["Dossier", "Nom", "Prénom", "Voie"],
    ],
)
def test_header_variants(tmp_path: Path, header: list[str]) -> None:
    res = parse_candidates(
        write_csv(tmp_path / "h.csv", [["X1", "Dupont", "Jean", "1A"]], header=header)
    )
    assert res.errors == [] and res.unknown_columns == []
    c = res.records[0]
    assert (c.id, c.last_name, c.first_name, c.track) == ("X1", "Dupont", "Jean", Track.A1)


@pytest.mark.parametrize(
    ("text", "track"),
    [
        ("1A", Track.A1),
        ("1a", Track.A1),
        ("1ère année", Track.A1),
        ("1re année", Track.A1),
        ("Première année", Track.A1),
        ("2A", Track.A2),
        ("2e année", Track.A2),
        ("2ème année", Track.A2),
        ("deuxième année", Track.A2),
        ("vae", Track.VAE),
        ("CQPM", Track.CQPM),
        ("contrat-pro", Track.CONTRAT_PRO),
        ("Contrat de professionnalisation", Track.CONTRAT_PRO),
    ],
)
def test_tolerant_tracks(tmp_path: Path, text: str, track: Track) -> None:
    res = parse_candidates(
        write_csv(tmp_path / "t.csv", [["X1", "Dupont", text]], header=["id", "nom", "filière"])
    )
    assert res.errors == []
    assert res.records[0].track is track


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("oui", True),
        ("Oui", True),
        ("O", True),
        ("yes", True),
        ("VRAI", True),
        ("x", True),
        ("1", True),
        ("non", False),
        ("n", False),
        ("no", False),
        ("faux", False),
        ("0", False),
        ("", False),
    ],
)
def test_scholarship_values(tmp_path: Path, text: str, value: bool) -> None:
    res = parse_candidates(
        write_csv(
            tmp_path / "b.csv",
            [["X1", "Dupont", "1A", text]],
            header=["id", "nom", "filière", "bourse"],
        )
    )
    assert res.errors == []
    assert res.records[0].scholarship is value


VAE_HEADER = [
    "id",
    "nom",
    "filière",
    "TOEIC",
    "Équivalent anglais",
    "Expérience internationale",
    "Date de recevabilité",
    "Date de dépôt",
    "Pages",
    "Pièces fournies",
    "Pièces manquantes",
]


@pytest.mark.parametrize(
    ("date_text", "expected"),
    [
        ("22/11/2026", dt.date(2026, 11, 22)),
        ("22-11-2026", dt.date(2026, 11, 22)),
        ("2026-11-22", dt.date(2026, 11, 22)),
        ("22.11.2026", dt.date(2026, 11, 22)),
        ("22 novembre 2026", dt.date(2026, 11, 22)),
        ("1er décembre 2026", dt.date(2026, 12, 1)),
        ("lundi 7 décembre 2026", dt.date(2026, 12, 7)),
        ("3 févr. 2027", dt.date(2027, 2, 3)),
        ("15 aout 2026", dt.date(2026, 8, 15)),
    ],
)
def test_vae_columns_and_dates(tmp_path: Path, date_text: str, expected: dt.date) -> None:
    row = [
        "V1",
        "Dupont",
        "VAE",
        "850",
        "IELTS 7,0",
        "oui",
        date_text,
        "2027-03-01",
        "1 034",
        "mémoire | annexes",
        "attestation employeur",
    ]
    res = parse_candidates(write_csv(tmp_path / "v.csv", [row], header=VAE_HEADER))
    assert res.errors == []
    c = res.records[0]
    assert c.toeic == 850 and c.english_equivalent == "IELTS 7,0"
    assert c.international_experience is True
    assert c.recevabilite_date == expected
    assert c.validation_filed_date == dt.date(2027, 3, 1)
    assert c.dossier_pages == 1034  # "1 034": space between thousands
    assert c.documents == {"mémoire": True, "annexes": True, "attestation employeur": False}


def test_decimal_comma_integer_and_default_track(tmp_path: Path) -> None:
    p = write_csv(tmp_path / "d.csv", [["X1", "Dupont", "180,0"]], header=["id", "nom", "ects"])
    with pytest.raises(TableError, match="filière"):
        parse_candidates(p)
    res = parse_candidates(p, default_track=Track.A2)
    assert res.errors == []
    assert res.records[0].ects == 180 and res.records[0].track is Track.A2


# --------------------------------------------------------------------------- bad rows


def test_bad_rows_are_reported_with_line_and_field(tmp_path: Path) -> None:
    header = [
        "N° dossier",
        "Nom",
        "Filière",
        "Crédits ECTS",
        "Date de recevabilité",
        "Boursier",
        "Remarque jury",
    ]
    text = _csv_text(
        header,
        [
            ["B1", "Martin", "1A", "120", "", "", "ligne\nsur\ntrois"],  # lines 2-4
            ["B2", "Durand", "3A", "12,5", "31/02/2026", "peut-être", ""],  # line 5
            ["B1", "Petit", "1A", "", "", "", ""],  # line 6: duplicate id
            ["B3", "", "1A", "mille", "22/13/2026", "", ""],  # line 7
            ["B4", "Roux", "2A", "700", "demain", "", ""],  # line 8
        ],
        ";",
    )
    p = tmp_path / "cands.csv"
    p.write_text(text, encoding="utf-8")
    res = parse_candidates(p)

    assert [c.id for c in res.records] == ["B1"]
    assert res.records[0].extra == {"Remarque jury": "ligne\nsur\ntrois"}
    got = [(e.line, e.field) for e in res.errors]
    assert got == [
        (5, "Filière"),
        (5, "Crédits ECTS"),
        (5, "Date de recevabilité"),
        (5, "Boursier"),
        (6, "N° dossier"),
        (7, "Nom"),
        (7, "Crédits ECTS"),
        (7, "Date de recevabilité"),
        (8, "Crédits ECTS"),
        (8, "Date de recevabilité"),
    ]
    by = {(e.line, e.field): e.message for e in res.errors}
    assert "3A" in by[(5, "Filière")] and "filière" in by[(5, "Filière")]
    assert "entier" in by[(5, "Crédits ECTS")]
    assert "31/02/2026" in by[(5, "Date de recevabilité")]
    assert "oui/non" in by[(5, "Boursier")]
    assert "déjà utilisé ligne 2" in by[(6, "N° dossier")]
    assert by[(7, "Nom")] == "ne doit pas être vide"
    assert "mille" in by[(7, "Crédits ECTS")]
    assert "au plus 600" in by[(8, "Crédits ECTS")]
    assert all(e.file == "cands.csv" for e in res.errors)


def test_bad_rows_in_xlsx_use_spreadsheet_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Candidats session de novembre"])
    ws.append(["id", "nom", "filière", "ects"])
    ws.append(["C1", "Dupont", "1A", 120])
    ws.append([])
    ws.append(["C2", "Martin", "1A", 120.5])
    p = tmp_path / "c.xlsx"
    wb.save(p)
    res = parse_candidates(p)
    assert [c.id for c in res.records] == ["C1"]
    assert [(e.line, e.field) for e in res.errors] == [(5, "ects")]


def test_row_error_text() -> None:
    e = RowError("cands.csv", 7, "Crédits ECTS", "« mille » n'est pas un nombre")
    assert str(e) == "cands.csv, ligne 7, champ Crédits ECTS : « mille » n'est pas un nombre"


def test_bad_email_and_identifier(tmp_path: Path) -> None:
    res = parse_candidates(
        write_csv(
            tmp_path / "e.csv",
            [["A 1", "Dupont", "1A", "dupont.fr"], ["A2", "Martin", "1A", "mailto:m@x.fr"]],
            header=["id", "nom", "filière", "mail"],
        )
    )
    assert [(e.line, e.field) for e in res.errors] == [(2, "id"), (2, "mail")]
    assert res.records[0].email == "m@x.fr"


def test_cells_beyond_the_header_reject_the_row(tmp_path: Path) -> None:
    p = tmp_path / "o.csv"
    p.write_text("id;nom;filière\nA1;Dupont;1A\nA2;Martin;Léa;1A\n", encoding="utf-8")
    res = parse_candidates(p)
    assert [c.id for c in res.records] == ["A1"]
    assert [(e.line, e.field) for e in res.errors] == [(3, "filière"), (3, "colonnes")]


def test_document_both_provided_and_missing(tmp_path: Path) -> None:
    res = parse_candidates(
        write_csv(
            tmp_path / "doc.csv",
            [["A1", "Dupont", "1A", "CV, diplôme", "CV"]],
            header=["id", "nom", "filière", "pièces fournies", "pièces manquantes"],
        )
    )
    assert res.records == []
    assert [(e.line, e.field) for e in res.errors] == [(2, "pièces manquantes")]


# --------------------------------------------------------------------------- files


def test_empty_file(tmp_path: Path) -> None:
    p = tmp_path / "vide.csv"
    p.write_bytes(b"")
    with pytest.raises(TableError, match=r"^vide\.csv : le fichier est vide$"):
        parse_candidates(p)


def test_header_only_gives_no_records(tmp_path: Path) -> None:
    res = parse_candidates(write_csv(tmp_path / "h.csv", []))
    assert res.records == [] and res.errors == [] and res.rows_read == 0


def test_missing_required_column(tmp_path: Path) -> None:
    p = write_csv(tmp_path / "cands.csv", [["Dupont", "1A"]], header=["Nom", "Filière"])
    with pytest.raises(TableError) as info:
        parse_candidates(p)
    msg = str(info.value)
    assert msg.startswith("cands.csv : colonne obligatoire manquante : identifiant (id)")
    assert "« Nom », « Filière »" in msg


def test_the_memoirs_receipt_date_of_a_recevabilite_file(tmp_path: Path) -> None:
    rows = [["R-1", "Durand", "VAE", "02/03/2026"], ["R-2", "Petit", "VAE", ""]]
    header = ["Identifiant", "Nom", "Filière", "Date de réception du mémoire"]
    res = parse_candidates(write_csv(tmp_path / "r.csv", rows, header=header))
    assert not res.errors, res.errors
    r1, r2 = res.records
    assert r1.memoir_received_date == dt.date(2026, 3, 2)
    assert r2.memoir_received_date is None
    assert r1.extra == {}  # a known column, not kept as a note
