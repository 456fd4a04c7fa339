"""A table model over the register that holds ids, not rows (after Anki's browser DataModel).

A search returns ids in display order (``search_keys.Searcher``: from memory, as the SQL
of ``queries.search_ids`` would) and is one model reset; ``rowCount`` grows by
``fetchMore`` as the view scrolls; a row is built the first time the view asks for it, a
block of rows per query, its cell texts made once, into a small cache that a change simply
clears. ``data`` does nothing beyond a cache lookup: a repaint asks it seven roles a cell.
A large campaign's work the memory lacks is done in threads on reading connections: the
memory itself at the first search, a column's sort order at its first header click (the
list keeps its order meanwhile), the papers' numbers once digits are typed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QThread

from boostdesk.models.campaign import LEVEL_ZH
from boostdesk.models.journal import change_token
from boostdesk.models.workflow import CARD_MISSING_STATUS, CARD_STALE_STATUS, HELD_STATUS
from boostdesk.rules.findings import SEVERITY_ZH
from boostdesk.rules.late_papers import LIST_MARK

from . import queries
from .queries import Filters, RowData, StreamSpec
from .rows_model import tip_heard
from .search_keys import CampaignNumbers, OrderJob, Searcher, campaign_numbers, made_order
from .style import ELIGIBLE_LATE, show_money, verdict_icon, verdict_text_colour, verdict_tint

ID_ROLE = Qt.ItemDataRole.UserRole + 1
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 2

# Roles as plain ints: data() compares them thousands of times a repaint.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_DECORATION = int(Qt.ItemDataRole.DecorationRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_ID = int(ID_ROLE)
_VERDICT = int(VERDICT_ROLE)
_DESCRIPTION = int(Qt.ItemDataRole.AccessibleDescriptionRole.value)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _BACKGROUND, _FOREGROUND, _ALIGNMENT,
                    _ID, _VERDICT, _DESCRIPTION})
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)

Index = QModelIndex | QPersistentModelIndex

# A campaign this large has its search memory read in a thread at the first search (≈ 0.5 s
# at 80,000 patents, on the UI thread as the list opened): SQL answers meanwhile.
APART_FROM = 20_000
# A campaign this large has its papers' numbers read ahead in a thread once digits are
# typed (1, 15, 158): the fourth digit's search wants them (≈ 50 ms at 8,000 patents).
NUMBERS_APART_FROM = 2_000
# Reads running, held here: a screen deleted meanwhile must not destroy a running thread.
_RUNNING: set[QThread] = set()


class _RegisterRead(QThread):
    """Work done on a reading connection of its own (:meth:`read`), held in ``_RUNNING``
    while it runs; a failure is a spare's: logged, the list then does the work itself."""

    failing = "reading the register"  # what the log says it was doing

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.conn: Any = None
        _RUNNING.add(self)
        self.finished.connect(lambda: _RUNNING.discard(self))

    def read(self, reg: Any) -> None:
        raise NotImplementedError

    def run(self) -> None:
        import logging

        from boostdesk.safety.integrity import connect_read_only
        from boostdesk.safety.session import ReadOnlyRegister

        try:
            self.conn = connect_read_only(self.path)
            reg = ReadOnlyRegister(self.conn, self.path, "")
            try:
                self.read(reg)
            finally:
                reg.close()
        except Exception:  # noqa: BLE001 - a spare: the list does it itself then
            logging.getLogger(__name__).debug(self.failing, exc_info=True)

    def stop(self) -> None:
        """Its query interrupted (the window closes) and the thread waited for."""
        with suppress(Exception):  # closed already
            self.conn.interrupt()
        self.wait()


class _KeysRead(_RegisterRead):
    """A search run by a ``Searcher`` of its own on a reading connection of its own: its
    memory (the campaign's search keys, the sort order) for the list's searcher to take."""

    failing = "reading the search keys"

    def __init__(self, path: str, spec: StreamSpec, year: int, filters: Filters, sort_key: str,
                 descending: bool, held: list[int], cards: dict[int, str]) -> None:
        super().__init__(path)
        self.spec, self.year, self.filters = spec, year, filters
        self.sort_key, self.descending, self.held = sort_key, descending, held
        self.cards = cards
        self.searcher: Searcher | None = None

    def read(self, reg: Any) -> None:
        searcher = Searcher(reg, self.spec)
        searcher.search_ids(self.year, self.filters, self.sort_key, self.descending,
                            self.held, self.cards)
        self.searcher = searcher


