"""补录往年结果 (panel.past): a past year's project award recorded as the office knows it —
tier, approval date, 历史补录 — without experts, scores or a publicity period, and treated
as an award everywhere downstream (payments with their past dates, the studio's earlier-
award rule, statistics, holds)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from boostdesk import award_holds
from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.mark_history import paid_marks
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models import CITY, DISTRICT, ProjectApplication, Register, plan_2022
from boostdesk.models.records import PROJECT, PROJECT_MATERIALS
from boostdesk.panel.errors import PanelError
from boostdesk.panel.past import RECORD_PAST, record_past_award
from boostdesk.rules import check_project_draft, recheck
from boostdesk.statistics import year_statistics

WAN = 10_000_00  # 1 万元 in fen
STUDIO = "李明职工创新工作室"


def project(year: int, title: str = "数控机床精度补偿", studio: str = STUDIO,
            **over: Any) -> ProjectApplication:
    base = ProjectApplication(
        campaign_year=year, title=title, studio_name=studio, studio_level=CITY, leader="李明",
        unit_name="北京市朝阳区总工会", enterprise_name="北京丰台轨道交通装备有限公司",
        approval_date=date(year, 3, 5), startup_funds_paid=True,
        planned_completion=date(year + 1, 12, 31), total_budget_fen=40 * WAN,
        requested_fen=5 * WAN, contact_name="王五", contact_phone="13900139000",
        received_date=date(year, 10, 30), materials=dict.fromkeys(PROJECT_MATERIALS, True))
    return replace(base, **over)


@pytest.fixture
def past(reg: Register) -> Register:
    """A register started in 2022 with 2016's plan added for its history."""
    reg.save_campaign(plan_2022().for_year(2016))
    return reg


def _pay(reg: Register, app_id: int, tranche: int, day: date, voucher: str) -> None:
    for line in payment_lines(reg, 2016, stream=PROJECT):
        if line.app_id == app_id and line.tranche == tranche:
            mark_paid(reg, line.id, day, voucher)


def test_a_past_award_is_recorded_without_experts_scores_or_publicity(past):
    pid = past.save_project(project(2016))
    done = record_past_award(past, pid, 5 * WAN, date(2016, 12, 20), "京工发〔2016〕12号")
    app = past.project(pid)
    assert (app.status, app.award_fen, app.approved_date) == ("approved", 5 * WAN,
                                                              date(2016, 12, 20))
    assert done.level == CITY and done.notes == []
    assert past.scalar("SELECT award_level FROM project_applications WHERE id = ?", (pid,)) == CITY
    # nothing invented: no expert, assignment, score, override, proposal or publicity period
    for table in ("experts", "assignments", "scores", "tier_overrides", "proposals",
                  "publicity_periods"):
        assert past.scalar(f"SELECT COUNT(*) FROM {table}") == 0, table
    history = past.status_history(PROJECT, pid)
    assert history[-1]["to_status"] == "approved"
    assert all(h["reason"].startswith("历史补录：京工发〔2016〕12号") for h in history[1:])
    event = past.query("SELECT * FROM audit_events WHERE action = ?", (RECORD_PAST,))
    assert len(event) == 1 and event[0]["entity_id"] == pid
    assert json.loads(event[0]["after"])["approved_date"] == "2016-12-20"


def test_its_payments_and_acceptance_are_recorded_with_their_past_dates(past):
    pid = past.save_project(project(2016))
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    sync_plan(past, 2016)
    _pay(past, pid, 1, date(2017, 2, 10), "2017-记-15")
    assert past.project(pid).status == "paid_first"
    record_acceptance(past, pid, date(2017, 12, 20))
    _pay(past, pid, 2, date(2018, 1, 15), "2018-记-88")
    app = past.project(pid)
    assert (app.status, app.accepted_date) == ("paid_final", date(2017, 12, 20))
    lines = payment_lines(past, 2016, stream=PROJECT)
    assert sum(x.amount_fen for x in lines if x.paid_date) == 5 * WAN
    stats = year_statistics(past, 2016)
    total = stats.totals[PROJECT]
    assert (total.approved, total.award_fen, sum(total.paid_fen), sum(total.owed_fen)) == (
        1, 5 * WAN, 5 * WAN, 0)


