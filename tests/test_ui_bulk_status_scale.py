"""改变状态 over many rows (Ctrl+A over a year) runs in the background.

At 50,000 patents of one year the batch move took 44 s on the UI thread (re-check before,
backup, one move each, re-check after), the window frozen without a word. From
``operations.MANY_MOVES`` rows on it runs on a worker connection behind a progress dialog
whose 取消 stores nothing; fewer still move at once (the tests of test_ui_undo_status).

On a register of 100,000 papers (140 MB) 50 rows froze the window 6 s, 5.9 s of it the
backup before the batch: on a register whose backup takes seconds
(``context.BACKGROUND_BYTES``) any batch runs in the background, its backup too."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_backed_up_support import HeldBackup
from test_ui_support import answers, ctx, focused, press, qsettings, window
from test_ui_undo_status import shift_select, three_patents

from boostdesk.models.records import PATENT
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.ui import operations, search_keys
from boostdesk.ui.status_dialog import StatusDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _recording(ctx, monkeypatch):
    """Progress reports of the background moves, as the worker made them."""
    reports: list[tuple[int, int]] = []
    write_long = ctx.write_long

    def recorded(label, do, **kwargs):
        def work(reg, progress, cancelled):
            def said(done, total):
                reports.append((done, total))
                progress(done, total)
            return do(reg, said, cancelled)
        return write_long(label, work, **kwargs)

    monkeypatch.setattr(ctx, "write_long", recorded)
    return reports


def test_many_moves_run_in_the_background_with_progress(ctx, reg, qtbot, monkeypatch):
    from boostdesk.safety import list_backups

    monkeypatch.setattr(operations, "MANY_MOVES", 3)
    monkeypatch.setattr(operations, "MOVES_STEP", 1)
    reports = _recording(ctx, monkeypatch)
    ids = three_patents(reg)
    results = []
    before = len(list_backups(reg.path))
    assert operations.move_statuses(ctx, PATENT, ids, "qualified",
                                    on_done=results.append) is None  # not done yet: behind
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    assert results[0].ok, results[0].error
    assert [reg.patent(i).status for i in ids] == ["qualified"] * 3
    assert reports[0] == (0, 3) and reports[-1] == (3, 3) and len(reports) == 4
    assert len(list_backups(reg.path)) == before + 1  # the backup before, as at once
    assert [h["to_status"] for h in reg.status_history(PATENT, ids[0])][-1] == "qualified"


def test_cancelled_moves_store_nothing(ctx, reg, qtbot, monkeypatch):
    monkeypatch.setattr(operations, "MANY_MOVES", 3)
    monkeypatch.setattr(operations, "MOVES_STEP", 1)
    ids = three_patents(reg)
    write_long = ctx.write_long

    def cancelling(label, do, **kwargs):  # 取消 pressed as the second move is reported
        def work(reg_, progress, cancelled):
            pressed = []

            def said(done, total):
                if done == 2:
                    pressed.append(True)
                progress(done, total)
            return do(reg_, said, lambda: bool(pressed) or cancelled())
        return write_long(label, work, **kwargs)

    monkeypatch.setattr(ctx, "write_long", cancelling)
    results = []
    operations.move_statuses(ctx, PATENT, ids, "qualified", on_done=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    assert results[0].cancelled and not results[0].ok
    assert [reg.patent(i).status for i in ids] == ["registered"] * 3


def test_the_status_dialog_closes_once_the_background_moves_are_done(ctx, reg, qtbot,
                                                                      monkeypatch):
    monkeypatch.setattr(operations, "MANY_MOVES", 3)
    ids = three_patents(reg)
    dialog = StatusDialog(ctx, PATENT, ids)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.target == "qualified"
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
    assert dialog.result() == StatusDialog.DialogCode.Accepted
    assert [reg.patent(i).status for i in ids] == ["qualified"] * 3


def test_a_refused_batch_in_the_background_moves_none_and_keeps_the_dialog(
        ctx, reg, qtbot, monkeypatch, answers):
    monkeypatch.setattr(operations, "MANY_MOVES", 3)
    ids = three_patents(reg)
    reg.set_status(PATENT, ids[1], "refused", "材料不全")  # moved by someone meanwhile
    results = []
    operations.move_statuses(ctx, PATENT, ids, "qualified", on_done=results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=20_000)
    assert not results[0].ok and f"专利{ids[1]}" in answers.errors[-1][1]
    assert [reg.patent(i).status for i in ids] == ["registered", "refused", "registered"]


def _ctrl_m_on_three(qtbot, window, reg):
    """Three rows selected (Shift+↓), Ctrl+M, Enter on 资格审核通过: as the clerk moves them."""
    ids = three_patents(reg)
    screen = shift_select(qtbot, window, ids, 3)
    assert screen.selected_ids() == ids
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog) and dialog.target == "qualified"
    dialog.activateWindow()
    qtbot.waitUntil(lambda: focused() is dialog.choices)
    press(qtbot, Qt.Key.Key_Return)
    return ids, dialog


def test_a_few_rows_of_a_big_register_are_backed_up_and_moved_in_the_background(
        window, ctx, reg, qtbot, monkeypatch, answers):
    held = HeldBackup(monkeypatch, ctx)  # a register of BACKGROUND_BYTES, its backup held
    ids, dialog = _ctrl_m_on_three(qtbot, window, reg)
    held.in_background(qtbot)  # the backup in the worker, the progress dialog shown
    assert held.progress_dialog().labelText().startswith("正在将 3 项申报改为“资格审核通过”")
    assert [reg.patent(i).status for i in ids] == ["registered"] * 3  # not yet
    held.finish(qtbot)  # one backup kept
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [reg.patent(i).status for i in ids] == ["qualified"] * 3
    assert answers.errors == []


def test_cancel_during_a_big_registers_backup_moves_none(window, ctx, reg, qtbot,
                                                         monkeypatch, answers):
    held = HeldBackup(monkeypatch, ctx)
    ids, dialog = _ctrl_m_on_three(qtbot, window, reg)
    held.in_background(qtbot)
    held.cancel(qtbot)  # 取消 before the moves: the backup taken back, nothing stored
    assert [reg.patent(i).status for i in ids] == ["registered"] * 3
    assert [h["to_status"] for h in reg.status_history(PATENT, ids[0])][-1] == "registered"
    assert dialog.isVisible() and answers.errors == []  # the choice kept, to try again


def test_one_row_of_a_big_register_still_moves_at_once(window, ctx, reg, qtbot, monkeypatch,
                                                       answers):
    """A single move takes no backup: nothing slow, no progress dialog flashing."""
    HeldBackup(monkeypatch, ctx)
    ids = three_patents(reg)
    screen = shift_select(qtbot, window, ids, 1)
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    press(qtbot, Qt.Key.Key_Return)
    assert not ctx.busy and reg.patent(ids[0]).status == "qualified"


def test_rows_moved_in_the_background_are_found_without_reading_every_text_again(
        window, ctx, reg, qtbot, monkeypatch, answers):
    """The worker's connection wrote the moves: its journal is handed to the window's, so
    the list takes in the three rows alone (at 100,000 papers every text was read again,
    ≈ 0.5 s with the window frozen) and its 状态 filter finds them at once."""
    held = HeldBackup(monkeypatch, ctx)
    reads: list[int] = []
    real = search_keys.read_keys
    monkeypatch.setattr(search_keys, "read_keys", lambda *a: (reads.append(1), real(*a))[1])
    ids, dialog = _ctrl_m_on_three(qtbot, window, reg)
    screen = window.current_screen()
    held.in_background(qtbot)
    held.finish(qtbot)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert [screen.model.row_data(r).values["status"] for r in range(3)] == ["qualified"] * 3
    screen.status.setFocus()
    for _ in range(screen.status.count()):  # ↓ through 状态's choices to 资格审核通过
        if screen.status.currentData() == "qualified":
            break
        press(qtbot, Qt.Key.Key_Down, widget=screen.status)
    assert screen.status.currentText() == STATUS_ZH["qualified"]
    qtbot.waitUntil(lambda: screen.model.total == 3)
    assert screen.model.ids == ids
    assert reads == []
