"""退汇: a transfer the bank sent back. The money left and came back: it is owed again (not
counted as paid anywhere), the sending and the return both stay in the trail with who
recorded them, and the award is paid anew to the right card or account."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from boostdesk.audit_log import trail
from boostdesk.cli import main
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.cautions import resend_warning
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.lines import CARD_STALE, PAID, RETURNED, total
from boostdesk.finance.mark_history import paid_marks
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.statistics import year_statistics
from tests.test_finance import add_patent, add_project

OLD_CARD, NEW_CARD = "6214830112341234", "6222020200115678"


def _lines(reg, stream, app_id):
    return {x.payer: x for x in payment_lines(reg, 2022, stream=stream) if x.app_id == app_id}


def _paid_patent(reg):
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    ids = [x.id for x in _lines(reg, PATENT, app_id).values()]
    mark_all_paid(reg, ids, date(2023, 1, 10), "记-2023-0010")
    return app_id, ids


def test_a_transfer_returned_to_a_closed_card_is_owed_again_and_its_sending_kept(reg):
    app_id, ids = _paid_patent(reg)
    reg.operator = "财务王"
    return_payments(reg, ids, date(2023, 1, 16), "会员卡已销户")

    lines = _lines(reg, PATENT, app_id)
    # owed again, but not to the closed card still on the paper (待更正卡号)
    assert {x.state(date(2023, 2, 1)) for x in lines.values()} == {CARD_STALE}
    assert not any(x.paid for x in lines.values())
    assert reg.patent(app_id).status == "approved"  # 已拨付 no more: nothing reached him
    stats = year_statistics(reg, 2022)
    assert stats.totals[PATENT].paid_total == 0
    # the trail: sent on the 10th under its voucher, to the old card, back on the 16th, by whom
    returns = [x for x in trail(reg, application=(PATENT, app_id)) if x.action == "登记退汇"]
    assert len(returns) == 2 and {x.operator for x in returns} == {"财务王"}
    for x in returns:
        assert "2023-01-10" in x.details and "记-2023-0010" in x.details
        assert "2023-01-16" in x.details and "会员卡已销户" in x.details
        assert OLD_CARD[-4:] in x.details and OLD_CARD not in x.details  # masked
    marks = paid_marks(reg, PATENT, app_id)
    assert [m["returned_date"] for m in marks] == [None, None, "2023-01-16", "2023-01-16"]


def test_the_new_card_is_paid_after_a_return_and_the_returned_transfer_keeps_the_old(reg):
    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids, date(2023, 1, 16), "会员卡已销户")
    # the inventor brings his new card: the paper takes it, nothing being paid on it now
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason="会员卡已销户")
    with pytest.raises(FinanceError, match="早于这笔款的退汇日期"):
        mark_all_paid(reg, ids, date(2023, 1, 15), "记-2023-0031")
    mark_all_paid(reg, ids, date(2023, 1, 20), "记-2023-0031")

    lines = _lines(reg, PATENT, app_id)
    assert {(x.state(date(2023, 2, 1)), x.card_number) for x in lines.values()} == {
        (PAID, NEW_CARD)}
    assert reg.patent(app_id).status == "paid"
    assert year_statistics(reg, 2022).totals[PATENT].paid_total == 3000_00  # once, not twice
    returned = [x for x in trail(reg, application=(PATENT, app_id)) if x.action == "登记退汇"]
    assert all(OLD_CARD[-4:] in x.details for x in returned)


def test_the_federations_share_returned_while_the_unions_stays_paid(reg):
    app_id, _ids = _paid_patent(reg)
    lines = _lines(reg, PATENT, app_id)
    return_payments(reg, [lines["federation"].id], date(2023, 1, 12), "户名与卡号不符")

    lines = _lines(reg, PATENT, app_id)
    assert lines["federation"].state(date(2023, 2, 1)) == CARD_STALE  # the card not corrected
    assert lines["union"].paid
    assert reg.patent(app_id).status == "approved"  # the award is not paid in full
    row = year_statistics(reg, 2022).totals[PATENT]
    assert (row.paid_total, row.paid_by_payer) == (1500_00, [0, 1500_00])


def test_a_project_tranche_returned_for_a_renamed_account_goes_to_the_new_name(reg):
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    firsts = [x.id for x in _lines_of_tranche(reg, app_id, 1)]
    mark_all_paid(reg, firsts, date(2023, 2, 1), "记-2023-0040")
    return_payments(reg, firsts, date(2023, 2, 6), "收款单位已更名，原户名账户已变更")
    assert reg.project(app_id).status == "approved"
    assert {x.state(date(2023, 2, 7)) for x in _lines_of_tranche(reg, app_id, 1)} == {RETURNED}

    old = "首钢智能装备制造有限公司"
    ent = reg.scalar("SELECT id FROM enterprises WHERE name = ?", (old,))
    reg.correct_enterprise_name(ent, "首钢智能装备制造股份有限公司", "企业更名")
    mark_all_paid(reg, firsts, date(2023, 2, 10), "记-2023-0052")
    assert {x.payee for x in _lines_of_tranche(reg, app_id, 1)} == {"首钢智能装备制造股份有限公司"}
    returned = [x for x in trail(reg, application=(PROJECT, app_id)) if x.action == "登记退汇"]
    assert len(returned) == 2 and all(old in x.details for x in returned)


def _lines_of_tranche(reg, app_id, tranche):
    return [x for x in payment_lines(reg, 2022, stream=PROJECT)
            if x.app_id == app_id and x.tranche == tranche]


def test_a_return_is_dated_after_its_transfer_and_not_in_the_future(reg):
    _app_id, ids = _paid_patent(reg)
    with pytest.raises(FinanceError, match="早于拨付日期"):
        return_payments(reg, ids, date(2023, 1, 9), "会员卡已销户")
    with pytest.raises(FinanceError, match="原因"):
        return_payments(reg, ids, date(2023, 1, 16), "  ")
    assert all(x.paid for x in payment_lines(reg, 2022))  # all or none


def test_pay_return_on_the_command_line_after_the_year_end(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    assert main(["demo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["--db", db, "pay", "list", "--year", "2022", "--json"]) == 0

    lines = json.loads(capsys.readouterr().out)
    paid = next(x for x in lines if x["state"] == PAID and x["stream"] == PATENT)
    # paid in the campaign's year, the bank sends it back in the next one
    assert main(["--db", db, "--operator", "财务王", "pay", "return", str(paid["id"]),
                 "--date", date.today().isoformat(), "--reason", "会员卡已销户"]) == 0
    out = capsys.readouterr().out
    assert "已登记退汇" in out and CARD_STALE in out and "pay keep-card" in out
    assert main(["--db", db, "pay", "list", "--year", "2022"]) == 0
    out_list = capsys.readouterr().out
    listed = next(s for s in out_list.splitlines()
                  if s.strip().startswith(f"{paid['id']} "))
    assert CARD_STALE in listed  # the closed card is still on the paper
    assert f"另{CARD_STALE}（退汇后未更正） 1 笔 ¥1,500.00（未计入待拨付）" in out_list
    # the office confirms the card: owed again, overdue, said once
    assert main(["--db", db, "pay", "keep-card", str(paid["id"]), "--reason", "银行系统故障"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "pay", "list", "--year", "2022"]) == 0
    out_list = capsys.readouterr().out
    assert f"含{RETURNED} 1 笔" in out_list.split("（其中")[1]
    assert main(["--db", db, "audit", "--year", "2022"]) == 0
    assert "登记退汇" in capsys.readouterr().out
    # the year-end statistics: not paid, and said to have come back
    assert main(["--db", db, "stats", "--year", "2022"]) == 0
    assert f"未拨付中含{RETURNED} 1 笔 ¥1,500.00" in capsys.readouterr().out


# -- the 拨付 screen ----------------------------------------------------------------------
@pytest.fixture
def screen(reg, tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    from boostdesk.printing.samples import YEAR, fill_sample
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.payments_screen import PaymentsScreen

    fill_sample(reg)
    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "s.ini"),
                                                   QSettings.Format.IniFormat))
    ctx.set_operator("财务王")
    w = PaymentsScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 600)
    w.show()
    return w


def test_the_payments_screen_records_a_returned_transfer_as_owed_again(screen, reg, qtbot):
    from PySide6.QtCore import Qt
    from test_finance_screen import row_of, select_rows

    from boostdesk.finance.lines import OVERDUE

    screen.state.setCurrentText(OVERDUE)
    line = screen.shown[0]
    assert screen.mark_paid([line], date(2023, 1, 20), "JZ-2023-0050")
    screen.state.setCurrentText(PAID)
    select_rows(qtbot, screen, [row_of(screen, line.id)])
    assert screen.return_button.isEnabled()
    qtbot.mouseClick(screen.return_button, Qt.MouseButton.LeftButton)
    dialog = screen.dialog
    assert dialog.isVisible() and "JZ-2023-0050" in dialog.windowTitle() + "".join(
        w.text() for w in dialog.findChildren(type(dialog.error)))
    dialog.date_field.setText("2023-01-25")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "原因" in dialog.error.text()  # a reason is asked for
    dialog.reason_field.setText("会员卡已销户")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    back = next(x for x in payment_lines(reg) if x.id == line.id)
    assert not back.paid and back.returned_date == date(2023, 1, 25)
    screen.state.setCurrentText(CARD_STALE)  # the closed card is still on the paper
    assert [x.id for x in screen.shown] == [line.id]
    assert "会员卡已销户" in screen.describe(line.id)
    # owed again: in 待拨付's count and total, and named apart
    from boostdesk.money import format_money
    from boostdesk.printing.samples import YEAR

    screen.state.setCurrentIndex(0)  # 全部
    owed = [x for x in payment_lines(reg, YEAR) if not x.paid and x.released and not x.held]
    text = screen.summary.text()
    assert f"待拨付 <b>{len(owed)}</b> 笔 {format_money(total(owed))}" in text
    assert f"{CARD_STALE} 1 笔 {format_money(line.amount_fen)}（未计入待拨付" in text


def test_the_printed_list_names_a_returned_line_a_second_transfer_to_the_new_card(reg, tmp_path):
    from openpyxl import load_workbook

    from boostdesk.printing.payments import build_payment_lists, write_payments_xlsx

    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids, date(2023, 1, 16), "会员卡已销户")
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason="会员卡已销户")
    out = write_payments_xlsx(tmp_path / "l.xlsx", build_payment_lists(reg, 2022, 1),
                              unmasked=True, printed_on=date(2023, 1, 18))
    rows = [[str(c) for c in row if c is not None]
            for ws in load_workbook(out).worksheets for row in ws.iter_rows(values_only=True)]
    ours = [r for r in rows if any(NEW_CARD in c.replace(" ", "") for c in r)]
    assert len(ours) == 2  # each payer's list, to the new card
    assert all(any("退汇重拨" in c and "2023年1月16日退回" in c and "会员卡已销户" in c for c in r)
               for r in ours)


def test_a_return_recorded_on_the_wrong_line_is_cancelled_and_the_transfer_stands_again(reg):
    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids[:1], date(2023, 1, 16), "会员卡已销户")
    keep_card(reg, ids[0], "经核实原卡号无误")
    # the transfer's own day can no longer be recorded again: it is before the return
    with pytest.raises(FinanceError, match="退汇日期"):
        mark_all_paid(reg, ids[:1], date(2023, 1, 10), "记-2023-0010")
    cancel_payments(reg, ids[:1], "选错款项")
    lines = _lines(reg, PATENT, app_id)
    assert {(x.paid_date, x.voucher) for x in lines.values()} == {
        (date(2023, 1, 10), "记-2023-0010")}
    assert reg.patent(app_id).status == "paid"
    actions = [x.action for x in trail(reg, application=(PATENT, app_id))]
    assert actions.count("登记退汇") == 1 and actions.count("撤销退汇登记") == 1
    assert year_statistics(reg, 2022).totals[PATENT].paid_total == 3000_00


def test_the_detail_pane_shows_what_a_returned_transfer_was(reg, qtbot):
    from boostdesk.ui.detail import DetailPane

    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids[:1], date(2023, 1, 16), "会员卡已销户")
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PATENT, app_id)
    text = pane.toPlainText()
    block = text[text.index("登记退汇"):]
    block = block[:block.index("登记拨付")]  # the return's own entry, newest first
    assert "2023-01-10" in block and "记-2023-0010" in block and "2023-01-16" in block
    assert OLD_CARD[-4:] in block and OLD_CARD not in text  # where it went, masked


def test_a_row_given_a_deleted_rows_number_does_not_inherit_its_return(reg):
    """Registers before numbering past the trail gave a deleted row's id again: the new
    row is owed, not 退汇待重拨 because of the old one's return."""
    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids[:1], date(2023, 1, 16), "会员卡已销户")
    with reg.transaction():
        row = dict(reg.query("SELECT * FROM payments WHERE id = ?", (ids[0],))[0])
        reg.conn.execute("DELETE FROM payments WHERE id = ?", (ids[0],))
        reg.audit("delete", "payments", ids[0], row, None)
        reg.conn.execute("INSERT INTO payments (id, stream, application_id, tranche, payer,"
                         " amount_fen, due_date) VALUES (:id, :stream, :application_id,"
                         " :tranche, :payer, :amount_fen, :due_date)", row)
        reg.audit("create", "payments", ids[0], None, {"amount_fen": row["amount_fen"]})
    line = _lines(reg, PATENT, app_id)["federation"]
    assert line.returned_date is None and line.state(date(2023, 1, 20)) != RETURNED