def test_an_unaccepted_past_award_bars_the_studio_in_2022_and_an_accepted_one_does_not(past):
    pid = past.save_project(project(2016))
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    recheck(past)
    draft = project(2022, "新一年的项目", approval_date=date(2022, 3, 1))
    codes = {f.code for f in check_project_draft(past, draft).findings}
    assert "STUDIO_HAS_UNFINISHED_AWARD" in codes
    sync_plan(past, 2016)
    _pay(past, pid, 1, date(2017, 2, 10), "2017-记-15")
    record_acceptance(past, pid, date(2017, 12, 20))
    codes = {f.code for f in check_project_draft(past, draft).findings}
    assert "STUDIO_HAS_UNFINISHED_AWARD" not in codes


def test_findings_of_today_taken_with_the_record_do_not_hold_its_payment(past):
    """A past paper the rules now find 不合格 (its 立项日期 outside the year as 2016's plan
    copied from 2022 reads it): the record is the year's decision, so it is not held; the
    same award approved by a bare status move is (what the hold is for)."""
    pid = past.save_project(project(2016, approval_date=date(2015, 11, 5)))
    bare = past.save_project(project(2016, "另一项目", studio="王强职工创新工作室",
                                     approval_date=date(2015, 11, 5)))
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    for step in ("qualified", "review", "proposed", "publicized"):
        past.set_status(PROJECT, bare, step)
    past.set_status(PROJECT, bare, "approved", award_fen=5 * WAN, approved_date=date(2016, 12, 20))
    recheck(past)
    assert past.scalar("SELECT eligible FROM project_applications WHERE id = ?", (pid,)) == 0
    held = award_holds.held_ids(past, PROJECT, 2016)
    assert pid not in held and bare in held
    taken = json.loads(past.scalar("SELECT after FROM audit_events WHERE action = ?",
                                   (RECORD_PAST,)))["taken_findings"]
    assert any("立项日期 2015-11-05" in t for t in taken)


def test_what_the_year_decided_is_not_judged_again_but_said(past):
    """A past list is what it was: a studio's second award of the year and a tier past
    its quota are recorded, each said."""
    past.save_campaign(replace(past.campaign(2016), tiers=tuple(
        replace(t, quota=1) for t in past.campaign(2016).tiers)))
    first = past.save_project(project(2016))
    second = past.save_project(project(2016, "第二个项目"))
    record_past_award(past, first, 5 * WAN, date(2016, 12, 20))
    done = record_past_award(past, second, 5 * WAN, date(2016, 12, 20))
    assert past.project(second).status == "approved"
    assert any("已有核准助推的项目“数控机床精度补偿”" in n for n in done.notes)
    assert any("超出该年度计划名额（1 项）" in n for n in done.notes)


def test_a_district_tier_is_recorded_at_its_level_even_after_the_studio_was_promoted(past):
    """2016's 3万元 tier is a 区级 one: the studio, 市级 now, was 区级 then."""
    pid = past.save_project(project(2016))
    done = record_past_award(past, pid, 3 * WAN, date(2016, 12, 20))
    assert done.level == DISTRICT
    assert past.scalar("SELECT award_level FROM project_applications WHERE id = ?",
                       (pid,)) == DISTRICT


@pytest.mark.parametrize(("amount", "day", "message"), [
    (5000_00, date(2016, 12, 20), "不是 2016 年度计划的助推档次"),  # 5000 元: 万元 slipped
    (5 * WAN, date(2099, 1, 1), "在今天之后"),
    (5 * WAN, date(2019, 1, 1), "不在 2016 年或 2017 年内"),
])
def test_a_slip_in_the_amount_or_date_is_refused_and_nothing_stored(past, amount, day, message):
    pid = past.save_project(project(2016))
    events = past.scalar("SELECT COUNT(*) FROM audit_events")
    with pytest.raises(PanelError, match=message):
        record_past_award(past, pid, amount, day)
    assert past.project(pid).status == "registered"
    assert past.scalar("SELECT COUNT(*) FROM audit_events") == events


