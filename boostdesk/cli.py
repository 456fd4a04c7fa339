"""The command line: batch jobs beside the screens (like calibre's calibredb).

Each command lives in ``boostdesk/commands/<name>.py`` with ``add_parser(sub)``
that registers its sub-command and sets ``func``; heavy imports happen inside
the command, so ``boostdesk --help`` stays instant.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sqlite3
import sys
import time
import unicodedata
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any, NoReturn, cast

from boostdesk import __version__
from boostdesk.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path

    from boostdesk.models import Register
    from boostdesk.safety import BackgroundCheck

COMMAND_MODULES = (
    "boostdesk.commands.gui",
    "boostdesk.commands.register_cmds",
    "boostdesk.commands.io_cmds",
    "boostdesk.commands.print_cmds",
    "boostdesk.commands.safety_cmds",
    "boostdesk.commands.panel_cmds",
    "boostdesk.commands.audit_cmds",
    "boostdesk.commands.correct_cmds",
    "boostdesk.commands.stats_cmds",
    "boostdesk.commands.todo_cmds",
    "boostdesk.commands.review_cmds",
    "boostdesk.commands.archive_cmd",
    "boostdesk.commands.erase_cmd",
)


COMMAND_POLL_S = 0.25  # how often a command looks whether another command has ended
COMMAND_WAIT_S = 15.0  # then it goes on read-only (a writer is refused, naming it)
_said: set[str] = set()  # the hints printed: an error repeating one is not printed again


# argparse's own errors, said in Chinese (its texts are English and not translatable
# without a compiled catalogue); anything else is shown as argparse words it.
_ARGPARSE_ZH = (
    (re.compile(r"argument (.+?): invalid choice: '?(.*?)'? \(choose from (.*)\)"),
     r"参数 \1 不能是“\2”，可选：\3"),
    (re.compile(r"the following arguments are required: (.*)"), r"缺少参数：\1"),
    (re.compile(r"unrecognized arguments: (.*)"), r"无法识别的参数：\1"),
    (re.compile(r"argument (.+?): expected one argument"), r"参数 \1 后面应跟一个值"),
    (re.compile(r"argument (.+?): invalid (\w+) value: '?(.*?)'?$"), r"参数 \1 的值“\3”无效"),
    (re.compile(r"argument (.+?): not allowed with argument (.*)"),
     r"参数 \1 不能与 \2 同时使用"),
    (re.compile(r"one of the arguments (.*) is required"), r"须写出 \1 之一"),
    (re.compile(r"argument (.+?): expected at least one argument"), r"参数 \1 后面应至少跟一个值"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"),
     r"选项 \1 没有写全，可能是 \2 中的一个：请写出完整的选项名"),
    (re.compile(r"argument (.+?): ignored explicit argument '?(.*?)'?$"),
     r"参数 \1 不带值，请只写 \1，不要写“=\2”"),
)


# A unit of help text that a line may not break inside: spaces, a run of narrow characters
# (an option, a parameter name, a number), or one wide character; closing punctuation stays
# with what it closes and opening punctuation with what it opens (no line begins with ，).
_UNIT = re.compile(r"\s+|[^\s\u2e80-\uffef“‘]+|.")
_CLOSING = frozenset("，。、；：）」』》】”’！？…")
_OPENING = frozenset("（「『《【“‘")
_HEADING = re.compile(r"^(\S[^\n]*[\u4e00-\u9fff]):$", re.MULTILINE)


def display_width(text: str) -> int:
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def wrap_help(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns, broken between Chinese characters or at spaces.

    textwrap counts a Chinese character as one column (its lines ran twice as wide as the
    terminal, which wrapped them again) and broke where a line's characters ran out, inside
    option and parameter names (--\nref, gr\nant_window_end)."""
    units: list[str] = []
    for unit in _UNIT.findall(" ".join(text.split())):
        if units and not units[-1].isspace() and (
                unit in _CLOSING or units[-1][-1] in _OPENING and not unit.isspace()):
            units[-1] += unit
        else:
            units.append(unit)
    lines, line = [], ""
    for unit in units:
        if unit.isspace():
            line += " " if line else ""
        elif line and display_width(line) + display_width(unit) > width:
            lines.append(line.rstrip())
            line = unit
        else:
            line += unit
    return [*lines, line.rstrip()] if line else lines


