"""Real digital signatures of the documents: keys, PAdES signing, verification.

* :func:`make_key` — a member's key and self-signed certificate (ECDSA P-256, SHA-256),
  as a passphrase-protected PKCS#12.  The certificate names the member (common name), the
  member's id (``UID``), quality (``title``) and institution (``O``); its key usage is
  *digitalSignature* and *nonRepudiation* (content commitment), critical.  A member may
  also bring the institution's PKCS#12 (then ``--as`` says who signs).
* :func:`sign_pdf` — a PAdES baseline signature (``ETSI.CAdES.detached``, pyHanko) in each
  empty signature field of the member that the document maker created, as an incremental
  update: members sign in turn, in any order, on one machine or several.  The visible
  appearance shows the name, the quality and the date.
* :func:`verify_pdf` — every signature with signer, time and status, and the problems that
  make the document fail: a signed byte changed, a revision appended after a signature that
  is not itself a member's signature, a field left unsigned (a member present has not
  signed), a signature made with another member's certificate, with ``trust`` a signer not
  trusted, with ``session`` the fingerprint of the decisions, the session or the version no
  longer matching.

Importing this module imports neither pyHanko nor cryptography nor reportlab: each function
imports what it needs when it runs.

The errors, statuses and problems are for the user (command line, Minutes screen): in the
user's language (:mod:`juryapp.i18n`).  What goes inside the PDF (the visible appearance,
the signature's reason, the certificate's quality) is French, as the documents are.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from juryapp.i18n import _, ngettext

# pyHanko imports cryptography's DSA classes (to recognise such keys): cryptography warns
# on every command that signs or verifies, about keys juryapp never makes (RSA only)
warnings.filterwarnings("ignore", message="DSA is deprecated")

if TYPE_CHECKING:
    from juryapp.domain.models import JuryMember, Session

#: OID of the ``UID`` attribute (userId, RFC 4519) holding the member's id in the certificate
UID_OID = "0.9.2342.19200300.100.1.1"

#: validity of a certificate made by :func:`make_key`
KEY_VALIDITY_DAYS = 3 * 365


class SigningError(ValueError):
    """Signing or reading a signed document failed; the message says why, in the user's
    language."""


# --------------------------------------------------------------------------- keys


def make_key(
    member: JuryMember,
    institution: str,
    passphrase: str,
    *,
    now: dt.datetime | None = None,
) -> tuple[bytes, bytes]:
    """A PKCS#12 (key + self-signed certificate) for ``member``, protected by ``passphrase``,
    and the certificate alone (PEM), for those who verify (``verify --trust``)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    from .text import nfc, quality_label

    if len(passphrase) < 8:
        raise SigningError(_("la phrase de passe doit compter au moins 8 caractères"))
    key = ec.generate_private_key(ec.SECP256R1())
    attrs = [
        x509.NameAttribute(NameOID.COMMON_NAME, nfc(member.full_name)[:64]),
        x509.NameAttribute(NameOID.USER_ID, member.id),
        x509.NameAttribute(NameOID.TITLE, quality_label(member, with_title=False)[:64]),
    ]
    if institution:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, nfc(institution)[:64]))
    if member.email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, member.email))
    name = x509.Name(attrs)
    start = (now or dt.datetime.now(dt.UTC)) - dt.timedelta(hours=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=KEY_VALIDITY_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # non-repudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        member.id.encode("utf-8"),
        key,
        cert,
        None,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    )
    return p12, cert.public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class KeyInfo:
    """Who a PKCS#12's certificate names."""

    common_name: str
    member_id: str | None  # the UID attribute, when the certificate was made by juryapp
    not_after: dt.datetime
    title: str = ""  # the quality, when the certificate was made by juryapp


