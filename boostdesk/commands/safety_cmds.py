"""`boostdesk backup`, `boostdesk restore` and `boostdesk selftest`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from boostdesk.cli import UserError, add_db_argument

if TYPE_CHECKING:
    from boostdesk.safety import BackupInfo


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "backup", help="备份登记册，或列出已有备份（backup list）",
        description="用 SQLite 在线备份把登记册复制到备份文件夹（登记册旁的 backups/），"
                    "每份压缩为一个 .zip（内有登记册的 SQLite 副本，Windows 双击即可打开取出）；"
                    "保留最近 N 份，另保留最近 30 天每天、12 个月每月的最后一份和每份恢复前、升级前的备份；"
                    "--out 另存到指定文件（不压缩的 SQLite 文件；文件名以 .zip 结尾则是与自动备份相同的压缩文件，"
                    "可用 restore 恢复；不计入、不轮换；含完整证件号码，记入审计记录：谁、何时、存到哪里）。"
                    "backup list 列出已有备份",
    )
    p.add_argument("action", nargs="?", choices=["list"], metavar="list",
                   help="list：列出已有备份，最新的在前")
    add_db_argument(p)
    p.add_argument("--out", metavar="FILE", help="备份到这个文件（如 U 盘上的文件）")
    p.add_argument("--replace", action="store_true",
                   help="与 --out 同用：FILE 已是一份备份（如前一晚计划任务写的 .zip）时用这次的备份替换它；"
                        "新备份先写到同一文件夹中的临时文件并校验，再整个换上，中途失败（磁盘满、"
                        "中断）则原文件完好不变。不是备份的文件（表格、其他数据库）、另一个登记册及其备份仍不覆盖")
    p.add_argument("--keep", metavar="N", type=int,
                   help="以后自动备份保留最近 N 份（默认 20），对这个登记册生效")
    p.add_argument("--acknowledge-lost", action="store_true",
                   help="确认已知道“登记册缺少最近的修改”（已核对并补录，或决定不恢复）："
                        "此提示不再出现，记入修改记录（谁、何时确认）；不做备份")
    p.set_defaults(func=run_backup)

    p = sub.add_parser(
        "restore", help="用备份恢复登记册（恢复前先备份当前登记册）",
        description="用备份文件（备份文件夹中的 .zip，旧版 BoostDesk 留下的 .db，"
                    "或 backup --out 另存的文件）替换登记册。替换前，当前登记册另存为一份“恢复前”备份；"
                    "登记册正被其他 BoostDesk 打开时拒绝恢复。旧版 BoostDesk 的备份按原样恢复，"
                    "本版本下次打开它时（窗口或其他命令）先另存“升级前”备份再升级，并说明升级改动了什么；"
                    "更新版本的 BoostDesk 的备份拒绝恢复",
    )
    p.add_argument("file", metavar="FILE",
                   help="备份文件：路径，或 backup list 中的文件名或序号（1 为可用来恢复的最新一份）")
    add_db_argument(p)
    p.add_argument("--other-register", action="store_true",
                   help="备份记录的是另一个登记册（文件名不同，如换电脑后搬来旧电脑的登记册）时，"
                        "确认仍用它替换 --db 的登记册；不加时拒绝恢复")
    p.add_argument("--set-aside", action="store_true",
                   help="--db 处的文件不是登记册（文本、表格等）时，先把它改名留在原文件夹"
                        "（register.db.不是登记册-时间.扩展名，不删除），再恢复；"
                        "默认登记册的位置上被放了别的文件时不必加")
    p.add_argument("--undo-erasure", action="store_true",
                   help="备份做于删除个人信息之前、仍含当前登记册已删除个人信息的人员时，"
                        "确认仍用它恢复（这些人的个人信息将重新出现）；不加时拒绝恢复，"
                        "并列出这些人员的编号")
    p.set_defaults(func=run_restore, starts_register=True)  # (the backup written there)

    p = sub.add_parser(
        "selftest", help="自检：在临时登记册上打开主窗口、走遍各屏、打印、导入模板",
        description="自检（安装包用 BoostDesk --selftest）：在临时登记册上离屏打开主窗口，"
                    "依次打开每一屏，打印一份文件，导入一张模板；全部通过时退出码为 0",
    )
    p.add_argument("--report", metavar="FILE", help="把自检结果另写到这个文件")
    p.add_argument("--keep", action="store_true", help="保留临时文件夹（登记册、打印件）以便查看")
    p.set_defaults(func=run_selftest)


def _register_path(args: argparse.Namespace) -> Path:
    from boostdesk.paths import default_register_path

    return Path(args.db).absolute() if args.db else default_register_path()


def _operator(args: argparse.Namespace) -> str:
    from boostdesk.paths import default_operator

    return default_operator(args.operator)


def run_backup(args: argparse.Namespace) -> int:
    from boostdesk.cli import refuse_wrong_register
    from boostdesk.safety import backup_dir, backup_keep, numbered_backups, set_backup_keep
    from boostdesk.safety.backup import out_folder_missing

    path = _register_path(args)
    # A register's lock or -wal file, a table, another program's database, a folder not
    # there (a USB stick not plugged in): refused as every command refuses them. Each was
    # "backed up" (a lock file as an empty register), or called a damaged register, or
    # listed as having no backups.
    refuse_wrong_register(args)
    if _replacing(args) and not args.out:  # backups/ names each backup anew
        raise UserError("--replace 只能与 --out 同用：用这次的备份替换 --out 指定的已有备份文件")
    if args.keep is not None:
        set_backup_keep(path, args.keep)
        print(f"以后自动备份保留最近 {args.keep} 份，另保留最近 30 天每天、12 个月每月的最后一份"
              f"（{backup_dir(path)}）")
        if args.action != "list" and args.out is None:
            return 0
    if args.acknowledge_lost:
        if args.action == "list" or args.out:
            raise UserError("--acknowledge-lost 不能与 list 或 --out 同用")
        return _acknowledge_lost(args, path)
    if args.action == "list":
        if args.out:
            raise UserError("backup list 不能与 --out 同用")
        _list_backups(path, backup_dir(path), backup_keep(path),
                      numbered_backups(path, strict=True))  # an unreadable folder: said
        return 0
    if not path.exists():
        from boostdesk.safety.gone import missing_backups, missing_message

        gone = missing_backups(path)  # lost from beside its backups: said as every command says it
        if gone is not None:
            raise UserError(missing_message(path, *gone, offered=False))
        raise UserError(f"登记册不存在：{path}（可用 --db 指定登记册文件）")
    missing = out_folder_missing(args.out) if args.out else None  # a stick not plugged in
    if missing is not None:
        raise UserError(missing)
    if args.out:
        _check_to_back_up(path)
        return _backup_out(args, path)
    return _backup_here(args, path)


def _acknowledge_lost(args: argparse.Namespace, path: Path) -> int:
    """`backup --acknowledge-lost`: the warning of changes lost said (as every command
    says it) and, this once, acknowledged in the register's audit trail."""
    from boostdesk.cli import open_register
    from boostdesk.safety.lost_changes import acknowledge, pending

    if pending(path) is None:
        print("登记册没有待确认的“缺少最近的修改”提示，无需确认")
        return 0
    with open_register(args, integrity="quick") as reg:
        if getattr(reg, "read_only", False):
            raise UserError(f"{getattr(reg, 'read_only_message', '登记册只读')}：现在不能确认")
        lost = acknowledge(reg.conn, path, reg.operator, "命令行 boostdesk backup --acknowledge-lost")
    if lost is not None:
        print(f"已确认（{reg.operator}，记入修改记录）：登记册缺少的约 {lost.count} 条修改记录"
              "不再提示。请确保那之后的修改已按纸质材料重新录入")
    return 0


