"""The entry forms made ready while the clerk looks at the window, so the day's first Enter
on a paper or Ctrl+N opens its form as fast as the ones after it.

The first form of a session paid, on top of its own building, for what every later form
finds done: the forms' modules imported (≈ 35 ms), the pinyin table the name lists sort by
(≈ 90 ms) and which characters read alike (≈ 30–90 ms: near_names), the completers' name
lists read (≈ 20 ms on an office's register, ≈ 280 ms at 100,000 applications) and the Qt
enums and styles a form's widgets use, made on their first use (≈ 60 ms: a form built
once, never shown). Done here once the first screen has painted, one step per turn of the
event loop, so a key pressed meanwhile waits at most one step.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer

log = logging.getLogger(__name__)

WARM_AFTER_MS = 300  # after the first screen's paint (built just before this is asked)
# the completers' lists the two forms read (patent_form, project_form build_fields)
NAME_LISTS = ("units", "enterprises", "people", "studios", "project_people")


def warm_forms(window: Any, after_ms: int = WARM_AFTER_MS,
               done: Callable[[], None] | None = None) -> None:
    """Warm the entry forms for ``window`` (a ``MainWindow``; its register is read at each
    step, none when it has none or it is closed). ``done`` is called at the end (the
    benchmark waits for it)."""
    steps: list[Callable[[Any], None]] = [_import_forms, _pinyin, _syllables]
    steps += [_name_list(table) for table in NAME_LISTS]
    steps.append(lambda ctx: _build_form(window, ctx))
    QTimer.singleShot(after_ms, window, lambda: _step(window, steps, done))


def _step(window: Any, steps: list[Callable[[Any], None]],
          done: Callable[[], None] | None) -> None:
    ctx = getattr(window, "ctx", None)
    if not steps or ctx is None or ctx.reg.closed:
        if done is not None:
            done()
        return
    try:
        steps.pop(0)(ctx)
    except Exception:  # noqa: BLE001 - a spare: the form itself says what is wrong, if anything
        log.debug("warming the entry forms", exc_info=True)
    QTimer.singleShot(0, window, lambda: _step(window, steps, done))


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
