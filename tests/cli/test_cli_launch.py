"""The console script's entry point (juryapp.launch): a plain ``open PATH --as MEMBER``
starts the app without the command line's framework, the read-ahead first; anything else
goes to the command line, which says errors in the same words."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from juryapp.cli import DEMO_SESSION, bundled_sample
from juryapp.launch import open_target


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["open", "s.jury", "--as", "m-a"], ("s.jury", "m-a")),
        (["open", "--as", "m-a", "s.jury"], ("s.jury", "m-a")),
        (["open", "s.jury", "--as=m-a"], ("s.jury", "m-a")),
        (["open", "s.jury"], None),  # no member: the log-in screen, nothing to read ahead
        (["--lang", "en", "open", "s.jury", "--as", "m-a"], None),  # an option first
        (["open", "s.jury", "--as", "m-a", "--debug"], None),
        (["open", "s.jury", "t.jury", "--as", "m-a"], None),
        (["open", "s.jury", "--as", "m-a", "--as", "m-b"], None),
        (["open", "s.jury", "--as"], None),
        (["open", "s.jury", "--as", "--help"], None),
        (["decide", "s.jury", "--as", "m-a"], None),
        ([], None),
    ],
)
def test_only_a_plain_open_is_taken_early(argv: list[str], expected: object) -> None:
    assert open_target(argv) == expected


def _probe(tmp_path: Path, session: Path, run_body: str) -> subprocess.CompletedProcess[str]:
    """``juryapp open SESSION --as m-benali`` through the entry point, in a real process,
    with the app's ``run`` replaced by ``run_body``."""
    script = tmp_path / "probe.py"
    script.write_text(
        f"""
import sys
import juryapp.ui.app as app_module

def run(self, **_kw):
{run_body}

app_module.JuryApp.run = run
sys.argv = ["juryapp", "open", {str(session)!r}, "--as", "m-benali"]
from juryapp.launch import main
main()
print("AFTER", __import__("gc").isenabled())
""",
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ),
    )


def test_a_plain_open_starts_the_app_without_the_command_line(tmp_path: Path) -> None:
    session = tmp_path / "demo.jury"
    shutil.copytree(bundled_sample(DEMO_SESSION), session)
    done = _probe(
        tmp_path,
        session,
        "    print('RUN', self.read_ahead is not None and self.read_ahead.succeeded,"
        " 'click' in sys.modules, self.first_screen is not None)",
    )
    assert done.returncode == 0, done.stderr
    # the session was read ahead, the snapshot shown; click was never imported
    assert done.stdout.split()[-6:-2] == ["RUN", "True", "False", "True"]


def test_the_collector_is_off_while_the_app_starts_and_on_when_it_ends(tmp_path: Path) -> None:
    session = tmp_path / "demo.jury"
    shutil.copytree(bundled_sample(DEMO_SESSION), session)
    done = _probe(
        tmp_path, session, "    import gc\n    print('RUN', gc.isenabled(), self._collector_paused)"
    )
    assert done.returncode == 0, done.stderr
    # off while the app starts, the app told to turn it on again; on once the app has ended,
    # even if it never drew its first screen
    assert done.stdout.split()[-5:] == ["RUN", "False", "True", "AFTER", "True"]


def test_a_failure_of_the_app_is_said_as_the_command_line_says_it(tmp_path: Path) -> None:
    session = tmp_path / "demo.jury"
    shutil.copytree(bundled_sample(DEMO_SESSION), session)
    done = _probe(tmp_path, session, "    raise OSError(28, 'No space left on device')")
    assert done.returncode == 2
    assert done.stderr.strip() == "juryapp : erreur : No space left on device"


def test_a_folder_that_is_no_session_goes_to_the_command_line(tmp_path: Path) -> None:
    empty = tmp_path / "vide.jury"
    empty.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "juryapp", "open", str(empty), "--as", "m-a"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("juryapp : erreur : ")
    assert "session.json" in done.stderr


def test_ctrl_c_while_the_app_starts_leaves_quietly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import juryapp.launch as launch

    session = tmp_path / "demo.jury"
    shutil.copytree(bundled_sample(DEMO_SESSION), session)

    def interrupted(*_a: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(launch, "run_app", interrupted)
    monkeypatch.setattr(sys, "argv", ["juryapp", "open", str(session), "--as", "m-benali"])
    with pytest.raises(SystemExit) as leaving:
        launch.main()
    assert leaving.value.code == launch.EXIT_INTERRUPTED
