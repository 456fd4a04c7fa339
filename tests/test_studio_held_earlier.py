"""工作室's 往年助推 column marks an earlier year's award held from payment as the register
lists do: it read “2022年¥30,000.00” for an award 创新项目 and 拨付 said 暂缓拨付."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_ui_support import year_context

from boostdesk.ui.studio_screen import StudioScreen
from tests.test_panel_rerank import _approved_then_stale

YEAR = 2022
EARLIER = StudioScreen.HEADERS.index("往年助推（未验收的不能再申报）")


def _row_of(w: StudioScreen, name: str) -> int:
    return next(r for r in range(w.model.rowCount()) if w.model.text(r, 0) == name)


def test_an_earlier_years_held_award_is_marked_with_why_in_its_tooltip(reg, tmp_path, qtbot):
    held, _runner_up = _approved_then_stale(reg)
    reg.save_campaign(reg.campaign(YEAR).for_year(YEAR + 1))
    w = StudioScreen(year_context(reg, tmp_path, YEAR + 1, "王主任"))
    qtbot.addWidget(w)
    w.resize(1400, 600)
    w.show()
    studio = reg.project(held).studio_name
    row = _row_of(w, studio)
    index = w.model.index(row, EARLIER)
    assert index.data().startswith("2022年¥30,000.00") and index.data().endswith("（暂缓拨付）")
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "2022年“区级甲项目”：核准（暂缓拨付）" in tip
    assert "暂缓拨付：" in tip and "按现结果应为" in tip and "处理：" in tip
    assert index.data(Qt.ItemDataRole.ForegroundRole) is not None  # amber, as 状态 is
    # the studio's other cells say nothing of it
    assert w.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is None
    w.table.selectRow(row)
    assert "2022年“区级甲项目”：核准（暂缓拨付）" in w.detail.toPlainText()
    w.table.setCurrentIndex(index)
    import os
    if os.environ.get("SHOTS"):
        w.grab().save(os.path.join(os.environ["SHOTS"], "studios-held.png"))


def test_in_its_own_year_the_held_award_is_not_an_earlier_one(reg, tmp_path, qtbot):
    held, _runner_up = _approved_then_stale(reg)
    w = StudioScreen(year_context(reg, tmp_path, YEAR, "王主任"))
    qtbot.addWidget(w)
    row = _row_of(w, reg.project(held).studio_name)
    assert w.model.index(row, EARLIER).data() == ""
    w.table.selectRow(row)
    assert "2022年“区级甲项目”：核准（暂缓拨付）" in w.detail.toPlainText()  # held by its ranking
