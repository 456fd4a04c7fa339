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
from boostdesk.finance.terms import PAYERS
from boostdesk.models import DISTRICT
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


# -- what the sheet totals after a failed acceptance -------------------------------------
def _failed_odd_fen(reg) -> int:
    """A district studio's ¥30,000.01 shared 1:2, its first tranche paid, then failed:
    ¥18,000.01 paid (¥6,000.00 + ¥12,000.01), ¥12,000.00 withheld."""
    q = add_project(reg, "数控加工技能大师工作室", DISTRICT, 30_000_01, "海淀区总工会",
                    title="五轴数控加工程序优化")
    sync_plan(reg, 2022)
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 1:
            mark_paid(reg, x.id, date(2023, 2, 20), "记-0032")
    record_failed_acceptance(reg, q, date(2023, 12, 20), "关键指标未达到立项要求")
    return q


def _label_first(text: str, label: str) -> str:
    """pdftotext sets a grid row's label beside the middle of its value's lines: put back
    in front of the value (the text after the tranche table's last cell)."""
    assert label in text
    head, tail = text.replace(label, "", 1).split("不含尾款")
    return f"{head}不含尾款{label}{tail}"


def test_after_a_failed_acceptance_the_sheet_totals_what_is_paid_to_the_fen(reg, tmp_path):
    """二（四）4 pays the rest only 通过验收后: the sheet's 合计 and its 大写 are what 拨付
    pays in all (the first tranche), to the fen, not the award; the award approved stays."""
    q = _failed_odd_fen(reg)
    lines = lines_of(reg, PROJECT, q)
    paid = [x for x in lines if not x.withheld]
    payable = sum(x.amount_fen for x in paid)
    by_payer = [sum(x.amount_fen for x in paid if x.payer == p) for p in PAYERS]
    assert (payable, by_payer) == (18_000_01, [6_000_00, 12_000_01])
    assert sum(x.amount_fen for x in lines if x.withheld) == 12_000_00
    text = _sheet(reg, tmp_path, "odd")
    # the award approved, in figures and 大写, and its tranches as approved
    assert "核准助推金额¥30,000.01（人民币叁万元零壹分）" in text
    # the split above the table: each payer's share of what is paid, adding up to the
    # 应拨付合计 (not the whole award's ¥10,000.00 and ¥20,000.01)
    assert ("资金分担北京市总工会¥6,000.00；海淀区总工会¥12,000.01（首笔，按1:2分担；"
            "尾款不予拨付）") in text
    assert "¥10,000.00" not in text and "¥20,000.01" not in text
    assert "尾款（40%）¥4,000.00¥8,000.00¥12,000.00" in text
    # the table's total: what is paid, each payer's and in all, the 尾款 left out
    assert "应拨付合计¥6,000.00¥12,000.01¥18,000.01不含尾款" in text
    assert "¥10,000.00¥20,000.01¥30,000.01" not in text  # the whole award's 合计 row
    # what is paid in all, in 大写, and why the rest is not: the day, the reason, the clause
    assert ("应拨付总额¥18,000.01（人民币壹万捌仟元零壹分），即首笔（60%）；2023年12月20日"
            "结题验收未通过（关键指标未达到立项要求），按《实施方案》二（四）4，尾款¥12,000.00"
            "不予拨付") in _label_first(text, "应拨付总额")
    # under the federation's 助推资金 (the award approved): what is paid instead
    # (the seal's words come between them in the text as extracted, the 注 wrapped to
    # keep the amount after it whole)
    assert "助推资金¥30,000.01。" in text
    assert "注：2023年12月20日结题验收未通过，尾款¥12,000.00不予拨付，应拨付总额¥18,000.01" in text


def test_the_reason_of_a_failure_restored_after_a_withdrawn_retest_is_its_own(reg, tmp_path):
    """A 复验 withdrawn brings the failure back with the withdrawal's words after its
    reason: the sheet gives why the acceptance failed, not why the 复验 was withdrawn."""
    q = _first_paid(reg)
    record_failed_acceptance(reg, q, date(2023, 12, 20), "关键指标未达到立项要求")
    record_acceptance(reg, q, date(2024, 3, 1))
    withdraw_acceptance(reg, q, "复验尚未进行")
    assert "复验尚未进行" in reg.project(q).status_reason
    text = _sheet(reg, tmp_path, "restored")
    assert ("2023年12月20日结题验收未通过（关键指标未达到立项要求），按《实施方案》"
            in _label_first(text, "应拨付总额"))
    assert "复验尚未进行" not in text
    assert "应拨付合计¥30,000.00¥30,000.00¥60,000.00不含尾款" in text


def test_pending_passed_and_withdrawn_sheets_still_total_the_award(reg, tmp_path):
    whole = "合计¥50,000.00¥50,000.00¥100,000.00"
    q = _first_paid(reg)
    for name in ("pending", "passed", "withdrawn"):
        if name == "passed":
            record_acceptance(reg, q, date(2023, 12, 20))
        elif name == "withdrawn":
            withdraw_acceptance(reg, q, "登记错了项目")
            record_failed_acceptance(reg, q, date(2023, 12, 20), "关键指标未达到立项要求")
            withdraw_acceptance(reg, q, "登记错了项目")
        text = _sheet(reg, tmp_path, name)
        assert whole in text and "应拨付" not in text and "注：" not in text, name
        # the split is the whole award's
        assert "¥50,000.00；首钢集团工会¥50,000.00（按1:1分担）" in text, name
