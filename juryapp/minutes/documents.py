"""The PDF documents: procès-verbal, attendance sheet, confidential annex, decision letters.

Each ``*_pdf`` function returns the bytes of an unsigned PDF, byte-identical for the same
session data; ``write_*`` write them.  Importing this module imports reportlab (through
:mod:`.layout`): the command line and the screens import it only when a document is made.

Every page carries the session's id, « page X / Y » and the fingerprint of the decisions
(:mod:`.fingerprint`).  The PV has one empty PAdES signature field per signatory (the
president and every member present); the attendance sheet one per member present and per
day; ``juryapp sign`` fills them.

The PDF's keywords (information dictionary) hold what ``juryapp sign`` and ``verify`` read
back: ``juryapp; document=pv; session=<id>; version=<n>; fingerprint=<sha-256>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from juryapp.domain.kinds import KIND_LABELS
from juryapp.domain.models import DecisionStage, DecisionValue, Session, SessionKind
from juryapp.domain.text import name_key

from . import layout as L

if TYPE_CHECKING:
    from juryapp.domain.aggregation import CandidateResult, Stats
from .content import (
    Bullets,
    Fields,
    Grid,
    Heading,
    Minutes,
    Notice,
    Para,
    PvVersion,
    Signatory,
    Signatures,
    build_minutes,
    cand_name,
    created_at,
    decision_text,
    document_date,
)
from .text import (
    city,
    fr_date,
    in_french,
    mark,
    nfc,
    num,
    person,
    presence_label,
    quality_label,
    role_label,
)

A4 = (595.28, 841.89)
A4_LANDSCAPE = (841.89, 595.28)
MARGIN_X = 48.0
TOP = 64.0  # room for the running header
BOTTOM = 62.0  # room for the running footer


def _frame(pagesize: tuple[float, float]) -> L.Frame:
    w, h = pagesize
    return L.Frame(MARGIN_X, BOTTOM, w - 2 * MARGIN_X, h - TOP)


def keywords(document: str, session_id: str, version: int, fingerprint: str) -> str:
    """The PDF keywords that ``sign`` and ``verify`` read back (see :func:`read_keywords`)."""
    return (
        f"juryapp; document={document}; session={session_id}; version={version}; "
        f"fingerprint={fingerprint}"
    )


def read_keywords(text: str) -> dict[str, str]:
    """``document``, ``session``, ``version``, ``fingerprint`` from the PDF's keywords."""
    return dict(re.findall(r"(\w+)=([^;\s]+)", text or ""))


def field_name(prefix: str, member_id: str, taken: set[str]) -> str:
    """A PDF field name for a member's signature: ASCII, no dots, unique in ``taken``."""
    base = f"{prefix}-" + re.sub(r"[^A-Za-z0-9_-]", "_", member_id)
    name, k = base, 2
    while name in taken:
        name, k = f"{base}-{k}", k + 1
    taken.add(name)
    return name


# --------------------------------------------------------------------------- running parts


@dataclass(frozen=True)
class Running:
    """The running header and footer of a document."""

    institution: str
    label: str  # « Procès-verbal », « Feuille d'émargement »...
    session_id: str
    version: int
    fingerprint: str
    confidential: bool = False
    draft: bool = False


def _decorate(painter: L.Painter, run: Running, pagesize: tuple[float, float]) -> L.Decorate:
    """The running header and footer (and the watermark of a draft or the annex)."""
    w, h = pagesize
    x0, x1 = MARGIN_X, w - MARGIN_X

    def under(index: int, total: int) -> list[str]:
        ops: list[str] = []
        if run.confidential:
            _watermark(painter, ops, w, h, "CONFIDENTIEL", (0.99, 0.90, 0.90))
        elif run.draft:
            _watermark(painter, ops, w, h, "PROJET", (0.94, 0.90, 0.82))
        top = h - 34
        painter.text(ops, x0, top, nfc(run.institution), L.BOLD, 8.5, L.NAVY)
        if run.confidential:
            painter.text(ops, x0, top, "CONFIDENTIEL", L.BOLD, 9, L.RED, "center", x1 - x0)
        right = f"{run.label} — session {run.session_id}"
        painter.text(ops, x0, top, right, L.REGULAR, 8, L.GREY, "right", x1 - x0)
        painter.line(ops, x0, top - 6, x1, top - 6, L.NAVY, 0.6)
        base = 40.0
        painter.line(ops, x0, base + 9, x1, base + 9, L.RULE, 0.5)
        left = f"{run.label} — session {run.session_id} — version n° {run.version}"
        painter.text(ops, x0, base, left, L.REGULAR, 7.5, L.GREY)
        painter.text(
            ops, x0, base, f"Page {index + 1} / {total}", L.BOLD, 8, L.INK, "right", x1 - x0
        )
        painter.text(
            ops,
            x0,
            base - 10,
            f"Empreinte SHA-256 des décisions : {run.fingerprint}",
            L.REGULAR,
            6.6,
            L.GREY,
        )
        notice = ""
        if run.confidential:
            notice = (
                "CONFIDENTIEL — document réservé au jury : ne pas diffuser, ne pas communiquer "
                "aux candidats."
            )
        elif run.draft:
            notice = (
                "PROJET — document de travail, non signable : le procès-verbal définitif est "
                "produit une fois toutes les décisions enregistrées."
            )
        if notice:
            painter.text(ops, x0, base - 20, notice, L.BOLD, 6.8, L.RED)
        return ops

    return under


def _watermark(
    painter: L.Painter, ops: list[str], w: float, h: float, word: str, color: L.Color
) -> None:
    """A large pale word across the page (drawn under the content)."""
    size = 110.0 if len(word) < 8 else 84.0
    tw = painter.width(word, L.BOLD, size)
    a = math.radians(33)
    c, s = math.cos(a), math.sin(a)
    # the word's centre at the page's centre
    x = w / 2 - (tw / 2) * c + (size * 0.36) * s
    y = h / 2 - (tw / 2) * s - (size * 0.36) * c
    ops.append(f"q {c:.4f} {s:.4f} {-s:.4f} {c:.4f} {x:.2f} {y:.2f} cm")
    painter.text(ops, 0, 0, word, L.BOLD, size, color)
    ops.append("Q")


# --------------------------------------------------------------------------- document base


