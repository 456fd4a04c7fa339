"""A file that is no register, told apart before anything opens, locks or backs it up.

Every opener of a register goes through :func:`safety.open_register
<boostdesk.safety.session.open_register>`, which refuses such a file first: until then
only the command line's ``--db`` and the window's were refused, and a path that reached
``open_register`` otherwise (the window on the user's own register, ``BOOSTDESK_DATA``
pointing at another program's folder, a take-over or a restore's reopening) wrote the
register's tables into another program's SQLite database (``session.NotARegister``).
No Qt, and nothing of the register's models: ``boostdesk gui --db`` asks before its
window shows.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from boostdesk.said_where import way

_SQLITE_HEADER = b"SQLite format 3\x00"
_REGISTER_TABLE = "campaigns"  # in every register since the first schema


def _file_kind(path: Path, head: bytes, suffix: str) -> tuple[str, str] | None:
    """What a file that is plainly no SQLite file is, from its first bytes (a zip: from
    what is inside it), as (what, what to do with it); None when it may be a register
    whose header was damaged (safety's check and backups answer that)."""
    if head.startswith(b"PK\x03\x04"):
        return zip_file_kind(path, suffix)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "Excel 97-2003 表格或其他 Office 文件", ""
    if head.startswith(b"%PDF"):
        return "PDF 文件", ""
    if b"\x00" not in head:  # a SQLite file has zeros in its header page, text never
        return "文本文件", ""
    return None


def _workbook() -> tuple[str, str]:
    return "Excel 表格", way("（导入汇总表请用“文件”→“导入汇总表…”）", "（导入汇总表请用 boostdesk import）")


def _to_restore() -> str:
    return ("：恢复请用" + way("“文件”→“从备份恢复…”选这个文件", " boostdesk restore 加这个文件")
            + "，或先解压（Windows 中双击打开）取出其中的 .db 文件")


def zip_file_kind(path: Path, suffix: str) -> tuple[str, str]:
    """A zip told by what is inside it, not by its name: an Excel workbook was called a
    BoostDesk backup ("用 boostdesk restore 加这个文件恢复", which refuses it), and a
    backup renamed .xlsx a table."""
    from .backup_file import zip_kind

    kind, detail = zip_kind(path)
    if kind == "office":
        return _workbook() if detail == _workbook()[0] else (detail, "")
    if kind == "backup":
        whose = f"登记册 {detail} 的 " if detail else ""
        return f"{whose}BoostDesk 备份（压缩文件）", _to_restore()
    if kind == "copy":
        return f"压缩文件（内有 {detail}，可能是登记册的副本）", _to_restore()
    if suffix in (".xlsx", ".xlsm"):  # no workbook's parts, or not readable: a broken one
        return _workbook()
    if kind == "damaged":
        return "压缩文件（已损坏，无法解开）", ""
    return f"压缩文件（{f'内有 {detail}' if detail else '空的'}），不是 BoostDesk 的备份", ""


def _other_database(path: Path) -> str | None:
    """The tables of a SQLite file that is another program's database (None when it is a
    register, empty, or cannot be read here: opening it says why)."""
    from boostdesk.safety.integrity import SQLITE_FAILURES, sqlite_uri

    uri = sqlite_uri(path)
    if not Path(f"{path}-wal").exists():
        # nobody has it open in WAL mode: the file alone is the database, read as it is
        # (a read-only connection to a WAL register would leave a -wal and -shm beside it)
        uri += "&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except (sqlite3.Error, UnicodeError):  # (a name the locale cannot encode: opening says)
        return None
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name")]
    except SQLITE_FAILURES:  # damaged: its error may quote a garbled name
        return None
    finally:
        conn.close()
    if not names or _REGISTER_TABLE in names:
        return None
    return "、".join(names[:5]) + ("等" if len(names) > 5 else "")


# the files beside a register (`register.db.lock`, SQLite's `-wal` …), what each is
_COMPANIONS = ((".lock", "锁文件"), ("-wal", "日志文件"), ("-shm", "日志文件"),
               ("-journal", "日志文件"), (".lost", "缺少修改的提示文件"))


def _companion_of(path: Path) -> tuple[Path, str] | None:
    """The register ``path`` is a file beside (its lock or -wal …), and what kind, or None."""
    for suffix, kind in _COMPANIONS:
        if path.name.endswith(suffix) and len(path.name) > len(suffix):
            register = path.with_name(path.name[:-len(suffix)])
            if register.is_file():
                return register, kind
    return None


def _kind(path: Path) -> tuple[str, str] | None:
    """What a file that is no register is (its first bytes, its tables), and what to do
    with it; or None."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None  # made (or said missing, or a folder) on the usual way
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return None  # unreadable: the usual way explains it
    if head.startswith(_SQLITE_HEADER):
        tables = _other_database(path)
        return None if tables is None else (f"另一个程序的 SQLite 数据库（其中的表：{tables}）", "")
    return _file_kind(path, head, path.suffix.lower())


def not_a_register(path: Path) -> str | None:
    """Why ``path`` is no register (what it is instead, and that it was left untouched), or
    None: a register, an empty file, one not there (made on the usual way), or one that
    cannot be read (opening it says why). An Excel table or a backup .zip was called a
    damaged register (told to stop using it, a .lock left beside it), another program's
    SQLite database had the register's tables written into it, and a register's empty lock
    file was made a register of its own."""
    beside = _companion_of(path)
    if beside is not None:
        register, kind = beside
        return (f"{path} 是登记册 {register} 旁边的{kind}，不是登记册本身：请写 --db {register}"
                "；未打开，也未作任何改动")
    found = _kind(path)
    if found is None:
        return None
    what, advice = found
    return (f"{path} 不是 BoostDesk 登记册，而是{what}{advice}；未打开，也未作任何改动。"
            "请核对 --db 所写的登记册文件")


def not_a_backup(path: Path) -> str | None:
    """Why ``path`` cannot be restored from, when it is plainly something else (an Excel
    workbook, a PDF, a text, another program's database, any zip but a backup or a
    register's copy), named as what it is; None for a backup, a register, or a file the
    restore's own check explains (a damaged zip or register). An Excel workbook was
    called 不是 BoostDesk 的备份：压缩文件中没有（或不止一个）登记册文件（.db）."""
    found = _kind(path)
    if found is None or found[1] == _to_restore() or found[0].startswith("压缩文件（已损坏"):
        return None
    what = found[0]
    space = " " if what[:1].isascii() else ""
    if "不是" in what:  # a zip of other files: what it is says so
        return f"{path.name} 是{space}{what}，不能用来恢复；登记册未作任何改动"
    return f"{path.name} 是{space}{what}，不是 BoostDesk 的备份，不能用来恢复；登记册未作任何改动"


def not_to_overwrite(path: Path, *, replace: bool = False, register: Path | None = None,
                     written_here: Callable[[], bool] | None = None) -> str | None:
    """Why a copy of ``register`` may not be written over ``path`` (``backup --out``, the
    window's 备份到…), or None (a file not there, an empty one, a backup of this register
    with ``replace``). Never written over: another program's database, a table, a text, a
    register's own lock or -wal file, a register in use (a .lock or -wal beside it), a
    backup zip recording another register's name (the identity ``restore`` checks), and a
    register copy or unmarked zip this register's trail never wrote there
    (``written_here``: a plain copy records no register's name). ``replace`` (``--replace``,
    the window's save dialog that asked): this register's backup is replaced; without it
    refused, naming the option. A plain .db copy of another register was overwritten
    "as before", and with ``--replace`` another live register."""
    beside = _companion_of(path)
    found = (f"登记册 {beside[0]} 旁边的{beside[1]}", "") if beside is not None else _kind(path)
    mine = register.name if register is not None else ""
    if found is None:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        found = ("一个登记册文件", "register")  # a SQLite register, or one not readable
    kind, advice = found
    if advice not in (_to_restore(), "register"):
        if "不是" in kind:
            return f"{path} 已存在，是{kind}：未覆盖，请换一个文件名"
        return f"{path} 已存在，是{kind}，不是登记册的备份：未覆盖，请换一个文件名"
    when = _modified(path)
    if advice == "register" and in_use(path):
        return (f"“{path}”是另一个登记册（登记册名 {path.name}，最后修改 {when}，旁边有它的锁文件"
                f"或日志文件：正在使用或用过），{_NOT_OVER}")
    from .backup_file import read_meta

    theirs = str(read_meta(path).get("register", ""))
    if theirs and mine and os.path.normcase(theirs) != os.path.normcase(mine):
        return (f"“{path}”是另一个登记册的备份（登记册名 {theirs}，最后修改 {when}），"
                f"不是登记册 {mine} 的，{_NOT_OVER}")
    if not theirs and written_here is not None and not written_here():
        return (f"“{path}”是{kind}，最后修改 {when}；修改记录中没有登记册 {mine} 备份到这个文件"
                f"的记录，可能是另一个登记册或它的副本，{_NOT_OVER}")
    if replace:
        return None
    what = kind if advice == _to_restore() else f"登记册 {mine} 的备份（未压缩）"
    return (f"{path} 已存在，是{what}：未覆盖。" + way(
        "请换一个文件名", "要用这次的备份替换它，请加 --replace（新备份写好并校验后才替换，"
        "中途失败则原文件不变）；或换一个文件名"))


_NOT_OVER = "不能用本登记册的备份覆盖它：未覆盖，请换一个文件名"


def in_use(path: Path) -> bool:
    """A register someone opens: BoostDesk's lock file beside it (made at every opening),
    or SQLite's -wal (open now, or left by a crash)."""
    return any(Path(f"{path}{end}").exists() for end in (".lock", "-wal"))


def _modified(path: Path) -> str:
    from datetime import datetime

    try:
        return f"{datetime.fromtimestamp(path.stat().st_mtime):%Y-%m-%d %H:%M}"
    except OSError:
        return "不详"
