"""撤销结题验收: an acceptance recorded in error (passed, or 验收未通过) taken back while none
of its 尾款 is paid — the 尾款 waiting for an acceptance again, the project back where the
acceptance found it, the studio counting as unfinished again, one audit line naming the
operator, the reason and the acceptance withdrawn; refused in words once the 尾款 is paid."""

from __future__ import annotations

from datetime import date

import pytest
from test_finance import add_project, lines_of
from test_recheck import stored_equals_full_check

from boostdesk.audit_log import trail
from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance, record_failed_acceptance
from boostdesk.finance.acceptance_withdraw import withdraw_acceptance
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.late_completion import late_marks
from boostdesk.finance.lines import AWAITING_ACCEPTANCE, DUE, PAID
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import plan_behind, sync_plan
from boostdesk.models import CITY, ProjectApplication, plan_2022
from boostdesk.models.records import PROJECT
from boostdesk.rules import check_project_draft
from boostdesk.safety.backup import list_backups

AS_OF = date(2024, 1, 10)


def _ids(reg, app_id, tranche):
    return [x.id for x in lines_of(reg, PROJECT, app_id) if x.tranche == tranche]


def _states(reg, app_id, tranche):
    return {x.state(AS_OF) for x in lines_of(reg, PROJECT, app_id) if x.tranche == tranche}


def _first_paid(reg, **kw) -> int:
    q = add_project(reg, **kw)
    sync_plan(reg, 2022)
    mark_all_paid(reg, _ids(reg, q, 1), date(2023, 2, 20), "记-2023-0031")
    return q


def test_an_acceptance_recorded_in_error_is_withdrawn_and_its_rest_waits_again(reg):
    q = _first_paid(reg)
    reg.operator = "赵丽娟"
    record_acceptance(reg, q, date(2023, 10, 10))
    assert _states(reg, q, 2) == {DUE}
    backups = len(list_backups(reg.path))
    reg.operator = "财务王会计"
    done = withdraw_acceptance(reg, q, "  登记错了 项目 ")
    app = reg.project(q)
    assert (app.status, app.accepted_date) == ("paid_first", None)
    assert done.status == "首笔拨付" and done.was.startswith("2023-10-10 结题验收通过，赵丽娟 ")
    # the rest waits for an acceptance again, its due day the acceptance's no longer
    last = [x for x in lines_of(reg, PROJECT, q) if x.tranche == 2]
    assert {x.state(AS_OF) for x in last} == {AWAITING_ACCEPTANCE}
    assert {x.due_date for x in last} == {None} and not any(x.released for x in last)
    assert _states(reg, q, 1) == {PAID}
    assert plan_behind(reg, 2022)[0] == []  # the plan followed the write itself
    with pytest.raises(FinanceError, match="尚未结题验收"):
        mark_all_paid(reg, [last[0].id], date(2023, 10, 12), "记-9")
    # one backup before it (结题验收前), named so in 从备份恢复
    assert len(list_backups(reg.path)) == backups + 1
    assert list_backups(reg.path)[0].reason_zh == "结题验收前"
    # the trail: who, why, and which acceptance
    move = reg.status_history(PROJECT, q)[-1]
    assert (move["from_status"], move["to_status"], move["operator"], move["reason"]) == \
        ("accepted", "paid_first", "财务王会计", "撤销结题验收：登记错了 项目")
    [line] = [x for x in trail(reg, application=(PROJECT, q)) if x.action == "撤销结题验收"]
    assert line.operator == "财务王会计"
    assert "理由：登记错了 项目" in line.details
    assert "撤销的验收：2023-10-10 结题验收通过，赵丽娟" in line.details
    # recorded again on its real day
    record_acceptance(reg, q, date(2023, 11, 1))
    assert reg.project(q).accepted_date == date(2023, 11, 1)


def test_a_refusal_once_the_rest_is_paid_says_what_to_do_and_takes_no_backup(reg):
    q = _first_paid(reg)
    record_acceptance(reg, q, date(2023, 10, 10))
    rest = _ids(reg, q, 2)
    mark_all_paid(reg, rest[:1], date(2023, 10, 12), "记-2023-0099")
    backups = list_backups(reg.path)
    with pytest.raises(FinanceError, match=r"尾款已登记拨付 1 笔（¥.*2023-10-12 凭证 记-2023-0099）"
                                           r"，不能撤销结题验收.*撤销拨付登记.*登记退汇"):
        withdraw_acceptance(reg, q, "登记错了")
    assert list_backups(reg.path) == backups
    assert reg.project(q).status == "accepted"
    mark_all_paid(reg, rest[1:], date(2023, 10, 12), "记-2023-0099")
    with pytest.raises(FinanceError, match="尾款已登记拨付 2 笔"):
        withdraw_acceptance(reg, q, "登记错了")  # 尾款拨付 too
    cancel_payments(reg, rest, "验收登记错了，尾款不应拨付")
    withdraw_acceptance(reg, q, "登记错了")
    assert reg.project(q).status == "paid_first"


