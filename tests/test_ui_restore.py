"""文件 → 从备份恢复…: the chosen backup replaces the register and the window shows it."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import CARD_1, INVENTION
from PySide6.QtCore import Qt
from test_ui_support import answers, press, qsettings

from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.safety.backup import backup_register, list_backups
from boostdesk.safety.session import open_read_only, open_register
from boostdesk.ui import queries
from boostdesk.ui.context import AppContext
from boostdesk.ui.main_window import MainWindow
from boostdesk.ui.restore_dialog import RestoreDialog

__all__ = ["answers", "qsettings"]


def patent(title: str) -> PatentApplication:
    return PatentApplication(2022, title=title, patent_number_raw=INVENTION,
                             inventor_name="张三", card_number=CARD_1)


def registered(reg) -> int:
    return queries.counts(reg, PATENT, 2022).registered


def window_on_two_backups(tmp_path, qtbot, qsettings):
    """A window on a register of two patents (甲, 乙), with a backup after 甲 (``one``,
    the older) and one after 乙 (newer, listed first): (reg, one, ctx, window)."""
    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    reg.save_patent(patent("甲"))
    one = backup_register(reg.path, "manual")
    reg.save_patent(patent("乙"))
    backup_register(reg.path, "payment")
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    return reg, one, ctx, window


def test_restoring_a_chosen_backup_swaps_the_register_in_the_window(
        tmp_path, qtbot, qapp, answers, qsettings):
    reg, one, ctx, window = window_on_two_backups(tmp_path, qtbot, qsettings)
    assert window.screens[0].model.total == 2

    window.restore_action.trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, RestoreDialog)
    assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
        b.describe() for b in list_backups(reg.path)]
    assert "拨付前" in dialog.list.item(0).text() and "手动" in dialog.list.item(1).text()
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)  # restored in the background

    assert len(answers.questions) == 1, answers.errors
    assert one.path.name in answers.questions[0] and "另存" in answers.questions[0]
    assert answers.errors == []
    assert ctx.reg is not reg
    try:
        assert registered(ctx.reg) == 1
        assert window.screens[0].model.total == 1
        assert "restore" in [b.reason for b in list_backups(ctx.reg.path)]
        ctx.reg.save_patent(patent("丙"))  # the new register is writable, not the closed one
        assert registered(ctx.reg) == 2
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()


def test_a_read_only_window_cannot_restore(tmp_path, qtbot, qapp, answers, qsettings):
    opened = open_register(tmp_path / "register.db", "录入员甲")
    ro = open_read_only(opened.reg.path, "录入员乙", None)
    ctx = AppContext(ro, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    try:
        assert window.restore_from_backup() is None
        assert len(answers.errors) == 1 and "不能从备份恢复" in answers.errors[0][1]
        assert window.current_dialog is None
    finally:
        window.close()
        ro.close()
        opened.reg.close()


def test_screens_left_behind_by_a_restore_hear_nothing_more(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """The screens built on the old register are deleted; their handlers of the context's
    signals went with them (lambdas outlived them and raised in every later change)."""
    import sys

    from boostdesk.demo import fill_demo
    from boostdesk.ui.main_window import SCREENS

    raised: list[str] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, v, tb: raised.append(f"{t.__name__}: {v}"))
    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    fill_demo(reg)
    backup_register(reg.path, "manual")
    ctx = AppContext(reg, 2022, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    index = {label: i for i, (label, *_rest) in enumerate(SCREENS)}
    for label in ("专家评审", "公示", "拨付", "打印"):
        window.show_screen(index[label])
    window.restore_action.trigger()
    dialog = window.current_dialog
    dialog.list.setCurrentRow(0)
    dialog.accept()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)  # restored in the background
    window.show_screen(index["专利助推"])
    ctx.set_year(2021)
    ctx.changed.emit("all")
    qtbot.wait(20)
    try:
        assert raised == []
    finally:
        ctx.reg.close()


def test_a_backup_from_before_the_year_in_view_was_made_opens_on_its_newest_year(
        tmp_path, qtbot, qapp, answers, qsettings):
    """Restoring a backup taken before 2023 was set up, with 2023 in view: the window kept
    2023, its year box showed 2022, and every screen was empty (公示 and 拨付 failed)."""
    from dataclasses import replace

    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    reg.save_patent(patent("甲"))
    backup_register(reg.path, "manual")
    reg.save_campaign(replace(reg.campaign(2022), year=2023, title="2023年度职工创新助推计划"))
    ctx = AppContext(reg, 2023, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.restore_action.trigger()
    dialog = window.current_dialog
    dialog.list.setCurrentRow(0)
    dialog.accept()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)  # restored in the background
    try:
        assert ctx.reg is not reg and ctx.reg.campaign_years() == [2022]
        assert ctx.year == 2022
        assert window.year_box.currentData() == 2022 and "2022 年度" in window.windowTitle()
        assert window.screens[0].model.total == 1
        for i in range(window.nav.count()):
            if window.enabled(i):
                window.show_screen(i)
        assert answers.errors == []
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()


@pytest.mark.parametrize("damage", ["scribbled", "garbled-name"])
def test_a_damaged_backup_chosen_leaves_the_window_working_on_its_register(
        tmp_path, qtbot, qapp, answers, qsettings, damage):
    """Restore refused a damaged backup, after the window had closed its register: every
    later save failed with "Cannot operate on a closed database", the lock given up.
    garbled-name: its copy's schema names a table in bytes that are not UTF-8."""
    import random

    from test_backup import garble_a_table_name

    from boostdesk.safety import holder

    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    for i in range(40):
        reg.save_patent(patent(f"专利{i}"))
    bad = backup_register(reg.path, "manual")
    if damage == "garbled-name":
        garble_a_table_name(bad.path)
    else:
        with bad.path.open("r+b") as fh:  # a failing disk under the backup folder
            for offset in range(4096, bad.path.stat().st_size, 8192):
                fh.seek(offset + 8)
                fh.write(random.Random(offset).randbytes(64))  # same each run
    chosen = bad.path.read_bytes()
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.restore_action.trigger()
    dialog = window.current_dialog
    dialog.list.setCurrentRow(0)
    dialog.accept()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)  # restored in the background
    try:
        assert len(answers.errors) == 1 and "不能用来恢复" in answers.errors[0][1]
        assert bad.path.read_bytes() == chosen
        assert not ctx.reg.closed
        assert ctx.reg.save_patent(patent("恢复失败之后"))
        assert registered(ctx.reg) == 41
        assert holder(ctx.reg.path) is None and ctx.reg.lock is not None  # still ours
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()


