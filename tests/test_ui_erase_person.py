"""删除个人信息… on 单位与人员 → 人员, as a clerk uses it: an award holder's button greyed
with why; a refused applicant chosen, Alt+Q, the masked preview, a reason typed, Enter."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_erase_person import WANG, WANG_CARD, WANG_ID, WANG_PHONE, _paper
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.models import audit_chain, clock
from boostdesk.models.records import PATENT
from boostdesk.ui import context
from boostdesk.ui.erase_dialog import EraseDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

ALT = Qt.KeyboardModifier.AltModifier


def _choose(qtbot, screen, name):
    screen.focus_search()
    type_text(qtbot, name, screen.search)
    screen._search_now()
    screen.people_view.setFocus()
    screen.people_view.setCurrentIndex(screen.people.index(0, 0))


@pytest.mark.parametrize("large", [False, True], ids=["small", "large-in-background"])
def test_a_refused_applicant_is_erased_from_the_people_tab(reg, window, qtbot, answers,
                                                          monkeypatch, large):
    if large:  # a register of 40 MB or more: erased behind a progress dialog
        monkeypatch.setattr(context, "BACKGROUND_BYTES", 0)
    wang = _paper(reg, WANG, WANG_ID, "ZL202110123456.7", WANG_PHONE)
    reg.set_status(PATENT, wang, "refused", "专利授权日期不在期间内")
    zhang = _paper(reg, "张三", "11010519491231002X", "ZL202120987654.3")
    reg.set_status(PATENT, zhang, "qualified")
    reg.set_status(PATENT, zhang, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    with clock.fixed_day(date(2026, 1, 1)):
        screen = window.screen_named("单位与人员")
        screen.tabs.setCurrentIndex(2)
        _choose(qtbot, screen, "张三")
        qtbot.waitUntil(lambda: "核准" in screen.erase_reason.text())
        assert not screen.erase_button.isEnabled()
        assert "核准" in screen.erase_reason.text() and "不能删除" in screen.erase_button.toolTip()
        screen.search.clear()
        _choose(qtbot, screen, WANG)
        qtbot.waitUntil(screen.erase_button.isEnabled)
        assert screen.erase_reason.text() == ""
        window.activateWindow()  # Alt letters act in the active window
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        press(qtbot, Qt.Key.Key_Q, ALT)  # 删除个人信息(&Q)… (the button shown down first)
        qtbot.waitUntil(lambda: isinstance(screen.current_form, EraseDialog))
        dialog = screen.current_form
        assert isinstance(dialog, EraseDialog)
        qtbot.waitUntil(dialog.isVisible)
        shown = dialog.preview.text()
        assert "110106********" in shown and WANG_ID not in shown and WANG_CARD not in shown
        assert "不能撤销" in shown and "备份恢复" in shown  # said before, not after
        assert not dialog.ok.isEnabled()  # no reason yet
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.reason)  # typed into at once
        type_text(qtbot, "申报资格审核不通过，保存期限已满")
        assert dialog.ok.isEnabled()
        press(qtbot, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: closed(dialog), timeout=20000)
    said = answers.infos[-1][1]
    assert "已删除个人信息" in said and "备份" in said
    assert audit_chain.verify(reg.conn).whole
    conn = sqlite3.connect(reg.path)
    text = "\n".join(str(v) for (t,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table'")
        for row in conn.execute(f'SELECT * FROM "{t}"') for v in row if isinstance(v, str))
    conn.close()
    assert WANG_ID not in text and WANG not in text
    screen.search.clear()
    _choose(qtbot, screen, "已删除个人信息")
    qtbot.waitUntil(lambda: "已删除" in screen.erase_reason.text())
    assert not screen.erase_button.isEnabled()  # done: nothing left to erase


def test_the_retention_setting_names_refused_and_withdrawn_papers_too(reg, qtbot, tmp_path):
    """设置's retention label says whom it covers (not a tooltip only)."""
    from PySide6.QtWidgets import QLabel
    from test_ui_support import shown_screen

    from boostdesk.ui.settings_screen import SettingsScreen

    w = shown_screen(qtbot, SettingsScreen, reg, tmp_path, 2022)
    label = next(lab for lab in w.findChildren(QLabel) if lab.buddy() is w.retention_years
                 or "保存年限" in lab.text())
    assert "未获助推" in label.text() and "不合格" in label.text() and "撤回" in label.text()
    w.grab().save(str(tmp_path / "settings.png"))