def test_an_amount_off_a_year_copied_from_2023_names_that_years_tiers_not_2022(reg):
    """2016's plan made (campaign new) after 2023's, from it: its tiers are 2023's 12万 …,
    and the refusal said "该年度的档次与 2022 年不同的" of a plan never 2022's."""
    from boostdesk.campaign_settings import apply_settings, new_year

    reg.save_campaign(apply_settings(plan_2022().for_year(2023), [
        ("tiers", "12万元:120000:8:市级；6万元:60000:25:市级；4万元:40000:60:区级")]))
    new_year(reg, 2016, 2023)
    pid = reg.save_project(project(2016))
    with pytest.raises(PanelError) as refused:
        record_past_award(reg, pid, 10 * WAN, date(2016, 12, 20))
    said = str(refused.value)
    assert "不是 2016 年度计划的助推档次（12万元（市级）、6万元（市级）、4万元（区/局/集团级））" in said
    assert "2022" not in said and "2016 年的方案所定档次与上列不同的" in said


def test_the_newest_year_and_a_year_run_through_publicity_are_refused(past):
    now = past.save_project(project(2022))
    with pytest.raises(PanelError, match="最新的年度"):
        record_past_award(past, now, 5 * WAN, date(2022, 12, 20))
    pid = past.save_project(project(2016))
    past.conn.execute("INSERT INTO publicity_periods (campaign_id, start_date, end_date)"
                      " VALUES (?, '2016-12-01', '2016-12-07')", (past.campaign_id(2016),))
    with pytest.raises(PanelError, match="已在登记册中评审和公示"):
        record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))


def test_an_award_already_recorded_is_not_recorded_twice(past):
    pid = past.save_project(project(2016))
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    with pytest.raises(PanelError, match="状态为“核准”"):
        record_past_award(past, pid, 10 * WAN, date(2016, 12, 21))
    assert past.project(pid).award_fen == 5 * WAN


