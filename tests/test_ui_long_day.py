"""A working day in one window: what a form or dialog leaves behind once closed.

The window lives from 8:30 to 17:30; every paper typed opens a form, every status move,
import or question a dialog. Each used to stay as the window's hidden child (≈ 3.5 MB a
form, found with tools/longday.py); here a few rounds of each must leave nothing.
"""

from __future__ import annotations

import gc

import shiboken6
from fixtures.summary_sheets import patent_no
from PySide6.QtCore import QEvent, QMetaObject, Qt
from PySide6.QtWidgets import QApplication, QDialog
from test_ui_entry import open_new_form, type_patent
from test_ui_import import TWO_GOOD, summary_table
from test_ui_support import answers, closed, ctx, press, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
ROUNDS = 4


def settle() -> None:
    """Let the event loop delete what was closed (deleteLater), as it does between keys."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    QApplication.processEvents()


def left_behind(window) -> list[str]:
    settle()
    return [type(d).__name__ for d in window.findChildren(QDialog)]


def connections() -> int:
    gc.collect()
    return sum(isinstance(o, QMetaObject.Connection) for o in gc.get_objects())


def save_paper(qtbot, window, serial: int) -> None:
    qtbot.wait(10)  # the clerk takes up the next paper: the last form's close has landed
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=patent_no(f"2021101{serial:05d}"))
    press(qtbot, Qt.Key.Key_S, CTRL, form)
    assert not shiboken6.isValid(form) or not form.isVisible()


def test_papers_typed_all_day_leave_no_form_behind(window, qtbot, answers):
    for serial in range(ROUNDS):
        save_paper(qtbot, window, serial)
    assert left_behind(window) == []
    assert window.current_screen().model.rowCount() == ROUNDS, answers.errors


def test_dialogs_opened_and_closed_all_day_leave_nothing_behind(window, qtbot, answers):
    save_paper(qtbot, window, 1)
    screen = window.current_screen()
    screen.table.setFocus()
    connected = connections()
    for _ in range(ROUNDS):
        # 新建, 打开 (Enter on a row), 改变状态, 导入, 快捷键, 关于: each closed with Esc.
        for open_it in (screen.new_item, screen.edit_current, screen.change_status,
                        screen.import_table, window.show_keys, window.show_about):
            opened = open_it()
            assert opened.isVisible(), (open_it, answers.errors)
            press(qtbot, Qt.Key.Key_Escape, widget=opened.focusWidget() or opened)
            assert closed(opened), open_it
        assert left_behind(window) == []
    # Nor a connection a form's shortcut made: PySide kept one per activated= keyword.
    assert connections() - connected < ROUNDS


def test_an_import_closed_while_its_file_is_read_goes_once_the_read_is_over(
        window, qtbot, ctx, tmp_path):
    # Esc before the progress shows (300 ms): the read still reports to the dialog, which
    # must be there to hear it (the monkey's seeds 11 and 23), and go after.
    dialog = window.current_screen().import_table()
    dialog.open_file(summary_table(tmp_path / "t.xlsx", TWO_GOOD))
    press(qtbot, Qt.Key.Key_Escape, widget=dialog)
    assert closed(dialog) and ctx.busy
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert left_behind(window) == []
