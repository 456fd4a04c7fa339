"""单位与人员: recommending unions (with their kind), enterprises, and people.

Resident ID and card numbers are shown masked (110105********002X): this screen
is for finding people, not for copying their numbers. People are searched in
keys kept in memory (read once until the register changes, :func:`people_keys`) and
their rows fetched on demand, so a register of many seasons stays instant.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from itertools import compress
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from boostdesk.labels import mask_id
from boostdesk.models.journal import Token, change_token
from boostdesk.models.records import UNIT_KINDS
from boostdesk.models.search_text import search_key
from boostdesk.pinyin_order import positions
from boostdesk.rules.check import HAS_AWARD
from boostdesk.safety.privacy import mask_card_grouped, mask_phone
from boostdesk.validate import ValidationError, check_org_name

from . import dialogs
from .context import AppContext
from .copy_rows import copyable
from .dialogs import save_cancel_buttons
from .elided_tips import tip_when_elided
from .empty_hint import EmptyHint
from .form_widgets import TextField, first_too_long, limited
from .in_view import ReloadInView
from .keep_selection import KeepSelection
from .many_rows import ListView, one_row_only, select_many
from .queries import like_pattern, search_terms
from .rows_model import Row, RowsModel
from .search_box import SearchBoxKeys
from .search_keys import match
from .steady_label import SteadyLabel
from .style import ERROR_COLOUR, escape, grown, row_height
from .theme import MUTED_COLOUR, themed

Index = QModelIndex | QPersistentModelIndex
# A name as the search terms fold it (search_terms: NFKC): its full-width brackets ASCII.
_FOLDED = "replace(replace(replace(lower({}), '（', '('), '）', ')'), '·', '')"
_ENTERPRISE = "COALESCE(e.name, '')"
_AWARDED = ",".join(f"'{s}'" for s in HAS_AWARD)


# 删除个人信息…'s tooltip while the chosen person's papers are not read yet
_ERASE_UNREAD = "删除所选人员的个人信息（先预览；不能删除的，预览中说明原因）"
_KEY_SEP, _ROW_SEP = "\x1f", "\x1e"  # between a person's texts, between people


def people_keys(conn: sqlite3.Connection) -> tuple[list[int], list[str]]:
    """Everyone's id and the text a search term is looked for in: name, ID, phone and
    enterprise, as ``PeopleModel._found_in_sql`` compares them (ASCII letters lower-case,
    as ``LIKE``; a name's full-width brackets ASCII and its middle dot left out), each
    apart so that no term spans two. One aggregate query, folded in one piece (≈ 0.2 s at
    76,000 people: once, until the register changes)."""
    count, blob = conn.execute(
        f"SELECT count(*), CAST(group_concat(k, char({ord(_ROW_SEP)})) AS BLOB) FROM"
        f" (SELECT p.id || char({ord(_KEY_SEP)}) || coalesce(p.name, '')"
        f" || char({ord(_KEY_SEP)}) || coalesce(p.id_number, '') || char({ord(_KEY_SEP)})"
        f" || coalesce(p.phone, '') || char({ord(_KEY_SEP)}) || coalesce(e.name, '') AS k"
        " FROM people p LEFT JOIN enterprises e ON e.id = p.enterprise_id)"
    ).fetchone()
    if not count:
        return [], []
    # bytes.lower folds ASCII letters only: what SQL's lower() and LIKE fold
    text = (blob.lower().replace("（".encode(), b"(").replace("）".encode(), b")")
            .replace("·".encode(), b"").decode())  # (no folded character is a separator)
    rows = text.split(_ROW_SEP)
    if len(rows) != count:  # a separator inside a name (cannot be typed): person by person
        rows = [_KEY_SEP.join((str(r[0]), *(_fold_key(v) for v in r[1:])))
                for r in conn.execute("SELECT p.id, p.name, p.id_number, p.phone, e.name"
                                      f" {PeopleModel._FROM}")]
    cut = [r.index(_KEY_SEP) for r in rows]
    return [int(r[:c]) for r, c in zip(rows, cut, strict=True)], [
        r[c + 1:] for r, c in zip(rows, cut, strict=True)]


def _fold_key(value: str | None) -> str:
    """One text of a person's key, as :func:`people_keys` folds them (a separator a space:
    no term holds one)."""
    folded = (value or "").encode().lower().decode()
    for old, new in (("（", "("), ("）", ")"), ("·", ""), (_KEY_SEP, " "), (_ROW_SEP, " ")):
        folded = folded.replace(old, new)
    return folded


def _holding(rows: list[Row], keys: list[str] | None, terms: list[str]) -> list[Row]:
    """The rows whose key (folded texts, beside each row) holds every term."""
    if not terms or keys is None:
        return rows[:]
    return [r for r, k in zip(rows, keys, strict=True) if all(t in k for t in terms)]


def _table(model: QAbstractTableModel, widths: tuple[int, ...], name: str,
           stretch: int | None = None) -> QTableView:
    """``stretch``: the column that takes the room left (the last when None)."""
    view = ListView()
    view.setObjectName(name)
    view.setModel(model)
    select_many(view)  # Shift / Ctrl+click, Ctrl+A: Ctrl+C copies them all
    view.setTabKeyNavigation(False)  # Tab leaves the list (↑↓ move in it)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(row_height(view))
    if stretch is None:
        view.horizontalHeader().setStretchLastSection(True)
    else:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    for i, width in enumerate(widths):
        view.horizontalHeader().resizeSection(i, grown(view, width))
    tip_when_elided(view)  # a 40-character enterprise is cut at 300: whole when pointed at
    return view


class PeopleModel(QAbstractTableModel):
    """People matching a search, ids from SQL, rows built a block at a time."""

    HEADERS = ("姓名", "身份证号", "互助服务卡号", "联系电话", "一线职工", "所在单位", "专利申报",
               "已获助推")
    # By column: names in pinyin order, made in memory (boostdesk.pinyin_order.positions);
    # the others in SQL, the direction put after the expression. As in Excel, blanks last
    # whichever way.
    PINYIN = {0: "p.name", 5: "e.name"}
    SORT = {1: "NULLIF(p.id_number, '') IS NULL, p.id_number",
            2: "NULLIF(p.card_number, '') IS NULL, p.card_number",
            3: "NULLIF(p.phone, '') IS NULL, p.phone", 4: "p.frontline IS NULL, p.frontline",
            6: "(SELECT COUNT(*) FROM patent_applications a WHERE a.person_id = p.id)",
            7: "(SELECT COUNT(*) FROM patent_applications a WHERE a.person_id = p.id"
               f" AND a.status IN ({_AWARDED}))"}
    CHUNK = 200
    COPY_BLOCK = 2000  # people read per query when copying
    ORDERS_KEPT = 4
    _FROM = "FROM people p LEFT JOIN enterprises e ON e.id = p.enterprise_id"

    def __init__(self, reg: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.reg = reg
        self.text = ""
        self.sort_column = 0
        self.descending = False
        self.ids: list[int] = []
        self.loaded = 0
        self.cache: dict[int, tuple[str, ...]] = {}
        self._token: Token | None = None
        self._orders: dict[tuple[int, bool], list[int]] = {}
        self._keys: tuple[list[int], list[str]] | None = None  # people_keys, read when searched
        self.held = False  # True: a search waits (the list not in view)

    def search(self, text: str | None = None) -> None:
        if text is not None:
            self.text = text
        if self.held:  # (its screen searches once the list is in view)
            return
        terms = search_terms(self.text)
        order = self._order()
        if terms:
            found = self._found(terms)
            ids = [i for i in order if i in found]
        else:
            ids = order[:]
        self.beginResetModel()
        self.ids = ids
        self.loaded = min(len(self.ids), self.CHUNK)
        self.cache.clear()
        self.endResetModel()

    def _found(self, terms: list[str]) -> set[int]:
        """The people whose name, ID, phone or enterprise holds every term: from the keys
        kept in memory (a keystroke looks through 76,000 of them in a few ms; the ``LIKE``
        over the tables it replaced took ≈ 0.45 s), in SQL inside an open transaction."""
        if self.reg.conn.in_transaction or any(_KEY_SEP in t or _ROW_SEP in t for t in terms):
            return self._found_in_sql(terms)
        if self._keys is None:  # (dropped with the orders when the register changes)
            self._keys = people_keys(self.reg.conn)
        ids, texts = self._keys
        return set(compress(ids, match(texts, terms)))

    def _found_in_sql(self, terms: list[str]) -> set[int]:
        where, params = [], []
        for term in terms:
            # % and _ typed are text, as on the register screens (not every person)
            # a name's full-width brackets (tidy_name) as the terms fold them: ASCII
            where.append(f"({_FOLDED.format('p.name')} LIKE ? ESCAPE '\\'"
                         " OR p.id_number LIKE ? ESCAPE '\\' OR p.phone LIKE ? ESCAPE '\\'"
                         f" OR {_FOLDED.format(_ENTERPRISE)} LIKE ? ESCAPE '\\')")
            params += [like_pattern(term)] * 4
        return {r[0] for r in self.reg.conn.execute(
            f"SELECT p.id {self._FROM} WHERE {' AND '.join(where)}", params)}

    def _order(self) -> list[int]:
        """Everyone in the display order of the sort column, made once and kept until the
        register changes: a search or a cleared box filters it instead of sorting again (76,000
        people in pinyin order take ≈ 0.3 s)."""
        token = change_token(self.reg.conn)
        if token != self._token or self.reg.conn.in_transaction:
            self._token = token
            self._orders.clear()
            self._keys = None
        key = (self.sort_column, self.descending)
        order = self._orders.get(key)
        if order is None:
            if self.sort_column in self.PINYIN:
                rows = self.reg.conn.execute(
                    f"SELECT p.id, {self.PINYIN[self.sort_column]} {self._FROM} ORDER BY p.id"
                ).fetchall()
                order = [rows[i][0] for i in positions([r[1] for r in rows], self.descending)]
            else:
                direction = "DESC" if self.descending else "ASC"
                order = [r[0] for r in self.reg.conn.execute(
                    f"SELECT p.id {self._FROM} ORDER BY {self.SORT[self.sort_column]}"
                    f" {direction}, p.id")]
            if len(self._orders) >= self.ORDERS_KEPT:
                self._orders.clear()
            self._orders[key] = order
        return order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column not in self.SORT and column not in self.PINYIN:
            return
        self.sort_column = column
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.search()

    def id_at(self, row: int) -> int | None:
        return self.ids[row] if 0 <= row < self.loaded else None

    def row_of(self, person_id: int) -> int | None:
        """The person's row, the rows up to it fetched into the view; None when not found."""
        try:
            row = self.ids.index(person_id)
        except ValueError:
            return None
        if row >= self.loaded:
            self.beginInsertRows(QModelIndex(), self.loaded, row)
            self.loaded = row + 1
            self.endInsertRows()
        return row

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.loaded

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.loaded < len(self.ids)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = min(self.CHUNK, len(self.ids) - self.loaded)
        if parent.isValid() or more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self.loaded, self.loaded + more - 1)
        self.loaded += more
        self.endInsertRows()

    def fetch_to_end(self) -> None:
        """Every person found in the view at once (Ctrl+End, Ctrl+Shift+End): one
        insertion, the rows' texts read only when shown."""
        if self.loaded < len(self.ids):
            self.beginInsertRows(QModelIndex(), self.loaded, len(self.ids) - 1)
            self.loaded = len(self.ids)
            self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        person_id = self.ids[index.row()]
        if person_id not in self.cache:
            self._load(index.row())
        return self.cache.get(person_id, ("",) * len(self.HEADERS))[index.column()]

    def _load(self, row: int) -> None:
        start = row - row % 100
        self.cache.update(self._rows_of(self.ids[start:start + 100]))

    def _rows_of(self, block: list[int]) -> dict[int, tuple[str, ...]]:
        """The texts shown for these people, by id: ID, card and phone numbers masked (as the
        pane shows a phone: what Ctrl+C copies leaves the office)."""
        marks = ",".join("?" * len(block))
        rows: dict[int, tuple[str, ...]] = {}
        for r in self.reg.query(
            "SELECT p.id, p.name, p.id_number, p.card_number, p.phone, p.frontline,"
            " e.name AS enterprise,"
            " (SELECT COUNT(*) FROM patent_applications a WHERE a.person_id = p.id) AS apps,"
            " (SELECT COUNT(*) FROM patent_applications a WHERE a.person_id = p.id"
            f"  AND a.status IN ({_AWARDED})) AS awards"
            f" FROM people p LEFT JOIN enterprises e ON e.id = p.enterprise_id"
            f" WHERE p.id IN ({marks})", block,
        ):
            frontline = {None: "", 1: "是", 0: "否"}.get(r["frontline"], "")
            rows[r["id"]] = (
                r["name"], mask_id(r["id_number"]), mask_card_grouped(r["card_number"]),
                mask_phone(r["phone"]), frontline, r["enterprise"] or "", str(r["apps"] or ""), str(r["awards"] or ""),
            )
        return rows

    def copy_total(self) -> int:
        """People found, fetched into the view or not (``copy_rows``)."""
        return len(self.ids)

    def copy_texts(self, rows: Sequence[int], columns: Sequence[int]) -> Iterator[list[str]]:
        """The texts these rows show (masked as shown), fetched into the view or not: a
        block of people per query, kept out of the view's cache."""
        blank = ("",) * len(self.HEADERS)
        for start in range(0, len(rows), self.COPY_BLOCK):
            ids = [self.ids[r] for r in rows[start:start + self.COPY_BLOCK]]
            found = self._rows_of([i for i in ids if i not in self.cache])
            for person_id in ids:
                cells = self.cache.get(person_id) or found.get(person_id, blank)
                yield [cells[c] for c in columns]


