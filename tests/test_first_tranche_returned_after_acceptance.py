"""退汇 of a project's first tranche after its acceptance (验收) was recorded — weeks later,
even after the rest was paid. The acceptance stands (the money had left before it); the
tranche is owed again (退汇待重拨, not counted as paid anywhere), paid anew once, and each
step's 撤销 gives back the state before it. Totals stay right to the fen throughout."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_finance import WAN, add_project, lines_of
from test_ui_support import answers

from boostdesk.award_holds import holds
from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance, record_failed_acceptance
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import ACCEPTANCE_FAILED, PAID, RETURNED
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PROJECT, StudioAward
from boostdesk.printing.payments import build_payment_lists
from boostdesk.rules import recheck
from boostdesk.statistics import year_statistics

__all__ = ["answers"]  # a fixture

AS_OF = date(2023, 8, 1)
FIRST, REST = 60_000_00, 40_000_00  # 60 % / 40 % of 10万


def _ids(reg, app_id, tranche):
    return [x.id for x in lines_of(reg, PROJECT, app_id) if x.tranche == tranche]


def _states(reg, app_id, tranche):
    return {x.state(AS_OF) for x in lines_of(reg, PROJECT, app_id) if x.tranche == tranche}


def _accepted(reg, *, rest_paid: bool = False) -> int:
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 2, 1), "记-2023-0040")
    record_acceptance(reg, app_id, date(2023, 6, 1))
    if rest_paid:
        mark_all_paid(reg, _ids(reg, app_id, 2), date(2023, 6, 5), "记-2023-0077")
    return app_id


def _paid(reg) -> tuple[list[int], list[int], int]:
    """The year's projects paid by tranche, owed by tranche, and owed as 拨付 lists it."""
    row = year_statistics(reg, 2022).totals[PROJECT]
    owed = sum(x.amount_fen for x in payment_lines(reg, 2022, stream=PROJECT)
               if not x.paid and x.released and not x.held)
    return row.paid_fen, row.owed_fen, owed


def test_a_first_tranche_returned_after_acceptance_is_owed_again_and_paid_once(reg):
    app_id = _accepted(reg)
    return_payments(reg, _ids(reg, app_id, 1), date(2023, 6, 20), "收款单位账户变更")

    assert reg.project(app_id).status == "accepted"  # the acceptance stands
    assert reg.project(app_id).accepted_date == date(2023, 6, 1)
    assert _states(reg, app_id, 1) == {RETURNED}
    # not counted as paid: the statistics (which bring the plan up to date first: the
    # status 结题验收 must not fill the returned tranche back in) and 拨付 agree
    assert _paid(reg) == ([0, 0], [FIRST, REST], FIRST + REST)
    sync_plan(reg, 2022)
    assert _states(reg, app_id, 1) == {RETURNED}

    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 6, 28), "记-2023-0090")
    assert _states(reg, app_id, 1) == {PAID} and reg.project(app_id).status == "accepted"
    assert _paid(reg) == ([FIRST, 0], [0, REST], REST)  # once, not twice
    mark_all_paid(reg, _ids(reg, app_id, 2), date(2023, 7, 3), "记-2023-0091")
    assert reg.project(app_id).status == "paid_final"
    assert _paid(reg) == ([FIRST, REST], [0, 0], 0)


def test_returned_after_the_rest_was_paid_the_project_is_no_longer_paid_in_full(reg):
    app_id = _accepted(reg, rest_paid=True)
    assert reg.project(app_id).status == "paid_final"
    return_payments(reg, _ids(reg, app_id, 1), date(2023, 6, 20), "收款单位账户变更")

    assert reg.project(app_id).status == "accepted"  # 尾款拨付 is every tranche paid
    assert _states(reg, app_id, 1) == {RETURNED} and _states(reg, app_id, 2) == {PAID}
    assert _paid(reg) == ([0, REST], [FIRST, 0], FIRST)
    history = reg.status_history(PROJECT, app_id)[-1]
    assert (history["from_status"], history["to_status"]) == ("paid_final", "accepted")
    assert "收款单位账户变更" in history["reason"]
    # the first tranche's payment list asks for it again, saying it came back
    lists = build_payment_lists(reg, 2022, 1)
    listed = [x for pl in lists for x in pl.projects if x.app_id == app_id]
    assert len(listed) == 2 and all(x.returned_date == date(2023, 6, 20) for x in listed)

    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 6, 28), "记-2023-0090")
    assert reg.project(app_id).status == "paid_final"
    assert _paid(reg) == ([FIRST, REST], [0, 0], 0)


def test_the_rest_paid_while_the_first_is_owed_again_waits_for_it_to_be_paid_in_full(reg):
    app_id = _accepted(reg)
    return_payments(reg, _ids(reg, app_id, 1)[:1], date(2023, 6, 20), "户名与账号不符")
    mark_all_paid(reg, _ids(reg, app_id, 2), date(2023, 6, 22), "记-2023-0088")
    assert reg.project(app_id).status == "accepted"  # the federation's first part is owed
    fed_first = FIRST // 2  # a city studio: 1:1
    assert _paid(reg) == ([FIRST - fed_first, REST], [fed_first, 0], fed_first)
    mark_all_paid(reg, _ids(reg, app_id, 1)[:1], date(2023, 6, 28), "记-2023-0090")
    assert reg.project(app_id).status == "paid_final"


