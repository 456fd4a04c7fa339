"""结年: a year's papers left without a result closed, once its outcome is known.

Two kinds of year are closed. A register started late records an earlier year's awards
by ``record_past`` (补录); the year's other papers stayed 已登记 for ever — never decided in
the register — and a later paper of one of their titles was told "工作室的同名项目正在 2020
年度评审中" (``rules.check.in_review_of``) for a year decided long ago. 往年结年 ends that:
its projects still in review (已登记, 资格审核通过, 专家评审) become 未获助推, each by the
workflow's own steps with the reason :data:`CLOSE_REASON` (as ``record_past`` walks an
award to 核准); with ``patents``, its patents not approved become 资格审核不通过 with the
same reason: the patent workflow has no 未获助推.

A year run in the register (:func:`run_here`: its panel, publicity or approvals made
here) is closed for what happened: each paper moved in one step with the reason of the
stage it had reached (``workflow.SEASON_CLOSE_REASONS``: 年度结束未获助推（未经资格审核）,
年度结束未核准（资格审核已通过） …) — a project never qualified is not walked through
资格审核通过 and 专家评审 it never had, and the statistics count these papers apart from
the office's refusals, those past 资格审核 still as passed.

Only an earlier year (never the register's newest, whose outcome is the panel's), and not
one whose panel is under way (拟助推 or 公示 papers); in one transaction after a backup,
audited as ``close_year`` — its ``before`` keeps each paper's status and reason as the
close found them. :func:`reopen_year` (撤销结年, with a reason) puts every paper the close
moved, still as the close left it, back EXACTLY to that status and reason (a 资格审核通过
with its 资格审核日期); a close made before that was kept is read back from the status
history (the close's own moves, their first ``from_status``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import Register
from boostdesk.models.workflow import (
    CLOSE_REASON,
    SEASON_CLOSE_REASONS,
    SEASON_CLOSED_ZH,
    STATUS_ZH,
)
from boostdesk.program_name import hint_named

from .errors import PanelError

REOPEN_REASON = "撤销结年"
CLOSE_YEAR = "close_year"  # the audit actions
REOPEN_YEAR = "reopen_year"

# The statuses a close moves from and the workflow's steps from each to its end (往年结年).
_PROJECT_PATHS: dict[str, tuple[str, ...]] = {
    "registered": ("qualified", "review", "not_awarded"),
    "qualified": ("review", "not_awarded"),
    "review": ("not_awarded",),
}
_PATENT_PATHS: dict[str, tuple[str, ...]] = {
    "registered": ("refused",),
    "qualified": ("refused",),
}
_PATHS = {PROJECT: _PROJECT_PATHS, PATENT: _PATENT_PATHS}
_CLOSED = {PROJECT: "not_awarded", PATENT: "refused"}  # where a close leaves a paper
_UNDER_WAY = ("proposed", "publicized")  # the panel's path taken in the register, not closed
_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}


@dataclass(frozen=True)
class YearToClose:
    """What closing ``year`` would move: the projects and patents by id."""

    year: int
    projects: tuple[int, ...]
    patents: tuple[int, ...]
    patents_approved: int  # the year's patents recorded as awarded (0: none recorded yet)
    season: bool = False  # run in the register (run_here): closed for what happened
    qualified_patents: int = 0  # of ``patents``, those past 资格审核

    @property
    def text(self) -> str:
        """项目 246 项 (专利 N 项) said as the question and the result say them."""
        return f"{len(self.projects)} 个项目" + (f"、{len(self.patents)} 项专利" if self.patents else "")

    @property
    def projects_text(self) -> str:
        """尚未结论的 7 个项目记为“未获助推”（…）: the projects' part, with the words given."""
        why = (f"理由：{SEASON_CLOSED_ZH[PROJECT]}，并注明结年时所处阶段" if self.season
               else f"理由：{CLOSE_REASON}")
        return f"尚未结论的 {len(self.projects)} 个项目记为“{STATUS_ZH['not_awarded']}”（{why}）"

    @property
    def patents_text(self) -> str:
        """专利：尚未核准的 3 项记为“资格审核不通过”，已核准的 120 项不变 — what a close with
        the patents does to them, said when it moves none too: the preview of a year whose
        patents were all recorded named only its projects, as if the patents were not looked at.
        A season's close says its reason and that the statistics do not count them refused."""
        if not self.patents:
            moved = "没有尚未核准的"
        elif self.season:
            passed = (f"，其中资格审核已通过的 {self.qualified_patents} 项仍计为通过资格审核"
                      if self.qualified_patents else "")
            moved = (f"尚未核准的 {len(self.patents)} 项记为“{STATUS_ZH['refused']}”"
                     f"（理由：{SEASON_CLOSED_ZH[PATENT]}；统计中单列，不计为资格审核不通过{passed}）")
        else:
            moved = f"尚未核准的 {len(self.patents)} 项记为“{STATUS_ZH['refused']}”"
        return f"专利：{moved}，已核准的 {self.patents_approved} 项不变"


