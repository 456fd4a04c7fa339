"""An opening mark never ends a wrapped line (行尾禁则): a held award's 注 read
“…不在本计划助推范围（方案一（” / “二）1）…”, the bracket apart from what it opens."""

from __future__ import annotations

from boostdesk.printing.canvas_text import hangs, text_width, wrap

TEXTS = (
    "不符合助推条件，不在本计划助推范围（方案一（二）1），请核对授权日期后再报送",
    "项目“智能制造实训平台”（区级）已获《2020年度助推》，“光缆普查数字化平台”在（方案二（一））下暂缓",
)


def test_no_wrapped_line_ends_with_an_opening_mark():
    for text in TEXTS:
        for size in (7.5, 9, 10):
            for width in range(40, 260, 3):
                lines = wrap(text, width, size)
                assert "".join(lines) == text
                assert not [line for line in lines[:-1] if line[-1:] in "（《“"], (size, width)
                assert all(text_width(line, size) <= width + 1e-6 for line in lines)


def test_a_paragraph_that_would_end_a_line_with_one_is_set_by_the_wrap():
    # 81 pt at 9 pt: reportlab's cut leaves 在本计划助推范围（ at a line's end
    assert hangs(TEXTS[0], 81, 9) and hangs(TEXTS[0], 165, 9)
