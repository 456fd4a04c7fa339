"""A guard against Qt bindings that drop a reference to ``None`` at every call.

PySide6-Essentials 6.12.0 on Python 3.11 does: each call of a Qt method that returns
nothing (``setEnabled``, ``setText``, ``setItem``…) takes one reference off ``None``
(measured: 1,000 calls, 1,000 references). On Python 3.11 ``None`` is an ordinary
object, and when its count reaches zero the process aborts ("none_dealloc: deallocating
None") — the 专家评审 screen did so at 20,000 projects, and a day of typing at the
intake desk would too. Python 3.12 made ``None`` immortal, so there it is harmless.

``pyproject.toml`` excludes that release. This guard covers any other build that does
the same: it measures at start-up, and only if the binding leaks gives ``None`` the
count that cannot run out, as Python 3.12 does.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

log = logging.getLogger(__name__)

PROBE_CALLS = 64
# Far more references than any session makes calls; Python 3.12's immortal count is 2**32 - 1.
IMMORTAL = 1 << 40


def leaks_none(call: Callable[[], object], calls: int = PROBE_CALLS) -> bool:
    """Does ``call`` (a Qt method returning nothing) take a reference off None each time?"""
    before = sys.getrefcount(None)
    for _ in range(calls):
        call()
    return before - sys.getrefcount(None) >= calls // 2


def keep_none_alive(call: Callable[[], object]) -> bool:
    """Make None immortal if ``call`` shows the binding leaking; True when it had to."""
    if sys.version_info >= (3, 12) or not leaks_none(call):
        return False
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += IMMORTAL  # ob_refcnt, PyObject's first field
    log.warning("this Qt binding drops a reference to None at every call: None made immortal")
    return True
