"""Is the audit trail complete? Every row an office action changes, held against the audit
events it wrote (tests/audit_harness.py): from the command line as the office types it, and
through the window's writes with their undo and redo."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from boostdesk import audit_log
from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.ui import operations
from tests.audit_harness import AuditWatch, diff, snapshot
from tests.fixtures.summary_sheets import resident_id
from tests.test_ui_support import answers, qsettings  # noqa: F401 - fixtures

GEAR = "高精度齿轮测量中心国产化应用"  # a registered 2022 project of the demo
YEAR = ["--year", "2022"]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


@pytest.fixture
def demo(demo_file, tmp_path) -> Path:
    db = tmp_path / "register.db"
    src = sqlite3.connect(demo_file)
    dst = sqlite3.connect(db)
    src.backup(dst)
    src.close()
    dst.close()
    return db


def _one(db: Path, sql: str, params: tuple = ()) -> object:
    conn = sqlite3.connect(db)
    try:
        row = conn.execute(sql, params).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


def test_the_harness_sees_a_change_written_behind_the_trails_back(demo):
    """The harness itself: a row written without an event is named, one with it is not."""
    with AuditWatch(demo) as watch:
        conn = sqlite3.connect(demo)
        with conn:
            conn.execute("UPDATE payments SET voucher = '私改' WHERE id = 1")
            conn.execute("UPDATE patent_applications SET eligible = 1 - COALESCE(eligible, 0)")
        conn.close()
    assert [(c.table, c.row_id, c.kind) for c in watch.unaudited()] == [("payments", 1, "update")]
    conn = sqlite3.connect(demo)
    before = snapshot(conn)
    conn.close()
    assert diff(before, before) == []


def test_every_command_that_changes_the_register_leaves_its_lines(demo, capsys):
    """The office's commands, one after another on the demo register: each row they
    change is named by an event of the command, under the operator who typed it."""
    db = ["--db", str(demo), "--operator", "审计员甲"]
    unpaid = _one(demo, "SELECT MIN(id) FROM payments WHERE paid_date IS NULL"
                  " AND stream = 'project' AND tranche = 2")
    commands = [
        ["campaign", "new", "--year", "2023"],
        ["campaign", "set", "--year", "2023", "publicity_days=6"],
        ["pay", "mark", str(unpaid), "--date", "2023-04-01", "--voucher", "V1"],
        ["pay", "cancel", str(unpaid), "--reason", "凭证号录错"],
        ["pay", "mark", str(unpaid), "--date", "2023-04-01", "--voucher", "V2"],
        ["pay", "return", str(unpaid), "--date", "2023-04-05", "--reason", "卡已销户"],
        ["pay", "accept", "城市桥梁支座病害智能巡检技术攻关", "--date", "2023-06-01"],
        ["panel", "expert", "add", "新专家", "--org", "某研究院", *YEAR],
        ["panel", "expert", "remove", "新专家", *YEAR],
        ["panel", "settings", "--disagreement", "12", *YEAR],
        ["panel", "qualify", "--pass", GEAR, *YEAR],
        ["panel", "qualify", "--refuse", "--reason", "缺立项文件", "基站节能智能关断策略研究", *YEAR],
        ["panel", "assign", "--expert", "何文静", "--project", GEAR, *YEAR],
        ["panel", "conflict", "--expert", "何文静", "--project", GEAR, "--reason", "同单位", *YEAR],
        ["panel", "conflict", "--expert", "何文静", "--project", GEAR, "--reason", "选错了专家",
         "--withdraw", *YEAR],
        ["panel", "assign", "--auto", *YEAR],
        ["panel", "override", "--tier", "none", "--reason", "评审会决定", "微小型无人机结构件轻量化设计",
         *YEAR],
        ["panel", "override", "--clear", "微小型无人机结构件轻量化设计", *YEAR],
        ["publicity", "object", "--by", "某职工", "--content", "数据存疑", "--date", "2022-12-28",
         "5G室内分布系统覆盖优化技术研究", *YEAR],
        ["publicity", "close", "--date", "2023-01-02", *YEAR],
        ["correct", "union", "朝阳区总工会", "朝阳区总工会（更正）", "--reason", "录错"],
        ["correct", "studio", "周明职工创新工作室", "周明创新工作室"],
        ["correct", "enterprise", "北京公交集团保修分公司", "北京公交集团保修分公司（更正）",
         "--reason", "录错"],
        ["correct", "name", "邱刚", "邱钢", "--reason", "身份证为邱钢"],
        ["panel", "export", "--out", str(demo.parent / "packages"), *YEAR],
        ["panel", "grid", "--year", "2023", "--set", "创新性:60:60", "可行性:40:40"],
        ["panel", "grid", "--year", "2023", "--default"],
        ["panel", "expert", "add", "何文静", "--org", "北京工业大学", *YEAR],
        ["correct", "id", "邱钢", resident_id("11010519800101001"), "--reason", "身份证号录错"],
        ["backup", "--out", str(demo.parent / "U盘.db")],
    ]
    for command in commands:
        with AuditWatch(demo) as watch:
            assert main([*command, *db]) == 0, (command, capsys.readouterr())
        assert watch.changes or watch.events, command
        assert watch.unaudited() == [], (command, watch.describe())
        assert watch.wrong_values() == [], command
        assert watch.operators() == {"审计员甲"}, command


def test_a_refused_project_deleted_keeps_its_conflict_in_the_trail(demo, capsys):
    """A conflict declared on a project later refused and deleted as an entry made by
    mistake (the window's 删除): the declaration went with it, with no line saying so."""
    db = ["--db", str(demo), "--operator", "评审秘书"]
    assert main(["panel", "qualify", "--pass", GEAR, *YEAR, *db]) == 0
    assert main(["panel", "conflict", "--expert", "何文静", "--project", GEAR,
                 "--reason", "何文静为该工作室顾问", *YEAR, *db]) == 0
    assert main(["panel", "qualify", "--refuse", "--reason", "重复申报", GEAR, *YEAR, *db]) == 0
    pid = int(_one(demo, "SELECT id FROM project_applications WHERE title = ?", (GEAR,)))
    with Register.open(demo, "录入员甲") as reg, AuditWatch(demo) as watch:
        reg.delete_application("project", pid)
    assert watch.unaudited() == [], watch.describe()
    with Register.open(demo, "审计") as reg:
        text = "\n".join(line.text() for line in audit_log.trail(reg, year=2022))
    (line,) = [x for x in text.splitlines() if "录入员甲  评审专家“何文静”  撤回回避" in x]
    assert "何文静为该工作室顾问" in line and "申报已删除" in line, line


def test_undoing_the_deletion_gives_the_project_its_conflict_back(
        demo, qsettings, qapp, answers):  # noqa: F811
    """Ctrl+Z after 删除 brings the project back: its expert's declared conflict too, or
    that expert could be assigned it once it is reopened."""
    from boostdesk.ui.context import AppContext

    db = ["--db", str(demo), "--operator", "评审秘书"]
    assert main(["panel", "qualify", "--pass", GEAR, *YEAR, *db]) == 0
    assert main(["panel", "conflict", "--expert", "何文静", "--project", GEAR,
                 "--reason", "何文静为该工作室顾问", *YEAR, *db]) == 0
    assert main(["panel", "qualify", "--refuse", "--reason", "重复申报", GEAR, *YEAR, *db]) == 0
    reg = Register.open(demo, "录入员甲")
    ctx = AppContext(reg, 2022, settings=qsettings)
    ctx.set_operator("录入员甲")
    try:
        pid = int(reg.scalar("SELECT id FROM project_applications WHERE title = ?", (GEAR,)))
        assert operations.delete_application(ctx, "project", pid).ok
        with AuditWatch(demo) as watch:
            ctx.undo_stack.undo()
        assert watch.unaudited() == [], watch.describe()
        back = ctx.ids.current("project", pid)
        assert reg.query("SELECT e.name, c.reason FROM conflicts c JOIN experts e"
                         " ON e.id = c.expert_id WHERE c.project_id = ?", (back,)) == [
            {"name": "何文静", "reason": "何文静为该工作室顾问"}]
        ctx.undo_stack.redo()
        assert answers.errors == []
        assert reg.scalar("SELECT COUNT(*) FROM conflicts WHERE project_id = ?", (back,)) == 0
    finally:
        ctx.shutdown()
        reg.close()


def test_each_line_names_the_computer_it_was_made_on(demo, tmp_path, capsys):
    """Who made a change is the operator's typed name and the computer: two offices' 王芳
    (or a name typed on a colleague's PC) were one person to the auditor."""
    import openpyxl

    from boostdesk.safety.lock import host_name

    here = host_name()
    db = ["--db", str(demo), "--operator", "王芳"]
    unpaid = _one(demo, "SELECT MIN(id) FROM payments WHERE paid_date IS NULL")
    with AuditWatch(demo) as watch:
        assert main(["pay", "mark", str(unpaid), "--date", "2023-04-01", "--voucher", "记-9",
                     *db]) == 0
    assert watch.events and watch.computers() == {here}
    # a summary table imported: its rows' lines are written in one batch
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    table = write_sheet(tmp_path / "海淀区汇总表.xlsx", [
        ["北京市总工会2022年职工创新助推计划发明专利汇总表"], PATENT_HEADERS, patent_row()])
    with AuditWatch(demo) as watch:
        assert main(["import", str(table), *db]) == 0
    assert watch.events and watch.computers() == {here}, capsys.readouterr()
    capsys.readouterr()
    assert main(["audit", "--db", str(demo)]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if "记-9" in x]
    assert line.endswith(f"（电脑：{here}）")
    out = tmp_path / "修改记录.xlsx"
    assert main(["audit", "--out", str(out), "--db", str(demo)]) == 0
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    assert rows[2][-1] == "电脑"
    assert [r[-1] for r in rows[3:] if "记-9" in str(r[6])] == [here]


def test_a_restore_says_which_changes_it_took_out_of_the_trail(demo, capsys):
    """A restore to an earlier backup takes every later change out of the register, their
    audit lines with them: the restored trail named the files but not that two payments
    recorded since, by whom, were no longer in it."""
    db = ["--db", str(demo)]
    assert main(["backup", *db]) == 0
    kept = capsys.readouterr().out.split("已备份到 ")[1].split("（")[0]
    first = _one(demo, "SELECT MAX(id) FROM audit_events")
    unpaid = [r for (r,) in sqlite3.connect(demo).execute(
        "SELECT id FROM payments WHERE paid_date IS NULL ORDER BY id LIMIT 2")]
    assert main(["pay", "mark", str(unpaid[0]), "--date", "2023-04-01", "--voucher", "记-1",
                 "--operator", "出纳赵", *db]) == 0
    assert main(["pay", "mark", str(unpaid[1]), "--date", "2023-04-02", "--voucher", "记-2",
                 "--operator", "出纳钱", *db]) == 0
    capsys.readouterr()
    made = _one(demo, "SELECT COUNT(*) FROM audit_events WHERE id > ?", (first,))
    assert main(["restore", kept, "--operator", "主任孙", *db]) == 0
    capsys.readouterr()
    assert main(["audit", "--year", "2022", *db]) == 0
    (line,) = [x for x in capsys.readouterr().out.splitlines() if "恢复所用备份" in x]
    assert f"该备份之后的 {made} 条修改记录" in line and "出纳赵" in line and "出纳钱" in line
    assert "不在恢复后的登记册中" in line and "（电脑：" in line


def test_the_windows_trail_names_the_computer_too(demo, qapp):
    """修改记录 in the detail pane: who is the operator and the computer, as on paper."""
    from boostdesk.safety.lock import host_name
    from boostdesk.ui.detail import DetailPane

    with Register.open(demo, "录入员甲") as reg:
        app_id = int(reg.scalar(
            "SELECT MIN(id) FROM patent_applications WHERE status = 'registered'"))
        reg.save_patent(replace(reg.patent(app_id), remarks="补交了企业应用证明"))
        pane = DetailPane(reg)
        pane.show_application("patent", app_id)
        text = pane.toPlainText()
    (line,) = [x for x in text.splitlines() if "录入员甲 修改" in x]
    assert line.endswith(f"（电脑：{host_name()}）")


def test_demo_force_leaves_the_earlier_trail_as_it_was_written(demo, capsys):
    """`demo --force` over a register with work in it deletes its applications (audited)
    and fills the demo; dating the demo's own history rewrote the time of every payment
    line already in the trail (a mark made today read as made on its paid day)."""
    db = ["--db", str(demo)]
    unpaid = _one(demo, "SELECT MIN(id) FROM payments WHERE paid_date IS NULL")
    assert main(["pay", "mark", str(unpaid), "--date", "2023-04-01", "--voucher", "记-7",
                 "--operator", "出纳赵", *db]) == 0
    conn = sqlite3.connect(demo)
    earlier = conn.execute("SELECT id, at, operator, action, entity, entity_id, before, after"
                           " FROM audit_events ORDER BY id").fetchall()
    conn.close()
    with AuditWatch(demo) as watch:  # each payment row it deletes is in the trail too
        assert main(["demo", "--force", *db]) == 0
    assert watch.unaudited() == [], watch.describe()
    conn = sqlite3.connect(demo)
    now = conn.execute("SELECT id, at, operator, action, entity, entity_id, before, after"
                       " FROM audit_events WHERE id <= ? ORDER BY id", (earlier[-1][0],)).fetchall()
    conn.close()
    assert [e for e in now if e not in earlier] == []


def test_every_window_write_and_its_undo_and_redo_leaves_its_lines(
        demo, qsettings, qapp, answers):  # noqa: F811
    """The window's writes as its screens make them (ctx.write with their undo and redo):
    each step's changed rows are in the trail, under the operator at the window."""
    from boostdesk.ui.context import AppContext

    reg = Register.open(demo, "x")
    ctx = AppContext(reg, 2022, settings=qsettings)
    ctx.set_operator("窗口录入员")
    steps = 0

    def step(do) -> None:
        nonlocal steps
        with AuditWatch(demo) as watch:
            result = do()
        assert getattr(result, "ok", True) and answers.errors == [], answers.errors
        assert watch.unaudited() == [], (steps, watch.describe())
        assert watch.wrong_values() == [], steps
        assert watch.operators() <= {"窗口录入员"}, steps
        steps += 1

    undo, redo = ctx.undo_stack.undo, ctx.undo_stack.redo
    try:
        registered = [r["id"] for r in reg.query(
            "SELECT a.id FROM patent_applications a JOIN campaigns c ON c.id = a.campaign_id"
            " WHERE c.year = 2022 AND a.status = 'registered' ORDER BY a.id")]
        typed = replace(reg.patent(registered[0]), id=None, seq=None, person_id=None,
                        patent_number_raw="ZL202110000001.0", title="一种审计用装置")
        for do in (lambda: operations.save_application(ctx, typed), undo, redo,
                   lambda: operations.save_application(ctx, replace(
                       reg.patent(registered[1]), remarks="补交证明", phone="13800000000")),
                   undo, redo,
                   lambda: operations.delete_application(ctx, "patent", registered[2]),
                   undo, redo, undo,
                   lambda: operations.save_campaign(
                       ctx, replace(reg.campaign(2022), publicity_days=6)), undo,
                   lambda: operations.move_to_year(ctx, "patent", registered[3], 2021), undo,
                   lambda: operations.move_status(ctx, "patent", registered[3], "refused",
                                                  "缺企业应用证明")):
            step(do)
        project = reg.project(int(reg.scalar(
            "SELECT id FROM project_applications WHERE title = ?", (GEAR,))))
        for do in (lambda: operations.save_application(
                       ctx, replace(project, leader="王新", remarks="领衔人更换")), undo):
            step(do)
        person = reg.patent(registered[4]).person_id
        name = reg.patent(registered[4]).inventor_name
        for do in (lambda: ctx.write("更正姓名", lambda: reg.correct_person_name(
                       person, name + "某", "录错"), changed="all",
                       undo=lambda: reg.correct_person_name(person, name, "撤销更正")), undo):
            step(do)
        merged: dict = {}
        for do in (lambda: ctx.write("合并推荐单位", lambda: merged.update(reg.rename_unit(
                       "朝阳区总工会", "大兴区总工会", "两种写法")), changed="all",
                       undo=lambda: reg.unrename_unit(merged)), undo):
            step(do)
    finally:
        ctx.shutdown()
        reg.close()
    assert steps == 21


def test_a_returned_scoring_package_and_a_late_conflict_leave_their_lines(tmp_path, capsys):
    """`panel import` of an expert's package (each score replaced), then a conflict the
    expert declares after submitting (the score withdrawn): every score row in the trail."""
    from boostdesk.panel.experts import auto_assign
    from boostdesk.panel.package_export import export_packages
    from tests.test_panel_packages import GOOD, _fill
    from tests.test_panel_support import CITY, DISTRICT, add_experts, make_project, to_review
    from tests.test_panel_support import YEAR as PANEL_YEAR

    path = tmp_path / "register.db"
    with Register.open(path, "评审秘书") as reg:
        ids = [make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室", CITY),
               make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", DISTRICT)]
        to_review(reg, *ids)
        add_experts(reg, 3)
        auto_assign(reg, PANEL_YEAR, per_project=3)
        [package] = export_packages(reg, PANEL_YEAR, tmp_path / "out", ["专家1"])
    _fill(package, GOOD)
    db = ["--db", str(path), "--operator", "评审秘书乙"]
    for command in (["panel", "import", str(package)],
                    ["panel", "conflict", "--expert", "专家1", "--project", "五轴数控加工程序优化",
                     "--reason", "专家1为该工作室顾问", "--year", str(PANEL_YEAR)]):
        with AuditWatch(path) as watch:
            assert main([*command, *db]) == 0, capsys.readouterr()
        assert {c.table for c in watch.changes} >= {"scores"}, command
        assert watch.unaudited() == [], (command, watch.describe())
        assert watch.operators() == {"评审秘书乙"}


ENGLISH = re.compile(r"(?<![.A-Za-z_@/\\])[A-Za-z_]{4,}(?![.A-Za-z_@])")


def test_what_a_deletion_takes_reads_in_chinese(demo, capsys):
    """`demo --force` over a register with a publicity period, objections and paid awards
    (every application deleted, with what hangs on it): the auditor read resolution_note,
    resolved_date, start_date, undone_paper and dismissed, and 撤销误登记的异议 and
    删除未拨付的应拨款项 for an objection and a paid payment that went with their project."""
    db = ["--db", str(demo), "--operator", "审计员甲"]
    assert main(["demo", "--force", *db]) == 0
    capsys.readouterr()
    assert main(["audit", *db]) == 0
    lines = [x.split("（电脑：")[0] for x in capsys.readouterr().out.splitlines()
             if "  审计员甲  " in x]
    assert lines
    assert [x for x in lines if ENGLISH.search(x.replace("/", " "))] == []
    taken = [x for x in lines if "申报已删除" in x]
    assert any("异议" in x for x in taken) and any("拨付记录" in x for x in taken)
    assert not [x for x in taken if "撤销误登记的异议" in x or "删除未拨付的应拨款项" in x
                and "拨付日期" in x]


def test_an_undo_reads_as_an_undo(demo, qsettings, qapp, answers, capsys):  # noqa: F811
    """Ctrl+Z of an edit wrote the old values back as a 修改 of its own: the auditor could
    not tell a clerk's second thoughts from a deliberate change. Each line an undo or redo
    writes says so, with what was undone, in `boostdesk audit` and the window's pane."""
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.detail import DetailPane

    reg = Register.open(demo, "x")
    ctx = AppContext(reg, 2022, settings=qsettings)
    ctx.set_operator("录入员甲")
    try:
        app_id = int(reg.scalar("SELECT MIN(id) FROM patent_applications"
                                " WHERE status = 'registered'"))
        app = reg.patent(app_id)
        assert operations.save_application(ctx, replace(app, remarks="补交证明")).ok
        ctx.undo_stack.undo()
        ctx.undo_stack.redo()
        pane = DetailPane(reg)
        pane.show_application("patent", app_id)
        text = pane.toPlainText()
    finally:
        ctx.shutdown()
        reg.close()
    label = f"修改专利申报“{app.ref}”"
    inner = label.replace("“", "「").replace("”", "」")  # 撤销“修改专利申报「…」”
    assert f"录入员甲 修改（撤销“{inner}”）" in text and f"录入员甲 修改（重做“{inner}”）" in text
    assert main(["audit", "--ref", f"专利{app_id}", "--db", str(demo)]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if "备注" in x]
    assert [x.split("  ")[3] for x in lines] == ["修改", f"修改（撤销“{inner}”）",
                                                 f"修改（重做“{inner}”）"]
