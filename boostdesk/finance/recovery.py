"""撤销助推（已拨付，应追回）: an award whose money stands paid, found afterwards not to be
one (专利权被宣告无效, 经核实为实用新型, …), recorded as the office decided it: its day,
reason and document, audited. No Qt here.

What it does, and why:

* the paid payment rows stay paid: the money left the payers' accounts. Each payer's paid
  total (to the fen) becomes what it is to recover (应追回, ``recovery_payers``); a later
  已追回 (day, voucher) closes each payer's part. The plan sets no recovery procedure:
  the register records the decision and the recoveries, nothing more;
* the unpaid rows are deleted (audited): nothing more is owed on a revoked award, and a
  transfer that came back (退汇待重拨) is not sent again;
* the paper's status becomes 撤销助推 (``workflow.REVOKED``): not an award for the
  statistics, the lists or the rules. 一（三）每人每年: a revoked award claims none of its
  person's places, as a paper refused at 资格审核 claims none — the award is annulled, the
  money is a debt to recover, not an award enjoyed;
* undone (撤销“撤销助推”) back to the status it found, the deleted rows planned again by
  the plan's own sync, while no payer's part is recorded as recovered; a 已追回 recorded
  in error is taken back first (撤销“已追回”登记, with a reason, audited).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from boostdesk.models.campaign import PAYER_ZH
from boostdesk.models.records import PATENT, PROJECT, STREAM_ZH, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import REVOCABLE, REVOKED, STATUS_ZH
from boostdesk.money import format_money

from .errors import FinanceError
from .lines import TO_RECOVER, WAS_RECOVERED
from .terms import PAYERS

REVOKE = "revoke_award"  # the audit actions
UNDO_REVOKE = "undo_revoke_award"
RECOVERED = "recovered"
UNRECOVERED = "withdraw_recovered"  # a 已追回 recorded in error taken back
REVOKED_WHY = "撤销助推："  # the status move's reason begins with it
UNDONE_WHY = "撤销“撤销助推”："
# what the office most often finds; any other reason may be typed
COMMON_REASONS = ("专利权被宣告无效", "经核实为实用新型（非发明专利）", "经核实不符合申报条件")


@dataclass(frozen=True)
class PayerPart:
    """One payer's part of a revoked award: what it paid, and its recovery if recorded."""

    payer: str  # FEDERATION or RECOMMENDING_UNION
    payer_name: str
    amount_fen: int
    recovered_date: date | None = None
    voucher: str = ""

    @property
    def recovered(self) -> bool:
        return self.recovered_date is not None

    @property
    def text(self) -> str:
        """北京市总工会 应追回 ¥1,500.00 / 已追回 ¥1,500.00（2024-05-10，凭证 记-12）."""
        if self.recovered_date:
            return (f"{self.payer_name} {WAS_RECOVERED} {format_money(self.amount_fen)}"
                    f"（{self.recovered_date.isoformat()}"
                    + (f"，凭证 {self.voucher}" if self.voucher else "") + "）")
        return f"{self.payer_name} {TO_RECOVER} {format_money(self.amount_fen)}"


@dataclass(frozen=True)
class Recovery:
    """A revocation as recorded: the decision and each payer's part."""

    stream: str
    app_id: int
    title: str
    from_status: str
    decided_on: date
    reason: str
    document: str
    parts: tuple[PayerPart, ...] = field(default_factory=tuple)
    deleted_unpaid: int = 0  # unpaid rows the revocation deleted (planned: would delete)
    deleted_unpaid_fen: int = 0  # and their amount

    @property
    def outstanding_fen(self) -> int:
        return sum(p.amount_fen for p in self.parts if not p.recovered)

    @property
    def recovered_fen(self) -> int:
        return sum(p.amount_fen for p in self.parts if p.recovered)

    @property
    def total_fen(self) -> int:
        return sum(p.amount_fen for p in self.parts)

    @property
    def undoable(self) -> bool:
        return not any(p.recovered for p in self.parts)

    @property
    def summary(self) -> str:
        """One paragraph: the decision and each payer's part."""
        head = (f"{self.decided_on.isoformat()} 撤销助推：{self.reason}"
                + (f"（{self.document}）" if self.document else ""))
        return head + "；" + "；".join(p.text for p in self.parts)


