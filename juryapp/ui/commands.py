"""The command palette (Ctrl+P): open a dossier by name, jump to a screen, export, theme."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from juryapp.i18n import _

if TYPE_CHECKING:
    from juryapp.ui.app import JuryApp


class DossierProvider(Provider):
    """« Dossier : NOM Prénom (id) » (in the user's language) for every candidate."""

    async def search(self, query: str) -> Hits:
        app: JuryApp = self.app  # type: ignore[assignment]
        session = app.session
        if session is None or app.member is None:
            return
        matcher = self.matcher(query)
        for cand in session.candidates:
            text = _("Dossier : {name} ({id})").format(name=cand.full_name, id=cand.id)
            score = matcher.match(text)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(text),
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
