"""改汇: a project's 尾款 sent to its enterprise came back (退汇: the company renamed, its
account now in the new name) and is paid again to the new payee, as a patent's card is
corrected after a return. The transfers already sent keep the enterprise they went to on
every later list, approval sheet and `check`; the trail says who each went to."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_finance import add_project
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.finance.acceptance import record_acceptance
from boostdesk.finance.errors import FinanceError
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.redirect import redirect_payee
from boostdesk.finance.returns import return_payments
from boostdesk.models.audit_rows import mismatches
from boostdesk.models.records import PROJECT
from boostdesk.paid_in import Period
from boostdesk.printing.approval import payee_note
from boostdesk.printing.payments import build_period_lists

__all__ = ["answers", "ctx", "qsettings", "window"]

OLD = "首钢智能装备制造有限公司"  # add_project's enterprise
NEW = "首钢智能装备（北京）有限公司"
STUDIO = "李红兵劳模创新工作室"
WHY = "企业更名后账户名称已变更"


def _rest_returned(reg) -> tuple[int, list[int], list[int]]:
    """The first tranche paid to OLD on 2023-01-10, the project accepted, the rest paid to
    OLD on 2023-04-10 and sent back by the bank on 2023-04-20: (project, first, rest)."""
    app_id = add_project(reg)
    sync_plan(reg, 2022)
    lines = payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])
    first = [x.id for x in lines if x.tranche == 1]
    rest = [x.id for x in lines if x.tranche == 2]
    mark_all_paid(reg, first, date(2023, 1, 10), "记-2023-0110")
    record_acceptance(reg, app_id, date(2023, 3, 1))
    mark_all_paid(reg, rest, date(2023, 4, 10), "记-2023-0410")
    return_payments(reg, rest, date(2023, 4, 20), "收款单位账户名称不符")
    return app_id, first, rest


def _repaid(reg) -> tuple[int, list[int], list[int]]:
    app_id, first, rest = _rest_returned(reg)
    redirect_payee(reg, app_id, NEW, WHY)
    mark_all_paid(reg, rest, date(2023, 5, 2), "记-2023-0502")
    return app_id, first, rest


def _payees(reg, app_id) -> dict[int, str]:
    return {x.id: x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])}


def test_the_returned_rest_goes_to_the_new_payee_the_first_tranche_stays_where_it_went(reg):
    app_id, first, rest = _rest_returned(reg)
    done = redirect_payee(reg, app_id, NEW, WHY)
    assert done is not None and done.text == (
        f"已将项目{app_id}“转炉炼钢终点碳温预测模型开发”的收款单位由“{OLD}”改为“{NEW}”：被银行退回的"
        f" 2 笔 ¥40,000.00 改汇“{NEW}”；已拨付的 2 笔仍记为汇往“{OLD}”")
    assert _payees(reg, app_id) == {**{i: OLD for i in first}, **{i: NEW for i in rest}}
    mark_all_paid(reg, rest, date(2023, 5, 2), "记-2023-0502")
    lines = payment_lines(reg, 2022, app_ids=[app_id])
    assert {x.id: x.payee for x in lines} == {**{i: OLD for i in first}, **{i: NEW for i in rest}}
    resent = [x for x in lines if x.id in rest]
    assert all(x.was_returned.endswith(f"，原汇往“{OLD}”") for x in resent), resent
    # the re-payment's trail line names the payee it went to, the redirect its reason
    assert reg.audit_trail("payments", rest[0])[-1]["after"]["paid_to"] == NEW
    redirect = [e for e in reg.audit_trail("project_applications", app_id)
                if "redirected" in (e["after"] or {})]
    assert [(e["before"], e["after"]["payee"], e["after"]["reason"]) for e in redirect] == [
        ({"payee": OLD}, NEW, WHY)]


def test_the_period_list_names_each_transfer_and_the_return_by_where_it_went(reg):
    app_id, first, rest = _repaid(reg)
    lists = build_period_lists(reg, None, Period(date(2023, 1, 1), date(2023, 12, 31)))
    sent = sorted((x.paid_date, x.payee) for pl in lists for x in pl.projects)
    assert sent == [(date(2023, 1, 10), OLD)] * 2 + [(date(2023, 4, 10), OLD)] * 2 + [
        (date(2023, 5, 2), NEW)] * 2
    whose = {w for pl in lists for _d, _v, _f, w in pl.returns_in}
    assert whose == {f"2022年度尾款 {OLD} 转炉炼钢终点碳温预测模型开发"}


def test_print_payments_of_the_period(reg, tmp_path, capsys):
    _repaid(reg)
    pdf = tmp_path / "p.pdf"
    assert main(["--db", str(reg.path), "print", "payments", "--from", "2023-01-01", "--to",
                 "2023-12-31", "--out", str(pdf)]) == 0, capsys.readouterr().err
    text = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout.split())
    # the bank's return names the enterprise it came back from, not the one paid since
    assert f"（2022年度尾款{OLD}转炉炼钢终点碳温预测模型开发）" in text, text


def test_check_finds_nothing_wrong_in_the_legitimate_repayment(reg):
    _repaid(reg)
    assert mismatches(reg.conn) == []


def test_the_reprinted_approval_sheet_says_where_the_earlier_money_went(reg):
    app_id, _first, _rest = _repaid(reg)
    note = payee_note(reg, app_id)
    assert note.startswith("收款单位于 ") and f"改汇（{WHY}），此前汇往原收款单位“{OLD}”的：" in note
    assert "2023-01-10 凭证 记-2023-0110 ¥30,000.00（北京市总工会）" in note
    assert "2023-04-10 凭证 记-2023-0410 ¥20,000.00（北京市总工会，已退汇）" in note
    assert note.endswith(f"改汇后汇往“{NEW}”的：2023-05-02 凭证 记-2023-0502 ¥20,000.00"
                         "（北京市总工会，退汇后重新拨付）、2023-05-02 凭证 记-2023-0502 ¥20,000.00"
                         "（首钢集团工会，退汇后重新拨付）"), note


def test_only_money_the_bank_sent_back_is_redirected(reg):
    app_id = add_project(reg)
    with pytest.raises(FinanceError, match="尚未汇出款项"):
        redirect_payee(reg, app_id, NEW, WHY)
    sync_plan(reg, 2022)
    first = [x.id for x in payment_lines(reg, 2022, app_ids=[app_id]) if x.tranche == 1]
    mark_all_paid(reg, first, date(2023, 1, 10), "记-2023-0110")
    with pytest.raises(FinanceError, match="没有被银行退回待重拨的款项，不能改汇"):
        redirect_payee(reg, app_id, NEW, WHY)
    return_payments(reg, first[:1], date(2023, 1, 20), "户名不符")
    with pytest.raises(FinanceError, match="改汇须写明原因"):
        redirect_payee(reg, app_id, NEW, " ")
    assert redirect_payee(reg, app_id, OLD, WHY) is None  # already its payee
    assert set(_payees(reg, app_id).values()) == {OLD}


def test_correct_payee_on_the_command_line(reg, capsys):
    app_id, first, rest = _rest_returned(reg)
    db = str(reg.path)
    assert main(["--db", db, "correct", "payee", f"项目{app_id}", NEW]) != 0
    assert "改汇须用 --reason 写明原因" in capsys.readouterr().err
    assert main(["--db", db, "correct", "payee", f"项目{app_id}", NEW, "--reason", WHY]) == 0
    assert f"改汇“{NEW}”；已拨付的 2 笔仍记为汇往“{OLD}”" in capsys.readouterr().out
    assert _payees(reg, app_id) == {**{i: OLD for i in first}, **{i: NEW for i in rest}}


def test_the_enterprise_correction_points_a_rename_to_the_redirect(reg):
    app_id, _first, _rest = _rest_returned(reg)
    ent = reg.scalar("SELECT id FROM enterprises WHERE name = ?", (OLD,))
    assert "如不是录错，而是企业更名、收款账户变更" in reg.enterprise_correction_effects(ent, NEW)


# -- through the window -----------------------------------------------------------------
def test_a_studio_moved_after_a_return_redirects_the_returned_money_and_undoes(
        window, qtbot, reg, answers):
    """工作室 → Enter → 所在单位 retyped: asked whether it moved, then whether the money
    the bank sent back goes to the new enterprise; 改汇 redirects it, Ctrl+Z takes it back."""
    app_id, first, rest = _rest_returned(reg)
    screen = window.screen_named("工作室")
    screen.reload()
    screen.table.setFocus()
    screen.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    dialog = screen.current_form
    assert dialog is not None and dialog.studio.name == STUDIO
    dialog.enterprise.setFocus()
    dialog.enterprise.selectAll()
    type_text(qtbot, NEW, dialog.enterprise)
    answers.yes = True
    dialog.accept()

    assert len(answers.questions) == 2, answers.questions
    assert answers.questions[1].startswith(f"以下项目汇给“{OLD}”的款项被银行退回，待重拨：\n"
                                           f"项目{app_id}“转炉炼钢终点碳温预测模型开发”：退汇待重拨 2 笔")
    assert _payees(reg, app_id) == {**{i: OLD for i in first}, **{i: NEW for i in rest}}
    window.ctx.undo_stack.undo()
    assert set(_payees(reg, app_id).values()) == {OLD}
    assert reg.studio(STUDIO).enterprise_name == OLD
    window.ctx.undo_stack.redo()
    assert _payees(reg, app_id) == {**{i: OLD for i in first}, **{i: NEW for i in rest}}


def test_a_studio_moved_keeping_the_returned_money_with_the_old_payee(
        window, qtbot, reg, answers, monkeypatch):
    app_id, _first, _rest = _rest_returned(reg)
    replies = iter([True, False])  # 确已迁出, then 仍汇原单位
    monkeypatch.setattr(answers, "ask_yes_no",
                        lambda *a, **k: answers.questions.append(a[2]) or next(replies))
    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "ask_yes_no", answers.ask_yes_no)
    screen = window.screen_named("工作室")
    screen.reload()
    screen.table.setFocus()
    screen.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    dialog = screen.current_form
    dialog.enterprise.setFocus()
    dialog.enterprise.selectAll()
    type_text(qtbot, NEW, dialog.enterprise)
    dialog.accept()
    assert len(answers.questions) == 2
    assert reg.studio(STUDIO).enterprise_name == NEW
    assert set(_payees(reg, app_id).values()) == {OLD}


def test_the_progress_notice_says_where_each_part_went_and_goes(reg):
    """The 办理进度告知单's 拨付 block (finance.payout): the first tranche 汇至 the old
    payee, the rest owed to the new one."""
    from boostdesk.finance.payout import payout

    app_id, _first, _rest = _rest_returned(reg)
    redirect_payee(reg, app_id, NEW, WHY)
    said = [x.said for x in payout(reg, PROJECT, reg.project(app_id), date(2023, 4, 25)).lines]
    assert said[:2] == [f"已拨付（2023-01-10 汇至{OLD}）"] * 2
    assert all(x.endswith(f"，收款单位已改为“{NEW}”，待重拨") for x in said[2:]), said
