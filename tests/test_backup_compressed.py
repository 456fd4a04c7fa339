"""Backups are zips of the register's copy (a ten-year register's ≈ 60 backups took 1.2 GB
of a roaming profile), and backups an earlier BoostDesk wrote as plain SQLite files stay
listed, checked and restorable; newest first is the order they were made in, not the
clock's."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
import sys
import zipfile
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from boostdesk.safety import (
    backup_register,
    check_integrity,
    last_good_backup,
    list_backups,
    open_register,
    restore,
    restore_and_reopen,
)
from boostdesk.safety.backup import BackupError, check_restorable
from tests.backup_files import change_inside, meta, plain_backup, sqlite_of


def titles(path: Path) -> list[str]:
    with sqlite_of(path) as copy:
        conn = sqlite3.connect(copy)
        try:
            return [r[0] for r in conn.execute(
                "SELECT title FROM patent_applications ORDER BY id")]
        finally:
            conn.close()


def register_with(path: Path, *names: str) -> Path:
    with Register.open(path, operator="录入员") as reg:
        for i in range(200):  # something for the compression to work on
            reg.save_patent(PatentApplication(2022, inventor_name="张三", title=f"焊缝检测装置{i}"))
        for name in names:
            reg.save_patent(PatentApplication(2022, inventor_name="李四", title=name))
    return path


def scribble(file: Path) -> None:
    size = file.stat().st_size
    with file.open("r+b") as fh:
        for offset in range(4096, size, 4096 * 2):
            fh.seek(offset + 8)
            fh.write(random.Random(offset).randbytes(64))  # same each run


def test_a_backup_is_a_zip_of_the_checked_copy_and_smaller(tmp_path):
    path = register_with(tmp_path / "register.db", "备份里的")
    info = backup_register(path, "import")
    assert info.path.suffix == ".zip" and info.path.name.endswith("-import.zip")
    assert zipfile.is_zipfile(info.path)
    with zipfile.ZipFile(info.path) as zf:
        # the copy is named as the backup: extracted beside register.db it replaces nothing
        # and beside it what its tables and columns mean (models.data_dictionary)
        assert zf.namelist() == [info.path.with_suffix(".db").name, "数据说明.md"]
        assert zf.infolist()[0].compress_type == zipfile.ZIP_DEFLATED
        size = zf.infolist()[0].file_size
    assert info.size == info.path.stat().st_size < size / 3
    m = meta(info.path)
    assert m["seq"] == 1 and m["reason"] == "import" and m["register"] == "register.db"
    assert m["bytes"] == size and datetime.fromisoformat(m["made"]) == info.created
    with sqlite_of(info.path) as copy:
        assert check_integrity(copy).ok
    assert titles(info.path)[-1] == "备份里的"
    assert list_backups(path) == [info]
    # no hidden copy left behind, compressed or not
    assert [p.name for p in info.path.parent.iterdir() if p.name.startswith(".")] == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_zip_backup_is_readable_only_by_the_user(tmp_path):
    path = register_with(tmp_path / "register.db")
    info = backup_register(path, "start")
    assert stat.S_IMODE(info.path.stat().st_mode) == 0o600


def test_backup_out_stays_a_plain_sqlite_file(tmp_path):
    """The copy a clerk takes away (`backup --out`) opens in BoostDesk or any SQLite tool."""
    path = register_with(tmp_path / "register.db", "带走的")
    assert main(["backup", "--db", str(path), "--out", str(tmp_path / "u盘.db")]) == 0
    assert (tmp_path / "u盘.db").read_bytes()[:16] == b"SQLite format 3\x00"
    assert check_integrity(tmp_path / "u盘.db").ok


def test_backup_out_named_zip_is_the_backups_zip_and_restores(tmp_path, capsys):
    """`backup --out 手工备份.zip` wrote plain SQLite under a .zip name (Windows: 压缩文件夹
    无效): it is the automatic backups' zip, with 数据说明.md, and `restore` reads it."""
    path = register_with(tmp_path / "register.db", "带走的")
    out = tmp_path / "手工备份.zip"
    assert main(["backup", "--db", str(path), "--out", str(out)]) == 0
    assert "压缩文件，内有登记册副本 手工备份.db 和数据说明.md" in capsys.readouterr().out
    assert zipfile.is_zipfile(out)
    with zipfile.ZipFile(out) as zf:
        assert zf.namelist() == ["手工备份.db", "数据说明.md"]
        assert zf.testzip() is None
    m = meta(out)
    assert m["register"] == "register.db" and m["reason"] == "manual" and m["seq"] == 0
    assert list_backups(path) == []  # taken away: in no folder's count
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="王五", title="备份之后的"))
    assert main(["restore", str(out), "--db", str(path)]) == 0
    assert titles(path)[-1] == "带走的"


