"""A large list opening (sorted by 状态, remembered from the day before) read its search
memory on the UI thread: ≈ 0.5–1.9 s frozen at 100,000 papers. It is read in a thread now,
SQL answering meanwhile with the same rows in the same order; once read, searches are
answered from it (unless the register changed meanwhile: the next search reads again)."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import Qt
from test_ui_support import shown_screen

from boostdesk.models import PatentApplication
from boostdesk.ui import queries, register_model, search_keys
from boostdesk.ui.queries import Filters
from boostdesk.ui.register_screen import PatentScreen

STATUSES = ("registered", "refused", "registered", "approved", "refused", "registered")


def _papers(reg) -> None:
    for i, status in enumerate(STATUSES):
        app_id = reg.save_patent(PatentApplication(
            2022, title=f"测试方法{i}", inventor_name=f"张{i}", grant_date=date(2021, 5, 11)))
        if status != "registered":
            reg.conn.execute("UPDATE patent_applications SET status = ? WHERE id = ?",
                             (status, app_id))


def _reading(model):
    """The model's read of its memory under way, if any."""
    return getattr(model, "_reading", None)


def _spied(monkeypatch) -> list[threading.Thread]:
    real = search_keys.read_keys
    threads: list[threading.Thread] = []

    def read_keys(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(search_keys, "read_keys", read_keys)
    return threads


def _by_status(qtbot, reg, tmp_path) -> PatentScreen:
    """The list sorted by 状态, then closed: the next one opens so sorted."""
    screen = shown_screen(qtbot, PatentScreen, reg, tmp_path, 2022)
    column = [c.key for c in screen.spec.columns].index("status")
    screen.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)
    screen.save_layout()
    screen.ctx.settings.sync()
    qtbot.waitUntil(lambda: _reading(screen.model) is None, timeout=20_000)
    screen.close()
    return screen


def test_a_large_list_opens_sorted_without_reading_its_memory_on_the_ui_thread(
        qtbot, reg, tmp_path, monkeypatch):
    _papers(reg)
    monkeypatch.setattr(register_model, "APART_FROM", 1, raising=False)  # six papers count as many
    _by_status(qtbot, reg, tmp_path)
    threads = _spied(monkeypatch)
    real = queries.search_ids
    asked: list[str] = []

    def search_ids(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            asked.append(args[4] if len(args) > 4 else kwargs.get("sort_key", "id"))
        return real(*args, **kwargs)

    monkeypatch.setattr(queries, "search_ids", search_ids)
    screen = shown_screen(qtbot, PatentScreen, reg, tmp_path, 2022)
    monkeypatch.setattr(queries, "search_ids", real)
    assert asked == ["id", "status"]  # the reload's search, as the sort's, asked once
    model = screen.model
    sql = queries.search_ids(reg, screen.spec, 2022, Filters(), "status")
    assert model.sort_key == "status" and model.ids == sql  # shown at once, as SQL sorts
    qtbot.waitUntil(lambda: _reading(model) is None, timeout=20_000)
    assert threads and threading.main_thread() not in threads
    assert model.searcher.token is not None  # the thread's memory taken
    read = len(threads)
    screen.search.setText("测试方法3")
    screen.run_search()
    assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters("测试方法3"), "status")
    assert len(threads) == read  # answered from the memory taken


def test_a_memory_read_while_the_register_changed_is_not_taken(qtbot, reg, tmp_path, monkeypatch):
    _papers(reg)
    monkeypatch.setattr(register_model, "APART_FROM", 1, raising=False)
    screen = shown_screen(qtbot, PatentScreen, reg, tmp_path, 2022)
    model = screen.model
    reading = _reading(model)
    assert reading is not None
    reading.wait()
    reg.save_patent(PatentApplication(2022, title="新录入的", inventor_name="李四"))
    qtbot.waitUntil(lambda: _reading(model) is not reading, timeout=20_000)
    assert model.searcher.token is None  # not taken: of the register before the save
    screen.run_search()
    qtbot.waitUntil(lambda: model.searcher.token is not None, timeout=20_000)
    assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters(), "id")
    assert len(model.ids) == len(STATUSES) + 1