class _Doc:
    """A document being made: a canvas, a painter, the items."""

    def __init__(self, pagesize: tuple[float, float]) -> None:
        self.pagesize = pagesize
        self.buffer = io.BytesIO()
        self.canvas = L.new_canvas(self.buffer, pagesize)
        self.painter = L.Painter(self.canvas)
        self.frame = _frame(pagesize)
        self.items: list[L.Item] = []
        #: what the document's makers compute once (e.g. the annex's table headers)
        self.cache: dict[object, Any] = {}

    @property
    def width(self) -> float:
        return self.frame.width

    def add(self, items: Sequence[L.Item]) -> None:
        self.items.extend(items)

    def finish(self, run: Running, info: L.DocInfo) -> bytes:
        pages = L.paginate(self.items, self.frame)
        decorate = _decorate(self.painter, run, self.pagesize)
        return L.render(self.canvas, self.buffer, pages, info, decorate)

    # ---- blocks

    def title(self, institution: str, title: str, subtitle: str, extra: str = "") -> None:
        p = self.painter
        w = self.width
        inst_lines = p.wrap(nfc(institution), L.BOLD, 14, w)
        title_lines = p.wrap(title.upper(), L.BOLD, 16, w)
        sub_lines = p.wrap(nfc(subtitle), L.REGULAR, 10.5, w - 40)
        extra_lines = p.wrap(extra, L.ITALIC, 9, w - 40) if extra else []
        h = (
            len(inst_lines) * 17
            + 18
            + len(title_lines) * 20
            + 6
            + len(sub_lines) * 14
            + len(extra_lines) * 12
            + 14
        )

        def draw(page: L.Page, x: float, y: float, width: float) -> None:
            yy = y
            for line in inst_lines:
                yy -= 17
                p.text(page.ops, x, yy + 4, line, L.BOLD, 14, L.NAVY)
            yy -= 18
            for line in title_lines:
                yy -= 20
                p.text(page.ops, x, yy + 5, line, L.BOLD, 16, L.INK, "center", width)
            yy -= 6
            for line in sub_lines:
                yy -= 14
                p.text(page.ops, x, yy + 3, line, L.REGULAR, 10.5, L.INK, "center", width)
            for line in extra_lines:
                yy -= 12
                p.text(page.ops, x, yy + 3, line, L.ITALIC, 9, L.GREY, "center", width)
            yy -= 7
            p.line(page.ops, x + width * 0.3, yy, x + width * 0.7, yy, L.NAVY, 1.2)

        self.add([L.Item(h, draw)])

    def block(self, b: object) -> list[L.Item]:
        p, w = self.painter, self.width
        if isinstance(b, Heading):
            return L.heading(p, nfc(b.text), w, b.level)
        if isinstance(b, Para):
            style = {"small": L.SMALL, "note": L.NOTE, "strong": L.STRONG}.get(b.style, L.BODY)
            return L.paragraph(p, nfc(b.text), w, style)
        if isinstance(b, Bullets):
            style = L.SMALL if b.style == "small" else L.BODY
            items: list[L.Item] = []
            for text in b.items:
                items += L.paragraph(p, nfc(text), w, style, space_after=1.5, bullet="•")
            items.append(L.spacer(3))
            return items
        if isinstance(b, Fields):
            return L.key_values(p, [(nfc(k), nfc(v)) for k, v in b.pairs], w)
        if isinstance(b, Grid):
            cols = [L.Column(nfc(c.title), c.weight, c.align) for c in b.columns]
            return L.table(
                p,
                cols,
                [tuple(nfc(x) for x in row) for row in b.rows],
                w,
                rules=[L.Rule(i, nfc(t)) for i, t in b.rules],
                row_styles=dict(b.styles),
            )
        if isinstance(b, Notice):
            if b.tone == "alert":
                return L.box(
                    p, nfc(b.text), w, style=L.TextStyle(color=L.RED), fill=L.PALE_RED, stroke=L.RED
                )
            return L.box(p, nfc(b.text), w)
        raise TypeError(f"bloc inconnu : {b!r}")  # pragma: no cover

    def signature_boxes(
        self,
        signatories: Sequence[Signatory],
        *,
        prefix: str,
        purpose: str,
        with_fields: bool,
        taken: set[str],
    ) -> list[L.Item]:
        """Boxes two by two: role, name, quality, and the (empty) signature field."""
        p = self.painter
        gap = 14.0
        field_h = 50.0
        bw = (self.width - gap) / 2
        items: list[L.Item] = []
        for k in range(0, len(signatories), 2):
            pair = list(signatories[k : k + 2])
            qual = [p.wrap(s.quality, L.REGULAR, 7.6, bw - 16) for s in pair]
            names = [p.wrap(s.name, L.BOLD, 9.5, bw - 16) for s in pair]
            text_h = max(len(n) * 12 + len(q) * 9.5 for n, q in zip(names, qual, strict=True))
            bh = 8 + 11 + text_h + 6 + field_h + 8
            fields = [field_name(prefix, s.member_id, taken) if with_fields else "" for s in pair]

            def draw(
                page: L.Page,
                x: float,
                y: float,
                width: float,
                pair: list[Signatory] = pair,
                qual: list[list[str]] = qual,
                names: list[list[str]] = names,
                bh: float = bh,
                fields: list[str] = fields,
            ) -> None:
                for j, s in enumerate(pair):
                    bx = x + j * (bw + gap)
                    p.rect(page.ops, bx, y - bh, bw, bh, stroke=L.NAVY, line=0.7)
                    p.rect(page.ops, bx, y - 17, bw, 17, fill=L.HEAD_FILL)
                    p.text(page.ops, bx + 8, y - 12, s.role.upper(), L.BOLD, 7.5, L.NAVY)
                    yy = y - 19
                    for line in names[j]:
                        yy -= 12
                        p.text(page.ops, bx + 8, yy + 2, line, L.BOLD, 9.5, L.INK)
                    for line in qual[j]:
                        yy -= 9.5
                        p.text(page.ops, bx + 8, yy + 1.5, line, L.REGULAR, 7.6, L.GREY)
                    fx, fy = bx + 8, y - bh + 8
                    fw = bw - 16
                    p.rect(page.ops, fx, fy, fw, field_h, stroke=L.RULE, line=0.5, dash="2 2")
                    hint = "Signature" if with_fields else "Signature (projet : non signable)"
                    p.text(
                        page.ops,
                        fx,
                        fy + field_h / 2 - 3,
                        hint,
                        L.ITALIC,
                        7.5,
                        L.LIGHT,
                        "center",
                        fw,
                    )
                    if with_fields:
                        page.fields.append(
                            L.SignatureField(
                                name=fields[j],
                                rect=(fx, fy, fx + fw, fy + field_h),
                                member_id=s.member_id,
                                tooltip=f"Signature de {s.name} ({s.role})",
                                purpose=purpose,
                            )
                        )

            items.append(L.Item(bh + 10, draw))
        return items


