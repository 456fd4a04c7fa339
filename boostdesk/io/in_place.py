"""A document written under its own name only once it is whole.

Written straight to the name asked for, a save that stops halfway (a full disk or USB stick,
Ctrl+C at the command line, a file vanishing under it) left a truncated workbook or PDF there
as if complete, and had already destroyed the earlier file of that name. Written to a hidden
sibling first and renamed over it (atomic on one disk), it is the whole new file or the
earlier one, never a piece.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


@contextmanager
def written_in_place(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` to write to; when the block ends it takes
    ``path``'s place, and when it raises (KeyboardInterrupt included) it is removed."""
    path = Path(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f"{path.suffix}.part",
                                    dir=path.absolute().parent)
    except OSError as exc:  # a read-only folder, a stick pulled out: named as asked for
        raise _naming(exc, path) from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException as exc:
        with suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and exc.filename in (name, tmp):
            raise _naming(exc, path) from None
        raise


def _naming(exc: OSError, path: Path) -> OSError:
    """The same failure, naming the file the user asked for, not its hidden sibling."""
    return type(exc)(exc.errno, exc.strerror, str(path))
