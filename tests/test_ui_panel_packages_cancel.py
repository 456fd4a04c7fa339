"""专家评审 → 评分包: generating or importing several packages cancelled halfway says which
went through and which did not (the ones before 取消 stay, as the audit trail has them)."""

from __future__ import annotations

from test_panel_screen import ctx, screen
from test_ui_long_work_cancel import Gate

from boostdesk.panel import package_export, package_import
from boostdesk.panel.experts import assign
from tests.test_panel_support import CITY, YEAR, add_experts, fill_packages, make_project, to_review

__all__ = ["ctx", "screen"]


def two_experts(reg) -> None:
    pid = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    to_review(reg, pid)
    for eid in add_experts(reg, 2):
        assign(reg, eid, pid)


def test_generating_packages_cancelled_halfway_names_what_was_not_made(
        screen, ctx, reg, qtbot, tmp_path, monkeypatch):
    two_experts(reg)
    tab = screen.show_tab("评分包")
    gate = Gate(monkeypatch, package_export, "write_package")
    tab.export_to(tmp_path, None)
    assert gate.entered.wait(10)  # the first expert's package written
    next(iter(ctx._tasks)).dialog.reject()
    gate.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    log = tab.log.toPlainText()
    assert len(list(tmp_path.glob("*.xlsx"))) == 1
    assert "已取消：其余 1 位专家的评分包未生成" in log


def test_importing_packages_cancelled_halfway_names_the_files_not_imported(
        screen, ctx, reg, qtbot, tmp_path, monkeypatch):
    two_experts(reg)
    paths = package_export.export_packages(reg, YEAR, tmp_path, None)
    fill_packages(paths)
    tab = screen.show_tab("评分包")
    # where 评分包 looks it up (ui/panel_packages_tab.py imports it from package_import)
    gate = Gate(monkeypatch, package_import, "import_package")
    tab.import_files(paths)
    assert gate.entered.wait(10)  # the first package stored
    next(iter(ctx._tasks)).dialog.reject()
    gate.go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    log = tab.log.toPlainText()
    assert f"已导入专家“专家1”对 1 个项目的评分：{paths[0].name}" in log
    assert f"已取消：未导入 {paths[1].name}" in log
