"""What merging one studio into another makes of each year's per-studio limit on awards
(二（二）2: 同一创新工作室……获得助推的项目至多1项).

Before approval the ranking keeps a studio's second project out of the tiers; after it
nothing re-judges the studio's awards (the money may be out). So two studios each holding
an award of the same year (核准、拨付、验收, or on the year's list: 拟助推、公示) are
not merged: one studio would hold two awards of that year, which the register would then
show without comment. Applications over the limit are left to the rules: the merge's
re-check judges the extra ones 不合格 (二（二）2) and the merge says so.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from boostdesk.validate import tidy_name

from .records import PROJECT, id_ref
from .workflow import STATUS_ZH

if TYPE_CHECKING:
    from .register_base import RegisterBase

# the statuses in which a project holds (or is listed for) its year's award, as the
# ranking counts a studio's awards (panel.ranking_rows.HOLDING)
AWARD_HELD = ("proposed", "publicized", "approved", "paid_first", "accepted", "paid_final",
              "acceptance_failed")


def merge_refusal(reg: RegisterBase, name: str, into: str) -> str:
    """Why studio ``name`` may not be merged into ``into``: each year of the register (its
    own plan's limit) in which the two together would hold more awards than a studio may,
    both holding one — the projects, and the earlier awards typed in on 工作室 (往年助推),
    named with their studios and states, and what the office can do. "" when none."""
    name, into = tidy_name(name), tidy_name(into)
    marks = ", ".join("?" * len(AWARD_HELD))
    held: dict[int, list[tuple[str, str]]] = defaultdict(list)  # year -> (studio, text)
    for year, app_id, title, status, studio in reg.conn.execute(
            "SELECT c.year, a.id, a.title, a.status, s.name FROM project_applications a"
            " JOIN studios s ON s.id = a.studio_id JOIN campaigns c ON c.id = a.campaign_id"
            f" WHERE s.name IN (?, ?) AND a.status IN ({marks}) ORDER BY c.year, a.id",
            (name, into, *AWARD_HELD)):
        held[year].append((studio, f"{id_ref(PROJECT, app_id)}“{title}”"
                                   f"（{STATUS_ZH.get(status, status)}"))
    for year, title, studio in reg.conn.execute(
            "SELECT a.year, a.project_title, s.name FROM studio_awards a JOIN studios s"
            " ON s.id = a.studio_id WHERE s.name IN (?, ?) ORDER BY a.year, a.id", (name, into)):
        held[year].append((studio, f"往年助推“{title}”（“工作室”页录入"))
    years = set(reg.campaign_years())  # a year with no plan in the register: no limit known
    over = []
    for year in sorted(held.keys() & years):
        c = reg.campaign(year)
        awards = held[year]
        if len(awards) <= c.max_awards_per_studio or {s for s, _ in awards} != {name, into}:
            continue  # within the limit, or over it already without the merge
        listed = "".join(f"\n  {text}，{'原属' if s == name else '属'}“{s}”）" for s, text in awards)
        over.append(f"并入后“{into}”{year} 年度将有 {len(awards)} 项助推，该年度方案同一工作室获得"
                    f"助推的项目至多 {c.max_awards_per_studio} 项（{c.clause('project_studio')}）："
                    + listed)
    if not over:
        return ""
    return (f"不能把工作室“{name}”并入“{into}”，未作改动。\n" + "\n".join(over)
            + "\n如两者确是同一工作室的两种写法（同一年度重复获助推），请报请研究，"
            "按研究结论撤下多出的助推后再合并；如是两个工作室（如机构调整后合为一个），"
            "请不要在登记册中合并：已有的申报和助推仍记在各自名下，以后的申报写合并后的名称。")
