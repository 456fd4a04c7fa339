"""What a screen reader (NVDA) says on the screens a low-vision intake clerk walks by Tab,
and what the keyboard reaches without a mouse: names after the labels beside the fields,
not the box around them; reasons and details read where Tab lands, not only in tooltips."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QWidget
from test_ui_support import answers, ctx, focused, press, qsettings  # noqa: F401

from boostdesk.demo import fill_demo

NAME = QAccessible.Text.Name
DESCRIPTION = QAccessible.Text.Description


def said(widget: QWidget, what: QAccessible.Text = NAME) -> str:
    face = QAccessible.queryAccessibleInterface(widget)
    return face.text(what) if face is not None else ""


@pytest.fixture
def demo_window(ctx: Any, qtbot: Any) -> Any:  # noqa: F811
    from boostdesk.ui.main_window import MainWindow

    fill_demo(ctx.reg)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


def screen_of(window: Any, label: str) -> Any:
    from boostdesk.ui.main_window import SCREENS

    return window.show_screen(next(i for i, (name, _m, _c) in enumerate(SCREENS) if name == label))


# -- 设置 ------------------------------------------------------------------------------

def test_settings_fields_in_a_row_are_named_after_their_labels(demo_window: Any) -> None:
    screen = screen_of(demo_window, "设置")
    assert said(screen.notice_contact) == "核对意见联系人及电话"
    assert said(screen.notice_email) == "核对意见邮箱"
    assert said(screen.notice_reply_days) == "核对意见回复期限"
    assert said(screen.seal) == "印章扫描件"


def test_settings_omitted_materials_say_whose_list(demo_window: Any) -> None:
    screen = screen_of(demo_window, "设置")
    patent = screen.findChild(QWidget, "omit_patent_unit_stamp")
    project = screen.findChild(QWidget, "omit_project_unit_stamp")
    assert said(patent) == "专利申报不再要求：所在单位工会盖章"
    assert said(project) == "项目申报不再要求：所在单位工会盖章"


def test_settings_tier_cell_editors_say_tier_and_column(demo_window: Any, qtbot: Any) -> None:
    screen = screen_of(demo_window, "设置")
    view, model = screen.tier_view, screen.tier_model
    heard = []
    for column in range(model.columnCount()):
        index = model.index(0, column)
        view.setCurrentIndex(index)
        view.edit(index)
        QApplication.processEvents()
        heard.append(said(QApplication.focusWidget()))
        view.closePersistentEditor(index)
        press(qtbot, Qt.Key.Key_Escape, widget=QApplication.focusWidget())
    assert heard == ["第 1 档 档次", "第 1 档 金额（元）", "第 1 档 名额（原则上）", "第 1 档 工作室级别"]


def test_settings_why_tie_rule_is_locked_is_a_tab_stop(demo_window: Any, qtbot: Any) -> None:
    screen = screen_of(demo_window, "设置")
    screen._lock_tie_steps(demo_window.ctx.year)
    if screen.tie_steps.isEnabled():  # the demo publishes a list; lock it as publishing does
        pytest.skip("demo year not published")
    note = screen.tie_locked
    assert note.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert said(note).startswith("同分规则不能修改：")
    screen.extra_project_materials.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is note


# -- 专利助推 / 创新项目 -------------------------------------------------------------------

@pytest.mark.parametrize("label", ["专利助推", "创新项目"])
def test_register_filters_are_named(demo_window: Any, label: str) -> None:
    screen = screen_of(demo_window, label)
    # A combo box's name on Windows is QAccessibleWidget's (its accessibleName); on Linux Qt
    # gives its current text instead, so the name is read where Windows reads it.
    assert screen.unit.accessibleName() == "推荐单位筛选"
    assert screen.status.accessibleName() == "状态筛选"
    assert screen.verdict.accessibleName() == "资格筛选"


def test_register_unit_filter_fits_its_text_at_a_large_font(ctx: Any, qtbot: Any) -> None:  # noqa: F811
    """At 16 pt (Windows' text size) a fixed 120 px cut 全部推荐单位 to ⻖推荐单位."""
    from boostdesk.ui.register_screen import PatentScreen

    app = QApplication.instance()
    old = app.font()
    big = app.font()
    big.setPointSizeF(16)
    app.setFont(big)
    try:
        fill_demo(ctx.reg)
        screen = PatentScreen(ctx)
        qtbot.addWidget(screen)
        needed = screen.unit.fontMetrics().horizontalAdvance("全部推荐单位")
        assert screen.unit.minimumWidth() > needed
    finally:
        app.setFont(old)
