"""The scoring grid and the panel's rule parameters, stored per campaign.

The plan (二、创新项目助推) says whom the boost is for: projects "具有一定科技含量，填补某一
技术领域空白，对企业转型升级、技术革新等具有积极推动作用 … 切实解决工艺技术难题 … 具有较强的
职工技能培养功能", and 二（四）2 makes the expert score the main basis of the award. The default
grid scores those five priorities, plus feasibility and budget soundness; each campaign may
edit it until the first score is recorded.

A criterion has a maximum score (what the expert types, 0 … max, one decimal at most) and a
weight (its share of a 100-point total): an expert's weighted total for a project is
Σ score / max × weight. With the default grid max equals weight, so the total is the plain sum.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from fractions import Fraction

from boostdesk.models.register import Register
from boostdesk.said_where import way

from .errors import PanelError

TOTAL_POINTS = 100
SCORE_SCALE = 10  # scores are stored in tenths of a point


@dataclass(frozen=True)
class Criterion:
    name: str
    max_score: int
    weight: int
    id: int | None = None
    # 评分要点: what the expert judges, in the year's plan's (or 评分细则's) words, quoted
    # beside the maximum in the package's 填写说明; the year's setting, not the program's
    description: str = ""

    @property
    def header(self) -> str:
        """The column heading of the grid and of the package: 科技含量（满分20）."""
        return f"{self.name}（满分{self.max_score}）"


# The grid a year starts with when none is set (and the one its first year stores): the
# plan's 二 names what it 重点助推, and those words are the criteria's 评分要点 — stored with
# the year's grid, where the office rewrites them for its own plan (panel grid --set, 评审组与
# 评分细则); the last two the plan leaves to the panel, without words of its own.
DEFAULT_GRID: tuple[Criterion, ...] = (
    Criterion("科技含量", 20, 20, description="创新工作室正在开展的具有一定科技含量的项目"),
    Criterion("填补技术空白", 15, 15, description="填补某一技术领域空白"),
    Criterion("对企业转型升级、技术革新的推动作用", 15, 15,
              description="对企业转型升级、技术革新等具有积极推动作用"),
    Criterion("解决工艺技术难题", 15, 15, description="切实解决工艺技术难题"),
    Criterion("职工技能培养功能", 15, 15,
              description="具有较强的职工技能培养功能，能切实推动知识型、技能型、创新型技术工人队伍建设"),
    Criterion("实施可行性", 10, 10),
    Criterion("预算合理性", 10, 10),
)


@dataclass(frozen=True)
class PanelSettings:
    """Rule parameters of one campaign's panel (defaults below; stored per campaign)."""

    # the trimmed mean drops the ``trim_each`` highest and lowest totals once a project
    # has at least ``trim_min_scores`` of them
    trim_min_scores: int = 5
    trim_each: int = 1
    # experts disagree strongly when the standard deviation of their totals is above this
    # (tenths of a point on the 100-point scale)
    disagreement_sd_x10: int = 100
    # experts assigned to each project by the automatic assignment
    experts_per_project: int = 5

    @property
    def disagreement_sd(self) -> float:
        return self.disagreement_sd_x10 / SCORE_SCALE


def weighted_total(criteria: tuple[Criterion, ...], scores_x10: dict[int, int]) -> Fraction:
    """An expert's total for a project on the 100-point scale, exactly."""
    total = Fraction(0)
    for c in criteria:
        if c.id in scores_x10:
            total += Fraction(scores_x10[c.id], SCORE_SCALE) * c.weight / c.max_score
    return total


# -- stored per campaign ------------------------------------------------------------
def criteria(reg: Register, year: int) -> tuple[Criterion, ...]:
    """The campaign's grid; the default (without ids) while none has been stored."""
    rows = reg.query(
        "SELECT id, name, max_score, weight, description FROM criteria WHERE campaign_id = ?"
        " ORDER BY position, id", (reg.campaign_id(year),),
    )
    if not rows:
        return DEFAULT_GRID
    return tuple(Criterion(r["name"], r["max_score"], r["weight"], r["id"], r["description"])
                 for r in rows)


def ensure_grid(reg: Register, year: int) -> tuple[Criterion, ...]:
    """The stored grid, storing the default first when the campaign has none."""
    stored = criteria(reg, year)
    if all(c.id is not None for c in stored):
        return stored
    with reg.transaction():
        _insert(reg, reg.campaign_id(year), stored)
    return criteria(reg, year)


class PackagesOut(PanelError):
    """The grid not changed: packages made under it are out (``names``: their experts);
    the office confirms (``--yes``; the window asks) knowing they will be refused."""

    def __init__(self, names: list[str]) -> None:
        super().__init__("评分细则未修改：" + packages_out_warning(names) + "。" + way(
            "确认修改请再点“保存评分细则”并选择“仍然修改”", "确认修改请加 --yes 重新运行"))
        self.names = names


