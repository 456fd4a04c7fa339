"""撤销助推（已拨付，应追回）: an award whose money stands paid, found afterwards not to be
one (专利权被宣告无效, 经核实为实用新型, …), recorded as the office decided it: its day,
reason and document, audited. No Qt here.

撤销助推（未拨付）: a project's award none of whose money stands paid, revoked by the same
decision (a dismissed objection proved wrong after its publicity closed, when the finding
can no longer be corrected): the same record with no payer part — nothing to recover —
its unpaid rows deleted, the paper 撤销助推, its tier place freed (the ranking holds no place
for it: ``panel.freed_places`` names who moves up). A patent's unpaid approval is withdrawn
by 改变状态 → 资格审核不通过 instead (its workflow's own move), so it is not offered here.

What it does, and why:

* the paid payment rows stay paid: the money left the payers' accounts. Each payer's paid
  total (to the fen) becomes what it is to recover (应追回, ``recovery_payers``); the payer
  returns it in one sum or several (已追回, ``recovery_instalments``: amount, day, voucher,
  note — never more than it still owes, 尚欠) until nothing is owed. The plan sets no
  recovery procedure: the register records the decision and the recoveries, nothing more;
* the unpaid rows are deleted (audited): nothing more is owed on a revoked award, and a
  transfer that came back (退汇待重拨) is not sent again;
* the paper's status becomes 撤销助推 (``workflow.REVOKED``): not an award for the
  statistics, the lists or the rules. 一（三）每人每年: a revoked award claims none of its
  person's places, as a paper refused at 资格审核 claims none — the award is annulled, the
  money is a debt to recover, not an award enjoyed;
* undone (撤销“撤销助推”) back to the status it found, the deleted rows planned again by
  the plan's own sync, while no sum is recorded as recovered; a 已追回 recorded in error
  is taken back first, one instalment at a time (撤销“已追回”登记, with a reason, audited).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from boostdesk.models.campaign import PAYER_ZH
from boostdesk.models.records import PATENT, STREAM_ZH, id_ref
from boostdesk.models.register import Register
from boostdesk.models.workflow import REVOCABLE, REVOKED, STATUS_ZH
from boostdesk.money import format_money
from boostdesk.validate import after_today

from .errors import FinanceError
from .recovery_parts import Instalment, PayerPart, instalments_of
from .terms import PAYERS

REVOKE = "revoke_award"  # the audit actions
UNDO_REVOKE = "undo_revoke_award"
RECOVERED = "recovered"
UNRECOVERED = "withdraw_recovered"  # a 已追回 recorded in error taken back
REVOKED_WHY = "撤销助推："  # the status move's reason begins with it
UNDONE_WHY = "撤销“撤销助推”："
# what the office most often finds; any other reason may be typed
COMMON_REASONS = ("专利权被宣告无效", "经核实为实用新型（非发明专利）", "经核实不符合申报条件")
# an unpaid award's revocation, as 改变状态 offers it and its record says it
UNPAID_NAME = "撤销助推（未拨付）"
PAID_NAME = "撤销助推（已拨付，应追回）"
UNPAID_MONEY = "均未拨付，无需追回"  # its trail line's 款项
NOTHING_PAID = f"款项{UNPAID_MONEY}"


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
        """尚欠: what the payers have still to return."""
        return sum(p.owing_fen for p in self.parts)

    @property
    def recovered_fen(self) -> int:
        """已追回: every instalment's sum."""
        return sum(p.recovered_fen for p in self.parts)

    @property
    def total_fen(self) -> int:
        """应追回: what was paid."""
        return sum(p.amount_fen for p in self.parts)

    @property
    def instalments(self) -> tuple[Instalment, ...]:
        return tuple(i for p in self.parts for i in p.instalments)

    @property
    def unpaid(self) -> bool:
        """撤销助推（未拨付）: nothing of the award was paid, nothing to recover."""
        return not self.parts

    @property
    def undoable(self) -> bool:
        """No sum recorded as recovered: the revocation may be taken back."""
        return not self.instalments

    @property
    def decision(self) -> str:
        """2024-01-05 撤销助推：专利权被宣告无效（第12号决定）."""
        return (f"{self.decided_on.isoformat()} 撤销助推：{self.reason}"
                + (f"（{self.document}）" if self.document else ""))

    @property
    def summary(self) -> str:
        """One paragraph: the decision and each payer's part."""
        return self.decision + "；" + ("；".join(p.text for p in self.parts)
                                      if self.parts else NOTHING_PAID)


def _table(stream: str) -> str:
    return "patent_applications" if stream == PATENT else "project_applications"


def _payer_names(reg: Register, stream: str, app_id: int) -> dict[str, str]:
    from .payment_plan import _payer_name

    return {payer: _payer_name(reg, stream, app_id, payer) for payer in PAYERS}


