"""专家评审 → 评分录入 searched as the other lists are (Ctrl+F, the box over the tabs), on
the demo register as a clerk meets it: a score typed on a row found is that project's, in
the register (a searched grid once wrote to the row of the same index in the whole list);
saving takes the whole sheet; the state counts the whole sheet; the search stays when the
expert changes; Alt+Z is the expert, Enter there goes into the grid."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_keyboard_screens import _screen, _search, window
from test_ui_support import answers, focused, press, qsettings, type_text

from boostdesk.panel import grid as gr
from boostdesk.panel.scoring import expert_sheet

__all__ = ["answers", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
# the demo's 陈志远 scores 20, 22, 23, 26, 27, 29, 30; 何文静 20, 21, 23, 26, 27, 28, 29;
# 26 and 27 are 赵永刚职工创新工作室's, of 北京丰台轨道交通装备有限公司


def _scoring(window, qtbot):
    screen = _screen(window, qtbot, 5)
    tab = screen.show_tab("评分录入")
    tab.expert.setCurrentIndex(0)
    assert tab.expert.currentText().startswith("陈志远")
    return screen, tab


def _shown(tab) -> list[int]:
    model = tab.model
    return [model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1) for r in range(model.rowCount())]


def _type_cell(qtbot, text: str) -> None:
    """Keys where the keyboard is: the grid (its first key opens the cell), then Enter."""
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget(), ch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def _stored(reg, tab) -> dict[int, dict[int, int]]:
    """The expert's scores in the register, by project: criterion → tenths."""
    return {r.project_id: r.scores_x10 for r in expert_sheet(reg, tab.expert.currentData())}


def test_a_score_typed_on_the_row_found_is_that_project_s_in_the_register(window, qtbot, reg):
    screen, tab = _scoring(window, qtbot)
    assert _shown(tab) == [20, 22, 23, 26, 27, 29, 30]
    assert screen.search.box.isEnabled()
    _search(qtbot, screen, "项目27")  # Ctrl+F: the box, not the expert
    assert _shown(tab) == [27] and screen.search.count.text() == "1 个项目"
    # the state is the whole sheet's, and says the grid shows part of it
    assert tab.state.text() == "共 7 个项目待评分（搜索显示其中 1 个）"
    press(qtbot, Qt.Key.Key_Down)  # into the grid, on the project found's first score
    assert focused() is tab.table and tab.table.currentIndex().column() == 1
    _type_cell(qtbot, "18")
    assert tab.total_text(0) == "18.0"
    press(qtbot, Qt.Key.Key_S, CTRL)  # 保存草稿
    first = gr.criteria(reg, 2022)[0].id
    stored = _stored(reg, tab)
    assert stored[27] == {first: 180}  # the project found, not 20 (row 0 of the whole sheet)
    assert all(scores == {} for pid, scores in stored.items() if pid != 27)
    assert _shown(tab) == [27]  # saved and reloaded: the search goes on
    assert tab.state.text() == "草稿：共 7 个项目，尚未提交（搜索显示其中 1 个）"


def test_scores_typed_under_several_searches_are_all_saved_each_to_its_project(
        window, qtbot, reg):
    screen, tab = _scoring(window, qtbot)
    _search(qtbot, screen, "声学")  # 27's title
    press(qtbot, Qt.Key.Key_Return)
    _type_cell(qtbot, "15")
    type_text(qtbot, "1")  # the next cell's editor left open: Ctrl+F takes it in
    qtbot.keyClick(focused(), "2")
    _search(qtbot, screen, "精密")  # 30
    assert _shown(tab) == [30]
    press(qtbot, Qt.Key.Key_Return)
    _type_cell(qtbot, "9")
    press(qtbot, Qt.Key.Key_S, CTRL)  # saved while the search hides 27: the whole sheet
    first, second = (c.id for c in gr.criteria(reg, 2022)[:2])
    stored = _stored(reg, tab)
    assert stored[27] == {first: 150, second: 120} and stored[30] == {first: 90}
    assert [pid for pid, scores in stored.items() if scores] == [27, 30]
    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_Escape)  # the search cleared: the whole sheet again
    screen.search.flush()
    assert len(_shown(tab)) == 7
    row = tab.model.row_of(27)
    assert [tab.model.text(row, c) for c in (1, 2)] == ["15", "12"]
    assert tab.model.text(tab.model.row_of(30), 1) == "9"
    assert tab.model.text(0, 1) == ""  # 20, at the found rows' index, untouched


def test_fragments_in_any_order_full_width_and_by_enterprise(window, qtbot):
    screen, tab = _scoring(window, qtbot)
    _search(qtbot, screen, "丰台")  # the enterprise, shown in the title's tooltip
    assert _shown(tab) == [26, 27]
    assert "北京丰台轨道交通装备有限公司" in tab.model.index(0, 0).data(
        Qt.ItemDataRole.ToolTipRole)
    _search(qtbot, screen, "声学 赵永刚")  # title and studio, in any order
    assert _shown(tab) == [27]
    _search(qtbot, screen, "项目２６")  # typed full width
    assert _shown(tab) == [26]
    _search(qtbot, screen, "项目2")  # a 登记号 finds that project only, not 项目20…29
    assert _shown(tab) == []
    hint = tab.table.viewport().findChild(object, "empty_hint")
    assert "没有找到“项目2”" in hint.text() and "Esc" in hint.text()


def test_the_search_stays_when_the_expert_changes(window, qtbot):
    screen, tab = _scoring(window, qtbot)
    _search(qtbot, screen, "丰台")
    assert _shown(tab) == [26, 27]
    press(qtbot, Qt.Key.Key_Z, ALT)  # the expert's key
    assert focused() is tab.expert
    press(qtbot, Qt.Key.Key_Down)  # the next expert: 何文静
    assert tab.expert.currentText().startswith("何文静")
    assert screen.search.box.text() == "丰台" and _shown(tab) == [26, 27]
    assert screen.search.count.text() == "2 个项目"
    assert tab.state.text() == "草稿：共 7 个项目，尚未提交（搜索显示其中 2 个）"
    press(qtbot, Qt.Key.Key_Return)  # Enter: into the grid, on the first project found
    assert focused() is tab.table
    assert (tab.table.currentIndex().row(), tab.table.currentIndex().column()) == (0, 1)
    press(qtbot, Qt.Key.Key_F, CTRL)  # from the grid, Ctrl+F is the search again
    assert focused() is screen.search.box


def _current(tab) -> tuple[int, int]:
    index = tab.table.currentIndex()
    return tab.model.index(index.row(), 0).data(Qt.ItemDataRole.UserRole + 1), index.column()


def test_the_cursor_stays_on_its_project_while_the_search_finds_it(window, qtbot):
    screen, tab = _scoring(window, qtbot)
    _search(qtbot, screen, "丰台")
    assert _current(tab) == (26, 1)  # the first found, its first score: ↓ lands there
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Down, widget=tab.table)
    press(qtbot, Qt.Key.Key_Right, widget=tab.table)
    assert _current(tab) == (27, 2)
    _search(qtbot, screen, "赵永刚")  # still found: the cursor stays on it
    assert _current(tab) == (27, 2)
    _search(qtbot, screen, "项目26")  # gone: the first found
    assert _current(tab) == (26, 1)
