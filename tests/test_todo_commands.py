"""`boostdesk todo`'s suggested commands (→ boostdesk pay mark 13) run as printed, or show
their required options with the placeholders `--help` names them by (--date YYYY-MM-DD
--voucher 凭证号): before, pay mark, export notices and publicity start were suggested bare
and each failed with 缺少参数 or 请用 … 给出."""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest

from boostdesk.cli import build_parser, main

TODO = Path(__file__).resolve().parents[1] / "boostdesk" / "todo"
# what the program says of an option missing (argparse's, and the run's own checks)
MISSING = re.compile(r"缺少参数|须写出|请用\s*(--|YYYY)|给出.*（--")


def _suggested() -> list[str]:
    """Every command the todo code can suggest (its ``way(window, command)`` calls), each
    interpolated value written as 1."""
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
    return "".join(str(v.value) if isinstance(v, ast.Constant) else "1" for v in node.values)


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


def test_every_suggestion_parses_with_its_required_options(tmp_path, capsys):
    commands = _suggested()
    assert len(commands) >= 14, commands  # the AST walk found the todo's suggestions
    parser = build_parser()
    for command in commands:
        for tokens in _variants(command):
            try:
                parser.parse_args(_filled(tokens, tmp_path))
            except SystemExit:
                pytest.fail(f"{command}: {capsys.readouterr().err}")


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
