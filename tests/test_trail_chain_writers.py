"""Every command that writes a trail line leaves the chain whole: 0.19.0's 导出评分包 wrote
its line outside any write (autocommit), unsealed, and the next `check` (and the year's
archive) called it tampering. Each command below is run on the demo register and the
chain checked after it; a line written outside a write is sealed as its own; and a
register 0.19.0 left with such a line is told apart from one tampered with."""

from __future__ import annotations

import sqlite3

import pytest
from test_year_archive import demo, demo_master  # noqa: F401 - its demo register in data/

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.audit_chain import verify

__all__ = ["demo", "demo_master"]


def _chain(db):
    conn = sqlite3.connect(db)
    try:
        return verify(conn), conn.execute("SELECT COUNT(*) FROM audit_events").fetchone()[0]
    finally:
        conn.close()


def _commands(out):
    """Each command writing a line: every panel subcommand that writes (refusals too:
    they must write nothing unsealed), printing, exports that record, archive, backups."""
    return [
        ["panel", "export", "--out", str(out / "packages")],
        ["panel", "export", "--expert", "孙立平", "--out", str(out / "one")],
        ["panel", "import", str(out / "packages" / "2022年度专家评分包_孙立平.xlsx"),
         "--replace"],
        ["panel", "expert", "add", "王测试", "--org", "某大学", "--field", "机械"],
        ["panel", "expert", "remove", "王测试"],
        ["panel", "settings", "--disagreement", "12"],
        ["panel", "grid", "--default", "--yes"],
        ["panel", "conflict", "--expert", "何文静", "--project", "项目22", "--reason", "亲属"],
        ["panel", "conflict", "--expert", "何文静", "--project", "项目22", "--withdraw",
         "--reason", "误登记"],
        ["panel", "unassign", "--expert", "陈志远", "--all"],
        ["panel", "assign", "--auto"],
        ["panel", "qualify", "--pass", "项目31"],
        ["panel", "override", "项目27", "--tier", "50000", "--reason", "测试"],
        ["panel", "override", "项目27", "--clear", "--reason", "测试"],
        ["panel", "correct-score", "--expert", "孙立平", "--score", "科技含量=18",
         "--reason", "录入有误", "项目27"],
        ["panel", "adopt", "--short-reason", "测试"],
        ["panel", "withdraw", "--reason", "测试"],
        ["panel", "keep-tier", "项目14", "--reason", "测试"],
        ["panel", "close-year", "--year", "2021", "--yes"],
        ["panel", "summary", "--out", str(out / "panel.pdf")],
        ["print", "approval", "--out", str(out / "approval.pdf")],
        ["print", "approval", "--unmasked", "--out", str(out / "approval-unmasked.pdf")],
        ["print", "payments", "--tranche", "1", "--include-paid", "--out", str(out / "pay.pdf")],
        ["print", "progress", "--ref", "专利1", "--out", str(out / "progress.pdf")],
        ["export", "summary", "patent", "--out", str(out / "summary.xlsx")],
        ["export", "notices", "--out", str(out / "notices"), "--all"],
        ["publicity", "list", "--xlsx", str(out / "pub.xlsx")],
        ["archive", "--year", "2022", "--out", str(out / "archive")],
        ["backup"],
        ["backup", "--out", str(out / "copy.db")],
    ]


def test_every_command_writing_a_trail_line_leaves_the_chain_whole(demo, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    grew = []
    for command in _commands(out):
        lines_before = _chain(demo)[1]
        try:
            main([*command[:2], "--db", str(demo), *command[2:]])
        except SystemExit:
            pass  # (a refusal by argparse: nothing written)
        report, lines = _chain(demo)
        assert report.whole and not report.known, (command, report.said())
        if lines > lines_before:
            grew.append(" ".join(command[:2]))
    # the commands did write lines (the test tests something)
    assert {"panel export", "panel expert", "panel assign", "print approval", "archive --year",
            "backup --out"} <= set(grew), grew
    # a restore writes its line into the restored copy: sealed too
    backups = sorted((demo.parent / "backups").glob("*.zip")) if (
        demo.parent / "backups").is_dir() else []
    source = backups[-1] if backups else out / "copy.db"
    assert main(["restore", "--db", str(demo), str(source)]) == 0
    report, _ = _chain(demo)
    assert report.whole and not report.known, report.said()


def test_a_line_written_outside_a_write_is_sealed_as_its_own(demo):
    reg = Register.open(demo, operator="测试员")
    try:
        assert not reg.conn.in_transaction
        reg.audit("export_packages", "campaigns", reg.campaign_id(2022), None, {"experts": []})
    finally:
        reg.close()
    report, _ = _chain(demo)
    assert report.whole and not report.known, report.said()


def as_0_19_0(db):
    """The register as 0.19.0 left it: no line recording its unsealed export lines (the
    fixed release writes one as it first opens a register): that line turned into another
    action and the chain re-sealed from it, as if it never was."""
    from boostdesk.models.audit_chain import KNOWN_ACTION, reseal_from

    conn = sqlite3.connect(db)
    with conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM audit_events WHERE action = ?",
                                          (KNOWN_ACTION,))]
        if ids:
            conn.execute(f"UPDATE audit_events SET action = 'note' WHERE id IN"
                         f" ({','.join('?' * len(ids))})", ids)
            reseal_from(conn, min(ids))
    conn.close()


