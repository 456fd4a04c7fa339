"""What the 专家评审 tabs share: a list over a model, the error line under a tab, a row's
cell texts and the widths and wordings every tab keeps alike."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView

from .elided_tips import tip_when_elided
from .grid_view import GridView
from .many_rows import select_many
from .small_screen import NoteLabel
from .style import ERROR_COLOUR
from .theme import themed

# Columns fit the texts of this many rows (from the first in view), not of Qt's 1,000: the
# model answers in Python, and the header measures again on each reload and selection.
MEASURED_ROWS = 200
TITLE_WIDEST = 260  # a project title column no wider: a longer title is elided, tooltip whole


def list_view(model: QAbstractItemModel, *, rows_select: bool = True,
              sortable: bool = False) -> QTableView:
    """A list over ``model``: columns sized to their contents, the last one stretched;
    with ``sortable`` a header click sorts (the model keeps the order given until then)."""
    view = QTableView() if rows_select else GridView()  # a grid typed into: Tab leaves at its end
    view.setModel(model)
    view.verticalHeader().setVisible(False)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if rows_select:
        select_many(view)  # Shift / Ctrl+click, Ctrl+A: Ctrl+C copies them all
        view.setTabKeyNavigation(False)  # Tab leaves a list of rows (↑↓ move in it)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(model.columnCount() - 1, QHeaderView.ResizeMode.Stretch)
    header.setResizeContentsPrecision(MEASURED_ROWS)
    # A 60-character title took the room of the scores and tiers beside it: cut, and
    # shown whole when pointed at.
    header.setMaximumSectionSize(TITLE_WIDEST)
    tip_when_elided(view)
    view.setWordWrap(False)
    if sortable:
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # no sort until a click
        view.setSortingEnabled(True)
    return view


def error_label() -> QLabel:
    label = NoteLabel()
    label.setStyleSheet(f"color: {themed(ERROR_COLOUR)};")
    label.setTextFormat(Qt.TextFormat.PlainText)  # names and titles as typed (“<b>王</b>”)
    return label


NO_EXPERTS = "尚无评审专家：先在“评审组与评分细则”中添加专家（姓名、工作单位）"


def cell_texts(*values: object) -> tuple[str, ...]:
    return tuple("" if v is None else str(v) for v in values)
