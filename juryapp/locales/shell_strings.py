"""Strings of the application shell that the code does not use yet.

Extraction (``python -m juryapp.i18n update``) only keeps the strings the code marks, so the
ones the app shell is about to use are marked here to keep their translations in the catalog
meanwhile.  Delete a line once the string is used elsewhere (``python -m juryapp.i18n check``
then reports nothing missing); delete the module when it is empty.
"""

from __future__ import annotations

from juryapp.i18n import N_, ngettext


def _pending() -> list[str]:  # never called: read by the extractor only
    return [
        N_("Quitter"),
        N_("Recharger"),
        N_("Aide"),
        N_("Dossiers"),
        N_("Dossier"),
        N_("Notation"),
        N_("Délibération"),
        N_("Session"),
        N_("Filtrer (nom, statut, spécialité…)"),
        N_("Suivant non noté"),
        N_("Enregistré"),
        N_("Erreur"),
        N_("Lecture seule"),
        N_("Qui êtes-vous ?"),
        N_("Code PIN"),
        N_("Code PIN incorrect"),
        N_("Valider"),
        N_("Annuler"),
        N_("Se connecter"),
        N_("connecté : {name}"),
        N_("{done}/{total} notés par vous"),
        ngettext("{n} dossier", "{n} dossiers", 2),
        N_("Thème"),
        N_("Langue"),
        N_("Aucune ligne à afficher"),
    ]
