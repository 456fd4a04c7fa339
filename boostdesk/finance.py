"""Payments: who pays how much of which award, when it is due, and what has been paid.

The plan's terms (all read from the campaign, never from code):

* 一、（四）3 — a patent award is paid in one go to the first inventor's union member card
  within ``patent_payment_months`` of approval (核准);
* 二、（四）4 — a project award is paid in tranches (``tranche_shares``, 60 % then 40 %) to the
  studio's enterprise: the first within ``first_tranche_months`` after the publicity period
  ends, the rest after the project passes acceptance (结题验收); a project whose acceptance
  failed (验收未通过) keeps what it was paid and is never paid the rest;
* 一、（三）/ 二、（三） — the federation and the recommending union share each award in the
  campaign's ratio (patents 1:1; city studios 1:1, district studios 1:2).

One ``payments`` row is one payer's part of one tranche of one award. Amounts come from
:func:`boostdesk.money.payer_tranche_matrix`, so each payer's column and each tranche's row
add up to the award to the fen.

A project's first tranche falls due ``first_tranche_months`` after the end of the publicity
period it was published in (二（四）4 在公示期满后; ``PUBLICITY_END_SQL`` below), a patent's
after its approval date. An award an objection of its publicity held after the close (open
at the close, or entered after it) and then dismissed counts from the dismissal instead
(``HOLD_LIFTED_SQL``): it could not be paid before. The plan sets no term for the last tranche: it is due from the day of acceptance and never flagged
overdue.
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from boostdesk.models.campaign import (
    FEDERATION,
    PAYER_ZH,
    RECOMMENDING_UNION,
    Campaign,
    title_head,
)
from boostdesk.models.payment_marks import PAID_CARD_SQL, STANDING_RETURN_SQL
from boostdesk.models.record_rows import next_id
from boostdesk.models.records import PATENT, PROJECT, STREAM_ZH
from boostdesk.models.register import Register, RegisterError
from boostdesk.models.workflow import open_objection_sql
from boostdesk.money import format_money, payer_tranche_matrix
from boostdesk.pinyin_order import sort_key
from boostdesk.validate import after_today, tidy_name

PAYERS = (FEDERATION, RECOMMENDING_UNION)  # the order of the campaign's split ratios
Cancelled = Callable[[], bool]  # the window's 取消, asked after a backup of seconds

# Statuses in which an application holds an award, and the tranches its status says are paid.
AWARDED = {
    PATENT: ("approved", "paid"),
    PROJECT: ("approved", "paid_first", "accepted", "paid_final", "acceptance_failed"),
}
PAID_BY_STATUS = {
    (PATENT, "paid"): 1,
    (PROJECT, "paid_first"): 1,
    (PROJECT, "accepted"): 1,
    (PROJECT, "acceptance_failed"): 1,
    (PROJECT, "paid_final"): 2,
}
TRANCHE_ZH = {1: "首笔", 2: "尾款"}

# Line states, as the 拨付 screen and the lists show them.
PAID = "已拨付"
OVERDUE = "已逾期"
DUE = "待拨付"
AWAITING_ACCEPTANCE = "待验收"
ACCEPTANCE_FAILED = "验收未通过"  # the rest of the award is not paid (二（四）4)
# An objection received in the publicity period, entered after the close, not yet settled:
# the award stands (核准) but nothing is paid until the objection is (公示无异议 二（四）3).
HELD = "暂缓拨付"
HELD_WHY = "公示期内收到的异议待处理"
# A transfer the bank sent back (退汇: card closed, name not the card's, account changed): it
# left and came back, so it is owed again, to the payee's right card or account.
RETURNED = "退汇待重拨"
FAILED = "acceptance_failed"  # the project's status
FAILED_ON = "验收日期 "  # the failed acceptance's reason begins with its day
# A project's payee is its studio's enterprise, which 附件4 does not ask for: named, not blank.
NO_PAYEE = "（未登记所在单位）"
# A union share of an award approved with no recommending union: named, not blank, and
# alike on the lists, the sheets, the statistics and the 拨付 screen.
NO_UNION = "（未填写推荐单位）"


class FinanceError(RegisterError):
    """A payment operation refused, with the reason in Chinese."""


def federation_name(campaign: Campaign, typed: str | None = None) -> str:
    """The federation's name: the campaign title up to its year (北京市总工会2022年… → 北京市总工会).

    ``typed`` (设置's 单位名称, one for every year) only names a federation the title does
    not: a year of another federation, or before a rename, keeps the name its plan was
    issued under on its sheets and lists."""
    return title_head(campaign.title)[0] or (typed or "").strip() or campaign.federation


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day (30 Nov + 3 months = 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def tranche_shares(campaign: Campaign, stream: str) -> tuple[int, ...]:
    return (100,) if stream == PATENT else tuple(campaign.tranche_shares)


def split_ratio(campaign: Campaign, stream: str, level: str | None) -> tuple[int, int]:
    if stream == PATENT:
        return tuple(campaign.patent_split)  # type: ignore[return-value]
    return tuple(campaign.project_split[level or "district"])  # type: ignore[return-value]


def batch_name(tranche: int) -> str:
    """A tranche as the payment list and 拨付's 批次 filter name it: 第一批, 第二批."""
    return f"第{'一二三四五六七八九'[tranche - 1]}批" if 1 <= tranche <= 9 else f"第 {tranche} 批"


def tranche_label(stream: str, tranche: int, count: int) -> str:
    if stream == PATENT or count == 1:
        return "一次拨付"
    if tranche == count:
        return "尾款"
    return TRANCHE_ZH.get(tranche, f"第{tranche}笔")


# -- one payer's part of one tranche ---------------------------------------------------
@dataclass(frozen=True)
class PaymentLine:
    id: int
    stream: str
    app_id: int
    year: int
    tranche: int
    tranche_count: int
    share_percent: int
    payer: str  # FEDERATION or RECOMMENDING_UNION
    payer_name: str  # 北京市总工会, 海淀区总工会
    amount_fen: int
    award_fen: int
    due_date: date | None
    paid_date: date | None
    voucher: str
    released: bool  # payable now (the last tranche only once the project is accepted)
    ref: str  # patent number as typed, or the project title
    title: str  # patent or project title
    payee: str  # the inventor, or the studio's enterprise
    unit_name: str
    enterprise_name: str
    studio_name: str = ""
    id_number: str = ""
    card_number: str = ""
    app_status: str = ""
    split: tuple[int, int] = (1, 1)  # (federation, union): the ratio the award is split in
    objections_open: int = 0  # of the project's publicity, entered after its close
    returned_date: date | None = None  # an unpaid line's last transfer came back that day
    returned_reason: str = ""  # and why (its audit reason: 退汇：day 退回，cause)
    returned_to: str = ""  # the payee and card it had been sent to
    # the award is no longer right since its approval (award_holds.Hold.message), or ""
    hold: str = ""

    @property
    def resent_unchanged(self) -> bool:
        """Owed after a return and to be sent where it came back from: the same card (a
        patent) or the same enterprise (a project) — right only if the bank's cause is gone."""
        if self.paid or not self.returned_date:
            return False
        if self.stream == PATENT:
            return bool(self.card_number) and self.returned_to.endswith(f" {self.card_number}")
        # tidied: a transfer returned before migration 14 names the payee's brackets ASCII
        return tidy_name(self.returned_to) == self.payee

    @property
    def paid(self) -> bool:
        return self.paid_date is not None

    @property
    def held(self) -> bool:
        """Not to be paid now: an objection of the award's publicity is still open, or the
        award is no longer right since its approval (``hold`` says how). Not the rest of a
        project whose acceptance failed: never paid, it waits for nothing (its first
        tranche sent back and owed again may be held)."""
        return (not self.paid and not self.withheld
                and (self.objections_open > 0 or bool(self.hold)))

    @property
    def held_why(self) -> str:
        """Why a held line waits: what changed and what to do."""
        return self.hold or HELD_WHY

    def overdue(self, as_of: date) -> bool:
        """Unpaid past its term. Only the first tranche has a term in the plan; a later
        one is due from acceptance but never flagged. A held line waits for the objection."""
        return (not self.paid and not self.held
                and is_overdue(self.tranche, self.released, self.due_date, as_of))

    @property
    def withheld(self) -> bool:
        """Never payable: the rest of a project whose acceptance failed."""
        return not self.paid and not self.released and self.app_status == FAILED

    def state(self, as_of: date) -> str:
        if self.paid:
            return PAID
        if self.held:
            return HELD
        if not self.released:
            return ACCEPTANCE_FAILED if self.app_status == FAILED else AWAITING_ACCEPTANCE
        if self.returned_date:
            return RETURNED
        return OVERDUE if self.overdue(as_of) else DUE

    @property
    def tranche_name(self) -> str:
        return tranche_label(self.stream, self.tranche, self.tranche_count)

    @property
    def stream_zh(self) -> str:
        return STREAM_ZH[self.stream]


def is_released(stream: str, tranche: int, count: int, accepted: object) -> bool:
    """Payable now: a patent, a tranche before the last, or the last once accepted."""
    return count == 1 or tranche < count or (stream == PROJECT and accepted is not None)


def is_overdue(tranche: int, released: bool, due: date | None, as_of: date) -> bool:
    """An unpaid line past its term (二（四）4 sets one for the first tranche only)."""
    return released and tranche == 1 and due is not None and due < as_of


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    marked_paid: int = 0
    removed: int = 0  # unpaid rows the plan no longer has
    conflicts: list[str] = field(default_factory=list)  # paid rows whose amount no longer fits


# -- the plan --------------------------------------------------------------------------
def _d(text: str | None) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


# 二（四）4 在公示期满后3个月内首次拨付: a project's first tranche counts from the end of
# its publicity period (of project ``a``), not from the day the office closed the period
# (an award an objection held after the close: ``HOLD_LIFTED_SQL``).
PUBLICITY_END_SQL = (
    "(SELECT pp.end_date FROM proposals pr JOIN publicity_periods pp"
    " ON pp.id = pr.period_id WHERE pr.project_id = a.id)"
)


# An objection dismissed after its period closed held the award until then (kept in
# publicity at the close, or 暂缓拨付 once entered late): finance could not pay it earlier,
# so its term counts from the dismissal. One settled by the close held nothing.
HOLD_LIFTED_SQL = (
    "(SELECT MAX(o.resolved_date) FROM objections o JOIN publicity_periods pp"
    " ON pp.id = o.period_id WHERE o.project_id = a.id AND o.resolution = 'dismissed'"
    " AND o.resolved_date > pp.closed_date)"
)

def hold_lifted(reg: Register, project_id: int) -> date | None:
    """The day an objection of the project's publicity, holding it after the close, was
    dismissed: its first tranche counts from it (None: held by none)."""
    return _d(reg.scalar(f"SELECT {HOLD_LIFTED_SQL} FROM project_applications a"
                         " WHERE a.id = ?", (project_id,)))


# the day a project's first tranche counts from (the sheet prints the same date)
FIRST_TERM_FROM_SQL = f"COALESCE({HOLD_LIFTED_SQL}, {PUBLICITY_END_SQL})"


# An award whose payment rows are all paid and come to the award: sync_plan has nothing
# to write for it (its split is settled, a paid row is never changed, its amounts fit),
# so it is not planned again. 拨付, `pay list` and `print payments` sync every year, and
# at ten years of history nearly all of an earlier year's awards are such (planning them
# all took ≈ 1 s a visit at ≈ 1,300 awards a year).
_SETTLED_SQL = (
    "NOT EXISTS (SELECT 1 FROM payments p WHERE p.stream = ? AND p.application_id = a.id"
    " AND p.paid_date IS NULL)"
    " AND (SELECT SUM(p.amount_fen) FROM payments p WHERE p.stream = ?"
    " AND p.application_id = a.id) IS a.award_fen"
)


def _awarded_apps(reg: Register, year: int) -> list[dict]:
    """The year's awards sync_plan has work to check: all but those paid in full."""
    out: list[dict] = []
    for stream, table, level in (
        (PATENT, "patent_applications", "NULL"),
        (PROJECT, "project_applications",
         "COALESCE(a.award_level, (SELECT level FROM studios s WHERE s.id = a.studio_id))"),
    ):
        marks = ",".join("?" * len(AWARDED[stream]))
        accepted = "a.accepted_date" if stream == PROJECT else "NULL"
        publicity_end = FIRST_TERM_FROM_SQL if stream == PROJECT else "NULL"
        rows = reg.query(
            f"SELECT a.id, a.status, a.award_fen, a.approved_date, {accepted} AS accepted_date,"
            f" {publicity_end} AS publicity_end,"
            f" {level} AS level FROM {table} a JOIN campaigns c ON c.id = a.campaign_id"
            f" WHERE c.year = ? AND a.status IN ({marks}) AND a.award_fen IS NOT NULL"
            f" AND NOT ({_SETTLED_SQL})"
            # +a.id: sorting by the id made SQLite walk the year's every application by
            # campaign (18 ms at 10,000) rather than seek its awards by campaign and status
            " ORDER BY +a.id",
            (year, *AWARDED[stream], stream, stream),
        )
        out.extend({**r, "stream": stream} for r in rows)
    return out


def planned_rows(campaign: Campaign, stream: str, award_fen: int, level: str | None,
                 approved: date | None, accepted: date | None) -> list[tuple[int, str, int, date | None]]:
    """(tranche, payer, amount, due date) for one award; zero parts are left out.

    ``approved``: the day the first tranche's months count from (a patent's approval, the
    end of a project's publicity period); ``accepted``: the day the rest becomes due."""
    shares = tranche_shares(campaign, stream)
    matrix = payer_tranche_matrix(award_fen, split_ratio(campaign, stream, level), shares)
    months = campaign.patent_payment_months if stream == PATENT else campaign.first_tranche_months
    out = []
    for t, row in enumerate(matrix, start=1):
        first_due = add_months(approved, months) if approved else None
        due = first_due if t == 1 else accepted
        for payer, amount in zip(PAYERS, row, strict=True):
            if amount:
                out.append((t, payer, amount, due))
    return out


def _status_day(reg: Register, stream: str, app_id: int, statuses: Iterable[str]) -> str | None:
    marks = ",".join("?" * len(tuple(statuses)))
    at = reg.scalar(
        "SELECT at FROM status_history WHERE stream = ? AND application_id = ?"
        f" AND to_status IN ({marks}) ORDER BY id LIMIT 1",
        (stream, app_id, *statuses),
    )
    return at[:10] if at else None


def sync_plan(reg: Register, year: int) -> SyncReport:
    """Bring the ``payments`` rows of ``year`` in line with the awards; one transaction.

    Creates the rows of every award, updates amounts and due dates of unpaid rows when an
    award changed, removes unpaid rows the plan no longer has (a tranche dropped, a part
    become zero), and records as paid the tranches an application's status says were paid
    before payments were tracked here (dated the day that status was recorded, no voucher).
    Each payer's unpaid rows come to its share less what it has paid, so an award's rows
    add up to the award and no payer owes more than its share. A paid row whose amount no
    longer fits its award is left alone and reported.
    """
    campaign = reg.campaign(year)
    report = SyncReport()
    with reg.transaction():
        apps = _awarded_apps(reg, year)
        stored = _year_payments(reg, [(a["stream"], a["id"]) for a in apps])
        for app in apps:
            stream, app_id = app["stream"], app["id"]
            existing = stored.get((stream, app_id), {})
            plan = planned_rows(
                campaign, stream, app["award_fen"], app["level"],
                _d(app["publicity_end"] or app["approved_date"]), _d(app["accepted_date"]),
            )
            paid_tranches = PAID_BY_STATUS.get((stream, app["status"]), 0)
            # Once money has moved, the award's split is settled: a studio's level changed
            # since (its own edit) does not re-split what is still owed, while the award stands.
            settled = (any(r["paid_date"] for r in existing.values())
                       and sum(r["amount_fen"] for r in existing.values()) == app["award_fen"])
            if settled:
                due_of = {(t, p): due for t, p, _, due in plan}
                target = {key: (r["amount_fen"], due_of.get(key, _d(r["due_date"])))
                          for key, r in existing.items()}
            else:
                target = _owed_rows(plan, existing)
            where = f"{STREAM_ZH[stream]}（登记号 {app_id}）"
            for (tranche, payer), (amount, due) in target.items():
                due_s = due.isoformat() if due else None
                old = existing.get((tranche, payer))
                if old is None:
                    if not amount:
                        continue
                    # numbered past every id the trail names: a deleted row's id taken
                    # again mixed two awards' payments in 修改记录 and the auditor's export
                    cur = reg.conn.execute(
                        "INSERT INTO payments (id, stream, application_id, tranche, payer,"
                        " amount_fen, due_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (next_id(reg.conn, "payments"), stream, app_id, tranche, payer,
                         amount, due_s),
                    )
                    reg.audit("create", "payments", cur.lastrowid, None, {
                        "stream": stream, "application_id": app_id, "tranche": tranche,
                        "payer": payer, "amount_fen": amount, "due_date": due_s,
                    })
                    old = {"id": cur.lastrowid, "paid_date": None, "amount_fen": amount,
                           "due_date": due_s}
                    report.created += 1
                elif old["paid_date"] is None and not amount:
                    continue  # removed below with the rows the plan no longer has
                elif old["paid_date"] is None and (old["amount_fen"], old["due_date"]) != (
                    amount, due_s
                ):
                    reg.conn.execute(
                        "UPDATE payments SET amount_fen = ?, due_date = ? WHERE id = ?",
                        (amount, due_s, old["id"]),
                    )
                    reg.audit("update", "payments", old["id"],
                              {"amount_fen": old["amount_fen"], "due_date": old["due_date"]},
                              {"amount_fen": amount, "due_date": due_s})
                    report.updated += 1
                elif old["paid_date"] is not None and old["amount_fen"] != amount:
                    report.conflicts.append(
                        f"{where}{PAYER_ZH[payer]}{batch_name(tranche)}"
                        f"已拨付 {format_money(old['amount_fen'])}，按现核准金额应为"
                        f" {format_money(amount)}，请核对"
                    )
                # a row whose transfer came back (退汇) is owed although the status says
                # paid: an accepted project keeps its acceptance when its first tranche
                # is returned, and only a row never marked is filled in from the status
                if (tranche <= paid_tranches and old["paid_date"] is None
                        and not returned_standing(reg, old["id"])):
                    statuses = ("paid", "paid_first") if tranche == 1 else ("paid_final",)
                    day = _status_day(reg, stream, app_id, statuses) or date.today().isoformat()
                    reg.conn.execute(
                        "UPDATE payments SET paid_date = ? WHERE id = ?", (day, old["id"])
                    )
                    reg.keep_payee(stream, app_id)
                    reg.audit("update", "payments", old["id"], {"paid_date": None},
                              {"paid_date": day, "reason": "按申报状态补记为已拨付"})
                    report.marked_paid += 1
            for key, old in existing.items():
                if key in target and target[key][0]:
                    continue
                if old["paid_date"] is not None:
                    if key not in target:
                        report.conflicts.append(
                            f"{where}{PAYER_ZH[key[1]]}{batch_name(key[0])}已拨付"
                            f" {format_money(old['amount_fen'])}，现行分期计划中没有这一笔，请核对"
                        )
                    continue
                reg.conn.execute("DELETE FROM payments WHERE id = ?", (old["id"],))
                reg.audit("delete", "payments", old["id"], dict(old), None)
                report.removed += 1
    return report


