"""Correcting the register after the fact: papers typed fast, mistakes found after the
rules ran and money was paid. Each correction is made as the office makes it (the
form opened on the application, Ctrl+S) and must keep the money already paid right."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import CARD_1, CARD_2, ID_1, ID_2, INVENTION, INVENTION_2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.finance.paying import record_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.rules import refresh

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def a_paid_patent(reg, *, number=INVENTION, name="张三", id_number=ID_1, card=CARD_1,
                  unit="北京市海淀区总工会", pay=True) -> int:
    app_id = reg.save_patent(PatentApplication(
        2022, title="一种焊缝检测装置", patent_number_raw=number, grant_date=date(2021, 5, 11),
        inventor_name=name, id_number=id_number, card_number=card, unit_name=unit,
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    sync_plan(reg, 2022)
    if pay:
        for line in payment_lines(reg, 2022, stream=PATENT, app_ids=[app_id]):
            record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0001")
    refresh(reg, 2022)
    return app_id


def open_form(qtbot, window, app_id):
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    form = screen.current_form
    assert form is not None and form.record.id == app_id
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return screen, form


def retype(qtbot, form, key, text):
    editor = form.editor(key)
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, text, editor)


def payers(reg, app_id):
    return sorted((x.payer_name, x.payee, x.card_number, x.paid_date)
                  for x in payment_lines(reg, 2022, app_ids=[app_id]))


def test_the_union_of_a_paid_patent_cannot_be_changed_under_its_payment(
        window, qtbot, reg, answers):
    """Opened from the list, the paid paper shows what cannot change greyed, and says why;
    a save that changes it anyway (any way round the form) is refused, nothing stored."""
    from dataclasses import replace

    from boostdesk.ui import operations

    app_id = a_paid_patent(reg)
    before = payers(reg, app_id)
    assert ("北京市海淀区总工会", "张三", CARD_1, date(2023, 1, 10)) in before
    _screen, form = open_form(qtbot, window, app_id)
    assert not form.editor("unit_name").isEnabled()
    assert not form.editor("grant_date").isEnabled()
    assert form.editor("remarks").isEnabled()
    assert "已登记拨付" in form.banner.text() and "推荐单位" in form.banner.text()
    form.reject()

    result = operations.save_application(
        window.ctx, replace(reg.patent(app_id), unit_name="北京市朝阳区总工会"))
    assert not result.ok
    assert "已登记拨付" in result.error and "推荐单位" in result.error
    assert reg.patent(app_id).unit_name == "北京市海淀区总工会"
    # the union that paid is still the one the payment list names
    assert payers(reg, app_id) == before


def test_a_paid_patents_grant_date_cannot_leave_the_window_it_was_paid_under(ctx, reg):
    from dataclasses import replace

    from boostdesk.ui import operations

    app_id = a_paid_patent(reg)
    result = operations.save_application(
        ctx, replace(reg.patent(app_id), grant_date=date(2020, 5, 11)))
    assert not result.ok and "授权公告日" in result.error
    app = reg.patent(app_id)
    assert app.grant_date == date(2021, 5, 11) and app.status == "paid"
    eligible = reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app_id,))
    assert eligible == 1


def test_a_paid_patents_remarks_and_phone_can_still_be_corrected(window, qtbot, reg, answers):
    app_id = a_paid_patent(reg)
    _screen, form = open_form(qtbot, window, app_id)
    retype(qtbot, form, "remarks", "证书复印件已补交")
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    assert reg.patent(app_id).remarks == "证书复印件已补交"


def test_another_paper_typed_with_a_paid_inventors_id_does_not_rename_him(
        window, qtbot, reg, answers):
    """A clerk types 李四's paper with 张三's ID number by mistake: saved, 张三 (paid in
    full) would become 李四 on his paid lines and 李四's paper would claim 张三's award."""
    paid = a_paid_patent(reg)
    other = reg.save_patent(PatentApplication(
        2022, title="一种轴承检测方法", patent_number_raw=INVENTION_2,
        grant_date=date(2021, 6, 1), inventor_name="李四", id_number=ID_2, card_number=CARD_2,
        unit_name="北京市海淀区总工会", enterprise_name="北京测试有限公司"))
    refresh(reg, 2022)
    before = payers(reg, paid)
    _screen, form = open_form(qtbot, window, other)
    retype(qtbot, form, "id_number", ID_1)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert answers.errors and "张三" in answers.errors[-1][1]
    assert reg.patent(paid).inventor_name == "张三"
    assert payers(reg, paid) == before
    assert reg.patent(other).inventor_name == "李四" and reg.patent(other).id_number == ID_2


def a_patent(reg, *, number=INVENTION, name="张三", id_number=ID_1, card=CARD_1) -> int:
    app_id = reg.save_patent(PatentApplication(
        2022, title="一种焊缝检测装置", patent_number_raw=number, grant_date=date(2021, 5, 11),
        inventor_name=name, id_number=id_number, card_number=card,
        unit_name="北京市海淀区总工会", enterprise_name="北京测试有限公司"))
    refresh(reg, 2022)
    return app_id


def test_an_id_number_corrected_to_another_persons_asks_and_undo_gives_him_his_name_back(
        window, qtbot, reg, answers):
    """张三's paper typed with 李四's ID number: the register holds one person per ID, so
    saving renames 李四 on all his papers. The clerk is asked first; Ctrl+Z puts 李四 back."""
    zhang = a_patent(reg)
    li = a_patent(reg, number=INVENTION_2, name="李四", id_number=ID_2, card=CARD_2)
    screen, form = open_form(qtbot, window, zhang)
    retype(qtbot, form, "id_number", ID_2)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    assert any("李四" in q and "改为“张三”" in q for q in answers.questions), answers.questions
    assert reg.patent(li).inventor_name == "张三"  # what the clerk agreed to

    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not answers.errors, answers.errors
    assert reg.patent(zhang).id_number == ID_1
    assert reg.patent(li).inventor_name == "李四"
    assert reg.patent(li).card_number == CARD_2
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert reg.patent(zhang).id_number == ID_2 and reg.patent(li).inventor_name == "张三"


def test_an_id_number_corrected_leaves_no_person_behind_under_the_wrong_number(ctx, reg):
    """The wrong number typed first names nobody once corrected: 单位与人员 must not keep a
    person under it (a later paper with that number would be filled with 张三's name)."""
    from dataclasses import replace

    from boostdesk.ui import operations

    app_id = a_patent(reg, id_number=ID_2)  # typed wrong
    assert operations.save_application(ctx, replace(reg.patent(app_id), id_number=ID_1)).ok
    assert reg.person_by_id_number(ID_2) is None
    assert reg.person_by_id_number(ID_1).name == "张三"
    assert reg.scalar("SELECT COUNT(*) FROM people") == 1
    ctx.undo_stack.undo()
    assert reg.patent(app_id).id_number == ID_2 and reg.patent(app_id).card_number == CARD_1
    assert reg.person_by_id_number(ID_1) is None


def test_an_entry_undone_takes_its_new_person_with_it(ctx, reg):
    from boostdesk.ui import operations

    result = operations.save_application(ctx, PatentApplication(
        2022, title="新录入", patent_number_raw=INVENTION, inventor_name="王五",
        id_number=ID_1, card_number=CARD_1))
    assert result.ok
    ctx.undo_stack.undo()
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications") == 0
    assert reg.person_by_id_number(ID_1) is None
    ctx.undo_stack.redo()
    assert reg.person_by_id_number(ID_1).name == "王五"


def test_a_studio_moved_after_a_payment_keeps_its_paid_award_where_it_was_paid(
        ctx, qtbot, reg, answers):
    """工作室 screen → 修改: a studio that has moved to another enterprise is moved (it was
    refused for ever once a payment was recorded, so the studio could never apply again
    under its new enterprise); the award paid in part keeps its payee, both tranches:
    the rest goes where the first part went."""
    from test_finance import add_project

    from boostdesk.models.records import PROJECT
    from boostdesk.ui.studio_screen import StudioDialog

    app_id = add_project(reg)
    sync_plan(reg, 2022)
    first = [x for x in payment_lines(reg, 2022, stream=PROJECT, app_ids=[app_id])
             if x.tranche == 1]
    for line in first:
        record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0002")
    refresh(reg, 2022)
    studio = reg.studio("李红兵劳模创新工作室")
    dialog = StudioDialog(ctx, studio)
    qtbot.addWidget(dialog)
    dialog.enterprise.set_value("北京另一家有限公司")
    dialog.accept()

    assert not answers.errors, answers.errors
    assert dialog.result() == StudioDialog.DialogCode.Accepted
    assert reg.studio("李红兵劳模创新工作室").enterprise_name == "北京另一家有限公司"
    assert reg.project(app_id).enterprise_name == "首钢智能装备制造有限公司"
    lines = payment_lines(reg, 2022, stream=PROJECT)
    assert {x.tranche for x in lines} == {1, 2}
    assert {x.payee for x in lines} == {"首钢智能装备制造有限公司"}


def test_a_table_naming_a_paid_inventors_id_under_another_name_is_not_imported(
        reg, tmp_path, capsys):
    """A unit's table gives 李四's row 张三's ID number (paid in full): imported, 张三 would
    be 李四 on his paid lines. The command refuses the table and stores nothing."""
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    from boostdesk.cli import main

    paid = a_paid_patent(reg)
    before = payers(reg, paid)
    table = write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, patent_row(
        专利号=INVENTION_2, 第一发明人="李四", 身份证号=ID_1, 工会会员互助服务卡号=CARD_2)])
    status = main(["import", str(table), "--db", str(reg.path), "--operator", "录入员甲"])

    err = capsys.readouterr().err
    assert status != 0 and "张三" in err and "李四" in err, err
    assert "按 Enter 更正姓名" in err
    assert reg.patent(paid).inventor_name == "张三"
    assert payers(reg, paid) == before
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications") == 1


