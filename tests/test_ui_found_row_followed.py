"""专利助推 / 创新项目, 工作室 and 单位与人员 → 人员 follow the rows chosen as 资格审核, 公示
and 拨付 do (``KeepSelection``): across a search typed, a reload and a header sort the
rows chosen stay chosen, the first row when none is left; the pane beside the list and
the actions on the current row (Enter, Ctrl+M, 更正身份证号…) are about that row.

Before, 专利助推 kept only its current row across a search or a reload (Ctrl+M on three
patents chosen, after a search that kept them, moved one) and a header sort left no row
current, the pane still showing the one it had left (Enter: 请先在列表中选择); 人员 left
no person current after a search or a reload (更正身份证号…: 请先在列表中选中)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from test_ui_keyboard_screens import CTRL, _ids, _screen, window
from test_ui_support import answers, focused, press, qsettings, type_text

__all__ = ["answers", "qsettings", "window"]

DOWN, SHIFT = Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier
PATENTS, PROJECTS, STUDIOS = 1, 2, 3


def _search(qtbot, text: str) -> None:
    """Ctrl+F, the text typed, ↓ into the list (the search run at once, not after the pause)."""
    press(qtbot, Qt.Key.Key_F, CTRL)
    type_text(qtbot, text)
    press(qtbot, DOWN)


def _click_header(qtbot, view, column: int) -> None:
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def _shows(screen, ref: str) -> bool:
    return f"· {ref} ·" in screen.detail.toPlainText()  # 发明专利助推 · 专利7 · 状态 已登记


def test_patents_chosen_stay_chosen_through_a_search_and_ctrl_m_moves_them_all(window, qtbot):
    screen = _screen(window, qtbot, PATENTS)
    assert focused() is screen.table and screen.current_id() == 5
    press(qtbot, DOWN, SHIFT)
    press(qtbot, DOWN, SHIFT)
    assert screen.selected_ids() == [5, 6, 7] and "已选 3 条" in screen.count.text()
    _search(qtbot, "ZL201")  # the patent numbers of the 2010s: 5, 6 and 7 among them
    found = _ids(screen.table)
    assert focused() is screen.table and {5, 6, 7} < set(found) and 11 not in found
    assert screen.selected_ids() == [5, 6, 7] and "已选 3 条" in screen.count.text()
    assert screen.current_id() == 7 and _shows(screen, "专利7")
    press(qtbot, Qt.Key.Key_M, CTRL)  # 改状态: the three chosen, not the current one only
    assert screen.current_form.app_ids == [5, 6, 7]
    screen.current_form.reject()


def test_a_search_leaving_one_project_shows_it_and_enter_opens_it(window, qtbot):
    screen = _screen(window, qtbot, PROJECTS)
    press(qtbot, DOWN)
    _search(qtbot, "五轴数控")
    assert _ids(screen.table) == [9] and screen.selected_ids() == [9]
    assert _shows(screen, "项目9")
    press(qtbot, Qt.Key.Key_Return)
    assert screen.current_form.record.id == 9
    screen.current_form.reject()
    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_Escape)  # every project again: the one found still chosen
    press(qtbot, DOWN)
    assert len(_ids(screen.table)) > 1 and screen.selected_ids() == [9]
    assert _shows(screen, "项目9")


def test_a_header_sort_keeps_the_patent_shown_the_current_one(window, qtbot):
    screen = _screen(window, qtbot, PATENTS)
    press(qtbot, DOWN)
    press(qtbot, DOWN)
    assert screen.current_id() == 7 and _shows(screen, "专利7")
    _click_header(qtbot, screen.table, 3)  # 第一发明人: the search again, in another order
    assert _ids(screen.table)[:3] != [5, 6, 7]
    assert screen.current_id() == 7 and screen.selected_ids() == [7] and _shows(screen, "专利7")
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    assert screen.current_form.record.id == 7  # the one the pane shows
    screen.current_form.reject()


def test_a_reload_keeps_the_patents_chosen_and_shows_the_current_as_it_is_now(window, qtbot):
    screen = _screen(window, qtbot, PATENTS)
    press(qtbot, DOWN, SHIFT)
    press(qtbot, DOWN, SHIFT)
    reg = window.ctx.reg
    with reg.transaction():  # another screen's change: the list read again
        reg.conn.execute("UPDATE patent_applications SET status = 'qualified' WHERE id = 7")
    window.ctx.changed.emit("patent")
    assert screen.selected_ids() == [5, 6, 7] and "已选 3 条" in screen.count.text()
    assert screen.current_id() == 7 and "状态 资格审核通过" in screen.detail.toPlainText()


def test_the_studio_found_is_shown_and_read_again_after_a_change(window, qtbot):
    screen = _screen(window, qtbot, STUDIOS)
    first = screen.current_id()
    _search(qtbot, "公路养护")
    assert len(_ids(screen.table)) == 1
    found = screen.current_id()
    assert found != first
    assert screen.detail.toPlainText().startswith("公路养护机械创新工作室")
    reg = window.ctx.reg
    studio = reg.studio("公路养护机械创新工作室")
    with reg.transaction():
        reg.conn.execute("UPDATE studios SET leader = '冯德胜（代）' WHERE id = ?", (studio.id,))
    window.ctx.changed.emit("studio")
    assert screen.current_id() == found and "冯德胜（代）" in screen.detail.toPlainText()
    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_Escape)  # every studio again: the one found still the one shown
    press(qtbot, DOWN)
    assert len(_ids(screen.table)) > 1 and screen.current_id() == found
    assert screen.detail.toPlainText().startswith("公路养护机械创新工作室")


def _people(window, qtbot):
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)  # 人员: Ctrl+F searches the tab in view
    screen.focus_search()
    return screen


def test_the_person_found_is_the_one_correct_id_corrects(window, qtbot, answers):
    screen = _people(window, qtbot)
    type_text(qtbot, "龚雨桐")
    screen._search_now()  # the typing pause
    assert len(screen.people.ids) == 1
    qtbot.mouseClick(screen.correct_id_button, Qt.MouseButton.LeftButton)
    assert not answers.errors  # was: 请先在列表中选中要更正的人员
    dialog = screen.current_form
    assert dialog.name == "龚雨桐"
    dialog.reject()


def test_a_reload_keeps_the_person_chosen(window, qtbot, answers):
    screen = _people(window, qtbot)
    type_text(qtbot, "宋")
    press(qtbot, DOWN)
    press(qtbot, DOWN)
    chosen = screen.people.ids[1]
    assert len(screen.people.ids) == 2 and focused() is screen.people_view
    window.ctx.changed.emit("patent")  # a change elsewhere: the people read again
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # 更正身份证号…
    assert not answers.errors
    assert screen.current_form.person_id == chosen
    screen.current_form.reject()
