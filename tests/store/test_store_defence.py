"""The defence clock and the bloc assessments on disk: recorded in order, checked by the
domain's rules, journaled, read back after a restart, part of the backups."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from juryapp.cli import bundled_sample
from juryapp.domain.decisions import DecisionError
from juryapp.domain.defence import DefenceError, clock_state, defence_record
from juryapp.domain.models import (
    BlocAssessment,
    BlocLevel,
    Decision,
    DecisionStage,
    DecisionValue,
    DefenceEvent,
    DefenceEventKind,
)
from juryapp.domain.permissions import PermissionDenied
from juryapp.store.backup import regular_backups
from juryapp.store.errors import InvalidRecord
from juryapp.store.session_store import DEFENCE_FILE, SessionStore

K = DefenceEventKind
CAND, EP, PREZ = "VAE26-001", "soutenance", "prez-delmas"
T0 = dt.datetime(2026, 6, 18, 6, 30, tzinfo=dt.UTC)  # 8 h 30 in Alès


@pytest.fixture
def vae(tmp_path: Path) -> SessionStore:
    dest = tmp_path / "vae.jury"
    shutil.copytree(bundled_sample("vae-ingenieur-2026.jury"), dest)
    return SessionStore.open(dest)


def press(
    store: SessionStore, kind: DefenceEventKind, minutes: float, actor: str = PREZ, reason: str = ""
) -> DefenceEvent:
    at = T0 + dt.timedelta(minutes=minutes)
    event = DefenceEvent(
        candidate_id=CAND, epreuve_id=EP, kind=kind, at=at, actor=actor, reason=reason
    )
    return store.record_defence_event(event, actor=actor, now=at)


def test_a_whole_defence_is_recorded_and_read_back_after_a_restart(vae: SessionStore) -> None:
    press(vae, K.START, 0)
    press(vae, K.PAUSE, 20, reason="vidéoprojecteur en panne")
    press(vae, K.RESUME, 27)
    press(vae, K.NEXT_PHASE, 52)
    press(vae, K.NEXT_PHASE, 52 + 95)
    press(vae, K.END, 52 + 95 + 20)
    again = SessionStore.open(vae.root).load()  # another process, after a crash
    assert [e.kind for e in again.defence_events] == [
        K.START,
        K.PAUSE,
        K.RESUME,
        K.NEXT_PHASE,
        K.NEXT_PHASE,
        K.END,
    ]
    record = defence_record(again, CAND)
    assert record is not None and record.finished
    presentation, questions = record.phases[0], record.phases[1]
    assert presentation.duration == dt.timedelta(minutes=45)
    assert presentation.paused == dt.timedelta(minutes=7)
    assert questions.duration == dt.timedelta(minutes=95)
    assert [i.reason for i in record.incidents] == ["vidéoprojecteur en panne"]
    actions = [e.action for e in vae.journal.history(f"candidate:{CAND}")]
    assert actions[-6:] == [
        "defence_start",
        "defence_pause",
        "defence_resume",
        "defence_next_phase",
        "defence_next_phase",
        "defence_end",
    ]


def test_the_rules_of_the_clock_are_the_stores_too(vae: SessionStore) -> None:
    with pytest.raises(DefenceError):
        press(vae, K.PAUSE, 0)  # not started
    press(vae, K.START, 0)
    with pytest.raises(DefenceError, match="motif|raison|incident"):
        press(vae, K.PAUSE, 10)  # the presentation is uninterrupted: a reason is needed
    press(vae, K.NEXT_PHASE, 45)
    with pytest.raises(DefenceError):
        press(vae, K.NEXT_PHASE, 60)  # questions before their 1 h 30 minimum, no reason
    with pytest.raises(PermissionDenied):  # someone else's key
        vae.record_defence_event(
            DefenceEvent(
                candidate_id=CAND, epreuve_id=EP, kind=K.END, at=T0, actor="m-marty", reason="x"
            ),
            actor=PREZ,
        )
    events = vae.load_defence_events()
    assert [e.kind for e in events] == [K.START, K.NEXT_PHASE]
    state = clock_state(events, vae.load().epreuve(EP), T0 + dt.timedelta(minutes=75))
    assert state.elapsed == dt.timedelta(minutes=30)


def test_the_defence_file_is_backed_up_and_a_broken_one_is_named(vae: SessionStore) -> None:
    press(vae, K.START, 0)
    SessionStore.open(vae.root)
    assert (regular_backups(vae.root)[0] / DEFENCE_FILE).is_file()
    path = vae.root / DEFENCE_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["events"]["1"]["kind"] = "sprint"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(InvalidRecord) as err:
        SessionStore.open(vae.root)
    assert "defence.json" in str(err.value) and "événement n° 1" in str(err.value)
    assert path.read_bytes() == before  # never touched


def test_bloc_assessments_are_personal_and_checked_against_the_decision(
    vae: SessionStore,
) -> None:
    def assess(member: str, bloc: str, level: BlocLevel, actor: str | None = None) -> None:
        vae.record_bloc_assessment(
            BlocAssessment(candidate_id=CAND, member_id=member, bloc_id=bloc, level=level, at=T0),
            actor=actor or member,
        )

    assess("m-marty", "B1", BlocLevel.ACQUIRED)
    assess("m-valette", "B5", BlocLevel.NOT_ACQUIRED)
    with pytest.raises(PermissionDenied):
        assess("m-marty", "B2", BlocLevel.ACQUIRED, actor="m-valette")
    with pytest.raises(ValueError, match="bloc inconnu"):
        assess("m-marty", "B9", BlocLevel.ACQUIRED)
    assert len(vae.load().bloc_assessments) == 2
    total = Decision(
        candidate_id=CAND,
        stage=DecisionStage.VAE,
        value=DecisionValue.TOTALE,
        blocs_granted=["B1", "B2", "B3", "B4", "B5", "B6"],
        decided_by=PREZ,
        at=T0 + dt.timedelta(hours=3),
    )
    with pytest.raises(DecisionError, match="B5"):
        vae.record_decision(total, actor=PREZ)
    partial = total.model_copy(
        update={
            "value": DecisionValue.PARTIELLE,
            "blocs_granted": ["B1", "B2", "B3", "B4", "B6"],
            "recommendations": "Une expérience internationale documentée pour le bloc B5.",
        }
    )
    vae.record_decision(partial, actor=PREZ)
    assert vae.load().latest_decision(CAND, DecisionStage.VAE) == partial
