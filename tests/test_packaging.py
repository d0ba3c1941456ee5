"""A non-editable install must carry the stylesheets, the sample sessions and the fonts."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_styles_and_sample_sessions(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("juryapp-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "juryapp/styles/app.tcss" in names
    assert "juryapp/locales/en/LC_MESSAGES/juryapp.mo" in names
    # the fonts embedded in the PDF documents, and their licence
    for font in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "LICENSE"):
        assert f"juryapp/minutes/fonts/{font}" in names, font
    # every Python module of the source tree is in the wheel (no forgotten sub-package)
    for module in (ROOT / "juryapp").rglob("*.py"):
        assert module.relative_to(ROOT).as_posix() in names, module
    for sample in sorted(p.name for p in (ROOT / "sample_sessions").glob("*.jury")):
        assert f"juryapp/sample_sessions/{sample}/session.json" in names
        assert f"juryapp/sample_sessions/{sample}/journal.jsonl" in names
        on_disk = {
            p.relative_to(ROOT / "sample_sessions").as_posix()
            for p in (ROOT / "sample_sessions" / sample).rglob("*.json")
            if "backups" not in p.parts
        }
        shipped = {
            n.removeprefix("juryapp/sample_sessions/")
            for n in names
            if n.startswith(f"juryapp/sample_sessions/{sample}/")
        }
        assert on_disk <= shipped, sorted(on_disk - shipped)[:5]
    assert not any("/backups/" in n for n in names)
    assert not any(n.endswith(".lock") for n in names)
