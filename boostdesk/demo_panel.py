"""The expert panel of the demo register: so every panel and publicity screen has data.

Called by :func:`boostdesk.demo.fill_demo` once the 2022 applications have reached their
stages. It adds six experts (two from an applicant's own organisation, so the automatic
conflict rule has something to do, and one declared conflict), the default scoring grid,
assignments balanced over the projects waiting for the panel (qualified ones move to
review), three packages already returned and one expert's scores half-typed on screen.
It then records the publicity period already under way for the demo's publicized
projects, with one objection dismissed and one still open. Deterministic (seeded).
"""

from __future__ import annotations

import random
from datetime import date

from boostdesk.models.register import Register

SEED = 4
YEAR = 2022
OPERATOR = "刘建国"  # the demo's reviewer (审核)

EXPERTS: tuple[tuple[str, str, str, str], ...] = (
    ("周建华", "北京工业大学", "机械制造及其自动化", "zhoujh@example.edu.cn"),
    ("吴晓梅", "北京理工大学", "材料科学与工程", "wuxm@example.edu.cn"),
    ("郑国强", "中国铁道科学研究院", "轨道交通装备", "zhenggq@example.cn"),
    ("孙立平", "北京市科学技术研究院", "新一代信息技术", "sunlp@example.cn"),
    ("何文静", "北京化工大学", "生物医药与化工", "hewj@example.edu.cn"),
    ("陈志远", "北京市市政工程研究院", "土木与道桥工程", "chenzy@example.cn"),
)
DECLARED = ("陈志远", "城市快速路改造交通导改方案优化", "曾为该工作室的导改方案提供技术咨询")
RETURNED = ("周建华", "郑国强", "孙立平")  # packages returned and imported
DRAFTING = "何文静"  # scoring on the office machine, not yet submitted
PUBLICITY_START = date(2022, 12, 26)
SCORED_ON = "2022-12-16T16:00:00"  # the packages returned (a list adopted after it)
OBJECTIONS = (
    ("精密光学组件自动装调平台研制", date(2022, 12, 27), "某职工（来电）",
     "反映项目所用装调平台为外购设备，并非工作室自主研制",
     "经核查，平台核心装调算法与工装为工作室自主开发，外购的仅为通用位移台；异议不成立",
     date(2022, 12, 30)),
    ("电驱总成下线测试台架开发", date(2022, 12, 29), "匿名来信",
     "反映项目负责人同时主持另一在研项目，精力难以保证", None, None),
)


def _scores(rng: random.Random, grid: tuple, quality: float) -> dict[int, int]:
    """One expert's scores (tenths, in halves of a point) around a project's quality."""
    out = {}
    for c in grid:
        share = min(0.98, max(0.35, quality + rng.uniform(-0.09, 0.09)))
        out[c.id] = min(c.max_score * 10, round(c.max_score * share * 2) * 5)
    return out


def _drop_empty_periods(reg: Register) -> None:
    """Periods left without projects (their applications were cleared by demo --force)."""
    for row in reg.query(
        "SELECT p.* FROM publicity_periods p JOIN campaigns c ON c.id = p.campaign_id"
        " WHERE c.year = ? AND NOT EXISTS (SELECT 1 FROM proposals r WHERE r.period_id = p.id)",
        (YEAR,),
    ):
        reg.conn.execute("DELETE FROM publicity_periods WHERE id = ?", (row["id"],))
        reg.audit("delete", "publicity_periods", row["id"], row, None)


def fill_panel_demo(reg: Register) -> None:
    from boostdesk.panel import publicity
    from boostdesk.panel.experts import (
        Expert,
        auto_assign,
        declare_conflict,
        experts,
        panel_projects,
        save_expert,
    )
    from boostdesk.panel.grid import ensure_grid
    from boostdesk.panel.scoring import PACKAGE, SCREEN, expert_sheet, save_scores

    rng = random.Random(SEED)
    operator = reg.operator
    try:
        reg.operator = OPERATOR
        with reg.transaction():
            _drop_empty_periods(reg)
            known = {e.name: e.id for e in experts(reg, YEAR)}  # after demo --force
            for name, org, field, contact in EXPERTS:
                save_expert(reg, YEAR, Expert(name, org, field, contact, known.get(name)))
            grid = ensure_grid(reg, YEAR)
            panel = {e.name: e for e in experts(reg, YEAR)}
            projects = {p.title: p for p in panel_projects(reg, YEAR)}
            who, title, reason = DECLARED
            if title in projects:
                declare_conflict(reg, panel[who].id or 0, projects[title].id or 0, reason)
            auto_assign(reg, YEAR)
            quality = {p.id: rng.uniform(0.62, 0.9) for p in panel_projects(reg, YEAR)}
            for name in (*RETURNED, DRAFTING):
                e = panel[name]
                rows = expert_sheet(reg, e.id or 0)
                if name == DRAFTING:
                    rows = rows[: len(rows) // 2]
                entries = {r.project_id: (_scores(rng, grid, quality[r.project_id]),
                                          rng.choice(("", "", "技术路线清晰", "建议细化预算",
                                                      "成果推广价值较高")))
                           for r in rows}
                save_scores(reg, e.id or 0, entries, submit=name != DRAFTING,
                            source=SCREEN if name == DRAFTING else PACKAGE,
                            note="" if name == DRAFTING else f"{YEAR}年度专家评分包_{name}.xlsx")
                if name != DRAFTING:  # returned in the demo's season, not on the day it is built
                    reg.conn.execute("UPDATE assignments SET submitted_at = ? WHERE expert_id = ?"
                                     " AND submitted_at IS NOT NULL", (SCORED_ON, e.id or 0))
            publicized = [a for a in reg.projects(YEAR) if a.status == "publicized"]
            if publicized:
                publicity.record_existing_publicity(reg, YEAR, PUBLICITY_START)
                titles = {a.title: a.id for a in publicized}
                for title, received, who, content, note, resolved in OBJECTIONS:
                    if title not in titles:
                        continue
                    oid = publicity.record_objection(reg, titles[title] or 0, received, who,
                                                     content)
                    if note and resolved:
                        publicity.resolve_objection(reg, oid, False, note, resolved)
    finally:
        reg.operator = operator
