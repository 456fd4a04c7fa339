"""The year-end statistics as the office head reads them to the leadership: why papers were
refused (by the plan's clause), the decisions by stage beside the rules' automatic check,
what is owed split as 拨付 splits it (to the fen with the 拨付 screen and `pay list`), and
the workbook's figures as numbers (unions, quotas)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
from test_statistics import demo, demo_file, demo_reg
from test_ui_support import year_context

from boostdesk.cli import main
from boostdesk.models.campaign import CLAUSES
from boostdesk.refusal_reasons import OTHER, RULES
from boostdesk.statistics import (
    count_table,
    quota_table,
    reasons_table,
    stream_table,
    year_statistics,
)

__all__ = ["demo", "demo_file", "demo_reg"]


def _rows(table):
    return {(r[0], r[1]): r for r in table.rows}


def test_refusals_are_counted_by_the_plans_clause(demo_reg):
    """“Refused and why”: each refused paper once, under the rule its reason names (a reason
    worded as a clerk words it), the undecided failing papers beside them; 小计 = the
    资格审核不通过 count; a reason no finding says under 其他（见审核理由）."""
    reg = demo_reg
    stats = year_statistics(reg, 2022)
    table = reasons_table(stats)
    rows = _rows(table)
    # the plan's 授权期间 (2023's: 2022-10-01 to 2023-09-30), not the year: 不在年度内 misread it
    assert rows[("专利助推", "方案一（二）1 授权公告日不在授权期间内")][2] == 3
    assert not any("不在年度内" in r[1] for r in table.rows if r[0] == "专利助推")
    # 该专利已于2021年度获助推，不能重复申报: its findings say the grant date and the
    # duplicate; its reason names the duplicate
    assert rows[("专利助推", "方案一（三） 同一专利重复申报或已获助推")][2] == 2
    assert rows[("创新项目助推", "方案二（三） 申请助推资金超过项目总投入的比例上限")][2] == 1
    undecided = {s: reg.scalar(f"SELECT count(*) FROM {s}_applications WHERE campaign_id = 1"
                               " AND status = 'registered' AND eligible = 0")
                 for s in ("patent", "project")}
    assert rows[("专利助推", "小计")][2:] == [stats.totals["patent"].qualification_refused,
                                              undecided["patent"]] == [10, 3]
    assert rows[("创新项目助推", "小计")][2:] == [6, undecided["project"]]
    assert table.rows[-1] == ["合计", "", 16, undecided["patent"] + undecided["project"]]

    # a refusal on facts no rule holds, and one whose reason names none of its rules
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET status = 'refused', status_reason ="
                         " '经核实申报材料不实', findings = '[]' WHERE id = (SELECT min(id) FROM"
                         " patent_applications WHERE campaign_id = 1 AND status = 'qualified')")
        reg.conn.execute("UPDATE patent_applications SET status = 'refused', status_reason ="
                         " '单位不同意推荐' WHERE id = (SELECT min(id) FROM patent_applications"
                         " WHERE campaign_id = 1 AND status = 'registered' AND findings LIKE"
                         " '%PATENT_NOT_INVENTION%')")
    rows = _rows(reasons_table(year_statistics(reg, 2022)))
    assert rows[("专利助推", OTHER)][2:] == [1, 0]
    assert rows[("专利助推", "方案一（二）1 非发明专利")][2:] == [2, 0]  # the demo refused one already
    assert rows[("专利助推", "小计")][2:] == [12, 2]


def test_every_rule_code_is_counted_under_a_clause_of_the_plan():
    """A rule added later is grouped by its clause, not lost among 其他."""
    rules = Path(__file__).parents[1] / "boostdesk" / "rules"
    made = set()
    for path in rules.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        made |= set(re.findall(r'(?:blocking|warning|missing|Finding)\(\s*"([A-Z][A-Z_]+)"', text))
    assert len(made) > 25
    known = set(RULES["patent"]) | set(RULES["project"])
    assert made - known == set()
    assert {key for stream in RULES.values() for key, _, _ in stream.values()} <= set(CLAUSES)


def test_the_decisions_by_stage_are_counted_beside_the_rules_check(demo, capsys):
    """合格 is the rules' automatic check; what passed 资格审核 is the statuses': 22 patents
    (资格审核通过 9 + 核准 7 + 已拨付 6), each status in the season's order."""
    from boostdesk.models import Register

    reg = Register.open(demo)
    try:
        stats = year_statistics(reg, 2022)
    finally:
        reg.close()
    patents = stats.totals["patent"]
    assert patents.qualified == 22 and patents.statuses["refused"] == 10
    table = stream_table(stats, "patent")
    headers = [c.header for c in table.columns]
    assert "按规则自动核对：合格" in headers and "合格" not in headers
    stages = [c.header for c in table.columns if c.key.startswith("status:")]
    assert stages == ["审核与助推阶段：" + s for s in
                      ("已登记", "资格审核通过", "资格审核不通过", "核准", "已拨付")]
    for stream in ("patent", "project"):
        for r in [*stats.rows[stream], stats.totals[stream]]:
            assert sum(r.statuses.values()) == r.received
    projects = stream_table(stats, "project")
    assert [c.header.split("：")[1] for c in projects.columns if c.key.startswith("status:")][3:7] \
        == ["专家评审", "拟助推", "公示", "核准"]

    assert main(["stats", "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    block = out.split("专利助推：资格审核与助推阶段（按状态）\n", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines()[0].split() == ["推荐工会", "收到申报", "已登记", "资格审核通过",
                                             "资格审核不通过", "核准", "已拨付", "通过资格审核",
                                             "其中不符合方案"]
    assert block.splitlines()[-1].split() == ["合计", "58", "26", "9", "10", "7", "6", "22", "0"]
    assert "规则合格" in out and "不是资格审核结论" in out
    assert "资格审核不通过的原因（按方案条款）" in out


def test_what_is_owed_is_split_as_the_payments_screen_and_pay_list_split_it(
        demo_reg, demo, tmp_path, qtbot, capsys):
    """尾款未拨付 220,000, all awaiting acceptance (the demo, set on 2023-03-10, has accepted
    none of 2022's projects): the statistics say 待拨付 (其中已逾期) and 待验收 as 拨付 and
    `pay list` do, to the fen."""
    from boostdesk.commands.print_cmds import pay_list_totals
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.money import format_money
    from boostdesk.ui.payments_screen import PaymentsScreen

    reg = demo_reg
    today = date.today()
    stats = year_statistics(reg, 2022, as_of=today)
    projects = stats.totals["project"]
    assert projects.owed_fen[1] == 220_000_00
    assert projects.awaiting_fen == 220_000_00
    for stream in ("patent", "project"):
        for r in [*stats.rows[stream], stats.totals[stream]]:
            assert r.owed_total == r.due_fen + r.awaiting_fen + r.held_fen + r.changed_held_fen
            assert r.overdue_fen <= r.due_fen
    due = sum(t.due_fen for t in stats.totals.values())
    overdue = sum(t.overdue_fen for t in stats.totals.values())
    awaiting = sum(t.awaiting_fen for t in stats.totals.values())
    table = stream_table(stats, "project")
    assert table.column("due")[-1] + table.column("awaiting")[-1] == projects.owed_total

    lines = payment_lines(reg, 2022)
    text = pay_list_totals(lines, today)
    assert f"待拨付 {sum(1 for x in lines if not x.paid and x.released and not x.held)} 笔 " \
           f"{format_money(due)}（其中已逾期 " in text
    assert f" 笔 {format_money(overdue)}）" in text
    # and what was paid, as the statistics' 已拨付 (an award revoked since apart)
    paid = sum(t.paid_total for t in stats.totals.values())
    n_paid = sum(1 for x in lines if x.paid and not x.to_recover)
    assert text.endswith(f"；待验收 20 笔 {format_money(awaiting)}；已拨付 {n_paid} 笔 "
                         f"{format_money(paid)}")

    screen = PaymentsScreen(year_context(reg, tmp_path, 2022))
    qtbot.addWidget(screen)
    shown = re.sub(r"<[^>]+>", "", screen.summary.text())
    assert f"笔 {format_money(due)}（其中已逾期 " in shown
    assert f"笔 {format_money(overdue)}）" in shown
    assert f"待验收 20 笔 {format_money(awaiting)}" in shown

    assert main(["pay", "list", "--year", "2022", "--db", str(demo)]) == 0
    assert f"；待验收 20 笔 {format_money(awaiting)}" in capsys.readouterr().out


def test_the_workbook_holds_numbers_quotas_and_no_table_of_zeros(demo, demo_reg, tmp_path):
    """推荐工会数 a number; the tiers' quotas beside the awards; 按产业领域 without the
    projects when no project names an industry (所属领域 is optional on its form), with
    them once one does; the new sheets' figures as numbers."""
    out = tmp_path / "统计.xlsx"
    assert main(["stats", "--year", "2022", "--out", str(out), "--db", str(demo)]) == 0
    wb = openpyxl.load_workbook(out)

    ws = wb["按工会类别"]
    headers = [c.value for c in ws[3]]
    unions = headers.index("推荐工会数") + 1
    assert [ws.cell(r, unions).value for r in range(4, ws.max_row + 1)] == [5, 2, 2, 3, 2, 1, 15]

    ws = wb["档次名额"]
    assert [c.value for c in ws[3]] == ["档次", "方案名额（项）", "核准（项）",
                                        "名额剩余（项，负数为超出）", "核准金额（元）"]
    got = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert got == [["市级10万元档", 10, 3, 7, 300000], ["市级5万元档", 20, 2, 18, 100000],
                   ["区/局/集团级3万元档", 50, 5, 45, 150000], ["合计", 80, 10, 70, 550000]]

    ws = wb["不通过原因"]
    total = [c.value for c in ws[ws.max_row]]
    assert total[0] == "合计" and isinstance(total[2], int) and total[2] == 16

    ws = wb["按产业领域"]
    headers = [c.value for c in ws[3]]
    assert "项目申报" not in headers and "未填所属领域" in ws["A2"].value
    names = [ws.cell(r, 1).value for r in range(4, ws.max_row + 1)]
    assert "（未填行业）" not in names and names[-1] == "合计"

    with demo_reg.transaction():
        demo_reg.conn.execute("UPDATE project_applications SET industry = '智能装备'"
                              " WHERE id = (SELECT MIN(id) FROM project_applications"
                              " WHERE campaign_id = 1 AND status = 'paid_first')")
    stats = year_statistics(demo_reg, 2022)
    table = count_table(stats, "industry")
    rows = {r[0]: r for r in table.rows}
    projects = table.column("projects")
    assert rows["智能装备"][table.columns.index(next(
        c for c in table.columns if c.key == "projects"))] == 1
    assert projects[-1] == 40 and rows["（未填行业）"][2] == 0  # the rest, unfilled
    assert quota_table(stats).rows[-1][2] == stats.totals["project"].approved


def test_the_lists_export_says_why_a_paper_was_refused(demo_reg, tmp_path):
    """Ctrl+E (the list as a summary table) has the 审核理由 beside 审核状态, in the workbook
    only (the PDF page keeps the template's columns)."""
    from boostdesk.io.export_summary import build_summary, write_summary_xlsx

    reg = demo_reg
    refused = reg.query("SELECT id, status_reason FROM patent_applications WHERE campaign_id = 1"
                        " AND status = 'refused' ORDER BY id")
    summary = build_summary(reg, "patent", 2022, ids=[r["id"] for r in refused])
    out = write_summary_xlsx(tmp_path / "专利.xlsx", summary)
    ws = openpyxl.load_workbook(out).worksheets[0]
    header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == "序号")
    headers = [c.value for c in ws[header_row]]
    reasons = [ws.cell(r, headers.index("审核理由") + 1).value
               for r in range(header_row + 1, header_row + 1 + len(refused))]
    assert reasons == [r["status_reason"] for r in refused]
    assert "该专利已于2021年度获助推，不能重复申报" in reasons
    assert next(c for c in summary.columns if c.header == "审核理由").pdf_mm == 0
