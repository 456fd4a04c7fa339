"""快捷键 at 18 pt on a small screen (960×540 for Qt at 200 %): its longest line (1296 pixels
with the scroll bar) ran past the screen, and both F1's 帮助 (its 快捷键 tab) and 帮助 →
快捷键 scrolled it sideways. The keys' descriptions now wrap where the room is narrower; on a
screen with room, each dialog is as wide as the longest line, which stays on one line."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from test_ui_large_text import fully_shown, large_text
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.ui.guide_dialog import KEYS_TAB

__all__ = ["answers", "ctx", "large_text", "qsettings", "window"]  # fixtures used by name


def on_screen(monkeypatch, width: int, height: int) -> None:
    room = QRect(0, 0, width, height)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _screen: room)


def assert_no_sideways_scroll(page) -> None:
    bar = page.scroller.horizontalScrollBar()
    assert bar.maximum() == 0, bar.maximum()  # was 478 on a 960-wide screen
    assert page.text.width() <= page.scroller.viewport().width()
    assert fully_shown(page.text)


def test_the_keys_at_18_pt_wrap_on_a_960_wide_screen(large_text, window, qtbot, monkeypatch):
    on_screen(monkeypatch, 960, 500)
    dialog = window.show_help(KEYS_TAB)
    qtbot.waitExposed(dialog)
    assert dialog.width() <= 920
    assert_no_sideways_scroll(dialog.keys)
    dialog.reject()
    keys = window.show_keys()
    qtbot.waitExposed(keys)
    assert keys.width() <= 920
    assert_no_sideways_scroll(keys.page)
    keys.reject()


def test_with_room_the_keys_tab_is_as_wide_as_its_longest_line(
        large_text, window, qtbot, monkeypatch):
    on_screen(monkeypatch, 1920, 1040)
    dialog = window.show_help(KEYS_TAB)
    qtbot.waitExposed(dialog)
    page = dialog.keys
    assert_no_sideways_scroll(page)
    # no line wrapped: the label as high as the rows at its longest line's width
    assert page.text.width() >= page.natural_width
    assert page.text.height() <= page.text.heightForWidth(page.natural_width)
    dialog.reject()
