"""Payment lists and summary tables: PDF pages, totals in 大写, xlsx sheets, the CLI."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from test_printing import page_count, pdf_fonts, pdf_text, squash

from boostdesk.cli import main
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.io.export_summary import build_summary, wan_text, write_summary_xlsx
from boostdesk.models import PatentApplication
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT
from boostdesk.money import daxie, format_money, format_plain
from boostdesk.printing.payments import (
    PayerError,
    build_payment_lists,
    resolve_payer,
    sheet_name,
    write_payments_pdf,
    write_payments_xlsx,
)
from boostdesk.printing.samples import PRINTED_ON, YEAR, fill_sample
from boostdesk.printing.summary import write_summary_pdf

UNIONS = ("海淀区总工会", "朝阳区总工会", "首钢集团工会")


@pytest.fixture
def sample_reg(reg):
    fill_sample(reg)
    return reg


@pytest.fixture
def many(reg):
    """45 approved patents from three unions, one award of an odd amount."""
    from stdnum.cn import ric

    for i in range(45):
        base = f"11010519800101{i:03d}"
        id_number = base + ric.calc_check_digit(base + "0")
        app_id = reg.save_patent(PatentApplication(
            campaign_year=YEAR, title=f"一种测试方法{i}", patent_number_raw=f"ZL2021101{i:05d}.X",
            inventor_name=f"测试{chr(0x4E00 + i)}", id_number=id_number,
            card_number=f"621483011234{i:04d}", unit_name=UNIONS[i % 3],
            enterprise_name="北京测试有限公司",
        ))
        reg.set_status(PATENT, app_id, "qualified")
        reg.set_status(PATENT, app_id, "approved", award_fen=3000_01 if i == 7 else 3000_00,
                       approved_date=date(2022, 12, 15))
    sync_plan(reg, YEAR)
    return reg


# -- payment lists as PDF --------------------------------------------------------------------
def test_federations_first_tranche_adds_up_to_the_fen_and_its_daxie_is_printed(many, tmp_path):
    lists = build_payment_lists(many, YEAR, 1, payer=FEDERATION)
    assert [pl.payer_name for pl in lists] == ["北京市总工会"]
    fed = lists[0]
    expected = sum(x.amount_fen for x in payment_lines(many, YEAR, tranche=1, payer=FEDERATION))
    assert fed.total == expected == 44 * 1500_00 + 1500_01
    pdf = tmp_path / "fed.pdf"
    write_payments_pdf(pdf, lists, printed_on=PRINTED_ON)
    text = squash(pdf_text(pdf))
    assert squash(daxie(fed.total)) in text
    assert "人民币陆万柒仟伍佰元零壹分" in text
    assert format_money(fed.total) in text


def test_every_page_repeats_the_header_and_carries_its_subtotal(many, tmp_path):
    lists = build_payment_lists(many, YEAR, 1, payer=FEDERATION)
    pdf = tmp_path / "fed.pdf"
    pages = write_payments_pdf(pdf, lists, printed_on=PRINTED_ON)
    assert pages == page_count(pdf) >= 2
    subtotals = 0
    for p in range(1, pages + 1):
        text = pdf_text(pdf, p)
        assert "身份证号" in text and "应拨金额（元）" in text
        assert f"第{p}页共{pages}页" in squash(text)
        m = re.search(r"本页小计\s+([\d,]+\.\d\d)", text)
        assert m, f"page {p} has no subtotal"
        subtotals += int(m.group(1).replace(",", "").replace(".", ""))
    assert subtotals == lists[0].total
    last = pdf_text(pdf, pages)
    assert "制表" in last and "审核" in last and "负责人" in last


def test_each_union_gets_its_own_list_with_its_own_share(many, tmp_path):
    lists = build_payment_lists(many, YEAR, 1)
    assert [pl.payer_name for pl in lists][0] == "北京市总工会"
    unions = {pl.payer_name: pl for pl in lists[1:]}
    assert set(unions) == set(UNIONS)
    assert all(len(pl.patents) == 15 for pl in unions.values())
    assert sum(pl.total for pl in lists) == 45 * 3000_00 + 1


def test_lists_mask_numbers_except_finances_copy(many, tmp_path):
    lists = build_payment_lists(many, YEAR, 1, payer="union", unit_name="海淀区总工会")
    card = lists[0].patents[0].card_number
    masked, finance = tmp_path / "m.pdf", tmp_path / "f.pdf"
    write_payments_pdf(masked, lists, printed_on=PRINTED_ON)
    write_payments_pdf(finance, lists, unmasked=True, printed_on=PRINTED_ON)
    assert card not in squash(pdf_text(masked))
    assert f"{card[:4]}****" in squash(pdf_text(masked))
    assert card in squash(pdf_text(finance))


def test_payment_list_fonts_are_all_embedded(many, tmp_path):
    pdf = tmp_path / "all.pdf"
    write_payments_pdf(pdf, build_payment_lists(many, YEAR, 1), printed_on=PRINTED_ON)
    assert all(emb == "yes" for _, emb in pdf_fonts(pdf))


def test_second_tranche_lists_only_accepted_projects(sample_reg):
    lists = build_payment_lists(sample_reg, YEAR, 2)
    lines = [x for pl in lists for x in pl.lines]
    assert lines and all(x.tranche == 2 and x.released for x in lines)
    assert {x.studio_name for x in lines} == {"数控加工技能大师工作室"}


def test_payer_is_found_by_name_or_fragment(sample_reg):
    assert resolve_payer(sample_reg, YEAR, "市总工会") == (FEDERATION, None)
    assert resolve_payer(sample_reg, YEAR, "北京市总工会") == (FEDERATION, None)
    assert resolve_payer(sample_reg, YEAR, "海淀") == ("union", "海淀区总工会")
    with pytest.raises(PayerError, match="请写全称"):
        resolve_payer(sample_reg, YEAR, "区总工会")
    with pytest.raises(PayerError, match="没有名为"):
        resolve_payer(sample_reg, YEAR, "上海市总工会")


# -- payment lists as xlsx -----------------------------------------------------------------
def test_xlsx_has_one_sheet_per_payer_each_adding_up_with_its_daxie(many, tmp_path):
    lists = build_payment_lists(many, YEAR, 1)
    out = write_payments_xlsx(tmp_path / "pay.xlsx", lists, printed_on=PRINTED_ON)
    wb = load_workbook(out)
    assert wb.sheetnames == [pl.payer_name for pl in lists]
    for pl in lists:
        ws = wb[pl.payer_name]
        header_row = next(r for r in range(1, 10)
                          if any(str(c.value or "").startswith("应拨金额")
                                 for c in ws[r]))
        headers = [c.value for c in ws[header_row]]
        col = next(i for i, h in enumerate(headers) if str(h or "").startswith("应拨金额"))
        amounts = []
        r = header_row + 1
        while ws.cell(r, 1).value != "合计":
            amounts.append(Decimal(str(ws.cell(r, col + 1).value)))
            r += 1
        assert len(amounts) == len(pl.lines)
        total = Decimal(str(ws.cell(r, col + 1).value))
        assert sum(amounts) == total == Decimal(pl.total) / 100
        assert ws.cell(r, col + 2).value == daxie(pl.total)
        assert ws.freeze_panes == f"A{header_row + 1}"
        ids = [ws.cell(k, headers.index("身份证号") + 1).value
               for k in range(header_row + 1, r)]
        assert all("********" in v for v in ids)


def shown_width(value) -> int:
    """Excel's column units a text takes: two for a Chinese character, one for the rest."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def test_an_xlsx_list_prints_each_name_whole_in_its_cell(reg, tmp_path):
    """Finance prints the workbook: 中国铁路北京局集团有限公司北京动车段工会委员会 in the
    22-wide 推荐单位 (the demo's own 北京电子城直属企业联合工会 too) was cut at the next
    column's payee, on screen and on paper. A text longer than its column wraps in it."""
    from boostdesk.printing.payments import HEADER_ROW

    union = "中国铁路北京局集团有限公司北京动车段工会委员会"
    app_id = reg.save_patent(PatentApplication(
        campaign_year=YEAR, title="一种测试方法", patent_number_raw="ZL202110100001.X",
        inventor_name="王军", id_number="11010519491231002X", card_number="6214830112340001",
        unit_name=union, enterprise_name="北京测试有限公司",
        remarks="原卡已挂失，改用新卡；发明人已调往北京动车段丰台动车运用所"))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    sync_plan(reg, YEAR)
    out = write_payments_xlsx(tmp_path / "pay.xlsx", build_payment_lists(reg, YEAR, 1),
                              printed_on=PRINTED_ON)
    cut = []
    for ws in load_workbook(out).worksheets:
        r = HEADER_ROW + 1
        while ws.cell(r, 1).value not in ("合计", "合计（含已拨付）"):  # the lines
            for cell in ws[r]:
                width = ws.column_dimensions[cell.column_letter].width
                if (isinstance(cell.value, str) and shown_width(cell.value) > width
                        and not cell.alignment.wrap_text):
                    cut.append((ws.title, cell.coordinate, cell.value))
            r += 1
    assert cut == []


