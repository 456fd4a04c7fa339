"""A clerk types paper submissions from scratch, keyboard only, and finds them again."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import (
    CARD_1,
    CARD_2,
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    card,
    resident_id,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, closed, ctx, fill, focused, press, qsettings, type_text, window

from boostdesk.models import plan_2022
from boostdesk.models.records import PATENT_MATERIALS, PROJECT_MATERIALS, PatentApplication
from boostdesk.rules import refresh
from boostdesk.validate import patent_check_char

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier


def open_new_form(qtbot, window, screen_index: int):
    window.show_screen(screen_index)
    press(qtbot, Qt.Key.Key_N, CTRL, window)
    form = window.current_screen().current_form
    assert form is not None and form.isVisible()
    form.activateWindow()
    first = next(iter(form.rows.values())).editor
    qtbot.waitUntil(lambda: QApplication.focusWidget() is first)
    return form


def type_patent(qtbot, number=INVENTION, id_number=ID_1, name="张三", received="2022-10-20"):
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", "一种焊缝缺陷的超声检测方法")
    # Enter walks the form as well as Tab does.
    fill(qtbot, number, "2021年3月5日", name, advance=Qt.Key.Key_Return)
    fill(qtbot, id_number, CARD_1, "13800138000")
    fill(qtbot, "y", "y", "y")  # 一线职工, 职务发明, 已在生产中应用
    fill(qtbot, "智能装备", None, received)
    for _ in PATENT_MATERIALS:
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)


def test_clerk_types_a_patent_submission_and_finds_it_eligible(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert (app.unit_name, app.enterprise_name, app.inventor_name) == (
        "北京市海淀区总工会", "北京中科智测科技有限公司", "张三")
    assert app.patent_number == INVENTION
    assert app.grant_date == date(2021, 3, 5)
    assert (app.id_number, app.card_number, app.phone) == (ID_1, CARD_1, "13800138000")
    assert (app.frontline, app.service_invention, app.applied_in_production) == (True, True, True)
    assert app.received_date == date(2022, 10, 20)
    assert all(app.materials[k] for k in PATENT_MATERIALS)
    assert reg.audit_trail("patent_applications", app.id)[0]["operator"] == "录入员甲"

    screen = window.current_screen()
    assert screen.current_id() == app.id
    row = screen.model.row_data(screen.model.row_of(app.id))
    assert row.verdict == "eligible", row.findings
    assert "合格" in window.counts_label.text()
    assert "登记 1 · 合格 1" in window.counts_label.text()


def test_saving_an_ineligible_patent_is_allowed_and_says_why(window, qtbot, reg, answers):
    utility = "ZL202120123456." + patent_check_char("202120123456")  # type 2: utility model
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=utility)
    qtbot.waitUntil(lambda: "实用新型" in form.rows["patent_number_raw"].hint.text())
    assert "不合格" in form.verdict_label.text()
    press(qtbot, Qt.Key.Key_S, CTRL)

    [app] = reg.patents(2022)
    screen = window.current_screen()
    row = screen.model.row_data(screen.model.row_of(app.id))
    assert row.verdict == "refused"
    assert any(f["code"] == "PATENT_NOT_INVENTION" for f in row.findings)
    assert "实用新型" in screen.detail.toPlainText()
    assert "不合格" in window.statusBar().currentMessage()


def test_the_same_patent_number_is_refused_at_entry(window, qtbot, reg, answers):
    reg.save_patent(PatentApplication(2022, title="旧申报", patent_number_raw=INVENTION,
                                      inventor_name="李四", status="registered"))
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, number=INVENTION.replace("ZL", "").replace(".", ""))  # typed without ZL and dot
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert form.isVisible()
    assert answers.errors and "已经登记" in answers.errors[-1][1]
    assert "2022 年度" in answers.errors[-1][1]
    assert len(reg.patents()) == 1
    assert focused() is form.editor("patent_number_raw")


def test_an_earlier_years_patent_is_saved_refused_citing_the_clause(window, qtbot, reg, answers):
    """2021's paper of the number is no registration of 2022's: saved, 不合格 by 一（三），
    as the import stores such a row (it was refused as 已经登记, and the union never told)."""
    reg.save_campaign(plan_2022().for_year(2021))
    first = reg.save_patent(PatentApplication(2021, title="旧申报", patent_number_raw=INVENTION,
                                              inventor_name="李四", status="registered"))
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app.id,)) == 0
    assert (f"已于 2021 年度申报（专利{first}），同一专利不能重复申报（方案一（三））"
            in window.statusBar().currentMessage())


def test_a_person_already_awarded_this_year_is_warned_and_may_be_saved(window, qtbot, reg, answers):
    first = reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                              inventor_name="张三", id_number=ID_1))
    reg.set_status("patent", first, "qualified")
    reg.set_status("patent", first, "approved", award_fen=300000)
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    answers.yes = False
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and "已获助推" in answers.questions[-1]
    assert len(reg.patents(2022)) == 1

    answers.yes = True
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form)
    assert len(reg.patents(2022)) == 2


def test_a_known_id_number_fills_name_card_and_phone(window, qtbot, reg, answers):
    reg.save_campaign(plan_2022().for_year(2021))
    reg.save_patent(PatentApplication(2021, title="往年专利", patent_number_raw=INVENTION_2,
                                      inventor_name="王五", id_number=ID_1, card_number=CARD_1,
                                      phone="13900139000", frontline=True))
    form = open_new_form(qtbot, window, 0)
    for _ in range(6):  # to 身份证号, leaving 第一发明人 blank
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.editor("id_number")
    type_text(qtbot, ID_1)
    assert form.editor("inventor_name").text() == "王五"
    assert form.editor("card_number").text() == CARD_1
    assert form.editor("phone").text() == "13900139000"
    assert form.editor("frontline").value() is True


def test_esc_asks_before_throwing_away_what_was_typed(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_text(qtbot, "北京市海淀区总工会")
    answers.yes = False
    press(qtbot, Qt.Key.Key_Escape)
    assert form.isVisible() and answers.questions
    answers.yes = True
    press(qtbot, Qt.Key.Key_Escape)
    assert closed(form)
    assert reg.patents() == []


def type_project(qtbot, title="数控机床精度补偿", studio="李四职工创新工作室"):
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司", studio)
    fill(qtbot, "1", "n", "李四", title, "智能装备")  # 级别 1 = 市级; 示范性 N
    fill(qtbot, "2022-03-01", "y", "2023-12-31", "30", "10", advance=Qt.Key.Key_Return)
    fill(qtbot, "王五", "010-83570885", None, "2022-10-28")
    for _ in PROJECT_MATERIALS:
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)


def test_clerk_types_a_project_submission_and_finds_it_eligible(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)

    assert closed(form), answers.errors
    [app] = reg.projects(2022)
    assert (app.title, app.studio_name, app.studio_level, app.leader) == (
        "数控机床精度补偿", "李四职工创新工作室", "city", "李四")
    assert (app.approval_date, app.planned_completion) == (date(2022, 3, 1), date(2023, 12, 31))
    assert (app.total_budget_fen, app.requested_fen) == (300_000_00, 100_000_00)
    assert app.startup_funds_paid is True and app.model_studio is False
    assert app.contact_phone == "010-83570885"
    screen = window.current_screen()
    row = screen.model.row_data(screen.model.row_of(app.id))
    assert row.verdict == "eligible", row.findings


def test_the_same_project_twice_is_refused_and_save_and_next_keeps_the_pile_going(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)  # save, next paper
    assert form.isVisible() and len(reg.projects(2022)) == 1
    assert f"已保存，项目{reg.projects(2022)[0].id}：" in form.banner.text()
    assert form.editor("unit_name").text() == "北京市朝阳区总工会"  # offered again
    assert form.editor("received_date").text() == "2022-10-28"
    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))
    type_text(qtbot, "北京市朝阳区总工会")  # replaces the selected offer
    press(qtbot, Qt.Key.Key_Tab)
    fill(qtbot, "北京华信数控技术有限公司", "李四职工创新工作室")
    fill(qtbot, "1", "n", "李四", " 数控机床 精度补偿 ")  # same title, spaced differently
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible()
    assert "已经登记" in answers.errors[-1][1]
    assert len(reg.projects(2022)) == 1


def test_search_finds_an_application_by_a_fragment_of_its_number_or_a_name(
        window, qtbot, reg, answers):
    for i, (name, number) in enumerate((("张三丰", INVENTION), ("李四", INVENTION_2))):
        reg.save_patent(PatentApplication(2022, title=f"专利{i}", patent_number_raw=number,
                                          inventor_name=name,
                                          id_number=resident_id(f"1101051980010100{i}"),
                                          card_number=card(f"62170000123456{i}")))
    refresh(reg, 2022)
    window.show_screen(0)
    screen = window.current_screen()
    screen.reload()
    press(qtbot, Qt.Key.Key_F, CTRL, window)
    assert focused() is screen.search
    type_text(qtbot, INVENTION[6:12])  # digits from the middle of the number
    qtbot.waitUntil(lambda: screen.model.total == 1, timeout=2000)
    assert screen.model.row_data(0).values["person"] == "张三丰"
    screen.search.clear()
    type_text(qtbot, "四", screen.search)
    qtbot.waitUntil(lambda: screen.model.total == 1 and
                    screen.model.row_data(0).values["person"] == "李四", timeout=2000)
    press(qtbot, Qt.Key.Key_Down)  # into the table, on the found row
    assert focused() is screen.table
    assert screen.current_id() == reg.patents(2022)[1].id


def test_a_number_that_does_not_parse_is_still_caught_twice(reg):
    from boostdesk.ui import entry_checks

    wrong = INVENTION[:-1] + ("0" if INVENTION[-1] != "0" else "1")  # wrong check character
    reg.save_patent(PatentApplication(2022, title="甲", patent_number_raw=wrong))
    typed_again = PatentApplication(2022, title="乙", patent_number_raw=wrong.replace("ZL", "zl "))
    assert "已经登记" in entry_checks.duplicate_patent(reg, typed_again)
    assert entry_checks.duplicate_patent(reg, PatentApplication(2022, patent_number_raw="2021")) is None


def test_a_check_still_pending_when_the_register_closes_does_not_raise(window, qtbot, reg):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)  # the check reads the register for the inventor's other patents
    type_text(qtbot, "x")
    assert form._timer.isActive()  # the form's 150 ms re-check is pending
    reg.close()
    qtbot.wait(400)  # pytest-qt fails the test on an exception raised in the event loop


def test_the_next_paper_of_the_pile_is_offered_the_names_just_saved(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    words = form.editor("enterprise_name").completer().model().stringList()
    assert "北京中科智测科技有限公司" not in words
    type_patent(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)  # save, next paper
    assert form.isVisible() and len(reg.patents(2022)) == 1
    for key, name in (("enterprise_name", "北京中科智测科技有限公司"), ("inventor_name", "张三"),
                      ("unit_name", "北京市海淀区总工会")):
        words = form.editor(key).completer().model().stringList()
        assert name in words and words == reg.names(
            {"enterprise_name": "enterprises", "inventor_name": "people",
             "unit_name": "units"}[key]), key  # in the register's own order


def test_enter_walking_the_paper_presses_the_button_it_reaches(window, qtbot, reg, answers):
    """Enter walks the paper onto 保存并录入下一份 (after the last material), Tab on to 保存;
    Enter there did nothing (the buttons are not auto-default, so that Enter in a field
    never saves), Space did."""
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)  # leaves the focus past the last material: on 保存并录入下一份
    assert focused() is form.next_button
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.save_button
    press(qtbot, Qt.Key.Key_Return)
    assert closed(form), answers.errors
    assert len(reg.projects(2022)) == 1


def test_enter_on_save_and_next_starts_the_next_paper(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)  # past the last material: on 保存并录入下一份
    assert focused() is form.next_button
    press(qtbot, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)  # the keypad's Enter
    assert form.isVisible() and len(reg.patents(2022)) == 1
    assert f"已保存，专利{reg.patents(2022)[0].id}：" in form.banner.text()
    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))


def _opened_again(qtbot, window, app_id: int):
    """The saved paper found in the list and opened with Enter, as a clerk reopens it."""
    screen = window.current_screen()
    screen.select_id(app_id)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    press(qtbot, Qt.Key.Key_Return)
    form = screen.current_form
    assert form is not None and form.isVisible() and form.record.id == app_id
    return form


def test_a_paper_saved_without_its_first_inventor_keeps_the_id_and_phone_typed(
        window, qtbot, reg, answers):
    """第一发明人 cleared by mistake: the form says 不合格 and 登记册照实保存所报内容; the
    paper was saved without the ID number and phone typed on it (stored nowhere), and
    opened again showed them blank."""
    own_id = resident_id("11011519900101512")
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, name=None, id_number=own_id)
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)  # save, next paper
    [app] = reg.patents(2022)
    assert f"已保存，专利{app.id}：不合格——未填写第一发明人姓名" in form.banner.text()
    press(qtbot, Qt.Key.Key_Escape)  # the next paper, untouched: closes
    assert closed(form)

    assert (app.inventor_name, app.id_number, app.card_number, app.phone) == (
        "", own_id, CARD_1, "13800138000")
    again = _opened_again(qtbot, window, app.id)
    assert [again.editor(k).text() for k in ("inventor_name", "id_number", "card_number", "phone")
            ] == ["", own_id, CARD_1, "13800138000"]


def test_a_project_saved_without_its_leader_and_contact_keeps_the_phone_typed(
        window, qtbot, reg, answers):
    """The project form's equivalent: 领衔人 and 联系人 blank, a phone typed: kept."""
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司", "李四职工创新工作室")
    fill(qtbot, "1", "n", None, "数控机床精度补偿", "智能装备")  # 领衔人 left blank
    fill(qtbot, "2022-03-01", "y", "2023-12-31", "30", "10")
    fill(qtbot, None, "010-83570885", None, "2022-10-28")  # 联系人 left blank
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors

    [app] = reg.projects(2022)
    assert (app.leader, app.contact_name, app.contact_phone) == ("", "", "010-83570885")
    again = _opened_again(qtbot, window, app.id)
    assert again.editor("contact_phone").text() == "010-83570885"