def _doc_info(
    title: str, session: Session, subject: str, kw: str, created: dt.datetime
) -> L.DocInfo:
    return L.DocInfo(
        title=title,
        author=session.info.institution,
        subject=subject,
        keywords=kw,
        created=created,
    )


# --------------------------------------------------------------------------- the PV


@in_french
@L.gc_paused()
def pv_pdf(
    session: Session,
    *,
    version: PvVersion | None = None,
    draft: bool = False,
    minutes: Minutes | None = None,
) -> bytes:
    """The procès-verbal of ``session`` as PDF bytes (unsigned)."""
    m = minutes or build_minutes(session, version=version, draft=draft)
    doc = _Doc(A4)
    doc.title(
        m.institution,
        m.title,
        m.subtitle,
        "Projet — document de travail" if m.draft else "",
    )
    taken: set[str] = set()
    blocks = list(m.blocks)
    for i, b in enumerate(blocks):
        if isinstance(b, Signatures):
            items = doc.signature_boxes(
                b.signatories, prefix="pv", purpose="pv", with_fields=not m.draft, taken=taken
            )
        else:
            items = doc.block(b)
        if any(isinstance(b2, Signatures) for b2 in blocks[i + 1 : i + 4]):
            # the signatures' heading, their introduction and « Fait à …, le … » stay with
            # the first row of signature boxes
            for it in items:
                it.keep_with_next = True
        doc.add(items)
    run = Running(
        m.institution, "Procès-verbal", m.session_id, m.version, m.fingerprint, draft=m.draft
    )
    kw = keywords("pv-draft" if m.draft else "pv", m.session_id, m.version, m.fingerprint)
    info = _doc_info(
        f"{m.title} — {m.subtitle}",
        session,
        f"Procès-verbal — session {m.session_id}",
        kw,
        m.created,
    )
    return doc.finish(run, info)


# --------------------------------------------------------------------------- attendance


@in_french
def attendance_pdf(session: Session, *, version: PvVersion | None = None) -> bytes:
    """The attendance sheet (feuille d'émargement): one page (or more) per day of the
    session, one line per member with quality, role and a signature field (members
    present) or the recorded absence."""
    from .fingerprint import fingerprint

    version = version or PvVersion()
    info = session.info
    fp = fingerprint(session)
    doc = _Doc(A4)
    days: list[dt.date | None] = list(sorted(set(info.dates))) or [None]
    rank = {"president": 0, "membre": 1, "secretaire": 2}
    members = sorted(session.jury, key=lambda m: rank[m.role.value])
    taken: set[str] = set()
    p, w = doc.painter, doc.width
    for k, day in enumerate(days):
        if k:
            doc.add([L.page_break()])
        doc.title(
            info.institution,
            "Feuille d'émargement",
            info.title,
            f"Séance du {fr_date(day, weekday=True)}" if day else "Date de séance non renseignée",
        )
        doc.add(
            L.key_values(
                p,
                [
                    ("Nature du jury", KIND_LABELS.get(info.kind, info.kind.value)),
                    ("Lieu", info.place or "non renseigné"),
                    ("Acte de nomination", info.appointing_act or "non renseigné"),
                ],
                w,
            )
        )
        doc.add(
            L.paragraph(
                p,
                "Chaque membre présent signe en regard de son nom. Les absences et excuses "
                "sont celles enregistrées pour la session.",
                w,
                L.SMALL,
            )
        )
        doc.add(_attendance_rows(doc, members, day, taken))
    run = Running(info.institution, "Feuille d'émargement", info.id, version.number, fp)
    kw = keywords("attendance", info.id, version.number, fp)
    created = created_at(session)
    meta = _doc_info(
        f"Feuille d'émargement — {info.title}",
        session,
        f"Émargement — session {info.id}",
        kw,
        created,
    )
    return doc.finish(run, meta)


def _attendance_rows(
    doc: _Doc, members: Sequence[object], day: dt.date | None, taken: set[str]
) -> list[L.Item]:
    p, w = doc.painter, doc.width
    cols = [(0.27, "Nom"), (0.27, "Qualité"), (0.17, "Rôle"), (0.29, "Signature")]
    widths = [w * c[0] for c in cols]
    head_h = 18.0
    row_h = 46.0

    def draw_head(page: L.Page, x: float, y: float, width: float) -> None:
        p.rect(page.ops, x, y - head_h, w, head_h, fill=L.HEAD_FILL)
        p.line(page.ops, x, y, x + w, y, L.NAVY, 0.9)
        p.line(page.ops, x, y - head_h, x + w, y - head_h, L.NAVY, 0.6)
        cx = x
        for (_share, title), cw in zip(cols, widths, strict=True):
            p.text(page.ops, cx + 4, y - 12.5, title, L.BOLD, 8.5, L.NAVY)
            cx += cw

    head = L.Item(head_h, draw_head, keep_with_next=True)
    items = [head]
    prefix = f"emargement-{day.isoformat()}" if day else "emargement"
    for m in members:
        name_lines = p.wrap(person(m), L.BOLD, 9, widths[0] - 8)  # type: ignore[arg-type]
        qual_lines = p.wrap(quality_label(m), L.REGULAR, 8, widths[1] - 8)  # type: ignore[arg-type]
        role_lines = p.wrap(role_label(m), L.REGULAR, 8, widths[2] - 8)  # type: ignore[arg-type]
        h = max(
            row_h, 8 + max(len(name_lines) * 11, len(qual_lines) * 10, len(role_lines) * 10) + 8
        )
        present = m.is_present  # type: ignore[attr-defined]
        fname = field_name(prefix, m.id, taken) if present else ""  # type: ignore[attr-defined]
        absent_text = ""
        if not present:
            absent_text = presence_label(m)  # type: ignore[arg-type]
            if m.absence_reason:  # type: ignore[attr-defined]
                absent_text += f" — {m.absence_reason}"  # type: ignore[attr-defined]

        def draw(
            page: L.Page,
            x: float,
            y: float,
            width: float,
            m: object = m,
            name_lines: list[str] = name_lines,
            qual_lines: list[str] = qual_lines,
            role_lines: list[str] = role_lines,
            h: float = h,
            fname: str = fname,
            absent_text: str = absent_text,
        ) -> None:
            ops = page.ops
            yy = y - 17
            for line in name_lines:
                p.text(ops, x + 4, yy, line, L.BOLD, 9, L.INK)
                yy -= 11
            for col, lines in ((1, qual_lines), (2, role_lines)):
                yy = y - 17
                cx = x + sum(widths[:col]) + 4
                for line in lines:
                    p.text(ops, cx, yy, line, L.REGULAR, 8, L.INK)
                    yy -= 10
            sx = x + widths[0] + widths[1] + widths[2]
            if fname:
                fx, fy, fw, fh = sx + 4, y - h + 5, widths[3] - 8, h - 10
                p.rect(ops, fx, fy, fw, fh, stroke=L.RULE, line=0.5, dash="2 2")
                page.fields.append(
                    L.SignatureField(
                        name=fname,
                        rect=(fx, fy, fx + fw, fy + fh),
                        member_id=m.id,  # type: ignore[attr-defined]
                        tooltip=f"Émargement de {person(m)}",  # type: ignore[arg-type]
                        purpose="attendance",
                    )
                )
            else:
                for j, line in enumerate(p.wrap(absent_text, L.ITALIC, 8, widths[3] - 8)):
                    p.text(ops, sx + 4, y - 17 - j * 10, line, L.ITALIC, 8, L.GREY)
            p.line(ops, x, y - h, x + w, y - h, L.RULE, 0.5)

        items.append(L.Item(h, draw, header=head))
    return items


