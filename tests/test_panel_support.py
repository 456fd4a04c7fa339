"""Helpers shared by the panel, rank and publicity tests (this module holds no tests).

Projects are made valid under the 2022 plan so that only what a test changes matters.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from boostdesk.models import CITY, DISTRICT, ProjectApplication, Register
from boostdesk.models.records import PROJECT, PROJECT_MATERIALS
from boostdesk.panel.experts import Expert, assign, save_expert
from boostdesk.panel.grid import SCORE_SCALE, Criterion, ensure_grid
from boostdesk.panel.scoring import save_scores

YEAR = 2022
WAN = 10_000_00

__all__ = ["CITY", "DISTRICT", "WAN", "YEAR", "add_experts", "fill_packages", "make_project",
           "one_place_two_publicized", "score_all", "scores_for_total", "to_review",
           "two_adopted"]


def make_project(reg: Register, title: str, studio: str, level: str = CITY, *,
                 budget_fen: int = 40 * WAN, requested_fen: int | None = None,
                 received: date = date(2022, 10, 25), enterprise: str = "",
                 unit: str = "海淀区总工会", year: int = YEAR) -> int:
    if requested_fen is None:
        requested_fen = 10 * WAN if level == CITY else 3 * WAN
    app = ProjectApplication(
        campaign_year=year, title=title, studio_name=studio, studio_level=level,
        leader=f"{studio[:2]}负责人", unit_name=unit,
        enterprise_name=enterprise or f"{studio}所在公司",
        approval_date=date(2022, 3, 1), startup_funds_paid=True,
        planned_completion=date(2023, 12, 31), total_budget_fen=budget_fen,
        requested_fen=requested_fen, contact_name="联系人", contact_phone="13800138000",
        received_date=received, materials={k: True for k in PROJECT_MATERIALS},
    )
    return reg.save_project(app)


def to_review(reg: Register, *ids: int) -> None:
    for i in ids:
        reg.set_status(PROJECT, i, "qualified")
        reg.set_status(PROJECT, i, "review")


def add_experts(reg: Register, n: int, year: int = YEAR, keep_settings: bool = False) -> list[int]:
    """``n`` experts; a panel of fewer than the default five asks that many a project
    (评审参数: adopting refuses a project scored by fewer than the year asks), unless
    ``keep_settings``."""
    from dataclasses import replace

    from boostdesk.panel.experts import experts
    from boostdesk.panel.grid import save_settings, settings

    orgs = ("清华大学", "中国科学院", "北京工业大学", "北京市科委", "北京航空航天大学",
            "中国铁道科学研究院", "北京化工大学")
    ids = [save_expert(reg, year, Expert(f"专家{k + 1}", orgs[k % len(orgs)], "机械"))
           for k in range(n)]
    s = settings(reg, year)
    if not keep_settings and len(experts(reg, year)) < s.experts_per_project:
        save_settings(reg, year, replace(s, experts_per_project=len(experts(reg, year))))
    return ids


def scores_for_total(grid: tuple[Criterion, ...], total_x10: int) -> dict[int, int]:
    """Scores (tenths) whose weighted total is ``total_x10`` tenths, for a grid where
    each criterion's maximum equals its weight (the default)."""
    assert all(c.max_score == c.weight for c in grid)
    out = {c.id or 0: c.max_score * total_x10 // 100 for c in grid}
    left = total_x10 - sum(out.values())
    for c in grid:
        room = c.max_score * SCORE_SCALE - out[c.id or 0]
        add = min(room, left)
        out[c.id or 0] += add
        left -= add
    assert left == 0
    return out


def score_all(reg: Register, expert_id: int, totals: dict[int, float],
              year: int = YEAR, assign_first: bool = True) -> None:
    """Assign (if asked) and submit the expert's totals (points) for these projects."""
    grid = ensure_grid(reg, year)
    if assign_first:
        for project_id in totals:
            assign(reg, expert_id, project_id)
    entries = {pid: (scores_for_total(grid, round(t * 10)), "") for pid, t in totals.items()}
    save_scores(reg, expert_id, entries, submit=True)


def two_for_one_place(reg: Register, experts: int, a: dict[str, Any] | None = None,
                      b: dict[str, Any] | None = None) -> tuple[int, int, list[int]]:
    """One 3万元 (district) place and two district projects in review, 区级甲项目 and 区级乙项目
    (``a``, ``b``: more of make_project's arguments), and ``experts`` experts.
    (甲's id, 乙's id, the experts' ids)"""
    from dataclasses import replace

    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 3 * WAN else t for t in c.tiers)))
    first = make_project(reg, "区级甲项目", "工作室甲", DISTRICT, **(a or {}))
    second = make_project(reg, "区级乙项目", "工作室乙", DISTRICT, **(b or {}))
    to_review(reg, first, second)
    return first, second, add_experts(reg, experts)


def two_adopted(reg: Register) -> dict[str, int]:
    """市级甲项目 ("a", city, 90) and 区级丙项目 ("c", district, 80), scored by one expert
    and adopted as proposals; their ids by those keys."""
    from boostdesk.panel.adopt_proposal import adopt

    ids = {"a": make_project(reg, "市级甲项目", "工作室甲", CITY),
           "c": make_project(reg, "区级丙项目", "工作室丙", DISTRICT)}
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["a"]: 90, ids["c"]: 80})
    adopt(reg, YEAR)
    return ids


def one_place_two_publicized(reg: Register) -> tuple[int, int]:
    """One 3万元 (district) place and two district projects scored 90 and 80: 甲 adopted and
    publicized from 2022-12-20, 乙 next in line for the place. (甲's id, 乙's id)"""
    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import start_publicity

    a, b, [e] = two_for_one_place(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return a, b


def fill_packages(paths: Any, score: float = 8, rows: tuple[int, ...] = (2,)) -> None:
    """Each returned package's 评分表 filled as a reviewer would: ``score`` in every
    criterion (columns C–I) of ``rows``, saved in place."""
    import openpyxl

    for path in paths:
        wb = openpyxl.load_workbook(path)
        for r in rows:
            for c in range(3, 10):
                wb["评分表"].cell(r, c, value=score)
        wb.save(path)
