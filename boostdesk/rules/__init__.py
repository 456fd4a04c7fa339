"""The plan's rules: pure functions from (campaign, application, register) to findings."""

from .check import (
    Verdict,
    check_campaign,
    check_patent_draft,
    check_project_draft,
    recheck,
    refresh,
)
from .findings import BLOCKING, WARNING, Finding

__all__ = [
    "BLOCKING", "WARNING", "Finding", "Verdict", "check_campaign", "check_patent_draft",
    "check_project_draft", "recheck", "refresh",
]