class _ChineseHelpFormatter(argparse.HelpFormatter):
    """argparse's help laid out for Chinese: lines wrapped by the columns their characters
    take, a section heading with a full-width colon (位置参数：, as 用法：), an option's
    help kept in its column after a Chinese metavar."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)

    def format_help(self) -> str:
        return _HEADING.sub(r"\1：", super().format_help())

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap_help(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap_help(text, width - len(indent)))

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = display_width(header) - len(header)  # argparse padded by characters
        lead = " " * self._current_indent + header
        first, newline, rest = text.partition("\n")
        if not extra or not action.help or first == lead or not first.startswith(lead):
            return text
        helped = first[len(lead):].lstrip(" ")
        column = len(first) - len(helped)  # where argparse put the help
        if column - len(lead) - extra >= 2:
            first = lead + " " * (column - len(lead) - extra) + helped
        else:
            first = f"{lead}\n{' ' * column}{helped}"
        return first + newline + rest


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with its own words (usage, options, -h) in Chinese too."""

    _intermixing = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        add_help = kwargs.get("add_help", True)
        kwargs["add_help"] = False  # its own -h below, in Chinese
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="显示本帮助并退出")

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None,
    ) -> tuple[argparse.Namespace, list[str]]:
        """A command's positionals wherever its options are (`publicity resolve --dismissed
        2`): plain argparse gives an optional positional its value where the first one
        stands, so a name after the options was "unrecognised"."""
        if self._intermixing or self._subparsers is not None:
            return super().parse_known_args(args, namespace)
        self._intermixing, usage = True, self.usage
        if usage is None:  # (else argparse cuts an English "usage: " off the Chinese one)
            self.usage = self.format_usage().removeprefix("用法：").rstrip()
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing, self.usage = False, usage

    def error(self, message: str) -> NoReturn:
        for pattern, text in _ARGPARSE_ZH:
            if pattern.fullmatch(message):
                message = pattern.sub(text, message)
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    from boostdesk.program_name import program

    parser = ChineseArgumentParser(
        prog=program(), description="BoostDesk 职工创新助推计划登记册（命令行）",
        epilog="每个命令的说明和选项见 boostdesk 命令 --help。--db PATH（登记册文件）和 "
               "--operator 姓名 也可写在命令之前，如 boostdesk --db 登记册.db check；"
               "只写 boostdesk --db PATH 即用窗口打开该登记册",
    )
    parser.add_argument("--version", action="version", version=f"BoostDesk {__version__}",
                        help="显示版本号并退出")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        module.add_parser(sub)
    return parser


def year_number(text: str | None) -> int | None:
    """``--year N`` as a year (None when not given), or a UserError saying how to write it."""
    if text is None:
        return None
    if not text.strip().isdecimal() or not 2000 <= int(text) <= 2100:
        raise UserError(f"年度应为 2000 至 2100 年间的四位数字，如 2022，而不是“{text}”")
    return int(text)


def register_year(reg: Register, text: str | None) -> int:
    """``--year N`` as one of the register's years; not given: its newest."""
    years = reg.campaign_years()
    year = year_number(text)
    if year is None:
        if not years:
            raise UserError("登记册中还没有年度助推计划")
        return max(years)
    if year not in years:
        known = "、".join(str(y) for y in years) or "无"
        raise UserError(f"登记册中没有 {year} 年度（已有年度：{known}）")
    return year


def xlsx_out(text: str | None) -> Path | None:
    """``--out FILE.xlsx`` checked before the register is opened: its suffix, its folder."""
    from pathlib import Path

    if not text:
        return None
    out = Path(text)
    if out.suffix.lower() != ".xlsx":
        raise UserError(f"导出文件名应以 .xlsx 结尾：{out}")
    if not out.absolute().parent.is_dir():
        raise UserError(f"无法写入 {out}：文件夹 {out.absolute().parent} 不存在")
    return out


def refuse_other_file(path: Path) -> None:
    """A ``--db`` that is no register, refused untouched (``safety.foreign``; every opener
    of a register refuses it in ``safety.open_register``, the command line before its
    early reading, the window before it shows)."""
    from boostdesk.safety.foreign import not_a_register
    from boostdesk.safety.gone import said_for_default

    refused = not_a_register(path)
    if refused is not None:
        raise UserError(said_for_default(refused, path))


