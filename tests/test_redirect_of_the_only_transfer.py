"""Finance's finding: a project's only transfer sent came back (退汇), was redirected (改汇)
to the company's new name, and the return was then taken back as recorded in error. The
return had freed the project's payee, so the redirect said 由“None”改为…, and the cancel
left the redirect standing, silently: the transfer restored read as paid to the new
company (which did not exist on its day), the unpaid lines too. The return keeps the payee
the money went to; the redirect names it and is undone with the return, said."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from test_finance import add_project
from test_finance_screen import click_row, ctx, row_of, screen
from test_payee_redirect import NEW, OLD, STUDIO, WHY
from test_ui_support import answers, type_text

from boostdesk.cli import main
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.lines import RETURNED
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.redirect import redirect_payee, returned_projects
from boostdesk.finance.returns import return_payments
from boostdesk.models.audit_rows import mismatches
from boostdesk.models.records import PROJECT
from boostdesk.paid_in import Period
from boostdesk.printing.payments import build_period_lists
from boostdesk.printing.samples import YEAR

__all__ = ["answers", "ctx", "screen"]


def _only_transfer_returned(reg) -> tuple[int, int]:
    """The federation's first-tranche share, the only transfer sent, paid to OLD on
    2023-01-10 and sent back on 2023-01-20: (project, that line)."""
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    lines = payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])
    sent = next(x.id for x in lines if x.tranche == 1)
    mark_all_paid(reg, [sent], date(2023, 1, 10), "记-2023-0110")
    return_payments(reg, [sent], date(2023, 1, 20), "账户名称不符")
    return app_id, sent


def _payees(reg, app_id) -> dict[int, str]:
    return {x.id: x.payee for x in payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])}


def test_the_money_sent_back_is_still_owed_to_the_payee_it_went_to(reg):
    app_id, _sent = _only_transfer_returned(reg)
    # the studio's move asks about it (工作室 → 修改: 改汇新单位 or 仍汇原单位)
    assert [o.app_id for o in returned_projects(reg, STUDIO, OLD)] == [app_id]
    assert set(_payees(reg, app_id).values()) == {OLD}


def test_the_redirect_names_the_payee_the_money_came_back_from(reg):
    app_id, _sent = _only_transfer_returned(reg)
    done = redirect_payee(reg, app_id, NEW, WHY, date(2023, 1, 25))
    assert done is not None and done.old == OLD
    assert f"的收款单位由“{OLD}”改为“{NEW}”" in done.text, done.text


def test_the_return_taken_back_restores_the_transfer_to_where_it_went_and_undoes_the_redirect(
        reg):
    app_id, sent = _only_transfer_returned(reg)
    redirect_payee(reg, app_id, NEW, WHY, date(2023, 1, 25))
    said: list[str] = []
    cancel_payments(reg, [sent], "退汇登记错", said=said)
    assert set(_payees(reg, app_id).values()) == {OLD}  # the restored one and the unpaid
    assert len(said) == 1 and "改汇随之撤销" in said[0] and f"改回汇往“{OLD}”" in said[0], said
    lists = build_period_lists(reg, None, Period(date(2023, 1, 1), date(2023, 1, 31)))
    assert [(x.id, x.payee) for pl in lists for x in pl.projects] == [(sent, OLD)]
    assert mismatches(reg.conn) == []


def test_pay_cancel_says_it_restored_the_transfer_to_the_old_payee(reg, capsys):
    app_id, sent = _only_transfer_returned(reg)
    db = str(reg.path)
    assert main(["--db", db, "correct", "payee", f"项目{app_id}", NEW, "--reason", WHY,
                 "--date", "2023-01-25", "--new"]) == 0
    assert f"由“{OLD}”改为" in capsys.readouterr().out
    assert main(["--db", db, "pay", "cancel", str(sent), "--reason", "退汇登记错"]) == 0
    out = capsys.readouterr().out
    assert f"恢复原拨付：北京市总工会 向 {OLD} " in out and "改汇随之撤销" in out, out


def test_a_register_whose_return_had_freed_the_payee_is_put_right_by_the_cancel(reg):
    """Recorded before this fix: the return had freed the payee, and the redirect wrote
    none before it. The redirect made since names the payee the lists named, and taking
    the return back undoes one written so, back to the payee the money came back from."""
    app_id, sent = _only_transfer_returned(reg)
    reg.conn.execute("UPDATE project_applications SET payee_enterprise_id = NULL WHERE id = ?",
                     (app_id,))
    done = redirect_payee(reg, app_id, NEW, WHY, date(2023, 1, 25))
    assert done is not None and done.old == OLD
    reg.conn.execute("UPDATE audit_events SET before = '{\"payee\": null}' WHERE entity ="
                     " 'project_applications' AND entity_id = ? AND json_type(after,"
                     " '$.redirected') IS NOT NULL", (app_id,))
    said: list[str] = []
    cancel_payments(reg, [sent], "退汇登记错", said=said)
    assert set(_payees(reg, app_id).values()) == {OLD} and len(said) == 1, said


def test_the_payments_screen_undoes_the_redirect_with_the_only_transfers_return(
        screen, reg, qtbot, answers):
    """拨付 → the returned line → 撤销拨付登记… with its reason: the box says the redirect
    went with the return, and the transfer stands paid to the payee it went to."""
    lines = payment_lines(reg, YEAR, stream=PROJECT)
    app_id = next(x.app_id for x in lines
                  if not any(y.paid for y in lines if y.app_id == x.app_id))
    sent = next(x for x in lines if x.app_id == app_id and x.tranche == 1)
    was = sent.payee
    mark_all_paid(reg, [sent.id], date(2023, 6, 10), "记-2023-0610")
    return_payments(reg, [sent.id], date(2023, 6, 20), "账户名称不符")
    redirect_payee(reg, app_id, NEW, WHY)
    screen.reload()
    screen.state.setCurrentText(RETURNED)
    screen.table.setFocus()
    click_row(qtbot, screen.table, row_of(screen, sent.id))
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    type_text(qtbot, "退汇登记错", screen.dialog.reason_field)
    qtbot.mouseClick(screen.dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers.infos), timeout=10_000)
    title, text = answers.infos[-1]
    assert title == "改汇随之撤销" and f"改回汇往“{was}”" in text, answers.infos
    assert set(_payees(reg, app_id).values()) == {was}
