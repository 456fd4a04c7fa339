"""待办 in the window: Ctrl+0 opens it with the keyboard on its list, Enter lands on the
screen where the item is done with that line or paper chosen; the status bar says how
much is open once the window is up; Ctrl+1…9 keep their screens."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_keyboard_screens import CTRL, demo_window
from test_ui_support import answers, focused, press, qsettings, type_text

from boostdesk.models import clock
from boostdesk.ui.main_window import SCREENS, screen_keys

__all__ = ["answers", "qsettings"]

DAY = date(2023, 3, 10)


@pytest.fixture
def window(reg, qsettings, qapp, qtbot, answers):
    with clock.fixed_day(DAY):
        w = demo_window(reg, qsettings, qtbot)
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        yield w
        w.ctx.shutdown()


def _todo(qtbot, window):
    """Ctrl+0, and the list once read (in the background: test_ui_todo_background)."""
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_0, CTRL)
    screen = window.stack.currentWidget()
    assert type(screen).__name__ == "TodoScreen" and focused() is screen.table
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0, timeout=10000)
    return screen


def _row_of(screen, kind_label: str, ref: str) -> int:
    return next(r for r in range(screen.model.rowCount())
                if screen.model.text(r, 0) == kind_label and screen.model.text(r, 2) == ref)


def test_ctrl_0_opens_todo_and_enter_lands_on_the_overdue_line_in_its_year(window, qtbot):
    screen = _todo(qtbot, window)
    assert "截至 2023-03-10" in screen.summary.text()
    assert screen.current_item().kind == "payment_overdue"  # the most overdue first
    item = screen.current_item()
    assert (item.year, item.ref) == (2021, "项目2") and window.ctx.year == 2022
    press(qtbot, Qt.Key.Key_Return)
    payments = window.stack.currentWidget()
    assert type(payments).__name__ == "PaymentsScreen" and window.ctx.year == 2021
    assert focused() is payments.table
    assert payments.selected_ids() == [item.line_id]
    assert payments.search.box.text() == "项目2"


def test_enter_on_an_objection_chooses_its_project_on_publicity(window, qtbot):
    screen = _todo(qtbot, window)
    row = _row_of(screen, "异议待处理", "项目15")
    while screen.table.currentIndex().row() < row:  # ↓ as a clerk would
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    publicity = window.stack.currentWidget()
    assert type(publicity).__name__ == "PublicityScreen"
    assert publicity.current_row().project_id == 15 and focused() is publicity.table


def test_enter_on_a_late_patent_filters_the_register_to_it(window, qtbot):
    screen = _todo(qtbot, window)
    press(qtbot, Qt.Key.Key_F, CTRL)  # searched as the other lists are
    type_text(qtbot, "逾期报送")
    screen.search.flush()
    press(qtbot, Qt.Key.Key_Down)
    assert screen.current_item().ref == "专利62"
    press(qtbot, Qt.Key.Key_Return)
    patents = window.stack.currentWidget()
    assert type(patents).__name__ == "PatentScreen" and patents.current_id() == 62


def test_the_status_bar_counts_todo_after_the_start_and_the_keys_stay(window, qtbot):
    with clock.fixed_day(DAY):
        qtbot.waitUntil(lambda: window.todo_label.text().startswith("待办 "), timeout=10000)
    assert window.todo_label.text().endswith("（Ctrl+0）") and "其中逾期" in window.todo_label.text()
    keys = screen_keys()
    assert keys["专利助推"] == "Ctrl+1" and keys["设置"] == "Ctrl+9" and keys["待办"] == "Ctrl+0"
    assert SCREENS[-1][0] == "待办"
    view = [a.text() for a in window.menuBar().actions()[2].menu().actions()]
    assert "待办(&0)" in view and "专利助推(&1)" in view
    press(qtbot, Qt.Key.Key_1, CTRL)  # Ctrl+1 is still 专利助推
    assert type(window.stack.currentWidget()).__name__ == "PatentScreen"


def test_todo_and_the_status_bar_count_follow_the_day_past_midnight(window, qtbot):
    """Left open overnight: 待办 and the status bar's count re-dated by themselves, as 拨付."""
    screen = _todo(qtbot, window)
    with clock.fixed_day(DAY):
        qtbot.waitUntil(lambda: window.todo_line.last is not None, timeout=10000)
    assert "截至 2023-03-10" in screen.summary.text()
    before = window.todo_label.text()
    later = date(2023, 6, 30)  # months on: lines fall overdue meanwhile
    for watch in (screen.day_watch, window.todo_line.day_watch):
        watch.timer.setInterval(20)
    with clock.fixed_day(later):
        qtbot.waitUntil(lambda: "截至 2023-06-30" in screen.summary.text(), timeout=10000)
        qtbot.waitUntil(lambda: window.todo_line.last.today == later, timeout=10000)
    assert window.todo_label.text() != before


def test_enter_on_an_ended_batch_after_an_objection_shows_the_whole_batch(window, qtbot):
    """Each jump sets its own search: the objection's 项目15 does not stay on 公示 and hide
    the rest of the ended batch."""
    screen = _todo(qtbot, window)
    row = _row_of(screen, "异议待处理", "项目15")
    while screen.table.currentIndex().row() < row:
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    publicity = window.stack.currentWidget()
    assert publicity.search.box.text() == "项目15"
    press(qtbot, Qt.Key.Key_0, CTRL)
    assert focused() is screen.table
    row = next(r for r in range(screen.model.rowCount()) if screen.model.text(r, 0) == "公示期满待结束")
    while screen.table.currentIndex().row() < row:
        press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is publicity
    assert publicity.search.box.text() == ""
    listed = publicity.table.model().rowCount()
    period = publicity.batch.currentData()
    assert listed == window.ctx.reg.scalar(
        "SELECT COUNT(*) FROM proposals WHERE period_id = ?", (period,)) and listed > 1


def test_a_long_notice_is_not_cut_off_by_the_todo_count(window, qtbot):
    """A recovery's message was cut at 「合计尚…」 by 待办 8 项 although the counts gave way:
    the 待办 count gives way too while it shows, and is back once it clears. At 1366 px, as
    the clerk's, beside a four-character operator's name."""
    window.resize(1366, 768)  # the clerk's
    with clock.fixed_day(DAY):
        qtbot.waitUntil(lambda: window.todo_label.text().startswith("待办 "), timeout=10000)
    qtbot.wait(20)
    bar = window.statusBar()
    message = ("已登记专利35的追回：海淀区总工会 ¥1,200.00（2024-02-01，凭证 收-7）；"
               "海淀区总工会应追回 ¥1,800.00，已追回 ¥1,200.00，尚欠 ¥600.00；"
               "北京市总工会应追回 ¥1,500.00；合计尚欠 ¥2,100.00")  # (fits beside 操作人：录入员甲)
    assert bar.fontMetrics().horizontalAdvance(message) > window.todo_label.geometry().left()
    window.show_notice(message)
    qtbot.wait(20)  # laid out again
    shown = [w for w in (window.todo_label, window.counts_label, window.operator_label)
             if w.isVisible()]
    assert bar.fontMetrics().horizontalAdvance(message) <= shown[0].geometry().left() - 8, (
        bar.width(), window.width(), [(w.objectName(), w.geometry(), w.text()) for w in shown])
    assert window.operator_label.isVisible()
    bar.clearMessage()
    assert window.todo_label.isVisible() and window.counts_label.isVisible()
