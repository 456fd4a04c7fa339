"""The register: one SQLite file holding every campaign, application and change.

Every write goes through a method here so that it is audited (who, when, what,
before and after) and lands in one transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import starmap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from boostdesk import pinyin_order
from boostdesk.money import format_money as _money
from boostdesk.validate import (
    normalize_text,
    person_key,
    tidy_card,
    tidy_name,
    tidy_phone,
)

from . import journal, name_lists, workflow
from .batch_insert import (
    NEWEST,
    PAPER_PERSON_FACTS,
    REGISTER,
    STUDIO_COLUMNS,
    TABLE,
    Batch,
    Judge,
    paper_facts,
    studios_with_award,
)
from .campaign import LEVEL_ZH, LEVELS, Campaign, plan_2022
from .record_rows import (
    IN_CHUNK,
    PATENT_RECORDS,
    PATENT_RULE_FIELDS,
    PROJECT_RECORDS,
    PROJECT_TABLES,
    campaign_where,
    db_day,
    db_flag,
    next_id,
    patent_from_row,
    project_from_row,
    py_day,
    py_flag,
    records_by_id,
    select_in,
)
from .records import (
    PATENT,
    PROJECT,
    UNIT_KINDS,
    PatentApplication,
    Person,
    ProjectApplication,
    Studio,
    StudioAward,
    as_dict,
    guess_unit_kind,
)
from .schema import MIGRATIONS, SCHEMA_VERSION
from .search_text import patent_search_key, search_key

if TYPE_CHECKING:
    import sqlite_utils




class RegisterError(Exception):
    """A register problem worth telling the user (in Chinese)."""


class UpgradeCancelled(RegisterError):
    """An upgrade stopped by its caller (取消升级, the window closed): rolled back whole."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(f"已取消升级：登记册未改动（仍是版本 {version}），原来的 BoostDesk 仍可"
                         "打开它；下次用本程序打开时会重新升级")


def _now() -> str:
    return datetime.now().isoformat(timespec="seconds")


# The reason on the lines of what went with a deleted application (its payments, reviews,
# conflicts, objections): the trail reads 随申报删除.
GONE_WITH_APPLICATION = "申报已删除"


@lru_cache(maxsize=1)
def computer_name() -> str:
    """This computer's name, kept on every audit event beside the operator's."""
    from boostdesk.safety.lock import host_name  # here: boostdesk.safety imports the models

    return host_name()


BUSY_TIMEOUT_MS = 5000  # how long a write waits for another connection's to end


def explain_sqlite(exc: BaseException) -> str:
    """SQLite's English for the conditions an office meets, said in Chinese."""
    text = str(exc)
    if "disk is full" in text:
        return "磁盘空间已满：请腾出空间（删去不需要的文件，或把旧的备份移到别处）后再试"
    if "readonly" in text or "read-only" in text:
        return "登记册文件或其所在文件夹只读，不能写入"
    if "disk I/O error" in text:
        return "读写磁盘出错（磁盘、U 盘或网络共享可能已断开或已满）"
    if "database is locked" in text or "database table is locked" in text:
        # Past the one-writer lock: a BoostDesk where the folder has no file locks (a
        # network share), or another program that opened the file
        return ("登记册正被其他程序占用，等了几秒仍未放开（另一台电脑上的 BoostDesk——登记册所在"
                "位置不支持文件锁时；或备份、杀毒软件等打开了登记册文件的程序）：请稍候再试")
    if "unable to open database file" in text:
        return ("找不到或打不开登记册文件（所在的磁盘、U 盘或网络共享可能已断开，或文件夹已移动、"
                "改名）：请检查后再试")
    if "malformed" in text or "not a database" in text:
        return ("登记册文件已损坏：请关闭 BoostDesk 再打开，打开时会检查登记册，并说明如何从备份"
                "恢复")
    return text


