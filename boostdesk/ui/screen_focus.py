"""Where the keyboard lands when a screen is brought into view by its key (Ctrl+1…9).

Qt gives a page of a stack the first widget of its focus chain: a tab bar, a filter box
or the search box, so that ↑↓ after Ctrl+5 moved nothing in the list. A screen goes to its
main list: its own ``focus_list()`` when it has one, else the first list of rows it shows
(not an editable grid: 设置's tiers, 评分录入's scores), else — a form-like screen (设置,
打印) — its first field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView, QTabWidget, QWidget

from .grid_view import GridView

_REASON = Qt.FocusReason.ShortcutFocusReason  # a list arrived at selects its current row


def _chain(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that the keyboard can reach now, in Tab order."""
    found: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and len(found) < 2000:
        if (root.isAncestorOf(widget) and widget.isVisible() and widget.isEnabled()
                and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                and widget.focusProxy() is None):
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


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
