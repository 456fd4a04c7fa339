"""A payer whose every line of the batch is held (暂缓拨付) has nothing to pay: its page of
the printed payment lists was a payment list all the same — under the projects' heading
(首笔 100 %, the held patent's share) though its lines were patents, an empty table with
本页小计：续上页 on a page of one, 小计（0 笔）, 合计 ¥0.00 大写 零元整 and the signatures
under it — and its sheet of the workbook likewise (合计 共 0 笔 0).

Such a payer now gets a page, and a sheet, that say so: headed by the stream its held
lines are of and 本批无应拨款项, no table, no totals to sign, the held lines named with
why they wait (its finance must still hear of its part of an approved award)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

import openpyxl

from boostdesk.cli import main
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import close_publicity, record_objection, start_publicity
from boostdesk.printing.payments import (
    build_payment_lists,
    write_payments_pdf,
    write_payments_xlsx,
)
from boostdesk.rules import recheck
from tests.test_finance import add_patent
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

HELD_UNION = "海淀区总工会"

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _patent_held(reg) -> None:
    """海淀区总工会's only patent corrected out of the grant window after approval (held);
    朝阳区总工会's paid as usual. Odd amounts: the fen split unevenly between the payers."""
    held = add_patent(reg, unit=HELD_UNION, award=3000_01, number="ZL202110123456.7")
    add_patent(reg, name="李四", id_number="110108198506123146", unit="朝阳区总工会",
               award=3000_01, number="ZL202110987654.8")
    reg.save_patent(replace(reg.patent(held), grant_date=date(2020, 12, 31)), reason=WHY)
    recheck(reg)
    sync_plan(reg, YEAR)


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def _payer_pages(pdf, payer: str) -> str:
    return "\n".join(p for p in _pages(pdf) if f"付款单位：{payer}" in p)


def _sheet_text(xlsx, sheet: str) -> str:
    ws = openpyxl.load_workbook(xlsx)[sheet]
    return "\n".join(" ".join(str(c) for c in row if c is not None)
                     for row in ws.iter_rows(values_only=True))


def test_a_payer_whose_only_patent_is_held_gets_a_notice_not_an_empty_list(reg, tmp_path):
    _patent_held(reg)
    lists = {pl.payer_name: pl for pl in build_payment_lists(reg, YEAR, 1)}
    haidian = lists[HELD_UNION]
    assert haidian.lines == [] and len(haidian.held) == 1 and haidian.nothing_to_pay
    assert not lists["朝阳区总工会"].nothing_to_pay
    pdf, xlsx = tmp_path / "p.pdf", tmp_path / "p.xlsx"
    write_payments_pdf(pdf, list(lists.values()))
    write_payments_xlsx(xlsx, list(lists.values()))

    page = _payer_pages(pdf, HELD_UNION)
    squashed = "".join(page.split())
    assert "发明专利助推资金：本批无应拨款项" in squashed
    assert "1笔¥1,500.00暂缓拨付，未列入本清单" in squashed  # 海淀's half of 3,000.01
    assert "一种测试方法" in squashed and "不合格" in squashed
    for not_there in ("创新项目", "100%", "本页小计", "小计", "合计", "零元整",
                      "序号", "制表", "另有"):
        assert not_there not in squashed, not_there
    assert "第1页共1页" in squashed and HELD_UNION in page.split("暂缓拨付")[-1]  # dated

    # the payer with a line to pay still has its list, its totals and signatures
    chaoyang = "".join(_payer_pages(pdf, "朝阳区总工会").split())
    assert "一、发明专利助推资金" in chaoyang and "合计：¥1,500.00" in chaoyang
    assert "制表" in chaoyang

    sheet = _sheet_text(xlsx, HELD_UNION)
    assert "发明专利助推资金：本批无应拨款项" in sheet
    assert "1 笔 ¥1,500.00 暂缓拨付，未列入本清单" in sheet and "一种测试方法" in sheet
    for not_there in ("合计", "共 0 笔", "序号", "制表", "另有"):
        assert not_there not in sheet, not_there
    assert "合计" in _sheet_text(xlsx, "朝阳区总工会")


def test_the_command_line_says_nothing_is_to_be_paid_and_what_is_held(reg, tmp_path, capsys):
    _patent_held(reg)
    reg.close()
    capsys.readouterr()
    assert main(["print", "payments", "--tranche", "1", "--db", str(reg.path),
                 "--out", str(tmp_path / "p.pdf")]) == 0
    out = capsys.readouterr().out
    assert f"{HELD_UNION}：本批无应拨款项（1 笔 ¥1,500.00 暂缓拨付，见清单）" in out
    assert f"{HELD_UNION}：0 笔" not in out
    # the federation pays its half of both: one listed, one held, both said
    assert "1 笔，合计 ¥1,500.01" in out and "另有 1 笔 ¥1,500.01 暂缓拨付" in out
    # a list asked for that payer alone is refused, saying why (as before)
    code = main(["print", "payments", "--tranche", "1", "--db", str(reg.path),
                 "--payer", HELD_UNION, "--out", str(tmp_path / "h.pdf")])
    assert code != 0 and not (tmp_path / "h.pdf").exists()
    assert "暂缓拨付" in capsys.readouterr().err


def test_a_payer_whose_only_project_is_held_is_headed_by_the_projects_first_tranche(
        reg, tmp_path):
    a = make_project(reg, "市级甲项目", "工作室甲", CITY, unit="朝阳区总工会")
    b = make_project(reg, "区级乙项目", "工作室乙", DISTRICT, unit=HELD_UNION)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 85})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    record_objection(reg, b, date(2022, 12, 26), "某职工", "项目数据不实")
    lists = build_payment_lists(reg, YEAR, 1)
    pdf, xlsx = tmp_path / "p.pdf", tmp_path / "p.xlsx"
    write_payments_pdf(pdf, lists)
    write_payments_xlsx(xlsx, lists)
    squashed = "".join(_payer_pages(pdf, HELD_UNION).split())
    assert "创新项目助推资金首笔（60%）：本批无应拨款项" in squashed
    assert "区级乙项目" in squashed and "合计" not in squashed and "发明专利" not in squashed
    assert "创新项目助推资金首笔（60%）：本批无应拨款项" in _sheet_text(xlsx, HELD_UNION)


def test_a_notice_of_pages_goes_on_under_its_heading_and_is_dated_at_its_end(reg, tmp_path):
    _patent_held(reg)
    [haidian] = [pl for pl in build_payment_lists(reg, YEAR, 1) if pl.payer_name == HELD_UNION]
    long = "核准后经核对为不合格，请核对原件并写明理由。" * 400  # a note of pages
    haidian.held = [replace(haidian.held[0], hold=long, hold_fact=long)]  # (the printed 注: hold_fact)
    pdf = tmp_path / "p.pdf"
    pages = write_payments_pdf(pdf, [haidian])
    texts = ["".join(p.split()) for p in _pages(pdf)]
    assert pages == len(texts) >= 3
    assert "发明专利助推资金：本批无应拨款项" in texts[0] and "（续上页）" not in texts[0]
    for k, text in enumerate(texts[1:], start=2):
        assert "发明专利助推资金：本批无应拨款项（续）" in text and "（续上页）" in text
        assert f"第{k}页共{pages}页" in text
    assert all("2026" not in t.split("打印日期")[0] for t in texts[:-1])  # dated once, at the end
    assert "制表" not in "".join(texts)
    # whole: a sentence at a page's turn is cut by the page's furniture only
    assert "".join(texts).count("核准后经核对为不合格，请核对原件并写明理由。") >= 400 - (pages - 1)
