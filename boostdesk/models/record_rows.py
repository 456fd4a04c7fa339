"""Reading applications out of SQL rows: the SELECTs that build records, the builders
that skip the frozen dataclasses' ``__init__`` (most of reading 100,000 applications),
and the chunked ``IN (...)`` look-ups every bulk read uses."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import fields
from datetime import date
from functools import lru_cache
from itertools import starmap
from typing import Any, TypeVar

from .records import PatentApplication, ProjectApplication


def db_day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def py_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def db_flag(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


def py_flag(value: int | None) -> bool | None:
    return None if value is None else bool(value)


IN_CHUNK = 256  # keys per "IN (?, ...)" look-up (a power of two: see in_marks)


def in_marks(part: Sequence[Any]) -> tuple[str, list[Any]]:
    """The marks of an ``IN (...)`` of ``part`` (1 to ``IN_CHUNK`` keys) and its keys, the
    last one repeated up to a power of two (a key given twice finds its rows once).

    Each length is a statement of its own, compiled by SQLite and kept by the connection's
    statement cache (128 a connection, ≈ 190 bytes a mark: 95 KB for 500), which
    tracemalloc does not see: an import's look-ups of its people's spellings, a few
    hundred keys a chunk and each chunk of another length, kept ≈ 2 MB of them at its
    peak. So a statement has at most 9 lengths, the longest 256 marks."""
    size = min(IN_CHUNK, 1 << (len(part) - 1).bit_length())
    return ", ".join("?" * size), [*part, *[part[-1]] * (size - len(part))]


def select_in(
    conn: sqlite3.Connection, sql: str, keys: Iterable[Any], params: Sequence[Any] = (),
) -> list[tuple[Any, ...]]:
    """Row tuples of ``sql`` + " IN (?, ...)" for every key, a chunk of keys per statement
    (in no particular order across chunks); ``params`` fill the marks before the IN."""
    return list(rows_in(conn, sql, keys, params))


def rows_in(
    conn: sqlite3.Connection, sql: str, keys: Iterable[Any], params: Sequence[Any] = (),
) -> Iterator[tuple[Any, ...]]:
    """:func:`select_in`'s rows one by one, none kept: a look-up of many keys whose rows
    are mostly passed over (a recheck's namesakes at an import of thousands of people)."""
    keys = list(keys)
    for i in range(0, len(keys), IN_CHUNK):
        marks, part = in_marks(keys[i:i + IN_CHUNK])
        yield from conn.execute(f"{sql} ({marks})", (*params, *part))


def records_by_id(conn: sqlite3.Connection, select: str, build: Callable[..., RecordT],
           ids: Iterable[int]) -> list[RecordT]:
    ids = sorted(set(ids))
    out: list[RecordT] = []
    for i in range(0, len(ids), IN_CHUNK):
        marks, part = in_marks(ids[i:i + IN_CHUNK])
        cur = conn.execute(f"{select} WHERE a.id IN ({marks}) ORDER BY a.id", part)
        out.extend(starmap(build, cur.fetchall()))
    return out


def select_dicts_in(conn: sqlite3.Connection, sql: str, keys: Iterable[Any]) -> list[dict[str, Any]]:
    """Rows of ``sql`` + " IN (?, ...)" for every key, a chunk of keys per statement."""
    keys = list(keys)
    out: list[dict[str, Any]] = []
    for i in range(0, len(keys), IN_CHUNK):
        marks, part = in_marks(keys[i:i + IN_CHUNK])
        cur = conn.execute(f"{sql} ({marks})", part)
        cols = [d[0] for d in cur.description]
        out.extend(dict(zip(cols, row, strict=True)) for row in cur)
    return out


def next_id(conn: sqlite3.Connection, table: str) -> int:
    """The id of ``table``'s next row: above the largest in the table and the largest the
    audit trail names. SQLite (no AUTOINCREMENT) would give a deleted last row's id to
    the next one, which then showed the deleted row's changes as its own 修改记录.

    A batch numbers its rows itself so that it can write an application, its status
    and its audit event in separate executemany calls; the write lock held by the
    transaction keeps the numbers free.
    """
    return max(int(conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0),
               int(conn.execute("SELECT max(entity_id) FROM audit_events WHERE entity = ?",
                                (table,)).fetchone()[0] or 0)) + 1


# Each builder takes a record's columns in the order below (PATENT_RECORDS' and
# PROJECT_RECORDS' rows).
_PATENT_COLUMNS = (
    "campaign_year", "title", "patent_number_raw", "patent_number", "grant_date",
    "inventor_name", "id_number", "card_number", "phone", "frontline", "service_invention",
    "applied_in_production", "unit_name", "enterprise_name", "industry", "remarks",
    "received_date", "materials", "seq", "status", "status_reason", "award_fen",
    "approved_date", "id", "person_id",
)
_PROJECT_COLUMNS = (
    "campaign_year", "title", "studio_name", "studio_level", "model_studio", "leader",
    "unit_name", "enterprise_name", "approval_date", "startup_funds_paid",
    "planned_completion", "total_budget_fen", "requested_fen", "contact_name",
    "contact_phone", "industry", "remarks", "received_date", "materials", "seq", "status",
    "status_reason", "award_fen", "approved_date", "accepted_date", "id", "studio_id",
    "outside_level",
)


# A record's fields and no more, in the builders' order, from the application (a) and
# the rows it names: ``a.*`` would also bring each row's search text, stored findings and
# timestamps, which no record holds (a quarter of reading 100,000 applications for
# `boostdesk check`).
def _record_select(tables: str, columns: tuple[str, ...], named: dict[str, str]) -> str:
    return ("SELECT " + ", ".join(f"{named[c]} AS {c}" if c in named else f"a.{c}" for c in columns)
            + " FROM " + tables)


PATENT_TABLES = (
    "patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
    " LEFT JOIN units u ON u.id = a.unit_id"
    " LEFT JOIN enterprises e ON e.id = a.enterprise_id"
    " LEFT JOIN people p ON p.id = a.person_id"
)
PROJECT_TABLES = (
    "project_applications a JOIN campaigns c ON c.id = a.campaign_id"
    " LEFT JOIN units u ON u.id = a.unit_id"
    " LEFT JOIN studios s ON s.id = a.studio_id"
    # the payee a paid award was paid to (migration 11), else the studio's enterprise, else
    # (a paper naming no studio) the one it gave (migration 21; NULL while it names one)
    " LEFT JOIN enterprises e"
    " ON e.id = COALESCE(a.payee_enterprise_id, s.enterprise_id, a.reported_enterprise_id)"
)
# A paper naming no inventor keeps the ID number and phone it gave (migration 20).
PAPER_ID_NUMBER = "IIF(a.person_id IS NULL, a.reported_id_number, p.id_number)"
PAPER_PHONE = "IIF(a.person_id IS NULL, a.reported_phone, p.phone)"
PATENT_RECORDS = _record_select(PATENT_TABLES, _PATENT_COLUMNS, {
    "campaign_year": "c.year", "unit_name": "u.name", "enterprise_name": "e.name",
    # the person's name, ID and phone; the card and frontline status are the paper's
    "inventor_name": "p.name", "id_number": PAPER_ID_NUMBER, "phone": PAPER_PHONE})
PATENT_RULE_FIELDS = _record_select(
    "patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
    " LEFT JOIN people p ON p.id = a.person_id"
    # 所在单位: a paper without one is 待补材料 (rules.patent.enterprise)
    " LEFT JOIN enterprises e ON e.id = a.enterprise_id", _PATENT_COLUMNS, {
        "campaign_year": "c.year", "inventor_name": "p.name", "id_number": PAPER_ID_NUMBER,
        "enterprise_name": "e.name",
        # what no rule reads: blank (tests/test_check_speed.py)
        "title": "''", "phone": "NULL", "unit_name": "NULL",
        "industry": "NULL", "remarks": "''", "seq": "NULL", "award_fen": "NULL",
        "approved_date": "NULL",
        # a refusal's reason tells 往年结年's from the clerk's (workflow.outcome_recorded)
        "status_reason": "IIF(a.status = 'refused', a.status_reason, '')"})
# A paper naming no studio keeps the level and model flag it gave (migration 21).
PAPER_STUDIO_LEVEL = "IIF(a.studio_id IS NULL, a.reported_level, s.level)"
PAPER_MODEL_STUDIO = "IIF(a.studio_id IS NULL, a.reported_model_studio, s.model_studio)"
PROJECT_RECORDS = _record_select(PROJECT_TABLES, _PROJECT_COLUMNS, {
    "campaign_year": "c.year", "unit_name": "u.name", "studio_name": "s.name",
    # an award's level is the one it was made at (migration 9), for its rules and sheet
    "studio_level": f"COALESCE(a.award_level, {PAPER_STUDIO_LEVEL})",
    "model_studio": PAPER_MODEL_STUDIO, "enterprise_name": "e.name"})


def campaign_where(year: int | None, statuses: Iterable[str] | None) -> tuple[list[str], list[Any]]:
    """The conditions (and their parameters) of a campaign's applications in ``statuses``
    (either None: any). A panel step wants a few hundred of 20,000: SQLite picks them by
    the campaign's status index instead of every one being built to be filtered."""
    where: list[str] = []
    params: list[Any] = []
    if year is not None:
        where.append("c.year = ?")
        params.append(year)
    if statuses is not None:
        wanted = sorted(set(statuses))
        where.append(f"a.status IN ({', '.join('?' * len(wanted))})")
        params.extend(wanted)
    return where, params

RecordT = TypeVar("RecordT", bound=PatentApplication | ProjectApplication)


@lru_cache(maxsize=512)
def _materials_items(text: str) -> tuple[tuple[str, bool], ...]:
    # A register holds a handful of distinct checklists: parse each once.
    return tuple(json.loads(text).items())


def materials_dict(text: str) -> dict[str, bool]:
    return dict(_materials_items(text))  # a fresh dict per record: callers may change it


FIELD_NAMES: dict[type, tuple[str, ...]] = {cls: tuple(f.name for f in fields(cls))
                for cls in (PatentApplication, ProjectApplication)}


def new_record(cls: type[RecordT], values: Iterable[Any]) -> RecordT:
    """``cls(*values)`` for a record given every field in order, without its ``__init__``.

    For the ten thousand records of an import (read, then stored): 1.9 µs a record
    where the frozen dataclass ``__init__`` takes 3 µs, and unlike :func:`_record`
    the fields go in one at a time, so the record keeps a shared-key dict (≈ 370
    bytes, against ≈ 900). No record has a ``__post_init__`` (tests/test_check_speed.py).
    """
    obj = object.__new__(cls)
    obj.__dict__.update(zip(FIELD_NAMES[cls], values, strict=True))
    return obj


def _record(cls: type[RecordT], values: dict[str, Any]) -> RecordT:
    """``cls(**values)`` for a frozen record given every field, without its ``__init__``.

    The frozen dataclass ``__init__`` sets each of 25 fields through
    ``object.__setattr__`` and a keyword call costs ≈ 4.5 µs a record — a tenth of
    checking 100,000 applications; this costs ≈ 1 µs. The records have no
    ``__post_init__``, and tests/test_check_speed.py checks that every field is given
    and that the result equals the constructor's.
    """
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def patent_from_row(
    campaign_year: int, title: str, raw: str, number: str | None, grant: str | None,
    inventor: str | None, id_number: str | None, card: str | None, phone: str | None,
    frontline: int | None, service: int | None, applied: int | None, unit: str | None,
    enterprise: str | None, industry: str | None, remarks: str, received: str | None,
    materials: str, seq: int | None, status: str, reason: str, award: int | None,
    approved: str | None, app_id: int, person_id: int | None,
) -> PatentApplication:
    return _record(PatentApplication, {
        "campaign_year": campaign_year, "title": title, "patent_number_raw": raw,
        "patent_number": number, "grant_date": py_day(grant), "inventor_name": inventor or "",
        "id_number": id_number or "", "card_number": card or "", "phone": phone or "",
        "frontline": py_flag(frontline), "service_invention": py_flag(service),
        "applied_in_production": py_flag(applied), "unit_name": unit or "",
        "enterprise_name": enterprise or "", "industry": industry or "", "remarks": remarks,
        "received_date": py_day(received), "materials": materials_dict(materials), "seq": seq,
        "status": status, "status_reason": reason, "award_fen": award,
        "approved_date": py_day(approved), "id": app_id, "person_id": person_id,
    })


def project_from_row(
    campaign_year: int, title: str, studio: str | None, level: str | None, model: int | None,
    leader: str, unit: str | None, enterprise: str | None, approval: str | None,
    startup: int | None, completion: str | None, budget: int | None, requested: int | None,
    contact: str, contact_phone: str, industry: str | None, remarks: str,
    received: str | None, materials: str, seq: int | None, status: str, reason: str,
    award: int | None, approved: str | None, accepted: str | None, app_id: int,
    studio_id: int | None, outside_level: str | None = None,
) -> ProjectApplication:
    return _record(ProjectApplication, {
        "campaign_year": campaign_year, "title": title, "studio_name": studio or "",
        "studio_level": level, "model_studio": bool(model), "leader": leader,
        "unit_name": unit or "", "enterprise_name": enterprise or "",
        "approval_date": py_day(approval), "startup_funds_paid": py_flag(startup),
        "planned_completion": py_day(completion), "total_budget_fen": budget,
        "requested_fen": requested, "contact_name": contact, "contact_phone": contact_phone,
        "industry": industry or "", "remarks": remarks, "received_date": py_day(received),
        "materials": materials_dict(materials), "seq": seq, "status": status,
        "status_reason": reason, "award_fen": award, "approved_date": py_day(approved),
        "accepted_date": py_day(accepted), "id": app_id, "studio_id": studio_id,
        "outside_level": outside_level or "",
    })


def materials_json(materials: dict[str, bool]) -> str:
    return json.dumps(materials, ensure_ascii=False, sort_keys=True) if materials else "{}"
