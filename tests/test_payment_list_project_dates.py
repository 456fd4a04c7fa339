"""The 拨付清单's project section (二; 一 on a 尾款 list) dates each line as the patents' (一) does: 应拨日期,
and 已逾期：应于…前拨付 once past it — 首笔 three months after the publicity (二（四）4), 尾款
the campaign's final_tranche_months after the acceptance — so finance sees the term. Its
table spans the page as the patents' does, with 年度 and 批次 columns too."""

from __future__ import annotations

from datetime import date

import pytest
from test_printing import pdf_text, squash

from boostdesk.finance.terms import add_months, rest_due
from boostdesk.models.records import PROJECT
from boostdesk.printing import payments
from boostdesk.printing.payments import build_payment_lists, write_payments_pdf
from boostdesk.printing.samples import YEAR, fill_sample

PROJECTS = "创新项目助推资金"  # 二、 under the patents', 一、 on a 尾款 list


def projects_printed(reg, tmp_path, tranche: int, on: date) -> tuple[str, list]:
    """The federation's list of ``tranche`` printed ``on``: its section 二's text, its lines."""
    (pl,) = build_payment_lists(reg, YEAR, tranche, payer="federation")
    pdf = tmp_path / f"t{tranche}-{on}.pdf"
    write_payments_pdf(pdf, [pl], printed_on=on)
    text = squash(pdf_text(pdf))
    assert PROJECTS in text
    return text.split(PROJECTS, 1)[1], pl.projects


@pytest.fixture
def sample(reg):
    fill_sample(reg)
    return reg


def test_a_first_tranche_prints_its_due_date_three_months_after_the_publicity(sample, tmp_path):
    section, [line] = projects_printed(sample, tmp_path, 1, date(2023, 1, 5))
    campaign = sample.campaign(YEAR)
    # the sample's publicity ended 2022-12-28: due three months on
    assert line.due_date == add_months(date(2022, 12, 28), campaign.first_tranche_months)
    assert "应拨日期" in section and "2023-03-28" in section
    assert "已逾期" not in section

    section, _ = projects_printed(sample, tmp_path, 1, date(2023, 6, 1))
    # (the Chinese date is kept whole on its line: 已逾期：应于 / 2023年3月28日前拨付)
    assert "2023-03-28" in section and "已逾期：应于" in section
    assert "2023年3月28日前拨付" in section


def test_a_final_tranche_prints_its_due_date_after_the_acceptance(sample, tmp_path):
    section, lines = projects_printed(sample, tmp_path, 2, date(2024, 1, 5))
    campaign = sample.campaign(YEAR)
    # accepted 2023-12-20 in the sample: the office's months after it
    assert {x.due_date for x in lines} == {rest_due(campaign, date(2023, 12, 20))}
    assert "2024-03-20" in section and "已逾期" not in section
    section, _ = projects_printed(sample, tmp_path, 2, date(2024, 4, 1))
    assert "已逾期：应于" in section and "2024年3月20日前拨付" in section
    assert all(x.stream == PROJECT for x in lines)


@pytest.mark.parametrize("years", [False, True])
@pytest.mark.parametrize("batch", [False, True])
def test_the_project_table_is_as_wide_as_the_patents(years, batch):
    def width(cols):
        if years:
            cols = payments._year_cols(cols)
        if batch:
            cols = payments._batch_cols(cols)
        return sum(c.width_mm for c in cols)

    assert width(payments.PROJECT_COLS) == width(payments.PATENT_COLS)
    assert "应拨日期" in [c.header for c in payments.PROJECT_COLS]
