"""The Minutes screen: checklist, preview, documents made, signed and verified from the app."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from textual.widgets import Input, Static
from uihelpers import copy_sample, settle

from juryapp.domain.models import SessionStatus
from juryapp.minutes.signing import make_key
from juryapp.store.session_store import SessionStore
from juryapp.ui.app import JuryApp
from juryapp.ui.screens.minutes import MinutesScreen, SignDialog, documents_folder

CONTRAT_PRO = "contrat-pro-s9-2026.jury"


def text_of(screen: MinutesScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def open_minutes(pilot) -> MinutesScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.press("m")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, MinutesScreen)
    for _ in range(100):
        if "Aperçu" in text_of(screen, "#minutes-preview"):
            break
        await pilot.pause(0.05)
    return screen


async def wait_result(pilot, screen: MinutesScreen) -> str:  # type: ignore[no-untyped-def]
    for _ in range(400):
        if screen.result:
            return screen.result
        await pilot.pause(0.05)
    raise AssertionError("no result shown")


async def test_the_checklist_names_what_is_missing_and_a_draft_is_made(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="sec-roux", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        checklist = text_of(screen, "#minutes-checklist")
        assert "✗" in checklist and "décision" in checklist
        assert screen.errors
        await pilot.press("g")
        result = await wait_result(pilot, screen)
        assert result.startswith("✓") and "Projet de procès-verbal" in result
    drafts = list(documents_folder(demo_copy).glob("pv-v1-projet.pdf"))
    assert len(drafts) == 1
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(drafts[0].read_bytes())).pages)
    assert "PROJET" in text and "INFRES" in text


async def test_a_member_does_not_make_the_documents(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="m-benali", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        await pilot.press("g")
        await settle(pilot)
        assert screen.result == ""
        assert any("secrétaire" in str(n.message) for n in app._notifications)
    assert not documents_folder(demo_copy).exists()


async def test_make_sign_and_verify_the_pv_from_the_app(tmp_path: Path) -> None:
    path = copy_sample(CONTRAT_PRO, tmp_path)
    session = SessionStore.open(path, backup=False).load()
    president = session.president
    assert president is not None
    p12, _cert = make_key(president, session.info.institution, "bonne phrase")
    key = tmp_path / "prez.p12"
    key.write_bytes(p12)

    app = JuryApp(path, member_id="sec-brunel", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        assert not screen.errors, text_of(screen, "#minutes-checklist")
        await pilot.press("g")
        result = await wait_result(pilot, screen)
        assert result.startswith("✓ Procès-verbal, version n° 1"), result
    pv = documents_folder(path) / "pv-v1.pdf"
    assert pv.is_file()

    app = JuryApp(path, member_id=president.id, watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        # a wrong passphrase: said, nothing signed, nothing crashes
        await pilot.press("k")
        await settle(pilot)
        assert isinstance(app.screen, SignDialog)
        app.screen.query_one("#sign-key", Input).value = str(key)
        app.screen.query_one("#sign-pass", Input).value = "mauvaise phrase"
        await pilot.click("#sign-ok")
        result = await wait_result(pilot, screen)
        assert result.startswith("✗"), result
        assert app.screen is screen
        # the right one: signed, and the president's signature locks the session
        screen.result = ""
        await pilot.press("k")
        await settle(pilot)
        app.screen.query_one("#sign-key", Input).value = str(key)
        app.screen.query_one("#sign-pass", Input).value = "bonne phrase"
        await pilot.click("#sign-ok")
        result = await wait_result(pilot, screen)
        assert result.startswith("✓") and "verrouillée" in result, result
        # verify: the president's signature is intact, the other members have not signed
        screen.result = ""
        await pilot.press("v")
        result = await wait_result(pilot, screen)
        assert result.startswith("✗ Vérification en échec"), result
        assert "intègre" in result or "valide" in result
    signed = pv.read_bytes()
    # making the PV again must never wipe the signatures
    app = JuryApp(path, member_id="sec-brunel", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_minutes(pilot)
        await pilot.press("g")
        result = await wait_result(pilot, screen)
        assert result.startswith("✗") and "porte déjà une signature" in result, result
    assert pv.read_bytes() == signed
    assert SessionStore.open(path, backup=False).load().info.status is SessionStatus.SIGNED


def test_snapshot_minutes(snap_compare, demo_copy: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await open_minutes(pilot)

    app = JuryApp(demo_copy, member_id="sec-roux", watch_files=False)
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
