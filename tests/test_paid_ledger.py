"""The finance officer reconciling against the bank: the money of the payment lines by the
days it moved. A transfer returned in a later month leaves a month already reconciled as
it was (the return its own negative row in its month, the re-payment in its own); each
recommending union's money by itself; a period's transfers listed and printed as sent; a
voucher number used before for another day or payer said before it is recorded again; the
finance copy's card numbers as a bank's batch upload takes them; on 拨付, a real 从/到 of
paid days, a recovered line by its recovery's day, and 导出当前列表 (Ctrl+E)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from boostdesk.cli import main
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.recovery import record_recovered, revoke_paid_award
from boostdesk.finance.returns import return_payments
from boostdesk.models import Register
from boostdesk.models.records import PATENT
from boostdesk.paid_in import paid_in_table, parse_period
from tests.test_finance import add_patent
from tests.test_ui_support import answers, ctx, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]

FED, UNIONS = "市总工会合计", "推荐工会合计"
RETURNED_BACK = "退汇（银行退回）"  # a period's returns: a row of its own (paid_in)
OF_WHICH = "其中"  # a recommending union's own row
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier


def _table(reg, period):
    table = paid_in_table(reg, parse_period(period))
    keys = [c.key for c in table.columns]
    return [dict(zip(keys, r, strict=True)) for r in table.rows]


def _payer_row(rows, label):
    return next(r for r in rows if r["year"] == label)


def _patent_paid_in_january(reg, **kw):
    app_id = add_patent(reg, **kw)
    sync_plan(reg, 2022)
    lines = {x.payer: x for x in payment_lines(reg, 2022, stream=PATENT) if x.app_id == app_id}
    mark_all_paid(reg, [lines["federation"].id], date(2023, 1, 10), "记-2301-015")
    mark_all_paid(reg, [lines["union"].id], date(2023, 1, 16), "海工-2301-08")
    return app_id, lines["federation"].id, lines["union"].id



def _sent_back(reg, ids, day, why):
    """退汇, the office confirming the card (the bank's cause was not it): the line is owed
    again to the same card, not 待更正卡号."""
    back = return_payments(reg, ids, day, why)
    for x in ids:
        keep_card(reg, x, "经核实原卡号无误")
    return back

# -- 1. a return in a later month ------------------------------------------------------------
def test_a_return_in_a_later_month_leaves_the_reconciled_month_and_is_its_own_row(reg):
    """Finding 1: January +1,500, the February return −1,500 as a row of its own, the March
    re-payment +1,500 — for the federation's share and the union's alike; the year's
    total as before (the money paid once)."""
    _app, fed, union = _patent_paid_in_january(reg)
    january = _table(reg, "2023-01")
    _sent_back(reg, [fed, union], date(2023, 2, 3), "会员卡已销户")
    assert _table(reg, "2023-01") == january  # the month reconciled stays as it was
    for label in (FED, UNIONS):
        assert (_payer_row(january, label)["lines"], _payer_row(january, label)["amount"]) \
            == (1, 1500_00)
    february = _table(reg, "2023-02")
    back = [r for r in february if r["tranche"] == RETURNED_BACK]
    # 退汇 apart from 拨付, as the period's 拨付清单 has them: its 净拨付 the same words
    assert [(r["payer"], r["lines"], r["amount"], r["returned_lines"], r["returned"],
             r["net"]) for r in back] == [("市总工会", 0, 0, 1, 1500_00, -1500_00),
                                          ("推荐工会", 0, 0, 1, 1500_00, -1500_00)]
    assert _payer_row(february, "合计")["net"] == -3000_00

    mark_all_paid(reg, [fed, union], date(2023, 3, 1), "记-2303-001")
    assert _table(reg, "2023-01") == january and _table(reg, "2023-02") == february
    march = _table(reg, "2023-03")
    assert [(r["payer"], r["amount"]) for r in march if r["tranche"] == "一次拨付"] == [
        ("市总工会", 1500_00), ("推荐工会", 1500_00)]
    year = _table(reg, "2023")
    paid_now = sum(x.amount_fen for x in payment_lines(reg) if x.paid)
    assert _payer_row(year, "合计")["net"] == paid_now == 3000_00  # as before the fix
    # 笔数 counts transfers sent (2, then 2 again), the returns their own (2)
    assert (_payer_row(year, "合计")["lines"], _payer_row(year, "合计")["returned_lines"]) == (4, 2)


def test_a_mark_or_a_return_taken_back_as_a_mistake_moved_no_money(reg):
    _app, fed, union = _patent_paid_in_january(reg)
    cancel_payments(reg, [union], "凭证号写错")  # recorded by mistake: never sent
    assert _payer_row(_table(reg, "2023-01"), UNIONS)["lines"] == 0
    _sent_back(reg, [fed], date(2023, 2, 3), "会员卡已销户")
    cancel_payments(reg, [fed], "选错了款项")  # the return recorded on the wrong line
    assert not [r for r in _table(reg, "2023-02") if r["tranche"] == RETURNED_BACK]
    assert _payer_row(_table(reg, "2023-01"), FED)["amount"] == 1500_00


def test_a_returned_transfer_of_an_award_revoked_since_stays_in_its_month(reg):
    """The federation's share sent in January and returned in February; the award revoked
    in March deletes its unpaid row: January's transfer and February's return stay."""
    app_id, fed, _union = _patent_paid_in_january(reg)
    _sent_back(reg, [fed], date(2023, 2, 3), "会员卡已销户")
    revoke_paid_award(reg, PATENT, app_id, date(2023, 3, 10), "专利权被宣告无效")
    assert fed not in {x.id for x in payment_lines(reg)}
    assert _payer_row(_table(reg, "2023-01"), FED)["amount"] == 1500_00
    assert _payer_row(_table(reg, "2023-02"), FED)["net"] == -1500_00


# -- 2. by payer, a range of days ----------------------------------------------------------
def test_each_recommending_union_has_its_own_row_under_the_unions_total(reg):
    _patent_paid_in_january(reg)
    _patent_paid_in_january(reg, name="李四", id_number="110105198001010016",
                            unit="朝阳区总工会", number="ZL202110654321.0")
    rows = _table(reg, "2023-01")
    mine = [(r["payer"], r["lines"], r["amount"]) for r in rows if r["year"] == OF_WHICH]
    assert mine == [("朝阳区总工会", 1, 1500_00), ("海淀区总工会", 1, 1500_00)]  # pinyin order
    assert _payer_row(rows, UNIONS)["amount"] == sum(a for *_, a in mine)


def _register_file(tmp_path) -> Path:
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="财务张会计")
    try:
        app_id, fed, union = _patent_paid_in_january(reg)
        _sent_back(reg, [fed], date(2023, 2, 3), "会员卡已销户")
        mark_all_paid(reg, [fed], date(2023, 3, 1), "记-2303-001")
    finally:
        reg.close()
    return path


def _federation_line(out: str) -> str:
    return next(s for s in out.splitlines() if s.startswith(FED))


def test_stats_paid_in_by_month_reads_as_the_bank_statement(tmp_path, capsys):
    db = str(_register_file(tmp_path))
    said = {}
    for month in ("2023-01", "2023-02", "2023-03"):
        assert main(["--db", db, "stats", "--paid-in", month]) == 0
        said[month] = _federation_line(capsys.readouterr().out).split()
    # 拨付笔数, 拨付金额, 退汇笔数, 退汇金额, 净拨付
    assert said["2023-01"][3:8] == ["1", "1,500.00", "0", "0.00", "1,500.00"]
    assert said["2023-02"][3:8] == ["0", "0.00", "1", "1,500.00", "-1,500.00"]
    assert said["2023-03"][3:8] == ["1", "1,500.00", "0", "0.00", "1,500.00"]
    # the same days as --from/--to; the unions' own rows
    assert main(["--db", db, "stats", "--from", "2023-01-01", "--to", "2023-01-31"]) == 0
    out = capsys.readouterr().out
    assert "2023-01-01 至 2023-01-31" in out and _federation_line(out).split() == said["2023-01"]
    assert any(s.split()[:3] == [OF_WHICH, "两类合计", "海淀区总工会"] for s in out.splitlines())
    assert main(["--db", db, "stats", "--paid-in", "2023", "--from", "2023-01-01"]) == 1
    assert "只用其一" in capsys.readouterr().err


def test_print_payments_lists_a_months_transfers_as_sent(tmp_path, capsys):
    import openpyxl

    db = str(_register_file(tmp_path))
    out = tmp_path / "一月.xlsx"
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--paid-in", "2023-01",
                 "--payer", "市总工会", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "本期拨付：¥1,500.00（1 笔），其中其后退汇 1 笔 ¥1,500.00" in said
    ws = openpyxl.load_workbook(out).worksheets[0]
    assert "拨付日期：2023年1月" in ws.cell(2, 1).value
    row = [c.value for c in ws[4]]
    assert row[11].date() == date(2023, 1, 10) and row[12] == "记-2301-015"
    assert "其后退汇：2023-02-03 退回（会员卡已销户）" in row[13]
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--from", "2023-03-01",
                 "--payer", "市总工会", "--out", str(out)]) == 0
    row = [c.value for c in openpyxl.load_workbook(out).worksheets[0][4]]
    assert row[11].date() == date(2023, 3, 1) and "曾退汇" in row[13]
    capsys.readouterr()
    # February holds the return alone: its list says so, as the bank's statement does
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--paid-in", "2023-02",
                 "--out", str(out)]) == 0
    assert "本期拨付 0 笔 ¥0.00，本期退汇 1 笔 ¥1,500.00，本期净拨付 -¥1,500.00" in \
        capsys.readouterr().out


def test_a_months_list_keeps_a_transfer_revoked_since_and_says_what_to_recover(tmp_path,
                                                                                capsys):
    """Finance's finding: the list of January's transfers left out one whose award was
    revoked in March (a footnote only): 7 笔 ¥10,500 against the bank's batch of 8. It is
    listed as sent, its 备注 saying what is to recover, like one returned since; the
    ordinary list (no period) still leaves it out with its note."""
    import openpyxl

    path = tmp_path / "register.db"
    reg = Register.open(path, operator="财务张会计")
    try:
        app_id, _fed, _union = _patent_paid_in_january(reg)
        other = add_patent(reg, name="李四", id_number="110105198001010016",
                           number="ZL202110654321.0")
        sync_plan(reg, 2022)
        ids = [x.id for x in payment_lines(reg, 2022) if x.app_id == other]
        mark_all_paid(reg, ids, date(2023, 1, 10), "记-2301-015")
        revoke_paid_award(reg, PATENT, app_id, date(2023, 3, 10), "专利权被宣告无效")
        record_recovered(reg, PATENT, app_id, "federation", date(2023, 4, 20), "收-2304-003",
                         amount_fen=1000_00)
    finally:
        reg.close()
    db, out = str(path), tmp_path / "一月.xlsx"
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--paid-in", "2023-01",
                 "--payer", "市总工会", "--out", str(out)]) == 0
    said = capsys.readouterr().out
    assert "本期拨付：¥3,000.00（2 笔），其中其后撤销助推 1 笔 ¥1,500.00（见备注）" in said
    ws = openpyxl.load_workbook(out).worksheets[0]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=4)]
    listed = [r for r in rows if isinstance(r[0], int)]
    assert [r[12] for r in listed] == ["记-2301-015", "记-2301-015"]
    assert sum(1 for r in listed if r[13] and "其后撤销助推，应追回 ¥1,500.00，已追回 ¥1,000.00，"
               "尚欠 ¥500.00" in r[13]) == 1
    assert [rows[len(listed) + 1][0], rows[len(listed) + 1][3]] == ["其中其后撤销助推", "1 笔，见备注"]
    assert not any("不列入本清单" in str(r[0]) for r in rows)
    # the paid lines of the tranche, no period: the revoked one left out, with its note
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--include-paid",
                 "--payer", "市总工会", "--out", str(out)]) == 0
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out).worksheets[0].iter_rows()]
    assert sum(1 for r in rows if isinstance(r[0], int)) == 1
    assert any("1 笔已汇出、后撤销助推，不列入本清单" in str(r[0]) for r in rows)


# -- 4. a voucher used before ----------------------------------------------------------------
def test_pay_mark_under_a_voucher_of_another_day_says_where_and_wants_yes(tmp_path, capsys):
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="财务张会计")
    try:
        _patent_paid_in_january(reg)
        other = add_patent(reg, name="李四", id_number="110105198001010016",
                           number="ZL202110654321.0")
        sync_plan(reg, 2022)
        ids = [str(x.id) for x in payment_lines(reg, 2022) if x.app_id == other]
    finally:
        reg.close()
    db = str(path)
    # the federation's January voucher, typed full-width, for its March batch
    assert main(["--db", db, "pay", "mark", ids[0], "--date", "2023-03-01",
                 "--voucher", "记－2301－015"]) == 1
    err = capsys.readouterr().err
    assert "已登记用于别的日期或付款单位：2023-01-10 北京市总工会 1 笔 ¥1,500.00" in err
    assert "--yes" in err
    assert not [x for x in _lines_of(path) if x.paid_date == date(2023, 3, 1)]  # not recorded
    assert main(["--db", db, "pay", "mark", ids[0], "--date", "2023-03-01",
                 "--voucher", "记－2301－015", "--yes"]) == 0
    assert "已登记" in capsys.readouterr().out
    # one batch of one payer on one day shares its voucher: nothing said
    assert main(["--db", db, "pay", "mark", ids[1], "--date", "2023-01-16",
                 "--voucher", "海工-2301-08"]) == 0
    assert "凭证号" not in capsys.readouterr().out


def test_recovery_vouchers_are_checked_against_payments_and_other_payers_receipts(
        tmp_path, capsys):
    """Finance's finding: a recovery recorded under the federation's payment voucher, or
    under another payer's receipt, and a payment under a receipt voucher, were stored with
    nothing said. Each is said now and wants --yes, as a payment's voucher does."""
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="财务张会计")
    try:
        app_id, _fed, _union = _patent_paid_in_january(reg)
        other = add_patent(reg, name="李四", id_number="110105198001010016",
                           number="ZL202110654321.0")
        sync_plan(reg, 2022)
        unpaid = [str(x.id) for x in payment_lines(reg, 2022) if x.app_id == other]
        revoke_paid_award(reg, PATENT, app_id, date(2023, 3, 10), "专利权被宣告无效")
        record_recovered(reg, PATENT, app_id, "federation", date(2023, 4, 20), "收-2304-003")
    finally:
        reg.close()
    db, ref = str(path), f"专利{app_id}"

    def recovered(*extra):
        return main(["--db", db, "pay", "recovered", ref, "--payer", "union", "--date",
                     "2023-04-25", "--amount", "100", *extra])

    def union_recovered():
        reg = Register.open(path, operator="测试")
        try:
            return reg.scalar("SELECT COUNT(*) FROM recovery_instalments WHERE payer = 'union'")
        finally:
            reg.close()

    # the federation's payment voucher (typed full-width) for the union's receipt
    assert recovered("--voucher", "记－2301－015") == 1
    err = capsys.readouterr().err
    assert "已登记为拨付的付款凭证：2023-01-10 北京市总工会 1 笔 ¥1,500.00" in err
    assert "--yes" in err and union_recovered() == 0
    # the federation's receipt for the union's
    assert recovered("--voucher", "收-2304-003") == 1
    assert "已登记为别的付款单位的追回凭证：2023-04-20 北京市总工会 追回 1 笔 ¥1,500.00" \
        in capsys.readouterr().err
    assert union_recovered() == 0
    assert recovered("--voucher", "收-2304-003", "--yes") == 0 and union_recovered() == 1
    # the union's own receipt, and again (a second sum on it): nothing said
    assert recovered("--voucher", "海收-01") == 0 and recovered("--voucher", "海收-01") == 0
    assert union_recovered() == 3
    capsys.readouterr()
    # a payment under a receipt voucher
    assert main(["--db", db, "pay", "mark", unpaid[0], "--date", "2023-05-01",
                 "--voucher", "收-2304-003"]) == 1
    err = capsys.readouterr().err
    assert "已登记为追回款项的收款凭证：2023-04-20 北京市总工会 追回 1 笔 ¥1,500.00" in err
    assert not [x for x in _lines_of(path) if x.paid_date == date(2023, 5, 1)]
    assert main(["--db", db, "pay", "mark", unpaid[0], "--date", "2023-05-01",
                 "--voucher", "收-2304-003", "--yes"]) == 0


