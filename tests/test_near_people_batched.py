"""The near-person look-ups of an import, a chunk of rows a statement, find what the look-up
a row found (stop 47: 50,000 statements of a 10,000-row import's re-check were ≈ 1,200).

Each batched look-up of ``rules.near_people`` is checked against the plain per-row SQL it
replaced, spelt out here, on registers of shared (office) telephones, namesakes, one-off
and same-birth ID numbers, 15-character numbers, people without a number and numbers
stored otherwise than keyed (a lower-case x); and an import's re-check is counted in
statements: a few per chunk of rows, not a few per row."""

from __future__ import annotations

import sqlite3
from collections import Counter, defaultdict
from typing import Any

from fixtures.summary_sheets import resident_id
from hypothesis import given, settings
from hypothesis import strategies as st

from boostdesk.hanzi_fold import fold
from boostdesk.models import Register
from boostdesk.models.record_rows import IN_CHUNK
from boostdesk.models.records import PatentApplication
from boostdesk.rules import near_people as near
from boostdesk.rules.near_people import (
    BIRTH,
    OFFICE,
    REST,
    _paired_at,
    _phone_keys,
    _typed_by_phone,
    office_phones,
    registered_by_phone,
    registered_by_phones,
)
from boostdesk.validate import person_key

BODIES = ["11010119800101001", "11010119800101002", "11010119800101011",
          "11010119800110001", "44030119750303123", "11010119800101100"]
PHONES = ["13800000001", "13800000002", "010-83570885", ""]
NAMES = ["许丹", "許丹", "王伟", "李娜"]


def _id(body: int, lower_x: bool, short: bool) -> str:
    number = resident_id(BODIES[body])
    if short:
        return number[:6] + number[8:17]  # a 15-digit number
    if lower_x:
        return number[:17] + "x"  # stored otherwise than keyed
    return number


person = st.tuples(st.sampled_from(NAMES), st.integers(0, len(BODIES) - 1), st.booleans(),
                   st.booleans(), st.sampled_from(PHONES), st.booleans())
people_lists = st.lists(person, max_size=14)


