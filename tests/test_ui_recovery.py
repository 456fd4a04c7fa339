"""改变状态 (Ctrl+M) on a patent paid and later found ineligible, as the senior clerk met
it: it offers 撤销助推（已拨付，应追回）, says 撤销拨付登记 is for a mistaken record only,
and records the decision typed in (day, reason, document); then 已追回 for one payer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from test_ui_corrections import a_paid_patent
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.finance.lines import TO_RECOVER, WAS_RECOVERED
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import clock
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
    assert sub.payer.currentText() == "北京市总工会（尚欠 ¥1,500.00）"
    assert sub.amount.text() == "1,500.00"  # all it owes, to the fen, unless typed less
    sub.day.setFocus()
    type_text(qtbot, clock.today().isoformat(), sub.day)  # revoked today, back today
    sub.voucher.setFocus()
    type_text(qtbot, "收-2024-007", sub.voucher)
    qtbot.mouseClick(sub.ok, Qt.MouseButton.LeftButton)
    assert closed(sub), sub.error.text()
    states = sorted(x.state(date(2024, 1, 1)) for x in payment_lines(reg, 2022, app_ids=[app_id]))
    assert states == sorted([WAS_RECOVERED, TO_RECOVER])


def _active(qtbot, dialog):
    """The dialog has the keyboard, as a clerk's opened dialog has (offscreen, keys sent
    before it is activated went to the register list, whose Enter opens the paper)."""
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_the_keyboard_alone_revokes_enter_confirming_in_a_text_field(window, qtbot, reg,
                                                                     answers):
    app_id = a_paid_patent(reg)
    dialog = _active(qtbot, _status_dialog(qtbot, window, app_id))
    _choose(qtbot, dialog, "撤销助推（已拨付，应追回）…")
    press(qtbot, Qt.Key.Key_Return)
    sub = _active(qtbot, dialog.recovery)
    assert focused() is sub.reason
    type_text(qtbot, "经核实为实用新型")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sub.document
    type_text(qtbot, "第7号")
    press(qtbot, Qt.Key.Key_Return)  # in the last field: 确定
    qtbot.waitUntil(lambda: reg.patent(app_id).status == "revoked")
    assert reg.patent(app_id).status_reason == "撤销助推：经核实为实用新型（第7号）"


def _revoked(reg, recovered=False) -> int:
    from boostdesk.finance.recovery import record_recovered, revoke_paid_award
    from boostdesk.models.campaign import RECOMMENDING_UNION

    app_id = a_paid_patent(reg)
    revoke_paid_award(reg, PATENT, app_id, date(2024, 1, 5), "专利权被宣告无效", "第12号决定")
    if recovered:
        record_recovered(reg, PATENT, app_id, RECOMMENDING_UNION, date(2024, 2, 1), "收-7")
    return app_id


def test_a_recovered_in_error_is_taken_back_in_change_status(window, qtbot, reg, answers):
    from boostdesk.finance.recovery import recovery_of
    from boostdesk.ui.status_dialog import REDATE_ZH

    app_id = _revoked(reg, recovered=True)
    dialog = _active(qtbot, _status_dialog(qtbot, window, app_id))
    labels = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
    # nothing else to undo while a part stands recovered; no 资格审核日期 of a revoked award
    assert labels == ["登记已追回…", "撤销“已追回”登记（登记错了时）…"], labels
    assert REDATE_ZH not in labels
    _choose(qtbot, dialog, "撤销“已追回”登记（登记错了时）…")
    assert "已追回 ¥1,500.00（2024-02-01，凭证 收-7）" in dialog.against.text()
    press(qtbot, Qt.Key.Key_Return)
    sub = _active(qtbot, dialog.recovery)
    assert sub.payer.count() == 1 and "收-7" in sub.payer.currentText()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sub.reason
    press(qtbot, Qt.Key.Key_Return)  # no reason: asked for one, in place
    assert sub.isVisible() and "理由" in sub.error.text()
    type_text(qtbot, "凭证号是另一笔款的")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    rec = recovery_of(reg, PATENT, app_id)
    assert rec is not None and rec.recovered_fen == 0 and rec.undoable
    _active(qtbot, window)
    dialog = _status_dialog(qtbot, window, app_id)
    labels = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
    assert labels == ["登记已追回…", "撤销“撤销助推”（尚未登记追回时）…"], labels


def test_the_detail_pane_says_the_revocation_once(reg, qapp):
    from boostdesk.ui.detail import DetailPane

    app_id = _revoked(reg)
    pane = DetailPane(reg)
    pane.show_application(PATENT, app_id)
    text = pane.toPlainText()
    assert "撤销助推（专利权被宣告无效（第12号决定））" in text
    assert "撤销助推（撤销助推" not in text
    # and its status history: the move, then the reason, once
    assert "已拨付 → 撤销助推（决定日期 2024-01-05）：专利权被宣告无效（第12号决定）" in text
    assert "）：撤销助推：" not in text


def test_the_payments_screen_records_recovered_and_takes_no_return_on_a_line_to_recover(
        reg, tmp_path, qtbot, answers):
    from test_finance_screen import click_row
    from test_ui_support import year_context

    from boostdesk.finance.recovery import recovery_of
    from boostdesk.models.campaign import RECOMMENDING_UNION
    from boostdesk.ui.payments_screen import PaymentsScreen

    app_id = _revoked(reg)
    w = PaymentsScreen(year_context(reg, tmp_path, 2022, "赵丽娟"))
    qtbot.addWidget(w)
    w.resize(1200, 600)
    w.show()
    line = next(x for x in w.shown if x.app_id == app_id and x.payer == RECOMMENDING_UNION)
    assert w.states[line.id] == TO_RECOVER
    assert not w.recover_button.isEnabled()  # nothing chosen yet
    click_row(qtbot, w.table, w.model.row_of(line.id))
    assert not w.return_button.isEnabled()
    assert "登记已追回" in w.return_button.toolTip()
    # nor a cancel: the money did leave (the domain refused it only after a reason was typed)
    assert not w.cancel_button.isEnabled()
    assert "不能撤销拨付登记" in w.cancel_button.toolTip()
    assert w.recover_button.isEnabled()
    qtbot.mouseClick(w.recover_button, Qt.MouseButton.LeftButton)
    sub = _active(qtbot, w.dialog)
    assert sub.payer.currentData() == RECOMMENDING_UNION  # the line's payer, chosen
    sub.day.setFocus()
    type_text(qtbot, clock.today().isoformat(), sub.day)
    sub.voucher.setFocus()
    type_text(qtbot, "收-2024-009")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    rec = recovery_of(reg, PATENT, app_id)
    assert rec is not None and [[i.voucher for i in p.instalments] for p in rec.parts] == [
        [], ["收-2024-009"]]
    qtbot.waitUntil(lambda: w.states.get(line.id) == WAS_RECOVERED)
    click_row(qtbot, w.table, w.model.row_of(line.id))
    assert not w.recover_button.isEnabled()  # recorded: nothing more to record


def test_a_patent_paid_by_one_payer_offers_the_revocation_and_greys_the_refusal(
        window, qtbot, reg, answers):
    """核准, the federation's ¥1,500.00 paid and the union's not: 撤销助推 is offered (it
    was not: the status is no 拨付 one), and 资格审核不通过 — which its 确定 refuses — is
    greyed, saying why; 确定 on 撤销助推 revokes it."""
    from boostdesk.finance.paying import record_paid
    from boostdesk.finance.read_lines import payment_lines as lines
    from boostdesk.finance.recovery import recovery_of
    from boostdesk.models.campaign import FEDERATION
    from boostdesk.rules import refresh

    app_id = a_paid_patent(reg, pay=False)
    [fed] = [x for x in lines(reg, 2022, app_ids=[app_id]) if x.payer == FEDERATION]
    record_paid(reg, fed.id, date(2023, 4, 10), "记-2023-0101")
    refresh(reg, 2022)
    assert reg.patent(app_id).status == "approved"
    dialog = _active(qtbot, _status_dialog(qtbot, window, app_id))
    items = {dialog.choices.item(i).text(): dialog.choices.item(i)
             for i in range(dialog.choices.count())}
    assert "撤销助推（已拨付，应追回）…" in items, list(items)
    refused = items["资格审核不通过：不可（原因见下）"]
    assert not refused.flags() & Qt.ItemFlag.ItemIsEnabled
    assert "撤销助推（已拨付，应追回）" in refused.toolTip()
    assert dialog.withdraw_note.isVisible() and "不能撤销核准" in dialog.withdraw_note.text()
    _choose(qtbot, dialog, "撤销助推（已拨付，应追回）…")
    press(qtbot, Qt.Key.Key_Return)
    _active(qtbot, dialog.recovery)
    type_text(qtbot, "专利权被宣告无效")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reg.patent(app_id).status == "revoked")
    rec = recovery_of(reg, PATENT, app_id)
    assert rec is not None and [p.amount_fen for p in rec.parts] == [1500_00]
