"""Every test runs with French, default settings in a temporary folder, and no demo copy in
the developer's home: results never depend on the machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    base: Path = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("JURYAPP_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("JURYAPP_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("JURYAPP_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("JURYAPP_LANG", "fr")
    from juryapp.i18n import reset_language

    reset_language()
    yield
    reset_language()
