"""The command line speaks Chinese in its own errors too, and stops quietly when its
reader does (`boostdesk rank | head`)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from boostdesk.cli import main
from boostdesk.models import Register


@pytest.mark.parametrize(("argv", "said"), [
    (["print", "payments", "--tranche", "3", "--out", "x.pdf"],
     "错误：参数 --tranche 不能是“3”，可选：'1', '2'"),
    (["template", "patent"], "错误：缺少参数：OUT.xlsx"),
    (["check", "--frobnicate"], "错误：无法识别的参数：--frobnicate"),
    (["check", "--db"], "错误：参数 --db 后面应跟一个值"),
    (["panel", "qualify", "项目"], "错误：须写出 --pass --refuse 之一"),
])
def test_argument_errors_are_in_chinese(argv, said, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


@pytest.mark.parametrize(("argv", "usage"), [
    (["check", "--frobnicate"], "用法：boostdesk check [-h]"),
    (["--db", "x.db", "check", "--frobnicate"], "用法：boostdesk check [-h]"),
    (["pay", "mark", "1", "--date", "2023-01-01", "--voucher", "V", "--frobnicate"],
     "用法：boostdesk pay mark [-h]"),
])
def test_an_unknown_option_is_shown_the_command_s_own_usage(argv, usage, capsys):
    """`boostdesk check --frobnicate` printed `用法：boostdesk [-h] [--version] 命令 ...`, the
    list of commands, above the error: the options to choose from are the command's."""
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(usage) and "错误：无法识别的参数：--frobnicate" in err


def test_a_closed_pipe_ends_the_command_without_a_traceback(tmp_path):
    """The reader stops after the first of 20,000 lines: the later writes then fail."""
    script = tmp_path / "long_rank.py"
    script.write_text(
        "import sys\n"
        "import boostdesk.cli as cli\n"
        "import boostdesk.commands.panel_cmds as panel\n"
        "def rank(args):\n"
        "    for n in range(20000):\n"
        "        print(f'第 {n} 名')\n"
        "panel.run_rank = rank\n"
        "sys.exit(cli.main(['rank']))\n", encoding="utf-8")
    run = subprocess.run(f'"{sys.executable}" "{script}" | head -1', shell=True,
                         capture_output=True, text=True, timeout=120)
    assert run.stdout.strip() == "第 0 名"
    assert "Traceback" not in run.stderr, run.stderr


@pytest.mark.parametrize("argv", [["campaign", "list"], ["--help"]])
def test_a_reader_gone_before_a_short_output_ends_it_quietly(tmp_path, argv):
    """A short output waits in Python's buffer until the exit (no PYTHONUNBUFFERED on an
    office PC, nor in the package): a reader already gone must not get a warning then."""
    read, write = os.pipe()
    os.close(read)  # `boostdesk campaign list | true`
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    env["BOOSTDESK_DATA"] = str(tmp_path)
    Register.open(tmp_path / "register.db", operator="王秀兰").close()  # (a new one is said)
    try:
        run = subprocess.run([sys.executable, "-m", "boostdesk", *argv], stdout=write,
                             stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    finally:
        os.close(write)
    assert run.stderr == ""
    assert run.returncode in (0, 141)


def test_a_command_word_then_its_options_then_its_name(tmp_path, capsys):
    """`publicity resolve --dismissed --note … 2`, as the usage line reads: the options
    between the action and its optional name used to leave the name unrecognised."""
    db = str(tmp_path / "demo.db")
    assert main(["demo", "--db", db]) == 0
    assert main(["panel", "expert", "add", "--db", db, "--org", "某大学", "新专家"]) == 0
    assert main(["publicity", "resolve", "--db", db, "--dismissed", "--date", "2022-12-30",
                 "--note", "经核查不成立", "2"]) == 0
    out = capsys.readouterr().out
    assert "已添加专家“新专家”（某大学）" in out
    assert "已处理异议 2：异议不成立" in out


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["pay", "mark", "--help"]])
def test_help_is_in_chinese_to_its_frame(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：boostdesk")
    for english in ("usage:", "options:", "positional arguments", "show this help"):
        assert english not in out
    assert "显示本帮助并退出" in out


def test_a_usage_error_shows_the_command_s_usage_in_chinese(capsys):
    with pytest.raises(SystemExit):
        main(["pay", "mark", "--date", "2022-12-30", "21"])
    err = capsys.readouterr().err
    assert err.startswith("用法：boostdesk pay mark [-h]"), err
    assert "错误：缺少参数：--voucher" in err


def test_a_payment_number_not_made_yet_says_where_the_numbers_come_from(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    Register.open(db, operator="测试员").close()  # (a command that reads refuses a register not there)
    assert main(["pay", "mark", "1", "--db", db, "--date", "2022-12-30",
                 "--voucher", "JZ-1"]) == 1
    err = capsys.readouterr().err
    assert "没有编号为 1 的拨付记录" in err and f"boostdesk --db {db} pay list" in err, err


def test_template_on_a_folder_says_it_is_a_folder_not_to_add_replace(tmp_path, capsys):
    (tmp_path / "dir.xlsx").mkdir()
    assert main(["template", "patent", str(tmp_path / "dir.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "这是一个文件夹" in err and "--replace" not in err, err
