"""A paid line's parties and a paid award's amount against the trail (``check``, beside
audit_rows): who the money went to (a patent's inventor by name and ID number, a project's
enterprise) and the paying union's name as the lists show them now, against what the
line's 登记拨付 wrote (收款人, 付款单位); the award of a paper with money sent against the
latest line setting it (核准, a campaign's amount followed before payment, a restore).

Legitimate changes are followed: a person's name or ID corrected (his lines hold every
name and number he had; an ID merge writes the paper's own line), an enterprise corrected
(its lines hold its names), a project's payee redirected after a return (``finance.redirect``:
a transfer sent before it is compared with the payee its line replaced), a union renamed, merged or the merge undone (rename_payer
lines on each paid share), erasure (the placeholder says nothing). The lists' names are
read for the paid lines only; a person's or an enterprise's lines only for the few that
differ. Federation lines' payer is left alone (its name is the year's plan title).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from .campaign import RECOMMENDING_UNION
from .record_rows import select_in
from .records import ERASED_NAME_HEAD, PATENT, PROJECT, id_ref

# as finance.terms / finance.read_lines name a line with no union / no enterprise
NO_UNION = "（未填写推荐单位）"
NO_PAYEE = "（未登记所在单位）"


@dataclass(frozen=True)
class Sent:
    payment: int
    stream: str
    app_id: int
    payer: str
    mark: int  # the line marking it paid
    paid_to: Any  # its 收款人 as that line wrote it
    named: tuple[int, Any] | None  # the payer's name as the latest line wrote it


def sent_parties(conn: sqlite3.Connection, sent: list[Sent]) -> list[str]:
    """One sentence per paid line whose payee or paying union reads otherwise now."""
    from .audit_rows import _SUFFIX, _masked, _payee, _same

    if not sent:
        return []
    now = _now(conn)
    said: dict[int, list[str]] = defaultdict(list)
    odd: list[tuple[Sent, Any, Any]] = []  # payee differing: (line, entity id, name now)
    ids: list[tuple[Sent, Any, Any, tuple[int, Any]]] = []  # patents: person, ID now, recorded
    recorded = _recorded_ids(conn)
    redirects = _redirects(conn, sorted({s.app_id for s in sent if s.stream == PROJECT}))
    for s in sent:
        row = now.get((s.stream, s.app_id))
        if row is None:
            continue  # (the paper gone: _gone says so)
        who, name, number, union = row
        if s.stream == PATENT and who is None:
            continue  # (the person gone: _gone says so)
        if str(name or "").startswith(ERASED_NAME_HEAD):
            continue  # erased: his lines rewritten to the placeholder
        name = name or ("" if s.stream == PATENT else NO_PAYEE)
        # sent before a redirect: to the payee the first one since replaced (the lists' too),
        # the names that enterprise had held against what the mark wrote
        was = next((r for r in redirects.get(s.app_id, ()) if r[0] > s.mark),
                   None) if s.stream == PROJECT else None
        if was is not None and isinstance(was[1], str):
            name, who = was[1], was[2]
        if isinstance(s.paid_to, str) and s.paid_to not in ("", NO_PAYEE) \
                and not _same("name", name, s.paid_to):  # (none recorded: none compared)
            odd.append((s, who, name))
        line, then = recorded.get(s.app_id, (0, None))
        if s.stream == PATENT and isinstance(then, str) and then \
                and not _same("id_number", number, then):
            ids.append((s, who, number, (line, then)))
        if s.payer == RECOMMENDING_UNION and s.named and isinstance(s.named[1], str):
            union = union or NO_UNION
            if not _same("name", union, s.named[1]):
                said[s.payment].append(f"付款单位“{union}”与修改记录第 {s.named[0]} 行记下的"
                                       f"“{s.named[1]}”不符")
    held = _held(conn, [(s.stream, who) for s, who, _ in odd]
                 + [(PATENT, who) for s, who, _, _ in ids])
    for s, who, name in odd:
        if not any(_same("name", s.paid_to, was)
                   for was in held.get((s.stream, who), {}).get("name", ())):
            said[s.payment].append(f"收款人“{name}”与修改记录第 {s.mark} 行记下的"
                                   f"“{s.paid_to}”不符")
    for s, who, number, (line, then) in ids:
        if not any(_same("id_number", was, then)
                   for was in held.get((PATENT, who), {}).get("id_number", ())):
            said[s.payment].append(f"收款人身份证号 {_masked('id_number', number)} 与修改记录第"
                                   f" {line} 行记下的 {_masked('id_number', then)} 不符")
    by_id = {s.payment: s for s in sent}
    return [f"拨付第 {pid} 笔（{_payee(conn, by_id[pid].stream, by_id[pid].app_id)}）："
            + "；".join(words) + f"，{_SUFFIX}" for pid, words in sorted(said.items())]


_PAID = "(SELECT application_id FROM payments WHERE stream = ? AND paid_date IS NOT NULL)"


def _now(conn: sqlite3.Connection) -> dict[tuple[str, int], tuple[Any, ...]]:
    """(payee's row id, payee's name, a person's ID number, the union's name) of each paper
    with money sent, as finance.read_lines joins them for the lists (one query a stream:
    IN a subquery, not chunks of ids)."""
    out: dict[tuple[str, int], tuple[Any, ...]] = {}
    for stream, sql in (
            (PATENT, "SELECT a.id, p.id, p.name, p.id_number, u.name FROM patent_applications a"
                     " LEFT JOIN people p ON p.id = a.person_id"
                     " LEFT JOIN units u ON u.id = a.unit_id WHERE a.id IN "),
            (PROJECT, "SELECT a.id, e.id, e.name, NULL, u.name FROM project_applications a"
                      " LEFT JOIN studios s ON s.id = a.studio_id LEFT JOIN enterprises e"
                      " ON e.id = COALESCE(a.payee_enterprise_id, s.enterprise_id)"
                      " LEFT JOIN units u ON u.id = a.unit_id WHERE a.id IN ")):
        for app_id, *row in conn.execute(sql + _PAID, (stream,)):
            out[(stream, app_id)] = tuple(row)
    return out


def _redirects(conn: sqlite3.Connection, papers: list[int]
               ) -> dict[int, list[tuple[int, Any, Any]]]:
    """Each project's payee redirects (line, payee before as spelt now, its enterprise's
    row), oldest first (payment_marks.REDIRECT_EVENT, FOLLOWED_NAME_SQL)."""
    from .payment_marks import FOLLOWED_ENTERPRISE_SQL, FOLLOWED_NAME_SQL, REDIRECT_EVENT

    before = "json_extract(c.before, '$.payee')"
    out: dict[int, list[tuple[int, Any, Any]]] = defaultdict(list)
    for paper, line, name, row in sorted(select_in(
            conn, "SELECT c.entity_id, c.id, "
            + FOLLOWED_NAME_SQL.format(line="c.id", name=before) + ", "
            + FOLLOWED_ENTERPRISE_SQL.format(line="c.id", name=before)
            + " FROM audit_events c WHERE " + REDIRECT_EVENT.replace(
                " AND c.entity_id = {paper}", "") + " AND c.entity_id IN", papers)):
        out[paper].append((line, name, row))
    return out


def _recorded_ids(conn: sqlite3.Connection) -> dict[int, tuple[int, Any]]:
    """Each paid patent's inventor ID as its latest line wrote it (新建, an ID merge's
    更正身份证号 moving it to the same person's other number, 恢复)."""
    return {paper: (line, number) for paper, line, number in conn.execute(
        "SELECT entity_id, MAX(id), json_extract(after, '$.id_number') FROM audit_events"
        " WHERE entity = 'patent_applications' AND entity_id IN " + _PAID
        + " AND instr(after, '\"id_number\"') > 0 GROUP BY entity_id", (PATENT,))}


