"""Start-up to the first screen ready: juryapp on the demo and on 5,000 dossiers, next to a
bare Textual app (Header/Label/Footer) started the same way.

Each measure is a fresh Python process (imports included, as a user sees it), run headless;
the time is taken from just before the process is spawned to the moment its first screen is
drawn (the child then exits at once, without waiting for background work):
- bare app: after the first refresh of its screen;
- "queue's widgets, no data": the same, for an app with the stylesheet juryapp starts with
  (``app.tcss``; the screens' own sheets are read later, see :mod:`juryapp.ui.stylesheets`)
  and a screen of the queue's widgets (header, title, filter, table, footer), empty: the
  floor of any queue screen, whatever juryapp does before it;
- juryapp: ``juryapp open SESSION --as MEMBER`` (the command line, then the app), until the
  dossier queue is drawn with its rows (``JuryApp.first_screen_drawn``).

juryapp is measured on each session:
- *first start*: no snapshot of the queue at all (the first start on this machine; the
  snapshot is deleted before each run).  On the demo, the command line forks a child that reads the
  session and writes the snapshot while the app imports Textual (the read-ahead,
  :func:`juryapp.ui.quickstart.read_ahead`); the app then draws it.  On 5,000 dossiers
  (too large to read ahead), the session is read and validated, and the rows computed, in
  workers; a first look without the marks is drawn first;
- *after a save* (the demo only): the usual start during the jury's day: a snapshot of
  the last start is there, but another member saved since (the session's journal is
  touched before each run).  The read-ahead computes the new snapshot; meanwhile the app
  starts with the settings of last time (:func:`juryapp.ui.quickstart.settings_of_last_time`)
  and composes the queue, and waits for the child only then;
- *no quick start* (the demo only: the baseline of the first start): neither snapshot nor
  read-ahead (``JURYAPP_NO_QUICK_START=1``), the session is read in workers, as on a first
  start before the read-ahead;
- *again*: the same member opens the same, unchanged session again: the quick start
  (:mod:`juryapp.ui.quickstart`) draws the rows kept last time, before pydantic, the domain
  or the session's files are even read; the session is then read in a worker.  (A
  preparation run, not timed, opens each session once until its snapshot is written.)

Every child runs with empty, temporary settings and cache folders.

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--big 5000]

Prints the median and the spread of the wall time of each process; the runs of the
configurations are interleaved, after one untimed warm-up run of each.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def child_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Label("Bonjour")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(_ready)

    Bare().run(headless=True, size=(120, 40))


def child_floor() -> None:
    """The queue's widgets and the stylesheet juryapp starts with, no data, no juryapp code
    beyond the widgets: what any queue screen costs over the bare app."""
    from textual.app import App, ComposeResult
    from textual.containers import Horizontal
    from textual.screen import Screen
    from textual.widgets import Header, Input, Static

    from juryapp.i18n import settle_language
    from juryapp.ui.widgets import Column, FastTable, JuryFooter

    settle_language("fr")  # as the quick start does: no settings file read (pydantic)
    styles = Path(__file__).resolve().parents[1] / "styles"

    class Queue(Screen[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Jury", id="session-title")
            with Horizontal(id="queue-bar"):
                yield Input(placeholder="Filtrer", id="queue-filter")
                yield Static("0 dossier", id="queue-counts")
            yield FastTable((Column("name", "Nom"),), id="dossiers")
            yield Static("", id="progress")
            yield JuryFooter()

        def on_mount(self) -> None:
            self.call_after_refresh(_ready)

    class Floor(App[None]):
        CSS_PATH = [styles / "app.tcss"]

        def on_mount(self) -> None:
            self.push_screen(Queue())

    Floor().run(headless=True, size=(120, 40))


def _ready(how: str = "read") -> None:
    """Report the time since the parent spawned this process (and how the first screen
    came: read, quick, ahead), and leave at once."""
    elapsed = time.time() - float(os.environ["BENCH_SPAWNED_AT"])
    print(f"READY {elapsed:.4f} {how}", flush=True)
    os._exit(0)


def child_juryapp(path: str, member: str) -> None:
    """``juryapp open PATH --as MEMBER``, as a user types it (the command line, then the
    app), headless.  The app's module is patched as it is imported, not imported here: the
    command line imports Textual after it has started the read-ahead, and so must this
    child."""
    import importlib.abc
    import importlib.util

    def patch(app_module: Any) -> None:
        JuryApp = app_module.JuryApp
        drawn, run = JuryApp.first_screen_drawn, JuryApp.run

        def first_screen_drawn(self: Any) -> None:
            # called once the queue is drawn with its first rows (or the log-in screen)
            if getattr(self.screen, "rows_shown", False):
                how = "read"
                if self.first_screen is not None and self.session is None:
                    ahead = self.read_ahead is not None and self.read_ahead.succeeded
                    how = "ahead" if ahead else "quick"
                _ready(how)
            drawn(self)

        JuryApp.first_screen_drawn = first_screen_drawn
        JuryApp.run = lambda self, **_kw: run(self, headless=True, size=(120, 40))

    class PatchOnImport(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
            if name != "juryapp.ui.app":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            execute = spec.loader.exec_module

            def exec_module(module: Any) -> None:
                execute(module)
                patch(module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, PatchOnImport())
    from juryapp.launch import main  # the console script's entry point

    sys.argv = ["juryapp", "open", path, "--as", member]
    main()


def child_prepare(path: str, member: str) -> None:
    """Open the session until the queue's snapshot is written (for the "again" runs)."""
    from juryapp.ui import quickstart
    from juryapp.ui.app import JuryApp

    snapshot = quickstart.snapshot_path(Path(path), member)

    class Prepare(JuryApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.set_interval(0.05, self._check)

        def _check(self) -> None:
            if snapshot.exists():
                self.exit()

    Prepare(Path(path), member_id=member, watch_files=False).run(headless=True, size=(120, 40))
    if not snapshot.exists():
        raise SystemExit("the snapshot was not written")


def _child_env() -> dict[str, str]:
    """The children write and reuse their bytecode (``__pycache__``) like a user's install
    does after its first start; PYTHONDONTWRITEBYTECODE (set on some CI machines) would make
    every run compile juryapp's modules again, which no user ever sees."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


#: the children's own settings and cache folders (set by main)
USER_DIRS: dict[str, str] = {}


def run_once(
    args: list[str], extra_env: dict[str, str] | None = None, expect: str | None = None
) -> float:
    """One run of a child; ``expect``: how its first screen must come (read, quick, ahead;
    for an ``ahead``, the session's snapshot is deleted first; for an ``ahead after a
    save``, the session is changed first: its journal touched, as a member's save does)."""
    if expect == "ahead":
        from juryapp.ui import quickstart

        quickstart.forget(Path(args[2]), args[3])
    elif expect == "ahead after a save":
        journal = Path(args[2]) / "journal.jsonl"
        journal.touch()
        os.utime(journal, ns=(time.time_ns(), time.time_ns()))
        expect = "ahead"
    env = dict(_child_env(), **USER_DIRS, **(extra_env or {}))
    env["BENCH_SPAWNED_AT"] = repr(time.time())
    out = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        timeout=300,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    elapsed, how = out.split("READY")[-1].split()[:2]
    if expect is not None and how != expect:
        raise SystemExit(f"expected a first screen {expect}, got {how}: {args}")
    return float(elapsed)


#: the child's arguments, its environment, how its first screen must come
Config = tuple[list[str], dict[str, str], str | None]

#: a first start: no quick start
FIRST = {"JURYAPP_NO_QUICK_START": "1"}


def measure(configs: dict[str, Config], runs: int) -> dict[str, list[float]]:
    """``runs`` timed runs of each configuration, interleaved (bare, demo, big, bare, ...)
    so that a change in the machine's load touches them all alike; one untimed run of each
    first (bytecode, disk cache)."""
    for args, env, expect in configs.values():
        run_once(args, env, expect)
    times: dict[str, list[float]] = {name: [] for name in configs}
    for _ in range(runs):
        for name, (args, env, expect) in configs.items():
            times[name].append(run_once(args, env, expect))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--big", type=int, default=5000, help="dossiers in the generated session")
    opts = parser.parse_args()

    from juryapp.cli import DEMO_SESSION, bundled_sample
    from juryapp.samples import generate_admission_session
    from juryapp.store.session_store import SessionStore

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / DEMO_SESSION
        import shutil

        shutil.copytree(bundled_sample(DEMO_SESSION), demo)
        big = Path(tmp) / "big.jury"
        session = generate_admission_session(opts.big)
        SessionStore.create(big, session)
        member = next(m.id for m in session.jury if m.role.value == "membre")
        n_scores = len(session.scores)
        del session

        USER_DIRS.update(
            JURYAPP_CONFIG_DIR=str(Path(tmp) / "config"), JURYAPP_CACHE_DIR=str(Path(tmp) / "cache")
        )
        os.environ.update(USER_DIRS)  # where run_once finds the snapshots to delete
        for path, who in ((demo, "m-benali"), (big, member)):
            subprocess.run(
                [sys.executable, __file__, "--child", "prepare", str(path), who],
                check=True,
                timeout=300,
                env=dict(_child_env(), **USER_DIRS),
            )
        demo_args = ["--child", "jury", str(demo), "m-benali"]
        big_args = ["--child", "jury", str(big), member]
        results = measure(
            {
                "bare Textual app": (["--child", "bare"], {}, None),
                "queue's widgets, no data": (["--child", "floor"], {}, None),
                "demo (60), no quick start": (demo_args, FIRST, "read"),
                "demo (60), first start": (demo_args, {}, "ahead"),
                "demo (60), after a save": (demo_args, {}, "ahead after a save"),
                "demo (60), again": (demo_args, {}, "quick"),
                # too large to read ahead: the same first start as with the quick start off,
                # which writes no snapshot (the "again" runs keep the prepared one)
                f"{opts.big} dossiers, first start": (big_args, FIRST, "read"),
                f"{opts.big} dossiers, again": (big_args, {}, "quick"),
            },
            opts.runs,
        )
    bare = statistics.median(results["bare Textual app"])
    print(f"start-up to first screen ready, {opts.runs} runs each, python {sys.version.split()[0]}")
    print(f"(the {opts.big}-dossier session holds {n_scores} scores)")
    print(f"{'juryapp:':32} {'median':>8} {'min':>8} {'max':>8} {'× bare':>8}")
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:32} {med:8.3f} {min(times):8.3f} {max(times):8.3f} {med / bare:8.2f}")
    print("targets: demo within 1.3 × bare; 5,000 dossiers under 1 s")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        if sys.argv[2] == "bare":
            child_bare()
        elif sys.argv[2] == "floor":
            child_floor()
        elif sys.argv[2] == "prepare":
            child_prepare(sys.argv[3], sys.argv[4])
        else:
            child_juryapp(sys.argv[3], sys.argv[4])
    else:
        main()