# --------------------------------------------------------------------------- fonts


def unprintable_names(session: Session) -> list[tuple[str, str]]:
    """``(who or what, the characters)`` for every name or title of the session with
    characters the documents' font cannot draw (they would print as empty boxes): the
    command line and the Minutes screen say so before anyone signs."""
    items: list[tuple[str, str]] = [
        (session.info.institution, session.info.institution),
        (session.info.title, session.info.title),
    ]
    items += [(f"{m.full_name} ({m.id})", m.full_name) for m in session.jury]
    items += [(f"{c.full_name} ({c.id})", c.full_name) for c in session.candidates]
    out = []
    for label, text in items:
        chars = L.missing_glyphs(text)
        if chars:
            out.append((label, chars))
    return out


# --------------------------------------------------------------------------- annex


@in_french
@L.gc_paused()
def annex_pdf(session: Session, *, version: PvVersion | None = None) -> bytes:
    """The confidential annex: every score of every member per criterion, the statistics
    (mean, median, spread, standard deviation), divergence, per candidate and épreuve."""
    from juryapp.domain.aggregation import candidate_result

    from .fingerprint import contrat_pro_marks, fingerprint, ranked_lists

    version = version or PvVersion()
    info = session.info
    # one result per candidate, shared by the ranking (fingerprint) and the sheets
    results: dict[str, CandidateResult] = {}

    def result_of(candidate_id: str) -> CandidateResult:
        res = results.get(candidate_id)
        if res is None:
            res = results[candidate_id] = candidate_result(session, candidate_id)
        return res

    ranked = ranked_lists(session, result_of)
    fp = fingerprint(session, ranked, contrat_pro_marks(session))
    doc = _Doc(A4_LANDSCAPE)
    p, w = doc.painter, doc.width
    doc.title(
        info.institution,
        "Annexe confidentielle au procès-verbal — détail des notes",
        info.title,
        "Confidentiel : les résultats détaillés ne sont pas communiqués aux candidats.",
    )
    scorers = [m for m in session.jury if m.role.value in ("president", "membre")]
    doc.add(
        L.key_values(
            p,
            [
                ("Session", f"{info.id} — {KIND_LABELS.get(info.kind, info.kind.value)}"),
                ("Membres du jury", "; ".join(f"{m.last_name} : {person(m)}" for m in scorers)),
                (
                    "Lecture",
                    "Valeurs sur le barème de chaque critère ; « Note /20 » : note de chaque "
                    "évaluateur sur 20 (moyenne pondérée des critères). abst. : abstention ; "
                    "récusé : récusation ; ⊘ : note d'un membre en conflit d'intérêts, non "
                    "comptée ; — : note attendue non saisie.",
                ),
                (
                    "Statistiques",
                    "Moy. : moyenne ; Méd. : médiane ; Écart : maximum − minimum ; σ : écart-type "
                    "(population). ⚠ : écart supérieur au seuil de divergence "
                    f"({num(info.divergence_threshold)} points sur 20, ramené au barème de "
                    "chaque critère).",
                ),
            ],
            w,
            key_share=0.16,
        )
    )
    listed = 0
    ranks = {e.candidate_id: e for e in ranked}
    shorts = _short_names(session)
    for c in sorted(session.candidates, key=lambda c: name_key(c.last_name, c.first_name, c.id)):
        if not session.scores_for(c.id):
            continue
        result = result_of(c.id)
        sheets = annex_sheets(session, c.id, result, shorts)
        if not sheets:
            continue
        listed += 1
        latest = session.latest_decision(c.id)
        parts = [f"{cand_name(c)} — dossier {c.id}"]
        if latest is not None:
            parts.append(decision_text(info.kind, latest.value))
        r = ranks.get(c.id)
        if r is not None:
            parts.append(f"rang {r.rank}")
        parts.append(f"total /20 : {mark(result.total)} (médianes : {mark(result.total_median)})")
        if result.divergent:
            parts.append("⚠ divergence")
        if not result.complete:
            parts.append("notation incomplète")
        doc.add(_annex_heading(doc, " · ".join(parts), result.divergent))
        for sheet in sheets:
            doc.add(_annex_table(doc, sheet))
    if listed == 0:
        doc.add(L.paragraph(p, "Aucune note n'est enregistrée pour cette session.", w))
    run = Running(
        info.institution, "Annexe confidentielle", info.id, version.number, fp, confidential=True
    )
    kw = keywords("annex", info.id, version.number, fp)
    meta = _doc_info(
        f"Annexe confidentielle — {info.title}",
        session,
        f"Annexe confidentielle — session {info.id}",
        kw,
        created_at(session),
    )
    return doc.finish(run, meta)


