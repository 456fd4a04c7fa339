"""A cell too narrow for its text (a 40-character enterprise, a 60-character title) is
elided by the view; pointing at it shows the text whole, as a tooltip of its own would.

Every cell's tooltip shows as typed: Qt reads a tooltip whose first line holds a known
tag as HTML (a title “A<B 与 C>D 的比较” showed as a bold “AD 的比较”)."""

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

from .style import plain_tip


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


class PlainTips(QStyledItemDelegate):
    """The default painting; a cell's tooltip (a title, a name, a finding quoting them)
    shown as typed, never read as HTML."""

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView,  # noqa: N802 - Qt's name
                  option: QStyleOptionViewItem,
                  index: QModelIndex | QPersistentModelIndex) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            tip = self.tip(view, index)
            if tip:
                QToolTip.showText(event.globalPos(), plain_tip(tip), view, view.visualRect(index))
                return True
        return super().helpEvent(event, view, option, index)

    def tip(self, view: QAbstractItemView, index: QModelIndex | QPersistentModelIndex) -> str:
        tip = index.data(Qt.ItemDataRole.ToolTipRole)
        return "" if tip is None else str(tip)


class ElidedTips(PlainTips):
    """Plain tooltips; the whole text of a cut cell that has no tooltip of its own."""

    def tip(self, view: QAbstractItemView, index: QModelIndex | QPersistentModelIndex) -> str:
        return super().tip(view, index) or (str(index.data()) if elided(view, index) else "")


def tip_when_elided(view: QAbstractItemView) -> None:
    """Give ``view`` the delegate above (views with a delegate of their own keep it)."""
    view.setItemDelegate(ElidedTips(view))


def plain_tips(view: QAbstractItemView) -> None:
    """Give ``view`` plain tooltips (a list whose cells are never cut, or whose cut
    cells have tooltips of their own)."""
    view.setItemDelegate(PlainTips(view))
