"""往年结题: an earlier year's award recorded by 补录 taken as finished history — its
acceptance (验收日期, or 验收未通过) and its money settled — with no 拨付 step of today.

``record_past`` stores a past award as 核准 (award, level, approval date); its money then
stood owed as if awarded today: acceptance (``pay accept``) needed the first tranche marked
paid, and marking paid needed the studio's 所在单位, which old tables do not have — one
command a project, hundreds a year. An office recording its history knows the year's list
and which projects were accepted; what was paid and when is in finance's old books, not
needed here. :func:`settle_past_award` records it so:

- passed (验收日期): 核准 → 首笔拨付 → 结题验收 (accepted_date) → 尾款拨付, each step with
  the reason :data:`SETTLED_REASON`; every payment row of the award written paid, dated the
  approval day (first tranche) and the acceptance day (the rest), voucher
  :data:`SETTLED_VOUCHER` — not owed, on no list of what is to pay, no payee asked for;
- failed (验收未通过): 核准 → 首笔拨付 → 验收未通过 (reason 验收日期 …：why, as
  ``finance.acceptance`` writes it); the first tranche written paid, the rest never payable
  (as any failed acceptance's), the studio barred by 二（一） as the plan says.

Only a past record (``past.is_past_record``) none of whose money the register holds (status
核准, no payment marked): one whose first tranche was marked paid here (``pay mark``) has
its payments kept by the register, and its acceptance is recorded the ordinary way
(``finance.acceptance``: its rest then owed), which :func:`accept_past_list` does for it.
The 补录 list's optional 验收日期 / 验收结论 columns (``past_list``) and the list of
acceptances of recorded awards (``panel record-past --accepted``) call these.

首笔拨付日期 (the list's optional column): the first tranche written paid on that day
(voucher 历史补录, not before the approval, not in the future, not after the acceptance)
instead of the approval day. Without an acceptance the award stands 首笔拨付 with the
rest owed after acceptance as any award's (:func:`pay_first_past`): its acceptance by
``pay accept`` leaves the rest to pay the ordinary way; by a list of acceptances
(history) the rest is settled as history too, the register holding none of its money but
the history (:func:`history_first`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from boostdesk.models.records import PROJECT, ProjectApplication
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.said_where import aside
from boostdesk.validate import after_today

from .errors import PanelError
from .past import PAST_REASON, PastAward, PastLine, is_past_record, record_past_award

SETTLED_REASON = f"{PAST_REASON}：往年已结题，款项按往年已拨付记"
FIRST_PAID_REASON = f"{PAST_REASON}：首笔按往年已拨付记"  # a first tranche only (no acceptance)
FAILED_REASON = "往年验收未通过"  # a failed acceptance's reason when the list gives none
SETTLED_VOUCHER = "历史补录"  # the voucher of a payment taken as paid in the year's books
SETTLE_PAST = "settle_past"  # the audit action


@dataclass(frozen=True)
class HistoryLine(PastLine):
    """A 补录 list's line with its acceptance: ``accepted_on`` the day (None: not yet
    accepted, the award owed as today's), ``failed`` the reason of a failed one;
    ``first_paid_on`` the day its first tranche was paid (None: the approval day when
    accepted, else owed)."""

    accepted_on: date | None = None
    failed: str | None = None
    first_paid_on: date | None = None


@dataclass(frozen=True)
class AcceptLine:
    """One line of a list of acceptances of recorded past awards."""

    line: int
    project_id: int
    accepted_on: date
    failed: str | None = None
    first_paid_on: date | None = None


@dataclass(frozen=True)
class Settled:
    project_id: int
    title: str
    status: str  # paid_final (settled), acceptance_failed, accepted (its rest owed), or
    # paid_first (its first tranche history, the rest owed after acceptance)
    settled: bool  # the money taken as the year's history (False: the register's own)


def settle_refusal(reg: Register, app: ProjectApplication, day: date,
                   first_paid_on: date | None = None) -> str:
    """Why ``app``'s acceptance on ``day`` (its first tranche paid on ``first_paid_on``)
    cannot be recorded as past history ("")."""
    title, status = app.title, app.status
    if not is_past_record(reg, app):
        return (f"项目“{title}”（现为“{STATUS_ZH.get(status, status)}”）不是补录的往年结果："
                "结题验收请在“拨付”中登记" + aside("pay accept"))
    if status not in ("approved", "paid_first"):
        return f"项目“{title}”已登记为“{STATUS_ZH.get(status, status)}”，不再登记验收"
    if app.approved_date and day < app.approved_date:
        return f"验收日期 {day.isoformat()} 早于核准日期 {app.approved_date.isoformat()}，请核对"
    if why := first_paid_refusal(reg, app, first_paid_on):
        return why
    first = first_paid_on or (_first_paid_day(reg, app.id) if status == "paid_first" else None)
    if first is not None and day < first:
        return f"验收日期 {day.isoformat()} 早于首笔拨付日期 {first.isoformat()}，请核对"
    return after_today(day, "验收日期") or ""


def first_paid_refusal(reg: Register, app: ProjectApplication, paid_on: date | None) -> str:
    """Why ``app``'s first tranche cannot be recorded as paid on ``paid_on`` as the year's
    history ("" when it can, or none is given)."""
    if paid_on is None:
        return ""
    if app.approved_date and paid_on < app.approved_date:
        return (f"首笔拨付日期 {paid_on.isoformat()} 早于核准日期 {app.approved_date.isoformat()}，"
                "请核对")
    if app.status == "paid_first":
        was = _first_paid_day(reg, app.id)
        if was != paid_on:
            return (f"项目“{app.title}”的首笔已登记拨付"
                    + (f"（{was.isoformat()}）" if was else "") + "，名单不再填首笔拨付日期")
    return after_today(paid_on, "首笔拨付日期") or ""


def _first_paid_day(reg: Register, project_id: int | None) -> date | None:
    day = reg.scalar("SELECT MAX(paid_date) FROM payments WHERE stream = ? AND application_id = ?"
                     " AND tranche = 1 AND paid_date IS NOT NULL", (PROJECT, project_id))
    return date.fromisoformat(day) if day else None


def history_first(reg: Register, app: ProjectApplication) -> bool:
    """Whether ``app`` stands 首笔拨付 as history (:func:`pay_first_past`), the register
    holding no payment of it but that history."""
    if app.status != "paid_first":
        return False
    reason = reg.scalar("SELECT reason FROM status_history WHERE stream = ? AND application_id = ?"
                        " AND to_status = 'paid_first' ORDER BY id DESC LIMIT 1",
                        (PROJECT, app.id))
    others = reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
                        " AND paid_date IS NOT NULL AND voucher IS NOT ?",
                        (PROJECT, app.id, SETTLED_VOUCHER))
    return reason == FIRST_PAID_REASON and not others


def pay_first_past(reg: Register, project_id: int, paid_on: date) -> Settled:
    """A recorded past award's first tranche written paid on ``paid_on`` (voucher 历史补录,
    no 所在单位 asked) and the award moved to 首笔拨付; the rest is owed after its
    acceptance, as any award's. Audited as ``settle_past``."""
    app = reg.project(project_id)
    if not is_past_record(reg, app) or app.status != "approved":
        raise PanelError(f"项目“{app.title}”（现为“{STATUS_ZH.get(app.status, app.status)}”）"
                         "不是未登记拨付的补录结果：首笔拨付请在“拨付”中登记" + aside("pay mark"))
    if why := first_paid_refusal(reg, app, paid_on):
        raise PanelError(why)
    with reg.transaction():
        _no_paid_rows(reg, app)
        rows = _write_paid_rows(reg, app, paid_on, None)
        reg.set_status(PROJECT, project_id, "paid_first", FIRST_PAID_REASON)
        reg.keep_payee(PROJECT, project_id)
        reg.audit(SETTLE_PAST, "project_applications", project_id, {"status": app.status},
                  {"status": "paid_first", "first_paid_date": paid_on.isoformat(),
                   "payments": rows, "voucher": SETTLED_VOUCHER})
    return Settled(project_id, app.title, "paid_first", True)


