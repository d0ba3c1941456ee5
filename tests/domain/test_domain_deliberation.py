"""What the deliberation screen shows: entries, score sheet, summary, ranking, decision checks."""

from __future__ import annotations

import datetime as dt

import pytest

from juryapp.cli import DEMO_SESSION, bundled_sample
from juryapp.domain.aggregation import candidate_result
from juryapp.domain.deliberation import (
    ABSTAINED,
    EXCLUDED,
    MISSING,
    NOT_EXPECTED,
    RECUSED,
    ResultCache,
    candidate_sheet,
    decision_problems,
    deliberation_stage,
    deliberation_view,
    favourable_value,
    fmt_number,
    fmt_total,
    limit_label,
    make_decision,
    rank_admissibles,
    tie_break_rule,
    under_deliberation,
    unfavourable_value,
)
from juryapp.domain.models import (
    DecisionStage,
    DecisionValue,
    Score,
    ScoreStatus,
    SessionKind,
)
from juryapp.domain.ranking import TIE_BREAK_LABELS, build_lists, rank_candidates
from juryapp.store.session_store import SessionStore

D = DecisionValue
S = DecisionStage
K = SessionKind


def _admission(builder, places: int = 40):  # type: ignore[no-untyped-def]
    """p, m1, m2 score the video of a, b, c (b diverges); m2 has a hard conflict with c."""
    b = builder(K.ADMISSION_1A, places=places, threshold=4.0).panel(3)
    for cid in ("a", "b", "c", "x", "r"):
        b.candidate(cid, last_name=cid.upper(), planned_epreuves=["video"])
    for cid in ("a", "b", "c"):
        b.decision(cid, S.DOSSIER_REVIEW, D.STANDARD)
    b.decision("x", S.DOSSIER_REVIEW, D.EXCELLENCE)
    b.decision("r", S.DOSSIER_REVIEW, D.REJET)
    b.score_all("p", "a", "video", 3).score_all("m1", "a", "video", 3)
    b.score_all("m2", "a", "video", 3)
    b.score_all("p", "b", "video", 4).score_all("m1", "b", "video", 0)
    b.score_all("m2", "b", "video", 2)
    b.score_all("p", "c", "video", 3).score_all("m1", "c", "video", 3)
    b.conflict("m2", "c", hard=True)
    return b


# --------------------------------------------------------------------------- formats


def test_numbers_the_french_way() -> None:
    assert fmt_number(12.5) == "12,5"
    assert fmt_number(3.0) == "3"
    assert fmt_number(2 / 3) == "0,67"
    assert fmt_number(None) == ""
    assert fmt_number(-0.0001) == "0"
    assert fmt_total(12.5) == "12,50"
    assert fmt_total(None) == ""


def test_stage_and_values_per_kind() -> None:
    assert deliberation_stage(K.ADMISSION_1A) is S.AFTER_TESTS
    assert deliberation_stage(K.ADMISSION_2A) is S.AFTER_TESTS
    assert deliberation_stage(K.VAE_RECEVABILITE) is S.DOSSIER_REVIEW
    assert deliberation_stage(K.VAE_VALIDATION) is S.VAE
    assert deliberation_stage(K.CQPM) is S.VAE
    assert deliberation_stage(K.CONTRAT_PRO) is S.CONTRAT_PRO
    assert (favourable_value(K.ADMISSION_1A), unfavourable_value(K.ADMISSION_1A)) == (
        D.ADMISSIBLE,
        D.NON_ADMISSIBLE,
    )
    assert (favourable_value(K.VAE_VALIDATION), unfavourable_value(K.VAE_VALIDATION)) == (
        D.TOTALE,
        D.REFUS,
    )
    assert (favourable_value(K.CONTRAT_PRO), unfavourable_value(K.CONTRAT_PRO)) == (
        D.VALIDE,
        D.NON_VALIDE,
    )


# --------------------------------------------------------------------------- entries


def test_only_candidates_who_sat_tests_are_under_deliberation(builder) -> None:  # type: ignore[no-untyped-def]
    session = _admission(builder).build()
    assert [c.id for c in under_deliberation(session)] == ["a", "b", "c"]


def test_every_candidate_of_a_vae_or_contrat_pro_session(builder) -> None:  # type: ignore[no-untyped-def]
    for kind in (K.VAE_VALIDATION, K.CONTRAT_PRO):
        session = builder(kind).panel(3).candidate("v1").candidate("v2").build()
        assert [c.id for c in under_deliberation(session)] == ["v1", "v2"]


