"""Whose name a document carries: the federation the year's plan names, not the name typed
in 设置 for another year (设置's 单位名称 only fills in a plan title that names none)."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from test_printing import squash

from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.terms import federation_name
from boostdesk.models import PatentApplication
from boostdesk.models.records import PATENT
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.printing.payments import build_payment_lists, resolve_payer, write_payments_pdf
from boostdesk.printing.samples import PRINTED_ON, YEAR

OLD_YEAR = 2021
OLD_TITLE = "天津市总工会2021年职工创新助推计划"  # a year the register holds of another federation
TYPED = "北京市总工会"  # 设置 → 样章上的单位名称, typed for this year's plan


def approve_patent(reg, year: int, n: int) -> int:
    from stdnum.cn import ric

    base = f"11010519800101{n:03d}"
    app_id = reg.save_patent(PatentApplication(
        campaign_year=year, title=f"一种测试方法{n}", patent_number_raw=f"ZL2021101{n:05d}.X",
        inventor_name=f"王军{n}", id_number=base + ric.calc_check_digit(base + "0"),
        card_number="6214830112340001", unit_name="海淀区总工会",
        enterprise_name="北京测试有限公司"))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                   approved_date=date(year, 12, 15))
    return app_id


@pytest.fixture
def two_federations(reg):
    reg.save_campaign(reg.campaign(YEAR).for_year(OLD_YEAR).with_changes(title=OLD_TITLE))
    approve_patent(reg, OLD_YEAR, 1)
    approve_patent(reg, YEAR, 2)
    return reg


def pdf_text(pdf) -> str:
    return squash(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                 text=True).stdout)


def test_an_old_years_sheet_keeps_the_federation_its_plan_names(two_federations, tmp_path):
    sheets = load_sheets(two_federations, None, federation=TYPED)
    assert {s.app.campaign_year: s.federation for s in sheets} == {
        OLD_YEAR: "天津市总工会", YEAR: "北京市总工会"}
    pdf = tmp_path / "a.pdf"
    write_approval_pdf(pdf, sheets, printed_on=PRINTED_ON)
    text = pdf_text(pdf)
    assert squash("天津市总工会核准意见") in text  # the 2021 sheet: its own plan's federation
    assert squash("北京市总工会核准意见") in text


def test_an_old_years_payment_list_is_paid_by_the_federation_its_plan_names(
        two_federations, tmp_path):
    reg = two_federations
    sync_plan(reg, OLD_YEAR)
    lists = build_payment_lists(reg, OLD_YEAR, 1, federation=TYPED)
    assert [pl.payer_name for pl in lists] == ["天津市总工会", "海淀区总工会"]
    pdf = tmp_path / "p.pdf"
    write_payments_pdf(pdf, lists, printed_on=PRINTED_ON)
    assert squash("付款单位：天津市总工会") in pdf_text(pdf)
    assert TYPED not in pdf_text(pdf)
    # --payer answers to the year's federation, and still to the words for it.
    assert resolve_payer(reg, OLD_YEAR, "天津市总工会", TYPED) == ("federation", None)
    assert resolve_payer(reg, OLD_YEAR, "市总工会", TYPED) == ("federation", None)


def test_a_plan_title_naming_no_federation_takes_the_name_typed_in_settings(reg, tmp_path):
    """A plan stored before its title had to name the federation (2022年职工创新助推计划):
    设置's name is what its documents carry, instead of a bare 市总工会."""
    reg.save_campaign(reg.campaign(YEAR).with_changes(title="2022年职工创新助推计划"))
    approve_patent(reg, YEAR, 1)
    assert federation_name(reg.campaign(YEAR)) == "市总工会"
    assert federation_name(reg.campaign(YEAR), TYPED) == TYPED
    assert [s.federation for s in load_sheets(reg, YEAR, federation=TYPED)] == [TYPED]
    assert [s.federation for s in load_sheets(reg, YEAR)] == ["市总工会"]
    sync_plan(reg, YEAR)
    assert build_payment_lists(reg, YEAR, 1, federation=TYPED)[0].payer_name == TYPED
