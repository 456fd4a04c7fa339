"""文件 → 立即备份 and 备份到…: the window backs its register up as `boostdesk backup` and
`backup --out FILE` do. On Windows the command line is boostdesk-cli.exe, which a clerk
never opens: without these the window had no way to back up, and a copy to a USB stick
was copied by hand. Also F1 lists their keys, and the start-up backup's failure names
them (it said 登记册未被改动。登记册未受影响 and to run `boostdesk backup`)."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QPushButton
from test_ui_support import answers, qsettings

from boostdesk.models import PatentApplication, Register
from boostdesk.safety.backup import list_backups
from boostdesk.safety.session import open_read_only, open_register
from boostdesk.ui.context import AppContext
from boostdesk.ui.main_window import MainWindow

__all__ = ["answers", "qsettings"]

ALT = Qt.KeyboardModifier.AltModifier


def _window(qtbot, reg, qsettings) -> tuple[AppContext, MainWindow]:
    ctx = AppContext(reg, settings=qsettings)
    ctx.set_operator("录入员甲")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)  # keys reach it
    return ctx, window


def _register(tmp_path: Path) -> Register:
    reg = open_register(tmp_path / "register.db", "录入员甲", start_backup=False).reg
    reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    return reg


def held_backup(monkeypatch) -> tuple[threading.Event, threading.Event]:
    """The backup's copy waits for ``go_on`` (``started`` set once it waits): a large
    register's seconds, or a USB stick's minute, held."""
    from boostdesk.safety import backup as backup_module

    real = backup_module.copy_database
    started, go_on = threading.Event(), threading.Event()

    def held(*args, **kwargs):
        started.set()
        go_on.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(backup_module, "copy_database", held)
    return started, go_on


def _file_menu(qtbot, window, letter: Qt.Key) -> None:
    """Alt+F, then the entry's underlined letter, as a clerk picks it from the keyboard."""
    qtbot.keyClick(window, Qt.Key.Key_F, ALT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=5000)
    menu = QApplication.activePopupWidget()
    assert menu.title() == "文件(&F)"
    qtbot.keyClick(menu, letter)


def _titles(path: Path) -> list[str]:
    with Register.open(path, operator="查看") as reg:
        return [a.title for a in reg.patents(2022)]


def test_alt_f_b_backs_up_into_the_backup_folder_and_says_where_and_how_big(
        tmp_path, qtbot, qapp, answers, qsettings):
    reg = _register(tmp_path)
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        assert list_backups(reg.path) == []
        _file_menu(qtbot, window, Qt.Key.Key_B)
        qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
        [made] = list_backups(reg.path)
        assert made.reason == "manual" and made.path.suffix == ".zip"  # as `boostdesk backup`
        assert made.path.parent == tmp_path / "backups"
        [(title, said)] = answers.infos
        assert title == "已备份" and str(made.path) in said and "KB）" in said
        assert answers.errors == []
    finally:
        ctx.shutdown()
        window.close()
        reg.close()


def test_cancel_while_backing_up_leaves_no_backup_and_says_so(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """A large register takes seconds (9.5 s at ten years), a USB stick a minute: the
    progress dialog has 取消 (the restore's has none), and a cancel leaves no file."""
    reg = _register(tmp_path)
    started, go_on = held_backup(monkeypatch)
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        window.backup_now_action.trigger()
        qtbot.waitUntil(started.is_set, timeout=10_000)
        progress = next(iter(ctx._tasks)).dialog
        qtbot.waitUntil(progress.isVisible, timeout=5000)
        [cancel] = [b for b in progress.findChildren(QPushButton) if b.text() == "取消"]
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
        go_on.set()
        qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)
        assert answers.errors == [] and answers.infos == []
        assert window.statusBar().currentMessage() == "已取消备份，未写入备份文件"
        assert list_backups(reg.path) == []
        assert [p.name for p in (tmp_path / "backups").iterdir()] == []  # no hidden copy
    finally:
        go_on.set()
        ctx.shutdown()
        window.close()
        reg.close()


