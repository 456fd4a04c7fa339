"""One backup of a register at a time in this process.

The window's start-up backup runs in a thread of its own for seconds on a large register;
文件 → 立即备份, an import's backup or a restore's 恢复前 copy started meanwhile ran beside
it: two copies of the register at once, both numbered (``seq``) from the same listing, so
the one begun first was listed as the newer, and each pruned the folder while the other
wrote into it. A backup into ``backups/`` now waits for the one being made (its
``cancelled()`` still heard while it waits) and says which it waits for
(:func:`in_progress`). Another process (``boostdesk backup`` beside the window) is not
held back: this is no file lock.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

WAIT_STEP = 0.05  # seconds between looks at ``cancelled()`` while another backup runs

_guard = threading.Lock()
_locks: dict[str, threading.Lock] = {}
_making: dict[str, str] = {}  # register → the reason of the backup being made of it


def _key(register: Path) -> str:
    return os.path.normcase(str(register.absolute()))


@contextmanager
def one_at_a_time(register: Path, reason: str,
                  cancelled: Callable[[], bool] | None = None,
                  on_cancel: Callable[[], BaseException] | None = None) -> Iterator[None]:
    """Hold ``register``'s backup turn for the ``with`` block, waiting for a backup of it
    under way first; ``cancelled()`` turning true while waiting raises ``on_cancel()``.
    ``register`` is the register file itself (``backup.register_file``)."""
    key = _key(register)
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
    while not lock.acquire(timeout=WAIT_STEP):
        if cancelled is not None and cancelled() and on_cancel is not None:
            raise on_cancel()
    _making[key] = reason
    try:
        yield
    finally:
        _making.pop(key, None)
        lock.release()


def in_progress(register: Path) -> str | None:
    """The reason (``"start"``…) of the backup of ``register`` being made in this process
    now, or None."""
    return _making.get(_key(register))