def test_sheet_names_are_valid_and_unique():
    taken: set[str] = set()
    long = "北京经济技术开发区总工会" * 3
    a, b = sheet_name(long, taken), sheet_name(long, taken)
    assert len(a) <= 31 and len(b) <= 31 and a != b
    assert sheet_name("a/b:c?", taken) == "abc"


# -- summary tables -----------------------------------------------------------------------
def test_summary_xlsx_has_widths_money_formats_a_frozen_header_and_totals(sample_reg, tmp_path):
    s = build_summary(sample_reg, "project", YEAR)
    out = write_summary_xlsx(tmp_path / "s.xlsx", s)
    ws = load_workbook(out).active
    assert ws.freeze_panes == "A3"
    headers = [c.value for c in ws[2]]
    assert headers[:3] == ["序号", "推荐单位", "工作室名称"]
    award_col = headers.index("核准助推金额（万元）") + 1
    from openpyxl.utils import get_column_letter

    for j, col in enumerate(s.columns, start=1):
        assert ws.column_dimensions[get_column_letter(j)].width == col.xlsx_width >= 6
    first = ws.cell(3, award_col)
    assert first.number_format == "#,##0.00"  # the column's decimals: its figures' most
    total_row = 3 + len(s.rows)
    assert ws.cell(total_row, 1).value == "合计"
    assert Decimal(str(ws.cell(total_row, award_col).value)) == Decimal("13")
    assert "人民币壹拾叁万元整" in ws.cell(total_row + 1, 1).value


