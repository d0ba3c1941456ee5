"""The three themes: registered, switchable, readable (contrast), and status without colour."""

from __future__ import annotations

import pytest
from rich.terminal_theme import TerminalTheme
from rich.text import Text
from textual.app import App, ComposeResult
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Static

from juryapp import i18n
from juryapp.ui.themes import (
    ANSI_PALETTES,
    CONTRAST_THEME,
    DEFAULT_THEME,
    HIGH_CONTRAST_ANSI,
    STATUS_STYLES,
    THEME_CSS,
    THEME_LABELS,
    THEMES,
    register_themes,
    status_content,
    status_symbol,
    status_text,
    theme_label,
    theme_or_default,
)

THEME_NAMES = [t.name for t in THEMES]


class ThemedApp(App[None]):
    """A tiny app with the widgets juryapp uses most, under one theme."""

    TITLE = "juryapp"
    SUB_TITLE = "Thèmes"
    BINDINGS = [("ctrl+q", "quit", "Quitter"), ("f1", "help", "Aide"), ("n", "next", "Suivant")]
    CSS = (
        THEME_CSS
        + """
    #statuses { height: auto; padding: 0 1; }
    #statuses Static { width: auto; margin-right: 2; }
    #buttons { height: auto; }
    #buttons Button { margin-right: 1; }
    DataTable { height: 7; }
    """
    )

    def __init__(self, theme_name: str | None = None) -> None:
        super().__init__()
        self.theme_name = theme_name

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            with Horizontal(id="statuses"):
                yield Static(status_content("ok", "Noté"))
                yield Static(status_content("warn", "Écart"))
                yield Static(status_content("error", "Erreur"))
                yield Static(status_content("pending", "En attente"))
                yield Static(status_content("info", "Info"))
            yield Label("Note sur 20 :")
            yield Input(value="12,5", id="score")
            yield Input(placeholder="Commentaire", id="comment")
            with Horizontal(id="buttons"):
                yield Button("Valider", variant="primary", id="ok")
                yield Button("Annuler", id="cancel")
                yield Button("Supprimer", variant="error", disabled=True, id="delete")
            yield DataTable(id="table", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        register_themes(self)
        if self.theme_name is not None:
            self.theme = self.theme_name
        table = self.query_one(DataTable)
        table.add_columns("Nom", "Statut", "Moyenne")
        table.add_row("ÇELIK Ayşe", status_text("ok", "Noté"), "14,25")
        table.add_row("DUPONT Léa", status_text("pending", "À noter"), "—")
        table.add_row("NGUYỄN Văn", status_text("warn", "Écart"), "9,5")
        table.add_row("MARTIN Paul", status_text("error", "Absent"), "0")
        table.add_row("PETIT Zoé", status_text("info", "Dispensée"), "—")
        self.query_one("#score", Input).focus()


# --------------------------------------------------------------------------- registration


async def test_each_theme_registers_and_the_app_switches_to_it() -> None:
    app = ThemedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        for name in THEME_NAMES:
            assert name in app.available_themes
            app.theme = name
            await pilot.pause()
            assert app.theme == name
            assert app.current_theme.name == name
            background = app.screen.styles.background
            assert background == Color.parse(app.current_theme.background or "")


async def test_register_twice_is_harmless() -> None:
    app = ThemedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        register_themes(app)
        app.theme = CONTRAST_THEME
        await pilot.pause()
        assert app.theme == CONTRAST_THEME


async def test_each_theme_brings_its_ansi_palette_and_gives_them_back() -> None:
    app = ThemedApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the default textual-dark: the app's own palettes
        original_dark, original_light = app.ansi_theme_dark, app.ansi_theme_light
        assert original_dark not in ANSI_PALETTES.values()
        for theme in THEMES:
            app.theme = theme.name
            await pilot.pause()
            assert app.ansi_theme is ANSI_PALETTES[theme.name]
            if theme.dark:
                assert app.ansi_theme_light is original_light
            else:
                assert app.ansi_theme_dark is original_dark
        app.theme = "textual-light"
        await pilot.pause()
        assert (app.ansi_theme_dark, app.ansi_theme_light) == (original_dark, original_light)


async def test_starting_under_high_contrast_uses_its_palette() -> None:
    app = ThemedApp(CONTRAST_THEME)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == CONTRAST_THEME
        assert app.ansi_theme_dark is HIGH_CONTRAST_ANSI


async def test_status_colours_follow_the_theme_in_static_and_table() -> None:
    app = ThemedApp("juryapp-clair")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        warn = app.query("#statuses Static")[1]
        table = app.query_one(DataTable)

        def colour(widget: Widget, y: int) -> str:
            """The colour of "Écart" on line y of the widget, as drawn (line filters too)."""
            (line,) = widget.render_lines(Region(0, y, widget.size.width, 1))
            (segment,) = [s for s in line if "Écart" in s.text]
            assert segment.text.strip() == "⚠ Écart"
            return segment.style.color.get_truecolor().hex.upper()

        def static_colour() -> str:
            return colour(warn, 0)

        def table_colour() -> str:
            return colour(table, 3)  # the header, then the 3rd row

        assert static_colour() == app.theme_variables["text-warning"].upper()
        assert table_colour() == "#8A5A00"  # the light palette's yellow
        app.theme = "juryapp-sombre"
        await pilot.pause()
        assert static_colour() == app.theme_variables["text-warning"].upper()
        assert table_colour() == "#E8B44F"


async def test_disabled_buttons_stay_readable_under_high_contrast() -> None:
    app = ThemedApp(CONTRAST_THEME)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        button = app.query_one("#delete", Button)
        assert button.disabled
        assert button.styles.background == Color(0, 0, 0)
        assert button.styles.opacity == 1.0
        width, height = button.outer_size
        segments = [s for line in button.render_lines(Region(0, 0, width, height)) for s in line]
        (label,) = [s for s in segments if "Supprimer" in s.text]
        assert label.style.bgcolor is not None and label.style.color is not None
        ink = Color.from_rich_color(label.style.color)
        back = Color.from_rich_color(label.style.bgcolor)
        assert back == Color(0, 0, 0)
        assert contrast(ink, back) >= 7.0


async def test_register_before_running() -> None:
    app = ThemedApp()
    register_themes(app)
    assert set(THEME_NAMES) <= set(app.available_themes)
    async with app.run_test(size=(80, 24)) as pilot:  # on_mount registers again: harmless
        app.theme = "juryapp-clair"
        await pilot.pause()
        assert app.ansi_theme is ANSI_PALETTES["juryapp-clair"]


def test_labels_and_default() -> None:
    assert set(THEME_LABELS) == set(THEME_NAMES)
    assert THEME_NAMES[0] == DEFAULT_THEME
    assert theme_or_default("juryapp-clair") == "juryapp-clair"
    assert theme_or_default("textual-dark") == DEFAULT_THEME
    assert theme_or_default(None) == DEFAULT_THEME
    i18n.set_language("fr")
    try:
        assert theme_label(CONTRAST_THEME) == "Contraste élevé"
        i18n.set_language("en")
        assert theme_label(CONTRAST_THEME) == "High contrast"
        assert theme_label("nord") == "nord"
    finally:
        i18n.reset_language()


# --------------------------------------------------------------------------- contrast


def _luminance(color: Color) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", THEMES, ids=THEME_NAMES)
def test_text_and_status_colours_are_readable(theme) -> None:  # type: ignore[no-untyped-def]
    """WCAG: 4.5:1 (AA) for the normal themes, 7:1 (AAA) for the high-contrast one."""
    minimum = 7.0 if theme.name == CONTRAST_THEME else 4.5
    variables = theme.to_color_system().generate()
    for ground in ("background", "surface", "panel"):
        back = Color.parse(variables[ground])
        for ink in ("foreground", "success", "warning", "error", "footer-key-foreground"):
            ratio = contrast(Color.parse(variables[ink]), back)
            assert ratio >= minimum, f"{theme.name}: {ink} on {ground} = {ratio:.1f}:1"
    # the row cursor and a primary button: their text on their background
    cursor = contrast(
        Color.parse(variables["block-cursor-background"]).get_contrast_text(1.0)
        if variables["block-cursor-foreground"].startswith("auto")
        else Color.parse(variables["block-cursor-foreground"]),
        Color.parse(variables["block-cursor-background"]),
    )
    assert cursor >= minimum, f"{theme.name}: row cursor {cursor:.1f}:1"
    button = contrast(
        Color.parse(variables["button-color-foreground"]), Color.parse(variables["primary"])
    )
    assert button >= minimum, f"{theme.name}: primary button {button:.1f}:1"


def test_high_contrast_is_black_white_and_yellow() -> None:
    (theme,) = [t for t in THEMES if t.name == CONTRAST_THEME]
    assert {theme.background, theme.surface, theme.panel} == {"#000000"}
    assert theme.foreground == "#FFFFFF"
    assert theme.primary == theme.accent == theme.warning == "#FFFF00"


@pytest.mark.parametrize("theme", THEMES, ids=THEME_NAMES)
def test_ansi_palettes_are_readable_on_their_theme(theme) -> None:  # type: ignore[no-untyped-def]
    minimum = 7.0 if theme.name == CONTRAST_THEME else 4.5
    palette: TerminalTheme = ANSI_PALETTES[theme.name]
    variables = theme.to_color_system().generate()
    # the background colour of the palette's side: black on a dark theme, white on a light one
    skipped = {0} if theme.dark else {7, 15}
    for ground in ("background", "surface", "panel"):
        back = Color.parse(variables[ground])
        for index in set(range(16)) - skipped:
            r, g, b = palette.ansi_colors[index]
            ratio = contrast(Color(r, g, b), back)
            assert ratio >= minimum, f"{theme.name}: ANSI {index} on {ground} = {ratio:.1f}:1"


# --------------------------------------------------------------------------- status


def test_status_text_carries_meaning_without_colour() -> None:
    symbols = {kind: status_symbol(kind) for kind in STATUS_STYLES}
    assert symbols == {"ok": "✓", "warn": "⚠", "error": "✗", "pending": "…", "info": "·"}
    for kind, symbol in symbols.items():
        text = status_text(kind, "Mot")
        assert isinstance(text, Text)
        assert text.plain == f"{symbol} Mot"
    assert "green" in str(status_text("ok", "Noté").style)
    assert status_text("info", "x").cell_len == 3
    for kind, symbol in symbols.items():
        content = status_content(kind, "Mot [b]")
        assert content.plain == f"{symbol} Mot [b]"  # no markup interpreted
    assert "$text-error" in str(status_content("error", "x").spans[0].style)


def test_status_text_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown status kind 'success'"):
        status_text("success", "Noté")
    with pytest.raises(ValueError, match="expected one of ok, warn, error, pending, info"):
        status_content("", "Noté")


# --------------------------------------------------------------------------- snapshots


@pytest.mark.parametrize("theme_name", THEME_NAMES)
def test_snapshot_theme(snap_compare, theme_name: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(ThemedApp(theme_name), terminal_size=(80, 24))
