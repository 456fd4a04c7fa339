"""专家评审's writes that back the register up first (采纳拟助推名单, 登记回避 withdrawing a
submitted score, 取消分配 of a scored project, 删除专家 with draft scores, a returned scoring
package replacing scores) run in the background on a register of
``context.BACKGROUND_BYTES`` or more, behind a progress dialog whose 取消 during the backup
stores nothing; a smaller register as before (test_panel_screen)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from test_backed_up_support import HeldBackup
from test_panel_screen import click, ctx, screen

from boostdesk.panel import experts as ex
from boostdesk.panel.grid import ensure_grid
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.scoring import panel_scores, save_scores
from boostdesk.ui import dialogs
from boostdesk.ui.panel_models import CONFLICTED
from tests.test_panel_support import (
    CITY,
    YEAR,
    add_experts,
    fill_packages,
    make_project,
    score_all,
    scores_for_total,
    to_review,
)
from tests.test_recheck import stored_equals_full_check

__all__ = ["ctx", "screen"]


def _ranked(reg):
    a = make_project(reg, "第一名", "工作室甲", CITY)
    b = make_project(reg, "第二名", "工作室乙", CITY)
    to_review(reg, a, b)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {a: 90, b: 80})
    return a, b, eid



def _adopting_in_background(screen, reg, qtbot, monkeypatch):
    """采纳 pressed on the ranking tab: the backup held in the worker."""
    a, b, _eid = _ranked(reg)
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    held = HeldBackup(monkeypatch, screen.ctx)
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    held.in_background(qtbot)
    return a, b, tab, held

def test_adopting_on_a_big_register_runs_in_the_background(screen, reg, qtbot, monkeypatch):
    a, b, tab, held = _adopting_in_background(screen, reg, qtbot, monkeypatch)
    assert reg.project(a).status == "review"  # not yet: behind the progress dialog
    held.finish(qtbot)
    assert reg.project(a).status == reg.project(b).status == "proposed"
    assert tab.error.text() == ""
    stored_equals_full_check(reg)  # the worker's status moves re-checked on its connection


def test_cancel_pressed_while_adopting_adopts_nothing(screen, reg, qtbot, monkeypatch):
    a, b, tab, held = _adopting_in_background(screen, reg, qtbot, monkeypatch)
    held.cancel(qtbot)
    assert reg.project(a).status == reg.project(b).status == "review"
    assert "已取消" in tab.error.text() and "未保存" in tab.error.text()


def test_a_conflict_withdrawing_a_score_is_declared_in_the_background(screen, reg, qtbot,
                                                                      monkeypatch):
    a, _b, eid = _ranked(reg)
    tab = screen.show_tab("分配专家")
    screen.refresh()
    e = ex.expert(reg, eid)
    held = HeldBackup(monkeypatch, screen.ctx)
    assert tab.declare(e, reg.project(a), "曾参与该项目咨询")
    held.in_background(qtbot)
    assert ex.submitted_score(reg, eid, a)  # not yet withdrawn
    held.finish(qtbot)
    assert not ex.submitted_score(reg, eid, a)
    assert (eid, a) in ex.declared_conflicts(reg, reg.project(a).campaign_year)


def test_cancel_pressed_while_declaring_a_conflict_keeps_the_score(screen, reg, qtbot,
                                                                   monkeypatch):
    a, _b, eid = _ranked(reg)
    tab = screen.show_tab("分配专家")
    screen.refresh()
    held = HeldBackup(monkeypatch, screen.ctx)
    tab.declare(ex.expert(reg, eid), reg.project(a), "曾参与该项目咨询")
    held.in_background(qtbot)
    held.cancel(qtbot)
    assert ex.submitted_score(reg, eid, a)
    assert (eid, a) not in ex.declared_conflicts(reg, reg.project(a).campaign_year)
    assert "已取消" in tab.error.text()


def test_an_assignment_without_a_score_is_taken_off_at_once(screen, reg, qtbot, monkeypatch):
    """No backup to make: no progress dialog flashing over the grid."""
    a = make_project(reg, "未评分", "工作室丙", CITY)
    to_review(reg, a)
    [eid] = add_experts(reg, 1)
    ex.assign(reg, eid, a)
    tab = screen.show_tab("分配专家")
    screen.refresh()
    HeldBackup(monkeypatch, screen.ctx)
    assert tab._unassign("取消分配", ex.expert(reg, eid), reg.project(a))
    assert not screen.ctx.busy
    assert not [x for x in ex.assignments(reg, reg.project(a).campaign_year)
                if x.project_id == a]


# -- 删除专家 with draft scores ---------------------------------------------------------------
def _drafting_expert(reg):
    """专家1 has typed 项目甲's and 项目乙's scores as a draft, not submitted."""
    a = make_project(reg, "项目甲", "工作室甲", CITY)
    b = make_project(reg, "项目乙", "工作室乙", CITY)
    to_review(reg, a, b)
    [eid] = add_experts(reg, 1)
    grid = ensure_grid(reg, YEAR)
    for pid in (a, b):
        ex.assign(reg, eid, pid)
    save_scores(reg, eid, {a: (scores_for_total(grid, 850), "")}, submit=False)
    assert ex.drops_drafts(reg, eid)
    return eid


def _remove_first_expert(screen, monkeypatch):
    tab = screen.show_tab("评审组与评分细则")
    screen.refresh()
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a, **_kw: True)  # 删除
    tab.table.setCurrentIndex(tab.table.model().index(0, 0))
    return tab


def test_an_expert_with_drafts_is_removed_in_the_background(screen, reg, qtbot, monkeypatch):
    eid = _drafting_expert(reg)
    held = HeldBackup(monkeypatch, screen.ctx)
    tab = _remove_first_expert(screen, monkeypatch)
    assert tab.remove_expert()
    held.in_background(qtbot)
    assert ex.experts(reg, YEAR)  # not yet
    held.finish(qtbot)
    assert ex.experts(reg, YEAR) == [] and ex.assignments(reg, YEAR) == []
    assert reg.scalar("SELECT COUNT(*) FROM scores") == 0  # the draft went with them
    assert tab.error.text() == "" and tab.table.model().rowCount() == 0  # the list read again
    assert eid


def test_cancel_pressed_while_removing_an_expert_keeps_them_and_their_drafts(
        screen, reg, qtbot, monkeypatch):
    eid = _drafting_expert(reg)
    drafts = reg.scalar("SELECT COUNT(*) FROM scores")
    held = HeldBackup(monkeypatch, screen.ctx)
    tab = _remove_first_expert(screen, monkeypatch)
    tab.remove_expert()
    held.in_background(qtbot)
    held.cancel(qtbot)
    assert [e.id for e in ex.experts(reg, YEAR)] == [eid]
    assert len(ex.assignments(reg, YEAR)) == 2 and reg.scalar("SELECT COUNT(*) FROM scores") == drafts
    assert "已取消" in tab.error.text() and "未保存" in tab.error.text()


# -- 取消分配 of a scored project -------------------------------------------------------------
def _conflicted_after_scoring(reg):
    """专家1 (清华大学) submitted 项目甲's score; the enterprise is then corrected to 清华大学:
    分配专家 shows the assignment 冲突, its score out of the ranking."""
    a, b, eid = _ranked(reg)
    reg.save_project(replace(reg.project(a), enterprise_name="清华大学"))
    return a, eid


def _on_the_conflicted_cell(screen, qtbot, monkeypatch, a):  # noqa: ANN001, ANN202
    """分配专家 with the cursor on project ``a``'s 冲突 cell; every question answered yes,
    its text kept in the list returned beside the tab."""
    tab = screen.show_tab("分配专家")
    screen.refresh()
    row = tab.model.row_of(a)
    assert tab.model.text(row, 2) == CONFLICTED
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no",
                        lambda _p, _t, text, **_kw: asked.append(text) or True)
    click(qtbot, tab.table, row, 2)
    return tab, asked


def _space_on_the_conflicted_cell(screen, qtbot, monkeypatch, a):
    """The grid's toggle (Space) on the 冲突 cell, its question answered 取消分配."""
    tab, asked = _on_the_conflicted_cell(screen, qtbot, monkeypatch, a)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert "撤回其已提交的评分（原评分记入修改记录，登记册先备份）" in asked[0]
    return tab


