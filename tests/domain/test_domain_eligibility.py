"""Eligibility of admission dossiers (seed 001 §1–2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.eligibility import (
    DIPLOMAS_1A,
    Eligibility,
    EligibilityStatus,
    check_eligibility,
    is_prepa,
    match_diploma_1a,
    normalize_specialty,
)
from juryapp.domain.models import Candidate, SessionKind, Track

E = EligibilityStatus
K = SessionKind


def cand(track=Track.A1, **kw) -> Candidate:
    return Candidate(id="c1", last_name="Durand", track=track, **kw)


def elig1(diploma, specialty="INFRES", ects=120, **kw) -> Eligibility:
    return check_eligibility(cand(diploma=diploma, ects=ects, **kw), K.ADMISSION_1A, specialty)


def test_diploma_lists_match_the_seed():
    assert set(DIPLOMAS_1A) == {"BAT", "INFRES", "MKX"}
    assert "Génie Civil-Construction Durable" in DIPLOMAS_1A["BAT"]["DUT"]
    assert "Services Informatiques aux Organisations" in DIPLOMAS_1A["INFRES"]["BTS"]
    assert "Mesures Physiques" in DIPLOMAS_1A["MKX"]["DUT"]
    assert len(DIPLOMAS_1A["MKX"]["BTS"]) == 7
    # GEII is listed in both INFRES and MKX
    assert "Génie Électrique et Informatique Industrielle" in DIPLOMAS_1A["INFRES"]["DUT"]
    assert "Génie Électrique et Informatique Industrielle" in DIPLOMAS_1A["MKX"]["DUT"]


@pytest.mark.parametrize(
    ("diploma", "specialty", "expected"),
    [
        ("DUT Informatique", "INFRES", "DUT Informatique"),
        ("BUT informatique", "INFRES", "DUT Informatique"),
        ("dut INFORMATIQUE", "Informatique et réseaux", "DUT Informatique"),
        ("BTS SIO", "INFRES", "BTS Services Informatiques aux Organisations"),
        ("BTS SIO option SLAM", "INFRES", "BTS Services Informatiques aux Organisations"),
        ("DUT GEII", "INFRES", "DUT Génie Électrique et Informatique Industrielle"),
        ("BUT GEII", "MKX", "DUT Génie Électrique et Informatique Industrielle"),
        (
            "DUT Génie électrique et informatique industrielle",
            "INFRES",
            "DUT Génie Électrique et Informatique Industrielle",
        ),
        ("DUT R&T", "INFRES", "DUT Réseaux et Télécommunications"),
        ("DUT RT", "INFRES", "DUT Réseaux et Télécommunications"),
        ("RT", "INFRES", "DUT Réseaux et Télécommunications"),
        ("BUT Réseaux et télécommunications", "INFRES", "DUT Réseaux et Télécommunications"),
        ("BTS SN option IR", "INFRES", "BTS Systèmes Numériques option A Informatique et Réseaux"),
        (
            "BTS SN option A IR",
            "INFRES",
            "BTS Systèmes Numériques option A Informatique et Réseaux",
        ),
        (
            "BTS Systèmes numériques option A informatique et réseaux",
            "INFRES",
            "BTS Systèmes Numériques option A Informatique et Réseaux",
        ),
        ("BTS SN EC", "MKX", "BTS Systèmes Numériques option électronique et communications"),
        ("DUT GMP", "MKX", "DUT Génie Mécanique et Productique"),
        ("DUT MP", "MKX", "DUT Mesures Physiques"),
        ("BTS CIRA", "MKX", "BTS Contrôle Industriel et Régulation Automatique"),
        ("bts aéronautique", "MKX", "BTS Aéronautique"),
        ("BTS Electrotechnique", "MKX", "BTS Électrotechnique"),
        ("DUT GCCD", "BAT", "DUT Génie Civil-Construction Durable"),
        ("DUT Génie civil - construction durable", "BAT", "DUT Génie Civil-Construction Durable"),
        ("BUT MT2E", "BAT", "DUT Génie Thermique et Énergie"),
        ("BTS Bâtiment", "bat", "BTS Bâtiment"),
        ("BTS enveloppe des bâtiments", "BAT", "BTS Enveloppe du bâtiment"),
        ("BTS FED", "BAT", "BTS Fluides Énergies Domotique"),
        ("BTS SCBH", "BAT", "BTS Systèmes constructifs bois et habitat"),
        (
            "Génie électrique et informatique industrielle",
            "MKX",
            "DUT Génie Électrique et Informatique Industrielle",
        ),
    ],
)
def test_listed_diplomas_are_recognised(diploma, specialty, expected):
    assert match_diploma_1a(diploma, specialty) == expected


@pytest.mark.parametrize(
    ("diploma", "specialty"),
    [
        ("DUT Informatique", "MKX"),  # listed for INFRES only
        ("BTS SIO", "BAT"),
        ("BTS SN option IR", "MKX"),  # wrong option for MKX
        ("BTS SN option EC", "INFRES"),
        ("BTS SN", "INFRES"),  # option not stated
        ("Licence génie civil", "BAT"),  # not a DUT even if the words match
        ("DUT Techniques de commercialisation", "INFRES"),
        ("BTS Informatique", "INFRES"),  # informatique is a DUT name, not a BTS
        ("MP", "MKX"),  # the prépa MP, not Mesures physiques
        ("", "INFRES"),
        ("DUT Informatique", "CHIMIE"),  # unknown specialty
    ],
)
def test_other_diplomas_are_not_listed(diploma, specialty):
    assert match_diploma_1a(diploma, specialty) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Prépa ATS", True),
        ("classe préparatoire PTSI/PT", True),
        ("CPGE MP", True),
        ("MPSI", True),
        ("PCSI PC", True),
        ("spé ATS génie électrique", True),
        ("DUT Informatique", False),
        ("Licence informatique", False),
        ("", False),
    ],
)
def test_is_prepa(text, expected):
    assert is_prepa(text) is expected


def test_normalize_specialty():
    assert normalize_specialty("infres") == "INFRES"
    assert normalize_specialty("Mécatronique") == "MKX"
    assert normalize_specialty("Batiment") == "BAT"
    assert normalize_specialty("Chimie") is None


# --------------------------------------------------------------------------- 1A


def test_1a_listed_diploma_with_120_ects_is_eligible():
    e = elig1("BTS SIO", ects=120)
    assert e.status is E.ELIGIBLE and e.ok
    assert any("Services Informatiques" in r for r in e.reasons)


def test_1a_a_but_is_said_to_succeed_the_listed_dut():
    """« BUT Réseaux et Télécommunications » matched the list's DUT: the reason named the
    DUT alone, beside a diploma that says BUT."""
    e = elig1("BUT Réseaux et Télécommunications")
    assert e.status is EligibilityStatus.ELIGIBLE
    assert e.reasons[0] == (
        "BUT Réseaux et Télécommunications : le BUT succède au DUT Réseaux et "
        "Télécommunications de la liste de la spécialité INFRES"
    )
    # a DUT: the list's own words
    reason = elig1("DUT Réseaux et Télécommunications").reasons[0]
    assert (
        reason == "DUT Réseaux et Télécommunications : diplôme de la liste de la spécialité INFRES"
    )


def test_1a_prepa_is_eligible():
    e = elig1("Prépa ATS", specialty="MKX", ects=120)
    assert e.status is E.ELIGIBLE
    assert any("préparatoire" in r for r in e.reasons)


def test_1a_fewer_than_120_ects_is_ineligible():
    e = elig1("DUT Informatique", ects=119)
    assert e.status is E.INELIGIBLE and not e.ok
    assert "119" in e.reasons[0] and "120" in e.reasons[0]


def test_1a_other_french_title_with_120_ects_jury_decides():
    e = elig1("Licence 2 mathématiques", ects=120)
    assert e.status is E.JURY_DECIDES
    assert any("hors liste" in r for r in e.reasons)


def test_1a_listed_for_another_specialty_jury_decides():
    assert elig1("DUT Informatique", specialty="BAT").status is E.JURY_DECIDES


def test_1a_sn_without_option_is_pointed_out():
    e = elig1("BTS SN", specialty="INFRES")
    assert e.status is E.JURY_DECIDES
    assert any("option non précisée" in r for r in e.reasons)


def test_1a_foreign_diploma_jury_decides():
    e = elig1("Licence (Maroc)", ects=180, foreign_diploma=True)
    assert e.status is E.JURY_DECIDES
    assert "étranger" in e.reasons[0]


def test_1a_unknown_ects_is_said():
    e = elig1("DUT Informatique", ects=None)
    assert e.status is E.JURY_DECIDES
    assert any("ECTS non renseigné" in r for r in e.reasons)


def test_1a_missing_documents_take_precedence():
    e = elig1(
        "DUT Informatique",
        ects=60,
        foreign_diploma=True,
        documents={"avis de poursuite d'études": False, "relevés": False, "CV": True},
    )
    assert e.status is E.NOT_EXAMINED
    assert "avis de poursuite d'études" in e.reasons[0] and "relevés" in e.reasons[0]
    assert "CV" not in e.reasons[0]


def test_1a_all_documents_provided_is_not_missing():
    e = elig1("DUT Informatique", documents={"CV": True})
    assert e.status is E.ELIGIBLE


def test_1a_unknown_specialty_jury_decides():
    e = elig1("DUT Informatique", specialty="")
    assert e.status is E.JURY_DECIDES
    assert "inconnue" in e.reasons[0]


@settings(max_examples=80, deadline=None)
@given(
    spec=st.sampled_from(["BAT", "INFRES", "MKX"]),
    data=st.data(),
    ects=st.integers(min_value=0, max_value=600),
    upper=st.booleans(),
)
def test_1a_every_listed_name_is_eligible_iff_120_ects(spec, data, ects, upper):
    typ = data.draw(st.sampled_from(sorted(DIPLOMAS_1A[spec])))
    name = data.draw(st.sampled_from(DIPLOMAS_1A[spec][typ]))
    text = f"{typ} {name}"
    text = text.upper() if upper else text
    e = elig1(text, specialty=spec, ects=ects)
    assert e.status is (E.ELIGIBLE if ects >= 120 else E.INELIGIBLE)


# --------------------------------------------------------------------------- 2A


def elig2(diploma="", ects=None, **kw) -> Eligibility:
    return check_eligibility(
        cand(track=Track.A2, diploma=diploma, ects=ects, **kw), K.ADMISSION_2A, "BAT"
    )


@pytest.mark.parametrize(
    ("diploma", "ects", "status"),
    [
        ("M1 génie civil", None, E.ELIGIBLE),
        ("Master 2 structures", None, E.ELIGIBLE),
        ("Licence professionnelle", 240, E.ELIGIBLE),
        ("", 300, E.ELIGIBLE),
        ("Licence génie civil", 180, E.INELIGIBLE),
        ("Licence génie civil", 239, E.INELIGIBLE),
        ("Licence génie civil", None, E.JURY_DECIDES),
    ],
)
def test_2a(diploma, ects, status):
    assert elig2(diploma, ects).status is status


def test_2a_m1_reminds_the_domain():
    e = elig2("M1 génie civil")
    assert any("spécialité" in r for r in e.reasons)


def test_2a_foreign_and_missing():
    assert elig2("Master (Liban)", 300, foreign_diploma=True).status is E.JURY_DECIDES
    assert elig2("M2", 300, documents={"diplôme": False}).status is E.NOT_EXAMINED


def test_2a_ineligible_says_what_is_required():
    e = elig2("Licence", 180)
    assert "180" in e.reasons[0] and "240" in e.reasons[0]


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=600))
def test_2a_ects_threshold(ects):
    e = elig2("Licence", ects)
    assert e.status is (E.ELIGIBLE if ects >= 240 else E.INELIGIBLE)


# --------------------------------------------------------------------------- others


@pytest.mark.parametrize("kind", [K.VAE_RECEVABILITE, K.VAE_VALIDATION, K.CQPM])
def test_other_kinds_jury_decides_unless_documents_missing(kind):
    c = cand(track=Track.VAE)
    assert check_eligibility(c, kind, "").status is E.JURY_DECIDES
    c2 = cand(track=Track.VAE, documents={"livret 1": False})
    assert check_eligibility(c2, kind, "").status is E.NOT_EXAMINED


@pytest.mark.parametrize("kind", [K.VAE_VALIDATION, K.CQPM])
def test_a_validation_jury_takes_the_recevabilite_already_ruled(kind):
    """The dossier said « ? Recevabilité à apprécier par le jury » next to « Recevabilité
    notifiée 15/10/2024 »: the validation jury does not rule on it again."""
    import datetime as dt

    c = cand(track=Track.VAE).model_copy(update={"recevabilite_date": dt.date(2024, 10, 15)})
    e = check_eligibility(c, kind, "")
    assert e.status is E.ELIGIBLE and "15/10/2024" in e.reasons[0]
    # the recevabilité jury itself still rules
    assert check_eligibility(c, K.VAE_RECEVABILITE, "").status is E.JURY_DECIDES


def test_a_professional_contract_has_no_recevabilite_to_rule_on():
    c = cand()
    e = check_eligibility(c, K.CONTRAT_PRO, "")
    assert e.status is E.ELIGIBLE and "pas de recevabilité" in e.reasons[0]
    c2 = cand(documents={"convention": False})
    assert check_eligibility(c2, K.CONTRAT_PRO, "").status is E.NOT_EXAMINED


def test_eligibility_is_frozen():
    e = Eligibility(E.ELIGIBLE, ("ok",))
    with pytest.raises(AttributeError):
        e.status = E.INELIGIBLE  # type: ignore[misc]
