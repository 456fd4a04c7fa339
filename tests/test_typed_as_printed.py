"""Numbers typed as they are printed on the paper (spaces, full-width, long dashes) are the
same numbers: stored tidy, found by search, and the same person for the plan's rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, INVENTION_2
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models import Register
from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.models.search_text import number_keys, patent_numbers, patent_search_key, search_key
from boostdesk.rules import refresh
from boostdesk.ui.queries import PATENT_SPEC, Filters, search_ids
from boostdesk.validate import check_phone, parse_date, person_key

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
SPACED_ID = f"{ID_1[:6]} {ID_1[6:14]} {ID_1[14:]}"  # as the paper prints it
SPACED_CARD = " ".join(CARD_1[i:i + 4] for i in range(0, len(CARD_1), 4))
SPACED_NUMBER = f"ZL {INVENTION[2:6]} {INVENTION[6]} {INVENTION[7:]}"  # ZL 2021 1 0123456.7


@pytest.mark.parametrize("text", ["2021 年 3 月 5 日", "2021. 3. 5", "2021 3 5", "2021—3—5",
                                  "2021——3——5", "２０２１ 年 ３ 月 ５ 日"])
def test_dates_with_spaces_and_long_dashes(text):
    assert parse_date(text) == date(2021, 3, 5)


def test_date_with_time_still_reads():
    assert parse_date("2021-03-05 10:30") == date(2021, 3, 5)


@pytest.mark.parametrize("text", ["010—83570885", "010——83570885", "010–83570885"])
def test_phone_with_a_long_dash(text):
    assert check_phone(text) == "010-83570885"


def test_person_key_drops_spaces_and_folds_case():
    assert person_key(SPACED_ID.lower()) == ID_1
    assert person_key(ID_1) == ID_1


def _patent(**kw) -> PatentApplication:
    facts = dict(title="一种焊缝缺陷的超声检测方法", patent_number_raw=INVENTION,
                 grant_date=date(2021, 3, 5), inventor_name="张三", id_number=ID_1,
                 card_number=CARD_1, frontline=True, service_invention=True,
                 applied_in_production=True, unit_name="北京市海淀区总工会",
                 enterprise_name="北京中科智测科技有限公司")
    facts.update(kw)
    return PatentApplication(2022, **facts)


def test_register_stores_the_tidy_numbers_and_one_person(reg):
    first = reg.save_patent(_patent())
    second = reg.save_patent(_patent(patent_number_raw=INVENTION_2, id_number=SPACED_ID,
                                     card_number=SPACED_CARD, phone="138 0013 8000"))
    people = reg.query("SELECT id_number, card_number, phone FROM people")
    assert [tuple(p.values()) for p in people] == [(ID_1, CARD_1, "13800138000")]
    assert reg.patent(first).person_id == reg.patent(second).person_id


def test_one_award_a_year_holds_for_an_id_typed_with_spaces(reg):
    first = reg.save_patent(_patent())
    reg.set_status("patent", first, "qualified")
    reg.set_status("patent", first, "approved", award_fen=3000_00)
    second = reg.save_patent(_patent(patent_number_raw=INVENTION_2, id_number=SPACED_ID))
    refresh(reg, 2022)
    codes = [f["code"] for f in reg.query(
        "SELECT value ->> '$.code' AS code FROM patent_applications, json_each(findings)"
        " WHERE patent_applications.id = ?", (second,))]
    assert "PERSON_ALREADY_AWARDED_THIS_YEAR" in codes


def _found(reg: Register, text: str) -> list[int]:
    return search_ids(reg, PATENT_SPEC, 2022, Filters(text=text))


def test_search_finds_a_number_typed_with_spaces_and_its_correction_only(reg):
    app_id = reg.save_patent(_patent(patent_number_raw=SPACED_NUMBER))
    assert _found(reg, INVENTION) == [app_id]
    assert _found(reg, INVENTION[2:14]) == [app_id]
    reg.save_patent(replace(reg.patent(app_id), patent_number_raw=INVENTION_2))
    assert _found(reg, INVENTION_2) == [app_id]
    assert _found(reg, INVENTION) == []  # the wrong number is no longer searched


def test_search_finds_full_width_letters_typed_either_way(reg):
    app_id = reg.save_patent(_patent(title="一种５Ｇ基站天线的校准方法"))
    assert _found(reg, "５Ｇ基站") == [app_id]
    assert _found(reg, "5g基站") == [app_id]


def test_upgrade_tidies_what_older_versions_stored(tmp_path):
    from test_migrations import as_version

    path = tmp_path / "old.db"
    reg = Register.open(path, operator="测试员")
    app_id = reg.save_patent(_patent(title="一种５Ｇ基站天线的校准方法"))
    project = reg.save_project(ProjectApplication(2022, title="特殊钢冶炼工艺攻关",
                                                  studio_name="李红兵劳模创新工作室",
                                                  contact_phone="13800138000"))
    # What version 6 stored for a form saved with Ctrl+S still in a field.
    reg.conn.execute("UPDATE people SET id_number = ?, card_number = ?, phone = ?",
                     (SPACED_ID, SPACED_CARD, "138 0013 8000"))
    reg.conn.execute("UPDATE patent_applications SET search_text = 'stale'")
    reg.conn.execute("UPDATE studios SET name = '李红兵 劳模创新工作室'")
    reg.conn.execute("UPDATE project_applications SET contact_phone = '010—83570885',"
                     " search_text = 'stale'")
    as_version(reg.conn, 6)
    reg.close()

    reg = Register.open(path, operator="测试员")
    try:
        app = reg.patent(app_id)
        assert (app.id_number, app.card_number, app.phone) == (ID_1, CARD_1, "13800138000")
        assert reg.scalar("SELECT search_text FROM patent_applications") == patent_search_key(
            app.inventor_name, app.patent_number_raw, app.patent_number, app.title,
            app.unit_name, app.enterprise_name)
        assert reg.scalar("SELECT search_numbers FROM patent_applications") == patent_numbers(
            app.id_number, app.phone, app.card_number, app.card_number)
        assert _found(reg, "5g基站") == [app_id]
        p = reg.project(project)
        assert (p.contact_phone, p.studio_name) == ("010-83570885", "李红兵劳模创新工作室")
        assert reg.scalar("SELECT search_text FROM project_applications") == search_key(
            p.title, p.studio_name, p.leader, p.unit_name, p.enterprise_name, p.contact_name)
        assert reg.scalar("SELECT search_numbers FROM project_applications") == number_keys(
            p.contact_phone)
    finally:
        reg.close()


# -- the clerk at the form ----------------------------------------------------------
def _retype(qtbot, editor, text: str) -> None:
    editor.setFocus()
    qtbot.waitUntil(lambda: focused() is editor)
    editor.selectAll()
    press(qtbot, Qt.Key.Key_Delete)
    type_text(qtbot, text)


def test_ctrl_s_in_the_field_stores_the_tidy_numbers(window, qtbot, reg, answers):
    """The last field corrected as printed, Ctrl+S without leaving it."""
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, id_number="110105")
    _retype(qtbot, form.editor("card_number"), SPACED_CARD)
    _retype(qtbot, form.editor("id_number"), SPACED_ID)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert (app.id_number, app.card_number) == (ID_1, CARD_1)


def test_ctrl_s_in_the_id_field_still_warns_of_the_years_award(window, qtbot, reg, answers):
    first = reg.save_patent(_patent(patent_number_raw=INVENTION_2))
    reg.set_status("patent", first, "qualified")
    reg.set_status("patent", first, "approved", award_fen=3000_00)
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, id_number="1")
    _retype(qtbot, form.editor("id_number"), SPACED_ID)
    answers.yes = True
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert answers.questions and "已获助推" in answers.questions[-1]
    assert reg.scalar("SELECT count(*) FROM people") == 1



def test_a_space_among_a_studios_characters_is_the_same_studio(reg):
    """方案二（一）: a studio with an award not yet accepted cannot apply, however its name
    is spaced in the table (it was a new studio that escaped the rule)."""
    from boostdesk.models.records import StudioAward

    first = reg.save_project(ProjectApplication(2022, title="特殊钢冶炼工艺攻关",
                                                studio_name="王海燕职工创新工作室",
                                                unit_name="海淀区总工会"))
    studio = reg.project(first).studio_id
    reg.add_studio_award(StudioAward("王海燕 职工创新工作室", 2021, "往年项目", 100_000_00,
                                     accepted=False))
    for spaced in ("王海燕 职工创新工作室", "王海燕\u3000职工创新工作室", "王海燕职工创新工作室 "):
        other = reg.insert_projects([ProjectApplication(
            2022, title=f"另一项目{spaced!r}", studio_name=spaced, unit_name="海淀区 总工会")],
            source="表.xlsx")[0]
        assert other.studio_id == studio and other.unit_name == "海淀区总工会"
    refresh(reg, 2022)
    codes = {f["code"] for f in reg.query(
        "SELECT value ->> '$.code' AS code FROM project_applications, json_each(findings)")}
    assert "STUDIO_HAS_UNFINISHED_AWARD" in codes
    assert reg.scalar("SELECT count(*) FROM studios") == 1
    assert reg.scalar("SELECT count(*) FROM units") == 1


def test_a_date_typed_but_unreadable_is_not_reported_as_missing(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    _retype(qtbot, form.editor("grant_date"), "2022.13.5")
    qtbot.waitUntil(lambda: "授权公告日：" in form.findings_label.text())
    assert "授权公告日：“2022.13.5”：没有 13 月" in form.findings_label.text()
    assert "缺少“授权公告日”" not in form.findings_label.text()


def test_a_field_in_red_says_the_paper_cannot_be_saved_yet(window, qtbot, reg, answers):
    """The side panel said 待补材料 with a 提示 while the date was red and saving refused."""
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    _retype(qtbot, form.editor("grant_date"), "2021.2.30")
    qtbot.waitUntil(lambda: "尚不能保存" in form.verdict_label.text())
    assert "待补材料" not in form.verdict_label.text()
    assert "标红的栏目无法读取，改正后才能保存" in form.verdict_label.text()
    said = form.findings_label.text()
    assert "无法读取</span>：授权公告日：“2021.2.30”：2021 年 2 月没有 30 日" in said
    assert said.count("2021 年 2 月没有 30 日") == 1  # not again as a 提示
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert answers.errors[-1] == ("有内容无法读取，未保存",
                                  "请改正后再保存：\n授权公告日：“2021.2.30”：2021 年 2 月没有 30 日")
    _retype(qtbot, form.editor("grant_date"), "2021.3.5")  # corrected: the plan's verdict again
    qtbot.waitUntil(lambda: "合格" in form.verdict_label.text())
    assert "尚不能保存" not in form.verdict_label.text()


def test_a_request_over_half_the_budget_is_warned_beside_the_amount(window, qtbot, reg,
                                                                     answers):
    from test_ui_entry import type_project

    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    _retype(qtbot, form.editor("total_budget_fen"), "15")  # 万元: 10 asked of 15 > 50 %
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "超过项目总投入的 50%" in form.rows["requested_fen"].hint.text())
