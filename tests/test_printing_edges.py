"""Printed documents at the edges: large and odd amounts, long names, another year."""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from openpyxl import load_workbook
from test_printing import squash

from boostdesk.io.export_summary import build_summary, write_summary_xlsx
from boostdesk.models import CITY, PatentApplication, ProjectApplication
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.printing.samples import PRINTED_ON, YEAR
from boostdesk.printing.summary import write_summary_pdf

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def pdf_words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    """pdftotext's words on ``page``: (x0, y0, x1, y1, text), y from the top."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), unescape(t)) for a, b, c, d, t in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
        out)]


def approve_patent(reg, award_fen: int, n: int = 1, union: str = "海淀区总工会") -> int:
    """Patent ``n`` approved, its inventor a person of their own."""
    from stdnum.cn import ric

    base = f"11010519800101{n:03d}"
    app_id = reg.save_patent(PatentApplication(
        campaign_year=YEAR, title=f"一种测试方法{n}", patent_number_raw=f"ZL2021101{n:05d}.X",
        inventor_name="王军", id_number=base + ric.calc_check_digit(base + "0"),
        card_number="6214830112340001",
        unit_name=union, enterprise_name="北京测试有限公司"))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=award_fen,
                   approved_date=date(2022, 12, 15))
    return app_id


def approve_project(reg, award_fen: int, title: str = "测试项目",
                    studio: str = "测试劳模创新工作室", union: str = "海淀区总工会") -> int:
    app_id = reg.save_project(ProjectApplication(
        campaign_year=YEAR, title=title, studio_name=studio, studio_level=CITY,
        leader="李红兵", unit_name=union, enterprise_name="北京测试有限公司",
        approval_date=date(2022, 3, 5), planned_completion=date(2023, 11, 30),
        total_budget_fen=award_fen * 3, requested_fen=award_fen))
    for step in ("qualified", "review", "proposed", "publicized"):
        reg.set_status(PROJECT, app_id, step)
    reg.set_status(PROJECT, app_id, "approved", award_fen=award_fen,
                   approved_date=date(2022, 12, 28))
    return app_id


# -- summary tables ----------------------------------------------------------------------------
@pytest.mark.parametrize(("stream", "award", "figures"), [
    # A patent total past a million yuan (334 awards of 3,000): the 合计 cell.
    ("patent", 1_002_000_00, ["1,002,000.00"]),
    # 附件4 to the fen: 99,999,999.99 元 (not whole 百元: printed in 元, not 9,999.999999
    # 万元), budget three times it.
    ("project", 99_999_999_99, ["99,999,999.99", "299,999,999.97"]),
])
def test_a_summary_amount_is_never_broken_across_lines(reg, tmp_path, stream, award, figures):
    """A figure cut in two (9,999.9999 over 99) reads as another amount: every amount in
    the table stays one word on one line, its type smaller if need be."""
    if stream == "patent":
        approve_patent(reg, award)
    else:
        approve_project(reg, award)
    pdf = tmp_path / "s.pdf"
    write_summary_pdf(pdf, build_summary(reg, stream, YEAR), printed_on=PRINTED_ON)
    words = [w[4] for w in pdf_words(pdf, 1)]
    for figure in figures:
        assert words.count(figure) >= 2, (figure, [w for w in words if w[:1].isdigit()])
    assert squash(figures[0]) in squash(" ".join(words))


# -- approval sheets ---------------------------------------------------------------------------
@pytest.mark.parametrize("federation", [
    "中华全国铁路总工会北京铁路局委员会（直属机关工会）",  # 24 characters
    "中华全国总工会北京经济技术开发区亦庄新城总工会委员会" * 2,  # absurd: 50 characters
])
@pytest.mark.parametrize("stream", [PATENT, PROJECT])
def test_a_long_federation_name_stays_inside_the_sheet(reg, tmp_path, federation, stream):
    """The federation's name (the plan title's) heads its box and stands under the seal:
    whole, inside the box's rules, over nothing."""
    from boostdesk.printing.approval import LEFT, RIGHT, load_sheets, write_approval_pdf

    reg.save_campaign(reg.campaign(YEAR).with_changes(title=f"{federation}{YEAR}年职工创新助推计划"))
    approve_patent(reg, 3000_00) if stream == PATENT else approve_project(reg, 100_000_00)
    pdf = tmp_path / "a.pdf"
    write_approval_pdf(pdf, load_sheets(reg, YEAR), printed_on=PRINTED_ON)
    words = pdf_words(pdf, 1)
    outside = [w[4] for w in words if w[0] < LEFT - 0.5 or w[2] > RIGHT + 0.5]
    assert outside == [] or all("页" in w or "印章" in w or "身份证" in w for w in outside), outside
    text = squash("".join(w[4] for w in words))
    assert text.count(squash(federation)) >= 2  # the box's heading and the name under the seal


