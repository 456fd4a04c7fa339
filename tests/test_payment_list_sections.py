"""A payment list's section 二 (projects) goes on under section 一 (patents) on the page
一 ends on when its heading, table header and a few rows fit there; it begins a new page
only when they do not. Finance prints and stamps these lists: a two-page printout where
one would do was the known limit of stop 35.

What every break in the document keeps: no section heading alone at a page's foot; the
table header on every page; 本页小计 for each section's part of a page, all of them adding
up to 合计 to the fen; 合计, 大写 and the signatures with rows of what they sign for; each
payer's list beginning a page of its own, numbered on its own."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from test_printing import page_count, pdf_text, squash
from test_printing_lists import overlapping_words
from test_printing_long_closings import numbered_right
from test_printing_tall_rows import assert_nothing_under_the_margin, words

from boostdesk.models.campaign import FEDERATION
from boostdesk.money import daxie, format_money, format_plain
from boostdesk.printing.common import A4_LANDSCAPE, Col, PagedTable, Part, Span
from boostdesk.printing.payments import PaymentList, build_payment_lists, write_payments_pdf
from boostdesk.printing.samples import PRINTED_ON, YEAR, fill_sample

ONE = "一、发明专利助推资金"
TWO = "二、创新项目助推资金"
STUDIO = "李红兵劳模创新工作室"  # on each project row of the sample, on no patent row
HEIGHT = A4_LANDSCAPE[1]
FEW = 3  # rows of 二 under its heading at the least (payments.FOLLOW_ROWS)


@pytest.fixture
def fed(reg) -> PaymentList:
    """The sample's federation list of the first tranche: two patents, one project."""
    fill_sample(reg)
    (pl,) = build_payment_lists(reg, YEAR, 1, payer=FEDERATION)
    assert len(pl.patents) == 2 and len(pl.projects) == 1
    return pl


def made(pl: PaymentList, patents: int, projects: int, payer_name: str = "") -> PaymentList:
    """``pl`` with so many patent and project lines, each of another amount to the fen."""
    pat, proj = pl.patents[0], pl.projects[0]
    return replace(
        pl, payer_name=payer_name or pl.payer_name,
        patents=[replace(pat, id=1000 + i, amount_fen=1500_00 + i) for i in range(patents)],
        projects=[replace(proj, id=5000 + i, amount_fen=30000_00 + i) for i in range(projects)])


def page_of(pdf, fragment: str) -> int:
    """The first page whose text holds ``fragment`` (0: none)."""
    pages = squash(pdf_text(pdf).replace("\f", "PAGEBREAK")).split("PAGEBREAK")
    return next((p for p, text in enumerate(pages, start=1) if fragment in text), 0)


def top_of(pdf, page: int, fragment: str) -> float:
    """The top of the first word on ``page`` holding ``fragment``, from the page's top."""
    return min(w.y0 for w in words(pdf, page) if fragment in w.text)


def subtotals(pdf) -> list[int]:
    """Every 本页小计 printed, page after page, in fen."""
    return [int(m.replace(",", "").replace(".", "")) for p in range(1, page_count(pdf) + 1)
            for m in re.findall(r"本页小计\s*([\d,]+\.\d\d)", pdf_text(pdf, p))]


def sound(pdf, pl: PaymentList) -> None:
    """What every layout of a list keeps, whatever its breaks."""
    pages = page_count(pdf)
    numbered_right(pdf, pages)
    assert_nothing_under_the_margin(pdf, HEIGHT)
    assert all(overlapping_words(pdf, p) == [] for p in range(1, pages + 1))
    assert sum(subtotals(pdf)) == pl.total
    text = squash(pdf_text(pdf))
    for part in (pl.patents, pl.projects):
        assert f"小计（{len(part)}笔）{format_plain(sum(x.amount_fen for x in part))}" in text
    last = squash(pdf_text(pdf, pages))
    assert f"合计：{format_money(pl.total)}大写：{daxie(pl.total)}" in last
    assert "负责人" in last and STUDIO in last  # signed under rows of what they sign for
    for p in range(1, pages + 1):  # the table header on every page of rows
        page = squash(pdf_text(pdf, p))
        assert "序号" in page and "应拨金额（元）" in page
        if TWO in page:  # never a heading alone at the foot: rows of it under it
            assert page.count(STUDIO) >= min(FEW, len(pl.projects)), p


