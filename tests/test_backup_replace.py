"""`boostdesk backup --out X.zip --replace`: a nightly scheduled task writing one file name
(`--out D:\\备份\\登记册.zip`) failed from the second night, the existing zip refused.
With `--replace` the new backup is written beside it, checked, then renamed over it: a
failure on the way (a full disk, an interruption, the audit line refused) leaves last
night's copy whole. Without it the refusal names the option."""

from __future__ import annotations

import errno
import json
import shutil
import sqlite3
import zipfile

import pytest
from openpyxl import Workbook

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register
from tests.small_disk import small_disk


@pytest.fixture
def register(tmp_path):
    path = tmp_path / "登记册.db"
    with Register.open(path, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="焊缝检测"))
    return path


def _add(register, title):
    with Register.open(register, operator="王秀兰") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="李四", title=title))


def _titles_in(zipped, tmp_path):
    with zipfile.ZipFile(zipped) as zf:
        assert zf.testzip() is None and "数据说明.md" in zf.namelist()
        [member] = [n for n in zf.namelist() if n.endswith(".db")]
        out = tmp_path / f"解压-{len(list(tmp_path.iterdir()))}"
        zf.extract(member, out)
    conn = sqlite3.connect(out / member)
    try:
        return sorted(t for (t,) in conn.execute("SELECT title FROM patent_applications"))
    finally:
        conn.close()


def _out_lines(register):
    conn = sqlite3.connect(register)
    try:
        return [json.loads(a)["to"] for (a,) in conn.execute(
            "SELECT after FROM audit_events WHERE action = 'backup_out' ORDER BY id")]
    finally:
        conn.close()


def test_the_second_night_replaces_last_night_s_zip(register, tmp_path, capsys):
    folder = tmp_path / "备份"
    folder.mkdir()
    zipped = folder / "登记册.zip"
    night = ["backup", "--db", str(register), "--out", str(zipped), "--replace"]
    assert main(night) == 0  # the first night: nothing to replace
    assert _titles_in(zipped, tmp_path) == ["焊缝检测"]
    _add(register, "轴承监测")
    capsys.readouterr()
    # without the option: refused, saying which option replaces it
    assert main(night[:-1]) == 1
    err = capsys.readouterr().err
    assert "已存在" in err and "未覆盖" in err and "--replace" in err
    assert _titles_in(zipped, tmp_path) == ["焊缝检测"]
    assert main(night) == 0
    assert "已备份到" in capsys.readouterr().out
    assert _titles_in(zipped, tmp_path) == ["焊缝检测", "轴承监测"]
    assert [p.name for p in folder.iterdir()] == ["登记册.zip"]  # no hidden copy left
    assert _out_lines(register) == [str(zipped.resolve())] * 2


def test_a_write_failing_mid_way_keeps_last_night_s_zip(register, tmp_path, monkeypatch,
                                                        capsys):
    from boostdesk.safety import backup_file

    zipped = tmp_path / "登记册备份.zip"
    assert main(["backup", "--db", str(register), "--out", str(zipped)]) == 0
    before = zipped.read_bytes()
    _add(register, "轴承监测")
    real = backup_file.write_zip

    def cut(files, tmp, meta, **kw):  # half the archive written, then the disk is full
        real(files, tmp, meta, **kw)
        with open(tmp, "r+b") as fh:
            fh.truncate(tmp.stat().st_size // 2)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_file, "write_zip", cut)
    capsys.readouterr()
    assert main(["backup", "--db", str(register), "--out", str(zipped), "--replace"]) == 1
    assert "无法写入备份" in capsys.readouterr().err
    assert zipped.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert _out_lines(register) == [str(zipped.resolve())]  # the failed one not recorded


def test_an_audit_line_refused_keeps_last_night_s_zip(register, tmp_path, monkeypatch,
                                                     capsys):
    """The audit line is written before the rename: it failing left no file at all (the
    new copy, renamed over last night's, was deleted so no copy went unrecorded)."""
    zipped = tmp_path / "登记册备份.zip"
    assert main(["backup", "--db", str(register), "--out", str(zipped)]) == 0
    before = zipped.read_bytes()

    def refused(*_a, **_k):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Register, "audit", refused)
    assert main(["backup", "--db", str(register), "--out", str(zipped), "--replace"]) == 1
    assert zipped.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".登记册备份")] == []