def test_entries_totals_flags_and_decisions(builder) -> None:  # type: ignore[no-untyped-def]
    b = _admission(builder)
    b.decision("a", S.AFTER_TESTS, D.ADMISSIBLE)
    session = b.build()
    view = deliberation_view(session)
    assert view is not None
    by_id = {e.candidate_id: e for e in view.entries}
    assert [e.candidate_id for e in view.entries] == ["a", "b", "c"]  # alphabetical
    for cid, e in by_id.items():
        res = candidate_result(session, cid)
        assert e.total == res.total and e.total_median == res.total_median
        assert e.divergent == res.divergent
    assert by_id["b"].divergent and not by_id["a"].divergent
    assert by_id["a"].decision is D.ADMISSIBLE and by_id["a"].decision_label == "Admissible"
    assert by_id["b"].decision is None
    assert by_id["a"].is_complete and by_id["c"].is_complete  # m2 does not sit for c


def test_summary_counts_admissibles_against_places(builder) -> None:  # type: ignore[no-untyped-def]
    b = _admission(builder, places=2)
    b.decision("a", S.AFTER_TESTS, D.ADMISSIBLE).decision("b", S.AFTER_TESTS, D.ADMISSIBLE)
    view = deliberation_view(b.build())
    assert view is not None
    s = view.summary
    assert (s.admissibles, s.places, s.complementary) == (3, 2, 1)  # x (excellence), a, b
    assert s.excellence == 1  # x: admissible on its dossier, no decision after the tests
    assert (s.decided, s.undecided, s.divergent) == (2, 1, 1)
    text = s.text()
    assert text.startswith(
        "3 admissibles (dont 1 par excellence) pour 2 places (1 en liste complémentaire)"
    )
    # the deliberation's own decisions, said to be the after-tests ones (the excellence is
    # admissible without one: « 3 admissibles … 2 décidés » seemed to disagree)
    assert "· après les épreuves : 2 décidés, 1 à décider ·" in text
    assert "1 ⚠ écart de notes" in text


def test_summary_of_a_vae_session_counts_each_decision(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.VAE_VALIDATION, blocs=("b1", "b2")).panel(3).candidate("v1").candidate("v2")
    b.decision("v1", S.VAE, D.TOTALE)
    view = deliberation_view(b.build())
    assert view is not None and view.ranked == []
    text = view.summary.text()
    assert "Validation totale : 1" in text and "Pas de validation : 0" in text
    assert "admissible" not in text


def test_should_stop_abandons_the_computation(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.ADMISSION_1A).panel(3)
    for i in range(150):
        b.candidate(f"c{i:03}", planned_epreuves=["video"])
        b.decision(f"c{i:03}", S.DOSSIER_REVIEW, D.STANDARD)
    assert deliberation_view(b.build(), should_stop=lambda: True) is None


def test_result_cache_reuses_unchanged_candidates(builder) -> None:  # type: ignore[no-untyped-def]
    b = _admission(builder)
    session = b.build()
    cache = ResultCache()
    deliberation_view(session, cache)
    before = {cid: r for cid, (_k, r) in cache.results.items()}
    # another member saves one score for b: only b is computed again
    extra = Score(
        candidate_id="b",
        epreuve_id="video",
        criterion_id="parcours",
        member_id="m2",
        value=4,
        at=dt.datetime(2025, 4, 2, 9, 0),
    )
    newer = session.model_copy(update={"scores": [*session.scores, extra]})
    view = deliberation_view(newer, cache)
    assert view is not None
    assert cache.results["a"][1] is before["a"]
    assert cache.results["b"][1] is not before["b"]
    assert cache.results["b"][1] == candidate_result(newer, "b")


# --------------------------------------------------------------------------- ranking


def test_rank_admissibles_is_rank_candidates(builder) -> None:  # type: ignore[no-untyped-def]
    b = _admission(builder)
    b.decision("a", S.AFTER_TESTS, D.ADMISSIBLE).decision("b", S.AFTER_TESTS, D.ADMISSIBLE)
    b.decision("c", S.AFTER_TESTS, D.ADMISSIBLE)
    session = b.build()
    assert rank_admissibles(session) == rank_candidates(session)
    results = {cid: candidate_result(session, cid) for cid in ("a", "b", "c")}
    assert rank_admissibles(session, results) == rank_candidates(session)
    assert rank_admissibles(session, cache=ResultCache()) == rank_candidates(session)


def test_rank_admissibles_on_the_demo_session() -> None:
    session = SessionStore.open(bundled_sample(DEMO_SESSION), backup=False).load()
    view = deliberation_view(session)
    assert view is not None
    assert view.ranked == build_lists(rank_candidates(session), session.info.places)


