"""The tester's 审批表 printed after the first tranche was paid still gave its 拨付时间 as
2027年3月11日前 — a due date, on a sheet of money already sent. A tranche's 拨付时间 is now
the day it was paid once paid (its payers' days, when they paid apart), the due date only
while unpaid; part paid says so and when the rest is due. A patent's 拨付方式 likewise."""

from __future__ import annotations

from datetime import date

from test_approval_failed_acceptance import _first_paid, _sheet
from test_finance import add_patent, add_project, lines_of

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.paying import mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.printing.approval import _tranche_table, load_sheets

DUE = "2023年3月28日前"  # the first tranche's, publicity + 3 months


def _when(reg, app_id: int, tranche: int = 1) -> str:
    """The 分批拨付 table's 拨付时间 cell of ``tranche``, its lines joined."""
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == app_id]
    table = _tranche_table(sheet, [sheet.federation, sheet.app.unit_name])
    return "".join(table.rows[tranche][4].lines)


def test_the_first_tranche_paid_gives_its_day_not_its_due_date(reg, tmp_path):
    q = _first_paid(reg)  # both payers' parts paid 2023-02-20
    assert _when(reg, q) == "2023年2月20日已拨付"
    text = _sheet(reg, tmp_path, "paid")  # one page, the day on it, the due date not
    assert "2023年2月20日" in text and "已拨付" in text and DUE not in text


def test_payers_paying_apart_give_both_days_and_part_paid_the_rest_due(reg, tmp_path):
    q = add_project(reg)
    sync_plan(reg, 2022)
    first = [x for x in lines_of(reg, PROJECT, q) if x.tranche == 1]
    assert _when(reg, q) == DUE and DUE in _sheet(reg, tmp_path, "unpaid")  # due while unpaid
    mark_paid(reg, first[0].id, date(2023, 2, 20), "记-0031")
    assert _when(reg, q) == "2023年2月20日部分已拨付，其余2023年3月28日前"
    _sheet(reg, tmp_path, "part")  # one page
    mark_paid(reg, first[1].id, date(2023, 3, 2), "记-0032")
    assert _when(reg, q) == "2023年2月20日、2023年3月2日已拨付"
    _sheet(reg, tmp_path, "apart")


def test_a_paid_rest_gives_its_day_after_the_acceptance(reg, tmp_path):
    q = _first_paid(reg)
    record_acceptance(reg, q, date(2023, 12, 20))
    for x in lines_of(reg, PROJECT, q):
        if x.tranche == 2:
            mark_paid(reg, x.id, date(2024, 1, 10), "记-0099")
    assert _when(reg, q, 2) == "2023年12月20日验收通过，2024年1月10日已拨付"
    assert "2024年3月20日前" not in _sheet(reg, tmp_path, "rest")


def test_a_returned_transfer_is_due_again(reg, tmp_path):
    q = _first_paid(reg)
    line = next(x for x in lines_of(reg, PROJECT, q) if x.tranche == 1)
    return_payments(reg, [line.id], date(2023, 2, 25), "账户已销户")
    assert _when(reg, q) == "2023年2月20日部分已拨付，其余2023年3月28日前"


def test_a_paid_patent_says_when_it_was_paid(reg, tmp_path):
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    for x in lines_of(reg, PATENT, app_id):
        mark_paid(reg, x.id, date(2023, 1, 10), "记-0001")
    text = _sheet(reg, tmp_path, "patent")
    assert "一次拨付至第一发明人工会会员互助服务卡（2023年1月10日已拨付）" in text, text
    assert "2023年3月15日前" not in text
