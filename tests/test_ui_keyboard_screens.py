"""The keyboard tester's leftovers of stop 31, on the demo register as a clerk meets it:
Ctrl+F on 专家评审, 公示, 拨付 and 打印; where Ctrl+number leaves the keyboard; the 编辑
menu on each screen; Enter in 评审组's expert fields."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QTabBar, QTableView
from test_ui_support import answers, focused, press, qsettings, type_text

from boostdesk.demo import fill_demo
from boostdesk.ui.context import AppContext
from boostdesk.ui.keep_selection import current_id

__all__ = ["answers", "qsettings"]

CTRL = Qt.KeyboardModifier.ControlModifier


def demo_window(reg, qsettings, qtbot):
    """The demo register's window at 1366×768, shown."""
    from boostdesk.ui.main_window import MainWindow

    fill_demo(reg)
    ctx = AppContext(reg, 2022, settings=qsettings)
    ctx.set_operator("录入员甲")
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(reg, qsettings, qapp, qtbot, answers):
    w = demo_window(reg, qsettings, qtbot)
    ctx = w.ctx
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    yield w
    ctx.shutdown()


def _screen(window, qtbot, number: int):
    """Ctrl+number where the keyboard is (in the screen before: what Qt moved on from), as
    the tester pressed it."""
    if not window.isAncestorOf(QApplication.focusWidget()):
        window.nav.setFocus()
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
    return window.stack.currentWidget()


def _search(qtbot, screen, text: str) -> None:
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is screen.search.box
    type_text(qtbot, text)
    screen.search.flush()  # the typing pause, without waiting for it


def _ids(view: QTableView) -> list:
    model = view.model()
    return [model.id_at(r) for r in range(model.rowCount())]


def test_ctrl_f_on_publicity_finds_by_enterprise_and_reference_and_esc_clears(window, qtbot):
    screen = _screen(window, qtbot, 6)
    screen.batch.setCurrentIndex(screen.batch.findData(2))  # the batch in publicity: 14, 15, 16
    assert _ids(screen.table) == [14, 15, 16]
    _search(qtbot, screen, "亦庄")
    assert _ids(screen.table) == [16] and screen.search.count.text() == "1 个项目"
    press(qtbot, Qt.Key.Key_Down)  # into the list, on the project found
    assert focused() is screen.table and screen.current_row().project_id == 16

    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_Escape)
    screen.search.flush()
    assert screen.search.box.text() == "" and _ids(screen.table) == [14, 15, 16]
    type_text(qtbot, "项目15")  # a reference finds that project (not 项目150's)
    screen.search.flush()
    assert _ids(screen.table) == [15]
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is screen.table
    _search(qtbot, screen, "没有这样的项目")
    assert _ids(screen.table) == []
    assert "没有找到" in screen.table.viewport().findChild(object, "empty_hint").text()


def test_ctrl_f_on_payments_finds_a_payee_a_patent_number_and_a_reference(window, qtbot, answers):
    screen = _screen(window, qtbot, 7)
    lines = {x.id: x for x in screen.lines}
    _search(qtbot, screen, "蒋敏")
    found = _ids(screen.table)
    assert found and {lines[i].payee for i in found} == {"蒋敏"}
    press(qtbot, Qt.Key.Key_Return)  # Enter goes into the list: nothing is paid from the box
    assert focused() is screen.table and not answers.errors
    assert "已拨付 2 笔 ¥3,000.00" in screen.summary.text()  # the totals of the lines found

    _search(qtbot, screen, "202011489228")  # the number without ZL and check digit
    assert set(_ids(screen.table)) == set(found)
    _search(qtbot, screen, "专利35")
    assert set(_ids(screen.table)) == {i for i, x in lines.items()
                                       if x.stream == "patent" and x.app_id == 35}
    assert screen.search.count.text() == f"{len(found)} 笔款项"


