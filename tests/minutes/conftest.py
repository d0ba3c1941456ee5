"""Fixtures of the documents' tests (helpers: minutes_helpers.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from minutes_helpers import _decide_all_infres, _decide_vae, copy_sample

from juryapp.domain.models import SessionStatus
from juryapp.store.session_store import SessionStore


@pytest.fixture
def sample(tmp_path: Path) -> Callable[[str], Path]:
    """``sample("bat-2a-2026")``: a fresh copy of a bundled sample in tmp_path."""
    return lambda name: copy_sample(tmp_path, name)


@pytest.fixture
def infres_decided(tmp_path: Path) -> Path:
    """The INFRES 1A sample, every decision taken, 20 places, closed."""
    path = copy_sample(tmp_path, "infres-1a-2026")
    store = SessionStore.open(path, backup=False)
    _decide_all_infres(store, store.load())
    sec = store.load().secretary
    assert sec is not None
    store.set_status(SessionStatus.CLOSED, actor=sec.id)
    return path


@pytest.fixture
def vae_decided(tmp_path: Path) -> Path:
    """The VAE sample with a total and a partial validation, closed."""
    path = copy_sample(tmp_path, "vae-ingenieur-2026")
    store = SessionStore.open(path, backup=False)
    session = store.load()
    _decide_vae(store, session)
    sec = session.secretary
    assert sec is not None
    store.set_status(SessionStatus.CLOSED, actor=sec.id)
    return path


@pytest.fixture
def contrat_pro(tmp_path: Path) -> Path:
    """The contrat-pro sample (closed, every decision taken)."""
    return copy_sample(tmp_path, "contrat-pro-s9-2026")
