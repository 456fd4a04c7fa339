"""Whether a returned package may replace scores an expert already submitted without the
office's word. A second filled copy of a package changes what the ranking counts: a late
correction from the expert, or the package filled in by the wrong expert (刘振华's file
with 韩志强's numbers, named 韩志强评分.xlsx). Either is stored only when confirmed
(``panel import --replace``, the window's question), after being told how many projects'
scores differ, from which file they came, and whose name the file name carries."""

from __future__ import annotations

from collections.abc import Mapping

from boostdesk.models.register import Register

from .experts import experts
from .package_age import STORED_IMPORT
from .package_format import shown_time
from .package_read import PackageContent
from .scoring import SheetRow

Entry = tuple[dict[int, int | None], str]

# how the command line confirms; the window asks instead
CLI_CONFIRM = "--replace"
# and an earlier save of a package already imported (--replace does not take it)
CLI_CONFIRM_OLDER = "--replace-with-older"


def confirm_line(expert: str, older: bool) -> str:
    """How the command line confirms a replacement it refused."""
    if older:
        return (f"这是同一评分包较早保存的一份，{CLI_CONFIRM} 不导入它：如核实已导入的较晚一份有误、"
                f"应以本文件为专家“{expert}”的评分，请加 {CLI_CONFIRM_OLDER} 重新导入")
    return f"如确认以本文件替换专家“{expert}”的评分，请加 {CLI_CONFIRM} 重新导入"


def other_expert_named(reg: Register, content: PackageContent) -> str | None:
    """Another expert of the year whose registered name the file's name holds (the
    package's own expert's name taken out first: 王强 is not named by 王强华评分.xlsx)."""
    own = content.expert.name
    name = content.path.stem.replace(own, "") if own else content.path.stem
    others = [e.name for e in experts(reg, content.year)
              if e.id != content.expert.id and e.name and e.name != own and e.name in name]
    return max(others, key=len) if others else None


def _last_import(reg: Register, expert_id: int) -> Mapping[str, object] | None:
    rows = reg.query(
        "SELECT at, json_extract(after, '$.file') AS file FROM audit_events"
        " WHERE entity = 'experts' AND entity_id = ? AND " + STORED_IMPORT +
        " ORDER BY id DESC LIMIT 1", (expert_id,))
    return rows[0] if rows else None


def differing(content: PackageContent, changed: Mapping[int, Entry],
              stored: Mapping[int, SheetRow]) -> list[int]:
    """The projects whose submitted scores the package changes (a comment alone, or a
    draft, is not asked about: the ranking counts neither)."""
    return [pid for pid, (scores, _) in changed.items()
            if (row := stored.get(pid)) is not None and row.submitted
            and {k: v for k, v in scores.items() if v is not None} != row.scores_x10]


def differ_line(reg: Register, content: PackageContent, ids: list[int]) -> str:
    """What replacing would change, for the office to confirm: how many projects' scores
    differ from those submitted, and from which file those came (whose name the file
    carries is :mod:`.package_doubts`' question)."""
    e = content.expert
    named = ("（" + "".join(f"“{content.titles.get(p, '')}”" for p in ids) + "）"
             if len(ids) <= 3 else "")
    last = _last_import(reg, e.id or 0)
    source = (f"（已提交的是 {last['file']}，{shown_time(str(last['at']))[:16]} 导入）"
              if last else "")
    return (f"{content.path.name} 是专家“{e.name}”的评分包（{len(content.entries)} 个项目），"
            f"其中 {len(ids)} 个项目{named}的评分与"
            f"登记册中该专家已提交的评分不同{source}。导入将替换这些评分（原评分先备份，"
            "每个项目的改动记入修改记录）")
