"""A cell too narrow for its text (a 40-character enterprise, a 60-character title) is
elided by the view; pointing at it shows the text whole, as a tooltip of its own would."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
)


def elided(view: QAbstractItemView, index: QModelIndex | QPersistentModelIndex) -> bool:
    """Whether the view cuts the text of the cell at ``index``."""
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if text is None or text == "":
        return False
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = view.visualRect(index)
    delegate = view.itemDelegateForIndex(index)
    if isinstance(delegate, QStyledItemDelegate):
        delegate.initStyleOption(option, index)
    style = view.style()
    room = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    return option.fontMetrics.horizontalAdvance(str(text)) > room.width() - 2 * margin


class ElidedTips(QStyledItemDelegate):
    """The default painting; a tooltip with the whole text of a cut cell that has none."""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,  # noqa: N802 - Qt's name
                  option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if (event.type() == QEvent.Type.ToolTip and index.isValid()
                and not index.data(Qt.ItemDataRole.ToolTipRole) and elided(view, index)):
            QToolTip.showText(event.globalPos(), str(index.data()), view, view.visualRect(index))
            return True
        return super().helpEvent(event, view, option, index)


def tip_when_elided(view: QAbstractItemView) -> None:
    """Give ``view`` the delegate above (views with a delegate of their own keep it)."""
    view.setItemDelegate(ElidedTips(view))
