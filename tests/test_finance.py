"""Payments: plan per payer and tranche, due dates, paying, acceptance, overdue flags."""

from __future__ import annotations

from datetime import date

import pytest
from fixtures.summary_sheets import own_card
from hypothesis import given, settings
from hypothesis import strategies as st

from boostdesk.finance.acceptance import overdue_completions, record_acceptance
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.lines import AWAITING_ACCEPTANCE, DUE, OVERDUE, PAID
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import planned_rows, sync_if_writable, sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.terms import PAYERS, add_months, federation_name
from boostdesk.models import CITY, DISTRICT, PatentApplication, ProjectApplication, plan_2022
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.money import split_by_ratio, tranche_amounts
from boostdesk.rules import check_project_draft

WAN = 10_000_00


def card_of(id_number: str) -> str:
    """Each person's own card (one card for two people is UNION_CARD_SHARED): the default
    张三's is 6214830112341234, as tests print it."""
    return "6214830112341234" if id_number == "11010519491231002X" else own_card(id_number)


def add_patent(reg, name="张三", id_number="11010519491231002X", unit="海淀区总工会",
               award=3000_00, approved=date(2022, 12, 15), number="ZL202110123456.7") -> int:
    app_id = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种测试方法", patent_number_raw=number,
        grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number,
        card_number=card_of(id_number), unit_name=unit, enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True,
    ))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=award, approved_date=approved)
    return app_id


def add_project(reg, studio="李红兵劳模创新工作室", level=CITY, award=10 * WAN,
                unit="首钢集团工会", approved=date(2022, 12, 28), year=2022,
                approval=date(2022, 3, 5), title="转炉炼钢终点碳温预测模型开发",
                status="approved") -> int:
    app_id = reg.save_project(ProjectApplication(
        campaign_year=year, title=title, studio_name=studio, studio_level=level,
        leader="李红兵", unit_name=unit, enterprise_name="首钢智能装备制造有限公司",
        approval_date=approval, startup_funds_paid=True,
        planned_completion=date(approval.year + 1, 11, 30), total_budget_fen=award * 3,
        requested_fen=award,
    ))
    path = ("qualified", "review", "proposed", "publicized", "approved")
    for step in path[: path.index(status) + 1] if status in path else ():
        fields = {"award_fen": award, "approved_date": approved} if step == "approved" else {}
        reg.set_status(PROJECT, app_id, step, **fields)
    return app_id


def lines_of(reg, stream, app_id):
    return [x for x in payment_lines(reg, 2022, stream=stream) if x.app_id == app_id]


# -- the plan adds up to the fen ---------------------------------------------------------
def test_each_payers_amounts_add_up_to_the_awards_to_the_fen_for_every_tranche(reg):
    ids = {
        (PATENT, add_patent(reg)): None,
        (PATENT, add_patent(reg, "李四", "110108198506123146", "朝阳区总工会",
                            award=3000_01, number="ZL202120987654.3")): None,
        (PROJECT, add_project(reg)): CITY,
        (PROJECT, add_project(reg, "数控加工技能大师工作室", DISTRICT, 30_000_01, "海淀区总工会",
                              title="五轴数控加工程序优化")): DISTRICT,
    }
    sync_plan(reg, 2022)
    c = reg.campaign(2022)
    for (stream, app_id), level in ids.items():
        award = reg.application(stream, app_id).award_fen
        lines = lines_of(reg, stream, app_id)
        assert sum(x.amount_fen for x in lines) == award
        shares = (100,) if stream == PATENT else c.tranche_shares
        ratio = c.patent_split if stream == PATENT else c.project_split[level]
        for t, expected in enumerate(tranche_amounts(award, shares), start=1):
            assert sum(x.amount_fen for x in lines if x.tranche == t) == expected
        for k, payer in enumerate(PAYERS):
            assert sum(x.amount_fen for x in lines if x.payer == payer) == \
                split_by_ratio(award, ratio)[k]


def test_district_project_first_tranche_is_six_and_twelve_thousand(reg):
    app_id = add_project(reg, "数控加工技能大师工作室", DISTRICT, 3 * WAN, "海淀区总工会")
    sync_plan(reg, 2022)
    got = {(x.tranche, x.payer_name): x.amount_fen for x in lines_of(reg, PROJECT, app_id)}
    assert got == {
        (1, "北京市总工会"): 6000_00, (1, "海淀区总工会"): 12000_00,
        (2, "北京市总工会"): 4000_00, (2, "海淀区总工会"): 8000_00,
    }


