"""Two more of ``check``'s row cross-checks (audit_rows'): a person row the trail never made,
and a patent paper's card otherwise than its latest line recording it says.

A person is made only with a 新建 line (ensure_person, an import's batch) or put back
with a 恢复 line, his id never taken by another while his row stands: a row no such line
made, or one standing after its latest such line is a 删除, was inserted outside (the
sqlite3 shell). As audit_rows compares only what the trail records, a person is named
only from the first one the trail made on (ids grow): a synthetic or batch-made
register's people, made with no line, come before it, as do those of a register whose
trail never made one.

A paper's card is written by its 新建 / 恢复 / 修改 lines (the form, an import, `correct
card`, a card corrected after a return): the row holds the latest one's. Before migration
10 the card was the person's and that migration gave each paper one with no line: only
lines after the register's upgrade from a version that may have run it silently (before
15, which first wrote 登记册升级 lines) are compared. An erased person's papers (删除个人信息
cleared the card, its lines say the placeholder) are not; a paid line whose card audit_rows
already named (汇往卡号) is not named twice.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from .records import ERASED_NAME_HEAD, PATENT

_INSERTED = "可能在本程序之外被插入"
# The first schema whose upgrades leave a 登记册升级 line (Register._audit_upgrade); one
# before it may have run migration 10 (each paper's own card, no line) unrecorded.
UPGRADE_LINES_VERSION = 15


def people_inserted(conn: sqlite3.Connection) -> list[str]:
    """People rows no 新建 / 恢复 line made (or standing after a 删除), one sentence each:
    found in SQL (each person's latest such line, the rows without one or after a 删除),
    ≈ 0.1 s at 76,000 people each made by a line."""
    first = conn.execute("SELECT MIN(entity_id) FROM audit_events WHERE entity = 'people'"
                         " AND action IN ('create', 'restore')").fetchone()[0]
    if first is None:
        return []  # (the trail never made a person: nothing to tell an insertion from)
    out = []
    for pid, name, line, action in conn.execute(
            "SELECT p.id, p.name, m.line, m.action FROM people p LEFT JOIN"
            # (a bare column beside MAX: the latest line's own action)
            " (SELECT entity_id, MAX(id) AS line, action FROM audit_events"
            " WHERE entity = 'people' AND entity_id >= ? AND action IN ('create', 'restore',"
            " 'delete') GROUP BY entity_id) m ON m.entity_id = p.id"
            " WHERE p.id >= ? AND (m.action IS NULL OR m.action = 'delete') ORDER BY p.id",
            (first, first)):
        if action == "delete":
            out.append(f"人员{pid}（{name}）：修改记录第 {line} 行记下此人已被删除，修改记录中没有"
                       f"再录入或恢复此人的记录，{_INSERTED}")
        else:
            out.append(f"人员{pid}（{name}）：修改记录中没有录入此人的记录，{_INSERTED}")
    return out


def paper_cards(conn: sqlite3.Connection, named: set[int]) -> list[str]:
    """Patent papers whose card differs from the latest line recording it (``named``: the
    papers whose transfer's card was said already). The rows differing as text found in
    SQL (≈ 0.15 s at 80,000 papers each with its line), then compared as audit_rows does."""
    from .audit_rows import _SUFFIX, _masked, _payee

    since = conn.execute(
        "SELECT COALESCE(MAX(id), 0) FROM audit_events WHERE entity = 'register'"
        " AND action = 'upgrade' AND json_extract(before, '$.version') < ?",
        (UPGRADE_LINES_VERSION,)).fetchone()[0]
    out = []
    for paper, card, line, then, person in conn.execute(
            "SELECT a.id, a.card_number, l.line, l.card, p.name FROM"
            " (SELECT entity_id, MAX(id) AS line, action, json_extract(after, '$.card_number')"
            " AS card FROM audit_events WHERE entity = 'patent_applications'"
            " AND entity_id IS NOT NULL AND (action = 'delete'"  # (deleted: a later row is not its)
            " OR (instr(after, '\"card_number\"') > 0"  # (instr first: fast)
            " AND json_type(after, '$.card_number') IS NOT NULL)) GROUP BY entity_id) l"
            " JOIN patent_applications a ON a.id = l.entity_id"
            " LEFT JOIN people p ON p.id = a.person_id WHERE l.action != 'delete'"
            " AND l.line > ? AND COALESCE(a.card_number, '') IS NOT COALESCE(l.card, '')"
            " ORDER BY a.id", (since,)).fetchall():
        if paper in named or str(person or "").startswith(ERASED_NAME_HEAD):
            continue
        if _same_card(card, then):
            continue
        out.append(f"专利申报（{_payee(conn, PATENT, paper)}）：卡号 {_masked('card_number', card)}"
                   f" 与修改记录第 {line} 行记下的 {_masked('card_number', then)} 不符，{_SUFFIX}")
    return out


def _same_card(now: Any, then: Any) -> bool:
    """As audit_rows compares a card (masked, erased, spaced), both also tidied as stored:
    a line may keep the card as typed (an import's 6214 8300 …, full-width digits)."""
    from boostdesk.validate import tidy_card

    from .audit_rows import _same

    if _same("card_number", now, then):
        return True
    text = str(then or "")
    return "*" not in text and "已删除" not in text and tidy_card(now or "") == tidy_card(text)
