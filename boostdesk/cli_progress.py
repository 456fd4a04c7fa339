"""A long command's progress on stderr, fed by the ``progress(done, total)`` callbacks the
window's progress dialogs get from the same domain jobs (no work loop of its own).

Nothing for the first second (a quick command stays quiet). On a terminal one line,
rewritten in place with ``\\r`` at most a few times a second and cleared at the end (or
at Ctrl+C, before 已中断); elsewhere (CI logs, pipes) a plain line at each quarter, so a
log shows the command alive without thousands of lines. stdout keeps only the result.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

DELAY = 1.0  # seconds of silence before the first line
REDRAW = 0.2  # seconds between rewrites of the terminal line
QUARTERS = 4  # plain lines: one as each quarter of the work is passed


class Progress:
    """``progress(done, total)`` drawn as ``{label} {done}/{total}{unit}…``; once ``say(what)``
    has named the part under way (the archive's file, with its own count), as
    ``{label}（37%）：{what}…``."""

    def __init__(self, label: str, unit: str = "", stream: TextIO | None = None,
                 tty: bool | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = bool(tty if tty is not None else _isatty(self.stream))
        self.label, self.unit = label, unit
        self.clock = clock
        self.start = clock()
        self.drawn_at = -1.0
        self.width = 0  # characters of the line on screen (to blank a shorter one)
        self.quarter = 0  # plain lines: the last quarter said
        self.done = self.total = 0
        self.what = ""

    def say(self, what: str) -> None:
        """What is being done now (shown with the next count, or at once on a terminal
        past the first second: a step that reports no count is named while it runs)."""
        self.what = what
        if self.tty and self.clock() - self.start >= DELAY:
            self(self.done, self.total)

    def __call__(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        now = self.clock()
        if now - self.start < DELAY:
            return
        if self.tty:
            if now - self.drawn_at >= REDRAW or (total and done >= total):
                self._draw(now)
            return
        quarter = QUARTERS * done // total if total > 0 else 0
        if quarter > self.quarter and quarter < QUARTERS:  # the end is the result's line
            self.quarter = quarter
            self.stream.write(f"{self.text()}\n")
            self.stream.flush()

    def text(self) -> str:
        if self.what:
            share = f"（{100 * self.done // self.total}%）" if self.total > 0 else ""
            return f"{self.label}{share}：{self.what}…"
        if self.total <= 0:
            return f"{self.label}…"
        return f"{self.label} {self.done:,}/{self.total:,}{self.unit}…"

    def _draw(self, now: float) -> None:
        line = self.text()
        width = _columns(line)
        self.stream.write("\r" + line + " " * max(0, self.width - width))
        self.stream.flush()
        self.width, self.drawn_at = width, now

    def close(self) -> None:
        """The terminal line blanked, the cursor at its start (the result, or 已中断, is
        printed over it)."""
        if self.tty and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0


@contextmanager
def shown(label: str, unit: str = "", stream: TextIO | None = None,
          tty: bool | None = None) -> Iterator[Progress]:
    """A :class:`Progress` for the ``with`` block, cleared however the block ends."""
    progress = Progress(label, unit, stream, tty)
    try:
        yield progress
    finally:
        progress.close()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream: plain lines
        return False


def _columns(text: str) -> int:
    """Terminal columns: a Chinese character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
