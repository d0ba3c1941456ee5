"""Cross-process locks on the files of a session folder (``filelock``).

The lock of ``X.json`` is the hidden file ``.X.json.lock`` next to it.  Every
read-modify-write of a file happens inside :func:`locked` and reads the file afresh inside
the lock, so two processes (two terminals, a laptop on a shared folder) never lose each
other's update.  Readers do not lock: writes replace files atomically (see
:mod:`juryapp.store.storage`), so a reader sees the old or the new file, never half of one.

Locks are reentrant within a thread (a nested :func:`locked` on the same file is a no-op)
and exclusive between threads and processes.  Whoever holds a lock writes
``pid host since`` into the lock file, so a waiting process can say who blocks it.
"""

from __future__ import annotations

import inspect
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from juryapp.i18n import _

from .errors import LockTimeout, StoreError

if TYPE_CHECKING:
    from filelock import FileLock

#: Seconds a write waits for a lock before giving up with :class:`LockTimeout`.
DEFAULT_TIMEOUT = 15.0

_HOST = socket.gethostname()
_held = threading.local()


@cache
def _has_on_acquired() -> bool:
    """Whether this filelock can call back once the lock is taken (to record who holds it).
    filelock is imported when a lock is first taken: a process that only reads (the app's
    read-ahead, :func:`juryapp.ui.quickstart.read_ahead`) does without it."""
    from filelock import FileLock

    return "on_acquired" in inspect.signature(FileLock.__init__).parameters


def lock_path_for(target: Path) -> Path:
    """The hidden lock file of ``target``: ``dir/.NAME.lock``."""
    return target.parent / f".{target.name}.lock"


def _record_holder(fd: int) -> None:
    # fixed width, so that no truncation is needed (ftruncate costs about a millisecond)
    line = f"{os.getpid()} {_HOST[:80]} {time.time():.3f}".ljust(120)[:120] + "\n"
    try:
        os.pwrite(fd, line.encode("ascii", "replace"), 0)
    except OSError:  # pragma: no cover - informative only
        pass


def _holder(lock_file: Path) -> tuple[str, float | None]:
    """Who holds ``lock_file`` (as recorded) and since when (epoch seconds)."""
    try:
        pid, host, since = lock_file.read_text(encoding="ascii").split()
        return _("processus {pid} sur {host}").format(pid=pid, host=host), float(since)
    except (OSError, ValueError, UnicodeDecodeError):
        return "", None


def _held_counts() -> dict[str, int]:
    counts = getattr(_held, "counts", None)
    if counts is None:
        counts = _held.counts = {}
    return counts


@contextmanager
def locked(
    path: str | os.PathLike[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    root: str | os.PathLike[str] | None = None,
) -> Iterator[None]:
    """Hold the lock of the file ``path`` (not of the lock file itself) for the block.

    Raises :class:`LockTimeout` (a :class:`StoreError`) when another program keeps it more
    than ``timeout`` seconds; ``root`` only serves to show the file relative to the session.
    """
    target = Path(path)
    lock_file = lock_path_for(target)
    key = os.fspath(lock_file)
    counts = _held_counts()
    if counts.get(key):
        counts[key] += 1
        try:
            yield
        finally:
            counts[key] -= 1
        return

    from filelock import FileLock, Timeout

    kwargs: dict[str, object] = {"timeout": timeout}
    if _has_on_acquired():
        kwargs["on_acquired"] = _record_holder
    lock = FileLock(key, **kwargs)  # type: ignore[arg-type]
    started = time.monotonic()
    try:
        lock.acquire()
    except Timeout:
        waited = time.monotonic() - started
        who, since = _holder(lock_file)
        age = time.time() - since if since is not None else waited
        if who:
            problem = _(
                "la session est verrouillée par un autre programme ({who}) depuis {age} s : "
                "réessayez dans un instant (si aucun autre programme ne tourne, "
                "supprimez le fichier {lock})"
            )
        else:
            problem = _(
                "la session est verrouillée par un autre programme depuis {age} s : "
                "réessayez dans un instant (si aucun autre programme ne tourne, "
                "supprimez le fichier {lock})"
            )
        raise LockTimeout(
            problem.format(who=who, age=f"{age:.0f}", lock=lock_file.name),
            file=target,
            root=root,
        ) from None
    except PermissionError as exc:
        raise StoreError(
            _(
                "impossible de verrouiller le fichier ({error}) : "
                "le dossier de la session est-il en lecture seule ?"
            ).format(error=exc.strerror),
            file=target,
            root=root,
        ) from exc
    counts[key] = 1
    try:
        yield
    finally:
        counts[key] = 0
        del counts[key]
        lock.release()


def try_locked(path: str | os.PathLike[str]) -> FileLock | None:
    """The lock of ``path`` if it is free right now (the caller releases it), else None."""
    from filelock import FileLock, Timeout

    lock = FileLock(os.fspath(lock_path_for(Path(path))), timeout=0)
    try:
        lock.acquire()
    except (Timeout, OSError):
        return None
    return lock
