"""What the UI tests share: copies of the bundled sessions and waiting for the app to settle.

(Imported as ``from uihelpers import settle``: pytest puts this folder on ``sys.path``.)
"""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from juryapp.cli import bundled_sample

#: worker groups that never finish on their own (the folder watcher, the file picker's loader)
ENDLESS_WORKERS = {"watch", "_loader"}


def copy_sample(name: str, tmp_path: Path) -> Path:
    """A copy of a bundled sample session (never open the bundled one: opening writes)."""
    dest = tmp_path / name
    shutil.copytree(bundled_sample(name), dest, ignore=shutil.ignore_patterns("backups", "*.lock"))
    return dest


def _screen_ready(screen: Any) -> bool:
    from juryapp.ui.screens.deliberation import DeliberationScreen
    from juryapp.ui.screens.loading import LoadingScreen
    from juryapp.ui.screens.queue import QueueScreen
    from juryapp.ui.screens.session_setup import SessionSetupScreen

    if isinstance(screen, LoadingScreen) or not screen.is_mounted:
        return False  # a small session loads so fast its worker is done before the switch
    if isinstance(screen, QueueScreen):
        return bool(screen.entries)
    if isinstance(screen, DeliberationScreen):
        return screen.view is not None
    if isinstance(screen, SessionSetupScreen):
        return screen.report is not None
    return True


async def settle(pilot: Any, rounds: int = 150) -> None:
    """Wait until the app's workers (loading, rows, writes, history...) are done and the
    screen shows its data."""
    for _ in range(rounds):
        await pilot.pause()
        app = pilot.app
        busy = [w for w in app.workers if w.group not in ENDLESS_WORKERS and not w.is_finished]
        if not busy and _screen_ready(app.screen):
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
