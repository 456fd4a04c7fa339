"""A screen behind another reloads when it comes into view, not at every write.

Every write announces what changed, and each screen built so far used to reload at once:
with 单位与人员, 拨付 and 工作室 visited, one paper saved at 100,000 applications re-sorted
76,000 people, re-planned the payments and re-read 14,000 studios behind the form (2–4 s).
A screen in the main window's stack that is not the one shown now only notes that it is
stale, and reloads once when the stack shows it. A screen outside a stack (a test's, a
dialog's) reloads at once, as before.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget, QWidget


class ReloadInView(QObject):
    """``ReloadInView(screen, reload)()``: ``reload()`` now when the screen is in view,
    else once when its stack next shows it."""

    def __init__(self, screen: QWidget, reload: Callable[[], None]) -> None:
        super().__init__(screen)
        self._screen = screen
        self._reload = reload
        self._stack: QStackedWidget | None = None
        self.pending = False

    def __call__(self, *_args: object) -> None:
        stack = self._screen.parentWidget()
        if isinstance(stack, QStackedWidget) and stack.currentWidget() is not self._screen:
            self.pending = True
            if self._stack is not stack:
                self._stack = stack
                stack.currentChanged.connect(self._shown)
            return
        self.pending = False
        self._reload()

    def _shown(self, _index: int) -> None:
        if self.pending and self._stack is not None and (
                self._stack.currentWidget() is self._screen):
            self.pending = False
            self._reload()
