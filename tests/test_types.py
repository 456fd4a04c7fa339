"""mypy over boostdesk/ (the settings in pyproject.toml's [tool.mypy]) finds nothing.

Its first run (293 errors) found annotations saying what the code does not do (the rows
of Register.query are dicts, not sqlite3.Row), a Qt signal and a Qt method hidden by
attributes of the same name, and a ``type: ignore`` it could not read."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Code read on one platform only: a Linux run skips the Windows branches.
PLATFORM_CODE = re.compile(r"sys\.platform|os\.name|windll|msvcrt|winreg")


def test_mypy_finds_nothing(tmp_path: Path) -> None:
    """The whole package as on Linux (≈ 12 s of one core without a cache), and for
    Windows, where it ships, the modules with a branch of their own there (the rest of
    the package taken as unknown: ≈ 4 s); both at once."""
    windows = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "boostdesk").rglob("*.py")
                     if PLATFORM_CODE.search(p.read_text("utf-8")))
    assert "boostdesk/safety/lock.py" in windows
    commands = {
        "linux": ["--platform", "linux"],
        "win32": ["--platform", "win32", "--follow-imports=skip", *windows],
    }
    runs = {name: subprocess.Popen(
        [sys.executable, "-m", "mypy", *args, "--cache-dir", str(tmp_path / name),
         "--no-error-summary"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) for name, args in commands.items()}
    found = {name: run.communicate(timeout=300)[0] for name, run in runs.items()}
    failed = {name: out for name, out in found.items() if runs[name].returncode != 0}
    assert not failed, "\n".join(f"--platform {n}:\n{out}" for n, out in failed.items())
