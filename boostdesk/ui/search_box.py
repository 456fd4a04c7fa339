"""The keys of a screen's search box, the same on every screen (README: "↓ into the list").

↓, Enter or Return go into the list on the row found (the first when none is current),
running a search still waiting for the typing pause first; Esc clears the box.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

_INTO_LIST = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)


class SearchBoxKeys(QObject):
    """Installed on ``search``; ``flush`` runs the search now if it is still waiting."""

    def __init__(self, search: QLineEdit, view: QAbstractItemView,
                 flush: Callable[[], None]) -> None:
        super().__init__(search)
        self._search = search
        self._view = view
        self._flush = flush
        search.installEventFilter(self)
        if not search.toolTip():  # a small screen cuts the hint: whole when pointed at
            search.setToolTip(search.placeholderText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is not self._search or event.type() != QEvent.Type.KeyPress:
            return False
        key = event.key()  # type: ignore[attr-defined]
        if key in _INTO_LIST:
            self._flush()
            view = self._view
            view.setFocus()
            model = view.model()
            if not view.currentIndex().isValid() and model.rowCount():
                view.setCurrentIndex(model.index(0, 0))
            return True
        if key == Qt.Key.Key_Escape and self._search.text():
            self._search.clear()
            return True
        return False
