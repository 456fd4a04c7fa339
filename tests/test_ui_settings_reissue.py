"""设置 for the plan re-issued in 2023: its renumbered clauses and its extra attachment
typed into the screen are what the year's findings cite and what the paper form offers."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QPushButton
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.models import plan_2022
from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]


def _findings(reg, app_id: int) -> list[str]:
    import json

    [row] = reg.query("SELECT findings FROM patent_applications WHERE id = ?", (app_id,))
    return [f["message"] for f in json.loads(row["findings"])]


def _paper_2023(reg, *, frontline: bool, materials: tuple[str, ...]) -> int:
    """2023's plan copied from 2022's, and one 2023 paper under it."""
    reg.save_campaign(plan_2022().for_year(2023))
    return reg.save_patent(PatentApplication(
        2023, title="一种电缆接头测温装置", patent_number_raw="ZL202210123456.3",
        grant_date=date(2022, 3, 5), inventor_name="刘二宝", id_number="110108198506150021",
        card_number="6222000000000000000", frontline=frontline, service_invention=True,
        applied_in_production=True, unit_name="北京市朝阳区总工会",
        materials=dict.fromkeys(materials, True)))


def test_2023s_clause_numbers_and_attachment_typed_in_settings_reach_verdicts_and_form(
        window, reg, ctx, answers, qtbot):
    from boostdesk.ui.patent_form import PatentForm

    app_id = _paper_2023(reg, frontline=False, materials=(
        "form", "certificate", "production_proof", "unit_stamp", "union_stamp"))
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    assert screen.clause_fields["patent_service"].text() == "一（二）2"  # 2022's, to edit
    screen.clause_fields["patent_service"].setText("一（二）3")
    screen.extra_patent_materials.setText("专利年费缴纳凭证")
    assert screen.save_campaign(), screen.campaign_message.text()
    c = reg.campaign(2023)
    assert c.clauses == {"patent_service": "一（二）3"}
    assert c.extra_patent_materials == ("专利年费缴纳凭证",)
    assert reg.campaign(2022) == plan_2022()
    found = _findings(reg, app_id)
    assert "第一发明人不是一线职工（方案一（二）3）" in found
    assert "材料未齐：缺专利年费缴纳凭证（方案一（四）1）" in found

    form = PatentForm(ctx, parent=window)
    qtbot.addWidget(form)
    assert "专利年费缴纳凭证" in form.checks  # the paper's checklist is 2023's

    screen.clause_fields["patent_service"].setText("第三条")
    assert not screen.save_campaign()
    assert "条款编号（职务发明、一线职工、互助服务卡）" in screen.campaign_message.text()
    assert reg.campaign(2023).clauses == {"patent_service": "一（二）3"}

    ctx.undo_stack.undo()  # the verdicts follow the plan back
    assert reg.campaign(2023) == plan_2022().for_year(2023)
    assert "第一发明人不是一线职工（方案一（二）2）" in _findings(reg, app_id)
    assert screen.extra_patent_materials.text() == ""  # 设置 shows the plan undone …
    assert screen.clause_fields["patent_service"].text() == "第三条"  # … the typing kept
    assert "仍保留，尚未保存" in screen.campaign_message.text()
    answers.yes = False  # closing asks about it: 放弃并退出
    window.close()
    assert not window.isVisible() and "放弃这些内容并退出" in answers.questions[-1]


def test_a_2022_item_the_2023_plan_drops_is_unticked_from_the_checklist_in_settings(
        window, reg, ctx, answers, qtbot):
    from boostdesk.ui.patent_form import PatentForm

    app_id = _paper_2023(reg, frontline=True,
                         materials=("form", "certificate", "unit_stamp", "union_stamp"))
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    box = screen.omitted["patent"]["production_proof"]
    assert not box.isChecked() and "form" not in screen.omitted["patent"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(5, box.height() // 2))
    assert screen.save_campaign(), screen.campaign_message.text()
    assert reg.campaign(2023).omitted_patent_materials == ("production_proof",)
    assert not any(m.startswith("材料未齐") for m in _findings(reg, app_id))
    form = PatentForm(ctx, parent=window)
    qtbot.addWidget(form)
    assert "production_proof" not in form.checks and "certificate" in form.checks
    ctx.undo_stack.undo()
    assert "材料未齐：缺企业应用证明（方案一（四）1）" in _findings(reg, app_id)
    assert not screen.omitted["patent"]["production_proof"].isChecked()


def test_attachment_numbers_typed_in_settings_name_the_form_tables_and_hints(
        window, reg, ctx, answers, qtbot):
    """The 2023 plan inserts an attachment before the project forms: 附件4 / 附件5 typed in
    设置 are what the paper form's title, 打印's list, the import dialog and the empty list's
    hint call them; 2022 keeps its numbers."""
    from test_ui_new_office import hint_over

    from boostdesk.ui.import_dialog import ImportDialog
    from boostdesk.ui.project_form import ProjectForm

    reg.save_campaign(plan_2022().for_year(2023))
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    assert screen.attachment_fields["project_form"].text() == "附件3"
    screen.attachment_fields["project_form"].setText("4")
    screen.attachment_fields["project_summary"].setText("附件5")
    assert screen.save_campaign(), screen.campaign_message.text()
    assert reg.campaign(2023).attachments == {"project_form": "附件4", "project_summary": "附件5"}
    assert screen.attachment_fields["project_form"].text() == "附件4"

    form = ProjectForm(ctx, parent=window)
    qtbot.addWidget(form)
    assert form.paper_title().endswith("2023年创新项目助推申报书（附件4）")
    printing = window.screen_named("打印")
    names = [printing.document.itemText(i) for i in range(printing.document.count())]
    assert "汇总表（附件5 项目）" in names and "汇总表（附件2 专利）" in names
    assert "项目汇总表（附件5）" in hint_over(window.screen_named("创新项目").table)
    dialog = ImportDialog(ctx, parent=window)
    qtbot.addWidget(dialog)
    menu = dialog.findChild(QPushButton, "blank_tables").menu()
    assert [a.text() for a in menu.actions()] == ["附件2 专利汇总表(&P)…", "附件5 项目汇总表(&J)…"]
    assert "项目汇总表（附件5）" in dialog.summary.text()

    screen.attachment_fields["patent_summary"].setText("5")  # two of one number
    assert not screen.save_campaign()
    assert "都编为附件5" in screen.campaign_message.text()

    answers.yes = False  # 放弃并切换: the refused number not kept
    assert ctx.set_year(2022)
    assert "汇总表（附件4 项目）" in [printing.document.itemText(i)
                                  for i in range(printing.document.count())]
    assert form.paper_title().endswith("（附件4）")  # the form opened on 2023 stays 2023's


def test_the_patent_conditions_renumbered_in_settings_without_their_items_is_refused(
        window, reg, ctx, answers, qtbot):
    """The 2023 plan moved 助推条件 to 一（三）: typed alone in 设置, the grant window's
    findings would go on citing 2022's 一（二）1 beside 一（三） on the approval sheets."""
    from test_ui_support import type_text

    reg.save_campaign(plan_2022().for_year(2023))
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    save = screen.campaign_bar.findChild(QPushButton, "save_campaign")

    def retype(key: str, number: str) -> None:
        field = screen.clause_fields[key]
        field.selectAll()
        type_text(qtbot, number, field)

    retype("patent_conditions", "一（三）")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    said = screen.campaign_message.text()
    assert "发明专利、授权公告日期间为 一（二）1，不在专利助推条件" in said and "如 一（三）1" in said
    assert reg.campaign(2023).clauses == {}

    for key, number in (("patent_grant", "一（三）1"), ("patent_production", "一（三）1"),
                        ("patent_service", "一（三）2")):
        retype(key, number)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert "已保存 2023 年度计划" in screen.campaign_message.text()
    assert reg.campaign(2023).clause("patent_grant") == "方案一（三）1"
    assert reg.campaign(2022) == plan_2022()
