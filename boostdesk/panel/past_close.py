"""往年结年: an earlier year closed once its awards are recorded (补录往年结果 / 名单).

A register started late records an earlier year's awards by ``record_past``; the year's
other papers stayed 已登记 for ever — never decided in the register — and a later paper of
one of their titles was told "工作室的同名项目正在 2020 年度评审中" (``rules.check
.in_review_of``) for a year decided long ago. :func:`close_year` ends that: the year's
projects still in review (已登记, 资格审核通过, 专家评审) become 未获助推, each by the
workflow's own steps with the reason :data:`CLOSE_REASON` (as ``record_past`` walks an
award to 核准), in one transaction after a backup, audited as ``close_year``. With
``patents``, the year's patents not approved (已登记, 资格审核通过) become 资格审核不通过
with the same reason: the patent workflow has no 未获助推, and a patent the plan did not
award is one it did not pass.

Only an earlier year (never the register's newest, whose outcome is the panel's), and not
one whose panel is under way (拟助推 or 公示 papers). :func:`reopen_year` (撤销结年) takes
the close back the workflow's way: the projects it closed to 专家评审 (未获助推 → 专家评审,
as withdrawing an adopted list does; from there 补录往年结果 records one as awarded), its
patents back to 已登记 (资格审核不通过 → 已登记, as 重新登记 does), each with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import Register
from boostdesk.models.workflow import CLOSE_REASON, STATUS_ZH

from .errors import PanelError

REOPEN_REASON = "撤销结年"
CLOSE_YEAR = "close_year"  # the audit actions
REOPEN_YEAR = "reopen_year"

# The statuses a close moves from and the workflow's steps from each to its end.
_PROJECT_PATHS: dict[str, tuple[str, ...]] = {
    "registered": ("qualified", "review", "not_awarded"),
    "qualified": ("review", "not_awarded"),
    "review": ("not_awarded",),
}
_PATENT_PATHS: dict[str, tuple[str, ...]] = {
    "registered": ("refused",),
    "qualified": ("refused",),
}
_UNDER_WAY = ("proposed", "publicized")  # the panel's path taken in the register, not closed
_TABLE = {PATENT: "patent_applications", PROJECT: "project_applications"}


@dataclass(frozen=True)
class YearToClose:
    """What closing ``year`` would move: the projects and patents by id."""

    year: int
    projects: tuple[int, ...]
    patents: tuple[int, ...]
    patents_approved: int  # the year's patents recorded as awarded (0: none recorded yet)

    @property
    def text(self) -> str:
        """项目 246 项 (专利 N 项) said as the question and the result say them."""
        return f"{len(self.projects)} 个项目" + (f"、{len(self.patents)} 项专利" if self.patents else "")

    @property
    def patents_text(self) -> str:
        """专利：尚未核准的 3 项记为“资格审核不通过”，已核准的 120 项不变 — what a close with
        the patents does to them, said when it moves none too: the preview of a year whose
        patents were all recorded named only its projects, as if the patents were not looked at."""
        moved = (f"尚未核准的 {len(self.patents)} 项记为“资格审核不通过”" if self.patents
                 else "没有尚未核准的")
        return f"专利：{moved}，已核准的 {self.patents_approved} 项不变"


def _open_ids(reg: Register, stream: str, year: int, statuses: tuple[str, ...]) -> tuple[int, ...]:
    marks = ",".join("?" * len(statuses))
    return tuple(r[0] for r in reg.conn.execute(
        f"SELECT id FROM {_TABLE[stream]} WHERE campaign_id = ? AND status IN ({marks})"
        " ORDER BY id", (reg.campaign_id(year), *statuses)))


def close_refusal(reg: Register, year: int) -> str:
    """Why ``year`` cannot be closed ("" when it can): not in the register, the newest
    year, or its panel under way."""
    if year not in reg.campaign_years():
        return f"登记册中没有 {year} 年度"
    if year >= max(reg.campaign_years()):
        return (f"{year} 年度是登记册中最新的年度：本年度的结果按“专家评审 → 排名与档次”和“公示”确定，"
                "未获助推的在采纳拟助推名单时确定；结年只用于此前年度")
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
    return YearToClose(year, _open_ids(reg, PROJECT, year, tuple(_PROJECT_PATHS)),
                       _open_ids(reg, PATENT, year, tuple(_PATENT_PATHS)) if patents else (),
                       approved)


def close_year(reg: Register, year: int, *, patents: bool = False,
               cancelled: Callable[[], bool] | None = None) -> YearToClose:
    """Close earlier year ``year``: its projects still in review → 未获助推 (and, with
    ``patents``, its patents not approved → 资格审核不通过), reason :data:`CLOSE_REASON`,
    all in one transaction after a backup (none once ``cancelled()`` says so after it),
    audited as ``close_year`` on the campaign. Returns what was moved."""
    from boostdesk.rules import recheck
    from boostdesk.safety.backup import backed_up_write

    todo = year_to_close(reg, year, patents=patents)
    if not todo.projects and not todo.patents:
        raise PanelError(f"{year} 年度没有尚未结论的{'项目或专利' if patents else '项目'}：无需结年")
    with backed_up_write(reg, "status", cancelled), reg.transaction():
        for stream, ids, paths in ((PROJECT, todo.projects, _PROJECT_PATHS),
                                   (PATENT, todo.patents, _PATENT_PATHS)):
            for app_id, status in _statuses(reg, stream, ids):
                for target in paths[status]:
                    reg.set_status(stream, app_id, target, CLOSE_REASON)
        recheck(reg)
        reg.audit(CLOSE_YEAR, "campaigns", reg.campaign_id(year), {"year": year},
                  {"year": year, "reason": CLOSE_REASON, "projects": list(todo.projects),
                   "patents": list(todo.patents)})
    return todo


@dataclass(frozen=True)
class Reopened:
    year: int
    projects: tuple[int, ...]
    patents: tuple[int, ...]


def closed_by_close(reg: Register, year: int) -> Reopened:
    """The year's papers standing as a close left them: 未获助推 (projects) and 资格审核不通过
    (patents) whose reason is the close's."""
    cid = reg.campaign_id(year)

    def ids(stream: str, status: str) -> tuple[int, ...]:
        return tuple(r[0] for r in reg.conn.execute(
            f"SELECT id FROM {_TABLE[stream]} WHERE campaign_id = ? AND status = ?"
            " AND status_reason = ? ORDER BY id", (cid, status, CLOSE_REASON)))

    return Reopened(year, ids(PROJECT, "not_awarded"), ids(PATENT, "refused"))


