"""待办 (boostdesk.todo): a clerk back from leave asks what is open today in every year of
the register — each kind counted, its money to the fen, the most overdue and oldest first,
and where to do it. Before, nothing said it: it was spread over five screens and two years."""

from __future__ import annotations

import json
from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.demo import fill_demo
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.todo import todo_list

DAY = date(2023, 3, 10)  # the demo's day (ui.screenshots.DEMO_DAY)


@pytest.fixture
def demo(reg):
    fill_demo(reg)
    return reg


def _group(todo, key):
    g = todo.group(key)
    assert g is not None, f"{key} not in {[x.kind.key for x in todo.groups]}"
    return g


def test_an_earlier_year_s_overdue_rest_comes_first_with_its_days_and_money(demo):
    todo = todo_list(demo, DAY)
    g = _group(todo, "payment_overdue")
    assert todo.groups[0] is g  # money already late leads the list
    first = g.items[0]
    assert (first.year, first.ref, first.day, first.days) == (2021, "项目2", date(2023, 1, 2), 67)
    assert first.overdue and "尾款" in first.todo and "已逾期 67 天" in first.todo
    assert g.amount_fen == sum(i.amount_fen for i in g.items) == 12_000_00
    assert first.screen == "拨付" and "登记拨付" in first.where


def test_a_payment_due_within_two_weeks_is_said_due_soon_not_plain_due(demo):
    todo = todo_list(demo, DAY)
    soon = _group(todo, "payment_due_soon")
    assert soon.items[0].day == date(2023, 3, 15) and soon.items[0].when == "还有 5 天"
    assert all(0 < (i.day - DAY).days <= 14 for i in soon.items)
    # nothing of the demo falls due later than two weeks after its day (it accepts no
    # 2022 project by then, so no 尾款 is planned): ten days before it, its first
    # tranches (due 2023-03-18) are plainly due
    earlier = date(2023, 3, 1)
    due = _group(todo_list(demo, earlier), "payment_due")
    assert due.items and all((i.day - earlier).days > 14 for i in due.items)
    assert not any(i.overdue for i in soon.items + due.items)


def test_an_overdue_completion_says_the_days_and_a_near_one_is_due_soon(demo):
    late = _group(todo_list(demo, DAY), "completion_overdue").items[0]
    assert (late.ref, late.year, late.days) == ("项目3", 2021, 12)
    assert "已逾期 12 天仍未结题验收" in late.todo and late.overdue
    earlier = todo_list(demo, date(2023, 1, 10))  # 47 days before its latest date
    assert earlier.group("completion_overdue") is None
    soon = _group(earlier, "completion_due_soon").items[0]
    assert soon.ref == "项目3" and soon.when == "还有 47 天" and not soon.overdue


def test_an_open_objection_and_an_ended_publicity_are_listed_with_their_day(demo):
    todo = todo_list(demo, DAY)
    objection = _group(todo, "objection_open").items[0]
    assert objection.ref == "项目15" and objection.screen == "公示"
    assert "2022-12-29 收到" in objection.todo and objection.amount_fen == 30_000_00
    ended = _group(todo, "publicity_ended").items[0]
    assert ended.ref == "第2批公示" and "2023-01-02 起可结束公示" in ended.todo
    # the batch's money is what 结束公示 approves: 项目15's ¥30,000 is 异议待处理's alone
    assert ended.amount_fen == 80_000_00 and ended.period_id is not None
    # before the period ends there is nothing to close
    assert todo_list(demo, date(2022, 12, 30)).group("publicity_ended") is None


