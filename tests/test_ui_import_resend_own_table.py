"""导入汇总表 with a union's resend correcting its first inventor's ID (same name, same
patent, same union): shown as a difference to take with 按表更新, the row not marked as a
dispute; ticked, the paper is saved with the table's number."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_1, PATENT_HEADERS, patent_row, resident_id, write_sheet
from PySide6.QtCore import Qt
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.ui.import_dialog import DIFFERS

__all__ = ["answers", "ctx", "qsettings", "window"]

TITLE = ["2022年职工创新发明专利助推汇总表"]
NEW_ID = resident_id("11010119850317104")


def test_a_resent_id_of_the_same_first_inventor_is_a_correction_to_take(
        window, qtbot, reg, answers, tmp_path):
    first = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row(第一发明人="王明")])
    commit(reg, read_table(first, 2022))
    path = write_sheet(tmp_path / "海淀区（第2次）.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        第一发明人="王明", 身份证号=NEW_ID, 工会会员互助服务卡号=CARD_1)])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.model.rows_with(DIFFERS) == [3]
    reasons = dialog.model.data(dialog.model.index(0, 2))
    assert "按更正专利1的身份证号处理，不属争议" in reasons and "两份申报都称" not in reasons
    assert "勾选“按表更新已登记申报中不同的项”" in reasons
    assert "争第一发明人" not in dialog.summary.text()

    dialog.update_registered.setChecked(True)
    assert dialog.import_all.isEnabled()
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    [paper] = reg.patents(2022)
    assert (paper.inventor_name, paper.id_number) == ("王明", NEW_ID)
