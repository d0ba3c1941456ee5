"""The three themes of juryapp and status labels that never rely on colour alone.

- ``juryapp-sombre``: the default, dark;
- ``juryapp-clair``: light, for bright rooms and projectors;
- ``juryapp-contraste``: high contrast, black, white and yellow only for the interface (text
  and status colours at least 7:1 against the background, WCAG AAA).

Each theme comes with a palette for the ANSI colour names of Rich text (``"bold red"``...),
readable on its backgrounds, which the app uses while the theme is active.

``register_themes(app)`` is called from ``App.on_mount``, the app's ``CSS`` includes
:data:`THEME_CSS`; then ``app.theme = name``.  Status:
:func:`status_text` (Rich ``Text``, for table cells) or :func:`status_content` (Textual
``Content``, for ``Static``/``Label``): a symbol and a word, the colour only helps.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.terminal_theme import TerminalTheme
from rich.text import Text
from textual.content import Content
from textual.theme import Theme

from juryapp.i18n import N_, _

if TYPE_CHECKING:
    from textual.app import App

DEFAULT_THEME = "juryapp-sombre"
CONTRAST_THEME = "juryapp-contraste"

SOMBRE = Theme(
    name="juryapp-sombre",
    primary="#4A8FD9",
    secondary="#7FA6CF",
    accent="#E8B44F",
    warning="#E8B44F",
    error="#F0737A",
    success="#74C47A",
    foreground="#E6E8EB",
    background="#15181D",
    surface="#1E232A",
    panel="#272D36",
    dark=True,
    variables={
        "footer-key-foreground": "#E8B44F",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-background": "#2B5F9E",
        "input-selection-background": "#4A8FD9 45%",
        "button-color-foreground": "#0B0D10",
    },
)

CLAIR = Theme(
    name="juryapp-clair",
    primary="#1F5FA8",
    secondary="#45698F",
    accent="#8A4B00",
    warning="#8A5A00",
    error="#B3261E",
    success="#17702E",
    foreground="#1B1E22",
    background="#F3F3F0",
    surface="#FFFFFF",
    panel="#E1E6EC",
    dark=False,
    variables={
        "footer-key-foreground": "#1F5FA8",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-blurred-foreground": "#1B1E22",
        "input-selection-background": "#1F5FA8 30%",
        "button-color-foreground": "#FFFFFF",
        "border-blurred": "#9AA4B0",
    },
)

_BLACK, _WHITE, _YELLOW = "#000000", "#FFFFFF", "#FFFF00"

CONTRASTE = Theme(
    name=CONTRAST_THEME,
    primary=_YELLOW,
    secondary=_WHITE,
    accent=_YELLOW,
    warning=_YELLOW,
    error="#FF7A7A",
    success="#66FF66",
    foreground=_WHITE,
    background=_BLACK,
    surface=_BLACK,
    panel=_BLACK,
    boost=_BLACK,
    dark=True,
    luminosity_spread=0.0,
    text_alpha=1.0,
    variables={
        "text": "auto 100%",
        "text-muted": "auto 85%",
        "text-disabled": "auto 70%",
        "text-primary": _YELLOW,
        "text-secondary": _WHITE,
        "text-accent": _YELLOW,
        "text-warning": _YELLOW,
        "text-error": "#FF7A7A",
        "text-success": "#66FF66",
        "foreground-muted": "#D9D9D9",
        "foreground-disabled": "#B3B3B3",
        "primary-muted": _BLACK,
        "secondary-muted": _BLACK,
        "accent-muted": _BLACK,
        "warning-muted": _BLACK,
        "error-muted": _BLACK,
        "success-muted": _BLACK,
        "border": _YELLOW,
        "border-blurred": _WHITE,
        "surface-active": _BLACK,
        "block-cursor-foreground": _BLACK,
        "block-cursor-background": _YELLOW,
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-foreground": _BLACK,
        "block-cursor-blurred-background": _WHITE,
        "block-cursor-blurred-text-style": "none",
        "block-hover-background": _BLACK,
        "footer-foreground": _WHITE,
        "footer-background": _BLACK,
        "footer-key-foreground": _YELLOW,
        "footer-description-foreground": _WHITE,
        "input-cursor-background": _YELLOW,
        "input-cursor-foreground": _BLACK,
        "input-selection-background": _YELLOW,
        "input-selection-foreground": _BLACK,
        "button-foreground": _WHITE,
        "button-color-foreground": _BLACK,
        "button-focus-text-style": "bold reverse",
        "scrollbar": _WHITE,
        "scrollbar-hover": _YELLOW,
        "scrollbar-active": _YELLOW,
        "scrollbar-background": _BLACK,
        "scrollbar-background-hover": _BLACK,
        "scrollbar-background-active": _BLACK,
        "scrollbar-corner-color": _BLACK,
        "link-color": _YELLOW,
        "link-background-hover": _YELLOW,
        "link-color-hover": _BLACK,
        "screen-selection-background": _YELLOW,
        "screen-selection-foreground": _BLACK,
    },
)

THEMES: list[Theme] = [SOMBRE, CLAIR, CONTRASTE]

#: CSS the themes need beyond colours (the app adds it: ``CSS = THEME_CSS``).  Under high
#: contrast, Textual's faded disabled controls (70% opacity, 60% text) would fall well below
#: 7:1: they are drawn in grey on black instead.
THEME_CSS = """
App.-theme-juryapp-contraste *:disabled:can-focus {
    opacity: 1;
}
App.-theme-juryapp-contraste Button:disabled {
    background: $background;
    color: $text-disabled;
    text-opacity: 1;
    text-style: bold;
    border-top: tall $foreground-disabled;
    border-bottom: tall $foreground-disabled;
}
"""

#: theme name -> label (French msgid: show it with :func:`theme_label`)
THEME_LABELS: dict[str, str] = {
    SOMBRE.name: N_("Sombre"),
    CLAIR.name: N_("Clair"),
    CONTRASTE.name: N_("Contraste élevé"),
}

#: the colours given to Rich's ANSI colour names ("red", "bright_green"...) under each theme,
#: readable on its backgrounds (4.5:1; 7:1 for the high-contrast theme).  Textual turns ANSI
#: colours into these in line-based widgets (FastTable, DataTable) as the theme changes.
ANSI_PALETTES: dict[str, TerminalTheme] = {
    SOMBRE.name: TerminalTheme(
        (21, 24, 29),
        (230, 232, 235),
        [
            (30, 30, 30),  # black
            (240, 115, 122),  # red
            (116, 196, 122),  # green
            (232, 180, 79),  # yellow
            (122, 170, 230),  # blue
            (210, 145, 230),  # magenta
            (100, 200, 210),  # cyan
            (230, 232, 235),  # white
        ],
        [
            (150, 156, 165),  # bright black
            (255, 140, 145),
            (140, 220, 145),
            (245, 205, 110),
            (150, 190, 245),
            (225, 165, 240),
            (130, 220, 230),
            (255, 255, 255),
        ],
    ),
    CLAIR.name: TerminalTheme(
        (243, 243, 240),
        (27, 30, 34),
        [
            (27, 30, 34),  # black
            (179, 38, 30),  # red
            (23, 112, 46),  # green
            (138, 90, 0),  # yellow
            (31, 95, 168),  # blue
            (130, 50, 150),  # magenta
            (0, 105, 120),  # cyan
            (240, 240, 240),  # white (a background colour on a light theme)
        ],
        [
            (90, 96, 104),  # bright black
            (150, 30, 25),
            (20, 95, 40),
            (115, 75, 0),
            (20, 80, 145),
            (110, 40, 130),
            (0, 90, 105),
            (255, 255, 255),
        ],
    ),
    CONTRASTE.name: TerminalTheme(
        (0, 0, 0),
        (255, 255, 255),
        [
            (0, 0, 0),  # black
            (255, 122, 122),  # red
            (102, 255, 102),  # green
            (255, 255, 0),  # yellow
            (140, 180, 255),  # blue
            (255, 140, 255),  # magenta
            (0, 255, 255),  # cyan
            (255, 255, 255),  # white
        ],
        [
            (191, 191, 191),  # bright black
            (255, 150, 150),
            (150, 255, 150),
            (255, 255, 120),
            (170, 200, 255),
            (255, 170, 255),
            (120, 255, 255),
            (255, 255, 255),
        ],
    ),
}
HIGH_CONTRAST_ANSI = ANSI_PALETTES[CONTRASTE.name]


def theme_label(name: str) -> str:
    """The label of a theme in the current language (the name itself for a foreign theme)."""
    label = THEME_LABELS.get(name)
    return _(label) if label is not None else name


def theme_or_default(name: str | None) -> str:
    """``name`` if it is one of juryapp's themes, else the default theme (stale settings)."""
    return name if name in THEME_LABELS else DEFAULT_THEME