def test_exported_summary_reads_back_through_the_importer(sample_reg, tmp_path):
    from boostdesk.io.importer import read_table

    s = build_summary(sample_reg, "patent", YEAR, unmasked=True)
    out = write_summary_xlsx(tmp_path / "s.xlsx", s)
    preview = read_table(out, YEAR)
    assert preview.stream == "patent" and not preview.errors
    assert [r.id_number for r in preview.records] == [a.id_number for a in
                                                      sample_reg.patents(YEAR)]
    assert [r.inventor_name for r in preview.records] == ["刘䶮", "王喆", "陈赟"]


def test_summary_masks_numbers_unless_finances_copy(sample_reg):
    masked = build_summary(sample_reg, "patent", YEAR)
    col = [c.field for c in masked.columns].index("id_number")
    assert masked.rows[0][col] == "110105********002X"
    assert build_summary(sample_reg, "patent", YEAR, unmasked=True).rows[0][col] == \
        "11010519491231002X"


def test_summary_pdf_repeats_its_header_numbers_pages_and_closes_with_totals(many, tmp_path):
    s = build_summary(many, "patent", YEAR)
    pdf = tmp_path / "s.pdf"
    pages = write_summary_pdf(pdf, s, printed_on=PRINTED_ON)
    assert pages == page_count(pdf) >= 3
    for p in range(1, pages + 1):
        text = pdf_text(pdf, p)
        assert "专利名称" in text and "身份证号" in text
        assert f"第{p}页共{pages}页" in squash(text)
    last = squash(pdf_text(pdf, pages))
    assert "合计（共45项）135,000.01" in last
    assert squash(daxie(s.award_total)) in last
    assert all(emb == "yes" for _, emb in pdf_fonts(pdf))


