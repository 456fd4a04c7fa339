"""单位与人员 → 人员 searched from keys kept in memory: a keystroke reads no person again
(its ``LIKE`` over 76,000 people held each pause in typing ≈ 0.45 s), finds what the SQL
finds, and a person a search chose while typing is not read for 删除个人信息 (≈ 0.2 s of
scans) until the list takes the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_people_scale import fill
from test_ui_support import answers, ctx, qsettings, type_text, window

from boostdesk import erase_person
from boostdesk.ui.people_screen import PeopleModel
from boostdesk.ui.queries import search_terms

__all__ = ["answers", "ctx", "qsettings", "window"]


def _people_screen(window, qtbot):
    window.activateWindow()  # the keyboard in the window (its search box)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(2)  # 人员
    screen.focus_search()  # Ctrl+F: its box
    qtbot.waitUntil(screen.search.hasFocus)
    return screen


def test_typing_a_search_reads_no_person_again(window, reg, qtbot):
    fill(reg)
    screen = _people_screen(window, qtbot)
    type_text(qtbot, "职工1", screen.search)
    screen._search_now()
    statements: list[str] = []
    reg.conn.set_trace_callback(statements.append)
    try:
        type_text(qtbot, "2", screen.search)
        screen._search_now()
        type_text(qtbot, " 企业", screen.search)
        screen._search_now()
    finally:
        reg.conn.set_trace_callback(None)
    assert not [s for s in statements if "people" in s], statements
    assert screen.people_count.text() == "111 人"  # 职工12, 职工120–129, 职工1200–1299


def test_the_keys_find_what_sql_finds(reg):
    with reg.transaction():
        reg.conn.execute("INSERT INTO units (name) VALUES ('北京市建设工会')")
        reg.conn.executemany(
            "INSERT INTO enterprises (name, unit_id) VALUES (?, 1)",
            [("北京（海淀）ABC科技有限公司",), ("50%_公司",)],
        )
        reg.conn.executemany(
            "INSERT INTO people (name, id_number, phone, enterprise_id) VALUES (?, ?, ?, ?)",
            [
                ("买买提·艾力", "11010519491231002X", "13800138000", 1),
                ("王伟", "110105194912310011", "010-83570885", 2),
                ("Zhang San", None, None, None),
                ("刘\x1e新", None, None, 1),
            ],
        )
    model = PeopleModel(reg)
    for text in (
        "买买提艾力",
        "002x",
        "002X",
        "(海淀)",
        "（海淀）",
        "abc",
        "ABC",
        "50%",
        "%",
        "_",
        "8357",
        "zhang",
        "SAN",
        "刘",
        "新",
        "公司 王",
        "1101",
        "无此人",
    ):
        terms = search_terms(text)
        assert model._found(terms) == model._found_in_sql(terms), text


def test_a_person_chosen_while_typing_is_read_for_erasure_in_the_list(
    window, reg, qtbot, monkeypatch
):
    fill(reg)
    asked: list[int] = []
    real = erase_person.quick_refusal
    monkeypatch.setattr(
        erase_person,
        "quick_refusal",
        lambda r, person, *a: asked.append(person) or real(r, person, *a),
    )
    screen = _people_screen(window, qtbot)
    type_text(qtbot, "职工12", screen.search)
    qtbot.waitUntil(lambda: screen.people_count.text() == "111 人")
    qtbot.wait(400)  # the search's and the erasure's waits both over
    assert asked == []  # nothing read while typing
    assert screen.erase_button.isEnabled()  # offered: its preview says why not
    qtbot.keyClick(screen.search, Qt.Key.Key_Down)  # ↓: the list
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert asked == [screen._current_person()]
    qtbot.waitUntil(screen.erase_button.isEnabled)  # (no papers: may be erased)


def test_a_keystroke_on_enterprises_folds_no_text_again(window, reg, qtbot, monkeypatch):
    """所在单位's texts are folded once a load, not every enterprise's at each keystroke."""
    from boostdesk.ui import people_screen

    fill(reg)
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(1)  # 所在单位
    folded: list[tuple] = []
    real = people_screen.search_key
    monkeypatch.setattr(people_screen, "search_key", lambda *a: folded.append(a) or real(*a))
    screen.enterprise_search.setText("企业1")
    assert screen.enterprises.rowCount() == 111  # 企业1, 企业10–19, 企业100–199
    folded.clear()
    screen.enterprise_search.setText("企业12")
    screen.enterprise_search.setText("企业1")  # Backspace
    assert folded == []
    assert screen.enterprises.rowCount() == 111


def test_opening_the_screen_orders_no_person_until_the_people_tab_is_shown(window, reg):
    """单位与人员 opens on 推荐单位: everyone in pinyin order (76,000 people ≈ 0.3 s of the first
    visit) waits for 人员."""
    fill(reg)
    statements: list[str] = []
    reg.conn.set_trace_callback(statements.append)
    try:
        screen = window.screen_named("单位与人员")
        screen.reload()
        screen.people.sort(3)  # (a header's sort waits too)
        screen.people.sort(0)
    finally:
        reg.conn.set_trace_callback(None)
    assert screen.tabs.currentIndex() == 0
    assert not [s for s in statements if "FROM people p LEFT JOIN" in s], statements
    screen.tabs.setCurrentIndex(2)
    assert screen.people_count.text() == "3000 人" and screen.people.rowCount() > 0