def reopen_year(reg: Register, year: int, reason: str = "", *,
                cancelled: Callable[[], bool] | None = None) -> Reopened:
    """撤销结年: the papers :func:`close_year` closed, still as it left them, taken back the
    workflow's way — projects to 专家评审, patents to 已登记 — with the reason, in one
    transaction after a backup, audited as ``reopen_year``."""
    from boostdesk.rules import recheck
    from boostdesk.safety.backup import backed_up_write

    if year not in reg.campaign_years():
        raise PanelError(f"登记册中没有 {year} 年度")
    back = closed_by_close(reg, year)
    if not back.projects and not back.patents:
        raise PanelError(f"{year} 年度没有结年记为“{STATUS_ZH['not_awarded']}”的项目或专利：无需撤销结年")
    why = f"{REOPEN_REASON}：{reason.strip()}" if reason.strip() else REOPEN_REASON
    with backed_up_write(reg, "status", cancelled), reg.transaction():
        for app_id in back.projects:
            reg.set_status(PROJECT, app_id, "review", why)
        for app_id in back.patents:
            reg.set_status(PATENT, app_id, "registered", why)
        recheck(reg)
        reg.audit(REOPEN_YEAR, "campaigns", reg.campaign_id(year), {"year": year},
                  {"year": year, "reason": why, "projects": list(back.projects),
                   "patents": list(back.patents)})
    return back


def _statuses(reg: Register, stream: str, ids: tuple[int, ...]) -> list[tuple[int, str]]:
    from boostdesk.models.record_rows import select_in

    rows = select_in(reg.conn, f"SELECT id, status FROM {_TABLE[stream]} WHERE id IN", ids)
    return sorted((r[0], r[1]) for r in rows)
