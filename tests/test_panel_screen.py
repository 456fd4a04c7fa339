"""The 专家评审 screen: typed as a user would, cell to cell, with the totals live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from test_ui_support import year_context

from boostdesk.panel.experts import Expert, assign, assignments, save_expert
from boostdesk.panel.scoring import expert_sheet, panel_scores
from boostdesk.ui.panel_models import ASSIGNED, CONFLICT
from boostdesk.ui.panel_screen import PanelScreen
from boostdesk.ui.style import ERROR_COLOUR, OK_COLOUR, WARNING_COLOUR
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    fill_packages,
    make_project,
    score_all,
    to_review,
)


@pytest.fixture
def ctx(reg, tmp_path, monkeypatch):
    from boostdesk.ui import dialogs

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    context = year_context(reg, tmp_path, YEAR, "刘建国")
    context.shown_errors = shown  # type: ignore[attr-defined]
    return context


@pytest.fixture
def screen(ctx, qtbot):
    w = PanelScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1300, 700)
    w.show()
    w.activateWindow()  # keys reach the cell editor only in the active window
    qtbot.waitUntil(w.isActiveWindow)
    return w


def type_chinese(widget, text: str) -> None:
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_cell(qtbot, table, text: str) -> None:
    """Keys go where the keyboard focus is, as for a user: the grid (whose first key opens
    the cell's editor) or the editor that Enter opened on the next cell."""
    assert QApplication.focusWidget() is table or table.isAncestorOf(QApplication.focusWidget())
    for ch in text:
        qtbot.keyClick(QApplication.focusWidget(), ch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def cell(table, row: int, col: int, role=Qt.ItemDataRole.DisplayRole):
    """What the view shows in a cell: its text, or its tooltip, colour… by role."""
    return table.model().index(row, col).data(role)


def colour(table, row: int, col: int, role=Qt.ItemDataRole.ForegroundRole) -> str | None:
    brush = cell(table, row, col, role)
    return None if brush is None else brush.color().name()


def header(table, col: int) -> str:
    return table.model().headerData(col, Qt.Orientation.Horizontal)


def column(table, col: int) -> list[str]:
    return [cell(table, r, col) for r in range(table.model().rowCount())]


def current(table) -> tuple[int, int]:
    index = table.currentIndex()
    return index.row(), index.column()


def click(qtbot, table, row: int, col: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """The user's mouse on a cell (scrolled into view first, as the user would)."""
    index = table.model().index(row, col)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier,
                     table.visualRect(index).center())


def double_click(qtbot, table, row: int, col: int) -> None:
    click(qtbot, table, row, col)
    index = table.model().index(row, col)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton,
                      pos=table.visualRect(index).center())


def click_header(qtbot, table, col: int) -> None:
    head = table.horizontalHeader()
    x = head.sectionViewportPosition(col) + head.sectionSize(col) // 2
    qtbot.mouseClick(head.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, head.height() // 2))


def test_scoring_grid_moves_cell_to_cell_with_live_totals(screen, reg, qtbot):
    first = make_project(reg, "项目甲", "工作室甲", CITY)
    second = make_project(reg, "项目乙", "工作室乙", CITY)
    to_review(reg, first, second)
    [eid] = add_experts(reg, 1)
    assign(reg, eid, first)
    assign(reg, eid, second)
    tab = screen.show_tab("评分录入")
    screen.refresh()
    table = tab.table
    assert table.model().rowCount() == 2 and current(table) == (0, 1)
    table.setFocus()
    type_cell(qtbot, table, "18")
    assert tab.total_text(0) == cell(table, 0, tab.total_col) == "18.0"
    assert cell(table, 0, tab.total_col, Qt.ItemDataRole.ToolTipRole) == "已填 1/7 项"
    assert colour(table, 0, tab.total_col) == "#546e7a"  # grey until every criterion is in
    assert current(table) == (0, 2)  # Enter moved on
    for value in ("12.5", "13", "12", "11", "8", "9"):
        type_cell(qtbot, table, value)
    assert tab.total_text(0) == "83.5" and colour(table, 0, tab.total_col) == "#000000"
    assert cell(table, 0, 2) == "12.5"
    assert cell(table, 0, 2, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    # past the last criterion and the total, the comment cell comes next
    assert table.currentIndex().column() == tab.comment_col
    type_chinese(QApplication.focusWidget(), "创新性强")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # Tab commits and moves on too
    assert cell(table, 0, tab.comment_col) == "创新性强" and current(table) == (1, 1)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    click(qtbot, table, 1, 1)
    type_cell(qtbot, table, "21")
    assert "应在 0 到 20 之间，而不是 21" in tab.error.text()
    assert colour(table, 1, 1, Qt.ItemDataRole.BackgroundRole) == "#fdeceb"
    assert "而不是 21" in cell(table, 1, 1, Qt.ItemDataRole.ToolTipRole)
    assert not tab.save(submit=True)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    click(qtbot, table, 1, 1)
    for value in ("15", "10", "10", "10", "10", "7", "6"):  # typing replaces the 21
        type_cell(qtbot, table, value)
    assert tab.error.text() == "" and tab.total_text(1) == "68.0"
    assert cell(table, 1, 1, Qt.ItemDataRole.BackgroundRole) is None
    assert tab.save(submit=True)
    assert all(r.submitted for r in expert_sheet(reg, eid))
    assert panel_scores(reg, YEAR)[first].totals == (83.5,)
    assert expert_sheet(reg, eid)[0].comment == "创新性强"
    tab.load_expert()  # once submitted, the panel's mean is shown beside
    assert header(tab.table, tab.total_col + 1) == "专家组\n均分"
    assert cell(tab.table, 0, tab.total_col + 1) == "83.50"
    assert header(tab.table, tab.comment_col) == "评语"


def scored_by_one_assigned_to_another(reg):
    """One project: 专家1 has scored it, 专家2 is assigned and has not; 专家2."""
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    first, second = add_experts(reg, 2)
    score_all(reg, first, {pid: 90})
    assign(reg, second, pid)
    return second


def test_an_expert_sees_only_their_own_scores_before_submitting(screen, reg):
    scored_by_one_assigned_to_another(reg)
    tab = screen.show_tab("评分录入")
    screen.refresh()
    tab.select_expert("专家2")
    headers = [header(tab.table, c) for c in range(tab.table.model().columnCount())]
    assert headers[0] == "项目名称" and headers[1] == "科技含量\n（满分20）"
    assert headers[-2:] == ["合计", "评语"] and "专家组\n均分" not in headers
    assert all(cell(tab.table, 0, c) == "" for c in range(1, tab.total_col + 1))
    assert tab.save(submit=False)  # an empty draft is fine
    assert not tab.save(submit=True)
    assert "未评分" in screen.scoring.error.text()


def test_qualification_needs_a_reason_to_pass_against_the_findings(screen, reg, qtbot):
    bad = make_project(reg, "超比例项目", "工作室乙", CITY, budget_fen=5 * WAN)
    tab = screen.show_tab("资格审核")
    screen.refresh()
    assert cell(tab.table, 0, 4) == "不符合"
    assert colour(tab.table, 0, 4) == ERROR_COLOUR.lower()
    assert "50%" in cell(tab.table, 0, 7, Qt.ItemDataRole.ToolTipRole)
    assert "50%" in tab.findings.text()
    assert not tab.decide(True)
    assert "如仍通过资格审核，请填写理由" in tab.error.text()
    assert reg.project(bad).status == "registered"
    tab.reason.setFocus()
    type_chinese(tab.reason, "企业补充了追加投入的证明")
    qtbot.mouseClick(tab.pass_button, Qt.MouseButton.LeftButton)
    assert reg.project(bad).status == "qualified"
    assert reg.audit_trail("project_applications", bad)[-1]["after"]["reason"] == \
        "企业补充了追加投入的证明"
    assert tab.table.model().rowCount() == 0  # only the undecided are listed by default
    assert not reg.changes  # re-checked with the decision: reloads read the stored findings
    tab.pending_only.setChecked(False)
    assert cell(tab.table, 0, 4) == "不符合" and "50%" in tab.findings.text()


def test_a_project_awaiting_materials_is_passed_only_with_a_reason(screen, reg, qtbot):
    from dataclasses import replace

    pid = make_project(reg, "缺材料项目", "工作室丙", CITY)
    reg.save_project(replace(reg.project(pid), materials={}))
    tab = screen.show_tab("资格审核")
    screen.refresh()
    assert cell(tab.table, 0, 4) == "待补材料"
    qtbot.mouseClick(tab.pass_button, Qt.MouseButton.LeftButton)
    assert "待补材料" in tab.error.text() and "请填写理由" in tab.error.text()
    assert reg.project(pid).status == "registered"
    tab.reason.setFocus()
    type_chinese(tab.reason, "材料已补交")
    qtbot.mouseClick(tab.pass_button, Qt.MouseButton.LeftButton)
    assert reg.project(pid).status == "qualified"
    assert reg.project(pid).status_reason == "材料已补交"


def test_assignment_matrix_toggles_with_space_and_shows_conflicts(screen, reg, qtbot):
    pid = make_project(reg, "首钢项目", "工作室", CITY, enterprise="首钢特钢材料有限公司")
    reg_status = reg.project(pid).status
    assert reg_status == "registered"
    from boostdesk.models.records import PROJECT

    reg.set_status(PROJECT, pid, "qualified")
    save_expert(reg, YEAR, Expert("王工", "首钢特钢材料有限公司"))
    save_expert(reg, YEAR, Expert("李教授", "清华大学"))
    tab = screen.show_tab("分配专家")
    screen.refresh()
    assert header(tab.table, 2) == "李教授\n清华大学"  # the experts by name in pinyin order
    assert header(tab.table, 3) == "王工\n首钢特钢材料有限公司"
    assert cell(tab.table, 0, 3) == CONFLICT and colour(tab.table, 0, 3) == "#546e7a"
    assert "项目所在单位" in cell(tab.table, 0, 3, Qt.ItemDataRole.ToolTipRole)
    click(qtbot, tab.table, 0, 2)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert cell(tab.table, 0, 2) == ASSIGNED and cell(tab.table, 0, 1) == "1/5"  # of 5 asked
    assert colour(tab.table, 0, 2, Qt.ItemDataRole.BackgroundRole) == "#e8f0fe"
    assert reg.project(pid).status == "review"
    assert current(tab.table) == (0, 2)  # still on the cell after the reload
    click(qtbot, tab.table, 0, 3)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert "不能评审项目“首钢项目”" in tab.error.text()
    assert len(assignments(reg, YEAR)) == 1
    screen.refresh()
    assert current(tab.table) == (0, 3)  # a reload keeps the cell
    double_click(qtbot, tab.table, 0, 2)  # a double click withdraws it again
    assert cell(tab.table, 0, 2) == "" and assignments(reg, YEAR) == []


def test_rank_tab_shows_tiers_and_adopts_the_proposal(screen, reg, qtbot):
    a = make_project(reg, "第一名", "工作室甲", CITY, budget_fen=15 * WAN)
    b = make_project(reg, "第二名", "工作室乙", CITY)
    to_review(reg, a, b)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {a: 90, b: 80})
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    assert column(tab.table, 2) == ["第一名", "第二名"]  # in the ranking's order
    assert column(tab.table, 8) == ["¥50,000.00", "¥100,000.00"]
    assert colour(tab.table, 0, 8) == OK_COLOUR.lower()
    assert "5万元（市级）<b>1</b>/20" in tab.quotas.text()
    click(qtbot, tab.table, 0, 2)
    assert "10万元档超过项目总投入" in tab.detail.text()
    assert tab.override(b, 5 * WAN, "经复核调整")
    assert cell(tab.table, 1, 8) == "¥50,000.00（人工）"
    assert tab.current().project_id == a  # the selection outlived the reload
    assert tab.adopt()
    assert reg.project(a).status == reg.project(b).status == "proposed"


def test_rank_tab_shows_missing_scores_and_adopt_names_them(screen, reg, qtbot):
    a = make_project(reg, "第一名", "工作室甲", CITY)
    b = make_project(reg, "缺一位专家", "工作室乙", CITY)
    to_review(reg, a, b)
    e1, e2 = add_experts(reg, 2)
    score_all(reg, e1, {a: 90, b: 80})
    score_all(reg, e2, {a: 90})
    assign(reg, e2, b)
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    assert column(tab.table, 4) == ["2", "1/2"]
    assert colour(tab.table, 1, 4) == WARNING_COLOUR.lower()
    assert cell(tab.table, 1, 4, Qt.ItemDataRole.ToolTipRole) == "评分未齐：已交 1/2，缺 专家2"
    assert "评分未齐：已交 1/2，缺 专家2" in cell(tab.table, 1, 9)
    assert not tab.waiting.isHidden()
    assert "评分未齐 1 项" in tab.waiting.text() and "“缺一位专家”：已交 1/2" in tab.waiting.text()
    assert not tab.adopt()
    assert "“缺一位专家”：已交 1/2，缺 专家2" in tab.error.text()
    assert reg.project(b).status == "review"
    score_all(reg, e2, {a: 90, b: 80}, assign_first=False)
    screen.refresh()
    assert tab.waiting.isHidden() and column(tab.table, 4) == ["2", "2"]
    assert tab.adopt()


def test_override_dialog_lists_the_projects_it_displaces_before_it_is_saved(screen, reg, qtbot):
    from dataclasses import replace

    from boostdesk.ui.panel_rank_tab import OverrideDialog

    c = reg.campaign(YEAR)
    reg.save_campaign(c.with_changes(tiers=tuple(replace(t, quota=1) for t in c.tiers)))
    top = make_project(reg, "本室第一", "工作室甲", CITY)
    second = make_project(reg, "本室第二", "工作室甲", CITY)
    third = make_project(reg, "他室项目", "工作室乙", CITY)
    to_review(reg, top, second, third)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {top: 90, second: 88, third: 85})
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    dialog = OverrideDialog(screen.ctx, tab.ranking.row(second), tab)
    qtbot.addWidget(dialog)
    dialog.tier.setCurrentIndex(dialog.tier.findData(5 * WAN))
    assert dialog.effects.text() == ("将使以下 2 个项目的拟助推档次改变：\n"
                                     "“本室第一”：10万元档 → 未获助推\n“他室项目”：5万元档 → 10万元档")
    dialog.tier.setCurrentIndex(dialog.tier.findData(None))
    assert dialog.effects.text() == "其他项目的拟助推档次不变"
    assert tab.override(second, 5 * WAN, "专家组复议")
    assert tab.outcome.text() == ("人工调整档次后，以下 2 个项目的拟助推档次随之改变："
                                  "“本室第一”：10万元档 → 未获助推；“他室项目”：5万元档 → 10万元档")
    assert "不做人工调整时本项目列入10万元档" in cell(tab.table, 0, 9)


def test_packages_tab_exports_and_reports_a_refused_package(screen, reg, qtbot, tmp_path):
    import openpyxl

    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    [eid] = add_experts(reg, 1)
    assign(reg, eid, pid)
    tab = screen.show_tab("评分包")
    screen.refresh()
    assert [cell(tab.table, 0, c) for c in (2, 3, 4)] == ["1", "0", "待交回"]
    assert cell(tab.table, 0, 2, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    tab.export_to(tmp_path, None)
    qtbot.waitUntil(lambda: "已导出 1 位专家的评分包" in tab.log.toPlainText(), timeout=10_000)
    [path] = tmp_path.glob("*.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["A2"] = "999"
    wb.save(path)
    tab.import_files([path])
    qtbot.waitUntil(lambda: "未导入" in tab.log.toPlainText(), timeout=10_000)
    assert "评分表 A2 单元格被改动" in tab.log.toPlainText()


def test_packages_tab_lists_the_rows_skipped_by_an_import(screen, reg, qtbot, tmp_path):

    from boostdesk.models.records import PROJECT
    from boostdesk.panel.package_export import export_packages

    kept = make_project(reg, "继续评审的项目", "工作室甲", CITY)
    gone = make_project(reg, "取消资格的项目", "工作室乙", CITY)
    to_review(reg, kept, gone)
    [eid] = add_experts(reg, 1)
    assign(reg, eid, kept)
    assign(reg, eid, gone)
    [path] = export_packages(reg, YEAR, tmp_path, None)
    fill_packages([path], rows=(2, 3))
    reg.set_status(PROJECT, gone, "not_awarded", "取消资格")
    tab = screen.show_tab("评分包")
    tab.import_files([path])
    qtbot.waitUntil(lambda: "已导入" in tab.log.toPlainText(), timeout=10_000)
    log = tab.log.toPlainText()
    assert "对 1 个项目的评分" in log
    assert "  - 项目“取消资格的项目”导出后已不在专家评审阶段（现为“未获助推”）" in log


def test_every_list_is_a_view_over_a_model_and_keeps_its_selection(screen, reg, qtbot):
    from PySide6.QtWidgets import QTableView, QTableWidget

    ids = [make_project(reg, title, f"工作室{k}", CITY)
           for k, title in enumerate(("丙项目", "甲项目", "乙项目"))]
    tab = screen.show_tab("资格审核")
    screen.refresh()
    assert not screen.findChildren(QTableWidget)
    assert len(screen.findChildren(QTableView)) == 8  # 7 lists + the grid's frozen titles
    assert [header(tab.table, c) for c in range(8)] == list(tab.COLUMNS)
    assert column(tab.table, 0) == [str(i) for i in ids]  # as listed, until a header is clicked
    assert current(tab.table)[0] == 0  # the first row is taken when nothing was selected
    click(qtbot, tab.table, 2, 1)
    assert tab.current().project.id == ids[2]
    screen.refresh()  # F5, or another window's change
    assert tab.current().project.id == ids[2] and tab.table.selectionModel().isRowSelected(2)
    click_header(qtbot, tab.table, 1)  # 项目名称
    assert column(tab.table, 1) == ["丙项目", "甲项目", "乙项目"]  # bǐng, jiǎ, yǐ: pinyin
    assert tab.current().project.id == ids[2]  # 乙项目, now the third row
    assert tab.table.selectionModel().isRowSelected(2)
    assert "乙项目" not in tab.findings.text() and tab.pass_button.isEnabled()
    qtbot.keyClick(tab.table, Qt.Key.Key_Up)
    assert tab.current().project.id == ids[1]
    qtbot.mouseClick(tab.pass_button, Qt.MouseButton.LeftButton)
    assert reg.project(ids[1]).status == "qualified"
    assert column(tab.table, 1) == ["丙项目", "乙项目"]  # still sorted by name
    assert tab.current() is not None  # a row is taken again for the next decision


def test_experts_and_the_scoring_grid_are_edited_from_the_keyboard(screen, reg, qtbot):
    from boostdesk.panel.grid import criteria

    add_experts(reg, 2)
    tab = screen.show_tab("评审组与评分细则")
    screen.refresh()
    assert column(tab.table, 0) == ["专家1", "专家2"] and column(tab.table, 4) == ["0", "0"]
    assert cell(tab.table, 0, 4, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    click(qtbot, tab.table, 1, 0)
    assert tab.name.text() == "专家2" and tab.org.text() == "中国科学院"
    tab.contact.setFocus()
    qtbot.keyClicks(tab.contact, "13900000000")
    qtbot.mouseClick(tab.update_button, Qt.MouseButton.LeftButton)
    assert cell(tab.table, 1, 3) == "13900000000" and tab.name.text() == "专家2"

    grid = tab.grid_table
    assert [header(grid, c) for c in range(3)] == ["评分细则", "满分", "权重"]
    assert column(grid, 2) == ["20", "15", "15", "15", "15", "10", "10"]
    click(qtbot, grid, 0, 2)  # a click opens the cell; typing replaces the 20
    type_cell(qtbot, grid, "25")
    qtbot.waitUntil(lambda: cell(grid, 0, 2) == "25")  # Enter commits on the next turn
    qtbot.mouseClick(tab.save_grid_button, Qt.MouseButton.LeftButton)
    assert "权重" in tab.error.text() and criteria(reg, YEAR)[0].weight == 20  # 105 in all
    click(qtbot, grid, 1, 2)
    type_cell(qtbot, grid, "x")
    qtbot.waitUntil(lambda: cell(grid, 1, 2) == "x")
    qtbot.mouseClick(tab.save_grid_button, Qt.MouseButton.LeftButton)
    assert "第 2 项评分细则的权重应为整数，而不是“x”" in tab.error.text()
    click(qtbot, grid, 1, 1)  # 满分, then Tab to 权重
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert current(grid) == (1, 2)
    type_cell(qtbot, grid, "10")
    qtbot.waitUntil(lambda: cell(grid, 1, 2) == "10")
    qtbot.mouseClick(tab.save_grid_button, Qt.MouseButton.LeftButton)
    assert tab.error.text() == ""
    assert [c.weight for c in criteria(reg, YEAR)] == [25, 10, 15, 15, 15, 10, 10]
    qtbot.mouseClick(tab.add_row_button, Qt.MouseButton.LeftButton)
    assert grid.model().rowCount() == 8 and cell(grid, 7, 1) == "10"
    click(qtbot, grid, 7, 0)
    qtbot.mouseClick(tab.drop_row_button, Qt.MouseButton.LeftButton)
    assert grid.model().rowCount() == 7


def test_saving_a_changed_grid_with_packages_out_asks_first(screen, reg, qtbot, tmp_path,
                                                           monkeypatch):
    from boostdesk.panel.grid import criteria
    from boostdesk.panel.package_export import export_packages
    from boostdesk.ui import dialogs

    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    for eid in add_experts(reg, 2):
        assign(reg, eid, pid)
    export_packages(reg, YEAR, tmp_path / "pkgs", None)
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(dialogs, "ask_yes_no",
                        lambda parent, title, text, **kw: asked.append(text) or answer[0])
    tab = screen.show_tab("评审组与评分细则")
    screen.refresh()
    grid = tab.grid_table
    for row, weight in ((0, "25"), (1, "10")):
        click(qtbot, grid, row, 2)
        type_cell(qtbot, grid, weight)
        qtbot.waitUntil(lambda r=row, w=weight: cell(grid, r, 2) == w)
    qtbot.mouseClick(tab.save_grid_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and "已导出 2 位专家的评分包（专家1、专家2）" in asked[0]
    assert "交回时将全部无法导入" in asked[0]
    assert criteria(reg, YEAR)[0].weight == 20  # 不修改: nothing saved
    answer[0] = True
    qtbot.mouseClick(tab.save_grid_button, Qt.MouseButton.LeftButton)
    assert tab.error.text() == ""
    assert [c.weight for c in criteria(reg, YEAR)][:2] == [25, 10]


def test_a_grid_in_use_and_a_read_only_register_cannot_be_typed_in(screen, reg, qtbot):
    second = scored_by_one_assigned_to_another(reg)
    setup = screen.show_tab("评审组与评分细则")
    screen.refresh()
    click(qtbot, setup.grid_table, 0, 2)
    qtbot.keyClicks(QApplication.focusWidget(), "30")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert QApplication.focusWidget() is setup.grid_table  # no editor opened
    assert cell(setup.grid_table, 0, 2) == "20" and not setup.save_grid_button.isEnabled()

    reg.read_only = True  # another BoostDesk holds the write lock
    tab = screen.show_tab("评分录入")
    screen.refresh()
    tab.select_expert("专家2")
    assert not tab.submit_button.isEnabled() and not tab.draft_button.isEnabled()
    click(qtbot, tab.table, 0, 1)
    qtbot.keyClicks(tab.table, "15")
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert cell(tab.table, 0, 1) == "" and QApplication.focusWidget() is tab.table
    assert expert_sheet(reg, second)[0].scores_x10 == {}


def test_packages_are_chosen_with_ctrl_and_the_choice_survives_a_reload(screen, reg, qtbot):
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    add_experts(reg, 3)
    tab = screen.show_tab("评分包")
    screen.refresh()
    assert column(tab.table, 0) == ["专家1", "专家2", "专家3"]
    click(qtbot, tab.table, 0, 0)
    click(qtbot, tab.table, 2, 0, Qt.KeyboardModifier.ControlModifier)
    assert tab.selected_names() == ["专家1", "专家3"]
    screen.refresh()
    assert tab.selected_names() == ["专家1", "专家3"]


def test_rank_marks_the_experts_disagreement(screen, reg, qtbot):
    pid = make_project(reg, "分歧项目", "工作室", CITY)
    to_review(reg, pid)
    for eid, total in zip(add_experts(reg, 3), (95, 60, 80), strict=True):
        score_all(reg, eid, {pid: total})
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    # said in words, in the list and the line below it (a faint tint alone said nothing
    # to a clerk with weak eyesight; the CLI prints （意见分歧）)
    assert cell(tab.table, 0, 7) == "14.34 分歧"
    assert colour(tab.table, 0, 7, Qt.ItemDataRole.BackgroundRole) == "#fff5e1"
    assert cell(tab.table, 0, 7, Qt.ItemDataRole.ToolTipRole) == "专家意见分歧较大（总体标准差 14.34）"
    assert cell(tab.table, 0, 6, Qt.ItemDataRole.BackgroundRole) is None
    click(qtbot, tab.table, 0, 2)
    assert "专家意见分歧较大（总体标准差 14.34）" in tab.detail.text()


def _typed_for_the_first_expert(screen, reg, qtbot):
    pid = make_project(reg, "项目甲", "工作室甲", CITY)
    to_review(reg, pid)
    first, second = add_experts(reg, 2)
    assign(reg, first, pid)
    assign(reg, second, pid)
    tab = screen.show_tab("评分录入")
    screen.refresh()
    tab.table.setFocus()
    type_cell(qtbot, tab.table, "18")
    type_cell(qtbot, tab.table, "12")
    assert tab.total_text(0) == "30.0"
    return tab, first


def test_scores_typed_are_kept_when_something_else_changes(screen, ctx, reg, qtbot):
    tab, first = _typed_for_the_first_expert(screen, reg, qtbot)
    ctx.changed.emit("project")  # a status saved on another screen reloads this one
    assert tab.total_text(0) == "30.0"
    assert "尚未保存" in tab.state.text()


def test_switching_expert_with_scores_unsaved_asks_and_saves_a_draft(screen, reg, qtbot,
                                                                     monkeypatch):
    """Asked as at a year switch: 保存草稿并切换 / 放弃并切换 / 返回修改 (it offered no way
    to leave a wrong sheet but saving it)."""
    from boostdesk.ui import dialogs

    asked: list[str] = []
    answer: dict[str, bool | None] = {"yes": None}
    monkeypatch.setattr(dialogs, "ask_or_back",
                        lambda parent, title, text, **kw: asked.append(text) or answer["yes"])
    monkeypatch.setattr(dialogs, "ask_yes_no",  # the two-way question it asked
                        lambda parent, title, text, **kw: asked.append(text) or False)
    tab, first = _typed_for_the_first_expert(screen, reg, qtbot)
    tab.expert.setCurrentIndex(1)  # 返回修改: the scores stay, on the first expert
    assert asked and "保存为草稿后切换到专家“专家2”，还是放弃这些改动并切换" in asked[0]
    assert tab.expert.currentIndex() == 0 and tab.total_text(0) == "30.0"
    answer["yes"] = True  # 保存草稿并切换
    tab.expert.setCurrentIndex(1)
    assert tab.expert.currentIndex() == 1 and tab.total_text(0) == ""
    assert sorted(expert_sheet(reg, first)[0].scores_x10.values()) == [120, 180]
    tab.table.setFocus()
    type_cell(qtbot, tab.table, "9")
    answer["yes"] = False  # 放弃并切换: 专家2's typing gone, 专家1's draft shown
    tab.expert.setCurrentIndex(0)
    assert tab.expert.currentIndex() == 0 and tab.total_text(0) == "30.0" and not tab.unsaved
    assert expert_sheet(reg, tab.expert.itemData(1))[0].scores_x10 == {}
    assert len(asked) == 3


def test_an_override_without_a_reason_puts_the_cursor_in_the_reason(screen, reg, qtbot):
    """人工调整档次 from the keyboard: a tier chosen, Enter; no reason: type it there."""
    from PySide6.QtWidgets import QApplication

    from boostdesk.ui.panel_rank_tab import OverrideDialog

    project = make_project(reg, "本室第一", "工作室甲", CITY)
    to_review(reg, project)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {project: 90})
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    dialog = OverrideDialog(screen.ctx, tab.ranking.row(project), tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.tier)
    qtbot.keyClick(dialog.tier, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.error.text() == "请填写调整理由"
    assert QApplication.focusWidget() is dialog.reason_field


def test_the_ranking_tab_states_the_years_own_trimming(reg, screen):
    from boostdesk.panel.grid import PanelSettings, save_settings

    save_settings(reg, YEAR, PanelSettings(trim_min_scores=7, trim_each=2))
    screen.ctx.changed.emit("panel")
    tab = screen.show_tab("排名与档次")
    assert tab.rule.text().startswith(
        "同分规则：得分（满 7 位专家时去掉最高分、最低分各 2 个后的平均分，不足 7 位时为全体专家的平均分）")


def test_registering_a_conflict_on_a_submitted_cell_asks_then_withdraws_the_score(
        screen, reg, qtbot, monkeypatch):
    from boostdesk.ui import dialogs

    pid = make_project(reg, "有回避的项目", "工作室", CITY)
    to_review(reg, pid)
    experts = add_experts(reg, 2)
    for eid, total in zip(experts, (95, 70), strict=True):
        score_all(reg, eid, {pid: total})
    tab = screen.show_tab("分配专家")
    screen.refresh()
    click(qtbot, tab.table, 0, 2)
    assert cell(tab.table, 0, 2) == "已提交"
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)  # cannot simply be withdrawn: says how
    assert "请用“登记回避…”（其评分一并撤回）" in tab.error.text()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text, **_kw: asked.append(text) or False)
    monkeypatch.setattr(dialogs, "ask_text", lambda *_a, **_kw: "曾为该项目提供咨询")
    tab.conflict_button.click()  # asked first; 取消 changes nothing
    assert "登记回避将撤回这份评分，不再计入排名" in asked[0]
    assert panel_scores(reg, YEAR)[pid].n == 2
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a, **_kw: True)
    tab.conflict_button.click()
    assert tab.error.text() == ""
    assert panel_scores(reg, YEAR)[pid].totals == (70,)
    assert cell(tab.table, 0, 2) == CONFLICT


def test_closing_the_window_with_scores_typed_and_not_saved_asks_and_keeps_them(
        ctx, reg, qtbot, monkeypatch):
    """A clerk types an expert's paper scores into 评分录入 and closes the window at the end
    of the day: the scores were lost without a word."""
    from boostdesk.ui import dialogs
    from boostdesk.ui.main_window import SCREENS, MainWindow

    second = scored_by_one_assigned_to_another(reg)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    screen = w.show_screen([label for label, *_ in SCREENS].index("专家评审"))
    tab = screen.show_tab("评分录入")
    tab.select_expert("专家2")
    tab.model.setData(tab.model.index(0, 1), "１８")
    screen.show_tab("排名与档次")
    w.show_screen(0)  # elsewhere in the window when closing it
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_or_back",
                        lambda _p, _t, text, **_kw: asked.append(text) or None)
    assert not w.close()  # 返回修改: the window stays, on the scores typed
    assert "专家“专家2”的评分有改动尚未保存。保存为草稿后退出" in asked[0]
    assert w.stack.currentWidget() is screen and screen.tabs.currentWidget() is tab
    assert tab.model.text(0, 1) == "１８" and expert_sheet(reg, second)[0].scores_x10 == {}
    monkeypatch.setattr(dialogs, "ask_or_back", lambda *_a, **_kw: True)
    assert w.close()  # 保存草稿并退出
    [row] = expert_sheet(reg, second)
    assert 180 in row.scores_x10.values() and not row.submitted


def test_packages_tab_tells_a_package_to_send_again_from_a_draft_typed_here(screen, reg):
    """An expert whose package was imported is given one more project: 评分包 said
    本机录入中（草稿）, as if staff were typing their scores, not that a package is due."""
    first = make_project(reg, "已评项目", "工作室甲", CITY)
    late = make_project(reg, "新分配项目", "工作室乙", CITY)
    to_review(reg, first, late)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {first: 80})
    reg.conn.execute("UPDATE assignments SET source = 'package'")  # as a package import stores
    assign(reg, eid, late)
    tab = screen.show_tab("评分包")
    screen.refresh()
    assert [cell(tab.table, 0, c) for c in (2, 3, 4)] == [
        "2", "1", "已提交 1 项，1 项待交回：新分配的项目请重新导出评分包"]
    from boostdesk.panel.scoring import save_scores

    save_scores(reg, eid, {late: ({}, "")}, submit=False)  # staff start typing it here
    screen.refresh()
    assert cell(tab.table, 0, 4) == "本机录入中（草稿）"


