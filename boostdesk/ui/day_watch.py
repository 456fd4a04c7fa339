"""A screen whose rows depend on the day (what is overdue) brought up to date when the day
changes while the window stays open: the office leaves it open overnight and over the
weekend, and 拨付 went on showing a line as 待拨付 the morning it fell overdue (its filter
已逾期 leaving it out) until something was written or F5 pressed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from boostdesk.models import clock

CHECK_MS = 60_000  # a minute late at most; a look at the clock costs nothing


class DayWatch(QObject):
    """``DayWatch(screen, shown_day, on_new_day)``: ``on_new_day()`` once today is no longer
    ``shown_day()`` (the day the screen's rows were computed for), when the screen is in
    view and no dialog is open over it (a dialog's lines are not reloaded under it);
    else when it next is. A clock set back counts as a new day too."""

    def __init__(self, screen: QWidget, shown_day: Callable[[], date],
                 on_new_day: Callable[[], None]) -> None:
        super().__init__(screen)
        self._screen = screen
        self._shown_day = shown_day
        self._on_new_day = on_new_day
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()
        screen.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._screen and event.type() == QEvent.Type.Show:
            QTimer.singleShot(0, self, self.check)  # once shown: its reload, if any, first
        return False

    def check(self) -> None:
        if clock.today() == self._shown_day():
            return
        if not self._screen.isVisible() or QApplication.activeModalWidget() is not None:
            return
        self._on_new_day()
