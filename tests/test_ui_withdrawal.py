"""撤回申报 in the window as a clerk records it: 创新项目 → 改变状态 (Ctrl+M) offers it for an
approval not yet paid, asks the letter's day, writer and reason, and the detail pane then
says 推荐单位撤回; once money is paid the choice is greyed, saying why."""

from __future__ import annotations

import re
from datetime import date

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_finance import add_project, lines_of
from test_ui_qualified_date import _ctrl_m_on
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window
from test_withdrawal import _approved_after_close

from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models.records import PROJECT
from boostdesk.ui import dialogs
from boostdesk.ui.status_dialog import WITHDRAW

__all__ = ["answers", "ctx", "qsettings", "window"]

PROJECTS = 1  # 创新项目, Ctrl+2
REAL_ASK = dialogs.ask_yes_no  # the box itself, before a test's answers replace it


def test_ctrl_m_withdraws_an_approval_on_the_unions_letter(window, qtbot, reg, answers):
    a, _b = _approved_after_close(reg)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    assert dialog.target == WITHDRAW  # 核准's other steps are taken on their screens
    assert dialog.by.text() == "海淀区总工会"  # the recommending union, until typed
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.reason and dialog.reason_label.text() == "撤回理由（必填）(&R)"
    type_text(qtbot, "推荐单位来函撤回该项目申报")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.day and dialog.day_label.text() == "来函日期(&D)"
    type_text(qtbot, "2022-12-30")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.by
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.errors, answers.errors
    app = reg.project(a)
    assert app.status == "not_awarded" and lines_of(reg, PROJECT, a) == []
    assert app.status_reason == ("推荐单位撤回（海淀区总工会 2022-12-30 来函）："
                                 "推荐单位来函撤回该项目申报")
    [(title, said)] = answers.infos
    assert title == "撤回申报" and "不自动递补" in said
    detail = window.show_screen(PROJECTS).detail.toPlainText()
    assert "推荐单位撤回（海淀区总工会 2022-12-30 来函）" in detail


def test_ctrl_m_greys_the_withdrawal_of_a_paid_award_saying_why(window, qtbot, reg, answers):
    q = add_project(reg)
    sync_plan(reg, 2022)
    first = [x for x in lines_of(reg, PROJECT, q) if x.tranche == 1]
    for x in first:
        mark_paid(reg, x.id, date(2023, 2, 20), "记-0031")
    dialog = _ctrl_m_on(qtbot, window, q, PROJECTS)
    items = [dialog.choices.item(i) for i in range(dialog.choices.count())]
    [item] = [x for x in items if x.data(Qt.ItemDataRole.UserRole) == WITHDRAW]
    assert not item.flags() & Qt.ItemFlag.ItemIsEnabled
    assert dialog.withdraw_note.isVisible()
    assert "不能撤回申报" in dialog.withdraw_note.text()
    assert "已登记拨付" in dialog.withdraw_note.text()
    assert dialog.target != WITHDRAW and not dialog.by.isVisibleTo(dialog)  # not asked
    press(qtbot, Qt.Key.Key_Escape, widget=dialog)


def _letter_typed(qtbot, dialog) -> None:
    """撤回申报 chosen (the only move of 核准 here), its reason, day and writer typed."""
    assert dialog.target == WITHDRAW
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "推荐单位来函撤回该项目申报")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2022-12-30")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.by


def test_a_letter_from_another_union_is_refused_in_place_naming_the_papers_union(
        window, qtbot, reg, answers):
    """来函单位 typed over with a union that did not recommend the paper: Enter asks nothing
    and stores nothing; the dialog says whose letter it must be, the keyboard back on
    来函单位; the paper's union written there, the withdrawal goes on as asked."""
    a, _b = _approved_after_close(reg)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    _letter_typed(qtbot, dialog)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "北京市建设工会")
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.questions and not answers.errors
    said = dialog.error.text()
    assert "来函单位“北京市建设工会”不是项目" in said and "该申报由海淀区总工会推荐" in said
    assert "来函单位请写“海淀区总工会”" in said
    assert focused() is dialog.by and dialog.isVisible()
    assert reg.project(a).status == "approved"
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "海淀区总工会")
    press(qtbot, Qt.Key.Key_Return)
    [asked] = answers.questions
    assert "海淀区总工会 2022-12-30 来函" in asked
    qtbot.waitUntil(lambda: reg.project(a).status == "not_awarded")


def test_enter_asks_before_withdrawing_naming_the_paper_and_what_goes(
        window, qtbot, reg, answers):
    """撤回申报 committed on Enter, unasked, though it cannot be undone and deletes the
    payment lines: now 确定撤回？ first; 取消 leaves the paper and the dialog as they were."""
    a, _b = _approved_after_close(reg)
    lines = len(lines_of(reg, PROJECT, a))
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    _letter_typed(qtbot, dialog)
    answers.yes = False
    press(qtbot, Qt.Key.Key_Return)
    [asked] = answers.questions
    assert asked.startswith("确定撤回项目") and "“区级甲项目”的申报？" in asked
    assert "海淀区总工会 2022-12-30 来函，改为“未获助推”" in asked
    assert "取消核准的助推金额 ¥30,000.00" in asked
    assert f"删除未拨付的应拨款项 {lines} 笔，共 ¥30,000.00" in asked
    assert "不自动递补" in asked and "可按 Ctrl+Z 撤销" in asked
    assert reg.project(a).status == "approved" and len(lines_of(reg, PROJECT, a)) == lines
    assert dialog.isVisible() and not answers.errors
    answers.yes = True
    press(qtbot, Qt.Key.Key_Return)
    assert reg.project(a).status == "not_awarded" and lines_of(reg, PROJECT, a) == []


