"""拨付's 撤销结题验收… beside 登记结题验收…, as a finance officer uses it: the acceptance
recorded in error taken back with a reason typed (its 尾款 待验收 again), said at once why
not when the 尾款 is paid; and 登记结题验收… on an award whose first tranche is not paid."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_finance_screen import ctx, row_of, screen, select_rows, type_into
from test_ui_support import closed, type_text

from boostdesk.finance.lines import AWAITING_ACCEPTANCE, DUE, OVERDUE
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PROJECT
from boostdesk.printing.samples import YEAR
from boostdesk.safety.backup import list_backups
from boostdesk.ui.payments_acceptance import WithdrawAcceptanceDialog

__all__ = ["ctx", "screen"]  # fixtures


def _accepted(reg) -> int:
    return next(x.app_id for x in payment_lines(reg, YEAR)
                if x.stream == PROJECT and x.app_status == "accepted")


def _choose(qtbot, screen, app_id: int, tranche: int) -> None:
    screen.state.setCurrentText("全部")
    line = next(x for x in screen.shown if x.stream == PROJECT and x.app_id == app_id
                and x.tranche == tranche)
    select_rows(qtbot, screen, [row_of(screen, line.id)])


def test_an_acceptance_recorded_in_error_is_withdrawn_from_the_payments_screen(screen, reg, qtbot):
    app_id = _accepted(reg)
    _choose(qtbot, screen, app_id, 2)
    assert {x.state(screen.today) for x in screen.shown
            if x.stream == PROJECT and x.app_id == app_id and x.tranche == 2} <= {DUE, OVERDUE}
    button = screen.withdraw_acceptance.button
    assert button.isEnabled() and button.text() == "撤销结题验收(&W)…"
    backups = len(list_backups(reg.path))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert isinstance(dialog, WithdrawAcceptanceDialog) and dialog.isVisible()
    said = dialog.intro.text()
    assert "2023-12-20 结题验收通过" in said and "改回“首笔拨付”" in said
    assert "操作人：赵丽娟" in said
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)  # no reason: asked for one
    assert dialog.isVisible() and "请填写撤销结题验收的理由" in dialog.error.text()
    dialog.reason_field.setFocus()
    type_text(qtbot, "登记错了项目", dialog.reason_field)
    qtbot.keyClick(dialog.reason_field, Qt.Key.Key_Return)
    assert closed(dialog)
    app = reg.project(app_id)
    assert (app.status, app.accepted_date) == ("paid_first", None)
    assert reg.status_history(PROJECT, app_id)[-1]["reason"] == "撤销结题验收：登记错了项目"
    assert reg.status_history(PROJECT, app_id)[-1]["operator"] == "赵丽娟"
    assert len(list_backups(reg.path)) == backups + 1
    # the list shows its rest waiting for the acceptance again; the buttons follow
    assert {screen.states[x.id] for x in screen.lines
            if x.stream == PROJECT and x.app_id == app_id and x.tranche == 2} == \
        {AWAITING_ACCEPTANCE}
    _choose(qtbot, screen, app_id, 2)
    assert not button.isEnabled() and screen.accept_button.isEnabled()


def test_a_paid_rest_is_said_at_once_not_after_a_reason_is_typed(screen, reg, qtbot,
                                                                  monkeypatch):
    shown = []
    monkeypatch.setattr("boostdesk.ui.dialogs.show_error",
                        lambda parent, title, text: shown.append((title, text)))
    app_id = _accepted(reg)
    rest = [x.id for x in payment_lines(reg, YEAR) if x.app_id == app_id and x.tranche == 2
            and x.stream == PROJECT]
    mark_all_paid(reg, rest, date(2024, 1, 5), "记-2024-0001")
    screen.reload()
    _choose(qtbot, screen, app_id, 1)
    assert screen.withdraw_acceptance.button.isEnabled()  # 尾款拨付: it says why not
    qtbot.mouseClick(screen.withdraw_acceptance.button, Qt.MouseButton.LeftButton)
    [(title, text)] = shown
    assert title == "不能撤销结题验收"
    assert "尾款已登记拨付 2 笔" in text and "撤销拨付登记" in text
    assert screen.dialog is None or not screen.dialog.isVisible()
    assert reg.project(app_id).status == "paid_final"


def test_the_button_waits_for_a_recorded_acceptance(screen, reg, qtbot):
    approved = next(x.app_id for x in payment_lines(reg, YEAR)
                    if x.stream == PROJECT and x.app_status == "approved")
    _choose(qtbot, screen, approved, 1)
    assert not screen.withdraw_acceptance.button.isEnabled()


@pytest.mark.parametrize("failed", [False, True])
def test_an_award_whose_first_tranche_is_unpaid_is_accepted_on_its_day(screen, reg, qtbot,
                                                                        failed):
    """二（四）4 ties only the rest to the acceptance: the button is no longer greyed until
    the first tranche is paid, and the acceptance is backed up before, as a payment."""
    approved = next(x.app_id for x in payment_lines(reg, YEAR)
                    if x.stream == PROJECT and x.app_status == "approved")
    _choose(qtbot, screen, approved, 1)
    assert screen.accept_button.isEnabled()
    backups = len(list_backups(reg.path))
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    type_into(qtbot, dialog.date_field, "2023-10-10")
    if failed:
        dialog.failed_button.setChecked(True)
        dialog.reason_field.setFocus()
        type_text(qtbot, "关键指标未达到", dialog.reason_field)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert closed(dialog)
    assert reg.project(approved).status == ("acceptance_failed" if failed else "accepted")
    assert len(list_backups(reg.path)) == backups + 1
    assert list_backups(reg.path)[0].reason_zh == "结题验收前"
    first = {screen.states[x.id] for x in screen.lines if x.app_id == approved
             and x.stream == PROJECT and x.tranche == 1}
    assert first == {OVERDUE}  # still owed, past its term
    # taken back the same way
    _choose(qtbot, screen, approved, 1)
    qtbot.mouseClick(screen.withdraw_acceptance.button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert "改回“核准”" in dialog.intro.text()
    dialog.reason_field.setFocus()
    type_text(qtbot, "登记错了", dialog.reason_field)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert reg.project(approved).status == "approved"
