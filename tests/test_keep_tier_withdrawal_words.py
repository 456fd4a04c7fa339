"""维持公示档次's confirmations say until when the decision may be withdrawn, in the rule's
own words (kept_tier_withdrawal.withdrawal_rule, what the refusals hold): stop 35 made one
recorded after its batch closed withdrawable until the award's money is paid, while 公示's
dialog still said only “结束公示前可撤销” and 排名与档次's said nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_kept_tier_undo import KEEP, freed  # noqa: F401 - freed: a fixture
from test_kept_tier_undo_after_close import free_after_close
from test_panel_support import YEAR
from test_publicity_keep_tier_screen import _in_dialog, screen  # noqa: F401 - a fixture
from test_ui_support import shown_screen

from boostdesk.panel.kept_tier_withdrawal import withdrawal_rule

IN_PUBLICITY = "结束公示前可撤销（其后重新采纳的拟助推名单已公示的不能撤销，尚未公示的先撤回该名单）"
AFTER_CLOSE = ("在该项目的助推款登记拨付前可撤销（其后重新采纳的拟助推名单已公示的不能撤销，"
               "尚未公示的先撤回该名单）")


def test_the_rule_in_its_two_cases():
    assert withdrawal_rule(False) == IN_PUBLICITY
    assert withdrawal_rule(True) == AFTER_CLOSE


def test_the_publicity_dialog_says_until_the_close(reg, freed, screen, qtbot):  # noqa: F811
    seen: list[str] = []
    _in_dialog(qtbot, screen, seen, lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    qtbot.mouseClick(screen.keep_button, Qt.MouseButton.LeftButton)
    assert seen[0].startswith("维持公示档次 — 郭敏团队安全防护装置研发\n")
    assert seen[0].endswith(f"记入修改记录（操作人：刘建国），{IN_PUBLICITY}。")


def _asked_on_the_ranking_tab(reg, tmp_path, qtbot, monkeypatch, guo: int) -> str:
    from boostdesk.ui import dialogs
    from boostdesk.ui.keep_selection import select_ids
    from boostdesk.ui.panel_screen import PanelScreen

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_text",
                        lambda parent, title, text, *a, **k: asked.append(text) or "")
    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    select_ids(tab.table, [guo], guo)
    qtbot.mouseClick(tab.keep_button, Qt.MouseButton.LeftButton)  # Esc at the question
    [text] = asked
    return text


def test_the_ranking_tab_says_until_the_money_after_the_close(reg, tmp_path, qtbot,
                                                             monkeypatch):
    guo = free_after_close(reg)["guo"]
    text = _asked_on_the_ranking_tab(reg, tmp_path, qtbot, monkeypatch, guo)
    assert text.endswith(f"不再提示；{AFTER_CLOSE}：")


def test_the_ranking_tab_says_until_the_close_in_publicity(reg, freed, tmp_path, qtbot,  # noqa: F811
                                                          monkeypatch):
    text = _asked_on_the_ranking_tab(reg, tmp_path, qtbot, monkeypatch, freed["guo"])
    assert text.endswith(f"不再提示；{IN_PUBLICITY}：")
