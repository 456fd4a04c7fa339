"""专家评审 → 分配专家 on a grid loaded before another program (`boostdesk panel import`,
a second window) stored a score: the cell still reads 评审, and Space or a double click
on it must not withdraw the submitted score without the question an 已提交 cell asks."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_panel_screen import cell, click, ctx, double_click, screen

from boostdesk.models import Register
from boostdesk.panel import experts as ex
from boostdesk.panel.errors import PanelError
from boostdesk.panel.scoring import panel_scores
from boostdesk.ui.panel_models import ASSIGNED, SUBMITTED
from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review

__all__ = ["ctx", "screen"]


@pytest.fixture
def assigned(reg):
    """One project under review, 专家1 and 专家2 assigned, neither scored yet."""
    pid = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    to_review(reg, pid)
    experts = add_experts(reg, 2)
    for eid in experts:
        ex.assign(reg, eid, pid)
    return pid, experts


def _scored_elsewhere(reg, expert_id: int, pid: int, total: float = 80) -> None:
    """Another program's connection to the register file submits the expert's score."""
    other = Register.open(reg.path, operator="命令行")
    try:
        score_all(other, expert_id, {pid: total}, assign_first=False)
    finally:
        other.close()


@pytest.mark.parametrize("how", ["space", "double click"])
def test_a_cell_scored_by_another_program_since_the_load_is_shown_not_withdrawn(
        screen, reg, qtbot, assigned, how):
    pid, experts = assigned
    tab = screen.show_tab("分配专家")
    screen.refresh()
    assert cell(tab.table, 0, 2) == ASSIGNED
    _scored_elsewhere(reg, experts[0], pid)
    assert cell(tab.table, 0, 2) == ASSIGNED  # the grid as loaded: stale
    if how == "space":
        click(qtbot, tab.table, 0, 2)
        qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    else:
        double_click(qtbot, tab.table, 0, 2)
    assert panel_scores(reg, YEAR)[pid].totals == (80,)  # the score stands
    assert ex.assignment_state(reg, experts[0], pid) is True
    assert cell(tab.table, 0, 2) == SUBMITTED  # read again, the cursor kept on it
    assert (tab.table.currentIndex().row(), tab.table.currentIndex().column()) == (0, 2)
    said = tab.error.text()
    assert "在表格载入后已被其他程序改动" in said
    assert "该单元格原为“评审”，现为“已提交”，未作改动" in said
    assert "请用“登记回避…”（其评分一并撤回）" in said
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)  # now an 已提交 cell: refused, as always
    assert "不能取消分配" in tab.error.text() and panel_scores(reg, YEAR)[pid].n == 1


def test_a_cell_not_changed_since_the_load_is_still_withdrawn_at_once(
        screen, reg, qtbot, assigned):
    """Another expert's score stored elsewhere does not make this cell stale."""
    pid, experts = assigned
    tab = screen.show_tab("分配专家")
    screen.refresh()
    _scored_elsewhere(reg, experts[1], pid)
    click(qtbot, tab.table, 0, 2)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert tab.error.text() == ""
    assert ex.assignment_state(reg, experts[0], pid) is None and cell(tab.table, 0, 2) == ""


def test_registering_a_conflict_on_a_cell_scored_since_the_load_asks_about_the_score(
        screen, reg, qtbot, assigned, monkeypatch):
    from boostdesk.ui import dialogs

    pid, experts = assigned
    tab = screen.show_tab("分配专家")
    screen.refresh()
    _scored_elsewhere(reg, experts[0], pid)
    click(qtbot, tab.table, 0, 2)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no",
                        lambda _p, _t, text, **_kw: asked.append(text) or False)
    monkeypatch.setattr(dialogs, "ask_text", lambda *_a, **_kw: "曾为该项目提供咨询")
    tab.conflict_button.click()
    assert asked and "登记回避将撤回这份评分" in asked[0]  # as an 已提交 cell is asked
    assert panel_scores(reg, YEAR)[pid].totals == (80,)
    assert cell(tab.table, 0, 2) == SUBMITTED


def test_a_withdrawal_refuses_a_score_stored_between_the_question_and_the_write(reg, assigned):
    """The domain's own guard: read again inside the write's transaction."""
    pid, experts = assigned
    score_all(reg, experts[0], {pid: 80}, assign_first=False)
    with pytest.raises(PanelError, match="在表格载入后其评分已提交"):
        ex.unassign(reg, experts[0], pid, submitted=False)
    with pytest.raises(PanelError, match="在表格载入后其评分已提交"):
        ex.declare_conflict(reg, experts[0], pid, "曾为该项目提供咨询", submitted=False)
    assert panel_scores(reg, YEAR)[pid].totals == (80,)
    ex.unassign(reg, experts[0], pid, submitted=True)  # as asked: withdrawn
    assert pid not in panel_scores(reg, YEAR)


def test_a_conflict_refused_in_the_background_for_a_score_stored_meanwhile_reloads_the_grid(
        screen, reg, qtbot, assigned, monkeypatch):
    """On a large register 登记回避 runs in the background; refused there because another
    program stored the score while the reason was asked, the grid is read again, as the
    refusal says (表格已刷新) and as on a small register, not left showing 评审."""
    from boostdesk.ui import context, dialogs

    pid, experts = assigned
    monkeypatch.setattr(context, "BACKGROUND_BYTES", 0)
    tab = screen.show_tab("分配专家")
    screen.refresh()
    click(qtbot, tab.table, 0, 2)
    assert cell(tab.table, 0, 2) == ASSIGNED

    def reason_asked(*_a, **_kw):  # another program stores the score meanwhile
        _scored_elsewhere(reg, experts[0], pid)
        return "曾为该项目提供咨询"

    monkeypatch.setattr(dialogs, "ask_text", reason_asked)
    tab.conflict_button.click()
    qtbot.waitUntil(lambda: not screen.ctx.busy, timeout=20_000)
    assert panel_scores(reg, YEAR)[pid].totals == (80,)  # refused: the score stands
    assert "表格已刷新" in tab.error.text()
    assert cell(tab.table, 0, 2) == SUBMITTED  # as the refusal says: read again