# -- the command line -------------------------------------------------------------------
def _cli(db: Path, args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--db", str(db), "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_office_records_2016_and_its_payments_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    pid = reg.save_project(project(2016))
    reg.close()
    code, out, err = _cli(db, ["panel", "record-past", "数控机床精度补偿", "--year", "2016",
                               "--tier", "50000", "--date", "2016-12-20"], capsys)
    assert code == 0, err
    assert "已补录 2016 年度项目“数控机床精度补偿”" in out and "2016-12-20（历史补录）" in out
    assert "pay mark" in out
    code, out, err = _cli(db, ["pay", "list", "--year", "2016"], capsys)
    assert code == 0 and "首笔" in out
    reg = Register.open(db, "测试员")
    first = [x.id for x in payment_lines(reg, 2016, stream=PROJECT) if x.tranche == 1]
    rest = [x.id for x in payment_lines(reg, 2016, stream=PROJECT) if x.tranche == 2]
    reg.close()
    assert _cli(db, ["pay", "mark", *map(str, first), "--date", "2017-02-10",
                     "--voucher", "2017-记-15"], capsys)[0] == 0
    assert _cli(db, ["pay", "accept", "数控机床精度补偿", "--date", "2017-12-20"], capsys)[0] == 0
    assert _cli(db, ["pay", "mark", *map(str, rest), "--date", "2018-01-15",
                     "--voucher", "2018-记-88"], capsys)[0] == 0
    reg = Register.open(db, "测试员")
    app = reg.project(pid)
    assert (app.status, app.approved_date, app.accepted_date) == (
        "paid_final", date(2016, 12, 20), date(2017, 12, 20))
    reg.close()


def test_the_command_line_refuses_the_current_year_saying_where_its_results_come_from(
        tmp_path, capsys):
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_project(project(2022))
    reg.close()
    code, _out, err = _cli(db, ["panel", "record-past", "数控机床精度补偿", "--tier", "50000",
                                "--date", "2022-12-20"], capsys)
    assert code == 1
    assert "最新的年度" in err and "panel adopt" in err
    code, _out, err = _cli(db, ["panel", "record-past", "数控机床精度补偿", "--tier", "5万",
                                "--date", "2022-12-20"], capsys)
    assert code != 0 and "档次应为金额（元）" in err


def test_the_same_award_typed_on_the_studio_screen_is_named_and_the_audit_says_what_was_taken(
        past):
    from boostdesk.audit_log import trail
    from boostdesk.models.records import StudioAward

    pid = past.save_project(project(2016, approval_date=date(2015, 11, 5)))
    past.add_studio_award(StudioAward(STUDIO, 2016, "数控机床精度补偿", 5 * WAN, False))
    done = record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    assert any("已录入该工作室 2016 年的往年助推" in n for n in done.notes)
    lines = [x for x in trail(past, application=(PROJECT, pid)) if x.action == "补录往年结果"]
    assert len(lines) == 1
    assert "核准日期：2016-12-20" in lines[0].details
    assert "补录时自动核对的不符合项" in lines[0].details and "立项日期 2015-11-05" in lines[0].details


def test_the_panels_refusals_in_an_earlier_year_say_where_its_outcome_is_recorded(past):
    """What the tester met: 2016's project cannot be overridden (not in review) nor
    adopted (no expert's score); both refusals now name 补录往年结果. This year's do not."""
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.qualification import decide
    from boostdesk.panel.tier_overrides import set_override

    pid = past.save_project(project(2016))
    decide(past, pid, True, "")
    with pytest.raises(PanelError, match="“创新项目”页用 往年 ▾ → 补录往年结果… 记为核准$") as refused:
        set_override(past, pid, 5 * WAN, "历史补录")
    assert "不在专家评审排名中" in str(refused.value)
    past.set_status(PROJECT, pid, "review")
    with pytest.raises(PanelError, match="(?s)专家评分尚未交齐.*补录往年结果"):
        adopt(past, 2016)
    now = past.save_project(project(2022, "今年的项目", studio="王强职工创新工作室"))
    decide(past, now, True, "")
    with pytest.raises(PanelError) as refused:
        set_override(past, now, 5 * WAN, "理由")
    assert "补录" not in str(refused.value)


def test_the_approval_sheet_says_the_award_was_recorded_not_reviewed_and_publicized(past):
    """审批表 of a recorded 2016 award: no 专业评审 or 公示期满 the register never saw; the
    资格审核 date is the day it was typed, marked 补录; an award of the panel's path still
    reads as before."""
    from boostdesk.printing.approval import _qualification, _review_line, load_sheets

    pid = past.save_project(project(2016))
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    [sheet] = load_sheets(past, 2016)
    line = _review_line(sheet)
    assert sheet.recorded_past and "历史补录" in line and "2016年12月20日核准" in line
    assert "专业评审" not in line and "公示" not in line
    assert "补录" in _qualification(sheet)
    other = past.save_project(project(2016, "另一项目", studio="王强职工创新工作室"))
    for step in ("qualified", "review", "proposed", "publicized"):
        past.set_status(PROJECT, other, step)
    past.set_status(PROJECT, other, "approved", award_fen=5 * WAN, approved_date=date(2016, 12, 20))
    sheets = {s.app.id: s for s in load_sheets(past, 2016)}
    assert not sheets[other].recorded_past
    assert "公示期满无异议" in _review_line(sheets[other])


def test_a_record_made_in_error_is_withdrawn_before_payment_and_recorded_again(past):
    from boostdesk.panel.past import withdraw_past_award

    pid = past.save_project(project(2016))
    record_past_award(past, pid, 10 * WAN, date(2016, 12, 20))
    sync_plan(past, 2016)
    with pytest.raises(PanelError, match="撤销补录的理由"):
        withdraw_past_award(past, pid, " ")
    withdraw_past_award(past, pid, "档次录错，应为 5 万元")
    app = past.project(pid)
    assert (app.status, app.award_fen, app.approved_date) == ("not_awarded", None, None)
    assert not [x for x in payment_lines(past, 2016, stream=PROJECT) if x.app_id == pid]
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    sync_plan(past, 2016)
    _pay(past, pid, 1, date(2017, 2, 10), "2017-记-15")
    with pytest.raises(PanelError, match=r"助推款已登记拨付 \d 笔，不能撤销补录：拨付登记错了的"):
        withdraw_past_award(past, pid, "又错了")
    assert past.project(pid).award_fen == 5 * WAN


def _return(reg: Register, app_id: int, day: date, *, tranche: int | None = None) -> int:
    """The app's paid transfers (of ``tranche``, or all) sent back by the bank: how many."""
    ids = [x.id for x in payment_lines(reg, 2016, stream=PROJECT)
           if x.app_id == app_id and x.paid_date and tranche in (None, x.tranche)]
    return_payments(reg, ids, day, "会员卡已销户")
    return len(ids)


def test_a_record_whose_money_all_came_back_is_withdrawn_keeping_the_returned_transfers(past):
    """Recorded, its first tranche paid and sent back (退汇): the last status move is the
    return's, yet none of its money stands paid, so 撤销补录 withdraws it as 排名复核 would:
    未获助推, the returned lines gone from what is owed, their sending and return kept."""
    from boostdesk.panel.past import is_recorded_past, withdraw_past_award

    pid = past.save_project(project(2016))
    record_past_award(past, pid, 10 * WAN, date(2016, 12, 20))
    sync_plan(past, 2016)
    _pay(past, pid, 1, date(2017, 2, 10), "2017-记-15")
    returned = _return(past, pid, date(2017, 2, 20))
    app = past.project(pid)
    assert app.status == "approved" and app.status_reason.startswith("退汇：")
    assert is_recorded_past(past, app)
    withdraw_past_award(past, pid, "档次录错，应为 5 万元")
    app = past.project(pid)
    assert (app.status, app.award_fen, app.approved_date) == ("not_awarded", None, None)
    assert app.status_reason == (f"撤销历史补录：档次录错，应为 5 万元（已汇出的 {returned} 笔"
                                 "均被银行退回，不再重拨）")
    # not owed: neither a line to pay again nor a sum the statistics still owe
    assert not [x for x in payment_lines(past, 2016, stream=PROJECT) if x.app_id == pid]
    total = year_statistics(past, 2016).totals[PROJECT]
    assert (total.approved, total.award_fen, sum(total.owed_fen)) == (0, 0, 0)
    marks = paid_marks(past, PROJECT, pid)
    assert len([m for m in marks if m["withdrawn"] and m["returned_date"] == "2017-02-20"
                and m["sent_voucher"] == "2017-记-15"]) == returned
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))  # recorded again, right
    assert past.project(pid).award_fen == 5 * WAN