def refuse_missing_folder(path: Path) -> None:
    """A new register is made at a ``--db`` only in a folder that exists: a folder typed
    wrong, or a USB stick not plugged in, was made on the local disk with an empty
    register in it, and the command went on as if it were the office's."""
    from boostdesk.paths import missing_register_folder

    missing = missing_register_folder(path)
    if missing is not None:
        raise UserError(missing)


# A command that puts data in may start a register at a ``--db`` not there (import,
# campaign new/set, demo, panel set-up; restore writes the backup there; the window makes
# it): its parser's ``starts_register``, True or a test of its arguments. Any other has
# nothing to read or change in an empty register.
def starts_register(args: argparse.Namespace) -> bool:
    starts = getattr(args, "starts_register", False)
    return bool(starts(args) if callable(starts) else starts)


class RegisterNotThere(UserError):
    """``--db`` names no file, for a command that does not start a register: exit 2,
    as a mistyped argument is."""

    status = 2


def refuse_absent_register(args: argparse.Namespace) -> None:
    """A ``--db`` that is not there, refused before anything is made (no register, no
    .lock, no backups folder) unless the command starts a register: `audit --db 登记册2022.db`
    made an empty register, wrote its 2022 plan in the trail and listed that as 修改记录."""
    from pathlib import Path

    from boostdesk.safety.gone import missing_backups

    if not getattr(args, "db", None):
        return  # the user's own register: made at the first command (a new PC)
    path = Path(args.db)
    if path.exists() or path.is_symlink():
        return
    if starts_register(args):
        return
    if missing_backups(path) is not None:
        return  # a register lost from beside its backups: said with them when opened
    raise RegisterNotThere(
        f"登记册文件不存在：{path}（请检查路径；新建登记册请用 boostdesk import 汇总表.xlsx"
        f" --db \"{path}\"，或 boostdesk campaign new --year 年度 --db \"{path}\"）")


def refuse_wrong_register(args: argparse.Namespace) -> None:
    """``--db`` checked before anything locks or reads it: a file that is no register, a
    folder that is not there, or a register that is not there for a command that only
    reads it (the user's own register and its folder are made at the first command)."""
    from pathlib import Path

    from boostdesk.paths import default_register_path, missing_data_dir

    if args.db:
        refuse_missing_folder(Path(args.db))
        refuse_absent_register(args)
    else:  # BOOSTDESK_DATA naming a USB stick not plugged in
        missing = missing_data_dir(default_register_path())
        if missing is not None:
            raise UserError(missing)
    refuse_other_file(Path(args.db or default_register_path()))


def _damage_details(args: argparse.Namespace, exc: Exception) -> str:
    """A damaged register's every problem (SQLite's English, ≈ 20 lines) kept out of its
    Chinese message: listed by ``check --verbose``, which the message names."""
    from boostdesk.program_name import hint_named
    from boostdesk.safety import RegisterDamaged

    if not isinstance(exc, RegisterDamaged) or not exc.report.raw:
        return ""
    if getattr(args, "verbose", False):
        report = exc.report  # "全部" only when the check did not stop at its cap
        which = (f"前 {len(report.problems)} 处问题（检查到此为止，可能还有更多）" if report.capped
                 else f"全部 {report.how_many}问题")
        print(f"完整性检查发现的{which}：\n{report.details}", file=sys.stderr)
        return ""
    if len(exc.report.problems) < 2:
        return ""
    db = f" --db \"{args.db}\"" if getattr(args, "db", None) else ""
    return hint_named(f"\n这些问题可用 boostdesk check --verbose{db} 逐条列出（英文，供技术人员查看）")


def add_db_argument(parser: argparse.ArgumentParser, *, new_register: bool = False) -> None:
    """--db and --operator; ``new_register``: --new-register too, on the commands that put
    a new register's first content in (import, campaign). A lost register's message names
    it only there (``safety.gone.missing_message``): an empty register made to be read
    (stats, print, check…) shows nothing and would stand where a restore belongs."""
    parser.add_argument("--db", metavar="PATH", help="登记册文件（默认：用户数据目录中的登记册）")
    parser.add_argument("--operator", default=None, metavar="姓名", help="操作人姓名，记入审计记录（默认：环境变量 BOOSTDESK_OPERATOR，"
                        "否则本机窗口记住的操作人，否则登录名）")
    if new_register:
        parser.add_argument("--new-register", action="store_true",
                            help="登记册不见了、但备份文件夹中还有它的备份时，确认新建一个空登记册"
                                 "（不加时拒绝，并给出用备份恢复的命令）")


