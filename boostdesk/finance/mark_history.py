"""Who recorded each payment paid, cancelled or returned, and when: the payments' own audit
rows, and those of rows deleted when the award was withdrawn."""

from __future__ import annotations

import json
from typing import Any

from boostdesk.models.campaign import FEDERATION
from boostdesk.models.register import Register

from .cancel import CANCELLED
from .read_lines import payment_lines
from .returns import RETURN_OF
from .terms import NO_UNION, app_table, federation_name, tranche_label, tranche_shares


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
        # a row deleted since (an award withdrawn) whose number this one was given: not its;
        # one put back as it was (恢复申报, panel.withdrawal_restore) is this row, its own
        f" AND NOT EXISTS (SELECT 1 FROM audit_events d WHERE d.entity = 'payments'"
        f" AND d.entity_id = e.entity_id AND d.action = 'delete' AND d.id > e.id"
        f" AND NOT {_PUT_BACK.format(deleted='d')}) ORDER BY e.id",
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
    # what the event itself recorded of the money (since the trail carries it): as it was
    recorded = {key: after[name] for key, name in (("payer_name", "payer_name"),
                                                   ("amount_fen", "payment_fen"))
                if after.get(name) not in (None, "")}
    return {
        "id": event["id"], "at": event["at"], "operator": event["operator"],
        "paid_date": after.get("paid_date"),
        "voucher": after.get("voucher", ""), "reason": after.get("reason", ""),
        "returned_date": after.get("returned_date"),
        # a return's transfer: when, under which voucher, to whom and which card
        "sent_date": sent.get("paid_date"), "sent_voucher": sent.get("voucher", ""),
        "returned_from": after.get("returned_from", ""),
        # to whom and which card (a patent's) it was sent; a re-send, which return it follows
        "paid_to": after.get("paid_to", ""), "paid_card": after.get("paid_card", ""),
        "resent_after": after.get("resent_after", ""),
        **line, **recorded,
    }


# A payment row the ``deleted`` event deleted, put back since as it was (恢复申报:
# panel.withdrawal_restore re-inserts it under its id, audited as ``restore``).
_PUT_BACK = ("EXISTS (SELECT 1 FROM audit_events r WHERE r.entity = 'payments'"
             " AND r.entity_id = {deleted}.entity_id AND r.action = 'restore'"
             " AND r.id > {deleted}.id)")


# An award withdrawn from these statuses had payment rows, deleted with the move
# (Register._withdraw_award, panel.publicity.withdraw_unpaid_award).
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
    table = app_table(stream)
    moves = [r[0] for r in reg.conn.execute(
        "SELECT id FROM audit_events WHERE entity = ? AND entity_id = ? AND action = 'status'"
        f" AND json_extract(before, '$.status') IN ({','.join('?' * len(_WITHDRAWN_FROM))})"
        " AND json_extract(after, '$.status') IN ('not_awarded', 'refused')",
        (table, app_id, *_WITHDRAWN_FROM))]
    deleted: list[tuple[int, int, dict[str, Any]]] = []  # (event, payment, row)
    for move in moves:
        # "+": by the events' own order, not the index of every payment's events
        for r in reg.conn.execute(
                "SELECT id, entity_id, before FROM audit_events d WHERE id < ? AND id >= ?"
                " AND +entity = 'payments' AND +action = 'delete'"
                " AND json_extract(before, '$.stream') = ?"
                " AND json_extract(before, '$.application_id') = ?"
                f" AND NOT {_PUT_BACK.format(deleted='d')}",
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
