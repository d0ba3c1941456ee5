"""Strings of the application shell that the code does not use yet.

Extraction (``python -m juryapp.i18n update``) only keeps the strings the code marks, so the
ones the app shell is about to use are marked here to keep their translations in the catalog
meanwhile.  Delete a line once the string is used elsewhere (``python -m juryapp.i18n check``
then reports nothing missing); delete the module when it is empty.
"""

from __future__ import annotations

from juryapp.i18n import N_


def _pending() -> list[str]:  # never called: read by the extractor only
    return [
        N_("Suivant non noté"),
        N_("Erreur"),
        N_("Valider"),
        N_("Se connecter"),
        N_("Langue"),
    ]