def test_an_accepted_record_whose_every_transfer_came_back_is_withdrawn(past):
    """Paid in full and accepted, then every transfer sent back: 结题验收 with nothing
    standing paid. Withdrawn to 未获助推, its acceptance cleared, said so in the trail."""
    from boostdesk.audit_log import trail
    from boostdesk.panel.past import withdraw_past_award

    pid = past.save_project(project(2016))
    record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))
    sync_plan(past, 2016)
    _pay(past, pid, 1, date(2017, 2, 10), "2017-记-15")
    record_acceptance(past, pid, date(2017, 12, 20))
    _pay(past, pid, 2, date(2018, 1, 15), "2018-记-88")
    returned = _return(past, pid, date(2018, 8, 1))
    assert past.project(pid).status == "accepted"
    withdraw_past_award(past, pid, "项目录错")
    app = past.project(pid)
    assert (app.status, app.award_fen, app.approved_date, app.accepted_date) == (
        "not_awarded", None, None, None)
    assert not past.scalar("SELECT COUNT(*) FROM payments WHERE application_id = ?", (pid,))
    [line] = [x for x in trail(past, application=(PROJECT, pid))
              if x.action == "撤销补录的往年结果"]
    assert "结题验收 → 未获助推" in line.details
    assert f"已汇出的 {returned} 笔均被银行退回，不再重拨" in line.details


def test_a_record_with_money_standing_paid_is_refused_saying_what_was_sent(past):
    """One transfer of the tranche back, the other standing paid: refused, the refusal
    counting both as sent (not calling the returned one paid) and naming the paid one."""
    from boostdesk.panel.past import is_past_record, is_recorded_past, withdraw_past_award

    pid = past.save_project(project(2016))
    record_past_award(past, pid, 10 * WAN, date(2016, 12, 20))
    sync_plan(past, 2016)
    _pay(past, pid, 1, date(2017, 2, 10), "2017-记-15")
    [first, *rest] = [x for x in payment_lines(past, 2016, stream=PROJECT)
                      if x.app_id == pid and x.paid_date]
    assert rest, "a tranche of two payers' transfers"
    return_payments(past, [first.id], date(2017, 2, 20), "会员卡已销户")
    app = past.project(pid)
    assert is_past_record(past, app) and not is_recorded_past(past, app)
    sent = 1 + len(rest)
    with pytest.raises(PanelError) as refused:
        withdraw_past_award(past, pid, "档次录错")
    assert (f"助推款已汇出 {sent} 笔（其中 1 笔被银行退回，待重拨），不能撤销补录："
            f"未被退回的 {len(rest)} 笔登记错了的") in str(refused.value)
    assert "款确已汇出的，须先由财务核实追回" in str(refused.value)
    assert past.project(pid).status == "approved"