def register_themes(app: App) -> None:
    """Make the three themes available to ``app`` (call it from ``on_mount``, or before).

    From then on the app's ANSI palettes follow the theme: a juryapp theme puts its own
    palette (:data:`ANSI_PALETTES`) in ``app.ansi_theme_dark`` or ``app.ansi_theme_light``;
    any other theme gets the app's own palettes back.  (A watcher on ``app.theme``: it runs
    before the repaint the theme change schedules, so no frame shows the old palette.)
    """
    for theme in THEMES:
        app.register_theme(theme)
    if getattr(app, "_juryapp_ansi_follows_theme", False):
        return
    original_dark, original_light = app.ansi_theme_dark, app.ansi_theme_light

    def follow(theme_name: str) -> None:
        palette = ANSI_PALETTES.get(theme_name)
        dark_theme = app.current_theme.dark
        dark = palette if palette is not None and dark_theme else original_dark
        light = palette if palette is not None and not dark_theme else original_light
        if app.ansi_theme_dark is not dark:
            app.ansi_theme_dark = dark
        if app.ansi_theme_light is not light:
            app.ansi_theme_light = light

    app.watch(app, "theme", follow, init=False)
    app._juryapp_ansi_follows_theme = True  # type: ignore[attr-defined]
    follow(app.theme)


