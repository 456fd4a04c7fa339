"""设置 in the second year: the plan edited is the year in view, and an earlier year's plan
(still being approved and paid) is not changed by a save meant for the new year."""

from __future__ import annotations

from test_ui_support import answers, ctx, qsettings, window

from boostdesk.models import plan_2022

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_saving_an_earlier_years_plan_asks_first_naming_both_years(window, reg, ctx, answers):
    reg.save_campaign(plan_2022().for_year(2023))
    screen = window.screen_named("设置")
    ctx.set_year(2022)  # left on 2022 after paying its second tranche
    assert screen.patent_award.text() == "3,000.00"
    screen.patent_award.setText("5000")  # meant for 2023
    answers.yes = False
    assert not screen.save_campaign()
    assert answers.questions and "2022 年度" in answers.questions[-1]
    assert "2023 年度" in answers.questions[-1]
    assert reg.campaign(2022) == plan_2022()
    assert "未保存" in screen.campaign_message.text()
    answers.yes = True
    assert screen.save_campaign()
    assert reg.campaign(2022).patent_award_fen == 5000_00


def test_saving_the_newest_years_plan_asks_nothing(window, reg, ctx, answers):
    reg.save_campaign(plan_2022().for_year(2023))
    screen = window.screen_named("设置")
    ctx.set_year(2023)
    screen.patent_award.setText("5000")
    assert screen.save_campaign()
    assert answers.questions == []
    assert (reg.campaign(2023).patent_award_fen, reg.campaign(2022).patent_award_fen) == (
        5000_00, 3000_00)


def test_a_new_paper_typed_in_an_earlier_year_says_so(window, reg, ctx, qtbot):
    """The year box left on 2022 after paying its tranches: a new paper would go into 2022's
    plan and window. The form says so at its top; in 2023 it says nothing."""
    from PySide6.QtWidgets import QLabel

    from boostdesk.ui.patent_form import PatentForm

    reg.save_campaign(plan_2022().for_year(2023))
    for year, warned in ((2022, True), (2023, False)):
        ctx.set_year(year)
        form = PatentForm(ctx, parent=window)
        qtbot.addWidget(form)
        note = form.findChild(QLabel, "older_year_note")
        assert (note is not None) == warned
        if warned:
            assert "正在录入 2022 年度" in note.text() and "2023 年度" in note.text()


def test_a_corrected_patent_award_in_settings_reaches_the_approved_patents_and_undoes(
        window, reg, ctx, answers):
    """The new year copied from last year's plan (¥3,000.00), patents approved under it, then
    this year's ¥5,000.00 typed into 设置: the approved patents take it, and 设置 says so."""
    from datetime import date

    from boostdesk.models.records import PATENT, PatentApplication

    reg.save_campaign(plan_2022().for_year(2023))
    app_id = reg.save_patent(PatentApplication(
        2023, title="一种焊缝缺陷的超声检测方法", patent_number_raw="ZL202210123456.3",
        grant_date=date(2022, 3, 5), inventor_name="张建华", id_number="110108198506150021",
        card_number="6215590200001234567", unit_name="北京市海淀区总工会"))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2023, 12, 1))
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    screen.patent_award.setText("5000")
    assert screen.save_campaign()
    assert reg.patent(app_id).award_fen == 5000_00
    assert "已核准尚未拨付的 1 项专利，助推金额随之改为 ¥5,000.00" in screen.campaign_message.text()
    ctx.undo_stack.undo()
    assert reg.patent(app_id).award_fen == 3000_00
    assert reg.campaign(2023).patent_award_fen == 3000_00


def test_settings_refuses_a_title_without_its_federation_and_names_the_years_federation(
        window, reg, ctx, answers):
    reg.save_campaign(plan_2022().for_year(2023).with_changes(
        title="天津市总工会2023年职工创新助推计划"))
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    assert screen.federation.placeholderText() == "天津市总工会"  # was 北京市总工会 every year
    screen.title.setText("2023年职工创新助推计划")
    assert not screen.save_campaign()
    assert "计划名称应以发文的总工会名称开头" in screen.campaign_message.text()
    assert reg.campaign(2023).title == "天津市总工会2023年职工创新助推计划"
    answers.yes = False  # 放弃并切换: the refused title not kept
    assert ctx.set_year(2022)
    assert screen.federation.placeholderText() == "北京市总工会"