def _year_payments(reg: Register, apps: list[tuple[str, int]],
                   ) -> dict[tuple[str, int], dict[tuple[int, str], dict]]:
    """The payment rows of ``apps`` (stream, id) by (stream, application) and (tranche,
    payer): read at once, not an award at a time (the 拨付 screen syncs every year)."""
    from boostdesk.models.record_rows import select_in

    columns = [d[0] for d in reg.conn.execute("SELECT * FROM payments LIMIT 0").description]
    out: dict[tuple[str, int], dict[tuple[int, str], dict]] = {}
    for stream in (PATENT, PROJECT):
        ids = [app_id for s, app_id in apps if s == stream]
        for row in select_in(reg.conn, "SELECT * FROM payments WHERE stream = ?"
                             " AND application_id IN", ids, (stream,)):
            r = dict(zip(columns, row, strict=True))
            out.setdefault((stream, r["application_id"]), {})[(r["tranche"], r["payer"])] = r
    return out


def _owed_rows(plan: list[tuple[int, str, int, date | None]],
               existing: dict[tuple[int, str], dict]) -> dict[tuple[int, str], tuple[int, date | None]]:
    """(tranche, payer) -> (amount, due) for ``plan`` beside the rows already paid.

    A paid row keeps its amount; each payer's unpaid tranches come to its share of the
    award less what it has paid (never below zero), the plan's amounts taken in order and
    the last unpaid tranche holding the rest. With nothing paid, or paid as planned, that
    is the plan itself."""
    out: dict[tuple[int, str], tuple[int, date | None]] = {}
    for payer in PAYERS:
        mine = [(t, amount, due) for t, p, amount, due in plan if p == payer]
        paid = {t: r["amount_fen"] for (t, p), r in existing.items()
                if p == payer and r["paid_date"] is not None}
        left = max(0, sum(amount for _, amount, _ in mine) - sum(paid.values()))
        open_ = [(t, amount, due) for t, amount, due in mine if t not in paid]
        for i, (t, amount, due) in enumerate(open_):
            part = left if i == len(open_) - 1 else min(amount, left)
            out[(t, payer)] = (part, due)
            left -= part
        for t, amount, due in mine:
            if t in paid:
                out[(t, payer)] = (amount, due)  # compared with what was paid, reported
    return {(t, p): out[(t, p)] for t, p, _, _ in plan}  # created in the plan's order


