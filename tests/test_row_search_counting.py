"""A search typed into 拨付, 专家评审 or 公示 before their rows are folded in the background
(``row_search.SearchRowsModel``) shows the first rows found at once and appends the others
as it looks on (``counting`` until ``counted``): once done, the list, 拨付's totals and the
chosen rows are those a search typed after the folding gives."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTableView
from test_finance_screen import ctx, screen  # noqa: F401 - the fixtures
from test_payments_totals_by_bucket import listed_summary
from test_row_search_folding import _extra, _found_before, _refs, _rows, _shown

from boostdesk.models.search_text import search_key
from boostdesk.ui.empty_hint import EmptyHint
from boostdesk.ui.keep_selection import KeepSelection, current_id, select_ids, selected_ids
from boostdesk.ui.row_search import SearchRowsModel

HEADERS = ("a", "b", "c", "d")


@pytest.fixture
def first_rows_only(monkeypatch):
    """A search's first answer is the first FIRST_ROWS rows looked at, however fast the
    machine (no time left after them), and a background slice one chunk."""
    monkeypatch.setattr(SearchRowsModel, "FIRST_S", 0.0)
    monkeypatch.setattr(SearchRowsModel, "FOLD_SLICE_S", 0.0)


class Seen:
    """The model's resets, rows appended and ``counted`` signals, in order."""

    def __init__(self, model: SearchRowsModel) -> None:
        self.events: list[object] = []
        model.modelReset.connect(lambda: self.events.append("reset"))
        model.rowsInserted.connect(lambda _p, a, b: self.events.append(b - a + 1))
        model.counted.connect(lambda: self.events.append("counted"))


def _loaded(n: int, sort: tuple[int, Qt.SortOrder] | None = None) -> SearchRowsModel:
    model = SearchRowsModel(HEADERS, extra=_extra, refs=_refs, sorted_on_load=False)
    if sort is not None:
        model.sort(*sort)
    model.set_rows(_rows(n))
    return model


def _count_on(model: SearchRowsModel) -> None:
    """The background slices until the search has looked at every row."""
    while model.counting:
        model._fold_some()


@pytest.mark.parametrize("text", ["王", "张 北京", "项目6 北京", "专利3", "没有"])
@pytest.mark.parametrize("sort", [None, (2, Qt.SortOrder.DescendingOrder)])
def test_a_search_typed_before_the_folding_shows_its_first_rows_then_every_one(
        qapp, first_rows_only, text, sort):
    rows = _rows(4 * SearchRowsModel.FIRST_ROWS)
    model = _loaded(len(rows), sort)
    seen = Seen(model)
    model.set_search(text)  # at once after the load: nothing folded yet
    want = _found_before(rows, text, sort)
    assert model.counting and not model.folded
    first = _shown(model)
    assert first == want[:len(first)]  # the top of the list, in the order shown
    _count_on(model)
    assert _shown(model) == want
    assert model.folded and not model.counting
    appended = [e for e in seen.events if isinstance(e, int)]
    assert seen.events == ["reset", *appended, "counted"]  # appended, never reset again
    assert sum(appended) == len(want) - len(first)
    model.set_search("")  # the words' mask kept: typed again, found at once
    model.set_search(text)
    assert _shown(model) == want and not model.counting


def test_a_screenful_found_is_shown_without_looking_further(qapp, monkeypatch):
    monkeypatch.setattr(SearchRowsModel, "FIRST_S", 3600.0)  # time is no limit here
    rows = _rows(4 * SearchRowsModel.FIRST_ROWS)
    model = _loaded(len(rows))
    model.set_search("王")
    assert model.counting
    assert SearchRowsModel.SCREENFUL <= model.rowCount() < len(_found_before(rows, "王", None))
    model.set_search("没有")  # nothing found: looks on until the time is up (here: all)
    assert not model.counting and model.rowCount() == 0


def test_a_search_on_a_short_list_is_done_at_once(qapp, first_rows_only):
    rows = _rows(SearchRowsModel.FIRST_ROWS)
    model = _loaded(len(rows))
    model.set_search("王")
    assert not model.counting and model.folded
    assert _shown(model) == _found_before(rows, "王", None)


