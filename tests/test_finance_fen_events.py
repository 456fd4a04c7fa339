"""To the fen under awkward but legal plans and real finance events: an odd award split in
a ratio that does not divide it, tranches whose shares fall between fen, transfers paid,
sent back by the bank (退汇) and sent again, acceptance and the rest. Whatever happened,
the register, the payment lists and the approval sheet agree to the fen."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from test_finance import add_project

from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.paying import mark_all_paid, mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.finance.terms import PAYERS
from boostdesk.models import CITY, DISTRICT, Register, plan_2022
from boostdesk.models.campaign import Tier
from boostdesk.models.records import PROJECT
from boostdesk.money import format_money, payer_tranche_matrix, split_by_ratio
from boostdesk.printing.approval import _money_rows, load_sheets
from boostdesk.printing.payments import build_payment_lists

PAID_ON = date(2023, 2, 1)


def _check(reg: Register, app_id: int, award: int, ratio: tuple[int, int],
           shares: tuple[int, int]) -> None:
    lines = [x for x in payment_lines(reg, 2022) if x.app_id == app_id]
    matrix = payer_tranche_matrix(award, ratio, shares)
    # nothing moved the award: every row is the plan's, paid or owed again
    assert {(x.tranche, x.payer): x.amount_fen for x in lines} == {
        (t, p): cell for t, row in enumerate(matrix, start=1)
        for p, cell in zip(PAYERS, row, strict=True) if cell}
    by_payer = [sum(x.amount_fen for x in lines if x.payer == p) for p in PAYERS]
    assert tuple(by_payer) == split_by_ratio(award, ratio)
    for tranche in (1, 2):
        for pl in build_payment_lists(reg, 2022, tranche, unpaid_only=False):
            listed = [x for x in lines if x.tranche == tranche and x.payer == pl.payer
                      and x.released]
            assert pl.total == sum(x.amount_fen for x in listed)
            assert pl.to_pay == sum(x.amount_fen for x in listed if not x.paid)
    [sheet] = load_sheets(reg, 2022)
    assert sheet.matrix == matrix
    shares_text = _money_rows(sheet)[1][1]
    assert all(format_money(sum(col)) in shares_text
               for col in zip(*matrix, strict=True))


@settings(max_examples=15, deadline=None)
@given(award=st.integers(1000_00, 200_000_00), a=st.integers(1, 9), b=st.integers(1, 9),
       first=st.integers(1, 99), level=st.sampled_from([CITY, DISTRICT]),
       events=st.lists(st.tuples(st.sampled_from(["pay", "return"]), st.integers(0, 3)),
                       max_size=6))
def test_an_odd_award_paid_returned_and_sent_again_adds_up_everywhere(
        award, a, b, first, level, events):
    shares = (first, 100 - first)
    with tempfile.TemporaryDirectory() as folder:
        reg = Register.open(Path(folder) / "r.db", operator="测试员")
        try:
            reg.save_campaign(plan_2022().with_changes(
                tiers=(Tier("奇档", award, 1, level),), tranche_shares=shares,
                project_split={CITY: (a, b), DISTRICT: (b, a)}))
            ratio = (a, b) if level == CITY else (b, a)
            app_id = add_project(reg, level=level, award=award)
            sync_plan(reg, 2022)
            day = PAID_ON
            for what, k in events:
                first_lines = [x for x in payment_lines(reg, 2022) if x.tranche == 1]
                line = first_lines[k % len(first_lines)]
                day += timedelta(days=1)
                if what == "pay" and not line.paid:
                    mark_paid(reg, line.id, day, f"记-{day.day}")
                elif what == "return" and line.paid:
                    return_payments(reg, [line.id], day, "户名与卡号不符")
                sync_plan(reg, 2022)
                _check(reg, app_id, award, ratio, shares)
            # everything sent again, accepted, the rest paid
            day += timedelta(days=1)
            owed = [x.id for x in payment_lines(reg, 2022) if x.tranche == 1 and not x.paid]
            if owed:
                mark_all_paid(reg, owed, day, "记-重拨")
            record_acceptance(reg, app_id, day + timedelta(days=1))
            rest = [x.id for x in payment_lines(reg, 2022) if x.tranche == 2]
            if rest:
                mark_all_paid(reg, rest, day + timedelta(days=2), "记-尾款")
            sync_plan(reg, 2022)
            _check(reg, app_id, award, ratio, shares)
            assert reg.project(app_id).status == ("paid_final" if rest else "accepted")
            assert sum(x.amount_fen for x in payment_lines(reg, 2022) if x.paid) == award
        finally:
            reg.close()


def test_the_approval_sheet_and_the_lists_give_the_odd_fen_to_the_same_payer(reg):
    """¥50,000.01 split 1:1, 60 % first: the federation's ¥25,000.01 is ¥15,000.01 then
    ¥10,000.00, the union's ¥15,000.00 then ¥10,000.00 — on the sheet, on both lists and
    in the register alike (largest remainder, a tie to the federation)."""
    app_id = add_project(reg, award=50_000_01)
    sync_plan(reg, 2022)
    rows = {(x.tranche, x.payer): x.amount_fen for x in payment_lines(reg, 2022)
            if x.app_id == app_id}
    assert rows == {(1, "federation"): 15_000_01, (1, "union"): 15_000_00,
                    (2, "federation"): 10_000_00, (2, "union"): 10_000_00}
    [sheet] = load_sheets(reg, 2022)
    assert sheet.matrix == ((15_000_01, 15_000_00), (10_000_00, 10_000_00))
    assert "北京市总工会 ¥25,000.01；首钢集团工会 ¥25,000.00" in _money_rows(sheet)[1][1]
    [fed, union] = build_payment_lists(reg, 2022, 1)
    assert (fed.total, union.total) == (15_000_01, 15_000_00)
    assert PROJECT in {x.stream for x in fed.lines}


def test_a_line_a_fen_off_its_own_arithmetic_says_so_on_the_list(reg, tmp_path):
    """A checker redoing 核准金额 × 本批比例 × 本单位分担 for the federation's first line gets
    50,000.01 × 60% × 1/2 = 15,000.00: the list says the ¥15,000.01 holds a fen of 尾差, and
    says nothing on the lines whose arithmetic comes out as printed."""
    import subprocess

    from boostdesk.printing.payments import rounding_note, write_payments_pdf

    app_id = add_project(reg, award=50_000_01)
    sync_plan(reg, 2022)
    notes = {(x.tranche, x.payer): rounding_note(x) for x in payment_lines(reg, 2022)
             if x.app_id == app_id}
    assert notes == {(1, "federation"): "含尾差 +0.01", (1, "union"): "",
                     (2, "federation"): "", (2, "union"): ""}
    pdf = tmp_path / "first.pdf"
    write_payments_pdf(pdf, build_payment_lists(reg, 2022, 1))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert text.count("含尾差 +0.01") == 1