@settings(max_examples=200, deadline=None)
@given(award=st.integers(0, 10**10), a=st.integers(1, 9), b=st.integers(0, 9),
       first=st.integers(1, 99))
def test_planned_rows_always_add_up(award, a, b, first):
    c = plan_2022().with_changes(project_split={CITY: (a, b), DISTRICT: (a, b)},
                                 tranche_shares=(first, 100 - first))
    rows = planned_rows(c, PROJECT, award, CITY, date(2022, 12, 28), None)
    assert sum(amount for _, _, amount, _ in rows) == award
    assert all(amount > 0 for _, _, amount, _ in rows)
    for t, expected in enumerate(tranche_amounts(award, c.tranche_shares), start=1):
        assert sum(amount for tr, _, amount, _ in rows if tr == t) == expected


def test_sync_plan_is_idempotent_and_follows_a_changed_award(reg):
    app_id = add_project(reg)
    assert len(lines_of(reg, PROJECT, app_id)) == 4  # made by the approval itself
    first = sync_plan(reg, 2022)
    assert (first.created, first.updated) == (0, 0)
    again = sync_plan(reg, 2022)
    assert (again.created, again.updated) == (0, 0)
    reg.conn.execute("UPDATE project_applications SET award_fen = ? WHERE id = ?",
                     (5 * WAN, app_id))
    changed = sync_plan(reg, 2022)
    assert changed.updated == 4
    assert sum(x.amount_fen for x in lines_of(reg, PROJECT, app_id)) == 5 * WAN


def test_sync_plan_records_as_paid_what_the_status_says_was_paid(reg):
    app_id = add_patent(reg)
    reg.set_status(PATENT, app_id, "paid")  # the move itself marks its rows
    assert all(x.paid for x in lines_of(reg, PATENT, app_id))
    marked = reg.query("SELECT operator FROM audit_events WHERE entity = 'payments' AND"
                       " json_extract(after, '$.reason') = '按申报状态补记为已拨付'")
    assert [r["operator"] for r in marked] == ["测试员", "测试员"]
    # a register whose status was moved before payments were tracked: the sync marks them
    reg.conn.execute("UPDATE payments SET paid_date = NULL")
    report = sync_plan(reg, 2022)
    assert report.marked_paid == 2
    assert all(x.paid for x in lines_of(reg, PATENT, app_id))


# -- due dates and overdue ---------------------------------------------------------------
def test_patent_is_due_three_months_after_approval_at_the_month_end():
    assert add_months(date(2022, 11, 30), 3) == date(2023, 2, 28)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    assert add_months(date(2022, 12, 15), 3) == date(2023, 3, 15)


def test_due_dates_follow_the_campaign_terms(reg):
    p = add_patent(reg, approved=date(2022, 11, 30))
    q = add_project(reg, approved=date(2022, 12, 28))
    sync_plan(reg, 2022)
    assert {x.due_date for x in lines_of(reg, PATENT, p)} == {date(2023, 2, 28)}
    proj = lines_of(reg, PROJECT, q)
    assert {x.due_date for x in proj if x.tranche == 1} == {date(2023, 3, 28)}
    assert {x.due_date for x in proj if x.tranche == 2} == {None}


def test_a_longer_payment_term_in_the_campaign_moves_the_due_date(reg):
    c = reg.campaign(2022).with_changes(patent_payment_months=6)
    reg.save_campaign(c)
    p = add_patent(reg, approved=date(2022, 12, 15))
    sync_plan(reg, 2022)
    assert {x.due_date for x in lines_of(reg, PATENT, p)} == {date(2023, 6, 15)}


def test_unpaid_line_is_overdue_the_day_after_its_due_date(reg):
    p = add_patent(reg, approved=date(2022, 12, 15))
    sync_plan(reg, 2022)
    line = lines_of(reg, PATENT, p)[0]
    assert line.state(date(2023, 3, 15)) == DUE
    assert line.state(date(2023, 3, 16)) == OVERDUE
    assert line.overdue(date(2023, 3, 16))


