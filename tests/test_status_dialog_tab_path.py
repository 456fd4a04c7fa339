"""改变状态 (Ctrl+M): Tab after 取消 landed on the dialog's scroll area, an invisible stop
with no name (nothing highlighted, a screen reader silent). Tab now goes round the
dialog's fields and buttons only."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea
from test_ui_support import year_context

from tests.test_panel_support import YEAR, make_project


def test_tab_round_the_status_dialog_never_lands_on_its_scroll_area(reg, tmp_path, qtbot):
    from boostdesk.ui.status_dialog import StatusDialog

    app_id = make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "工作室甲")
    dialog = StatusDialog(year_context(reg, tmp_path, YEAR, "刘建国"), "project", app_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    assert QApplication.focusWidget() is dialog.choices
    landed = []
    for _ in range(12):  # round the dialog and on
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        landed.append(QApplication.focusWidget())
    assert dialog.findChild(QScrollArea, "status_scroll") not in landed
    assert dialog.choices in landed  # round again to the list
