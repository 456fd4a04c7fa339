"""The year-end statistics as the office head takes them to the leadership meeting: a
union withdrawing its paper said as such among the refusals; last year beside this one
(stats --compare); the money paid in a calendar year across campaigns (stats --paid-in);
a workbook and a PDF that print readably."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from test_statistics import demo, demo_file, demo_reg
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.refusal_reasons import OTHER
from boostdesk.statistics import reasons_table, year_statistics

__all__ = ["answers", "ctx", "demo", "demo_file", "demo_reg", "qsettings", "window"]

WITHDRAWN = "推荐单位撤回"


def _rows(table):
    return {(r[0], r[1]): r for r in table.rows}


def test_a_paper_its_union_withdrew_is_counted_under_its_own_group(demo_reg):
    """A patent withdrawn by letter is 资格审核不通过 with a reason 推荐单位撤回（…）：… — no
    verdict on the paper: under 推荐单位撤回, not under a rule it also breaks nor 其他."""
    from boostdesk.panel.withdrawal import withdraw_application

    reg = demo_reg
    before = _rows(reasons_table(year_statistics(reg, 2022)))
    # one breaking a rule (undecided, 外观设计专利) and one passing every rule
    failing = reg.scalar("SELECT min(id) FROM patent_applications WHERE campaign_id = 1 AND"
                         " status = 'registered' AND findings LIKE '%PATENT_NOT_INVENTION%'")
    clean = reg.scalar("SELECT min(id) FROM patent_applications WHERE campaign_id = 1 AND"
                       " status = 'qualified' AND eligible = 1")
    for app_id in (failing, clean):
        withdraw_application(reg, "patent", app_id, date(2022, 12, 30),
                             reg.patent(app_id).unit_name,
                             "申报人已调离，单位来函撤回")
    table = reasons_table(year_statistics(reg, 2022))
    rows = _rows(table)
    # its own row and column (推荐单位撤回（件）), in neither the refused nor the undecided count
    assert rows[("专利助推", WITHDRAWN)][2:] == [0, 0, 2]
    card = ("专利助推", "方案一（二）1 非发明专利")
    zero = ["", "", 0, 0, 0]
    # the failing one leaves the undecided column and is not refused under its rule
    assert rows.get(card, zero)[2:4] == [before.get(card, zero)[2], before[card][3] - 1]
    assert rows.get(("专利助推", OTHER), zero)[2] == before.get(("专利助推", OTHER), zero)[2]
    assert rows[("专利助推", "小计")][2] == before[("专利助推", "小计")][2]
    assert rows[("专利助推", "小计")][4] == 2
    # after the plan's clauses
    names = [r[1] for r in table.rows if r[0] == "专利助推"]
    assert all(n.startswith("方案") for n in names[:names.index(WITHDRAWN)])
    assert "推荐单位来函撤回的申报单列，不计入资格审核不通过" in table.note


# -- last year beside this one -------------------------------------------------------------
def _only_2021_union(db) -> str:
    """A union with papers in 2021 only: the demo's 2021 unions all recommend in 2022 too."""
    from boostdesk.models import Register

    reg = Register.open(db, operator="统计员")
    try:
        with reg.transaction():
            reg.conn.execute("INSERT INTO units (name, kind) VALUES ('延庆区总工会', '区')")
            reg.conn.execute(
                "UPDATE patent_applications SET unit_id = (SELECT id FROM units WHERE name ="
                " '延庆区总工会') WHERE id = (SELECT min(a.id) FROM patent_applications a JOIN"
                " campaigns c ON c.id = a.campaign_id WHERE c.year = 2021)")
    finally:
        reg.close()
    return "延庆区总工会"


