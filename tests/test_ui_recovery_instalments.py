"""拨付's 登记已追回… in instalments, as the finance clerk meets it: the union returns
¥1,200.00 of its ¥1,800.00 now. The dialog shows each payer's 应追回 / 已追回 / 尚欠 and
offers what the payer owes as the sum; she types the sum, the day, the voucher and a note,
and the line then reads what remains. A sum over what remains is refused in place, saying
how much remains; the dialog of 撤销“已追回”登记 takes back one sum of several."""

from __future__ import annotations

from datetime import date

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from test_finance_screen import click_row
from test_recovery_instalments import _revoked_patent
from test_ui_support import answers, closed, focused, press, type_text, year_context

from boostdesk.finance.lines import TO_RECOVER
from boostdesk.finance.recovery import record_recovered, recovery_of
from boostdesk.models.campaign import RECOMMENDING_UNION
from boostdesk.models.records import PATENT

__all__ = ["answers"]

ALT = Qt.KeyboardModifier.AltModifier


def _active(qtbot, dialog):
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _screen(qtbot, reg, tmp_path):
    from boostdesk.ui.payments_screen import PaymentsScreen

    w = PaymentsScreen(year_context(reg, tmp_path, 2022, "赵丽娟"))
    qtbot.addWidget(w)
    w.resize(1300, 600)
    w.show()
    w.activateWindow()  # the keyboard's: Alt letters act in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w


def _the_union_s_line(w, app_id):
    return next(x for x in w.lines if x.app_id == app_id and x.payer == RECOMMENDING_UNION)


def test_the_clerk_types_an_instalment_and_the_line_reads_what_remains(reg, tmp_path, qtbot,
                                                                        answers):
    app_id = _revoked_patent(reg)  # ¥1,800.00 each payer, nothing back yet
    w = _screen(qtbot, reg, tmp_path)
    line = _the_union_s_line(w, app_id)
    click_row(qtbot, w.table, w.model.row_of(line.id))
    press(qtbot, Qt.Key.Key_R, ALT, widget=w.table)  # 登记已追回(R)…
    qtbot.waitUntil(lambda: w.dialog is not None and w.dialog.isVisible())
    sub = _active(qtbot, w.dialog)
    table = sub.findChild(QLabel, "recovery_parts").text()
    for said in ("北京市总工会", "海淀区总工会", "应追回", "已追回", "尚欠", "¥1,800.00", "¥0.00"):
        assert said in table, said
    assert focused() is sub.payer and sub.payer.currentText() == "海淀区总工会（尚欠 ¥1,800.00）"
    assert sub.amount.text() == "1,800.00"  # what it owes, offered, to the fen
    assert sub.day.text() == ""  # the bank slip's day, typed: today's, left, was a wrong day
    press(qtbot, Qt.Key.Key_Tab)  # 追回金额: typed over
    assert focused() is sub.amount
    type_text(qtbot, "1200")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sub.day
    type_text(qtbot, "2024.2.1")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sub.voucher
    type_text(qtbot, "收-2024-007")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sub.note
    type_text(qtbot, "余款下月退回")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    rec = recovery_of(reg, PATENT, app_id)
    assert rec is not None
    assert [(i.amount_fen, i.day, i.voucher, i.note) for i in rec.parts[1].instalments] == [
        (1200_00, date(2024, 2, 1), "收-2024-007", "余款下月退回")]
    assert not rec.parts[0].instalments
    # the line: still to recover, what remains in its 状态; the totals say all three
    qtbot.waitUntil(lambda: _the_union_s_line(w, app_id).recovered_fen == 1200_00)
    line = _the_union_s_line(w, app_id)
    assert w.states[line.id] == TO_RECOVER
    assert w.model.index(w.model.row_of(line.id), 0).data() == "应追回（尚欠 ¥600.00）"
    assert "海淀区总工会 应追回 ¥1,800.00，已追回 ¥1,200.00（2024-02-01，凭证 收-2024-007，" \
        "余款下月退回），尚欠 ¥600.00" in w.describe(line.id)
    summary = w.summary.text()
    assert "应追回 ¥3,600.00，已追回 ¥1,200.00" in summary and "尚欠 ¥2,400.00" in summary

    # the next sum, typed over what remains: refused in place, nothing written
    click_row(qtbot, w.table, w.model.row_of(line.id))
    w.activateWindow()  # offscreen, a closed dialog hands the keyboard back to none
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    press(qtbot, Qt.Key.Key_R, ALT, widget=w.table)
    qtbot.waitUntil(lambda: w.dialog is not None and shiboken6.isValid(w.dialog)
                    and w.dialog.isVisible())
    sub = _active(qtbot, w.dialog)
    assert sub.amount.text() == "600.00"
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "700")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2024.3.1")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "收-2024-019")
    press(qtbot, Qt.Key.Key_Return)
    assert sub.isVisible()
    assert "追回金额 ¥700.00 超过海淀区总工会尚欠的 ¥600.00" in sub.error.text()
    assert focused() is sub.amount
    assert len(recovery_of(reg, PATENT, app_id).parts[1].instalments) == 1
    type_text(qtbot, "600")  # the amount selected again: typed over
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    assert recovery_of(reg, PATENT, app_id).parts[1].recovered