def test_next_years_table_misspelling_an_approved_inventor_leaves_his_award_as_printed(
        reg, tmp_path, capsys):
    """2022's award to 张三 is approved (its approval sheet printed, its lines on the payment
    list) and not yet paid; a unit's 2023 table spells him 张叁. Imported, his 2022 sheet and
    lines would name 张叁. The table is refused, saying where a misspelt register is put
    right; spelt as registered, it is imported."""
    from dataclasses import replace

    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    from boostdesk.cli import main
    from boostdesk.models import plan_2022

    approved = a_paid_patent(reg, pay=False)
    reg.save_campaign(replace(plan_2022(), year=2023))
    before = payers(reg, approved)
    row = {"专利号": INVENTION_2, "授权公告日": date(2022, 3, 5), "工会会员互助服务卡号": CARD_2}
    table = write_sheet(tmp_path / "海淀2023.xlsx", [PATENT_HEADERS, patent_row(
        第一发明人="张叁", **row)])
    status = main(["import", str(table), "--db", str(reg.path), "--operator", "录入员甲"])

    err = capsys.readouterr().err
    assert status != 0 and "已核准" in err and "按 Enter 更正姓名" in err, err
    assert reg.patent(approved).inventor_name == "张三"
    assert payers(reg, approved) == before
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications") == 1
    table = write_sheet(tmp_path / "海淀2023.xlsx", [PATENT_HEADERS, patent_row(**row)])
    assert main(["import", str(table), "--db", str(reg.path), "--operator", "录入员甲"]) == 0
    assert [a.card_number for a in reg.patents(2023)] == [CARD_2]
    assert payers(reg, approved) == before


