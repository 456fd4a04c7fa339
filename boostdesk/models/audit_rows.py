"""The rows checked against what the sealed trail recorded for them (``check``'s
修改记录防篡改校验, beside the chain). The chain shows a trail line edited; this shows a row
edited, inserted or deleted with no line — ``UPDATE payments SET amount_fen = …`` in a
database tool:

- a payment's amount, payer (市总工会 / 推荐工会: written once, never changed), paid state,
  paid day and voucher as its latest line says; a payment the trail records (and no line
  deletes) still there; one paid with no line paying it;
- a person's name, card, ID number and phone as his latest line says;
- an application's status as its latest line says; its status moves (from, to, operator)
  as its status lines, compared as multisets: each move one line, each line one move;
- an application or person whose latest 新建 / 恢复 / 删除 line is not a 删除 still there
  (the program deletes them only with that line; 删除个人信息 and the archive delete none);
- a paid patent line's card as the lists say it was sent (the card its paper's first
  correction after the transfer replaced, else the paper's) as its mark recorded it;
- a paid line's payee (inventor's name and ID, project's enterprise) and paying union's
  name, and a paid award's amount, against its lines (audit_payees).
- a person row no 新建 / 恢复 line made (inserted outside), and each patent paper's card,
  before any transfer too, against its latest line recording it (audit_unrecorded).

Only what the trail records reliably is compared. A row with no line recording a value (a
synthetic or batch-made register, a migration's) is not; an application's moves only when
its creation line recorded its status (an older register's moves predate their lines); a
person erased (删除个人信息 rewrote his lines to the placeholder) is not; a value masked in
the trail (6217********5670) is compared on the digits it keeps; numbers as digits, names
and phones tidied (a migration tidied them with no line). Legitimate moves the history
drops are followed: a paper deleted (its moves kept aside) and brought back (put back), a
withdrawal undone (its move and the move back leave the history, their lines stay).
Read in a few queries, no line parsed in Python: ≈ 0.15 s at 100,000 applications.
"""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .audit_payees import Sent, awards, sent_parties
from .campaign import PAYER_ZH
from .records import ERASED_NAME_HEAD, PATENT, PROJECT, id_ref

_TABLES = {"patent_applications": PATENT, "project_applications": PROJECT}
_SUFFIX = "可能在本程序之外被改动"
_EXAMPLES = 3
# a withdrawal undone (panel.withdrawal_restore.UNDO_ACTION): its moves leave the history
_UNDO_WITHDRAWAL = "undo_withdrawal"
# findings passed against for a move (rules.hand_moves): its status the move's, made or not
_ACCEPTED = "accept_findings"
# a return taken back (finance.cancel.RETURN_CANCELLED) puts back a transfer marked before
_RETURN_TAKEN_BACK = "撤销退汇登记："


def mismatches(conn: sqlite3.Connection, compared: set[int] | None = None) -> list[str]:
    """Every row found otherwise than its trail lines say, one sentence each; ``compared``
    gets the payments whose paid state was compared (:func:`paid_unrecorded` skips them)."""
    from .audit_unrecorded import paper_cards, people_inserted

    carded: set[int] = set()  # the papers whose transfer's card is named
    return (_payments(conn, set() if compared is None else compared, carded) + _people(conn)
            + paper_cards(conn, carded) + _gone(conn) + people_inserted(conn)
            + _applications(conn) + awards(conn))


def paid_unrecorded(conn: sqlite3.Connection, trail_whole: bool, compared: set[int]) -> str:
    """Payments registered paid with no line registering them paid, said in one sentence
    ("" when none), those :func:`mismatches` named left out: the trail whole, the row was
    marked outside; else its line may have gone with the trail's."""
    paid = [(s, a) for pid, s, a in conn.execute(
        "SELECT p.id, p.stream, p.application_id FROM payments p WHERE p.paid_date IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.entity = 'payments'"
        " AND e.entity_id = p.id AND json_extract(e.after, '$.paid_date') IS NOT NULL)"
        " ORDER BY p.id") if pid not in compared]
    if not paid:
        return ""
    refs = list(dict.fromkeys(id_ref(s, a) for s, a in paid))
    named = "、".join(refs[:_EXAMPLES]) + ("等" if len(refs) > _EXAMPLES else "")
    if trail_whole:
        return (f"{len(paid):,} 笔拨付（{named}的款项）已标为拨付，但修改记录中没有登记拨付的记录"
                f"（{_SUFFIX}）")
    return (f"{len(paid):,} 笔已登记的拨付在修改记录中没有登记拨付的记录（{named}的款项）："
            "其登记拨付的记录已被删除，或是在本程序之外标为拨付的")


