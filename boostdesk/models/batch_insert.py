"""Many new applications stored at once (an imported table): the rows, people, studios,
names and audit events ``save_patent`` / ``save_project`` would write one by one, built in
memory in the same order and written with ``executemany``."""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from typing import TYPE_CHECKING, Any

from boostdesk.cancel_points import checkpoint
from boostdesk.validate import person_key, same_name, tidy_card, tidy_name, tidy_phone

from .audit_json import created_json, person_json, to_json
from .record_rows import (
    RecordT,
    db_day,
    db_flag,
    materials_dict,
    materials_json,
    new_record,
    next_id,
    py_flag,
    select_dicts_in,
    select_in,
)
from .records import PATENT, PROJECT, PatentApplication, ProjectApplication, guess_unit_kind
from .search_text import (
    SEARCHED_FACTS,
    number_keys,
    patent_numbers,
    patent_search_key,
    project_search_key,
    title_key,
)

if TYPE_CHECKING:
    from .register import Register

BATCH_STEP = 500  # applications written per round of executemany (and between progress calls)
WRITE_ROUND = 2_000  # people or studios inserted per executemany

# Whose facts a studio named by a batch of applications keeps (Register.insert_projects).
NEWEST, REGISTER, TABLE = "newest", "register", "table"


class _Names:
    """Unit or enterprise names -> ids for a batch, as ensure_unit / ensure_enterprise give
    them (no ``kind`` / ``credit_code``): looked up once, new ones numbered on."""

    def __init__(self, batch: Batch, table: str, names: Iterable[str]) -> None:
        self.batch = batch
        self.table = table
        wanted = {tidy_name(n) for n in names} - {""}
        found = select_dicts_in(batch.conn, f"SELECT id, name FROM {table} WHERE name IN", wanted)
        self.ids = {r["name"]: r["id"] for r in found}
        self.names = {i: n for n, i in self.ids.items()}
        self.next_id = next_id(batch.conn, table)
        self.pending: list[tuple[Any, ...]] = []

    def get(self, name: str, unit_id: int | None = None) -> int | None:
        name = tidy_name(name)
        if not name:
            return None
        found = self.ids.get(name)
        if found is None:
            found = self.ids[name] = self.next_id
            self.names[found] = name
            self.next_id += 1
            extra = guess_unit_kind(name) if self.table == "units" else unit_id
            self.pending.append((found, name, extra))
            self.batch.event("create", self.table, found, None,
                             {"name": name, "kind": extra} if self.table == "units"
                             else {"name": name})
        return found

    def write(self) -> None:
        if self.pending:
            third = "kind" if self.table == "units" else "unit_id"
            self.batch.conn.executemany(
                f"INSERT INTO {self.table} (id, name, {third}) VALUES (?, ?, ?)", self.pending)
            self.pending.clear()


