"""The error of a payment operation refused."""

from __future__ import annotations

from boostdesk.models.register import RegisterError


class FinanceError(RegisterError):
    """A payment operation refused, with the reason in Chinese."""
