"""文件 → 从备份恢复… of a backup an older BoostDesk made: the confirmation says the backup is
of an older format and will be upgraded (the formats, this release, the releases it then
shuts out), and once restored the window says what the upgrade changed, as its opening of
an old register says it. Both went unsaid: the register was upgraded silently. A newer
BoostDesk's backup in the list is refused as it is chosen, the dialog left open."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from fixtures.summary_sheets import CARD_1, INVENTION
from PySide6.QtCore import Qt
from test_ui_support import WindowsOn, answers, qsettings
from test_upgrade_old_release import old_register

from boostdesk.models.records import PatentApplication
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety.backup import BackupInfo, backup_dir, backup_register, list_backups
from boostdesk.safety.session import open_register
from boostdesk.safety.upgrade_notice import closed_to_older, to_this_release
from boostdesk.ui.context import AppContext
from boostdesk.ui.main_window import MainWindow
from boostdesk.ui.restore_dialog import RestoreDialog

__all__ = ["answers", "qsettings"]


@pytest.fixture
def window_on(tmp_path, qtbot, qapp, qsettings):
    """A window on register.db of this release, holding one patent."""
    windows = WindowsOn(qtbot, qsettings)

    def make() -> tuple[AppContext, MainWindow]:
        reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
        reg.save_patent(PatentApplication(2022, title="本版本录入", patent_number_raw=INVENTION,
                                          inventor_name="张三", card_number=CARD_1))
        return windows(reg)

    yield make
    windows.close_all()


def listed_backup_of(register: Path, made_at: Path) -> BackupInfo:
    """A backup of the register at ``made_at`` (named register.db too: this register's own,
    as an older BoostDesk of this office made it), put in ``register``'s backups folder."""
    made = backup_register(made_at, "manual").path
    backup_dir(register).mkdir(exist_ok=True)
    shutil.move(made, backup_dir(register) / made.name)
    (info,) = [b for b in list_backups(register) if b.path.name == made.name]
    return info


def click_restore(qtbot, window: MainWindow, info: BackupInfo) -> RestoreDialog:
    """文件 → 从备份恢复…, a click on ``info`` in the list, then on 恢复."""
    window.restore_action.trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    row = [dialog.list.item(i).text() for i in range(dialog.list.count())].index(
        info.describe())
    rect = dialog.list.visualItemRect(dialog.list.item(row))
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.chosen() == info
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    return dialog


def test_restoring_an_older_backup_says_so_before_and_what_the_upgrade_changed_after(
        tmp_path, qtbot, answers, window_on):
    ctx, window = window_on()
    old_reg = ctx.reg
    backup_register(old_reg.path, "manual")  # a backup of this release's, listed beside it
    (tmp_path / "旧版").mkdir()
    older = listed_backup_of(old_reg.path, old_register(tmp_path / "旧版" / "register.db"))

    click_restore(qtbot, window, older)
    qtbot.waitUntil(lambda: not ctx.busy and ctx.reg is not old_reg, timeout=30_000)
    assert answers.errors == []
    [question] = answers.questions
    assert older.path.name in question and "另存" in question  # the usual confirmation, and
    assert "这份备份是旧版 BoostDesk 留下的（登记册格式 5）" in question  # the upgrade ahead
    assert to_this_release(5) in question and closed_to_older(5) in question
    [(title, said)] = answers.infos  # the opening's notice, after the restore's line
    assert title == "提示"
    assert said.startswith(f"已用备份 {older.path.name} 恢复登记册")
    assert f"已升级到{to_this_release(5)}" in said and "6 笔尚未拨付的尾款" in said
    upgrade = [b for b in list_backups(ctx.reg.path) if b.reason == "upgrade"]
    assert len(upgrade) == 1 and upgrade[0].path.name in said and closed_to_older(5) in said
    assert ctx.reg.scalar("PRAGMA user_version") == SCHEMA_VERSION
    assert "restore" in [b.reason for b in list_backups(ctx.reg.path)]  # its 恢复前, as ever


def test_restoring_a_backup_of_this_release_says_nothing_of_an_upgrade(
        tmp_path, qtbot, answers, window_on):
    ctx, window = window_on()
    old_reg = ctx.reg
    this = backup_register(old_reg.path, "manual")
    click_restore(qtbot, window, this)
    qtbot.waitUntil(lambda: not ctx.busy and ctx.reg is not old_reg, timeout=30_000)
    [question] = answers.questions
    assert "升级" not in question and answers.infos == [] and answers.errors == []


def test_a_listed_backup_of_a_newer_boostdesk_is_refused_as_it_is_chosen(
        tmp_path, qtbot, answers, window_on):
    """It was confirmed first, then refused as 恢复失败 with the screens put aside."""
    ctx, window = window_on()
    newer = tmp_path / "新版" / "register.db"
    newer.parent.mkdir()
    backup_register(ctx.reg.path, out=newer)  # a whole copy, made newer:
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    info = listed_backup_of(ctx.reg.path, newer)

    dialog = click_restore(qtbot, window, info)
    [(title, said)] = answers.errors
    assert title == "不能用这份备份恢复"
    assert f"来自更新版本的 BoostDesk（登记册格式 {SCHEMA_VERSION + 1}" in said
    assert "登记册未作任何改动" in said
    assert answers.questions == [] and dialog.isVisible() and not ctx.busy
    assert list_backups(ctx.reg.path) == [info]  # nothing replaced, nothing backed up