def test_next_years_paper_misspelling_an_approved_inventor_says_his_sheet_changes_too(
        window, qtbot, reg, answers):
    """The same at the intake desk: the 2023 paper spells 张三 (approved in 2022, not paid)
    张叁. The clerk is asked before he is renamed, told that his printed 2022 approval
    sheet and payment lines would change too and where a misspelt register is corrected;
    choosing 返回修改 keeps him as printed."""
    from dataclasses import replace

    from boostdesk.models import plan_2022

    approved = a_paid_patent(reg, pay=False)
    reg.save_campaign(replace(plan_2022(), year=2023))
    window.ctx.set_year(2023)
    screen = window.show_screen(0)
    form = screen.new_item()
    for key, value in (("inventor_name", "张叁"), ("id_number", ID_1),
                       ("patent_number_raw", INVENTION_2), ("title", "一种轴承检测方法")):
        form.editor(key).set_value(value)
    answers.yes = False
    form.save_button.click()

    question = answers.questions[-1]
    assert f"已核准的 2022 年度专利{approved} 的审批表和拨付清单也将写作“张叁”" in question
    assert "“单位与人员”→“人员”中按 Enter 更正姓名" in question
    assert form.isVisible() and reg.patent(approved).inventor_name == "张三"
    assert reg.patents(2023) == []


