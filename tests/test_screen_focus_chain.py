"""Ctrl+1…9's walk of the window's Tab order (``screen_focus``) leaves PySide's view of
who owns whom as it found it: deleting a screen afterwards takes nothing else with it."""

from __future__ import annotations

import shiboken6
from PySide6.QtWidgets import (
    QLineEdit,
    QMainWindow,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from boostdesk.ui import screen_focus


def page_with(stack: QStackedWidget, *widgets: QWidget) -> QWidget:
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget)
    stack.addWidget(page)
    return page


def shown_window(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    stack = QStackedWidget()
    window.setCentralWidget(stack)
    search, table = QLineEdit(), QTableView()
    first = page_with(stack, search, table)
    other = QLineEdit()
    page_with(stack, other)
    window.statusBar()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window, stack, first, (search, table, other)


def test_a_page_deleted_after_the_keyboard_was_put_on_it_takes_nothing_else(qtbot):
    window, stack, first, (_search, table, other) = shown_window(qtbot)
    menu = window.menuBar().addMenu("年度")  # made by Qt: PySide alone keeps it valid
    bar = window.statusBar()
    screen_focus.focus_in(first)  # Ctrl+1…9
    assert table.hasFocus()

    stack.removeWidget(first)
    shiboken6.delete(first)  # as a restore or 改为可修改 drops the screens
    assert shiboken6.isValid(menu) and shiboken6.isValid(bar)
    assert shiboken6.isValid(other) and shiboken6.isValid(window.menuBar())
    assert shiboken6.ownedByPython(window)  # not made some widget's child
    menu.addAction("2022 年度")
    bar.showMessage("已恢复")
    assert bar.currentMessage() == "已恢复"


def test_the_tab_order_is_the_windows_focus_chain_without_the_window(qtbot):
    window, _stack, _first, (search, table, other) = shown_window(qtbot)
    order = screen_focus.tab_order(window)
    assert order.index(search) < order.index(table) < order.index(other)
    assert window not in order and window.statusBar() in order
    assert order[0] is window.nextInFocusChain()
