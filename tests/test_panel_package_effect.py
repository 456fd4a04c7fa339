"""A package returned after the list was adopted is refused, and it said nothing of what
it would change: the office could not tell a typo from a swap at the cut-off. It now says
which projects' scores differ (as `--replace` does) and what the ranking would then do,
storing nothing."""

from __future__ import annotations

import openpyxl
import pytest

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PackageRefused
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from tests.test_panel_support import YEAR, score_all, two_for_one_place


def _late_package(reg, tmp_path, b_row: list[float]):
    a, b, experts = two_for_one_place(reg, 3)
    for e in experts:
        score_all(reg, e, {a: 80, b: 79})
    [path] = export_packages(reg, YEAR, tmp_path, ["专家1"])  # carries the scores given
    adopt(reg, YEAR)
    assert reg.project(a).status == "proposed" and reg.project(b).status == "not_awarded"
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == str(b))
    for k, value in enumerate(b_row, start=3):
        ws.cell(row, k, value)
    wb.save(path)
    return path


def _refusal(reg, path) -> str:
    state = (reg.scalar("SELECT COUNT(*) FROM audit_events"),
             reg.scalar("SELECT SUM(score_x10) FROM scores"))
    with pytest.raises(PackageRefused) as refused:
        import_package(reg, path)
    assert state == (reg.scalar("SELECT COUNT(*) FROM audit_events"),
                     reg.scalar("SELECT SUM(score_x10) FROM scores"))  # nothing stored
    return "\n".join(refused.value.reasons)


def test_a_late_package_says_it_would_swap_the_places_at_the_cut_off(reg, tmp_path):
    path = _late_package(reg, tmp_path, [20, 15, 15, 15, 15, 10, 10])
    text = _refusal(reg, path)
    assert "拟助推名单已经采纳" in text  # still refused, as before
    assert "中有 1 个项目的评分与专家“专家1”已提交的不同（“区级乙项目”：" in text
    assert ("若采用：“区级乙项目”与“区级甲项目”名次互换；“区级乙项目”由未获助推改为3万元档；"
            "“区级甲项目”由3万元档改为未获助推；3万元档的末位改变（仅供研究，未存入任何评分）") in text


def test_a_late_package_that_moves_no_tier_says_so(reg, tmp_path):
    path = _late_package(reg, tmp_path, [16, 12, 12, 12, 12, 8, 8])  # 79 → 80: still second
    text = _refusal(reg, path)
    assert "若采用：各项目的档次不变（未跨越档次分界）" in text


def test_a_late_package_with_a_score_out_of_range_lists_the_error_and_the_effect(reg, tmp_path):
    """The tester's: a package refused as too late that also held an out-of-range score
    said only 名单已经采纳. Its errors are listed, and what the rest would change."""
    path = _late_package(reg, tmp_path, [20, 15, 15, 15, 15, 10, 10])
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    a_row = next(r for r in range(2, ws.max_row + 1)
                 if ws.cell(r, 2).value == "区级甲项目")
    ws.cell(a_row, 3, 99)  # the first criterion's maximum is 20
    wb.save(path)
    text = _refusal(reg, path)
    assert "拟助推名单已经采纳" in text
    assert "另有以下错误" in text and f"评分表第 {a_row} 行（项目“区级甲项目”）" in text
    assert "若采用：“区级乙项目”与“区级甲项目”名次互换" in text
