"""The sample sessions: they build, validate, show the features the demo relies on, and
are deterministic; the benchmark generator; writing them as session folders."""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections import Counter

import pytest

from juryapp import samples
from juryapp.domain.aggregation import candidate_result
from juryapp.domain.decisions import validate_decision
from juryapp.domain.eligibility import EligibilityStatus, check_eligibility
from juryapp.domain.models import (
    DecisionStage,
    DecisionValue,
    Quality,
    Role,
    ScoreStatus,
    Session,
    SessionKind,
    SessionStatus,
    Sex,
)


@pytest.fixture(scope="module")
def built() -> dict[str, Session]:
    return {s.info.id: s for s in samples.build_samples()}


def _is_latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _same(a: Session, b: Session) -> bool:
    # compared field by field: ``Session ==`` also compares pydantic private attributes
    # (the lookup cache), which differ once one of the sessions has been queried
    return a.model_dump() == b.model_dump()


def _values(session: Session, stage: DecisionStage) -> Counter:
    return Counter(d.value for d in session.decisions if d.stage is stage)


# --------------------------------------------------------------------------- all samples


def test_four_samples_with_their_ids(built: dict[str, Session]) -> None:
    assert list(built) == [
        "infres-1a-2026",
        "bat-2a-2026",
        "vae-ingenieur-2026",
        "contrat-pro-s9-2026",
    ]
    assert list(samples.SAMPLES) == list(built)


@pytest.mark.parametrize("sid", list(samples.SAMPLES))
def test_sample_validates_and_round_trips(built: dict[str, Session], sid: str) -> None:
    session = built[sid]
    again = Session.model_validate(session.model_dump())
    assert _same(again, session)
    assert _same(Session.model_validate_json(session.model_dump_json()), session)


@pytest.mark.parametrize("sid", list(samples.SAMPLES))
def test_sample_is_consistent(built: dict[str, Session], sid: str) -> None:
    session = built[sid]
    info = session.info
    assert info.institution == "IMT Mines Alès"
    assert info.dates and info.appointing_act and info.title
    assert session.president is not None and session.secretary is not None
    member_ids = {m.id for m in session.jury}
    cand_ids = [c.id for c in session.candidates]
    assert len(set(cand_ids)) == len(cand_ids)
    assert len(member_ids) == len(session.jury)
    for c in session.candidates:
        assert "@" in c.email and c.email.isascii()
        assert all(session.epreuve(e) is not None for e in c.planned_epreuves)
    for conflict in session.conflicts:
        assert conflict.member_id in member_ids and conflict.candidate_id in cand_ids
    for d in session.decisions:
        assert d.decided_by == session.president.id
        assert d.at.tzinfo is not None
        validate_decision(session, d)
    for s in session.scores:
        assert s.candidate_id in cand_ids
        assert s.member_id is None or s.member_id in member_ids
        assert s.at.tzinfo is not None


@pytest.mark.parametrize("sid", list(samples.SAMPLES))
def test_every_score_passes_check_value(built: dict[str, Session], sid: str) -> None:
    session = built[sid]
    for s in session.scores:
        ep = session.epreuve(s.epreuve_id)
        assert ep is not None, s
        crit = ep.criterion(s.criterion_id)
        assert crit is not None, s
        if s.status is ScoreStatus.SCORED:
            assert crit.check_value(s.value) is None, (s, crit.check_value(s.value))
        else:
            assert s.value is None and s.reason


def test_samples_are_deterministic() -> None:
    first = samples.build_samples()
    second = samples.build_samples()
    assert all(_same(a, b) for a, b in zip(first, second, strict=True))
    assert [s.model_dump_json() for s in first] == [s.model_dump_json() for s in second]


# --------------------------------------------------------------------------- INFRES 1A


def test_infres_session_info(built: dict[str, Session]) -> None:
    s = built["infres-1a-2026"]
    assert s.info.kind is SessionKind.ADMISSION_1A
    assert s.info.specialty == "INFRES"
    assert s.info.places == 40
    assert s.info.status is SessionStatus.IN_PROGRESS
    assert all(d.year == 2026 and d.month == 4 for d in s.info.dates)
    assert "2026-014" in s.info.appointing_act
    assert [e.id for e in s.epreuves] == ["video", "entretien", "anglais"]


