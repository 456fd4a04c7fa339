"""Fitting a laptop's small screen (1280×720 at 150 % leaves a window about 840×420)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QTabWidget, QWidget


def size_by_current_page(stack: QStackedWidget | QTabWidget) -> None:
    """Let only the page in view set ``stack``'s least size.

    Qt makes a stack as large as its largest page, built or shown once: the widest form
    (专家评审's 评审组与评分细则) would then hold every screen, and the window, wider and
    taller than a small laptop's screen. A page out of view has an ignored size policy."""

    def update(_index: int = -1) -> None:
        current = stack.currentWidget()
        for i in range(stack.count()):
            page = stack.widget(i)
            if page is None:
                continue
            policy = (QSizePolicy.Policy.Preferred if page is current
                      else QSizePolicy.Policy.Ignored)
            page.setSizePolicy(policy, policy)

    stack.currentChanged.connect(update)
    update()


def fit_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to width×height, or to what its screen leaves for it and its
    title bar (1280×720 at 125 % is 1024×576 for Qt)."""
    screen = widget.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - 40)
        height = min(height, room.height() - 60)
    widget.resize(width, height)


class NoteLabel(QLabel):
    """A wrapped line under a list (a detail, an outcome, an error) that takes no room
    while it is empty: three empty ones left the ranking less than a row on a small screen."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setVisible(bool(text))

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")


class WrappedTextFits:
    """Mixed into a page (before QWidget) whose layout holds wrapped labels: its least
    height is what they take at its width, so a small screen scrolls the page instead of
    laying the labels over the list. Qt counts a wrapped label one line high."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()  # type: ignore[misc]
        layout = self.layout()  # type: ignore[attr-defined]
        width = self.width()  # type: ignore[attr-defined]
        if layout is not None and layout.hasHeightForWidth() and width > 0:
            hint.setHeight(max(hint.height(), layout.totalMinimumHeightForWidth(width)))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)  # type: ignore[misc]
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # type: ignore[attr-defined]
