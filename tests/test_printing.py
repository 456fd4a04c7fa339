"""Fonts, seal, approval sheets, and the reference renderings in docs/print-samples/."""

from __future__ import annotations

import dataclasses
import html
import io
import re
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops, ImageDraw

from boostdesk.printing import fonts
from boostdesk.printing.approval import (
    LABEL_W,
    LEFT,
    PAD,
    RIGHT,
    TRANCHE_WIDTHS,
    SheetError,
    load_sheets,
    write_approval_pdf,
)
from boostdesk.printing.canvas_text import Shared, text_width, wrap
from boostdesk.printing.common import Span, boxed, mask_card, mask_id, new_canvas, paginate
from boostdesk.printing.samples import (
    PRINTED_ON,
    YEAR,
    render_png,
    sample_register,
    write_documents,
)
from boostdesk.printing.seal import Seal, SealImageError, load_seal_image

SAMPLES = Path(__file__).resolve().parent.parent / "docs" / "print-samples"


def pdf_text(pdf: Path, page: int | None = None) -> str:
    args = ["pdftotext", "-layout"]
    if page is not None:
        args += ["-f", str(page), "-l", str(page)]
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def squash(text: str) -> str:
    """pdftotext keeps or drops the spaces between Chinese and digits: compare without."""
    return "".join(text.split())


def pdf_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name, emb) for every font pdffonts lists."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True,
                         text=True).stdout.splitlines()[2:]
    rows = []
    for line in out:
        parts = line.split()
        # name type [type2] encoding emb sub uni id gen: emb is the 5th field from the end
        rows.append((parts[0], parts[-5]))
    return rows


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("sample")
    reg = sample_register(tmp / "sample.db")
    docs = write_documents(reg, tmp)
    yield reg, docs, tmp
    reg.close()


# -- fonts ---------------------------------------------------------------------------------
def test_fonts_are_registered_once_per_process(tmp_path):
    fonts.register_fonts()
    before = fonts.registration_count
    for i in range(3):
        fonts.register_fonts()
        c = new_canvas(tmp_path / f"{i}.pdf", (200, 200), "测试")
        fonts.draw_string(c, 10, 100, "北京市总工会", 12)
        c.save()
    assert before == 1
    assert fonts.registration_count == 1


def test_a_name_character_outside_gbk_prints_from_the_fallback_font(sample):
    _, docs, _ = sample
    pdf, _ = docs["approval-patent"]
    assert "刘䶮" in pdf_text(pdf, 1)
    names = [name for name, _ in pdf_fonts(pdf)]
    assert any(n.endswith("+HanaMinA") for n in names)


def test_characters_from_plane_two_are_searchable_in_the_pdf(tmp_path):
    pdf = tmp_path / "astral.pdf"
    c = new_canvas(pdf, (300, 100), "测试")
    fonts.draw_string(c, 10, 50, "赵孟𫖯 王𬭎", 14)
    c.save()
    assert "赵孟𫖯 王𬭎" in pdf_text(pdf)


def test_a_character_no_shipped_font_has_prints_as_a_visible_mark(tmp_path):
    text = "张\U0001F600三"
    assert fonts.missing_chars(text) == "\U0001F600"
    assert fonts.font_runs(text) == [(fonts.MAIN, "张" + fonts.MISSING_MARK + "三")]
    pdf = tmp_path / "missing.pdf"
    c = new_canvas(pdf, (300, 100), "测试")
    fonts.draw_string(c, 10, 50, text, 14)
    c.save()
    assert "张〓三" in pdf_text(pdf)


def test_gbk_name_characters_are_drawn_by_the_main_font():
    for ch in "堃喆赟昇玥彧":
        assert fonts.font_for(ch) == fonts.MAIN
    assert fonts.font_for("䶮") == fonts.FALLBACK


@pytest.mark.parametrize("name", [
    "approval-patent", "summary-patent", "summary-project", "payments-tranche1",
    "payments-tranche2",
])
def test_every_font_is_embedded(sample, name):
    _, docs, _ = sample
    rows = pdf_fonts(docs[name][0])
    assert rows, "no fonts listed"
    assert all(emb == "yes" for _, emb in rows), rows
    assert not any("Helvetica" in n or "Times" in n or "STSong" in n for n, _ in rows)


