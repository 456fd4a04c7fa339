"""What the clerk sees of a 2022 paper she refused at 资格审核 for what it lacked, once 2023 is
set up and 2022 closed (往年结年 with its patents): 专利助推 at 2022 lists it 资格审核不通过 ·
待补材料 and its pane says what it lacked, asked for, beside her reason — stop
35 showed 合格 there, as for the paper the close refused (合格, 该年度结果已定，无须补充)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.models import plan_2022
from boostdesk.panel.past_close import CLOSE_REASON, close_year
from boostdesk.rules import recheck
from boostdesk.ui import queries
from boostdesk.ui.status_dialog import StatusDialog
from tests.test_past_refusals import LACKING, _patent

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _verdict_cell(screen, app_id: int) -> str:
    model = screen.model
    column = [c.key for c in queries.PATENT_SPEC.columns].index("verdict")
    return model.data(model.index(model.row_of(app_id), column))


def test_a_2022_paper_refused_for_what_it_lacked_still_says_so_after_2022_closed(
        window, qtbot, reg, answers):
    lacking = _patent(reg, "李四", "110108198503070034", "ZL202110654321.3")
    left = _patent(reg, "赵六", "11010519491231002X", "ZL202110123456.7")
    recheck(reg)
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(lacking)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)  # 改变状态: 资格审核不通过, with her reason
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.target == "refused"
    dialog.reason.setFocus()
    type_text(qtbot, LACKING, dialog.reason)
    press(qtbot, Qt.Key.Key_Return)
    assert closed(dialog) and reg.patent(lacking).status == "refused", answers.errors

    reg.save_campaign(plan_2022().for_year(2023))  # (`campaign new --year 2023`)
    close_year(reg, 2022, patents=True)  # (往年结年 with its patents)
    recheck(reg)
    screen.reload()
    assert window.ctx.year == 2022

    assert _verdict_cell(screen, lacking) == "待补材料"
    assert screen.select_id(lacking)
    shown = screen.detail.toPlainText()
    # (beside the refusal, the rules' verdict is said as theirs: not read as the decision)
    assert f"状态 资格审核不通过（{LACKING}） · 规则核对：待补材料" in shown, shown
    assert "缺少“收件日期”，无法核对报送时限（方案三），请补充" in shown
    assert "无须补充" not in shown

    assert _verdict_cell(screen, left) == "合格"  # the close's: as stop 35 made it
    assert screen.select_id(left)
    shown = screen.detail.toPlainText()
    assert f"状态 资格审核不通过（{CLOSE_REASON}） · 规则核对：合格" in shown, shown
    assert "该年度结果已定，无须补充" in shown
    assert not answers.errors
