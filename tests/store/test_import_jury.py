"""parse_jury: the jury list as the secretary types it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from juryapp.domain.models import Presence, Quality, Role, Sex
from juryapp.store.importers import parse_jury
from juryapp.store.tabular import TableError

JURY_CSV = """\
Identifiant;Nom;Prénom;Qualité;Rôle;Sexe;Courriel;Présence;Motif d'absence
pres;Martin;Anne;Enseignant chercheur;Présidente;F;anne.martin@example.fr;présent;
ing1;Durand;Paul;ingénieur;membre;H;;;
de;Roux;Luc;Directeur des études;Membre;homme;;;
pro;Petit;Zoé;professionnel du métier;membre;femme;;excusé;grève SNCF
ext;Blanc;Ève;externe;Secrétaire;Mme;;absent;
"""


def test_tolerant_values(tmp_path: Path) -> None:
    p = tmp_path / "jury.csv"
    p.write_bytes(JURY_CSV.encode("cp1252"))
    res = parse_jury(p)
    assert res.errors == []
    assert res.encoding == "cp1252"
    by = {m.id: m for m in res.records}
    assert [m.id for m in res.records] == ["pres", "ing1", "de", "pro", "ext"]
    assert by["pres"].quality is Quality.ENSEIGNANT_CHERCHEUR
    assert by["pres"].role is Role.PRESIDENT and by["pres"].sex is Sex.F
    assert by["pres"].email == "anne.martin@example.fr"
    assert by["ing1"].quality is Quality.INGENIEUR and by["ing1"].sex is Sex.M  # H -> M
    assert by["ing1"].presence is Presence.PRESENT  # empty: the default
    assert by["de"].quality is Quality.DIRECTEUR_ETUDES and by["de"].sex is Sex.M
    assert by["pro"].quality is Quality.PROFESSIONNEL
    assert by["pro"].presence is Presence.EXCUSED and by["pro"].absence_reason == "grève SNCF"
    assert by["ext"].quality is Quality.AUTRE and by["ext"].role is Role.SECRETAIRE
    assert by["ext"].sex is Sex.F and by["ext"].presence is Presence.ABSENT


@pytest.mark.parametrize(
    ("quality", "expected"),
    [
        ("enseignant-chercheur", Quality.ENSEIGNANT_CHERCHEUR),
        ("Enseignante-chercheuse", Quality.ENSEIGNANT_CHERCHEUR),
        ("Ingénieure", Quality.INGENIEUR),
        ("directeur-etudes", Quality.DIRECTEUR_ETUDES),
        ("Directrice des études", Quality.DIRECTEUR_ETUDES),
        ("Professionnel", Quality.PROFESSIONNEL),
        ("autre", Quality.AUTRE),
        ("EXTERNE", Quality.AUTRE),
    ],
)
def test_quality_forms(tmp_path: Path, quality: str, expected: Quality) -> None:
    p = tmp_path / "j.csv"
    p.write_text(f"id,nom,qualité\nm1,Dupont,{quality}\n", encoding="utf-8")
    res = parse_jury(p)
    assert res.errors == []
    assert res.records[0].quality is expected


def test_bad_rows(tmp_path: Path) -> None:
    p = tmp_path / "jury.csv"
    p.write_text(
        "id;nom;qualité;rôle;sexe;présence;motif\n"
        "m1;Martin;ingénieur;président;F;;\n"  # 2
        "m2;Durand;astronaute;chef;Q;;\n"  # 3
        "m1;Roux;ingénieur;membre;M;;\n"  # 4: duplicate id
        "m3;Petit;ingénieur;président;M;;\n"  # 5: second president
        "m4;Blanc;ingénieur;membre;M;excusé;\n"  # 6: excused without reason
        "m5;;;membre;M;peut-être;\n",  # 7
        encoding="utf-8",
    )
    res = parse_jury(p)
    assert [m.id for m in res.records] == ["m1"]
    assert [(e.line, e.field) for e in res.errors] == [
        (3, "qualité"),
        (3, "rôle"),
        (3, "sexe"),
        (4, "id"),
        (5, "rôle"),
        (6, "motif"),
        (7, "nom"),
        (7, "qualité"),
        (7, "présence"),
    ]
    msgs = {(e.line, e.field): e.message for e in res.errors}
    assert "astronaute" in msgs[(3, "qualité")]
    assert "déjà utilisé ligne 2" in msgs[(4, "id")]
    assert "déjà un président (m1, ligne 2)" in msgs[(5, "rôle")]
    assert "motif d'absence" in msgs[(6, "motif")]
    assert str(res.errors[0]).startswith("jury.csv, ligne 3, champ qualité : ")


def test_xlsx_jury(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ID", "NOM", "PRENOM", "QUALITE", "ROLE", "SEXE"])
    ws.append(["p", "Martin", "Anne", "EC", "Président", "F"])
    ws.append(["q", "Durand", "Paul", "Ingénieur", None, "M"])
    p = tmp_path / "jury.xlsx"
    wb.save(p)
    res = parse_jury(p)
    assert res.errors == []
    assert [(m.id, m.role) for m in res.records] == [("p", Role.PRESIDENT), ("q", Role.MEMBRE)]


def test_missing_quality_column(tmp_path: Path) -> None:
    p = tmp_path / "jury.csv"
    p.write_text("id;nom;prénom\nm1;Martin;Anne\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"^jury\.csv : colonne obligatoire manquante : qualité"):
        parse_jury(p)
