"""The register: one SQLite file holding every campaign, application and change.

Every write goes through a method here so that it is audited (who, when, what,
before and after) and lands in one transaction.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from itertools import starmap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from boostdesk.cancel_points import checkpoint
from boostdesk.money import format_money as _money
from boostdesk.validate import (
    ValidationError,
    parse_patent_number,
    person_key,
    tidy_card,
    tidy_name,
    tidy_patent_number,
    tidy_phone,
)

from . import clock, workflow
from .audit_chain import chain_dropped, known_to_record, last_id, restore, seal
from .batch_insert import (
    NEWEST,
    REGISTER,
    STUDIO_COLUMNS,
    TABLE,
    Batch,
    Judge,
    paper_facts,
    reported_person_facts,
    reported_studio_facts,
)
from .campaign import Campaign, federation_as_union, plan_2022
from .payment_marks import SENT_SQL, sent_counts, sent_text, sent_total
from .record_rows import (
    PATENT_RECORDS,
    PATENT_RULE_FIELDS,
    PROJECT_RECORDS,
    campaign_where,
    db_day,
    db_flag,
    next_id,
    patent_from_row,
    project_from_row,
    records_by_id,
    select_in,
)
from .records import (
    PATENT,
    PROJECT,
    PatentApplication,
    ProjectApplication,
    as_dict,
    id_ref,
    same_value,
)
from .register_base import Changes as Changes
from .register_base import RegisterBase as RegisterBase
from .register_base import RegisterError as RegisterError
from .register_base import computer_name as computer_name
from .register_base import unit_kind as unit_kind
from .register_campaigns import CampaignWrites
from .register_people import PersonWrites
from .register_studios import StudioWrites
from .register_units import UnitWrites
from .schema import CHAIN_VERSION, MIGRATIONS, SCHEMA_VERSION
from .search_text import (
    SEARCHED_FACTS,
    number_keys,
    patent_numbers,
    patent_search_key,
    project_search_key,
    search_key,
    title_key,
)
from .sheet_fields import SHEET_REASON, awarded, sheet_changes

if TYPE_CHECKING:
    pass


class UpgradeCancelled(RegisterError):
    """An upgrade stopped by its caller (取消升级, the window closed): rolled back whole."""

    def __init__(self, version: int) -> None:
        self.version = version
        super().__init__(f"已取消升级：登记册未改动（仍是登记册格式 {version}），原来的 BoostDesk 仍可"
                         "打开它；下次用本程序打开时会重新升级")


# The reason on the lines of what went with a deleted application (its payments, reviews,
# conflicts, objections): the trail reads 随申报删除.
GONE_WITH_APPLICATION = "申报已删除"


BUSY_TIMEOUT_MS = 5000  # how long a write waits for another connection's to end


def schema_garbled(exc: BaseException) -> bool:
    """Is ``exc`` SQLite's "malformed database schema (<a damaged name>)", which Python
    could not decode and raised as UnicodeDecodeError (the register damaged while open)?"""
    return (isinstance(exc, UnicodeDecodeError) and isinstance(exc.object, bytes)
            and exc.object.startswith(b"malformed database schema"))


def explain_sqlite(exc: BaseException) -> str:
    """SQLite's English for the conditions an office meets, said in Chinese."""
    text = "malformed" if schema_garbled(exc) else str(exc)
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


def refused_write_text(exc: BaseException, nothing: str = "未保存任何内容") -> str | None:
    """A write SQLite refused, its transaction rolled back, said in Chinese with what was
    not stored (``nothing``) before what to do: 磁盘空间已满，未保存任何内容：请腾出空间……
    后再试. None: SQLite's own English, a condition :func:`explain_sqlite` does not know."""
    said = explain_sqlite(exc)
    if said == str(exc):
        return None
    head, colon, then = said.partition("：")
    return f"{head}，{nothing}：{then}" if colon else f"{said}，{nothing}"


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


UPGRADE_NOTE = "登记册升级"  # the note of every audit line an upgrade writes (schema.py's too)