def test_a_scored_assignment_in_conflict_is_taken_off_in_the_background(
        screen, reg, qtbot, monkeypatch):
    a, eid = _conflicted_after_scoring(reg)
    held = HeldBackup(monkeypatch, screen.ctx)
    tab = _space_on_the_conflicted_cell(screen, qtbot, monkeypatch, a)
    held.in_background(qtbot)
    assert ex.submitted_score(reg, eid, a)  # not yet withdrawn
    held.finish(qtbot)
    assert not ex.submitted_score(reg, eid, a)
    assert not [x for x in ex.assignments(reg, YEAR) if x.project_id == a]
    assert tab.error.text() == "" and tab.model.text(tab.model.row_of(a), 2) != CONFLICTED


def test_cancel_pressed_while_taking_off_a_scored_assignment_keeps_it(
        screen, reg, qtbot, monkeypatch):
    a, eid = _conflicted_after_scoring(reg)
    held = HeldBackup(monkeypatch, screen.ctx)
    tab = _space_on_the_conflicted_cell(screen, qtbot, monkeypatch, a)
    held.in_background(qtbot)
    held.cancel(qtbot)
    assert ex.submitted_score(reg, eid, a)
    assert tab.model.text(tab.model.row_of(a), 2) == CONFLICTED
    assert "已取消" in tab.error.text() and "未保存" in tab.error.text()


