"""Format versions of the session files, and the migrations between them.

Every data file carries a ``meta`` table whose document holds ``schema_version`` (and
``app``, the juryapp that wrote it).  :data:`MIGRATIONS` maps a version N to the function
that turns a file of version N into version N+1; opening a session whose ``session.json`` is
older than :data:`CURRENT_VERSION` first copies the data files into
``backups/pre-migration-v<N>-<timestamp>/``, then migrates every file, each written
atomically under its lock, and journals it.  A file newer than this juryapp raises
:class:`~juryapp.store.errors.SchemaTooNew` before anything is touched.

Version 0 (before versions existed): no ``meta`` table, and the jury's documents have a
single ``name`` ("Hélène Martin") instead of ``last_name`` / ``first_name``.  Version 1
splits it on the last space (first name(s) before, last name after).

Version 1 kept a member's overall comment on an épreuve (« appréciation générale ») inside
the ``comment`` of a score, after the line marker :data:`V1_OVERALL_MARKER`.  Version 2
gives it a field of its own, ``overall_comment``: the migration moves it there out of the
score sheets' comments (a comment without the marker is left as it is).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from juryapp import __version__
from juryapp.i18n import _

from .backup import copy_aside, data_files, timestamp
from .errors import CorruptFile, SchemaTooNew
from .journal import Journal
from .locking import DEFAULT_TIMEOUT, locked
from .storage import atomic_write_bytes, dump_json, read_json_file

#: The format this juryapp reads and writes.
CURRENT_VERSION = 2
APP = f"juryapp {__version__}"

Tables = dict[str, Any]
#: (relative path of the file, its TinyDB tables at version N) -> tables at version N+1
Migration = Callable[[str, Tables], Tables]


def meta_doc(version: int = CURRENT_VERSION, **extra: Any) -> dict[str, Any]:
    """The document of a file's ``meta`` table."""
    return {"schema_version": version, "app": APP, **extra}


def file_version(data: Tables | None, path: str | os.PathLike[str] = "") -> int:
    """The ``meta.schema_version`` of a file's tables (0 when there is none)."""
    if not data:
        return CURRENT_VERSION  # an empty or missing file has nothing to migrate
    meta = data.get("meta")
    if not meta:
        return 0
    doc = next(iter(meta.values()))
    version = doc.get("schema_version", 0)
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise CorruptFile(
            path, _("meta.schema_version invalide : {version}").format(version=repr(version))
        )
    return version


def stamp(data: Tables, version: int = CURRENT_VERSION) -> Tables:
    """Set the file's ``meta`` document to ``version`` (other meta fields are kept)."""
    meta = data.get("meta") or {}
    doc = dict(next(iter(meta.values()))) if meta else {}
    doc.update(schema_version=version, app=APP)
    data["meta"] = {"1": doc}
    return data


# --------------------------------------------------------------------------- migrations


def _v0_to_v1(rel: str, data: Tables) -> Tables:
    """v0 -> v1: the jury's ``name`` becomes ``first_name`` + ``last_name``."""
    if rel == "session.json":
        for doc in (data.get("jury") or {}).values():
            if "name" in doc and "last_name" not in doc:
                name = " ".join(str(doc.pop("name")).split())
                first, _sep, last = name.rpartition(" ")
                doc["last_name"] = last
                doc["first_name"] = first
    return data


#: where the overall comment started inside a score's comment, in version 1
V1_OVERALL_MARKER = "§ Appréciation générale : "
_V1_OVERALL = re.compile(r"(?:^|\n)" + re.escape(V1_OVERALL_MARKER))


def split_v1_comment(text: str) -> tuple[str, str]:
    """``(criterion comment, overall comment)`` out of a version 1 score's ``comment``."""
    m = _V1_OVERALL.search(text)
    if m is None:
        return text, ""
    return text[: m.start()].strip(), text[m.end() :].strip()


def _v1_to_v2(rel: str, data: Tables) -> Tables:
    """v1 -> v2: a score's overall comment moves from its ``comment`` to ``overall_comment``
    (in any file with a ``scores`` table: the session's score sheets, an exported sheet)."""
    scores = data.get("scores")
    for doc in scores.values() if isinstance(scores, dict) else ():
        comment = doc.get("comment") if isinstance(doc, dict) else None
        if isinstance(comment, str) and not doc.get("overall_comment"):
            own, overall = split_v1_comment(comment)
            if overall:
                doc["comment"] = own
                doc["overall_comment"] = overall
    return data


MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1, 1: _v1_to_v2}


def upgrade(rel: str, data: Tables | None, path: str | os.PathLike[str] = "") -> tuple[Tables, int]:
    """Migrate one file's tables in memory to :data:`CURRENT_VERSION`.

    Returns (tables, the version found).  Raises SchemaTooNew for a newer file.
    """
    if data is None:
        return {}, CURRENT_VERSION
    found = version = file_version(data, path)
    if version > CURRENT_VERSION:
        raise SchemaTooNew(path or rel, version, CURRENT_VERSION)
    while version < CURRENT_VERSION:
        data = MIGRATIONS[version](rel, data)
        version += 1
        stamp(data, version)
    return data, found


def session_version(root: str | os.PathLike[str]) -> int:
    """The format version of ``session.json`` (raises CorruptFile when unreadable)."""
    path = Path(root) / "session.json"
    data, _raw = read_json_file(path)
    return file_version(data, path) if data else 0


def migrate_folder(
    root: str | os.PathLike[str],
    *,
    actor: str = "system",
    timeout: float = DEFAULT_TIMEOUT,
) -> list[str]:
    """Bring every data file of the session folder to the current version.

    Checks every file first (a newer one raises SchemaTooNew, a corrupt one CorruptFile,
    and nothing is touched), then — under the locks of all the files — copies them into
    ``backups/pre-migration-v<N>-<timestamp>/``, migrates, writes and journals.  Returns
    the migrated files ([] when all are current).
    """
    base = Path(root)

    def scan() -> dict[str, tuple[Tables | None, int]]:
        found: dict[str, tuple[Tables | None, int]] = {}
        for rel in data_files(base):
            path = base / rel
            try:
                data, _raw = read_json_file(path)
            except CorruptFile as exc:
                raise exc.with_context(root=base) from None
            version = file_version(data, path)
            if version > CURRENT_VERSION:
                raise SchemaTooNew(path, version, CURRENT_VERSION, root=base)
            found[rel] = (data, version)
        return found

    if not any(v < CURRENT_VERSION for _d, v in scan().values()):
        return []
    with ExitStack() as stack:
        for rel in data_files(base):
            stack.enter_context(locked(base / rel, timeout=timeout, root=base))
        files = scan()  # afresh, inside the locks: another process may have done it
        old = {rel: v for rel, (_d, v) in files.items() if v < CURRENT_VERSION}
        if not old:
            return []
        lowest = min(old.values())
        aside = copy_aside(base, f"pre-migration-v{lowest}-{timestamp()}", list(files))
        for rel in sorted(old):
            data, _found = upgrade(rel, files[rel][0], base / rel)
            atomic_write_bytes(base / rel, dump_json(data))
        Journal(base, timeout=timeout).append(
            "migrate",
            "session",
            actor=actor,
            old={"schema_version": lowest},
            new={
                "schema_version": CURRENT_VERSION,
                "files": sorted(old),
                "backup": aside.relative_to(base).as_posix(),
            },
        )
    return sorted(old)
