"""修改记录 (Ctrl+H) opened for the first time in a session: every line is made in what the
trail names (every application, payment, deletion), read once; at 100,000 papers that read
froze the window 0.9–6.5 s before the view showed. It is read off the UI thread: the view
shows at once, saying it reads, then fills with the very lines it showed before."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from test_handover_window import two_years
from test_ui_support import answers, ctx, focused, press, qsettings, window

from boostdesk import audit_log
from boostdesk.audit_newest import Chosen, NewestFirst
from boostdesk.ui import trail_view

__all__ = ["answers", "ctx", "qsettings", "two_years", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
WAIT_MS = 20_000


@pytest.fixture
def whole_reads(monkeypatch):
    """The threads every application was read on (a whole-register context), each read held
    until ``gate`` is set (3 s at most) when it is not on the UI thread."""
    threads: list[threading.Thread] = []
    gate = threading.Event()
    real = audit_log._Context.__init__

    def recorded(self, reg, only=None, cancelled=None):
        if only is None:
            threads.append(threading.current_thread())
            if threading.current_thread() is not threading.main_thread():
                gate.wait(3)
        real(self, reg, only, cancelled)

    monkeypatch.setattr(audit_log._Context, "__init__", recorded)
    return threads, gate


def _ctrl_h(window, qtbot):
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: isinstance(window.current_dialog, trail_view.TrailDialog))
    return window.current_dialog


def test_the_first_opening_reads_every_application_off_the_ui_thread(
    two_years, window, qtbot, whole_reads
):
    threads, gate = whole_reads
    dialog = _ctrl_h(window, qtbot)
    qtbot.waitUntil(lambda: bool(threads), timeout=WAIT_MS)
    assert threads[0] is not threading.main_thread()
    # the view shown and answering meanwhile, saying it reads
    assert dialog.isVisible() and dialog.model.rowCount() == 0
    assert "正在读取修改记录" in dialog.status.text()
    gate.set()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: focused() is dialog.table)
    assert dialog.table.currentIndex().row() == 0
    assert dialog.status.text().startswith("全部年度：已列出最近的 200 条")
    assert all(t is not threading.main_thread() for t in threads)


def test_the_lines_read_in_the_background_are_the_lines_read_at_once(two_years, window, qtbot):
    dialog = _ctrl_h(window, qtbot)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=WAIT_MS)
    at_once = NewestFirst(window.ctx.reg, Chosen()).more(dialog.model.rowCount())
    assert dialog.model.lines == at_once
    # and another choice's, made on what the background read (2021's, the year's own test)
    dialog.year_box.setCurrentIndex(dialog.year_box.findData(2021))
    dialog.apply(to_list=False)  # read in the background too
    qtbot.waitUntil(lambda: dialog.task is None and dialog.model.rowCount() > 0, timeout=WAIT_MS)
    assert dialog.model.lines == NewestFirst(window.ctx.reg, Chosen(year=2021)).more(
        dialog.model.rowCount()
    )
    assert dialog.model.lines and all(x.year in (2021, None) for x in dialog.model.lines)


def test_a_change_saved_while_the_view_is_open_is_read_again_in_the_background(
    two_years, window, qtbot, whole_reads
):
    threads, gate = whole_reads
    gate.set()
    dialog = _ctrl_h(window, qtbot)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 3, timeout=WAIT_MS)
    dialog.table.selectRow(2)
    reg = window.ctx.reg
    reg.set_status("patent", two_years, "registered", "重新登记")
    window.ctx.changed.emit("patent")
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and dialog.task is None, timeout=WAIT_MS)
    assert dialog.model.lines[0].action.startswith("状态变更")
    assert dialog.table.currentIndex().row() == 2  # the line chosen kept
    assert len(threads) == 2 and all(t is not threading.main_thread() for t in threads)
