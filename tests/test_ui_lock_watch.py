"""A window that opened its register read-only, in two real processes: it names who has
the register, refuses every change, and once the holder has closed it offers to take it
over without restarting — on fresh screens, so nothing stale is saved back."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, press, qsettings  # noqa: F401

from boostdesk.models import PatentApplication, Register
from boostdesk.safety import open_register
from boostdesk.ui.context import AppContext

ROOT = Path(__file__).resolve().parent.parent

# Another BoostDesk: it has the register, and on a line of stdin renames the patent, or
# closes (or is killed). It answers each line when done.
HOLDER = """
import dataclasses, sys
from boostdesk.safety import open_register
opened = open_register(sys.argv[1], sys.argv[2], start_backup=False)
reg = opened.reg
print("ready", flush=True)
for line in sys.stdin:
    if line.startswith("rename"):
        app = reg.patents(2022)[0]
        reg.save_patent(dataclasses.replace(app, title=line.split(" ", 1)[1].strip()))
        print("renamed", flush=True)
    elif line.startswith("backup"):
        from boostdesk.safety import backup_register
        kept = backup_register(reg.path, "manual")
        print("backed up", flush=True)
    elif line.startswith("restore"):  # 文件 → 从备份恢复 in the holder's window
        from boostdesk.safety.session import restore_and_reopen
        reg = restore_and_reopen(reg, kept.path)[1].reg
        print("restored", flush=True)
    elif line.startswith("close"):
        reg.close()
        print("closed", flush=True)
        break
"""


class Holder:
    def __init__(self, path: Path, operator: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path), operator], stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
            cwd=ROOT)
        assert self.said() == "ready"

    def said(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def tell(self, line: str) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        return self.said()

    def close(self) -> None:
        assert self.tell("close") == "closed"
        self.proc.wait(10)


@pytest.fixture
def two(tmp_path: Path, qsettings: Any, qapp: Any, answers: Any, qtbot: Any):  # noqa: F811
    """The register held by 王五's process, and this process's window on it, read-only."""
    from boostdesk.ui.main_window import MainWindow

    path = tmp_path / "register.db"
    first = open_register(path, "王五", start_backup=False)
    first.reg.save_patent(PatentApplication(2022, title="焊缝检测", inventor_name="张伟"))
    first.reg.close()
    other = Holder(path, "王五")
    opened = open_register(path, "录入员甲", start_backup=False)
    assert opened.read_only
    ctx = AppContext(opened.reg, settings=qsettings)
    ctx.set_operator("录入员甲")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield path, other, window, ctx, answers
    ctx.shutdown()
    ctx.reg.close()
    if other.proc.poll() is None:
        other.proc.kill()
        other.proc.wait(10)


def titles(window: Any) -> list[str]:
    screen = window.current_screen()
    model = screen.model
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == "专利名称")
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_the_read_only_window_names_the_holder_and_refuses_changes(two, qtbot):
    path, other, window, ctx, said = two
    badge = window.lock_watch.badge
    assert badge.isVisible() and "王五" in badge.toolTip() and str(other.proc.pid) in badge.toolTip()
    assert window.windowTitle().endswith("（只读）") and window.lock_watch.timer.isActive()
    window.activateWindow()
    press(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N: no form
    assert said.errors and "王五" in said.errors[-1][1]
    window.lock_watch.look()  # the holder is still there: nothing asked
    assert said.questions == [] and ctx.read_only


def test_once_the_holder_closes_the_window_takes_the_register_over_on_fresh_screens(two, qtbot):
    path, other, window, ctx, said = two
    assert titles(window) == ["焊缝检测"]
    assert other.tell("rename 焊缝缺陷检测") == "renamed"  # shown stale in this window
    other.close()
    window.lock_watch.look()
    assert said.questions and "王五" in said.questions[0]
    assert "已关闭登记册" in said.questions[0] and "没有正常关闭" not in said.questions[0]
    qtbot.waitUntil(lambda: not ctx.read_only, timeout=5000)
    assert window.lock_watch is None and not window.windowTitle().endswith("（只读）")
    assert titles(window) == ["焊缝缺陷检测"]  # rebuilt on the register as the holder left it
    app = dataclasses.replace(ctx.reg.patents(2022)[0], inventor_name="张伟伟")
    assert ctx.write("修改申报", lambda: ctx.reg.save_patent(app), changed="patent").ok
    assert ctx.reg.patents(2022)[0].title == "焊缝缺陷检测"  # the holder's change kept
    assert '"录入员甲"' in Path(f"{path}.lock").read_text(encoding="utf-8")
    third = subprocess.run(  # this window is the holder now: another BoostDesk is read-only
        [sys.executable, "-c", "import sys\nfrom boostdesk.safety import open_register\n"
         "o = open_register(sys.argv[1], '王五', start_backup=False)\n"
         "print(o.read_only, o.holder.operator)", str(path)],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert third.stdout.strip() == "True 录入员甲"


def test_taken_over_after_ctrl_2_the_years_menu_and_the_status_bar_still_work(two, qtbot):
    """IT's tester: the second window, read-only, Ctrl+2; the first closes; 改为可修改:
    two 程序出错 boxes (QMenu, QStatusBar "already deleted"). Ctrl+2's walk of the Tab
    order had tied the status bar and the 年度 menu to the screens the take-over deleted."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    path, other, window, ctx, said = two
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.nav.currentRow() == 1
    assert window.screens[1].isAncestorOf(QApplication.focusWidget())
    other.close()
    window.lock_watch.look()  # 改为可修改
    qtbot.waitUntil(lambda: not ctx.read_only, timeout=5000)
    assert said.errors == []
    assert shiboken6.isValid(window.year_menu) and shiboken6.isValid(window.statusBar())
    assert [a.text() for a in window.year_menu.actions()] == ["2022 年度(&2)"]
    assert window.statusBar().currentMessage().startswith("登记册已改为可修改")
    ctx.changed.emit("campaign")
    window.statusBar().clearMessage()
    assert said.errors == []


