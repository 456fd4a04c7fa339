"""A caller on the telephone gives his numbers (tester s38, the phone clerk's calls C3, C4):
the last four of his ID, the whole ID, his mobile. 专利助推 found nothing by any of them
(找到 0 条), a project's contact phone was found nowhere, and only 单位与人员 → 人员 found the
person, with no way from there to his papers (Enter there corrects his name).

Now a patent paper is found by its inventor's whole ID, phone and union card, and by their
last 4–6 digits; a project by its contact phone. A run of digits is matched at a number's
end (4–6) or whole (longer): 1970 does not find everyone born in 1970. The list still
shows no number but masked. 人员's 查看申报 (Alt+S) opens the person's papers."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from test_ui_support import (
    answers,
    ctx,
    focused,
    press,
    qsettings,
    to_people_tab,
    type_text,
    window,
)

from boostdesk.models import Register
from boostdesk.models.campaign import DISTRICT, plan_2022
from boostdesk.models.records import PatentApplication, ProjectApplication
from boostdesk.models.search_text import number_term
from boostdesk.ui import queries
from boostdesk.ui.queries import PATENT_SPEC, PROJECT_SPEC, Filters
from boostdesk.ui.search_keys import Searcher, narrows

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
ID = "110101197011256132"
PHONE = "13954017834"
CARD = "6228480402564890018"
CONTACT = "15890632987"


def _patent(reg: Register, name: str, id_number: str, phone: str, card: str = "",
            year: int = 2022, number: str = "ZL202110123456.7", title: str = "一种焊缝缺陷的检测方法",
            ) -> int:
    return reg.save_patent(PatentApplication(
        year, title=title, patent_number_raw=number, grant_date=date(2021, 9, 1),
        inventor_name=name, id_number=id_number, phone=phone, card_number=card,
        unit_name="海淀区总工会", enterprise_name="北京中科智测科技有限公司"))


def _papers(reg: Register) -> tuple[int, int, int]:
    liu = _patent(reg, "刘䶮", ID, PHONE, CARD)
    # another with 6132 in its title, its landline ending 6132, born in 1970 too
    zhang = _patent(reg, "张伟", "110105197001010016", "010-83576132", number="ZL202110654321.3",
                    title="一种6132型管道检测方法")
    project = reg.save_project(ProjectApplication(
        campaign_year=2022, title="转炉炼钢终点碳温预测模型开发", studio_name="李红兵劳模创新工作室",
        studio_level=DISTRICT, leader="李红兵", unit_name="首钢集团工会",
        enterprise_name="首钢智能装备制造有限公司", approval_date=date(2022, 3, 5),
        startup_funds_paid=True, planned_completion=date(2023, 11, 30),
        total_budget_fen=30_000_000, requested_fen=10_000_000, contact_name="张丽",
        contact_phone=CONTACT, received_date=date(2022, 10, 20)))
    return liu, zhang, project


def _found(reg: Register, spec, text: str, year: int = 2022) -> list[int]:
    """The register view's search from memory, which must agree with SQL's."""
    filters = Filters(text=text)
    memory = Searcher(reg, spec).search_ids(year, filters)
    assert memory == queries.search_ids(reg, spec, year, filters), text
    return memory


@pytest.mark.parametrize("typed", [ID, ID[-4:], ID[-5:], ID[-6:], PHONE, PHONE[-4:], CARD,
                                   CARD[-4:], "刘 6132", f"{ID[:6]}-{ID[6:14]}-{ID[14:]}"])
def test_a_patent_is_found_by_its_inventor_s_numbers(reg, typed):
    liu, zhang, _project = _papers(reg)
    expected = [liu, zhang] if typed == "6132" else [liu]  # 张伟: 6132 in the title, the phone's end
    assert _found(reg, PATENT_SPEC, typed) == expected


@pytest.mark.parametrize("typed", ["1970", "19701125", "0112561", ID[:-1], ID[1:], PHONE[:-1],
                                   "1395401"])
def test_digits_inside_a_number_find_nothing(reg, typed):
    """Neither a birth year nor any run inside a number: only its end (4–6) or all of it."""
    _papers(reg)
    assert _found(reg, PATENT_SPEC, typed) == []


def test_a_landline_is_found_with_or_without_its_area_code(reg):
    _liu, zhang, _project = _papers(reg)
    for typed in ("010-83576132", "01083576132", "83576132", "6132 张"):
        assert _found(reg, PATENT_SPEC, typed) == [zhang], typed


def test_a_project_is_found_by_its_contact_phone(reg):
    _liu, _zhang, project = _papers(reg)
    for typed in (CONTACT, CONTACT[-4:], "158 9063 2987"):
        assert _found(reg, PROJECT_SPEC, typed) == [project], typed
    assert _found(reg, PROJECT_SPEC, CONTACT[:7]) == []


def test_an_id_s_check_x_is_typed_either_case(reg):
    paper = _patent(reg, "王芳", "11010519491231002X", "13800138000")
    for typed in ("11010519491231002x", "11010519491231002X", "002x", "1002X"):
        assert _found(reg, PATENT_SPEC, typed) == [paper], typed


def test_numbers_typed_on_a_paper_naming_no_inventor_find_it(reg):
    paper = reg.save_patent(PatentApplication(
        2022, title="一种无名的装置", patent_number_raw="ZL202110111111.1",
        grant_date=date(2021, 9, 1), inventor_name="", id_number=ID, phone=PHONE,
        unit_name="海淀区总工会", enterprise_name="北京中科智测科技有限公司"))
    assert _found(reg, PATENT_SPEC, ID[-4:]) == [paper]
    assert _found(reg, PATENT_SPEC, PHONE) == [paper]


def test_the_numbers_are_kept_beside_the_text_not_in_it(reg):
    """The search text holds no ID, phone or card (a patent number's digits are never
    found inside one, and a search of names reads no more than before): its numbers do."""
    liu, _zhang, project = _papers(reg)
    text, numbers = reg.conn.execute("SELECT search_text, search_numbers FROM"
                                     " patent_applications WHERE id = ?", (liu,)).fetchone()
    assert ID not in text and PHONE not in text and CARD not in text
    assert numbers == f"({ID})({PHONE})({CARD})"
    assert reg.scalar("SELECT search_numbers FROM project_applications WHERE id = ?",
                      (project,)) == f"({CONTACT})"


def test_typing_a_number_on_narrows_as_it_should():
    """The memory's shortcut (an earlier match looked in) holds for numbers: every number
    ending in 16132 ends in 6132, but a text holding 613 need not hold 6132's number."""
    assert narrows(["6132"], ["16132"])
    assert not narrows(["613"], ["6132"])
    assert not narrows(["6132"], ["61325"])
    assert narrows(["张"], ["张伟"])
    assert number_term("613") is None and number_term("刘") is None
    assert number_term("6132") == "6132)" and number_term(ID) == f"({ID})"


