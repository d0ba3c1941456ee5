"""The application opened on a session: behaviour with Pilot, looks with snapshots."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from juryapp.cli import DEMO_SESSION, bundled_sample
from juryapp.ui.app import JuryApp


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    dest = tmp_path / DEMO_SESSION
    shutil.copytree(bundled_sample(DEMO_SESSION), dest)
    return dest


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_queue_lists_every_dossier(demo_copy: Path) -> None:
    from juryapp.store.session_store import SessionStore

    session = SessionStore.open(demo_copy).load()
    app = JuryApp(demo_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await _loaded(pilot)
        table = app.query_one("#dossiers", DataTable)
        assert table.row_count == len(session.candidates)
        assert app.focused is table
        names = {str(table.get_row_at(i)[0]) for i in range(table.row_count)}
        assert session.candidates[0].full_name in names
        await pilot.press("down", "down")
        assert table.cursor_row == 2


async def test_opening_as_member_shows_who(demo_copy: Path) -> None:
    from juryapp.store.session_store import SessionStore

    president = SessionStore.open(demo_copy).load().president
    assert president is not None
    app = JuryApp(demo_copy, member_id=president.id)
    async with app.run_test() as pilot:
        await _loaded(pilot)
        meta = str(app.query_one("#session-meta", Static).render())
        assert president.full_name in meta


async def test_corrupt_session_shows_message_not_crash(demo_copy: Path) -> None:
    (demo_copy / "candidates.json").write_text("{ not json", encoding="utf-8")
    app = JuryApp(demo_copy)
    async with app.run_test() as pilot:
        await _loaded(pilot)
        meta = str(app.query_one("#session-meta", Static).render())
        assert "candidates.json" in meta
        assert app.is_running
    assert (demo_copy / "candidates.json").read_text(encoding="utf-8") == "{ not json"


def test_snapshot_dossier_queue(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(JuryApp(demo_copy), terminal_size=(120, 40), run_before=_loaded)


def test_snapshot_dossier_queue_small_terminal(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(JuryApp(demo_copy), terminal_size=(80, 24), run_before=_loaded)