def load_signer(p12: bytes, passphrase: str) -> tuple[Any, KeyInfo]:
    """The pyHanko signer of a PKCS#12 and who its certificate names."""
    from pyhanko.sign.signers import SimpleSigner

    try:
        signer = SimpleSigner.load_pkcs12_data(
            p12, other_certs=set(), passphrase=passphrase.encode("utf-8")
        )
    except Exception as exc:
        raise SigningError(
            _(
                "impossible d'ouvrir la clé : phrase de passe incorrecte ou fichier PKCS#12 "
                "illisible"
            )
        ) from exc
    cert = signer.signing_cert
    return signer, _cert_info(cert)


def _cert_info(cert: Any) -> KeyInfo:
    """Common name, UID and end of validity of an asn1crypto certificate."""
    subject = cert.subject.native
    uid = subject.get("user_id") or subject.get(UID_OID)
    if isinstance(uid, list):
        uid = uid[0]
    cn = subject.get("common_name", "")
    if isinstance(cn, list):
        cn = cn[0]
    title = subject.get("title", "")
    if isinstance(title, list):
        title = title[0]
    return KeyInfo(str(cn), str(uid) if uid else None, cert.not_valid_after, str(title or ""))


# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class FieldInfo:
    """A signature field of the document."""

    name: str
    member_id: str
    purpose: str
    signed: bool
    tooltip: str = ""


def open_pdf(data: bytes) -> Any:
    """A pyHanko reader of ``data``; :class:`SigningError` when it is not a readable PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        return PdfFileReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise SigningError(
            _("le fichier n'est pas un PDF lisible ({error})").format(error=exc)
        ) from exc


def _text(obj: Any) -> str:
    if obj is None:
        return ""
    return str(obj)


def signature_fields(reader: Any) -> list[FieldInfo]:
    """The signature fields of a PDF (pyHanko reader), in document order."""
    out: list[FieldInfo] = []
    try:
        form = reader.root["/AcroForm"]
        fields = form["/Fields"]
    except (KeyError, TypeError):
        return out
    for ref in fields:
        f = ref.get_object()
        if f.get("/FT") != "/Sig":
            continue
        out.append(
            FieldInfo(
                name=_text(f.get("/T")),
                member_id=_text(f.get("/JuryappMember")),
                purpose=_text(f.get("/JuryappPurpose")),
                signed=f.get("/V") is not None,
                tooltip=_text(f.get("/TU")),
            )
        )
    return out


def document_keywords(reader: Any) -> dict[str, str]:
    """``document``, ``session``, ``version``, ``fingerprint`` read from the PDF."""
    from .documents import read_keywords

    try:
        info = reader.trailer["/Info"]
        return read_keywords(_text(info.get("/Keywords")))
    except (KeyError, TypeError, AttributeError):
        return {}


# --------------------------------------------------------------------------- signing


def _appearance(width: float, height: float, name: str, quality: str, when: dt.datetime) -> bytes:
    """The visible signature: a one-page PDF of the field's size (DejaVu Sans embedded)."""
    from . import layout as L
    from .text import fr_date, fr_time

    buf = io.BytesIO()
    canvas = L.new_canvas(buf, (width, height))
    p = L.Painter(canvas)
    ops: list[str] = []
    p.rect(ops, 0.5, 0.5, width - 1, height - 1, fill=(0.93, 0.96, 0.93), stroke=(0.16, 0.45, 0.2))
    size = max(5.5, min(8.5, height / 6.2))
    lead = size * 1.22
    lines = [
        ("✔ Signé électroniquement par", L.ITALIC, size * 0.9, (0.16, 0.45, 0.2)),
        (name, L.BOLD, size * 1.05, L.INK),
        (quality, L.REGULAR, size * 0.9, L.GREY),
        (f"le {fr_date(when)} à {fr_time(when)}", L.REGULAR, size * 0.9, L.INK),
    ]
    y = height - 4 - lead * 0.8
    for text, font, fs, color in lines:
        for line in p.wrap(text, font, fs, width - 10)[:1]:
            p.text(ops, 5, y, line, font, fs, color)
        y -= lead
    pages = [L.Page(ops=ops)]
    info = L.DocInfo("Signature", "juryapp", "Apparence de signature", "", when)
    return L.render(canvas, buf, pages, info)