def _no_paid_rows(reg: Register, app: ProjectApplication) -> None:
    if reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
                  " AND paid_date IS NOT NULL", (PROJECT, app.id)):
        raise PanelError(f"项目“{app.title}”已有登记的拨付：结题验收请在“拨付”中登记")


def insert_history_payment(reg: Register, stream: str, app_id: int, tranche: int, payer: str,
                           amount: int, due: date | None, paid: date, reason: str) -> int:
    """One payment row of a past award written paid on ``paid`` as the year's history
    (voucher 历史补录), audited with ``reason``: a project's settled tranches and a patent
    list's paid awards alike. Returns its id."""
    from boostdesk.models.record_rows import next_id

    row_id = next_id(reg.conn, "payments")
    due_s = due.isoformat() if due else None
    reg.conn.execute(
        "INSERT INTO payments (id, stream, application_id, tranche, payer, amount_fen,"
        " due_date, paid_date, voucher) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (row_id, stream, app_id, tranche, payer, amount, due_s, paid.isoformat(),
         SETTLED_VOUCHER))
    reg.audit("create", "payments", row_id, None, {
        "stream": stream, "application_id": app_id, "tranche": tranche, "payer": payer,
        "amount_fen": amount, "due_date": due_s, "paid_date": paid.isoformat(),
        "voucher": SETTLED_VOUCHER, "reason": reason})
    return row_id


