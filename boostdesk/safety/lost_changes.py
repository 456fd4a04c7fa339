"""Changes a register lost, said until a person acknowledges them.

A window killed (crash, power cut) with its last commits in ``register.db-wal``, the -wal
then deleted: SQLite opens the register without them, silently. ``session.lost_commits``
finds it as the lock is taken (the lock file noted the last audit line committed; the
register lacks it); a read-only opening finds it from the lock file's note without writing
it (``session``: a read-only folder's opening emptied the lock file, the only trace, before).

So the finding is kept beside the register, in ``register.db.lost``, and every opening (the
window, every command, read-only ones too) says it until a person acknowledges it: 我已知道
in the window's question, ``boostdesk backup --acknowledge-lost``, or a restore from a
backup that holds the lost changes (one that does not leaves the warning standing). Each
acknowledgement is an audit line (who, how, what was lost).

The mark keeps the facts of the loss, not what to do about it: which backup holds the lost
changes is looked up each time the warning is said (:func:`find_backup`; kept as a
conclusion, a backup folder unreadable at the finding said "no backup" for good). Only a
backup taken between the register's last line and the finding can hold them (one taken
after is of the register already lacking them), so few zips are opened; and those backups
are not pruned meanwhile (``backup.prune``).

While the loss is pending no automatic start-up backup is taken (``session.open_register``,
the window's ``launch``: :data:`NO_START_BACKUP`): each start left unanswered (稍后处理)
added one more copy of the register lacking the changes, which ranked first in the restore
list (``restore 1``) as if it were the good recent point, and rotated out the older backups
the office might still want (the one holding the changes is kept, the others not). A backup
the clerk asks for (立即备份, ``boostdesk backup``) is still taken; once acknowledged, the
window takes its start-up backup then.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from boostdesk.said_where import way

from .files import PRIVATE_FILE
from .lock import LockInfo

MARK_SUFFIX = ".lost"
ACTION = "acknowledge_lost"  # the audit line's action (audit_log names it)
ACTION_ZH = "确认登记册缺少最近的修改"
HOLDS_MARK = "含缺少的修改"  # the restore list's note on the backup that holds them
# said where the start-up backup would have been taken (the window's question, its log)
NO_START_BACKUP = ("处理之前，打开登记册时不自动备份（以免缺少这些修改的备份排在备份列表最前、"
                   "或把较早的备份轮换掉）；需要时仍可“立即备份”")
_APPS = {"patent_applications": "专利", "project_applications": "项目"}
_ENTITIES = {"people": "人员", "units": "推荐单位", "enterprises": "所在单位", "studios": "工作室",
             "experts": "评审专家", "payments": "拨付", "objections": "异议",
             "campaigns": "助推计划", "register": "登记册"}
_ACTIONS = {"create": "新建", "update": "修改", "delete": "删除", "status": "状态变更",
            "qualify": "资格审核", "score": "录入评分", "import": "导入汇总表"}
# The last lost line a register (a backup) holds: after the register's own last line, up to
# the last one lost, and dated no later (lines written after the loss reuse its ids).
_HELD_SQL = ("SELECT id, at FROM audit_events WHERE id > ? AND id <= ? AND at <= ?"
             " ORDER BY id DESC LIMIT 1")


@dataclass(frozen=True)
class NearestBackup:
    """A backup that holds lost changes: up to its audit line ``last_id``."""

    name: str
    said: str  # BackupInfo.describe(): 2022-11-03 09:12:40（启动时自动备份，1.2 MB）
    last_id: int
    last_at: str


@dataclass(frozen=True)
class BackupFinding:
    """What the backups hold of a loss, looked up as it is said (:func:`find_backup`)."""

    holding: NearestBackup | None = None  # the newest backup holding some of the changes
    newest: str = ""  # the newest backup's describe() ("" none)
    # when it was taken: "older" than the register's last line (a restore loses more),
    # "before" the lost changes were saved, "after" the loss was found
    newest_when: str = ""
    unread: str = ""  # the backup folder cannot be read: why


@dataclass(frozen=True)
class LostChanges:
    """What ``register.db.lost`` holds (the facts of the loss)."""

    left_by: LockInfo  # the holder that never closed it
    last_id: int  # the last audit line it committed, as its lock file noted it
    last_at: str
    last_what: str  # "action|entity|id|name|title" (lock.note_last_commit), "" unknown
    had_id: int  # the register's own last audit line when the loss was found
    had_at: str
    found_at: str
    found_by: str  # who opened it then (operator, and the command when one)

    @property
    def count(self) -> int:
        """How many audit lines (修改记录) are gone (audit ids run on without gaps)."""
        return max(1, self.last_id - self.had_id)

    def message(self, register_name: str = "register.db",
                backups: BackupFinding | None = None, kept: bool = True) -> str:
        """The warning, in full: what is gone, which backup holds it (``backups``, as
        :func:`find_backup` found it now). ``kept`` False: found by a read-only opening
        that could not write the mark (said again by each opening, from the lock file)."""
        backups = backups or BackupFinding()
        what = describe_change(self.last_what)
        head = (f"登记册缺少最近的修改：上次打开它的 {self.left_by.describe()}没有正常关闭，"
                f"它最后保存的修改（{_when(self.last_at)} 保存"
                + (f"：{what}" if what else "") + "）不在登记册中。"
                f"登记册只有到 {_when(self.had_at)} 为止的修改，此后保存的 {self.count} 条修改"
                f"记录都不在了（登记册旁的日志文件 {register_name}-wal 可能已被删除，或登记册是单独"
                "复制过来的）。")
        last = f"（最后一条是{what}）" if what else ""
        holding = backups.holding
        retype = f"请按纸质材料核对，重新录入 {_when(self.had_at)} 之后保存的修改{last}。"
        if holding is not None:
            held = min(holding.last_id, self.last_id) - self.had_id
            rest = self.count - held
            advice = (f"备份 {holding.said}有其中到 {_when(holding.last_at)} 为止的 "
                      f"{held} 条：请先不要录入，从这份备份恢复（"
                      + way("按下面的“从备份恢复…”，它已选好这份备份",
                            f"boostdesk restore {holding.name}")
                      + "；恢复前现在的登记册会另存一份）。"
                      + (f"{_when(holding.last_at)} 之后保存的 {rest} 条哪份备份都没有，须按纸质"
                         f"材料重新录入{last}。" if rest > 0 else ""))
        elif backups.unread:
            advice = (f"{backups.unread.rstrip('。')}，无法查看哪份备份有这些修改：请先不要录入，"
                      "等备份文件夹能读取后再打开登记册，此提示会说明该用哪份备份恢复。"
                      "如确已没有备份，" + retype)
        elif backups.newest:
            when = {"older": "比登记册现有的修改还早，从备份恢复不但找不回它们，还会再丢掉那份备份"
                             "之后的修改",
                    "before": "是在它们保存之前做的，从备份恢复找不回它们"}.get(
                backups.newest_when, "是在发现它们丢失之后做的，和登记册现有的一样，从备份恢复找不回它们")
            advice = f"哪份备份都没有这些修改（最近的备份 {backups.newest}{when}）。" + retype
        else:
            advice = "登记册没有备份，找不回这些修改。" + retype
        if holding is not None:
            done = (way("从这份备份恢复后，此提示即不再出现；如决定不恢复，请核对并补录后按“我已知道”",
                        f"运行 boostdesk restore {holding.name} 后，此提示即不再出现；如决定不恢复，"
                        "请核对并补录后运行 boostdesk backup --acknowledge-lost ")
                    + "确认")
        else:
            done = ("核对并补录后，请"
                    + way("在此按“我已知道”", "运行 boostdesk backup --acknowledge-lost ")
                    + "确认，此提示才不再出现")
        tail = ("如能找回那个 -wal 文件，请在录入任何修改之前关闭 BoostDesk，把它放回登记册旁边"
                f"后再打开。{done}（{self.found_by}于 {_when(self.found_at)} 打开时发现"
                + ("" if kept else "；登记册所在文件夹不能写入，此提示只能在每次打开时重新发现，"
                   "确认须在能写入这个文件夹的账户或电脑上进行")
                + "）。")
        return "\n".join((head, advice, tail))

    def audit_before(self) -> dict[str, Any]:
        """What was lost, as the acknowledgement's audit line keeps it."""
        what = describe_change(self.last_what)
        return {"lost_count": self.count, "register_had_until": self.had_at,
                "lost_until": self.last_at, "left_by": self.left_by.describe(),
                **({"last_lost": what} if what else {})}

    def may_hold(self, created: datetime) -> bool:
        """Whether a backup taken at ``created`` may hold some of the lost changes: taken
        after the register's last line and before the finding (a later one is of the
        register already lacking them)."""
        low, high = _parse(self.had_at), _parse(self.found_at)
        created = created.replace(microsecond=0)  # (audit lines are dated to the second)
        return (low is None or created >= low) and (high is None or created <= high)

    def held_by(self, conn: sqlite3.Connection) -> tuple[int, str] | None:
        """The last lost line (id, at) the register ``conn`` holds; None: none of them."""
        row = conn.execute(_HELD_SQL, (self.had_id, self.last_id, self.last_at)).fetchone()
        return (int(row[0]), str(row[1])) if row else None


