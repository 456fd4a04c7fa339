"""The 专家评审 screen's table models: the scoring grid (评分细则/满分/权重) and one expert's
score sheet, both edited in place; the projects × experts assignment matrix; the ranking's
rows, shaded where the experts disagree.

Each holds the texts the domain computed once per load and answers the view's questions
from them, so a register of 20,000 projects shows at once and only the cells in view are
ever asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from boostdesk.models.search_text import search_key
from boostdesk.panel import grid as gr
from boostdesk.panel import scoring as sc

from .queries import search_terms
from .row_search import SearchRowsModel, matches
from .rows_model import ID_ROLE, Row, brush, tip_heard
from .style import plain_tip

Index = QModelIndex | QPersistentModelIndex
Role = Qt.ItemDataRole
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter
_EDITABLE = Qt.ItemFlag.ItemIsEditable

ASSIGNED, SUBMITTED, CONFLICT = "评审", "已提交", "回避"
# assigned, then a correction put the expert in conflict: the score does not count
CONFLICTED = "冲突"
# not assigned: the expert's 工作单位 is near the project's names (a likely conflict, asked)
NEAR = "相近"
MUTED = "#546e7a"  # a conflict, a held ranking row, a total not yet complete
INVALID = "#fdeceb"  # a score out of range
DISAGREEMENT = "#fff5e1"  # experts far apart
STATE_BACKGROUND = {ASSIGNED: "#e8f0fe", SUBMITTED: "#eef7ee", CONFLICTED: INVALID}


def _blank(parent: Index) -> bool:
    return parent.isValid()


# -- 评分细则 -----------------------------------------------------------------------------------
class GridModel(QAbstractTableModel):
    """The criteria as typed: name, maximum score, weight (texts until saved)."""

    HEADERS = ("评分细则", "满分", "权重", "评分要点")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[list[str]] = []
        self.editable = True

    def set_grid(self, grid: Iterable[gr.Criterion]) -> None:
        self.beginResetModel()
        self.rows = [[c.name, str(c.max_score), str(c.weight), c.description] for c in grid]
        self.endResetModel()

    def append(self, c: gr.Criterion) -> int:
        """A criterion at the end; its row."""
        row = len(self.rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self.rows.append([c.name, str(c.max_score), str(c.weight), c.description])
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.rows[row]
            self.endRemoveRows()

    def texts(self, row: int) -> tuple[str, str, str, str]:
        name, max_score, weight, description = self.rows[row]
        return name, max_score, weight, description

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if _blank(parent) else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if _blank(parent) else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Role.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Role.DisplayRole, Role.EditRole):
            return self.rows[index.row()][index.column()]
        if role == Role.TextAlignmentRole and index.column() in (1, 2):
            return _RIGHT
        if role == Role.ToolTipRole and index.column() == 3:  # a long 评分要点 whole
            return self.rows[index.row()][3] or None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | _EDITABLE if self.editable and index.isValid() else flags

    def setData(self, index: Index, value: Any, role: int = Role.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or role != Role.EditRole or not self.editable:
            return False
        self.rows[index.row()][index.column()] = "" if value is None else str(value)
        self.dataChanged.emit(index, index)
        return True


# -- 分配 ------------------------------------------------------------------------------------
class MatrixRow(NamedTuple):
    """A project in the assignment matrix: per expert ASSIGNED, SUBMITTED, CONFLICT,
    CONFLICTED, NEAR or "" and, for a conflict, its reason (by expert's position)."""

    id: int | None
    title: str
    tip: str
    count: int  # type: ignore[assignment]  # experts whose score would count (not tuple.count)
    states: tuple[str, ...]
    reasons: dict[int, str]
    need: int = 0  # the year's experts per project
    short: str = ""  # why it has fewer than ``need`` (panel.balance.Shortfall.text)
    unchecked: bool = False  # its studio has no 所在单位: 回避 cannot be checked


class AssignmentModel(QAbstractTableModel):
    """Projects × experts: 项目名称, 人数, then one column per expert; ``set_search`` shows
    the projects whose title, studio or enterprise (the row's tip) hold each fragment."""

    FIXED = ("项目名称", "人数")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers: tuple[str, ...] = self.FIXED
        self.rows: list[MatrixRow] = []
        self.all_rows: list[MatrixRow] = []
        self.terms: list[str] = []

    @property
    def searching(self) -> bool:
        return bool(self.terms)

    def set_matrix(self, experts: Sequence[str], rows: Iterable[MatrixRow]) -> None:
        self.beginResetModel()
        self.headers = (*self.FIXED, *experts)
        self.all_rows = list(rows)
        self.rows = self._found()
        self.endResetModel()

    def set_search(self, text: str) -> None:
        terms = search_terms(text)
        if terms == self.terms:
            return
        self.beginResetModel()
        self.terms = terms
        self.rows = self._found()
        self.endResetModel()

    def _found(self) -> list[MatrixRow]:
        if not self.terms:
            return self.all_rows
        return [r for r in self.all_rows if matches(
            search_key(r.title, r.tip), frozenset((f"项目{r.id}",)), self.terms)]

    def text(self, row: int, column: int) -> str:
        r = self.rows[row]
        if column == 0:
            return r.title
        if column == 1:
            return f"{r.count}/{r.need}" if r.short else str(r.count)
        return r.states[column - 2]

    def row_of(self, project_id: Any) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == project_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if _blank(parent) else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if _blank(parent) else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Role.DisplayRole) -> Any:
        if role != Role.DisplayRole:
            return None
        return self.headers[section] if orientation == Qt.Orientation.Horizontal else section + 1

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Role.AccessibleDescriptionRole:  # a 回避's reason heard, not only pointed at
            return tip_heard(self, index)
        row, column = self.rows[index.row()], index.column()
        if role == Role.DisplayRole:
            return self.text(index.row(), column)
        if role == Role.TextAlignmentRole:
            return _RIGHT if column == 1 else _CENTRE if column >= 2 else None
        if column == 0:
            if role == Role.BackgroundRole and row.unchecked:  # said in the tab's line
                return brush(DISAGREEMENT)
            return row.tip if role == Role.ToolTipRole else row.id if role == ID_ROLE else None
        if column == 1 and row.short:  # fewer experts than the year asks: said why
            return (row.short if role == Role.ToolTipRole
                    else brush(DISAGREEMENT) if role == Role.BackgroundRole else None)
        if column < 2:
            return None
        state = row.states[column - 2]
        if role == Role.BackgroundRole and state in STATE_BACKGROUND:
            return brush(STATE_BACKGROUND[state])
        if role == Role.ForegroundRole and state == CONFLICT:
            return brush(MUTED)
        if role == Role.BackgroundRole and state == NEAR:
            return brush(DISAGREEMENT)
        if role == Role.ToolTipRole:
            return row.reasons.get(column - 2)
        return None


