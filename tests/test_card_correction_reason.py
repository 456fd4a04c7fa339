"""孙悦's federation transfer came back (户名与卡号不符), her card was corrected and the share
sent again to the new card. The trail showed only 修改 卡号 …2724 → …8177 — no reason for
changing where an approved, part-paid award goes — and the reprinted 审批表 split the masked
card across lines (6214 **** **** *** / 2724) and never said the share was re-sent.

Now a card corrected with money sent takes a reason (the form asks, `correct card
--reason`), on the trail and the reprinted sheet, which also says what went to the new
card; a masked card number or a voucher is never broken across lines."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import CARD_1
from PySide6.QtCore import Qt
from test_returned_card_correction import (
    NEW_CARD,
    _federation_returned,
    _lines,
    answer_reason,
)
from test_ui_corrections import CTRL, open_form, retype
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.audit_log import trail
from boostdesk.cli import main
from boostdesk.finance.paying import mark_all_paid
from boostdesk.models.records import PATENT
from boostdesk.models.register import RegisterError
from boostdesk.printing.approval import held_note, load_sheets, write_approval_pdf
from boostdesk.printing.canvas_text import wrap
from boostdesk.printing.fonts import register_fonts

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

REASON = "原卡户名不符，本人提供新卡"


def _card_lines(reg, app_id) -> list[str]:
    return [line.details for line in trail(reg, application=(PATENT, app_id))
            if line.entity == "patent_applications" and line.action == "修改"
            and "互助服务卡号" in line.details]


def test_a_card_corrected_after_money_was_sent_takes_a_reason_on_the_trail(reg):
    app_id = _federation_returned(reg)
    before = reg.patent(app_id)
    with pytest.raises(RegisterError, match="更正工会会员互助服务卡号须写明原因"):
        reg.save_patent(replace(before, card_number=NEW_CARD))
    with pytest.raises(RegisterError, match="须写明原因"):
        reg.save_patent(replace(before, card_number=NEW_CARD), reason="   ")
    assert reg.patent(app_id) == before
    reg.save_patent(replace(before, card_number=NEW_CARD), reason=REASON)
    [line] = _card_lines(reg, app_id)
    assert line.endswith(f"；理由：{REASON}"), line


def test_an_approved_card_with_no_money_sent_takes_a_reason_too(reg):
    from tests.test_ui_corrections import a_paid_patent

    app_id = a_paid_patent(reg, pay=False)
    with pytest.raises(RegisterError, match="已核准，更正工会会员互助服务卡号"):
        reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD))
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason=REASON)
    assert reg.patent(app_id).card_number == NEW_CARD


def test_correct_card_on_the_command_line(reg, capsys):
    app_id = _federation_returned(reg)
    reg.close()
    db = ["--db", str(reg.path), "--operator", "财务王会计"]
    capsys.readouterr()
    assert main(["correct", "card", f"专利{app_id}", NEW_CARD, *db]) == 1
    err = capsys.readouterr().err
    assert "须用 --reason 写明原因" in err and NEW_CARD not in err, err
    assert main(["correct", "card", f"专利{app_id}", "6222 0202 0011 567", "--reason", REASON,
                 *db]) == 1  # a card number that fails its check: said, nothing saved
    assert "新卡号无效" in capsys.readouterr().err
    assert main(["correct", "card", f"专利{app_id}", NEW_CARD, "--reason", REASON, *db]) == 0
    out = capsys.readouterr().out
    assert f"已将专利{app_id}（张三）的互助服务卡号由 " in out and "6222 **** **** 5678" in out, out
    from boostdesk.models import Register

    with Register.open(reg.path) as again:
        assert again.patent(app_id).card_number == NEW_CARD
        [line] = _card_lines(again, app_id)
        assert f"理由：{REASON}" in line


def test_the_form_asks_why_and_esc_keeps_the_card(window, qtbot, reg, answers):
    app_id = _federation_returned(reg)
    old = reg.patent(app_id).card_number
    _screen, form = open_form(qtbot, window, app_id)
    retype(qtbot, form, "card_number", NEW_CARD)
    seen: list[str] = []

    def cancel() -> None:
        from PySide6.QtWidgets import QApplication

        dialog = QApplication.activeModalWidget()
        seen.append(dialog.windowTitle())
        dialog.reject()

    from PySide6.QtCore import QTimer

    QTimer.singleShot(0, cancel)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert seen == ["更正会员卡号"] and not closed(form)
    assert reg.patent(app_id).card_number == old
    qtbot.waitUntil(lambda: form.isActiveWindow() and form.focusWidget() is not None)
    assert form.focusWidget() is form.editor("card_number")  # back where the card is typed
    said: list[str] = []
    answer_reason(qtbot, REASON, said)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert "有款项被银行退回待重拨" in said[0] and "6222 **** **** 5678" in said[0]
    assert reg.patent(app_id).card_number == NEW_CARD
    assert f"理由：{REASON}" in _card_lines(reg, app_id)[0]


def test_the_reprinted_sheet_says_why_and_where_the_share_went_again(reg, tmp_path):
    app_id = _federation_returned(reg)
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD), reason=REASON)
    mark_all_paid(reg, [_lines(reg, app_id)["federation"].id], date(2023, 1, 20),
                  "记-2023-0031")
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == app_id]
    note = held_note(sheet)
    assert f"更正（{REASON}），此前汇往原卡 {CARD_1[:4]} **** **** {CARD_1[-4:]} 的" in note, note
    assert note.endswith("；更正后汇往新卡 6222 **** **** 5678 的：2023年1月20日凭证 记-2023-0031"
                         " ¥1,500.00（北京市总工会，退汇后重新拨付）。"), note
    pdf = tmp_path / "审批表.pdf"
    write_approval_pdf(pdf, [sheet])
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                           capture_output=True, text=True).stdout.splitlines()
    # each card number and voucher whole on one line of the printed 注
    for whole in (f"{CARD_1[:4]} **** **** {CARD_1[-4:]}", "6222 **** **** 5678",
                  "凭证 记-2023-0031", "凭证 记-2023-0001"):
        assert any(whole in line for line in lines), (whole, lines)


def test_wrapping_never_breaks_a_card_number_or_a_voucher():
    register_fonts()
    text = ("注：互助服务卡号于 2026-12-05 更正，此前汇往原卡 6214 **** **** *** 2724 的："
            "2024-02-20 凭证 记-2024-0010 ¥1,666.67（北京市总工会）")
    for width in range(150, 400, 5):
        lines = wrap(text, width, 9)
        assert any("6214 **** **** *** 2724" in line for line in lines), (width, lines)
        assert any("凭证 记-2024-0010" in line for line in lines), (width, lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    # a card wider than the line is broken all the same (nothing to keep it from)
    assert len(wrap("6214 **** **** *** 2724", 40, 9)) > 1
