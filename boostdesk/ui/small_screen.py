"""Fitting a laptop's small screen (1280×720 at 150 % leaves a window about 840×420)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's, which PySide6 does not export


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




class SideOrBelow(QBoxLayout):
    """Two widgets, ``main`` and ``side``: side by side (3:2) while ``side`` gets at least
    ``side_width`` beside ``main``'s least width, else ``side`` under ``main``, as wide as
    it. A form at 16–18 pt on a 960-wide screen was held wider than the screen by its
    fields and the 按方案核对 panel beside them: its least width is now the wider of the
    two, not their sum. Side by side, it lays them out as the plain QHBoxLayout it
    replaces did. ``placed`` is told where ``side`` went (True: below) when it moves.

    Below, ``side`` is as high as its words need, and its stretching part (``stretch``, a
    list) ``stretch_height`` high where that leaves ``main`` half the height: in a short
    window the list shrinks first; ``main`` (the fields, in a scroll area) has the rest."""

    def __init__(self, main: QWidget, side: QWidget, side_width: int,
                 placed: Callable[[bool], None] | None = None,
                 stretch: QWidget | None = None, stretch_height: int = 0) -> None:
        super().__init__(QBoxLayout.Direction.LeftToRight)
        self.main, self.side = main, side
        self.side_width = side_width
        self.placed = placed
        self.stretching, self.stretch_height = stretch, stretch_height
        self.below = False
        self._side_max = side.maximumWidth()
        self.addWidget(main, 3)
        self.addWidget(side, 2)

    def side_by_side_width(self) -> int:
        """The least width that keeps ``side`` beside ``main``."""
        return (_least(self.main).width() + self.spacing()
                + max(_least(self.side).width(), self.side_width))

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        # Whichever way they are placed: the wider one's width; the height side by side
        # (placed below in a short window, the fields scroll and the findings' list shrinks)
        main, side = _least(self.main), _least(self.side)
        return QSize(max(main.width(), side.width()), max(main.height(), side.height()))

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        below = rect.width() < self.side_by_side_width()
        if below != self.below:
            self.below = below
            # below, the panel is as wide as the fields (a change that lays out again)
            self.side.setMaximumWidth(QWIDGETSIZE_MAX if below else self._side_max)
            if self.placed is not None:
                self.placed(below)
        if not below:
            super().setGeometry(rect)
            return
        QLayout.setGeometry(self, rect)
        room = rect.height() - self.spacing()
        height = self.side_height(rect.width(), room)
        self.main.setGeometry(QRect(rect.x(), rect.y(), rect.width(), room - height))
        self.side.setGeometry(QRect(rect.x(), rect.bottom() + 1 - height, rect.width(), height))

    def side_height(self, width: int, room: int) -> int:
        """``side``'s height under ``main`` in ``room``, at ``width``."""
        layout = self.side.layout()
        least = (layout.totalMinimumHeightForWidth(width)
                 if layout is not None and layout.hasHeightForWidth()
                 else _least(self.side).height())
        wanted = least
        if self.stretching is not None:
            wanted += max(0, self.stretch_height - _least(self.stretching).height())
        return max(least, min(wanted, room // 2))


def _least(widget: QWidget) -> QSize:
    """The least size a layout gives ``widget``."""
    return widget.minimumSize().expandedTo(widget.minimumSizeHint())