class PeopleScreen(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.reg = ctx.reg
        self.setObjectName("people_screen")
        self.current_form: Any = None
        self.tabs = QTabWidget()

        self.units = RowsModel(("推荐单位", "类别", "企业数", "本年度专利申报", "本年度项目申报"),
                               self)
        # the union's name takes the room (cut at 260 beside a count 600 wide)
        self.unit_view = _table(self.units, (260, 110, 70, 110, 110), "unit_table", stretch=0)
        self.unit_view.setAccessibleName("推荐单位列表")
        units_copier = copyable(self.unit_view, ctx.notice.emit)
        self._progress_entry(units_copier.menu)
        KeepSelection(self.unit_view, self.units)  # the rows chosen, across a reload
        unit_page = QWidget()
        lay = QVBoxLayout(unit_page)
        # its own search (Ctrl+F on this tab): Ctrl+F here took the keyboard away to 人员
        self.unit_search = QLineEdit()
        self.unit_search.setObjectName("unit_search")
        self.unit_search.setPlaceholderText("推荐单位名称、类别的任一片段（Ctrl+F）")
        self.unit_search.setAccessibleName("搜索推荐单位")
        self.unit_search.setAccessibleDescription(self.unit_search.placeholderText())
        self.unit_search.setClearButtonEnabled(True)
        self.unit_search.textChanged.connect(lambda _t: self._filter_units())
        SearchBoxKeys(self.unit_search, self.unit_view, lambda: None)  # ↓: the list
        bar = QHBoxLayout()
        bar.addWidget(QLabel("搜索"))
        bar.addWidget(self.unit_search, 1)
        lay.addLayout(bar)
        hint = QLabel(f"Enter 修改单位名称或类别（{'、'.join(UNIT_KINDS)}）；"
                      "名称改为另一单位的名称，即把两种写法合并为一个单位")
        hint.setStyleSheet(f"color:{themed(MUTED_COLOUR)}")
        hint.setWordWrap(True)  # on one line it held the screen wider than a small laptop
        lay.addWidget(hint)
        lay.addWidget(self.unit_view)
        self.tabs.addTab(unit_page, "推荐单位")
        action = QAction(self.unit_view)
        action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter"), QKeySequence("F2")])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.edit_current)
        self.unit_view.addAction(action)
        self.unit_view.doubleClicked.connect(lambda _i: self.edit_current())

        self.enterprises = RowsModel(("所在单位（企业）", "统一社会信用代码", "推荐单位", "人员数"),
                                     self)
        self.enterprise_view = _table(self.enterprises, (300, 200, 220, 70), "enterprise_table",
                                      stretch=0)
        self.enterprise_view.setAccessibleName("所在单位列表")
        copyable(self.enterprise_view, ctx.notice.emit)
        KeepSelection(self.enterprise_view, self.enterprises)  # across a search or reload
        enterprise_page = QWidget()
        lay = QVBoxLayout(enterprise_page)
        # thousands of enterprises: the misspelt one is found by any fragment of it
        self.enterprise_search = QLineEdit()
        self.enterprise_search.setObjectName("enterprise_search")
        self.enterprise_search.setPlaceholderText("所在单位名称、信用代码、推荐单位的任一片段（Ctrl+F）")
        self.enterprise_search.setAccessibleName("搜索所在单位")
        self.enterprise_search.setAccessibleDescription(self.enterprise_search.placeholderText())
        self.enterprise_search.setClearButtonEnabled(True)
        self.enterprise_search.textChanged.connect(lambda _t: self._filter_enterprises())
        SearchBoxKeys(self.enterprise_search, self.enterprise_view, lambda: None)  # ↓: the list
        bar = QHBoxLayout()
        bar.addWidget(QLabel("搜索"))
        bar.addWidget(self.enterprise_search, 1)
        lay.addLayout(bar)
        hint = QLabel("Enter 更正所选所在单位的名称（录错的写法；工作室、人员和各申报随之更正，"
                      "含已拨付的项目，须写明原因，金额不变）。工作室迁到另一企业请用“工作室 → 修改”")
        hint.setStyleSheet(f"color:{themed(MUTED_COLOUR)}")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        lay.addWidget(self.enterprise_view)
        self.tabs.addTab(enterprise_page, "所在单位")
        action = QAction(self.enterprise_view)
        action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter"), QKeySequence("F2")])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.correct_current_enterprise)
        self.enterprise_view.addAction(action)
        self.enterprise_view.doubleClicked.connect(lambda _i: self.correct_current_enterprise())

        self.people = PeopleModel(self.reg, self)
        self.people.held = True  # searched once 人员 is in view (_search_people)
        self.people_view = _table(self.people, (90, 170, 170, 120, 70, 240, 70), "people_table")
        self.people_view.setAccessibleName("人员列表")
        copyable(self.people_view, ctx.notice.emit)  # ID and card numbers masked, as shown
        # the people chosen stay chosen across a search, a reload or a sort, the first found
        # when none is left: 更正身份证号… beside the search box corrects the one found
        KeepSelection(self.people_view, self.people, first=True)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("姓名、身份证号、电话、单位的任一片段（Ctrl+F）")
        self.search.setAccessibleName("搜索人员")
        self.search.setAccessibleDescription(self.search.placeholderText())
        self.search.setClearButtonEnabled(True)
        self.people_count = SteadyLabel()  # the whole list's count first: the widest
        people_page = self._people_page = QWidget()
        lay = QVBoxLayout(people_page)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("搜索"))
        bar.addWidget(self.search, 1)
        bar.addWidget(self.people_count)
        self.correct_id_button = QPushButton("更正身份证号…（Ctrl+Enter）")
        self.correct_id_button.setObjectName("correct_id")
        self.correct_id_button.clicked.connect(self.correct_current_person_id)
        bar.addWidget(self.correct_id_button)
        # the person's papers on 专利助推 (Enter is his name's correction, Ctrl+Enter his ID's)
        self.papers_button = QPushButton("查看申报(&S)")
        self.papers_button.setObjectName("person_papers")
        self.papers_button.setToolTip("到“专利助推”查看所选人员的申报（Alt+S）：其他年度的"
                                      "在列表下方说明，按 F3 转到该年度")
        self.papers_button.clicked.connect(self.show_person_papers)
        bar.addWidget(self.papers_button)
        # PIPL Art. 47: greyed, with why, for a person whose papers keep his data
        from .erase_dialog import BUTTON_TEXT

        self.erase_button = QPushButton(BUTTON_TEXT)
        self.erase_button.setObjectName("erase_person")
        self.erase_button.clicked.connect(self.erase_current_person)
        bar.addWidget(self.erase_button)
        lay.addLayout(bar)
        hint = QLabel("Alt+S 到“专利助推”查看所选人员的申报。"
                      "Enter 更正所选人员的姓名，Ctrl+Enter 更正其身份证号（登记册中录错的；"
                      "含已拨付的申报，须写明原因）。"
                      "卡号、一线职工为此人最近一份申报所填，各申报按其本身所填核对和拨付")
        hint.setStyleSheet(f"color:{themed(MUTED_COLOUR)}")
        hint.setWordWrap(True)
        lay.addWidget(hint)
        lay.addWidget(self.people_view)
        self.tabs.addTab(people_page, "人员")
        action = QAction(self.people_view)
        action.setShortcuts([QKeySequence("Return"), QKeySequence("Enter"), QKeySequence("F2")])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.correct_current_person)
        self.people_view.addAction(action)
        self.people_view.doubleClicked.connect(lambda _i: self.correct_current_person())
        action = QAction(self.people_view)
        action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(self.correct_current_person_id)
        self.people_view.addAction(action)

        # the chosen person's papers read once the choice rests (arrowing through the list
        # or a search re-choosing runs no query a row); greyed meanwhile
        self._erase_timer = QTimer(self)
        self._erase_timer.setSingleShot(True)
        self._erase_timer.setInterval(150)
        self._erase_timer.timeout.connect(self._erase_state)
        self._erase_pending = False  # a person chosen whose papers are not read yet
        self.people_view.installEventFilter(self)
        self.tabs.currentChanged.connect(lambda _i: self._people_in_view())
        self.tabs.currentChanged.connect(lambda _i: self._erase_pending_read())
        self.people_view.selectionModel().currentChanged.connect(
            lambda _now, _was: self._erase_later())
        self.erase_reason = QLabel()  # why 删除个人信息 is greyed, in words under the list
        self.erase_reason.setObjectName("erase_reason")
        self.erase_reason.setWordWrap(True)
        self.erase_reason.setStyleSheet(f"color:{themed(MUTED_COLOUR)}")
        lay.addWidget(self.erase_reason)

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._search_people)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        SearchBoxKeys(self.search, self.people_view, self._search_now)
        came = "随申报的录入（Ctrl+N）或推荐单位汇总表的导入（Ctrl+I）登记"
        EmptyHint(self.unit_view, lambda: "没有符合搜索的推荐单位"
                  if self.unit_search.text().strip() else f"还没有推荐单位：推荐单位{came}，"
                  "登记后可在这里改名、合并两种写法或修改类别。")
        EmptyHint(self.enterprise_view, lambda: "没有符合搜索的所在单位"
                  if self.enterprise_search.text().strip() else f"还没有所在单位：所在单位（企业）{came}。")
        EmptyHint(self.people_view, lambda: "没有符合搜索的人员" if self.search.text().strip()
                  else f"还没有人员：第一发明人和项目领衔人{came}。")
        self._unit_rows: list[Row] = []
        self._enterprise_rows: list[Row] = []
        # their folded texts (search_key), made by the first search of a load
        self._unit_keys: list[str] | None = None
        self._enterprise_keys: list[str] | None = None
        self._in_view = ReloadInView(self, self.reload)
        ctx.changed.connect(self._changed)
        ctx.year_changed.connect(self._changed)
        self.reload()

    def _changed(self, _what: object) -> None:
        self._in_view()  # behind another screen: when next shown

    def reload(self) -> None:
        cid = self.reg.scalar("SELECT id FROM campaigns WHERE year = ?", (self.ctx.year,))
        rows: list[Row] = []
        for r in self.reg.query(
            "SELECT u.id, u.name, u.kind,"
            " (SELECT COUNT(*) FROM enterprises e WHERE e.unit_id = u.id) AS enterprises,"
            " (SELECT COUNT(*) FROM patent_applications a WHERE a.unit_id = u.id"
            "  AND a.campaign_id = ?) AS patents,"
            " (SELECT COUNT(*) FROM project_applications a WHERE a.unit_id = u.id"
            "  AND a.campaign_id = ?) AS projects FROM units u", (cid, cid),
        ):
            rows.append(Row(r["id"], (r["name"], r["kind"], str(r["enterprises"] or ""),
                                      str(r["patents"] or ""), str(r["projects"] or ""))))
        self._unit_rows, self._unit_keys = rows, None
        self._filter_units()
        rows = []
        for r in self.reg.query(
            "SELECT e.id, e.name, e.credit_code, u.name AS unit,"
            " (SELECT COUNT(*) FROM people p WHERE p.enterprise_id = e.id) AS people"
            " FROM enterprises e LEFT JOIN units u ON u.id = e.unit_id"
        ):
            rows.append(Row(r["id"], (r["name"], r["credit_code"] or "", r["unit"] or "",
                                      str(r["people"] or ""))))
        self._enterprise_rows, self._enterprise_keys = rows, None
        self._filter_enterprises()
        self._search_people()

    def _show_enterprise(self, ent_id: int) -> None:
        """After a correction the row is still in view, chosen: a search typed for the
        misspelling would hide it under its right name (as if it had gone)."""
        terms = search_terms(self.enterprise_search.text())
        name = str(self.reg.scalar("SELECT name FROM enterprises WHERE id = ?", (ent_id,)) or "")
        if terms and not all(t in search_key(name) for t in terms):
            self.enterprise_search.setText(name)
        self.reload()
        row = self.enterprises.row_of(ent_id)
        if row is not None:
            self.enterprise_view.selectRow(row)

    def _filter_units(self) -> None:
        terms = search_terms(self.unit_search.text())
        if terms and self._unit_keys is None:
            self._unit_keys = [search_key(*r.cells[:2]) for r in self._unit_rows]
        self.units.set_rows(_holding(self._unit_rows, self._unit_keys, terms))

    def _filter_enterprises(self) -> None:
        """A keystroke: the enterprises whose texts, folded once a load (4,000 of them
        took ≈ 30 ms a keystroke), hold every term."""
        terms = search_terms(self.enterprise_search.text())  # ５Ｇ typed finds 5G
        if terms and self._enterprise_keys is None:
            self._enterprise_keys = [search_key(*r.cells[:3]) for r in self._enterprise_rows]
        self.enterprises.set_rows(_holding(self._enterprise_rows, self._enterprise_keys, terms))

    def _search_now(self) -> None:
        if self._timer.isActive():
            self._search_people()

    def _people_in_view(self) -> None:
        if self.people.held:
            self._search_people()

    def _search_people(self) -> None:
        """The people found, once 人员 is in view: the screen opens on 推荐单位, and everyone
        in pinyin order (76,000 people: ≈ 0.3 s) waits until the tab is shown."""
        self._timer.stop()
        self.people.held = self.tabs.currentWidget() is not self._people_page
        if self.people.held:
            return
        self.people.search(self.search.text())
        self.people_count.setText(f"{len(self.people.ids)} 人")

    def focus_search(self) -> None:
        """Ctrl+F: the search of the tab in view (推荐单位 and 所在单位 have their own:
        Ctrl+F there took the keyboard away to 人员)."""
        page = self.tabs.currentWidget()
        box = next((b for b in (self.unit_search, self.enterprise_search, self.search)
                    if page.isAncestorOf(b)), self.search)
        if box is self.search:
            self.tabs.setCurrentIndex(2)  # 人员
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()

    def refresh(self) -> None:
        self.reload()

    def _progress_entry(self, menu: Any) -> None:
        """The unions' right-click 打印办理进度告知单 (文件's entry, its key beside it)."""
        from .main_window import PROGRESS_KEY, PROGRESS_TEXT

        menu.addSeparator()
        entry = menu.addAction(PROGRESS_TEXT)
        entry.setShortcut(QKeySequence(PROGRESS_KEY))
        entry.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # shown; the window's key
        entry.triggered.connect(lambda _on=False: self.print_progress())

    def print_progress(self) -> None:
        """Ctrl+Shift+P on 推荐单位: the 办理进度告知单 of the union's papers of the year in
        view (each paper's status, reason or what it lacks, money paid and owed), on 打印."""
        from boostdesk.printing.jobs import PROGRESS_UNION

        index = self.unit_view.currentIndex()
        if not self.tabs.currentWidget().isAncestorOf(self.unit_view) or not index.isValid():
            self.ctx.notice.emit("请在“推荐单位”页选中一个推荐单位，再打印其办理进度告知单；"
                                 "一项申报的，请在“专利助推”或“创新项目”中选中后打印")
            return
        self.ctx.progress_wanted.emit(PROGRESS_UNION, self.units.rows[index.row()][1][0])

    def edit_current(self) -> Any:
        index = self.unit_view.currentIndex()
        unit_id = self.units.id_at(index.row()) if index.isValid() else None
        if unit_id is None:
            return None
        name, kind = self.units.rows[index.row()][1][:2]
        dialog = UnitKindDialog(self.ctx, name, kind, self)
        dialog.accepted.connect(lambda: self._keep_unit_found(dialog))
        dialog.finished.connect(self._back_to_units)
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def correct_current_enterprise(self) -> Any:
        index = self.enterprise_view.currentIndex()
        ent_id = self.enterprises.id_at(index.row()) if index.isValid() else None
        if ent_id is None:
            return None
        name = self.reg.scalar("SELECT name FROM enterprises WHERE id = ?", (ent_id,))
        if name is None:
            return None
        dialog = EnterpriseNameDialog(self.ctx, ent_id, str(name), self)
        dialog.accepted.connect(lambda: self._show_enterprise(ent_id))
        dialog.finished.connect(lambda _r: self.enterprise_view.setFocus())
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def correct_current_person(self) -> Any:
        index = self.people_view.currentIndex()
        if not index.isValid() or index.row() >= len(self.people.ids):
            return None
        person_id = self.people.ids[index.row()]
        name = self.reg.scalar("SELECT name FROM people WHERE id = ?", (person_id,))
        if name is None:
            return None
        dialog = PersonNameDialog(self.ctx, person_id, str(name), self)
        dialog.finished.connect(lambda _r: self.people_view.setFocus())
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def correct_current_person_id(self) -> Any:
        index = self.people_view.currentIndex()
        if not index.isValid() or index.row() >= len(self.people.ids):
            dialogs.show_error(self, "更正身份证号", "请先在列表中选中要更正的人员")
            return None
        if not one_row_only(self, self.people_view, "更正身份证号",
                            "更正身份证号一次只更正一人，请只选中要更正的那一人"):
            return None
        person_id = self.people.ids[index.row()]
        row = self.reg.conn.execute("SELECT name, id_number FROM people WHERE id = ?",
                                    (person_id,)).fetchone()
        if row is None:
            return None
        dialog = PersonIdDialog(self.ctx, person_id, str(row[0]), str(row[1] or ""), self)
        dialog.finished.connect(lambda _r: self.people_view.setFocus())
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def _current_person(self) -> int | None:
        index = self.people_view.currentIndex()
        if not index.isValid() or index.row() >= len(self.people.ids):
            return None
        return self.people.ids[index.row()]

    def _erase_state(self) -> None:
        """删除个人信息… greyed, and why said, for the chosen person (his papers only: the
        trail is read when the dialog opens)."""
        from .erase_dialog import refusal_tip

        if getattr(self.reg, "closed", False):  # the window closed within the 150 ms
            return
        self._erase_pending = False
        if self._erase_unread():
            return
        person = self._current_person()
        tip = refusal_tip(self.reg, person)
        refused = person is None or tip.startswith("不能删除")
        self.erase_button.setEnabled(not refused)
        self.erase_button.setToolTip(tip)
        self.erase_reason.setText(f"删除个人信息（Alt+Q）：{tip}"
                                  if refused and person is not None else "")

    def _erase_later(self) -> None:
        self.erase_button.setEnabled(False)
        self._erase_timer.start()

    def _erase_unread(self) -> bool:
        """Whether the chosen person's papers are left unread for now (≈ 0.2 s of scans at
        100,000 applications): while the keyboard is in the search box (each pause in
        typing chose the first found) or 人员 is not in view. 删除个人信息… stays offered
        meanwhile, its preview saying why not; the list taking the keyboard, or 人员 coming
        into view, reads them."""
        if self._current_person() is None or not (
                self.search.hasFocus() or not self.people_view.isVisible()):
            return False
        self._erase_pending = True
        self.erase_button.setEnabled(True)
        self.erase_button.setToolTip(_ERASE_UNREAD)
        self.erase_reason.setText("")
        return True

    def _erase_pending_read(self) -> None:
        if self._erase_pending:
            self._erase_later()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.people_view and event.type() == QEvent.Type.FocusIn:
            self._erase_pending_read()
        return super().eventFilter(watched, event)

    def erase_current_person(self) -> Any:
        """删除个人信息…: the chosen person's erasure, previewed (``ui.erase_dialog``)."""
        from .erase_dialog import EraseDialog

        person = self._current_person()
        if person is None:
            dialogs.show_error(self, "删除个人信息", "请先在列表中选中要删除个人信息的人员")
            return None
        if not one_row_only(self, self.people_view, "删除个人信息",
                            "删除个人信息一次只删一人，请只选中那一人"):
            return None
        dialog = EraseDialog(self.ctx, person, self)
        dialog.finished.connect(self._erase_done)
        self.current_form = dialog
        dialogs.open_modal(dialog)
        return dialog

    def _erase_done(self, _result: int = 0) -> None:
        self._erase_state()
        self.people_view.setFocus()

    def show_person_papers(self) -> Any:
        """Alt+S (查看申报): the chosen person's papers on 专利助推, in the year in view when
        he has one there, else his latest year, found by his name and the last four of his
        ID (as the list shows them masked; 张伟 alone finds every 张伟) and the latest
        chosen. Other years holding his papers are said under the list (F3). The screen,
        or None."""
        from .todo_jump import show_papers

        index = self.people_view.currentIndex()
        if not index.isValid() or index.row() >= len(self.people.ids):
            dialogs.show_error(self, "查看申报", "请先在列表中选中要查看的人员")
            return None
        person_id = self.people.ids[index.row()]
        row = self.reg.conn.execute("SELECT name, id_number FROM people WHERE id = ?",
                                    (person_id,)).fetchone()
        papers = self.reg.conn.execute(
            "SELECT c.year, a.id FROM patent_applications a JOIN campaigns c"
            " ON c.id = a.campaign_id WHERE a.person_id = ? ORDER BY c.year, a.id",
            (person_id,)).fetchall()
        if row is None or not papers:
            self.ctx.notice.emit("此人在登记册中没有专利申报")
            return None
        years = {y for y, _a in papers}
        year = self.ctx.year if self.ctx.year in years else max(years)
        latest = [a for y, a in papers if y == year][-1]
        name, number = str(row[0]), str(row[1] or "")
        text = f"{name} {number[-4:]}" if len(number) >= 4 else name
        return show_papers(self.window(), "专利助推", year, text, latest)

    def _keep_unit_found(self, dialog: UnitKindDialog) -> None:
        """A union renamed while a search for its misspelling is typed stays in view under
        its right name (the search becomes the name), not gone from the list."""
        from boostdesk.validate import tidy_name

        name = tidy_name(dialog.new_name.text())
        terms = search_terms(self.unit_search.text())
        if terms and not all(t in search_key(name, dialog.kind.currentText()) for t in terms):
            self.unit_search.setText(name)

    def _back_to_units(self, _result: int = 0) -> None:
        """The dialog closed: the keyboard is back on the units, as on 专利助推."""
        self.activateWindow()
        self.unit_view.setFocus(Qt.FocusReason.OtherFocusReason)


