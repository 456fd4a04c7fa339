"""Sorting 80,000 patents by a column sorted for the first time (第一发明人, 专利名称, 推荐单位,
所在单位, 授权公告日, 收件日期) froze the window 0.34–0.74 s: the order (SQL, pinyin keys)
was made on the UI thread. A large list's order is made in a thread now, the list keeping
its earlier order meanwhile; then shown, as SQL sorts it."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import Qt
from test_ui_support import shown_screen

from boostdesk.models import PatentApplication
from boostdesk.ui import queries, register_model, search_keys
from boostdesk.ui.queries import Filters
from boostdesk.ui.register_screen import PatentScreen

NAMES = ("张伟", "李娜", "王芳", "阿依古丽·买买提", "赵磊", "")


def _papers(reg) -> None:
    for i, name in enumerate(NAMES):
        reg.save_patent(PatentApplication(
            2022, title=f"测试方法{5 - i}", inventor_name=name or None,
            grant_date=date(2021, 5, 11 - i) if i % 2 else None))


def _large(qtbot, monkeypatch, reg, tmp_path) -> PatentScreen:
    """The list, its campaign counted as large (six papers), its memory read."""
    _papers(reg)
    monkeypatch.setattr(register_model, "APART_FROM", 1, raising=False)
    screen = shown_screen(qtbot, PatentScreen, reg, tmp_path, 2022)
    qtbot.waitUntil(lambda: screen.model._reading is None, timeout=20_000)
    screen.run_search()
    assert screen.model.searcher.token is not None
    return screen


def _click(screen: PatentScreen, key: str, order=Qt.SortOrder.AscendingOrder) -> None:
    column = [c.key for c in screen.spec.columns].index(key)
    screen.table.horizontalHeader().setSortIndicator(column, order)


def test_a_large_list_is_sorted_by_inventor_off_the_ui_thread(qtbot, reg, tmp_path, monkeypatch):
    screen = _large(qtbot, monkeypatch, reg, tmp_path)
    model = screen.model
    made: list[threading.Thread] = []
    real = search_keys.pinyin_order

    def pinyin_order(*args, **kwargs):
        made.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(search_keys, "pinyin_order", pinyin_order)
    before = model.ids
    _click(screen, "person")
    assert model.ids == before  # the list as it was while the order is made
    qtbot.waitUntil(lambda: not model.sorting, timeout=20_000)
    assert made and threading.main_thread() not in made
    assert model.sort_key == "person"
    assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters(), "person")
    _click(screen, "person", Qt.SortOrder.DescendingOrder)  # turned round: at once
    assert not model.sorting
    assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters(), "person", True)
    assert len(made) == 1


def test_a_large_list_is_sorted_by_grant_date_off_the_ui_thread(qtbot, reg, tmp_path,
                                                                monkeypatch):
    screen = _large(qtbot, monkeypatch, reg, tmp_path)
    model = screen.model
    on_ui: list[str] = []
    real = queries.search_ids

    def search_ids(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            on_ui.append(args[4] if len(args) > 4 else kwargs.get("sort_key", "id"))
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "search_ids", search_ids)
    _click(screen, "grant_date", Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not model.sorting, timeout=20_000)
    monkeypatch.setattr(queries, "search_ids", real)
    assert on_ui == []
    assert model.ids == real(reg, screen.spec, 2022, Filters(), "grant_date", True)


def test_a_save_while_the_order_is_made_is_in_the_list_sorted(qtbot, reg, tmp_path, monkeypatch):
    screen = _large(qtbot, monkeypatch, reg, tmp_path)
    model = screen.model
    _click(screen, "title")
    reg.save_patent(PatentApplication(2022, title="啊新录入的", inventor_name="李四"))
    qtbot.waitUntil(lambda: not model.sorting, timeout=20_000)
    screen.run_search()
    assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters(), "title")
    assert len(model.ids) == len(NAMES) + 1


def test_the_last_header_clicked_is_the_order_shown(qtbot, reg, tmp_path, monkeypatch):
    screen = _large(qtbot, monkeypatch, reg, tmp_path)
    model = screen.model
    _click(screen, "title")
    _click(screen, "unit")
    _click(screen, "enterprise", Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: not model.sorting, timeout=20_000)
    qtbot.wait(200)  # the earlier clicks' threads end too: their orders not shown
    assert (model.sort_key, model.descending) == ("enterprise", True)
    assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters(), "enterprise", True)