def test_ctrl_f_on_the_panel_searches_the_list_of_the_tab_in_view(window, qtbot):
    screen = _screen(window, qtbot, 5)
    tab = screen.show_tab("资格审核")
    first, second = tab.model.rows[0], tab.model.rows[1]
    _search(qtbot, screen, f"项目{second.id}")
    assert _ids(tab.table) == [second.id]
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is tab.table and tab.current().project.id == second.id

    experts = screen.show_tab("评审组与评分细则")  # the box's text searches this tab now
    assert experts.model.rowCount() == 0
    _search(qtbot, screen, "陈志远")
    assert [experts.model.text(r, 0) for r in range(experts.model.rowCount())] == ["陈志远"]
    assert screen.search.count.text() == "1 位专家"

    assign = screen.show_tab("分配专家")
    _search(qtbot, screen, "BIM")
    assert [assign.model.text(r, 0) for r in range(assign.model.rowCount())] == [
        "机电管线综合排布BIM深化设计应用"]

    scoring = screen.show_tab("评分录入")  # the expert's sheet (test_ui_scoring_search)
    _search(qtbot, screen, "康复")
    assert [scoring.model.text(r, 0) for r in range(scoring.model.rowCount())] == [
        "术后康复护理评估系统开发"]

    screen.show_tab("资格审核")
    _search(qtbot, screen, first.cells[1][:4])
    assert first.id in _ids(tab.table)


def test_ctrl_f_on_print_goes_to_the_box_naming_what_to_print(window, qtbot):
    screen = _screen(window, qtbot, 8)
    assert focused() is screen.document  # a form: its first field
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is screen.refs  # 审批表: the 申报 box (专利12, 项目3, numbers, titles)
    screen.document.setCurrentIndex(screen.document.findText("拨付清单"))
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is screen.payer


@pytest.mark.parametrize(("number", "name"), [
    (1, "table"), (2, "table"), (3, "table"), (5, None), (6, "table"), (7, "table")])
def test_ctrl_number_puts_the_keyboard_on_the_screens_list(window, qtbot, number, name):
    settings = _screen(window, qtbot, 9)
    next(w for w in settings.findChildren(QLineEdit) if w.isVisible()).setFocus()  # in a field
    screen = _screen(window, qtbot, number)
    view = screen.qualification.table if name is None else getattr(screen, name)
    assert focused() is view
    assert view.selectionModel().hasSelection()  # the row the cursor is on, chosen


def test_ctrl_number_on_people_and_settings_lands_on_a_list_or_a_field(window, qtbot):
    _screen(window, qtbot, 3).search.setFocus()  # from 工作室's search box
    screen = _screen(window, qtbot, 4)
    assert isinstance(focused(), QTableView) and screen.isAncestorOf(focused())
    assert not isinstance(focused(), QTabBar)
    screen = _screen(window, qtbot, 9)
    assert screen.isAncestorOf(focused()) and not isinstance(focused(), QTabBar)


def test_the_edit_menu_offers_what_the_screen_in_view_does(window, qtbot):
    actions = window.screen_actions
    _screen(window, qtbot, 3)
    assert actions["new_item"].text() == "录入往年助推(&N)…" and actions["new_item"].isEnabled()
    assert not actions["change_status"].isEnabled()
    assert not actions["record_past"].isEnabled() and actions["focus_search"].isEnabled()
    # 文件's Ctrl+E and Ctrl+P too: only the two streams' lists export and print sheets
    assert not actions["export_list"].isEnabled() and not actions["print_selected"].isEnabled()
    _screen(window, qtbot, 6)
    assert actions["new_item"].text() == "新建申报(&N)" and not actions["new_item"].isEnabled()
    assert not actions["move_to_year"].isEnabled() and actions["focus_search"].isEnabled()
    _screen(window, qtbot, 1)
    assert actions["new_item"].isEnabled() and actions["change_status"].isEnabled()
    assert not actions["record_past"].isEnabled()  # a project's, on 创新项目
    assert actions["export_list"].isEnabled() and actions["print_selected"].isEnabled()
    _screen(window, qtbot, 2)
    assert all(a.isEnabled() for a in actions.values())
    _screen(window, qtbot, 9)
    assert not any(a.isEnabled() for a in actions.values())


