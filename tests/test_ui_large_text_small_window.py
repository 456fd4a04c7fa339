"""Three limits left at 18 pt in a small window (1920×1080 at 200 % is 960 wide for Qt; an
800-wide screen is narrower still): the toolbar's plan line was behind its » button, 公示's
narrow columns showed their headings' first characters, a form's hints beside the fields
had 120 pixels (five characters a line) at 800 wide. At the shipped size each is as it was."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QToolBar, QToolButton
from test_ui_large_text import large_text
from test_ui_support import answers, ctx, qsettings, window

__all__ = ["answers", "ctx", "large_text", "qsettings", "window"]  # fixtures used by name


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def plan_in_view(window) -> str:
    """The plan line's text, asserted shown whole inside the toolbar, no » button."""
    bar, label = window.findChild(QToolBar, "year_toolbar"), window.campaign_label
    assert label.isVisible(), "the plan line is behind the toolbar's » button"
    extension = [b for b in bar.findChildren(QToolButton)
                 if b.objectName() == "qt_toolbar_ext_button" and b.isVisible()]
    assert not extension
    right = label.mapTo(bar, QPoint(label.width(), 0)).x()
    assert right <= bar.width(), (right, bar.width())
    assert label.width() >= label.sizeHint().width() and label.height() >= label.sizeHint().height()
    return label.text()


def test_the_plan_line_stays_in_view_at_18_pt_in_a_960_and_an_800_wide_window(
        large_text, window):
    c = window.ctx.campaign()
    parts = [c.title, f"报送截止 {c.submission_deadline.isoformat()}",
             f"授权期间 {c.grant_window_start.isoformat()} 至 {c.grant_window_end.isoformat()}"]
    for width in (960, 800):
        window.resize(width, 600)
        settle()
        text = plan_in_view(window)
        # on two or three lines, broken between its parts, never inside one
        lines = text.split("\n")
        assert len(lines) >= 2 and [p for line in lines for p in line.split("　")] == parts, text
    window.resize(1920, 1000)  # a large screen at 18 pt: the one line again
    settle()
    assert "\n" not in plan_in_view(window)


def test_at_the_shipped_size_the_plan_line_is_one_line(window):
    c = window.ctx.campaign()
    for width in (1366, 960, 800):
        window.resize(width, 600)
        settle()
        assert plan_in_view(window) == (
            f"{c.title}　报送截止 {c.submission_deadline.isoformat()}"
            f"　授权期间 {c.grant_window_start.isoformat()} 至 {c.grant_window_end.isoformat()}")
