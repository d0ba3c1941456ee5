"""Contrat-pro S9 grading (seed 004 §5.2 and §6.1)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.aggregation import member_epreuve_mark
from juryapp.domain.contrat_pro import contrat_pro_result, procedure_mark, s9_mark
from juryapp.domain.kinds import CONTRAT_PRO_STEPS, default_epreuves
from juryapp.domain.models import ScoreStatus, SessionKind

K = SessionKind
A = ScoreStatus.ABSTAINED
STEP_MAX = {sid: levels[-1] for sid, _, levels in CONTRAT_PRO_STEPS}
TOTAL_MAX = sum(STEP_MAX.values())


def test_procedure_mark():
    assert procedure_mark([(1, 1), (1, 2), (0, 1)]) == 10
    assert procedure_mark([(2, 2), (1, 1)]) == 20
    assert procedure_mark([(0, 2), (0, 1)]) == 0


@pytest.mark.parametrize("steps", [[], [(3, 2)], [(-1, 1)], [(1, 0)]])
def test_procedure_mark_invalid(steps):
    with pytest.raises(ValueError):
        procedure_mark(steps)


def test_s9_mark():
    assert s9_mark(20, 10, 15) == pytest.approx(0.2 * 20 + 0.4 * 10 + 0.4 * 15)
    assert s9_mark(20, 20, 20) == pytest.approx(20)
    assert s9_mark(0, 0, 0) == 0


@pytest.mark.parametrize("bad", [(21, 10, 10), (10, -1, 10), (10, 10, float("nan"))])
def test_s9_mark_out_of_range_in_french(bad):
    with pytest.raises(ValueError, match="entre 0 et 20"):
        s9_mark(*bad)


@settings(max_examples=80, deadline=None)
@given(
    st.floats(0, 20, allow_nan=False),
    st.floats(0, 20, allow_nan=False),
    st.floats(0, 20, allow_nan=False),
)
def test_s9_mark_between_min_and_max_of_parts(p, r, t):
    mark = s9_mark(p, r, t)
    assert min(p, r, t) - 1e-9 <= mark <= max(p, r, t) + 1e-9


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_demarche_weights_make_member_mark_equal_procedure_mark(builder, data):
    """The default rubric's weights (= step maximum) make the weighted mean of the
    normalised steps equal to the seed's "sum scaled to /20"."""
    values = {sid: data.draw(st.sampled_from(levels)) for sid, _, levels in CONTRAT_PRO_STEPS}
    b = builder(K.CONTRAT_PRO).panel(2).candidate("e")
    for sid, v in values.items():
        b.score("p", "e", "demarche", sid, v)
    ep = default_epreuves(K.CONTRAT_PRO)[0]
    expected = procedure_mark((values[s], STEP_MAX[s]) for s in values)
    assert member_epreuve_mark(ep, b.build().scores) == pytest.approx(expected)
    assert expected == pytest.approx(sum(values.values()) / TOTAL_MAX * 20)


def _full(builder, step_value=lambda levels: levels[-1]):
    b = builder(K.CONTRAT_PRO).panel(2).candidate("e")
    for sid, _, levels in CONTRAT_PRO_STEPS:
        b.score("p", "e", "demarche", sid, step_value(levels))
    b.score_all("p", "e", "rapport", 14)
    b.score(None, "e", "tuteur", "note", 16, source="tuteur entreprise")
    return b


def test_contrat_pro_result(builder):
    r = contrat_pro_result(_full(builder).build(), "e")
    assert r.procedure == 20 and r.report == 14 and r.tutor == 16
    assert r.final == pytest.approx(0.2 * 20 + 0.4 * 14 + 0.4 * 16)
    assert r.missing == () and r.missing_steps == ()


def test_contrat_pro_partial_steps(builder):
    # every step at level 1: 11 points out of TOTAL_MAX
    r = contrat_pro_result(_full(builder, lambda levels: 1).build(), "e")
    assert r.procedure == pytest.approx(len(CONTRAT_PRO_STEPS) / TOTAL_MAX * 20)


def test_contrat_pro_step_not_applicable_leaves_sum_and_max(builder):
    b = _full(builder)
    b.score("p", "e", "demarche", "etape-3", None, status=A, minutes=5)  # sans objet
    b.score("p", "e", "demarche", "etape-1", 0, minutes=5)
    r = contrat_pro_result(b.build(), "e")
    expected = (
        (TOTAL_MAX - STEP_MAX["etape-3"] - STEP_MAX["etape-1"])
        / (TOTAL_MAX - STEP_MAX["etape-3"])
        * 20
    )
    assert r.procedure == pytest.approx(expected)


def test_contrat_pro_missing_parts(builder):
    b = builder(K.CONTRAT_PRO).panel(2).candidate("e")
    b.score("p", "e", "demarche", "etape-1", 2)
    b.score_all("p", "e", "rapport", 12)
    r = contrat_pro_result(b.build(), "e")
    assert r.procedure is None and "etape-2" in r.missing_steps and "etape-1" not in r.missing_steps
    assert r.report == 12 and r.tutor is None
    assert r.final is None and r.missing == ("demarche", "tuteur")


def test_contrat_pro_steps_scored_by_two_people_are_averaged(builder):
    b = _full(builder)
    for sid, _, levels in CONTRAT_PRO_STEPS:
        b.score("m1", "e", "demarche", sid, levels[0])
    r = contrat_pro_result(b.build(), "e")
    assert r.procedure == pytest.approx(10)


def test_contrat_pro_unknown_candidate(builder):
    with pytest.raises(ValueError):
        contrat_pro_result(builder(K.CONTRAT_PRO).build(), "x")