def _open_ids(reg: Register, stream: str, year: int, statuses: tuple[str, ...]) -> tuple[int, ...]:
    marks = ",".join("?" * len(statuses))
    return tuple(r[0] for r in reg.conn.execute(
        f"SELECT id FROM {_TABLE[stream]} WHERE campaign_id = ? AND status IN ({marks})"
        " ORDER BY id", (reg.campaign_id(year), *statuses)))


def run_here(reg: Register, year: int) -> bool:
    """Was ``year``'s season run in the register — experts assigned, a list adopted or
    published, a patent approved other than by 补录 — rather than its outcome typed in
    afterwards (补录往年结果 / 名单, 补录往年专利核准: approvals with the reason 历史补录)?"""
    from .past import PAST_REASON

    cid = reg.campaign_id(year)
    return bool(reg.scalar(
        "SELECT EXISTS (SELECT 1 FROM publicity_periods WHERE campaign_id = :c)"
        " OR EXISTS (SELECT 1 FROM proposals WHERE campaign_id = :c)"
        " OR EXISTS (SELECT 1 FROM assignments s JOIN project_applications a"
        "  ON a.id = s.project_id WHERE a.campaign_id = :c)"
        " OR EXISTS (SELECT 1 FROM status_history h JOIN patent_applications a"
        "  ON a.id = h.application_id WHERE h.stream = 'patent' AND a.campaign_id = :c"
        "  AND h.to_status = 'approved' AND h.reason NOT LIKE :past)",
        {"c": cid, "past": f"{PAST_REASON}%"}))


def close_refusal(reg: Register, year: int) -> str:
    """Why ``year`` cannot be closed ("" when it can): not in the register, the newest
    year, or its panel under way."""
    if year not in reg.campaign_years():
        return f"登记册中没有 {year} 年度"
    if year >= max(reg.campaign_years()):
        return hint_named(
            f"{year} 年度是登记册中最新的年度：本年度的结果按“专家评审 → 排名与档次”和“公示”确定，"
            "未获助推的在采纳拟助推名单时确定；结年只用于此前年度。年度工作结束、要结年的，"
            f"先新建下一年度（“设置”→ 新建下一年度，或 boostdesk campaign new --year {year + 1}"
            f" --from {year}），再结 {year} 年度")
    under_way = _open_ids(reg, PROJECT, year, _UNDER_WAY)
    if under_way:
        return (f"{year} 年度有 {len(under_way)} 个项目处于“拟助推”或“公示”：该年度的评审尚未结束，"
                "请先结束公示（或撤回拟助推名单），再结年")
    return ""


def year_to_close(reg: Register, year: int, *, patents: bool = False) -> YearToClose:
    """What :func:`close_year` would move (PanelError when the year cannot be closed)."""
    if why := close_refusal(reg, year):
        raise PanelError(why)
    approved = reg.scalar(
        "SELECT COUNT(*) FROM patent_applications WHERE campaign_id = ?"
        " AND status IN ('approved', 'paid')", (reg.campaign_id(year),)) or 0
    moved = _open_ids(reg, PATENT, year, tuple(_PATENT_PATHS)) if patents else ()
    qualified = sum(1 for _, status in _statuses(reg, PATENT, moved) if status == "qualified")
    return YearToClose(year, _open_ids(reg, PROJECT, year, tuple(_PROJECT_PATHS)), moved,
                       approved, run_here(reg, year), qualified)


