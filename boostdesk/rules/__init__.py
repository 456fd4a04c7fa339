"""The plan's rules: pure functions from (campaign, application, register) to findings."""

from .check import (
    CheckCancelled,
    Verdict,
    check_campaign,
    check_patent_draft,
    check_project_draft,
    recheck,
    refresh,
)
from .findings import BLOCKING, WARNING, Finding

__all__ = [
    "BLOCKING", "WARNING", "CheckCancelled", "Finding", "Verdict", "check_campaign", "check_patent_draft",
    "check_project_draft", "recheck", "refresh",
]