def _register(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[tuple[str, str]]:
    """The people stored (an ID number once: the column is unique), and every (phone, ID
    number) they give, as typed pairs are."""
    seen: set[str] = set()
    pairs: list[tuple[str, str]] = []
    for name, body, lower_x, short, phone, no_id in rows:
        number = _id(body, lower_x, short)
        pairs.append((phone, number))
        pairs.append((phone, person_key(number)))
        if number in seen:
            continue
        seen.add(number)
        conn.execute("INSERT INTO people (name, id_number, phone) VALUES (?, ?, ?)",
                     (name, None if no_id else number, phone or None))
    return pairs


# -- the per-row look-ups they replaced -------------------------------------------------
def plain_by_phone(conn: sqlite3.Connection, phone: str, id_number: str) -> list[Any]:
    if not phone or len(id_number) != 18:
        return []
    found: set[Any] = set()
    for part, value in ((BIRTH, id_number[6:14]), (REST, id_number[:6] + id_number[14:17])):
        for name, i, p in conn.execute(
                "SELECT name, id_number, phone FROM people WHERE phone = ? AND "
                f"{part.format(t='')} = ?", (phone, value)):
            if i:
                found.add((person_key(i), p, name))
    return sorted(found)


def plain_office(conn: sqlite3.Connection, given: list[tuple[str, str]]) -> set[str]:
    typed: dict[str, set[str]] = defaultdict(set)
    for phone, key in given:
        if phone and key:
            typed[phone].add(key)
    return {phone for phone, ids in typed.items() if len(ids | {
        person_key(i) for (i,) in conn.execute(
            "SELECT id_number FROM people WHERE phone = ? AND id_number IS NOT NULL",
            (phone,))}) >= OFFICE}


def plain_paired_at(conn: sqlite3.Connection, phone: str) -> set[int]:
    mine = [(pid, {fold(name), *_phone_keys(i)}) for pid, name, i in conn.execute(
        "SELECT id, name, id_number FROM people WHERE phone = ? AND id_number IS NOT NULL",
        (phone,))]
    keys = Counter(k for _, held in mine for k in held)
    return {pid for pid, held in mine if any(keys[k] > 1 for k in held)}


def plain_typed(conn: sqlite3.Connection, typed: list[tuple[str, str, str]]) -> list[Any]:
    out = []
    for _, typed_id, phone in typed:
        for i, p, name in plain_by_phone(conn, phone, typed_id):
            row = conn.execute("SELECT id FROM people WHERE id_number = ?", (i,)).fetchone()
            out.append((row[0] if row else None, name, i, p))
    return out


@settings(max_examples=150, deadline=None)
@given(rows=people_lists, typed=st.lists(person, max_size=8))
def test_the_batched_look_ups_find_what_the_look_up_a_row_found(tmp_path_factory, rows, typed):
    with Register.open(tmp_path_factory.mktemp("r") / "r.db", operator="测试员") as reg:
        pairs = _register(reg.conn, rows)
        asked = pairs + [(phone, _id(body, lower_x, short))
                         for _, body, lower_x, short, phone, _ in typed]
        assert list(registered_by_phones(reg, asked)) == [
            plain_by_phone(reg.conn, phone, i) for phone, i in asked]
        assert [registered_by_phone(reg, phone, i) for phone, i in asked] == [
            plain_by_phone(reg.conn, phone, i) for phone, i in asked]
        keyed = [(phone, person_key(i)) for phone, i in asked]
        assert office_phones(reg, keyed) == plain_office(reg.conn, keyed)
        phones = list(dict.fromkeys(p for p, _ in asked if p))
        assert _paired_at(reg, phones) == set().union(
            *(plain_paired_at(reg.conn, p) for p in phones))
        triples = [(fold(name), person_key(_id(body, lower_x, short)), phone)
                   for name, body, lower_x, short, phone, _ in typed]
        assert list(_typed_by_phone(reg, triples)) == plain_typed(reg.conn, triples)


def test_more_pairs_than_a_statement_holds_are_answered_in_their_order(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        stored = [(f"申报人{n}", resident_id(f"110101198{n:08d}"), f"1380000{n % 7:04d}")
                  for n in range(3 * near._PAIRS + 5)]
        reg.conn.executemany("INSERT INTO people (name, id_number, phone) VALUES (?, ?, ?)",
                             stored)
        asked = [(p, i) for _, i, p in reversed(stored)] + [("", stored[0][1])]
        assert list(registered_by_phones(reg, asked)) == [
            plain_by_phone(reg.conn, p, i) for p, i in asked]


def test_an_imports_re_check_asks_a_few_statements_a_chunk_of_rows_not_a_few_a_row(tmp_path):
    from boostdesk.rules.near_people import near_people, near_people_of

    rows = 600
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        apps = [PatentApplication(2022, inventor_name=f"申报人{n}",
                                  id_number=resident_id(f"110101198{n:08d}"),
                                  phone=f"1380000{n:04d}") for n in range(rows)]
        reg.conn.executemany("INSERT INTO people (name, id_number, phone) VALUES (?, ?, ?)",
                             [(a.inventor_name, a.id_number, a.phone) for a in apps])
        people = {pid for (pid,) in reg.conn.execute("SELECT id FROM people")}
        conn = reg.conn
        asked: list[str] = []
        marks: dict[str, int] = {}
        read: dict[str, int] = Counter()

        class Recorded:  # the connection, each statement, its marks and its rows noted
            def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
                asked.append(sql)
                marks[sql] = sql.count("?")
                read[sql] += len(conn.execute(sql, params).fetchall())  # (each a SELECT)
                return conn.execute(sql, params)

            def __getattr__(self, name: str) -> Any:
                return getattr(conn, name)

        reg.conn = Recorded()  # type: ignore[assignment]
        try:
            assert near_people_of(reg, people, apps) == set()
            assert near_people(reg, apps) == {}
        finally:
            reg.conn = conn
        # (a statement a row and telephone: ≈ 4,200 for these 600 rows)
        assert len(asked) < 300, len(asked)
        # the people near the written ones by name, telephone and birth date or the rest of
        # the ID: none here, and none of the written found by himself (1,800 rows read only
        # to be passed over)
        assert sum(n for sql, n in read.items() if "JOIN people s" in sql) == 0, read
        # each statement compiled is kept by the connection, ≈ 190 bytes a mark: none longer
        # than the longest IN (...) (512 marks a statement put the import's peak up 0.3 MB)
        assert max(marks.values()) <= IN_CHUNK, sorted(marks.values())