# -- paying ------------------------------------------------------------------------------
def test_marking_both_shares_paid_moves_the_patent_to_paid(reg):
    p = add_patent(reg)
    sync_plan(reg, 2022)
    fed, union = sorted(lines_of(reg, PATENT, p), key=lambda x: x.payer != FEDERATION)
    done = mark_paid(reg, fed.id, date(2023, 1, 10), " 记-2023-0008 ")
    assert (done.paid_date, done.voucher) == (date(2023, 1, 10), "记-2023-0008")
    assert done.state(date(2024, 1, 1)) == PAID
    assert reg.patent(p).status == "approved"  # the union has not paid yet
    mark_paid(reg, union.id, date(2023, 1, 12), "海工-0003")
    assert reg.patent(p).status == "paid"
    trail = reg.audit_trail("payments", fed.id)
    # with what was sent, how much, from whom, to which card (tests/test_payment_trail_facts.py)
    assert trail[-1]["after"] == {"paid_date": "2023-01-10", "voucher": "记-2023-0008",
                                  "payment_fen": 1500_00, "payer_name": "北京市总工会",
                                  "paid_to": "张三", "paid_card": "6214830112341234"}


def test_a_payment_cannot_be_marked_twice_or_without_a_voucher(reg):
    p = add_patent(reg)
    sync_plan(reg, 2022)
    line = lines_of(reg, PATENT, p)[0]
    with pytest.raises(FinanceError, match="凭证号"):
        mark_paid(reg, line.id, date(2023, 1, 10), "  ")
    mark_paid(reg, line.id, date(2023, 1, 10), "记-1")
    from boostdesk.safety.backup import list_backups

    kept = list_backups(reg.path)
    with pytest.raises(FinanceError, match="不能重复登记"):
        mark_paid(reg, line.id, date(2023, 1, 11), "记-2")
    assert list_backups(reg.path) == kept  # a refusal takes no good backup's place


def test_a_payment_dated_before_approval_is_refused(reg):
    p = add_patent(reg, approved=date(2022, 12, 15))
    sync_plan(reg, 2022)
    line = lines_of(reg, PATENT, p)[0]
    with pytest.raises(FinanceError, match="早于核准日期"):
        mark_paid(reg, line.id, date(2022, 12, 14), "记-1")


def test_last_tranche_waits_for_acceptance_and_acceptance_releases_it(reg):
    q = add_project(reg)
    sync_plan(reg, 2022)
    last = [x for x in lines_of(reg, PROJECT, q) if x.tranche == 2]
    assert {x.state(date(2023, 6, 1)) for x in last} == {AWAITING_ACCEPTANCE}
    with pytest.raises(FinanceError, match="尚未结题验收"):
        mark_paid(reg, last[0].id, date(2023, 6, 1), "记-9")
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-0031")
    assert reg.project(q).status == "paid_first"
    record_acceptance(reg, q, date(2023, 12, 20))
    assert reg.project(q).status == "accepted"
    assert reg.project(q).accepted_date == date(2023, 12, 20)
    last = [x for x in lines_of(reg, PROJECT, q) if x.tranche == 2]
    # the plan sets the rest no term: the campaign's months after the acceptance (3)
    assert all(x.released and x.due_date == date(2024, 3, 20) for x in last)
    assert {x.state(date(2024, 3, 20)) for x in last} == {DUE}
    with pytest.raises(FinanceError, match="早于结题验收日期 2023-12-20"):
        mark_paid(reg, last[0].id, date(2023, 12, 19), "记-2023-0099")
    for x in last:
        mark_paid(reg, x.id, date(2024, 1, 5), "记-2024-0002")
    assert reg.project(q).status == "paid_final"


# -- completion flags and the next campaign ------------------------------------------------
def test_project_past_its_latest_completion_date_without_acceptance_is_flagged(reg):
    q = add_project(reg, approval=date(2022, 3, 5))
    assert overdue_completions(reg, date(2024, 3, 5)) == []
    flags = overdue_completions(reg, date(2024, 3, 6))
    assert [(f.app_id, f.deadline, f.days_late) for f in flags] == [(q, date(2024, 3, 5), 1)]
    assert "不能申报下一年度项目" in flags[0].message


def test_accepted_project_is_not_flagged(reg):
    q = add_project(reg, approval=date(2022, 3, 5))
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-1")
    record_acceptance(reg, q, date(2023, 12, 20))
    assert overdue_completions(reg, date(2025, 1, 1)) == []