def _table(stream: str) -> str:
    return "patent_applications" if stream == PATENT else "project_applications"


def _payer_names(reg: Register, stream: str, app_id: int) -> dict[str, str]:
    from .payment_plan import _payer_name

    return {payer: _payer_name(reg, stream, app_id, payer) for payer in PAYERS}


def revocation_refusal(reg: Register, stream: str, app_id: int) -> str:
    """Why the award cannot be revoked as paid now ("" when it can): it can whenever any of
    its lines stands paid, whatever its status (核准 with one payer's part paid as 已拨付)."""
    app = reg.application(stream, app_id)
    what = f"{STREAM_ZH[stream]}“{app.title or id_ref(stream, app_id)}”"
    if app.status == REVOKED:
        return f"{what}已撤销助推，无需再撤销"
    paid = reg.scalar("SELECT 1 FROM payments WHERE stream = ? AND application_id = ?"
                      " AND paid_date IS NOT NULL LIMIT 1", (stream, app_id))
    if app.status not in REVOCABLE[stream] or not paid:
        if app.status in REVOCABLE[stream] and app.status != "approved":  # a paid status
            return f"{what}没有登记为已拨付的款项（已汇出的都被银行退回）：无应追回的款项"
        return (f"{what}现为“{STATUS_ZH.get(app.status, app.status)}”，没有已拨付的助推资金："
                "撤销助推（已拨付，应追回）只用于款已拨付的助推"
                + ("；未拨付的核准，在“改变状态”中改为资格审核不通过" if stream == PATENT else ""))
    return ""


def planned_revocation(reg: Register, stream: str, app_id: int, decided_on: date | None = None,
                       reason: str = "", document: str = "") -> Recovery:
    """What :func:`revoke_paid_award` would record now: each payer's paid total (to the
    fen) to recover, the unpaid rows it would delete; nothing written. FinanceError when
    it is refused."""
    if why := revocation_refusal(reg, stream, app_id):
        raise FinanceError(why)
    app = reg.application(stream, app_id)
    names = _payer_names(reg, stream, app_id)
    paid = dict(reg.conn.execute(
        "SELECT payer, SUM(amount_fen) FROM payments WHERE stream = ? AND application_id = ?"
        " AND paid_date IS NOT NULL GROUP BY payer", (stream, app_id)).fetchall())
    unpaid, unpaid_fen = reg.conn.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount_fen), 0) FROM payments WHERE stream = ?"
        " AND application_id = ? AND paid_date IS NULL", (stream, app_id)).fetchone()
    parts = tuple(PayerPart(p, names[p], int(paid[p])) for p in PAYERS if paid.get(p))
    return Recovery(stream, app_id, app.title, app.status, decided_on or date.today(),
                    reason, document, parts, int(unpaid), int(unpaid_fen))


def amounts_said(parts: tuple[PayerPart, ...]) -> str:
    """¥3,000.00（北京市总工会 ¥1,500.00、海淀区总工会 ¥1,500.00）: the total and each
    payer's part."""
    return (format_money(sum(p.amount_fen for p in parts)) + "（"
            + "、".join(f"{p.payer_name} {format_money(p.amount_fen)}" for p in parts) + "）")