def close_year(reg: Register, year: int, *, patents: bool = False,
               cancelled: Callable[[], bool] | None = None) -> YearToClose:
    """Close earlier year ``year``: its projects still in review → 未获助推 (and, with
    ``patents``, its patents not approved → 资格审核不通过) — a season run here each in one
    step with its stage's reason (``workflow.SEASON_CLOSE_REASONS``), a year typed in
    afterwards by the workflow's steps with :data:`CLOSE_REASON` — all in one transaction
    after a backup (none once ``cancelled()`` says so after it), audited as ``close_year``
    on the campaign with each paper's status and reason before it. Returns what was moved."""
    from boostdesk.rules import recheck
    from boostdesk.safety.backup import backed_up_write

    todo = year_to_close(reg, year, patents=patents)
    if not todo.projects and not todo.patents:
        raise PanelError(f"{year} 年度没有尚未结论的{'项目或专利' if patents else '项目'}：无需结年")
    was: dict[str, dict[str, list[str]]] = {PROJECT: {}, PATENT: {}}
    with backed_up_write(reg, "status", cancelled), reg.transaction():
        for stream, ids in ((PROJECT, todo.projects), (PATENT, todo.patents)):
            for app_id, status, reason in _states(reg, stream, ids):
                if todo.season:
                    given = SEASON_CLOSE_REASONS[stream][status]
                    reg.set_status(stream, app_id, _CLOSED[stream], given)
                else:
                    given = CLOSE_REASON
                    for target in _PATHS[stream][status]:
                        reg.set_status(stream, app_id, target, given)
                was[stream][str(app_id)] = [status, reason, given]
        recheck(reg)
        words = (f"{SEASON_CLOSED_ZH[PROJECT]}；专利：{SEASON_CLOSED_ZH[PATENT]}" if todo.season
                 else CLOSE_REASON)
        reg.audit(CLOSE_YEAR, "campaigns", reg.campaign_id(year), {"year": year, "was": was},
                  {"year": year, "reason": words, "projects": list(todo.projects),
                   "patents": list(todo.patents)})
    return todo


@dataclass(frozen=True)
class Back:
    """One paper a close moved: the status and reason it had, the reason the close gave."""

    stream: str
    app_id: int
    status: str
    reason: str
    given: str


@dataclass(frozen=True)
class Reopened:
    year: int
    projects: tuple[int, ...]
    patents: tuple[int, ...]
    # what each goes back to (id -> Back), and the papers the close moved that were
    # changed since (left as they are now)
    back: dict[tuple[str, int], Back] = field(default_factory=dict, compare=False)
    changed: tuple[tuple[str, int], ...] = ()

    def counts(self, stream: str) -> dict[str, int]:
        """How many go back to each status: {'registered': 25, 'qualified': 9}."""
        out: dict[str, int] = {}
        for (s, _), b in self.back.items():
            if s == stream:
                out[b.status] = out.get(b.status, 0) + 1
        return out

    def text(self, stream: str) -> str:
        """25 项回到“已登记”、9 项回到“资格审核通过”."""
        return "、".join(f"{n} 项回到“{STATUS_ZH.get(s, s)}”" for s, n in self.counts(stream).items())

    @property
    def summary(self) -> str:
        """项目：7 项回到“已登记”；专利：25 项回到“已登记”、9 项回到“资格审核通过”."""
        parts = [f"{name}：{self.text(stream)}" for stream, name in ((PROJECT, "项目"),
                                                                     (PATENT, "专利"))
                 if self.counts(stream)]
        if self.changed:
            parts.append(f"结年后已另有变动的 {len(self.changed)} 项不改动")
        return "；".join(parts)


def _since_reopen(reg: Register, year: int) -> list[dict[str, Any]]:
    """The year's close lines after its last reopening, oldest first."""
    events = reg.audit_trail("campaigns", reg.campaign_id(year))
    last = max((e["id"] for e in events if e["action"] == REOPEN_YEAR), default=0)
    return [e for e in events if e["action"] == CLOSE_YEAR and e["id"] > last]


def closed_since_reopen(reg: Register, year: int) -> str:
    """The day of the year's latest close since its last reopening ("" when not closed)."""
    if year not in reg.campaign_years():
        return ""
    closes = _since_reopen(reg, year)
    return str(closes[-1]["at"])[:10] if closes else ""


def closed_by_close(reg: Register, year: int) -> Reopened:
    """The year's papers the closes since its last reopening moved and still standing as
    the close left them, each with the status and reason it goes back to; those changed
    since named apart."""
    back: dict[tuple[str, int], Back] = {}
    for e in _since_reopen(reg, year):
        stored = (e["before"] or {}).get("was")
        after = e["after"] or {}
        for stream, listed in ((PROJECT, "projects"), (PATENT, "patents")):
            ids = [int(i) for i in after.get(listed) or ()]
            if stored is not None:
                found = {int(i): Back(stream, int(i), *v) for i, v in stored.get(stream, {}).items()}
            else:  # a close made before it kept them: its own moves in the status history
                found = _from_history(reg, stream, ids)
            for app_id in ids:
                if app_id in found:
                    back.setdefault((stream, app_id), found[app_id])
    standing: dict[tuple[str, int], Back] = {}
    changed: list[tuple[str, int]] = []
    now = {(stream, i): (st, why) for stream in (PROJECT, PATENT)
           for i, st, why in _states(reg, stream, tuple(i for s, i in back if s == stream))}
    for paper, b in back.items():
        if now.get(paper) == (_CLOSED[b.stream], b.given):
            standing[paper] = b
        else:
            changed.append(paper)
    return Reopened(year, tuple(sorted(i for s, i in standing if s == PROJECT)),
                    tuple(sorted(i for s, i in standing if s == PATENT)), standing,
                    tuple(sorted(changed)))


