"""The scoring panel's rules: typed values, rubric words, sheets, who may score, what next."""

from __future__ import annotations

import datetime as dt

import pytest

from juryapp.domain.aggregation import member_epreuve_mark
from juryapp.domain.models import (
    ConflictType,
    Criterion,
    DecisionStage,
    DecisionValue,
    Role,
    Score,
    ScoreStatus,
    SessionKind,
    SessionStatus,
)
from juryapp.domain.scoring import (
    ClockLevel,
    build_scores,
    check_entry,
    countdown,
    descriptor_for,
    descriptors_lines,
    descriptors_summary,
    fmt_num,
    input_text,
    my_sheet,
    next_candidate,
    parse_value,
    refusal,
    running_mark,
    scale_text,
    submit_problems,
    to_score,
    warn_seconds,
    weight_text,
    withdrawal_scores,
)

AT = dt.datetime(2026, 4, 14, 9, 30, tzinfo=dt.UTC)
K = SessionKind


def crit20(**kw) -> Criterion:  # type: ignore[no-untyped-def]
    kw.setdefault(
        "descriptors", {"0": "Rien", "10": "Moyen : attendus atteints", "20": "Excellent"}
    )
    return Criterion(id="c", label="Critère", **kw)


def levels() -> Criterion:
    return Criterion(
        id="l",
        label="Niveaux",
        levels=[0, 1, 2, 3, 4],
        descriptors={"0": "Insuffisant : absent", "3": "Bon : clair", "4": "Excellent : rare"},
    )


# --------------------------------------------------------------------------- typing


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,5", 12.5),
        ("12.5", 12.5),
        (" 12 ", 12.0),
        ("12,", 12.0),
        (",5", 0.5),
        ("-1", -1.0),
        ("", None),
        ("   ", None),
    ],
)
def test_parse_value_accepts_the_decimal_comma(text: str, value: float | None) -> None:
    assert parse_value(text) == value


@pytest.mark.parametrize(
    "text", ["abc", "12,5,5", "1e3", "nan", "inf", "12/20", "1,2.3", "--1", "1 5"]
)
def test_parse_value_refuses_what_is_not_a_number(text: str) -> None:
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        parse_value(text)


def test_check_entry_messages_without_the_label() -> None:
    c = crit20()
    assert check_entry(c, "12,5").value == 12.5 and check_entry(c, "12,5").valid
    out = check_entry(c, "25")
    assert out.value is None and out.error == "25 hors barème (0 à 20)"
    assert "multiple du pas 0,5" in (check_entry(c, "12,3").error or "")
    assert "n'est pas un nombre" in (check_entry(c, "douze").error or "")
    empty = check_entry(c, "")
    assert empty.empty and not empty.valid and empty.error is None
    lv = check_entry(levels(), "2,5")
    assert lv.error == "2,5 n'est pas un niveau permis (0, 1, 2, 3, 4)"
    assert not lv.error.startswith("Niveaux")


@pytest.mark.parametrize("x", [12.0, 12.5, 0.0, 13.333333333333334, 0.00001, 19.75])
def test_input_text_gives_the_value_back(x: float) -> None:
    assert parse_value(input_text(x)) == pytest.approx(x, abs=1e-9)
    assert "." not in input_text(x)


def test_fmt_num_is_french() -> None:
    assert fmt_num(12.5) == "12,5"
    assert fmt_num(12.0) == "12"
    assert fmt_num(12.3333) == "12,33"
    assert fmt_num(-0.001) == "0"


# --------------------------------------------------------------------------- rubric


def test_scale_and_weight_texts() -> None:
    assert scale_text(levels()) == "niveaux 0/1/2/3/4"
    assert scale_text(crit20()) == "0 à 20, pas 0,5"
    assert scale_text(crit20(step=None)) == "0 à 20"
    assert weight_text(crit20(weight=1.5)) == "coef 1,5"


def test_descriptor_of_the_typed_value() -> None:
    c = crit20()
    assert descriptor_for(c, 10) == "Moyen : attendus atteints"
    assert descriptor_for(c, 12.5) == "entre 10 « Moyen » et 20 « Excellent »"
    lv = levels()
    assert descriptor_for(lv, 3) == "Bon : clair"
    assert descriptor_for(lv, 1) == "entre 0 « Insuffisant » et 3 « Bon »"
    only_low = Criterion(id="x", label="X", descriptors={"5": "Correct"})
    assert descriptor_for(only_low, 8) == "au-delà de 5 « Correct »"
    assert descriptor_for(only_low, 2) == "en deçà de 5 « Correct »"
    assert descriptor_for(Criterion(id="y", label="Y"), 3) == ""


