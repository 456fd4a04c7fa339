"""改汇 re-tested by finance: the message names where each paid transfer went; a misspelt
old or new payee corrected follows the names the redirect recorded on every list; a near
name asked on the command line; a redirect undone with the return it rested on; the
decision's day, the unpaid lines' amount and the 拨付清单's 改汇 note."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from test_finance import add_project
from test_finance_screen import click_row, ctx, row_of, screen
from test_payee_redirect import NEW, OLD, WHY, _repaid, _rest_returned
from test_ui_support import answers, type_text

from boostdesk.cli import main
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import RETURNED
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.redirect import redirect_payee
from boostdesk.finance.returns import return_payments
from boostdesk.models.audit_rows import mismatches
from boostdesk.models.records import PROJECT
from boostdesk.paid_in import Period
from boostdesk.printing.approval import payee_note
from boostdesk.printing.payments import build_period_lists, remark
from boostdesk.printing.samples import YEAR

__all__ = ["answers", "ctx", "screen"]

THIRD = "首钢智能装备第三有限公司"
OLD_RIGHT = "首钢智能装备制造（集团）有限公司"  # OLD's name as corrected
NEW_RIGHT = "首钢智能装备（北京）集团有限公司"  # NEW's name as corrected
SPELT = "营业执照写法"


def _payees(reg, app_id) -> dict[int, str]:
    return {x.id: x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])}


def _ent(reg, name):
    return reg.scalar("SELECT id FROM enterprises WHERE name = ?", (name,))


# -- 2: the message names where each paid transfer went ----------------------------------
def test_a_redirect_back_names_the_payee_the_paid_transfers_went_to(reg):
    app_id, _first, _rest = _rest_returned(reg)
    redirect_payee(reg, app_id, NEW, WHY)
    back = redirect_payee(reg, app_id, OLD, "改回原单位")
    assert back is not None and back.old == NEW
    # the first tranche went to OLD: nothing was ever paid to NEW
    assert back.text.endswith(f"；已拨付的 2 笔仍记为汇往“{OLD}”"), back.text


def test_a_second_redirect_after_a_repayment_came_back_names_each_payee(reg):
    app_id, _first, rest = _repaid(reg)  # the rest re-paid to NEW
    return_payments(reg, rest[:1], date(2023, 5, 20), "新账户未开通")
    done = redirect_payee(reg, app_id, THIRD, "再次更名")
    assert done is not None and done.old == NEW
    assert done.text.endswith(f"；已拨付的 3 笔仍记为各自汇往的单位：汇往“{OLD}”2 笔、"
                              f"汇往“{NEW}”1 笔"), done.text


# -- 3: a correction follows the names the redirect recorded -------------------------------
def test_correcting_the_old_payee_corrects_what_went_to_it_before_the_redirect(reg):
    app_id, first, rest = _repaid(reg)
    ent = _ent(reg, OLD)
    effects = reg.enterprise_correction_effects(ent, OLD_RIGHT)
    assert effects.startswith(f"“{OLD}”是 1 项已登记拨付项目的收款单位（其中项目{app_id}已改汇"
                              f"“{NEW}”，此前汇往“{OLD}”的款项随之更正）"), effects
    reg.correct_enterprise_name(ent, OLD_RIGHT, SPELT)
    assert _payees(reg, app_id) == {**{i: OLD_RIGHT for i in first},
                                    **{i: NEW for i in rest}}
    resent = [x for x in payment_lines(reg, 2022, app_ids=[app_id]) if x.id in rest]
    assert all(x.was_returned.endswith(f"，原汇往“{OLD_RIGHT}”") for x in resent), resent
    note = payee_note(reg, app_id)
    assert f"此前汇往原收款单位“{OLD_RIGHT}”的：" in note and f"“{OLD}”" not in note, note
    # the period's list: each transfer, and the return, under the name as corrected
    lists = build_period_lists(reg, None, Period(date(2023, 1, 1), date(2023, 12, 31)))
    assert {x.payee for pl in lists for x in pl.projects} == {OLD_RIGHT, NEW}
    assert {w for pl in lists for *_x, w in pl.returns_in} == {
        f"2022年度尾款 {OLD_RIGHT} 转炉炼钢终点碳温预测模型开发"}
    # the paper's trail says why its payee's name changed; check finds nothing wrong
    assert reg.audit_trail("project_applications", app_id)[-1]["after"] == {
        "payee": OLD_RIGHT, "reason": SPELT}
    assert mismatches(reg.conn) == []


def test_correcting_the_new_payee_counts_only_what_went_to_it(reg):
    app_id, _first, rest = _rest_returned(reg)
    redirect_payee(reg, app_id, NEW, WHY)
    # nothing went to NEW yet: nothing sent to say (it said 已汇出 4 笔)
    assert reg.enterprise_correction_effects(_ent(reg, NEW), NEW_RIGHT) == ""
    mark_all_paid(reg, rest, date(2023, 5, 2), "记-2023-0502")
    assert reg.enterprise_correction_effects(_ent(reg, NEW), NEW_RIGHT).startswith(
        f"“{NEW}”是 1 项已登记拨付项目的收款单位。")
    reg.correct_enterprise_name(_ent(reg, NEW), NEW_RIGHT, SPELT)
    assert payee_note(reg, app_id).endswith(f"改汇后汇往“{NEW_RIGHT}”的：2023-05-02 凭证 "
                                            "记-2023-0502 ¥20,000.00（北京市总工会，退汇后重新拨付）"
                                            "、2023-05-02 凭证 记-2023-0502 ¥20,000.00"
                                            "（首钢集团工会，退汇后重新拨付）")
    assert mismatches(reg.conn) == []


# -- 4a: a near name asked on the command line --------------------------------------------
def test_correct_payee_asks_about_a_name_near_a_registered_one(reg, capsys):
    app_id, first, rest = _rest_returned(reg)
    db, slip = str(reg.path), OLD.replace("制造", "制")  # one character off
    assert main(["--db", db, "correct", "payee", f"项目{app_id}", slip, "--reason", WHY]) == 1
    err = capsys.readouterr().err
    assert f"登记册中没有所在单位“{slip}”，相近的有“{OLD}”" in err and "加 --new" in err, err
    assert _ent(reg, slip) is None and set(_payees(reg, app_id).values()) == {OLD}
    assert main(["--db", db, "correct", "payee", f"项目{app_id}", slip, "--reason", WHY,
                 "--new"]) == 0
    assert _payees(reg, app_id) == {**{i: OLD for i in first}, **{i: slip for i in rest}}


# -- 5: a redirect undone with the return it rested on ------------------------------------
def _all_returned_unsent(reg):
    """The first tranche's union share returned, the rest never sent: (project, lines)."""
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    lines = payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])
    first = [x.id for x in lines if x.tranche == 1]
    mark_all_paid(reg, first, date(2023, 1, 10), "记-2023-0110")
    return_payments(reg, first[1:], date(2023, 1, 20), "账户注销")
    return app_id, first


