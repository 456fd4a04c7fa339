"""登记拨付 and 登记退汇 ask the domain before they close: a pay date before the approval, a
return date before the payment is said under the date, the dialog open with all that was
typed (it closed, then said so in a box, and the date, voucher and reason were lost); a
write that still fails after the close opens the dialog again with what was typed."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_finance_screen import ctx, screen, select_rows
from test_ui_support import closed, type_text

from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import OVERDUE, PAID
from boostdesk.finance.paying import DATE, VOUCHER, Refused, check_all_payable
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import check_all_returnable
from boostdesk.models.register import RegisterError
from boostdesk.printing.samples import YEAR
from boostdesk.ui.payments_screen import PayDialog, ReturnDialog

__all__ = ["ctx", "screen"]  # the fixtures


@pytest.fixture
def boxes(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr("boostdesk.ui.dialogs.show_error",
                        lambda parent, title, text: shown.append(f"{title}：{text}"))
    return shown


def approved_of(reg, line) -> date:
    table = "patent_applications" if line.stream == "patent" else "project_applications"
    return date.fromisoformat(reg.scalar(f"SELECT approved_date FROM {table} WHERE id = ?",
                                         (line.app_id,)))


def retype(qtbot, field, text):
    """Select what the field holds and type over it, as a clerk does."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    type_text(qtbot, text, field)


def under(dialog, field) -> bool:
    """The dialog's message sits on the form's row right below ``field``."""
    row = dialog.form.getWidgetPosition(field)[0]
    return dialog.form.getWidgetPosition(dialog.error)[0] == row + 1 and dialog.error.isVisible()


def open_pay(qtbot, screen, state=OVERDUE):
    screen.state.setCurrentText(state)
    select_rows(qtbot, screen, [0])
    line = screen.shown[0]
    qtbot.mouseClick(screen.pay_button if state != PAID else screen.return_button,
                     Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    qtbot.waitExposed(dialog)
    return line, dialog


def test_a_pay_date_before_the_approval_is_said_under_the_date_and_the_dialog_stays(
        screen, reg, qtbot, boxes):
    line, dialog = open_pay(qtbot, screen)
    approved = approved_of(reg, line)
    early = date.fromordinal(approved.toordinal() - 14).isoformat()
    retype(qtbot, dialog.date_field, early)
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Tab)
    type_text(qtbot, "记-2023-0099", dialog.voucher_field)
    qtbot.keyClick(dialog.voucher_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and not boxes  # said in the dialog, no box after it closed
    assert dialog.error.text() == f"拨付日期 {early} 早于核准日期 {approved.isoformat()}，请核对"
    assert under(dialog, dialog.date_field)
    assert dialog.focusWidget() is dialog.date_field
    assert dialog.date_field.selectedText() == early  # typed over at once
    assert dialog.voucher_field.text() == "记-2023-0099"  # kept
    # the date put right, Enter records it with the voucher typed once
    retype(qtbot, dialog.date_field, approved.isoformat())
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Return)
    assert closed(dialog) and not boxes
    paid = next(x for x in payment_lines(reg, YEAR) if x.id == line.id)
    assert (paid.paid_date, paid.voucher) == (approved, "记-2023-0099")


def test_a_return_date_before_the_payment_is_said_under_the_date_and_the_reason_kept(
        screen, reg, qtbot, boxes):
    line, dialog = open_pay(qtbot, screen, PAID)
    assert isinstance(dialog, ReturnDialog)
    early = date.fromordinal(line.paid_date.toordinal() - 9).isoformat()
    retype(qtbot, dialog.date_field, early)
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Tab)
    type_text(qtbot, "户名不符", dialog.reason_field)
    qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and not boxes
    assert dialog.error.text() == (f"退汇日期 {early} 早于拨付日期 "
                                   f"{line.paid_date.isoformat()}，请核对")
    assert under(dialog, dialog.date_field)
    assert dialog.focusWidget() is dialog.date_field
    assert dialog.reason_field.text() == "户名不符"
    retype(qtbot, dialog.date_field, line.paid_date.isoformat())
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Return)
    assert closed(dialog) and not boxes
    back = next(x for x in payment_lines(reg, YEAR) if x.id == line.id)
    assert back.returned_date == line.paid_date and not back.paid


def test_a_missing_voucher_is_said_under_the_voucher(screen, qtbot, boxes):
    _, dialog = open_pay(qtbot, screen)
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Return)
    assert dialog.isVisible() and "凭证号" in dialog.error.text()
    assert under(dialog, dialog.voucher_field)
    assert dialog.focusWidget() is dialog.voucher_field