def test_enter_in_the_expert_fields_adds_then_saves(window, qtbot, reg, answers):
    from boostdesk.panel import experts as ex

    screen = _screen(window, qtbot, 5)
    tab = screen.show_tab("评审组与评分细则")
    before = len(ex.experts(reg, 2022))
    tab.name.setFocus()
    tab.name.clear()
    type_text(qtbot, "赵丽华", tab.name)
    tab.org.clear()
    type_text(qtbot, "北京建筑大学", tab.org)
    press(qtbot, Qt.Key.Key_Return, widget=tab.org)
    added = [e for e in ex.experts(reg, 2022) if e.name == "赵丽华"]
    assert len(ex.experts(reg, 2022)) == before + 1 and added[0].organisation == "北京建筑大学"
    # emptied for the next one, the keyboard in 姓名; none chosen under the empty fields
    assert [f.text() for f in (tab.name, tab.org, tab.field, tab.contact)] == ["", "", "", ""]
    assert focused() is tab.name and current_id(tab.table) is None
    assert not tab.update_button.isEnabled()

    tab.table.selectRow(next(r for r in range(tab.model.rowCount())
                             if tab.model.text(r, 0) == "赵丽华"))  # chosen again to edit
    assert tab.name.text() == "赵丽华"
    tab.field.setFocus()
    tab.field.clear()
    type_text(qtbot, "土木工程", tab.field)
    press(qtbot, Qt.Key.Key_Return, widget=tab.field)  # the same name: 保存修改
    assert len(ex.experts(reg, 2022)) == before + 1
    assert next(e for e in ex.experts(reg, 2022) if e.name == "赵丽华").field == "土木工程"
    assert isinstance(screen.scoring.expert, QComboBox)


def _fill_expert(qtbot, tab, name: str, org: str, field: str, contact: str) -> None:
    for box, text in ((tab.name, name), (tab.org, org), (tab.field, field),
                      (tab.contact, contact)):
        box.setFocus()
        box.selectAll()
        type_text(qtbot, text, box)


def test_the_expert_fields_are_emptied_once_added_and_kept_when_refused(window, qtbot, reg):
    """The office head's find: after 添加专家 the four fields still held the one added,
    inviting him twice or the next expert's name over his unit and phone."""
    from boostdesk.panel import experts as ex

    tab = _screen(window, qtbot, 5).show_tab("评审组与评分细则")
    fields = (tab.name, tab.org, tab.field, tab.contact)
    _fill_expert(qtbot, tab, "赵丽华", "北京建筑大学", "土木工程", "13800138000")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    added = next(e for e in ex.experts(reg, 2022) if e.name == "赵丽华")
    assert (added.organisation, added.field, added.contact) == (
        "北京建筑大学", "土木工程", "13800138000")
    assert [f.text() for f in fields] == ["", "", "", ""]
    assert focused() is tab.name
    assert not tab.update_button.isEnabled() and not tab.remove_button.isEnabled()

    before = len(ex.experts(reg, 2022))
    _fill_expert(qtbot, tab, "赵丽华", "清华大学", "建筑学", "13900139000")  # a duplicate
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert len(ex.experts(reg, 2022)) == before and "赵丽华" in tab.error.text()
    assert [f.text() for f in fields] == ["赵丽华", "清华大学", "建筑学", "13900139000"]

    _fill_expert(qtbot, tab, "钱志强", "清华大学", "建筑学", "110101199003071234")  # an ID
    press(qtbot, Qt.Key.Key_Return, widget=tab.contact)
    assert "身份证号" in tab.error.text() and len(ex.experts(reg, 2022)) == before
    assert [f.text() for f in fields] == ["钱志强", "清华大学", "建筑学", "110101199003071234"]
    tab.contact.setFocus()
    tab.contact.selectAll()
    type_text(qtbot, "13900139000", tab.contact)  # put right, Enter again: added, emptied
    press(qtbot, Qt.Key.Key_Return, widget=tab.contact)
    assert "钱志强" in {e.name for e in ex.experts(reg, 2022)}
    assert [f.text() for f in fields] == ["", "", "", ""] and focused() is tab.name