# --- payments -----------------------------------------------------------------------------

@dataclass
class _Seen:
    fields: dict[str, tuple[int, Any]] = field(default_factory=dict)
    line: int = 0  # the line that recorded the payment (its create, or latest)
    stream: str = ""
    app_id: int = 0
    # a paid day → the latest line marking it (not a return taken back), its paid_card
    # and paid_to (收款人)
    marks: dict[str, tuple[int, Any, Any]] = field(default_factory=dict)
    named: tuple[int, Any] | None = None  # the latest payer_name a line wrote (rename_payer's)


def _payments(conn: sqlite3.Connection, compared: set[int], carded: set[int]) -> list[str]:
    latest: dict[int, _Seen] = {}
    for (pid, line, action, amount, paid_type, paid, voucher_type, voucher, stream, app, payer,
         card, reason, paid_to, payer_name) in conn.execute(
            "SELECT entity_id, id, action, COALESCE(json_extract(after, '$.amount_fen'),"
            " json_extract(after, '$.payment_fen')), json_type(after, '$.paid_date'),"
            " json_extract(after, '$.paid_date'), json_type(after, '$.voucher'),"
            " json_extract(after, '$.voucher'), json_extract(after, '$.stream'),"
            " json_extract(after, '$.application_id'), json_extract(after, '$.payer'),"
            " json_extract(after, '$.paid_card'), json_extract(after, '$.reason'),"
            " json_extract(after, '$.paid_to'), json_extract(after, '$.payer_name')"
            " FROM audit_events WHERE entity = 'payments' AND entity_id IS NOT NULL ORDER BY id"):
        if action == "delete":  # (its after, if any, is the reason): a row of that id later is another's
            latest.pop(pid, None)
            continue
        if action == "create" or pid not in latest:
            latest[pid] = _Seen(line=line)
        seen = latest[pid]
        if isinstance(stream, str) and isinstance(app, int):
            seen.stream, seen.app_id = stream, app
        if isinstance(amount, int):
            seen.fields["amount"] = (line, amount)
        if isinstance(payer, str) and payer in PAYER_ZH:  # (its 新建 or 恢复 line)
            seen.fields["payer"] = (line, payer)
        if paid_type is not None or action == "create":  # (a row made unpaid: no day said)
            seen.fields["paid"] = (line, paid)
        if voucher_type is not None:
            seen.fields["voucher"] = (line, voucher or "")
        if isinstance(payer_name, str):  # (its 新建, each mark, return and rename_payer)
            seen.named = (line, payer_name)
        if paid_type == "text" and not str(reason or "").startswith(_RETURN_TAKEN_BACK):
            seen.marks[paid] = (line, card, paid_to)
    if not latest:
        return []
    out = []
    found: set[int] = set()
    sent: list[tuple[int, int, int, Any]] = []  # paid patent lines: payment, paper, mark, card
    parties: list[Sent] = []  # every paid line's payee and payer as its lines recorded them
    for pid, stream, app_id, amount, paid, voucher, payer in conn.execute(
            "SELECT id, stream, application_id, amount_fen, paid_date, voucher, payer"
            " FROM payments ORDER BY id").fetchall():
        found.add(pid)
        if pid not in latest:
            continue
        fields = latest[pid].fields
        said = []
        if "amount" in fields and fields["amount"][1] != amount:
            line, then = fields["amount"]
            said.append(f"金额 {_money(amount)} 与修改记录第 {line} 行记下的 {_money(then)} 不符")
        if "payer" in fields and fields["payer"][1] != payer:
            line, then = fields["payer"]
            said.append(f"付款单位“{PAYER_ZH.get(payer, payer)}”与修改记录第 {line} 行记下的"
                        f"“{PAYER_ZH[then]}”不符")
        if "paid" in fields:
            compared.add(pid)
        if "paid" in fields and (fields["paid"][1] or None) != (paid or None):
            line, then = fields["paid"]
            said.append(f"{_paid(paid)}与修改记录第 {line} 行记下的{_paid(then)}不符")
        if paid and "voucher" in fields and fields["voucher"][1] != (voucher or ""):
            line, then = fields["voucher"]
            said.append(f"凭证号“{voucher or ''}”与修改记录第 {line} 行记下的“{then}”不符")
        if paid and paid in latest[pid].marks:
            mark, card, paid_to = latest[pid].marks[paid]
            if stream == PATENT:
                sent.append((pid, app_id, mark, card))
            was = fields.get("payer", (0, payer))[1]  # (a payer rewritten: said above)
            parties.append(Sent(pid, stream, app_id, was, mark, paid_to, latest[pid].named))
        if said:
            out.append(f"拨付第 {pid} 笔（{_payee(conn, stream, app_id)}）：" + "；".join(said)
                       + f"，{_SUFFIX}")
    out += _sent_cards(conn, sent, carded)
    out += sent_parties(conn, parties)
    for pid in sorted(set(latest) - found):  # recorded, no line deleting it: deleted outside
        gone = latest[pid]
        if "amount" not in gone.fields or not gone.stream:
            continue  # (not a payment the trail recorded whole)
        amount = gone.fields["amount"][1]
        paid = gone.fields.get("paid", (0, None))[1]
        out.append(f"拨付第 {pid} 笔（{_payee(conn, gone.stream, gone.app_id)}）：修改记录第 "
                   f"{gone.fields['amount'][0]} 行记下的这笔拨付（{_money(amount)}，{_paid(paid)}）"
                   "在登记册中已不存在，修改记录中也没有删除它的记录，可能在本程序之外被删除")
    return out


