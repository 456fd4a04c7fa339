"""更正资格审核日期 in the window, as a clerk types it: Ctrl+M (改变状态) on an approved
paper, its last choice, the reason and the day typed, Enter; the 审批表 then prints the day
without 补录. And 核准 typed before the paper's 资格审核日期 is refused in words."""

from __future__ import annotations

import subprocess
from datetime import date

from PySide6.QtCore import Qt
from test_finance import add_project
from test_printing import squash
from test_ui_qualified_date import _ctrl_m, _ctrl_m_on
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window
from test_ui_undo_status import a_patent

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.ui.status_dialog import REDATE

__all__ = ["answers", "ctx", "qsettings", "window"]

WHY = "按2022年资格审核记录补记"


def _approved_patent(reg) -> int:
    """Qualified before the 资格审核日期 existed (no day of its own), then approved."""
    app_id = a_patent(reg, received_date=date(2022, 10, 25))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 11, 15))
    return app_id


def _qualified_on(reg, stream, app_id):
    return [h["decided_on"] for h in reg.status_history(stream, app_id)
            if h["to_status"] == "qualified"][-1]


def _sheet(reg, tmp_path) -> str:
    pdf = tmp_path / "sheet.pdf"
    write_approval_pdf(pdf, load_sheets(reg, 2022))
    return squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                                 capture_output=True, text=True).stdout)


def _to_redate(qtbot, window, screen, app_id):
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    dialog = _ctrl_m(qtbot, window, screen)
    press(qtbot, Qt.Key.Key_End)  # the last choice of the list
    assert dialog.target == REDATE
    assert dialog.choices.currentItem().text() == "更正资格审核日期（不改状态）"
    assert "现资格审核日期：未填（审批表按录入日" in dialog.against.text()
    return dialog


def test_ctrl_m_corrects_an_approved_patents_qualification_day_and_the_sheet_prints_it(
        window, qtbot, reg, answers, tmp_path):
    app_id = _approved_patent(reg)
    assert "补录）" in _sheet(reg, tmp_path)
    screen = window.show_screen(0)
    dialog = _to_redate(qtbot, window, screen, app_id)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.reason and dialog.reason_label.text() == "更正原因（必填）(&R)"
    type_text(qtbot, WHY)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.day and dialog.day.text() == ""  # no day kept: typed
    type_text(qtbot, "2022年11月10日")
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.errors
    assert not dialog.isVisible()
    assert _qualified_on(reg, PATENT, app_id) == "2022-11-10"
    assert reg.patent(app_id).status == "approved"
    shown = screen.detail.toPlainText()
    assert "更正资格审核日期" in shown and "2022-11-10" in shown
    text = _sheet(reg, tmp_path)
    assert "资格审核通过（2022年11月10日）" in text and "补录" not in text


def test_the_correction_wants_its_reason_and_no_day_after_the_approval(
        window, qtbot, reg, answers):
    app_id = _approved_patent(reg)
    dialog = _to_redate(qtbot, window, window.show_screen(0), app_id)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2022-11-10")
    press(qtbot, Qt.Key.Key_Return)  # no reason
    assert "请写明更正原因" in dialog.error.text() and focused() is dialog.reason
    type_text(qtbot, WHY)
    dialog.day.setFocus()
    dialog.day.selectAll()
    type_text(qtbot, "2022-11-20")
    press(qtbot, Qt.Key.Key_Return)
    assert "资格审核日期 2022-11-20 晚于专利1的核准日期 2022-11-15" in answers.errors[-1][1]
    assert dialog.isVisible() and _qualified_on(reg, PATENT, app_id) is None


def test_an_approved_project_is_corrected_on_the_project_register(window, qtbot, reg, answers):
    pid = add_project(reg)  # approved 2022-12-28, qualified undated
    dialog = _to_redate(qtbot, window, window.show_screen(1), pid)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, WHY)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2022-11-20")
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.errors and not dialog.isVisible()
    assert _qualified_on(reg, PROJECT, pid) == "2022-11-20"


def test_a_registered_paper_is_offered_no_correction(window, qtbot, reg, answers):
    app_id = a_patent(reg, received_date=date(2022, 10, 25))
    dialog = _ctrl_m_on(qtbot, window, app_id)
    assert REDATE not in [dialog.choices.item(i).data(Qt.ItemDataRole.UserRole)
                          for i in range(dialog.choices.count())]


def test_ctrl_m_approving_before_the_qualification_day_is_refused(window, qtbot, reg, answers):
    app_id = a_patent(reg, received_date=date(2022, 10, 25))
    reg.set_status(PATENT, app_id, "qualified", decided_on=date(2022, 11, 10))
    dialog = _ctrl_m_on(qtbot, window, app_id)
    assert dialog.target == "approved"
    dialog.day.setFocus()
    dialog.day.selectAll()
    type_text(qtbot, "2022-11-09")
    press(qtbot, Qt.Key.Key_Return)
    assert ("核准日期 2022-11-09 早于专利1的资格审核日期 2022-11-10：核准须在资格审核通过之后"
            in answers.errors[-1][1])
    assert reg.patent(app_id).status == "qualified"