class _Kept:
    """People or studios of a batch, found or created: newer facts overwrite older, each
    change audited; written (inserted or updated to their present facts) each round."""

    table = ""
    facts: tuple[str, ...] = ()

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.next_id = next_id(batch.conn, self.table)
        self.by_id: dict[int, dict[str, Any]] = {}  # every one found or created
        self.new: dict[int, dict[str, Any]] = {}  # created since the last write
        self.dirty: dict[int, dict[str, Any]] = {}  # stored already, changed since
        self.changed: set[int] = set()  # every one changed during the batch

    def create(self, row: dict[str, Any], audited: dict[str, Any] | str) -> dict[str, Any]:
        """A new row; ``audited``: its create event's document (or its JSON text)."""
        row["id"] = self.next_id
        self.next_id += 1
        self.new[row["id"]] = self.by_id[row["id"]] = row
        self.batch.event("create", self.table, row["id"], None, audited)
        return row

    def merge(self, row: dict[str, Any], new: dict[str, Any],
              marked: dict[str, Any] | None = None) -> None:
        """``marked``: what the update event also notes (the paper that made it)."""
        changes = {k: v for k, v in new.items() if v not in (None, "") and row[k] != v}
        if changes:
            if changes.get("card_number") and row.get("card_number"):  # its other holders
                self.batch.reg.changes.cards.add(row["card_number"])
            if self.table == "people" and changes.keys() & {"name", "id_number", "phone"}:
                self.batch.reg.changes.person_was(row)  # (his namesakes near him then)
            self.batch.event("update", self.table, row["id"], {k: row[k] for k in changes},
                             {**changes, **(marked or {})})
            row.update(changes)
            self.changed.add(row["id"])
            if row["id"] not in self.new:
                self.dirty[row["id"]] = row

    def write(self) -> None:
        cols = ("id", *self.facts)
        if self.new:
            rows = iter([tuple(r[c] for c in cols) for r in self.new.values()])
            # in rounds: 20,000 people at once held an import preview's 取消 for 0.35 s
            while chunk := list(islice(rows, WRITE_ROUND)):
                self.batch.conn.executemany(
                    f"INSERT INTO {self.table} ({', '.join(cols)})"
                    f" VALUES ({', '.join('?' * len(cols))})", chunk)
                checkpoint()
            self.new.clear()
        if self.dirty:
            self.batch.conn.executemany(
                f"UPDATE {self.table} SET {', '.join(f'{c} = ?' for c in self.facts)}"
                " WHERE id = ?",
                [(*(r[c] for c in self.facts), r["id"]) for r in self.dirty.values()],
            )
            self.dirty.clear()


class _People(_Kept):
    """ensure_person for a batch: found by ID number, or the record's own person while it
    has none; otherwise created."""

    table = "people"
    facts = ("name", "id_number", "card_number", "phone", "frontline", "enterprise_id")

    def __init__(self, batch: Batch, apps: Sequence[PatentApplication]) -> None:
        super().__init__(batch)
        numbers = {person_key(a.id_number) for a in apps} - {""}
        own = {a.person_id for a in apps} - {None}
        self.by_number: dict[str, dict[str, Any]] = {}
        for row in (select_dicts_in(batch.conn, "SELECT * FROM people WHERE id_number IN", numbers)
                    + select_dicts_in(batch.conn, "SELECT * FROM people WHERE id IN", own)):
            person = self.by_id.setdefault(row["id"], row)
            if person["id_number"]:
                self.by_number[person["id_number"]] = person
        checkpoint()
        # people stored before, renamed by the batch or given another number (SEARCHED_FACTS)
        self.renamed: set[int] = set()
        # each known person's latest paper year (Register._newest_paper)
        self.latest: dict[int, int] = {}
        for person_id, year in select_in(
                batch.conn, "SELECT a.person_id, c.year FROM patent_applications a"
                " JOIN campaigns c ON c.id = a.campaign_id WHERE a.person_id IN", self.by_id):
            self.latest[person_id] = max(year, self.latest.get(person_id, year))

    def ensure(self, app: PatentApplication, enterprise_id: int | None,
               paper: int) -> dict[str, Any] | None:
        """``paper``: the id the application gets (its changes to the person are marked
        with it, as save_patent marks them)."""
        name = tidy_name(app.inventor_name)
        if not name:
            return None
        id_number = person_key(app.id_number) or None
        person = self.by_number.get(id_number) if id_number else None
        if person is None and app.person_id is not None:
            own = self.by_id.get(app.person_id)
            if own is not None and own["id_number"] is None:
                person = own
        new = {
            "name": name, "id_number": id_number,
            "card_number": tidy_card(app.card_number), "phone": tidy_phone(app.phone),
            "frontline": db_flag(app.frontline),
            "enterprise_id": enterprise_id,
        }
        if person is None:
            person = self.create(dict(new), person_json(new))
        else:
            if same_name(person["name"], name):  # 买买提艾力 for 买买提·艾力: not a rename
                new["name"] = person["name"]
            if app.campaign_year < self.latest.get(person["id"], app.campaign_year):
                for fact in PAPER_PERSON_FACTS:  # the later paper's stay the person's
                    del new[fact]
            if person["id"] not in self.new and person["id"] not in self.renamed and any(
                    new.get(k) not in (None, "") and new[k] != person[k] for k in SEARCHED_FACTS):
                self.renamed.add(person["id"])
            self.merge(person, new, {"paper": paper})
        latest = self.latest.get(person["id"], app.campaign_year)
        self.latest[person["id"]] = max(latest, app.campaign_year)
        if person["id_number"]:
            self.by_number[person["id_number"]] = person
        return person