def test_a_date_with_a_two_digit_year_is_read_as_20yy_and_the_form_says_so(
        window, qtbot, reg, answers):
    """21-1-12, 22年3月5日 as clerks write them on paper were refused (无法识别的日期)."""
    form = open_new_form(qtbot, window, 0)
    for _ in range(4):  # to 授权公告日
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.editor("grant_date")
    type_text(qtbot, "21-1-12")
    form.recheck()  # the typing pause, without waiting for it
    assert "读作 2021-01-12" in form.rows["grant_date"].hint.text()
    assert not form.values()[1]  # nothing unreadable
    press(qtbot, Qt.Key.Key_Tab)
    form.recheck()
    assert form.editor("grant_date").text() == "2021-01-12"
    assert "“21-1-12”读作 2021-01-12" in form.rows["grant_date"].hint.text()
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back, typed again
    type_text(qtbot, "2021-01-13")
    form.recheck()
    assert "读作" not in form.rows["grant_date"].hint.text()

    for _ in range(10):  # on to 收件日期
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is form.editor("received_date")
    type_text(qtbot, "22年10月20日")
    press(qtbot, Qt.Key.Key_Tab)
    form.recheck()
    assert form.editor("received_date").text() == "2022-10-20"
    assert "“22年10月20日”读作 2022-10-20" in form.rows["received_date"].hint.text()