def open_register(
    args: argparse.Namespace, integrity: str | BackgroundCheck = "full",
) -> _Opened:
    """``--db`` (or the user's register) opened with every safeguard; ``integrity``: the
    check to run first, or a ``BackgroundCheck`` of the file started earlier to wait for."""
    from pathlib import Path

    from boostdesk.models import RegisterError
    from boostdesk.paths import default_operator, default_register_path
    from boostdesk.safety import open_register as open_safely
    from boostdesk.safety.gone import RegisterMissing, missing_message

    path = args.db or default_register_path()
    refuse_wrong_register(args)
    made = not Path(path).exists() and getattr(args, "command", None) != "demo"
    waited = 0.0
    shown: set[str] = set()

    def said(text: str) -> None:  # an upgrade's steps, each line once (seconds of silence)
        for line in text.splitlines():
            if line not in shown:
                shown.add(line)
                print(f"提示：{line}", file=sys.stderr, flush=True)

    while True:
        try:  # integrity check, write lock (read-only when another instance has it), 0600
            opened = open_safely(path, default_operator(args.operator), start_backup=False,
                                 integrity=integrity, said=said,
                                 new_register=getattr(args, "new_register", False))
        except RegisterMissing as exc:  # said for this command: does it take --new-register?
            raise UserError(missing_message(exc.path, exc.count, exc.last_good,
                                            offered=hasattr(args, "new_register"))) from exc
        except RegisterError as exc:
            raise UserError(str(exc) + _damage_details(args, exc)) from exc
        holder = opened.holder
        if holder is None or not holder.command_line or waited >= COMMAND_WAIT_S:
            break
        # another command's run (IT's check, a colleague's stats) is over in moments: wait
        # for it rather than be refused, or read what it may be changing
        if not waited:
            print(f"提示：登记册正由 {holder.describe()}使用，等它结束……", file=sys.stderr)
        opened.reg.close()
        time.sleep(COMMAND_POLL_S)
        waited += COMMAND_POLL_S
        integrity = "none"  # checked already
    busy = f"登记册正由 {opened.holder.describe()}打开" if opened.holder is not None else None
    for warning in opened.warnings:
        if busy and warning.startswith(busy):  # a reading command saves nothing: a write
            continue  # refused says it, once
        _said.add(warning)
        print(f"提示：{warning}", file=sys.stderr)
    return _Opened(opened.reg, made=str(path) if made else None, chosen=bool(args.db))


class _Opened:
    """``with open_register(args) as reg``: the register, closed when the block ends.

    First the verdicts its writes can have changed are stored (``rules.recheck``, as the
    app does after every write): a status moved here (a project's acceptance lifting its
    studio's finding in a later year) would otherwise leave a stale verdict in the file.
    Also after a failing block, for what it committed before it failed."""

    def __init__(self, reg: Register, made: str | None = None, chosen: bool = True) -> None:
        self.reg = reg
        self.made = made  # the register this command made: a mistyped path looks like an empty register
        self.chosen = chosen  # made at --db, not at the user's own register (a new PC)

    def __enter__(self) -> Register:
        if getattr(self.reg, "read_only", False):
            # Another BoostDesk writes meanwhile: the command reads one moment of the
            # register (WAL: a read transaction keeps its snapshot and never holds the
            # writer back), or a payment saved between two of its queries would be counted
            # in one total and not in the next.
            self.reg.conn.execute("BEGIN")
            self.reg.conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return self.reg

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        if getattr(self.reg, "read_only", False) and self.reg.conn.in_transaction:
            self.reg.conn.execute("ROLLBACK")  # nothing was written: the snapshot ends
        try:
            if self.reg.changes:
                from boostdesk.rules import recheck

                try:
                    recheck(self.reg)
                except Exception:
                    if exc_type is None:
                        raise  # else the block's own error is the one to report
        finally:
            self.reg.close()
        # also before the command's own error: "no approved applications" of a mistyped
        # path reads as the register's state
        if self.made and (exc_type is None or issubclass(exc_type, UserError)):
            print(f"提示：登记册 {self.made} 原本不存在，已新建一个空登记册" + (
                f"（如是路径写错，请删去这个文件和旁边的 {os.path.basename(self.made)}.lock，"
                "改正 --db 后重试）" if self.chosen else
                "（环境变量 BOOSTDESK_DATA 所指文件夹中的登记册，设置了它的窗口与各命令默认都用它）"
                if os.environ.get("BOOSTDESK_DATA") else
                "（本机用户数据目录中的登记册，窗口与各命令默认都用它；另用他处的登记册请加 --db"
                " 或设置 BOOSTDESK_DATA）"), file=sys.stderr)


