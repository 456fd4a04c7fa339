"""A register on a completely full disk: nothing could be read or copied off it. Every
command, `backup --out` to a USB stick too, said 无法打开登记册…磁盘空间已满 and left a
broken 3-byte -shm beside it (SQLite could not grow the -shm its read-only connection
made). It is read as it is now, this run read-only, said why; writes still refuse."""

from __future__ import annotations

import shutil

import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register, RegisterError
from tests.small_disk import fill_disk, small_disk


@pytest.fixture
def full_disk(tmp_path):
    """A closed register (WAL mode, nothing beside it) on a disk with no room left."""
    made = tmp_path / "made.db"
    with Register.open(made, operator="录入员") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    with small_disk(tmp_path / "满盘", "1M") as folder:
        path = folder / "r.db"
        shutil.copy(made, path)
        fill_disk(folder)
        yield path


def _beside(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


@pytest.mark.parametrize("command", [["audit"], ["stats"], ["pay", "list"],
                                     ["campaign", "show"], ["check"]])
def test_reading_commands_work_read_only(command, full_disk, capsys):
    assert main([*command, "--db", str(full_disk)]) == 0
    err = capsys.readouterr().err
    assert "磁盘空间已满，本次只读打开" in err and "无法打开" not in err
    assert _beside(full_disk) == []  # no broken -shm, no -wal


def test_check_says_why_it_stored_nothing(full_disk, capsys):
    assert main(["check", "--db", str(full_disk)]) == 0
    out, err = capsys.readouterr()
    assert "张三" in out
    assert "提示：登记册所在磁盘空间已满，本次为只读：核对结果未存入登记册" in err
    assert "正由" not in err


def test_an_export_and_a_copy_to_another_disk_are_made(full_disk, tmp_path, capsys):
    summary = tmp_path / "汇总.xlsx"
    assert main(["export", "summary", "patent", "--db", str(full_disk),
                 "--out", str(summary)]) == 0
    assert summary.exists()
    rescue = tmp_path / "rescue.db"
    assert main(["backup", "--db", str(full_disk), "--out", str(rescue)]) == 0
    assert "已备份到" in capsys.readouterr().out
    with Register.open(rescue, operator="信息科") as copy:
        assert [a.title for a in copy.patents(2022)] == ["焊缝检测"]
    assert _beside(full_disk) == []


def test_writes_still_refuse_cleanly(full_disk, capsys):
    before = full_disk.read_bytes()
    assert main(["campaign", "new", "--year", "2023", "--db", str(full_disk)]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "Traceback" not in err
    assert main(["backup", "--db", str(full_disk)]) == 1
    err = capsys.readouterr().err
    assert "磁盘空间已满" in err and "--out" in err
    assert full_disk.read_bytes() == before
    assert _beside(full_disk) == []


def test_the_window_opens_it_read_only_saying_why(full_disk):
    from boostdesk.about import about_facts
    from boostdesk.safety import open_register
    from boostdesk.safety.session import RegisterReadOnly

    opened = open_register(full_disk, "财务", start_backup=False, integrity="quick")
    try:
        assert opened.read_only and opened.holder is None
        assert "磁盘空间已满，本次只读打开" in opened.warnings[0]
        assert [a.title for a in opened.reg.patents(2022)] == ["焊缝检测"]
        # 帮助 → 关于: not 只读（登记册正由他人使用）
        assert ("打开方式", "只读（登记册所在磁盘空间已满）") in about_facts(opened.reg, None)
        with pytest.raises(RegisterReadOnly, match="磁盘空间已满"):
            opened.reg.save_patent(PatentApplication(2022, inventor_name="李四", title="x"))
    finally:
        opened.reg.close()
    with pytest.raises(RegisterError, match="磁盘空间已满"):  # 改为可修改, still full
        open_register(full_disk, "财务", start_backup=False, read_only_if_busy=False)
    assert _beside(full_disk) == []