class _OrderRead(_RegisterRead):
    """A sort order the memory lacks (``Searcher.order_wanted``: ≈ 0.2–0.7 s of SQL and
    pinyin keys at 80,000 patents, the window frozen meanwhile) made on a reading
    connection of its own."""

    failing = "making a sort order"

    def __init__(self, path: str, spec: StreamSpec, job: OrderJob) -> None:
        super().__init__(path)
        self.spec, self.job = spec, job
        self.order: Any = None

    def read(self, reg: Any) -> None:
        self.order = made_order(reg, self.spec, self.job)


class _NumbersRead(QThread):
    """A campaign's papers' numbers (``search_keys.campaign_numbers``) read ahead of the
    search of digits that wants them, on a reading connection of its own."""

    def __init__(self, path: str, spec: StreamSpec, token: Any, campaign_id: int) -> None:
        super().__init__()
        self.path, self.spec, self.token, self.campaign_id = path, spec, token, campaign_id
        self.read: CampaignNumbers | None = None
        _RUNNING.add(self)
        self.finished.connect(lambda: _RUNNING.discard(self))

    def run(self) -> None:
        import logging

        from boostdesk.safety.integrity import connect_read_only

        try:
            conn = connect_read_only(self.path)
            try:
                self.read = campaign_numbers(conn, self.spec, self.campaign_id)
            finally:
                conn.close()
        except Exception:  # noqa: BLE001 - a spare: the search reads them itself
            logging.getLogger(__name__).debug("reading the numbers", exc_info=True)


@dataclass
class _Shown:
    """A row as the view shows it: the data, and each cell's text once first painted."""

    row: RowData
    late: bool
    texts: tuple[str, ...] | None = None
    hold: Any = None  # its award held from payment since its approval (award_holds.Hold)
    card: str = ""  # its money waiting for the inventor's card (queries.card_ids), or ""


def findings_tooltip(verdict: str, findings: list[dict[str, Any]], head: str = "") -> str:
    head = head or queries.VERDICT_ZH[verdict]
    if not findings:
        return head if verdict != queries.UNCHECKED else "尚未核对（按 F5 重新核对）"
    from boostdesk.safety.privacy import mask_text  # a finding may quote a typed number

    lines = [f"{SEVERITY_ZH.get(f['severity'], f['severity'])}：{mask_text(f['message'])}"
             for f in findings]
    return head + "\n" + "\n".join(lines)


# what a card wait's 状态 cell says when pointed at: 拨付's words (finance.payout)
CARD_NOTES = {
    CARD_MISSING_STATUS: "核准（待补卡号）：第一发明人未登记工会会员互助服务卡号，助推资金发放至该卡，"
                         "补填卡号后方可拨付",
    CARD_STALE_STATUS: "核准（待更正卡号）：汇往第一发明人会员卡的款项被银行退回，卡号至今未更正，"
                       "更正卡号（或在“拨付”中确认原卡号重拨）后方可拨付",
}


def status_tooltip(status: str, hold: Any) -> str:
    """What the 状态 cell says when pointed at: an open objection's hold (STATUS_NOTES),
    and an award no longer right since its approval (``award_holds.Hold``): what changed,
    the money, what to do."""
    from boostdesk.safety.privacy import mask_text  # a finding may quote a typed number

    lines = [note] if (note := queries.STATUS_NOTES.get(status)) else []
    if hold is not None:
        lines += [mask_text(f"暂缓拨付：{hold.what}"), hold.money, f"处理：{hold.todo}"]
    return "\n".join(lines)


