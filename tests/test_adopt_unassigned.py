"""Adopting with a qualified project no expert was assigned: it was listed 尚未分配评审专家
under advice to wait for the experts' packages or to cancel or change “the assignment” —
there is none. The step for it is to assign experts; the advice to wait stays for those
assigned."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from test_panel_screen import ctx, screen

from boostdesk.cli import main
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import assign
from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review

__all__ = ["ctx", "screen"]


def _one_unassigned(reg, *, one_waiting: bool) -> None:
    a = make_project(reg, "已评完", "工作室甲", CITY)
    b = make_project(reg, "未分配专家", "工作室乙", CITY)
    ids = [a, b]
    if one_waiting:
        ids.append(make_project(reg, "缺一位专家", "工作室丙", CITY))
    to_review(reg, *ids)
    e1, e2 = add_experts(reg, 2)
    score_all(reg, e1, {a: 90} | ({ids[2]: 80} if one_waiting else {}))
    score_all(reg, e2, {a: 88})
    if one_waiting:
        assign(reg, e2, ids[2])


def test_the_unassigned_are_told_to_have_experts_assigned(reg):
    _one_unassigned(reg, one_waiting=False)
    with pytest.raises(PanelError) as info:
        adopt(reg, YEAR)
    message = str(info.value)
    assert "“未分配专家”：尚未分配评审专家" in message
    assert "请先在“分配专家”中分配评审专家（可点“自动均衡分配”），专家交回评分后再采纳" in message
    assert "请等专家交回评分包" not in message and "取消或更换该项分配" not in message


def test_both_kinds_each_with_its_own_step(reg):
    _one_unassigned(reg, one_waiting=True)
    with pytest.raises(PanelError) as info:
        adopt(reg, YEAR)
    message = str(info.value)
    assert "尚未分配评审专家的 1 项：请先在“分配专家”中分配评审专家" in message
    assert ("已分配专家的 1 项：请等专家交回评分包（或在“评分录入”中提交）后再采纳；专家不能评审的，"
            "请在“分配专家”中取消或更换该项分配") in message


def test_the_command_line_names_the_command_that_assigns(reg, capsys):
    _one_unassigned(reg, one_waiting=False)
    db = reg.path
    reg.close()
    assert main(["panel", "adopt", "--db", str(db)]) != 0
    err = capsys.readouterr().err
    assert "请先分配评审专家（boostdesk --db" in err and "panel assign --auto 自动均衡分配）" in err
    assert "请等专家交回评分包" not in err


def test_the_rank_tab_says_to_assign_the_unassigned_first(screen, reg, qtbot):
    _one_unassigned(reg, one_waiting=True)
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    assert "（尚未分配评审专家的，先在“分配专家”中分配）" in tab.waiting.text()
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert "尚未分配评审专家的 1 项：请先在“分配专家”中分配评审专家" in tab.error.text()
