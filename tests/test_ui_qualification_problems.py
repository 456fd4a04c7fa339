"""专家评审 → 资格审核's 发现的问题: a 不符合 project's reason comes first. The tester's
list showed 申请金额…不是市级工作室的助推档次 (a 提示) on a row 不符合 for another reason,
its real reason cut off to the right."""

from __future__ import annotations

from test_ui_support import answers, ctx, qsettings, window

from boostdesk.rules import recheck
from boostdesk.rules.findings import blocking, missing, warning, weightiest_first
from tests.test_panel_support import WAN, make_project

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_what_fails_comes_before_what_is_missing_and_the_hints():
    hint, lack = warning("A", "提示"), missing("B", "收件日期", "三", "received_date")
    fails = blocking("C", "不符合")
    assert weightiest_first([hint, lack, fails]) == [fails, lack, hint]


def test_a_failing_project_shows_why_first_in_the_qualification_list(window, reg, qtbot):
    ids = [make_project(reg, f"数控机床主轴热变形补偿技术研究{k}", "精密加工职工创新工作室",
                        requested_fen=7 * WAN) for k in range(3)]
    recheck(reg)
    tab = window.screen_named("专家评审").show_tab("资格审核")
    model = tab.table.model()
    cells = {model.index(r, 0).data(): model.index(r, 7).data() for r in range(model.rowCount())}
    [third] = [text for ref, text in cells.items() if ref.endswith(str(ids[2]))]
    assert "不是市级工作室的助推档次" in third  # the 提示 is there, after
    assert third.startswith("同一创新工作室") or third.index("申报不超过") < third.index("申请金额")
