"""The application context: writes through one helper, long work off the UI thread."""

from __future__ import annotations

import threading
import time

from test_ui_support import answers, ctx, qsettings

from boostdesk.models import RegisterError
from boostdesk.models.records import PatentApplication
from boostdesk.ui.context import IdMap, error_text

__all__ = ["answers", "ctx", "qsettings"]


def test_a_write_stamps_the_operator_announces_and_can_be_undone(ctx, reg, qtbot):
    reg.operator = "someone else"
    seen: list[str] = []
    ctx.changed.connect(seen.append)
    result = ctx.write("录入", lambda: reg.save_patent(PatentApplication(2022, title="甲")),
                       changed="patent", undo=lambda: None)
    assert result.ok and isinstance(result.value, int)
    assert reg.audit_trail("patent_applications", result.value)[0]["operator"] == "录入员甲"
    assert seen == ["patent"]
    assert ctx.undo_stack.count() == 1 and ctx.undo_stack.canUndo()


def test_a_write_that_cannot_be_undone_is_a_barrier_to_undo(ctx, reg, qtbot):
    """Ctrl+Z after a payment must not undo the change before it in its place."""
    ctx.write("录入", lambda: reg.save_patent(PatentApplication(2022, title="甲")),
              changed="patent", undo=lambda: None)
    assert ctx.undo_stack.canUndo()
    failed = ctx.write("登记拨付", lambda: 1 / 0, changed="payments")  # nothing written
    assert not failed.ok and ctx.undo_stack.canUndo()
    ctx.write("登记拨付", lambda: None, changed="payments")
    assert not ctx.undo_stack.canUndo() and ctx.undo_stack.count() == 0


def test_a_failing_write_shows_a_chinese_message_instead_of_crashing(ctx, answers):
    def broken() -> None:
        raise RegisterError("没有 2030 年度的助推计划，请先在“设置”中建立")

    result = ctx.write("保存", broken, changed="patent", undo=lambda: None)
    assert not result.ok
    assert answers.errors == [("未能保存", "没有 2030 年度的助推计划，请先在“设置”中建立")]
    assert ctx.undo_stack.count() == 0


def test_an_unexpected_error_is_still_a_sentence():
    text = error_text(KeyError("x"))
    assert text.startswith("程序出错") and "未保存任何内容" in text


def test_a_write_to_a_read_only_register_is_refused_with_the_reason(ctx, reg, answers):
    from boostdesk.safety.session import RegisterReadOnly

    def refused() -> None:
        raise RegisterReadOnly("登记册正由 张三 打开，本窗口只读，不能保存修改")

    assert not ctx.write("保存", refused, changed="patent").ok
    assert "只读" in answers.errors[-1][1]


def test_long_work_runs_in_a_worker_thread_with_progress(ctx, qtbot):
    ui_thread = threading.get_ident()
    seen: dict[str, object] = {}

    def work(progress, cancelled):
        seen["thread"] = threading.get_ident()
        for i in range(5):
            progress(i + 1, 5)
        return "done"

    def done(result):
        seen["progress"] = (task.dialog.value(), task.dialog.maximum())
        seen["result"] = result

    task = ctx.run_long("测试", work, done)
    qtbot.waitUntil(lambda: "result" in seen, timeout=5000)
    assert seen["result"] == "done"
    assert seen["thread"] != ui_thread
    assert seen["progress"] == (5, 5)


def test_a_worker_writes_through_its_own_register_connection(ctx, reg, qtbot):
    done: list[int] = []

    def work(wreg, progress, cancelled):
        assert wreg is not reg and wreg.conn is not reg.conn
        return wreg.save_patent(PatentApplication(2022, title="后台写入"))

    ctx.run_long("写入", work, done.append, with_register=True)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert reg.patent(done[0]).title == "后台写入"  # committed, visible to the UI connection
    assert reg.audit_trail("patent_applications", done[0])[0]["operator"] == "录入员甲"


def test_long_work_can_be_cancelled_from_the_progress_dialog(ctx, qtbot):
    outcome: list[object] = []
    started = threading.Event()

    def work(progress, cancelled):
        started.set()
        while not cancelled():
            time.sleep(0.01)
        from boostdesk.io.errors import ImportCancelled

        raise ImportCancelled()

    task = ctx.run_long("等待", work, outcome.append, outcome.append)
    assert started.wait(5)
    task.dialog.reject()  # what Esc does (the 取消 button emits the same signal)
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert type(outcome[0]).__name__ == "ImportCancelled"
    qtbot.waitUntil(lambda: not ctx.busy, timeout=5000)


def _active_window(qtbot):
    from PySide6.QtWidgets import QDialog

    window = QDialog()
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_a_progress_dialog_gone_hands_the_keyboard_back_to_its_window(ctx, qtbot):
    """Its work done, the progress dialog that had the keyboard (Esc cancels) left it to
    no window on a platform that does not hand it back (offscreen, some X11 window
    managers): the window's shortcuts dead until a click (导入汇总表's Alt+N after a read)."""
    window = _active_window(qtbot)
    release = threading.Event()
    task = ctx.run_long("等待", lambda _p, _c: release.wait(10), lambda _r: None,
                        parent=window, at_once=True)
    qtbot.waitUntil(task.dialog.isActiveWindow)
    release.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=5000)
    qtbot.waitUntil(window.isActiveWindow)


