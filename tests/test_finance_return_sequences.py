"""Sequences around 退汇 that once left a wrong state: what a line says it was paid to, and
the year's totals, after a return is taken back (撤销退汇登记)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from test_finance import add_patent

from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.cautions import payment_cautions
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
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
    mark_all_paid(reg, [x.id for x in _lines(reg, app_id).values()],
                  date(2023, 1, 10), "记-2023-0010")
    return_payments(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 16),
                    "会员卡已销户")
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason="会员卡已销户")
    cancel_payments(reg, [_lines(reg, app_id)["federation"].id], "选错款项")

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
    mark_all_paid(reg, [x.id for x in _lines(reg, app_id).values()],
                  date(2023, 1, 10), "记-2023-0010")
    return_payments(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 16),
                    "会员卡已销户")
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason="会员卡已销户")
    mark_all_paid(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 20),
                  "记-2023-0031")
    lines = _lines(reg, app_id)
    assert (lines["federation"].card_number, lines["union"].card_number) == (NEW_CARD, OLD_CARD)


def test_the_rest_sent_where_the_first_tranche_came_back_from_is_cautioned(reg, capsys):
    """The first tranche came back from the enterprise's account after the acceptance:
    paying the rest there now is said before it is recorded (not refused)."""
    from test_finance import add_project

    from boostdesk.cli import main
    from boostdesk.finance.acceptance import record_acceptance
    from boostdesk.finance.cautions import payment_cautions
    from boostdesk.finance.returns import return_payments
    from boostdesk.models.records import PROJECT

    app_id = add_project(reg)
    sync_plan(reg, 2022)

    def ids(tranche):
        return [x.id for x in payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])
                if x.tranche == tranche]

    mark_all_paid(reg, ids(1), date(2023, 2, 1), "记-2023-0040")
    rest = [x for x in payment_lines(reg, 2022, stream=PROJECT) if x.tranche == 2]
    assert payment_cautions(reg, rest) == []  # awaiting acceptance: nothing to say yet
    record_acceptance(reg, app_id, date(2023, 6, 1))
    return_payments(reg, ids(1), date(2023, 6, 20), "收款单位账户变更")
    rest = [x for x in payment_lines(reg, 2022, stream=PROJECT) if x.tranche == 2]
    said = payment_cautions(reg, rest)
    assert len(said) == 2 and all("首笔）汇往同一收款单位已被退回" in x and "收款单位账户变更" in x
                                  for x in said)
    db, rest_ids = ["--db", str(reg.path)], [str(i) for i in ids(2)]
    reg.close()
    capsys.readouterr()
    assert main(["pay", "mark", *rest_ids, *db, "--date", "2023-06-22",
                 "--voucher", "记-2023-0088"]) == 0
    assert capsys.readouterr().out.count("汇往同一收款单位已被退回") == 2


def test_the_unions_share_sent_to_the_card_the_federations_came_back_from_is_cautioned(reg):
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    lines = _lines(reg, app_id)
    mark_all_paid(reg, [lines["federation"].id], date(2023, 1, 10), "记-2023-0010")
    return_payments(reg, [lines["federation"].id], date(2023, 1, 16), "会员卡已销户")
    said = payment_cautions(reg, [_lines(reg, app_id)["union"]])
    assert len(said) == 1 and "汇往同一卡号已被退回（退汇：2023-01-16 退回，会员卡已销户）" in said[0]
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason="会员卡已销户")
    said = payment_cautions(reg, [_lines(reg, app_id)["union"]])
    assert not any("已被退回" in x for x in said)  # the card changed since approval is said
