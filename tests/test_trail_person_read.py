"""修改记录 (Ctrl+H) filtered by a person: his trail is read whole (a second at 100,000
papers, the window frozen that long), so it is read off the UI thread. The clerk types a
name and Enter, changes her mind and types another before the first is read: the view
answers meanwhile, the later name's lines are shown and never the earlier's; closing the
view, or the window, mid-read is safe."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_handover_window import two_years
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk import audit_picks
from boostdesk.audit_log import ExportCancelled
from boostdesk.ui import trail_view

__all__ = ["answers", "ctx", "qsettings", "two_years", "window"]

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def held(monkeypatch):
    """Each person's read held until released (``held[name].set()``; 3 s at most), as a
    big register's read takes a second; a cancelled one stops, as the real read does."""
    gates: dict[str, threading.Event] = {}
    real = audit_picks.Choice.trail

    def slow(choice, reg, cancelled=None):
        gate = gates.setdefault(choice.whose.person, threading.Event())
        end = time.monotonic() + 3
        while not gate.wait(0.01) and time.monotonic() < end:
            if cancelled is not None and cancelled():
                raise ExportCancelled
        return real(choice, reg, cancelled)

    monkeypatch.setattr(audit_picks.Choice, "trail", slow)
    return gates


def _gate(held, name):
    return next(gate for person, gate in held.items() if person.startswith(name))


def _trail(window, qtbot):
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_H, CTRL)
    qtbot.waitUntil(lambda: isinstance(window.current_dialog, trail_view.TrailDialog))
    dialog = window.current_dialog
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and focused() is dialog.table)
    return dialog


def _ask(qtbot, dialog, name):
    """Alt+R, the name typed over what was there, Enter: as a clerk filters."""
    press(qtbot, Qt.Key.Key_R, ALT)
    assert focused() is dialog.ref_field
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, name)
    press(qtbot, Qt.Key.Key_Return)


def test_a_later_name_supersedes_an_earlier_one_read_meanwhile(two_years, window, qtbot,
                                                                 held):
    dialog = _trail(window, qtbot)
    _ask(qtbot, dialog, "赵一")
    # the read under way, the view answering: the list empty, the line above saying so
    qtbot.waitUntil(lambda: any(p.startswith("赵一") for p in held))
    assert dialog.model.rowCount() == 0 and "正在读取" in dialog.status.text()
    assert focused() is dialog.ref_field  # the keyboard left where she typed
    _ask(qtbot, dialog, "钱二")  # typed while 赵一's is read
    qtbot.waitUntil(lambda: any(p.startswith("钱二") for p in held))
    _gate(held, "钱二").set()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
    assert all("钱二" in x.subject for x in dialog.model.lines)
    assert dialog.status.text().startswith("第一发明人 钱二")
    qtbot.waitUntil(lambda: focused() is dialog.table)  # read: the keyboard on the list
    _gate(held, "赵一").set()  # the earlier read, had it not stopped, ends now
    qtbot.waitUntil(lambda: not trail_view._RUNNING)
    qtbot.wait(50)
    assert all("钱二" in x.subject for x in dialog.model.lines)  # never 赵一's
    assert dialog.status.text().startswith("第一发明人 钱二")


def test_closing_the_view_mid_read_stops_it_and_ctrl_h_reads_again(two_years, window,
                                                                   qtbot, held):
    dialog = _trail(window, qtbot)
    _ask(qtbot, dialog, "赵一")
    qtbot.waitUntil(lambda: any(p.startswith("赵一") for p in held))
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(dialog))
    qtbot.waitUntil(lambda: not trail_view._RUNNING)  # stopped, not left to run
    assert dialog.model.rowCount() == 0
    _gate(held, "赵一").set()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    press(qtbot, Qt.Key.Key_H, CTRL)  # back: the same name, read again
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.model.rowCount() > 0)
    assert dialog.ref_field.value() == "赵一"
    assert all("赵一" in x.subject for x in dialog.model.lines)
    assert dialog.status.text().startswith("第一发明人 赵一")


def test_closing_the_window_mid_read_waits_for_the_read_to_stop(two_years, window, qtbot,
                                                                held, answers):
    dialog = _trail(window, qtbot)
    _ask(qtbot, dialog, "赵一")
    qtbot.waitUntil(lambda: any(p.startswith("赵一") for p in held))
    task = dialog.task
    assert task is not None and task.isRunning()
    window.close()
    assert not task.isRunning()  # stopped and waited for, not destroyed while it runs
