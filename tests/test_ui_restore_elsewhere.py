"""从备份恢复… → 从其他位置选择…: a backup kept elsewhere (a USB stick, the old PC's
register brought to a new one) restored from the window. The dialog listed only this
register's backups/ folder: on Windows a clerk had boostdesk-cli.exe or copying files by
hand. The file is checked as `restore` checks it; another register's backup is asked
about, naming both; then restored as a listed one (the register backed up first, the
audit line naming the file by its full path). And the status bar says so whole."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog
from test_ui_support import WindowsOn, answers, qsettings

from boostdesk.models import PatentApplication, Register
from boostdesk.models.schema import SCHEMA_VERSION
from boostdesk.safety.backup import backup_register, list_backups
from boostdesk.safety.session import open_register
from boostdesk.ui.restore_dialog import RestoreDialog

__all__ = ["answers", "qsettings"]


def _register(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title=title))
    return path


def _titles(reg) -> list[str]:
    return [a.title for a in reg.patents(2022)]


@pytest.fixture
def window_on(tmp_path, qtbot, qapp, qsettings):
    """A window on register.db (焊缝检测), no backups in its folder yet."""
    windows = WindowsOn(qtbot, qsettings)

    def make(width: int = 1366):
        path = _register(tmp_path / "本机" / "register.db", "焊缝检测")
        return windows(open_register(path, "录入员甲", start_backup=False).reg, width)

    yield make
    windows.close_all()


def _choose(qtbot, window, monkeypatch, path: Path) -> RestoreDialog:
    """文件 → 从备份恢复…, then a click on 从其他位置选择… and ``path`` chosen."""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(path), ""))
    window.restore_action.trigger()
    dialog = window.current_dialog
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    qtbot.mouseClick(dialog.elsewhere_button, Qt.MouseButton.LeftButton)
    return dialog


def _restore_lines(reg) -> list[dict]:
    return [json.loads(r[0]) for r in reg.conn.execute(
        "SELECT after FROM audit_events WHERE action = 'restore' ORDER BY id")]


@pytest.mark.parametrize("kind", ["zip", "plain"])
def test_a_backup_on_a_stick_is_restored_as_a_listed_one(
        kind, tmp_path, qtbot, answers, window_on, monkeypatch):
    """Its zip (a backup copied off backups/), or the plain copy `backup --out` and
    备份到… write, or an older BoostDesk's plain backup."""
    ctx, window = window_on()
    old = ctx.reg
    stick = tmp_path / "U盘"
    stick.mkdir()
    if kind == "zip":
        made = backup_register(old.path, "manual").path
        on_stick = stick / made.name
        shutil.move(made, on_stick)
    else:
        on_stick = stick / "登记册备份.db"
        backup_register(old.path, "manual", out=on_stick)
    old.save_patent(PatentApplication(2022, inventor_name="李四", title="备份之后录入"))
    assert list_backups(old.path) == []  # nothing in the list: the stick is the only way

    dialog = _choose(qtbot, window, monkeypatch, on_stick)
    qtbot.waitUntil(lambda: not ctx.busy and ctx.reg is not old, timeout=20_000)
    assert answers.errors == []
    [question] = answers.questions  # the usual confirmation, naming the file where it is
    assert str(on_stick) in question and "另存" in question
    assert dialog.chosen_file() == on_stick
    assert _titles(ctx.reg) == ["焊缝检测"]
    assert window.screens[0].model.total == 1
    assert [b.reason for b in list_backups(ctx.reg.path)] == ["restore"]  # backed up first
    assert _restore_lines(ctx.reg)[-1]["file"] == str(on_stick)  # its full path


def test_another_register_s_backup_is_asked_about_naming_both(
        tmp_path, qtbot, answers, window_on, monkeypatch):
    """Refused without a word by the domain unless asked for: the window asks, naming
    both registers and the case it is right for (the old PC's register moved to a new
    one). 另选备份 leaves the dialog open and the register as it was."""
    ctx, window = window_on()
    old = ctx.reg
    theirs = backup_register(_register(tmp_path / "旧电脑" / "旧登记册.db", "旧电脑的申报"),
                             "manual").path
    answers.yes = False
    dialog = _choose(qtbot, window, monkeypatch, theirs)
    [question] = answers.questions
    assert f"备份 {theirs.name} 是登记册 旧登记册.db 的备份，不是本窗口的登记册 register.db" in question
    assert "换电脑后把旧电脑的登记册搬过来" in question
    assert dialog.isVisible() and not ctx.busy and ctx.reg is old
    assert _titles(ctx.reg) == ["焊缝检测"] and list_backups(old.path) == []

    answers.yes = True
    qtbot.mouseClick(dialog.elsewhere_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctx.busy and ctx.reg is not old, timeout=20_000)
    assert answers.errors == []
    assert len(answers.questions) == 3  # asked again, then the usual confirmation
    assert "旧登记册.db 的备份，将替换登记册 register.db" in answers.questions[-1]
    assert _titles(ctx.reg) == ["旧电脑的申报"]
    assert [b.reason for b in list_backups(ctx.reg.path)] == ["restore"]


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "专利助推汇总表"
    book.save(path)
    return path


