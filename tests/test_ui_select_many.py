"""The lists that selected one row at a time (单位与人员, 工作室, 公示, 专家评审) select several,
as 专利助推 does — Shift+click, Ctrl+click, Shift+↓, Ctrl+A — so that Ctrl+C copies them all;
what belongs to one row keeps to the current one (Enter opens it, the detail pane shows it)
and a change made to exactly one row, asked with several selected, does nothing and says why."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QDialog, QTableView
from test_ui_copy_rows import clipboard, pasted, shown
from test_ui_register import many_patents
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.panel import publicity as pub
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.ui.people_screen import PersonIdDialog, PersonNameDialog, UnitKindDialog
from boostdesk.ui.studio_screen import StudioDialog
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

__all__ = ["answers", "clipboard", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
NONE = Qt.KeyboardModifier.NoModifier


def click(qtbot, view: QTableView, row: int, modifier=NONE) -> None:
    """Click the row's first cell, as a user picks a row (with Ctrl or Shift held)."""
    view.scrollTo(view.model().index(row, 0))
    rect = view.visualRect(view.model().index(row, 0))
    assert rect.isValid(), "the row is not on screen"
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def into(qtbot, view: QTableView) -> None:
    """The keyboard on the list, as after a click or ↓ from the search box."""
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)


def chosen(view: QTableView) -> list[int]:
    return sorted(i.row() for i in view.selectionModel().selectedRows())


def copied(qtbot, view: QTableView, board) -> list[list[str]]:
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    return pasted(board)


@pytest.fixture
def executed(monkeypatch) -> list[str]:
    """The titles of the modal dialogs a screen ran (none expected): answered 取消 at once
    rather than waiting for a user."""
    titles: list[str] = []

    def run(dialog) -> int:
        titles.append(dialog.windowTitle())
        return 0

    monkeypatch.setattr(QDialog, "exec", run)
    return titles


@pytest.fixture
def studios(reg) -> list[int]:
    """Four projects, each of its own studio, union and enterprise."""
    return [make_project(reg, f"项目{k}", f"工作室{k}", CITY, unit=f"第{k}区总工会",
                         enterprise=f"企业{k}有限公司") for k in range(4)]


# -- 单位与人员 ---------------------------------------------------------------------------
def test_people_shift_down_copies_every_person_and_ctrl_enter_keeps_to_one(
        window, reg, qtbot, clipboard, answers):
    many_patents(reg, 6)
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)
    view = screen.people_view
    into(qtbot, view)
    click(qtbot, view, 1)
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    assert chosen(view) == [1, 2, 3]
    assert copied(qtbot, view, clipboard) == shown(view, [1, 2, 3])
    current = view.model().index(3, 0).data()
    # 更正身份证号 is one person's: refused, saying why, with no dialog opened
    qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)
    assert answers.errors[-1] == ("更正身份证号", "已选中 3 行：更正身份证号一次只更正一人，"
                                                 "请只选中要更正的那一人")
    assert not isinstance(screen.current_form, PersonIdDialog)
    qtbot.mouseClick(screen.correct_id_button, Qt.MouseButton.LeftButton)
    assert len(answers.errors) == 2 and screen.current_form is None
    into(qtbot, view)  # back from the button to the list
    # Enter opens the current person, where the keyboard is, as 专利助推's Enter
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert isinstance(screen.current_form, PersonNameDialog)
    assert screen.current_form.old == current
    screen.current_form.reject()
    click(qtbot, view, 0)  # one person: Ctrl+Enter corrects his ID as before
    qtbot.keyClick(view, Qt.Key.Key_Return, CTRL)
    assert isinstance(screen.current_form, PersonIdDialog)
    assert screen.current_form.name == view.model().index(0, 0).data()
    screen.current_form.reject()


def test_units_ctrl_click_copies_both_and_enter_opens_the_one_clicked_last(
        window, reg, studios, qtbot, clipboard):
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(0)
    view = screen.unit_view
    into(qtbot, view)
    click(qtbot, view, 0)
    click(qtbot, view, 2, CTRL)
    assert chosen(view) == [0, 2]
    assert copied(qtbot, view, clipboard) == shown(view, [0, 2])
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog = screen.current_form
    assert isinstance(dialog, UnitKindDialog) and dialog.name == view.model().index(2, 0).data()
    dialog.reject()
    screen.reload()  # another change: the rows chosen stay chosen
    assert chosen(view) == [0, 2] and view.currentIndex().row() == 2


