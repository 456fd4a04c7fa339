"""资格审核 dated in the window as a clerk types it: the 改变状态 dialog (Ctrl+M, one patent or
several) and 专家评审 → 资格审核 take a 资格审核日期, in the Tab order, Enter still confirming;
the 审批表 prints that day, not the day it was typed in as 补录."""

from __future__ import annotations

import subprocess
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_printing import squash
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window
from test_ui_undo_status import a_patent, shift_select, three_patents

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.ui.status_dialog import StatusDialog
from tests.test_panel_support import make_project

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _decided_on(reg, stream, app_id):
    return reg.status_history(stream, app_id)[-1]["decided_on"]


def _ctrl_m(qtbot, window, screen) -> StatusDialog:
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog) and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    return dialog


def _ctrl_m_on(qtbot, window, app_id: int, screen_index: int = 0) -> StatusDialog:
    """改变状态 for one paper: its screen shown, the paper selected, the list keyed, Ctrl+M."""
    screen = window.show_screen(screen_index)
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    return _ctrl_m(qtbot, window, screen)


def _to_day(qtbot, dialog, reason: str = "") -> None:
    """From the list of moves, Tab to 说明 (typed), Tab to the date, as a clerk would."""
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.reason
    if reason:
        type_text(qtbot, reason)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.day and dialog.day_label.text() == "资格审核日期(&D)"
    assert dialog.day.text() == date.today().isoformat()  # today until typed


def test_ctrl_m_passes_a_patent_on_the_day_typed_and_the_sheet_prints_it(
        window, qtbot, reg, answers, tmp_path):
    app_id = a_patent(reg, received_date=date(2022, 10, 25))
    dialog = _ctrl_m_on(qtbot, window, app_id)
    assert dialog.target == "qualified"
    _to_day(qtbot, dialog)
    type_text(qtbot, "22-11-10")  # the field's text selected by Tab: replaced
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.errors
    assert reg.patent(app_id).status == "qualified"
    assert _decided_on(reg, PATENT, app_id) == "2022-11-10"
    assert "资格审核通过（资格审核日期 2022-11-10）" in window.show_screen(0).detail.toPlainText()
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 11, 15))
    pdf = tmp_path / "sheet.pdf"
    write_approval_pdf(pdf, load_sheets(reg, 2022))
    text = squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                                 capture_output=True, text=True).stdout)
    assert "资格审核通过（2022年11月10日）" in text and "补录" not in text


def test_ctrl_m_refuses_a_patent_on_the_day_typed_in_chinese(window, qtbot, reg, answers):
    app_id = a_patent(reg, received_date=date(2022, 10, 25))
    dialog = _ctrl_m_on(qtbot, window, app_id)
    assert dialog.select("refused")
    _to_day(qtbot, dialog, "企业应用证明未盖章")
    type_text(qtbot, "2022年11月10日")
    press(qtbot, Qt.Key.Key_Return)
    assert reg.patent(app_id).status == "refused"
    assert _decided_on(reg, PATENT, app_id) == "2022-11-10"


def test_a_day_before_the_paper_came_is_refused_and_nothing_moves(window, qtbot, reg, answers):
    app_id = a_patent(reg, received_date=date(2022, 10, 25))
    dialog = _ctrl_m_on(qtbot, window, app_id)
    _to_day(qtbot, dialog)
    type_text(qtbot, "2022-10-20")
    press(qtbot, Qt.Key.Key_Return)
    assert f"资格审核日期 2022-10-20 早于专利{app_id}的收件日期 2022-10-25" in answers.errors[-1][1]
    assert reg.patent(app_id).status == "registered"


def test_ctrl_m_over_several_patents_dates_them_all(window, qtbot, reg, answers):
    ids = three_patents(reg)
    screen = shift_select(qtbot, window, ids, 3)
    dialog = _ctrl_m(qtbot, window, screen)
    assert dialog.app_ids == ids and dialog.target == "qualified"
    _to_day(qtbot, dialog)
    type_text(qtbot, "2022-11-10")
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.errors
    assert [reg.patent(i).status for i in ids] == ["qualified"] * 3
    assert [_decided_on(reg, PATENT, i) for i in ids] == ["2022-11-10"] * 3


def test_the_qualification_tab_dates_each_decision_by_the_day_typed_once(
        window, qtbot, reg, answers):
    ids = [make_project(reg, f"项目{k}", f"工作室{k}", unit=f"第{k}区总工会") for k in range(3)]
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    assert tab.current().project.id == ids[0]
    press(qtbot, Qt.Key.Key_Tab)  # 审核理由
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is tab.day and tab.day.text() == date.today().isoformat()
    type_text(qtbot, "2022-11-10")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is tab.pass_button
    press(qtbot, Qt.Key.Key_Space)
    assert reg.project(ids[0]).status == "qualified"
    assert _decided_on(reg, PROJECT, ids[0]) == "2022-11-10"
    # the next of the review day's list: the day kept, Alt+P from the list
    assert focused() is tab.table and tab.current().project.id == ids[1]
    assert tab.day.text() == "2022-11-10"
    press(qtbot, Qt.Key.Key_P, ALT)  # the button's key: its click comes a moment later
    qtbot.waitUntil(lambda: reg.project(ids[1]).status == "qualified")
    assert _decided_on(reg, PROJECT, ids[1]) == "2022-11-10"
    # a refusal, its reason and its day typed
    tab.reason.setFocus()
    type_text(qtbot, "企业未盖章")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2022年11月11日")
    press(qtbot, Qt.Key.Key_R, ALT)
    qtbot.waitUntil(lambda: reg.project(ids[2]).status == "refused")
    assert _decided_on(reg, PROJECT, ids[2]) == "2022-11-11"


def test_the_qualification_tab_refuses_a_day_to_come_or_no_day(window, qtbot, reg, answers):
    pid = make_project(reg, "项目甲", "工作室甲")
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    tab.day.setFocus()
    tab.day.selectAll()
    type_text(qtbot, "2099-01-01")
    press(qtbot, Qt.Key.Key_P, ALT)  # the button's key: its click comes a moment later
    qtbot.waitUntil(lambda: "资格审核日期 2099-01-01 在今天之后" in tab.error.text())
    tab.day.setFocus()
    tab.day.selectAll()
    type_text(qtbot, "2022.13.5")
    press(qtbot, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: "没有 13 月" in tab.error.text())
    assert focused() is tab.day
    tab.day.clear()
    press(qtbot, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: "请填写资格审核日期" in tab.error.text())
    assert reg.project(pid).status == "registered"
