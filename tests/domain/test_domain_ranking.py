"""Ranking of admissible candidates, tie-break and main / complementary lists."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.models import DecisionStage, DecisionValue, SessionKind
from juryapp.domain.ranking import (
    EXCELLENCE_TIE_BREAK,
    RankedEntry,
    RankInput,
    build_lists,
    rank,
    rank_candidates,
)

D = DecisionValue
S = DecisionStage
K = SessionKind


def ri(cid, total=None, median=None, interview=None, last="", first=""):
    return RankInput(cid, total, median, interview, last or cid, first)


# --------------------------------------------------------------------------- rank()


def test_higher_total_first():
    out = rank([ri("a", 11), ri("b", 15), ri("c", 13)])
    assert [e.candidate_id for e in out] == ["b", "c", "a"]
    assert [e.rank for e in out] == [1, 2, 3]
    assert not any(e.tied for e in out) and all(e.tie_break == "" for e in out)


def test_tie_broken_by_median():
    out = rank([ri("a", 14, 13), ri("b", 14, 15)])
    assert [e.candidate_id for e in out] == ["b", "a"]
    assert all(e.tied for e in out)
    assert all(e.tie_break == "total fondé sur les médianes" for e in out)


def test_tie_broken_by_interview_then_name_then_id():
    out = rank(
        [
            ri("x", 12, 12, 10, "Martin", "Zoé"),
            ri("y", 12, 12, 14, "Martin", "Zoé"),
            ri("z", 12, 12, 10, "Émile", "Anne"),
            ri("w", 12, 12, 10, "émile", "Anne"),
        ]
    )
    assert [e.candidate_id for e in out] == ["y", "w", "z", "x"]
    assert out[0].tie_break == "note d'entretien de motivation"
    assert out[1].tie_break == "note d'entretien de motivation"  # vs y above
    assert out[2].tie_break == "identifiant"  # same name, case and accents ignored
    assert out[3].tie_break == "ordre alphabétique (nom, prénom)"


def test_alphabetical_ignores_accents_and_case():
    out = rank([ri("1", 10, last="Zola"), ri("2", 10, last="élie"), ri("3", 10, last="Dupont")])
    assert [e.candidate_id for e in out] == ["3", "2", "1"]


def test_missing_total_ranks_last():
    out = rank([ri("none"), ri("low", 2)])
    assert [e.candidate_id for e in out] == ["low", "none"]


def test_totals_compared_rounded():
    out = rank([ri("a", 12.0000000001, 10), ri("b", 12.0, 11)])
    assert all(e.tied for e in out)
    assert out[0].candidate_id == "b"


def test_duplicate_ids_refused():
    with pytest.raises(ValueError):
        rank([ri("a", 1), ri("a", 2)])


inputs = st.lists(
    st.builds(
        RankInput,
        candidate_id=st.text("abcdef", min_size=1, max_size=3),
        total=st.one_of(st.none(), st.integers(0, 8).map(float)),
        total_median=st.one_of(st.none(), st.integers(0, 4).map(float)),
        interview=st.one_of(st.none(), st.integers(0, 3).map(float)),
        last_name=st.sampled_from(["Durand", "durand", "Éric", "Eric", "Abel"]),
        first_name=st.sampled_from(["", "Léa", "lea"]),
    ),
    max_size=12,
    unique_by=lambda r: r.candidate_id,
)


@settings(max_examples=100, deadline=None)
@given(inputs, st.randoms(use_true_random=False))
def test_rank_is_permutation_invariant(items, rnd):
    shuffled = list(items)
    rnd.shuffle(shuffled)
    assert rank(items) == rank(shuffled)


@settings(max_examples=100, deadline=None)
@given(inputs)
def test_rank_properties(items):
    out = rank(items)
    assert [e.rank for e in out] == list(range(1, len(items) + 1))
    assert sorted(e.candidate_id for e in out) == sorted(i.candidate_id for i in items)
    by_id = {i.candidate_id: i for i in items}
    for a in out:
        for b in out:
            ta, tb = by_id[a.candidate_id].total, by_id[b.candidate_id].total
            if ta is not None and (tb is None or ta > tb):
                # a higher total never ranks below a lower (or missing) total
                assert a.rank < b.rank
    # tied iff another entry has the same total
    totals = [by_id[e.candidate_id].total for e in out]
    for e, t in zip(out, totals, strict=True):
        assert e.tied == (totals.count(t) > 1)
        assert (e.tie_break != "") == e.tied


@settings(max_examples=60, deadline=None)
@given(inputs)
def test_rank_is_a_total_order(items):
    """Ranking any two candidates alone gives the same relative order as the full ranking."""
    full = {e.candidate_id: e.rank for e in rank(items)}
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            pair = [e.candidate_id for e in rank([a, b])]
            assert full[pair[0]] < full[pair[1]], (a, b)


# --------------------------------------------------------------------------- build_lists


def entries(n: int) -> list[RankedEntry]:
    return [RankedEntry(f"c{i}", i + 1, 20.0 - i) for i in range(n)]


def test_build_lists():
    out = build_lists(entries(5), 3)
    assert [e.list_name for e in out] == ["principale"] * 3 + ["complementaire"] * 2
    assert [e.rank for e in out] == [1, 2, 3, 4, 5]


def test_build_lists_negative_places():
    with pytest.raises(ValueError):
        build_lists(entries(2), -1)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 15), st.integers(0, 20), st.randoms(use_true_random=False))
def test_build_lists_properties(n, places, rnd):
    ranked = entries(n)
    rnd.shuffle(ranked)
    out = build_lists(ranked, places)
    main = [e for e in out if e.list_name == "principale"]
    comp = [e for e in out if e.list_name == "complementaire"]
    assert len(main) <= places
    assert len(main) == min(places, n)
    # every admissible in exactly one list
    assert sorted(e.candidate_id for e in main + comp) == sorted(e.candidate_id for e in ranked)
    assert len(main) + len(comp) == n
    if main and comp:
        assert max(e.rank for e in main) < min(e.rank for e in comp)


# --------------------------------------------------------------------------- sessions


def _session(builder):
    b = builder(K.ADMISSION_1A, places=2).panel(2)
    for cid, last in [
        ("exc-b", "Bernard"),
        ("exc-a", "Arnaud"),
        ("t1", "Tessier"),
        ("t2", "Simon"),
        ("t3", "Roux"),
        ("rej", "Petit"),
        ("non", "Noël"),
        ("wait", "Vidal"),
    ]:
        b.candidate(cid, last_name=last, diploma="DUT Informatique", ects=120)
    b.decision("exc-b", S.DOSSIER_REVIEW, D.EXCELLENCE)
    b.decision("exc-a", S.DOSSIER_REVIEW, D.EXCELLENCE)
    b.decision("rej", S.DOSSIER_REVIEW, D.REJET)
    for cid in ("t1", "t2", "t3", "non", "wait"):
        b.decision(cid, S.DOSSIER_REVIEW, D.STANDARD)
    for cid in ("t1", "t2", "t3"):
        b.decision(cid, S.AFTER_TESTS, D.ADMISSIBLE, minutes=10)
    b.decision("non", S.AFTER_TESTS, D.NON_ADMISSIBLE, minutes=10)
    # video marks (levels 0..4): t1 3 -> 15/20, t2 4 -> 20/20, t3 2 -> 10/20
    for cid, level in (("t1", 3), ("t2", 4), ("t3", 2), ("non", 0)):
        b.score_all("p", cid, "video", level).score_all("m1", cid, "video", level)
    return b


def test_rank_candidates(builder):
    out = rank_candidates(_session(builder).build())
    assert [e.candidate_id for e in out] == ["exc-a", "exc-b", "t2", "t1", "t3"]
    assert [e.rank for e in out] == [1, 2, 3, 4, 5]
    assert out[0].tie_break == EXCELLENCE_TIE_BREAK and out[0].total is None
    assert out[2].total == pytest.approx(20)
    lists = build_lists(out, 2)
    assert [e.list_name for e in lists] == ["principale"] * 2 + ["complementaire"] * 3


def test_rank_candidates_uses_latest_after_tests_decision(builder):
    b = _session(builder)
    b.decision("t1", S.AFTER_TESTS, D.NON_ADMISSIBLE, minutes=20)  # reversed later
    b.decision("non", S.AFTER_TESTS, D.ADMISSIBLE, minutes=20)
    ids = [e.candidate_id for e in rank_candidates(b.build())]
    assert "t1" not in ids and "non" in ids and ids[-1] == "non"


def test_rank_candidates_tie_broken_by_interview(builder):
    b = builder(K.ADMISSION_1A).panel(2)
    for cid in ("a", "b"):
        b.candidate(cid, planned_epreuves=["video", "entretien"])
        b.decision(cid, S.DOSSIER_REVIEW, D.STANDARD).decision(
            cid, S.AFTER_TESTS, D.ADMISSIBLE, minutes=5
        )
    # same weighted total 14, interview better for b (weight 2 of video 1):
    # a: video 2 (10/20), entretien 16 -> (10 + 32)/3 = 14
    # b: video 4 (20/20), entretien 11 -> (20 + 22)/3 = 14
    b.score_all("p", "a", "video", 2).score_all("p", "a", "entretien", 16)
    b.score_all("p", "b", "video", 4).score_all("p", "b", "entretien", 11)
    out = rank_candidates(b.build())
    assert [e.candidate_id for e in out] == ["a", "b"]
    assert all(e.tied for e in out)
    assert out[0].tie_break == "note d'entretien de motivation"


def test_rank_candidates_only_for_admission(builder):
    with pytest.raises(ValueError):
        rank_candidates(builder(K.VAE_VALIDATION).build())
