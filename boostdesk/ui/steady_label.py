"""A count beside a search box that never narrows while the clerk types."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel


class SteadyLabel(QLabel):
    """A label whose preferred width only grows, and can be made room for before its text
    comes.

    The count beside the register's search box followed its text (共 100000 条 →
    找到 12 条（共 100000 条）→ 找到 3 条…): the search box and the filters beside it moved
    at every keystroke, and each move laid out and repainted the whole screen — the
    slowest keystrokes at 100,000 rows, and a box that jumps under the clerk's eyes.
    The room is asked as the preferred width, not the least: a window too narrow for it
    (a small laptop at 150 %) still lays the row out in the room there is.
    """

    _reserved = 0

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.reserve(text)

    def reserve(self, *texts: str) -> None:
        """Room for the widest of ``texts`` from now on (never less than before)."""
        if not texts:
            return
        margins = self.contentsMargins()
        width = (max(self.fontMetrics().horizontalAdvance(t) for t in texts)
                 + margins.left() + margins.right() + 2 * self.margin())
        width = max(width, super().sizeHint().width())  # the text shown, as QLabel measures it
        if width > self._reserved:
            self._reserved = width
            self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().sizeHint()
        return QSize(max(hint.width(), self._reserved), hint.height())
