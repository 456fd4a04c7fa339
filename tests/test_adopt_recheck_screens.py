"""排名与档次's 采纳为拟助推名单 with several decisions to make (test_adopt_recheck: the rules
and the CLI): every question names them all and which one it is, so the clerk knows up front
how many follow; 设置 greys 同分规则 with its reason once the list is published."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_adopt_recheck import both
from test_plan_choices_screens import _asked, _rank_tab


def test_adopting_names_every_question_up_front(reg, tmp_path, qtbot, monkeypatch):
    ids = both(reg)
    asked = _asked(monkeypatch, ["按档次助推", "", "按档次助推", "立项批复在途"])
    tab = _rank_tab(qtbot, reg, tmp_path)
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)  # Esc at the second
    first, second = asked
    names = "（1. 拟助推金额超过申请金额、2. 不符合方案条件的项目列入档次）"
    assert first.startswith(f"拟助推金额超过申请金额：采纳前须逐项写明 2 项理由{names}，这是第 1 项。")
    assert second.startswith(f"不符合方案条件的项目列入拟助推档次：采纳前须逐项写明 2 项理由{names}，"
                             "这是第 2 项。")
    assert reg.project(ids["j15"]).status == "review"  # nothing adopted
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert reg.project(ids["j15"]).status == "proposed"
    assert reg.project(ids["j04"]).status == "proposed"
