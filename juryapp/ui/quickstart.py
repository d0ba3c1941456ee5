"""The first screen as it was last time: a snapshot of the dossier queue, shown at start-up
before anything heavy is imported or read, when nothing has changed since.

Starting juryapp means importing pydantic and the domain (~0.25 s), validating every file of
the session (1 s and more for 5,000 dossiers) and computing the queue's rows.  When the
member opens the same session again and no file of it has changed (its stamp,
:func:`juryapp.store.folder_stamp.session_stamp`, is the same), the rows are the same as
when the app last computed them: the snapshot holds them, with everything they were made
from, and the app shows them at once; the session is then read and validated as usual in a
worker, and the queue's rows are computed again and replace the snapshot's (the same
values).  Until then, what needs the session (opening a dossier, the deliberation...) waits,
with a message, as for the first look at a large session.

A snapshot is used only when *everything* it was made from is unchanged: the session's
stamp, the member, the language, the day (the recevabilité deadlines depend on it), the
version of juryapp, and the language, theme and key remaps of the user's settings file
(their raw values; the validated ones are kept in the snapshot, so that the settings need
not be validated before the first frame: the file is validated in the worker, as usual, and
any warning is shown then).  Anything else (no snapshot, an unreadable one, any
difference) and the app starts the usual way.  No snapshot is kept for a member with a PIN
(nothing of their queue may show before the PIN is given).

Snapshots are files of the user's cache folder (``~/.cache/juryapp/first-screen/`` on Linux,
or ``$JURYAPP_CACHE_DIR``), one per session folder and member, written atomically; never in
the session folder (another terminal would take the write for new data).  Deleting them is
always safe.  ``JURYAPP_NO_QUICK_START=1`` turns them off.

This module imports neither pydantic nor the domain: it runs before them.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.text import Span, Text

from juryapp import __version__

#: 2: the header's sub-title is who is at the keyboard (it was the session's title);
#: 3: a row keeps the text the filter finds it by beyond its cells (the specialty's name)
FORMAT = 3
ENV_CACHE_DIR = "JURYAPP_CACHE_DIR"
ENV_OFF = "JURYAPP_NO_QUICK_START"


def enabled() -> bool:
    return os.environ.get(ENV_OFF, "") in ("", "0")


def cache_dir() -> Path:
    """``$JURYAPP_CACHE_DIR``, else the user's cache folder."""
    override = os.environ.get(ENV_CACHE_DIR)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("juryapp", appauthor=False)


def snapshot_path(session_root: Path, member_id: str) -> Path:
    key = f"{Path(session_root).expanduser().resolve()}\0{member_id}".encode()
    return cache_dir() / "first-screen" / f"{hashlib.sha256(key).hexdigest()[:32]}.json"


#: the settings the first screen depends on
SETTINGS_USED = ("language", "theme", "keymap")


def settings_stamp() -> dict[str, Any] | None:
    """The raw values of :data:`SETTINGS_USED` in the settings file (those present), read as
    plain JSON; None when the file cannot be read as a JSON object (never a match).

    Each of them is validated on its own (a bad value elsewhere in the file does not change
    them), so the same raw values give the same settings: the snapshot keeps the validated
    ones.  The other settings (the recent sessions, rewritten when another session is
    opened) do not matter here."""
    from juryapp.paths import settings_path

    try:
        data = json.loads(settings_path().read_bytes())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    return {key: data[key] for key in SETTINGS_USED if key in data}


def _plain_json(value: Any) -> Any:
    """Tuples as lists, as JSON gives them back (to compare a stamp with a stored one)."""
    return json.loads(json.dumps(value))


# --------------------------------------------------------------------------- cells


def cell_to_json(cell: str | Text) -> Any:
    if isinstance(cell, str):
        return cell
    spans = [[s.start, s.end, str(s.style)] for s in cell.spans]
    return {"t": cell.plain, "s": str(cell.style), "sp": spans}


def cell_from_json(value: Any, shared: dict[Any, Text] | None = None) -> str | Text:
    """A cell back from :func:`cell_to_json`.  With ``shared``, equal styled cells (the
    same status on thousands of rows) come back as one :class:`Text` (the table never
    changes its cells)."""
    if value.__class__ is str:
        return value
    spans = tuple((a, b, style) for a, b, style in value.get("sp", ()))
    key = (value["t"], value.get("s", ""), spans)
    if shared is not None and key in shared:
        return shared[key]
    text = Text(key[0], style=key[1], spans=[Span(*s) for s in spans])
    if shared is not None:
        shared[key] = text
    return text


