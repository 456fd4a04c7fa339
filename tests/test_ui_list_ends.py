"""Ctrl+Shift+End / Ctrl+Shift+Home in a list, as in Excel and Explorer: the selection runs
from the row it started on to the last / first row. Qt moved the cursor there and left the
highlight where it was, so Ctrl+C and Ctrl+M took rows other than those the clerk saw the
cursor sweep. A list fetching its rows on demand (专利助推, 人员) goes to the last row of the
search, not of the rows fetched so far, without reading every row's data."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_register import many_patents
from test_ui_support import answers, ctx, focused, press, qsettings, to_people_tab, window

from boostdesk.ui.many_rows import selected_count
from boostdesk.ui.register_model import ApplicationModel

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = CTRL | SHIFT
PEOPLE = 100_000


def _rows(view) -> list[int]:
    return sorted({i.row() for i in view.selectionModel().selectedRows()})


def _click(qtbot, view, row: int) -> None:
    """A click on ``row``, as the clerk does: the selection starts there."""
    view.scrollTo(view.model().index(row, 0))
    where = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert view.currentIndex().row() == row and _rows(view) == [row]


def _screen(qtbot, window, number: int):
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    press(qtbot, getattr(Qt.Key, f"Key_{number}"), CTRL)
    return window.current_screen()


def test_ctrl_shift_end_and_home_select_to_the_ends_of_a_list(window, qtbot, reg):
    """推荐单位: a click on the second union, Shift+↓, Ctrl+Shift+End: from the second to
    the last; Ctrl+Shift+Home: from the second to the first. Ctrl+End alone moves the
    cursor and selects that row only, as ↓ does."""
    from boostdesk.models.records import PatentApplication

    for i, union in enumerate(("东城区总工会", "西城区总工会", "朝阳区总工会", "海淀区总工会",
                               "丰台区总工会", "石景山区总工会")):
        reg.save_patent(PatentApplication(2022, title=f"专利{i}", unit_name=union))
    screen = _screen(qtbot, window, 4)
    view = screen.unit_view
    qtbot.waitUntil(lambda: screen.units.rowCount() == 6)
    _click(qtbot, view, 1)
    press(qtbot, Qt.Key.Key_Down, SHIFT, widget=view)
    assert _rows(view) == [1, 2]
    press(qtbot, Qt.Key.Key_End, CTRL_SHIFT, widget=view)
    assert view.currentIndex().row() == 5
    assert _rows(view) == [1, 2, 3, 4, 5]  # from where the selection started
    press(qtbot, Qt.Key.Key_Home, CTRL_SHIFT, widget=view)
    assert view.currentIndex().row() == 0 and _rows(view) == [0, 1]
    press(qtbot, Qt.Key.Key_End, CTRL, widget=view)
    assert view.currentIndex().row() == 5


def test_ctrl_shift_end_on_the_register_selects_to_the_last_patent_found(window, qtbot, reg):
    """专利助推 fetches 200 rows at a time: Ctrl+Shift+End went (at best) to the 200th."""
    many_patents(reg, 450)
    screen = _screen(qtbot, window, 1)
    screen.reload()
    model, view = screen.model, screen.table
    qtbot.waitUntil(lambda: model.total == 450)
    assert model.rowCount() == ApplicationModel.FETCH_CHUNK
    view.setFocus()
    _click(qtbot, view, 3)
    column, sideways = view.currentIndex().column(), view.horizontalScrollBar().value()
    press(qtbot, Qt.Key.Key_End, CTRL_SHIFT, widget=view)
    assert view.currentIndex().row() == 449
    # in the column it was (Qt's went to the last cell, the titles scrolled out of view)
    assert view.currentIndex().column() == column
    assert view.horizontalScrollBar().value() == sideways
    assert _rows(view) == list(range(3, 450)) and selected_count(view) == 447
    # the rows between were put in the view, not read: a few blocks of the rows shown
    assert len(model._cache) <= 4 * ApplicationModel.BLOCK, len(model._cache)
    press(qtbot, Qt.Key.Key_Home, CTRL_SHIFT, widget=view)
    assert view.currentIndex().row() == 0 and _rows(view) == [0, 1, 2, 3]


def _people(reg, n: int) -> None:
    with reg.transaction():
        reg.conn.execute("INSERT INTO units (name) VALUES ('北京市建设工会')")
        reg.conn.execute("INSERT INTO enterprises (name, unit_id) VALUES ('企业甲', 1)")
        reg.conn.executemany(
            "INSERT INTO people (name, id_number, enterprise_id) VALUES (?, ?, 1)",
            [(f"职工{i:06d}", f"ID{i:06d}", ) for i in range(n)])


def test_ctrl_shift_end_over_100000_people_selects_them_without_reading_them(
        window, qtbot, reg):
    """人员 at 100,000 people: Ctrl+Shift+End from the third selects to the last person;
    the model knows how many it found and reads only the rows shown."""
    _people(reg, PEOPLE)
    screen = _screen(qtbot, window, 4)
    screen.reload()
    to_people_tab(qtbot, screen)
    model, view = screen.people, screen.people_view
    assert len(model.ids) == PEOPLE and model.rowCount() < PEOPLE
    view.setFocus()
    qtbot.waitUntil(lambda: focused() is view)
    _click(qtbot, view, 2)
    press(qtbot, Qt.Key.Key_End, CTRL_SHIFT, widget=view)
    assert view.currentIndex().row() == PEOPLE - 1 and model.rowCount() == PEOPLE
    assert selected_count(view) == PEOPLE - 2
    assert not view.selectionModel().isRowSelected(1)
    assert view.selectionModel().isRowSelected(PEOPLE - 1)
    assert len(model.cache) <= 400, len(model.cache)  # the last screenful's blocks only
    press(qtbot, Qt.Key.Key_Home, CTRL_SHIFT, widget=view)
    assert view.currentIndex().row() == 0 and selected_count(view) == 3


def test_ctrl_shift_end_while_a_search_is_still_counting_selects_every_row_it_finds(
        qapp, qtbot, monkeypatch):
    """拨付, 公示, 专家评审: a search typed before the rows were folded shows its first rows
    and counts on; Ctrl+Shift+End went to the last row found so far. It finishes the
    search first, as Ctrl+C does, and selects to the last row it finds."""
    from test_row_search_folding import _extra, _found_before, _refs
    from test_row_search_folding import _rows as _made

    from boostdesk.ui.many_rows import ListView, select_many
    from boostdesk.ui.row_search import SearchRowsModel

    monkeypatch.setattr(SearchRowsModel, "FIRST_S", 0.0)  # the first rows only, then counting
    monkeypatch.setattr(SearchRowsModel, "FOLD_SLICE_S", 0.0)
    rows = _made(4 * SearchRowsModel.FIRST_ROWS)
    model = SearchRowsModel(("a", "b", "c", "d"), extra=_extra, refs=_refs,
                            sorted_on_load=False)
    model.set_rows(rows)
    view = ListView()
    qtbot.addWidget(view)
    view.setModel(model)
    select_many(view)
    view.show()
    model.set_search("王")  # at once after the load: nothing folded yet
    found = len(_found_before(rows, "王", None))
    assert model.counting and model.rowCount() < found
    view.setFocus()
    _click(qtbot, view, 1)
    press(qtbot, Qt.Key.Key_End, CTRL_SHIFT, widget=view)
    assert not model.counting and model.rowCount() == found
    assert view.currentIndex().row() == found - 1
    assert _rows(view) == list(range(1, found))