def _lines_of(path):
    reg = Register.open(path, operator="测试")
    try:
        return payment_lines(reg)
    finally:
        reg.close()


# -- 5. the finance copy's card numbers ------------------------------------------------------
def test_the_finance_copys_workbook_holds_card_digits_as_text(reg, tmp_path):
    import openpyxl

    from boostdesk.printing.payments import build_payment_lists, write_payments_xlsx

    add_patent(reg)
    sync_plan(reg, 2022)
    out = tmp_path / "清单-财务联.xlsx"
    write_payments_xlsx(out, build_payment_lists(reg, 2022, 1), unmasked=True)
    cell = openpyxl.load_workbook(out).worksheets[0].cell(4, 6)
    assert cell.value == "6214830112341234" and cell.data_type == "s"
    assert cell.number_format == "@"
    masked = tmp_path / "清单.xlsx"
    write_payments_xlsx(masked, build_payment_lists(reg, 2022, 1))
    assert "1234" in openpyxl.load_workbook(masked).worksheets[0].cell(4, 6).value
    assert "6214830112341234" not in openpyxl.load_workbook(masked).worksheets[0].cell(4, 6).value


# -- 3. the 拨付 screen ---------------------------------------------------------------------
def _season(reg) -> dict[str, int]:
    """The sample's lines, paid and returned as a season goes (due dates 2023-03-15)."""
    from boostdesk.printing.samples import YEAR, fill_sample

    fill_sample(reg)
    sync_plan(reg, YEAR)
    by = {(x.stream, x.app_id, x.payer): x.id for x in payment_lines(reg, YEAR)}
    ids = {"haidian": by[("patent", 1, "union")], "fed2": by[("patent", 2, "federation")],
           "chaoyang": by[("patent", 2, "union")], "shougang": by[("patent", 3, "union")],
           "fed1": by[("patent", 1, "federation")]}
    mark_all_paid(reg, [ids["haidian"]], date(2023, 1, 12), "海工-2301-01")
    mark_all_paid(reg, [ids["fed2"]], date(2023, 1, 16), "记-2023-0012")
    mark_all_paid(reg, [ids["chaoyang"]], date(2023, 1, 16), "朝工-2301-08")
    _sent_back(reg, [ids["fed2"]], date(2023, 2, 3), "会员卡已销户")
    mark_all_paid(reg, [ids["fed2"]], date(2023, 3, 1), "记-2023-0040")
    mark_all_paid(reg, [ids["shougang"]], date(2023, 3, 6), "首工-2303-02")
    revoke_paid_award(reg, PATENT, 1, date(2023, 4, 1), "专利权被宣告无效")
    record_recovered(reg, PATENT, 1, "federation", date(2023, 4, 20), "收-2304-003")
    return ids


