"""The keyboard tester's 资格审核 of stop 33, on the demo register as a clerk meets it: a
project found by Ctrl+F is the current one — its buttons enabled, its findings shown,
Tab reaching them — and after a decision the keyboard is back on the list, on the next
project (it went to the navigation: the next ↓ opened 公示). The same on 排名与档次,
评审组与评分细则, 分配专家, 公示 and 拨付, whose buttons follow the row chosen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QTableView
from test_row_search_counting import first_rows_only
from test_ui_keyboard_screens import CTRL, _ids, _screen, _search, window
from test_ui_support import answers, focused, press, qsettings, type_text

from boostdesk.panel import experts as ex
from boostdesk.ui.keep_selection import KeepSelection, current_id
from boostdesk.ui.row_search import SearchRowsModel
from boostdesk.ui.rows_model import Row

__all__ = ["answers", "first_rows_only", "qsettings", "window"]

DOWN, TAB, SPACE = Qt.Key.Key_Down, Qt.Key.Key_Tab, Qt.Key.Key_Space


def _tab_to(qtbot, widget, most: int = 10) -> None:
    """Tab on until ``widget`` has the keyboard (as the clerk walks the screen)."""
    for _ in range(most):
        if focused() is widget:
            return
        press(qtbot, TAB)
    assert focused() is widget, f"Tab never reached {widget.text()!r}: {focused()!r}"


def _clear_search(qtbot, screen) -> None:
    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_Escape)
    screen.search.flush()


def test_a_project_found_by_ctrl_f_is_the_one_its_buttons_decide(window, qtbot, answers):
    screen = _screen(window, qtbot, 5)
    tab = screen.qualification
    assert tab.current().project.id == 31  # the first row
    _search(qtbot, screen, "郭晓峰")  # a studio: one project, far down the list
    assert _ids(tab.table) == [43]
    press(qtbot, DOWN)
    assert focused() is tab.table and tab.current().project.id == 43
    assert tab.pass_button.isEnabled() and tab.refuse_button.isEnabled()
    assert "材料未齐" in tab.findings.text()
    press(qtbot, DOWN)  # the one row found: the cursor stays, and so do they
    press(qtbot, Qt.Key.Key_Up)
    assert tab.current().project.id == 43 and tab.pass_button.isEnabled()

    _clear_search(qtbot, screen)  # every project again, the cursor on the one found
    assert len(_ids(tab.table)) == 7 and tab.current().project.id == 43
    assert tab.pass_button.isEnabled() and "材料未齐" in tab.findings.text()

    screen.focus_list()
    press(qtbot, TAB)
    assert focused() is tab.reason
    press(qtbot, TAB)
    assert focused() is tab.day  # 资格审核日期
    press(qtbot, TAB)
    assert focused() is tab.pass_button
    press(qtbot, TAB)
    assert focused() is tab.refuse_button
    press(qtbot, TAB, Qt.KeyboardModifier.ShiftModifier)
    type_text(qtbot, "企业已补交立项文件", tab.reason)
    _tab_to(qtbot, tab.pass_button)
    press(qtbot, SPACE)
    assert not answers.errors
    assert window.ctx.reg.project(43).status == "qualified"  # the one found, not the first
    assert window.ctx.reg.project(31).status == "registered"


def test_after_a_decision_the_keyboard_is_on_the_list_on_the_next_project(window, qtbot,
                                                                          answers):
    screen = _screen(window, qtbot, 5)
    tab = screen.qualification
    reg = window.ctx.reg
    _tab_to(qtbot, tab.refuse_button)  # 不通过… asks its reason (the rules find nothing)
    press(qtbot, SPACE)  # …and Esc there: nothing decided, back on the list
    assert reg.project(31).status == "registered"
    assert focused() is tab.table and tab.current().project.id == 31
    answers.text = "材料为复印件，原件未到"
    _tab_to(qtbot, tab.refuse_button)
    press(qtbot, SPACE)
    assert reg.project(31).status == "refused"
    assert focused() is tab.table and tab.current().project.id == 34

    _tab_to(qtbot, tab.pass_button)  # against its findings, with no reason: type it
    press(qtbot, SPACE)
    assert answers.errors and reg.project(34).status == "registered"
    assert focused() is tab.reason
    type_text(qtbot, "工作室已完成结题验收，补交验收证明")
    _tab_to(qtbot, tab.pass_button)
    press(qtbot, SPACE)
    assert reg.project(34).status == "qualified"
    assert focused() is tab.table and tab.current().project.id == 38
    press(qtbot, DOWN)  # in the list: the next project, not the next screen
    assert window.stack.currentWidget() is screen and tab.current().project.id == 40


def test_the_last_project_decided_leaves_the_keyboard_on_the_empty_list(window, qtbot,
                                                                        answers):
    screen = _screen(window, qtbot, 5)
    tab = screen.qualification
    _search(qtbot, screen, "郭晓峰")
    press(qtbot, DOWN)
    type_text(qtbot, "企业已补交立项文件", tab.reason)
    tab.reason.setFocus()
    _tab_to(qtbot, tab.pass_button)
    press(qtbot, SPACE)  # the one found decided: the list shows none now
    assert window.ctx.reg.project(43).status == "qualified" and _ids(tab.table) == []
    assert not tab.pass_button.isEnabled() and tab.findings.text() == ""
    assert focused() is tab.table  # not the navigation, where ↓ opens 公示
    press(qtbot, DOWN)
    assert window.stack.currentWidget() is screen


def _override(qtbot, reason: str) -> None:
    """In 人工调整档次's dialog once it shows: the next tier down, the reason, Enter."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.tier.setCurrentIndex(dialog.tier.count() - 2)
        type_text(qtbot, reason, dialog.reason_field)
        press(qtbot, Qt.Key.Key_Return, widget=dialog.reason_field)

    QTimer.singleShot(0, answer)


