"""The year-end statistics the office reports to its leadership and to each union
(`boostdesk stats`, 文件 → 导出年度统计…): figures checked against SQL written apart from
the module's and against the demo's hand counts; every total the sum of its rows."""

from __future__ import annotations

import re
import shutil
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.statistics import (
    NO_INDUSTRY,
    NO_UNIT,
    OTHER_TIER,
    count_table,
    stream_table,
    year_statistics,
)

__all__ = ["answers", "ctx", "qsettings", "window"]

AWARDED = {"patent": "('approved', 'paid')",
           "project": "('approved', 'paid_first', 'accepted', 'paid_final', 'acceptance_failed')"}
TABLE = {"patent": "patent_applications", "project": "project_applications"}

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    db = tmp_path_factory.mktemp("stats") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def demo(demo_file, tmp_path):
    db = tmp_path / "demo.db"
    shutil.copy(demo_file, db)
    return db


@pytest.fixture
def demo_reg(demo):
    reg = Register.open(demo, operator="统计员")
    yield reg
    reg.close()


def _by_unit(reg, sql, stream, year=2022):
    """{union name: value} of an independent query over ``stream``'s applications ``a``."""
    return {r[0] or NO_UNIT: r[1] for r in reg.conn.execute(
        f"SELECT u.name, {sql} FROM {TABLE[stream]} a JOIN campaigns c ON c.id = a.campaign_id"
        " LEFT JOIN units u ON u.id = a.unit_id WHERE c.year = ? GROUP BY u.name", (year,))}


@pytest.mark.parametrize("stream", ["patent", "project"])
def test_each_unions_counts_and_money_match_the_register(demo_reg, stream):
    reg = demo_reg
    stats = year_statistics(reg, 2022)
    rows = {r.unit: r for r in stats.rows[stream]}
    awarded = f"a.status IN {AWARDED[stream]}"
    expected = {
        "received": _by_unit(reg, "count(*)", stream),
        "eligible": _by_unit(reg, "sum(a.eligible = 1 AND COALESCE(a.incomplete, 0) = 0)", stream),
        "refused": _by_unit(reg, "sum(a.eligible = 0)", stream),
        "incomplete": _by_unit(reg, "sum(a.eligible = 1 AND a.incomplete = 1)", stream),
        "approved": _by_unit(reg, f"sum({awarded})", stream),
        "qualification_refused": _by_unit(reg, "sum(a.status = 'refused')", stream),
        "not_awarded": _by_unit(reg, "sum(a.status = 'not_awarded')", stream),
        "award_fen": _by_unit(reg, f"sum(CASE WHEN {awarded} THEN a.award_fen ELSE 0 END)", stream),
    }
    for name, by_unit in expected.items():
        assert {u: getattr(r, name) for u, r in rows.items()} == by_unit, name
    # the shares as the payment plan holds them (synced by the statistics)
    for payer, field in (("federation", "federation_fen"), ("union", "union_fen")):
        planned = _by_unit(reg, f"(SELECT sum(p.amount_fen) FROM payments p WHERE p.stream = "
                                f"'{stream}' AND p.payer = '{payer}' AND p.application_id IN "
                                f"(SELECT a2.id FROM {TABLE[stream]} a2 WHERE a2.campaign_id ="
                                f" a.campaign_id AND a2.unit_id IS a.unit_id AND a2.status IN"
                                f" {AWARDED[stream]}))", stream)
        assert {u: getattr(r, field) for u, r in rows.items()} == {
            u: v or 0 for u, v in planned.items()}, field
    for tranche in (1, 2) if stream == "project" else (1,):
        paid = _by_unit(reg, f"(SELECT sum(p.amount_fen) FROM payments p JOIN {TABLE[stream]} a2"
                             f" ON a2.id = p.application_id WHERE p.stream = '{stream}' AND"
                             f" p.tranche = {tranche} AND p.paid_date IS NOT NULL AND"
                             f" a2.campaign_id = a.campaign_id AND a2.unit_id IS a.unit_id)", stream)
        assert {u: r.paid_fen[tranche - 1] for u, r in rows.items()} == {
            u: v or 0 for u, v in paid.items()}
    for j, payer in enumerate(("federation", "union")):
        paid = _by_unit(reg, f"(SELECT sum(p.amount_fen) FROM payments p JOIN {TABLE[stream]} a2"
                             f" ON a2.id = p.application_id WHERE p.stream = '{stream}' AND"
                             f" p.payer = '{payer}' AND p.paid_date IS NOT NULL AND"
                             f" a2.campaign_id = a.campaign_id AND a2.unit_id IS a.unit_id)", stream)
        assert {u: r.paid_by_payer[j] for u, r in rows.items()} == {
            u: v or 0 for u, v in paid.items()}
    for r in [*rows.values(), stats.totals[stream]]:
        assert r.federation_fen + r.union_fen == r.award_fen
        assert r.paid_total + r.owed_total + r.forfeited_fen == r.award_fen
        assert sum(r.paid_by_payer) == r.paid_total and sum(r.owed_by_payer) == r.owed_total
        assert r.eligible + r.refused + r.incomplete + r.unchecked == r.received


