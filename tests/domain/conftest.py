"""Shared fixtures for the domain tests: a small fluent Session builder."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from juryapp.domain.kinds import default_epreuves
from juryapp.domain.models import (
    Bloc,
    Candidate,
    Conflict,
    ConflictType,
    Decision,
    DecisionStage,
    DecisionValue,
    Epreuve,
    JuryMember,
    Presence,
    Quality,
    Role,
    Score,
    ScoreStatus,
    Session,
    SessionInfo,
    SessionKind,
    Sex,
    Track,
)

T0 = dt.datetime(2025, 4, 1, 9, 0)

_TRACKS = {
    SessionKind.ADMISSION_1A: Track.A1,
    SessionKind.ADMISSION_2A: Track.A2,
    SessionKind.VAE_RECEVABILITE: Track.VAE,
    SessionKind.VAE_VALIDATION: Track.VAE,
    SessionKind.CQPM: Track.CQPM,
    SessionKind.CONTRAT_PRO: Track.CONTRAT_PRO,
}


class SessionBuilder:
    """Build a Session step by step: ``b.member(...).candidate(...).score(...).build()``."""

    def __init__(
        self,
        kind: SessionKind = SessionKind.ADMISSION_1A,
        *,
        epreuves: list[Epreuve] | None = None,
        specialty: str = "INFRES",
        places: int = 40,
        blocs: tuple[str, ...] = (),
        threshold: float = 4.0,
    ) -> None:
        self.kind = SessionKind(kind)
        self.info = SessionInfo(
            id="s1",
            title="Session de test",
            kind=self.kind,
            specialty=specialty,
            places=places,
            blocs=[Bloc(id=b, label=f"Bloc {b}") for b in blocs],
            divergence_threshold=threshold,
        )
        self.epreuves = epreuves if epreuves is not None else default_epreuves(self.kind)
        self.jury: list[JuryMember] = []
        self.candidates: list[Candidate] = []
        self.scores: list[Score] = []
        self.decisions: list[Decision] = []
        self.conflicts: list[Conflict] = []

    def member(
        self,
        id: str,
        quality: Quality = Quality.ENSEIGNANT_CHERCHEUR,
        role: Role = Role.MEMBRE,
        sex: Sex = Sex.X,
        presence: Presence = Presence.PRESENT,
        **kw,
    ) -> SessionBuilder:
        if presence is Presence.EXCUSED and "absence_reason" not in kw:
            kw["absence_reason"] = "empêchement"
        self.jury.append(
            JuryMember(
                id=id,
                last_name=kw.pop("last_name", id.upper()),
                first_name=kw.pop("first_name", "Prénom"),
                quality=quality,
                role=role,
                sex=sex,
                presence=presence,
                **kw,
            )
        )
        return self

    def panel(self, n: int = 3) -> SessionBuilder:
        """A president ``p`` and ``n - 1`` members ``m1``..; plus a secretary ``sec``."""
        self.member("p", role=Role.PRESIDENT)
        for i in range(1, n):
            self.member(f"m{i}")
        self.member("sec", quality=Quality.AUTRE, role=Role.SECRETAIRE)
        return self

    def candidate(self, id: str, **kw) -> SessionBuilder:
        kw.setdefault("last_name", id.capitalize())
        kw.setdefault("track", _TRACKS[self.kind])
        self.candidates.append(Candidate(id=id, **kw))
        return self

    def score(
        self,
        who: str | None,
        candidate: str,
        epreuve: str,
        criterion: str,
        value: float | None,
        *,
        status: ScoreStatus = ScoreStatus.SCORED,
        minutes: int = 0,
        source: str = "",
        submitted: bool = True,
    ) -> SessionBuilder:
        if status is not ScoreStatus.SCORED:
            value = None
        self.scores.append(
            Score(
                candidate_id=candidate,
                epreuve_id=epreuve,
                criterion_id=criterion,
                member_id=who,
                source=source if who is None else "",
                value=value,
                status=status,
                submitted=submitted,
                at=T0 + dt.timedelta(minutes=minutes),
            )
        )
        return self

    def score_all(
        self, who: str | None, candidate: str, epreuve: str, value: float, **kw
    ) -> SessionBuilder:
        """The same value for every criterion of ``epreuve`` (must fit every scale)."""
        ep = next(e for e in self.epreuves if e.id == epreuve)
        for c in ep.criteria:
            self.score(who, candidate, epreuve, c.id, value, **kw)
        return self

    def decision(
        self,
        candidate: str,
        stage: DecisionStage,
        value: DecisionValue,
        *,
        minutes: int = 0,
        **kw,
    ) -> SessionBuilder:
        self.decisions.append(self.make_decision(candidate, stage, value, minutes=minutes, **kw))
        return self

    @staticmethod
    def make_decision(
        candidate: str,
        stage: DecisionStage,
        value: DecisionValue,
        *,
        minutes: int = 0,
        **kw,
    ) -> Decision:
        kw.setdefault("decided_by", "p")
        return Decision(
            candidate_id=candidate,
            stage=stage,
            value=value,
            at=T0 + dt.timedelta(minutes=minutes),
            **kw,
        )

    def conflict(
        self,
        member: str,
        candidate: str,
        hard: bool = True,
        type: ConflictType = ConflictType.RELATIONSHIP,
    ) -> SessionBuilder:
        self.conflicts.append(
            Conflict(member_id=member, candidate_id=candidate, type=type, hard=hard)
        )
        return self

    def build(self) -> Session:
        return Session(
            info=self.info,
            jury=list(self.jury),
            candidates=list(self.candidates),
            epreuves=list(self.epreuves),
            conflicts=list(self.conflicts),
            decisions=list(self.decisions),
            scores=list(self.scores),
        )


@pytest.fixture(scope="session")
def builder() -> Callable[..., SessionBuilder]:
    """``builder(kind, **options)`` -> a fresh :class:`SessionBuilder`.

    Session-scoped because it is stateless (a class): safe with hypothesis."""
    return SessionBuilder


@pytest.fixture(scope="session")
def decision() -> Callable[..., Decision]:
    """``decision(candidate, stage, value, **fields)`` -> a Decision (decided by ``p``)."""
    return SessionBuilder.make_decision
