"""`boostdesk backup` given something that is no register: refused as every other command
refuses it (``safety.foreign``), not "backed up". And a zip is told by what is inside it:
an Excel workbook is no BoostDesk backup, nor a backup renamed .xlsx a table."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest
from openpyxl import Workbook

from boostdesk.cli import main
from boostdesk.models import Register


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "demo.db"
    Register.open(path, operator="王秀兰").close()
    return path


def _backups(tmp_path):
    folder = tmp_path / "backups"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def _workbook(path):
    book = Workbook()
    book.active["A1"] = "推荐单位"
    book.save(path)


@pytest.mark.parametrize("suffix", [".lock", "-wal"])
def test_a_register_s_lock_or_wal_file_is_not_backed_up(suffix, register, tmp_path, capsys):
    """`backup --db demo.db.lock` said 已备份到 …/backups/demo.db-…-manual.zip（1 KB）, exit 0
    (the empty lock file backed up as an empty register); `--db ss.db-wal` backed up an
    empty database, which `backup list` then numbered 1, to restore from."""
    beside = tmp_path / f"demo.db{suffix}"
    beside.touch()
    assert main(["backup", "--db", str(beside)]) == 1
    err = capsys.readouterr().err
    assert f"错误：{beside} 是登记册 {register} 旁边的" in err and "已备份" not in err
    assert main(["backup", "list", "--db", str(beside)]) == 1
    assert "旁边的" in capsys.readouterr().err
    assert _backups(tmp_path) == []
    assert beside.read_bytes() == b""


def test_another_program_s_database_is_not_backed_up(tmp_path, capsys):
    other = tmp_path / "foreign.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.commit()
    conn.close()
    assert main(["backup", "--db", str(other)]) == 1
    assert "不是 BoostDesk 登记册，而是另一个程序的 SQLite 数据库（其中的表：moz_places）" in (
        capsys.readouterr().err)
    assert _backups(tmp_path) == []


@pytest.mark.parametrize(("name", "said"), [
    ("p.xlsx", "而是Excel 表格（导入汇总表请用 boostdesk import）"),
    ("t.txt", "而是文本文件"),
])
def test_a_table_or_a_text_is_not_called_a_damaged_register(name, said, tmp_path, capsys):
    """`backup --db p.xlsx` said 已损坏（这是一个压缩文件（.zip），不是登记册本身：BoostDesk
    的自动备份就是这样的压缩文件。用 boostdesk restore 加这个文件恢复…）: an Excel
    table, which restore refuses; a text was a damaged register, restore suggested."""
    path = tmp_path / name
    if name.endswith(".xlsx"):
        _workbook(path)
    else:
        path.write_text("登记册在 D 盘\n", encoding="utf-8")
    assert main(["backup", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"错误：{path} 不是 BoostDesk 登记册，{said}" in err
    assert "已损坏" not in err and "restore" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_backup_list_of_a_folder_that_is_not_there_is_refused(tmp_path, capsys):
    """`backup list --db /media/usb/x.db`, the stick not plugged in: "x.db 还没有备份", exit
    0, as if the register had none."""
    stick = tmp_path / "usb"
    assert main(["backup", "list", "--db", str(stick / "x.db")]) == 1
    err = capsys.readouterr().err
    assert f"文件夹 {stick} 不存在" in err and "U 盘或网络盘是否已接好" in err
    assert not stick.exists()


def test_a_backup_leaves_nothing_beside_a_register_nobody_has_open(register, tmp_path, capsys):
    """Its check and copy opened the register read-only, which in WAL mode left an empty
    -wal and a 32 KB -shm beside it (SQLite removes them only for a connection that may
    write)."""
    assert main(["backup", "--db", str(register)]) == 0
    assert "已备份到" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backups", "demo.db", "demo.db.lock"]
    assert len(_backups(tmp_path)) == 1
    assert main(["backup", "--db", str(register), "--out", str(tmp_path / "copy.db")]) == 0
    assert not list(tmp_path.glob("*-wal")) and not list(tmp_path.glob("*-shm"))


def test_a_register_open_in_a_window_is_still_backed_up(register, tmp_path, capsys):
    """Another holder: the backup reads beside it, as before (no lock taken)."""
    from boostdesk.safety import open_register

    opened = open_register(register, "王秀兰", start_backup=False)
    try:
        from boostdesk.safety.lock import _held

        held = dict(_held)
        _held.clear()  # as another process holding it
        try:
            assert main(["backup", "--db", str(register)]) == 0
        finally:
            _held.update(held)
    finally:
        opened.reg.close()
    assert len(_backups(tmp_path)) == 1


# -- a zip, told by what is inside it ---------------------------------------------------
def test_an_excel_workbook_named_zip_is_said_to_be_a_workbook(tmp_path, capsys):
    book = tmp_path / "汇总表.zip"
    _workbook(book)
    assert main(["check", "--db", str(book)]) == 1
    err = capsys.readouterr().err
    assert "而是Excel 表格" in err and "restore" not in err and "备份" not in err


def test_a_backup_named_xlsx_is_said_to_be_a_backup(register, tmp_path, capsys):
    assert main(["backup", "--db", str(register)]) == 0
    (zipped,) = (tmp_path / "backups").iterdir()
    renamed = tmp_path / "汇总表.xlsx"
    renamed.write_bytes(zipped.read_bytes())
    assert main(["check", "--db", str(renamed)]) == 1
    err = capsys.readouterr().err
    assert "而是登记册 demo.db 的 BoostDesk 备份（压缩文件）：恢复请用 boostdesk restore" in err
    assert "Excel" not in err


def test_a_hand_made_zip_of_a_register_copy_may_be_restored(register, tmp_path, capsys):
    hand = tmp_path / "拷贝.zip"
    with zipfile.ZipFile(hand, "w") as z:
        z.write(register, "demo.db")
    assert main(["check", "--db", str(hand)]) == 1
    assert "压缩文件（内有 demo.db，可能是登记册的副本）：恢复请用 boostdesk restore" in (
        capsys.readouterr().err)


def test_the_integrity_check_says_a_workbook_is_one(tmp_path):
    """What the check says of a zip (the message `backup` gave before it refused such a file
    first) tells a workbook from a backup."""
    from boostdesk.safety import check_integrity

    book = tmp_path / "p.xlsx"
    _workbook(book)
    summary = check_integrity(book).summary
    assert "Excel 表格" in summary and "备份" not in summary and "restore" not in summary


def test_backup_out_is_not_written_over_a_backup(register, tmp_path, capsys):
    assert main(["backup", "--db", str(register)]) == 0
    (zipped,) = (tmp_path / "backups").iterdir()
    before = zipped.read_bytes()
    assert main(["backup", "--db", str(register), "--out", str(zipped)]) == 1
    err = capsys.readouterr().err
    assert "已存在，是登记册 demo.db 的 BoostDesk 备份（压缩文件）：未覆盖" in err
    assert zipped.read_bytes() == before