def _from_history(reg: Register, stream: str, ids: list[int]) -> dict[int, Back]:
    """Each paper's status before an older close, read from the status history: the close's
    trailing moves (reason :data:`CLOSE_REASON`), the first one's ``from_status``; its reason
    the one of the move before them."""
    out: dict[int, Back] = {}
    for app_id in ids:
        rows = reg.status_history(stream, app_id)
        i = len(rows)
        while i > 0 and rows[i - 1]["reason"] == CLOSE_REASON and rows[i - 1]["from_status"]:
            i -= 1
        if i == len(rows) or rows[i]["from_status"] not in _PATHS[stream]:
            continue
        reason = rows[i - 1]["reason"] if i > 0 else ""
        out[app_id] = Back(stream, app_id, rows[i]["from_status"], reason or "", CLOSE_REASON)
    return out


def reopen_year(reg: Register, year: int, reason: str, *,
                cancelled: Callable[[], bool] | None = None) -> Reopened:
    """撤销结年: every paper the year's close moved, still as it left it, back to the
    status and reason it had before (a 资格审核通过 with its 资格审核日期), the move's
    reason 撤销结年：``reason`` (required), in one transaction after a backup, audited as
    ``reopen_year``. A paper changed since the close is left as it is (said)."""
    from boostdesk.rules import recheck
    from boostdesk.safety.backup import backed_up_write

    if year not in reg.campaign_years():
        raise PanelError(f"登记册中没有 {year} 年度")
    if not reason.strip():
        raise PanelError("撤销结年须写明理由")
    back = closed_by_close(reg, year)
    if not back.projects and not back.patents:
        raise PanelError(f"{year} 年度没有结年时改动、现仍为结年结果的项目或专利：无需撤销结年")
    why = f"{REOPEN_REASON}：{reason.strip()}"
    with backed_up_write(reg, "status", cancelled), reg.transaction():
        days = {stream: _qualified_days(reg, stream, [i for (s, i), b in back.back.items()
                                                      if s == stream and b.status == "qualified"])
                for stream in (PROJECT, PATENT)}
        for (stream, app_id), b in sorted(back.back.items()):
            reg.set_status(stream, app_id, b.status, why, restoring=True,
                           decided_on=days[stream].get(app_id))
            # the paper says what it said before; the move keeps the reopening's reason
            reg.conn.execute(f"UPDATE {_TABLE[stream]} SET status_reason = ? WHERE id = ?",
                             (b.reason, app_id))
        recheck(reg)
        reg.audit(REOPEN_YEAR, "campaigns", reg.campaign_id(year), {"year": year},
                  {"year": year, "reason": why, "projects": list(back.projects),
                   "patents": list(back.patents)})
    return back


def _qualified_days(reg: Register, stream: str, ids: list[int]) -> dict[int, date]:
    """The 资格审核日期 each paper's last 资格审核通过 stands with (the day the clerk gave,
    else the day it was recorded, as the 审批表 prints it), for its 资格审核通过 put back."""
    out: dict[int, date] = {}
    for app_id in ids:
        day = reg.scalar(
            "SELECT COALESCE(decided_on, substr(at, 1, 10)) FROM status_history WHERE stream = ?"
            " AND application_id = ? AND to_status = 'qualified' ORDER BY id DESC LIMIT 1",
            (stream, app_id))
        if day:
            out[app_id] = date.fromisoformat(str(day)[:10])
    return out


def _states(reg: Register, stream: str, ids: tuple[int, ...]) -> list[tuple[int, str, str]]:
    from boostdesk.models.record_rows import select_in

    rows = select_in(reg.conn, f"SELECT id, status, status_reason FROM {_TABLE[stream]}"
                     " WHERE id IN", ids)
    return sorted((r[0], r[1], r[2] or "") for r in rows)


def _statuses(reg: Register, stream: str, ids: tuple[int, ...]) -> list[tuple[int, str]]:
    return [(i, st) for i, st, _ in _states(reg, stream, ids)]
