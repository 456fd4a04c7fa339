"""A name typed and Enter pressed at once (the tester's s6c/s6d, under the offscreen
platform): the completer's list, shown by the typing and hidden by the Enter, became the
active window a moment later (the platform's activation of the shown list arrives after it
is hidden). The form lost the keyboard: Enter moved nothing, and the next fields' text was
typed onto the field left (设备2022.10.30a)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name


def test_enter_at_once_after_a_completion_list_showed_keeps_the_keyboard_in_the_form(
        window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="先前的专利", unit_name="海淀区总工会",
                                      enterprise_name="北京中科精密仪器有限公司"))
    form = open_new_form(qtbot, window, 0)
    type_text(qtbot, "海淀")  # the list of registered unions opens under it
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)  # at once
    qtbot.wait(100)  # the platform's word on the list shown arrives
    assert QApplication.activeWindow() is form
    assert QApplication.focusWidget() is form.editor("enterprise_name")
    type_text(qtbot, "北京中科")
    assert form.editor("enterprise_name").text() == "北京中科"
    assert form.editor("unit_name").text() == "海淀"
