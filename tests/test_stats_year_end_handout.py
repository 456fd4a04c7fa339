"""The year-end handout for the leadership (stop 44, the director's report): `stats
--compare 2021 --as-of 2022-12-31 --out asof.pdf` counted 专利 已拨付 6 in its stages beside
¥0.00 paid on the page titled 截至 2022年12月31日; its comparison set 2021's money counted
to 2022-12-31 (¥157,000.00) beside 2022's to that day (¥0.00); it opened with the office's
按规则自动核对 columns, 19 pages and no page of totals to hand over; its notes said
2022-12-31. And the window's 打印 had no 年度统计."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from test_ui_support import year_context

from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.money import format_money
from boostdesk.printing.jobs import STATISTICS
from boostdesk.statistics import year_statistics
from boostdesk.stats_overview import overview_table
from boostdesk.ui.print_screen import PrintScreen
from boostdesk.year_compare import same_point
from tests.test_finance import add_patent
from tests.test_statistics import demo, demo_file

__all__ = ["demo", "demo_file"]

YEAR_END = date(2022, 12, 31)


def _text(pdf, first: int | None = None, last: int | None = None) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext not installed")
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    return subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout


def _column(ws, header: str) -> list:
    heads = [c.value for c in ws[3]]
    j = heads.index(header)
    return [r[j].value for r in ws.iter_rows(min_row=4)]


# -- 1. the stages as they stood that day ------------------------------------------------------
def _received_on(reg, day: date) -> None:
    """Every patent received (收件日期) on ``day``: typed in later, in the year as of it."""
    with reg.conn:
        reg.conn.execute("UPDATE patent_applications SET received_date = ?", (day.isoformat(),))


def test_the_stages_as_of_a_day_count_a_payment_by_the_day_it_was_sent(reg):
    """A paid on 2022-12-20, B on 2023-01-05, both typed in today (their status history's
    day is today's): as of the year's end A stood 已拨付, B 核准 — as the money page counts
    them —, before either transfer both 核准 (核准日期 2022-12-15), before that 已登记."""
    a = add_patent(reg)
    b = add_patent(reg, "李四", "110105198001010016", "朝阳区总工会", number="ZL202110654321.0")
    sync_plan(reg, 2022)
    every = payment_lines(reg, 2022, stream=PATENT)
    lines = {app: [x.id for x in every if x.app_id == app] for app in (a, b)}
    mark_all_paid(reg, lines[a], date(2022, 12, 20), "记-2212-001")
    mark_all_paid(reg, lines[b], date(2023, 1, 5), "记-2301-001")
    _received_on(reg, date(2022, 10, 20))

    def stages(day: date | None) -> dict[str, int]:
        total = year_statistics(reg, 2022, cutoff=day).totals[PATENT]
        return {k: n for k, n in total.statuses.items() if n}

    assert stages(None) == {"paid": 2}
    end = year_statistics(reg, 2022, cutoff=YEAR_END).totals[PATENT]
    assert {k: n for k, n in end.statuses.items() if n} == {"approved": 1, "paid": 1}
    assert end.paid_total == 3000_00 and end.statuses["paid"] * 3000_00 == end.paid_total
    assert stages(date(2022, 12, 19)) == {"approved": 2}
    assert stages(date(2022, 12, 10)) == {"registered": 2}


def test_an_award_approved_after_the_day_is_no_award_as_of_it(reg):
    """核准 on 2023-01-10 (its 核准日期): at the end of 2022 it was no award — neither in
    核准助推 and its amount, nor owed, nor at the stage 核准 — as its stage says."""
    add_patent(reg)
    add_patent(reg, "李四", "110105198001010016", "朝阳区总工会", number="ZL202110654321.0",
               approved=date(2023, 1, 10))
    sync_plan(reg, 2022)
    _received_on(reg, date(2022, 10, 20))
    end = year_statistics(reg, 2022, cutoff=YEAR_END)
    total = end.totals[PATENT]
    assert (total.approved, total.award_fen, total.owed_total, total.due_fen) == (
        1, 3000_00, 3000_00, 3000_00)
    assert total.statuses.get("approved") == 1 and total.received == 2
    assert sum(r.patents_approved for r in end.kinds) == 1
    later = year_statistics(reg, 2022, cutoff=date(2023, 1, 10)).totals[PATENT]
    assert (later.approved, later.statuses.get("approved")) == (2, 2)


def test_the_handout_as_of_the_year_end_counts_no_paid_stage_where_nothing_was_paid(
        demo, tmp_path):
    """The demo's 2022 transfers were all sent in 2023: as of 2022-12-31 its stages say
    核准, not 已拨付 / 首笔拨付 (6 and 5 before), and the stage counts still add up."""
    out = tmp_path / "asof.xlsx"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--as-of", "2022-12-31",
                 "--out", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    patents, projects = wb["专利助推"], wb["创新项目助推"]
    assert _column(patents, "已拨付（元）")[-1] == 0
    assert _column(patents, "审核与助推阶段：已拨付")[-1] == 0
    assert _column(patents, "审核与助推阶段：核准")[-1] == _column(patents, "核准助推（项）")[-1]
    assert _column(projects, "审核与助推阶段：首笔拨付")[-1] == 0
    heads = [c.value for c in patents[3]]
    stages = [h for h in heads if h.startswith("审核与助推阶段：")]
    assert sum(_column(patents, h)[-1] for h in stages) == _column(patents, "收到申报")[-1]


# -- 2. the comparison at the same point of each cycle -----------------------------------------
def test_the_compared_year_is_counted_to_the_same_day_of_its_own_cycle(demo, tmp_path):
    out = tmp_path / "cmp.xlsx"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--compare", "2021",
                 "--as-of", "2022-12-31", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["年度对比"]
    title = next(c.value for c in ws[1] if c.value)
    assert "2021年度与2022年度对比（按推荐工会，各截至本年度12月31日）" in title
    old, new = "2021年度已拨付（截至2021年12月31日，元）", "2022年度已拨付（截至2022年12月31日，元）"
    # 2021's transfers were sent in 2022: none by 2021-12-31 (¥157,000.00 counted a year
    # longer before), as 2022's none by 2022-12-31
    assert _column(ws, old)[-1] == 0 and _column(ws, new)[-1] == 0
    assert _column(ws, "已拨付增减")[-1] == 0
    assert "2021年度截至2021年12月31日、2022年度截至2022年12月31日" in next(c.value for c in ws[2] if c.value)


def test_without_a_day_the_comparison_says_both_years_are_counted_to_today(demo, tmp_path):
    from boostdesk.printing.common import cn_date

    today = cn_date(date.today())
    out = tmp_path / "cmp.xlsx"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--compare", "2021",
                 "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["年度对比"]
    assert _column(ws, f"2021年度已拨付（截至{today}，元）")[-1] == 157_000
    assert f"两个年度均按{today}的数字统计" in next(c.value for c in ws[2] if c.value)
    assert "并非同期可比" in next(c.value for c in ws[2] if c.value)


def test_the_same_point_of_an_earlier_cycle():
    assert same_point(YEAR_END, 2022, 2021) == date(2021, 12, 31)
    assert same_point(date(2024, 2, 29), 2024, 2023) == date(2023, 2, 28)
    assert same_point(date(2023, 3, 31), 2022, 2020) == date(2021, 3, 31)


# -- 3. the 总览 first ----------------------------------------------------------------------
def test_the_handout_opens_with_one_page_of_totals_beside_the_year_compared(demo, tmp_path):
    pdf, xlsx = tmp_path / "handout.pdf", tmp_path / "handout.xlsx"
    for out in (pdf, xlsx):
        assert main(["stats", "--db", str(demo), "--year", "2022", "--compare", "2021",
                     "--as-of", "2022-12-31", "--out", str(out)]) == 0
    first = _text(pdf, 1, 1)
    assert "总览（2022年度与2021年度对比）" in first and "按规则自动核对" not in first
    assert "2021年度（截至2021年12月31日）" in first and "2022年度（截至2022年12月31日）" in first
    assert "增减（2022年度较2021年度）" in first
    assert format_money(550_000_00) in first  # 2022's projects' awards
    assert "总览" not in _text(pdf, 2, 2)
    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    assert ws.title == "总览"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    assert [r[0] for r in rows] == ["专利助推"] * 3 + ["创新项目助推"] * 3 + ["合计"] * 3
    heads = [c.value for c in ws[3]]
    award, received = heads.index("核准金额（元）"), heads.index("收到申报（件）")
    assert [r[award] for r in rows[3:6]] == [180_000, 550_000, 370_000]
    assert [r[received] for r in rows[6:]] == [7, 98, 91]


def test_the_overview_adds_up_to_the_year_s_tables(demo):
    from boostdesk.models import Register

    reg = Register.open(demo, operator="统计员")
    try:
        stats = year_statistics(reg, 2022)
    finally:
        reg.close()
    table = overview_table(stats)
    assert table.sheet == "总览" and [r[0] for r in table.rows] == ["专利助推", "创新项目助推", "合计"]
    for key in ("received", "approved", "paid", "owed", "due", "awaiting"):
        got = table.column(key)
        assert got[2] == got[0] + got[1]
    patents = stats.totals[PATENT]
    assert table.rows[0][2:5] == [patents.received, patents.approved, patents.award_fen]
    owed = table.column("owed")
    assert owed[1] == stats.totals[PROJECT].owed_total
    assert all(o == d + a for o, d, a in zip(owed, table.column("due"), table.column("awaiting"),
                                             strict=True))


# -- 4. the notes' days written as the documents write them ------------------------------------
def test_the_handout_s_notes_say_the_day_in_chinese(demo, tmp_path):
    out = tmp_path / "asof.pdf"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--as-of", "2022-12-31",
                 "--out", str(out)]) == 0
    text = _text(out)
    assert "注：拨付、退汇、追回只计 2022年12月31日及以前的" in text
    assert "2022-12-31" not in text
    now = tmp_path / "now.pdf"
    assert main(["stats", "--db", str(demo), "--year", "2022", "--out", str(now)]) == 0
    assert "见截至2022年12月31日的统计" in _text(now) and "2022-12-31" not in _text(now)


# -- 打印 → 年度统计 ------------------------------------------------------------------------
def test_the_print_screen_offers_the_year_statistics(demo, tmp_path, qtbot):
    from boostdesk.models import Register

    reg = Register.open(demo, operator="统计员")
    try:
        w = PrintScreen(year_context(reg, tmp_path, 2022))
        qtbot.addWidget(w)
        w.resize(1200, 800)
        w.show()
        w.document.setFocus()
        while w.document.currentData() != STATISTICS:  # as a clerk goes down the list
            before = w.document.currentIndex()
            qtbot.keyClick(w.document, Qt.Key.Key_Down)
            assert w.document.currentIndex() != before, "年度统计 not offered"
        assert w.document.currentText() == "年度统计"
        assert not w.unmasked.isVisible()  # no number to mask: one copy
        assert w.xlsx_button.isEnabled()
        qtbot.mouseClick(w.preview_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: w.page_count > 0 or bool(w.error.text()), timeout=30_000)
        assert w.page_count > 10 and not w.error.text()
        out = tmp_path / "统计.pdf"
        w.save_pdf_to(out)
        qtbot.waitUntil(out.exists, timeout=20_000)
        assert "总览" in _text(out, 1, 1)
        book = tmp_path / "统计.xlsx"
        w.save_xlsx_to(book)
        qtbot.waitUntil(book.exists, timeout=30_000)
        assert openpyxl.load_workbook(book).sheetnames[:2] == ["总览", "专利助推"]
    finally:
        reg.close()


def test_a_compared_day_before_that_year_s_plan_is_refused(demo, capsys):
    """2021's plan issued 2022-01-15 (say): its 2021-12-31 had no paper to compare."""
    import sqlite3

    with sqlite3.connect(demo) as conn:
        conn.execute("UPDATE campaigns SET params = json_set(params, '$.issued_date',"
                     " '2022-01-15') WHERE year = 2021")
    assert main(["stats", "--db", str(demo), "--year", "2022", "--compare", "2021",
                 "--as-of", "2022-12-31"]) != 0
    err = capsys.readouterr().err
    assert "对比的 2021 年度按同一时点统计，应截至 2021-12-31" in err
    assert "2021 年度方案印发（2022-01-15）之前" in err
