"""`correct card 专利27 …` on an approved, unpaid award took no reason, and `pay mark` only
warned: an approved award's money could be sent to another card with nothing on record of
why. Now a card changed after the approval takes a reason (the command's --reason, the
form's question), written on the trail and said on the 审批表 note and in `pay list`."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from test_returned_card_correction import answer_reason
from test_ui_corrections import CTRL, a_paid_patent, open_form, retype
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.audit_log import trail
from boostdesk.cli import main
from boostdesk.models.records import PATENT
from boostdesk.models.register import RegisterError
from boostdesk.printing.approval import held_note, load_sheets

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

NEW_CARD = "6222020200115678"
REASON = "本人原卡已挂失，提供新卡"


def _card_lines(reg, app_id) -> list[str]:
    return [line.details for line in trail(reg, application=(PATENT, app_id))
            if line.entity == "patent_applications" and line.action == "修改"
            and "互助服务卡号" in line.details]


def test_an_approved_awards_card_takes_a_reason_on_the_trail(reg):
    app_id = a_paid_patent(reg, pay=False)
    before = reg.patent(app_id)
    with pytest.raises(RegisterError, match="已核准，更正工会会员互助服务卡号.*须写明原因"):
        reg.save_patent(replace(before, card_number=NEW_CARD))
    assert reg.patent(app_id) == before
    reg.save_patent(replace(before, card_number=NEW_CARD), reason=REASON)
    [line] = _card_lines(reg, app_id)
    assert line.endswith(f"；理由：{REASON}"), line
    # the approval sheet reprinted says the card approved, the card now and why
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == app_id]
    note = held_note(sheet)
    assert "核准后更正" in note and "6222 **** **** 5678" in note and REASON in note, note


def test_a_refused_papers_card_needs_no_reason(reg):
    app_id = a_paid_patent(reg, pay=False)
    reg.set_status(PATENT, app_id, "refused", "核准有误，撤回")
    reg.save_patent(replace(reg.patent(app_id), card_number=NEW_CARD))
    assert reg.patent(app_id).card_number == NEW_CARD


def test_correct_card_and_pay_list_on_the_command_line(reg, capsys):
    app_id = a_paid_patent(reg, pay=False)
    reg.close()
    db = ["--db", str(reg.path)]
    capsys.readouterr()
    assert main(["correct", "card", f"专利{app_id}", NEW_CARD, *db]) == 1
    err = capsys.readouterr().err
    assert "已核准" in err and "须用 --reason 写明原因" in err, err
    assert main(["correct", "card", f"专利{app_id}", NEW_CARD, "--reason", REASON, *db]) == 0
    capsys.readouterr()
    assert main(["pay", "list", *db]) == 0
    out = capsys.readouterr().out
    assert "核准后更改过" in out and f"理由：{REASON}" in out, out


def test_the_form_asks_why_for_an_approved_awards_card(window, qtbot, reg, answers):
    app_id = a_paid_patent(reg, pay=False)
    _screen, form = open_form(qtbot, window, app_id)
    retype(qtbot, form, "card_number", NEW_CARD)
    said: list[str] = []
    answer_reason(qtbot, REASON, said)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert "已核准" in said[0] and "6222 **** **** 5678" in said[0], said
    assert reg.patent(app_id).card_number == NEW_CARD
    assert f"理由：{REASON}" in _card_lines(reg, app_id)[0]