@pytest.fixture
def screen(reg, tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    from boostdesk.printing.samples import YEAR
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.payments_screen import PaymentsScreen

    screen_ids = _season(reg)
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    ctx.set_operator("财务王")
    w = PaymentsScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1300, 700)
    w.show()
    qtbot.waitExposed(w)
    w.ids = screen_ids
    return w


def _type_days(qtbot, screen, first: str, last: str) -> None:
    """Alt+D to 从, Alt+U to 到, typed as a clerk types them."""
    from PySide6.QtWidgets import QApplication

    screen.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen.window())
    for key, field, text in ((Qt.Key.Key_D, screen.paid_from, first),
                             (Qt.Key.Key_U, screen.paid_to, last)):
        qtbot.keyClick(screen.table, key, ALT)
        assert QApplication.focusWidget() is field
        field.selectAll()
        qtbot.keyClick(field, Qt.Key.Key_Delete)
        if text:
            qtbot.keyClicks(field, text)


def test_the_paid_days_filter_lists_what_moved_in_march_not_what_fell_due(screen, qtbot):
    """Finding 3: searching 2023-03 matched 应拨日期 (every line here is due 2023-03-15) and
    gave 海淀区总工会 a March total it never paid. 从/到 list what moved in those days."""
    ids = screen.ids
    _type_days(qtbot, screen, "2023-03-01", "2023-03-31")
    assert {x.id for x in screen.shown} == {ids["fed2"], ids["shougang"]}
    text = screen.summary.text()
    assert "拨付日期 2023-03-01 至 2023-03-31：拨付 2 笔 ¥3,000.00（其中退汇后重拨 1 笔）" in text
    screen.payer.setCurrentText("海淀区总工会")
    assert screen.shown == []
    assert "拨付 0 笔 ¥0.00" in screen.summary.text()
    assert "已拨付 0 笔 ¥0.00" in screen.summary.text()
    # a month typed whole: its first day in 从, its last in 到; February: the return
    screen.payer.setCurrentIndex(0)
    _type_days(qtbot, screen, "2023-02", "2023-02")  # the sample's project paid 02-20
    assert {x.id for x in screen.shown if x.stream == PATENT} == {ids["fed2"]}
    assert "拨付 2 笔 ¥18,000.00；退汇 1 笔 ¥1,500.00；净拨付 ¥16,500.00（拨付减退汇）" in \
        screen.summary.text()
    # a revoked award's money come back: apart, as the period's 拨付清单 and stats say it
    _type_days(qtbot, screen, "2023-04", "2023-04")
    assert "净拨付 ¥0.00（拨付减退汇）；另撤销助推追回 1 笔 ¥1,500.00" in screen.summary.text()
    _type_days(qtbot, screen, "2023-13-01", "")
    assert "拨付日期从“2023-13-01”无法识别" in screen.summary.text()