def test_several_lines_name_the_one_refused(screen, reg, qtbot, boxes):
    screen.state.setCurrentText(OVERDUE)
    select_rows(qtbot, screen, [0, 1])
    qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    first = screen.by_id[screen.selected_ids()[0]]
    retype(qtbot, dialog.date_field, "2000-01-01")
    type_text(qtbot, "记-1", dialog.voucher_field)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.text().startswith(
        f"{first.payer_name} → {first.payee}（{first.tranche_name}）：拨付日期 2000-01-01 早于")


def test_a_write_failing_after_the_close_opens_the_dialog_again_as_typed(
        screen, reg, qtbot, boxes, monkeypatch):
    """Not every refusal can be asked first (the disk full at the backup): the box says
    why, then the dialog opens again with the date and voucher typed and the reason."""
    def full(*_a, **_k):
        raise RegisterError("磁盘已满，未能备份登记册")

    monkeypatch.setattr("boostdesk.safety.backup.backup_before", full)
    line, dialog = open_pay(qtbot, screen)
    day = approved_of(reg, line).isoformat()
    retype(qtbot, dialog.date_field, day)
    type_text(qtbot, "记-2023-0100", dialog.voucher_field)
    qtbot.keyClick(dialog.voucher_field, Qt.Key.Key_Return)
    assert closed(dialog)
    qtbot.waitUntil(lambda: screen.dialog is not dialog and screen.dialog.isVisible())
    again = screen.dialog
    assert boxes == ["未能登记拨付：磁盘已满，未能备份登记册"]
    assert isinstance(again, PayDialog)
    assert (again.date_field.text(), again.voucher_field.text()) == (day, "记-2023-0100")
    assert again.error.text() == "磁盘已满，未能备份登记册" and again.error.isVisible()
    assert [x.id for x in again.lines] == [line.id]
    monkeypatch.undo()  # the disk cleared: Enter records it, nothing typed again
    qtbot.keyClick(again.voucher_field, Qt.Key.Key_Return)
    assert closed(again)
    assert next(x for x in payment_lines(reg, YEAR) if x.id == line.id).voucher == "记-2023-0100"


def test_a_return_failing_after_the_close_opens_its_dialog_again(
        screen, reg, qtbot, boxes, monkeypatch):
    def full(*_a, **_k):
        raise RegisterError("磁盘已满")

    monkeypatch.setattr("boostdesk.safety.backup.backup_before", full)
    line, dialog = open_pay(qtbot, screen, PAID)
    retype(qtbot, dialog.date_field, line.paid_date.isoformat())
    type_text(qtbot, "会员卡已销户", dialog.reason_field)
    qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.dialog is not dialog and screen.dialog.isVisible())
    again = screen.dialog
    assert isinstance(again, ReturnDialog)
    assert again.reason_field.text() == "会员卡已销户" and again.error.text() == "磁盘已满"


def test_cancelling_the_backup_does_not_open_the_dialog_again(screen, ctx, qtbot, boxes):
    from boostdesk.ui.context import OpResult

    asked = []
    done = screen._reopen_on_failure(asked.append)
    done(OpResult(False, None, "已取消", cancelled=True))
    done(OpResult(True, 1))
    qtbot.wait(20)
    assert asked == []


def test_the_dry_runs_say_what_typed_a_refusal_is_about(reg, ctx):
    lines = payment_lines(reg, YEAR)
    unpaid = next(x for x in lines if x.state(date.today()) == OVERDUE)
    with pytest.raises(Refused) as caught:
        check_all_payable(reg, [unpaid.id], date(2000, 1, 1), "记-1")
    assert caught.value.field == DATE and caught.value.payment_id == unpaid.id
    with pytest.raises(Refused) as caught:
        check_all_payable(reg, [unpaid.id], date(2023, 12, 1), " ")
    assert caught.value.field == VOUCHER
    paid = next(x for x in lines if x.paid)
    with pytest.raises(Refused) as caught:
        check_all_returnable(reg, [unpaid.id, paid.id], date(2000, 1, 1), "户名不符")
    # the unpaid one first, about the line (no field), numbered for the command line
    assert caught.value.field == "" and str(caught.value).startswith(f"编号 {unpaid.id}：")
    with pytest.raises(FinanceError):
        check_all_returnable(reg, [paid.id], paid.paid_date, "  ")
    assert check_all_returnable(reg, [paid.id], paid.paid_date, "户名不符")[0].id == paid.id
    assert not next(x for x in payment_lines(reg, YEAR) if x.id == paid.id).returned_date