def test_the_totals_add_up_and_match_the_demos_hand_counts(demo_reg):
    stats = year_statistics(demo_reg, 2022)
    for stream in ("patent", "project"):
        total, rows = stats.totals[stream], stats.rows[stream]
        for name in ("received", "eligible", "refused", "incomplete", "unchecked", "approved",
                     "award_fen", "federation_fen", "union_fen", "paid_total", "owed_total"):
            assert getattr(total, name) == sum(getattr(r, name) for r in rows), name
    patents, projects = stats.totals["patent"], stats.totals["project"]
    # the demo's 2022 campaign: 58 patent papers, 13 approved at 3,000 元, half each
    assert (patents.received, patents.approved, patents.award_fen) == (58, 13, 13 * 300_000)
    assert (patents.federation_fen, patents.union_fen) == (13 * 150_000, 13 * 150_000)
    # 40 project papers; 10 awards: 3 × 10万 and 2 × 5万 (市级, 1:1), 5 × 3万 (区级, 1:2)
    assert (projects.received, projects.approved) == (40, 10)
    assert projects.tiers == {"10万元": 3, "5万元": 2, "3万元": 5}
    assert projects.award_fen == 3 * 10_000_000 + 2 * 5_000_000 + 5 * 3_000_000
    assert projects.federation_fen == 3 * 5_000_000 + 2 * 2_500_000 + 5 * 1_000_000
    assert projects.union_fen == 3 * 5_000_000 + 2 * 2_500_000 + 5 * 2_000_000
    assert sum(projects.levels.values()) == 40
    assert [k.name for k in stats.kinds] == ["区", "产业", "局", "集团（公司）", "高等院校", "直属基层"]
    assert sum(k.patents for k in stats.kinds) == 58
    assert sum(k.award_fen for k in stats.kinds) == patents.award_fen + projects.award_fen
    assert sum(i.patents for i in stats.industries) == 58
    assert sum(i.project_award_fen for i in stats.industries) == projects.award_fen
    # the earlier year counts its own papers only
    assert year_statistics(demo_reg, 2021).totals["patent"].received == 4


def test_a_project_that_failed_acceptance_owes_nothing_more(demo_reg):
    """二（四）4: the rest is paid after acceptance; a project that failed it keeps its first
    tranche and is never paid the rest: not “still owed” to its union."""
    from boostdesk.finance.acceptance import record_failed_acceptance

    reg = demo_reg
    app = reg.query("SELECT a.id, a.award_fen, u.name FROM project_applications a"
                    " JOIN units u ON u.id = a.unit_id JOIN campaigns c ON c.id = a.campaign_id"
                    " WHERE c.year = 2022 AND a.status = 'paid_first' ORDER BY a.id")[0]
    before = {r.unit: r for r in year_statistics(reg, 2022).rows["project"]}[app["name"]]
    record_failed_acceptance(reg, app["id"], date(2024, 6, 30), "未达到验收指标")
    after = {r.unit: r for r in year_statistics(reg, 2022).rows["project"]}[app["name"]]
    rest = app["award_fen"] * 40 // 100
    assert after.forfeited_fen == rest
    assert after.owed_fen[1] == before.owed_fen[1] - rest
    assert after.paid_fen == before.paid_fen and after.award_fen == before.award_fen


def test_an_award_an_objection_holds_is_owed_and_named_held(demo_reg):
    """An award held from payment by an open objection (暂缓拨付, entered after the close)
    is still owed, but not payable: the table says how much of 未拨付 it is."""
    reg = demo_reg
    app = reg.query("SELECT a.id, a.award_fen, u.name FROM project_applications a"
                    " JOIN units u ON u.id = a.unit_id JOIN campaigns c ON c.id = a.campaign_id"
                    " WHERE c.year = 2022 AND a.status = 'approved' ORDER BY a.id")[0]
    before = {r.unit: r for r in year_statistics(reg, 2022).rows["project"]}[app["name"]]
    assert before.held_fen == 0
    with reg.transaction():  # as record_objection stores one received in the period
        period = reg.scalar("SELECT id FROM publicity_periods ORDER BY id LIMIT 1")
        reg.conn.execute("INSERT INTO objections (period_id, project_id, received_date, objector,"
                         " content) VALUES (?, ?, '2022-12-27', '某职工', '数据不实')",
                         (period, app["id"]))
    stats = year_statistics(reg, 2022)
    after = {r.unit: r for r in stats.rows["project"]}[app["name"]]
    assert after.held_fen == app["award_fen"]
    assert after.owed_total == before.owed_total  # still owed, only held
    table = stream_table(stats, "project")
    assert table.column("held")[-1] == app["award_fen"]  # the 合计 row