def test_paying_again_to_the_card_that_sent_it_back_waits_for_the_card_or_its_confirmation(
        reg, tmp_path, capsys):
    """A patent's transfer sent back from the card still on the paper is 待更正卡号: pay
    mark refuses it, naming both ways out; once the office confirms the card (pay
    keep-card) it is paid, the confirmation said beside the record."""
    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids, date(2023, 1, 16), "会员卡已销户")
    db = str(reg.path)
    reg.close()
    assert main(["--db", db, "pay", "list", "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert out.count(f"  {CARD_STALE}  ") == 2 and "上次汇往同一卡号被退回" not in out
    assert main(["--db", db, "pay", "mark", str(ids[0]), "--date", "2023-01-20",
                 "--voucher", "记-2023-0031"]) != 0
    err = capsys.readouterr().err
    assert "卡号至今未更正" in err and "correct card" in err and f"pay keep-card {ids[0]}" in err
    assert main(["--db", db, "pay", "keep-card", str(ids[0]), "--reason", " "]) != 0
    assert "须填写理由" in capsys.readouterr().err
    assert main(["--db", db, "--operator", "财务王", "pay", "keep-card", str(ids[0]),
                 "--reason", "经与银行核实系系统临时故障"]) == 0
    assert "已确认按原卡号重拨" in capsys.readouterr().out
    assert main(["--db", db, "pay", "mark", str(ids[0]), "--date", "2023-01-20",
                 "--voucher", "记-2023-0031"]) == 0
    out = capsys.readouterr().out
    assert out.index("已确认按原卡号重拨（经与银行核实系系统临时故障）") < out.index("已登记：")
    assert main(["--db", db, "pay", "list", "--year", "2022"]) == 0
    assert capsys.readouterr().out.count(f"  {CARD_STALE}  ") == 1  # the other part
    assert main(["--db", db, "audit", "--year", "2022"]) == 0
    assert "确认按原卡号重拨（退汇后）" in capsys.readouterr().out


def test_no_caution_once_the_card_is_corrected(reg):
    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids, date(2023, 1, 16), "会员卡已销户")
    keep_card(reg, ids[0], "经核实原卡号无误")
    assert all(resend_warning(x) for x in _lines(reg, PATENT, app_id).values()
               if x.id == ids[0])
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason="会员卡已销户")
    assert not any(resend_warning(x) for x in _lines(reg, PATENT, app_id).values())