def test_a_paid_inventors_name_retyped_on_his_next_years_paper_says_what_to_do(ctx, reg):
    """The 2023 paper spells 张三 otherwise: his 2022 award was paid under 张三, so the
    register keeps that name, and the clerk is told how to go on (type it as registered)."""
    from dataclasses import replace

    from boostdesk.models import plan_2022
    from boostdesk.ui import operations

    paid = a_paid_patent(reg)
    reg.save_campaign(replace(plan_2022(), year=2023))
    result = operations.save_application(ctx, PatentApplication(
        2023, title="一种轴承检测方法", patent_number_raw=INVENTION_2, inventor_name="张叁",
        id_number=ID_1, card_number=CARD_1, unit_name="北京市海淀区总工会"))
    assert not result.ok
    assert "按登记册写作“张三”" in result.error and "专利1" in result.error
    # the register may be the one misspelt: the clerk is told where it is corrected
    assert "“单位与人员”→“人员”中选中此人、按 Enter 更正姓名" in result.error
    assert reg.patent(paid).inventor_name == "张三"
    assert reg.scalar("SELECT COUNT(*) FROM patent_applications") == 1


def test_an_approved_patent_corrected_out_of_the_window_can_have_its_approval_withdrawn(
        window, qtbot, reg, answers):
    """The grant date was typed wrong and the patent approved; the right date is outside
    the year's window. The correction re-judges it 不合格, the clerk is told that the
    award still stands, and 改变状态 withdraws it (资格审核不通过, with the reason) before
    anything is paid: its payment lines go, and 张三 may be awarded for another patent."""
    from boostdesk.ui.status_dialog import StatusDialog

    app_id = a_paid_patent(reg, pay=False)
    assert len(payment_lines(reg, 2022, app_ids=[app_id])) == 2
    screen, form = open_form(qtbot, window, app_id)
    retype(qtbot, form, "grant_date", "2020-12-30")
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    assert any("已核准" in q and "资格审核不通过" in q for q in answers.questions), \
        answers.questions
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app_id,)) == 0

    dialog = StatusDialog(window.ctx, PATENT, app_id, screen)
    qtbot.addWidget(dialog)
    assert dialog.select("refused"), dialog.targets
    dialog.reason.setText("授权公告日更正为2020-12-30，不在2021年度期间")
    dialog.accept()
    assert not answers.errors, answers.errors
    app = reg.patent(app_id)
    assert app.status == "refused" and app.award_fen is None
    sync_plan(reg, 2022)
    assert payment_lines(reg, 2022, app_ids=[app_id]) == []
    assert reg.status_history(PATENT, app_id)[-1]["reason"].startswith("授权公告日更正")