def sync_if_writable(reg: Register, year: int) -> SyncReport:
    """:func:`sync_plan`, unless the register is open read-only (another BoostDesk holds it):
    then the rows as they stand are used, and the report is empty."""
    if getattr(reg, "read_only", False):
        return SyncReport()
    return sync_plan(reg, year)


# -- reading the lines -----------------------------------------------------------------
_LINES_SQL = """
SELECT p.*, c.year, c.params,
       COALESCE(pa.award_fen, pr.award_fen) AS award_fen,
       COALESCE(pa.status, pr.status) AS app_status,
       pr.accepted_date,
       COALESCE(pu.name, ru.name) AS unit_name,
       COALESCE(pa.patent_number, pa.patent_number_raw) AS patent_number_raw,
       pa.title AS patent_title, pe.name AS inventor_name,
       pe.id_number,
       -- a paid line's card as it was paid: the paper's, unless corrected since
       CASE WHEN p.paid_date IS NOT NULL AND pa.id IS NOT NULL
        THEN COALESCE({paid_card}, pa.card_number) ELSE pa.card_number END AS card_number,
       pen.name AS patent_enterprise,
       pr.title AS project_title, s.name AS studio_name,
       COALESCE(pr.award_level, s.level) AS studio_level,
       se.name AS studio_enterprise,
       (SELECT COUNT(*) FROM objections o WHERE o.project_id = pr.id
        AND o.resolution IS NULL) AS objections_open,
       -- an unpaid row's return still standing: its day and why
       CASE WHEN p.paid_date IS NULL THEN (SELECT e.after FROM audit_events e
        WHERE e.id = {standing_return}) END AS last_unmark
FROM payments p
LEFT JOIN patent_applications pa ON p.stream = 'patent' AND pa.id = p.application_id
LEFT JOIN project_applications pr ON p.stream = 'project' AND pr.id = p.application_id
JOIN campaigns c ON c.id = COALESCE(pa.campaign_id, pr.campaign_id)
LEFT JOIN units pu ON pu.id = pa.unit_id
LEFT JOIN units ru ON ru.id = pr.unit_id
LEFT JOIN people pe ON pe.id = pa.person_id
LEFT JOIN enterprises pen ON pen.id = pa.enterprise_id
LEFT JOIN studios s ON s.id = pr.studio_id
LEFT JOIN enterprises se ON se.id = COALESCE(pr.payee_enterprise_id, s.enterprise_id)
""".replace("{standing_return}", STANDING_RETURN_SQL.format(payment="p.id")).replace(
    "{paid_card}", PAID_CARD_SQL.format(payment="p.id", paper="pa.id"))


