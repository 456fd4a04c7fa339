"""A copy of the register file alone, taken while the window stays open, holds what was
saved: the window folds the -wal into the .db once idle (``ui/fold_when_idle.py``)."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from pathlib import Path

from fixtures.summary_sheets import CARD_1, INVENTION
from PySide6.QtCore import Qt
from test_ui_import import TWO_GOOD, open_dialog, read, summary_table
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]


def copied_alone(db: Path, into: Path) -> int:
    """The patents in a copy of ``db`` made as Explorer copies "the register file": the
    .db without its -wal."""
    into.mkdir(exist_ok=True)
    copy = into / f"copy-{len(list(into.glob('copy-*.db')))}.db"
    shutil.copyfile(db, copy)
    conn = sqlite3.connect(copy)
    try:
        return conn.execute("SELECT count(*) FROM patent_applications").fetchone()[0]
    finally:
        conn.close()


def folded_now(reg) -> None:  # noqa: ANN001
    """The new register's tables in its file (made in the -wal by the fixture)."""
    reg.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def test_an_import_is_in_a_copy_of_the_register_file_while_the_window_stays_open(
        window, qtbot, reg, answers, tmp_path):
    """IT's tester: 5 rows imported, the window left open; the .db copied in Explorer
    opened with 68 patents instead of 73 — the import was in the 115 KB -wal only."""
    folded_now(reg)
    copies = tmp_path / "copies"
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, summary_table(tmp_path / "haidian.xlsx", TWO_GOOD))
    dialog.import_all.setFocus()
    press(qtbot, Qt.Key.Key_Space, widget=dialog.import_all)
    qtbot.waitUntil(lambda: closed(dialog), timeout=10_000)
    assert len(reg.patents(2022)) == 2

    qtbot.waitUntil(lambda: copied_alone(reg.path, copies) == 2, timeout=15_000)
    assert reg.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # still WAL
    assert window.isVisible() and not window.ctx.reg.closed


def saved_patent(ctx) -> None:  # noqa: ANN001
    app = PatentApplication(2022, title="一种焊缝检测装置", patent_number_raw=INVENTION,
                            inventor_name="张三", card_number=CARD_1)
    assert ctx.write("新建申报", lambda: ctx.reg.save_patent(app), changed="patent").ok


def test_a_save_in_the_window_is_in_a_copy_of_the_register_file_once_idle(
        window, qtbot, reg, answers, tmp_path):
    folded_now(reg)
    saved_patent(window.ctx)
    assert copied_alone(reg.path, tmp_path / "copies") == 0  # in the -wal only, at first
    qtbot.waitUntil(lambda: copied_alone(reg.path, tmp_path / "copies") == 1, timeout=15_000)
    assert Path(f"{reg.path}-wal").exists()  # folded, not given up: WAL mode as before


def test_the_fold_runs_off_the_ui_thread(window, qtbot, reg, answers, monkeypatch):
    from boostdesk.safety import wal_fold

    threads: list[threading.Thread] = []
    real = wal_fold.fold

    def fold(path):  # noqa: ANN001, ANN202
        threads.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(wal_fold, "fold", fold)
    saved_patent(window.ctx)
    qtbot.waitUntil(lambda: window.ctx.fold.folds >= 1, timeout=15_000)
    assert threads and threading.main_thread() not in threads


def test_closing_the_window_waits_for_a_fold_and_folds_no_more(window, qtbot, reg, answers):
    """Its connection must not outlive the register's: SQLite deletes the -wal by name
    when the last connection closes (after a restore, the new register's)."""
    from boostdesk.safety import wal_fold

    ctx = window.ctx
    ctx.fold.timer.setInterval(0)
    release, started = threading.Event(), threading.Event()
    real = wal_fold.fold

    def slow(path):  # noqa: ANN001, ANN202
        started.set()
        release.wait(10)
        return real(path)

    wal_fold.fold, saved = slow, wal_fold.fold
    try:
        ctx.reg.save_patent(PatentApplication(2022, title="甲", inventor_name="张三"))
        qtbot.waitUntil(started.is_set)
        threading.Timer(0.2, release.set).start()
        ctx.shutdown()  # the window closing
        assert not ctx.fold.running and ctx.fold.stopped
        ctx.reg.save_patent(PatentApplication(2022, title="乙", inventor_name="李四"))
        assert not ctx.fold.timer.isActive()
    finally:
        wal_fold.fold = saved
        release.set()