def test_infres_dossiers(built: dict[str, Session]) -> None:
    s = built["infres-1a-2026"]
    assert 55 <= len(s.candidates) <= 65
    names = [f"{c.first_name} {c.last_name}" for c in s.candidates]
    for wanted in ("Thị Ánh Nguyễn", "Łukasz Wróbel", "Şükrü Çelik", "Zoé Lefèvre"):
        assert wanted in names
    assert any("Œuvrard" in n for n in names) and any("Maëlys" in n for n in names)
    assert sum(not _is_latin1(n) for n in names) >= 4
    assert all(c.track.value == "1A" and c.specialty == "INFRES" for c in s.candidates)
    assert any(c.diploma == "BTS Comptabilité et gestion" for c in s.candidates)
    assert any(c.ects is not None and c.ects < 120 for c in s.candidates)
    assert sum(c.foreign_diploma for c in s.candidates) == 2
    assert sum("ATS" in c.diploma for c in s.candidates) >= 2
    assert sum(bool(c.missing_documents) for c in s.candidates) == 2
    assert any(c.scholarship for c in s.candidates)
    assert {c.programmes for c in s.candidates} == {1, 2, 3}
    statuses = Counter(
        check_eligibility(c, s.info.kind, s.info.specialty).status for c in s.candidates
    )
    assert statuses[EligibilityStatus.NOT_EXAMINED] == 2
    assert statuses[EligibilityStatus.INELIGIBLE] >= 1
    assert statuses[EligibilityStatus.JURY_DECIDES] >= 4
    assert statuses[EligibilityStatus.ELIGIBLE] >= 40


def test_infres_jury_and_conflicts(built: dict[str, Session]) -> None:
    s = built["infres-1a-2026"]
    roles = Counter(m.role for m in s.jury)
    assert roles[Role.PRESIDENT] == 1 and roles[Role.SECRETAIRE] == 1
    assert roles[Role.MEMBRE] == 4
    assert s.president.id == "prez-martin"
    assert s.president.quality is Quality.ENSEIGNANT_CHERCHEUR
    assert {m.quality for m in s.jury} >= {
        Quality.ENSEIGNANT_CHERCHEUR,
        Quality.INGENIEUR,
        Quality.DIRECTEUR_ETUDES,
    }
    hard = [c for c in s.conflicts if c.hard]
    soft = [c for c in s.conflicts if not c.hard]
    assert len(hard) == 1 and len(soft) == 1
    assert hard[0].type.value == "coached"
    # the conflicted member only has a recusal on record for that candidate
    mine = [
        x
        for x in s.scores
        if x.member_id == hard[0].member_id and x.candidate_id == hard[0].candidate_id
    ]
    assert mine and all(x.status is ScoreStatus.RECUSED for x in mine)


def test_infres_decisions(built: dict[str, Session]) -> None:
    s = built["infres-1a-2026"]
    review = _values(s, DecisionStage.DOSSIER_REVIEW)
    assert 4 <= review[DecisionValue.EXCELLENCE] <= 8
    assert review[DecisionValue.STANDARD] >= 35
    assert 5 <= review[DecisionValue.REJET] <= 10
    examined = [c for c in s.candidates if not c.missing_documents]
    for c in s.candidates:
        has_review = s.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW) is not None
        assert has_review == (c in examined)
    # eligibility problems are either rejected or overridden with a reason
    for c in examined:
        el = check_eligibility(c, s.info.kind, s.info.specialty)
        d = s.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW)
        if el.status is not EligibilityStatus.ELIGIBLE:
            assert d.value is DecisionValue.REJET or d.override_reason
    after = _values(s, DecisionStage.AFTER_TESTS)
    assert after[DecisionValue.ADMISSIBLE] >= 10 and after[DecisionValue.NON_ADMISSIBLE] >= 1
    standard = [
        c.id
        for c in s.candidates
        if (d := s.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW))
        and d.value is DecisionValue.STANDARD
    ]
    decided = {d.candidate_id for d in s.decisions if d.stage is DecisionStage.AFTER_TESTS}
    assert decided < set(standard)  # part of them only: the session is in progress