def test_a_reason_is_required_and_only_a_recorded_acceptance_is_withdrawn(reg):
    q = _first_paid(reg)
    with pytest.raises(FinanceError, match="没有登记结题验收，无需撤销"):
        withdraw_acceptance(reg, q, "登记错了")
    record_acceptance(reg, q, date(2023, 10, 10))
    with pytest.raises(FinanceError, match="须填写理由"):
        withdraw_acceptance(reg, q, "  ")
    assert reg.project(q).status == "accepted"


def test_a_failed_acceptance_recorded_in_error_is_withdrawn(reg):
    q = _first_paid(reg)
    record_failed_acceptance(reg, q, date(2023, 10, 10), "关键指标未达到立项要求")
    done = withdraw_acceptance(reg, q, "应为通过，登记错了")
    assert done.was.startswith("验收未通过（验收日期 2023-10-10：关键指标未达到立项要求）")
    assert reg.project(q).status == "paid_first"
    assert _states(reg, q, 2) == {AWAITING_ACCEPTANCE}  # no longer 验收未通过 (never paid)
    record_acceptance(reg, q, date(2023, 10, 10))  # its real result, the same day
    assert _states(reg, q, 2) == {DUE}


def test_a_retest_withdrawn_leaves_the_failed_acceptance_it_followed(reg):
    """复验 passed in error: back to 验收未通过 with its day, against which a 复验 is judged."""
    q = _first_paid(reg)
    record_failed_acceptance(reg, q, date(2023, 6, 1), "未完成")
    record_acceptance(reg, q, date(2023, 10, 10))
    withdraw_acceptance(reg, q, "复验尚未进行")
    app = reg.project(q)
    assert app.status == "acceptance_failed" and app.accepted_date is None
    assert app.status_reason.startswith("验收日期 2023-06-01：未完成（撤销结题验收：复验尚未进行）")
    with pytest.raises(FinanceError, match="复验日期 2023-06-01 不晚于验收未通过的日期 2023-06-01"):
        record_acceptance(reg, q, date(2023, 6, 1))
    record_acceptance(reg, q, date(2023, 11, 1))
    withdraw_acceptance(reg, q, "又错了")  # the words of one withdrawal, not two
    assert reg.project(q).status_reason == "验收日期 2023-06-01：未完成（撤销结题验收：又错了）"


def test_an_acceptance_before_the_first_tranche_goes_back_to_approved(reg):
    q = add_project(reg)
    sync_plan(reg, 2022)
    record_acceptance(reg, q, date(2023, 10, 10))
    assert withdraw_acceptance(reg, q, "登记错了").status == "核准"
    assert reg.project(q).status == "approved"
    # and one whose first tranche was paid after it: 首笔拨付
    record_acceptance(reg, q, date(2023, 10, 10))
    mark_all_paid(reg, _ids(reg, q, 1), date(2023, 11, 20), "记-2023-0101")
    withdraw_acceptance(reg, q, "登记错了")
    assert reg.project(q).status == "paid_first"
    assert plan_behind(reg, 2022)[0] == []


def test_a_late_acceptance_withdrawn_no_longer_marks_its_rest(reg):
    q = _first_paid(reg)
    record_acceptance(reg, q, date(2024, 5, 1), "主任办公会 2024-05-06 研究同意拨付尾款")
    assert q in late_marks(reg, [q])
    withdraw_acceptance(reg, q, "登记错了")
    assert late_marks(reg, [q]) == {}


