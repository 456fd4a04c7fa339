"""The window as a screen-reader user (NVDA) and a keyboard-only clerk meet it: every
control a screen reader lands on says what it is, and Tab leaves a list of rows for the
controls after it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from test_ui_support import answers, ctx, focused, press, qsettings  # noqa: F401

from boostdesk.demo import fill_demo
from boostdesk.ui.grid_view import GridView

CONTROLS = (QAbstractButton, QAbstractItemView, QLineEdit, QComboBox, QAbstractSpinBox,
            QTextEdit, QPlainTextEdit)


def shown_demo_window(ctx: Any, qtbot: Any, width: int = 1366,  # noqa: F811
                      height: int = 768) -> Any:
    """The main window on the demo register, shown at ``width`` × ``height`` and active."""
    from boostdesk.ui.main_window import MainWindow

    fill_demo(ctx.reg)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return window


@pytest.fixture
def demo_window(ctx: Any, qtbot: Any) -> Any:  # noqa: F811
    return shown_demo_window(ctx, qtbot)


def controls(root: QWidget) -> list[QWidget]:
    """The controls of ``root`` a user can reach (not Qt's own parts: headers, a combo's
    or a spin box's line edit, a line edit's clear button)."""
    return [w for w in root.findChildren(QWidget)
            if isinstance(w, CONTROLS) and w.isVisible() and w.isEnabled()
            and not isinstance(w, QHeaderView) and not w.objectName().startswith("qt_")
            and not isinstance(w.parent(), (QComboBox, QLineEdit, QAbstractSpinBox))]


def pages(screen: QWidget) -> list[tuple[str, QWidget]]:
    """The screen, and each tab of its tab widgets shown in turn."""
    found = [("", screen)]
    for tabs in screen.findChildren(QTabWidget):
        for i in range(tabs.count()):
            found.append((tabs.tabText(i), tabs.widget(i)))
    return found


def show(page: QWidget) -> None:
    parent = page.parentWidget()
    while parent is not None:
        if isinstance(parent, QTabWidget) or isinstance(parent.parentWidget(), QTabWidget):
            tabs = parent if isinstance(parent, QTabWidget) else parent.parentWidget()
            if tabs.indexOf(page) >= 0:
                tabs.setCurrentWidget(page)
        parent = parent.parentWidget()
    QApplication.processEvents()


def unnamed(root: QWidget, where: str) -> list[str]:
    """Controls whose accessible name (what NVDA reads: the accessibleName, a button's
    text, a caption's buddy) is empty."""
    missing = []
    for w in controls(root):
        face = QAccessible.queryAccessibleInterface(w)
        if face is None or not face.text(QAccessible.Text.Name).strip():
            hint = getattr(w, "placeholderText", lambda: "")()
            missing.append(f"{where}: {type(w).__name__} {w.objectName()!r} {hint[:20]!r}")
    return missing


def test_every_control_says_what_it_is_to_a_screen_reader(demo_window: Any) -> None:
    from boostdesk.ui.main_window import SCREENS

    missing = []
    for i, (label, _module, _cls) in enumerate(SCREENS):
        screen = demo_window.show_screen(i)
        for tab, page in pages(screen):
            show(page)
            missing += unnamed(page, f"{label} {tab}")
    missing += unnamed(demo_window, "窗口")
    screen = demo_window.show_screen(0)
    dialog = screen.import_table()
    dialog.show()
    missing += unnamed(dialog, "导入汇总表")
    dialog.reject()
    screen.table.selectRow(0)
    status = screen.change_status()
    status.show()
    missing += unnamed(status, "改变状态")
    status.reject()
    award = demo_window.show_screen(2).new_item()  # 工作室 → 录入往年助推
    award.show()
    missing += unnamed(award, "录入往年助推")
    award.reject()
    assert not missing, "\n".join(dict.fromkeys(missing))


def _tab_from(qtbot: Any, start: QWidget, presses: int) -> list[QWidget]:
    start.setFocus()
    seen = [focused()]
    for _ in range(presses):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(focused())
    return seen


@pytest.mark.parametrize(("screen_index", "tab", "wanted"), [
    (4, "资格审核", ("审核理由", "通过资格审核")),
    (4, "评分包", ("导入交回的评分包…",)),
    (4, "排名与档次", ("采纳为拟助推名单",)),
    (5, None, ("异议列表", "登记异议(&O)…")),
])
def test_tab_leaves_a_list_for_the_controls_after_it(demo_window: Any, qtbot: Any,
                                                      screen_index: int, tab: str | None,
                                                      wanted: tuple[str, ...]) -> None:
    """A list of rows took every Tab for its cells (7 columns × 40 rows before the next
    control): the reason box and the buttons under it were out of a keyboard's reach."""
    screen = demo_window.show_screen(screen_index)
    if tab is not None:
        tabs = screen.findChild(QTabWidget)
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == tab))
        QApplication.processEvents()
    reached = {w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
               for w in _tab_from(qtbot, demo_window.nav, 20)}
    assert set(wanted) <= reached, reached