def test_an_award_held_because_its_paper_changed_is_owed_and_named_held(reg):
    """An award held from payment because what it rests on changed after approval (here a
    grant date corrected out of the year's window: award_holds) is still owed, and the
    table says how much of 未拨付 is held that way; a payable one beside it is not."""
    from dataclasses import replace

    from boostdesk.rules import recheck
    from tests.test_finance import add_patent

    held = add_patent(reg)
    from fixtures.summary_sheets import patent_no, resident_id

    add_patent(reg, name="李四", id_number=resident_id("11010519800101123"),
               number=patent_no("202110654321"))
    before = year_statistics(reg, 2022).totals["patent"]
    assert before.changed_held_fen == 0 and before.owed_total == 2 * 3000_00
    reg.save_patent(replace(reg.patent(held), grant_date=date(2020, 12, 31)), reason=WHY)
    recheck(reg)
    stats = year_statistics(reg, 2022)
    [row] = stats.rows["patent"]
    assert row.changed_held_fen == 3000_00
    assert row.owed_total == 2 * 3000_00  # still owed, only held
    table = stream_table(stats, "patent")
    assert table.column("changed_held") == [3000_00, 3000_00]  # the union, then 合计
    assert "未拨付中暂缓拨付（核准后结果有变，待处理，元）" in [c.header for c in table.columns]


def test_an_award_off_the_tiers_is_split_to_the_fen_and_named(demo_reg):
    """An award corrected by hand to an odd amount (30,000.01 元 at a district studio, 1:2)
    is split to the fen as the payment plan splits it, and counted under 其他金额."""
    reg = demo_reg
    app = reg.query("SELECT a.id, u.name FROM project_applications a JOIN units u"
                    " ON u.id = a.unit_id WHERE a.status = 'approved' AND a.award_fen = 3000000"
                    " ORDER BY a.id")[0]
    with reg.transaction():
        reg.conn.execute("UPDATE project_applications SET award_fen = 3000001 WHERE id = ?",
                         (app["id"],))
    stats = year_statistics(reg, 2022)
    row = {r.unit: r for r in stats.rows["project"]}[app["name"]]
    assert row.tiers.get(OTHER_TIER) == 1 and OTHER_TIER in stats.tier_names
    assert row.federation_fen + row.union_fen == row.award_fen
    shares = reg.query("SELECT payer, sum(amount_fen) AS fen FROM payments WHERE stream ="
                       " 'project' AND application_id = ? GROUP BY payer", (app["id"],))
    # 1:2 of 3,000,001 fen: 1,000,000.33 and 2,000,000.67, the odd fen to the larger remainder
    assert {r["payer"]: r["fen"] for r in shares} == {"federation": 1_000_000,
                                                     "union": 2_000_001}
    unions = reg.query("SELECT p.payer, sum(p.amount_fen) AS fen FROM payments p JOIN"
                       " project_applications a ON a.id = p.application_id JOIN units u"
                       " ON u.id = a.unit_id WHERE p.stream = 'project' AND u.name = ?"
                       " AND a.status IN " + AWARDED["project"] + " GROUP BY p.payer",
                       (app["name"],))
    assert {r["payer"]: r["fen"] for r in unions} == {"federation": row.federation_fen,
                                                     "union": row.union_fen}
    assert stats.totals["project"].federation_fen + stats.totals["project"].union_fen \
        == stats.totals["project"].award_fen


def test_a_paper_without_union_or_industry_is_counted_not_lost(demo_reg):
    reg = demo_reg
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET unit_id = NULL, industry = '  '"
                         " WHERE id = (SELECT min(a.id) FROM patent_applications a JOIN campaigns"
                         " c ON c.id = a.campaign_id WHERE c.year = 2022)")
        reg.conn.execute("UPDATE patent_applications SET industry = '航空航天'"
                         " WHERE id = (SELECT max(id) FROM patent_applications)")
    stats = year_statistics(reg, 2022)
    assert stats.rows["patent"][-1].unit == NO_UNIT
    assert stats.rows["patent"][-1].received == 1
    assert stats.totals["patent"].received == 58
    names = [i.name for i in stats.industries]
    assert names[-2:] == ["航空航天", NO_INDUSTRY]
    assert sum(i.patents for i in stats.industries) == 58
    table = count_table(stats, "industry")
    assert table.rows[-1][0] == "合计" and table.column("patents")[-1] == 58