def test_the_ranking_tab_shows_the_score_each_rank_rests_on(screen, reg):
    """A project of four experts is ranked on their mean: 去极值平均 was blank beside it, and
    the score the ranks rest on was shown nowhere."""
    four = make_project(reg, "四位专家", "工作室甲", CITY)
    five = make_project(reg, "五位专家", "工作室乙", CITY)
    to_review(reg, four, five)
    experts = add_experts(reg, 5)
    for k, eid in enumerate(experts):
        score_all(reg, eid, {five: (90, 80, 80, 80, 10)[k], **({four: 79} if k < 4 else {})})
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    assert header(tab.table, 6) == "得分"
    assert column(tab.table, 2) == ["五位专家", "四位专家"]
    assert column(tab.table, 5) == ["68.00", "79.00"] and column(tab.table, 6) == ["80.00", "79.00"]
    assert cell(tab.table, 0, 6, Qt.ItemDataRole.ToolTipRole) == "去掉最高分、最低分后的平均分（排名依据）"
    assert cell(tab.table, 1, 6, Qt.ItemDataRole.ToolTipRole) == (
        "4 位专家的平均分（不足 5 位，不去掉最高、最低分；排名依据）")


def test_the_ranking_tab_names_applications_not_yet_qualified(screen, reg):
    scored = make_project(reg, "已评分", "工作室甲", CITY)
    make_project(reg, "未审核", "工作室乙", CITY)
    to_review(reg, scored)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {scored: 90})
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    assert not tab.waiting.isHidden()
    assert tab.waiting.text().startswith("另有 1 项申报尚未做出资格审核结论，未参加排名：“未审核”")


