"""Add a realistic audit trail to a COPY of a generated register (never the cached one):
each application's full create document (as Register.audit writes it), two to four field
corrections, its status moves (qualified / refused, a few reopened, 5 % approved with their
payment rows), people's phone changes by a paper, a few unit renames and per-year plan
saves. On history-100000-v6.db: ≈ 545,000 rows in ≈ 3 min; then, for ≈ 1.2 million:

    sqlite3 COPY.db "INSERT INTO audit_events (at, operator, action, entity, entity_id,
      before, after, computer, note) SELECT at, operator, action, entity, entity_id, before,
      after, computer, note FROM audit_events WHERE action IN ('update', 'status')"   # twice

Usage: PYTHONPATH=. python benchmarks/audit_trail.py COPY.db
"""
import json, random, sys, time
from datetime import datetime, timedelta
from boostdesk.models import Register
from boostdesk.models.register import as_dict

path = sys.argv[1]
rng = random.Random(7)
reg = Register.open(path)
conn = reg.conn
t0 = time.time()
ops = ["王丽", "张敏", "李娜", "赵强", "录入员"]
rows = []
def at(year, day):
    return (datetime(year, 11, 1, 9) + timedelta(days=day, seconds=rng.randrange(30000))).isoformat(timespec="seconds")
def ev(year, day, action, entity, eid, before, after):
    rows.append((at(year, day), rng.choice(ops), action, entity, eid,
                 json.dumps(before, ensure_ascii=False, default=str) if before is not None else None,
                 json.dumps(after, ensure_ascii=False, default=str) if after is not None else None,
                 "PC-" + str(rng.randrange(3)), ""))
hist = []
conn.execute("DELETE FROM audit_events WHERE entity IN ('patent_applications','project_applications')")
for stream, table, loader in (("patent", "patent_applications", reg.patents), ("project", "project_applications", reg.projects)):
    for app in loader():
        d = as_dict(app); y = d["campaign_year"]; i = d["id"]
        ev(y, 0, "create", table, i, None, d)
        for k in range(rng.randrange(2, 5)):
            key = rng.choice(["title", "remarks", "received_date", "materials"] + (["patent_number_raw", "phone", "card_number"] if stream == "patent" else ["contact_phone", "planned_completion"]))
            old = d.get(key); new = (old + "（更正）") if isinstance(old, str) else old
            if key == "materials":
                new = dict(old or {}); new["form"] = not new.get("form", True)
            ev(y, 3 + k, "update", table, i, {key: old}, {key: new})
        st = "registered"
        for day, to in ((10, "qualified" if rng.random() < .9 else "refused"),):
            ev(y, day, "status", table, i, {"status": st}, {"status": to, "reason": "" if to == "qualified" else "材料不全", "status_reason": "", "updated_at": at(y, day)})
            hist.append((stream, i, st, to, "", "王丽", at(y, day)))
            st = to
        if st == "refused" and rng.random() < .3:
            ev(y, 20, "status", table, i, {"status": "refused"}, {"status": "registered", "reason": "补齐材料", "status_reason": "补齐材料", "updated_at": at(y, 20)})
            ev(y, 21, "status", table, i, {"status": "registered"}, {"status": "qualified", "reason": "", "status_reason": "", "updated_at": at(y, 21)})
        if rng.random() < .05:
            ev(y, 30, "status", table, i, {"status": "qualified"}, {"status": "approved", "reason": "", "award_fen": 300000, "approved_date": f"{y+1}-01-10", "status_reason": "", "updated_at": at(y, 30)})
            for p in ("city", "union"):
                ev(y, 31, "create", "payments", None, None, {"stream": stream, "application_id": i, "payer": p, "tranche": 1, "amount_fen": 150000, "due_date": f"{y+1}-04-10"})
        if stream == "patent" and rng.random() < .3:
            ev(y, 5, "update", "people", d["person_id"], {"phone": d.get("phone")}, {"phone": "139" + str(rng.randrange(10**8)).zfill(8), "paper": i})
        if len(rows) >= 200000:
            conn.executemany("INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after, computer, note) VALUES (?,?,?,?,?,?,?,?,?)", rows); rows.clear()
            print(stream, i, time.time() - t0, flush=True)
units = conn.execute("SELECT id, name FROM units").fetchall()
for uid, name in units[:10]:
    ev(2019, 40, "update", "units", uid, {"name": name}, {"name": name + "（改）", "reason": "更名"})
    ev(2019, 41, "update", "units", uid, {"name": name + "（改）"}, {"name": name, "reason": "改回"})
for y in range(2013, 2023):
    for k in range(30):
        ev(y, k, "update", "campaigns", None, {"publicity_days": 7}, {"publicity_days": 5})
conn.executemany("INSERT INTO audit_events (at, operator, action, entity, entity_id, before, after, computer, note) VALUES (?,?,?,?,?,?,?,?,?)", rows)
conn.commit()
print("done", conn.execute("select count(*) from audit_events").fetchone(), time.time() - t0)