def test_the_tables_total_row_is_the_sum_of_the_unions(demo_reg):
    stats = year_statistics(demo_reg, 2022)
    for stream in ("patent", "project"):
        table = stream_table(stats, stream)
        for col in table.columns:
            if col.text:
                continue
            values = table.column(col.key)
            assert values[-1] == sum(values[:-1]), col.header
    table = count_table(stats, "kind")
    assert table.rows[-1][1] == 15  # a number, to add up in Excel (was "15 个工会")
    unions = table.column("unions")
    assert all(isinstance(n, int) for n in unions) and unions[-1] == sum(unions[:-1])


# -- the command line ----------------------------------------------------------------
def test_stats_prints_the_tables_in_chinese(demo, capsys):
    assert main(["stats", "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("北京市总工会2022年职工创新助推计划年度统计（统计日期 ")
    for title in ("专利助推：按推荐工会", "创新项目助推：按推荐工会", "按重点产业领域",
                  "创新项目助推：按档次和工作室级别", "按推荐工会类别"):
        assert title in out
    patent_total = out.split("专利助推：按推荐工会", 1)[1].split("\n合计", 1)[1].split("\n")[0]
    # the demo's paper with a blank union card is 待补材料, not 不合格 (一（二）2)
    assert patent_total.split()[:7] == ["58", "38", "13", "7", "0", "13", "39,000.00"]
    assert "None" not in out


def test_stats_of_a_year_not_in_the_register_or_to_a_wrong_file_is_refused(demo, tmp_path,
                                                                            capsys):
    assert main(["stats", "--year", "2019", "--db", str(demo)]) == 1
    assert "登记册中没有 2019 年度" in capsys.readouterr().err
    assert main(["stats", "--out", str(tmp_path / "统计.csv"), "--db", str(demo)]) == 1
    assert "应以 .xlsx 或 .pdf 结尾" in capsys.readouterr().err
    assert main(["stats", "--out", str(tmp_path / "无" / "统计.xlsx"), "--db", str(demo)]) == 1
    assert "不存在" in capsys.readouterr().err
    (tmp_path / "统计.xlsx").mkdir()
    assert main(["stats", "--out", str(tmp_path / "统计.xlsx"), "--db", str(demo)]) == 1
    assert "（这是一个文件夹，不是文件：请写出文件名）" in capsys.readouterr().err


def test_stats_out_writes_a_workbook_whose_cells_hold_the_figures(demo, tmp_path, capsys):
    out = tmp_path / "2022年度统计.xlsx"
    assert main(["stats", "--year", "2022", "--out", str(out), "--db", str(demo)]) == 0
    assert f"已导出 2022 年度统计：{out}" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["总览", "专利助推", "创新项目助推", "不通过原因", "档次名额", "按产业领域",
                             "按工会类别"]
    ws = wb["专利助推"]
    # beside the union's column, which is printed again on every page
    assert "年度统计" in ws["B1"].value and ws["B2"].value.startswith("统计日期：")
    headers = [c.value for c in ws[3]]
    assert headers[:3] == ["推荐工会", "工会类别", "收到申报"]
    total = [c.value for c in ws[ws.max_row]]
    assert total[0] == "合计"
    by_header = dict(zip(headers, total, strict=True))
    assert by_header["收到申报"] == 58
    assert by_header["核准金额（元）"] == Decimal("39000")
    assert ws.cell(ws.max_row, headers.index("核准金额（元）") + 1).number_format == "#,##0.00"
    assert ws.cell(ws.max_row, 1).font.bold
    ws = wb["创新项目助推"]
    headers = [c.value for c in ws[3]]
    total = dict(zip(headers, [c.value for c in ws[ws.max_row]], strict=True))
    assert total["市级10万元档（项）"] == 3 and total["区/局/集团级3万元档（项）"] == 5
    assert total["其中市总工会承担（元）"] + total["其中推荐工会承担（元）"] == total["核准金额（元）"]
    assert total["首笔已拨付（元）"] + total["首笔未拨付（元）"] + total["尾款已拨付（元）"] \
        + total["尾款未拨付（元）"] + total["验收未通过不再拨付（元）"] == total["核准金额（元）"]
    units = [ws.cell(r, 1).value for r in range(4, ws.max_row)]
    assert sum(ws.cell(r, 3).value for r in range(4, ws.max_row)) == total["收到申报"] == 40
    assert "海淀区总工会" in units


def test_a_long_union_name_prints_whole_in_the_statistics(demo, tmp_path):
    """北京电子城直属企业联合工会, the demo's own, took 26 units of the 24-wide 推荐工会 and was
    cut at 工会类别, on screen and on paper: a text longer than its column wraps in it."""
    import unicodedata

    out = tmp_path / "统计.xlsx"
    assert main(["stats", "--year", "2022", "--out", str(out), "--db", str(demo)]) == 0
    cut = []
    for ws in openpyxl.load_workbook(out).worksheets:
        for row in ws.iter_rows(min_row=4):
            for c in row:
                if not isinstance(c.value, str):
                    continue
                units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1
                            for ch in c.value)
                if units > ws.column_dimensions[c.column_letter].width and not c.alignment.wrap_text:
                    cut.append((ws.title, c.value))
    assert cut == []


# -- the window ----------------------------------------------------------------------
def test_the_window_exports_the_years_statistics(ctx, window, qtbot, tmp_path):
    """文件 → 导出年度统计…: the same workbook, off the UI thread."""
    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    ctx.set_year(2022)
    actions = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "导出年度统计(&S)…" in actions
    out = tmp_path / "2022年度统计.xlsx"
    window.export_statistics(str(out))
    qtbot.waitUntil(lambda: "已导出 2022 年度统计" in window.statusBar().currentMessage(),
                    timeout=20_000)
    ws = openpyxl.load_workbook(out)["专利助推"]
    assert [c.value for c in ws[ws.max_row]][:3] == ["合计", None, 58]


def test_a_workbook_that_cannot_be_written_is_said_in_chinese_in_the_window(
        ctx, window, qtbot, tmp_path, answers):
    """The file open in Excel (or a folder of that name): the window said “读写文件失败：
    Is a directory” — English, and not what to do."""
    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    ctx.set_year(2022)
    taken = tmp_path / "2022年度统计.xlsx"
    taken.mkdir()
    window.export_statistics(str(taken))
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=20_000)
    title, text = answers.errors[0]
    assert f"无法写入 {taken}（这是一个文件夹，不是文件：请写出文件名）" in text
    said = text.replace(str(taken), "").replace("Excel", "").replace("WPS", "")
    assert not re.search(r"[A-Za-z]{4,}", said), text
    assert [p.name for p in tmp_path.glob("*.xlsx")] == [taken.name]  # nothing half-written


