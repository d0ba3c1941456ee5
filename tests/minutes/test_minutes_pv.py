"""The procès-verbal, read back from the PDF (pypdf) for each kind of session."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from minutes_helpers import flat, load, pdf_pages, pdf_text, sig_fields, vae_events

from juryapp.domain.contrat_pro import contrat_pro_result
from juryapp.domain.decisions import notification_deadline
from juryapp.domain.models import (
    Candidate,
    Decision,
    DecisionStage,
    DecisionValue,
    JuryMember,
    Presence,
    Quality,
    Role,
    Session,
    SessionInfo,
    SessionKind,
    Sex,
    Track,
)
from juryapp.minutes.checklist import checklist, missing_decisions
from juryapp.minutes.content import build_minutes, pv_version
from juryapp.minutes.documents import pv_pdf, read_keywords
from juryapp.minutes.fingerprint import decision_record, fingerprint
from juryapp.minutes.text import fr_date


def _every_page_carries(data: bytes, session_id: str, fp: str) -> None:
    pages = pdf_pages(data)
    assert pages
    for i, page in enumerate(pages, 1):
        assert f"Page {i} / {len(pages)}" in page, page[-300:]
        assert f"session {session_id}" in page
        assert fp in page.replace("\n", "")


def _keywords(data: bytes) -> dict[str, str]:
    import io

    from pypdf import PdfReader

    return read_keywords(str(PdfReader(io.BytesIO(data)).metadata.get("/Keywords", "")))


# --------------------------------------------------------------------------- admission


def test_admission_pv_states_everything_and_no_mark(infres_decided: Path) -> None:
    session = load(infres_decided)
    assert missing_decisions(session) == []
    m = build_minutes(session)
    data = pv_pdf(session, minutes=m)
    text = pdf_text(data)
    one = flat(text)
    info = session.info
    # the session
    for needle in (
        "IMT Mines Alès",
        "PROCÈS-VERBAL DE DÉLIBÉRATION DU JURY",
        "Admission en 1re année (apprentissage)",
        "INFRES",
        "1er, 10, 14, 15 et 21 avril 2026",
        info.place,
        "Décision n° 2026-014",
        "Version du procès-verbal",
    ):
        assert needle in one, needle
    assert flat(info.appointing_act) in one
    # the jury: name, quality, role, presence; the president
    for member in session.jury:
        assert member.last_name in one
    assert "Mme Hélène Martin" in one and "Présidente du jury" in one
    assert "Enseignante-chercheuse" in one and "Ingénieur en exercice" in one
    assert "Le jury est présidé par Mme Hélène Martin" in one
    assert "La composition du jury est conforme" in one
    # conflicts: who did not take part in which deliberation
    assert "M. Jean-Luc Dupont" in one and "INF26-039" in one
    assert "N'a pris part ni à l'évaluation ni à la délibération" in one
    assert "INF26-013" in one and "Lien déclaré" in one
    # decisions after the dossier review, with the override's reason
    assert "Excellence académique (admissible)" in one
    assert "Rejet de la candidature" in one
    assert "Recevabilité accordée par le jury : Diplôme étranger jugé équivalent" in one
    # after the tests
    assert "Non admissible" in one and "Admissible" in one
    # the ranked list, places, main and complementary lists
    assert "Nombre de places ouvertes : 20." in one
    assert "limite des 20 places" in one
    ranked = [e for e in _ranked(session)]
    assert len(ranked) > 20
    comp = [e for e in ranked if e.list_name == "complementaire"]
    assert f"Liste complémentaire : {len(comp)} candidats (rangs 21 à {ranked[-1].rank})" in one
    assert "Complémentaire" in one and "Principale" in one
    # no detailed mark anywhere (a mark reads 12,50)
    assert not re.search(r"\b\d{1,2},\d\d\b", text), re.findall(r"\b\d{1,2},\d\d\b", text)[:5]
    # closing and signatures: the president and every member present
    assert "Fait à Alès, le 21 avril 2026." in one
    fields = sig_fields(data)
    members = {str(f["/JuryappMember"]) for f in fields.values()}
    expected = {m.id for m in session.jury if m.role is not Role.SECRETAIRE and m.is_present}
    assert members == expected
    assert all(str(f["/JuryappPurpose"]) == "pv" for f in fields.values())
    _every_page_carries(data, info.id, m.fingerprint)
    assert _keywords(data) == {
        "document": "pv",
        "session": info.id,
        "version": "1",
        "fingerprint": m.fingerprint,
    }


def _ranked(session: Session) -> list:
    from juryapp.minutes.fingerprint import ranked_lists

    return ranked_lists(session)


def test_admission_2a_pv(sample: Callable[[str], Path]) -> None:
    session = load(sample("bat-2a-2026"))
    data = pv_pdf(session)
    one = flat(pdf_text(data))
    assert "Admission en 2e année (apprentissage)" in one
    assert "Nombre de places ouvertes : 1." in one
    assert "Pré-admissible" in one and "Rejet de la candidature" in one
    assert "En attente de décision" in one  # tests not decided yet
    assert "Excellence" not in one


def test_draft_pv_is_marked_and_has_no_signature_field(sample: Callable[[str], Path]) -> None:
    session = load(sample("infres-1a-2026"))
    assert any(f.code == "missing-decisions" for f in checklist(session))
    data = pv_pdf(session, draft=True)
    text = pdf_text(data)
    assert "PROJET" in text
    assert "Signature (projet : non signable)" in flat(text)
    assert _keywords(data)["document"] == "pv-draft"
    import io

    from pypdf import PdfReader

    root = PdfReader(io.BytesIO(data)).trailer["/Root"]
    assert "/AcroForm" not in root or not root["/AcroForm"].get("/Fields")


# --------------------------------------------------------------------------- VAE


def test_vae_pv_composition_timings_decisions_deadline(vae_decided: Path) -> None:
    session = load(vae_decided)
    session = session.model_copy(update={"defence_events": vae_events()})
    data = pv_pdf(session)
    one = flat(pdf_text(data))
    # the 3 + 3 + 1 rule
    assert "« 3 + 3 + 1 »" in one
    assert (
        "Membres nommés : 3 enseignants-chercheurs, 3 ingénieurs en exercice, "
        "1 directeur des études ; membres siégeant : 3 enseignants-chercheurs" in one
    )
    assert "La composition du jury est conforme" in one
    # the defence's actual timings (8 h 30 in Alès), the pause, the early end
    assert "Exposé oral ininterrompu 8 h 30 9 h 21 45 min 00 s 45 min" in one
    assert "interruptions : 6 min 00 s" in one
    assert "1 h 20 min 00 s" in one and "en deçà du minimum de 1 h 30" in one
    assert "fin anticipée : Le jury a épuisé ses questions" in one
    assert "de 8 h 50 à 8 h 56 (6 min 00 s) — motif : Panne du vidéoprojecteur" in one
    assert "aucun enregistrement du chronométrage" in one  # M. Boulanger: no clock record
    # the decisions
    assert "Validation totale" in one and "Tous les blocs (B1, B2, B3, B4, B5, B6)" in one
    assert "Validation partielle" in one
    assert "Blocs de compétences validés B1 — Analyser" in one
    assert "Blocs restant à valider B3 — Manager une équipe" in one
    assert "Préconisations du jury Conduire une mission d'encadrement" in one
    assert "entretien post-jury" in one
    # notified within 15 days of the jury
    deadline = notification_deadline(dt.date(2026, 6, 18))
    assert f"au plus tard le {fr_date(deadline)}" in one
    assert "3 juillet 2026" in one
    # 7 signatories: the president and the 6 members
    fields = sig_fields(data)
    assert len(fields) == 7
    m = build_minutes(session)
    _every_page_carries(data, session.info.id, m.fingerprint)


def test_vae_composition_findings_and_absence(vae_decided: Path) -> None:
    session = load(vae_decided)
    jury = [
        m.model_copy(update={"presence": Presence.EXCUSED, "absence_reason": "Soutenance de thèse"})
        if m.id == "m-ouali"
        else m
        for m in session.jury
    ]
    session = session.model_copy(update={"jury": jury})
    one = flat(pdf_text(pv_pdf(session)))
    assert "Excusé — Soutenance de thèse" in one
    assert "siégeant : 3 enseignants-chercheurs, 2 ingénieurs en exercice" in one
    assert "Observation : du fait des absences : 3 ingénieurs en exercice prévus, 2 siègent" in one
    # an excused member does not sign
    fields = sig_fields(pv_pdf(session))
    assert "m-ouali" not in {str(f["/JuryappMember"]) for f in fields.values()}
    assert len(fields) == 6


def test_an_override_is_stated_as_used_only_when_the_composition_breaks_a_rule(
    vae_decided: Path,
) -> None:
    """A motivated override with a conforming composition (only observations) is not
    « siégé par dérogation »: the PV says it was not needed; with a broken rule, it is."""
    session = load(vae_decided)
    reason = "Urgence : jury réuni malgré une absence"
    info = session.info.model_copy(update={"composition_override": reason})
    excused = [
        m.model_copy(update={"presence": Presence.EXCUSED, "absence_reason": "Malade"})
        if m.id == "m-ouali"
        else m
        for m in session.jury
    ]
    only_observations = session.model_copy(update={"info": info, "jury": excused})
    one = flat(pdf_text(pv_pdf(only_observations)))
    assert "conforme ; observations" in one
    assert "a siégé par dérogation" not in one
    assert f"motivée par le président (motif : {reason})" in one
    assert "il n'en a pas été fait usage" in one
    # an engineer short in the jury appointed: a rule is broken, the override used
    broken_jury = [m for m in session.jury if m.id != "m-ouali"]
    broken = session.model_copy(update={"info": info, "jury": broken_jury})
    two = flat(pdf_text(pv_pdf(broken)))
    assert "Écarts aux règles de composition constatés" in two
    assert f"Le jury a siégé par dérogation aux règles de composition. Motif : {reason}" in two


# --------------------------------------------------------------------------- contrat pro


def test_contrat_pro_pv_marks_with_the_formula(contrat_pro: Path) -> None:
    session = load(contrat_pro)
    data = pv_pdf(session)
    one = flat(pdf_text(data))
    assert "0,2 × note de conduite de la démarche + 0,4 × note du bilan écrit" in one
    for c in session.candidates:
        r = contrat_pro_result(session, c.id)
        parts = [x for x in (r.procedure, r.report, r.tutor, r.final) if x is not None]
        line = " ".join(f"{x:.2f}".replace(".", ",") for x in parts)
        assert f"{c.full_name} {line}" in one, (c.full_name, line)
    assert "Non validé" in one and "Validé" in one
    assert "Fait à Alès, le 20 janvier 2026." in one


# --------------------------------------------------------------------------- names, dates


def _names_session() -> Session:
    at = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
    info = SessionInfo(
        id="noms-2026",
        title="Jury d'admission – noms du monde entier",
        kind=SessionKind.ADMISSION_1A,
        place="Alès – amphithéâtre",
        dates=[dt.date(2026, 11, 22)],
        appointing_act="Décision n° 2026-099",
        specialty="MKX",
        places=2,
    )
    jury = [
        JuryMember(
            id="prez",
            last_name="Nguyễn",
            first_name="Thị Ánh",
            quality=Quality.ENSEIGNANT_CHERCHEUR,
            role=Role.PRESIDENT,
            sex=Sex.F,
        ),
        JuryMember(
            id="m1",
            last_name="Żółć",
            first_name="Łukasz",
            quality=Quality.INGENIEUR,
            sex=Sex.M,
        ),
        JuryMember(
            id="m2",
            last_name="Çağlar",
            first_name="Şükrü",
            quality=Quality.DIRECTEUR_ETUDES,
            sex=Sex.M,
        ),
        JuryMember(
            id="sec",
            last_name="Größ",
            first_name="Jürgen",
            quality=Quality.ADMINISTRATIF,
            role=Role.SECRETAIRE,
        ),
    ]
    names = [
        ("C1", "Trần", "Quốc Bảo"),
        ("C2", "Wąsowska", "Zofia"),
        ("C3", "Öztürk", "İpek"),
        ("C4", "Müßig", "Jörg"),
    ]
    cands = [
        Candidate(id=i, last_name=last, first_name=first, track=Track.A1)
        for i, last, first in names
    ]
    decisions = [
        Decision(
            candidate_id=i,
            stage=DecisionStage.DOSSIER_REVIEW,
            value=DecisionValue.EXCELLENCE,
            override_reason="dossier examiné",
            decided_by="prez",
            at=at,
        )
        for i, _l, _f in names
    ]
    return Session(info=info, jury=jury, candidates=cands, decisions=decisions)


def test_any_name_renders_and_reads_back() -> None:
    session = _names_session()
    data = pv_pdf(session)
    one = flat(pdf_text(data))
    for needle in (
        "Mme Thị Ánh Nguyễn",
        "M. Łukasz Żółć",
        "M. Şükrü Çağlar",
        "Jürgen Größ",
        "TRẦN Quốc Bảo",
        "WĄSOWSKA Zofia",
        "ÖZTÜRK İpek",
        "MÜSSIG Jörg",  # "ß".upper() is "SS"
        "Fait à Alès, le 22 novembre 2026.",
    ):
        assert needle in one, needle
    # the font is embedded (a subset of DejaVu Sans)
    assert b"/FontFile2" in data and b"DejaVuSans" in data


def test_names_the_font_cannot_draw_are_named() -> None:
    """DejaVu Sans draws Vietnamese, Polish, Turkish, German (and Greek, Cyrillic, Arabic),
    not Chinese: such a name is reported, character by character, before anyone signs."""
    from juryapp.minutes.documents import unprintable_names
    from juryapp.minutes.layout import missing_glyphs

    assert missing_glyphs("Nguyễn Thị Ánh · Łukasz Żółć · Şükrü Çağlar · Größ · Αλέξης") == ""
    assert missing_glyphs("王 小明 Wang") == "王小明"
    session = _names_session()
    assert unprintable_names(session) == []
    cand = session.candidates[0].model_copy(update={"last_name": "王", "first_name": "小明"})
    session = session.model_copy(update={"candidates": [cand, *session.candidates[1:]]})
    ((label, chars),) = unprintable_names(session)
    assert cand.id in label and chars == "王小明"


def test_decimal_comma_and_french_dates() -> None:
    assert fr_date(dt.date(2026, 11, 22)) == "22 novembre 2026"
    assert fr_date(dt.date(2026, 4, 1)) == "1er avril 2026"
    assert fr_date(dt.date(2026, 4, 1), weekday=True) == "mercredi 1er avril 2026"


# --------------------------------------------------------------------------- reproducible


def test_same_data_gives_byte_identical_pdfs(infres_decided: Path) -> None:
    a = pv_pdf(load(infres_decided))
    b = pv_pdf(load(infres_decided))
    assert a == b
    assert b"/ID" in a


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_pv_sound(tmp_path: Path, vae_decided: Path, contrat_pro: Path) -> None:
    for i, session in enumerate((load(vae_decided), load(contrat_pro), _names_session())):
        path = tmp_path / f"pv{i}.pdf"
        path.write_bytes(pv_pdf(session))
        proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "No syntax or stream encoding errors" in proc.stdout


# --------------------------------------------------------------------------- fingerprint


def test_fingerprint_follows_the_decisions(vae_decided: Path) -> None:
    session = load(vae_decided)
    fp = fingerprint(session)
    assert re.fullmatch(r"[0-9a-f]{64}", fp)
    assert fingerprint(load(vae_decided)) == fp
    record = decision_record(session)
    assert record["format"] == "juryapp-pv-decisions/1"
    assert [c["id"] for c in record["candidates"]] == ["VAE26-001", "VAE26-002"]
    # a new decision (recorded later: it counts) changes it
    later = Decision(
        candidate_id="VAE26-002",
        stage=DecisionStage.VAE,
        value=DecisionValue.REFUS,
        reason="revu",
        decided_by="prez-delmas",
        at=dt.datetime(2026, 6, 19, tzinfo=dt.UTC),
    )
    changed = session.model_copy(update={"decisions": [*session.decisions, later]})
    assert fingerprint(changed) != fp
    # the clock's events are not decisions
    timed = session.model_copy(update={"defence_events": vae_events()})
    assert fingerprint(timed) == fp


def test_pv_version_counts_reopenings() -> None:
    class E:
        def __init__(self, action: str, reason: str = "") -> None:
            self.action, self.target = action, "session"
            self.at, self.actor = "2026-05-02T10:00:00+00:00", "sec"
            self.new = {"status": "deliberation", "reason": reason}

    v = pv_version([E("set_status"), E("reopen", "erreur matérielle"), E("reopen", "recours")])
    assert v.number == 3
    assert [r.reason for r in v.reopenings] == ["erreur matérielle", "recours"]


def test_the_pv_is_french_whatever_the_language_of_the_screens(vae_decided: Path) -> None:
    """A member working in English still produces a French procès-verbal: the rules'
    findings it quotes (composition) and the decision labels are French."""
    from juryapp.i18n import current_language, reset_language, set_language

    session = load(vae_decided)
    jury = [  # an absence: the composition check then has something to say
        m.model_copy(update={"presence": Presence.EXCUSED, "absence_reason": "Soutenance de thèse"})
        if m.id == "m-ouali"
        else m
        for m in session.jury
    ]
    session = session.model_copy(update={"jury": jury})
    french = flat(pdf_text(pv_pdf(session)))
    set_language("en")
    try:
        assert current_language() == "en"
        english_ui = flat(pdf_text(pv_pdf(session)))
        assert current_language() == "en"  # the block restored the user's language
    finally:
        reset_language()
    assert english_ui == french
    assert (
        "Observation : du fait des absences : 3 ingénieurs en exercice prévus, 2 siègent"
        in english_ui
    )
    assert "Validation partielle" in english_ui
