"""A patent's transfer the bank sent back (原卡号已销户) is not owed to the card it came back
from: until the card is corrected — or the office confirms the card, the bank's cause not
being it (`pay keep-card`, 拨付 → 确认原卡号重拨…) — it is 待更正卡号 (退汇后未更正), set apart
as 待补卡号 is: out of the 拨付清单's table, 合计 and 大写, named under them with the fix.
And a mark cancelled as recorded by mistake (撤销拨付登记) stays in view beside the voucher
the line was paid under since: 曾撤销拨付登记（…凭证 V1，理由：…）."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from openpyxl import load_workbook
from test_printing import pdf_text, squash

from boostdesk.cli import main
from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.lines import CARD_STALE, RETURNED
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.payout import payout
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PATENT
from boostdesk.printing.payments import build_payment_lists, write_payments_pdf, write_payments_xlsx
from tests.test_finance import add_patent

NEW_CARD = "6222020200115678"
DAY = date(2023, 3, 20)


def _returned(reg) -> tuple[int, int, int]:
    """张三's patent paid by both payers, the union's share sent back (原卡号已销户); 李四's
    unpaid beside it. Returns (app, the federation's line, the union's line)."""
    app_id = add_patent(reg)
    add_patent(reg, "李四", "110108198506123146", number="ZL202120987654.3")
    sync_plan(reg, 2022)
    mine = {x.payer: x.id for x in payment_lines(reg, 2022) if x.app_id == app_id}
    mark_all_paid(reg, list(mine.values()), date(2023, 3, 8), "丰工-2023-005")
    return_payments(reg, [mine["union"]], date(2023, 3, 10), "会员卡已挂失换卡，原卡号已销户")
    return app_id, mine["federation"], mine["union"]


def _union_list(reg):
    [pl] = [pl for pl in build_payment_lists(reg, 2022, 1) if pl.payer != "federation"]
    return pl


def test_a_returned_line_whose_card_is_not_corrected_is_set_apart_from_the_list_to_pay(
        reg, tmp_path):
    _app, _fed, union = _returned(reg)
    line = next(x for x in payment_lines(reg, 2022) if x.id == union)
    assert line.state(DAY) == CARD_STALE and line.held and line.card_only
    pl = _union_list(reg)
    assert union not in {x.id for x in pl.lines}  # 李四's share alone to pay
    assert pl.total == 1500_00
    assert "另有 1 笔 ¥1,500.00 待更正卡号（退汇后未更正）、暂不拨付，未列入本清单" in pl.held_note
    xlsx = write_payments_xlsx(tmp_path / "l.xlsx", build_payment_lists(reg, 2022, 1),
                               unmasked=True, printed_on=DAY)
    cells = [str(c) for ws in load_workbook(xlsx).worksheets
             for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert not any("退汇重拨" in c for c in cells)  # no row sends it to the closed card
    assert any("待更正卡号（退汇后未更正）、暂不拨付" in c and "卡号未更正" in c for c in cells)
    pdf = tmp_path / "l.pdf"
    write_payments_pdf(pdf, build_payment_lists(reg, 2022, 1), printed_on=DAY)
    text = squash(pdf_text(pdf))
    assert "退汇重拨" not in text
    assert "另有1笔¥1,500.00待更正卡号（退汇后未更正）、暂不拨付，未列入本清单" in text


def test_the_corrected_card_or_the_offices_confirmation_puts_it_back_on_the_list(reg):
    app_id, _fed, union = _returned(reg)
    keep_card(reg, union, "经与银行核实系系统临时故障，原卡号无误")
    pl = _union_list(reg)
    [x] = [x for x in pl.lines if x.id == union]
    assert x.state(DAY) == RETURNED and pl.total == 3000_00 and not pl.held_note
    from boostdesk.printing.payments import remark

    assert "经确认原卡号无误，按原卡号重拨：经与银行核实系系统临时故障" in remark(x, DAY)
    # a card changed since (even back to the same): the confirmation was for the other
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason="换卡")
    assert next(x for x in payment_lines(reg, 2022) if x.id == union).state(DAY) == RETURNED
    old = next(x for x in payment_lines(reg, 2022) if x.id == union).returned_to.split()[-1]
    reg.save_patent(replace(reg.patent(app_id), card_number=old), reason="改回")
    assert next(x for x in payment_lines(reg, 2022) if x.id == union).state(DAY) == RETURNED


def test_a_corrected_card_needs_no_confirmation(reg):
    app_id, _fed, union = _returned(reg)
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason="会员卡已销户")
    line = next(x for x in payment_lines(reg, 2022) if x.id == union)
    assert line.state(DAY) == RETURNED and line.card_number == NEW_CARD
    assert union in {x.id for x in _union_list(reg).lines}
    import pytest

    from boostdesk.finance.errors import FinanceError

    with pytest.raises(FinanceError, match="卡号已于退汇后更正"):
        keep_card(reg, union, "原卡号无误")


def test_the_pane_and_the_unions_progress_say_the_card_to_correct(reg):
    from boostdesk.progress import union_progress

    app_id, _fed, _union = _returned(reg)
    p = payout(reg, PATENT, reg.patent(app_id), DAY)
    assert [x.state for x in p.lines] == ["已拨付", CARD_STALE]
    assert "卡号至今未更正" in p.lines[1].text and p.owed_fen == 1500_00
    assert "原卡号已销户" in p.returned_card
    said = union_progress(reg, 2022, "海淀区总工会", DAY).summary()
    assert "另 ¥1,500.00 退汇后待更正卡号再拨付" in said and "现应拨付 ¥1,500.00" in said


def test_the_payments_screen_confirms_the_card_with_a_reason(reg, tmp_path, qtbot):
    from PySide6.QtCore import Qt
    from test_finance_screen import click_row
    from test_ui_support import year_context

    from boostdesk.ui.payments_screen import PaymentsScreen

    _app, fed, union = _returned(reg)
    w = PaymentsScreen(year_context(reg, tmp_path, 2022, "赵丽娟"))
    qtbot.addWidget(w)
    w.resize(1300, 700)
    w.show()
    assert w.states[union] == CARD_STALE
    assert f"{CARD_STALE} 1 笔 ¥1,500.00（未计入待拨付" in w.summary.text()
    click_row(qtbot, w.table, w.model.row_of(fed))
    assert not w.keep_card.button.isEnabled()  # paid: nothing to confirm
    click_row(qtbot, w.table, w.model.row_of(union))
    assert not w.pay_button.isEnabled()
    assert "待更正卡号（退汇后未更正）、暂不拨付" in w.greyed.text()
    assert "确认原卡号重拨" in w.greyed.text()
    assert w.keep_card.button.isEnabled()
    qtbot.mouseClick(w.keep_card.button, Qt.MouseButton.LeftButton)
    dialog = w.dialog
    assert "原卡号已销户" in dialog.intro.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()  # a reason is asked for
    dialog.reason_field.setText("经与银行核实系系统临时故障")  # (keyClicks: CJK aborts offscreen)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.states.get(union) == RETURNED)
    assert reg.audit_trail("payments", union)[-1]["action"] == "keep_card"


def test_a_cancelled_mark_stays_in_view_beside_the_voucher_paid_since(reg, tmp_path, qtbot,
                                                                      capsys):
    from test_ui_support import year_context

    from boostdesk.ui.payments_screen import PaymentsScreen

    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    fed = next(x.id for x in payment_lines(reg, 2022) if x.payer == "federation")
    mark_all_paid(reg, [fed], date(2023, 3, 8), "V1")
    cancel_payments(reg, [fed], "误登记")
    mark_all_paid(reg, [fed], date(2023, 3, 9), "V3")
    said = "曾撤销拨付登记（2023-03-08 凭证 V1，理由：误登记）"
    line = next(x for x in payment_lines(reg, 2022) if x.id == fed)
    assert line.voucher == "V3" and line.was_cancelled == said
    p = payout(reg, PATENT, reg.patent(app_id), DAY)
    assert said in next(x.text for x in p.lines if x.state == "已拨付")
    w = PaymentsScreen(year_context(reg, tmp_path, 2022, "赵丽娟"))
    qtbot.addWidget(w)
    assert said in w.describe(fed)
    db = str(reg.path)
    reg.close()
    assert main(["--db", db, "pay", "list", "--year", "2022"]) == 0
    row = next(s for s in capsys.readouterr().out.splitlines() if s.strip().startswith(f"{fed} "))
    assert "凭证 V3" in row and said in row
