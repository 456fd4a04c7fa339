"""Every document's award total leaves out an award revoked (撤销助推) or withdrawn.

`export summary patent` (专利汇总表, xlsx and PDF) read 核准助推合计 ¥39,000.00 — PDF footer
核准助推金额合计：39,000.00 元（人民币叁万玖仟元整）— while the statistics, the 12 approval
sheets and the 核准汇总表 gave ¥36,000.00: the revoked award (3,000) was in the full table's
total. Now it is listed, its 备注 says 已撤销助推 with the award it was, its award cell is
empty and the 合计 leaves it out; the project table alike. The other documents with an
award total are checked here too, one test a kind: the 核准汇总表, the statistics, the
approval sheets, the payment lists and the publicity list."""

from __future__ import annotations

import subprocess
from datetime import date

import openpyxl
import pytest
from test_finance import add_patent, add_project, lines_of
from test_printing import squash

from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.recovery import revoke_paid_award
from boostdesk.io.export_summary import AWARD, build_summary, write_summary_xlsx
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.withdrawal import withdraw_application
from boostdesk.printing.summary import write_summary_pdf
from boostdesk.statistics import year_statistics

WAN = 10_000_00
PAID_ON = date(2023, 2, 20)


def _raw_text(pdf) -> str:
    """The PDF's text in drawing order, spaces dropped: a narrow cell's lines together."""
    return squash(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True,
                                 capture_output=True, text=True).stdout)


def _pay(reg, stream: str, app_id: int, tranche: int = 1) -> None:
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines_of(reg, stream, app_id) if x.tranche == tranche],
                  PAID_ON, "记-2023-0031")


@pytest.fixture
def year(reg):
    """2022: a patent approved (3,000) and one paid and revoked (3,000), one approved and
    withdrawn by its union; a project approved (10 万) and one paid its first tranche and
    revoked (5 万)."""
    ids = {"kept": add_patent(reg),
           "revoked": add_patent(reg, "李四", "110108198506123146", "朝阳区总工会",
                                 number="ZL202120987654.3"),
           "withdrawn": add_patent(reg, "王五", "110101199003074518", "丰台区总工会",
                                   number="ZL202110765432.X")}
    _pay(reg, PATENT, ids["revoked"])
    revoke_paid_award(reg, PATENT, ids["revoked"], date(2024, 1, 5), "专利权被宣告无效")
    withdraw_application(reg, PATENT, ids["withdrawn"], date(2023, 1, 6), "丰台区总工会",
                         "该专利尚未在企业生产中应用，申请撤回")
    ids["p_kept"] = add_project(reg)
    ids["p_revoked"] = add_project(reg, studio="王强职工创新工作室", award=5 * WAN,
                                   unit="朝阳区总工会", title="焊接机器人视觉纠偏系统研制")
    _pay(reg, PROJECT, ids["p_revoked"])
    revoke_paid_award(reg, PROJECT, ids["p_revoked"], date(2024, 1, 5), "项目经核实由其他单位承担")
    return ids


def _row(summary, app) -> dict[str, object]:
    """``app``'s row (the patents share a title: found by their inventor)."""
    header = [c.field for c in summary.columns]
    key, value = (("inventor_name", app.inventor_name) if summary.stream == PATENT
                  else ("title", app.title))
    return next(dict(zip(header, r, strict=True)) for r in summary.rows
                if r[header.index(key)] == value)


@pytest.mark.parametrize(("stream", "total", "said"), [
    (PATENT, 3000_00, "3,000.00元（人民币叁仟元整）"),
    (PROJECT, 10 * WAN, "10.00万元（人民币壹拾万元整）")])
def test_the_summary_table_lists_a_revoked_award_out_of_its_total(reg, year, tmp_path, stream,
                                                                    total, said):
    revoked = reg.application(stream, year["revoked" if stream == PATENT else "p_revoked"])
    summary = build_summary(reg, stream, 2022)
    assert summary.award_total == total
    row = _row(summary, revoked)
    assert row[AWARD] is None
    assert str(row["remarks"]).endswith(
        f"已撤销助推（原核准 {'3,000.00' if stream == PATENT else '50,000.00'} 元）")
    assert row["status"] == "撤销助推"
    # the workbook: its 合计 row and the 大写 under it
    ws = openpyxl.load_workbook(write_summary_xlsx(tmp_path / "sum.xlsx", summary)).active
    cells = [[c for c in r] for r in ws.iter_rows(values_only=True)]
    award_col = [c.field for c in summary.columns].index(AWARD)
    totals = next(r for r in cells if r[0] == "合计")
    assert totals[award_col] * (10_000_00 if stream == PROJECT else 100) == total
    assert cells[-1][0].endswith(said.split("（")[1].rstrip("）"))
    # the PDF: the 合计 row and the footer
    pdf = tmp_path / "sum.pdf"
    write_summary_pdf(pdf, summary, printed_on=date(2024, 2, 1))
    text = _raw_text(pdf)
    assert f"核准助推金额合计：{said}" in text
    assert f"已撤销助推（原核准{'3,000.00' if stream == PATENT else '50,000.00'}元）" in text