def test_each_step_cancelled_gives_back_the_state_before_it(reg):
    app_id = _accepted(reg, rest_paid=True)
    firsts = _ids(reg, app_id, 1)
    # the first transfer itself is what the acceptance rests on: not cancelled
    with pytest.raises(FinanceError, match="验收以首笔拨付为前提.*请登记退汇"):
        cancel_payments(reg, firsts, "凭证号写错")
    return_payments(reg, firsts, date(2023, 6, 20), "收款单位账户变更")
    mark_all_paid(reg, firsts, date(2023, 6, 28), "记-2023-0090")
    assert reg.project(app_id).status == "paid_final"

    # the transfer sent again, recorded with a wrong voucher: cancelled, owed again
    cancel_payments(reg, firsts, "凭证号写错")
    assert _states(reg, app_id, 1) == {RETURNED}
    assert reg.project(app_id).status == "accepted"
    assert _paid(reg) == ([0, REST], [FIRST, 0], FIRST)
    # the return itself recorded on the wrong project: the first transfer stands again
    cancel_payments(reg, firsts, "选错款项")
    lines = [x for x in lines_of(reg, PROJECT, app_id) if x.tranche == 1]
    assert {(x.paid_date, x.voucher) for x in lines} == {(date(2023, 2, 1), "记-2023-0040")}
    assert reg.project(app_id).status == "paid_final"
    assert _paid(reg) == ([FIRST, REST], [0, 0], 0)
    with pytest.raises(FinanceError, match="验收以首笔拨付为前提"):
        cancel_payments(reg, firsts, "凭证号写错")
    actions = [json.loads(r[0]).get("reason", "") for r in reg.conn.execute(
        "SELECT after FROM audit_events WHERE entity = 'payments' AND entity_id = ?"
        " ORDER BY id", (firsts[0],))]
    assert [a.split("：")[0] for a in actions if a] == ["退汇", "撤销拨付登记", "撤销退汇登记"]


def test_a_failed_projects_first_tranche_returned_is_owed_again_and_the_rest_still_not(reg):
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 2, 1), "记-2023-0040")
    record_failed_acceptance(reg, app_id, date(2023, 6, 1), "关键指标未达到立项要求")
    return_payments(reg, _ids(reg, app_id, 1), date(2023, 6, 20), "收款单位账户变更")

    assert reg.project(app_id).status == "acceptance_failed"
    assert _states(reg, app_id, 1) == {RETURNED}
    assert _states(reg, app_id, 2) == {ACCEPTANCE_FAILED}
    row = year_statistics(reg, 2022).totals[PROJECT]
    assert (row.paid_fen, row.owed_fen, row.forfeited_fen) == ([0, 0], [FIRST, 0], REST)
    mark_all_paid(reg, _ids(reg, app_id, 1), date(2023, 7, 10), "记-2023-0095")
    assert reg.project(app_id).status == "acceptance_failed"
    row = year_statistics(reg, 2022).totals[PROJECT]
    assert (row.paid_fen, row.owed_fen, row.forfeited_fen) == ([FIRST, 0], [0, 0], REST)
    # 复验 after the failed acceptance: the first tranche counts from its first sending
    record_acceptance(reg, app_id, date(2023, 7, 1))
    assert reg.project(app_id).status == "accepted"


def test_an_award_found_ineligible_is_held_when_its_first_tranche_comes_back(reg):
    """A paid-in-full project is past holding; its first tranche returned, what is owed
    again is held like any unpaid part of an award no longer right."""
    app_id = _accepted(reg, rest_paid=True)
    reg.add_studio_award(StudioAward("李红兵劳模创新工作室", 2021, "往年项目", 30 * WAN,
                                     accepted=False))
    recheck(reg)
    assert (PROJECT, app_id) not in holds(reg, 2022)  # nothing left to pay
    return_payments(reg, _ids(reg, app_id, 1), date(2023, 6, 20), "收款单位账户变更")
    lines = [x for x in lines_of(reg, PROJECT, app_id) if x.tranche == 1]
    assert all(x.held and "核准后经核对为不合格" in x.held_why for x in lines)
    assert "已拨付 ¥40,000.00" in lines[0].held_why
    with pytest.raises(FinanceError, match="不合格"):
        mark_all_paid(reg, [x.id for x in lines], date(2023, 6, 28), "记-2023-0090")
    assert year_statistics(reg, 2022).totals[PROJECT].changed_held_fen == FIRST


def test_a_failed_projects_returned_first_tranche_is_held_for_that_tranche_only(reg):
    from test_returned_transfer_corrections import _failed_returned_ineligible

    app_id = _failed_returned_ineligible(reg)
    assert all(x.held for x in lines_of(reg, PROJECT, app_id) if x.tranche == 1)
    row = year_statistics(reg, 2022).totals[PROJECT]
    assert (row.changed_held_fen, row.forfeited_fen) == (FIRST, REST)


