"""Fees (euros) charged to candidates: admission dossiers (seed 001) and VAE (seed 000).

Application fees are never refunded, whatever the result or a withdrawal.
"""

from __future__ import annotations

from juryapp.i18n import _

#: Scholarship holders (CROUS or French State): first programme, each extra programme.
SCHOLARSHIP_FIRST = 22
SCHOLARSHIP_EXTRA = 11
#: Other candidates: first programme, each extra programme.
STANDARD_FIRST = 77
STANDARD_EXTRA = 22

#: VAE for the engineering degree (seed 000), whatever the degree sought.
VAE_RECEVABILITE_FEE = 450
VAE_VALIDATION_FEE = 6000
VAE_SUPPORT_FEE = 2000  # optional 20-hour support
VAE_SUPPORT_HOURS = 20


def application_fee(scholarship: bool, programmes: int) -> int:
    """The admission application fee in euros for ``programmes`` programmes chosen.

    Scholarship holders pay 22 € for one programme and 11 € per extra one; others 77 €
    and 22 € per extra one.

    >>> application_fee(False, 3)
    121
    """
    if isinstance(programmes, bool) or not isinstance(programmes, int):
        raise TypeError(_("le nombre de formations doit être un entier"))
    if programmes < 1:
        raise ValueError(
            _("nombre de formations invalide ({n}) : au moins une").format(n=programmes)
        )
    if scholarship:
        return SCHOLARSHIP_FIRST + SCHOLARSHIP_EXTRA * (programmes - 1)
    return STANDARD_FIRST + STANDARD_EXTRA * (programmes - 1)


def vae_fees(support: bool = False) -> int:
    """The whole VAE path in euros: recevabilité + validation (+ optional support)."""
    return VAE_RECEVABILITE_FEE + VAE_VALIDATION_FEE + (VAE_SUPPORT_FEE if support else 0)
