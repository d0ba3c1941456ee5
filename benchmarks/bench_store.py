"""Saving a score sheet: juryapp's store vs plain TinyDB, on the same synthetic session.

    /work/venv/bin/python benchmarks/bench_store.py [--dossiers 5000] [--members 3]
        [--epreuves 4] [--criteria 3] [--saves 300] [--tinydb-saves 12] [--dir PATH]

The session: N dossiers, M jury members (plus a president and a secretary) each scoring
every criterion of every épreuve of every dossier, so N × E × C score records per member
(60,000 with the defaults, 180,000 in all).  The session is created with
``SessionStore.create`` (no scores), then the score sheets are written straight into the
bucket files (same format) to set up fast.

Measured, in the same run:

* **juryapp store** — ``SessionStore.save_scores``: one member saves their scores of one
  candidate for one épreuve (C criteria), replacing existing values, as a jury member does
  after each oral.  Random candidates, épreuves and members.  Each save checks the rights,
  the scale, rewrites one bucket atomically (temp file + fsync + rename + fsync of the
  folder) and appends to the journal (fsync + journal.head).
* **plain TinyDB** — the same records in one file holding every score, default
  ``JSONStorage``; one ``Table.update`` per save (one read and one write of the whole file)
  changing the same C records.
* **load()** — reading and validating the whole session (every file, pydantic), and
  ``SessionStore.open`` (which validates, and makes a backup when something changed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tinydb import Query, TinyDB  # noqa: E402

from juryapp.domain.models import (  # noqa: E402
    Candidate,
    Criterion,
    Epreuve,
    EpreuveKind,
    JuryMember,
    Quality,
    Role,
    Score,
    Session,
    SessionInfo,
    SessionKind,
    SessionStatus,
    Track,
)
from juryapp.store.migrations import meta_doc  # noqa: E402
from juryapp.store.session_store import SessionStore, _score_doc, bucket_rel  # noqa: E402
from juryapp.store.storage import atomic_write_bytes, dump_json  # noqa: E402

LAST = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
]
FIRST = ["Zoé", "Lucas", "Léa", "Hugo", "Chloé", "Louis", "Inès", "Nathan", "Jade", "Éloïse"]
T0 = dt.datetime(2026, 4, 14, 8, 0, tzinfo=dt.UTC)


def build(n: int, members: int, epreuves: int, criteria: int) -> tuple[Session, list[str]]:
    rng = random.Random(1)
    info = SessionInfo(
        id=f"bench-{n}",
        title=f"Banc d'essai – {n} dossiers",
        kind=SessionKind.ADMISSION_1A,
        specialty="INFRES",
        places=40,
        status=SessionStatus.IN_PROGRESS,
    )
    member_ids = [f"m{j:02d}" for j in range(1, members + 1)]
    jury = [
        JuryMember(
            id="prez", last_name="Martin", quality=Quality.ENSEIGNANT_CHERCHEUR, role=Role.PRESIDENT
        )
    ]
    jury += [
        JuryMember(
            id=mid,
            last_name=rng.choice(LAST),
            first_name=rng.choice(FIRST),
            quality=Quality.INGENIEUR,
        )
        for mid in member_ids
    ]
    jury.append(JuryMember(id="sec", last_name="Roux", quality=Quality.AUTRE, role=Role.SECRETAIRE))
    eps = [
        Epreuve(
            id=f"ep{e}",
            name=f"Épreuve {e}",
            kind=EpreuveKind.OPTIONAL_ORAL,
            criteria=[Criterion(id=f"cr{k}", label=f"Critère {k}") for k in range(criteria)],
        )
        for e in range(epreuves)
    ]
    cands = [
        Candidate(
            id=f"C{i:05d}",
            last_name=rng.choice(LAST),
            first_name=rng.choice(FIRST),
            track=Track.A1,
            specialty="INFRES",
            diploma="BUT Informatique",
            ects=120,
        )
        for i in range(1, n + 1)
    ]
    return Session(info=info, jury=jury, candidates=cands, epreuves=eps), member_ids


def score_doc(cid: str, ep: str, cr: str, mid: str, value: float, at: dt.datetime) -> dict:
    return _score_doc(
        Score(candidate_id=cid, epreuve_id=ep, criterion_id=cr, member_id=mid, value=value, at=at)
    )


def all_score_docs(session: Session, member_ids: list[str]) -> list[dict]:
    rng = random.Random(2)
    template = score_doc("C", "e", "c", "m", 10.0, T0)
    docs = []
    for c in session.candidates:
        for e in session.epreuves:
            for mid in member_ids:
                for cr in e.criteria:
                    d = dict(template)
                    d.update(
                        candidate_id=c.id,
                        epreuve_id=e.id,
                        criterion_id=cr.id,
                        member_id=mid,
                        value=rng.randrange(0, 41) / 2,
                    )
                    docs.append(d)
    return docs


def write_buckets(root: Path, docs: list[dict]) -> None:
    buckets: dict[str, dict[str, dict]] = {}
    for i, d in enumerate(docs, start=1):
        buckets.setdefault(bucket_rel(d["member_id"], d["candidate_id"]), {})[str(i)] = d
    for rel, table in buckets.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(
            path,
            dump_json({"meta": {"1": meta_doc()}, "scores": table}, indent=False),
            durable=False,
        )


def stats(ms: list[float]) -> str:
    s = sorted(ms)
    p95 = s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]
    return f"p50 {statistics.median(s):8.1f} ms   p95 {p95:8.1f} ms   max {s[-1]:8.1f} ms   (n={len(s)})"


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dossiers", type=int, default=5000)
    ap.add_argument("--members", type=int, default=3)
    ap.add_argument("--epreuves", type=int, default=4)
    ap.add_argument("--criteria", type=int, default=3)
    ap.add_argument("--saves", type=int, default=300, help="saves measured on the store")
    ap.add_argument("--tinydb-saves", type=int, default=12, help="saves measured on plain TinyDB")
    ap.add_argument(
        "--dir", type=Path, default=None, help="working folder (default: a temp folder)"
    )
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-store-", dir=args.dir))
    try:
        t = time.perf_counter()
        session, member_ids = build(args.dossiers, args.members, args.epreuves, args.criteria)
        path = work / "bench.jury"
        SessionStore.create(path, session, actor="system")
        docs = all_score_docs(session, member_ids)
        write_buckets(path, docs)
        per_member = len(docs) // len(member_ids)
        print(
            f"session: {args.dossiers} dossiers, {len(member_ids)} members × {args.epreuves} épreuves × "
            f"{args.criteria} criteria = {per_member} scores per member, {len(docs)} in all "
            f"(set up in {time.perf_counter() - t:.1f} s, in {work})"
        )
        sizes = [p.stat().st_size for p in (path / "scores").rglob("*.json")]
        print(
            f"score buckets: {len(sizes)} files, {statistics.mean(sizes) / 1024:.0f} KiB on average; "
            f"candidates.json {(path / 'candidates.json').stat().st_size / 1024:.0f} KiB"
        )

        # ---------------------------------------------------------------- load
        store = SessionStore.open(path, validate=False)
        load_ms = [timed(store.load) for _ in range(3)]
        open_ms = timed(lambda: SessionStore.open(path))  # validates + first backup
        open2_ms = timed(lambda: SessionStore.open(path))  # validates, nothing changed
        loaded = store.load()
        assert len(loaded.scores) == len(docs), (len(loaded.scores), len(docs))

        # ---------------------------------------------------------------- our store
        rng = random.Random(3)
        epreuves = session.epreuves
        ms: list[float] = []
        for i in range(args.saves):
            cand = rng.choice(session.candidates).id
            ep = rng.choice(epreuves)
            mid = rng.choice(member_ids)
            at = T0 + dt.timedelta(hours=2, seconds=i)
            batch = [
                Score(
                    candidate_id=cand,
                    epreuve_id=ep.id,
                    criterion_id=cr.id,
                    member_id=mid,
                    value=rng.randrange(0, 41) / 2,
                    at=at,
                )
                for cr in ep.criteria
            ]
            ms.append(timed(lambda b=batch, m=mid: store.save_scores(b, actor=m)))
        problems = store.journal.verify()
        ours = stats(ms)
        # what another terminal does after each of those saves: load() again (only the
        # changed bucket is read; the session is assembled from the parts already valid)
        store.load()
        reload_ms: list[float] = []
        for i in range(5):
            cand = rng.choice(session.candidates).id
            ep = rng.choice(epreuves)
            mid = rng.choice(member_ids)
            store.save_scores(
                [
                    Score(
                        candidate_id=cand,
                        epreuve_id=ep.id,
                        criterion_id=cr.id,
                        member_id=mid,
                        value=rng.randrange(0, 41) / 2,
                        at=T0 + dt.timedelta(hours=4, seconds=i),
                    )
                    for cr in ep.criteria
                ],
                actor=mid,
            )
            reload_ms.append(timed(store.load))

        # ---------------------------------------------------------------- plain TinyDB
        plain = work / "plain-tinydb.json"
        plain.write_bytes(
            orjson.dumps({"scores": {str(i): d for i, d in enumerate(docs, start=1)}})
        )
        db = TinyDB(plain)
        table = db.table("scores")
        q = Query()
        tms: list[float] = []
        for i in range(args.tinydb_saves):
            cand = rng.choice(session.candidates).id
            ep = rng.choice(epreuves)
            mid = rng.choice(member_ids)
            values = {cr.id: rng.randrange(0, 41) / 2 for cr in ep.criteria}
            at = (T0 + dt.timedelta(hours=3, seconds=i)).isoformat()

            def change(doc: dict, values: dict = values, at: str = at) -> None:
                doc["value"] = values[doc["criterion_id"]]
                doc["at"] = at

            cond = (q.candidate_id == cand) & (q.epreuve_id == ep.id) & (q.member_id == mid)
            tms.append(timed(lambda c=cond, f=change: table.update(f, c)))
        db.close()
        theirs = stats(tms)

        print()
        print(
            f"save one member's scores of one candidate for one épreuve ({args.criteria} criteria):"
        )
        print(f"  juryapp store   {ours}")
        print(f"  plain TinyDB    {theirs}   one file of {plain.stat().st_size / 1e6:.0f} MB")
        print(f"  journal after {args.saves} saves: {'intact' if not problems else problems}")
        print()
        print(
            f"load() of the whole session (validated): first {load_ms[0] / 1000:.2f} s; "
            f"again, nothing changed: {', '.join(f'{x / 1000:.3f} s' for x in load_ms[1:])}"
        )
        print(f"load() again after one save (another terminal's reload): {stats(reload_ms)}")
        print(
            f"open() with validation + first backup: {open_ms / 1000:.2f} s; again, no change: {open2_ms / 1000:.2f} s"
        )
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPU(s)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
