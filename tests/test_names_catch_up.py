"""The completers' name lists after a save: the names the save wrote are taken in from the
journal (``models.name_lists``), not read again from every people, unit and project row,
and the lists stay exactly what a fresh read gives whatever was written."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_draft_check_scale import PATENT, _id, _number

from boostdesk import pinyin_order
from boostdesk.models import Register
from boostdesk.models.records import ProjectApplication

LISTS = ["units", "enterprises", "studios", "people", "project_people"]
NAMES = ["张伟", "王芳", "Li Na", "li na", "李娜", "刘", "O'Neil", "赵六"]


def fresh(reg: Register, table: str) -> list[str]:
    """What the lists held when read afresh: the distinct non-blank names in pinyin order."""
    sql = (f"SELECT DISTINCT name FROM {table}" if table != "project_people" else
           "SELECT name FROM people UNION SELECT leader FROM studios UNION SELECT leader"
           " FROM project_applications UNION SELECT contact_name FROM project_applications")
    names = [r[0] for r in reg.conn.execute(sql) if r[0]]
    return sorted(names, key=lambda n: (pinyin_order.sort_key(n) or "", n))


def save_patent(reg: Register, n: int, name: str, unit: str = "海淀区总工会",
                enterprise: str = "北京某某科技有限公司") -> int:
    return reg.save_patent(replace(PATENT, patent_number_raw=_number(n), id_number=_id(n),
                                   inventor_name=name, unit_name=unit,
                                   enterprise_name=enterprise))


def write(reg: Register, rng: random.Random, op: str, n: int) -> None:
    if op == "patent":
        save_patent(reg, n, rng.choice(NAMES), rng.choice(["海淀区总工会", "朝阳区总工会"]),
                    rng.choice(["甲公司", "乙公司", "丙公司"]))
    elif op == "project":
        reg.save_project(ProjectApplication(2022, title=f"项目{n}", leader=rng.choice(NAMES),
                                            contact_name=rng.choice([*NAMES, ""]),
                                            studio_name=rng.choice(["一室", "二室"])))
    elif op == "rename":
        reg.conn.execute("UPDATE people SET name = ? WHERE id = (SELECT max(id) FROM people)",
                         (rng.choice(NAMES),))
    elif op == "leader":
        reg.conn.execute("UPDATE project_applications SET leader = ?, contact_name = ?"
                         " WHERE id = (SELECT min(id) FROM project_applications)",
                         (rng.choice([*NAMES, ""]), rng.choice([*NAMES, ""])))
        reg.conn.execute("UPDATE studios SET leader = ? WHERE id = (SELECT max(id) FROM studios)",
                         (rng.choice(NAMES),))
    elif op == "delete":
        app_id = reg.scalar("SELECT max(id) FROM patent_applications")
        if app_id is not None:
            reg.delete_application("patent", app_id)
        reg.conn.execute("DELETE FROM people WHERE id NOT IN (SELECT person_id FROM"
                         " patent_applications WHERE person_id IS NOT NULL)")
    elif op == "rollback":
        with pytest.raises(RuntimeError), reg.transaction():
            reg.conn.execute("UPDATE people SET name = '回滚'")
            raise RuntimeError("rolled back")


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000),
       ops=st.lists(st.sampled_from(["patent", "project", "rename", "leader", "delete",
                                     "rollback"]), min_size=1, max_size=8))
def test_the_lists_after_any_writes_are_a_fresh_read(seed, ops):
    reg = Register.open(":memory:", operator="测试员")
    try:
        rng = random.Random(seed)
        for n in range(1, 4):
            write(reg, rng, "patent", n)
        write(reg, rng, "project", 0)
        for table in LISTS:
            assert reg.names(table) == fresh(reg, table)
        for n, op in enumerate(ops, start=10):
            write(reg, rng, op, n)
            for table in LISTS:
                assert reg.names(table) == fresh(reg, table), (op, table)
    finally:
        reg.close()


def test_a_save_adding_an_inventor_reads_no_name_table_again(tmp_path):
    """The form opened after a save: the lists it asks for are there without reading the
    people, units, enterprises, studios or projects again (at 100,000 applications that
    read took 0.25–1.1 s of opening a form after every save)."""
    reg = Register.open(tmp_path / "r.db", "甲")
    save_patent(reg, 1, "张三")
    reg.save_project(ProjectApplication(2022, title="项目", leader="王五", studio_name="一室"))
    for table in LISTS:
        reg.names(table)
    save_patent(reg, 2, "李四", enterprise="新公司")
    statements: list[str] = []
    reg.conn.set_trace_callback(statements.append)
    lists = {table: reg.names(table) for table in LISTS}
    reg.conn.set_trace_callback(None)
    assert lists["people"] == ["李四", "张三"]
    assert lists["project_people"] == ["李四", "王五", "张三"]
    assert lists["enterprises"] == ["北京某某科技有限公司", "新公司"]
    read = [s for s in statements
            if any(f"FROM {t}" in s for t in ("people", "units", "enterprises", "studios",
                                               "project_applications"))]
    assert read == []
    for table in LISTS:
        assert lists[table] == fresh(reg, table)


def test_a_name_read_in_a_transaction_rolled_back_is_not_offered_after(tmp_path):
    """A list read while a save was still open (its names not yet committed) was kept under
    the register's state, which a rollback leaves as it was: the next form offered the
    inventor of a save that never happened."""
    reg = Register.open(tmp_path / "r.db", "甲")
    save_patent(reg, 1, "张三")
    with pytest.raises(RuntimeError), reg.transaction():
        save_patent(reg, 2, "李四")
        assert reg.names("people") == ["李四", "张三"]
        raise RuntimeError("the save failed")
    assert reg.names("people") == ["张三"]


def test_names_a_worker_wrote_and_handed_over_read_no_name_table_again(tmp_path):
    """An import writes on a worker's connection: its journal handed over, the first form
    opened after it takes the new names in instead of reading every name table again."""
    from boostdesk.models import journal

    path = tmp_path / "r.db"
    reg = Register.open(path, "甲")
    save_patent(reg, 1, "张三")
    reg.save_project(ProjectApplication(2022, title="项目", leader="王五", studio_name="一室"))
    for table in LISTS:
        reg.names(table)
    before = journal.data_version(reg.conn)
    worker = Register.open(path, "甲")
    start = journal.mark(worker.conn)
    save_patent(worker, 2, "李四", enterprise="新公司")
    written = journal.written(worker.conn, start)
    worker.close()
    assert journal.hand_over(reg.conn, written, before)
    statements: list[str] = []
    reg.conn.set_trace_callback(statements.append)
    lists = {table: reg.names(table) for table in LISTS}
    reg.conn.set_trace_callback(None)
    assert lists["people"] == ["李四", "张三"]
    assert lists["enterprises"] == ["北京某某科技有限公司", "新公司"]
    read = [s for s in statements
            if any(f"FROM {t}" in s for t in ("people", "units", "enterprises", "studios",
                                               "project_applications"))]
    assert read == []
    for table in LISTS:
        assert lists[table] == fresh(reg, table)
