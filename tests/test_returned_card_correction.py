"""退汇 of one share, the other paid: the federation and the union pay an inventor apart.
The union's transfer reached his card; the card was closed before the federation's, which
the bank sent back. The federation's share is paid anew to his new card: the paper takes
it, and the union's paid line keeps naming the card its money went to."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import CARD_1
from PySide6.QtCore import Qt
from test_ui_corrections import CTRL, a_paid_patent, open_form, retype
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.finance.cancel import cancel_payments
from boostdesk.finance.cautions import resend_warning
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models.records import PATENT
from boostdesk.models.register import RegisterError
from boostdesk.printing.payments import build_payment_lists, write_payments_xlsx

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

NEW_CARD = "6222020200115678"
REASON = "会员卡已销户，本人提供新卡"


def answer_reason(qtbot, reason: str, seen: list[str] | None = None) -> None:
    """The reason dialog the next save opens, answered as the clerk types it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from test_ui_support import type_text

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not hasattr(dialog, "reason_field"):
            QTimer.singleShot(20, answer)
            return
        if seen is not None:
            seen.append(dialog.intro.text())
        type_text(qtbot, reason, dialog.reason_field)
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def _lines(reg, app_id):
    return {x.payer: x for x in payment_lines(reg, 2022, stream=PATENT,
                                              app_ids=[app_id])}


def _federation_returned(reg) -> int:
    app_id = a_paid_patent(reg)
    return_payments(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 16),
                    "会员卡已销户")
    return app_id


def test_the_returned_share_goes_to_the_new_card_the_paid_share_keeps_the_old(reg, tmp_path):
    app_id = _federation_returned(reg)
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason=REASON)

    lines = _lines(reg, app_id)
    assert (lines["union"].paid, lines["union"].card_number) == (True, CARD_1)
    assert (lines["federation"].paid, lines["federation"].card_number) == (False, NEW_CARD)
    assert not resend_warning(lines["federation"])
    mark_all_paid(reg, [lines["federation"].id], date(2023, 1, 20), "记-2023-0031")
    lines = _lines(reg, app_id)
    assert {p: (x.paid_date, x.card_number) for p, x in lines.items()} == {
        "union": (date(2023, 1, 10), CARD_1), "federation": (date(2023, 1, 20), NEW_CARD)}
    assert reg.patent(app_id).status == "paid"
    # finance's list with the paid lines: each transfer beside the card it went to
    out = write_payments_xlsx(tmp_path / "l.xlsx", build_payment_lists(
        reg, 2022, 1, unpaid_only=False), unmasked=True)
    from openpyxl import load_workbook

    cards = {ws.title: ws.cell(4, 6).value for ws in load_workbook(out).worksheets}
    assert {k: "".join(v.split()) for k, v in cards.items()} == {
        "北京市总工会": NEW_CARD, "北京市海淀区总工会": CARD_1}


def test_without_a_return_standing_a_paid_card_stays_as_paid(reg):
    app_id = a_paid_patent(reg)
    with pytest.raises(RegisterError, match="工会会员互助服务卡号不能再改"):
        reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD))
    # a return recorded on the wrong line and taken back: nothing is owed again
    federation = _lines(reg, app_id)["federation"].id
    return_payments(reg, [federation], date(2023, 1, 16), "会员卡已销户")
    cancel_payments(reg, [federation], "选错款项")
    with pytest.raises(RegisterError, match="工会会员互助服务卡号不能再改"):
        reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD))
    # only the card: the rest of what was paid on stays fixed under a return too
    return_payments(reg, [federation], date(2023, 1, 17), "会员卡已销户")
    with pytest.raises(RegisterError, match="推荐单位"):
        reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD,
                                unit_name="北京市朝阳区总工会"))


def test_the_form_opens_the_card_of_a_returned_share_to_correction(window, qtbot, reg, answers):
    """On the paper's form the card is no longer greyed while a share is owed again after
    a return (the banner says why); typed and saved with Ctrl+S, the new card is stored."""
    app_id = _federation_returned(reg)
    _screen, form = open_form(qtbot, window, app_id)
    assert form.editor("card_number").isEnabled()
    assert not form.editor("unit_name").isEnabled()
    assert "退汇待重拨" in form.banner.text()
    retype(qtbot, form, "card_number", NEW_CARD)
    answer_reason(qtbot, REASON)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert reg.patent(app_id).card_number == NEW_CARD
    assert _lines(reg, app_id)["union"].card_number == CARD_1


def test_a_periods_list_shows_each_transfer_beside_the_card_it_went_to(reg, tmp_path):
    """Finance ticks a period's list against the bank's statement: the transfer sent back
    from the old card is listed with the old card, its re-payment with the new one (the
    card corrected after the money came back is not where the first transfer went)."""
    import subprocess

    from openpyxl import load_workbook

    from boostdesk.paid_in import Period
    from boostdesk.printing.payments import build_period_lists, write_payments_pdf

    app_id = _federation_returned(reg)
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason=REASON)
    mark_all_paid(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 20),
                  "记-2023-0031")
    lists = build_period_lists(reg, None, Period(date(2023, 1, 1), date(2023, 12, 31)))
    fed = next(pl for pl in lists if pl.payer == "federation")
    assert [(x.paid_date, x.voucher, x.card_number) for x in fed.patents] == [
        (date(2023, 1, 10), "记-2023-0001", CARD_1), (date(2023, 1, 20), "记-2023-0031", NEW_CARD)]
    union = next(pl for pl in lists if pl.payer == "union")
    assert [x.card_number for x in union.patents] == [CARD_1]

    old, new = f"{CARD_1[:4]} **** **** {CARD_1[-4:]}", "6222 **** **** 5678"
    out = write_payments_xlsx(tmp_path / "l.xlsx", lists)
    ws = load_workbook(out)["北京市总工会"]
    assert [ws.cell(r, 6).value for r in (4, 5)] == [old, new]
    pdf = tmp_path / "l.pdf"
    write_payments_pdf(pdf, lists)
    text = subprocess.run(["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    rows = [line for line in text.splitlines() if "**** ****" in line]
    assert [(old in r, new in r) for r in rows] == [(True, False), (False, True)], rows
