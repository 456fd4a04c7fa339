"""Columns as wide as their texts, measured on the model's rows rather than by the view.

``QHeaderView.ResizeToContents`` asks the model for the size of every cell of every row,
through Python, on each load (seconds at 20,000 rows); the widest text of a column is
among its longest, so a few dozen are measured instead.
"""

from __future__ import annotations

import heapq
from collections.abc import Container

from PySide6.QtWidgets import QHeaderView, QTableView

from .rows_model import RowsModel

SAMPLE = 40  # the longest texts of a column measured for its width
CELL_PADDING = 16  # the item's margins around its text


def fit_columns(view: QTableView, model: RowsModel, *, skip: Container[int] = (),
                widest: int | None = None) -> None:
    """Each column but ``skip`` and the stretching ones as wide as its widest text (at
    most ``widest`` pixels: a longer text is elided), never narrower than its header."""
    header = view.horizontalHeader()
    metrics = view.fontMetrics()
    for column in range(len(model.headers)):
        if column in skip or header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch:
            continue
        texts = {row.cells[column] for row in model.rows}
        if len(texts) > SAMPLE:
            texts = set(heapq.nlargest(SAMPLE, texts, key=len))
        width = max((metrics.horizontalAdvance(t) for t in texts), default=0) + CELL_PADDING
        if widest is not None:
            width = min(width, widest)
        header.resizeSection(column, max(width, header.sectionSizeHint(column)))
