"""拨付 on a small laptop (1280×720 at 150 %: about 840×420 for the screen) with what the
demo register has to say: a summary naming a held award, what 2021 still owes, three
projects past their completion date. The one-line summary held the screen 989 px wide (the
window scrolled sideways, 暂缓拨付 cut off) and the lines above left the list under two rows."""

from __future__ import annotations

from datetime import date

import pytest
from test_ui_small_screen_long_names import SMALL, app_font, settle
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.demo import fill_demo
from boostdesk.panel.publicity import close_publicity, record_objection

__all__ = ["answers", "app_font", "ctx", "qsettings", "window"]


@pytest.fixture
def demo(reg):
    fill_demo(reg)
    close_publicity(reg, 2022, date(2023, 1, 2))
    pid = reg.scalar("SELECT id FROM project_applications WHERE title = ?",
                     ("5G室内分布系统覆盖优化技术研究",))
    record_objection(reg, pid, date(2022, 12, 31), "某职工", "数据不实")
    return reg


def test_payments_keep_the_list_and_the_summary_whole_on_a_small_laptop(demo, window):
    pay = window.screen_named("拨付")
    window.resize(SMALL)
    settle()
    assert "暂缓拨付" in pay.summary.text() and pay.others.isVisible() and pay.flags.isVisible()
    assert not window.centralWidget().horizontalScrollBar().isVisible()
    table = pay.table
    assert table.viewport().height() >= 3 * table.rowHeight(0), table.viewport().height()
    for label in (pay.summary, pay.others, pay.flags):  # whole, above the list
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert label.geometry().bottom() < table.geometry().top()


def test_a_search_box_cut_on_a_small_laptop_says_what_it_searches_when_pointed_at(window):
    """At 1280×720 ×1.5 the boxes' hints (what a search looks in) were cut, with no tooltip."""
    from PySide6.QtWidgets import QLineEdit

    from boostdesk.ui.main_window import SCREENS

    window.resize(SMALL)
    boxes = []
    for i, _screen in enumerate(SCREENS):
        screen = window.show_screen(i)
        settle()
        boxes += [b for b in screen.findChildren(QLineEdit) if "任一片段" in b.placeholderText()]
    assert len(boxes) >= 5  # 专利助推, 创新项目, 工作室, 所在单位, 人员
    cut = [b for b in boxes if b.fontMetrics().horizontalAdvance(b.placeholderText())
           > b.width() - 16]
    assert cut, "none cut: the test would prove nothing"
    assert [b.placeholderText() for b in cut if b.placeholderText() not in b.toolTip()] == []