def test_a_reversed_paid_days_range_says_so_and_filters_nothing(screen, qtbot):
    """Finance's finding: 从 2023-05 到 2023-03 listed 0 rows under 2023-05-01 至
    2023-03-31, as if nothing had moved. It says the range is reversed and, as for a day
    it cannot read, leaves the list unfiltered."""
    every = {x.id for x in screen.shown}
    _type_days(qtbot, screen, "2023-05", "2023-03")
    text = screen.summary.text()
    assert "拨付日期从 2023-05-01 晚于到 2023-03-31：起止写反了，请对调（未按它筛选）" in text
    assert "2023-05-01 至 2023-03-31" not in text
    assert {x.id for x in screen.shown} == every
    _type_days(qtbot, screen, "2023-03", "2023-05")  # put right: filtered
    assert "起止写反了" not in screen.summary.text()
    assert "拨付日期 2023-03-01 至 2023-05-31" in screen.summary.text()


def test_a_recovered_line_shows_the_day_it_was_recovered(screen, qtbot):
    from boostdesk.finance.lines import WAS_RECOVERED

    paid_column = 6  # 拨付日期

    line = screen.ids["fed1"]
    row = screen.model.row_of(line)
    assert screen.model.rows[row].cells[0] == WAS_RECOVERED
    assert screen.model.rows[row].cells[paid_column] == "2023-04-20 追回"  # was 2023-01-10
    assert "2023-01-10 拨付（凭证 记-2023-0008）" in screen.describe(line)
    _type_days(qtbot, screen, "2023-04-01", "2023-04-30")
    assert [x.id for x in screen.shown] == [line]
    assert "追回 1 笔 ¥1,500.00" in screen.summary.text()


