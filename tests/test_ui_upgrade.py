"""A register an older BoostDesk left, opened by the window: its upgrade (the 升级前 backup,
the migrations, the re-check of every campaign: 6–10 s at 60,000–100,000 applications) ran
on the UI thread, the window frozen meanwhile. It runs in a worker behind a progress dialog
naming each step and the backup; the window repaints and moves. 取消升级, or closing the
window, rolls it back whole: the register is either as the older BoostDesk left it or
upgraded whole, never half."""

from __future__ import annotations

import shutil
import sqlite3
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton
from test_ui_app import shown_window, user_settings_in
from test_ui_support import answers
from test_upgrade_old_release import old_register

from boostdesk.cli import main
from boostdesk.models.register import UpgradeCancelled
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety import acquire, list_backups, open_register

__all__ = ["answers", "user_settings_in"]

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, every column, and the schema."""
    conn = sqlite3.connect(path)
    try:
        out = {table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
               for (table,) in conn.execute(
                   "SELECT name FROM sqlite_master WHERE type = 'table'"
                   " AND name NOT LIKE 'sqlite_%'")}
        # an upgrade's own audit lines (migration 13's) bear the second they were written
        out["audit_events"] = conn.execute(
            "SELECT id, operator, action, entity, entity_id, before, after FROM audit_events"
            " ORDER BY id").fetchall()
        out["schema"] = conn.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
        out["version"] = conn.execute("PRAGMA user_version").fetchall()
        return out
    finally:
        conn.close()


def version(path: Path) -> int:
    return dump(path)["version"][0][0]


class Heartbeat:
    """A 10 ms timer on the UI thread: the gaps between its beats are the times the window
    could not repaint, move or take a click."""

    def __init__(self) -> None:
        self.beats: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(lambda: self.beats.append(time.perf_counter()))
        self.timer.start()

    def between(self, since: float, until: float) -> tuple[int, float]:
        """How many beats came between ``since`` and ``until``, and the longest gap there."""
        inside = [since, *(b for b in self.beats if since < b < until), until]
        return len(inside) - 2, max(b - a for a, b in zip(inside, inside[1:], strict=False))


class Gate:
    """Holds the upgrade in its last step (the re-check, inside its transaction) until the
    test lets it go on: on the UI thread, as before, the window could not move meanwhile."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import boostdesk.rules as rules

        self.entered, self.go_on = threading.Event(), threading.Event()
        real = rules.recheck

        def held(reg):  # noqa: ANN001, ANN202
            self.entered.set()
            self.go_on.wait(10)
            return real(reg)

        monkeypatch.setattr(rules, "recheck", held)


def upgrade_dialog(window) -> QProgressDialog | None:  # noqa: ANN001
    return next((d for d in window.findChildren(QProgressDialog) if d.isVisible()), None)


def start_gui(monkeypatch, answers, db: Path, in_window) -> int:  # noqa: ANN001
    """`boostdesk gui --db db`, ``in_window(window)`` run as the event loop would be."""
    def fake_exec() -> int:
        return in_window(shown_window())

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "王秀兰"
    return main(["gui", "--db", str(db)])


@pytest.fixture(scope="module")
def aged_register(tmp_path_factory) -> Path:
    """10,000 applications as BoostDesk of schema 6 left them (seconds to upgrade here)."""
    sys.path.insert(0, str(BENCH))
    try:
        import generate
    finally:
        sys.path.remove(str(BENCH))
    from test_migrations import as_version

    path = tmp_path_factory.mktemp("aged") / "register.db"
    generate.generate_register(path, 10_000)
    conn = sqlite3.connect(path)
    as_version(conn, 6)
    conn.commit()
    conn.close()
    return path


def copy_of(register: Path, folder: Path) -> Path:
    folder.mkdir()
    return Path(shutil.copy(register, folder / "register.db"))


