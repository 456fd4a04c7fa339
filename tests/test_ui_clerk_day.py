"""A day at the intake desk, keyboard only: papers typed as they come, with the slips a
clerk makes, and what the forms let through."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, INVENTION_2
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from test_ui_entry import open_new_form
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models.records import PatentApplication
from boostdesk.validate import tidy_name

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier


def fill(qtbot, *entries: str | None) -> None:
    """Type each entry, then Tab, as the keyboard delivers it: to a completer's list while
    it is open (a Tab sent to the field under it would never reach the list)."""
    for entry in entries:
        if entry:
            type_text(qtbot, entry)
        qtbot.keyClick(QApplication.activePopupWidget() or focused(), Qt.Key.Key_Tab)


def type_project(qtbot, budget: str = "30", requested: str = "10") -> None:
    """A 市级 studio's project paper, field after field as the paper reads."""
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司", "李四职工创新工作室")
    fill(qtbot, "1", "n", "李四", "数控机床精度补偿", "智能装备")
    fill(qtbot, "2022.3.1", "y", "2023年12月31日", budget, requested)
    fill(qtbot, "王五", "138-0013-8000", None, "20221028")


def test_a_budget_and_request_typed_in_yuan_under_wan_are_asked_before_saving(
        window, qtbot, reg, answers):
    # The paper says 项目总投入 600,000 元 and 申请 100,000 元; the form's unit is 万元.
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot, budget="600000", requested="100000")
    answers.yes = False  # 返回修改
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert form.isVisible() and reg.projects(2022) == []
    assert answers.questions and "¥1,000,000,000.00" in answers.questions[-1]
    assert "万元" in answers.questions[-1]
    assert focused() is form.editor("total_budget_fen")
    hint = form.rows["requested_fen"].hint.toolTip()
    assert "金额异常大" in hint, hint


def test_a_request_alone_typed_in_yuan_is_asked_about(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot, budget="60", requested="100000")  # 10亿 asked for a 60万 project
    answers.yes = False
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.projects(2022) == []
    assert "¥1,000,000,000.00" in answers.questions[-1]
    assert focused() is form.editor("requested_fen")


def type_patent(qtbot, number: str, id_number: str = ID_1) -> None:
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", "一种焊缝缺陷的超声检测方法")
    fill(qtbot, number, "2021.3.5", "买买提·艾力", id_number, CARD_1, "138-0013-8000")
    fill(qtbot, "y", "y", "y", "智能装备", None, "2022/10/20")


def test_a_check_digit_typed_wrong_is_asked_before_the_paper_is_stored_refused(
        window, qtbot, reg, answers):
    wrong = INVENTION[:-1] + str((int(INVENTION[-1]) + 1) % 10)  # one key off
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, wrong)
    answers.yes = False  # 返回修改
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)

    assert reg.patents(2022) == [], "a typo stored as a refused paper"
    assert "校验位" in answers.questions[-1] and "不合格" in answers.questions[-1]
    assert focused() is form.editor("patent_number_raw")
    assert form.editor("patent_number_raw").text() == wrong  # kept, to correct one key

    answers.yes = True  # the paper does say so: stored as submitted
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    [app] = reg.patents(2022)
    assert app.patent_number_raw == wrong
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app.id,)) == 0


def test_an_id_number_typed_wrong_is_asked_about_too(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, INVENTION, id_number=ID_1[:-2] + ID_1[-1] + ID_1[-2])  # two keys swapped
    answers.yes = False
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert reg.patents(2022) == []
    assert "身份证号" in answers.questions[-1]
    assert focused() is form.editor("id_number")


def test_save_and_next_pressed_twice_does_not_store_a_blank_paper(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, INVENTION)
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert len(reg.patents(2022)) == 1
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)  # the key held a beat long

    assert len(reg.patents(2022)) == 1, "an empty paper stored"
    assert answers.errors and "尚未填写" in answers.errors[-1][1]
    assert form.isVisible() and focused() is form.editor("unit_name")


