"""导入汇总表 with a row naming a registered person (by ID number) under another spelling:
the row keeps his registered name, says both spellings in its 原因 and its 第一发明人 cell,
and the summary asks; ticking 按表中姓名更正已登记人员的姓名 (Alt+M) takes the table's."""

from __future__ import annotations

from fixtures.summary_sheets import ID_1, INVENTION_2, PATENT_HEADERS, patent_row, write_sheet
from PySide6.QtCore import Qt
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.ui.import_dialog import READY

__all__ = ["answers", "ctx", "qsettings", "window"]

TITLE = ["2022年职工创新发明专利助推汇总表"]


def _tables(tmp_path):
    first = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        第一发明人="张伟", 身份证号=ID_1)])
    other = write_sheet(tmp_path / "朝阳区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市朝阳区总工会", 专利号=INVENTION_2, 专利名称="一种光伏支架",
        第一发明人="张玮", 身份证号=ID_1)])
    return first, other


def _name_cell(model):
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return model.index(0, headers.index("第一发明人"))


def test_a_typo_of_a_registered_name_is_asked_and_his_name_kept(window, qtbot, reg, answers,
                                                                 tmp_path):
    first, other = _tables(tmp_path)
    commit(reg, read_table(first, 2022))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, other)
    model = dialog.model
    assert model.rows_with(READY) == [3]
    assert model.data(model.index(0, 1)) == "可导入（请核对姓名）"
    assert model.data(_name_cell(model)) == "张伟（表中：张玮）"
    assert model.data(_name_cell(model), Qt.ItemDataRole.ForegroundRole) is not None
    reason = model.data(model.index(0, 2))
    assert "“第一发明人”表中为“张玮”" in reason and "为“张伟”" in reason
    assert "请核对：第 3 行第一发明人的姓名与登记册" in dialog.summary.text()
    assert dialog.rename_people.isVisible() and not dialog.rename_people.isChecked()
    assert "张玮" in dialog.problem_text()  # in the list for the union too
    dialog.grab().save(str(tmp_path / "asked.png"))
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert [a.inventor_name for a in reg.patents(2022)] == ["张伟", "张伟"]  # no one renamed


def test_ticked_the_tables_spelling_renames_him(window, qtbot, reg, answers, tmp_path):
    first, other = _tables(tmp_path)
    commit(reg, read_table(first, 2022))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, other)
    press(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier, dialog)  # 按表中姓名更正已登记人员的姓名(&M): read again
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.rename_people.isChecked()
                    and "张玮" in str(dialog.model.data(_name_cell(dialog.model))),
                    timeout=10_000)
    assert dialog.model.data(_name_cell(dialog.model)) == "张玮"
    assert "请核对：第 3 行" not in dialog.summary.text()  # taken: said as a rename
    assert "按本行登记，此人的其他申报也随之改变" in dialog.summary.text()
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert [a.inventor_name for a in reg.patents(2022)] == ["张玮", "张玮"]


def test_the_choice_is_the_tables_not_the_next_ones(window, qtbot, reg, answers, tmp_path):
    first, other = _tables(tmp_path)
    commit(reg, read_table(first, 2022))
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, other)
    dialog.rename_people.setChecked(True)  # read again, his name taken from this table
    qtbot.waitUntil(lambda: dialog.preview is not None
                    and dialog.model.data(_name_cell(dialog.model)) == "张玮", timeout=10_000)
    again = write_sheet(tmp_path / "石景山区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位="北京市石景山区总工会", 专利号=INVENTION_2, 专利名称="一种光伏支架",
        第一发明人="张卫", 身份证号=ID_1)])
    dialog.path.clear()
    read(qtbot, dialog, again)
    assert not dialog.rename_people.isChecked()
    assert dialog.model.data(_name_cell(dialog.model)) == "张伟（表中：张卫）"