def test_an_approval_cannot_be_withdrawn_once_a_payer_has_paid(reg):
    import pytest

    from boostdesk.models import RegisterError

    app_id = a_paid_patent(reg, pay=False)
    line = payment_lines(reg, 2022, app_ids=[app_id])[0]
    record_paid(reg, line.id, date(2023, 1, 10), "记-2023-0001")
    assert reg.patent(app_id).status == "approved"  # the other payer has not paid yet
    with pytest.raises(RegisterError, match="已登记拨付 1 笔"):
        reg.set_status(PATENT, app_id, "refused", "授权公告日录错")
    assert reg.patent(app_id).status == "approved"
    assert len(payment_lines(reg, 2022, app_ids=[app_id])) == 2


def test_a_paper_typed_under_last_year_is_moved_to_this_year_and_judged_there(
        window, qtbot, reg, answers):
    """The year box was left on 2022 (finance paying last year's tranches) and a 2023 paper
    was typed: its 2022 grant date is outside 2022's window, so it reads 不合格. 移到其他年度
    puts it in 2023, judged by 2023's plan, in the audit trail; Ctrl+Z puts it back."""
    from boostdesk.models import plan_2022

    reg.save_campaign(plan_2022().for_year(2023))
    app_id = reg.save_patent(PatentApplication(
        2022, title="一种焊缝检测装置", patent_number_raw=INVENTION, grant_date=date(2022, 5, 11),
        inventor_name="张三", id_number=ID_1, card_number=CARD_1, unit_name="北京市海淀区总工会",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True))
    refresh(reg, 2022)
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app_id,)) == 0
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(app_id)
    answers.choice = 0  # the newest year is offered first
    screen.move_to_year()

    assert not answers.errors, answers.errors
    assert answers.choices == [["2023 年度"]]
    assert reg.patent(app_id).campaign_year == 2023
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app_id,)) == 1
    assert reg.audit_trail("patent_applications", app_id)[-1]["after"] == {"campaign_year": 2023}
    screen.reload()
    assert not screen.select_id(app_id)  # no longer in 2022's list

    window.ctx.undo_stack.undo()
    assert reg.patent(app_id).campaign_year == 2022
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app_id,)) == 0


def test_an_approved_application_is_not_moved_to_another_year(ctx, reg, answers):
    from boostdesk.models import plan_2022
    from boostdesk.ui import operations

    reg.save_campaign(plan_2022().for_year(2023))
    app_id = a_paid_patent(reg, pay=False)
    result = operations.move_to_year(ctx, PATENT, app_id, 2023)
    assert not result.ok and "不能移到其他年度" in result.error
    assert reg.patent(app_id).campaign_year == 2022


def _unit_row(screen, name):
    return next(i for i, row in enumerate(screen.units.rows) if row[1][0] == name)


def test_two_spellings_of_one_union_are_merged_in_units_and_people_and_undone(
        window, qtbot, reg, answers):
    """Papers came as 北京市海淀区总工会 and as 海淀区总工会 (one of them paid): 单位与人员 →
    推荐单位 → Enter, the name changed to the other spelling merges them (asked first);
    every paper, its search text and the payment lines name the one union; Ctrl+Z parts
    them again exactly."""
    paid = a_paid_patent(reg, unit="海淀区总工会")
    other = a_patent(reg, number=INVENTION_2, name="李四", id_number=ID_2, card=CARD_2)
    assert reg.patent(other).unit_name == "北京市海淀区总工会"
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.unit_view.selectRow(_unit_row(screen, "海淀区总工会"))
    dialog = screen.edit_current()
    dialog.new_name.setText("北京市海淀区总工会")
    dialog.reason.setText("同一工会的两种写法")  # its paid share's list was stamped
    dialog.accept()

    assert not answers.errors, answers.errors
    assert any("并入" in q and "专利申报 1 项" in q for q in answers.questions), answers.questions
    assert reg.patent(paid).unit_name == "北京市海淀区总工会"
    assert reg.scalar("SELECT COUNT(*) FROM units") == 1
    assert {x.payer_name for x in payment_lines(reg, 2022, app_ids=[paid])} >= {
        "北京市海淀区总工会"}
    assert "北京市海淀区" in reg.scalar(
        "SELECT search_text FROM patent_applications WHERE id = ?", (paid,))
    assert [row[1][0] for row in screen.units.rows] == ["北京市海淀区总工会"]

    window.ctx.undo_stack.undo()
    assert reg.patent(paid).unit_name == "海淀区总工会"
    assert reg.patent(other).unit_name == "北京市海淀区总工会"
    assert reg.scalar("SELECT search_text FROM patent_applications WHERE id = ?",
                      (paid,)).count("北京市海淀区") == 0
    window.ctx.undo_stack.redo()
    assert reg.patent(paid).unit_name == "北京市海淀区总工会"