def test_the_banner_of_a_paper_saved_incomplete_says_what_is_missing(
        window, qtbot, reg, answers):
    """「已保存，专利4：待补材料」 said nothing of what was to be supplied, as 不合格 does."""
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", "一种焊缝缺陷的超声检测方法")
    fill(qtbot, INVENTION, "2021年3月5日", "张三", ID_1, CARD_1, "13800138000", "y", "y", "y")
    fill(qtbot, "智能装备", None, "2022-10-20")
    for i, _ in enumerate(PATENT_MATERIALS):  # all but the 企业应用证明
        if i != 2:
            press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    [app] = reg.patents(2022)
    assert form.banner.text().count("已保存") == 1
    assert (f"已保存，专利{app.id}：待补材料——材料未齐：缺企业应用证明（方案一（四）1）"
            in form.banner.text()), form.banner.text()
    assert "请补充" not in form.banner.text()
    assert "待补材料——材料未齐" in window.statusBar().currentMessage()

    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))  # the next paper
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", "一种焊缝识别方法")
    fill(qtbot, INVENTION_2, None, "李四", ID_2, CARD_2, None, "y", "y", "y")  # no 授权公告日
    for _ in range(3):  # 所属领域, 备注, 收件日期 as the pile offers it
        press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_A)  # every material
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # but the 专利证书复印件
    press(qtbot, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    second = max(a.id for a in reg.patents(2022))
    assert (f"已保存，专利{second}：待补材料——缺少“授权公告日”，无法核对授权期间（方案一（二）1）"
            "（另有 1 项待补）" in form.banner.text()), form.banner.text()


def test_a_project_saved_without_its_studio_keeps_the_level_model_flag_and_enterprise_typed(
        window, qtbot, reg, answers):
    """工作室名称 left blank: the form says 待补材料 and 登记册照实保存所报内容; the paper was saved
    without the level, 示范性 and 所在单位 typed on it (the studio's facts, and no studio is
    made without a name), and opened again showed them blank, 级别 blank in the list too."""
    form = open_new_form(qtbot, window, 1)
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司", None)  # 工作室名称 left blank
    fill(qtbot, "1", "y", "李四", "数控机床精度补偿", "智能装备")  # 市级, 示范性
    fill(qtbot, "2022-03-01", "y", "2023-12-31", "30", "10")
    fill(qtbot, "王五", "010-83570885", None, "2022-10-28")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors

    [app] = reg.projects(2022)
    assert (app.studio_name, app.studio_level, app.model_studio, app.enterprise_name) == (
        "", "city", True, "北京华信数控技术有限公司")
    screen = window.current_screen()
    model = screen.model
    level = [c.key for c in model.spec.columns].index("level")
    assert model.data(model.index(model.row_of(app.id), level)) == "市级"
    assert model.row_data(model.row_of(app.id)).verdict == "incomplete"  # 待补材料: the name to fill in

    again = _opened_again(qtbot, window, app.id)
    assert again.editor("studio_name").text() == ""
    assert again.editor("studio_level").value() == "city"
    assert again.editor("model_studio").value() is True
    assert again.editor("enterprise_name").text() == "北京华信数控技术有限公司"
