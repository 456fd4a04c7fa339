"""The status bar's 待办 line (待办 12 项，其中逾期 3 项（Ctrl+0）): counted once the first
screen has painted, and again after the writes, off the UI thread (``todo_reader``: a
thread on a reading connection of its own at a low priority, 0.2–0.4 s at 100,000
applications: ``todo.todo_list`` with no items listed). The start waits for none of it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from boostdesk.models import clock

from .day_watch import DayWatch
from .todo_reader import TodoReader

AFTER_WRITE_MS = 800  # a burst of writes (a batch of payments) counted once


class TodoLine(QObject):
    """Keeps ``label`` saying how much is open (``key``: the 待办 screen's)."""

    def __init__(self, window: Any, label: Any, key: str) -> None:
        super().__init__(window)
        self.window, self.label, self.key = window, label, key
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.count)
        self.reader = TodoReader(lambda: getattr(self.window, "ctx", None), 0, self)
        self.reader.done.connect(self._show)  # (failed: the 待办 screen says what is wrong)
        self.last: Any = None  # the last TodoList counted
        self.count_day = clock.today()  # the day the last count was asked for
        self.day_watch: DayWatch | None = None
        if isinstance(window, QWidget):  # past midnight: counted again, as 拨付 re-dates
            self.day_watch = DayWatch(window, lambda: self.count_day, self.count)

    def schedule(self, after_ms: int = AFTER_WRITE_MS) -> None:
        self.timer.start(after_ms)

    def count(self) -> None:
        self.count_day = clock.today()
        self.reader.read()

    def settle(self, most_s: float = 60) -> None:
        """The count asked for now (not when its timer would) and waited for: a picture
        of the window (screenshots) shows the line, not whether the count raced the grab."""
        from .todo_reader import wait_reader

        if self.timer.isActive() or self.last is None:
            self.timer.stop()
            self.count()
        wait_reader(self.reader, most_s)

    def _show(self, todo: Any) -> None:
        self.last = todo
        self.label.setText(todo.status_line(self.key))
        self.label.setToolTip("按 " + self.key + " 查看待办：各年度尚未办理的事项，逾期的在前")

    def stop(self) -> None:
        """The window closes: no count started, the one running waited for."""
        self.timer.stop()
        if self.day_watch is not None:
            self.day_watch.timer.stop()
        self.reader.stop()