def test_the_approved_table_and_the_statistics_count_the_awards_standing(reg, year):
    approved = build_summary(reg, PATENT, 2022, approved_only=True)
    assert (len(approved.rows), approved.award_total) == (1, 3000_00)
    projects = build_summary(reg, PROJECT, 2022, approved_only=True)
    assert (len(projects.rows), projects.award_total) == (1, 10 * WAN)
    stats = year_statistics(reg, 2022, as_of=date(2024, 2, 1))
    assert (stats.totals[PATENT].approved, stats.totals[PATENT].award_fen) == (1, 3000_00)
    assert (stats.totals[PROJECT].approved, stats.totals[PROJECT].award_fen) == (1, 10 * WAN)


def test_the_approval_sheets_are_of_the_awards_standing(reg, year):
    from boostdesk.printing.approval import load_sheets

    sheets = load_sheets(reg, 2022)
    assert sorted((s.stream, s.app.id) for s in sheets) == [
        (PATENT, year["kept"]), (PROJECT, year["p_kept"])]
    assert sum(s.payable_fen for s in sheets) == 3000_00 + 10 * WAN


def test_the_payment_lists_leave_a_revoked_award_out_of_their_totals(reg, year):
    from boostdesk.printing.payments import build_payment_lists

    lists = build_payment_lists(reg, 2022, 1, unpaid_only=False)
    listed = {(x.stream, x.app_id) for pl in lists for x in pl.lines}
    assert (PATENT, year["revoked"]) not in listed and (PROJECT, year["p_revoked"]) not in listed
    assert (PATENT, year["withdrawn"]) not in listed
    # the first tranche: the patent whole, the project's 60 %
    assert sum(pl.total for pl in lists) == 3000_00 + 6 * WAN


def test_a_withdrawn_paper_says_so_in_the_pdf_s_remarks(reg, year, tmp_path):
    """The PDF has no 审核理由 column: a withdrawn patent read 资格审核不通过 with an empty 备注,
    as if the office had refused it."""
    summary = build_summary(reg, PATENT, 2022)
    assert _row(summary, reg.patent(year["withdrawn"]))[AWARD] is None
    pdf = tmp_path / "sum.pdf"
    write_summary_pdf(pdf, summary, printed_on=date(2024, 2, 1))
    assert "推荐单位撤回（2023-01-06来函）资格审核不通过" in _raw_text(pdf)


def test_the_publicity_list_stays_the_list_as_posted_after_a_revocation(reg, tmp_path):
    """The publicity list is what was posted: its 合计 the 拟助推金额 of the batch (a project
    an objection or its union took off during the period is off it, a 更正). An award paid
    and revoked long after its publicity does not make it a 更正, nor change its 合计."""
    from boostdesk.panel.publicity import close_publicity, start_publicity
    from boostdesk.panel.publicity_docs import publicity_list
    from tests.test_panel_support import CITY, make_project, to_review

    ids = [make_project(reg, "市级甲项目", "工作室甲", CITY),
           make_project(reg, "市级乙项目", "工作室乙", CITY, requested_fen=5 * WAN)]
    for pid in ids:
        to_review(reg, pid)
        reg.set_status(PROJECT, pid, "proposed")
    start_publicity(reg, 2022, date(2022, 12, 20))
    close_publicity(reg, 2022, date(2022, 12, 27))
    before = publicity_list(reg, 2022)
    _pay(reg, PROJECT, ids[1])
    revoke_paid_award(reg, PROJECT, ids[1], date(2024, 1, 5), "项目经核实由其他单位承担")
    after = publicity_list(reg, 2022)
    assert (after.title, after.table(), after.amounts()) == (
        before.title, before.table(), before.amounts())
    assert after.amounts()[-1] == "150,000" and not after.posted
