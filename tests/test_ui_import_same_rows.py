"""导入汇总表 of a union's table that came after its papers were typed from the paper forms:
a row that is the registered paper exactly is 已登记（与表中相同）, passed over — not a row
to skip 请另行处理 with 全部导入 greyed — and the import goes on with the rest, saying how
many were registered already."""

from __future__ import annotations

from fixtures.summary_sheets import (
    ID_2,
    INVENTION_2,
    PATENT_HEADERS,
    patent_row,
    write_sheet,
)
from PySide6.QtCore import Qt
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.io.import_commit import commit
from boostdesk.io.importer import read_table
from boostdesk.io.resend import SAME
from boostdesk.ui.import_dialog import READY

__all__ = ["answers", "ctx", "qsettings", "window"]

TITLE = ["2022年职工创新发明专利助推汇总表"]


def test_a_row_already_typed_is_passed_over_and_the_rest_imported(window, qtbot, reg, answers,
                                                                   tmp_path):
    typed = write_sheet(tmp_path / "typed.xlsx", [TITLE, PATENT_HEADERS, patent_row()])
    commit(reg, read_table(typed, 2022))  # as the desk typed it
    table = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row(),
                                                 patent_row(序号=2, 第一发明人="李四", 身份证号=ID_2,
                                                            专利号=INVENTION_2, 专利名称="一种传感器")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, table)
    model = dialog.model
    assert model.rows_with(SAME) == [3] and model.rows_with(READY) == [4]
    assert model.data(model.index(0, 1)) == SAME
    assert "与表中相同" in model.data(model.index(0, 2))
    assert "已登记（与表中相同）1 行（第 3 行），不再导入（不是错误" in dialog.summary.text()
    assert dialog.import_all.isEnabled() and not dialog.import_rest.isEnabled()
    assert dialog.import_all.text() == "全部导入（导入 1 行）(&A)"
    assert "第 3 行" not in dialog.problem_text()  # nothing for the union to correct
    dialog.grab().save(str(tmp_path / "same.png"))
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert not answers.questions  # no 跳过…请另行处理 asked
    assert sorted(a.inventor_name for a in reg.patents(2022)) == ["张三", "李四"]
    assert "已登记（与表中相同）1 行（第 3 行），不再导入" in answers.infos[-1][1]


def test_a_table_refused_whole_still_copies_its_problem_for_the_union(window, qtbot, reg,
                                                                      answers, tmp_path):
    """缺少“第一发明人”列: the table refused, and 复制问题清单 was greyed — the clerk had
    nothing to send the union."""
    from PySide6.QtGui import QGuiApplication

    headers = ["序号", "推荐单位", "专利名称", "专利号", "授权公告日", "身份证号"]
    path = write_sheet(tmp_path / "朝阳区.xlsx", [TITLE, headers, [1, "朝阳", "一种泵",
                                                              INVENTION_2, "2021-05-01", ID_2]])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.model is None and "缺少“第一发明人”列" in dialog.summary.text()
    assert dialog.copy_problems.isEnabled()
    dialog.copy_problems.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.copy_problems)
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("朝阳区.xlsx：整张表无法导入") and "缺少“第一发明人”列" in copied
    # another table read: its own problems, not this one's
    good = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row()])
    read(qtbot, dialog, good)
    assert "整张表无法导入" not in dialog.problem_text()


def test_a_registered_paper_with_slips_is_asked_on_its_row(window, qtbot, reg, answers,
                                                           tmp_path):
    """可能是同一份申报: the row names the registered paper, is not imported by 跳过标出的行,
    and is imported as another patent only with 仍导入可能是同一份申报的行 (Alt+I)."""
    from fixtures.summary_sheets import patent_no

    from boostdesk.io.duplicates import SIMILAR

    desk = write_sheet(tmp_path / "desk.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        专利号=patent_no("202110312312"), 专利名称="一种转向架（构架）焊接变形控制方法")])
    commit(reg, read_table(desk, 2022))
    table = write_sheet(tmp_path / "丰台区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        专利号=patent_no("202110312321"), 专利名称="一种转向架构架焊接变形控制方法")])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, table)
    model = dialog.model
    assert model.rows_with(SIMILAR) == [3]
    assert "与已登记的专利1" in model.data(model.index(0, 2))
    assert f"{SIMILAR} 1 行" in dialog.summary.text()
    assert not dialog.import_all.isEnabled()  # not stored as his second paper unasked
    assert dialog.import_similar.isVisible() and "第 3 行" in dialog.problem_text()
    # the union is asked which it is; the box and the flag are the clerk's
    assert "如确是另一项，请来函说明" in dialog.problem_text()
    assert "仍导入" not in dialog.problem_text() and "--" not in dialog.problem_text()
    dialog.grab().save(str(tmp_path / "similar.png"))
    press(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier, dialog)
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.model is not model
                    and dialog.model.rows_with(READY) == [3], timeout=10_000)
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert len(reg.patents(2022)) == 2
