"""Under a register list: the other years a search finds applications in.

A search looks in the year in view only. On 2022 a caller paid in 2021 was found nowhere,
and the clerk told him the office had nothing of his. Once the typed search settles
(:data:`SETTLE_MS` after the list was searched), the other years are counted for the same
search and filters (``queries.other_years``), in a thread on a reading connection of its
own (a LIKE over every other year's texts: tens of milliseconds at 100,000 applications),
and the line says which years hold matches and the key (:data:`KEY`) that goes to the
nearest of them, the search kept. Nothing is counted while the box is empty.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from boostdesk.models.journal import change_token

from . import queries
from .queries import Filters, StreamSpec

log = logging.getLogger(__name__)

SETTLE_MS = 600  # after the list was searched: typing on counts nothing
KEY = "F3"  # to the nearest other year with matches, the search kept

# Counts running, held here: a screen deleted meanwhile must not destroy a running thread.
_RUNNING: set[_Count] = set()


class _Count(QThread):
    counted = Signal(object, object)  # the search asked, {year: count} (None: not read)

    def __init__(self, path: Path, asked: tuple[Any, ...], spec: StreamSpec, year: int,
                 filters: Filters) -> None:
        super().__init__()
        self.path, self.asked, self.spec, self.year, self.filters = (
            path, asked, spec, year, filters)
        _RUNNING.add(self)
        self.finished.connect(lambda: _RUNNING.discard(self))

    def run(self) -> None:
        from boostdesk.safety.integrity import connect_read_only

        try:
            conn = connect_read_only(self.path)
            try:
                found = queries.other_years(conn, self.spec, self.year, self.filters)
            finally:
                conn.close()
        except Exception:  # noqa: BLE001 - a spare line: the list itself is right
            log.warning("counting a search in the other years", exc_info=True)
            found = None
        self.counted.emit(self.asked, found)


def nearest(year: int, counts: dict[int, int]) -> int | None:
    """The year with matches nearest to ``year`` (the later of two as near)."""
    return min(counts, key=lambda y: (abs(y - year), -y)) if counts else None


def said(year: int, counts: dict[int, int]) -> str:
    """The line under the list: 2021 年度有 2 条符合（按 F3 转到 2021 年度，搜索内容不变）."""
    if not counts:
        return ""
    target = nearest(year, counts)
    assert target is not None  # (counts is not empty)
    go = f"按 {KEY} 转到 {target} 年度，搜索内容不变；或 Alt+Y 选择年度"
    if len(counts) == 1:
        return f"{target} 年度有 {counts[target]} 条符合（{go}）"
    listed = "、".join(f"{y} 年度 {n} 条" for y, n in counts.items())
    return f"其他年度也有符合的：{listed}（{go}）"


class OtherYears(QObject):
    """The counts of the search last asked (:meth:`ask`), ``changed`` once they are known."""

    changed = Signal()

    def __init__(self, parent: QObject, reg: Callable[[], Any], spec: StreamSpec) -> None:
        super().__init__(parent)
        self._reg, self.spec = reg, spec
        self.asked: tuple[Any, ...] | None = None  # (year, filters, register state)
        self.counts: dict[int, int] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self.count)
        self._task: _Count | None = None

    @property
    def year(self) -> int | None:
        return self.asked[0] if self.asked is not None else None

    def ask(self, year: int, filters: Filters) -> None:
        """The list was searched: counted once the search settles (none while nothing is
        typed); the line said before goes until then, unless it is the same search."""
        reg = self._reg()
        asked = (year, filters, change_token(reg.conn))
        if asked == self.asked:
            return
        self.asked = asked
        self._timer.stop()
        if self.counts:
            self.counts = {}
            self.changed.emit()
        if queries.searched(filters):
            self._timer.start()

    def count(self) -> None:
        """Now (a test, or the settled search's timer)."""
        self._timer.stop()
        if self.asked is None or not queries.searched(self.asked[1]):
            return
        year, filters, _state = asked = self.asked
        reg = self._reg()
        if getattr(reg, "closed", False):  # the window closing: its register gone first
            return
        if reg.path is None or reg.conn.in_transaction:  # in memory; its own rows unsaved
            self._counted(asked, queries.other_years(reg.conn, self.spec, year, filters))
            return
        if self._task is not None:  # the one running is of an earlier search: dropped
            self._task.counted.disconnect(self._counted)
        self._task = _Count(Path(reg.path), asked, self.spec, year, filters)
        self._task.counted.connect(self._counted)
        self._task.start(QThread.Priority.LowPriority)

    def _counted(self, asked: tuple[Any, ...], counts: dict[int, int] | None) -> None:
        if self._task is not None and self._task.asked == asked:
            self._task = None
        if asked != self.asked or counts is None or getattr(self._reg(), "closed", False):
            return  # (a count the thread ended after the window closed its register)
        self.counts = counts
        self.changed.emit()

    def target(self) -> int | None:
        """The year :data:`KEY` goes to."""
        return nearest(self.year, self.counts) if self.year is not None else None

    def text(self) -> str:
        return said(self.year, self.counts) if self.year is not None else ""