def revocation_question(plan: Recovery) -> str:
    """确定撤销助推？ as asked before :func:`revoke_paid_award` (its 确定 was one Enter away,
    an Enter after the reason's suggestions were closed): the paper, the decision, what
    each payer is to recover and what is deleted."""
    said = [f"{plan.decided_on.isoformat()} 决定：{plan.reason}"
            + (f"（{plan.document}）" if plan.document else ""),
            f"已拨付的款项仍记为已汇出，按付款单位列为应追回 {amounts_said(plan.parts)}"]
    if plan.deleted_unpaid:
        said.append(f"删除未拨付的应拨款项 {plan.deleted_unpaid} 笔，"
                    f"共 {format_money(plan.deleted_unpaid_fen)}（记入修改记录）")
    said.append("不再计为助推")
    return (f"确定撤销{id_ref(plan.stream, plan.app_id)}“{plan.title}”的助推？\n\n"
            + "；\n".join(said) + "。\n\n尚未登记追回时，可在“改变状态”中撤销“撤销助推”"
            "（撤销助推前自动备份登记册）。")


def _tidy(text: str) -> str:
    return " ".join((text or "").split())


def revoke_paid_award(reg: Register, stream: str, app_id: int, decided_on: date | None,
                      reason: str, document: str = "", *,
                      cancelled: Callable[[], bool] | None = None) -> Recovery:
    """撤销助推（已拨付，应追回）: one backup (拨付前), then one transaction, audited
    (``revoke_award``: who, when, the decision and what each payer is to recover)."""
    from boostdesk.safety.backup import backed_up_write

    reason, document = _tidy(reason), _tidy(document)
    if not reason:
        raise FinanceError("撤销助推须填写理由（如 " + "、".join(COMMON_REASONS[:2]) + "）")
    if decided_on is None:
        raise FinanceError("请填写撤销决定的日期")
    planned_revocation(reg, stream, app_id)  # a refusal takes no good backup's place
    with backed_up_write(reg, "payment", cancelled), reg.transaction():
        plan = planned_revocation(reg, stream, app_id, decided_on, reason, document)
        for row in reg.query("SELECT * FROM payments WHERE stream = ? AND application_id = ?"
                             " AND paid_date IS NULL ORDER BY id", (stream, app_id)):
            reg.conn.execute("DELETE FROM payments WHERE id = ?", (row["id"],))
            reg.audit("delete", "payments", row["id"], dict(row),
                      {"reason": f"{REVOKED_WHY}{reason}"})
        cur = reg.conn.execute(
            "INSERT INTO recoveries (stream, application_id, from_status, decided_on, reason,"
            " document) VALUES (?, ?, ?, ?, ?, ?)",
            (stream, app_id, plan.from_status, decided_on.isoformat(), reason, document))
        for part in plan.parts:
            reg.conn.execute("INSERT INTO recovery_payers (recovery_id, payer, amount_fen)"
                             " VALUES (?, ?, ?)", (cur.lastrowid, part.payer, part.amount_fen))
        why = f"{REVOKED_WHY}{reason}" + (f"（{document}）" if document else "")
        reg.set_status(stream, app_id, REVOKED, why, decided_on=decided_on)
        reg.audit(REVOKE, _table(stream), app_id, {"status": plan.from_status}, {
            "status": REVOKED, "decided_on": decided_on.isoformat(), "reason": reason,
            "document": document, "deleted_unpaid": plan.deleted_unpaid,
            "deleted_unpaid_fen": plan.deleted_unpaid_fen,
            "to_recover": {p.payer_name: p.amount_fen for p in plan.parts}})
    return _as_stored(reg, stream, app_id)


def recovery_of(reg: Register, stream: str, app_id: int) -> Recovery | None:
    """The award's revocation as recorded, or None."""
    rows = reg.query("SELECT * FROM recoveries WHERE stream = ? AND application_id = ?",
                     (stream, app_id))
    if not rows:
        return None
    r = rows[0]
    names = _payer_names(reg, stream, app_id)
    parts = tuple(
        PayerPart(p["payer"], names.get(p["payer"], PAYER_ZH.get(p["payer"], p["payer"])),
                  p["amount_fen"], date.fromisoformat(p["recovered_date"])
                  if p["recovered_date"] else None, p["voucher"])
        for p in sorted(reg.query("SELECT * FROM recovery_payers WHERE recovery_id = ?",
                                  (r["id"],)), key=lambda p: PAYERS.index(p["payer"])
                        if p["payer"] in PAYERS else 9))
    title = reg.scalar(f"SELECT title FROM {_table(stream)} WHERE id = ?", (app_id,)) or ""
    return Recovery(stream, app_id, title, r["from_status"], date.fromisoformat(r["decided_on"]),
                    r["reason"], r["document"], parts)


