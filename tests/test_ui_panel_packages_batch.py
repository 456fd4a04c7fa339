"""专家评审 → 评分包: a batch of returned packages where one fails for a reason of the
register's (its backup before replacing scores cannot be written) still says which files
went in: the ones before it are stored, and the office must not take them for lost."""

from __future__ import annotations

from test_panel_screen import ctx, screen

from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.safety import backup
from tests.test_panel_support import CITY, YEAR, add_experts, fill_packages, make_project, to_review

__all__ = ["ctx", "screen"]


def test_a_package_failing_on_its_backup_does_not_hide_the_ones_imported_before_it(
        screen, ctx, reg, qtbot, tmp_path, monkeypatch):
    from boostdesk.panel.experts import assign

    pid = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    to_review(reg, pid)
    for eid in add_experts(reg, 3):
        assign(reg, eid, pid)
    paths = export_packages(reg, YEAR, tmp_path, None)
    fill_packages(paths)
    import_package(reg, paths[1])  # 专家2's is in: importing it changed replaces
    fill_packages([paths[1]], score=7)  # (the same scores again would store nothing)

    def full(*_args: object, **_kw: object) -> None:
        raise backup.BackupError("备份登记册失败：磁盘空间不足。登记册未被改动")

    monkeypatch.setattr(backup, "backup_before", full)
    tab = screen.show_tab("评分包")
    tab.import_files(paths, replace=True)  # as run once the office confirmed replacing
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    log = tab.log.toPlainText()
    assert f"已导入专家“专家1”对 1 个项目的评分：{paths[0].name}" in log
    assert f"未导入 {paths[1].name}" in log and "磁盘空间不足" in log
    assert f"已导入专家“专家3”对 1 个项目的评分：{paths[2].name}" in log
    assert reg.scalar("SELECT COUNT(*) FROM assignments WHERE submitted_at IS NOT NULL") == 3