# -- a returned scoring package replacing scores ----------------------------------------------
def test_cancel_pressed_during_a_packages_backup_stores_none_of_its_scores(
        screen, reg, qtbot, tmp_path, monkeypatch):
    """专家1's package already imported, sent back again with other scores (its earlier ones
    backed up first), after 专家2's: 取消 during that backup keeps 专家1's earlier scores,
    and the log names his file among those not imported."""
    pid = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    to_review(reg, pid)
    for eid in add_experts(reg, 2):
        ex.assign(reg, eid, pid)
    first, second = export_packages(reg, YEAR, tmp_path, None)
    fill_packages([first], score=8)
    import_package(reg, first)
    before = panel_scores(reg, YEAR)[pid].totals
    fill_packages([first], score=5)  # 专家1's second thoughts
    fill_packages([second], score=6)
    tab = screen.show_tab("评分包")
    held = HeldBackup(monkeypatch, screen.ctx)
    asked: list[str] = []  # 专家1's changed scores: replaced once the office says so
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text, **_kw: not asked.append(text))
    tab.import_files([second, first])
    held.in_background(qtbot)
    assert len(asked) == 1 and "其中 1 个项目" in asked[0]
    held.press_cancel(qtbot)
    log = tab.log.toPlainText()
    assert f"已导入专家“专家2”对 1 个项目的评分：{second.name}" in log
    assert f"已取消：未导入 {first.name}" in log
    assert "已替换" not in log
    scores = panel_scores(reg, YEAR)[pid]
    assert scores.n == 2 and before[0] in scores.totals  # 专家1's earlier score stands
    assert len(set(scores.totals)) == 2  # 专家2's the other


def test_a_conflict_registered_on_a_scored_cell_in_conflict_asks_and_withdraws_the_score(
        screen, reg, qtbot, monkeypatch):
    """登记回避… on a 冲突 cell whose score is submitted: asked about the score, as on an
    已提交 cell, then withdrawn; not refused as if another program had stored it."""
    a, eid = _conflicted_after_scoring(reg)
    monkeypatch.setattr(dialogs, "ask_text", lambda *_a, **_kw: "曾为该项目提供咨询")
    tab, asked = _on_the_conflicted_cell(screen, qtbot, monkeypatch, a)
    tab.conflict_button.click()
    qtbot.waitUntil(lambda: not screen.ctx.busy, timeout=20_000)
    assert tab.error.text() == ""
    assert asked and "登记回避将撤回这份评分" in asked[0]
    assert not ex.submitted_score(reg, eid, a)
    assert (eid, a) in ex.declared_conflicts(reg, YEAR)
