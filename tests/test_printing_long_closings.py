"""What closes a printed list — a 更正说明, a note on held awards, 合计 and the signatures —
printed whole however long, over pages of its own when it must, the signatures after it;
and a closing the last page of rows cannot hold is not a page of an empty table."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from stdnum.cn import ric
from test_printing import page_count, pdf_text, squash
from test_printing_lists import overlapping_words
from test_printing_publicity_list import three  # noqa: F401 - fixture
from test_printing_tall_rows import assert_nothing_under_the_margin, words

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models import PatentApplication
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT
from boostdesk.money import daxie
from boostdesk.panel.publicity import record_objection, resolve_objection
from boostdesk.panel.publicity_docs import publicity_list, write_publicity_pdf
from boostdesk.printing.common import A4, A4_LANDSCAPE, MARGIN, MASKED_NOTE
from boostdesk.printing.payments import build_payment_lists, write_payments_pdf
from boostdesk.printing.samples import PRINTED_ON, YEAR

FINDING = "经核实，该项目的主要技术内容已于2021年度通过验收并获得区级资金支持，属重复申报"


def patents(reg, n: int, union: str = "海淀区总工会") -> None:
    for i in range(n):
        base = f"11010519800101{i:03d}"
        app_id = reg.save_patent(PatentApplication(
            campaign_year=YEAR, title=f"一种测试方法{i}", patent_number_raw=f"ZL2021101{i:05d}.X",
            inventor_name=f"测试{chr(0x4E00 + i)}", id_number=base + ric.calc_check_digit(base + "0"),
            card_number=f"621483011234{i:04d}", unit_name=union, enterprise_name="北京测试有限公司"))
        reg.set_status(PATENT, app_id, "qualified")
        reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                       approved_date=date(2022, 12, 15))
    sync_plan(reg, YEAR)


def y_of(pdf, page: int, fragment: str) -> float:
    """The top of the first word on ``page`` holding ``fragment`` (from the page's top)."""
    return min(w.y0 for w in words(pdf, page) if fragment in w.text)


def y_last(pdf, page: int, fragment: str) -> float:
    """The top of the last word on ``page`` holding ``fragment``."""
    return max(w.y0 for w in words(pdf, page) if fragment in w.text)


def said(pdf, heading: str) -> str:
    """Every page's text run together without spaces, the footers and each page's
    ``heading`` left out: a sentence going on from page to page reads on."""
    day = f"{PRINTED_ON.year}年{PRINTED_ON.month}月{PRINTED_ON.day}日"
    out = []
    for p in range(1, page_count(pdf) + 1):
        text = squash(pdf_text(pdf, p))
        text = re.sub(r"第\d+页共\d+页", "", text)
        for gone in (heading, f"BoostDesk打印于{day}", f"北京市总工会打印于{day}", f"打印日期：{day}", MASKED_NOTE,
                     "（续上页）"):
            text = text.replace(gone, "")
        out.append(text)
    return "".join(out)


def numbered_right(pdf, pages: int) -> None:
    for p in range(1, pages + 1):
        assert f"第{p}页共{pages}页" in squash(pdf_text(pdf, p)), p


# -- 1. a 更正说明 of pages ---------------------------------------------------------------
def test_a_correction_longer_than_a_page_goes_on_over_pages_the_signature_after_it(
        reg, three, tmp_path):  # noqa: F811 - the fixture
    """An upheld objection whose finding was pasted whole (≈ 6,000 characters): its 更正说明
    ran past the paper's foot in one paragraph, the federation and the day drawn over it
    under the margin. It goes on over pages headed by the list's title and 续, every
    character printed, the federation and the 更正's day under its last line."""
    oid = record_objection(reg, three["b"], date(2022, 12, 22), "张某", "重复申报")
    resolve_objection(reg, oid, upheld=True, on=date(2022, 12, 24),
                      note="；".join(f"{FINDING}（第{k}处）" for k in range(1, 121)))
    doc = publicity_list(reg, YEAR)
    pdf = tmp_path / "更正.pdf"
    pages = write_publicity_pdf(reg, YEAR, pdf, printed_on=PRINTED_ON)
    assert pages == page_count(pdf) >= 3
    assert_nothing_under_the_margin(pdf, A4[1])
    assert all(overlapping_words(pdf, p) == [] for p in range(1, pages + 1))
    numbered_right(pdf, pages)
    assert squash(doc.correction()) in said(pdf, f"{doc.title}（续）")
    for p in range(2, pages + 1):  # each page after the first says whose it is
        assert f"{doc.title}（续）" in squash(pdf_text(pdf, p)), p
    last = pages
    assert y_last(pdf, last, "北京市总工会") > y_last(pdf, last, "第120处")
    assert "2022年12月24日" in squash(pdf_text(pdf, last))


# -- 1. a note on held awards of pages, on a payment list -------------------------------
def test_a_held_note_longer_than_a_page_goes_on_over_pages_the_signatures_after_it(
        reg, tmp_path):
    """A payment list naming held awards whose findings run to pages: the note's lines
    ran down past the paper's foot, the signatures drawn under it all, off the page."""
    patents(reg, 3)
    [fed] = build_payment_lists(reg, YEAR, 1, payer=FEDERATION)
    why = "；".join(f"第{k}条：{FINDING}" for k in range(1, 161))
    fed.held = [replace(fed.lines[0], id=999, hold=why)]
    pdf = tmp_path / "held.pdf"
    pages = write_payments_pdf(pdf, [fed], printed_on=PRINTED_ON)
    assert pages == page_count(pdf) >= 3
    assert_nothing_under_the_margin(pdf, A4_LANDSCAPE[1])
    assert all(overlapping_words(pdf, p) == [] for p in range(1, pages + 1))
    numbered_right(pdf, pages)
    text = said(pdf, "")
    assert squash(fed.held_note) in re.sub(r"北京市总工会2022年职工创新助推计划助推资金拨付清单"
                                           r"付款单位：北京市总工会一、.*?金额单位：元", "", text)
    # the totals under the table; the note from under them on; the signatures after it
    first = squash(pdf_text(pdf, 1))
    assert f"合计：¥4,500.00大写：{squash(daxie(fed.total))}" in first
    assert "负责人" not in text.split("第160条")[0]
    assert y_of(pdf, pages, "负责人") > y_last(pdf, pages, "属重复申报")
    for p in range(2, pages + 1):  # the pages of the note alone: no empty table
        text = squash(pdf_text(pdf, p))
        assert "本页小计" not in text and "（续）" in text and "续上页" in text


# -- 2. a closing the last page of rows cannot hold ---------------------------------------
def test_a_closing_the_last_rows_cannot_hold_goes_on_a_page_of_its_own_not_an_empty_table(
        reg, tmp_path):
    """The last row (a union's name of a paragraph) filled its page: 合计 and the
    signatures went onto a page of the header, no rows and 本页小计 0.00. That page now
    says it goes on from the list, carries 小计 and 合计 — matching the rows' — and the
    signatures, and no empty table."""
    union = "北京经济技术开发区" * 120
    patents(reg, 1, union)
    lists = build_payment_lists(reg, YEAR, 1, payer="union", unit_name=union)
    pdf = tmp_path / "union.pdf"
    pages = write_payments_pdf(pdf, lists, printed_on=PRINTED_ON)
    numbered_right(pdf, pages)
    assert_nothing_under_the_margin(pdf, A4_LANDSCAPE[1])
    last = squash(pdf_text(pdf, pages))
    assert "本页小计" not in last and "0.00" not in last.replace("1,500.00", "")
    assert "工会会员互助服务卡号" not in last  # no header row over nothing
    assert "拨付清单" in last and "（续）" in last and "续上页" in last
    assert "小计（1笔）1,500.00" in last
    assert "合计：¥1,500.00大写：人民币壹仟伍佰元整" in last and "负责人" in last
    subtotals = sum(int(m.replace(",", "").replace(".", "")) for p in range(1, pages)
                    for m in re.findall(r"本页小计\s*([\d,]+\.\d\d)", pdf_text(pdf, p)))
    assert subtotals == lists[0].total == 1500_00


def test_layout_moves_the_last_rows_with_a_closing_and_puts_a_long_one_on_pages_of_its_own():
    """A closing a page holds: with the last row moved to it when that row fits it, else
    on a page of its own with the final rows (never a page of header and 0.00); one longer
    than a page: under the last rows as far as it fits, then on pages of its own."""
    from boostdesk.printing.common import Col, PagedTable, Part, Span

    def table(rows: int, parts: list[Part]) -> PagedTable:
        return PagedTable(cols=[Col("序号", 20), Col("名称", 60)],
                          rows=[[str(i), "名"] for i in range(rows)],
                          final_rows=[["合计", "x"]], closing_parts=parts)

    one = 8.5 * 1.3 + 5  # a one-line row
    # 20 rows fill 300 points; a 60-point closing moves the last row with it
    spans = table(20, [Part(60)]).layout(one * 21 + 10)
    assert [s[:2] for s in spans] == [(0, 19), (19, 20)]
    assert spans[-1].final and spans[-1].closing == (0, 1) and not spans[-1].alone
    # a closing of 30 lines on pages of ~12: under the rows, then pages of its own
    spans = table(3, [Part(one) for _ in range(30)]).layout(one * 14)
    assert spans[0] == Span(0, 3, final=True, closing=(0, spans[0].closing[1]))
    rest = spans[1:]
    assert rest and all(s.alone and s.start == s.end == 3 and not s.final for s in rest)
    assert [s.closing for s in spans] == [(a, b) for a, b in zip(
        [0, *[s.closing[1] for s in spans[:-1]]], [s.closing[1] for s in spans], strict=True)]
    assert spans[-1].closing[1] == 30


# -- 1. a held award's 注 of pages, on the 审批表 -------------------------------------------
def test_a_held_note_longer_than_its_box_goes_on_an_annex_page_whole_and_readable(
        reg, tmp_path):
    """A held project's 注 of a page of findings: it was set smaller and smaller (down to
    4.5 pt) and then run on past 经办人 and the box's foot. The box keeps it at 7.5 pt or
    more, saying the whole note is on the 附页 after the sheet; the 附页 carries it whole,
    then 经办人, 审核人, the federation and the day; the pages are numbered over them all."""
    from test_approval_fits import text_of
    from test_printing_edges import approve_patent, approve_project, pdf_words

    from boostdesk.printing.approval import BOTTOM, load_sheets, write_approval_pdf

    approve_patent(reg, 3000_00)
    approve_project(reg, 100_000_00)
    patent, project = load_sheets(reg, YEAR)
    why = "；".join(f"第{k}条：{FINDING}" for k in range(1, 121))
    pdf = tmp_path / "a.pdf"
    pages = write_approval_pdf(pdf, [replace(project, hold=why), patent],
                               printed_on=PRINTED_ON)
    assert pages == page_count(pdf) >= 4  # the sheet, its 附页 (2 or more), the patent's
    numbered_right(pdf, pages)
    for p in range(1, pages + 1):  # above the bottom margin, but for the footer's line
        assert [w for w in pdf_words(pdf, p)
                if A4[1] - BOTTOM < w[3] and w[1] < A4[1] - MARGIN] == [], p
    # the 附页 (the sheets' seal lies over the federation's name and the day by design)
    assert all(overlapping_words(pdf, p) == [] for p in range(2, pages))
    # the sheet: the 注 begins in the box, readable, above 经办人, pointing to the 附页
    sheet = pdf_words(pdf, 1)
    signer = min(w[1] for w in sheet if w[4].startswith("经办人"))
    note = [w for w in sheet if "注的全文见本表附页" in w[4]]
    assert note and note[0][3] < signer
    assert all(w[3] - w[1] >= 7 for w in sheet if "第1条" in w[4])  # not shrunk to 4.5 pt
    # the 附页: whole, the signatures under its last line, then the patent's sheet
    annex = "".join(re.sub(r"(?:BoostDesk|北京市总工会)打印于.*", "", squash(pdf_text(pdf, p)).split(
        "项目名称：测试项目", 1)[1]) for p in range(2, pages))
    assert squash(f"注：{why}，暂缓拨付，待复核。") in annex
    assert "创新项目助推审批表附页" in squash(pdf_text(pdf, 2))
    last_annex = pages - 1
    assert y_of(pdf, last_annex, "经办人") > y_last(pdf, last_annex, "待复核")
    approved = project.app.approved_date
    assert f"{approved.year}年{approved.month}月{approved.day}日" in squash(
        pdf_text(pdf, last_annex))
    assert "职工创新发明专利助推审批表" in squash(pdf_text(pdf, pages))
    assert all(w[3] <= A4[1] - BOTTOM + 1 for p in range(1, pages + 1)
               for w in pdf_words(pdf, p) if "经办人" in w[4])
    assert "第120条" in text_of(pdf)


# -- 3. what a finance officer reads on the demo's lists ----------------------------------
def test_a_final_row_with_a_long_label_leaves_the_last_row_on_a_page_with_room():
    """小计（10 笔，其中已拨付 7 笔 123,000.00） was measured in 序号's 9 mm: ten lines' room
    kept for it, and the demo's list with paid lines sent its tenth project alone to a
    fourth page under a page a third empty."""
    from boostdesk.printing.common import Col, PagedTable, Part

    table = PagedTable(cols=[Col("序号", 9, "center"), Col("名称", 60), Col("金额", 24, "right")],
                       rows=[[str(i), "名称", "1.00"] for i in range(20)],
                       values=[100] * 20, subtotal_col=2, format_value=str,
                       final_rows=[["小计（20 笔，其中已拨付 7 笔 123,000.00）", "", "20.00"]],
                       closing_parts=[Part(90)])
    one = 8.5 * 1.3 + 5
    avail = 20 * one + 30 + 17 + 2 + one + 90 + 5  # the rows, header, 本页小计, 小计, closing
    assert len(table.layout(avail)) == 1


def test_a_voucher_number_is_never_broken_over_two_lines(reg, tmp_path):
    """备注 of a paid line read 凭证 记 over -2023-0026 (wrapped after 记)."""
    patents(reg, 2)
    [fed] = build_payment_lists(reg, YEAR, 1, payer=FEDERATION)
    fed.patents = [replace(x, paid_date=date(2023, 3, 26), voucher="记-2023-0026")
                   for x in fed.patents]
    pdf = tmp_path / "paid.pdf"
    write_payments_pdf(pdf, [fed], printed_on=PRINTED_ON)
    assert [w.text for w in words(pdf, 1)].count("记-2023-0026") == 2


def test_the_total_under_the_projects_says_it_adds_both_parts(reg, tmp_path):
    """The list's 合计 stood under the projects' 小计 it is not (the patents' part is on
    the page before): it says it totals both parts."""
    from test_printing_edges import approve_project

    patents(reg, 1)
    approve_project(reg, 100_000_00)
    sync_plan(reg, YEAR)
    [fed] = build_payment_lists(reg, YEAR, 1, payer=FEDERATION)
    assert fed.patents and fed.projects
    pdf = tmp_path / "both.pdf"
    pages = write_payments_pdf(pdf, [fed], printed_on=PRINTED_ON)
    last = squash(pdf_text(pdf, pages))
    assert f"合计：¥31,500.00大写：{squash(daxie(3_150_000))}（一、二两部分合计）" in last
    [only] = build_payment_lists(reg, YEAR, 1, payer="union")
    pdf = tmp_path / "one.pdf"
    write_payments_pdf(pdf, [replace(only, projects=[])], printed_on=PRINTED_ON)
    assert "两部分" not in squash(pdf_text(pdf))


def test_a_short_held_note_is_set_at_9_pt_wrapped_not_shrunk(reg, tmp_path):
    """The demo's held patent: a note of two lines was shrunk to 7.5 pt (the smallest)
    in a box with room for it at 9 pt."""
    from test_printing_edges import approve_patent, pdf_words

    from boostdesk.printing.approval import load_sheets, write_approval_pdf

    approve_patent(reg, 3000_00)
    [sheet] = load_sheets(reg, YEAR)
    why = ("核准后经核对为不合格——授权公告日 2019-05-01 不在 2021-01-01 至 2021-12-31 期间"
           "（方案一（二）1）；非职务发明，不在助推范围（方案一（二）2）")
    pdf = tmp_path / "a.pdf"
    write_approval_pdf(pdf, [replace(sheet, hold=why)], printed_on=PRINTED_ON)
    note = [w for w in pdf_words(pdf, 1) if w[4].startswith("注：")]
    assert note and note[0][3] - note[0][1] > 8.5


def test_a_paragraphs_first_line_never_stands_alone_at_a_pages_foot_nor_the_signatures_alone():
    """A 更正说明 beginning in the last inch of a page put 更正说明：… alone at its foot; a
    note ending on a page's last line put the signatures alone on a page."""
    from boostdesk.printing.common import Col, PagedTable, Part

    def layout(room_for: float, parts: list[Part]) -> list:
        table = PagedTable(cols=[Col("序号", 20), Col("名称", 60)], rows=[["1", "名"]],
                           closing_parts=parts)
        header = max(c.height for c in table.header_laid()) + 5
        return table.layout(header + 2 + (8.5 * 1.3 + 5) + room_for)

    lines = [Part(13, keep=True), *[Part(13) for _ in range(40)], Part(13, keep=True)]
    # under the table: room for the gap and the first line only: both go on
    spans = layout(10 + 13 + 5, [Part(10, keep=True), *lines, Part(54)])
    assert spans[0].closing == (0, 0)
    # a page ending after the note's last line leaves it for the signatures' page
    spans = layout(13 * 42 + 20, [*lines, Part(54)])
    assert spans[0].closing == (0, 41) and spans[1].closing == (41, 43)


def test_a_long_correction_in_the_xlsx_goes_on_in_rows_excel_can_show(reg, three, tmp_path):  # noqa: F811
    """One merged row of the whole 说明 was set thousands of points high: Excel holds a
    row to 409 pt, and the rest of the 说明 was never seen."""
    import openpyxl

    from boostdesk.panel.publicity_docs import write_publicity_xlsx

    oid = record_objection(reg, three["b"], date(2022, 12, 22), "张某", "重复申报")
    resolve_objection(reg, oid, upheld=True, on=date(2022, 12, 24),
                      note="；".join(f"{FINDING}（第{k}处）" for k in range(1, 121)))
    path = write_publicity_xlsx(reg, YEAR, tmp_path / "更正.xlsx")
    ws = openpyxl.load_workbook(path).active
    rows = [r for r in range(1, ws.max_row + 1)
            if str(ws.cell(r, 1).value or "").find("处）") >= 0]
    assert len(rows) > 1
    assert all(ws.row_dimensions[r].height <= 409 for r in rows)
    assert "".join(ws.cell(r, 1).value for r in rows) == publicity_list(reg, YEAR).correction()


def test_a_long_held_note_in_the_xlsx_list_is_wrapped_whole_in_rows_excel_can_show(
        reg, tmp_path):
    """The note on held awards stood on one unwrapped row: printed, it was cut at the
    sheet's edge."""
    import openpyxl

    from boostdesk.printing.payments import write_payments_xlsx

    patents(reg, 3)
    [fed] = build_payment_lists(reg, YEAR, 1, payer=FEDERATION)
    fed.held = [replace(fed.lines[0], id=999,
                        hold="；".join(f"第{k}条：{FINDING}" for k in range(1, 161)))]
    ws = openpyxl.load_workbook(write_payments_xlsx(tmp_path / "l.xlsx", [fed])).active
    rows = [r for r in range(1, ws.max_row + 1) if "条：" in str(ws.cell(r, 1).value or "")]
    assert len(rows) > 1
    assert "".join(ws.cell(r, 1).value for r in rows) == fed.held_note
    assert all(ws.cell(r, 1).alignment.wrap_text and ws.row_dimensions[r].height <= 409
               for r in rows)