def test_stats_compare_sets_two_years_side_by_side_by_union(demo, tmp_path, capsys):
    """`stats --year 2022 --compare 2021`: each stream's unions aligned by name, a union of
    one year shown — in the other, its change from 0; the workbook's 年度对比 sheet holds
    numbers, each year's column adding up to that year's own statistics. --year twice is
    refused, saying --compare (it printed 2022 alone)."""
    import openpyxl
    import pytest

    from boostdesk.cli import main
    from boostdesk.models import Register

    only = _only_2021_union(demo)
    with pytest.raises(SystemExit):
        main(["stats", "--db", str(demo), "--year", "2021", "--year", "2022"])
    assert "--compare 2021" in capsys.readouterr().err

    assert main(["stats", "--db", str(demo), "--year", "2022", "--compare", "2021"]) == 0
    shown = capsys.readouterr().out
    assert "2021年度与2022年度对比（按推荐工会，均截至" in shown
    line = next(x for x in shown.splitlines() if x.startswith(only))
    assert line.split()[1:4] == ["1", "—", "-1"]  # 2021, 2022, change

    out = tmp_path / "对比.xlsx"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--compare", "2021",
                 "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["年度对比"]
    head = [c.value for c in ws[3]]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    col = {h: j for j, h in enumerate(head)}
    mine = next(r for r in rows if r[1] == only)
    assert mine[col["2021年度收到申报（件）"]] == 1 and mine[col["2022年度收到申报（件）"]] == "—"
    assert mine[col["收到申报增减"]] == -1
    from boostdesk.printing.common import cn_date

    reg = Register.open(demo, operator="统计员")
    try:
        for year in (2021, 2022):
            stats = year_statistics(reg, year)
            for stream, name in (("patent", "专利助推"), ("project", "创新项目助推")):
                mine = [r for r in rows if r[0] == name and r[1] != "小计"]
                total = stats.totals[stream]
                for header, want in ((f"{year}年度收到申报（件）", total.received),
                                     (f"{year}年度通过资格审核（件）", total.qualified),
                                     (f"{year}年度核准助推（项）", total.approved)):
                    got = [r[col[header]] for r in mine if r[col[header]] != "—"]
                    assert all(type(v) is int for v in got) and sum(got) == want, header
                money = [r[col[f"{year}年度核准金额（元）"]] for r in mine]
                assert sum(v for v in money if v != "—") * 100 == total.award_fen
                # the day each year's 已拨付 is counted to, in its header (both today's)
                paid_head = f"{year}年度已拨付（截至{cn_date(stats.as_of)}，元）"
                paid = [r[col[paid_head]] for r in mine]
                assert sum(v for v in paid if v != "—") * 100 == total.paid_total
                # union names of the year: each once, every one of them
                names = {r[1] for r in mine if r[col[f"{year}年度收到申报（件）"]] != "—"}
                assert names == {r.unit for r in stats.rows[stream]}
    finally:
        reg.close()
    assert rows[-1][:2] == ["合计", "两类合计"]


