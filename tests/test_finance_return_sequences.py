"""Sequences around 退汇 that once left a wrong state: what a line says it was paid to, and
the year's totals, after a return is taken back (撤销退汇登记)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from test_finance import add_patent

from boostdesk import finance
from boostdesk.finance import payment_lines, sync_plan
from boostdesk.models.records import PATENT
from boostdesk.statistics import year_statistics

OLD_CARD, NEW_CARD = "6214830112341234", "6222020200115678"


def _lines(reg, app_id):
    return {x.payer: x for x in payment_lines(reg, 2022, stream=PATENT, app_ids=[app_id])}


def test_a_return_taken_back_after_the_card_was_corrected_names_the_card_it_went_to(reg):
    """Both shares paid to the old card; a return recorded on the federation's line, the
    inventor's new card typed in (allowed while a share is owed again), then the return
    found recorded on the wrong line and taken back: the federation's transfer stands as
    it was — to the old card, which the line, the lists and the sheets must name."""
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    finance.mark_all_paid(reg, [x.id for x in _lines(reg, app_id).values()],
                          date(2023, 1, 10), "记-2023-0010")
    finance.return_payments(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 16),
                            "会员卡已销户")
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD))
    finance.cancel_payments(reg, [_lines(reg, app_id)["federation"].id], "选错款项")

    lines = _lines(reg, app_id)
    assert {(x.paid_date, x.voucher, x.card_number) for x in lines.values()} == {
        (date(2023, 1, 10), "记-2023-0010", OLD_CARD)}
    assert reg.patent(app_id).status == "paid"
    assert year_statistics(reg, 2022).totals[PATENT].paid_total == 3000_00


def test_a_transfer_sent_again_to_the_new_card_keeps_naming_it(reg):
    """The same return standing, the federation's share paid to the new card: its line
    names the new card, the union's the old."""
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    finance.mark_all_paid(reg, [x.id for x in _lines(reg, app_id).values()],
                          date(2023, 1, 10), "记-2023-0010")
    finance.return_payments(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 16),
                            "会员卡已销户")
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD))
    finance.mark_all_paid(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 20),
                          "记-2023-0031")
    lines = _lines(reg, app_id)
    assert (lines["federation"].card_number, lines["union"].card_number) == (NEW_CARD, OLD_CARD)
