"""A paper's 推荐单位 is never the federation itself: the award is split between the
federation and the recommending union (方案一（三）、二（三）). Registered so, the union's
share was a second payment of 北京市总工会 under a list of the same heading (`print payments
--payer 北京市总工会` printed only one of the two), and the statistics counted it as a union's."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import (
    INVENTION_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)
from PySide6.QtCore import Qt
from test_ui_paste import CTRL, open_new_form, patent_paper, shown_form
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.cli import main
from boostdesk.io.importer import read_table
from boostdesk.models import PatentApplication, ProjectApplication, RegisterError, plan_2022
from boostdesk.ui.project_form import ProjectForm

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_a_patent_row_recommended_by_the_federation_itself_is_refused(tmp_path, capsys):
    path = write_sheet(tmp_path / "fed.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(序号=2, 推荐单位="北京市 总工会", 专利号=INVENTION_2, 第一发明人="李四")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.rows == [2]
    [error] = preview.errors
    assert (error.row, error.column) == (3, "推荐单位")
    assert "填的是北京市总工会本身" in error.message and "（方案一（三））" in error.message
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    assert "第 3 行“推荐单位”：填的是北京市总工会本身" in capsys.readouterr().err


def test_the_federation_as_the_tables_union_refuses_its_blank_rows(tmp_path):
    """A direct basic-level union's table headed 填报单位：北京市总工会, its 推荐单位 left blank."""
    path = write_sheet(tmp_path / "above.xlsx", [
        ["2022年职工创新发明专利助推汇总表"], ["填报单位（盖章）：北京市总工会"],
        PATENT_HEADERS, patent_row(推荐单位=None)])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert not preview.records
    assert "填的是北京市总工会本身" in preview.errors[0].message


def test_a_project_row_cites_the_project_clause(tmp_path):
    path = write_sheet(tmp_path / "proj.xlsx", [
        PROJECT_HEADERS, project_row(推荐单位="北京市总工会")])
    preview = read_table(path, 2022, campaign=plan_2022())
    [error] = preview.errors
    assert "（方案二（三））" in error.message


def test_a_union_named_after_the_federation_is_still_a_union(tmp_path):
    path = write_sheet(tmp_path / "own.xlsx", [
        PATENT_HEADERS, patent_row(推荐单位="北京市总工会机关工会")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert not preview.errors and preview.records[0].unit_name == "北京市总工会机关工会"


def test_the_form_save_refuses_the_federation_as_union(reg):
    """The paper forms save through the register: refused there, as the import refuses."""
    with pytest.raises(RegisterError, match="推荐单位填的是北京市总工会本身"):
        reg.save_patent(PatentApplication(
            campaign_year=2022, title="一种测试方法", patent_number_raw="ZL202110100001.X",
            inventor_name="王军", unit_name="北京市总工会", enterprise_name="北京测试有限公司"))
    with pytest.raises(RegisterError, match="推荐单位填的是北京市总工会本身"):
        reg.save_project(ProjectApplication(
            campaign_year=2022, title="一种测试项目", studio_name="王军职工创新工作室",
            unit_name="北京市总工会", enterprise_name="北京测试有限公司"))
    assert not reg.conn.execute("SELECT 1 FROM units WHERE name = '北京市总工会'").fetchone()


def test_the_patent_form_refuses_it_on_its_field(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    patent_paper(form, inventor_name="王芳", unit_name="北京市总工会")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.patents(2022) == []
    title, text = answers.errors[-1]
    assert "未保存" in title and "推荐单位：填的是北京市总工会本身" in text


def test_the_project_form_says_it_on_its_field(ctx, qtbot):
    form = shown_form(qtbot, ProjectForm, ctx)
    editor = form.editor("unit_name")
    editor.setFocus()
    type_text(qtbot, "北京市总工会", editor)
    press(qtbot, Qt.Key.Key_Tab, widget=editor)
    _values, errors = form.values()
    assert "填的是北京市总工会本身" in errors["unit_name"] and "（方案二（三））" in errors["unit_name"]


def test_a_union_is_not_renamed_or_merged_into_the_federation(reg):
    """`correct union` and 单位与人员's 改名 (both ``rename_unit``): a union renamed 北京市总工会
    made its papers' union share the federation's second payment, as the import had."""
    reg.ensure_unit("北京市总工会机关工会")
    with pytest.raises(RegisterError, match="“北京市总工会”是北京市总工会本身，不是推荐单位"):
        reg.rename_unit("北京市总工会机关工会", "北京市 总工会")
    reg.ensure_unit("北京市总工会")  # a register that took it before the import refused it
    with pytest.raises(RegisterError, match="是北京市总工会本身"):
        reg.rename_unit("北京市总工会机关工会", "北京市总工会")
    assert reg.rename_unit("北京市总工会", "北京市劳动保护科学研究所工会")["name"] == (
        "北京市劳动保护科学研究所工会")  # the way out for such a register


def test_a_paper_registered_so_before_is_still_saved_as_it_is(reg):
    """A register that took such a union before: its paper is saved unchanged (Ctrl+D, a
    material ticked), not refused, while moving another paper onto it is."""
    from dataclasses import replace

    app = PatentApplication(
        campaign_year=2022, title="一种测试方法", patent_number_raw="ZL202110100001.X",
        inventor_name="王军", unit_name="海淀区总工会", enterprise_name="北京测试有限公司")
    app_id = reg.save_patent(app)
    reg.conn.execute("UPDATE units SET name = '北京市总工会' WHERE name = '海淀区总工会'")
    stored = replace(app, id=app_id, unit_name="北京市总工会")
    assert reg.save_patent(replace(stored, phone="13800138000")) == app_id
    other = reg.save_patent(replace(app, patent_number_raw="ZL202110100002.8", title="另一方法",
                                    unit_name="朝阳区总工会"))
    with pytest.raises(RegisterError, match="推荐单位填的是北京市总工会本身"):
        reg.save_patent(replace(app, id=other, patent_number_raw="ZL202110100002.8",
                                title="另一方法", unit_name="北京市总工会"))
