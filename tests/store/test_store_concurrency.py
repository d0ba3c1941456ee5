"""Two processes writing at the same moment (real separate interpreters): nothing is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from juryapp.domain.models import Session
from juryapp.store.session_store import SessionStore

ROOT = Path(__file__).resolve().parents[2]

WORKER = r"""
import datetime as dt, os, sys, time
from collections.abc import Callable
from pathlib import Path
from juryapp.domain.models import Candidate, Score
from juryapp.domain.models import Session
from juryapp.store.session_store import SessionStore

path, kind, who, first, n, lo, hi, go = sys.argv[1:9]
first, n, lo, hi = int(first), int(n), int(lo), int(hi)
store = SessionStore.open(Path(path), validate=False)
while not os.path.exists(go):  # start together
    time.sleep(0.001)
t0 = dt.datetime(2026, 4, 14, 9, tzinfo=dt.UTC)
for i in range(first, first + n):
    if kind == "scores":
        cand = f"C{lo + i % (hi - lo + 1):03d}"
        store.save_scores(
            [Score(candidate_id=cand, epreuve_id="entretien", criterion_id="fond", member_id=who,
                   value=(i % 41) / 2, at=t0 + dt.timedelta(seconds=i))],
            actor=who,
        )
    else:
        store.upsert_candidates([Candidate(id=f"{who}-{i:03d}", last_name="Nouveau", track="1A")], actor="sec")
print("ok")
"""


Job = tuple[str, str, int, int, int, int]  # kind, who, first i, count, first and last candidate


def _cand(i: int, lo: int, hi: int) -> str:
    return f"C{lo + i % (hi - lo + 1):03d}"


def _run_together(path: Path, tmp_path: Path, jobs: list[Job]) -> None:
    go = tmp_path / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                str(path),
                kind,
                who,
                str(first),
                str(n),
                str(lo),
                str(hi),
                str(go),
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind, who, first, n, lo, hi in jobs
    ]
    time.sleep(0.3)
    go.touch()
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0 and out.strip() == "ok", err


def test_two_members_scoring_at_once(tmp_path: Path, make_session: Callable[..., Session]) -> None:
    session_path = tmp_path / "busy.jury"
    SessionStore.create(session_path, make_session(30, conflicts=False))
    n = 60
    # m1 and m2 in their own sheets, and a second terminal of m1 on other candidates of the
    # same sheet (30 candidates in 32 buckets: the two m1 writers share bucket files, so the
    # bucket locks are exercised too)
    jobs: list[Job] = [
        ("scores", "m1", 0, n, 1, 15),
        ("scores", "m2", 1000, n, 1, 30),
        ("scores", "m1", 2000, n, 16, 30),
    ]
    _run_together(session_path, tmp_path, jobs)
    store = SessionStore.open(session_path)
    assert store.journal.verify() == []
    saves = [e for e in store.journal.entries() if e.action == "save_scores"]
    assert len(saves) == 3 * n  # every save journaled once
    values = {(s.member_id, s.candidate_id): s.value for s in store.load_scores()}
    expect: dict[tuple[str, str], float] = {}
    for _kind, who, first, count, lo, hi in jobs:
        for i in range(first, first + count):  # in order: the last write of a key wins
            expect[(who, _cand(i, lo, hi))] = (i % 41) / 2
    assert values == expect


def test_two_processes_upserting_different_candidates(tmp_path: Path, session_path: Path) -> None:
    n = 40
    _run_together(
        session_path, tmp_path, [("candidates", "A", 0, n, 0, 0), ("candidates", "B", 0, n, 0, 0)]
    )
    store = SessionStore.open(session_path)
    ids = {c.id for c in store.load().candidates}
    assert {f"A-{i:03d}" for i in range(n)} <= ids
    assert {f"B-{i:03d}" for i in range(n)} <= ids
    assert len(ids) == 3 + 2 * n
    assert store.journal.verify() == []
    assert len([e for e in store.journal.entries() if e.action == "upsert_candidates"]) == 2 * n