def _check_to_back_up(path: Path, closed: bool = False) -> None:
    """The register checked before it is copied (``closed``: under its lock, read as it is)."""
    from boostdesk.safety import check_integrity, last_good_backup
    from boostdesk.safety.files import DISK_FULL, disk_full

    report = check_integrity(path, quick=True, closed=closed)
    if not report.ok and disk_full(path):  # a read needs room for its -shm: no damage
        raise UserError(f"无法备份登记册 {path}：{DISK_FULL}。登记册本身未受影响")
    if not report.ok:  # the good backup named as `check` names it, a -wal with commits too
        from boostdesk.safety.session import damaged_message

        good = last_good_backup(path)
        said = damaged_message(path, report, good).split("\n", 1)
        copied = "" if good is not None or "原登记册" in said[-1] else (
            "\n如这是从别处复制来的副本，原登记册本身可能完好：请到原登记册所在处，从原登记册"
            "另做一份副本（运行备份命令时 --db 写原登记册的位置）")
        raise UserError(f"登记册 {path} 已损坏（{report.summary}），备份它没有意义。"
                        + ("\n" + said[1] if len(said) > 1 else "") + copied)


def _backup_here(args: argparse.Namespace, path: Path) -> int:
    """A backup into the backup folder, under the register's lock when nobody has it: the
    register is then read as it is (a read-only connection to a closed register left an
    empty -wal and a 32 KB -shm beside it), and no window opens it half-way through."""
    from boostdesk.safety import backup_register
    from boostdesk.safety.backup import NoBackupFolder
    from boostdesk.safety.files import DISK_FULL, disk_full
    from boostdesk.safety.lock import RegisterBusy, RegisterNotWritable, acquire

    if disk_full(path):  # the backup folder is on the same disk
        raise UserError(f"无法备份登记册 {path}：{DISK_FULL}。登记册本身未受影响；可先用 "
                        f"boostdesk backup --db \"{path}\" --out 另一个磁盘（如 U 盘）上的文件 "
                        "把它备份到别处")
    try:
        lock = acquire(path, _operator(args))
    except (RegisterBusy, RegisterNotWritable, OSError):
        lock = None  # the holder's -wal is beside it already / no backup folder: said below
    try:
        _check_to_back_up(path, closed=lock is not None)
        info = backup_register(path, "manual")
    except NoBackupFolder as exc:  # a read-only share: a USB stick takes the copy
        raise UserError(f"{exc}；可用 boostdesk backup --db \"{path}\" --out 另一个磁盘（如 U 盘）"
                        "上的文件 把它备份到别处") from exc
    finally:
        if lock is not None:
            lock.release()
    print(f"已备份到 {info.path}（{_size(info.size)}）")
    return 0


