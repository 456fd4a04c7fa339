"""A list's chosen rows kept, by id, across its model's resets (a reload, a filter).

A header sort needs none of this: ``RowsModel.sort`` moves the rows and the selection
with them. A list still counting its search (``row_search``) appends rows after the reset:
those chosen before, coming then, are chosen again, unless the clerk has chosen meanwhile.

``KeepSelection.follow(update)``: what a screen shows of its current row (the buttons tied
to it, a project's findings) follows the row chosen however it comes to be: the clerk's
move, a reload, a search's reset or a counted search's rows appended. It followed only
the selection's signals, sent while the choice was being restored and before the cursor
was set: a project found by Ctrl+F was highlighted, its buttons greyed.

A list is a ``RowsModel`` (every row held) or a list that fetches its rows as the view
scrolls (专利助推's ``ApplicationModel``, 人员's ``PeopleModel``, whose header sort is a
search again: a reset): each tells the id at a row (``id_at``) and the row of an id
(``row_of``, fetching the rows up to it), and has its found ids in ``ids``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelection, QItemSelectionModel, QObject
from PySide6.QtWidgets import QTableView

from .rows_model import RowsModel

Flag = QItemSelectionModel.SelectionFlag
_FEW = 16  # ids a fetching list seeks one by one; more are found in its ids read once


def _model(view: QTableView) -> Any:
    """The view's model when its rows are known by id (``id_at``, ``row_of``), else None."""
    model = view.model()
    return model if hasattr(model, "id_at") and hasattr(model, "row_of") else None


def current_id(view: QTableView) -> Any:
    """The id of the view's current row, or None."""
    index = view.currentIndex()
    model = _model(view)
    return model.id_at(index.row()) if index.isValid() and model is not None else None


def selected_ids(view: QTableView) -> list[Any]:
    """The ids of the selected rows, top to bottom. Read from the selection's ranges (each a
    run of whole rows in a list that selects rows): ``selectedRows`` makes an index a row,
    0.7 s once Ctrl+A has chosen 100,000 payment lines, asked at each search's reset."""
    model = _model(view)
    assert model is not None
    last = model.columnCount() - 1
    rows: set[int] = set()
    for part in view.selectionModel().selection():  # type: ignore[attr-defined]  # iterable
        if part.left() != 0 or part.right() != last:  # cells, not rows: Qt's own way
            return [model.id_at(i.row()) for i in sorted(view.selectionModel().selectedRows(),
                                                         key=lambda i: i.row())]
        rows.update(range(part.top(), part.bottom() + 1))
    return list(map(model.id_at, sorted(rows)))


def select_ids(view: QTableView, ids: Iterable[Any], current: Any = None, *,
               first: bool = False) -> None:
    """Select the rows of these ids (one range per run of adjacent rows: thousands of rows
    stay quick) and make ``current`` the current row, in view; with ``first`` the first
    row is chosen when none of them is there."""
    model = _model(view)
    assert model is not None
    ids = list(ids)
    where = _rows_of(model, {*ids, current} - {None})
    rows = sorted({where[i] for i in ids if i in where})
    if current not in where:
        current = model.id_at(rows[0]) if rows else None
    if current is None and first and model.rowCount():
        current = model.id_at(0)
        where[current] = 0
    if current is not None and where[current] not in rows:
        rows = sorted([*rows, where[current]])
    selection = QItemSelection()
    last, start = model.columnCount() - 1, 0
    for k, row in enumerate(rows):
        if k + 1 == len(rows) or rows[k + 1] != row + 1:
            selection.select(model.index(rows[start], 0), model.index(row, last))
            start = k + 1
    view.selectionModel().select(selection, Flag.ClearAndSelect | Flag.Rows)
    if current is not None:
        index = model.index(where[current], 0)
        view.selectionModel().setCurrentIndex(index, Flag.NoUpdate)
        view.scrollTo(index)


