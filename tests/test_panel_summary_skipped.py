"""评审汇总表's 评分包交回: a package with projects skipped said 跳过 1 项（已回避或已不在评审
中） — the chair could not tell which project, nor which of the two. Each is named, with why."""

from __future__ import annotations

from boostdesk.models.records import PROJECT
from boostdesk.panel.experts import declare_conflict
from boostdesk.panel.package_import import import_package
from boostdesk.panel.score_summary import panel_summary, return_lines
from tests.test_panel_packages import GOOD, _export, _fill, panel
from tests.test_panel_support import YEAR

__all__ = ["panel"]


def _note(reg) -> str:
    [x] = [x for x in panel_summary(reg, YEAR).returns if x.expert == "专家1" and x.way == "评分包"]
    return x.note


def test_a_project_that_left_review_is_named_with_where_it_went(reg, panel, tmp_path):
    ids, _ = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    reg.set_status(PROJECT, ids[1], "not_awarded", "取消资格")
    import_package(reg, path)
    note = _note(reg)
    assert note == "跳过 1 项：“五轴数控加工程序优化”（已不在评审中，现为“未获助推”）"
    assert "已回避或已不在评审中" not in "\n".join(return_lines(panel_summary(reg, YEAR)))


def test_a_recusal_is_named_as_such(reg, panel, tmp_path):
    ids, experts = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    declare_conflict(reg, experts[0], ids[0], "曾参与该项目的技术指导")
    import_package(reg, path)
    assert _note(reg) == "跳过 1 项：“特殊钢连铸坯质量在线判定系统研发”（已登记回避）"
