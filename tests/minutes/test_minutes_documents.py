"""The attendance sheet, the confidential annex and the decision letters, read back."""

from __future__ import annotations

import email
import email.policy
import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from minutes_helpers import flat, load, pdf_pages, pdf_text, sig_fields

from juryapp.domain.aggregation import candidate_result
from juryapp.domain.models import Presence, Role
from juryapp.minutes.documents import (
    annex_pdf,
    annex_sheets,
    attendance_pdf,
    letter_eml,
    letter_pdf,
    letter_text,
    letters,
    write_letters,
)
from juryapp.minutes.fingerprint import fingerprint
from juryapp.minutes.text import fr_date

# --------------------------------------------------------------------------- attendance


def test_attendance_one_sheet_per_day_one_line_per_member(infres_decided: Path) -> None:
    session = load(infres_decided)
    data = attendance_pdf(session)
    pages = pdf_pages(data)
    one = flat("\n".join(pages))
    days = sorted(session.info.dates)
    assert len(days) == 5
    for d in days:
        assert f"Séance du {fr_date(d, weekday=True)}" in one
    # each day starts a page and names every member with quality and role
    day_pages = [p for p in pages if "Séance du" in p]
    assert len(day_pages) == 5
    for page in day_pages:
        for m in session.jury:
            assert m.last_name in page
        assert "Enseignante-chercheuse" in page and "Secrétaire" in page
    # a signature field per member present and per day (the secretary too)
    fields = sig_fields(data)
    present = [m for m in session.jury if m.is_present]
    assert len(fields) == len(present) * 5
    assert {str(f["/JuryappPurpose"]) for f in fields.values()} == {"attendance"}
    assert "emargement-2026-04-01-prez-martin" in fields
    for i, page in enumerate(pages, 1):
        assert f"Page {i} / {len(pages)}" in page


def test_attendance_shows_the_absent(vae_decided: Path) -> None:
    session = load(vae_decided)
    jury = [
        m.model_copy(update={"presence": Presence.EXCUSED, "absence_reason": "Jury à Nantes"})
        if m.id == "m-marty"
        else m
        for m in session.jury
    ]
    session = session.model_copy(update={"jury": jury})
    data = attendance_pdf(session)
    one = flat(pdf_text(data))
    assert "Excusée — Jury à Nantes" in one
    members = {str(f["/JuryappMember"]) for f in sig_fields(data).values()}
    assert "m-marty" not in members and "sec-soulier" in members
    assert len(members) == 7


# --------------------------------------------------------------------------- annex


def test_annex_every_score_statistics_and_confidential(infres_decided: Path) -> None:
    session = load(infres_decided)
    data = annex_pdf(session)
    pages = pdf_pages(data)
    for i, page in enumerate(pages, 1):
        assert "CONFIDENTIEL" in page
        assert f"Page {i} / {len(pages)}" in page
        assert fingerprint(session) in page.replace("\n", "")
    one = flat("\n".join(pages))
    # one candidate in detail: every member's value per criterion, then the statistics
    cand = session.candidate("INF26-020")
    assert cand is not None
    res = candidate_result(session, cand.id)
    sheets = annex_sheets(session, cand.id, res)
    assert sheets
    assert f"{cand.full_name} — dossier {cand.id}" in one
    for sheet in sheets:
        assert sheet.name in one
        for row in sheet.rows:
            st = row.stats
            stats = [
                _fr(st.mean),
                _fr(st.median),
                _fr(st.spread),
                _fr(st.stdev),
            ]
            line = " ".join([row.label, *[c for c in row.cells if c], *stats])
            assert flat(line) in one, line
    # the scores of every member are there: count the values of one épreuve
    scored = [s for s in session.scores if s.member_id and s.submitted]
    assert len(scored) > 100


def _fr(x: float | None) -> str:
    if x is None:
        return "—"
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return (s if s not in ("-0", "") else "0").replace(".", ",")