def open_connection(path: str | Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    # FULL: each commit is on the disk before the clerk is told it is saved. NORMAL, in
    # WAL mode, keeps the commits since the last checkpoint in the OS's cache only: the
    # power going off took them all (papers whose typing was dropped on save, payments
    # marked), the register consistent but without them. One fsync a save: ≈ 0.6 ms here.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return conn


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION,
            before_commit: Callable[[sqlite3.Connection], object] | None = None,
            operator: str = "系统",
            cancelled: Callable[[], bool] | None = None) -> int:
    """Bring the schema up to ``target`` in one transaction: a step failing (a full disk)
    leaves the register at the version it had, which the BoostDesk that wrote it opens.
    ``before_commit`` (only when there was something to upgrade) does the upgrade's own
    writes in that transaction: a process killed in them upgrades again at its next start.
    A step's audit lines name ``operator`` and this computer, as a write's do.
    ``cancelled()`` turning true (a flag another thread sets) stops it the same way, even
    inside a statement of seconds, and raises :class:`UpgradeCancelled`."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RegisterError(
            f"登记册版本为 {version}，高于本程序支持的 {SCHEMA_VERSION}，请升级 BoostDesk"
        )
    for name, fn, args in (("search_key", search_key, -1),
                           ("patent_search_key", patent_search_key, 6),
                           ("person_key", person_key, 1), ("tidy_name", tidy_name, 1),
                           ("tidy_card", tidy_card, 1),
                           ("tidy_phone", tidy_phone, 1)):
        conn.create_function(name, args, fn, deterministic=True)
    conn.create_function("upgrade_now", 0, _now)
    conn.create_function("upgrade_operator", 0, lambda: operator)
    conn.create_function("upgrade_computer", 0, computer_name)
    # A migration that copies a table (8) drops the old one: with foreign keys on, that
    # would delete the rows referring to it (studio_awards cascade) or fail. The copy
    # keeps every id, so nothing refers to a missing row afterwards.
    foreign_keys = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    if version < target:
        conn.execute("PRAGMA foreign_keys = OFF")
    try:
        if version < target:
            if cancelled is not None:  # SQLite asks it every 10,000 steps of a statement
                conn.set_progress_handler(cancelled, 10_000)
            conn.execute("BEGIN IMMEDIATE")
            try:
                for step in range(version, target):
                    for statement in _statements(MIGRATIONS[step]):
                        conn.execute(statement)
                if before_commit is not None:
                    before_commit(conn)
                conn.execute(f"PRAGMA user_version = {target}")
                if cancelled is not None and cancelled():  # the last moment it can stop
                    raise UpgradeCancelled(version)
                conn.set_progress_handler(None, 0)  # nothing may interrupt the commit
                conn.execute("COMMIT")
            except Exception as exc:
                conn.set_progress_handler(None, 0)
                if conn.in_transaction:  # a full disk or an interrupt rolls it back itself
                    conn.execute("ROLLBACK")
                if cancelled is not None and cancelled() and not isinstance(exc, UpgradeCancelled):
                    raise UpgradeCancelled(version) from exc
                raise
            version = target
    finally:
        if foreign_keys:
            conn.execute("PRAGMA foreign_keys = ON")
    return version


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


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

    def __bool__(self) -> bool:
        return any((self.patents, self.projects, self.patent_numbers, self.people,
                    self.studios, self.campaigns))

    def update(self, other: Changes) -> None:
        self.patents |= other.patents
        self.projects |= other.projects
        self.patent_numbers |= other.patent_numbers
        self.people |= other.people
        self.studios |= other.studios
        self.campaigns |= other.campaigns

    def application(self, record: PatentApplication | ProjectApplication) -> None:
        """An application written, with the keys it had before the write."""
        if isinstance(record, PatentApplication):
            self.patents.add(record.id)  # type: ignore[arg-type]
            if record.patent_number:
                self.patent_numbers.add(record.patent_number)
            if record.person_id is not None:
                self.people.add(record.person_id)
        else:
            self.projects.add(record.id)  # type: ignore[arg-type]
            if record.studio_id is not None:
                self.studios.add(record.studio_id)


# The columns that say which applications compete with which (rules/check.py).
_KEY_COLUMNS = {"patent_number", "patent_number_raw", "person_id", "studio_id", "campaign_id"}

# What an award was judged on, paid to and paid by: fixed once a payment of it is recorded
# (the payment lists and approval sheets read them from the application, the rules judge
# them again). Phone, remarks, field, received date and materials stay correctable.
FIXED_ONCE_PAID = {
    PATENT: {
        "campaign_year": "年度", "unit_name": "推荐单位", "enterprise_name": "所在单位",
        "inventor_name": "第一发明人", "id_number": "身份证号",
        "card_number": "工会会员互助服务卡号", "patent_number_raw": "专利号",
        "grant_date": "授权公告日", "frontline": "是否一线职工",
        "service_invention": "是否职务发明", "applied_in_production": "是否已在生产中应用",
    },
    PROJECT: {
        "campaign_year": "年度", "unit_name": "推荐单位", "studio_name": "工作室名称",
        "studio_level": "工作室级别", "enterprise_name": "所在单位（收款单位）",
        "approval_date": "立项日期", "startup_funds_paid": "启动资金是否到位",
        "planned_completion": "计划完成日期", "total_budget_fen": "项目总投入",
        "requested_fen": "申请助推金额",
    },
}
APPROVED = "approved"  # _PAYEE_SQL's key of the approved, unpaid patent awards
# Where a paid inventor's misspelt name is put right (a paper or a table may not rename him).
CORRECT_NAME = "请先在“单位与人员”→“人员”中选中此人、按 Enter 更正姓名（写明原因）"
# Where a paid inventor's mistyped name or ID number is put right (his paid paper is locked).
CORRECT_PERSON = ("第一发明人姓名、身份证号确属录错的，请在“单位与人员”→“人员”中选中此人，"
                  "按 Enter 更正姓名、按 Ctrl+Enter 更正身份证号（写明原因）")
# Where a paid paper's misspelt shared names are put right, everywhere and with a reason
# (the paper itself may not change them): record field -> what to do.
CORRECT_SHARED = {
    "enterprise_name": "所在单位名称确属录错的，请在“单位与人员”→“所在单位”中选中它，按 Enter 更正（写明原因）",
    "unit_name": "推荐单位名称确属录错的，请在“单位与人员”→“推荐单位”中选中它，按 Enter 更正",
    "studio_name": "工作室名称确属录错的，请在“工作室”中选中它，按“修改”更正名称",
}
# What another paper of the same person may not change on a paid application: whom it
# was paid to. (A paid project keeps its payee enterprise on the paper: migration 11.)
_PAYEE = {PATENT: ("inventor_name",), PROJECT: ()}


class Register:
    def __init__(self, conn: sqlite3.Connection, path: str | Path, operator: str = "系统"):
        self.conn = conn
        pinyin_order.register(conn)  # ORDER BY pinyin_key(name): Chinese as Excel sorts it
        self.path = Path(path) if str(path) != ":memory:" else None
        self.operator = operator
        self.computer = computer_name()
        self.note = ""  # what the window's undo or redo is replaying, on each of its events
        self._depth = 0
        self.closed = False
        self.changes = Changes()  # since the last rules.recheck
        # names(): per list, the names taken forward across this connection's writes; and
        # each name's sort key, kept across reads (a form opens with five lists of up to
        # 70,000 names at 100,000 applications; a save changes a few of them)
        self._names: dict[str, name_lists.NameList] = {}
        self._name_keys: dict[str, str] = {}
        self._kept: dict[str, tuple[tuple[int, int], Any]] = {}  # see kept()

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

    # -- opening ---------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, operator: str = "系统", *, create: bool = True,
             after_upgrade: Callable[[Register], object] | None = None,
             cancelled: Callable[[], bool] | None = None) -> Self:
        """The register at ``path``, its schema upgraded. An upgrade notes every campaign
        in ``reg.changes`` (its stored verdicts are an older version's rules'), and
        ``after_upgrade(reg)`` runs inside the upgrade's transaction: the re-check
        ``safety.open_register`` passes is part of the upgrade, all or nothing.
        ``cancelled``: as :func:`migrate`'s (the window's 取消升级)."""
        if str(path) != ":memory:":
            p = Path(path)
            if not p.exists() and not create:
                raise RegisterError(f"登记册不存在：{p}")
            p.parent.mkdir(parents=True, exist_ok=True)
        upgraded: list[Self] = []

        def finish(conn: sqlite3.Connection) -> None:
            reg = cls(conn, path, operator)
            reg._note_stale_verdicts(before)
            if after_upgrade is not None and reg.changes:
                reg._depth = 1  # its writes join the upgrade's transaction
                try:
                    after_upgrade(reg)
                finally:
                    reg._depth = 0
            upgraded.append(reg)

        before = 0
        try:
            conn = open_connection(path)
            before = conn.execute("PRAGMA user_version").fetchone()[0]
            migrate(conn, before_commit=finish, operator=operator, cancelled=cancelled)
        except UpgradeCancelled:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            if 0 < before < SCHEMA_VERSION:
                raise RegisterError(
                    f"无法把登记册 {path} 升级到本程序的版本：{explain_sqlite(exc)}。"
                    f"登记册未改动（仍是版本 {before}），原来的 BoostDesk 仍可打开它") from exc
            raise RegisterError(f"无法打开登记册 {path}：{explain_sqlite(exc)}") from exc
        reg = upgraded[0] if upgraded else cls(conn, path, operator)
        if not reg.campaign_years():
            reg.save_campaign(plan_2022())
        return reg

    def _note_stale_verdicts(self, before: int) -> None:
        """The verdicts a register the BoostDesk of version ``before`` left holds are its
        rules', which may have been fixed since (and before migration 10 a paper was
        judged on its person's newest facts): every campaign is noted for a re-check."""
        if 0 < before < SCHEMA_VERSION:
            self.changes.campaigns.update(self.campaign_years())

    def close(self) -> None:
        self.conn.close()
        self.closed = True

    def __enter__(self) -> Register:
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
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

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
            return build()  # (a read-only register's transaction is a snapshot: kept)
        found = self._kept.get(key)
        if found is not None and found[0] == state:
            return found[1]
        value = build()
        self._kept[key] = (state, value)
        return value

    # -- audit -----------------------------------------------------------
    def audit(
        self, action: str, entity: str, entity_id: int | None,
        before: dict[str, Any] | None, after: dict[str, Any] | None,
    ) -> None:
        self.conn.execute(
            "INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,"
            " computer, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _now(), self.operator, action, entity, entity_id,
                json.dumps(before, ensure_ascii=False) if before is not None else None,
                json.dumps(after, ensure_ascii=False) if after is not None else None,
                self.computer, self.note,
            ),
        )

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

    # -- campaigns -------------------------------------------------------
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

    def save_campaign(self, campaign: Campaign) -> int:
        """Store ``campaign``; returns how many approved, unpaid patents took its new
        patent award (一（三）: the award is the year's fixed amount)."""
        followed = 0
        with self.transaction():
            old = self.conn.execute(
                "SELECT id, params FROM campaigns WHERE year = ?", (campaign.year,)
            ).fetchone()
            if old:
                before = Campaign.from_json(old[1])
                self._refuse_paid_plan_change(before, campaign, old[0])
                self._refuse_held_tier_change(before, campaign, old[0])
                self._refuse_published_tier_change(before, campaign, old[0])
                followed = self._follow_patent_award(before, campaign, old[0])
            params = campaign.to_json()
            self.changes.campaigns.add(campaign.year)
            if old:
                self.conn.execute(
                    "UPDATE campaigns SET title = ?, params = ? WHERE id = ?",
                    (campaign.title, params, old[0]),
                )
                self.audit("update", "campaigns", old[0], json.loads(old[1]), json.loads(params))
            else:
                cur = self.conn.execute(
                    "INSERT INTO campaigns (year, title, params) VALUES (?, ?, ?)",
                    (campaign.year, campaign.title, params),
                )
                self.audit("create", "campaigns", cur.lastrowid, None, json.loads(params))
        return followed

    def _refuse_paid_plan_change(self, before: Campaign, after: Campaign,
                                 campaign_id: int) -> None:
        """方案二（三）/ 二（四）4: what has been paid was worked out in the year's split and
        tranche shares, and the approval sheets and payment lists read them from the
        campaign. Changed once money has moved, the documents would contradict the
        payments: refused (for 设置 and ``campaign set`` alike). Dates and terms stay
        editable."""
        changed: dict[str, list[str]] = {PATENT: [], PROJECT: []}
        if tuple(before.tranche_shares) != tuple(after.tranche_shares):
            changed[PROJECT].append("分期拨付比例")
        if tuple(before.patent_split) != tuple(after.patent_split):
            changed[PATENT].append("专利分担比例")
        for level in LEVELS:
            old, new = before.project_split.get(level), after.project_split.get(level)
            if tuple(old or ()) != tuple(new or ()):
                changed[PROJECT].append(f"{LEVEL_ZH[level]}工作室分担比例")
        streams = [stream for stream, names in changed.items() if names]
        if not streams:
            return
        paid = self.scalar(
            "SELECT COUNT(*) FROM payments p"
            " LEFT JOIN patent_applications pa ON p.stream = 'patent' AND pa.id = p.application_id"
            " LEFT JOIN project_applications pr ON p.stream = 'project'"
            " AND pr.id = p.application_id"
            " WHERE p.paid_date IS NOT NULL AND COALESCE(pa.campaign_id, pr.campaign_id) = ?"
            f" AND p.stream IN ({','.join('?' * len(streams))})",
            (campaign_id, *streams),
        )
        if paid:
            names = "、".join(name for stream in streams for name in changed[stream])
            raise RegisterError(
                f"{after.year} 年度已登记拨付 {paid} 笔，{names}不能再改："
                "已拨付的款项按原比例计算，审批表和拨付清单也按原比例打印（日期、期限等其余参数仍可修改）"
            )

    def _refuse_published_tier_change(self, before: Campaign, after: Campaign,
                                      campaign_id: int) -> None:
        """二（四）3: a published award is its tier's. A tier's amount (or level) changed,
        or the tier removed, once awards were published in it would leave them in no tier:
        the ranking would no longer count them against its quota and fill it again.
        Refused; names, quotas and the tiers nobody holds stay editable."""
        kept = {(t.amount_fen, t.level) for t in after.tiers}
        gone = [t for t in before.tiers if (t.amount_fen, t.level) not in kept]
        if not gone:
            return
        held = Counter(r[0] for r in self.conn.execute(
            "SELECT a.award_fen FROM project_applications a WHERE a.campaign_id = ?"
            " AND a.award_fen IS NOT NULL AND a.status IN ('approved', 'paid_first',"
            " 'accepted', 'paid_final', 'acceptance_failed')"
            " UNION ALL SELECT pr.amount_fen FROM proposals pr JOIN project_applications a"
            " ON a.id = pr.project_id WHERE pr.campaign_id = ? AND pr.period_id IS NOT NULL"
            " AND a.status = 'publicized'", (campaign_id, campaign_id)))
        from boostdesk.money import format_money

        used = [f"“{t.name}”档（{format_money(t.amount_fen)}）已有 {held[t.amount_fen]} 项公示或核准"
                for t in gone if held[t.amount_fen]]
        if used:
            raise RegisterError(
                f"{after.year} 年度：" + "；".join(used) + "，该档的金额和级别不能再改、也不能删去："
                "公示和核准的助推资金按该档计算（名称、名额和其余各档仍可修改）"
            )

    def _follow_patent_award(self, before: Campaign, after: Campaign, campaign_id: int) -> int:
        """一（三）每项职务发明专利给予 N 元: an approved patent's award is the year's fixed
        amount, and 核准 cannot be undone. A corrected amount (a plan copied from last year,
        approved under, then put right) reaches the patents approved at the old amount;
        once a patent payment of the year is recorded it is refused, as splits are."""
        if before.patent_award_fen == after.patent_award_fen:
            return 0
        paid = self.scalar(
            "SELECT COUNT(*) FROM payments p JOIN patent_applications a ON a.id = p.application_id"
            " WHERE p.stream = 'patent' AND p.paid_date IS NOT NULL AND a.campaign_id = ?",
            (campaign_id,),
        )
        if paid:
            raise RegisterError(
                f"{after.year} 年度已登记专利拨付 {paid} 笔，每项专利助推金额不能再改："
                f"已核准的专利按 {_money(before.patent_award_fen)} 核准并拨付"
                "（日期、期限等其余参数仍可修改）"
            )
        ids = self.approved_patents_at(after.year, before.patent_award_fen)
        for app_id in ids:
            self.conn.execute("UPDATE patent_applications SET award_fen = ? WHERE id = ?",
                              (after.patent_award_fen, app_id))
            self.audit("update", "patent_applications", app_id,
                       {"award_fen": before.patent_award_fen},
                       {"award_fen": after.patent_award_fen})
        return len(ids)

    def approved_patents_at(self, year: int, award_fen: int) -> list[int]:
        """The approved, unpaid patents of ``year`` awarded ``award_fen``."""
        return [r[0] for r in self.conn.execute(
            "SELECT a.id FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE c.year = ? AND a.status = 'approved' AND a.award_fen = ? ORDER BY a.id",
            (year, award_fen))]

    def _refuse_held_tier_change(self, before: Campaign, after: Campaign,
                                 campaign_id: int) -> None:
        """二（三）: a project adopted, published or approved at a tier's amount holds it;
        a tier amount that goes from the plan under it would leave its award (and its
        payments and sheet) matching no tier of the year. Names and quotas stay editable."""
        gone = {t.amount_fen for t in before.tiers} - {t.amount_fen for t in after.tiers}
        if not gone:
            return
        marks = ",".join("?" * len(gone))
        rows = self.query(
            "SELECT COALESCE(a.award_fen, p.amount_fen) AS amount, COUNT(*) AS n"
            " FROM project_applications a LEFT JOIN proposals p ON p.project_id = a.id"
            " WHERE a.campaign_id = ? AND a.status IN"
            " ('proposed', 'publicized', 'approved', 'paid_first', 'accepted', 'paid_final')"
            f" AND COALESCE(a.award_fen, p.amount_fen) IN ({marks})"
            " GROUP BY amount ORDER BY amount DESC",
            (campaign_id, *sorted(gone)),
        )
        if rows:
            held = "，".join(f"{r['n']} 个项目已按 {_money(r['amount'])} 拟助推或核准"
                            for r in rows)
            raise RegisterError(
                f"{after.year} 年度 {held}，该档金额不能再改：尚未公示的，请先在“专家评审”"
                "撤回拟助推名单；档次名称和名额仍可修改"
            )

    # -- units, enterprises, people, studios ------------------------------
    def ensure_unit(self, name: str, kind: str | None = None) -> int | None:
        name = tidy_name(name)
        if not name:
            return None
        kind = unit_kind(kind) if kind else None
        row = self.conn.execute("SELECT id, kind FROM units WHERE name = ?", (name,)).fetchone()
        if row:
            if kind and kind != row[1]:
                self.conn.execute("UPDATE units SET kind = ? WHERE id = ?", (kind, row[0]))
                self.audit("update", "units", row[0], {"kind": row[1]}, {"kind": kind})
            return int(row[0])
        kind = kind or guess_unit_kind(name)
        cur = self.conn.execute("INSERT INTO units (name, kind) VALUES (?, ?)", (name, kind))
        self.audit("create", "units", cur.lastrowid, None, {"name": name, "kind": kind})
        return int(cur.lastrowid or 0)

    # What refers to a recommending union: moved with it when two spellings are merged.
    _UNIT_REFS = ("patent_applications", "project_applications", "enterprises", "studios")

    def unit_uses(self, name: str) -> dict[str, int]:
        """How many rows of each kind refer to the unit of that name (none: empty)."""
        uid = self.scalar("SELECT id FROM units WHERE name = ?", (tidy_name(name),))
        if uid is None:
            return {}
        return {t: int(self.scalar(f"SELECT COUNT(*) FROM {t} WHERE unit_id = ?", (uid,)))
                for t in self._UNIT_REFS}

    def unit_paid_shares(self, name: str) -> list[dict[str, Any]]:
        """The union's paid shares (payer 推荐单位, paid_date set) of the unit of that name:
        their payment lists were printed and stamped under this spelling."""
        uid = self.scalar("SELECT id FROM units WHERE name = ?", (tidy_name(name),))
        if uid is None:
            return []
        one = ("SELECT p.id, p.stream, p.application_id, c.year, p.tranche, p.amount_fen,"
               " p.paid_date, p.voucher FROM {} a JOIN campaigns c ON c.id = a.campaign_id"
               # the payments' (stream, application_id, …) index, from the union's papers
               " JOIN payments p ON p.stream = '{}' AND p.application_id = a.id"
               " WHERE a.unit_id = ? AND p.payer = 'union' AND p.paid_date IS NOT NULL")
        return self.query(
            one.format("patent_applications", "patent") + " UNION ALL "
            + one.format("project_applications", "project")
            + " ORDER BY 4, 2, 5, 3", (uid, uid))

    def unit_rename_effects(self, name: str, new_name: str) -> str:
        """What a rename or merge of a union changes that was paid or printed: each paid
        share (its payment list stamped under the old spelling), the approval sheets of
        those awards, and those of awards approved and not yet paid by the union (sheets
        signed, lists perhaps printed). Empty when there are none."""
        name = tidy_name(name)
        shares = self.unit_paid_shares(name)
        stream_zh = {"patent": "专利", "project": "项目"}

        def part(s: dict[str, Any]) -> str:  # a patent award is paid at once
            return "一次拨付" if s["stream"] == "patent" else f"第 {s['tranche']} 笔"

        paid_apps = {(s["stream"], s["application_id"]) for s in shares}
        approved = [(stream, i) for stream, table in (("patent", "patent_applications"),
                                                      ("project", "project_applications"))
                    for (i,) in self.conn.execute(
                        f"SELECT a.id FROM {table} a JOIN units u ON u.id = a.unit_id"
                        " WHERE u.name = ? AND a.approved_date IS NOT NULL ORDER BY a.id",
                        (name,)) if (stream, i) not in paid_apps]
        out = []
        if shares:
            lines = [f"{s['year']} 年度 {stream_zh[s['stream']]}{s['application_id']} {part(s)}"
                     f" {_money(s['amount_fen'])}（{s['paid_date']} 已拨付"
                     + (f"，凭证 {s['voucher']}" if s["voucher"] else "") + "）" for s in shares]
            lists = sorted({(s["year"], stream_zh[s["stream"]], part(s)) for s in shares})
            docs = "；".join(f"{y} 年度{k}助推拨付清单（{t}）" for y, k, t in lists)
            total = sum(s["amount_fen"] for s in shares)
            out.append(
                f"“{name}”已拨付的推荐单位承担部分 {len(shares)} 笔，共 {_money(total)}：\n"
                + "\n".join(lines[:12])  # a message box, not the list: the rest counted
                + (f"\n……另 {len(lines) - 12} 笔（见“拨付”）" if len(lines) > 12 else "")
                + f"\n已按“{name}”打印盖章的：{docs}，及这些申报的审批表。"
                f"改后重印的清单和审批表写“{new_name}”，金额不变；每笔的付款单位改名记入修改记录")
        if approved:
            refs = "、".join(f"{stream_zh[k]}{i}" for k, i in approved[:20])
            more = f"等 {len(approved)} 项" if len(approved) > 20 else ""
            out.append(f"已核准、推荐单位部分尚未拨付的 {refs}{more}：审批表和拨付清单如已打印，"
                       f"写的是“{name}”，请重印")
        return "\n\n".join(out)

    def rename_unit(self, name: str, new_name: str, reason: str = "") -> dict[str, Any]:
        """Correct a recommending union's name; when ``new_name`` is another unit's (two
        spellings of one union), merge into it: its applications, enterprises and studios
        move there and the misspelt unit goes. Audited; returns what :meth:`unrename_unit`
        needs to undo it. The union is the same body under its right name, so paid lines
        name it so too: their lists were stamped under the old spelling, so a union with
        paid shares needs a reason, kept on each paid share's line; a merge into a union
        of another kind (区 / 产业 …) is refused, it would record them paid by another."""
        name, new, reason = tidy_name(name), tidy_name(new_name), reason.strip()
        if not new:
            raise RegisterError("请填写推荐单位名称")
        with self.transaction():
            rows = self.query("SELECT * FROM units WHERE name = ?", (name,))
            if not rows:
                raise RegisterError(f"登记册中没有推荐单位“{name}”（可能已被改名或合并）")
            old = rows[0]
            if new == name:
                return {}
            target = self.query("SELECT id, kind FROM units WHERE name = ?", (new,))
            shares = self.unit_paid_shares(name)
            if shares and target and target[0]["kind"] != old["kind"]:
                raise RegisterError(
                    f"“{name}”（{old['kind']}）已拨付推荐单位承担部分 {len(shares)} 笔，"
                    f"“{new}”是{target[0]['kind']}：两者类别不同，不像是同一工会的两种写法，"
                    f"并入会把“{name}”拨付的款项记成“{new}”拨付的，未合并。请核对拨付凭证上的"
                    f"付款单位；确是同一工会的，先在“单位与人员”→“推荐单位”中只把“{name}”的类别改为"
                    f"{target[0]['kind']}并保存，再合并")
            if shares and not reason:
                raise RegisterError(
                    f"“{name}”已拨付推荐单位承担部分 {len(shares)} 笔，其拨付清单按此名盖章："
                    "请写明改名原因（如“两种写法同属一个工会，以工会法人证书为准”），"
                    "它记入每笔拨付的修改记录")
            refs = {t: [r[0] for r in self.conn.execute(
                f"SELECT id FROM {t} WHERE unit_id = ? ORDER BY id", (old["id"],))]
                for t in self._UNIT_REFS}
            if not target:
                self.conn.execute("UPDATE units SET name = ? WHERE id = ?", (new, old["id"]))
                why = {"reason": reason} if reason else {}
                self.audit("update", "units", old["id"], {"name": name}, {"name": new, **why})
                into = None
            else:
                into = int(target[0]["id"])
                for table in refs:
                    self.conn.execute(f"UPDATE {table} SET unit_id = ? WHERE unit_id = ?",
                                      (into, old["id"]))
                self.conn.execute("DELETE FROM units WHERE id = ?", (old["id"],))
                self.audit("merge", "units", old["id"], {**old, "refs": refs},
                           {"into": into, "name": new, **({"reason": reason} if reason else {})})
            self._audit_payers(shares, name, new, reason)
            self._reindex(refs["patent_applications"], refs["project_applications"])
            return {"unit": old, "name": new, "merged_into": into, "refs": refs,
                    "paid": [s["id"] for s in shares], "reason": reason}

    def _audit_payers(self, shares: list[dict[str, Any]], old: str, new: str,
                      reason: str) -> None:
        """One line per paid share whose payer's name a union's rename or merge changed:
        the auditor holding the stamped list finds why it now reads otherwise."""
        for s in shares:
            self.audit("rename_payer", "payments", s["id"], {"payer_name": old},
                       {"payer_name": new, "reason": reason})

    def unrename_unit(self, done: dict[str, Any]) -> None:
        """Undo :meth:`rename_unit`: the old name back, or the merged unit restored with
        exactly the rows that were moved from it."""
        if not done:
            return
        old, refs = done["unit"], done["refs"]
        with self.transaction():
            taken = self.scalar("SELECT id FROM units WHERE name = ?", (old["name"],))
            if done["merged_into"] is None and taken is not None:
                # a paper typed since under the old name made it again: merged back into it
                self.rename_unit(done["name"], old["name"], "撤销：" + (done.get("reason") or ""))
                return
            if done["merged_into"] is None:
                self.conn.execute("UPDATE units SET name = ? WHERE id = ?",
                                  (old["name"], old["id"]))
                self.audit("update", "units", old["id"], {"name": done["name"]},
                           {"name": old["name"]})
            else:
                self.conn.execute("INSERT INTO units (id, name, kind) VALUES (?, ?, ?)",
                                  (old["id"], old["name"], old["kind"]))
                for table, ids in refs.items():
                    for i in range(0, len(ids), IN_CHUNK):
                        part = ids[i:i + IN_CHUNK]
                        self.conn.execute(f"UPDATE {table} SET unit_id = ? WHERE id IN"
                                          f" ({', '.join('?' * len(part))})", (old["id"], *part))
                self.audit("unmerge", "units", old["id"], {"into": done["merged_into"]},
                           {**old, "refs": refs})
            back = "撤销：" + (done.get("reason") or "")
            for pid in done.get("paid", ()):
                self.audit("rename_payer", "payments", pid, {"payer_name": done["name"]},
                           {"payer_name": old["name"], "reason": back})
            self._reindex(refs["patent_applications"], refs["project_applications"])

    def _reindex(self, patents: list[int], projects: list[int]) -> None:
        """The search texts of applications whose unit's name changed (they hold it): the
        few names each text is made of read, not whole records (a union of 20,000 papers
        renamed on 单位与人员 built them all, seconds of the window's time)."""
        self.conn.executemany(
            "UPDATE patent_applications SET search_text = ? WHERE id = ?",
            [(patent_search_key(*names), app_id) for app_id, *names in select_in(
                self.conn, "SELECT a.id, p.name, a.patent_number_raw, a.patent_number,"
                " a.title, u.name, e.name FROM patent_applications a"
                " LEFT JOIN units u ON u.id = a.unit_id"
                " LEFT JOIN enterprises e ON e.id = a.enterprise_id"
                " LEFT JOIN people p ON p.id = a.person_id WHERE a.id IN", patents)])
        self.conn.executemany(
            "UPDATE project_applications SET search_text = ? WHERE id = ?",
            [(search_key(*names), app_id) for app_id, *names in select_in(
                self.conn, "SELECT a.id, a.title, s.name, a.leader, u.name, e.name,"
                " a.contact_name FROM " + PROJECT_TABLES + " WHERE a.id IN", projects)])

    def ensure_enterprise(
        self, name: str, unit_id: int | None = None, credit_code: str | None = None
    ) -> int | None:
        name = tidy_name(name)
        if not name:
            return None
        row = self.conn.execute("SELECT id FROM enterprises WHERE name = ?", (name,)).fetchone()
        if row:
            if credit_code:
                self.conn.execute(
                    "UPDATE enterprises SET credit_code = ? WHERE id = ?", (credit_code, row[0])
                )
            return int(row[0])
        cur = self.conn.execute(
            "INSERT INTO enterprises (name, unit_id, credit_code) VALUES (?, ?, ?)",
            (name, unit_id, credit_code),
        )
        self.audit("create", "enterprises", cur.lastrowid, None, {"name": name})
        return int(cur.lastrowid or 0)

    def enterprise_papers(self, enterprise_id: int) -> dict[str, list[int]]:
        """The applications naming an enterprise: ``patents`` (their own), ``projects``
        (paid to it, or unpaid and its studio's), ``paid`` (those projects with a payment
        recorded: their payee is fixed, migration 11)."""
        patents = [r[0] for r in self.conn.execute(
            "SELECT id FROM patent_applications WHERE enterprise_id = ? ORDER BY id",
            (enterprise_id,))]
        rows = self.conn.execute(
            "SELECT a.id, EXISTS (SELECT 1 FROM payments m WHERE m.stream = 'project'"
            " AND m.application_id = a.id AND m.paid_date IS NOT NULL)"
            " FROM project_applications a LEFT JOIN studios s ON s.id = a.studio_id"
            " WHERE COALESCE(a.payee_enterprise_id, s.enterprise_id) = ? ORDER BY a.id",
            (enterprise_id,)).fetchall()
        return {"patents": patents, "projects": [r[0] for r in rows],
                "paid": [r[0] for r in rows if r[1]]}

    def correct_enterprise_name(self, enterprise_id: int, name: str, reason: str) -> str:
        """An enterprise's misspelt name corrected everywhere: its studios, people and
        papers, and the projects paid to it (their payee is fixed at the first payment, so
        no paper or studio edit can correct it: the bank transfer names the company, and the
        lists and sheets must too). The money stays where it is; a name that is another
        enterprise's would move it to another payee and is refused, saying what to do.
        Audited with its reason, on the enterprise and on each paper naming it. Returns
        the name it had."""
        name, reason = tidy_name(name), reason.strip()
        if not name:
            raise RegisterError("请填写更正后的所在单位名称")
        if not reason:
            raise RegisterError("请写明更正原因（如“营业执照为‘首钢智能装备制造有限公司’，"
                                "录入时误作‘制适’”），它记入修改记录")
        with self.transaction():
            row = self.conn.execute("SELECT name FROM enterprises WHERE id = ?",
                                    (enterprise_id,)).fetchone()
            if row is None:
                raise RegisterError("登记册中没有此所在单位（可能已被更正或删除），未更正")
            old = str(row[0])
            if old == name:
                return old
            papers = self.enterprise_papers(enterprise_id)
            other = self.scalar("SELECT id FROM enterprises WHERE name = ?", (name,))
            if other is not None and any(self._enterprise_uses(int(other)).values()):
                raise RegisterError(self._enterprise_taken(old, name, int(other), papers))
            if other is not None:  # a name nothing uses (a studio's move undone left it)
                gone = self.query("SELECT * FROM enterprises WHERE id = ?", (other,))[0]
                self.conn.execute("DELETE FROM enterprises WHERE id = ?", (other,))
                self.audit("delete", "enterprises", int(other), gone, None)
            self.conn.execute("UPDATE enterprises SET name = ? WHERE id = ?",
                              (name, enterprise_id))
            # "update", not "correct_name": the trail labels that one 更正姓名 (a person's)
            self.audit("update", "enterprises", enterprise_id, {"name": old},
                       {"name": name, "reason": reason})
            paid = set(papers["paid"])
            for table, ids in (("patent_applications", papers["patents"]),
                               ("project_applications", papers["projects"])):
                for app_id in ids:  # each paper's 修改记录 says why its 所在单位 changed
                    key = "payee" if app_id in paid and table != "patent_applications" \
                        else "enterprise_name"
                    self.audit("update", table, app_id, {key: old}, {key: name, "reason": reason})
            self._reindex(papers["patents"], papers["projects"])
            return old

    def _enterprise_uses(self, enterprise_id: int) -> dict[str, int]:
        """How many studios, people, patents and paid projects refer to an enterprise."""
        return {t: int(self.scalar(f"SELECT COUNT(*) FROM {t} WHERE {col} = ?", (enterprise_id,)))
                for t, col in (("studios", "enterprise_id"), ("people", "enterprise_id"),
                               ("patent_applications", "enterprise_id"),
                               ("project_applications", "payee_enterprise_id"))}

    def _enterprise_taken(self, old: str, new: str, other_id: int,
                          papers: dict[str, list[int]]) -> str:
        """Why an enterprise's name cannot be corrected to another enterprise's, and what
        to do: the two would be one, and what was paid to one would read paid to the other."""
        theirs = self.enterprise_papers(other_id)
        uses = self._enterprise_uses(other_id)
        head = (f"所在单位“{new}”在登记册中已是另一单位（工作室 {uses['studios']} 个、"
                f"项目 {len(theirs['projects'])} 项、专利 {len(theirs['patents'])} 项、"
                f"人员 {uses['people']} 人）。改为此名是把“{old}”并入另一单位，不是更正写法，未更正。")
        mine = "、".join(str(i) for i in papers["paid"])
        if papers["paid"] and theirs["paid"]:
            return (head + f"两者都有已登记拨付的项目（“{old}”：登记号 {mine}；“{new}”：登记号 "
                    f"{'、'.join(str(i) for i in theirs['paid'])}），是两个收款单位，不能合并："
                    "请核对拨付凭证上的收款单位；确属同一企业的，保留现状，在这些项目的备注中写明")
        if papers["paid"]:
            return (head + f"“{old}”已有登记拨付的项目（登记号 {mine}），并入会把已拨付的款项记到"
                    f"“{new}”名下。请先核对营业执照和拨付凭证：如两者确是同一企业（如“{new}”是在"
                    f"“工作室 → 修改”中按正确写法新填的），请先在“工作室 → 修改”和各申报中把“{new}”"
                    f"改回“{old}”（或用 Ctrl+Z 撤销那次修改），不再有工作室、人员或申报使用“{new}”后，"
                    f"再在这里更正；如不是同一企业，请按营业执照填写“{old}”的全称")
        return (head + f"如两者确是同一企业，请在“工作室 → 修改”和各申报中把所在单位改为“{new}”；"
                f"如不是，请按营业执照填写“{old}”的全称")

    def person_by_id_number(self, id_number: str) -> Person | None:
        rows = self.query(
            "SELECT p.*, e.name AS enterprise_name FROM people p"
            " LEFT JOIN enterprises e ON e.id = p.enterprise_id WHERE p.id_number = ?",
            (person_key(id_number),),
        )
        if not rows:
            return None
        r = rows[0]
        return Person(
            r["id"], r["name"], r["id_number"], r["card_number"] or "", r["phone"] or "",
            py_flag(r["frontline"]), r["enterprise_name"] or "",
        )

    def ensure_person(
        self, name: str, id_number: str, card_number: str, phone: str,
        frontline: bool | None, enterprise_id: int | None, current_id: int | None = None,
        *, newest: bool = True,
    ) -> int | None:
        """Find the person by ID number (or create them); newer facts overwrite older.

        ``current_id`` is the person an application being edited already points at: kept
        while no ID number is known, and completed when one is typed in. ``newest`` False:
        the paper is of an earlier year than another of the person's, whose card and
        frontline status stay the person's (each paper keeps its own: migration 10).
        """
        name = tidy_name(name)
        if not name:
            return None
        id_number = person_key(id_number) or None  # type: ignore[assignment]
        card_number, phone = tidy_card(card_number), tidy_phone(phone)
        row = None
        if id_number:
            row = self.query("SELECT * FROM people WHERE id_number = ?", (id_number,))
        if not row and current_id is not None:
            row = self.query(
                "SELECT * FROM people WHERE id = ? AND id_number IS NULL", (current_id,)
            )
        new = {
            "name": name, "id_number": id_number, "card_number": card_number,
            "phone": phone, "frontline": db_flag(frontline), "enterprise_id": enterprise_id,
        }
        if row:
            old = row[0]
            changes = {k: v for k, v in new.items() if v not in (None, "") and old[k] != v
                       and (newest or k not in PAPER_PERSON_FACTS)}
            if changes:
                sets = ", ".join(f"{k} = ?" for k in changes)
                self.conn.execute(
                    f"UPDATE people SET {sets} WHERE id = ?", (*changes.values(), old["id"])
                )
                self.changes.people.add(old["id"])
                self.audit("update", "people", old["id"], {k: old[k] for k in changes}, changes)
                if "name" in changes:
                    self._reindex_person(old["id"])
            return int(old["id"])
        cur = self.conn.execute(
            "INSERT INTO people (name, id_number, card_number, phone, frontline, enterprise_id)"
            " VALUES (:name, :id_number, :card_number, :phone, :frontline, :enterprise_id)",
            new,
        )
        self.audit("create", "people", cur.lastrowid, None, new)
        return int(cur.lastrowid or 0)

    _PERSON_FACTS = ("name", "card_number", "phone", "frontline", "enterprise_id")

    def person_state(self, id_number: str) -> dict[str, Any] | None:
        """The stored facts of the person with that ID number, or None when there is none:
        what :meth:`put_person_back` restores when the change that follows is undone."""
        key = person_key(id_number)
        rows = self.query("SELECT * FROM people WHERE id_number = ?", (key,)) if key else []
        return {k: rows[0][k] for k in self._PERSON_FACTS} if rows else None

    def put_person_back(self, id_number: str, state: dict[str, Any] | None) -> None:
        """Undo what an entry or an edit did to the person of that ID number: their facts as
        ``person_state`` read them (a paper typed with another's ID renamed them), or, when
        there was no such person, the person removed while no application refers to them."""
        key = person_key(id_number)
        rows = self.query("SELECT * FROM people WHERE id_number = ?", (key,)) if key else []
        if not rows:
            return
        old = rows[0]
        with self.transaction():
            if state is None:
                self._drop_person_if_unused(old["id"])
                return
            changes = {k: v for k, v in state.items() if old[k] != v}
            if changes:
                sets = ", ".join(f"{k} = ?" for k in changes)
                self.conn.execute(
                    f"UPDATE people SET {sets} WHERE id = ?", (*changes.values(), old["id"]))
                self.changes.people.add(old["id"])
                self.audit("update", "people", old["id"], {k: old[k] for k in changes}, changes)
                if "name" in changes:
                    self._reindex_person(old["id"])

    def _reindex_person(self, person_id: int) -> None:
        """A renamed person's papers are found by the new name (their search texts hold it)."""
        ids = [r[0] for r in self.conn.execute(
            "SELECT id FROM patent_applications WHERE person_id = ?", (person_id,))]
        self.changes.patents.update(ids)
        self._reindex(ids, [])

    def correct_person_name(self, person_id: int, name: str, reason: str) -> str:
        """The register's spelling of a person corrected on every paper of theirs, paid ones
        too: a paper or table cannot rename a paid inventor (the lines would name someone
        else), but the money went to the card of this ID number, and a misspelling must be
        put right on the lists and sheets. The reason is kept in the audit trail. Returns
        the name it had."""
        name, reason = tidy_name(name), reason.strip()
        if not name:
            raise RegisterError("请填写更正后的姓名")
        if not reason:
            raise RegisterError("请写明更正原因（如“身份证复印件为‘张叁’，录入时误作‘张三’”），"
                                "它记入修改记录")
        with self.transaction():
            row = self.conn.execute("SELECT name FROM people WHERE id = ?",
                                    (person_id,)).fetchone()
            if row is None:
                raise RegisterError("登记册中没有此人（可能已被删除），未更正")
            old = str(row[0])
            if old == name:
                return old
            self.conn.execute("UPDATE people SET name = ? WHERE id = ?", (name, person_id))
            self.changes.people.add(person_id)
            self.audit("correct_name", "people", person_id, {"name": old},
                       {"name": name, "reason": reason})
            self._reindex_person(person_id)
            return old

    def correct_person_id(self, person_id: int, id_number: str, reason: str, *,
                          checked: bool = True) -> str:
        """A person's mistyped resident ID number corrected on every paper of theirs, paid
        ones too: the money went to the card, not to the number, but the approval sheets,
        payment lists and exports must show the number the ID card bears, and the rules
        key one award per person per year by it. The reason is kept in the audit trail.
        ``checked`` False: an undo putting back the number as it was (it may fail the
        check digit: that is why it was corrected). Returns the number it had ("" none)."""
        from boostdesk.validate import ValidationError, check_resident_id

        reason = reason.strip()
        if checked:
            try:
                number: str | None = check_resident_id(id_number)
            except ValidationError as exc:
                raise RegisterError(f"更正后的身份证号无效：{exc.message}。未更正") from None
        else:
            number = person_key(id_number) or None
        if not reason:
            raise RegisterError("请写明更正原因（如“审计核对身份证复印件，第 11、12 位录入时颠倒”），"
                                "它记入修改记录")
        with self.transaction():
            row = self.conn.execute("SELECT name, id_number FROM people WHERE id = ?",
                                    (person_id,)).fetchone()
            if row is None:
                raise RegisterError("登记册中没有此人（可能已被删除），未更正")
            name, old = str(row[0]), str(row[1] or "")
            if old == (number or ""):
                return old
            other = self.conn.execute("SELECT id, name FROM people WHERE id_number = ?",
                                      (number,)).fetchone() if number else None
            if other is not None and not checked:  # an undo: the number was typed since
                raise RegisterError(
                    f"身份证号 {number} 现已是“{other[1]}”的（{self.person_papers(other[0])}），"
                    f"不能改回：同一身份证号只能是一个人。“{name}”仍为 {old or '（未填）'}")
            if other is not None:
                raise RegisterError(self._id_taken(name, old, number or "", other[0], other[1]))
            self.conn.execute("UPDATE people SET id_number = ? WHERE id = ?", (number, person_id))
            self.changes.people.add(person_id)  # his papers, keyed by the number, re-judged
            self.audit("correct_id", "people", person_id, {"id_number": old or None},
                       {"id_number": number, "reason": reason})
            return old

    def person_papers(self, person_id: int) -> str:
        """A person's patent papers by year, for a message: 2022 年度登记号 3（已拨付）."""
        rows = self.query(
            "SELECT a.id, c.year, EXISTS (SELECT 1 FROM payments m WHERE m.stream = 'patent'"
            " AND m.application_id = a.id AND m.paid_date IS NOT NULL) AS paid"
            " FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE a.person_id = ? ORDER BY c.year, a.id", (person_id,))
        return "、".join(f"{r['year']} 年度登记号 {r['id']}{'（已拨付）' if r['paid'] else ''}"
                        for r in rows) or "没有申报"

    def person_history(self, person_id: int, but: int | None = None) -> list[dict[str, Any]]:
        """A person's patent papers of every year (but ``but``), oldest first: year, id,
        title, status, award_fen (by the index patent_person)."""
        return self.query(
            "SELECT c.year, a.id, a.title, a.status, a.award_fen FROM patent_applications a"
            " JOIN campaigns c ON c.id = a.campaign_id WHERE a.person_id = ? AND a.id IS NOT ?"
            " ORDER BY c.year, a.id", (person_id, but))

    def _id_taken(self, name: str, old: str, number: str, other_id: int, other: str) -> str:
        """Why an ID number cannot be corrected to another person's, and what to do."""
        theirs = self.person_papers(other_id)
        if "已拨付" in theirs:
            then = (f"“{other}”也有已登记拨付的申报，两条人员记录不能合并：请保留现状，"
                    "在双方申报的备注中写明实为同一人")
        else:
            then = (f"请先在“专利助推”中逐份打开“{other}”的申报（{theirs}），把身份证号改为"
                    f"“{name}”现登记的号码{f' {old}' if old else ''}、姓名写作“{name}”"
                    "（并入此人），再回到这里更正")
        same = "两条记录确是同一人" if other == name else f"“{other}”与“{name}”确是同一人"
        return (f"身份证号 {number} 在登记册中已是“{other}”的（{theirs}）。同一身份证号只能是"
                f"一个人，未更正。请先核对身份证复印件：如是号码仍有录错，请按复印件填写；如{same}，"
                f"{then}")

    def _drop_person_if_unused(self, person_id: int) -> None:
        """A person no application names any more (their ID number was corrected, their
        entry undone) goes: kept, the wrong number would fill a later paper with their name."""
        if self.scalar("SELECT EXISTS (SELECT 1 FROM patent_applications WHERE person_id = ?)",
                       (person_id,)):
            return
        rows = self.query("SELECT * FROM people WHERE id = ?", (person_id,))
        if rows:
            self.conn.execute("DELETE FROM people WHERE id = ?", (person_id,))
            self.changes.people.add(person_id)
            self.audit("delete", "people", person_id, rows[0], None)

    def ensure_studio(
        self, name: str, level: str | None, unit_id: int | None,
        enterprise_id: int | None, leader: str = "", model_studio: bool | None = None,
        *, exact: bool = False, overwrite: Collection[str] | None = None,
    ) -> int | None:
        """Find the studio by name (or create it, its level unknown when none is given:
        never a guessed one); the facts given overwrite the stored ones, a blank one
        leaves it (a table's empty cell), unless ``exact``: the studio's own edit, where a
        field cleared is cleared. ``overwrite``: only these columns may overwrite, the
        others only fill what the register lacks (a paper whose clerk kept the register's
        facts of the studio, or an edit that changed some of them)."""
        name = tidy_name(name)
        if not name:
            return None
        leader = tidy_name(leader)
        row = self.query("SELECT * FROM studios WHERE name = ?", (name,))
        if row:
            old = row[0]
            new = {"level": level, "unit_id": unit_id, "enterprise_id": enterprise_id,
                   "leader": leader, "model_studio": db_flag(model_studio)}
            if not exact and studios_with_award(self.conn, [old["id"]]) and old["level"] is not None:
                new["level"] = None  # see studios_with_award
            if exact:  # a unit or enterprise cleared is cleared; an unknown level or flag is not
                new = {k: v for k, v in new.items()
                       if v is not None or k in ("unit_id", "enterprise_id")}
            if overwrite is not None:
                new = {k: v for k, v in new.items() if k in overwrite or old[k] in (None, "")}
            changes = {k: v for k, v in new.items()
                       if (exact or v not in (None, "")) and old[k] != v}
            if changes:
                sets = ", ".join(f"{k} = ?" for k in changes)
                self.conn.execute(
                    f"UPDATE studios SET {sets} WHERE id = ?", (*changes.values(), old["id"])
                )
                self.changes.studios.add(old["id"])
                self.audit("update", "studios", old["id"], {k: old[k] for k in changes}, changes)
            return int(old["id"])
        cur = self.conn.execute(
            "INSERT INTO studios (name, level, model_studio, unit_id, enterprise_id, leader)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (name, level, int(bool(model_studio)), unit_id, enterprise_id, leader),
        )
        named = "SELECT name FROM {} WHERE id = ?"  # by name: the auditor reads what was typed
        self.audit("create", "studios", cur.lastrowid, None, {
            "name": name, "level": level,
            "unit_name": self.scalar(named.format("units"), (unit_id,)),
            "enterprise_name": self.scalar(named.format("enterprises"), (enterprise_id,)),
            "leader": leader, "model_studio": bool(model_studio)})
        return int(cur.lastrowid or 0)

    def keep_payee(self, stream: str, app_id: int) -> None:
        """After a payment of the award was recorded or cancelled: a project with a payment
        recorded keeps the enterprise it is paid to (its studio's of the first payment)
        whatever the studio later becomes (migration 11), so the rest goes where the first
        part went; with none (a mistaken one cancelled) it follows its studio again. A
        patent's payee is its paper's own inventor and card already (migration 10)."""
        if stream != PROJECT:
            return
        payee = ("SELECT e.name FROM project_applications a LEFT JOIN enterprises e"
                 " ON e.id = a.payee_enterprise_id WHERE a.id = ?")
        before = self.scalar(payee, (app_id,))
        self.conn.execute(
            "UPDATE project_applications SET payee_enterprise_id = CASE WHEN EXISTS ("
            " SELECT 1 FROM payments p WHERE p.stream = 'project'"
            " AND p.application_id = project_applications.id AND p.paid_date IS NOT NULL)"
            " THEN COALESCE(payee_enterprise_id, (SELECT s.enterprise_id FROM studios s"
            " WHERE s.id = project_applications.studio_id)) END WHERE id = ?", (app_id,))
        after = self.scalar(payee, (app_id,))
        if after != before:  # who the award is paid to, fixed or freed: in its trail
            self.audit("update", "project_applications", app_id, {"payee": before},
                       {"payee": after})

    _STUDIO_REFS = ("project_applications", "studio_awards")

    def rename_studio(self, name: str, new_name: str) -> dict[str, Any]:
        """Correct a studio's name; when ``new_name`` is another studio's (one studio typed
        two ways, an earlier award under one, the projects under the other), merge into
        it: its projects and earlier awards move there, the other keeps its facts (a paid
        project keeps the enterprise it was paid to and the level it was awarded at:
        migrations 11 and 9). Audited; returns what :meth:`unrename_studio` needs."""
        name, new = tidy_name(name), tidy_name(new_name)
        if not new:
            raise RegisterError("请填写工作室名称")
        with self.transaction():
            rows = self.query("SELECT * FROM studios WHERE name = ?", (name,))
            if not rows:
                raise RegisterError(f"登记册中没有工作室“{name}”（可能已被改名或合并）")
            old = rows[0]
            if new == name:
                return {}
            target = self.query("SELECT * FROM studios WHERE name = ?", (new,))
            refs = {t: [r[0] for r in self.conn.execute(
                f"SELECT id FROM {t} WHERE studio_id = ? ORDER BY id", (old["id"],))]
                for t in self._STUDIO_REFS}
            self.changes.studios.add(old["id"])
            self.changes.projects.update(refs["project_applications"])
            if not target:
                self.conn.execute("UPDATE studios SET name = ? WHERE id = ?", (new, old["id"]))
                self.audit("update", "studios", old["id"], {"name": name}, {"name": new})
                into = None
            else:
                into = target[0]["id"]
                for table in refs:
                    self.conn.execute(f"UPDATE {table} SET studio_id = ? WHERE studio_id = ?",
                                      (into, old["id"]))
                self.conn.execute("DELETE FROM studios WHERE id = ?", (old["id"],))
                self.changes.studios.add(into)
                self.audit("merge", "studios", old["id"], {**old, "refs": refs},
                           {"into": into, "name": new})
            self._reindex([], refs["project_applications"])
            return {"studio": old, "name": new, "merged_into": into, "refs": refs}

    def studio_merge_payees(self, name: str, into: str) -> str:
        """What merging studio ``name`` into ``into`` does to whom their approved awards
        are paid: a paid one keeps its payee (migration 11), an approved, unpaid one takes
        the other studio's 所在单位 — its signed sheet names the old one. Empty: nothing."""
        rows = self.conn.execute(
            "SELECT a.id, a.payee_enterprise_id IS NOT NULL, COALESCE(p.name, e.name)"
            " FROM project_applications a JOIN studios s ON s.id = a.studio_id"
            " LEFT JOIN enterprises p ON p.id = a.payee_enterprise_id"
            " LEFT JOIN enterprises e ON e.id = s.enterprise_id"
            " WHERE s.name = ? AND a.approved_date IS NOT NULL ORDER BY a.id",
            (tidy_name(name),)).fetchall()
        target = self.scalar("SELECT e.name FROM studios s JOIN enterprises e"
                             " ON e.id = s.enterprise_id WHERE s.name = ?", (tidy_name(into),))
        moved = [(i, payee) for i, fixed, payee in rows if not fixed and target
                 and payee != target]
        kept = [(i, payee) for i, fixed, payee in rows if fixed and payee != target]
        out = []
        if moved:
            ids = "、".join(str(i) for i, _ in moved)
            was = "、".join(dict.fromkeys(f"“{p or '（未登记）'}”" for _, p in moved))
            out.append(f"已核准、尚未拨付的项目（登记号 {ids}）收款单位将由{was}改为“{target}”："
                       "其审批表和拨付清单如已打印，请重印。如原所在单位才是对的，请返回，"
                       f"先在“工作室”中改正“{into}”的所在单位")
        if kept:
            out.append("已拨付的项目（" + "；".join(f"登记号 {i}：“{p}”" for i, p in kept)
                       + "）仍拨付给原收款单位（按首笔拨付固定），金额不变")
        return "\n".join(out)

    def unrename_studio(self, done: dict[str, Any]) -> None:
        """Undo :meth:`rename_studio`: the old name back, or the merged studio restored with
        exactly the projects and awards moved from it."""
        if not done:
            return
        old, refs = done["studio"], done["refs"]
        with self.transaction():
            if done["merged_into"] is None:
                self.rename_studio(done["name"], old["name"])
                return
            cols = [k for k in old if k != "refs"]
            self.conn.execute(f"INSERT INTO studios ({', '.join(cols)}) VALUES"
                              f" ({', '.join('?' * len(cols))})", [old[c] for c in cols])
            for table, ids in refs.items():
                for i in range(0, len(ids), IN_CHUNK):
                    part = ids[i:i + IN_CHUNK]
                    self.conn.execute(f"UPDATE {table} SET studio_id = ? WHERE id IN"
                                      f" ({', '.join('?' * len(part))})", (old["id"], *part))
            self.changes.studios.update({old["id"], done["merged_into"]})
            self.changes.projects.update(refs["project_applications"])
            self.audit("unmerge", "studios", old["id"], {"into": done["merged_into"]},
                       {**old, "refs": refs})
            self._reindex([], refs["project_applications"])

    _STUDIO_SELECT = (
        "SELECT s.*, u.name AS unit_name, e.name AS enterprise_name FROM studios s"
        " LEFT JOIN units u ON u.id = s.unit_id"
        " LEFT JOIN enterprises e ON e.id = s.enterprise_id"
    )

    @staticmethod
    def _studio_from_row(r: dict[str, Any]) -> Studio:
        return Studio(r["id"], r["name"], r["level"], bool(r["model_studio"]),
                      r["unit_name"] or "", r["enterprise_name"] or "", r["leader"])

    def studios(self, where: str = "", params: Sequence[Any] = ()) -> list[Studio]:
        """Every studio, or those ``where`` (SQL over ``s`` the studio, ``e`` its
        enterprise, ``u`` its unit) holds of, by name in pinyin order (a name is unique)."""
        sql = self._STUDIO_SELECT + (f" WHERE {where}" if where else "")
        studios = [self._studio_from_row(r) for r in self.query(sql, params)]
        # sorted here, not by pinyin_key in SQL: one translation per name, no call per row
        studios.sort(key=lambda s: pinyin_order.sort_key(s.name) or "")
        return studios

    def studio(self, name: str) -> Studio | None:
        """The studio of that name (tidied), or None."""
        rows = self.query(self._STUDIO_SELECT + " WHERE s.name = ?", (tidy_name(name),))
        return self._studio_from_row(rows[0]) if rows else None

    _STUDIO_FACTS = ("level", "model_studio", "unit_id", "enterprise_id", "leader")

    def studio_has_award(self, studio_id: int) -> bool:
        """Whether the studio has an award in the register: a paper or table does not
        change its level (see studios_with_award)."""
        return bool(studios_with_award(self.conn, [studio_id]))

    def studio_state(self, name: str) -> dict[str, Any] | None:
        """The stored facts of the studio of that name, or None when there is none: what
        :meth:`put_studio_back` restores when the change that follows is undone."""
        rows = self.query("SELECT * FROM studios WHERE name = ?", (tidy_name(name),))
        return {k: rows[0][k] for k in self._STUDIO_FACTS} if rows else None

    def put_studio_back(self, name: str, state: dict[str, Any] | None) -> None:
        """Undo what an entry or an award did to a studio: its facts as ``studio_state``
        read them, or, when there was no such studio, the studio removed while no
        application or award refers to it (an entry undone leaves no studio behind for
        the completer to offer)."""
        name = tidy_name(name)
        rows = self.query("SELECT * FROM studios WHERE name = ?", (name,))
        if not rows:
            return
        old = rows[0]
        with self.transaction():
            if state is None:
                used = self.scalar(
                    "SELECT EXISTS (SELECT 1 FROM project_applications WHERE studio_id = ?)"
                    " OR EXISTS (SELECT 1 FROM studio_awards WHERE studio_id = ?)",
                    (old["id"], old["id"]))
                if not used:
                    self.conn.execute("DELETE FROM studios WHERE id = ?", (old["id"],))
                    self.changes.studios.add(old["id"])
                    self.audit("delete", "studios", old["id"],
                               {"name": name, **{k: old[k] for k in self._STUDIO_FACTS}}, None)
                return
            changes = {k: v for k, v in state.items() if old[k] != v}
            if changes:
                sets = ", ".join(f"{k} = ?" for k in changes)
                self.conn.execute(
                    f"UPDATE studios SET {sets} WHERE id = ?", (*changes.values(), old["id"]))
                self.changes.studios.add(old["id"])
                self.audit("update", "studios", old["id"], {k: old[k] for k in changes}, changes)

    def add_studio_award(self, award: StudioAward) -> int:
        with self.transaction():
            sid = self.ensure_studio(award.studio_name, None, None, None)
            cur = self.conn.execute(
                "INSERT INTO studio_awards (studio_id, year, project_title, award_fen, accepted,"
                " accepted_date) VALUES (?, ?, ?, ?, ?, ?)",
                (sid, award.year, award.project_title, award.award_fen, int(award.accepted),
                 db_day(award.accepted_date)),
            )
            self.changes.studios.add(sid)  # type: ignore[arg-type]
            self.audit("create", "studio_awards", cur.lastrowid, None, _award_doc(award))
            return int(cur.lastrowid or 0)

    def delete_studio_award(self, award_id: int) -> StudioAward:
        """Remove an earlier award typed in by mistake; the award as it was (to undo)."""
        with self.transaction():
            award = next((a for a in self.studio_awards() if a.id == award_id), None)
            if award is None:
                raise RegisterError(f"往年助推记录 {award_id} 不存在（可能已被删除）")
            sid = self.scalar("SELECT studio_id FROM studio_awards WHERE id = ?", (award_id,))
            self.conn.execute("DELETE FROM studio_awards WHERE id = ?", (award_id,))
            self.changes.studios.add(sid)
            self.audit("delete", "studio_awards", award_id, _award_doc(award), None)
            return award

    def studio_awards(self) -> list[StudioAward]:
        rows = self.query(
            "SELECT s.name, a.* FROM studio_awards a JOIN studios s ON s.id = a.studio_id"
            " ORDER BY a.year, pinyin_key(s.name), a.id"
        )
        return [
            StudioAward(r["name"], r["year"], r["project_title"], r["award_fen"],
                        bool(r["accepted"]), py_day(r["accepted_date"]), r["id"])
            for r in rows
        ]

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

    def _name_key(self, name: str) -> str:
        """A name's pinyin key, kept across reads (a save changes few names)."""
        key = self._name_keys.get(name)
        if key is None:
            key = self._name_keys[name] = pinyin_order.sort_key(name) or ""
        return key

    # -- patent applications ---------------------------------------------
    def patent(self, app_id: int) -> PatentApplication:
        row = self.conn.execute(PATENT_RECORDS + " WHERE a.id = ?", (app_id,)).fetchone()
        if row is None:
            raise RegisterError(f"没有编号为 {app_id} 的专利申报")
        return patent_from_row(*row)

    def patents(self, year: int | None = None, statuses: Iterable[str] | None = None, *,
                people_half: int | None = None,
                for_rules: bool = False) -> list[PatentApplication]:
        """The patent applications (of ``year``; in ``statuses``), in id order.
        ``people_half`` 0 or 1: only those whose person's id has that parity (no person:
        half 0), so that each person's applications are all in one half (``rules.halves``).
        ``for_rules``: only the fields the plan's rules read, the others blank (title,
        phone, unions and enterprises, industry, remarks, seq, award; for a whole
        campaign's check, which keeps nothing but the verdicts: reading them was a third
        of reading the rows)."""
        where, params = campaign_where(year, statuses)
        if people_half is not None:
            where.append("COALESCE(a.person_id, 0) % 2 = ?")
            params.append(people_half)
        select = PATENT_RULE_FIELDS if for_rules else PATENT_RECORDS
        cur = self.conn.execute(
            select + (f" WHERE {' AND '.join(where)}" if where else "") + " ORDER BY a.id",
            params)
        # Straight from the row tuples: a dict per row cost a third of `boostdesk check`.
        return list(starmap(patent_from_row, cur.fetchall()))

    def patents_by_id(self, ids: Iterable[int]) -> list[PatentApplication]:
        """The patent applications with these ids, in id order (ids not found left out)."""
        return records_by_id(self.conn, PATENT_RECORDS, patent_from_row, ids)

    def save_patent(self, app: PatentApplication, *, restore_id: int | None = None) -> int:
        """Insert or update; returns the application id. Audited. ``restore_id``: a new
        record brought back (a deletion or an entry undone, then redone) under the id it
        had, when still free, its audit trail continuing."""
        with self.transaction():
            typed = person_key(app.id_number)
            watched = self._paid_watch(PATENT, app.id, "person_id", (
                app.person_id,
                self.scalar("SELECT id FROM people WHERE id_number = ?", (typed,)) if typed
                else None))
            cid = self.campaign_id(app.campaign_year)
            unit_id = self.ensure_unit(app.unit_name)
            ent_id = self.ensure_enterprise(app.enterprise_name, unit_id)
            mark = self.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events")
            person_id = self.ensure_person(
                app.inventor_name, app.id_number, app.card_number, app.phone,
                app.frontline, ent_id, current_id=app.person_id,
                newest=self._newest_paper(app, typed),
            )
            card, frontline = paper_facts(app, self.query(
                "SELECT card_number, frontline FROM people WHERE id = ?", (person_id,))[0]
                if person_id is not None else None)
            # Always from the typed number: a record loaded and edited keeps the old one.
            number = canonical_patent_number(app.patent_number_raw)
            values = {
                "campaign_id": cid, "seq": app.seq, "unit_id": unit_id,
                "enterprise_id": ent_id, "person_id": person_id, "title": app.title,
                "patent_number_raw": app.patent_number_raw,
                "patent_number": number,
                "grant_date": db_day(app.grant_date), "service_invention": db_flag(app.service_invention),
                "applied_in_production": db_flag(app.applied_in_production),
                "card_number": card, "frontline": frontline,
                "industry": app.industry, "remarks": app.remarks,
                "received_date": db_day(app.received_date),
                "materials": json.dumps(app.materials, ensure_ascii=False, sort_keys=True),
                "award_fen": app.award_fen, "approved_date": db_day(app.approved_date),
                "search_text": patent_search_key(
                    tidy_name(app.inventor_name), app.patent_number_raw, number, app.title,
                    app.unit_name, app.enterprise_name,
                ),
                "updated_at": _now(),
            }
            app_id = self._save("patent_applications", PATENT, app, values, restore_id)
            # What this paper changed of its person is marked with it, to be taken back
            # when the paper names him no more (_take_back_paper_changes).
            for event_id, after in self.conn.execute(
                    "SELECT id, after FROM audit_events WHERE id > ? AND entity = 'people'"
                    " AND action = 'update' AND entity_id IS ?", (mark, person_id)).fetchall():
                self.conn.execute("UPDATE audit_events SET after = ? WHERE id = ?", (
                    json.dumps({**json.loads(after), "paper": app_id}, ensure_ascii=False),
                    event_id))
            if app.person_id is not None and app.person_id != person_id:
                self._take_back_paper_changes(app.person_id, app_id)
            self._refuse_paid_changes(PATENT, app.id, watched)
            if app.person_id is not None and app.person_id != person_id:
                self._drop_person_if_unused(app.person_id)
            return app_id

    def paper_changes_to_take_back(self, person_id: int, paper_id: int, *,
                                   keep_paid_name: bool = True) -> dict[str, Any]:
        """What the paper changed of the person and he still has, as it was before: taken
        back when the paper names him no more. His name is kept once an award of his is
        paid (the payment list names him so): the 人员 tab corrects it, with a reason."""
        rows = self.query("SELECT * FROM people WHERE id = ?", (person_id,))
        if not rows:
            return {}
        now = rows[0]
        back: dict[str, Any] = {}
        for e in self.query(
                "SELECT before, after FROM audit_events WHERE entity = 'people'"
                " AND entity_id = ? AND action = 'update' AND json_extract(after, '$.paper') = ?"
                " ORDER BY id DESC", (person_id, paper_id)):
            before, after = json.loads(e["before"] or "{}"), json.loads(e["after"] or "{}")
            for key, value in before.items():
                if key in now and back.get(key, now[key]) == after.get(key):
                    back[key] = value
        changes = {k: v for k, v in back.items() if now[k] != v}
        if keep_paid_name and "name" in changes and self.scalar(
                "SELECT EXISTS (SELECT 1 FROM patent_applications a JOIN payments p"
                " ON p.stream = 'patent' AND p.application_id = a.id"
                " WHERE a.person_id = ? AND a.id IS NOT ? AND p.paid_date IS NOT NULL)",
                (person_id, paper_id)):
            del changes["name"]
        return changes

    def _take_back_paper_changes(self, person_id: int, paper_id: int) -> None:
        """The person a paper names no more (its ID number corrected, the paper deleted)
        gets back what that paper changed of him (its audit events are marked with it): a
        paper typed with his ID number by mistake renamed him, and his own papers, approval
        sheets and payment lines kept the other's name. A fact changed since by anything
        else (the 人员 tab's correction, a later paper) is kept."""
        changes = self.paper_changes_to_take_back(person_id, paper_id)
        if changes:
            now = self.query("SELECT * FROM people WHERE id = ?", (person_id,))[0]
            sets = ", ".join(f"{k} = ?" for k in changes)
            self.conn.execute(f"UPDATE people SET {sets} WHERE id = ?", (*changes.values(), person_id))
            self.changes.people.add(person_id)
            self.audit("update", "people", person_id, {k: now[k] for k in changes},
                       {**changes, "undone_paper": paper_id})
            if "name" in changes:
                self._reindex_person(person_id)

    def _newest_paper(self, app: PatentApplication, typed_id: str) -> bool:
        """Whether no other paper of the person (by the typed ID number, else the one the
        paper names) is of a later year: only then are its card and frontline status the
        person's newest facts (an old paper corrected or saved again keeps them its own)."""
        person_id = (self.scalar("SELECT id FROM people WHERE id_number = ?", (typed_id,))
                     if typed_id else None) or app.person_id
        if person_id is None:
            return True
        latest = self.scalar(
            "SELECT MAX(c.year) FROM patent_applications a JOIN campaigns c"
            " ON c.id = a.campaign_id WHERE a.person_id = ? AND a.id IS NOT ?",
            (person_id, app.id))
        return latest is None or app.campaign_year >= latest

    # -- project applications --------------------------------------------
    def project(self, app_id: int) -> ProjectApplication:
        row = self.conn.execute(PROJECT_RECORDS + " WHERE a.id = ?", (app_id,)).fetchone()
        if row is None:
            raise RegisterError(f"没有编号为 {app_id} 的项目申报")
        return project_from_row(*row)

    def projects(self, year: int | None = None,
                 statuses: Iterable[str] | None = None) -> list[ProjectApplication]:
        """The project applications (of ``year``; in ``statuses``), in id order."""
        where, params = campaign_where(year, statuses)
        cur = self.conn.execute(
            PROJECT_RECORDS + (f" WHERE {' AND '.join(where)}" if where else "")
            + " ORDER BY a.id", params)
        return list(starmap(project_from_row, cur.fetchall()))

    def projects_by_id(self, ids: Iterable[int]) -> list[ProjectApplication]:
        """The project applications with these ids, in id order (ids not found left out)."""
        return records_by_id(self.conn, PROJECT_RECORDS, project_from_row, ids)

    def save_project(self, app: ProjectApplication, *,
                     studio_facts: Collection[str] | None = None,
                     restore_id: int | None = None) -> int:
        """Insert or update; returns the application id. Audited (``restore_id``: as
        :meth:`save_patent`). The studio's facts on
        the paper replace the register's; with ``studio_facts`` only those record fields
        do (STUDIO_COLUMNS' keys; empty: the clerk kept the register's), the others only
        fill what the register lacks."""
        leader, contact = tidy_name(app.leader), tidy_name(app.contact_name)
        with self.transaction():
            # the paper itself: a studio's other paid papers keep their payee (migration 11)
            watched = self._paid_watch(PROJECT, app.id, "studio_id", ())
            cid = self.campaign_id(app.campaign_year)
            unit_id = self.ensure_unit(app.unit_name)
            # a paid paper's 所在单位 is its payee, fixed: not a fact of its studio now
            ent_id = (None if self._payee_kept(app) else
                      self.ensure_enterprise(app.enterprise_name, unit_id))
            studio_id = self.ensure_studio(
                app.studio_name, app.studio_level, unit_id, ent_id, leader, app.model_studio,
                overwrite=None if studio_facts is None
                else {STUDIO_COLUMNS[k] for k in studio_facts},
            )
            values = {
                "campaign_id": cid, "seq": app.seq, "unit_id": unit_id, "studio_id": studio_id,
                "title": app.title, "leader": leader,
                "approval_date": db_day(app.approval_date),
                "startup_funds_paid": db_flag(app.startup_funds_paid),
                "planned_completion": db_day(app.planned_completion),
                "total_budget_fen": app.total_budget_fen, "requested_fen": app.requested_fen,
                "contact_name": contact, "contact_phone": tidy_phone(app.contact_phone),
                "industry": app.industry, "remarks": app.remarks,
                "received_date": db_day(app.received_date),
                "materials": json.dumps(app.materials, ensure_ascii=False, sort_keys=True),
                "award_fen": app.award_fen, "approved_date": db_day(app.approved_date),
                "accepted_date": db_day(app.accepted_date),
                "search_text": search_key(
                    app.title, app.studio_name, leader, app.unit_name, app.enterprise_name,
                    contact,
                ),
                "updated_at": _now(),
            }
            budget_before = (self.scalar("SELECT total_budget_fen FROM project_applications"
                                         " WHERE id = ?", (app.id,)) if app.id else None)
            app_id = self._save("project_applications", PROJECT, app, values, restore_id)
            self._refuse_paid_changes(PROJECT, app.id, watched)
            if app.id is not None and app.total_budget_fen != budget_before:
                self._refuse_award_over_cap(app_id)
            if app.studio_id is not None and app.studio_id != studio_id:
                self._drop_studio_if_unused(app.studio_id)
            return app_id

    def _payee_kept(self, app: ProjectApplication) -> bool:
        """True when the project has a payment recorded, its payee fixed (migration 11): a
        save may not name another 所在单位 (refused, saying where it is corrected or the
        studio moved), nor move the studio by the payee's name (a studio moved on 工作室
        since would go back to where the award was paid)."""
        if app.id is None:
            return False
        row = self.conn.execute(
            "SELECT e.name, (SELECT COUNT(*) FROM payments p WHERE p.stream = 'project'"
            " AND p.application_id = a.id AND p.paid_date IS NOT NULL)"
            " FROM project_applications a LEFT JOIN enterprises e"
            " ON e.id = a.payee_enterprise_id WHERE a.id = ?", (app.id,)).fetchone()
        if row is None or not row[1] or row[0] is None:  # no payee fixed (none paid)
            return False
        payee, paid = row
        if tidy_name(app.enterprise_name) != payee:
            raise RegisterError(
                f"登记号 {app.id} 的助推款已登记拨付 {paid} 笔，所在单位（收款单位）不能由申报改为"
                f"“{tidy_name(app.enterprise_name)}”：款项是拨付给“{payee}”的，拨付清单和审批表也按它"
                f"打印。未保存。{CORRECT_SHARED['enterprise_name']}；工作室确已迁到其他单位的，请在"
                "“工作室”中选中它，按“修改”改其所在单位（已拨付的项目仍拨付给原单位）")
        return True

    def _refuse_award_over_cap(self, app_id: int) -> None:
        """Refuse (the transaction rolls back) a total budget corrected under what the
        project's adopted award needs (二（三）: the award is at most the cap's share of
        it): the award was set, published or approved on the old figure, and the close of
        publicity would approve it over the cap."""
        row = self.conn.execute(
            "SELECT a.status, a.total_budget_fen, COALESCE(a.award_fen, p.amount_fen), c.year"
            " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " LEFT JOIN proposals p ON p.project_id = a.id WHERE a.id = ?", (app_id,)).fetchone()
        status, budget, award, year = row
        if award is None or status not in ("proposed", "publicized", "approved", "paid_first"):
            return
        c = self.campaign(year)
        if budget is not None and award * 100 <= budget * c.budget_cap_percent:
            return
        stage = {"proposed": "已采纳为拟助推", "publicized": "正在公示"}.get(status, "已核准")
        way = ("请先在“专家评审”撤回拟助推名单，改正后重新采纳" if status == "proposed"
               else "公示的金额不能因改动而超限：如确属录错，请在“公示”中登记异议并认定成立，"
                    "改正后重新评审")
        budget_text = _money(budget) if budget is not None else "（空）"
        raise RegisterError(
            f"该项目{stage}，助推资金 {_money(award)}；项目总投入改为 {budget_text} 后，"
            f"助推资金超过其 {c.budget_cap_percent}%（{c.clause('project_award')}）。{way}。未保存")

    def _drop_studio_if_unused(self, studio_id: int) -> None:
        """A studio no project or earlier award names any more (its name corrected on the
        paper) goes, as an entry undone leaves none: kept, the completer would offer it."""
        if self.scalar("SELECT EXISTS (SELECT 1 FROM project_applications WHERE studio_id = ?)"
                       " OR EXISTS (SELECT 1 FROM studio_awards WHERE studio_id = ?)",
                       (studio_id, studio_id)):
            return
        rows = self.query("SELECT * FROM studios WHERE id = ?", (studio_id,))
        if rows:
            self.conn.execute("DELETE FROM studios WHERE id = ?", (studio_id,))
            self.changes.studios.add(studio_id)
            self.audit("delete", "studios", studio_id, rows[0], None)

    def _save(
        self, table: str, stream: str, app: PatentApplication | ProjectApplication,
        values: dict[str, Any], restore_id: int | None = None,
    ) -> int:
        if app.id is None:
            free = restore_id is not None and not self.scalar(
                f"SELECT 1 FROM {table} WHERE id = ?", (restore_id,))
            values = {"id": restore_id if free else next_id(self.conn, table), **values}
            values["created_at"] = values["updated_at"]
            values["status"] = app.status
            values["status_reason"] = app.status_reason
            cols = ", ".join(values)
            marks = ", ".join(f":{k}" for k in values)
            cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", values)
            app_id = int(cur.lastrowid or 0)
            (self.changes.patents if stream == PATENT else self.changes.projects).add(app_id)
            self.conn.execute(
                "INSERT INTO status_history (stream, application_id, from_status, to_status,"
                " reason, operator, at) VALUES (?, ?, NULL, ?, '', ?, ?)",
                (stream, app_id, app.status, self.operator, values["created_at"]),
            )
            saved = self.patent(app_id) if stream == PATENT else self.project(app_id)
            # brought back under its 登记号 (a deletion undone): its trail goes on
            self.audit("restore" if free else "create", table, app_id, None, as_dict(saved))
            return app_id
        before = self.patent(app.id) if stream == PATENT else self.project(app.id)
        if values.get("unit_id") != self.scalar(f"SELECT unit_id FROM {table} WHERE id = ?",
                                                (app.id,)):
            self._refuse_paid_unit_change(stream, app.id, before.unit_name)
        self.changes.application(before)
        sets = ", ".join(f"{k} = :{k}" for k in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = :id", {**values, "id": app.id})
        after = self.patent(app.id) if stream == PATENT else self.project(app.id)
        b, a = as_dict(before), as_dict(after)
        changed = [k for k in a if a[k] != b.get(k)]
        if changed:
            self.audit(
                "update", table, app.id, {k: b[k] for k in changed}, {k: a[k] for k in changed}
            )
        return app.id

    def _refuse_paid_unit_change(self, stream: str, app_id: int, unit_name: str) -> None:
        """The recommending union pays its share (一（三）/ 二（三））: the payment rows name
        it through the application. Once one is paid, another union on the application
        would be recorded as having paid what it never did: refused."""
        paid = self.scalar(
            "SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
            " AND paid_date IS NOT NULL", (stream, app_id))
        if paid:
            raise RegisterError(
                f"该申报已登记拨付 {paid} 笔（推荐单位“{unit_name}”的分担部分按其名下拨付），"
                "推荐单位不能再改：改了，已拨付的款项就会记到另一家工会名下。"
                + CORRECT_SHARED["unit_name"]
            )

    def _paid_watch(self, stream: str, app_id: int | None, key: str,
                    key_ids: Iterable[int | None]) -> dict[int, dict[str, Any]]:
        """The applications a save may touch that have a payment recorded (the one edited,
        and those of the same person or studio), as they stand before it."""
        ids = [i for i in key_ids if i is not None]
        where = f"a.{key} IN ({','.join('?' * len(ids))})" if ids else "0"
        rows = self.conn.execute(
            f"SELECT a.id FROM {_table(stream)} a WHERE (a.id IS ? OR {where})"
            " AND EXISTS (SELECT 1 FROM payments p WHERE p.stream = ?"
            " AND p.application_id = a.id AND p.paid_date IS NOT NULL)",
            (app_id, *ids, stream)).fetchall()
        return {r[0]: as_dict(self.application(stream, r[0])) for r in rows}

    def _refuse_paid_changes(self, stream: str, app_id: int | None,
                             watched: dict[int, dict[str, Any]]) -> None:
        """Refuse (the transaction rolls back) a save that changed what a paid award was
        judged on, paid to or paid by (FIXED_ONCE_PAID): the payment lists and sheets would
        name another payee or payer than the one recorded as paid, and the rules would judge
        facts other than those the money was paid on."""
        for other, old in watched.items():
            new = as_dict(self.application(stream, other))
            paid = self.scalar(
                "SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
                " AND paid_date IS NOT NULL", (stream, other))
            if other == app_id:
                labels = [label for name, label in FIXED_ONCE_PAID[stream].items()
                          if old[name] != new[name]]
                if labels:
                    person = (f"；{CORRECT_PERSON}" if stream == PATENT and {"第一发明人", "身份证号"}
                              & set(labels) else "")
                    person += "".join(f"；{CORRECT_SHARED[name]}" for name in CORRECT_SHARED
                                      if name in FIXED_ONCE_PAID[stream]
                                      and old[name] != new[name])
                    raise RegisterError(
                        f"登记号 {other} 的助推款已登记拨付 {paid} 笔，{'、'.join(labels)}不能再改："
                        "款项是按原来的内容核准、由原来的单位拨付给原来的收款人的，拨付清单和审批表"
                        "也按原内容打印。未保存。联系电话、备注、所属领域、收件日期和材料仍可修改；"
                        f"如确属当初录错，请在备注中写明{person}")
                continue
            for name in _PAYEE[stream]:
                if old[name] != new[name]:
                    raise RegisterError(
                        f"本表会把第一发明人“{old[name]}”改为“{new[name]}”，而其"
                        f" {old['campaign_year']} 年度登记号 {other} 的助推款已按“{old[name]}”"
                        f"登记拨付 {paid} 笔：已拨付的款项不能改到另一个名下。如是身份证号录错，"
                        "请改正身份证号（同一身份证号在登记册中是同一人）；"
                        f"如是姓名录错，请按登记册写作“{old[name]}”；如是登记册写错（以身份证为准），"
                        + CORRECT_NAME + "。未保存")

    # -- many new applications at once (imports) ----------------------------
    def insert_patents(
        self, apps: Sequence[PatentApplication], source: str = "",
        progress: Callable[[int, int], None] | None = None, judge: Judge | None = None,
    ) -> list[PatentApplication]:
        """Store new patent applications as ``save_patent`` would, one after another.

        The same rows, ids, people, units, enterprises, status history and audit
        events (each create event also names ``source``, the file the rows came from),
        in one transaction; but names and people are resolved in memory and each table
        written with one executemany, where ``save_patent`` runs ten statements, three
        audit documents and a re-read per application. ``progress(done, total)`` is
        called every ``BATCH_STEP`` applications and at the end; an exception from it
        rolls everything back.

        ``judge(records)``, when given, returns the verdict columns (eligible,
        incomplete, findings) of the stored records; it is called once the people,
        units and enterprises are written and before the applications are, so the
        verdicts go in with the rows (``rules.check.judge_new``). Without one the
        verdict columns are left to the rules and the applications noted in
        :attr:`changes`.

        Returns the stored applications as :meth:`patents` reads them back (people's
        facts as they stand after the whole batch).
        """
        with self.transaction():
            keys = {person_key(a.id_number) for a in apps} - {""}
            paid = self._paid_payees(PATENT, keys)
            approved = {k: v for k, v in self._paid_payees(APPROVED, keys).items()
                        if k not in paid}
            stored = Batch(self, apps, source, progress, _now()).patents(judge)
            self._refuse_renamed_payees(PATENT, paid)
            self._refuse_renamed_payees(PATENT, approved, paid=False)
            if judge is None:  # their people, and so the people changed, are read back
                self.changes.patents.update(r.id for r in stored)  # type: ignore[misc]
            return stored

    def insert_projects(
        self, apps: Sequence[ProjectApplication], source: str = "",
        progress: Callable[[int, int], None] | None = None, judge: Judge | None = None,
        *, studio_facts: str = NEWEST,
    ) -> list[ProjectApplication]:
        """:meth:`insert_patents` for project applications (``save_project``'s rows).

        ``studio_facts``: whose facts a studio the batch names keeps — ``NEWEST`` (each
        application's overwrite, as ``save_project`` one after another), ``REGISTER`` (a
        studio already registered keeps its facts, its blanks filled) or ``TABLE`` (the
        batch's overwrite them). With either of the last two, the first application giving a
        fact of a studio settles it for the batch: a later one giving it otherwise is not
        taken (a unit's table naming one studio twice, at two levels). An awarded studio
        keeps its level whatever is asked (``studios_with_award``)."""
        if studio_facts not in (NEWEST, REGISTER, TABLE):
            raise ValueError(f"studio_facts: {studio_facts!r}")
        with self.transaction():
            stored = Batch(self, apps, source, progress, _now()).projects(judge, studio_facts)
            if judge is None:
                self.changes.projects.update(r.id for r in stored)  # type: ignore[misc]
            return stored

    _PAYEE_SQL = {
        PATENT: ("SELECT p.id, p.name, a.id, c.year, p.id_number FROM people p"
                 " JOIN patent_applications a ON a.person_id = p.id"
                 " JOIN campaigns c ON c.id = a.campaign_id"
                 " JOIN payments m ON m.stream = 'patent' AND m.application_id = a.id"
                 " AND m.paid_date IS NOT NULL WHERE p.id_number IN"),
        # approved, not paid yet: its approval sheet is printed, its lines listed by name
        APPROVED: ("SELECT p.id, p.name, a.id, c.year, p.id_number FROM people p"
                   " JOIN patent_applications a ON a.person_id = p.id"
                   " JOIN campaigns c ON c.id = a.campaign_id"
                   " WHERE a.status = 'approved' AND p.id_number IN"),
    }

    def _paid_payees(self, stream: str, keys: set[str]) -> dict[int, tuple[Any, ...]]:
        """The people (by ID number) a batch names that were paid an award: id -> (payee
        name, application, year, key), as they stand before it."""
        return {r[0]: r[1:] for r in select_in(self.conn, self._PAYEE_SQL[stream], keys)}

    def awarded_people(self, id_numbers: set[str]) -> dict[str, tuple[str, int, int, bool]]:
        """Of these ID numbers, the people with a paid or approved patent award, whom no
        table may rename: ID number -> (registered name, application, year, paid)."""
        found: dict[str, tuple[str, int, int, bool]] = {}
        for kind, paid in ((APPROVED, False), (PATENT, True)):  # a paid award named last wins
            for name, app_id, year, number in self._paid_payees(kind, id_numbers).values():
                found[number] = (name, app_id, year, paid)
        return found

    def _refuse_renamed_payees(self, stream: str, before: dict[int, tuple[Any, ...]],
                               *, paid: bool = True) -> None:
        """A batch (a unit's table) may not rename a paid inventor: the paid lines would
        name someone who was not paid. Nor one whose award is approved (``paid`` False):
        its approval sheet is printed and its lines listed under the register's name (an
        earlier year's, the table's year is not even the one it was judged in)."""
        if not before:
            return
        now = {r[0]: r[1] for r in select_in(self.conn,
                                              self._PAYEE_SQL[stream if paid else APPROVED],
                                              {b[3] for b in before.values()})}
        for key_id, (name, app_id, year, key) in before.items():
            if now.get(key_id) == name:
                continue
            from boostdesk.safety.privacy import mask_text

            what = (f"表中身份证号 {mask_text(key)} 的姓名为“{now.get(key_id)}”，"
                    f"登记册中此人是“{name}”")
            raise RegisterError(
                f"{what}，其 {year} 年度登记号 {app_id} 的助推款"
                + ("已登记拨付：已拨付的款项不能改到别人名下" if paid else
                   f"已核准，审批表和拨付清单按“{name}”打印：不能由汇总表改名")
                + "，整表未导入。请核对该行，改正后再导入；如是登记册写错（以身份证为准），"
                + CORRECT_NAME)

    def application(self, stream: str, app_id: int) -> PatentApplication | ProjectApplication:
        return self.patent(app_id) if stream == PATENT else self.project(app_id)

    def delete_application(self, stream: str, app_id: int) -> list[dict[str, Any]]:
        """Delete an application, audited; returns a project's declared conflicts it took
        (:meth:`put_conflicts_back` gives them back when the deletion is undone)."""
        table = _table(stream)
        with self.transaction():
            before = self.application(stream, app_id)
            self.changes.application(before)
            conflicts = (self._drop_panel_rows(before) if isinstance(before, ProjectApplication)
                         else [])
            self.conn.execute("DELETE FROM status_history WHERE stream = ? AND application_id = ?",
                              (stream, app_id))
            for row in self.query("SELECT * FROM payments WHERE stream = ? AND application_id = ?",
                                  (stream, app_id)):  # (demo --force: paid ones too)
                self.conn.execute("DELETE FROM payments WHERE id = ?", (row["id"],))
                self.audit("delete", "payments", row["id"], row,
                           {"reason": GONE_WITH_APPLICATION})
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (app_id,))
            self.audit("delete", table, app_id, as_dict(before), None)
            if isinstance(before, PatentApplication) and before.person_id is not None:
                self._take_back_paper_changes(before.person_id, app_id)
                self._drop_person_if_unused(before.person_id)
            elif isinstance(before, ProjectApplication) and before.studio_id is not None:
                self._drop_studio_if_unused(before.studio_id)
            return conflicts

    def _drop_panel_rows(self, app: ProjectApplication) -> list[dict[str, Any]]:
        """The panel's and publicity's rows naming a project go with it (ON DELETE CASCADE):
        each into the trail first, as the panel's own deletions write it, so an expert's
        declared conflict or a score is never lost without a line. Returns the conflicts."""
        why = {"project": app.title, "reason": GONE_WITH_APPLICATION}
        conflicts = self.query("SELECT * FROM conflicts WHERE project_id = ? ORDER BY id",
                               (app.id,))
        for row in conflicts:
            self.audit("withdraw_conflict", "experts", row["expert_id"], row,
                       {**why, "note": f"原申明：{row['reason']}"})
        for row in self.query("SELECT * FROM assignments WHERE project_id = ? ORDER BY id",
                              (app.id,)):
            scores = self.query("SELECT criterion_id, score_x10 FROM scores"
                                " WHERE assignment_id = ?", (row["id"],))
            self.audit("delete", "assignments", row["id"], {**row, "scores": scores}, why)
        for row in self.query("SELECT * FROM objections WHERE project_id = ?", (app.id,)):
            self.audit("delete", "objections", row["id"], row, why)
        for row in self.query("SELECT * FROM tier_overrides WHERE project_id = ?", (app.id,)):
            self.audit("clear_override", "project_applications", app.id, row, why)
        for row in self.query("SELECT * FROM proposals WHERE project_id = ?", (app.id,)):
            self.audit("withdraw", "proposals", row["campaign_id"], {"proposals": [row]}, why)
        return conflicts

    def put_conflicts_back(self, project_id: int, rows: list[dict[str, Any]]) -> None:
        """A deleted project brought back (undo) gets its experts' declared conflicts
        again, audited as declared anew."""
        if not rows:  # a patent's, or a project's without any
            return
        title = self.project(project_id).title
        with self.transaction():
            for row in rows:
                self.conn.execute(
                    "INSERT INTO conflicts (expert_id, project_id, reason, declared_at)"
                    " VALUES (?, ?, ?, ?)",
                    (row["expert_id"], project_id, row["reason"], row["declared_at"]))
                self.audit("declare_conflict", "experts", row["expert_id"], None,
                           {"project_id": project_id, "project": title,
                            "reason": row["reason"], "note": "撤销删除申报"})

    # Statuses an application typed under the wrong year may be moved to another in: no
    # review or award was made under the year it was in (a refusal may be the wrong year's).
    MOVABLE = ("registered", "refused")

    def move_to_year(self, stream: str, app_id: int, year: int) -> int:
        """Move an application typed under the wrong year into ``year``'s campaign (its
        rules judge it there); audited, its status kept. Returns the year it was in."""
        table = _table(stream)
        with self.transaction():
            before = self.application(stream, app_id)
            if before.campaign_year == year:
                raise RegisterError(f"登记号 {app_id} 已在 {year} 年度")
            if before.status not in self.MOVABLE:
                names = "或".join(f"“{workflow.STATUS_ZH[s]}”" for s in self.MOVABLE)
                raise RegisterError(
                    f"登记号 {app_id} 状态为“{workflow.STATUS_ZH.get(before.status, before.status)}”，"
                    f"不能移到其他年度：只有{names}的申报可以移动（评审、核准都是按本年度方案做的）")
            cid = self.campaign_id(year)
            self.changes.application(before)
            (self.changes.patents if stream == PATENT else self.changes.projects).add(app_id)
            self.conn.execute(f"UPDATE {table} SET campaign_id = ?, updated_at = ? WHERE id = ?",
                              (cid, _now(), app_id))
            self.audit("move_year", table, app_id, {"campaign_year": before.campaign_year},
                       {"campaign_year": year})
            return before.campaign_year

    # -- status ----------------------------------------------------------
    def set_status(
        self, stream: str, app_id: int, target: str, reason: str = "",
        **fields: Any,
    ) -> None:
        """Move an application along its workflow; illegal moves raise.

        ``fields`` are set in the same transaction (e.g. award_fen on approval).
        """
        table = _table(stream)
        with self.transaction():
            current = self.scalar(f"SELECT status FROM {table} WHERE id = ?", (app_id,))
            if current is None:
                raise RegisterError(f"没有编号为 {app_id} 的申报")
            workflow.check_transition(stream, current, target, reason)
            if _KEY_COLUMNS & fields.keys():  # a move that also re-files the application
                self.changes.application(self.application(stream, app_id))
            (self.changes.patents if stream == PATENT else self.changes.projects).add(app_id)
            values = {k: db_day(v) if isinstance(v, date) else v for k, v in fields.items()}
            if current == "approved" and target in ("refused", "not_awarded"):
                values.update(self._withdraw_award(stream, app_id))
            if stream == PROJECT and "award_fen" in fields and "award_level" not in fields:
                # The award is made at the studio's level of the day (see migration 9),
                # unless the caller names the level of the tier it was published in.
                values["award_level"] = None if fields["award_fen"] is None else self.scalar(
                    "SELECT s.level FROM project_applications a JOIN studios s"
                    " ON s.id = a.studio_id WHERE a.id = ?", (app_id,))
            values.update(status=target, status_reason=reason, updated_at=_now())
            sets = ", ".join(f"{k} = :{k}" for k in values)
            self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = :id", {**values, "id": app_id})
            self.conn.execute(
                "INSERT INTO status_history (stream, application_id, from_status, to_status,"
                " reason, operator, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (stream, app_id, current, target, reason, self.operator, _now()),
            )
            self.audit("status", table, app_id, {"status": current},
                       {"status": target, "reason": reason, **values})

    def _withdraw_award(self, stream: str, app_id: int) -> dict[str, Any]:
        """An approval withdrawn (核准 → 资格审核不通过, or → 未获助推 on an objection of its
        publicity upheld after the close): refused once a payer has paid part
        of it; else its unpaid payment rows go, so no list asks for them. The award and
        approval date are cleared with the move."""
        paid = self.scalar("SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
                           " AND paid_date IS NOT NULL", (stream, app_id))
        if paid:
            raise RegisterError(
                f"登记号 {app_id} 的助推款已登记拨付 {paid} 笔，不能撤销核准：已拨付的款项须先"
                "由财务核实追回，登记册不删除拨付记录")
        for row in self.query("SELECT * FROM payments WHERE stream = ? AND application_id = ?",
                              (stream, app_id)):
            self.conn.execute("DELETE FROM payments WHERE id = ?", (row["id"],))
            self.audit("delete", "payments", row["id"], row, None)
        return {"award_fen": None, "approved_date": None}

    def status_counts(self, stream: str, app_ids: Iterable[int]) -> dict[str, int]:
        """How many of these applications are in each status, the most common first."""
        found = Counter(status for (status,) in select_in(
            self.conn, f"SELECT status FROM {_table(stream)} WHERE id IN", app_ids))
        return dict(found.most_common())

    def put_history_back(self, stream: str, app_id: int, rows: list[dict[str, Any]]) -> None:
        """An application deleted and brought back (undo) gets its status history as it was:
        who moved it when, and why."""
        with self.transaction():
            self.conn.execute("DELETE FROM status_history WHERE stream = ? AND application_id = ?",
                              (stream, app_id))
            self.conn.executemany(
                "INSERT INTO status_history (stream, application_id, from_status, to_status,"
                " reason, operator, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(stream, app_id, r["from_status"], r["to_status"], r["reason"], r["operator"],
                  r["at"]) for r in rows])

    def status_history(self, stream: str, app_id: int) -> list[dict[str, Any]]:
        return self.query(
            "SELECT from_status, to_status, reason, operator, at FROM status_history"
            " WHERE stream = ? AND application_id = ? ORDER BY id",
            (stream, app_id),
        )


def _award_doc(award: StudioAward) -> dict[str, Any]:
    """An earlier award's audit document (its row id is the event's entity id)."""
    return {k: v for k, v in as_dict(award).items() if k != "id"}


def canonical_patent_number(raw: str) -> str | None:
    """"ZL…" form of a typed patent number, or None when it does not parse."""
    from boostdesk.validate import ValidationError, parse_patent_number

    if not raw.strip():
        return None
    try:
        return parse_patent_number(raw).patent_number
    except ValidationError:
        return None


def _table(stream: str) -> str:
    return {PATENT: "patent_applications", PROJECT: "project_applications"}[stream]


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
