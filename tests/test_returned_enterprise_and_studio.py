"""A transfer the bank sent back (退汇, owed again) was sent all the same: the project's
payee is fixed by it (``keep_payee``), so an enterprise's name correction and its studio's
move to another enterprise count it as sent — said as sent and sent back, never 已拨付."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_finance import add_project
from test_ui_enterprise_correction import RIGHT, WRONG, a_paid_project, enterprise_row
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.finance.paying import record_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.finance.returns import return_payments
from boostdesk.models import RegisterError
from boostdesk.models.records import PROJECT

__all__ = ["answers", "ctx", "qsettings", "window"]

STUDIO = "李红兵劳模创新工作室"
WHY = "营业执照为制造，录入时误作制适"


def _returned(reg, payers=("federation", "union"), **kw):
    """A project paid its first tranche under the misspelt enterprise, and the bank sent
    back the transfers of ``payers`` (the enterprise's account did not match the name)."""
    app_id = a_paid_project(reg, **kw)
    back = [x.id for x in payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])
            if x.tranche == 1 and x.payer in payers]
    return_payments(reg, back, date(2023, 2, 1), "户名与账户不符")
    return app_id


def _ent(reg, name=WRONG):
    return reg.scalar("SELECT id FROM enterprises WHERE name = ?", (name,))


def test_an_enterprise_whose_money_all_came_back_is_corrected_as_its_payee(reg):
    """Nothing stands paid, but the money left for this company and is sent again to it:
    the correction writes the name on the project's line as its payee's."""
    app_id = _returned(reg)
    assert reg.project(app_id).status == "approved"  # the first tranche owed again
    reg.correct_enterprise_name(_ent(reg), RIGHT, WHY)
    assert reg.audit_trail("project_applications", app_id)[-1]["after"] == {
        "payee": RIGHT, "reason": WHY}
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])} == {RIGHT}


def test_the_corrections_question_says_the_money_was_sent_and_came_back(reg):
    app_id = _returned(reg)
    assert reg.enterprise_papers(_ent(reg))["sent"] == [app_id]
    effects = reg.enterprise_correction_effects(_ent(reg), RIGHT)
    assert effects.startswith(f"“{WRONG}”是 1 项项目的收款单位，其助推款已汇出 2 笔（均被银行退回，"
                              "待重拨）。")
    assert f"被银行退回的按“{RIGHT}”重拨" in effects and "已登记拨付" not in effects


def test_the_correction_counts_each_share_paid_or_sent_back(reg):
    a_paid_project(reg)
    assert reg.enterprise_correction_effects(_ent(reg), RIGHT).startswith(
        f"“{WRONG}”是 1 项已登记拨付项目的收款单位。更正后")  # as it was: nothing came back
    return_payments(
        reg, [x.id for x in payment_lines(reg, 2022, stream=PROJECT)
              if x.tranche == 1 and x.payer == "union"], date(2023, 2, 1), "户名与账户不符")
    assert "其助推款已汇出 2 笔（其中 1 笔被银行退回，待重拨）" in reg.enterprise_correction_effects(
        _ent(reg), RIGHT)


def test_nothing_sent_asks_nothing(reg):
    add_project(reg)
    assert reg.enterprise_correction_effects(_ent(reg, RIGHT), WRONG) == ""
    assert reg.studio_move_effects(STUDIO, RIGHT, "北京另一家有限公司") == ""


def test_a_correction_to_another_enterprises_name_names_the_returned_project(reg):
    """The returned project's payee is fixed: the refusal names it and its money as sent
    and sent back, and says to take back the studio's move — not to retype the studio's
    enterprise, which would leave it behind."""
    app_id = _returned(reg)
    with reg.transaction():  # 工作室 → 修改, the right name typed: the studio moved
        reg.ensure_studio(STUDIO, None, None, reg.ensure_enterprise(RIGHT), exact=True)
    with pytest.raises(RegisterError) as refused:
        reg.correct_enterprise_name(_ent(reg), RIGHT, WHY)
    message = str(refused.value)
    assert (f"“{WRONG}”有已汇出助推款（均被银行退回、待重拨）的项目（项目{app_id}），并入会把"
            "已汇出的款项（被银行退回的也将重拨给它）记到") in message
    assert f"改回“{WRONG}”" in message and "已登记拨付" not in message


