"""What a tier set by hand (人工调整档次) may not do.

二（四）2 makes the experts' score the main basis (主要助推依据): before publicity the office
may still place a project by hand with its reason (the projects it passes over are named on
its row, and so on the 评审汇总表). Once the year's list is in publicity, a place freed
there goes by the ranking — 递补 by the next in line, or left open by the office's decision
on a published project ranked into it (维持公示档次) — so a tier set by hand that puts a
project above projects scoring higher, left in a lower tier or none, is refused: it would
hand the place over the heads of those the published ranking puts first.

An upheld objection that found a studio outside 二（一） (an earlier award not accepted) bars
the studio, not one paper: none of its projects of the year is lifted into an award by hand.
"""

from __future__ import annotations

from collections import Counter

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import ProjectApplication
from boostdesk.models.register import Register

from .ranking_rows import Ranking, RankRow
from .scoring import format_points
from .tier_places import tier_text

SHOWN = 5  # passed-over projects named before 等 N 项


def passed_over(rows: list[RankRow], row: RankRow, per_studio: int) -> list[RankRow]:
    """The projects of ``row``'s level scoring higher than it that the ranking leaves in a
    lower tier or none while ``row`` holds its tier by hand — not those a rule keeps out
    (an objection upheld or a withdrawal: held with no award; the 50 % cap; their studio's
    award held by another of its projects) nor those set by hand themselves."""
    amount = row.amount_fen
    if not amount or row.score is None:
        return []
    awards: Counter[int | None] = Counter(
        r.studio_id for r in rows if r.amount_fen and r.project_id != row.project_id)
    out = []
    for h in rows:
        if (h.project_id == row.project_id or h.level != row.level or h.score is None
                or h.score <= row.score or (h.amount_fen or 0) >= amount
                or h.override is not None or (h.held and not h.amount_fen)):
            continue
        bar = h.barred.get(amount, "")
        if bar and "同一工作室" not in bar:  # the studio's award is counted below
            continue
        if awards[h.studio_id] - (1 if h.amount_fen else 0) >= per_studio:
            continue
        out.append(h)
    return out


def passed_text(passed: list[RankRow]) -> str:
    """“冷轧……”（88.00 分，4万元档）、… 等 7 项."""
    named = "、".join(f"“{h.ref}”（{format_points(h.score)} 分，{tier_text(h.amount_fen, h.tier_name)}）"
                     for h in passed[:SHOWN])
    return named + (f"等 {len(passed)} 项" if len(passed) > SHOWN else "")


def passed_note(row: RankRow, passed: list[RankRow]) -> str:
    """The overridden row's line naming those it passes over (the ranking, the 汇总表)."""
    return (f"注意：人工调整列入{tier_text(row.amount_fen, row.tier_name)}，"
            f"得分（{format_points(row.score)}）低于未列入该档的{passed_text(passed)}")


def studio_barred(reg: Register, c: Campaign, app: ProjectApplication) -> str:
    """Why an upheld objection of the year bars ``app``'s studio (二（一）), or "": one upheld
    against another project of the studio whose finding or content cites the clause."""
    if app.studio_id is None:
        return ""
    clause = c.clause_number("project_scope")
    for title, content, note in reg.conn.execute(
            "SELECT a.title, o.content, o.resolution_note FROM objections o"
            " JOIN project_applications a ON a.id = o.project_id"
            " WHERE a.campaign_id = ? AND a.studio_id = ? AND o.resolution = 'upheld'"
            " ORDER BY o.id", (reg.campaign_id(app.campaign_year), app.studio_id)):
        if clause in (note or "") or clause in (content or ""):
            return (f"同一工作室的“{title}”公示异议成立（{note or content}），认定“{app.studio_name}”"
                    f"不符合方案{clause}，本年度该工作室的项目均不能获助推")
    return ""


def lift_refusal(reg: Register, app: ProjectApplication, ranking: Ranking,
                 published: bool) -> str:
    """Why ``app``'s tier set by hand (as ``ranking`` places it, the override in it) may
    not stand, or "". ``published``: the year has a list in publicity or beyond."""
    c = reg.campaign(app.campaign_year)
    row = ranking.row(app.id or 0)
    if not row.amount_fen:
        return ""
    name = tier_text(row.amount_fen, row.tier_name)
    if barred := studio_barred(reg, c, app):
        return f"不能将项目“{app.title}”人工调整为{name}：{barred}"
    if not published:
        return ""
    passed = passed_over(ranking.rows, row, c.max_awards_per_studio)
    if not passed:
        return ""
    return (f"不能将项目“{app.title}”人工调整为{name}：拟助推名单公示后，人工调整不能使项目"
            f"列在得分更高而未列入该档的项目之前——{passed_text(passed)}。"
            f"以专业评审分数为主要助推依据（{c.clause('project_review')}）：空出的名额按排名"
            "由排名在前的项目递补，或经研究维持公示档次、名额留空")


def standing_refusal(reg: Register, year: int, ranking: Ranking, ids: set[int]) -> str:
    """The first tier set by hand among ``ids`` (rows of ``ranking``) that may not stand
    now — set before the list was published, or before an objection barred its studio —
    with what to do, or "": adopting and publishing refuse it as `panel override` would."""
    from boostdesk.models.records import PROJECT, id_ref
    from boostdesk.said_where import way

    from .publicity import periods

    published = bool(periods(reg, year))
    for r in ranking.candidates():
        if r.project_id in ids and r.override is not None and r.override.amount_fen and (
                refused := lift_refusal(reg, reg.project(r.project_id), ranking, published)):
            return (f"{refused}。请先取消该项目的人工调整"
                    + way("（在“排名与档次”中选中该项目，点“人工调整档次…”）",
                          f"（boostdesk panel override {id_ref(PROJECT, r.project_id)} --clear）"))
    return ""