# A project record's studio facts and the studio columns they are stored in.
STUDIO_COLUMNS = {"studio_level": "level", "model_studio": "model_studio", "leader": "leader",
                  "unit_name": "unit_id", "enterprise_name": "enterprise_id"}


def studios_with_award(conn: sqlite3.Connection, studio_ids: list[int]) -> set[int]:
    """The studios with an award in the register. A table or form does not change such a
    studio's level (its own edit does): the award was tiered, split and paid by it, and a
    new year's table saying otherwise would re-split what is still owed."""
    return {r["studio_id"] for r in select_dicts_in(
        conn, "SELECT DISTINCT studio_id FROM project_applications"
        " WHERE award_fen IS NOT NULL AND studio_id IN", set(studio_ids))}


class _Studios(_Kept):
    """ensure_studio for a batch: found by name or created (``studio_facts``: see
    ``Register.insert_projects``)."""

    table = "studios"
    facts = ("name", "level", "model_studio", "unit_id", "enterprise_id", "leader")

    def __init__(self, batch: Batch, apps: Sequence[ProjectApplication],
                 studio_facts: str = NEWEST) -> None:
        super().__init__(batch)
        self.studio_facts = studio_facts
        self.settled: set[tuple[int, str]] = set()  # (studio id, fact) given by an application
        self.born: set[int] = set()  # created by the batch: nothing of the register's to keep
        names = {tidy_name(a.studio_name) for a in apps} - {""}
        self.by_name = {r["name"]: r for r in select_dicts_in(
            batch.conn, "SELECT * FROM studios WHERE name IN", names)}
        self.by_id.update((r["id"], r) for r in self.by_name.values())
        self.awarded = studios_with_award(batch.conn, list(self.by_id))
        # The enterprises of the studios found, whose names their projects' records show.
        self.enterprise_names = {r["id"]: r["name"] for r in select_dicts_in(
            batch.conn, "SELECT id, name FROM enterprises WHERE id IN",
            {s["enterprise_id"] for s in self.by_name.values()} - {None})}

    def ensure(self, app: ProjectApplication, unit_id: int | None,
               enterprise_id: int | None,
               marked: dict[str, Any] | None = None) -> dict[str, Any] | None:
        """``marked``: what an update of the studio also notes (``_Kept.merge``)."""
        name = tidy_name(app.studio_name)
        if not name:
            return None
        studio = self.by_name.get(name)
        if studio is None:
            studio = self.by_name[name] = self.create({
                "name": name, "level": app.studio_level,  # unknown stays unknown
                "model_studio": int(bool(app.model_studio)), "unit_id": unit_id,
                "enterprise_id": enterprise_id, "leader": tidy_name(app.leader),
            }, {"name": name, "level": app.studio_level,  # as Register.ensure_studio notes it
                "unit_name": self.batch.units.names.get(unit_id),
                "enterprise_name": self.batch.enterprises.names.get(enterprise_id),
                "leader": tidy_name(app.leader), "model_studio": bool(app.model_studio)})
            self.born.add(studio["id"])
            if self.studio_facts != NEWEST:  # a table's model_studio left blank settles nothing
                self.settled.update((studio["id"], k) for k, v in studio.items()
                                    if v not in (None, "") and k != "id"
                                    and (k != "model_studio" or app.model_studio is not None))
        else:
            awarded = studio["id"] in self.awarded and studio["level"] is not None
            new = {
                "level": None if awarded else app.studio_level,
                "unit_id": unit_id, "enterprise_id": enterprise_id,
                "leader": tidy_name(app.leader), "model_studio": db_flag(app.model_studio),
            }
            if self.studio_facts != NEWEST:
                new = {k: v for k, v in new.items() if self._takes(studio, k, v)}
            self.merge(studio, new, marked)
        return studio

    def _takes(self, studio: dict[str, Any], fact: str, value: Any) -> bool:
        """Whether an application's ``value`` of a known studio's ``fact`` is stored (and
        settles it for the rest of the batch)."""
        if value in (None, ""):
            return False
        key = (studio["id"], fact)
        old = studio[fact]
        if old in (None, "") or old == value:
            self.settled.add(key)
            return old != value
        if key in self.settled or (self.studio_facts == REGISTER
                                   and studio["id"] not in self.born):
            return False
        self.settled.add(key)
        return True

    def merge(self, row: dict[str, Any], new: dict[str, Any],
              marked: dict[str, Any] | None = None) -> None:
        if row["id"] not in self.born and any(
                new.get(k) not in (None, "") and new[k] != row[k] for k in ("leader", "enterprise_id")):
            self.batch.reg.changes.studio_was(row)  # (the studios near it as it was: studio_names)
        super().merge(row, new, marked)

    @staticmethod
    def record_facts(studio: dict[str, Any] | None,
                     app: ProjectApplication | None = None) -> dict[str, Any]:
        """The studio's part of a project record, as the join in project() reads it: with
        no studio, the level and model flag ``app`` gave (``reported_studio_facts``)."""
        if studio is None:
            return {"studio_name": "", "studio_level": app.studio_level if app else None,
                    "model_studio": bool(app.model_studio) if app else False}
        return {"studio_name": studio["name"], "studio_level": studio["level"],
                "model_studio": bool(studio["model_studio"])}

    def enterprise_name(self, studio: dict[str, Any] | None, enterprises: _Names,
                        reported: int | None = None) -> str:
        """A project's enterprise is its studio's (project() joins it through the studio);
        with no studio, the one its paper gave (``reported``, its id)."""
        ent_id = studio["enterprise_id"] if studio else reported
        if ent_id is None:
            return ""
        return enterprises.names.get(ent_id) or self.enterprise_names.get(ent_id, "")