def check_grid(grid: list[Criterion] | tuple[Criterion, ...]) -> list[str]:
    """What is wrong with a grid being edited (empty when it can be saved)."""
    problems: list[str] = []
    if not grid:
        return ["评分细则至少要有一项"]
    seen: set[str] = set()
    for n, c in enumerate(grid, start=1):
        name = c.name.strip()
        if not name:
            problems.append(f"第{n}项评分细则没有名称")
        elif name in seen:
            problems.append(f"评分细则“{name}”重复")
        seen.add(name)
        if not 1 <= c.max_score <= 1000:
            problems.append(f"“{name}”的满分应为 1 到 1000 的整数，而不是 {c.max_score}")
        if c.weight < 0:
            problems.append(f"“{name}”的权重不能为负数")
    total = sum(c.weight for c in grid)
    if total != TOTAL_POINTS:
        problems.append(f"各项权重之和应为 {TOTAL_POINTS}，现为 {total}")
    return problems


def scores_recorded(reg: Register, year: int) -> int:
    return int(reg.scalar(
        "SELECT COUNT(*) FROM scores s JOIN assignments a ON a.id = s.assignment_id"
        " JOIN experts e ON e.id = a.expert_id WHERE e.campaign_id = ?",
        (reg.campaign_id(year),),
    ) or 0)


def packages_out(reg: Register, year: int) -> list[str]:
    """The experts whose scoring packages went out under the grid as it stands (exported
    since it was last set), in the order they went: a grid changed now refuses them all
    when they come back (their signed criteria no longer the year's)."""
    cid = reg.campaign_id(year)
    since = reg.scalar("SELECT COALESCE(MAX(id), 0) FROM audit_events WHERE entity = 'criteria'"
                       " AND entity_id = ?", (cid,))
    names: dict[str, None] = {}
    for (after,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = 'campaigns' AND entity_id = ?"
            " AND action = 'export_packages' AND id > ? ORDER BY id", (cid, since)):
        names.update(dict.fromkeys(str(n) for n in json.loads(after or "{}").get("experts", ())))
    return list(names)


def packages_out_warning(names: list[str]) -> str:
    """What changing the grid does to the packages out, for the question before it."""
    shown = "、".join(names[:8]) + (f"等 {len(names)} 位" if len(names) > 8 else "")
    return (f"已导出 {len(names)} 位专家的评分包（{shown}），是按现在的评分细则制作的。修改评分细则后，"
            "这些评分包交回时将全部无法导入（专家已填的评分作废），须重新导出评分包发给专家重新填写")


def save_grid(reg: Register, year: int, grid: list[Criterion] | tuple[Criterion, ...], *,
              confirmed: bool = False) -> None:
    """Replace the campaign's grid (audited); refused once any score is recorded, and —
    unless ``confirmed`` — while packages made under the grid as it stands are out
    (:func:`packages_out`: they would all be refused when returned)."""
    problems = check_grid(grid)
    if problems:
        raise PanelError("评分细则未保存：" + "；".join(problems))
    with reg.transaction():
        now = criteria(reg, year)
        if [(c.name.strip(), c.max_score, c.weight) for c in grid] == [
                (c.name, c.max_score, c.weight) for c in now] and all(c.id for c in now):
            # only the 评分要点 changed: no score and no package moves with them
            _describe(reg, year, now, [c.description for c in grid])
            return
        if scores_recorded(reg, year):
            raise PanelError(
                f"{year} 年度已有专家评分，不能再修改评分细则（已导出的评分包也将失效）；"
                "如确需修改，请先清除全部评分"
            )
        out = packages_out(reg, year)
        if out and not confirmed and tuple(
                (c.name.strip(), c.max_score, c.weight) for c in grid) != tuple(
                (c.name, c.max_score, c.weight) for c in criteria(reg, year)):
            raise PackagesOut(out)
        cid = reg.campaign_id(year)
        before = [_as_dict(c) for c in criteria(reg, year) if c.id is not None]
        reg.conn.execute("DELETE FROM criteria WHERE campaign_id = ?", (cid,))
        _insert(reg, cid, tuple(Criterion(c.name.strip(), c.max_score, c.weight,
                                          description=" ".join(c.description.split()))
                                for c in grid))
        reg.audit("update", "criteria", cid, {"criteria": before} if before else None,
                  {"criteria": [_as_dict(c) for c in grid]})


