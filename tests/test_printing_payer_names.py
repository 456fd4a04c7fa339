"""A payment list's 付款单位 of any length: a name longer than a page (a document pasted as
a union's name) is printed whole once, and the table, its subtotals, the totals and the
signature lines still stand on the pages, over nothing and above the bottom margin."""

from __future__ import annotations

from datetime import date

import pytest
from stdnum.cn import ric
from test_printing import page_count, pdf_fonts, pdf_text, squash
from test_printing_lists import overlapping_words
from test_printing_tall_rows import assert_nothing_under_the_margin, words

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import PatentApplication
from boostdesk.models.records import PATENT
from boostdesk.printing.common import A4_LANDSCAPE, MARGIN
from boostdesk.printing.payments import build_payment_lists, write_payments_pdf
from boostdesk.printing.samples import PRINTED_ON

HEIGHT = A4_LANDSCAPE[1]
LINE_W = A4_LANDSCAPE[0] - 2 * MARGIN


def union_list(reg, union: str, tmp_path):
    """A union's list of two patents: the PDF, its pages and the name as kept."""
    for i in range(2):
        base = f"11010519800101{i:03d}"
        app_id = reg.save_patent(PatentApplication(
            campaign_year=2022, title=f"一种测试方法{i}", patent_number_raw=f"ZL2021101{i:05d}.X",
            inventor_name=f"测试{chr(0x4E00 + i)}",
            id_number=base + ric.calc_check_digit(base + "0"),
            card_number=f"621483011234{i:04d}", unit_name=union,
            enterprise_name="北京测试有限公司"))
        reg.set_status(PATENT, app_id, "qualified")
        reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                       approved_date=date(2022, 12, 15))
    sync_plan(reg, 2022)
    union = reg.patent(app_id).unit_name
    lists = build_payment_lists(reg, 2022, 1, payer="union", unit_name=union)
    pdf = tmp_path / "union.pdf"
    pages = write_payments_pdf(pdf, lists, printed_on=PRINTED_ON)
    assert pages == page_count(pdf)
    return pdf, pages, union


def heading_text(pdf, page: int) -> str:
    """What stands between the title and the table's heading (or the footer, on a page
    of the name alone), without spaces."""
    ws = words(pdf, page)
    title = max(w.y1 for w in ws if w.text.endswith("拨付清单"))
    heading = min((w.y0 for w in ws if w.text.startswith("一、")), default=HEIGHT - MARGIN)
    return "".join(w.text for w in sorted(ws, key=lambda w: (round(w.y0), w.x0))
                   if title < w.y0 and w.y1 <= heading)


@pytest.mark.parametrize("length", [1_500, 5_000, 12_000])
def test_a_payer_name_longer_than_a_page_is_printed_whole_once_and_the_list_over_nothing(
        reg, tmp_path, length):
    """At 12,000 characters the name, drawn on every page under the title, ran past the
    bottom of the first page with the table under it (off the paper); at 1,500 it took
    every page's top half, the list 48 pages long."""
    name = ("北京经济技术开发区" * 1400)[:length]
    pdf, pages, union = union_list(reg, name, tmp_path)
    assert_nothing_under_the_margin(pdf, HEIGHT)
    assert all(overlapping_words(pdf, p) == [] for p in range(1, pages + 1))
    from boostdesk.printing.payments import payer_heading

    head = payer_heading(union, LINE_W, HEIGHT)
    assert not head.every_page
    named = len(head.pages) - (not head.pages[-1])
    # the name whole, once, on the list's first pages; then the short line saying where
    whole = "".join(heading_text(pdf, p) for p in range(1, named + 1))
    assert whole.startswith(f"付款单位：{union}")
    where = "第 1 页" if named == 1 else f"第 1—{named} 页"
    assert head.short.endswith(f"……（全称见{where}）")
    for p in range(named + 1, pages + 1):
        assert heading_text(pdf, p) == squash(head.short), p
    # a page of the name alone has no table; the one the table begins on has room for it
    assert all("序号" not in pdf_text(pdf, p) for p in range(1, len(head.pages)))
    first = len(head.pages)
    assert "序号" in pdf_text(pdf, first) and "1,500.00" in pdf_text(pdf, first)
    last = squash(pdf_text(pdf, pages))
    assert "合计：¥3,000.00" in last and "负责人：" in last
    assert f"{head.short.removeprefix('付款单位：')}2023年1月5日".replace(" ", "") in last
    assert {emb for _, emb in pdf_fonts(pdf)} == {"yes"}


def test_a_name_of_up_to_four_lines_heads_every_page_whole():
    from boostdesk.printing.payments import payer_heading

    name = "北京经济技术开发区" * 40  # four lines at the smallest size
    head = payer_heading(name, LINE_W, HEIGHT)
    assert head.every_page and head.short == f"付款单位：{name}"
    assert "".join(head.pages[0]) == f"付款单位：{name}"
    longer = payer_heading(name * 2, LINE_W, HEIGHT)
    assert not longer.every_page and len(longer.pages) == 1  # whole on the first page only