def test_a_second_transfer_cancelled_as_a_mistake_leaves_the_line_returned(reg):
    """退汇, sent again, then that second mark cancelled (撤销拨付登记: the voucher was
    wrong): the first transfer still came back, so the line is 退汇待重拨 again, with its
    caution and the rule that a new transfer is dated after the return."""
    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids[:1], date(2023, 1, 16), "会员卡已销户")
    keep_card(reg, ids[0], "经核实原卡号无误")
    mark_all_paid(reg, ids[:1], date(2023, 1, 20), "记-2023-0031")
    cancel_payments(reg, ids[:1], "凭证号写错")

    line = _lines(reg, PATENT, app_id)["federation"]
    assert line.state(date(2023, 1, 21)) == RETURNED
    assert line.returned_date == date(2023, 1, 16)
    assert "会员卡已销户" in resend_warning(line)
    with pytest.raises(FinanceError, match="退汇日期"):
        mark_all_paid(reg, ids[:1], date(2023, 1, 12), "记-2023-0032")
    # the return itself taken back (recorded on the wrong line): the first transfer stands
    cancel_payments(reg, ids[:1], "选错款项")
    line = _lines(reg, PATENT, app_id)["federation"]
    assert (line.paid_date, line.voucher) == (date(2023, 1, 10), "记-2023-0010")
    assert reg.patent(app_id).status == "paid"


