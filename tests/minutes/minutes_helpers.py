"""What the documents' tests share: copies of the bundled samples (never the samples
themselves), sessions with every decision taken, reading PDFs back with pypdf.

(Imported as ``from minutes_helpers import ...``: pytest puts this folder on ``sys.path``.)
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import unicodedata
from pathlib import Path

from juryapp.domain.models import (
    DecisionStage,
    DecisionValue,
    DefenceEvent,
    DefenceEventKind,
    Session,
)
from juryapp.store.session_store import SessionStore

SAMPLES = Path(__file__).resolve().parents[2] / "sample_sessions"
PASS = "phrase-de-passe-de-test"


def copy_sample(tmp_path: Path, name: str) -> Path:
    """A copy of ``sample_sessions/<name>.jury`` in ``tmp_path`` (without backups)."""
    dest = tmp_path / f"{name}.jury"
    shutil.copytree(
        SAMPLES / f"{name}.jury", dest, ignore=shutil.ignore_patterns("backups", "*.lock")
    )
    return dest


def load(path: Path) -> Session:
    return SessionStore.open(path, backup=False).load()


def norm(text: str) -> str:
    """Text read back from a PDF: NFC, no-break spaces as spaces, runs of spaces as one."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u202f", " ")
    return re.sub(r"[ \t]+", " ", text)


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page (pypdf), normalised by :func:`norm`."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [norm(p.extract_text() or "") for p in reader.pages]


def pdf_text(data: bytes) -> str:
    return "\n".join(pdf_pages(data))


def flat(text: str) -> str:
    """Every whitespace (line ends too) as one space: for sentences wrapped on the page."""
    return re.sub(r"\s+", " ", text)


def sig_fields(data: bytes) -> dict[str, dict]:
    """The signature fields of a PDF: name -> field dictionary (pypdf)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    out = {}
    for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]:
        f = ref.get_object()
        if f.get("/FT") == "/Sig":
            out[str(f["/T"])] = f
    return out


def _decide_all_infres(store: SessionStore, session: Session) -> None:
    """Every INFRES candidate gets a final decision; places cut to 20 (complementary list)."""
    from juryapp.domain.models import Decision

    pres = session.president
    assert pres is not None
    at = dt.datetime(2026, 4, 21, 15, 0, tzinfo=dt.UTC)
    for i, c in enumerate(session.candidates):
        review = session.latest_decision(c.id, DecisionStage.DOSSIER_REVIEW)
        if review is None:
            store.record_decision(
                Decision(
                    candidate_id=c.id,
                    stage=DecisionStage.DOSSIER_REVIEW,
                    value=DecisionValue.REJET,
                    reason="Dossier incomplet",
                    decided_by=pres.id,
                    at=at,
                ),
                actor=pres.id,
            )
        elif review.value is DecisionValue.STANDARD and (
            session.latest_decision(c.id, DecisionStage.AFTER_TESTS) is None
        ):
            store.record_decision(
                Decision(
                    candidate_id=c.id,
                    stage=DecisionStage.AFTER_TESTS,
                    value=DecisionValue.ADMISSIBLE if i % 4 else DecisionValue.NON_ADMISSIBLE,
                    reason="" if i % 4 else "Résultats insuffisants aux épreuves",
                    decided_by=pres.id,
                    at=at + dt.timedelta(minutes=i),
                ),
                actor=pres.id,
            )
    info = store.load_info().model_copy(update={"places": 20})
    sec = session.secretary
    assert sec is not None
    store.update_info(info, actor=sec.id)


def _decide_vae(store: SessionStore, session: Session) -> None:
    from juryapp.domain.models import Decision

    pres = session.president
    assert pres is not None
    at = dt.datetime(2026, 6, 18, 16, 0, tzinfo=dt.UTC)
    store.record_decision(
        Decision(
            candidate_id="VAE26-001",
            stage=DecisionStage.VAE,
            value=DecisionValue.TOTALE,
            decided_by=pres.id,
            at=at,
        ),
        actor=pres.id,
    )
    store.record_decision(
        Decision(
            candidate_id="VAE26-002",
            stage=DecisionStage.VAE,
            value=DecisionValue.PARTIELLE,
            blocs_granted=["B1", "B2", "B4"],
            recommendations="Conduire une mission d'encadrement d'équipe d'au moins un an",
            reason="Management et contexte international insuffisamment démontrés",
            decided_by=pres.id,
            at=at + dt.timedelta(minutes=5),
        ),
        actor=pres.id,
    )


def vae_events() -> list[DefenceEvent]:
    """The clock of Mme Haddou's defence: a pause, questions ended before the minimum."""
    t0 = dt.datetime(2026, 6, 18, 6, 30, tzinfo=dt.UTC)  # 8 h 30 in Alès

    def ev(kind: DefenceEventKind, minutes: int, reason: str = "") -> DefenceEvent:
        return DefenceEvent(
            candidate_id="VAE26-001",
            epreuve_id="soutenance",
            kind=kind,
            at=t0 + dt.timedelta(minutes=minutes),
            reason=reason,
            actor="prez-delmas",
        )

    k = DefenceEventKind
    return [
        ev(k.START, 0),
        ev(k.PAUSE, 20, "Panne du vidéoprojecteur"),
        ev(k.RESUME, 26),
        ev(k.NEXT_PHASE, 51),
        ev(k.NEXT_PHASE, 131, "Le jury a épuisé ses questions"),
        ev(k.END, 160),
    ]
