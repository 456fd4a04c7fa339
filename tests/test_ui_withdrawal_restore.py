"""撤回申报 taken back in the window as a clerk does it: Ctrl+Z right after the wrong paper
was withdrawn puts it back (its lines too, to the fen), Ctrl+Y withdraws it again; and the
union's second letter is 改变状态 → 恢复申报（推荐单位来函撤销撤回）, greyed, saying what stands
in the way, once the freed place was given since."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from test_finance import lines_of
from test_ui_qualified_date import _ctrl_m_on
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window
from test_ui_withdrawal import PROJECTS, REAL_ASK, _box_answered, _letter_typed
from test_withdrawal import _approved_after_close, _withdraw

from boostdesk.models.records import PROJECT
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.ui import dialogs
from tests.test_panel_support import YEAR, one_place_two_publicized

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _payments(reg, app_id) -> list[dict]:
    return reg.query("SELECT * FROM payments WHERE stream = 'project' AND application_id = ?"
                     " ORDER BY id", (app_id,))


def test_ctrl_z_right_after_a_withdrawal_puts_the_paper_back_and_ctrl_y_withdraws_it_again(
        window, qtbot, reg, answers):
    a, _b = _approved_after_close(reg)
    lines, history = _payments(reg, a), reg.status_history(PROJECT, a)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    _letter_typed(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Return)
    assert closed(dialog) and not answers.errors, answers.errors
    assert reg.project(a).status == "not_awarded" and _payments(reg, a) == []
    assert window.undo_action.text() == f"撤销(&U) 撤回项目{a}的申报"
    screen = window.show_screen(PROJECTS)
    screen.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)

    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not answers.errors, answers.errors
    app = reg.project(a)
    assert (app.status, app.award_fen, app.status_reason) == ("approved", 3_000_000, "公示期满无异议")
    assert _payments(reg, a) == lines  # the same four lines, ¥30,000.00 to the fen
    assert sum(x.amount_fen for x in lines_of(reg, PROJECT, a)) == 3_000_000
    assert reg.status_history(PROJECT, a) == history
    line = reg.audit_trail("project_applications", a)[-1]
    assert line["action"] == "undo_withdrawal" and line["note"] == f"撤销“撤回项目{a}的申报”"
    shown = screen.detail.toPlainText()
    assert "状态 核准（公示期满无异议）" in shown
    assert "恢复的待拨付款项：4 笔 ¥30,000.00" in shown and "撤销“撤回项目" in shown

    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert not answers.errors, answers.errors
    assert reg.project(a).status == "not_awarded" and _payments(reg, a) == []
    assert reg.audit_trail("project_applications", a)[-1]["note"] == f"重做“撤回项目{a}的申报”"


def test_the_unions_second_letter_is_recorded_from_ctrl_m_as_the_first_was(
        window, qtbot, reg, answers):
    a, _b = _approved_after_close(reg)
    _withdraw(reg, PROJECT, a)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    assert dialog.target == "restore_application"
    assert dialog.choices.currentItem().text() == "恢复申报（推荐单位来函撤销撤回）"
    assert "恢复为撤回前的“核准”" in dialog.against.text() and "4 笔原样恢复" in dialog.against.text()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.reason and dialog.reason_label.text() == "恢复理由（必填）(&R)"
    type_text(qtbot, "推荐单位来函撤销撤回，继续申报")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.day and dialog.day_label.text() == "来函日期(&D)"
    dialog.day.selectAll()
    type_text(qtbot, "2023-01-06")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.by and dialog.by.text() == "海淀区总工会"
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.errors, answers.errors
    [asked] = answers.questions
    assert asked.startswith(f"确定恢复项目{a}“区级甲项目”的申报？")
    assert "恢复撤回时删除的未拨付应拨款项 4 笔，共 ¥30,000.00" in asked
    assert closed(dialog)
    app = reg.project(a)
    assert (app.status, app.award_fen) == ("approved", 3_000_000) and len(_payments(reg, a)) == 4
    assert reg.status_history(PROJECT, a)[-1]["reason"] == (
        "推荐单位撤销撤回（海淀区总工会 2023-01-06 来函）：推荐单位来函撤销撤回，继续申报")


def test_ctrl_m_greys_the_restore_once_the_place_was_given_naming_who_holds_it(
        window, qtbot, reg, answers):
    a, _b = one_place_two_publicized(reg)
    _withdraw(reg, PROJECT, a, on=date(2022, 12, 22))
    adopt(reg, YEAR)  # 乙 adopted for the freed place
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    items = [dialog.choices.item(i) for i in range(dialog.choices.count())]
    [item] = [x for x in items if x.data(Qt.ItemDataRole.UserRole) == "restore_application"]
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert item.text() == "恢复申报（推荐单位来函撤销撤回）：不可（原因见下）"
    note = dialog.withdraw_note.text()
    assert dialog.withdraw_note.isVisible() and "区级乙项目" in note and "重新采纳" in note
    assert dialog.target != "restore_application" and not dialog.by.isVisibleTo(dialog)
    press(qtbot, Qt.Key.Key_Escape, widget=dialog)


def test_on_a_large_register_the_withdrawal_and_its_undo_run_in_the_background(
        window, qtbot, reg, answers, ctx, monkeypatch):
    """A register of 40 MB or more backs up for seconds: the withdrawal goes to the
    background (a worker's own connection), and so do its Ctrl+Z and Ctrl+Y."""
    from boostdesk.ui import context

    monkeypatch.setattr(context, "BACKGROUND_BYTES", 0)
    a, _b = _approved_after_close(reg)
    lines = _payments(reg, a)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    _letter_typed(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ctx.busy and reg.project(a).status == "not_awarded",
                    timeout=20_000)
    qtbot.waitUntil(lambda: closed(dialog), timeout=20_000)
    assert window.undo_action.isEnabled()
    screen = window.show_screen(PROJECTS)
    screen.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: not ctx.busy and reg.project(a).status == "approved", timeout=20_000)
    assert _payments(reg, a) == lines and not answers.errors, answers.errors
    # (offscreen no window is active again once the progress dialog has gone; a desktop's
    # window manager gives the window back its activation)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table, timeout=5_000)
    press(qtbot, Qt.Key.Key_Y, CTRL)
    qtbot.waitUntil(lambda: not ctx.busy and reg.project(a).status == "not_awarded",
                    timeout=20_000)
    assert _payments(reg, a) == [] and not answers.errors, answers.errors