def _rows_of(model: Any, wanted: set[Any]) -> dict[Any, int]:
    """The rows of these ids still in the list. A list that fetches its rows as the view
    scrolls fetches them up to the furthest (a row chosen is a row in the view); many ids
    are found in its ids read once, not each through them all (the first keystroke after
    Shift+End chose 80,000 rows)."""
    if not wanted:
        return {}
    if isinstance(model, RowsModel):
        return {r.id: n for n, r in enumerate(model.rows) if r.id in wanted}
    ids = getattr(model, "ids", None)
    if len(wanted) <= _FEW or ids is None:
        return {i: row for i in wanted if (row := model.row_of(i)) is not None}
    found = {i: n for n, i in enumerate(ids) if i in wanted}
    if found:
        model.row_of(ids[max(found.values())])  # into the view, and the rows before it
    return found


class KeepSelection(QObject):
    """Remembers a list's current and selected rows when its model is about to reset and
    chooses them again after (those still there; with ``first``, the first row when none
    is). ``restoring`` is true meanwhile, for a selection handler that waits for the end."""

    def __init__(self, view: QTableView, model: QAbstractItemModel, *,
                 first: bool = False) -> None:
        super().__init__(view)
        self.view, self.first = view, first
        self.ids: list[Any] = []
        self.current: Any = None
        self.restoring = False
        self._awaited: set[Any] = set()  # chosen before the reset, not in the list yet
        self._chose: tuple[Any, list[Any]] | None = None  # as chosen again after it
        self._followers: list[_Follower] = []
        model.modelAboutToBeReset.connect(self._remember)
        model.modelReset.connect(self._restore)
        model.rowsInserted.connect(self._arrived)

    def follow(self, update: Callable[[], None], *, selection: bool = False) -> None:
        """Call ``update()`` whenever the current row is another (by id; with
        ``selection``, the rows selected): the clerk moving, or the choice made again
        after a reset (a reload, a search) or when a counted search appends the rows
        chosen — once, at the end, not while the choice is restored (a button greyed
        meanwhile lost the keyboard to the next widget). A reload showing the same rows
        with other facts calls its own."""
        follower = _Follower(self.view, update, selection)
        self._followers.append(follower)
        chosen = self.view.selectionModel()
        signal = chosen.selectionChanged if selection else chosen.currentChanged
        signal.connect(lambda *_: None if self.restoring else follower.moved())

    def _moved(self) -> None:
        for follower in self._followers:
            follower.moved()

    def _remember(self) -> None:
        self.current = current_id(self.view)
        self.ids = selected_ids(self.view)

    def _restore(self) -> None:
        self.restoring = True
        try:
            select_ids(self.view, self.ids, self.current, first=self.first)
        finally:
            self.restoring = False
        self._await()
        self._moved()

    def _await(self) -> None:
        """The rows chosen before that a list still counting may yet append (with
        ``first``, its first row when it shows none yet)."""
        model = self.view.model()
        self._awaited = set()
        if not getattr(model, "counting", False):
            return
        assert isinstance(model, RowsModel)
        shown = {r.id for r in model.rows}
        self._awaited = {i for i in (*self.ids, self.current) if i is not None} - shown
        if self.first and not model.rows:
            self._awaited.add(_FIRST)
        self._chose = (current_id(self.view), selected_ids(self.view))

    def _arrived(self, _parent: Any, first: int, last: int) -> None:
        """Rows appended: chosen again if they were, the clerk having chosen none since."""
        if not self._awaited:
            return
        model = self.view.model()
        assert isinstance(model, RowsModel)
        came = {model.id_at(r) for r in range(first, last + 1)}
        if _FIRST not in self._awaited and self._awaited.isdisjoint(came):
            return
        if (current_id(self.view), selected_ids(self.view)) != self._chose:
            self._awaited = set()  # the clerk's choice stands
            return
        self._restore()


_FIRST = object()  # awaited: a list shown empty, whose first row ``first`` chooses
_UNSEEN = object()


class _Follower:
    """``update`` and the choice it was last called for."""

    def __init__(self, view: QTableView, update: Callable[[], None], selection: bool) -> None:
        self.view, self.update, self.selection = view, update, selection
        self.seen: Any = _UNSEEN

    def moved(self) -> None:
        chosen = selected_ids(self.view) if self.selection else current_id(self.view)
        if chosen != self.seen:
            self.seen = chosen
            self.update()
