"""The frozen BoostDesk executable's entry point (PyInstaller runs this script).

No arguments: the desktop application. ``--selftest [--report FILE] [--keep]``:
the self-test (``boostdesk selftest``). Anything else: the command line.
"""

from __future__ import annotations

import os
import sys


def _argv() -> list[str] | None:
    args = sys.argv[1:]
    if args[:1] == ["--selftest"]:
        return ["selftest", *args[1:]]
    return args or None


if __name__ == "__main__":
    # What PyInstaller set for this process alone (the package's libraries and Qt plugins
    # first) is not handed on to the PDF reader or file manager BoostDesk starts.
    if sys.platform.startswith("linux"):
        from boostdesk.bundle_env import restore_user_environment

        restore_user_environment()
    # A windowed Windows build has no console: give print() somewhere harmless to go
    # (the second process a large check starts, below, included).
    if sys.stdout is None:
        # (what the command line would print goes nowhere: the window says it instead)
        os.environ["BOOSTDESK_WINDOWED"] = "1"
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    # A process this executable starts for a large check (rules.halves) runs as the
    # worker it was started for, not as a second BoostDesk.
    import multiprocessing

    multiprocessing.freeze_support()
    from boostdesk.cli import main

    sys.exit(main(_argv()))