def year_recoveries(reg: Register, year: int) -> list[Recovery]:
    """The year's revoked awards, patents first, by number."""
    out = []
    for stream in (PATENT, PROJECT):
        for (app_id,) in reg.conn.execute(
                f"SELECT r.application_id FROM recoveries r JOIN {_table(stream)} a"
                " ON a.id = r.application_id JOIN campaigns c ON c.id = a.campaign_id"
                " WHERE r.stream = ? AND c.year = ? ORDER BY r.application_id", (stream, year)):
            rec = recovery_of(reg, stream, app_id)
            if rec is not None:
                out.append(rec)
    return out


def _as_stored(reg: Register, stream: str, app_id: int) -> Recovery:
    """The recovery just written (there is one)."""
    done = recovery_of(reg, stream, app_id)
    assert done is not None
    return done


def _revoked(reg: Register, stream: str, app_id: int, nothing: str) -> Recovery:
    """The paper's recovery; none refused, ``nothing`` saying what there is not to do."""
    rec = recovery_of(reg, stream, app_id)
    if rec is None:
        raise FinanceError(f"{STREAM_ZH[stream]}{id_ref(stream, app_id)}没有撤销助推，{nothing}")
    return rec


def _set_recovered(reg: Register, stream: str, app_id: int, payer: str, day: date | None,
                   voucher: str) -> None:
    """One payer's 已追回 day and voucher stored (None and "": taken back)."""
    reg.conn.execute(
        "UPDATE recovery_payers SET recovered_date = ?, voucher = ? WHERE payer = ?"
        " AND recovery_id = (SELECT id FROM recoveries WHERE stream = ? AND application_id = ?)",
        (day.isoformat() if day else None, voucher, payer, stream, app_id))


def _payer_of(rec: Recovery, payer: str) -> PayerPart:
    for part in rec.parts:
        if payer in (part.payer, part.payer_name):
            return part
    raise FinanceError(f"没有付款单位“{payer}”的应追回款项：应追回的有 "
                       + "、".join(p.payer_name for p in rec.parts))


def record_recovered(reg: Register, stream: str, app_id: int, payer: str, day: date | None,
                     voucher: str) -> Recovery:
    """已追回: one payer's part of a revoked award recovered on ``day`` under ``voucher``;
    audited. ``payer``: FEDERATION / RECOMMENDING_UNION or the payer's name."""
    rec = _revoked(reg, stream, app_id, "无应追回的款项")
    part = _payer_of(rec, payer)
    voucher = _tidy(voucher)
    if part.recovered:
        raise FinanceError(f"{part.text}，已登记，无需再登记")
    if day is None:
        raise FinanceError("请填写追回日期（款项退回付款单位账户的日期）")
    if day < rec.decided_on:
        raise FinanceError(f"追回日期 {day} 早于撤销助推的日期 {rec.decided_on}")
    if not voucher:
        raise FinanceError("请填写追回的凭证号（如 收款凭证 记-2024-015）")
    with reg.transaction():
        _set_recovered(reg, stream, app_id, part.payer, day, voucher)
        reg.audit(RECOVERED, _table(stream), app_id, {"to_recover": part.amount_fen},
                  {"payer_name": part.payer_name, "recovered_fen": part.amount_fen,
                   "recovered_date": day.isoformat(), "voucher": voucher})
    return _as_stored(reg, stream, app_id)