def test_a_grid_and_parameters_typed_are_kept_when_an_expert_is_added(screen, reg, qtbot):
    # The clerk types the year's grid and trimming on 评审组与评分细则, then adds an expert
    # on the same tab before saving: the save of the expert reloads the tab, which used
    # to put back the stored grid and parameters — what was typed was gone, unsaid.
    from boostdesk.panel.grid import criteria, settings

    tab = screen.show_tab("评审组与评分细则")
    grid = tab.grid_table
    click(qtbot, grid, 0, 2)
    type_cell(qtbot, grid, "25")
    qtbot.waitUntil(lambda: cell(grid, 0, 2) == "25")
    click(qtbot, grid, 1, 2)
    for ch in "10":  # left open in its editor
        qtbot.keyClick(QApplication.focusWidget(), ch)
    tab.trim_each.setValue(2)
    tab.name.setFocus()
    type_chinese(tab.name, "王专家")
    type_chinese(tab.org, "北京工业大学")
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert column(tab.table, 0) == ["王专家"]  # the expert is saved, the tab reloaded
    assert column(grid, 2)[:2] == ["25", "10"] and tab.trim_each.value() == 2  # kept, unsaved
    assert "尚未保存" in tab.grid_note.text()
    assert criteria(reg, YEAR)[0].weight == 20 and settings(reg, YEAR).trim_each == 1
    qtbot.mouseClick(tab.save_grid_button, Qt.MouseButton.LeftButton)
    assert tab.error.text() == "" and [c.weight for c in criteria(reg, YEAR)][:2] == [25, 10]
    assert "尚未保存" not in tab.grid_note.text()