def test_an_award_of_the_panels_path_is_not_withdrawn_as_a_record(past):
    from boostdesk.panel.past import withdraw_past_award

    pid = past.save_project(project(2016))
    for step in ("qualified", "review", "proposed", "publicized"):
        past.set_status(PROJECT, pid, step)
    past.set_status(PROJECT, pid, "approved", award_fen=5 * WAN, approved_date=date(2016, 12, 20))
    with pytest.raises(PanelError, match="不是补录的"):
        withdraw_past_award(past, pid, "理由")
    assert past.project(pid).status == "approved"


def test_a_withdrawn_record_later_approved_by_the_panel_is_not_withdrawn_as_a_record(past):
    """Recorded, withdrawn, then approved on the panel's path: the award is the panel's, and
    撤销补录 (which once looked only for an earlier record) must not undo it."""
    from boostdesk.panel.past import is_recorded_past, withdraw_past_award

    pid = past.save_project(project(2016))
    record_past_award(past, pid, 10 * WAN, date(2016, 12, 20))
    assert is_recorded_past(past, past.project(pid))
    withdraw_past_award(past, pid, "项目录错")
    for step in ("review", "proposed", "publicized"):
        past.set_status(PROJECT, pid, step)
    past.set_status(PROJECT, pid, "approved", award_fen=5 * WAN, approved_date=date(2016, 12, 20))
    assert not is_recorded_past(past, past.project(pid))
    with pytest.raises(PanelError, match="不是补录的"):
        withdraw_past_award(past, pid, "理由")
    assert past.project(pid).status == "approved"


def test_the_command_line_withdraws_a_record_and_records_it_again(tmp_path, capsys):
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    pid = reg.save_project(project(2016))
    reg.close()
    base = ["panel", "record-past", "数控机床精度补偿", "--year", "2016"]
    assert _cli(db, [*base, "--tier", "100000", "--date", "2016-12-20"], capsys)[0] == 0
    code, out, err = _cli(db, [*base, "--withdraw", "--reason", "档次录错"], capsys)
    assert code == 0, err
    assert "现为“未获助推”" in out
    code, _out, err = _cli(db, [*base, "--date", "2016-12-20"], capsys)
    assert code != 0 and "--tier" in err
    assert _cli(db, [*base, "--tier", "50000", "--date", "2016-12-20"], capsys)[0] == 0
    reg = Register.open(db, "测试员")
    assert reg.project(pid).award_fen == 5 * WAN
    reg.close()


def test_the_command_line_withdraws_a_record_whose_money_came_back(tmp_path, capsys):
    """`panel record-past --withdraw` on a record whose first tranche was sent back: once
    refused as 已登记拨付 (nothing stood paid), now withdrawn; one standing paid is refused
    saying what was sent."""
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    pid = reg.save_project(project(2016))
    paid = reg.save_project(project(2016, "另一项目", studio="王强职工创新工作室"))
    for app_id in (pid, paid):
        record_past_award(reg, app_id, 5 * WAN, date(2016, 12, 20))
    sync_plan(reg, 2016)
    for app_id in (pid, paid):
        _pay(reg, app_id, 1, date(2017, 2, 10), "2017-记-15")
    _return(reg, pid, date(2017, 2, 20))
    reg.close()
    code, out, err = _cli(db, ["panel", "record-past", "数控机床精度补偿", "--year", "2016",
                               "--withdraw", "--reason", "项目录错"], capsys)
    assert code == 0, err
    assert "现为“未获助推”" in out and "均被银行退回，不再重拨；可用 panel record-past 重新补录" in out
    code, out, err = _cli(db, ["panel", "record-past", "另一项目", "--year", "2016",
                               "--withdraw", "--reason", "项目录错"], capsys)
    assert code != 0 and "助推款已登记拨付 2 笔，不能撤销补录：拨付登记错了的" in err
    reg = Register.open(db, "测试员")
    assert (reg.project(pid).status, reg.project(paid).status) == ("not_awarded", "paid_first")
    assert "均被银行退回，不再重拨" in reg.project(pid).status_reason
    reg.close()


