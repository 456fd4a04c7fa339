"""补录往年结果… on 创新项目: a 2016 project chosen, its tier picked, its approval date typed,
补录 — approved with no expert, score or publicity period; this year's refused, saying where
its outcome comes from."""

from __future__ import annotations

import os
import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from boostdesk.models import plan_2022
from boostdesk.ui.past_dialog import PastAwardDialog, WithdrawPastDialog
from boostdesk.ui.register_screen import ProjectScreen
from tests.test_past_awards import WAN, project
from tests.test_ui_support import answers, closed, press, qsettings, type_text, year_context  # noqa: F401

SHOTS = os.environ.get("PAST_SHOTS")  # a folder for the screenshots, to look at by hand


@pytest.fixture
def screen(reg, tmp_path, qtbot, qapp, answers):  # noqa: F811 - fixture
    reg.save_campaign(plan_2022().for_year(2016))
    ids = {"past": reg.save_project(project(2016)),
           "now": reg.save_project(project(2022, "今年的项目"))}
    ctx = year_context(reg, tmp_path, 2016, "刘建国")
    w = ProjectScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 700)
    w.show()
    qtbot.waitExposed(w)
    yield ids, ctx, w
    ctx.shutdown()


def _choose(w: ProjectScreen, app_id: int) -> None:
    row = w.model.ids.index(app_id)
    w.table.setCurrentIndex(w.model.index(row, 0))


def _button(w, text: str) -> QPushButton:
    return next(b for b in w.findChildren(QPushButton) if b.text() == text)


def _past_item(w, text: str):
    """An entry of 创新项目's 往年 ▾ menu (补录往年结果…, 往年结年… …), to trigger as a
    click on it does."""
    return next(a for a in w.buttons["record_past"].menu().actions()
                if re.sub(r"\(&\w\)", "", a.text()) == text)  # its letter aside


def _opened(qtbot) -> PastAwardDialog:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, PastAwardDialog)
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.approved.hasFocus)  # the date is what is typed first
    return dialog