def test_an_untouched_project_form_is_not_saved(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert reg.projects(2022) == [] and form.isVisible()


def test_a_middle_dot_typed_as_a_full_stop_or_bullet_is_the_same_name(window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="往年专利", patent_number_raw=INVENTION_2,
                                      inventor_name="买买提·艾力", id_number=ID_1))
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", "一种焊缝缺陷的超声检测方法")
    fill(qtbot, INVENTION, "2021.3.5", "买买提.艾力", ID_1, CARD_1, "138-0013-8000")
    fill(qtbot, "y", "y", "y", "智能装备", None, "2022/10/20")
    qtbot.waitUntil(lambda: not form._timer.isActive())
    assert "请核对" not in form.rows["inventor_name"].hint.toolTip()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert not any("改名" in q or "姓名改为" in q for q in answers.questions), answers.questions
    assert {a.inventor_name for a in reg.patents(2022)} == {"买买提·艾力"}
    for typed in ("买买提.艾力", "买买提•艾力", "买买提・艾力", "买买提。艾力"):
        assert tidy_name(typed) == "买买提·艾力", typed


def test_an_enterprise_typed_without_its_legal_form_is_offered_the_known_one(
        window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="北京市海淀区总工会",
                                      enterprise_name="北京中科智测科技有限公司"))
    enterprises = reg.scalar("SELECT COUNT(*) FROM enterprises")
    form = open_new_form(qtbot, window, 0)
    press(qtbot, Qt.Key.Key_Tab)  # 推荐单位 left blank: the known enterprise brings it
    fill(qtbot, "北京中科智测科技")  # the paper's stamp leaves off 有限公司
    enterprise = form.rows["enterprise_name"].hint
    qtbot.waitUntil(lambda: "北京中科智测科技有限公司" in enterprise.toolTip())
    assert "F4 改用" in enterprise.toolTip() and answers.questions == []  # not asked on Tab
    press(qtbot, Qt.Key.Key_F4)
    assert form.editor("enterprise_name").text() == "北京中科智测科技有限公司"
    assert form.editor("unit_name").text() == "北京市海淀区总工会"
    assert focused() is form.editor("title")
    fill(qtbot, "一种焊缝缺陷的超声检测方法", INVENTION, "2021.3.5", "张三", ID_1, CARD_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert answers.questions == []  # settled by F4
    assert {a.enterprise_name for a in reg.patents(2022)} == {"北京中科智测科技有限公司"}
    assert reg.scalar("SELECT COUNT(*) FROM enterprises") == enterprises


def answer_next_question_with_enter(qtbot, form) -> list[str]:  # noqa: ANN001
    """The next question box the form opens, answered with Enter (是) once it shows; its
    text goes into the list returned."""
    answered: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None or box is form:
            QTimer.singleShot(20, answer)
            return
        answered.append(box.text())
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    return answered


def test_f4_on_the_enterprise_leaves_typing_going_on_in_the_next_field(
        window, qtbot, reg, answers):
    """F4 from the field after the enterprise (its completer's list had taken the Tab):
    the registered enterprise put in, the title typed next goes into the title."""
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      enterprise_name="北京中科智测科技有限公司"))
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京市海淀区总工会")
    type_text(qtbot, "北京中科智测科技")  # its completer's list is open: Tab goes to the list
    assert QApplication.activePopupWidget() is not None
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: focused() is form.editor("title"))
    press(qtbot, Qt.Key.Key_F4)
    assert form.editor("enterprise_name").text() == "北京中科智测科技有限公司"
    assert focused() is form.editor("title")
    type_text(qtbot, "一种焊缝缺陷的超声检测方法")
    assert form.editor("title").text() == "一种焊缝缺陷的超声检测方法"
    assert form.editor("enterprise_name").text() == "北京中科智测科技有限公司"
    assert answers.questions == []


def test_a_branch_typed_without_its_suffix_is_asked_at_saving_and_no_keeps_it_new(
        window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      enterprise_name="北京公交集团保修分公司"))
    form = open_new_form(qtbot, window, 0)
    answers.yes = False  # a new enterprise indeed
    fill(qtbot, "北京市公交集团工会", "北京公交集团保修")
    fill(qtbot, "一种刹车片磨损检测装置", INVENTION, "2021.3.5", "张三", ID_1, CARD_1)
    assert answers.questions == []  # not asked as the field was left
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form)
    [asked] = answers.questions  # at saving, once
    assert "北京公交集团保修分公司" in asked
    assert "北京公交集团保修" in {a.enterprise_name for a in reg.patents(2022)}


def _next_start(qtbot, reg, qsettings):
    """The window started again on the same register file, as after a kill (the first
    window's form is left as the kill left it: nothing closed, nothing saved)."""
    from boostdesk.models import Register
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.main_window import MainWindow

    again = AppContext(Register.open(reg.path, operator="录入员甲"), settings=qsettings)
    window = MainWindow(again)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return again, window


