"""Finance reconciles the bank statement week by week: a week whose only movement is a
bank return (退汇) was refused (…都没有拨付日期在 … 的款项) though `stats` counted it.
Its list prints the payer's 本期退汇 and a negative 本期净拨付 (大写 人民币负…), as a
list with transfers does."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import openpyxl
from test_finance import add_patent
from test_period_payments_all_years import _two_years

from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.recovery import record_recovered, revoke_paid_award
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT
from boostdesk.money import signed_daxie
from boostdesk.paid_in import Period, paid_in_table
from boostdesk.printing.payments import build_period_lists, period_summary


def _week() -> Period:
    """2022's federation share (¥1,500.00) went back on 2023-04-06, out again on 04-12."""
    return Period(date(2023, 4, 3), date(2023, 4, 9))


def test_a_week_of_a_return_alone_has_its_list(reg):
    _two_years(reg)
    lists = build_period_lists(reg, None, _week())
    assert [(pl.payer_name, len(pl.lines), pl.returned_in_fen) for pl in lists] == [
        ("北京市总工会", 0, 1500_00)]
    assert lists[0].net_in_period == -1500_00
    assert period_summary(lists)[1] == ("合计", 0, 0, 1, 1500_00)


def test_print_payments_of_a_return_week(tmp_path, reg, capsys):
    _two_years(reg)
    db = str(reg.path)
    pdf = tmp_path / "w.pdf"
    assert main(["--db", db, "print", "payments", "--from", "2023-04-03", "--to",
                 "2023-04-09", "--out", str(pdf)]) == 0, capsys.readouterr().err
    said = capsys.readouterr().out
    assert "合计：本期拨付 0 笔 ¥0.00，本期退汇 1 笔 ¥1,500.00，本期净拨付 -¥1,500.00" in said
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "本期没有拨付的款项" in text and "本期退汇：2023年4月6日" in text, text
    assert "本期净拨付：-¥1,500.00" in text and "人民币负壹仟伍佰元整" in text, text
    assert "本期净拨付合计：-¥1,500.00" in text  # the summary page
    out = tmp_path / "w.xlsx"
    assert main(["--db", db, "print", "payments", "--from", "2023-04-03", "--to",
                 "2023-04-09", "--out", str(out)]) == 0
    ws = openpyxl.load_workbook(out)["北京市总工会"]
    net = next(r for r in ws.iter_rows(values_only=True) if r[0] == "本期净拨付")
    assert net[9] == Decimal("-1500") and net[10] == "人民币负壹仟伍佰元整"
    # a tranche of one year's, as the window's period list by tranche asks it
    assert main(["--db", db, "print", "payments", "--year", "2022", "--tranche", "1",
                 "--from", "2023-04-03", "--to", "2023-04-09", "--out", str(pdf)]) == 0


def test_signed_daxie():
    assert signed_daxie(0) == "人民币零元整"
    assert signed_daxie(-166666) == "人民币负壹仟陆佰陆拾陆元陆角陆分"
    assert signed_daxie(1500_00) == "人民币壹仟伍佰元整"


def test_stats_and_the_period_list_say_the_same_under_the_same_words(reg, capsys):
    """本期拨付 17 笔 ¥72,333.33 … 本期净拨付 ¥70,666.67 on the list, and `stats` 19 笔,
    净拨付 ¥69,666.67 (a return and a recovery counted as 笔, the recovery netted): now
    拨付笔数 / 拨付金额 / 退汇 / 净拨付 (拨付 − 退汇) are the list's, the 撤销助推追回 apart."""
    _two_years(reg)
    other = add_patent(reg, name="李四", id_number="110105198001010016",
                       number="ZL202110654321.0")
    sync_plan(reg, 2022)
    ids = [x.id for x in payment_lines(reg, 2022) if x.app_id == other]
    mark_all_paid(reg, ids, date(2023, 5, 4), "记-2305-001")
    revoke_paid_award(reg, PATENT, other, date(2023, 6, 1), "专利权被宣告无效")
    record_recovered(reg, PATENT, other, FEDERATION, date(2023, 6, 20), "收-01", 1000_00)
    year = Period(date(2023, 1, 1), date(2023, 12, 31))
    total = period_summary(build_period_lists(reg, None, year))
    listed = next(r for r in total if r[0] == "合计")
    table = paid_in_table(reg, year)
    keys = [c.key for c in table.columns]
    counted = dict(zip(keys, table.rows[-1], strict=True))
    assert (counted["lines"], counted["amount"], counted["returned_lines"],
            counted["returned"]) == listed[1:]
    assert counted["net"] == listed[2] - listed[4] == 8500_00  # 6 笔 ¥10,000.00 less ¥1,500.00
    assert (counted["back_lines"], counted["back"]) == (1, 1000_00)  # apart, not netted
