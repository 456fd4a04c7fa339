"""二（四）4 ties only the rest (余款) to the acceptance: 在公示期满后3个月内首次拨付…，获得助推
的创新工作室完成项目并通过市总工会与企业验收后，拨付余款. Nothing in the plan puts the first
tranche before the acceptance, so finance records the acceptance on its real day whether the
first tranche was paid before it, late after it, or not yet: the rest is then payable, the
first still owed (and overdue) until paid. What still refuses: a day before approval or
after today, and an objection of its publicity still open (an upheld one withdraws the
award)."""

from __future__ import annotations

from datetime import date

import pytest
from test_finance import add_project, lines_of

from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance, record_failed_acceptance
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import ACCEPTANCE_FAILED, DUE, OVERDUE, PAID
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import catch_up, plan_behind, sync_plan
from boostdesk.models.records import PROJECT
from boostdesk.models.workflow import by_hand, elsewhere

AS_OF = date(2024, 1, 10)


def _ids(reg, app_id, tranche):
    return [x.id for x in lines_of(reg, PROJECT, app_id) if x.tranche == tranche]


def _states(reg, app_id, tranche):
    return {x.state(AS_OF) for x in lines_of(reg, PROJECT, app_id) if x.tranche == tranche}


def test_an_acceptance_before_the_first_tranche_is_paid_is_recorded_and_the_first_stays_owed(reg):
    q = add_project(reg)
    sync_plan(reg, 2022)
    record_acceptance(reg, q, date(2023, 10, 10))
    app = reg.project(q)
    assert (app.status, app.accepted_date) == ("accepted", date(2023, 10, 10))
    # the status says nothing of the first tranche: no reader marks it paid from it
    catch_up(reg, 2022)
    assert plan_behind(reg, 2022)[0] == []
    assert _states(reg, q, 1) == {OVERDUE}  # due 2023-03-28, not paid
    assert _states(reg, q, 2) == {DUE}  # the rest released by the acceptance
    mark_all_paid(reg, _ids(reg, q, 1), date(2023, 11, 20), "记-2023-0101")
    assert reg.project(q).status == "accepted"  # the acceptance stands, the rest owed
    assert _states(reg, q, 1) == {PAID}
    mark_all_paid(reg, _ids(reg, q, 2), date(2023, 12, 1), "记-2023-0102")
    assert reg.project(q).status == "paid_final"


def test_an_acceptance_dated_before_a_late_first_payment_is_recorded_on_its_day(reg):
    """The tester's order: the first tranche (due 2023-03-28) paid late, on 2023-11-20, the
    project accepted on 2023-10-10 before that: it said 验收在首笔拨付之后."""
    q = add_project(reg)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, q, 1), date(2023, 11, 20), "记-2023-0101")
    record_acceptance(reg, q, date(2023, 10, 10))
    assert reg.project(q).accepted_date == date(2023, 10, 10)
    # due the year's final_tranche_months (3) after the acceptance
    assert {x.due_date for x in lines_of(reg, PROJECT, q) if x.tranche == 2} == {date(2024, 1, 10)}
    # the rest is paid after the acceptance, as before, not after the first's payment
    mark_all_paid(reg, _ids(reg, q, 2), date(2023, 10, 12), "记-2023-0100")
    assert reg.project(q).status == "paid_final"


def test_a_failed_acceptance_before_the_first_tranche_keeps_the_first_owed(reg):
    q = add_project(reg)
    sync_plan(reg, 2022)
    record_failed_acceptance(reg, q, date(2023, 10, 10), "关键指标未达到立项要求")
    assert reg.project(q).status == "acceptance_failed"
    catch_up(reg, 2022)
    assert _states(reg, q, 1) == {OVERDUE}  # still owed: the plan pays the first anyway
    assert _states(reg, q, 2) == {ACCEPTANCE_FAILED}
    mark_all_paid(reg, _ids(reg, q, 1), date(2023, 11, 20), "记-2023-0101")
    assert reg.project(q).status == "acceptance_failed"
    record_acceptance(reg, q, date(2023, 12, 1))  # 复验
    assert reg.project(q).status == "accepted" and _states(reg, q, 2) == {DUE}


