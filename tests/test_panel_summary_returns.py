"""评审汇总表's 评分包交回 section, read from the scores stored.

It went by the import lines of the trail: experts whose package scores section 一 counts
(8/8/7 submitted, stored with no import line — by an earlier release, or the demo) read
“未交回（无分配的项目）”; and a package that turned drafts into a submission read
“替换了此前已提交的评分”."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from boostdesk.models import Register
from boostdesk.panel.experts import Expert, assign, save_expert
from boostdesk.panel.grid import ensure_grid
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.score_summary import panel_summary, return_lines
from boostdesk.panel.scoring import PACKAGE, save_scores
from tests.test_panel_support import CITY, YEAR, make_project, scores_for_total, to_review


def _panel(reg: Register, n: int = 3) -> tuple[list[int], int]:
    ids = [make_project(reg, f"项目{k}", f"工作室{k}", CITY) for k in range(1, n + 1)]
    to_review(reg, *ids)
    expert = save_expert(reg, YEAR, Expert("孙国华", "北京工业大学", "工程"))
    ensure_grid(reg, YEAR)
    for pid in ids:
        assign(reg, expert, pid)
    return ids, expert


def _entries(reg: Register, totals: dict[int, int]) -> dict[int, tuple[dict[int, int], str]]:
    grid = ensure_grid(reg, YEAR)
    return {pid: (scores_for_total(grid, t * 10), "") for pid, t in totals.items()}


def test_scores_stored_from_a_package_with_no_import_line_are_returned_not_missing(reg):
    ids, expert = _panel(reg)
    # as an earlier release (and the demo) stored a package: its scores, no import line
    save_scores(reg, expert, _entries(reg, dict.fromkeys(ids, 80)), submit=True,
                source=PACKAGE, note=f"{YEAR}年度专家评分包_孙国华.xlsx")
    s = panel_summary(reg, YEAR)
    assert [(r.way, r.file, r.projects, r.imported) for r in s.returns] == [
        ("评分包", f"{YEAR}年度专家评分包_孙国华.xlsx", 3, False)]
    [line] = return_lines(s)
    assert "未交回" not in line and "无分配的项目" not in line
    assert "评分存入" in line and "3 个项目（修改记录中无导入该评分包的记录）" in line


def test_an_expert_with_projects_still_to_score_says_how_many_beside_what_came_in(reg):
    ids, expert = _panel(reg)
    save_scores(reg, expert, _entries(reg, {ids[0]: 80, ids[1]: 82}), submit=True,
                source=PACKAGE, note=f"评分包 {YEAR}年度专家评分包_孙国华.xlsx", every_project=False)
    lines = return_lines(panel_summary(reg, YEAR))
    assert len(lines) == 2 and "2 个项目" in lines[0]
    assert lines[1] == "孙国华　未交回（另有 1 个项目待评分）"


def test_a_package_submitting_drafts_says_so_not_that_it_replaced_a_submission(
        reg, tmp_path: Path):
    ids, expert = _panel(reg, 2)
    save_scores(reg, expert, _entries(reg, {ids[0]: 70}), submit=False)  # a draft on screen
    [package] = export_packages(reg, YEAR, tmp_path / "packages", ["孙国华"])
    grid = ensure_grid(reg, YEAR)
    wb = openpyxl.load_workbook(package)
    _fill(wb, grid, 850)
    wb.save(package)
    import_package(reg, package, year=YEAR, expert_name="孙国华")
    [line] = return_lines(panel_summary(reg, YEAR))
    assert "（1 个项目的草稿改为已提交）" in line
    assert "替换了此前已提交" not in line
    # the same package corrected and taken in again on the office's word: that one did
    _fill(wb, grid, 880)
    wb.save(package)
    import_package(reg, package, year=YEAR, expert_name="孙国华", replace=True)
    assert "（替换了此前已提交的 2 个项目的评分）" in return_lines(panel_summary(reg, YEAR))[1]


def _fill(wb, grid, tenths_total: int) -> None:
    ws = wb["评分表"]
    tenths = scores_for_total(grid, tenths_total)
    for row in range(2, 4):
        for k, c in enumerate(grid):
            ws.cell(row, 3 + k, tenths[c.id] / 10)
