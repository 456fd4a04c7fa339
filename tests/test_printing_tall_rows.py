"""A table row taller than a page: split over pages, never drawn past the bottom margin.

A 申报项目名称 or 备注 of a few thousand characters, or a unit's name pasted with a whole
paragraph, makes one row taller than the room a page gives the table. Each document built
on ``PagedTable`` (summary, payment list, 公示 list) must print every character of it, in
order, above the bottom margin, the row's number and amount once, the page subtotals and
totals to the fen.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from test_printing import page_count, pdf_text
from test_printing_lists import many  # noqa: F401 - the fixture
from test_summary_pdf_layout import many as many_rows
from test_summary_pdf_layout import rules

from boostdesk.models.campaign import FEDERATION
from boostdesk.printing.common import (
    A4,
    A4_LANDSCAPE,
    FINANCE_NOTE,
    MARGIN,
    MASKED_NOTE,
    PAD,
    Col,
    PagedTable,
    lay,
)
from boostdesk.printing.payments import PATENT_COLS, build_payment_lists, write_payments_pdf
from boostdesk.printing.samples import PRINTED_ON
from boostdesk.printing.summary import write_summary_pdf

# ≈ 2,900 characters: each sentence numbered, so a line lost or repeated shows
LONG = "".join(f"第{i}段：本项目完成了关键工艺的试验验证与现场应用。" for i in range(1, 121))
PARAGRAPH = "北京测试有限公司（" + "".join(
    f"该单位于第{i}年度承担了多项技术改造任务，" for i in range(1, 31)) + "）"


class Word(tuple):
    """pdftotext's word: (x0, y0, x1, y1, text), y from the page's top."""

    x0 = property(lambda w: w[0])
    y0 = property(lambda w: w[1])
    x1 = property(lambda w: w[2])
    y1 = property(lambda w: w[3])
    text = property(lambda w: w[4])


def words(pdf: Path, page: int) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    return [Word((float(a), float(b), float(c), float(d), unescape(t))) for a, b, c, d, t in
            re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                       r'yMax="([\d.]+)">([^<]*)</word>', out)]


def footer_words(page: int, pages: int) -> set[str]:
    day = f"{PRINTED_ON.year}年{PRINTED_ON.month}月{PRINTED_ON.day}日"
    # an outgoing document's footer names the office (北京市总工会 打印于 …)
    return set(f"第 {page} 页 共 {pages} 页 BoostDesk 北京市总工会 打印于 {day} 打印日期：{day} "
               f"{MASKED_NOTE} {FINANCE_NOTE}".split())


def assert_nothing_under_the_margin(pdf: Path, height: float) -> None:
    """Only the footer stands under the bottom margin, on every page."""
    pages = page_count(pdf)
    baseline = height - MARGIN * 0.55  # draw_footer's
    for p in range(1, pages + 1):
        under = [w.text for w in words(pdf, p) if w.y1 > height - MARGIN + 0.5
                 and not (w.text in footer_words(p, pages)
                          and baseline - 12 < w.y0 and w.y1 < baseline + 4)]
        assert under == [], (p, under[:5])


def column_words(pdf: Path, left: float, right: float, height: float,
                 header: tuple[str, ...]) -> list[str]:
    """What a column prints under its ``header`` (its words), page after page, top to
    bottom, above the bottom margin; 本页小计 (set across the columns) left out."""
    out = []
    for p in range(1, page_count(pdf) + 1):
        inside = [w for w in words(pdf, p) if left - 0.5 <= w.x0 and w.x1 <= right + 1.5
                  and w.y1 <= height - MARGIN + 0.5]
        heads = [w.y1 for w in inside if w.text in header]
        if not heads:  # a page of the closing alone (合计 and signatures): no table
            continue
        under = max(heads)
        out += [w.text for w in sorted(inside, key=lambda w: (round(w.y0), w.x0))
                if w.y0 > under and w.text != "本页小计"]
    return out


def edges(cols) -> list[float]:
    xs = [MARGIN]
    for c in cols:
        xs.append(xs[-1] + c.width)
    return xs


# -- the table's own layout ----------------------------------------------------------------
def test_a_row_taller_than_a_page_is_split_and_every_page_fits():
    cols = [Col("序号", 10, "center"), Col("项目名称", 46), Col("金额（元）", 22, "right")]
    rows = [["1", "短名", "100.00"], ["2", LONG, "200.00"], ["3", "短名", "300.00"]]
    table = PagedTable(cols=cols, rows=rows, size=9, values=[10000, 20000, 30000],
                       subtotal_col=2, format_value=lambda f: f"{f / 100:.2f}",
                       final_rows=[["合计", "", "600.00"]], closing_height=40)
    avail = 500.0
    spans = table.layout(avail)
    assert len(spans) >= 4
    shown: list[str] = []
    numbers: list[str] = []
    subtotal = 0
    for k, span in enumerate(spans):
        last = k == len(spans) - 1
        page = table.page_rows(span, last)
        assert sum(r.height for r in page) + (40 if last else 0) <= avail + 1e-6, span
        for r in page[1:]:
            if r.fill is not None:
                continue  # 本页小计, 合计
            number, title, _ = ("".join(laid.lines) for _, laid in r.cells)
            if number != "续":
                numbers.append(number)
            if title != "短名":
                shown.append(title)
        counted = span.start + (span.head is not None)
        subtotal += sum(table.values[counted:span.end])
    assert numbers == ["1", "2", "3"]  # the split row's number once
    assert "".join(shown) == "".join(table.laid(LONG, 1).lines)  # every line, in order
    assert subtotal == 60000
    # the pieces after the first say 续 under 序号, and are set from their top
    middle = table.page_rows(spans[1], False)[1]
    assert middle.top and middle.cells[0][1].lines == ("续",)


def test_a_page_of_a_rows_pieces_alone_says_its_subtotal_continues_the_page_before():
    """A page holding only the pieces of a row after its first page printed 本页小计 0.00:
    it says the row goes on from the page before, whose subtotal counts its amount; the
    pages' subtotals still add up to 合计."""
    from boostdesk.printing.common import EXTRA_FILL

    cols = [Col("序号", 10, "center"), Col("项目名称", 46), Col("金额（元）", 22, "right")]
    rows = [["1", "短名", "100.00"], ["2", LONG, "200.00"], ["3", "短名", "300.00"]]
    table = PagedTable(cols=cols, rows=rows, size=9, values=[10000, 20000, 30000],
                       subtotal_col=2, format_value=lambda f: f"{f / 100:.2f}",
                       final_rows=[["合计", "", "600.00"]], closing_height=40)
    spans = table.layout(500.0)
    subtotals, alone = [], 0
    for k, span in enumerate(spans):
        sub = next(r for r in table.page_rows(span, k == len(spans) - 1)
                   if r.fill == EXTRA_FILL)  # 本页小计, the first shaded row under the header
        label, amount = ("".join(laid.lines) for _, laid in sub.cells)
        if span.head is not None and span.end - span.start == 1:  # the row's pieces alone
            assert (label, amount) == ("本页小计：续上页，金额已计入上页小计", "")
            assert len(sub.cells[0][1].lines) == 1  # one line, as a subtotal's
            alone += 1
        else:
            assert label == "本页小计"
            subtotals.append(float(amount))
    assert alone >= 2  # the row's middle pages, and its end with row 3 is not one
    assert sum(subtotals) == 600.00
    assert "0.00" not in [f"{x:.2f}" for x in subtotals]


