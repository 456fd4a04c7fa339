"""更正评分: an expert's submitted score of a project in publicity corrected, with the
reason (a typing slip found on the paper score sheet, an expert's own correction).

Taken only while the project's batch is in publicity (公示): the published projects, and
those the same adoption left out (未获助推, :func:`left_out_of_published`) — a slip on a
project just below the cut-off is the one that matters. Before adoption the score is simply
entered again (评分录入, a package with --replace); an adopted list not yet published is
withdrawn first; once approved (核准) the register's scores stand and the office decides
outside it. The corrected score counts at once; the published list never changes with it:
``ranking.rank`` ranks the published projects afresh on the scores now, a tier it would
change is said (``Ranking.stale``: 公示后有评分更正) and the close of publicity waits for
the office's decision on it, as for a score found conflicted (an objection, upheld or not).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH

from .errors import PanelError
from .experts import assignment_conflicts, assignments, expert, expert_year
from .grid import criteria
from .package_closed import CLOSED_WAY, enter_again, upheld_way, withdraw_first
from .scoring import SheetRow, _scores_by_assignment, check_entries, format_score

if TYPE_CHECKING:
    from .publicity import Period

ACTION = "score_correct"  # the audit action, on the assignment's row
REASON_HINT = "如：专家纸质评分表“创新性”为 18 分，录入为 8 分"


def left_out_of_published(reg: Register, project_ids: Iterable[int]) -> dict[int, Period]:
    """Those of ``project_ids`` an adoption ranked and left out (未获助推) whose tiers went
    to publicity, each with that publicity batch (open or ended). Their proposal rows stay
    unpublished (a later adoption may still give them a place), so they are told by the
    adoption: the same ``adopted_at`` as a published row's; a later adoption rewrites them."""
    from .publicity import periods

    ids = list(project_ids)
    if not ids:
        return {}
    found = dict(reg.conn.execute(
        "SELECT p.project_id, MIN(q.period_id) FROM proposals p JOIN proposals q"
        " ON q.campaign_id = p.campaign_id AND q.adopted_at = p.adopted_at"
        " AND q.period_id IS NOT NULL JOIN project_applications a ON a.id = p.project_id"
        " WHERE p.period_id IS NULL AND p.amount_fen IS NULL AND a.status = 'not_awarded'"
        f" AND p.project_id IN ({','.join('?' * len(ids))}) GROUP BY p.project_id", ids))
    if not found:
        return {}
    year = reg.project(next(iter(found))).campaign_year
    batches = {p.id: p for p in periods(reg, year)}
    return {pid: batches[i] for pid, i in found.items() if i in batches}


@dataclass(frozen=True)
class Upheld:
    """A published project an upheld objection took off its batch's list (不予助推)."""

    batch: Period
    resolved: str  # the day the objection was settled, as stored (YYYY-MM-DD)
    objection_id: int

    @property
    def said(self) -> str:
        """列入第 3 批公示（2026年12月6日至2026年12月12日，公示中）后，异议于 2026-12-06 成立，不予助推"""
        state = "公示中" if self.batch.is_open else "公示已结束"
        return (f"列入第 {self.batch.batch} 批公示（{self.batch.label}，{state}）后，"
                f"异议{'于 ' + self.resolved + ' ' if self.resolved else ''}成立，不予助推")


def upheld_after_published(reg: Register, project_ids: Iterable[int]) -> dict[int, Upheld]:
    """Those of ``project_ids`` published and then not awarded on an upheld objection, with
    their batch: their proposal row keeps the batch, so neither the adopted list nor the
    projects an adoption left out (:func:`left_out_of_published`) describe them."""
    from .publicity import periods

    ids = list(project_ids)
    if not ids:
        return {}
    found = {pid: (period, str(day or ""), oid) for oid, pid, period, day in reg.conn.execute(
        "SELECT o.id, o.project_id, o.period_id, o.resolved_date FROM objections o"
        " JOIN proposals p ON p.project_id = o.project_id AND p.period_id = o.period_id"
        " JOIN project_applications a ON a.id = o.project_id"
        " WHERE o.resolution = 'upheld' AND a.status = 'not_awarded'"
        f" AND o.project_id IN ({','.join('?' * len(ids))}) ORDER BY o.id", ids)}
    if not found:
        return {}
    year = reg.project(next(iter(found))).campaign_year
    batches = {p.id: p for p in periods(reg, year)}
    return {pid: Upheld(batches[i], day, oid) for pid, (i, day, oid) in found.items()
            if i in batches}