def test_the_forms_examples_are_the_years_own(window, reg, ctx, qtbot):
    """A 2023 plan whose patent window is 2022-03-01 … 2023-02-28 and whose fields are
    人工智能 and 新材料: the forms' examples (如 …) were 2022's (2021-03-05, 智能装备), a
    grant date the year refuses and a field it does not name."""
    from datetime import date

    from boostdesk.ui.patent_form import PatentForm
    from boostdesk.ui.project_form import ProjectForm

    reg.save_campaign(plan_2022().for_year(2023).with_changes(
        grant_window_start=date(2022, 3, 1), grant_window_end=date(2023, 2, 28),
        submission_deadline=date(2023, 10, 18), priority_industries=("人工智能", "新材料")))
    ctx.set_year(2023)
    patent = PatentForm(ctx, parent=window)
    qtbot.addWidget(patent)
    hints = {k: row.editor.placeholderText() for k, row in patent.rows.items()}
    assert hints["grant_date"] == "如 2022-03-05"
    assert hints["received_date"] == "如 2023-10-11"
    assert hints["industry"] == "如 人工智能"
    project = ProjectForm(ctx, parent=window)
    qtbot.addWidget(project)
    hints = {k: row.editor.placeholderText() for k, row in project.rows.items()}
    assert (hints["approval_date"], hints["planned_completion"]) == ("如 2023-03-05",
                                                                      "如 2024-06-30")


def test_the_requested_amounts_example_is_the_years_tiers(window, reg, ctx, qtbot):
    """2023's tiers are 12万 / 6万 / 4万: the project form's 申请助推金额 said 如 30 (万元),
    no tier of any year's plan, where the year's blank table names its tiers."""
    from boostdesk.campaign_settings import apply_settings
    from boostdesk.ui.project_form import ProjectForm

    reg.save_campaign(apply_settings(plan_2022().for_year(2023), [
        ("tiers", "12万元:120000:8:市级；6万元:60000:25:市级；4万元:40000:60:区级")]))
    for year, example in ((2023, "本年度各档 12、6、4"), (2022, "本年度各档 10、5、3")):
        ctx.set_year(year)
        form = ProjectForm(ctx, parent=window)
        qtbot.addWidget(form)
        assert form.rows["requested_fen"].editor.placeholderText() == example


def test_the_name_typed_in_settings_does_not_replace_the_federation_a_years_plan_names(
        window, reg, ctx, qsettings):
    """设置's 单位名称 is one for every year: typed for 2023's 天津市总工会, it printed on 2022's
    sheets of 北京市总工会 too. It fills in only a plan title naming no federation, and the
    screen says whose name the year in view prints."""
    from PySide6.QtWidgets import QLabel

    reg.save_campaign(plan_2022().for_year(2023).with_changes(
        title="天津市总工会2023年职工创新助推计划"))
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    screen.federation.setText("天津市总工会")
    screen.federation.editingFinished.emit()
    assert qsettings.value("print/federation_name") == "天津市总工会"
    note = screen.findChild(QLabel, "federation_note")
    assert "2023 年度" in note.text() and "天津市总工会" in note.text()
    ctx.set_year(2022)
    assert "2022 年度" in note.text() and "北京市总工会" in note.text()
    assert "天津" not in note.text()
    job = window.screen_named("打印").current_job()
    assert job.federation == "天津市总工会"  # passed on, and used only where no title names one
    reg.save_campaign(reg.campaign(2022).with_changes(title="2022年职工创新助推计划"))
    ctx.set_year(2023)
    ctx.set_year(2022)
    assert "未写明" in note.text() and "天津市总工会" in note.text()