def settle_past_award(reg: Register, project_id: int, accepted_on: date,
                      failed: str | None = None, first_paid_on: date | None = None) -> Settled:
    """Record a past award's acceptance (``failed``: its reason, a failed one; its first
    tranche paid on ``first_paid_on``, else the approval day). A record the register holds
    no money of but history (核准, or 首笔拨付 as history): its money settled as the year's
    history (module doc); one whose first tranche was marked paid here (首笔拨付): the
    acceptance recorded as ``finance.acceptance`` does (the rest owed). Audited as
    ``settle_past``."""
    from boostdesk.finance.acceptance import (
        FAILED_ON,
        record_acceptance,
        record_failed_acceptance,
    )
    from boostdesk.finance.errors import FinanceError

    app = reg.project(project_id)
    if why := settle_refusal(reg, app, accepted_on, first_paid_on):
        raise PanelError(why)
    reason = " ".join((failed or "").split()) or FAILED_REASON
    first_history = history_first(reg, app)
    with reg.transaction():
        if app.status == "paid_first" and not first_history:  # the register's: the ordinary way
            try:
                if failed is None:
                    record_acceptance(reg, project_id, accepted_on)
                else:
                    record_failed_acceptance(reg, project_id, accepted_on, reason)
            except FinanceError as exc:
                raise PanelError(str(exc)) from None
            return Settled(project_id, app.title, reg.project(project_id).status, False)
        if not first_history:
            _no_paid_rows(reg, app)
        first_on = first_paid_on or app.approved_date or accepted_on
        rows = _write_paid_rows(reg, app, first_on, accepted_on if failed is None else None)
        if not first_history:
            reg.set_status(PROJECT, project_id, "paid_first", SETTLED_REASON)
        if failed is None:
            reg.set_status(PROJECT, project_id, "accepted", SETTLED_REASON,
                           accepted_date=accepted_on)
            reg.set_status(PROJECT, project_id, "paid_final", SETTLED_REASON)
        else:
            reg.set_status(PROJECT, project_id, "acceptance_failed",
                           f"{FAILED_ON}{accepted_on.isoformat()}：{reason}")
        reg.keep_payee(PROJECT, project_id)
        reg.audit(SETTLE_PAST, "project_applications", project_id, {"status": app.status},
                  {"status": reg.project(project_id).status,
                   "accepted_date" if failed is None else "failed_date": accepted_on.isoformat(),
                   **({"reason": reason} if failed is not None else {}),
                   "payments": rows, "voucher": SETTLED_VOUCHER})
    return Settled(project_id, app.title, reg.project(project_id).status, True)


