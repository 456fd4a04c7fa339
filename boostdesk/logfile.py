"""The window's log file: what went wrong on a clerk's machine, for whoever supports them.

A packaged window has no console, so a warning, a screen that failed to open or an
exception in a button's handler went nowhere. They go to ``logs/boostdesk.log`` in the
data folder (the machine's, not the register's: a register on a shared folder gets no
log of every desk), a few rotated files of at most 1 MB, with ID and card numbers masked
(:mod:`boostdesk.safety.privacy`). No Qt here.
"""

from __future__ import annotations

import logging
import logging.handlers
import time
from pathlib import Path

LOG_DIR = "logs"
LOG_FILE = "boostdesk.log"
MAX_BYTES = 1 << 20
BACKUP_COUNT = 3
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


RETRY_ROTATION_SECONDS = 60


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log that goes on when it cannot rotate. Windows does not rename a file
    another process has open: with a second BoostDesk window on the same computer (the
    read-only one, say), every record past 1 MB tried to rotate, failed, and was lost,
    until that window closed. The records go on into the full file meanwhile, and the
    rotation is tried again a minute later."""

    _not_before = 0.0

    def shouldRollover(self, record: logging.LogRecord) -> int:  # noqa: N802 - logging's
        if time.monotonic() < self._not_before:
            return 0
        return super().shouldRollover(record)

    def doRollover(self) -> None:  # noqa: N802 - logging's name
        try:
            super().doRollover()
        except OSError:
            self._not_before = time.monotonic() + RETRY_ROTATION_SECONDS
            if self.stream is None:
                self.stream = self._open()


def log_path(data_folder: Path) -> Path:
    return Path(data_folder) / LOG_DIR / LOG_FILE


def install_log_file(data_folder: Path, level: int = logging.INFO) -> Path | None:
    """Send this process's log records of ``level`` and above to the log file (once);
    its path, or None when the folder cannot be written (the window goes on without)."""
    from boostdesk.paths import REGISTER_FILE, missing_data_dir
    from boostdesk.safety.privacy import MaskingFilter, install_log_masking

    if missing_data_dir(Path(data_folder) / REGISTER_FILE):  # not made for a log: the
        return None  # register, not made either, says why
    path = log_path(data_folder)
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = SharedRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.setLevel(level)
    handler.addFilter(MaskingFilter())
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    install_log_masking()
    return path


def log_tail(path: Path, lines: int = 200) -> str:
    """The last ``lines`` lines of a log file ("" when there is none yet)."""
    try:
        text = Path(path).read_text("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


def current_log() -> Path | None:
    """The log file this process writes, if :func:`install_log_file` installed one."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename).name == LOG_FILE:
            return Path(handler.baseFilename)
    return None
