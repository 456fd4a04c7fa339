"""A space between two Chinese characters of a title (专利名称, 项目名称) is a paste or typing
artefact: “  一种盾构管片  拼装定位方法 ” was stored 一种盾构管片 拼装定位方法. Typed and
imported alike (``validate.tidy_title``) it is left out; a space by a Latin letter or a
digit stays (AI 算法, 5G 基站). A title stored before with its space is still the same
project's title (the repeat checks fold spaces), and search finds the tidied one by any run
of its characters."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import (
    CARD_1,
    ID_1,
    INVENTION,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form
from test_ui_support import answers, closed, ctx, fill, press, qsettings, window

from boostdesk.io.duplicates import find_duplicates
from boostdesk.io.importer import read_table
from boostdesk.models import CITY, plan_2022
from boostdesk.models.records import PROJECT_MATERIALS, ProjectApplication
from boostdesk.rules import check_project_draft
from boostdesk.ui import entry_checks
from boostdesk.ui.project_form import ProjectForm
from boostdesk.validate import tidy_title

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

PASTED = "  一种盾构管片  拼装定位方法 "
TIDY = "一种盾构管片拼装定位方法"
WAN = 10_000_00


@pytest.mark.parametrize(("typed", "stored"), [
    (PASTED, TIDY),
    ("一种 盾构\u3000管片", "一种盾构管片"),  # an ideographic space too
    ("一种焊缝⏎检测".replace("⏎", "\n"), "一种焊缝检测"),  # a wrapped cell, as before
    ("基于 AI 算法的 焊缝检测", "基于 AI 算法的焊缝检测"),
    ("5G 基站 天线 安装方法", "5G 基站天线安装方法"),
    ("５Ｇ 基站", "５Ｇ 基站"),  # full-width letters are letters
    ("一种 （改进的） 检测方法", "一种（改进的）检测方法"),
    ("Deep Learning 方法", "Deep Learning 方法"),
    ("罕见字𠀀 方法", "罕见字𠀀方法"),
])
def test_a_title_loses_the_spaces_between_chinese_characters_only(typed, stored):
    assert tidy_title(typed) == stored
    assert tidy_title(stored) == stored


def test_the_import_stores_a_title_as_the_form_does(tmp_path):
    sheet = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row(专利名称=PASTED)])
    [record] = read_table(sheet, 2022).records
    assert record.title == TIDY
    sheet = write_sheet(tmp_path / "p.xlsx", [PROJECT_HEADERS, project_row(项目名称="AI 算法 优化")])
    [record] = read_table(sheet, 2022).records
    assert record.title == "AI 算法优化"


def _project(title: str) -> ProjectApplication:
    return ProjectApplication(
        campaign_year=2022, title=title, studio_name="李四职工创新工作室", studio_level=CITY,
        leader="李四", model_studio=False, unit_name="北京市朝阳区总工会",
        enterprise_name="北京华信数控技术有限公司", approval_date=date(2022, 3, 1),
        startup_funds_paid=True, planned_completion=date(2023, 12, 31),
        total_budget_fen=30 * WAN, requested_fen=10 * WAN, contact_name="王五",
        contact_phone="010-83570885", received_date=date(2022, 10, 28),
        materials=dict.fromkeys(PROJECT_MATERIALS, True))


def test_a_title_stored_with_its_space_is_the_same_project_typed_or_imported_again(reg, tmp_path):
    reg.save_campaign(plan_2022())
    old = reg.save_project(_project("一种盾构管片 拼装定位方法"))  # stored before the tidy
    again = _project(tidy_title(PASTED))
    assert again.title == TIDY

    refused = entry_checks.duplicate_project(reg, again)  # the form refuses to save it
    assert refused and f"项目{old}" in refused
    sheet = write_sheet(tmp_path / "p.xlsx", [PROJECT_HEADERS, project_row(项目名称=PASTED)])
    preview = read_table(sheet, 2022)
    assert preview.records[0].title == TIDY
    [said_again] = find_duplicates(reg, preview).values()  # the import marks the row
    assert f"项目{old}" in said_again, said_again

    other_studio = replace(again, studio_name="王五职工创新工作室")  # one title, two studios
    said = [f.message for f in check_project_draft(reg, other_studio).findings]
    assert any("同名项目" in m for m in said), said


def test_search_finds_a_tidied_title_by_a_run_across_the_old_space(reg):
    reg.save_campaign(plan_2022())
    app_id = reg.save_project(_project(tidy_title(PASTED)))
    [row] = reg.query("SELECT title, search_text FROM project_applications WHERE id = ?",
                      (app_id,))
    assert row["title"] == TIDY and "管片拼装" in row["search_text"]


def test_the_form_stores_a_typed_title_as_the_import_does(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "北京市海淀区总工会", "北京中科智测科技有限公司", PASTED)
    fill(qtbot, INVENTION, "2021年3月5日", "张三", ID_1, CARD_1, "13800138000", "y", "y", "y")
    fill(qtbot, "智能装备", None, "2022-10-20")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert app.title == TIDY


def test_a_paper_opened_keeps_its_stored_title_unless_it_is_typed_again(ctx, qtbot, reg):
    """A title stored before titles were tidied is not changed (on the trail) by a save
    of another field of its paper; typed again, it is tidied."""
    old = reg.save_project(_project("一种盾构管片 拼装定位方法"))
    form = ProjectForm(ctx, reg.project(old))
    qtbot.addWidget(form)
    assert form.build_record(form.values()[0]).title == "一种盾构管片 拼装定位方法"
    form.editor("title").set_value("一种盾构管片 拼装定位方法（二期）")
    assert form.build_record(form.values()[0]).title == "一种盾构管片拼装定位方法（二期）"
