"""What merging one studio into another, or moving an awarded project to another studio,
makes of each year's per-studio limit on awards (二（二）2: 同一创新工作室……获得助推的项目至多1项).

Before approval the ranking keeps a studio's second project out of the tiers; after it
nothing re-judges the studio's awards (the money may be out). So two studios each holding
an award of the same year (核准、拨付、验收, or on the year's list: 拟助推、公示) are
not merged: one studio would hold two awards of that year, which the register would then
show without comment. Applications over the limit are left to the rules: the merge's
re-check judges the extra ones 不合格 (二（二）2) and the merge says so. Likewise a project
holding its year's award is not moved (its paper's 工作室 edited, on the form or by a
table's update) onto a studio that already holds that year's awards up to the limit.
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


def move_refusal(reg: RegisterBase, app_id: int, studio: str | None = None) -> str:
    """Why project ``app_id`` may not hold its award under its studio as it stands now (its
    studio just changed), or under the studio named ``studio`` (a form's typing, before
    anything is asked or saved): one holding (or listed for) its year's award whose studio
    would then hold more of that year's awards than its plan allows — the studio's other
    awards of the year named, as :func:`merge_refusal` names them. "" when none."""
    row = reg.conn.execute(
        "SELECT a.status, a.title, a.studio_id, s.name, c.year FROM project_applications a"
        " JOIN campaigns c ON c.id = a.campaign_id LEFT JOIN studios s ON s.id = a.studio_id"
        " WHERE a.id = ?", (app_id,)).fetchone()
    if row is None or row[0] not in AWARD_HELD:
        return ""
    status, title, studio_id, name, year = row
    if studio is not None and tidy_name(studio) != name:
        name = tidy_name(studio)
        studio_id = reg.scalar("SELECT id FROM studios WHERE name = ?", (name,))
    if studio_id is None:  # no studio, or a new one: no award of its own
        return ""
    marks = ", ".join("?" * len(AWARD_HELD))
    others = [f"{id_ref(PROJECT, i)}“{t}”（{STATUS_ZH.get(st, st)}）" for i, t, st in reg.conn.execute(
        "SELECT a.id, a.title, a.status FROM project_applications a JOIN campaigns c"
        f" ON c.id = a.campaign_id WHERE a.studio_id = ? AND c.year = ? AND a.status IN ({marks})"
        " AND a.id != ? ORDER BY a.id", (studio_id, year, *AWARD_HELD, app_id))]
    others += [f"往年助推“{t}”（“工作室”页录入）" for (t,) in reg.conn.execute(
        "SELECT project_title FROM studio_awards WHERE studio_id = ? AND year = ? ORDER BY id",
        (studio_id, year))]
    c = reg.campaign(year)
    if not others or len(others) + 1 <= c.max_awards_per_studio:
        return ""
    state = STATUS_ZH.get(status, status)
    listed = "".join(f"\n  {text}" for text in others)
    return (f"不能把{id_ref(PROJECT, app_id)}“{title}”（{state}）改为工作室“{name}”，未保存。\n"
            f"“{name}”{year} 年度已有助推（或列入拟助推）的项目：{listed}\n"
            f"改后该工作室{year} 年度将有 {len(others) + 1} 项助推，该年度方案同一工作室获得助推的"
            f"项目至多 {c.max_awards_per_studio} 项（{c.clause('project_studio')}）。\n"
            "如是工作室名称录错，请改回本项目原属工作室的名称；如确是同一工作室同一年度"
            "重复获助推，请报请研究，按研究结论撤下多出的助推后再改。")