def test_typing_on_while_counting_counts_the_new_search(qapp, first_rows_only):
    rows = _rows(4 * SearchRowsModel.FIRST_ROWS)
    model = _loaded(len(rows))
    model.set_search("王")
    model._fold_some()
    model.set_search("王 北京")
    assert model.counting
    _count_on(model)
    assert _shown(model) == _found_before(rows, "王 北京", None)
    model.set_rows(rows[:-1])  # a reload while searching: counted again, on the new rows
    assert model.counting
    model.set_search("")  # Esc: every row, nothing left to count
    assert not model.counting and _shown(model) == [r.id for r in rows[:-1]]
    while not model.folded:
        model._fold_some()


def test_a_header_click_while_counting_sorts_every_row_found(qapp, first_rows_only):
    rows = _rows(4 * SearchRowsModel.FIRST_ROWS)
    model = _loaded(len(rows))
    model.set_search("王")
    assert model.counting
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert not model.counting
    assert _shown(model) == _found_before(rows, "王", (1, Qt.SortOrder.DescendingOrder))


def _view(model: SearchRowsModel, qtbot, *, first: bool = False) -> QTableView:
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
    KeepSelection(view, model, first=first)
    view.resize(500, 300)
    view.show()
    return view


def _chosen_after_search(qtbot, ids: list[int], text: str, *, folded: bool, first: bool = False
                         ) -> tuple[SearchRowsModel, QTableView]:
    """A list of 8,000 rows with ``ids`` chosen (the last current), then ``text`` searched
    at once after a load, or once every row is folded."""
    model = _loaded(4 * SearchRowsModel.FIRST_ROWS)
    view = _view(model, qtbot, first=first)
    if ids:
        select_ids(view, ids, ids[-1])
    if folded:
        while not model.folded:
            model._fold_some()
    model.set_search(text)
    return model, view


def test_the_chosen_rows_found_later_are_chosen_again_as_now(qapp, qtbot, first_rows_only):
    rows = _rows(4 * SearchRowsModel.FIRST_ROWS)
    found = _found_before(rows, "王", None)
    chosen = [found[3], found[-2], found[-1]]  # two far down the list, the last current
    model, view = _chosen_after_search(qtbot, chosen, "王", folded=False)
    assert model.counting
    assert selected_ids(view) == [found[3]]  # the others not found yet
    _count_on(model)
    now_model, now_view = _chosen_after_search(qtbot, chosen, "王", folded=True)
    assert not now_model.counting
    assert selected_ids(view) == selected_ids(now_view) == chosen
    assert current_id(view) == current_id(now_view) == found[-1]
    index = view.currentIndex()  # scrolled to, as the search typed after the folding does
    assert view.viewport().rect().intersects(view.visualRect(index))


def test_a_row_chosen_while_counting_stays_chosen(qapp, qtbot, first_rows_only):
    rows = _rows(4 * SearchRowsModel.FIRST_ROWS)
    found = _found_before(rows, "王", None)
    model, view = _chosen_after_search(qtbot, [found[-1]], "王", folded=False)
    assert model.counting and selected_ids(view) == []
    view.selectRow(1)  # the clerk picks a row meanwhile
    _count_on(model)
    assert selected_ids(view) == [found[1]] and current_id(view) == found[1]


@pytest.mark.parametrize("text", ["王", "项目7999"])
def test_a_list_choosing_its_first_row_chooses_it_once_found(qapp, qtbot, first_rows_only,
                                                             text):
    # 项目7999: the first answer (the first 2,000 rows) finds none; 王: the chosen row later
    rows = _rows(4 * SearchRowsModel.FIRST_ROWS)
    chosen = [_found_before(rows, text, None)[-1]]
    for was in ([], chosen):
        model, view = _chosen_after_search(qtbot, was, text, folded=False, first=True)
        assert model.counting
        _count_on(model)
        now_model, now_view = _chosen_after_search(qtbot, was, text, folded=True, first=True)
        assert selected_ids(view) == selected_ids(now_view)
        assert current_id(view) == current_id(now_view) is not None


