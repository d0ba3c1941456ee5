"""The ``juryapp`` command's entry point, and the app's start (:func:`run_app`).

A member opens a session many times a day (``juryapp open PATH --as MEMBER``), and every
save by another member changes it.  When the arguments are plainly that (``open PATH --as
MEMBER`` in any order, ``--as=`` too, PATH a session folder), this module starts the app
itself: neither click nor the command line's commands are imported (about 30 ms), and the
read-ahead (:func:`juryapp.ui.quickstart.read_ahead`, the session read in a second process
while the app starts) starts before anything else.  Anything else (another command, another
option such as ``--lang`` or ``--debug``, a folder that is not a session) goes to the command
line (:mod:`juryapp.cli`), which says what is wrong in the same words (:func:`error_line`).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: the exit code of an error (as the command line's)
EXIT_ERROR = 2
#: the exit code after Ctrl+C (128 + SIGINT, as shells say it)
EXIT_INTERRUPTED = 130


def open_target(argv: list[str]) -> tuple[str, str] | None:
    """(PATH, MEMBER) when ``argv`` (without the program) is plainly ``open PATH --as
    MEMBER``; None for anything else."""
    if len(argv) < 3 or argv[0] != "open":
        return None
    path: str | None = None
    member: str | None = None
    rest = argv[1:]
    i = 0
    while i < len(rest):
        arg = rest[i]
        if arg == "--as" and i + 1 < len(rest) and member is None:
            member = rest[i + 1]
            i += 2
        elif arg.startswith("--as=") and member is None:
            member = arg.removeprefix("--as=")
            i += 1
        elif arg.startswith("-") or path is not None:
            return None  # another option, or a second path: the command line's to judge
        else:
            path = arg
            i += 1
    if not path or not member or member.startswith("-"):
        return None
    return path, member


def run_app(path: Path, actor: str | None) -> None:
    """Open the app on the session folder ``path`` (as ``actor``, when named)."""
    import gc

    # The start allocates what the app keeps (Textual's modules, the widgets): the collector
    # would go through it again and again for nothing (20-40 ms of a start).  Off until the
    # first screen is drawn (JuryApp.resume_collector), or at the latest when the app ends.
    collector_on = gc.isenabled()
    gc.disable()
    try:
        _start(path, actor, collector_on)
    finally:
        if collector_on:
            gc.enable()


def _start(path: Path, actor: str | None, collector_paused: bool) -> None:
    # Not a session folder: said at once. Everything else (a damaged file, an unknown
    # --as) the app says itself, once its first screen shows: reading and validating the
    # session here would keep the terminal blank for seconds on a large session.
    from juryapp.store.folder_stamp import check_session_folder

    check_session_folder(path)
    ahead = None
    if actor is not None:
        # the session is read, and the member's queue computed, in another process while
        # this one imports Textual
        from juryapp.ui.quickstart import read_ahead

        ahead = read_ahead(path, actor)
    from juryapp.ui.app import JuryApp

    JuryApp(path, member_id=actor, read_ahead=ahead, collector_paused=collector_paused).run()


def error_line(message: str) -> str:
    """« juryapp : erreur : … »: how the command line says an error, on one line."""
    from juryapp.i18n import _

    return _("juryapp : erreur : {message}").format(message=message)


def error_message(exc: Exception) -> str:
    """The known errors of the store and the domain as one line for the user."""
    # imported here, not before the command runs: `open` starts the app before pydantic
    # and the domain are imported (its quick start)
    from pydantic import ValidationError

    from juryapp.domain.decisions import DecisionError
    from juryapp.domain.errors import describe_text
    from juryapp.domain.permissions import PermissionDenied
    from juryapp.i18n import _
    from juryapp.store.errors import StoreError
    from juryapp.store.tabular import TableError

    if isinstance(exc, ValidationError):
        return describe_text(exc)
    if isinstance(exc, PermissionDenied):
        return _("refusé : {error}").format(error=exc)
    if isinstance(exc, StoreError | TableError | DecisionError | ValueError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}"
    return _("erreur inattendue ({type}) : {error}").format(type=type(exc).__name__, error=exc)


def main() -> None:
    """Entry point of the ``juryapp`` console script (and of ``python -m juryapp``)."""
    target = open_target(sys.argv[1:])
    if target is not None and os.path.isfile(os.path.join(target[0], "session.json")):
        try:
            run_app(Path(target[0]), target[1])
        except KeyboardInterrupt:  # Ctrl+C while the app starts: no traceback
            sys.exit(EXIT_INTERRUPTED)
        except Exception as exc:  # noqa: BLE001 - said as the command line says it
            print(error_line(error_message(exc)), file=sys.stderr)
            sys.exit(EXIT_ERROR)
        return
    from juryapp.cli import main as command_line

    command_line()
