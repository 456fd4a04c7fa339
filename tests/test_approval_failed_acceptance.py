"""审批表 after a failed acceptance (结题验收未通过): finance pays from the signed sheet, and
it still said 尾款 ¥40,000 “结题验收后3个月内” with no note, while 拨付 and 年度统计 said
验收未通过不予拨付. The 尾款 now says the acceptance failed on its day and is not paid; the
amounts stay the ones approved."""

from __future__ import annotations

from datetime import date

from test_finance import WAN, add_project, lines_of
from test_printing import page_count, pdf_text, squash

from boostdesk.finance.acceptance import record_acceptance, record_failed_acceptance
from boostdesk.finance.acceptance_withdraw import withdraw_acceptance
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.models.records import PROJECT
from boostdesk.printing.approval import load_sheets, write_approval_pdf

# the 尾款's 拨付时间: the day on its first line, the row's amounts beside the second
FAILED = ("2023年12月20日", "¥40,000.00验收未通过，不予拨付")
AFTER = "结题验收后3个月内"


def _first_paid(reg) -> int:
    q = add_project(reg)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-0031")
    return q


def _sheet(reg, tmp_path, name: str) -> str:
    pdf = tmp_path / f"{name}.pdf"
    assert write_approval_pdf(pdf, load_sheets(reg, 2022), None) == 1
    assert page_count(pdf) == 1
    return squash(pdf_text(pdf))


def test_the_sheet_of_a_failed_acceptance_says_the_rest_is_not_paid(reg, tmp_path):
    q = _first_paid(reg)
    assert AFTER in _sheet(reg, tmp_path, "before")
    record_failed_acceptance(reg, q, date(2023, 12, 20), "关键指标未达到立项要求")
    text = _sheet(reg, tmp_path, "failed")
    assert all(x in text for x in FAILED) and AFTER not in text
    # the award and its 尾款 stay as approved (¥100,000: ¥60,000 then ¥40,000)
    assert "¥100,000.00" in text and "¥40,000.00" in text and "¥60,000.00" in text
    assert reg.project(q).award_fen == 10 * WAN


def test_a_withdrawn_failure_and_a_withdrawn_retest(reg, tmp_path):
    """撤销结题验收 (pay accept --withdraw) of the failure: the 尾款 waits for the acceptance
    again. A 复验 passed after it pays the rest; that 复验 withdrawn, the failure (its day)
    is back on the sheet."""
    q = _first_paid(reg)
    record_failed_acceptance(reg, q, date(2023, 12, 20), "关键指标未达到立项要求")
    withdraw_acceptance(reg, q, "登记错了项目")
    text = _sheet(reg, tmp_path, "withdrawn")
    assert AFTER in text and "未通过" not in text and "不予拨付" not in text

    record_failed_acceptance(reg, q, date(2023, 12, 20), "关键指标未达到立项要求")
    record_acceptance(reg, q, date(2024, 3, 1))
    text = _sheet(reg, tmp_path, "retest")  # its day and the 尾款's due date (3 months on)
    assert "2024年3月1日" in text and "验收通过，2024年6月1日前" in text
    assert AFTER not in text and "不予拨付" not in text
    withdraw_acceptance(reg, q, "复验尚未进行")
    assert reg.project(q).status == "acceptance_failed"
    text = _sheet(reg, tmp_path, "retest-withdrawn")
    assert all(x in text for x in FAILED) and AFTER not in text
