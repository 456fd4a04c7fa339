"""The tester's 评审汇总表: a 备注 cell broke a date across lines, 2026-12-1 / 2）, which
reads as the 1st. A date is kept whole as a card number or a voucher is: where a break
would fall in it (a closing mark brought down with the character before it included), it
starts the next line, with the （ that opens it."""

from __future__ import annotations

import re

from boostdesk.printing.canvas_text import text_width, wrap
from boostdesk.printing.fonts import register_fonts

NOTE = ("档次分界处与“智能制造实训平台开发”同为 73.00 分，仅按材料报送日期列入3万元档（第4次采纳），"
        "经研究按此确定：经评审委员会研究，按材料报送先后确定；第3批公示后异议成立，不予助推"
        "（2026-12-06：经核实该项目已获区级全额资助，不予助推）；第3批公示（2026-12-06 至 2026-12-12）")
DATES = re.findall(r"\d{4}-\d\d-\d\d", NOTE)


def test_a_wrapped_cell_never_breaks_a_date():
    register_fonts()
    widest = text_width("（2026-12-06：", 8)  # narrower, a date must break: nothing to keep
    for tenths in range(int(widest * 10) + 1, 2000, 7):
        lines = wrap(NOTE, tenths / 10, 8)
        assert sum(line.count(d) for line in lines for d in set(DATES)) == len(DATES), (
            tenths / 10, lines)
        assert not any(line.endswith("（") for line in lines[:-1]), lines
        assert "".join(lines).replace(" ", "") == NOTE.replace(" ", "")


def test_a_date_wider_than_the_line_is_broken_all_the_same():
    register_fonts()
    assert len(wrap("2026-12-06", text_width("2026-12", 8), 8)) > 1


CLAUSE_NOTE = ("市级第 4 名；10万元档超过项目总投入 ¥190,000.00 的 50%（¥95,000.00，方案二（三））；"
               "列入5万元档；材料未齐：缺企业立项文件、启动资金拨付证明（方案二（四）1）")
CLAUSES = ("方案二（三）", "方案二（四）1")


def test_a_wrapped_cell_never_breaks_a_clause_of_the_plan():
    """The tester's 备注 broke 方案二（三） as “（三” / “））”: a clause reads whole on one line."""
    register_fonts()
    # narrower, a clause with the marks around it that may not start or end a line is
    # wider than the line: broken anyway
    widest = max(text_width("方案二（三））；", 8), text_width("（方案二（四）1）", 8))
    for tenths in range(int(widest * 10) + 1, 2000, 7):
        lines = wrap(CLAUSE_NOTE, tenths / 10, 8)
        assert sum(line.count(c) for line in lines for c in CLAUSES) == len(CLAUSES), (
            tenths / 10, lines)
        assert "".join(lines).replace(" ", "") == CLAUSE_NOTE.replace(" ", "")
