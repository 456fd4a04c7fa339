"""The year-end statistics as the office head takes them to the leadership meeting: a
union withdrawing its paper said as such among the refusals; last year beside this one
(stats --compare); the money paid in a calendar year across campaigns (stats --paid-in);
a workbook and a PDF that print readably."""

from __future__ import annotations

from datetime import date

from test_statistics import demo, demo_file, demo_reg

from boostdesk.refusal_reasons import OTHER
from boostdesk.statistics import reasons_table, year_statistics

__all__ = ["demo", "demo_file", "demo_reg"]

WITHDRAWN = "推荐单位撤回"


def _rows(table):
    return {(r[0], r[1]): r for r in table.rows}


def test_a_paper_its_union_withdrew_is_counted_under_its_own_group(demo_reg):
    """A patent withdrawn by letter is 资格审核不通过 with a reason 推荐单位撤回（…）：… — no
    verdict on the paper: under 推荐单位撤回, not under a rule it also breaks nor 其他."""
    from boostdesk.panel.withdrawal import withdraw_application

    reg = demo_reg
    before = _rows(reasons_table(year_statistics(reg, 2022)))
    # one breaking a rule (undecided, 未填互助服务卡号) and one passing every rule
    failing = reg.scalar("SELECT min(id) FROM patent_applications WHERE campaign_id = 1 AND"
                         " status = 'registered' AND findings LIKE '%NO_UNION_CARD%'")
    clean = reg.scalar("SELECT min(id) FROM patent_applications WHERE campaign_id = 1 AND"
                       " status = 'qualified' AND eligible = 1")
    for app_id in (failing, clean):
        withdraw_application(reg, "patent", app_id, date(2022, 12, 30), "北京市建设工会",
                             "申报人已调离，单位来函撤回")
    table = reasons_table(year_statistics(reg, 2022))
    rows = _rows(table)
    assert rows[("专利助推", WITHDRAWN)][2:] == [2, 0]
    card = ("专利助推", "方案一（二）2 未填工会会员互助服务卡号")
    zero = ["", "", 0, 0]
    # the failing one leaves the undecided column and is not refused under its rule
    assert rows.get(card, zero)[2:] == [before.get(card, zero)[2], before[card][3] - 1]
    assert rows.get(("专利助推", OTHER), zero)[2] == before.get(("专利助推", OTHER), zero)[2]
    assert rows[("专利助推", "小计")][2] == before[("专利助推", "小计")][2] + 2
    # after the plan's clauses, before 其他 and the closed papers
    names = [r[1] for r in table.rows if r[0] == "专利助推"]
    assert all(n.startswith("方案") for n in names[:names.index(WITHDRAWN)])
    assert "推荐单位来函撤回的专利计入“推荐单位撤回”" in table.note
