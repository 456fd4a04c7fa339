"""A corrected package that comes back after the list was adopted, or while it is in
publicity: one line for the list (the scores the register holds stand and count; what the
office does to take the correction), not a line per project saying its score does not count."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.panel.adopt_proposal import adopt, withdraw
from boostdesk.panel.errors import PackageRefused
from boostdesk.panel.experts import assign
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.publicity import start_publicity
from boostdesk.panel.scoring import panel_scores
from tests.test_package_fill_support import filled as _filled
from tests.test_panel_support import YEAR, two_for_one_place

FIRST = [[18, 13, 13, 13, 13, 9, 9], [15, 10, 10, 10, 10, 7, 6]]  # 88, 68
CORRECTED = [[18, 13, 13, 13, 13, 9, 9], [19, 14, 14, 14, 14, 9, 9]]  # 88, 93


def _refused(reg, path) -> list[str]:
    with pytest.raises(PackageRefused) as info:
        import_package(reg, path)
    return info.value.reasons


def test_a_correction_after_adoption_is_said_once_with_the_way_to_take_it(reg, tmp_path):
    a, b, [e] = two_for_one_place(reg, 1)
    assign(reg, e, a)
    assign(reg, e, b)
    [package] = export_packages(reg, YEAR, tmp_path / "out")
    import_package(reg, _filled(package, tmp_path / "first.xlsx", FIRST, "2022-11-20T08:00:00"))
    adopt(reg, YEAR)
    corrected = _filled(package, tmp_path / "更正.xlsx", CORRECTED, "2022-11-21T08:00:00")
    closed, differ, effect = _refused(reg, corrected)
    assert closed == (
        "本评分包的评分未导入：2022 年度的拟助推名单已经采纳（现为“拟助推”1 项、“未获助推”1 项），"
        "采纳后不再录入或导入评分。登记册中这些项目已有的评分不变，照常计入排名。如需更正评分，"
        "请先撤回拟助推名单（“专家评审 → 排名与档次”中的“撤回拟助推名单”），再导入本评分包，然后重新采纳")
    # what it would change, said though not stored (package_effect)
    assert differ.startswith("更正.xlsx 中有 1 个项目的评分与专家“专家1”已提交的不同（“区级乙项目”：")
    assert effect.startswith("若采用：“区级乙项目”与“区级甲项目”名次互换")
    assert panel_scores(reg, YEAR)[b].totals == (68,)
    withdraw(reg, YEAR, "更正专家评分")  # the way it says
    assert import_package(reg, corrected, replace=True).replaced
    assert panel_scores(reg, YEAR)[b].totals == (93,)


def test_a_correction_in_publicity_says_the_batch_and_its_way(reg, tmp_path):
    a, b, [e] = two_for_one_place(reg, 1)
    assign(reg, e, a)
    assign(reg, e, b)
    [package] = export_packages(reg, YEAR, tmp_path / "out")
    import_package(reg, _filled(package, tmp_path / "first.xlsx", FIRST, "2022-11-20T08:00:00"))
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))  # 甲 published; 乙 left out of the batch
    corrected = _filled(package, tmp_path / "更正.xlsx", CORRECTED, "2022-11-21T08:00:00")
    # 乙 is corrected in that batch too: one line, then what the correction would change
    published, _differ, effect = _refused(reg, corrected)
    assert "已公示的名单将与排名不同" in effect
    assert published.startswith(
        "本评分包的评分未导入：2022 年度的拟助推名单已列入第 1 批公示（2022年12月20日至")
    assert "，正在公示（现为“公示”1 项、“未获助推”（未列入公示名单）1 项），专家评分不再录入或导入。登记册中这些项目已有的" \
        "评分不变，照常计入排名。" in published
    assert "点“更正评分…”逐项更正并写明理由" in published  # the window's way
    assert "在“公示”中登记为该项目的异议" in published
    assert "请先撤回拟助推名单" not in published
    assert panel_scores(reg, YEAR)[b].totals == (68,)


def test_a_project_off_the_list_on_an_upheld_objection_is_said_so_not_ended(reg, tmp_path):
    """The tester's x_after: 精密测量…, No. 7 on the batch in publicity, its objection upheld
    that day, was said 公示已结束 and （现为“未获助推”（未列入公示名单））; 更正评分 said it
    was in an adopted list not yet published."""
    from boostdesk.panel.publicity import record_objection, resolve_objection
    from boostdesk.panel.score_correction import refusal

    a, b, [e] = two_for_one_place(reg, 1)
    assign(reg, e, a)
    assign(reg, e, b)
    [package] = export_packages(reg, YEAR, tmp_path / "out")
    import_package(reg, _filled(package, tmp_path / "first.xlsx", CORRECTED, "2022-11-20T08:00:00"))
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))  # 乙 93 published, 甲 88 left out
    oid = record_objection(reg, b, date(2022, 12, 21), "某职工", "已获区级资助")
    resolve_objection(reg, oid, True, "经核实已获区级全额资助", date(2022, 12, 22))
    changed = _filled(package, tmp_path / "更正.xlsx", FIRST, "2022-11-21T08:00:00")
    lines = _refused(reg, changed)
    upheld = next(line for line in lines if "“区级乙项目”" in line)
    assert upheld.startswith(
        "评分包中公示异议成立的 1 个项目的评分未导入：“区级乙项目”列入第 1 批公示（2022年12月20日至"
        "2022年12月26日，公示中）后，异议于 2022-12-22 成立，不予助推（现为“未获助推”），"
        "专家评分不再录入、导入或更正；异议处理如有误，请在“公示”中复核更正该异议的处理结果")
    assert "未列入公示名单" not in upheld and not any("公示已结束" in line for line in lines)
    assert refusal(reg, e, b).startswith("项目“区级乙项目”列入第 1 批公示（2022年12月20日至"
                                         "2022年12月26日，公示中）后，异议于 2022-12-22 成立")


def test_a_project_the_published_list_left_out_is_not_said_published(reg, tmp_path):
    """The tester's 评分录入 (stop 47): 分配给该专家的已公示的 23 个项目已结束评审…（现为…
    “未获助推”（未列入公示名单）13 项…）— the projects a published batch's adoption left
    out are in that batch's ranking, not on its list: not called 已公示的."""
    from boostdesk.panel.package_closed import closed_for_expert
    from boostdesk.panel.publicity import record_objection, resolve_objection

    a, b, [e] = two_for_one_place(reg, 1)
    assign(reg, e, a)
    assign(reg, e, b)
    [package] = export_packages(reg, YEAR, tmp_path / "out")
    import_package(reg, _filled(package, tmp_path / "first.xlsx", CORRECTED, "2022-11-20T08:00:00"))
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))  # 乙 93 published, 甲 88 left out
    oid = record_objection(reg, b, date(2022, 12, 21), "某职工", "已获区级资助")
    resolve_objection(reg, oid, True, "经核实已获区级全额资助", date(2022, 12, 22))
    changed = _filled(package, tmp_path / "更正.xlsx", FIRST, "2022-11-21T08:00:00")
    left_out = next(line for line in _refused(reg, changed) if "未列入公示名单" in line)
    assert left_out.startswith("评分包中 1 个项目的评分未导入：2022 年度的拟助推名单已列入第 1 批公示")
    assert "已公示的" not in left_out
    [said] = [line for line in closed_for_expert(reg, YEAR, e) if "未列入公示名单" in line]
    assert said.startswith("分配给该专家的 1 个项目已结束评审：2022 年度的拟助推名单已列入第 1 批公示")