def test_enterprises_ctrl_a_copies_them_all_with_the_header_and_keep_them_across_a_search(
        window, reg, studios, qtbot, clipboard):
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(1)
    view = screen.enterprise_view
    into(qtbot, view)
    click(qtbot, view, 0)
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    rows = list(range(view.model().rowCount()))
    assert rows == [0, 1, 2, 3] and chosen(view) == rows
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL | SHIFT)
    lines = pasted(clipboard)
    assert lines[0] == ["所在单位（企业）", "统一社会信用代码", "推荐单位", "人员数"]
    assert lines[1:] == shown(view, rows)
    screen.enterprise_search.setText("企业1")  # narrowed: the one found stays chosen
    assert chosen(view) == [0] and view.model().index(0, 0).data() == "企业1有限公司"
    screen.enterprise_search.clear()
    assert view.model().rowCount() == 4 and chosen(view) == [1]


def test_tab_into_a_list_selects_the_row_its_cursor_is_on(window, reg, qtbot):
    """Tab from the search box into 人员 left the first row current but unselected: the
    buttons and the pane showed nothing, and ↓ went on to the second row."""
    from PySide6.QtWidgets import QApplication

    many_patents(reg, 6)
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)
    view = screen.people_view
    assert chosen(view) == [0]  # the first person found chosen (as on 专利助推)
    view.clearSelection()  # the cursor on a row left unchosen (Ctrl+click)
    assert chosen(view) == []
    view.previousInFocusChain().setFocus()  # the widget before the list: Tab leaves it for it
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(view.hasFocus)
    assert chosen(view) == [0]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert chosen(view) == [1]
    view.clearSelection()
    into(qtbot, view)  # focus given by the program (a click, a dialog closing): as it was
    assert chosen(view) == []


# -- 工作室 -------------------------------------------------------------------------------
def test_studios_shift_click_copies_the_run_and_delete_keeps_to_one(
        window, reg, studios, qtbot, clipboard, answers):
    from boostdesk.models.records import StudioAward

    reg.add_studio_award(StudioAward("工作室1", 2020, "旧项目", 100_000_00, False, None))
    screen = window.screen_named("工作室")
    view = screen.table
    into(qtbot, view)
    click(qtbot, view, 0)
    click(qtbot, view, 2, SHIFT)
    assert chosen(view) == [0, 1, 2]
    assert copied(qtbot, view, clipboard) == shown(view, [0, 1, 2])
    assert "工作室2" in screen.detail.toPlainText()  # the pane: the row clicked last
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert answers.errors[-1][0] == "删除往年助推"
    assert answers.errors[-1][1].startswith("已选中 3 行：删除往年助推一次只删一个工作室的")
    assert not answers.questions and len(reg.studio_awards()) == 1
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert isinstance(screen.current_form, StudioDialog)
    assert screen.current_form.studio.name == "工作室2"
    screen.current_form.reject()
    screen.search.setText("工作室")  # a search still finding them: they stay chosen
    screen.search_rows()
    assert chosen(view) == [0, 1, 2] and screen.current_id() == studios[2]
    click(qtbot, view, 1)  # the one studio: its award deleted as before
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert answers.questions and not reg.studio_awards()


# -- 公示 -------------------------------------------------------------------------------
@pytest.fixture
def published(reg) -> list[int]:
    """Two projects adopted and publicized from 2022-12-20, two objections to the first."""
    ids = [make_project(reg, "市级甲项目", "工作室甲", CITY),
           make_project(reg, "区级丙项目", "工作室丙", DISTRICT)]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids[0]: 90, ids[1]: 80})
    adopt(reg, YEAR)
    pub.start_publicity(reg, YEAR, date(2022, 12, 20))
    pub.record_objection(reg, ids[0], date(2022, 12, 21), "某人", "数据不实")
    pub.record_objection(reg, ids[0], date(2022, 12, 22), "匿名来信", "成果重复")
    return ids


def test_publicity_ctrl_a_copies_every_project_and_objections_keep_to_one(
        window, reg, published, qtbot, clipboard, answers, executed):
    screen = window.screen_named("公示")
    view = screen.table
    into(qtbot, view)
    click(qtbot, view, 0)
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    assert chosen(view) == [0, 1]
    assert copied(qtbot, view, clipboard) == shown(view, [0, 1])
    assert screen.current_row().project_id == published[0]  # its objections still listed
    assert screen.objection_model.rowCount() == 2
    for button, action in ((screen.object_button, "登记异议"), (screen.review_button, "排名复核")):
        screen.dialog = None
        button.setEnabled(True)  # 排名复核 waits for approval: asked here all the same
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        assert answers.errors[-1] == (action, f"已选中 2 行：{action}一次只对一个项目，"
                                              f"请只选中要{action}的那一项")
        assert screen.dialog is None
    assert len(pub.publicity_rows(reg, YEAR)[0].objections) == 2

    objections = screen.objections
    into(qtbot, objections)
    click(qtbot, objections, 0)
    click(qtbot, objections, 1, CTRL)
    assert copied(qtbot, objections, clipboard) == shown(objections, [0, 1])
    qtbot.mouseClick(screen.resolve_button, Qt.MouseButton.LeftButton)
    assert answers.errors[-1] == ("处理异议", "已选中 2 行：处理异议一次只处理一件，"
                                              "请只选中要处理的那一件")
    assert screen.dialog is None
    screen.reload()  # a change elsewhere: both objections still chosen
    assert chosen(objections) == [0, 1]
    assert not executed