def withdraw_recovered(reg: Register, stream: str, app_id: int, payer: str,
                       reason: str) -> Recovery:
    """撤销“已追回”登记: one payer's 已追回 recorded in error (the wrong payer, a voucher
    of another matter, the money not back after all) taken back; the part reads 应追回
    again. Audited with the day and voucher it had and the reason; once no part stands
    recovered the revocation itself may be undone again."""
    rec = _revoked(reg, stream, app_id, "无已追回的登记")
    part = _payer_of(rec, payer)
    reason = _tidy(reason)
    if not part.recovered:
        raise FinanceError(f"{part.text}，尚未登记追回，无需撤销")
    if not reason:
        raise FinanceError("撤销“已追回”登记须填写理由（如 凭证号登记错了、登记错了付款单位）")
    with reg.transaction():
        _set_recovered(reg, stream, app_id, part.payer, None, "")
        assert part.recovered_date is not None
        reg.audit(UNRECOVERED, _table(stream), app_id,
                  {"payer_name": part.payer_name, "recovered_fen": part.amount_fen,
                   "recovered_date": part.recovered_date.isoformat(), "voucher": part.voucher},
                  {"to_recover": part.amount_fen, "reason": reason})
    return _as_stored(reg, stream, app_id)


def undo_revocation(reg: Register, stream: str, app_id: int, reason: str) -> str:
    """撤销“撤销助推”: a revocation recorded in error taken back while nothing is recorded as
    recovered; the paper back to the status it found, its unpaid rows planned again (the
    plan's sync follows the status). Returns that status in Chinese."""
    rec = _revoked(reg, stream, app_id, "无需撤销")
    reason = _tidy(reason)
    if not rec.undoable:
        raise FinanceError("已登记追回的款项（" + "；".join(p.text for p in rec.parts if p.recovered)
                           + "），撤销助推不能再撤销；已追回登记错了的，先撤销“已追回”登记")
    if not reason:
        raise FinanceError("撤销“撤销助推”须填写理由（如 登记错了申报）")
    with reg.transaction():
        reg.conn.execute("DELETE FROM recovery_payers WHERE recovery_id = (SELECT id FROM"
                         " recoveries WHERE stream = ? AND application_id = ?)", (stream, app_id))
        reg.conn.execute("DELETE FROM recoveries WHERE stream = ? AND application_id = ?",
                         (stream, app_id))
        reg.set_status(stream, app_id, rec.from_status, f"{UNDONE_WHY}{reason}")
        reg.audit(UNDO_REVOKE, _table(stream), app_id,
                  {"status": REVOKED, "revocation": rec.summary},
                  {"status": rec.from_status, "reason": reason})
    return STATUS_ZH[rec.from_status]


def recovery_totals(reg: Register, year: int) -> dict[str, tuple[int, int]]:
    """Per payer name: (应追回 still outstanding, 已追回) fen of the year's revoked awards."""
    out: dict[str, tuple[int, int]] = {}
    for rec in year_recoveries(reg, year):
        for p in rec.parts:
            left, back = out.get(p.payer_name, (0, 0))
            out[p.payer_name] = (left + (0 if p.recovered else p.amount_fen),
                                 back + (p.amount_fen if p.recovered else 0))
    return out


def totals_text(totals: dict[str, tuple[int, int]]) -> str:
    """应追回（已拨付、撤销助推）¥3,000.00：北京市总工会 ¥1,500.00、海淀区总工会 ¥1,500.00；已追回 …"""
    left = sum(a for a, _ in totals.values())
    back = sum(b for _, b in totals.values())
    if not left and not back:
        return ""
    text = (f"{TO_RECOVER}（已拨付、后撤销助推，不计为助推）{format_money(left)}"
            + ("：" + "、".join(f"{n} {format_money(a)}" for n, (a, _) in totals.items() if a)
               if left else ""))
    if back:
        text += f"；{WAS_RECOVERED} {format_money(back)}"
    return text
