"""`boostdesk gui` (the default command) and `boostdesk screenshots OUTDIR`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from boostdesk.cli import UserError
from boostdesk.os_errors import explain_os_error


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "gui", help="打开图形界面（不带命令运行时的默认操作）",
        description="打开 BoostDesk 图形界面：录入、查询、审核、拨付、打印",
    )
    p.add_argument("--db", metavar="PATH", help="登记册文件（默认：用户数据目录中的登记册）")
    p.set_defaults(func=run_gui)

    p = sub.add_parser(
        "screenshots", help="把每个界面和每张录入表截图为 PNG",
        description="用演示数据（或 --db 指定的登记册，只读取不修改）打开各个界面和录入表，"
                    "截图保存为 OUTDIR 中的 PNG 文件，供说明文档使用",
    )
    p.add_argument("outdir", metavar="OUTDIR", help="保存 PNG 的文件夹（不存在时新建，它所在的文件夹须已存在）")
    p.add_argument("--db", metavar="PATH",
                   help="登记册文件（默认：在临时文件夹中新建一个演示登记册）")
    p.set_defaults(func=run_screenshots)


def run_gui(args: argparse.Namespace) -> int:
    if (sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM")
            and not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY")):
        me = sys.argv[0] if getattr(sys, "frozen", False) else "boostdesk"  # the package's name
        raise UserError(  # else Qt aborts the process with its own English words
            "没有图形显示，无法打开窗口（如通过 SSH 登录）。请在桌面上运行，或用 "
            f"xvfb-run -a {me} gui；命令行的各项功能见 {me} --help")
    if args.db and not os.environ.get("BOOSTDESK_WINDOWED"):
        # an Excel table or another program's database is not opened as one; Windows'
        # windowed boostdesk.exe has no console for this line: its window says it (launch)
        from boostdesk.cli import refuse_other_file

        refuse_other_file(Path(args.db))
    from boostdesk.ui.launch import run

    return run(args.db)


def run_screenshots(args: argparse.Namespace) -> int:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # pictures, not windows
    from boostdesk.ui.screenshots import take_screenshots

    _quiet_offscreen_hints()
    outdir = Path(args.outdir).absolute()
    if not outdir.is_dir() and not outdir.parent.is_dir():  # only OUTDIR itself is made
        raise UserError(f"文件夹 {outdir.parent} 不存在（U 盘或网络盘是否已接好？）；未截图")
    if args.db:
        _readable_register(Path(args.db))
    try:
        written, failures = take_screenshots(Path(args.outdir), Path(args.db) if args.db else None)
    except OSError as exc:
        raise UserError(f"无法写入 {args.outdir}：{explain_os_error(exc)}") from exc
    for path in written:
        print(path)
    for failure in failures:
        print(f"未能截图：{failure}", file=sys.stderr)
    return 1 if failures else 0


def _readable_register(path: Path) -> None:
    """The register to picture, refused in Chinese before it is copied: an Excel table or
    a damaged file ended in sqlite3's "file is not a database" traceback."""
    from boostdesk.cli import refuse_other_file
    from boostdesk.safety import check_integrity

    if not path.exists():
        raise UserError(f"登记册不存在：{path}")
    refuse_other_file(path)
    report = check_integrity(path, quick=True)
    if not report.ok:
        raise UserError(f"无法读取登记册 {path}：{report.summary}；未截图")


def _quiet_offscreen_hints() -> None:
    """Qt's offscreen platform says “This plugin does not support propagateSizeHints()”, in
    English, for every dialog pictured: seven lines on stderr that read as errors. Every
    other message of Qt's still goes to stderr."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def handler(_kind: QtMsgType, _context: object, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)
