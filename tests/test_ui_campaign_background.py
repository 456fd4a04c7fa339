"""A large campaign's parameters saved (and undone, redone) off the UI thread: the whole
campaign is re-checked in the same transaction, seconds at 100,000 applications."""

from __future__ import annotations

import json
import threading
from datetime import date

import pytest
from fixtures.summary_sheets import CARD_1, INVENTION
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.models.records import PatentApplication
from boostdesk.rules import check as rules_check
from boostdesk.rules import refresh
from boostdesk.ui import operations

__all__ = ["answers", "ctx", "qsettings", "window"]

OLD, NEW = date(2022, 11, 1), date(2022, 11, 10)


@pytest.fixture
def late(reg, monkeypatch):
    """One application received after the plan's deadline, checked; every campaign large."""
    reg.save_patent(PatentApplication(2022, title="甲", patent_number_raw=INVENTION,
                                      inventor_name="张三", card_number=CARD_1,
                                      received_date=date(2022, 11, 5)))
    refresh(reg, 2022)
    monkeypatch.setattr(operations, "BACKGROUND_FROM", 1)
    return reg


def is_late(reg) -> bool:
    findings = json.loads(reg.scalar("SELECT findings FROM patent_applications"))
    return "LATE_SUBMISSION" in [f["code"] for f in findings]


def deadline(reg) -> date:
    return reg.campaign(2022).submission_deadline


def type_deadline(screen, qtbot) -> None:
    screen.deadline.setFocus()
    screen.deadline.selectAll()
    type_text(qtbot, "2022年11月10日", screen.deadline)


def click_save(screen, qtbot) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    button = screen.findChild(QPushButton, "save_campaign")  # 保存本年度计划
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


class Held:
    """check_patents held in the worker until let go; records the thread it ran on."""

    def __init__(self, monkeypatch, hold: bool) -> None:
        self.threads: list[threading.Thread] = []
        self.checking, self.go_on = threading.Event(), threading.Event()
        if not hold:
            self.go_on.set()
        real = rules_check.check_patents

        def held(*args, **kw):
            self.threads.append(threading.current_thread())
            self.checking.set()
            self.go_on.wait(10)
            return real(*args, **kw)

        monkeypatch.setattr(rules_check, "check_patents", held)


def test_a_large_campaign_is_saved_undone_and_redone_in_the_background(
        window, ctx, late, qtbot, monkeypatch):
    reg = late
    spy = Held(monkeypatch, hold=False)
    screen = window.screen_named("设置")
    type_deadline(screen, qtbot)
    click_save(screen, qtbot)
    (task,) = ctx._tasks
    assert task.dialog.isVisible()  # at once: the window takes no second change meanwhile
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert spy.threads and threading.main_thread() not in spy.threads
    assert deadline(reg) == NEW and not is_late(reg)
    assert "已保存 2022 年度计划" in screen.campaign_message.text()

    spy.threads.clear()
    ctx.undo_stack.undo()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert deadline(reg) == OLD and is_late(reg)
    ctx.undo_stack.redo()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert deadline(reg) == NEW and not is_late(reg)
    assert spy.threads and threading.main_thread() not in spy.threads


def test_cancelling_the_save_stores_nothing(window, ctx, late, qtbot, monkeypatch):
    reg = late
    spy = Held(monkeypatch, hold=True)
    screen = window.screen_named("设置")
    type_deadline(screen, qtbot)
    click_save(screen, qtbot)
    qtbot.waitUntil(spy.checking.is_set)
    (task,) = ctx._tasks
    task.dialog.reject()  # Esc on the progress dialog (its 取消 button emits the same)
    spy.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert deadline(reg) == OLD and is_late(reg)
    assert "已取消保存" in screen.campaign_message.text()
    assert ctx.undo_stack.count() == 0


def test_a_cancelled_undo_leaves_the_save_and_its_undo_in_place(
        window, ctx, late, qtbot, monkeypatch):
    reg = late
    screen = window.screen_named("设置")
    type_deadline(screen, qtbot)
    click_save(screen, qtbot)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert deadline(reg) == NEW

    spy = Held(monkeypatch, hold=True)
    ctx.undo_stack.undo()
    qtbot.waitUntil(spy.checking.is_set)
    (task,) = ctx._tasks
    task.dialog.reject()
    spy.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert deadline(reg) == NEW and not is_late(reg)
    assert ctx.undo_stack.index() == 1 and ctx.undo_stack.canUndo()  # still to be undone

    ctx.undo_stack.undo()  # let go this time
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert deadline(reg) == OLD and is_late(reg)


def test_a_small_campaign_is_saved_at_once(window, ctx, reg, qtbot, answers):
    screen = window.screen_named("设置")
    type_deadline(screen, qtbot)
    click_save(screen, qtbot)
    assert not ctx.busy and deadline(reg) == NEW
