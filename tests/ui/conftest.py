"""Fixtures of the UI tests (helpers: uihelpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from uihelpers import copy_sample

from juryapp.cli import DEMO_SESSION


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A copy of the demo session (INFRES 1A, 60 dossiers)."""
    return copy_sample(DEMO_SESSION, tmp_path)