def test_studio_without_acceptance_is_blocked_next_year_until_acceptance_is_recorded(reg):
    reg.save_campaign(plan_2022().for_year(2023))
    q = add_project(reg)
    sync_plan(reg, 2022)
    draft = ProjectApplication(
        campaign_year=2023, title="新一年的项目", studio_name="李红兵劳模创新工作室",
        studio_level=CITY, approval_date=date(2023, 3, 1), startup_funds_paid=True,
        planned_completion=date(2024, 6, 30), total_budget_fen=30 * WAN, requested_fen=10 * WAN,
    )
    codes = {f.code for f in check_project_draft(reg, draft).findings}
    assert "STUDIO_HAS_UNFINISHED_AWARD" in codes
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-1")
    record_acceptance(reg, q, date(2023, 10, 20))  # before 2023's papers are due (11-01)
    codes = {f.code for f in check_project_draft(reg, draft).findings}
    assert "STUDIO_HAS_UNFINISHED_AWARD" not in codes


def test_acceptance_of_a_project_not_awarded_is_refused(reg):
    q = add_project(reg, status="review")
    with pytest.raises(FinanceError, match="只有已核准助推的项目"):
        record_acceptance(reg, q, date(2023, 12, 20))


# -- names ---------------------------------------------------------------------------------
def test_federation_name_comes_from_the_campaign_title():
    assert federation_name(plan_2022()) == "北京市总工会"
    other = plan_2022().with_changes(title="天津市总工会 2023 年职工创新助推计划")
    assert federation_name(other) == "天津市总工会"
    # A title naming no federation (stored before 设置 refused one) names no city either:
    # another federation's sheets were stamped 北京市总工会.
    assert federation_name(plan_2022().with_changes(title="职工创新助推计划")) == "市总工会"


def test_a_register_open_read_only_is_read_as_it_stands(reg):
    add_patent(reg)
    reg.conn.execute("DELETE FROM payments")  # as an older BoostDesk left it: no plan yet
    reg.read_only = True  # another BoostDesk holds the write lock
    assert sync_if_writable(reg, 2022).created == 0
    assert payment_lines(reg, 2022) == []
    reg.read_only = False
    assert sync_if_writable(reg, 2022).created == 2


def test_a_last_tranche_waiting_for_acceptance_is_named_when_nothing_can_be_listed(reg, capsys):
    from boostdesk.cli import main

    add_project(reg)
    sync_plan(reg, 2022)
    assert main(["print", "payments", "--tranche", "2", "--db", str(reg.path),
                 "--out", str(reg.path.parent / "p.pdf")]) == 1
    assert "1 个项目的 2 笔尾款待结题验收后方可拨付" in capsys.readouterr().err


def test_a_level_changed_after_payment_began_does_not_re_split_what_is_owed(reg):
    """方案二（三）: a 市级 award is split 1:1; the studio later corrected to 区级 (1:2) in its
    own edit must not turn the unpaid rest into a 1:2 split beside a 1:1 first payment."""
    app_id = add_project(reg, award=10 * WAN)
    sync_plan(reg, 2022)
    first = [x for x in lines_of(reg, PROJECT, app_id) if x.tranche == 1]
    mark_paid(reg, first[0].id, date(2023, 2, 1), "记-1")
    before = {(x.tranche, x.payer): x.amount_fen for x in lines_of(reg, PROJECT, app_id)}
    studio = reg.project(app_id).studio_id
    name, unit, enterprise = reg.conn.execute(
        "SELECT name, unit_id, enterprise_id FROM studios WHERE id = ?", (studio,)).fetchone()
    # its payee kept: a paid award's enterprise cannot move (test_ui_corrections)
    reg.ensure_studio(name, DISTRICT, unit, enterprise, "李红兵", None, exact=True)
    sync_plan(reg, 2022)
    after = {(x.tranche, x.payer): x.amount_fen for x in lines_of(reg, PROJECT, app_id)}
    assert after == before and sum(after.values()) == 10 * WAN


