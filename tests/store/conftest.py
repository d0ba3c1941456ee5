"""Helpers of the store tests: a small session builder and score factory."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from juryapp.domain.models import (
    Candidate,
    Conflict,
    ConflictType,
    Criterion,
    Epreuve,
    EpreuveKind,
    JuryMember,
    Quality,
    Role,
    Score,
    Session,
    SessionInfo,
    SessionKind,
    SessionStatus,
    Track,
)
from juryapp.store.session_store import SessionStore

T0 = dt.datetime(2026, 4, 14, 9, 0, tzinfo=dt.UTC)


def at(minutes: float = 0) -> dt.datetime:
    """A moment of the jury day (UTC), ``minutes`` after 9:00."""
    return T0 + dt.timedelta(minutes=minutes)


def make_session(
    n_candidates: int = 3,
    *,
    status: SessionStatus = SessionStatus.IN_PROGRESS,
    conflicts: bool = True,
) -> Session:
    """A 1A admission session: president, two members, a secretary; two épreuves
    (``entretien``: criteria ``fond`` 0-20 by 0.5 and ``forme`` levels 0/1/2;
    ``anglais``: ``niveau`` 0-20); candidates C001...; m2 has a hard conflict with C001."""
    info = SessionInfo(
        id="test-2026",
        title="Session de test",
        kind=SessionKind.ADMISSION_1A,
        specialty="INFRES",
        places=40,
        status=status,
        dates=[dt.date(2026, 4, 14)],
    )
    jury = [
        JuryMember(
            id="prez",
            last_name="Martin",
            first_name="Hélène",
            quality=Quality.ENSEIGNANT_CHERCHEUR,
            role=Role.PRESIDENT,
        ),
        JuryMember(id="m1", last_name="Dupont", first_name="Jean", quality=Quality.INGENIEUR),
        JuryMember(
            id="m2", last_name="Nguyễn", first_name="Thị Ánh", quality=Quality.ENSEIGNANT_CHERCHEUR
        ),
        JuryMember(
            id="sec",
            last_name="Roux",
            first_name="Claire",
            quality=Quality.AUTRE,
            role=Role.SECRETAIRE,
        ),
    ]
    epreuves = [
        Epreuve(
            id="entretien",
            name="Entretien de motivation",
            kind=EpreuveKind.MOTIVATION_INTERVIEW,
            criteria=[
                Criterion(id="fond", label="Fond"),
                Criterion(id="forme", label="Forme", levels=[0, 1, 2]),
            ],
        ),
        Epreuve(
            id="anglais",
            name="Anglais",
            kind=EpreuveKind.ENGLISH,
            criteria=[Criterion(id="niveau", label="Niveau")],
        ),
    ]
    candidates = [
        Candidate(id=f"C{i:03d}", last_name=f"Nom{i}", first_name="Zoé", track=Track.A1, ects=120)
        for i in range(1, n_candidates + 1)
    ]
    conf = (
        [Conflict(member_id="m2", candidate_id="C001", type=ConflictType.COACHED)]
        if conflicts and n_candidates
        else []
    )
    return Session(info=info, jury=jury, candidates=candidates, epreuves=epreuves, conflicts=conf)


def score(
    candidate: str,
    member: str | None,
    criterion: str = "fond",
    value: float | None = 12,
    *,
    epreuve: str | None = None,
    minutes: float = 0,
    **kw: object,
) -> Score:
    """A score; the épreuve follows from the criterion unless given."""
    if epreuve is None:
        epreuve = "anglais" if criterion == "niveau" else "entretien"
    if member is None:
        kw.setdefault("source", "plateforme d'anglais")
    return Score(
        candidate_id=candidate,
        epreuve_id=epreuve,
        criterion_id=criterion,
        member_id=member,
        value=value,
        at=at(minutes),
        **kw,
    )


@pytest.fixture(name="make_session")
def make_session_fixture() -> Callable[..., Session]:
    """:func:`make_session` (fixtures, because test folders each have a ``conftest``)."""
    return make_session


@pytest.fixture(name="score")
def score_fixture() -> Callable[..., Score]:
    """:func:`score`."""
    return score


@pytest.fixture(name="at")
def at_fixture() -> Callable[[float], dt.datetime]:
    """:func:`at`."""
    return at


@pytest.fixture
def session_path(tmp_path: Path) -> Path:
    """A session folder (3 candidates), created and opened once (so it has its first
    backup)."""
    path = tmp_path / "test-2026.jury"
    SessionStore.create(path, make_session())
    SessionStore.open(path)
    return path


@pytest.fixture
def store(session_path: Path) -> SessionStore:
    """The store of :func:`session_path`."""
    return SessionStore.open(session_path)