def payment_lines(
    reg: Register, year: int | None = None, *, stream: str | None = None,
    tranche: int | None = None, payer: str | None = None, unit_name: str | None = None,
    app_ids: Iterable[int] | None = None, held_awards: HeldAwards | None = None,
) -> list[PaymentLine]:
    """Payment rows joined with what a list or a screen shows, in a stable order.

    ``payer`` is FEDERATION or RECOMMENDING_UNION; ``unit_name`` narrows union lines
    (and only those) to one recommending union. An unpaid line of an award no longer right
    (``award_holds``) is held, saying why; ``held_awards`` gives them by year when the
    caller read them already (a list paid in one transaction).
    """
    where: list[str] = []
    params: list[Any] = []
    if year is not None:
        where.append("c.year = ?")
        params.append(year)
    if stream:
        where.append("p.stream = ?")
        params.append(stream)
    if tranche is not None:
        where.append("p.tranche = ?")
        params.append(tranche)
    _narrow_to_payer(where, params, payer, unit_name)
    if app_ids is not None:
        ids = list(app_ids)
        where.append(f"p.application_id IN ({','.join('?' * len(ids)) or 'NULL'})")
        params.extend(ids)
    sql = _LINES_SQL + (" WHERE " + " AND ".join(where) if where else "")
    # the recommending unions in pinyin order, as every list the office prints or reads
    sql += " ORDER BY c.year, p.stream, pinyin_key(COALESCE(pu.name, ru.name)), p.application_id," \
           " p.tranche, p.payer"
    campaigns: dict[int, Campaign] = {}
    counts: dict[tuple[str, int], int] = {}
    matrices: dict[tuple[int, tuple[int, ...], tuple[int, ...]], tuple[tuple[int, ...], ...]] = {}
    held_awards = {} if held_awards is None else held_awards
    out = []
    for r in reg.query(sql, params):
        c = campaigns.get(r["year"])
        if c is None:
            c = campaigns[r["year"]] = Campaign.from_json(r["params"])
        shares = tranche_shares(c, r["stream"])
        count = counts.setdefault((r["stream"], r["year"]), len(shares))
        is_patent = r["stream"] == PATENT
        released = is_released(r["stream"], r["tranche"], count, r["accepted_date"])
        payer_name = federation_name(c) if r["payer"] == FEDERATION else (r["unit_name"]
                                                                           or NO_UNION)
        split = _split_of(c, r["stream"], r["studio_level"], r["award_fen"] or 0, shares,
                          r["tranche"], r["payer"], r["amount_fen"], matrices)
        out.append(PaymentLine(
            id=r["id"], stream=r["stream"], app_id=r["application_id"], year=r["year"],
            tranche=r["tranche"], tranche_count=count,
            share_percent=shares[r["tranche"] - 1] if r["tranche"] <= len(shares) else 0,
            payer=r["payer"], payer_name=payer_name, amount_fen=r["amount_fen"],
            award_fen=r["award_fen"] or 0, due_date=_d(r["due_date"]),
            paid_date=_d(r["paid_date"]), voucher=r["voucher"] or "", released=released,
            ref=(r["patent_number_raw"] if is_patent else r["project_title"]) or "",
            title=(r["patent_title"] if is_patent else r["project_title"]) or "",
            payee=(r["inventor_name"] if is_patent else r["studio_enterprise"])
            or ("" if is_patent else NO_PAYEE),
            unit_name=r["unit_name"] or "",
            enterprise_name=(r["patent_enterprise"] if is_patent else r["studio_enterprise"])
            or "",
            studio_name=r["studio_name"] or "",
            id_number=(r["id_number"] or "") if is_patent else "",
            card_number=(r["card_number"] or "") if is_patent else "",
            app_status=r["app_status"] or "", split=split,
            objections_open=r["objections_open"] or 0,
            hold=_hold_text(reg, held_awards, r) if r["paid_date"] is None else "",
            **_returned(r["last_unmark"]),
        ))
    return out


HeldAwards = dict[int, dict[tuple[str, int], Any]]


def held_awards(reg: Register, years: Iterable[int]) -> HeldAwards:
    """The awards held from payment (award_holds.holds) of each year, read once."""
    from boostdesk.award_holds import holds

    return {year: holds(reg, year) for year in years}


def _hold_text(reg: Register, known: HeldAwards, r: dict[str, Any]) -> str:
    year = r["year"]
    if year not in known:
        known.update(held_awards(reg, [year]))
    h = known[year].get((r["stream"], r["application_id"]))
    return h.message if h is not None else ""


def _returned(after: str | None) -> dict[str, Any]:
    """An unpaid line's return still standing (its day and reason), if any."""
    event = json.loads(after) if after else {}
    if not event.get("returned_date"):
        return {}
    return {"returned_date": _d(event["returned_date"]),
            "returned_reason": event.get("reason", ""),
            "returned_to": event.get("returned_from", "")}


def _narrow_to_payer(where: list[str], params: list[Any], payer: str | None,
                     unit_name: str | None) -> None:
    """Conditions on the payment lines' query (``_LINES_SQL``'s aliases): one payer, and
    of the unions' lines one recommending union's."""
    if payer:
        where.append("p.payer = ?")
        params.append(payer)
    if unit_name is not None:
        where.append("COALESCE(pu.name, ru.name) = ?")
        params.append(unit_name)


def _split_of(campaign: Campaign, stream: str, level: str | None, award_fen: int,
              shares: tuple[int, ...], tranche: int, payer: str, amount_fen: int,
              matrices: dict) -> tuple[int, int]:
    """The ratio a line's amount was worked out in: the campaign's for the award's level,
    or, where the split was settled before the studio's level was corrected (see
    :func:`sync_plan`), the other level's ratio that gives this very amount."""
    own = split_ratio(campaign, stream, level)
    others = [] if stream == PATENT else [campaign.project_split[lv] for lv in
                                          campaign.project_split if lv != (level or "district")]
    column = PAYERS.index(payer) if payer in PAYERS else 0
    for ratio in (own, *others):
        key = (award_fen, tuple(ratio), shares)
        matrix = matrices.get(key)
        if matrix is None:
            matrix = matrices[key] = payer_tranche_matrix(award_fen, ratio, shares)
        if tranche <= len(matrix) and matrix[tranche - 1][column] == amount_fen:
            return tuple(ratio)  # type: ignore[return-value]
    return own


def payers_of(lines: Iterable[PaymentLine]) -> list[tuple[str, str]]:
    """(payer, payer name) pairs in list order: the federation first, then each union."""
    seen: dict[tuple[str, str], None] = {}
    for line in sorted(lines, key=lambda x: (x.payer != FEDERATION, sort_key(x.payer_name) or "")):
        seen.setdefault((line.payer, line.payer_name), None)
    return list(seen)


