"""validate_decision, the VAE notification deadline and the post-jury interview."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.decisions import (
    DecisionError,
    needs_post_jury_interview,
    notification_deadline,
    validate_decision,
)
from juryapp.domain.models import DecisionStage, DecisionValue, SessionKind

D = DecisionValue
S = DecisionStage
K = SessionKind

GOOD_1A = dict(diploma="DUT Informatique", ects=120, specialty="INFRES")


@pytest.fixture
def adm1(builder):
    return (
        builder(K.ADMISSION_1A)
        .panel()
        .candidate("alice", **GOOD_1A)
        .candidate("bob", **GOOD_1A)
        .candidate("carl", **GOOD_1A)
    )


@pytest.fixture
def vae(builder):
    return builder(K.VAE_VALIDATION, blocs=("b1", "b2", "b3")).panel().candidate("val")


def _error(session, dec) -> str:
    with pytest.raises(DecisionError) as exc:
        validate_decision(session, dec)
    return str(exc.value)


def test_valid_admission_decisions_pass(adm1, decision):
    s = adm1.decision("bob", S.DOSSIER_REVIEW, D.STANDARD).build()
    validate_decision(s, decision("alice", S.DOSSIER_REVIEW, D.EXCELLENCE))
    validate_decision(s, decision("carl", S.DOSSIER_REVIEW, D.REJET))
    validate_decision(s, decision("bob", S.AFTER_TESTS, D.ADMISSIBLE))
    validate_decision(s, decision("bob", S.AFTER_TESTS, D.NON_ADMISSIBLE, reason="épreuves"))


def test_an_unfavourable_decision_needs_a_reason(adm1, vae, decision):
    """Whatever records it (the deliberation, the dossier's dialog, the command line, the
    store): « Non admissible », « Pas de validation » and « Non recevable » say why."""
    s = adm1.decision("bob", S.DOSSIER_REVIEW, D.STANDARD).build()
    msg = _error(s, decision("bob", S.AFTER_TESTS, D.NON_ADMISSIBLE))
    assert "« Non admissible » doit être motivée" in msg
    msg = _error(s, decision("bob", S.AFTER_TESTS, D.NON_ADMISSIBLE, reason="  "))
    assert "doit être motivée" in msg
    assert "doit être motivée" in _error(vae.build(), decision("val", S.VAE, D.REFUS))
    # a rejection at the dossier review, a favourable decision: no reason needed
    validate_decision(s, decision("carl", S.DOSSIER_REVIEW, D.REJET))
    validate_decision(s, decision("bob", S.AFTER_TESTS, D.ADMISSIBLE))


def test_unknown_candidate(adm1, decision):
    msg = _error(adm1.build(), decision("zoe", S.DOSSIER_REVIEW, D.STANDARD))
    assert "candidat inconnu" in msg and "zoe" in msg


@pytest.mark.parametrize(
    ("kind", "stage", "value"),
    [
        (K.ADMISSION_1A, S.DOSSIER_REVIEW, D.PRE_ADMISSIBLE),  # 2A value in 1A
        (K.ADMISSION_2A, S.DOSSIER_REVIEW, D.EXCELLENCE),
        (K.ADMISSION_2A, S.DOSSIER_REVIEW, D.STANDARD),
        (K.ADMISSION_1A, S.AFTER_TESTS, D.REJET),
        (K.ADMISSION_1A, S.DOSSIER_REVIEW, D.ADMISSIBLE),
        (K.VAE_VALIDATION, S.VAE, D.ADMISSIBLE),
        (K.CONTRAT_PRO, S.CONTRAT_PRO, D.TOTALE),
    ],
)
def test_value_not_valid_at_stage(builder, decision, kind, stage, value):
    s = builder(kind).panel().candidate("c", diploma="DUT Informatique", ects=300).build()
    msg = _error(s, decision("c", stage, value))
    assert "n'est pas une décision possible" in msg
    assert "possibles" in msg


@pytest.mark.parametrize(
    ("kind", "stage"),
    [
        (K.ADMISSION_1A, S.VAE),
        (K.VAE_VALIDATION, S.DOSSIER_REVIEW),
        (K.CONTRAT_PRO, S.AFTER_TESTS),
    ],
)
def test_stage_not_valid_for_kind(builder, decision, kind, stage):
    s = builder(kind).panel().candidate("c").build()
    msg = _error(s, decision("c", stage, D.TOTALE))
    assert "n'existe pas" in msg


# --------------------------------------------------------------------------- VAE blocs


def test_vae_partial_with_blocs_passes(vae, decision):
    validate_decision(vae.build(), decision("val", S.VAE, D.PARTIELLE, blocs_granted=["b1", "b3"]))


def test_vae_partial_without_blocs(vae, decision):
    msg = _error(vae.build(), decision("val", S.VAE, D.PARTIELLE))
    assert "partielle doit nommer les blocs" in msg


def test_vae_partial_with_every_bloc_is_a_total(vae, decision):
    msg = _error(vae.build(), decision("val", S.VAE, D.PARTIELLE, blocs_granted=["b1", "b2", "b3"]))
    assert "validation totale" in msg


def test_vae_unknown_bloc(vae, decision):
    msg = _error(vae.build(), decision("val", S.VAE, D.PARTIELLE, blocs_granted=["b1", "b9"]))
    assert "b9" in msg and "inconnu" in msg
    assert "b1, b2, b3" in msg  # lists the session's blocs


def test_vae_partial_when_session_has_no_blocs(builder, decision):
    s = builder(K.CQPM).panel().candidate("c").build()
    msg = _error(s, decision("c", S.VAE, D.PARTIELLE, blocs_granted=["b1"]))
    assert "aucun bloc n'est défini" in msg


def test_vae_duplicate_bloc(vae, decision):
    msg = _error(vae.build(), decision("val", S.VAE, D.PARTIELLE, blocs_granted=["b1", "b1"]))
    assert "plusieurs fois" in msg


def test_vae_total_with_no_bloc_or_all_blocs_passes(vae, decision):
    s = vae.build()
    validate_decision(s, decision("val", S.VAE, D.TOTALE))
    validate_decision(s, decision("val", S.VAE, D.TOTALE, blocs_granted=["b3", "b1", "b2"]))


def test_vae_total_listing_only_some_blocs_is_refused(vae, decision):
    msg = _error(vae.build(), decision("val", S.VAE, D.TOTALE, blocs_granted=["b1", "b2"]))
    assert "totale" in msg and "b3" in msg


def test_vae_refusal_granting_blocs_is_refused(vae, decision):
    s = vae.build()
    validate_decision(s, decision("val", S.VAE, D.REFUS, reason="r"))
    msg = _error(s, decision("val", S.VAE, D.REFUS, reason="r", blocs_granted=["b1"]))
    assert "refus" in msg and "aucun bloc" in msg


def test_blocs_outside_vae_are_refused(adm1, decision):
    msg = _error(
        adm1.build(), decision("alice", S.DOSSIER_REVIEW, D.EXCELLENCE, blocs_granted=["b1"])
    )
    assert "VAE" in msg


# --------------------------------------------------------------------------- after tests


@pytest.mark.parametrize("review", [D.REJET, D.EXCELLENCE])
def test_after_tests_for_candidate_who_took_no_tests(adm1, decision, review):
    s = adm1.decision("alice", S.DOSSIER_REVIEW, review).build()
    msg = _error(s, decision("alice", S.AFTER_TESTS, D.ADMISSIBLE, minutes=10))
    assert "pré-admissibles" in msg


def test_after_tests_uses_the_latest_dossier_review(adm1, decision):
    # first rejected, then reclassified standard: tests allowed
    s = (
        adm1.decision("alice", S.DOSSIER_REVIEW, D.REJET, minutes=0)
        .decision("alice", S.DOSSIER_REVIEW, D.STANDARD, minutes=5)
        .build()
    )
    validate_decision(s, decision("alice", S.AFTER_TESTS, D.ADMISSIBLE, minutes=10))
    # and the other way round: standard then rejected
    s2 = (
        adm1.decision("bob", S.DOSSIER_REVIEW, D.STANDARD, minutes=0)
        .decision("bob", S.DOSSIER_REVIEW, D.REJET, minutes=5)
        .build()
    )
    with pytest.raises(DecisionError):
        validate_decision(s2, decision("bob", S.AFTER_TESTS, D.ADMISSIBLE, minutes=10))


def test_after_tests_2a_pre_admissible(builder, decision):
    s = (
        builder(K.ADMISSION_2A)
        .panel()
        .candidate("d", diploma="M1 génie civil", ects=240)
        .decision("d", S.DOSSIER_REVIEW, D.PRE_ADMISSIBLE)
        .build()
    )
    validate_decision(s, decision("d", S.AFTER_TESTS, D.NON_ADMISSIBLE, minutes=1, reason="r"))


# --------------------------------------------------------------------------- eligibility


def test_classifying_an_ineligible_candidate_needs_an_override(builder, decision):
    s = (
        builder(K.ADMISSION_1A)
        .panel()
        .candidate("low", diploma="DUT Informatique", ects=90)
        .build()
    )
    msg = _error(s, decision("low", S.DOSSIER_REVIEW, D.STANDARD))
    assert "override_reason" in msg and "90" in msg
    validate_decision(
        s,
        decision("low", S.DOSSIER_REVIEW, D.STANDARD, override_reason="crédits en cours"),
    )
    # rejecting needs no override
    validate_decision(s, decision("low", S.DOSSIER_REVIEW, D.REJET))


def test_classifying_a_dossier_not_examined_needs_an_override(builder, decision):
    s = (
        builder(K.ADMISSION_1A)
        .panel()
        .candidate("inc", **GOOD_1A, documents={"relevés de notes": False, "CV": True})
        .build()
    )
    msg = _error(s, decision("inc", S.DOSSIER_REVIEW, D.EXCELLENCE))
    assert "relevés de notes" in msg
    validate_decision(s, decision("inc", S.DOSSIER_REVIEW, D.REJET))


def test_jury_decides_needs_no_override(builder, decision):
    s = (
        builder(K.ADMISSION_1A)
        .panel()
        .candidate("f", diploma="Bachelor", foreign_diploma=True, ects=180)
        .build()
    )
    validate_decision(s, decision("f", S.DOSSIER_REVIEW, D.STANDARD))


def test_session_specialty_used_when_candidate_has_none(builder, decision):
    s = (
        builder(K.ADMISSION_1A, specialty="MKX")
        .panel()
        .candidate("g", diploma="DUT GMP", ects=120)
        .build()
    )
    validate_decision(s, decision("g", S.DOSSIER_REVIEW, D.STANDARD))


def test_recevabilite_with_missing_documents(builder, decision):
    s = builder(K.VAE_RECEVABILITE).panel().candidate("v", documents={"mémoire": False}).build()
    msg = _error(s, decision("v", S.DOSSIER_REVIEW, D.ADMISSIBLE))
    assert "mémoire" in msg and "Recevable" in msg
    validate_decision(s, decision("v", S.DOSSIER_REVIEW, D.NON_ADMISSIBLE, reason="incomplet"))


def test_all_problems_are_reported_together(vae, decision):
    with pytest.raises(DecisionError) as exc:
        validate_decision(
            vae.build(), decision("nobody", S.VAE, D.TOTALE, blocs_granted=["b1", "zz"])
        )
    assert len(exc.value.problems) == 3
    assert str(exc.value).count(" ; ") >= 2


# --------------------------------------------------------------------------- dates


def test_notification_deadline_is_15_days_later():
    assert notification_deadline(dt.date(2025, 6, 20)) == dt.date(2025, 7, 5)
    assert notification_deadline(dt.date(2024, 12, 25)) == dt.date(2025, 1, 9)


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)))
def test_notification_deadline_property(day):
    assert (notification_deadline(day) - day).days == 15


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D.PARTIELLE, True), (D.REFUS, True), (D.TOTALE, False)],
)
def test_post_jury_interview(decision, value, expected):
    assert needs_post_jury_interview(decision("c", S.VAE, value)) is expected


def test_the_jury_day_is_the_sessions_day_on_or_before() -> None:
    """A decision typed after the meeting (or a deadline looked at later) counts from the
    session's last day before it, never from the day it was typed."""
    import datetime as dt

    from juryapp.domain.decisions import jury_day, notification_deadline

    days = [dt.date(2026, 6, 17), dt.date(2026, 6, 18)]
    assert jury_day(days, dt.date(2026, 12, 6)) == dt.date(2026, 6, 18)
    assert jury_day(days, dt.date(2026, 6, 17)) == dt.date(2026, 6, 17)
    assert jury_day(days, dt.date(2026, 5, 2)) == dt.date(2026, 5, 2)  # before the session
    assert jury_day([], dt.date(2026, 12, 6)) == dt.date(2026, 12, 6)
    assert notification_deadline(jury_day(days, dt.date(2026, 12, 6))) == dt.date(2026, 7, 3)
