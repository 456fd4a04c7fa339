"""A list of lines recorded all or nothing (补录往年名单, a list of acceptances): one backup,
one transaction, every line tried so that every wrong one is named, none kept if one is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

from .errors import PanelError, lines_text


class Numbered(Protocol):
    @property
    def line(self) -> int:  # its line in the list, as the refusal names it
        ...


T = TypeVar("T")
L = TypeVar("L", bound=Numbered)


def record_each(reg: Any, lines: Sequence[L], step: Callable[[L], T], *,
                backup: str, empty: str, heading: str,
                cancelled: Callable[[], bool] | None = None) -> list[T]:
    """``step(line)`` for each of ``lines`` after one backup (``backup``, its reason; none
    once ``cancelled()`` says so after it), in one transaction: a PanelError of any line
    refuses them all, raised inside so the lines recorded before are rolled back with it,
    ``heading``（N 行有误，全部未保存，改正后重新补录）then every wrong line. ``empty``: the
    refusal of a list with no line."""
    from boostdesk.safety.backup import backed_up_write

    if not lines:
        raise PanelError(empty)
    done: list[T] = []
    refused: list[tuple[int, str]] = []
    with backed_up_write(reg, backup, cancelled), reg.transaction():
        for x in lines:
            try:
                done.append(step(x))
            except PanelError as exc:
                refused.append((x.line, str(exc)))
        if refused:
            raise PanelError(f"{heading}（{len(refused)} 行有误，全部未保存，改正后重新补录）：\n"
                             + lines_text(refused))
    return done
