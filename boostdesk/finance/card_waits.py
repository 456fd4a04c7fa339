"""The year's approved patents whose money waits for the inventor's card, as 拨付 holds
their lines (``PaymentLine.card_only``): 待补卡号 (no card registered) or 待更正卡号 (a
transfer came back from the card still on the paper). The register list's 状态 says so
(核准（待补卡号）), sorts and filters on it: one query a search, kept until the register
changes, never a payment line built per row."""

from __future__ import annotations

from boostdesk.models.records import PATENT
from boostdesk.models.register import Register
from boostdesk.models.workflow import CARD_MISSING_STATUS, CARD_STALE_STATUS

# approved, an unpaid line; its card blank, or one of its unpaid lines sent back (退汇) once:
# the candidates (few), the returned ones read as 拨付 reads them. CROSS JOIN: the paper's
# payments first, then their trail lines by (entity, entity_id); left to itself SQLite
# walked every payment's trail line for each paper (1 s at 100,000 papers, at each start)
_SQL = """
SELECT a.id, a.card_number,
       EXISTS (SELECT 1 FROM payments p CROSS JOIN audit_events e ON e.entity = 'payments'
               AND e.entity_id = p.id AND json_type(e.after, '$.returned_date') IS NOT NULL
               WHERE p.stream = 'patent' AND p.application_id = a.id
               AND p.paid_date IS NULL) AS returned
FROM patent_applications a INDEXED BY patent_campaign
WHERE a.campaign_id = (SELECT id FROM campaigns WHERE year = ?) AND a.status = 'approved'
AND EXISTS (SELECT 1 FROM payments p WHERE p.stream = 'patent' AND p.application_id = a.id
            AND p.paid_date IS NULL)
"""


def card_waits(reg: Register, year: int) -> dict[int, str]:
    """Approved patents of ``year`` held for the card alone, by id: ``CARD_MISSING_STATUS``
    or ``CARD_STALE_STATUS``. An award held for another cause (``award_holds``) is not
    among them: 拨付 says 暂缓拨付 of it, and so does the list."""
    return reg.kept(f"card_waits:{year}",  # type: ignore[no-any-return]
                    lambda: _card_waits(reg, year))


def _card_waits(reg: Register, year: int) -> dict[int, str]:
    from boostdesk.award_holds import held_ids

    out: dict[int, str] = {}
    returned: list[int] = []
    for app_id, card, back in reg.conn.execute(_SQL, (year,)):
        if not (card or "").strip():  # PaymentLine.no_card
            out[app_id] = CARD_MISSING_STATUS
        elif back:
            returned.append(app_id)
    if returned:  # PaymentLine.card_stale: sent back from this card, not confirmed since
        from .read_lines import payment_lines

        for line in payment_lines(reg, year, stream=PATENT, app_ids=returned):
            if line.card_stale and not line.paid:
                out[line.app_id] = CARD_STALE_STATUS
    if out:
        for app_id in held_ids(reg, PATENT, year):
            out.pop(app_id, None)
    return out
