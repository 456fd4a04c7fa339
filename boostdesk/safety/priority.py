"""Background work that gives way: a thread at a lower CPU priority than the window's.

Imported by the start's integrity check as it begins, so it imports nothing beyond what
Python has already loaded.
"""

from __future__ import annotations

import os
import sys
import threading


def yield_cpu() -> None:
    """This thread at a lower CPU priority: work beside the window (the start's integrity
    check, the start-up backup's compression) then never slows the window's building and
    painting on a two-core PC, and still runs on whatever CPU the window leaves idle.
    Linux: the thread's nice value; Windows: THREAD_PRIORITY_BELOW_NORMAL. Never fails."""
    try:
        if sys.platform.startswith("linux"):
            me = threading.get_native_id()  # this thread only
            # ten below where it stands: a BoostDesk started with `nice` stays ordered
            os.setpriority(os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + 10))
        elif sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            kernel32.SetThreadPriority(kernel32.GetCurrentThread(), -1)
    except (OSError, AttributeError, ValueError):
        pass