# -- file names offered ------------------------------------------------------------------------
def test_each_document_is_offered_under_its_own_file_name():
    """Saved side by side, the 附件2 and 附件4 tables, one union's list and the whole batch,
    and finance's copy (full ID and card numbers) and the masked one must not take each
    other's name: a 财务联 handed out for the masked copy, or a table overwritten."""
    from boostdesk.printing.jobs import (
        APPROVAL,
        PAYMENTS,
        SUMMARY_PATENT,
        SUMMARY_PROJECT,
        PrintJob,
    )

    jobs = [
        PrintJob(SUMMARY_PATENT, 2023), PrintJob(SUMMARY_PROJECT, 2023),
        PrintJob(SUMMARY_PROJECT, 2023, approved_only=True),
        PrintJob(PAYMENTS, 2023), PrintJob(PAYMENTS, 2023, tranche=2),
        PrintJob(PAYMENTS, 2023, payer="海淀区总工会"),
        PrintJob(PAYMENTS, 2023, unmasked=True), PrintJob(APPROVAL, 2023),
        PrintJob(APPROVAL, 2023, unmasked=True),
    ]
    stems = [j.file_stem() for j in jobs]
    assert len(set(stems)) == len(stems), stems
    assert all("财务联" in s for j, s in zip(jobs, stems, strict=True) if j.unmasked)
    # A payer's name with a slash is one file, not a folder.
    odd = PrintJob(PAYMENTS, 2023, payer="首钢/京唐 工会").file_stem()
    assert "/" not in odd and "\\" not in odd and "首钢" in odd
    # Sheets asked for by name may be of another year than the one in view (a 2021 award
    # reprinted with 2023 in view was saved as 2023-审批表.pdf): named by what was asked.
    named = PrintJob(APPROVAL, 2023, refs=("专利12", "ZL202110123456.7")).file_stem()
    assert named == "审批表-专利12-ZL202110123456.7"
    many = PrintJob(APPROVAL, 2023, refs=("专利1", "专利2", "专利3", "专利4")).file_stem()
    assert many == "审批表-专利1-专利2-专利3-等"


# -- characters no shipped font has ------------------------------------------------------------
RARE = "张𡒄"  # 𡒄 (U+21484, Extension B) is in neither shipped font: it prints as 〓


@pytest.mark.parametrize("command", [
    ["print", "approval"], ["print", "payments", "--tranche", "1"],
    ["export", "summary", "patent"],
])
def test_printing_a_name_with_a_character_no_font_has_says_which_name(reg, tmp_path, capsys,
                                                                        command):
    """The 〓 is there to be written over by hand: whoever prints 500 sheets is told which
    names carry one, not left to find them."""
    from boostdesk.cli import main

    app_id = approve_patent(reg, 3000_00)
    reg.save_patent(replace(reg.patent(app_id), inventor_name=RARE))
    pdf = tmp_path / "out.pdf"
    assert main([*command, "--db", str(reg.path), "--out", str(pdf)]) == 0
    out = capsys.readouterr()
    said = out.out + out.err
    assert RARE in said and "〓" in said and "手写" in said
    assert "张〓" in squash(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                           capture_output=True, text=True).stdout)


LONG_TITLE = "北京市总工会2023年职工创新助推计划（首都职工创新工作室、发明专利助推与职工技术创新成果转化专项行动·第二批）"


@pytest.mark.parametrize("document", ["approval", "payments"])
def test_a_long_campaign_title_stays_on_the_page(reg, tmp_path, document):
    """设置's 计划名称 heads the sheets and the lists: a long one is set smaller, not run
    off the paper."""
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.printing.approval import load_sheets, write_approval_pdf
    from boostdesk.printing.common import MARGIN
    from boostdesk.printing.payments import build_payment_lists, write_payments_pdf

    reg.save_campaign(reg.campaign(YEAR).with_changes(title=LONG_TITLE))
    approve_patent(reg, 3000_00)
    pdf = tmp_path / "d.pdf"
    if document == "approval":
        write_approval_pdf(pdf, load_sheets(reg, YEAR), printed_on=PRINTED_ON)
        width = 595.28
    else:
        sync_plan(reg, YEAR)
        write_payments_pdf(pdf, build_payment_lists(reg, YEAR, 1), printed_on=PRINTED_ON)
        width = 841.89
    words = pdf_words(pdf, 1)
    assert all(w[0] >= MARGIN - 0.5 and w[2] <= width - MARGIN + 0.5 for w in words), \
        [(w[4], round(w[0]), round(w[2])) for w in words if w[0] < MARGIN or w[2] > width - MARGIN]
    assert squash(LONG_TITLE) in squash(" ".join(w[4] for w in words))


