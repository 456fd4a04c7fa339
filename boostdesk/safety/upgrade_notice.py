"""What the upgrade of a register an older BoostDesk left says, wherever it comes: its steps
as the window opens it, what it did once done, and, for a backup of an older format, what
a restore of it will bring (before) or left to the next opening (the command line, which
replaces the file only). One set of facts: the formats, this release, the 升级前 backup and
the releases that can no longer open it (``schema.LAST_RELEASE``). No Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from boostdesk import __version__
from boostdesk.models.schema import SCHEMA_VERSION, older_releases

if TYPE_CHECKING:
    from .backup import BackupInfo

SLOW = "登记册大时可能需要几十秒"


def needs_upgrade(version: int | None) -> bool:
    """Is a register of schema ``version`` one this release upgrades as it opens it?"""
    return version is not None and 0 < version < SCHEMA_VERSION


def to_this_release(version: int) -> str:
    """``本版本 0.16.0（登记册格式 5 → 22）``."""
    return f"本版本 {__version__}（登记册格式 {version} → {SCHEMA_VERSION}）"


def closed_to_older(version: int) -> str:
    """Which releases the upgraded register shuts out, and what the other computers do."""
    return f"{older_releases(version)} 不能再打开它，其他电脑请安装 {__version__}"


def upgraded_message(before_upgrade: BackupInfo, version: int, rows: dict[int, int],
                     rests: tuple[int, int] = (0, 0)) -> str:
    """What the upgrade of the register did, as the office notices it: the formats, the
    verdicts it moved, the 尾款 it dated, its backup, and which releases can no longer
    open it (``version``: the register's format before; ``rows``: each migration step's
    changed rows; ``rests``: the unpaid 尾款 lines given a due date, and those overdue)."""
    settled = rows.get(19, 0)  # migration 19: a past year's decided papers wait for nothing
    asked = rows.get(22, 0)  # 22: but not those the clerk refused, 19 had settled them too
    if settled:  # both in this upgrade: 22 took back what 19 had just done to them
        settled, asked = settled - asked, 0
    moved = (f"往年已定结果的 {settled} 份申报由“待补材料”改为“合格”。" if settled else "")
    if asked:
        moved += f"往年“资格审核不通过”的 {asked} 份申报恢复原核对结论（此前误显示为“合格”）。"
    dated, overdue = rests
    if dated:
        moved += (f"{dated} 笔尚未拨付的尾款按各年度“验收后尾款拨付期限”（未设的按首笔拨付期限）"
                  f"定了应拨日期" + (f"，其中 {overdue} 笔已逾期。" if overdue else "。"))
    return (f"登记册是旧版 BoostDesk 留下的，已升级到{to_this_release(version)}。{moved}"
            f"升级前的登记册已备份为 {before_upgrade.path.name}（{before_upgrade.path.parent}）。"
            f"{closed_to_older(version)}")


def upgrade_steps(version: int | None) -> tuple[str, str, str] | None:
    """What the upgrade of a register of schema ``version`` says at each of its three
    steps (``{backup}`` and ``{folder}``: its 升级前 backup); None when it needs none."""
    if version is None or not needs_upgrade(version):
        return None
    head = (f"登记册是旧版 BoostDesk 留下的，正在升级到{to_this_release(version)}。"
            f"只在第一次打开时进行，{SLOW}。")
    kept = "升级前的登记册已备份为 {backup}（{folder}）。"
    return (f"{head}\n第 1 步（共 3 步）：备份升级前的登记册……",
            f"{head}\n{kept}\n第 2 步（共 3 步）：升级登记册的结构……",
            f"{head}\n{kept}\n第 3 步（共 3 步）：按本版本的规则重新核对全部申报……")


def restore_upgrades(version: int | None) -> str | None:
    """Said before the window restores a backup of schema ``version`` (it opens the
    register again at once, upgrading it); None when the backup needs no upgrade."""
    if version is None or not needs_upgrade(version):
        return None
    return (f"这份备份是旧版 BoostDesk 留下的（登记册格式 {version}）：恢复后会先把它另存一份"
            f"“升级前”备份，再升级到{to_this_release(version)}，{SLOW}。"
            f"升级后，{closed_to_older(version)}。升级改动了什么，恢复后会说明。")


def restored_not_upgraded(version: int | None) -> str | None:
    """Said after the command line's restore of a backup of schema ``version``: the file
    is replaced as it is, upgraded by the next opening (the window's or a command's),
    which says what it changed. None when it needs no upgrade."""
    if version is None or not needs_upgrade(version):
        return None
    return (f"恢复的登记册是旧版 BoostDesk 的格式（登记册格式 {version}）：本版本下次打开它时"
            f"（窗口或其他命令）会先另存一份“升级前”备份，再升级到{to_this_release(version)}，"
            f"并说明升级改动了什么。升级后，{closed_to_older(version)}；如恢复它是为了在旧版上"
            "使用，请不要先用本版本打开它")
