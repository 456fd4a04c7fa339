"""The 专家评审 screen: typed as a user would, cell to cell, with the totals live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from boostdesk.panel.experts import Expert, assign, assignments, save_expert
from boostdesk.panel.scoring import expert_sheet, panel_scores
from boostdesk.ui.context import AppContext
from boostdesk.ui.panel_screen import ASSIGNED, CONFLICT, PanelScreen
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


@pytest.fixture
def ctx(reg, tmp_path, monkeypatch):
    from boostdesk.ui import dialogs

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    context = AppContext(reg, YEAR, settings=settings)
    context.set_operator("刘建国")
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
    assert table.rowCount() == 2 and (table.currentRow(), table.currentColumn()) == (0, 1)
    table.setFocus()
    type_cell(qtbot, table, "18")
    assert tab.total_text(0) == "18.0"
    assert (table.currentRow(), table.currentColumn()) == (0, 2)  # Enter moved on
    for value in ("12.5", "13", "12", "11", "8", "9"):
        type_cell(qtbot, table, value)
    assert tab.total_text(0) == "83.5"
    # past the last criterion and the total, the comment cell comes next
    assert table.currentColumn() == tab.comment_col
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    table.setCurrentCell(1, 1)
    table.setFocus()
    type_cell(qtbot, table, "21")
    assert "应在 0 到 20 之间，而不是 21" in tab.error.text()
    assert not tab.save(submit=True)
    table.setCurrentCell(1, 1)
    table.setFocus()
    for value in ("15", "10", "10", "10", "10", "7", "6"):
        type_cell(qtbot, table, value)
    assert tab.error.text() == "" and tab.total_text(1) == "68.0"
    assert tab.save(submit=True)
    assert all(r.submitted for r in expert_sheet(reg, eid))
    assert panel_scores(reg, YEAR)[first].totals == (83.5,)
    tab.load_expert()  # once submitted, the panel's mean is shown beside
    assert tab.table.horizontalHeaderItem(tab.total_col + 1).text() == "专家组\n均分"


def test_an_expert_sees_only_their_own_scores_before_submitting(screen, reg):
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    first, second = add_experts(reg, 2)
    score_all(reg, first, {pid: 90})
    assign(reg, second, pid)
    tab = screen.show_tab("评分录入")
    screen.refresh()
    tab.select_expert("专家2")
    headers = [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    assert "专家组\n均分" not in headers
    assert all(tab.table.item(0, c).text() == "" for c in range(1, tab.total_col + 1))
    assert tab.save(submit=False)  # an empty draft is fine
    assert not tab.save(submit=True)
    assert "未评分" in screen.scoring.error.text()


def test_qualification_needs_a_reason_to_pass_against_the_findings(screen, reg, qtbot):
    bad = make_project(reg, "超比例项目", "工作室乙", CITY, budget_fen=5 * WAN)
    tab = screen.show_tab("资格审核")
    screen.refresh()
    assert tab.table.item(0, 4).text() == "不符合"
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
    assert tab.table.rowCount() == 0  # only the undecided are listed by default


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
    assert tab.table.item(0, 2).text() == CONFLICT
    assert "项目所在单位" in tab.table.item(0, 2).toolTip()
    tab.table.setCurrentCell(0, 3)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert tab.table.item(0, 3).text() == ASSIGNED
    assert reg.project(pid).status == "review"
    tab.table.setCurrentCell(0, 2)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert "不能评审项目“首钢项目”" in tab.error.text()
    assert len(assignments(reg, YEAR)) == 1


def test_rank_tab_shows_tiers_and_adopts_the_proposal(screen, reg):
    a = make_project(reg, "第一名", "工作室甲", CITY, budget_fen=15 * WAN)
    b = make_project(reg, "第二名", "工作室乙", CITY)
    to_review(reg, a, b)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {a: 90, b: 80})
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    texts = {tab.table.item(r, 2).text(): tab.table.item(r, 8).text()
             for r in range(tab.table.rowCount())}
    assert texts == {"第一名": "¥50,000.00", "第二名": "¥100,000.00"}
    assert "5万元（市级）<b>1</b>/20" in tab.quotas.text()
    tab.table.selectRow(0)
    assert "10万元档超过项目总投入" in tab.detail.text()
    assert tab.override(b, 5 * WAN, "经复核调整")
    assert tab.table.item(1, 8).text() == "¥50,000.00（人工）"
    assert tab.adopt()
    assert reg.project(a).status == reg.project(b).status == "proposed"


def test_packages_tab_exports_and_reports_a_refused_package(screen, reg, qtbot, tmp_path):
    import openpyxl

    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    [eid] = add_experts(reg, 1)
    assign(reg, eid, pid)
    tab = screen.show_tab("评分包")
    screen.refresh()
    assert [tab.table.item(0, c).text() for c in (2, 3, 4)] == ["1", "0", "待交回"]
    tab.export_to(tmp_path, None)
    qtbot.waitUntil(lambda: "共 1 个评分包" in tab.log.toPlainText(), timeout=10_000)
    [path] = tmp_path.glob("*.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["A2"] = "999"
    wb.save(path)
    tab.import_files([path])
    qtbot.waitUntil(lambda: "未导入" in tab.log.toPlainText(), timeout=10_000)
    assert "评分表 A2 单元格被改动" in tab.log.toPlainText()
