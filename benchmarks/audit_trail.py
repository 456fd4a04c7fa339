"""Add a realistic audit trail to a COPY of a generated register (never the cached one):
each application's full create document (as Register.audit writes it), two to four field
corrections, its status moves (qualified / refused, a few reopened, 5 % approved with their
payment rows), people's phone changes by a paper, a few unit renames and per-year plan
saves. On history-100000-v6.db: ≈ 545,000 rows in ≈ 3 min; then, for ≈ 1.2 million:

    sqlite3 COPY.db "INSERT INTO audit_events (at, operator, action, entity, entity_id,
      before, after, computer, note) SELECT at, operator, action, entity, entity_id, before,
      after, computer, note FROM audit_events WHERE action IN ('update', 'status')"   # twice

Usage: PYTHONPATH=. python benchmarks/audit_trail.py COPY.db [--chain-only]

The rows are inserted as they are, past the program's writes: at the end they are chained
(models.audit_chain.seal, as the upgrade to migration 30 chains a register's lines) and the
chain checked as `boostdesk check` checks it, each timed (CPU and wall). ``--chain-only``
does only that, on a trail made before (after the INSERTs above, say). Measured at stop 39
on 1,000,201 lines (a busy 2-core machine, load ≈ 8): the upgrade's chaining 16 s wall; the
check 2.2–2.3 s of CPU (7–14 s wall under that load); a one-line write 0.3 ms of CPU with its
seal against 0.3 ms without (the seal ≈ 0.05 ms).
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import datetime, timedelta
from typing import Any

from boostdesk.models import Register
from boostdesk.models.records import as_dict

INSERT = ("INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after,"
          " computer, note) VALUES (?,?,?,?,?,?,?,?,?)")
OPERATORS = ["王丽", "张敏", "李娜", "赵强", "录入员"]
FIELDS = {"patent": ["patent_number_raw", "phone", "card_number"],
          "project": ["contact_phone", "planned_completion"]}


class Trail:
    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        self.rows: list[tuple[Any, ...]] = []

    def at(self, year: int, day: int) -> str:
        moment = datetime(year, 11, 1, 9) + timedelta(days=day,
                                                      seconds=self.rng.randrange(30000))
        return moment.isoformat(timespec="seconds")

    def event(self, year: int, day: int, action: str, entity: str, eid: Any,
              before: Any, after: Any) -> None:
        def text(doc: Any) -> str | None:
            return None if doc is None else json.dumps(doc, ensure_ascii=False, default=str)

        self.rows.append((self.at(year, day), self.rng.choice(OPERATORS), action, entity, eid,
                          text(before), text(after), f"PC-{self.rng.randrange(3)}", ""))

    def status(self, year: int, day: int, table: str, app_id: int, old: str, new: str,
               reason: str = "", **more: Any) -> None:
        self.event(year, day, "status", table, app_id, {"status": old},
                   {"status": new, "reason": reason, **more, "status_reason": reason,
                    "updated_at": self.at(year, day)})

    def application(self, stream: str, table: str, doc: dict[str, Any]) -> None:
        rng, year, app_id = self.rng, doc["campaign_year"], doc["id"]
        self.event(year, 0, "create", table, app_id, None, doc)
        for k in range(rng.randrange(2, 5)):
            key = rng.choice(["title", "remarks", "received_date", "materials", *FIELDS[stream]])
            old = doc.get(key)
            new = old + "（更正）" if isinstance(old, str) else old
            if key == "materials":
                new = dict(old or {})
                new["form"] = not new.get("form", True)
            self.event(year, 3 + k, "update", table, app_id, {key: old}, {key: new})
        verdict = "qualified" if rng.random() < .9 else "refused"
        self.status(year, 10, table, app_id, "registered", verdict,
                    "" if verdict == "qualified" else "材料不全")
        if verdict == "refused" and rng.random() < .3:
            self.status(year, 20, table, app_id, "refused", "registered", "补齐材料")
            self.status(year, 21, table, app_id, "registered", "qualified")
        if rng.random() < .05:
            self.status(year, 30, table, app_id, "qualified", "approved", award_fen=300000,
                        approved_date=f"{year + 1}-01-10")
            for payer in ("city", "union"):
                self.event(year, 31, "create", "payments", None, None, {
                    "stream": stream, "application_id": app_id, "payer": payer, "tranche": 1,
                    "amount_fen": 150000, "due_date": f"{year + 1}-04-10"})
        if stream == "patent" and rng.random() < .3:
            phone = "139" + str(rng.randrange(10**8)).zfill(8)
            self.event(year, 5, "update", "people", doc["person_id"],
                       {"phone": doc.get("phone")}, {"phone": phone, "paper": app_id})


def chain(reg: Register) -> None:
    """The trail chained whole, then checked; both timed."""
    from boostdesk.models.audit_chain import seal, verify

    for label, step in (("chain", lambda: seal(reg.conn, 0)), ("verify", lambda: verify(reg.conn))):
        cpu, wall = time.process_time(), time.perf_counter()
        with reg.transaction():
            done = step()
        said = done.said() if hasattr(done, "said") else f"{done:,} lines"
        print(label, round(time.process_time() - cpu, 2), "s CPU,",
              round(time.perf_counter() - wall, 2), "s wall", said, flush=True)


def main(path: str, chain_only: bool = False) -> None:
    reg = Register.open(path)
    if chain_only:
        chain(reg)
        return
    conn = reg.conn
    start = time.time()
    trail = Trail()
    conn.execute("DELETE FROM audit_events"
                 " WHERE entity IN ('patent_applications', 'project_applications')")
    for stream, table, loader in (("patent", "patent_applications", reg.patents),
                                  ("project", "project_applications", reg.projects)):
        for app in loader():
            trail.application(stream, table, as_dict(app))
            if len(trail.rows) >= 200_000:
                conn.executemany(INSERT, trail.rows)
                trail.rows.clear()
                print(stream, app.id, round(time.time() - start, 1), flush=True)
    for unit_id, name in conn.execute("SELECT id, name FROM units").fetchall()[:10]:
        trail.event(2019, 40, "update", "units", unit_id, {"name": name},
                    {"name": name + "（改）", "reason": "更名"})
        trail.event(2019, 41, "update", "units", unit_id, {"name": name + "（改）"},
                    {"name": name, "reason": "改回"})
    for year in range(2013, 2023):
        for day in range(30):
            trail.event(year, day, "update", "campaigns", None, {"publicity_days": 7},
                        {"publicity_days": 5})
    conn.executemany(INSERT, trail.rows)
    conn.commit()
    print("done", conn.execute("SELECT count(*) FROM audit_events").fetchone()[0],
          round(time.time() - start, 1))
    chain(reg)


if __name__ == "__main__":
    main(sys.argv[1], "--chain-only" in sys.argv[2:])
