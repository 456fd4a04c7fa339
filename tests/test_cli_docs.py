"""The command line as the README tells a clerk to use it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from boostdesk.cli import main


def test_backup_to_a_missing_folder_is_refused_not_made(tmp_path, capsys):
    """`--out /media/usb/…` with the stick not mounted: the folder is not created on the
    local disk (the clerk would think the copy is on the stick)."""
    db = str(tmp_path / "r.db")
    assert main(["campaign", "new", "--year", "2023", "--db", db]) == 0
    stick = tmp_path / "usb"
    assert main(["backup", "--db", db, "--out", str(stick / "备份.db")]) == 1
    assert "文件夹不存在" in capsys.readouterr().err
    assert not stick.exists()
    stick.mkdir()
    assert main(["backup", "--db", db, "--out", str(stick / "备份.db")]) == 0
    assert (stick / "备份.db").is_file()


def test_a_mistyped_register_path_is_said_not_taken_for_an_empty_register(tmp_path, capsys):
    """`check --db 登记册2022.db` for 登记册-2022.db made a new empty register and reported
    0 applications, silently; a blank table took 2022 for the register's year. A command
    that only reads now refuses it, making nothing; one that starts a register says so."""
    typo = tmp_path / "登记册2022.db"
    assert main(["check", "--db", str(typo)]) == 2
    assert f"错误：登记册文件不存在：{typo}（请检查路径" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    assert main(["campaign", "new", "--year", "2023", "--db", str(typo)]) == 0
    said = capsys.readouterr().err
    assert f"提示：登记册 {typo} 原本不存在，已新建一个空登记册" in said
    # both files it leaves are named: the register and its lock beside it
    assert "请删去这个文件和旁边的 登记册2022.db.lock" in said
    assert (tmp_path / "登记册2022.db.lock").exists()
    assert main(["check", "--db", str(typo)]) == 0  # said once, when it is made
    assert "原本不存在" not in capsys.readouterr().err
    other = tmp_path / "其他.db"
    assert main(["template", "patent", str(tmp_path / "t.xlsx"), "--db", str(other)]) == 2
    assert f"登记册文件不存在：{other}" in capsys.readouterr().err
    assert not other.exists() and not (tmp_path / "t.xlsx").exists()
    assert main(["demo", "--db", str(other)]) == 0  # demo makes one: nothing to say
    assert "原本不存在" not in capsys.readouterr().err


def test_the_windows_build_s_selftest_runs_the_console_twin():
    """`build\\build.py --selftest` on Windows ran the windowed BoostDesk.exe: its report
    went nowhere and the office saw only an exit code."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "build_script", Path(__file__).resolve().parent.parent / "build" / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.selftest_exe("win32").name == "boostdesk-cli.exe"
    assert build.selftest_exe("linux").name == "BoostDesk"


def test_restore_takes_the_number_backup_list_shows(tmp_path, capsys):
    """`backup list` numbers its lines (1 the newest): `restore 1` took 1 for a file name."""
    db = str(tmp_path / "r.db")
    assert main(["demo", "--db", db]) == 0
    assert main(["backup", "--db", db]) == 0
    newest = capsys.readouterr().out.split("已备份到 ")[1].split("（")[0]
    assert main(["restore", "--db", db, "1"]) == 0
    from pathlib import Path

    assert Path(newest).name in capsys.readouterr().out
    assert main(["restore", "--db", db, "9"]) == 1
    assert "没有第 9 份备份" in capsys.readouterr().err