def _as_of_now(record: RecordT, facts: dict[str, Any]) -> RecordT:
    """The record with its person's or studio's facts as they stand after the batch."""
    return replace(record, **facts)


def _person_facts(person: dict[str, Any] | None) -> dict[str, Any]:
    """The person's part of a patent record, as the join in patent() reads it (their card
    and frontline status are the paper's own)."""
    if person is None:
        return _NO_PERSON
    return {"inventor_name": person["name"], "id_number": person["id_number"] or "",
            "phone": person["phone"] or ""}


_NO_PERSON = {"inventor_name": "", "id_number": "", "phone": ""}

# The person's facts each patent paper keeps as it gave them (migration 10).
PAPER_PERSON_FACTS = ("card_number", "frontline")


def paper_facts(app: PatentApplication,
                 person: dict[str, Any] | sqlite3.Row | None) -> tuple[str, int | None]:
    """The card number and frontline flag a paper is stored with: as it gives them, or,
    left blank, the person's known ones (a clerk need not copy them from the register)."""
    card, frontline = tidy_card(app.card_number), db_flag(app.frontline)
    if person is not None:
        card = card or person["card_number"] or ""
        frontline = person["frontline"] if frontline is None else frontline
    return card, frontline


def reported_person_facts(app: PatentApplication, person_id: int | None) -> dict[str, Any]:
    """The ID number and phone a paper naming no inventor is stored with, as it gave them
    (migration 20): with no name there is no person to hold them (``ensure_person``),
    and the register keeps what was reported. None while it names a person (his are read)."""
    if person_id is not None:
        return {"reported_id_number": None, "reported_phone": None}
    return {"reported_id_number": person_key(app.id_number) or None,
            "reported_phone": tidy_phone(app.phone) or None}