def test_a_split_row_begins_on_the_next_page_when_its_whole_cells_do_not_fit():
    from boostdesk.printing.common import Span, paginate

    # [(ends, height)]: a split that cannot begin in less than 50 points
    def split(i, first, room):
        if first < 50:
            return []
        return [((5,), first), ((9,), room), ((12,), 30.0)]

    assert paginate([60, 250, 10], 110, 10, 0, split) == [
        Span(0, 1), Span(1, 2, None, (5,)), Span(1, 2, (5,), (9,)), Span(1, 3, (9,))]
    assert paginate([30, 250], 110, 10, 0, split) == [
        Span(0, 2, None, (5,)), Span(1, 2, (5,), (9,)), Span(1, 2, (9,))]
    # a page that cannot hold a line of it: the row whole, as without splitting
    assert paginate([30, 250, 10], 110, 10, 0, lambda *_: []) == paginate([30, 250, 10], 110,
                                                                        10, 0)


def test_the_cells_that_fit_a_page_stay_whole_in_the_first_piece():
    cols = [Col("序号", 10, "center"), Col("所在单位", 30), Col("备注", 30)]
    remark = "材料齐全。" * 30  # tall, yet shorter than a page
    table = PagedTable(cols=cols, rows=[["7", LONG, remark]], size=9)
    first, *rest = table.pieces(table.rows[0], 400, 500)
    assert first[0][0] == 1 and first[0][2] == len(table.laid(remark, 2).lines)
    assert first[1] <= 400 and all(h <= 500 for _, h in rest)
    assert table.pieces(table.rows[0], table.laid(remark, 2).height, 500) == []


