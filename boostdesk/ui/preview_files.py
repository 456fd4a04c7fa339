"""打印's preview folders in the temp folder: each window's own, marked and locked while it
runs; those a window left (killed, switched off, a PDF reader holding a file at exit on
Windows) swept — by the next 打印 screen and a few seconds after each window's first
paint, as they may hold finance's copy with whole ID and card numbers. Light on imports:
the start path loads it."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

PREVIEW_PREFIX = "boostdesk-print-"
OWNER_MARK = ".owner"
SETTLED_SECONDS = 60
# After the first paint, well after the register's opening has begun: the start is
# benchmarked, and a temp folder on a slow disk is no part of it.
SWEEP_AFTER_START_MS = 3_000


def remove_previews(folder: Path, owner: int | None) -> None:
    if owner is not None:
        os.close(owner)  # Windows deletes no file held open
    shutil.rmtree(folder, ignore_errors=True)


def sweep_previews() -> None:
    """Remove the preview folders of BoostDesk windows that ended without removing them:
    finance's copy is not to stay in the temp folder. A running window's folder is held,
    and kept."""
    from boostdesk.safety.lock import abandoned

    for folder in Path(tempfile.gettempdir()).glob(f"{PREVIEW_PREFIX}*"):
        mark = folder / OWNER_MARK
        try:
            # a mark just made may not be locked yet: another window starting this moment
            settled = time.time() - mark.stat().st_mtime > SETTLED_SECONDS
        except OSError:
            continue
        if settled and abandoned(mark):
            shutil.rmtree(folder, ignore_errors=True)
