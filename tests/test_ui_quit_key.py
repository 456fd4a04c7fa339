"""Ctrl+Q over the forms and dialogs, as over the window (quit_key.py): a form with typing
asks 保存并退出 / 放弃并退出 / 返回修改, one without quits; a dialog closes and the window
quits by its own checks; work a dialog started is asked about, not dropped; a question of
Qt's own is answered first."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QMessageBox, QVBoxLayout
from test_ui_entry import open_new_form, type_patent
from test_ui_qualified_date import _ctrl_m_on
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window
from test_withdrawal import _approved_after_close

from boostdesk.ui import dialogs
from boostdesk.ui.dialogs import ask_or_back as real_ask_or_back

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
QUIT_QUESTION = "表中已填写的内容尚未保存。保存后退出，还是放弃这些内容并退出？"
DISCARD_TO_QUIT = "表中已填写的内容尚未保存。放弃这些内容并退出吗？"  # a dialog without 保存


def ctrl_q(qtbot: Any) -> None:
    press(qtbot, Qt.Key.Key_Q, CTRL, widget=focused())


def quit_done(qtbot: Any, window: Any) -> None:
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)


def typed_form(qtbot: Any, window: Any) -> Any:
    form = open_new_form(qtbot, window, 0)
    type_text(qtbot, "北京市海淀区总工会")
    return form


def test_ctrl_q_over_a_form_with_typing_asks_and_back_keeps_the_typing(window, qtbot, reg,
                                                                       answers, monkeypatch):
    """The question is a real box: Esc on it is 返回修改, the form and its typing stay."""
    monkeypatch.setattr(dialogs, "ask_or_back", real_ask_or_back)
    form = typed_form(qtbot, window)
    seen: list[tuple[str, list[str]]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, form, answer)  # (gone with the form: never left polling)
            return
        seen.append((box.text(), sorted(b.text() for b in box.buttons())))
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, answer)
    ctrl_q(qtbot)
    assert seen == [(QUIT_QUESTION, sorted(["保存并退出(&Y)", "放弃并退出(&N)", "返回修改(&B)"]))]
    qtbot.wait(50)  # a turn of the event loop: nothing goes on to close the window
    assert form.isVisible() and window.isVisible()
    assert form.editor("unit_name").text() == "北京市海淀区总工会"
    assert reg.patents() == []


def test_ctrl_q_over_a_form_with_typing_discarded_quits(window, qtbot, reg, answers):
    form = typed_form(qtbot, window)
    answers.yes = False  # 放弃并退出
    ctrl_q(qtbot)
    assert answers.questions == [QUIT_QUESTION]
    assert closed(form)
    quit_done(qtbot, window)
    assert reg.patents() == []


def test_ctrl_q_over_a_whole_paper_saves_it_and_quits(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    answers.yes = True  # 保存并退出 (Enter)
    ctrl_q(qtbot)
    assert answers.questions[0] == QUIT_QUESTION
    assert closed(form), answers.errors
    quit_done(qtbot, window)
    [app] = reg.patents(2022)
    assert app.inventor_name == "张三"


def test_a_save_refused_at_ctrl_q_keeps_the_form_and_the_window(window, qtbot, reg, answers):
    form = typed_form(qtbot, window)
    form.editor("grant_date").setText("2021年13月45日")  # unreadable: the save is refused
    answers.yes = True  # 保存并退出
    ctrl_q(qtbot)
    assert answers.errors and "未保存" in answers.errors[-1][0]
    qtbot.wait(50)
    assert form.isVisible() and window.isVisible()
    assert "未保存" in form.banner.text()
    assert form.editor("unit_name").text() == "北京市海淀区总工会"


def test_ctrl_q_over_a_form_without_typing_quits_unasked(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    ctrl_q(qtbot)
    assert closed(form)
    quit_done(qtbot, window)
    assert answers.questions == []


def test_ctrl_q_over_a_typed_withdrawal_asks_to_discard_it(window, qtbot, reg, answers):
    """改变状态 with a withdrawal's reason typed: its Esc question, to quit (no 保存: its
    确定 would withdraw the paper); 返回修改 keeps the reason, 放弃并退出 quits unwithdrawn."""
    a, _b = _approved_after_close(reg)
    dialog = _ctrl_m_on(qtbot, window, a, 1)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "推荐单位来函撤回")
    answers.yes = False  # 返回修改
    ctrl_q(qtbot)
    assert answers.questions == [DISCARD_TO_QUIT]
    qtbot.wait(50)
    assert dialog.isVisible() and dialog.reason.text() == "推荐单位来函撤回" and window.isVisible()
    answers.yes = True  # 放弃并退出
    ctrl_q(qtbot)
    assert closed(dialog)
    quit_done(qtbot, window)
    assert reg.project(a).status == "approved"


def test_ctrl_q_over_a_plain_dialog_quits(window, qtbot, answers):
    about = window.show_about()
    about.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is about)
    ctrl_q(qtbot)
    assert closed(about)
    quit_done(qtbot, window)
    assert answers.questions == []


def test_ctrl_q_over_a_dialog_over_a_form_asks_for_the_form(window, qtbot, answers):
    """F1's keys list over a form with typing: the list closes, then the form asks."""
    form = typed_form(qtbot, window)
    press(qtbot, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() not in (None, form))
    keys = QApplication.activeModalWidget()
    keys.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is keys)
    answers.yes = None  # 返回修改
    ctrl_q(qtbot)
    qtbot.waitUntil(lambda: answers.questions == [QUIT_QUESTION])
    assert closed(keys) and form.isVisible() and window.isVisible()


