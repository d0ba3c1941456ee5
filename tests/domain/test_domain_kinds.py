"""Default épreuves, decision stages/values, decision parsing and French labels."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.decisions import DecisionError
from juryapp.domain.kinds import (
    CONTRAT_PRO_STEPS,
    DECISION_LABELS,
    EPREUVE_KIND_LABELS,
    KIND_LABELS,
    QUALITY_LABELS,
    ROLE_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    accepted_words,
    decision_label,
    decision_values,
    default_epreuves,
    parse_decision,
    stages,
)
from juryapp.domain.models import (
    DecisionStage,
    DecisionValue,
    EpreuveKind,
    Quality,
    Role,
    SessionKind,
    SessionStatus,
)

D = DecisionValue
S = DecisionStage
K = SessionKind


def _by_id(kind: SessionKind):
    return {e.id: e for e in default_epreuves(kind)}


# --------------------------------------------------------------------------- épreuves


@pytest.mark.parametrize("kind", list(SessionKind))
def test_every_kind_has_valid_epreuves_with_unique_ids(kind):
    eps = default_epreuves(kind)
    assert eps, kind
    ids = [e.id for e in eps]
    assert len(ids) == len(set(ids))
    for e in eps:
        assert e.criteria
        for c in e.criteria:
            assert c.max > c.min
            assert c.label and c.descriptors, (e.id, c.id)
            # every descriptor key is a value of the scale
            for key in c.descriptors:
                assert c.check_value(float(key)) is None, (e.id, c.id, key)


@pytest.mark.parametrize("kind", list(SessionKind))
def test_default_epreuves_are_fresh_objects(kind):
    a = default_epreuves(kind)
    b = default_epreuves(kind)
    assert a == b
    assert a[0] is not b[0]
    a[0].criteria[0].label = "modifié"
    assert default_epreuves(kind)[0].criteria[0].label != "modifié"


def test_admission_1a_epreuves():
    eps = _by_id(K.ADMISSION_1A)
    assert list(eps) == ["video", "entretien", "anglais"]
    assert eps["video"].kind is EpreuveKind.MOTIVATION_VIDEO
    assert eps["video"].duration_minutes == 5 and not eps["video"].optional
    assert eps["entretien"].kind is EpreuveKind.MOTIVATION_INTERVIEW
    assert eps["entretien"].duration_minutes == 30 and eps["entretien"].optional
    assert eps["anglais"].kind is EpreuveKind.ENGLISH
    assert eps["anglais"].duration_minutes == 30 and eps["anglais"].optional


def test_english_is_a_single_0_20_criterion_accepting_platform_scores():
    for kind in (K.ADMISSION_1A, K.ADMISSION_2A):
        ang = _by_id(kind)["anglais"]
        assert len(ang.criteria) == 1
        c = ang.criteria[0]
        assert (c.min, c.max, c.levels) == (0, 20, None)
        assert c.check_value(13.75) is None
        assert c.check_value(20.5) is not None


def test_admission_2a_epreuves():
    eps = _by_id(K.ADMISSION_2A)
    assert list(eps) == ["anglais", "entretien", "oral-option"]
    assert not eps["anglais"].optional and eps["anglais"].duration_minutes == 30
    assert not eps["entretien"].optional and eps["entretien"].duration_minutes == 30
    assert eps["oral-option"].optional
    assert eps["oral-option"].kind is EpreuveKind.OPTIONAL_ORAL


def test_vae_defence_phases():
    sout = _by_id(K.VAE_VALIDATION)["soutenance"]
    assert sout.kind is EpreuveKind.VAE_DEFENCE
    phases = {p.id: p for p in sout.phases}
    assert list(phases) == ["presentation", "questions", "deliberation"]
    pres, q, delib = phases.values()
    assert pres.minutes == 45 and pres.countdown and pres.uninterrupted
    assert q.minutes == 90 and not q.countdown and q.minimum
    assert not delib.countdown


def test_vae_defence_criteria_cover_the_three_reference_frameworks():
    sout = _by_id(K.VAE_VALIDATION)["soutenance"]
    ids = {c.id for c in sout.criteria}
    assert {
        "activites-industrielles",
        "competences-transverses",
        "scientifique-technologique",
    } <= ids
    labels = " ".join(c.label for c in sout.criteria).lower()
    assert "activités industrielles" in labels
    assert "transverses et transférables" in labels
    assert "scientifique et technologique" in labels


def test_recevabilite_cqpm_epreuves():
    assert list(_by_id(K.VAE_RECEVABILITE)) == ["memoire"]
    assert _by_id(K.VAE_RECEVABILITE)["memoire"].kind is EpreuveKind.DOSSIER_REVIEW
    cq = _by_id(K.CQPM)
    assert list(cq) == ["entretien-jury", "mise-en-situation"]
    assert cq["mise-en-situation"].kind is EpreuveKind.WORK_SITUATION


def test_contrat_pro_epreuves_and_steps():
    eps = _by_id(K.CONTRAT_PRO)
    assert list(eps) == ["demarche", "rapport", "tuteur"]
    assert eps["demarche"].kind is EpreuveKind.CONTRAT_PRO_STEPS
    assert eps["rapport"].kind is EpreuveKind.WRITTEN_REPORT
    assert eps["tuteur"].kind is EpreuveKind.COMPANY_TUTOR
    assert [eps[i].weight for i in ("demarche", "rapport", "tuteur")] == [0.2, 0.4, 0.4]
    steps = eps["demarche"].criteria
    labels = [c.label.split(" ")[0] for c in steps]
    assert labels == ["1", "2", "3", "4", "5", "6", "7", "A", "B", "C", "D"]
    for c in steps:
        assert c.levels in ([0, 1], [0, 1, 2])
        # weight = maximum so that the weighted mean equals "sum scaled to /20"
        assert c.weight == c.levels[-1]
    assert len(CONTRAT_PRO_STEPS) == len(steps)


# --------------------------------------------------------------------------- decisions


def test_stages_and_values():
    assert stages(K.ADMISSION_1A) == [S.DOSSIER_REVIEW, S.AFTER_TESTS]
    assert decision_values(K.ADMISSION_1A, S.DOSSIER_REVIEW) == [D.EXCELLENCE, D.STANDARD, D.REJET]
    assert decision_values(K.ADMISSION_2A, S.DOSSIER_REVIEW) == [D.PRE_ADMISSIBLE, D.REJET]
    for k in (K.ADMISSION_1A, K.ADMISSION_2A):
        assert decision_values(k, S.AFTER_TESTS) == [D.ADMISSIBLE, D.NON_ADMISSIBLE]
    for k in (K.VAE_VALIDATION, K.CQPM):
        assert stages(k) == [S.VAE]
        assert decision_values(k, S.VAE) == [D.TOTALE, D.PARTIELLE, D.REFUS]
    assert stages(K.VAE_RECEVABILITE) == [S.DOSSIER_REVIEW]
    assert decision_values(K.VAE_RECEVABILITE, S.DOSSIER_REVIEW) == [D.ADMISSIBLE, D.NON_ADMISSIBLE]
    assert decision_values(K.CONTRAT_PRO, S.CONTRAT_PRO) == [D.VALIDE, D.NON_VALIDE]
    # a stage the kind does not have
    assert decision_values(K.CONTRAT_PRO, S.VAE) == []
    assert decision_values(K.VAE_VALIDATION, S.AFTER_TESTS) == []


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        (K.ADMISSION_1A, "excellence", (S.DOSSIER_REVIEW, D.EXCELLENCE)),
        (K.ADMISSION_1A, "Standard", (S.DOSSIER_REVIEW, D.STANDARD)),
        (K.ADMISSION_1A, "pré-admissible", (S.DOSSIER_REVIEW, D.STANDARD)),
        (K.ADMISSION_1A, "REJET", (S.DOSSIER_REVIEW, D.REJET)),
        (K.ADMISSION_1A, "admissible", (S.AFTER_TESTS, D.ADMISSIBLE)),
        (K.ADMISSION_1A, "Non admissible", (S.AFTER_TESTS, D.NON_ADMISSIBLE)),
        (K.ADMISSION_2A, "Pré-admissible", (S.DOSSIER_REVIEW, D.PRE_ADMISSIBLE)),
        (K.ADMISSION_2A, "  pre admissible ", (S.DOSSIER_REVIEW, D.PRE_ADMISSIBLE)),
        (K.ADMISSION_2A, "non-admissible", (S.AFTER_TESTS, D.NON_ADMISSIBLE)),
        (K.ADMISSION_2A, "NON_ADMISSIBLE", (S.AFTER_TESTS, D.NON_ADMISSIBLE)),
        (K.VAE_VALIDATION, "totale", (S.VAE, D.TOTALE)),
        (K.VAE_VALIDATION, "Partielle", (S.VAE, D.PARTIELLE)),
        (K.CQPM, "refus", (S.VAE, D.REFUS)),
        (K.VAE_RECEVABILITE, "recevable", (S.DOSSIER_REVIEW, D.ADMISSIBLE)),
        (K.VAE_RECEVABILITE, "Non recevable", (S.DOSSIER_REVIEW, D.NON_ADMISSIBLE)),
        (K.VAE_RECEVABILITE, "admissible", (S.DOSSIER_REVIEW, D.ADMISSIBLE)),
        (K.CONTRAT_PRO, "validé", (S.CONTRAT_PRO, D.VALIDE)),
        (K.CONTRAT_PRO, "non valide", (S.CONTRAT_PRO, D.NON_VALIDE)),
    ],
)
def test_parse_decision(kind, text, expected):
    assert parse_decision(kind, text) == expected


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (K.ADMISSION_2A, "excellence"),  # no excellence track in 2A
        (K.ADMISSION_2A, "standard"),
        (K.CQPM, "admissible"),
        (K.VAE_VALIDATION, "rejet"),
        (K.ADMISSION_1A, "totale"),
        (K.ADMISSION_1A, ""),
        (K.ADMISSION_1A, "admis"),
        (K.CONTRAT_PRO, "admissible"),
    ],
)
def test_parse_decision_rejects_words_not_valid_for_the_kind(kind, text):
    with pytest.raises(DecisionError) as exc:
        parse_decision(kind, text)
    msg = str(exc.value)
    assert "valeurs possibles" in msg
    # the message lists what is valid for that kind
    for v in (v for st_ in stages(kind) for v in decision_values(kind, st_)):
        assert v.value in msg


def test_parse_decision_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_decision(K.ADMISSION_1A, "peut-être")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(SessionKind)), st.data())
def test_every_accepted_word_parses_to_a_valid_pair(kind, data):
    word = data.draw(st.sampled_from(accepted_words(kind)))
    variant = data.draw(st.sampled_from([word, word.upper(), word.replace("-", " "), f" {word} "]))
    stage, value = parse_decision(kind, variant)
    assert stage in stages(kind)
    assert value in decision_values(kind, stage)


# --------------------------------------------------------------------------- labels


def test_labels_cover_every_enum_member_in_french():
    for mapping, enum in (
        (DECISION_LABELS, DecisionValue),
        (KIND_LABELS, SessionKind),
        (QUALITY_LABELS, Quality),
        (ROLE_LABELS, Role),
        (STATUS_LABELS, SessionStatus),
        (STAGE_LABELS, DecisionStage),
        (EPREUVE_KIND_LABELS, EpreuveKind),
    ):
        assert set(mapping) == set(enum), enum
        assert all(isinstance(v, str) and v.strip() for v in mapping.values())
    assert DECISION_LABELS[D.EXCELLENCE] == "Excellence académique (admissible)"
    assert ROLE_LABELS[Role.PRESIDENT] == "Président du jury"


def test_decision_label_depends_on_kind_for_recevabilite():
    assert decision_label(K.VAE_RECEVABILITE, D.ADMISSIBLE) == "Recevable"
    assert decision_label(K.VAE_RECEVABILITE, D.NON_ADMISSIBLE) == "Non recevable"
    assert decision_label(K.ADMISSION_1A, D.ADMISSIBLE) == "Admissible"


def test_a_womans_quality_and_presence_are_said_in_the_feminine() -> None:
    """« Enseignante-chercheuse », « Directrice des études », « Présente »: the screens and
    the procès-verbal share one table (the log-in said « Enseignant-chercheur »)."""
    from juryapp.domain.kinds import presence_label_of, quality_label_of
    from juryapp.domain.models import JuryMember, Presence, Quality, Role, Sex

    woman = JuryMember(
        id="m-x",
        last_name="X",
        first_name="Anne",
        quality=Quality.DIRECTEUR_ETUDES,
        role=Role.MEMBRE,
        sex=Sex.F,
        presence=Presence.EXCUSED,
        absence_reason="malade",
    )
    man = woman.model_copy(update={"sex": Sex.M})
    assert quality_label_of(woman) == "Directrice des études"
    assert quality_label_of(man) == "Directeur des études"
    assert presence_label_of(woman) == "Excusée" and presence_label_of(man) == "Excusé"
    other = woman.model_copy(update={"quality": Quality.ADMINISTRATIF})
    assert quality_label_of(other) == "Personnel administratif"  # the same for everyone
