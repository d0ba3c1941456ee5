"""Keys, PAdES signatures and their verification: every way a signed PV can go wrong."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from minutes_helpers import PASS, load

from juryapp.domain.models import Decision, DecisionStage, DecisionValue, Session
from juryapp.minutes.content import signatories
from juryapp.minutes.documents import attendance_pdf, pv_pdf
from juryapp.minutes.signing import (
    SigningError,
    load_signer,
    make_key,
    open_pdf,
    sign_pdf,
    signature_fields,
    verify_pdf,
)
from juryapp.minutes.text import person, quality_label


def _keys(session: Session) -> dict[str, tuple[bytes, bytes]]:
    return {m.id: make_key(m, session.info.institution, PASS) for m in session.jury}


def _sign(data: bytes, session: Session, keys: dict, member_id: str) -> bytes:
    member = session.member(member_id)
    assert member is not None
    signer, info = load_signer(keys[member_id][0], PASS)
    assert info.member_id == member_id
    return sign_pdf(
        data, signer, member_id, name=person(member), quality=quality_label(member)
    ).data


@pytest.fixture
def signed(vae_decided: Path) -> tuple[Session, dict, bytes, bytes]:
    """The VAE PV signed by its 7 signatories in a shuffled order (the president in the
    middle); returns the session, the keys, the unsigned and the signed PDF."""
    session = load(vae_decided)
    keys = _keys(session)
    unsigned = pv_pdf(session)
    order = [s.member_id for s in signatories(session)]
    random.Random(5).shuffle(order)
    data = unsigned
    for member_id in order:
        data = _sign(data, session, keys, member_id)
    return session, keys, unsigned, data


# --------------------------------------------------------------------------- keys


def test_keygen_makes_a_protected_pkcs12_with_non_repudiation(vae_decided: Path) -> None:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    session = load(vae_decided)
    member = session.member("m-benali")
    assert member is not None
    p12, pem = make_key(member, session.info.institution, PASS)
    cert = x509.load_pem_x509_certificate(pem)
    ku = cert.extensions.get_extension_for_class(x509.KeyUsage)
    assert ku.critical and ku.value.content_commitment and ku.value.digital_signature
    assert not ku.value.key_cert_sign
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.USER_ID)[0].value == "m-benali"
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "Nadia Benali"
    assert cert.issuer == cert.subject  # self-signed
    with pytest.raises(SigningError, match="phrase de passe incorrecte"):
        load_signer(p12, "pas la bonne phrase")
    _signer, info = load_signer(p12, PASS)
    assert (info.member_id, info.common_name) == ("m-benali", "Nadia Benali")
    with pytest.raises(SigningError, match="au moins 8"):
        make_key(member, "", "court")


# --------------------------------------------------------------------------- signing


def test_several_signers_in_any_order_verify(signed: tuple) -> None:
    session, _keys, unsigned, data = signed
    report = verify_pdf(data, session=session, version=1)
    assert report.ok, report.problems
    assert len(report.signatures) == 7
    assert all(s.intact and s.valid and not s.trusted for s in report.signatures)
    assert {s.member_id for s in report.signatures} == {s.member_id for s in signatories(session)}
    assert all(s.signer_uid == s.member_id for s in report.signatures)
    assert report.signatures[-1].covers_all
    assert "intègre" in report.signatures[0].status
    # the unsigned part is kept as is: the signatures are incremental updates
    assert data.startswith(unsigned)
    assert report.keywords["document"] == "pv"


def test_visible_signature_shows_name_quality_and_date(signed: tuple) -> None:
    from minutes_helpers import flat, pdf_text

    session, _keys, _unsigned, data = signed
    # pypdf reads the page text, not the appearance streams: read those with pyHanko
    reader = open_pdf(data)
    texts = []
    for ref in reader.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        ap = field["/AP"]["/N"]
        texts.append(ap)
    assert len(texts) == 7
    # the appearance is drawn from a small PDF page: its text is in DejaVu, read with pdftotext
    assert "Signé électroniquement par" in flat(pdf_text(_appearance_sample(session)))


def _appearance_sample(session: Session) -> bytes:
    from juryapp.minutes.signing import _appearance

    m = session.president
    assert m is not None
    return _appearance(
        230, 50, person(m), quality_label(m), dt.datetime(2026, 6, 18, 15, 0, tzinfo=dt.UTC)
    )


def test_appearance_text(vae_decided: Path) -> None:
    from minutes_helpers import flat, pdf_text

    text = flat(pdf_text(_appearance_sample(load(vae_decided))))
    assert "✔ Signé électroniquement par" in text
    assert "Mme Anne-Sophie Delmas" in text
    assert "Enseignante-chercheuse" in text
    assert "le 18 juin 2026 à 17 h 00" in text


def test_a_member_present_who_has_not_signed_fails(vae_decided: Path) -> None:
    session = load(vae_decided)
    keys = _keys(session)
    data = pv_pdf(session)
    for s in signatories(session)[:-1]:
        data = _sign(data, session, keys, s.member_id)
    report = verify_pdf(data)
    assert not report.ok
    last = signatories(session)[-1].member_id
    assert any("1 signature manquante" in p and last in p for p in report.problems)
    # an unsigned PV fails too
    assert not verify_pdf(pv_pdf(session)).ok


def test_a_byte_changed_after_signing_fails(signed: tuple) -> None:
    session, _keys, unsigned, data = signed
    # a byte of the first page's content stream (inside every signed range)
    start = data.index(b"stream", data.index(b"/Contents")) + 40
    assert start < len(unsigned)
    tampered = bytearray(data)
    tampered[start] ^= 0x01
    try:
        report = verify_pdf(bytes(tampered), session=session)
    except SigningError as exc:  # so damaged it does not even read: fails as well
        assert "illisible" in str(exc)
        return
    assert not report.ok
    assert any("modifié" in p for p in report.problems), report.problems


def test_a_revision_appended_after_signing_fails(signed: tuple) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    session, _keys, _unsigned, data = signed
    w = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    w.root["/PageMode"] = generic.NameObject("/UseOutlines")
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    report = verify_pdf(out.getvalue(), session=session)
    assert not report.ok
    assert any("révision" in p and "ajoutée" in p for p in report.problems), report.problems


def test_bytes_appended_after_the_last_signature_fail(signed: tuple) -> None:
    session, _keys, _unsigned, data = signed
    report = verify_pdf(data + b"\n% juste un commentaire\n", session=session)
    assert not report.ok
    assert any("ajoutées à la fin du fichier" in p for p in report.problems), report.problems


def test_fingerprint_no_longer_matching_the_session_fails(signed: tuple) -> None:
    session, _keys, _unsigned, data = signed
    later = Decision(
        candidate_id="VAE26-002",
        stage=DecisionStage.VAE,
        value=DecisionValue.REFUS,
        reason="décision revue",
        decided_by="prez-delmas",
        at=dt.datetime(2026, 6, 20, tzinfo=dt.UTC),
    )
    changed = session.model_copy(update={"decisions": [*session.decisions, later]})
    assert verify_pdf(data).ok  # without the session, the PDF itself is intact
    report = verify_pdf(data, session=changed)
    assert not report.ok
    assert any("empreinte des décisions ne correspond plus" in p for p in report.problems)


def test_another_session_or_an_old_version_fails(signed: tuple, contrat_pro: Path) -> None:
    session, _keys, _unsigned, data = signed
    other = verify_pdf(data, session=load(contrat_pro))
    assert any("concerne la session « vae-ingenieur-2026 »" in p for p in other.problems)
    old = verify_pdf(data, session=session, version=2)
    assert any("version n° 1" in p and "version n° 2" in p for p in old.problems)


def test_a_signature_made_with_another_members_key_fails(vae_decided: Path) -> None:
    session = load(vae_decided)
    keys = _keys(session)
    data = pv_pdf(session)
    signer, _info = load_signer(keys["m-valette"][0], PASS)
    data = sign_pdf(data, signer, "m-benali", name="Nadia Benali", quality="x").data
    report = verify_pdf(data)
    assert any(
        "certificat de « m-valette » dans le champ de « m-benali »" in p for p in report.problems
    )


def test_trust_anchors(tmp_path: Path, signed: tuple) -> None:
    session, keys, _unsigned, data = signed
    pres = session.president
    assert pres is not None
    one = tmp_path / "pres.pem"
    one.write_bytes(keys[pres.id][1])
    report = verify_pdf(data, trust=[one])
    assert not report.ok  # the others are not trusted
    assert any(s.trusted for s in report.signatures)
    paths = []
    for s in signatories(session):
        p = tmp_path / f"{s.member_id}.pem"
        p.write_bytes(keys[s.member_id][1])
        paths.append(p)
    report = verify_pdf(data, trust=paths)
    assert report.ok, report.problems
    assert all(s.trusted for s in report.signatures)
    bad = tmp_path / "bad.pem"
    bad.write_text("pas un certificat")
    with pytest.raises(SigningError, match="certificat illisible"):
        verify_pdf(data, trust=[bad])


def test_signing_refusals(vae_decided: Path) -> None:
    session = load(vae_decided)
    keys = _keys(session)
    signer, _ = load_signer(keys["m-benali"][0], PASS)
    with pytest.raises(SigningError, match="projet"):
        sign_pdf(pv_pdf(session, draft=True), signer, "m-benali", name="N", quality="q")
    data = _sign(pv_pdf(session), session, keys, "m-benali")
    with pytest.raises(SigningError, match="a déjà signé"):
        sign_pdf(data, signer, "m-benali", name="N", quality="q")
    sec_signer, _ = load_signer(keys["sec-soulier"][0], PASS)
    with pytest.raises(SigningError, match="aucun champ de signature pour « sec-soulier »"):
        sign_pdf(data, sec_signer, "sec-soulier", name="M", quality="q")
    with pytest.raises(SigningError, match="pas un PDF lisible"):
        sign_pdf(b"not a pdf", signer, "m-benali", name="N", quality="q")


def test_attendance_sheet_signed_by_everyone_present(vae_decided: Path) -> None:
    session = load(vae_decided)
    keys = _keys(session)
    data = attendance_pdf(session)
    for m in session.jury:
        data = _sign(data, session, keys, m.id)
    fields = signature_fields(open_pdf(data))
    assert len(fields) == 8 and all(f.signed for f in fields)
    report = verify_pdf(data, session=session)
    assert report.ok, report.problems


def test_an_unsigned_attendance_sheet_names_each_member_once_with_the_meetings() -> None:
    """One field per member and meeting: « Hélène Martin (prez-martin) — 5 séances non
    signées : 1er avr. 2026, … », once (it was five undated lines per member)."""
    from juryapp.samples import build_infres_1a

    session = build_infres_1a()
    days = sorted(session.info.dates)
    assert len(days) > 1
    report = verify_pdf(attendance_pdf(session), session=session)
    lines = report.unsigned_lines(session)
    present = [m for m in session.jury if m.is_present]
    assert len(lines) == len(present)
    president = session.president
    assert president is not None
    line = next(x for x in lines if f"({president.id})" in x)
    assert line.startswith(f"{president.full_name} ({president.id}) — {len(days)} séances")
    assert "1er avr. 2026" in line and line.count("2026") == len(days)
    missing = next(p for p in report.problems if "manquantes" in p)
    assert missing.startswith(f"{len(days) * len(present)} signatures manquantes : ")
    assert missing.count(f"({president.id})") == 1 and f"({len(days)} séances)" in missing


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler) is not installed")
def test_pdfsig_reports_the_signatures_intact(tmp_path: Path, signed: tuple) -> None:
    _session, _keys, _unsigned, data = signed
    path = tmp_path / "pv-signe.pdf"
    path.write_bytes(data)
    proc = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, timeout=60)
    out = proc.stdout
    assert out.count("Signature Validation: Signature is Valid.") == 7, out
    assert "Signature Type: ETSI.CAdES.detached" in out
    assert out.count("Total document signed") == 1  # the last one covers the whole file
    assert "Signer Certificate Common Name: Anne-Sophie Delmas" in out
