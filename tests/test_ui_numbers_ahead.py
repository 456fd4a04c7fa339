"""A caller's phone typed digit by digit into 专利助推's search: the fourth digit (1589)
is the first that names a number's end, and its search read every paper's numbers on the
UI thread (≈ 0.25 s frozen at 80,000 patents, 0.2–0.3 s at 8,000 on a loaded machine).
They are read in a thread once digits are typed; the search finds the same papers."""

from __future__ import annotations

import threading

from test_ui_support import shown_screen

from boostdesk.models import PatentApplication
from boostdesk.ui import queries, register_model, search_keys
from boostdesk.ui.queries import Filters
from boostdesk.ui.register_screen import PatentScreen

PHONES = ("15897878554", "13800001589", "15900000000", "", "13915891234")


def _papers(reg) -> None:
    for i, phone in enumerate(PHONES):
        reg.save_patent(PatentApplication(2022, title=f"测试方法{i}",
                                          inventor_name=f"张{'一二三四五'[i]}", phone=phone))


def test_the_numbers_are_read_ahead_off_the_ui_thread(qtbot, reg, tmp_path, monkeypatch):
    _papers(reg)
    monkeypatch.setattr(register_model, "NUMBERS_APART_FROM", 1)  # five papers count as many
    read: list[threading.Thread] = []
    real = search_keys.campaign_numbers

    def campaign_numbers(*args, **kwargs):
        read.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(search_keys, "campaign_numbers", campaign_numbers)  # the search's
    monkeypatch.setattr(register_model, "campaign_numbers", campaign_numbers)  # ahead
    screen = shown_screen(qtbot, PatentScreen, reg, tmp_path, 2022)
    model = screen.model
    for typed in ("1", "15", "158"):
        screen.search.setText(typed)
        screen.run_search()
        assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters(typed))
    qtbot.waitUntil(lambda: getattr(model, "_numbers", None) is None, timeout=20_000)
    assert read and threading.main_thread() not in read
    screen.search.setText("1589")
    screen.run_search()
    assert threading.main_thread() not in read  # the fourth digit read nothing here
    assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters("1589"))
    assert len(model.ids) == 1  # 13800001589: a number's end (not 15897878554's start)


def test_numbers_read_before_a_save_are_not_taken(qtbot, reg, tmp_path, monkeypatch):
    _papers(reg)
    monkeypatch.setattr(register_model, "NUMBERS_APART_FROM", 1)
    screen = shown_screen(qtbot, PatentScreen, reg, tmp_path, 2022)
    model = screen.model
    screen.search.setText("1")
    screen.run_search()
    thread = getattr(model, "_numbers", None)  # read ahead
    assert thread is not None
    thread.wait()
    reg.save_patent(PatentApplication(2022, title="新录入的", inventor_name="李四",
                                      phone="13700001589"))
    qtbot.waitUntil(lambda: getattr(model, "_numbers", None) is None, timeout=20_000)
    screen.search.setText("1589")
    screen.run_search()
    assert model.ids == queries.search_ids(reg, screen.spec, 2022, Filters("1589"))
    assert len(model.ids) == 2