def _stamp_style(appearance: bytes) -> Any:
    """A pyHanko stamp style that shows ``appearance`` (a one-page PDF) as is."""
    from pyhanko.pdf_utils import layout as hl
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class _PdfBytesPage(ImportedPdfPage):  # type: ignore[misc]
        def __init__(self, data: bytes) -> None:
            super().__init__(file_name="<juryapp>")
            self._data = data

        def render(self) -> bytes:
            w = self._ensure_writer
            xobj = w.import_page_as_xobject(PdfFileReader(io.BytesIO(self._data)), page_ix=0)
            self.resources.xobject["/JuryappSig"] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = hl.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return b"/JuryappSig Do"

    return StaticStampStyle(
        background=_PdfBytesPage(appearance),
        border_width=0,
        background_layout=hl.SimpleBoxLayoutRule(
            x_align=hl.AxisAlignment.ALIGN_MID,
            y_align=hl.AxisAlignment.ALIGN_MID,
            margins=hl.Margins(),
            inner_content_scaling=hl.InnerScaling.NO_SCALING,
        ),
    )


@dataclass
class SignResult:
    data: bytes
    fields: list[str]
    member_id: str
    purpose: str
    keywords: dict[str, str]


def sign_pdf(
    data: bytes,
    signer: Any,
    member_id: str,
    *,
    name: str,
    quality: str,
    location: str = "",
    when: dt.datetime | None = None,
    day: dt.date | None = None,
) -> SignResult:
    """Sign every empty field of ``member_id`` in ``data`` (one incremental revision each);
    with ``day``, on an attendance sheet, only that meeting day's field (one signs the sheet
    at each meeting)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields as sig_fields
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata, PdfSigner

    reader = open_pdf(data)
    kw = document_keywords(reader)
    if kw.get("document") == "pv-draft":
        raise SigningError(
            _(
                "ce procès-verbal est un projet (« PROJET ») : il ne se signe pas ; produisez le "
                "PV définitif avec « juryapp minutes »"
            )
        )
    fields = signature_fields(reader)
    if not fields:
        raise SigningError(_("ce PDF n'a pas de champ de signature juryapp"))
    mine = [f for f in fields if f.member_id == member_id]
    if not mine:
        expected = ", ".join(sorted({f.member_id for f in fields})) or _("aucun")
        raise SigningError(
            _(
                "aucun champ de signature pour « {member} » dans ce document "
                "(signataires prévus : {expected})"
            ).format(member=member_id, expected=expected)
        )
    if day is not None:
        tag = f"-{day.isoformat()}-"
        mine = [f for f in mine if tag in f.name]
        if not mine:
            raise SigningError(
                _("pas de séance le {day} pour « {member} » dans ce document").format(
                    day=day.strftime("%d/%m/%Y"), member=member_id
                )
            )
    todo = [f for f in mine if not f.signed]
    if not todo:
        raise SigningError(_("« {member} » a déjà signé ce document").format(member=member_id))
    when = when or dt.datetime.now(dt.UTC)
    # the signature's reason is written in the PDF: French, as the document
    reason = {
        "pv": "Signature du procès-verbal du jury",
        "attendance": "Émargement",
    }.get(todo[0].purpose, "Signature")
    # the field's size, for the appearance
    rects = _field_rects(reader)
    for f in todo:
        x1, y1, x2, y2 = rects.get(f.name, (0, 0, 200, 50))
        style = _stamp_style(_appearance(abs(x2 - x1), abs(y2 - y1), name, quality, when))
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        meta = PdfSignatureMetadata(
            field_name=f.name,
            md_algorithm="sha256",
            subfilter=sig_fields.SigSeedSubFilter.PADES,
            name=name,
            reason=reason,
            location=location or None,
        )
        out = io.BytesIO()
        try:
            PdfSigner(meta, signer, stamp_style=style).sign_pdf(writer, output=out)
        except Exception as exc:
            raise SigningError(_("la signature a échoué : {error}").format(error=exc)) from exc
        data = out.getvalue()
    return SignResult(data, [f.name for f in todo], member_id, todo[0].purpose, kw)


def _field_rects(reader: Any) -> dict[str, tuple[float, float, float, float]]:
    out: dict[str, tuple[float, float, float, float]] = {}
    try:
        fields = reader.root["/AcroForm"]["/Fields"]
    except (KeyError, TypeError):
        return out
    for ref in fields:
        f = ref.get_object()
        rect = f.get("/Rect")
        if rect is not None:
            out[_text(f.get("/T"))] = tuple(float(v) for v in rect)  # type: ignore[assignment]
    return out


# --------------------------------------------------------------------------- verifying


@dataclass
class SignatureReport:
    """One signature of the document, as verified."""

    field: str
    member_id: str
    signer: str  # the certificate's common name
    signer_uid: str | None
    time: dt.datetime | None
    intact: bool
    valid: bool
    trusted: bool
    covers_all: bool
    revision: int
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.problems:
            return _("INVALIDE : {problems}").format(problems=" ; ".join(self.problems))
        if self.trusted:
            return _("valide, certificat reconnu")
        return _("intègre (certificat auto-signé, non vérifié par une autorité)")

    def line(self, when: str) -> str:
        """« ✓ signer (member) — when — status », as the command line and the Minutes
        screen list it (``when``: the time as each of them writes it)."""
        return _("{mark} {who} ({id}) — {when} — {status}").format(
            mark="✗" if self.problems else "✓",
            who=self.signer,
            id=self.member_id or self.field,
            when=when,
            status=self.status,
        )


@dataclass
class VerifyReport:
    """Every signature, every field, and what makes the document fail (``problems``)."""

    keywords: dict[str, str]
    fields: list[FieldInfo]
    signatures: list[SignatureReport]
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems

    def unsigned_lines(self, session: Session | None) -> list[str]:
        """One line per member who has not signed (« Hélène Martin (prez-martin) — non
        signé »); on an attendance sheet, with the meetings still to sign (a member has one
        field per meeting: they were listed once per meeting, with no date)."""
        return [
            _unsigned_line(member_id, fields, session)
            for member_id, fields in unsigned_by_member(self.fields)
        ]


_DAY_IN_FIELD = re.compile(r"-(\d{4}-\d{2}-\d{2})-")


def field_day(f: FieldInfo) -> dt.date | None:
    """The meeting day of an attendance sheet's field (``emargement-2026-04-01-m-x``)."""
    found = _DAY_IN_FIELD.search(f.name)
    if found is None:
        return None
    try:
        return dt.date.fromisoformat(found.group(1))
    except ValueError:
        return None


