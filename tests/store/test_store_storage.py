"""AtomicJSONStorage: TinyDB-compatible, atomic, never half a file; temp sweeping; locks."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tinydb import Query, TinyDB

from juryapp.store import locking, storage
from juryapp.store.errors import CorruptFile, LockTimeout
from juryapp.store.locking import lock_path_for, locked
from juryapp.store.storage import (
    AtomicJSONStorage,
    atomic_write_bytes,
    read_json_file,
    sweep_temp_files,
)


def _temps(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if storage.TEMP_RE.match(p.name)]


def test_tinydb_works_on_the_atomic_storage(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        assert not path.exists()  # nothing written until the first write
        db.table("candidates").insert_multiple(
            [{"id": "C1", "ects": 120}, {"id": "C2", "ects": 90}]
        )
        db.table("candidates").update({"ects": 180}, Query().id == "C2")
        assert db.table("candidates").get(Query().id == "C2")["ects"] == 180
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["candidates"]["2"] == {"id": "C2", "ects": 180}
    assert _temps(tmp_path) == []
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        assert len(db.table("candidates")) == 2


def test_missing_or_empty_file_reads_as_none(tmp_path: Path) -> None:
    assert AtomicJSONStorage(tmp_path / "nope.json").read() is None
    (tmp_path / "empty.json").write_bytes(b"  \n")
    assert AtomicJSONStorage(tmp_path / "empty.json").read() is None


def test_corrupt_file_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"t": {\n  "1": {"a": 1},,\n}}', encoding="utf-8")
    with pytest.raises(CorruptFile) as info:
        AtomicJSONStorage(path).read()
    text = str(info.value)
    assert "bad.json" in text and "ligne 2" in text and "colonne" in text
    assert "\n" not in text
    path.write_text('{"t": [1, 2]}', encoding="utf-8")
    with pytest.raises(CorruptFile, match="table « t »"):
        read_json_file(path)


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"t": {"1": {"nom": "Zoé"}}}).encode())
    assert AtomicJSONStorage(path).read() == {"t": {"1": {"nom": "Zoé"}}}


def test_a_failed_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "s.json"
    AtomicJSONStorage(path).write({"t": {"1": {"v": "old"}}})
    before = path.read_bytes()

    def boom(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(storage.os, "replace", boom)
    with pytest.raises(OSError):
        AtomicJSONStorage(path).write({"t": {"1": {"v": "new" * 1000}}})
    assert path.read_bytes() == before
    assert _temps(tmp_path) == []


def test_write_keeps_the_file_mode(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    atomic_write_bytes(path, b"{}")
    os.chmod(path, 0o640)
    atomic_write_bytes(path, b'{"t": {}}')
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_reader_never_sees_half_a_file(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    versions = [{"t": {str(i): {"v": k, "pad": "x" * 200} for i in range(3000)}} for k in range(2)]
    store = AtomicJSONStorage(path, durable=False)
    store.write(versions[0])
    stop = time.monotonic() + 1.0
    errors: list[Exception] = []

    def writer() -> None:
        k = 0
        while time.monotonic() < stop:
            k ^= 1
            store.write(versions[k])

    t = threading.Thread(target=writer)
    t.start()
    reads = 0
    try:
        while time.monotonic() < stop:
            try:
                data = AtomicJSONStorage(path).read()
                assert data in versions
                reads += 1
            except Exception as exc:  # pragma: no cover - the failure we look for
                errors.append(exc)
                break
    finally:
        t.join()
    assert not errors and reads > 5


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_sweep_removes_only_leftovers_of_dead_writers(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    dead = tmp_path / f".a.json.tmp-{_dead_pid()}-x1y2"
    dead.write_bytes(b'{"half')
    mine = tmp_path / f".a.json.tmp-{os.getpid()}-abcd"  # a live writer's fresh file
    mine.write_bytes(b"{")
    busy = tmp_path / f".b.json.tmp-{_dead_pid()}-zz"  # b.json's lock is held: kept
    busy.write_bytes(b"{")
    sub = tmp_path / "scores" / "m1"
    sub.mkdir(parents=True)
    deep = sub / f".07.json.tmp-{_dead_pid()}-q"
    deep.write_bytes(b"")

    holder_ready, release = threading.Event(), threading.Event()

    def hold() -> None:
        with locked(tmp_path / "b.json"):
            holder_ready.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    holder_ready.wait(5)
    try:
        removed = sweep_temp_files(tmp_path)
    finally:
        release.set()
        t.join()
    assert set(removed) == {dead, deep}
    assert mine.exists() and busy.exists() and not dead.exists()
    assert (tmp_path / "a.json").read_text(encoding="utf-8") == "{}"


def test_lock_timeout_is_a_clear_one_line_error(tmp_path: Path) -> None:
    target = tmp_path / "session.json"
    ready, release = threading.Event(), threading.Event()

    def hold() -> None:
        with locked(target):
            ready.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    ready.wait(5)
    try:
        started = time.monotonic()
        with pytest.raises(LockTimeout) as info, locked(target, timeout=0.3, root=tmp_path):
            pass  # pragma: no cover
        assert time.monotonic() - started < 3
    finally:
        release.set()
        t.join()
    text = str(info.value)
    assert text.startswith("session.json : la session est verrouillée par un autre programme")
    assert "depuis" in text
    if locking._has_on_acquired():  # filelock >= 4: the holder is recorded in the lock file
        assert f"processus {os.getpid()}" in text
    assert lock_path_for(target).name == ".session.json.lock"


def test_lock_is_reentrant_in_one_thread(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    with locked(target, timeout=0.2), locked(target, timeout=0.2):
        pass
    with locked(target, timeout=0.2):  # released properly
        pass
