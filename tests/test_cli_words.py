"""Every `--help` of the command line, as a clerk's 80-column console shows it: Chinese to its
frame, lines that fit, option and parameter names whole, columns that line up."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from boostdesk.cli import build_parser, display_width, wrap_help

NARROW_RUN = re.compile(r"[A-Za-z0-9_\-=.@]{3,}")


def every_parser() -> Iterator[tuple[str, argparse.ArgumentParser]]:
    def walk(parser: argparse.ArgumentParser, path: str) -> Iterator[tuple[str, argparse.ArgumentParser]]:
        yield path, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, f"{path} {name}")
    seen: set[int] = set()
    for path, parser in walk(build_parser(), "boostdesk"):
        if id(parser) not in seen:
            seen.add(id(parser))
            yield path, parser


@pytest.fixture
def helps(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, argparse.ArgumentParser, str]]:
    monkeypatch.setenv("COLUMNS", "80")
    return [(path, parser, parser.format_help()) for path, parser in every_parser()]


def test_every_help_s_headings_are_chinese_with_a_full_width_colon(helps) -> None:
    """用法： then 位置参数: and 选项: — two kinds of colon on one screen."""
    for path, _parser, text in helps:
        for english in ("usage:", "options:", "positional arguments", "show this help"):
            assert english not in text, (path, english)
        assert not re.search(r"^\S[^\n]*[\u4e00-\u9fff]:$", text, re.MULTILINE), (path, text)
        assert "选项：" in text, path


def test_no_option_is_shown_with_argparse_s_english_placeholder(helps) -> None:
    """--operator OPERATOR, --reason REASON, --org ORG…: argparse writes the option's own
    name in capitals when no placeholder is given."""
    made_up = []
    for path, parser, _text in helps:
        for action in parser._actions:
            if (action.option_strings and action.nargs != 0 and action.metavar is None
                    and action.choices is None):
                made_up.append(f"{path} {action.option_strings[0]}")
    assert not made_up, made_up


def test_help_lines_fit_80_columns_and_keep_names_whole(helps) -> None:
    """textwrap counted a Chinese character as one column: lines of 78 characters took
    up to 156 columns, and names broke where the characters ran out (gr|ant_window_end,
    --|ref, publicity_da|ys)."""
    for path, parser, text in helps:
        usage_lines = len(parser.format_usage().splitlines())
        for line in text.splitlines()[usage_lines:]:
            if display_width(line) > 80:  # only a name too long for any line may stand out
                assert " " not in line.strip() or len(NARROW_RUN.findall(line)) == 1, (path, line)
        flat = " ".join(text.split())
        sources = [parser.description or ""] + [a.help or "" for a in parser._actions]
        for source in sources:
            for name in NARROW_RUN.findall(source):
                assert name in flat, (path, name)


def test_an_option_s_help_starts_in_the_help_column_after_a_chinese_placeholder(helps) -> None:
    """argparse padded by characters: --voucher 凭证号 pushed its help three columns right."""
    for path, _parser, text in helps:
        lines = text.splitlines()
        starts = {display_width(line) - display_width(line.lstrip(" ")) for line in lines
                  if line.startswith("  ") and not line.startswith("   ")}
        columns = set()
        for line in lines:
            found = re.match(r"^  (-\S.*?\S)  +(\S.*)$", line)
            if found and not found.group(1).endswith(","):
                columns.add(display_width(line) - display_width(found.group(2)))
        assert len(columns) <= 1, (path, columns, starts)


@pytest.mark.parametrize(("text", "lines"), [
    ("参数：grant_window_end（专利授权期间止）", ["参数：", "grant_window_end", "（专利授权", "期间止）"]),
    ("一二三四五，六", ["一二三", "四五，", "六"]),
])
def test_wrapping_breaks_between_characters_or_at_spaces(text: str, lines: list[str]) -> None:
    assert wrap_help(text, 10 if "grant" in text else 6) == lines


def test_a_folder_given_for_the_register_is_said_to_be_a_folder_not_a_damaged_register(
        tmp_path, capsys) -> None:
    """`--db D:\\助推` (the folder, not the file in it) was reported as a damaged register,
    with 没有找到完好的备份 and 把它和 助推-wal 一起复制给技术人员."""
    from boostdesk.cli import main

    assert main(["check", "--db", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "是文件夹，不是登记册文件" in err and str(tmp_path / "register.db") in err, err
    for wrong in ("已损坏", "技术人员", "-wal", "备份"):
        assert wrong not in err, (wrong, err)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> str:
    from boostdesk.cli import main

    db = str(tmp_path_factory.mktemp("demo") / "demo.db")
    assert main(["demo", "--db", db]) == 0
    return db


@pytest.mark.parametrize(("argv", "said"), [
    (["stats", "--year", "①"], "年度应为 2000 至 2100 年间的四位数字"),
    (["campaign", "set", "--year", "2022", "completion_years=²"],
     "completion_years（完成时限（年））：应为正整数，而不是“²”"),
    (["campaign", "set", "--year", "2022", "publicity_days=-1"], "应为正整数，而不是“-1”"),
    (["panel", "grid", "--set", "科技含量:20:①"], "名称:满分:权重"),
    (["audit", "--ref", "②"], "错误："),
])
def test_a_digit_that_is_not_a_number_is_refused_in_chinese(demo_db, argv, said, capsys) -> None:
    """① and ² pass str.isdigit() but not int(): a traceback ended the command; and -1 was
    told 应为整数, which it is."""
    from boostdesk.cli import main

    assert main([*argv, "--db", demo_db]) == 1
    err = capsys.readouterr().err
    assert err.startswith("错误：") and said in err, err


@pytest.mark.parametrize("argv", [
    ["check"], ["campaign", "list"], ["campaign", "show"], ["pay", "list"], ["rank"],
    ["panel", "status"], ["panel", "expert", "list"], ["panel", "grid"], ["panel", "settings"],
    ["publicity", "list"], ["stats"], ["audit", "--ref", "项目4"],
])
def test_what_a_command_prints_is_chinese(demo_db, argv, capsys) -> None:
    """Its output, as the office reads it: no word of English but the commands it names
    (boostdesk pay list) and the register's own text (titles, numbers, addresses)."""
    from boostdesk.cli import main

    assert main([*argv, "--db", demo_db]) == 0
    out = capsys.readouterr().out
    # (a command run on a --db names that register in its hints: boostdesk --db PATH pay list)
    plain = re.sub(r'boostdesk( --db (?:"[^"]*"|\S+)| [a-z][\w\-]*| --?[\w\-]+(=\S+)?| \d+)*'
                   r"|--[\w\-]+", "", out)
    plain = re.sub(r"ZL[\dX.]+|[\w.]+@[\w.]+|\S*\.(xlsx|pdf|db)|BIM|BoostDesk", "", plain)
    assert not re.findall(r"[A-Za-z]{3,}", plain), re.findall(r".*[A-Za-z]{3,}.*", plain)[:5]
    for python_s in ("None", "True", "False", "Decimal(", "datetime"):
        assert python_s not in out, python_s