def test_descriptor_summaries() -> None:
    assert descriptors_summary(levels()) == "0 Insuffisant · 3 Bon · 4 Excellent"
    assert descriptors_lines(levels())[1] == "3 → Bon : clair"
    odd = Criterion(id="z", label="Z", descriptors={"acquis": "Acquis : oui"})
    assert descriptors_summary(odd) == "acquis Acquis"


# --------------------------------------------------------------------------- comments


def test_the_overall_comment_is_a_field_of_its_own_never_inside_a_comment(builder) -> None:  # type: ignore[no-untyped-def]
    """The overall comment goes with the sheet's first score, in ``overall_comment``; a
    criterion's comment stays as typed (even one that looks like the old marker)."""
    ep = ep1a(builder)
    first = ep.criteria[0].id
    odd = "§ Appréciation générale : tapé par le membre"
    scores = build_scores(
        ep, "c1", "m1", {}, {first: odd, "metier": "net"}, " motivé ", submitted=False, at=AT
    )
    assert scores[0].overall_comment == "motivé" and scores[0].comment == odd
    assert all(s.overall_comment == "" for s in scores[1:])
    session = builder(K.ADMISSION_1A).panel(3).candidate("c1").build()
    sheet = my_sheet(session.model_copy(update={"scores": scores}), "m1", "c1", ep.id)
    assert sheet.overall == "motivé"
    assert sheet.comments == {first: odd, "metier": "net"}


# --------------------------------------------------------------------------- sheets


def ep1a(builder, name: str = "entretien"):  # type: ignore[no-untyped-def]
    return next(e for e in builder(K.ADMISSION_1A).epreuves if e.id == name)


def test_build_scores_draft_is_partial_and_carries_the_overall(builder) -> None:  # type: ignore[no-untyped-def]
    ep = ep1a(builder)
    values = {"apprentissage": 12.5, "metier": 14.0}
    scores = build_scores(
        ep, "c1", "m1", values, {"metier": "net"}, "motivé", submitted=False, at=AT
    )
    # every criterion is in the draft; those without a value are saved without one
    assert [s.criterion_id for s in scores] == [c.id for c in ep.criteria]
    assert {s.criterion_id: s.value for s in scores if s.value is not None} == values
    assert all(not s.submitted for s in scores)
    assert scores[0].comment == "" and scores[0].overall_comment == "motivé"
    assert next(s for s in scores if s.criterion_id == "metier").comment == "net"
    with pytest.raises(ValueError, match="note manquante"):
        build_scores(ep, "c1", "m1", values, {}, "", submitted=True, at=AT)
    full = {c.id: 10.0 for c in ep.criteria}
    done = build_scores(ep, "c1", "m1", full, {}, "", submitted=True, at=AT)
    assert len(done) == len(ep.criteria) and all(s.submitted for s in done)


def test_withdrawal_is_never_a_zero(builder) -> None:  # type: ignore[no-untyped-def]
    ep = ep1a(builder)
    scores = withdrawal_scores(ep, "c1", "m1", ScoreStatus.ABSTAINED, "arrivé en retard", at=AT)
    assert len(scores) == len(ep.criteria)
    assert all(s.value is None and s.status is ScoreStatus.ABSTAINED for s in scores)
    assert all(s.reason == "arrivé en retard" and s.submitted for s in scores)
    with pytest.raises(ValueError, match="motif"):
        withdrawal_scores(ep, "c1", "m1", ScoreStatus.RECUSED, "  ", at=AT)
    with pytest.raises(ValueError):
        withdrawal_scores(ep, "c1", "m1", ScoreStatus.SCORED, "x", at=AT)


def test_my_sheet_restores_drafts_and_knows_when_submitted(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.ADMISSION_1A).panel(3).candidate("c1")
    b.score("m1", "c1", "entretien", "parcours", 12, submitted=False)
    b.score("m1", "c1", "entretien", "metier", 9, submitted=False, minutes=1)
    b.score("m1", "c1", "entretien", "metier", 11, submitted=False, minutes=2)
    b.score("m2", "c1", "entretien", "parcours", 3)
    session = b.build()
    sheet = my_sheet(session, "m1", "c1", "entretien")
    assert sheet.values == {"parcours": 12, "metier": 11}
    assert sheet.draft and not sheet.submitted and sheet.withdrawn is None
    assert my_sheet(session, "p", "c1", "entretien").empty

    b2 = builder(K.ADMISSION_1A).panel(3).candidate("c1")
    b2.score_all("m1", "c1", "video", 3)
    assert my_sheet(b2.build(), "m1", "c1", "video").submitted


