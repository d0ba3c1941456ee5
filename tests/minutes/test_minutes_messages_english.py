"""The checklist, the signing errors and the verification's statuses and problems go through
gettext (they are shown on the Minutes screen and by the command line), while what goes
inside a PDF (the signature's name, quality and reason, the document) stays French.

The tests do not depend on the English translations: English is given a fake catalog that
upper-cases the text of every msgid, keeping its ``{fields}`` (``tests/fake_catalog.py``);
French keeps its real (identity) catalog, so a ``language("fr")`` block inside the code
stays French.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from fake_catalog import Shouting, fake_english
from minutes_helpers import PASS, copy_sample, load

from juryapp import i18n
from juryapp.cli import cli
from juryapp.domain.kinds import STATUS_LABELS
from juryapp.minutes.checklist import checklist, missing_decisions
from juryapp.minutes.commands import sign_file
from juryapp.minutes.documents import pv_pdf
from juryapp.minutes.signing import SigningError, load_signer, make_key, open_pdf, verify_pdf


@pytest.fixture(name="fake_english")
def fake_english_fixture(monkeypatch: pytest.MonkeyPatch) -> Iterator[Shouting]:
    """The fake catalog for English, the real one for French; the language is not set."""
    yield from fake_english(monkeypatch)


@pytest.fixture
def english(fake_english: Shouting) -> Shouting:
    i18n.set_language("en")
    return fake_english


# --------------------------------------------------------------------------- checklist


def test_checklist_in_english(english: Shouting, tmp_path: Path) -> None:
    session = load(copy_sample(tmp_path, "infres-1a-2026"))
    messages = {f.code: f.message for f in checklist(session)}
    missing = messages["missing-decisions"]
    assert re.match(r"\d+ CANDIDATS? SANS DÉCISION FINALE : ", missing), missing
    assert re.search(r" ET \d+ AUTRES?$", missing), missing
    # the candidates' names are the session's own
    c = session.candidate(missing_decisions(session)[0])
    assert c is not None
    assert f" : {c.full_name} ({c.id}), " in missing
    assert messages["not-closed"].startswith("LA SESSION EST « ")
    assert messages["not-closed"].endswith(
        " » : CLORE LA SESSION AVANT DE FAIRE SIGNER LE PROCÈS-VERBAL"
    )
    assert "{n} candidats sans décision finale : {names}" in english.asked


def test_checklist_french_by_default(fake_english: Shouting, tmp_path: Path) -> None:
    session = load(copy_sample(tmp_path, "infres-1a-2026"))
    messages = {f.code: f.message for f in checklist(session)}
    assert re.match(r"\d+ candidats? sans décision finale : ", messages["missing-decisions"])
    status = STATUS_LABELS[session.info.status].lower()
    assert messages["not-closed"] == (
        f"la session est « {status} » : clore la session avant de faire signer le procès-verbal"
    )
    assert fake_english.asked == []


# --------------------------------------------------------------------------- signing


def test_signing_errors_in_english(english: Shouting, vae_decided: Path) -> None:
    session = load(vae_decided)
    member = session.member("m-benali")
    assert member is not None
    with pytest.raises(SigningError) as info:
        make_key(member, "", "court")
    assert str(info.value) == "LA PHRASE DE PASSE DOIT COMPTER AU MOINS 8 CARACTÈRES"
    with pytest.raises(SigningError) as info:
        open_pdf(b"not a pdf")
    assert str(info.value).startswith("LE FICHIER N'EST PAS UN PDF LISIBLE (")
    p12, _pem = make_key(member, session.info.institution, PASS)
    with pytest.raises(SigningError) as info:
        load_signer(p12, "pas la bonne phrase")
    assert str(info.value).startswith("IMPOSSIBLE D'OUVRIR LA CLÉ : ")


def test_signing_in_english_keeps_the_pdf_french(english: Shouting, vae_decided: Path) -> None:
    """The screen's and the command line's messages are English; the signature written in
    the PDF (name with civility, reason) is French, as the document."""
    session = load(vae_decided)
    pdf = vae_decided.parent / "pv.pdf"
    pdf.write_bytes(pv_pdf(session))
    member = session.member("m-benali")
    assert member is not None
    p12, _pem = make_key(member, session.info.institution, PASS)
    messages = sign_file(pdf, pdf.read_bytes(), p12, PASS, "m-benali", vae_decided, None)
    text, warning = messages[0]
    assert not warning
    # the name is the one the signature shows in the PDF: with the French civility
    assert text.startswith("PROCÈS-VERBAL SIGNÉ PAR Mme Nadia Benali (m-benali) : 1 CHAMP (")
    data = pdf.read_bytes()
    [sig] = open_pdf(data).embedded_signatures
    assert str(sig.sig_object["/Reason"]) == "Signature du procès-verbal du jury"

    # the verification: statuses and problems in English
    report = verify_pdf(data, session=session, version=1)
    [signature] = report.signatures
    assert signature.status == "INTÈGRE (CERTIFICAT AUTO-SIGNÉ, NON VÉRIFIÉ PAR UNE AUTORITÉ)"
    assert any(re.match(r"\d+ SIGNATURES? MANQUANTES? : ", p) for p in report.problems), (
        report.problems
    )

    # and the same PDF from the command line
    result = CliRunner().invoke(
        cli, ["--lang", "en", "verify", str(pdf), "--session", str(vae_decided)]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"PROCÈS-VERBAL — SESSION {session.info.id}, VERSION N° 1"
    assert re.search(r"^SIGNATURES : 1 SUR \d+ CHAMPS?$", result.output, re.M)
    assert any(
        re.match(r"  ✓ Nadia Benali \(m-benali\) — \d\d/\d\d/\d{4},? \d\d:\d\d — ", line)
        and line.endswith(" — INTÈGRE (CERTIFICAT AUTO-SIGNÉ, NON VÉRIFIÉ PAR UNE AUTORITÉ)")
        for line in lines
    ), lines
    assert re.search(r"^  · .+ — NON SIGNÉ$", result.output, re.M)
    assert re.search(r"^ÉCHEC DE LA VÉRIFICATION \(\d+ PROBLÈMES?\) :$", result.output, re.M)


def test_verification_french_by_default(fake_english: Shouting, vae_decided: Path) -> None:
    session = load(vae_decided)
    pdf = vae_decided.parent / "pv.pdf"
    pdf.write_bytes(pv_pdf(session))
    result = CliRunner().invoke(cli, ["verify", str(pdf), "--session", str(vae_decided)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"Procès-verbal — session {session.info.id}, version n° 1"
    assert re.search(r"^Signatures : 0 sur \d+ champs?$", result.output, re.M)
    assert re.search(r"^ÉCHEC de la vérification \(\d+ problèmes?\) :$", result.output, re.M)
    assert re.search(r"^  - \d+ signatures? manquantes? : ", result.output, re.M)
    assert fake_english.asked == []