def test_a_template_into_a_missing_folder_says_so_in_chinese(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("BOOSTDESK_DATA", str(tmp_path))
    assert main(["template", "patent", str(tmp_path / "无此文件夹" / "t.xlsx")]) == 1
    err = capsys.readouterr().err
    assert f"文件夹 {tmp_path / '无此文件夹'} 不存在" in err
    assert "No such file" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland displays")
def test_the_window_without_a_display_says_so_in_chinese(tmp_path):
    """`boostdesk` over SSH: Qt aborted (exit 134) with its English plugin messages."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["BOOSTDESK_DATA"] = str(tmp_path)
    run = subprocess.run([sys.executable, "-m", "boostdesk", "gui"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stderr
    assert "没有图形显示" in run.stderr and "xvfb-run" in run.stderr
    assert "qt.qpa" not in run.stderr
    assert not (tmp_path / "register.db").exists()


@pytest.mark.parametrize("group", ["print", "export", "pay"])
def test_a_command_group_alone_shows_its_own_help(group, capsys):
    assert main([group]) == 2
    assert capsys.readouterr().out.startswith(f"用法：boostdesk {group} ")


def _subparsers(parser):
    import argparse

    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices
    return {}


def _options(parser) -> set[str]:
    """Every option string of a parser and of the sub-commands under it."""
    found = {s for a in parser._actions for s in a.option_strings}
    for child in _subparsers(parser).values():
        found |= _options(child)
    return found


def _readme_table() -> dict[str, list[str]]:
    """The README's command table: each command word (`pay`, `backup`) → its rows."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The command line", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, list[str]] = {}
    for line in section.splitlines():
        for word in re.findall(r"^\| `boostdesk ([\w-]+)|/ `boostdesk ([\w-]+)", line):
            rows.setdefault(next(w for w in word if w), []).append(line)
    return rows


def test_the_readme_table_names_every_command_and_only_options_it_has():
    """A newcomer reads the README's table: `boostdesk audit` (修改记录, new this stop) was
    not in it, and an option the table names must be one the command takes."""
    import re

    from boostdesk.cli import build_parser

    commands = _subparsers(build_parser())
    table = _readme_table()
    assert sorted(set(commands) - set(table)) == []
    assert sorted(set(table) - set(commands)) == []
    for name, lines in table.items():
        lines = [re.sub(r"`BoostDesk [^`]*`", "", line) for line in lines]  # the package's
        named = {o for line in lines for o in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line)}
        assert named - _options(commands[name]) == set(), name
        # and every option it takes is named there (a newcomer found `panel settings
        # --trim-min`, `publicity start --from` and a dozen more in --help alone)
        unnamed = {o for o in _options(commands[name]) - named
                   if o.startswith("--") and o not in ("--help", "--db", "--operator")}
        assert unnamed == set(), name


@pytest.mark.parametrize("command", [
    ["campaign", "new", "--year", "2024", "--from", "2019"],  # (2022 is a new register's own)
    ["campaign", "set", "--year", "2031", "patent_award=1"],
])
def test_a_mistyped_register_path_is_said_also_when_the_command_then_fails(
        command, tmp_path, capsys, monkeypatch):
    """`print approval --db 登记册2022.db` (for 登记册-2022.db) said only “2022 年度还没有已
    核准的申报”: the clerk took it for his register's state; the note that the file was
    newly made, empty, came only when a command succeeded. (A command that only reads now
    refuses the path; one that starts a register still makes it and says so.)"""
    monkeypatch.chdir(tmp_path)
    typo = tmp_path / "登记册2022.db"
    assert main([*command, "--db", str(typo)]) == 1
    err = capsys.readouterr().err
    assert f"提示：登记册 {typo} 原本不存在，已新建一个空登记册" in err
    assert err.index("原本不存在") < err.index("错误：")