def test_backup_to_writes_the_command_line_s_plain_copy_on_a_stick_audited(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    reg = _register(tmp_path)
    stick = tmp_path / "U盘"
    stick.mkdir()
    asked: list[str] = []

    def save_as(_parent, _title, suggested, filters, *args):
        asked.append(suggested)
        [plain] = [f for f in filters.split(";;") if "*.db" in f]
        return str(stick / "登记册备份"), plain  # typed without an extension, .db chosen

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        _file_menu(qtbot, window, Qt.Key.Key_T)
        qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
        copy = stick / "登记册备份.db"
        assert Path(asked[0]).name.startswith("register-备份-") and asked[0].endswith(".zip")
        assert copy.read_bytes()[:16] == b"SQLite format 3\x00"  # plain, as `backup --out`
        assert _titles(copy) == ["焊缝检测"]
        assert list_backups(reg.path) == []  # not one of backups/, never rotated
        [(title, said)] = answers.infos
        assert title == "已备份" and str(copy) in said and "已记入修改记录" in said
        [line] = reg.conn.execute(
            "SELECT operator, after FROM audit_events WHERE action = 'backup_out'").fetchall()
        assert line[0] == "录入员甲" and json.loads(line[1])["to"] == str(copy.resolve())
        # the stick's folder is offered the next time
        window.backup_to_action.trigger()
        assert Path(asked[1]).parent == stick
        qtbot.waitUntil(lambda: not ctx.busy, timeout=20_000)  # closed only once it is done
    finally:
        ctx.shutdown()
        window.close()
        reg.close()


def _zip_titles(zipped: Path, tmp_path: Path) -> list[str]:
    """The titles of the register copy inside a backup zip (as restore reads it)."""
    import zipfile

    with zipfile.ZipFile(zipped) as zf:
        assert zf.testzip() is None
        [member] = [n for n in zf.namelist() if n.endswith(".db")]
        assert member == zipped.with_suffix(".db").name and "数据说明.md" in zf.namelist()
        out = tmp_path / "解压"
        zf.extract(member, out)
    return _titles(out / member)


def test_backup_to_writes_the_backups_zip_by_default_and_replaces_it_when_asked(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """备份到… wrote only plain SQLite, while `backup --out X.zip` writes the zip with
    数据说明.md: the dialog's first filter is now that zip. Saving again over it (the save
    dialog asked 替换?) replaces it with the new state, as `--replace` does."""
    from boostdesk.safety.backup import backup_of

    reg = _register(tmp_path)
    stick = tmp_path / "U盘"
    stick.mkdir()
    offered: list[tuple[str, str]] = []

    def save_as(_parent, _title, suggested, filters, selected="", *args):
        offered.append((suggested, filters.split(";;")[0]))
        assert selected == filters.split(";;")[0]  # the zip chosen unless changed
        return str(stick / "登记册备份.zip"), selected

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        _file_menu(qtbot, window, Qt.Key.Key_T)
        qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
        zipped = stick / "登记册备份.zip"
        assert offered[0][0].endswith(".zip") and "*.zip" in offered[0][1]
        assert zipped.read_bytes()[:4] == b"PK\x03\x04"
        assert _zip_titles(zipped, tmp_path / "一") == ["焊缝检测"]
        assert backup_of(zipped) == "register.db"  # restore knows its register
        assert "压缩文件" in answers.infos[-1][1] and "已记入修改记录" in answers.infos[-1][1]
        assert list_backups(reg.path) == []  # not one of backups/

        reg.save_patent(PatentApplication(2022, inventor_name="李四", title="轴承监测"))
        window.backup_to_action.trigger()  # the same file: the dialog asked, 是
        qtbot.waitUntil(lambda: not ctx.busy and len(answers.infos) == 2, timeout=20_000)
        assert answers.errors == []
        assert sorted(_zip_titles(zipped, tmp_path / "二")) == ["焊缝检测", "轴承监测"]
        assert [p.name for p in stick.iterdir()] == ["登记册备份.zip"]  # no hidden copy left
        lines = reg.conn.execute(
            "SELECT after FROM audit_events WHERE action = 'backup_out'").fetchall()
        assert [json.loads(a)["to"] for (a,) in lines] == [str(zipped.resolve())] * 2
    finally:
        ctx.shutdown()
        window.close()
        reg.close()


def test_backup_to_a_name_without_extension_asks_before_replacing_the_zip_it_means(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """登记册备份 typed in a dialog that adds no extension: the dialog asked nothing about
    登记册备份.zip, so the window asks before replacing it; 取消 leaves it as it was."""
    reg = _register(tmp_path)
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _p, _t, _s, filters, *a: (str(stick / "登记册备份"),
                                                         filters.split(";;")[0]))
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        window.backup_to_action.trigger()
        qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
        zipped = stick / "登记册备份.zip"
        before = zipped.read_bytes()
        answers.yes = False
        window.backup_to_action.trigger()
        assert not ctx.busy and len(answers.infos) == 1
        assert "登记册备份.zip 已存在，要用这次的备份替换它吗？" in answers.questions[-1]
        assert zipped.read_bytes() == before
    finally:
        ctx.shutdown()
        window.close()
        reg.close()


def test_backup_to_a_stick_not_plugged_in_is_refused_and_nothing_made(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """`backup --out E:\\备份.db` with no E: is refused; backup_register alone made the
    folder (E: a folder name on the computer's own disk) and wrote the copy there."""
    reg = _register(tmp_path)
    missing = tmp_path / "E盘"
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(missing / "备份.db"), ""))
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        window.backup_to_action.trigger()
        assert not ctx.busy
        [(title, said)] = answers.errors
        assert said == f"文件夹不存在：{missing}（U 盘或网络盘是否已接好？）；备份未写入"
        assert not missing.exists()
    finally:
        ctx.shutdown()
        window.close()
        reg.close()


def test_a_read_only_window_backs_up_as_the_command_line_does(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """Another BoostDesk holds the register: `backup` and `backup --out` still copy it
    (the domain refuses neither), the copy said unrecorded. So does the window."""
    holder = _register(tmp_path)  # the other window, holding the lock
    ro = open_read_only(holder.path, "录入员乙", None)
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(stick / "备份.db"), ""))
    ctx, window = _window(qtbot, ro, qsettings)
    try:
        assert ctx.read_only
        assert window.backup_now_action.isEnabled() and window.backup_to_action.isEnabled()
        window.backup_to_action.trigger()
        qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
        assert _titles(stick / "备份.db") == ["焊缝检测"]
        assert "这份备份未能记入修改记录" in answers.infos[-1][1]
        # noted beside the register for 删除个人信息 (copies_aside), and said so
        assert "删除个人信息时会列出这个文件" in answers.infos[-1][1]
        from boostdesk.safety.copies_aside import pending

        assert [e["after"]["to"] for e in pending(holder.path)] == [
            str((stick / "备份.db").resolve())]
        window.backup_now_action.trigger()
        qtbot.waitUntil(lambda: not ctx.busy and len(answers.infos) == 2, timeout=20_000)
        assert [b.reason for b in list_backups(holder.path)] == ["manual"]
        assert answers.errors == []
    finally:
        ctx.shutdown()
        window.close()
        ro.close()
        holder.close()


