"""Format versions: real v0 -> v1 and v1 -> v2 migrations, with their backup; a newer format
is refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from juryapp.store.errors import SchemaTooNew
from juryapp.store.migrations import CURRENT_VERSION, MIGRATIONS, upgrade
from juryapp.store.session_store import SessionStore, bucket_rel


def _v0_session(root: Path) -> None:
    """A session folder as written before format versions existed."""
    root.mkdir()
    session = {
        "info": {
            "1": {
                "id": "ancienne",
                "title": "Session d'avant",
                "kind": "admission-1a",
                "status": "in-progress",
            }
        },
        "jury": {
            "1": {
                "id": "prez",
                "name": "Hélène Martin-Durand",
                "quality": "enseignant-chercheur",
                "role": "president",
            },
            "2": {"id": "m1", "name": "Jean Pierre  Dupont", "quality": "ingenieur"},
            "3": {"id": "sec", "name": "Roux", "quality": "autre", "role": "secretaire"},
        },
        "epreuves": {
            "1": {
                "id": "entretien",
                "name": "Entretien",
                "kind": "motivation-interview",
                "criteria": [{"id": "fond", "label": "Fond"}],
            }
        },
    }
    (root / "session.json").write_text(json.dumps(session, ensure_ascii=False), encoding="utf-8")
    cands = {
        "candidates": {"1": {"id": "C001", "last_name": "Lefèvre", "track": "1A", "ects": 120}}
    }
    (root / "candidates.json").write_text(json.dumps(cands, ensure_ascii=False), encoding="utf-8")
    bucket = root / bucket_rel("m1", "C001")
    bucket.parent.mkdir(parents=True)
    doc = {
        "candidate_id": "C001",
        "epreuve_id": "entretien",
        "criterion_id": "fond",
        "member_id": "m1",
        "value": 14,
        "at": "2025-04-14T09:00:00+00:00",
    }
    bucket.write_text(json.dumps({"scores": {"1": doc}}), encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_v0_is_migrated_after_a_backup(tmp_path: Path) -> None:
    root = tmp_path / "ancienne.jury"
    _v0_session(root)
    original = _files(root)
    store = SessionStore.open(root)
    session = store.load()
    names = {m.id: (m.first_name, m.last_name) for m in session.jury}
    assert names == {
        "prez": ("Hélène", "Martin-Durand"),
        "m1": ("Jean Pierre", "Dupont"),
        "sec": ("", "Roux"),
    }
    assert [s.value for s in session.scores] == [14]
    for rel in ("session.json", "candidates.json", bucket_rel("m1", "C001")):
        meta = json.loads((root / rel).read_text(encoding="utf-8"))["meta"]["1"]
        assert meta["schema_version"] == CURRENT_VERSION and meta["app"].startswith("juryapp")
    backups = [p for p in (root / "backups").iterdir() if p.name.startswith("pre-migration-v0-")]
    assert len(backups) == 1
    assert _files(backups[0]) == original  # the files exactly as they were
    entry = store.journal.entries()[0]
    assert entry.action == "migrate" and entry.old == {"schema_version": 0}
    assert sorted(entry.new["files"]) == sorted(original)
    assert store.journal.verify() == []
    # opening again does nothing more
    SessionStore.open(root)
    assert len([p for p in (root / "backups").iterdir() if p.name.startswith("pre-migration")]) == 1


def test_a_newer_format_is_refused_and_nothing_is_touched(session_path: Path) -> None:
    path = session_path / "session.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["meta"]["1"]["schema_version"] = CURRENT_VERSION + 1
    path.write_text(json.dumps(data), encoding="utf-8")
    (session_path / f".candidates.json.tmp-{2**22 + 7}-zz").write_bytes(b"{")  # not even swept
    before = _files(session_path)
    with pytest.raises(SchemaTooNew) as info:
        SessionStore.open(session_path)
    text = str(info.value)
    assert text.startswith(f"session.json : format de version {CURRENT_VERSION + 1}")
    assert "mettez juryapp à jour" in text
    assert _files(session_path) == before


def test_a_newer_sheet_in_a_current_session_is_refused_on_reading(session_path: Path) -> None:
    rel = bucket_rel("m1", "C002")
    bucket = session_path / rel
    bucket.parent.mkdir(parents=True)
    bucket.write_text(
        json.dumps({"meta": {"1": {"schema_version": 7}}, "scores": {}}), encoding="utf-8"
    )
    before = bucket.read_bytes()
    with pytest.raises(SchemaTooNew, match=rel):
        SessionStore.open(session_path)
    assert bucket.read_bytes() == before


def test_upgrade_in_memory() -> None:
    assert set(MIGRATIONS) == set(range(CURRENT_VERSION))
    data, found = upgrade(
        "session.json", {"jury": {"1": {"id": "a", "name": "Yılmaz", "quality": "autre"}}}
    )
    assert found == 0
    assert data["jury"]["1"] == {
        "id": "a",
        "last_name": "Yılmaz",
        "first_name": "",
        "quality": "autre",
    }
    assert data["meta"]["1"]["schema_version"] == CURRENT_VERSION
    same, found = upgrade("session.json", data)
    assert found == CURRENT_VERSION and same == data


def test_v1_overall_comments_move_to_their_own_field(session_path: Path) -> None:
    """Version 1 kept the overall comment inside a score's comment, after a marker; the
    migration to version 2 moves it to ``overall_comment`` (backup first, journaled), and
    leaves the other comments as they were."""
    from juryapp.store.migrations import V1_OVERALL_MARKER

    rel = bucket_rel("m1", "C002")
    bucket = session_path / rel
    bucket.parent.mkdir(parents=True, exist_ok=True)
    base = {
        "candidate_id": "C002",
        "epreuve_id": "entretien",
        "member_id": "m1",
        "value": 12,
        "submitted": False,
        "at": "2026-04-14T09:00:00+00:00",
    }
    docs = {
        "1": {**base, "criterion_id": "fond", "comment": f"clair\n{V1_OVERALL_MARKER}motivé"},
        "2": {
            **base,
            "epreuve_id": "anglais",
            "criterion_id": "niveau",
            "value": 11,
            "comment": f"{V1_OVERALL_MARKER}à revoir",
        },
        "3": {**base, "criterion_id": "forme", "value": 1, "comment": "rien à signaler"},
    }
    meta = {"1": {"schema_version": 1}}
    bucket.write_text(json.dumps({"meta": meta, "scores": docs}), encoding="utf-8")
    for name in ("session.json", "candidates.json", "decisions.json"):
        path = session_path / name
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            data["meta"]["1"]["schema_version"] = 1
            path.write_text(json.dumps(data), encoding="utf-8")
    original = _files(session_path)
    store = SessionStore.open(session_path)
    got = {s.criterion_id: (s.comment, s.overall_comment) for s in store.load().scores_for("C002")}
    assert got == {
        "fond": ("clair", "motivé"),
        "niveau": ("", "à revoir"),
        "forme": ("rien à signaler", ""),
    }
    written = json.loads(bucket.read_text(encoding="utf-8"))
    assert written["meta"]["1"]["schema_version"] == CURRENT_VERSION == 2
    assert V1_OVERALL_MARKER not in bucket.read_text(encoding="utf-8")
    backups = [p for p in (session_path / "backups").iterdir() if "pre-migration-v1-" in p.name]
    assert len(backups) == 1
    kept = _files(backups[0])
    assert kept and all(kept[name] == original[name] for name in kept)  # as they were
    assert kept[rel] == original[rel]
    entry = store.journal.entries()[-1]
    assert entry.action == "migrate" and entry.old == {"schema_version": 1}
    assert rel in entry.new["files"]


def test_upgrade_from_v1_in_memory_any_file_with_scores() -> None:
    from juryapp.store.migrations import V1_OVERALL_MARKER

    doc = {"criterion_id": "k", "comment": f"{V1_OVERALL_MARKER}bien", "overall_comment": ""}
    data, found = upgrade("07.json", {"meta": {"1": {"schema_version": 1}}, "scores": {"1": doc}})
    assert found == 1
    assert data["scores"]["1"]["comment"] == "" and data["scores"]["1"]["overall_comment"] == "bien"
    # a comment that already has its overall comment apart is not touched
    both = {"comment": f"{V1_OVERALL_MARKER}x", "overall_comment": "déjà"}
    data, _found = upgrade("07.json", {"meta": {"1": {"schema_version": 1}}, "scores": {"1": both}})
    assert data["scores"]["1"] == {"comment": f"{V1_OVERALL_MARKER}x", "overall_comment": "déjà"}


def test_read_only_reads_a_current_session_and_writes_nothing(session_path: Path) -> None:
    leftover = f".candidates.json.tmp-{2**22 + 7}-zz"  # a dead writer's: open() sweeps it
    (session_path / leftover).write_bytes(b"{")
    before = _files(session_path)
    read = SessionStore.read_only(session_path)
    assert read is not None
    assert _files(session_path) == before  # no clean-up, no backup
    token, session = read
    assert token == SessionStore(session_path).change_token()
    assert session == SessionStore.open(session_path, backup=False).load()
    assert not (session_path / leftover).exists()


@pytest.mark.parametrize("version", ["older", "newer"])
def test_read_only_leaves_a_session_of_another_format_alone(
    tmp_path: Path, session_path: Path, version: str
) -> None:
    if version == "older":
        root = tmp_path / "ancienne.jury"
        _v0_session(root)
    else:
        root = session_path
        path = root / "session.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        data["meta"]["1"]["schema_version"] = CURRENT_VERSION + 1
        path.write_text(json.dumps(data), encoding="utf-8")
    before = _files(root)
    assert SessionStore.read_only(root) is None  # open() migrates it, or refuses it
    assert _files(root) == before
