"""A session folder, cheaply: is it one, and a fingerprint of its data without reading it
(no pydantic either: the command line and the app's quick start use this before anything
heavy is imported).

It changes whenever anything is written, by this process or another one: every write
replaces a file by a rename (new inode, new times) or appends to the journal, and a score
sheet written into ``scores/<member>/`` changes that folder's modification time.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from juryapp.i18n import _

from .errors import SessionNotFound

#: the files of a session folder that hold its data (``scores/`` aside)
DATA_FILES = ("session.json", "candidates.json", "decisions.json", "defence.json")
SESSION_FILE = DATA_FILES[0]
JOURNAL = "journal.jsonl"
SCORES = "scores"


def file_signature(path: str | os.PathLike[str]) -> tuple[int, ...]:
    """(inode, size, mtime, ctime) of a file; () when it does not exist."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return ()
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def session_stamp(root: Path) -> tuple[Any, ...]:
    """The fingerprint of the session folder ``root``: the signatures of its data files and
    journal, and (inode, mtime) of each member's score folder."""
    parts: list[Any] = [(rel, file_signature(root / rel)) for rel in (*DATA_FILES, JOURNAL)]
    try:
        with os.scandir(root / SCORES) as it:
            for entry in sorted(it, key=lambda e: e.name):
                if entry.name.startswith(".") or not entry.is_dir():
                    continue
                st = entry.stat()
                parts.append((entry.name, st.st_ino, st.st_mtime_ns))
    except FileNotFoundError:
        pass
    return tuple(parts)


def check_session_folder(root: Path) -> None:
    """Raise :class:`SessionNotFound` (saying why) unless ``root`` is a session folder: a
    folder with a ``session.json``.  Nothing is read."""
    if not root.exists():
        raise SessionNotFound(_("dossier de session introuvable : {path}").format(path=root))
    if not root.is_dir():
        raise SessionNotFound(_("« {path} » n'est pas un dossier de session").format(path=root))
    if not (root / SESSION_FILE).is_file():
        raise SessionNotFound(
            _("« {path} » ne contient pas de {file} : ce n'est pas une session juryapp").format(
                path=root, file=SESSION_FILE
            )
        )
