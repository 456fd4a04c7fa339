"""The tester's paid 专利63: its 专利名称 changed in the form with no reason asked, and the
reprinted 审批表 said nothing of it — while a card changed on an approved award asks why and
the 注 names both cards. A fact the signed sheet of an approved or paid award prints
(``models.sheet_fields``) now changes only with a reason — the form asks it, `correct title`
takes it — and the reprinted sheet's 注 says what it was, what it is and why."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_returned_card_correction import answer_reason
from test_ui_corrections import CTRL, a_paid_patent, open_form, retype
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.audit_log import trail
from boostdesk.cli import main
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.models.register import Register, RegisterError
from boostdesk.printing.approval import held_note, load_sheets
from boostdesk.ui.entry_form import EntryForm

__all__ = ["answers", "ctx", "qsettings", "window"]

OLD = "一种焊缝检测装置"
NEW = "一种焊缝缺陷检测装置"
REASON = "录入时漏字，以专利证书为准"
ASK = EntryForm._ask_sheet_reason  # before the answers fixture puts its own in


def _note(reg, app_id: int) -> str:
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == app_id]
    return held_note(sheet)


@pytest.mark.parametrize("pay", [True, False])
def test_a_paid_or_approved_papers_title_needs_a_reason(reg, pay):
    app_id = a_paid_patent(reg, pay=pay)
    with pytest.raises(RegisterError, match="专利名称印在已签批的审批表上.*须写明原因"):
        reg.save_patent(replace(reg.patent(app_id), title=NEW))
    assert reg.patent(app_id).title == OLD
    reg.save_patent(replace(reg.patent(app_id), title=NEW), reason=REASON)
    assert reg.patent(app_id).title == NEW
    [line] = [x.details for x in trail(reg, application=(PATENT, app_id))
              if x.entity == "patent_applications" and x.action == "修改" and NEW in x.details]
    assert f"理由：{REASON}" in line and "printed" not in line, line
    note = _note(reg, app_id)
    assert f"专利名称于 {date.today().year}年" in note, note
    assert f"核准后更正，原为“{OLD}”，现为“{NEW}”（理由：{REASON}）" in note, note


def test_a_paper_not_yet_approved_changes_freely_and_a_fact_changed_back_is_no_note(reg):
    app_id = reg.save_patent(PatentApplication(
        2022, title="另一项", patent_number_raw="ZL202110654321.3", grant_date=date(2021, 5, 11),
        inventor_name="李四", id_number="110108198506123146", unit_name="北京市海淀区总工会"))
    reg.save_patent(replace(reg.patent(app_id), title="另一项发明"))  # registered: no reason
    assert reg.patent(app_id).title == "另一项发明"
    paid = a_paid_patent(reg, number="ZL201910012345.3", name="王五",
                         id_number="110101199001011237", card="6217000012345678", pay=False)
    reg.save_patent(replace(reg.patent(paid), grant_date=date(2021, 5, 12)), reason="笔误")
    assert "授权公告日于" in _note(reg, paid)
    reg.save_patent(replace(reg.patent(paid), grant_date=date(2021, 5, 11)), reason="改回")
    assert "授权公告日" not in _note(reg, paid)


def test_correct_title_on_the_command_line(reg, capsys, tmp_path):
    app_id = a_paid_patent(reg)
    reg.close()
    db = ["--db", str(reg.path)]
    capsys.readouterr()
    assert main(["correct", "title", f"专利{app_id}", NEW, *db]) == 1
    assert "须用 --reason 写明原因" in capsys.readouterr().err
    assert main(["correct", "title", f"专利{app_id}", NEW, "--reason", REASON, *db]) == 0
    assert f"已将专利{app_id}的名称由“{OLD}”更正为“{NEW}”" in capsys.readouterr().out
    pdf = tmp_path / "审批表.pdf"
    assert main(["print", "approval", "--ref", f"专利{app_id}", "--out", str(pdf), *db]) == 0
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout.split())
    assert f"原为“{OLD}”，现为“{NEW}”（理由：{REASON}）" in text, text
    with Register.open(reg.path) as again:
        assert again.patent(app_id).title == NEW


def test_the_form_asks_why_for_a_paid_papers_title(window, qtbot, reg, answers, monkeypatch):
    monkeypatch.setattr(EntryForm, "_ask_sheet_reason", ASK)  # the dialog itself, typed in
    app_id = a_paid_patent(reg)
    _screen, form = open_form(qtbot, window, app_id)
    retype(qtbot, form, "title", "一种焊缝缺陷检测装置")
    said: list[str] = []
    answer_reason(qtbot, REASON, said)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert said and f"专利{app_id} 已核准" in said[0] and f"由“{OLD}”改为“{NEW}”" in said[0], said
    assert reg.patent(app_id).title == NEW
    assert f"（理由：{REASON}）" in _note(reg, app_id)


def test_a_budget_cut_under_an_approved_award_is_refused_before_the_reason_is_asked(
        window, qtbot, reg, answers):
    """The tester's approved 项目4: 项目总投入 48 → 5.5 asked the 审批表's reason, then
    refused the save (助推资金超过其 50%): the reason was typed for nothing, and the cursor
    stayed on 申请助推金额. Refused first now, the cursor on 项目总投入."""
    from test_finance import add_project

    app_id = add_project(reg)  # approved, 10 万元 on a 30 万元 budget
    screen = window.show_screen(1)
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    form = screen.current_form
    assert form is not None and form.record.id == app_id
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    retype(qtbot, form, "total_budget_fen", "5.5")
    press(qtbot, Qt.Key.Key_Tab)  # on to 申请助推金额, where the save is pressed
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert answers.sheet_reasons == []
    [(title, text)] = answers.errors
    assert "50%" in title and "助推资金超过其 50%" in text, answers.errors
    assert form.isVisible() and reg.project(app_id).total_budget_fen == 30 * 10_000_00
    assert form.editor("total_budget_fen").hasFocus()