def test_the_numbers_follow_the_person(reg):
    """His phone changed by a later paper, his ID corrected on 人员: every paper of his is
    found by the numbers he has now, not by those he had."""
    reg.save_campaign(plan_2022().for_year(2021))
    old = _patent(reg, "刘䶮", ID, PHONE, year=2021, number="ZL202010123456.9")
    new = _patent(reg, "刘䶮", ID, "13911112222", number="ZL202110123456.7")
    assert _found(reg, PATENT_SPEC, "2222", 2021) == [old]
    assert _found(reg, PATENT_SPEC, PHONE[-4:], 2021) == []
    person = reg.patent(new).person_id
    right = "110101197011256116"
    shown = Searcher(reg, PATENT_SPEC)  # the view's memory, made before the correction
    assert shown.search_ids(2022, Filters(text=ID)) == [new]
    reg.correct_person_id(person, right, "身份证复印件为 …6116")
    assert shown.search_ids(2022, Filters(text=right)) == [new]  # the texts patched in
    assert shown.search_ids(2022, Filters(text=ID)) == []
    for year, paper in ((2021, old), (2022, new)):
        assert _found(reg, PATENT_SPEC, right, year) == [paper]
        assert _found(reg, PATENT_SPEC, ID, year) == []
        assert _found(reg, PATENT_SPEC, "6116", year) == [paper]


def test_an_imported_table_s_rows_are_found_by_their_numbers(reg):
    """A table's batch (insert_patents) writes the numbers too, and the earlier paper of a
    person whose phone the table changed."""
    before = _patent(reg, "刘䶮", ID, PHONE)
    [row] = reg.insert_patents([PatentApplication(
        2022, title="一种表格导入的装置", patent_number_raw="ZL202110222222.2",
        grant_date=date(2021, 9, 1), inventor_name="刘䶮", id_number=ID, phone="13911112222",
        card_number=CARD, unit_name="海淀区总工会", enterprise_name="北京中科智测科技有限公司")])
    assert _found(reg, PATENT_SPEC, "2222") == [before, row.id]
    assert _found(reg, PATENT_SPEC, CARD[-4:]) == [before, row.id]


def test_an_upgraded_register_s_papers_are_found_by_their_numbers(tmp_path):
    """Migration 28 gives the texts stored before their numbers."""
    from test_migrations import as_version

    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    liu, _zhang, project = _papers(reg)
    reg.close()
    conn = sqlite3.connect(path)
    with conn:
        as_version(conn, 27)  # (no search_numbers)
    conn.close()
    reg = Register.open(path, operator="测试员")
    try:
        assert _found(reg, PATENT_SPEC, ID[-4:]) == [liu, _zhang]
        assert _found(reg, PATENT_SPEC, PHONE) == [liu]
        assert _found(reg, PROJECT_SPEC, CONTACT) == [project]
    finally:
        reg.close()


