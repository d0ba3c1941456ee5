"""Backups of a session's data files, in ``backups/`` inside the session folder.

- ``backups/<UTC timestamp>/`` (e.g. ``20260414T093012.123456Z``): a copy of every data file
  as it was when the session was last opened *and validated* — the bytes that passed
  validation, so each is a *good* copy.  Made on opening when something changed since the
  previous one; the last :data:`KEEP` are kept.  A file unchanged since the previous backup
  is hard-linked to it (no space used; backups are never written to afterwards), copied
  where hard links are not possible.  ``manifest.json`` lists the files and their digests.
- ``backups/pre-migration-v<N>-<timestamp>/``: the files as they were before a format
  migration from version N.
- ``backups/before-restore-<timestamp>/``: the files as they were before an explicit
  :func:`restore_files`.

Only the first kind counts as "the last good copy" named in error messages.  The journal
(``journal.jsonl``) is not copied: it is append-only and checked by its hash chain.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path

import orjson

from juryapp.i18n import _

from .errors import StoreError
from .locking import DEFAULT_TIMEOUT, locked, try_locked
from .storage import atomic_write_bytes, fsync_dir, read_json_file

BACKUPS_DIR = "backups"
MANIFEST = "manifest.json"
#: regular backups kept
KEEP = 10
#: the data files at the top of a session folder
TOP_FILES = ("session.json", "candidates.json", "decisions.json", "defence.json")
SCORES_DIR = "scores"

REGULAR_RE = re.compile(r"^\d{8}T\d{6}\.\d{6}Z$")
_TMP_DIR_RE = re.compile(r"^\.tmp-(?P<pid>\d+)-")


def timestamp() -> str:
    """Now, UTC, as used in backup folder names: ``20260414T093012.123456Z``."""
    return dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")


def digest(raw: bytes) -> str:
    """A content digest (BLAKE2b, 160 bits, hex)."""
    return hashlib.blake2b(raw, digest_size=20).hexdigest()


def data_files(root: str | os.PathLike[str]) -> list[str]:
    """The data files present in the session folder, as relative POSIX paths, sorted.

    ``session.json``, ``candidates.json``, ``decisions.json``, ``defence.json`` (when the
    session has timed épreuves run or blocs assessed) and ``scores/<owner>/*.json``
    (hidden files and folders excluded).  Not the journal, locks, temp files or backups.
    """
    base = Path(root)
    rels = [name for name in TOP_FILES if (base / name).is_file()]
    scores = base / SCORES_DIR
    if scores.is_dir():
        for owner in sorted(os.listdir(scores)):
            folder = scores / owner
            if owner.startswith(".") or not folder.is_dir():
                continue
            for name in sorted(os.listdir(folder)):
                if name.endswith(".json") and not name.startswith("."):
                    rels.append(f"{SCORES_DIR}/{owner}/{name}")
    return sorted(rels)


def backups_dir(root: str | os.PathLike[str]) -> Path:
    """``<session>/backups``."""
    return Path(root) / BACKUPS_DIR


def regular_backups(root: str | os.PathLike[str]) -> list[Path]:
    """The regular (validated) backups, newest first."""
    folder = backups_dir(root)
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    return [folder / n for n in sorted(names, reverse=True) if REGULAR_RE.match(n)]


def last_good_copy(root: str | os.PathLike[str], rel: str) -> Path | None:
    """The newest validated backup copy of the data file ``rel`` (relative path), if any."""
    for b in regular_backups(root):
        candidate = b / rel
        if candidate.is_file():
            return candidate
    return None


def _manifest(backup: Path) -> dict[str, str]:
    try:
        data = orjson.loads((backup / MANIFEST).read_bytes())
        files = data.get("files", {})
        return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}
    except (OSError, orjson.JSONDecodeError, AttributeError):
        return {}


def snapshot(
    root: str | os.PathLike[str],
    contents: Mapping[str, bytes],
    *,
    keep: int = KEEP,
    timeout: float = DEFAULT_TIMEOUT,
) -> Path | None:
    """Save ``contents`` (relative path -> validated bytes) as a new regular backup, unless
    the newest backup holds exactly the same files. Returns the new folder or None."""
    base = Path(root)
    folder = backups_dir(base)
    digests = {rel: digest(raw) for rel, raw in contents.items()}
    existing = regular_backups(base)
    if existing and _manifest(existing[0]) == digests:
        return None
    folder.mkdir(exist_ok=True)
    with locked(folder / "index", timeout=timeout, root=base):
        existing = regular_backups(base)
        previous = existing[0] if existing else None
        prev_digests = _manifest(previous) if previous else {}
        if previous is not None and prev_digests == digests:
            return None
        name = timestamp()
        tmp = folder / f".tmp-{os.getpid()}-{name}"
        tmp.mkdir()
        try:
            for rel, raw in contents.items():
                dest = tmp / rel
                dest.parent.mkdir(parents=True, exist_ok=True)
                if previous is not None and prev_digests.get(rel) == digests[rel]:
                    try:
                        os.link(previous / rel, dest)
                        continue
                    except OSError:
                        pass
                dest.write_bytes(raw)
            (tmp / MANIFEST).write_bytes(
                orjson.dumps({"created": name, "files": digests}, option=orjson.OPT_INDENT_2)
            )
            final = folder / name
            os.rename(tmp, final)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        fsync_dir(folder)
        for old in regular_backups(base)[keep:]:
            shutil.rmtree(old, ignore_errors=True)
        return final


def copy_aside(root: str | os.PathLike[str], name: str, rels: list[str]) -> Path:
    """Copy the data files ``rels`` as they are into ``backups/<name>/``; returns it."""
    base = Path(root)
    dest_root = backups_dir(base) / name
    dest_root.mkdir(parents=True, exist_ok=False)
    for rel in rels:
        src = base / rel
        if not src.is_file():
            continue
        dest = dest_root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
    fsync_dir(dest_root)
    return dest_root


def sweep_backup_temps(root: str | os.PathLike[str]) -> list[Path]:
    """Remove half-made backup folders (``backups/.tmp-*``) left by a process that died."""
    folder = backups_dir(root)
    removed: list[Path] = []
    try:
        names = [n for n in os.listdir(folder) if _TMP_DIR_RE.match(n)]
    except FileNotFoundError:
        return removed
    if not names:
        return removed
    lock = try_locked(folder / "index")
    if lock is None:
        return removed
    try:
        for n in names:
            shutil.rmtree(folder / n, ignore_errors=True)
            removed.append(folder / n)
    finally:
        lock.release()
    return removed


def resolve_backup(root: str | os.PathLike[str], backup: str | os.PathLike[str]) -> Path:
    """A backup folder given as a path, or as its name inside ``backups/``."""
    path = Path(backup)
    if not path.is_absolute() and not path.exists():
        path = backups_dir(root) / path
    if not path.is_dir():
        raise StoreError(
            _("copie de sauvegarde introuvable : {backup}").format(backup=backup), root=root
        )
    return path


def restore_files(
    root: str | os.PathLike[str],
    backup: str | os.PathLike[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> tuple[Path, list[str]]:
    """Put the data files of ``backup`` back in place of the current ones.

    First copies the current data files into ``backups/before-restore-<timestamp>/``; then,
    under the lock of each file, replaces every file atomically by its copy and moves the
    data files that the backup does not have into that same folder.  Every file of the
    backup must be readable JSON (checked before anything changes).  Returns (the folder
    holding the previous files, the restored relative paths).
    """
    base = Path(root)
    src = resolve_backup(base, backup)
    wanted = data_files(src)
    if not wanted:
        raise StoreError(
            _("la copie {name} ne contient aucun fichier de session").format(name=src.name),
            root=base,
        )
    payload: dict[str, bytes] = {}
    for rel in wanted:
        _data, raw = read_json_file(src / rel)  # raises CorruptFile on a bad copy
        payload[rel] = raw
    current = data_files(base)
    with ExitStack() as stack:
        for rel in sorted(set(current) | set(wanted)):
            (base / rel).parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(locked(base / rel, timeout=timeout, root=base))
        current = data_files(base)
        aside = copy_aside(base, f"before-restore-{timestamp()}", current)
        for rel, raw in payload.items():
            atomic_write_bytes(base / rel, raw)
        for rel in current:
            if rel not in payload:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(base / rel)
    return aside, wanted
