"""Ctrl+C of many rows (14,757 rows of 专利助推 at 100,000 papers froze the window 1.9–3.0 s,
nothing said): built a slice at a time, the window answering between slices, the status
bar saying 正在复制 N 行… then 已复制 N 行, a progress dialog with 取消; the clipboard set
once at the end with the very text and HTML copied on the spot, or left as it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QTableView
from test_ui_copy_rows import CTRL, clipboard, focus, register_screen
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.io import copy_table
from boostdesk.io.copy_table import both
from boostdesk.ui import copy_rows
from boostdesk.ui.copy_rows import _texts, copyable, picked
from boostdesk.ui.rows_model import RowsModel

__all__ = ["answers", "clipboard", "ctx", "qsettings", "window"]


@pytest.fixture
def sliced(monkeypatch):
    """Copies of 100 rows or more sliced, 50 rows a slice; each slice's turn of the event
    loop recorded (a 0 ms timer's ticks when it was added)."""
    monkeypatch.setattr(copy_rows, "SLICED_FROM", 100)
    monkeypatch.setattr(copy_rows, "SLICE_ROWS", 50)
    ticks = [0]
    timer = QTimer()
    timer.setInterval(0)
    timer.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    timer.start()
    at: list[int] = []
    real = copy_table.Building.add

    def add(self, rows):
        rows = list(rows)
        if rows:
            at.append(ticks[0])
        real(self, rows)

    monkeypatch.setattr(copy_table.Building, "add", add)
    yield at
    timer.stop()


def _many(window, ctx, reg, notices):
    ctx.notice.connect(notices.append)
    screen, _ids = register_screen(window, reg, 260)
    return screen


def test_many_rows_are_copied_a_slice_at_a_time_the_same_text_in_the_end(
    window, ctx, reg, qtbot, clipboard, sliced
):
    notices: list[str] = []
    screen = _many(window, ctx, reg, notices)
    qtbot.keyClick(screen.table, Qt.Key.Key_A, CTRL)
    on_the_spot = both(_texts(screen.model, picked(screen.table)))
    sliced.clear()
    qtbot.keyClick(screen.table, Qt.Key.Key_C, CTRL)
    # the key answered at once: said, the clipboard not yet touched, a dialog to cancel
    assert notices[-1] == "正在复制 260 行…"
    assert clipboard.text() == "上一次复制的内容"
    dialog = screen.table.window().findChild(copy_rows.ProgressDialog)
    assert dialog is not None and dialog.labelText() == "正在复制 260 行…"
    assert QApplication.overrideCursor() is not None
    qtbot.waitUntil(lambda: notices[-1] == "已复制 260 行")
    assert (clipboard.text(), clipboard.mimeData().html(), 260) == on_the_spot
    # the event loop turned between the slices (the window answering), not once for all
    assert len(sliced) >= 6 and sliced == sorted(set(sliced))
    assert QApplication.overrideCursor() is None
    assert (
        screen.table.window().findChild(copy_rows.ProgressDialog) is None or not dialog.isVisible()
    )


def test_cancel_leaves_the_clipboard_as_it_was(window, ctx, reg, qtbot, clipboard, sliced):
    notices: list[str] = []
    screen = _many(window, ctx, reg, notices)
    qtbot.keyClick(screen.table, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(screen.table, Qt.Key.Key_C, CTRL)
    dialog = screen.table.window().findChild(copy_rows.ProgressDialog)
    cancel = next(b for b in dialog.findChildren(QPushButton) if b.text() == "取消")
    cancel.click()
    assert notices[-1] == "已取消复制，剪贴板未改变"
    slices = len(sliced)
    qtbot.wait(100)
    assert len(sliced) == slices  # stopped
    assert clipboard.text() == "上一次复制的内容"
    assert QApplication.overrideCursor() is None
    qtbot.keyClick(screen.table, Qt.Key.Key_C, CTRL)  # and Ctrl+C copies again
    qtbot.waitUntil(lambda: notices[-1] == "已复制 260 行")
    assert len(clipboard.text().split("\n")) == 260


def test_the_list_read_again_mid_copy_stops_it(window, ctx, reg, qtbot, clipboard, sliced):
    notices: list[str] = []
    screen = _many(window, ctx, reg, notices)
    qtbot.keyClick(screen.table, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(screen.table, Qt.Key.Key_C, CTRL)
    screen.reload()  # a change saved meanwhile: the rows are others now
    assert notices[-1].startswith("列表已改变")
    qtbot.wait(100)
    assert clipboard.text() == "上一次复制的内容"
    assert QApplication.overrideCursor() is None


def test_a_list_closed_mid_copy_stops_it(qtbot, clipboard, sliced):
    """A dialog's list (导入's preview) closed while its rows are copied: stopped, the
    cursor given back, the clipboard kept."""
    notices: list[str] = []
    model = RowsModel(("工作室", "级别"))
    model.set_rows([(n, (f"第{n}创新工作室", "市级")) for n in range(300)])
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    copyable(view, notices.append)
    focus(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    assert notices[-1] == "正在复制 300 行…"
    view.deleteLater()
    qtbot.waitUntil(lambda: notices[-1].startswith("列表已关闭"))
    qtbot.wait(100)
    assert clipboard.text() == "上一次复制的内容"
    assert QApplication.overrideCursor() is None
    assert not copy_rows._COPYING