# -- money by the day it was paid ------------------------------------------------------------
def test_stats_paid_in_totals_the_payments_of_a_calendar_year_across_campaigns(
        demo, tmp_path, capsys):
    """`stats --paid-in 2023`: a 2021 project's 尾款 paid in 2023 is 2023's money; by campaign
    year, stream, tranche and payer, to the fen of the register's payment rows."""
    import sqlite3

    import openpyxl

    from boostdesk.cli import main

    con = sqlite3.connect(demo)
    with con:  # a 2021 payment paid in 2023 (a tail paid late), and one in 2024
        con.execute("UPDATE payments SET paid_date = '2023-11-20' WHERE id = (SELECT min(p.id)"
                    " FROM payments p JOIN patent_applications a ON a.id = p.application_id"
                    " AND p.stream = 'patent' JOIN campaigns c ON c.id = a.campaign_id"
                    " WHERE c.year = 2021 AND p.paid_date IS NOT NULL)")
    by_sql = dict(con.execute(
        "SELECT c.year || p.stream || p.payer, sum(p.amount_fen) FROM payments p"
        " LEFT JOIN patent_applications pa ON p.stream = 'patent' AND pa.id = p.application_id"
        " LEFT JOIN project_applications pr ON p.stream = 'project' AND pr.id = p.application_id"
        " JOIN campaigns c ON c.id = COALESCE(pa.campaign_id, pr.campaign_id)"
        " WHERE p.paid_date BETWEEN '2023-01-01' AND '2023-12-31 99' GROUP BY 1"))
    whole = con.execute("SELECT sum(amount_fen), count(*) FROM payments WHERE paid_date"
                        " BETWEEN '2023-01-01' AND '2023-12-31 99'").fetchone()
    con.close()
    assert any(k.startswith("2021") for k in by_sql)

    out = tmp_path / "按拨付日期.xlsx"
    assert main(["stats", "--db", str(demo), "--paid-in", "2023", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["按拨付日期"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    payer = {"市总工会": "federation", "推荐工会": "union"}
    stream = {"专利助推": "patent", "创新项目助推": "project"}
    got: dict[str, int] = {}
    for r in rows:
        if r[1] in stream:
            key = f"{r[0][:4]}{stream[r[1]]}{payer[r[3]]}"
            got[key] = got.get(key, 0) + int(Decimal(str(r[5])) * 100)
    assert got == by_sql
    assert rows[-1][0] == "合计" and rows[-1][4:6] == [whole[1], Decimal(whole[0]) / 100]
    assert type(rows[-1][4]) is int

    assert main(["stats", "--db", str(demo), "--paid-in", "2023-13"]) == 1
    assert "无法识别拨付期间" in capsys.readouterr().err


def test_stats_paid_in_says_the_money_of_awards_revoked_since_and_writes_its_sheet_alone(
        demo, tmp_path, capsys):
    """The money paid in 2023 to awards revoked since (应追回 / 已追回) is in the period's
    total but no paid award of the year statistics: a column of its own says how much, so
    the two reconcile. With --paid-in alone, --out writes that sheet alone (the newest
    campaign's sheets beside it were read as 2023's); with --year, the year's too."""
    import openpyxl

    from boostdesk.cli import main
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.finance.recovery import revoke_paid_award
    from boostdesk.models import Register

    reg = Register.open(demo, operator="财务")
    try:
        paid = [x for x in payment_lines(reg, 2022) if x.paid and x.paid_date
                and x.paid_date.year == 2023]
        first = paid[0]
        revoke_paid_award(reg, first.stream, first.app_id, date(2024, 1, 5), "专利权被宣告无效")
        gone = [x for x in paid if (x.stream, x.app_id) == (first.stream, first.app_id)]
    finally:
        reg.close()
    out = tmp_path / "按拨付日期.xlsx"
    assert main(["stats", "--db", str(demo), "--paid-in", "2023", "--out", str(out)]) == 0
    assert "只含该表" in capsys.readouterr().out
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["按拨付日期"]
    ws = wb["按拨付日期"]
    # (wide enough to print in parts: the title beside the repeated first column)
    assert [c.value for c in ws[1] if c.value] == ["拨付金额（2023年，按拨付日期，跨申报年度）"]
    # 已追回 and 尚欠 apart (none recovered yet), the period's recovered and net beside them
    assert [c.value for c in ws[3]][4:] == [
        "拨付笔数", "拨付金额（元）", "退汇笔数", "退汇金额（按退汇日期，元）",
        "净拨付（拨付金额减退汇，元）",
        "其中已撤销助推（笔）", "其中已撤销助推已追回（元）", "其中已撤销助推尚欠（元）",
        "撤销助推追回笔数", "撤销助推追回（按追回日期，另计，元）"]
    total = [c.value for c in list(ws.iter_rows(min_row=4))[-1]]
    assert total[9:12] == [len(gone), 0, Decimal(sum(x.amount_fen for x in gone)) / 100]
    assert main(["stats", "--db", str(demo), "--year", "2022", "--paid-in", "2023",
                 "--out", str(out)]) == 0
    assert "专利助推" in openpyxl.load_workbook(out).sheetnames


# -- printed readably ----------------------------------------------------------------------
def test_the_workbook_prints_its_wide_sheets_in_parts_never_below_70_percent(demo, tmp_path):
    """The stream sheets (~30 columns) were fitted to one A4 page wide: microscopic. Now
    landscape at ≥ 70 %, a page break before each part (收件与审核, 助推与金额, 拨付…), the
    union's column repeated on every page; a narrow sheet stays one page wide."""
    import openpyxl

    from boostdesk.cli import main
    from boostdesk.io.export_statistics import PRINT_SCALE, PRINTABLE_MM, column_mm

    out = tmp_path / "统计.xlsx"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    for name in ("专利助推", "创新项目助推"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape"
        assert not ws.sheet_properties.pageSetUpPr.fitToPage
        assert int(ws.page_setup.scale) >= 70
        assert ws.print_title_cols == "$A:$A"
        cuts = [0, *(b.id for b in ws.col_breaks.brk), ws.max_column]
        assert len(cuts) >= 4, name  # three parts at least
        room = PRINTABLE_MM * 100 / int(ws.page_setup.scale)
        width = [column_mm(ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width)
                 for j in range(1, ws.max_column + 1)]
        for a, b in zip(cuts, cuts[1:], strict=False):
            assert width[0] + sum(width[max(a, 1):b]) <= room, (name, a, b)
        headers = [c.value for c in ws[3]]
        # 助推与金额 starts a page
        assert headers.index("核准助推（项）") in [b.id for b in ws.col_breaks.brk]
    assert PRINT_SCALE >= 70
    narrow = wb["档次名额"]
    assert narrow.sheet_properties.pageSetUpPr.fitToPage and not narrow.col_breaks.brk


def test_stats_out_pdf_prints_the_tables_for_the_handout(demo, tmp_path):
    """`stats --out stats.pdf` was refused (“应以 .xlsx 结尾”): now the main tables, the
    year(s) in the title, the header on every page, money as ¥1,234.00, 合计 rows."""
    import shutil
    import subprocess

    import pytest

    from boostdesk.cli import main
    from boostdesk.models import Register
    from boostdesk.money import format_money

    out = tmp_path / "stats.pdf"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--compare", "2021",
                 "--paid-in", "2023", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    pages = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")[:-1]
    assert len(pages) >= 8
    reg = Register.open(demo, operator="统计员")
    try:
        stats = year_statistics(reg, 2022)
    finally:
        reg.close()
    compared = 0
    for page in pages:
        line = page.strip().splitlines()[0].replace(" ", "")
        if "年度对比（按推荐工会" in page:  # only the comparison names both years
            compared += 1
            assert line == "北京市总工会2022年职工创新助推计划年度统计（2022年与2021年对比）"
        else:  # the year's own figures: the year's plan, no 2021—2022 range
            assert line == "北京市总工会2022年职工创新助推计划年度统计", line
        assert "推荐工会" in page or "类别" in page or "档次" in page or "产业领域" in page \
            or "工会类别" in page or "申报年度" in page
    text = "\n".join(pages)
    assert format_money(stats.totals["project"].award_fen) in text  # ¥550,000.00
    assert "助推与金额" in text and "收件与审核" in text and "拨付金额（2023年" in text
    assert "年度对比" not in text or "2021年度与2022年度对比" in text
    assert compared >= 2 and "2021—2022" not in text
    assert text.count("合计") >= 6


# -- the window ------------------------------------------------------------------------------
def test_the_windows_statistics_dialog_opens_in_the_last_export_folder(
        ctx, window, qtbot, tmp_path, monkeypatch):
    """文件 → 导出年度统计… opened its save dialog in the program's folder: now in the
    folder the last export went to (else the documents folder); it offers a PDF too."""
    import os

    from PySide6.QtWidgets import QFileDialog

    from boostdesk.demo import fill_demo

    fill_demo(ctx.reg)
    ctx.set_year(2022)
    asked = []
    first = tmp_path / "导出"
    first.mkdir()

    def save_dialog(_parent, _title, start, filters, *_chosen):
        asked.append((start, filters))
        return str(first / "统计") if len(asked) == 1 else "", "PDF 打印稿 (*.pdf)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    window.export_statistics().export_button.click()  # 导出… in the options: the file asked
    qtbot.waitUntil(lambda: "已导出 2022 年度统计" in window.statusBar().currentMessage(),
                    timeout=20_000)
    assert (first / "统计.pdf").read_bytes().startswith(b"%PDF")
    start, filters = asked[0]
    assert os.path.dirname(start) != os.getcwd() and "*.pdf" in filters
    options = window.export_statistics()  # the next time: where the last one went, as a PDF
    options.export_button.click()
    assert asked[1][0] == str(first / "2022年度统计.pdf")
    options.reject()  # the file dialog closed: the options stay, to change or leave
