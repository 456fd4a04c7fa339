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

from .upgrade_papers import UpgradedPapers

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


def _named(refs: list[str], most: int = 10) -> str:
    """专利65、专利70, the first ``most`` of them, then 等 N 份."""
    return "、".join(refs[:most]) + (f" 等 {len(refs)} 份" if len(refs) > most else "")


def _asked(asked: list[tuple[str, str, str]]) -> str:
    """Migration 22's papers by the move each shows: 专利65 由“合格”改为“待补材料”."""
    moves: dict[tuple[str, str], list[str]] = {}
    for ref, was, now in asked:
        moves.setdefault((was, now), []).append(ref)
    return "；".join(f"{_named(refs)} " + (f"仍为“{now}”，所缺材料重新列出" if was == now
                                          else f"由“{was}”改为“{now}”")
                    for (was, now), refs in moves.items())


def _undated(undated: dict[int, list[str]]) -> str:
    """What 23 (the 资格审核日期) leaves the office: the sheets printing 补录, and the way."""
    from boostdesk.said_where import way
    from boostdesk.season_guide import REDATE

    total = sum(len(refs) for refs in undated.values())
    years = "；".join(f"{y} 年度 {_named(refs, 5)}" for y, refs in undated.items())
    return (f"此前的资格审核未记审核日期，审批表印的是录入之日：已核准的 {total} 份申报（{years}）"
            "在核准之后才录入资格审核，审批表印作“资格审核通过（某年某月某日补录）”。知道实际审核"
            "日期的，可" + way(f"在“专利助推”或“创新项目”中选中申报，点“改状态”（Ctrl+M）选"
                             f"“{REDATE}”，",
                             "运行 boostdesk correct qualified-date 登记号 --date 日期 --reason 原因，")
            + "补记审核日期（写明原因，记入修改记录），审批表即印该日期。")


def upgraded_message(before_upgrade: BackupInfo, version: int, rows: dict[int, int],
                     rests: tuple[int, int] = (0, 0),
                     papers: UpgradedPapers | None = None) -> str:
    """What the upgrade of the register did, as the office notices it: the formats, the
    verdicts and reasons it moved (naming the papers), the 尾款 it dated, what it leaves
    to put right, its backup, and which releases can no longer open it (``version``: the
    register's format before; ``rows``: each migration step's changed rows; ``rests``: the
    unpaid 尾款 lines given a due date, and those overdue; ``papers``: the papers it
    changed, from its lines in the trail)."""
    papers = papers or UpgradedPapers()
    settled = rows.get(19, 0)  # migration 19: a past year's decided papers wait for nothing
    if settled:  # 22 in the same upgrade took back what 19 had just done to the clerk's
        # refusals (no line then: the office never saw them settled; rows[22] its updates)
        settled -= rows.get(22, 0)
    moved = [f"往年已定结果的 {settled} 份申报由“待补材料”改为“合格”。"] if settled else []
    if papers.asked:  # 22, from 19 on: each paper has its line
        moved.append(f"往年“资格审核不通过”的 {len(papers.asked)} 份申报恢复原核对结论（此前所缺"
                     f"材料误作“该年度结果已定，无须补充”）：{_asked(papers.asked)}。")
    if papers.reworded:  # 24
        refs = [ref for ref, _ in papers.reworded]
        moved.append(f"{len(refs)} 个核准项目（{_named(refs)}）的核准理由由“公示期满无异议”更正"
                     "为审批表的写法（公示期内收到的异议经核实不成立），修改记录中有说明。")
    dated, overdue = rests
    if dated:
        moved.append(f"{dated} 笔尚未拨付的尾款按各年度“验收后尾款拨付期限”（未设的按首笔拨付"
                     f"期限）定了应拨日期" + (f"，其中 {overdue} 笔已逾期。" if overdue else "。"))
    if papers.undated:  # 23
        moved.append(_undated(papers.undated))
    # each change a paragraph of its own: run together, the window's box read as one block
    return "\n".join([f"登记册是旧版 BoostDesk 留下的，已升级到{to_this_release(version)}。", *moved,
                      f"{backed_up(before_upgrade)}{closed_to_older(version)}"])


def backed_up(before_upgrade: BackupInfo) -> str:
    """Where the register as it was before the upgrade is: its 升级前 backup, made now, or
    the one an earlier upgrade of it left (取消升级, a failure) holding the same copy."""
    where = f"{before_upgrade.path.name}（{before_upgrade.path.parent}）"
    if before_upgrade.reused:
        return (f"升级前的登记册与已有的升级前备份 {where}完全相同，沿用这份备份，未再另存一份。")
    return f"升级前的登记册已备份为 {where}。"


def kept_after_stop(before_upgrade: BackupInfo) -> str:
    """Said after an upgrade stopped (取消升级, a failure): which 升级前 backup stays, and
    that the next upgrade of the register unchanged takes no other."""
    return (f"升级前的备份 {before_upgrade.path.name} 保留在 {before_upgrade.path.parent}；"
            "登记册如未改动，下次升级时沿用这份备份，不再另存一份")


def upgrade_steps(version: int | None) -> tuple[str, str, str] | None:
    """What the upgrade of a register of schema ``version`` says at each of its three
    steps (``{kept}``: its 升级前 backup, :func:`backed_up`); None when it needs none."""
    if version is None or not needs_upgrade(version):
        return None
    head = (f"登记册是旧版 BoostDesk 留下的，正在升级到{to_this_release(version)}。"
            f"只在第一次打开时进行，{SLOW}。")
    kept = "{kept}"
    return (f"{head}\n第 1 步（共 3 步）：备份升级前的登记册…",
            f"{head}\n{kept}\n第 2 步（共 3 步）：升级登记册的结构…",
            f"{head}\n{kept}\n第 3 步（共 3 步）：按本版本的规则重新核对全部申报…")


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
