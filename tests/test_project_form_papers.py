"""Project papers typed keyboard-only in the window's form, as the 2022 papers write them
(tester, stop 42): a studio of a level outside the plan (企业级), a paper without its
studio's name, a third paper of a studio named slightly differently, amounts in Chinese
numerals (拾万元), and a 推荐单位 into which the rest of the paper ran on."""

from __future__ import annotations

import html
import json
import re

import pytest
from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from PySide6.QtCore import Qt
from test_ui_paste import CTRL, open_new_form
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.io.importer import read_table
from boostdesk.models.records import ProjectApplication
from boostdesk.rules import recheck
from boostdesk.validate import ValidationError, parse_amount_fen

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name
WAN = 10_000_00  # 1 万元 in fen
STUDIO = "李四职工创新工作室"
PAPER = {
    "unit_name": "北京市朝阳区总工会", "enterprise_name": "北京华信数控技术有限公司",
    "studio_name": STUDIO, "studio_level": "1", "model_studio": "n", "leader": "李四",
    "title": "数控机床热误差补偿技术攻关", "approval_date": "2022-03-05",
    "startup_funds_paid": "y", "planned_completion": "2023-12-31", "total_budget_fen": "30",
    "requested_fen": "10", "contact_name": "王五", "contact_phone": "13800138000",
    "received_date": "2022-10-20",
}


def type_paper(qtbot, form, **over: str) -> None:
    """Each field chosen, typed (hanzi as the input method commits them) and left with Tab;
    then A on the first material box ticks them all."""
    for key, text in {**PAPER, **over}.items():
        editor = form.editor(key)
        editor.setFocus()
        qtbot.waitUntil(editor.hasFocus)
        if hasattr(editor, "selectAll"):
            editor.selectAll()
        if text:
            type_text(qtbot, text, editor)
        else:
            press(qtbot, Qt.Key.Key_Delete, widget=editor)
        press(qtbot, Qt.Key.Key_Tab, widget=editor)
    first = next(iter(form.checks.values()))
    first.setFocus()
    press(qtbot, Qt.Key.Key_A, widget=first)
    form.recheck()  # the pause's check, without waiting for it


def plain(text: str) -> str:
    return html.unescape(re.sub("<[^>]+>", "", text)).replace("\u200b", "")


def hint(form, key: str) -> str:
    return plain(form.rows[key].hint.text())


def stored(reg, title: str) -> tuple[ProjectApplication, int, int, set[str]]:
    app = next(a for a in reg.projects(2022) if a.title == title)
    eligible, incomplete, findings = reg.conn.execute(
        "SELECT eligible, incomplete, findings FROM project_applications WHERE id = ?",
        (app.id,)).fetchone()
    return app, eligible, incomplete, {f["code"] for f in json.loads(findings)}


# -- 1. 企业级 as the paper writes it ----------------------------------------------------
@pytest.mark.parametrize("commits", [["企业级"], ["企业", "级"], ["企", "业", "级"]])
def test_a_level_outside_the_plan_is_typed_kept_as_written_and_judged_refused(
        window, qtbot, reg, answers, commits):
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, studio_level="")
    level = form.editor("studio_level")
    level.setFocus()
    qtbot.waitUntil(level.hasFocus)
    for word in commits:  # the input method commits a word, or its characters one by one
        type_text(qtbot, word, level)
    press(qtbot, Qt.Key.Key_Tab, widget=level)
    form.recheck()
    assert level.currentText() == "企业级（不在助推范围）"
    assert "不合格（方案二（一）：企业级不在助推范围）" in hint(form, "studio_level")
    assert "不合格" in plain(form.verdict_label.text())
    assert "缺少“工作室级别”" not in plain(form.findings_label.text())
    press(qtbot, Qt.Key.Key_S, CTRL, form.editor("remarks"))
    app, eligible, _incomplete, codes = stored(reg, PAPER["title"])
    assert (app.studio_level, app.outside_level) == (None, "企业级")
    assert eligible == 0 and "STUDIO_LEVEL_OUTSIDE_SCOPE" in codes
    assert "STUDIO_LEVEL_MISSING" not in codes


def test_a_level_chosen_after_it_replaces_the_level_written(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, studio_level="")
    level = form.editor("studio_level")
    level.setFocus()
    type_text(qtbot, "企业级", level)
    press(qtbot, Qt.Key.Key_2, widget=level)  # written in error: a 区级 studio
    form.recheck()
    assert "不在助推范围" not in hint(form, "studio_level")
    press(qtbot, Qt.Key.Key_S, CTRL, form.editor("remarks"))
    app, *_rest = stored(reg, PAPER["title"])
    assert (app.studio_level, app.outside_level) == ("district", "")


