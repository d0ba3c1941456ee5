"""Text helpers shared by the rules and the screens."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """``text`` without accents and case, for sorting and matching names the French way.

    >>> fold("Bénard") < fold("Boyer")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_key(last_name: str, first_name: str, ident: str = "") -> tuple[str, str, str]:
    """Alphabetical order of people: last name, first name, accents and case ignored."""
    return (fold(last_name), fold(first_name), ident)
