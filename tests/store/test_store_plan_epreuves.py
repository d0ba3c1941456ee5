"""The jury adds an optional oral test to one candidate (president or secretary)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from juryapp.domain.models import Criterion, Epreuve, EpreuveKind, Score
from juryapp.domain.permissions import PermissionDenied
from juryapp.store.errors import StoreError
from juryapp.store.session_store import SessionStore

ORAL = Epreuve(
    id="oral",
    name="Épreuve orale complémentaire",
    kind=EpreuveKind.OPTIONAL_ORAL,
    optional=True,
    criteria=[Criterion(id="fond", label="Fond")],
)


@pytest.fixture
def with_oral(store: SessionStore) -> SessionStore:
    store.set_epreuves([*store.load_epreuves(), ORAL], actor="sec")
    return store


def test_the_president_adds_the_optional_oral_to_one_candidate(with_oral: SessionStore) -> None:
    session = with_oral.load()
    cand = session.candidate("C002")
    assert cand is not None and "oral" not in [e.id for e in session.planned_epreuves(cand)]
    with_oral.plan_epreuves(
        "C002", ["entretien", "anglais", "oral"], actor="prez", reason="dossier atypique"
    )
    session = with_oral.load()
    assert [e.id for e in session.planned_epreuves(session.candidate("C002"))] == [
        "entretien",
        "anglais",
        "oral",
    ]
    # the others are untouched
    assert "oral" not in [e.id for e in session.planned_epreuves(session.candidate("C003"))]
    entry = with_oral.journal.history("candidate:C002")[-1]
    assert entry.action == "plan_epreuves" and entry.actor == "prez"
    assert entry.new["planned_epreuves"] == ["entretien", "anglais", "oral"]
    assert entry.new["reason"] == "dossier atypique"


def test_a_member_may_not_change_a_candidates_epreuves(with_oral: SessionStore) -> None:
    with pytest.raises(PermissionDenied, match="président"):
        with_oral.plan_epreuves("C002", ["entretien", "anglais", "oral"], actor="m1")
    cand = with_oral.load().candidate("C002")
    assert cand is not None and cand.planned_epreuves == []


def test_unknown_epreuve_or_candidate_is_named(with_oral: SessionStore) -> None:
    with pytest.raises(StoreError, match="épreuve inconnue : latin"):
        with_oral.plan_epreuves("C002", ["entretien", "latin"], actor="prez")
    with pytest.raises(StoreError, match="candidat inconnu : C999"):
        with_oral.plan_epreuves("C999", ["entretien"], actor="prez")
    with pytest.raises(StoreError, match="au moins une épreuve"):
        with_oral.plan_epreuves("C002", [], actor="prez")


def test_a_scored_epreuve_cannot_be_taken_off(
    with_oral: SessionStore, score: Callable[..., Score]
) -> None:
    with_oral.save_scores([score("C002", "m1", "niveau")], actor="m1")
    with pytest.raises(StoreError, match="déjà notée.*anglais"):
        with_oral.plan_epreuves("C002", ["entretien", "oral"], actor="prez")
    # adding is fine, and taking off an épreuve nobody scored too
    with_oral.plan_epreuves("C002", ["entretien", "anglais", "oral"], actor="sec")
    with_oral.plan_epreuves("C002", ["anglais", "oral"], actor="prez")
    cand = with_oral.load().candidate("C002")
    assert cand is not None and cand.planned_epreuves == ["anglais", "oral"]


def test_only_the_president_overrides_the_composition(store: SessionStore) -> None:
    """Stated in the procès-verbal: why the jury sat although its composition breaks a rule."""
    with pytest.raises(PermissionDenied, match="président"):
        store.override_composition("quorum atteint par visioconférence", actor="sec")
    info = store.load_info()
    with pytest.raises(PermissionDenied, match="président"):  # not through the set-up either
        store.update_info(
            info.model_copy(update={"composition_override": "par la bande"}), actor="sec"
        )
    store.override_composition("  quorum atteint par visioconférence ", actor="prez")
    assert store.load_info().composition_override == "quorum atteint par visioconférence"
    entry = store.journal.last()
    assert entry is not None and entry.action == "override_composition" and entry.actor == "prez"