def test_papers_at_the_desk_by_kind_oldest_first_with_what_they_lack(demo):
    todo = todo_list(demo, DAY)
    late = _group(todo, "late_papers").items[0]
    assert late.ref == "专利62" and "晚于报送截止日 2022-11-01" in late.todo
    incomplete = _group(todo, "incomplete")
    # what each lacks, from its findings: a blank union card among them (一（二）2: 待补)
    assert any("缺企业应用证明" in i.todo for i in incomplete.items)
    assert any("工会会员互助服务卡号" in i.todo for i in incomplete.items)
    waiting = _group(todo, "awaiting_qualification").items
    assert [i.day for i in waiting] == sorted(i.day for i in waiting)
    approval = _group(todo, "awaiting_approval")
    assert approval.amount_fen == approval.count * 3000_00  # the year's patent award
    assert "核准" in approval.items[0].where
    # a project waits at 专家评审's 资格审核, a patent at 专利助推
    streams = {i.stream: (i.screen, i.tab) for g in todo.groups for i in g.items
               if g.kind.key == "awaiting_qualification"}
    assert streams.get(PATENT) == ("专利助推", "")
    if PROJECT in streams:
        assert streams[PROJECT] == ("专家评审", "资格审核")


def test_scores_not_returned_are_counted_by_expert(demo):
    g = _group(todo_list(demo, DAY), "scores_missing")
    assert g.count == len(g.items) and g.more == 0
    assert all("个项目的评分未交回" in i.todo for i in g.items)
    assert g.items[0].tab == "评分包"


def test_a_returned_transfer_is_owed_again_and_leaves_the_plain_lists(demo, tmp_path, capsys):
    before = todo_list(demo, DAY)
    line = before.group("payment_due_soon").items[0]
    demo.close()
    db = str(demo.path)
    assert main(["pay", "mark", str(line.line_id), "--date", "2023-03-01", "--voucher", "记-1",
                 "--db", db]) == 0
    assert main(["pay", "return", str(line.line_id), "--date", "2023-03-08",
                 "--reason", "收款卡已销户", "--db", db]) == 0
    capsys.readouterr()
    from boostdesk.models.register import Register

    with Register.open(db, "测试员") as reg:
        todo = todo_list(reg, DAY)
    # the closed card still on the paper: the card to correct first (or confirm), not a
    # line to pay
    stale = _group(todo, "payment_card_stale").items
    assert [i.line_id for i in stale] == [line.line_id]
    assert "2023-03-08 退回（收款卡已销户）" in stale[0].todo and "卡号至今未更正" in stale[0].todo
    assert "确认原卡号重拨" in stale[0].where and "工会会员互助服务卡号" in stale[0].where
    assert line.line_id not in {i.line_id for g in todo.groups for i in g.items
                                if g.kind.key != "payment_card_stale"}
    assert main(["pay", "keep-card", str(line.line_id), "--reason", "银行系统故障", "--db", db]) == 0
    with Register.open(db, "测试员") as reg:
        todo = todo_list(reg, DAY)
    returned = _group(todo, "payment_returned").items
    assert [i.line_id for i in returned] == [line.line_id]
    assert "2023-03-08 退回（收款卡已销户）" in returned[0].todo
    assert line.line_id not in {i.line_id for g in todo.groups for i in g.items
                                if g.kind.key != "payment_returned"}