def test_a_phone_number_is_never_broken_across_lines(reg, tmp_path):
    """010-8357088 over 5 is another number: a number (a phone, a patent number, an ID) is
    one word on one line in the summary table, its type smaller if need be. The projects'
    联系电话 is masked on finance's copy too (stop 40: finance needs no phone)."""
    from boostdesk.printing.samples import fill_sample

    fill_sample(reg)  # contact phone 010-83570885, as in docs/print-samples/summary-project.png
    app = reg.projects(YEAR)[0]
    reg.save_project(replace(app, contact_phone="010-83570885-8021"))  # kept as …转8021
    number = "010-****0885"
    for unmasked in (True, False):
        pdf = tmp_path / f"s-{unmasked}.pdf"
        write_summary_pdf(pdf, build_summary(reg, PROJECT, YEAR, unmasked=unmasked),
                          printed_on=PRINTED_ON)
        words = [w[4] for w in pdf_words(pdf, 1)]
        assert not any("83570885" in w for w in words)
        # The extension, when the column is too narrow for all of it, has a line of its own.
        assert words.count(number) == 2, [w for w in words if w[:1].isdigit()]
        assert "转8021" in words or f"{number}转8021" in words


# -- payment lists -----------------------------------------------------------------------------
def test_a_union_share_without_a_union_is_listed_under_a_name_that_says_so(reg, tmp_path,
                                                                            capsys):
    """An award approved with no recommending union still has a union share to pay: its
    list must not head “付款单位：” with nothing after it, as if no one were to pay."""
    from boostdesk.cli import main
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.printing.payments import NO_UNION

    app_id = approve_patent(reg, 3000_00)
    reg.save_patent(replace(reg.patent(app_id), unit_name=""), reason=WHY)
    sync_plan(reg, YEAR)
    pdf = tmp_path / "p.pdf"
    assert main(["print", "payments", "--tranche", "1", "--db", str(reg.path),
                 "--out", str(pdf)]) == 0
    out = capsys.readouterr().out
    assert f"{NO_UNION}：1 笔，合计 ¥1,500.00" in out
    assert f"付款单位：{NO_UNION}" in squash(subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"], check=True, capture_output=True,
        text=True).stdout)


# -- people's names ----------------------------------------------------------------------------
def test_a_four_character_or_mixed_name_stays_whole_in_its_narrow_column(reg, tmp_path):
    """欧阳娜/娜 or 欧阳娜娜A/nna is not how a payee's name is written: a name that fits
    one line a little smaller is set so, in the payment list and the summary table."""
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.printing.payments import build_payment_lists, write_payments_pdf

    for n, name in enumerate(("欧阳娜娜", "欧阳娜娜Anna"), start=1):
        app_id = approve_patent(reg, 3000_00, n=n)
        reg.save_patent(replace(reg.patent(app_id), inventor_name=name))
    sync_plan(reg, YEAR)
    lists = tmp_path / "p.pdf"
    write_payments_pdf(lists, build_payment_lists(reg, YEAR, 1), printed_on=PRINTED_ON)
    words = [w[4] for w in pdf_words(lists, 1)]
    assert "欧阳娜娜" in words, words
    # Too long even a little smaller: broken where the Chinese and the Latin meet.
    assert "欧阳娜娜Anna" in words or (words.count("欧阳娜娜") == 2 and "Anna" in words), words
    table = tmp_path / "s.pdf"
    write_summary_pdf(table, build_summary(reg, PATENT, YEAR), printed_on=PRINTED_ON)
    words = [w[4] for w in pdf_words(table, 1)]
    assert "欧阳娜娜" in words, words


def test_the_unions_payment_lists_come_in_pinyin_order(reg):
    """李 before 王 before 张, as the office's own lists and a sorted Excel column run (by code
    point 张 came first)."""
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.printing.payments import build_payment_lists

    for n, union in enumerate(("张家湾镇总工会", "李村街道总工会", "王府井总工会"), start=1):
        approve_patent(reg, 3000_00, n=n, union=union)
    sync_plan(reg, YEAR)
    lists = build_payment_lists(reg, YEAR, 1)
    assert [pl.payer_name for pl in lists][1:] == ["李村街道总工会", "王府井总工会", "张家湾镇总工会"]


# -- closing brackets at a line's end ------------------------------------------------------------
BRACKETED = "北京经济技术开发区总工会（亦庄新城产业工会联合会）"  # its ） falls at a line's end