def revocation_refusal(reg: Register, stream: str, app_id: int) -> str:
    """Why the award cannot be revoked now ("" when it can): it can whenever any of its
    lines stands paid, whatever its status (核准 with one payer's part paid as 已拨付) —
    撤销助推（已拨付，应追回） —, and a project's award with none paid too (撤销助推（未拨付）,
    :func:`unpaid_revocation`)."""
    app = reg.application(stream, app_id)
    what = f"{STREAM_ZH[stream]}“{app.title or id_ref(stream, app_id)}”"
    if app.status == REVOKED:
        return f"{what}已撤销助推，无需再撤销"
    if app.status in REVOCABLE[stream] and (paid_any(reg, stream, app_id)
                                            or stream != PATENT):
        return ""
    if app.status in REVOCABLE[stream] and app.status != "approved":  # a paid status
        return f"{what}没有登记为已拨付的款项（已汇出的都被银行退回）：无应追回的款项"
    return (f"{what}现为“{STATUS_ZH.get(app.status, app.status)}”，没有已拨付的助推资金："
            f"{PAID_NAME}只用于款已拨付的助推"
            + ("；未拨付的核准，在“改变状态”中改为资格审核不通过" if stream == PATENT else ""))


def paid_any(reg: Register, stream: str, app_id: int) -> bool:
    """Does any line of the award stand paid (its money left the payers)?"""
    return bool(reg.scalar("SELECT 1 FROM payments WHERE stream = ? AND application_id = ?"
                           " AND paid_date IS NOT NULL LIMIT 1", (stream, app_id)))


def unpaid_revocation(reg: Register, stream: str, app_id: int) -> bool:
    """Would a revocation now be 撤销助推（未拨付） (allowed, and no line of it paid)?"""
    return not revocation_refusal(reg, stream, app_id) and not paid_any(reg, stream, app_id)


def earliest_revocation(reg: Register, stream: str, app_id: int) -> list[tuple[date, str]]:
    """(day, what sets it) of each bound a revocation's decision may not precede: the
    plan's 印发日期, the award's 核准日期 and, its money paid, the last transfer that stands
    — a decision dated before the money left put the 应追回 in a period nothing was sent."""
    app = reg.application(stream, app_id)
    issued = reg.campaign(app.campaign_year).issued_date
    bounds = [(issued, f"{app.campaign_year} 年度方案的印发日期 {issued.isoformat()}")]
    if app.approved_date:
        bounds.append((app.approved_date, f"核准日期 {app.approved_date.isoformat()}"))
    last = reg.scalar("SELECT MAX(paid_date) FROM payments WHERE stream = ?"
                      " AND application_id = ? AND paid_date IS NOT NULL", (stream, app_id))
    if last:
        bounds.append((date.fromisoformat(str(last)[:10]),
                       f"最后一笔拨付的日期 {str(last)[:10]}"))
    return bounds


def revocation_day_refusal(reg: Register, stream: str, app_id: int, day: date) -> str | None:
    """Why ``day`` cannot be the 撤销决定日期 of the award, or None: a day still to come,
    or before the plan was issued, the award approved or its last transfer sent (the
    earliest day allowed named, as 采纳日期's refusal does)."""
    bounds = earliest_revocation(reg, stream, app_id)
    broken = [text for bound, text in bounds if day < bound]
    if broken:
        first = max(bound for bound, _text in bounds)
        after = "核准和拨付之后" if len(bounds) > 2 else "核准之后"
        return (f"撤销决定日期 {day.isoformat()} 早于 " + "、".join(broken)
                + f"：撤销助推的决定在{after}，撤销决定日期最早为 {first.isoformat()}"
                "（请按撤销决定的实际日期填写）")
    return after_today(day, "撤销决定日期")


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
            f"已拨付的款项仍记为已汇出，按付款单位列为应追回 {amounts_said(plan.parts)}"
            if plan.parts else NOTHING_PAID]
    if plan.deleted_unpaid:
        said.append(f"删除未拨付的应拨款项 {plan.deleted_unpaid} 笔，"
                    f"共 {format_money(plan.deleted_unpaid_fen)}（记入修改记录）")
    said.append("不再计为助推" + ("，空出的档次名额待研究决定" if plan.stream != PATENT else ""))
    undo = "可在“改变状态”中撤销“撤销助推”" if plan.parts else "可按 Ctrl+Z 或在“改变状态”中撤销“撤销助推”"
    return (f"确定撤销{id_ref(plan.stream, plan.app_id)}“{plan.title}”的助推？\n\n"
            + "；\n".join(said) + ("。\n\n尚未登记追回时，" if plan.parts else "。\n\n")
            + undo + "（撤销助推前自动备份登记册）。")