def test_project_amounts_read_in_wan_to_the_fen():
    assert wan_text(30 * 10_000_00) == "30.00"
    assert wan_text(312_345_67) == "31.234567"
    assert format_plain(3000_00) == "3,000.00"


# -- the command line ----------------------------------------------------------------------
def test_cli_prints_every_document(sample_reg, tmp_path, capsys):
    db = str(sample_reg.path)
    assert main(["print", "approval", "--db", db, "--out", str(tmp_path / "a.pdf")]) == 0
    assert page_count(tmp_path / "a.pdf") == 5
    assert main(["print", "approval", "--db", db, "--out", str(tmp_path / "b.pdf"),
                 "--ref", "ZL202110123456.7"]) == 0
    assert page_count(tmp_path / "b.pdf") == 1
    assert main(["print", "payments", "--db", db, "--tranche", "1", "--payer", "市总工会",
                 "--out", str(tmp_path / "p.pdf")]) == 0
    out = capsys.readouterr().out
    assert "北京市总工会：" in out and "人民币" in out
    assert main(["print", "payments", "--db", db, "--tranche", "2",
                 "--out", str(tmp_path / "p.xlsx")]) == 0
    assert load_workbook(tmp_path / "p.xlsx").sheetnames[0] == "北京市总工会"
    for stream in ("patent", "project"):
        for ext in ("xlsx", "pdf"):
            assert main(["export", "summary", stream, "--db", db,
                         "--out", str(tmp_path / f"s-{stream}.{ext}")]) == 0
            assert (tmp_path / f"s-{stream}.{ext}").stat().st_size > 1000


def test_cli_errors_say_what_is_wrong(sample_reg, tmp_path, capsys):
    db = str(sample_reg.path)
    assert main(["print", "approval", "--db", db, "--out", str(tmp_path / "a.pdf"),
                 "--ref", "ZL209999999999.9"]) == 1
    assert "登记册中没有这项申报" in capsys.readouterr().err
    assert main(["print", "payments", "--db", db, "--tranche", "1", "--payer", "上海",
                 "--out", str(tmp_path / "p.pdf")]) == 1
    assert "没有名为“上海”的付款单位" in capsys.readouterr().err
    assert main(["print", "approval", "--db", db, "--out", str(tmp_path / "a.docx")]) == 1
    assert "应以 .pdf 结尾" in capsys.readouterr().err
    assert not (tmp_path / "a.pdf").exists()


def test_cli_marks_a_payment_and_records_an_acceptance(sample_reg, capsys):
    db = str(sample_reg.path)
    line = next(x for x in payment_lines(sample_reg, YEAR, tranche=1) if not x.paid)
    assert main(["pay", "mark", str(line.id), "--db", db, "--date", "2023-01-20",
                 "--voucher", "记-2023-0050"]) == 0
    assert "已登记" in capsys.readouterr().out
    assert main(["pay", "mark", str(line.id), "--db", db, "--date", "2023-01-20",
                 "--voucher", "记-2023-0051"]) == 1
    assert "不能重复登记" in capsys.readouterr().err
    assert main(["pay", "accept", "转炉炼钢终点碳温预测模型开发", "--db", db,
                 "--date", "2000-01-10"]) == 1
    assert "早于核准日期" in capsys.readouterr().err
    assert main(["pay", "list", "--db", db, "--due"]) == 0
    assert "待拨付" in capsys.readouterr().out


