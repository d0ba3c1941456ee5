"""A writer killed (SIGKILL) at random points, many times: no file is ever left unreadable
and every acknowledged save is on disk."""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from juryapp.domain.models import Score, Session
from juryapp.store.backup import data_files
from juryapp.store.session_store import SessionStore, bucket_rel
from juryapp.store.storage import TEMP_RE, read_json_file

pytestmark = pytest.mark.skipif(
    sys.platform == "win32" or not hasattr(os, "fork"), reason="needs fork and SIGKILL"
)

RUNS = 80
BUDGET_S = 20.0
CANDIDATES = 40


def _writer(path: Path, wfd: int, start: int, score: Callable[..., Score]) -> None:
    """Save scores forever; write ``<i>`` to the pipe after each save has returned."""
    store = SessionStore.open(path, validate=False)
    os.write(wfd, b"ready\n")
    i = start
    while True:
        c1 = f"C{i % CANDIDATES + 1:03d}"
        batch = [
            score(c1, "m1", "fond", (i % 41) / 2, minutes=i),
            score(c1, "m1", "forme", i % 3, minutes=i),
        ]
        if i % 4 == 0:  # sometimes two candidates, so two buckets
            c2 = f"C{(i + 7) % CANDIDATES + 1:03d}"
            batch.append(score(c2, "m1", "fond", (i % 41) / 2, minutes=i))
        store.save_scores(batch, actor="m1")
        os.write(wfd, f"{i}\n".encode())
        i += 1


def _expected(i: int) -> dict[str, tuple[float, float]]:
    """candidate -> (fond, minutes) written by save number i."""
    c1 = f"C{i % CANDIDATES + 1:03d}"
    out = {c1: ((i % 41) / 2, i)}
    if i % 4 == 0:
        out[f"C{(i + 7) % CANDIDATES + 1:03d}"] = ((i % 41) / 2, i)
    return out


def test_killed_writers_lose_nothing_acknowledged(
    tmp_path: Path, make_session: Callable[..., Session], score: Callable[..., Score]
) -> None:
    path = tmp_path / "crash.jury"
    SessionStore.create(path, make_session(CANDIDATES))
    rng = random.Random(20260414)
    acked: dict[str, tuple[float, float]] = {}  # candidate -> (value, minutes) of the last ack
    next_i = 0
    runs = kills_mid_way = 0
    deadline = time.monotonic() + BUDGET_S
    while runs < RUNS and time.monotonic() < deadline:
        runs += 1
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer
            os.close(r)
            try:
                _writer(path, w, next_i, score)
            finally:
                os._exit(0)
        os.close(w)
        with os.fdopen(r, "rb") as fh:
            assert fh.readline() == b"ready\n"  # kill somewhere among the saves
            time.sleep(rng.uniform(0.0, 0.05))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            done = [int(x) for x in fh.read().decode().split()]
        for i in done:
            acked.update(_expected(i))
        last = done[-1] if done else next_i - 1
        next_i = last + 2  # the killed save (last + 1) may or may not have landed
        kills_mid_way += bool(done)

        # every data file parses, the journal is intact
        for rel in data_files(path):
            read_json_file(path / rel)
        store = SessionStore.open(path)  # validates everything, sweeps the leftovers
        # a journal line cut by the kill (only possible if its write() crossed a page) is
        # reported, and is the only kind of finding allowed
        others = [
            f for f in store.journal.verify() if "incomplète" not in f and "illisible" not in f
        ]
        assert others == []
        stored = {
            s.candidate_id: (s.value, (s.at - score("C001", "m1").at).total_seconds() / 60)
            for s in store.load_scores("m1")
            if s.criterion_id == "fond"
        }
        for cand, (value, minutes) in acked.items():
            got_value, got_minutes = stored[cand]
            assert got_minutes >= minutes, (cand, stored[cand], acked[cand])
            if got_minutes == minutes:
                assert got_value == value
    assert runs >= 30 and kills_mid_way >= 10
    leftovers = [p for p in path.rglob("*") if TEMP_RE.match(p.name)]
    assert leftovers == []
    assert (path / bucket_rel("m1", "C001")).is_file()
