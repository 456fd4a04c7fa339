"""A status-bar message keeps its room when the bar is laid out again under it: after a
print preview at 100,000 papers the register's lock was lost and the 只读 badge was added
at the bar's right; the counts, moved left by it, cut 「已生成拨付清单，共 197 页」 to 「已生」
(the tester's run6 print-payment.png). The counts give way again as they move."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton
from test_ui_support import answers, ctx, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]

COUNTS = ("专利：登记 80000 · 合格 50363 · 不合格 14746 · 待补材料 14891（其中待填收件日期 469）　　"
          "项目：登记 20000 · 合格 15782 · 不合格 1708 · 待补材料 2510（其中待填收件日期 175）")
MESSAGE = "已生成拨付清单，共 197 页"


def _room(window) -> int:
    """Where the message is cut: the first permanent widget shown (QStatusBar draws the
    message from 6 px to 2 px short of it)."""
    shown = [w for w in (window.todo_label, window.counts_label, window.operator_label)
             if w.isVisible()]
    return shown[0].geometry().left() - 8


def test_a_badge_added_under_a_message_does_not_push_the_counts_over_it(window, qtbot):
    from boostdesk.ui.lock_watch import LockWatch

    window.counts_label.set_texts(COUNTS)
    window.todo_label.setText("待办 12 项，其中逾期 3 项")
    qtbot.wait(20)
    window.show_notice(MESSAGE)
    qtbot.wait(20)
    bar = window.statusBar()
    width = bar.fontMetrics().horizontalAdvance(MESSAGE)
    assert width <= _room(window)  # (the 待办 count gave way)

    LockWatch(window)  # the lock lost: 只读 at the right
    qtbot.waitUntil(lambda: window.findChild(QPushButton, "read_only_badge").isVisible())
    qtbot.wait(20)  # laid out again
    assert bar.currentMessage() == MESSAGE
    assert width <= _room(window), (width, _room(window))
    bar.clearMessage()
    assert window.counts_label.isVisible() and window.todo_label.isVisible()