def test_a_full_stick_keeps_last_night_s_zip(register, tmp_path, capsys):
    """A real full disk: the new copy does not fit beside last night's."""
    zipped = tmp_path / "昨晚.zip"
    with Register.open(register, operator="王秀兰") as reg:  # large, its zip small
        for n in range(400):
            reg.save_patent(PatentApplication(2022, inventor_name="王五",
                                              title=f"检测装置{n:03d}" + "改进" * 40))
    assert main(["backup", "--db", str(register), "--out", str(zipped)]) == 0
    size = zipped.stat().st_size
    assert register.stat().st_size > 3 * size
    with small_disk(tmp_path / "U盘", f"{(size + register.stat().st_size // 2) // 1024}k") as stick:
        shutil.copy(zipped, stick / "登记册.zip")
        before = (stick / "登记册.zip").read_bytes()
        capsys.readouterr()
        assert main(["backup", "--db", str(register), "--out", str(stick / "登记册.zip"),
                     "--replace"]) == 1
        assert "磁盘空间已满" in capsys.readouterr().err
        assert (stick / "登记册.zip").read_bytes() == before
        assert sorted(p.name for p in stick.iterdir()) == ["登记册.zip"]


def test_replace_never_writes_over_what_is_no_backup(register, tmp_path, capsys):
    book = tmp_path / "名单.xlsx"
    wb = Workbook()
    wb.active["A1"] = "推荐单位"
    wb.save(book)
    before = book.read_bytes()
    assert main(["backup", "--db", str(register), "--out", str(book), "--replace"]) == 1
    err = capsys.readouterr().err
    assert "已存在，是Excel 表格，不是登记册的备份：未覆盖" in err and "--replace" not in err
    assert book.read_bytes() == before


def test_replace_without_out_is_refused(register, tmp_path, capsys):
    assert main(["backup", "--db", str(register), "--replace"]) == 1
    assert "--replace 只能与 --out 同用" in capsys.readouterr().err
    assert not (tmp_path / "backups").exists()


def _other_register(tmp_path, name="另一个登记册.db"):
    """Another register, closed, nothing beside it."""
    other = tmp_path / name
    with Register.open(other, operator="赵六") as reg:
        reg.save_patent(PatentApplication(2022, inventor_name="赵六", title="别人的申报"))
    return other


def test_another_register_in_use_is_never_written_over(register, tmp_path, capsys):
    """`backup --out new3.db --replace --db honest.db` (a typo: new3.db another live
    register) said 已备份到 … and the other register was gone."""
    from boostdesk.safety.session import open_register

    other = tmp_path / "new3.db"
    live = open_register(other, "赵六", start_backup=False).reg  # open now, as `demo` left it
    try:
        live.save_patent(PatentApplication(2022, inventor_name="赵六", title="别人的申报"))
        assert (tmp_path / "new3.db.lock").exists()
        before = other.read_bytes()
        for extra in ([], ["--replace"]):
            assert main(["backup", "--db", str(register), "--out", str(other), *extra]) == 1
            err = capsys.readouterr().err
            assert f"“{other}”是另一个登记册（登记册名 new3.db，最后修改" in err
            assert "不能用本登记册的备份覆盖它" in err and "请换一个文件名" in err
            assert other.read_bytes() == before
        assert [a.title for a in live.patents(2022)] == ["别人的申报"]
    finally:
        live.close()
    assert _out_lines(register) == []


def test_another_register_s_backups_are_never_written_over(register, tmp_path, capsys):
    """Another register's zip (it records that register's name, as restore reads it) and
    its plain copy (this register's trail never wrote it) are refused, --replace or not."""
    other = _other_register(tmp_path)
    zipped, plain = tmp_path / "别人的备份.zip", tmp_path / "别人的副本.db"
    for out in (zipped, plain):
        assert main(["backup", "--db", str(other), "--out", str(out)]) == 0
    capsys.readouterr()
    for out, said in ((zipped, f"是另一个登记册的备份（登记册名 {other.name}，最后修改"),
                      (plain, f"修改记录中没有登记册 {register.name} 备份到这个文件的记录")):
        before = out.read_bytes()
        for extra in ([], ["--replace"]):
            assert main(["backup", "--db", str(register), "--out", str(out), *extra]) == 1
            err = capsys.readouterr().err
            assert said in err and "不能用本登记册的备份覆盖它" in err, err
            assert out.read_bytes() == before
    assert _out_lines(register) == []


def test_this_register_s_plain_copy_is_replaced_with_replace_only(register, tmp_path, capsys):
    """A plain .db copy was overwritten without a word "as before": refused as a zip is,
    the message naming --replace, which replaces it."""
    plain = tmp_path / "登记册副本.db"
    assert main(["backup", "--db", str(register), "--out", str(plain)]) == 0
    _add(register, "轴承监测")
    capsys.readouterr()
    assert main(["backup", "--db", str(register), "--out", str(plain)]) == 1
    err = capsys.readouterr().err
    assert f"已存在，是登记册 {register.name} 的备份（未压缩）：未覆盖" in err and "--replace" in err
    assert main(["backup", "--db", str(register), "--out", str(plain), "--replace"]) == 0
    with Register.open(plain, operator="查看") as reg:
        assert sorted(a.title for a in reg.patents(2022)) == ["焊缝检测", "轴承监测"]
    assert _out_lines(register) == [str(plain.resolve())] * 2
