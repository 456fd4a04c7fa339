"""Closing the window while long work runs asks about that work by name. During 文件 →
立即备份 it asked “还有导入或打印正在进行。取消它并退出吗？”, and the backup's
“已备份到 …（12.0 MB）” box then popped up beside the question."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_ui_backup_menu import _register, _window, held_backup
from test_ui_support import answers, qsettings

from boostdesk.safety.backup import list_backups
from boostdesk.ui import dialogs

__all__ = ["answers", "qsettings"]


def test_closing_during_a_backup_names_the_backup_and_what_a_cancel_leaves(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    reg = _register(tmp_path)
    started, go_on = held_backup(monkeypatch)
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        window.backup_now_action.trigger()
        qtbot.waitUntil(started.is_set, timeout=10_000)
        answers.yes = False  # 继续等待
        window.close()
        [asked] = answers.questions
        assert asked.startswith("“备份登记册”还在进行。取消它并退出吗？"), asked
        assert "导入" not in asked and "打印" not in asked
        assert "不会留下不完整的备份文件" in asked
        assert window.isVisible() and ctx.busy
        go_on.set()
        qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
        assert answers.infos[0][0] == "已备份"
    finally:
        go_on.set()
        ctx.shutdown()
        window.close()
        reg.close()


def test_closing_during_an_export_names_the_export(tmp_path, qtbot, qapp, answers, qsettings):
    reg = _register(tmp_path)
    ctx, window = _window(qtbot, reg, qsettings)
    go_on = threading.Event()
    try:
        ctx.run_long("正在导出列表…", lambda _progress, _cancelled: go_on.wait(10),
                     lambda _r: None, parent=window, cancel_note="取消导出不会写出文件")
        answers.yes = False
        window.close()
        [asked] = answers.questions
        assert asked == "“导出列表”还在进行。取消它并退出吗？\n取消导出不会写出文件"
        go_on.set()
        qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    finally:
        go_on.set()
        ctx.shutdown()
        window.close()
        reg.close()


def test_a_backup_ending_while_the_close_question_is_up_withdraws_it_then_says_so(
        tmp_path, qtbot, qapp, qsettings, monkeypatch):
    """The question is a real box here: the 已备份 box must not pop up beside it. Once the
    backup has ended the question is moot (its 取消并退出 would cancel nothing): it goes,
    the window stays, and only then does 已备份 say where the backup went."""
    reg = _register(tmp_path)
    started, go_on = held_backup(monkeypatch)
    said: list[tuple[str, bool]] = []  # each box after the backup, and the question up then

    def question() -> QMessageBox | None:
        box = QApplication.activeModalWidget()
        return box if isinstance(box, QMessageBox) and box.windowTitle() == "正在处理" else None

    monkeypatch.setattr(dialogs, "show_info",
                        lambda _parent, title, _text: said.append((title, question() is not None)))
    asked: list[str] = []

    def look() -> None:  # the clerk reads the question; the backup ends meanwhile
        box = question()
        if box is None:
            return
        if not asked:
            asked.append(box.text())
            go_on.set()
        elif said:  # without the fix: the box came beside the question; answer 继续等待
            [wait] = [b for b in box.buttons() if b.text().split("(&")[0] == "继续等待"]
            qtbot.mouseClick(wait, Qt.MouseButton.LeftButton)

    poll = QTimer()
    poll.timeout.connect(look)
    poll.start(50)
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        window.backup_now_action.trigger()
        qtbot.waitUntil(started.is_set, timeout=10_000)
        window.close()  # returns once the question has gone
        qtbot.waitUntil(lambda: not ctx.busy and bool(said), timeout=20_000)
        assert said == [("已备份", False)]  # after the question, not beside it
        assert asked and "备份登记册" in asked[0]
        assert question() is None and window.isVisible()
        assert [b.reason for b in list_backups(reg.path)] == ["manual"]
    finally:
        poll.stop()
        go_on.set()
        ctx.shutdown()
        window.close()
        reg.close()


def test_work_ending_after_the_window_chose_to_close_says_nothing(
        tmp_path, qtbot, qapp, qsettings):
    reg = _register(tmp_path)
    ctx, window = _window(qtbot, reg, qsettings)
    said: list[str] = []
    try:
        ctx.hold_boxes()
        ctx.when_free(lambda: said.append("held"))
        assert said == []
        ctx.release_boxes()  # 继续等待: said now
        assert said == ["held"]
        ctx.shutdown()  # the window closes
        ctx.when_free(lambda: said.append("late"))
        assert said == ["held"]
    finally:
        window.close()
        reg.close()
