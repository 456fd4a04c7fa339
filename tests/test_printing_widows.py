"""A cell's Chinese never ends on a lone character (北京亦庄精工装备有限公 / 司): the
character before it comes down with it, the row no taller than before."""

from __future__ import annotations

from datetime import date

import pytest
from test_printing_tall_rows import edges, words

from boostdesk.models.records import PROJECT
from boostdesk.panel.publicity import start_publicity
from boostdesk.panel.publicity_docs import pdf_columns, write_publicity_pdf
from boostdesk.printing.common import A4, MARGIN, PAD, PagedTable
from boostdesk.printing.samples import PRINTED_ON
from tests.test_panel_support import DISTRICT, WAN, YEAR, make_project, to_review

COMPANY = "北京亦庄精工智能装备有限公司"
NAMES = [COMPANY, "北京亦庄精工装备有限公司", "中国铁路北京局集团有限公司（北京动车段）",
         "北京市（亦庄）经济技术开发区总工会", "首钢京唐钢铁联合有限责任公司，冷轧作业部",
         "北京ABC精密机械有限公司", "甲乙丙丁戊己庚辛“壬癸”子"]


def lone(lines: list[str]) -> bool:
    """A last line of one Chinese character under another line."""
    return len(lines) > 1 and len(lines[-1]) == 1 and ord(lines[-1]) >= 0x2E80


@pytest.mark.parametrize("text", NAMES)
@pytest.mark.parametrize("chars", range(2, 22))
def test_no_cell_ends_on_a_lone_chinese_character(text, chars):
    from boostdesk.printing.canvas_text import _CANNOT_START, _char_width, _split, text_width, wrap

    size = 9.0
    width = chars * size + 0.5
    lines = wrap(text, width, size)
    assert "".join(lines) == text
    assert all(text_width(line, size) <= width for line in lines), lines
    # as many lines as without the rule: the row is no taller
    before = _split(text, [_char_width(ch) * size for ch in text], width, widows=False) \
        if text_width(text, size) > width else [text]
    assert len(lines) == len(before), (before, lines)
    # alone only where nothing may come down: after a Latin word, or under a line that
    # would keep less than two characters (its marks going down with the one before)
    if lone(lines):
        assert lines[-2][-1].isascii() or len(lines[-2].rstrip("".join(_CANNOT_START))) <= 3, \
            lines


def test_the_company_name_reads_you_xian_gong_si():
    from boostdesk.printing.canvas_text import wrap

    size = 9.0
    assert wrap(COMPANY, 13 * size + 0.5, size) == ["北京亦庄精工智能装备有限", "公司"]
    # a line start the marks' rule forbids is not made: ）comes down with 段 and 动车
    assert wrap("中国铁路北京局集团有限公司（北京动车段）", 19 * size + 0.5, size)[-1] == "段）"
    # a Latin word stays whole: nothing comes down from it
    latin = wrap("北京精密机械ABCDEF司", 10 * size + 0.5, size)
    assert latin == ["北京精密机械ABCDEF", "司"]
    # a name that fits is left as it is; so is one whose last line holds two already
    assert wrap("北京测试有限公司", 13 * size + 0.5, size) == ["北京测试有限公司"]
    assert wrap(COMPANY, 12 * size + 0.5, size) == ["北京亦庄精工智能装备有限", "公司"]


def test_a_cell_s_paragraph_breaks_a_widow_as_its_drawn_lines_do():
    """PagedTable.cell, the platypus paragraph the drawn cells are checked against, is
    broken the same way (its own wrap left 司 alone)."""
    from boostdesk.printing.common import Col

    table = PagedTable(cols=[Col("序号", 10, "center"), Col("所在单位", 38)],
                       rows=[["1", "北京亦庄精工装备有限公司"]], size=9)
    laid = table.laid("北京亦庄精工装备有限公司", 1)
    assert laid.lines == ("北京亦庄精工装备有限", "公司")
    para = table.cell("北京亦庄精工装备有限公司", 1)
    para.wrap(table.cols[1].width - 2 * PAD, 10_000)
    lines = para.blPara.lines
    if para.blPara.kind == 0:
        shown = ["".join(line[1]) for line in lines]
    else:
        shown = ["".join(getattr(w, "text", "") for w in line.words) for line in lines]
    assert shown == list(laid.lines)


def test_the_publicity_list_prints_gong_si_together_in_a_row_no_taller(reg, tmp_path):
    """所在单位 is 29 mm (推荐单位 beside it since): 8 characters a line at 9 pt. A
    9-character company left 司 on a line of its own."""
    enterprises = ["北京市精工有限公司", "北京测试有限公司"]
    for n, enterprise in enumerate(enterprises, start=1):
        pid = make_project(reg, f"区级项目{n}", f"工作室{n}", DISTRICT, requested_fen=3 * WAN,
                           enterprise=enterprise)
        to_review(reg, pid)
        reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, YEAR, date(2022, 12, 20))
    pdf = tmp_path / "公示.pdf"
    write_publicity_pdf(reg, YEAR, pdf, printed_on=PRINTED_ON)
    xs = edges(pdf_columns())
    page = words(pdf, 1)
    inside = sorted((w for w in page if xs[4] <= w.x0 and w.x1 <= xs[5]
                     and w.y1 <= A4[1] - MARGIN), key=lambda w: w.y0)
    head = [w.text for w in inside].index("所在单位")
    assert [w.text for w in inside][head:] == ["所在单位", "北京市精工有限", "公司",
                                              "北京测试有限公司"]
    # the first row two lines high, as it was: the second's 序号 that far under the first's
    numbers = sorted((w for w in page if xs[0] <= w.x0 and w.x1 <= xs[1]
                      and w.text in ("1", "2")), key=lambda w: w.y0)
    one, two = (round(n * round(9 * 1.3, 1), 1) + 2 * PAD for n in (1, 2))
    assert abs((numbers[1].y0 - numbers[0].y0) - (two + one) / 2) < 0.5
