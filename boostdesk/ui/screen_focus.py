"""Where the keyboard lands when a screen is brought into view by its key (Ctrl+1…9, Ctrl+0).

Qt gives a page of a stack the first widget of its focus chain: a tab bar, a filter box
or the search box, so that ↑↓ after Ctrl+5 moved nothing in the list. A screen goes to its
main list: its own ``focus_list()`` when it has one, else the first list of rows it shows
(not an editable grid: 设置's tiers, 评分录入's scores), else — a form-like screen (设置,
打印) — its first field.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QScrollArea, QTableView, QTabWidget, QWidget

from .grid_view import GridView

_REASON = Qt.FocusReason.ShortcutFocusReason  # a list arrived at selects its current row
CHAIN_LIMIT = 20_000  # a guard against a chain that never comes back to its window


def _chain(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that the keyboard can reach now, in Tab order."""
    order = tab_order(root.window())
    start = next((i + 1 for i, w in enumerate(order) if w is root), 0)
    found: list[QWidget] = []
    proxied: list[QWidget] = []
    for widget in order[start:] + order[:start]:
        if not (widget is not root and root.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        proxy = widget.focusProxy()  # (PySide links the proxy to the widget: relinked below)
        if proxy is None:
            found.append(widget)
        else:
            proxied.append(proxy)
    _relink(proxied)
    return found


def tab_order(window: QWidget) -> list[QWidget]:
    """Every widget of ``window``'s focus chain, from the one after it, in Tab order.

    PySide makes what ``w.nextInFocusChain()`` returns a child of ``w`` on the Python side
    (its return-value heuristic). Walked so, the window's chain became one Python family,
    each widget the child of the one before: deleting a screen (a restore, 改为可修改)
    then marked every Qt-made widget after it as deleted — the status bar, the 年度 menu
    — while they lived on, and the next use raised "Internal C++ object already deleted".
    The window itself is never reached from another widget (it would become that widget's
    child, and lose its ownership), and every widget walked is put back under its real
    parent."""
    last = window.previousInFocusChain()  # (made the window's child: relinked below)
    order: list[QWidget] = []
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and len(order) < CHAIN_LIMIT:
        order.append(widget)
        if widget is last:
            break
        widget = widget.nextInFocusChain()
    _relink([*order, last] if last is not None else order)
    return order


def _relink(widgets: list[QWidget]) -> None:
    """Each of ``widgets``, and each of their ancestors, a Python child of its Qt parent
    again (``findChildren`` makes what it returns children of the widget asked). The
    ancestors too: a parent's wrapper made here and then dropped would take its
    children's with it."""
    parents: dict[int, QWidget] = {}
    for widget in widgets:
        parent = widget.parentWidget()  # (PySide adds no link for this one)
        while parent is not None and id(parent) not in parents:
            parents[id(parent)] = parent
            parent = parent.parentWidget()
    for parent in parents.values():
        parent.findChildren(QWidget, "", Qt.FindChildOption.FindDirectChildrenOnly)


def main_list(root: QWidget) -> QTableView | None:
    """The first list of rows shown under ``root``."""
    return next((w for w in _chain(root) if isinstance(w, QTableView)
                 and not isinstance(w, GridView)), None)


def first_field(root: QWidget) -> QWidget | None:
    """The first field under ``root`` (a tab bar is not one)."""
    return next((w for w in _chain(root) if not isinstance(w.parentWidget(), QTabWidget)),
                None)


def focus_screen(screen: QWidget) -> None:
    """The keyboard onto ``screen``'s main list, or its first field."""
    own = getattr(screen, "focus_list", None)
    if callable(own):
        own()
        return
    focus_in(screen)


def focus_in(root: QWidget) -> None:
    """The keyboard onto the first list of rows under ``root``, or its first field."""
    view = main_list(root)
    if view is None:
        field = first_field(root)
        if field is not None:
            field.setFocus(_REASON)
        return
    view.setFocus(_REASON)
    model, selection = view.model(), view.selectionModel()
    if model is not None and selection is not None and model.rowCount() and not (
            selection.hasSelection()):  # as a list Tabbed into (many_rows): 拨付's too
        current = view.currentIndex()
        view.selectRow(current.row() if current.isValid() else 0)


def into_view(area: QScrollArea, widget: QWidget | None) -> None:
    """Scroll ``area`` so that ``widget`` (the keyboard's, given by a screen's key) is in
    view: as much of it as the area shows from its top, and a list's current row. Qt
    scrolls to a widget Tab reaches, not to one given the focus: at 200 % with 16 pt text
    拨付's notes held its list below the fold, the keyboard in it unseen."""
    inner = area.widget()
    if widget is None or inner is None or not inner.isAncestorOf(widget):
        return
    top = widget.mapTo(inner, QPoint(0, 0))
    room = max(0, area.viewport().height() - 8)
    area.ensureVisible(top.x(), top.y() + min(widget.height(), room), 0, 0)
    area.ensureVisible(top.x(), top.y(), 0, 0)  # its top (a list's header) first of all
    if isinstance(widget, QAbstractItemView) and widget.currentIndex().isValid():
        row = widget.visualRect(widget.currentIndex())
        if row.isValid():
            at = widget.viewport().mapTo(inner, row.center())
            area.ensureVisible(top.x(), at.y(), 0, row.height())
