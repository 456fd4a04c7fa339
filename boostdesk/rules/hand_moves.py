"""改变状态 by hand: a pass the plan's findings speak against needs the clerk's reason.

资格审核通过 and 核准 of an application with a blocking finding (a utility-model patent,
a person's second patent of the year), or with materials or facts still missing
(待补材料: 二（四）1 wants a project's materials before review, 一（四）2 核准 checks a
patent's 申报材料 真实、合规), are the clerk's decision against the plan: made one
application at a time, with the reason in the status history, as the panel's
qualification decision asks for projects (``panel.qualification.decide``).

An earlier year's patents are recorded by 补录往年核准名单 (``panel.past_patents``, its
blocking findings taken on record: old tables have no materials), not here; its decided
papers' missing facts are settled (``findings.settled``) and ask nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from boostdesk.app_refs import id_ref
from boostdesk.models.record_rows import select_in
from boostdesk.models.records import PATENT
from boostdesk.models.register import Register
from boostdesk.models.workflow import STATUS_ZH
from boostdesk.said_where import way
from boostdesk.validate import after_today

from . import late_papers
from .check import recheck
from .findings import stored_findings

PASSING = frozenset({"qualified", "approved"})


class HandMoveRefused(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def stored_blocking(reg: Register, stream: str, app_ids: Sequence[int]) -> dict[int, list[str]]:
    """Each of ``app_ids`` with findings a pass goes against, as stored -> their messages
    (what the screens show: every write of theirs ends with a re-check): blocking ones,
    and what is still missing (待补材料), as 资格审核 asks a reason to pass a project
    (``panel.qualification.departs``). A patent too: its 核准 pays ¥3,000 on the 申报材料
    checked (一（四）2), so one lacking 是否已在生产中应用 (一（二）1) was approved unasked."""
    table = "patent_applications" if stream == PATENT else "project_applications"
    out: dict[int, list[str]] = {}
    for app_id, text in select_in(reg.conn, f"SELECT id, findings FROM {table} WHERE id IN",
                                  app_ids):
        messages = [f.message for f in stored_findings(text)
                    if f.blocking or f.missing]
        if messages:
            out[app_id] = messages
    return out


def blocking_messages(reg: Register, stream: str, app_ids: Sequence[int]) -> dict[int, list[str]]:
    """:func:`stored_blocking` as of now: these applications (and their people's or
    studios') re-checked first."""
    changes = reg.changes.patents if stream == PATENT else reg.changes.projects
    changes.update(app_ids)
    recheck(reg)
    return stored_blocking(reg, stream, app_ids)


# The moves that take the day of their decision as the clerk dates it, and its name: 核准's
# stored on the application (approved_date), 资格审核's in the status history (decided_on).
DAY_OF = {"approved": "核准日期", "qualified": "资格审核日期", "refused": "资格审核日期"}
DAY_FIELD = {"approved": "approved_date", "qualified": "decided_on", "refused": "decided_on"}


def approval_day_refusal(reg: Register, stream: str, app_ids: Sequence[int],
                         day: date, what: str = "核准日期", *,
                         correcting: bool = False) -> str | None:
    """Why ``day`` cannot be the 核准日期 (or ``what``: the 资格审核日期) of ``app_ids``, or
    None: a day to come, a day before the year's plan was issued, or before a paper was
    received, or, for a decision after it (核准 withdrawn), before the paper's 核准. The
    date prints on the signed 审批表 and dates the payment deadline (核准后3个月内), so a
    slip of the year there made a sheet approved before the plan existed.

    A 核准日期 is also refused before a paper's 资格审核日期 (approval before qualification
    cannot be). ``correcting``: the 资格审核日期 of a standing qualification put right
    (``rules.qualified_day``): refused after the paper's 核准 instead of before it."""
    if future := after_today(day, what):
        return future
    table = "patent_applications" if stream == PATENT else "project_applications"
    rows = list(select_in(reg.conn, f"SELECT id, campaign_id, received_date, approved_date"
                                    f" FROM {table} WHERE id IN", app_ids))
    for cid in sorted({c for _, c, _, _ in rows}):
        year = reg.scalar("SELECT year FROM campaigns WHERE id = ?", (cid,))
        issued = reg.campaign(year).issued_date
        if day < issued:
            return (f"{what} {day.isoformat()} 早于 {year} 年度计划的印发日期"
                    f" {issued.isoformat()}，请核对年份")
    late = sorted((r, i) for i, _, r, _ in rows if r and r > day.isoformat())
    if late:
        received, app_id = late[-1]
        return (f"{what} {day.isoformat()} 早于{id_ref(stream, app_id)}的收件日期"
                f" {received[:10]}，请核对")
    if correcting:  # the qualification that led to the award is not dated after it
        approved = sorted((a, i) for i, _, _, a in rows if a and a[:10] < day.isoformat())
        if approved:
            on, app_id = approved[0]
            return (f"{what} {day.isoformat()} 晚于{id_ref(stream, app_id)}的核准日期"
                    f" {on[:10]}（资格审核须在核准之前），请核对")
        return None
    # a decision after the award (核准 withdrawn: → 资格审核不通过) is not dated before it
    approved = sorted((a, i) for i, _, _, a in rows if a and a > day.isoformat())
    if approved:
        on, app_id = approved[-1]
        return (f"{what} {day.isoformat()} 早于{id_ref(stream, app_id)}的核准日期"
                f" {on[:10]}，请核对")
    if what == DAY_OF["approved"]:
        return approved_before_qualified(reg, stream, app_ids, day)
    return None


def qualified_days(reg: Register, stream: str, app_ids: Sequence[int]) -> dict[int, date]:
    """Each of ``app_ids`` whose last 资格审核通过 the clerk dated -> that 资格审核日期
    (status_history.decided_on; a move dated only by its recording has none)."""
    out: dict[int, date] = {}
    for app_id, day in select_in(
            reg.conn, "SELECT h.application_id, h.decided_on FROM status_history h"
            " WHERE h.id = (SELECT max(l.id) FROM status_history l WHERE l.stream = h.stream"
            " AND l.application_id = h.application_id AND l.to_status = 'qualified')"
            " AND h.stream = ? AND h.application_id IN", app_ids, (stream,)):
        if day:
            out[int(app_id)] = date.fromisoformat(day[:10])
    return out


def approved_before_qualified(reg: Register, stream: str, app_ids: Sequence[int],
                              day: date) -> str | None:
    """Why ``day`` cannot be the 核准日期 of ``app_ids``: it is before a paper's 资格审核日期
    (an approval before the qualification it rests on cannot be), or None. Checked only
    where the clerk gave that day: a qualification dated by its recording (补录) says
    nothing about when it was made."""
    late = sorted((q, i) for i, q in qualified_days(reg, stream, app_ids).items() if q > day)
    if not late:
        return None
    on, app_id = late[-1]
    return (f"核准日期 {day.isoformat()} 早于{id_ref(stream, app_id)}的资格审核日期"
            f" {on.isoformat()}：核准须在资格审核通过之后，请核对核准日期"
            "（资格审核日期录错的，先更正资格审核日期）")


# what the window's clerk does about late papers passed with no reason (the dialog asks
# before it comes to this: a backstop)
LATE_HOW = "同意受理的，请在“逾期受理理由”中写明理由（记入状态历史），或只改按期报送的；全部未改"
LATE_HOW_ONE = "同意受理的，请在“理由”中写明（记入状态历史）"


def check_hand_move(reg: Register, stream: str, app_ids: Sequence[int], target: str,
                    reason: str, day: date | None = None, *, late_reason: str | None = None,
                    late_how: str = "") -> dict[int, str]:
    """Raise HandMoveRefused when moving ``app_ids`` to ``target`` passes an application
    the rules refuse: for several at once always (named by 登记号: 专利12、专利13), for one without a
    reason; when ``day``, the 核准日期 or 资格审核日期 given (:data:`DAY_OF`), is one no
    such decision can have; or when it accepts a paper received after the deadline with no
    reason to (``late_papers``: ``late_reason``, or for one paper ``reason``). Returns the
    reason each moves with (a late paper's 同意受理逾期报送：…). Call inside the
    transaction that makes the move."""
    if target in DAY_OF and day is not None and (
            why := approval_day_refusal(reg, stream, app_ids, day, DAY_OF[target])):
        raise HandMoveRefused(why)
    try:
        said = late_papers.reasons(reg, stream, app_ids, target, reason, late_reason, late_how
                                   or (LATE_HOW if len(app_ids) > 1 else LATE_HOW_ONE))
    except late_papers.LateUndecided as exc:
        raise HandMoveRefused(exc.message) from None
    if target not in PASSING:
        return said
    blocked = blocking_messages(reg, stream, app_ids)
    if not blocked:
        return said
    name = STATUS_ZH[target]
    if len(app_ids) > 1:
        ids = "、".join(id_ref(stream, i) for i in sorted(blocked))
        raise HandMoveRefused(
            f"{ids} 经自动核对有不符合项或待补材料，不能批量改为“{name}”：请逐项打开，"
            "核对后如仍要通过，逐项改变状态并填写理由；全部未改")
    if not reason.strip():
        raise HandMoveRefused(
            f"自动核对发现不符合项或待补材料（{'；'.join(blocked[app_ids[0]])}），"
            f"如仍改为“{name}”，{way('请在“说明”中填写理由', '须用 --reason 写明理由')}")
    # the findings passed against, on record: finance pays the award until another is found
    # (award_holds: an award whose findings refuse it otherwise is held from payment)
    table = "patent_applications" if stream == PATENT else "project_applications"
    reg.audit("accept_findings", table, app_ids[0], None,
              {"status": target, "reason": reason.strip(), "findings": blocked[app_ids[0]]})
    return said


def day_of(extra: dict[str, Any]) -> date | None:
    """The day a move's decision was dated (its 核准日期, its 资格审核日期), or None."""
    day = extra.get("approved_date") or extra.get("decided_on")
    return day if isinstance(day, date) else None


def hand_move(reg: Register, stream: str, app_id: int, target: str, reason: str = "", *,
              late_how: str = "", **extra: Any) -> None:
    """改变状态 of one paper (the window's dialog, ``boostdesk review decide``): checked
    as :func:`check_hand_move` checks it, then moved by ``Register.set_status`` with the
    reason it returns and ``extra`` (:data:`DAY_FIELD`'s day, a 核准's award), in one
    transaction: refused, nothing is stored."""
    with reg.transaction():
        said = check_hand_move(reg, stream, [app_id], target, reason, day_of(extra),
                               late_how=late_how)
        reg.set_status(stream, app_id, target, said[app_id], **extra)
