"""Ctrl+D over many papers runs in the background.

8,000 papers given their 收件日期 at once froze the window ≈ 13 s (a save and an audit line
each, then the re-check). From ``operations.MANY_DATES`` papers on the write runs on a
worker connection behind a progress dialog whose 取消 stores nothing, the list refreshed
once it is done; fewer are still written at once, no progress dialog flashing."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_received_days import _ctrl_d, _days, _undated
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window
from test_ui_undo_status import shift_select

from boostdesk import received_days
from boostdesk.rules.findings import NO_RECEIVED_ZH
from boostdesk.ui import operations

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _recording(ctx, monkeypatch, cancel_at: int | None = None):
    """The progress the worker reported; ``cancel_at``: 取消 pressed as it reports that."""
    reports: list[tuple[int, int]] = []
    write_long = ctx.write_long

    def recorded(label, do, **kwargs):
        def work(reg, progress, cancelled):
            def said(done, total):
                reports.append((done, total))
                progress(done, total)
            return do(reg, said, lambda: (cancel_at is not None and bool(reports)
                                          and reports[-1][0] >= cancel_at) or cancelled())
        return write_long(label, work, **kwargs)

    monkeypatch.setattr(ctx, "write_long", recorded)
    return reports


def _verdicts(screen, ids) -> list[str]:
    column = next(i for i, c in enumerate(screen.model.spec.columns) if c.kind == "verdict")
    rows = [screen.model.ids.index(i) for i in ids]
    return [screen.model.data(screen.model.index(r, column)) for r in rows]


def test_many_papers_are_dated_in_the_background_and_the_list_says_so_after(
        window, ctx, reg, qtbot, monkeypatch, answers):
    monkeypatch.setattr(operations, "MANY_DATES", 3)
    monkeypatch.setattr(received_days, "STEP", 1)
    reports = _recording(ctx, monkeypatch)
    ids = _undated(reg)
    screen = shift_select(qtbot, window, ids, 3)
    assert _verdicts(screen, ids) == [NO_RECEIVED_ZH] * 3
    dialog = _ctrl_d(qtbot, window, screen)
    type_text(qtbot, "2022-10-28", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    assert ctx.busy  # behind a progress dialog, the window free
    qtbot.waitUntil(lambda: closed(dialog), timeout=20_000)
    assert _days(reg, ids) == [date(2022, 10, 28)] * 3
    assert reports == [(0, 3), (1, 3), (2, 3), (3, 3)]
    qtbot.waitUntil(lambda: NO_RECEIVED_ZH not in _verdicts(screen, ids))  # the list refreshed
    assert "已填写 3 项申报的收件日期 2022-10-28" in window.statusBar().currentMessage()
    assert ctx.undo_stack.undoText() == "填写 3 项申报的收件日期 2022-10-28"
    assert answers.errors == []
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Qt.Key.Key_Z, CTRL)  # undone in the background too
    qtbot.waitUntil(lambda: _days(reg, ids) == [None] * 3, timeout=20_000)
    qtbot.waitUntil(lambda: not ctx.busy)


def test_cancel_stores_no_date_and_keeps_the_dialog(window, ctx, reg, qtbot, monkeypatch,
                                                    answers):
    monkeypatch.setattr(operations, "MANY_DATES", 3)
    monkeypatch.setattr(received_days, "STEP", 1)
    reports = _recording(ctx, monkeypatch, cancel_at=2)  # two of three saved, then 取消
    ids = _undated(reg)
    screen = shift_select(qtbot, window, ids, 3)
    dialog = _ctrl_d(qtbot, window, screen)
    type_text(qtbot, "2022-10-28", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert reports[-1] == (2, 3)
    assert _days(reg, ids) == [None] * 3  # all or nothing
    assert reg.scalar("SELECT count(*) FROM audit_events WHERE action = 'update'"
                      " AND entity = 'patent_applications'") == 0
    assert dialog.isVisible() and "已取消，未填写任何收件日期" in dialog.error.text()
    assert ctx.undo_stack.count() == 0 and answers.errors == []
    press(qtbot, Qt.Key.Key_Escape)


def test_a_few_papers_are_dated_at_once_with_no_progress_dialog(window, ctx, reg, qtbot,
                                                                monkeypatch, answers):
    called: list[str] = []
    monkeypatch.setattr(ctx, "write_long", lambda label, *a, **k: called.append(label))
    ids = _undated(reg)  # three: below MANY_DATES
    screen = shift_select(qtbot, window, ids, 3)
    dialog = _ctrl_d(qtbot, window, screen)
    type_text(qtbot, "2022-10-28", dialog.day)
    press(qtbot, Qt.Key.Key_Return)
    assert called == [] and not ctx.busy
    assert _days(reg, ids) == [date(2022, 10, 28)] * 3 and closed(dialog)
