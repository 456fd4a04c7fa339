"""A save while the register view is shown: the view's memory (``search_keys.Searcher``)
takes in this connection's writes from ``models.journal`` (the rows written, read again and
patched in) instead of reading the campaign's 80,000 texts and sorting them again, and its
answers stay exactly the SQL's (``queries.search_ids``) whatever was written."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_queries_memory import NAMES, STATUSES, TITLES, UNITS, fill

from boostdesk.models import Register, journal, plan_2022
from boostdesk.models.records import ProjectApplication
from boostdesk.ui import queries, search_keys
from boostdesk.ui.queries import PATENT_SPEC, PROJECT_SPEC, Filters
from boostdesk.ui.search_keys import Searcher

SORTS = ["person", "title", "unit", "verdict", "grant_date", "received", "enterprise", "number"]
LOOKS = [("", None, None, None), ("张", None, None, None), ("伟", None, "approved", None),
         ("", None, None, "eligible"), ("zl", None, "qualified", None)]

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def look(reg: Register, searcher: Searcher, sorts: list[tuple[str, bool]],
         year: int = 2022) -> None:
    """The searcher answers as SQL does: each text and filter, in each order."""
    units = [uid for uid, _n in queries.units(reg)][:2] or [None]
    for text, _u, status, verdict in LOOKS:
        for sort_key, first in sorts:
            for unit, descending in ((None, first), (units[0], not first)):  # both ways
                filters = Filters(text, unit, status, verdict)
                assert searcher.search_ids(year, filters, sort_key, descending) == \
                    queries.search_ids(reg, PATENT_SPEC, year, filters, sort_key, descending), \
                    (filters, sort_key, descending)


def write(reg: Register, rng: random.Random, op: str) -> None:
    """One write of this window, as a clerk's action makes it (or a raw one of its kind)."""
    ids = [r[0] for r in reg.conn.execute(
        "SELECT id FROM patent_applications ORDER BY id")]
    app_id = rng.choice(ids) if ids else None
    if op == "new" or app_id is None:
        fill(reg, rng, 1)
    elif op == "edit":
        app = reg.patent(app_id)
        reg.save_patent(replace(app, title=rng.choice(TITLES), inventor_name=rng.choice(NAMES),
                                unit_name=rng.choice(UNITS)), reason=WHY)
    elif op == "status":
        reg.conn.execute("UPDATE patent_applications SET status = ?, eligible = ?,"
                         " grant_date = ? WHERE id = ?",
                         (rng.choice(STATUSES), rng.choice([None, 0, 1]),
                          rng.choice([None, "2021-03-05", "2020-01-01"]), app_id))
    elif op == "many":  # a status move of several rows at once
        chosen = rng.sample(ids, min(len(ids), rng.randint(2, 90)))
        with reg.transaction():
            for i in chosen:
                reg.conn.execute("UPDATE patent_applications SET status = ?, eligible = ?"
                                 " WHERE id = ?", (rng.choice(STATUSES), rng.choice([0, 1]), i))
    elif op == "delete":
        reg.delete_application("patent", app_id)
    elif op == "undo_new":  # the newest entries taken back (an undone save, a mistaken one)
        for _ in range(rng.choice([1, 1, 2])):
            reg.delete_application("patent", reg.scalar("SELECT max(id) FROM patent_applications"))
    elif op == "move":
        reg.conn.execute("UPDATE patent_applications SET campaign_id = (SELECT id FROM campaigns"
                         " WHERE year = 2023) WHERE id = ?", (app_id,))
    elif op == "back":  # a row of another year comes in (an undone move)
        reg.conn.execute("UPDATE patent_applications SET campaign_id = (SELECT id FROM campaigns"
                         " WHERE year = 2022) WHERE id = (SELECT max(id) FROM patent_applications"
                         " WHERE campaign_id = (SELECT id FROM campaigns WHERE year = 2023))")
    elif op == "person":  # a name changed where several patents show it
        reg.conn.execute("UPDATE people SET name = ? WHERE id = (SELECT person_id FROM"
                         " patent_applications WHERE id = ?)", (rng.choice(NAMES) + "甲", app_id))
    elif op == "unit":
        names = [n for _i, n in queries.units(reg)]
        if names:
            reg.rename_unit(rng.choice(names), rng.choice(UNITS[:3]) + rng.choice("一二"))
    elif op == "rollback":
        with pytest.raises(RuntimeError), reg.transaction():
            reg.conn.execute("DELETE FROM patent_applications WHERE id = ?", (app_id,))
            raise RuntimeError("rolled back")
    elif op == "reinsert":  # an undone delete: the row back under its old id
        row = reg.conn.execute("SELECT * FROM patent_applications WHERE id = ?",
                               (app_id,)).fetchone()
        reg.conn.execute("DELETE FROM patent_applications WHERE id = ?", (app_id,))
        reg.conn.execute(f"INSERT INTO patent_applications VALUES ({','.join('?' * len(row))})",
                         row)


