"""Changes a register lost, said until a person acknowledges them.

A window killed (crash, power cut) with its last commits in ``register.db-wal``, the -wal
then deleted: SQLite opens the register without them, silently. ``session.lost_commits``
finds it as the lock is taken (the lock file noted the last audit line committed; the
register lacks it). The finding was said by that one opening only, and the next lock taken
wrote over the note: a read-only ``boostdesk campaign show`` by IT used the warning up, and
the clerk whose paper was lost was never told.

So the finding is kept beside the register, in ``register.db.lost``, and every opening (the
window, every command) says it until a person acknowledges it: 我已知道 in the window's
question, ``boostdesk backup --acknowledge-lost``, or a restore. Each acknowledgement is an
audit line (who, how, what was lost). What the message advises is worked out once, when it
is found: which backup is nearest, and whether it holds any of the lost changes at all (the
usual case, a save after the start-up backup, is that none does, and a restore would lose
more).
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
_APPS = {"patent_applications": "专利", "project_applications": "项目"}
_ENTITIES = {"people": "人员", "units": "推荐单位", "enterprises": "所在单位", "studios": "工作室",
             "experts": "评审专家", "payments": "拨付", "objections": "异议",
             "campaigns": "助推计划", "register": "登记册"}
_ACTIONS = {"create": "新建", "update": "修改", "delete": "删除", "status": "状态变更",
            "qualify": "资格审核", "score": "录入评分", "import": "导入汇总表"}


@dataclass(frozen=True)
class NearestBackup:
    """The newest backup as it was when the loss was found: its last audit line."""

    name: str
    said: str  # BackupInfo.describe(): 2022-11-03 09:12:40（启动时自动备份，1.2 MB）
    last_id: int
    last_at: str


@dataclass(frozen=True)
class LostChanges:
    """What ``register.db.lost`` holds."""

    left_by: LockInfo  # the holder that never closed it
    last_id: int  # the last audit line it committed, as its lock file noted it
    last_at: str
    last_what: str  # "action|entity|id|name|title" (lock.note_last_commit), "" unknown
    had_id: int  # the register's own last audit line when the loss was found
    had_at: str
    found_at: str
    found_by: str  # who opened it then (operator, and the command when one)
    backup: NearestBackup | None

    @property
    def count(self) -> int:
        """How many changes are gone (audit ids run on without gaps)."""
        return max(1, self.last_id - self.had_id)

    def message(self, register_name: str = "register.db") -> str:
        """The warning, in full: what is gone, which backup is nearest and what it lacks."""
        what = describe_change(self.last_what)
        head = (f"登记册缺少最近的修改：上次打开它的 {self.left_by.describe()}没有正常关闭，"
                f"它最后保存的修改（{_when(self.last_at)} 保存"
                + (f"：{what}" if what else "") + "）不在登记册中。"
                f"登记册只有到 {_when(self.had_at)} 为止的修改，此后保存的修改（{self.count} 条修改"
                f"记录）都不在了（登记册旁的日志文件 {register_name}-wal 可能已被删除，或登记册是单独"
                "复制过来的）。")
        last = f"（最后一项是{what}）" if what else ""
        backup = self.backup
        if backup is not None and backup.last_id > self.had_id:  # it holds some of them
            held = min(backup.last_id, self.last_id) - self.had_id
            rest = self.count - held
            advice = (f"最近的备份 {backup.said} 有其中到 {_when(backup.last_at)} 为止的 "
                      f"{held} 项：请先不要录入，从这份备份恢复（"
                      + way("“文件”→“从备份恢复”", f"boostdesk restore {backup.name}")
                      + "；恢复前现在的登记册会另存一份）。"
                      + (f"{_when(backup.last_at)} 之后保存的 {rest} 项哪份备份都没有，须按纸质"
                         f"材料重新录入{last}。" if rest > 0 else ""))
        elif backup is not None:
            same = backup.last_id == self.had_id
            advice = (f"哪份备份都没有这些修改：最近的备份 {backup.said} 只有到 "
                      f"{_when(backup.last_at)} 为止的修改，"
                      + ("和登记册现有的一样，从备份恢复找不回它们。" if same else
                         "比登记册现有的还早，从备份恢复找不回它们，反而会再丢掉那份备份之后的修改。")
                      + "请按纸质材料核对，重新录入 "
                      f"{_when(self.had_at)} 之后保存的修改{last}。")
        else:
            advice = ("登记册没有备份，找不回这些修改。请按纸质材料核对，重新录入 "
                      f"{_when(self.had_at)} 之后保存的修改{last}。")
        tail = ("如能找回那个 -wal 文件，请在录入任何修改之前关闭 BoostDesk，把它放回登记册旁边"
                "后再打开。核对并补录后，请"
                + way("在此按“我已知道”", "运行 boostdesk backup --acknowledge-lost 确认")
                + f"，此提示才不再出现（{self.found_by} {_when(self.found_at)} 打开时发现）。")
        return "\n".join((head, advice, tail))

    def audit_before(self) -> dict[str, Any]:
        """What was lost, as the acknowledgement's audit line keeps it."""
        what = describe_change(self.last_what)
        return {"lost_count": self.count, "register_had_until": self.had_at,
                "lost_until": self.last_at, "left_by": self.left_by.describe(),
                **({"last_lost": what} if what else {})}


