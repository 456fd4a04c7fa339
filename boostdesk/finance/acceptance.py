"""结题验收 (二、（四）4): an acceptance passed or failed recorded, and the awarded projects
past their latest completion date without one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from boostdesk.models.campaign import Campaign
from boostdesk.models.payment_marks import STANDING_RETURN_SQL
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.validate import after_today

from .errors import FinanceError
from .payment_plan import sync_plan
from .returns import returned_standing
from .terms import FAILED, date_of

FAILED_ON = "验收日期 "  # the failed acceptance's reason begins with its day


def record_acceptance(reg: Register, project_id: int, accepted_date: date,
                      late_reason: str = "") -> None:
    """结题验收 (二、（四）4): record the acceptance and release the last tranche; audited.

    The studio stops counting as having an unfinished award (方案二（一）) from then on.
    A project whose acceptance failed may pass a later one (整改后复验). One after the
    latest completion date needs the office's ``late_reason`` (late_completion).
    """
    from .late_completion import acceptance_reason

    with reg.transaction():
        app = _acceptable(reg, project_id, accepted_date, ("paid_first", FAILED))
        reason = acceptance_reason(reg, project_id, accepted_date, late_reason)
        reg.set_status(PROJECT, project_id, "accepted", reason, accepted_date=accepted_date)
        sync_plan(reg, app.campaign_year)


def record_failed_acceptance(reg: Register, project_id: int, day: date, reason: str) -> None:
    """结题验收未通过 (二、（四）4 pays the rest only 通过…验收后): the rest of the award is
    never paid, and the studio stays barred under 二（一） (its award was not completed).
    The day and the reason go into the status history and the audit trail."""
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError("登记验收未通过须填写理由（如 关键指标未达到立项要求）")
    with reg.transaction():
        app = _acceptable(reg, project_id, day, ("paid_first",))
        reg.set_status(PROJECT, project_id, FAILED, f"{FAILED_ON}{day.isoformat()}：{reason}")
        sync_plan(reg, app.campaign_year)


def _acceptable(reg: Register, project_id: int, day: date, statuses: tuple[str, ...]) -> Any:
    """The project, if an acceptance (passed or failed) can be recorded for it on ``day``:
    awarded, its first tranche paid in full before ``day``; else FinanceError."""
    from boostdesk.models.workflow import STATUS_ZH

    app = reg.project(project_id)
    if app.status not in ("approved", *statuses):
        if app.accepted_date or app.status in ("accepted", "paid_final"):
            raise FinanceError(f"项目“{app.title}”已于 {app.accepted_date} 通过验收")
        if app.status == FAILED:
            raise FinanceError(f"项目“{app.title}”已登记验收未通过（{app.status_reason}）")
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
    if app.status == "approved":
        raise FinanceError(
            f"项目“{app.title}”的首笔助推资金尚未全部拨付：请先登记首笔拨付，再登记验收"
        )
    # Acceptance comes after the first tranche it requires: not dated before its payment.
    first_paid = _first_tranche_paid(reg, project_id, app.status)
    if first_paid and day < date.fromisoformat(first_paid[:10]):
        raise FinanceError(
            f"验收日期 {day.isoformat()} 早于首笔助推资金的拨付日期"
            f" {first_paid[:10]}：验收在首笔拨付之后，请核对"
        )
    failed_on = _failed_on(app)
    if failed_on and day <= failed_on:
        raise FinanceError(
            f"复验日期 {day.isoformat()} 不晚于验收未通过的日期 {failed_on.isoformat()}，请核对"
        )
    return app


def _first_tranche_paid(reg: Register, project_id: int, status: str) -> str | None:
    """The day the project's first tranche was paid in full (its last payer's transfer).
    After a failed acceptance a transfer that came back and was sent again counts from
    its first sending: the failed acceptance followed that, and a 复验 needs no new one."""
    days = []
    for payment_id, paid in reg.conn.execute(
            "SELECT id, paid_date FROM payments WHERE stream = ? AND application_id = ?"
            " AND tranche = 1", (PROJECT, project_id)):
        if status == FAILED and returned_standing(reg, payment_id):
            sent = reg.scalar("SELECT json_extract(before, '$.paid_date') FROM audit_events"
                              " WHERE id = " + STANDING_RETURN_SQL.format(payment="?"),
                              (payment_id,) * 2)
            paid = sent or paid
        if paid:
            days.append(paid)
    return max(days) if days else None


def _failed_on(app: Any) -> date | None:
    """The day of a project's failed acceptance: its status reason begins with it."""
    m = re.match(rf"{FAILED_ON}(\d{{4}}-\d{{2}}-\d{{2}})", app.status_reason or "")
    return date_of(m.group(1)) if app.status == FAILED and m else None


# -- flags -----------------------------------------------------------------------------
@dataclass(frozen=True)
class CompletionFlag:
    """An awarded project past its latest completion date without acceptance."""

    app_id: int
    year: int
    title: str
    studio_name: str
    unit_name: str
    deadline: date
    days_late: int
    clause: str = "方案二（一）"  # the bar's clause in the newest plan, which the studio meets

    @property
    def message(self) -> str:
        return (
            f"项目“{self.title}”（{self.studio_name}）最迟应于 {self.deadline.isoformat()} 完成，"
            f"已逾期 {self.days_late} 天仍未结题验收：该工作室不能申报下一年度项目（{self.clause}）"
        )


def completion_deadline(campaign: Campaign, approval: date | None) -> date:
    """The latest completion date (二（二）1): two years from approval, never after the
    campaign's latest completion date. The applicant's own planned date may be earlier;
    the flag is about the plan's limit, which is what blocks the studio."""
    from boostdesk.rules.project import completion_limit

    return completion_limit(campaign, approval)


def overdue_completions(reg: Register, as_of: date | None = None) -> list[CompletionFlag]:
    """Awarded projects of any year past their latest completion date and not accepted."""
    as_of = as_of or date.today()
    out = []
    campaigns: dict[int, Campaign] = {}
    bar = ""
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
            bar = bar or reg.campaign(max(reg.campaign_years())).clause("project_scope")
            out.append(CompletionFlag(r["id"], r["year"], r["title"], r["studio"] or "",
                                      r["unit"] or "", deadline, (as_of - deadline).days, bar))
    return out
