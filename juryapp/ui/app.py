"""The Textual application on one session folder.

What the screens can count on (the app's contract):

- ``app.session``: the latest :class:`~juryapp.domain.models.Session` snapshot (read-only:
  never mutate it; every change goes through the store). ``app.session_version`` is a
  reactive counter bumped on every (re)load: screens ``self.watch(self.app,
  "session_version", callback)`` to refresh when another terminal saved something.
- ``app.session_complete``: False while ``app.session`` is the first look at a large
  session (the dossiers and the set-up, without decisions nor score sheets); the complete
  snapshot follows (``session_version`` bumps again).
- ``app.member``: the :class:`JuryMember` at the keyboard (None before log-in).
- ``app.write(label, fn, *args, **kwargs)``: runs ``fn(store, *args, actor=member_id,
  **kwargs)`` in a worker thread, shows a toast (success or the error's message), then
  reloads the session.  Permission and validation errors never crash the app.
- ``app.store_path``: the session folder.

Store I/O always runs in worker threads; the UI thread only renders.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from juryapp.i18n import N_, _, ngettext
from juryapp.ui.stylesheets import FIRST, stylesheet, stylesheets

if TYPE_CHECKING:  # the domain (pydantic) is imported once the first frame is drawn
    from juryapp.domain.models import JuryMember, Session
    from juryapp.settings import Settings
    from juryapp.ui.quickstart import FirstScreen, ReadAhead, ShownWith


def _theme_css() -> str:
    from juryapp.ui.themes import THEME_CSS

    return THEME_CSS


#: files of a session folder whose changes do not mean new data
_IGNORED_SUFFIXES = (".lock", ".tmp")
#: folders of a session folder that hold no session data: the backups, and what the app
#: writes out (the minutes' PDFs, the exports) — a write there needs no reload
_OUTPUT_FOLDERS = ("backups", "minutes", "exports")


def _is_data_change(path: str, root: str | None = None) -> bool:
    """Whether a change to ``path`` (inside the session folder ``root``) may be new data."""
    p = Path(path)
    name = p.name
    if name.startswith(".") or name.endswith(_IGNORED_SUFFIXES) or ".tmp-" in name:
        return False
    if root is not None:
        try:
            first = Path(os.path.realpath(path)).relative_to(root).parts[:1]
        except ValueError:  # outside the folder (cannot happen): take it as a change
            return True
        return not (first and first[0] in _OUTPUT_FOLDERS)
    return "backups" not in p.parts


class JuryApp(App[None]):
    """Full-screen application on one session folder."""

    # the first screens' sheet; the others are read later (juryapp.ui.stylesheets)
    CSS_PATH = [stylesheet(FIRST)]
    CSS = _theme_css()
    TITLE = "juryapp"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", N_("Aide"), id="app.help"),
        # priority: it quits from a dialog too (a modal screen leaves out the app's other keys)
        Binding("ctrl+q", "quit", N_("Quitter"), id="app.quit", priority=True),
        Binding("ctrl+r", "reload", N_("Recharger"), show=False, id="app.reload"),
    ]

    session_version: reactive[int] = reactive(0, init=False)

    #: sessions this large show their dossiers before the score sheets are read
    PROGRESSIVE_FROM = 300

    @staticmethod
    def _dossier_provider():  # type: ignore[no-untyped-def]
        from juryapp.ui.commands import DossierProvider

        return DossierProvider

    @staticmethod
    def _system_provider():  # type: ignore[no-untyped-def]
        from juryapp.ui.commands import JurySystemCommands

        return JurySystemCommands

    # the application's commands and the dossiers, accents ignored (juryapp.ui.commands)
    COMMANDS = {_system_provider, _dossier_provider}

    def __init__(
        self,
        session_path: Path,
        member_id: str | None = None,
        *,
        watch_files: bool = True,
        quick_start: bool = True,
        read_ahead: ReadAhead | None = None,
        collector_paused: bool = False,
    ) -> None:
        super().__init__()
        #: the garbage collector is off while the app starts (juryapp.launch.run_app): on
        #: again once the first screen is drawn (:meth:`resume_collector`)
        self._collector_paused = collector_paused
        #: every stylesheet is read, or about to be (see load_other_stylesheets)
        self._all_stylesheets = False
        self.store_path = Path(session_path)
        self.requested_member_id = member_id
        self._member: JuryMember | None = None
        self.session: Session | None = None
        #: False while ``session`` is the first look at a large session (dossiers and
        #: set-up, no decisions nor scores yet): the complete one follows
        self.session_complete = False
        #: (first-look session, its queue rows), computed by the loading worker
        self.first_look: tuple[Session, Any] | None = None
        self.load_error: str | None = None
        self.watch_files = watch_files
        self._stop_watching = threading.Event()
        #: set once the first screen after loading is drawn (see first_screen_drawn)
        self.first_screen_shown = threading.Event()
        self._store: Any = None
        #: the folder's watcher is started (once the first complete screen is drawn)
        self._watching = False
        #: the session's stamp (:func:`juryapp.store.folder_stamp.session_stamp`) taken before
        #: ``session`` was read: the queue keeps its rows for the next start with it
        self.session_stamp: Any = None

        from juryapp.ui.themes import register_themes, theme_or_default

        #: the queue as it was last time, when nothing changed since (see
        #: :mod:`juryapp.ui.quickstart`): shown at once, before the session is read
        self.first_screen: FirstScreen | None = None
        self.settings: Settings | None = None
        #: the process computing the first screen while this one started (see
        #: :func:`juryapp.ui.quickstart.read_ahead`; juryapp.launch.run_app starts it)
        self.read_ahead = read_ahead
        #: the settings of the member's last snapshot, the app starts with while the
        #: read-ahead finishes (see :meth:`settle_first_screen`); None: not waiting for it
        self.shown_with: ShownWith | None = None
        if member_id is not None and quick_start:
            from juryapp.ui import quickstart

            if read_ahead is not None:
                # the first screen's module, imported anyway, while the child finishes
                import juryapp.ui.screens.queue  # noqa: F401

                # known from last time: the child is waited for once the queue is composed
                self.shown_with = quickstart.settings_of_last_time(self.store_path, member_id)
                if self.shown_with is None:
                    read_ahead.wait()
            if self.shown_with is None:
                self.first_screen = quickstart.load(self.store_path, member_id)
        if self.first_screen is not None or self.shown_with is not None:
            from juryapp.i18n import settle_language

            # the settings file is unchanged since the snapshot: its values are known, and
            # the file is validated in the loading worker (no pydantic before the 1st frame)
            shown = self.first_screen or self.shown_with
            assert shown is not None
            settle_language(shown.settings_language)
            theme, keymap = shown.theme, shown.keymap
        else:
            from juryapp.settings import load_settings

            self.settings = load_settings()
            theme, keymap = self.settings.theme, self.settings.keymap
        register_themes(self)
        self._start_with_theme(theme_or_default(theme))
        self._apply_keymap(keymap)

    @property
    def member(self) -> JuryMember | None:
        """Who is at the keyboard (None before the log-in); the header names them."""
        return self._member

    @member.setter
    def member(self, member: JuryMember | None) -> None:
        from juryapp.ui.queue_rows import who_is_at_the_keyboard

        self._member = member
        self.sub_title = who_is_at_the_keyboard(member)

    def _start_with_theme(self, name: str) -> None:
        """Put the user's theme in place before the stylesheet is first parsed.

        Setting ``self.theme`` once the app runs parses every stylesheet again, twice (for
        the theme, then for its ANSI palette): about 0.1 s of start-up.  Before the first
        parse it is enough to set the reactive values, the classes and the CSS variables
        (what ``App._watch_theme`` and :func:`juryapp.ui.themes.register_themes` do)."""
        from juryapp.ui.themes import ANSI_PALETTES

        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        palette = ANSI_PALETTES.get(name)
        if palette is not None:
            self.set_reactive(App.ansi_theme_dark if dark else App.ansi_theme_light, palette)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.set_class(dark, "-dark-mode", update=False)
        self.set_class(not dark, "-light-mode", update=False)
        self.add_class(f"-theme-{name}", update=False)
        self.stylesheet.set_variables(self.get_css_variables())

    def _apply_keymap(self, keymap: dict[str, str]) -> None:
        """The user's key remaps (settings ``keymap``: binding id -> keys, e.g.
        ``{"queue.next_unscored": "j"}``); a key Textual cannot read is left out, with a
        warning shown once the app runs."""
        good: dict[str, str] = {}
        bad: list[str] = []
        for binding_id, keys in keymap.items():
            names = [k.strip() for k in str(keys).split(",")]
            if all(k and not any(c.isspace() for c in k) and "" not in k.split("+") for k in names):
                good[binding_id] = ",".join(names)
            else:
                bad.append(f"{binding_id} = {keys!r}")
        self.set_keymap(good)
        self._keymap_problems = bad

    async def run_action(
        self,
        action: Any,
        default_namespace: Any = None,
        namespaces: Any = None,
    ) -> bool:
        """Textual's, and a greyed key (its screen's ``check_action`` says None: shown, not
        available now) says why when it is pressed, rather than nothing: the screen's
        ``unavailable_reason(action)`` when it has one; once while it shows (a key held
        down does not stack toasts).  (A click on a greyed footer key only rings the bell:
        Textual's.)

        A key that reaches a screen before its widgets are mounted (pressed as it opens:
        Entrée then F7 at once) waits for them: its action runs once the screen is mounted
        (it would have found no form: the app crashed)."""
        target, name, params = self._parse_action(
            action, self if default_namespace is None else default_namespace, namespaces
        )
        if isinstance(target, Screen) and not target.is_mounted:
            # the screen's own queue: handled after its Mount (never, if it is closed first)
            target.call_later(self.run_action, action, target, namespaces)
            return True
        handled = await super().run_action(action, default_namespace, namespaces)
        if not handled:
            if isinstance(target, Screen | App) and target.check_action(name, params) is None:
                reason = getattr(target, "unavailable_reason", lambda _a: None)(name)
                message = reason or _("Pas disponible pour le moment.")
                # (_notifications: Textual has no public list of the toasts shown; pinned)
                if not any(n.message == message for n in self._notifications):
                    self.notify(
                        message, title=_("Touche indisponible"), severity="warning", timeout=5
                    )
        return handled

    # ------------------------------------------------------------------ start-up

    def on_mount(self) -> None:
        if self._collector_paused:  # whatever comes first (an error may show no screen)
            self.set_timer(5, self.resume_collector)
        if self.shown_with is not None:
            # the queue asks for its rows once composed (settle_first_screen), which starts
            # reading the session
            from juryapp.ui.screens.queue import QueueScreen

            self.push_screen(QueueScreen(pending=True))
            return
        if self.first_screen is not None:
            from juryapp.ui.screens.queue import QueueScreen

            self.push_screen(QueueScreen(first_screen=self.first_screen))
        else:
            assert self.settings is not None
            self._settings_ready(self.settings)
            if self.requested_member_id is not None:
                # the member is named (--as): their queue, empty until the session is read
                # (one screen fewer to draw than a loading screen, then the queue); the
                # log-in screen replaces it if the member has a PIN or is not in the jury
                from juryapp.ui.screens.queue import QueueScreen

                self.push_screen(QueueScreen())
            else:
                from juryapp.ui.screens.loading import LoadingScreen

                self.push_screen(LoadingScreen())
        self.load_session()

    def settle_first_screen(self) -> FirstScreen | None:
        """The first screen the read-ahead computed, once the queue is composed: the app
        started with the settings of last time (:attr:`shown_with`) and composed the queue
        meanwhile, the child's work overlapping the app's.  Starts reading the session.

        None when the child wrote no snapshot, or one made with other settings (the file
        changed during the start): the queue then shows the session once it is read, as on
        any first start."""
        from juryapp.ui import quickstart

        assumed, self.shown_with = self.shown_with, None
        if assumed is not None and self.read_ahead is not None:
            self.read_ahead.wait()
            first = quickstart.load(self.store_path, self.requested_member_id or "")
            if first is not None and (first.settings_language, first.theme, first.keymap) != (
                assumed.settings_language,
                assumed.theme,
                assumed.keymap,
            ):
                first = None  # the settings changed meanwhile
            self.first_screen = first
        self.load_session()
        return self.first_screen

    def _settings_ready(self, settings: Settings) -> None:
        from juryapp.settings import remember_session

        self.settings = settings
        if settings.load_warning:
            self.notify(settings.load_warning, title=_("Réglages"), severity="warning", timeout=10)
        if self._keymap_problems:
            self.notify(
                _("Touches illisibles, ignorées : {keys}").format(
                    keys="; ".join(self._keymap_problems)
                ),
                title=_("Réglages"),
                severity="warning",
                timeout=10,
            )
        try:
            remember_session(self.store_path, settings)
        except OSError:  # a read-only home: the app works without remembering
            pass

    def on_unmount(self) -> None:
        self._stop_watching.set()

    def watch_theme(self, theme: str) -> None:
        """Remember the theme the user chose (Ctrl+P → Thème) for next time."""
        from juryapp.settings import load_settings, save_settings

        try:
            settings = load_settings()
            if settings.theme != theme and not settings.load_warning:
                settings.theme = theme
                save_settings(settings)
                self.settings = settings
        except (OSError, ValueError):
            pass

    @work(thread=True, exclusive=True, group="load")
    def load_session(self) -> None:
        """Read the session in two steps: the dossiers first (the queue shows at once), then
        every score sheet, validated (a large session has hundreds of thousands of scores)."""
        worker = get_current_worker()
        if self.settings is None:
            if self.first_screen is not None:  # the quick start: nothing heavy before its
                self.first_screen_shown.wait(timeout=5)  # first frame
            # (without one, as when the read-ahead kept nothing, nothing is drawn until the
            # session is read: no waiting for a frame that cannot come)
            from juryapp.settings import load_settings

            self.call_from_thread(self._settings_ready, load_settings())
        from juryapp.store.errors import StoreError
        from juryapp.store.session_store import SessionStore

        try:
            if self._store is None and self.first_screen is None:
                from juryapp.domain.models import Session

                quick = SessionStore.open(self.store_path, validate=False)
                candidates = quick.load_candidates()
                if len(candidates) >= self.PROGRESSIVE_FROM and not worker.is_cancelled:
                    partial = Session(
                        info=quick.load_info(),
                        jury=quick.load_jury(),
                        candidates=candidates,
                        epreuves=quick.load_epreuves(),
                        conflicts=quick.load_conflicts(),
                    )  # a first look: no decisions nor scores (the queue shows "…" there)
                    from juryapp.ui.queue_rows import first_look

                    self.first_look = (partial, first_look(partial))
                    self.call_from_thread(self._session_loaded, partial, False)
                    # let the queue show the dossiers before the long validation of every
                    # score sheet takes the interpreter (threads share one GIL)
                    self.first_screen_shown.wait(timeout=5)
            if self._store is None:
                # validates every file; the backup of what was read waits for the first rows
                self._store = SessionStore.open(self.store_path, backup=False)
            stamp = self._store.change_token()
            session = self._store.load()
        except StoreError as exc:
            self.call_from_thread(self._show_load_error, str(exc))
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._session_loaded, session, True, stamp)
            if self.first_screen_shown.is_set():  # a large session: its first look is drawn
                self._store.backup_opened()

    def _show_load_error(self, message: str) -> None:
        self.load_error = message
        from juryapp.ui.screens.loading import LoadingScreen

        screen = self.screen
        if self.session is None and not isinstance(screen, LoadingScreen):
            # the queue, empty or the quick start's: the session can no longer be read
            screen = LoadingScreen()
            self.switch_screen(screen)
            self.call_after_refresh(screen.show_error, message)
        elif isinstance(screen, LoadingScreen):
            screen.show_error(message)
        self.notify(message, title=_("Session illisible"), severity="error", timeout=15)

    def _session_loaded(self, session: Session, complete: bool = True, stamp: Any = None) -> None:
        first = self.session is None
        self.session = session
        self.session_complete = complete
        self.session_stamp = stamp
        self.load_error = None
        if self.member is not None:
            self.member = session.member(self.member.id)
        elif first and self.requested_member_id:
            # the queue is already there (the quick start's, or an empty one): it computes its
            # rows for this member; none for a member with a PIN (the log-in screen follows)
            member = session.member(self.requested_member_id)
            self.member = member if member is not None and not member.pin_hash else None
        self.session_version += 1
        if first:
            # one refresh later: the loading screen's header may still have an update
            # pending, and replacing the screen under it would crash the app
            self.call_after_refresh(self._after_first_load, session)

    def _after_first_load(self, session: Session) -> None:
        requested = self.requested_member_id
        member = session.member(requested) if requested is not None else None
        if member is not None and not member.pin_hash:
            self.log_in(member.id)
            return
        from juryapp.ui.screens.login import LoginScreen

        # a member with a PIN named with --as: chosen already, the PIN is asked
        self.switch_screen(LoginScreen(member.id if member is not None else None))
        if requested is not None and member is None:
            self.notify(
                _(
                    "« {id} » n'est pas membre du jury de cette session : choisissez votre nom."
                ).format(id=requested),
                title=_("Connexion"),
                severity="warning",
                timeout=10,
            )
        self.call_after_refresh(self.first_screen_drawn)

    def first_screen_drawn(self) -> None:
        """Called once the first screen after loading (the log-in, or the queue with its
        rows) is drawn: the backup of what was read is written then, not before, so that
        it does not slow the first frame down."""
        self.first_screen_shown.set()
        self.resume_collector()
        if self._store is not None and self.session_complete:
            self._write_backup()
            if not self._all_stylesheets:
                # the other screens' stylesheets, while nobody waits: the first dossier, the
                # first scoring panel open as quickly as the next ones
                self._all_stylesheets = True
                self.set_timer(0.3, self.load_other_stylesheets)
            if self.watch_files and not self._watching:
                # only now: importing the watcher and starting it took the interpreter
                # from the first screen (8 % of a sampled first start on the demo); what
                # changed since the session was read is caught by its first check
                self._watching = True
                self.watch_session_folder()

    async def action_quit(self) -> None:
        """Ctrl+Q: a screen with something not saved yet (the scoring panel: a draft typed in
        the last moments, marks changed after submitting) saves it or says so first (its
        ``before_quit``)."""
        for screen in reversed(self.screen_stack):
            before_quit = getattr(screen, "before_quit", None)
            if before_quit is not None and not before_quit(self.exit):
                return
        self.exit()

    def resume_collector(self) -> None:
        """Turn the garbage collector on again after the start (see ``collector_paused``).

        What the start made (Textual's modules and widgets, the first screen) lives as long
        as the app: frozen (``gc.freeze``), later collections do not go through it again."""
        if self._collector_paused:
            import gc

            self._collector_paused = False
            gc.freeze()
            gc.enable()

    def load_other_stylesheets(self) -> None:
        """Read every stylesheet the app has not read yet (the start reads only the first
        screens' one; see :mod:`juryapp.ui.stylesheets`): once, in one parse, instead of a
        parse when each screen is first shown."""
        sheet = self.stylesheet
        unread = [path for path in stylesheets() if not sheet.has_source(str(path), "")]
        if not unread:
            return
        for path in unread:
            sheet.read(path)
        sheet.reparse()
        sheet.update(self)

    @work(thread=True, group="backup", description="backup of the session read")
    def _write_backup(self) -> None:
        self._store.backup_opened()  # once: later calls do nothing

    def log_in(self, member_id: str) -> None:
        """Open the session as ``member_id`` (after the PIN check when there is one)."""
        assert self.session is not None
        self.member = self.session.member(member_id)
        from juryapp.ui.screens.queue import QueueScreen

        if not isinstance(self.screen, QueueScreen):  # the quick start's queue stays
            self.switch_screen(QueueScreen())
        if self.member is not None:
            self.notify(_("connecté : {name}").format(name=self.member.full_name), timeout=3)

    # ------------------------------------------------------------------ live updates

    @work(thread=True, exclusive=True, group="watch")
    def watch_session_folder(self) -> None:
        """Reload when another terminal writes into the session folder."""
        try:
            from watchfiles import watch
        except ImportError:  # pragma: no cover - a dependency; poll if it is missing
            self._poll_session_folder()
            return
        root = os.path.realpath(self.store_path)
        caught_up = False
        try:
            for changes in watch(
                self.store_path,
                stop_event=self._stop_watching,
                debounce=150,
                step=200,  # ms between checks: changes show well within 2 s, idle CPU stays low
                rust_timeout=500,
                yield_on_timeout=True,
                raise_interrupt=False,
            ):
                if any(_is_data_change(path, root) for _, path in changes):
                    self._reload_in_this_thread()
                elif not caught_up:
                    # the watcher runs now: a change written between the read of the
                    # session and its start is seen by comparing the folder's stamp
                    self._catch_up()
                caught_up = True
        except OSError:
            self._poll_session_folder()

    def _catch_up(self) -> None:
        store = self._store
        if store is not None and store.change_token() != self.session_stamp:
            self._reload_in_this_thread()

    def _poll_session_folder(self) -> None:
        self._catch_up()
        token = self._store.change_token() if self._store else None
        while not self._stop_watching.wait(0.5):
            if self._store is None:
                continue
            new = self._store.change_token()
            if new != token:
                token = new
                self._reload_in_this_thread()

    def _reload_in_this_thread(self) -> None:
        from juryapp.store.errors import StoreError

        if self._store is None:  # the first full read is still running: it will deliver
            return
        try:
            stamp = self._store.change_token()
            session = self._store.load()
        except StoreError as exc:
            self.call_from_thread(self.notify, str(exc), title=_("Lecture"), severity="warning")
            return
        self.call_from_thread(self._session_loaded, session, True, stamp)

    def action_reload(self) -> None:
        self.load_session()

    # ------------------------------------------------------------------ writes

    def write(
        self,
        label: str,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        quiet: bool = False,
        **kwargs: Any,
    ) -> None:
        """Run a store write in a worker thread, as the member at the keyboard.

        ``fn(store, *args, actor=..., **kwargs)``; ``label`` names the action in the toast.
        """
        self._write_worker(label, fn, args, kwargs, on_done, quiet)

    @work(thread=True, group="write")
    def _write_worker(
        self,
        label: str,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        on_done: Callable[[Any], None] | None,
        quiet: bool,
    ) -> None:
        from pydantic import ValidationError

        from juryapp.domain.decisions import DecisionError
        from juryapp.domain.errors import describe_text
        from juryapp.domain.permissions import PermissionDenied
        from juryapp.store.errors import StoreError

        actor = self.member.id if self.member else "system"
        try:
            result = fn(self._store, *args, actor=actor, **kwargs)
        except PermissionDenied as exc:
            self.call_from_thread(
                self.notify, str(exc), title=_("Refusé"), severity="error", timeout=8
            )
            return
        except ValidationError as exc:
            self.call_from_thread(
                self.notify, describe_text(exc), title=label, severity="error", timeout=8
            )
            return
        except (StoreError, DecisionError, ValueError, OSError) as exc:
            self.call_from_thread(self.notify, str(exc), title=label, severity="error", timeout=8)
            return
        self._reload_in_this_thread()
        if not quiet:
            self.call_from_thread(self.notify, label, title=_("Enregistré"), timeout=3)
        if on_done is not None:
            self.call_from_thread(on_done, result)

    # ------------------------------------------------------------------ navigation

    def still_reading(self) -> bool:
        """True (and a message says so) while only the first look at a large session is
        loaded: a dossier, the deliberation or the set-up would show it without its scores
        and decisions, so they wait the few seconds the score sheets take."""
        if self.session_complete:
            return False
        self.notify(
            _("Les notes et les décisions sont en cours de lecture ; réessayez dans un instant."),
            title=_("Lecture"),
            timeout=3,
        )
        return True

    def open_dossier(self, candidate_id: str) -> None:
        from juryapp.ui.screens.dossier import DossierScreen

        if self.still_reading():
            return
        self._back_to_queue()
        self.push_screen(DossierScreen(candidate_id))

    def _back_to_queue(self) -> None:
        from juryapp.ui.screens.queue import QueueScreen

        while len(self.screen_stack) > 2 and not isinstance(self.screen, QueueScreen):
            self.pop_screen()

    def _goto(self, screen_name: str) -> None:
        from juryapp.ui.screens.queue import QueueScreen

        self._back_to_queue()
        queue = self.screen
        if isinstance(queue, QueueScreen) and screen_name != "queue":
            getattr(queue, f"action_{screen_name}")()

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from juryapp.ui.commands import JuryCommandPalette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(JuryCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        from juryapp.ui.commands import JuryCommandPalette, JuryThemes

        self.push_screen(
            JuryCommandPalette(providers=[JuryThemes], placeholder=_("Chercher un thème…"))
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        if self.member is not None and self.session is not None:
            yield SystemCommand(
                _("Aller aux dossiers"), _("La file des dossiers"), partial(self._goto, "queue")
            )
            yield SystemCommand(
                _("Aller à la délibération"),
                _("Notes côte à côte, décisions, classement"),
                partial(self._goto, "deliberation"),
            )
            yield SystemCommand(
                _("Aller à la session"),
                _("Jury, épreuves, imports, contrôle"),
                partial(self._goto, "session"),
            )
            yield SystemCommand(
                _("Aller au procès-verbal"),
                _("Ce qui reste à régler, l'aperçu, produire, signer, vérifier"),
                partial(self._goto, "minutes"),
            )
            yield SystemCommand(
                _("Exporter les décisions (CSV)"),
                _("Écrit exports/decisions-….csv dans le dossier de la session"),
                self.export_decisions,
            )
        from juryapp.ui.screens.dossier import DossierScreen

        if isinstance(screen, DossierScreen):  # the palette opens over the dossier
            if screen.check_action("defence_clock", ()):
                yield SystemCommand(
                    _("Chronomètre de la soutenance"),
                    _("Exposé, questions, délibération : le temps réel de l'épreuve"),
                    screen.action_defence_clock,
                )
            if screen.check_action("blocs", ()):
                yield SystemCommand(
                    _("Blocs de compétences et décision"),
                    _("Les appréciations des membres, la décision du jury"),
                    screen.action_blocs,
                )
        yield SystemCommand(
            _("Thème"),
            _("Changer le thème (sombre, clair, contraste élevé)"),
            self.action_change_theme,
        )
        yield SystemCommand(
            _("Aide (F1)"), _("Les touches et le rôle de l'écran"), self.action_help
        )
        yield SystemCommand(
            _("Quitter"), _("Quitter juryapp (tout est déjà enregistré)"), self.action_quit
        )

    @work(thread=True, group="export")
    def export_decisions(self) -> None:
        """Decisions only (no marks: they are confidential) to exports/ in the session folder."""
        import datetime as dt

        from juryapp.domain.summary import decision_rows
        from juryapp.store.exporters import write_table

        session = self.session
        if session is None:
            return
        columns, rows = decision_rows(session)
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        dest = self.store_path / "exports" / f"decisions-{stamp}.csv"
        try:
            dest.parent.mkdir(exist_ok=True)
            write_table(dest, "csv", columns, rows)
        except OSError as exc:
            self.call_from_thread(self.notify, str(exc), title=_("Export"), severity="error")
            return
        self.call_from_thread(
            self.notify,
            ngettext("{n} ligne dans {dest}", "{n} lignes dans {dest}", len(rows)).format(
                n=len(rows), dest=dest
            ),
            title=_("Export"),
        )

    # ------------------------------------------------------------------ help

    def action_help(self) -> None:
        from juryapp.ui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen))