# Written instead of a character the output's encoding lacks, if that encoding has it.
_STAND_INS = {"¥": "￥", "−": "-", "✓": "√", "✔": "√", "✗": "×", "✘": "×", "µ": "μ"}


def _stand_in(exc: UnicodeError) -> tuple[str | bytes, int]:
    """The ``boostdesk-stand-in`` codec error handler: each character the encoding lacks
    as its look-alike there (¥ as ￥), else ``?``; the bytes of a file name the system
    gave undecoded (escaped as surrogates) written back as they were, as Python's own
    ``surrogateescape`` does."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    span = exc.object[exc.start:exc.end]
    if all("\udc80" <= ch <= "\udcff" for ch in span):
        return bytes(ord(ch) - 0xDC00 for ch in span), exc.end
    out = []
    for ch in exc.object[exc.start:exc.end]:
        sub = _STAND_INS.get(ch, "?")
        try:
            sub.encode(exc.encoding)
        except (UnicodeError, LookupError):
            sub = "?"
        out.append(sub)
    return "".join(out), exc.end


def tolerant_output() -> None:
    """Output redirected to a file or another program on a Chinese Windows is encoded in
    GBK (cp936), which has no ¥ (every amount ``pay list`` prints) nor a rare hanzi of a
    name: ``boostdesk-cli pay list > 拨付.txt`` ended in a UnicodeEncodeError traceback
    halfway through. Such a character is written as its look-alike or ``?`` instead.
    An ASCII output (the C locale's: ``LC_ALL=C``, Python's UTF-8 mode turned off) is
    written in UTF-8, as Python's UTF-8 mode and Qt write there: every Chinese line was a
    traceback (its error handler, ``surrogateescape``, was left as it was) or would be
    question marks."""
    import codecs
    import io

    try:
        codecs.lookup_error("boostdesk-stand-in")
    except LookupError:
        codecs.register_error("boostdesk-stand-in", _stand_in)
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        if _ascii(stream.encoding):
            stream.reconfigure(encoding="utf-8", errors="boostdesk-stand-in")
        elif stream.errors in ("strict", "backslashreplace", "surrogateescape"):
            stream.reconfigure(errors="boostdesk-stand-in")


def _ascii(encoding: str | None) -> bool:
    import codecs

    try:
        return codecs.lookup(encoding or "ascii").name == "ascii"
    except LookupError:
        return False


# Set in the process :func:`utf8_restart` starts again: it does not start a third.
_RESTARTED = "BOOSTDESK_UTF8_RESTART"


def utf8_restart() -> None:
    """Under the C locale with Python's UTF-8 mode turned off (``LC_ALL=C PYTHONUTF8=0``)
    file names, the command line and the environment are ASCII to Python: a Chinese
    ``--db`` was read as escaped bytes, which SQLite's file URIs, the backups' zip names,
    the audit trail and Qt (a window titled ``.db``) cannot take: tracebacks, or a start
    backup failing. The process starts itself again in UTF-8 mode (what Python does in
    the C locale unless told not to, and what Qt switches to there), the same command
    and streams; its child processes (a large check's second one) inherit the mode.
    Nothing happens in any other locale, on Windows, or in the process restarted."""
    restarted = os.environ.pop(_RESTARTED, "")  # (not handed on to what this one starts)
    if sys.flags.utf8_mode or os.name != "posix" or restarted:
        return
    if not _ascii(sys.getfilesystemencoding()):
        return
    env = {**os.environ, "PYTHONUTF8": "1", _RESTARTED: "1"}
    if getattr(sys, "frozen", False):  # the package: its executable is the program
        argv = [sys.executable, *sys.argv[1:]]
    else:
        argv = list(getattr(sys, "orig_argv", None) or [sys.executable, *sys.argv])
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        os.execve(sys.executable, argv, env)
    except OSError:
        return  # runs on in ASCII: ascii_only_arguments() says what cannot be used


def ascii_only_arguments(argv: list[str]) -> str | None:
    """Why this process cannot use ``argv`` (a Chinese file name in a process that reads
    names as ASCII, when it could not restart in UTF-8 mode), or None."""
    if sys.flags.utf8_mode or not _ascii(sys.getfilesystemencoding()):
        return None
    if not any(any("\udc80" <= ch <= "\udcff" for ch in word) for word in argv):
        return None
    return ("当前的区域设置（如 LC_ALL=C，且 PYTHONUTF8=0）只能表示英文字母和数字，参数中的中文"
            "（文件夹、文件名）无法读取，未做任何操作。请在 UTF-8 区域设置下运行（如 "
            "LC_ALL=C.UTF-8 或 zh_CN.UTF-8），或去掉 PYTHONUTF8=0 后重试")


def main(argv: list[str] | None = None) -> int:
    if argv is None or getattr(sys, "frozen", False):  # a process of its own: may restart
        utf8_restart()
    tolerant_output()
    cannot = ascii_only_arguments(sys.argv[1:] if argv is None else argv)
    if cannot is not None:
        print(f"错误：{cannot}", file=sys.stderr)
        return 2
    try:
        try:
            return _run(argv)
        finally:  # a short output waits in the buffer: flushed here, not noisily at exit
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:  # `boostdesk rank | head`: the reader has what it wanted
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no flush error
        return 141


def _operator_refused(given: object) -> str:
    """Why ``--operator`` (or BOOSTDESK_OPERATOR, when it is not given) is refused
    (``operator_name.clean``: a line break, a control character, too long); "" if not."""
    from boostdesk.operator_name import clean
    from boostdesk.validate import ValidationError

    for name, where in ((given, "--operator"),
                        (os.environ.get("BOOSTDESK_OPERATOR"), "环境变量 BOOSTDESK_OPERATOR")):
        if isinstance(name, str) and name.strip():
            try:
                clean(name)
            except ValidationError as exc:
                return f"{where}：{exc.message}"
            return ""
    return ""


_BEFORE_COMMAND = ("--db", "--operator")
_WINDOWS = ("gui", "screenshots", "selftest")


def _options_after_command(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """`boostdesk --db 登记册.db check`, `boostdesk pay --db 登记册.db list`: the register
    and operator written before the command (or between a group and its action) are moved
    after it, where the command takes them (alone: the window's)."""
    words, rest, lead = list(argv), [], []
    while words:
        if words[0].split("=", 1)[0] not in _BEFORE_COMMAND:
            rest.append(words.pop(0))
            continue
        taken = 1 if "=" in words[0] else 2
        if len(words) < taken:  # `boostdesk --db`: was "unrecognised"
            parser.error(f"argument {words[0]}: expected one argument")
        lead += words[:taken]
        del words[:taken]
    if lead and rest and rest[0].startswith("-") and rest[0] not in ("-h", "--help", "--version"):
        # `boostdesk --db x.db --bogus` was said as “命令 不能是 x.db”
        parser.error(f"unrecognized arguments: {rest[0]}")
    if lead and not rest:
        rest = ["gui"]
        if any(word.split("=", 1)[0] == "--operator" for word in lead):
            parser.error("--operator 只用于命令；窗口第一次打开时询问操作人并记住，"
                         "更换请在窗口的“设置”→“操作人”中修改")
    return rest + lead


def _command_parser(parser: argparse.ArgumentParser,
                    args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the command (and its action: `pay mark`) that ``args`` were read for."""
    found = parser
    while found._subparsers is not None:
        action = found._subparsers._group_actions[0]
        choices = cast("dict[str, argparse.ArgumentParser]", action.choices or {})
        child = choices.get(getattr(args, action.dest, None) or "")
        if child is None:
            break
        found = child
    return found


def _year_hint(command: argparse.ArgumentParser, extra: list[str]) -> str:
    """`boostdesk check 2022`: the year written without its option, said how to write it."""
    years = [word for word in extra if word.isdecimal() and 2000 <= int(word) <= 2100]
    takes_year = any("--year" in action.option_strings for action in command._actions)
    return f"（年度请写成 --year {years[0]}）" if years and takes_year else ""


def _run(argv: list[str] | None) -> int:
    from boostdesk.program_name import program_named_output

    parser = build_parser()
    with program_named_output(_command_names(parser)):  # the package: its executable's name
        return _run_parsed(parser, argv)


def _command_names(parser: argparse.ArgumentParser) -> list[str]:
    action = parser._subparsers._group_actions[0] if parser._subparsers else None
    return list(action.choices or {}) if action is not None else []


def _run_parsed(parser: argparse.ArgumentParser, argv: list[str] | None) -> int:
    given = sys.argv[1:] if argv is None else argv
    moved = _options_after_command(parser, given)
    if moved != given:
        argv = moved
    args, extra = parser.parse_known_args(argv)
    if extra:  # said with the command's own usage line, not the list of every command
        command = _command_parser(parser, args)
        command.error(f"无法识别的参数：{' '.join(extra)}{_year_hint(command, extra)}")
    if not getattr(args, "func", None):
        if argv is None and len(sys.argv) == 1:
            args = parser.parse_args(["gui"])
        else:  # `boostdesk print`: the group's own help, not the whole list
            groups = cast("dict[Any, argparse.ArgumentParser]",  # the sub-parsers' choices
                          parser._subparsers._group_actions[0].choices if parser._subparsers else {})
            groups.get(getattr(args, "command", None), parser).print_help()
            return 2
    if isinstance(getattr(args, "operator", None), str) and not args.operator.strip():
        # `--operator " "`: recorded as the login name (root), a change by nobody the
        # office knows; said, as the window will not start without a name
        print("错误：--operator 后没有写姓名，未做任何操作：修改记录要写明操作人，"
              "请写上姓名（如 --operator 张三），或不写 --operator（默认：环境变量 "
              "BOOSTDESK_OPERATOR，或窗口中设置的操作人）", file=sys.stderr)
        return 2
    refused = _operator_refused(getattr(args, "operator", None))
    if refused:
        print(f"错误：{refused}，未做任何操作", file=sys.stderr)
        return 2
    if args.command in _WINDOWS:  # a window, open all day, is named by no command
        return _command(args)
    from boostdesk.safety.lock import set_program
    from boostdesk.said_where import set_cli

    set_program(f"命令行 boostdesk {args.command}")
    set_cli(True)  # its messages name commands, not the window's buttons
    try:
        with _hints_name_register(parser, args):
            return _command(args)
    finally:
        set_program("")  # (main() called again in one process: tests)
        set_cli(False)


def _hints_name_register(parser: argparse.ArgumentParser,
                         args: argparse.Namespace) -> AbstractContextManager[None]:
    """A command given a register other than the user's own: its hints name it
    (``boostdesk --db x.db pay mark 13``); run as printed they acted on the user's own."""
    from boostdesk.program_name import register_named_output

    db = getattr(args, "db", None)
    if not db or _same_file(db, _default_register()):
        return nullcontext()
    action = parser._subparsers._group_actions[0] if parser._subparsers else None
    commands = dict(action.choices or {}) if action is not None else {}
    return register_named_output(db, commands, json_out=bool(getattr(args, "json", False)))


def _default_register() -> str:
    from boostdesk.paths import default_register_path

    return str(default_register_path())


def _same_file(a: str, b: str) -> bool:
    return os.path.normcase(os.path.abspath(os.path.expanduser(a))) == \
        os.path.normcase(os.path.abspath(b))


def _command(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        said = str(exc)
        if said in _said:  # the register read-only, said as the command began
            said = "登记册只读，未做任何修改（原因见上）"
        elif type(exc).__name__ == "RegisterReadOnly":  # (its holder not said before)
            said += "。未做任何修改"
        print(f"错误：{said}", file=sys.stderr)
        return int(getattr(exc, "status", 1))
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        # the disk, the file's rights, or its damage met mid-command ("malformed", or a
        # garbled name SQLite quotes that Python cannot decode): said, not a traceback
        from boostdesk.models.register import explain_sqlite

        said = explain_sqlite(exc)
        if said == str(exc):  # not a condition of the disk or file: a bug to see whole
            raise
        print(f"错误：{said}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130

if __name__ == "__main__":
    sys.exit(main())