def test_a_short_list_prints_both_sections_and_their_total_on_one_page(fed, tmp_path):
    pdf = tmp_path / "fed.pdf"
    assert write_payments_pdf(pdf, [fed], printed_on=PRINTED_ON) == page_count(pdf) == 1
    sound(pdf, fed)
    one, two = top_of(pdf, 1, ONE), top_of(pdf, 1, TWO)
    # 二 under 一's rows and 小计, 合计 and the signatures under 二's
    assert one < top_of(pdf, 1, "3,000.00") < two < top_of(pdf, 1, "30,000.00") \
        < top_of(pdf, 1, "合计") < top_of(pdf, 1, "负责人")
    assert "合计：¥33,000.00大写：人民币叁万叁仟元整（一、二两部分合计）" in squash(pdf_text(pdf))
    assert subtotals(pdf) == [3000_00, 30000_00]  # each section's part of the page


@pytest.mark.parametrize("payer", [
    "",  # 北京市总工会
    "北京经济技术开发区" * 14,  # shrunk to the smallest size, two lines
    "北京经济技术开发区" * 40,  # four lines over every page: the tables lower down
    "北京经济技术开发区" * 120,  # a paragraph: whole over the first page(s), a line after
])
def test_section_two_follows_while_a_few_rows_fit_and_begins_a_page_only_when_not(
        fed, tmp_path, payer):
    """More and more patents push 二 down the page 一 ends on: it stays there while its
    heading, header, FEW rows and 本页小计 fit, the rest on the next page with 合计;
    one patent more and it begins the next page, at its top, leaving nothing of it on the
    page before. (Before, it always began a page: 一 of one patent, 二 on page 2.)"""
    projects = 6

    def printed(n: int):
        pl = made(fed, n, projects, payer)
        pdf = tmp_path / f"{n}.pdf"
        write_payments_pdf(pdf, [pl], printed_on=PRINTED_ON)
        return pl, pdf

    first = page_of(printed(1)[1], ONE)  # the page 一 begins on (after a paragraph's)
    fits = 0
    for n in range(1, 40):
        pl, pdf = printed(n)
        if page_of(pdf, TWO) != page_of(pdf, f"小计（{n}笔）"):
            break
        fits = n
    else:
        pytest.fail("section 二 never had to begin a page")
    assert fits >= 1  # 一 of a patent or more leaves room for 二's heading and rows

    pl, pdf = printed(fits)  # 二 just fits under 一: FEW rows, the rest after
    sound(pdf, pl)
    page = page_of(pdf, TWO)
    assert page == first == page_of(pdf, f"小计（{fits}笔）")
    shared = squash(pdf_text(pdf, page))
    assert FEW <= shared.count(STUDIO) < projects
    assert top_of(pdf, page, f"（{fits}") < top_of(pdf, page, TWO)  # under 一's 小计
    assert page_count(pdf) == page + 1  # 二's other rows, its 小计 and 合计 on the next

    pl, pdf = printed(fits + 1)  # one row more: 二 begins the next page, at its top
    sound(pdf, pl)
    page = page_of(pdf, TWO)
    assert page == page_of(pdf, f"小计（{fits + 1}笔）") + 1
    assert TWO not in squash(pdf_text(pdf, page - 1))  # nothing of 二 at the foot before
    assert squash(pdf_text(pdf, page)).count(STUDIO) == projects
    if not payer:  # as high as 一 stands on its page: the page's first section
        assert top_of(pdf, page, TWO) == pytest.approx(top_of(pdf, first, ONE), abs=0.5)


