"""Choose a file to import: a folder tree (only .csv and .xlsx shown) and a path to type.

``FilePickerScreen(start=..., title=...)`` is a modal screen; it is dismissed with the
chosen :class:`~pathlib.Path`, or None when the user gives up (Escape, « Annuler »).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, Static

from juryapp.i18n import N_, _
from juryapp.ui.stylesheets import stylesheet
from juryapp.ui.widgets import JuryFooter

#: what the importers read
IMPORT_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx")


class ImportFileTree(DirectoryTree):
    """A folder tree that shows only folders and the files the importers read."""

    ICON_NODE_EXPANDED = "▾ "
    ICON_NODE = "▸ "
    ICON_FILE = "  "

    def __init__(self, path: str | Path, suffixes: Iterable[str] = IMPORT_SUFFIXES, **kw) -> None:  # type: ignore[no-untyped-def]
        self.suffixes = tuple(s.lower() for s in suffixes)
        super().__init__(path, **kw)

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        for path in paths:
            if path.name.startswith("."):
                continue
            if self._safe_is_dir(path) or path.suffix.lower() in self.suffixes:
                yield path


class FilePickerScreen(ModalScreen[Path | None]):
    """A modal file chooser: folder tree, or a path typed in the box."""

    CSS_PATH = stylesheet("session_setup")

    TITLE_FR = N_("Choisir un fichier")
    HELP = N_(
        "Choisissez le fichier : flèches et Entrée dans l'arborescence (seuls les dossiers et "
        "les fichiers du type attendu, donné dans le titre, sont montrés), ou tapez son chemin "
        "dans la case puis Entrée (un dossier tapé devient la racine de l'arborescence ; un "
        "chemin relatif part du dossier affiché). Retour arrière dans l'arborescence : "
        "dossier parent. Échap : annuler."
    )
    BINDINGS = [
        Binding("escape", "cancel", N_("Annuler"), id="picker.cancel"),
        Binding("ctrl+l", "focus_path", N_("Taper un chemin"), id="picker.path"),
        Binding("backspace", "parent", N_("Dossier parent"), show=False, id="picker.parent"),
    ]

    def __init__(
        self,
        start: Path | None = None,
        *,
        title: str | None = None,
        suffixes: Iterable[str] = IMPORT_SUFFIXES,
    ) -> None:
        super().__init__()
        self.suffixes = tuple(s.lower() for s in suffixes)
        folder = Path(start) if start is not None else Path.cwd()
        if not folder.is_dir():
            folder = folder.parent if folder.parent.is_dir() else Path.cwd()
        self.folder = folder.expanduser().resolve()
        self.title_text = _("Choisir un fichier à importer") if title is None else title

    def compose(self) -> ComposeResult:
        kinds = _(" ou ").join(self.suffixes)
        with Vertical(id="picker-box"):
            yield Static(f"[b]{self.title_text}[/b] ({kinds})", id="picker-title")
            yield Input(
                placeholder=_("Chemin du fichier (ou d'un dossier), puis Entrée"),
                id="picker-path",
            )
            yield Static(str(self.folder), id="picker-folder")
            yield ImportFileTree(self.folder, self.suffixes, id="picker-tree")
            yield Static("", id="picker-error")
            with Horizontal(id="picker-buttons"):
                yield Button("↑ " + _("Dossier parent"), id="picker-parent", compact=True)
                yield Button(_("Ouvrir"), id="picker-open", variant="primary", compact=True)
                yield Button(_("Annuler"), id="picker-cancel", compact=True)
        yield JuryFooter()  # the dialog's own keys, not the screen's under it

    def on_mount(self) -> None:
        self.query_one("#picker-tree", ImportFileTree).focus()

    # ------------------------------------------------------------------ choosing

    def _accepts(self, path: Path) -> bool:
        return path.suffix.lower() in self.suffixes

    def _error(self, message: str) -> None:
        self.query_one("#picker-error", Static).update(f"✗ {message}" if message else "")

    def _set_folder(self, folder: Path) -> None:
        self.folder = folder
        self.query_one("#picker-tree", ImportFileTree).path = folder
        self.query_one("#picker-folder", Static).update(str(folder))
        self._error("")

    def choose(self, text: str) -> None:
        """Take the path typed (relative to the folder shown): open a file, enter a folder."""
        text = text.strip().strip('"').strip("'")
        if not text:
            self._error(_("tapez le chemin d'un fichier, ou choisissez-le dans l'arborescence"))
            return
        path = Path(text).expanduser()
        if not path.is_absolute():
            path = self.folder / path
        if path.is_dir():
            self._set_folder(path.resolve())
            self.query_one("#picker-tree", ImportFileTree).focus()
            return
        if not path.exists():
            self._error(_("fichier introuvable : {path}").format(path=path))
            return
        if not self._accepts(path):
            kinds = _(" ou ").join(self.suffixes)
            self._error(
                _("{file} : seuls les fichiers {kinds} conviennent ici").format(
                    file=path.name, kinds=kinds
                )
            )
            return
        self.dismiss(path)

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.choose(event.value)

    @on(DirectoryTree.FileSelected)
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        if self._accepts(event.path):
            self.dismiss(event.path)

    @on(DirectoryTree.NodeHighlighted)
    def _highlighted(self, event: DirectoryTree.NodeHighlighted) -> None:
        entry = event.node.data
        if entry is not None and entry.path.is_file():
            self.query_one("#picker-path", Input).value = str(entry.path)
            self._error("")

    @on(Button.Pressed, "#picker-open")
    def _open_pressed(self) -> None:
        typed = self.query_one("#picker-path", Input).value
        if typed.strip():
            self.choose(typed)
            return
        node = self.query_one("#picker-tree", ImportFileTree).cursor_node
        if node is not None and node.data is not None:
            self.choose(str(node.data.path))
        else:
            self.choose("")

    @on(Button.Pressed, "#picker-parent")
    def _parent_pressed(self) -> None:
        self.action_parent()

    @on(Button.Pressed, "#picker-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    # ------------------------------------------------------------------ actions

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_focus_path(self) -> None:
        self.query_one("#picker-path", Input).focus()

    def action_parent(self) -> None:
        parent = self.folder.parent
        if parent != self.folder:
            self._set_folder(parent)