def test_my_sheet_reads_an_abstention_and_the_overall_comment(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.ADMISSION_1A).panel(3).candidate("c1")
    session = b.build()
    ep = session.epreuve("video")
    assert ep is not None
    scores = withdrawal_scores(
        ep, "c1", "m1", ScoreStatus.RECUSED, "ancien élève", at=AT, overall="à revoir"
    )
    session = session.model_copy(update={"scores": scores})
    sheet = my_sheet(session, "m1", "c1", "video")
    assert sheet.withdrawn is ScoreStatus.RECUSED
    assert sheet.reason == "ancien élève" and sheet.overall == "à revoir"
    assert sheet.submitted and not sheet.values


def test_running_mark_is_the_members_weighted_mark(builder) -> None:  # type: ignore[no-untyped-def]
    ep = ep1a(builder, "video")  # weights 1, 1, 2, 2, 1 on 0..4
    assert running_mark(ep, {}) is None
    assert running_mark(ep, {"parcours": 4}) == pytest.approx(20)
    values = {"parcours": 2.0, "apprentissage": 3.0, "metier": 4.0, "projet": 1.0, "expression": 0}
    expected = (2 * 5 + 3 * 5 + 4 * 5 * 2 + 1 * 5 * 2 + 0) / 7
    assert running_mark(ep, values) == pytest.approx(expected)
    scores = build_scores(ep, "c1", "m1", values, {}, "", submitted=True, at=AT)
    assert running_mark(ep, values) == pytest.approx(member_epreuve_mark(ep, scores))


def test_submit_problems_list_missing_and_invalid(builder) -> None:  # type: ignore[no-untyped-def]
    ep = ep1a(builder, "video")
    entries = {c.id: check_entry(c, "3") for c in ep.criteria}
    assert submit_problems(ep, entries) == []
    entries["metier"] = check_entry(ep.criteria[2], "7")
    entries["projet"] = check_entry(ep.criteria[3], "")
    problems = submit_problems(ep, entries)
    assert [cid for cid, _ in problems] == ["metier", "projet"]
    assert "niveau permis" in problems[0][1] and "note manquante" in problems[1][1]


# --------------------------------------------------------------------------- who may score


def test_refusals(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.ADMISSION_1A).panel(4).candidate("c1", panels={"entretien": ["p", "m1"]})
    b.conflict("m2", "c1", type=ConflictType.COACHED)
    b.conflict("m3", "c1", hard=False)
    session = b.build()
    assert refusal(session, "m1", "c1", "video") is None
    assert refusal(session, "m3", "c1", "video") is None  # soft conflict: declared, may score
    assert refusal(session, "p", "c1", "entretien") is None
    why = refusal(session, "m2", "c1", "video")
    assert why is not None and "Conflit d'intérêts" in why.message
    assert "préparé" in why.message
    why = refusal(session, "sec", "c1", "video")
    assert why is not None and "secrétaire" in why.message
    why = refusal(session, "m1", "c1", "anglais")
    assert why is not None and "plateforme d'anglais" in why.message
    why = refusal(session, "m3", "c1", "entretien")
    assert why is not None and "jury désigné" in why.message
    assert why.panel == ("Prénom P", "Prénom M1")
    assert refusal(session, "m1", "zz", "video").title == "Candidat introuvable"  # type: ignore[union-attr]
    assert refusal(session, "m1", "c1", "zz").title == "Épreuve introuvable"  # type: ignore[union-attr]
    assert refusal(session, None, "c1", "video") is not None
    signed = session.model_copy(
        update={"info": session.info.model_copy(update={"status": SessionStatus.SIGNED})}
    )
    why = refusal(signed, "m1", "c1", "video")
    assert why is not None and "signé" in why.message


def _tested(b, *ids: str):  # type: ignore[no-untyped-def]
    for cid in ids:
        b.decision(cid, DecisionStage.DOSSIER_REVIEW, DecisionValue.STANDARD)
    return b


def test_next_candidate_in_alphabetical_order_wrapping(builder) -> None:  # type: ignore[no-untyped-def]
    b = builder(K.ADMISSION_1A).panel(3)
    b.candidate("c1", last_name="Dubois")
    b.candidate("c2", last_name="Émery")  # accents ignored: after Dubois, before Martin
    b.candidate("c3", last_name="Martin", panels={"video": ["p", "m2"]})  # m1 not in the panel
    b.candidate("c4", last_name="Petit")  # conflict
    b.candidate("c5", last_name="Abel")  # already submitted
    b.candidate("c6", last_name="Zola")  # excellence: no tests
    b.candidate("c7", last_name="Bernard", planned_epreuves=["entretien"])  # video not planned
    b.conflict("m1", "c4")
    _tested(b, "c1", "c2", "c3", "c4", "c5", "c7")
    b.decision("c6", DecisionStage.DOSSIER_REVIEW, DecisionValue.EXCELLENCE)
    b.score_all("m1", "c5", "video", 2)
    b.score("m1", "c2", "video", "parcours", 2, submitted=False)  # a draft: still to score
    session = b.build()
    assert to_score(session, "m1", "c1", "video")
    assert not to_score(session, "m1", "c5", "video")
    assert not to_score(session, "m1", "c6", "video")
    assert next_candidate(session, "m1", "video", "c1") == "c2"
    assert next_candidate(session, "m1", "video", "c2") == "c1"  # wraps round
    assert next_candidate(session, "m1", "video", None) == "c1"
    assert next_candidate(session, "m1", "entretien", "c7") is None
    assert next_candidate(session, "m2", "video", "c3") is not None
    only = builder(K.ADMISSION_1A).panel(3).candidate("c1")
    _tested(only, "c1")
    assert next_candidate(only.build(), "m1", "video", "c1") is None  # never itself