# --------------------------------------------------------------------------- the snapshot


@dataclass
class FirstScreen:
    """What the queue showed: the settings it was shown with, its title lines, columns
    (key, label, width, align), rows (key, cells as :func:`cell_to_json` gives them, the
    row's extra search text: :attr:`~juryapp.ui.table_rows.Row.search`) and
    the counts under the table."""

    settings_language: str
    theme: str
    keymap: dict[str, str]
    sub_title: str
    title: str
    columns: list[tuple[str, str, int | None, str]]
    rows: list[tuple[str, list[Any], str]]
    progress: str
    #: the columns and rows for :class:`~juryapp.ui.widgets.FastTable` (built by load)
    table: tuple[tuple[Any, ...], list[Any]] = ((), [])


def _table(columns: list[Any], rows: list[Any]) -> tuple[tuple[Any, ...], list[Any]]:
    from juryapp.ui.table_rows import Column, Row

    cols = tuple(
        Column(str(k), str(label), width=w if w is None else int(w), align=a)
        for k, label, w, a in columns
        if a in ("left", "right", "center")
    )
    if len(cols) != len(columns):
        raise ValueError("unknown alignment")
    shared: dict[Any, Text] = {}
    width = len(cols)
    built = []
    for key, cells, search in rows:
        if key.__class__ is not str or search.__class__ is not str or len(cells) != width:
            raise ValueError("a row does not fit the columns")
        built.append(Row(key, tuple([cell_from_json(c, shared) for c in cells]), search=search))
    return cols, built


def _stamps(session_root: Path, member_id: str) -> dict[str, Any]:
    from juryapp.i18n import forced_language, school_today
    from juryapp.store.folder_stamp import session_stamp

    return _plain_json(
        {
            "format": FORMAT,
            "version": __version__,
            "session": str(Path(session_root).expanduser().resolve()),
            "member": member_id,
            "language": forced_language(),
            "today": school_today().isoformat(),
            "settings": settings_stamp(),
            "stamp": session_stamp(Path(session_root)),
        }
    )


#: the last snapshot parsed, by (file, its size and time): on a repeat start the read-ahead's
#: check, then the app's load, look at the same file; it is parsed once
_parsed: dict[tuple[str, int, int], dict[str, Any]] = {}


def _stored(session_root: Path, member_id: str) -> dict[str, Any]:
    """The snapshot of ``member_id``'s queue on ``session_root`` as stored, current or not
    (parsed once: see :data:`_parsed`)."""
    path = snapshot_path(session_root, member_id)
    info = path.stat()
    key = (str(path), info.st_size, info.st_mtime_ns)
    data = _parsed.get(key)
    if data is None:
        import orjson

        data = orjson.loads(path.read_bytes())
        if not isinstance(data, dict):
            raise ValueError("not a snapshot")
        _parsed.clear()
        _parsed[key] = data
    return data


def _current(session_root: Path, member_id: str) -> dict[str, Any] | None:
    """The snapshot of ``member_id``'s queue on ``session_root`` as stored, if nothing it was
    made from has changed since; None otherwise."""
    data = _stored(session_root, member_id)
    # the stamps are taken again at each call: a file of the session changed meanwhile
    # makes the snapshot stale, parsed or not
    stamps = _stamps(session_root, member_id)
    if stamps["settings"] is None or data.get("stamps") != stamps:
        return None
    return data


