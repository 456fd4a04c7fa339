"""The status bar's 待办 line (待办 12 项，其中逾期 3 项（Ctrl+0）): counted once the first
screen has painted, and again after the writes, in a thread on a reading connection of its
own at a low priority (0.2–0.4 s at 100,000 applications: ``todo.todo_list`` with no items
listed). The start waits for none of it."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

log = logging.getLogger(__name__)

AFTER_WRITE_MS = 800  # a burst of writes (a batch of payments) counted once


# Counts running: held here, not by the window, so that a window deleted meanwhile does
# not destroy a running thread (which aborts the program); each dropped when it ends.
_RUNNING: set[_Count] = set()


class _Count(QThread):
    counted = Signal(object)  # the TodoList, or None when it could not be read

    def __init__(self, path: Path, today: date) -> None:
        super().__init__()
        self.path, self.today = path, today
        _RUNNING.add(self)
        self.finished.connect(lambda: _RUNNING.discard(self))

    def run(self) -> None:
        from boostdesk.safety.integrity import connect_read_only
        from boostdesk.safety.session import ReadOnlyRegister
        from boostdesk.todo import todo_list

        try:
            reg = ReadOnlyRegister(connect_read_only(self.path), self.path, "")
            try:
                self.counted.emit(todo_list(reg, self.today, limit=0))
            finally:
                reg.close()
        except Exception:  # noqa: BLE001 - a spare line: the 待办 screen says what is wrong
            log.warning("counting the 待办 line", exc_info=True)
            self.counted.emit(None)


class TodoLine(QObject):
    """Keeps ``label`` saying how much is open (``key``: the 待办 screen's)."""

    def __init__(self, window: Any, label: Any, key: str) -> None:
        super().__init__(window)
        self.window, self.label, self.key = window, label, key
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.count)
        self.task: _Count | None = None
        self.again = False
        self.last: Any = None  # the last TodoList counted

    def schedule(self, after_ms: int = AFTER_WRITE_MS) -> None:
        self.timer.start(after_ms)

    def count(self) -> None:
        from boostdesk.models import clock

        ctx = self.window.ctx
        if ctx is None or ctx.reg.closed:
            return
        if self.task is not None:  # counting: once more when it ends
            self.again = True
            return
        if ctx.reg.path is None or ctx.reg.conn.in_transaction:  # a register in memory
            from boostdesk.todo import todo_list

            self._show(todo_list(ctx.reg, clock.today(), limit=0))
            return
        self.task = _Count(Path(ctx.reg.path), clock.today())
        self.task.counted.connect(self._show)
        self.task.finished.connect(self._ended)
        self.task.start(QThread.Priority.LowPriority)

    def _ended(self) -> None:
        self.task = None
        if self.again:
            self.again = False
            self.schedule(0)

    def _show(self, todo: Any) -> None:
        if todo is None:
            return
        self.last = todo
        self.label.setText(todo.status_line(self.key))
        self.label.setToolTip("按 " + self.key + " 查看待办：各年度尚未办理的事项，逾期的在前")

    def stop(self) -> None:
        """The window closes: no count started, the one running waited for (a QThread
        destroyed while it runs aborts the program)."""
        self.timer.stop()
        self.again = False
        if self.task is not None:
            self.task.wait()
