"""The command palette (Ctrl+P): open a dossier by name, jump to a screen, export, theme.

Textual's palette ignores case but not accents, and speaks English; here:

* a query matches without its accents (« benard » finds BÉNARD, « delib » « Aller à la
  délibération »): the query and each candidate are folded letter for letter
  (:func:`fold_letters`, same length, so the matched letters are highlighted in the
  original text);
* the palette's placeholder and its « no match » line are in the user's language
  (:class:`JuryCommandPalette`);
* the theme command lists juryapp's three themes, by their names in the user's language.
"""

from __future__ import annotations

import unicodedata
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.system_commands import SystemCommandsProvider
from textual.widgets.option_list import Option

from juryapp.domain.text import UNDECOMPOSED
from juryapp.i18n import _

if TYPE_CHECKING:
    from textual.fuzzy import Matcher

    from juryapp.ui.app import JuryApp

#: letters without a decomposition, to their first base letter (one letter for one letter:
#: the offsets of a match stay those of the original text); the sorting's table, shortened
_BASE_LETTER = str.maketrans({k: v[0] for k, v in {**UNDECOMPOSED, "ß": "s"}.items()})


def fold_letters(text: str) -> str:
    """``text`` lower-cased and without accents, letter for letter (the same length)."""
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base.lower()[:1] or ch)
    return "".join(out).translate(_BASE_LETTER)


def folded_match(matcher: Matcher, text: str) -> tuple[float, Content]:
    """The score of ``text`` for the (folded) query of ``matcher`` and ``text`` with the
    matched letters highlighted."""
    score, offsets = matcher.fuzzy_search.match(matcher.query, fold_letters(text))
    content = Content(text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return score, content


class FoldedProvider(Provider):
    """A provider whose matcher's query is folded (see :func:`fold_letters`)."""

    def matcher(self, user_input: str, *, case_sensitive: bool = False) -> Matcher:
        return super().matcher(fold_letters(user_input), case_sensitive=case_sensitive)


class DossierProvider(FoldedProvider):
    """« Dossier : NOM Prénom (id) » (in the user's language) for every candidate."""

    async def search(self, query: str) -> Hits:
        app: JuryApp = self.app  # type: ignore[assignment]
        session = app.session
        if session is None or app.member is None:
            return
        matcher = self.matcher(query)
        for cand in session.candidates:
            text = _("Dossier : {name} ({id})").format(name=cand.full_name, id=cand.id)
            score, shown = folded_match(matcher, text)
            if score > 0:
                yield Hit(
                    score,
                    shown,
                    partial(app.open_dossier, cand.id),
                    help=f"{cand.track.value} · {cand.specialty} · {cand.diploma}",
                )

    async def discover(self) -> Hits:
        app: JuryApp = self.app  # type: ignore[assignment]
        if app.session is None or app.member is None:
            return
        for cand in app.session.candidates[:20]:
            yield DiscoveryHit(
                _("Dossier : {name} ({id})").format(name=cand.full_name, id=cand.id),
                partial(app.open_dossier, cand.id),
                help=_("Tapez un nom pour chercher parmi tous les dossiers"),
            )


class JurySystemCommands(FoldedProvider, SystemCommandsProvider):
    """The application's commands (:meth:`JuryApp.get_system_commands`), accents ignored."""

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback, *_rest in self.app.get_system_commands(self.screen):
            score, shown = folded_match(matcher, name)
            if score > 0:
                yield Hit(score, shown, callback, help=help_text)


class JuryThemes(FoldedProvider):
    """juryapp's themes, by their names in the user's language."""

    def _themes(self) -> list[tuple[str, Any]]:
        from juryapp.ui.themes import THEMES, theme_label

        def use(name: str) -> None:
            self.app.theme = name

        return [(theme_label(t.name), partial(use, t.name)) for t in THEMES]

    async def discover(self) -> Hits:
        for label, callback in self._themes():
            yield DiscoveryHit(label, callback)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, callback in self._themes():
            score, shown = folded_match(matcher, label)
            if score > 0:
                yield Hit(score, shown, callback)


class JuryCommandPalette(CommandPalette):
    """Textual's palette with its placeholder and its « no match » line translated."""

    def __init__(self, placeholder: str | None = None, **kwargs: Any) -> None:
        super().__init__(
            placeholder=placeholder or _("Chercher une commande ou un dossier…"), **kwargs
        )

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        timer = self._no_matches_timer
        if timer is None:
            return
        # Textual's countdown adds an English line: the same, in the user's language
        timer.stop()

        def show_no_matches() -> None:
            if search_value:
                from rich.align import Align
                from rich.text import Text

                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(_("Aucun résultat"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
