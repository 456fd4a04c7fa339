"""The archive's 修改记录 PDF made faster (stop 44: 100,000 lines, its lines read back from
the spool a batch at a time, texts with nothing to normalise not translated, each font
subset's name asked once, the spans kept whole found once a text) prints what it printed:
each step gives what the step it replaced gave."""

from __future__ import annotations

import io
import re

import pytest

from boostdesk import audit_log
from boostdesk.cli import main
from boostdesk.printing import canvas_text
from boostdesk.safety import privacy

YEAR = 2022


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def test_a_years_trail_read_back_in_batches_is_every_line_in_order(demo, monkeypatch):
    from boostdesk.models.register import Register

    reg = Register.open(demo, create=False)
    try:
        whole = list(audit_log.trail_lines(reg, year=YEAR))
        assert len(whole) > 7
        for batch in (1, 3, len(whole), len(whole) + 5):
            monkeypatch.setattr(audit_log, "SPOOL_BATCH", batch)
            count, lines = audit_log.counted_trail(reg, year=YEAR)
            assert count == len(whole) and list(lines) == whole
    finally:
        reg.close()


@pytest.mark.parametrize("text", [
    "", "张三 13512345678", "１３５（１２３４）５６７８", "135－1234－5678", "a\u3000b\xa0c",
    "2022．10．17 — 记–1", "（方案二（三））", "名称：一种装置；专利号：ZL 2017 1 1161040.4",
])
def test_the_normal_form_is_the_translation_still(text):
    assert privacy._normal(text) == text.translate(privacy._NORMAL)


def test_every_character_normalised_is_seen_to_need_it():
    for code in privacy._NORMAL:
        assert privacy._normal(f"x{chr(code)}y") != f"x{chr(code)}y"


def _kept_whole_searched_each_line(part: str, start: int, end: int) -> int:
    """canvas_text._kept_whole before stop 44: the text searched again for each line."""
    if end >= len(part) or not any(ch in part for ch in "*凭（0123456789"):
        return 0
    for m in canvas_text._WHOLE.finditer(part):
        if m.start() < end < m.end() and m.start() > start \
                and part[start:m.start()].strip(canvas_text._OPENING_OR_SPACE):
            return m.start()
        if m.start() >= end:
            break
    return 0


@pytest.mark.parametrize("part", [
    "卡号 6214 **** **** *** 2724 已更正为 6217 0000 1111 2222 333",
    "凭证 记-2024-0031 拨付 2026-12-06（2026-12-1）退汇",
    "依方案二（三）12 不予助推（方案一（二））", "专利51201 ZL201911181921.1（朱然）",
    "名称：一种基于物联网的螺栓预紧力检测及其制备方法；专利号：ZL 2017 1 1161040.4",
    "没有数字的一行", "*", "（", "1 卡 ６２１４ ５６７８ ９０１２ ３４５６ 于 ２０２６-１２-０６ 方案三（二）",
])
def test_the_spans_kept_whole_are_found_as_line_by_line(part):
    for start in range(len(part)):
        for end in range(start, len(part) + 2):
            assert canvas_text._kept_whole(part, start, end) == \
                _kept_whole_searched_each_line(part, start, end), (start, end)


def test_a_strings_pieces_are_reportlab_s_own_across_subsets_and_fonts():
    """Over 256 characters (several subsets of the main font) and characters of the
    fallback font (its own subsets, named apart): each piece's font named as reportlab
    names it, piece for piece."""
    from reportlab.lib.rl_accel import escapePDF
    from reportlab.pdfbase.pdfmetrics import getFont

    from boostdesk.printing.common import A4_LANDSCAPE, new_canvas
    from boostdesk.printing.fonts import font_runs

    hanzi = "".join(chr(0x4E00 + 7 * i) for i in range(700))
    texts = [hanzi[i:i + 40] + f" ZL2019{i:05d}.1（㵘䶮）" for i in range(0, 700, 23)]
    texts += ["㐀张三", "凭证 记-2024-0031", hanzi[::-3][:90]]
    shared = canvas_text.Shared(new_canvas(io.BytesIO(), A4_LANDSCAPE, "甲"))
    doc = new_canvas(io.BytesIO(), A4_LANDSCAPE, "乙")._doc
    for text in texts:
        own = tuple((getFont(name).getSubsetInternalName(subset, doc),
                     f"({escapePDF(chunk)}) Tj")
                    for name, run in font_runs(text)
                    for subset, chunk in getFont(name).splitString(run, doc))
        assert shared.encoded(text) == own
    names = {name for text in texts for name, _ in shared.encoded(text)}
    assert len({re.sub(r"\+\d+$", "", n) for n in names}) == 2 and len(names) > 4