# -- 评分录入 --------------------------------------------------------------------------------
def wrapped(c: gr.Criterion, width: int = 6) -> str:
    """A criterion heading in short lines, so the grid's columns stay narrow."""
    lines = [c.name[i:i + width] for i in range(0, len(c.name), width)]
    return "\n".join([*lines, f"（满分{c.max_score}）"])


class ScoreModel(QAbstractTableModel):
    """One expert's sheet: 项目名称, a score per criterion, 合计 (live), 专家组均分 (once
    submitted), 评语. Scores and the comment are edited in place unless read-only; a score
    that does not parse is kept as typed, shaded, with the reason as its tooltip.

    ``set_search`` shows the projects whose 登记号, title, studio or enterprise hold each
    fragment (``row_search.SearchRowsModel`` decides, as on the other lists). The sheet's
    texts stay whole, by *position* in the sheet: a row shown is ``shown[row]``, so a score
    typed on a row found is that project's (a searched grid once wrote to the row of the
    same index in the whole list), and saving takes every row, found or not. ``text`` and
    ``total_text`` take a row as shown; ``row_scores``, ``comments``, ``problems`` and
    ``edited`` a position."""

    edited = Signal(int, int)  # a score typed: its position in the sheet, column

    FOUND_BY = ("登记号", "项目名称", "工作室", "所在单位")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: tuple[gr.Criterion, ...] = ()
        self.sheet: list[sc.SheetRow] = []
        self.shown: list[int] = []  # the positions shown, in order (all, or a search's)
        self.scores: list[list[str]] = []
        self.comments: list[str] = []
        self.means: list[str] | None = None
        self.problems: dict[tuple[int, int], str] = {}
        self.totals: list[tuple[str, int]] = []  # text, criteria filled
        self.editable = False
        self.headers: tuple[str, ...] = ()
        # the search of the other lists, kept out of view: its rows' ids are positions
        self._finder = SearchRowsModel(self.FOUND_BY, self, sorted_on_load=False,
                                       refs=lambda row: (f"项目{row.cells[0]}",))

    def load(self, grid: tuple[gr.Criterion, ...], sheet: list[sc.SheetRow],
             means: dict[int, str] | None, *, editable: bool) -> None:
        """``means`` (project id → the panel's mean) adds the 专家组均分 column. A search
        goes on: the new sheet shows the rows it finds."""
        self.beginResetModel()
        self.grid, self.sheet, self.editable = grid, list(sheet), editable
        self.scores = [[sc.format_score(row.scores_x10.get(c.id or 0)) for c in grid]
                       for row in self.sheet]
        self.comments = [row.comment or "" for row in self.sheet]
        self.means = None if means is None else [means.get(r.project_id, "") for r in self.sheet]
        self.problems = {}
        self.headers = ("项目名称", *(wrapped(c) for c in grid), "合计",
                        *(("专家组\n均分",) if means is not None else ()), "评语")
        self.totals = [self._total(p) for p in range(len(self.sheet))]
        self._finder.set_rows(Row(p, (str(r.project_id), r.title, r.studio, r.enterprise))
                              for p, r in enumerate(self.sheet))
        self.shown = self._found()
        self.endResetModel()

    # -- search (``search_box.Searchable``) --------------------------------------------
    @property
    def searching(self) -> bool:
        return self._finder.searching

    @property
    def all_rows(self) -> Sequence[sc.SheetRow]:
        return self.sheet

    def set_search(self, text: str) -> None:
        """Show the projects holding every fragment of ``text`` (all for none)."""
        terms = list(self._finder.terms)
        self._finder.set_search(text)
        if self._finder.terms == terms:
            return
        self.beginResetModel()
        self.shown = self._found()
        self.endResetModel()

    def _found(self) -> list[int]:
        return [row.id for row in self._finder.rows]

    def position(self, row: int) -> int:
        """The position in the sheet of the row shown at ``row``."""
        return self.shown[row]

    def row_of(self, project_id: int) -> int | None:
        """The row showing the project, if the search shows it."""
        return next((r for r, p in enumerate(self.shown)
                     if self.sheet[p].project_id == project_id), None)

    @property
    def total_col(self) -> int:
        return 1 + len(self.grid)

    @property
    def comment_col(self) -> int:
        return len(self.headers) - 1

    def row_scores(self, p: int) -> dict[int, int | None]:
        """Criterion id → tenths, None where blank or not a valid score (by position)."""
        out: dict[int, int | None] = {}
        for c, text in zip(self.grid, self.scores[p], strict=True):
            try:
                out[c.id or 0] = sc.parse_score(text, c)
            except ValueError:
                out[c.id or 0] = None
        return out

    def _total(self, p: int) -> tuple[str, int]:
        scores = {k: v for k, v in self.row_scores(p).items() if v is not None}
        total = gr.weighted_total(self.grid, scores)
        return (sc.format_points(total, 1) if scores else ""), len(scores)

    def total_text(self, r: int) -> str:
        return self.totals[self.shown[r]][0] if 0 <= r < len(self.shown) else ""

    def text(self, r: int, column: int) -> str:
        return self._text(self.shown[r], column)

    def _text(self, p: int, column: int) -> str:
        if column == 0:
            return self.sheet[p].title
        if column <= len(self.grid):
            return self.scores[p][column - 1]
        if column == self.total_col:
            return self.totals[p][0]
        if column == self.comment_col:
            return self.comments[p]
        return self.means[p] if self.means is not None else ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if _blank(parent) else len(self.shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if _blank(parent) else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Role.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Role.DisplayRole:
            return self.headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Role.ToolTipRole \
                and 1 <= section <= len(self.grid):
            return plain_tip(self.grid[section - 1].header)  # a header shows its own tip
        return None

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Role.AccessibleDescriptionRole:  # an empty cell's criterion, a problem
            return tip_heard(self, index)
        p, column = self.shown[index.row()], index.column()
        if role in (Role.DisplayRole, Role.EditRole):
            return self._text(p, column)
        if column == 0:
            row = self.sheet[p]
            if role == Role.ToolTipRole:  # what a search finds it by, the title whole
                return "\n".join(x for x in (f"项目{row.project_id}　{row.title}", row.studio,
                                              row.enterprise) if x)
            return row.project_id if role == ID_ROLE else None
        if role == Role.TextAlignmentRole:
            return _RIGHT if column < self.comment_col else None
        if column <= len(self.grid):
            problem = self.problems.get((p, column))
            if role == Role.ToolTipRole:
                return problem or self.grid[column - 1].header
            if role == Role.BackgroundRole and problem:
                return brush(INVALID)
            return None
        if column == self.total_col:
            filled, wanted = self.totals[p][1], len(self.grid)
            if role == Role.ToolTipRole:
                return None if filled == wanted else f"已填 {filled}/{wanted} 项"
            if role == Role.ForegroundRole:
                return brush("#000" if filled == wanted else MUTED)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.editable and index.isValid() and (
                1 <= index.column() <= len(self.grid) or index.column() == self.comment_col):
            return flags | _EDITABLE
        return flags

    def setData(self, index: Index, value: Any, role: int = Role.EditRole) -> bool:  # noqa: N802
        if not (index.isValid() and role == Role.EditRole and self.flags(index) & _EDITABLE):
            return False
        p, column = self.shown[index.row()], index.column()
        text = "" if value is None else str(value)
        if text == self._text(p, column):
            return True  # an editor closed unchanged: nothing typed, nothing to check
        if column == self.comment_col:
            self.comments[p] = text
            self.dataChanged.emit(index, index)
            return True
        self.scores[p][column - 1] = text
        try:
            sc.parse_score(text, self.grid[column - 1])
        except ValueError as exc:
            self.problems[(p, column)] = str(exc)
        else:
            self.problems.pop((p, column), None)
        self.totals[p] = self._total(p)
        self.dataChanged.emit(index, index)
        total = self.index(index.row(), self.total_col)
        self.dataChanged.emit(total, total)
        self.edited.emit(p, column)
        return True


# -- 排名 ------------------------------------------------------------------------------------
class ShadedRowsModel(SearchRowsModel):
    """A RowsModel whose cells may also have a background colour, by row id and column."""

    def __init__(self, headers: Sequence[str], parent: Any = None, **kwargs: Any) -> None:
        super().__init__(headers, parent, **kwargs)
        self.shades: dict[Any, dict[int, str]] = {}

    def set_shaded_rows(self, rows: Iterable[Row], shades: dict[Any, dict[int, str]]) -> None:
        self.shades = shades
        self.set_rows(rows)

    def data(self, index: Index, role: int = Role.DisplayRole) -> Any:
        if role == Role.BackgroundRole and index.isValid():
            colour = self.shades.get(self.rows[index.row()].id, {}).get(index.column())
            return brush(colour) if colour else None
        return super().data(index, role)
