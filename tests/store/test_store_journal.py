"""The journal's hash chain: every kind of tampering is found, with the line named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from juryapp.store.errors import CorruptFile
from juryapp.store.journal import HEAD_FILE, JOURNAL_FILE, Change, Journal, entry_hash


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    j = Journal(tmp_path)
    j.append("create", "session", actor="system", new={"info": {"id": "s"}})
    j.append_many(
        [
            Change("upsert_candidates", "candidate:C001", None, {"id": "C001", "ects": 120}),
            Change("upsert_candidates", "candidate:C002", None, {"id": "C002", "ects": 90}),
        ],
        actor="sec",
    )
    j.append(
        "save_scores",
        "candidate:C001",
        actor="m1",
        old={"m1/e/c": None},
        new={"m1/e/c": {"value": 12.5}},
    )
    j.append(
        "record_decision",
        "candidate:C001",
        actor="sec",
        on_behalf=True,
        new={"value": "admissible"},
    )
    j.append("save_scores", "candidate:C002", actor="m2", new={"m2/e/c": {"value": 9.0}})
    return j


def _lines(j: Journal) -> list[str]:
    return j.path.read_text(encoding="utf-8").splitlines()


def _write(j: Journal, lines: list[str]) -> None:
    j.path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def test_an_intact_journal_verifies(journal: Journal) -> None:
    assert journal.verify() == []
    entries = journal.entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[0].prev == ""
    for a, b in zip(entries, entries[1:], strict=False):
        assert b.prev == a.hash
    for e in entries:
        assert entry_hash(e.to_dict()) == e.hash
    assert entries[4].on_behalf is True and entries[4].actor == "sec"
    head = json.loads((journal.root / HEAD_FILE).read_text(encoding="utf-8"))
    assert head == {"seq": 6, "hash": entries[-1].hash}
    assert [e.action for e in journal.history("candidate:C001")] == [
        "upsert_candidates",
        "save_scores",
        "record_decision",
    ]
    # the hash is the canonical JSON without 'hash': sorted keys, no spaces
    raw = json.loads(_lines(journal)[3])
    body = {k: v for k, v in raw.items() if k != "hash"}
    import hashlib

    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == raw["hash"]


def test_an_edited_entry_is_found(journal: Journal) -> None:
    lines = _lines(journal)
    entry = json.loads(lines[3])
    entry["new"]["m1/e/c"]["value"] = 20
    lines[3] = json.dumps(entry, ensure_ascii=False)
    _write(journal, lines)
    findings = journal.verify()
    assert len(findings) == 1
    assert "ligne 4" in findings[0] and "modifiée" in findings[0]


def test_an_edited_entry_with_a_recomputed_hash_breaks_the_chain(journal: Journal) -> None:
    lines = _lines(journal)
    entry = json.loads(lines[2])
    entry["actor"] = "m2"
    entry["hash"] = entry_hash(entry)
    lines[2] = json.dumps(entry, ensure_ascii=False)
    _write(journal, lines)
    findings = journal.verify()
    assert any("ligne 4" in f and "chaînage" in f for f in findings)


def test_a_deleted_entry_is_found(journal: Journal) -> None:
    lines = _lines(journal)
    del lines[2]
    _write(journal, lines)
    findings = journal.verify()
    assert findings
    assert len(findings) == 1
    assert "ligne 3" in findings[0] and "n° 3" in findings[0] and "manquante" in findings[0]


def test_reordered_entries_are_found(journal: Journal) -> None:
    lines = _lines(journal)
    lines[1], lines[2] = lines[2], lines[1]
    _write(journal, lines)
    findings = journal.verify()
    assert findings[0].startswith(f"{JOURNAL_FILE}, ligne 2 (entrée n° 3) : hors d'ordre")
    assert any("ligne 3" in f and "hors d'ordre" in f for f in findings)


def test_a_truncated_tail_is_found(journal: Journal) -> None:
    lines = _lines(journal)
    _write(journal, lines[:-2])
    findings = journal.verify()
    assert len(findings) == 1
    assert "tronqué" in findings[0] and "n° 6" in findings[0] and "n° 4" in findings[0]


def test_a_missing_head_is_a_finding(journal: Journal) -> None:
    (journal.root / HEAD_FILE).unlink()
    assert any(HEAD_FILE in f for f in journal.verify())


def test_a_bad_line_is_a_finding_and_entries_refuse_it(journal: Journal) -> None:
    lines = _lines(journal)
    lines.insert(3, "{ ceci n'est pas du JSON")
    _write(journal, lines)
    findings = journal.verify()
    assert any("ligne 4" in f and "illisible" in f for f in findings)
    with pytest.raises(CorruptFile) as info:
        journal.entries()
    assert "ligne 4" in str(info.value) and JOURNAL_FILE in str(info.value)
    with pytest.raises(CorruptFile):
        journal.history("candidate:C001")


def test_a_torn_last_line_is_reported_and_the_chain_goes_on(journal: Journal) -> None:
    good = journal.path.read_bytes()
    journal.path.write_bytes(good + b'{"seq": 7, "at": "2026-')  # a write cut by a crash
    fresh = Journal(journal.root)  # another process: no cached tail
    fresh.append("save_scores", "candidate:C002", actor="m2", new={"x": 1})
    findings = fresh.verify()
    assert len(findings) == 1 and "ligne 7" in findings[0]
    last = json.loads(fresh.path.read_text(encoding="utf-8").splitlines()[-1])
    assert last["seq"] == 7 and last["prev"] == json.loads(good.splitlines()[-1])["hash"]


def test_appends_from_several_journal_objects_stay_chained(tmp_path: Path) -> None:
    a, b = Journal(tmp_path), Journal(tmp_path)
    for i in range(5):
        a.append("x", f"t{i}", actor="m1")
        b.append("y", f"t{i}", actor="m2")
    assert a.verify() == []
    assert [e.seq for e in b.entries()] == list(range(1, 11))