class UnitKindDialog(QDialog):
    """A recommending union's kind, and its name: a misspelling corrected, or two spellings
    of one union merged (the name changed to the other's)."""

    def __init__(self, ctx: AppContext, name: str, kind: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.name = name
        self.old = kind
        self.setWindowTitle(f"推荐单位 — {name}")
        form = QFormLayout(self)
        self.kind = QComboBox()
        self.kind.addItems(list(UNIT_KINDS))
        self.kind.setCurrentText(kind)
        self.new_name = limited(TextField(), "unit_name")
        self.new_name.setText(name)
        self.new_name.setAccessibleName("名称")
        self.new_name.setObjectName("unit_name")
        self.new_name.setMinimumWidth(320)
        # a union with paid shares: why its stamped lists' name changes, on each share's line
        self.reason = limited(TextField(), "reason")
        self.reason.setAccessibleName("原因")
        self.reason.setObjectName("unit_reason")
        self.reason.setPlaceholderText("改名或合并已有拨付款项的单位时必填，记入修改记录")
        form.addRow("类别", self.kind)
        form.addRow("名称", self.new_name)
        form.addRow("原因", self.reason)
        form.addRow(save_cancel_buttons(self))
        self.kind.setFocus()

    def accept(self) -> None:
        from boostdesk.validate import tidy_name

        new = self.kind.currentText()
        if long := first_too_long(self.new_name, self.reason):  # refused, never cut
            dialogs.show_error(self, "未保存", long[1])
            long[0].setFocus()
            return
        name = tidy_name(self.new_name.text())
        if not name:
            dialogs.show_error(self, "未保存", "请填写推荐单位名称")
            return
        if name != self.name and not self._rename(name):
            return
        if new == self.old:
            super().accept()
            return
        reg = self.ctx.reg

        def put(kind: str) -> None:
            with reg.transaction():
                reg.ensure_unit(name, kind)

        if self.ctx.write(f"修改“{name}”的类别", lambda: put(new), changed="all",
                          undo=lambda: put(self.old), redo=lambda: put(new), parent=self).ok:
            super().accept()

    def _rename(self, name: str) -> bool:
        reg = self.ctx.reg
        if reg.scalar("SELECT id FROM units WHERE name = ?", (name,)) is None:
            # refused before the questions, as the register would refuse it after them
            try:
                check_org_name(name)
            except ValidationError as exc:
                dialogs.show_error(self, "未保存", str(exc))
                self.new_name.setFocus()
                return False
        into = reg.unit_uses(name)
        reason = self.reason.text().strip()
        paid = reg.unit_rename_effects(self.name, name)
        if reg.unit_paid_shares(self.name) and not reason:
            dialogs.show_error(self, "未保存", "“" + self.name + "”已有拨付的款项，"
                               "请写明改名原因，它记入每笔拨付的修改记录")
            self.reason.setFocus()
            return False
        if into:  # another unit's name: the two spellings become one unit
            mine = reg.unit_uses(self.name)
            moved = "、".join(f"{label} {mine.get(table, 0)} 项" for table, label in (
                ("patent_applications", "专利申报"), ("project_applications", "项目申报"),
                ("enterprises", "所在单位"), ("studios", "工作室")) if mine.get(table))
            if not dialogs.ask_yes_no(
                    self, "合并推荐单位",
                    f"登记册中已有推荐单位“{name}”。把“{self.name}”并入“{name}”？\n"
                    f"{moved or '没有申报'}改为“{name}”，“{self.name}”不再单列"
                    "（含往年和已拨付的申报）。可用 Ctrl+Z 撤销。"
                    + (f"\n\n{paid}" if paid else ""),
                    yes="合并", no="返回"):
                return False
            label = f"将“{self.name}”并入“{name}”"
        else:
            if paid and not dialogs.ask_yes_no(
                    self, "推荐单位改名", f"把“{self.name}”改名为“{name}”？\n\n{paid}",
                    yes="改名", no="返回"):
                return False
            label = f"将推荐单位“{self.name}”改名为“{name}”"
        done: dict[str, Any] = {}
        old = self.name

        def do() -> None:
            done.clear()
            done.update(reg.rename_unit(old, name, reason))

        if not self.ctx.write(label, do, changed="all", undo=lambda: reg.unrename_unit(done),
                              redo=do, parent=self).ok:
            return False
        self.name = name  # a kind changed too is the renamed unit's
        return True


class _NameCorrectionDialog(QDialog):
    """A name as the register spells it, corrected everywhere with the reason why: the
    form and its checks; each kind says what it asks first and how it writes."""

    TITLE = ""
    FIELD = ""  # the name field's object name
    WIDTH = 200
    EXAMPLE = ""  # the reason's placeholder
    WHAT = ""  # 请填写更正后的{WHAT}
    LIMIT = ""  # its field in field_limits

    def __init__(self, ctx: AppContext, record_id: int, name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_id = record_id
        self.old = name
        self.setWindowTitle(f"{self.TITLE} — {name}")
        form = QFormLayout(self)
        self.new_name = limited(TextField(), self.LIMIT)
        self.new_name.setText(name)
        self.new_name.setAccessibleName(self.WHAT)
        self.new_name.setObjectName(self.FIELD)
        self.new_name.setMinimumWidth(self.WIDTH)
        self.reason = limited(TextField(), "reason")
        self.reason.setAccessibleName("原因")
        self.reason.setObjectName("reason")
        self.reason.setMinimumWidth(360)
        self.reason.setPlaceholderText(self.EXAMPLE)
        form.addRow("更正为", self.new_name)
        form.addRow("原因（记入修改记录）", self.reason)
        form.addRow(save_cancel_buttons(self))
        self.new_name.setFocus()
        self.new_name.selectAll()

    def accept(self) -> None:
        from boostdesk.validate import tidy_name

        if long := first_too_long(self.new_name, self.reason):  # refused, never cut
            dialogs.show_error(self, "未更正", long[1])
            long[0].setFocus()
            return
        name, reason = tidy_name(self.new_name.text()), self.reason.text().strip()
        if name == self.old:
            super().accept()
            return
        if not name or not reason:
            dialogs.show_error(self, "未更正", f"请填写更正后的{self.WHAT}" if not name
                               else "请写明更正原因，它记入修改记录")
            (self.new_name if not name else self.reason).setFocus()
            return
        if self._confirmed(name) and self._write(name, reason):
            super().accept()

    def _confirmed(self, name: str) -> bool:
        raise NotImplementedError

    CORRECT = ""  # the Register method that corrects it: (id, name, reason)
    DESCRIBE = ""  # the undo entry, with {old} and {name}
    UNDO: ClassVar[dict[str, bool]] = {}  # what its undo passes besides (the name as it was)

    def _write(self, name: str, reason: str) -> bool:
        correct = getattr(self.ctx.reg, self.CORRECT)
        record, old = self.record_id, self.old
        return self.ctx.write(
            self.DESCRIBE.format(old=old, name=name),
            lambda: correct(record, name, reason), changed="all",
            undo=lambda: correct(record, old, f"撤销更正：{reason}", **self.UNDO),
            redo=lambda: correct(record, name, reason), parent=self).ok


def _papers_sent(reg: Any, person_id: int) -> tuple[int, str]:
    """A person's patent papers, and those with money sent, as a question says them:
    “1 项申报已登记拨付”, or, the bank having sent some back (退汇, owed again: the money
    left under his name and goes again under the corrected one), “1 项申报的助推款已汇出
    2 笔（均被银行退回，待重拨）”; "" when none was sent."""
    from boostdesk.models.payment_marks import sent_counts, sent_text

    ids = [r[0] for r in reg.conn.execute(
        "SELECT id FROM patent_applications WHERE person_id = ?", (person_id,))]
    sent = sent_counts(reg.conn, "patent", ids)
    paid, returned = (sum(p for p, _ in sent.values()), sum(r for _, r in sent.values()))
    if not sent:
        return len(ids), ""
    if not returned:
        return len(ids), f"{len(sent)} 项申报已登记拨付"
    return len(ids), f"{len(sent)} 项申报的助推款{sent_text(paid, returned)}"


class PersonNameDialog(_NameCorrectionDialog):
    """A person's name as the register spells it, corrected on all their papers (paid ones
    too: a paper or a table cannot rename a paid inventor), with the reason why."""

    TITLE, FIELD, WIDTH, WHAT = "更正姓名", "person_name", 200, "姓名"
    LIMIT = "inventor_name"
    CORRECT, DESCRIBE = "correct_person_name", "将“{old}”的姓名更正为“{name}”"
    # the name put back as it was stored: 李红兵（高级工程师）, corrected to 李红兵 and undone
    UNDO = {"checked": False}
    EXAMPLE = "如：身份证复印件为“张叁”，录入时误作“张三”"

    @property
    def person_id(self) -> int:
        return self.record_id

    def _confirmed(self, name: str) -> bool:
        reg = self.ctx.reg
        papers, sent = _papers_sent(reg, self.person_id)
        return not sent or dialogs.ask_yes_no(
            self, "更正姓名",
            f"“{self.old}”的 {sent}。更正后，这些申报的拨付清单、审批表和"
            f"修改记录都写作“{name}”（款项按卡号拨付，金额和卡号不变）。\n"
            f"共 {papers} 项申报随之更正：{reg.person_papers(self.person_id)}。"
            "确属登记册录错？", yes="更正", no="返回")


class EnterpriseNameDialog(_NameCorrectionDialog):
    """An enterprise's misspelt name corrected everywhere (its studios, people, papers and
    the projects paid to it: no paper or studio edit can rename a paid award's payee), with
    the reason why. Another enterprise's name is refused: that would move paid money."""

    TITLE, FIELD, WIDTH, WHAT = "更正所在单位名称", "enterprise_name", 360, "所在单位名称"
    LIMIT = "enterprise_name"
    CORRECT, DESCRIBE = "correct_enterprise_name", "将所在单位“{old}”更正为“{name}”"
    EXAMPLE = "如：营业执照为“……制造有限公司”，录入时误作“……制适有限公司”"

    @property
    def enterprise_id(self) -> int:
        return self.record_id

    def _confirmed(self, name: str) -> bool:
        # money sent to it, paid or sent back by the bank (退汇): asked first
        effects = self.ctx.reg.enterprise_correction_effects(self.enterprise_id, name)
        return not effects or dialogs.ask_yes_no(
            self, "更正所在单位名称", f"{effects}确属登记册录错？", yes="更正", no="返回")


class PersonIdDialog(QDialog):
    """A person's mistyped resident ID number, corrected on all their papers (paid ones
    too: the money went to the card, the sheets and lists must show the true number), with
    the reason why. The number is shown whole: it is compared with the ID card copy. A
    15-digit number is offered as the 18-digit one it became (old_ids); when that is
    another person's of the same name, saving merges the two, asked first, undoable."""

    def __init__(self, ctx: AppContext, person_id: int, name: str, id_number: str,
                 parent: QWidget | None = None) -> None:
        from boostdesk.old_ids import converted

        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.name = name
        self.old = id_number
        self.converted = converted(id_number)  # the 18 digits a 15-digit number became
        self.setWindowTitle(f"更正身份证号 — {name}")
        form = QFormLayout(self)
        self.new_number = QLineEdit(self.converted or id_number)
        self.new_number.setObjectName("id_number")
        self.new_number.setMinimumWidth(240)
        self.new_number.setMaxLength(40)
        self.note = QLabel()
        self.note.setObjectName("id_note")
        self.reason = QLineEdit("15 位旧身份证号换算为 18 位" if self.converted else "")
        self.reason.setObjectName("reason")
        self.reason.setMinimumWidth(360)
        self.reason.setPlaceholderText("如：审计核对身份证复印件，第 11、12 位录入时颠倒")
        form.addRow("现登记为", QLabel(id_number or "（未填）"))
        form.addRow("更正为", self.new_number)
        form.addRow("", self.note)
        form.addRow("原因（记入修改记录）", self.reason)
        form.addRow(save_cancel_buttons(self))
        self.new_number.textChanged.connect(self._check)
        self._check()
        self.new_number.setFocus()
        self.new_number.selectAll()

    def _check(self) -> str | None:
        """The typed number, checked as it is typed: its birth date, or what is wrong."""
        from boostdesk.validate import ValidationError, check_resident_id, resident_id_birth_date

        try:
            number = check_resident_id(self.new_number.text())
        except ValidationError as exc:
            self.note.setText(f"<span style='color:{themed(ERROR_COLOUR)}'>{escape(exc.message)}</span>")
            return None
        born = f"出生日期 {resident_id_birth_date(number).isoformat()}"
        if number == self.converted:  # said: the clerk did not type these 18 digits
            born += "（15 位旧号换算而得）"
        self.note.setText(born)
        return number

    def _merge_asked(self, number: str) -> bool | None:
        """When ``number`` is another person's and the old 15-digit number converts to it:
        whether the clerk merges the two (asked, as a studio merge is); None: no merge."""
        from boostdesk.old_ids import is_old_id, to_18

        reg = self.ctx.reg
        other = reg.conn.execute("SELECT id, name FROM people WHERE id_number = ? AND id != ?",
                                 (number, self.person_id)).fetchone()
        if other is None or not is_old_id(self.old) or to_18(self.old) != number:
            return None
        if other[1] != self.name:  # refused by the register, which says why
            return True
        return dialogs.ask_yes_no(
            self, "合并为同一人",
            f"“{self.name}”的 15 位旧身份证号 {self.old} 换算为 18 位即 {number}，登记册中"
            f"此号码也是“{other[1]}”（{reg.person_papers(other[0])}）。合并为同一人？\n"
            f"“{self.name}”（{self.old}）的申报（{reg.person_papers(self.person_id)}）归入 {number}，"
            "按同一人核对（每年一人一项）；15 位号码的人员记录不再单列。可用 Ctrl+Z 撤销。",
            yes="合并", no="返回")

    def accept(self) -> None:
        from boostdesk.validate import ValidationError, check_resident_id, person_key

        reg = self.ctx.reg
        if person_key(self.new_number.text()) == person_key(self.old):
            super().accept()
            return
        try:
            number = check_resident_id(self.new_number.text())
        except ValidationError as exc:
            dialogs.show_error(self, "未更正", f"更正后的身份证号无效：{exc.message}")
            self.new_number.setFocus()
            return
        reason = self.reason.text().strip()
        if not reason:
            dialogs.show_error(self, "未更正", "请写明更正原因，它记入修改记录")
            self.reason.setFocus()
            return
        merging = self._merge_asked(number)
        if merging is False:
            return
        awarded = reg.scalar(
            "SELECT COUNT(*) FROM patent_applications a WHERE a.person_id = ?"
            f" AND a.status IN ({_AWARDED})", (self.person_id,))
        # an approval sheet is printed and signed at approval: the old number is on paper
        papers, sent = _papers_sent(reg, self.person_id)
        state = sent or f"{awarded} 项申报已核准"
        if (sent or awarded) and not dialogs.ask_yes_no(
                self, "更正身份证号",
                f"“{self.name}”的 {state}。更正后，这些申报的审批表、拨付清单、"
                f"汇总表和修改记录都写作 {number}（款项按卡号拨付，金额和卡号不变），"
                "资格审核按新号码重新核对；已打印的审批表、拨付清单仍是原号码，请重新打印存档。\n"
                f"共 {papers} 项申报随之更正：{reg.person_papers(self.person_id)}。"
                "确属登记册录错？", yes="更正", no="返回"):
            return
        person, old = self.person_id, self.old
        merged: dict[str, Any] = {}  # a merge's undo (Register.unmerge_old_id); {}: none

        def who() -> int:  # a merge undone may give the person back another id
            return int(merged["person"]["id"]) if merged else person

        def undo() -> None:
            if merged:
                reg.unmerge_old_id(merged, f"撤销更正：{reason}")
            else:
                reg.correct_person_id(person, old, f"撤销更正：{reason}", checked=False)

        if self.ctx.write(
                f"{'合并' if merging else '更正'}“{self.name}”的身份证号",
                lambda: reg.correct_person_id(who(), number, reason, done=merged),
                changed="all", undo=undo, parent=self, title="未更正").ok:
            super().accept()