def _write_paid_rows(reg: Register, app: ProjectApplication, first_on: date,
                     rest_on: date | None) -> list[int]:
    """The award's payment rows as the plan splits them, written paid (the first tranche
    on ``first_on``, the rest on ``rest_on``, voucher 历史补录) but for a tranche paid
    already (a first tranche written as history before); unpaid rows planned before (a
    ``pay list`` since the record) replaced. ``rest_on`` None: the first tranche only, the
    rest left to ``sync_plan`` (owed after acceptance, or never: a failed one's). Returns
    the rows' ids."""
    from boostdesk.finance.payment_plan import planned_rows

    app_id, year, approved = app.id, app.campaign_year, app.approved_date
    assert app_id is not None  # (a stored award)
    level = reg.scalar("SELECT COALESCE(a.award_level, s.level) FROM project_applications a"
                       " LEFT JOIN studios s ON s.id = a.studio_id WHERE a.id = ?", (app_id,))
    paid_before = {r["tranche"] for r in reg.query(
        "SELECT tranche FROM payments WHERE stream = ? AND application_id = ?"
        " AND paid_date IS NOT NULL", (PROJECT, app_id))}
    for row in reg.query("SELECT * FROM payments WHERE stream = ? AND application_id = ?"
                         " AND paid_date IS NULL", (PROJECT, app_id)):
        reg.conn.execute("DELETE FROM payments WHERE id = ?", (row["id"],))
        reg.audit("delete", "payments", row["id"], row, None)
    out = []
    for tranche, payer, amount, due in planned_rows(
            reg.campaign(year), PROJECT, app.award_fen or 0, level, approved, rest_on):
        if tranche in paid_before or (rest_on is None and tranche > 1):
            continue
        paid = first_on if tranche == 1 else rest_on
        assert paid is not None
        row_id = insert_history_payment(reg, PROJECT, app_id, tranche, payer, amount, due, paid,
                                        SETTLED_REASON if rest_on else FIRST_PAID_REASON)
        out.append(row_id)
    return out


def record_history_list(reg: Register, lines: list[PastLine], *,
                        cancelled: Callable[[], bool] | None = None,
                        ) -> tuple[list[PastAward], list[Settled]]:
    """A past year's 补录 list recorded all or nothing after one backup, as
    ``past.record_past_list`` does, each line with an acceptance (:class:`HistoryLine`)
    settled as history too (:func:`settle_past_award`), one with only its first tranche's
    day paid so far (:func:`pay_first_past`); every refused line named."""
    from .list_steps import record_each

    settled: list[Settled] = []

    def step(x: PastLine) -> PastAward:
        award = record_past_award(reg, x.project_id, x.amount_fen, x.approved_on, x.note,
                                  backup=False)
        if isinstance(x, HistoryLine) and x.accepted_on is not None:
            settled.append(settle_past_award(reg, x.project_id, x.accepted_on, x.failed,
                                             x.first_paid_on))
        elif isinstance(x, HistoryLine) and x.first_paid_on is not None:
            settled.append(pay_first_past(reg, x.project_id, x.first_paid_on))
        return award

    done = record_each(reg, lines, step, backup="tier", empty="名单中没有要补录的项目",
                       heading="名单未保存", cancelled=cancelled)
    return done, settled


def accept_past_list(reg: Register, lines: list[AcceptLine], *,
                     cancelled: Callable[[], bool] | None = None) -> list[Settled]:
    """Acceptances of recorded past awards from a list, all or nothing after one backup
    (:func:`settle_past_award` each); every refused line named."""
    from .list_steps import record_each

    return record_each(
        reg, lines, lambda x: settle_past_award(reg, x.project_id, x.accepted_on, x.failed,
                                                x.first_paid_on),
        backup="payment", empty="名单中没有要登记验收的项目", heading="名单未保存",
        cancelled=cancelled)


def settled_text(settled: list[Settled]) -> str:
    """其中 65 项已结题（款项按往年已拨付记）、1 项验收未通过、4 项验收后尾款待拨付、
    10 项首笔按往年已拨付记（尾款待验收后拨付）."""
    passed = sum(1 for s in settled if s.settled and s.status == "paid_final")
    failed = sum(1 for s in settled if s.status == "acceptance_failed")
    owed = sum(1 for s in settled if not s.settled and s.status == "accepted")
    first = sum(1 for s in settled if s.status == "paid_first")
    parts = [f"{passed} 项已结题（款项按往年已拨付记）" if passed else "",
             f"{failed} 项验收未通过" if failed else "",
             f"{owed} 项验收通过、尾款待拨付" if owed else "",
             f"{first} 项首笔按往年已拨付记（尾款待验收后拨付）" if first else ""]
    return "、".join(p for p in parts if p)