def test_a_failed_compression_leaves_no_backup_and_no_hidden_copy(tmp_path, monkeypatch):
    from boostdesk.safety import backup_file

    path = register_with(tmp_path / "register.db")
    backup_register(path, "start")

    def fails(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_file, "write_zip", fails)
    with pytest.raises(BackupError, match="无法写入备份"):
        backup_register(path, "import")
    folder = path.parent / "backups"
    assert len(list_backups(path)) == 1
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


def test_a_zip_damaged_on_the_disk_is_not_the_last_good_backup(tmp_path):
    path = register_with(tmp_path / "register.db")
    older = backup_register(path, "start")
    newer = backup_register(path, "import")
    data = bytearray(newer.path.read_bytes())
    data[len(data) // 3: len(data) // 3 + 64] = random.Random(0).randbytes(64)  # the stream hit
    newer.path.write_bytes(bytes(data))
    assert last_good_backup(path) == older
    with pytest.raises(BackupError, match="不能用来恢复"):
        restore(newer.path, path)


def test_a_zip_whose_copy_is_damaged_is_skipped_and_refused(tmp_path):
    path = register_with(tmp_path / "register.db")
    older = backup_register(path, "start")
    newer = backup_register(path, "import")
    change_inside(newer.path, scribble)
    assert last_good_backup(path) == older
    with pytest.raises(BackupError, match="不能用来恢复"):
        check_restorable(newer.path, path)
    assert [p.name for p in newer.path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_zip_that_is_no_backup_is_refused(tmp_path):
    path = register_with(tmp_path / "register.db")
    other = tmp_path / "照片.zip"
    with zipfile.ZipFile(other, "w") as zf:
        zf.writestr("a.jpg", b"x")
    with pytest.raises(BackupError, match="不是 BoostDesk 的备份"):
        restore(other, path)
    assert titles(path)[-1] == "焊缝检测装置199"


def test_restore_from_a_zip_backup_and_the_copy_kept_of_what_it_replaced(tmp_path):
    path = register_with(tmp_path / "register.db", "好的")
    good = backup_register(path, "payment")
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="王五", title="误操作"))
    result = restore(good.path, path, "录入员")
    assert titles(path)[-1] == "好的"
    assert result.safety_copy is not None and result.safety_copy.path.suffix == ".zip"
    assert titles(result.safety_copy.path)[-1] == "误操作"
    assert list_backups(path)[0] == result.safety_copy  # made last: listed first
    # nothing extracted is left beside the register or in the backups
    hidden = [p.name for folder in (tmp_path, tmp_path / "backups") for p in folder.iterdir()
              if p.name.startswith(".") and p.name.endswith(".tmp")]
    assert hidden == []