def _held(conn: sqlite3.Connection, who: list[tuple[str, Any]]
          ) -> dict[tuple[str, Any], dict[str, set[Any]]]:
    """Every name and ID number the trail says a person or an enterprise had (before and
    after each of its lines)."""
    out: dict[tuple[str, Any], dict[str, set[Any]]] = defaultdict(lambda: defaultdict(set))
    for stream, table in ((PATENT, "people"), (PROJECT, "enterprises")):
        keys = sorted({w for s, w in who if s == stream and w is not None})
        if not keys:
            continue
        for row_id, *values in select_in(
                conn, "SELECT entity_id, json_extract(before, '$.name'),"
                " json_extract(after, '$.name'), json_extract(before, '$.id_number'),"
                " json_extract(after, '$.id_number') FROM audit_events WHERE entity = ?"
                " AND entity_id IN", keys, (table,)):
            held = out[(stream, row_id)]
            held["name"].update(v for v in values[:2] if isinstance(v, str))
            held["id_number"].update(v for v in values[2:] if isinstance(v, str))
    return out


def awards(conn: sqlite3.Connection) -> list[str]:
    """A paper with money sent whose award differs from the latest line setting it."""
    from .audit_rows import _SUFFIX, _money

    out = []
    for table, stream in (("patent_applications", PATENT), ("project_applications", PROJECT)):
        for app_id, award, line, then in conn.execute(
                f"SELECT a.id, a.award_fen, e.line, e.award FROM {table} a JOIN"
                " (SELECT entity_id, MAX(id) AS line, json_extract(after, '$.award_fen') AS award"
                " FROM audit_events WHERE entity = ? AND instr(after, '\"award_fen\"') > 0"
                " AND json_type(after, '$.award_fen') IS NOT NULL GROUP BY entity_id) e"
                " ON e.entity_id = a.id WHERE EXISTS (SELECT 1 FROM payments p WHERE p.stream = ?"
                " AND p.application_id = a.id AND p.paid_date IS NOT NULL)"
                " AND a.award_fen IS NOT e.award ORDER BY a.id", (table, stream)):
            out.append(f"{id_ref(stream, app_id)}：助推金额 {_money(award)} 与修改记录第 {line}"
                       f" 行记下的 {_money(then)} 不符（已有拨付），{_SUFFIX}")
    return out