def test_a_ranked_project_found_is_adjusted_and_its_adjustment_taken_back(window, qtbot,
                                                                          answers):
    screen = _screen(window, qtbot, 5)
    tab = screen.show_tab("排名与档次")
    # a project still under review that the ranking places in the top tier, not the first
    # row (a tier below it to adjust to); the demo's season has decided the earlier ones
    top = tab.ranking.rows[0].tier_name
    pid, title = next((r.project_id, r.ref) for r in tab.ranking.rows[1:]
                      if r.status == "review" and not r.held and r.tier_name == top)
    screen.focus_list()
    _search(qtbot, screen, title[:6])
    assert _ids(tab.table) == [pid]
    press(qtbot, DOWN)
    assert tab.current().project_id == pid and tab.override_button.isEnabled()
    assert title in tab.detail.text()
    _clear_search(qtbot, screen)  # every project again, the cursor kept on the one found
    assert tab.current().project_id == pid and tab.override_button.isEnabled()
    assert title in tab.detail.text()
    press(qtbot, DOWN)  # from the box into the list, on it

    _tab_to(qtbot, tab.override_button)
    _override(qtbot, "专家复议后调整")
    press(qtbot, SPACE)
    assert not answers.errors
    assert tab.ranking.row(pid).override is not None
    qtbot.waitUntil(lambda: focused() is tab.table)  # once the dialog's window has gone
    assert tab.current().project_id == pid
    assert tab.clear_button.isEnabled()
    _tab_to(qtbot, tab.clear_button)
    press(qtbot, SPACE)  # greyed by its own click: the keyboard back on the list
    assert tab.ranking.row(pid).override is None and not tab.clear_button.isEnabled()
    assert focused() is tab.table
    press(qtbot, DOWN)
    assert window.stack.currentWidget() is screen


def test_an_expert_found_is_shown_and_removed_from_the_keyboard(window, qtbot, answers):
    reg = window.ctx.reg
    ex.save_expert(reg, 2022, ex.Expert("赵丽华", "北京建筑大学", "土木工程", ""))
    screen = _screen(window, qtbot, 5)
    tab = screen.show_tab("评审组与评分细则")
    screen.refresh()
    screen.focus_list()
    _search(qtbot, screen, "赵丽华")
    press(qtbot, DOWN)
    assert tab.name.text() == "赵丽华" and tab.org.text() == "北京建筑大学"
    assert tab.update_button.isEnabled() and tab.remove_button.isEnabled()
    _clear_search(qtbot, screen)
    assert tab.update_button.isEnabled() and tab.remove_button.isEnabled()
    press(qtbot, DOWN)
    assert current_id(tab.table) == next(e.id for e in ex.experts(reg, 2022)
                                         if e.name == "赵丽华")

    at = tab.table.currentIndex().row()
    _tab_to(qtbot, tab.remove_button)
    press(qtbot, SPACE)  # 删除 asked, and said yes
    assert "赵丽华" not in {e.name for e in ex.experts(reg, 2022)}
    assert focused() is tab.table  # not the grid beside, the next widget of the chain
    row = min(at, tab.model.rowCount() - 1)  # the expert that took his place, shown
    assert tab.table.currentIndex().row() == row and tab.table.selectionModel().isRowSelected(row)
    assert tab.name.text() == tab.model.text(row, 0) and tab.remove_button.isEnabled()
    press(qtbot, DOWN)
    assert window.stack.currentWidget() is screen


