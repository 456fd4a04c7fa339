"""The money of the payment lines as the bank moved it, each movement on its own day: a
transfer sent (拨付; 重拨 once sent again after a return) and a transfer sent back (退汇).

A payment row keeps only its standing mark: a return clears its paid day, a re-payment
writes a new one. The days the money moved are in the row's audit trail (the mark's
``paid_date``, the return's ``returned_date`` with the transfer it sent back in
``before``), so a January transfer returned in February stays January's money and the
February return is February's. A mark or a return recorded by mistake and taken back
(撤销拨付登记, 撤销退汇登记) moved nothing: it and its cancellation leave no movement.

Only the rows whose trail holds a return are replayed (one query): every other paid row's
one movement is its paid day. A trail that does not end where the row stands (a mark
written before the trail said where money went) is not trusted: the row's standing mark
is its movement, as before. Rows deleted since with a transfer sent and sent back (an
award withdrawn or revoked while 退汇待重拨) keep their two movements (:class:`GoneRow`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from boostdesk.models.payment_marks import FOLLOWED_NAME_SQL, MARK_CARD_SQL, MARK_PAYEE_SQL
from boostdesk.models.records import PROJECT
from boostdesk.models.register import Register
from boostdesk.validate import tidy_name

from .lines import PaymentLine

SENT = "sent"  # a transfer left the payer's account
RETURNED = "returned"  # the bank sent it back

# the reasons the trail writes (finance.cancel's, kept here as literals: cancel imports
# paying, which imports this package's readers)
_MARK_CANCELLED = "撤销拨付登记："
_RETURN_CANCELLED = "撤销退汇登记："


# (kind, day, voucher, resent, reason, card, payee): a movement before its row's amount is
# known; card: a patent transfer's card when corrected since it was sent, else ""; payee: a
# project transfer's enterprise when redirected since it was sent (finance.redirect), a
# project return's the enterprise it came back from, else ""
Step = tuple[str, date, str, bool, str, str, str]


@dataclass(frozen=True)
class Movement:
    payment_id: int
    kind: str  # SENT or RETURNED
    day: date
    amount_fen: int  # always positive: RETURNED is money back
    voucher: str  # a transfer's; a return's: the voucher of the transfer it sent back
    resent: bool = False  # SENT after a return of the same row (重拨)
    reason: str = ""  # a return's, as its trail says it: 退汇：2023-02-03 退回，会员卡已销户
    # a patent transfer's card, where the paper's was corrected after it was sent (a
    # transfer sent back from the old card, sent again to the new): "" when unchanged since
    card: str = ""
    # a project's: the enterprise a transfer went to where its payee was redirected since
    # (finance.redirect), the one a return came back from; "" for the line's own payee
    payee: str = ""

    @property
    def signed_fen(self) -> int:
        return self.amount_fen if self.kind == SENT else -self.amount_fen


@dataclass(frozen=True)
class GoneRow:
    """A payment row deleted since (its award withdrawn or revoked) whose transfer was sent
    and sent back before: both movements were the bank's."""

    payment_id: int
    stream: str
    app_id: int
    tranche: int
    payer: str  # FEDERATION or RECOMMENDING_UNION
    amount_fen: int
    movements: tuple[Movement, ...]


@dataclass
class Trail:
    """What the trail says of the rows it holds a return for: live rows' movements by id
    (checked against the row by :meth:`of`), and the rows deleted since."""

    replayed: dict[int, list[Step]]
    gone: list[GoneRow]

    def of(self, line: PaymentLine) -> list[Movement]:
        """``line``'s movements, oldest first: its trail's when replayed and ending where
        the line stands, else its standing mark (none when unpaid)."""
        steps = self.replayed.get(line.id)
        if steps is not None and _ends_as(steps, line):
            return [_move(line.id, line.amount_fen, step) for step in steps]
        if line.paid_date is None:
            return []
        return [Movement(line.id, SENT, line.paid_date, line.amount_fen, line.voucher)]


