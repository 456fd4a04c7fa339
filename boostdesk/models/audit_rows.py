"""The money and identity rows checked against what the sealed trail last recorded for
them (``check``'s 修改记录防篡改校验, beside the chain): a payment's amount, paid state,
paid day and voucher; a person's card and ID number; each status move's from, to and
operator. The chain shows a trail line edited; this shows a row edited with no line —
``UPDATE payments SET amount_fen = …`` in a database tool.

Only what the trail records reliably is compared. A row with no line recording a value
(a synthetic or batch-made register, a migration's) is not compared; a person erased
(删除个人信息 rewrote his lines to the placeholder) is not; a value masked in the trail
(6217********5670) is compared on the digits it keeps; numbers as digits (a migration
tidied the spaces away). A status history row is compared only where the application's
status lines are as many as its moves (a paper deleted and its id taken again, an older
register's moves: otherwise unpaired). Read in a few queries, no line parsed in Python:
≈ 0.1 s at 100,000 applications.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from typing import Any

from .records import ERASED_NAME_HEAD, PATENT, PROJECT, id_ref

_TABLES = {"patent_applications": PATENT, "project_applications": PROJECT}
_SUFFIX = "可能在本程序之外被改动"


def mismatches(conn: sqlite3.Connection) -> list[str]:
    """Every row found otherwise than its latest trail line says, one sentence each."""
    return _payments(conn) + _people(conn) + _history(conn)


# --- payments -----------------------------------------------------------------------------

def _payments(conn: sqlite3.Connection) -> list[str]:
    latest: dict[int, dict[str, tuple[int, Any]]] = defaultdict(dict)
    for pid, line, create, has_after, amount, paid_type, paid, voucher_type, voucher in \
            conn.execute(
            "SELECT entity_id, id, action = 'create', after IS NOT NULL, COALESCE(json_extract(after, '$.amount_fen'),"
            " json_extract(after, '$.payment_fen')), json_type(after, '$.paid_date'),"
            " json_extract(after, '$.paid_date'), json_type(after, '$.voucher'),"
            " json_extract(after, '$.voucher') FROM audit_events WHERE entity = 'payments'"
            " AND entity_id IS NOT NULL ORDER BY id"):
        seen = latest[pid]
        if not has_after:
            seen.clear()  # a delete line (no after): a row of that id later is another's
            continue
        if isinstance(amount, int):
            seen["amount"] = (line, amount)
        if paid_type is not None or create:  # (a row made unpaid: its line says no day)
            seen["paid"] = (line, paid)
        if voucher_type is not None:
            seen["voucher"] = (line, voucher or "")
    if not latest:
        return []
    out = []
    rows = conn.execute("SELECT id, stream, application_id, amount_fen, paid_date, voucher"
                        " FROM payments ORDER BY id").fetchall()
    for pid, stream, app_id, amount, paid, voucher in rows:
        if not latest.get(pid):
            continue
        seen = latest[pid]
        said = []
        if "amount" in seen and seen["amount"][1] != amount:
            line, then = seen["amount"]
            said.append(f"金额 {_money(amount)} 与修改记录第 {line} 行记下的 {_money(then)} 不符")
        if "paid" in seen and (seen["paid"][1] or None) != (paid or None):
            line, then = seen["paid"]
            said.append(f"{_paid(paid)}与修改记录第 {line} 行记下的{_paid(then)}不符")
        if paid and "voucher" in seen and seen["voucher"][1] != (voucher or ""):
            line, then = seen["voucher"]
            said.append(f"凭证号“{voucher or ''}”与修改记录第 {line} 行记下的“{then}”不符")
        if said:
            out.append(f"拨付第 {pid} 笔（{_payee(conn, stream, app_id)}）：" + "；".join(said)
                       + f"，{_SUFFIX}")
    return out


def _money(fen: Any) -> str:
    from boostdesk.money import format_money

    return format_money(int(fen)) if isinstance(fen, int) else str(fen)


def _paid(day: Any) -> str:
    return f"已拨付（{day}）" if day else "未拨付"


def _payee(conn: sqlite3.Connection, stream: str, app_id: int) -> str:
    if stream == PATENT:
        row = conn.execute("SELECT p.name FROM patent_applications a JOIN people p"
                           " ON p.id = a.person_id WHERE a.id = ?", (app_id,)).fetchone()
    else:
        row = conn.execute("SELECT title FROM project_applications WHERE id = ?",
                           (app_id,)).fetchone()
    name = f"{row[0]} " if row and row[0] else ""
    return f"{name}{id_ref(stream, app_id)}"


# --- people -------------------------------------------------------------------------------

_FIELDS = (("card_number", "卡号"), ("id_number", "身份证号"))


def _people(conn: sqlite3.Connection) -> list[str]:
    latest: dict[int, dict[str, tuple[int, Any]]] = defaultdict(dict)
    for pid, line, has_after, card_type, card, id_type, number in conn.execute(
            "SELECT entity_id, id, after IS NOT NULL, json_type(after, '$.card_number'),"
            " json_extract(after, '$.card_number'), json_type(after, '$.id_number'),"
            " json_extract(after, '$.id_number') FROM audit_events WHERE entity = 'people'"
            " AND entity_id IS NOT NULL ORDER BY id"):
        seen = latest[pid]
        if not has_after:
            seen.clear()  # deleted: a person of that id later is another
            continue
        if card_type is not None:
            seen["card_number"] = (line, card)
        if id_type is not None:
            seen["id_number"] = (line, number)
    out = []
    for pid in sorted(p for p, seen in latest.items() if seen):
        row = conn.execute("SELECT name, card_number, id_number FROM people WHERE id = ?",
                           (pid,)).fetchone()
        if row is None or (row[0] or "").startswith(ERASED_NAME_HEAD):
            continue
        now = {"card_number": row[1], "id_number": row[2]}
        said = []
        for key, word in _FIELDS:
            if key not in latest[pid]:
                continue
            line, then = latest[pid][key]
            if not _same_number(now[key], then):
                said.append(f"{word} {_masked(key, now[key])} 与修改记录第 {line} 行记下的"
                            f" {_masked(key, then)} 不符")
        if said:
            out.append(f"人员{pid}（{row[0]}）：" + "；".join(said) + f"，{_SUFFIX}")
    return out


def _tidy(value: Any) -> str:
    return "".join(str(value or "").split()).replace("-", "").upper()


def _same_number(now: Any, then: Any) -> bool:
    """``then`` as the trail wrote it: erased (the placeholder) says nothing; masked, its
    kept digits must be ``now``'s in their places."""
    text = str(then or "")
    if ERASED_NAME_HEAD in text or "已删除" in text:
        return True
    a, b = _tidy(now), _tidy(then)
    if "*" in b:
        return len(a) == len(b) and all(y in ("*", x) for x, y in zip(a, b, strict=True))
    return a == b


