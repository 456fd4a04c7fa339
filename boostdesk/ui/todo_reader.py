"""待办 read off the UI thread: ``todo.todo_list`` in a thread of its own, on a reading
connection of its own, at a low priority (≈ 0.5 s for the 待办 screen's list at 100,000
applications, 0.2–0.4 s for the status bar's count: the window froze that long).

One read at a time. Asked again while one runs (a write meanwhile), the running one's list
is dropped when it ends — it may be of the register before the write — and one more read
follows: what is shown after a write is never older than the write. A register in memory
(a test's) or one inside an open transaction is read at once on the UI thread, as no other
connection sees it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)

# Reads running: held here, not by their screen, so that a screen or window deleted
# meanwhile does not destroy a running thread (which aborts the program); each dropped
# when it ends.
_RUNNING: set[_Read] = set()


class _Read(QThread):
    """One read; its list (or why it failed) kept for the UI thread's ``finished``."""

    def __init__(self, path: Path, today: date, limit: int | None) -> None:
        super().__init__()
        self.path, self.today, self.limit = path, today, limit
        self.todo: Any = None
        self.error = ""
        _RUNNING.add(self)
        self.finished.connect(lambda: _RUNNING.discard(self))

    def run(self) -> None:
        from boostdesk.safety.integrity import connect_read_only
        from boostdesk.safety.session import ReadOnlyRegister
        from boostdesk.todo import todo_list

        try:
            reg = ReadOnlyRegister(connect_read_only(self.path), self.path, "")
            try:
                self.todo = todo_list(reg, self.today, limit=self.limit)
            finally:
                reg.close()
        except Exception as exc:  # noqa: BLE001 - said by the screen, the window goes on
            log.warning("reading 待办", exc_info=True)
            from .context import error_text

            self.error = error_text(exc, rolled_back=False)


class TodoReader(QObject):
    """``read()`` → ``done(TodoList)`` or ``failed(text)``, on the UI thread."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, context: Callable[[], Any], limit: int | None,
                 parent: QObject | None = None) -> None:
        """``context()``: the window's AppContext now (None while none is open);
        ``limit``: the items listed a kind (``todo_list``'s; 0 for a count)."""
        super().__init__(parent)
        self.context, self.limit = context, limit
        self.task: _Read | None = None
        self.again = False  # asked while reading: that read's list is dropped

    @property
    def reading(self) -> bool:
        return self.task is not None

    def read(self) -> None:
        from boostdesk.models import clock

        ctx = self.context()
        if ctx is None or ctx.reg.closed:
            return
        if self.task is not None:
            self.again = True
            return
        if ctx.reg.path is None or ctx.reg.conn.in_transaction:
            from boostdesk.todo import todo_list

            self.done.emit(todo_list(ctx.reg, clock.today(), limit=self.limit))
            return
        self.task = _Read(Path(ctx.reg.path), clock.today(), self.limit)
        self.task.finished.connect(self._ended)  # queued: this object lives on the UI thread
        self.task.start(QThread.Priority.LowPriority)

    def _ended(self) -> None:
        task, self.task = self.task, None
        if task is None:  # stopped meanwhile
            return
        if self.again:  # perhaps of the register before a write: read once more
            self.again = False
            self.read()
        elif task.error:
            self.failed.emit(task.error)
        else:
            self.done.emit(task.todo)

    def stop(self) -> None:
        """The window closes: the read running waited for (a QThread destroyed while it
        runs aborts the program), its list dropped, none started after it."""
        task, self.task, self.again = self.task, None, False
        if task is not None:
            task.wait()


def wait_read(screen: Any, most_s: float = 60) -> str:
    """A screen reading its list here (待办) once read, events processed meanwhile: for
    the screenshots and the self-test, which picture it. Why the read failed, or ""."""

    reader = getattr(screen, "reader", None)
    if not isinstance(reader, TodoReader):
        return ""
    wait_reader(reader, most_s)
    return str(getattr(screen, "read_error", ""))


def wait_reader(reader: TodoReader, most_s: float = 60) -> None:
    """``reader``'s read (if any) ended and its list shown, events processed meanwhile."""
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + most_s
    while reader.reading and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.02)