def _tidy(text: str) -> str:
    return " ".join((text or "").split())


def revoke_paid_award(reg: Register, stream: str, app_id: int, decided_on: date | None,
                      reason: str, document: str = "", *,
                      cancelled: Callable[[], bool] | None = None) -> Recovery:
    """撤销助推（已拨付，应追回） — or （未拨付）, a project's award with nothing paid: no
    payer part —: one backup (拨付前), then one transaction, audited (``revoke_award``: who,
    when, the decision and what each payer is to recover)."""
    from boostdesk.safety.backup import backed_up_write

    reason, document = _tidy(reason), _tidy(document)
    if not reason:
        raise FinanceError("撤销助推须填写理由（如 " + "、".join(COMMON_REASONS[:2]) + "）")
    if decided_on is None:
        raise FinanceError("请填写撤销决定的日期")
    planned_revocation(reg, stream, app_id)  # a refusal takes no good backup's place
    if why := revocation_day_refusal(reg, stream, app_id, decided_on):
        raise FinanceError(why)
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
            # 撤销助推（未拨付）: said so, no 应追回 at all
            **({"to_recover": {p.payer_name: p.amount_fen for p in plan.parts}}
               if plan.parts else {"money": UNPAID_MONEY})})
    return _as_stored(reg, stream, app_id)


def recovery_of(reg: Register, stream: str, app_id: int) -> Recovery | None:
    """The award's revocation as recorded, each payer's part with its instalments, or None."""
    rows = reg.query("SELECT * FROM recoveries WHERE stream = ? AND application_id = ?",
                     (stream, app_id))
    if not rows:
        return None
    r = rows[0]
    names = _payer_names(reg, stream, app_id)
    backs = instalments_of(reg, [r["id"]])
    parts = tuple(
        PayerPart(p["payer"], names.get(p["payer"], PAYER_ZH.get(p["payer"], p["payer"])),
                  p["amount_fen"], backs.get((r["id"], p["payer"]), ()))
        for p in sorted(reg.query("SELECT * FROM recovery_payers WHERE recovery_id = ?",
                                  (r["id"],)), key=lambda p: PAYERS.index(p["payer"])
                        if p["payer"] in PAYERS else 9))
    title = reg.scalar(f"SELECT title FROM {_table(stream)} WHERE id = ?", (app_id,)) or ""
    return Recovery(stream, app_id, title, r["from_status"], date.fromisoformat(r["decided_on"]),
                    r["reason"], r["document"], parts)


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


def _payer_of(rec: Recovery, payer: str) -> PayerPart:
    for part in rec.parts:
        if payer in (part.payer, part.payer_name):
            return part
    raise FinanceError(f"没有付款单位“{payer}”的应追回款项：应追回的有 "
                       + "、".join(p.payer_name for p in rec.parts))


def payer_part(rec: Recovery, payer: str) -> PayerPart | None:
    """The part of ``payer`` (FEDERATION / RECOMMENDING_UNION or its name), or None."""
    return next((p for p in rec.parts if payer in (p.payer, p.payer_name)), None)


def over_owing(part: PayerPart, amount_fen: int) -> str:
    """Why ``amount_fen`` is more than ``part`` still owes ("" when it is not): the sum,
    and what remains, in ¥."""
    if amount_fen <= part.owing_fen:
        return ""
    return (f"追回金额 {format_money(amount_fen)} 超过{part.payer_name}尚欠的 "
            f"{format_money(part.owing_fen)}（应追回 {format_money(part.amount_fen)}，"
            f"已追回 {format_money(part.recovered_fen)}），请核对")


def recovered_refusal(rec: Recovery, payer: str, amount_fen: int | None,
                      day: date | None) -> tuple[str, str] | None:
    """Why an instalment of ``payer``'s part is refused, and the field it is about
    (``amount`` / ``date`` / ``payer``), or None: nothing owed, no sum or more than is
    owed, a day before the revocation or still to come. The window says it in place."""
    part = _payer_of(rec, payer)
    if part.recovered:
        return f"{part.text}，无需再登记", "payer"
    if amount_fen is None or amount_fen <= 0:
        return (f"请填写追回金额（{part.payer_name}尚欠 {format_money(part.owing_fen)}，"
                "可分次追回）"), "amount"
    if why := over_owing(part, amount_fen):
        return why, "amount"
    if day is None:
        return "请填写追回日期（款项退回付款单位账户的日期）", "date"
    if day < rec.decided_on:
        return f"追回日期 {day} 早于撤销助推的日期 {rec.decided_on}", "date"
    if future := after_today(day, "追回日期"):
        return future, "date"
    return None


