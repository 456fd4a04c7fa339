"""The tester's 审批表 (项目44, an award of ¥33,333.33): its 资格审核 row read
“…助推档次（¥33,333.3” / “3，方案二（三）2）” and “2023年11月10” / “日）”. On a signed money
document an amount split over two lines looks like a typo: an amount (¥…) and a Chinese date
(…年…月…日) are kept whole by the shared wrapper, as an ISO date or a card number is."""

from __future__ import annotations

import re

from boostdesk.printing.canvas_text import text_width, wrap
from boostdesk.printing.fonts import register_fonts

REVIEW = ("符合《实施方案》二（一）（二）规定的助推条件，资格审核通过（2023年11月10日）。"
          "提示：申请金额 ¥50,000.00 不是区/局/集团级工作室的助推档次（¥33,333.33，方案二（三）2）；"
          "退回 -¥1,500.00，2024年3月20日前拨付首笔 ¥20,000.00")
KEPT = re.findall(r"-?¥[\d,]+\.\d\d|\d{4}年\d{1,2}月\d{1,2}日", REVIEW)


def test_a_wrapped_text_never_breaks_an_amount_or_a_chinese_date():
    register_fonts()
    assert len(KEPT) == 6
    # narrower, an amount with the marks around it is wider than the line: broken anyway
    widest = max(text_width("（¥33,333.33，", 9), text_width("（2023年11月10日）。", 9))
    for tenths in range(int(widest * 10) + 1, 3000, 7):
        lines = wrap(REVIEW, tenths / 10, 9)
        assert sum(line.count(k) for line in lines for k in set(KEPT)) == len(KEPT), (
            tenths / 10, lines)
        assert "".join(lines).replace(" ", "") == REVIEW.replace(" ", "")


def test_the_testers_width_keeps_the_award_and_the_day_whole():
    """The width at which the tester's sheet broke both (the row's text as printed)."""
    register_fonts()
    for tenths in range(1000, 5000, 3):
        lines = wrap(REVIEW, tenths / 10, 9)
        assert not any(line.endswith(("¥33,333.3", "2023年11月10")) for line in lines), lines


def test_an_amount_wider_than_the_line_is_broken_all_the_same():
    register_fonts()
    assert len(wrap("¥33,333,333.33", text_width("¥33,333", 9), 9)) > 1