def mark_path(register: str | Path) -> Path:
    return Path(f"{register}{MARK_SUFFIX}")


def pending(register: str | Path) -> LostChanges | None:
    """The unacknowledged finding kept beside ``register`` (None when there is none, or it
    cannot be read: a damaged mark is no reason to refuse the register)."""
    try:
        data = json.loads(mark_path(register).read_text(encoding="utf-8"))
        backup = data.get("backup")
        return LostChanges(
            left_by=LockInfo(**data["left_by"]), last_id=int(data["last_id"]),
            last_at=str(data["last_at"]), last_what=str(data.get("last_what", "")),
            had_id=int(data["had_id"]), had_at=str(data["had_at"]),
            found_at=str(data["found_at"]), found_by=str(data["found_by"]),
            backup=NearestBackup(**backup) if backup else None)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keep(register: str | Path, lost: LostChanges) -> None:
    """Write the finding beside the register (written whole, then renamed into place). A
    finding already kept that this one does not cover (lost earlier, unacknowledged) stays:
    its changes are not back."""
    older = pending(register)
    if older is not None and older.last_id > lost.last_id:
        return
    if older is not None:  # the earlier loss's start is where the register's trail ends
        lost = replace(lost, had_id=min(older.had_id, lost.had_id),
                       had_at=min(older.had_at, lost.had_at))
    path = mark_path(register)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(asdict(lost), out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except OSError:  # a read-only folder: said by this opening, as before
        try:
            tmp.unlink()
        except OSError:
            pass


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


def nearest_backup(register: str | Path) -> NearestBackup | None:
    """The newest backup that can be read, with its last audit line (one extraction of a
    zip: only when a loss is found)."""
    from . import backup_file
    from .backup import list_backups
    from .integrity import connect_read_only

    failing: tuple[type[BaseException], ...] = (sqlite3.Error, *backup_file.unreadable())
    for info in list_backups(register):
        if not info.restorable:
            continue
        try:
            with backup_file.plain(info.path) as copy:
                conn = connect_read_only(copy)
                try:
                    row = conn.execute(
                        "SELECT id, at FROM audit_events ORDER BY id DESC LIMIT 1").fetchone()
                finally:
                    conn.close()
        except failing:
            continue
        return NearestBackup(info.path.name, info.describe(), int(row[0]) if row else 0,
                             str(row[1]) if row else "")
    return None


def describe_change(what: str) -> str:
    """“新建 专利64（李明，《一种测试方法》）” from the lock file's note ("" when unknown)."""
    parts = (what.split("|") + [""] * 5)[:5]
    action, entity, entity_id, name, title = (p.strip() for p in parts)
    if not action:
        return ""
    thing = (f"{_APPS[entity]}{entity_id}" if entity in _APPS
             else f"{_ENTITIES.get(entity, entity)}{entity_id}")
    about = "，".join(x for x in (name, f"《{title}》" if title else "") if x)
    return f"{_ACTIONS.get(action, action)} {thing}" + (f"（{about}）" if about else "")


def _when(at: str) -> str:
    try:
        return datetime.fromisoformat(at.strip()).strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return at
