"""A document written under its own name only once it is whole.

Written straight to the name asked for, a save that stops halfway (a full disk or USB stick,
Ctrl+C at the command line, a file vanishing under it) left a truncated workbook or PDF there
as if complete, and had already destroyed the earlier file of that name. Written to a hidden
sibling first and renamed over it (atomic on one disk), it is the whole new file or the
earlier one, never a piece.

A process killed while writing (the power cut, Windows ending a hung program) cannot remove
its sibling: the next write of the same name sweeps those left an hour or more ago (a
sibling that young may be another process's, still writing), so they do not pile up in the
folder finance's copies are saved to — where Windows does not hide a leading dot.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

STALE_SECONDS = 3600  # no export writes for an hour; one that young may still be writing
# ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION: on Windows a file just written is opened
# by the antivirus scanner (Defender included) for a moment, and a rename onto or from it
# refused meanwhile; a workbook open in Excel refuses it for as long as it stays open.
_HELD_WINERRORS = (5, 32)
HELD_WAIT_SECONDS = 1.0


def replace(source: str | Path, target: str | Path) -> None:
    """``os.replace``, tried again for up to a second while Windows says a file is held:
    a scan of a new file is over by then, a workbook open in Excel is not (the caller
    says so)."""
    deadline = time.monotonic() + HELD_WAIT_SECONDS
    pause = 0.05
    while True:
        try:
            os.replace(source, target)
            return
        except PermissionError as exc:
            if getattr(exc, "winerror", None) not in _HELD_WINERRORS or time.monotonic() >= deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


@contextmanager
def written_in_place(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write to; when the block ends it takes
    ``path``'s place, and when it raises (KeyboardInterrupt included) it is removed."""
    path = Path(path)
    folder = path.absolute().parent
    prefix, suffix = f".{path.stem}.", f"{path.suffix}.part"
    try:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=folder)
    except OSError as exc:  # a read-only folder, a stick pulled out: named as asked for
        raise _naming(exc, path) from None
    os.close(fd)
    tmp = Path(name)
    _sweep(folder, prefix, suffix, keep=tmp)
    try:
        yield tmp
        replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and exc.filename in (name, tmp):
            raise _naming(exc, path) from None
        raise


def _sweep(folder: Path, prefix: str, suffix: str, keep: Path) -> None:
    """Remove the siblings of this name a killed write left (mkstemp's: prefix, eight
    characters, suffix), an hour old or more."""
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if (name == keep.name or not name.startswith(prefix) or not name.endswith(suffix)
                or len(name) != len(prefix) + 8 + len(suffix)):
            continue
        with suppress(OSError):
            if now - entry.stat().st_mtime >= STALE_SECONDS:
                os.unlink(entry.path)


def _naming(exc: OSError, path: Path) -> OSError:
    """The same failure, naming the file the user asked for, not its hidden sibling (and
    keeping what Windows said: a path too long, a drive gone)."""
    named = type(exc)(exc.errno, exc.strerror, str(path))
    if getattr(exc, "winerror", None) is not None:
        named.winerror = exc.winerror  # type: ignore[attr-defined, misc]
    return named
