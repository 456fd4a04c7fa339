"""A plan saying 公示 7 个工作日: the window's 开始公示… took only a start day and posted
start + 公示天数 − 1 natural days (the command line could give --to). The dialog has an
end day, filled from the year's 公示期 and editable, and says the days between, natural and
working (public holidays unknown); the year's 公示期 may be counted in working days
(设置, ``campaign set publicity_day_unit=工作日``), and the list prints the period so."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, qsettings, type_text, window, year_context

from boostdesk.cli import main
from boostdesk.models.campaign import CALENDAR_DAYS, WORKING_DAYS
from boostdesk.panel import publicity as pub
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity_days import period_end, working_days
from boostdesk.panel.publicity_docs import publicity_list
from boostdesk.ui.publicity_screen import PublicityScreen
from tests.test_panel_support import YEAR, two_adopted
from tests.test_publicity_screen import _answer

__all__ = ["answers", "ctx", "qsettings", "window"]

WED = date(2022, 12, 21)  # a Wednesday: 7 working days end on Thursday 2022-12-29


def _working(reg) -> None:
    reg.save_campaign(reg.campaign(YEAR).with_changes(publicity_day_unit=WORKING_DAYS))


def test_working_days_are_counted_monday_to_friday_both_ends():
    assert working_days(WED, date(2022, 12, 29)) == 7
    assert working_days(date(2022, 12, 24), date(2022, 12, 25)) == 0  # a weekend
    assert working_days(WED, WED) == 1


def test_the_years_unit_sets_the_end_the_start_gives(reg):
    c = reg.campaign(YEAR)
    assert c.publicity_day_unit == CALENDAR_DAYS and period_end(c, WED) == date(2022, 12, 27)
    c = c.with_changes(publicity_day_unit=WORKING_DAYS)
    assert period_end(c, WED) == date(2022, 12, 29)
    assert period_end(c, date(2022, 12, 24)) == date(2023, 1, 3)  # a Saturday: from Monday
    assert c.publicity_length == "7 个工作日"


def test_a_working_day_period_is_started_listed_and_a_short_one_refused(reg):
    two_adopted(reg)
    _working(reg)
    with pytest.raises(PanelError, match=r"仅 5 个工作日（法定节假日和调休未计入，请按当年安排核对），"
                                         r"短于本办设定的公示期（7 个工作日，按周一至周五计"):
        pub.start_publicity(reg, YEAR, WED, date(2022, 12, 27))
    p = pub.start_publicity(reg, YEAR, WED)
    assert p.end == date(2022, 12, 29)
    assert publicity_list(reg, YEAR).period_line == (
        "公示期：2022年12月21日至2022年12月29日（共 7 个工作日）")


def test_campaign_set_and_show_the_unit(reg, capsys):
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    capsys.readouterr()
    assert main(["campaign", "set", *db, "publicity_day_unit=工作日"]) == 0
    assert "公示期：7 天（方案未定，本办自定；按日历日计，首尾两日都算） → 7 个工作日（方案未定，本办自定；" \
           "按周一至周五计" in capsys.readouterr().out
    assert main(["campaign", "set", *db, "publicity_day_unit=周"]) == 1
    assert "应为“自然日”或“工作日”" in capsys.readouterr().err


def _publicity_screen(reg, tmp_path, qtbot):
    screen = PublicityScreen(year_context(reg, tmp_path, YEAR, "刘建国"))
    qtbot.addWidget(screen)
    screen.resize(1200, 700)
    screen.show()
    return screen


def _retype(qtbot, field, text: str) -> None:
    field.setFocus()
    field.selectAll()
    type_text(qtbot, text, field)


def test_the_start_dialog_fills_the_end_from_the_plan_and_takes_the_one_typed(reg, tmp_path, qtbot):
    two_adopted(reg)
    _working(reg)
    screen = _publicity_screen(reg, tmp_path, qtbot)
    seen: dict[str, str] = {}

    def fill(dialog) -> None:
        _retype(qtbot, dialog.start_field, "2022-12-21")
        seen["filled"] = dialog.end_field.text()
        seen["span"] = dialog.span.text()
        _retype(qtbot, dialog.end_field, "2022-12-30")  # the notice's own end: a day later
        _retype(qtbot, dialog.start_field, "2022-12-21")  # the start again: the end stays
        seen["typed"] = dialog.end_field.text()
        seen["span typed"] = dialog.span.text()

    _answer(qtbot, screen, fill)
    screen.ask_start()
    assert seen["filled"] == "2022-12-29"
    assert seen["span"].startswith("共 9 天，其中 7 个工作日（按周一至周五计，法定节假日和调休未计入")
    assert seen["typed"] == "2022-12-30" and seen["span typed"].startswith("共 10 天，其中 8 个工作日")
    p = pub.period(reg, YEAR)
    assert (p.start, p.end) == (WED, date(2022, 12, 30))
    assert publicity_list(reg, YEAR).period_line.endswith("（共 8 个工作日）")


def test_settings_saves_the_unit(window, reg, qtbot):
    screen = window.screen_named("设置")
    screen.publicity_unit.setFocus()
    qtbot.keyClick(screen.publicity_unit, Qt.Key.Key_Down)  # 自然日 → 工作日
    assert screen.publicity_days.suffix() == " 个工作日"
    assert screen.save_campaign()
    assert reg.campaign(YEAR).publicity_day_unit == WORKING_DAYS
