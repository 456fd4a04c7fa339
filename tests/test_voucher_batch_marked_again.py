"""Finance's finding: a batch of two payers' lines marked under one voucher (a wrong line
among them), the wrong line's mark cancelled, and the right line marked under the same
voucher and day was asked about (--yes) — not for the cancelled mark, which no check
counts, but for the batch's other payer, whose mark stood: the voucher's batch that day
was first recorded with this payer, so marking it again is no news. A payer the batch did
not have, or another day, is still asked about."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.voucher_use import voucher_caution
from boostdesk.models import Register
from boostdesk.models.records import PATENT
from tests.test_finance import add_patent

DAY, VOUCHER = date(2023, 4, 3), "记-2023-0042"


def _lines(reg):
    """Two patents' lines: (wrong's federation share, right's federation, right's union)."""
    wrong = add_patent(reg)
    right = add_patent(reg, name="李四", id_number="110105198001010016",
                       number="ZL202110654321.0")
    sync_plan(reg, 2022)
    by = {(x.app_id, x.payer): x for x in payment_lines(reg, 2022, stream=PATENT)}
    return by[(wrong, "federation")], by[(right, "federation")], by[(right, "union")]


@pytest.fixture
def batch(tmp_path):
    """The wrong federation line and the right one's union share marked under one voucher,
    the wrong line's mark then cancelled: (register path, the right federation line)."""
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="财务张会计")
    try:
        wrong, right_fed, right_union = _lines(reg)
        mark_all_paid(reg, [wrong.id, right_union.id], DAY, VOUCHER)
        cancel_payments(reg, [wrong.id], "误选，应为另一笔")
    finally:
        reg.close()
    return path, right_fed


def test_the_right_line_marked_under_the_batchs_voucher_and_day_is_not_asked_about(batch,
                                                                                  capsys):
    path, right_fed = batch
    assert main(["--db", str(path), "pay", "mark", str(right_fed.id), "--date",
                 DAY.isoformat(), "--voucher", VOUCHER]) == 0, capsys.readouterr().err
    assert "凭证号" not in capsys.readouterr().out


def test_another_day_under_that_voucher_is_still_asked_about(batch):
    path, right_fed = batch
    reg = Register.open(path, operator="财务张会计")
    try:
        said = voucher_caution(reg, [right_fed], date(2023, 4, 4), VOUCHER)
    finally:
        reg.close()
    assert said.startswith(f"凭证号 {VOUCHER} 已登记用于别的日期或付款单位：2023-04-03 "), said


def test_a_payer_the_batch_never_had_is_still_asked_about(tmp_path):
    reg = Register.open(tmp_path / "register.db", operator="财务张会计")
    try:
        _wrong, right_fed, right_union = _lines(reg)
        mark_all_paid(reg, [right_union.id], DAY, VOUCHER)
        said = voucher_caution(reg, [right_fed], DAY, VOUCHER)
    finally:
        reg.close()
    assert "已登记用于别的日期或付款单位：2023-04-03 " in said, said