def test_one_sum_of_several_is_taken_back_in_its_own_dialog(reg, tmp_path, qtbot, answers):
    from boostdesk.ui.recovery_dialog import UNRECOVER, RecoveryDialog

    app_id = _revoked_patent(reg)
    record_recovered(reg, PATENT, app_id, RECOMMENDING_UNION, date(2024, 2, 1), "收-7", 1200_00)
    record_recovered(reg, PATENT, app_id, RECOMMENDING_UNION, date(2024, 2, 9), "收-8", 300_00)
    w = _screen(qtbot, reg, tmp_path)
    sub = RecoveryDialog(w.ctx, PATENT, app_id, UNRECOVER, w)
    qtbot.addWidget(sub)
    sub.show()
    _active(qtbot, sub)
    items = [sub.payer.itemText(i) for i in range(sub.payer.count())]
    assert items == ["海淀区总工会 ¥1,200.00（2024-02-01，凭证 收-7）",
                     "海淀区总工会 ¥300.00（2024-02-09，凭证 收-8）"]
    press(qtbot, Qt.Key.Key_Down)  # the second sum, the one in error
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "凭证号是另一笔款的")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    union = recovery_of(reg, PATENT, app_id).parts[1]
    assert [(i.amount_fen, i.voucher) for i in union.instalments] == [(1200_00, "收-7")]
    assert union.owing_fen == 600_00


def test_the_detail_pane_shows_each_payer_s_figures_and_each_sum_in_its_trail(reg, qapp):
    """The pane beside the register: 应追回 / 已追回 / 尚欠 per payer, every sum with its day,
    voucher and note, and its trail in money (the revocation's 应追回 read as a dict of fen)."""
    from boostdesk.ui.detail import DetailPane

    app_id = _revoked_patent(reg)
    record_recovered(reg, PATENT, app_id, RECOMMENDING_UNION, date(2024, 2, 1), "收-7", 1200_00,
                     "余款下月退回")
    pane = DetailPane(reg)
    pane.show_application(PATENT, app_id)
    text = pane.toPlainText()
    head = text[text.index("撤销助推的追回"):text.index("核对结论")].split()
    assert head[1:13] == ["付款单位", "应追回", "已追回", "尚欠",
                          "北京市总工会", "¥1,800.00", "¥0.00", "¥1,800.00",
                          "海淀区总工会", "¥1,800.00", "¥1,200.00", "¥600.00"]
    assert "海淀区总工会：2024-02-01 追回 ¥1,200.00，凭证 收-7，余款下月退回" in text
    trail_part = text[text.index("修改记录"):]
    for said in ("追回金额：¥1,200.00", "累计已追回：¥1,200.00", "尚欠：¥600.00",
                 "应追回：北京市总工会 ¥1,800.00、海淀区总工会 ¥1,800.00"):
        assert said in trail_part, said
    assert "180000" not in text and "120000" not in text


def _open_recovered(qtbot, w, line):
    click_row(qtbot, w.table, w.model.row_of(line.id))
    press(qtbot, Qt.Key.Key_R, ALT, widget=w.table)  # 登记已追回(R)…
    qtbot.waitUntil(lambda: w.dialog is not None and w.dialog.isVisible())
    return _active(qtbot, w.dialog)


def test_a_receipt_typed_as_the_payment_s_voucher_is_asked_before_it_is_recorded(
        reg, tmp_path, qtbot, answers):
    """Finance's finding: 登记已追回 under the payment's own voucher (记-1, the money out)
    was stored with nothing said. It is asked, as 登记拨付 asks of a voucher used before;
    返回修改 leaves the voucher to type over, nothing recorded."""
    app_id = _revoked_patent(reg)
    w = _screen(qtbot, reg, tmp_path)
    sub = _open_recovered(qtbot, w, _the_union_s_line(w, app_id))
    press(qtbot, Qt.Key.Key_Tab)  # the sum offered (all it owes) kept
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2024.2.1")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sub.voucher
    type_text(qtbot, "记-1")
    answers.yes = False  # 返回修改
    press(qtbot, Qt.Key.Key_Return)
    assert sub.isVisible() and focused() is sub.voucher
    assert len(answers.questions) == 1
    assert "凭证号 记-1 已登记为拨付的付款凭证：2023-02-20" in answers.questions[0]
    assert not recovery_of(reg, PATENT, app_id).parts[1].instalments
    answers.yes = True  # 仍登记
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    assert [i.voucher for i in recovery_of(reg, PATENT, app_id).parts[1].instalments] == ["记-1"]


def test_the_sum_offered_shows_its_fen_and_accepted_as_it_is_records_them(
        reg, tmp_path, qtbot, answers):
    """Finance's finding: the sum offered read 7499.5 (and 11666.6, its fen cut off):
    it reads 7,499.50 as a receipt does, and accepted untouched records ¥7,499.50."""
    app_id = _revoked_patent(reg, award=14999_00)  # ¥7,499.50 each payer
    w = _screen(qtbot, reg, tmp_path)
    sub = _open_recovered(qtbot, w, _the_union_s_line(w, app_id))
    assert sub.amount.text() == "7,499.50"
    press(qtbot, Qt.Key.Key_Tab)  # the sum kept, nothing typed
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "2024.2.1")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "收-2024-007")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    part = recovery_of(reg, PATENT, app_id).parts[1]
    assert [i.amount_fen for i in part.instalments] == [7499_50] and part.recovered
    sub.amount.set_value(11666_67)  # a third of ¥35,000.00, as a project's union owes
    assert sub.amount.text() == "11,666.67" and sub.amount.value() == 11666_67
