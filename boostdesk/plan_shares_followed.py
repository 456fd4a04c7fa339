"""What a changed split or tranche shares do to the year's approved, unpaid awards.

Once money has moved the change is refused (``Register._refuse_paid_plan_change``); before
that, the approval sheets and payment lists simply read the new shares. A patent award's
change was said (审批表请重新打印); a split's or the tranches' changed the printed amounts
of approved awards with nothing said, and sheets already printed no longer matched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from boostdesk.models.campaign import LEVEL_ZH, LEVELS

if TYPE_CHECKING:
    from boostdesk.models import Register
    from boostdesk.models.campaign import Campaign

# approved, nothing paid yet: the ones whose printed amounts follow the plan
_APPROVED = "('approved')"


def _count(reg: Register, sql: str, args: tuple[object, ...]) -> int:
    return int(reg.scalar(sql, args) or 0)


def shares_followed(reg: Register, before: Campaign, after: Campaign) -> list[str]:
    """One line per share changed that approved awards of the year follow (none when no
    award is approved), for 设置's message and ``campaign set``'s output."""
    year = after.year
    lines: list[str] = []
    if tuple(before.patent_split) != tuple(after.patent_split):
        n = _count(reg, "SELECT COUNT(*) FROM patent_applications a JOIN campaigns c"
                   f" ON c.id = a.campaign_id WHERE c.year = ? AND a.status IN {_APPROVED}",
                   (year,))
        if n:
            a, b = after.patent_split
            lines.append(f"已核准尚未拨付的 {n} 项专利，市总工会与推荐工会的分担随之改为 {a}:{b}")
    projects = ("SELECT COUNT(*) FROM project_applications a JOIN campaigns c"
                " ON c.id = a.campaign_id LEFT JOIN studios s ON s.id = a.studio_id"
                f" WHERE c.year = ? AND a.status IN {_APPROVED}")
    for level in LEVELS:
        old, new = before.project_split.get(level), after.project_split.get(level)
        if tuple(old or ()) != tuple(new or ()) and new:
            n = _count(reg, projects + " AND s.level = ?", (year, level))
            if n:
                lines.append(f"已核准尚未拨付的 {n} 项{LEVEL_ZH[level]}工作室项目，分担随之改为 "
                             f"{new[0]}:{new[1]}")
    if tuple(before.tranche_shares) != tuple(after.tranche_shares):
        n = _count(reg, projects, (year,))
        if n:
            shares = "、".join(f"{s}%" for s in after.tranche_shares)
            lines.append(f"已核准尚未拨付的 {n} 项项目，分期拨付比例随之改为 {shares}")
    return [f"{line}（审批表和拨付清单请重新打印）" for line in lines]
