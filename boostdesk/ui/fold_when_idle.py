"""The window folds the register's -wal into the register file a couple of seconds after
the last commit (``safety.wal_fold``), so that a copy of the .db alone — IT copying "the
register file" while the window stays open — holds everything saved.

Any commit restarts the wait: the window's own (typing, saving) and its background work's
(an import's, on a connection of its own; reported from that thread). The fold runs in a
thread of its own and never blocks a writer; it waits while background work runs (that
work will commit again), is tried again while a reader holds some of it back, and is
waited for before the register is closed or replaced (:meth:`FoldWhenIdle.wait`): a fold's
connection outliving the window's would be the register's last, and SQLite deletes the
-wal by name when its last connection closes — after a restore, the new register's.
A read-only window folds nothing (the holder's window does).
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from boostdesk.models import Register

    from .context import AppContext

log = logging.getLogger("boostdesk.ui")

FOLD_AFTER_MS = 2000  # after the last commit: a clerk typing the next paper commits again
TRIES = 5  # a reader holding part of it back: tried again this many times, then at the next commit


class FoldWhenIdle(QObject):
    """``ctx``'s register folded once idle; :meth:`watch` a register to hear its commits."""

    committed = Signal()  # from any thread: queued to this one
    _ended = Signal(bool)  # the fold's thread: whole or not

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(FOLD_AFTER_MS)
        self.timer.timeout.connect(self._start)
        self.committed.connect(self.soon)
        self._ended.connect(self._end)
        self._thread: threading.Thread | None = None
        self._tries = 0
        self.stopped = False
        self.folds = 0  # folds ended whole (the tests wait on it)

    def watch(self, reg: Register) -> None:
        """``reg``'s commits (the window's register, or a worker's) restart the wait."""
        reg.after_commit = self.committed.emit

    def soon(self) -> None:
        if not self.stopped:
            self._tries = 0
            self.timer.start()

    def _start(self) -> None:
        ctx = self.ctx
        reg = ctx.reg
        if self.stopped or reg.path is None or reg.closed or ctx.read_only:
            return
        if ctx.busy or self.running:  # background work: it commits again, or a restore
            self.timer.start()
            return
        self._thread = threading.Thread(target=self._fold, args=(reg.path,), daemon=True,
                                        name="wal-fold")
        self._thread.start()

    def _fold(self, path: Path) -> None:
        from boostdesk.safety.wal_fold import fold

        try:
            whole = fold(path)
        except Exception:  # noqa: BLE001 - a disk gone: the next commit says so itself
            log.warning("folding the register's -wal failed", exc_info=True)
            whole = True  # not tried again until the next commit
        try:
            self._ended.emit(whole)
        except RuntimeError:  # the window has gone meanwhile
            pass

    def _end(self, whole: bool) -> None:
        if whole:
            self.folds += 1
        elif self._tries < TRIES and not self.stopped:
            self._tries += 1
            self.timer.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self) -> None:
        """The fold under way, ended (before the register is closed or replaced)."""
        if self._thread is not None:
            self._thread.join()

    def stop(self) -> None:
        """No more folds (the window closes): the one under way waited for."""
        self.stopped = True
        self.timer.stop()
        self.wait()