def unsigned_by_member(fields: Sequence[FieldInfo]) -> list[tuple[str, list[FieldInfo]]]:
    """The unsigned fields, grouped by member (in the document's order)."""
    grouped: dict[str, list[FieldInfo]] = {}
    for f in fields:
        if not f.signed:
            grouped.setdefault(f.member_id or f.name, []).append(f)
    return list(grouped.items())


def _unsigned_line(member_id: str, fields: Sequence[FieldInfo], session: Session | None) -> str:
    from juryapp.i18n import format_date

    who = _field_who(fields[0], session)
    days = sorted({d for d in map(field_day, fields) if d is not None})
    if not days:
        return _("{who} — non signé").format(who=who)
    return ngettext(
        "{who} — {n} séance non signée : {days}",
        "{who} — {n} séances non signées : {days}",
        len(days),
    ).format(who=who, n=len(days), days=", ".join(format_date(d, "d MMM y") for d in days))


def _load_certs(paths: Sequence[str | Path]) -> list[Any]:
    from asn1crypto import pem, x509

    certs = []
    for path in paths:
        raw = Path(path).read_bytes()
        try:
            if pem.detect(raw):
                for _type, _headers, der in pem.unarmor(raw, multiple=True):
                    certs.append(x509.Certificate.load(der))
            else:
                certs.append(x509.Certificate.load(raw))
                certs[-1].native  # noqa: B018 - parse now, to fail here on a bad file
        except Exception as exc:
            raise SigningError(
                _("{path} : certificat illisible (PEM ou DER attendu)").format(path=path)
            ) from exc
    return certs


