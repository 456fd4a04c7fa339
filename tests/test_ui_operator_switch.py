"""设置 → 操作人 at the keyboard: a two-line name pasted is refused (it made one trail line
read as two people's), and a switch of operator is itself a line of the trail — who took
over from whom, when, on which computer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

from boostdesk.audit_log import trail
from boostdesk.ui.main_window import SCREENS

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _settings(window, qtbot):
    screen = window.show_screen(next(i for i, s in enumerate(SCREENS) if s[0] == "设置"))
    qtbot.waitUntil(lambda: screen.isVisible())
    screen.operator.setFocus()
    qtbot.waitUntil(lambda: focused() is screen.operator)
    press(qtbot, Qt.Key.Key_A, CTRL)
    return screen


def _switches(reg):
    return [x for x in trail(reg) if x.action == "更换操作人"]


def test_a_two_line_name_pasted_is_refused_and_nothing_changes(window, qtbot, answers):
    screen = _settings(window, qtbot)
    QApplication.clipboard().setText("李主任\n2026-12-06 15:00:00  王会计")
    press(qtbot, Qt.Key.Key_V, CTRL)
    assert "\n" in screen.operator.text()  # (a line edit keeps a pasted break)
    press(qtbot, Qt.Key.Key_Return)
    assert answers.errors and "控制字符" in answers.errors[-1][1]
    assert window.ctx.operator == window.ctx.reg.operator == "录入员甲"
    assert not _switches(window.ctx.reg)


def test_a_switch_in_settings_is_a_line_of_the_trail(window, qtbot, answers):
    reg = window.ctx.reg
    screen = _settings(window, qtbot)
    type_text(qtbot, "王会计\u200b")  # a zero-width space from a chat window: dropped
    press(qtbot, Qt.Key.Key_Return)
    assert not answers.errors
    assert window.ctx.operator == reg.operator == "王会计" and screen.operator.text() == "王会计"
    [line] = _switches(reg)
    assert line.operator == "王会计" and line.details == "操作人：录入员甲 → 王会计"
    assert line.computer == reg.computer and line.at
    press(qtbot, Qt.Key.Key_Return)  # the same name again: no second line
    assert len(_switches(reg)) == 1


def test_the_days_question_refuses_such_a_name_and_records_the_switch(window, qtbot, answers):
    """The day's first start asks whose changes these are: 高珊 types hers over her
    colleague's, once with a carriage return pasted in."""
    from boostdesk.ui.operator_check import DAY_KEY, check_operator

    ctx = window.ctx
    ctx.settings.setValue(DAY_KEY, "2026-01-01")
    dialog = check_operator(window, ctx, remembered=True)
    assert dialog is not None
    qtbot.waitUntil(lambda: focused() is dialog.field)
    QApplication.clipboard().setText("高珊\r李梦遥")
    press(qtbot, Qt.Key.Key_V, CTRL)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "U+000D（回车）" in dialog.error.text()
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, "高珊")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.operator == ctx.reg.operator == "高珊"
    [line] = _switches(ctx.reg)
    assert line.details == "操作人：录入员甲 → 高珊"


def test_the_first_start_asks_again_after_such_a_name(qsettings, qapp, monkeypatch):
    from boostdesk.ui import dialogs
    from boostdesk.ui.app import ask_operator

    typed = iter(["张敏\n李主任", "张" * 21, " 张敏\u200b "])
    asked: list[str] = []

    def ask_text(_parent, _title, label, *_args, **_kw):
        asked.append(label)
        return next(typed)

    monkeypatch.setattr(dialogs, "ask_text", ask_text)
    qsettings.setValue("operator/name", "王会计\n李主任")  # stored by an earlier version
    assert ask_operator(qsettings) == "张敏" == qsettings.value("operator/name")
    assert len(asked) == 3 and "U+000A（换行）" in asked[1] and "太长" in asked[2]
