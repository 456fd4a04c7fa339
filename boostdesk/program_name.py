"""The command line's hints (``→ boostdesk pay mark 14``, ``如 boostdesk demo --db demo.db``,
``用法：boostdesk``) name the program as it was started.

From the sources the program is ``boostdesk`` (the project's script). In the package it is
the executable — ``BoostDesk`` on Linux, ``boostdesk-cli.exe`` on Windows — and a hint
copied as it was printed gave "command not found" / “'boostdesk' 不是内部或外部命令”. The
messages keep writing ``boostdesk …`` (hundreds of them, most shared with the window
through :func:`~boostdesk.said_where.way`); in the package ``cli.main`` passes its output
through :func:`named`, which renames the program only where ``boostdesk`` is followed by a
command or an option, never inside a name: a register ``boostdesk.db``, a folder
``D:\\boostdesk\\``, ``boostdesk-2022.xlsx`` or ``/tmp/boostdesk check/`` stay as they are.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any, TextIO

SOURCE_NAME = "boostdesk"


def program() -> str:
    """The command that runs BoostDesk here: the package's executable by its name
    (quoted when it holds a space), ``boostdesk`` from the sources."""
    if not getattr(sys, "frozen", False):
        return SOURCE_NAME
    name = Path(sys.executable).name
    return f'"{name}"' if " " in name else name


# The Windows package's console twin of the windowed BoostDesk.exe (build/boostdesk.spec)
CONSOLE_TWIN = "boostdesk-cli.exe"


def command_line() -> str:
    """The program a command-line step is to be typed with: :func:`program`, but the
    Windows package's windowed ``BoostDesk.exe`` prints nothing (its output goes to
    ``os.devnull``): the window names its console twin beside it."""
    name = program()
    if getattr(sys, "frozen", False) and sys.platform == "win32" \
            and Path(sys.executable).name.lower() == "boostdesk.exe":
        return CONSOLE_TWIN
    return name


def hint_named(text: str) -> str:
    """``text`` (a message that may reach the window, where ``cli.main``'s renamed output
    is not) with each hint's ``boostdesk`` written as :func:`command_line`; as it is from
    the sources."""
    name = command_line()
    if name == SOURCE_NAME or SOURCE_NAME not in text:
        return text
    return named(text, _pattern(), name)


@cache
def _pattern() -> re.Pattern[str]:
    from boostdesk.cli import _command_names, build_parser

    return hint_pattern(_command_names(build_parser()))


def hint_pattern(commands: Iterable[str]) -> re.Pattern[str]:
    """``boostdesk`` as a command line's first word: not part of a longer name or path (no
    ASCII letter, digit, ``.``, ``-``, ``_``, ``/``, ``\\`` or ``:`` before it; a hanzi may
    be), followed by a space (or the help's line break) and an option (``--db``), ``命令``
    (the help's ``boostdesk 命令 --help``) or one of ``commands`` as a whole word (``demo``
    but not ``demo.db``)."""
    names = "|".join(re.escape(c) for c in sorted(commands, key=len, reverse=True))
    return re.compile(
        rf"(?<![A-Za-z0-9_./\\:-]){SOURCE_NAME}(?=\s+(?:-|命令|(?:{names})"
        r"(?![A-Za-z0-9_.\\/-])))"
    )


def named(text: str, pattern: re.Pattern[str], name: str) -> str:
    """``text`` with each hint's ``boostdesk`` written as ``name``; the sources' aside that
    the package calls it ``name`` is dropped once the hint already does."""
    if SOURCE_NAME not in text:
        return text
    return pattern.sub(name, text).replace(f"（Windows 安装包中为 {name}）", "")


class _Named:
    """A text stream whose writes name the program as :func:`named` does; everything
    else (``flush``, ``fileno``, ``encoding``, ``buffer`` …) is the stream's own."""

    def __init__(self, stream: TextIO, pattern: re.Pattern[str], name: str) -> None:
        self._stream, self._pattern, self._name = stream, pattern, name

    def write(self, text: str) -> int:
        self._stream.write(named(text, self._pattern, self._name))
        return len(text)  # what the caller gave (print() and writelines() check nothing else)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._stream, attr)


@contextmanager
def program_named_output(commands: Iterable[str], name: str | None = None) -> Iterator[None]:
    """While the block runs, stdout and stderr name the program ``name`` (default:
    :func:`program`) in hints; nothing is wrapped when that is ``boostdesk`` (the sources)."""
    name = program() if name is None else name
    if name == SOURCE_NAME:
        yield
        return
    pattern = hint_pattern(commands)
    before = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = _Named(sys.stdout, pattern, name)  # type: ignore[assignment]
    if sys.stderr is not None:
        sys.stderr = _Named(sys.stderr, pattern, name)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = before


def db_words(path: str) -> str:
    """``--db PATH`` as a hint writes it: the path absolute (a hint may be run from another
    folder), in double quotes when it holds a space or a shell's special character; in a
    POSIX shell's single quotes when it holds one read inside double quotes (``$HOME``)."""
    full = os.path.abspath(os.path.expanduser(path))
    if os.name != "nt" and re.search(r'[$`"\\!]', full):  # a POSIX shell reads these in "…"
        return f"--db {shlex.quote(full)}"
    return f'--db "{full}"' if re.search(r"[^\w./\\:+=@,-]", full) else f"--db {full}"


# Where a hint ends: a line's end, or the Chinese text's punctuation after it
_HINT_END = re.compile(r"[\n；。，）」”]")
_HAS_DB = re.compile(r"(?<!\S)--db(?:[\s=]|$)")


def with_register(text: str, pattern: re.Pattern[str], words: str,
                  takes_db: Callable[[list[str]], bool]) -> str:
    """``text`` with ``words`` (``--db PATH``) after each hint's program name, so a hint
    copied as printed acts on the register the command was given, not the user's own:
    not where the hint names a register already, nor for a command without --db."""
    def put(match: re.Match[str]) -> str:
        rest = text[match.end():]
        end = _HINT_END.search(rest)
        hint = rest[: end.start()] if end else rest
        if _HAS_DB.search(hint) or not takes_db(hint.split()[:2]):
            return match.group(0)
        return f"{match.group(0)} {words}"

    return pattern.sub(put, text)


@contextmanager
def register_named_output(db: str, commands: dict[str, Any],
                          json_out: bool = False) -> Iterator[None]:
    """While the block runs, the hints written to stdout and stderr carry ``--db db``
    (:func:`with_register`); ``commands``: each command's parser, to tell the commands
    that take --db; ``json_out``: stdout is JSON, the words are put in escaped."""
    names = {SOURCE_NAME, program(), command_line()}
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    pattern = re.compile(hint_pattern(commands).pattern.replace(
        SOURCE_NAME, f"(?:{alternatives})", 1))
    words = db_words(db)

    def takes_db(first: list[str]) -> bool:
        parser = commands.get(first[0]) if first else None
        if parser is None:  # an option (--help), 命令: no command of its own
            return False
        if parser._subparsers is not None:  # a group (pay): its action's, else any action's
            choices = dict(parser._subparsers._group_actions[0].choices or {})
            action = choices.get(first[1]) if len(first) > 1 else None
            found = [action] if action is not None else list(choices.values())
            return any(_has_db(p) for p in found)
        return _has_db(parser)

    escaped = json.dumps(words, ensure_ascii=False)[1:-1] if json_out else words

    register = False  # (once one, it stays one: not read again for each write)

    def rewrite(text: str, words: str) -> str:
        # a --db refused as no register (a backup's .zip): its hints are not to act on it
        nonlocal register
        register = register or _sqlite(db)
        return with_register(text, pattern, words, takes_db) if register else text

    plain = _Rewritten(sys.stderr, lambda t: rewrite(t, words))
    out = _Rewritten(sys.stdout, lambda t: rewrite(t, escaped))
    before = sys.stdout, sys.stderr
    if sys.stdout is not None:
        sys.stdout = out  # type: ignore[assignment]
    if sys.stderr is not None:
        sys.stderr = plain  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = before


def _sqlite(path: str) -> bool:
    """Whether ``path`` is an SQLite database (a register, as far as a hint cares)."""
    try:
        with open(path, "rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def _has_db(parser: Any) -> bool:
    return any("--db" in a.option_strings for a in parser._actions)


@contextmanager
def as_recorded() -> Iterator[None]:
    """While the block runs, stdout is written as given: records (the audit trail's
    ``确认方式：命令行 boostdesk backup …``) say what was run then, on whatever register
    it was; a --db put in would rewrite them."""
    stream = sys.stdout
    if not isinstance(stream, _Rewritten):
        yield
        return
    stream.paused = True
    try:
        yield
    finally:
        stream.paused = False


class _Rewritten(_Named):
    """A text stream whose writes pass through ``rewrite`` (not while ``paused``)."""

    def __init__(self, stream: TextIO, rewrite: Callable[[str], str]) -> None:
        self._stream, self._rewrite = stream, rewrite
        self.paused = False

    def write(self, text: str) -> int:
        self._stream.write(text if self.paused else self._rewrite(text))
        return len(text)
