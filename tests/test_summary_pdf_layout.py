"""The summary table's page layout, now that tables are drawn straight on the canvas.

Tables were platypus ``Table``s of ``Paragraph``s; drawn on the canvas they must look the
same: lines broken where the paragraphs broke them, rows as tall, pages breaking after the
same rows. The page breaks pinned here are those the platypus tables gave.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest

from boostdesk.io.export_summary import Summary, build_summary
from boostdesk.models.records import PATENT
from boostdesk.printing.common import MARGIN, MM, PAD, Col, PagedTable
from boostdesk.printing.samples import PRINTED_ON, YEAR, fill_sample
from boostdesk.printing.summary import write_summary_pdf

LONG_TITLE = "一种基于多源异构数据融合与深度学习的城市轨道交通车辆转向架焊接变形在线检测与补偿控制方法及其系统"
LONG_AT = 5  # the 序号 of the row with the long title
LONG_REMARK = "材料已补齐（2022年11月3日补交授权公告文本复印件），经核对无误。"
REMARK_AT = 9


def words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """pdftotext's words on ``page``: (x0, y0, x1, y1, text), y from the top."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), unescape(t)) for a, b, c, d, t in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]


def many(reg, n: int) -> Summary:
    """The sample's patents over ``n`` rows, numbered 1…n, one title and one remark long."""
    fill_sample(reg)
    s = build_summary(reg, PATENT, YEAR)
    fields = [c.field for c in s.columns]
    rows = []
    for i in range(n):
        row = list(s.rows[i % len(s.rows)])
        row[fields.index("seq")] = i + 1
        if i + 1 == LONG_AT:
            row[fields.index("title")] = LONG_TITLE
        if i + 1 == REMARK_AT:
            row[fields.index("remarks")] = LONG_REMARK
        rows.append(row)
    return replace(s, rows=rows)


def rules(s: Summary) -> list[float]:
    """The column rules' x, left to right (pdftotext's points)."""
    xs, x = [MARGIN], MARGIN
    for c in s.columns:
        if c.pdf_mm:
            x += c.pdf_mm * MM
            xs.append(x)
    return xs


def numbers_on(pdf: Path, page: int, s: Summary) -> list[int]:
    """The 序号 printed on ``page``, top to bottom."""
    left, right = rules(s)[:2]
    return [int(w[4]) for w in sorted(words(pdf, page), key=lambda w: w[1])
            if w[0] > left and w[2] < right and w[4].isdigit()]


def test_pages_break_after_the_same_rows_and_each_repeats_the_header(reg, tmp_path):
    s = many(reg, 150)
    pdf = tmp_path / "s.pdf"
    pages = write_summary_pdf(pdf, s, printed_on=PRINTED_ON)
    spans = []
    for p in range(1, pages + 1):
        on = numbers_on(pdf, p, s)
        spans.append((on[0], on[-1]) if on else None)
        assert on == list(range(on[0], on[-1] + 1)) if on else p == pages
        texts = [w[4] for w in words(pdf, p)]
        assert "专利名称" in texts and "身份证号" in texts, p  # the header, on every page
    # as the platypus tables broke them (rows of two and three lines, the long title's
    # row taller, the last page keeping room for the total and the signatures)
    assert spans == PINNED_SPANS, repr(spans)


PINNED_SPANS = [(1, 9), (10, 22), (23, 36), (37, 49), (50, 63), (64, 76), (77, 90), (91, 103),
                (104, 117), (118, 130), (131, 144), (145, 150)]


def test_a_long_title_wraps_inside_its_cell_and_its_row_grows(reg, tmp_path):
    s = many(reg, 12)
    pdf = tmp_path / "s.pdf"
    write_summary_pdf(pdf, s, printed_on=PRINTED_ON)
    found = words(pdf, 1)
    xs = rules(s)
    left, right = xs[3], xs[4]  # 专利名称: after 序号, 推荐单位 and 所在单位
    centre = {int(w[4]): (w[1] + w[3]) / 2 for w in found
              if w[0] > xs[0] and w[2] < xs[1] and w[4].isdigit()}
    column = sorted((w for w in found if left < w[0] and w[2] < right), key=lambda w: w[1])
    runs = [column[i:k] for i in range(len(column)) for k in range(i + 1, len(column) + 1)
            if "".join(w[4] for w in column[i:k]) == LONG_TITLE]
    assert runs, [w[4] for w in column]  # the whole title, line after line, in its column
    lines = runs[0]
    assert len({round(w[1]) for w in lines}) >= 5  # wrapped over five lines or more
    assert all(left + PAD - 0.5 < w[0] and w[2] < right - PAD + 0.5 for w in lines)
    # the row is as tall as its lines: the next row starts under the last of them
    gap = centre[LONG_AT + 1] - centre[LONG_AT]
    usual = centre[3] - centre[2]
    assert gap > usual + 2 * 7.5 * 1.3
    assert lines[-1][3] < (centre[LONG_AT + 1] + centre[LONG_AT]) / 2 + gap / 2


@pytest.mark.parametrize("text", [
    LONG_TITLE, LONG_REMARK, "北京经济技术开发区总工会（亦庄新城产业工会联合会）",
    "基于BIM的管线综合排布（二期）。", "某某集团有限公司“十四五”规划项目", "刘䶮", "欧阳娜娜Annabelle",
    "010-83570885转8021", "ZL 2017 1 1167486.8", "6214 **** **** *** 1234", "  王  军 ", "王\u3000军",
    "A rather long English title that wraps over several lines", "", "是",
])
def test_a_cell_breaks_where_its_paragraph_did(text):
    """Each cell's lines and height are those of the platypus paragraph it was printed as,
    in every kind of column (a name, a figure, centred, right-aligned, narrow and wide)."""
    cols = [Col("序号", 7, "center"), Col("第一发明人", 11, name=True), Col("专利名称", 24),
            Col("联系电话", 18.5), Col("金额", 16, "right"), Col("备注", 10), Col("推荐单位", 16)]
    table = PagedTable(cols=cols, rows=[], size=7.5)
    for j, col in enumerate(cols):
        if j == 0 and len(text) > 3:
            continue  # a column too narrow for two characters: not a place for text
        para = table.cell(text, j)
        para.wrap(col.width - 2 * PAD, 10_000)
        lines = (["".join(words) for _room, words in para.blPara.lines] if para.blPara.kind == 0
                 else ["".join(getattr(f, "text", "") for f in line.words)
                       for line in para.blPara.lines])
        laid = table.laid(text, j)
        assert [line.replace(" ", "") for line in laid.lines] == [
            line.replace(" ", "") for line in lines], col.header
        assert laid.height == pytest.approx(para.height), col.header