def test_a_return_taken_back_then_its_transfer_cancelled_is_not_returned(reg):
    """The return taken back (撤销退汇登记), then the transfer itself cancelled as recorded
    by mistake: nothing was sent, nothing came back — owed, not 退汇待重拨."""
    app_id, ids = _paid_patent(reg)
    return_payments(reg, ids[:1], date(2023, 1, 16), "会员卡已销户")
    cancel_payments(reg, ids[:1], "选错款项")  # takes the return back
    cancel_payments(reg, ids[:1], "收款人选错")  # takes the transfer back
    line = _lines(reg, PATENT, app_id)["federation"]
    assert not line.paid and line.returned_date is None
    assert line.state(date(2023, 1, 21)) != RETURNED


def test_cancelling_a_return_on_the_screen_names_the_return_not_none(screen, reg, qtbot):
    """撤销拨付登记… on a line 退汇待重拨 (the return recorded on the wrong line): the
    dialog names the return, not a paid day of “None” and an empty voucher."""
    from PySide6.QtCore import Qt
    from test_finance_screen import row_of, select_rows

    from boostdesk.finance.lines import OVERDUE

    screen.state.setCurrentText(OVERDUE)
    line = screen.shown[0]
    assert screen.mark_paid([line], date(2023, 1, 20), "JZ-2023-0050")
    return_payments(reg, [line.id], date(2023, 1, 25), "户名与卡号不符")
    screen.reload()
    screen.state.setCurrentText(CARD_STALE)
    select_rows(qtbot, screen, [row_of(screen, line.id)])
    qtbot.mouseClick(screen.cancel_button, Qt.MouseButton.LeftButton)
    text = screen.dialog.intro.text()
    assert "None" not in text
    assert "2023-01-25" in text and "户名与卡号不符" in text
    screen.dialog.reason_field.setText("选错款项")
    qtbot.mouseClick(screen.dialog.ok, Qt.MouseButton.LeftButton)
    back = next(x for x in payment_lines(reg) if x.id == line.id)
    assert (back.paid_date, back.voucher) == (date(2023, 1, 20), "JZ-2023-0050")
