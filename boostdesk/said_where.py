"""Where a message sends its reader: a place in the window, or a command.

One process has one reader: the window's clerk (``boostdesk gui``, BoostDesk.exe), who never
opens a command line, or the user of a command typed in a terminal. ``cli.main`` says which
while a command runs, as it names the process in the locks it takes (``safety.lock``). A
message the rules build for both names its step with :func:`way`: the window's place (screen →
tab → button) for the window, the command for the command line — one text, not two copies."""

from __future__ import annotations

from boostdesk.program_name import hint_named

_cli = False  # a command's run (cli.main); the window's otherwise


def set_cli(on: bool) -> None:
    """Called by ``cli.main`` around a command's run (not a window's)."""
    global _cli
    _cli = on


def on_cli() -> bool:
    """Whether this process's messages are read on the command line."""
    return _cli


def way(window: str, command: str) -> str:
    """``window`` for the window's reader, ``command`` for the command line's (the
    program named as it is here: such a text may be kept and shown elsewhere, as a hold's)."""
    return hint_named(command) if _cli else window


def aside(command: str, how: str = "命令行 ") -> str:
    """（命令行 boostdesk pay keep）after the window's place, on the command line only: the
    window's clerk is sent to the place alone."""
    return f"（{how}{hint_named(command)}）" if _cli else ""