def test_infres_scores(built: dict[str, Session]) -> None:
    s = built["infres-1a-2026"]
    standard = {
        c.id
        for c in s.candidates
        if (d := s.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW))
        and d.value is DecisionValue.STANDARD
    }
    assert {x.candidate_id for x in s.scores} == standard
    for cid in standard:
        cand = s.candidate(cid)
        assert cand.planned_epreuves[0] == "video"
        members = {
            x.member_id for x in s.scores_for(cid, "video") if x.status is ScoreStatus.SCORED
        }
        assert 1 <= len(members) <= 3
        assert None not in members
    english = [x for x in s.scores if x.epreuve_id == "anglais"]
    assert len(english) >= 15
    assert all(x.member_id is None and x.source == samples.PLATEFORME_ANGLAIS for x in english)
    assert {x.epreuve_id for x in s.scores} == {"video", "entretien", "anglais"}
    abstained = [x for x in s.scores if x.status is ScoreStatus.ABSTAINED]
    assert abstained and all(x.reason for x in abstained)
    divergent = [c.id for c in s.candidates if candidate_result(s, c.id).divergent]
    assert len(divergent) == 1


# --------------------------------------------------------------------------- BAT 2A


def test_bat_2a(built: dict[str, Session]) -> None:
    s = built["bat-2a-2026"]
    assert s.info.kind is SessionKind.ADMISSION_2A
    assert s.info.specialty == "BAT" and s.info.places == 1
    assert 5 <= len(s.candidates) <= 7
    assert all(c.ects is not None and c.ects >= 180 for c in s.candidates)
    assert any(c.ects >= 300 for c in s.candidates) and any(c.ects == 240 for c in s.candidates)
    assert {e.id for e in s.epreuves} == {"anglais", "entretien", "oral-option"}
    optional = [c for c in s.candidates if "oral-option" in c.planned_epreuves]
    assert len(optional) == 1
    assert [e.id for e in s.planned_epreuves(optional[0])] == [
        "anglais",
        "entretien",
        "oral-option",
    ]
    assert any(x.epreuve_id == "oral-option" for x in s.scores_for(optional[0].id))
    review = _values(s, DecisionStage.DOSSIER_REVIEW)
    assert review[DecisionValue.PRE_ADMISSIBLE] >= 3 and review[DecisionValue.REJET] >= 1
    english = [x for x in s.scores if x.epreuve_id == "anglais"]
    assert english and all(x.source == samples.PLATEFORME_ANGLAIS for x in english)


# --------------------------------------------------------------------------- VAE


def test_vae(built: dict[str, Session]) -> None:
    s = built["vae-ingenieur-2026"]
    assert s.info.kind is SessionKind.VAE_VALIDATION
    assert s.info.status is SessionStatus.PREPARATION
    assert "mines d'Alès" in s.info.title
    assert not s.decisions and not s.scores
    voting = [m for m in s.jury if m.role is not Role.SECRETAIRE]
    assert len(voting) == 7
    qualities = Counter(m.quality for m in voting)
    assert qualities[Quality.ENSEIGNANT_CHERCHEUR] == 3
    assert qualities[Quality.INGENIEUR] == 3
    assert qualities[Quality.DIRECTEUR_ETUDES] == 1
    assert s.secretary is not None
    sexes = Counter(m.sex for m in voting)
    assert abs(sexes[Sex.F] - sexes[Sex.M]) <= 1
    assert [b.id for b in s.info.blocs] == ["B1", "B2", "B3", "B4", "B5", "B6"]
    assert all(len(b.label) > 20 for b in s.info.blocs)
    assert len(s.candidates) == 2
    for c in s.candidates:
        assert c.toeic is not None and c.toeic >= 800
        assert c.international_experience is True
        assert c.recevabilite_date is not None and c.validation_filed_date is not None
        assert c.recevabilite_date < c.validation_filed_date < s.info.dates[0]
        assert 80 <= c.dossier_pages <= 100
    assert [e.kind.value for e in s.epreuves] == ["vae-defence"]


# --------------------------------------------------------------------------- contrat pro