def _list_backups(path: Path, folder: Path, keep: int,
                  backups: list[tuple[int | None, BackupInfo]]) -> None:
    """`backup list`: a number for each backup to restore from (``restore N``, 1 the
    newest); a damaged register's own copy, kept when a restore replaced it, marked
    and unnumbered, so ``restore 1`` never names it."""
    from boostdesk.cli import display_width
    from boostdesk.safety.backup import NOT_RESTORABLE

    if not backups:
        print(f"{path.name} 还没有备份（备份文件夹：{folder}）")
        return
    print(f"{path.name} 的备份（最新的在前，保留最近 {keep} 份及每天、每月的最后一份），"
          f"文件夹：{folder}")
    # padded by what the terminal shows: a reason's hanzi take two columns each, and
    # ljust by characters left the size column out of line after 删除个人信息前
    width = max([12, *(display_width(info.reason_zh) for _n, info in backups)])
    for n, info in backups:
        reason = info.reason_zh + " " * (width - display_width(info.reason_zh))
        print(f"{n or '':>3}  {info.created:%Y-%m-%d %H:%M:%S}  {reason}"
              f"  {_size(info.size):>9}  {info.path.name}" + ("" if n else f"（{NOT_RESTORABLE}）"))
    if any(n is None for n, _info in backups):
        print(f"未编号的是恢复备份时另存的损坏登记册，留作查证，{NOT_RESTORABLE}；"
              "restore 加序号时只数其余的备份")


def _backup_out(args: argparse.Namespace, path: Path) -> int:
    """A copy to a file of the user's choosing can leave the computer with every full ID
    and card number: recorded in the audit trail as finance's copy is (who, when, where
    to), under the register's lock. Read-only (another BoostDesk writes it): said so."""
    from boostdesk.cli import open_register
    from boostdesk.models.schema import SCHEMA_VERSION
    from boostdesk.safety import backup_register
    from boostdesk.safety.integrity import register_version

    if 0 < (register_version(path) or 0) < SCHEMA_VERSION:
        return _backup_out_unupgraded(args, path)
    with open_register(args, integrity="none") as reg:  # checked above
        read_only = getattr(reg, "read_only", False)

        def audit(target: Path, size: int) -> None:
            # before the copy is renamed in (all-or-nothing: no copy the trail does not
            # name), so a failure here leaves an earlier file --replace names untouched
            with reg.transaction():
                reg.audit("backup_out", "register", None, None,
                          {"to": _resolved(target), "size": size})

        info = backup_register(path, "manual", out=args.out, replace=_replacing(args),
                               written=None if read_only else audit)
        if read_only:
            print("注意：登记册以只读方式打开，这份含完整证件号码的备份未能记入修改记录；"
                  + _noted_aside(path, info, reg.operator), file=sys.stderr)
    print(f"已备份到 {info.path}（{_size(info.size)}{_zipped(info.path)}）")
    return 0


