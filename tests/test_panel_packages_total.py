"""The package's 合计 column (version 3): the weighted total a reviewer wanted to see (one
added a 总分 column of their own, and the package was refused for it), locked, a formula,
after 评语 so the score and comment columns stay where every package had them; the import
ignores it. A package of the previous version, without it, still imports."""

from __future__ import annotations

import json
from fractions import Fraction

import openpyxl
import pytest

from boostdesk.panel.experts import expert
from boostdesk.panel.grid import Criterion, ensure_grid, save_grid
from boostdesk.panel.package_import import import_package
from boostdesk.panel.package_keys import signing_key
from boostdesk.panel.scoring import panel_scores
from tests import libreoffice
from tests.fixtures.package_v2 import write_package as write_v2_package
from tests.test_panel_packages import GOOD, _export, _fill, panel
from tests.test_panel_support import YEAR

__all__ = ["panel"]


def test_the_total_column_is_a_locked_formula_the_reviewer_cannot_type_over(
        reg, panel, tmp_path):
    path = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    assert ws["J1"].value == "评语" and ws["K1"].value == "合计（自动计算）"
    assert ws["K2"].value == '=IF(COUNT(C2:I2)=0,"",ROUND(SUM(C2:I2),2))'
    assert ws["K3"].value == '=IF(COUNT(C3:I3)=0,"",ROUND(SUM(C3:I3),2))'
    assert ws.protection.sheet and ws["K2"].protection.locked and ws["K3"].protection.locked
    assert not ws["J2"].protection.locked  # the comment stays the reviewer's
    assert ws["K4"].value is None  # nothing under the projects
    assert not any("K" in str(dv.sqref) for dv in ws.data_validations.dataValidation)
    assert json.loads(wb["签名"]["A2"].value)["version"] == 3
    assert "最右一列“合计”按评分细则自动计算，无需填写" in wb["填写说明"]["A4"].value


def test_a_weighted_grid_totals_each_score_by_its_weight(reg, panel, tmp_path):
    save_grid(reg, YEAR, [Criterion("创新性", 50, 60), Criterion("效益", 100, 40)])
    path = _export(reg, tmp_path)
    ws = openpyxl.load_workbook(path)["评分表"]
    assert ws["E1"].value == "评语" and ws["F1"].value == "合计（自动计算）"
    assert ws["F2"].value == '=IF(COUNT(C2:D2)=0,"",ROUND(N(C2)*60/50+N(D2)*40/100,2))'


def test_a_filled_package_imports_whatever_its_total_cells_hold(reg, panel, tmp_path):
    """As Excel saves it (the formula's value) or as a program that dropped the formula
    left it: the total is the register's to count, never read from the file."""
    ids, _ = panel
    path = _export(reg, tmp_path)
    _fill(path, GOOD)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["K2"] = 83.5
    wb["评分表"]["K3"] = "#VALUE!"
    wb.save(path)
    import_package(reg, path)
    assert panel_scores(reg, YEAR)[ids[0]].totals == (Fraction(835, 10),)


def test_a_package_of_the_previous_version_without_the_total_still_imports(reg, panel, tmp_path):
    ids, experts = panel
    path = tmp_path / "评分包（上一版）.xlsx"
    write_v2_package(reg, YEAR, expert(reg, experts[0]), ensure_grid(reg, YEAR),
                     signing_key(reg, create=True), path)
    wb = openpyxl.load_workbook(path)
    assert wb["评分表"]["J1"].value == "评语" and wb["评分表"]["K1"].value is None
    assert json.loads(wb["签名"]["A2"].value)["version"] == 2
    _fill(path, GOOD)
    assert import_package(reg, path).projects == 2
    assert panel_scores(reg, YEAR)[ids[0]].totals == (Fraction(835, 10),)


@pytest.mark.skipif(libreoffice.missing() is not None, reason=str(libreoffice.missing()))
def test_libreoffice_shows_the_total_as_the_register_counts_it(reg, panel, tmp_path):
    """Filled and saved in Calc: the total it computed and saved is the register's."""
    ids, _ = panel
    filled = tmp_path / "filled-by-calc.xlsx"
    assert libreoffice.fill("package", _export(reg, tmp_path), filled, tmp_path) == 2
    ws = openpyxl.load_workbook(filled, data_only=True)["评分表"]
    import_package(reg, filled)
    totals = panel_scores(reg, YEAR)
    assert [ws["K2"].value, ws["K3"].value] == [float(totals[pid].totals[0]) for pid in ids]


def test_totals_typed_in_the_total_column_alone_are_said_as_such(reg, panel, tmp_path):
    """A reviewer typed only totals in 合计 (85分, 80): told 中还没有填写任何评分, as if
    the file had nothing in it. Said: the totals are there, the criteria to be scored."""
    from boostdesk.panel.errors import PackageRefused

    path = _export(reg, tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["K2"], wb["评分表"]["K3"] = "85分", 80
    wb.save(path)
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path)
    [reason] = info.value.reasons
    assert reason.startswith(f"{path.name} 中各项评分都未填写，只在“合计”一栏填了总分（2 个项目）")
    assert "“合计”由表格按各项评分自动计算，不能代替评分。请专家按评分细则逐项填写各项评分" in reason
    assert "还没有填写任何评分" not in reason


def test_one_row_with_only_its_total_is_named_the_other_imports_nothing(reg, panel, tmp_path):
    from boostdesk.panel.errors import PackageRefused

    path = _export(reg, tmp_path)
    _fill(path, GOOD[:1])
    wb = openpyxl.load_workbook(path)
    wb["评分表"]["K3"] = 78
    wb.save(path)
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path)
    [reason] = info.value.reasons
    assert reason.startswith("评分表第 3 行（项目“五轴数控加工程序优化”）：各项评分未填写，"
                             "只在“合计”一栏填了总分（78）")
    assert panel_scores(reg, YEAR) == {} or all(not s.totals for s in panel_scores(reg, YEAR).values())
