"""审批表 after a passed acceptance (结题验收通过): the 尾款's 拨付时间 said
“结题验收后3个月内” while 拨付 and `pay list` already gave its due date. It now gives the
acceptance's day and that due date (one computation, ``finance.terms.rest_due``), the way
the first tranche gives its own (2023年3月28日前) — while unpaid: once paid, the day it was
paid (stop 45, tests/test_approval_paid_day.py); a withdrawn acceptance brings the term
back. The amounts stay the ones approved, the sheet one page."""

from __future__ import annotations

from datetime import date

from test_approval_failed_acceptance import AFTER, _first_paid, _sheet
from test_approval_paid_day import _when
from test_finance import lines_of

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.acceptance_withdraw import withdraw_acceptance
from boostdesk.finance.paying import mark_paid
from boostdesk.models.records import PROJECT

# the 尾款's 拨付时间: the acceptance's day on its first line, the row's amounts beside the
# second, the due date (3 months on, as 拨付 gives it) on the third
PASSED = ("2023年12月20日", "¥40,000.00验收通过，2024年3月20日前")
FIRST = "2023年2月20日已拨付"  # the first tranche's 拨付时间: paid that day


def _accepted(reg) -> int:
    q = _first_paid(reg)
    record_acceptance(reg, q, date(2023, 12, 20))
    return q


def _amounts_unchanged(text: str) -> None:
    assert all(x in text for x in ("¥100,000.00", "¥60,000.00", "¥40,000.00", "¥20,000.00",
                                   "¥30,000.00", "¥50,000.00"))


def test_a_passed_acceptance_gives_the_rest_its_due_date(reg, tmp_path):
    q = _accepted(reg)
    text = _sheet(reg, tmp_path, "passed")
    assert all(x in text for x in PASSED) and AFTER not in text and _when(reg, q) == FIRST
    # the date 拨付 and pay list give the 尾款 lines
    assert {x.due_date for x in lines_of(reg, PROJECT, q) if x.tranche == 2} == {
        date(2024, 3, 20)}
    _amounts_unchanged(text)


def test_a_paid_rest_gives_the_day_it_was_paid_as_the_first_tranche_does(reg, tmp_path):
    q = _accepted(reg)
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 2:
            mark_paid(reg, x.id, date(2024, 1, 10), "记-0099")
    text = _sheet(reg, tmp_path, "paid")
    assert _when(reg, q, 2) == "2023年12月20日验收通过，2024年1月10日已拨付"
    assert _when(reg, q) == FIRST and "2024年3月20日前" not in text
    _amounts_unchanged(text)


def test_the_due_date_follows_the_years_term(reg, tmp_path):
    """The year's final_tranche_months (设置), not a constant: 6 months, and a day the
    month lacks falls to its last (31 Aug + 6 = 28 Feb)."""
    q = _first_paid(reg)
    reg.save_campaign(reg.campaign(2022).with_changes(final_tranche_months=6))
    record_acceptance(reg, q, date(2023, 8, 31))
    text = _sheet(reg, tmp_path, "six")
    assert "2023年8月31日" in text and "验收通过，2024年2月29日前" in text
    assert "结题验收后6个月内" not in text


def test_a_withdrawn_acceptance_brings_the_term_back(reg, tmp_path):
    q = _accepted(reg)
    assert all(x in _sheet(reg, tmp_path, "passed") for x in PASSED)
    withdraw_acceptance(reg, q, "登记错了项目")
    text = _sheet(reg, tmp_path, "withdrawn")
    assert AFTER in text and "验收通过" not in text and "2024年3月20日" not in text
    _amounts_unchanged(text)


def test_the_sheet_dates_the_rest_by_the_plan_not_by_a_stale_paid_line(reg, tmp_path):
    """A paid 尾款 line keeps the due date it was paid against (stop 35's known limit: a
    0.14 register dated it the acceptance day, a term changed since moves only the unpaid
    lines). The sheet has one 拨付时间 per tranche: the plan's, the one the unpaid line of
    the other payer gives."""
    q = _accepted(reg)
    paid, unpaid = [x for x in lines_of(reg, PROJECT, q) if x.tranche == 2]
    mark_paid(reg, paid.id, date(2024, 1, 10), "记-0099")
    with reg.transaction():  # what 0.14 left on a 尾款 paid before the upgrade
        reg.conn.execute("UPDATE payments SET due_date = '2023-12-20' WHERE id = ?",
                         (paid.id,))
    text = _sheet(reg, tmp_path, "stale")
    assert _when(reg, q, 2) == "2023年12月20日验收通过，2024年1月10日部分已拨付，其余2024年3月20日前"
    assert "2023年12月20日前" not in text
    assert [x.due_date for x in lines_of(reg, PROJECT, q) if x.id == unpaid.id] == [
        date(2024, 3, 20)]