def _shown_texts(screen) -> str:
    model = screen.model
    return " ".join(str(model.data(model.index(r, c)) or "") for r in range(model.rowCount())
                    for c in range(model.columnCount()))


def _search(qtbot, window, number: int, text: str):
    window.nav.setFocus()
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
    screen = window.current_screen()
    to_people_tab(qtbot, screen)
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is screen.search
    type_text(qtbot, text)
    return screen


@pytest.mark.parametrize("typed", [ID[-4:], ID, PHONE])
def test_the_clerk_finds_the_caller_by_his_numbers_on_the_list(window, qtbot, reg, ctx, typed):
    liu, zhang, _project = _papers(reg)
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    screen = _search(qtbot, window, 1, typed)
    wanted = [liu, zhang] if typed == "6132" else [liu]
    qtbot.waitUntil(lambda: screen.model.ids == wanted)
    assert screen.count.text().startswith(f"找到 {len(wanted)} 条")
    shown = _shown_texts(screen)
    assert ID not in shown and PHONE not in shown and CARD not in shown  # masked, as before


def test_the_project_is_found_by_its_contact_phone_on_the_list(window, qtbot, reg, ctx):
    _liu, _zhang, project = _papers(reg)
    ctx.set_year(2022)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    screen = _search(qtbot, window, 2, CONTACT)
    qtbot.waitUntil(lambda: screen.model.ids == [project])


def test_people_s_papers_are_one_key_away(window, qtbot, reg, ctx):
    """单位与人员 → 人员: the caller found by the end of his ID, Alt+S opens 专利助推 on his
    paper (of his latest year when the year in view holds none), found by his name and the
    end of his ID as the list shows it, the masked number only."""
    reg.save_campaign(plan_2022().for_year(2023))
    liu, _zhang, _project = _papers(reg)
    _patent(reg, "王伟", "110105198001010016", "13900001111", number="ZL202110333333.3")
    ctx.set_year(2023)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    people = _search(qtbot, window, 4, ID[-6:])
    qtbot.waitUntil(lambda: people.people.rowCount() == 1)
    press(qtbot, Qt.Key.Key_Down)  # into the list, 刘䶮 chosen
    assert people.people_view.hasFocus()
    hints = [w.text() for w in people.findChildren(QLabel) if w.isVisible()]
    assert any("Alt+S" in h and "查看" in h for h in hints)  # the screen's hint says the key
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # (the button shown down first)
    qtbot.waitUntil(lambda: window.current_screen().objectName() == "patent_screen")
    screen = window.current_screen()
    assert ctx.year == 2022 and screen.search.text() == "刘䶮 6132"
    assert screen.model.ids == [liu] and screen.current_id() == liu
    assert screen.table.hasFocus()


def test_the_numbers_are_read_by_the_first_search_of_digits_only(reg):
    """The view's opening read the numbers with the texts (≈ 50 ms of it at 100,000 papers)
    for the searches of digits few make: a search of text reads none; the first of digits
    reads them once, and a paper saved meanwhile is in them."""
    liu, zhang, _project = _papers(reg)
    searcher = Searcher(reg, PATENT_SPEC)
    sqls: list[str] = []
    reg.conn.set_trace_callback(sqls.append)
    try:
        assert searcher.search_ids(2022, Filters(text="焊缝")) == [liu]
        assert searcher.search_ids(2022, Filters(text="刘")) == [liu]
        read = [s for s in sqls if "search_numbers" in s]
        assert read == [], read
        wang = _patent(reg, "王芳", "110101198001010012", "13800000000")
        assert searcher.search_ids(2022, Filters(text=PHONE[-4:])) == [liu]
        assert searcher.search_ids(2022, Filters(text="13800000000")) == [wang]
        assert searcher.search_ids(2022, Filters(text="刘 6132")) == [liu]
        aggregate = [s for s in sqls if "group_concat(a.search_numbers" in s]
        assert len(aggregate) == 1, aggregate
    finally:
        reg.conn.set_trace_callback(None)
    assert zhang not in searcher.search_ids(2022, Filters(text=PHONE))


def test_numbers_not_in_step_with_the_keys_are_read_paper_by_paper(reg):
    """read_numbers trusts the campaign's numbers in id order only when their count and
    first and last ids are the keys'; else each paper's are looked up by its id."""
    from boostdesk.ui.search_keys import read_keys, read_numbers

    liu, zhang, _project = _papers(reg)
    cid = queries.campaign_id(reg, 2022)
    whole = read_keys(reg.conn, PATENT_SPEC, cid)
    numbers = read_numbers(reg.conn, PATENT_SPEC, whole)
    assert whole.numbers is numbers and len(numbers) == 2 and "(13954017834)" in numbers[0]
    part = read_keys(reg.conn, PATENT_SPEC, cid)
    part.ids, part.texts = [zhang], part.texts[1:]  # as if 刘䶮's paper were not in them
    assert read_numbers(reg.conn, PATENT_SPEC, part) == [numbers[1]]