def test_stats_of_a_new_empty_year_points_to_the_year_with_papers(demo, capsys):
    """January: the office has made next year's campaign and asks for the year-end figures
    without --year: an empty table of the new year, said as such, not taken for the result."""
    db = ["--db", str(demo)]
    assert main(["campaign", "new", "--year", "2023", *db]) == 0
    capsys.readouterr()
    assert main(["stats", *db]) == 0
    captured = capsys.readouterr()
    assert "2023 年度还没有申报" in captured.err
    assert f"boostdesk --db {demo} stats --year 2022" in captured.err, captured.err
    assert main(["stats", "--year", "2022", *db]) == 0
    assert "还没有申报" not in capsys.readouterr().err


def test_papers_without_a_union_are_not_counted_as_a_union_of_a_kind(demo_reg):
    """按推荐工会类别 says how many unions sent papers: papers with no union are counted in
    their own row, but they are no union (15 unions, not 16 with a “（未填）” one)."""
    reg = demo_reg
    with reg.transaction():
        reg.conn.execute("UPDATE patent_applications SET unit_id = NULL WHERE id = (SELECT"
                         " min(a.id) FROM patent_applications a JOIN campaigns c ON"
                         " c.id = a.campaign_id WHERE c.year = 2022)")
    stats = year_statistics(reg, 2022)
    table = count_table(stats, "kind")
    unions = reg.scalar("SELECT count(DISTINCT unit_id) FROM (SELECT a.unit_id FROM"
                        " patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
                        " WHERE c.year = 2022 UNION ALL SELECT a.unit_id FROM"
                        " project_applications a JOIN campaigns c ON c.id = a.campaign_id"
                        " WHERE c.year = 2022)")
    assert unions == 15
    assert table.rows[-1][1] == 15
    notes = dict(zip(table.column("name"), table.column("unions"), strict=True))
    assert sum(n for k, n in notes.items() if k != "合计") == 15
    assert notes[NO_UNIT] == 0 and table.column("name")[-2] == NO_UNIT
    assert table.column("patents")[-2] == 1 and table.column("patents")[-1] == 58