# -- the documents -------------------------------------------------------------------------
def test_summary_pdf_prints_a_title_of_thousands_of_characters_whole_above_the_margin(
        reg, tmp_path):
    s = many_rows(reg, 12)
    fields = [c.field for c in s.columns]
    rows = [list(r) for r in s.rows]
    rows[4][fields.index("title")] = LONG
    s = replace(s, rows=rows)
    pdf = tmp_path / "s.pdf"
    pages = write_summary_pdf(pdf, s, printed_on=PRINTED_ON)
    assert pages == page_count(pdf) >= 3
    height = A4_LANDSCAPE[1]
    assert_nothing_under_the_margin(pdf, height)
    xs = rules(s)
    assert LONG in "".join(column_words(pdf, xs[3], xs[4], height, ("专利名称",)))
    numbers = column_words(pdf, xs[0], xs[1], height, ("序", "号"))
    assert [n for n in numbers if n != "续"] == [str(n) for n in range(1, 13)]  # each once
    assert numbers.count("续") == pages - 2  # the pages the title goes on to
    last = pdf_text(pdf, pages)
    assert "合计（共 12 项）" in last and "负责人" in last


def test_payment_list_splits_a_union_name_of_a_paragraph_and_counts_its_amount_once(
        many, tmp_path):  # noqa: F811 - the fixture
    [fed] = build_payment_lists(many, 2022, 1, payer=FEDERATION)
    fed.patents[7] = replace(fed.patents[7], enterprise_name=PARAGRAPH * 3)
    pdf = tmp_path / "fed.pdf"
    pages = write_payments_pdf(pdf, [fed], printed_on=PRINTED_ON)
    height = A4_LANDSCAPE[1]
    assert_nothing_under_the_margin(pdf, height)
    xs = edges(PATENT_COLS)
    assert PARAGRAPH * 3 in "".join(column_words(pdf, xs[2], xs[3], height, ("所在单位",)))
    subtotals = 0
    continued = 0
    for p in range(1, pages + 1):
        text = pdf_text(pdf, p)
        m = re.search(r"本页小计\s+([\d,]+\.\d\d)", text)
        if m is None:  # a page of the row's pieces alone: its amount is on the page before
            assert "本页小计：续上页，金额已计入上页小计" in text, f"page {p} has no subtotal"
            assert "0.00" not in text
            continued += 1
            continue
        subtotals += int(m.group(1).replace(",", "").replace(".", ""))
    assert continued >= 1
    assert subtotals == fed.total == 44 * 1500_00 + 1500_01
    amounts = column_words(pdf, xs[7], xs[8], height, ("应拨金额（元）",))
    assert amounts.count("1,500.01") == 1  # the odd one, once
    numbers = column_words(pdf, xs[0], xs[1], height, ("序号",))
    assert [n for n in numbers if n != "续"] == [str(n) for n in range(1, 46)]
    assert "续" in numbers


def test_publicity_list_prints_a_long_project_name_whole_above_the_margin(reg, tmp_path):
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import start_publicity
    from boostdesk.panel.publicity_docs import pdf_columns, write_publicity_pdf
    from tests.test_panel_support import (
        CITY,
        DISTRICT,
        add_experts,
        make_project,
        score_all,
        to_review,
    )

    ids = [make_project(reg, "市级甲项目", "工作室甲", CITY),
           make_project(reg, LONG, "工作室乙", CITY),
           make_project(reg, "区级丙项目", "工作室丙", DISTRICT)]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, dict(zip(ids, (90, 85, 80), strict=True)))
    adopt(reg, 2022)
    start_publicity(reg, 2022, date(2022, 12, 20))
    pdf = tmp_path / "公示.pdf"
    pages = write_publicity_pdf(reg, 2022, pdf, printed_on=PRINTED_ON)
    assert pages == page_count(pdf) >= 3
    assert_nothing_under_the_margin(pdf, A4[1])
    xs = edges(pdf_columns())
    assert LONG in "".join(column_words(pdf, xs[1], xs[2], A4[1], ("项目名称",)))
    amounts = column_words(pdf, xs[6], xs[7], A4[1], ("（元）",))
    assert amounts == ["100,000", "100,000", "30,000", "230,000"]  # each once, and 合计