def test_the_clerk_records_2016s_award_by_tier_and_date(screen, qtbot, reg, answers):  # noqa: F811
    ids, _ctx, w = screen
    _choose(w, ids["past"])
    _past_item(w, "补录往年结果…").trigger()
    dialog = _opened(qtbot)
    assert dialog.tier.currentData() == 5 * WAN  # the requested amount's tier, at its level
    if SHOTS:
        dialog.grab().save(f"{SHOTS}/past_dialog.png")
        w.grab().save(f"{SHOTS}/past_screen.png")
    type_text(qtbot, "2016-12-20")
    qtbot.mouseClick(_button(dialog, "补录"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    app = reg.project(ids["past"])
    assert (app.status, app.award_fen, app.approved_date) == ("approved", 5 * WAN,
                                                              date(2016, 12, 20))
    assert reg.scalar("SELECT COUNT(*) FROM publicity_periods") == 0
    assert not answers.errors


def test_a_record_made_in_error_is_withdrawn_from_the_same_button_with_a_reason(
        screen, qtbot, reg, answers):  # noqa: F811
    """The clerk recorded the wrong tier: the same button on that project offers 撤销补录,
    which wants a reason, then leaves it 未获助推 to be recorded again."""
    from boostdesk.panel.past import record_past_award

    ids, _ctx, w = screen
    record_past_award(reg, ids["past"], 10 * WAN, date(2016, 12, 20))
    w.reload()
    _choose(w, ids["past"])
    _past_item(w, "补录往年结果…").trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WithdrawPastDialog)
    qtbot.waitExposed(dialog)
    assert "已补录为核准 ¥100,000.00（2016-12-20）" in dialog.intro.text()
    if SHOTS:
        dialog.grab().save(f"{SHOTS}/withdraw_past_dialog.png")
    qtbot.mouseClick(_button(dialog, "撤销补录"), Qt.MouseButton.LeftButton)
    assert not closed(dialog) and "理由" in dialog.error.text()
    assert reg.project(ids["past"]).status == "approved"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.reason_field.hasFocus)  # the missing reason is where the keys go
    type_text(qtbot, "档次录错，应为 5 万元")
    qtbot.mouseClick(_button(dialog, "撤销补录"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    app = reg.project(ids["past"])
    assert (app.status, app.award_fen) == ("not_awarded", None)
    assert not answers.errors
    _choose(w, ids["past"])
    w.record_past()
    again = _opened(qtbot)  # recorded again, at the right tier
    again.hide()


def test_a_record_whose_money_came_back_is_withdrawn_and_a_paid_one_says_why_not(
        screen, qtbot, reg, answers):  # noqa: F811
    """The record's first tranche was sent and came back (退汇): the button still offers
    撤销补录 (it once said the project, 核准, could not be recorded), saying the returned
    transfers are not sent again; on a record with money standing paid it says what was
    sent and what to do first, not that a 核准 project cannot be recorded."""
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.panel.past import record_past_award
    from tests.test_past_awards import _pay, _return

    ids, _ctx, w = screen
    other = reg.save_project(project(2016, "另一项目", studio="王强职工创新工作室"))
    for app_id in (ids["past"], other):
        record_past_award(reg, app_id, 10 * WAN, date(2016, 12, 20))
    sync_plan(reg, 2016)
    for app_id in (ids["past"], other):
        _pay(reg, app_id, 1, date(2017, 2, 10), "2017-记-15")
    returned = _return(reg, ids["past"], date(2017, 2, 20))
    w.reload()
    _choose(w, other)
    assert w.record_past() is None
    assert answers.errors[-1][0] == "撤销补录"
    assert f"助推款已登记拨付 {returned} 笔，不能撤销补录" in answers.errors[-1][1]
    _choose(w, ids["past"])
    _past_item(w, "补录往年结果…").trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, WithdrawPastDialog)
    qtbot.waitExposed(dialog)
    assert f"已汇出 {returned} 笔均被银行退回、待重拨：撤销后不再重拨" in dialog.intro.text()
    if SHOTS:
        dialog.grab().save(f"{SHOTS}/withdraw_returned_dialog.png")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.reason_field.hasFocus)
    type_text(qtbot, "项目录错")
    qtbot.mouseClick(_button(dialog, "撤销补录"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    assert reg.project(ids["past"]).status == "not_awarded"
    assert len(answers.errors) == 1


def test_a_missing_date_is_said_in_the_dialog_and_nothing_stored(screen, qtbot, reg):
    ids, _ctx, w = screen
    _choose(w, ids["past"])
    w.record_past()
    dialog = _opened(qtbot)
    press(qtbot, Qt.Key.Key_Return)
    assert not closed(dialog) and "请填写核准日期" in dialog.error.text()
    assert reg.project(ids["past"]).status == "registered"
    dialog.hide()


def test_this_years_project_is_refused_naming_the_panel(screen, reg, answers):  # noqa: F811
    ids, _ctx, w = screen
    w.ctx.set_year(2022)
    w.reload()
    _choose(w, ids["now"])
    assert w.record_past() is None
    assert answers.errors and "最新的年度" in answers.errors[-1][1]
    assert reg.project(ids["now"]).status == "registered"


def test_the_button_shows_at_an_earlier_year_only_and_keeps_a_small_laptops_width(
        reg, qsettings, qapp, answers, qtbot):  # noqa: F811 - fixtures
    """At 2016 the list offers 补录往年结果…; at 2022 (the panel's year) it does not; either
    way 创新项目 does not scroll sideways at 1280×720 ×1.5 (the row of buttons is what sets
    its width). The 编辑 menu has the entry too (a button takes no focus)."""
    from boostdesk.ui.app import load_fonts
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.main_window import MainWindow
    from tests.test_ui_small_screen_long_names import SMALL, settle

    load_fonts(qapp)
    reg.save_campaign(plan_2022().for_year(2016))
    reg.save_project(project(2016))
    ctx = AppContext(reg, 2016, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(SMALL)
    window.show()
    qtbot.waitExposed(window)
    assert {"补录往年结果(&P)…", "补录往年名单(&L)…"} <= {a.text() for a in window.edit_menu.actions()}
    screen = window.screen_named("创新项目")
    settle()
    assert screen.buttons["record_past"].isVisible()
    bar = window.centralWidget().horizontalScrollBar()
    assert not bar.isVisible(), (bar.maximum(), [(b.text(), b.width()) for b in screen.buttons.values()])
    ctx.set_year(2022)
    settle()
    assert not screen.buttons["record_past"].isVisible()
    ctx.shutdown()


def test_a_years_list_is_recorded_from_the_edit_menu_and_a_wrong_one_stores_nothing(
        screen, qtbot, reg, answers, tmp_path, monkeypatch):  # noqa: F811
    """编辑 → 补录往年名单… at 2016: the clerk picks the workbook the office kept; a list
    with a wrong line is refused whole, the line named; at 2022 the list is refused."""
    from openpyxl import Workbook
    from PySide6.QtWidgets import QFileDialog

    ids, ctx, w = screen
    wrong, right = tmp_path / "错.xlsx", tmp_path / "2016年补录名单.xlsx"
    for path, amount in ((wrong, 5000), (right, 50000)):
        wb = Workbook()
        wb.active.append(["项目", "档次（元）", "核准日期"])
        wb.active.append(["数控机床精度补偿", amount, date(2016, 12, 20)])
        wb.save(path)
    chosen = [str(wrong)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[0], ""))
    assert w.record_past_list() is None
    assert answers.errors and "第 2 行" in answers.errors[-1][1]
    assert "不是 2016 年度计划的助推档次" in answers.errors[-1][1]
    assert reg.project(ids["past"]).status == "registered"
    chosen[0] = str(right)
    assert len(w.record_past_list()) == 1
    assert "已补录 2016 年度 1 项核准助推，合计 ¥50,000.00" in answers.infos[-1][1]
    assert reg.project(ids["past"]).status == "approved"
    ctx.set_year(2022)
    before = len(answers.errors)
    assert w.record_past_list() is None
    assert len(answers.errors) == before + 1 and "最新的年度" in answers.errors[-1][1]


def test_a_years_list_with_a_first_payment_day_records_it_paid_from_the_window(
        screen, reg, answers, tmp_path, monkeypatch):  # noqa: F811
    """编辑 → 补录往年名单… reads the list's 首笔拨付日期: the first tranche paid as history
    (not owed, no 所在单位 asked), the rest owed after acceptance; the message says so."""
    from openpyxl import Workbook
    from PySide6.QtWidgets import QFileDialog

    ids, _ctx, w = screen
    path = tmp_path / "2016年补录名单.xlsx"
    wb = Workbook()
    wb.active.append(["项目", "档次（元）", "核准日期", "首笔拨付日期"])
    wb.active.append(["数控机床精度补偿", 50000, date(2016, 12, 20), date(2017, 3, 15)])
    wb.save(path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    assert len(w.record_past_list()) == 1
    assert "1 项首笔按往年已拨付记（尾款待验收后拨付）" in answers.infos[-1][1]
    assert reg.project(ids["past"]).status == "paid_first"
    paid = reg.query("SELECT DISTINCT paid_date, voucher FROM payments WHERE application_id = ?"
                     " AND tranche = 1", (ids["past"],))
    assert [(r["paid_date"], r["voucher"]) for r in paid] == [("2017-03-15", "历史补录")]
