"""The store's errors: one line each, in the user's language (French by default, see
:mod:`juryapp.i18n`), ready for the command line or a toast.

Every :class:`StoreError` knows

- ``file``: the file concerned (shown relative to the session folder when ``root`` is known),
- ``place``: where in the file (a record id or index, a line number, a field),
- ``problem``: what is wrong, in words a jury secretary understands,
- ``last_backup``: the last good copy of that file in ``backups/``, when there is one.

``str(error)`` puts them together on one line, e.g.::

    candidates.json, dossier C012 (document n° 12) : champ ECTS (ects) : « abc » n'est pas
    un nombre entier — dernière copie valide : backups/20260414T093012.123456Z/candidates.json
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Self

from juryapp.i18n import _


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


class StoreError(Exception):
    """A problem with the session folder, said on one line in the user's language.

    ``problem`` and ``place`` are translated by whoever raises the error (the language
    current at that moment); the way they are put together is translated by ``str()``.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | os.PathLike[str] | None = None,
        root: str | os.PathLike[str] | None = None,
        place: str = "",
        last_backup: str | os.PathLike[str] | None = None,
    ) -> None:
        self.problem = _one_line(problem)
        self.file: Path | None = Path(file) if file is not None else None
        self.root: Path | None = Path(root) if root is not None else None
        self.place = _one_line(place)
        self.last_backup: Path | None = Path(last_backup) if last_backup is not None else None
        super().__init__(self.problem)

    # -- presentation -------------------------------------------------------------

    def _shown(self, path: Path) -> str:
        if self.root is not None:
            try:
                return path.relative_to(self.root).as_posix()
            except ValueError:
                pass
        return str(path)

    @property
    def relpath(self) -> str:
        """The file, relative to the session folder when possible ('' when none)."""
        return self._shown(self.file) if self.file is not None else ""

    def __str__(self) -> str:
        where = ", ".join(p for p in (self.relpath, self.place) if p)
        text = (
            _("{where} : {problem}").format(where=where, problem=self.problem)
            if where
            else self.problem
        )
        if self.last_backup is not None:
            text = _("{text} — dernière copie valide : {backup}").format(
                text=text, backup=self._shown(self.last_backup)
            )
        return text

    # -- context ------------------------------------------------------------------

    def with_context(
        self,
        *,
        root: str | os.PathLike[str] | None = None,
        file: str | os.PathLike[str] | None = None,
        place: str | None = None,
        last_backup: str | os.PathLike[str] | None = None,
    ) -> Self:
        """This error with more context filled in (what is already set is kept)."""
        clone = self.__class__.__new__(self.__class__)
        clone.__dict__.update(self.__dict__)
        Exception.__init__(clone, *self.args)
        if root is not None and clone.root is None:
            clone.root = Path(root)
        if file is not None and clone.file is None:
            clone.file = Path(file)
        if place and not clone.place:
            clone.place = _one_line(place)
        if last_backup is not None and clone.last_backup is None:
            clone.last_backup = Path(last_backup)
        return clone

    def __reduce__(self) -> tuple[Any, ...]:
        # keyword-only constructor: rebuild through __new__ + state (pickling, multiprocessing)
        return (_rebuild, (self.__class__, self.args, self.__dict__))


def _rebuild(cls: type[StoreError], args: tuple[Any, ...], state: dict[str, Any]) -> StoreError:
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


class SessionNotFound(StoreError):
    """The folder does not exist, or holds no ``session.json``."""


class SessionExists(StoreError):
    """Creating a session where a non-empty folder already is."""


class CorruptFile(StoreError):
    """A file that cannot be read as JSON / TinyDB tables. It is never repaired automatically."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        detail: str,
        *,
        root: str | os.PathLike[str] | None = None,
        place: str = "",
        last_backup: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__(
            _("fichier illisible ({detail}) ; il n'a pas été modifié").format(detail=detail),
            file=path,
            root=root,
            place=place,
            last_backup=last_backup,
        )
        self.detail = _one_line(detail)


class InvalidRecord(StoreError):
    """A record of a file that does not pass validation (a hand-edited value, usually)."""


class SchemaTooNew(StoreError):
    """A file written by a newer juryapp: nothing is touched."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        found: int,
        supported: int,
        *,
        root: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__(
            _(
                "format de version {found}, plus récent que celui de cette version de juryapp "
                "({supported}) : mettez juryapp à jour ; rien n'a été modifié"
            ).format(found=found, supported=supported),
            file=path,
            root=root,
        )
        self.found = found
        self.supported = supported


class LockTimeout(StoreError):
    """Another program holds the lock of a file for too long."""
