"""The 资格 column holds 不合格（逾期报送） whole beside its ✗: at 136 pixels an older year's
list (most papers came late) showed 不合格（逾期报… on every row."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
from test_interrupted_writes import sample
from test_ui_support import year_context

from boostdesk.printing.samples import YEAR

__all__ = ["sample"]


def test_the_longest_verdict_is_not_cut(sample, tmp_path, qtbot, qapp):
    from boostdesk.ui.register_screen import PatentScreen

    font = qapp.font()
    shipped = QFont(font)
    shipped.setPointSizeF(10.5)  # the shipped 10 pt and a little: the tester's fonts ran wider
    qapp.setFont(shipped)
    ctx = year_context(sample, tmp_path, YEAR, "录入员甲")
    screen = PatentScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    try:
        table = screen.table
        column = [c.key for c in screen.spec.columns].index("verdict")
        # the room the view's delegate gives a cell's text beside its icon, as it paints
        option = QStyleOptionViewItem()
        table.initViewItemOption(option)
        option.rect = table.visualRect(table.model().index(0, column, QModelIndex()))
        option.rect.setWidth(table.horizontalHeader().sectionSize(column))
        option.text = "不合格（逾期报送）"
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
        option.decorationSize = table.iconSize()
        room = table.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table)
        assert table.fontMetrics().horizontalAdvance(option.text) <= room.width()
    finally:
        ctx.shutdown()
        qapp.setFont(font)