@pytest.mark.parametrize("name", ["汇总表.xlsx", "汇总表.zip"])
def test_an_excel_workbook_is_refused_named_as_one(
        name, tmp_path, qtbot, answers, window_on, monkeypatch):
    """It was refused as 不是 BoostDesk 的备份：压缩文件中没有（或不止一个）登记册文件（.db）,
    which does not tell a clerk that she picked the table, not the backup."""
    ctx, window = window_on()
    old = ctx.reg
    workbook = _workbook(tmp_path / name)
    dialog = _choose(qtbot, window, monkeypatch, workbook)
    [(title, said)] = answers.errors
    assert said == (f"{name} 是 Excel 表格，不是 BoostDesk 的备份，不能用来恢复；"
                    "登记册未作任何改动")
    assert answers.questions == [] and dialog.isVisible() and ctx.reg is old


def test_a_newer_boostdesk_s_backup_is_refused(
        tmp_path, qtbot, answers, window_on, monkeypatch):
    ctx, window = window_on()
    made = backup_register(ctx.reg.path, "manual").path
    newer = tmp_path / "新版备份.zip"
    shutil.copy(made, newer)
    with zipfile.ZipFile(newer, "a") as zf:  # as a later BoostDesk records it
        meta = json.loads(zf.comment)
        zf.comment = json.dumps({**meta, "schema": SCHEMA_VERSION + 1}).encode()
    dialog = _choose(qtbot, window, monkeypatch, newer)
    [(_title, said)] = answers.errors
    assert "来自更新版本的 BoostDesk" in said and dialog.isVisible()
    assert answers.questions == []


def test_the_dialog_of_a_register_with_no_backups_offers_the_button(
        tmp_path, qtbot, answers, window_on, monkeypatch):
    """A new PC: no backups here, the old one's on a stick. Alt+O chooses it."""
    ctx, window = window_on()
    window.restore_action.trigger()
    dialog = window.current_dialog
    assert not dialog.restore_button.isEnabled() and dialog.elsewhere_button.isEnabled()
    labels = " ".join(w.text() for w in dialog.findChildren(type(dialog.elsewhere_button)))
    assert "从其他位置选择" in labels
    chosen: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_a, **_k: chosen.append("asked") or ("", ""))
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    qtbot.keyClick(dialog.list, Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: chosen == ["asked"], timeout=5000)  # (a mnemonic animates its click)
    assert dialog.isVisible()  # cancelled: the dialog stays


@pytest.mark.parametrize("width", [1366, 1024])
def test_the_status_bar_after_a_restore_is_read_whole(
        width, tmp_path, qtbot, answers, window_on, monkeypatch):
    """It was cut off by the counts: mid-file-name at 1366, after the first name at 1024.
    The register's path went (the title names it), and the counts give way while it
    shows; they are back once it clears."""
    ctx, window = window_on(width)
    old = ctx.reg
    backup_register(old.path, "manual")
    window.restore_action.trigger()
    window.current_dialog.accept()
    qtbot.waitUntil(lambda: not ctx.busy and ctx.reg is not old, timeout=20_000)
    qtbot.wait(20)  # the status bar laid out again
    bar = window.statusBar()
    message = bar.currentMessage()
    assert message.startswith("已用备份 register-") and "恢复前的登记册另存为" in message
    shown = [w for w in (window.counts_label, window.operator_label) if w.isVisible()]
    room = shown[0].geometry().left() - 8  # QStatusBar draws it from 6 px to 2 px short
    assert bar.fontMetrics().horizontalAdvance(message) <= room, (message, room)
    assert window.operator_label.isVisible()
    bar.clearMessage()
    assert window.counts_label.isVisible() and window.counts_label.text().startswith("专利：")
    window.show_notice("已保存")  # a message that fits leaves them in place
    assert window.counts_label.isVisible()
