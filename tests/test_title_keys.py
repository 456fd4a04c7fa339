"""Each project paper's folded title stored beside it (``title_key``, migration 17) and
indexed with its campaign: the year's papers of one title (one title, two studios) are
found by the index, so the key must be right after every write of a title — an entry, an
edit, an import, the window's undo and redo, a deletion undone — and after the upgrade of
a register written before it."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from test_migrations import as_version
from test_studio_two_ways import SAME_TITLE, codes, paper
from test_ui_support import answers, ctx, qsettings

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PROJECT
from boostdesk.rules import recheck
from boostdesk.rules.check import title_key
from boostdesk.ui import operations

__all__ = ["answers", "ctx", "qsettings"]

FIRST = "高炉炉况智能诊断系统开发"
SECOND = "高炉炉况 智能诊断系统开发。"  # the same project, written by another studio's clerk
LI = dict(studio_name="李红兵劳模创新工作室", leader="李红兵", enterprise_name="首钢特钢材料有限公司")
ZHOU = dict(studio_name="周明职工创新工作室", leader="周明", enterprise_name="北京邮通网络技术有限公司")


def stored_keys(reg: Register) -> dict[int, str]:
    """Each project paper's stored key, after asserting it is its title's."""
    rows = reg.conn.execute("SELECT id, title, title_key FROM project_applications").fetchall()
    for app_id, title, key in rows:
        assert key == title_key(title), (app_id, title, key)
    return {app_id: key for app_id, _, key in rows}


def test_an_entry_and_an_edit_store_the_title_s_key(reg):
    first = reg.save_project(paper(title=FIRST, **LI))
    second = reg.save_project(paper(title="高炉煤气余热回收", **ZHOU))
    assert stored_keys(reg) == {first: title_key(FIRST), second: "高炉煤气余热回收"}
    reg.save_project(replace(reg.project(second), title=SECOND))  # the edit makes it the same
    recheck(reg)
    assert stored_keys(reg)[second] == title_key(FIRST)
    assert codes(reg, first) == [SAME_TITLE] and codes(reg, second) == [SAME_TITLE]
    reg.save_project(replace(reg.project(second), title="高炉煤气余热回收"))  # and back
    recheck(reg)
    assert stored_keys(reg)[second] == "高炉煤气余热回收"
    assert codes(reg, first) == [] and codes(reg, second) == []


def test_an_imported_table_stores_each_title_s_key(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        first = reg.save_project(paper(title=FIRST, **LI))
        recheck(reg)
    sheet = write_sheet(tmp_path / "邮电工会项目.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称="周明职工创新工作室", 领衔人="周明", 项目名称=SECOND)])
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    with Register.open(path) as reg:
        [new] = [a for a in reg.projects(2022) if a.studio_name == "周明职工创新工作室"]
        assert stored_keys(reg) == {first: title_key(FIRST), new.id: title_key(FIRST)}
        assert codes(reg, first) == [SAME_TITLE] and SAME_TITLE in codes(reg, new.id)


def test_the_window_s_undo_and_redo_put_the_key_back_with_the_title(ctx, reg):
    first = reg.save_project(paper(title=FIRST, **LI))
    second = operations.save_application(ctx, paper(title="高炉煤气余热回收", **ZHOU)).value
    assert operations.save_application(ctx, replace(reg.project(second), title=SECOND)).ok
    assert stored_keys(reg)[second] == title_key(FIRST)
    assert codes(reg, first) == [SAME_TITLE]
    ctx.undo_stack.undo()  # the edit
    assert stored_keys(reg)[second] == "高炉煤气余热回收" and codes(reg, first) == []
    ctx.undo_stack.redo()
    assert stored_keys(reg)[second] == title_key(FIRST) and codes(reg, first) == [SAME_TITLE]


def test_a_deletion_undone_brings_the_paper_back_with_its_key(ctx, reg):
    first = reg.save_project(paper(title=FIRST, **LI))
    second = reg.save_project(paper(title=SECOND, **ZHOU))
    recheck(reg)
    assert operations.delete_application(ctx, PROJECT, second).ok
    assert list(stored_keys(reg)) == [first] and codes(reg, first) == []
    ctx.undo_stack.undo()  # restored under its 登记号
    assert stored_keys(reg) == {first: title_key(FIRST), second: title_key(FIRST)}
    assert codes(reg, first) == [SAME_TITLE] and codes(reg, second) == [SAME_TITLE]


def test_the_upgrade_to_17_folds_every_stored_title(tmp_path):
    """A register written before 17 has no keys: the upgrade makes each from its title (the
    same ``title_key``), writes no line in the trail for them (the title's own, folded, as
    the search texts in 15), and its re-check finds one title from two studios."""
    path = tmp_path / "v16.db"
    with Register.open(path, operator="王秀兰") as reg:
        first = reg.save_project(paper(title=FIRST, **LI))
        second = reg.save_project(paper(title=SECOND, **ZHOU))
        untitled = reg.save_project(paper(title="", studio_name="张三创新工作室", leader="张三"))
        recheck(reg)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE project_applications SET findings = '[]'")  # judged before 17
        as_version(conn, 16)
    assert "title_key" not in [r[1] for r in conn.execute(
        "PRAGMA table_info(project_applications)")]
    lines = conn.execute("SELECT count(*) FROM audit_events").fetchone()[0]
    conn.close()
    from boostdesk.safety import open_register

    opened = open_register(path, "刘建国", start_backup=False)
    reg = opened.reg
    try:
        assert stored_keys(reg) == {first: title_key(FIRST), second: title_key(FIRST),
                                    untitled: ""}
        assert reg.conn.execute("SELECT action FROM audit_events WHERE id > ?",
                                (lines,)).fetchall() == [("upgrade",)]
        assert codes(reg, first) == [SAME_TITLE] and codes(reg, second) == [SAME_TITLE]
    finally:
        reg.close()


def test_the_year_s_papers_of_a_title_are_read_by_the_campaign_and_key_index(reg):
    """The look-up reads the (campaign, key) index, not every paper of the year."""
    from boostdesk.rules import check

    reg.save_project(paper(title=FIRST, **LI))
    plans: list[str] = []
    reg.conn.set_trace_callback(lambda sql: plans.append(sql))
    try:
        said = check._same_titles(reg, 2022, {title_key(SECOND)})
    finally:
        reg.conn.set_trace_callback(None)
    assert [c.studio for c in said[title_key(FIRST)]] == ["李红兵劳模创新工作室"]
    [select] = [sql for sql in plans if "FROM project_applications" in sql]
    plan = " ".join(str(r[3]) for r in reg.conn.execute(f"EXPLAIN QUERY PLAN {select}"))
    assert "USING INDEX project_title (campaign_id=? AND title_key=?)" in plan, plan
