"""What 帮助 → 关于 tells whoever supports a desk: the version, where the register, its
backups and the log are, and what the register holds (no Qt)."""

from __future__ import annotations

import platform
import sys
from pathlib import Path

from boostdesk import __version__
from boostdesk.models.register import Register


def _size(n: int) -> str:
    return f"{n / (1 << 20):,.1f} MB" if n >= 1 << 20 else f"{n / 1024:,.0f} KB"


def about_facts(reg: Register, log: Path | None, qt_version: str = "") -> list[tuple[str, str]]:
    """(label, value) lines, in the order shown and copied."""
    counts = {table: reg.scalar(f"SELECT COUNT(*) FROM {table}")
              for table in ("patent_applications", "project_applications")}
    years = "、".join(str(y) for y in reg.campaign_years()) or "无"
    runtime = f"Python {platform.python_version()}" + (f"，Qt {qt_version}" if qt_version else "")
    facts = [
        ("版本", f"BoostDesk {__version__}（{runtime}，{platform.system()} {platform.release()}）"),
        ("操作员", reg.operator),
    ]
    if reg.path is None:
        facts.append(("登记册", "内存中（未保存到文件）"))
        return facts
    path = reg.path.resolve()
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    schema = reg.scalar("PRAGMA user_version")
    facts += [
        ("登记册", str(path)),
        ("登记册大小", f"{_size(size)}（登记册格式 {schema}）"),
        ("年度", years),
        ("申报", f"专利 {counts['patent_applications']:,} 项、项目 {counts['project_applications']:,} 项"),
    ]
    facts.append(("备份文件夹", _backups_fact(path)))
    facts.append(("日志", str(log) if log is not None else "未记录（数据文件夹不可写）"))
    if getattr(reg, "read_only", False):
        facts.append(("打开方式", f"只读（{getattr(reg, 'why', '登记册正由他人使用')}）"))
    return facts


def _backups_fact(path: Path) -> str:
    from boostdesk.safety.backup import (
        NOT_RESTORABLE,
        BackupFolderRefused,
        backup_dir,
        list_backups,
    )

    try:
        backups = list_backups(path, strict=True)
    except BackupFolderRefused:  # another account's folder: not "0 份"
        return f"{backup_dir(path)}（无法读取：当前账户没有这个文件夹的读取权限）"
    # A damaged register's own copy (kept by a restore) takes room but restores nothing.
    good = [b for b in backups if b.restorable]
    newest = f"，最新 {good[0].created:%Y-%m-%d %H:%M}" if good else ""
    total = f"，共 {_size(sum(b.size for b in backups))}" if backups else ""
    damaged = len(backups) - len(good)
    kept = f"；另有 {damaged} 份损坏登记册的副本，{NOT_RESTORABLE}" if damaged else ""
    return f"{backup_dir(path)}（{len(good)} 份{total}{newest}{kept}）"


def facts_text(facts: list[tuple[str, str]]) -> str:
    """The facts as copied for an e-mail to support."""
    return "\n".join(f"{label}：{value}" for label, value in facts) + f"\n（{sys.platform}）"