def test_declined_it_stays_read_only_and_the_badge_takes_it_later(two, qtbot):
    path, other, window, ctx, said = two
    other.close()
    said.yes = False
    window.lock_watch.look()
    window.lock_watch.look()
    assert len(said.questions) == 1 and ctx.read_only  # asked once, not every 3 s
    window.lock_watch.badge.click()
    qtbot.waitUntil(lambda: not ctx.read_only, timeout=5000)


def test_taken_by_another_meanwhile_it_stays_read_only_naming_the_new_holder(two, qtbot):
    path, other, window, ctx, said = two
    other.close()
    third = Holder(path, "李四")  # got there first
    try:
        window.lock_watch.badge.click()
        assert ctx.read_only and "李四" in said.errors[-1][1]
        assert "李四" in window.lock_watch.badge.toolTip()
        with pytest.raises(Exception, match="李四"):
            ctx.reg.save_patent(PatentApplication(2022, title="不该写进去", inventor_name="甲"))
    finally:
        third.close()


# A command's run: it names itself in the lock (cli._run does so), then holds the register
# for the seconds given.
COMMAND = """
import sys, time
from boostdesk.safety import open_register
from boostdesk.safety.lock import set_program
set_program("命令行 boostdesk stats")
opened = open_register(sys.argv[1], "财务", start_backup=False)
print("ready", flush=True)
time.sleep(float(sys.argv[2]))
opened.reg.close()
"""


