"""Each paper's stage (status) as it stood at the end of a day, for ``stats --as-of``: the
year's handout as of 2022-12-31 counted 已拨付 6 papers in its stages beside ¥0.00 paid on
its money page (every transfer was sent in 2023).

Each fact is read from where the register dates it: the money stages (已拨付, 首笔拨付,
尾款拨付) from the payment lines as they stood that day (each transfer and bank return by
its own day, as the money pages count them — a payment is often typed in days after it was
sent, so the status history's recording time is not its day); 核准 from the award's
核准日期 (as the statistics count the awards), 结题验收 / 验收未通过 from the acceptance's own day; every other move (资格审核,
评审, 公示, 撤回, 撤销助推…) from the status history — the day the decision is dated
(decided_on), else the day it was recorded. A paper with no move dated on or before the day
(typed in later) counts at the stage its dated facts put it, else 已登记.

A paper not yet received that day is no paper of that day at all (the 2022 handout as of
2022-10-25, mid-intake, counted all 58 patents received where 23 had arrived): received by
the day = its 收件日期 on or before it, or, with no 收件日期, its first status-history line (or,
typed in after the fact, its 核准日期 or a transfer sent by then); one with nothing dated
cannot be placed and is counted (the handout says how many)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

from boostdesk.finance.terms import FAILED
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.workflow import UNDECIDED

if TYPE_CHECKING:
    from boostdesk.finance.lines import PaymentLine
    from boostdesk.models.register import Register

TABLES = {PATENT: "patent_applications", PROJECT: "project_applications"}
# a money stage's decision: what the paper was before its tranche was paid
BEFORE_PAID = {"paid": "approved", "paid_first": "approved", "paid_final": "accepted"}
ACCEPTANCE = ("accepted", FAILED)
BEFORE_APPROVAL = {PATENT: "qualified", PROJECT: "publicized"}  # the step 核准 follows


def received_sql(stream: str, cutoff: date) -> str:
    """SQL true when paper ``a`` of ``stream`` was received by the end of ``cutoff`` (or has
    no dated fact to tell: counted). The values are the code's own (a stream name, a date),
    written in so the clause fits any query's arguments."""
    day = cutoff.isoformat()
    lines = f"FROM status_history h WHERE h.stream = '{stream}' AND h.application_id = a.id"
    # a paper typed in after the fact (its lines recorded later) approved or paid by then
    # had been received by then all the same
    return (f"(NULLIF(a.received_date, '') IS NOT NULL AND substr(a.received_date, 1, 10) <= '{day}'"
            f" OR NULLIF(a.received_date, '') IS NULL AND (EXISTS (SELECT 1 {lines}"
            f" AND COALESCE(h.decided_on, substr(h.at, 1, 10)) <= '{day}')"
            f" OR substr(a.approved_date, 1, 10) <= '{day}'"
            f" OR EXISTS (SELECT 1 FROM payments p WHERE p.stream = '{stream}'"
            f" AND p.application_id = a.id AND p.paid_date <= '{day}')"
            f" OR NOT EXISTS (SELECT 1 {lines})))")


def undated(reg: Register, stream: str, campaign_id: int) -> int:
    """How many of the year's papers of ``stream`` have neither a 收件日期 nor a status-history
    line: counted as received whatever the day (nothing says when they came)."""
    return int(reg.scalar(
        f"SELECT COUNT(*) FROM {TABLES[stream]} a WHERE a.campaign_id = ?"
        " AND NULLIF(a.received_date, '') IS NULL AND NOT EXISTS (SELECT 1 FROM status_history h"
        " WHERE h.stream = ? AND h.application_id = a.id)", (campaign_id, stream)) or 0)


def statuses_as_of(reg: Register, stream: str, campaign_id: int, cutoff: date,
                   lines: list[PaymentLine]) -> dict[int, str]:
    """Each of the year's papers of ``stream`` received by then (:func:`received_sql`) -> its
    status at the end of ``cutoff`` (a paper not received yet is not in it); ``lines``: the year's payment lines of the stream as of that day
    (``statistics._lines_as_of``)."""
    from boostdesk.statistics import accepted_day_sql

    day = cutoff.isoformat()
    table = TABLES[stream]
    then: dict[int, str] = {}
    # the last move dated on or before the day, by the order they were recorded
    for app_id, to_status in reg.conn.execute(
            "SELECT h.application_id, h.to_status FROM status_history h"
            f" JOIN {table} a ON a.id = h.application_id WHERE h.stream = ? AND a.campaign_id = ?"
            " AND COALESCE(h.decided_on, substr(h.at, 1, 10)) <= ? ORDER BY h.id",
            (stream, campaign_id, day)):
        then[app_id] = to_status
    by_app: dict[int, list[PaymentLine]] = defaultdict(list)
    for x in lines:
        by_app[x.app_id].append(x)
    accepted = accepted_day_sql() if stream == PROJECT else "NULL"
    out: dict[int, str] = {}
    for app_id, now, approved_on, accepted_on in reg.conn.execute(
            f"SELECT a.id, a.status, a.approved_date, {accepted} FROM {table} a"
            f" WHERE a.campaign_id = ? AND {received_sql(stream, cutoff)}", (campaign_id,)):
        now = BEFORE_PAID.get(now, now)
        was = BEFORE_PAID.get(then.get(app_id, "registered"), then.get(app_id, "registered"))
        if was in UNDECIDED and now in ("approved", *ACCEPTANCE) and approved_on \
                and approved_on[:10] <= day:
            was = "approved"  # approved by then, recorded after it
        elif was == "approved" and approved_on and approved_on[:10] > day:
            was = BEFORE_APPROVAL[stream]  # recorded by then, dated after it: as counted
        if stream == PROJECT and accepted_on:
            if was in ACCEPTANCE and now == was and accepted_on[:10] > day:
                was = "approved"  # accepted (or failed) after the day: awaiting it then
            elif was == "approved" and now in ACCEPTANCE and accepted_on[:10] <= day:
                was = now
        paid = by_app.get(app_id, [])
        if was in UNDECIDED and any(x.paid_date is not None for x in paid):
            was = "approved"  # money sent by then: an award then, whatever was typed when
        out[app_id] = _paid_stage(stream, was, paid)
    return out


def _paid_stage(stream: str, status: str, lines: list[PaymentLine]) -> str:
    """``status`` moved on by the tranches paid in full by then, as ``finance.paying.advance``
    moves it when the payment is registered."""
    def whole(tranche: int | None) -> bool:
        part = [x for x in lines if tranche is None or x.tranche == tranche]
        return bool(part) and all(x.paid_date is not None for x in part)

    if stream == PATENT:
        return "paid" if status == "approved" and whole(1) else status
    if status == "approved" and whole(1):
        return "paid_first"
    if status == "accepted" and whole(None):
        return "paid_final"
    return status