def test_a_restore_failing_half_way_leaves_the_window_on_its_register(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """The disk fills while the backup is copied in: the register is left as it was, and
    the window goes on working on it (it had closed it, for good)."""
    import errno

    from boostdesk.safety import backup as backup_module

    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    reg.save_patent(patent("甲"))
    backup_register(reg.path, "manual")
    reg.save_patent(patent("乙"))
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()

    def disk_full(source, target):
        raise OSError(errno.ENOSPC, "磁盘已满")

    monkeypatch.setattr(backup_module, "copy_database", disk_full)
    window.restore_action.trigger()
    dialog = window.current_dialog
    dialog.list.setCurrentRow(0)
    dialog.accept()
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)  # restored in the background
    try:
        assert len(answers.errors) == 1 and "登记册未被改动" in answers.errors[0][1]
        assert not ctx.reg.closed and registered(ctx.reg) == 2
        assert window.screens[0].model.total == 2
        ctx.reg.save_patent(patent("丙"))
        assert registered(ctx.reg) == 3
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()


def test_a_restored_register_that_cannot_then_be_opened_closes_the_window_saying_so(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """The backup replaced the register, whose opening then failed (an older backup's
    upgrade on a full disk): the window stayed on screens holding the closed register,
    and every later action failed with “Cannot operate on a closed database”."""
    import errno

    from boostdesk.safety import session

    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    reg.save_patent(patent("甲"))
    backup_register(reg.path, "manual")
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    opened = session.open_register

    def full_disk(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if kwargs.get("start_backup") is False and reg.closed:  # the reopening after restore
            raise OSError(errno.ENOSPC, "磁盘已满")
        return opened(path, *args, **kwargs)

    monkeypatch.setattr(session, "open_register", full_disk)
    window.restore_action.trigger()
    dialog = window.current_dialog
    dialog.list.setCurrentRow(0)
    dialog.accept()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=20_000)
    try:
        [(title, text)] = [e[:2] for e in answers.errors]
        assert "未能打开" in title and "已" in text and "磁盘已满" in text
        assert window.screens == {} and not window.nav.isEnabled()
        assert len(answers.questions) == 1  # 恢复? — the close asked nothing more
    finally:
        ctx.shutdown()


def test_a_restore_runs_off_the_ui_thread_with_the_screens_put_aside(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """A 100,000-application register is seconds of copying: the window froze that long
    with nothing said. Now a progress dialog without 取消 (it cannot stop halfway), and no
    screen in view to read the register being replaced."""
    import threading

    from PySide6.QtWidgets import QPushButton

    from boostdesk.safety import session

    real = session.restore_and_reopen
    seen: list[threading.Thread] = []
    go_on = threading.Event()

    def held(*args, **kw):
        seen.append(threading.current_thread())
        go_on.wait(10)
        return real(*args, **kw)

    monkeypatch.setattr(session, "restore_and_reopen", held)
    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    reg.save_patent(patent("甲"))
    backup_register(reg.path, "manual")
    reg.save_patent(patent("乙"))
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.restore_action.trigger()
    dialog = window.current_dialog
    dialog.list.setCurrentRow(0)
    dialog.accept()
    try:
        qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
        assert seen[0] is not threading.main_thread()
        progress = next(iter(ctx._tasks)).dialog
        assert progress.isVisible() and not progress.findChildren(QPushButton)
        progress.reject()  # Esc: the restore goes on
        answers.yes = False  # closing meanwhile: asked to wait for it, not to cancel it
        window.close()
        assert "不能中途停止" in answers.questions[-1] and "取消" not in answers.questions[-1]
        assert window.isVisible()
        answers.yes = True
        assert window.stack.currentWidget() not in window.screens.values()
        go_on.set()
        qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
        assert answers.errors == [] and ctx.reg is not reg
        assert registered(ctx.reg) == 1 and window.screens[0].model.total == 1
        assert window.stack.currentWidget() is window.screens[0]
    finally:
        go_on.set()
        ctx.shutdown()
        window.close()
        ctx.reg.close()


def test_restoring_with_screens_behind_the_one_in_view_reloads_none_on_the_closed_register(
        tmp_path, qtbot, qapp, answers, qsettings):
    """Monkey seed 5: 单位与人员 visited, then 专利助推 and 工作室, back to 单位与人员, a save,
    从备份恢复: the screens behind, stale after the save, came into view one by one as the
    screens were taken down, and reloaded on the register the restore had just closed
    (a traceback)."""
    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    backup_register(reg.path, "manual")
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    for index in (3, 0, 2, 3):
        window.show_screen(index)
    ctx.write("保存", lambda: ctx.reg.save_patent(patent("甲")), changed="all")

    window.restore_action.trigger()
    qtbot.keyClick(window.current_dialog.list, Qt.Key.Key_Return)
    try:
        qtbot.waitUntil(lambda: not ctx.busy and ctx.reg is not reg, timeout=20_000)
        assert answers.errors == []
        assert registered(ctx.reg) == 0
        window.show_screen(0)
        assert window.screens[0].model.total == 0
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()


def test_a_damaged_registers_own_copy_is_shown_greyed_and_never_chosen(tmp_path, qtbot, qapp):
    """A restore over a damaged register keeps it beside the backups, the newest made: the
    dialog chose it first (as `backup list` numbered it 1). It is shown, greyed, marked;
    the newest backup to restore from is the one chosen."""
    import random

    from boostdesk.safety.backup import restore

    path = tmp_path / "register.db"
    reg = open_register(path, "录入员甲", start_backup=False).reg
    for i in range(200):
        reg.save_patent(patent(f"专利{i}" * 20))
    reg.close()
    good = backup_register(path, "manual")
    with path.open("r+b") as fh:  # a failing disk under the register
        for offset in range(4096, path.stat().st_size, 8192):
            fh.seek(offset + 8)
            fh.write(random.Random(offset).randbytes(64))  # same each run
    damaged = restore(good.path, path).safety_copy
    assert damaged is not None and damaged.reason == "damaged"

    dialog = RestoreDialog(path)
    qtbot.addWidget(dialog)
    assert [b.path for b in dialog.backups] == [damaged.path, good.path]
    kept = dialog.list.item(0)
    assert kept.text() == f"{damaged.describe()}——不能用来恢复"
    assert not kept.flags() & Qt.ItemFlag.ItemIsEnabled
    assert not kept.flags() & Qt.ItemFlag.ItemIsSelectable
    assert dialog.list.currentRow() == 1 and dialog.chosen() == good
    assert dialog.restore_button.isEnabled()
    dialog.list.setCurrentRow(0)  # (a click on a greyed row selects nothing)
    assert dialog.chosen() in (None, good)


def test_a_restore_after_ctrl_2_leaves_the_years_menu_and_the_status_bar_working(
        tmp_path, qtbot, qapp, answers, qsettings):
    """IT's tester: Ctrl+2, then 文件 → 从备份恢复…: two 程序出错 boxes (QMenu, then
    QStatusBar "already deleted"), though the restore was done. Ctrl+2 walked the window's
    Tab order to put the keyboard on the list, and PySide made each widget it reached a
    child of the one before; deleting the old screens then killed the Python side of the
    status bar and the 年度 menu, which the window still used."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    reg.save_patent(patent("甲"))
    backup_register(reg.path, "manual")
    reg.save_patent(patent("乙"))
    ctx = AppContext(reg, 2022, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    try:
        press(qtbot, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert window.nav.currentRow() == 1
        assert QApplication.focusWidget() is not None
        assert window.screens[1].isAncestorOf(QApplication.focusWidget())  # on its list
        window.restore_action.trigger()
        dialog = window.current_dialog
        qtbot.waitUntil(dialog.isActiveWindow)
        press(qtbot, Qt.Key.Key_Return)  # the newest backup, chosen
        qtbot.waitUntil(lambda: not ctx.busy and ctx.reg is not reg, timeout=20_000)

        assert answers.errors == []
        assert shiboken6.isValid(window.year_menu) and shiboken6.isValid(window.statusBar())
        assert [a.text() for a in window.year_menu.actions()] == ["2022 年度(&2)"]
        assert window.statusBar().currentMessage().startswith("已用备份")
        assert registered(ctx.reg) == 1
        ctx.changed.emit("campaign")  # the years menu filled again: no error either
        window.statusBar().clearMessage()
        assert answers.errors == []
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()
