"""公示 in the window: an objection of the period typed in after 结束公示 and found 不成立.
The project's detail pane (状态, 状态历史) said 核准（公示期满无异议） while its 审批表 printed
公示期内收到异议，经核实异议不成立."""

from __future__ import annotations

from boostdesk.models.records import PROJECT
from boostdesk.printing.approval import _review_line, load_sheets
from boostdesk.ui.detail import DetailPane
from tests.test_panel_support import YEAR
from tests.test_publicity_late_screen import shown  # noqa: F401 - fixture
from tests.test_publicity_outcome import ONE
from tests.test_publicity_screen import _click_row, _dismiss, _object, _titles


def _pane(reg, project_id: int) -> tuple[str, str]:
    """The detail pane's status line and its 状态历史, as the 创新项目 screen shows them."""
    pane = DetailPane(reg)
    pane.show_application(PROJECT, project_id)
    text = pane.toPlainText()
    status = next(line for line in text.splitlines() if "状态" in line)
    return status, text[text.index("状态历史"):text.index("修改记录")]


def test_a_late_objection_typed_in_and_dismissed_reads_alike_in_pane_and_sheet(
        shown, reg, qtbot):  # noqa: F811 - the fixture
    ids, publicity, _payments, errors = shown
    a = ids["a"]
    assert "核准（公示期满无异议）" in _pane(reg, a)[0]
    _click_row(qtbot, publicity.table, _titles(publicity).index("市级甲项目"))
    _object(qtbot, publicity, "2022-12-26", "某职工（来信，邮戳12月26日）", "项目数据不实")
    assert errors == []
    status, history = _pane(reg, a)
    assert "核准（公示期内收到的异议尚在核实）" in status
    assert "公示期满无异议" not in history

    _click_row(qtbot, publicity.table, _titles(publicity).index("市级甲项目"))
    _click_row(qtbot, publicity.objections, 0)
    _dismiss(qtbot, publicity, "经核查数据属实", "2023-01-05")
    assert errors == []
    status, history = _pane(reg, a)
    assert f"核准（{ONE}）" in status and "暂缓拨付" not in status
    assert f"公示 → 核准：{ONE}" in history and "公示期满无异议" not in history
    [sheet] = load_sheets(reg, YEAR, ["市级甲项目"])
    assert f"{ONE}，2022年12月27日核准助推" in _review_line(sheet)
    # who reworded it, from what: in the pane's 修改记录
    pane = DetailPane(reg)
    pane.show_application(PROJECT, a)
    trail = pane.toPlainText()
    assert f"核准理由：公示期内收到的异议尚在核实 → {ONE}" in trail.replace("\u2028", "\n")