# -- masking -------------------------------------------------------------------------------
def test_id_and_card_numbers_are_masked_like_the_bank_does():
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_card("6214830112341234") == "6214 **** **** 1234"
    assert mask_card("6214 6812 3456 7890 126") == "6214 **** **** *** 0126"


def test_approval_sheet_masks_numbers_unless_it_is_finances_copy(sample, tmp_path):
    reg, docs, _ = sample
    text = pdf_text(docs["approval-patent"][0], 1)
    assert "110105********002X" in text and "6214 **** **** 1234" in text
    assert "11010519491231002X" not in text
    finance = tmp_path / "finance.pdf"
    write_approval_pdf(finance, load_sheets(reg, YEAR)[:1], unmasked=True, printed_on=PRINTED_ON)
    text = pdf_text(finance)
    assert "11010519491231002X" in text and "6214 8301 1234 1234" in text
    assert "财务联" in text


# -- approval sheets -----------------------------------------------------------------------
def test_approval_sheet_carries_the_award_in_figures_and_daxie_and_each_share(sample):
    _, docs, _ = sample
    text = pdf_text(docs["approval-patent"][0], 1)
    assert "职工创新发明专利助推审批表" in text
    assert "¥3,000.00（人民币叁仟元整）" in text
    assert "北京市总工会 ¥1,500.00；海淀区总工会 ¥1,500.00" in text
    assert "2022年12月15日" in text
    project = pdf_text(*docs["approval-project"])
    assert "人民币壹拾万元整" in project
    assert "¥30,000.00" in project and "¥20,000.00" in project  # 60 % / 40 % per payer


def test_the_rest_of_a_project_award_is_paid_within_the_years_term(sample):
    """The first tranche's 拨付时间 has a term, so has the rest's: the year's
    验收后尾款拨付期限 (final_tranche_months), not a bare 结题验收后."""
    _, docs, _ = sample
    c = sample[0].campaign(2022)
    project = squash(pdf_text(*docs["approval-project"]))
    assert f"结题验收后{c.final_tranche_months}个月内" in project


def test_one_page_per_approved_application_numbered_of_the_batch(sample):
    reg, docs, _ = sample
    pdf = docs["approval-patent"][0]
    sheets = load_sheets(reg, YEAR)
    assert page_count(pdf) == len(sheets) == 5
    assert "第5页共5页" in squash(pdf_text(pdf, 5))


def test_sheets_are_picked_by_patent_number_title_or_register_number(sample):
    reg, _, _ = sample
    picked = load_sheets(reg, YEAR, ["zl 2021 1012 3456.7", "转炉炼钢终点碳温预测模型开发"])
    assert [s.app.ref for s in picked] == ["ZL202110123456.7", "转炉炼钢终点碳温预测模型开发"]
    with pytest.raises(SheetError, match="登记册中没有这项申报"):
        load_sheets(reg, YEAR, ["ZL209999999999.9"])


def test_the_specimen_seal_is_marked_and_a_supplied_scan_replaces_it(sample, tmp_path):
    reg, docs, _ = sample
    assert "样章" in pdf_text(docs["approval-patent"][0], 1)
    scan = tmp_path / "seal.jpg"
    img = Image.new("RGB", (400, 400), "white")
    ImageDraw.Draw(img).ellipse((20, 20, 380, 380), outline=(200, 20, 20), width=18)
    img.save(scan)
    seal = Seal("北京市总工会", load_seal_image(scan))
    pdf = tmp_path / "scan.pdf"
    write_approval_pdf(pdf, load_sheets(reg, YEAR)[:1], seal, printed_on=PRINTED_ON)
    text = pdf_text(pdf)
    assert "样章" not in text
    images = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True,
                            text=True).stdout
    assert "smask" in images  # the paper around the ink became transparent


def test_a_file_that_is_no_image_is_refused_as_a_seal(tmp_path):
    bad = tmp_path / "seal.png"
    bad.write_text("not an image")
    with pytest.raises(SealImageError, match="无法读取印章图片"):
        load_seal_image(bad)
    with pytest.raises(SealImageError, match="找不到印章图片"):
        load_seal_image(tmp_path / "missing.png")