OPS = ["new", "undo_new", "edit", "status", "many", "delete", "move", "back", "person", "unit", "rollback",
       "reinsert"]


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), ops=st.lists(st.sampled_from(OPS), min_size=1, max_size=6),
       sorts=st.lists(st.tuples(st.sampled_from(SORTS), st.booleans()), min_size=1, max_size=3))
def test_a_view_kept_across_any_writes_answers_as_sql(seed, ops, sorts):
    reg = Register.open(":memory:", operator="测试员")
    reads: list[int] = []
    real = search_keys.read_keys
    search_keys.read_keys = lambda *a: (reads.append(1), real(*a))[1]
    try:
        reg.save_campaign(plan_2022().for_year(2023))
        rng = random.Random(seed)
        fill(reg, rng, 60)
        fill(reg, rng, 5, year=2023)
        searcher = Searcher(reg, PATENT_SPEC)
        look(reg, searcher, [*sorts, ("id", False)])
        for op in ops:
            write(reg, rng, op)
            look(reg, searcher, [*sorts, ("id", True)])
        assert len(reads) == 1  # the campaign's texts read once: every write patched in
    finally:
        search_keys.read_keys = real
        reg.close()


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000),
       ops=st.lists(st.sampled_from(["new", "level", "studio", "leader", "delete"]),
                    min_size=1, max_size=5))
def test_projects_kept_across_writes_answer_as_sql(seed, ops):
    """The project view sorts through the studio (name, level): a studio renamed or made a
    city one moves its projects in those orders."""
    reg = Register.open(":memory:", operator="测试员")
    rng = random.Random(seed)

    def add(n: int) -> None:
        reg.save_project(ProjectApplication(
            2022, title=rng.choice(TITLES) + str(n), leader=rng.choice(NAMES),
            studio_name=rng.choice(["一室", "二室", "三室", ""]),
            studio_level=rng.choice(["city", "district"]),
            requested_fen=rng.choice([None, 100, 5_000_00])))

    try:
        for n in range(30):
            add(n)
        searcher = Searcher(reg, PROJECT_SPEC)
        sorts = [("studio", True), ("level", False), ("leader", False), ("requested", True)]

        def look_projects() -> None:
            for text in ("", "室", "张"):
                for key, first in sorts:
                    for descending in (first, not first):
                        expected = queries.search_ids(reg, PROJECT_SPEC, 2022, Filters(text),
                                                      key, descending)
                        assert searcher.search_ids(2022, Filters(text), key,
                                                   descending) == expected, (text, key)

        look_projects()
        for n, op in enumerate(ops, start=100):
            if op == "new":
                add(n)
            elif op == "level":
                reg.conn.execute("UPDATE studios SET level = CASE level WHEN 'city' THEN"
                                 " 'district' ELSE 'city' END WHERE id = (SELECT min(id)"
                                 " FROM studios)")
            elif op == "studio":
                reg.conn.execute("UPDATE studios SET name = name || ? WHERE id = (SELECT"
                                 " max(id) FROM studios)", (f"改{n}",))
            elif op == "leader":
                reg.conn.execute("UPDATE project_applications SET leader = ? WHERE id ="
                                 " (SELECT min(id) FROM project_applications)",
                                 (rng.choice(NAMES),))
            else:
                reg.delete_application("project", reg.scalar(
                    "SELECT min(id) FROM project_applications"))
            look_projects()
    finally:
        reg.close()