def test_secretary_has_nothing_to_score(builder) -> None:  # type: ignore[no-untyped-def]
    b = _tested(builder(K.ADMISSION_1A).panel(3).candidate("c1"), "c1")
    session = b.build()
    assert session.member("sec").role is Role.SECRETAIRE  # type: ignore[union-attr]
    assert next_candidate(session, "sec", "video") is None


# --------------------------------------------------------------------------- countdown


def test_countdown_warns_then_counts_the_overrun() -> None:
    assert countdown(30, 0).text == "◷ 30:00 restantes"
    assert countdown(30, 0.4).text == "◷ 30:00 restantes"
    assert countdown(30, 1).level is ClockLevel.OK
    near = countdown(30, 25 * 60 + 1)
    assert near.level is ClockLevel.WARN and near.text == "⚠ 04:59 restantes — fin proche"
    assert countdown(30, 25 * 60 - 1).level is ClockLevel.OK
    over = countdown(30, 30 * 60 + 83)
    assert over.level is ClockLevel.OVER and "+01:23" in over.text and "écoulé" in over.text
    assert countdown(30, 30 * 60).level is ClockLevel.OVER
    assert countdown(90, 0).text == "◷ 1:30:00 restantes"


def test_short_epreuves_warn_one_minute_before() -> None:
    assert warn_seconds(5) == 60 and warn_seconds(30) == 300
    assert countdown(5, 60).level is ClockLevel.OK
    assert countdown(5, 4 * 60 + 1).level is ClockLevel.WARN


def test_a_value_cleared_in_a_draft_stays_cleared(builder) -> None:  # type: ignore[no-untyped-def]
    """The member typed two marks (autosaved), then emptied one: the next draft says so,
    and the sheet read back has only the mark that is left."""
    ep = ep1a(builder)
    session = builder(K.ADMISSION_1A).panel(3).candidate("c1").build()
    cand, member = "c1", "m1"
    first = build_scores(
        ep, cand, member, {"apprentissage": 12.5, "metier": 14.0}, {}, "", submitted=False, at=AT
    )
    later = AT + dt.timedelta(seconds=5)
    second = build_scores(ep, cand, member, {"metier": 14.0}, {}, "", submitted=False, at=later)
    saved = session.model_copy(update={"scores": [*session.scores, *first, *second]})
    sheet = my_sheet(saved, member, cand, ep.id)
    assert sheet.values == {"metier": 14.0}
    assert sheet.draft and not sheet.submitted
    with pytest.raises(ValueError):  # a submitted mark still needs its value
        Score(
            candidate_id=cand,
            epreuve_id=ep.id,
            criterion_id="metier",
            member_id=member,
            submitted=True,
            at=AT,
        )


def test_a_closed_session_leaves_nothing_to_score() -> None:
    """Once the session is closed the queue marks nothing « to score » (● 3/0/1 on every
    row of a closed session) and the scoring panel says why it is read-only."""
    from juryapp.domain.models import SessionStatus
    from juryapp.domain.queue import queue_entries
    from juryapp.domain.scoring import refusal
    from juryapp.samples import build_infres_1a

    session = build_infres_1a()
    entries = queue_entries(session, "m-benali")
    todo = next(e for e in entries if e.to_score_by_me)
    cand = session.candidate(todo.candidate_id)
    assert cand is not None
    epreuve = next(
        e
        for e in session.planned_epreuves(cand)
        if refusal(session, "m-benali", cand.id, e.id) is None
    )
    closed = session.model_copy(
        update={"info": session.info.model_copy(update={"status": SessionStatus.CLOSED})}
    )
    assert not any(e.to_score_by_me for e in queue_entries(closed, "m-benali"))
    why = refusal(closed, "m-benali", cand.id, epreuve.id)
    assert why is not None and why.title == "Session close"