# -- paying ----------------------------------------------------------------------------
def mark_paid(reg: Register, payment_id: int, paid_date: date, voucher: str) -> PaymentLine:
    """Record one payer's part of one tranche as paid (date and voucher number); audited.

    When every payer's part of the tranche is paid the application moves on
    (专利: 核准 → 已拨付; 项目: 核准 → 首笔拨付, 结题验收 → 尾款拨付).
    """
    from boostdesk.safety.backup import backup_before

    check_payable(reg, payment_id, paid_date, voucher)  # a refusal takes no backup's place
    backup_before(reg, "payment")
    return record_paid(reg, payment_id, paid_date, voucher)


def mark_all_paid(reg: Register, payment_ids: Iterable[int], paid_date: date,
                  voucher: str) -> list[PaymentLine]:
    """:func:`mark_paid` for a list paid under one voucher: every payment checked first
    (a refusal names its number and records none), one backup, one transaction."""
    from boostdesk.safety.backup import backup_before

    ids = list(dict.fromkeys(payment_ids))
    # the awards held, read once: paying one line holds or frees no other award, and
    # inside the transaction they would be read again for every line
    held = held_awards(reg, reg.campaign_years())
    for payment_id in ids:
        try:
            check_payable(reg, payment_id, paid_date, voucher, held)
        except FinanceError as exc:
            raise FinanceError(f"编号 {payment_id}：{exc}（{len(ids)} 笔均未登记）"
                               if len(ids) > 1 else str(exc)) from exc
    backup_before(reg, "payment")  # one for the lot: a backup a line rotates good ones away
    with reg.transaction():
        return [record_paid(reg, payment_id, paid_date, voucher, held) for payment_id in ids]


def record_paid(reg: Register, payment_id: int, paid_date: date, voucher: str,
                held: HeldAwards | None = None) -> PaymentLine:
    """:func:`mark_paid` without its backup: for a caller that took one already, or that
    records many payments in one transaction (the demo register)."""
    voucher = voucher.strip()
    with reg.transaction():
        line = check_payable(reg, payment_id, paid_date, voucher, held)
        reg.conn.execute(
            "UPDATE payments SET paid_date = ?, voucher = ? WHERE id = ?",
            (paid_date.isoformat(), voucher, payment_id),
        )
        reg.keep_payee(line.stream, line.app_id)
        reg.audit("update", "payments", payment_id, {"paid_date": None, "voucher": line.voucher},
                  {"paid_date": paid_date.isoformat(), "voucher": voucher})
        unpaid = reg.scalar(
            "SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
            " AND tranche = ? AND paid_date IS NULL",
            (line.stream, line.app_id, line.tranche),
        )
        if not unpaid:
            _advance(reg, line)
        return _line(reg, payment_id, held)


def resend_warning(line: PaymentLine) -> str:
    """A caution for paying ``line`` again where its transfer came back from, else ""."""
    if not line.resent_unchanged:
        return ""
    what = "卡号" if line.stream == PATENT else "收款单位"
    return (f"编号 {line.id}（{line.payer_name} → {line.payee}）上次汇往同一{what}被退回"
            f"（{line.returned_reason}）：如{what}须更正，请先更正再登记重新拨付")


def card_changed_warning(reg: Register, line: PaymentLine) -> str:
    """A caution for paying a patent line to a card changed since the award's approval
    (the signed approval sheet bears the card it was approved to), else ""."""
    if line.stream != PATENT or line.paid:
        return ""
    rows = reg.query(
        "SELECT e.at, e.before FROM audit_events e WHERE e.entity = 'patent_applications'"
        " AND e.entity_id = ? AND e.action = 'update'"
        " AND json_type(e.after, '$.card_number') IS NOT NULL"
        " AND e.id > (SELECT MAX(s.id) FROM audit_events s WHERE s.entity = e.entity"
        " AND s.entity_id = e.entity_id AND s.action = 'status'"
        " AND json_extract(s.after, '$.status') = 'approved') ORDER BY e.id LIMIT 1",
        (line.app_id,))
    if not rows:
        return ""
    from boostdesk.safety.privacy import mask_card

    approved_to = json.loads(rows[0]["before"] or "{}").get("card_number") or ""
    if approved_to == line.card_number:
        return ""
    return (f"编号 {line.id}（{line.payer_name} → {line.payee}）的会员卡号在核准后更改过"
            f"（{rows[0]['at'][:10]} 由 {mask_card(approved_to) or '空'} 改为"
            f" {mask_card(line.card_number) or '空'}）：已签批的审批表上是原卡号，请核实新卡号"
            "属于本人后再拨付（审批表已签批的，请重新打印报批）")


def sibling_returned_warning(line: PaymentLine, returned: Iterable[PaymentLine]) -> str:
    """A caution for paying ``line`` (not sent before) where another part of the same
    award came back from and is still owed (退汇待重拨: the rest of a project after its
    first tranche was returned, the union's share beside the federation's), else ""."""
    if line.paid or line.returned_date or not line.released:
        return ""  # a line sent before has its own caution (resend_warning)
    for other in returned:
        if other.id == line.id:
            continue
        if line.stream == PATENT:
            same = bool(line.card_number) and other.returned_to.endswith(f" {line.card_number}")
        else:
            same = tidy_name(other.returned_to) == line.payee
        if same:
            what = "卡号" if line.stream == PATENT else "收款单位"
            return (f"编号 {line.id}（{line.payer_name} → {line.payee}）：同一{line.stream_zh}的"
                    f"编号 {other.id}（{other.payer_name}{other.tranche_name}）汇往同一{what}已被退回"
                    f"（{other.returned_reason}）：如{what}或账户须更正，请先更正再拨付")
    return ""


def _returned_by_award(reg: Register, lines: list[PaymentLine],
                       ) -> dict[tuple[str, int], list[PaymentLine]]:
    """The lines owed again after a return (退汇待重拨) of the awards of ``lines`` not
    sent before, by (stream, application): few, found by one query."""
    keys = {(x.stream, x.app_id) for x in lines if not x.paid and not x.returned_date}
    out: dict[tuple[str, int], list[PaymentLine]] = {}
    for stream in (PATENT, PROJECT):
        ids = sorted(app_id for s, app_id in keys if s == stream)
        if not ids:
            continue
        found = [r[0] for r in reg.conn.execute(
            "SELECT DISTINCT p.application_id FROM payments p WHERE p.stream = ?"
            f" AND p.application_id IN ({','.join('?' * len(ids))}) AND p.paid_date IS NULL"
            f" AND {STANDING_RETURN_SQL.format(payment='p.id')} IS NOT NULL", (stream, *ids))]
        if found:
            for x in payment_lines(reg, stream=stream, app_ids=found):
                if not x.paid and x.returned_date:
                    out.setdefault((stream, x.app_id), []).append(x)
    return out


def payment_cautions(reg: Register, lines: Iterable[PaymentLine]) -> list[str]:
    """What to check before paying ``lines`` (said, not refused): a transfer sent again
    where it came back from, or a part of an award sent where another part came back
    from, a card changed since the approval."""
    lines = list(lines)
    returned = _returned_by_award(reg, lines)
    out: list[str] = []
    for line in lines:
        out.extend(filter(None, (
            resend_warning(line),
            sibling_returned_warning(line, returned.get((line.stream, line.app_id), ())),
            card_changed_warning(reg, line))))
    return out


