"""The register's clock: every audit line, change stamp and upgrade reads it here (a test
sets it back or ahead in one place)."""

from __future__ import annotations

from datetime import datetime


def now() -> str:
    """This moment as the register stores it: ISO 8601 to the second, local time."""
    return datetime.now().isoformat(timespec="seconds")