# -- a changed plan leaves no stale rows ------------------------------------------------------
@pytest.mark.parametrize(("before", "after"), [
    ((55, 45), (100,)), ((55, 45), (100, 0)), ((50, 30, 20), (55, 45)),
])
def test_rows_the_changed_plan_no_longer_has_go_so_the_award_adds_up(reg, before, after):
    """二（四）4: an award's payments add up to the award, however often the tranche shares
    were edited before any money moved."""
    reg.save_campaign(reg.campaign(2022).with_changes(tranche_shares=before))
    app_id = add_project(reg, award=10 * WAN + 1)
    sync_plan(reg, 2022)
    reg.save_campaign(reg.campaign(2022).with_changes(tranche_shares=after))  # re-plans
    lines = lines_of(reg, PROJECT, app_id)
    assert sum(x.amount_fen for x in lines) == 10 * WAN + 1
    assert {x.tranche for x in lines} == set(range(1, len([s for s in after if s]) + 1))
    deleted = reg.query("SELECT count(*) AS n FROM audit_events WHERE entity = 'payments'"
                        " AND action = 'delete'")[0]["n"]
    assert deleted == 2 * (len(before) - len([s for s in after if s]))
    report = sync_plan(reg, 2022)
    assert (report.created, report.updated, report.removed) == (0, 0, 0)


def test_a_payer_who_has_paid_more_than_its_share_is_owed_nothing_more(reg):
    """An award cut after the federation paid its first tranche: the federation's rest
    goes (and the paid row is reported), the union's rows come to its new share."""
    app_id = add_project(reg, award=10 * WAN)
    sync_plan(reg, 2022)
    fed_first = next(x for x in lines_of(reg, PROJECT, app_id)
                     if x.tranche == 1 and x.payer == FEDERATION)
    mark_paid(reg, fed_first.id, date(2023, 2, 1), "记-1")  # 30,000.00
    reg.conn.execute("UPDATE project_applications SET award_fen = ? WHERE id = ?",
                     (5 * WAN, app_id))
    report = sync_plan(reg, 2022)
    lines = lines_of(reg, PROJECT, app_id)
    fed = [x for x in lines if x.payer == FEDERATION]
    union = [x for x in lines if x.payer != FEDERATION]
    assert [(x.tranche, x.amount_fen, x.paid) for x in fed] == [(1, 3 * WAN, True)]
    assert sum(x.amount_fen for x in union) == 2 * WAN + 5000_00
    assert any("已拨付 ¥30,000.00" in c for c in report.conflicts)
    # named as every message names an application (it said 创新项目助推（登记号 1）)
    assert any(f"（项目{app_id}）" in c for c in report.conflicts)


def test_acceptance_dated_before_a_late_first_tranche_is_recorded_on_its_day(reg):
    """二（四）4 ties only the rest to the acceptance: a first tranche paid late (after the
    acceptance) does not move the acceptance's day (tests/test_acceptance_order.py)."""
    q = add_project(reg)
    sync_plan(reg, 2022)
    for day, x in zip((date(2023, 3, 1), date(2023, 3, 5)),
                      [x for x in lines_of(reg, PROJECT, q) if x.tranche == 1], strict=True):
        mark_paid(reg, x.id, day, "记-1")
    record_acceptance(reg, q, date(2023, 3, 2))
    assert reg.project(q).status == "accepted"
    assert reg.project(q).accepted_date == date(2023, 3, 2)


def test_a_studio_promoted_later_does_not_re_split_its_earlier_unpaid_award(reg):
    """方案二（三）: a 区级 award splits 1:2 and its approval sheet is stamped so. The studio is
    one record across years; promoted to 市级 for a new year, nothing of the earlier award
    paid yet, the award keeps the level it was made at, in the payments and on the sheet."""
    from boostdesk.printing.approval import load_sheets

    app_id = add_project(reg, level=DISTRICT, award=3 * WAN)
    sync_plan(reg, 2022)
    before = {(x.tranche, x.payer): x.amount_fen for x in lines_of(reg, PROJECT, app_id)}
    assert before[(1, "federation")] * 2 == before[(1, "union")]
    name = reg.scalar("SELECT s.name FROM studios s JOIN project_applications a"
                      " ON a.studio_id = s.id WHERE a.id = ?", (app_id,))
    reg.ensure_studio(name, CITY, None, None, "李红兵", None, exact=True)
    sync_plan(reg, 2022)
    assert {(x.tranche, x.payer): x.amount_fen for x in lines_of(reg, PROJECT, app_id)} == before
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == app_id and s.stream == PROJECT]
    assert sheet.app.studio_level == DISTRICT
    assert [sum(row[k] for row in sheet.matrix) for k in (0, 1)] == [1 * WAN, 2 * WAN]


