"""更正资格审核日期 in the window is undone by Ctrl+Z (and 编辑 → 撤销) as the window's other
edits are, its trail line saying 撤销“…”; an undo the rules would refuse now is refused in
words; and a day is put back to 未填 from the dialog (日期不详，改回未填)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMenu
from test_ui_qualified_date_correction import WHY, _approved_patent, _qualified_on, _sheet
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window
from test_ui_undo_status import a_patent

from boostdesk.models.records import PATENT

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def _to_redate(qtbot, window, screen, app_id, now: str = "未填（审批表按录入日"):
    """The paper selected on its list, Ctrl+M, End: 更正资格审核日期, the day it has said."""
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    press(qtbot, Qt.Key.Key_End)
    assert dialog.choices.currentItem().text() == "更正资格审核日期（不改状态）"
    assert f"现资格审核日期：{now}" in dialog.against.text()
    return dialog


def _correct(qtbot, window, screen, app_id, typed: str, now: str = "未填（审批表按录入日") -> None:
    """Ctrl+M, its last choice, the reason and the day typed, Enter; back on the list."""
    dialog = _to_redate(qtbot, window, screen, app_id, now)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, WHY)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.day
    dialog.day.selectAll()
    type_text(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)
    assert closed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)


def _qualified_undated(reg) -> int:
    app_id = a_patent(reg, received_date=date(2022, 10, 25))
    reg.set_status(PATENT, app_id, "qualified")
    return app_id


def test_ctrl_z_undoes_the_correction_ctrl_y_redoes_it_and_the_edit_menu_undoes_it_too(
        window, qtbot, reg, answers, tmp_path):
    app_id = _approved_patent(reg)
    screen = window.show_screen(0)
    _correct(qtbot, window, screen, app_id, "2022-11-10")
    assert _qualified_on(reg, PATENT, app_id) == "2022-11-10"
    assert "补录" not in _sheet(reg, tmp_path)

    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not answers.errors
    assert _qualified_on(reg, PATENT, app_id) is None  # 未填 again
    assert "补录）" in _sheet(reg, tmp_path)
    line = reg.audit_trail("patent_applications", app_id)[-1]
    assert line["action"] == "correct_qualified_date" and line["note"] == "撤销“更正专利1的资格审核日期”"
    assert line["before"] == {"qualified_on": "2022-11-10"}
    assert "撤销“更正专利1的资格审核日期”" in screen.detail.toPlainText()

    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert _qualified_on(reg, PATENT, app_id) == "2022-11-10"
    assert reg.audit_trail("patent_applications", app_id)[-1]["note"] == "重做“更正专利1的资格审核日期”"

    assert window.undo_action.text() == "撤销(&U) 更正专利1的资格审核日期"
    qtbot.keyClick(window, Qt.Key.Key_E, ALT)  # 编辑 → 撤销, from the keyboard
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    menu = QApplication.activePopupWidget()
    assert menu.title() == "编辑(&E)"
    qtbot.keyClick(menu, Qt.Key.Key_U)
    qtbot.waitUntil(lambda: _qualified_on(reg, PATENT, app_id) is None)
    assert not answers.errors


def test_an_undo_that_would_date_the_qualification_after_its_approval_is_refused_in_words(
        window, qtbot, reg, answers):
    """Qualified on the 20th (typed for the 10th), corrected here, then approved on the
    15th on another computer: the 20th back would be a 资格审核 after its 核准."""
    app_id = a_patent(reg, received_date=date(2022, 10, 25))
    reg.set_status(PATENT, app_id, "qualified", decided_on=date(2022, 11, 20))
    screen = window.show_screen(0)
    _correct(qtbot, window, screen, app_id, "2022-11-10", now="2022-11-20")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 11, 15))
    press(qtbot, Qt.Key.Key_Z, CTRL)
    title, message = answers.errors[-1]
    assert title == "无法撤销“更正专利1的资格审核日期”"
    assert message == ("不能撤销：改回的资格审核日期 2022-11-20 晚于专利1的核准日期 2022-11-15"
                       "（资格审核须在核准之前）；资格审核日期保持 2022-11-10")
    assert _qualified_on(reg, PATENT, app_id) == "2022-11-10"
    assert reg.audit_trail("patent_applications", app_id)[-1]["action"] != "correct_qualified_date"


def test_a_day_is_put_back_to_unknown_from_the_dialog_and_ctrl_z_brings_it_back(
        window, qtbot, reg, answers, tmp_path):
    app_id = _approved_patent(reg)
    reg.conn.execute("UPDATE status_history SET decided_on = '2022-11-10'"
                     " WHERE application_id = ? AND to_status = 'qualified'", (app_id,))
    screen = window.show_screen(0)
    dialog = _to_redate(qtbot, window, screen, app_id, "2022-11-10")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "原日期录错，实际日期不详")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.day and dialog.day.text() == "2022-11-10"
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.unknown and dialog.unknown.text() == "日期不详，改回未填(&N)"
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.unknown.isChecked() and dialog.day.text() == ""
    assert not dialog.day.isEnabled()
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.errors and closed(dialog)
    assert _qualified_on(reg, PATENT, app_id) is None
    assert "补录）" in _sheet(reg, tmp_path)  # as for a decision made before the day was asked

    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    assert window.undo_action.text() == "撤销(&U) 将专利1的资格审核日期改回未填"
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert _qualified_on(reg, PATENT, app_id) == "2022-11-10"


def test_a_blank_day_is_still_asked_for_and_the_same_day_changes_nothing(
        window, qtbot, reg, answers):
    app_id = _qualified_undated(reg)
    screen = window.show_screen(0)
    dialog = _to_redate(qtbot, window, screen, app_id)
    assert dialog.unknown.isHidden()  # 未填 already: nothing to put back to 未填
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, WHY)
    press(qtbot, Qt.Key.Key_Return)
    assert "请填写更正后的资格审核日期" in dialog.error.text() and "勾选" not in dialog.error.text()
    _correct_from(qtbot, dialog, "2022-11-10")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    before = window.ctx.undo_stack.count()
    dialog = _to_redate(qtbot, window, screen, app_id, "2022-11-10")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, WHY)
    press(qtbot, Qt.Key.Key_Return)  # the day shown, unchanged
    assert "资格审核日期已是 2022-11-10，无需更正" in dialog.error.text()
    assert window.ctx.undo_stack.count() == before  # no empty step for Ctrl+Z


def _correct_from(qtbot, dialog, typed: str) -> None:
    dialog.day.setFocus()
    type_text(qtbot, typed)
    press(qtbot, Qt.Key.Key_Return)
    assert closed(dialog)