def test_the_studio_is_barred_again_once_its_acceptance_is_withdrawn(reg):
    """二（一）: 已获得往年项目助推资金且未完成结题验收的职工创新工作室不能申报."""
    reg.save_campaign(plan_2022().for_year(2023))
    q = _first_paid(reg)
    record_acceptance(reg, q, date(2023, 10, 20))  # before 2023's 报送截止 2023-11-01
    draft = ProjectApplication(
        campaign_year=2023, title="新一年的项目", studio_name="李红兵劳模创新工作室",
        studio_level=CITY, approval_date=date(2023, 3, 1), startup_funds_paid=True,
        planned_completion=date(2024, 6, 30), total_budget_fen=30 * 10_000_00,
        requested_fen=10 * 10_000_00,
    )
    later = reg.save_project(draft)
    assert "STUDIO_HAS_UNFINISHED_AWARD" not in {
        f.code for f in check_project_draft(reg, draft).findings}
    withdraw_acceptance(reg, q, "登记错了")
    assert "STUDIO_HAS_UNFINISHED_AWARD" in {
        f.code for f in check_project_draft(reg, draft).findings}
    from boostdesk.rules import recheck

    recheck(reg)
    stored = reg.scalar("SELECT findings FROM project_applications WHERE id = ?", (later,))
    assert "STUDIO_HAS_UNFINISHED_AWARD" in stored
    stored_equals_full_check(reg)


def test_a_past_award_accepted_then_withdrawn_can_still_be_withdrawn_as_recorded(reg):
    """补录往年结果 accepted before any payment, the acceptance withdrawn (结题验收 → 核准):
    the award is still the record's, so 撤销补录 takes it back."""
    from boostdesk.panel.past import is_past_record, record_past_award, withdraw_past_award

    reg.save_campaign(plan_2022().for_year(2023))
    q = add_project(reg, status="qualified")
    reg.set_status(PROJECT, q, "review")
    record_past_award(reg, q, 10 * 10_000_00, date(2022, 12, 28))
    record_acceptance(reg, q, date(2023, 10, 10))
    withdraw_acceptance(reg, q, "登记错了")
    assert reg.project(q).status == "approved" and is_past_record(reg, reg.project(q))
    withdraw_past_award(reg, q, "档次录错")
    assert reg.project(q).status == "not_awarded"


def test_cli_withdraws_an_acceptance_in_the_commands_way(reg, capsys):
    q = _first_paid(reg)
    record_acceptance(reg, q, date(2023, 10, 10))
    db = str(reg.path)
    reg.close()
    assert main(["pay", "accept", f"项目{q}", "--db", db, "--withdraw"]) == 1
    assert "撤销结题验收须写理由：--reason 理由" in capsys.readouterr().err
    assert main(["pay", "accept", f"项目{q}", "--db", db, "--withdraw", "--reason", "x",
                 "--date", "2023-10-10"]) == 1
    assert "不写 --date" in capsys.readouterr().err
    assert main(["pay", "accept", f"项目{q}", "--db", db, "--date", "2023-10-10",
                 "--failed", "--reason", "登记错了"]) == 1
    assert "已于 2023-10-10 通过验收（登记错了的，请先撤销结题验收）" in capsys.readouterr().err
    assert main(["pay", "accept", "转炉炼钢终点碳温预测模型开发", "--db", db, "--withdraw",
                 "--reason", "登记错了"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已撤销结题验收：“转炉炼钢终点碳温预测模型开发”（2023-10-10 结题验收通过")
    assert "撤销理由：登记错了），现为“首笔拨付”，尾款重新待验收" in out
    assert main(["pay", "accept", f"项目{q}", "--db", db, "--date", "2023-10-10",
                 "--failed", "--reason", "关键指标未达到"]) == 0
    capsys.readouterr()
    assert main(["pay", "accept", f"项目{q}", "--db", db, "--withdraw", "--reason", "错了"]) == 0
    assert "（验收未通过（验收日期 2023-10-10：关键指标未达到）" in capsys.readouterr().out


def test_a_withdrawal_is_no_change_that_could_move_the_ranking(reg):
    """The holds re-rank a year (seconds at a large panel) only after a change that could
    move its ranking: an acceptance recorded or withdrawn (passed or failed) is none."""
    from boostdesk.award_holds import _ranking_mark

    q = add_project(reg)
    sync_plan(reg, 2022)
    cid = reg.campaign_id(2022)
    mark = _ranking_mark(reg, cid)
    record_acceptance(reg, q, date(2023, 6, 1))
    withdraw_acceptance(reg, q, "登记错了")  # 结题验收 → 核准
    record_failed_acceptance(reg, q, date(2023, 6, 1), "未完成")
    withdraw_acceptance(reg, q, "登记错了")  # 验收未通过 → 核准
    assert reg.project(q).status == "approved"
    assert _ranking_mark(reg, cid) == mark