# -- 2. no 工作室名称: a gap to fill, not a failure of the plan ------------------------------
def test_a_paper_without_its_studio_name_is_to_complete_not_refused(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    form._show_all = True  # the blank form's panel, before any typing
    form.recheck()
    assert "未填写职工创新工作室名称" not in plain(form.findings_label.text())
    assert "缺少“工作室名称”" in plain(form.findings_label.text())
    type_paper(qtbot, form, studio_name="")
    assert plain(form.verdict_label.text()).startswith("待补材料")
    said = plain(form.findings_label.text())
    assert "缺少“工作室名称”，无法核对助推范围（方案二（一））和申报项数（方案二（二）2），请补充" in said
    assert "不合格" not in said
    press(qtbot, Qt.Key.Key_S, CTRL, form.editor("remarks"))
    _app, eligible, incomplete, codes = stored(reg, PAPER["title"])
    assert (eligible, incomplete) == (1, 1) and "STUDIO_MISSING" in codes


def test_an_imported_row_without_its_studio_name_is_to_complete_too(tmp_path, reg):
    from boostdesk.io.import_commit import commit

    path = write_sheet(tmp_path / "t.xlsx", [PROJECT_HEADERS, project_row(工作室名称="")])
    [app_id] = commit(reg, read_table(path, 2022))
    assert reg.conn.execute("SELECT eligible, incomplete FROM project_applications WHERE id = ?",
                            (app_id,)).fetchone() == (1, 1)


# -- 3. a third paper of a studio written slightly differently ---------------------------
def test_the_panel_says_a_near_studio_s_third_paper_is_refused_if_it_is_the_same(
        window, qtbot, reg, answers):
    for title in ("第一项", "第二项"):
        reg.save_project(ProjectApplication(
            2022, title=title, studio_name=STUDIO, studio_level="city", leader="李四",
            unit_name="北京市朝阳区总工会", enterprise_name="北京华信数控技术有限公司",
            requested_fen=10 * WAN, total_budget_fen=30 * WAN))
    recheck(reg)
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, studio_name="李四（职工）创新 工作室", title="主轴振动在线监测系统",
               requested_fen="5")
    verdict = plain(form.verdict_label.text())
    # a near studio's papers count with it until the office confirms two studios (stop 44)
    assert verdict.startswith("不合格")
    assert ("如与“李四职工创新工作室”为同一工作室，不合格：工作室申报项数超过限额（方案二（二）2）"
            in verdict)
    said = plain(form.findings_label.text())
    assert "如为同一工作室，不合格：" in said and "此为第 3 项" in said
    answers.yes = True  # 是，同一工作室
    press(qtbot, Qt.Key.Key_S, CTRL, form.editor("remarks"))
    app, eligible, _incomplete, codes = stored(reg, "主轴振动在线监测系统")
    assert app.studio_name == STUDIO
    assert eligible == 0 and "STUDIO_TOO_MANY_APPLICATIONS" in codes


def test_a_near_studio_with_room_left_says_nothing_more(window, qtbot, reg, answers):
    reg.save_project(ProjectApplication(
        2022, title="第一项", studio_name=STUDIO, studio_level="city", leader="李四",
        unit_name="北京市朝阳区总工会", enterprise_name="北京华信数控技术有限公司",
        requested_fen=10 * WAN, total_budget_fen=30 * WAN))
    recheck(reg)
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, studio_name="李四（职工）创新 工作室")
    assert "如与" not in plain(form.verdict_label.text())
    assert "相近" in plain(form.findings_label.text())


# -- 4. amounts in Chinese numerals ------------------------------------------------------
@pytest.mark.parametrize(("text", "wan"), [
    ("拾万元", 10), ("十万", 10), ("伍万元", 5), ("叁拾万", 30), ("二十万元", 20),
    ("壹拾伍万", 15), ("拾万元整", 10), ("一百二十万", 120), ("贰拾伍万元", 25),
])
def test_amounts_in_chinese_numerals_are_read(text, wan):
    assert parse_amount_fen(text, default_unit="万元") == wan * WAN
    assert parse_amount_fen(text) == wan * WAN  # the unit written wins


def test_chinese_numerals_without_a_unit_are_in_the_field_s_unit():
    assert parse_amount_fen("叁拾", default_unit="万元") == 30 * WAN
    assert parse_amount_fen("叁仟元") == 3000_00
    assert parse_amount_fen("壹拾万零伍仟元") == 105_000_00


@pytest.mark.parametrize(("text", "yuan"), [
    ("3千元", 3000), ("1.5千元", 1500), ("5万5千", 55_000), ("5万5千元", 55_000),
    ("3千5百元", 3500), ("3千万", 30_000_000), ("3千万元", 30_000_000), ("2.5万", 25_000),
])
def test_digits_before_qian_and_wan_are_read_as_the_paper_shortens_them(text, yuan):
    """5万5千 and 3千元 were refused (无法识别的金额) while 五万五千 and 三千元 were read."""
    assert parse_amount_fen(text, default_unit="万元") == yuan * 100
    assert parse_amount_fen(text) == yuan * 100


@pytest.mark.parametrize(("text", "yuan"), [
    ("十二万五千", 125_000), ("壹拾万零伍仟", 105_000), ("5万5千", 55_000)])
def test_a_number_with_its_own_wan_is_counted_in_yuan_in_a_wan_field(text, yuan):
    """十二万 is 12 万元; 十二万五千 was 125,000 万元 (12.5 亿) in a 万元 field or column."""
    assert parse_amount_fen(text, default_unit="万元") == yuan * 100


