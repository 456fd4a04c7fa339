"""`--db` as a hurried IT person types it: a file that is no register, a folder that is not
there, a check stopped with Ctrl+C. Each is said in Chinese and leaves the file as it was."""

from __future__ import annotations

import sqlite3
import zipfile

import pytest

from boostdesk.cli import main
from boostdesk.models import Register


def _other_program_s_database(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.execute("INSERT INTO moz_places VALUES ('https://example.cn')")
    conn.commit()
    conn.close()


def _tables(path):
    conn = sqlite3.connect(path)
    try:
        return sorted(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'"))
    finally:
        conn.close()


@pytest.mark.parametrize("command", [["check"], ["campaign", "new", "--year", "2023"], ["stats"]])
def test_another_program_s_database_is_refused_untouched(command, tmp_path, capsys):
    """`check --db places.sqlite` wrote the register's 30 tables into it and said
    “共 0 项申报”, exit 0."""
    other = tmp_path / "places.sqlite"
    _other_program_s_database(other)
    before = other.read_bytes()
    assert main([*command, "--db", str(other)]) == 1
    err = capsys.readouterr().err
    assert "不是 BoostDesk 登记册，而是另一个程序的 SQLite 数据库（其中的表：moz_places）" in err
    assert "Traceback" not in err
    assert _tables(other) == ["moz_places"]
    assert other.read_bytes() == before
    assert not (tmp_path / "places.sqlite.lock").exists()


@pytest.mark.parametrize(("name", "content", "said"), [
    ("汇总表.xlsx", None, "Excel 表格（导入汇总表请用 boostdesk import）"),
    # (not "BoostDesk 的备份就是这样的 .zip：用 boostdesk restore", which refuses it)
    ("register-20221201.zip", None, "压缩文件（内有 a.txt），不是 BoostDesk 的备份；"),
    ("说明.txt", "登记册在 D 盘\n".encode(), "文本文件"),
    ("表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "Excel 97-2003 表格"),
])
def test_a_file_that_is_no_register_is_not_called_damaged(name, content, said, tmp_path, capsys):
    """An .xlsx given as --db was “已损坏……这是一个压缩文件……把它和 汇总表.xlsx-wal 一起复制给
    技术人员”, and a .lock file was left beside it."""
    path = tmp_path / name
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("a.txt", "x")
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    assert main(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"错误：{path} 不是 BoostDesk 登记册，而是{said}" in err
    assert "已损坏" not in err and "技术人员" not in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_an_empty_file_and_a_register_are_opened(tmp_path, capsys):
    empty = tmp_path / "新登记册.db"
    empty.touch()
    assert main(["campaign", "list", "--db", str(empty)]) == 0
    assert main(["campaign", "list", "--db", str(empty)]) == 0
    assert "2022" in capsys.readouterr().out


def test_a_register_in_a_folder_that_is_not_there_is_not_made(tmp_path, capsys):
    """`--db /media/usb/register.db` with the stick not mounted made /media/usb on the
    local disk and an empty register in it: `campaign new` then succeeded there."""
    stick = tmp_path / "usb"
    assert main(["campaign", "new", "--year", "2023", "--db", str(stick / "register.db")]) == 1
    err = capsys.readouterr().err
    assert f"文件夹 {stick} 不存在，登记册 register.db 未找到，也未新建" in err
    assert "原本不存在" not in err
    assert not stick.exists()
    assert main(["check", "--db", str(stick / "register.db")]) == 1
    assert not stick.exists()


def test_the_window_refuses_another_program_s_database(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    other = tmp_path / "places.sqlite"
    _other_program_s_database(other)
    assert main(["--db", str(other)]) == 1
    assert "不是 BoostDesk 登记册" in capsys.readouterr().err
    assert _tables(other) == ["moz_places"]


def test_ctrl_c_in_check_leaves_no_abnormal_end_for_the_next_command(tmp_path, capsys,
                                                                     monkeypatch):
    """`timeout -s INT 2 boostdesk check` said 已中断, but the next command was told the
    check had not ended normally (killed, crashed or a power cut): its early reading held
    the lock past the interrupt."""
    from boostdesk.rules import check as check_module

    db = tmp_path / "register.db"
    Register.open(db, operator="王秀兰").close()

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(check_module, "check_campaign", interrupted)
    assert main(["check", "--db", str(db)]) == 130
    assert "已中断" in capsys.readouterr().err
    # released: the holder's name is wiped (a killed holder's stays for the next to tell)
    assert (tmp_path / "register.db.lock").read_bytes() == b""


@pytest.mark.parametrize(("argv", "said"), [
    (["--db"], "错误：参数 --db 后面应跟一个值"),
    (["--db", "x.db", "--bogus"], "错误：无法识别的参数：--bogus"),
    (["--db", "x.db", "--operator", "张三"], "错误：--operator 只用于命令；窗口第一次打开时询问"),
])
def test_options_before_the_command_are_said_as_written(argv, said, tmp_path, capsys,
                                                        monkeypatch):
    """`boostdesk --db x.db --bogus` said “参数 命令 不能是“x.db””, `boostdesk --db` that
    --db was unrecognised, and `boostdesk --operator 张三` (the window) “无法识别的参数”."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert said in err
    assert "不能是“x.db”" not in err
    assert list(tmp_path.iterdir()) == []


def test_panel_packages_are_not_written_into_a_folder_made_on_the_local_disk(tmp_path, capsys):
    """`panel export --out /media/usb/评分包` with the stick not mounted made the folders on
    the local disk and wrote the experts' packages there."""
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    stick = tmp_path / "usb"
    assert main(["panel", "export", "--db", str(db), "--out", str(stick / "评分包")]) == 1
    assert f"文件夹 {stick} 不存在（U 盘或网络盘是否已接好？）；评分包未生成" in capsys.readouterr().err
    assert not stick.exists()
    assert main(["panel", "export", "--db", str(db), "--out", str(db)]) == 1
    assert "是文件，不是文件夹" in capsys.readouterr().err
    assert main(["panel", "export", "--db", str(db), "--out", str(tmp_path / "评分包")]) == 0
    assert list((tmp_path / "评分包").glob("*.xlsx"))


def test_screenshots_of_a_file_that_is_no_register_say_so(tmp_path, capsys, monkeypatch):
    """`screenshots OUTDIR --db 汇总表.xlsx` (or a damaged register) ended in sqlite3's
    “file is not a database” traceback, in English."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    table = tmp_path / "汇总表.xlsx"
    with zipfile.ZipFile(table, "w") as z:
        z.writestr("a.txt", "x")
    assert main(["screenshots", str(tmp_path / "图"), "--db", str(table)]) == 1
    assert "不是 BoostDesk 登记册，而是Excel 表格" in capsys.readouterr().err
    damaged = tmp_path / "damaged.db"
    Register.open(damaged, operator="王秀兰").close()
    data = bytearray(damaged.read_bytes())
    data[100:4096] = bytes(range(256)) * 15 + bytes(range(236))  # the schema page overwritten
    damaged.write_bytes(bytes(data))
    assert main(["screenshots", str(tmp_path / "图"), "--db", str(damaged)]) == 1
    assert f"错误：无法读取登记册 {damaged}：" in capsys.readouterr().err
    assert not (tmp_path / "图").exists()


def test_screenshots_print_no_english_qt_warnings(tmp_path):
    """`boostdesk screenshots OUTDIR` wrote seven “This plugin does not support
    propagateSizeHints()” lines to stderr, one for each dialog pictured offscreen."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BOOSTDESK_DATA=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run([sys.executable, "-m", "boostdesk", "screenshots", str(tmp_path / "图")],
                          env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "propagateSizeHints" not in done.stderr
    assert list((tmp_path / "图").glob("*.png"))


def test_the_publicity_list_is_not_written_over_the_register(tmp_path, capsys):
    """`publicity list --xlsx x.db --db x.db` (the register's name typed after the wrong
    option) wrote the list's workbook over the register: every application gone."""
    db = tmp_path / "x.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["publicity", "list", "--year", "2022", "--xlsx", str(db), "--db", str(db)]) == 1
    assert f"错误：--xlsx 的文件名应以 .xlsx 结尾：{db}；未导出" in capsys.readouterr().err
    assert main(["publicity", "list", "--year", "2022", "--pdf", str(tmp_path / "公示.xlsx"),
                 "--db", str(db)]) == 1
    assert "--pdf 的文件名应以 .pdf 结尾" in capsys.readouterr().err
    assert main(["check", "--year", "2022", "--db", str(db)]) == 0
    assert "共 98 项申报" in capsys.readouterr().out
    assert main(["publicity", "list", "--year", "2022", "--xlsx", str(tmp_path / "u" / "公示.xlsx"),
                 "--db", str(db)]) == 1
    assert f"文件夹 {tmp_path / 'u'} 不存在；未导出" in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "said"), [
    (["import", "表.xlsx", "--up"],
     "错误：选项 --up 没有写全，可能是 --update-studios, --update-registered 中的一个"),
    (["check", "--json=1"], "错误：参数 --json 不带值，请只写 --json，不要写“=1”"),
    (["print", "approval", "--out", "a.pdf", "--ref"], "错误：参数 --ref 后面应至少跟一个值"),
])
def test_argparse_s_remaining_errors_are_in_chinese(argv, said, capsys):
    """Three of argparse's errors were still printed in its English: an option written short
    that two options begin with, a value given to a flag, an option that takes a list given
    none."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


@pytest.mark.parametrize(("beside", "kind"), [(".lock", "锁文件"), ("-wal", "日志文件"),
                                             (".lost", "缺少修改的提示文件")])
def test_the_files_beside_a_register_are_not_opened_as_one(beside, kind, tmp_path, capsys):
    """`--db register.db.lock` (the name the file manager showed next to it) made the
    register's empty lock file a register of its own, and listed its 2022 plan, exit 0;
    `--db register.db-wal` was called a damaged register."""
    db = tmp_path / "register.db"
    Register.open(db, operator="王秀兰").close()
    companion = tmp_path / f"register.db{beside}"
    companion.write_bytes(b"")
    assert main(["campaign", "list", "--db", str(companion)]) == 1
    err = capsys.readouterr().err
    assert f"错误：{companion} 是登记册 {db} 旁边的{kind}，不是登记册本身：请写 --db {db}" in err
    assert companion.read_bytes() == b""
    assert not (tmp_path / f"register.db{beside}.lock").exists()


@pytest.mark.parametrize("argv", [
    ["pay", "--db", "{db}", "list", "--year", "2022"],
    ["panel", "--db={db}", "status", "--year", "2022"],
    ["correct", "--db", "{db}", "--operator", "信息科", "studio", "周明职工创新工作室", "周明创新工作室"],
])
def test_db_between_a_group_and_its_action(argv, tmp_path, capsys):
    """`boostdesk pay --db x.db list` said “参数 操作 不能是“x.db””: --db is taken wherever it
    is written, as the README says, between `pay` and `list` too."""
    db = tmp_path / "x.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main([word.format(db=db) for word in argv]) == 0
    assert "不能是" not in capsys.readouterr().err


def test_a_year_written_without_its_option_is_said_how_to_write(capsys):
    """`boostdesk check 2022` said only “无法识别的参数：2022”."""
    with pytest.raises(SystemExit):
        main(["check", "2022"])
    assert "错误：无法识别的参数：2022（年度请写成 --year 2022）" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["backup", "list", "2022"])  # (backup takes no year: nothing to hint)
    assert "错误：无法识别的参数：2022\n" in capsys.readouterr().err