def read_trail(reg: Register) -> Trail:
    """The movements of every payment row (live or deleted) whose trail holds a return."""
    # each mark's card, where its patent's card was corrected since, and its payee, where
    # its project's was redirected since (SQL: payment_marks); a project's return the payee
    # it came back from
    card = MARK_CARD_SQL.format(paper="p.application_id", mark="e.id")
    payee = MARK_PAYEE_SQL.format(paper="q.application_id", mark="e.id")
    # (each as the company is spelt now: a misspelt name corrected since is the same one)
    came_back = FOLLOWED_NAME_SQL.format(line="e.id",
                                         name="json_extract(e.after, '$.returned_from')")
    rows = reg.conn.execute(
        "SELECT e.entity_id, e.action, e.before, e.after,"
        f" CASE WHEN json_type(e.after, '$.paid_date') = 'text' THEN {card} END,"
        " CASE WHEN q.id IS NULL THEN NULL"
        f" WHEN json_type(e.after, '$.paid_date') = 'text' THEN {payee}"
        " WHEN json_type(e.after, '$.returned_date') IS NOT NULL"
        f" THEN {came_back} END"
        " FROM audit_events e LEFT JOIN payments p ON p.id = e.entity_id AND p.stream = 'patent'"
        " LEFT JOIN payments q ON q.id = e.entity_id AND q.stream = 'project'"
        " WHERE e.entity = 'payments' AND e.entity_id IN (SELECT r.entity_id FROM audit_events r"
        " WHERE r.entity = 'payments' AND json_type(r.after, '$.returned_date') IS NOT NULL)"
        " ORDER BY e.entity_id, e.id").fetchall()
    live = {r[0] for r in reg.conn.execute(
        "SELECT id FROM payments WHERE id IN (SELECT DISTINCT r.entity_id FROM audit_events r"
        " WHERE r.entity = 'payments' AND json_type(r.after, '$.returned_date') IS NOT NULL)")}
    replayed: dict[int, list[Step]] = {}
    gone: list[GoneRow] = []
    segment: list[tuple[Any, Any, tuple[str, str]]] = []
    current: int | None = None

    def close(payment_id: int, deleted: dict[str, Any] | None) -> None:
        events = [(json.loads(b or "null") or {}, json.loads(a or "null") or {}, c)
                  for b, a, c in segment]
        if not any(a.get("returned_date") for _, a, _c in events):
            return
        steps = _replay(events)
        if steps is None:
            return
        if deleted is None:
            if payment_id in live:
                replayed[payment_id] = steps
            return
        if _net(steps) != 0:  # paid when deleted: a record undone (往年补录), not the bank's
            return
        amount = int(deleted.get("amount_fen") or 0)
        gone.append(GoneRow(
            payment_id, str(deleted.get("stream")), int(deleted.get("application_id") or 0),
            int(deleted.get("tranche") or 1), str(deleted.get("payer")), amount,
            tuple(_move(payment_id, amount, step) for step in steps)))

    for payment_id, action, before, after, card_to, payee_to in rows:
        sent_to = (card_to or "", tidy_name(payee_to or ""))
        if payment_id != current:
            if current is not None and segment:
                close(current, None)
            current, segment = payment_id, []
        if action == "create":  # a row's life begins (an old register reused deleted ids);
            # one before it that never said it ended is not trusted. A row made paid (往年结题
            # writes the year's history so) was sent that day: its first movement
            segment = [(None, after, sent_to)] if '"paid_date": "' in (after or "") else []
            continue
        if action == "delete":
            close(payment_id, json.loads(before or "null") or {})
            segment = []
            continue
        segment.append((before, after, sent_to))
    if current is not None and segment:
        close(current, None)
    return Trail(replayed, gone)


