"""改变状态 (Ctrl+M) on a patent paid and later found ineligible, as the senior clerk met
it: it offers 撤销助推（已拨付，应追回）, says 撤销拨付登记 is for a mistaken record only,
and records the decision typed in (day, reason, document); then 已追回 for one payer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from test_ui_corrections import a_paid_patent
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.finance.lines import TO_RECOVER, WAS_RECOVERED
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PATENT

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _status_dialog(qtbot, window, app_id):
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, widget=screen.table)
    dialog = screen.current_form
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _choose(qtbot, dialog, label):
    dialog.choices.setFocus()
    for _ in range(dialog.choices.count()):
        if dialog.choices.currentItem().text() == label:
            return
        press(qtbot, Qt.Key.Key_Down, widget=dialog.choices)
    raise AssertionError([dialog.choices.item(i).text() for i in range(dialog.choices.count())])


def test_a_paid_patent_found_invalid_is_revoked_through_change_status(window, qtbot, reg,
                                                                      answers):
    app_id = a_paid_patent(reg)
    dialog = _status_dialog(qtbot, window, app_id)
    text = "\n".join(x.text() for x in dialog.findChildren(QLabel))
    assert "没有可在此改的状态" not in text
    assert "仅用于拨付登记错了、款并未汇出" in text  # 撤销拨付登记 is not this
    _choose(qtbot, dialog, "撤销助推（已拨付，应追回）…")
    assert "应追回" in dialog.against.text() and "¥1,500.00" in dialog.against.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    sub = dialog.recovery
    qtbot.waitUntil(sub.isVisible)
    qtbot.mouseClick(sub.ok, Qt.MouseButton.LeftButton)  # no reason: asked for one, in place
    assert sub.isVisible() and "请填写撤销助推的理由" in sub.error.text()
    type_text(qtbot, "专利权被宣告无效", sub.reason)
    assert sub.reason.text() == "专利权被宣告无效", sub.reason.text()
    sub.document.setFocus()
    type_text(qtbot, "国知局无效宣告审查决定第56789号", sub.document)
    qtbot.mouseClick(sub.ok, Qt.MouseButton.LeftButton)
    assert closed(sub) and closed(dialog), (answers.errors, sub.error.text())
    app = reg.patent(app_id)
    assert app.status == "revoked"
    assert app.status_reason == "撤销助推：专利权被宣告无效（国知局无效宣告审查决定第56789号）"
    lines = payment_lines(reg, 2022, app_ids=[app_id])
    assert [x.state(date(2024, 1, 1)) for x in lines] == [TO_RECOVER, TO_RECOVER]
    assert reg.status_history(PATENT, app_id)[-1]["operator"] == "录入员甲"

    # 已追回 for the federation's part
    dialog = _status_dialog(qtbot, window, app_id)
    labels = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
    assert labels[:2] == ["登记已追回…", "撤销“撤销助推”（尚未登记追回时）…"]
    _choose(qtbot, dialog, "登记已追回…")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    sub = dialog.recovery
    qtbot.waitUntil(sub.isVisible)
    assert sub.payer.currentText().endswith("¥1,500.00")
    sub.voucher.setFocus()
    type_text(qtbot, "收-2024-007", sub.voucher)
    qtbot.mouseClick(sub.ok, Qt.MouseButton.LeftButton)
    assert closed(sub), sub.error.text()
    states = sorted(x.state(date(2024, 1, 1)) for x in payment_lines(reg, 2022, app_ids=[app_id]))
    assert states == sorted([WAS_RECOVERED, TO_RECOVER])
