"""The command palette (Ctrl+P): open a dossier by name, jump to a screen, export, theme."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from juryapp.ui.app import JuryApp


class DossierProvider(Provider):
    """« Dossier : NOM Prénom » for every candidate of the session."""

    async def search(self, query: str) -> Hits:
        app: JuryApp = self.app  # type: ignore[assignment]
        session = app.session
        if session is None or app.member is None:
            return
        matcher = self.matcher(query)
        for cand in session.candidates:
            text = f"Dossier : {cand.full_name} ({cand.id})"
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
                f"Dossier : {cand.full_name} ({cand.id})",
                partial(app.open_dossier, cand.id),
                help="Tapez un nom pour chercher parmi tous les dossiers",
            )
