"""SessionStore: the folder layout, reading back, every write (rights, checks, journal)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from tinydb import TinyDB

from juryapp.domain.models import (
    Candidate,
    Conflict,
    ConflictType,
    Criterion,
    Decision,
    DecisionStage,
    DecisionValue,
    JuryMember,
    Quality,
    Score,
    ScoreStatus,
    Session,
    SessionStatus,
    Track,
)
from juryapp.domain.permissions import PermissionDenied
from juryapp.store import SessionStore as Reexported
from juryapp.store.backup import regular_backups
from juryapp.store.errors import InvalidRecord, SessionExists, SessionNotFound, StoreError
from juryapp.store.migrations import CURRENT_VERSION
from juryapp.store.session_store import BUCKETS, SessionStore, bucket_of, bucket_rel
from juryapp.store.storage import AtomicJSONStorage


def _journal_tail(store: SessionStore, n: int = 1) -> list[dict]:
    return [e.to_dict() for e in store.journal.entries()[-n:]]


# --------------------------------------------------------------------------- create, open


def test_create_writes_the_documented_layout(
    tmp_path: Path, make_session: Callable[..., Session]
) -> None:
    session_path = tmp_path / "new.jury"
    SessionStore.create(session_path, make_session())
    names = {p.relative_to(session_path).as_posix() for p in session_path.rglob("*")}
    assert {
        "session.json",
        "candidates.json",
        "decisions.json",
        "scores",
        "journal.jsonl",
        "journal.head",
    } <= names
    assert ".journal.jsonl.lock" in names  # locks are hidden, next to their file
    assert not any(n.startswith("backups") for n in names)  # made by the first opening
    SessionStore.open(session_path)
    assert len(regular_backups(session_path)) == 1
    session = json.loads((session_path / "session.json").read_text(encoding="utf-8"))
    assert set(session) == {"meta", "info", "jury", "epreuves", "conflicts"}
    assert session["meta"]["1"]["schema_version"] == CURRENT_VERSION
    assert [d["id"] for d in session["jury"].values()] == ["prez", "m1", "m2", "sec"]
    with TinyDB(session_path / "candidates.json", storage=AtomicJSONStorage) as db:
        assert [d["id"] for d in db.table("candidates").all()] == ["C001", "C002", "C003"]
    assert Reexported is SessionStore
    first = json.loads((session_path / "journal.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert first["action"] == "create" and first["actor"] == "system"


def test_round_trip_of_a_whole_session(
    tmp_path: Path,
    make_session: Callable[..., Session],
    score: Callable[..., Score],
    at: Callable[[float], dt.datetime],
) -> None:
    session = make_session(5)
    session.scores = [
        score("C002", "m1", "fond", 14, minutes=1),
        score("C003", None, "niveau", 15.5, minutes=2),
        score(
            "C002", "m2", "forme", None, status=ScoreStatus.ABSTAINED, reason="absent", minutes=3
        ),
        score("C005", "m1", "forme", 2, minutes=4, comment="très clair"),
    ]
    session.decisions = [
        Decision(
            candidate_id="C002",
            stage=DecisionStage.DOSSIER_REVIEW,
            value=DecisionValue.STANDARD,
            decided_by="prez",
            at=at(5),
        )
    ]
    SessionStore.create(tmp_path / "s.jury", session)
    loaded = SessionStore.open(tmp_path / "s.jury").load()
    assert loaded.model_dump() == session.model_dump()  # same records, same order
    assert (tmp_path / "s.jury" / bucket_rel(None, "C003")).is_file()


def test_create_refuses_a_non_empty_folder_but_takes_an_empty_one(
    tmp_path: Path, make_session: Callable[..., Session]
) -> None:
    full = tmp_path / "full.jury"
    full.mkdir()
    (full / "notes.txt").write_text("x", encoding="utf-8")
    with pytest.raises(SessionExists, match="full.jury"):
        SessionStore.create(full, make_session())
    empty = tmp_path / "empty.jury"
    empty.mkdir()
    SessionStore.create(empty, make_session())
    assert (empty / "session.json").is_file()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp folder left


def test_open_says_what_is_missing(tmp_path: Path) -> None:
    with pytest.raises(SessionNotFound, match="nowhere.jury"):
        SessionStore.open(tmp_path / "nowhere.jury")
    (tmp_path / "plain").mkdir()
    with pytest.raises(SessionNotFound, match="session.json"):
        SessionStore.open(tmp_path / "plain")


def test_the_first_load_after_open_reuses_the_validated_session(store: SessionStore) -> None:
    first = store.load()
    assert store._preloaded is None
    second = store.load()
    assert first == second and first is not second


# --------------------------------------------------------------------------- set-up writes


def test_upsert_candidates_counts_and_journals_changed_fields(store: SessionStore) -> None:
    c2 = store.load().candidate("C002")
    assert c2 is not None
    changed = c2.model_copy(update={"ects": 180})
    new = Candidate(id="C010", last_name="Wróbel", first_name="Łukasz", track=Track.A1)
    assert store.upsert_candidates([changed, new], actor="sec") == (1, 1)
    entries = _journal_tail(store, 2)
    assert entries[0]["target"] == "candidate:C002"
    assert entries[0]["old"] == {"ects": 120} and entries[0]["new"] == {"ects": 180}
    assert entries[1]["target"] == "candidate:C010" and entries[1]["old"] is None
    assert store.upsert_candidates([changed, new], actor="sec") == (0, 0)  # nothing changes
    assert len(store.journal.entries()) == 3
    ids = [c.id for c in store.load().candidates]
    assert ids == ["C001", "C002", "C003", "C010"]


def test_setup_is_the_secretarys(store: SessionStore) -> None:
    with pytest.raises(PermissionDenied, match="secrétaire"):
        store.upsert_candidates([Candidate(id="C011", last_name="X", track=Track.A1)], actor="m1")
    with pytest.raises(PermissionDenied):
        store.upsert_candidates(
            [Candidate(id="C011", last_name="X", track=Track.A1)], actor="intrus"
        )
    assert store.load().candidate("C011") is None


def test_members_upsert_and_removal(store: SessionStore, score: Callable[..., Score]) -> None:
    m3 = JuryMember(id="m3", last_name="Çelik", first_name="Şükrü", quality=Quality.PROFESSIONNEL)
    m1 = store.load().member("m1")
    assert m1 is not None
    assert store.upsert_members(
        [m3, m1.model_copy(update={"email": "jd@example.fr"})], actor="sec"
    ) == (1, 1)
    with pytest.raises(StoreError, match="réservé"):
        store.upsert_members(
            [JuryMember(id="_external", last_name="X", quality=Quality.AUTRE)], actor="sec"
        )
    store.save_scores([score("C002", "m1")], actor="m1")
    with pytest.raises(StoreError, match="déjà saisi des notes"):
        store.remove_member("m1", actor="sec")
    store.remove_member("m2", actor="sec")  # their conflict with C001 goes too
    session = store.load()
    assert [m.id for m in session.jury] == ["prez", "m1", "sec", "m3"]
    assert session.conflicts == []
    assert _journal_tail(store)[0]["old"]["conflicts"][0]["candidate_id"] == "C001"


def test_update_info_but_not_the_status_through_it(store: SessionStore) -> None:
    info = store.load_info()
    store.update_info(info.model_copy(update={"place": "Alès"}), actor="sec")
    assert store.load_info().place == "Alès"
    assert _journal_tail(store)[0]["new"] == {"place": "Alès"}
    with pytest.raises(StoreError, match="état"):
        store.update_info(info.model_copy(update={"status": SessionStatus.CLOSED}), actor="sec")


def test_set_epreuves_refuses_to_drop_a_scored_criterion(
    store: SessionStore, score: Callable[..., Score]
) -> None:
    store.save_scores([score("C002", "m1", "forme", 1)], actor="m1")
    eps = store.load_epreuves()
    interview = eps[0]
    without_forme = interview.model_copy(update={"criteria": [interview.criteria[0]]})
    with pytest.raises(StoreError, match="critère forme"):
        store.set_epreuves([without_forme, eps[1]], actor="sec")
    longer = interview.model_copy(
        update={"criteria": [*interview.criteria, Criterion(id="projet", label="Projet")]}
    )
    store.set_epreuves([longer, eps[1]], actor="sec")
    assert [c.id for c in store.load_epreuves()[0].criteria] == ["fond", "forme", "projet"]
    with pytest.raises(StoreError, match="l'épreuve entretien"):
        store.set_epreuves([eps[1]], actor="sec")


def test_status_moves_forward_and_a_signed_session_is_read_only(
    store: SessionStore, score: Callable[..., Score]
) -> None:
    with pytest.raises(StoreError, match="ne peut qu'avancer"):
        store.set_status(SessionStatus.PREPARATION, actor="sec")
    with pytest.raises(PermissionDenied):
        store.set_status(SessionStatus.DELIBERATION, actor="m1")
    store.set_status(SessionStatus.DELIBERATION, actor="prez")
    store.set_status(SessionStatus.CLOSED, actor="prez")
    scores_file = store.root / "scores"
    before = {f.name: f.read_bytes() for f in scores_file.rglob("*") if f.is_file()}
    with pytest.raises(PermissionDenied, match="close"):
        store.save_scores([score("C002", "m1")], actor="m1")
    assert {f.name: f.read_bytes() for f in scores_file.rglob("*") if f.is_file()} == before
    store.set_status(SessionStatus.SIGNED, actor="prez")
    with pytest.raises(PermissionDenied, match="signé"):
        store.save_scores([score("C002", "m1")], actor="m1")
    with pytest.raises(PermissionDenied, match="signé"):
        store.upsert_candidates([Candidate(id="C011", last_name="X", track=Track.A1)], actor="sec")
    with pytest.raises(StoreError, match="motif"):
        store.set_status(SessionStatus.DELIBERATION, actor="prez")
    store.set_status(SessionStatus.DELIBERATION, actor="prez", reason="erreur de saisie sur C002")
    last = _journal_tail(store)[0]
    assert last["action"] == "reopen" and last["new"]["reason"] == "erreur de saisie sur C002"
    store.save_scores([score("C002", "m1")], actor="m1")


# --------------------------------------------------------------------------- scores


def test_save_scores_replaces_by_key_and_touches_one_bucket(
    store: SessionStore, score: Callable[..., Score]
) -> None:
    store.save_scores(
        [score("C002", "m1", "fond", 12), score("C002", "m1", "forme", 1)], actor="m1"
    )
    store.save_scores([score("C002", "m1", "fond", 15.5, minutes=2)], actor="m1")
    folder = store.root / "scores" / "m1"
    assert [p.name for p in folder.glob("*.json")] == [f"{bucket_of('C002'):02d}.json"]
    mine = store.load_scores("m1")
    assert [(s.criterion_id, s.value) for s in mine] == [("fond", 15.5), ("forme", 1.0)]
    last = _journal_tail(store)[0]
    assert last["target"] == "candidate:C002" and last["actor"] == "m1" and not last["on_behalf"]
    assert last["old"]["m1/entretien/fond"]["value"] == 12
    assert last["new"]["m1/entretien/fond"]["value"] == 15.5
    n = len(store.journal.entries())
    store.save_scores([score("C002", "m1", "fond", 15.5, minutes=2)], actor="m1")  # same: no entry
    assert len(store.journal.entries()) == n
    assert 0 <= bucket_of("C002") < BUCKETS and bucket_of("C002") == bucket_of("C002")


def test_scores_are_checked_against_the_session(
    store: SessionStore, score: Callable[..., Score]
) -> None:
    with pytest.raises(StoreError, match="n'est pas un multiple du pas 0,5"):
        store.save_scores([score("C002", "m1", "fond", 12.3)], actor="m1")
    with pytest.raises(StoreError, match="pas un niveau permis"):
        store.save_scores([score("C002", "m1", "forme", 1.5)], actor="m1")
    with pytest.raises(StoreError, match="hors barème"):
        store.save_scores([score("C002", "m1", "fond", 21)], actor="m1")
    with pytest.raises(StoreError, match="candidat inconnu : C999"):
        store.save_scores([score("C999", "m1")], actor="m1")
    with pytest.raises(StoreError, match="épreuve inconnue"):
        store.save_scores([score("C002", "m1", epreuve="oral")], actor="m1")
    with pytest.raises(StoreError, match="critère inconnu"):
        store.save_scores([score("C002", "m1", "clarte")], actor="m1")
    with pytest.raises(StoreError, match="un seul membre"):
        store.save_scores([score("C002", "m1"), score("C002", "m2")], actor="m1")
    assert store.load_scores() == []
    assert not (store.root / "scores" / "m1").exists() or not list(
        (store.root / "scores" / "m1").glob("*.json")
    )


def test_a_member_cannot_write_anothers_scores(
    store: SessionStore, score: Callable[..., Score]
) -> None:
    with pytest.raises(PermissionDenied, match="autre membre"):
        store.save_scores([score("C002", "m2")], actor="m1")
    with pytest.raises(PermissionDenied, match="autre membre"):
        store.save_scores([score("C002", "m2")], actor="sec")  # not on behalf
    store.save_scores([score("C002", "m2")], actor="sec", on_behalf=True)
    last = _journal_tail(store)[0]
    assert last["actor"] == "sec" and last["on_behalf"] is True
    assert not (store.root / "scores" / "m1").exists()  # a refused save creates nothing


def test_hard_conflicts_and_external_scores(
    store: SessionStore, score: Callable[..., Score]
) -> None:
    with pytest.raises(PermissionDenied, match="conflit d'intérêts"):
        store.save_scores([score("C001", "m2")], actor="m2")
    store.add_conflict(
        Conflict(member_id="m1", candidate_id="C003", type=ConflictType.COLLEAGUE), actor="sec"
    )
    with pytest.raises(PermissionDenied, match="conflit"):
        store.save_scores([score("C003", "m1")], actor="m1")
    store.remove_conflict("m1", "C003", actor="sec")
    store.save_scores([score("C003", "m1")], actor="m1")
    with pytest.raises(PermissionDenied, match="source externe"):
        store.save_scores([score("C002", None, "niveau", 14)], actor="m1")
    store.save_scores([score("C002", None, "niveau", 14)], actor="sec")
    assert [s.value for s in store.load_scores(None)] == [14]
    assert (store.root / bucket_rel(None, "C002")).is_file()
    assert [e.action for e in store.journal.history("candidate:C003")] == [
        "add_conflict",
        "remove_conflict",
        "save_scores",
    ]


def test_change_token_sees_another_terminals_write(
    session_path: Path, score: Callable[..., Score]
) -> None:
    mine, theirs = SessionStore.open(session_path), SessionStore.open(session_path)
    token = mine.change_token()
    assert mine.change_token() == token
    theirs.save_scores([score("C002", "m1")], actor="m1")
    assert mine.change_token() != token
    assert len(mine.load().scores) == 1


def test_scores_read_back_in_the_order_they_were_written(
    store: SessionStore, score: Callable[..., Score]
) -> None:
    order = ["C003", "C001", "C002"]
    for i, cid in enumerate(order):
        store.save_scores([score(cid, "m1", minutes=i)], actor="m1")
    store.save_scores([score("C002", None, "niveau", 10)], actor="sec")
    assert [(s.who, s.candidate_id) for s in store.load().scores] == [
        ("m1", "C003"),
        ("m1", "C001"),
        ("m1", "C002"),
        ("ext:plateforme d'anglais", "C002"),
    ]


# --------------------------------------------------------------------------- decisions


def test_a_closed_session_takes_no_decision_until_reopened_with_a_reason(
    store: SessionStore, at: Callable[[float], dt.datetime]
) -> None:
    """A decision recorded after the closing changed a PV prepared from the closed session;
    now it needs the session reopened, with a reason, journaled as a reopening: the next PV
    is n° 2 (members may have signed n° 1 already: the president signs last).  Neither the
    épreuves, the places nor the épreuves a candidate sat change while closed; the
    president's composition override still may (the PV's checklist asks for it then)."""
    from juryapp.minutes.content import pv_version

    decision = Decision(
        candidate_id="C002",
        stage=DecisionStage.AFTER_TESTS,
        value=DecisionValue.ADMISSIBLE,
        decided_by="prez",
        at=at(10),
    )
    store.set_status(SessionStatus.DELIBERATION, actor="prez")
    store.set_status(SessionStatus.CLOSED, actor="prez")
    decisions = (store.root / "decisions.json").read_bytes()
    with pytest.raises(PermissionDenied, match="close"):
        store.record_decision(decision, actor="prez")
    assert (store.root / "decisions.json").read_bytes() == decisions
    session_file = (store.root / "session.json").read_bytes()
    candidates_file = (store.root / "candidates.json").read_bytes()
    setup = store.load()
    with pytest.raises(PermissionDenied, match="close"):
        store.set_epreuves(setup.epreuves, actor="sec")
    with pytest.raises(PermissionDenied, match="close"):
        store.update_info(setup.info.model_copy(update={"places": 99}), actor="sec")
    cand = setup.candidates[0]
    with pytest.raises(PermissionDenied, match="close"):
        store.upsert_candidates(
            [cand.model_copy(update={"planned_epreuves": ["entretien"]})], actor="sec"
        )
    assert (store.root / "session.json").read_bytes() == session_file
    assert (store.root / "candidates.json").read_bytes() == candidates_file
    store.upsert_candidates([cand.model_copy(update={"email": "x@example.org"})], actor="sec")
    store.override_composition("jury réuni en urgence", actor="prez")
    assert store.load().info.composition_override == "jury réuni en urgence"
    with pytest.raises(StoreError, match="motif"):
        store.set_status(SessionStatus.DELIBERATION, actor="prez")
    with pytest.raises(PermissionDenied):
        store.set_status(SessionStatus.DELIBERATION, actor="m1", reason="erreur")
    store.set_status(SessionStatus.DELIBERATION, actor="prez", reason="décision de C002 oubliée")
    last = _journal_tail(store)[0]
    assert last["action"] == "reopen" and last["new"]["reason"].endswith("oubliée")
    assert pv_version(store.journal.history("session")).number == 2
    store.record_decision(decision, actor="prez")
    assert store.load().latest_decision("C002", DecisionStage.AFTER_TESTS) is not None


def test_decisions_keep_their_history(
    store: SessionStore, at: Callable[[float], dt.datetime]
) -> None:
    first = Decision(
        candidate_id="C002",
        stage=DecisionStage.AFTER_TESTS,
        value=DecisionValue.NON_ADMISSIBLE,
        reason="anglais insuffisant",
        decided_by="prez",
        at=at(10),
    )
    second = first.model_copy(
        update={"value": DecisionValue.ADMISSIBLE, "at": at(20), "reason": "relecture"}
    )
    store.record_decision(first, actor="prez")
    store.record_decision(second, actor="sec")  # transcribed by the secretary
    session = store.load()
    assert [d.value for d in session.decisions] == [
        DecisionValue.NON_ADMISSIBLE,
        DecisionValue.ADMISSIBLE,
    ]
    latest = session.latest_decision("C002")
    assert (
        latest is not None
        and latest.value is DecisionValue.ADMISSIBLE
        and latest.recorded_by == "sec"
    )
    last = _journal_tail(store)[0]
    assert last["on_behalf"] is True and last["old"]["value"] == "non-admissible"
    with pytest.raises(PermissionDenied, match="président"):
        store.record_decision(first.model_copy(update={"decided_by": "m1"}), actor="m1")
    with pytest.raises(StoreError, match="candidat inconnu"):
        store.record_decision(first.model_copy(update={"candidate_id": "C999"}), actor="prez")


# --------------------------------------------------------------------------- sheets


def test_merge_newest_wins_and_reports_clashes(
    tmp_path: Path, session_path: Path, score: Callable[..., Score]
) -> None:
    here = SessionStore.open(session_path)
    here.save_scores(
        [score("C002", "m1", "fond", 10, minutes=5), score("C003", "m1", "fond", 8, minutes=5)],
        actor="m1",
    )
    laptop_path = tmp_path / "laptop.jury"
    shutil.copytree(session_path, laptop_path)
    laptop = SessionStore.open(laptop_path)
    laptop.save_scores(
        [
            score("C002", "m1", "fond", 16, minutes=30),  # newer: wins
            score("C003", "m1", "fond", 14, minutes=1),  # older: ours is kept
            score("C002", "m1", "forme", 2, minutes=30),  # new
        ],
        actor="m1",
    )
    here.save_scores([score("C003", "m1", "forme", 1, minutes=40)], actor="m1")  # only here
    sheet = laptop.export_sheet("m1", tmp_path / "out" / "m1.json")
    meta = json.loads(sheet.read_text(encoding="utf-8"))["meta"]["1"]
    assert meta["session_id"] == "test-2026" and meta["member_id"] == "m1" and meta["exported_at"]

    report = here.merge_sheets([sheet], actor="sec")
    assert (report.added, report.updated, report.kept) == (1, 1, 1)
    assert len(report.clashes) == 2
    assert any(
        "C002" in c and "10 ici" in c and "16 dans m1.json" in c and "retenue : 16" in c
        for c in report.clashes
    )
    assert any("C003" in c and "retenue : 8" in c for c in report.clashes)
    assert str(report).startswith(
        "Fusion de 1 feuille : 1 note ajoutée, 1 mise à jour, 1 conservée ; 2 désaccords"
    )
    values = {(s.candidate_id, s.criterion_id): s.value for s in here.load_scores("m1")}
    assert values == {
        ("C002", "fond"): 16,
        ("C003", "fond"): 8,
        ("C002", "forme"): 2,
        ("C003", "forme"): 1,
    }
    last = _journal_tail(here)[0]
    assert last["action"] == "merge_sheets" and last["actor"] == "sec" and last["on_behalf"] is True

    # the same again from the laptop's scores/m1 folder: nothing left to do
    again = here.merge_sheets([laptop_path / "scores" / "m1"], actor="m1")
    assert (again.added, again.updated) == (0, 0)
    with pytest.raises(StoreError, match="dossier de session entier"):
        here.merge_sheets([laptop_path], actor="sec")


def test_merge_refuses_a_sheet_of_another_session(
    tmp_path: Path,
    store: SessionStore,
    make_session: Callable[..., Session],
    score: Callable[..., Score],
) -> None:
    other = make_session()
    other.info = other.info.model_copy(update={"id": "autre-2026"})
    other_store = SessionStore.create(tmp_path / "other.jury", other)
    other_store.save_scores([score("C002", "m1")], actor="m1")
    sheet = other_store.export_sheet("m1", tmp_path / "m1.json")
    with pytest.raises(StoreError, match="autre session"):
        store.merge_sheets([sheet], actor="sec")
    with pytest.raises(PermissionDenied):
        SessionStore.open(tmp_path / "other.jury").merge_sheets([sheet], actor="m2")
    assert store.load_scores() == []


def test_merge_checks_every_score_before_writing(
    tmp_path: Path, store: SessionStore, score: Callable[..., Score]
) -> None:
    sheet = tmp_path / "m1.json"
    good = score("C002", "m1").model_dump(mode="json")
    bad = {**good, "candidate_id": "C003", "value": "beaucoup"}
    sheet.write_text(
        json.dumps(
            {
                "meta": {"1": {"session_id": "test-2026", "member_id": "m1"}},
                "scores": {"1": good, "2": bad},
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(InvalidRecord) as info:
        store.merge_sheets([sheet], actor="m1")
    assert (
        "m1.json" in str(info.value)
        and "note n° 2" in str(info.value)
        and "value" in str(info.value)
    )
    assert store.load_scores() == []


def test_export_sheet_of_a_stranger_is_refused(store: SessionStore, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="intrus"):
        store.export_sheet("intrus", tmp_path / "x.json")


def test_at_is_timezone_tolerant_when_merging(
    tmp_path: Path, store: SessionStore, score: Callable[..., Score]
) -> None:
    naive = score("C002", "m1", "fond", 18).model_copy(
        update={"at": dt.datetime(2026, 4, 14, 12, 0)}
    )
    store.save_scores([score("C002", "m1", "fond", 10, minutes=0)], actor="m1")
    sheet = tmp_path / "m1.json"
    sheet.write_text(
        json.dumps(
            {
                "meta": {"1": {"session_id": "test-2026", "member_id": "m1"}},
                "scores": {"1": naive.model_dump(mode="json")},
            }
        ),
        encoding="utf-8",
    )
    report = store.merge_sheets([sheet], actor="m1")
    assert report.updated == 1
