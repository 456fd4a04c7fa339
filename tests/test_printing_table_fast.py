"""A year's summary table (80,000 rows) is drawn without laying out most of its cells twice.

``PagedTable.layout`` keeps, a bit a cell, which cells are one line as written at their
column's size (an ID, a date, a short name: most), and the other cells as laid; drawing a
page makes the one-line cells again without measuring them. A cell is told one line by
measuring it once (``measure``: the main font's width without ``font_runs``' layers), and
the page's text is written in one loop, a number or a date without splitting it into font
subsets character by character. Each shortcut must give what the long way gave — the same
lines, sizes, rows, operators, bytes: pinned here against the long way.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boostdesk.money import format_plain
from boostdesk.printing import common
from boostdesk.printing.canvas_text import Shared, TextBatch, wrap
from boostdesk.printing.common import (
    A4_LANDSCAPE,
    MARGIN,
    PAD,
    Col,
    Laid,
    PagedTable,
    leading,
    measure,
    new_canvas,
)
from boostdesk.printing.fonts import draw_string, register_fonts, string_width

# every kind of column: centred, a name, wide and narrow text, a figure left-aligned, an
# amount right-aligned at its column's size, another column whose figures have a size
COLS = [Col("序号", 7, "center"), Col("第一发明人", 11, name=True), Col("专利名称", 24),
        Col("联系电话", 18.5), Col("金额", 16, "right", figures=6.8), Col("备注", 10),
        Col("推荐单位", 16), Col("专利号", 16, figures=6.5), Col("是否", 8, "center")]
SIZE = 7.5
LONG = "".join(f"第{i}段：本项目完成了关键工艺的试验验证与现场应用。" for i in range(1, 61))
TEXTS = ["", "是", "1", "12345", "刘䶮", "欧阳娜娜Annabelle", "  王  军 ", "王\u3000军", "皇甫霞俊",
         "010-83570885转8021", "1234567转1", "010-74827829", "18894255103", "ZL202011247453.6",
         "ZL 2017 1 1167486.8", "6214 **** **** *** 1234", "110113********009X",
         "1,500.00", "123,456,789.00", "-30℃ 低温电池", "Ⅴ型阀门", "葛\U000e0100明",
         "一种烟气余热回收装置", "北京海纳轨道交通装备有限第3624分公司", "北京市建设工会",
         "材料已补齐（2022年11月3日补交授权公告文本复印件），经核对无误。",
         "A rather long English title that wraps over several lines", "两行\n文字", LONG]


def long_way(table: PagedTable, text: str, j: int) -> Laid:
    """A cell as laid before the shortcuts: sized, white space run together, every line
    wrapped by ``canvas_text.wrap``."""
    shown, size = table.sized(text, j)
    col = table.cols[j]
    if "\n" in shown:
        shown = "\n".join(" ".join(part.split()) for part in shown.split("\n"))
    else:
        shown = " ".join(shown.split())
    lines = tuple(wrap(shown, col.width - 2 * PAD, size))
    return Laid(lines, size, col.align, leading(size), len(lines) * leading(size))


@pytest.mark.parametrize("text", TEXTS)
def test_every_kind_of_cell_is_laid_as_the_long_way_lays_it(text):
    for j in range(len(COLS)):
        table = PagedTable(cols=COLS, rows=[], size=SIZE)  # nothing kept from before
        assert table.laid(text, j) == long_way(table, text, j), (COLS[j].header, text)


def test_a_phone_too_wide_only_at_the_table_s_size_has_its_extension_set_apart():
    """1234567转1 fits the amount column at its figures' size (6.8), not at the table's: an
    extension goes on a line of its own when the table's size is too wide, as it did."""
    register_fonts()
    width = COLS[4].width - 2 * PAD
    assert string_width("1234567转1", COLS[4].figures) <= width < string_width("1234567转1", SIZE)
    assert PagedTable(cols=COLS, rows=[], size=SIZE).laid("1234567转1", 4).lines == (
        "1234567", "转1")