def load(session_root: Path, member_id: str) -> FirstScreen | None:
    """The snapshot of ``member_id``'s queue on ``session_root`` if nothing it was made
    from has changed since; None otherwise (or when it cannot be read: never an error)."""
    if not enabled():
        return None
    try:
        data = _current(session_root, member_id)
        if data is None:
            return None
        screen = data["screen"]
        return FirstScreen(
            settings_language=str(screen["settings_language"]),
            theme=str(screen["theme"]),
            keymap={str(k): str(v) for k, v in screen["keymap"].items()},
            sub_title=str(screen["sub_title"]),
            title=str(screen["title"]),
            columns=screen["columns"],
            rows=screen["rows"],
            progress=str(screen["progress"]),
            table=_table(screen["columns"], screen["rows"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    finally:
        _parsed.clear()  # the app keeps what it shows, not the file's text


@dataclass(frozen=True)
class ShownWith:
    """The settings a queue is shown with (see :func:`settings_of_last_time`)."""

    settings_language: str
    theme: str
    keymap: dict[str, str]


def settings_of_last_time(session_root: Path, member_id: str) -> ShownWith | None:
    """The settings ``member_id``'s last snapshot on ``session_root`` was shown with, when the
    settings file has not changed since (nor juryapp, nor ``--lang``), even if the snapshot
    is stale: another member saved a score, the usual first start during the jury's day.

    The app starts with them while the read-ahead computes the new snapshot: the theme must
    be known before the stylesheets are parsed, the language before the queue is composed.
    None when they are not known this way (no snapshot yet, the settings changed...)."""
    if not enabled():
        return None
    from juryapp.i18n import forced_language

    try:
        data = _stored(session_root, member_id)
        stamps, screen = data["stamps"], data["screen"]
        settings = settings_stamp()
        if (
            settings is None
            or stamps.get("format") != FORMAT
            or stamps.get("version") != __version__
            or stamps.get("member") != member_id
            or stamps.get("language") != forced_language()
            or stamps.get("settings") != _plain_json(settings)
        ):
            return None
        return ShownWith(
            settings_language=str(screen["settings_language"]),
            theme=str(screen["theme"]),
            keymap={str(k): str(v) for k, v in screen["keymap"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def made_with() -> dict[str, Any]:
    """What rows about to be computed depend on beside the session: the school's day and
    the settings file's values.  Taken *before* the settings are read and the rows
    computed, and given to :func:`save`: a change in between (a theme chosen in another
    terminal, midnight) keeps nothing."""
    from juryapp.i18n import school_today

    return _plain_json({"today": school_today().isoformat(), "settings": settings_stamp()})


def save(
    session_root: Path,
    member_id: str,
    stamp: Any,
    screen: FirstScreen,
    made: dict[str, Any] | None = None,
) -> bool:
    """Keep ``screen`` for the next start, if ``stamp`` (the session's stamp taken *before*
    the session the rows come from was read) is still the folder's stamp, and ``made``
    (:func:`made_with`, taken before the rows were computed) still holds; False when not
    (the rows may already be out of date) or the cache cannot be written."""
    if not enabled():
        return False
    stamps = _stamps(session_root, member_id)
    if stamps["stamp"] != _plain_json(stamp) or stamps["settings"] is None:
        return False
    if made is not None and any(stamps[key] != value for key, value in made.items()):
        return False
    payload = {
        "stamps": stamps,
        "screen": {
            "settings_language": screen.settings_language,
            "theme": screen.theme,
            "keymap": screen.keymap,
            "sub_title": screen.sub_title,
            "title": screen.title,
            "columns": screen.columns,
            "rows": screen.rows,
            "progress": screen.progress,
        },
    }
    path = snapshot_path(session_root, member_id)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _sweep_temp_files(path.parent)
        import orjson

        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(orjson.dumps(payload))
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return False
    return True


#: a temporary file older than this was left by a writer that was stopped (a read-ahead
#: past its deadline): removed
_STALE_SECONDS = 60


def _sweep_temp_files(folder: Path) -> None:
    now = time.time()
    for tmp in folder.glob(".tmp-*.json"):
        try:
            if now - tmp.stat().st_mtime > _STALE_SECONDS:
                tmp.unlink()
        except OSError:
            pass  # another writer's, just finished; or gone already


def forget(session_root: Path, member_id: str) -> None:
    snapshot_path(session_root, member_id).unlink(missing_ok=True)


# --------------------------------------------------------------------------- read-ahead

ENV_NO_READ_AHEAD = "JURYAPP_NO_READ_AHEAD"

#: a session whose data files (``session.json``, ``candidates.json``…; the score sheets
#: aside) weigh more than this is not read ahead: a large session's first start shows a
#: first look at its dossiers (the app's progressive load) sooner than a whole screen
#: computed ahead would show
READ_AHEAD_MAX_BYTES = 400_000

#: how long the app waits for the read-ahead before it starts the usual way (a slow disk)
READ_AHEAD_TIMEOUT = 1.5


class ReadAhead:
    """A child process (a fork of this one) that computes the first screen of a session
    while this process imports Textual and starts the app; see :func:`read_ahead`."""

    def __init__(self, pid: int, fd: int, timeout: float = READ_AHEAD_TIMEOUT) -> None:
        self.pid = pid
        self._fd = fd
        #: the child is stopped past it: counted from the fork, not from the wait
        self.deadline = time.monotonic() + timeout
        #: True once the child said it wrote the snapshot; None until :meth:`wait`
        self.succeeded: bool | None = None

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the child until the deadline (or ``timeout`` seconds from now): past
        it, the child is stopped.  True when it wrote the snapshot.  Once only: later calls
        give the same answer, whatever interrupted the first one (Ctrl+C)."""
        if self.succeeded is not None:
            return self.succeeded
        import select
        import signal

        self.succeeded = False  # until the child says otherwise
        left = self.deadline - time.monotonic() if timeout is None else timeout
        try:
            ready, _w, _x = select.select([self._fd], [], [], max(left, 0.0))
            if ready:
                self.succeeded = os.read(self._fd, 1) == b"1"
            else:
                os.kill(self.pid, signal.SIGKILL)  # its snapshot is written atomically
        except OSError:
            pass
        finally:
            os.close(self._fd)
            try:
                os.waitpid(self.pid, 0)
            except ChildProcessError:
                pass
        return self.succeeded


def read_ahead(session_root: Path, member_id: str) -> ReadAhead | None:
    """Start computing ``member_id``'s first screen on ``session_root`` in another process,
    when there is no snapshot to show (a first start, or a file of the session changed).

    The app's start (:func:`juryapp.launch.run_app`) calls this before it imports Textual (a
    quarter of a second), and the app waits for the child (:meth:`ReadAhead.wait`) just
    before it looks for a snapshot: the child imports pydantic and the domain, reads and
    validates the session and writes the queue's snapshot (:func:`save`, exactly what the
    queue keeps after a start), in parallel.  The app then starts as quickly as on an
    unchanged session, and reads the session again in its worker as usual.  The child writes
    nothing else (no migration, no clean-up, no backup: :meth:`SessionStore.read_only`);
    whatever goes wrong in it (an unreadable file, a session to migrate, a member with a
    PIN), it writes no snapshot, and the app starts the usual way and says what is wrong.

    None (nothing started) when the quick start is off; where processes cannot be forked
    (Windows) or not safely (macOS, where system libraries may not survive a fork; this
    process running threads already); for a large session (:data:`READ_AHEAD_MAX_BYTES`);
    or when a snapshot is there to show already."""
    if not enabled() or os.environ.get(ENV_NO_READ_AHEAD, "") not in ("", "0"):
        return None
    import sys
    import threading

    if not hasattr(os, "fork") or sys.platform == "darwin" or threading.active_count() > 1:
        return None  # a fork copies no other thread, and none of the locks they may hold
    from juryapp.store.folder_stamp import DATA_FILES

    root = Path(session_root)
    try:
        if sum(os.stat(root / name).st_size for name in DATA_FILES if (root / name).exists()) > (
            READ_AHEAD_MAX_BYTES
        ):
            return None
        if _current(root, member_id) is not None:
            return None  # shown as it is
    except FileNotFoundError:
        pass  # no snapshot yet
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # an unreadable snapshot: computed again
    import gc

    read_fd, write_fd = os.pipe()
    gc.freeze()  # the child's collections leave the parent's objects (and pages) alone
    try:
        pid = os.fork()
    except OSError:
        gc.unfreeze()
        os.close(read_fd)
        os.close(write_fd)
        return None
    if pid == 0:  # the child: never returns
        gc.disable()  # short-lived: a collection would only cost time
        os.close(read_fd)
        done = False
        try:
            _silence()
            done = _write_first_screen(root, member_id)
        except BaseException:  # noqa: BLE001 - the app says what is wrong, not the child
            pass
        finally:
            try:
                os.write(write_fd, b"1" if done else b"0")
            finally:
                os._exit(0)
    gc.unfreeze()
    os.close(write_fd)
    return ReadAhead(pid, read_fd)


def _silence() -> None:
    """In the child: nothing it writes reaches the terminal, where the app draws (Python's
    output, and what extensions or faulthandler write to the file descriptors)."""
    import sys

    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - until the child exits


def _write_first_screen(session_root: Path, member_id: str) -> bool:
    """In the read-ahead's child: read the session, compute the member's queue as the
    queue screen does, and keep it (:func:`save`).  False when nothing was kept."""
    from juryapp.domain.queue import queue_entries
    from juryapp.i18n import school_today, settle_language
    from juryapp.settings import load_settings
    from juryapp.store.session_store import SessionStore
    from juryapp.ui.queue_rows import columns_for, first_screen_of, to_row

    made = made_with()  # before the settings are read and the rows computed
    settings = load_settings()
    settle_language(settings.language)
    read = SessionStore.read_only(session_root)
    if read is None:
        return False
    stamp, session = read
    entries = queue_entries(session, member_id, today=school_today())
    columns = columns_for(entries)
    rows = [to_row(e, columns) for e in entries]
    screen = first_screen_of(session, member_id, settings, entries, columns, rows)
    return screen is not None and save(session_root, member_id, stamp, screen, made)
