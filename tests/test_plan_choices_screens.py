"""设置 and 排名与档次 on the plan's silences (test_plan_choices: the rules and the CLI): the
office's own parameters marked so, the tie rule typed in 设置, and adopting in the window
asks about a cut-off the received date settled and an award above the request."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget
from test_plan_choices import REASON, j15, j18_to_j21
from test_ui_support import answers, ctx, press, qsettings, shown_screen, type_text, window

from boostdesk.panel.ranking import rank
from tests.test_panel_support import YEAR

__all__ = ["answers", "ctx", "qsettings", "window"]

OWN = "（方案未定，本办自定）"


def _label_of(screen: QWidget, field: QWidget) -> str:
    """The text of the form label beside ``field``."""
    for form in screen.findChildren(QFormLayout):
        label = form.labelForField(field)
        if isinstance(label, QLabel):
            return label.text()
    raise AssertionError(f"{field.objectName()} has no label")


def test_settings_mark_the_offices_own_parameters_and_take_the_tie_rule(window, reg, qtbot,
                                                                         answers):
    screen = window.screen_named("设置")
    assert _label_of(screen, screen.publicity_days) == f"公示天数{OWN}"
    assert _label_of(screen, screen.final_months) == f"验收后尾款拨付期限{OWN}"
    assert _label_of(screen, screen.tie_steps) == f"同分规则{OWN}"
    assert "未定天数" in screen.publicity_days.toolTip()
    assert screen.tier_model.headerData(2, Qt.Orientation.Horizontal) == "名额（原则上）"
    assert "方案写“原则上”，本程序按上限执行" in screen.quota_note.text()
    assert screen.tie_steps.text() == "平均分、标准差、报送日期、登记号"
    # the clerk types another order, the register number not last: refused in words
    screen.tie_steps.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "登记号、平均分")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "同分规则：最后一步应为“登记号”" in screen.campaign_message.text()
    assert reg.campaign(YEAR).tie_break_steps == ("mean", "sd", "received", "number")
    screen.tie_steps.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "报送日期、平均分、登记号")
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: reg.campaign(YEAR).tie_break_steps == ("received", "mean", "number"))


def _rank_tab(qtbot, reg, tmp_path):
    from boostdesk.ui.panel_screen import PanelScreen

    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    return tab


def _asked(monkeypatch, answers_given: list[str]) -> list[str]:
    from boostdesk.ui import dialogs

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, text, *a, **k:
                        asked.append(f"{title}：{text}") or answers_given.pop(0))
    return asked


def test_the_ranking_flags_an_award_above_the_request_and_adopting_asks(reg, tmp_path, qtbot,
                                                                         monkeypatch):
    ids = j15(reg)
    asked = _asked(monkeypatch, ["", "经研究按评审排名档次助推"])
    tab = _rank_tab(qtbot, reg, tmp_path)
    row = next(r for r in range(tab.model.rowCount())
               if tab.model.index(r, 2).data() == "项目J15")
    assert tab.model.index(row, 8).data() == "¥100,000.00（超申请）"
    assert "多 ¥70,000.00" in tab.model.index(row, 8).data(Qt.ItemDataRole.ToolTipRole)
    assert "拟助推金额超过申请金额 1 项" in tab.waiting.text()
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)  # Esc at the question
    assert asked[0].startswith("拟助推金额超过申请金额：以下项目的拟助推金额超过其申请金额")
    assert reg.project(ids["j15"]).status == "review"  # nothing adopted
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert reg.project(ids["j15"]).status == "proposed"
    assert "经研究按评审排名档次助推" in reg.project(ids["j15"]).status_reason


def test_adopting_in_the_window_asks_about_a_cut_off_the_received_date_settled(
        reg, tmp_path, qtbot, monkeypatch):
    ids = j18_to_j21(reg)
    asked = _asked(monkeypatch, ["", REASON])
    tab = _rank_tab(qtbot, reg, tmp_path)
    assert "（方案未定，本办自定）" in tab.rule.text()
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert "仅按材料报送日期排定先后" in asked[0] and reg.project(ids["j18"]).status == "review"
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert reg.project(ids["j18"]).status == "not_awarded"
    assert REASON in reg.project(ids["j18"]).status_reason
    assert rank(reg, YEAR).row(ids["j21"]).amount_fen is not None


def test_once_adopted_the_questions_answered_are_no_longer_shown_as_open(
        reg, tmp_path, qtbot, monkeypatch):
    """The tester's 2023 list: adopted with its reasons, 排名与档次 still read 采纳时须写明理由
    and 采纳时须确认 in orange above it, as if nothing had been decided."""
    j18_to_j21(reg)
    _asked(monkeypatch, [REASON])
    tab = _rank_tab(qtbot, reg, tmp_path)
    assert "采纳时须写明理由" in tab.waiting.text()
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert "档次分界处同分" not in tab.waiting.text()
    assert "采纳时须" not in tab.waiting.text()


def test_once_adopted_an_award_above_the_request_is_not_asked_again(reg, tmp_path, qtbot,
                                                                     monkeypatch):
    ids = j15(reg)
    _asked(monkeypatch, ["经研究按评审排名档次助推"])
    tab = _rank_tab(qtbot, reg, tmp_path)
    assert "拟助推金额超过申请金额 1 项" in tab.waiting.text()
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert reg.project(ids["j15"]).status == "proposed"
    assert "拟助推金额超过申请金额" not in tab.waiting.text()
    assert "采纳时须" not in tab.waiting.text()
