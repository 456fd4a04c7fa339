"""The 拨付 screen: what is due and overdue, paying through the dialog, acceptance."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from test_recheck import stored_equals_full_check

from boostdesk.finance import AWAITING_ACCEPTANCE, DUE, OVERDUE, PAID, payment_lines
from boostdesk.models.records import PROJECT
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.context import AppContext
from boostdesk.ui.payments_screen import PaymentsScreen


@pytest.fixture
def ctx(reg, tmp_path):
    fill_sample(reg)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(reg, YEAR, settings=settings)
    context.set_operator("赵丽娟")
    return context


@pytest.fixture
def screen(ctx, qtbot):
    w = PaymentsScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 600)
    w.show()
    return w


def select_rows(screen, rows):
    model = screen.table.selectionModel()
    model.clearSelection()
    for r in rows:
        index = screen.table.model().index(r, 0)
        model.select(index, QItemSelectionModel.SelectionFlag.Select
                     | QItemSelectionModel.SelectionFlag.Rows)


def type_into(qtbot, field, text):
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def test_screen_shows_every_payment_with_its_state_and_the_totals(screen, reg):
    lines = payment_lines(reg, YEAR)
    assert screen.table.rowCount() == len(lines) == 14
    states = {screen.table.item(r, 0).text() for r in range(screen.table.rowCount())}
    assert {PAID, OVERDUE, AWAITING_ACCEPTANCE} <= states  # the sample is long past due
    assert "已逾期" in screen.summary.text()
    payer = screen.table.item(0, 2).text()
    assert payer in {"北京市总工会", "海淀区总工会", "朝阳区总工会", "首钢集团工会"}


def test_filters_narrow_the_list_to_the_overdue_of_one_payer(screen):
    screen.state.setCurrentText(OVERDUE)
    screen.payer.setCurrentText("海淀区总工会")
    rows = screen.table.rowCount()
    assert rows >= 1
    assert all(screen.table.item(r, 0).text() == OVERDUE for r in range(rows))
    assert all(screen.table.item(r, 2).text() == "海淀区总工会" for r in range(rows))


def test_marking_paid_through_the_dialog_as_a_clerk_types_it(screen, reg, qtbot):
    screen.state.setCurrentText(OVERDUE)
    line = screen.shown[0]
    select_rows(screen, [0])
    assert screen.pay_button.isEnabled()
    qtbot.mouseClick(screen.pay_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert dialog is not None and dialog.isVisible()
    type_into(qtbot, dialog.date_field, "2023/1/20")
    qtbot.keyClicks(dialog.voucher_field, "JZ-2023-0050")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    done = next(x for x in payment_lines(reg, YEAR) if x.id == line.id)
    assert (done.paid_date, done.voucher) == (date(2023, 1, 20), "JZ-2023-0050")
    assert reg.audit_trail("payments", line.id)[-1]["operator"] == "赵丽娟"
    assert line.id not in {x.id for x in screen.shown}  # no longer overdue


def test_the_dialog_says_what_is_missing_and_stays_open(screen, reg, qtbot):
    screen.state.setCurrentText(OVERDUE)
    select_rows(screen, [0])
    screen.ask_mark_paid()
    dialog = screen.dialog
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "凭证号" in dialog.error.text()
    type_into(qtbot, dialog.date_field, "2099-01-01")
    qtbot.keyClicks(dialog.voucher_field, "JZ-1")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "在今天之后" in dialog.error.text()
    dialog.reject()
    assert not any(x.voucher == "JZ-1" for x in payment_lines(reg, YEAR))


def test_paying_a_first_tranche_then_recording_acceptance_releases_the_rest(screen, reg, qtbot):
    project = next(x.app_id for x in payment_lines(reg, YEAR)
                   if x.stream == PROJECT and x.tranche == 1 and not x.paid)
    rows = [r for r, x in enumerate(screen.shown)
            if x.app_id == project and x.stream == PROJECT and x.tranche == 1]
    select_rows(screen, rows)
    screen.ask_mark_paid()
    dialog = screen.dialog
    assert "等 2 笔" in dialog.findChildren(type(screen.summary))[0].text()
    type_into(qtbot, dialog.date_field, "2023-02-20")
    qtbot.keyClicks(dialog.voucher_field, "JZ-0031")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert reg.project(project).status == "paid_first"
    assert not reg.changes  # the status moves re-checked with the payment
    stored_equals_full_check(reg)

    row = next(r for r, x in enumerate(screen.shown) if x.app_id == project
               and x.stream == PROJECT)
    select_rows(screen, [row])
    assert screen.accept_button.isEnabled()
    qtbot.mouseClick(screen.accept_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    type_into(qtbot, dialog.date_field, "2023-12-20")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert reg.project(project).status == "accepted"
    assert not reg.changes  # and with the acceptance (the studio no longer barred)
    stored_equals_full_check(reg)
    last = [x for x in screen.shown if x.app_id == project and x.tranche == 2]
    assert last and all(x.state(screen.today) == DUE for x in last)


def test_refused_acceptance_is_reported_not_crashed(screen, reg, monkeypatch):
    shown = []
    monkeypatch.setattr("boostdesk.ui.dialogs.show_error",
                        lambda parent, title, text: shown.append(text))
    project = next(x.app_id for x in payment_lines(reg, YEAR)
                   if x.stream == PROJECT and not x.paid and x.tranche == 1)
    assert not screen.record_acceptance(project, date(2023, 12, 20))
    assert "首笔助推资金尚未全部拨付" in shown[0]