def test_two_enterprises_both_sent_money_are_not_merged_whichever_came_back(reg):
    app_id = _returned(reg)
    other = add_project(reg, studio="王芳职工创新工作室", title="高炉布料优化")  # under RIGHT
    sync_plan(reg, 2022)
    for line in payment_lines(reg, 2022, stream=PROJECT, app_ids=[other]):
        if line.tranche == 1:
            record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0003")
    with pytest.raises(RegisterError) as refused:
        reg.correct_enterprise_name(_ent(reg), RIGHT, WHY)
    assert (f"两者都有已汇出助推款（含被银行退回、待重拨）的项目（“{WRONG}”：项目{app_id}；"
            f"“{RIGHT}”：项目{other}），是两个收款单位，不能合并") in str(refused.value)


def test_a_studio_whose_money_came_back_is_asked_before_it_moves(reg):
    """The returned project keeps the enterprise it was sent to: retyped on 工作室, a
    misspelling would stay on its next list. The question says what was sent."""
    app_id = _returned(reg)
    effects = reg.studio_move_effects(STUDIO, WRONG, RIGHT)
    assert effects.startswith(f"工作室“{STUDIO}”有 1 项项目的助推款已汇出 2 笔（均被银行退回，待重拨），"
                              f"收款单位为“{WRONG}”：已拨付的款项仍记为拨付给“{WRONG}”")
    assert f"被银行退回的和其余的款项是否改汇“{RIGHT}”，迁出后再问" in effects
    assert "单位与人员 → 所在单位" in effects and "已登记拨付" not in effects
    with reg.transaction():  # moved all the same: the money is sent again where it went
        reg.ensure_studio(STUDIO, None, None, reg.ensure_enterprise(RIGHT), exact=True)
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])} == {WRONG}


def test_a_studio_merged_keeps_its_returned_projects_payee_and_says_so(reg):
    app_id = _returned(reg)
    add_project(reg, studio="王芳职工创新工作室", title="高炉布料优化", status="registered")
    with reg.transaction():
        reg.ensure_studio("王芳职工创新工作室", None, None, reg.ensure_enterprise(RIGHT), exact=True)
    said = reg.studio_merge_payees(STUDIO, "王芳职工创新工作室")
    assert said == (f"已汇出助推款的项目（项目{app_id}：“{WRONG}”）仍拨付给原收款单位（按首次汇出固定），"
                    "金额不变：其助推款已汇出 2 笔（均被银行退回，待重拨），被银行退回的仍向原收款单位重拨")


# -- through the window -----------------------------------------------------------------
def test_the_studio_screen_asks_before_moving_a_studio_whose_money_came_back(
        window, qtbot, reg, answers):
    """工作室 → Enter → 所在单位 retyped: asked, with the money said as sent and sent back;
    返回 leaves the studio where it was."""
    _returned(reg)
    screen = window.screen_named("工作室")
    screen.reload()
    screen.table.setFocus()
    screen.table.selectRow(0)
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    dialog = screen.current_form
    assert dialog is not None and dialog.studio.name == STUDIO
    dialog.enterprise.setFocus()
    dialog.enterprise.selectAll()
    type_text(qtbot, RIGHT, dialog.enterprise)
    answers.yes = False
    dialog.accept()

    assert len(answers.questions) == 1, answers.questions
    assert "1 项项目的助推款已汇出 2 笔（均被银行退回，待重拨）" in answers.questions[-1]
    assert answers.questions[-1].endswith(f"工作室确已迁到“{RIGHT}”？")
    assert reg.studio(STUDIO).enterprise_name == WRONG
    dialog.reject()