def _annex_heading(doc: _Doc, text: str, divergent: bool) -> list[L.Item]:
    p, w = doc.painter, doc.width
    lines = p.wrap(text, L.BOLD, 9, w - 10)
    h = len(lines) * 12 + 8

    def draw(page: L.Page, x: float, y: float, width: float) -> None:
        p.rect(page.ops, x, y - h, w, h, fill=L.PALE_RED if divergent else L.HEAD_FILL)
        yy = y - 4
        for line in lines:
            yy -= 12
            p.text(page.ops, x + 5, yy + 3, line, L.BOLD, 9, L.RED if divergent else L.NAVY)

    return [L.spacer(6), L.Item(h, draw, keep_with_next=True), L.spacer(2)]


def _fit(p: L.Painter, text: str, size: float, width: float) -> float:
    """The font size (down to 5.5) at which every word of ``text`` fits in ``width``."""
    longest = max(text.split(), key=lambda word: p.width(word, L.BOLD, size), default="")
    while size > 5.5 and p.width(longest, L.BOLD, size) > width:
        size -= 0.5
    return size


@dataclass(frozen=True)
class AnnexRow:
    """A criterion (values on its scale) or the épreuve's mark (/20) across the scorers."""

    label: str
    cells: tuple[str, ...]
    stats: Stats
    is_mark: bool = False


@dataclass(frozen=True)
class AnnexSheet:
    """One épreuve of one candidate in the annex: every scorer's value per criterion."""

    epreuve_id: str
    name: str
    weight: float
    scale: str  # the criteria's common scale, "" when they differ
    scorers: tuple[str, ...]  # column headers
    rows: tuple[AnnexRow, ...]
    complete: bool
    missing: tuple[str, ...]  # names of the expected scorers who have not finished


#: cells of the annex (the deliberation screen's conventions, always in French)
ABSTAINED, RECUSED, EXCLUDED, MISSING = "abst.", "récusé", "⊘", "—"
_SYMBOLS = frozenset({ABSTAINED, RECUSED, EXCLUDED, MISSING})


def _short_names(session: Session) -> dict[str, str]:
    """Column headers: the last name, with the first initial when two members share it."""
    last = [m.last_name for m in session.jury]
    return {
        m.id: nfc(
            f"{m.first_name[0]}. {m.last_name}"
            if last.count(m.last_name) > 1 and m.first_name
            else m.last_name
        )
        for m in session.jury
    }


def _scale(lo: float, hi: float) -> str:
    return f"{num(lo)}–{num(hi)}"


@lru_cache(maxsize=1024)
def _criterion_label(label: str, lo: float, hi: float, weight: float) -> str:
    return f"{label} ({_scale(lo, hi)}, coef. {num(weight)})"


def annex_sheets(
    session: Session,
    candidate_id: str,
    result: CandidateResult,
    shorts: dict[str, str] | None = None,
) -> list[AnnexSheet]:
    """The candidate's planned épreuves as annex sheets.

    Columns: the members expected to score (:func:`~juryapp.domain.aggregation.expected_scorers`)
    and every member who submitted a score, in jury order, then external sources.  Cells:
    the value on the criterion's scale; « abst. » (abstention), « récusé » (recusal) — never
    0; « ⊘ » for a score of a member with a hard conflict with the candidate (not counted);
    « — » for a score expected and not given.  The statistics are those of
    :func:`~juryapp.domain.aggregation.epreuve_result` (``result``), drafts never count.
    """
    from juryapp.domain.aggregation import expected_scorers, latest_scores
    from juryapp.domain.models import ScoreStatus

    cand = session.candidate(candidate_id)
    if cand is None:
        raise ValueError(f"candidat inconnu : « {candidate_id} »")
    shorts = shorts if shorts is not None else _short_names(session)
    names = {m.id: m.full_name for m in session.jury}
    out: list[AnnexSheet] = []
    by_epreuve: dict[str, dict[str, dict[str, Any]]] = {}
    for sc in latest_scores(session.scores_for(candidate_id)):
        by_epreuve.setdefault(sc.epreuve_id, {}).setdefault(sc.who, {})[sc.criterion_id] = sc
    conflicted = {m.id for m in session.jury if session.hard_conflict(m.id, candidate_id)}
    for ep in session.planned_epreuves(cand):
        res = result.epreuves.get(ep.id)
        if res is None:
            continue
        by_who = by_epreuve.get(ep.id, {})
        expected = set(expected_scorers(session, candidate_id, ep.id))
        cols: list[tuple[str, str, bool, bool]] = []  # who, header, expected, excluded
        for m in session.jury:
            if m.id in expected or m.id in by_who:
                cols.append(
                    (m.id, shorts.get(m.id, m.last_name), m.id in expected, m.id in conflicted)
                )
        ext = sorted(w for w in by_who if w.startswith("ext:"))
        if ep.external_source and f"ext:{ep.external_source}" not in ext:
            ext.insert(0, f"ext:{ep.external_source}")
        cols += [(w, w[4:], w[4:] == ep.external_source, False) for w in ext]

        def cell(score: Any, expected: bool, excluded: bool) -> str:
            if score is None:
                return MISSING if expected else ""
            if score.status is ScoreStatus.RECUSED:
                return RECUSED
            if excluded:
                return EXCLUDED
            if score.status is ScoreStatus.ABSTAINED:
                return ABSTAINED
            return num(score.value)

        rows = [
            AnnexRow(
                _criterion_label(crit.label, crit.min, crit.max, crit.weight),
                tuple(cell(by_who.get(w, {}).get(crit.id), e, x) for w, _h, e, x in cols),
                res.criteria[crit.id],
            )
            for crit in ep.criteria
        ]
        marks: list[str] = []
        for who, _h, exp, excluded in cols:
            mine = by_who.get(who, {})
            statuses = {sc.status for sc in mine.values()}
            if excluded:
                marks.append(
                    RECUSED if statuses == {ScoreStatus.RECUSED} else EXCLUDED if mine else ""
                )
            elif who in res.member_marks:
                marks.append(num(res.member_marks[who]))
            elif mine:
                marks.append(RECUSED if statuses == {ScoreStatus.RECUSED} else ABSTAINED)
            else:
                marks.append(MISSING if exp else "")
        rows.append(AnnexRow("Note /20", tuple(marks), res.marks, is_mark=True))
        scales = {(c.min, c.max) for c in ep.criteria}
        missing = tuple(names.get(m, m) for m in res.missing)
        if not res.complete and not missing and ep.external_source:
            missing = (ep.external_source,)
        out.append(
            AnnexSheet(
                epreuve_id=ep.id,
                name=ep.name,
                weight=ep.weight,
                scale=_scale(*next(iter(scales))) if len(scales) == 1 else "",
                scorers=tuple(h for _w, h, _e, _x in cols),
                rows=tuple(rows),
                complete=res.complete,
                missing=missing,
            )
        )
    return out