# -- a worker's writes handed over (an import, a batch on its own connection) ---------------

def counted(reads: list[int], real):
    """``read_keys`` counting its calls in ``reads``."""
    def read(*args):
        reads.append(1)
        return real(*args)
    return read


WORKER_OPS = ["new", "new", "edit", "status", "many", "delete", "person", "unit", "undo_new"]


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000),
       ops=st.lists(st.sampled_from(WORKER_OPS), min_size=1, max_size=4),
       sorts=st.lists(st.tuples(st.sampled_from(SORTS), st.booleans()), min_size=1, max_size=2))
def test_a_workers_handed_over_writes_are_patched_in_not_read_again(
        tmp_path_factory, seed, ops, sorts):
    """A worker writing on its own connection (the import) moves the window connection's
    data_version: its journal handed over, the view takes its rows in as its own — the
    campaign's texts not read again — and answers as SQL does."""
    path = tmp_path_factory.mktemp("handed") / "register.db"
    reg = Register.open(path, operator="测试员")
    reads: list[int] = []
    real = search_keys.read_keys
    search_keys.read_keys = counted(reads, real)
    try:
        reg.save_campaign(plan_2022().for_year(2023))
        rng = random.Random(seed)
        fill(reg, rng, 40)
        searcher = Searcher(reg, PATENT_SPEC)
        look(reg, searcher, [*sorts, ("id", False)])
        for op in ops:
            before = journal.data_version(reg.conn)
            worker = Register.open(path, operator="测试员")
            start = journal.mark(worker.conn)
            write(worker, rng, op)
            written = journal.written(worker.conn, start)
            worker.close()
            assert written is not None
            assert journal.hand_over(reg.conn, written, before)
            look(reg, searcher, [*sorts, ("id", True)])
        assert len(reads) == 1
    finally:
        search_keys.read_keys = real
        reg.close()


def test_a_commit_not_handed_over_still_reads_everything_again(tmp_path):
    """Another connection's commit that no worker handed over (another program; or one made
    while the worker wrote, which its journal lacks) is not taken for a worker's."""
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    reads: list[int] = []
    real = search_keys.read_keys
    search_keys.read_keys = counted(reads, real)
    try:
        rng = random.Random(3)
        fill(reg, rng, 20)
        searcher = Searcher(reg, PATENT_SPEC)
        look(reg, searcher, [("person", False)])
        other = Register.open(path, operator="测试员")
        fill(other, rng, 2)  # another program: nothing handed over
        look(reg, searcher, [("person", False)])
        assert len(reads) == 2
        before = journal.data_version(reg.conn)
        worker = Register.open(path, operator="测试员")
        start = journal.mark(worker.conn)
        fill(worker, rng, 1)
        fill(other, rng, 1)  # a commit the worker's journal lacks
        assert journal.written(worker.conn, start) is None
        assert not journal.hand_over(reg.conn, None, before)
        worker.close()
        other.close()
        look(reg, searcher, [("person", False)])
        assert len(reads) == 3
    finally:
        search_keys.read_keys = real
        reg.close()


def test_a_worker_ending_after_its_window_closed_hands_nothing_over(tmp_path):
    """The window closed (its register with it) while a worker wrote: the hand-over at the
    worker's end takes nothing, and raises nothing into Qt's event loop."""
    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    before = journal.data_version(reg.conn)
    worker = Register.open(path, operator="测试员")
    start = journal.mark(worker.conn)
    fill(worker, random.Random(5), 1)
    written = journal.written(worker.conn, start)
    worker.close()
    reg.close()
    assert written
    assert journal.hand_over(reg.conn, written, before) is False
