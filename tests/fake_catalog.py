"""A fake English catalog for the tests of messages: every msgid upper-cased, its
``{fields}`` kept, so a test sees that a message went through gettext (and which msgids
were asked) without depending on the real translations.

(Imported as ``from fake_catalog import ...``: ``tests/`` is on ``sys.path`` through its
``conftest.py``.)
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator

import pytest

from juryapp import i18n

_FIELD = re.compile(r"(\{[^{}]*\})")


def shout(msgid: str) -> str:
    """``"fichier {name} illisible"`` -> ``"FICHIER {name} ILLISIBLE"``."""
    return "".join(p if _FIELD.fullmatch(p) else p.upper() for p in _FIELD.split(msgid))


class Shouting(gettext.NullTranslations):
    """The fake catalog; ``asked`` lists the msgids looked up, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: list[str] = []

    def gettext(self, message: str) -> str:
        self.asked.append(message)
        return shout(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        msgid = msgid1 if n == 1 else msgid2
        self.asked.append(msgid)
        return shout(msgid)

    def pgettext(self, context: str, message: str) -> str:
        return self.gettext(message)


def fake_english(monkeypatch: pytest.MonkeyPatch) -> Iterator[Shouting]:
    """For a fixture: the fake catalog for English, the real one for French (a
    ``language("fr")`` block stays French); the language itself is not set."""
    catalog = Shouting()
    real = i18n._catalog

    def fake(lang: str | None = None) -> gettext.NullTranslations:
        return catalog if (lang or i18n.current_language()) == "en" else real(lang)

    monkeypatch.setattr(i18n, "_catalog", fake)
    try:
        yield catalog
    finally:
        monkeypatch.undo()
        i18n.reset_language()