def _annex_table(doc: _Doc, ep: AnnexSheet) -> list[L.Item]:
    """One épreuve of one candidate: criteria × scorers, then statistics."""
    p, w = doc.painter, doc.width
    n = len(ep.scorers)
    stat_titles = ["Moy.", "Méd.", "Écart", "σ", ""]
    cell_w = 44.0 if n <= 8 else max(30.0, (w * 0.62) / (n + len(stat_titles)))
    stat_w = [40.0, 40.0, 36.0, 34.0, 14.0]
    label_w = w - n * cell_w - sum(stat_w)
    size = 7.8
    leading = size * 1.25
    pad = 2.4
    scale = f" [{ep.scale}]" if ep.scale else ""
    title = f"{ep.name}{scale} — coef. {num(ep.weight)}"
    if not ep.complete and ep.missing:
        title += f" — incomplet : {', '.join(ep.missing)}"
    key = ("annex-head", title, ep.scorers)
    cached = doc.cache.get(key)
    if cached is None:
        head_title = p.wrap(nfc(title), L.BOLD, size, label_w - 2 * pad)
        short_sizes = [_fit(p, nfc(h), size - 0.6, cell_w - 2 * pad) for h in ep.scorers]
        short = [
            p.wrap(nfc(h), L.BOLD, fs, cell_w - 2 * pad)[:2]
            for h, fs in zip(ep.scorers, short_sizes, strict=True)
        ]
        height = max(len(head_title), max((len(s) for s in short), default=1)) * leading
        cached = doc.cache[key] = (head_title, short_sizes, short, height + 2 * pad)
    head_title, short_sizes, short, head_h = cached
    xs = [label_w + k * cell_w for k in range(n)]
    sx = [label_w + n * cell_w + sum(stat_w[:k]) for k in range(len(stat_w))]
    cache = doc.cache

    # The table is drawn relative to its top left corner (one translation), so what does
    # not depend on the candidate — the header, a row's shading, label and rule at a given
    # height — is the same string in every table of an épreuve, made once per document.
    # The operators stay in reading order (header, then each row: label, values, rule).
    head_key = ("annex-head-ops", key)
    head_ops = cache.get(head_key)
    if head_ops is None:
        ops: list[str] = []
        p.rect(ops, 0, -head_h, w, head_h, fill=L.HEAD_FILL)
        p.line(ops, 0, -head_h, w, -head_h, L.NAVY, 0.5)
        yy = -pad - size * 0.95
        for line in head_title:
            p.text(ops, pad, yy, line, L.BOLD, size, L.NAVY)
            yy -= leading
        for k, lines in enumerate(short):
            yy = -pad - size * 0.95
            for line in lines:
                p.text(ops, xs[k], yy, line, L.BOLD, short_sizes[k], L.NAVY, "center", cell_w)
                yy -= leading
        for k, t in enumerate(stat_titles):
            p.text(ops, sx[k], -pad - size * 0.95, t, L.BOLD, size, L.NAVY, "center", stat_w[k])
        head_ops = cache[head_key] = " ".join(ops)

    # per row: (static operators before the values, baseline, values, statistics,
    # font, divergent, static operators after)
    rows: list[tuple[str, float, tuple[str, ...], tuple[str, ...], str, bool, str]] = []
    top = -head_h
    for row in ep.rows:
        font = L.BOLD if row.is_mark else L.REGULAR
        lines = p.wrap(nfc(row.label), font, size, label_w - 2 * pad)
        h = len(lines) * leading + 2 * pad
        base = top - pad - size * 0.95
        row_key = ("annex-row-ops", row.label, font, round(top, 3), h)
        static = cache.get(row_key)
        if static is None:
            before: list[str] = []
            if row.is_mark:
                p.rect(before, 0, top - h, w, h, fill=L.ZEBRA)
            yy = base
            for line in lines:
                p.text(before, pad, yy, line, font, size, L.INK)
                yy -= leading
            after: list[str] = []
            p.line(after, 0, top - h, w, top - h, L.RULE, 0.3)
            static = cache[row_key] = (" ".join(before), " ".join(after))
        st = row.stats
        stats_cells = (num(st.mean), num(st.median), num(st.spread), num(st.stdev))
        rows.append((static[0], base, row.cells, stats_cells, font, st.divergent, static[1]))
        top -= h
    rows_h = -head_h - top

    def draw(page: L.Page, x: float, y: float, width: float) -> None:
        ops = page.ops
        ops.append(f"q 1 0 0 1 {x:.2f} {y:.2f} cm")
        ops.append(head_ops)
        for before, base, cells, stats_cells, font, divergent, after in rows:
            if before:
                ops.append(before)
            plain = [(xs[k], cell_w, c, "center") for k, c in enumerate(cells) if c not in _SYMBOLS]
            plain += [
                (sx[k], stat_w[k], c, "center")
                for k, c in enumerate(stats_cells)
                if not (divergent and k == 2)
            ]
            p.cells(ops, base, plain, font, size, L.INK)
            symbols = [(xs[k], cell_w, c, "center") for k, c in enumerate(cells) if c in _SYMBOLS]
            if symbols:
                p.cells(ops, base, symbols, font, size, L.GREY)
            if divergent:
                alert = [
                    (sx[2], stat_w[2], stats_cells[2], "center"),
                    (sx[4], stat_w[4], "⚠", "center"),
                ]
                p.cells(ops, base, alert, font, size, L.RED)
            ops.append(after)
        ops.append("Q")

    # a table is small (a few criteria): it stays on one page, with its header
    return [L.Item(head_h + rows_h, draw), L.spacer(4)]


# --------------------------------------------------------------------------- letters


@dataclass(frozen=True)
class Letter:
    """One candidate's decision letter: the PDF and the e-mail draft."""

    candidate_id: str
    pdf: bytes
    eml: bytes
    subject: str
    body: str


class LetterContext:
    """What every letter of a session shares, computed once (the ranked lists, the
    fingerprint)."""

    def __init__(self, session: Session) -> None:
        from .fingerprint import contrat_pro_marks, fingerprint, ranked_lists

        self.session = session
        ranked = ranked_lists(session)
        self.lists = {e.candidate_id: e.list_name for e in ranked}
        self.fingerprint = fingerprint(session, ranked, contrat_pro_marks(session))


