"""The entry forms made ready while the clerk looks at the window, so the day's first Enter
on a paper or Ctrl+N opens its form as fast as the ones after it.

The first form of a session paid, on top of its own building, for what every later form
finds done: the forms' modules imported (≈ 35 ms), the pinyin table the name lists sort by
(≈ 90 ms) and which characters read alike (≈ 30–90 ms: near_names), the completers' name
lists read (≈ 20 ms on an office's register, ≈ 280 ms at 100,000 applications) and the Qt
enums and styles a form's widgets use, made on their first use (≈ 60 ms: a form built
once, never shown). Done here once the first screen has painted, one step per turn of the
event loop, so a key pressed meanwhile waits at most one step. The name lists are read in a
thread on a reading connection of its own (at 100,000 applications, beside the start-up
backup and the 待办 count, reading them here froze the window 1.2–2.8 s) and handed to the
register as read by it (``Register.take_names``) unless it changed meanwhile; a form opened
before they are in reads them itself, as before.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer

log = logging.getLogger(__name__)

# Reads running, held here: a window closed meanwhile must not destroy a running thread
# (which aborts the program); each dropped when it ends.
_RUNNING: set[_NamesRead] = set()

WARM_AFTER_MS = 300  # after the first screen's paint (built just before this is asked)
# the completers' lists the two forms read (patent_form, project_form build_fields)
NAME_LISTS = ("units", "enterprises", "people", "studios", "project_people")


def warm_forms(window: Any, after_ms: int = WARM_AFTER_MS,
               done: Callable[[], None] | None = None) -> None:
    """Warm the entry forms for ``window`` (a ``MainWindow``; its register is read at each
    step, none when it has none or it is closed). ``done`` is called at the end (the
    benchmark waits for it)."""
    # the pinyin table and syllables built by the names' thread (here, when none runs)
    steps: list[Callable[[Any], Any]] = [_import_forms, _name_lists, _pinyin, _syllables]
    steps += [_name_list(table) for table in NAME_LISTS]  # any the thread could not give
    steps.append(lambda ctx: _build_form(window, ctx))
    QTimer.singleShot(after_ms, window, lambda: _step(window, steps, done))


def _step(window: Any, steps: list[Callable[[Any], Any]],
          done: Callable[[], None] | None) -> None:
    ctx = getattr(window, "ctx", None)
    if not steps or ctx is None or ctx.reg.closed:
        if done is not None:
            done()
        return
    read = None
    try:
        read = steps.pop(0)(ctx)
    except Exception:  # noqa: BLE001 - a spare: the form itself says what is wrong, if anything
        log.debug("warming the entry forms", exc_info=True)
    if isinstance(read, _NamesRead):  # the next step once the thread's lists are taken
        _Hand(window, ctx, read, lambda: _step(window, steps, done))
        return
    QTimer.singleShot(0, window, lambda: _step(window, steps, done))


class _NamesRead(QThread):
    """The name lists ``tables`` read (``name_lists.read_names``) on a reading connection
    of its own; ``lists``: each table's names, ``keys`` their pinyin keys, once it has
    ended."""

    def __init__(self, path: Path, tables: list[str]) -> None:
        super().__init__()
        self.path, self.tables = path, tables
        self.lists: dict[str, list[str]] = {}
        self.keys: dict[str, str] = {}
        self.conn: sqlite3.Connection | None = None
        _RUNNING.add(self)
        self.finished.connect(lambda: _RUNNING.discard(self))

    def run(self) -> None:
        from boostdesk import pinyin_order
        from boostdesk.models.name_lists import read_names
        from boostdesk.safety.integrity import connect_read_only

        keys = self.keys

        def key(name: str) -> str:  # as Register._name_key makes it
            made = keys[name] = pinyin_order.sort_key(name) or ""
            return made

        try:
            pinyin_order.sound_alike("工", "公")  # its table and syllables (≈ 120–180 ms) made here
            self.conn = connect_read_only(self.path)
            try:
                for table in self.tables:
                    self.lists[table] = read_names(self.conn, table, key, keys)
            finally:
                self.conn.close()
        except Exception:  # noqa: BLE001 - a spare: the lists not given are read by the form
            log.debug("reading the name lists", exc_info=True)

    def stop(self) -> None:
        """Its query interrupted (the window closes) and the thread waited for."""
        conn = self.conn
        if conn is not None:
            try:
                conn.interrupt()
            except sqlite3.Error:  # closed already
                pass
        self.wait()


class _Hand(QObject):
    """On the UI thread: ``read``'s lists given to the register it was started for (taken
    only if it did not change meanwhile), then ``then``."""

    def __init__(self, window: Any, ctx: Any, read: _NamesRead, then: Callable[[], None]) -> None:
        super().__init__(window)
        self.ctx, self.read, self.then = ctx, read, then
        self.mark = ctx.reg.names_mark()
        read.finished.connect(self.taken)  # queued: this object lives on the UI thread
        read.start(QThread.Priority.LowPriority)

    def taken(self) -> None:
        reg = self.ctx.reg
        if self.mark is not None and not reg.closed and self.parent() is not None \
                and getattr(self.parent(), "ctx", None) is self.ctx:
            reg.take_names(self.read.lists, self.read.keys, self.mark)
        self.deleteLater()
        self.then()


def _name_lists(ctx: Any) -> _NamesRead | None:
    """The name lists not read yet, read in a thread (none for a register in memory, which
    no other connection sees, nor read-only, nor inside a write)."""
    reg = ctx.reg
    wanted = reg.names_wanted()
    if ctx.read_only or reg.path is None or reg.conn.in_transaction or not wanted:
        return None
    return _NamesRead(Path(reg.path), wanted)


def stop_reading(window: Any) -> None:
    """``window`` closes: the lists read for it dropped, their threads waited for."""
    for hand in window.findChildren(_Hand):
        hand.read.stop()


def _import_forms(_ctx: Any) -> None:
    from . import patent_form, project_form  # noqa: F401 - imported is the point


def _pinyin(_ctx: Any) -> None:
    from boostdesk import pinyin_order

    pinyin_order.table()


def _syllables(_ctx: Any) -> None:
    from boostdesk import pinyin_order

    # which characters read alike (≈ 30–90 ms): near_names asks at a pause in typing whether
    # 测式 is a slip of a registered 测试
    pinyin_order.sound_alike("工", "公")


def _name_list(table: str) -> Callable[[Any], None]:
    def read(ctx: Any) -> None:
        # none for a read-only register (no form opens), nor inside a write: names read
        # then are not kept (Register.names)
        if not ctx.read_only and not ctx.reg.conn.in_transaction:
            ctx.reg.names(table)

    return read


def _build_form(window: Any, ctx: Any) -> None:
    """A blank form of the stream in view, built and thrown away unseen. Not when a paper
    typed and never saved waits to be offered back (the form would ask about it now)."""
    from boostdesk.models.records import PATENT, PROJECT

    from .entry_draft import draft_path, read_draft

    if ctx.read_only:
        return
    stream = getattr(window.stack.currentWidget(), "STREAM", PROJECT)
    if read_draft(draft_path(ctx.reg.path, stream, ctx.year)) is not None:
        return
    if stream == PATENT:
        from .patent_form import PatentForm as Form
    else:
        from .project_form import ProjectForm as Form  # type: ignore[assignment]
    Form(ctx).deleteLater()
