"""The command line, driven end to end on real session folders in tmp_path."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from juryapp.cli import cli

JURY_CSV = (
    "\ufeffid;nom;prénom;qualité;rôle;sexe;e-mail\n"
    "prez;Martin;Hélène;Enseignant-chercheur;président;F;helene.martin@example.fr\n"
    "m1;Dupont;Jean;ingénieur;membre;H;jean.dupont@example.fr\n"
    "m2;Nguyễn;Thị Ánh;enseignant-chercheur;membre;F;anh.nguyen@example.fr\n"
    "sec;Roux;Claire;autre;secrétaire;F;claire.roux@example.fr\n"
)

CANDIDATES_CSV = (
    "id;nom;prénom;email;filière;spécialité;diplôme;ects;boursier;formations;commentaire interne\n"
    "C001;Lefèvre;Zoé;zoe@example.fr;1A;INFRES;DUT Informatique;120;oui;2;très bon dossier\n"
    "C002;Bénard;Maëlys;maelys@example.fr;1A;INFRES;BTS SIO;120;non;1;\n"
    "C003;Garçon;Éloïse;eloise@example.fr;1A;INFRES;BTS Comptabilité et gestion;60;non;1;\n"
)


def run(*args: str, ok: bool = True) -> object:
    result = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    if ok and result.exit_code != 0:
        raise AssertionError(f"exit {result.exit_code}: {result.output}")
    return result


@pytest.fixture
def session(tmp_path: Path) -> Path:
    path = tmp_path / "infres-2026.jury"
    run("new", path, "--kind", "admission-1a", "--specialty", "INFRES", "--date", "14/04/2026")
    jury = tmp_path / "jury.csv"
    jury.write_text(JURY_CSV, encoding="utf-8")
    run("import-jury", path, jury)
    cands = tmp_path / "candidats.csv"
    cands.write_bytes(CANDIDATES_CSV.encode("cp1252"))
    run("import-candidates", path, cands)
    return path


def info(path: Path) -> dict:
    return json.loads(run("info", path, "--json").output)


def test_new_gives_default_epreuves_and_places(tmp_path: Path) -> None:
    path = tmp_path / "s.jury"
    out = run("new", path, "--kind", "admission-1a", "--specialty", "INFRES").output
    assert "40 places" in out
    data = info(path)
    assert data["kind"] == "admission-1a"
    assert data["places"] == 40
    assert {e["id"] for e in data["epreuves"]} >= {"video", "anglais"}
    assert all(e["criteria"] for e in data["epreuves"])


def test_new_refuses_existing_folder(session: Path) -> None:
    result = run("new", session, "--kind", "admission-1a", ok=False)
    assert result.exit_code == 2
    assert "erreur" in result.output
    assert "Traceback" not in result.output


def test_new_refuses_bad_date(tmp_path: Path) -> None:
    result = run("new", tmp_path / "x.jury", "--kind", "cqpm", "--date", "31/02/2026", ok=False)
    assert result.exit_code == 2
    assert "--date" in result.output
    assert not (tmp_path / "x.jury").exists()


def test_imports_french_spreadsheet_exports(session: Path) -> None:
    data = info(session)
    assert [m["id"] for m in data["jury"]] == ["prez", "m1", "m2", "sec"]
    assert data["candidates"] == 3
    assert data["eligibility"].get("ineligible") == 1  # the BTS Comptabilité with 60 ECTS


def test_reimport_updates_instead_of_duplicating(session: Path, tmp_path: Path) -> None:
    changed = CANDIDATES_CSV.replace("DUT Informatique;120", "DUT Informatique;125")
    f = tmp_path / "again.csv"
    f.write_text(changed, encoding="utf-8")
    out = run("import-candidates", session, f).output
    assert "0 dossier ajouté, 1 mis à jour" in out
    assert info(session)["candidates"] == 3


def test_bad_row_imports_nothing_unless_skip_bad(session: Path, tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(
        "id,last_name,first_name,track,ects\n"
        "C010,Wróbel,Łukasz,1A,130\n"
        "C011,Çelik,Şükrü,3A,120\n"
        "C012,Abadi,Yasmine,1A,douze\n",
        encoding="utf-8",
    )
    result = run("import-candidates", session, f, ok=False)
    assert result.exit_code == 2
    assert "ligne 3" in result.output and "ligne 4" in result.output
    assert "rien n'a été importé" in result.output
    assert info(session)["candidates"] == 3

    out = run("import-candidates", session, f, "--skip-bad").output
    assert "1 dossier ajouté" in out
    assert info(session)["candidates"] == 4


def test_member_cannot_edit_setup(session: Path, tmp_path: Path) -> None:
    f = tmp_path / "one.csv"
    f.write_text("id,last_name,track\nC020,Ndiaye,1A\n", encoding="utf-8")
    result = run("import-candidates", session, f, "--as", "m1", ok=False)
    assert result.exit_code == 2
    assert "refusé" in result.output
    assert info(session)["candidates"] == 3


def test_decide_by_president_and_on_behalf(session: Path) -> None:
    out = run("decide", session, "C001", "excellence", "--as", "prez").output
    assert "Excellence" in out
    out = run("decide", session, "C002", "standard", "--reason", "dossier correct").output
    assert "saisie par sec" in out
    data = info(session)
    assert data["decisions"]["excellence"] == 1
    assert data["decisions"]["standard"] == 1
    journal = (session / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    last = json.loads(journal[-1])
    assert last["actor"] == "sec" and last["on_behalf"] is True


def test_decide_refusals(session: Path) -> None:
    r = run("decide", session, "C001", "totale", "--as", "prez", ok=False)
    assert r.exit_code == 2 and "excellence" in r.output  # lists what is valid
    r = run("decide", session, "C001", "excellence", "--as", "m1", ok=False)
    assert r.exit_code == 2 and "refusé" in r.output
    r = run("decide", session, "NOPE", "standard", "--as", "prez", ok=False)
    assert r.exit_code == 2
    r = run("decide", session, "C003", "standard", "--as", "prez", ok=False)
    assert r.exit_code == 2  # ineligible dossier without an override reason
    run(
        "decide",
        session,
        "C003",
        "standard",
        "--as",
        "prez",
        "--override",
        "diplôme jugé équivalent",
    )
    assert info(session)["decisions"]["standard"] == 1
    # an unfavourable decision is motivated: the command line says which option gives it
    run("decide", session, "C002", "standard", "--as", "prez")
    r = run("decide", session, "C002", "non-admissible", "--as", "prez", ok=False)
    assert r.exit_code == 2 and "doit être motivée : ajoutez --reason" in r.output
    run("decide", session, "C002", "non-admissible", "--as", "prez", "--reason", "anglais")
    assert info(session)["decisions"]["non-admissible"] == 1


def test_importing_a_score_keeps_the_members_overall_comment(session: Path, tmp_path: Path) -> None:
    """A file has no column for a member's overall comment on an épreuve: importing a
    score over one the member saved changes the value and keeps that comment."""
    import datetime as dt

    from juryapp.domain.scoring import build_scores
    from juryapp.store.session_store import SessionStore

    store = SessionStore.open(session)
    loaded = store.load()
    video = loaded.epreuve("video")
    assert video is not None
    first = video.criteria[0]
    values = {c.id: c.min for c in video.criteria}
    mine = build_scores(
        video,
        "C002",
        "m1",
        values,
        {},
        "très motivé",
        submitted=True,
        at=dt.datetime(2026, 4, 14, tzinfo=dt.UTC),
    )
    store.save_scores(mine, actor="m1")
    scores = tmp_path / "notes.csv"
    scores.write_text(
        "candidate_id,epreuve,member,criterion,score,comment\n"
        f"C002,video,m1,{first.id},{first.max},relu sur papier\n",
        encoding="utf-8",
    )
    run("import-scores", session, scores)
    saved = {
        s.criterion_id: s
        for s in SessionStore.open(session).load().scores_for("C002", "video")
        if s.member_id == "m1"
    }
    assert saved[first.id].value == first.max
    assert saved[first.id].comment == "relu sur papier"
    assert saved[first.id].overall_comment == "très motivé"


def test_import_scores_and_export(session: Path, tmp_path: Path) -> None:
    run("decide", session, "C001", "excellence", "--as", "prez")
    run("decide", session, "C002", "standard", "--as", "prez")
    data = info(session)
    video = next(e for e in data["epreuves"] if e["id"] == "video")
    crit = video["criteria"][0]
    anglais = next(e for e in data["epreuves"] if e["id"] == "anglais")
    assert len(anglais["criteria"]) == 1
    top = crit["max"]
    scores = tmp_path / "notes.csv"
    scores.write_text(
        "candidate_id,epreuve,member,criterion,score,comment\n"
        f"C002,video,m1,{crit['id']},{top},très clair\n"
        f"C002,video,m2,{crit['id']},{crit['min']},\n"
        "C002,anglais,,,15,plateforme\n",
        encoding="utf-8",
    )
    out = run("import-scores", session, scores).output
    assert "3 notes importées" in out

    bad = tmp_path / "bad-notes.csv"
    bad.write_text(
        "candidate_id,epreuve,member,criterion,score,comment\n"
        f"C002,video,m1,{crit['id']},{top + 100},\n",
        encoding="utf-8",
    )
    r = run("import-scores", session, bad, ok=False)
    assert r.exit_code == 2 and "ligne 2" in r.output

    out_csv = tmp_path / "decisions.csv"
    run("export", session, "--format", "csv", "-o", out_csv)
    rows = list(csv.DictReader(out_csv.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert list(rows[0].keys()) == [
        "candidate_id",
        "last_name",
        "first_name",
        "decision",
        "rank",
        "list",
    ]
    by_id = {r["candidate_id"]: r for r in rows}
    assert by_id["C001"]["rank"] == "1"
    assert by_id["C001"]["list"] == "principale"

    out_json = tmp_path / "detail.json"
    run("export", session, "--format", "json", "--detailed", "-o", out_json)
    detail = {r["candidate_id"]: r for r in json.loads(out_json.read_text(encoding="utf-8"))}
    assert "video" in detail["C002"] and detail["C002"]["video"] != ""
    assert detail["C002"]["divergent"] == "oui"  # max vs min of the scale

    out_xlsx = tmp_path / "decisions.xlsx"
    run("export", session, "--format", "xlsx", "-o", out_xlsx)
    import openpyxl

    ws = openpyxl.load_workbook(out_xlsx).active
    assert ws.cell(1, 1).value == "candidate_id"
    assert ws.max_row == 4


def test_check_reports_findings_and_journal_tampering(session: Path) -> None:
    r = run("check", session, ok=False)
    assert r.exit_code == 1
    assert "GARÇON Éloïse (C003)" in r.output  # the ineligible diploma

    lines = (session / "journal.jsonl").read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[1])
    entry["actor"] = "quelqu'un d'autre"
    lines[1] = json.dumps(entry, ensure_ascii=False)
    (session / "journal.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = run("check", session, ok=False)
    assert r.exit_code == 1
    assert "JOURNAL" in r.output


def test_check_clean_session_exits_zero(tmp_path: Path) -> None:
    path = tmp_path / "clean.jury"
    run("new", path, "--kind", "admission-1a", "--specialty", "INFRES")
    jury = tmp_path / "jury.csv"
    jury.write_text(JURY_CSV, encoding="utf-8")
    run("import-jury", path, jury)
    cands = tmp_path / "c.csv"
    cands.write_text(
        "id,nom,prénom,filière,spécialité,diplôme,ects\nC001,Lefèvre,Zoé,1A,INFRES,DUT Informatique,120\n",
        encoding="utf-8",
    )
    run("import-candidates", path, cands)
    run("decide", path, "C001", "excellence", "--as", "prez")
    r = run("check", path)
    assert r.exit_code == 0
    assert "Aucun constat" in r.output


def test_merge_newest_wins(session: Path, tmp_path: Path) -> None:
    import shutil

    run("decide", session, "C002", "standard", "--as", "prez")
    crit = next(e for e in info(session)["epreuves"] if e["id"] == "video")["criteria"][0]
    first = tmp_path / "n1.csv"
    first.write_text(
        f"candidate_id,epreuve,member,criterion,score\nC002,video,m1,{crit['id']},{crit['min']}\n",
        encoding="utf-8",
    )
    run("import-scores", session, first)
    # m1 scores again on a laptop copy of the session
    laptop = tmp_path / "laptop.jury"
    shutil.copytree(session, laptop)
    second = tmp_path / "n2.csv"
    second.write_text(
        f"candidate_id,epreuve,member,criterion,score\nC002,video,m1,{crit['id']},{crit['max']}\n",
        encoding="utf-8",
    )
    run("import-scores", laptop, second, "--as", "m1")
    sheet = tmp_path / "m1.json"
    run("export-sheet", laptop, "--member", "m1", "-o", sheet)
    out = run("merge", session, sheet).output
    assert out.strip()
    detail = tmp_path / "d.json"
    run("export", session, "--format", "json", "--detailed", "-o", detail)
    row = {r["candidate_id"]: r for r in json.loads(detail.read_text(encoding="utf-8"))}["C002"]
    assert row["video"] == 20


def test_corrupt_session_is_one_line_error(session: Path) -> None:
    before = (session / "candidates.json").read_bytes()
    (session / "candidates.json").write_bytes(before[: len(before) // 2])
    r = run("info", session, ok=False)
    assert r.exit_code == 2
    assert "candidates.json" in r.output
    assert "Traceback" not in r.output
    assert (session / "candidates.json").read_bytes() == before[: len(before) // 2]


def test_missing_session_folder(tmp_path: Path) -> None:
    r = run("info", tmp_path / "nowhere.jury", ok=False)
    assert r.exit_code == 2
    assert "nowhere.jury" in r.output


def test_demo_copy_leaves_sample_pristine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from juryapp.cli import DEMO_SESSION, bundled_sample

    monkeypatch.setenv("JURYAPP_DATA_DIR", str(tmp_path / "data"))
    sample = bundled_sample(DEMO_SESSION)
    before = {p.relative_to(sample): p.read_bytes() for p in sample.rglob("*") if p.is_file()}
    out = run("demo", "--path-only").output.strip()
    copy = Path(out)
    assert copy.is_relative_to(tmp_path / "data")
    assert (copy / "session.json").exists()
    from juryapp.store.session_store import SessionStore

    demo = SessionStore.open(copy).load()
    assert demo.president is not None and demo.candidates
    run(
        "decide",
        copy,
        demo.candidates[0].id,
        "rejet",
        "--as",
        demo.president.id,
        "--override",
        "test",
    )
    assert len(SessionStore.open(copy).load().decisions) == len(demo.decisions) + 1
    after = {p.relative_to(sample): p.read_bytes() for p in sample.rglob("*") if p.is_file()}
    assert after == before


def test_python_dash_m_works() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "juryapp", "--help"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0
    assert "import-candidates" in proc.stdout


def test_open_says_at_once_when_the_folder_is_no_session_and_reads_nothing_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`open` checks the folder, then starts the app, which reads the session itself (a
    large session would otherwise keep the terminal blank while it is validated)."""
    started: list[tuple[Path, str | None]] = []
    read_ahead_: list[Any] = []

    import juryapp.ui.app as app_module

    class Recorder:
        def __init__(
            self,
            path: Path,
            member_id: str | None = None,
            read_ahead: Any = None,
            collector_paused: bool = False,
        ) -> None:
            started.append((path, member_id))
            read_ahead_.append(read_ahead)

        def run(self) -> None:
            pass

    monkeypatch.setattr(app_module, "JuryApp", Recorder)
    result = run("open", str(tmp_path / "nowhere.jury"), ok=False)
    assert "introuvable" in result.output and "nowhere.jury" in result.output
    (tmp_path / "empty.jury").mkdir()
    result = run("open", str(tmp_path / "empty.jury"), ok=False)
    assert "session.json" in result.output
    assert started == []
    folder = tmp_path / "s.jury"
    folder.mkdir()
    (folder / "session.json").write_text("{broken", encoding="utf-8")
    # not read before the app starts (a validation would have refused it): the app says
    # what is wrong, naming the file, on its first screen
    run("open", str(folder), "--as", "m-x")
    assert started == [(folder, "m-x")]
    # the read-ahead (another process) could not read it either, and kept nothing
    assert read_ahead_[0] is None or read_ahead_[0].wait() is False