def _sent_cards(conn: sqlite3.Connection, sent: list[tuple[int, int, int, Any]],
                carded: set[int]) -> list[str]:
    """A paid patent line's card as the lists say it went (payment_marks.PAID_CARD_SQL: the
    card its paper's first card correction after the mark replaced, else the paper's card)
    against the card the mark recorded. A card corrected in the program keeps the card
    replaced in its line, so only a card written outside differs. A mark that recorded no
    card (before 0.19.0, by a status move, as history, a line put back) is not read. The
    papers named go in ``carded`` (audit_unrecorded.paper_cards then names them once)."""
    from .record_rows import select_in

    sent = [s for s in sent if isinstance(s[3], str) and s[3]]
    if not sent:
        return []
    papers = sorted({paper for _, paper, _, _ in sent})
    cards = dict(select_in(conn, "SELECT id, card_number FROM patent_applications WHERE id IN",
                           papers))
    fixes: dict[int, list[tuple[int, Any]]] = defaultdict(list)
    for paper, line, was in sorted(select_in(
            conn, "SELECT entity_id, id, json_extract(before, '$.card_number') FROM audit_events"
            " WHERE entity = 'patent_applications' AND action = 'update'"
            " AND json_type(after, '$.card_number') IS NOT NULL AND entity_id IN", papers)):
        fixes[paper].append((line, was))
    out = []
    for pid, paper, mark, then in sent:
        if paper not in cards:
            continue  # (the paper gone: _gone says so)
        now = next((was for line, was in fixes[paper] if line > mark), cards[paper])
        if not _same("card_number", now, then):
            carded.add(paper)
            out.append(f"拨付第 {pid} 笔（{_payee(conn, PATENT, paper)}）：汇往卡号"
                       f" {_masked('card_number', now)} 与修改记录第 {mark} 行记下的"
                       f" {_masked('card_number', then)} 不符，{_SUFFIX}")
    return out


def _money(fen: Any) -> str:
    from boostdesk.money import format_money

    if fen is None:
        return "（空）"
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

_FIELDS = (("name", "姓名"), ("card_number", "卡号"), ("id_number", "身份证号"),
           ("phone", "联系电话"))


def _people(conn: sqlite3.Connection) -> list[str]:
    latest: dict[int, dict[str, tuple[int, Any]]] = defaultdict(dict)
    for pid, line, action, *values in conn.execute(
            "SELECT entity_id, id, action, " + ", ".join(
                f"json_type(after, '$.{k}'), json_extract(after, '$.{k}')" for k, _ in _FIELDS)
            + " FROM audit_events WHERE entity = 'people' AND entity_id IS NOT NULL ORDER BY id"):
        seen = latest[pid]
        if action == "delete":
            seen.clear()  # deleted (its after, if any, the reason): a person of that id later is another
            continue
        for n, (key, _) in enumerate(_FIELDS):
            if values[2 * n] is not None:
                seen[key] = (line, values[2 * n + 1])
    out = []
    for pid in sorted(p for p, seen in latest.items() if seen):
        row = conn.execute("SELECT name, card_number, id_number, phone FROM people WHERE id = ?",
                           (pid,)).fetchone()
        if row is None or (row[0] or "").startswith(ERASED_NAME_HEAD):
            continue
        now = dict(zip((k for k, _ in _FIELDS), row, strict=True))
        said = []
        for key, word in _FIELDS:
            if key not in latest[pid]:
                continue
            line, then = latest[pid][key]
            if not _same(key, now[key], then):
                said.append(f"{word} {_masked(key, now[key])} 与修改记录第 {line} 行记下的"
                            f" {_masked(key, then)} 不符")
        if said:
            out.append(f"人员{pid}（{row[0]}）：" + "；".join(said) + f"，{_SUFFIX}")
    return out


