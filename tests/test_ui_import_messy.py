"""The 导入汇总表 dialog on tables as unions really fill them (see test_import_messy)."""

from __future__ import annotations

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from test_ui_import import open_dialog, read
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.ui.import_dialog import READY, REFUSED

__all__ = ["answers", "ctx", "qsettings", "window"]


def test_yuan_under_a_wan_header_is_marked_in_the_preview(window, qtbot, reg, answers, tmp_path):
    path = write_sheet(tmp_path / "yuan.xlsx", [
        PROJECT_HEADERS, project_row(项目名称="甲"),
        project_row(项目名称="乙", **{"项目总投入（万元）": 300000, "申请助推金额（万元）": 100000}),
    ])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    model = dialog.model
    assert (model.rows_with(READY), model.rows_with(REFUSED)) == ([2], [3])
    reasons = model.data(model.index(1, 2))
    assert "申请助推金额（万元）" in reasons and "（元）" in reasons
    assert not dialog.import_all.isEnabled()
    assert reg.projects() == []