def _describe(reg: Register, year: int, now: tuple[Criterion, ...],
              words: list[str]) -> None:
    """The stored criteria's 评分要点 set to ``words`` (audited when any changed)."""
    after = [" ".join(w.split()) for w in words]
    if after == [c.description for c in now]:
        return
    for c, text in zip(now, after, strict=True):
        reg.conn.execute("UPDATE criteria SET description = ? WHERE id = ?", (text, c.id))
    reg.audit("update", "criteria", reg.campaign_id(year),
              {"criteria": [_as_dict(c) for c in now]},
              {"criteria": [_as_dict(Criterion(c.name, c.max_score, c.weight, c.id, text))
                            for c, text in zip(now, after, strict=True)]})


def _insert(reg: Register, cid: int, grid: tuple[Criterion, ...]) -> None:
    for position, c in enumerate(grid):
        reg.conn.execute(
            "INSERT INTO criteria (campaign_id, position, name, max_score, weight, description)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (cid, position, c.name, c.max_score, c.weight, c.description),
        )
    reg.audit("create", "criteria", cid, None, {"criteria": [_as_dict(c) for c in grid]})


def _as_dict(c: Criterion) -> dict[str, object]:
    return {"name": c.name, "max_score": c.max_score, "weight": c.weight,
            **({"description": c.description} if c.description else {})}


def carry_over(reg: Register, source_year: int, year: int) -> None:
    """A year made from ``source_year`` takes its stored grid and panel settings: they are
    the year's rule parameters as much as the plan's, and the program's defaults would
    silently change how the new year's scores are trimmed and ranked. Whatever ``year``
    already stores is kept."""
    with reg.transaction():
        cid = reg.campaign_id(year)
        if not reg.scalar("SELECT COUNT(*) FROM criteria WHERE campaign_id = ?", (cid,)):
            grid = criteria(reg, source_year)
            if all(c.id is not None for c in grid):  # the source stored one of its own
                _insert(reg, cid, grid)
        stored = reg.query("SELECT 1 FROM panel_settings WHERE campaign_id = ?",
                           (reg.campaign_id(source_year),))
        if stored and not reg.query("SELECT 1 FROM panel_settings WHERE campaign_id = ?",
                                    (cid,)):
            save_settings(reg, year, settings(reg, source_year))


def settings(reg: Register, year: int) -> PanelSettings:
    rows = reg.query(
        "SELECT trim_min_scores, trim_each, disagreement_sd_x10, experts_per_project"
        " FROM panel_settings WHERE campaign_id = ?", (reg.campaign_id(year),),
    )
    return PanelSettings(**rows[0]) if rows else PanelSettings()


def check_settings(s: PanelSettings) -> list[str]:
    problems = []
    if s.trim_each < 0:
        problems.append("去掉的最高、最低分个数不能为负数")
    if s.trim_min_scores < 2 * s.trim_each + 1:
        problems.append(
            f"去掉最高、最低各 {s.trim_each} 个分数后至少要留下一个："
            f"启用去极值平均的人数应不少于 {2 * s.trim_each + 1}"
        )
    elif s.trim_min_scores < 3:  # said once: trimming one each way already asks for 3
        problems.append("启用去极值平均的人数应不少于 3")
    if s.disagreement_sd_x10 <= 0:
        problems.append("意见分歧的标准差阈值应大于 0")
    if s.experts_per_project < 1:
        problems.append("每个项目的评审专家人数应至少为 1")
    return problems


def save_settings(reg: Register, year: int, s: PanelSettings) -> None:
    problems = check_settings(s)
    if problems:
        raise PanelError("评审参数未保存：" + "；".join(problems))
    with reg.transaction():
        cid = reg.campaign_id(year)
        before = settings(reg, year)
        trims = (s.trim_min_scores, s.trim_each)
        if trims != (before.trim_min_scores, before.trim_each) and reg.scalar(
            "SELECT COUNT(*) FROM proposals WHERE campaign_id = ? AND period_id IS NOT NULL",
            (cid,),
        ):
            # the published proposal was ranked on the scores this rule makes
            raise PanelError(
                f"{year} 年度拟助推名单已公示，去极值规则（人数、去掉个数）不能再改："
                "已公示项目的得分和后续批次的排名都按现行规则计算（分歧阈值、每项目专家数仍可修改）"
            )
        reg.conn.execute(
            "INSERT INTO panel_settings (campaign_id, trim_min_scores, trim_each,"
            " disagreement_sd_x10, experts_per_project) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (campaign_id) DO UPDATE SET trim_min_scores = excluded.trim_min_scores,"
            " trim_each = excluded.trim_each, disagreement_sd_x10 = excluded.disagreement_sd_x10,"
            " experts_per_project = excluded.experts_per_project",
            (cid, s.trim_min_scores, s.trim_each, s.disagreement_sd_x10, s.experts_per_project),
        )
        reg.audit("update", "panel_settings", cid, before.__dict__, s.__dict__)