def verify_pdf(
    data: bytes,
    *,
    trust: Sequence[str | Path] = (),
    session: Session | None = None,
    version: int | None = None,
) -> VerifyReport:
    """Verify every signature of ``data`` (see the module docstring).

    ``trust``: certificate files (PEM or DER) of the authorities to trust; when given, every
    signer must chain to one of them.  ``session`` (and its PV ``version``): the document
    must still match it.
    """
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    trust_certs = _load_certs(trust)
    problems: list[str] = []
    try:
        reader = open_pdf(data)
        fields = signature_fields(reader)
        kw = document_keywords(reader)
        embedded = list(reader.embedded_signatures)
        total_revisions = reader.xrefs.total_revisions
    except SigningError:
        raise
    except Exception as exc:
        raise SigningError(
            _("le fichier PDF est illisible ou altéré ({error})").format(error=exc)
        ) from exc

    names = {f.name: f for f in fields}
    reports: list[SignatureReport] = []
    # pyHanko logs, with a traceback, the (expected) failure to build a certification path
    # for a self-signed certificate: that is reported here as "not trusted", quietly
    quiet = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator")]
    levels = [lg.level for lg in quiet]
    for lg in quiet:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        for sig in embedded:
            info = names.get(sig.field_name)
            member_id = info.member_id if info else ""
            vc = ValidationContext(trust_roots=list(trust_certs), allow_fetching=False)
            try:
                st = validate_pdf_signature(sig, vc)
            except Exception as exc:
                reports.append(
                    SignatureReport(
                        sig.field_name,
                        member_id,
                        "?",
                        None,
                        None,
                        False,
                        False,
                        False,
                        False,
                        sig.signed_revision,
                        [_("signature illisible ou altérée ({error})").format(error=exc)],
                    )
                )
                continue
            ki = _cert_info(sig.signer_cert)
            rep = SignatureReport(
                field=sig.field_name,
                member_id=member_id,
                signer=ki.common_name,
                signer_uid=ki.member_id,
                time=sig.self_reported_timestamp,
                intact=bool(st.intact),
                valid=bool(st.valid),
                trusted=bool(st.trusted),
                covers_all=st.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                revision=sig.signed_revision,
            )
            if not st.intact:
                rep.problems.append(_("le contenu signé a été modifié depuis la signature"))
            elif not st.valid:
                rep.problems.append(_("signature cryptographiquement invalide"))
            level = st.modification_level
            if level is not None and (level > ModificationLevel.FORM_FILLING or not st.docmdp_ok):
                rep.problems.append(
                    _(
                        "le document a été modifié après cette signature "
                        "(modifications non autorisées : {level})"
                    ).format(level=level.name.lower())
                )
            if st.coverage not in (
                SignatureCoverageLevel.ENTIRE_FILE,
                SignatureCoverageLevel.ENTIRE_REVISION,
            ):
                rep.problems.append(_("la signature ne couvre pas sa révision entière"))
            if ki.member_id and member_id and ki.member_id != member_id:
                rep.problems.append(
                    _(
                        "faite avec le certificat de « {owner} » dans le champ de « {member} »"
                    ).format(owner=ki.member_id, member=member_id)
                )
            if trust_certs and not st.trusted:
                rep.problems.append(
                    _("certificat non reconnu par les autorités de confiance fournies")
                )
            reports.append(rep)
    finally:
        for lg, level in zip(quiet, levels, strict=True):
            lg.setLevel(level)

    for rep in reports:
        for p in rep.problems:
            problems.append(_("signature de {who} : {problem}").format(who=_who(rep), problem=p))

    # every revision after the first signature must be a member's signature
    signed_revisions = {r.revision for r in reports}
    if signed_revisions:
        first = min(signed_revisions)
        by_rev = {r.revision: r for r in reports}
        for rev in range(first + 1, total_revisions):
            if rev not in signed_revisions:
                before = by_rev[max(x for x in signed_revisions if x < rev)]
                problems.append(
                    _(
                        "une révision (n° {revision}) a été ajoutée au fichier après la signature "
                        "de {who} sans être une signature"
                    ).format(revision=rev + 1, who=_who(before))
                )
        last = by_rev[max(signed_revisions)]
        if max(signed_revisions) == total_revisions - 1 and not last.covers_all:
            problems.append(
                _(
                    "des données ont été ajoutées à la fin du fichier après la signature de {who}"
                ).format(who=_who(last))
            )

    if not fields:
        problems.append(_("ce PDF n'a aucun champ de signature juryapp"))
    missing = unsigned_by_member(fields)
    if missing:
        n = sum(len(member_fields) for _member, member_fields in missing)
        names = []
        for _member, member_fields in missing:
            name = _field_who(member_fields[0], session)
            if len(member_fields) > 1:  # an attendance sheet: one field per meeting
                name += " " + ngettext("({n} séance)", "({n} séances)", len(member_fields)).format(
                    n=len(member_fields)
                )
            names.append(name)
        problems.append(
            ngettext(
                "{n} signature manquante : {who}",
                "{n} signatures manquantes : {who}",
                n,
            ).format(n=n, who=", ".join(names))
        )
    if kw.get("document") == "pv-draft":
        problems.append(_("ce document est un projet de procès-verbal, non signable"))

    if session is not None:
        problems += _session_problems(session, kw, fields, version)
    return VerifyReport(kw, fields, reports, problems)


