"""A disk with little room (a shared drive at its quota, a USB stick): a tmpfs mounted on a
test's folder, which only root can do; the test is skipped where it cannot be made."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    folder.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("a full disk is made with a tmpfs mount, as root")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                      capture_output=True).returncode != 0:
        pytest.skip("no tmpfs can be mounted here")
    try:
        yield folder
    finally:
        _unmount(folder)


def _unmount(folder: Path) -> None:
    """Unmounted; a file the test's window still holds open (its register, closed a moment
    later on a loaded machine) makes it busy: tried again, then detached (umount -l), which
    frees it once the last file closes."""
    for _ in range(20):
        if subprocess.run(["umount", str(folder)], capture_output=True).returncode == 0:
            return
        time.sleep(0.1)
    subprocess.run(["umount", "-l", str(folder)], check=True)


def fill_disk(folder: Path, leave: int = 0) -> None:
    """Fill ``folder``'s disk with a file of its own, to the last byte (``leave`` 0) or
    leaving ``leave`` bytes free."""
    with (folder / "其他文件").open("wb", buffering=0) as fh:
        if leave:
            fh.write(b"\0" * (shutil.disk_usage(folder).free - leave))
            return
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