def test_backups_an_earlier_boostdesk_wrote_are_listed_checked_and_restored(tmp_path, capsys):
    """Registers in the field have a folder of plain ….db backups: listed with the zips,
    named as last good, restored from the command line, the window and by number."""
    path = register_with(tmp_path / "register.db", "旧版备份里的")
    old = plain_backup(path, "register-20261101-090000-000-payment.db")
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="王五", title="之后的"))
    listed = list_backups(path)
    assert [b.path for b in listed] == [old] and listed[0].reason_zh == "拨付前"
    assert listed[0].seq == 0 and listed[0].size == old.stat().st_size
    assert last_good_backup(path) == listed[0]

    assert main(["restore", old.name, "--db", str(path)]) == 0
    assert titles(path)[-1] == "旧版备份里的"
    assert old.read_bytes()[:16] == b"SQLite format 3\x00"  # left as it was

    opened = open_register(path, "录入员", start_backup=False)
    opened.reg.save_patent(PatentApplication(2022, inventor_name="王五", title="又改的"))
    _result, reopened = restore_and_reopen(opened.reg, old)
    try:
        assert reopened.reg.patents()[-1].title == "旧版备份里的"
    finally:
        reopened.reg.close()
    capsys.readouterr()
    assert main(["backup", "list", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert old.name in out and ".zip" in out


def test_a_damaged_register_is_kept_as_a_zip_of_its_files(tmp_path):
    path = register_with(tmp_path / "register.db", "好的")
    good = backup_register(path, "start")
    raw = path.read_bytes()
    scribble(path)
    result = restore(good.path, path)
    kept = result.safety_copy
    assert kept is not None and kept.reason == "damaged" and kept.path.suffix == ".zip"
    with zipfile.ZipFile(kept.path) as zf:
        name = kept.path.with_suffix(".db").name
        assert set(zf.namelist()) <= {name, f"{name}-wal"}  # its -wal too, as it was
        assert len(zf.read(name)) == len(raw)
    assert list_backups(path)[0] == kept


class _Clock(datetime):
    shift = timedelta(0)

    @classmethod
    def now(cls, tz=None):
        return datetime.now(tz) + cls.shift


def test_the_last_good_backup_is_the_last_made_after_the_clock_was_set_back(
        tmp_path, monkeypatch, capsys):
    """A flat CMOS battery puts the clock two months back: every backup it takes is named
    before last month's, and "the newest" by name was a backup from before the payment
    run just made — the one the window offered to restore a damaged register from."""
    import boostdesk.safety.backup as backup

    path = register_with(tmp_path / "register.db", "上月的")
    last_month = [backup_register(path, "start") for _ in range(2)]
    old_format = plain_backup(path, f"register-{datetime.now():%Y%m%d-%H%M%S}-999-start.db")
    with Register.open(path, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="王五", title="拨付后"))
    monkeypatch.setattr(backup, "datetime", _Clock)
    monkeypatch.setattr(_Clock, "shift", -timedelta(days=60))
    after_payment = backup_register(path, "payment")
    assert after_payment.created < min(b.created for b in last_month)  # named in the past
    listed = list_backups(path)
    assert listed[0] == after_payment
    assert [b.path for b in listed] == [after_payment.path, *(b.path for b in last_month[::-1]),
                                        old_format]
    assert last_good_backup(path) == after_payment
    assert titles(last_good_backup(path).path)[-1] == "拨付后"
    capsys.readouterr()
    assert main(["backup", "list", "--db", str(path)]) == 0
    first = next(line for line in capsys.readouterr().out.splitlines() if line.strip()[:1] == "1")
    assert after_payment.path.name in first
    assert main(["restore", "1", "--db", str(path)]) == 0
    assert titles(path)[-1] == "拨付后"


def test_the_upgrade_backup_is_a_zip_and_restores_the_older_register(tmp_path):
    from boostdesk.models.register import migrate, open_connection
    from boostdesk.models.schema import SCHEMA_VERSION

    path = tmp_path / "register.db"
    conn = open_connection(path)
    try:
        migrate(conn, target=SCHEMA_VERSION - 1)
    finally:
        conn.close()
    open_register(path, "录入员", start_backup=False, integrity="quick").reg.close()
    (before,) = list_backups(path)
    assert before.reason_zh == "升级前" and before.path.suffix == ".zip"
    assert meta(before.path)["schema"] == SCHEMA_VERSION - 1
    restore(before.path, path)
    opened = open_register(path, "录入员", start_backup=False, integrity="quick")
    opened.reg.close()
    assert [b.reason for b in list_backups(path)][:2] == ["upgrade", "restore"]


def test_a_zip_backup_opened_as_the_register_says_how_to_open_it(tmp_path, capsys):
    """Support copies a backup by hand and runs `boostdesk --db` on it: told it is a zip
    and how to open it, not that the register is damaged."""
    path = register_with(tmp_path / "register.db", "备份里的")
    info = backup_register(path, "manual")
    assert main(["stats", "--db", str(info.path)]) == 1
    err = capsys.readouterr().err
    assert "压缩文件" in err and "boostdesk restore" in err
    with zipfile.ZipFile(info.path) as zf:  # what double-clicking it in Windows gives
        zf.extractall(tmp_path / "取出")
    extracted = tmp_path / "取出" / info.path.with_suffix(".db").name
    assert main(["stats", "--db", str(extracted)]) == 0


def test_about_says_how_much_the_backups_take_and_the_last_made(tmp_path, monkeypatch):
    """Support asks why a roaming profile is slow to log on: 关于 says what the backups
    take, and its 最新 is the backup made last, not the one a wrong clock named latest."""
    import boostdesk.safety.backup as backup
    from boostdesk.about import about_facts

    path = register_with(tmp_path / "register.db")
    plain_backup(path, "register-20991231-090000-000-start.db")  # a clock once far ahead
    monkeypatch.setattr(backup, "datetime", _Clock)
    monkeypatch.setattr(_Clock, "shift", -timedelta(days=400))
    made = backup_register(path, "start")
    total = sum(b.size for b in list_backups(path))
    with Register.open(path, operator="录入员") as reg:
        facts = dict(about_facts(reg, None))
    kb = f"{total / 1024:,.0f} KB"
    assert f"（2 份，共 {kb}，最新 {made.created:%Y-%m-%d %H:%M}）" in facts["备份文件夹"]


def test_an_earlier_boostdesks_plain_backups_are_zipped_a_few_at_a_time(tmp_path):
    """A ten-year register's folder of plain backups (1.2 GB) would only shrink as they
    rotate out, the monthly ones in a year: they are zipped, oldest first, a few a start,
    each keeping its place in the list and restorable; a damaged one is left as it is."""
    from boostdesk.safety.backup import compact_plain

    path = register_with(tmp_path / "register.db", "旧版备份里的")
    names = [f"register-202611{d:02d}-090000-000-start.db" for d in (1, 2, 3)]
    olds = [plain_backup(path, name) for name in names]
    damaged = plain_backup(path, "register-20261104-090000-000-import.db")
    change_inside(damaged, scribble)
    order = [b.path.stem for b in list_backups(path)]
    sizes = {p.stem: p.stat().st_size for p in olds}

    assert compact_plain(path, budget=0) == [olds[0].with_suffix(".zip")]  # the oldest, alone
    assert not olds[0].exists() and olds[1].exists()
    assert compact_plain(path) == [p.with_suffix(".zip") for p in olds[1:]]
    listed = list_backups(path)
    assert [b.path.stem for b in listed] == order  # the same order, the same times
    assert [b.path.suffix for b in listed] == [".db", ".zip", ".zip", ".zip"]  # damaged: kept
    for info in listed[1:]:
        assert info.seq == 0 and info.size < sizes[info.path.stem] / 3
        assert meta(info.path)["zipped_from"] == f"{info.path.stem}.db"
    assert last_good_backup(path) == listed[1]
    restore(listed[-1].path, path)
    assert titles(path)[-1] == "旧版备份里的"
    assert [b.path.suffix for b in list_backups(path)][:1] == [".zip"]  # 恢复前: made last


def test_the_windows_start_backup_zips_earlier_plain_backups_off_the_ui_thread(
        tmp_path, qtbot):
    from PySide6.QtWidgets import QWidget

    from boostdesk.ui.app import start_backup_task

    path = register_with(tmp_path / "register.db")
    old = plain_backup(path, "register-20261101-090000-000-payment.db")
    window = QWidget()
    qtbot.addWidget(window)
    task = start_backup_task(path, window)
    with qtbot.waitSignal(task.succeeded, timeout=20000):
        pass
    task.wait()
    assert not old.exists()
    assert [b.path.suffix for b in list_backups(path)] == [".zip", ".zip"]
    assert [b.reason for b in list_backups(path)] == ["start", "payment"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a thread's nice value: Linux")
def test_the_start_backup_compresses_at_a_lower_cpu_priority_than_the_window(
        tmp_path, qtbot, monkeypatch):
    """Zipping a 100,000-application register's copy takes seconds of CPU right as the
    window paints its first table: the start backup's thread yields the CPU to it."""
    import threading

    from PySide6.QtWidgets import QWidget

    import boostdesk.safety as backup
    from boostdesk.ui.app import start_backup_task

    path = register_with(tmp_path / "register.db")
    seen: list[int] = []
    made = backup.backup_register

    def recording(*args, **kwargs):
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return made(*args, **kwargs)

    monkeypatch.setattr(backup, "backup_register", recording)
    window = QWidget()
    qtbot.addWidget(window)
    task = start_backup_task(path, window)
    with qtbot.waitSignal(task.succeeded, timeout=20000):
        pass
    task.wait()
    ui = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen and seen[0] > ui


def test_a_plain_backup_open_elsewhere_is_not_listed_twice(tmp_path, monkeypatch):
    """Windows refuses to delete a file another program has open (a restore reading it):
    the zip made of it is taken back, the plain one stays the only copy listed."""
    from boostdesk.safety.backup import compact_plain

    path = register_with(tmp_path / "register.db")
    old = plain_backup(path, "register-20261101-090000-000-start.db")
    unlink = Path.unlink

    def held(self, *args, **kwargs):
        if self == old:
            raise PermissionError(13, "The process cannot access the file")
        return unlink(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", held)
    assert compact_plain(path) == []
    assert [b.path for b in list_backups(path)] == [old]
    assert not old.with_suffix(".zip").exists()


def test_a_zip_backup_in_a_folder_that_cannot_be_written_is_still_checked(
        tmp_path, monkeypatch):
    """The backups on a read-only share (another PC's, opened to find a good one): the
    copy is checked from a private temporary file instead of beside the zip."""
    import tempfile

    from boostdesk.safety import backup_file

    path = register_with(tmp_path / "register.db")
    info = backup_register(path, "start")
    extract = backup_file.extract
    into: list[Path] = []

    def read_only_beside(zipped, folder):
        if folder == info.path.parent:
            raise PermissionError(13, "Read-only file system")
        into.append(folder)
        return extract(zipped, folder)

    monkeypatch.setattr(backup_file, "extract", read_only_beside)
    assert last_good_backup(path) == info
    assert into == [Path(tempfile.gettempdir())]
    assert not [p for p in into[0].iterdir() if p.name.startswith(f".{info.path.name}.")]