def test_the_window_stays_live_through_an_upgrade_that_gives_the_command_line_s_register(
        aged_register, tmp_path, qapp, qtbot, answers, monkeypatch):
    db = copy_of(aged_register, tmp_path / "window")
    by_command = copy_of(aged_register, tmp_path / "command")
    seen: dict[str, object] = {}

    def in_window(window) -> int:  # noqa: ANN001
        beat = Heartbeat()
        qtbot.waitUntil(lambda: upgrade_dialog(window) is not None, timeout=20_000)
        since = time.perf_counter()
        seen["text"] = upgrade_dialog(window).labelText()
        qtbot.waitUntil(lambda: window.ctx is not None, timeout=60_000)
        seen["beats"], seen["longest"] = beat.between(since, time.perf_counter())
        seen["upgrade_s"] = time.perf_counter() - since
        window.close()
        return 0

    assert start_gui(monkeypatch, answers, db, in_window) == 0
    assert "登记册格式 6 → " in seen["text"] and "第 1 步" in seen["text"]
    # the UI thread went on beating all through the seconds of the upgrade
    assert seen["beats"] >= 20 and seen["longest"] < 1.0, seen
    open_register(by_command, "王秀兰", start_backup=False).reg.close()  # as `boostdesk` does
    assert dump(db) == dump(by_command) and version(db) == SCHEMA_VERSION
    [note] = [text for _title, text in answers.infos if "已升级" in text]
    [kept] = [b for b in list_backups(db) if b.reason == "upgrade"]
    assert kept.path.name in note


