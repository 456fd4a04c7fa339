"""Every command's `--help` says what it does: `boostdesk panel --help` sends the reader to
`boostdesk panel 操作 --help`, where ten of its fourteen actions printed only their options."""

from __future__ import annotations

import argparse

from boostdesk.cli import build_parser


def _commands(parser: argparse.ArgumentParser, name: str = "boostdesk"):
    if parser._subparsers is None:
        yield name, parser
        return
    for action in parser._subparsers._group_actions:
        for word, child in action.choices.items():
            yield from _commands(child, f"{name} {word}")


def test_every_command_describes_itself():
    bare = [name for name, parser in _commands(build_parser()) if not parser.description]
    assert bare == []


def test_correct_s_options_name_their_own_kind(capsys):
    """`correct studio --help` said --merge joins “同一单位”, and every kind's --reason listed
    when the other four need it."""
    helps = {name: parser.format_help() for name, parser in _commands(build_parser())
             if name.startswith("boostdesk correct ")}
    assert "同一工作室的两种写法" in helps["boostdesk correct studio"]
    assert "同一推荐单位的两种写法" in helps["boostdesk correct union"]
    assert "（可不写）" in helps["boostdesk correct studio"]
    for kind in ("name", "id", "enterprise"):  # (as read: the columns move with the options)
        said = " ".join(helps[f"boostdesk correct {kind}"].split())
        assert "--reason 原因 更正原因，记入修改记录（必填）" in said
    assert all("同一单位" not in text for text in helps.values())


def test_the_command_list_says_where_db_goes(capsys):
    """`boostdesk --help` listed the commands only: that --db and --operator may be written
    before the command, and `boostdesk --db PATH` opens the window, was in the README alone."""
    import pytest

    from boostdesk.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())  # as read, not as wrapped
    assert "boostdesk --db 登记册.db check" in out
    assert "只写 boostdesk --db PATH 即用窗口打开该登记册" in out
