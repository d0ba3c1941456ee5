"""A problem found by a check (composition of the jury, VAE prerequisites...).

Shared by the rule modules so that the UI and the minutes show them the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """``error``: blocks (the session cannot go on as is); ``warning``: to be noted.

    ``code`` is a stable English identifier (for tests and filters), ``message`` the
    French text shown to the jury.
    """

    level: Level
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.level == "error"


def errors(findings: list[Finding]) -> list[Finding]:
    """Only the errors of ``findings``."""
    return [f for f in findings if f.level == "error"]


def warnings(findings: list[Finding]) -> list[Finding]:
    """Only the warnings of ``findings``."""
    return [f for f in findings if f.level == "warning"]
