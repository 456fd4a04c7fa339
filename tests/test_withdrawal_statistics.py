"""撤回申报 in the year-end statistics: a paper its union withdrew is counted as 推荐单位撤回,
apart — never as a refusal (a withdrawn patent is stored 资格审核不通过, its workflow having
no 未获助推) nor as a project 未获助推 — in the decisions by stage and in the refusals by
clause, as the office head reads them (the office's demo register, `boostdesk stats`)."""

from __future__ import annotations

from datetime import date

from test_statistics import demo, demo_file, demo_reg
from test_statistics_decisions import _rows

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.withdrawal import withdraw_application
from boostdesk.refusal_reasons import OTHER
from boostdesk.statistics import reasons_table, stream_table, year_statistics

__all__ = ["demo", "demo_file", "demo_reg"]

LETTER = date(2022, 12, 30)


def _unpaid(reg, stream: str, status: str) -> tuple[int, int]:
    """An application of 2022 in ``status`` with nothing paid, and its union."""
    table = f"{stream}_applications"
    row = reg.conn.execute(
        f"SELECT id, unit_id FROM {table} a WHERE campaign_id = 1 AND status = ? AND NOT EXISTS"
        " (SELECT 1 FROM payments p WHERE p.stream = ? AND p.application_id = a.id"
        " AND p.paid_date IS NOT NULL) ORDER BY id LIMIT 1", (status, stream)).fetchone()
    return row[0], row[1]


def _unit_row(stats, stream, unit_id, reg):
    name = reg.scalar("SELECT name FROM units WHERE id = ?", (unit_id,))
    return next(r for r in stats.rows[stream] if r.unit == name)


def test_a_withdrawn_patent_is_not_a_refusal_in_the_stages_nor_the_clauses(demo_reg):
    reg = demo_reg
    p, unit = _unpaid(reg, PATENT, "approved")
    before = year_statistics(reg, 2022)
    was = _rows(reasons_table(before))
    union_refused = _unit_row(before, PATENT, unit, reg).statuses.get("refused", 0)
    withdraw_application(reg, PATENT, p, LETTER, reg.patent(p).unit_name, "推荐单位来函撤回该专利申报")
    assert reg.patent(p).status == "refused"  # as stored: a patent has no 未获助推

    stats = year_statistics(reg, 2022)
    rows = _rows(reasons_table(stats))
    # not under 其他, not in 资格审核不通过's 小计: its own group and column
    assert rows.get(("专利助推", OTHER), [0] * 4)[2] == was.get(("专利助推", OTHER), [0] * 4)[2]
    assert rows[("专利助推", "小计")][2] == was[("专利助推", "小计")][2] == 10
    assert rows[("专利助推", "推荐单位撤回")][2:] == [0, 0, 1]
    assert rows[("专利助推", "小计")][4] == 1 and rows[("创新项目助推", "小计")][4] == 0
    assert reasons_table(stats).rows[-1][2:] == [16, was[("合计", "")][3], 1]

    # the stages: 资格审核不通过 as before, the withdrawal beside it; it had passed 资格审核
    patents = stats.totals[PATENT]
    assert patents.statuses["refused"] == 10 and patents.withdrawn == 1
    assert patents.qualified == before.totals[PATENT].qualified == 22
    mine = _unit_row(stats, PATENT, unit, reg)
    assert (mine.statuses.get("refused", 0), mine.withdrawn) == (union_refused, 1)
    table = stream_table(stats, PATENT)
    headers = [c.header for c in table.columns]
    assert "审核与助推阶段：推荐单位撤回" in headers
    assert table.column("status:withdrawn")[-1] == 1
    assert table.column("status:refused")[-1] == 10
    for r in [*stats.rows[PATENT], patents]:  # every paper once
        assert sum(r.statuses.values()) + r.withdrawn == r.received


def test_a_withdrawn_project_is_not_counted_as_not_awarded(demo_reg):
    reg = demo_reg
    q, _unit = _unpaid(reg, PROJECT, "registered")
    before = year_statistics(reg, 2022).totals[PROJECT]
    withdraw_application(reg, PROJECT, q, LETTER, reg.project(q).unit_name, "项目已终止")
    stats = year_statistics(reg, 2022)
    projects = stats.totals[PROJECT]
    assert projects.statuses.get("not_awarded", 0) == before.statuses.get("not_awarded", 0)
    assert projects.not_awarded == before.not_awarded and projects.withdrawn == 1
    # withdrawn before 资格审核: not among the papers that passed it
    assert projects.qualified == before.qualified
    assert _rows(reasons_table(stats))[("创新项目助推", "推荐单位撤回")][2:] == [0, 0, 1]


def test_a_year_without_withdrawals_shows_no_such_column(demo_reg):
    stats = year_statistics(demo_reg, 2022)
    assert "status:withdrawn" not in [c.key for c in stream_table(stats, PATENT).columns]
    assert "withdrawn" not in [c.key for c in reasons_table(stats).columns]


def test_the_stats_command_says_the_withdrawal_apart(demo, capsys):
    reg = Register.open(demo, operator="统计员")
    try:
        p, _unit = _unpaid(reg, PATENT, "approved")
        withdraw_application(reg, PATENT, p, LETTER, reg.patent(p).unit_name, "推荐单位来函撤回")
    finally:
        reg.close()
    assert main(["stats", "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    block = out.split("专利助推：资格审核与助推阶段（按状态）\n", 1)[1].split("\n\n", 1)[0]
    assert block.splitlines()[0].split()[-5:] == ["已拨付", "推荐单位撤回", "通过资格审核",
                                                  "其中推荐单位撤回（审核通过后）", "其中不符合方案"]
    # 22 past review: 21 by stage (资格审核通过 and on) and the one withdrawn after it
    assert block.splitlines()[-1].split() == ["合计", "58", "26", "9", "10", "6", "6", "1", "22",
                                              "1", "0"]
    reasons = out.split("资格审核不通过的原因（按方案条款）", 1)[1]
    line = next(x for x in reasons.splitlines() if x.split()[:2] == ["专利助推", "小计"])
    assert line.split()[2] == "10"
