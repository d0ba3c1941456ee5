"""Composition of the jury (seed 000 for VAE; quorum and conflicts for every kind)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from juryapp.domain.composition import check_composition, sitting_members
from juryapp.domain.findings import Finding, errors, warnings
from juryapp.domain.models import (
    Conflict,
    ConflictType,
    JuryMember,
    Presence,
    Quality,
    Role,
    SessionKind,
    Sex,
)

Q = Quality
K = SessionKind


def m(id, quality=Q.ENSEIGNANT_CHERCHEUR, role=Role.MEMBRE, sex=Sex.X, presence=Presence.PRESENT):
    return JuryMember(
        id=id,
        last_name=id.upper(),
        first_name="P",
        quality=quality,
        role=role,
        sex=sex,
        presence=presence,
        absence_reason="malade" if presence is Presence.EXCUSED else "",
    )


def vae_jury() -> list[JuryMember]:
    """A compliant VAE jury: 3 EC (one presides) + 3 engineers + the director of studies,
    4 women and 3 men, and a secretary."""
    return [
        m("ec1", role=Role.PRESIDENT, sex=Sex.F),
        m("ec2", sex=Sex.M),
        m("ec3", sex=Sex.F),
        m("ing1", Q.INGENIEUR, sex=Sex.M),
        m("ing2", Q.INGENIEUR, sex=Sex.F),
        m("ing3", Q.INGENIEUR, sex=Sex.M),
        m("de", Q.DIRECTEUR_ETUDES, sex=Sex.F),
        m("sec", Q.AUTRE, role=Role.SECRETAIRE, sex=Sex.F),
    ]


def codes(findings: list[Finding]) -> set[str]:
    return {f.code for f in findings}


def test_compliant_vae_jury_has_no_finding():
    assert check_composition(K.VAE_VALIDATION, vae_jury()) == []


def test_missing_engineers_are_counted():
    jury = [x for x in vae_jury() if x.id not in ("ing2", "ing3")]
    found = check_composition(K.VAE_VALIDATION, jury)
    err = [f for f in found if f.code == "missing-ingenieur"]
    assert len(err) == 1 and err[0].level == "error"
    assert err[0].message == (
        "composition : 1 sur 3 ingénieurs en exercice requis — il en manque 2"
    )


def test_missing_director_of_studies():
    jury = [x for x in vae_jury() if x.id != "de"]
    f = next(
        f for f in check_composition(K.VAE_VALIDATION, jury) if f.code == "missing-directeur-etudes"
    )
    assert f.level == "error"
    assert f.message == "composition : 0 sur 1 directeur des études requis — il en manque 1"


def test_secretary_does_not_count_for_composition():
    jury = [x for x in vae_jury() if x.id != "ec3"]
    jury.append(m("sec2", Q.ENSEIGNANT_CHERCHEUR, role=Role.SECRETAIRE, sex=Sex.F))
    assert "missing-enseignant-chercheur" in codes(
        errors(check_composition(K.VAE_VALIDATION, jury))
    )


def test_no_president_is_an_error():
    jury = [
        m(x.id, x.quality, Role.MEMBRE, x.sex) if x.role is Role.PRESIDENT else x
        for x in vae_jury()
    ]
    assert "no-president" in codes(errors(check_composition(K.VAE_VALIDATION, jury)))


def test_two_presidents_is_an_error():
    jury = [m("a", role=Role.PRESIDENT), m("b", role=Role.PRESIDENT), m("c")]
    assert "several-presidents" in codes(errors(check_composition(K.ADMISSION_1A, jury)))


def test_absent_president_is_an_error():
    jury = [m("a", role=Role.PRESIDENT, presence=Presence.ABSENT), m("b"), m("c")]
    assert "president-absent" in codes(errors(check_composition(K.ADMISSION_1A, jury)))


def test_quorum():
    jury = [m("a", role=Role.PRESIDENT), m("b", presence=Presence.EXCUSED)]
    found = check_composition(K.ADMISSION_2A, jury)
    assert "quorum" in codes(errors(found))
    assert check_composition(K.ADMISSION_2A, [m("a", role=Role.PRESIDENT), m("b")]) == []


def test_absent_member_is_a_warning_naming_them():
    jury = vae_jury()
    jury[3] = m("ing1", Q.INGENIEUR, sex=Sex.M, presence=Presence.EXCUSED)
    found = check_composition(K.VAE_VALIDATION, jury)
    assert not errors(found)  # appointed composition is still compliant
    absent = [f for f in found if f.code == "member-absent"]
    assert len(absent) == 1 and "ING1" in absent[0].message and "malade" in absent[0].message
    assert "(ingénieur en exercice) : excusé" in absent[0].message
    short = next(f for f in found if f.code == "absent-ingenieur")
    assert short.message == "du fait des absences : 3 ingénieurs en exercice prévus, 2 siègent"
    # a woman: « (ingénieure en exercice) : excusée » (it said « est excusé(e) »)
    jury[3] = m("ing1", Q.INGENIEUR, sex=Sex.F, presence=Presence.EXCUSED)
    absent = [f for f in check_composition(K.VAE_VALIDATION, jury) if f.code == "member-absent"]
    assert "(ingénieure en exercice) : excusée" in absent[0].message
    assert "(e)" not in absent[0].message


def test_academic_majority_warning():
    # 3 EC + DE + 3 engineers: 4 of 7 academics -> fine; an absent EC makes it 3 of 6
    jury = vae_jury()
    jury[1] = m("ec2", sex=Sex.M, presence=Presence.ABSENT)
    found = check_composition(K.VAE_VALIDATION, jury)
    majority = next(f for f in found if f.code == "academic-majority")
    assert majority.message == (
        "3 membres académiques (enseignants-chercheurs, directeur des études) sur 6 membres "
        "siégeants : pas de majorité académique"
    )
    assert "academic-majority" not in codes(check_composition(K.VAE_VALIDATION, vae_jury()))


def test_an_absent_director_of_studies_means_none_sits():
    jury = vae_jury()
    jury[6] = m("de", Q.DIRECTEUR_ETUDES, sex=Sex.F, presence=Presence.ABSENT)
    found = check_composition(K.VAE_VALIDATION, jury)
    short = next(f for f in found if f.code == "absent-directeur-etudes")
    assert short.message == "du fait des absences : 1 directeur des études prévu, aucun ne siège"


def test_gender_imbalance_warning():
    jury = [
        m("a", role=Role.PRESIDENT, sex=Sex.M),
        m("b", sex=Sex.M),
        m("c", sex=Sex.M),
        m("d", sex=Sex.M),
        m("e", sex=Sex.F),
    ]
    found = check_composition(K.ADMISSION_1A, jury)
    gb = [f for f in found if f.code == "gender-balance"]
    assert gb and gb[0].level == "warning" and "1 femme" in gb[0].message
    # 2 of 5 is at least a third
    jury[1] = m("b", sex=Sex.F)
    assert "gender-balance" not in codes(check_composition(K.ADMISSION_1A, jury))


def test_gender_unknown_does_not_count():
    jury = [m("a", role=Role.PRESIDENT, sex=Sex.M), m("b", sex=Sex.M), m("c")]
    # only 2 sitting members with a known sex: no judgement
    assert "gender-balance" not in codes(check_composition(K.ADMISSION_1A, jury))


def test_hard_conflict_with_the_candidate_is_an_error():
    conflicts = [Conflict(member_id="ing1", candidate_id="cand", type=ConflictType.COACHED)]
    found = check_composition(K.VAE_VALIDATION, vae_jury(), conflicts, candidate_id="cand")
    err = [f for f in found if f.code == "conflict"]
    assert err and err[0].level == "error" and "ING1" in err[0].message
    assert err[0].message.endswith("et ne siège pas pour ce candidat")  # not « il/elle »
    # another candidate: no problem
    assert check_composition(K.VAE_VALIDATION, vae_jury(), conflicts, candidate_id="other") == []


def test_conflicted_members_do_not_sit_for_that_candidate():
    jury = [m("a", role=Role.PRESIDENT), m("b")]
    conflicts = [Conflict(member_id="b", candidate_id="c1", type=ConflictType.COLLEAGUE)]
    found = check_composition(K.ADMISSION_1A, jury, conflicts, candidate_id="c1")
    assert {"conflict", "quorum"} <= codes(errors(found))


def test_soft_conflict_is_a_warning():
    conflicts = [
        Conflict(member_id="ec2", candidate_id="cand", type=ConflictType.COLLEAGUE, hard=False)
    ]
    found = check_composition(K.VAE_VALIDATION, vae_jury(), conflicts, candidate_id="cand")
    assert codes(found) == {"soft-conflict"}
    assert found[0].level == "warning"


def test_without_candidate_all_hard_conflicts_are_listed_in_one_warning():
    conflicts = [
        Conflict(member_id="ec2", candidate_id="x1", type=ConflictType.RELATIONSHIP),
        Conflict(member_id="ing3", candidate_id="x2", type=ConflictType.COACHED),
        Conflict(member_id="ec3", candidate_id="x3", type=ConflictType.OTHER, hard=False),
    ]
    found = check_composition(K.VAE_VALIDATION, vae_jury(), conflicts)
    w = [f for f in found if f.code == "conflicts"]
    assert len(w) == 1 and w[0].level == "warning"
    assert "x1" in w[0].message and "x2" in w[0].message and "x3" not in w[0].message
    assert not errors(found)


def test_cqpm_expects_professionals():
    jury = [m("a", role=Role.PRESIDENT), m("b")]
    assert "no-professional" in codes(warnings(check_composition(K.CQPM, jury)))
    jury.append(m("pro", Q.PROFESSIONNEL))
    assert "no-professional" not in codes(check_composition(K.CQPM, jury))


def test_admission_does_not_need_vae_categories():
    jury = [m("a", Q.INGENIEUR, role=Role.PRESIDENT), m("b", Q.AUTRE)]
    assert check_composition(K.ADMISSION_1A, jury) == []


def test_errors_come_before_warnings():
    jury = [m("a", presence=Presence.ABSENT)]
    found = check_composition(K.VAE_VALIDATION, jury)
    levels = [f.level for f in found]
    assert levels == sorted(levels, key=lambda x: x != "error")
    assert "error" in levels and "warning" in levels


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(list(Quality)),
            st.sampled_from([Role.MEMBRE, Role.SECRETAIRE]),
            st.sampled_from(list(Sex)),
            st.sampled_from([Presence.PRESENT, Presence.ABSENT]),
        ),
        max_size=10,
    ),
    st.sampled_from(list(SessionKind)),
)
def test_secretaries_never_change_the_findings(people, kind):
    jury = [m(f"j{i}", q, r, s, p) for i, (q, r, s, p) in enumerate(people)]
    with_sec = check_composition(kind, jury)
    without = check_composition(kind, [x for x in jury if x.role is not Role.SECRETAIRE])
    assert with_sec == without
    # sitting members are never secretaries and are all present
    assert all(x.role is not Role.SECRETAIRE and x.is_present for x in sitting_members(jury))


@pytest.mark.parametrize("kind", list(SessionKind))
def test_empty_jury_is_an_error_for_every_kind(kind):
    assert {"no-president", "quorum"} <= codes(errors(check_composition(kind, [])))
