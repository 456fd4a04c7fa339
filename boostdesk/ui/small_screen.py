"""Fitting a laptop's small screen (1280×720 at 150 % leaves a window about 840×420)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QWidget,
)

QWIDGETSIZE_MAX = (1 << 24) - 1  # Qt's, which PySide6 does not export


def fit_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to width×height, or to what its screen leaves for it and its
    title bar (1280×720 at 125 % is 1024×576 for Qt)."""
    screen = widget.screen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - 40)
        height = min(height, room.height() - 60)
    widget.resize(width, height)


def grow_to_rows(widget: QWidget) -> None:
    """``widget`` (a dialog) as high as its layout's rows need at its width, never higher
    than its screen leaves it: Qt opens a dialog at the height its size hint counts, a
    wrapped label one line high, so at 150 % or with large text a wrapped note was cut
    (导出修改记录's 范围, 关于's 版本 line) and rows were laid over each other."""
    layout = widget.layout()
    if layout is None or not layout.hasHeightForWidth():
        return
    need = layout.totalHeightForWidth(widget.width())
    screen = widget.screen()
    if screen is not None:
        need = min(need, screen.availableGeometry().height() - 60)
    if need > widget.height():
        widget.resize(widget.width(), need)


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


class WrapRow(QHBoxLayout):
    """A row of a screen's buttons or filters that goes on to further lines where the room
    is narrower than the row: at 16–18 pt on a 960-wide screen 专利助推's eight buttons
    (928 pixels) held the screen wider than the window, which scrolled it sideways. Where
    the row fits, it lays out as the QHBoxLayout it is; wrapped, each line is left-aligned,
    its stretched widgets (the search box) sharing the line's room by their stretch.
    ``line_after`` a widget: wrapped, it ends its line (资格审核's 审核理由 a line of its own).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        if parent is None:
            super().__init__()
        else:
            super().__init__(parent)
        self._breaks: set[QWidget] = set()

    def line_after(self, widget: QWidget) -> None:
        """Wrapped, the row goes on to a new line after ``widget``."""
        self._breaks.add(widget)

    def _one_line(self) -> int:
        return super().minimumSize().width()

    def _entries(self) -> list[tuple[QLayoutItem, int]]:
        """The widgets shown, each with its stretch (the row's spacers left out)."""
        out = []
        for i in range(self.count()):
            item = self.itemAt(i)
            if item is not None and item.widget() is not None and not item.isEmpty():
                out.append((item, self.stretch(i)))
        return out

    def _lines(self, width: int) -> list[list[tuple[QLayoutItem, int, int]]]:
        """The entries in lines at ``width`` (inside the margins): (item, stretch, width)."""
        gap = max(0, self.spacing())
        lines: list[list[tuple[QLayoutItem, int, int]]] = [[]]
        used = 0
        for group in self._groups(width):
            wide = sum(w for _i, _s, w in group) + gap * (len(group) - 1)
            if lines[-1] and used + gap + wide > width:
                lines.append([])
                used = 0
            used += (gap if lines[-1] else 0) + wide
            lines[-1].extend(group)
            if any(item.widget() in self._breaks for item, _s, _w in group):
                lines.append([])
                used = 0
        return [line for line in lines if line]

    def _groups(self, width: int) -> list[list[tuple[QLayoutItem, int, int]]]:
        """The entries (item, stretch, width), a caption (a QLabel) with the widget after
        it: wrapped at the caption, 拨付's 付款单位 ended one line and its list began the
        next. A pair wider than ``width`` is two groups."""
        gap = max(0, self.spacing())
        groups: list[list[tuple[QLayoutItem, int, int]]] = []
        captioned = False
        for item, stretch in self._entries():
            wide = min(width, max(item.sizeHint().width(), item.minimumSize().width()))
            entry = (item, stretch, wide)
            if captioned and groups[-1][0][2] + gap + wide <= width:
                groups[-1].append(entry)
            else:
                groups.append([entry])
            captioned = isinstance(item.widget(), QLabel) and len(groups[-1]) == 1
        return groups

    def _inner(self, width: int) -> int:
        margins = self.contentsMargins()
        return width - margins.left() - margins.right()

    def _wrapped_height(self, width: int) -> int:
        margins = self.contentsMargins()
        lines = self._lines(self._inner(width))
        return (sum(max(item.sizeHint().height() for item, _s, _w in line) for line in lines)
                + max(0, self.spacing()) * (len(lines) - 1) + margins.top() + margins.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        # the widest widget, not the whole row: the rest goes on to another line
        margins = self.contentsMargins()
        widest = max((item.minimumSize().width() for item, _s in self._entries()), default=0)
        return QSize(widest + margins.left() + margins.right(), super().minimumSize().height())

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        if width >= self._one_line():
            return super().sizeHint().height()
        return self._wrapped_height(width)

    def minimumHeightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        if width >= self._one_line():
            return super().minimumSize().height()
        return self._wrapped_height(width)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        if rect.width() >= self._one_line():
            super().setGeometry(rect)
            return
        QLayout.setGeometry(self, rect)
        margins = self.contentsMargins()
        gap = max(0, self.spacing())
        room = self._inner(rect.width())
        y = rect.y() + margins.top()
        for line in self._lines(room):
            height = max(item.sizeHint().height() for item, _s, _w in line)
            spare = room - sum(w for _i, _s, w in line) - gap * (len(line) - 1)
            stretch = sum(s for _i, s, _w in line)
            x = rect.x() + margins.left()
            for item, s, w in line:
                if stretch and spare > 0:
                    w = min(item.maximumSize().width(), w + spare * s // stretch)
                item.setGeometry(QRect(x, y, w, height))
                x += w + gap
            y += height + gap


class HintsBelow(QGridLayout):
    """A paper form's grid, caption | field | hint (column 2), whose hints go under their
    fields where column 2 is narrower than ``readable`` pixels: at 18 pt on an 800-wide
    screen the hints had 120 pixels, five characters a line. Beside the fields, it is the
    plain QGridLayout it replaces (at the shipped size, always: a hint's least width,
    ``readable`` there, keeps it so). Under them, a hint is as wide as its field's column.

    Whether the hints fit beside is measured, not foreseen: where the grid is widened past
    the width they were found too narrow at, they are tried beside again."""

    HINT = 2

    def __init__(self, parent: QWidget, readable: Callable[[], int]) -> None:
        super().__init__(parent)
        self.readable = readable
        self.below = False
        self._narrow_at = -1  # the widest width the hints were too narrow beside at
        self._beside: list[tuple[QWidget, int, int, int, int]] = []
        self._stretches: list[int] = []

    def _hints(self) -> list[QLayoutItem]:
        """The items alone in column 2 (beside), shown."""
        out = []
        for i in range(self.count()):
            _r, column, _rs, span = self._position(i)
            item = self.itemAt(i)
            if column == self.HINT and span == 1 and item is not None and not item.isEmpty():
                out.append(item)
        return out

    def _position(self, index: int) -> tuple[int, int, int, int]:
        """(row, column, row span, column span) of the item at ``index``."""
        position: Any = self.getItemPosition(index)  # typed as object by PySide6
        row, column, rows, columns = position
        return int(row), int(column), int(rows), int(columns)

    def _may_go_below(self) -> bool:
        least = max((item.minimumSize().width() for item in self._hints()), default=0)
        return self.below or self.readable() > least

    # A hint taller than this beside its field (a warning quoting a paper and a clause:
    # nine lines of five characters at 1366×768) goes under the fields, as wide as they.
    TALL = 4

    def _tall(self, width: int) -> bool:
        """Whether a hint would wrap to more than TALL lines at ``width`` pixels beside."""
        hints = ([w for w, _r, c, _rs, cs in self._beside if c == self.HINT and cs == 1]
                 if self._beside else [item.widget() for item in self._hints()])
        measured: list[Any] = [w for w in hints if hasattr(w, "_lines")]
        return width > 0 and any(
            bool(w.message) and w._lines(w.message, width) > self.TALL for w in measured)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        if self.below and self._for_tall and not self._tall(self._beside_width):
            self._for_tall = False  # the long hint gone: back beside
            self._place(False)
        if not self._may_go_below() and not self._tall(self._beside_width):
            super().setGeometry(rect)
            self._note_beside_width()
            return
        if self.below and not self._for_tall and rect.width() > self._narrow_at:
            self._place(False)  # widened: the hints tried beside again
        super().setGeometry(rect)
        if self.below:
            return
        widths = self._note_beside_width()
        if widths and max(widths) < self.readable():
            self._narrow_at = rect.width()
            self._place(True)
            super().setGeometry(rect)
        elif self._tall(self._beside_width):
            self._for_tall = True
            self._place(True)
            super().setGeometry(rect)

    def _note_beside_width(self) -> list[int]:
        widths = [item.geometry().width() for item in self._hints()]
        if widths and not self.below:
            self._beside_width = max(widths)
        return widths

    _for_tall = False  # under the fields for a tall hint (not for a narrow column)
    _beside_width = 0  # the hints' width beside their fields, last laid out so

    def _place(self, below: bool) -> None:
        """Each hint under its field (below) or back in column 2, the rows after it moved
        down one (their stretch with them)."""
        if below == self.below:
            return
        if not self._beside:  # the grid as built: where everything goes back to
            for i in range(self.count()):
                item = self.itemAt(i)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    self._beside.append((widget, *self._position(i)))
            self._stretches = [self.rowStretch(r) for r in range(self.rowCount())]
        self.below = below
        hint_rows = sorted({r for _w, r, c, _rs, cs in self._beside
                            if c == self.HINT and cs == 1} if below else set())

        def moved(row: int) -> int:
            return row + sum(1 for r in hint_rows if r < row)

        for widget, *_ in self._beside:
            self.removeWidget(widget)
        for r in range(self.rowCount()):
            self.setRowStretch(r, 0)
        for r, stretch in enumerate(self._stretches):
            self.setRowStretch(moved(r), stretch)
        self.setColumnStretch(self.HINT, 0 if below else self._hint_stretch)
        for widget, r, c, rs, cs in self._beside:
            if c == self.HINT and cs == 1 and hasattr(widget, "fold"):
                widget.fold(below)  # under its field, no empty line while it says nothing
            if below and c == self.HINT and cs == 1:
                self.addWidget(widget, moved(r) + 1, 1, 1, 2)
            else:
                self.addWidget(widget, moved(r), c, rs, cs)

    def setColumnStretch(self, column: int, stretch: int) -> None:  # noqa: N802 - Qt's name
        if column == self.HINT and not self.below:
            self._hint_stretch = stretch
        super().setColumnStretch(column, stretch)

    _hint_stretch = 0
