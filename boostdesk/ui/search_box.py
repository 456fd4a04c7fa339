"""The keys of a screen's search box, the same on every screen (README: "↓ into the list").

↓, Enter or Return go into the list on the row found (the first when none is current),
running a search still waiting for the typing pause first; Esc clears the box. Ctrl+Z and
Ctrl+Shift+Z (Ctrl+Y) undo (redo) the box's own typing or paste while it has some, then are
the register's 撤销 / 重做, as the 编辑 menu says: a clerk who pasted the wrong text into the
box and pressed Ctrl+Z to take it back deleted the paper just saved (the register's undo of
the save), with a status-bar line the only sign; and one who deleted a paper, then searched
for the next, pressing Ctrl+Z until the box had nothing left to undo gets the paper back.
:class:`ListSearch` is the box and its count for a list whose model searches itself
(``row_search.SearchRowsModel``), or for the list on the tab in view. A list still counting
a search (a ``SearchRowsModel`` just loaded) has its count say so until it is done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QWidget,
)

from .steady_label import SteadyLabel

_INTO_LIST = (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
UNDO, REDO = "撤销", "重做"  # what _undo_or_redo reads a key as (and the message says)


class SearchBoxKeys(QObject):
    """Installed on ``search``; ``flush`` runs the search now if it is still waiting."""

    def __init__(self, search: QLineEdit, view: QAbstractItemView | None,
                 flush: Callable[[], None]) -> None:
        super().__init__(search)
        self._search = search
        self.view = view  # the list the box is on now (ListSearch moves it between tabs)
        self._flush = flush
        self._pending: str | None = None  # see _forget
        search.installEventFilter(self)
        if not search.toolTip():  # a small screen cuts the hint: whole when pointed at
            search.setToolTip(search.placeholderText())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is not self._search:
            return False
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and (undo := _undo_or_redo(event)):
            self._forget()
            if self._own(undo):
                event.accept()  # the box's own typing or paste first: the key comes to it
            else:
                event.ignore()  # the box does not claim the keys: the window's 撤销 / 重做 run
                self._pending = REDO if undo == UNDO else UNDO
            return True
        if kind == QEvent.Type.InputMethod:
            self._forget()
        if kind != QEvent.Type.KeyPress:
            return False
        undo = _undo_or_redo(event)
        if undo and self._own(undo):
            # by hand: QLineEdit's own keys for redo differ by platform (Ctrl+Y on Windows)
            (self._search.undo if undo == UNDO else self._search.redo)()
            return True
        if undo:  # here only when the window has nothing to undo (its action disabled)
            self._pending = None  # nothing ran: the box keeps its steps
            _say(self._search, f"没有可{undo}的操作（搜索框的文字可按 Esc 清除）")
            return True
        self._forget()
        key = event.key()  # type: ignore[attr-defined]
        if key in _INTO_LIST and self.view is not None:
            self._flush()
            view = self.view
            view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            model = view.model()
            if not view.currentIndex().isValid() and model.rowCount():
                view.setCurrentIndex(model.index(0, 0))
            return True
        if key == Qt.Key.Key_Escape and self._search.text():
            self._search.clear()
            return True
        return False

    def _own(self, undo: str) -> bool:
        """Whether the box has typing or a paste of its own to undo (redo) now."""
        box = self._search
        return box.isUndoAvailable() if undo == UNDO else box.isRedoAvailable()

    def _forget(self) -> None:
        """After the window's 撤销 (重做) ran from the box, its step is the latest: the box
        forgets what it could still redo (undo), so the other key reverses that step, not
        the box's older one. Done at the box's next key (the window's key leaves no trace
        here but the override it was offered; a key that reaches the box ran nothing).
        setText keeps the text and clears the history (the other way's is empty already)."""
        other, self._pending = self._pending, None
        if other is None or not self._own(other):
            return
        box = self._search
        cursor, start, length = box.cursorPosition(), box.selectionStart(), len(box.selectedText())
        box.setText(box.text())
        if length:
            box.setSelection(start, length)
        else:
            box.setCursorPosition(cursor)


def _undo_or_redo(event: QEvent) -> str:
    """"撤销" for Ctrl+Z, "重做" for Ctrl+Shift+Z or Ctrl+Y (the window's keys), else ""."""
    if not isinstance(event, QKeyEvent):
        return ""
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    if event.key() == Qt.Key.Key_Z and mods == ctrl:
        return UNDO
    if (event.key() == Qt.Key.Key_Z and mods == ctrl | shift) or (
            event.key() == Qt.Key.Key_Y and mods == ctrl):
        return REDO
    return ""


def _say(widget: QWidget, text: str) -> None:
    """``text`` in the status bar of ``widget``'s window, where an undo says what it undid."""
    window = widget.window()
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(text, 8000)


class Searchable(Protocol):
    """What ``ListSearch`` filters: ``row_search.SearchRowsModel`` and the grids alike."""

    @property
    def searching(self) -> bool: ...

    @property
    def all_rows(self) -> Sequence[Any]: ...

    def set_search(self, text: str) -> None: ...

    def rowCount(self, parent: Any = ...) -> int: ...  # noqa: N802 - Qt's name


def counting(model: object) -> bool:
    """Whether the list is still looking for its search's rows (more may come)."""
    return bool(getattr(model, "counting", False))


SEARCH_WAIT_MS = 150  # the typing pause, as on 工作室 and 单位与人员


class ListSearch(QObject):
    """A search box with the count of rows found beside it, on one list or on the list of
    the tab in view (``show_list``): the box's text is always what that list is filtered
    by. ``focus()`` is Ctrl+F; ↓ or Enter go into the list, Esc clears the box."""

    searched = Signal()  # the list shows another search's rows (or all of them, counted)

    def __init__(self, parent: QWidget, placeholder: str, name: str) -> None:
        super().__init__(parent)
        self.box = QLineEdit()
        self.box.setObjectName("search")
        self.box.setPlaceholderText(placeholder)
        self.box.setAccessibleName(name)
        self.box.setAccessibleDescription(placeholder)
        self.box.setClearButtonEnabled(True)
        self.count = SteadyLabel()
        self.view: QAbstractItemView | None = None
        self.model: Searchable | None = None
        self.noun = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_WAIT_MS)
        self._timer.timeout.connect(self.apply)
        self.box.textChanged.connect(lambda _t: self._timer.start())
        self.keys = SearchBoxKeys(self.box, None, self.flush)
        self._followed: list[Searchable] = []

    def bar(self) -> QHBoxLayout:
        """搜索 [box] count, for the screen's top row."""
        bar = QHBoxLayout()
        bar.addWidget(QLabel("搜索"))
        bar.addWidget(self.box, 1)
        bar.addWidget(self.count)
        return bar

    def show_list(self, view: QAbstractItemView | None, model: Searchable | None,
                  noun: str = "") -> None:
        """Search this list from now on (None: the tab in view has none to search)."""
        if model is not None and model not in self._followed:  # its reloads recounted
            self._followed.append(model)
            model.modelReset.connect(  # type: ignore[attr-defined]  # a Qt model
                lambda m=model: self._count() if m is self.model else None)
            model.rowsInserted.connect(  # type: ignore[attr-defined]  # rows a search found later
                lambda *_a, m=model: self._count() if m is self.model else None)
            counted = getattr(model, "counted", None)  # a SearchRowsModel's search done
            if counted is not None:
                counted.connect(lambda m=model: self._counted() if m is self.model else None)
        self.view, self.model, self.noun = view, model, noun
        self.keys.view = view
        if view is not None and model is not None:
            self._hint_found(view, model)
        self.box.setEnabled(model is not None)
        self.apply()

    def _hint_found(self, view: QAbstractItemView, model: Searchable) -> None:
        """The list's empty hint says a search found nothing, not how rows get there (a
        search finding none on 评分包 said there were no experts)."""
        hint = view.viewport().findChild(QLabel, "empty_hint")
        if hint is None or getattr(hint, "searched", False):
            return
        own = hint.text_of  # type: ignore[attr-defined]  # empty_hint.EmptyHint

        def text() -> str:
            if model.searching and model.all_rows:
                if counting(model):
                    return f"正在查找“{self.box.text().strip()}”…"
                return f"没有找到“{self.box.text().strip()}”：在搜索框中按 Esc 清除搜索"
            return own()

        hint.text_of = text  # type: ignore[attr-defined]
        hint.searched = True  # type: ignore[attr-defined]

    def flush(self) -> None:
        if self._timer.isActive():
            self._timer.stop()
            self.apply()

    def apply(self) -> None:
        if self.model is not None:
            self.model.set_search(self.box.text())
        self._count()
        self.searched.emit()

    def _count(self) -> None:
        model = self.model
        self.count.setText("" if model is None else f"{model.rowCount()} {self.noun}"
                           + ("（还在查找…）" if counting(model) else ""))

    def _counted(self) -> None:
        """The search's rows all found: counted, and shown as a search's are."""
        self._count()
        if self.view is not None:
            hint = self.view.viewport().findChild(QLabel, "empty_hint")
            if hint is not None:  # none found: not "still looking" any more
                hint.refresh()  # type: ignore[attr-defined]  # empty_hint.EmptyHint
        self.searched.emit()

    def focus(self) -> bool:
        """Ctrl+F: the keyboard in the box, its text selected (False: nothing to search)."""
        if not self.box.isEnabled():
            return False
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()
        return True
