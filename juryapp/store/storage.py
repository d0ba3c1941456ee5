"""Atomic JSON files for TinyDB, written with orjson.

TinyDB's own ``JSONStorage`` rewrites its file in place: a process killed in the middle
leaves invalid JSON, and a reader can see half a file.  :class:`AtomicJSONStorage` writes
the whole new content to a temporary file in the same folder (``.NAME.tmp-<pid>-<random>``),
flushes and fsyncs it, renames it over the old file with :func:`os.replace` (atomic on
POSIX and Windows) and fsyncs the folder.  So **a reader never sees a half-written file**:
it sees the old content or the new one, and after a crash the old one at worst, plus a
hidden temporary file that :func:`sweep_temp_files` removes later.

A file that is not valid JSON raises :class:`~juryapp.store.errors.CorruptFile` with the
line and column; it is never "repaired" here.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from juryapp.i18n import _

from .errors import CorruptFile

#: the temporary files this module writes: ``.NAME.tmp-<pid>-<random>``
TEMP_RE = re.compile(r"^\.(?P<name>.+)\.tmp-(?P<pid>\d+)-[^/\\]+$")

_BOM = b"\xef\xbb\xbf"


def _default_mode() -> int:
    # the mode a plain open() would give a new file (0o666 minus the umask)
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


_NEW_FILE_MODE = _default_mode()


# --------------------------------------------------------------------------- JSON


def parse_json(raw: bytes, path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """TinyDB tables from the bytes of ``path``; None when empty. Raises CorruptFile."""
    if raw.startswith(_BOM):  # saved by a Windows editor
        raw = raw[len(_BOM) :]
    if not raw.strip():
        return None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptFile(
            path,
            _("JSON invalide ligne {line}, colonne {column} : {error}").format(
                line=exc.lineno, column=exc.colno, error=exc.msg
            ),
        ) from None
    if not isinstance(data, dict):
        raise CorruptFile(path, _("le fichier doit contenir un objet JSON de tables"))
    for table, docs in data.items():
        if type(docs) is not dict:
            raise CorruptFile(
                path, _("la table « {table} » n'est pas un objet JSON").format(table=table)
            )
        bad = next((k for k, d in docs.items() if type(d) is not dict), None)
        if bad is not None:
            raise CorruptFile(
                path,
                _("table « {table} », document {doc} : ce n'est pas un objet JSON").format(
                    table=table, doc=bad
                ),
            )
    return data


def dump_json(data: Any, *, indent: bool = True) -> bytes:
    """``data`` as UTF-8 JSON bytes (indented by default, so a person can read the file)."""
    option = orjson.OPT_NON_STR_KEYS | orjson.OPT_APPEND_NEWLINE
    if indent:
        option |= orjson.OPT_INDENT_2
    return orjson.dumps(data, option=option)


def read_json_file(path: str | os.PathLike[str]) -> tuple[dict[str, Any] | None, bytes]:
    """(tables or None when missing/empty, raw bytes). Raises CorruptFile."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except FileNotFoundError:
        return None, b""
    return parse_json(raw, path), raw


# --------------------------------------------------------------------------- atomic write


def fsync_dir(folder: str | os.PathLike[str]) -> None:
    """Make a rename in ``folder`` durable (no-op where folders cannot be opened: Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some filesystems refuse
        pass
    finally:
        os.close(fd)


def _replace(src: str, dst: str) -> None:
    # Windows refuses to replace a file another process has open; retry briefly.
    for attempt in range(20):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if sys.platform != "win32" or attempt == 19:
                raise
            time.sleep(0.05)


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, durable: bool = True, sync_dir: bool = True
) -> None:
    """Replace the file ``path`` by ``data`` atomically.

    Temp file in the same folder, write, flush, fsync, :func:`os.replace`, fsync of the
    folder.  ``durable=False`` skips both fsyncs (scratch files); ``sync_dir=False`` skips
    the folder's (after a power cut the file may then be the previous version, whole).
    The file keeps its permissions; a new one gets the usual ``0o666 & ~umask``.
    """
    target = Path(path)
    folder = target.parent
    try:
        mode = os.stat(target).st_mode & 0o777
    except FileNotFoundError:
        mode = _NEW_FILE_MODE
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.tmp-{os.getpid()}-", dir=folder)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if durable:
                os.fsync(fd)
            with contextlib.suppress(OSError):
                os.chmod(tmp, mode)
        finally:
            os.close(fd)
        _replace(tmp, os.fspath(target))
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if durable and sync_dir:
        fsync_dir(folder)


# --------------------------------------------------------------------------- TinyDB storage


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never leaves a half-written file (see the module doc).

    ``TinyDB(path, storage=AtomicJSONStorage)`` works like the default JSON storage, except
    that a missing file is not created until the first write, the JSON is read and written
    with orjson, and a corrupt file raises :class:`CorruptFile` instead of a bare
    ``JSONDecodeError``.  It does not lock: several processes writing the same file must
    hold :func:`juryapp.store.locking.locked` around their read-modify-write.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        *,
        indent: bool = True,
        durable: bool = True,
        **_: Any,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self.indent = indent
        self.durable = durable
        if create_dirs:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The tables, or None when the file is missing or empty (TinyDB then starts empty)."""
        data, _raw = read_json_file(self.path)
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Replace the file by ``data`` atomically."""
        atomic_write_bytes(self.path, dump_json(data, indent=self.indent), durable=self.durable)

    def close(self) -> None:
        """Nothing stays open between operations."""


# --------------------------------------------------------------------------- leftovers


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - no cheap probe; rely on the lock
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_temp_files(
    folder: str | os.PathLike[str], *, recursive: bool = True, stale_after: float = 600.0
) -> list[Path]:
    """Remove the temporary files left by writers that died (e.g. killed mid-write).

    A temporary file ``.NAME.tmp-<pid>-<random>`` is removed when nobody holds the lock of
    ``NAME`` (so no write is under way) and its writer is not a live process of this
    machine, or the file is older than ``stale_after`` seconds.  Returns what was removed.
    Folders starting with a dot are not entered.
    """
    from .locking import try_locked  # locking does not import storage: no cycle

    root = Path(folder)
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    walker = os.walk(root) if recursive else [(os.fspath(root), [], os.listdir(root))]
    for dirpath, dirnames, filenames in walker:
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            m = TEMP_RE.match(name)
            if not m:
                continue
            tmp = Path(dirpath) / name
            try:
                age = time.time() - tmp.stat().st_mtime
            except FileNotFoundError:
                continue
            if _pid_alive(int(m["pid"])) and age < stale_after:
                continue
            lock = try_locked(Path(dirpath) / m["name"])
            if lock is None:
                continue  # a write is under way (or the folder is read-only)
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                pass
            finally:
                lock.release()
    return removed