@pytest.mark.parametrize("how", ["form", "table"])
def test_a_studio_paid_in_2022_applies_in_2023_from_its_new_enterprise(reg, how):
    """The studio has moved to another enterprise by 2023: its 2023 paper (typed, or a
    unit's table) says so and is registered (it was refused: 已拨付的款项不能改到另一个名下);
    the 2022 award, fully paid, stays listed as paid to the old one, and an award made
    on the 2023 paper is paid to the new one."""
    reg.save_campaign(plan_2022().for_year(2023))
    old = add_project(reg)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, old):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-1")
    record_acceptance(reg, old, date(2023, 10, 20))
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, old):
        if x.tranche == 2:
            mark_paid(reg, x.id, date(2023, 10, 30), "记-2")
    paper = ProjectApplication(
        campaign_year=2023, title="新一年的项目", studio_name="李红兵劳模创新工作室",
        studio_level=CITY, leader="李红兵", unit_name="首钢集团工会",
        enterprise_name="首钢京唐钢铁联合有限责任公司", approval_date=date(2023, 3, 1),
        startup_funds_paid=True, planned_completion=date(2024, 6, 30),
        total_budget_fen=30 * WAN, requested_fen=10 * WAN)
    new = (reg.save_project(paper) if how == "form" else reg.insert_projects([paper])[0].id)
    assert reg.project(new).enterprise_name == "首钢京唐钢铁联合有限责任公司"
    assert reg.project(old).enterprise_name == "首钢智能装备制造有限公司"
    assert {x.payee for x in lines_of(reg, PROJECT, old)} == {"首钢智能装备制造有限公司"}
    for step in ("qualified", "review", "proposed", "publicized"):
        reg.set_status(PROJECT, new, step)
    reg.set_status(PROJECT, new, "approved", award_fen=10 * WAN, approved_date=date(2023, 12, 28))
    sync_plan(reg, 2023)
    assert {x.payee for x in payment_lines(reg, 2023, stream=PROJECT)} == {
        "首钢京唐钢铁联合有限责任公司"}


# -- a payment recorded by mistake ------------------------------------------------------
def test_a_payment_recorded_against_the_wrong_line_is_cancelled_and_listed_again(reg):
    """The clerk marked 张三's union share paid instead of 李四's: it left the union's list,
    so 张三 would never be paid. 撤销拨付登记 (with a reason) lists it again; the patent,
    paid in full by then, is 核准 again — and the right line is then marked."""
    from boostdesk.finance.cancel import cancel_payment

    zhang = add_patent(reg)
    li = add_patent(reg, name="李四", id_number="110108198506123146", number="ZL202120987654.3")
    sync_plan(reg, 2022)
    fed, union = lines_of(reg, PATENT, zhang)
    mark_paid(reg, fed.id, date(2023, 1, 10), "记-2023-0008")
    mark_paid(reg, union.id, date(2023, 1, 10), "记-2023-0009")  # meant for 李四
    assert reg.patent(zhang).status == "paid"
    with pytest.raises(FinanceError, match="理由"):
        cancel_payment(reg, union.id, " ")
    line = cancel_payment(reg, union.id, "误选收款人，应为李四")
    assert not line.paid and line.voucher == ""
    assert reg.patent(zhang).status == "approved"
    assert reg.status_history(PATENT, zhang)[-1]["reason"] == "撤销拨付登记：误选收款人，应为李四"
    sync_plan(reg, 2022)  # the status no longer says paid: nothing re-marks it
    assert [x.paid for x in lines_of(reg, PATENT, zhang)] == [True, False]
    with pytest.raises(FinanceError, match="尚未登记拨付"):
        cancel_payment(reg, union.id, "再撤一次")
    mark_paid(reg, lines_of(reg, PATENT, li)[1].id, date(2023, 1, 10), "记-2023-0009")
    trail = [e for e in reg.audit_trail("payments", union.id) if e["action"] == "update"]
    assert "误选收款人" in trail[-1]["after"]["reason"]


