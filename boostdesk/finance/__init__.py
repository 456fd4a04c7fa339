"""Payments: who pays how much of which award, when it is due, and what has been paid; a
module a step (:mod:`.terms`, :mod:`.payment_plan`, :mod:`.read_lines`, :mod:`.paying`,
:mod:`.returns`, :mod:`.cancel`, :mod:`.acceptance` …: docs/architecture.md).

The names below are here only for printing/approval.py, being edited elsewhere now, until it
imports them from their own module; nothing else should import from here.
"""

from boostdesk.models.campaign import FEDERATION

from .acceptance import overdue_completions, record_acceptance, record_failed_acceptance
from .cancel import cancel_payments
from .cautions import payment_cautions
from .errors import FinanceError
from .lines import HELD, HELD_WHY, RETURNED, PaymentLine
from .other_years import still_owed
from .paying import mark_all_paid, mark_paid
from .payment_plan import FIRST_TERM_FROM_SQL, sync_if_writable, sync_plan
from .read_lines import payment_line, payment_lines
from .returns import RETURN_OF, return_payments
from .terms import (
    AWARDED,
    NO_UNION,
    PAYERS,
    add_months,
    federation_name,
    split_ratio,
    tranche_label,
    tranche_shares,
)

__all__ = [
    "AWARDED", "FEDERATION", "FIRST_TERM_FROM_SQL", "HELD", "HELD_WHY", "NO_UNION", "PAYERS",
    "RETURNED", "RETURN_OF", "FinanceError", "PaymentLine", "add_months", "cancel_payments",
    "federation_name", "mark_all_paid", "mark_paid", "overdue_completions", "payment_cautions",
    "payment_line", "payment_lines", "record_acceptance", "record_failed_acceptance",
    "return_payments", "split_ratio", "still_owed", "sync_if_writable", "sync_plan",
    "tranche_label", "tranche_shares",
]