def test_the_restore_question_answers_alt_r(window, qtbot, reg, answers, monkeypatch):
    """恢复申报's question had buttons without letters: Alt+R restores, Alt+C is 取消."""
    monkeypatch.setattr(dialogs, "ask_yes_no", REAL_ASK)
    a, _b = _approved_after_close(reg)
    _withdraw(reg, PROJECT, a)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    assert dialog.target == "restore_application"
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "推荐单位来函撤销撤回，继续申报")
    press(qtbot, Qt.Key.Key_Tab)
    dialog.day.selectAll()
    type_text(qtbot, "2023-01-06")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.by
    seen: list[list[str]] = []
    alt = Qt.KeyboardModifier.AltModifier
    QTimer.singleShot(0, lambda: _box_answered(qtbot, [(Qt.Key.Key_C, alt)], seen))
    press(qtbot, Qt.Key.Key_Return, widget=dialog.by)
    assert reg.project(a).status == "not_awarded" and dialog.isVisible()
    QTimer.singleShot(0, lambda: _box_answered(qtbot, [(Qt.Key.Key_R, alt)], seen))
    press(qtbot, Qt.Key.Key_Return, widget=dialog.by)
    qtbot.waitUntil(lambda: reg.project(a).status == "approved" or ["未回答"] in seen)
    assert [sorted(buttons) for buttons in seen] == [["取消(&C)", "恢复申报(&R)"]] * 2