def test_a_misspelt_union_is_renamed_on_every_paper(window, qtbot, reg, answers):
    app_id = a_patent(reg)
    reg.conn.execute("UPDATE units SET name = '北京市海定区总工会'")
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.unit_view.selectRow(0)
    dialog = screen.edit_current()
    dialog.new_name.setText("北京市海淀区总工会")
    dialog.accept()
    assert not answers.errors and not answers.questions
    assert reg.patent(app_id).unit_name == "北京市海淀区总工会"
    trail = reg.audit_trail("units", reg.scalar("SELECT id FROM units"))
    assert trail[-1]["after"] == {"name": "北京市海淀区总工会"}


def test_an_earlier_award_typed_under_a_misspelt_studio_is_merged_and_bars_it(
        window, qtbot, reg, answers):
    """录入往年助推 typed the 2021 award (not accepted) under 李红兵劳模创新工作 — a
    character short — so the 2022 project of 李红兵劳模创新工作室 passed 二（一）. 工作室 →
    修改, the name changed to the right one, merges the two: the award bars the project at
    once; Ctrl+Z parts them again."""
    from boostdesk.models.records import ProjectApplication, StudioAward
    from boostdesk.ui.studio_screen import StudioDialog

    reg.add_studio_award(StudioAward("李红兵劳模创新工作", 2021, "数控改造", 100_000_00, False))
    app_id = reg.save_project(ProjectApplication(
        2022, title="转炉终点碳温预测", studio_name="李红兵劳模创新工作室", studio_level="city",
        leader="李红兵", unit_name="首钢集团工会", requested_fen=100_000_00,
        total_budget_fen=300_000_00))
    refresh(reg, 2022)

    def barred() -> bool:
        text = reg.scalar("SELECT findings FROM project_applications WHERE id = ?", (app_id,))
        return "未完成结题验收" in text

    assert not barred()
    dialog = StudioDialog(window.ctx, reg.studio("李红兵劳模创新工作"))
    qtbot.addWidget(dialog)
    dialog.name.setText("李红兵劳模创新工作室")
    dialog.accept()

    assert not answers.errors, answers.errors
    assert any("并入" in q for q in answers.questions), answers.questions
    assert reg.studio("李红兵劳模创新工作") is None
    assert [a.studio_name for a in reg.studio_awards()] == ["李红兵劳模创新工作室"]
    assert barred()
    window.ctx.undo_stack.undo()
    assert [a.studio_name for a in reg.studio_awards()] == ["李红兵劳模创新工作"]
    assert not barred()


def test_a_misspelt_studio_is_renamed_with_its_projects(ctx, qtbot, reg, answers):
    from boostdesk.models.records import ProjectApplication
    from boostdesk.ui.studio_screen import StudioDialog

    app_id = reg.save_project(ProjectApplication(
        2022, title="转炉终点碳温预测", studio_name="李红兵劳模创薪工作室", leader="李红兵"))
    dialog = StudioDialog(ctx, reg.studio("李红兵劳模创薪工作室"))
    qtbot.addWidget(dialog)
    dialog.name.setText("李红兵劳模创新工作室")
    dialog.accept()
    assert not answers.errors and not answers.questions
    assert reg.project(app_id).studio_name == "李红兵劳模创新工作室"
    assert "创新" in reg.scalar("SELECT search_text FROM project_applications WHERE id = ?",
                                (app_id,))


