"""The command line speaks Chinese in its own errors too, and stops quietly when its
reader does (`boostdesk rank | head`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from boostdesk.cli import main


@pytest.mark.parametrize(("argv", "said"), [
    (["print", "payments", "--tranche", "3", "--out", "x.pdf"],
     "错误：参数 --tranche 不能是“3”，可选：'1', '2'"),
    (["template", "patent"], "错误：缺少参数：OUT.xlsx"),
    (["check", "--frobnicate"], "错误：无法识别的参数：--frobnicate"),
    (["check", "--db"], "错误：参数 --db 后面应跟一个值"),
])
def test_argument_errors_are_in_chinese(argv, said, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert said in capsys.readouterr().err


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
