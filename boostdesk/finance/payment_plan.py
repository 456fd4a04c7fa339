"""The payment rows each award plans, kept in line with the awards (``sync_plan``).

One ``payments`` row is one payer's part of one tranche of one award. Amounts come from
:func:`boostdesk.money.payer_tranche_matrix`, so each payer's column and each tranche's row
add up to the award to the fen.

A project's first tranche falls due ``first_tranche_months`` after the end of the publicity
period it was published in (二（四）4 在公示期满后; ``PUBLICITY_END_SQL`` below), a patent's
after its approval date. An award an objection of its publicity held after the close (open
at the close, or entered after it) and then dismissed counts from the dismissal instead
(``HOLD_LIFTED_SQL``): it could not be paid before. The plan sets no term for the last
tranche (验收后拨付余款): it falls due ``final_tranche_months`` after the acceptance, the
office's own term (as many months as the first tranche's unless set), and is overdue past
it as a first tranche is; it stood at the acceptance day and was never flagged, so a 尾款
unpaid for years read plain 待拨付.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from boostdesk.models.campaign import FEDERATION, PAYER_ZH, Campaign
from boostdesk.models.record_rows import next_id
from boostdesk.models.records import PATENT, PROJECT, STREAM_ZH, id_ref
from boostdesk.models.register import Register
from boostdesk.money import format_money, payer_tranche_matrix

from .returns import returned_standing
from .terms import (
    AWARDED,
    NO_UNION,
    PAYERS,
    add_months,
    date_of,
    federation_name,
    rest_due,
    split_ratio,
    tranche_label,
    tranche_shares,
)

# The tranches an application's status says are paid.
PAID_BY_STATUS = {
    (PATENT, "paid"): 1,
    (PROJECT, "paid_first"): 1,
    (PROJECT, "accepted"): 1,
    (PROJECT, "acceptance_failed"): 1,
    (PROJECT, "paid_final"): 2,
}


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    marked_paid: int = 0
    removed: int = 0  # unpaid rows the plan no longer has
    conflicts: list[str] = field(default_factory=list)  # paid rows whose amount no longer fits


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
    return date_of(reg.scalar(f"SELECT {HOLD_LIFTED_SQL} FROM project_applications a"
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


def _awarded_apps(reg: Register, year: int,
                  only: Iterable[tuple[str, int]] | None = None) -> list[dict]:
    """The year's awards sync_plan has work to check: all but those paid in full
    (``only``: of these (stream, id) alone)."""
    from boostdesk.models.record_rows import select_in

    wanted: dict[str, set[int]] | None = None if only is None else {PATENT: set(), PROJECT: set()}
    for stream, app_id in only or ():
        wanted[stream].add(app_id)  # type: ignore[index]
    out: list[dict] = []
    for stream, table, level in (
        (PATENT, "patent_applications", "NULL"),
        (PROJECT, "project_applications",
         "COALESCE(a.award_level, (SELECT level FROM studios s WHERE s.id = a.studio_id))"),
    ):
        marks = ",".join("?" * len(AWARDED[stream]))
        accepted = "a.accepted_date" if stream == PROJECT else "NULL"
        publicity_end = FIRST_TERM_FROM_SQL if stream == PROJECT else "NULL"
        sql = (
            f"SELECT a.id, a.status, a.award_fen, a.approved_date, {accepted} AS accepted_date,"
            f" {publicity_end} AS publicity_end,"
            f" {level} AS level FROM {table} a JOIN campaigns c ON c.id = a.campaign_id"
            f" WHERE c.year = ? AND a.status IN ({marks}) AND a.award_fen IS NOT NULL"
            f" AND NOT ({_SETTLED_SQL})"
        )
        params = (year, *AWARDED[stream], stream, stream)
        if wanted is None:
            # +a.id: sorting by the id made SQLite walk the year's every application by
            # campaign (18 ms at 10,000) rather than seek its awards by campaign and status
            rows = reg.query(sql + " ORDER BY +a.id", params)
        else:
            columns = ("id", "status", "award_fen", "approved_date", "accepted_date",
                       "publicity_end", "level")
            rows = sorted((dict(zip(columns, r, strict=True)) for r in select_in(
                reg.conn, sql + " AND a.id IN", sorted(wanted[stream]), params)),
                key=lambda r: r["id"])
        out.extend({**r, "stream": stream} for r in rows)
    return out


def planned_rows(campaign: Campaign, stream: str, award_fen: int, level: str | None,
                 approved: date | None, accepted: date | None) -> list[tuple[int, str, int, date | None]]:
    """(tranche, payer, amount, due date) for one award; zero parts are left out.

    ``approved``: the day the first tranche's months count from (a patent's approval, the
    end of a project's publicity period); ``accepted``: the day the rest's months count
    from (``final_tranche_months``)."""
    shares = tranche_shares(campaign, stream)
    matrix = payer_tranche_matrix(award_fen, split_ratio(campaign, stream, level), shares)
    months = campaign.patent_payment_months if stream == PATENT else campaign.first_tranche_months
    first_due = add_months(approved, months) if approved else None
    last_due = rest_due(campaign, accepted)  # the office's term (the plan sets none)
    out = []
    for t, row in enumerate(matrix, start=1):
        due = first_due if t == 1 else last_due
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


# One write of sync_plan, planned first (``_planned``) and done after (``_apply``): a
# reader asks whether the plan is behind without writing (``plan_behind``).
#   ("create", stream, app_id, tranche, payer, amount, due, mark_day | None)
#   ("update", payment row, amount, due)
#   ("mark", payment row, stream, app_id, day)
#   ("delete", payment row)
_Op = tuple[Any, ...]
MARKED_BY_STATUS = "按申报状态补记为已拨付"


def sync_plan(reg: Register, year: int, apps: Iterable[tuple[str, int]] | None = None,
              ) -> SyncReport:
    """Bring the ``payments`` rows of ``year`` in line with the awards; one transaction.

    Creates the rows of every award, updates amounts and due dates of unpaid rows when an
    award changed, removes unpaid rows the plan no longer has (a tranche dropped, a part
    become zero), and records as paid the tranches an application's status says were paid
    before payments were tracked here (dated the day that status was recorded, no voucher).
    Each payer's unpaid rows come to its share less what it has paid, so an award's rows
    add up to the award and no payer owes more than its share. A paid row whose amount no
    longer fits its award is left alone and reported.

    ``apps``: only these (stream, id) of the year (a write's own awards, ``plan_follow``).
    Every write that changes what is owed runs it in its own transaction (``plan_follow``):
    the lines carry that write's operator and time.
    """
    with reg.transaction():
        ops, report = _planned(reg, year, apps)
        _apply(reg, ops)
    return report


def plan_behind(reg: Register, year: int) -> tuple[list[_Op], SyncReport]:
    """What :func:`sync_plan` would write for ``year`` now, nothing written; read-only
    registers too. After every write keeps the plan in line (``plan_follow``) only a
    register an older BoostDesk wrote (or a backup of one) has anything here."""
    return _planned(reg, year, None)


def _planned(reg: Register, year: int, only: Iterable[tuple[str, int]] | None,
             ) -> tuple[list[_Op], SyncReport]:
    campaign = reg.campaign(year)
    report = SyncReport()
    ops: list[_Op] = []
    apps = _awarded_apps(reg, year, only)
    stored = _year_payments(reg, [(a["stream"], a["id"]) for a in apps])
    for app in apps:
        stream, app_id = app["stream"], app["id"]
        existing = stored.get((stream, app_id), {})
        plan = planned_rows(
            campaign, stream, app["award_fen"], app["level"],
            date_of(app["publicity_end"] or app["approved_date"]), date_of(app["accepted_date"]),
        )
        paid_tranches = PAID_BY_STATUS.get((stream, app["status"]), 0)
        # Once money has moved, the award's split is settled: a studio's level changed
        # since (its own edit) does not re-split what is still owed, while the award stands.
        settled = (any(r["paid_date"] for r in existing.values())
                   and sum(r["amount_fen"] for r in existing.values()) == app["award_fen"])
        if settled:
            due_of = {(t, p): due for t, p, _, due in plan}
            target = {key: (r["amount_fen"], due_of.get(key, date_of(r["due_date"])))
                      for key, r in existing.items()}
        else:
            target = _owed_rows(plan, existing)
        where = f"{STREAM_ZH[stream]}（{id_ref(stream, app_id)}）"
        shares = tranche_shares(campaign, stream)
        for (tranche, payer), (amount, due) in target.items():
            due_s = due.isoformat() if due else None
            old = existing.get((tranche, payer))
            if old is None:
                if not amount:
                    continue
                day = _paid_by_status(reg, stream, app_id, paid_tranches, tranche, None)
                ops.append(("create", stream, app_id, tranche, payer, amount, due_s, day))
                report.created += 1
                report.marked_paid += day is not None
                continue
            if old["paid_date"] is None and not amount:
                continue  # removed below with the rows the plan no longer has
            if old["paid_date"] is None and (old["amount_fen"], old["due_date"]) != (amount, due_s):
                ops.append(("update", old, amount, due_s))
                report.updated += 1
            elif old["paid_date"] is not None and old["amount_fen"] != amount:
                report.conflicts.append(
                    f"{where}{PAYER_ZH[payer]}（{tranche_label(stream, tranche, len(shares))}）"
                    f"已拨付 {format_money(old['amount_fen'])}，按现核准金额应为"
                    f" {format_money(amount)}，请核对"
                )
            day = _paid_by_status(reg, stream, app_id, paid_tranches, tranche, old)
            if day is not None:
                ops.append(("mark", old, stream, app_id, day))
                report.marked_paid += 1
        for key, old in existing.items():
            if key in target and target[key][0]:
                continue
            if old["paid_date"] is not None:
                if key not in target:
                    report.conflicts.append(
                        f"{where}{PAYER_ZH[key[1]]}（{tranche_label(stream, key[0], len(shares))}）已拨付"
                        f" {format_money(old['amount_fen'])}，现行分期计划中没有这一笔，请核对"
                    )
                continue
            ops.append(("delete", old))
            report.removed += 1
    return ops, report


def _paid_by_status(reg: Register, stream: str, app_id: int, paid_tranches: int,
                    tranche: int, old: dict | None) -> str | None:
    """The day the application's status says ``tranche`` was paid, when its row (``old``,
    or one to be made) is to be marked so; else None."""
    if tranche > paid_tranches or (old is not None and (
            old["paid_date"] is not None or returned_standing(reg, old["id"]))):
        return None
    # a row whose transfer came back (退汇) is owed although the status says
    # paid: an accepted project keeps its acceptance when its first tranche
    # is returned, and only a row never marked is filled in from the status
    if stream == PROJECT and tranche == 1 and accepted_unpaid(reg, app_id):
        return None  # accepted before its first tranche was paid: owed, not paid
    statuses = ("paid", "paid_first") if tranche == 1 else ("paid_final",)
    return _status_day(reg, stream, app_id, statuses) or date.today().isoformat()


def accepted_unpaid(reg: Register, project_id: int) -> bool:
    """Whether the project's acceptance (passed or failed) was recorded before its first
    tranche was paid in full (核准 → 结题验收 / 验收未通过, finance.acceptance): its status
    then says nothing of the first tranche, which its marks alone say is paid or owed.
    (An older register's 结题验收 came after 首笔拨付: its status says the first was paid.)"""
    return bool(reg.scalar(
        "SELECT 1 FROM status_history WHERE stream = ? AND application_id = ?"
        " AND from_status = 'approved' AND to_status IN ('accepted', 'acceptance_failed')"
        " LIMIT 1", (PROJECT, project_id)))


def _payer_name(reg: Register, stream: str, app_id: int, payer: str) -> str:
    """The payer by its name, as 拨付 and the lists name it (北京市总工会, 海淀区总工会): the
    trail's payable lines said 推荐工会, the marks on them the union's name."""
    table = "patent_applications" if stream == PATENT else "project_applications"
    year, unit = reg.conn.execute(
        f"SELECT c.year, u.name FROM {table} a JOIN campaigns c ON c.id = a.campaign_id"
        " LEFT JOIN units u ON u.id = a.unit_id WHERE a.id = ?", (app_id,)).fetchone()
    if payer == FEDERATION:
        return federation_name(reg.campaign(year))
    return unit or NO_UNION


def _apply(reg: Register, ops: list[_Op]) -> None:
    """``ops`` written and audited, in the order planned (inside the caller's transaction)."""
    for op in ops:
        kind = op[0]
        if kind == "create":
            _, stream, app_id, tranche, payer, amount, due_s, day = op
            # numbered past every id the trail names: a deleted row's id taken
            # again mixed two awards' payments in 修改记录 and the auditor's export
            cur = reg.conn.execute(
                "INSERT INTO payments (id, stream, application_id, tranche, payer,"
                " amount_fen, due_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (next_id(reg.conn, "payments"), stream, app_id, tranche, payer, amount, due_s),
            )
            reg.audit("create", "payments", cur.lastrowid, None, {
                "stream": stream, "application_id": app_id, "tranche": tranche,
                "payer": payer, "payer_name": _payer_name(reg, stream, app_id, payer),
                "amount_fen": amount, "due_date": due_s,
            })
            if day is not None:
                _mark(reg, {"id": cur.lastrowid}, stream, app_id, day)
        elif kind == "update":
            _, old, amount, due_s = op
            reg.conn.execute("UPDATE payments SET amount_fen = ?, due_date = ? WHERE id = ?",
                             (amount, due_s, old["id"]))
            reg.audit("update", "payments", old["id"],
                      {"amount_fen": old["amount_fen"], "due_date": old["due_date"]},
                      {"amount_fen": amount, "due_date": due_s})
        elif kind == "mark":
            _, old, stream, app_id, day = op
            _mark(reg, old, stream, app_id, day)
        else:
            old = op[1]
            reg.conn.execute("DELETE FROM payments WHERE id = ?", (old["id"],))
            reg.audit("delete", "payments", old["id"], dict(old), None)


def _mark(reg: Register, row: dict, stream: str, app_id: int, day: str) -> None:
    reg.conn.execute("UPDATE payments SET paid_date = ? WHERE id = ?", (day, row["id"]))
    reg.keep_payee(stream, app_id)
    reg.audit("update", "payments", row["id"], {"paid_date": None},
              {"paid_date": day, "reason": MARKED_BY_STATUS})


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


CATCH_UP_NOTE = "升级后补齐"  # the note of the lines a catch-up writes (``catch_up``)


def catch_up(reg: Register, year: int) -> SyncReport:
    """What a reader (拨付, `pay list`, `print payments`, the statistics) calls before it
    reads ``year``'s payment lines. It writes nothing when the plan is in line with the
    awards, which every write keeps it (``plan_follow``): a reader never writes under the
    viewer's name what an approval made owed. A register an older BoostDesk wrote (it
    planned payments only when 拨付 was opened), or a backup of one, is brought in line
    once, each line noted 升级后补齐 (the viewer and the time are the catch-up's, not the
    approval's: the note says so). Read-only (another BoostDesk holds it): nothing is
    written; the report still names paid rows that no longer fit their award."""
    ops, report = plan_behind(reg, year)
    if getattr(reg, "read_only", False):
        return SyncReport(conflicts=report.conflicts)
    if not ops:
        return report
    note, reg.note = reg.note, CATCH_UP_NOTE
    try:
        with reg.transaction():
            ops, report = plan_behind(reg, year)  # again, inside: another may have written
            _apply(reg, ops)
    finally:
        reg.note = note
    return report


sync_if_writable = catch_up  # its name before payables were made by the writes themselves


def catch_up_after_upgrade(reg: Register, today: date | None = None) -> tuple[int, int]:
    """Every year's :func:`catch_up`, run as an upgrade opens the register (which an older
    BoostDesk wrote) rather than at each year's first reading, so the upgrade can say what
    it did: the unpaid 尾款 lines it gave their due date (the year's final_tranche_months
    after the acceptance; an older BoostDesk dated them the acceptance itself, or not at
    all), and how many of those are overdue ``today``."""
    today = today or date.today()
    dated = overdue = 0
    for year in reg.campaign_years():
        ops, _ = plan_behind(reg, year)
        for op in ops:
            if op[0] == "update" and op[1]["tranche"] > 1 and op[3] != op[1]["due_date"]:
                due = op[3]
            elif op[0] == "create" and op[1] == PROJECT and op[3] > 1 and op[7] is None:
                due = op[6]
            else:
                continue
            if due:
                dated += 1
                overdue += date.fromisoformat(due) < today
        if ops:
            catch_up(reg, year)
    return dated, overdue
