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

import re
import sys
from collections.abc import Iterable, Iterator
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
