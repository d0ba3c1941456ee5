"""Text helpers shared by the rules and the screens."""

from __future__ import annotations

import unicodedata

#: letters that Unicode does not decompose into a base letter and an accent, spelt the way
#: French alphabetical order reads them (Œ as OE, Æ as AE) or as their base letter
#: (Vietnamese Đ, Polish Ł, Danish Ø, Turkish dotless ı...)
#: public: the command palette folds letter for letter with the first letter of each
UNDECOMPOSED: dict[str, str] = {
    "œ": "oe",
    "æ": "ae",
    "đ": "d",
    "ð": "d",
    "ø": "o",
    "ł": "l",
    "ı": "i",
    "þ": "th",
    "ħ": "h",
    "ŧ": "t",
    "ŀ": "l",
}
_UNDECOMPOSED = str.maketrans(UNDECOMPOSED)


def fold(text: str) -> str:
    """``text`` without accents and case, for sorting and matching names the French way.

    >>> fold("Bénard") < fold("Boyer")
    True
    >>> fold("Œuvrard") < fold("Ortiz") and fold("Đặng") < fold("Dupont")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.casefold().translate(_UNDECOMPOSED)


def name_key(last_name: str, first_name: str, ident: str = "") -> tuple[str, str, str]:
    """Alphabetical order of people: last name, first name, accents and case ignored."""
    return (fold(last_name), fold(first_name), ident)