def test_f1_lists_the_backup_entries_keys(tmp_path, qtbot, qapp, answers, qsettings):
    reg = _register(tmp_path)
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        from boostdesk.ui.help_dialogs import KeysPage

        qtbot.keyClick(window, Qt.Key.Key_F1)  # 工作流程, the keys in its 快捷键 tab
        keys = window.findChild(KeysPage)
        rows = keys.rows
        assert "Alt+F，B" in keys.text.text() and "立即备份" in keys.text.text()
        assert ("Alt+F，B", "文件：立即备份") in rows
        assert ("Alt+F，T", "文件：备份到…") in rows
        assert ("Alt+O", "从备份恢复：从其他位置（如 U 盘）选择备份文件") in rows
        assert ("Ctrl+I", "导入汇总表…") in rows  # the shortcuts as before
    finally:
        ctx.shutdown()
        window.close()
        reg.close()


def test_a_failed_start_backup_says_so_once_and_names_the_window_s_own_entries(
        tmp_path, qtbot, qapp, answers, monkeypatch):
    """A disk nearly full: the start-up backup failed, and the window said
    …登记册未被改动。登记册未受影响，可在命令行运行 boostdesk backup 手动备份."""
    from PySide6.QtWidgets import QWidget

    from boostdesk.safety import backup as backup_module
    from boostdesk.ui.app import start_backup_task

    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    reg = _register(tmp_path)
    reg.close()
    monkeypatch.setattr(backup_module, "copy_database", full)
    window = QWidget()
    qtbot.addWidget(window)
    start_backup_task(tmp_path / "register.db", window).wait()
    qtbot.waitUntil(lambda: bool(answers.infos), timeout=10_000)
    said = answers.infos[-1][1]
    assert said.startswith("启动时自动备份失败：备份登记册失败："), said
    assert said.count("登记册未被改动") + said.count("未受影响") == 1, said
    assert "命令行" not in said and "boostdesk backup" not in said
    assert "“文件”→“立即备份”" in said and "“文件”→“备份到…”" in said


