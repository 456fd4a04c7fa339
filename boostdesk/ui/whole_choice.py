"""A drop-down whose chosen text is not cut where its row is short of room: 评分录入's
expert (陈志远（北京市市政工程研究院）) was cut to 陈志远（北京市市政工 at 16 pt, the row's
QHBoxLayout squeezing the box to its least width, a fixed 220 pixels, before the row
wrapped (``small_screen.WrapRow`` wraps only below the sum of the least widths).

Its least width is the chosen text's, so the row wraps first; a text longer than
``most`` characters (an organisation of thirty) is held to that and cut with 「…」, the
whole text in its tooltip, as the screen reader reads the box's value whole."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyleOptionComboBox,
    QStylePainter,
    QWidget,
)

from .style import plain_tip


class WholeChoice(QComboBox):
    """A QComboBox whose chosen text sets its least width (up to ``most`` characters),
    elided beyond it, whole in the tooltip."""

    def __init__(self, most: int = 20, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.most = most
        # every item's width, not the first shown's: experts added or renamed later
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.currentIndexChanged.connect(self.follow_choice)

    def follow_choice(self, _index: int = -1) -> None:
        """The tooltip and least width after the choice changed (called by hand after a
        change made with the signals blocked)."""
        self.setToolTip(plain_tip(self.currentText()))
        self.updateGeometry()  # the least width follows the text

    def _text_rect(self, option: QStyleOptionComboBox) -> QRect:
        return self.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                           QStyle.SubControl.SC_ComboBoxEditField, self)

    def _box_for(self, text_width: int) -> int:
        """The box's width around ``text_width`` pixels of text (its frame and arrow), as
        the style lays out the text: a box as wide as QComboBox's own hint cut it."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        option.rect = QRect(0, 0, 1000, self.height())
        return text_width + 1000 - self._text_rect(option).width()

    def _most(self) -> int:
        return self.fontMetrics().horizontalAdvance("中") * self.most

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = super().minimumSizeHint()
        text = min(self.fontMetrics().horizontalAdvance(self.currentText()) + 2, self._most())
        return QSize(max(hint.width(), self._box_for(text)), hint.height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # the widest item's (Qt's own cut it by a character), up to ``most`` characters: a
        # long one would take a line of its own where the row wraps, the page too short
        hint = super().sizeHint()
        return QSize(max(min(hint.width(), self._box_for(self._most())),
                         self.minimumSizeHint().width()), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        room = self._text_rect(option)
        if self.fontMetrics().horizontalAdvance(option.currentText) <= room.width():
            super().paintEvent(event)
            return
        option.currentText = self.fontMetrics().elidedText(
            option.currentText, Qt.TextElideMode.ElideRight, room.width())
        painter = QStylePainter(self)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