def _tidy(value: Any) -> str:
    return "".join(str(value or "").split()).replace("-", "").upper()


def _same(key: str, now: Any, then: Any) -> bool:
    """``then`` as the trail wrote it: erased (the placeholder) says nothing; masked, its
    kept digits must be ``now``'s in their places; a name or phone as stored tidied."""
    if (now or "") == (then or ""):
        return True
    text = str(then or "")
    if ERASED_NAME_HEAD in text or "已删除" in text:
        return True
    if key == "name":
        from boostdesk.validate import tidy_name

        return tidy_name(str(now or "")) == tidy_name(text)
    a, b = _tidy(now), _tidy(then)
    if "*" in b:
        return len(a) == len(b) and all(y in ("*", x) for x, y in zip(a, b, strict=True))
    if key == "phone" and a and b:
        from boostdesk.validate import tidy_phone

        return _tidy(tidy_phone(str(now))) == _tidy(tidy_phone(text))
    return a == b


def _masked(key: str, value: Any) -> str:
    """Said masked as the trail view says numbers (the check's output is shown and sent)."""
    from boostdesk.safety.privacy import mask_card_grouped, mask_id, mask_phone

    if not value:
        return "（空）"
    if key == "name" or "*" in str(value):
        return str(value)
    if key == "phone":
        return mask_phone(str(value))
    return mask_card_grouped(str(value)) if key == "card_number" else mask_id(str(value))


# --- applications and people deleted outside ----------------------------------------------

# (entity, its words, the key in its lines naming it): a patent by its first inventor
_GONE = (("patent_applications", "专利申报", "inventor_name"),
         ("project_applications", "创新项目申报", "title"), ("people", "人员", "name"))


def _gone(conn: sqlite3.Connection) -> list[str]:
    """The rows whose latest 新建 / 恢复 / 删除 line is no 删除, gone from their table: the
    program deletes an application or a person only with that line (an id is never given
    again), so the row went outside it. The ids the trail names and the table lacks found
    on the indexes (≈ 0.03 s at 100,000 papers), then only their lines read (CROSS JOIN:
    the few ids first, not every line probed against them)."""
    out = []
    for table, what, key in _GONE:
        for row_id, line, action, name in conn.execute(
                "SELECT e.entity_id, MAX(e.id), e.action, json_extract(e.after, ?) FROM"
                " (SELECT entity_id FROM audit_events WHERE entity = ? AND entity_id IS NOT NULL"
                f" EXCEPT SELECT id FROM {table}) g CROSS JOIN audit_events e ON e.entity = ?"
                " AND e.entity_id = g.entity_id AND e.action IN ('create', 'restore', 'delete')"
                " GROUP BY e.entity_id ORDER BY e.entity_id", (f"$.{key}", table, table)):
            if action == "delete":
                continue
            named = f"{name} " if isinstance(name, str) and name else ""
            if table == "people":
                ref, it = f"人员{row_id}（{name or ''}）", "此人"
            else:
                ref, it = f"{what}（{named}{id_ref(_TABLES[table], row_id)}）", "这份申报"
            out.append(f"{ref}：修改记录第 {line} 行记下的{it}在登记册中已不存在，修改记录中也没有"
                       "删除的记录，可能在本程序之外被删除")
    return out


# --- applications: status and status moves -----------------------------------------------

@dataclass
class _Paper:
    lines: list[tuple[int, Any, Any, str]] = field(default_factory=list)  # status moves
    kept: list[tuple[int, Any, Any, str]] = field(default_factory=list)  # before a delete
    last: tuple[int, Any] | None = None  # the latest line recording its status
    created: bool = False  # its creation line recorded its status: its moves all are lines