def test_pay_dialog_asks_before_a_voucher_of_another_payer_and_says_where(
        screen, qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication
    from test_finance_screen import row_of, select_rows
    from test_ui_support import Answers, type_text

    from boostdesk.ui import dialogs

    answers = Answers()
    monkeypatch.setattr(dialogs, "ask_yes_no", answers.ask_yes_no)
    fed3 = next(x.id for x in screen.lines if x.stream == PATENT and x.app_id == 3
                and x.payer == "federation")
    select_rows(qtbot, screen, [row_of(screen, fed3)])
    qtbot.keyClick(screen.table, Qt.Key.Key_Return)  # Enter on the line: 登记拨付…
    dialog = screen.dialog
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.date_field)
    dialog.date_field.selectAll()
    qtbot.keyClicks(dialog.date_field, "2023-03-06")
    qtbot.keyClick(dialog.date_field, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.voucher_field
    type_text(qtbot, "首工-2303-02")  # 首钢集团工会's voucher of that day
    answers.yes = False  # 返回修改
    qtbot.keyClick(dialog.voucher_field, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "2023-03-06 首钢集团工会 1 笔 ¥1,500.00" in answers.questions[-1]
    assert "首钢集团工会" in dialog.error.text()
    error = dialog.error  # said whole: the dialog grew to it (its foot was cut)
    assert error.height() >= error.heightForWidth(error.width())
    assert QApplication.focusWidget() is dialog.voucher_field
    answers.yes = True  # 仍登记
    qtbot.keyClick(dialog.voucher_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: not screen.ctx.busy)
    paid = next(x for x in payment_lines(screen.ctx.reg) if x.id == fed3)
    assert (paid.paid_date, paid.voucher) == (date(2023, 3, 6), "首工-2303-02")


def test_ctrl_e_exports_the_payments_list_as_shown_with_amounts_as_numbers(
        reg, request, qtbot, tmp_path, monkeypatch):
    import openpyxl
    from PySide6.QtWidgets import QFileDialog

    ids = _season(reg)
    window = request.getfixturevalue("window")
    ctx = request.getfixturevalue("ctx")
    out = tmp_path / "out"
    out.mkdir()
    asked: list[str] = []

    def save_dialog(_parent, _title, start, *_rest):
        asked.append(start)
        return str(out / "拨付.xlsx"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    screen = window.screen_named("拨付")
    screen.reload()
    assert window.export_action.isEnabled()  # was greyed on 拨付
    screen.payer.setCurrentText("北京市总工会")
    _type_days(qtbot, screen, "2023-01", "2023-03")
    shown = [r.id for r in screen.model.rows]
    assert set(shown) == {ids["fed1"], ids["fed2"], 11}  # 11: the sample's project, 02-20
    screen.table.setFocus()
    qtbot.keyClick(screen.table, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: (out / "拨付.xlsx").exists() and not ctx.busy, timeout=20_000)
    assert asked and asked[0].endswith("2022年度拨付款项-3笔.xlsx")
    ws = openpyxl.load_workbook(out / "拨付.xlsx").worksheets[0]
    title = ws.cell(1, 1).value
    assert "付款单位：北京市总工会" in title and "拨付日期：2023-01-01 至 2023-03-31" in title
    # the columns as the list shows them: which patent or project third (stop 39)
    assert [c.value for c in ws[2]][:6] == ["状态", "批次", "专利号/项目名称", "付款单位",
                                             "收款人/收款单位", "金额"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3, max_row=5)]
    lines = {x.id: x for x in screen.lines}
    # in the order shown, each amount a number Excel adds up
    assert [r[5] for r in rows] == [Decimal(lines[i].amount_fen) / 100 for i in shown]
    assert all(ws.cell(k, 6).number_format == "#,##0.00" for k in (3, 4, 5))
    by_payee = {r[4]: r for r in rows}
    resent = by_payee[lines[ids["fed2"]].payee]
    assert resent[7].date() == date(2023, 3, 1)  # a date, not text
    assert by_payee[lines[ids["fed1"]].payee][7] == "2023-04-20 追回"
    totals = ws.cell(6, 1).value  # the totals: the filter said first, then what moved
    assert totals.startswith("已筛选（付款单位“北京市总工会”）")
    assert "以下只计列出的款项：拨付日期 2023-01-01 至 2023-03-31：拨付 4 笔" in totals


def test_a_periods_list_says_the_return_in_it_and_the_net(tmp_path, capsys):
    """The tester's: the list of 2023-04-05..04-30 listed the transfer re-sent on 04-12 but
    not the bank's return of 04-06 (of the 04-03 transfer): 本期退汇 (day, voucher, amount)
    and 本期净拨付 with its 大写 under the totals, as `stats --from/--to` has them."""
    import subprocess

    import openpyxl

    path = tmp_path / "register.db"
    reg = Register.open(path, operator="财务张会计")
    try:
        app_id = add_patent(reg)
        sync_plan(reg, 2022)
        fed = next(x.id for x in payment_lines(reg, 2022, stream=PATENT)
                   if x.app_id == app_id and x.payer == "federation")
        mark_all_paid(reg, [fed], date(2023, 4, 3), "记-2023-0101")
        _sent_back(reg, [fed], date(2023, 4, 6), "户名不符")
        mark_all_paid(reg, [fed], date(2023, 4, 12), "记-2023-0105")
    finally:
        reg.close()
    db = str(path)
    out = tmp_path / "四月.xlsx"
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--from", "2023-04-05",
                 "--to", "2023-04-30", "--payer", "市总工会", "--out", str(out)]) == 0
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out).worksheets[0].iter_rows()]
    back = next(r for r in rows if r[0] == "本期退汇")
    assert "2023年4月6日" in back[3] and "记-2023-0101" in back[3] and back[9] == Decimal("-1500")
    net = next(r for r in rows if r[0] == "本期净拨付")
    assert net[9] == 0 and net[10] == "人民币零元整"
    pdf = tmp_path / "四月.pdf"
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--from", "2023-04-05",
                 "--to", "2023-04-30", "--payer", "市总工会", "--out", str(pdf)]) == 0
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                  text=True, check=True).stdout.split())
    assert "本期退汇：2023年4月6日凭证号记-2023-0101¥1,500.00" in text
    assert "本期净拨付：¥0.00" in text and "大写：人民币零元整" in text
    # a period with no return in it: no such lines
    assert main(["--db", db, "print", "payments", "--tranche", "1", "--from", "2023-04-10",
                 "--to", "2023-04-30", "--payer", "市总工会", "--out", str(out)]) == 0
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(out).worksheets[0].iter_rows()]
    assert not any(r[0] in ("本期退汇", "本期净拨付") for r in rows)