def test_the_other_steps_an_experienced_clerk_expects(demo):
    """Qualified projects without experts, an adopted list not published, a revoked
    award's money to recover: each its kind (set up in the register as those writes
    leave it)."""
    reg = demo
    pid = reg.scalar("SELECT id FROM project_applications WHERE status = 'registered'"
                     " ORDER BY id LIMIT 1")
    with reg.transaction():
        reg.conn.execute("UPDATE project_applications SET status = 'qualified' WHERE id = ?",
                         (pid,))
        reg.conn.execute("DELETE FROM assignments WHERE project_id = ?", (pid,))
        reg.conn.execute(
            "INSERT INTO recoveries (stream, application_id, from_status, decided_on, reason)"
            " VALUES ('patent', 1, 'paid', '2023-03-01', '专利权被宣告无效')")
        reg.conn.execute("INSERT INTO recovery_payers (recovery_id, payer, amount_fen)"
                         " VALUES (last_insert_rowid(), 'federation', 150000)")
    # the demo's own: four projects qualified with no experts yet, a list adopted unpublished
    before = _group(todo_list(reg, DAY), "adopted_unpublished")
    assert before.count == 1 and before.amount_fen == 110_000_00  # one list, 3 projects
    todo = todo_list(reg, DAY)
    assert f"项目{pid}" in [i.ref for i in _group(todo, "experts_unassigned").items]
    assert _group(todo, "experts_unassigned").count == 5
    recover = _group(todo, "to_recover")
    assert recover.amount_fen == 1500_00 and "应追回" in recover.items[0].todo
    # returned in instalments (migration 26): what is still owed, until nothing is
    with reg.transaction():
        reg.conn.execute("INSERT INTO recovery_instalments (recovery_id, payer, amount_fen,"
                         " recovered_date, voucher) SELECT id, 'federation', 100000,"
                         " '2023-03-05', '收-7' FROM recoveries")
    recover = _group(todo_list(reg, DAY), "to_recover")
    assert recover.amount_fen == 500_00
    assert "已追回 ¥1,000.00，尚欠 ¥500.00" in recover.items[0].todo
    with reg.transaction():
        reg.conn.execute("INSERT INTO recovery_instalments (recovery_id, payer, amount_fen,"
                         " recovered_date, voucher) SELECT id, 'federation', 50000,"
                         " '2023-03-06', '收-9' FROM recoveries")
    assert todo_list(reg, DAY).group("to_recover") is None
    with reg.transaction():
        reg.conn.execute("UPDATE project_applications SET status = 'proposed' WHERE id = ?",
                         (pid,))
        reg.conn.execute("INSERT INTO proposals (project_id, campaign_id, amount_fen,"
                         " adopted_at) SELECT id, campaign_id, 3000000, '2023-03-09T10:00:00'"
                         " FROM project_applications WHERE id = ?", (pid,))
    unpublished = _group(todo_list(reg, DAY), "adopted_unpublished")
    assert unpublished.count == before.count  # the same list, one more project
    assert unpublished.amount_fen == before.amount_fen + 30_000_00
    assert all("尚未公示" in i.todo for i in unpublished.items)


def test_counts_and_money_are_whole_when_items_are_limited(demo):
    full = todo_list(demo, DAY, limit=None)
    short = todo_list(demo, DAY, limit=1)
    none = todo_list(demo, DAY, limit=0)
    assert [(g.kind.key, g.count, g.amount_fen) for g in short.groups] == [
        (g.kind.key, g.count, g.amount_fen) for g in full.groups]
    assert all(len(g.items) == min(1, g.count) for g in short.groups)
    assert all(not g.items for g in none.groups) and none.count == full.count
    assert full.status_line() == f"待办 {full.count} 项，其中逾期 {full.overdue} 项（Ctrl+0）"


