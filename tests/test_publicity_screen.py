"""The 公示 screen: the period's dates, objections and their resolution, closing."""

from __future__ import annotations

import subprocess
from datetime import date

import pytest
from PySide6.QtCore import QSettings

from boostdesk.panel.tiers import adopt
from boostdesk.ui.context import AppContext
from boostdesk.ui.publicity_screen import PublicityScreen
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


@pytest.fixture
def ids(reg):
    out = {"a": make_project(reg, "市级甲项目", "工作室甲", CITY),
           "c": make_project(reg, "区级丙项目", "工作室丙", DISTRICT)}
    to_review(reg, *out.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {out["a"]: 90, out["c"]: 80})
    adopt(reg, YEAR)
    return out


@pytest.fixture
def screen(reg, tmp_path, qtbot, monkeypatch):
    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    ctx = AppContext(reg, YEAR, settings=settings)
    ctx.set_operator("刘建国")
    w = PublicityScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    return w


def _states(screen) -> dict[str, str]:
    return {screen.table.item(r, 1).text(): screen.table.item(r, 6).text()
            for r in range(screen.table.rowCount())}


def test_waiting_list_then_period_objection_and_closing(ids, screen, reg):
    assert screen.batch.currentText() == "待公示：拟助推 2 项"
    assert _states(screen) == {"市级甲项目": "待公示", "区级丙项目": "待公示"}
    assert screen.start_button.isEnabled() and not screen.close_button.isEnabled()
    assert screen.start(date(2022, 12, 20))
    assert screen.batch.currentText() == "第1批：2022年12月20日至2022年12月26日（公示中）"
    assert "2022-12-27 起可结束公示" in screen.info.text()
    assert "合计 ¥130,000.00" in screen.info.text()
    assert not screen.record_objection(ids["c"], date(2022, 12, 28), "某人", "晚到的异议")
    assert "不在公示期" in screen.error.text()
    assert screen.record_objection(ids["c"], date(2022, 12, 22), "某人", "数据不实")
    assert _states(screen)["区级丙项目"] == "有异议待处理"
    screen.table.selectRow(1)
    assert screen.objections.rowCount() == 1 and screen.resolve_button.isEnabled()
    objection = screen.current_objection()
    assert screen.resolve(objection.id, True, "经核实数据不实", date(2022, 12, 24))
    assert _states(screen)["区级丙项目"] == "异议成立，不予助推"
    assert not screen.close_period(date(2022, 12, 26))
    assert "2022-12-27 起方可结束公示" in screen.error.text()
    assert screen.close_period(date(2022, 12, 27))
    assert _states(screen)["市级甲项目"] == "核准"
    a = reg.project(ids["a"])
    assert (a.award_fen, a.approved_date) == (10 * WAN, date(2022, 12, 27))
    assert reg.project(ids["c"]).status == "not_awarded"
    assert "已于 2022-12-27 结束" in screen.batch.currentText()


def test_list_exports_leave_out_upheld_objections(ids, screen, reg, tmp_path):
    screen.start(date(2022, 12, 20))
    screen.record_objection(ids["c"], date(2022, 12, 22), "某人", "数据不实")
    screen.resolve(screen_objection_id(reg), True, "属实", date(2022, 12, 23))
    pdf = tmp_path / "list.pdf"
    assert screen.export(pdf, "pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "市级甲项目" in text and "区级丙项目" not in text
    assert screen.export(tmp_path / "list.xlsx", "xlsx")


def screen_objection_id(reg) -> int:
    return reg.scalar("SELECT id FROM objections ORDER BY id DESC LIMIT 1")
