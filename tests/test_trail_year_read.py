"""修改记录 (Ctrl+H) filtered by a year: the year's lines need each application's first event
(a query over every application) and a scan of the trail for the year's newest lines; at
100,000 papers that froze the window 1.7–2.3 s once the year was chosen. Both are read off
the UI thread: the view answers at once, saying it reads, and fills with the very lines
read on the spot; a year chosen again meanwhile wins, and closing the view stops the read."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_handover_window import two_years
from test_ui_support import answers, closed, ctx, focused, press, qsettings, window

from boostdesk.audit_newest import Chosen, NewestFirst
from boostdesk.ui import trail_view

__all__ = ["answers", "ctx", "qsettings", "two_years", "window"]

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
WAIT_MS = 20_000


@pytest.fixture
def year_reads(monkeypatch):
    """The threads each year's first events and each page of events were read on; a year's
    first events read off the UI thread held until ``gate`` is set (3 s at most)."""
    firsts: list[threading.Thread] = []
    pages: list[threading.Thread] = []
    gate = threading.Event()
    real_firsts, real_page = NewestFirst._firsts, NewestFirst._page

    def held(reg):
        firsts.append(threading.current_thread())
        if threading.current_thread() is not threading.main_thread():
            gate.wait(3)
        return real_firsts(reg)

    def page(self, n):
        pages.append(threading.current_thread())
        return real_page(self, n)

    monkeypatch.setattr(NewestFirst, "_firsts", staticmethod(held))
    monkeypatch.setattr(NewestFirst, "_page", page)
    return firsts, pages, gate


def _trail(window, qtbot):
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: isinstance(window.current_dialog, trail_view.TrailDialog))
    dialog = window.current_dialog
    qtbot.waitUntil(
        lambda: dialog.model.rowCount() > 0 and focused() is dialog.table, timeout=WAIT_MS
    )
    return dialog


def _year_down(qtbot, dialog, times):
    """Alt+Y, then ↓ on the closed box: each ↓ a choice (全部年度, 2022 年度, 2021 年度)."""
    press(qtbot, Qt.Key.Key_Y, ALT)
    assert focused() is dialog.year_box
    for _ in range(times):
        press(qtbot, Qt.Key.Key_Down)


def test_a_year_is_read_off_the_ui_thread_and_its_lines_are_those_read_at_once(
    two_years, window, qtbot, year_reads
):
    firsts, pages, gate = year_reads
    dialog = _trail(window, qtbot)
    pages.clear()
    _year_down(qtbot, dialog, 2)  # 2021 年度
    qtbot.waitUntil(lambda: bool(firsts), timeout=WAIT_MS)
    assert firsts[0] is not threading.main_thread()
    # the view answering meanwhile, saying it reads, the keyboard left in the box
    assert dialog.model.rowCount() == 0
    assert dialog.status.text().startswith("2021 年度：正在读取修改记录")
    assert focused() is dialog.year_box
    gate.set()
    qtbot.waitUntil(lambda: dialog.task is None and dialog.model.rowCount() > 0, timeout=WAIT_MS)
    assert pages and all(t is not threading.main_thread() for t in pages)
    assert all(t is not threading.main_thread() for t in firsts)
    at_once = NewestFirst(window.ctx.reg, Chosen(year=2021)).more(dialog.model.rowCount())
    assert dialog.model.lines == at_once
    assert all(x.year in (2021, None) for x in dialog.model.lines)
    assert dialog.status.text().startswith("2021 年度：")
    assert "正在读取" not in dialog.status.text()


def test_the_last_year_chosen_wins(two_years, window, qtbot, year_reads):
    firsts, _pages, gate = year_reads
    dialog = _trail(window, qtbot)
    _year_down(qtbot, dialog, 1)  # 2022 年度, held
    qtbot.waitUntil(lambda: len(firsts) == 1, timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_Down)  # then 2021 年度, before 2022's is read
    qtbot.waitUntil(lambda: len(firsts) == 2, timeout=WAIT_MS)
    gate.set()
    qtbot.waitUntil(lambda: not trail_view._RUNNING, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=WAIT_MS)
    qtbot.wait(50)
    assert dialog.chosen.year == 2021
    assert dialog.model.lines == NewestFirst(window.ctx.reg, Chosen(year=2021)).more(
        dialog.model.rowCount()
    )
    assert dialog.status.text().startswith("2021 年度：")


def test_closing_the_view_mid_read_stops_it_and_ctrl_h_reads_the_year_again(
    two_years, window, qtbot, year_reads
):
    firsts, _pages, gate = year_reads
    dialog = _trail(window, qtbot)
    _year_down(qtbot, dialog, 2)
    qtbot.waitUntil(lambda: bool(firsts), timeout=WAIT_MS)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(dialog))
    gate.set()
    qtbot.waitUntil(lambda: not trail_view._RUNNING, timeout=WAIT_MS)  # stopped
    assert dialog.model.rowCount() == 0
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    press(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.model.rowCount() > 0, timeout=WAIT_MS)
    assert dialog.chosen.year == 2021 and dialog.status.text().startswith("2021 年度：")
    assert all(x.year in (2021, None) for x in dialog.model.lines)
