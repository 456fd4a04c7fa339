"""The 推荐单位 filter typed as people say a union (tester s38, the phone clerk's C10): 海淀
then Enter filtered on the literal 海淀 — 找到 0 条（共 198 条）— and only ↓ Enter on the
suggestion worked. Enter now takes the one registered union the fragment names; a fragment
naming several says so and keeps the suggestions open; one naming none says that."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
UNITS = ("北京市海淀区总工会", "北京公交集团工会", "首钢集团工会")


@pytest.fixture
def papers(reg):
    return {unit: reg.save_patent(PatentApplication(
        2022, title=f"一种{unit}的检测方法", patent_number_raw=f"ZL20211012345{i}.{i}",
        grant_date=date(2021, 9, 1), inventor_name=f"张{'一二三'[i]}", unit_name=unit,
        enterprise_name="北京中科智测科技有限公司")) for i, unit in enumerate(UNITS)}


def _unit_box(qtbot, window, ctx):
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_1, CTRL)
    screen = window.current_screen()
    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_Tab)  # from the search to 推荐单位, as the clerk does
    assert screen.unit.isAncestorOf(focused()) or focused() is screen.unit
    return screen


def test_a_fragment_naming_one_union_is_that_union_on_enter(papers, window, qtbot, ctx):
    screen = _unit_box(qtbot, window, ctx)
    type_text(qtbot, "海淀")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.model.ids == [papers["北京市海淀区总工会"]])
    assert screen.unit.currentText() == "北京市海淀区总工会"
    assert screen.count.text().startswith("找到 1 条（共 3 条）")


def test_a_fragment_naming_several_says_so_and_keeps_the_suggestions_open(
        papers, window, qtbot, ctx):
    said: list[str] = []
    ctx.notice.connect(said.append)
    screen = _unit_box(qtbot, window, ctx)
    type_text(qtbot, "集团")
    press(qtbot, Qt.Key.Key_Return)
    popup = screen.unit.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    assert any("名称含“集团”的推荐单位有 2 个" in s and "首钢集团工会" in s for s in said), said
    assert "符合 2 个推荐单位，请用 ↓ 选择其中一个" in screen.empty_text()
    press(qtbot, Qt.Key.Key_Down, widget=popup)
    press(qtbot, Qt.Key.Key_Return, widget=popup)
    qtbot.waitUntil(lambda: len(screen.model.ids) == 1)
    assert screen.unit.currentText() in ("北京公交集团工会", "首钢集团工会")
    assert screen.model.ids == [papers[screen.unit.currentText()]]


def test_a_fragment_naming_none_says_so(papers, window, qtbot, ctx):
    said: list[str] = []
    ctx.notice.connect(said.append)
    screen = _unit_box(qtbot, window, ctx)
    type_text(qtbot, "西城")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.count.text().startswith("找到 0 条"))
    assert any("没有名称含“西城”的推荐单位" in s for s in said), said
    assert "“西城”不是已登记的推荐单位" in screen.empty_text()
