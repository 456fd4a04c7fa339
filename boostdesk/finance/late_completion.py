"""逾期结题: an acceptance dated after the project's latest completion date (二（二）1: 立项之日起
两年内完成，最晚结题时间不超过 the year's ``latest_completion``) is no completion under the plan.

The rest of the award (二（四）4) is then paid only on the office's decision, given with its
reason: the acceptance refuses without one (:class:`LateCompletionError`), and with one
records it as the acceptance's status reason (the status history and the audit trail keep
it). The second tranche of such a project is marked on the payment lists
(:func:`late_marks`). The limit is the campaign's setting, never a date written here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.models.register import Register

from .errors import FinanceError
from .lines import PaymentLine

LATE = "逾期结题"  # the acceptance's status reason begins with it


class LateCompletionError(FinanceError):
    """An acceptance after the latest completion date, with no decision of the office."""

    def __init__(self, message: str, limit: date) -> None:
        super().__init__(message)
        self.limit = limit


def completion_limit_of(reg: Register, app: ProjectApplication) -> date:
    """The project's latest completion date: N years from its 立项, never after its
    campaign's latest completion date (二（二）1)."""
    from boostdesk.rules.project import completion_limit

    return completion_limit(reg.campaign(app.campaign_year), app.approval_date)


def late_by(reg: Register, app: ProjectApplication, day: date) -> date | None:
    """The latest completion date ``day`` is after, or None when it is in time."""
    limit = completion_limit_of(reg, app)
    return limit if day > limit else None


def acceptance_reason(reg: Register, project_id: int, day: date, late_reason: str = "") -> str:
    """The status reason an acceptance on ``day`` is recorded with: "" in time; after the
    latest completion date, the office's decision and its reason (refused without one)."""
    app = reg.project(project_id)
    limit = late_by(reg, app, day)
    reason = " ".join(late_reason.split())
    c = reg.campaign(app.campaign_year)
    if limit is None:
        if reason:
            raise FinanceError(f"验收日期 {day.isoformat()} 未晚于最晚结题日期 {limit_text(reg, app)}，"
                               "不是逾期结题：请去掉逾期结题的理由")
        return ""
    if not reason:
        raise LateCompletionError(
            f"项目“{app.title}”的验收日期 {day.isoformat()} 晚于最晚结题日期 {limit.isoformat()}"
            f"（{c.clause('project_approval')}：立项之日起 {c.completion_years} 年内完成，最晚不超过"
            f" {c.latest_completion.isoformat()}），不属按期结题：尾款是否拨付须经研究决定。"
            "经同意的，请写明理由后再登记（命令行 --late-reason 理由），理由记入修改记录", limit)
    return f"{LATE}（最晚 {limit.isoformat()}），经{reg.operator or '创新办'}同意：{reason}"


def limit_text(reg: Register, app: ProjectApplication) -> str:
    return completion_limit_of(reg, app).isoformat()


@dataclass(frozen=True)
class LateMark:
    """A project accepted after its latest completion date, on the office's decision."""

    project_id: int
    operator: str
    reason: str  # the whole status reason: 逾期结题（最晚 …），经…同意：…

    @property
    def short(self) -> str:
        """The mark on the list's second-tranche line."""
        return f"{LATE}，经{self.operator or '创新办'}同意"


def late_marks(reg: Register, project_ids: Iterable[int]) -> dict[int, LateMark]:
    """Of these projects, those whose (last) acceptance was recorded as 逾期结题."""
    ids = sorted(set(project_ids))
    out: dict[int, LateMark] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        # the last move into 结题验收 from 首笔拨付 / 验收未通过: an acceptance (a 撤销拨付登记
        # moves back into it too, from 尾款拨付, and says nothing of the acceptance)
        for pid, operator, reason in reg.conn.execute(
                "SELECT h.application_id, h.operator, h.reason FROM status_history h"
                " WHERE h.stream = ? AND h.to_status = 'accepted'"
                " AND h.from_status IN ('paid_first', 'acceptance_failed')"
                f" AND h.application_id IN ({marks}) ORDER BY h.id", (PROJECT, *chunk)):
            if (reason or "").startswith(LATE):
                out[pid] = LateMark(pid, operator or "", reason)
            else:
                out.pop(pid, None)
    return out


def late_line(line: PaymentLine, marks: dict[int, LateMark]) -> str:
    """The mark a payment line carries: a project's last tranche (paid after acceptance)
    when its acceptance was late, else ""."""
    if line.stream != PROJECT or line.tranche != line.tranche_count or line.tranche_count < 2:
        return ""
    mark = marks.get(line.app_id)
    return mark.short if mark else ""