def test_pay_return_on_the_command_line_after_acceptance(reg, capsys):
    app_id = _accepted(reg, rest_paid=True)
    ids = [str(i) for i in _ids(reg, app_id, 1)]
    db = ["--db", str(reg.path)]
    reg.close()
    capsys.readouterr()
    assert main(["pay", "return", *ids, *db, "--date", "2023-06-20",
                 "--reason", "收款单位账户变更"]) == 0
    assert capsys.readouterr().out.count(f"现为{RETURNED}") == 2
    assert main(["pay", "list", *db, "--year", "2022", "--json"]) == 0
    listed = {x["id"]: x for x in json.loads(capsys.readouterr().out)}
    assert {listed[int(i)]["state"] for i in ids} == {RETURNED}
    assert main(["stats", *db, "--year", "2022"]) == 0
    assert f"未拨付中含{RETURNED} 2 笔 ¥60,000.00" in capsys.readouterr().out
    assert main(["pay", "mark", *ids, *db, "--date", "2023-06-28",
                 "--voucher", "记-2023-0090"]) == 0
    assert "上次汇往同一收款单位被退回" in capsys.readouterr().out  # said, not refused
    assert main(["pay", "list", *db, "--year", "2022", "--json"]) == 0
    assert {x["state"] for x in json.loads(capsys.readouterr().out)
            if str(x["id"]) in ids} == {PAID}


def test_the_payments_screen_registers_the_return_after_acceptance(reg, tmp_path, qtbot,
                                                                   answers):
    from PySide6.QtCore import Qt
    from test_finance_screen import row_of, select_rows
    from test_ui_support import year_context

    from boostdesk.ui.payments_screen import PaymentsScreen

    app_id = _accepted(reg, rest_paid=True)
    firsts = _ids(reg, app_id, 1)
    w = PaymentsScreen(year_context(reg, tmp_path, 2022, "赵丽娟"))
    qtbot.addWidget(w)
    w.resize(1200, 600)
    w.show()
    select_rows(qtbot, w, [row_of(w, firsts[0])])
    assert w.return_button.isEnabled()
    qtbot.mouseClick(w.return_button, Qt.MouseButton.LeftButton)
    w.dialog.date_field.setText("2023-06-20")
    w.dialog.reason_field.setText("收款单位账户变更")
    qtbot.mouseClick(w.dialog.ok, Qt.MouseButton.LeftButton)
    assert not w.dialog.isVisible() and answers.errors == []
    assert w.states[firsts[0]] == RETURNED
    assert reg.project(app_id).status == "accepted"
    # paid again from the screen
    select_rows(qtbot, w, [row_of(w, firsts[0])])
    assert w.pay_button.isEnabled()
    line = next(x for x in w.shown if x.id == firsts[0])
    assert w.mark_paid([line], date(2023, 6, 28), "记-2023-0090")
    assert w.states[firsts[0]] == PAID


def test_a_transfer_sent_again_before_the_acceptance_is_what_it_rests_on(reg):
    """Returned and sent again before the acceptance: the acceptance rests on the second
    transfer, which is not cancelled (it may be returned)."""
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    firsts = _ids(reg, app_id, 1)
    mark_all_paid(reg, firsts, date(2023, 2, 1), "记-2023-0040")
    return_payments(reg, firsts, date(2023, 2, 6), "收款单位账户变更")
    assert reg.project(app_id).status == "approved"
    mark_all_paid(reg, firsts, date(2023, 2, 10), "记-2023-0052")
    record_acceptance(reg, app_id, date(2023, 6, 1))
    with pytest.raises(FinanceError, match="验收以首笔拨付为前提"):
        cancel_payments(reg, firsts, "凭证号写错")
    return_payments(reg, firsts, date(2023, 6, 20), "收款单位账户再次变更")
    assert _states(reg, app_id, 1) == {RETURNED}


def test_a_held_awards_money_follows_a_return_of_its_first_tranche(reg):
    """The ranking is worked out once until something moves it; a return moves none but
    changes what is paid: the hold's money says it to the fen, and the tranche owed again
    is held too."""
    from test_award_holds import _approved

    from boostdesk.panel.experts import declare_conflict

    a, b, experts = _approved(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, a, 1), date(2023, 1, 10), "记-3")
    record_acceptance(reg, a, date(2023, 6, 1))
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    rest = [x for x in lines_of(reg, PROJECT, a) if x.tranche == 2]
    assert "已拨付 ¥18,000.00，按现结果应为 ¥0.00，多拨 ¥18,000.00" in rest[0].held_why
    return_payments(reg, _ids(reg, a, 1), date(2023, 6, 20), "收款单位账户变更")
    lines = lines_of(reg, PROJECT, a)
    assert all(x.held for x in lines)
    assert "核准 ¥30,000.00，按现结果应为 ¥0.00" in lines[0].held_why
    assert "已拨付" not in lines[0].held_why