def _masked(key: str, value: Any) -> str:
    """Said masked as the trail view says numbers (the check's output is shown and sent)."""
    from boostdesk.safety.privacy import mask_card_grouped, mask_id

    if not value:
        return "（空）"
    if "*" in str(value):
        return str(value)
    return mask_card_grouped(str(value)) if key == "card_number" else mask_id(str(value))


# --- status history -----------------------------------------------------------------------

def _history(conn: sqlite3.Connection) -> list[str]:
    lines: dict[tuple[str, int], list[tuple[int, Any, Any, str]]] = defaultdict(list)
    for entity, app_id, line, was, now, operator in conn.execute(
            "SELECT entity, entity_id, id, json_extract(before, '$.status'),"
            " json_extract(after, '$.status'), operator FROM audit_events"
            " WHERE action = 'status' AND entity IN ('patent_applications',"
            " 'project_applications') AND entity_id IS NOT NULL ORDER BY id"):
        lines[(_TABLES[entity], app_id)].append((line, was, now, operator))
    if not lines:
        return []
    moves: dict[tuple[str, int], list[tuple[int, Any, Any, str]]] = defaultdict(list)
    for hid, stream, app_id, was, now, operator in conn.execute(
            "SELECT id, stream, application_id, from_status, to_status, operator"
            " FROM status_history WHERE from_status IS NOT NULL ORDER BY id"):
        if (stream, app_id) in lines:
            moves[(stream, app_id)].append((hid, was, now, operator))
    out = []
    for key in sorted(moves):
        theirs, ours = lines[key], moves[key]
        if len(theirs) != len(ours):
            continue  # not paired one for one: nothing said
        left = Counter((w, n, o) for _, w, n, o in theirs)
        for (hid, was, now, operator), (line, t_was, t_now, t_op) in zip(ours, theirs,
                                                                           strict=True):
            if left[(was, now, operator)] > 0:
                left[(was, now, operator)] -= 1
                continue
            said = []
            if (was, now) != (t_was, t_now):
                said.append(f"“{_status(was)} → {_status(now)}”与修改记录第 {line}"
                            f" 行记下的“{_status(t_was)} → {_status(t_now)}”不符")
            if operator != t_op:
                said.append(f"操作人“{operator}”与修改记录第 {line} 行记下的“{t_op}”不符")
            if not said:  # (paired otherwise than in order: the trail has no such move)
                said.append(f"“{_status(was)} → {_status(now)}”（操作人“{operator}”）"
                            "在修改记录中没有相应的行")
            out.append(f"状态记录第 {hid} 条（{id_ref(*key)}）：" + "；".join(said)
                       + f"，{_SUFFIX}")
    return out


def _status(status: Any) -> str:
    from .workflow import STATUS_ZH

    return STATUS_ZH.get(str(status), str(status))
