"""A payer's 撤销助推追回 in a period where it sent and got back nothing else: `stats`
counted it (首钢集团工会 ¥1,500.00 on 2026-11-19), the period's 拨付清单 named no such payer,
and a period of that recovery alone was refused (…都没有拨付日期在 … 的款项). Every payer
with money moved in the period — sent, returned or recovered — has its list, the recovery
said apart (not netted), and the summary's recoveries add up to stats'."""

from __future__ import annotations

import subprocess
from datetime import date

from test_finance import add_patent
from test_period_payments_all_years import _two_years

from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.recovery import record_recovered, revoke_paid_award
from boostdesk.models.campaign import RECOMMENDING_UNION
from boostdesk.models.records import PATENT
from boostdesk.paid_in import Period, paid_in_table
from boostdesk.printing.payments import build_period_lists, summary_lines

WEEK = Period(date(2023, 6, 19), date(2023, 6, 25))


def _recovered_by_the_union(reg) -> None:
    """Paid 2023-05-04 by both payers, revoked 06-01; 海淀区总工会's part back 06-20."""
    _two_years(reg)
    other = add_patent(reg, name="李四", id_number="110105198001010016",
                       number="ZL202110654321.0")
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in payment_lines(reg, 2022) if x.app_id == other],
                  date(2023, 5, 4), "记-2305-001")
    revoke_paid_award(reg, PATENT, other, date(2023, 6, 1), "专利权被宣告无效")
    record_recovered(reg, PATENT, other, RECOMMENDING_UNION, date(2023, 6, 20), "收-01")


def test_a_week_of_a_recovery_alone_lists_its_payer(reg):
    _recovered_by_the_union(reg)
    lists = build_period_lists(reg, None, WEEK)
    assert [(pl.payer_name, len(pl.lines), pl.returned_in_fen, pl.recovered_in)
            for pl in lists] == [("海淀区总工会", 0, 0, (1, 1500_00))]
    assert lists[0].net_in_period == 0 and lists[0].years == (2022,)
    table = paid_in_table(reg, WEEK)
    counted = dict(zip([c.key for c in table.columns], table.rows[-1], strict=True))
    assert (counted["back_lines"], counted["back"]) == lists[0].recovered_in
    assert summary_lines(lists)[-1] == ("撤销助推追回（另计，不减本期净拨付）：1 笔 ¥1,500.00"
                                        "（海淀区总工会 1 笔 ¥1,500.00）")


def test_print_payments_of_a_recovery_week(tmp_path, reg, capsys):
    _recovered_by_the_union(reg)
    db, pdf = str(reg.path), tmp_path / "r.pdf"
    reg.close()
    assert main(["--db", db, "print", "payments", "--from", "2023-06-19", "--to",
                 "2023-06-25", "--out", str(pdf)]) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert "撤销助推追回（另计，不减本期净拨付）：1 笔 ¥1,500.00" in said
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "付款单位：海淀区总工会" in text, text
    assert "只有撤销助推追回的款项" in text and "本期追回1笔¥1,500.00" in text, text
    # the month: the federation's transfers of May are not in it, the union's recovery is
    assert main(["--db", db, "print", "payments", "--paid-in", "2023-06",
                 "--payer", "海淀区总工会", "--out", str(pdf)]) == 0, capsys.readouterr().err