def test_declaring_a_conflict_brings_the_keyboard_back_to_the_cell(window, qtbot, answers):
    screen = _screen(window, qtbot, 5)
    tab = screen.show_tab("分配专家")
    screen.focus_list()
    _search(qtbot, screen, "BIM")
    press(qtbot, DOWN)
    row = tab.table.currentIndex().row()
    empty = next(c for c in range(2, tab.model.columnCount()) if not tab.model.text(row, c))
    tab.table.setCurrentIndex(tab.model.index(row, empty))
    answers.text = "与该项目所在单位有合作关系"
    _tab_to(qtbot, tab.conflict_button)
    press(qtbot, SPACE)
    assert tab.model.text(tab.table.currentIndex().row(), empty) == "回避"
    assert focused() is tab.table


def test_a_publicity_search_finding_none_leaves_no_objection_to_act_on(window, qtbot):
    screen = _screen(window, qtbot, 6)
    # the batch in publicity (the demo's season: the second), its project with an objection open
    open_batch = next(i for i in range(screen.batch.count())
                      if screen.batch.itemText(i).endswith("（公示中）"))
    screen.batch.setCurrentIndex(open_batch)
    objected = [r for r in screen.by_id.values() if any(o.open for o in r.objections)]
    assert len(objected) == 1 and len(screen.by_id) > 1
    _search(qtbot, screen, objected[0].title[:4])
    press(qtbot, DOWN)
    assert screen.current_row().project_id == objected[0].project_id
    assert screen.objection_model.rowCount() == 1 and screen.resolve_button.isEnabled()
    assert screen.object_button.isEnabled()

    _search(qtbot, screen, "没有这样的项目")  # its objection and buttons went on showing
    assert _ids(screen.table) == [] and screen.current_row() is None
    assert screen.objection_model.rowCount() == 0
    assert not screen.resolve_button.isEnabled() and not screen.object_button.isEnabled()
    _clear_search(qtbot, screen)
    assert screen.current_row() is not None and screen.object_button.isEnabled()


def test_a_payments_search_leaves_the_buttons_of_the_lines_chosen(window, qtbot):
    screen = _screen(window, qtbot, 7)
    assert screen.selected()[0].paid and screen.return_button.isEnabled()
    _search(qtbot, screen, "蒋伟")  # owed, not paid: the paid line chosen is not found
    assert screen.selected() == []
    assert not screen.return_button.isEnabled() and not screen.cancel_button.isEnabled()
    press(qtbot, DOWN)
    assert [x.payee for x in screen.selected()] == ["蒋伟"] and screen.pay_button.isEnabled()
    assert not screen.return_button.isEnabled()


@pytest.mark.usefixtures("first_rows_only")
def test_the_row_chosen_coming_with_a_counted_search_is_followed(qapp, qtbot):
    """A search still counting appends the row chosen before it: what follows the row
    chosen is told once it is there (the restored choice made no signal it heard)."""
    n = 3 * SearchRowsModel.FIRST_ROWS
    model = SearchRowsModel(("a", "b"), sorted_on_load=False)
    model.set_rows([Row(i, (f"行{i}", "甲" if i % 2 else "乙")) for i in range(n)])
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    seen: list[object] = []
    KeepSelection(view, model, first=True).follow(lambda: seen.append(current_id(view)))
    view.selectRow(n - 1)  # far down: not among the first rows a search looks at
    assert seen == [n - 1]
    model.set_search("甲")
    assert model.counting and current_id(view) == 1  # the first found meanwhile
    while model.counting:
        model._fold_some()
    assert current_id(view) == n - 1 and seen[-1] == n - 1


def test_a_project_not_yet_under_review_is_not_offered_a_tier_change(window, qtbot, answers):
    """人工调整档次… was enabled on a project only 资格审核通过 (no experts, no scores) and
    clicking it ended in the domain's refusal (不在专家评审排名中): greyed now, saying why."""
    screen = _screen(window, qtbot, 5)
    tab = screen.show_tab("排名与档次")
    waiting = [r for r in tab.ranking.rows if r.status == "qualified" and not r.adopted]
    assert waiting  # the demo's four qualified projects with no experts yet
    screen.focus_list()
    _search(qtbot, screen, waiting[0].ref[:6])
    press(qtbot, DOWN)
    assert tab.current().project_id == waiting[0].project_id
    assert not tab.override_button.isEnabled()
    assert "尚未进入专家评审排名" in tab.override_button.toolTip()
    reviewed = next(r for r in tab.ranking.rows if r.status == "review" and not r.held)
    _clear_search(qtbot, screen)
    _search(qtbot, screen, reviewed.ref[:6])
    press(qtbot, DOWN)
    assert tab.current().project_id == reviewed.project_id and tab.override_button.isEnabled()
