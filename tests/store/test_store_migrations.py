"""Format versions: a real v0 -> v1 migration, with its backup; a newer format is refused."""

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
    assert text.startswith("session.json : format de version 2") and "mettez juryapp à jour" in text
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