# --------------------------------------------------------------------------- status


#: kind -> (symbol, Rich style with ANSI colour names, Textual style with theme variables);
#: the symbol and the word carry the meaning, the colour only helps
STATUS_STYLES: dict[str, tuple[str, str, str]] = {
    "ok": ("✓", "bold green", "bold $text-success"),
    "warn": ("⚠", "bold yellow", "bold $text-warning"),
    "error": ("✗", "bold red", "bold $text-error"),
    "pending": ("…", "italic", "italic $text-muted"),
    "info": ("·", "", ""),
}


def status_symbol(kind: str) -> str:
    """The symbol of a status kind: ✓ ⚠ ✗ … ·"""
    return _status(kind)[0]


def status_text(kind: str, label: str) -> Text:
    """``✓ Noté``, ``⚠ Écart``, ``✗ Erreur``... as Rich ``Text``: a symbol and a word, never
    colour alone.  ``kind`` is ok, warn, error, pending or info; ``label`` is already
    translated.

    For table cells (FastTable, DataTable) and Rich renderables: the ANSI colour names are
    drawn with the palette of the current theme (:data:`ANSI_PALETTES`), live.  In a
    ``Static`` or a ``Label`` use :func:`status_content`: Textual 8 draws the ANSI names of a
    Rich ``Text`` there with the fixed xterm colours, whatever the theme (yellow on the
    light theme would be unreadable).
    """
    symbol, style, _content_style = _status(kind)
    return Text(f"{symbol} {label}", style=style, end="")


def status_content(kind: str, label: str) -> Content:
    """The same as :func:`status_text`, as Textual ``Content`` coloured with the theme's
    variables (``$text-success``...): for ``Static``, ``Label`` and notifications; follows
    theme changes.  ``label`` is plain text (no markup is interpreted)."""
    symbol, _style, content_style = _status(kind)
    return Content.styled(f"{symbol} {label}", content_style)


def _status(kind: str) -> tuple[str, str, str]:
    try:
        return STATUS_STYLES[kind]
    except KeyError:
        raise ValueError(
            f"unknown status kind {kind!r}; expected one of {', '.join(STATUS_STYLES)}"
        ) from None