def test_pay_list_of_a_new_campaign_names_what_earlier_ones_still_owe(sample_reg, capsys):
    db = str(sample_reg.path)
    assert main(["campaign", "new", "--year", str(YEAR + 1), "--from", str(YEAR),
                 "--db", db]) == 0
    capsys.readouterr()
    owed = [x for x in payment_lines(sample_reg, YEAR) if not x.paid and x.released]
    assert owed
    assert main(["pay", "list", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.startswith("共 0 笔")
    assert f"{YEAR} 年度尚有 {len(owed)} 笔待拨付" in out
    assert f"boostdesk --db {db} pay list --year {YEAR}" in out, out
    # the newest year named (testers, stop 44: --year hid the 30 lines 2022 still owed)
    assert main(["pay", "list", "--db", db, "--year", str(YEAR + 1)]) == 0
    assert capsys.readouterr().out == out


def test_cli_finance_copy_is_in_the_audit_trail(sample_reg, tmp_path, capsys):
    db = str(sample_reg.path)
    masked, finance = tmp_path / "masked.pdf", tmp_path / "finance-财务联.xlsx"
    assert main(["print", "payments", "--db", db, "--tranche", "1", "--out", str(masked)]) == 0
    assert main(["print", "payments", "--db", db, "--tranche", "1", "--out", str(finance),
                 "--unmasked"]) == 0
    assert main(["export", "summary", "patent", "--db", db, "--out",
                 str(tmp_path / "s-财务联.pdf"), "--unmasked"]) == 0
    events = [json.loads(r["after"]) for r in sample_reg.query(
        "SELECT after FROM audit_events WHERE action = 'export_unmasked' ORDER BY id")]
    assert [(e["document"], e["to"]) for e in events] == [
        ("拨付清单（第 1 批）", str(finance)), (events[1]["document"], str(tmp_path / "s-财务联.pdf"))]
    assert "汇总表" in events[1]["document"]


def test_a_project_line_shows_the_payers_part_so_the_arithmetic_reads_right(sample_reg):
    from fractions import Fraction

    from boostdesk.printing.payments import payer_part

    lines = [x for x in payment_lines(sample_reg, YEAR, tranche=1) if x.stream == "project"]
    assert lines
    for x in lines:
        part = payer_part(x)
        share = Fraction(1) if part == "全额" else Fraction(part)
        # 核准金额 × 本批比例 × 本单位分担 = 应拨金额, to the fen the split leaves over
        assert abs(x.award_fen * x.share_percent / 100 * share - x.amount_fen) <= 1, part
    assert {payer_part(x) for x in lines} >= {"1/2"}


def test_summary_numbers_its_rows_whatever_the_unions_wrote_as_seq(sample_reg):
    [first, *rest] = sample_reg.patents(YEAR)
    sample_reg.save_patent(replace(first, seq=None))  # a union that left 序号 blank
    s = build_summary(sample_reg, "patent", YEAR)
    col = [c.field for c in s.columns].index("seq")
    assert [r[col] for r in s.rows] == list(range(1, len(s.rows) + 1))


@pytest.mark.parametrize(("level", "ratio", "award", "parts"), [
    ("district", (7, 6), 30_000_00, {"7/13", "6/13"}),
    ("city", (1, 12), 100_000_00, {"1/13", "12/13"}),
    ("district", (1, 2), 30_000_00, {"1/3", "2/3"}),
])
def test_the_payers_part_is_the_exact_part_of_any_ratio(reg, tmp_path, level, ratio, award,
                                                       parts):
    """本批比例×本单位分担 lets a checker redo the sum: 30,000 × 60% × 7/13 = 9,692.31."""
    from fractions import Fraction

    from test_finance import add_project

    from boostdesk.models import CITY, DISTRICT
    from boostdesk.printing.payments import payer_part

    c = reg.campaign(2022)
    reg.save_campaign(c.with_changes(project_split={**c.project_split, level: ratio}))
    add_project(reg, level=CITY if level == "city" else DISTRICT, award=award)
    sync_plan(reg, 2022)
    lines = payment_lines(reg, 2022)
    assert {payer_part(x) for x in lines} == parts
    for x in lines:
        exact = Fraction(x.award_fen * x.share_percent, 100) * Fraction(payer_part(x))
        assert abs(exact - x.amount_fen) <= 1
    pdf = tmp_path / "p.pdf"
    write_payments_pdf(pdf, build_payment_lists(reg, 2022, 1), printed_on=PRINTED_ON)
    text = squash(pdf_text(pdf))
    assert all(f"60%×{part}" in text for part in parts)  # on one line, not broken in two


def test_the_payers_part_stays_the_split_paid_in_after_the_level_is_corrected(reg):
    """A 市级 award paid 1:1, its studio corrected to 区级 (1:2) afterwards: the rest is still
    split 1:1 (settled), and its lines say 1/2, not 1/3."""
    from test_finance import add_project

    from boostdesk.finance.paying import mark_paid
    from boostdesk.models import DISTRICT
    from boostdesk.printing.payments import payer_part

    app_id = add_project(reg)
    sync_plan(reg, 2022)
    first = next(x for x in payment_lines(reg, 2022) if x.tranche == 1)
    mark_paid(reg, first.id, date(2023, 2, 1), "记-1")
    name, unit, enterprise = reg.conn.execute(
        "SELECT name, unit_id, enterprise_id FROM studios WHERE id = ?",
        (reg.project(app_id).studio_id,)).fetchone()
    # its payee kept: a paid award's enterprise cannot move (test_ui_corrections)
    reg.ensure_studio(name, DISTRICT, unit, enterprise, "李红兵", None, exact=True)
    sync_plan(reg, 2022)
    assert {payer_part(x) for x in payment_lines(reg, 2022)} == {"1/2"}


@pytest.mark.parametrize(("stream", "unit"), [("project", "万元"), ("patent", "元")])
def test_summary_pdf_total_is_written_in_the_unit_it_names(sample_reg, tmp_path, stream, unit):
    """附件4 reads in 万元: its closing total is in 万元 too, not yuan beside a 万元 note."""
    s = build_summary(sample_reg, stream, YEAR)
    pdf = tmp_path / "s.pdf"
    pages = write_summary_pdf(pdf, s, printed_on=PRINTED_ON)
    last = squash(pdf_text(pdf, pages))
    figure = wan_text(s.award_total) if stream == "project" else format_plain(s.award_total)
    assert f"核准助推金额合计：{figure}{unit}（{squash(daxie(s.award_total))}）" in last
    assert format_money(s.award_total) not in last


def overlapping_words(pdf, page: int) -> list[tuple[str, str]]:
    """Pairs of words (pdftotext's boxes) on ``page`` drawn over each other."""
    import subprocess
    from html import unescape

    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    boxes = [(float(a), float(b), float(c), float(d), unescape(t)) for a, b, c, d, t in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]
    return [(p[4], q[4]) for i, p in enumerate(boxes) for q in boxes[i + 1:]
            if min(p[2], q[2]) - max(p[0], q[0]) > 0.5 and min(p[3], q[3]) - max(p[1], q[1]) > 0.5]


@pytest.mark.parametrize("union", [
    "中国铁路北京局集团有限公司北京动车段工会委员会",  # 23 characters, a real kind of name
    "中国铁路北京局集团有限公司北京动车段机务检修车间联合工会委员会（第二党总支部工会小组）",
    "北京经济技术开发区" * 14,  # absurd: shrunk to the smallest size, then wrapped
    "北京经济技术开发区" * 40,  # a paragraph pasted: four lines, the heading under them
])
def test_a_long_payer_name_is_printed_whole_and_over_nothing(reg, tmp_path, union):
    """The payer's name is what a list is for: never drawn over the batch, the unit or the
    signature line."""
    app_id = reg.save_patent(PatentApplication(
        campaign_year=YEAR, title="一种测试方法", patent_number_raw="ZL202110100001.X",
        inventor_name="王军", id_number="11010519491231002X", card_number="6214830112340001",
        unit_name=union, enterprise_name="北京测试有限公司"))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    sync_plan(reg, YEAR)
    union = reg.patent(app_id).unit_name  # as the register keeps it (tidied brackets)
    pdf = tmp_path / "p.pdf"
    pages = write_payments_pdf(pdf, build_payment_lists(reg, YEAR, 1, payer="union",
                                                        unit_name=union), printed_on=PRINTED_ON)
    text = squash(pdf_text(pdf))  # the paragraph's row in 推荐单位 goes on to a second page
    assert all(overlapping_words(pdf, p) == [] for p in range(1, pages + 1))
    assert f"付款单位：{union}" in text and "拨付批次：第一批" in text and "负责人：" in text
    assert text.count(union) >= 2  # the heading and the signature line, each whole


# -- a list for paying lists what is still to pay ----------------------------------------------
def test_a_payment_list_lists_only_what_is_still_to_pay_by_default(sample_reg, tmp_path, capsys):
    """Paid lines in a list's 合计 / 大写 invite paying them twice: by default they are left
    out, and ``--include-paid`` lists them with 已拨付 and 尚需拨付 given apart."""
    db = str(sample_reg.path)
    lines = [x for x in payment_lines(sample_reg, YEAR, tranche=1, payer=FEDERATION)
             if x.released]
    paid = sum(x.amount_fen for x in lines if x.paid)
    to_pay = sum(x.amount_fen for x in lines if not x.paid)
    assert paid and to_pay
    pdf = tmp_path / "p.pdf"
    assert main(["print", "payments", "--db", db, "--tranche", "1", "--payer", "市总工会",
                 "--out", str(pdf)]) == 0
    assert f"合计 {format_money(to_pay)}（{daxie(to_pay)}）" in capsys.readouterr().out
    text = squash(pdf_text(pdf))
    assert f"合计：{format_money(to_pay)}大写：{daxie(to_pay)}" in text and "已于" not in text

    assert main(["print", "payments", "--db", db, "--tranche", "1", "--payer", "市总工会",
                 "--include-paid", "--out", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert f"尚需拨付 {len([x for x in lines if not x.paid])} 笔 {format_money(to_pay)}" in out
    assert f"已拨付 {len([x for x in lines if x.paid])} 笔 {format_money(paid)}" in out
    text = squash(pdf_text(pdf))
    assert f"尚需拨付：{format_money(to_pay)}" in text and f"大写：{daxie(to_pay)}" in text
    assert f"已拨付：{format_money(paid)}" in text
    assert f"清单合计（含已拨付）：{format_money(paid + to_pay)}" in text
    assert daxie(paid + to_pay) not in text  # the grand total is never the amount in words

    xlsx = tmp_path / "p.xlsx"
    assert main(["print", "payments", "--db", db, "--tranche", "1", "--payer", "市总工会",
                 "--include-paid", "--out", str(xlsx)]) == 0
    rows = {r[0]: r for r in load_workbook(xlsx).active.iter_rows(values_only=True)}
    assert Decimal(str(rows["其中已拨付"][9])) == Decimal(paid) / 100
    assert (Decimal(str(rows["尚需拨付"][9])), rows["尚需拨付"][10]) == (
        Decimal(to_pay) / 100, daxie(to_pay))
    assert "合计" not in rows  # only 合计（含已拨付）, beside the two apart


def test_a_tranche_paid_in_full_says_so_and_how_to_list_it(sample_reg, tmp_path, capsys):
    db = str(sample_reg.path)
    for x in payment_lines(sample_reg, YEAR, tranche=1, payer=FEDERATION):
        if not x.paid:
            from boostdesk.finance.paying import mark_paid

            mark_paid(sample_reg, x.id, date(2023, 3, 1), "记-2023-0100")
    assert main(["print", "payments", "--db", db, "--tranche", "1", "--payer", "市总工会",
                 "--out", str(tmp_path / "p.pdf")]) == 1
    err = capsys.readouterr().err
    assert "没有“市总工会”尚需拨付的款项" in err and "笔已拨付" in err
    assert "请加 --include-paid" in err


@pytest.mark.parametrize("who", [None, "市总工会", "海淀区总工会"])
def test_what_other_years_owe_is_what_their_lines_say(sample_reg, who):
    """``still_owed`` reads only the unpaid rows (the 拨付 screen asks after every payment):
    the same count, amount and overdue count as the year's own lines."""
    from boostdesk.finance.other_years import still_owed

    sample_reg.save_campaign(sample_reg.campaign(YEAR).for_year(YEAR + 1))
    payer, unit = resolve_payer(sample_reg, YEAR, who)
    today = date(2023, 6, 1)
    due = [x for x in payment_lines(sample_reg, YEAR, payer=payer, unit_name=unit)
           if not x.paid and x.released]
    [owed] = still_owed(sample_reg, YEAR + 1, payer=payer, unit_name=unit, as_of=today)
    assert (owed.year, owed.count, owed.amount_fen, owed.overdue) == (
        YEAR, len(due), sum(x.amount_fen for x in due), sum(x.overdue(today) for x in due))
    if who is None:
        assert 0 < owed.overdue < owed.count  # the sample has both kinds
    assert still_owed(sample_reg, YEAR, payer=payer, unit_name=unit) == []


def test_cli_marks_a_whole_list_paid_under_one_voucher_all_or_nothing(many, capsys):
    """Finance pays the federation's list of 45 under one voucher: one `pay mark` with every
    number, one backup (one a line rotated the register's good backups away), and a number
    that cannot be paid records none of them."""
    from boostdesk.safety.backup import list_backups

    db = str(many.path)
    lines = [x for x in payment_lines(many, YEAR, tranche=1, payer=FEDERATION)]
    ids = [str(x.id) for x in lines]
    before = len(list_backups(many.path))
    other = next(x for x in payment_lines(many, YEAR, tranche=1) if x.payer != FEDERATION)
    assert main(["pay", "mark", *ids[:3], str(other.id), "--db", db, "--date", "2023-01-20",
                 "--voucher", "记-2023-0050"]) == 0
    capsys.readouterr()
    assert main(["pay", "mark", *ids, "--db", db, "--date", "2023-01-21",
                 "--voucher", "记-2023-0051"]) == 1
    err = capsys.readouterr().err
    assert f"编号 {ids[0]}" in err and "不能重复登记" in err and "均未登记" in err
    assert not any(x.paid for x in payment_lines(many, YEAR, tranche=1, payer=FEDERATION)
                   if str(x.id) in ids[3:])
    assert main(["pay", "mark", *ids[3:], "--db", db, "--date", "2023-01-21",
                 "--voucher", "记-2023-0051"]) == 0
    out = capsys.readouterr().out
    assert out.count("已登记") == len(ids) - 3
    assert f"共 {len(ids) - 3} 笔，合计 {format_money(sum(x.amount_fen for x in lines[3:]))}" in out
    assert all(x.paid for x in payment_lines(many, YEAR, tranche=1, payer=FEDERATION))
    assert len(list_backups(many.path)) - before == 2  # one a run, not one a line


def test_cli_cancels_a_payment_recorded_by_mistake(sample_reg, capsys):
    db = str(sample_reg.path)
    line = next(x for x in payment_lines(sample_reg, YEAR, tranche=1) if x.paid)
    with pytest.raises(SystemExit):  # --reason is required
        main(["pay", "cancel", str(line.id), "--db", db])
    assert "--reason" in capsys.readouterr().err
    assert main(["pay", "cancel", str(line.id), "--db", db, "--reason", "凭证号写错"]) == 0
    assert "已撤销拨付登记" in capsys.readouterr().out
    assert not next(x for x in payment_lines(sample_reg, YEAR) if x.id == line.id).paid
    assert main(["pay", "cancel", str(line.id), "--db", db, "--reason", "再撤"]) == 1
    assert "尚未登记拨付" in capsys.readouterr().err
    assert main(["pay", "mark", str(line.id), "--db", db, "--date", "2023-01-20",
                 "--voucher", "记-2023-0052"]) == 0