def test_a_projects_studio_name_corrected_in_the_form_leaves_no_empty_studio(ctx, reg):
    """The project was typed under 甲工作事 and corrected to 甲工作室: 工作室 must not keep
    an empty 甲工作事 (offered by the completer, counted, and a trap for the next paper)."""
    from dataclasses import replace

    from boostdesk.models.records import ProjectApplication
    from boostdesk.ui import operations

    app_id = reg.save_project(ProjectApplication(
        2022, title="转炉终点碳温预测", studio_name="甲工作事", studio_level="district",
        leader="李红兵"))
    fixed = replace(reg.project(app_id), studio_name="甲工作室")
    assert operations.save_application(ctx, fixed).ok
    assert [s.name for s in reg.studios()] == ["甲工作室"]
    ctx.undo_stack.undo()
    assert reg.project(app_id).studio_name == "甲工作事"
    assert [s.name for s in reg.studios()] == ["甲工作事"]
    assert reg.studio("甲工作事").level == "district"


def test_a_refused_paper_deleted_and_brought_back_keeps_its_status_history(ctx, reg):
    """删除 then Ctrl+Z: the paper comes back refused, and 状态历史 still says who refused it,
    when and why (the reason the unit will ask about)."""
    from boostdesk.ui import operations

    app_id = a_patent(reg)
    reg.set_status(PATENT, app_id, "refused", "实用新型专利，不属于助推范围")
    history = [(h["from_status"], h["to_status"], h["reason"], h["operator"])
               for h in reg.status_history(PATENT, app_id)]
    assert operations.delete_application(ctx, PATENT, app_id).ok
    ctx.undo_stack.undo()
    [back] = reg.patents(2022)
    assert back.status == "refused"
    assert [(h["from_status"], h["to_status"], h["reason"], h["operator"])
            for h in reg.status_history(PATENT, back.id)] == history
    ctx.undo_stack.redo()
    assert reg.patents(2022) == []


def test_a_paid_inventors_misspelt_name_is_corrected_on_the_people_screen(
        window, qtbot, reg, answers):
    """The register spelt him 张三, his ID card says 张叁, and his award is paid: no paper
    or table may rename a paid inventor, so the 人员 tab corrects it (Enter on his row),
    with a reason, on every paper and list; Ctrl+Z puts it back."""
    app_id = a_paid_patent(reg)
    screen, dialog = person_dialog(qtbot, window, "张三")
    assert dialog is not None and dialog.new_name.text() == "张三"
    type_text(qtbot, "张叁", dialog.new_name)  # typed over the selected name
    dialog.accept()
    assert answers.errors[-1][1] == "请写明更正原因，它记入修改记录"
    assert reg.patent(app_id).inventor_name == "张三"
    type_text(qtbot, "身份证复印件为张叁", dialog.reason)
    dialog.accept()

    assert "已登记拨付" in answers.questions[-1] and "金额和卡号不变" in answers.questions[-1]
    # one paper, its two payers' parts paid: one paper, not one per payment
    assert "“张三”的 1 项申报已登记拨付" in answers.questions[-1]
    assert "共 1 项申报随之更正" in answers.questions[-1]
    assert reg.patent(app_id).inventor_name == "张叁"
    assert {x[1] for x in payers(reg, app_id)} == {"张叁"}
    assert reg.audit_trail("people", reg.patent(app_id).person_id)[-1]["after"] == {
        "name": "张叁", "reason": "身份证复印件为张叁"}
    window.ctx.undo_stack.undo()
    assert reg.patent(app_id).inventor_name == "张三"