def test_the_upgrade_dialog_names_its_backup_while_the_window_moves(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    db = old_register(tmp_path / "register.db")
    gate = Gate(monkeypatch)
    seen: dict[str, object] = {}

    def in_window(window) -> int:  # noqa: ANN001
        beat = Heartbeat()
        qtbot.waitUntil(gate.entered.is_set, timeout=20_000)
        # the text is handed over by a signal: the dialog may show it a moment later
        qtbot.waitUntil(lambda: "第 3 步" in upgrade_dialog(window).labelText(), timeout=5000)
        since = time.perf_counter()
        window.move(window.x() + 40, window.y() + 30)
        moved_to = window.pos()
        qtbot.wait(500)  # the worker is held in the re-check: the window goes on meanwhile
        seen["beats"], seen["longest"] = beat.between(since, time.perf_counter())
        dialog = upgrade_dialog(window)
        seen["text"] = dialog.labelText()
        seen["button"] = dialog.findChild(QPushButton).text()
        seen["moved"] = window.pos() == moved_to and window.isVisible()
        seen["register"] = window.ctx  # not yet
        gate.go_on.set()
        qtbot.waitUntil(lambda: window.ctx is not None, timeout=20_000)
        seen["version"] = window.ctx.reg.scalar("PRAGMA user_version")
        seen["dialog_after"] = upgrade_dialog(window)
        window.close()
        return 0

    assert start_gui(monkeypatch, answers, db, in_window) == 0
    assert seen["beats"] >= 20 and seen["longest"] < 0.5, seen
    assert seen["moved"] and seen["register"] is None and seen["dialog_after"] is None
    [kept] = [b for b in list_backups(db) if b.reason == "upgrade"]
    text = str(seen["text"])
    assert "旧版 BoostDesk" in text and "登记册格式 5 → " in text and kept.path.name in text
    assert "第 3 步（共 3 步）：按本版本的规则重新核对全部申报" in text
    assert seen["button"] == "取消升级" and "登记册保持原样" in text
    assert seen["version"] == SCHEMA_VERSION == version(db)


def test_cancel_upgrade_leaves_the_register_as_the_older_release_left_it(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    db = old_register(tmp_path / "register.db")
    before = dump(db)
    gate = Gate(monkeypatch)
    seen: dict[str, object] = {}

    def in_window(window) -> int:  # noqa: ANN001
        qtbot.waitUntil(gate.entered.is_set, timeout=20_000)
        qtbot.mouseClick(upgrade_dialog(window).findChild(QPushButton),
                         Qt.MouseButton.LeftButton)  # 取消升级
        seen["status"] = window.statusBar().currentMessage()
        gate.go_on.set()
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
        return 0

    assert start_gui(monkeypatch, answers, db, in_window) == 1
    assert seen["status"] == "正在取消升级，登记册保持原样…"
    [(title, text)] = answers.infos
    assert title == "已取消升级" and "仍是登记册格式 5" in text and "窗口将关闭" in text
    [kept] = list_backups(db)  # which stays, said (each cancel took another, stop 47)
    assert f"升级前的备份 {kept.path.name} 保留在 {kept.path.parent}" in text
    assert not answers.errors
    assert dump(db) == before  # every row, the schema and the version as they were
    acquire(db, "另一位").release()  # the lock given back
    opened = open_register(db, "王秀兰", start_backup=False)  # upgraded whole next time
    try:
        assert opened.reg.scalar("PRAGMA user_version") == SCHEMA_VERSION
    finally:
        opened.reg.close()
    assert list_backups(db) == [kept]  # the register unchanged: that backup, no other


def test_closing_the_window_in_the_upgrade_s_last_step_rolls_it_back_whole(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    db = old_register(tmp_path / "register.db")
    before = dump(db)
    gate = Gate(monkeypatch)

    def in_window(window) -> int:  # noqa: ANN001
        qtbot.waitUntil(gate.entered.is_set, timeout=20_000)
        # the migrations are done, uncommitted: the window closes; the worker, let go on
        # after the close has asked it to stop, must not commit
        threading.Timer(0.3, gate.go_on.set).start()
        window.close()
        return 0

    start_gui(monkeypatch, answers, db, in_window)
    assert dump(db) == before
    assert not Path(f"{db}-journal").exists()
    acquire(db, "另一位").release()


@pytest.mark.parametrize("after_s", [0.05, 0.6, 1.5])
def test_a_window_closed_at_any_moment_of_an_upgrade_leaves_the_old_or_the_whole_register(
        aged_register, tmp_path, qapp, qtbot, answers, monkeypatch, after_s):
    db = copy_of(aged_register, tmp_path / "window")
    upgraded = copy_of(aged_register, tmp_path / "command")
    open_register(upgraded, "王秀兰", start_backup=False).reg.close()

    def in_window(window) -> int:  # noqa: ANN001
        qtbot.waitUntil(lambda: upgrade_dialog(window) is not None, timeout=20_000)
        qtbot.wait(int(after_s * 1000))
        window.close()
        return 0

    start_gui(monkeypatch, answers, db, in_window)
    assert dump(db) in (dump(aged_register), dump(upgraded))
    acquire(db, "另一位").release()


def test_an_upgrade_stopped_inside_a_statement_is_rolled_back(aged_register, tmp_path):
    """The cancel is asked by SQLite every 10,000 steps of a statement: the migrations'
    longest (the search texts of 10,000 applications made again) stops within it."""
    db = copy_of(aged_register, tmp_path / "register")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 3  # the first is asked once the backup is written

    with pytest.raises(UpgradeCancelled, match="仍是登记册格式 6") as caught:
        open_register(db, "王秀兰", start_backup=False, cancelled=cancelled)
    assert "interrupted" in str(caught.value.__cause__)  # inside a statement
    assert dump(db) == dump(aged_register)
    acquire(db, "另一位").release()
    # rolled back inside a statement, the register is backed up as it was: the next
    # upgrade stopped takes no second 升级前 backup of it
    [kept] = list_backups(db)
    asked.clear()
    with pytest.raises(UpgradeCancelled, match=kept.path.name):
        open_register(db, "王秀兰", start_backup=False, cancelled=cancelled)
    assert list_backups(db) == [kept]


def test_the_command_line_says_each_step_of_an_upgrade(tmp_path, capsys):
    db = old_register(tmp_path / "register.db")
    assert main(["campaign", "list", "--db", str(db)]) == 0
    said = capsys.readouterr().err
    [kept] = list_backups(db)
    steps = [said.index(f"第 {n} 步（共 3 步）") for n in (1, 2, 3)]
    assert steps == sorted(steps) and said.index(kept.path.name) > steps[0]
    assert said.count("正在升级到本版本") == 1  # each line once


def test_an_upgrade_refused_by_a_full_disk_is_said_and_the_window_closes(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    import boostdesk.rules as rules

    db = old_register(tmp_path / "register.db")
    before = dump(db)

    def full(_reg):  # noqa: ANN001, ANN202
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(rules, "recheck", full)

    def in_window(window) -> int:  # noqa: ANN001
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
        return 0

    assert start_gui(monkeypatch, answers, db, in_window) == 1
    [(title, text)] = answers.errors
    assert title == "无法打开登记册" and "磁盘空间已满" in text and "仍是登记册格式 5" in text
    assert dump(db) == before


def test_a_damaged_register_restored_at_start_from_an_older_release_s_backup_upgrades_live(
        tmp_path, qapp, qtbot, answers, monkeypatch):
    """The start's 恢复并打开 restored and opened on the UI thread: a backup an older BoostDesk
    made was upgraded there, the window frozen. Now in a worker, with no 取消 (a restore
    cannot stop halfway)."""
    from test_backup import corrupt

    from boostdesk.safety import backup_register

    db = old_register(tmp_path / "register.db")
    backup_register(db, "manual")  # the first release's register, kept as it was
    corrupt(db)
    gate = Gate(monkeypatch)
    seen: dict[str, object] = {}

    def in_window(window) -> int:  # noqa: ANN001
        beat = Heartbeat()
        qtbot.waitUntil(gate.entered.is_set, timeout=20_000)
        since = time.perf_counter()
        qtbot.wait(400)
        seen["beats"], seen["longest"] = beat.between(since, time.perf_counter())
        seen["button"] = upgrade_dialog(window).findChild(QPushButton)
        gate.go_on.set()
        qtbot.waitUntil(lambda: window.ctx is not None, timeout=20_000)
        seen["version"] = window.ctx.reg.scalar("PRAGMA user_version")
        window.close()
        return 0

    answers.yes = True  # 恢复并打开
    assert start_gui(monkeypatch, answers, db, in_window) == 0
    assert "恢复并打开吗" in answers.questions[0]
    # the upgrade ahead said before it, as 从备份恢复 says it (tests/test_ui_restore_older.py)
    assert "这份备份是旧版 BoostDesk 留下的（登记册格式 5）" in answers.questions[0]
    assert seen["beats"] >= 20 and seen["longest"] < 0.5, seen
    assert seen["button"] is None and seen["version"] == SCHEMA_VERSION
    [(_title, text)] = answers.infos
    assert text.startswith("已用备份") and "已升级到本版本" in text
    assert {"damaged", "upgrade"} <= {b.reason for b in list_backups(db)}


def test_the_window_s_notice_names_the_reworded_approval_and_the_window_s_way_to_date(
        reg, tmp_path, qapp, qtbot, answers, monkeypatch):
    """An upgrade from 0.15.0 in the window: the approval after an objection found
    groundless (migration 24) named, and the sheets printing 补录 sent to 改状态, not to a
    command the window's clerk never types."""
    from datetime import date

    from test_publicity_outcome import ONE
    from test_upgrade_named import _aged

    from boostdesk.panel.adopt_proposal import adopt
    from boostdesk.panel.publicity import (
        close_publicity,
        record_objection,
        resolve_objection,
        start_publicity,
    )
    from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review

    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    to_review(reg, a)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 11, 21))
    oid = record_objection(reg, a, date(2022, 11, 24), "匿名来信", "负责人不是工作室成员")
    resolve_objection(reg, oid, upheld=False, note="经核查负责人为工作室成员", on=date(2022, 11, 25))
    close_publicity(reg, YEAR, date(2022, 11, 28))
    db = reg.path
    reg.close()
    _aged(db, 21)

    def in_window(window) -> int:  # noqa: ANN001
        qtbot.waitUntil(lambda: window.ctx is not None, timeout=60_000)
        assert window.ctx.reg.project(a).status_reason == ONE
        window.close()
        return 0

    assert start_gui(monkeypatch, answers, db, in_window) == 0
    [note] = [text for _title, text in answers.infos if "已升级" in text]
    assert f"1 个核准项目（项目{a}）的核准理由由“公示期满无异议”更正为审批表的写法" in note, note
    assert f"已核准的 1 份申报（2022 年度 项目{a}）在核准之后才录入资格审核" in note
    assert "点“改状态”（Ctrl+M）选“更正资格审核日期（不改状态）”" in note
    assert "correct qualified-date" not in note