def check_payable(reg: Register, payment_id: int, paid_date: date, voucher: str,
                  held: HeldAwards | None = None) -> PaymentLine:
    """The payment, if it can be recorded as paid on ``paid_date``; else FinanceError."""
    if not voucher.strip():
        raise FinanceError("请填写凭证号（如 记-2023-0012），以便日后核对")
    line = _line(reg, payment_id, held)
    if line.paid:
        raise FinanceError(
            f"{line.payer_name}的这笔款已于 {line.paid_date.isoformat()} 拨付"  # type: ignore[union-attr]
            f"（凭证 {line.voucher or '无'}），不能重复登记"
        )
    if line.withheld:
        raise FinanceError(f"项目“{line.title}”结题验收未通过，尾款不予拨付"
                           f"（{reg.campaign(line.year).clause('project_payment')}）")
    if line.hold:
        raise FinanceError(line.hold)
    if line.held:
        raise FinanceError(
            f"项目“{line.title}”有{HELD_WHY}，{HELD}：请先在“公示”中处理该异议"
            "（不成立即可拨付；成立则撤销核准，不予助推）"
        )
    if not line.released:
        raise FinanceError(f"项目“{line.title}”尚未结题验收，尾款不能拨付：请先登记验收")
    if line.stream == PROJECT and not line.enterprise_name:
        raise FinanceError(
            f"项目“{line.title}”的工作室“{line.studio_name}”未登记所在单位，不知拨给哪家企业："
            "请先在“工作室”中补填所在单位（收款单位），再登记拨付"
        )
    if line.stream == PATENT and not line.card_number:
        raise FinanceError(
            f"专利“{line.title}”的第一发明人“{line.payee}”未登记工会会员互助服务卡号，助推款"
            "打入会员卡，不知打入哪张：请先在申报表中补填卡号，再登记拨付"
        )
    approved = reg.scalar(
        f"SELECT approved_date FROM {_table(line.stream)} WHERE id = ?", (line.app_id,)
    )
    if approved and paid_date < date.fromisoformat(approved):
        raise FinanceError(
            f"拨付日期 {paid_date.isoformat()} 早于核准日期 {approved}，请核对"
        )
    if line.returned_date and paid_date < line.returned_date:
        raise FinanceError(
            f"拨付日期 {paid_date.isoformat()} 早于这笔款的退汇日期"
            f" {line.returned_date.isoformat()}：重新拨付在退汇之后，请核对")
    if line.stream == PROJECT and line.tranche > 1:
        accepted = reg.scalar("SELECT accepted_date FROM project_applications WHERE id = ?",
                              (line.app_id,))
        if accepted and paid_date < date.fromisoformat(accepted):
            raise FinanceError(
                f"拨付日期 {paid_date.isoformat()} 早于结题验收日期 {accepted}：尾款在验收后拨付，请核对"
            )
    future = after_today(paid_date, "拨付日期")
    if future:
        raise FinanceError(future)
    return line


# A payment recorded by mistake moves its application back to where the payment found it.
_BACK = {(PATENT, "paid"): "approved", (PROJECT, "paid_first"): "approved",
         (PROJECT, "paid_final"): "accepted"}
CANCELLED = "撤销拨付登记："  # the status move's reason begins with it


def cancel_payment(reg: Register, payment_id: int, reason: str) -> PaymentLine:
    """撤销拨付登记: a payment recorded against the wrong line, or with a wrong date or
    voucher, is listed as unpaid again (to be recorded anew); audited with the reason.

    A tranche it had completed moves its application back (已拨付 → 核准, 首笔拨付 → 核准,
    尾款拨付 → 结题验收); a first tranche an acceptance rests on is not cancelled.
    """
    return cancel_payments(reg, [payment_id], reason)[0]


def cancel_payments(reg: Register, payment_ids: Iterable[int], reason: str, *,
                    cancelled: Cancelled | None = None) -> list[PaymentLine]:
    """:func:`cancel_payment` for several: all checked first, one backup, one transaction
    (none once ``cancelled()`` says so after the backup: ``backup_before_write``)."""
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError("撤销拨付登记须填写理由（如 误选收款人、凭证号写错）")
    ids = list(dict.fromkeys(payment_ids))
    lines = [_cancellable(reg, payment_id) for payment_id in ids]  # refused before a backup
    # a return recorded against the wrong line: the transfer it named stands, as it was
    # (its day is before the return's, so pay mark could not record it again)
    returned = [x.id for x in lines if not x.paid]
    if returned:
        from boostdesk.safety.backup import backup_before_write

        backup_before_write(reg, "payment", cancelled)
        with reg.transaction():
            for payment_id in returned:
                _restore(reg, payment_id, f"{RETURN_CANCELLED}{reason}")
            paid = [x.id for x in lines if x.paid]
            if paid:
                _unmark(reg, paid, f"{CANCELLED}{reason}", {}, backup=False)
            return [_line(reg, payment_id) for payment_id in ids]
    return _unmark(reg, ids, f"{CANCELLED}{reason}", {}, cancelled=cancelled)


RETURN_CANCELLED = "撤销退汇登记："


def _restore(reg: Register, payment_id: int, why: str) -> None:
    """The transfer a mistaken return took off, recorded again with its day and voucher."""
    # the return standing, not a later transfer cancelled as recorded by mistake
    before = json.loads(reg.scalar(
        "SELECT before FROM audit_events WHERE id = "
        + STANDING_RETURN_SQL.format(payment="?"), (payment_id,) * 2))
    reg.conn.execute("UPDATE payments SET paid_date = ?, voucher = ? WHERE id = ?",
                     (before["paid_date"], before.get("voucher", ""), payment_id))
    line = _line(reg, payment_id)
    reg.keep_payee(line.stream, line.app_id)
    reg.audit("update", "payments", payment_id, {"paid_date": None, "voucher": ""},
              {"paid_date": before["paid_date"], "voucher": before.get("voucher", ""),
               "reason": why})
    if not reg.scalar("SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
                      " AND tranche = ? AND paid_date IS NULL",
                      (line.stream, line.app_id, line.tranche)):
        _advance(reg, line)


RETURN_OF = "退汇："  # a returned transfer's reason (status move and audit) begins with it


def return_payments(reg: Register, payment_ids: Iterable[int], returned: date,
                    reason: str, *, cancelled: Cancelled | None = None) -> list[PaymentLine]:
    """退汇: transfers the bank sent back (the card closed, the name not the card's, the
    enterprise's account changed). Unlike a cancelled mark the money did leave: the audit
    keeps its day, voucher and where it went beside the day it came back; the lines are
    owed again (退汇待重拨, not counted as paid anywhere) and paid anew with ``pay mark``
    once the right card or account is on the paper. All checked first, one backup (none
    stored once ``cancelled()`` says so after it)."""
    reason = " ".join(reason.split())
    if not reason:
        raise FinanceError("登记退汇须填写原因（如 会员卡已销户、户名与卡号不符、收款单位账户变更）")
    ids = list(dict.fromkeys(payment_ids))
    for payment_id in ids:
        try:
            _returnable(reg, payment_id, returned)
        except FinanceError as exc:
            raise FinanceError(f"编号 {payment_id}：{exc}（{len(ids)} 笔均未登记）"
                               if len(ids) > 1 else str(exc)) from exc
    return _unmark(reg, ids, f"{RETURN_OF}{returned.isoformat()} 退回，{reason}",
                   {"returned_date": returned.isoformat()}, cancelled=cancelled)


def _returnable(reg: Register, payment_id: int, returned: date) -> PaymentLine:
    line = _line(reg, payment_id)
    if not line.paid:
        raise FinanceError(f"{line.payer_name}的这笔款尚未登记拨付，没有可退回的款项")
    if returned < line.paid_date:  # type: ignore[operator]
        raise FinanceError(f"退汇日期 {returned.isoformat()} 早于拨付日期"
                           f" {line.paid_date.isoformat()}，请核对")  # type: ignore[union-attr]
    future = after_today(returned, "退汇日期")
    if future:
        raise FinanceError(future)
    # A first tranche may come back after the acceptance it preceded (or after the rest
    # was paid): the money left before the acceptance, which stands; the tranche is owed.
    return line