def test_a_grid_typed_for_one_year_is_not_shown_for_another(screen, ctx, reg, qtbot):
    reg.save_campaign(reg.campaign(YEAR).for_year(YEAR + 1))
    tab = screen.show_tab("评审组与评分细则")
    grid = tab.grid_table
    click(qtbot, grid, 0, 2)
    type_cell(qtbot, grid, "25")
    qtbot.waitUntil(lambda: cell(grid, 0, 2) == "25")
    ctx.set_year(YEAR + 1)  # the typing, unsaved, was for YEAR's grid
    screen.refresh()
    assert cell(grid, 0, 2) == "20" and "尚未保存" not in tab.grid_note.text()


def test_ctrl_s_in_the_scoring_grid_saves_the_draft_with_the_cell_being_typed(
        screen, reg, qtbot):
    """A paper's scores typed cell by cell, the last still open in its editor: Ctrl+S saves
    them as a draft (the keyboard had to leave the grid, which keeps Tab, for 保存草稿)."""
    pid = make_project(reg, "项目甲", "工作室甲", CITY)
    to_review(reg, pid)
    [eid] = add_experts(reg, 1)
    assign(reg, eid, pid)
    tab = screen.show_tab("评分录入")
    screen.refresh()
    tab.table.setFocus()
    type_cell(qtbot, tab.table, "18")  # Enter: in, and the next cell's editor open
    for ch in "12":  # typed, no Enter: the editor still open
        qtbot.keyClick(QApplication.focusWidget(), ch)
    assert tab.table.state() == tab.table.State.EditingState
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [row] = expert_sheet(reg, eid)
    assert sorted(row.scores_x10.values()) == [120, 180] and not row.submitted
    assert not tab.unsaved
    assert QApplication.focusWidget() is tab.table


