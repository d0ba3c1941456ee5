"""Broken files are named, never touched; backups are made, kept, and restored on demand."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from juryapp.domain.models import Candidate, Score, Track
from juryapp.store.backup import KEEP, regular_backups
from juryapp.store.errors import CorruptFile, InvalidRecord, StoreError
from juryapp.store.session_store import SessionStore, bucket_rel


def _edit_json(path: Path, change: Callable[[dict], None]) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _snapshot(folder: Path, *, locks: bool = True) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and (locks or not p.name.endswith(".lock"))
    }


def _snapshot_without_locks(snap: dict[str, bytes]) -> dict[str, bytes]:
    return {k: v for k, v in snap.items() if not k.endswith(".lock")}


def test_a_backup_is_made_on_opening_only_when_something_changed(
    session_path: Path, score: Callable[..., Score]
) -> None:
    first = regular_backups(session_path)
    assert len(first) == 1
    assert json.loads((first[0] / "manifest.json").read_text(encoding="utf-8"))["files"].keys() == {
        "session.json",
        "candidates.json",
        "decisions.json",
    }
    SessionStore.open(session_path)
    assert regular_backups(session_path) == first  # nothing changed
    store = SessionStore.open(session_path)
    store.save_scores([score("C002", "m1")], actor="m1")
    SessionStore.open(session_path)
    newest = regular_backups(session_path)
    assert len(newest) == 2
    assert (newest[0] / bucket_rel("m1", "C002")).is_file()
    # an unchanged file is shared with the previous backup, not copied again
    assert (newest[0] / "candidates.json").stat().st_ino == (
        first[0] / "candidates.json"
    ).stat().st_ino


def test_only_the_last_backups_are_kept(session_path: Path, score: Callable[..., Score]) -> None:
    for i in range(KEEP + 2):
        SessionStore.open(session_path).save_scores([score("C002", "m1", "fond", i)], actor="m1")
    SessionStore.open(session_path)
    backups = regular_backups(session_path)
    assert len(backups) == KEEP
    scores = json.loads((backups[0] / bucket_rel("m1", "C002")).read_text(encoding="utf-8"))[
        "scores"
    ]
    assert [d["value"] for d in scores.values()] == [KEEP + 1]


def test_invalid_json_is_named_with_its_last_good_copy_and_left_alone(session_path: Path) -> None:
    path = session_path / "candidates.json"
    text = path.read_text(encoding="utf-8")
    broken = text.replace('"C002"', '"C002",', 1).encode()
    path.write_bytes(broken)
    before = _snapshot(session_path)
    with pytest.raises(CorruptFile) as info:
        SessionStore.open(session_path)
    err = info.value
    text = str(err)
    assert "\n" not in text
    assert text.startswith("candidates.json") and "JSON invalide ligne" in text
    assert err.last_backup is not None and err.last_backup.name == "candidates.json"
    assert err.last_backup.parent.parent.name == "backups"
    assert f"backups/{err.last_backup.parent.name}/candidates.json" in text
    json.loads(err.last_backup.read_text(encoding="utf-8"))  # the copy is good
    assert _snapshot(session_path) == before  # byte-identical, nothing added


def test_an_invalid_value_names_file_record_and_field(session_path: Path) -> None:
    path = session_path / "candidates.json"

    def bad_ects(data: dict) -> None:
        for doc in data["candidates"].values():
            if doc["id"] == "C002":
                doc["ects"] = "abc"

    _edit_json(path, bad_ects)
    before = _snapshot(session_path)
    with pytest.raises(InvalidRecord) as info:
        SessionStore.open(session_path)
    text = str(info.value)
    assert text.startswith(
        "candidates.json, dossier C002 (document n° 2) : champ ECTS (ects) : « abc »"
    )
    assert "entier" in text and "dernière copie valide : backups/" in text
    assert _snapshot(session_path) == before

    # a write to that file is refused too, and leaves it as it is
    store = SessionStore(session_path)
    with pytest.raises(InvalidRecord, match="C002"):
        store.upsert_candidates([Candidate(id="C010", last_name="X", track=Track.A1)], actor="sec")
    assert _snapshot(session_path, locks=False) == _snapshot_without_locks(before)


def test_a_broken_score_sheet_is_named(session_path: Path, score: Callable[..., Score]) -> None:
    store = SessionStore.open(session_path)
    store.save_scores([score("C002", "m1")], actor="m1")
    rel = bucket_rel("m1", "C002")
    bucket = session_path / rel
    _edit_json(bucket, lambda d: next(iter(d["scores"].values())).update(member_id="m2"))
    with pytest.raises(InvalidRecord) as info:
        SessionStore.open(session_path)
    assert str(info.value).startswith(f"{rel}, note n° ")
    assert "feuille de « m1 »" in str(info.value)
    bucket.write_bytes(bucket.read_bytes()[:40])
    with pytest.raises(CorruptFile, match=rel.replace("/", "/")):
        SessionStore.open(session_path)
    with pytest.raises(CorruptFile):  # and no write goes through it
        store.save_scores([score("C002", "m1", "fond", 3)], actor="m1")


def test_restore_backup_puts_the_good_files_back(
    session_path: Path, score: Callable[..., Score]
) -> None:
    store = SessionStore.open(session_path)
    store.save_scores([score("C002", "m1")], actor="m1")
    SessionStore.open(session_path)  # backup with the score
    good = regular_backups(session_path)[0]
    store.save_scores([score("C003", "m1")], actor="m1")  # after the backup
    (session_path / "session.json").write_text("{ cassé", encoding="utf-8")
    with pytest.raises(CorruptFile) as info:
        SessionStore.open(session_path)
    assert info.value.last_backup is not None and info.value.last_backup.parent == good

    aside = SessionStore(session_path).restore_backup(good.name, actor="sec")
    assert (aside / "session.json").read_text(encoding="utf-8") == "{ cassé"
    assert (aside / bucket_rel("m1", "C003")).is_file()
    restored = SessionStore.open(session_path)
    session = restored.load()
    assert [s.candidate_id for s in session.scores] == ["C002"]
    last = restored.journal.entries()[-1]
    assert last.action == "restore_backup" and last.new["from"] == good.name
    assert restored.journal.verify() == []
    with pytest.raises(StoreError, match="introuvable"):
        restored.restore_backup("19990101T000000.000000Z", actor="sec")


def test_restore_is_refused_to_a_member_while_the_session_is_readable(session_path: Path) -> None:
    from juryapp.domain.permissions import PermissionDenied

    store = SessionStore.open(session_path)
    with pytest.raises(PermissionDenied):
        store.restore_backup(regular_backups(session_path)[0], actor="m1")


def test_a_deferred_backup_is_written_once_when_asked(
    session_path: Path, score: Callable[..., Score]
) -> None:
    """open(backup=False) keeps what it validated; backup_opened() saves it, once (the app
    does it after its first screen is drawn)."""
    store = SessionStore.open(session_path)
    store.save_scores([score("C002", "m1")], actor="m1")
    before = regular_backups(session_path)
    opened = SessionStore.open(session_path, backup=False)
    assert regular_backups(session_path) == before  # nothing written on opening
    store.save_scores([score("C003", "m1")], actor="m1")  # after the open: not in the backup
    made = opened.backup_opened()
    assert made is not None and regular_backups(session_path)[0] == made
    assert (made / bucket_rel("m1", "C002")).is_file()
    later = made / bucket_rel("m1", "C003")
    assert not later.exists() or not any(
        doc["candidate_id"] == "C003"
        for table in json.loads(later.read_text(encoding="utf-8")).values()
        for doc in table.values()
    )
    assert opened.backup_opened() is None  # once
    assert SessionStore.open(session_path, validate=False).backup_opened() is None
