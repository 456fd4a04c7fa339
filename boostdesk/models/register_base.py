"""What every part of the register builds on: its connection, all-or-nothing
transactions, the audit trail's lines, the campaigns' plans, and the changes noted for the
next re-check. The parts (campaigns, units, people, studios) and :class:`Register` (the
applications, and opening a file) inherit it."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from boostdesk import pinyin_order
from boostdesk.validate import normalize_text

from . import audit_chain, clock, journal, name_lists
from .campaign import Campaign
from .record_rows import PROJECT_TABLES, select_in
from .records import UNIT_KINDS, PatentApplication, ProjectApplication
from .search_text import (
    PATENT_NUMBERS_SQL,
    number_keys,
    patent_numbers,
    patent_search_key,
    search_key,
)

if TYPE_CHECKING:
    import sqlite_utils


class RegisterError(Exception):
    """A register problem worth telling the user (in Chinese)."""


class WriteCancelled(RegisterError):
    """取消 pressed while a write's transaction ran (``RegisterBase.cancel_commit``): rolled
    back at its commit, nothing stored."""


@lru_cache(maxsize=1)
def computer_name() -> str:
    """This computer's name, kept on every audit event beside the operator's."""
    from boostdesk.safety.lock import host_name  # here: boostdesk.safety imports the models

    return host_name()


@dataclass
class Changes:
    """What the writes since the last re-check may have changed, for ``rules.recheck``.

    Each write method notes the applications it wrote and the keys they had
    *before* (a patent number, a person, a studio an application left), the people
    and studios whose facts it changed, and the campaigns whose parameters it
    changed; the applications' present keys are read back at the re-check. Noting
    more than needed only costs a re-check; noting less would leave a verdict stale.
    """

    patents: set[int] = field(default_factory=set)  # application ids
    projects: set[int] = field(default_factory=set)
    patent_numbers: set[str] = field(default_factory=set)
    people: set[int] = field(default_factory=set)
    studios: set[int] = field(default_factory=set)
    campaigns: set[int] = field(default_factory=set)  # years: re-check all of them
    # (year, title) of a project written, as it was: its title's papers of that year
    project_titles: set[tuple[int, str]] = field(default_factory=set)
    # (name, leader, enterprise id) of a studio renamed, merged or given another leader or
    # enterprise, as it was: the studios near it then (studio_names)
    studios_were: set[tuple[str, str, int | None]] = field(default_factory=set)
    # a union card a paper or a person held before a write: its other holders
    # (UNION_CARD_SHARED) are judged again, the card no longer shared perhaps
    cards: set[str] = field(default_factory=set)
    # (name, ID number, phone) of a person renamed, given another number or phone, or
    # removed, as he was: the people near him then (rules.near_people: his namesakes, whose
    # papers may say he is near) are judged again
    people_were: set[tuple[str, str, str]] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any((self.patents, self.projects, self.patent_numbers, self.people,
                    self.studios, self.campaigns, self.project_titles, self.studios_were,
                    self.cards, self.people_were))

    def copy(self) -> Changes:
        return Changes(set(self.patents), set(self.projects), set(self.patent_numbers),
                       set(self.people), set(self.studios), set(self.campaigns),
                       set(self.project_titles), set(self.studios_were), set(self.cards),
                       set(self.people_were))

    def update(self, other: Changes) -> None:
        self.patents |= other.patents
        self.projects |= other.projects
        self.patent_numbers |= other.patent_numbers
        self.people |= other.people
        self.studios |= other.studios
        self.campaigns |= other.campaigns
        self.project_titles |= other.project_titles
        self.studios_were |= other.studios_were
        self.cards |= other.cards
        self.people_were |= other.people_were

    def person_was(self, row: Any) -> None:
        """A person's name, ID number or phone about to change, or the person about to go
        (``row``: his row as stored)."""
        self.people_were.add((row["name"] or "", row["id_number"] or "", row["phone"] or ""))

    def studio_was(self, row: Any) -> None:
        """A studio's name, leader or enterprise about to change (``row``: as stored)."""
        self.studios_were.add((row["name"], row["leader"] or "", row["enterprise_id"]))

    def application(self, record: PatentApplication | ProjectApplication) -> None:
        """An application written, with the keys it had before the write."""
        if isinstance(record, PatentApplication):
            self.patents.add(record.id)  # type: ignore[arg-type]
            if record.patent_number:
                self.patent_numbers.add(record.patent_number)
            if record.person_id is not None:
                self.people.add(record.person_id)
            if record.card_number:
                self.cards.add(record.card_number)
        else:
            self.projects.add(record.id)  # type: ignore[arg-type]
            self.project_titles.add((record.campaign_year, record.title))
            if record.studio_id is not None:
                self.studios.add(record.studio_id)


