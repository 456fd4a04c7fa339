"""专利助推 and 创新项目 at 16–18 pt on a small screen (960 wide for Qt at 200 %): the
eight buttons above the list (928 pixels at 18 pt) held the screen wider than the window,
which scrolled it sideways; the navigation was 2 pixels short of its names and showed a
sideways scroll bar of its own. The buttons and filters now go on to another line."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QWidget
from test_ui_large_text import large_text
from test_ui_support import answers, ctx, qsettings, window

__all__ = ["answers", "ctx", "large_text", "qsettings", "window"]  # fixtures used by name


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def inside(widget: QWidget, within: QWidget) -> bool:
    at = widget.mapTo(within, QPoint(0, 0))
    return at.x() >= 0 and at.x() + widget.width() <= within.width()


def test_the_register_screens_at_18_pt_do_not_scroll_sideways_in_a_960_wide_window(
        large_text, window, qtbot):
    window.resize(960, 600)
    for name in ("专利助推", "创新项目"):
        screen = window.screen_named(name)
        settle()
        assert window.holder.horizontalScrollBar().maximum() == 0, name  # was 132
        assert window.nav.horizontalScrollBar().maximum() == 0
        assert screen.width() <= window.holder.viewport().width()
        buttons = [b for b in screen.buttons.values() if b.isVisible()]
        assert len(buttons) >= 8
        # every button whole and in view, on two lines
        cut = [b.text() for b in buttons
               if b.width() < b.sizeHint().width() or not inside(b, screen)]
        assert not cut, (name, cut)
        assert len({b.y() for b in buttons}) == 2, name
        for widget in (screen.search, screen.unit, screen.status, screen.verdict, screen.count):
            assert inside(widget, screen), (name, widget.objectName())
        assert screen.count.width() >= screen.count.minimumSizeHint().width()
        # and the list below the buttons, not over them
        lowest = max(b.geometry().bottom() for b in buttons)
        assert screen.splitter.geometry().top() > lowest


def test_at_the_shipped_size_the_buttons_stay_on_one_line(window, qtbot):
    window.resize(1366, 768)
    screen = window.screen_named("专利助推")
    settle()
    buttons = [b for b in screen.buttons.values() if b.isVisible()]
    assert len({b.y() for b in buttons}) == 1
    assert len({w.y() for w in (screen.search, screen.unit, screen.status)}) == 1
