"""The completers' name lists warmed in a thread: at 100,000 applications the warm-up read
them on the UI thread (1.2–2.8 s frozen beside the start-up backup). Read by a connection of
its own, they are taken as the window's connection would have read them, unless it wrote
or saw another's commit meanwhile; the completers list the same names either way."""

from __future__ import annotations

import threading

from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.models import name_lists
from boostdesk.models.records import ProjectApplication
from boostdesk.safety.integrity import connect_read_only
from boostdesk.ui.form_warmup import NAME_LISTS, warm_forms

__all__ = ["answers", "ctx", "qsettings", "window"]


def _project(reg, leader: str, unit: str = "北京市朝阳区总工会") -> None:
    reg.save_project(ProjectApplication(2022, title=f"{leader}的项目", studio_name="李四职工创新工作室",
                                        leader=leader, unit_name=unit))


def test_the_warm_up_reads_the_name_lists_off_the_ui_thread(window, qtbot, reg, monkeypatch):
    _project(reg, "李四")
    _project(reg, "艾青", "北京市海淀区总工会")
    threads: list[threading.Thread] = []
    real = name_lists.read_names

    def reading(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(name_lists, "read_names", reading)
    warmed: list[bool] = []
    warm_forms(window, after_ms=0, done=lambda: warmed.append(True))
    qtbot.waitUntil(lambda: bool(warmed), timeout=20_000)
    assert set(reg._names) == set(NAME_LISTS)
    assert threads and threading.main_thread() not in threads
    # as the window's connection reads them itself: in pinyin order (艾 before 李)
    for table in NAME_LISTS:
        assert reg.names(table) == name_lists.NameList(
            reg.conn, table, reg._name_key, reg._name_keys).names
    assert reg.names("project_people")[:2] == ["艾青", "李四"]
    form = open_new_form(qtbot, window, 1)
    assert form.editor("unit_name").completer().model().stringList() == [
        "北京市朝阳区总工会", "北京市海淀区总工会"]


def test_lists_read_while_the_register_changed_are_not_taken(reg):
    _project(reg, "李四")
    mark = reg.names_mark()
    other = connect_read_only(reg.path)
    keys: dict[str, str] = {}
    try:
        read = {"project_people": name_lists.read_names(
            other, "project_people", lambda n: keys.setdefault(n, n), keys)}
    finally:
        other.close()
    _project(reg, "王五")  # a save before the thread's lists are handed over
    assert reg.take_names(read, keys, mark) == []
    assert "王五" in reg.names("project_people")


def test_the_pinyin_table_and_syllables_are_made_in_the_thread_too(
        window, qtbot, reg, monkeypatch):
    from boostdesk import pinyin_order

    _project(reg, "李四")
    real = pinyin_order._syllable_starts
    threads: list[threading.Thread] = []

    def starts():
        threads.append(threading.current_thread())
        return real()

    monkeypatch.setattr(pinyin_order, "_syllable_starts", starts)
    warmed: list[bool] = []
    warm_forms(window, after_ms=0, done=lambda: warmed.append(True))
    qtbot.waitUntil(lambda: bool(warmed), timeout=20_000)
    assert threads and threads[0] is not threading.main_thread()