def test_ctrl_9_from_a_field_lands_on_a_setting_the_keyboard_can_see(window, qtbot):
    """From a focused control, Ctrl+9 left the keyboard on 设置's scroll area, which shows
    no focus: the next keys went nowhere visible."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication
    from test_ui_support import press

    index = next(i for i in range(window.nav.count()) if window.nav.item(i).text() == "设置")
    window.show_screen(0)
    window.screens[0].search.setFocus()
    press(qtbot, Qt.Key.Key_1 + index, Qt.KeyboardModifier.ControlModifier, window)
    screen = window.screen_named("设置")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is screen)
    focus = QApplication.focusWidget()
    assert focus is not None and screen.isAncestorOf(focus)
    assert not isinstance(focus, QAbstractScrollArea), focus


def test_a_changed_split_in_settings_says_what_the_approved_patents_now_print(
        window, reg, ctx, answers):
    """设置 said nothing when a split changed the amounts of approved, unpaid awards."""
    from datetime import date

    from boostdesk.models.records import PATENT, PatentApplication

    app_id = reg.save_patent(PatentApplication(
        2022, title="一种焊缝缺陷的超声检测方法", patent_number_raw="ZL202210123456.3",
        grant_date=date(2022, 3, 5), inventor_name="张建华", id_number="110108198506150021",
        card_number="6215590200001234567", unit_name="北京市海淀区总工会"))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 12, 1))
    screen = window.screen_named("设置")
    screen.patent_split.setText("2:1")
    assert screen.save_campaign()
    assert reg.campaign(2022).patent_split == (2, 1)
    assert "已核准尚未拨付的 1 项专利，市总工会与推荐工会的分担随之改为 2:1（审批表和拨付清单请重新打印）" \
        in screen.campaign_message.text()


def test_a_split_changing_a_printed_approval_sheet_is_asked_in_settings_and_recorded(
        window, reg, ctx, answers, qtbot):
    """An approved award whose 审批表 was printed (signed, sealed): a split typed in 设置
    changed its amounts with only 审批表和拨付清单请重新打印 said after saving."""
    from datetime import date

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    from boostdesk.models.records import PATENT, PatentApplication
    from boostdesk.printing import print_log

    app_id = reg.save_patent(PatentApplication(
        2022, title="一种焊缝缺陷的超声检测方法", patent_number_raw="ZL202210123456.3",
        grant_date=date(2022, 3, 5), inventor_name="张建华", id_number="110108198506150021",
        card_number="6215590200001234567", unit_name="北京市海淀区总工会"))
    reg.set_status(PATENT, app_id, "qualified")
    reg.set_status(PATENT, app_id, "approved", award_fen=3000_00, approved_date=date(2022, 12, 1))
    key = print_log.sheet_key(PATENT, app_id)
    print_log.record(reg, print_log.PrintJob(print_log.APPROVAL, 2022, [key], [f"专利{app_id}"]))
    screen = window.screen_named("设置")
    screen.patent_split.selectAll()
    qtbot.keyClicks(screen.patent_split, "1:2")
    save = screen.findChild(QPushButton, "save_campaign")
    answers.yes = False  # 返回修改
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert answers.questions, "nothing asked"
    asked = "".join(answers.questions[-1].split())
    assert "1项已核准申报的审批表已打印（已签发），金额随之改变，原件作废" in asked, asked
    assert "¥3,000.00（市总工会¥1,500.00、推荐工会¥1,500.00）→¥3,000.00（市总工会¥1,000.00、" \
           "推荐工会¥2,000.00）" in asked, asked
    assert reg.campaign(2022).patent_split == plan_2022().patent_split
    assert "未保存" in screen.campaign_message.text()
    answers.yes = True
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert reg.campaign(2022).patent_split == (1, 2)
    assert "1 项已核准申报的审批表已打印（已签发），金额随之改变" in screen.campaign_message.text()
    assert print_log.marks(reg, [key])[key].startswith("重新打印（内容已变更，")


def test_no_gap_is_left_above_the_omitted_materials_when_the_tie_rule_unlocks(
        window, reg, ctx, qtbot, monkeypatch):
    """A new year made from a published one: the hidden 同分规则 reason stayed a large
    empty gap between 同分规则 and 专利申报不再要求 until the next event (the screen
    grabbed or read at once, after 新建下一年度 and after saving, showed it)."""
    from boostdesk.ui import settings_screen

    reg.save_campaign(plan_2022().for_year(2023))
    why = "2022 年度拟助推名单已公示，同分规则不能再改：已公示项目和后续批次的排名都按原规则"
    monkeypatch.setattr(settings_screen, "tie_rule_locked",
                        lambda _conn, _cid, year: why if year == 2022 else "")
    ctx.set_year(2022)
    screen = window.screen_named("设置")  # shown
    qtbot.waitUntil(lambda: screen.tie_locked.isVisible())
    qtbot.wait(50)
    ctx.set_year(2023)  # no event in between, as a script or 新建下一年度 does it

    def top(w):
        return w.mapTo(screen, w.rect().topLeft()).y()

    box = next(iter(screen.omitted["patent"].values()))
    gap = top(box) - (top(screen.tie_steps) + screen.tie_steps.height())
    assert not screen.tie_locked.isVisible()
    assert gap < screen.tie_steps.height(), gap
