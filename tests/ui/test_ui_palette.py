"""The command palette (Ctrl+P): dossiers and commands found without their accents, in the
user's language, juryapp's three themes."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.command import CommandInput, CommandList
from uihelpers import settle

from juryapp.ui.app import JuryApp
from juryapp.ui.commands import JuryCommandPalette, fold_letters
from juryapp.ui.screens.deliberation import DeliberationScreen
from juryapp.ui.screens.dossier import DossierScreen


def test_fold_letters_keeps_the_length() -> None:
    for text in ("BÉNARD Maëlys", "ÇELIK Şükrü", "Œuvrard", "Đặng", "Strauß", "İnce"):
        folded = fold_letters(text)
        assert len(folded) == len(text), text
        assert folded == folded.lower() and folded.isascii(), folded
    assert fold_letters("Aller à la délibération") == "aller a la deliberation"


async def _open_palette(pilot) -> JuryCommandPalette:  # type: ignore[no-untyped-def]
    """Ctrl+P once the queue is there: the palette."""
    await settle(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, JuryCommandPalette)
    return palette


async def _search(pilot, text: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type ``text`` in the open palette; the prompts of the options it lists."""
    palette = pilot.app.screen
    assert isinstance(palette, JuryCommandPalette)
    palette.query_one(CommandInput).value = ""
    await pilot.press(*text)
    options: list[str] = []
    for _ in range(40):  # the palette searches in the background, then after 0.5 s says
        await asyncio.sleep(0.05)  # « no match »
        await pilot.pause()
        listed = palette.query_one(CommandList)
        options = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        if options:
            break
    return options


async def test_a_dossier_is_found_without_its_accents_and_opened(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        palette = await _open_palette(pilot)
        assert palette.query_one(CommandInput).placeholder.startswith("Chercher")
        options = await _search(pilot, "benard")
        assert any("BÉNARD" in o for o in options), options
        cand = next(c for c in app.session.candidates if c.last_name.upper() == "BÉNARD")
        listed = palette.query_one(CommandList)
        for _ in range(listed.option_count):
            prompt = str(listed.get_option_at_index(listed.highlighted or 0).prompt)
            if "BÉNARD" in prompt:
                break
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DossierScreen)
        assert app.screen.candidate_id == cand.id


async def test_a_command_is_found_without_its_accents(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_palette(pilot)
        options = await _search(pilot, "delib")
        assert options and "Aller à la délibération" in options[0], options
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DeliberationScreen)


async def test_no_match_is_said_in_french(demo_copy: Path) -> None:
    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_palette(pilot)
        options = await _search(pilot, "zzqxw")
        assert len(options) == 1 and "Aucun résultat" in options[0], options
        assert "No matches" not in options[0]


async def test_the_theme_command_lists_juryapps_three_themes(demo_copy: Path) -> None:
    from juryapp.ui.themes import CONTRAST_THEME

    app = JuryApp(demo_copy, member_id="prez-martin", watch_files=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.search_themes()
        await pilot.pause()
        palette = app.screen
        assert isinstance(palette, JuryCommandPalette)
        assert "thème" in palette.query_one(CommandInput).placeholder
        options = await _search(pilot, "contraste")
        assert len(options) == 1 and "ontraste" in options[0], options
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == CONTRAST_THEME