class ApplicationModel(QAbstractTableModel):
    FETCH_CHUNK = 200  # rows added to the view per fetchMore
    BLOCK = 50  # rows built per query: about a screenful
    CACHE_LIMIT = 3000
    COPY_BLOCK = 2000  # rows read per query when copying (SQLite takes 32,766 parameters)

    def __init__(self, reg: Any, spec: StreamSpec, year: int, parent: Any = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.spec = spec
        self.year = year
        self.filters = Filters()
        self.sort_key = "id"
        self.descending = False
        self.deadline: date | None = None
        self._ids: list[int] = []
        self._loaded = 0
        self._cache: dict[int, _Shown] = {}  # by row
        # the awards held from payment (award_holds), by id: read once a search, from what
        # award_holds keeps until the register changes; a row built looks its id up
        self.held: dict[int, Any] = {}
        # the approved patents whose money waits for the card (queries.card_ids), likewise
        self.cards: dict[int, str] = {}
        self.searcher = Searcher(reg, spec)
        self._reading: _KeysRead | None = None  # the searcher's memory read in a thread
        self._mark: Any = None  # where the register stood as that read started
        self._asked: tuple[tuple[Any, ...], list[int]] | None = None  # SQL's last, meanwhile
        # a sort asked for whose order is made in a thread (or waits for the memory):
        # the list keeps its order until it is made
        self._wanted: tuple[str, bool] | None = None
        self._sorting: _OrderRead | None = None
        self._sorts: set[_OrderRead] = set()  # every one running, shown or not
        self._numbers: _NumbersRead | None = None  # the numbers read ahead, meanwhile

    # -- searching ----------------------------------------------------------
    def search(self, filters: Filters | None = None, year: int | None = None) -> None:
        """Run the search again (new filters, year, or data) as one model reset."""
        if filters is not None:
            self.filters = filters
        if year is not None:
            self.year = year
        held = self._held()
        cards = queries.card_ids(self.reg, self.spec.stream, self.year)
        if self._apart(held, cards):  # SQL's answer while the memory is read (the same ids)
            # the opening asks the same search twice (the sort remembered, then the reload)
            asked = (self.year, self.filters, self.sort_key, self.descending, tuple(held),
                     tuple(sorted(cards.items())), change_token(self.reg.conn))
            if self._asked is not None and self._asked[0] == asked:
                ids = self._asked[1][:]
            else:
                ids = queries.search_ids(self.reg, self.spec, self.year, self.filters,
                                         self.sort_key, self.descending, held.keys(), cards)
                self._asked = (asked, ids[:])
        else:
            ids = self.searcher.search_ids(self.year, self.filters, self.sort_key,
                                           self.descending, held.keys(), cards)
        self.beginResetModel()
        self.held = held
        self.cards = cards
        self._ids = ids
        self._loaded = min(len(self._ids), self.FETCH_CHUNK)
        self._cache.clear()
        self.endResetModel()
        self._read_numbers_ahead()

    def _read_numbers_ahead(self) -> None:
        """Digits typed: the campaign's numbers read in a thread for the search that
        will want them (the fourth digit's), unless being read already."""
        reg = self.reg
        if reg.path is None or self._numbers is not None or reg.conn.in_transaction:
            return
        wanted = self.searcher.numbers_wanted(self.filters)
        if wanted is None or (self.searcher.total(self.year) or 0) < NUMBERS_APART_FROM:
            return
        thread = self._numbers = _NumbersRead(str(reg.path), self.spec, *wanted)
        thread.finished.connect(lambda: self._numbers_read(thread))  # queued: UI thread
        thread.start(QThread.Priority.LowPriority)

    def _numbers_read(self, thread: _NumbersRead) -> None:
        if thread is self._numbers:
            self._numbers = None
        if thread.read is not None and not self.reg.closed:
            self.searcher.put_numbers(thread.token, thread.read)

    def _apart(self, held: dict[int, Any], cards: dict[int, str]) -> bool:
        """Whether this search is answered by SQL while the searcher's memory is read in a
        thread: its first search, of a large campaign of a register on disk (started then)."""
        if self._reading is not None:
            return True
        reg = self.reg
        if (self.searcher.token is not None or reg.path is None or reg.conn.in_transaction
                or not self.year):
            return False
        cid = queries.campaign_id(reg, self.year)
        if cid is None or reg.scalar(f"SELECT count(*) FROM {self.spec.table}"
                                     " WHERE campaign_id = ?", (cid,)) < APART_FROM:
            return False
        self._mark = self.searcher.mark()
        self._reading = _KeysRead(str(reg.path), self.spec, self.year, self.filters,
                                  self.sort_key, self.descending, list(held), dict(cards))
        self._reading.finished.connect(self._read)  # queued: the model lives on the UI thread
        self._reading.start(QThread.Priority.LowPriority)
        return True

    def _read(self) -> None:
        """The thread's memory taken (unless the register changed meanwhile: the next
        search then reads its own, in a thread again)."""
        reading, self._reading, self._asked = self._reading, None, None
        if reading is not None and reading.searcher is not None and not self.reg.closed:
            self.searcher.take(reading.searcher, self._mark)

    def stop_reading(self) -> None:
        """The window closes: the memory being read dropped, its thread waited for."""
        reading, self._reading = self._reading, None
        sorting, self._sorting, self._wanted = self._sorting, None, None
        for thread in (reading, sorting, *self._sorts):  # (an earlier click's still running)
            if thread is not None:
                thread.stop()
        self._sorts.clear()
        numbers, self._numbers = self._numbers, None
        if numbers is not None:
            numbers.wait()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.spec.columns):
            return
        self._sort_to(self.spec.columns[column].key, order == Qt.SortOrder.DescendingOrder)

    def _sort_to(self, sort_key: str, descending: bool) -> None:
        """Sorted by ``sort_key``: at once when the order is in memory (or cheap: a small
        campaign, a register in memory, an open transaction, the memory being read); else
        the list keeps its order while a thread makes the new one, then shows it (sorting
        80,000 patents by 第一发明人 on the UI thread froze the window ≈ 0.35–0.75 s)."""
        self._wanted, self._sorting = None, None  # an earlier click's order: not shown
        reg = self.reg
        # while the memory is read (a large list opening sorted as the day before), SQL
        # answers at once, as the search does
        job = (self.searcher.order_wanted(self.year, sort_key, descending)
               if reg.path is not None and self.year and self._reading is None else None)
        if job is None or len(job.ids) < APART_FROM:
            self.sort_key, self.descending = sort_key, descending
            self.search()
            return
        self._wanted = (sort_key, descending)
        thread = self._sorting = _OrderRead(str(reg.path), self.spec, job)
        self._sorts.add(thread)
        thread.finished.connect(lambda: self._sorted(thread))  # queued: on the UI thread
        thread.start(QThread.Priority.LowPriority)

    def _sorted(self, thread: _OrderRead) -> None:
        """A thread's order made: taken (unless the register changed meanwhile: the search
        then makes it here) and the list shown so sorted, unless another sort was asked."""
        self._sorts.discard(thread)
        if thread is not self._sorting or self._wanted is None or self.reg.closed:
            return
        (self.sort_key, self.descending), self._wanted, self._sorting = self._wanted, None, None
        self.searcher.put_order(thread.job, thread.order)
        self.search()

    @property
    def sorting(self) -> bool:
        """Whether a sort asked for is still being made (the list in its earlier order)."""
        return self._wanted is not None

    @property
    def total(self) -> int:
        """Matches of the search (``rowCount`` may show fewer until the view scrolls)."""
        return len(self._ids)

    @property
    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < self._loaded else None

    def row_of(self, app_id: int) -> int | None:
        """Row of an id, fetching rows up to it if needed; None when not in the search."""
        try:
            row = self._ids.index(app_id)
        except ValueError:
            return None
        if row >= self._loaded:
            self.beginInsertRows(QModelIndex(), self._loaded, row)
            self._loaded = row + 1
            self.endInsertRows()
        return row

    def row_data(self, row: int) -> RowData | None:
        shown = self._shown(row)
        return shown.row if shown is not None else None

    def _shown(self, row: int) -> _Shown | None:
        shown = self._cache.get(row)
        if shown is None and 0 <= row < self._loaded:
            self._load_block(row)
            shown = self._cache.get(row)
        return shown

    def _load_block(self, row: int) -> None:
        if len(self._cache) > self.CACHE_LIMIT:
            self._cache.clear()
        start = row - row % self.BLOCK
        end = min(start + self.BLOCK, self._loaded)
        rows = [r for r in range(start, end) if r not in self._cache]
        found = queries.load_rows(self.reg, self.spec, [self._ids[r] for r in rows])
        for r in rows:
            data = found.get(self._ids[r])
            if data is not None:  # None: deleted since the search
                self._cache[r] = _Shown(data, self._late(data), hold=self.held.get(data.id),
                                        card=self.cards.get(data.id, ""))

    def copy_total(self) -> int:
        """Rows of the search, fetched into the view or not (``copy_rows``)."""
        return len(self._ids)

    def copy_texts(self, rows: Sequence[int], columns: Sequence[int]) -> Iterator[list[str]]:
        """The texts these rows of the search show, fetched into the view or not: a block of
        COPY_BLOCK rows per query, made as ``data`` makes them (``_texts``) but kept out of
        the view's cache, which 100,000 rows would flood. A row deleted since the search
        (shown blank) is left out."""
        for start in range(0, len(rows), self.COPY_BLOCK):
            block = rows[start:start + self.COPY_BLOCK]
            ids = [self._ids[r] for r in block]
            found = queries.load_rows(self.reg, self.spec, [
                app_id for r, app_id in zip(block, ids, strict=True) if r not in self._cache
            ], findings=False)
            for r, app_id in zip(block, ids, strict=True):
                shown = self._cache.get(r)
                if shown is None:
                    data = found.get(app_id)
                    if data is None:
                        continue
                    shown = _Shown(data, self._late(data), hold=self.held.get(app_id),
                                   card=self.cards.get(app_id, ""))
                texts = shown.texts or self._texts(shown)
                yield [texts[c] for c in columns]

    def _texts(self, shown: _Shown) -> tuple[str, ...]:
        if shown.texts is None:
            row, late, held = shown.row, shown.late, shown.hold is not None
            shown.texts = tuple(self._display(c.kind, c.key, row, late, held, shown.card)
                                for c in self.spec.columns)
        return shown.texts

    def _held(self) -> dict[int, Any]:
        from boostdesk.award_holds import held_ids

        return held_ids(self.reg, self.spec.stream, self.year) if self.year else {}

    def invalidate(self) -> None:
        """Data changed outside: rows are rebuilt on next view."""
        self.held = self._held()
        self.cards = queries.card_ids(self.reg, self.spec.stream, self.year)
        self._cache.clear()
        if self._loaded:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self._loaded - 1, self.columnCount() - 1))

    # -- Qt model -------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spec.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._loaded < len(self._ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(self.FETCH_CHUNK, len(self._ids) - self._loaded)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
        self._loaded += more
        self.endInsertRows()

    def fetch_to_end(self) -> None:
        """Every row of the search in the view at once (Ctrl+End, Ctrl+Shift+End:
        ``many_rows.ListView``): one insertion of the rows not fetched yet, their texts
        read only when shown, as ``row_of`` does."""
        if self._loaded < len(self._ids):
            self.beginInsertRows(QModelIndex(), self._loaded, len(self._ids) - 1)
            self._loaded = len(self._ids)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.spec.columns[section].header
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if role not in _ROLES:
            return None
        shown = self._shown(index.row())  # an invalid index has row -1: None
        if shown is None:
            return None
        if role == _DISPLAY:
            return (shown.texts or self._texts(shown))[index.column()]
        if role == _DESCRIPTION:  # the findings heard on the cell, not only pointed at
            return tip_heard(self, index)
        row = shown.row
        if role == _BACKGROUND:
            return verdict_tint(row.verdict)
        kind = self.spec.columns[index.column()].kind
        if role == _FOREGROUND:
            if kind == "verdict":
                return verdict_text_colour(self._verdict_mark(shown))
            if kind == "status" and (shown.hold is not None or shown.card
                                     or row.values["status"] == HELD_STATUS):
                return verdict_text_colour(queries.INCOMPLETE)  # amber: not to be paid now
            if shown.late and self.spec.columns[index.column()].key == "received":
                return verdict_text_colour(queries.REFUSED)
            return None
        if role == _DECORATION:
            return verdict_icon(self._verdict_mark(shown)) if kind == "verdict" else None
        if role == _ALIGNMENT:
            return _RIGHT if kind in ("money", "id") else None
        if role == _TOOLTIP:
            if kind == "status" and shown.card:
                return CARD_NOTES[shown.card]
            if kind == "status" and (shown.hold is not None
                                     or row.values["status"] in queries.STATUS_NOTES):
                return status_tooltip(row.values["status"], shown.hold)
            tip = findings_tooltip(row.verdict, row.findings, row.verdict_zh)
            if shown.late and self.spec.columns[index.column()].key == "received":
                tip = f"逾期报送：晚于截止日 {self.deadline.isoformat()}\n{tip}"  # type: ignore[union-attr]
            return tip
        if role == _ID:
            return row.id
        return row.verdict  # _VERDICT

    @staticmethod
    def _verdict_mark(shown: _Shown) -> str:
        """The verdict's icon and colour: a late paper's 合格 in amber (its acceptance is
        the reviewer's decision, ``rules.late_papers``), the others' as their verdict."""
        verdict = shown.row.verdict
        return ELIGIBLE_LATE if shown.late and verdict == queries.ELIGIBLE else verdict

    def _late(self, row: RowData) -> bool:
        received = row.values.get("received")
        return bool(received and self.deadline and received > self.deadline.isoformat())

    def _display(self, kind: str, key: str, row: RowData, late: bool, held: bool,
                 card: str = "") -> str:
        if kind == "verdict":  # 合格（逾期报送）: the list, its copy and its export say it
            return row.verdict_zh + (f"（{LIST_MARK}）" if late else "")
        value = row.values.get(key)
        if value is None:
            return ""
        if kind == "status":  # a card wait (never held: finance.card_waits) says so
            return queries.status_zh(card or value, held)
        if kind == "level":
            return LEVEL_ZH.get(value, value)
        if kind == "money":
            return show_money(value)
        if key == "received" and late:
            return f"{value}（逾期）"
        return str(value)