def test_a_first_tranche_cannot_be_cancelled_once_acceptance_rests_on_it(reg):
    from boostdesk.finance.acceptance import record_acceptance
    from boostdesk.finance.cancel import cancel_payment

    app_id = add_project(reg)
    sync_plan(reg, 2022)
    first = [x for x in lines_of(reg, PROJECT, app_id) if x.tranche == 1]
    for x in first:
        mark_paid(reg, x.id, date(2023, 2, 1), "记-1")
    assert reg.project(app_id).status == "paid_first"
    record_acceptance(reg, app_id, date(2023, 12, 1))
    with pytest.raises(FinanceError, match="结题验收"):
        cancel_payment(reg, first[0].id, "日期写错")
    rest = [x for x in lines_of(reg, PROJECT, app_id) if x.tranche == 2]
    for x in rest:
        mark_paid(reg, x.id, date(2023, 12, 5), "记-2")
    assert reg.project(app_id).status == "paid_final"
    cancel_payment(reg, rest[1].id, "凭证号写错")
    assert reg.project(app_id).status == "accepted"
    mark_paid(reg, rest[1].id, date(2023, 12, 5), "记-3")
    assert reg.project(app_id).status == "paid_final"


def test_a_cancelled_mark_is_in_the_applications_payment_history(reg):
    from boostdesk.finance.cancel import cancel_payment
    from boostdesk.finance.mark_history import paid_marks

    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    fed = lines_of(reg, PATENT, app_id)[0]
    mark_paid(reg, fed.id, date(2023, 1, 10), "记-2023-0008")
    cancel_payment(reg, fed.id, "凭证号写错")
    marks = paid_marks(reg, PATENT, app_id)
    assert [(m["paid_date"], m["voucher"]) for m in marks] == [("2023-01-10", "记-2023-0008"),
                                                               (None, "")]
    assert marks[-1]["reason"] == "撤销拨付登记：凭证号写错"


def test_a_cancelled_first_payment_leaves_the_award_following_its_studio_again(reg):
    """The first tranche was marked paid by mistake, then the studio's enterprise was
    corrected on 工作室: once the mark is cancelled the award is paid to the corrected
    enterprise (kept to the old one, the lists would name where nothing was paid)."""
    from boostdesk.finance.cancel import cancel_payment

    app_id = add_project(reg)
    sync_plan(reg, 2022)
    first = [x for x in lines_of(reg, PROJECT, app_id) if x.tranche == 1]
    mark_paid(reg, first[0].id, date(2023, 2, 1), "记-1")
    cancel_payment(reg, first[0].id, "误选收款人")
    name, unit = reg.conn.execute("SELECT name, unit_id FROM studios").fetchone()
    moved = reg.ensure_enterprise("首钢京唐钢铁联合有限责任公司")
    reg.ensure_studio(name, CITY, unit, moved, "李红兵", True, exact=True)
    assert reg.project(app_id).enterprise_name == "首钢京唐钢铁联合有限责任公司"
    assert {x.payee for x in lines_of(reg, PROJECT, app_id)} == {"首钢京唐钢铁联合有限责任公司"}


def test_a_patent_approved_without_a_card_number_is_not_marked_paid_until_one_is_given(reg):
    """核准 despite 待补材料 (a reason given) with the card still missing: the award goes onto
    the member's card, so no payment is recorded against （未登记卡号）; once the card is
    typed in, it is."""
    from dataclasses import replace

    app_id = add_patent(reg)
    # the paper as typed without a card, its inventor having none on record either
    reg.conn.execute("UPDATE patent_applications SET card_number = '' WHERE id = ?", (app_id,))
    sync_plan(reg, 2022)
    line = lines_of(reg, PATENT, app_id)[0]
    with pytest.raises(FinanceError, match="未登记工会会员互助服务卡号"):
        mark_paid(reg, line.id, date(2023, 1, 10), "记-1")
    reg.save_patent(replace(reg.patent(app_id), card_number="6214830112341234"))
    assert mark_paid(reg, line.id, date(2023, 1, 10), "记-1").paid


def test_payment_lines_name_the_patent_by_its_number_as_the_certificate_writes_it(reg):
    """Typed as the unit wrote it (CN2021 1 0123456.7), the number was listed so on the
    payment list while the approval sheet read ZL202110123456.7."""
    app_id = add_patent(reg, number="CN 2021 1 0123456.7")
    sync_plan(reg, 2022)
    assert {x.ref for x in lines_of(reg, PATENT, app_id)} == {"ZL202110123456.7"}


def test_a_middle_tranche_is_named_by_its_number_and_only_the_last_is_the_rest() -> None:
    from boostdesk.finance.terms import tranche_label

    assert [tranche_label("project", t, 3) for t in (1, 2, 3)] == ["首笔", "第2笔", "尾款"]
    assert [tranche_label("project", t, 2) for t in (1, 2)] == ["首笔", "尾款"]
    assert tranche_label("patent", 1, 1) == "一次拨付"
