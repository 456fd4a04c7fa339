"""Cells written otherwise than the form (√, Y, 集团级, 10万, +86, full-width digits) are read
as the form says them and shown as a grey note on the row in the preview (不算问题), so the
clerk sees what was read how; a space trimmed is no note."""

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
from test_ui_import import open_dialog, read
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.io.importer import read_table
from boostdesk.ui.theme import MUTED_COLOUR, themed
from boostdesk.validate import person_key

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_the_unusual_spellings_of_a_row_are_noted_as_read(tmp_path):
    path = write_sheet(tmp_path / "p.xlsx", [
        PATENT_HEADERS,
        patent_row(是否一线职工="√", 是否职务发明="Y", 联系电话="+86 138 0013 8000"),
        patent_row(专利号=INVENTION_2, 第一发明人="李四", 是否一线职工=" 是 ",
                   联系电话="１３８００１３８０００"),
    ])
    preview = read_table(path, 2022)
    assert preview.read_as == {
        2: ["联系电话去掉了国家代码 +86", "是否一线职工填“√”，读作“是”", "是否职务发明填“Y”，读作“是”"],
        3: ["联系电话的全角数字按半角读取"],  # the spaced 是: no note
    }
    projects = write_sheet(tmp_path / "x.xlsx", [
        PROJECT_HEADERS, project_row(工作室级别="集团级", **{"申请助推金额（万元）": "10万"})])
    assert read_table(projects, 2022).read_as == {
        2: ["工作室级别填“集团级”，读作“区/局/集团级”", "申请助推金额（万元）填“10万”，读作 10 万元"]}


def test_the_preview_shows_them_grey_beside_the_row(window, qtbot, reg, answers, tmp_path):
    path = write_sheet(tmp_path / "p.xlsx", [PATENT_HEADERS, patent_row(是否一线职工="√")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    cell = dialog.model.index(0, 2)
    assert dialog.model.data(cell) == "（不算问题）是否一线职工填“√”，读作“是”"
    colour = dialog.model.data(cell, Qt.ItemDataRole.ForegroundRole)
    assert colour.name() == themed(MUTED_COLOUR).lower()
    assert "第 2 行有单元格按常见写法读取（如 √ 读作“是”），不算问题" in dialog.summary.text()
    assert "不算问题" not in dialog.problem_text()  # nothing for the union


def test_a_minority_name_spaced_for_its_dot_is_noted_and_an_id_s_full_stop_forgiven(tmp_path):
    """阿依古丽 买买提 (the dot typed as a space) was joined silently to 阿依古丽买买提; an ID
    with an input method's 。 after it refused (应为 18 位，实为 19 位). The name is read as
    before and said with its dotted spelling to check (a note, no error); the ID is read."""
    from fixtures.summary_sheets import ID_1, ID_2
    path = write_sheet(tmp_path / "p.xlsx", [
        PATENT_HEADERS,
        patent_row(第一发明人="阿依古丽 买买提", 身份证号=f"{ID_1}。"),
        patent_row(专利号=INVENTION_2, 第一发明人="黄 志成", 身份证号=f"“{ID_2}”"),
    ])
    preview = read_table(path, 2022)
    assert [r.inventor_name for r in preview.records] == ["阿依古丽买买提", "黄志成"]
    assert not preview.errors
    assert [person_key(r.id_number) for r in preview.records] == [ID_1, ID_2]
    assert preview.read_as == {2: ["第一发明人填“阿依古丽 买买提”，读作“阿依古丽买买提”；"
                                   "如名字中间应有间隔点，应为“阿依古丽·买买提”，请照身份证核对"]}