@pytest.mark.parametrize("size", [7.5, 9])
def test_a_piece_is_never_lower_than_its_continued_mark(size):
    # a name column shrunk to 6 points wraps at a smaller spacing than the 续 under 序号
    cols = [Col("序号", 10, "center"), Col("收款人", 15, name=True)]
    name = "欧阳" * 400
    table = PagedTable(cols=cols, rows=[["1", name]], size=size)
    pieces = table.pieces(table.rows[0], 100, 300)
    mark = lay("续", cols[0].width - 2 * PAD, size).height + 2 * PAD
    assert all(h >= mark - 1e-6 for _, h in pieces[1:])


def test_two_tall_cells_of_one_row_each_go_on_whole_and_in_order():
    cols = [Col("序号", 10, "center"), Col("项目名称", 46), Col("备注", 30),
            Col("金额（元）", 22, "right")]
    rows = [["1", LONG, PARAGRAPH * 2, "100.00"], ["2", "短名", "", "200.00"]]
    table = PagedTable(cols=cols, rows=rows, size=9, values=[10000, 20000], subtotal_col=3,
                       format_value=lambda f: f"{f / 100:.2f}")
    avail = 400.0
    spans = table.layout(avail)
    printed: list[list[str]] = [[], [], [], []]
    for k, span in enumerate(spans):
        page = table.page_rows(span, k == len(spans) - 1)
        assert sum(r.height for r in page) <= avail + 1e-6, span
        for r in page[1:]:
            if r.fill is None:
                for j, (_, laid) in enumerate(r.cells):
                    printed[j] += laid.lines
    assert printed[1] == [*table.laid(LONG, 1).lines, "短名"]
    assert printed[2] == list(table.laid(PARAGRAPH * 2, 2).lines)
    assert [x for x in printed[0] if x != "续"] == ["1", "2"]
    assert printed[3] == ["100.00", "200.00"]


def test_a_union_named_with_a_paragraph_gets_its_list_printed_over_nothing(reg, tmp_path):
    """The union's name stands in the title (the heading and the table pushed down), in
    推荐单位 (split over pages) and under the signatures (room kept for its lines)."""
    from stdnum.cn import ric
    from test_printing_lists import overlapping_words

    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.models import PatentApplication
    from boostdesk.models.records import PATENT

    union = "北京经济技术开发区" * 120
    for i in range(1):
        base = f"11010519800101{i:03d}"
        app_id = reg.save_patent(PatentApplication(
            campaign_year=2022, title=f"一种测试方法{i}", patent_number_raw=f"ZL2021101{i:05d}.X",
            inventor_name=f"测试{chr(0x4E00 + i)}", id_number=base + ric.calc_check_digit(base + "0"),
            card_number=f"621483011234{i:04d}", unit_name=union, enterprise_name="北京测试有限公司"))
        reg.set_status(PATENT, app_id, "qualified")
        reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                       approved_date=date(2022, 12, 15))
    sync_plan(reg, 2022)
    lists = build_payment_lists(reg, 2022, 1, payer="union", unit_name=union)
    pdf = tmp_path / "union.pdf"
    pages = write_payments_pdf(pdf, lists, printed_on=PRINTED_ON)
    assert pages >= 3
    assert_nothing_under_the_margin(pdf, A4_LANDSCAPE[1])
    assert all(overlapping_words(pdf, p) == [] for p in range(1, pages + 1))
    xs = edges(PATENT_COLS)
    assert "".join(column_words(pdf, xs[1], xs[2], A4_LANDSCAPE[1], ("推荐单位",))) == union
    assert "负责人" in pdf_text(pdf, pages)
