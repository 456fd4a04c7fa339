"""专家评审's writes that back the register up first (采纳拟助推名单, 登记回避 withdrawing a
submitted score, 取消分配 of a scored project, 删除专家 with draft scores) run in the
background on a register of ``context.BACKGROUND_BYTES`` or more, behind a progress dialog
whose 取消 during the backup stores nothing; a smaller register as before
(test_panel_screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_backed_up_support import HeldBackup
from test_panel_screen import ctx, screen

from boostdesk.panel import experts as ex
from tests.test_panel_support import CITY, add_experts, make_project, score_all, to_review
from tests.test_recheck import stored_equals_full_check

__all__ = ["ctx", "screen"]


def _ranked(reg):
    a = make_project(reg, "第一名", "工作室甲", CITY)
    b = make_project(reg, "第二名", "工作室乙", CITY)
    to_review(reg, a, b)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {a: 90, b: 80})
    return a, b, eid


def test_adopting_on_a_big_register_runs_in_the_background(screen, reg, qtbot, monkeypatch):
    a, b, _eid = _ranked(reg)
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    held = HeldBackup(monkeypatch, screen.ctx)
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    held.in_background(qtbot)
    assert reg.project(a).status == "review"  # not yet: behind the progress dialog
    held.finish(qtbot)
    assert reg.project(a).status == reg.project(b).status == "proposed"
    assert tab.error.text() == ""
    stored_equals_full_check(reg)  # the worker's status moves re-checked on its connection


def test_cancel_pressed_while_adopting_adopts_nothing(screen, reg, qtbot, monkeypatch):
    a, b, _eid = _ranked(reg)
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    held = HeldBackup(monkeypatch, screen.ctx)
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    held.in_background(qtbot)
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