def unit_kind(typed: str) -> str:
    """A union's kind as stored (集团（公司）, the plan's full-width brackets) from the kind
    as typed or sent: 集团(公司) with half-width brackets, as BoostDesk stored it before
    migration 13, or with spaces, is the same kind."""
    key = normalize_text(typed).replace(" ", "")
    for kind in UNIT_KINDS:
        if key == normalize_text(kind):
            return kind
    raise RegisterError(f"无法识别的推荐单位类别：{typed.strip()}（应为"
                        f"{'、'.join(UNIT_KINDS)}之一）")


OPERATOR_SWITCH = "switch_operator"  # the trail's action for 更换操作人


class RegisterBase:
    """The connection, its transactions and audit lines, and the campaigns: what each part
    of :class:`~boostdesk.models.register.Register` uses."""

    def __init__(self, conn: sqlite3.Connection, path: str | Path, operator: str = "系统"):
        self.conn = conn
        pinyin_order.register(conn)  # ORDER BY pinyin_key(name): Chinese as Excel sorts it
        self.path = Path(path) if str(path) != ":memory:" else None
        self.operator = operator
        self.computer = computer_name()
        self.note = ""  # what the window's undo or redo is replaying, on each of its events
        self._depth = 0
        self.closed = False
        # Asked at the next commit of :meth:`transaction` (then forgotten): true, the write
        # is rolled back instead (``safety.backup.backed_up_write``: a 取消 pressed after
        # a write's backup, during its transaction, stored the write all the same).
        self.cancel_commit: Callable[[], bool] | None = None
        # Called after each commit of :meth:`transaction`, in the thread that committed
        # (the window folds its -wal into the file once idle: ``ui/fold_when_idle.py``).
        self.after_commit: Callable[[], None] | None = None
        # Transactions of :meth:`transaction` committed on this connection: a write whose
        # backup is taken back when it stored nothing (``safety.backup.backed_up_write``)
        self.commits = 0
        self.changes = Changes()  # since the last rules.recheck
        # The rows each migration step of this opening's upgrade changed (step n → n+1 as
        # n + 1; ``register.migrate``): what the upgrade says it changed. Empty: none.
        self.upgrade_rows: dict[int, int] = {}
        # The last line of the trail before that upgrade: its own lines (the papers it
        # changed, noted 登记册升级) come after it (``safety.upgrade_papers``).
        self.upgrade_lines_from = 0
        # names(): per list, the names taken forward across this connection's writes; and
        # each name's sort key, kept across reads (a form opens with five lists of up to
        # 70,000 names at 100,000 applications; a save changes a few of them)
        self._names: dict[str, name_lists.NameList] = {}
        self._name_keys: dict[str, str] = {}
        self._kept: dict[str, tuple[tuple[int, int], Any]] = {}  # see kept()
        # kept() inside one write of transaction(): (write's serial, token) -> value
        self._kept_write: dict[str, tuple[tuple[int, tuple[int, int]], Any]] = {}
        self._write_serial = 0

    def take_changes(self) -> Changes:
        """The changes noted so far, forgotten here (``rules.recheck`` puts them back
        with :meth:`Changes.update` when it fails)."""
        taken, self.changes = self.changes, Changes()
        return taken

    @property
    def db(self) -> sqlite_utils.Database:
        """sqlite-utils over the same connection, for scripts.

        Imported on first use: importing sqlite_utils cost 70 ms of the window's start.
        """
        import sqlite_utils

        return sqlite_utils.Database(self.conn)

    def close(self) -> None:
        self.conn.close()
        self.closed = True

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested calls join the outer transaction."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        noted = self.changes.copy()
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        self._write_serial += 1
        self._kept_write.clear()
        try:
            lines_before = audit_chain.last_id(self.conn)
            yield
            if self.cancel_commit is not None and self.cancel_commit():
                raise WriteCancelled("已取消，未保存任何改动")
            # this write's lines, as they stand (the chain column put back first, and said,
            # when it was dropped outside the program)
            audit_chain.seal(self.conn, lines_before, self.operator, self.computer)
            self.conn.execute("COMMIT")
        except BaseException:
            self._roll_back()
            # A refused write noted what it was about to change; rolled back, it changed
            # nothing, and a re-check would re-judge for no reason.
            self.changes = noted
            raise
        else:
            self._committed()
        finally:
            self._depth = 0
            self.cancel_commit = None
            self._kept_write.clear()  # (rolled back or committed: its uncommitted view gone)

    def _roll_back(self) -> None:
        """The transaction's ROLLBACK, unless SQLite rolled it back itself: it does on a
        full disk (SQLITE_FULL) and on some I/O errors, and a ROLLBACK then fails with
        "cannot rollback - no transaction is active", hiding what went wrong (the office
        read that instead of 磁盘空间已满). A COMMIT refused (the disk full as the pages
        were written) leaves the transaction open: rolled back here too."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _committed(self) -> None:
        """After each commit of :meth:`transaction`: the last audit line noted beside the
        register, when this process holds its write lock (``safety.session``); then
        :attr:`after_commit`, whose failure is no failure of the commit made."""
        self.commits += 1
        if self.path is not None:
            from boostdesk.safety.lock import note_committed  # (safety imports the models)

            note_committed(self)
        if self.after_commit is not None:
            try:
                self.after_commit()
            except Exception:  # noqa: BLE001 - best effort, as the note above
                logging.getLogger("boostdesk").debug("after_commit failed", exc_info=True)

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description or ()]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def scalar(self, sql: str, params: Any = ()) -> Any:
        row = self.conn.execute(sql, params).fetchone()
        return row[0] if row else None

    def kept(self, key: str, build: Callable[[], Any]) -> Any:
        """``build()``, kept until the register changes: a write of this connection or a
        commit of another (what a form asks at every pause in typing is read once).
        Inside a transaction it is built afresh: it sees the uncommitted rows."""
        state = journal.change_token(self.conn)
        if self.conn.in_transaction and not getattr(self, "read_only", False):
            # (a read-only register's transaction is a snapshot: kept below). Inside this
            # program's write, kept while the write changes nothing more: a save's re-check
            # asks for a year's title index three times (0.45 s at 20,000 projects)
            if not self._depth:
                return build()
            mark = (self._write_serial, state)
            held = self._kept_write.get(key)
            if held is not None and held[0] == mark:
                return held[1]
            value = build()
            self._kept_write[key] = (mark, value)
            return value
        found = self._kept.get(key)
        if found is not None and found[0] == state:
            return found[1]
        value = build()
        self._kept[key] = (state, value)
        return value

    def audit(
        self, action: str, entity: str, entity_id: int | None,
        before: dict[str, Any] | None, after: dict[str, Any] | None,
    ) -> None:
        """One line in the trail, sealed as its write commits. A line asked for outside
        any write (autocommit) is its own write: committed alone it would stay unsealed,
        and the next ``check`` would call it tampering (0.19.0's 导出评分包 did)."""
        if not self.conn.in_transaction:
            with self.transaction():
                self._audit_line(action, entity, entity_id, before, after)
            return
        self._audit_line(action, entity, entity_id, before, after)

    def record_operator_switch(self, old: str, new: str) -> None:
        """操作人 changed in the window (设置, the day's confirmation): one trail line, under
        the new name, saying who took over from whom on this computer (a switch left no
        line, and the changes around it could not be told apart by the trail alone)."""
        self.operator = new
        self.audit(OPERATOR_SWITCH, "register", None, {"operator": old}, {"operator": new})

    def _audit_line(
        self, action: str, entity: str, entity_id: int | None,
        before: dict[str, Any] | None, after: dict[str, Any] | None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,"
            " computer, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                clock.now(), self.operator, action, entity, entity_id,
                json.dumps(before, ensure_ascii=False) if before is not None else None,
                json.dumps(after, ensure_ascii=False) if after is not None else None,
                self.computer, self.note,
            ),
        )

    def update_audited(self, table: str, row_id: int, old: Any, changes: dict[str, Any],
                       noted: dict[str, Any] | None = None) -> None:
        """``changes`` written to ``table``'s row ``row_id``, audited against ``old``'s
        values of the same columns (``noted``: what the audit line also says)."""
        if "card_number" in changes and old["card_number"]:  # a person's or a paper's
            self.changes.cards.add(old["card_number"])
        if table == "people" and changes.keys() & {"name", "id_number", "phone"}:
            self.changes.person_was(old)
        sets = ", ".join(f"{k} = ?" for k in changes)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*changes.values(), row_id))
        self.audit("update", table, row_id, {k: old[k] for k in changes},
                   {**changes, **(noted or {})})

    def audit_trail(self, entity: str, entity_id: int) -> list[dict[str, Any]]:
        rows = self.query(
            "SELECT id, at, operator, action, before, after, computer, note FROM audit_events"
            " WHERE entity = ? AND entity_id = ? ORDER BY id",
            (entity, entity_id),
        )
        for row in rows:
            row["before"] = json.loads(row["before"]) if row["before"] else None
            row["after"] = json.loads(row["after"]) if row["after"] else None
        return rows

    def campaign_years(self) -> list[int]:
        return [r[0] for r in self.conn.execute("SELECT year FROM campaigns ORDER BY year")]

    def campaign(self, year: int | None = None) -> Campaign:
        if year is None:
            year = max(self.campaign_years())
        row = self.conn.execute("SELECT params FROM campaigns WHERE year = ?", (year,)).fetchone()
        if row is None:
            raise RegisterError(f"没有 {year} 年度的助推计划，请先在“设置”中建立")
        return Campaign.from_json(row[0])

    def campaign_id(self, year: int) -> int:
        cid = self.scalar("SELECT id FROM campaigns WHERE year = ?", (year,))
        if cid is None:
            raise RegisterError(f"没有 {year} 年度的助推计划，请先在“设置”中建立")
        return int(cid)

    def _reindex(self, patents: list[int], projects: list[int]) -> None:
        """The search texts of applications whose unit's name changed (they hold it), or
        whose inventor's name or numbers did: the few names and numbers each text is made
        of read, not whole records (a union of 20,000 papers renamed on 单位与人员 built
        them all, seconds of the window's time); a text already right is not written."""
        self.conn.executemany(
            "UPDATE patent_applications SET search_text = ?, search_numbers = ? WHERE id = ?",
            [(text, numbers, app_id)
             for app_id, was, kept, inventor, raw, number, title, unit, enterprise, *facts
             in select_in(
                self.conn, "SELECT a.id, a.search_text, a.search_numbers, p.name,"
                " a.patent_number_raw, a.patent_number, a.title, u.name, e.name, "
                + PATENT_NUMBERS_SQL + " FROM patent_applications a"
                " LEFT JOIN units u ON u.id = a.unit_id"
                " LEFT JOIN enterprises e ON e.id = a.enterprise_id"
                " LEFT JOIN people p ON p.id = a.person_id WHERE a.id IN", patents)
             if ((text := patent_search_key(inventor, raw, number, title, unit, enterprise)),
                 (numbers := patent_numbers(*facts))) != (was, kept)])
        self.conn.executemany(
            "UPDATE project_applications SET search_text = ?, search_numbers = ? WHERE id = ?",
            [(text, numbers, app_id) for app_id, was, kept, *names, phone in select_in(
                self.conn, "SELECT a.id, a.search_text, a.search_numbers, a.title, s.name,"
                " a.leader, u.name, e.name, a.contact_name, a.contact_phone FROM "
                + PROJECT_TABLES + " WHERE a.id IN", projects)
             if ((text := search_key(*names)), (numbers := number_keys(phone))) != (was, kept)])

    def names(self, table: str) -> list[str]:
        """Known names for autocompletion (units, enterprises, studios, people), in pinyin
        order: a completer lists its matches in its model's order. This connection's
        writes are taken in name by name (``name_lists``); another's read the list again."""
        if table not in name_lists.SOURCES:
            raise ValueError(table)
        if self.conn.in_transaction:  # uncommitted names: not kept (a rollback drops them)
            return name_lists.NameList(self.conn, table, self._name_key, self._name_keys).names
        kept = self._names.get(table)
        if kept is not None and (kept.state == journal.change_token(self.conn)
                                 or kept.catch_up(self.conn)):
            return list(kept.names)
        kept = self._names[table] = name_lists.NameList(self.conn, table, self._name_key, self._name_keys)
        return list(kept.names)

    def names_mark(self) -> tuple[int | None, journal.Token] | None:
        """Where this connection stands now (journal entry, change token), for name lists
        read by another connection (off the UI thread) to be taken as read here
        (:meth:`take_names`); None inside a transaction."""
        if self.conn.in_transaction:
            return None
        seq = journal.position(self.conn) if journal.install(self.conn) else None
        return seq, journal.change_token(self.conn)

    def names_wanted(self) -> list[str]:
        """The name lists not read yet (:meth:`names`)."""
        return [table for table in name_lists.SOURCES if table not in self._names]

    def take_names(self, lists: dict[str, list[str]], keys: dict[str, str],
                   mark: tuple[int | None, journal.Token]) -> list[str]:
        """Name ``lists`` (by table; their names' pinyin ``keys``) read by another
        connection since :meth:`names_mark` gave ``mark``, kept as :meth:`names` would have
        read them: the tables taken; none when this connection wrote or saw another's commit
        since; a list kept already stays."""
        seq, state = mark
        if self.conn.in_transaction or journal.change_token(self.conn) != state:
            return []
        self._name_keys = {**keys, **self._name_keys}
        taken = [table for table in lists if table not in self._names]
        for table in taken:
            self._names[table] = name_lists.NameList.given(
                table, self._name_key, lists[table], seq, state)
        return taken

    def _name_key(self, name: str) -> str:
        """A name's pinyin key, kept across reads (a save changes few names)."""
        key = self._name_keys.get(name)
        if key is None:
            key = self._name_keys[name] = pinyin_order.sort_key(name) or ""
        return key
