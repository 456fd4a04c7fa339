"""A backup made before a 删除个人信息 brings the erased person back: `restore` refuses it
unless --undo-erasure, naming how many and their 人员N numbers (never their names); the
window's confirmation says the same."""

from __future__ import annotations

from PySide6.QtCore import Qt
from test_erase_person import AFTER, WANG, path  # noqa: F401 - the erasable register
from test_ui_support import answers, qsettings

from boostdesk import erase_person
from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.safety.backup import backup_register, list_backups
from boostdesk.safety.session import open_register
from boostdesk.ui.context import AppContext
from boostdesk.ui.main_window import MainWindow

__all__ = ["answers", "path", "qsettings"]


def _erased_after_backup(db):
    """A backup, then 王小五 erased: (the backup, his person id)."""
    before = backup_register(db, "manual")
    reg = Register.open(db, operator="测试员")
    try:
        pid = reg.scalar("SELECT id FROM people WHERE name = ?", (WANG,))
        erase_person.erase(reg, WANG, "期满", AFTER, backup=False)
    finally:
        reg.close()
    return before, pid


def _names(db):
    reg = Register.open(db, operator="测试员")
    try:
        return {r[0] for r in reg.conn.execute("SELECT name FROM people")}
    finally:
        reg.close()


def test_restore_refuses_a_backup_bringing_erased_people_back_unless_asked(path, capsys):
    before, pid = _erased_after_backup(path)
    capsys.readouterr()
    assert main(["restore", str(before.path), "--db", str(path)]) == 1
    said = capsys.readouterr().err
    assert f"已删除个人信息的 1 人（人员{pid}）" in said and "--undo-erasure" in said
    assert WANG not in said
    assert WANG not in _names(path)  # nothing replaced

    assert main(["restore", str(before.path), "--db", str(path), "--undo-erasure"]) == 0
    assert WANG in _names(path)


def test_restore_of_a_backup_made_after_the_erasure_asks_nothing(path, capsys):
    _erased_after_backup(path)
    after = backup_register(path, "manual")
    assert main(["restore", str(after.path), "--db", str(path)]) == 0


def test_the_window_s_restore_confirmation_names_the_erased_people(
        path, qtbot, qapp, answers, qsettings):
    _, pid = _erased_after_backup(path)
    reg = open_register(path, "测试员", start_backup=False).reg
    ctx = AppContext(reg, settings=qsettings)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    try:
        window.restore_action.trigger()
        dialog = window.current_dialog
        names = [b.path.name for b in list_backups(reg.path)]
        row = next(i for i in range(dialog.list.count())
                   if "手动" in dialog.list.item(i).text())
        dialog.list.setFocus()
        dialog.list.setCurrentRow(0)
        for _ in range(row):
            qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
        assert answers.questions, (answers.errors, names)
        question = answers.questions[0]
        assert f"已删除个人信息的 1 人（人员{pid}）" in question and "重新出现" in question
        assert WANG not in question
    finally:
        ctx.shutdown()
        window.close()
        ctx.reg.close()


def test_a_lost_register_s_offered_pre_erasure_backup_asks_for_undo_erasure(path, capsys):
    """The register moved away after 删除个人信息: its newest backup is the one taken just
    before; `check` offers it with --undo-erasure said, and restore refuses it without."""
    reg = Register.open(path, operator="测试员")
    try:
        erase_person.erase(reg, WANG, "期满", AFTER)  # (its own "erase" backup first)
    finally:
        reg.close()
    newest = list_backups(path)[0]
    assert newest.reason == "erase"
    path.rename(path.with_name("moved.db"))
    capsys.readouterr()
    assert main(["check", "--db", str(path)]) == 1
    said = capsys.readouterr().err
    assert "删除个人信息之前做的" in said and f'--db "{path}" --undo-erasure' in said
    assert main(["restore", str(newest.path), "--db", str(path)]) == 1
    assert "--undo-erasure" in capsys.readouterr().err and not path.exists()
    assert main(["restore", str(newest.path), "--db", str(path), "--undo-erasure"]) == 0
    assert WANG in _names(path)  # (what was asked for)
