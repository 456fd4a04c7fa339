"""LibreOffice Calc, driven through its Python bridge, filling BoostDesk workbooks as their
users would (tests/fixtures/libreoffice_fill.py). Where it is not installed the tests using it
are skipped: `apt-get install libreoffice-calc-nogui python3-uno` runs them."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"  # the bridge (python3-uno) lives in Debian's Python
HELPER = Path(__file__).parent / "fixtures" / "libreoffice_fill.py"


@cache
def missing() -> str | None:
    """Why LibreOffice cannot fill a workbook here, or None when it can."""
    if not shutil.which("soffice") or not Path(SYSTEM_PYTHON).exists():
        return "LibreOffice (soffice) is not installed"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    return "LibreOffice's Python bridge (python3-uno) is not installed" if probe.returncode else None


def fill(mode: str, source: Path, target: Path, scratch: Path) -> int:
    """Fill ``source`` in Calc (``package`` or ``table``), save it as ``target``; the rows filled."""
    run = subprocess.run([SYSTEM_PYTHON, str(HELPER), mode, str(source), str(target),
                          str(scratch / "lo-profile")], capture_output=True, text=True, timeout=180)
    assert run.returncode == 0 and target.exists(), run.stderr[-2000:]
    return int(run.stdout.split()[-1])
