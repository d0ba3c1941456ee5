"""CPU used by juryapp showing a running defence clock, next to an idle bare Textual app.

Target (issue 4): the clock screen left alone, ticking once a second, uses under 2 % of
one core.

Each app runs headless in its own Python process, 120x40:
- bare: a Textual app with a Header, a Label and a Footer, doing nothing;
- defence: juryapp on a copy of the sample VAE session, logged in as the president, the
  defence of VAE26-001 started ten minutes earlier (the presentation's countdown runs),
  watching the session folder for the other terminals' presses as it does for real.

Once the screen is ready and after a short settling time, the child measures its own CPU
time (``os.times()``: user + system, its threads included) over ``--seconds`` of wall
time, and prints it.  Printed: CPU seconds, wall seconds, % of one core, side by side.

    .venv/bin/python benchmarks/bench_defence_idle.py [--seconds 60] [--settle 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CANDIDATE = "VAE26-001"
EPREUVE = "soutenance"
PRESIDENT = "prez-delmas"


def _measure(app: Any, seconds: float, settle: float) -> None:
    """After ``settle`` seconds, measure the process's CPU over ``seconds``, print it, quit."""
    start: dict[str, float] = {}

    def begin() -> None:
        t = os.times()
        start["cpu"] = t.user + t.system
        start["wall"] = time.monotonic()
        app.set_timer(seconds, end)

    def end() -> None:
        t = os.times()
        cpu = t.user + t.system - start["cpu"]
        wall = time.monotonic() - start["wall"]
        print(f"RESULT {cpu:.4f} {wall:.4f}", flush=True)
        app.exit()

    app.set_timer(settle, begin)


def child_bare(seconds: float, settle: float) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Label("Bonjour")
            yield Footer()

        def on_mount(self) -> None:
            _measure(self, seconds, settle)

    Bare().run(headless=True, size=(120, 40))


def child_defence(path: str, seconds: float, settle: float, watch: bool) -> None:
    from juryapp.ui.app import JuryApp
    from juryapp.ui.screens.defence import DefenceScreen
    from juryapp.ui.screens.queue import QueueScreen

    class Clocked(JuryApp):
        def on_mount(self) -> None:
            super().on_mount()
            self._waiting = self.set_interval(0.05, self._open_clock)

        def _open_clock(self) -> None:
            screen = self.screen
            if isinstance(screen, QueueScreen) and screen.entries:
                self._waiting.stop()  # nothing of the benchmark's own keeps running
                clock = DefenceScreen(CANDIDATE, EPREUVE)
                self.push_screen(clock)
                self.call_after_refresh(self._check, clock)

        def _check(self, clock: DefenceScreen) -> None:
            state = clock.state
            if state is None or not state.running:
                print("ERROR the clock is not running", flush=True)
                self.exit()
                return
            _measure(self, seconds, settle)

    Clocked(Path(path), member_id=PRESIDENT, watch_files=watch).run(headless=True, size=(120, 40))


def prepare_session(folder: Path) -> Path:
    """A copy of the sample VAE session whose defence started ten minutes ago."""
    from juryapp.cli import bundled_sample
    from juryapp.domain.models import DefenceEvent, DefenceEventKind
    from juryapp.store.session_store import SessionStore

    dest = folder / "vae.jury"
    shutil.copytree(
        bundled_sample("vae-ingenieur-2026.jury"),
        dest,
        ignore=shutil.ignore_patterns("backups", "*.lock"),
    )
    now = dt.datetime.now(dt.UTC)
    started = now - dt.timedelta(minutes=10)
    SessionStore.open(dest).record_defence_event(
        DefenceEvent(
            candidate_id=CANDIDATE,
            epreuve_id=EPREUVE,
            kind=DefenceEventKind.START,
            at=started,
            actor=PRESIDENT,
        ),
        actor=PRESIDENT,
        now=now,
    )
    return dest


def run_child(args: list[str], home: Path) -> tuple[float, float]:
    env = dict(os.environ)
    # settings and the remembered sessions go to a scratch folder, not the user's
    env["JURYAPP_CONFIG_DIR"] = str(home / "config")
    env["JURYAPP_DATA_DIR"] = str(home / "data")
    out = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    for line in out.stdout.splitlines():
        if line.startswith("RESULT "):
            cpu, wall = line.split()[1:3]
            return float(cpu), float(wall)
        if line.startswith("ERROR "):
            raise SystemExit(line)
    raise SystemExit(f"no result from {args}:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="measured time (default 60)")
    parser.add_argument(
        "--settle", type=float, default=3.0, help="seconds left out after start-up (default 3)"
    )
    parser.add_argument(
        "--no-watch", action="store_true", help="juryapp without the session-folder watcher"
    )
    parser.add_argument("--child", choices=["bare", "defence"], help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child == "bare":
        child_bare(args.seconds, args.settle)
        return
    if args.child == "defence":
        child_defence(args.path, args.seconds, args.settle, not args.no_watch)
        return

    common = ["--seconds", str(args.seconds), "--settle", str(args.settle)]
    with tempfile.TemporaryDirectory(prefix="bench-defence-") as tmp:
        home = Path(tmp)
        path = prepare_session(home)
        results = {}
        results["bare Textual app (Header/Label/Footer)"] = run_child(
            ["--child", "bare", *common], home
        )
        extra = ["--no-watch"] if args.no_watch else []
        label = "juryapp, defence clock running" + (" (no watcher)" if args.no_watch else "")
        results[label] = run_child(
            ["--child", "defence", "--path", str(path), *common, *extra], home
        )
    width = max(len(k) for k in results)
    print(f"CPU over {args.seconds:g} s, headless 120x40 (os.times, user + system):")
    print(f"{'':{width}}  {'CPU s':>7}  {'wall s':>7}  {'% of one core':>13}")
    for name, (cpu, wall) in results.items():
        print(f"{name:{width}}  {cpu:7.3f}  {wall:7.2f}  {100 * cpu / wall:12.2f} %")
    target = 2.0
    _cpu, _wall = results[label]
    verdict = "OK" if 100 * _cpu / _wall < target else "ABOVE TARGET"
    print(f"target: under {target:g} % of one core for the clock — {verdict}")


if __name__ == "__main__":
    main()