def _president_title(session: Session) -> str:
    pres = session.president
    if pres is not None and pres.sex.value == "F":
        return "La présidente du jury"
    return "Le président du jury"


@in_french
def letter_text(
    session: Session, candidate_id: str, ctx: LetterContext | None = None
) -> tuple[str, list[str]] | None:
    """The subject and paragraphs of the letter to ``candidate_id`` (the decision that
    counts now, without any mark), or None when no decision is recorded."""
    from juryapp.domain.decisions import needs_post_jury_interview, notification_deadline

    from .content import defence_of, jury_date, vae_jury_date

    info = session.info
    kind = info.kind
    c = session.candidate(candidate_id)
    if c is None:
        raise ValueError(f"candidat inconnu : « {candidate_id} »")
    d = session.latest_decision(candidate_id)
    if d is None:
        return None
    when = fr_date(jury_date(session, d))
    spec = f", spécialité {info.specialty}" if info.specialty else ""
    subject = f"{info.institution} — décision du jury — {info.title}"
    paras: list[str] = []
    v = d.value
    if kind.is_admission:
        year = "1re" if kind is SessionKind.ADMISSION_1A else "2e"
        intro = (
            f"Le jury de recrutement de la formation d'ingénieur par apprentissage{spec} "
            f"({year} année) a examiné votre candidature"
        )
        if d.stage is DecisionStage.DOSSIER_REVIEW:
            if v is DecisionValue.EXCELLENCE:
                paras.append(
                    f"{intro} le {when}. J'ai le plaisir de vous informer que votre dossier a été "
                    "classé au titre de l'excellence académique : vous êtes déclaré(e) "
                    "admissible, sans épreuve probatoire."
                )
                paras.append(_admission_condition())
            elif v in (DecisionValue.STANDARD, DecisionValue.PRE_ADMISSIBLE):
                paras.append(
                    f"{intro} le {when}. Votre dossier a été retenu : vous êtes déclaré(e) "
                    "pré-admissible. Les épreuves probatoires que vous passerez (nature, dates "
                    "et modalités) vous sont indiquées séparément."
                )
            else:
                paras.append(
                    f"{intro} le {when}. J'ai le regret de vous informer que le jury n'a pas "
                    "retenu votre candidature."
                )
        else:
            if v is DecisionValue.ADMISSIBLE:
                if ctx is None:
                    ctx = LetterContext(session)
                list_name = ctx.lists.get(candidate_id)
                paras.append(
                    f"À l'issue des épreuves probatoires, le jury réuni le {when} vous a "
                    "déclaré(e) admissible."
                )
                if list_name == "complementaire":
                    paras.append(
                        "Vous figurez sur la liste complémentaire : si des places restent "
                        "vacantes sept jours avant la rentrée, les candidats de cette liste sont "
                        "appelés dans l'ordre du classement et disposent de trois mois après la "
                        "rentrée pour signer un contrat."
                    )
                elif list_name == "principale":
                    paras.append("Vous figurez sur la liste principale.")
                paras.append(_admission_condition())
            else:
                paras.append(
                    f"À l'issue des épreuves probatoires, le jury réuni le {when} ne vous a pas "
                    "déclaré(e) admissible. J'ai le regret de ne pouvoir donner une suite "
                    "favorable à votre candidature."
                )
        paras.append(
            "Les décisions du jury sont souveraines. Conformément au règlement d'admission, "
            "les résultats détaillés ne sont pas communiqués."
        )
    elif kind is SessionKind.VAE_RECEVABILITE:
        if v is DecisionValue.ADMISSIBLE:
            paras.append(
                f"Le jury de recrutement, réuni le {when}, a déclaré recevable votre demande de "
                "validation des acquis de l'expérience. Vous disposez de trois ans à compter de "
                "cette notification pour déposer votre dossier de validation."
            )
        else:
            paras.append(
                f"Le jury de recrutement, réuni le {when}, a déclaré non recevable votre demande "
                "de validation des acquis de l'expérience."
            )
        if d.reason:
            paras.append(f"Motif : {d.reason}")
    elif kind in (SessionKind.VAE_VALIDATION, SessionKind.CQPM):
        blocs = {b.id: b.label for b in info.blocs}
        jd = vae_jury_date(session, d, defence_of(session, candidate_id))
        intro = f"Le jury de validation des acquis de l'expérience, réuni le {fr_date(jd)}, "
        if v is DecisionValue.TOTALE:
            paras.append(
                intro + "a prononcé la validation totale de vos acquis pour la certification "
                f"visée ({info.title})."
            )
        elif v is DecisionValue.PARTIELLE:
            paras.append(intro + "a prononcé une validation partielle de vos acquis.")
            granted = [f"{b} — {blocs[b]}" for b in blocs if b in d.blocs_granted]
            remaining = [f"{b} — {blocs[b]}" for b in blocs if b not in d.blocs_granted]
            paras.append("Blocs de compétences validés :\n" + "\n".join(f"• {x}" for x in granted))
            paras.append("Blocs restant à valider :\n" + "\n".join(f"• {x}" for x in remaining))
        else:
            paras.append(intro + "n'a pas prononcé de validation de vos acquis.")
            if d.reason:
                paras.append(f"Motif : {d.reason}")
        if d.recommendations:
            paras.append(f"Préconisations du jury : {d.recommendations}")
        if needs_post_jury_interview(d):
            paras.append(
                "Un entretien post-jury vous sera proposé afin de définir avec vous ce qui reste "
                "à accomplir et les modalités pour y parvenir."
            )
        paras.append(
            f"La présente décision vous est notifiée au plus tard le "
            f"{fr_date(notification_deadline(jd))}."
        )
    else:
        if v is DecisionValue.VALIDE:
            paras.append(
                f"Le jury réuni le {when} a validé votre projet d'entreprise du semestre 9 "
                "(10 ECTS)."
            )
        else:
            paras.append(
                f"Le jury réuni le {when} n'a pas validé votre projet d'entreprise du semestre 9."
            )
            if d.reason:
                paras.append(f"Motif : {d.reason}")
    return subject, paras


def _admission_condition() -> str:
    return (
        "Votre admission sera prononcée dans la limite des places ouvertes, dans l'ordre du "
        "classement, lorsque la fiche descriptive de votre projet d'emploi aura été approuvée "
        "par l'école : aucune admission n'est prononcée sans entreprise d'accueil."
    )


def local_date(at: dt.datetime) -> dt.date:
    from .text import local

    return local(at).date()


