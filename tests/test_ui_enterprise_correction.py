"""A paid project's payee enterprise (所在单位) typed wrong: the bank transfer names the
company, so the payment lists and stamped approval sheets must name it right. Its payee
is fixed at the first payment (migration 11): no paper or studio edit can correct it, so
单位与人员 → 所在单位 → Enter does, with a reason, everywhere, the money unchanged."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_finance import add_project
from test_printing import pdf_text, squash
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.finance.paying import record_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.io.export_summary import build_summary
from boostdesk.models import RegisterError
from boostdesk.models.records import PROJECT
from boostdesk.printing.approval import load_sheets, write_approval_pdf
from boostdesk.printing.payments import build_payment_lists, write_payments_pdf
from boostdesk.rules import refresh

__all__ = ["answers", "ctx", "qsettings", "window"]

RIGHT = "首钢智能装备制造有限公司"
WRONG = "首钢智能装备制适有限公司"


def a_paid_project(reg, studio="李红兵劳模创新工作室", title="转炉炼钢终点碳温预测模型开发"):
    """A city project approved under a misspelt enterprise, its first tranche paid."""
    app_id = add_project(reg, studio=studio, title=title)
    reg.conn.execute("UPDATE enterprises SET name = ? WHERE name = ?", (WRONG, RIGHT))
    sync_plan(reg, 2022)
    for line in payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id]):
        if line.tranche == 1:
            record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0002")
    refresh(reg, 2022)
    return app_id


def money(reg, app_id):
    return sorted((x.payer_name, x.tranche, x.amount_fen, x.paid, x.paid_date)
                  for x in payment_lines(reg, 2022, app_ids=[app_id]))


def enterprise_row(screen, name):
    return next(i for i, row in enumerate(screen.enterprises.rows) if row[1][0] == name)


def test_a_paid_projects_misspelt_enterprise_is_corrected_everywhere_and_undone(
        window, qtbot, reg, answers, tmp_path):
    app_id = a_paid_project(reg)
    paid = money(reg, app_id)
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])} == {WRONG}
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.tabs.setCurrentIndex(1)
    screen.enterprise_view.setFocus()
    screen.enterprise_view.selectRow(enterprise_row(screen, WRONG))
    press(qtbot, Qt.Key.Key_Return, widget=screen.enterprise_view)
    dialog = screen.current_form
    assert dialog is not None and dialog.new_name.text() == WRONG
    type_text(qtbot, RIGHT, dialog.new_name)  # typed over the selected name
    dialog.accept()
    assert answers.errors[-1][1] == "请写明更正原因，它记入修改记录"
    assert reg.project(app_id).enterprise_name == WRONG
    type_text(qtbot, "营业执照为制造，录入时误作制适", dialog.reason)
    dialog.accept()

    assert "1 项已登记拨付项目的收款单位" in answers.questions[-1]
    assert "金额不变" in answers.questions[-1]
    assert reg.project(app_id).enterprise_name == RIGHT
    assert reg.studio("李红兵劳模创新工作室").enterprise_name == RIGHT
    lines = payment_lines(reg, 2022, app_ids=[app_id])
    assert {x.payee for x in lines} == {RIGHT} and {x.enterprise_name for x in lines} == {RIGHT}
    assert money(reg, app_id) == paid  # the same amounts, the same paid marks
    # what finance prints and hands over: the lists (paid lines too), the sheet, the table
    pdf = tmp_path / "lists.pdf"
    write_payments_pdf(pdf, build_payment_lists(reg, 2022, 1, unpaid_only=False))
    assert RIGHT in squash(pdf_text(pdf)) and WRONG not in squash(pdf_text(pdf))
    sheets = load_sheets(reg, 2022, [f"项目{app_id}"])
    assert sheets[0].app.enterprise_name == RIGHT
    write_approval_pdf(tmp_path / "sheet.pdf", sheets)
    assert RIGHT in squash(pdf_text(tmp_path / "sheet.pdf"))
    summary = build_summary(reg, PROJECT, 2022)
    assert RIGHT in summary.rows[0] and WRONG not in summary.rows[0]
    assert "制造" in reg.scalar("SELECT search_text FROM project_applications WHERE id = ?",
                                (app_id,))
    ent = reg.scalar("SELECT id FROM enterprises WHERE name = ?", (RIGHT,))
    assert reg.audit_trail("enterprises", ent)[-1]["after"] == {
        "name": RIGHT, "reason": "营业执照为制造，录入时误作制适"}
    assert reg.audit_trail("project_applications", app_id)[-1]["after"] == {
        "payee": RIGHT, "reason": "营业执照为制造，录入时误作制适"}
    assert [row[1][0] for row in screen.enterprises.rows] == [RIGHT]
    from boostdesk.audit_log import trail  # the auditor's export: what, from what, why

    [line] = [x for x in trail(reg) if x.entity == "enterprises" and "理由" in x.details]
    assert line.action == "修改" and f"{WRONG} → {RIGHT}" in line.details

    window.ctx.undo_stack.undo()
    assert reg.project(app_id).enterprise_name == WRONG
    assert money(reg, app_id) == paid
    window.ctx.undo_stack.redo()
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])} == {RIGHT}


def test_an_enterprise_corrected_to_another_enterprises_name_is_refused_saying_what_to_do(
        reg):
    """Two rows under the two names are two payees: renaming one as the other would record
    what was paid to one as paid to the other. Not a spelling fix: refused, nothing moved."""
    app_id = a_paid_project(reg)
    other = add_project(reg, studio="王芳职工创新工作室", title="高炉布料优化", status="registered")
    with reg.transaction():  # 工作室 → 修改: the other studio's enterprise typed right
        reg.ensure_studio("王芳职工创新工作室", None, None, reg.ensure_enterprise(RIGHT), exact=True)
    assert reg.project(other).enterprise_name == RIGHT
    ent = reg.scalar("SELECT id FROM enterprises WHERE name = ?", (WRONG,))
    paid = money(reg, app_id)
    with pytest.raises(RegisterError) as refused:
        reg.correct_enterprise_name(ent, RIGHT, "营业执照为制造")
    message = str(refused.value)
    assert f"所在单位“{RIGHT}”在登记册中已是另一单位" in message
    assert f"项目{app_id}" in message and "拨付凭证" in message
    assert "工作室 → 修改" in message
    assert reg.project(app_id).enterprise_name == WRONG
    assert money(reg, app_id) == paid
    assert reg.scalar("SELECT COUNT(*) FROM enterprises") == 2


def test_an_enterprise_correction_needs_a_reason_and_a_name(reg):
    a_paid_project(reg)
    ent = reg.scalar("SELECT id FROM enterprises WHERE name = ?", (WRONG,))
    with pytest.raises(RegisterError, match="请写明更正原因"):
        reg.correct_enterprise_name(ent, RIGHT, "  ")
    with pytest.raises(RegisterError, match="请填写更正后的所在单位名称"):
        reg.correct_enterprise_name(ent, " ", "营业执照")
    assert reg.scalar("SELECT name FROM enterprises WHERE id = ?", (ent,)) == WRONG


def test_a_misspelling_retyped_on_the_studio_of_a_paid_project_points_to_the_correction(
        ctx, qtbot, reg, answers):
    """工作室 → 修改, the 所在单位 retyped right: the studio moved to a new enterprise and
    the paid project stayed paid to the misspelt one (its second tranche's list too), the
    clerk none the wiser. Asked first, naming where a misspelling is corrected."""
    from boostdesk.ui.studio_screen import StudioDialog

    app_id = a_paid_project(reg)
    dialog = StudioDialog(ctx, reg.studio("李红兵劳模创新工作室"))
    qtbot.addWidget(dialog)
    dialog.enterprise.set_value(RIGHT)
    answers.yes = False
    dialog.accept()

    assert "1 项项目已登记拨付给" in answers.questions[-1]
    assert "单位与人员 → 所在单位" in answers.questions[-1]
    assert dialog.result() != StudioDialog.DialogCode.Accepted
    assert reg.studio("李红兵劳模创新工作室").enterprise_name == WRONG
    assert reg.scalar("SELECT COUNT(*) FROM enterprises") == 1
    assert reg.project(app_id).enterprise_name == WRONG


def test_the_right_name_left_by_an_undone_studio_move_is_taken_by_the_correction(
        ctx, qtbot, reg, answers):
    """The clerk first retyped the name on 工作室 → 修改 (the studio moved, the paid award
    did not); told so, he undid it, which left the right spelling in the register as an
    enterprise nothing uses. The correction then takes that name, instead of refusing it
    as another payee's for ever."""
    from boostdesk.ui.studio_screen import StudioDialog

    app_id = a_paid_project(reg)
    dialog = StudioDialog(ctx, reg.studio("李红兵劳模创新工作室"))
    qtbot.addWidget(dialog)
    dialog.enterprise.set_value(RIGHT)
    dialog.accept()  # 确已迁出
    assert reg.studio("李红兵劳模创新工作室").enterprise_name == RIGHT
    assert reg.project(app_id).enterprise_name == WRONG
    ent = reg.scalar("SELECT id FROM enterprises WHERE name = ?", (WRONG,))
    with pytest.raises(RegisterError, match=f"改回“{WRONG}”"):
        reg.correct_enterprise_name(ent, RIGHT, "营业执照为制造")

    ctx.undo_stack.undo()  # the studio's move taken back, as the message says
    assert reg.studio("李红兵劳模创新工作室").enterprise_name == WRONG
    reg.correct_enterprise_name(ent, RIGHT, "营业执照为制造")
    assert reg.scalar("SELECT name FROM enterprises") == RIGHT
    assert reg.project(app_id).enterprise_name == RIGHT
    assert {x.payee for x in payment_lines(reg, 2022, app_ids=[app_id])} == {RIGHT}


def test_next_years_paper_spelling_the_enterprise_right_says_where_to_correct_it(reg):
    """The studio's next paper gives the name right: taking the paper's moves the studio,
    the paid award staying under the misspelling. The form's question says where the
    misspelling itself is corrected."""
    from dataclasses import replace

    from boostdesk.intake import paper_differs

    app_id = a_paid_project(reg)
    paper = replace(reg.project(app_id), id=None, title="下一个项目", enterprise_name=RIGHT)
    question = paper_differs(reg, paper).question()
    assert f"所在单位：{WRONG} → {RIGHT}" in question
    assert "单位与人员 → 所在单位" in question


def test_a_paid_patents_misspelt_enterprise_is_corrected_on_its_lines_too(reg):
    """A paid patent keeps the enterprise it was judged on (its form greys it): the same
    correction puts the name right on its payment lines, the inventor's money unchanged."""
    from test_ui_corrections import a_paid_patent

    app_id = a_paid_patent(reg)
    paid = money(reg, app_id)
    ent = reg.scalar("SELECT enterprise_id FROM patent_applications WHERE id = ?", (app_id,))
    reg.conn.execute("UPDATE enterprises SET name = '北京测式有限公司' WHERE id = ?", (ent,))
    reg.correct_enterprise_name(ent, "北京测试有限公司", "营业执照为测试")
    assert {x.enterprise_name for x in payment_lines(reg, 2022, app_ids=[app_id])} == {
        "北京测试有限公司"}
    assert reg.patent(app_id).enterprise_name == "北京测试有限公司"
    assert money(reg, app_id) == paid
    assert reg.audit_trail("patent_applications", app_id)[-1]["after"] == {
        "enterprise_name": "北京测试有限公司", "reason": "营业执照为测试"}


def test_the_misspelt_enterprise_is_found_by_a_fragment_and_entered_from_the_search(
        window, qtbot, reg, answers):
    """Among thousands of enterprises the clerk types a fragment of the misspelling, ↓ into
    the list, Enter: the correction opens on it."""
    a_paid_project(reg)
    with reg.transaction():
        for i in range(30):
            reg.ensure_enterprise(f"北京第{i}机械有限公司")
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.tabs.setCurrentIndex(1)
    screen.enterprise_search.setFocus()
    type_text(qtbot, "制适", screen.enterprise_search)
    assert [row[1][0] for row in screen.enterprises.rows] == [WRONG]
    press(qtbot, Qt.Key.Key_Down, widget=screen.enterprise_search)
    press(qtbot, Qt.Key.Key_Return, widget=screen.enterprise_view)
    dialog = screen.current_form
    assert dialog is not None and dialog.old == WRONG
    type_text(qtbot, RIGHT, dialog.new_name)
    type_text(qtbot, "营业执照为制造", dialog.reason)
    dialog.accept()
    # the corrected row stays in view, chosen (the fragment typed would hide it)
    assert [row[1][0] for row in screen.enterprises.rows] == [RIGHT]
    assert screen.enterprise_view.currentIndex().row() == 0


def test_a_paid_projects_form_says_where_its_misspelt_payee_is_corrected(
        window, qtbot, reg, answers):
    """The tester's way in: the paid project's form greys 所在单位 and said only 不能再改 /
    写在备注中. It names where a misspelling is corrected; so does the refusal of a paid
    paper's union changed (a table, a script)."""
    from dataclasses import replace

    app_id = a_paid_project(reg)
    screen = window.show_screen(1)  # 创新项目
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    form = screen.current_form
    assert form is not None and form.record.id == app_id
    editor = form.rows["enterprise_name"].editor
    assert not editor.isEnabled()
    assert "“单位与人员”→“所在单位”中选中它，按 Enter 更正" in editor.toolTip()
    assert "“单位与人员”→“所在单位”" in form.banner.text()
    with pytest.raises(RegisterError, match="“单位与人员”→“推荐单位”中选中它，按 Enter 更正"):
        reg.save_project(replace(reg.project(app_id), unit_name="首钢集团公司工会"))
