"""Where the app's stylesheets are (``styles/*.tcss`` in the repository, shipped in the
package as ``juryapp.styles``), and when each is read.

Textual parses every stylesheet the app names before its first frame: the screens' own
sheets took about 30 ms of the start-up, for screens nobody has opened yet.  So the app
starts with ``app.tcss`` only (the queue, the log-in, the help: what the first screen
needs); every other screen names its own sheet (``CSS_PATH = stylesheet("dossier")``),
which Textual reads when the screen is first shown; and the app reads them all once the
session is loaded and nobody waits (:meth:`juryapp.ui.app.JuryApp.load_other_stylesheets`),
so that even the first dossier opens at once.

Free of Textual: the benchmarks and the tests name the sheets too.
"""

from __future__ import annotations

from pathlib import Path

import juryapp.styles

#: the sheet of the first screens (queue, log-in, loading, help), read at start
FIRST = "app"


def stylesheet(name: str) -> Path:
    """The stylesheet ``styles/NAME.tcss``."""
    # the package's folder (importlib.resources would import zipfile for nothing: pip
    # installs unpacked, an editable install maps the package to styles/)
    return Path(juryapp.styles.__file__).parent / f"{name}.tcss"


def stylesheets() -> list[Path]:
    """Every stylesheet of the app: ``app.tcss`` first, then one per screen, in name order
    (the order they are read in when the app loads them all)."""
    folder = stylesheet(FIRST).parent
    return sorted(folder.glob("*.tcss"), key=lambda p: (p.name != f"{FIRST}.tcss", p.name))
