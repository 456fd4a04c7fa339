"""Which Qt objects the cyclic garbage collector destroys, and on which thread.

A pytest plugin: ``python -m pytest -p tools.qt_garbage_scan tests/test_ui_*.py``. Every
object the collector finds unreachable is kept (``gc.DEBUG_SAVEALL``: slow, and memory
grows with the run) and counted by type and by the thread that collected it; at the end
``qt-garbage.txt`` (or ``$QT_GARBAGE_REPORT``) lists them. The first list is what matters:
a Qt object Python owns, collected on a worker thread, has its C++ destructor run there,
which Qt does not allow (a crash at random). Stop 28 found a test's AppContext and
QSettings among them (tests/conftest.py now hands them to the application).
"""

from __future__ import annotations

import atexit
import gc
import os
import threading
from collections import Counter

import shiboken6

_seen: Counter[tuple[str, str]] = Counter()
_owned: Counter[tuple[str, str]] = Counter()
_scanned = 0


def _after_collection(phase: str, _info: dict) -> None:
    global _scanned
    if phase != "stop":
        return
    thread = threading.current_thread()
    where = "UI thread" if thread is threading.main_thread() else f"worker {thread.name}"
    for obj in gc.garbage[_scanned:]:
        if isinstance(obj, shiboken6.Object):
            key = (type(obj).__name__, where)
            _seen[key] += 1
            if shiboken6.isValid(obj) and shiboken6.ownedByPython(obj):
                _owned[key] += 1
    _scanned = len(gc.garbage)


def _report() -> None:
    lines = ["Owned by Python, so destroyed (C++ and all) by the collector:"]
    lines += [f"{n}\t{name}\t{where}" for (name, where), n in _owned.most_common()] or ["(none)"]
    lines += ["", "Every Qt wrapper in cyclic garbage (most common 40):"]
    lines += [f"{n}\t{name}\t{where}" for (name, where), n in _seen.most_common(40)]
    path = os.environ.get("QT_GARBAGE_REPORT", "qt-garbage.txt")
    with open(path, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    print(f"\nqt_garbage_scan: {path}")


gc.set_debug(gc.DEBUG_SAVEALL)
gc.callbacks.append(_after_collection)
atexit.register(_report)
