"""结题验收 (二、（四）4): an acceptance passed or failed recorded, and the awarded projects
past their latest completion date without one."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from typing import Any

from boostdesk.models.campaign import Campaign
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.validate import after_today

from .acceptance_postpone import STILL_BARRED, Postponement, postponements
from .acceptance_withdraw import WITHDRAWN
from .errors import FinanceError
from .payment_plan import sync_plan
from .terms import FAILED, date_of

FAILED_ON = "验收日期 "  # the failed acceptance's reason begins with its day


def record_acceptance(reg: Register, project_id: int, accepted_date: date,
                      late_reason: str = "", *, backup: bool = False,
                      cancelled: Callable[[], bool] | None = None) -> None:
    """结题验收 (二、（四）4): record the acceptance and release the last tranche; audited.

    The studio stops counting as having an unfinished award (方案二（一）) from then on.
    A project whose acceptance failed may pass a later one (整改后复验). One after the
    latest completion date needs the office's ``late_reason`` (late_completion).
    ``backup``: checked first, then the register backed up (结题验收前) before the write,
    as a payment is (the CLI's and the window's; a list's steps take their own).
    """
    from .late_completion import acceptance_reason

    if backup:  # a refusal takes no good backup's place
        _acceptable(reg, project_id, accepted_date, PASSES)
        acceptance_reason(reg, project_id, accepted_date, late_reason)
    with _backed_up(reg, backup, cancelled), reg.transaction():
        app = _acceptable(reg, project_id, accepted_date, PASSES)
        reason = acceptance_reason(reg, project_id, accepted_date, late_reason)
        reg.set_status(PROJECT, project_id, "accepted", reason, accepted_date=accepted_date)
        sync_plan(reg, app.campaign_year)


def record_failed_acceptance(reg: Register, project_id: int, day: date, reason: str, *,
                             backup: bool = False,
                             cancelled: Callable[[], bool] | None = None) -> None:
    """结题验收未通过 (二、（四）4 pays the rest only 通过…验收后): the rest of the award is
    never paid, and the studio stays barred under 二（一） (its award was not completed).
    The day and the reason go into the status history and the audit trail."""
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError("登记验收未通过须填写理由（如 关键指标未达到立项要求）")
    if backup:
        _acceptable(reg, project_id, day, FAILS)
    with _backed_up(reg, backup, cancelled), reg.transaction():
        app = _acceptable(reg, project_id, day, FAILS)
        reg.set_status(PROJECT, project_id, FAILED, f"{FAILED_ON}{day.isoformat()}：{reason}")
        sync_plan(reg, app.campaign_year)


# The statuses an acceptance is recorded from. 二（四）4 ties only the rest (余款) to the
# acceptance: the first tranche paid late, or not yet, does not stop the office recording
# the acceptance on its real day (the rest is then payable, and the first still owed).
PASSES = ("approved", "paid_first", FAILED)  # a failed one may pass a later 复验
FAILS = ("approved", "paid_first")


def _backed_up(reg: Register, backup: bool,
               cancelled: Callable[[], bool] | None) -> AbstractContextManager[Any]:
    from boostdesk.safety.backup import backed_up_write

    return backed_up_write(reg, "acceptance" if backup else None, cancelled)


def _acceptable(reg: Register, project_id: int, day: date, statuses: tuple[str, ...]) -> Any:
    """The project, if an acceptance (passed or failed) can be recorded for it on ``day``:
    awarded (核准 on or before ``day``) and not held by an objection of its publicity;
    else FinanceError."""
    from boostdesk.models.workflow import STATUS_ZH, open_objection_sql

    app = reg.project(project_id)
    if app.status not in statuses:
        if app.accepted_date or app.status in ("accepted", "paid_final"):
            raise FinanceError(f"项目“{app.title}”已于 {app.accepted_date} 通过验收"
                               "（登记错了的，请先撤销结题验收）")
        if app.status == FAILED:
            raise FinanceError(f"项目“{app.title}”已登记验收未通过（{app.status_reason}）"
                               "（登记错了的，请先撤销结题验收）")
        raise FinanceError(
            f"项目“{app.title}”当前为“{STATUS_ZH.get(app.status, app.status)}”，"
            "只有已核准助推的项目才能登记结题验收"
        )
    if app.approved_date and day < app.approved_date:
        raise FinanceError(
            f"验收日期 {day.isoformat()} 早于核准日期 {app.approved_date.isoformat()}，请核对"
        )
    future = after_today(day, "验收日期")
    if future:
        raise FinanceError(future)
    if reg.scalar(f"SELECT {open_objection_sql()} FROM project_applications a WHERE a.id = ?",
                  (project_id,)):
        # an objection upheld would withdraw the award: settled first
        raise FinanceError(f"项目“{app.title}”有公示期内收到的异议待处理：请先在“公示”中"
                           "处理该异议，再登记结题验收")
    failed = failed_on(app)
    if failed and day <= failed:
        raise FinanceError(
            f"复验日期 {day.isoformat()} 不晚于验收未通过的日期 {failed.isoformat()}，请核对"
        )
    return app


def failed_on(app: Any) -> date | None:
    """The day of a project's failed acceptance: its status reason begins with it."""
    m = re.match(rf"{FAILED_ON}(\d{{4}}-\d{{2}}-\d{{2}})", app.status_reason or "")
    return date_of(m.group(1)) if app.status == FAILED and m else None


def failed_reason(app: Any) -> str:
    """Why a project's acceptance failed, as recorded (关键指标未达到立项要求): its status
    reason without the day before it, nor the words of a 复验 withdrawn since after it;
    "" when it gives none."""
    if app.status != FAILED:
        return ""
    text = re.sub(rf"^{FAILED_ON}\d{{4}}-\d{{2}}-\d{{2}}：", "", app.status_reason or "")
    return text.split(f"（{WITHDRAWN}")[0].strip()


def withheld_rest_fen(reg: Register, project_id: int) -> int:
    """The 尾款 a failed acceptance withholds for good (二（四）4): the unpaid lines of the
    last tranche of a project whose acceptance failed; 0 for any other."""
    return int(reg.scalar(
        "SELECT COALESCE(SUM(p.amount_fen), 0) FROM payments p JOIN project_applications a"
        " ON a.id = p.application_id WHERE p.stream = ? AND p.application_id = ?"
        " AND a.status = ? AND p.paid_date IS NULL AND p.tranche > 1"
        " AND p.tranche = (SELECT MAX(q.tranche) FROM payments q WHERE q.stream = p.stream"
        " AND q.application_id = p.application_id)", (PROJECT, project_id, FAILED)) or 0)


# -- flags -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CompletionFlag:
    """An awarded project past its latest completion date without acceptance; or, its
    acceptance postponed on the office's decision (``postponed``), not yet past the new
    deadline (``days_late`` 0) or past it too."""

    app_id: int
    year: int
    title: str
    studio_name: str
    unit_name: str
    deadline: date
    days_late: int
    clause: str = "方案二（一）"  # the bar's clause in the newest plan, which the studio meets
    postponed: Postponement | None = None

    @property
    def message(self) -> str:
        head = f"项目“{self.title}”（{self.studio_name}）最迟应于 {self.deadline.isoformat()} 完成，"
        p = self.postponed
        if p is None:
            return (head + f"已逾期 {self.days_late} 天仍未结题验收：该工作室不能申报下一年度项目"
                    f"（{self.clause}）")
        if self.days_late:
            return (head + f"经同意{p.text}（{p.decision}），已逾期 {self.days_late} 天仍未结题"
                    f"验收：该工作室不能申报下一年度项目（{self.clause}）")
        # not overdue, yet not completed: the plan's bar (二（一）) still holds
        return head + f"{p.said}：{STILL_BARRED}（{self.clause}：未完成结题验收的不能申报）"


def completion_deadline(campaign: Campaign, approval: date | None) -> date:
    """The latest completion date (二（二）1): two years from approval, never after the
    campaign's latest completion date. The applicant's own planned date may be earlier;
    the flag is about the plan's limit, which is what blocks the studio."""
    from boostdesk.rules.project import completion_limit

    return completion_limit(campaign, approval)


def overdue_completions(reg: Register, as_of: date | None = None) -> list[CompletionFlag]:
    """Awarded projects of any year past their latest completion date and not accepted;
    one whose acceptance was postponed (延期验收) flagged as such, overdue only past the
    new deadline."""
    as_of = as_of or date.today()
    past = []
    campaigns: dict[int, Campaign] = {}
    for r in reg.query(
        "SELECT a.id, c.year, a.title, a.approval_date, s.name AS studio,"
        " u.name AS unit FROM project_applications a JOIN campaigns c ON c.id = a.campaign_id"
        " LEFT JOIN studios s ON s.id = a.studio_id LEFT JOIN units u ON u.id = a.unit_id"
        " WHERE a.status IN ('approved', 'paid_first') AND a.accepted_date IS NULL"
        " ORDER BY c.year, a.id"
    ):
        c = campaigns.get(r["year"]) or campaigns.setdefault(r["year"], reg.campaign(r["year"]))
        deadline = completion_deadline(c, date_of(r["approval_date"]))
        if as_of > deadline:
            past.append((r, deadline))
    if not past:
        return []
    bar = reg.campaign(max(reg.campaign_years())).clause("project_scope")
    postponed = postponements(reg, [r["id"] for r, _ in past])
    out = []
    for r, deadline in past:
        p = postponed.get(r["id"])
        late = p.overdue(as_of) if p else (as_of - deadline).days
        out.append(CompletionFlag(r["id"], r["year"], r["title"], r["studio"] or "",
                                  r["unit"] or "", deadline, late, bar, p))
    # the overdue first: a postponement not yet due is noted, not the office's to chase
    out.sort(key=lambda f: f.postponed is not None and not f.days_late)
    return out