def test_contrat_pro(built: dict[str, Session]) -> None:
    s = built["contrat-pro-s9-2026"]
    assert s.info.kind is SessionKind.CONTRAT_PRO
    assert 6 <= len(s.candidates) <= 10
    assert {c.extra["département"] for c in s.candidates} == {"2IA", "GCBD", "PRISM"}
    assert [e.id for e in s.epreuves] == ["demarche", "rapport", "tuteur"]
    demarche = s.epreuve("demarche")
    assert {tuple(c.levels) for c in demarche.criteria} == {(0.0, 1.0), (0.0, 1.0, 2.0)}
    for c in s.candidates:
        for ep in s.epreuves:
            scored = {x.criterion_id for x in s.scores_for(c.id, ep.id)}
            assert scored == {cr.id for cr in ep.criteria}
    tutor = [x for x in s.scores if x.epreuve_id == "tuteur"]
    assert all(x.member_id is None and x.source == samples.TUTEUR_ENTREPRISE for x in tutor)
    assert Counter(d.value for d in s.decisions) == {
        DecisionValue.VALIDE: 7,
        DecisionValue.NON_VALIDE: 1,
    }


# --------------------------------------------------------------------------- benchmarks


def test_generate_admission_session_200() -> None:
    s = samples.generate_admission_session(200)
    assert len(s.candidates) == 200
    assert len({c.id for c in s.candidates}) == 200
    members = [m.id for m in s.jury if m.role is Role.MEMBRE]
    assert len(members) == 3
    assert s.president is not None and s.secretary is not None
    assert len(s.epreuves) == 4
    criteria = sum(len(e.criteria) for e in s.epreuves)
    assert len(s.scores) == 200 * 3 * criteria
    keys = {(x.member_id, x.candidate_id, x.epreuve_id) for x in s.scores}
    assert len(keys) == 200 * 3 * 4
    for x in s.scores:
        crit = s.epreuve(x.epreuve_id).criterion(x.criterion_id)
        assert crit.check_value(x.value) is None
    for c in s.candidates:
        assert [e.id for e in s.planned_epreuves(c)] == [e.id for e in s.epreuves]
    assert _same(Session.model_validate(s.model_dump()), s)


def test_generate_admission_session_shapes() -> None:
    small = samples.generate_admission_session(5, members=2, epreuves=2, seed=3)
    assert [e.id for e in small.epreuves] == ["video", "entretien"]
    assert len(small.scores) == 5 * 2 * sum(len(e.criteria) for e in small.epreuves)
    big = samples.generate_admission_session(3, members=1, epreuves=6)
    assert [e.id for e in big.epreuves][3:] == ["oral-2", "oral-3", "oral-4"]
    assert all(e.optional for e in big.epreuves[3:])
    assert _same(
        samples.generate_admission_session(10, seed=7),
        samples.generate_admission_session(10, seed=7),
    )
    assert samples.generate_admission_session(0).candidates == []
    with pytest.raises(ValueError):
        samples.generate_admission_session(3, members=0)


def test_ascii_slug() -> None:
    assert samples.ascii_slug("Nguyễn Thị Ánh") == "nguyen-thi-anh"
    assert samples.ascii_slug("Łukasz Wróbel") == "lukasz-wrobel"
    assert samples.ascii_slug("Şükrü Çelik") == "sukru-celik"
    assert samples.ascii_slug("Chloé Œuvrard") == "chloe-oeuvrard"
    assert samples.ascii_slug("Yılmaz") == "yilmaz"


# --------------------------------------------------------------------------- on disk

_HAS_STORE = importlib.util.find_spec("juryapp.store.session_store") is not None


@pytest.mark.skipif(not _HAS_STORE, reason="juryapp.store.session_store not available yet")
def test_write_samples_and_load_back(tmp_path, built: dict[str, Session]) -> None:
    from juryapp.store.session_store import SessionStore

    stale = tmp_path / "infres-1a-2026.jury"
    stale.mkdir()
    (stale / "leftover.txt").write_text("old", encoding="utf-8")
    other = tmp_path / "keep-me"
    other.mkdir()

    paths = samples.write_samples(tmp_path)
    assert [p.name for p in paths] == [f"{sid}.jury" for sid in samples.SAMPLES]
    assert not (stale / "leftover.txt").exists()
    assert other.is_dir()
    for path in paths:
        assert not (path / "backups").exists()
        loaded = SessionStore.open(path, backup=False).load()
        assert _same(loaded, built[loaded.info.id])


@pytest.mark.skipif(not _HAS_STORE, reason="juryapp.store.session_store not available yet")
def test_main_writes_folders(tmp_path) -> None:
    assert samples.main([str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{sid}.jury" for sid in samples.SAMPLES
    )


def test_dates_are_fixed(built: dict[str, Session]) -> None:
    for s in built.values():
        for d in s.decisions:
            assert d.at.date() <= dt.date(2026, 6, 30)
