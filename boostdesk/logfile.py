"""The window's log file: what went wrong on a clerk's machine, for whoever supports them.

A packaged window has no console, so a warning, a screen that failed to open or an
exception in a button's handler went nowhere. They go to ``logs/boostdesk.log`` in the
data folder (the machine's, not the register's: a register on a shared folder gets no
log of every desk), a few rotated files of at most 1 MB, with ID, card and mobile numbers
masked (:mod:`boostdesk.safety.privacy`); the folder 0700 and the files 0600 on POSIX, as
the register's. No Qt here.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import stat
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

    def _open(self):  # noqa: ANN202 - logging's (a text stream)
        """The file 0600 on POSIX from its first line (an exception's text quotes what it
        was given: the log is the user's alone, as the register is)."""
        private_log(Path(self.baseFilename))
        return super()._open()

    def doRollover(self) -> None:  # noqa: N802 - logging's name
        try:
            super().doRollover()
        except OSError:
            self._not_before = time.monotonic() + RETRY_ROTATION_SECONDS
            if self.stream is None:
                self.stream = self._open()


def private_log(path: Path) -> None:
    """``path`` made (empty) if missing, 0600 on POSIX; nothing on Windows (the data folder
    is in the user's profile, whose ACL admits only them)."""
    if os.name != "posix":
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        if stat.S_IMODE(path.stat().st_mode) != 0o600:
            os.chmod(path, 0o600)  # a log an older version left 0644
    except OSError:
        pass  # not ours (a share with fixed modes): the handler says what it can


def log_path(data_folder: Path) -> Path:
    return Path(data_folder) / LOG_DIR / LOG_FILE


def install_log_file(data_folder: Path, level: int = logging.INFO) -> Path | None:
    """Send this process's log records of ``level`` and above to the log file (once);
    its path, or None when the folder cannot be written (the window goes on without)."""
    from boostdesk.paths import REGISTER_FILE, make_folder, missing_data_dir
    from boostdesk.safety.files import private_dir
    from boostdesk.safety.privacy import MaskingFilter, install_log_masking

    if missing_data_dir(Path(data_folder) / REGISTER_FILE):  # not made for a log: the
        return None  # register, not made either, says why
    path = log_path(data_folder)
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path:
            return path
    try:
        make_folder(data_folder)  # (0700 when made here)
        private_dir(path.parent)  # logs/ 0700, also one an older version left 0755
        for rotated in range(1, BACKUP_COUNT + 1):
            if (old := Path(f"{path}.{rotated}")).exists():
                private_log(old)
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
