"""`boostdesk restore` of another register's backup: each zip records the register it was
taken of, and `restore other-….zip --db demo.db` put other.db's applications in demo.db's
place without a word. Refused unless asked for (moving a register to a new PC). And the
audit trail names the backup restored from by its full path, window and command alike."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, qsettings

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.safety.backup import backup_register, list_backups
from boostdesk.safety.session import open_register
from boostdesk.ui.context import AppContext
from boostdesk.ui.main_window import MainWindow

__all__ = ["answers", "qsettings"]


def _register(path: Path, title: str) -> Path:
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title=title))
    return path


def _titles(path: Path) -> list[str]:
    with Register.open(path, operator="查看") as reg:
        return [a.title for a in reg.patents(2022)]


def _restore_lines(path: Path) -> list[dict]:
    with Register.open(path, operator="查看") as reg:
        return [json.loads(r[0]) for r in reg.conn.execute(
            "SELECT after FROM audit_events WHERE action = 'restore' ORDER BY id")]


def test_another_register_s_backup_is_refused_naming_both(tmp_path, capsys):
    demo = _register(tmp_path / "demo.db", "焊缝检测")
    other = _register(tmp_path / "other.db", "别的登记册")
    theirs = backup_register(other, "manual").path
    before = demo.read_bytes()
    assert main(["restore", str(theirs), "--db", str(demo)]) == 1
    err = capsys.readouterr().err
    assert (f"备份 {theirs.name} 是登记册 other.db 的备份，不是登记册 demo.db 的：未恢复" in err)
    assert "--other-register" in err and "换电脑" in err
    assert demo.read_bytes() == before
    assert _titles(demo) == ["焊缝检测"]
    assert [b.reason for b in list_backups(demo)] == []  # not even its 恢复前 copy


def test_it_is_restored_when_asked_for(tmp_path, capsys):
    demo = _register(tmp_path / "demo.db", "焊缝检测")
    theirs = backup_register(_register(tmp_path / "other.db", "别的登记册"), "manual").path
    assert main(["restore", str(theirs), "--db", str(demo), "--other-register"]) == 0
    assert "已用备份" in capsys.readouterr().out
    assert _titles(demo) == ["别的登记册"]
    assert [b.reason for b in list_backups(demo)] == ["restore"]  # demo as it was, kept


def test_its_own_backup_and_a_new_pc_s_empty_place_need_no_option(tmp_path, capsys):
    demo = _register(tmp_path / "demo.db", "焊缝检测")
    own = backup_register(demo, "manual").path
    assert main(["restore", str(own), "--db", str(demo)]) == 0
    theirs = backup_register(_register(tmp_path / "other.db", "别的登记册"), "manual").path
    new_pc = tmp_path / "新电脑" / "register.db"
    new_pc.parent.mkdir()
    assert main(["restore", str(theirs), "--db", str(new_pc)]) == 0  # nothing replaced
    assert _titles(new_pc) == ["别的登记册"]


def test_the_command_line_records_the_full_path_of_a_backup_named_relatively(
        tmp_path, capsys, monkeypatch):
    demo = _register(tmp_path / "demo.db", "焊缝检测")
    own = backup_register(demo, "manual").path
    monkeypatch.chdir(own.parent)
    assert main(["restore", own.name, "--db", str(demo)]) == 0
    assert _restore_lines(demo)[-1]["file"] == str(own)


def test_the_window_records_the_full_path_too(tmp_path, qtbot, qapp, answers, qsettings,
                                              monkeypatch):
    """A window on a register named relatively (BOOSTDESK_DATA=data) recorded
    `backups/register-….zip` in the audit trail, the command line the full path."""
    monkeypatch.chdir(tmp_path)
    reg = open_register(Path("register.db"), "录入员甲", start_backup=False).reg
    reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    made = backup_register(reg.path, "manual")
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.restore_action.trigger()
    dialog = window.current_dialog
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
    assert answers.errors == []
    # the window goes before its register closes: a repaint of its lists after the close
    # read a closed database (the window fixture's order, test_ui_support)
    window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: not window.isVisible())
    QApplication.processEvents()
    ctx.reg.close()
    assert _restore_lines(tmp_path / "register.db")[-1]["file"] == str(tmp_path / made.path)
    assert Path(_restore_lines(tmp_path / "register.db")[-1]["file"]).is_absolute()
