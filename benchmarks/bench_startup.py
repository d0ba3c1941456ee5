"""Start-up to the first screen ready: juryapp on the demo and on 5,000 dossiers, next to a
bare Textual app (Header/Label/Footer) started the same way.

Each measure is a fresh Python process (imports included, as a user sees it), run headless;
the time is taken from just before the process is spawned to the moment its first screen is
ready (the child then exits at once, without waiting for background work):
- bare app: after the first refresh of its screen;
- juryapp: when the dossier queue shows its rows (session read and rows computed, in workers).

    .venv/bin/python benchmarks/bench_startup.py [--runs 7] [--big 5000]

Prints the median and the spread of the wall time of each process; the runs of the three
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


def _ready() -> None:
    """Report the time since the parent spawned this process, and leave at once."""
    print(f"READY {time.time() - float(os.environ['BENCH_SPAWNED_AT']):.4f}", flush=True)
    os._exit(0)


def child_juryapp(path: str, member: str) -> None:
    from juryapp.ui.app import JuryApp
    from juryapp.ui.screens.queue import QueueScreen

    class Timed(JuryApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.set_interval(0.002, self._check_ready)

        def _check_ready(self) -> None:
            screen = self.screen
            if isinstance(screen, QueueScreen) and screen.entries:
                self.call_after_refresh(_ready)

    Timed(Path(path), member_id=member, watch_files=False).run(headless=True, size=(120, 40))


def _child_env() -> dict[str, str]:
    """The children write and reuse their bytecode (``__pycache__``) like a user's install
    does after its first start; PYTHONDONTWRITEBYTECODE (set on some CI machines) would make
    every run compile juryapp's modules again, which no user ever sees."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_once(args: list[str]) -> float:
    env = dict(_child_env(), BENCH_SPAWNED_AT=repr(time.time()))
    out = subprocess.run(
        [sys.executable, __file__, *args],
        check=True,
        timeout=300,
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    return float(out.split("READY")[-1].split()[0])


def measure(configs: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """``runs`` timed runs of each configuration, interleaved (bare, demo, big, bare, ...)
    so that a change in the machine's load touches them all alike; one untimed run of each
    first (bytecode, disk cache)."""
    for args in configs.values():
        run_once(args)
    times: dict[str, list[float]] = {name: [] for name in configs}
    for _ in range(runs):
        for name, args in configs.items():
            times[name].append(run_once(args))
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

        results = measure(
            {
                "bare Textual app": ["--child", "bare"],
                "juryapp, demo (60 dossiers)": ["--child", "jury", str(demo), "m-benali"],
                f"juryapp, {opts.big} dossiers": ["--child", "jury", str(big), member],
            },
            opts.runs,
        )
    bare = statistics.median(results["bare Textual app"])
    print(f"start-up to first screen ready, {opts.runs} runs each, python {sys.version.split()[0]}")
    print(f"(the {opts.big}-dossier session holds {n_scores} scores)")
    print(f"{'':32} {'median':>8} {'min':>8} {'max':>8} {'× bare':>8}")
    for name, times in results.items():
        med = statistics.median(times)
        print(f"{name:32} {med:8.3f} {min(times):8.3f} {max(times):8.3f} {med / bare:8.2f}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        if sys.argv[2] == "bare":
            child_bare()
        else:
            child_juryapp(sys.argv[3], sys.argv[4])
    else:
        main()