def record_recovered(reg: Register, stream: str, app_id: int, payer: str, day: date | None,
                     voucher: str, amount_fen: int | None = None, note: str = "") -> Recovery:
    """已追回: a sum of one payer's part of a revoked award, returned on ``day`` under
    ``voucher`` (``note``: what came with it, 余款下月退回); ``amount_fen`` None is all the
    payer still owes. Refused over what it owes (saying how much remains). One
    transaction, audited (the sum, and the part's 已追回 and 尚欠 after it). ``payer``:
    FEDERATION / RECOMMENDING_UNION or the payer's name."""
    voucher, note = _tidy(voucher), _tidy(note)
    with reg.transaction():  # read again inside it: another window's sum counts
        rec = _revoked(reg, stream, app_id, "无应追回的款项")
        part = _payer_of(rec, payer)
        amount = part.owing_fen if amount_fen is None else amount_fen
        if why := recovered_refusal(rec, part.payer, amount, day):
            raise FinanceError(why[0])
        if not voucher:
            raise FinanceError("请填写追回的凭证号（如 收款凭证 记-2024-015）")
        assert day is not None
        cur = reg.conn.execute(
            "INSERT INTO recovery_instalments (recovery_id, payer, amount_fen, recovered_date,"
            " voucher, note) SELECT id, ?, ?, ?, ?, ? FROM recoveries"
            " WHERE stream = ? AND application_id = ?",
            (part.payer, amount, day.isoformat(), voucher, note, stream, app_id))
        after = part.recovered_fen + amount
        reg.audit(RECOVERED, _table(stream), app_id,
                  {"to_recover": part.amount_fen, "recovered_total_fen": part.recovered_fen},
                  {"payer_name": part.payer_name, "recovered_fen": amount,
                   "recovered_date": day.isoformat(), "voucher": voucher,
                   **({"remarks": note} if note else {}), "to_recover": part.amount_fen,
                   "recovered_total_fen": after, "owing_fen": part.amount_fen - after,
                   "instalment": cur.lastrowid})
    return _as_stored(reg, stream, app_id)


def _instalment_of(part: PayerPart, instalment: int | None) -> Instalment:
    """The payer's instalment taken back: the one named, or its only one."""
    if not part.instalments:
        raise FinanceError(f"{part.text}，尚未登记追回，无需撤销")
    if instalment is None:
        if len(part.instalments) > 1:
            raise FinanceError(f"{part.payer_name}有 {len(part.instalments)} 笔追回登记（"
                               + "；".join(i.text for i in part.instalments)
                               + "），请指明撤销哪一笔")
        return part.instalments[0]
    for i in part.instalments:
        if i.id == instalment:
            return i
    raise FinanceError(f"{part.payer_name}没有这笔追回登记：已登记的有 "
                       + "；".join(i.text for i in part.instalments))


def withdraw_recovered(reg: Register, stream: str, app_id: int, payer: str,
                       reason: str, instalment: int | None = None) -> Recovery:
    """撤销“已追回”登记: one instalment of a payer recorded in error (the wrong payer or sum,
    a voucher of another matter, the money not back after all) taken back — ``instalment``
    its id, None the payer's only one; the part owes it again. Audited with the sum, day,
    voucher and note it had and the reason; once no sum stands recovered the revocation
    itself may be undone again."""
    reason = _tidy(reason)
    with reg.transaction():
        rec = _revoked(reg, stream, app_id, "无已追回的登记")
        part = _payer_of(rec, payer)
        taken = _instalment_of(part, instalment)
        if not reason:
            raise FinanceError("撤销“已追回”登记须填写理由（如 凭证号登记错了、登记错了付款单位）")
        reg.conn.execute("DELETE FROM recovery_instalments WHERE id = ?", (taken.id,))
        after = part.recovered_fen - taken.amount_fen
        reg.audit(UNRECOVERED, _table(stream), app_id,
                  {"payer_name": part.payer_name, "recovered_fen": taken.amount_fen,
                   "recovered_date": taken.day.isoformat(), "voucher": taken.voucher,
                   **({"remarks": taken.note} if taken.note else {}),
                   "instalment": taken.id},
                  {"to_recover": part.amount_fen, "recovered_total_fen": after,
                   "owing_fen": part.amount_fen - after, "reason": reason})
    return _as_stored(reg, stream, app_id)


def undo_revocation(reg: Register, stream: str, app_id: int, reason: str) -> str:
    """撤销“撤销助推”: a revocation recorded in error taken back while nothing is recorded as
    recovered; the paper back to the status it found, its unpaid rows planned again (the
    plan's sync follows the status). Returns that status in Chinese."""
    rec = _revoked(reg, stream, app_id, "无需撤销")
    reason = _tidy(reason)
    if not rec.undoable:
        raise FinanceError("已登记追回的款项（" + "；".join(p.text for p in rec.parts
                                                      if p.instalments)
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
