"""F5 (刷新并重新核对): the whole campaign re-checked off the UI thread, with progress and
a cancel that leaves the register as it was."""

from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from fixtures.summary_sheets import UTILITY, own_card
from PySide6.QtCore import Qt
from test_check_speed import PATENT
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.models.records import PATENT as PATENT_STREAM
from boostdesk.rules import CheckCancelled, refresh
from boostdesk.rules import check as rules_check
from boostdesk.ui import queries
from boostdesk.ui.queries import Filters

__all__ = ["answers", "ctx", "qsettings", "window"]


def two_unchecked(reg) -> list[int]:
    return [reg.save_patent(PATENT),
            reg.save_patent(replace(PATENT, patent_number_raw=UTILITY, inventor_name="李四",
                                    id_number="110108198001010031",
                                    card_number=own_card("110108198001010031")))]


def unchecked(reg) -> list[int]:
    return queries.search_ids(reg, queries.PATENT_SPEC, 2022, Filters(verdict=queries.UNCHECKED))


def test_refresh_reports_each_step_and_a_cancel_before_the_store_changes_nothing(reg):
    ids = two_unchecked(reg)
    steps: list[tuple[int, int]] = []
    asked = []

    def cancel_at_the_store() -> bool:
        asked.append(True)
        return len(asked) == 4  # read, check, read: then the question before the store

    with pytest.raises(CheckCancelled, match="已取消重新核对"):
        refresh(reg, 2022, progress=lambda *step: steps.append(step), cancelled=cancel_at_the_store)
    assert steps == [(1, 5), (2, 5), (3, 5)]
    assert unchecked(reg) == ids

    steps.clear()
    refresh(reg, 2022, progress=lambda *step: steps.append(step), cancelled=lambda: False)
    assert steps == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
    assert unchecked(reg) == []


def test_f5_rechecks_in_the_background_and_reloads_the_list(window, ctx, reg, qtbot,
                                                           monkeypatch):
    ids = two_unchecked(reg)
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    ran_on: list[threading.Thread] = []
    real = rules_check.check_patents

    def spy(*args, **kw):
        ran_on.append(threading.current_thread())
        return real(*args, **kw)

    monkeypatch.setattr(rules_check, "check_patents", spy)
    screen = window.screens[0]
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert ran_on and ran_on[0] is not threading.main_thread()
    assert unchecked(reg) == []
    assert queries.counts(reg, PATENT_STREAM, 2022).refused == 1  # the utility patent
    assert "已重新核对 2022 年度的 2 项申报" in notices
    model = screen.model
    verdicts = [model.data(model.index(row, 1)) for row in range(model.rowCount())]
    assert len(verdicts) == len(ids) and "尚未核对" not in "".join(map(str, verdicts))


def test_cancelling_f5_keeps_the_verdicts_as_they_were(window, ctx, reg, qtbot, monkeypatch):
    ids = two_unchecked(reg)
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    checking, go_on = threading.Event(), threading.Event()
    real = rules_check.check_patents

    def held(*args, **kw):
        checking.set()
        go_on.wait(10)
        return real(*args, **kw)

    monkeypatch.setattr(rules_check, "check_patents", held)
    window.screens[0].table.setFocus()
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(checking.is_set)
    (task,) = ctx._tasks
    task.dialog.reject()  # Esc on the progress dialog (its 取消 button emits the same)
    go_on.set()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=10_000)
    assert unchecked(reg) == ids
    assert any("已取消重新核对" in n for n in notices)


def test_f5_in_a_read_only_window_says_why_without_checking(tmp_path, qtbot, qsettings, answers,
                                                            monkeypatch):
    from boostdesk.safety.session import open_read_only, open_register
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.main_window import MainWindow

    opened = open_register(tmp_path / "register.db", "录入员甲")
    two_unchecked(opened.reg)
    checked = []
    monkeypatch.setattr(rules_check, "check_patents", lambda *a, **k: checked.append(a))
    ro = open_read_only(opened.reg.path, "录入员乙", None)
    ctx = AppContext(ro, settings=qsettings)
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    try:
        w.resize(1366, 768)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        qtbot.waitUntil(w.isActiveWindow)
        w.screens[0].table.setFocus()
        press(qtbot, Qt.Key.Key_F5)
        assert checked == [] and not ctx.busy
        assert answers.errors and answers.errors[-1][0] == "未能重新核对"
        assert "只读" in answers.errors[-1][1]
    finally:
        w.close()
        ctx.shutdown()
        ro.close()
        opened.reg.close()