def test_the_seal_is_red_and_lies_over_the_federation_name_and_date(sample, tmp_path):
    _, docs, _ = sample
    png = render_png(docs["approval-patent"][0], 1, tmp_path / "sheet.png")
    img = Image.open(png).convert("RGB")
    w, h = img.size
    # The last box's lower right quarter: the name, the date and the seal over them.
    box = img.crop((w // 2, int(h * 0.75), w, int(h * 0.95)))
    raw = box.tobytes()
    red, dark = [], []
    for i in range(0, len(raw), 3):
        r, g, b = raw[i], raw[i + 1], raw[i + 2]
        xy = ((i // 3) % box.width, (i // 3) // box.width)
        if r > 150 and g < 110 and b < 110:
            red.append(xy)
        elif r < 90 and g < 60 and b < 60:
            dark.append(xy)
    assert len(red) > 1500  # the seal, in red
    assert len(dark) > 100  # the black name and date still show through the ink
    rx = [x for x, _ in red]
    ry = [y for _, y in red]
    dx = sum(x for x, _ in dark) / len(dark)
    dy = sum(y for _, y in dark) / len(dark)
    assert min(rx) < dx < max(rx) and min(ry) < dy < max(ry)


def test_cancelled_batch_writes_nothing(sample, tmp_path):
    reg, _, _ = sample
    out = tmp_path / "cancelled.pdf"
    done = []
    pages = write_approval_pdf(out, load_sheets(reg, YEAR), printed_on=PRINTED_ON,
                               progress=lambda i, n: done.append(i),
                               cancelled=lambda: len(done) >= 2)
    assert pages == 0 and not out.exists() and done == [1, 2]


def test_a_thousand_sheets_print_at_reportlabs_speed(sample):
    reg, _, _ = sample
    sheets = (load_sheets(reg, YEAR) * 200)[:1000]
    start = time.perf_counter()
    pages = write_approval_pdf(io.BytesIO(), sheets, printed_on=PRINTED_ON)
    elapsed = time.perf_counter() - start
    assert pages == 1000
    # ≈ 0.5 s here (benchmarks/run.py's print_1k); through platypus tables it took ≈ 3 s,
    # re-registering the font per sheet would take minutes.
    assert elapsed < 10


# -- drawing straight on the canvas ----------------------------------------------------
LONG_TITLE = ("一种基于多源异构数据融合与深度学习模型的轨道车辆转向架焊接变形在线预测、"
              "补偿与闭环控制方法及其系统装置")
LONG_UNION = "北京祥龙资产经营有限责任公司第二分公司工会委员会"


def pdf_words(pdf: Path, page: int) -> list[tuple[str, float, float, float, float]]:
    """(text, xMin, yMin, xMax, yMax) of each word pdftotext finds, in points from the
    page's top left."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf),
                          "-"], check=True, capture_output=True, text=True).stdout
    return [(html.unescape(m[4]), float(m[0]), float(m[1]), float(m[2]), float(m[3]))
            for m in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                r'yMax="([\d.]+)">([^<]*)</word>', out)]


def lines_within(words, text: str, left: float, right: float) -> list[str]:
    """The pieces of ``text`` printed between ``left`` and ``right``, top to bottom."""
    inside = [w for w in words if w[0] in text and left - 0.5 <= w[1] and w[3] <= right + 0.5]
    return [w[0] for w in sorted(inside, key=lambda w: w[2])]


def replace_app(sheet, **changes):
    return dataclasses.replace(sheet, app=dataclasses.replace(sheet.app, **changes))


def form_names(pdf: Path) -> set[bytes]:
    return set(re.findall(rb"FormXob\.BoostDeskSheet\d+", pdf.read_bytes()))


def test_long_titles_and_union_names_wrap_inside_their_cells(sample, tmp_path):
    reg, _, _ = sample
    sheets = load_sheets(reg, YEAR)
    patent = replace_app(sheets[0], title=LONG_TITLE)
    project = replace_app(next(s for s in sheets if s.stream == "project"),
                          unit_name=LONG_UNION)
    pdf = tmp_path / "long.pdf"
    assert write_approval_pdf(pdf, [patent, project], printed_on=PRINTED_ON) == 2
    # The title wraps within the value cell of its row, every character kept.
    title = lines_within(pdf_words(pdf, 1), LONG_TITLE, LEFT + LABEL_W, RIGHT)
    assert len(title) >= 2 and "".join(title) == LONG_TITLE
    # The union's name wraps within its column of the tranche table's header.
    left = LEFT + LABEL_W + PAD + TRANCHE_WIDTHS[0] + TRANCHE_WIDTHS[1]
    union = lines_within(pdf_words(pdf, 2), LONG_UNION, left, left + TRANCHE_WIDTHS[2])
    assert len(union) >= 2 and "".join(union) == LONG_UNION


@settings(max_examples=150, deadline=None)
@given(text=st.lists(st.text(st.sampled_from(list("北京市总工会创新助推审批表（）、，。；：“”《》"
                                                   "abcXYZ0123456789.,-¥%䶮𫖯")),
                             min_size=1, max_size=14), min_size=1, max_size=5).map(" ".join),
       width=st.floats(30, 400), size=st.sampled_from([7.5, 8.5, 10.5]))
def test_values_break_where_a_table_paragraph_broke_them(text, width, size):
    """The approval sheet's values break where a table's cell (``boxed``) does; neither
    hangs a closing mark past the width (a paragraph alone did, over the cell's rule).
    Save where an amount (¥3,000.00) would break: the sheet keeps it whole, the cell not."""
    assume(re.search(r"¥\d", text) is None)
    p = boxed(text, width, size)
    p.wrap(width, 10_000)
    lines = p.blPara.lines
    if p.blPara.kind == 0:
        expected = ["".join(line[1]) for line in lines]
    else:
        expected = ["".join(getattr(w, "text", "") for w in line.words) for line in lines]
    # Spaces at a break may differ (a paragraph of several fonts keeps them): not seen.
    assert [x.strip() for x in wrap(text, width, size)] == [x.strip() for x in expected]
    assert all(len(x) == 1 or text_width(x, size) <= width + 1e-6 for x in wrap(text, width, size))


def test_wrap_keeps_line_breaks_and_never_drops_a_character():
    assert wrap("", 100, 10) == []
    assert wrap("甲\n\n乙\n", 100, 10) == ["甲", "", "乙"]
    assert wrap("北京", 1, 10) == ["北", "京"]  # narrower than one character
    lines = wrap("经专业评审确定为拟助推项目，公示期满无异议", 60, 10)
    assert "".join(lines) == "经专业评审确定为拟助推项目，公示期满无异议"
    assert not any(line.startswith(("，", "。", "）")) for line in lines)


def test_sheets_of_one_layout_share_a_form_and_keep_their_own_values(sample, tmp_path):
    reg, _, _ = sample
    base = next(s for s in load_sheets(reg, YEAR) if s.app.inventor_name == "王喆")
    other = replace_app(base, id=77, title="一种城市供热管网泄漏监测方法", phone="13800000000",
                        approved_date=date(2022, 12, 20))
    pdf = tmp_path / "same.pdf"
    write_approval_pdf(pdf, [base, other, base, other], printed_on=PRINTED_ON)
    assert len(form_names(pdf)) == 1
    second = squash(pdf_text(pdf, 2))
    assert "登记号：专利77" in second and "一种城市供热管网泄漏监测方法" in second
    assert "138****0000" in second and "2022年12月20日" in second
    assert "139****2222" not in second and base.app.title not in second
    first = squash(pdf_text(pdf, 1))
    assert base.app.title in first and "139****2222" in first
    # A title on two lines is another layout: another form.
    write_approval_pdf(pdf, [base, other, replace_app(base, title=LONG_TITLE)],
                       printed_on=PRINTED_ON)
    assert len(form_names(pdf)) == 2


def test_pages_read_the_same_with_their_shared_parts_drawn_in_place(sample, tmp_path,
                                                                       monkeypatch):
    reg, _, _ = sample
    sheets = load_sheets(reg, YEAR)
    shared = tmp_path / "shared.pdf"
    write_approval_pdf(shared, sheets, printed_on=PRINTED_ON)
    monkeypatch.setattr(Shared, "MAX_FORMS", 0)
    inplace = tmp_path / "inplace.pdf"
    write_approval_pdf(inplace, sheets, printed_on=PRINTED_ON)
    assert form_names(shared) and not form_names(inplace)
    assert page_count(inplace) == len(sheets)
    assert pdf_text(inplace) == pdf_text(shared)


def test_a_name_no_font_has_prints_the_mark_and_a_rare_one_its_own_font(sample, tmp_path):
    reg, _, _ = sample
    sheet = replace_app(load_sheets(reg, YEAR)[1], inventor_name="赵孟𫖯\U0001F600")
    pdf = tmp_path / "rare.pdf"
    write_approval_pdf(pdf, [sheet], printed_on=PRINTED_ON)
    assert "赵孟𫖯〓" in pdf_text(pdf)
    rows = pdf_fonts(pdf)
    assert any(n.endswith("+HanaMinA") for n, _ in rows)
    assert all(emb == "yes" for _, emb in rows)


def test_loading_every_sheet_matches_picking_each_by_reference(sample):
    reg, _, _ = sample
    every = load_sheets(reg, YEAR)
    assert [(s.stream, s.app.id) for s in every] == sorted(
        ((s.stream, s.app.id) for s in every), key=lambda k: (k[0] != "patent", k[1]))
    assert all(s.qualified_on == date(2022, 11, 20) for s in every)
    picked = load_sheets(reg, YEAR, [s.app.ref for s in reversed(every)])
    assert sorted(picked, key=lambda s: (s.stream, s.app.id)) == sorted(
        every, key=lambda s: (s.stream, s.app.id))
    assert load_sheets(reg, None) == every


# -- pagination ----------------------------------------------------------------------------
def test_closing_block_that_does_not_fit_takes_the_last_row_to_a_new_page():
    assert paginate([10] * 5, 100, 10, 20) == [Span(0, 5)]
    assert paginate([10] * 9, 100, 10, 20) == [Span(0, 8), Span(8, 9)]
    assert paginate([10] * 20, 100, 10, 0) == [Span(0, 9), Span(9, 18), Span(18, 20)]
    assert paginate([], 100, 10, 20) == [Span(0, 0)]


def test_a_long_table_keeps_heights_not_cells_and_measures_a_repeated_text_once(monkeypatch):
    # pages of 3,000 rows: rows as tall as their tallest cell (a wrapped title twice as tall
    # as a one-line one); a text met again in its column measured once; a page's cells made
    # when it is drawn, not all at layout
    from boostdesk.printing import common

    made: list[str] = []
    real = common.lay

    def counted(text, *args, **kwargs):
        made.append(str(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(common, "lay", counted)
    cols = [common.Col("序号", 12, "center"), common.Col("名称", 30),
            common.Col("是否", 12, "center")]
    long_title = "一种基于多源数据融合的高炉炉温智能预测与控制方法"
    rows = [[str(i % 7), long_title if i % 2 else "短名", "是" if i % 3 else "否"]
            for i in range(3000)]
    table = common.PagedTable(cols=cols, rows=rows)
    pages = table.layout(500)
    assert len(made) <= 7 + 2 + 2 + len(cols) + 2  # distinct texts, header, spare
    assert not hasattr(table, "_cells")
    one_line, wrapped = (max(table.laid(t, j).height for j, t in enumerate(r)) + 2 * common.PAD
                         for r in rows[:2])
    assert wrapped > one_line
    assert sum(one_line if i % 2 == 0 else wrapped
               for i in range(pages[0].start, pages[0].end)) <= 500
    assert pages[-1].end == 3000 and all(p.start < p.end for p in pages)
    assert not any(p.head or p.tail for p in pages)  # no row split: none taller than a page


# -- reference renderings ------------------------------------------------------------------
def same_picture(a: Path, b: Path) -> tuple[bool, str]:
    x, y = Image.open(a).convert("L"), Image.open(b).convert("L")
    if x.size != y.size:
        return False, f"size {x.size} != {y.size}"
    changed = sum(ImageChops.difference(x, y).histogram()[65:])
    share = changed / (x.size[0] * x.size[1])
    return share < 0.003, f"{share:.4%} of pixels differ"


@pytest.mark.parametrize("name", ["approval-patent", "approval-project", "payments-tranche1"])
def test_rendering_matches_the_reference_png(sample, tmp_path, name):
    _, docs, _ = sample
    pdf, page = docs[name]
    png = render_png(pdf, page, tmp_path / f"{name}.png")
    ok, why = same_picture(png, SAMPLES / f"{name}.png")
    assert ok, f"{name}: {why}; if the change is intended, look at it and regenerate with " \
               "python -m boostdesk.printing.samples docs/print-samples"


def test_every_document_has_a_reference_png():
    for name in ("approval-patent", "approval-project", "summary-patent", "summary-project",
                 "payments-tranche1", "payments-tranche2"):
        assert (SAMPLES / f"{name}.png").is_file()

