"""Reloading: the store reads again only the files that changed, and gives exactly what a
fresh read of the folder gives (every field, the scores in the same order)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from juryapp.domain.models import Candidate, Decision, DecisionStage, DecisionValue, Score, Track
from juryapp.store.session_store import SessionStore


def _fresh(path: Path) -> object:
    return SessionStore.open(path, backup=False).load()


def _same_as_fresh(store: SessionStore) -> None:
    loaded = store.load()
    fresh = _fresh(store.root)
    assert loaded == fresh
    assert [s.key for s in loaded.scores] == [s.key for s in fresh.scores]


def test_a_reload_after_each_kind_of_write_is_a_fresh_read(
    store: SessionStore, score: Callable[..., Score], at: Callable[[float], object]
) -> None:
    _same_as_fresh(store)
    # scores of two members in several buckets, then a draft, then an external source
    store.save_scores([score("C001", "m1"), score("C002", "m1", "forme", 1)], actor="m1")
    _same_as_fresh(store)
    store.save_scores([score("C003", "m2", "fond", 9)], actor="m2")
    _same_as_fresh(store)
    store.save_scores([score("C002", "m1", "fond", None, submitted=False)], actor="m1")
    _same_as_fresh(store)
    store.save_scores([score("C003", None, "niveau", 15)], actor="sec")
    _same_as_fresh(store)
    # a decision, a new dossier, the session's information
    store.record_decision(
        Decision(
            candidate_id="C003",
            stage=DecisionStage.DOSSIER_REVIEW,
            value=DecisionValue.STANDARD,
            decided_by="prez",
            at=at(30),
        ),
        actor="prez",
    )
    _same_as_fresh(store)
    store.upsert_candidates(
        [Candidate(id="C004", last_name="Nom4", first_name="Yann", track=Track.A1, ects=120)],
        actor="sec",
    )
    _same_as_fresh(store)
    info = store.load().info
    store.update_info(info.model_copy(update={"places": info.places + 1}), actor="sec")
    _same_as_fresh(store)
    # another terminal's store writes: this one sees it on its next load
    other = SessionStore.open(store.root, backup=False)
    other.save_scores([score("C004", "m2", "fond", 18)], actor="m2")
    _same_as_fresh(store)
    assert any(s.candidate_id == "C004" and s.value == 18 for s in store.load().scores)


def test_changing_a_loaded_session_does_not_change_the_next_one(
    store: SessionStore, score: Callable[..., Score]
) -> None:
    store.save_scores([score("C001", "m1")], actor="m1")
    first = store.load()
    first.scores.clear()
    first.candidates.pop()
    first.jury.clear()
    again = store.load()
    assert len(again.scores) == 1 and len(again.candidates) == 3 and again.jury
    assert again == _fresh(store.root)
