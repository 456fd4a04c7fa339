"""RowsModel: a header click moves the rows and the chosen row with them; colours, tips and
right-aligned columns as given; a meaningful order kept until a header is clicked."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView

from boostdesk.ui.rows_model import ID_ROLE, Row, RowsModel

ROWS = [Row(7, ("张三", "¥3,000.00"), "甲"), Row(3, ("李四", "¥500.00"), "",
            cell_tips={1: "已拨付"}, colours={1: "#2e7d32"}),
        Row(5, ("王五", "¥12,000.00"), "")]


def test_a_header_click_keeps_the_chosen_row_chosen(qtbot):
    model = RowsModel(("姓名", "金额"), right=(1,), sorted_on_load=False)
    model.set_rows(ROWS)
    assert [model.id_at(r) for r in range(3)] == [7, 3, 5]  # the order given
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectionModel().setCurrentIndex(
        model.index(2, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by value, not by text
    assert [model.text(r, 1) for r in range(3)] == ["¥500.00", "¥3,000.00", "¥12,000.00"]
    current = view.currentIndex()
    assert model.data(current, ID_ROLE) == 5 and current.row() == 2
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert model.data(view.currentIndex(), ID_ROLE) == 5 and view.currentIndex().row() == 0
    assert [model.data(i, ID_ROLE) for i in view.selectionModel().selectedRows()] == [5]


def test_tips_colours_and_alignment():
    model = RowsModel(("姓名", "金额"), right=(1,))
    model.set_rows(ROWS)
    row = model.row_of(3)
    tip, colour = (model.data(model.index(row, 1), role) for role in (
        Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole))
    assert tip == "已拨付" and colour.color().name() == "#2e7d32"
    assert model.data(model.index(row, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(model.row_of(7), 0), Qt.ItemDataRole.ToolTipRole) == "甲"
    aligned = model.data(model.index(row, 1), Qt.ItemDataRole.TextAlignmentRole)
    assert aligned & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(row, 0), Qt.ItemDataRole.TextAlignmentRole) is None
