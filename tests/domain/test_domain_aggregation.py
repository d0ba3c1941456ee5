"""From scores to marks, statistics and totals."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.aggregation import (
    candidate_result,
    epreuve_result,
    expected_scorers,
    latest_scores,
    member_epreuve_mark,
    normalize,
    stats,
)
from juryapp.domain.kinds import default_epreuves
from juryapp.domain.models import (
    Criterion,
    Epreuve,
    EpreuveKind,
    Presence,
    Quality,
    Role,
    ScoreStatus,
    SessionKind,
)

K = SessionKind
A = ScoreStatus.ABSTAINED
R = ScoreStatus.RECUSED

marks = st.floats(min_value=0, max_value=20, allow_nan=False, allow_infinity=False)


def simple_epreuve(id="oral", weights=(1.0, 1.0), weight=1.0, optional=False) -> Epreuve:
    return Epreuve(
        id=id,
        name=f"Épreuve {id}",
        kind=EpreuveKind.OPTIONAL_ORAL,
        optional=optional,
        weight=weight,
        criteria=[
            Criterion(id=f"c{i}", label=f"Critère {i}", weight=w) for i, w in enumerate(weights)
        ],
    )


# --------------------------------------------------------------------------- stats


def test_stats_basic():
    s = stats([14, 10, 12])
    assert s.n == 3 and s.values == (10, 12, 14)
    assert (s.mean, s.median, s.min, s.max, s.spread) == (12, 12, 10, 14, 4)
    assert s.stdev == pytest.approx(math.sqrt(8 / 3))
    assert not s.divergent  # spread == threshold is not divergent
    assert stats([14, 10, 12], threshold=3.9).divergent


def test_stats_population_stdev():
    assert stats([0, 20]).stdev == 10  # the sample stdev would be 14.14


def test_stats_empty():
    s = stats([], abstentions=2)
    assert s.n == 0 and s.values == ()
    assert s.mean is s.median is s.min is s.max is s.spread is s.stdev is None
    assert s.abstentions == 2 and not s.divergent


def test_stats_even_median():
    assert stats([10, 11, 15, 20]).median == 13


def test_stats_rejects_nan():
    with pytest.raises(ValueError):
        stats([1.0, float("nan")])


@settings(max_examples=80, deadline=None)
@given(st.lists(marks, min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_stats_input_order_never_changes_results(values, rnd):
    shuffled = list(values)
    rnd.shuffle(shuffled)
    assert stats(values) == stats(shuffled)


@settings(max_examples=80, deadline=None)
@given(st.lists(marks, min_size=1, max_size=12), st.integers(0, 5))
def test_adding_an_abstention_never_changes_the_mean(values, k):
    a, b = stats(values), stats(values, abstentions=k)
    assert a.mean == b.mean and a.median == b.median and a.n == b.n
    assert b.abstentions == k


@settings(max_examples=100, deadline=None)
@given(st.lists(marks, min_size=1, max_size=12))
def test_mean_between_min_and_max_and_spread_non_negative(values):
    s = stats(values)
    assert s.min <= s.mean <= s.max
    assert s.min <= s.median <= s.max
    assert s.spread >= 0 and s.stdev >= 0
    assert s.spread == s.max - s.min
    assert s.mean == pytest.approx(statistics.fmean(values))


@settings(max_examples=80, deadline=None)
@given(
    st.floats(min_value=5, max_value=15, allow_nan=False),
    st.lists(st.floats(min_value=0, max_value=5, allow_nan=False), max_size=6),
    st.booleans(),
)
def test_median_of_symmetric_data_is_the_centre(centre, offsets, with_centre):
    values = [centre - o for o in offsets] + [centre + o for o in offsets]
    if with_centre or not values:
        values.append(centre)
    s = stats(values)
    assert s.median == pytest.approx(centre, abs=1e-9)
    assert s.mean == pytest.approx(centre, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(marks, min_size=1, max_size=8), st.floats(min_value=0, max_value=20, allow_nan=False)
)
def test_divergent_iff_spread_above_threshold(values, threshold):
    s = stats(values, threshold=threshold)
    assert s.divergent == (max(values) - min(values) > threshold)


# --------------------------------------------------------------------------- normalisation


def test_normalize():
    levels = Criterion(id="l", label="Niveaux", levels=[0, 1, 2, 3, 4])
    assert normalize(levels, 3) == 15
    shifted = Criterion(id="s", label="Décalé", min=5, max=15)
    assert normalize(shifted, 10) == 10
    assert normalize(shifted, 5) == 0 and normalize(shifted, 15) == 20


# --------------------------------------------------------------------------- one member's mark


def test_member_mark_weighted_mean_of_normalised_values(builder):
    ep = {e.id: e for e in default_epreuves(K.ADMISSION_1A)}[
        "video"
    ]  # levels 0..4, weights 1,1,2,2,1
    s = (
        builder(K.ADMISSION_1A)
        .panel()
        .candidate("c")
        .score("m1", "c", "video", "parcours", 4)
        .score("m1", "c", "video", "apprentissage", 2)
        .score("m1", "c", "video", "metier", 3)
        .score("m1", "c", "video", "projet", 1)
        .score("m1", "c", "video", "expression", 0)
        .build()
    )
    # /20: 20, 10, 15, 5, 0 with weights 1, 1, 2, 2, 1 -> (20+10+30+10+0)/7
    assert member_epreuve_mark(ep, s.scores) == pytest.approx(70 / 7)


def test_member_mark_leaves_abstained_criteria_out_of_the_weights(builder):
    ep = simple_epreuve(weights=(1, 3))
    b = builder(K.ADMISSION_2A, epreuves=[ep]).panel().candidate("c")
    b.score("m1", "c", "oral", "c0", 12).score("m1", "c", "oral", "c1", None, status=A)
    assert member_epreuve_mark(ep, b.build().scores) == 12  # not (12*1 + 0*3)/4


def test_member_mark_none_when_nothing_scored(builder):
    ep = simple_epreuve()
    assert member_epreuve_mark(ep, []) is None
    b = builder(K.ADMISSION_2A, epreuves=[ep]).panel().candidate("c")
    b.score("m1", "c", "oral", "c0", None, status=A).score("m1", "c", "oral", "c1", None, status=R)
    assert member_epreuve_mark(ep, b.build().scores) is None


def test_member_mark_uses_the_latest_score_per_criterion(builder):
    ep = simple_epreuve(weights=(1,))
    b = builder(K.ADMISSION_2A, epreuves=[ep]).panel().candidate("c")
    b.score("m1", "c", "oral", "c0", 15, minutes=5).score("m1", "c", "oral", "c0", 8, minutes=1)
    scores = b.build().scores
    assert member_epreuve_mark(ep, scores) == 15
    assert member_epreuve_mark(ep, list(reversed(scores))) == 15


def test_member_mark_refuses_mixed_scorers(builder):
    ep = simple_epreuve()
    b = builder(K.ADMISSION_2A, epreuves=[ep]).panel().candidate("c")
    b.score("m1", "c", "oral", "c0", 15).score("m2", "c", "oral", "c0", 8)
    with pytest.raises(ValueError):
        member_epreuve_mark(ep, b.build().scores)


def test_latest_scores_ignores_drafts_and_keeps_latest(builder):
    ep = simple_epreuve(weights=(1,))
    b = builder(K.ADMISSION_2A, epreuves=[ep]).panel().candidate("c")
    b.score("m1", "c", "oral", "c0", 10, minutes=1)
    b.score("m1", "c", "oral", "c0", 11, minutes=2)
    b.score("m1", "c", "oral", "c0", 19, minutes=3, submitted=False)
    [latest] = latest_scores(b.build().scores)
    assert latest.value == 11


# --------------------------------------------------------------------------- épreuve result


@pytest.fixture
def oral_session(builder):
    ep = simple_epreuve(weights=(1, 1))
    return builder(K.ADMISSION_2A, epreuves=[ep]).panel(4).candidate("c")


def test_epreuve_result_across_members(oral_session):
    b = oral_session
    b.score_all("p", "c", "oral", 10).score_all("m1", "c", "oral", 12).score_all(
        "m2", "c", "oral", 17
    )
    r = epreuve_result(b.build(), "c", "oral")
    assert r.member_marks == {"m1": 12, "m2": 17, "p": 10}
    assert r.marks.mean == pytest.approx(13) and r.mark == pytest.approx(13)
    assert r.marks.median == 12
    assert r.criteria["c0"].values == (10, 12, 17)
    assert r.divergent and r.marks.divergent  # spread 7 > 4
    assert not r.complete and r.missing == ("m3",)


def test_epreuve_complete_when_every_expected_member_scored_or_abstained(oral_session):
    b = oral_session
    b.score_all("p", "c", "oral", 12).score_all("m1", "c", "oral", 13).score_all(
        "m2", "c", "oral", 12
    )
    b.score("m3", "c", "oral", "c0", None, status=A).score("m3", "c", "oral", "c1", None, status=A)
    r = epreuve_result(b.build(), "c", "oral")
    assert r.complete and r.missing == ()
    assert r.marks.n == 3 and r.marks.abstentions == 1
    assert r.criteria["c0"].abstentions == 1


def test_a_member_who_scored_only_some_criteria_is_missing(oral_session):
    b = oral_session
    for who in ("p", "m1", "m2"):
        b.score_all(who, "c", "oral", 12)
    b.score("m3", "c", "oral", "c0", 12)
    r = epreuve_result(b.build(), "c", "oral")
    assert not r.complete and r.missing == ("m3",)
    assert r.member_marks["m3"] == 12  # the partial mark still shows


def test_abstention_is_never_zero(oral_session):
    b = oral_session
    b.score_all("p", "c", "oral", 14).score_all("m1", "c", "oral", 16)
    before = epreuve_result(b.build(), "c", "oral")
    b.score("m2", "c", "oral", "c0", None, status=A).score("m2", "c", "oral", "c1", None, status=R)
    after = epreuve_result(b.build(), "c", "oral")
    assert before.marks.mean == after.marks.mean == 15
    assert after.marks.abstentions == 1 and before.marks.abstentions == 0


def test_absent_member_and_secretary_are_not_expected(builder):
    ep = simple_epreuve()
    b = builder(K.ADMISSION_2A, epreuves=[ep]).panel(2).member("abs", presence=Presence.ABSENT)
    b.candidate("c")
    s = b.build()
    assert expected_scorers(s, "c") == ["p", "m1"]
    b.score_all("p", "c", "oral", 10).score_all("m1", "c", "oral", 11)
    assert epreuve_result(b.build(), "c", "oral").complete


def test_hard_conflict_excludes_member_and_their_scores(oral_session):
    b = oral_session.conflict("m3", "c")
    for who in ("p", "m1", "m2"):
        b.score_all(who, "c", "oral", 12)
    b.score_all("m3", "c", "oral", 20)  # recorded before the conflict was declared
    r = epreuve_result(b.build(), "c", "oral")
    assert "m3" not in r.member_marks
    assert r.complete and r.marks.mean == 12


def test_soft_conflict_does_not_exclude(oral_session):
    b = oral_session.conflict("m3", "c", hard=False)
    for who in ("p", "m1", "m2", "m3"):
        b.score_all(who, "c", "oral", 12)
    r = epreuve_result(b.build(), "c", "oral")
    assert "m3" in r.member_marks and r.complete


def test_external_score_counts_as_one_more_scorer(builder):
    b = builder(K.ADMISSION_1A).panel(2).candidate("c", planned_epreuves=["video", "anglais"])
    b.score(None, "c", "anglais", "niveau", 13.75, source="plateforme anglais")
    r = epreuve_result(b.build(), "c", "anglais")
    assert r.member_marks == {"ext:plateforme anglais": 13.75}
    assert r.complete  # scored only by the platform, which covers the single criterion
    b.score("m1", "c", "anglais", "niveau", 12)
    r2 = epreuve_result(b.build(), "c", "anglais")
    assert r2.marks.n == 2 and r2.marks.mean == pytest.approx((13.75 + 12) / 2)
    assert not r2.complete  # now members score it: the president has not


def test_drafts_do_not_count(oral_session):
    b = oral_session.score_all("p", "c", "oral", 15, submitted=False)
    r = epreuve_result(b.build(), "c", "oral")
    assert r.member_marks == {} and r.marks.n == 0 and "p" in r.missing


def test_criterion_divergence_is_scaled_to_the_criterion_range(builder):
    ep = Epreuve(
        id="lv",
        name="Niveaux",
        kind=EpreuveKind.VAE_DEFENCE,
        criteria=[
            Criterion(id="a", label="A", levels=[0, 1, 2, 3]),
            Criterion(id="b", label="B", min=0, max=20),
        ],
    )
    b = builder(K.VAE_VALIDATION, epreuves=[ep]).panel(2).candidate("c")
    # levels 1 and 2: spread 1 level = 6.67/20 > 4 -> divergent; B: 10 vs 12 -> not
    b.score("p", "c", "lv", "a", 1).score("m1", "c", "lv", "a", 2)
    b.score("p", "c", "lv", "b", 10).score("m1", "c", "lv", "b", 12)
    r = epreuve_result(b.build(), "c", "lv")
    assert r.criteria["a"].divergent and not r.criteria["b"].divergent
    assert r.divergent


def test_unknown_epreuve_or_candidate(oral_session):
    s = oral_session.build()
    with pytest.raises(ValueError, match="épreuve inconnue"):
        epreuve_result(s, "c", "zzz")
    with pytest.raises(ValueError, match="candidat inconnu"):
        epreuve_result(s, "zzz", "oral")


# --------------------------------------------------------------------------- candidate result


def test_candidate_total_weighted_by_epreuve(builder):
    e1 = simple_epreuve("e1", weights=(1,), weight=1)
    e2 = simple_epreuve("e2", weights=(1,), weight=3)
    b = builder(K.ADMISSION_2A, epreuves=[e1, e2]).panel(2).candidate("c")
    b.score_all("p", "c", "e1", 8).score_all("m1", "c", "e1", 12)  # mean 10, median 10
    b.score_all("p", "c", "e2", 14).score_all("m1", "c", "e2", 18)  # mean 16
    r = candidate_result(b.build(), "c")
    assert r.total == pytest.approx((1 * 10 + 3 * 16) / 4)
    assert r.total_median == pytest.approx((1 * 10 + 3 * 16) / 4)
    assert r.complete and r.missing == () and not r.divergent


def test_candidate_total_median_differs_from_mean(builder):
    e1 = simple_epreuve("e1", weights=(1,))
    b = builder(K.ADMISSION_2A, epreuves=[e1]).panel(3).candidate("c")
    b.score_all("p", "c", "e1", 10).score_all("m1", "c", "e1", 11).score_all("m2", "c", "e1", 18)
    r = candidate_result(b.build(), "c")
    assert r.total == pytest.approx(13) and r.total_median == 11
    assert r.divergent


def test_candidate_missing_epreuve_is_left_out_of_the_weights(builder):
    e1 = simple_epreuve("e1", weights=(1,), weight=1)
    e2 = simple_epreuve("e2", weights=(1,), weight=2)
    b = builder(K.ADMISSION_2A, epreuves=[e1, e2]).panel(2).candidate("c")
    b.score_all("p", "c", "e1", 14)
    r = candidate_result(b.build(), "c")
    assert r.total == 14 and r.missing == ("e2",) and not r.complete


def test_candidate_planned_epreuves(builder):
    b = builder(K.ADMISSION_1A).panel(2)
    b.candidate("only-video").candidate("with-english", planned_epreuves=["video", "anglais"])
    s = b.build()
    assert list(candidate_result(s, "only-video").epreuves) == ["video"]
    assert list(candidate_result(s, "with-english").epreuves) == ["video", "anglais"]


def test_candidate_without_any_mark(builder):
    s = builder(K.ADMISSION_1A).panel(2).candidate("c").build()
    r = candidate_result(s, "c")
    assert r.total is None and r.total_median is None and r.missing == ("video",)


def test_candidate_result_unknown_candidate(builder):
    with pytest.raises(ValueError):
        candidate_result(builder(K.ADMISSION_1A).build(), "nobody")


# --------------------------------------------------------------------------- properties


score_rows = st.lists(
    st.tuples(
        st.sampled_from(["p", "m1", "m2", "m3"]),
        st.sampled_from(["c0", "c1"]),
        st.one_of(st.integers(0, 40).map(lambda x: x / 2), st.none()),  # None = abstention
        st.integers(0, 30),
    ),
    max_size=16,
)


def _build(builder, rows):
    ep = simple_epreuve(weights=(1, 2))
    b = builder(K.ADMISSION_2A, epreuves=[ep]).panel(4).candidate("c")
    for who, crit, value, minute in rows:
        if value is None:
            b.score(who, "c", "oral", crit, None, status=A, minutes=minute)
        else:
            b.score(who, "c", "oral", crit, value, minutes=minute)
    return b


@settings(max_examples=60, deadline=None)
@given(score_rows, st.randoms(use_true_random=False))
def test_score_order_never_changes_the_result(builder, rows, rnd):
    # distinct timestamps per key, so "latest" is well defined whatever the order
    unique: dict[tuple[str, str, int], tuple] = {}
    for r in rows:
        unique.setdefault((r[0], r[1], r[3]), r)
    rows = list(unique.values())
    b1 = _build(builder, rows)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    b2 = _build(builder, shuffled)
    r1 = epreuve_result(b1.build(), "c", "oral")
    r2 = epreuve_result(b2.build(), "c", "oral")
    assert r1 == r2
    assert candidate_result(b1.build(), "c") == candidate_result(b2.build(), "c")


@settings(max_examples=60, deadline=None)
@given(score_rows)
def test_an_extra_abstaining_member_never_changes_the_marks(builder, rows):
    b = _build(builder, rows)
    before = epreuve_result(b.build(), "c", "oral")
    b.member("late")
    b.score("late", "c", "oral", "c0", None, status=A, minutes=99)
    b.score("late", "c", "oral", "c1", None, status=A, minutes=99)
    after = epreuve_result(b.build(), "c", "oral")
    assert after.marks.mean == before.marks.mean
    assert after.marks.median == before.marks.median
    assert after.member_marks == before.member_marks
    assert after.marks.abstentions == before.marks.abstentions + 1


@settings(max_examples=60, deadline=None)
@given(score_rows)
def test_marks_stay_within_0_and_20(builder, rows):
    r = epreuve_result(_build(builder, rows).build(), "c", "oral")
    for mark in r.member_marks.values():
        assert 0 <= mark <= 20
    if r.marks.n:
        assert min(r.member_marks.values()) <= r.marks.mean <= max(r.member_marks.values())


def test_president_counts_as_expected_scorer(builder):
    s = (
        builder(K.ADMISSION_2A)
        .member("pres", role=Role.PRESIDENT)
        .member("x", Quality.INGENIEUR)
        .candidate("c")
        .build()
    )
    assert expected_scorers(s, "c") == ["pres", "x"]


def test_candidate_result_gives_each_epreuve_what_epreuve_result_gives(builder):
    """candidate_result reads a candidate's scores once for all the épreuves: the same
    results as epreuve_result épreuve by épreuve, with a conflict, a draft, a later
    version, an external score and a panel in play."""
    b = (
        builder(K.ADMISSION_1A)
        .panel(3)
        .candidate("c", planned_epreuves=["video", "entretien", "anglais"])
        .conflict("m3", "c")
    )
    b.score_all("p", "c", "video", 2)
    b.score_all("m1", "c", "video", 3)
    b.score_all("m3", "c", "video", 4)  # in conflict: not counted
    b.score_all("m1", "c", "entretien", 11)
    b.score_all("m1", "c", "entretien", 17)  # a later version
    b.score_all("p", "c", "entretien", 8, submitted=False)  # a draft
    b.score(None, "c", "anglais", "niveau", 13.5, source="plateforme anglais")
    b.score("m2", "c", "anglais", "niveau", 9)
    session = b.build()
    whole = candidate_result(session, "c")
    assert set(whole.epreuves) == {"video", "entretien", "anglais"}
    for epreuve_id, res in whole.epreuves.items():
        assert res == epreuve_result(session, "c", epreuve_id), epreuve_id
    assert "m3" not in whole.epreuves["video"].member_marks
    assert whole.epreuves["entretien"].member_marks == {"m1": pytest.approx(17)}
    assert whole.epreuves["anglais"].marks.n == 2