CHARS = st.sampled_from(list("0123456789-.,*ZLAa转 \u3000\n王军有限公司（）、。䶮℃Ⅴ〄") + ["\ufe0f"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(CHARS, max_size=30), j=st.integers(0, len(COLS) - 1))
def test_any_cell_is_laid_as_the_long_way_lays_it(text, j):
    table = PagedTable(cols=COLS, rows=[], size=SIZE)
    assert table.laid(text, j) == long_way(table, text, j)


@settings(max_examples=300, deadline=None)
@given(text=st.text(CHARS, max_size=30), size=st.sampled_from([5.0, 6.4, 7.5, 9.0, 16.0]))
def test_a_width_is_the_fonts_width(text, size):
    register_fonts()
    assert measure(text, size) == string_width(text, size)
    assert measure(text, size) == string_width(text, size)  # and again, remembered


def rows() -> list[list[str]]:
    """Rows of every kind of cell, over pages: one row taller than a page, texts met
    again in their column and texts met once."""
    out = []
    for i in range(150):
        row = [TEXTS[(i * (j + 3) + j) % (len(TEXTS) - 1)] for j in range(len(COLS))]
        row[0] = str(i + 1)
        row[4] = format_plain(150_000 + i * 101) if i % 5 else ""
        out.append(row)
    out[40][2] = LONG * 3  # taller than a page: split over three, 续 under its 序号
    return out


def table() -> PagedTable:
    return PagedTable(cols=COLS, rows=rows(), size=SIZE, values=[i * 101 for i in range(150)],
                      subtotal_col=4, format_value=format_plain,
                      final_rows=[["合计（共 150 项）", "", "", "", "1,000.00"] + [""] * 4],
                      final_label_span=4)


AVAIL = A4_LANDSCAPE[1] - 2 * MARGIN - 20


def test_each_page_s_rows_are_the_cells_laid_afresh():
    laid_out = table()
    spans = laid_out.layout(AVAIL)
    assert len(spans) > 5 and any(s.head for s in spans)  # a row's pieces over pages
    for k, span in enumerate(spans):
        last = k == len(spans) - 1
        afresh = table()  # nothing found by a layout: every cell laid as it comes
        assert laid_out.page_rows(span, last) == afresh.page_rows(span, last), span


def old_draw_table(canvas, shared, x, top, widths, rows):  # noqa: ANN001, ANN201
    """draw_table before its text was written in one loop: a TextBatch, a cell at a time."""
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    ys = [top]
    for row in rows:
        ys.append(ys[-1] - row.height)
    canvas.saveState()
    for row, y0, y1 in zip(rows, ys, ys[1:], strict=False):
        if row.fill is not None:
            canvas.setFillColorRGB(*row.fill)
            canvas.rect(x, y1, xs[-1] - x, y0 - y1, stroke=0, fill=1)
    batch = TextBatch(canvas, shared)
    for row, y0, y1 in zip(rows, ys, ys[1:], strict=False):
        for (first, end), laid in row.cells:
            if not laid.lines:
                continue
            left, right, bottom, height = xs[first], xs[end + 1], y1, y0 - y1
            box = height - 2 * PAD if row.top else laid.height
            y = bottom + (height + box) / 2 - laid.size
            at = {"left": left + PAD, "center": (left + right) / 2,
                  "right": right - PAD}[laid.align]
            for line in laid.lines:
                batch.text(at, y, line, laid.size, laid.align, laid.colour)
                y -= laid.leading
    batch.draw()
    common._draw_grid(canvas, xs, ys, rows)
    canvas.restoreState()
    return ys[-1]


def pdf(t: PagedTable, titled: bool) -> bytes:
    out = io.BytesIO()
    canvas = new_canvas(out, A4_LANDSCAPE, "汇总表", invariant=True)
    spans = t.layout(AVAIL)
    for k, span in enumerate(spans):
        if titled:  # the font in use before the table: numbers written whole from page 1
            draw_string(canvas, MARGIN, A4_LANDSCAPE[1] - MARGIN, "专利汇总表 2022", 16)
        t.draw_page(canvas, MARGIN, A4_LANDSCAPE[1] - MARGIN - 20, span, last=k == len(spans) - 1)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


@pytest.mark.parametrize("titled", [True, False])
def test_the_pages_are_the_bytes_the_long_way_wrote(monkeypatch, titled):
    register_fonts()
    fast = pdf(table(), titled)
    monkeypatch.setattr(common, "draw_table", old_draw_table)
    monkeypatch.setattr(PagedTable, "_one_line", lambda self, text, j: None)
    slow = table()
    monkeypatch.setattr(slow, "layout", lambda avail, first=None: _forgetting(slow, avail))
    assert fast == pdf(slow, titled)


def _forgetting(t: PagedTable, avail: float) -> list:
    """The layout, then what it found forgotten: each page's cells laid as they come."""
    spans = PagedTable.layout(t, avail)
    t._found = None
    return spans


def test_a_number_is_written_whole_as_the_font_s_subsets_would_write_it():
    register_fonts()
    canvas = new_canvas(io.BytesIO(), A4_LANDSCAPE, "x")
    shared = Shared(canvas)
    assert common._ascii_subset(canvas) is None  # the font not used yet: no name for it
    shared.encoded("汇总表")
    subset = common._ascii_subset(canvas)
    assert subset is not None
    from reportlab.lib.rl_accel import escapePDF

    for text in ["110113********009X", "ZL 2017 1 1167486.8", "(1) \\ 2", "2022-12-20", "~"]:
        assert shared.encoded(text) == ((subset, f"({escapePDF(text.encode())}) Tj"),)
