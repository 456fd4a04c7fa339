"""待办's list is read off the UI thread (todo_reader): Ctrl+0 shows the screen at once,
saying 正在统计待办…, and Enter works on the first item once the list has come; F5 keeps
the list in view while it is read again; a write meanwhile is never shown from before it.

The read is held at a gate so that what the clerk sees while it runs is certain (no
timing): ``todo_list`` wrapped, each call noting its thread."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_keyboard_screens import CTRL, demo_window
from test_ui_support import answers, focused, press, qsettings

import boostdesk.todo
from boostdesk.models import clock
from boostdesk.models.records import PATENT
from boostdesk.ui import operations

__all__ = ["answers", "qsettings"]

DAY = date(2023, 3, 10)


class Gate:
    """``todo_list`` as the 待办 screen calls it (its items listed), held after reading
    until ``open()``; the status bar's count (limit 0) passes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.real = boostdesk.todo.todo_list
        self.gate = threading.Event()
        self.threads: list[bool] = []  # each list's: read on the UI thread?
        monkeypatch.setattr(boostdesk.todo, "todo_list", self.todo_list)

    def todo_list(self, reg, today=None, *, limit=boostdesk.todo.ITEMS_SHOWN):
        todo = self.real(reg, today, limit=limit)
        if limit != 0:
            on_ui = threading.current_thread() is threading.main_thread()
            self.threads.append(on_ui)
            if not on_ui:  # (on the UI thread it would hang the test)
                assert self.gate.wait(20), "the test never opened the gate"
        return todo

    def open(self) -> None:
        self.gate.set()

    def close(self) -> None:
        self.gate.clear()


@pytest.fixture
def gate(monkeypatch):
    g = Gate(monkeypatch)
    yield g
    g.open()  # a read still held ends: the window's close waits for it


@pytest.fixture
def window(reg, qsettings, qapp, qtbot, answers, gate):
    with clock.fixed_day(DAY):
        w = demo_window(reg, qsettings, qtbot)
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        yield w
        gate.open()
        w.close()
        w.ctx.shutdown()


def _refs(screen, kind_label: str) -> list[str]:
    return [screen.model.text(r, 2) for r in range(screen.model.rowCount())
            if screen.model.text(r, 0) == kind_label]


def test_ctrl_0_shows_reading_then_enter_goes_to_the_first_item(window, qtbot, gate):
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_0, CTRL)
    screen = window.stack.currentWidget()
    assert type(screen).__name__ == "TodoScreen" and focused() is screen.table
    assert "正在统计待办…" in screen.summary.text()
    assert screen.model.rowCount() == 0 and screen.empty_hint.isVisible()
    assert screen.empty_hint.text() == "正在统计待办…"
    press(qtbot, Qt.Key.Key_Return)  # nothing to go to yet: it stays
    assert window.stack.currentWidget() is screen

    gate.open()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=10000)
    assert "截至 2023-03-10" in screen.summary.text() and "正在统计" not in screen.summary.text()
    item = screen.current_item()
    assert item.kind == "payment_overdue" and focused() is screen.table
    press(qtbot, Qt.Key.Key_Return)
    payments = window.stack.currentWidget()
    assert type(payments).__name__ == "PaymentsScreen"
    assert payments.selected_ids() == [item.line_id]
    assert gate.threads and not any(gate.threads)  # never read on the UI thread


def test_f5_keeps_the_list_and_a_write_meanwhile_is_never_shown_from_before(
        window, qtbot, gate):
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_0, CTRL)
    screen = window.stack.currentWidget()
    gate.open()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=10000)
    assert "专利62" in _refs(screen, "逾期报送待审核人决定")
    before = screen.model.rowCount()
    shown: list[list[str]] = []  # the late papers each list put in view had
    screen.model.modelReset.connect(lambda: shown.append(_refs(screen, "逾期报送待审核人决定")))

    gate.close()
    press(qtbot, Qt.Key.Key_F5)  # read again: the list stays in view and usable
    qtbot.waitUntil(lambda: len(gate.threads) == 2, timeout=10000)  # read, held at the gate
    assert "正在统计待办…" in screen.summary.text()
    assert screen.model.rowCount() == before and screen.current_item() is not None

    # the reviewer refuses the late paper meanwhile (the read held has it as late)
    result = operations.move_status(window.ctx, PATENT, 62, "refused", "逾期报送，不予受理",
                                    decided_on=DAY)
    assert result.ok, result
    gate.open()
    qtbot.waitUntil(lambda: not screen.reader.reading and len(gate.threads) == 3,
                    timeout=10000)
    qtbot.waitUntil(lambda: "正在统计" not in screen.summary.text(), timeout=10000)
    assert shown and all("专利62" not in refs for refs in shown)
    assert "专利62" not in _refs(screen, "逾期报送待审核人决定")
    assert not any(gate.threads)


def test_a_read_that_fails_says_why_and_f5_reads_again(window, qtbot, gate, monkeypatch):
    def broken(*_a, **_k):
        raise OSError(5, "输入/输出错误", "register.db")

    monkeypatch.setattr(boostdesk.todo, "todo_list", broken)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_0, CTRL)
    screen = window.stack.currentWidget()
    qtbot.waitUntil(lambda: "无法统计待办" in screen.summary.text(), timeout=10000)
    assert "register.db" in screen.summary.text() and "按 F5 重试" in screen.empty_hint.text()
    monkeypatch.setattr(boostdesk.todo, "todo_list", gate.todo_list)
    gate.open()
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=10000)
    assert "截至 2023-03-10" in screen.summary.text()
