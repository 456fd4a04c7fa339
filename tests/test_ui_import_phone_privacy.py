"""导入汇总表 on a union's table sent again with a phone changed and a card number written
into 备注: the 原因 column, its tooltip, the status line, 复制问题清单 (sent to the union)
and Ctrl+C mask the phone and the card (the privacy officer read 联系电话：登记册为
“139…”，表中为“139…” in full); the 联系电话 cell keeps the table's phone whole, for the
clerk to compare with the paper; the command line's import masks it too."""

from __future__ import annotations

from dataclasses import replace

from fixtures.summary_sheets import PATENT_HEADERS, write_sheet
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_import_resend import TITLE, first_table, lisi
from test_ui_import import open_dialog, read
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.cli import main
from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.io.resend import Difference
from boostdesk.ui.import_dialog import DIFFERS

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier

OLD, NEW = "13933334444", "13955556666"
CARD_IN_NOTE = "6214830112345678"  # a card the union wrote into 备注


def _tables(tmp_path):
    first = first_table(tmp_path)
    again = write_sheet(tmp_path / "海淀区汇总表（再报）.xlsx", [
        TITLE, PATENT_HEADERS, lisi(联系电话=NEW, 备注=f"原卡 {CARD_IN_NOTE} 已挂失")])
    return first, again


def _no_full_number(text: str) -> None:
    assert NEW not in text and OLD not in text and CARD_IN_NOTE not in text, text


def test_a_changed_phone_and_a_card_in_remarks_are_masked_in_messages_and_copies(
        window, qtbot, reg, tmp_path):
    first, again = _tables(tmp_path)
    commit(reg, read_table(first, 2022))
    lisi_app = next(a for a in reg.patents(2022) if a.inventor_name == "李四")
    reg.save_patent(replace(lisi_app, phone=OLD))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, again)
    model = dialog.model
    assert model.rows_with(DIFFERS)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    line = model.rows_with(DIFFERS)[0]
    r = next(i for i, ln in enumerate(model.lines) if ln[0] == line)
    reason = model.data(model.index(r, 2))
    assert "联系电话：登记册为“139****4444”，表中为“139****6666”" in reason
    _no_full_number(reason)
    _no_full_number(model.data(model.index(r, 2), Qt.ItemDataRole.ToolTipRole))
    # the cell: the table's phone whole, to compare with the paper; 备注's card masked
    assert model.data(model.index(r, headers.index("联系电话"))) == f"{NEW}（登记册：139****4444）"
    assert "6214 **** **** 5678" in model.data(model.index(r, headers.index("备注")))
    dialog.table.setCurrentIndex(model.index(r, 2))
    _no_full_number(dialog.reasons.text())
    assert "139****6666" in dialog.reasons.text()
    # 复制问题清单 and Ctrl+C: what goes to the union
    dialog.copy_problem_list()
    copied = QApplication.clipboard().text()
    # the union's list names the changed field, not the number (io.union_problems)
    assert "联系电话" in copied
    _no_full_number(copied)
    dialog.table.selectRow(r)
    dialog.table.setFocus()
    press(qtbot, Qt.Key.Key_C, CTRL, dialog.table)
    copied = QApplication.clipboard().text()
    assert "139****6666" in copied and "6214 **** **** 5678" in copied
    _no_full_number(copied)


def test_the_command_line_s_import_masks_the_phone_it_says_differs(tmp_path, capsys):
    first, again = _tables(tmp_path)
    db = tmp_path / "r.db"
    assert main(["import", str(first), "--db", str(db)]) == 0
    capsys.readouterr()
    main(["import", str(again), "--db", str(db)])
    said = "".join(capsys.readouterr())
    assert "联系电话：登记册为“138****8000”，表中为“139****6666”" in said
    _no_full_number(said)


def test_two_phones_masked_alike_are_said_to_differ():
    d = Difference("phone", "联系电话", "13912345678", "13987655678")
    assert str(d) == "联系电话：登记册为“139****5678”，表中为“139****5678”（号码不同，中间位已隐去）"


def test_a_masked_phone_is_left_out_and_said_on_its_row(window, qtbot, reg, tmp_path):
    """A masked copy's phone (every exported copy masks phones, the 财务联 too) on a new
    row: the row is ready to import, its line saying the phone is left blank."""
    from boostdesk.ui.import_dialog import READY

    path = write_sheet(tmp_path / "汇总表-财务联.xlsx",
                       [TITLE, PATENT_HEADERS, lisi(联系电话="139****4444")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    assert model.rows_with(READY) == [3], model.lines
    reason = model.data(model.index(0, 2))
    assert "电话 139****4444 中间已用 * 隐去，是导出时部分隐去的号码，未登记，电话留空" in reason, reason
    dialog.grab().save(str(tmp_path / "masked-phone-row.png"))