def test_a_return_taken_back_takes_the_redirect_resting_on_it_back(reg):
    app_id, first = _all_returned_unsent(reg)
    redirect_payee(reg, app_id, NEW, WHY)
    said: list[str] = []
    cancel_payments(reg, first[1:], "退汇登记错行", said=said)
    assert set(_payees(reg, app_id).values()) == {OLD}  # the unpaid rest too
    assert len(said) == 1 and said[0].startswith(
        f"项目{app_id} 已没有被银行退回的款项，其改汇所依据的退汇登记已撤销，改汇随之撤销："
        f"未拨付的 2 笔 ¥40,000.00 改回汇往“{OLD}”"), said
    assert payee_note(reg, app_id) == ""  # everything went to the payee it has
    assert mismatches(reg.conn) == []
    # a redirect is no longer allowed: nothing came back
    with pytest.raises(FinanceError, match="没有被银行退回待重拨的款项"):
        redirect_payee(reg, app_id, NEW, WHY)


def test_a_redirect_resting_on_another_return_stays(reg):
    app_id, first = _all_returned_unsent(reg)
    return_payments(reg, first[:1], date(2023, 1, 21), "账户注销")
    redirect_payee(reg, app_id, NEW, WHY)
    said: list[str] = []
    cancel_payments(reg, first[1:], "退汇登记错行", said=said)
    assert said == [] and _payees(reg, app_id)[first[0]] == NEW


def test_pay_cancel_says_the_redirect_was_undone(reg, capsys):
    app_id, first = _all_returned_unsent(reg)
    redirect_payee(reg, app_id, NEW, WHY)
    assert main(["--db", str(reg.path), "pay", "cancel", str(first[1]), "--reason",
                 "退汇登记错行"]) == 0
    out = capsys.readouterr().out
    assert "改汇随之撤销" in out and f"correct payee 项目{app_id} 新收款单位" in out, out