def test_the_question_is_a_box_whose_enter_is_cancel(window, qtbot, reg, answers, monkeypatch):
    """The box itself: 撤回申报 / 取消, Enter answering 取消 (the default); then 撤回申报
    taken by Tab then Enter (Space is typing there, and goes nowhere: dialogs.TypingGuard)."""
    monkeypatch.setattr(dialogs, "ask_yes_no", REAL_ASK)
    a, _b = _approved_after_close(reg)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    _letter_typed(qtbot, dialog)
    seen: list[tuple[str, list[str], str]] = []

    def answer(keys: list[Qt.Key]) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, lambda: answer(keys))
            return
        seen.append((box.text(), [b.text() for b in box.buttons()],
                     box.defaultButton().text()))
        for k in keys:  # to the box's own focus (offscreen the dialog below keeps the app's)
            qtbot.keyClick(box.focusWidget() or box, k)

    QTimer.singleShot(0, lambda: answer([Qt.Key.Key_Return]))
    press(qtbot, Qt.Key.Key_Return, widget=dialog.by)
    [(text, buttons, default)] = seen
    assert text.startswith("确定撤回项目") and sorted(buttons) == sorted(["撤回申报(&W)",
                                                                       "取消(&C)"])
    assert default == "取消(&C)"
    assert reg.project(a).status == "approved" and dialog.isVisible()
    QTimer.singleShot(0, lambda: answer([Qt.Key.Key_Tab, Qt.Key.Key_Return]))
    press(qtbot, Qt.Key.Key_Return, widget=dialog.by)
    assert len(seen) == 2
    qtbot.waitUntil(lambda: reg.project(a).status == "not_awarded")


def _box_answered(qtbot, keys: list[tuple[Qt.Key, Qt.KeyboardModifier]],
                  seen: list[list[str]]) -> None:
    """The question box, when it comes, answered with ``keys`` (its buttons' texts kept)."""
    box = QApplication.activeModalWidget()
    if not isinstance(box, QMessageBox):
        QTimer.singleShot(20, lambda: _box_answered(qtbot, keys, seen))
        return
    if QApplication.activeWindow() is not box:  # offscreen the dialog below keeps it
        box.activateWindow()
        QTimer.singleShot(20, lambda: _box_answered(qtbot, keys, seen))
        return
    seen.append([b.text() for b in box.buttons()])
    for key, modifier in keys:
        qtbot.keyClick(box.focusWidget() or box, key, modifier)

    def unanswered() -> None:  # the keys answered nothing: said, and the box let go (Esc)
        if shiboken6.isValid(box) and box.isVisible():
            seen.append(["未回答"])
            box.reject()

    QTimer.singleShot(600, unanswered)  # a mnemonic clicks after its button's press shows


def test_the_withdrawal_question_answers_alt_c_and_alt_w(window, qtbot, reg, answers,
                                                         monkeypatch):
    """Its buttons had no letters (every other question's have): Alt+C is 取消, Alt+W
    撤回申报, each letter once in the box; a bare W typed on goes nowhere (guarded)."""
    monkeypatch.setattr(dialogs, "ask_yes_no", REAL_ASK)
    a, _b = _approved_after_close(reg)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    _letter_typed(qtbot, dialog)
    seen: list[list[str]] = []
    alt = Qt.KeyboardModifier.AltModifier
    none = Qt.KeyboardModifier.NoModifier
    QTimer.singleShot(0, lambda: _box_answered(
        qtbot, [(Qt.Key.Key_W, none), (Qt.Key.Key_C, alt)], seen))
    press(qtbot, Qt.Key.Key_Return, widget=dialog.by)
    assert reg.project(a).status == "approved" and dialog.isVisible()
    QTimer.singleShot(0, lambda: _box_answered(qtbot, [(Qt.Key.Key_W, alt)], seen))
    press(qtbot, Qt.Key.Key_Return, widget=dialog.by)
    qtbot.waitUntil(lambda: len(seen) >= 2 and reg.project(a).status == "not_awarded"
                    or ["未回答"] in seen)
    assert ["未回答"] not in seen and len(seen) == 2, seen
    for buttons in seen:
        letters = [m.upper() for t in buttons for m in re.findall(r"&(\w)", t)]
        assert sorted(letters) == ["C", "W"], buttons


def test_the_window_reads_a_part_of_the_unions_name_as_the_command_does(
        window, qtbot, reg, answers):
    """The tester's: 来函单位 海淀 (a part) was stored as typed; 区总工会, which two unions'
    names hold, was said not to be the recommending union. Now: ambiguous, naming both;
    海淀 asked and stored as 海淀区总工会."""
    a, _b = _approved_after_close(reg)
    reg.conn.execute("INSERT INTO units (name) VALUES ('朝阳区总工会')")
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    _letter_typed(qtbot, dialog)
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "区总工会")
    press(qtbot, Qt.Key.Key_Return)
    said = dialog.error.text()
    assert "来函单位“区总工会”不明确" in said and "朝阳区总工会" in said and "不是" not in said
    assert not answers.questions and reg.project(a).status == "approved"
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "海淀")
    press(qtbot, Qt.Key.Key_Return)
    [asked] = answers.questions
    assert "按海淀区总工会 2022-12-30 来函" in asked
    qtbot.waitUntil(lambda: reg.project(a).status == "not_awarded")
    assert reg.project(a).status_reason.startswith("推荐单位撤回（海淀区总工会 2022-12-30 来函）")
