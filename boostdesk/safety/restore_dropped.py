"""What a restore takes out of the register, said by kind: the replaced register's trail
lines past the backup's last one, counted by what they did (登记拨付 1 笔, 状态变更 1 条),
and the payments registered paid there that the restored register holds unpaid, with
their money and voucher. A restore to the backup taken before a payment said only
"1 条修改记录…不在恢复后的登记册中": 拨付 and 待办 then listed the money as still to pay,
and nothing told the finance office it had gone out already (paid twice)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from boostdesk.money import format_money

from .integrity import SQLITE_FAILURES, sqlite_uri

# a payment registered paid (登记拨付, 登记重拨（退汇后）): said by its money, not as a line
_PAID_WORDS = ("登记拨付", "登记重拨（退汇后）")


def dropped(backup: sqlite3.Connection, replaced: Path) -> dict[str, Any]:
    """The changes a restore takes out of the register (a backup is a copy of the register:
    same ids): the replaced register's audit events past the backup's last one, counted
    with when, by whom and by kind (``kinds``), and the payments paid there that the backup
    holds unpaid or not at all (``payments``). {} when there are none, or the replaced copy
    cannot be read (a damaged one)."""
    last = backup.execute("SELECT COALESCE(MAX(id), 0) FROM audit_events").fetchone()[0]
    try:
        old = sqlite3.connect(sqlite_uri(replaced), uri=True)  # a # or % in its path
        try:
            count, since, until = old.execute(
                "SELECT COUNT(*), MIN(at), MAX(at) FROM audit_events WHERE id > ?",
                (last,)).fetchone()
            if not count:
                return {}
            operators = [r[0] for r in old.execute(
                "SELECT DISTINCT operator FROM audit_events WHERE id > ? ORDER BY operator",
                (last,))]
            kinds = _kinds(old, last)
            payments = _payments_unpaid_again(old, backup)
        finally:
            old.close()
    except SQLITE_FAILURES:  # a damaged register (a garbled name in its schema too)
        return {}
    return {"discarded": count, "since": since, "until": until, "operators": operators,
            "kinds": kinds, "payments": payments}


def _kinds(old: sqlite3.Connection, last: int) -> list[list[Any]]:
    """[words, lines] for each kind of line past ``last``, in the order first made."""
    from boostdesk.audit_log import line_action

    counted: Counter[str] = Counter()
    for action, entity, after in old.execute(
            "SELECT action, entity, after FROM audit_events WHERE id > ? ORDER BY id", (last,)):
        try:
            doc = json.loads(after) if after else {}
        except ValueError:
            doc = {}
        counted[line_action({"action": action, "entity": entity,
                             "after": doc if isinstance(doc, dict) else {}})] += 1
    return [[words, n] for words, n in counted.items()]


def _payments_unpaid_again(old: sqlite3.Connection, backup: sqlite3.Connection
                           ) -> list[dict[str, Any]]:
    """Payments registered paid in the replaced register and unpaid (or absent) in the
    backup: what the restore turns back into money still to pay."""
    try:
        paid = old.execute(
            "SELECT id, stream, application_id, amount_fen, paid_date, voucher FROM payments"
            " WHERE paid_date IS NOT NULL AND paid_date != '' ORDER BY id").fetchall()
    except sqlite3.Error:  # (a register from before payments)
        return []
    if not paid:
        return []
    try:
        still = {r[0] for r in backup.execute(
            "SELECT id FROM payments WHERE paid_date IS NOT NULL AND paid_date != ''")}
    except sqlite3.Error:
        still = set()
    return [{"id": pid, "stream": stream, "application_id": app, "fen": fen, "paid_date": day,
             "voucher": voucher or ""}
            for pid, stream, app, fen, day, voucher in paid if pid not in still]


def payments_said(payments: list[dict[str, Any]]) -> str:
    """登记拨付 2 笔 ¥3,000.00（拨付21 专利27 ¥1,500.00，2023-01-10，凭证 记-2023-0500；…）."""
    from boostdesk.models.records import id_ref

    if not payments:
        return ""
    total = sum(int(p.get("fen") or 0) for p in payments)
    each = "；".join(
        f"拨付{p.get('id')}"
        + (f" {id_ref(p['stream'], int(p['application_id']))}"
           if p.get("stream") in ("patent", "project") and p.get("application_id") else "")
        + f" {format_money(int(p.get('fen') or 0))}，{p.get('paid_date', '')}"
        + (f"，凭证 {p['voucher']}" if p.get("voucher") else "")
        for p in payments)
    return f"登记拨付 {len(payments)} 笔 {format_money(total)}（{each}）"


def kinds_said(before: dict[str, Any]) -> str:
    """The dropped lines by kind, the payments paid by their money: 登记拨付 1 笔 ¥1,500.00
    （…）、状态变更 1 条. "" for a restore recorded before kinds were counted."""
    payments = before.get("payments") or []
    parts = [payments_said(payments)] if payments else []
    parts += [f"{words} {n} 条" for words, n in (before.get("kinds") or [])
              if not (payments and words in _PAID_WORDS)]
    return "、".join(x for x in parts if x)


def said(before: dict[str, Any]) -> str:
    """The restore's line (and message) on what it took out: how many lines, when, by whom,
    of which kinds, and the warning on payments made unpaid again."""
    since, until = (str(before.get(k) or "")[:16].replace("T", " ") for k in ("since", "until"))
    kinds = kinds_said(before)
    text = (f"恢复前登记册中该备份之后的 {before.get('discarded', 0)} 条修改记录（{since} 至 {until}，"
            f"操作人：{'、'.join(before.get('operators') or [])}）不在恢复后的登记册中"
            + (f"：{kinds}" if kinds else "") + "，见恢复前的登记册")
    warned = warning(before)
    return f"{text}。{warned}" if warned else text


def warning(before: dict[str, Any]) -> str:
    """What the finance office must do about payments the restore made unpaid again."""
    payments = before.get("payments") or []
    if not payments:
        return ""
    return (f"警告：恢复后，这 {len(payments)} 笔拨付在登记册中又是未拨付（拨付清单和待办中列为"
            "待拨付）：钱如已付出，请按凭证重新登记这些拨付，以免重复付款")