def _refuse_other_database(conn: sqlite3.Connection) -> None:
    """A file of version 0 holding tables is another program's database: the first
    migration would write the register's tables into it. ``safety.open_register`` refuses
    such a file before opening it; this is the same refusal for any other opener."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " ORDER BY name")]
    if tables and "campaigns" not in tables:
        shown = "、".join(tables[:5]) + ("等" if len(tables) > 5 else "")
        raise RegisterError(f"这不是 BoostDesk 登记册，而是另一个程序的 SQLite 数据库（其中的表："
                            f"{shown}）；未作任何改动")


def newer_format_refusal(conn: sqlite3.Connection, version: int) -> str:
    """A register of a later format than this release reads, refused with the release to
    install: the one whose upgrade to that format the trail records (its ``upgrade`` line
    keeps the program, ``_audit_upgrade``), else any later than this one. IT read only
    请升级 BoostDesk and had to guess which release the other PC had (IT's tester, stop 47)."""
    from boostdesk import __version__

    said = (f"登记册格式为 {version}，高于本程序支持的格式 {SCHEMA_VERSION}"
            f"（本机的 BoostDesk 是 {__version__}）")
    try:  # a later format's trail may read otherwise: then no release named
        row = conn.execute(
            "SELECT json_extract(after, '$.program') FROM audit_events"
            " WHERE action = 'upgrade' AND entity = 'register'"
            " AND json_extract(after, '$.version') = ? ORDER BY id DESC LIMIT 1",
            (version,)).fetchone()
    except sqlite3.Error:
        row = None
    release = row[0] if row is not None and isinstance(row[0], str) else ""
    if re.fullmatch(r"\d{1,3}\.\d{1,3}\.\d{1,3}", release):
        return (f"{said}：它已由 BoostDesk {release} 升级，请在本机安装 BoostDesk {release}"
                "（或更新的版本）后再打开。登记册未作任何改动")
    return (f"{said}：它是更新版本的 BoostDesk 写的，请在本机安装与其他电脑相同的、比 "
            f"{__version__} 新的 BoostDesk（版本见那台电脑的“帮助”→“关于 BoostDesk”）后再打开。"
            "登记册未作任何改动")


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION,
            before_commit: Callable[[sqlite3.Connection], object] | None = None,
            operator: str = "系统",
            cancelled: Callable[[], bool] | None = None,
            rows: dict[int, int] | None = None) -> int:
    """Bring the schema up to ``target`` in one transaction: a step failing (a full disk)
    leaves the register at the version it had, which the BoostDesk that wrote it opens.
    ``before_commit`` (only when there was something to upgrade) does the upgrade's own
    writes in that transaction: a process killed in them upgrades again at its next start.
    A step's audit lines name ``operator`` and this computer, as a write's do.
    ``cancelled()`` turning true (a flag another thread sets) stops it the same way, even
    inside a statement of seconds, and raises :class:`UpgradeCancelled`. ``rows`` is
    given the rows each step's statements changed (keyed by the version it reaches)."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise RegisterError(newer_format_refusal(conn, version))
    if version == 0:
        _refuse_other_database(conn)
    for name, fn, args in (("search_key", search_key, -1), ("number_keys", number_keys, -1),
                           ("patent_search_key", patent_search_key, 6),
                           ("person_key", person_key, 1), ("tidy_name", tidy_name, 1),
                           ("tidy_card", tidy_card, 1),
                           ("tidy_phone", tidy_phone, 1), ("title_key", title_key, 1)):
        conn.create_function(name, args, fn, deterministic=True)
    from boostdesk.rules.findings import settle_json, unsettle_json  # (the rules import the models)

    conn.create_function("settle_findings", 1, settle_json, deterministic=True)
    conn.create_function("unsettle_findings", 1, unsettle_json, deterministic=True)
    from boostdesk.panel.publicity_outcome import publicity_outcome  # (24: the sheet's words)

    conn.create_function("publicity_outcome", 1, publicity_outcome, deterministic=True)
    conn.create_function("upgrade_now", 0, clock.now)
    conn.create_function("upgrade_operator", 0, lambda: operator)
    conn.create_function("upgrade_computer", 0, computer_name)
    conn.create_function("upgrade_from", 0, lambda start=version: start)  # the version it started at
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
                # The trail's lines this upgrade writes are sealed with it; an upgrade that
                # brings the chain in chains every line there is (migration 30).
                sealed_from = (last_id(conn) if version >= CHAIN_VERSION else 0)
                if version >= CHAIN_VERSION and chain_dropped(conn):  # dropped outside: put
                    restore(conn, operator, computer_name())  # back first, and said
                for step in range(version, target):
                    for statement in _statements(MIGRATIONS[step]):
                        changed = conn.execute(statement).rowcount
                        if rows is not None:
                            rows[step + 1] = rows.get(step + 1, 0) + max(changed, 0)
                if before_commit is not None:
                    before_commit(conn)
                if target >= CHAIN_VERSION:
                    seal(conn, sealed_from)
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
        elif version >= CHAIN_VERSION and chain_dropped(conn):
            _restore_chain(conn, operator)
    finally:
        if foreign_keys:
            conn.execute("PRAGMA foreign_keys = ON")
    return version


def _restore_chain(conn: sqlite3.Connection, operator: str) -> None:
    """The trail's chain column dropped outside the program (a register at 30 or later):
    put back at opening, with a line saying so, chained from that line on. Not written
    (a full disk, another writer): the next write's seal puts it back."""
    try:
        conn.execute("BEGIN IMMEDIATE")
        seal(conn, last_id(conn), operator, computer_name())
        conn.execute("COMMIT")
    except sqlite3.OperationalError:
        if conn.in_transaction:
            conn.execute("ROLLBACK")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


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
# A card corrected after money was sent to the old one (a share sent back by the bank):
# the trail says why, as for every correction of what the money went to.
CARD_REASON = ("更正工会会员互助服务卡号须写明原因（如：原卡已销户，本人提供新卡），记入修改记录。"
               "未保存")
APPROVED = "approved"  # _PAYEE_SQL's key of the approved, unpaid patent awards
# A card changed on an approved award (一（四）2 核准 checked the card; 一（四）3 pays to it):
# where its money goes is redirected, so the trail, the 审批表 and the payment list say why.
APPROVED_CARD_REASON = ("已核准，更正工会会员互助服务卡号即改变助推资金的去向，须写明原因"
                        "（如：本人原卡已挂失，提供新卡），记入修改记录，审批表和拨付清单注明。未保存")
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



@lru_cache(maxsize=8)
def _campaign_of(params: str) -> Campaign:
    """A year's plan from its stored JSON, parsed once (Ctrl+D saves thousands of papers)."""
    return Campaign.from_json(params)


