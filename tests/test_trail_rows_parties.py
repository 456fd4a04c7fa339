"""A paid line's payee (a patent's inventor by name and ID, a project's enterprise), its
paying union's name and a paid award's amount, edited in SQLite after the transfer, are
named by `check` against the 登记拨付 line; the program's own corrections (a name, an
enterprise, a union renamed or merged) are followed without a finding."""

from __future__ import annotations

import sqlite3

import pytest
from test_trail_chain import demo, demo_master  # noqa: F401 - the demo register's fixtures
from test_trail_chain_gaps import _check, _report, _sql

from boostdesk.cli import main
from boostdesk.models.audit_rows import mismatches

__all__ = ["demo", "demo_master"]

# a paid patent and a paid project of the demo register, and a union paying one of them
_PATENT = ("SELECT a.id, a.person_id, pe.name FROM patent_applications a JOIN people pe ON"
           " pe.id = a.person_id WHERE EXISTS (SELECT 1 FROM payments p WHERE p.stream ="
           " 'patent' AND p.application_id = a.id AND p.paid_date IS NOT NULL) ORDER BY a.id")
_PROJECT = ("SELECT a.id, e.id, e.name FROM project_applications a JOIN studios s ON s.id ="
            " a.studio_id JOIN enterprises e ON e.id = COALESCE(a.payee_enterprise_id,"
            " s.enterprise_id) WHERE EXISTS (SELECT 1 FROM payments p WHERE p.stream ="
            " 'project' AND p.application_id = a.id AND p.paid_date IS NOT NULL) ORDER BY a.id")
_UNION = ("SELECT u.id, u.name FROM payments p JOIN patent_applications a ON a.id ="
          " p.application_id JOIN units u ON u.id = a.unit_id WHERE p.stream = 'patent' AND"
          " p.payer = 'union' AND p.paid_date IS NOT NULL ORDER BY p.id")


def _rows(db, sql):
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _found(db):
    conn = sqlite3.connect(db)
    try:
        return mismatches(conn)
    finally:
        conn.close()


def test_a_paid_patent_moved_to_another_person_is_named(demo, capsys):
    (app, person, name), *_ = _rows(demo, _PATENT)
    other, other_name = next((i, n) for i, n in _rows(demo, "SELECT id, name FROM people")
                             if i != person and n != name)
    _sql(demo, f"UPDATE patent_applications SET person_id = {other} WHERE id = {app}")
    rc, said = _check(demo, capsys)
    assert rc == 1
    assert f"收款人“{other_name}”与修改记录第 " in said and f"记下的“{name}”不符" in said
    assert "收款人身份证号 " in said


def test_a_paid_projects_payee_changed_or_deleted_is_named(demo, tmp_path):
    (app, firm, name), *_ = _rows(demo, _PROJECT)
    other = next(i for i, n in _rows(demo, "SELECT id, name FROM enterprises") if n != name)
    copy = tmp_path / "copy.db"
    copy.write_bytes(demo.read_bytes())
    _sql(demo, f"UPDATE project_applications SET payee_enterprise_id = {other} WHERE id = {app}")
    assert any(f"项目{app}）：收款人“" in r and f"记下的“{name}”不符" in r for r in _found(demo))
    _sql(copy, f"DELETE FROM enterprises WHERE id = {firm}")
    assert any(f"项目{app}）：收款人“（未登记所在单位）”与修改记录第 " in r for r in _found(copy))


def test_a_paying_union_renamed_outside_is_named(demo):
    (unit, name), *_ = _rows(demo, _UNION)
    _sql(demo, f"UPDATE units SET name = '改名工会' WHERE id = {unit}")
    assert any("付款单位“改名工会”与修改记录第 " in r and f"记下的“{name}”不符" in r
               for r in _found(demo))


def test_a_paid_award_changed_outside_is_named(demo):
    (app, _, _), *_ = _rows(demo, _PATENT)
    _sql(demo, f"UPDATE patent_applications SET award_fen = 9900000 WHERE id = {app}")
    assert any(r.startswith(f"专利{app}：助推金额 ¥99,000.00 与修改记录第 ") for r in _found(demo))


@pytest.mark.parametrize("merge", [False, True])
def test_corrections_made_in_the_program_are_followed(demo, capsys, merge):
    (_, _, name), *_ = _rows(demo, _PATENT)
    (_, _, firm), *_ = _rows(demo, _PROJECT)
    (_, union), *_ = _rows(demo, _UNION)
    into = "改名后的工会" if not merge else next(n for n, in _rows(
        demo, "SELECT b.name FROM units a JOIN units b ON b.kind = a.kind AND b.id != a.id"
        f" WHERE a.name = '{union}'"))
    db = ["--db", str(demo)]
    assert main(["correct", "name", name, name[0] + "某某", "--reason", "身份证核对", *db]) == 0
    assert main(["correct", "enterprise", firm, firm + "（改制）", "--reason", "改制", *db]) == 0
    assert main(["correct", "union", union, into, "--reason", "合并", *db]
                + (["--merge"] if merge else [])) == 0
    assert _found(demo) == []
    rc, said = _check(demo, capsys)
    assert rc == 0 and _report(demo).whole
