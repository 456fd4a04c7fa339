"""A search looks in the year in view only (tester s38, the phone clerk's C8, C15): on 2022,
杜欣怡 (paid in 2021) gave 找到 0 条 and nothing else, and the clerk would have told her the
office had nothing. Once the search settles, the other years are counted for it: the list
says which hold matches — in its middle when it is empty, under it otherwise — and F3 goes
to the nearest of them with the search kept."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, focused, press, qsettings, type_text, window

from boostdesk.models import Register
from boostdesk.models.campaign import plan_2022
from boostdesk.models.records import PatentApplication
from boostdesk.ui import queries
from boostdesk.ui.other_years import nearest, said
from boostdesk.ui.queries import PATENT_SPEC, Filters

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def _patent(reg: Register, year: int, name: str, number: str, unit: str = "海淀区总工会") -> int:
    return reg.save_patent(PatentApplication(
        year, title="一种焊缝缺陷的检测方法", patent_number_raw=number,
        grant_date=date(year - 1, 9, 1), inventor_name=name, unit_name=unit,
        enterprise_name="北京中科智测科技有限公司"))


@pytest.fixture
def years(reg):
    """杜欣怡 in 2021 only; 王伟 in 2021, 2022 and 2019."""
    for year in (2019, 2021):
        reg.save_campaign(plan_2022().for_year(year))
    return {
        "du": _patent(reg, 2021, "杜欣怡", "ZL202010111111.1"),
        "wang_2021": _patent(reg, 2021, "王伟", "ZL202010222222.2", "公交集团工会"),
        "wang_2022": _patent(reg, 2022, "王伟", "ZL202110333333.3"),
        "wang_2019": _patent(reg, 2019, "王伟", "ZL201810444444.4"),
        "liu_2022": _patent(reg, 2022, "刘建国", "ZL202110555555.5"),
    }


def test_the_other_years_are_counted_for_the_same_search(reg, years):
    count = lambda text, **f: queries.other_years(reg.conn, PATENT_SPEC, 2022,  # noqa: E731
                                                  Filters(text, **f))
    assert count("杜欣怡") == {2021: 1}
    assert list(count("王伟")) == [2021, 2019]  # newest first
    unit = reg.scalar("SELECT id FROM units WHERE name = '海淀区总工会'")
    assert count("王伟", unit_id=unit) == {2019: 1}  # the filters too
    assert count(f"专利{years['du']}") == {2021: 1}  # a 登记号 typed: whichever its year
    assert count("刘建国") == {}


def test_the_line_names_the_years_and_the_key():
    assert said(2022, {2021: 2}) == ("2021 年度有 2 条符合（按 F3 转到 2021 年度，搜索内容不变；"
                                     "或 Alt+Y 选择年度）")
    assert said(2022, {2023: 1, 2021: 1, 2019: 4}).startswith(
        "其他年度也有符合的：2023 年度 1 条、2021 年度 1 条、2019 年度 4 条（按 F3 转到 2023 年度")
    assert nearest(2022, {2019: 1, 2020: 5}) == 2020
    assert said(2022, {}) == ""


def _to_list(qtbot, window, ctx, year: int):
    ctx.set_year(year)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_1, CTRL)
    screen = window.current_screen()
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is screen.search
    return screen


def test_a_search_finding_nothing_here_says_the_year_that_has_it_and_f3_goes_there(
        years, window, qtbot, reg, ctx):
    screen = _to_list(qtbot, window, ctx, 2022)
    type_text(qtbot, "杜欣怡")
    qtbot.waitUntil(lambda: screen.model.ids == [] and screen.count.text().startswith("找到 0"))
    qtbot.waitUntil(lambda: "2021 年度有 1 条符合" in screen.empty_hint.text(), timeout=10_000)
    assert screen.empty_hint.text().startswith("没有符合条件的申报")
    assert "按 F3 转到 2021 年度" in screen.empty_hint.text()
    assert not screen.years_line.isVisible()  # said once, in the empty list
    press(qtbot, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: screen.model.ids == [years["du"]])
    assert ctx.year == 2021 and screen.search.text() == "杜欣怡"
    assert window.year_box.currentData() == 2021


def test_a_search_finding_some_here_says_the_other_years_under_the_list(
        years, window, qtbot, reg, ctx):
    screen = _to_list(qtbot, window, ctx, 2022)
    type_text(qtbot, "王伟")
    qtbot.waitUntil(lambda: screen.model.ids == [years["wang_2022"]])
    qtbot.waitUntil(lambda: screen.years_line.isVisible(), timeout=10_000)
    assert screen.years_line.text().startswith(
        "其他年度也有符合的：2021 年度 1 条、2019 年度 1 条（按 F3 转到 2021 年度")
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_F3)  # from the list too
    qtbot.waitUntil(lambda: screen.model.ids == [years["wang_2021"]])
    assert ctx.year == 2021
    qtbot.waitUntil(lambda: "2022 年度 1 条" in screen.years_line.text(), timeout=10_000)


def test_a_changed_search_takes_the_line_away_until_counted_again(years, window, qtbot, reg, ctx):
    screen = _to_list(qtbot, window, ctx, 2022)
    type_text(qtbot, "王伟")
    qtbot.waitUntil(lambda: screen.years_line.isVisible(), timeout=10_000)
    for _ in range(2):
        press(qtbot, Qt.Key.Key_Backspace)
    type_text(qtbot, "刘建国")
    qtbot.waitUntil(lambda: screen.model.ids == [years["liu_2022"]])
    assert not screen.years_line.isVisible()
    screen.other_years.count()  # (its count now, not in a thread: no other year has him)
    qtbot.wait(50)
    assert not screen.years_line.isVisible() and screen.other_years.counts == {}
    press(qtbot, Qt.Key.Key_F3)
    assert ctx.year == 2022


def test_nothing_typed_nothing_counted(years, window, qtbot, reg, ctx):
    screen = _to_list(qtbot, window, ctx, 2022)
    screen.other_years.count()
    assert screen.other_years.counts == {} and screen.years_line.text() == ""


def test_a_count_ending_after_the_register_closed_is_dropped(qapp, tmp_path):
    """A search's count of other years ends in its thread after the window (or a test) has
    closed the register: announcing it read the closed register (“Cannot operate on a closed
    database” in the event loop, seen in CI's whole run)."""
    from PySide6.QtCore import QObject

    from boostdesk.ui.other_years import OtherYears

    reg = Register.open(tmp_path / "r.db", operator="测试员")
    owner = QObject()
    counter = OtherYears(owner, lambda: reg, PATENT_SPEC)
    counter.ask(2022, Filters(text="张三"))
    heard: list[bool] = []
    counter.changed.connect(lambda: heard.append(True))
    reg.close()
    counter._counted(counter.asked, {2021: 1})
    assert heard == [] and counter.counts == {}