def test_on_a_full_disk_the_window_copies_the_register_to_a_stick(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """The disk nearly full: the window opens read-only, saying the register can be
    backed up to another disk (it said: on the command line, boostdesk backup --out).
    立即备份 is refused naming 备份到…, which copies it to the stick."""
    import shutil

    from small_disk import fill_disk, small_disk

    made = _register(tmp_path)
    made.close()
    stick = tmp_path / "U盘"
    stick.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *_a, **_k: (str(stick / "备份.db"), ""))
    with small_disk(tmp_path / "满盘", "2M") as folder:
        path = folder / "register.db"
        shutil.copy(made.path, path)
        fill_disk(folder, leave=300_000)
        reg = open_register(path, "录入员甲", start_backup=False).reg
        ctx, window = _window(qtbot, reg, qsettings)
        try:
            assert ctx.read_only and "“文件”→“备份到…”" in reg.read_only_message
            window.backup_now_action.trigger()
            [(_title, said)] = answers.errors
            assert "磁盘空间已满" in said and "可用“文件”→“备份到…”把它备份到另一个磁盘" in said
            assert not ctx.busy and not (folder / "backups").exists()
            window.backup_to_action.trigger()
            qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
            assert _titles(stick / "备份.db") == ["焊缝检测"]
            assert "未能记入修改记录" in answers.infos[-1][1]
        finally:
            ctx.shutdown()
            window.close()
            reg.close()


def test_backup_to_another_register_is_refused_and_another_name_asked(
        tmp_path, qtbot, qapp, answers, qsettings, monkeypatch):
    """备份到… replaces what its save dialog chose (the dialog asked 替换?): chosen
    other_register.db, another register's file, it was overwritten (2 people became 61).
    Now refused, saying whose it is, and the dialog asked again for another name; this
    register's own backup there is still replaced."""
    reg = _register(tmp_path)
    stick = tmp_path / "U盘"
    stick.mkdir()
    other = stick / "other_register.db"
    with Register.open(other, operator="赵六") as theirs:
        theirs.save_patent(PatentApplication(2022, inventor_name="赵六", title="别人的申报"))
    before = other.read_bytes()
    mine = stick / "本登记册备份.zip"
    chosen = [other, mine, mine]
    asked: list[str] = []

    def save_as(_parent, _title, suggested, filters, *args):
        asked.append(suggested)
        return str(chosen.pop(0)), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    ctx, window = _window(qtbot, reg, qsettings)
    try:
        _file_menu(qtbot, window, Qt.Key.Key_T)
        qtbot.waitUntil(lambda: not ctx.busy and bool(answers.infos), timeout=20_000)
        [(title, said)] = answers.errors
        assert title == "不能覆盖" and f"“{other}”是一个登记册文件" in said
        assert "不能用本登记册的备份覆盖它" in said and "请换一个文件名" in said
        assert other.read_bytes() == before and _titles(other) == ["别人的申报"]
        assert len(asked) == 2 and asked[1] == str(other)  # asked again, where she was
        assert _zip_titles(mine, tmp_path / "一") == ["焊缝检测"]
        # this register's backup chosen again: replaced (the dialog asked)
        reg.save_patent(PatentApplication(2022, inventor_name="李四", title="轴承监测"))
        window.backup_to_action.trigger()
        qtbot.waitUntil(lambda: not ctx.busy and len(answers.infos) == 2, timeout=20_000)
        assert len(answers.errors) == 1
        assert sorted(_zip_titles(mine, tmp_path / "二")) == ["焊缝检测", "轴承监测"]
    finally:
        ctx.shutdown()
        window.close()
        reg.close()