def test_the_withdrawal_reads_as_such_in_the_audit_trail(past):
    from boostdesk.audit_log import trail
    from boostdesk.panel.past import withdraw_past_award

    pid = past.save_project(project(2016))
    record_past_award(past, pid, 10 * WAN, date(2016, 12, 20))
    withdraw_past_award(past, pid, "档次录错")
    [line] = [x for x in trail(past, application=(PROJECT, pid))
              if x.action == "撤销补录的往年结果"]
    assert "核准 → 未获助推" in line.details and "档次录错" in line.details


def test_a_year_with_an_adopted_proposal_is_refused_until_it_is_withdrawn(past):
    pid = past.save_project(project(2016))
    past.conn.execute("INSERT INTO proposals (project_id, campaign_id, amount_fen, adopted_at)"
                      " VALUES (?, ?, NULL, '2026-12-01T10:00:00')", (pid, past.campaign_id(2016)))
    with pytest.raises(PanelError, match="“专家评审 → 排名与档次”中的“撤回拟助推名单”）$"):
        record_past_award(past, pid, 5 * WAN, date(2016, 12, 20))


def _with_2016(tmp_path: Path, *titles: str) -> Path:
    db = tmp_path / "register.db"
    reg = Register.open(db, "测试员")
    reg.save_campaign(plan_2022().for_year(2016))
    for i, title in enumerate(titles):
        reg.save_project(project(2016, title, studio=f"第{i}职工创新工作室"))
    reg.close()
    return db


def test_a_past_years_list_is_recorded_from_a_csv_all_at_once(tmp_path, capsys):
    db = _with_2016(tmp_path, "数控机床精度补偿", "空调机组变频改造")
    listed = tmp_path / "2016.csv"
    listed.write_text("项目,档次（元）,核准日期,说明\n数控机床精度补偿,50000,2016-12-20,京工发〔2016〕12号\n"
                      "2,\"100,000\",2016-12-20,\n", encoding="utf-8-sig")
    code, out, err = _cli(db, ["panel", "record-past", "--year", "2016", "--list", str(listed)],
                          capsys)
    assert code == 0, err
    assert "已补录 2016 年度 2 项核准助推，合计 ¥150,000.00" in out
    reg = Register.open(db, "测试员")
    assert [(a.title, a.status, a.award_fen) for a in reg.projects(2016)] == [
        ("数控机床精度补偿", "approved", 5 * WAN), ("空调机组变频改造", "approved", 10 * WAN)]
    reg.close()


def test_a_list_with_a_wrong_line_stores_nothing_and_names_every_wrong_line(tmp_path, capsys):
    db = _with_2016(tmp_path, "数控机床精度补偿", "空调机组变频改造", "焊接机器人")
    listed = tmp_path / "2016.csv"
    listed.write_text("数控机床精度补偿,50000,2016-12-20\n空调机组变频改造,5000,2016-12-20\n"
                      "焊接机器人,30000,2099-01-01\n", encoding="utf-8")
    code, _out, err = _cli(db, ["panel", "record-past", "--year", "2016", "--list", str(listed)],
                           capsys)
    assert code == 1
    assert "第 2 行" in err and "不是 2016 年度计划的助推档次" in err
    assert "第 3 行" in err and "在今天之后" in err and "全部未保存" in err
    listed.write_text("数控机床精度补偿,50000,2016-12-20\n没有这个项目,50000,2016-12-20\n",
                      encoding="utf-8")
    code, _out, err = _cli(db, ["panel", "record-past", "--year", "2016", "--list", str(listed)],
                           capsys)
    assert code != 0 and "第 2 行" in err and "没有名称含“没有这个项目”的项目" in err
    reg = Register.open(db, "测试员")
    assert {a.status for a in reg.projects(2016)} == {"registered"}
    reg.close()