def test_payments_totals_follow_a_search_still_counting(screen, qtbot, monkeypatch):  # noqa: F811
    # the sample's few lines counted one a slice, the first answer one line
    for name, value in (("FIRST_ROWS", 1), ("SCREENFUL", 1), ("FOLD_ROWS", 1),
                        ("FIRST_S", 0.0), ("FOLD_SLICE_S", 0.0)):
        monkeypatch.setattr(SearchRowsModel, name, value)
    screen._show()  # a reload: nothing folded
    model = screen.model
    screen.search.box.setText("工")
    screen.search.flush()
    assert model.counting
    assert screen.search.count.text() == f"{model.rowCount()} 笔款项（还在查找…）"
    assert screen.summary.text().startswith("还在查找，已找到的款项：")
    qtbot.waitUntil(lambda: not model.counting)
    lines = [screen.by_id[r.id] for r in model.rows]
    assert len(lines) > 1
    assert screen.summary.text() == listed_summary(lines, screen.today)
    assert screen.search.count.text() == f"{len(lines)} 笔款项"
    rows = [screen.line_rows[x.id] for x in screen.shown]
    assert [x.id for x in lines] == [  # each line's whole text folded, as before the masks
        r.id for r in rows if "工" in search_key(" ".join((*r.cells, screen._found_by(r))))]


def test_a_search_finding_nothing_yet_says_it_is_still_looking(screen, qtbot, monkeypatch):  # noqa: F811
    for name, value in (("FIRST_ROWS", 1), ("FOLD_ROWS", 1), ("FIRST_S", 0.0),
                        ("FOLD_SLICE_S", 0.0)):
        monkeypatch.setattr(SearchRowsModel, name, value)
    screen._show()
    screen.search.box.setText("没有这样的款项")
    screen.search.flush()
    hint = screen.table.viewport().findChild(EmptyHint, "empty_hint")
    assert screen.model.counting and hint.isVisible()
    assert hint.text() == "正在查找“没有这样的款项”…"
    qtbot.waitUntil(lambda: not screen.model.counting)
    assert hint.isVisible() and hint.text().startswith("没有找到“没有这样的款项”")
    assert screen.search.count.text() == "0 笔款项"


def test_a_decision_down_a_list_still_counting_goes_on_to_the_project_in_its_place(
        reg, tmp_path, qtbot, monkeypatch):
    """资格审核 searched, down to its fifth project, 通过: the list reloads (counted again, its
    first answer one row) and the cursor is on the project that took its place."""
    from test_ui_support import year_context

    from boostdesk.ui.panel_screen import PanelScreen
    from tests.test_panel_support import CITY, YEAR, make_project

    for k in range(8):
        make_project(reg, f"焊缝检测项目{k}", f"第{k}工作室", CITY)
    panel = PanelScreen(year_context(reg, tmp_path, YEAR, "刘建国"))
    qtbot.addWidget(panel)
    panel.resize(1300, 700)
    panel.show()
    tab = panel.show_tab("资格审核")
    panel.refresh()
    panel.search.box.setText("焊缝")
    panel.search.flush()
    for name, value in (("FIRST_ROWS", 1), ("SCREENFUL", 1), ("FOLD_ROWS", 1),
                        ("FIRST_S", 0.0)):
        monkeypatch.setattr(SearchRowsModel, name, value)
    titles = [tab.model.text(r, 1) for r in range(tab.model.rowCount())]
    assert len(titles) == 8
    # chosen as a click does, whatever modifier keys an earlier test's events left behind
    # (selectRow reads them: a Shift left "pressed" chose rows 0–4, and decide asked to
    # choose one row only, in a box no one answers)
    flags = QItemSelectionModel.SelectionFlag
    tab.table.selectionModel().setCurrentIndex(tab.model.index(4, 0),
                                               flags.ClearAndSelect | flags.Rows)
    tab.decide(True)
    assert tab.model.rowCount() == 7 and not tab.model.counting  # looked on to it
    assert tab.current().project.title == titles[5]
    assert current_id(tab.table) == tab.current().project.id


def test_ctrl_a_ctrl_c_while_counting_copies_every_row_the_search_finds(
        qapp, qtbot, first_rows_only):
    """Ctrl+A then Ctrl+C on a search still looking copied only the rows found so far."""
    from PySide6.QtGui import QGuiApplication

    from boostdesk.ui.copy_rows import copyable

    rows = _rows(4 * SearchRowsModel.FIRST_ROWS)
    found = _found_before(rows, "王", None)
    model, view = _chosen_after_search(qtbot, [], "王", folded=False)
    assert model.counting and model.rowCount() < len(found)
    said: list[str] = []
    copier = copyable(view, said.append)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert copier.copy() == len(found) and not model.counting
    assert QGuiApplication.clipboard().text().count("\n") + 1 == len(found)
