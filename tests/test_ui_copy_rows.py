"""Copying out of the lists as a clerk does it: select rows, Ctrl+C (or a right click →
复制), paste into Excel, WPS or a WeChat message. The clipboard gets the rows as shown:
the columns in view in their order, the texts on screen, ID and card numbers masked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QContextMenuEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QTableView
from test_copy_table import Grid
from test_ui_register import many_patents
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.labels import mask_id
from boostdesk.safety.privacy import mask_card_grouped
from boostdesk.ui import copy_rows
from boostdesk.ui.copy_rows import RowCopier, copyable
from boostdesk.ui.register_model import ApplicationModel
from boostdesk.ui.rows_model import RowsModel

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def clipboard(qapp):
    board = QApplication.clipboard()
    board.setText("上一次复制的内容")
    return board


def shown(view: QTableView, rows: range | list[int], columns: list[int] | None = None
          ) -> list[list[str]]:
    """What the view shows in these rows, column by column as the header orders them."""
    model, header = view.model(), view.horizontalHeader()
    if columns is None:
        columns = [header.logicalIndex(v) for v in range(header.count())
                   if not view.isColumnHidden(header.logicalIndex(v))]
    return [[model.index(r, c).data() or "" for c in columns] for r in rows]


def pasted(board) -> list[list[str]]:
    return [line.split("\t") for line in board.text().split("\n")]


def focus(qtbot, view: QTableView) -> None:
    """A list on its own in a window that has the keyboard, as on the screens."""
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def register_screen(window, reg, count: int):
    ids = many_patents(reg, count)
    screen = window.screen_named("专利助推")
    screen.reload()
    screen.table.setFocus()
    return screen, ids


def test_ctrl_c_copies_the_rows_selected_with_the_keys_as_shown(window, ctx, reg, qtbot,
                                                                 clipboard):
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    screen, ids = register_screen(window, reg, 6)
    table = screen.table
    screen.select_id(ids[1])
    qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(table, Qt.Key.Key_C, CTRL)
    rows = sorted(i.row() for i in table.selectionModel().selectedRows())
    assert len(rows) == 3
    assert pasted(clipboard) == shown(table, rows)
    assert notices[-1] == "已复制 3 行"
    mime = clipboard.mimeData()
    assert mime.hasHtml()
    grid = Grid(mime.html())
    assert grid.rows == shown(table, rows)
    number = [screen.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(screen.model.columnCount())].index("专利号")
    assert grid.rows[0][number].startswith("ZL")
    assert grid.attrs[0][number]["style"] == "mso-number-format:'\\@'"  # Excel keeps it as text


def test_the_columns_go_as_the_header_shows_them_moved_or_hidden(window, ctx, reg, qtbot,
                                                                 clipboard):
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    screen, ids = register_screen(window, reg, 3)
    table, header = screen.table, screen.table.horizontalHeader()
    header.moveSection(header.visualIndex(5), 0)  # 专利名称 dragged to the front
    table.setColumnHidden(1, True)  # 资格 hidden
    screen.select_id(ids[0])
    qtbot.keyClick(table, Qt.Key.Key_Down, SHIFT)  # a moved header cuts the selection up
    qtbot.keyClick(table, Qt.Key.Key_C, CTRL | SHIFT)  # 复制（含表头）
    lines = pasted(clipboard)
    assert lines[0][:3] == ["专利名称", "登记号", "状态"] and "资格" not in lines[0]
    assert lines[1:] == shown(table, [0, 1]) and lines[1][0] == "专利0000"
    assert notices[-1] == "已复制 2 行（含表头）"


def test_ctrl_a_then_ctrl_c_copies_every_row_found_without_the_view_fetching_them(
        window, ctx, reg, qtbot, clipboard, monkeypatch):
    """The view holds the 200 rows fetched so far; Ctrl+A means the list, as for 改状态."""
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    screen, ids = register_screen(window, reg, 260)
    built = [0]
    real = ApplicationModel._load_block

    def counted(self, row):  # the view's own cache, filled a screenful at a time
        built[0] += 1
        return real(self, row)

    monkeypatch.setattr(ApplicationModel, "_load_block", counted)
    assert screen.model.rowCount() == 200
    qtbot.keyClick(screen.table, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(screen.table, Qt.Key.Key_C, CTRL)
    lines = pasted(clipboard)
    assert len(lines) == 260 and notices[-1] == "已复制 260 行"
    assert [line[0] for line in lines] == [str(i) for i in screen.model.ids]
    assert lines[259][5] == "专利0259"
    assert screen.model.rowCount() == 200 and built[0] == 0
    screen.select_id(ids[-1])  # fetched into view: the copy said what the view now shows
    assert lines[259] == shown(screen.table, [259])[0]


def test_past_the_limit_the_clerk_is_sent_to_the_export_and_the_clipboard_kept(
        window, ctx, reg, qtbot, clipboard, answers, monkeypatch):
    monkeypatch.setattr(copy_rows, "MAX_ROWS_COPIED", 100)
    screen, _ids = register_screen(window, reg, 150)
    qtbot.keyClick(screen.table, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(screen.table, Qt.Key.Key_C, CTRL)
    title, text = answers.errors[-1]
    assert title == "未复制" and "已选 150 行，一次最多复制 100 行" in text and "Ctrl+E" in text
    assert clipboard.text() == "上一次复制的内容"


def test_the_people_list_copies_id_and_card_numbers_masked_as_shown(window, ctx, reg, qtbot,
                                                                    clipboard):
    many_patents(reg, 2)
    person = reg.conn.execute("SELECT name, id_number, card_number FROM people ORDER BY id"
                              ).fetchone()
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)
    view = screen.people_view
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data() == person[0])
    view.setFocus()
    view.setCurrentIndex(view.model().index(row, 0))
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL | SHIFT)
    lines = pasted(clipboard)
    assert lines[0][:3] == ["姓名", "身份证号", "互助服务卡号"]
    assert lines[1][:3] == [person[0], mask_id(person[1]), mask_card_grouped(person[2])]
    html = clipboard.mimeData().html()
    for full in (person[1], person[2]):
        assert full not in clipboard.text() and full not in html


def test_a_right_click_offers_copy_with_and_without_headers(window, ctx, reg, qtbot, clipboard,
                                                            tmp_path):
    screen, _ids = register_screen(window, reg, 4)
    table = screen.table
    where = table.visualRect(screen.model.index(2, 3)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.RightButton, pos=where)  # selects row 2
    QApplication.sendEvent(table.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, where, table.viewport().mapToGlobal(where)))
    copier = table.findChild(RowCopier)
    menu = copier.menu
    qtbot.waitUntil(menu.isVisible)
    # the copies first, then (a register list's) 办理进度告知单 after a separator
    assert [a.text() for a in menu.actions()][:2] == ["复制(&C)", "复制（含表头）(&H)"]
    assert all(a.isEnabled() for a in menu.actions() if not a.isSeparator())
    menu.grab().save(str(tmp_path / "menu.png"))
    menu.actions()[1].trigger()
    menu.hide()
    lines = pasted(clipboard)
    assert lines[0][0] == "登记号" and lines[1:] == shown(table, [2])


def test_ctrl_c_in_the_search_box_copies_its_text_not_the_rows(window, ctx, reg, qtbot,
                                                              clipboard):
    screen, _ids = register_screen(window, reg, 3)
    screen.search.setFocus()
    type_text(qtbot, "专利0001", screen.search)
    screen.search.selectAll()
    qtbot.keyClick(screen.search, Qt.Key.Key_C, CTRL)
    assert clipboard.text() == "专利0001"


def test_a_rectangle_of_cells_is_copied_with_a_tab_typed_in_a_cell_kept_in_it(qtbot,
                                                                             clipboard):
    """A grid selecting cells (the scoring grids), over a model with no data path of its
    own: the cells' rectangle, the cells inside it not selected left blank."""
    model = QStandardItemModel(4, 4)
    for r in range(4):
        for c in range(4):
            model.setItem(r, c, QStandardItem(f"格{r}{c}"))
    model.setItem(1, 2, QStandardItem("评语\t第一句\n第二句"))
    model.setHorizontalHeaderLabels(["项目", "创新性", "实用性", "合计"])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    notices: list[str] = []
    copyable(view, notices.append)
    focus(qtbot, view)
    view.setCurrentIndex(model.index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Down)  # to 创新性 of the second row: the corner
    qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert pasted(clipboard) == [["格11", "评语 第一句 第二句"], ["格21", "格22"]]
    assert notices[-1] == "已复制 2 行 × 2 列"
    selection = QItemSelection(model.index(0, 0), model.index(0, 0))
    selection.select(model.index(2, 3), model.index(2, 3))
    view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert pasted(clipboard) == [["格00", ""], ["", "格23"]]
    view.selectionModel().select(model.index(3, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert clipboard.text() == "格30" and notices[-1] == "已复制 1 个单元格"


def test_a_rows_model_list_copies_from_its_rows(qtbot, clipboard):
    model = RowsModel(("工作室", "级别", "助推金额"), right=(2,))
    model.set_rows([(1, ("甲创新工作室", "市级", "¥50,000.00")),
                    (2, ("乙创新工作室", "区级", "¥20,000.00"))])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    copyable(view, lambda _text: None)
    focus(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert pasted(clipboard) == [["甲创新工作室", "市级", "¥50,000.00"],
                                 ["乙创新工作室", "区级", "¥20,000.00"]]


def test_a_right_click_on_the_frozen_first_column_opens_the_grids_menu(qtbot, clipboard):
    """The scoring grid keeps the project's title in an overlay (FrozenFirstColumn): a right
    click on a title is one on its row."""
    from boostdesk.ui.frozen_column import FrozenFirstColumn
    from boostdesk.ui.grid_view import GridView

    model = RowsModel(("项目名称", *(f"细则{i}" for i in range(12))))
    model.set_rows([(n, (f"项目{n}", *(str(n * i) for i in range(12)))) for n in range(5)])
    view = GridView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(500, 300)
    copyable(view, lambda _text: None)
    frozen = FrozenFirstColumn(view)
    focus(qtbot, view)
    frozen.place()
    assert frozen.isVisible()
    where = frozen.visualRect(model.index(1, 0)).center()
    qtbot.mouseClick(frozen.viewport(), Qt.MouseButton.RightButton, pos=where)
    QApplication.sendEvent(frozen.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, where, frozen.viewport().mapToGlobal(where)))
    menu = view.findChild(RowCopier).menu
    assert menu is not None and menu.isVisible()
    menu.actions()[0].trigger()
    menu.hide()
    assert clipboard.text() == "项目1"  # the cell right-clicked, the grid selecting cells


def test_a_process_that_copied_exits_cleanly(tmp_path):
    """The clipboard deletes what it holds after Python has shut down: a QMimeData made in
    Python called back into it then, and the process crashed on its way out."""
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    script = tmp_path / "copy_and_quit.py"
    script.write_text(
        "import os\n"
        "os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QTableView\n"
        "from boostdesk.ui.copy_rows import copyable\n"
        "from boostdesk.ui.rows_model import RowsModel\n"
        "app = QApplication([])\n"
        "model = RowsModel(('姓名',))\n"
        "model.set_rows([(1, ('张三',))])\n"
        "view = QTableView()\n"
        "view.setModel(model)\n"
        "view.selectRow(0)\n"
        "assert copyable(view, print).copy() == 1\n"
        "assert QApplication.clipboard().mimeData().html()\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                         timeout=120, env={**os.environ, "PYTHONPATH": str(root)})
    assert run.returncode == 0, (run.returncode, run.stderr[-2000:])
    assert "已复制 1 个单元格" in run.stdout
