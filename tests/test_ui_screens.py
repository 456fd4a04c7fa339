"""工作室, 单位与人员 and 设置."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.models import CITY, DISTRICT
from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.rules import refresh
from boostdesk.safety.privacy import mask_card_grouped

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_studios_show_level_model_flag_and_earlier_awards(window, reg, qtbot, answers):
    from boostdesk.models.records import StudioAward

    reg.save_project(ProjectApplication(2022, title="数控机床精度补偿", studio_name="李四工作室",
                                        studio_level=DISTRICT, leader="李四",
                                        unit_name="北京市朝阳区总工会"))
    reg.add_studio_award(StudioAward("李四工作室", 2020, "旧项目", 30_000_00, accepted=False))
    screen = window.screen_named("工作室")
    cells = screen.model.rows[0][1]
    assert cells[:5] == ("李四工作室", "区/局/集团级", "", "李四", "1")
    assert cells[6] == "北京市朝阳区总工会"
    assert "2020年¥30,000.00（未验收）" in cells[5]
    assert "未验收" in screen.detail.toPlainText()


def test_a_studio_level_is_corrected_and_the_projects_rechecked(window, reg, qtbot, answers):
    app_id = reg.save_project(ProjectApplication(
        2022, title="数控机床精度补偿", studio_name="李四工作室", studio_level=DISTRICT,
        requested_fen=100_000_00, total_budget_fen=300_000_00))
    refresh(reg, 2022)
    screen = window.screen_named("工作室")
    screen.table.selectRow(0)
    dialog = screen.edit_current()
    dialog.level.setFocus()
    press(qtbot, Qt.Key.Key_1, widget=dialog.level)  # 1 = 市级
    press(qtbot, Qt.Key.Key_Y, widget=dialog.model_studio)
    dialog.accept()
    studio = reg.studios()[0]
    assert (studio.level, studio.model_studio) == (CITY, True)
    assert reg.project(app_id).studio_level == CITY
    window.ctx.undo_stack.undo()
    assert reg.studios()[0].level == DISTRICT


def test_people_are_listed_with_masked_numbers_and_found_by_fragment(window, reg, answers):
    reg.save_patent(PatentApplication(2022, title="甲", patent_number_raw=INVENTION,
                                      inventor_name="张三", id_number=ID_1, card_number=CARD_1,
                                      enterprise_name="北京某某科技有限公司"))
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)  # 人员: its people are read once it is in view
    people = screen.people
    assert people.rowCount() == 1
    shown = [people.data(people.index(0, c)) for c in range(people.columnCount())]
    assert shown[0] == "张三"
    assert shown[1] == f"{ID_1[:6]}********{ID_1[-4:]}"
    assert shown[2] == mask_card_grouped(CARD_1)  # 6217 **** **** 5670, as the documents
    assert ID_1 not in " ".join(shown) and CARD_1 not in " ".join(shown)
    people.search("某某")
    assert people.rowCount() == 1
    people.search("王")
    assert people.rowCount() == 0


def test_a_unit_kind_is_changed_from_the_keyboard(window, reg, qtbot, answers):
    reg.save_patent(PatentApplication(2022, title="甲", unit_name="北京市建设工会"))
    screen = window.screen_named("单位与人员")
    screen.unit_view.selectRow(0)
    dialog = screen.edit_current()
    dialog.kind.setCurrentText("产业")
    dialog.accept()
    assert reg.scalar("SELECT kind FROM units WHERE name = '北京市建设工会'") == "产业"


def test_a_group_union_s_kind_is_shown_and_chosen_as_the_plan_writes_it(window, reg, qtbot,
                                                                        answers):
    """集团（公司）, full-width brackets as in the plan: the list, the dialog, the hint."""
    reg.save_patent(PatentApplication(2022, title="甲", unit_name="首钢集团工会"))
    screen = window.screen_named("单位与人员")
    assert screen.units.rows[0][1][:2] == ("首钢集团工会", "集团（公司）")
    assert any("局、集团（公司）、高等院校" in label.text() for label in screen.findChildren(QLabel))
    screen.unit_view.selectRow(0)
    dialog = screen.edit_current()
    assert dialog.kind.currentText() == "集团（公司）"
    assert "集团(公司)" not in [dialog.kind.itemText(i) for i in range(dialog.kind.count())]
    dialog.kind.setCurrentText("产业")
    dialog.accept()
    window.ctx.undo_stack.undo()
    assert reg.scalar("SELECT kind FROM units WHERE name = '首钢集团工会'") == "集团（公司）"


def test_campaign_parameters_are_edited_and_saved(window, reg, ctx, qtbot, answers):
    reg.save_patent(PatentApplication(2022, title="甲", patent_number_raw=INVENTION,
                                      inventor_name="张三", card_number=CARD_1,
                                      received_date=date(2022, 11, 5)))
    refresh(reg, 2022)
    screen = window.screen_named("设置")
    screen.deadline.setFocus()
    screen.deadline.selectAll()
    type_text(qtbot, "2022年11月10日", screen.deadline)
    assert screen.save_campaign()
    assert reg.campaign(2022).submission_deadline == date(2022, 11, 10)
    codes = [f["code"] for f in queries_findings(reg)]
    assert "LATE_SUBMISSION" not in codes  # re-checked with the new deadline
    ctx.undo_stack.undo()
    assert reg.campaign(2022).submission_deadline == date(2022, 11, 1)


def queries_findings(reg):
    import json

    return json.loads(reg.scalar("SELECT findings FROM patent_applications"))


def test_a_wrong_parameter_is_refused_with_the_field_named(window, reg, answers):
    screen = window.screen_named("设置")
    screen.shares.setText("60,30")
    assert not screen.save_campaign()
    assert "之和应为 100" in screen.campaign_message.text()
    screen.shares.setText("60,40")
    screen.patent_split.setText("1比")
    assert not screen.save_campaign()
    assert "专利分担比例" in screen.campaign_message.text()


def test_parameters_that_contradict_each_other_are_refused_as_the_command_line_does(
        window, reg, answers):
    screen = window.screen_named("设置")
    screen.max_awards.setValue(3)  # more awards than applications a studio may send
    assert not screen.save_campaign()
    assert "多于最多申报的项数（2）" in screen.campaign_message.text()
    screen.max_awards.setValue(1)
    screen.shares.setText("100,0")
    assert not screen.save_campaign()
    assert "每一期都应大于 0" in screen.campaign_message.text()
    screen.shares.setText("50,30,20")  # 方案二（四）4: first tranche, then the rest
    assert not screen.save_campaign()
    assert "分期比例应为两期" in screen.campaign_message.text()
    assert reg.campaign(2022).tranche_shares == (60, 40)


def test_next_year_is_created_by_copying(window, reg, ctx, answers):
    screen = window.screen_named("设置")
    assert screen.new_campaign()
    assert reg.campaign_years() == [2022, 2023]
    assert ctx.year == 2023
    c = reg.campaign(2023)
    assert c.submission_deadline == date(2023, 11, 1) and c.approval_year == 2023
    assert window.year_box.currentData() == 2023


def test_a_tier_is_added_typed_in_place_and_removed(window, reg, ctx, qtbot, answers):
    from test_ui_support import fill

    from boostdesk.models.campaign import Tier

    screen = window.screen_named("设置")
    before = reg.campaign(2022).tiers
    qtbot.mouseClick(screen.add_tier_button, Qt.MouseButton.LeftButton)
    # the new tier's name cell is open for typing
    qtbot.waitUntil(lambda: screen.tier_view.state() == screen.tier_view.State.EditingState)
    fill(qtbot, "四档", "20000", "5", "市级")
    assert screen.save_campaign(), screen.campaign_message.text()
    assert reg.campaign(2022).tiers == (*before, Tier("四档", 20_000_00, 5, CITY))

    screen.tier_view.setCurrentIndex(screen.tier_model.index(len(before), 1))
    qtbot.mouseClick(screen.remove_tier_button, Qt.MouseButton.LeftButton)
    assert screen.save_campaign()
    assert reg.campaign(2022).tiers == before
    ctx.undo_stack.undo()  # each save is undoable
    assert reg.campaign(2022).tiers == (*before, Tier("四档", 20_000_00, 5, CITY))


def test_the_last_tier_cannot_go(window, reg, answers):
    screen = window.screen_named("设置")
    for _ in range(screen.tier_model.rowCount()):
        screen.tier_view.setCurrentIndex(screen.tier_model.index(0, 0))
        screen.remove_tier()
    assert not screen.save_campaign()
    assert "至少要有一档" in screen.campaign_message.text()
    assert reg.campaign(2022).tiers  # nothing saved


def test_settings_refuse_new_shares_once_a_payment_of_the_year_is_recorded(window, reg, answers):
    from test_campaign_set import _paid_project

    _paid_project(reg)
    screen = window.screen_named("设置")
    screen.ctx.changed.emit("campaign")  # the screen reads the campaign afresh
    screen.shares.setText("55,45")
    assert not screen.save_campaign()
    assert "2022 年度已登记拨付 1 笔，分期拨付比例不能再改" in screen.campaign_message.text()
    assert reg.campaign(2022).tranche_shares == (60, 40)
    screen.shares.setText("60,40")
    screen.publicity_days.setValue(5)
    assert screen.save_campaign()
    assert reg.campaign(2022).publicity_days == 5