def person_dialog(qtbot, window, name: str, modifier=Qt.KeyboardModifier.NoModifier):
    """单位与人员 → 人员: ``name`` searched, the first found chosen, Enter (the name's
    correction; Ctrl+Enter the ID number's): the screen and the dialog it opened."""
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)  # 人员: Ctrl+F searches the tab in view
    screen.focus_search()
    type_text(qtbot, name)
    screen._search_now()
    screen.people_view.setFocus()
    screen.people_view.setCurrentIndex(screen.people.index(0, 0))
    press(qtbot, Qt.Key.Key_Return, modifier, widget=screen.people_view)
    return screen, screen.current_form


def test_a_union_renamed_to_a_run_on_name_is_refused_and_nothing_changes(
        window, qtbot, reg, answers):
    """单位与人员 → 推荐单位's 名称 took a name with a date in it (the paper's fields run on
    into the box), which the form and the import refuse: registered, it named the union
    on every list."""
    app_id = a_patent(reg)
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.unit_view.selectRow(0)
    dialog = screen.edit_current()
    dialog.new_name.selectAll()
    type_text(qtbot, "北京市海淀区总工会2022-10-17张三", dialog.new_name)
    dialog.accept()
    assert any("不像单位名称" in text for _title, text in answers.errors), answers.errors
    assert reg.patent(app_id).unit_name == "北京市海淀区总工会"
    assert reg.scalar("SELECT COUNT(*) FROM units") == 1


def test_a_paid_union_renamed_to_a_run_on_name_is_refused_before_any_question(
        window, qtbot, reg, answers):
    """The window asked 推荐单位改名：把…改名为…？ with the payments listed, and only after
    改名 said 未更正：…不像单位名称 (the command line refuses at once)."""
    paid = a_paid_patent(reg, unit="海淀区总工会")
    screen = window.screen_named("单位与人员")
    screen.reload()
    screen.unit_view.selectRow(_unit_row(screen, "海淀区总工会"))
    dialog = screen.edit_current()
    dialog.new_name.selectAll()
    type_text(qtbot, "海淀区总工会22-5-10", dialog.new_name)
    dialog.reason.setText("录错")
    dialog.accept()
    assert not answers.questions, answers.questions
    assert any("不像单位名称" in text for _title, text in answers.errors), answers.errors
    assert reg.patent(paid).unit_name == "海淀区总工会"


def test_a_title_in_brackets_is_refused_by_the_correction_and_one_stored_is_undone_whole(
        window, qtbot, reg, answers):
    """人员 → 更正姓名 wrote 李红兵（高级工程师） on every paper while the papers drop the title
    (IT's tester, stop 47): refused now, saying where it goes. A name stored with one by an
    import before the papers dropped it is corrected to the name alone, and Ctrl+Z puts it
    back as it was — the undo is not refused for the bracket it restores."""
    app_id = a_paid_patent(reg, name="李红兵")
    person = reg.patent(app_id).person_id
    with reg.transaction():  # as an import before stop 47 stored it
        reg.conn.execute("UPDATE people SET name = '李红兵（高级工程师）' WHERE id = ?", (person,))
    _screen, dialog = person_dialog(qtbot, window, "李红兵")
    assert dialog.new_name.text() == "李红兵（高级工程师）"
    type_text(qtbot, "李红兵（正高级工程师）", dialog.new_name)
    type_text(qtbot, "身份证复印件", dialog.reason)
    dialog.accept()
    [(title, said)] = answers.errors
    assert "括号中的“正高级工程师”不是姓名，请只填“李红兵”" in said and "备注" in said
    assert reg.patent(app_id).inventor_name == "李红兵（高级工程师）"
    dialog.new_name.selectAll()
    type_text(qtbot, "李红兵", dialog.new_name)
    dialog.accept()
    assert reg.patent(app_id).inventor_name == "李红兵"
    window.ctx.undo_stack.undo()
    assert answers.errors == [(title, said)]  # the undo said nothing
    assert reg.patent(app_id).inventor_name == "李红兵（高级工程师）"
    window.ctx.undo_stack.redo()
    assert reg.patent(app_id).inventor_name == "李红兵"