def test_export_of_the_chosen_package_takes_the_expert_the_cursor_is_on(
        screen, reg, qtbot, tmp_path, monkeypatch):
    """Tab into the experts' list puts the cursor on the first (now selected too:
    many_rows); Tab on to 导出所选专家的评分包…, Space: that expert's package (it said
    请先在表中选中专家)."""
    from PySide6.QtWidgets import QFileDialog

    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    first, _second = add_experts(reg, 2)
    assign(reg, first, pid)
    tab = screen.show_tab("评分包")
    screen.refresh()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(tmp_path))
    tab.table.setFocus(Qt.FocusReason.TabFocusReason)
    assert tab.table.currentIndex().row() == 0
    assert [i.row() for i in tab.table.selectionModel().selectedRows()] == [0]
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab)  # 导出全部评分包…
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.export_button
    qtbot.keyClick(tab.export_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "已导出 1 位专家的评分包" in tab.log.toPlainText(), timeout=10_000)
    assert [p.name for p in tmp_path.glob("*.xlsx")] and "请先" not in tab.log.toPlainText()
    assert all("专家1" in p.name for p in tmp_path.glob("*.xlsx"))


def test_after_a_qualification_decision_the_cursor_is_on_the_next_project(screen, reg, qtbot):
    """资格审核 down the list from the keyboard: ↓ to the second, 通过; the cursor then on
    the project that took its place (it went back to the first row)."""
    from PySide6.QtWidgets import QApplication

    for title in ("甲项目", "乙项目", "丙项目"):
        make_project(reg, title, f"{title}工作室", CITY)
    tab = screen.show_tab("资格审核")
    screen.refresh()
    titles = [cell(tab.table, r, 1) for r in range(3)]
    tab.table.setFocus()
    assert tab.table.currentIndex().row() == 0  # the first taken
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    assert cell(tab.table, tab.table.currentIndex().row(), 1) == titles[1]
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab)  # 审核理由
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.day  # 资格审核日期
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.pass_button
    qtbot.keyClick(tab.pass_button, Qt.Key.Key_Space)
    assert [cell(tab.table, r, 1) for r in range(2)] == [titles[0], titles[2]]
    assert tab.current().project.title == titles[2]
    assert [tab.model.id_at(i.row()) for i in tab.table.selectionModel().selectedRows()] == [
        tab.current().project.id]