def _applications(conn: sqlite3.Connection) -> list[str]:
    papers: dict[tuple[str, int], _Paper] = defaultdict(_Paper)
    for entity, app_id, line, action, was, now, has_status, operator in conn.execute(
            "SELECT entity, entity_id, id, action, json_extract(before, '$.status'),"
            " json_extract(after, '$.status'), json_type(after, '$.status') IS NOT NULL,"
            " operator FROM audit_events WHERE entity IN ('patent_applications',"
            " 'project_applications') AND entity_id IS NOT NULL AND (action IN ('status',"
            f" 'delete', 'restore', '{_UNDO_WITHDRAWAL}') OR (instr(after, '\"status\"') > 0"
            " AND json_type(after, '$.status') IS NOT NULL)) ORDER BY id"):  # (instr: fast)
        p = papers[(_TABLES[entity], app_id)]
        if action == "delete":  # its moves kept aside: an undo puts them back
            p.kept, p.lines, p.last, p.created = p.lines, [], None, False
            continue
        if action == "restore":
            p.lines, p.kept = p.kept + p.lines, []
        elif action == _UNDO_WITHDRAWAL:
            while p.lines:  # the move back and the withdrawal leave the history
                if p.lines.pop()[2] == was:
                    break
        elif action == "status":
            p.lines.append((line, was, now, operator))
        if has_status and action != _ACCEPTED:
            p.last = (line, now)
            if action in ("create", "restore"):
                p.created = True
    if not papers:
        return []
    present: set[tuple[str, int]] = set()
    out = _statuses(conn, papers, present)
    moves: dict[tuple[str, int], list[tuple[int, Any, Any, str]]] = defaultdict(list)
    for hid, stream, app_id, was, now, operator in conn.execute(
            "SELECT id, stream, application_id, from_status, to_status, operator"
            " FROM status_history WHERE from_status IS NOT NULL ORDER BY id"):
        paper = papers.get((stream, app_id))
        if paper is not None and paper.created:
            moves[(stream, app_id)].append((hid, was, now, operator))
    for key in sorted(k for k, p in papers.items() if p.created and k in present):  # (gone: _gone)
        out += _moves(key, papers[key].lines, moves.get(key, []))
    return out


def _statuses(conn: sqlite3.Connection, papers: dict[tuple[str, int], _Paper],
              present: set[tuple[str, int]]) -> list[str]:
    out = []
    for table, stream in _TABLES.items():
        for app_id, status in conn.execute(f"SELECT id, status FROM {table} ORDER BY id"):
            present.add((stream, app_id))
            p = papers.get((stream, app_id))
            if p is None or p.last is None or p.last[1] == status:
                continue
            out.append(f"{id_ref(stream, app_id)}：状态“{_status(status)}”与修改记录第 {p.last[0]}"
                       f" 行记下的“{_status(p.last[1])}”不符，{_SUFFIX}")
    return out


def _moves(key: tuple[str, int], lines: list[tuple[int, Any, Any, str]],
           rows: list[tuple[int, Any, Any, str]]) -> list[str]:
    """The history's moves and the trail's status lines as multisets: the rows no line
    records, the lines no row keeps; paired in order where both are left (a row edited)."""
    left = Counter((w, n, o) for _, w, n, o in lines)
    extra = []
    for hid, was, now, operator in rows:
        if left[(was, now, operator)] > 0:
            left[(was, now, operator)] -= 1
        else:
            extra.append((hid, was, now, operator))
    kept = Counter((w, n, o) for _, w, n, o in rows)
    missing = []
    for line, was, now, operator in lines:
        if kept[(was, now, operator)] > 0:
            kept[(was, now, operator)] -= 1
        else:
            missing.append((line, was, now, operator))
    ref = id_ref(*key)
    out = []
    for (hid, was, now, operator), (line, t_was, t_now, t_op) in zip(extra, missing,
                                                                       strict=False):
        said = []
        if (was, now) != (t_was, t_now):
            said.append(f"“{_status(was)} → {_status(now)}”与修改记录第 {line}"
                        f" 行记下的“{_status(t_was)} → {_status(t_now)}”不符")
        if operator != t_op:
            said.append(f"操作人“{operator}”与修改记录第 {line} 行记下的“{t_op}”不符")
        out.append(f"状态记录第 {hid} 条（{ref}）：" + "；".join(said) + f"，{_SUFFIX}")
    pairs = min(len(extra), len(missing))
    for hid, was, now, operator in extra[pairs:]:
        out.append(f"状态记录（{ref}）多出一条“{_status(was)} → {_status(now)}”（{operator}，"
                   f"第 {hid} 条），修改记录中没有，可能在本程序之外被插入")
    for line, was, now, operator in missing[pairs:]:
        out.append(f"状态记录（{ref}）缺少修改记录第 {line} 行记下的“{_status(was)} →"
                   f" {_status(now)}”（{operator}），可能在本程序之外被删除")
    return out


def _status(status: Any) -> str:
    from .workflow import STATUS_ZH

    return STATUS_ZH.get(str(status), str(status))