def _unmark(reg: Register, ids: list[int], why: str, extra: dict[str, Any], *,
            backup: bool = True, cancelled: Cancelled | None = None) -> list[PaymentLine]:
    """The marks of ``ids`` taken off (one backup, one transaction), each audited with
    ``why`` and ``extra``: a tranche they had completed moves its application back."""
    from boostdesk.safety.backup import backup_before_write

    if backup:
        backup_before_write(reg, "payment", cancelled)
    with reg.transaction():
        for payment_id in ids:
            line = _line(reg, payment_id)
            status = reg.scalar(f"SELECT status FROM {_table(line.stream)} WHERE id = ?",
                                (line.app_id,))
            back = _BACK.get((line.stream, status))
            # 尾款拨付 is every tranche paid: any of them taken off leaves 结题验收 (the
            # acceptance stands); a first tranche taken off before it leaves 核准
            if back and (back != "approved" or line.tranche == 1):
                reg.set_status(line.stream, line.app_id, back, why)
            reg.conn.execute("UPDATE payments SET paid_date = NULL, voucher = '' WHERE id = ?",
                             (payment_id,))
            reg.keep_payee(line.stream, line.app_id)
            # where the money went, as the paper said then: a card or account corrected
            # for the new transfer does not rewrite where the returned one was sent
            sent_to = " ".join(x for x in (line.payee, line.card_number) if x)
            reg.audit("update", "payments", payment_id,
                      {"paid_date": line.paid_date.isoformat(),  # type: ignore[union-attr]
                       "voucher": line.voucher},
                      {"paid_date": None, "voucher": "", **extra, "reason": why,
                       **({"returned_from": sent_to} if extra else {})})
        return [_line(reg, payment_id) for payment_id in ids]


def _cancellable(reg: Register, payment_id: int) -> PaymentLine:
    line = _line(reg, payment_id)
    if not line.paid and line.returned_date:
        return line  # its return is what is cancelled
    if not line.paid:
        raise FinanceError(f"{line.payer_name}的这笔款尚未登记拨付，无需撤销")
    if line.stream == PROJECT and line.tranche == 1:
        status = reg.scalar("SELECT status FROM project_applications WHERE id = ?",
                            (line.app_id,))
        # the acceptance rests on the transfer standing when it was recorded, not on one
        # sent again after that came back (that one cancelled, the line is 退汇待重拨 again)
        if status not in ("approved", "paid_first") and not _returned_since_acceptance(
                reg, payment_id, line.app_id):
            raise FinanceError(
                f"项目“{line.title}”已登记结题验收，验收以首笔拨付为前提，首笔拨付登记不能撤销"
                "（款已汇出又被银行退回的，请登记退汇）")
    return line


def _advance(reg: Register, line: PaymentLine) -> None:
    """The application moved on once ``line``'s tranche is paid in full: an accepted
    project is 尾款拨付 only with every tranche paid (its first may have come back after
    the acceptance and be paid again after the rest)."""
    status = reg.scalar(f"SELECT status FROM {_table(line.stream)} WHERE id = ?", (line.app_id,))
    if line.stream == PATENT and status == "approved":
        target = "paid"
    elif line.stream == PROJECT and line.tranche == 1 and status == "approved":
        target = "paid_first"
    elif line.stream == PROJECT and status == "accepted" and not reg.scalar(
            "SELECT COUNT(*) FROM payments WHERE stream = ? AND application_id = ?"
            " AND paid_date IS NULL", (PROJECT, line.app_id)):
        target = "paid_final"
    else:
        return
    reg.set_status(line.stream, line.app_id, target)


def _returned_since_acceptance(reg: Register, payment_id: int, project_id: int) -> bool:
    """The payment's standing return was recorded after the project's first acceptance
    (passed or failed): its mark now is a transfer sent again after the acceptance."""
    return bool(reg.scalar(
        "SELECT " + STANDING_RETURN_SQL.format(payment="?") + " > (SELECT MIN(s.id)"
        " FROM audit_events s WHERE s.entity = 'project_applications' AND s.entity_id = ?"
        " AND s.action = 'status'"
        " AND json_extract(s.after, '$.status') IN ('accepted', 'acceptance_failed'))",
        (payment_id, payment_id, project_id)))


def returned_standing(reg: Register, payment_id: int) -> bool:
    """A return (退汇) of the payment still stands: unpaid, it is 退汇待重拨; paid, its
    mark is a transfer sent again after that return."""
    return reg.scalar("SELECT " + STANDING_RETURN_SQL.format(payment="?"),
                      (payment_id,) * 2) is not None


def record_acceptance(reg: Register, project_id: int, accepted_date: date) -> None:
    """结题验收 (二、（四）4): record the acceptance and release the last tranche; audited.

    The studio stops counting as having an unfinished award (方案二（一）) from then on.
    A project whose acceptance failed may pass a later one (整改后复验).
    """
    with reg.transaction():
        app = _acceptable(reg, project_id, accepted_date, ("paid_first", FAILED))
        reg.set_status(PROJECT, project_id, "accepted", accepted_date=accepted_date)
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
    return _d(m.group(1)) if app.status == FAILED and m else None


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
        deadline = completion_deadline(c, _d(r["approval_date"]))
        if as_of > deadline:
            bar = bar or reg.campaign(max(reg.campaign_years())).clause("project_scope")
            out.append(CompletionFlag(r["id"], r["year"], r["title"], r["studio"] or "",
                                      r["unit"] or "", deadline, (as_of - deadline).days, bar))
    return out


# -- other years -----------------------------------------------------------------------
@dataclass(frozen=True)
class StillOwed:
    """What another campaign year still has to pay: payable now and not paid."""

    year: int
    count: int
    amount_fen: int
    overdue: int

    @property
    def message(self) -> str:
        return (f"{self.year} 年度尚有 {self.count} 笔待拨付（{format_money(self.amount_fen)}，"
                f"已逾期 {self.overdue} 笔）")


def still_owed(reg: Register, shown: int, *, payer: str | None = None,
               unit_name: str | None = None, as_of: date | None = None,
               sync: bool = True) -> list[StillOwed]:
    """Each campaign other than ``shown`` with payments due and not made: a new year's
    empty list must not hide last year's arrears. ``sync`` brings their plans up to date
    first (an award paid in full is not planned again: ten years of ≈ 1,300 awards
    each, ≈ 0.1 s in all); a screen redrawn after each of its own
    writes reads them as they stand, the writes being to the year it shows."""
    as_of = as_of or date.today()
    if sync:
        for year in reg.campaign_years():
            if year != shown:
                sync_if_writable(reg, year)
    # Only the unpaid rows and the columns the rules need: at ten years of history this
    # is read after every payment on the 拨付 screen (full lines took 0.1 s).
    where, params = ["p.paid_date IS NULL", "c.year != ?", f"NOT {_HELD_SQL}"], [shown]
    _narrow_to_payer(where, params, payer, unit_name)
    counts: dict[tuple[int, str], int] = {}
    owed: dict[int, list[int]] = {}  # year -> [count, amount, overdue]
    held = held_awards(reg, [y for y in reg.campaign_years() if y != shown])
    for r in reg.query(
        "SELECT c.year, c.params, p.stream, p.application_id, p.tranche, p.amount_fen,"
        " p.due_date, pr.accepted_date FROM payments p"
        " LEFT JOIN patent_applications pa ON p.stream = 'patent' AND pa.id = p.application_id"
        " LEFT JOIN project_applications pr ON p.stream = 'project'"
        " AND pr.id = p.application_id"
        " JOIN campaigns c ON c.id = COALESCE(pa.campaign_id, pr.campaign_id)"
        " LEFT JOIN units pu ON pu.id = pa.unit_id LEFT JOIN units ru ON ru.id = pr.unit_id"
        f" WHERE {' AND '.join(where)}", params,
    ):
        key = (r["year"], r["stream"])
        count = counts.get(key)
        if count is None:
            count = counts[key] = len(tranche_shares(Campaign.from_json(r["params"]),
                                                     r["stream"]))
        if not is_released(r["stream"], r["tranche"], count, r["accepted_date"]) or (
                (r["stream"], r["application_id"]) in held[r["year"]]):
            continue  # not payable now: awaiting acceptance, or the award no longer right
        sums = owed.setdefault(r["year"], [0, 0, 0])
        sums[0] += 1
        sums[1] += r["amount_fen"]
        sums[2] += is_overdue(r["tranche"], True, _d(r["due_date"]), as_of)
    return [StillOwed(year, *sums) for year, sums in sorted(owed.items())]