def test_annex_marks_divergence_and_conflicts(sample: Callable[[str], Path]) -> None:
    session = load(sample("infres-1a-2026"))
    data = annex_pdf(session)
    one = flat(pdf_text(data))
    divergent = [
        c
        for c in session.candidates
        if session.scores_for(c.id) and candidate_result(session, c.id).divergent
    ]
    if divergent:
        assert "⚠ divergence" in one
    # M. Dupont has a hard conflict with INF26-039: recused, never counted
    res = candidate_result(session, "INF26-039")
    sheets = annex_sheets(session, "INF26-039", res)
    assert sheets
    for sheet in sheets:
        if "Dupont" not in sheet.scorers:
            continue
        k = sheet.scorers.index("Dupont")
        for row in sheet.rows:
            assert row.cells[k] in ("récusé", "⊘", ""), row
            assert row.stats.n <= len(sheet.scorers) - 1


def test_annex_is_never_mixed_into_the_pv(infres_decided: Path) -> None:
    from juryapp.minutes.documents import pv_pdf

    text = pdf_text(pv_pdf(load(infres_decided)))
    assert "CONFIDENTIEL" not in text
    assert "Moy." not in text and "Note /20" not in text


def test_the_garbage_collector_is_paused_while_a_document_is_made_and_resumes(
    infres_decided: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The annex pauses Python's cyclic collector (a fifth of its time) and gives it back
    as it was: on after a document, on after a failed one, still off if it was off."""
    import gc

    from juryapp.minutes import documents, layout

    session = load(infres_decided)
    seen: list[bool] = []
    real = documents.annex_sheets

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(documents, "annex_sheets", spy)
    assert gc.isenabled()
    annex_pdf(session)
    assert seen and not any(seen)  # off while the annex was made
    assert gc.isenabled()

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk full")

    monkeypatch.setattr(documents, "annex_sheets", broken)
    with pytest.raises(RuntimeError):
        annex_pdf(session)
    assert gc.isenabled()
    # nested (two documents at once, e.g. the PV and the annex in two workers): the
    # collector resumes only when the last one is done
    with layout.gc_paused():
        with layout.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with layout.gc_paused():
            pass
        assert not gc.isenabled()  # it was off: left off
    finally:
        gc.enable()


# --------------------------------------------------------------------------- letters


def test_letters_one_pdf_and_eml_per_decided_candidate(
    tmp_path: Path, infres_decided: Path
) -> None:
    session = load(infres_decided)
    paths = write_letters(session, tmp_path / "lettres")
    pdfs = sorted(p for p in paths if p.suffix == ".pdf")
    emls = sorted(p for p in paths if p.suffix == ".eml")
    assert len(pdfs) == len(emls) == len(session.candidates)
    # an admissible candidate on the complementary list
    from juryapp.minutes.fingerprint import ranked_lists

    comp = next(e for e in ranked_lists(session) if e.list_name == "complementaire")
    cand = session.candidate(comp.candidate_id)
    assert cand is not None
    text = flat(pdf_text((tmp_path / "lettres" / f"{cand.id}.pdf").read_bytes()))
    assert cand.full_name in text
    assert "vous a déclaré(e) admissible" in text
    assert "liste complémentaire" in text
    assert "Les décisions du jury sont souveraines" in text
    assert not re.search(r"\b\d{1,2},\d\d\b", text)  # no mark
    assert "rang" not in text.lower().replace("arrangement", "")
    msg = email.message_from_bytes(
        (tmp_path / "lettres" / f"{cand.id}.eml").read_bytes(), policy=email.policy.default
    )
    assert msg["To"] == f"{cand.full_name} <{cand.email}>"
    assert "décision du jury" in msg["Subject"]
    assert msg["X-Unsent"] == "1"
    sec = session.secretary
    assert sec is not None and sec.email in msg["From"]
    body = msg.get_body(preferencelist=("plain",)).get_content()
    assert "liste complémentaire" in body
    (att,) = list(msg.iter_attachments())
    assert att.get_filename() == f"decision-{cand.id}.pdf"
    assert att.get_content() == (tmp_path / "lettres" / f"{cand.id}.pdf").read_bytes()


def test_letter_of_a_rejected_dossier(infres_decided: Path) -> None:
    session = load(infres_decided)
    from juryapp.domain.models import DecisionStage, DecisionValue

    rejected = next(
        c
        for c in session.candidates
        if (d := session.latest_decision(c.id)) is not None
        and d.stage is DecisionStage.DOSSIER_REVIEW
        and d.value is DecisionValue.REJET
    )
    pdf = letter_pdf(session, rejected.id)
    assert pdf is not None
    text = flat(pdf_text(pdf))
    assert "n'a pas retenu votre candidature" in text


def test_a_letter_gives_the_day_the_jury_met_not_the_day_the_decision_was_typed(
    infres_decided: Path,
) -> None:
    """A decision recorded weeks after the session (from the command line, say) was taken
    at the jury's last meeting: the letter says « réuni le » that day."""
    import datetime as dt

    from juryapp.domain.models import DecisionStage

    session = load(infres_decided)
    last = max(session.info.dates)
    late = dt.datetime.combine(last + dt.timedelta(days=24), dt.time(10, 0), tzinfo=dt.UTC)
    cand = next(
        c
        for c in session.candidates
        if (d := session.latest_decision(c.id)) is not None and d.stage is DecisionStage.AFTER_TESTS
    )
    decisions = [
        d.model_copy(update={"at": late})
        if d.candidate_id == cand.id and d.stage is DecisionStage.AFTER_TESTS
        else d
        for d in session.decisions
    ]
    session = session.model_copy(update={"decisions": decisions})
    found = letter_text(session, cand.id)
    assert found is not None
    text = " ".join(found[1])
    assert f"réuni le {fr_date(last)}" in text
    assert fr_date(late.date()) not in text


def test_partial_vae_letter_names_blocs_granted_and_remaining(vae_decided: Path) -> None:
    session = load(vae_decided)
    pdf = letter_pdf(session, "VAE26-002")
    assert pdf is not None
    text = flat(pdf_text(pdf))
    assert "validation partielle" in text
    assert "Blocs de compétences validés : • B1 — Analyser" in text
    assert "• B4 — Intégrer" in text
    assert "Blocs restant à valider : • B3 — Manager" in text
    assert "• B6 — Innover" in text
    assert "Préconisations du jury : Conduire une mission" in text
    assert "entretien post-jury" in text
    assert "3 juillet 2026" in text
    assert "La présidente du jury Mme Anne-Sophie Delmas" in text
    eml = letter_eml(session, "VAE26-002", pdf)
    assert eml is not None and b"multipart/mixed" in eml


def test_no_letter_without_decision(sample: Callable[[str], Path]) -> None:
    session = load(sample("vae-ingenieur-2026"))
    assert letter_pdf(session, "VAE26-001") is None
    assert letters(session) == []


def test_letters_and_documents_are_reproducible(vae_decided: Path) -> None:
    a, b = load(vae_decided), load(vae_decided)
    assert attendance_pdf(a) == attendance_pdf(b)
    assert annex_pdf(a) == annex_pdf(b)
    la, lb = letters(a), letters(b)
    assert [x.pdf for x in la] == [x.pdf for x in lb]
    assert [x.eml for x in la] == [x.eml for x in lb]


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_the_documents_sound(tmp_path: Path, vae_decided: Path) -> None:
    session = load(vae_decided)
    docs = {
        "attendance": attendance_pdf(session),
        "annex": annex_pdf(session),
        "letter": letter_pdf(session, "VAE26-001"),
    }
    for name, data in docs.items():
        assert data is not None
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        proc = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
        assert proc.returncode == 0, (name, proc.stdout, proc.stderr)


def test_secretary_signs_the_attendance_sheet_not_the_pv(vae_decided: Path) -> None:
    session = load(vae_decided)
    from juryapp.minutes.documents import pv_pdf

    pv_members = {str(f["/JuryappMember"]) for f in sig_fields(pv_pdf(session)).values()}
    sheet_members = {str(f["/JuryappMember"]) for f in sig_fields(attendance_pdf(session)).values()}
    sec = [m.id for m in session.jury if m.role is Role.SECRETAIRE]
    assert set(sec) <= sheet_members
    assert not set(sec) & pv_members
    _ = io