def test_each_payers_list_still_begins_a_page_numbered_on_its_own(fed, reg, tmp_path):
    """The lists of several payers are stamped and handed over apart: a union's short
    list does not go on under the federation's."""
    lists = build_payment_lists(reg, YEAR, 1)
    assert len(lists) >= 3 and lists[0].payer_name == fed.payer_name
    pdf = tmp_path / "all.pdf"
    pages = write_payments_pdf(pdf, lists, printed_on=PRINTED_ON)
    assert pages == page_count(pdf) == len(lists)  # each list one page: 二 under 一
    for p, pl in enumerate(lists, start=1):
        text = squash(pdf_text(pdf, p))
        assert f"付款单位：{pl.payer_name}" in text and "第1页共1页" in text
        assert f"合计：{format_money(pl.total)}" in text


# -- the rule, on the layout ------------------------------------------------------------------
COLS = (Col("序号", 20, "center"), Col("名称", 120), Col("金额", 40, "right"))


def table(rows: int, closing: float = 0.0) -> PagedTable:
    return PagedTable(cols=COLS, rows=[[str(i), f"名称{i}", "1.00"] for i in range(rows)],
                      values=[100] * rows, subtotal_col=2, format_value=format_plain,
                      final_rows=[["小计", "", "1.00"]],
                      closing_parts=[Part(closing)] if closing else [])


def test_following_refuses_a_heading_over_too_few_rows_or_a_closing_left_without_rows():
    from boostdesk.printing.payments import FOLLOW_ROWS, SECTION_H, following

    assert FOLLOW_ROWS == FEW
    probe = table(10)

    def need(rows: int, final: bool = False) -> float:  # header, rows, 本页小计 (and 小计)
        # paginate keeps 3 points more than it draws (2 to spare, 1 on 本页小计)
        return probe.drawn_height(Span(0, rows), final) + 3

    # room for the header, FOLLOW_ROWS rows and 本页小计: it follows, the rest after
    spans = following(table(10), 600, SECTION_H + need(FOLLOW_ROWS) + 0.5)
    assert spans is not None and spans[0].end - spans[0].start == FOLLOW_ROWS
    assert following(table(10), 600, SECTION_H + need(FOLLOW_ROWS + 4) + 0.5)[0].end == 7
    # a little less: its heading would stand over too few rows, it begins a page
    assert following(table(10), 600, SECTION_H + need(FOLLOW_ROWS) - 0.5) is None
    # a section of one row whose 小计 fits under it but not the closing: the closing would
    # stand on a page without the row, so the section begins a page with it
    assert following(table(1, closing=80), 600, SECTION_H + need(1, True) + 40) is None
    assert following(table(1, closing=80), 600, SECTION_H + need(1, True) + 80.5) == [
        Span(0, 1, final=True, closing=(0, 1))]
    # no room at all: nothing drawn over the page's foot
    assert following(table(3), 600, SECTION_H - 1) is None


def test_a_table_laid_out_again_for_other_room_pages_as_one_laid_out_afresh():
    """Tried under the section before, then on a page of its own, a section's rows are
    measured once (80,000 rows take seconds): the second layout is the fresh one's."""
    rows = [[str(i), "名称" * (1 + i % 7), "1.00"] for i in range(300)]

    def fresh() -> PagedTable:
        return PagedTable(cols=COLS, rows=[list(r) for r in rows], values=[100] * 300,
                          subtotal_col=2, format_value=format_plain,
                          final_rows=[["小计", "", "3.00"]], closing_parts=[Part(60)])

    again = fresh()
    again.layout(500, first=90)
    assert again.layout(500) == fresh().layout(500)
    assert again.layout(300, first=120) == fresh().layout(300, first=120)
    again.rows = again.rows[:40]  # other rows: measured anew
    assert again.layout(500) == PagedTable(
        cols=COLS, rows=[list(r) for r in rows[:40]], values=[100] * 40, subtotal_col=2,
        format_value=format_plain, final_rows=[["小计", "", "3.00"]],
        closing_parts=[Part(60)]).layout(500)
