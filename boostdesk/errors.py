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


class ValidationError(ValueError):
    """Raised with a Chinese message saying what is wrong and what to do (the checks are
    :mod:`boostdesk.validate`'s). Here so that a module needing only the error does not
    import that module: its patterns and ``datetime``/``decimal`` were ≈ 30 ms of the
    window's start, taken by :mod:`boostdesk.operator_name` before the first paint."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
