"""A union's table writing its 是/否 columns as 0 and 1 (number cells): read as 否 / 是 and
noted grey as √ is (不算问题). A 所在单位 or 推荐单位 that is only digits or marks (0, -) is
no body's name: the import refuses the cell with the reason, and the form the same."""

from __future__ import annotations

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

from boostdesk.io.importer import read_table
from boostdesk.ui.project_form import ProjectForm

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_zero_and_one_in_a_yes_no_column_are_noted_as_read(tmp_path):
    path = write_sheet(tmp_path / "p.xlsx", [
        PATENT_HEADERS,
        patent_row(是否一线职工=0, 是否职务发明=1),
        patent_row(专利号=INVENTION_2, 第一发明人="李四", 是否一线职工=1.0, 是否已在生产中应用="1"),
    ])
    preview = read_table(path, 2022)
    assert not preview.errors
    assert [r.frontline for r in preview.records] == [False, True]
    assert preview.read_as == {
        2: ["是否一线职工填“0”，读作“否”", "是否职务发明填“1”，读作“是”"],
        3: ["是否一线职工填“1”，读作“是”", "是否已在生产中应用填“1”，读作“是”"],
    }


def test_a_company_written_as_digits_is_refused_with_the_reason(tmp_path):
    path = write_sheet(tmp_path / "p.xlsx", [
        PATENT_HEADERS,
        patent_row(所在单位=0),
        patent_row(专利号=INVENTION_2, 第一发明人="李四", 推荐单位="-"),
    ])
    preview = read_table(path, 2022)
    said = [str(e) for e in preview.errors]
    assert any("第 2 行" in e and "所在单位" in e and "“0”只有数字或符号，不是单位名称" in e
               for e in said), said
    assert any("第 3 行" in e and "推荐单位" in e and "“-”只有数字或符号" in e for e in said), said
    assert preview.records == []
    # a name with letters stays a name: 3M中国, 360公司
    fine = write_sheet(tmp_path / "x.xlsx", [PROJECT_HEADERS, project_row(所在单位="3M中国有限公司")])
    assert not read_table(fine, 2022).errors


def test_the_form_refuses_it_too(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    patent_paper(form, inventor_name="王芳", enterprise_name="0")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.patents(2022) == []
    title, text = answers.errors[-1]
    assert "未保存" in title and "所在单位：“0”只有数字或符号，不是单位名称" in text


def test_the_project_form_says_it_on_its_field(ctx, qtbot):
    form = shown_form(qtbot, ProjectForm, ctx)
    editor = form.editor("enterprise_name")
    editor.setFocus()
    type_text(qtbot, "123", editor)
    press(qtbot, Qt.Key.Key_Tab, widget=editor)
    _values, errors = form.values()
    assert "“123”只有数字或符号，不是单位名称" in errors["enterprise_name"]
