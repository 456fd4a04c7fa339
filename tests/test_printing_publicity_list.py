"""The printed 公示 list (方案二（四）3): its pages filled, and a reprint after an upheld
objection that never passes for the list that was posted."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from test_printing import page_count, pdf_fonts, pdf_text, squash
from test_printing_lists import overlapping_words
from test_printing_tall_rows import assert_nothing_under_the_margin, edges, words

from boostdesk.models.records import PROJECT
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.panel.publicity_docs import pdf_columns, write_publicity_pdf, write_publicity_xlsx
from boostdesk.printing.common import A4, MARGIN
from boostdesk.printing.samples import PRINTED_ON
from tests.test_panel_support import CITY, DISTRICT, WAN, YEAR, make_project, to_review

HEIGHT = A4[1]


def publicized(reg, n: int) -> list[int]:
    """``n`` district projects in publicity from 2022-12-20, one line each on the list."""
    ids = []
    for i in range(1, n + 1):
        pid = make_project(reg, f"区级项目{i}", f"工作室{i}", DISTRICT, requested_fen=3 * WAN)
        to_review(reg, pid)
        reg.set_status(PROJECT, pid, "proposed")
        ids.append(pid)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def numbers(pdf, page: int) -> list[str]:
    """The 序号 printed on ``page`` (the column's words under its header)."""
    xs = edges(pdf_columns())
    inside = [w for w in words(pdf, page) if xs[0] <= w.x0 and w.x1 <= xs[1] + 1
              and w.y1 <= HEIGHT - MARGIN]
    return [w.text for w in sorted(inside, key=lambda w: w.y0) if w.text.isdigit()]


def table_bottom(pdf, page: int) -> float:
    """The lowest word above the bottom margin (the footer is under it)."""
    return max(w.y1 for w in words(pdf, page) if w.y1 <= HEIGHT - MARGIN)


def test_the_pages_after_the_first_fill_down_to_the_margin(reg, tmp_path):
    """The first page's title and period took 62 pt off every page: the later pages'
    tables stopped ≈ 62 pt above the margin, a list of 110 projects a page longer."""
    publicized(reg, 110)
    pdf = tmp_path / "公示.pdf"
    pages = write_publicity_pdf(reg, YEAR, pdf, printed_on=PRINTED_ON)
    assert pages == page_count(pdf) == 3
    assert_nothing_under_the_margin(pdf, HEIGHT)
    per_page = [numbers(pdf, p) for p in range(1, pages + 1)]
    assert [n for page in per_page for n in page] == [str(i) for i in range(1, 111)]
    row = 9 * 1.3 + 5  # a one-line row
    # the page after the first holds the 62 pt of title more: three rows
    assert len(per_page[1]) >= len(per_page[0]) + 3
    assert HEIGHT - MARGIN - table_bottom(pdf, 2) < row + 3
    assert HEIGHT - MARGIN - table_bottom(pdf, 1) < row + 3
    # the header row repeated at the top of the later pages, under no title
    header = [w for w in words(pdf, 2) if w.text == "项目名称"]
    assert header and header[0].y0 < MARGIN + 20
    assert "公示名单" not in pdf_text(pdf, 2)
    last = squash(pdf_text(pdf, 3))
    assert "合计共110项3,300,000" in last and "公示期内" in last
    assert all(overlapping_words(pdf, p) == [] for p in range(1, pages + 1))
    assert {emb for _, emb in pdf_fonts(pdf)} == {"yes"}


def test_paginate_gives_the_first_page_its_own_room():
    from boostdesk.printing.common import Span, paginate

    # 100 points a page, 70 on the first (a title above), 10 kept for the header
    assert paginate([10] * 20, 100, 10, 0, first=70) == [Span(0, 6), Span(6, 15), Span(15, 20)]
    assert paginate([10] * 20, 100, 10, 0) == paginate([10] * 20, 100, 10, 0, first=None)
    # the closing block measured against the page it falls on: the first one's room
    assert paginate([10] * 5, 100, 10, 20, first=70) == [Span(0, 4), Span(4, 5)]

    def split(i, here, room):
        return [((3,), here), ((6,), 30.0)] if here >= 20 else []

    # a first row taller than the first page's room (not than a page) is cut there
    assert paginate([80, 10], 100, 10, 0, split, first=50) == [
        Span(0, 1, None, (3,)), Span(0, 2, (3,))]
    # one that cannot begin there leaves the first page to the header alone
    assert paginate([80, 10], 100, 10, 0, split, first=25) == [Span(0, 0), Span(0, 2)]


# -- a list printed again after an upheld objection ----------------------------------------
@pytest.fixture
def three(reg):
    """甲 10万 and 乙 5万 (city), 丙 3万 (district), in publicity 2022-12-20 to 12-26."""
    ids = {"a": make_project(reg, "市级甲项目", "工作室甲", CITY),
           "b": make_project(reg, "市级乙项目", "工作室乙", CITY, requested_fen=5 * WAN),
           "c": make_project(reg, "区级丙项目", "工作室丙", DISTRICT)}
    for pid in ids.values():
        to_review(reg, pid)
        reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def upheld(reg, pid: int, on: date, received: date = date(2022, 12, 22)) -> None:
    oid = record_objection(reg, pid, received, "张某", "项目已于2021年完成")
    resolve_objection(reg, oid, upheld=True, note="经核实，项目已于2021年完成", on=on)


def closing_lines(pdf) -> list[str]:
    """The last page's lines under the table, without spaces, the footer left out."""
    lines = [squash(x) for x in pdf_text(pdf, page_count(pdf)).splitlines() if x.strip()]
    return lines[next(i for i, x in enumerate(lines) if "合计" in x) + 1:-1]


def test_a_list_printed_after_an_upheld_objection_is_a_correction_of_its_own_day(
        reg, three, tmp_path):
    """Printed again after 乙's objection was upheld, the list left 乙 out yet kept the
    period, the call for objections and the first day's date: a list that was never
    posted, passing for the one that was. Now: every posted project under its posted
    number, 乙 marked 不予助推, titled 更正, dated on the day the objection was upheld and
    saying which project was withdrawn and why; the period kept as posted."""
    upheld(reg, three["b"], date(2022, 12, 24))
    pdf = tmp_path / "公示.pdf"
    assert write_publicity_pdf(reg, YEAR, pdf, printed_on=PRINTED_ON) == 1
    text = squash(pdf_text(pdf))
    assert "北京市总工会2022年职工创新助推计划拟助推创新项目公示名单（更正）" in text
    assert "公示期：2022年12月20日至2022年12月26日（共7天）更正日期：2022年12月24日" in text
    assert "1市级甲项目工作室甲" in text and "100,000" in text
    assert "2市级乙项目工作室乙" in text and "不予助推" in text and "50,000" not in text.split(
        "更正说明")[0]  # the withdrawn amount is not in the table, only in the 说明
    assert "3区级丙项目工作室丙" in text
    assert "更正后合计共2项130,000" in text
    closing = "".join(closing_lines(pdf))
    assert ("更正说明：2022年12月24日，原公示名单第2项“市级乙项目”（工作室乙，拟助推金额50,000元）"
            "公示期内收到的异议经核查成立（经核实，项目已于2021年完成），该项目不予助推。"
            "其余项目的公示内容不变。") in closing
    assert "公示期内，如对上述项目有异议" in closing  # still running on the 更正's day
    assert closing.endswith("北京市总工会2022年12月24日")
    assert_nothing_under_the_margin(pdf, HEIGHT)
    assert overlapping_words(pdf, 1) == []

    ws = openpyxl.load_workbook(write_publicity_xlsx(reg, YEAR, tmp_path / "公示.xlsx")).active
    assert ws["A1"].value.endswith("公示名单（更正）")
    assert ws["A2"].value == "公示期：2022年12月20日至2022年12月26日（共 7 天）　　更正日期：2022年12月24日"
    assert [(r[0], r[1], r[6]) for r in ws.iter_rows(min_row=4, max_row=7, values_only=True)] == [
        (1, "市级甲项目", 100000), (2, "市级乙项目", "不予助推"), (3, "区级丙项目", 30000),
        (None, "更正后合计", 130000)]
    texts = [c.value for row in ws.iter_rows(min_row=8) for c in row if c.value]
    assert texts[0].startswith("更正说明：2022年12月24日，原公示名单第 2 项“市级乙项目”")
    assert texts[-1] == "北京市总工会　2022年12月24日"


def test_a_correction_after_the_period_no_longer_calls_for_objections(reg, three, tmp_path):
    """An objection received in the period, entered and upheld after the close: the 更正
    is dated on its own day, after the period, and invites no more objections."""
    close_publicity(reg, YEAR, date(2022, 12, 27))
    upheld(reg, three["a"], date(2023, 1, 5), received=date(2022, 12, 23))
    pdf = tmp_path / "公示.pdf"
    write_publicity_pdf(reg, YEAR, pdf, printed_on=date(2023, 1, 6))
    text = squash(pdf_text(pdf))
    assert "公示名单（更正）" in text and "更正日期：2023年1月5日" in text
    assert "原公示名单第1项“市级甲项目”（工作室甲，拟助推金额100,000元）" in text
    assert "公示期内，如对上述项目有异议" not in text
    assert "更正后合计共2项80,000" in text
    assert "".join(closing_lines(pdf)).endswith("北京市总工会2023年1月5日")


def test_a_list_with_a_dismissed_or_open_objection_is_the_list_as_posted(reg, three, tmp_path):
    oid = record_objection(reg, three["a"], date(2022, 12, 21), "李某", "负责人有争议")
    resolve_objection(reg, oid, upheld=False, note="经核查，负责人无误", on=date(2022, 12, 23))
    record_objection(reg, three["c"], date(2022, 12, 22), "王某", "数据不实")  # open
    pdf = tmp_path / "公示.pdf"
    write_publicity_pdf(reg, YEAR, pdf, printed_on=date(2022, 12, 25))
    text = squash(pdf_text(pdf))
    assert "更正" not in text and "不予助推" not in text
    assert "合计共3项180,000" in text
    assert "".join(closing_lines(pdf)).endswith("北京市总工会2022年12月20日")