# -- 6: the decision's day, the unpaid amount, the 拨付清单 ---------------------------------
def test_the_decisions_day_dates_the_note_and_is_checked(reg, capsys):
    app_id, _first, rest = _rest_returned(reg)  # returned on 2023-04-20
    db = str(reg.path)
    with pytest.raises(FinanceError, match="早于所依据的退汇日期 2023-04-20"):
        redirect_payee(reg, app_id, NEW, WHY, date(2023, 4, 19))
    with pytest.raises(FinanceError, match="尚未到来"):
        redirect_payee(reg, app_id, NEW, WHY, date.today() + timedelta(days=1))
    assert main(["--db", db, "correct", "payee", f"项目{app_id}", NEW, "--reason", WHY,
                 "--date", "2023-04-25"]) == 0, capsys.readouterr().err
    mark_all_paid(reg, rest, date(2023, 5, 2), "记-2023-0502")
    assert payee_note(reg, app_id).startswith(f"收款单位于 2023-04-25 改汇（{WHY}）")
    assert main(["--db", db, "correct", "payee", f"项目{app_id}", OLD, "--reason", WHY,
                 "--date", "2023-04-3x"]) != 0
    assert "改汇决定日期（--date）写得不对" in capsys.readouterr().err


def test_the_message_gives_the_unpaid_lines_amount(reg):
    app_id, first = _all_returned_unsent(reg)
    done = redirect_payee(reg, app_id, NEW, WHY)
    assert done is not None and (
        f"被银行退回的 1 笔 ¥30,000.00 和未拨付的 2 笔 ¥40,000.00 改汇“{NEW}”") in done.text, \
        done.text


def test_the_list_to_pay_says_the_returned_line_goes_to_another_payee(reg):
    app_id, first = _all_returned_unsent(reg)
    redirect_payee(reg, app_id, NEW, WHY)
    line = next(x for x in payment_lines(reg, 2022, app_ids=[app_id]) if x.id == first[1])
    assert remark(line, date(2023, 2, 1)).endswith(
        f"；原汇往“{OLD}”，改汇至“{NEW}”）"), remark(line, date(2023, 2, 1))


# -- through the window ------------------------------------------------------------------
def test_the_payments_screen_says_the_redirect_went_with_the_return(screen, reg, qtbot,
                                                                    answers):
    """拨付 → a returned line → 撤销拨付登记… with its reason: the redirect resting on the
    return is undone, said in a box."""
    lines = [x for x in payment_lines(reg, YEAR) if x.stream == PROJECT and x.tranche == 1]
    app_id = lines[0].app_id
    first = [x for x in lines if x.app_id == app_id]
    unpaid = [x.id for x in first if not x.paid]
    if unpaid:
        mark_all_paid(reg, unpaid, date(2023, 6, 10), "记-2023-0610")
    return_payments(reg, [first[0].id], date(2023, 6, 20), "账户注销")
    was = _payees(reg, app_id)[first[1].id]
    redirect_payee(reg, app_id, NEW, WHY)
    screen.reload()
    screen.state.setCurrentText(RETURNED)
    screen.table.setFocus()
    click_row(qtbot, screen.table, row_of(screen, first[0].id))
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    type_text(qtbot, "退汇登记错行", dialog.reason_field)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(answers.infos), timeout=10_000)
    title, text = answers.infos[-1]
    assert title == "改汇随之撤销" and f"改回汇往“{was}”" in text, answers.infos
    assert NEW not in _payees(reg, app_id).values()


def test_the_approval_note_says_a_redirect_undone_as_such(reg):
    """A return cancelled after the redirect resting on it paid a line to the new payee:
    the 审批表's 注 says the redirect was undone (撤销改汇), with the return's day and the
    cancellation's reason — not a second 改汇 dated the day of the cancellation."""
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    first = [x.id for x in payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])
             if x.tranche == 1]
    mark_all_paid(reg, first[:1], date(2023, 1, 10), "记-2023-0110")
    return_payments(reg, first[:1], date(2023, 1, 20), "账户名称不符")
    redirect_payee(reg, app_id, NEW, WHY, date(2023, 1, 25))
    mark_all_paid(reg, first[1:], date(2023, 2, 1), "记-2023-0201")
    cancel_payments(reg, first[:1], "退汇登记错", said=[])
    note = payee_note(reg, app_id)
    head, undo = note.split("；")
    assert head.startswith(f"收款单位于 2023-01-25 改汇（{WHY}），此前汇往原收款单位“{OLD}”的："
                           "2023-01-10 凭证 记-2023-0110"), note
    assert undo.startswith(f"收款单位于 {date.today().isoformat()} 撤销改汇（所依据的 2023-01-20 "
                           f"退汇登记已撤销：退汇登记错），撤销前汇往“{NEW}”的：2023-02-01 凭证 "
                           "记-2023-0201 ¥"), note