def test_a_progress_dialog_gone_before_it_had_the_keyboard_hands_it_back_too(ctx, qtbot):
    """Shown and hidden in one turn of the event loop (the progress estimated long, the
    work ended at once): the platform's word that it had the keyboard came after it was
    hidden, and the keyboard went to the hidden dialog."""
    window = _active_window(qtbot)
    task = ctx.run_long("等待", lambda _p, _c: None, lambda _r: None, parent=window,
                        at_once=True)
    assert task.dialog.isVisible() and not task.dialog.isActiveWindow()
    assert task.wait(5000)  # its end queued before the word the dialog is active
    qtbot.waitUntil(lambda: not ctx.busy, timeout=5000)
    qtbot.waitUntil(window.isActiveWindow)


def test_long_work_that_reports_no_progress_shows_its_dialog_after_300_ms(ctx, qtbot):
    """A backup reports no progress: its 取消 was out of reach for 4 s (Qt's own default),
    the window frozen by the modal dialog not yet shown."""
    release = threading.Event()
    outcome: list[object] = []
    task = ctx.run_long("等待", lambda progress, cancelled: release.wait(10),
                        outcome.append, outcome.append)
    began = time.monotonic()
    qtbot.waitUntil(lambda: task.dialog.isVisible(), timeout=5000)
    shown_after = time.monotonic() - began
    release.set()
    qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
    assert shown_after < 2.0


def test_progress_after_the_dialogs_window_closed_is_dropped(ctx, qtbot):
    """导入汇总表 closed (Esc) while its table is still being stored: the progress dialog
    went with the window, and the worker's next progress reached the deleted dialog
    (RuntimeError: Internal C++ object already deleted; found by the monkey walk)."""
    import shiboken6
    from PySide6.QtWidgets import QWidget

    window = QWidget()
    closed = threading.Event()
    outcome: list[object] = []

    def work(progress, cancelled):
        progress(1, 3)
        assert closed.wait(5)
        progress(2, 3)
        return "done"

    task = ctx.run_long("导入", work, outcome.append, parent=window)
    dialog = task.dialog
    qtbot.wait(50)
    shiboken6.delete(window)  # its children, the progress dialog among them, with it
    assert not shiboken6.isValid(dialog)
    closed.set()
    qtbot.waitUntil(lambda: outcome == ["done"], timeout=5000)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=5000)


def test_an_error_in_long_work_is_shown(ctx, qtbot, answers):
    def work(progress, cancelled):
        raise ValueError("第 3 行“授权公告日”：日期不存在")

    ctx.run_long("读取", work, lambda _r: None)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=5000)
    assert answers.errors[-1] == ("读取失败", "第 3 行“授权公告日”：日期不存在")


def test_ids_of_recreated_records_are_followed():
    ids = IdMap()
    ids.moved("patent", 5, 9)
    ids.moved("patent", 9, 12)
    assert ids.current("patent", 5) == 12
    assert ids.current("project", 5) == 5



def test_after_shutdown_the_undo_stack_tells_the_actions_nothing_when_destroyed(
        reg, qsettings, qapp):
    """The undo stack outlived the QApplication (Python destroys it at exit) and, destroyed
    holding commands, told the window's 撤销/重做 actions they changed: Qt printed “QAction:
    Initialize Q(Gui)Application before calling 'setEnabled'” after every test (and session)
    that had made an undoable change. Shut down, the stack has nothing left to announce."""
    import shiboken6

    from boostdesk.ui.context import AppContext

    ctx = AppContext(reg, settings=qsettings)
    ctx.set_operator("录入员甲")
    assert ctx.write("录入", lambda: reg.save_patent(PatentApplication(2022, title="甲")),
                     changed="patent", undo=lambda: None).ok
    ctx.shutdown()
    told: list[bool] = []
    ctx.undo_stack.canUndoChanged.connect(told.append)
    shiboken6.delete(ctx.undo_stack)
    assert told == []


def test_a_background_write_whose_re_check_failed_leaves_its_notes_for_the_next(
        ctx, reg, qtbot, monkeypatch):
    """A write run in the background re-checks on the worker's connection; when that failed,
    what it had noted went with the worker's connection, and the verdicts stayed stale until
    a full check. They wait on the window's connection for its next write, as there."""
    import boostdesk.rules as rules
    from boostdesk.ui import context

    monkeypatch.setattr(context, "BACKGROUND_BYTES", 0)

    def broken(_reg):
        raise RuntimeError("re-check broke")

    monkeypatch.setattr(rules, "recheck", broken)
    done: list[object] = []

    def do(worker, cancelled):
        assert worker is not reg  # the worker's own connection
        worker.changes.projects.add(7)
        return 1

    assert ctx.write_backed_up("试写", do, changed="panel", on_done=done.append) is None
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert done[0].ok
    assert 7 in ctx.reg.changes.projects


def test_enter_on_a_progress_dialog_does_not_cancel_the_work_esc_and_its_button_do(ctx, qtbot):
    """A clerk pressing Enter twice after choosing a file (备份到…) lost the run: 取消 was
    the dialog's default button."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QPushButton

    window = _active_window(qtbot)
    outcome: list[object] = []

    def work(progress, cancelled):
        while not cancelled():
            time.sleep(0.01)
        from boostdesk.io.errors import ImportCancelled

        raise ImportCancelled()

    for how in ("esc", "click"):
        task = ctx.run_long("等待", work, outcome.append, outcome.append, parent=window,
                            at_once=True)
        dialog = task.dialog
        qtbot.waitUntil(dialog.isActiveWindow)
        for _ in range(2):  # where the keyboard is: the dialog's focused 取消
            qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Return)
            qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Enter)
        qtbot.wait(100)
        assert not task.is_cancelled() and not outcome
        (button,) = [b for b in dialog.findChildren(QPushButton) if b.text() == "取消"]
        if how == "esc":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(outcome), timeout=5000)
        assert type(outcome.pop()).__name__ == "ImportCancelled"
        qtbot.waitUntil(lambda: not ctx.busy, timeout=5000)