def command_holding(path: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", COMMAND, str(path), str(seconds)],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_a_command_line_run_is_named_as_one(tmp_path, capsys):
    path = tmp_path / "register.db"
    open_register(path, "王五", start_backup=False).reg.close()
    proc = command_holding(path, 30)
    try:
        opened = open_register(path, "录入员甲", start_backup=False)
        opened.reg.close()
        assert opened.holder is not None and opened.holder.command_line
        assert "财务（命令行 boostdesk stats，电脑" in opened.warnings[0]
    finally:
        proc.kill()
        proc.wait(10)


def test_the_command_line_names_its_command_in_the_lock(tmp_path, monkeypatch):
    from boostdesk.cli import main
    from boostdesk.safety import lock

    Register.open(tmp_path / "register.db", operator="测试员").close()  # (a command that reads refuses a register not there)
    written = []
    usual = lock._write_info
    monkeypatch.setattr(lock, "_write_info", lambda fd, info: (written.append(info),
                                                               usual(fd, info)))
    assert main(["campaign", "list", "--db", str(tmp_path / "register.db")]) == 0
    assert [i.program for i in written] == ["命令行 boostdesk campaign"]
    assert lock._program == ""  # the process is no command any more


def test_a_window_starting_while_a_command_runs_waits_for_it_not_read_only(
        tmp_path, qapp, qtbot, answers, monkeypatch):  # noqa: F811
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from boostdesk.cli import main

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "cfg"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    path = tmp_path / "register.db"
    open_register(path, "王五", start_backup=False).reg.close()
    seen: dict[str, Any] = {}

    def fake_exec() -> int:
        window = next(w for w in QApplication.topLevelWidgets()
                      if w.objectName() == "main_window" and w.isVisible())
        qtbot.waitUntil(lambda: window.ctx is not None or not window.isVisible(), timeout=10_000)
        seen["read_only"] = window.ctx.read_only
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    answers.text = "录入员甲"
    proc = command_holding(path, 1.5)  # `boostdesk stats` just then
    try:
        assert main(["gui", "--db", str(path)]) == 0
    finally:
        proc.kill()
        proc.wait(10)
        QSettings.setDefaultFormat(QSettings.Format.NativeFormat)
    assert seen == {"read_only": False}
    assert not any("只读" in text for _title, text in answers.infos)


def test_every_change_is_refused_at_once_before_any_question_or_file(two, qtbot, tmp_path):
    """Keys, buttons and a table dropped on the window: the holder named at once, not
    after a question answered, a status chosen or a file read; the register untouched."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    from PySide6.QtWidgets import QPushButton

    from tests.fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    path, other, window, ctx, said = two
    audit = ctx.reg.scalar("SELECT count(*) FROM audit_events")
    screen = window.show_screen(0)
    screen.table.selectRow(0)
    buttons = {b.text(): b for b in screen.findChildren(QPushButton)}
    for text in ("新建", "改状态", "删除", "移到其他年度…", "导入汇总表"):
        assert not buttons[text].isEnabled() and "王五" in buttons[text].toolTip()
    assert buttons["导出 xlsx"].isEnabled() and buttons["打印审批表"].isEnabled()
    window.activateWindow()
    screen.table.setFocus()
    qtbot.waitUntil(screen.table.hasFocus)
    for key in (Qt.Key.Key_M, Qt.Key.Key_I):
        press(qtbot, key, Qt.KeyboardModifier.ControlModifier, screen.table)
    press(qtbot, Qt.Key.Key_Delete, widget=screen.table)
    assert len(said.errors) == 3
    screen.move_to_year()
    sheet = write_sheet(tmp_path / "t.xlsx", [PATENT_HEADERS, patent_row()])
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(sheet))])
    window.dropEvent(QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert len(said.errors) == 5 and all("王五" in text for _t, text in said.errors)
    assert said.questions == [] and said.choices == []
    assert window.current_dialog is None and getattr(screen, "current_form", None) is None
    settings = window.show_screen(8)
    assert not settings.findChild(QPushButton, "save_campaign").isEnabled()
    assert not settings.save_campaign() and "王五" in settings.campaign_message.text()
    window.undo_action.trigger()  # nothing to undo: nothing was done
    assert ctx.reg.scalar("SELECT count(*) FROM audit_events") == audit


def test_a_holder_killed_is_noticed_and_said_when_the_window_takes_over(two, qtbot):
    path, other, window, ctx, said = two
    other.proc.kill()  # kill -9: its lock goes with it, its name stays in the file
    other.proc.wait(10)
    window.lock_watch.look()
    # asked as a program forced closed (IT's tester: it was 王五…已关闭登记册, as if closed)
    assert "王五" in said.questions[0] and "没有正常关闭（程序被强行结束" in said.questions[0]
    assert "已关闭登记册" not in said.questions[0]
    qtbot.waitUntil(lambda: not ctx.read_only, timeout=5000)
    assert any("王五" in text and "没有正常关闭" in text for _t, text in said.infos)


def test_a_restore_by_the_holder_is_followed_not_shown_from_the_file_replaced(two, qtbot):
    path, other, window, ctx, said = two
    assert other.tell("backup") == "backed up"
    assert other.tell("rename 焊缝缺陷检测") == "renamed"
    ctx.changed.emit("all")
    assert titles(window) == ["焊缝缺陷检测"]
    assert other.tell("restore") == "restored"  # the file replaced: the rename undone
    ctx.changed.emit("all")
    window.lock_watch.look()
    assert any(title == "登记册已被替换" for title, _text in said.infos)
    assert titles(window) == ["焊缝检测"] and ctx.read_only
    assert "王五" in window.lock_watch.badge.toolTip()
    window.lock_watch.look()  # once
    assert sum(title == "登记册已被替换" for title, _text in said.infos) == 1


def test_declined_then_taken_and_freed_again_it_asks_again(two, qtbot):
    path, other, window, ctx, said = two
    other.close()
    said.yes = False
    window.lock_watch.look()
    third = Holder(path, "李四")
    window.lock_watch.look()
    assert "李四" in window.lock_watch.badge.toolTip() and window.lock_watch.badge.text() == "只读"
    third.close()
    window.lock_watch.look()
    assert len(said.questions) == 2 and "李四" in said.questions[1]


def test_the_read_only_window_s_long_work_reads_one_moment(two):
    """文件 → 导出年度统计 and the other exports of a read-only window run on a worker's
    connection: its queries see one state while the holder saves meanwhile."""
    path, other, window, ctx, said = two
    worker = ctx.register_factory()
    try:
        before = [p.title for p in worker.patents(2022)]
        assert other.tell("rename 焊缝缺陷检测") == "renamed"
        assert [p.title for p in worker.patents(2022)] == before == ["焊缝检测"]
    finally:
        worker.close()
    assert [p.title for p in ctx.reg.patents(2022)] == ["焊缝缺陷检测"]  # the screens see it


def test_the_timer_looks_at_the_lock_in_a_thread_and_acts_on_the_next_tick(two, qtbot,
                                                                          monkeypatch):
    from boostdesk.ui import lock_watch

    path, other, window, ctx, said = two
    watch = window.lock_watch
    other.close()
    looked_from = []
    usual = lock_watch._probe

    def probe(p: Path) -> Any:
        looked_from.append(threading.current_thread().name)
        return usual(p)

    monkeypatch.setattr(lock_watch, "_probe", probe)
    watch._tick()
    assert said.questions == []  # nothing seen yet: the probe runs beside the window
    qtbot.waitUntil(lambda: watch._seen is not None)
    watch._tick()
    assert looked_from[0] == "lock-watch" and said.questions
    qtbot.waitUntil(lambda: not ctx.read_only, timeout=5000)


def test_the_badge_keeps_its_white_on_red_when_dark_mode_is_switched_on(two, qapp):
    from PySide6.QtGui import QColor, QPalette

    from boostdesk.ui.lock_watch import BADGE_STYLE

    window = two[2]
    before = QPalette(qapp.palette())
    dark = QPalette(before)
    for role, colour in ((QPalette.ColorRole.Window, "#202020"),
                         (QPalette.ColorRole.WindowText, "#ffffff")):
        dark.setColor(role, QColor(colour))
    try:
        qapp.setPalette(dark)
        # not the pale red a dark palette gives a red text: white on it was 2.3:1
        assert window.lock_watch.badge.styleSheet() == BADGE_STYLE
    finally:
        qapp.setPalette(before)