@pytest.mark.parametrize("text", [
    BRACKETED, "中国铁路北京局集团有限公司（北京动车段）", "基于BIM的管线综合排布（二期）。",
    "王建国劳模创新工作室（市级）", "某某集团有限公司“十四五”规划项目",
])
@pytest.mark.parametrize("chars", [3, 5, 6, 7, 8, 11])
def test_a_wrapped_line_never_runs_past_its_width(text, chars):
    """A closing mark may not start a line, so the wrap hung it past the line's end — over a
    cell's rule and into its neighbour. The character before it goes down with it instead."""
    from boostdesk.printing.canvas_text import text_width, wrap

    size = 8.0
    width = chars * size + 1.9  # a cell a little wider than its characters, as they are
    lines = wrap(text, width, size)
    assert "".join(lines) == text
    assert all(text_width(line, size) <= width for line in lines), lines


NOTED = "第1段：本项目完成了关键工艺的试验验证，并在“十四五”期间推广；效果如何？显著！"


@pytest.mark.parametrize("chars", range(2, 14))
def test_no_wrapped_line_starts_with_a_comma_colon_or_closing_quote(chars):
    """reportlab lets ，：；？！》” start a line (its list has only 、。） and the like); Chinese
    typesetting does not: the character before the mark comes down with it, and both
    of ”， when they meet the line's end together. Nothing is lost and no line grows."""
    from boostdesk.printing.canvas_text import text_width, wrap

    size = 7.5
    width = chars * size + 0.5
    lines = wrap(NOTED, width, size)
    assert "".join(lines) == NOTED
    assert [line for line in lines[1:] if line[0] in "，：；？！》”"] == [], lines
    assert all(text_width(line, size) <= width for line in lines), lines


def test_a_cell_s_paragraph_breaks_a_comma_as_its_drawn_lines_do():
    """The platypus paragraph a cell is checked against (PagedTable.cell) takes the same
    lines as the canvas draws (PagedTable.laid): a text whose ， meets a line's start is
    broken beforehand, as one that would hang a 。 is."""
    from boostdesk.printing.canvas_text import hangs, text_width

    size = 7.5
    width = text_width("甲乙丙丁戊己庚辛壬癸", size) + 0.01
    assert hangs("甲乙丙丁戊己庚辛壬癸，子丑", width, size)
    assert not hangs("甲乙丙丁戊己庚辛壬癸子丑", width, size)


def test_a_title_with_a_closing_mark_at_a_lines_end_stays_inside_its_cell(reg, tmp_path):
    """一种温度压力流量、液位… in the summary table's 专利名称: its 、 fell at a line's end and
    was hung over the rule, into 专利号's column."""
    from boostdesk.printing.common import MARGIN

    title = "一种温度压力流量、液位一体化检测装置"
    app_id = approve_patent(reg, 3000_00)
    reg.save_patent(replace(reg.patent(app_id), title=title), reason=WHY)
    pdf = tmp_path / "s.pdf"
    summary = build_summary(reg, PATENT, YEAR)
    write_summary_pdf(pdf, summary, printed_on=PRINTED_ON)
    rules, x = [], MARGIN
    for col in summary.columns:
        x += col.pdf_mm * 72 / 25.4
        rules.append(x)
    words = pdf_words(pdf, 1)
    top = next(w[1] for w in words if w[4] == "推荐单位")
    bottom = next(w[1] for w in words if w[4].startswith("合计"))  # the rows above it
    over = [(w[4], round(rule - w[2], 1)) for w in words if top <= w[1] and w[3] <= bottom
            for rule in rules if w[0] < rule - 0.5 and w[2] > rule + 0.2]
    assert over == [], [w[4] for w in words if top <= w[1] < bottom]
    left, right = rules[2], rules[3]  # 专利名称, after 序号, 推荐单位 and 所在单位
    assert "".join(w[4] for w in words if left < w[0] < right and top < w[1] < bottom) == title


@pytest.mark.parametrize("typed", ["ZL 2017 1 1167486.8", "201711167486.8", "CN2017111674868"])
def test_a_patent_number_reads_in_one_form_in_the_summary_table(reg, tmp_path, typed):
    """A union types ZL 2017 1 1167486.8 or leaves off ZL: the summary table printed it as
    typed, broken over two lines in its column (ZL 2017 1 1167486. over 8), unlike the
    list, the detail and the approval sheet. It reads ZL201711167486.8 there too, on one
    line, in the PDF and the workbook."""
    app_id = approve_patent(reg, 3000_00)
    reg.save_patent(replace(reg.patent(app_id), patent_number_raw=typed), reason=WHY)
    summary = build_summary(reg, PATENT, YEAR)
    pdf = tmp_path / "s.pdf"
    write_summary_pdf(pdf, summary, printed_on=PRINTED_ON)
    assert "ZL201711167486.8" in [w[4] for w in pdf_words(pdf, 1)]
    xlsx = tmp_path / "s.xlsx"
    write_summary_xlsx(xlsx, summary)
    ws = load_workbook(xlsx).active
    assert "ZL201711167486.8" in [c.value for c in ws["E"]]