class Register(CampaignWrites, UnitWrites, PersonWrites, StudioWrites):
    """The register: the applications of both streams and opening a file; its other parts
    (campaigns, units, people, studios) come from the classes it inherits."""

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
        rows: dict[int, int] = {}

        def finish(conn: sqlite3.Connection) -> None:
            reg = cls(conn, path, operator)
            reg.upgrade_rows = rows
            reg.upgrade_lines_from = lines_from
            reg._note_stale_verdicts(before)
            reg._audit_upgrade(before)
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
            lines_from = (conn.execute("SELECT coalesce(max(id), 0) FROM audit_events")
                          .fetchone()[0] if 0 < before < SCHEMA_VERSION else 0)
            migrate(conn, before_commit=finish, operator=operator, cancelled=cancelled,
                    rows=rows)
        except UpgradeCancelled:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            if 0 < before < SCHEMA_VERSION:
                raise RegisterError(
                    f"无法把登记册 {path} 升级到本程序的版本：{explain_sqlite(exc)}。"
                    f"登记册未改动（仍是登记册格式 {before}），原来的 BoostDesk 仍可打开它") from exc
            raise RegisterError(f"无法打开登记册 {path}：{explain_sqlite(exc)}") from exc
        reg = upgraded[0] if upgraded else cls(conn, path, operator)
        if not reg.campaign_years():
            reg.save_campaign(plan_2022())
            # a new register's plan has no paper to judge again: noted, its first write
            # (an import of 10,000 rows) re-checked the whole year it had just judged
            reg.changes.campaigns.clear()
        reg._record_known()
        return reg

    def _record_known(self) -> None:
        """Once per register, as this release first opens it: the unsealed 导出评分包 lines
        0.19.0 left, recorded (ids, content hashes) in a sealed line; the check exempts
        those alone, so an unsealed line slipped in later is a break. Not written (another
        writer holds the file): the next opening records them."""
        found = known_to_record(self.conn)
        if found is None:
            return
        from .audit_chain import FIXED_RELEASE, KNOWN_ACTION

        try:
            with self.transaction():
                self._audit_line(KNOWN_ACTION, "register", None, None, {
                    "说明": f"{FIXED_RELEASE} 版首次打开此登记册：记下 0.19.0 版“导出评分包”写入的"
                            "无校验值的行（及其内容的校验值），只有这些行不算断点",
                    "release": FIXED_RELEASE, "lines": [list(x) for x in found]})
        except (sqlite3.Error, RegisterError):  # (a full disk, a file not writable)
            pass

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All-or-nothing; nested calls join the outer transaction. The outermost one
        brings the payment plan in line with what its writes changed before it commits
        (``finance.plan_follow``): the payables an approval, a publicity's close or an
        acceptance makes owed are created by that write, under its operator and time."""
        if self._depth:
            with super().transaction():
                yield
            return
        from boostdesk.finance import plan_follow  # (finance imports the models)

        plan_follow.install(self.conn)
        with super().transaction():
            yield
            plan_follow.follow(self)

    def _audit_upgrade(self, before: int) -> None:
        """One line in the trail for the upgrade itself: from which version, by which
        BoostDesk, who opened it (a register an older BoostDesk left; not a new one)."""
        if 0 < before < SCHEMA_VERSION:
            from boostdesk import __version__

            note, self.note = self.note, UPGRADE_NOTE  # as the migrations' own lines
            try:
                self.audit("upgrade", "register", None, {"version": before},
                           {"version": SCHEMA_VERSION, "program": __version__})
            finally:
                self.note = note

    def _note_stale_verdicts(self, before: int) -> None:
        """The verdicts a register the BoostDesk of version ``before`` left holds are its
        rules', which may have been fixed since (and before migration 10 a paper was
        judged on its person's newest facts): every campaign is noted for a re-check."""
        if 0 < before < SCHEMA_VERSION:
            self.changes.campaigns.update(self.campaign_years())

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
        phone, unions, industry, remarks, seq, award; for a whole
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

    def _refuse_federation_union(self, app: PatentApplication | ProjectApplication,
                                 stream: str) -> None:
        """A paper's 推荐单位 is never made the federation itself (the form's, as the import's
        ``io.importer._federation_unions``): its share would be the federation's again. A
        paper registered so before is saved as it is (Ctrl+D, materials ticked, a card
        corrected); renaming the union (`correct union`) is the way out."""
        unit_name, year = app.unit_name, app.campaign_year
        if not unit_name:
            return
        if app.id is not None:
            table = "patent_applications" if stream == PATENT else "project_applications"
            stored = self.scalar(f"SELECT u.name FROM {table} a JOIN units u ON u.id = a.unit_id"
                                 " WHERE a.id = ?", (app.id,))
            if stored is not None and stored == tidy_name(unit_name):
                return
        params = self.scalar("SELECT params FROM campaigns WHERE year = ?", (year,))
        if params and (why := federation_as_union(unit_name, _campaign_of(params), stream)):
            raise RegisterError(f"未保存：推荐单位{why}")

    def save_patent(self, app: PatentApplication, *, restore_id: int | None = None,
                    reason: str = "", keep_person: bool = False) -> int:
        """Insert or update; returns the application id. Audited. ``restore_id``: a new
        record brought back (a deletion or an entry undone, then redone) under the id it
        had, when still free, its audit trail continuing. ``reason``: why, written on the
        update's line of the trail; required to correct the card of an award with money
        sent (:data:`CARD_REASON`) or of an approved one (:data:`APPROVED_CARD_REASON`; a
        card missing at the approval may be filled in without). ``keep_person``: a registered person the ID number
        finds keeps his card, phone and frontline status (a union's table correcting the
        paper's ID onto him: ``resend.apply``); the paper keeps its own card. So does one
        a stored paper's corrected ID moves it onto who has an award paid or approved
        (:meth:`moved_onto_awarded`: his money went to his card), whoever saves it."""
        reason = " ".join(reason.split())
        with self.transaction():
            typed = person_key(app.id_number)
            left_card = (self.scalar("SELECT card_number FROM patent_applications WHERE id = ?",
                                     (app.id,)) if app.id is not None else None)
            if (not reason and app.id is not None and tidy_card(left_card or "")
                    and tidy_card(app.card_number or "") != tidy_card(left_card or "")
                    and self.scalar("SELECT status FROM patent_applications WHERE id = ?",
                                    (app.id,)) == APPROVED
                    # money sent: _refuse_paid_changes says what may change and why
                    and app.id not in sent_counts(self.conn, PATENT, [app.id])):
                raise RegisterError(f"{id_ref(PATENT, app.id)} {APPROVED_CARD_REASON}")
            watched = self._paid_watch(PATENT, app.id, "person_id", (
                app.person_id,
                self.scalar("SELECT id FROM people WHERE id_number = ?", (typed,)) if typed
                else None))
            cid = self.campaign_id(app.campaign_year)
            if restore_id is None:  # a deleted paper brought back is as it was
                self._refuse_federation_union(app, PATENT)
            unit_id = self.ensure_unit(app.unit_name)
            ent_id = self.ensure_enterprise(app.enterprise_name, unit_id)
            mark = self.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events")
            kept = (keep_person and typed and self.scalar(
                "SELECT 1 FROM people WHERE id_number = ?", (typed,))
                    ) or self.moved_onto_awarded(app) is not None
            # nor, once his award was paid or approved, a card not typed anew on this save:
            # the paper moved onto him, saved again (materials ticked), is not his new card
            held = not kept and app.id is not None and typed and tidy_card(
                app.card_number) == tidy_card(left_card or "") and self.awarded_people({typed})
            person_id = self.ensure_person(
                app.inventor_name, app.id_number, "" if kept or held else app.card_number,
                "" if kept else app.phone, None if kept else app.frontline, ent_id,
                current_id=app.person_id, newest=self._newest_paper(app, typed),
            )
            person = (self.query("SELECT card_number, frontline, id_number, phone FROM people"
                                 " WHERE id = ?", (person_id,))[0]
                      if person_id is not None else None)
            card, frontline = paper_facts(app, person)
            reported = reported_person_facts(app, person_id)
            # Always from the typed number: a record loaded and edited keeps the old one.
            number = canonical_patent_number(app.patent_number_raw)
            values = {
                "campaign_id": cid, "seq": app.seq, "unit_id": unit_id,
                "enterprise_id": ent_id, "person_id": person_id, "title": app.title,
                "patent_number_raw": tidy_patent_number(app.patent_number_raw),
                "patent_number": number,
                "grant_date": db_day(app.grant_date), "service_invention": db_flag(app.service_invention),
                "applied_in_production": db_flag(app.applied_in_production),
                "card_number": card, "frontline": frontline,
                **reported,
                "industry": app.industry, "remarks": app.remarks,
                "received_date": db_day(app.received_date),
                "materials": json.dumps(app.materials, ensure_ascii=False, sort_keys=True),
                "award_fen": app.award_fen, "approved_date": db_day(app.approved_date),
                "search_text": patent_search_key(
                    tidy_name(app.inventor_name), app.patent_number_raw, number, app.title,
                    app.unit_name, app.enterprise_name,
                ),
                "search_numbers": patent_numbers(
                    person["id_number"] if person else reported["reported_id_number"],
                    person["phone"] if person else reported["reported_phone"],
                    card, person["card_number"] if person else None),
                "updated_at": clock.now(),
            }
            app_id = self._save("patent_applications", PATENT, app, values, restore_id,
                                noted={"reason": reason} if reason else None)
            # What this paper changed of its person is marked with it, to be taken back
            # when the paper names him no more (_take_back_paper_changes); with the reason
            # too (a card corrected: the person's trail says why, as the paper's does).
            why = {"reason": reason} if reason else {}
            for event_id, after in self.conn.execute(
                    "SELECT id, after FROM audit_events WHERE id > ? AND entity = 'people'"
                    " AND action = 'update' AND entity_id IS ?", (mark, person_id)).fetchall():
                self.conn.execute("UPDATE audit_events SET after = ? WHERE id = ?", (
                    json.dumps({**json.loads(after), "paper": app_id, **why}, ensure_ascii=False),
                    event_id))
            if app.person_id is not None and app.person_id != person_id:
                self._take_back_paper_changes(app.person_id, app_id, left_card)
            self._refuse_paid_changes(PATENT, app.id, watched, reason)
            self._refuse_unsaid_sheet_change(PATENT, app.id, mark, reason)
            if app.person_id is not None and app.person_id != person_id:
                self._drop_person_if_unused(app.person_id)
            return app_id

    def moved_onto_awarded(self, app: PatentApplication) -> tuple[str, int, int, str] | None:
        """(name, application, year, its money as ``awarded_people`` says it) of the
        registered person a stored paper's corrected ID number moves it onto, when he has
        a patent award paid or approved: the card his award was paid (or is to be paid)
        to and his phone stay his on this save (``save_patent``), as a union's table
        moving a paper onto him never writes them (``resend.id_correction``). None for a
        new paper, an ID that still names the paper's person, or a person with no award."""
        typed = person_key(app.id_number)
        if app.id is None or not typed:
            return None
        holder = self.scalar("SELECT id FROM people WHERE id_number = ?", (typed,))
        now = self.scalar("SELECT person_id FROM patent_applications WHERE id = ?", (app.id,))
        if holder is None or holder == now:
            return None
        return self.awarded_people({typed}).get(typed)

    def paper_changes_to_take_back(self, person_id: int, paper_id: int, *,
                                   keep_paid_name: bool = True) -> dict[str, Any]:
        """What the paper changed of the person and he still has, as it was before: taken
        back when the paper names him no more. His name is kept once money of another award
        of his was sent (the payment list names him so; one the bank sent back is sent again
        under it): the 人员 tab corrects it, with a reason."""
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
        if keep_paid_name and "name" in changes and any(self.sent_under_name(person_id,
                                                                             paper_id)):
            del changes["name"]
        return changes

    def sent_under_name(self, person_id: int, paper_id: int | None) -> tuple[int, int]:
        """The payments sent under the name the person has, of his papers other than
        ``paper_id``: (standing paid, sent and sent back by the bank, owed again), as
        ``payment_marks.sent_text`` says them. A returned transfer counts: the list it left
        on names him so, and it is sent again to him."""
        ids = [r[0] for r in self.conn.execute(
            "SELECT a.id FROM patent_applications a WHERE a.person_id = ? AND a.id IS NOT ?"
            " AND EXISTS (SELECT 1 FROM payments p WHERE p.stream = 'patent'"
            f" AND p.application_id = a.id AND {SENT_SQL})", (person_id, paper_id))]
        return sent_total(self.conn, PATENT, ids)

    def _take_back_paper_changes(self, person_id: int, paper_id: int,
                                 paper_card: str | None = None) -> None:
        """The person a paper names no more (its ID number corrected, the paper deleted)
        gets back what that paper changed of him (its audit events are marked with it): a
        paper typed with his ID number by mistake renamed him, and his own papers, approval
        sheets and payment lines kept the other's name. A fact changed since by anything
        else (the 人员 tab's correction, a later paper) is kept. His card follows the
        papers he has left (``paper_card``: the card the paper gave before it left him,
        :meth:`card_left_with`)."""
        changes = self.paper_changes_to_take_back(person_id, paper_id)
        rows = self.query("SELECT * FROM people WHERE id = ?", (person_id,))
        if not rows:
            return
        now = rows[0]
        card = self.card_left_with(person_id, paper_id,
                                   changes.get("card_number", now["card_number"]), paper_card)
        if card == now["card_number"]:
            changes.pop("card_number", None)
        else:
            changes["card_number"] = card
        if changes:
            self.update_audited("people", person_id, now, changes, {"undone_paper": paper_id})
            self.changes.people.add(person_id)
            if changes.keys() & SEARCHED_FACTS:
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
                     restore_id: int | None = None, reason: str = "") -> int:
        """Insert or update; returns the application id. Audited (``restore_id``, ``reason``:
        as :meth:`save_patent`; a fact the signed 审批表 of an approved or paid award prints
        changes only with a reason, ``sheet_fields``). The studio's facts on
        the paper replace the register's; with ``studio_facts`` only those record fields
        do (STUDIO_COLUMNS' keys; empty: the clerk kept the register's), the others only
        fill what the register lacks."""
        leader, contact = tidy_name(app.leader), tidy_name(app.contact_name)
        with self.transaction():
            # the paper itself: a studio's other paid papers keep their payee (migration 11)
            watched = self._paid_watch(PROJECT, app.id, "studio_id", ())
            # where it stood: an award moved to another studio (or year) is checked below
            was = (self.conn.execute("SELECT studio_id, campaign_id FROM project_applications"
                                     " WHERE id = ?", (app.id,)).fetchone()
                   if app.id is not None else None)
            cid = self.campaign_id(app.campaign_year)
            if restore_id is None:  # a deleted paper brought back is as it was
                self._refuse_federation_union(app, PROJECT)
            unit_id = self.ensure_unit(app.unit_name)
            # a paid paper's 所在单位 is its payee, fixed: not a fact of its studio now; a
            # registered studio keeping its enterprise (the clerk kept the register's) takes
            # none, and no enterprise of the paper's spelling is registered for nothing
            ent_id = (None if self._payee_kept(app) or self._studio_keeps_enterprise(
                app, studio_facts) else self.ensure_enterprise(app.enterprise_name, unit_id))
            studio_id = self.ensure_studio(
                app.studio_name, app.studio_level, unit_id, ent_id, leader, app.model_studio,
                overwrite=None if studio_facts is None
                else {STUDIO_COLUMNS[k] for k in studio_facts},
            )
            values = {
                "campaign_id": cid, "seq": app.seq, "unit_id": unit_id, "studio_id": studio_id,
                "title": app.title, "title_key": title_key(app.title), "leader": leader,
                # a paper naming no studio keeps the studio's facts it gives (migration 21)
                **reported_studio_facts(app, studio_id, ent_id),
                "outside_level": app.outside_level or None,
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
                "search_text": project_search_key(
                    app.title, app.studio_name, leader, app.unit_name, app.enterprise_name,
                    contact,
                ),
                "search_numbers": number_keys(tidy_phone(app.contact_phone)),
                "updated_at": clock.now(),
            }
            budget_before = (self.scalar("SELECT total_budget_fen FROM project_applications"
                                         " WHERE id = ?", (app.id,)) if app.id else None)
            reason = " ".join(reason.split())
            mark = self.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events")
            app_id = self._save("project_applications", PROJECT, app, values, restore_id,
                                noted={"reason": reason} if reason else None)
            self._refuse_paid_changes(PROJECT, app.id, watched)
            if app.id is not None and app.total_budget_fen != budget_before and (
                    over := self.award_over_cap(app_id, app.total_budget_fen)):
                raise RegisterError(over)  # rolled back
            if was is not None and tuple(was) != (studio_id, cid):
                from .studio_limits import move_refusal

                if refusal := move_refusal(self, app_id):  # 二（二）2: rolled back
                    raise RegisterError(refusal)
            # last: a refusal that says what is wrong (the 50 % cap) before why to say why
            self._refuse_unsaid_sheet_change(PROJECT, app.id, mark, reason)
            if app.studio_id is not None and app.studio_id != studio_id:
                self._drop_studio_if_unused(app.studio_id)
            return app_id

    def _studio_keeps_enterprise(self, app: ProjectApplication,
                                 studio_facts: Collection[str] | None) -> bool:
        """Whether the registered studio ``app`` names keeps its enterprise, not the
        paper's (``save_project``'s ``studio_facts`` without it)."""
        if studio_facts is None or "enterprise_name" in studio_facts:
            return False
        return bool(self.scalar("SELECT enterprise_id FROM studios WHERE name = ?",
                                (tidy_name(app.studio_name),)))

    def _payee_kept(self, app: ProjectApplication) -> bool:
        """True when the project has a payment recorded, its payee fixed (migration 11): a
        save may not name another 所在单位 (refused, saying where it is corrected or the
        studio moved), nor move the studio by the payee's name (a studio moved on 工作室
        since would go back to where the award was paid)."""
        if app.id is None:
            return False
        payee = self.scalar("SELECT e.name FROM project_applications a LEFT JOIN enterprises e"
                            " ON e.id = a.payee_enterprise_id WHERE a.id = ?", (app.id,))
        sent = sent_counts(self.conn, PROJECT, [app.id]).get(app.id)
        if sent is None or payee is None:  # no payee fixed (nothing sent)
            return False
        if tidy_name(app.enterprise_name) != payee:
            # not 已拨付 where the bank sent some back: the money left, and is sent again there
            stays = ("已汇出助推款的项目仍拨付给原单位，被银行退回的也向它重拨" if sent[1]
                     else "已拨付的项目仍拨付给原单位")
            raise RegisterError(
                f"{id_ref(app.stream, app.id or 0)} 的助推款{sent_text(*sent)}，所在单位（收款单位）不能由申报改为"
                f"“{tidy_name(app.enterprise_name)}”：款项是拨付给“{payee}”的，拨付清单和审批表也按它"
                f"打印。未保存。{CORRECT_SHARED['enterprise_name']}；工作室确已迁到其他单位的，请在"
                f"“工作室”中选中它，按“修改”改其所在单位（{stays}）")
        return True

    def award_over_cap(self, app_id: int, budget: int | None) -> str:
        """Why project ``app_id`` may not have its total budget corrected to ``budget``
        (二（三）: the award is at most the cap's share of it): the award was set, published
        or approved on the old figure, and the close of publicity would approve it over the
        cap. "" when it may. Asked by the form before the 审批表's reason (a reason typed
        for a save then refused was typed for nothing), and by :meth:`save_project`."""
        row = self.conn.execute(
            "SELECT a.status, COALESCE(a.award_fen, p.amount_fen), c.year"
            " FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " LEFT JOIN proposals p ON p.project_id = a.id WHERE a.id = ?", (app_id,)).fetchone()
        if row is None:
            return ""
        status, award, year = row
        if award is None or status not in ("proposed", "publicized", "approved", "paid_first"):
            return ""
        c = self.campaign(year)
        if budget is not None and award * 100 <= budget * c.budget_cap_percent:
            return ""
        stage = {"proposed": "已采纳为拟助推", "publicized": "正在公示"}.get(status, "已核准")
        way = ("请先在“专家评审”撤回拟助推名单，改正后重新采纳" if status == "proposed"
               else "公示的金额不能因改动而超限：如确属录错，请在“公示”中登记异议并认定成立，"
                    "改正后重新评审")
        budget_text = _money(budget) if budget is not None else "（空）"
        return (f"该项目{stage}，助推资金 {_money(award)}；项目总投入改为 {budget_text} 后，"
                f"助推资金超过其 {c.budget_cap_percent}%（{c.clause('project_award')}）。{way}。未保存")

    def _drop_studio_if_unused(self, studio_id: int) -> None:
        """A studio no project or earlier award names any more (its name corrected on the
        paper) goes, as an entry undone leaves none: kept, the completer would offer it.
        Its facts are noted as they were: the studios near it then counted its papers
        with theirs (rules.near_studios), and the re-check finds them by those facts."""
        if self.scalar("SELECT EXISTS (SELECT 1 FROM project_applications WHERE studio_id = ?)"
                       " OR EXISTS (SELECT 1 FROM studio_awards WHERE studio_id = ?)",
                       (studio_id, studio_id)):
            return
        rows = self.query("SELECT * FROM studios WHERE id = ?", (studio_id,))
        if rows:
            self.conn.execute("DELETE FROM studios WHERE id = ?", (studio_id,))
            self.changes.studios.add(studio_id)
            self.changes.studio_was(rows[0])
            self.audit("delete", "studios", studio_id, rows[0], None)

    def _save(
        self, table: str, stream: str, app: PatentApplication | ProjectApplication,
        values: dict[str, Any], restore_id: int | None = None,
        noted: dict[str, Any] | None = None,
    ) -> int:
        from boostdesk.rules.check import footing_of, rejudge_later  # (the rules import the models)

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
            rejudge_later(self, stream, None, footing_of(saved))  # later years' papers of its key
            return app_id
        before = self.patent(app.id) if stream == PATENT else self.project(app.id)
        if values.get("unit_id") != self.scalar(f"SELECT unit_id FROM {table} WHERE id = ?",
                                                (app.id,)):
            self._refuse_paid_unit_change(stream, app.id, before.unit_name)
        self.changes.application(before)
        sets = ", ".join(f"{k} = :{k}" for k in values)
        self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = :id", {**values, "id": app.id})
        after = self.patent(app.id) if stream == PATENT else self.project(app.id)
        # later years' papers of its old and new key
        rejudge_later(self, stream, footing_of(before), footing_of(after))
        b, a = as_dict(before), as_dict(after)
        # a checklist saved by the form (every key) after an import's {}: no change
        changed = [k for k in a if not same_value(k, b.get(k), a[k])]
        if changed:
            # what the signed 审批表 of an award said and says now: its reprint's 注
            printed = sheet_changes(stream, b, a) if awarded(stream, before.status) else {}
            self.audit("update", table, app.id, {k: b[k] for k in changed},
                       {**{k: a[k] for k in changed}, **(noted or {}),
                        **({"printed": printed} if printed else {})})
        return app.id

    def _refuse_unsaid_sheet_change(self, stream: str, app_id: int | None, mark: int,
                                    reason: str) -> None:
        """An approved or paid award's save that changed a fact its signed 审批表 prints
        (``sheet_fields``) without saying why: refused (the transaction rolls back)."""
        if app_id is None or reason:
            return
        line = self.scalar(
            "SELECT json_extract(after, '$.printed') FROM audit_events WHERE id > ?"
            " AND entity = ? AND entity_id = ? AND action = 'update'"
            " AND json_type(after, '$.printed') IS NOT NULL ORDER BY id DESC LIMIT 1",
            (mark, _table(stream), app_id))
        if line:
            labels = "、".join(json.loads(line))
            raise RegisterError(f"{id_ref(stream, app_id)} 已核准，{labels}{SHEET_REASON}")

    def _refuse_paid_unit_change(self, stream: str, app_id: int, unit_name: str) -> None:
        """The recommending union pays its share (一（三）/ 二（三））: the payment rows name
        it through the application. Once one is sent (paid, or sent back by the bank and
        owed again), another union on the application would be recorded as having paid
        what it never did: refused."""
        # a transfer the bank sent back (退汇) was sent all the same: its share is sent
        # again by the union it left from, and the trail names that union as its payer
        paid, returned = self.conn.execute(
            "SELECT COUNT(p.paid_date), COALESCE(SUM(p.paid_date IS NULL AND"
            f" {SENT_SQL}), 0) FROM payments p WHERE p.stream = ? AND p.application_id = ?",
            (stream, app_id)).fetchone()
        if paid or returned:
            raise RegisterError(
                f"该申报{sent_text(paid, returned)}（推荐单位“{unit_name}”的分担部分按其名下拨付），"
                "推荐单位不能再改：改了，"
                + ("已汇出的款项就会记到另一家工会名下（被银行退回的也由原推荐单位重拨）。"
                   if returned else "已拨付的款项就会记到另一家工会名下。")
                + CORRECT_SHARED["unit_name"]
            )

    def returned_owed(self, stream: str, app_id: int) -> bool:
        """A share of the award came back from the card it was sent to (退汇, still
        standing) and is owed again: the paper's card may be corrected, though another
        share paid to the old card stays paid (its lines keep naming the card it went to,
        ``payment_marks.PAID_CARD_SQL``). The federation and the union pay apart: the
        union's transfer may have reached the card before it was closed."""
        from boostdesk.models.payment_marks import STANDING_RETURN_SQL

        return bool(self.scalar(
            "SELECT 1 FROM payments p WHERE p.stream = ? AND p.application_id = ?"
            f" AND p.paid_date IS NULL AND {STANDING_RETURN_SQL.format(payment='p.id')}"
            " IS NOT NULL LIMIT 1", (stream, app_id)))

    def _paid_watch(self, stream: str, app_id: int | None, key: str,
                    key_ids: Iterable[int | None]) -> dict[int, dict[str, Any]]:
        """The applications a save may touch that have a transfer sent (the one edited,
        and those of the same person or studio), as they stand before it: paid, or sent
        back by the bank (退汇) and owed again — the money left under what the paper
        said and is sent again under it. A mark cancelled (撤销拨付登记) was never sent."""
        ids = [i for i in key_ids if i is not None]
        where = f"a.{key} IN ({','.join('?' * len(ids))})" if ids else "0"
        rows = self.conn.execute(
            f"SELECT a.id FROM {_table(stream)} a WHERE (a.id IS ? OR {where})"
            " AND EXISTS (SELECT 1 FROM payments p WHERE p.stream = ?"
            f" AND p.application_id = a.id AND {SENT_SQL})",
            (app_id, *ids, stream)).fetchall()
        return {r[0]: as_dict(self.application(stream, r[0])) for r in rows}

    def _refuse_paid_changes(self, stream: str, app_id: int | None,
                             watched: dict[int, dict[str, Any]], reason: str = "") -> None:
        """Refuse (the transaction rolls back) a save that changed what an award with a
        transfer sent was judged on, paid to or paid by (FIXED_ONCE_PAID): the payment
        lists and sheets would name another payee or payer than the one recorded as paid,
        and the rules would judge facts other than those the money was paid on. A transfer
        the bank sent back (退汇) was sent all the same, and is sent again under them (only
        the card it came back from may then change)."""
        for other, old in watched.items():
            new = as_dict(self.application(stream, other))
            paid, returned = sent_counts(self.conn, stream, [other]).get(other, (0, 0))
            sent = sent_text(paid, returned)
            if other == app_id:
                changed = [name for name in FIXED_ONCE_PAID[stream] if old[name] != new[name]]
                labels = [FIXED_ONCE_PAID[stream][name] for name in changed]
                if changed == ["card_number"] and self.returned_owed(stream, other):
                    # the bank sent a share back from this card: paid anew to the new one,
                    # the change said why on the trail (the reprinted sheet names both cards)
                    if not reason:
                        raise RegisterError(f"{id_ref(stream, other)} 的助推款{sent}：{CARD_REASON}")
                    continue
                if labels:
                    person = (f"；{CORRECT_PERSON}" if stream == PATENT and {"第一发明人", "身份证号"}
                              & set(labels) else "")
                    person += "".join(f"；{CORRECT_SHARED[name]}" for name in CORRECT_SHARED
                                      if name in FIXED_ONCE_PAID[stream]
                                      and old[name] != new[name])
                    raise RegisterError(
                        f"{id_ref(stream, other)} 的助推款{sent}，{'、'.join(labels)}不能再改："
                        + ("款项是按原来的内容核准、由原来的单位汇出给原来的收款人的，被银行退回的"
                           "也按原内容重拨，" if returned else
                           "款项是按原来的内容核准、由原来的单位拨付给原来的收款人的，")
                        + "拨付清单和审批表也按原内容打印。未保存。联系电话、备注、所属领域、"
                        f"收件日期和材料仍可修改；如确属当初录错，请在备注中写明{person}")
                continue
            for name in _PAYEE[stream]:
                if old[name] != new[name]:
                    raise RegisterError(
                        f"本表会把第一发明人“{old[name]}”改为“{new[name]}”，而其"
                        f" {old['campaign_year']} 年度{id_ref(stream, other)} 的助推款已按“{old[name]}”"
                        f"{sent.removeprefix('已')}："
                        + ("已汇出的款项（被银行退回的也按原名重拨）" if returned else "已拨付的款项")
                        + "不能改到另一个名下。如是身份证号录错，"
                        "请改正身份证号（同一身份证号在登记册中是同一人）；"
                        f"如是姓名录错，请按登记册写作“{old[name]}”；如是登记册写错（以身份证为准），"
                        + CORRECT_NAME + "。未保存")

    # -- many new applications at once (imports) ----------------------------
    def insert_patents(
        self, apps: Sequence[PatentApplication], source: str = "",
        progress: Callable[[int, int], None] | None = None, judge: Judge | None = None,
        *, dry_run: bool = False,
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

        ``dry_run``: the batch is only taken as far as its verdicts, ``judge`` ending it
        (it raises; the caller's transaction rolls everything back: the import preview's
        ``import_commit.judge_import``). No audit trail is built for what will not be
        kept, and the applications are never stored: a judge that returns is refused.
        """
        with self.transaction():
            keys = {person_key(a.id_number) for a in apps} - {""}
            checkpoint()  # an import preview's dry run, cancelled: stops here
            paid = self._paid_payees(PATENT, keys)
            checkpoint()
            approved = {k: v for k, v in self._paid_payees(APPROVED, keys).items()
                        if k not in paid}
            checkpoint()
            stored = Batch(self, apps, source, progress, clock.now(),
                           dry_run=dry_run).patents(judge)
            self._refuse_renamed_payees(PATENT, paid)
            self._refuse_renamed_payees(PATENT, approved, paid=False)
            if judge is None:  # their people, and so the people changed, are read back
                self.changes.patents.update(r.id for r in stored)  # type: ignore[misc]
            return stored

    def insert_projects(
        self, apps: Sequence[ProjectApplication], source: str = "",
        progress: Callable[[int, int], None] | None = None, judge: Judge | None = None,
        *, studio_facts: str = NEWEST,
        registered: Sequence[tuple[int, ProjectApplication]] = (), dry_run: bool = False,
    ) -> list[ProjectApplication]:
        """:meth:`insert_patents` for project applications (``save_project``'s rows).

        ``studio_facts``: whose facts a studio the batch names keeps — ``NEWEST`` (each
        application's overwrite, as ``save_project`` one after another), ``REGISTER`` (a
        studio already registered keeps its facts, its blanks filled) or ``TABLE`` (the
        batch's overwrite them). With either of the last two, the first application giving a
        fact of a studio settles it for the batch: a later one giving it otherwise is not
        taken (a unit's table naming one studio twice, at two levels). An awarded studio
        keeps its level whatever is asked (``studios_with_award``). ``registered``: a table's
        rows registered already, giving their studios' facts among the batch's (see
        ``Batch.projects``); their applications are not stored again."""
        if studio_facts not in (NEWEST, REGISTER, TABLE):
            raise ValueError(f"studio_facts: {studio_facts!r}")
        with self.transaction():
            batch = Batch(self, apps, source, progress, clock.now(),
                          [r for _i, r in registered], dry_run=dry_run)
            stored = batch.projects(judge, studio_facts, registered)
            if judge is None:
                self.changes.projects.update(r.id for r in stored)  # type: ignore[misc]
            return stored

    _PAYEE_SQL = {
        # money sent: paid, or sent back by the bank (退汇) and owed again under his name
        PATENT: ("SELECT pe.id, pe.name, a.id, c.year, pe.id_number FROM people pe"
                 " JOIN patent_applications a ON a.person_id = pe.id"
                 " JOIN campaigns c ON c.id = a.campaign_id"
                 " WHERE EXISTS (SELECT 1 FROM payments p WHERE p.stream = 'patent'"
                 f" AND p.application_id = a.id AND {SENT_SQL}) AND pe.id_number IN"),
        # approved, not paid yet: its approval sheet is printed, its lines listed by name
        APPROVED: ("SELECT p.id, p.name, a.id, c.year, p.id_number FROM people p"
                   " JOIN patent_applications a ON a.person_id = p.id"
                   " JOIN campaigns c ON c.id = a.campaign_id"
                   " WHERE a.status = 'approved' AND p.id_number IN"),
    }

    def _paid_payees(self, stream: str, keys: set[str]) -> dict[int, tuple[Any, ...]]:
        """The people (by ID number) a batch names that were sent an award's money (paid,
        or sent back by the bank): id -> (payee name, application, year, key), as they
        stand before it."""
        return {r[0]: r[1:] for r in select_in(self.conn, self._PAYEE_SQL[stream], keys)}

    def awarded_people(self, id_numbers: set[str]) -> dict[str, tuple[str, int, int, str]]:
        """Of these ID numbers, the people with a patent award whose money was sent, or
        approved, whom no table may rename: ID number -> (registered name, application,
        year, what its money is as a refusal says it: 已登记拨付, 已汇出 N 笔（均被银行退回，
        待重拨） or 已核准)."""
        found: dict[str, tuple[str, int, int, str]] = {}
        for kind, paid in ((APPROVED, False), (PATENT, True)):  # a sent award named last wins
            for name, app_id, year, number in self._paid_payees(kind, id_numbers).values():
                found[number] = (name, app_id, year, self._award_money(app_id, paid))
        return found

    def _award_money(self, app_id: int, sent: bool) -> str:
        """A patent award's money as a table's refusal says it: 已核准 (none sent),
        已登记拨付, or — the bank having sent some back (owed again) — sent_text's words,
        never 已拨付 for money that came back."""
        if not sent:
            return "已核准"
        paid, returned = sent_counts(self.conn, PATENT, [app_id]).get(app_id, (0, 0))
        return sent_text(paid, returned) if returned else "已登记拨付"

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
            state = self._award_money(app_id, paid)
            if state == "已登记拨付":
                why = "已登记拨付：已拨付的款项不能改到别人名下"
            elif paid:  # sent, and (some of it) sent back: sent again under the same name
                why = (f"{state}，拨付清单按“{name}”汇出，被银行退回的仍按此名重拨："
                       "不能由汇总表改名")
            else:
                why = f"已核准，审批表和拨付清单按“{name}”打印：不能由汇总表改名"
            raise RegisterError(
                f"{what}，其 {year} 年度{id_ref(stream, app_id)} 的助推款{why}，整表未导入。请核对该行，"
                "改正后再导入；如是登记册写错（以身份证为准），" + CORRECT_NAME)

    def application(self, stream: str, app_id: int) -> PatentApplication | ProjectApplication:
        return self.patent(app_id) if stream == PATENT else self.project(app_id)

    def delete_application(self, stream: str, app_id: int) -> list[dict[str, Any]]:
        """Delete an application, audited; returns a project's declared conflicts it took
        (:meth:`put_conflicts_back` gives them back when the deletion is undone)."""
        from boostdesk.rules.check import footing_of, rejudge_later  # (the rules import the models)

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
            rejudge_later(self, stream, footing_of(before), None)  # later years' papers of its key
            self.audit("delete", table, app_id, as_dict(before), None)
            if isinstance(before, PatentApplication) and before.person_id is not None:
                self._take_back_paper_changes(before.person_id, app_id, before.card_number)
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
        from dataclasses import replace

        from boostdesk.rules.check import footing_of, rejudge_later  # (the rules import the models)

        table = _table(stream)
        with self.transaction():
            before = self.application(stream, app_id)
            if before.campaign_year == year:
                raise RegisterError(f"{id_ref(stream, app_id)} 已在 {year} 年度")
            if before.status not in self.MOVABLE:
                names = "或".join(f"“{workflow.STATUS_ZH[s]}”" for s in self.MOVABLE)
                raise RegisterError(
                    f"{id_ref(stream, app_id)} 状态为“{workflow.STATUS_ZH.get(before.status, before.status)}”，"
                    f"不能移到其他年度：只有{names}的申报可以移动（评审、核准都是按本年度方案做的）")
            cid = self.campaign_id(year)
            self.changes.application(before)
            (self.changes.patents if stream == PATENT else self.changes.projects).add(app_id)
            self.conn.execute(f"UPDATE {table} SET campaign_id = ?, updated_at = ? WHERE id = ?",
                              (cid, clock.now(), app_id))
            # later years' papers, from either year
            rejudge_later(self, stream, footing_of(before),
                          footing_of(replace(before, campaign_year=year)))
            self.audit("move_year", table, app_id, {"campaign_year": before.campaign_year},
                       {"campaign_year": year})
            return before.campaign_year

    # -- status ----------------------------------------------------------
    def set_status(
        self, stream: str, app_id: int, target: str, reason: str = "",
        *, decided_on: date | None = None, restoring: bool = False, **fields: Any,
    ) -> None:
        """Move an application along its workflow; illegal moves raise (``restoring``:
        恢复申报's moves back too, ``workflow.RESTORE_ONLY``).

        ``fields`` are set in the same transaction (e.g. award_fen on approval).
        ``decided_on``: the day the decision was made, as the clerk dated it (资格审核), kept
        in the status history beside when it was recorded.
        """
        from boostdesk.rules.check import footing, rejudge_later  # (the rules import the models)

        table = _table(stream)
        with self.transaction():
            was = footing(self, stream, app_id)  # its status, and what later papers read of it
            if was is None:
                raise RegisterError(f"没有编号为 {app_id} 的申报")
            current = was.status
            workflow.check_transition(stream, current, target, reason, restoring)
            from boostdesk.erase_person import erased_refusal  # (it imports the models)

            if why_erased := erased_refusal(self, stream, app_id):
                raise RegisterError(why_erased)
            if target == "approved" and isinstance(fields.get("approved_date"), date):
                # every way to 核准 (改变状态, 结束公示, an objection settled, 补录): not
                # before the 资格审核日期 the clerk gave
                from boostdesk.rules.hand_moves import approved_before_qualified

                if why := approved_before_qualified(self, stream, [app_id],
                                                    fields["approved_date"]):
                    raise RegisterError(why)
            if _KEY_COLUMNS & fields.keys():  # a move that also re-files the application
                self.changes.application(self.application(stream, app_id))
            (self.changes.patents if stream == PATENT else self.changes.projects).add(app_id)
            values = {k: db_day(v) if isinstance(v, date) else v for k, v in fields.items()}
            before: dict[str, Any] = {"status": current}
            if current == "approved" and target in ("refused", "not_awarded"):
                # the award and its day as they were: the trail reads ¥3,000.00 → （空）, not
                # as if there never was an award
                before.update(self.query(
                    f"SELECT award_fen, approved_date FROM {table} WHERE id = ?", (app_id,))[0])
                values.update(self._withdraw_award(stream, app_id))
            if stream == PROJECT and "award_fen" in fields and "award_level" not in fields:
                # The award is made at the studio's level of the day (see migration 9),
                # unless the caller names the level of the tier it was published in.
                values["award_level"] = None if fields["award_fen"] is None else self.scalar(
                    "SELECT s.level FROM project_applications a JOIN studios s"
                    " ON s.id = a.studio_id WHERE a.id = ?", (app_id,))
            values.update(status=target, status_reason=reason, updated_at=clock.now())
            sets = ", ".join(f"{k} = :{k}" for k in values)
            self.conn.execute(f"UPDATE {table} SET {sets} WHERE id = :id", {**values, "id": app_id})
            self.conn.execute(
                "INSERT INTO status_history (stream, application_id, from_status, to_status,"
                " reason, operator, at, decided_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (stream, app_id, current, target, reason, self.operator, clock.now(),
                 db_day(decided_on)),
            )
            dated = {"decided_on": db_day(decided_on)} if decided_on else {}
            self.audit("status", table, app_id, before,
                       {"status": target, "reason": reason, **values, **dated})
            # its studio's or its number's later papers judged again with the move (二（一）,
            # 二（二）2; 一（三）)
            rejudge_later(self, stream, was, footing(self, stream, app_id))

    def award_withdrawal_refusal(self, stream: str, app_id: int) -> str:
        """Why the approval cannot be withdrawn (核准 → 资格审核不通过 / 未获助推) now: a payer
        has paid part of it ("" when none has). Said where the move is offered too (改变状态
        greys it), pointing to 撤销助推, the move that does take a paid award back."""
        paid = self.scalar("SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
                           " AND paid_date IS NOT NULL", (stream, app_id))
        if not paid:
            return ""
        return (f"{id_ref(stream, app_id)} 的助推款已登记拨付 {paid} 笔，不能撤销核准：已拨付的款项须先"
                "由财务核实追回，登记册不删除拨付记录。款已汇出、后发现不应助推的，请选"
                "“撤销助推（已拨付，应追回）”；拨付登记错了、款并未汇出的，先在“拨付”中撤销拨付登记")

    def _withdraw_award(self, stream: str, app_id: int) -> dict[str, Any]:
        """An approval withdrawn (核准 → 资格审核不通过, or → 未获助推 on an objection of its
        publicity upheld after the close): refused once a payer has paid part
        of it; else its unpaid payment rows go, so no list asks for them. The award and
        approval date are cleared with the move."""
        if why := self.award_withdrawal_refusal(stream, app_id):
            raise RegisterError(why)
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
                " reason, operator, at, decided_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(stream, app_id, r["from_status"], r["to_status"], r["reason"], r["operator"],
                  r["at"], r.get("decided_on")) for r in rows])

    def status_history(self, stream: str, app_id: int) -> list[dict[str, Any]]:
        return self.query(
            "SELECT from_status, to_status, reason, operator, at, decided_on FROM status_history"
            " WHERE stream = ? AND application_id = ? ORDER BY id",
            (stream, app_id),
        )


def canonical_patent_number(raw: str) -> str | None:
    """"ZL…" form of a typed patent number, or None when it does not parse."""
    if not raw.strip():
        return None
    try:
        return parse_patent_number(raw).patent_number
    except ValidationError:
        return None


def _table(stream: str) -> str:
    return {PATENT: "patent_applications", PROJECT: "project_applications"}[stream]
