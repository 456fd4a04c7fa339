"""改变状态 on a paper its year's close (往年结年) refused: 重新登记 asks first, as 撤销结年
does and as `review decide --yes` wants (the tester's window offered 已登记 with no word of
the close). A reason is asked for, then the question; 取消 leaves the paper as the close
left it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.models import plan_2022
from boostdesk.panel.past_close import CLOSE_REASON, close_year
from boostdesk.rules import recheck
from boostdesk.ui.status_dialog import StatusDialog
from tests.test_past_refusals import _patent

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def test_reopening_a_paper_the_close_refused_asks_first(window, qtbot, reg, answers):
    app_id = _patent(reg, "赵六", "11010519491231002X", "ZL202110123456.7")
    reg.save_campaign(plan_2022().for_year(2023))
    close_year(reg, 2022, patents=True)
    recheck(reg)
    assert reg.patent(app_id).status_reason == CLOSE_REASON
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    assert dialog.target == "registered"
    dialog.reason.setFocus()
    type_text(qtbot, "材料已补正", dialog.reason)
    answers.yes = False  # 取消: nothing changes, the dialog stays
    press(qtbot, Qt.Key.Key_Return)
    [asked] = answers.questions
    assert "2022 年度已结年（" in asked and "该申报为结年结果" in asked and "结年仍有效" in asked
    assert "“编辑”→ 撤销结年…" in asked
    assert reg.patent(app_id).status == "refused" and not closed(dialog)
    answers.yes = True
    press(qtbot, Qt.Key.Key_Return)
    assert closed(dialog) and reg.patent(app_id).status == "registered", answers.errors
