"""`boostdesk todo`'s suggested commands (→ boostdesk pay mark 13) run as printed, or show
their required options with the placeholders `--help` names them by (--date YYYY-MM-DD
--voucher 凭证号): before, pay mark, export notices and publicity start were suggested bare
and each failed with 缺少参数 or 请用 … 给出."""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
from pathlib import Path

import pytest

from boostdesk.cli import build_parser, main

TODO = Path(__file__).resolve().parents[1] / "boostdesk" / "todo"
# what the program says of an option missing (argparse's, and the run's own checks)
MISSING = re.compile(r"缺少参数|须写出|请用\s*(--|YYYY)|给出.*（--")


YEAR = "1999"  # what a suggestion's year (an interpolated ``…year…``) is written as


def _suggested() -> list[str]:
    """Every command the todo code can suggest (its ``way(window, command)`` calls), each
    interpolated value written as 1, a year's (its expression names ``year``) as YEAR."""
    out = []
    for path in sorted(TODO.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "way"
                and len(node.args) == 2
            ):
                out.append(_text(node.args[1]))
    return out


def _text(node: ast.expr) -> str:
    if isinstance(node, ast.Constant):
        return str(node.value)
    assert isinstance(node, ast.JoinedStr), ast.dump(node)
    return "".join(
        str(v.value) if isinstance(v, ast.Constant)
        else YEAR if "year" in ast.unparse(v) else "1" for v in node.values)


def _variants(command: str) -> list[list[str]]:
    """A suggestion's command lines, ``boostdesk`` left off: ``… --upheld 或 --dismissed``
    is two, the alternative taking the place of the first one's last option."""
    first, *others = command.split(" 或 ")
    tokens = first.split()
    assert tokens[0] == "boostdesk", command
    last = max(i for i, t in enumerate(tokens) if t.startswith("--")) if others else len(tokens)
    return [tokens[1:], *(tokens[1:last] + other.split() for other in others)]


def _filled(tokens: list[str], folder: Path) -> list[str]:
    """The placeholders (as --help names them) given values to run with."""
    values = {
        "YYYY-MM-DD": "2023-03-10",
        "凭证号": "记-2023-031",
        "理由": "经研究决定",
        "DIR": str(folder),
        "FILE": str(folder / "评分包-张三.xlsx"),
    }
    return [values.get(t, t) for t in tokens]


def _takes_year(parser: argparse.ArgumentParser, tokens: list[str]) -> bool:
    """Whether the (sub)command ``tokens`` name has a --year option."""
    for token in tokens:
        if parser._subparsers is None:
            break
        choices = dict(parser._subparsers._group_actions[0].choices or {})
        if token not in choices:
            break
        parser = choices[token]
    return any("--year" in a.option_strings for a in parser._actions)


def _parsed(parser: argparse.ArgumentParser, command: str, year: str, folder: Path,
            capsys) -> None:
    """Each command line of a suggestion parsed by the program's own parser; one whose
    command takes --year given the item's ``year`` (a clerk on an earlier year, or a
    register with a newer one, acted on the newest year before)."""
    for tokens in _variants(command):
        try:
            args = parser.parse_args(_filled(tokens, folder))
        except SystemExit:
            pytest.fail(f"{command}: {capsys.readouterr().err}")
        if _takes_year(parser, tokens):
            assert args.year == year, f"{command}: --year {args.year}, not {year}"


def test_every_suggestion_parses_with_its_required_options_and_year(tmp_path, capsys):
    commands = _suggested()
    assert len(commands) >= 14, commands  # the AST walk found the todo's suggestions
    parser = build_parser()
    for command in commands:
        _parsed(parser, command, YEAR, tmp_path, capsys)


def test_each_item_s_commands_carry_its_year(tmp_path, capsys):
    """The demo with a 2023 campaign added: its 2022 items are not the newest year's, and
    every command of an item that takes --year says 2022 (the recovery its payer too)."""
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["campaign", "new", "--year", "2023", "--from", "2022", "--yes",
                 "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["todo", "--date", "2023-03-10", "--json", "--all", "--db", str(db)]) == 0
    todo = json.loads(capsys.readouterr().out)
    parser = build_parser()
    years = set()
    for group in todo["groups"]:
        for item in group["items"]:
            for command in re.findall(r"boostdesk [^；]+", item["where"]):
                years.add(item["year"])
                _parsed(parser, command.strip(), str(item["year"]), tmp_path, capsys)
    assert years == {2021, 2022}, years


def test_the_commands_todo_prints_run_as_printed(tmp_path, capsys):
    """The demo's 2023-03-10: each command printed (one a kind) run on a copy of the
    register: it may refuse on the facts, never for an option left out."""
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["todo", "--date", "2023-03-10", "--db", str(db)]) == 0
    printed = capsys.readouterr().out
    commands = {}
    for line in printed.splitlines():
        if "→ boostdesk" not in line:
            continue
        for part in line.split("→", 1)[1].split("；"):
            part = part.strip().removeprefix("告知推荐单位：")
            if part.startswith("boostdesk "):
                commands.setdefault(tuple(part.split()[1:3]), part)
    assert {("pay", "mark"), ("export", "notices"), ("publicity", "start")} <= set(commands), (
        printed
    )
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    out = tmp_path / "out"
    out.mkdir()
    for command in commands.values():
        for tokens in _variants(command):
            code = main([*_filled(tokens, out), "--db", str(copy)])
            err = capsys.readouterr().err
            assert code != 2 and not MISSING.search(err), f"{command}: {err}"


def test_a_recovery_s_commands_name_the_award_and_payer_and_record_it(tmp_path, capsys):
    """`pay revoke` then said `pay recovered` with no reference, and todo gave the
    reference alone (which only lists): each payer's command now records its part."""
    db = str(tmp_path / "demo.db")
    assert main(["demo", "--db", db]) == 0
    capsys.readouterr()
    assert main(["pay", "revoke", "专利1", "--date", "2023-03-01", "--reason", "专利权被宣告无效",
                 "--db", db]) == 0
    said = re.findall(r"boostdesk pay recovered .+", capsys.readouterr().out)
    assert said == [f"boostdesk pay recovered 专利1 --payer {p} --date YYYY-MM-DD --voucher 凭证号"
                    for p in ("federation", "union")]
    assert main(["todo", "--date", "2023-03-10", "--db", db]) == 0
    listed = re.findall(r"→ (boostdesk pay recovered .+)", capsys.readouterr().out)
    assert listed == said
    for n, command in enumerate(listed):
        tokens = _filled([f"收-{n}" if t == "凭证号" else t for t in command.split()[1:]],
                         tmp_path)
        assert main([*tokens, "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["todo", "--date", "2023-03-10", "--db", db]) == 0
    assert "撤销助推待追回" not in capsys.readouterr().out