def test_rank_admissibles_refuses_other_kinds(builder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        rank_admissibles(builder(K.CONTRAT_PRO).panel(2).build())


def test_tie_break_rule_and_limit_line() -> None:
    rule = tie_break_rule()
    for label in TIE_BREAK_LABELS:
        assert label in rule
    assert "excellence académique" in rule
    assert limit_label(40) == "— limite des 40 places —"
    assert limit_label(1) == "— limite d'une place —"


# --------------------------------------------------------------------------- sheet


def test_sheet_shows_every_scorer_side_by_side(builder) -> None:  # type: ignore[no-untyped-def]
    session = _admission(builder).build()
    sheet = candidate_sheet(session, "b")
    (ep,) = sheet.epreuves
    assert [s.who for s in ep.scorers] == ["p", "m1", "m2"]
    crit = session.epreuve("video").criteria[0]
    assert ep.cell("p", crit.label) == "4"
    assert ep.cell("m1", crit.label) == "0"  # a real 0, not an abstention
    assert ep.cell("m2", crit.label) == "2"
    row = next(r for r in ep.rows if r.label == crit.label)
    assert row.stats.spread == 4 and row.divergent
    mark = ep.rows[-1]
    assert mark.is_mark and mark.label == "Note /20"
    assert mark.cells == ("20", "0", "10")
    assert mark.stats.mean == pytest.approx(10) and mark.stats.median == pytest.approx(10)
    assert ep.divergent and sheet.divergent
    assert ep.scale == "0–4"


def test_abstentions_recusals_drafts_and_missing(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.ADMISSION_1A).panel(4)  # p, m1, m2, m3
    b.candidate("a", planned_epreuves=["video"])
    b.decision("a", S.DOSSIER_REVIEW, D.STANDARD)
    b.score_all("p", "a", "video", 3)
    b.score_all("m1", "a", "video", 0, status=ScoreStatus.ABSTAINED)
    b.score_all("m2", "a", "video", 0, status=ScoreStatus.RECUSED)
    b.score_all("m3", "a", "video", 4, submitted=False)  # a draft: not shown
    session = b.build()
    (ep,) = candidate_sheet(session, "a").epreuves
    crit = session.epreuve("video").criteria[0]
    assert ep.cell("m1", crit.label) == ABSTAINED
    assert ep.cell("m2", crit.label) == RECUSED
    assert ep.cell("m3", crit.label) == MISSING
    assert ep.rows[-1].cells == ("15", ABSTAINED, RECUSED, MISSING)
    assert ep.rows[0].stats.n == 1 and ep.rows[0].stats.mean == 3  # never counted as 0
    assert not ep.complete and ep.missing == ("Prénom M3",)


def test_a_member_with_a_hard_conflict_must_leave_the_room(builder) -> None:  # type: ignore[no-untyped-def]
    b = _admission(builder)
    b.score_all("m2", "c", "video", 0, status=ScoreStatus.RECUSED)
    b.conflict("m1", "c", hard=False)
    session = b.build()
    sheet = candidate_sheet(session, "c")
    assert [c.member_id for c in sheet.must_leave] == ["m2"]
    assert [c.member_id for c in sheet.soft_conflicts] == ["m1"]
    (ep,) = sheet.epreuves
    m2 = next(s for s in ep.scorers if s.who == "m2")
    assert m2.excluded and not m2.expected
    assert ep.rows[0].cells[[s.who for s in ep.scorers].index("m2")] == RECUSED
    assert ep.complete


def test_scores_of_a_conflicted_member_are_shown_excluded(builder) -> None:  # type: ignore[no-untyped-def]
    b = _admission(builder)
    b.score_all("m2", "c", "video", 4)  # written before the conflict was declared
    session = b.build()
    (ep,) = candidate_sheet(session, "c").epreuves
    col = [s.who for s in ep.scorers].index("m2")
    assert all(r.cells[col] == EXCLUDED for r in ep.rows)
    assert ep.rows[0].stats.n == 2  # not counted


def test_the_sheet_shows_the_members_overall_comments(builder) -> None:  # type: ignore[no-untyped-def]
    """The overall comment of each submitted sheet, by name, in column order; never that
    of a draft, nor of a member in conflict with the candidate."""
    b = builder(K.ADMISSION_1A).panel(4)  # p, m1, m2, m3
    b.candidate("a", planned_epreuves=["video"])
    b.decision("a", S.DOSSIER_REVIEW, D.STANDARD)
    b.conflict("m2", "a")
    b.score_all("p", "a", "video", 3)
    b.score_all("m1", "a", "video", 2)
    b.score_all("m2", "a", "video", 4)  # in conflict
    b.score_all("m3", "a", "video", 4, submitted=False)  # a draft
    session = b.build()
    first = session.epreuve("video").criteria[0].id
    notes = {"p": "très motivée", "m1": "projet flou", "m2": "excellent", "m3": "à voir"}
    scores = [
        s.model_copy(update={"overall_comment": notes[s.member_id]})
        if s.criterion_id == first
        else s
        for s in session.scores
    ]
    session = session.model_copy(update={"scores": scores})
    (ep,) = candidate_sheet(session, "a").epreuves
    names = {m.id: m.full_name for m in session.jury}
    assert ep.comments == ((names["p"], "très motivée"), (names["m1"], "projet flou"))


def test_absent_member_with_a_conflict_is_not_asked_to_leave(builder) -> None:  # type: ignore[no-untyped-def]
    from juryapp.domain.models import Presence

    b = builder(K.ADMISSION_1A).panel(2)
    b.member("m9", presence=Presence.ABSENT)
    b.candidate("a").decision("a", S.DOSSIER_REVIEW, D.STANDARD).conflict("m9", "a")
    assert candidate_sheet(b.build(), "a").must_leave == ()


def test_external_source_is_a_column(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.ADMISSION_1A).panel(3)
    b.candidate("a", planned_epreuves=["anglais", "video"])
    b.candidate("z", planned_epreuves=["anglais"])
    b.score(None, "a", "anglais", "niveau", 14, source="plateforme d'anglais")
    session = b.build()
    sheet = candidate_sheet(session, "a")
    anglais = next(ep for ep in sheet.epreuves if ep.epreuve_id == "anglais")
    assert [s.who for s in anglais.scorers] == ["ext:plateforme d'anglais"]
    assert anglais.rows[0].cells == ("14",) and anglais.complete
    waiting = candidate_sheet(session, "z").epreuves[0]
    assert waiting.rows[0].cells == (MISSING,)
    assert waiting.missing == ("plateforme d'anglais",) and not waiting.complete


def test_panel_members_only_and_blank_for_others(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.ADMISSION_1A).panel(4)
    b.candidate("a", planned_epreuves=["video"], panels={"video": ["p", "m1"]})
    b.score_all("p", "a", "video", 2)
    session = b.build()
    (ep,) = candidate_sheet(session, "a").epreuves
    assert [s.who for s in ep.scorers] == ["p", "m1"]
    assert ep.rows[0].cells == ("2", MISSING)
    assert NOT_EXPECTED == ""


def test_sheet_of_unknown_candidate(builder) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        candidate_sheet(_admission(builder).build(), "nobody")


# --------------------------------------------------------------------------- decisions


def test_unfavourable_decision_needs_a_reason(builder) -> None:  # type: ignore[no-untyped-def]
    session = _admission(builder).build()
    no = make_decision(session, "a", D.NON_ADMISSIBLE, "p")
    assert no.stage is S.AFTER_TESTS and no.decided_by == "p"
    problems = decision_problems(session, no)
    assert len(problems) == 1 and "motivée" in problems[0]
    ok = make_decision(session, "a", D.NON_ADMISSIBLE, "p", reason="  Projet trop flou  ")
    assert ok.reason == "Projet trop flou"
    assert decision_problems(session, ok) == []
    assert decision_problems(session, make_decision(session, "a", D.ADMISSIBLE, "p")) == []


def test_decision_rules_are_those_of_validate_decision(builder) -> None:  # type: ignore[no-untyped-def]
    session = _admission(builder).build()
    # x was classified "excellence": no after-tests decision
    problems = decision_problems(session, make_decision(session, "x", D.ADMISSIBLE, "p"))
    assert problems and "pré-admissibles" in problems[0]


def test_vae_partial_decision_names_blocs(builder) -> None:  # type: ignore[no-untyped-def]
    session = builder(K.VAE_VALIDATION, blocs=("b1", "b2")).panel(3).candidate("v").build()
    partial = make_decision(session, "v", D.PARTIELLE, "p")
    assert partial.stage is S.VAE
    assert any("blocs" in p for p in decision_problems(session, partial))
    granted = make_decision(session, "v", D.PARTIELLE, "p", blocs=["b1"])
    assert decision_problems(session, granted) == []
    refus = make_decision(session, "v", D.REFUS, "p")
    assert any("motivée" in p for p in decision_problems(session, refus))


def test_quick_view_without_marks(builder) -> None:  # type: ignore[no-untyped-def]
    b = _admission(builder)
    b.decision("a", S.AFTER_TESTS, D.ADMISSIBLE)
    session = b.build()
    quick = deliberation_view(session, with_results=False)
    assert quick is not None and quick.ranked == []
    assert all(e.pending and e.total is None for e in quick.entries)
    assert [e.planned for e in quick.entries] == [1, 1, 1]
    assert quick.entries[0].decision is D.ADMISSIBLE
    text = quick.summary.text()
    assert "calcul des notes en cours" in text and "1 décidé" in text
    assert "admissible" not in text