def test_a_half_typed_paper_survives_the_program_being_killed(
        window, qtbot, reg, answers, qsettings):
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司", "李四职工创新工作室")
    fill(qtbot, "1", "n", "李四", "数控机床精度补偿", None, "2022.3.1", "y", "2023年12月31日", "600000")
    qtbot.waitUntil(lambda: not form._timer.isActive())  # a pause in typing, then the kill
    form.hide()  # gone with the process: neither saved nor discarded
    window.hide()

    again, second = _next_start(qtbot, reg, qsettings)
    try:
        restored = open_new_form(qtbot, second, 1)
        assert answers.questions and "恢复" in answers.questions[-1]
        assert "数控机床精度补偿" in answers.questions[-1]
        assert restored.editor("title").text() == "数控机床精度补偿"
        assert restored.editor("studio_level").value() == "city"
        assert restored.editor("startup_funds_paid").value() is True
        assert restored.editor("approval_date").text() == "2022-03-01"
        assert restored.editor("total_budget_fen").text() == "600000"  # as typed, still asked about
        restored.editor("total_budget_fen").setText("60")
        restored.editor("requested_fen").setText("10")
        assert restored.save()
        assert [a.title for a in again.reg.projects(2022)] == ["数控机床精度补偿"]

        answers.questions.clear()
        second.activateWindow()
        qtbot.waitUntil(second.isActiveWindow)
        fresh = open_new_form(qtbot, second, 1)  # saved: nothing left to offer
        assert answers.questions == [] and fresh.editor("title").text() == ""
        fresh.reject()
    finally:
        second.close()
        again.reg.close()


def test_a_paper_discarded_with_esc_is_not_offered_again(window, qtbot, reg, answers, qsettings):
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司")
    qtbot.waitUntil(lambda: not form._timer.isActive())
    press(qtbot, Qt.Key.Key_Escape)  # 放弃并关闭
    assert closed(form)
    answers.questions.clear()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = open_new_form(qtbot, window, 0)
    assert answers.questions == [] and form.editor("enterprise_name").text() == ""


def test_a_complete_set_of_materials_is_ticked_with_one_key(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, INVENTION)  # ends on the first material
    assert focused() is next(iter(form.checks.values()))
    press(qtbot, Qt.Key.Key_A)  # 全部收到
    assert all(box.isChecked() for box in form.checks.values())
    assert focused() is next(iter(form.checks.values()))
    press(qtbot, Qt.Key.Key_A)  # again: none (a pile where the set came apart)
    assert not any(box.isChecked() for box in form.checks.values())


def test_typed_on_past_the_enterprise_the_question_waits_for_saving(window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="北京市海淀区总工会",
                                      enterprise_name="北京中科智测科技有限公司"))
    form = open_new_form(qtbot, window, 0)
    press(qtbot, Qt.Key.Key_Tab)
    # Typed on at once (keys queued ahead of the question): the title is not interrupted.
    fill(qtbot, "北京中科智测科技", "一种焊缝缺陷的超声检测方法", INVENTION, "2021.3.5", "张三")
    qtbot.wait(50)
    assert answers.questions == []
    assert form.editor("title").text() == "一种焊缝缺陷的超声检测方法"
    fill(qtbot, ID_1, CARD_1)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert "北京中科智测科技有限公司" in answers.questions[0]
    app = next(a for a in reg.patents(2022) if a.inventor_name == "张三")
    assert (app.enterprise_name, app.unit_name) == ("北京中科智测科技有限公司", "北京市海淀区总工会")


def test_a_paper_left_in_an_earlier_years_form_is_not_written_over_by_this_years(
        window, qtbot, reg, answers, qsettings, ctx):
    """One draft file for every year: a paper left typed in 2021's form (the window
    killed) was offered only to 2021's form, and the first keys typed into 2022's wrote
    over it, the earlier paper lost."""
    from boostdesk.models import plan_2022

    reg.save_campaign(plan_2022().for_year(2021))
    ctx.set_year(2021)
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", "一种旧年度的扳手")
    qtbot.waitUntil(lambda: not form._timer.isActive())
    form.hide()  # the kill
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = open_new_form(qtbot, window, 0)
    assert answers.questions == []  # 2021's paper is not 2022's to offer
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司", "一种新年度的钳子")
    qtbot.waitUntil(lambda: not form._timer.isActive())
    form.hide()  # killed again

    ctx.set_year(2021)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = open_new_form(qtbot, window, 0)
    assert answers.questions and "一种旧年度的扳手" in answers.questions[-1]
    assert form.editor("title").text() == "一种旧年度的扳手"
    form.hide()
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    form = open_new_form(qtbot, window, 0)
    assert "一种新年度的钳子" in answers.questions[-1]
    assert form.editor("title").text() == "一种新年度的钳子"


