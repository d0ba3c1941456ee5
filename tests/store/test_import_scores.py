"""parse_scores: values checked against a session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from juryapp.domain.models import (
    Candidate,
    Conflict,
    ConflictType,
    Criterion,
    Epreuve,
    EpreuveKind,
    JuryMember,
    Quality,
    Role,
    ScoreStatus,
    Session,
    SessionInfo,
    SessionKind,
    Track,
)
from juryapp.store.importers import parse_scores
from juryapp.store.tabular import TableError

AT = dt.datetime(2026, 11, 22, 14, 0, tzinfo=dt.UTC)


@pytest.fixture
def session() -> Session:
    return Session(
        info=SessionInfo(id="adm2a-2026", title="Admission 2A", kind=SessionKind.ADMISSION_2A),
        jury=[
            JuryMember(
                id="martin",
                last_name="Martin",
                first_name="Anne",
                quality=Quality.ENSEIGNANT_CHERCHEUR,
                role=Role.PRESIDENT,
            ),
            JuryMember(
                id="durand", last_name="Durand", first_name="Paul", quality=Quality.INGENIEUR
            ),
            JuryMember(
                id="roux", last_name="Roux", first_name="Luc", quality=Quality.PROFESSIONNEL
            ),
        ],
        candidates=[
            Candidate(id="C1", last_name="Lefèvre", first_name="Hélène", track=Track.A2),
            Candidate(id="C2", last_name="Nguyễn", first_name="Thị Ánh", track=Track.A2),
        ],
        epreuves=[
            Epreuve(
                id="anglais",
                name="Épreuve d'anglais",
                kind=EpreuveKind.ENGLISH,
                criteria=[Criterion(id="niveau", label="Niveau", min=0, max=20, step=0.5)],
            ),
            Epreuve(
                id="entretien",
                name="Entretien de motivation",
                kind=EpreuveKind.MOTIVATION_INTERVIEW,
                criteria=[
                    Criterion(id="motivation", label="Motivation", min=0, max=20, step=1),
                    Criterion(id="projet", label="Projet professionnel", min=0, max=20, step=0.5),
                    Criterion(id="etapes", label="Démarches", levels=[0, 1, 2], step=None),
                ],
            ),
        ],
        conflicts=[
            Conflict(
                member_id="durand",
                candidate_id="C1",
                type=ConflictType.COACHED,
                note="a préparé le dossier",
            ),
            Conflict(member_id="roux", candidate_id="C2", type=ConflictType.COLLEAGUE, hard=False),
        ],
    )


def write(tmp_path: Path, text: str, name: str = "notes.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_good_scores(tmp_path: Path, session: Session) -> None:
    p = write(
        tmp_path,
        "Candidat;Épreuve;Membre;Critère;Note;Commentaire\n"
        "C1;entretien;martin;motivation;15;clair\n"
        "C1;Entretien de motivation;Martin;Projet professionnel;12,5;\n"  # by names
        "c1;ENTRETIEN;Anne Martin;etapes;2;\n"  # case ignored, member by full name
        "C2;anglais;roux;;14,5;\n"  # single criterion: may be empty; soft conflict ok
        "C2;entretien;durand;motivation;ABS;ne connaît pas le domaine\n"
        "C2;entretien;martin;motivation;récusé;ancienne étudiante\n",
    )
    res = parse_scores(p, session, at=AT)
    assert res.errors == []
    s = res.records
    assert [(x.candidate_id, x.epreuve_id, x.criterion_id, x.member_id, x.value) for x in s] == [
        ("C1", "entretien", "motivation", "martin", 15.0),
        ("C1", "entretien", "projet", "martin", 12.5),
        ("C1", "entretien", "etapes", "martin", 2.0),
        ("C2", "anglais", "niveau", "roux", 14.5),
        ("C2", "entretien", "motivation", "durand", None),
        ("C2", "entretien", "motivation", "martin", None),
    ]
    assert s[0].comment == "clair" and s[0].status is ScoreStatus.SCORED
    assert s[4].status is ScoreStatus.ABSTAINED and s[4].reason == "ne connaît pas le domaine"
    assert s[5].status is ScoreStatus.RECUSED and s[5].reason == "ancienne étudiante"
    assert all(x.at == AT for x in s)


def test_default_timestamp_is_now_utc(tmp_path: Path, session: Session) -> None:
    p = write(tmp_path, "candidat;épreuve;membre;note\nC1;anglais;martin;10\n")
    before = dt.datetime.now(dt.UTC)
    res = parse_scores(p, session)
    after = dt.datetime.now(dt.UTC)
    assert before <= res.records[0].at <= after
    assert res.records[0].at.tzinfo is not None


def test_external_source(tmp_path: Path, session: Session) -> None:
    p = write(
        tmp_path,
        "candidat;épreuve;jury;note;source\n"
        "C1;anglais;;16;\n"
        "C2;anglais;;17,5;plateforme Linguaskill\n",
    )
    res = parse_scores(p, session, at=AT)
    assert res.errors == []
    a, b = res.records
    assert a.member_id is None and a.source == "Épreuve d'anglais (source externe)"
    assert b.member_id is None and b.source == "plateforme Linguaskill"
    assert a.who == "ext:Épreuve d'anglais (source externe)"


def test_no_member_column_means_external(tmp_path: Path, session: Session) -> None:
    p = write(tmp_path, "candidate_id,epreuve,score\nC1,anglais,12\n")
    res = parse_scores(p, session, at=AT)
    assert res.errors == []
    assert res.records[0].member_id is None


def test_bad_scores(tmp_path: Path, session: Session) -> None:
    p = write(
        tmp_path,
        "candidat;épreuve;examinateur;critère;note;commentaire\n"
        "C1;entretien;martin;motivation;21;\n"  # 2 out of range
        "C1;entretien;martin;projet;12,3;\n"  # 3 wrong step
        "C9;entretien;martin;projet;12;\n"  # 4 unknown candidate
        "C1;physique;martin;projet;12;\n"  # 5 unknown épreuve
        "C1;entretien;dupont;projet;12;\n"  # 6 unknown member
        "C1;entretien;martin;rigueur;12;\n"  # 7 unknown criterion
        "C1;entretien;martin;;12;\n"  # 8 empty criterion, several criteria
        "C1;entretien;durand;motivation;12;\n"  # 9 hard conflict
        "C1;entretien;martin;etapes;1,5;\n"  # 10 not a level
        "C1;entretien;martin;motivation;douze;\n"  # 11 not a number
        "C1;entretien;martin;projet;;\n"  # 12 empty score
        "C1;anglais;;;ABS;\n"  # 13 external abstention
        "C2;anglais;roux;;14;\n"  # 14 fine
        "C2;anglais;Luc Roux;niveau;15;\n",  # 15 same key as line 14
    )
    res = parse_scores(p, session, at=AT)
    assert [(r.candidate_id, r.member_id, r.value) for r in res.records] == [("C2", "roux", 14.0)]
    got = [(e.line, e.field) for e in res.errors]
    assert got == [
        (2, "note"),
        (3, "note"),
        (4, "candidat"),
        (5, "épreuve"),
        (6, "examinateur"),
        (7, "critère"),
        (8, "critère"),
        (9, "examinateur"),
        (10, "note"),
        (11, "note"),
        (12, "note"),
        (13, "note"),
        (15, "note"),
    ]
    msg = {e.line: e.message for e in res.errors}
    assert msg[2] == "Motivation : 21 hors barème (0 à 20)"
    assert msg[3] == "Projet professionnel : 12,3 n'est pas un multiple du pas 0,5"
    assert "C9" in msg[4] and "inconnu" in msg[4]
    assert "physique" in msg[5] and "anglais, entretien" in msg[5]
    assert "dupont" in msg[6] and "jury" in msg[6]
    assert "rigueur" in msg[7] and "motivation, projet, etapes" in msg[7]
    assert "plusieurs" in msg[8]
    assert msg[9] == (
        "Paul Durand a un conflit d'intérêts (a accompagné ou préparé le candidat :"
        " a préparé le dossier) avec le candidat C1 : note refusée"
    )
    assert msg[10] == "Démarches : 1,5 n'est pas un niveau permis (0, 1, 2)"
    assert "douze" in msg[11]
    assert msg[12] == "note manquante"
    assert "membre du jury" in msg[13]
    assert "ligne 14" in msg[15]
    assert (
        str(res.errors[0])
        == "notes.csv, ligne 2, champ note : Motivation : 21 hors barème (0 à 20)"
    )


def test_recusal_is_accepted_despite_a_hard_conflict(tmp_path: Path, session: Session) -> None:
    p = write(
        tmp_path,
        "candidat;épreuve;membre;critère;note;commentaire\n"
        "C1;entretien;durand;motivation;récusation;a préparé le candidat\n",
    )
    res = parse_scores(p, session, at=AT)
    assert res.errors == []
    assert res.records[0].status is ScoreStatus.RECUSED
    assert res.records[0].reason == "a préparé le candidat"


def test_scores_from_xlsx(tmp_path: Path, session: Session) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Candidat", "Epreuve", "Membre", "Critere", "Valeur"])
    ws.append(["C1", "anglais", "martin", None, 12.5])
    ws.append(["C2", "anglais", "martin", None, 20.5])
    p = tmp_path / "notes.xlsx"
    wb.save(p)
    res = parse_scores(p, session, at=AT)
    assert [r.value for r in res.records] == [12.5]
    assert [(e.line, e.field) for e in res.errors] == [(3, "Valeur")]


def test_missing_score_column(tmp_path: Path, session: Session) -> None:
    p = write(tmp_path, "candidat;épreuve;membre\nC1;anglais;martin\n")
    with pytest.raises(TableError, match=r"^notes\.csv : colonne obligatoire manquante : note"):
        parse_scores(p, session, at=AT)


def test_ambiguous_member_name(tmp_path: Path, session: Session) -> None:
    twins = [
        JuryMember(id="lb1", last_name="Leblanc", first_name="Marc", quality=Quality.INGENIEUR),
        JuryMember(id="lb2", last_name="Leblanc", first_name="Lise", quality=Quality.INGENIEUR),
    ]
    session = session.model_copy(update={"jury": [*session.jury, *twins]})
    p = write(
        tmp_path,
        "candidat;épreuve;membre;note\n"
        "C1;anglais;Leblanc;12\n"  # two members named Leblanc
        "C1;anglais;Lise Leblanc;13\n"  # only one
        "C2;anglais;LB1;14\n",  # identifier, case ignored
    )
    res = parse_scores(p, session, at=AT)
    assert [(r.member_id, r.value) for r in res.records] == [("lb2", 13.0), ("lb1", 14.0)]
    assert [(e.line, e.field) for e in res.errors] == [(2, "membre")]
    assert "ambigu" in res.errors[0].message and "lb1, lb2" in res.errors[0].message
