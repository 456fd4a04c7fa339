"""The import preview (the second privacy officer's findings 3 and 4): the 联系电话 cell
keeps the table's phone whole (to compare with the paper), but the same phone quoted in
another column or a tooltip was shown whole (a landline no pattern knows); Ctrl+C of a row
(the clerk's copy, often pasted to the union) named a shared card's other holder, another
union's applicant (也登记为“李四”的卡号)."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_2, PATENT_HEADERS, patent_no, write_sheet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_import_resend import ID_4, TITLE, first_table
from test_ui_import import open_dialog, read
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
LANDLINE = "010-82345678"


def _row_of(model, name: str) -> int:
    headers = _headers(model)
    col = headers.index("第一发明人")
    return next(r for r in range(model.rowCount())
                if name in str(model.data(model.index(r, col))))


def _headers(model) -> list[str]:
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def _copy_row(qtbot, dialog, r: int) -> str:
    dialog.table.selectRow(r)
    dialog.table.setFocus()
    press(qtbot, Qt.Key.Key_C, CTRL, dialog.table)
    return QApplication.clipboard().text()


def test_a_rows_phone_is_whole_only_in_its_own_cell_and_never_copied_whole(
        window, qtbot, reg, tmp_path):
    from fixtures.summary_sheets import patent_row

    table = write_sheet(tmp_path / "丰台区汇总表.xlsx", [
        TITLE, PATENT_HEADERS,
        patent_row(序号=1, 推荐单位="丰台区总工会", 第一发明人="赵六", 身份证号=ID_4,
                   专利号=patent_no("202110555555"), 联系电话=LANDLINE,
                   备注=f"白天请打 {LANDLINE}；手机 139 3333  4444")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, table)
    model = dialog.model
    headers = _headers(model)
    r = _row_of(model, "赵六")
    assert model.data(model.index(r, headers.index("联系电话"))) == LANDLINE  # as decided
    for c in range(model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if role == Qt.ItemDataRole.DisplayRole and headers[c] == "联系电话":
                continue
            shown = str(model.data(model.index(r, c), role) or "")
            assert "82345678" not in shown and "33334444" not in shown, (headers[c], shown)
    assert "010-****5678" in model.data(model.index(r, headers.index("备注")))
    copied = _copy_row(qtbot, dialog, r)
    assert "82345678" not in copied and "3333" not in copied, copied
    assert copied.count("010-****5678") == 2
    dialog.copy_problem_list()
    assert "82345678" not in QApplication.clipboard().text()


def test_ctrl_c_does_not_name_a_shared_cards_other_holder(window, qtbot, reg, tmp_path):
    from fixtures.summary_sheets import patent_row

    commit(reg, read_table(first_table(tmp_path), 2022))  # 海淀's 李四 holds CARD_2
    table = write_sheet(tmp_path / "丰台区汇总表.xlsx", [
        TITLE, PATENT_HEADERS,
        patent_row(序号=1, 推荐单位="丰台区总工会", 第一发明人="赵六", 身份证号=ID_4,
                   专利号=patent_no("202110555555"), 工会会员互助服务卡号=CARD_2)])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, table)
    model = dialog.model
    r = _row_of(model, "赵六")
    cells = " ".join(str(model.data(model.index(r, c)) or "") for c in range(model.columnCount()))
    assert "也登记为“李四”的卡号" in cells  # the clerk's own grid may name him
    copied = _copy_row(qtbot, dialog, r)
    assert "李四" not in copied and "已登记为另一申报人的卡号" in copied, copied
    assert CARD_2 not in copied
    dialog.copy_problem_list()
    assert "李四" not in QApplication.clipboard().text()
