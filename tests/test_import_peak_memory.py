"""An import's re-check holds little for the thousands of people and cards it wrote: the
benchmark's 10,000-row import rose from 1.97× to 2.14× calamine's read at stop 44, its
peak in the near-person look-up (every written person's keys, every namesake's row) and
the card holders' order (a list for every card, each one person's).

Both are kept to what they find: the other people near, the cards two people give; and a
stored ID number is its own key, not a copy per paper.

Stop 46: 2.05×, ≈ 2 MB of it out of tracemalloc's sight: the statements SQLite compiled for
the look-ups of the people's spellings (hanzi_fold), each chunk of its own length, kept by
the connection. An ``IN (...)`` has a few lengths now; a name tidied unchanged is not copied."""

from __future__ import annotations

import sqlite3
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from fixtures.summary_sheets import card, resident_id

from boostdesk import validate
from boostdesk.hanzi_fold import fold
from boostdesk.models import Register, plan_2022
from boostdesk.models.record_rows import records_by_id, select_dicts_in, select_in
from boostdesk.models.records import PatentApplication
from boostdesk.rules.check import _card_holders
from boostdesk.rules.near_people import near_people_of
from boostdesk.validate import person_key, tidy_name

WRITTEN = 3_000  # people an import wrote, each other's only namesakes two by two


def peak_kb(fn: Callable[[], Any]) -> tuple[Any, float]:
    """``fn()`` and the most Python memory it held at once, in KB."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        out = fn()
        return out, (tracemalloc.get_traced_memory()[1] - before) / 1024
    finally:
        tracemalloc.stop()


def test_the_near_people_of_an_import_are_the_others_near_its_people_found_in_little_memory(
        tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        written = [(f"申报人{n // 2}", resident_id(f"110101198{n:08d}"), f"1380000{n:04d}")
                   for n in range(WRITTEN)]
        # 黎明 of the import; a registered 黎明 with his phone (near), another far off
        written.append(("黎明", resident_id("11010619800501933"), "15552756056"))
        reg.conn.executemany("INSERT INTO people (name, id_number, phone) VALUES (?, ?, ?)",
                             written)
        people = {pid for (pid,) in reg.conn.execute("SELECT id FROM people")}
        reg.conn.executemany("INSERT INTO people (name, id_number, phone) VALUES (?, ?, ?)", [
            ("黎明", resident_id("11010819900101002"), "15552756056"),
            ("黎明", resident_id("44030119750303123"), "13911112222")])
        [near] = [pid for (pid,) in reg.conn.execute(
            "SELECT id FROM people WHERE id_number = ?", (resident_id("11010819900101002"),))]

        fold("許")  # (the traditional characters' table: read once a process, not per look-up)
        found, kb = peak_kb(lambda: near_people_of(reg, people))
        assert found == {near}  # not the written people themselves: they are judged anyway
        assert kb < 300, kb  # ≈ 3,600 KB when each written person's keys were kept

        # one typed (not stored) near the registered 黎明 by his ID, one digit off
        typed = PatentApplication(2022, inventor_name="黎明", id_number=resident_id(
            "11010819900101012"), phone="13000000000")
        assert near_people_of(reg, set(), [typed]) == {near}


def test_the_card_holders_of_an_import_list_the_cards_two_give_in_little_memory(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        one = PatentApplication(2022, inventor_name="张伟", id_number=resident_id(
            "11010119800101001"), card_number=card("621700001000000"))
        apps = [replace(one, id=n + 1, inventor_name=f"申报人{n}",
                        id_number=resident_id(f"110101198{n:08d}"),
                        card_number=card(f"62170000{n:07d}")) for n in range(WRITTEN)]
        # the last of the table gives the second's card: it claims another's
        apps.append(replace(apps[1], id=WRITTEN + 1, inventor_name="王芳",
                            id_number=resident_id("11010119850505005")))

        _card_holders(reg, apps, apps)  # (the cards and names tidied once: kept by validate)
        holders, kb = peak_kb(lambda: _card_holders(reg, apps, apps))
        assert holders == {apps[1].card_number: {apps[1].id_number: "申报人1",
                                                 apps[-1].id_number: "王芳"}}
        assert list(holders[apps[1].card_number]) == [apps[1].id_number, apps[-1].id_number]
        assert kb < 900, kb  # ≈ 1,700 KB when every card had its holders and givers listed


def test_a_stored_id_number_is_its_own_key_not_a_copy():
    stored = resident_id("11010619800501933")
    assert person_key(stored) is stored
    assert person_key(stored[:17] + "X") == stored[:17] + "X"
    assert person_key(stored[:17] + "x") == stored[:17] + "X"  # as typed: upper-cased
    assert person_key("11010619800501933 x") == "11010619800501933X"


def test_in_look_ups_of_any_number_of_keys_compile_a_few_statements(tmp_path):
    conn = sqlite3.connect(tmp_path / "t.db")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", [(n, f"v{n}") for n in range(700)])
    compiled: set[str] = set()

    class Recorded:  # the connection, each statement's text noted
        def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
            compiled.add(sql)
            return conn.execute(sql, params)

    for n in range(1, 600):
        keys = list(range(n, 0, -1))
        # each key's row once (the last key is repeated to fill the marks)
        assert sorted(r[0] for r in select_in(Recorded(), "SELECT id FROM t WHERE id IN",
                                              keys)) == keys[::-1]
        assert len(select_dicts_in(Recorded(), "SELECT * FROM t WHERE id IN", keys)) == n
        assert records_by_id(Recorded(), "SELECT a.id FROM t a", lambda i: i, keys) \
            == keys[::-1]
    # 1, 2, 4 … 256 marks each (599 lengths each, and 128 compiled statements a connection
    # kept: ≈ 2 MB at an import)
    assert len(compiled) == 3 * 9, sorted(len(s) for s in compiled)


def test_a_name_tidied_unchanged_is_the_name_not_a_copy():
    validate._tidy_unicode_name.cache_clear()  # (remembered: a copy given once stays)
    name = "".join(["许", "丹"])  # (made as a table's cell is, not a constant)
    assert tidy_name(name) is name
    assert tidy_name("北京新疆(集团)有限公司") == "北京新疆（集团）有限公司"
    assert tidy_name("王海燕 职工创新工作室") == "王海燕职工创新工作室"