def test_a_paper_kept_under_the_streams_one_draft_name_is_offered_to_its_year(
        window, qtbot, reg, answers):
    """A draft an earlier BoostDesk left under the one name of its stream is still
    offered to its year's form, and not again once saved."""
    from boostdesk.ui.entry_draft import write_draft

    shared = reg.path.with_name(f"{reg.path.name}.draft-patent.json")
    write_draft(shared, 2022, {"title": "一种扳手"}, {})
    form = open_new_form(qtbot, window, 0)
    assert "一种扳手" in answers.questions[-1]
    assert form.editor("title").text() == "一种扳手"
    assert not shared.exists()


def test_typing_goes_on_in_the_level_past_a_near_studio_and_f4_takes_it(
        window, qtbot, reg, answers, monkeypatch):
    """As the enterprise's: the studio's near name asked inside the Tab that left it took
    the keys typed next. Nothing is asked on Tab now: the level typed goes into the level,
    and F4 puts the registered studio in (the level typed kept)."""
    from test_ui_intake import _studio_project

    from boostdesk.rules import refresh

    reg.save_project(_studio_project())
    refresh(reg, 2022)
    monkeypatch.undo()  # the real boxes, had any opened
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司")
    type_text(qtbot, "李四创新工作室")
    qtbot.keyClick(QApplication.activePopupWidget() or focused(), Qt.Key.Key_Tab)
    assert focused() is form.editor("studio_level")
    type_text(qtbot, "2")
    assert QApplication.activeModalWidget() is form
    assert form.editor("studio_level").value() == "district"
    assert form.editor("studio_name").text() == "李四创新工作室"
    press(qtbot, Qt.Key.Key_F4)
    assert form.editor("studio_name").text() == "李四职工创新工作室"
    assert form.editor("studio_level").value() == "district"  # as typed: not overwritten
    assert form.editor("enterprise_name").text() == "北京华信数控技术有限公司"
    assert focused() is form.editor("studio_level")


def test_a_request_in_yuan_format_is_asked_with_what_it_was_read_as(window, qtbot, reg, answers):
    # 3,000.00 on the paper is 元; the field is 万元: 3,000 万元 is no award of the plan
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot, budget="30", requested="3,000.00")
    answers.yes = False  # 返回修改
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.projects(2022) == []
    asked = answers.questions[-1]
    assert "¥30,000,000.00（3,000 万元）" in asked and "单位是万元" in asked, asked
    assert focused() is form.editor("requested_fen")


def test_a_budget_written_as_yuan_is_asked_though_its_size_is_possible(
        window, qtbot, reg, answers):
    # 3,000.00 (元 as a receipt writes it) in 项目总投入 (万元) is 3,000 万元: under the 1 亿 of
    # an implausible budget, it was saved in green
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot, budget="3,000.00", requested="10")
    answers.yes = False  # 返回修改
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.projects(2022) == []
    asked = answers.questions[-1]
    assert "“3,000.00”是元的写法" in asked and "¥30,000,000.00（3,000 万元）" in asked, asked
    assert focused() is form.editor("total_budget_fen")
    answers.yes = True  # 仍要保存: the budget is so
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert [p.total_budget_fen for p in reg.projects(2022)] == [3_000 * 10_000_00]


def test_a_request_above_the_top_tier_is_asked_before_saving(window, qtbot, reg, answers):
    # 12 (万元) where 2022 awards at most 10 万元: a hint alone let it be saved
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot, budget="30", requested="12")
    answers.yes = False
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.projects(2022) == []
    assert "¥120,000.00（12 万元）" in answers.questions[-1]
    assert "最高档 ¥100,000.00（10 万元）" in answers.questions[-1]
    assert focused() is form.editor("requested_fen")
    answers.yes = True  # 仍要保存: the paper asks for it so
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert [p.requested_fen for p in reg.projects(2022)] == [12 * 10_000_00]