def _replay(events: list[tuple[dict[str, Any], dict[str, Any], tuple[str, str]]],
            ) -> list[Step] | None:
    """A row's events (before, after, (card, payee): where a mark's transfer went if
    corrected or redirected since, where a project's return came back from) in order as
    :data:`Step` movements; None where the trail cannot be read (a cancellation of nothing)."""
    out: list[Step] = []
    try:
        for before, after, (card, payee) in events:
            reason = str(after.get("reason") or "")
            if after.get("returned_date"):
                out.append((RETURNED, date.fromisoformat(after["returned_date"]),
                            str(before.get("voucher") or ""), False, reason, "", payee))
            elif after.get("paid_date"):
                if reason.startswith(_RETURN_CANCELLED):  # the latest return taken back
                    at = _last(out, RETURNED)
                    if at is None:
                        return None
                    del out[at]
                    continue
                resent = any(kind == RETURNED for kind, *_ in out)
                out.append((SENT, date.fromisoformat(after["paid_date"]),
                            str(after.get("voucher") or ""), resent, "", card, payee))
            elif reason.startswith(_MARK_CANCELLED) and "paid_date" in after:
                at = _last(out, SENT)  # the standing mark, recorded by mistake
                if at is None:
                    return None
                del out[at]
    except (TypeError, ValueError):  # a day the trail spells unreadably
        return None
    return out


def _move(payment_id: int, amount_fen: int, step: Step) -> Movement:
    kind, day, voucher, resent, reason, card, payee = step
    return Movement(payment_id, kind, day, amount_fen, voucher, resent, reason, card, payee)


def _last(steps: list[Step], kind: str) -> int | None:
    return next((i for i in range(len(steps) - 1, -1, -1) if steps[i][0] == kind), None)


def _net(steps: list[Step]) -> int:
    return sum(1 if kind == SENT else -1 for kind, *_ in steps)


def _ends_as(steps: list[Step], line: PaymentLine) -> bool:
    """The replayed trail ends where the row stands: paid on its paid day, or sent back."""
    if line.paid_date is None:
        return _net(steps) == 0
    sent = [s for s in steps if s[0] == SENT]
    return _net(steps) == 1 and bool(sent) and sent[-1][1] == line.paid_date


def sent_in(lines: list[PaymentLine], trail: Trail, first: date,
            last: date) -> list[PaymentLine]:
    """Each transfer of ``lines`` sent between ``first`` and ``last`` (both included), as
    the line stood when it was sent: its day and voucher; one the bank sent back since says
    so (其后退汇：2023-02-03 退回（会员卡已销户）), so a list of a month's transfers is the
    month's, whatever became of them; a patent's to the card it went to (the bank's
    statement's), not one corrected after it came back."""
    from dataclasses import replace

    from .lines import recovery_said, return_text

    out = []
    for x in lines:
        moves = trail.of(x)
        for k, m in enumerate(moves):
            if m.kind != SENT or not first <= m.day <= last:
                continue
            after = moves[k + 1] if k + 1 < len(moves) else None
            if after is not None and after.kind == RETURNED:
                note = f"{LATER_RETURNED}{return_text(after.day, after.reason, '')}"
            else:  # the standing mark: a re-payment says what came back before it
                note = x.was_returned
                if x.to_recover:  # the standing transfer, its award revoked since
                    note = "；".join(filter(None, (note, f"{LATER_REVOKED}{recovery_said([x])}")))
            out.append(replace(x, paid_date=m.day, voucher=m.voucher, was_returned=note,
                               card_number=m.card or x.card_number,
                               payee=m.payee or x.payee,
                               enterprise_name=(m.payee or x.enterprise_name) if x.stream
                               == PROJECT else x.enterprise_name,
                               returned_date=None, returned_reason="", returned_to="",
                               returned_voucher="", hold=""))
    return out


LATER_RETURNED = "其后退汇："  # a transfer of a period's list the bank sent back since
# a period's transfer whose award was revoked since (撤销助推): it left the bank that day, so
# the period's list keeps it (reconciling with the batch) and says what is to recover
LATER_REVOKED = "其后撤销助推，"