def test_the_enterprise_correction_asks_naming_the_money_sent_back(window, qtbot, reg, answers):
    _returned(reg)
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.tabs.setCurrentIndex(1)
    screen.enterprise_view.setFocus()
    screen.enterprise_view.selectRow(enterprise_row(screen, WRONG))
    press(qtbot, Qt.Key.Key_Return, widget=screen.enterprise_view)
    dialog = screen.current_form
    type_text(qtbot, RIGHT, dialog.new_name)
    type_text(qtbot, WHY, dialog.reason)
    answers.yes = False
    dialog.accept()

    assert len(answers.questions) == 1, answers.questions
    assert answers.questions[-1].startswith(
        f"“{WRONG}”是 1 项项目的收款单位，其助推款已汇出 2 笔（均被银行退回，待重拨）。")
    assert answers.questions[-1].endswith("确属登记册录错？")
    assert reg.project(reg.enterprise_papers(_ent(reg))["sent"][0]).enterprise_name == WRONG
    dialog.reject()


def test_a_person_whose_money_all_came_back_is_asked_before_his_name_is_corrected(
        window, qtbot, reg, answers):
    """His award stands paid no more, but the lists were stamped under his name and the
    money is sent again under the corrected one: asked, saying what was sent."""
    from test_ui_corrections import a_paid_patent, person_dialog

    app_id = a_paid_patent(reg)
    return_payments(reg, [x.id for x in payment_lines(reg, 2022, app_ids=[app_id])],
                    date(2023, 2, 1), "会员卡已销户")
    screen, dialog = person_dialog(qtbot, window, "张三")
    type_text(qtbot, "张叁", dialog.new_name)
    type_text(qtbot, "身份证复印件为张叁", dialog.reason)
    answers.yes = False
    dialog.accept()

    assert len(answers.questions) == 1, answers.questions
    assert answers.questions[-1].startswith(
        "“张三”的 1 项申报的助推款已汇出 2 笔（均被银行退回，待重拨）。更正后")
    assert reg.patent(app_id).inventor_name == "张三"
    dialog.reject()


def test_a_person_whose_money_came_back_is_told_so_before_his_id_is_corrected(
        window, qtbot, reg, answers):
    from test_ui_corrections import a_paid_patent
    from test_ui_person_id_correction import WRONG as SWAPPED
    from test_ui_person_id_correction import id_dialog

    from boostdesk.models.records import PATENT

    app_id = a_paid_patent(reg, id_number=SWAPPED)
    [line] = [x for x in payment_lines(reg, 2022, stream=PATENT, app_ids=[app_id])
              if x.payer == "federation"]
    return_payments(reg, [line.id], date(2023, 2, 1), "户名与卡号不符")
    _screen, dialog = id_dialog(qtbot, window)
    dialog.new_number.selectAll()
    type_text(qtbot, SWAPPED[:10] + SWAPPED[11] + SWAPPED[10] + SWAPPED[12:], dialog.new_number)
    type_text(qtbot, "审计核对", dialog.reason)
    answers.yes = False
    dialog.accept()
    assert answers.questions[-1].startswith(
        "“张三”的 1 项申报的助推款已汇出 2 笔（其中 1 笔被银行退回，待重拨）。更正后")
    dialog.reject()


def test_a_papers_other_enterprise_asks_saying_returned_money_goes_to_the_old_payee(reg):
    """A new paper gives the studio another 所在单位: the question says that a project
    whose money came back (not only one paid) is still paid to the enterprise it was sent
    to, as saving the paper then leaves it."""
    from boostdesk.intake import paper_differs

    app_id = _returned(reg)
    paper = replace(reg.project(app_id), id=None, title="第二个项目",
                    enterprise_name="北京另一家有限公司")
    question = paper_differs(reg, paper).question()
    assert ("（已汇出助推款的项目，包括款被银行退回、待重拨的，仍由原收款单位收款：退回的和其余的"
            "款项也拨付给它；") in question
    assert "已登记拨付的助推款" not in question
    reg.save_project(paper)  # 改为申报书所填
    assert reg.studio(STUDIO).enterprise_name == "北京另一家有限公司"
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])} == {WRONG}