def in_publicity(reg: Register, project_ids: Iterable[int]) -> set[int]:
    """Those of ``project_ids`` whose batch is in publicity now: published, or left out
    of it (未获助推) by the adoption published."""
    ids = list(project_ids)
    out = {pid for pid in ids if reg.project(pid).status == "publicized"}
    out |= {pid for pid, p in left_out_of_published(reg, ids).items() if p.is_open}
    return out


def correctable(reg: Register, expert_id: int) -> list[SheetRow]:
    """The expert's submitted scores of projects whose batch is in publicity (published,
    or left out of it by its adoption), not conflicted: those 更正评分 takes, in register
    order."""
    year = expert_year(reg, expert_id)
    barred = assignment_conflicts(reg, year)
    mine = [a for a in assignments(reg, year) if a.expert_id == expert_id
            and a.submitted and a.id not in barred]
    scores = _scores_by_assignment(reg, [a.id for a in mine])
    takes = in_publicity(reg, [a.project_id for a in mine])
    out = []
    for a in mine:
        app = reg.project(a.project_id)
        if a.project_id in takes:
            out.append(SheetRow(a.id, a.project_id, app.title, app.studio_name,
                                scores.get(a.id, {}), a.comment, True,
                                app.enterprise_name or ""))
    return out


def refusal(reg: Register, expert_id: int, project_id: int) -> str:
    """Why the expert's score of the project cannot be corrected here, or "" when it can."""
    year = expert_year(reg, expert_id)
    app = reg.project(project_id)
    name = expert(reg, expert_id).name
    mine = [a for a in assignments(reg, year)
            if a.expert_id == expert_id and a.project_id == project_id]
    if not mine:
        return f"项目“{app.title}”没有分配给专家“{name}”"
    if mine[0].id in assignment_conflicts(reg, year):
        return f"专家“{name}”与项目“{app.title}”存在利益冲突，其评分不计入排名，不更正"
    status = app.status
    if status == "review":
        return f"项目“{app.title}”仍在专家评审中，无需更正：请{enter_again()}"
    if not mine[0].submitted:
        return f"专家“{name}”尚未提交项目“{app.title}”的评分，没有可更正的评分"
    if status == "not_awarded" and (batch := left_out_of_published(reg, [project_id])):
        p = batch[project_id]
        if p.is_open:
            return ""
        return (f"项目“{app.title}”在第 {p.batch} 批公示（{p.label}）的排名中未获助推，"
                f"该批公示已结束：{CLOSED_WAY}")
    if status == "not_awarded" and (upheld := upheld_after_published(reg, [project_id])):
        u = upheld[project_id]
        return f"项目“{app.title}”{u.said}（现为“未获助推”）：{upheld_way(u.objection_id)}"
    if status == "proposed":
        return (f"项目“{app.title}”已列入采纳的拟助推名单（现为“拟助推”），名单尚未公示："
                + withdraw_first(enter_again()))
    if status == "not_awarded":
        return (f"项目“{app.title}”在已采纳、尚未公示的拟助推名单中未获助推："
                + withdraw_first(enter_again()))
    if status != "publicized":
        return (f"项目“{app.title}”现为“{STATUS_ZH.get(status, status)}”：{CLOSED_WAY}"
                "（已核准的，排名变化在“公示”中经排名复核处理）")
    return ""


@dataclass(frozen=True)
class Corrected:
    """A correction stored: the scores before and after (criterion -> as typed), and what
    the ranking now says of the published list (a line each; none: no tier changes)."""

    project: str
    before: dict[str, str]
    after: dict[str, str]
    stale: list[str] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)

    @property
    def changed(self) -> str:
        """创新性 8 → 18；可行性 …"""
        return "；".join(f"{k} {self.before.get(k, '')} → {v}" for k, v in self.after.items()
                        if self.before.get(k, "") != v)