def mark_path(register: str | Path) -> Path:
    return Path(f"{register}{MARK_SUFFIX}")


def pending(register: str | Path) -> LostChanges | None:
    """The unacknowledged finding kept beside ``register`` (None when there is none, or it
    cannot be read: a damaged mark is no reason to refuse the register)."""
    try:  # (an earlier mark's "backup", a conclusion, is looked up again: find_backup)
        data = json.loads(mark_path(register).read_text(encoding="utf-8"))
        return LostChanges(
            left_by=LockInfo(**data["left_by"]), last_id=int(data["last_id"]),
            last_at=str(data["last_at"]), last_what=str(data.get("last_what", "")),
            had_id=int(data["had_id"]), had_at=str(data["had_at"]),
            found_at=str(data["found_at"]), found_by=str(data["found_by"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep(register: str | Path, lost: LostChanges) -> bool:
    """Write the finding beside the register (written whole, then renamed into place);
    False when it cannot be (a read-only folder). A finding already kept that this one
    does not go beyond (the same loss found again, or one lost earlier, unacknowledged)
    stays: its changes are not back."""
    older = pending(register)
    if older is not None and older.last_id >= lost.last_id:
        return True
    if older is not None:  # the earlier loss's start is where the register's trail ends
        lost = replace(lost, had_id=min(older.had_id, lost.had_id),
                       had_at=min(older.had_at, lost.had_at))
    path = mark_path(register)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            data = asdict(lost)
            data["left_by"].pop("register", None)  # (an earlier release reads the mark too)
            json.dump(data, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError:  # a read-only folder: said by each opening (session.lost_read_only)
        try:
            tmp.unlink()
        except OSError:
            pass
        return False
    return True


def acknowledge(conn: sqlite3.Connection, register: str | Path, operator: str,
                how: str) -> LostChanges | None:
    """``operator`` has been told (``how``: 我已知道, a restore, the command): an audit line
    in ``conn``'s register says who, how and what was lost; then the mark goes. None
    when nothing was pending."""
    from .backup import audit_register_line

    lost = pending(register)
    if lost is None:
        return None
    with conn:
        audit_register_line(conn, operator, ACTION, lost.audit_before(), {"how": how})
    clear(register)
    return lost


def clear(register: str | Path) -> None:
    try:
        mark_path(register).unlink()
    except FileNotFoundError:
        pass


def find_backup(register: str | Path, lost: LostChanges) -> BackupFinding:
    """Which backup holds the newest of the lost changes, looked up now: the newest backup
    taken between the register's last line and the finding that holds any (a zip opened
    for each backup taken in that while: usually one or two). The folder unreadable is
    said, not taken for "no backup"."""
    from . import backup_file
    from .backup import BackupFolderRefused, list_backups
    from .integrity import SQLITE_FAILURES, connect_read_only

    try:
        infos = [i for i in list_backups(register, strict=True) if i.restorable]
    except BackupFolderRefused as exc:
        return BackupFinding(unread=str(exc))
    newest = infos[0] if infos else None
    low = _parse(lost.had_at)
    when = ("" if newest is None
            else "older" if low is not None and newest.created.replace(microsecond=0) < low
            else "before" if lost.may_hold(newest.created) else "after")
    found = BackupFinding(newest=newest.describe() if newest else "", newest_when=when)
    failing: tuple[type[BaseException], ...] = (*SQLITE_FAILURES, *backup_file.unreadable())
    for info in infos:
        if not lost.may_hold(info.created):
            continue
        try:
            with backup_file.plain(info.path) as copy:
                conn = connect_read_only(copy)
                try:
                    held = lost.held_by(conn)
                finally:
                    conn.close()
        except failing:
            continue
        if held is None:  # (one taken within the finding's second, after it: the next)
            continue
        return replace(found, holding=NearestBackup(info.path.name, info.describe(), *held))
    return found


def describe_change(what: str) -> str:
    """“新建 专利64（李明，《一种测试方法》）” from the lock file's note ("" when unknown)."""
    parts = (what.split("|") + [""] * 5)[:5]
    action, entity, entity_id, name, title = (p.strip() for p in parts)
    if not action:
        return ""
    thing = (f"{_APPS[entity]}{entity_id}" if entity in _APPS
             else f"{_ENTITIES.get(entity, entity)}{entity_id}")
    about = "，".join(x for x in (name, f"《{title}》" if title else "") if x)
    from boostdesk.audit_log import action_words  # (it imports this module)

    # every action the trail names, not only the forms' (correct_qualified_date was shown raw)
    words = _ACTIONS.get(action) or action_words(action)
    return f"{words} {thing}" + (f"（{about}）" if about else "")


def _parse(at: str) -> datetime | None:
    try:
        return datetime.fromisoformat(at.strip())
    except ValueError:
        return None


def _when(at: str) -> str:
    try:
        return datetime.fromisoformat(at.strip()).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at
