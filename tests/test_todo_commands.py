"""`boostdesk todo`'s suggested commands (→ boostdesk pay mark 13) run as printed, or show
their required options with the placeholders `--help` names them by (--date YYYY-MM-DD
--voucher 凭证号): before, pay mark, export notices and publicity start were suggested bare
and each failed with 缺少参数 or 请用 … 给出."""

from __future__ import annotations

import argparse
import ast
import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from boostdesk.cli import _options_after_command, build_parser, main
from boostdesk.paths import default_register_path
from boostdesk.program_name import db_words

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
                # one suggestion may hold two commands: …卡号；原卡号无误的：boostdesk pay keep-card
                out += [c.strip() for c in re.findall(r"boostdesk [^；]+", _text(node.args[1]))]
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
    tokens = shlex.split(first)
    assert tokens[0] == "boostdesk", command
    last = max(i for i, t in enumerate(tokens) if t.startswith("--")) if others else len(tokens)
    return [tokens[1:], *(tokens[1:last] + other.split() for other in others)]


def _bare(tokens: list[str]) -> list[str]:
    """A command line's words without the --db written before its command."""
    return tokens[2:] if tokens[:1] == ["--db"] else tokens


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
        try:  # (a --db before the command moved after it, as cli.main does)
            args = parser.parse_args(_options_after_command(parser, _filled(tokens, folder)))
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
                commands.setdefault(tuple(_bare(shlex.split(part)[1:])[:2]), part)
    assert {("pay", "mark"), ("export", "notices"), ("publicity", "start")} <= set(commands), (
        printed
    )
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    out = tmp_path / "out"
    out.mkdir()
    for command in commands.values():
        for tokens in _variants(command):
            assert tokens[:2] == ["--db", str(db)], command
            code = main([*_filled(_bare(tokens), out), "--db", str(copy)])
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
    said = re.findall(r"boostdesk --db .+", capsys.readouterr().out)
    assert said == [f"boostdesk --db {db} pay recovered 专利1 --payer {p} --date YYYY-MM-DD --voucher 凭证号"
                    for p in ("federation", "union")]
    assert main(["todo", "--date", "2023-03-10", "--db", db]) == 0
    listed = re.findall(r"→ (boostdesk --db .+ pay recovered .+)", capsys.readouterr().out)
    assert listed == said
    for n, command in enumerate(listed):
        tokens = _filled([f"收-{n}" if t == "凭证号" else t for t in command.split()[1:]],
                         tmp_path)
        assert main([*tokens, "--db", db]) == 0, capsys.readouterr().err
    capsys.readouterr()
    assert main(["todo", "--date", "2023-03-10", "--db", db]) == 0
    assert "撤销助推待追回" not in capsys.readouterr().out


def _printed_commands(text: str) -> list[str]:
    """Each command a todo's text (or JSON) output names: ``boostdesk …`` up to the hint's end."""
    return [c.strip() for c in re.findall(r"boostdesk (?:[^；\n\"]|\\\"|\"[^\"\n]*\")+", text)]


def _db_of(parser: argparse.ArgumentParser, command: str, folder: Path) -> str | None:
    """The --db a printed command acts on, read as ``cli.main`` reads it (an option written
    before the command is moved after it)."""
    dbs = {parser.parse_args(_options_after_command(parser, _filled(tokens, folder))).db
           for tokens in _variants(command)}
    assert len(dbs) == 1, command
    return dbs.pop()


def test_the_commands_todo_prints_name_the_register_it_was_given(tmp_path, capsys):
    """`todo --db demo7.db` said `→ boostdesk pay mark 13 …`: run as printed it marked the
    payment in the user's own register. Each command printed (text and JSON) now carries
    the --db given, as an absolute path, quoted when it holds a space."""
    folder = tmp_path / "有 空格"
    folder.mkdir()
    db = folder / "demo7.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    parser = build_parser()
    for extra in ([], ["--json"], ["--all"]):
        assert main(["todo", "--date", "2023-03-10", *extra, "--db", str(db)]) == 0
        out = capsys.readouterr().out
        if extra == ["--json"]:
            out = "\n".join(item["where"] for group in json.loads(out)["groups"]
                            for item in group["items"])
        commands = _printed_commands(out)
        assert len(commands) >= 10, out
        for command in commands:
            assert _db_of(parser, command, tmp_path) == str(db), command


def test_a_hint_on_an_error_names_the_register_given(tmp_path, capsys):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["pay", "mark", "99999", "--date", "2023-03-10", "--voucher", "x",
                 "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"boostdesk --db {db} pay list" in err, err


def test_the_user_s_own_register_s_commands_name_no_register(tmp_path, capsys):
    """Without --db (or with the user's own register as --db) the commands stay bare."""
    own = default_register_path()
    own.parent.mkdir(parents=True, exist_ok=True)
    assert main(["demo", "--db", str(own)]) == 0
    capsys.readouterr()
    parser = build_parser()
    for given in ([], ["--db", str(own)]):
        assert main(["todo", "--date", "2023-03-10", *given]) == 0
        out = capsys.readouterr().out
        commands = _printed_commands(out)
        assert len(commands) >= 10, out
        assert all(_db_of(parser, c, tmp_path) is None for c in commands), out
        assert "--db" not in out


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell's reading")
@pytest.mark.parametrize("name", ["有 空格", "a$HOME", "`id`", 'it\'s "q"', "50%!"])
def test_a_hint_s_register_reaches_the_shell_as_written(tmp_path, name):
    """`--db "/tmp/a$HOME/x.db"` in a hint: run as printed, the shell put its home in."""
    path = tmp_path / name / "x.db"
    said = subprocess.run(["sh", "-c", f"printf '%s\\n' {db_words(str(path))}"],
                          capture_output=True, text=True, check=True).stdout
    assert said.splitlines() == ["--db", str(path)]