def correct_scores(reg: Register, expert_id: int, project_id: int,
                   scores: Mapping[int, int | None], reason: str) -> Corrected:
    """Replace the expert's submitted scores of a project in publicity (criterion id ->
    tenths, every criterion), audited with ``reason``; what the ranking now says of the
    published list is returned with it, not acted on."""
    from .ranking import rank

    why = " ".join(reason.split())
    year = expert_year(reg, expert_id)
    with reg.transaction():
        if problem := refusal(reg, expert_id, project_id):
            raise PanelError(f"评分未更正：{problem}")
        if not why:
            raise PanelError(f"更正评分须写明理由（{REASON_HINT}），理由记入修改记录")
        grid = criteria(reg, year)
        app = reg.project(project_id)
        [a] = [a for a in assignments(reg, year)
               if a.expert_id == expert_id and a.project_id == project_id]
        problems = check_entries(grid, {project_id: app.title}, {project_id: (scores, "")},
                                 complete=True)
        if problems:
            raise PanelError("评分未更正：" + "；".join(problems))
        old = _scores_by_assignment(reg, [a.id])[a.id] if a.id else {}
        if all(old.get(c.id or 0) == scores.get(c.id or 0) for c in grid):
            raise PanelError(f"评分未更正：与登记册中专家“{expert(reg, expert_id).name}”对项目"
                             f"“{app.title}”的评分相同")
        reg.conn.execute("DELETE FROM scores WHERE assignment_id = ?", (a.id,))
        for c in grid:
            reg.conn.execute(
                "INSERT INTO scores (assignment_id, criterion_id, score_x10) VALUES (?, ?, ?)",
                (a.id, c.id, scores[c.id or 0]))
        before = {c.name: format_score(old.get(c.id or 0)) for c in grid}
        after = {c.name: format_score(scores.get(c.id or 0)) for c in grid}
        reg.audit(ACTION, "assignments", a.id, {"scores": before},
                  {"expert": expert(reg, expert_id).name, "project": app.title,
                   "scores": after, "reason": why})
    ranking = rank(reg, year)
    return Corrected(app.title, before, after, list(ranking.stale), list(ranking.raised))


def corrections_since(reg: Register, year: int, since: str) -> int:
    """How many scores of the year were corrected in publicity after ``since`` (an
    adoption's time): a cause of a published list no longer the ranking's."""
    return int(reg.scalar(
        "SELECT COUNT(*) FROM audit_events v JOIN assignments a ON a.id = v.entity_id"
        " JOIN experts e ON e.id = a.expert_id WHERE v.entity = 'assignments'"
        " AND v.action = ? AND e.campaign_id = ? AND v.at >= ?",
        (ACTION, reg.campaign_id(year), since)) or 0)


@dataclass(frozen=True)
class CorrectionLine:
    """One correction stored, as the 评审汇总表 says it beside the scores."""

    expert_id: int
    project_id: int
    expert: str
    changed: str  # 科技含量 16→1，填补技术空白 10.5→1
    reason: str
    day: str
    operator: str

    @property
    def text(self) -> str:
        who = f"，{self.operator}" if self.operator else ""
        return f"更正：{self.expert} {self.changed}（理由：{self.reason}，{self.day}{who}）"


def corrections(reg: Register, year: int) -> list[CorrectionLine]:
    """Every score of the year corrected in publicity (oldest first), from the trail: the
    scores before and after, the reason, the day and who made it."""
    out = []
    for eid, pid, at, who, before, after in reg.conn.execute(
            "SELECT a.expert_id, a.project_id, v.at, v.operator, v.before, v.after"
            " FROM audit_events v JOIN assignments a ON a.id = v.entity_id"
            " JOIN experts e ON e.id = a.expert_id WHERE v.entity = 'assignments'"
            " AND v.action = ? AND e.campaign_id = ? ORDER BY v.id",
            (ACTION, reg.campaign_id(year))):
        was = (json.loads(before or "{}").get("scores") or {})
        now = json.loads(after or "{}")
        scores = now.get("scores") or {}
        changed = "，".join(f"{k} {was.get(k, '') or '（空）'}→{v}" for k, v in scores.items()
                           if was.get(k, "") != v)
        out.append(CorrectionLine(eid, pid, str(now.get("expert", "")), changed,
                                  str(now.get("reason", "")), str(at)[:10], str(who or "")))
    return out