def test_the_architecture_map_names_every_module():
    """docs/architecture.md is where a newcomer finds his way: its map of `boostdesk/`
    named none of the modules of the last stops (audit_log.py, labels.py, frozen_column.py,
    elided_tips.py, hand_moves.py, …) nor most modules of the screens and forms."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    doc = (root / "docs" / "architecture.md").read_text(encoding="utf-8")
    tree = doc.split("```\nboostdesk/\n", 1)[1].split("```", 1)[0]
    modules = sorted(p.relative_to(root / "boostdesk").as_posix()
                     for p in (root / "boostdesk").rglob("*.py") if p.name != "__init__.py")
    assert [m for m in modules if Path(m).name not in tree] == []


def test_a_table_titled_with_a_year_not_in_the_register_is_not_imported_into_another(
        tmp_path, capsys):
    """The README: a table goes “into the year the table's title names”. A 2023 table that
    came in before the office made the 2023 plan went into 2022 with one line of 提示, and
    was judged under 2022's grant window (a 2022 patent 不合格 for the wrong year)."""
    from datetime import date

    import openpyxl
    from fixtures.summary_sheets import CARD_1, ID_1, INVENTION

    from boostdesk.models import Register

    db, out = tmp_path / "r.db", tmp_path / "2023年专利汇总表.xlsx"
    Register.open(db).close()  # 2022's plan only
    assert main(["template", "patent", str(out), "--db", str(db), "--year", "2023"]) == 0
    wb = openpyxl.load_workbook(out)
    for c, value in enumerate(
            [1, "北京市海淀区总工会", "北京某某科技有限公司", "一种焊缝检测装置", INVENTION,
             date(2022, 3, 5), "张三", ID_1, CARD_1, "13800138000", "是", "是", "是"], start=1):
        wb.worksheets[0].cell(3, c, value)
    wb.save(out)
    capsys.readouterr()
    assert main(["import", str(out), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "表格标题写的是 2023 年" in err and "campaign new --year 2023" in err
    assert "--year 2022" in err
    with Register.open(db) as reg:
        assert reg.patents(2022) == []
    assert main(["import", str(out), "--db", str(db), "--year", "2022"]) == 0  # as told
    with Register.open(db) as reg:
        assert len(reg.patents(2022)) == 1


def test_the_register_and_operator_may_come_before_the_command(tmp_path, capsys):
    """“Options and names go in any order”: `boostdesk --db 登记册.db check` was refused as
    “参数 命令 不能是“登记册.db””, naming the register as a command."""
    db = str(tmp_path / "r.db")
    assert main(["demo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["--db", db, "--operator", "王秀兰", "check", "--year", "2022"]) == 0
    assert "合计：" in capsys.readouterr().out
    assert main([f"--db={db}", "pay", "list", "--due"]) == 0
    assert "应拨" in capsys.readouterr().out


def test_no_help_text_states_a_plan_parameter_as_2022s_plan_sets_it():
    """Each year's plan sets its own cap, shares, amounts and terms (`campaign set`): a
    help text saying "50%上限" told a 2023 clerk, whose plan caps at 40 %, a wrong rule."""
    import argparse
    import re

    from boostdesk.cli import build_parser

    def texts(parser: argparse.ArgumentParser):
        yield parser.description or ""
        yield parser.epilog or ""
        for action in parser._actions:
            yield action.help or ""
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    yield from texts(child)

    rule = re.compile(r"\d+ ?[%％]|\d[\d,]*\s*元|\d+ ?万元?|\d ?[:：比] ?\d")
    stated = [m.group(0) for text in texts(build_parser()) for m in rule.finditer(text)
              if not text.startswith("例")]
    assert stated == [], stated


def test_the_register_made_in_boostdesk_data_is_not_called_this_computer_s(tmp_path, monkeypatch,
                                                                          capsys):
    """`BOOSTDESK_DATA=DIR boostdesk check` makes DIR/register.db: the note names that
    folder's variable, not "本机用户数据目录" (the register the window opens without it)."""
    monkeypatch.setenv("BOOSTDESK_DATA", str(tmp_path / "data"))
    assert main(["check"]) == 0
    err = capsys.readouterr().err
    assert f"提示：登记册 {tmp_path / 'data' / 'register.db'} 原本不存在" in err
    assert "BOOSTDESK_DATA 所指文件夹" in err and "本机用户数据目录" not in err


def test_the_readme_says_where_archive_writes_as_the_command_does(tmp_path):
    """README said the files go into a `2022年度归档-YYYYMMDD` subfolder of `--out`; the
    command writes them straight into `--out` (the new folder itself, as its help says),
    and only the window makes the dated folder inside the one chosen."""
    from pathlib import Path

    from boostdesk.year_archive import default_folder

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    row = next(x for x in readme.splitlines() if x.startswith("| `boostdesk archive "))
    assert "`--out DIR` is that folder itself" in row and "written straight into it" in row
    assert "the window's 文件 → 导出年度归档… asks for the folder to keep it in and makes" in row
    assert default_folder(tmp_path, 2022).parent == tmp_path  # the window's, in the one chosen
    assert "--out D:\\归档\\2022年度归档" in readme


def test_template_does_not_empty_a_filled_table_without_replace(tmp_path, capsys):
    """`template patent 填好的表.xlsx` emptied the union's rows with no question."""
    from openpyxl import Workbook, load_workbook

    db = tmp_path / "register.db"
    assert main(["demo", "--db", str(db)]) == 0
    filled = tmp_path / "海淀区总工会_专利汇总表.xlsx"
    book = Workbook()
    book.active["A3"] = "张三的申报"
    book.save(filled)
    capsys.readouterr()
    assert main(["template", "patent", str(filled), "--db", str(db)]) == 1
    assert "已存在，未覆盖" in capsys.readouterr().err
    assert load_workbook(filled).active["A3"].value == "张三的申报"
    assert main(["template", "patent", str(filled), "--db", str(db), "--replace"]) == 0
    assert load_workbook(filled).active["A3"].value != "张三的申报"