def _backup_out_unupgraded(args: argparse.Namespace, path: Path) -> int:
    """``backup --out`` of a register an older BoostDesk left: copied and audited as that
    version wrote it. Opened as every command opens it, it was upgraded, the older
    BoostDesk of the office's other computers refused it from then on, and the copy too."""
    import sqlite3

    from boostdesk.models.register import explain_sqlite
    from boostdesk.safety import backup_register
    from boostdesk.safety.backup import audit_register_line
    from boostdesk.safety.lock import RegisterBusy, RegisterNotWritable, acquire

    operator = _operator(args)

    def audit(target: Path, size: int) -> None:
        # before the copy is renamed in (all-or-nothing: no copy the trail does not name)
        try:
            conn = sqlite3.connect(path)
            try:
                with conn:
                    audit_register_line(conn, operator, "backup_out", None,
                                        {"to": _resolved(target), "size": size})
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise UserError(f"无法在登记册中记下这份备份：{explain_sqlite(exc)}。"
                            "备份未写入") from exc

    try:
        lock = acquire(path, operator)
    except (RegisterBusy, RegisterNotWritable) as exc:
        info = backup_register(path, "manual", out=args.out, replace=_replacing(args))
        why = (f"登记册正由 {exc.holder.describe()}打开" if isinstance(exc, RegisterBusy)
               else str(exc))
        print(f"注意：{why}，这份含完整证件号码的备份未能记入修改记录；"
              + _noted_aside(path, info, operator), file=sys.stderr)
    else:
        with lock:
            info = backup_register(path, "manual", out=args.out, replace=_replacing(args),
                                   written=audit)
    print(f"已备份到 {info.path}（{_size(info.size)}{_zipped(info.path)}）")
    return 0


def _noted_aside(path: Path, info: BackupInfo, operator: str) -> str:
    """A copy the trail could not take, noted beside the register (copies_aside)."""
    from boostdesk.safety.copies_aside import note, unrecorded

    noted = note(path, "backup_out", "register",
                 {"to": _resolved(info.path), "size": info.size}, operator)
    return unrecorded(noted, path)


def _replacing(args: argparse.Namespace) -> bool:
    return bool(getattr(args, "replace", False))


def _resolved(target: Path) -> str:
    """The full path the copy will have (its folder resolved: a link there is replaced)."""
    return str(target.parent.resolve() / target.name)


def _zipped(out: Path) -> str:
    """What a copy written under a .zip name is: the automatic backups' zip, not SQLite."""
    from boostdesk.safety.backup_file import SUFFIX, member_name

    if out.suffix.lower() != SUFFIX:
        return ""
    return f"；压缩文件，内有登记册副本 {member_name(out)} 和数据说明.md，恢复用 restore 加这个文件"


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def run_restore(args: argparse.Namespace) -> int:
    from boostdesk.safety import backup_dir, numbered_backups, restore
    from boostdesk.safety.foreign import not_a_register
    from boostdesk.safety.gone import is_default_register, set_aside_refusal
    from boostdesk.safety.integrity import register_version
    from boostdesk.safety.upgrade_notice import restored_not_upgraded

    path = _register_path(args)
    if not args.db:  # BOOSTDESK_DATA naming the register file: not "没有第 1 份备份"
        from boostdesk.paths import missing_data_dir

        missing = missing_data_dir(path)
        if missing is not None:
            raise UserError(missing)
    # a file in the register's own place (no --db, or --db naming it) is set aside; at
    # another --db it may be someone's other file: refused, naming the option
    set_aside = args.set_aside or not args.db or is_default_register(path)
    if not set_aside:
        refused = not_a_register(path)
        if refused is not None:
            raise UserError(set_aside_refusal(refused.replace("；未打开，", "；未恢复，"), path))
    source = Path(args.file)
    if not _there(source) and args.file.strip().isdecimal():  # a number `backup list` shows
        numbered = {n: info for n, info in numbered_backups(path, strict=True) if n is not None}
        n = int(args.file)
        if n not in numbered:
            raise UserError(f"没有第 {n} 份备份（可用来恢复的共 {len(numbered)} 份）。"
                            "用 boostdesk backup list 查看有哪些备份")
        source = numbered[n].path
    if not _there(source) and not source.is_absolute():
        in_folder = backup_dir(path) / source
        if _there(in_folder):
            source = in_folder
    if not _there(source):
        raise UserError(
            f"找不到备份文件：{args.file}。用 boostdesk backup list 查看有哪些备份"
        )
    result = restore(source, path, _operator(args), other_register=args.other_register,
                     set_aside=set_aside, undo_erasure=args.undo_erasure)
    print(result.describe())
    # replaced as it is: an older BoostDesk's backup is upgraded by the next opening (which
    # says what it changed), so that the way back to an older release stays open
    later = restored_not_upgraded(register_version(result.register))
    if later is not None:
        print(f"提示：{later}", file=sys.stderr)
    return 0


def _there(path: Path) -> bool:
    """Is ``path`` there? A folder this account may not read (another account's backups/)
    said as such: the file in it cannot be told there or not."""
    from boostdesk.safety.backup import BackupFolderRefused

    try:
        return path.exists()
    except OSError as exc:
        from boostdesk.safety.rights import refused

        if refused(exc):
            raise BackupFolderRefused(path.absolute().parent, reading=True, listing=True
                                      ) from exc
        raise


def run_selftest(args: argparse.Namespace) -> int:
    from boostdesk.selftest import main as selftest_main

    return selftest_main(report=args.report, keep=args.keep)
