"""An exception no handler caught, in a button's or a timer's slot: logged with its
traceback, and the clerk told in Chinese that the last action may not have finished — not
a silent window (a packaged window has no console to print it on)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QWidget

log = logging.getLogger("boostdesk.ui")


def error_message(exc: BaseException, log_file: object) -> str:
    from .context import error_text

    where = f"详情已记入日志：{log_file}" if log_file else "（未能记入日志）"
    # Not 未保存任何内容: what went before the error may well have been saved.
    return (f"刚才的操作出错，可能没有完成：{error_text(exc, rolled_back=False)}\n\n"
            f"请查看结果后重试；如再次出现，请把“帮助 → 关于”中复制的信息和日志发给信息管理人员。{where}")


def install(parent: Callable[[], QWidget | None], log_file: Callable[[], object]) -> None:
    """From now on an uncaught exception is logged and shown over ``parent()`` (one
    message at a time: an error repeated by a timer is logged, not stacked up)."""
    showing: list[bool] = []

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            sys.__excepthook__(kind, exc, tb)
            return
        log.critical("未处理的异常", exc_info=(kind, exc, tb))
        if showing:
            return
        showing.append(True)
        try:
            from . import dialogs

            dialogs.show_error(parent(), "程序出错", error_message(exc, log_file()))
        finally:
            showing.clear()

    sys.excepthook = hook
