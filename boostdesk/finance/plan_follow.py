"""The payment plan kept in line by the writes themselves: whatever changes what an award
owes (an approval, a publicity closed, 补录往年结果, an acceptance, a re-rank or withdrawal,
the year's payment settings, a studio's level, an objection settled, a mark taken off)
brings its payables in line in its own transaction, under its operator and time.

One rule, not a call at each write: TEMP triggers on this connection note every row
written whose columns :func:`~.payment_plan.sync_plan` reads (the award, status and dates
of an application; a studio's level; a campaign's parameters; a proposal, publicity period
or objection; a payment's paid date) as the awards it touches, and the register's
outermost transaction syncs those awards before it commits (``Register.transaction``); a
transaction rolled back takes its notes with it (the TEMP table is in the transaction).
TEMP objects are the connection's, not the file's: no schema change. No Qt here.
"""

from __future__ import annotations

import logging
import sqlite3
from collections import defaultdict

from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import Register

log = logging.getLogger(__name__)

_NOTES = "bd_owed"  # (kind, ref): 'patent' / 'project' and an application id, 'year' and a year
_PREFIX = "bd_owed_"

# the columns of an application sync_plan reads: a write changing none of them owes nothing new
_APP_COLUMNS = {
    "patent_applications": ("status", "award_fen", "approved_date", "campaign_id"),
    "project_applications": ("status", "award_fen", "approved_date", "accepted_date",
                             "award_level", "studio_id", "campaign_id"),
}


def _note(kind: str, ref: str) -> str:
    return f"INSERT INTO {_NOTES} (kind, ref) VALUES ('{kind}', {ref});"


def _triggers() -> dict[str, str]:
    out: dict[str, str] = {}

    def trigger(name: str, event: str, table: str, body: str, when: str = "") -> None:
        out[_PREFIX + name] = (f"CREATE TEMP TRIGGER IF NOT EXISTS {_PREFIX}{name} AFTER {event}"
                               f" ON main.{table}{' WHEN ' + when if when else ''}"
                               f" BEGIN {body} END")

    for table, columns in _APP_COLUMNS.items():
        kind = PATENT if table == "patent_applications" else PROJECT
        changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        trigger(f"{kind}_insert", "INSERT", table, _note(kind, "NEW.id"),
                "NEW.award_fen IS NOT NULL")
        trigger(f"{kind}_update", f"UPDATE OF {', '.join(columns)}", table,
                _note(kind, "NEW.id"), changed)
    # a studio's level splits its projects' awards (二（三）)
    trigger("studio_level", "UPDATE OF level", "studios",
            f"INSERT INTO {_NOTES} (kind, ref) SELECT 'project', a.id FROM"
            " project_applications a WHERE a.studio_id = NEW.id AND a.award_fen IS NOT NULL;",
            "OLD.level IS NOT NEW.level")
    # the payment terms, shares and splits of a year
    trigger("campaign", "UPDATE OF params", "campaigns", _note("year", "NEW.year"),
            "OLD.params IS NOT NEW.params")
    # the end of the publicity a project was published in starts its first tranche's term
    for event, ref in (("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")):
        trigger(f"proposal_{event.lower()}", event, "proposals", _note("project", f"{ref}.project_id"))
        trigger(f"objection_{event.lower()}", event, "objections",
                _note("project", f"{ref}.project_id"))
    trigger("period", "UPDATE OF end_date, closed_date", "publicity_periods",
            f"INSERT INTO {_NOTES} (kind, ref) SELECT 'project', p.project_id FROM"
            " proposals p WHERE p.period_id = NEW.id;",
            "OLD.end_date IS NOT NEW.end_date OR OLD.closed_date IS NOT NEW.closed_date")
    # a mark taken off (撤销, 退汇): the row is owed again and follows its award
    trigger("payment", "UPDATE OF paid_date", "payments",
            f"INSERT INTO {_NOTES} (kind, ref) VALUES (NEW.stream, NEW.application_id);",
            "OLD.paid_date IS NOT NEW.paid_date")
    return out


_TRIGGERS = _triggers()


def install(conn: sqlite3.Connection) -> bool:
    """The notes on ``conn``, empty, before an outermost transaction (made again when a
    table rebuild dropped a trigger); False when they cannot be made now (inside a
    transaction, a table missing): logged, the readers' catch-up then does the work."""
    found = {r[0] for r in conn.execute(
        "SELECT name FROM temp.sqlite_master WHERE type = 'trigger' AND name GLOB ?",
        (f"{_PREFIX}*",))}
    if len(found) == len(_TRIGGERS):
        # this transaction's writes only: a raw write outside one (a test's, a script's)
        # is not the next writer's to answer for
        conn.execute(f"DELETE FROM temp.{_NOTES}")
        return True
    if conn.in_transaction:
        return False
    try:
        conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_NOTES} (kind TEXT NOT NULL, ref INTEGER)")
        for name, sql in _TRIGGERS.items():
            if name not in found:
                conn.execute(sql)
    except sqlite3.Error:
        log.warning("no triggers to keep the payment plan with the writes", exc_info=True)
        return False
    return True


def follow(reg: Register) -> None:
    """Before the outermost transaction commits: the awards its writes touched synced
    (each year's payment settings changed: the whole year), then the notes forgotten (the
    sync's own writes among them)."""
    try:
        noted = reg.conn.execute(f"SELECT DISTINCT kind, ref FROM temp.{_NOTES}").fetchall()
    except sqlite3.OperationalError:
        return  # never installed on this connection
    if not noted:
        return
    from boostdesk.models.record_rows import select_in

    from .payment_plan import sync_plan

    whole = {int(ref) for kind, ref in noted if kind == "year"}
    apps: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for stream, table in ((PATENT, "patent_applications"), (PROJECT, "project_applications")):
        ids = sorted({int(ref) for kind, ref in noted if kind == stream})
        for app_id, year in select_in(
                reg.conn, f"SELECT a.id, c.year FROM {table} a JOIN campaigns c"
                " ON c.id = a.campaign_id WHERE a.id IN", ids):
            if year not in whole:
                apps[year].add((stream, app_id))
    known = set(reg.campaign_years())
    for year in sorted(whole & known):
        sync_plan(reg, year)
    for year, touched in sorted(apps.items()):
        sync_plan(reg, year, touched)
    reg.conn.execute(f"DELETE FROM temp.{_NOTES}")