# -- 专家评审 -----------------------------------------------------------------------------
def test_qualification_copies_the_rows_selected_and_refuses_one_at_a_time(
        window, reg, studios, qtbot, clipboard, answers):
    """(通过 takes every project selected when none has findings: test_ui_qualify_many.)"""
    panel = window.screen_named("专家评审")
    tab = panel.show_tab("资格审核")
    view = tab.table
    into(qtbot, view)
    click(qtbot, view, 0)
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    assert copied(qtbot, view, clipboard) == shown(view, [0, 1, 2])
    assert tab.current().project.id == studios[2]  # the findings: the current row's
    qtbot.mouseClick(tab.refuse_button, Qt.MouseButton.LeftButton)
    assert answers.errors[-1] == ("资格审核不通过", "已选中 3 行：不通过须逐项审核并填写理由，"
                                                    "请只选中要审核的那一项")
    assert {reg.project(i).status for i in studios} == {"registered"}
    click(qtbot, view, 1)
    qtbot.mouseClick(tab.pass_button, Qt.MouseButton.LeftButton)
    assert reg.project(studios[1]).status == "qualified"


def test_experts_copy_several_and_save_or_delete_keep_to_one(
        window, reg, qtbot, clipboard, answers):
    add_experts(reg, 3)
    panel = window.screen_named("专家评审")
    tab = panel.show_tab("评审组与评分细则")
    view = tab.table
    names = [view.model().index(r, 0).data() for r in range(3)]
    into(qtbot, view)
    click(qtbot, view, 0)
    click(qtbot, view, 1, SHIFT)
    assert copied(qtbot, view, clipboard) == shown(view, [0, 1])
    assert tab.name.text() == names[1]  # the form: the current expert
    tab.name.setText("改名")
    qtbot.mouseClick(tab.update_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.remove_button, Qt.MouseButton.LeftButton)
    assert [e[0] for e in answers.errors[-2:]] == ["保存修改", "删除专家"]
    assert answers.errors[-1][1] == "已选中 2 行：删除一次只删一位专家，请只选中要删除的那一位"
    assert not answers.questions
    assert [view.model().index(r, 0).data() for r in range(3)] == names


def test_ranking_copies_every_row_and_a_tier_is_set_one_project_at_a_time(
        window, reg, qtbot, clipboard, answers, executed):
    ids = [make_project(reg, f"市级项目{k}", f"工作室{k}", CITY) for k in range(3)]
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids[0]: 90, ids[1]: 80, ids[2]: 70})
    panel = window.screen_named("专家评审")
    tab = panel.show_tab("排名与档次")
    view = tab.table
    into(qtbot, view)
    click(qtbot, view, 0)
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    rows = list(range(view.model().rowCount()))
    assert len(rows) == 3 and copied(qtbot, view, clipboard) == shown(view, rows)
    assert tab.override_button.isEnabled()
    qtbot.mouseClick(tab.override_button, Qt.MouseButton.LeftButton)
    assert answers.errors[-1] == ("人工调整档次", "已选中 3 行：人工调整档次一次只对一个项目，"
                                                  "请只选中要人工调整档次的那一项")
    assert tab.clear_override() is False
    assert answers.errors[-1][0] == "取消人工调整"
    assert not executed


def test_a_row_cut_into_several_ranges_counts_once(qtbot):
    """A moved header has Qt select a row as a range per run of columns (copy_rows says
    so): one row, not two, for 删除's “已选中 N 行”."""
    from boostdesk.ui.many_rows import select_many, selected_count
    from boostdesk.ui.rows_model import RowsModel

    model = RowsModel(("甲", "乙", "丙"))
    model.set_rows((k, (f"a{k}", f"b{k}", f"c{k}")) for k in range(5))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    select_many(view)
    flag = QItemSelectionModel.SelectionFlag.Select
    for row in (1, 3):
        view.selectionModel().select(QItemSelection(model.index(row, 0), model.index(row, 1)),
                                     flag)
        view.selectionModel().select(model.index(row, 2), flag)
    view.selectionModel().select(QItemSelection(model.index(1, 0), model.index(2, 0)), flag)
    assert view.selectionModel().selection().count() == 5
    assert selected_count(view) == 3
