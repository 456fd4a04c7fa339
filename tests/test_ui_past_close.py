"""创新项目's 往年 ▾ at an earlier year: 往年结年… says how many of the year's projects will
be 未获助推 and asks, then closes them; 撤销结年… takes it back with a reason. At ≈ 800
pixels the menu button leaves the search box room for a name (补录往年结果… squeezed it to
“…”)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from boostdesk.models import plan_2022
from boostdesk.panel.past import record_past_award
from boostdesk.panel.past_close import CLOSE_REASON
from boostdesk.ui.past_dialog import CloseYearDialog, ReopenYearDialog
from tests.test_past_awards import WAN, project
from tests.test_ui_past_awards import _button, _past_item, screen
from tests.test_ui_support import answers, closed, qsettings, type_text  # noqa: F401

__all__ = ["screen"]


def test_the_clerk_closes_2016_after_its_list_and_takes_it_back(screen, qtbot, reg, answers):  # noqa: F811
    ids, ctx, w = screen
    other = reg.save_project(project(2016, "空调机组变频改造", studio="王强职工创新工作室"))
    record_past_award(reg, ids["past"], 5 * WAN, date(2016, 12, 20))
    w.reload()
    _past_item(w, "往年结年…").trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CloseYearDialog)
    qtbot.waitExposed(dialog)
    text = " ".join(x.text() for x in dialog.findChildren(QLabel))
    assert "2016 年度尚未结论" in text and "的 1 个项目将记为“未获助推”" in text
    assert not dialog.patents.isEnabled()  # no patent in 2016
    qtbot.mouseClick(_button(dialog, "结年"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    assert (reg.project(other).status, reg.project(other).status_reason) == (
        "not_awarded", CLOSE_REASON)
    assert reg.project(ids["past"]).status == "approved"
    assert "2016 年度已结年：1 个项目记为“未获助推”" in answers.infos[-1][1]
    assert reg.project(ids["now"]).status == "registered"  # 2022 untouched

    _past_item(w, "撤销结年…").trigger()
    back = QApplication.activeModalWidget()
    assert isinstance(back, ReopenYearDialog)
    qtbot.waitExposed(back)
    back.activateWindow()
    qtbot.waitUntil(back.reason_field.hasFocus)
    type_text(qtbot, "结年前漏补录一项")
    qtbot.mouseClick(_button(back, "撤销结年"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(back))
    assert reg.project(other).status == "registered"  # as it stood before the close
    assert not answers.errors


def test_a_year_with_no_patent_approved_names_the_window_s_list_not_a_command(
        screen, qtbot, reg, answers):  # noqa: F811
    """The close's warning said 命令行 boostdesk panel record-past --patents … beside the
    menu entry: the window's clerk is sent to the entry alone."""
    from tests.test_rules_years import patent

    _ids, _ctx, w = screen
    reg.save_patent(patent(2016))
    w.reload()
    _past_item(w, "往年结年…").trigger()
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, CloseYearDialog)
    qtbot.waitExposed(dialog)
    text = " ".join(x.text() for x in dialog.findChildren(QLabel))
    assert "2016 年度还没有核准的专利" in text
    assert "（“专利助推”页 往年 ▾ → 补录往年核准名单…）" in text and "boostdesk" not in text
    dialog.reject()


def test_the_newest_year_is_not_closed_and_nothing_left_is_said(screen, qtbot, reg, answers):  # noqa: F811
    ids, ctx, w = screen
    record_past_award(reg, ids["past"], 5 * WAN, date(2016, 12, 20))
    w.reload()
    assert w.close_past_year() is None
    assert "没有尚未结论的项目或专利" in answers.infos[-1][1]
    ctx.set_year(2022)
    assert w.close_past_year() is None
    assert "最新的年度" in answers.errors[-1][1]
    assert reg.project(ids["now"]).status == "registered"


def test_at_800_pixels_an_earlier_years_search_box_keeps_room_for_a_name(
        reg, qsettings, qapp, qtbot):  # noqa: F811 - fixtures
    """The tester's window at 800 wide, 2016 on 创新项目: the search box showed “…” beside
    补录往年结果…; it keeps room for a few characters, with 往年 and the count still in view."""
    from boostdesk.ui.app import load_fonts
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.main_window import MainWindow
    from tests.test_ui_small_screen_long_names import settle

    load_fonts(qapp)
    reg.save_campaign(plan_2022().for_year(2016))
    reg.save_project(project(2016))
    ctx = AppContext(reg, 2016, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(800, 760)
    window.show()
    qtbot.waitExposed(window)
    window.switch_to(1)
    settle()
    screen = window.screen_named("创新项目")
    search = screen.search
    assert search.width() >= search.fontMetrics().horizontalAdvance("项目、工作室"), search.width()
    past = screen.buttons["record_past"]
    assert past.isVisible()
    for shown in (past, screen.count):  # in the screen, not pushed past its edge
        right = screen.mapFromGlobal(shown.mapToGlobal(shown.rect().topRight())).x()
        assert right <= screen.width(), (right, screen.width())
    ctx.shutdown()
