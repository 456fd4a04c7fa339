"""排名与档次's 采纳为拟助推名单 with several decisions to make (test_adopt_recheck: the rules
and the CLI): every question names them all and which one it is, so the clerk knows up front
how many follow; 设置 greys 同分规则 with its reason once the list is published."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_adopt_recheck import both
from test_plan_choices_screens import _asked, _rank_tab
from test_ui_support import shown_screen


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


def test_settings_grey_the_tie_rule_once_the_list_is_published(reg, tmp_path, qtbot):
    """Saving refused the change (Ctrl+S) while the field stayed open to typing: greyed
    now, its reason beside it."""
    from datetime import date

    from test_plan_choices import REASON, j18_to_j21

    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import start_publicity
    from boostdesk.ui.settings_screen import SettingsScreen
    from tests.test_panel_support import YEAR

    j18_to_j21(reg)
    adopt(reg, YEAR, tie_reason=REASON)
    w = shown_screen(qtbot, SettingsScreen, reg, tmp_path, YEAR)
    assert w.tie_steps.isEnabled() and not w.tie_locked.isVisible()  # adopted, not published
    start_publicity(reg, YEAR, date(2022, 12, 20))
    w.load()
    assert not w.tie_steps.isEnabled()
    why = "2022 年度拟助推名单已公示，同分规则不能再改：已公示项目和后续批次的排名都按现行同分规则排定"
    assert w.tie_locked.isVisible() and w.tie_locked.text() == f"（灰色）{why}"
    assert w.tie_steps.toolTip() == why
    qtbot.mouseClick(w.tie_steps, Qt.MouseButton.LeftButton)  # a click does not open it
    assert not w.tie_steps.hasFocus()
    assert w.tie_steps.text() == "平均分、标准差、报送日期、登记号"