def reported_studio_facts(app: ProjectApplication, studio_id: int | None,
                          enterprise_id: int | None) -> dict[str, Any]:
    """The level, model flag and enterprise a project paper naming no studio is stored with,
    as it gave them (migration 21): with no name there is no studio to hold them
    (``ensure_studio``). None while it names a studio (its are read, and it took them)."""
    if studio_id is not None:
        return {"reported_level": None, "reported_model_studio": None,
                "reported_enterprise_id": None}
    return {"reported_level": app.studio_level, "reported_model_studio": db_flag(app.model_studio),
            "reported_enterprise_id": enterprise_id}


def _person_values(person: dict[str, Any] | None, card: str, frontline: int | None,
                   app: PatentApplication) -> tuple[Any, ...]:
    """The record's person fields as positional values (inventor_name .. frontline)."""
    if person is None:
        reported = reported_person_facts(app, None)
        return ("", reported["reported_id_number"] or "", card,
                reported["reported_phone"] or "", py_flag(frontline))
    return (person["name"], person["id_number"] or "", card, person["phone"] or "",
            py_flag(frontline))


Judge = Callable[[list[Any]], list[tuple[int, int, str]]]

ROWS_PER_INSERT = 100  # rows of one INSERT statement (insert_rows)


def insert_rows(conn: sqlite3.Connection, table: str, columns: str,
                rows: Iterable[tuple[Any, ...]]) -> None:
    """``INSERT INTO table (columns)`` of every row, up to ROWS_PER_INSERT rows a statement.

    An application table has AFTER INSERT triggers (``finance.plan_follow``'s notes, the
    journal's), and a statement that fires one keeps a statement journal of each page it
    changes. One row a statement (``executemany``) journaled the ten pages a row changes
    (the table's and its indexes', every one already changed in the transaction) for each
    row: past SQLite's 64 KiB the journal went to a temporary file, 187,000 writes for an
    import of 10,000 rows (≈ 0.17 s of its 1.2 s). A hundred rows a statement journal
    each page once. The rows, the triggers and the all-or-nothing are executemany's."""
    width = len(columns.split(","))
    limit = conn.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(ROWS_PER_INSERT, limit // width))
    one = f"({', '.join('?' * width)})"
    head = f"INSERT INTO {table} ({columns}) VALUES "
    full = head + ", ".join([one] * per)
    it = iter(rows)
    while chunk := list(islice(it, per)):
        if any(len(row) != width for row in chunk):  # flattened, a short row shifts the rest
            raise sqlite3.ProgrammingError(
                f"a row of {table} has not the {width} values of its columns")
        conn.execute(full if len(chunk) == per else head + ", ".join([one] * len(chunk)),
                     [value for row in chunk for value in row])


class Batch:
    """The rows and audit events ``save_patent`` / ``save_project`` would write for many
    new applications, built in memory in the same order. The audit events, in the order
    they happened, are written every BATCH_STEP applications; the rest at the end, table
    by table: names, people or studios, applications (with their verdicts when a judge
    is given), their first status.

    Each application's create event is the record as it stood when its turn came (a
    person's later facts are not in it, as with save_patent one after another); it is
    encoded as it is written, so the batch never holds many audit documents at once."""

    def __init__(
        self, reg: Register, apps: Sequence[PatentApplication] | Sequence[ProjectApplication],
        source: str, progress: Callable[[int, int], None] | None, now: str,
        named: Sequence[ProjectApplication] = (), dry_run: bool = False,
    ) -> None:
        """``named``: records stored elsewhere whose units and enterprises the batch also
        names (a table's registered rows giving their studio's facts). ``dry_run``: see
        ``Register.insert_patents``."""
        if any(app.id is not None for app in apps):
            raise ValueError("insert_patents / insert_projects store new applications only")
        self.reg = reg
        self.dry_run = dry_run
        self.conn = reg.conn
        self.apps = apps
        self.source = source
        self.progress = progress
        self.now = now  # the register's clock: one time for every row of the batch
        # An event, or the index of the application whose create event comes here.
        self.events: list[tuple[Any, ...] | int] = []
        self.created: list[PatentApplication | ProjectApplication] = []  # as at their turn
        self.cids = {y: reg.campaign_id(y) for y in {a.campaign_year for a in apps}}
        self.units = _Names(self, "units", (a.unit_name for a in (*apps, *named)))
        self.enterprises = _Names(self, "enterprises",
                                  (a.enterprise_name for a in (*apps, *named)))

    def event(
        self, action: str, entity: str, entity_id: int, before: dict[str, Any] | None,
        after: dict[str, Any] | str | None,
    ) -> None:
        self.events.append((self.now, self.reg.operator, action, entity, entity_id,
                            to_json(before), after if isinstance(after, str) else to_json(after),
                            self.reg.computer))

    def step(self, done: int, table: str) -> None:
        """Every BATCH_STEP applications: the audit events so far (they need nothing
        the rules say, and the batch then never holds more than a round of them), and
        the progress."""
        self.write_events(table)
        if self.progress is not None:
            self.progress(done, len(self.apps))

    def write_events(self, table: str) -> None:
        if self.dry_run:  # rolled back with the rest: no trail to build (nor its documents)
            self.events.clear()
            return
        if self.events:
            self.conn.executemany(
                "INSERT INTO audit_events (at, operator, action, entity, entity_id, before,"
                " after, computer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", self._events(table),
            )
            self.events.clear()

    def write(self, table: str, stream: str, columns: str, rows: Iterable[tuple[Any, ...]],
              kept: _Kept, final: list[Any], judge: Judge | None) -> None:
        """Everything built, parents first (foreign keys); the judge sees the parents.
        ``rows``: the applications' rows, made as they are written."""
        self.units.write()
        checkpoint()
        self.enterprises.write()
        checkpoint()
        kept.write()
        checkpoint()
        if judge is not None:
            columns += ", eligible, incomplete, findings"
            rows = map(tuple.__add__, rows, judge(final))
        if self.dry_run:  # its judge was to end it: nothing is stored without its trail
            raise RuntimeError("a dry run's judge returned: its batch is not stored")
        if self.created:
            insert_rows(self.conn, table, columns, rows)
            self.conn.executemany(
                "INSERT INTO status_history (stream, application_id, from_status, to_status,"
                " reason, operator, at) VALUES (?, ?, NULL, ?, '', ?, ?)",
                [(stream, r.id, r.status, self.reg.operator, self.now) for r in self.created],
            )
        self.write_events(table)
        if self.progress is not None:
            self.progress(len(self.apps), len(self.apps))

    def _events(self, table: str) -> Iterator[tuple[Any, ...]]:
        now, operator, source, computer = (self.now, self.reg.operator, self.source,
                                           self.reg.computer)
        for event in self.events:
            if type(event) is not int:
                yield event  # type: ignore[misc]
                continue
            record = self.created[event]
            yield (now, operator, "create", table, record.id, None,
                   created_json(record, source), computer)

    # -- patents ----------------------------------------------------------------
    _PATENT_INSERT = (
        "id, campaign_id, seq, unit_id, enterprise_id, person_id, title, patent_number_raw,"
        " patent_number, grant_date, service_invention, applied_in_production, industry,"
        " remarks, received_date, materials, award_fen, approved_date, search_text,"
        " search_numbers, updated_at, created_at, status, status_reason, card_number,"
        " frontline, reported_id_number, reported_phone"
    )

    def patents(self, judge: Judge | None) -> list[PatentApplication]:
        from boostdesk.validate import ValidationError, parse_patent_number

        apps: Sequence[PatentApplication] = self.apps  # type: ignore[assignment]
        people = _People(self, apps)
        first = next_id(self.conn, "patent_applications")
        out: list[PatentApplication] = self.created  # type: ignore[assignment]
        units, enterprises, events = self.units, self.enterprises, self.events
        for i, app in enumerate(apps):
            checkpoint()  # an import preview, cancelled (its dry run): stops here
            if i % BATCH_STEP == 0:
                self.step(i, "patent_applications")
            unit_id = units.get(app.unit_name)
            ent_id = enterprises.get(app.enterprise_name, unit_id)
            person = people.ensure(app, ent_id, first + i)
            card, frontline = paper_facts(app, person)
            raw = app.patent_number_raw
            try:  # canonical_patent_number: the number parsed once (validate's memo)
                number = parse_patent_number(raw).patent_number if raw.strip() else None
            except ValidationError:
                number = None
            # The record as patent(app_id) would read it back now (its create event).
            out.append(new_record(PatentApplication, (
                app.campaign_year, app.title, raw, number, app.grant_date,
                *_person_values(person, card, frontline, app), py_flag(db_flag(app.service_invention)),
                py_flag(db_flag(app.applied_in_production)),
                tidy_name(app.unit_name) if unit_id else "",
                tidy_name(app.enterprise_name) if ent_id else "",
                app.industry or "", app.remarks, app.received_date,
                materials_dict(materials_json(app.materials)), app.seq, app.status,
                app.status_reason, app.award_fen, app.approved_date, first + i,
                person["id"] if person else None,
            )))
            events.append(i)
        checkpoint()
        final = [_as_of_now(r, _person_facts(people.by_id[r.person_id]))
                 if r.person_id in people.changed else r for r in out]
        checkpoint()
        self.write("patent_applications", PATENT, self._PATENT_INSERT,
                   self._patent_rows(final, people), people, final, judge)
        # papers stored before, of a person the batch renamed or gave another number
        # (save_patent's _reindex_person)
        self.reg._reindex([r[0] for r in select_in(
            self.conn, "SELECT id FROM patent_applications WHERE id < ? AND person_id IN",
            people.renamed, (first,))], [])
        return final

    def _patent_rows(self, final: list[PatentApplication],
                     people: _People) -> Iterator[tuple[Any, ...]]:
        """The rows, each found by its person's name and numbers after the whole batch."""
        now, cids = self.now, self.cids
        unit_ids, enterprise_ids = self.units.ids, self.enterprises.ids
        apps: Sequence[PatentApplication] = self.apps  # type: ignore[assignment]
        created: list[PatentApplication] = self.created  # type: ignore[assignment]
        for app, r, last in zip(apps, created, final, strict=True):
            raw = r.patent_number_raw
            yield (
                r.id, cids[r.campaign_year], app.seq, unit_ids.get(r.unit_name),
                enterprise_ids.get(r.enterprise_name), r.person_id, app.title, raw,
                r.patent_number, db_day(app.grant_date), db_flag(app.service_invention),
                db_flag(app.applied_in_production), app.industry, app.remarks,
                db_day(app.received_date), materials_json(app.materials), app.award_fen,
                db_day(app.approved_date),
                patent_search_key(last.inventor_name, raw, r.patent_number, app.title,
                                  app.unit_name, app.enterprise_name),
                patent_numbers(last.id_number, last.phone, r.card_number,
                               people.by_id[r.person_id]["card_number"]
                               if r.person_id is not None else None),
                now, now, app.status, app.status_reason, r.card_number, db_flag(r.frontline),
                *reported_person_facts(app, r.person_id).values(),
            )

    # -- projects ---------------------------------------------------------------
    _PROJECT_INSERT = (
        "id, campaign_id, seq, unit_id, studio_id, title, leader, approval_date,"
        " startup_funds_paid, planned_completion, total_budget_fen, requested_fen,"
        " contact_name, contact_phone, industry, remarks, received_date, materials,"
        " award_fen, approved_date, accepted_date, search_text, search_numbers, updated_at,"
        " created_at, status, status_reason, title_key, reported_level,"
        " reported_model_studio, reported_enterprise_id, outside_level"
    )

    def projects(self, judge: Judge | None, studio_facts: str = NEWEST,
                 registered: Sequence[tuple[int, ProjectApplication]] = ()
                 ) -> list[ProjectApplication]:
        """``registered``: (the index of the application it comes before, record) of the
        table's rows registered already, whose studio facts are taken in the table's order
        with the new rows' (the first row giving a fact settles it, whichever it is)."""
        apps: Sequence[ProjectApplication] = self.apps  # type: ignore[assignment]
        studios = _Studios(self, [*apps, *(r for _i, r in registered)], studio_facts)
        waiting = deque(sorted(registered, key=lambda item: item[0]))
        first = next_id(self.conn, "project_applications")
        out: list[ProjectApplication] = self.created  # type: ignore[assignment]
        for i, app in enumerate(apps):
            checkpoint()  # an import preview, cancelled (its dry run): stops here
            if i % BATCH_STEP == 0:
                self.step(i, "project_applications")
            while waiting and waiting[0][0] <= i:
                self._studio_facts(studios, waiting.popleft()[1])
            unit_id = self.units.get(app.unit_name)
            ent_id = self.enterprises.get(app.enterprise_name, unit_id)
            studio = studios.ensure(app, unit_id, ent_id)
            # The record as project(app_id) would read it back now.
            facts = studios.record_facts(studio, app)
            out.append(new_record(ProjectApplication, (
                app.campaign_year, app.title, facts["studio_name"], facts["studio_level"],
                facts["model_studio"], tidy_name(app.leader),
                tidy_name(app.unit_name) if unit_id else "",
                studios.enterprise_name(studio, self.enterprises, ent_id), app.approval_date,
                py_flag(db_flag(app.startup_funds_paid)), app.planned_completion, app.total_budget_fen,
                app.requested_fen, tidy_name(app.contact_name), tidy_phone(app.contact_phone),
                app.industry or "", app.remarks, app.received_date,
                materials_dict(materials_json(app.materials)),
                app.seq, app.status, app.status_reason, app.award_fen, app.approved_date,
                app.accepted_date, first + i, studio["id"] if studio else None,
                app.outside_level,
            )))
            self.events.append(i)
        for _i, record in waiting:
            self._studio_facts(studios, record)
        # a studio only a registered row changed: its projects are judged by the re-check
        self.reg.changes.studios.update(studios.changed - {r.studio_id for r in out})
        final = [_as_of_now(r, {
            **studios.record_facts(studios.by_id[r.studio_id]),
            "enterprise_name": studios.enterprise_name(studios.by_id[r.studio_id],
                                                       self.enterprises),
        }) if r.studio_id in studios.changed else r for r in out]
        self.write("project_applications", PROJECT, self._PROJECT_INSERT, self._project_rows(),
                   studios, final, judge)
        return final

    def _studio_facts(self, studios: _Studios, record: ProjectApplication) -> None:
        """A registered row's facts of its studio, taken as a new row's are (its
        application is not stored again); the studio's trail names the table."""
        unit_id = self.units.get(record.unit_name)
        studios.ensure(record, unit_id, self.enterprises.get(record.enterprise_name, unit_id),
                       {"source": self.source})

    def _project_rows(self) -> Iterator[tuple[Any, ...]]:
        now, cids, unit_ids = self.now, self.cids, self.units.ids
        apps: Sequence[ProjectApplication] = self.apps  # type: ignore[assignment]
        created: list[ProjectApplication] = self.created  # type: ignore[assignment]
        for app, r in zip(apps, created, strict=True):
            yield (
                r.id, cids[r.campaign_year], app.seq, unit_ids.get(r.unit_name), r.studio_id,
                app.title, r.leader, db_day(app.approval_date), db_flag(app.startup_funds_paid),
                db_day(app.planned_completion), app.total_budget_fen, app.requested_fen,
                r.contact_name, r.contact_phone, app.industry, app.remarks,
                db_day(app.received_date), materials_json(app.materials), app.award_fen,
                db_day(app.approved_date), db_day(app.accepted_date),
                project_search_key(app.title, app.studio_name, r.leader, app.unit_name,
                                   app.enterprise_name, r.contact_name),
                number_keys(r.contact_phone),
                now, now, app.status, app.status_reason, title_key(app.title),
                *reported_studio_facts(app, r.studio_id,
                                       self.enterprises.ids.get(r.enterprise_name)).values(),
                app.outside_level or None,
            )
