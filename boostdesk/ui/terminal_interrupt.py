"""Ctrl+C in the terminal a window was started from (`./dev run`, `boostdesk gui`) closes
the window as its close button does (a paper typed and not saved asks first, the register
is closed and unlocked), instead of a ``KeyboardInterrupt`` traceback printed from inside
whatever Qt callback Python ran next, the window staying open.

Python runs a signal's handler only between bytecodes, and Qt's event loop runs none while
the window is idle: the byte the signal writes to a pipe (``signal.set_wakeup_fd``) wakes
the loop through a ``QSocketNotifier``, and the handler then asks the window to close.
POSIX only: on Windows the package's BoostDesk.exe has no console to press Ctrl+C in.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any


def close_on_interrupt(window: Any) -> Callable[[], None]:
    """From now on SIGINT closes ``window``; returns what puts things back as they were."""
    if (sys.platform == "win32" or threading.current_thread() is not threading.main_thread()
            or signal.getsignal(signal.SIGINT) is signal.SIG_IGN):  # `… &` from a script: left ignored
        return lambda: None
    from PySide6.QtCore import QSocketNotifier, QTimer

    read, write = os.pipe()
    os.set_blocking(read, False)
    os.set_blocking(write, False)
    try:
        old_fd = signal.set_wakeup_fd(write)
    except ValueError:  # not the main interpreter's main thread after all
        os.close(read)
        os.close(write)
        return lambda: None
    notifier = QSocketNotifier(read, QSocketNotifier.Type.Read)

    def drain() -> None:  # the handler itself runs as Python resumes here
        try:
            os.read(read, 512)
        except OSError:
            pass

    notifier.activated.connect(drain)
    # Not window.close() in the handler: it runs between any two bytecodes, a save's too.
    old_handler = signal.signal(signal.SIGINT, lambda *_: QTimer.singleShot(0, window.close))

    def restore() -> None:
        signal.signal(signal.SIGINT, signal.SIG_DFL if old_handler is None else old_handler)
        signal.set_wakeup_fd(old_fd)
        notifier.setEnabled(False)
        notifier.deleteLater()
        os.close(read)
        os.close(write)

    return restore
