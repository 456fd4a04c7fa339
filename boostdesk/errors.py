"""The error a user is told about, in Chinese, without a traceback.

Here, not in :mod:`boostdesk.cli`, so that the register's safety modules (lock, backup,
session) can raise it without importing the command line (argparse and its Chinese
messages, ≈ 8 ms of the window's way to its register)."""


class UserError(Exception):
    """An error for the user: printed in Chinese to stderr, exit status 1."""


class NeedsConfirmation(Exception):  # noqa: N818 - a question, not an error
    """A write refused until its caller confirms what it would do (a plan change that turns
    paid awards 不合格): rolled back, nothing stored; the window asks and writes again with
    the answer, and does not show it as an error."""