@pytest.mark.parametrize("text", ["千3", "3千千", "5百3千", "5万5", "5万元5千"])
def test_digits_and_units_in_no_order_of_a_number_are_still_refused(text):
    with pytest.raises(ValidationError, match="无法识别的金额"):
        parse_amount_fen(text, default_unit="万元")


@pytest.mark.parametrize("text", ["二三万", "十十万", "万元", "千百万", "零零万"])
def test_what_is_no_number_in_chinese_numerals_is_still_refused(text):
    with pytest.raises(ValidationError, match="无法识别的金额"):
        parse_amount_fen(text, default_unit="万元")


def test_the_form_takes_an_amount_in_chinese_numerals(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, total_budget_fen="拾万元", requested_fen="叁")
    assert hint(form, "total_budget_fen") == "¥100,000.00"
    press(qtbot, Qt.Key.Key_S, CTRL, form.editor("remarks"))
    app, *_rest = stored(reg, PAPER["title"])
    assert (app.total_budget_fen, app.requested_fen) == (10 * WAN, 3 * WAN)


def test_the_form_takes_a_budget_of_digits_and_wan_qian(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, total_budget_fen="15万5千", requested_fen="5万")
    assert hint(form, "total_budget_fen") == "¥155,000.00"
    press(qtbot, Qt.Key.Key_S, CTRL, form.editor("remarks"))
    app, *_rest = stored(reg, PAPER["title"])
    assert (app.total_budget_fen, app.requested_fen) == (155_000_00, 5 * WAN)


def test_the_import_takes_an_amount_in_chinese_numerals(tmp_path):
    path = write_sheet(tmp_path / "t.xlsx", [
        PROJECT_HEADERS, project_row(**{"项目总投入（万元）": "拾万元", "申请助推金额（万元）": "伍万元"})])
    preview = read_table(path, 2022)
    assert preview.errors == []
    [app] = preview.records
    assert (app.total_budget_fen, app.requested_fen) == (10 * WAN, 5 * WAN)


# -- 5. a 推荐单位 into which the paper ran on --------------------------------------------
RUN_ON = ("北京市海淀区总工会北京中科精密仪器有限公司张三职工创新工作室张三精密轴承装配自动化改造"
          "2022-05-102023-05-10拾万元3张三139111122222022-10-20a")


@pytest.mark.parametrize(("name", "said"), [
    (RUN_ON, "中有日期“2022-05-10”，不像单位名称"),
    ("北京市海淀区总工会13911112222", "中有一长串数字“13911112222”，不像单位名称"),
    ("北京市海淀区总工会" * 7, "有 63 字，超过此栏可填的 60 字"),
])
def test_the_form_refuses_a_run_on_union_and_registers_none(window, qtbot, reg, answers,
                                                             name, said):
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, unit_name=name)
    assert said in hint(form, "unit_name")
    press(qtbot, Qt.Key.Key_S, CTRL, form.editor("remarks"))
    assert form.isVisible() and reg.projects(2022) == []
    title, text = answers.errors[-1]
    assert "未保存" in title and "推荐单位：" in text and said in text
    assert reg.scalar("SELECT COUNT(*) FROM units") == 0


def test_the_form_refuses_a_run_on_enterprise_too(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    type_paper(qtbot, form, enterprise_name="北京中科精密仪器有限公司2022年5月10日")
    press(qtbot, Qt.Key.Key_S, CTRL, form.editor("remarks"))
    assert reg.projects(2022) == []
    assert "所在单位：“北京中科精密仪器有限公司2022年5月10日”中有日期“2022年5月10日”" in (
        answers.errors[-1][1])


def test_the_import_refuses_a_run_on_union_by_row_and_column(tmp_path):
    path = write_sheet(tmp_path / "t.xlsx", [
        PROJECT_HEADERS, project_row(推荐单位=RUN_ON),
        project_row(序号=2, 项目名称="另一项", 推荐单位="北京市海淀区总工会" * 7)])
    preview = read_table(path, 2022)
    said = [str(e) for e in preview.errors]
    assert any("第 2 行" in e and "推荐单位" in e and "中有日期“2022-05-10”" in e for e in said), said
    assert any("第 3 行" in e and "推荐单位" in e and "超过此栏可填的 60 字" in e for e in said), said
    assert preview.records == []


def test_real_names_with_a_few_digits_are_still_names(tmp_path):
    path = write_sheet(tmp_path / "t.xlsx", [
        PROJECT_HEADERS, project_row(推荐单位="中国航天科工集团第二研究院706所工会")])
    assert read_table(path, 2022).errors == []


def test_a_studio_s_own_level_box_still_refuses_a_level_outside_the_plan(qtbot):
    """工作室 → 修改's level is the studio's, city or district: 企业级 is no level of it."""
    from boostdesk.ui.form_widgets import LevelField

    box = LevelField()
    qtbot.addWidget(box)
    box.show()
    box.setFocus()
    type_text(qtbot, "企业级", box)
    assert box.value() is None and "“企业级”不是可选的" in box.refused
    assert box.count() == 3