def test_a_question_of_qts_own_is_answered_first(window, qtbot, answers):
    """Ctrl+Q on a message box over a form does nothing (its caller waits on its answer);
    answered, Ctrl+Q on the form quits."""
    form = open_new_form(qtbot, window, 0)
    box = QMessageBox(QMessageBox.Icon.Information, "提示", "一条消息", parent=form)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    box.open()
    box.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
    ctrl_q(qtbot)
    qtbot.wait(50)
    assert box.isVisible() and form.isVisible() and window.isVisible()
    press(qtbot, Qt.Key.Key_Escape, widget=focused())
    qtbot.waitUntil(lambda: not box.isVisible())
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    ctrl_q(qtbot)
    quit_done(qtbot, window)


class _Typed(QDialog):
    """A dialog whose Esc asks before throwing its typing away, as the app's do."""

    def __init__(self, parent: Any) -> None:
        super().__init__(parent)
        self.reason = QLineEdit()
        QVBoxLayout(self).addWidget(self.reason)

    def reject(self) -> None:
        if self.reason.text() and not dialogs.confirm_discard(self):
            return
        super().reject()


def test_ctrl_q_over_an_exec_dialog_quits_once_its_caller_has_its_answer(window, qtbot,
                                                                         answers):
    """A dialog in exec(): the window closes after exec() has returned to its caller
    (not under it, the register closed while the caller still runs)."""
    dialog = _Typed(window)
    type_text(qtbot, "撤回", dialog.reason)
    seen: list[bool] = []

    def press_quit() -> None:
        if QApplication.activeWindow() is not dialog:
            QTimer.singleShot(20, dialog, press_quit)
            return
        answers.yes = True  # 放弃并退出
        ctrl_q(qtbot)

    QTimer.singleShot(0, press_quit)
    QTimer.singleShot(3000, dialog, lambda: dialog.done(9))  # unheard: no endless exec()
    result = dialog.exec()
    seen.append(window.isVisible())
    assert result == QDialog.DialogCode.Rejected and seen == [True]
    assert answers.questions == [DISCARD_TO_QUIT]
    quit_done(qtbot, window)


def test_ctrl_q_over_a_dialog_whose_work_runs_asks_about_the_work(window, qtbot, answers):
    """Its progress not shown yet: the window's close question names the work; 继续等待
    keeps the dialog and its work; 取消并退出 quits."""
    go_on = threading.Event()
    dialog = _Typed(window)
    dialogs.open_modal(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)

    def work(_progress: Any, cancelled: Any) -> None:
        while not go_on.wait(0.02) and not cancelled():
            pass

    task = window.ctx.run_long("正在撤回申报…", work, lambda _r: None, parent=dialog)
    try:
        answers.yes = False  # 继续等待
        ctrl_q(qtbot)
        assert answers.questions == ["“撤回申报”还在进行。取消它并退出吗？"]
        qtbot.wait(50)
        assert dialog.isVisible() and window.isVisible() and task.isRunning()

        answers.yes = True  # 取消并退出
        ctrl_q(qtbot)
        qtbot.waitUntil(lambda: not window.isVisible() and not window.ctx.busy, timeout=5000)
    finally:
        go_on.set()
        window.ctx.shutdown()


def test_ctrl_q_in_the_window_still_quits_after_a_form(window, qtbot, answers):
    """The window's own Ctrl+Q (文件 → 退出), once a form has had the key."""
    form = open_new_form(qtbot, window, 0)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(form))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    ctrl_q(qtbot)
    quit_done(qtbot, window)