def _who(rep: SignatureReport) -> str:
    return f"{rep.signer} ({rep.member_id or rep.field})" if rep.signer != "?" else rep.field


def _field_who(f: FieldInfo, session: Session | None) -> str:
    if session is not None:
        m = session.member(f.member_id)
        if m is not None:
            return f"{m.full_name} ({f.member_id})"
    return f.member_id or f.name


def expected_signers(session: Session, purpose: str) -> set[str]:
    """Who must sign: the PV — the president and every member present; the attendance
    sheet — every member present (secretary included)."""
    from juryapp.domain.models import Role

    if purpose == "attendance":
        return {m.id for m in session.jury if m.is_present}
    out = {m.id for m in session.jury if m.role is Role.MEMBRE and m.is_present}
    if session.president is not None:
        out.add(session.president.id)
    return out


def _session_problems(
    session: Session, kw: dict[str, str], fields: list[FieldInfo], version: int | None
) -> list[str]:
    from .fingerprint import fingerprint

    problems: list[str] = []
    sid = kw.get("session")
    if sid != session.info.id:
        problems.append(
            _("ce document concerne la session « {document} », pas « {session} »").format(
                document=sid or "?", session=session.info.id
            )
        )
        return problems
    doc = kw.get("document", "")
    if doc in ("pv", "pv-draft", "annex", "attendance"):
        now = fingerprint(session)
        if kw.get("fingerprint") != now:
            problems.append(
                _(
                    "l'empreinte des décisions ne correspond plus à la session : les décisions "
                    "ont changé depuis l'édition du document (document : {document}…, "
                    "session : {session}…)"
                ).format(document=kw.get("fingerprint", "?")[:16], session=now[:16])
            )
    if version is not None and doc == "pv" and kw.get("version") != str(version):
        problems.append(
            _(
                "ce procès-verbal est la version n° {document} ; la session en est à "
                "la version n° {session} (elle a été rouverte)"
            ).format(document=kw.get("version", "?"), session=version)
        )
    purpose = "attendance" if doc == "attendance" else "pv"
    if doc in ("pv", "attendance"):
        expected = expected_signers(session, purpose)
        present = {f.member_id for f in fields}
        lacking = sorted(expected - present)
        if lacking:
            problems.append(
                _("membres présents sans champ de signature dans le document : {members}").format(
                    members=", ".join(lacking)
                )
            )
    return problems
