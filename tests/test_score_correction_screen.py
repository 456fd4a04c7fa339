"""评分录入 for an expert whose projects are in publicity: a visible line says why there is
nothing to score and what to do, and 更正评分… corrects a slip, typed and clicked as a clerk
would, with its reason; the ranking's change is shown, the published list untouched."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from test_ui_support import type_text, year_context

from boostdesk.panel.scoring import panel_scores
from boostdesk.ui.panel_screen import PanelScreen
from tests.test_panel_support import YEAR, one_place_two_publicized


@pytest.fixture
def screen(reg, tmp_path, qtbot, monkeypatch):
    from boostdesk.ui import dialogs

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: shown.append(text))
    a, _b = one_place_two_publicized(reg)  # 甲 90 published at 3万; 乙 80 next in line
    w = PanelScreen(year_context(reg, tmp_path, YEAR, "刘建国"))
    w.shown = shown  # type: ignore[attr-defined]
    w.published = a  # type: ignore[attr-defined]
    qtbot.addWidget(w)
    w.resize(1300, 700)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.tabs.setCurrentWidget(w.scoring)
    return w


def test_the_sheet_says_why_an_experts_projects_take_no_scores_and_what_to_do(screen):
    tab = screen.scoring
    assert tab.state.text() == "该专家没有待评审的项目"
    assert tab.closed.isVisible()
    said = tab.closed.text()
    assert "分配给该专家的项目都已结束评审" in said and "正在公示" in said
    assert "点“更正评分…”逐项更正并写明理由" in said
    assert "请先撤回拟助推名单" not in said  # 乙, left out of the batch: corrected here too
    assert tab.correct_button.isVisible() and tab.correct_button.isEnabled()


def test_a_slip_is_corrected_by_typing_and_clicking_with_its_reason(screen, reg, qtbot):
    tab = screen.scoring
    a = screen.published
    typed = {}

    def fill() -> None:
        d = tab.dialog
        first = next(iter(d.fields.values()))
        typed["was"] = first.text()
        first.setFocus()
        first.selectAll()
        type_text(qtbot, "1", first)  # the paper sheet's 1 where 18 was typed
        qtbot.mouseClick(d.ok, Qt.MouseButton.LeftButton)  # no reason: refused, says so
        typed["refused"] = d.error.text()
        d.reason_field.setFocus()
        type_text(qtbot, "纸质评分表为1分，录入有误", d.reason_field)
        qtbot.mouseClick(d.ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    assert typed["refused"].startswith("请填写更正理由")
    assert panel_scores(reg, YEAR)[a].totals[0] < 90
    [text] = screen.shown
    assert text.startswith("已更正项目“区级甲项目”的评分：")
    assert "更正后已公示的排名与现在的排名不同" in text and "公示为3万元档，按现有评分为未获助推" in text
    assert reg.project(a).status == "publicized"
    [line] = reg.query("SELECT after FROM audit_events WHERE action = 'score_correct'")
    assert json.loads(line["after"])["reason"] == "纸质评分表为1分，录入有误"
    assert QApplication.activeModalWidget() is None


def test_a_slip_on_the_project_left_out_is_corrected_in_the_window(screen, reg, qtbot):
    """乙 (未获助推 by the adoption published, next in line) is offered in 更正评分… and its
    correction says the published 甲 is no longer ranked at its tier."""
    tab = screen.scoring
    seen = {}

    def fill() -> None:
        d = tab.dialog
        seen["projects"] = [d.project.itemText(i) for i in range(d.project.count())]
        d.project.setFocus()
        qtbot.keyClick(d.project, Qt.Key.Key_Down)  # 区级乙项目
        for field, top in zip(d.fields.values(), ("20", "15", "15", "15"), strict=False):
            field.setFocus()
            field.selectAll()
            type_text(qtbot, top, field)
        d.reason_field.setFocus()
        type_text(qtbot, "纸质评分表录入有误", d.reason_field)
        qtbot.mouseClick(d.ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(tab.correct_button, Qt.MouseButton.LeftButton)
    assert seen["projects"] == ["区级甲项目", "区级乙项目"]
    [text] = screen.shown
    assert text.startswith("已更正项目“区级乙项目”的评分：")
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in text
    assert "“区级乙项目”：现为未获助推，按现有评分为3万元档" in text