# a project line held by an open objection of its publicity (PaymentLine.held)
_HELD_SQL = open_objection_sql("pr")


# -- totals ----------------------------------------------------------------------------
def total(lines: Iterable[PaymentLine]) -> int:
    return sum(line.amount_fen for line in lines)


def paid_marks(reg: Register, stream: str, app_id: int) -> list[dict[str, Any]]:
    """Who recorded each payer's part of this application paid, and when, oldest first:
    the payments' own audit rows, which the application's trail does not hold. A mark
    cancelled (撤销拨付登记) is one too: its ``paid_date`` is None, its reason says why;
    and so are those of rows deleted when the award was withdrawn (``withdrawn`` set:
    money sent and sent back before it is still the paper's history)."""
    rows = reg.query(
        "SELECT e.id, e.at, e.operator, e.before, e.after, e.entity_id AS payment_id"
        # CROSS JOIN keeps this order: the application's few payment rows first, then each
        # one's events by the index audit_entity. SQLite chose to walk every payment's
        # events instead (≈ 0.2 s a row of the detail pane at ten years of history).
        " FROM payments p CROSS JOIN audit_events e ON e.entity = 'payments'"
        " AND e.entity_id = p.id"
        " WHERE p.stream = ? AND p.application_id = ?"
        # the row as it is now: a payment row deleted (an award withdrawn) gives its id to
        # the next one created, whose marks begin after its own creation
        " AND e.id > COALESCE((SELECT MAX(c.id) FROM audit_events c WHERE c.entity = 'payments'"
        " AND c.entity_id = e.entity_id AND c.action = 'create'), 0)"
        " AND (json_extract(e.after, '$.paid_date') IS NOT NULL"
        " OR json_extract(e.after, '$.reason') LIKE ? OR json_extract(e.after, '$.reason') LIKE ?)"
        # a row deleted since (an award withdrawn) whose number this one was given: not its
        " AND NOT EXISTS (SELECT 1 FROM audit_events d WHERE d.entity = 'payments'"
        " AND d.entity_id = e.entity_id AND d.action = 'delete' AND d.id > e.id) ORDER BY e.id",
        (stream, app_id, f"{CANCELLED}%", f"{RETURN_OF}%"))
    withdrawn = _withdrawn_marks(reg, stream, app_id)
    if not rows and not withdrawn:
        return []
    lines = {x.id: x for x in payment_lines(reg, stream=stream, app_ids=[app_id])}
    marks = []
    for r in rows:
        line = lines.get(r["payment_id"])
        marks.append(_mark(
            r, payer_name=line.payer_name if line else "",
            tranche=tranche_label(stream, line.tranche, line.tranche_count) if line else "",
            amount_fen=line.amount_fen if line else None))
    return sorted(marks + withdrawn, key=lambda m: m["id"])


def _mark(event: Any, **line: Any) -> dict[str, Any]:
    """One payment audit event as ``paid_marks`` gives it, with its line's ``line`` facts
    (payer_name, tranche, amount_fen …)."""
    after = json.loads(event["after"])
    sent = json.loads(event["before"] or "{}") if after.get("returned_date") else {}
    return {
        "id": event["id"], "at": event["at"], "operator": event["operator"],
        "paid_date": after.get("paid_date"),
        "voucher": after.get("voucher", ""), "reason": after.get("reason", ""),
        "returned_date": after.get("returned_date"),
        # a return's transfer: when, under which voucher, to whom and which card
        "sent_date": sent.get("paid_date"), "sent_voucher": sent.get("voucher", ""),
        "returned_from": after.get("returned_from", ""),
        **line,
    }


# An award withdrawn from these statuses had payment rows, deleted with the move
# (Register._withdraw_award, panel.publicity._withdraw_returned).
_WITHDRAWN_FROM = ("approved", "paid_first", "accepted", "paid_final", "acceptance_failed")
# How far before its status move a withdrawal's deletions of payment rows are looked for:
# they are written just before it, in its transaction (an award has a few rows).
_WITHDRAWAL_REACH = 64


def _withdrawn_marks(reg: Register, stream: str, app_id: int) -> list[dict[str, Any]]:
    """The marks of this application's payment rows deleted when its award was withdrawn
    (撤销核准: 排名复核, an objection upheld, 资格审核不通过), as ``paid_marks`` gives them,
    each with ``withdrawn`` set: money sent and sent back (退汇) before the withdrawal is
    the paper's history, which the trail keeps though the rows went. Read from the
    withdrawal's status move back, a few events: nothing for a paper never withdrawn."""
    table = _table(stream)
    moves = [r[0] for r in reg.conn.execute(
        "SELECT id FROM audit_events WHERE entity = ? AND entity_id = ? AND action = 'status'"
        f" AND json_extract(before, '$.status') IN ({','.join('?' * len(_WITHDRAWN_FROM))})"
        " AND json_extract(after, '$.status') IN ('not_awarded', 'refused')",
        (table, app_id, *_WITHDRAWN_FROM))]
    deleted: list[tuple[int, int, dict[str, Any]]] = []  # (event, payment, row)
    for move in moves:
        # "+": by the events' own order, not the index of every payment's events
        for r in reg.conn.execute(
                "SELECT id, entity_id, before FROM audit_events WHERE id < ? AND id >= ?"
                " AND +entity = 'payments' AND +action = 'delete'"
                " AND json_extract(before, '$.stream') = ?"
                " AND json_extract(before, '$.application_id') = ?",
                (move, move - _WITHDRAWAL_REACH, stream, app_id)):
            deleted.append((r[0], r[1], json.loads(r[2])))
    if not deleted:
        return []
    app = reg.application(stream, app_id)
    c = reg.campaign(app.campaign_year)
    count = len(tranche_shares(c, stream))
    out = []
    for gone, payment_id, row in deleted:
        for r in reg.query(
                "SELECT e.id, e.at, e.operator, e.before, e.after FROM audit_events e"
                " WHERE e.entity = 'payments' AND e.entity_id = ? AND e.id < ?"
                " AND e.id > COALESCE((SELECT MAX(c.id) FROM audit_events c"
                " WHERE c.entity = 'payments' AND c.entity_id = ? AND c.action = 'create'"
                " AND c.id < ?), 0)"
                " AND (json_extract(e.after, '$.paid_date') IS NOT NULL"
                " OR json_extract(e.after, '$.reason') LIKE ?"
                " OR json_extract(e.after, '$.reason') LIKE ?) ORDER BY e.id",
                (payment_id, gone, payment_id, gone, f"{CANCELLED}%", f"{RETURN_OF}%")):
            out.append(_mark(
                r, payer_name=federation_name(c) if row.get("payer") == FEDERATION
                else (app.unit_name or NO_UNION),
                tranche=tranche_label(stream, int(row.get("tranche") or 1), count),
                amount_fen=row.get("amount_fen"), withdrawn=True))
    return out


def _table(stream: str) -> str:
    return {PATENT: "patent_applications", PROJECT: "project_applications"}[stream]


def payment_line(reg: Register, payment_id: int) -> PaymentLine:
    """One payment's line (FinanceError naming where the numbers come from if none)."""
    return _line(reg, payment_id)


def _line(reg: Register, payment_id: int, held: HeldAwards | None = None) -> PaymentLine:
    row = reg.query("SELECT stream, application_id FROM payments WHERE id = ?", (payment_id,))
    if not row:
        raise FinanceError(f"没有编号为 {payment_id} 的拨付记录：拨付记录的编号见"
                           "“boostdesk pay list”（它按本年度计划生成拨付记录）或“拨付”页")
    lines = payment_lines(reg, stream=row[0]["stream"], app_ids=[row[0]["application_id"]],
                          held_awards=held)
    return next(x for x in lines if x.id == payment_id)
