"""A scoring package that comes back with the very scores already stored (the reviewer's
e-mail opened twice, a folder imported again): nothing is stored, but the audit trail shows
that it came back — one 导入评分包 line, 未改动, naming the expert, the file and the operator —
through the CLI's ``panel import`` and 专家评审 → 评分包 alike; scores, submission times,
backups and the window's undo history stay as they were."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from test_panel_screen import ctx, screen

from boostdesk.audit_log import trail
from boostdesk.models.records import PatentApplication
from boostdesk.models.register import Register
from boostdesk.panel.experts import assign
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import UNCHANGED_NOTE, import_package
from boostdesk.safety.backup import list_backups
from tests.test_panel_support import CITY, YEAR, add_experts, fill_packages, make_project, to_review

__all__ = ["ctx", "screen"]


def _package(reg, folder: Path) -> tuple[int, Path]:
    """One project under review, one expert assigned; their package returned filled."""
    pid = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    to_review(reg, pid)
    [eid] = add_experts(reg, 1)
    assign(reg, eid, pid)
    [path] = export_packages(reg, YEAR, folder, None)
    fill_packages([path])
    return eid, path


def _events(reg) -> list[dict]:
    return reg.query("SELECT id, operator, action, entity, entity_id, after FROM audit_events"
                     " ORDER BY id")


def _stored(reg) -> list[dict]:
    """Every score and submission stamp, to hold unchanged."""
    return (reg.query("SELECT * FROM scores ORDER BY assignment_id, criterion_id")
            + reg.query("SELECT id, submitted_at, source, comment FROM assignments ORDER BY id"))


def _unchanged_line(reg, eid: int, file: str) -> dict:
    import json

    [line] = [e for e in _events(reg) if e["action"] == "import_package"
              and "note" in json.loads(e["after"])]
    after = json.loads(line["after"])
    assert (line["entity"], line["entity_id"]) == ("experts", eid)
    assert after["file"] == file and after["note"] == UNCHANGED_NOTE
    assert after["projects"] == after["unchanged"] == 1 and after["replaced"] is False
    return line


def test_a_package_imported_again_unchanged_leaves_one_audit_line(reg, tmp_path):
    eid, path = _package(reg, tmp_path / "out")
    import_package(reg, path)
    before, stored, backups = _events(reg), _stored(reg), list_backups(reg.path)
    again = import_package(reg, path)
    assert again.unchanged and not again.replaced
    assert len(_events(reg)) == len(before) + 1
    line = _unchanged_line(reg, eid, path.name)
    assert line["operator"] == reg.operator
    assert _stored(reg) == stored and list_backups(reg.path) == backups
    # as the auditor reads it: who, the expert, the file, 未改动
    [text] = [t.text() for t in trail(reg, year=YEAR) if UNCHANGED_NOTE in t.details]
    assert "导入评分包" in text and "专家1" in text and path.name in text


def test_an_unchanged_return_is_not_taken_for_the_import_that_stored_the_scores(reg, tmp_path):
    """The 未改动 line records a return, not a store: the next unchanged return still
    names the import that stored the scores (here the file's own name, not the copy)."""
    eid, path = _package(reg, tmp_path / "out")
    import_package(reg, path)
    forwarded = tmp_path / "转发：评分包.xlsx"
    shutil.copy(path, forwarded)
    assert f"导入同一评分包（{path.name}）" in import_package(reg, forwarded).headline(forwarded.name)
    said = import_package(reg, path).headline(path.name)
    assert "此前已于 " in said and "导入同一评分包" not in said


def test_panel_import_again_unchanged_is_in_the_audit_trail(reg, tmp_path, capsys):
    from boostdesk.cli import main

    eid, path = _package(reg, tmp_path / "out")
    db = reg.path
    reg.close()
    for _ in range(2):
        assert main(["panel", "import", str(path), "--db", str(db),
                     "--operator", "王会计"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("未改动：")
    assert main(["audit", "--year", str(YEAR), "--db", str(db)]) == 0
    lines = [x for x in capsys.readouterr().out.splitlines() if "导入评分包" in x]
    assert len(lines) == 2  # the import that stored, and the return 未改动
    assert "王会计" in lines[1] and path.name in lines[1] and UNCHANGED_NOTE in lines[1]
    # every detail named in Chinese (the package's own counters read unchanged：1)
    assert not [x for x in lines if re.search(r"[a-z_]+：", x)], lines
    assert "未改动的项目数：1" in lines[1] and "评分包导出序号：" in lines[0]


def test_the_window_importing_a_package_again_unchanged_audits_it_and_keeps_undo(
        screen, ctx, reg, qtbot, tmp_path, monkeypatch):
    eid, path = _package(reg, tmp_path / "out")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(path)], "")))
    tab = screen.show_tab("评分包")

    def import_by_click() -> None:
        qtbot.mouseClick(tab.import_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)

    import_by_click()
    assert f"已导入专家“专家1”对 1 个项目的评分：{path.name}" in tab.log.toPlainText()
    # an undoable change made after it: the unchanged return must leave it to Ctrl+Z
    ctx.write("录入", lambda: reg.save_patent(PatentApplication(YEAR, title="甲")),
              changed="patent", undo=lambda: None)
    undo = (ctx.undo_stack.count(), ctx.undo_stack.index(), ctx.undo_stack.canUndo())
    before, stored = len(_events(reg)), _stored(reg)
    import_by_click()
    assert tab.log.toPlainText().splitlines()[-1].startswith(f"未改动：{path.name} 中专家“专家1”")
    assert len(_events(reg)) == before + 1
    assert _unchanged_line(reg, eid, path.name)["operator"] == "刘建国"
    assert _stored(reg) == stored
    assert (ctx.undo_stack.count(), ctx.undo_stack.index(), ctx.undo_stack.canUndo()) == undo


def test_a_package_given_to_the_summary_table_import_is_named_for_what_it_is(
        reg, tmp_path, capsys):
    """An expert's package dropped among the unions' tables: its 项目概况 read as 附件4 and
    was refused as 元 typed under 万元, the scores never taken. Now it says to import it as
    a 评分包, and the register is untouched."""
    from boostdesk.cli import main
    from boostdesk.io.errors import ImportFailed
    from boostdesk.io.importer import read_table

    _eid, path = _package(reg, tmp_path / "out")
    try:
        read_table(path, YEAR)
    except ImportFailed as refused:
        assert "是专家交回的评分包，不是汇总表" in refused.message
        assert "在“专家评审”的“评分包”页用“导入交回的评分包…”导入" in refused.message
        assert "panel import" not in refused.message  # the window's reader
    else:
        raise AssertionError("a scoring package read as a summary table")
    before = _events(reg)
    db = reg.path
    reg.close()
    assert main(["import", str(path), "--db", str(db), "--operator", "王会计"]) != 0
    assert "评分包" in capsys.readouterr().err
    again = Register.open(db, operator="王会计")
    try:
        assert _events(again) == before
    finally:
        again.close()
