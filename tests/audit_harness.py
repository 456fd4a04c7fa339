"""A test helper: every row an action changed in the register, held against the audit
events the action wrote (who, which record, before and after).

    with AuditWatch(db) as watch:
        main(["pay", "mark", "3", ...])
    assert watch.unaudited() == []

A row counts as audited when an event of the action names its table and id, or the row
it belongs to (OWNERS: a score its review, a conflict its expert); an import's event naming
its first and last ids covers the applications between, a merge's the rows it lists as
moved. What the register derives and writes with every change (the stored verdicts, search
texts and title keys, the row's ``updated_at``) and the audit table itself are not compared.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Columns the register derives from the others (re-checks, search keys, timestamps):
# written with every change, never an auditor's fact.
DERIVED = {"search_text", "search_numbers", "title_key", "eligible", "incomplete", "findings",
           "updated_at"}
# status_history is the status moves' own trail; each move is an audit event on the
# application besides (checked there); audit_seal counts the trail's lines (audit_chain).
NOT_COMPARED = {"audit_events", "audit_seal", "status_history", "sqlite_sequence"}

# Rows audited on the row they belong to: table -> ((entity, column naming its id), ...).
OWNERS: dict[str, tuple[tuple[str, str], ...]] = {
    "conflicts": (("experts", "expert_id"),),
    "tier_overrides": (("project_applications", "project_id"),),
    "scores": (("assignments", "assignment_id"),),
    "proposals": (("proposals", "campaign_id"), ("publicity_periods", "period_id")),
    "criteria": (("criteria", "campaign_id"),),
}

Snapshot = dict[str, dict[int, dict[str, Any]]]


def snapshot(conn: sqlite3.Connection) -> Snapshot:
    """Every table's rows by rowid (the audit table's left out)."""
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    shot: Snapshot = {}
    for table in tables:
        if table in NOT_COMPARED:
            continue
        cur = conn.execute(f"SELECT rowid AS _rowid, * FROM {table}")
        cols = [c[0] for c in cur.description]
        shot[table] = {row[0]: dict(zip(cols[1:], row[1:], strict=True)) for row in cur}
    return shot


@dataclass(frozen=True)
class Change:
    table: str
    row_id: int
    kind: str  # insert, update, delete
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def columns(self) -> set[str]:
        if self.before is None or self.after is None:
            return set((self.before or self.after or {}).keys())
        return {k for k in self.after if self.before.get(k) != self.after[k]}


def diff(before: Snapshot, after: Snapshot) -> list[Change]:
    """The rows inserted, deleted or changed beyond their derived columns."""
    changes: list[Change] = []
    for table in sorted(set(before) | set(after)):
        old, new = before.get(table, {}), after.get(table, {})
        for rid in sorted(set(old) | set(new)):
            a, b = old.get(rid), new.get(rid)
            if a == b:
                continue
            kind = "insert" if a is None else "delete" if b is None else "update"
            change = Change(table, rid, kind, a, b)
            if kind == "update" and not change.columns - DERIVED:
                continue
            changes.append(change)
    return changes


@dataclass
class AuditWatch:
    """Snapshots the register file before and after a block of work."""

    path: Path | str
    mark: int = 0
    before: Snapshot = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(f"file:{Path(self.path)}?mode=ro", uri=True)

    def __enter__(self) -> AuditWatch:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        conn = self._connect()
        try:
            self.before = snapshot(conn)
            self.mark = conn.execute("SELECT COALESCE(MAX(id), 0) FROM audit_events").fetchone()[0]
        finally:
            conn.close()

    def stop(self) -> None:
        conn = self._connect()
        try:
            self.changes = diff(self.before, snapshot(conn))
            cur = conn.execute("SELECT * FROM audit_events WHERE id > ? ORDER BY id", (self.mark,))
            cols = [c[0] for c in cur.description]
            self.events = []
            for row in cur:
                e = dict(zip(cols, row, strict=True))
                e["before"] = json.loads(e["before"]) if e["before"] else None
                e["after"] = json.loads(e["after"]) if e["after"] else None
                self.events.append(e)
        finally:
            conn.close()

    def covered(self, change: Change) -> bool:
        row = {**(change.before or {}), **(change.after or {})}
        owners = {(entity, row.get(column)) for entity, column in OWNERS.get(change.table, ())}
        if change.table == "proposals" and change.before:  # adopted under its old period too
            owners.add(("publicity_periods", change.before.get("period_id")))
        for e in self.events:
            if (e["entity"], e["entity_id"]) in owners:
                return True
            if e["action"] in ("merge", "unmerge"):
                refs = ((e["before"] if e["action"] == "merge" else e["after"]) or {}).get("refs")
                if change.row_id in (refs or {}).get(change.table, ()):
                    return True
            if e["entity"] != change.table:
                continue
            if e["entity_id"] == change.row_id:
                return True
            after = e["after"] or {}
            first, last = after.get("first_id"), after.get("last_id")
            if e["entity_id"] is None and isinstance(first, int) and isinstance(last, int) \
                    and first <= change.row_id <= last:
                return True
            if change.row_id in (after.get("updated") or ()):
                return True
        return False

    def unaudited(self) -> list[Change]:
        """The changed rows no event of the action names."""
        return [c for c in self.changes if not self.covered(c)]

    def describe(self) -> str:
        return "\n".join(
            f"{c.table}#{c.row_id} {c.kind} {sorted(c.columns - DERIVED)}"
            for c in self.unaudited())

    def wrong_values(self) -> list[str]:
        """Columns whose value after the action differs from what the action's last event
        naming that row says it became (an event's keys that are not the row's columns,
        or the row deleted since, are not compared)."""
        out = []
        for c in self.changes:
            if c.after is None:
                continue
            said: dict[str, Any] = {}
            for e in self.events:
                if e["entity"] == c.table and e["entity_id"] == c.row_id:
                    said.update(e["after"] or {})
            for key, value in said.items():
                if key in c.after and key not in DERIVED and not _same(value, c.after[key]):
                    out.append(f"{c.table}#{c.row_id}.{key}: trail {value!r}, row {c.after[key]!r}")
        return out

    def operators(self) -> set[str]:
        return {e["operator"] for e in self.events}

    def computers(self) -> set[str]:
        return {e.get("computer", "") for e in self.events}


def _same(said: Any, stored: Any) -> bool:
    """A value as an event wrote it (JSON) against the column's (SQLite)."""
    if isinstance(said, bool) or isinstance(stored, bool):
        return said == stored or (said is not None and stored is not None
                                  and int(said) == int(stored))
    if isinstance(said, (dict, list)):
        return isinstance(stored, str) and json.loads(stored) == said
    return said == stored