def _unsealed_export_line(db):
    """What 0.19.0's panel export left: its line committed alone, without a chain; the next
    write chained on it (on nothing, its chain being NULL). The next opening (this
    release's first) records it."""
    as_0_19_0(db)
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO audit_events (at, operator, action, entity, entity_id, before,"
                     " after, computer, note) VALUES ('2022-12-01T10:00:00', '测试员',"
                     " 'export_packages', 'campaigns', (SELECT id FROM campaigns WHERE"
                     " year = 2022), NULL, ?, 'pc', '')",
                     ('{"experts": ["孙立平"], "folder": "/tmp/评分包"}',))
        line = conn.execute("SELECT MAX(id) FROM audit_events").fetchone()[0]
    conn.close()
    assert main(["panel", "expert", "add", "王测试", "--db", str(db), "--org", "某大学"]) == 0
    return line


def test_check_tells_0_19_0_s_unsealed_export_line_from_tampering(demo, capsys):
    line = _unsealed_export_line(demo)
    report, _ = _chain(demo)
    assert report.breaks == 0 and report.whole, report.said()
    assert report.known == [line]
    said = report.said()
    assert said.startswith("修改记录防篡改校验：完整")
    assert f"第 {line} 行" in said and "0.19.0" in said and "导出评分包" in said
    assert "在本程序之外被改动" not in said
    assert main(["check", "--db", str(demo), "--year", "2022"]) == 0
    assert f"第 {line} 行" in capsys.readouterr().out


@pytest.mark.parametrize("how", ["other_action", "edited_after"])
def test_an_unsealed_line_not_shaped_as_0_19_0_s_export_is_still_tampering(demo, how):
    line = _unsealed_export_line(demo)
    conn = sqlite3.connect(demo)
    with conn:
        if how == "other_action":
            conn.execute("UPDATE audit_events SET action = 'update' WHERE id = ?", (line,))
        else:  # the line after it edited: that break is named
            conn.execute("UPDATE audit_events SET operator = '冒名者' WHERE id = ?", (line + 1,))
    conn.close()
    report, _ = _chain(demo)
    assert not report.whole
    if how == "other_action":
        assert report.first == [(line, "不是本程序写入的，无校验值")] and not report.known


def test_an_import_and_a_resent_table_s_update_leave_the_chain_whole(tmp_path):
    """The import rewrites its update lines to name the table (io.resend.apply): inside its
    write, before the seal."""
    from test_import_resend import corrected_table, first_table

    db = tmp_path / "r.db"
    assert main(["import", str(first_table(tmp_path)), "--db", str(db)]) == 0
    assert main(["import", str(corrected_table(tmp_path)), "--db", str(db),
                 "--update-registered", "--rename-people"]) == 0
    report, lines = _chain(db)
    assert report.whole and not report.known and lines > 3, report.said()


@pytest.mark.parametrize("how", ["last_line_turned", "line_appended", "recorded_edited",
                                 "record_line_turned"])
def test_an_export_shaped_line_not_recorded_at_first_opening_is_a_break(demo, how):
    """Lines shaped as 0.19.0's unsealed export, made after this release first opened the
    register (it recorded the known ones then), are breaks: a real line turned into one,
    a line appended, a recorded line's content edited."""
    line = _unsealed_export_line(demo) if how == "recorded_edited" else None
    if how == "record_line_turned":  # the record the trail's last line, turned into one
        as_0_19_0(demo)
        Register.open(demo, operator="测试员").close()
    conn = sqlite3.connect(demo)
    with conn:
        if how in ("last_line_turned", "record_line_turned"):
            conn.execute("UPDATE audit_events SET action = 'export_packages', entity ="
                         " 'campaigns', entity_id = 2, before = NULL, after = ?, chain = NULL"
                         " WHERE id = (SELECT MAX(id) FROM audit_events)",
                         ('{"experts": [], "folder": "x"}',))
        elif how == "line_appended":
            conn.execute("INSERT INTO audit_events (at, operator, action, entity, entity_id,"
                         " before, after, computer, note) VALUES ('2022-12-01T10:00:00', '张三',"
                         " 'export_packages', 'campaigns', 2, NULL, ?, 'vm', '')",
                         ('{"experts": ["李四"], "folder": "D:/x"}',))
        else:
            conn.execute("UPDATE audit_events SET after = ? WHERE id = ?",
                         ('{"experts": ["李四"], "folder": "D:/x", "说明": "改"}', line))
    conn.close()
    report, _ = _chain(demo)
    assert not report.whole and report.breaks and not report.known, report.said()
    # and opening it again (or the check) does not record the line now
    Register.open(demo, operator="测试员").close()
    report, _ = _chain(demo)
    assert not report.whole and not report.known, report.said()
