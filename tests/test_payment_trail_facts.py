"""A payment's lines in the trail say how much, from which payer and to which card, so a
transfer sent again to a corrected card is provable from the trail; the tranche is named as
拨付 and `pay list` name it; and a transfer sent again keeps its return in every list."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import date

import openpyxl
import pytest

from boostdesk.audit_log import trail, write_xlsx
from boostdesk.cli import main
from boostdesk.finance.cancel import cancel_payment
from boostdesk.finance.keep_card import keep_card
from boostdesk.finance.paying import mark_all_paid, mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PATENT
from tests.test_finance import add_patent

OLD, NEW = "6214830112341234", "6214830112346679"
RESENT = "曾退汇：2023-01-16 退回（会员卡已销户），原凭证 记-2023-001"


@pytest.fixture
def resent(reg):
    """专利 paid to the old card under 记-2023-001, the federation's part sent back (the
    card closed), the card corrected, the part sent again under 记-2023-006."""
    app_id = add_patent(reg)
    sync_plan(reg, 2022)  # (made by the approval already: tests/test_payables_follow_writes.py)
    lines = payment_lines(reg, 2022)
    mark_all_paid(reg, [x.id for x in lines], date(2023, 1, 10), "记-2023-001")
    federation = next(x for x in lines if x.payer == "federation")
    return_payments(reg, [federation.id], date(2023, 1, 16), "会员卡已销户")
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW), reason="会员卡已销户")
    mark_paid(reg, federation.id, date(2023, 1, 20), "记-2023-006")
    return app_id, federation.id


def _payment_lines_of_trail(reg, app_id):
    return [x for x in trail(reg, application=(PATENT, app_id)) if x.entity == "payments"]


def test_each_mark_return_and_re_send_says_how_much_from_whom_to_which_card(reg, resent):
    app_id, federation = resent
    lines = _payment_lines_of_trail(reg, app_id)
    paid = [x for x in lines if x.action == "登记拨付"]
    assert len(paid) == 2
    assert all("金额：¥1,500.00" in x.details and "收款人：张三" in x.details
               and "收款卡号：6214 **** **** 1234" in x.details for x in paid)
    assert {x.details.split("付款单位：")[1].split("；")[0] for x in paid} == {
        "北京市总工会", "海淀区总工会"}
    [back] = [x for x in lines if x.action == "登记退汇"]
    assert "金额：¥1,500.00；付款单位：北京市总工会" in back.details
    assert "收款卡号：6214 **** **** 1234" in back.details and "退汇日期：2023-01-16" in back.details
    [again] = [x for x in lines if x.action == "登记重拨（退汇后）"]
    assert "收款卡号：6214 **** **** 6679" in again.details
    assert RESENT.replace("曾退汇：", "曾退汇：") in again.details
    assert "记-2023-006" in again.details
    # the tranche as 拨付 and pay list call it, never 第一批
    assert all("一次拨付" in x.subject and "第一批" not in x.subject + x.details for x in lines)
    assert OLD not in json.dumps([x.details for x in lines]) and NEW not in json.dumps(
        [x.details for x in lines])


def test_a_cancelled_mark_says_what_it_took_off(reg):
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    line = payment_lines(reg, 2022)[0]
    mark_paid(reg, line.id, date(2023, 1, 10), "记-2023-009")
    cancel_payment(reg, line.id, "凭证号写错")
    [cancelled] = [x for x in _payment_lines_of_trail(reg, app_id) if x.action == "撤销拨付登记"]
    assert "金额：¥1,500.00" in cancelled.details and "收款卡号：6214 **** **** 1234" in cancelled.details


def test_the_exported_trail_carries_the_same(reg, resent, tmp_path):
    app_id, _ = resent
    out = tmp_path / "修改记录.xlsx"
    write_xlsx(trail(reg, application=(PATENT, app_id)), out, "修改记录")
    text = "\n".join(str(c.value) for row in openpyxl.load_workbook(out).active.iter_rows()
                     for c in row if c.value is not None)
    assert "收款卡号：6214 **** **** 6679" in text and RESENT in text
    assert "登记重拨（退汇后）" in text


def test_a_transfer_sent_again_keeps_its_return_in_the_lists(reg, resent, tmp_path, capsys):
    _, federation = resent
    line = next(x for x in payment_lines(reg, 2022) if x.id == federation)
    assert line.paid and line.was_returned == RESENT
    db = ["--db", str(reg.path)]
    reg.close()
    assert main(["pay", "list", *db]) == 0
    out = capsys.readouterr().out
    assert RESENT in out
    assert main(["pay", "list", "--json", *db]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[federation]["was_returned"] == RESENT
    assert rows[federation]["voucher"] == "记-2023-006"
    for suffix in ("pdf", "xlsx"):
        path = tmp_path / f"清单.{suffix}"
        assert main(["print", "payments", "--tranche", "1", "--include-paid", "--out", str(path),
                     *db]) == 0
    wb = openpyxl.load_workbook(tmp_path / "清单.xlsx")
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value]
    assert any(RESENT in c for c in cells)
    text = subprocess.run(["pdftotext", str(tmp_path / "清单.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "曾退汇：2023年1月16日" in "".join(text.split())  # the list's running text in Chinese dates


def test_a_reprinted_sheet_says_which_transfer_went_to_the_card_before(reg, resent, tmp_path):
    from boostdesk.printing.approval import held_note, load_sheets, write_approval_pdf

    app_id, _ = resent
    other = add_patent(reg, "李四", "110108198506123146", "朝阳区总工会",
                       number="ZL202120987654.3")
    sheets = {s.app.id: s for s in load_sheets(reg, 2022)}
    note = held_note(sheets[app_id])
    assert note.startswith("注：互助服务卡号于 ") and "此前汇往原卡 6214 **** **** 1234 的：" in note
    assert "2023年1月10日凭证 记-2023-001 ¥1,500.00（北京市总工会，已退汇）" in note
    assert "2023年1月10日凭证 记-2023-001 ¥1,500.00（海淀区总工会）" in note
    # sent again to the corrected card: said too, or the sheet told only of money that left
    assert note.endswith("；更正后汇往新卡 6214 **** **** 6679 的：2023年1月20日凭证 记-2023-006"
                         " ¥1,500.00（北京市总工会，退汇后重新拨付）。"), note
    assert held_note(sheets[other]) == ""
    pdf = tmp_path / "审批表.pdf"
    write_approval_pdf(pdf, [sheets[app_id]])
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    assert "此前汇往原卡6214********1234的" in text and "6214********6679" in text


def test_a_sheet_leaves_out_a_transfer_whose_registration_was_cancelled(reg):
    """A re-send registered to the old card by mistake and cancelled (撤销拨付登记) moved no
    money: the 审批表's card note names no transfer of it, as it names none of a return
    recorded by mistake and cancelled (撤销退汇登记: the transfer reached the card)."""
    from boostdesk.printing.approval import held_note, load_sheets

    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    lines = payment_lines(reg, 2022)
    federation = next(x for x in lines if x.payer == "federation")
    union = next(x for x in lines if x.payer != "federation")
    mark_all_paid(reg, [x.id for x in lines], date(2023, 1, 10), "记-2023-001")
    return_payments(reg, [federation.id], date(2023, 1, 16), "会员卡已销户")
    keep_card(reg, federation.id, "误以为原卡号无误")  # the card confirmed by mistake
    mark_paid(reg, federation.id, date(2023, 1, 18), "记-2023-005")  # to the old card still
    cancel_payment(reg, federation.id, "重拨前未更正卡号")
    return_payments(reg, [union.id], date(2023, 1, 19), "误登记")
    cancel_payment(reg, union.id, "退汇登记错了")  # the union's transfer stood all along
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW), reason="会员卡已销户")
    mark_paid(reg, federation.id, date(2023, 1, 20), "记-2023-006")
    note = held_note({s.app.id: s for s in load_sheets(reg, 2022)}[app_id])
    assert "记-2023-005" not in note, note
    assert ("此前汇往原卡 6214 **** **** 1234 的：2023年1月10日凭证 记-2023-001 ¥1,500.00"
            "（北京市总工会，已退汇）、2023年1月10日凭证 记-2023-001 ¥1,500.00（海淀区总工会）；"
            "更正后汇往新卡 6214 **** **** 6679 的：2023年1月20日凭证 记-2023-006 ¥1,500.00"
            "（北京市总工会，退汇后重新拨付）。") in note, note


def test_the_window_shows_the_return_on_the_line_and_the_card_in_the_pane(
        reg, resent, tmp_path, qtbot):
    """拨付's line sent again said nothing of the return (its voucher's money went out twice);
    the pane's 修改记录 named no payee or card on a mark, so the re-send to the corrected
    card was not provable there."""
    from test_ui_support import year_context

    from boostdesk.ui.detail import DetailPane
    from boostdesk.ui.payments_screen import PaymentsScreen

    app_id, line_id = resent
    screen = PaymentsScreen(year_context(reg, tmp_path, 2022, "财务李娜"))
    qtbot.addWidget(screen)
    row = screen.model.row_of(line_id)
    assert "（曾退汇）" in screen.model.index(row, 1).data()
    assert RESENT in screen.describe(line_id)
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PATENT, app_id)
    shown = pane.toPlainText()
    assert "收款卡号：6214 **** **** 6679" in shown and "收款卡号：6214 **** **** 1234" in shown
    assert RESENT in shown and NEW not in shown and OLD not in shown


def test_the_payables_lines_name_each_payer(reg):
    """生成应拨款项 said the payer's role (推荐工会) where the marks on the same rows name
    the union: the auditor matched them by the row number."""
    app_id = add_patent(reg)
    sync_plan(reg, 2022)
    made = [x for x in _payment_lines_of_trail(reg, app_id) if x.action.startswith("生成应拨款项")]
    assert len(made) == 2, [x.action for x in made]
    said = " / ".join(x.details for x in made)
    unit = reg.patent(app_id).unit_name
    assert f"付款单位：{unit}" in said and "付款单位：北京市总工会" in said, said
    assert "付款单位：推荐工会" not in said and "付款单位：市总工会" not in said