def test_what_still_refuses_an_acceptance(reg):
    q = add_project(reg)
    sync_plan(reg, 2022)
    with pytest.raises(FinanceError, match="早于核准日期 2022-12-28"):
        record_acceptance(reg, q, date(2022, 12, 27))
    with pytest.raises(FinanceError, match="在今天之后"):
        record_acceptance(reg, q, date(2099, 1, 1))
    not_yet = add_project(reg, title="未核准的项目", status="publicized")
    with pytest.raises(FinanceError, match="只有已核准助推的项目才能登记结题验收"):
        record_acceptance(reg, not_yet, date(2023, 10, 10))
    assert reg.project(q).status == "approved"


def test_an_award_held_by_an_open_objection_is_not_accepted(reg):
    """An objection of its publicity entered after the close holds the award: upheld, it
    withdraws it (核准 → 未获助推). Its acceptance waits for the objection, as its payment."""
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import close_publicity, record_objection, start_publicity
    from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review

    a = make_project(reg, "市级甲项目", "工作室甲", CITY, unit="海淀区总工会")
    to_review(reg, a)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    record_objection(reg, a, date(2022, 12, 26), "某职工", "项目数据不实")
    with pytest.raises(FinanceError, match="异议待处理.*再登记结题验收"):
        record_acceptance(reg, a, date(2023, 10, 10))
    assert reg.project(a).status == "approved"


def test_a_first_tranche_paid_after_the_acceptance_may_be_cancelled_and_stays_owed(reg):
    """The acceptance does not rest on a first tranche paid after it: a mark of it recorded
    in error is cancelled (it was refused: 验收以首笔拨付为前提), owed again, not re-marked."""
    q = add_project(reg)
    sync_plan(reg, 2022)
    record_acceptance(reg, q, date(2023, 10, 10))
    first = _ids(reg, q, 1)
    mark_all_paid(reg, first, date(2023, 11, 20), "记-2023-0101")
    cancel_payments(reg, first, "凭证号写错")
    catch_up(reg, 2022)
    assert _states(reg, q, 1) == {OVERDUE}
    assert reg.project(q).status == "accepted"


def test_the_window_offers_no_acceptance_move_by_hand_and_says_where(reg):
    """改变状态 (Ctrl+M) does not take an acceptance or its withdrawal: it says where."""
    assert "accepted" not in by_hand(PROJECT, "approved")
    assert not {"paid_first", "approved", "acceptance_failed"} & set(by_hand(PROJECT, "accepted"))
    assert "“拨付”撤销结题验收（尾款未拨付时）" in elsewhere(PROJECT, "accepted")
    assert "“拨付”撤销结题验收" in elsewhere(PROJECT, "acceptance_failed")
    assert "“拨付”登记结题验收" in elsewhere(PROJECT, "approved")


def test_cli_records_an_acceptance_before_the_first_tranche(reg, capsys):
    from boostdesk.safety.backup import list_backups

    q = add_project(reg)
    sync_plan(reg, 2022)
    db = str(reg.path)
    reg.close()
    assert main(["pay", "accept", "转炉炼钢终点碳温预测模型开发", "--db", db,
                 "--date", "2023-10-10"]) == 0
    assert "已登记结题验收：“转炉炼钢终点碳温预测模型开发”（2023-10-10），尾款可拨付" in \
        capsys.readouterr().out
    # backed up before it, as before a payment (结题验收前)
    assert [b.reason_zh for b in list_backups(reg.path)] == ["结题验收前"]
    assert main(["pay", "accept", f"项目{q}", "--db", db, "--date", "2023-10-11"]) == 1
    assert "已于 2023-10-10 通过验收（登记错了的，请先撤销结题验收）" in capsys.readouterr().err
    assert len(list_backups(reg.path)) == 1  # a refusal takes no backup
    assert main(["pay", "list", "--db", db, "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert "已逾期" in out and "待拨付" in out and "待验收" not in out