def _focus_or_editor_owner(widget: QWidget) -> QWidget:
    """The focused widget, or the grid whose cell editor has the focus."""
    parent = widget
    while parent is not None and not isinstance(parent, QAbstractItemView):
        parent = parent.parentWidget()
    return parent or widget


@pytest.mark.parametrize(("screen_index", "tab", "after"), [
    (8, None, "save_campaign"),  # 设置: past the tiers to 保存本年度计划
    (4, "评审组与评分细则", "保存评审参数"),  # past the criteria to the panel's parameters
    (4, "评分录入", "navigation"),  # out of the scoring grid, round to the navigation
])
def test_tab_leaves_a_grid_after_its_last_cell(demo_window: Any, qtbot: Any,
                                                         screen_index: int, tab: str | None,
                                                         after: str) -> None:
    """Tab walked a grid's cells and wrapped from the last to the first: a keyboard
    never got past 设置's tiers, the criteria or the scoring grid."""
    screen = demo_window.show_screen(screen_index)
    if tab is not None:
        tabs = screen.findChild(QTabWidget)
        tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == tab))
        QApplication.processEvents()
    walked = [_focus_or_editor_owner(w) for w in _tab_from(qtbot, demo_window.nav, 150)]
    # a grid walked by Tab, or one locked (评分细则 once scored): then one Tab stop
    grids = [i for i, w in enumerate(walked)
             if isinstance(w, QTableView) and (w.tabKeyNavigation() or isinstance(w, GridView))]
    assert grids, "no grid on the way"
    names = [w.objectName() or w.accessibleName()
             or (w.text() if isinstance(w, QAbstractButton) else "") for w in walked]
    assert after in names[grids[0]:], names[grids[0]:grids[0] + 5]


def test_tab_leaves_the_assignment_matrix(demo_window: Any, qtbot: Any) -> None:
    """The experts × projects matrix is moved in with the arrows; Tab goes on."""
    screen = demo_window.show_screen(4)
    tabs = screen.findChild(QTabWidget)
    tabs.setCurrentIndex(next(i for i in range(tabs.count()) if tabs.tabText(i) == "分配专家"))
    QApplication.processEvents()
    matrix = tabs.currentWidget().table
    matrix.setFocus()
    matrix.setCurrentIndex(matrix.model().index(0, 2))
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is not matrix


def test_moving_a_paper_to_another_year_is_within_a_keyboards_reach(
        demo_window: Any, answers: Any, qtbot: Any) -> None:  # noqa: F811
    """移到其他年度… was only a button that takes no focus and has no key: the menus (Alt)
    are how a keyboard or NVDA reaches it."""
    screen = demo_window.show_screen(0)
    screen.table.setFocus()
    screen.table.selectRow(0)
    actions = [a for m in demo_window.menuBar().actions() if m.menu() is not None
               for a in m.menu().actions() if a.text().startswith("移到其他年度")]
    assert actions, "移到其他年度 is in no menu"
    answers.choice = None  # the year asked for, then cancelled
    actions[0].trigger()
    assert answers.choices and "2021 年度" in answers.choices[0]