def test_enter_in_a_panel_setting_box_saves_the_settings(window, qtbot, reg):
    from boostdesk.panel import grid as gr

    tab = _screen(window, qtbot, 5).show_tab("评审组与评分细则")
    before = gr.settings(reg, 2022).experts_per_project
    tab.per_project.setFocus()
    tab.per_project.lineEdit().selectAll()
    qtbot.keyClicks(tab.per_project, str(before + 2))
    press(qtbot, Qt.Key.Key_Return, widget=tab.per_project)
    assert gr.settings(reg, 2022).experts_per_project == before + 2


def test_enter_in_the_expert_fields_of_a_read_only_register_says_so(window, qtbot, reg,
                                                                   monkeypatch):
    from boostdesk.panel import experts as ex

    tab = _screen(window, qtbot, 5).show_tab("评审组与评分细则")
    monkeypatch.setattr(type(window.ctx), "read_only", property(lambda _self: True))
    said: list[str] = []
    window.ctx.notice.connect(said.append)
    tab.name.setFocus()
    tab.name.clear()
    type_text(qtbot, "赵丽华", tab.name)
    press(qtbot, Qt.Key.Key_Return, widget=tab.name)
    assert said and "赵丽华" not in {e.name for e in ex.experts(reg, 2022)}


def test_a_list_searches_its_rows_as_the_register_does(qapp):
    """Fragments in any order, full width folded, 项目6 that project only (not 项目61), a
    name's dot typed otherwise, and a row holding an odd character still found."""
    from boostdesk.ui.row_search import SearchRowsModel, project_refs
    from boostdesk.ui.rows_model import Row

    model = SearchRowsModel(("项目", "工作室"), refs=project_refs, sorted_on_load=False)
    model.set_rows([Row(6, ("5G室内分布系统覆盖优化", "买买提·艾力职工创新工作室")),
                    Row(61, ("项目6号线路改造", "\ue000桥梁养护工作室")),
                    Row(7, ("电驱总成下线测试台架", "精密装配职工创新工作室"))])

    def found(text: str) -> list:
        model.set_search(text)
        return [model.id_at(r) for r in range(model.rowCount())]

    assert found("项目6") == [6]
    assert found("５ｇ 优化") == [6] and found("买买提.艾力") == [6]
    assert found("桥梁") == [61] and found("工作室 职工") == [6, 7]
    assert found("") == [6, 61, 7]


def test_ctrl_tab_between_the_panel_s_tabs_lands_on_the_tab_s_list(window, qtbot):
    """Ctrl+Tab from 评审组's list onto 分配专家 left the keyboard on 自动均衡分配: a Space
    meant for the grid dealt every project's experts."""
    screen = _screen(window, qtbot, 5)
    screen.show_tab("评审组与评分细则")
    setup = screen.tabs.currentWidget()
    setup.table.setFocus()
    press(qtbot, Qt.Key.Key_Tab, CTRL, widget=focused())
    assign = screen.tabs.currentWidget()
    assert assign is screen.assign
    qtbot.waitUntil(lambda: focused() is assign.table)
    press(qtbot, Qt.Key.Key_Tab, CTRL, widget=focused())  # 评分录入: no list, its expert
    assert screen.tabs.currentWidget() is screen.scoring
    qtbot.waitUntil(lambda: screen.scoring.isAncestorOf(focused()))
    assert not isinstance(focused(), type(assign.auto_button))


def test_an_expert_added_while_the_search_hides_him_is_said_added(window, qtbot, reg):
    from boostdesk.panel import experts as ex

    screen = _screen(window, qtbot, 5)
    tab = screen.show_tab("评审组与评分细则")
    said: list[str] = []
    window.ctx.notice.connect(said.append)
    screen.search.box.setText("不会有人叫这个名字")
    screen.search.flush()
    assert tab.model.rowCount() == 0
    tab.name.setFocus()
    tab.name.clear()
    type_text(qtbot, "赵丽华", tab.name)
    press(qtbot, Qt.Key.Key_Return, widget=tab.name)
    assert "赵丽华" in {e.name for e in ex.experts(reg, 2022)}
    assert any("已添加专家“赵丽华”" in s and "Esc" in s for s in said)
