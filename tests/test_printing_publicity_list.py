"""The printed 公示 list (方案二（四）3): its pages filled, and a reprint after an upheld
objection that never passes for the list that was posted."""

from __future__ import annotations

from datetime import date

from test_printing import page_count, pdf_fonts, pdf_text, squash
from test_printing_lists import overlapping_words
from test_printing_tall_rows import assert_nothing_under_the_margin, edges, words

from boostdesk.models.records import PROJECT
from boostdesk.panel.publicity import start_publicity
from boostdesk.panel.publicity_docs import pdf_columns, write_publicity_pdf
from boostdesk.printing.common import A4, MARGIN
from boostdesk.printing.samples import PRINTED_ON
from tests.test_panel_support import DISTRICT, WAN, YEAR, make_project, to_review

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