def test_cli_todo_lists_and_writes_json(demo, capsys):
    demo.close()
    db = str(demo.path)
    assert main(["todo", "--date", "2023-03-10", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("截至 2023-03-10：待办 ")
    assert "【逾期未拨付 2 项 · ¥12,000.00】" in out and f"boostdesk --db {db} pay mark" in out
    assert main(["todo", "--date", "2023-03-10", "--json", "--db", db]) == 0
    data = json.loads(capsys.readouterr().out)
    overdue = next(g for g in data["groups"] if g["kind"] == "payment_overdue")
    assert overdue["amount_fen"] == 12_000_00 and overdue["amount"] == "¥12,000.00"
    assert overdue["items"][0]["ref"] == "项目2" and overdue["items"][0]["days"] == 67
    assert main(["todo", "--date", "3月10日", "--db", db]) == 1
    assert "--date 应写成 YYYY-MM-DD" in capsys.readouterr().err


def test_a_plan_change_s_paid_and_held_awards_all_wait_for_a_decision(demo, capsys):
    """A plan change turns paid awards 不合格: a fully paid patent (nothing unpaid) and a
    project whose only unpaid 尾款 waits for its acceptance were listed nowhere / only as
    an acceptance to record — which would accept an award now failing."""
    from boostdesk.models.register import Register

    demo.close()
    assert main(["campaign", "set", "budget_cap_percent=25", "grant_window_start=2021-04-01",
                 "--yes", "--db", str(demo.path)]) == 0
    capsys.readouterr()
    reg = Register.open(demo.path, operator="测试员")
    try:
        todo = todo_list(reg, DAY)
        held = {i.ref for i in _group(todo, "award_held").items}
        assert "项目7" in held  # 首笔拨付, its 尾款 held and waiting for the acceptance
        paid = _group(todo, "paid_refused")
        assert {i.ref for i in paid.items} == {"专利33", "专利34"}
        assert paid.amount_fen == 6_000_00 and not held & {"专利33", "专利34"}
        item = paid.items[0]
        assert "已全部拨付 ¥3,000.00" in item.todo and "撤销助推" in item.todo
        assert item.screen == "专利助推" and item.app_id in (33, 34)
        later = todo_list(reg, date(2024, 12, 1))  # 项目7 past its completion date
        late = next(i for g in later.groups for i in g.items
                    if i.ref == "项目7" and g.kind.key.startswith("completion"))
        assert late.todo.startswith("该项目暂缓拨付")
    finally:
        reg.close()


def test_a_late_paper_lacking_materials_says_what_it_lacks(reg):
    """Listed under late papers and so not under 待补材料, it said only 是否受理."""
    from dataclasses import replace

    from boostdesk.rules import refresh
    from tests.test_panel_support import make_project

    app_id = make_project(reg, "逾期项目", "甲工作室", received=date(2023, 3, 3))
    reg.save_project(replace(reg.project(app_id), materials={}))
    refresh(reg, 2022)
    [item] = _group(todo_list(reg, DAY), "late_papers").items
    assert item.app_id == app_id and "是否受理由审核人决定" in item.todo
    assert "；且待补材料：材料未齐：缺申报书、企业立项文件" in item.todo, item.todo


def test_a_paper_refused_by_the_rules_waits_for_the_reviewer_not_for_materials(reg, capsys):
    """A patent sent again (同一专利不能重复申报) lacking its materials was listed under 待补材料
    with 请推荐单位补报 — though `boostdesk check` says 不合格 and no material makes it good.
    待办 follows check's verdict: listed for the reviewer's 资格审核不通过 and the union told."""
    from test_rules_years import patent

    from boostdesk.rules import recheck

    first = reg.save_patent(patent(2022))
    again = reg.save_patent(patent(2022, inventor_name="李四", id_number="110105198507070024",
                                   materials={}))
    recheck(reg)
    main(["check", "--db", str(reg.path), "--year", "2022"])
    checked = capsys.readouterr().out
    assert f"专利 {patent(2022).patent_number_raw} 李四 不合格" in checked, checked
    todo = todo_list(reg, DAY)
    assert todo.group("incomplete") is None, [i.ref for i in todo.group("incomplete").items]
    [item] = _group(todo, "refused_undecided").items
    assert (item.app_id, item.year) == (again, 2022) and item.app_id != first
    assert "同一专利不能重复申报" in item.todo and "请推荐单位补报" not in item.todo
    assert "资格审核不通过" in item.todo and "资格审核不通过" in item.where
    assert _group(todo, "awaiting_qualification").items[0].app_id == first
    main(["todo", "--db", str(reg.path), "--date", DAY.isoformat()])
    out = capsys.readouterr().out
    assert "【核对不合格待审核决定 1 项】" in out and "【待补材料" not in out, out


def test_an_overdue_completion_counts_the_rest_it_gates_not_the_first_tranche_again(demo):
    """项目4's first tranche is unpaid and overdue (listed under 逾期未拨付); its acceptance
    gates only its 尾款: the kind's money is what `pay list` calls 待验收, each sum once."""
    later = date(2026, 12, 6)
    todo = todo_list(demo, later, limit=None)
    item = next(i for i in _group(todo, "completion_overdue").items if i.ref == "项目4")
    assert item.amount_fen == 40_000_00  # 尾款 2 × ¥20,000.00, not the award's ¥100,000.00
    waiting = demo.scalar("SELECT SUM(p.amount_fen) FROM payments p JOIN project_applications a"
                          " ON a.id = p.application_id WHERE p.stream = 'project'"
                          " AND p.tranche > 1 AND p.paid_date IS NULL AND a.accepted_date IS NULL")
    assert _group(todo, "completion_overdue").amount_fen == waiting