@in_french
def letter_pdf(
    session: Session, candidate_id: str, ctx: LetterContext | None = None
) -> bytes | None:
    """The decision letter of ``candidate_id`` as PDF bytes, or None (no decision)."""
    ctx = ctx or LetterContext(session)
    found = letter_text(session, candidate_id, ctx)
    if found is None:
        return None
    subject, paras = found
    info = session.info
    c = session.candidate(candidate_id)
    assert c is not None
    doc = _Doc(A4)
    p, w = doc.painter, doc.width
    d = session.latest_decision(candidate_id)
    assert d is not None
    day = max(local_date(d.at), document_date(session)) if info.dates else local_date(d.at)
    inst = nfc(info.institution)
    recipient = [cand_name(c), c.email] if c.email else [cand_name(c)]
    top_h = 120.0

    def draw_top(page: L.Page, x: float, y: float, width: float) -> None:
        p.text(page.ops, x, y - 14, inst, L.BOLD, 13, L.NAVY)
        p.text(page.ops, x, y - 28, KIND_LABELS.get(info.kind, ""), L.REGULAR, 8.5, L.GREY)
        p.text(
            page.ops,
            x,
            y - 50,
            f"{city(info.place, inst)}, le {fr_date(day)}",
            L.REGULAR,
            9.5,
            L.INK,
            "right",
            w,
        )
        yy = y - 76
        for line in recipient:
            p.text(
                page.ops,
                x + w * 0.55,
                yy,
                nfc(line),
                L.BOLD if yy == y - 76 else L.REGULAR,
                10,
                L.INK,
            )
            yy -= 13

    doc.add([L.Item(top_h, draw_top)])
    doc.add(L.paragraph(p, f"Objet : {subject}", w, L.STRONG, space_after=2))
    doc.add(L.paragraph(p, f"Dossier n° {c.id}", w, L.SMALL, space_after=10))
    doc.add(L.paragraph(p, "Madame, Monsieur,", w, L.BODY, space_after=6))
    letter_style = L.TextStyle(size=10, leading=14)
    for para in paras:
        doc.add(L.paragraph(p, para, w, letter_style, space_after=7))
    doc.add(
        L.paragraph(
            p,
            "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
            w,
            letter_style,
            space_after=18,
        )
    )
    pres = session.president
    sign = [_president_title(session), person(pres) if pres else ""]
    for line in sign:
        if line:
            doc.add(
                L.paragraph(
                    p, line, w, L.TextStyle(size=10, leading=14, align="right"), space_after=0
                )
            )
    fp = ctx.fingerprint
    run = Running(inst, "Décision du jury", info.id, 1, fp)
    kw = keywords("letter", info.id, 1, fp) + f"; candidate={c.id}"
    meta = _doc_info(subject, session, f"Décision du jury — {c.id}", kw, created_at(session))
    return doc.finish(run, meta)


@in_french
def letter_eml(
    session: Session, candidate_id: str, pdf: bytes, ctx: LetterContext | None = None
) -> bytes | None:
    """The e-mail draft (``.eml``) of the letter, with the PDF attached; decisions are sent
    by e-mail only.  Reproducible (date from the session's data, no random Message-ID)."""
    from email.message import EmailMessage
    from email.utils import format_datetime

    found = letter_text(session, candidate_id, ctx)
    if found is None:
        return None
    subject, paras = found
    c = session.candidate(candidate_id)
    assert c is not None
    sender = session.secretary or session.president
    msg = EmailMessage()
    msg["Subject"] = subject
    if sender is not None and sender.email:
        msg["From"] = f"{person(sender)} <{sender.email}>"
    msg["To"] = f"{cand_name(c)} <{c.email}>" if c.email else cand_name(c)
    msg["Date"] = format_datetime(created_at(session))
    msg["X-Unsent"] = "1"  # opened as a draft by the mail programs
    pres = session.president
    body = "\n\n".join(
        [
            "Madame, Monsieur,",
            *paras,
            "Vous trouverez ci-joint la décision du jury.",
            "Je vous prie d'agréer, Madame, Monsieur, l'expression de mes salutations distinguées.",
            f"{_president_title(session)}\n{person(pres)}" if pres else _president_title(session),
        ]
    )
    msg.set_content(nfc(body))
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=f"decision-{c.id}.pdf")
    # a boundary from the content, not a random one: the same data gives the same file
    digest = hashlib.sha256(pdf + body.encode("utf-8")).hexdigest()[:32]
    for k, part in enumerate(p for p in msg.walk() if p.is_multipart()):
        part.set_boundary(f"=_juryapp_{digest}_{k}")
    return msg.as_bytes()


@in_french
@L.gc_paused()
def letters(session: Session) -> list[Letter]:
    """Every candidate's letter (candidates without a decision are left out)."""
    out: list[Letter] = []
    ctx = LetterContext(session)
    for c in sorted(session.candidates, key=lambda c: c.id):
        found = letter_text(session, c.id, ctx)
        if found is None:
            continue
        pdf = letter_pdf(session, c.id, ctx)
        assert pdf is not None
        eml = letter_eml(session, c.id, pdf, ctx)
        assert eml is not None
        subject, paras = found
        out.append(Letter(c.id, pdf, eml, subject, "\n\n".join(paras)))
    return out


# --------------------------------------------------------------------------- writers


def _writer(make: Callable[..., bytes]) -> Callable[..., Path]:
    def write(session: Session, path: str | Path, **kwargs: object) -> Path:
        data = make(session, **kwargs)
        L.write(path, data)
        return Path(path)

    write.__doc__ = f"Write :func:`{make.__name__}` to ``path``."
    return write


write_pv = _writer(pv_pdf)
write_attendance = _writer(attendance_pdf)
write_annex = _writer(annex_pdf)


@in_french
def write_letters(session: Session, folder: str | Path) -> list[Path]:
    """Write ``<id>.pdf`` and ``<id>.eml`` per candidate with a decision into ``folder``."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for letter in letters(session):
        for ext, data in (("pdf", letter.pdf), ("eml", letter.eml)):
            target = out / f"{letter.candidate_id}.{ext}"
            L.write(target, data)
            paths.append(target)
    return paths


__all__ = [
    "Letter",
    "LetterContext",
    "annex_pdf",
    "attendance_pdf",
    "keywords",
    "letter_eml",
    "letter_pdf",
    "letter_text",
    "letters",
    "pv_pdf",
    "read_keywords",
    "write_annex",
    "write_attendance",
    "write_letters",
    "write_pv",
]
