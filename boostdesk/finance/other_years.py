"""What other campaign years still owe: a new year's empty list must not hide last year's
arrears."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from boostdesk.models.campaign import Campaign
from boostdesk.models.register import Register
from boostdesk.models.workflow import open_objection_sql
from boostdesk.money import format_money

from .lines import is_overdue, is_released
from .payment_plan import catch_up
from .read_lines import held_awards, narrow_to_payer
from .terms import date_of, tranche_shares


@dataclass(frozen=True)
class StillOwed:
    """What another campaign year still has to pay: payable now and not paid."""

    year: int
    count: int
    amount_fen: int
    overdue: int

    @property
    def message(self) -> str:
        return (f"{self.year} 年度尚有 {self.count} 笔待拨付（{format_money(self.amount_fen)}，"
                f"已逾期 {self.overdue} 笔）")


def still_owed(reg: Register, shown: int, *, payer: str | None = None,
               unit_name: str | None = None, as_of: date | None = None,
               sync: bool = True) -> list[StillOwed]:
    """Each campaign other than ``shown`` with payments due and not made: a new year's
    empty list must not hide last year's arrears. ``sync`` checks their plans are in line
    with the awards first, writing only an older register's catch-up (``catch_up``; an
    award paid in full is not read again: ten years of ≈ 1,300 awards each, ≈ 0.1 s in
    all); a screen redrawn after each of its own
    writes reads them as they stand, the writes being to the year it shows."""
    as_of = as_of or date.today()
    if sync:
        for year in reg.campaign_years():
            if year != shown:
                catch_up(reg, year)
    # Only the unpaid rows and the columns the rules need: at ten years of history this
    # is read after every payment on the 拨付 screen (full lines took 0.1 s).
    where, params = ["p.paid_date IS NULL", "c.year != ?", f"NOT {_HELD_SQL}",
                     f"NOT {_NO_CARD_SQL}"], [shown]
    narrow_to_payer(where, params, payer, unit_name)
    counts: dict[tuple[int, str], int] = {}
    owed: dict[int, list[int]] = {}  # year -> [count, amount, overdue]
    held = held_awards(reg, [y for y in reg.campaign_years() if y != shown])
    for r in reg.query(
        "SELECT c.year, c.params, p.stream, p.application_id, p.tranche, p.amount_fen,"
        " p.due_date, pr.accepted_date FROM payments p"
        " LEFT JOIN patent_applications pa ON p.stream = 'patent' AND pa.id = p.application_id"
        " LEFT JOIN project_applications pr ON p.stream = 'project'"
        " AND pr.id = p.application_id"
        " JOIN campaigns c ON c.id = COALESCE(pa.campaign_id, pr.campaign_id)"
        " LEFT JOIN units pu ON pu.id = pa.unit_id LEFT JOIN units ru ON ru.id = pr.unit_id"
        f" WHERE {' AND '.join(where)}", params,
    ):
        key = (r["year"], r["stream"])
        count = counts.get(key)
        if count is None:
            count = counts[key] = len(tranche_shares(Campaign.from_json(r["params"]),
                                                     r["stream"]))
        if not is_released(r["stream"], r["tranche"], count, r["accepted_date"]) or (
                (r["stream"], r["application_id"]) in held[r["year"]]):
            continue  # not payable now: awaiting acceptance, or the award no longer right
        sums = owed.setdefault(r["year"], [0, 0, 0])
        sums[0] += 1
        sums[1] += r["amount_fen"]
        sums[2] += is_overdue(True, date_of(r["due_date"]), as_of)
    return [StillOwed(year, *sums) for year, sums in sorted(owed.items())]


# a project line held by an open objection of its publicity (PaymentLine.held)
_HELD_SQL = open_objection_sql("pr")
# a patent line whose inventor has no card registered (PaymentLine.no_card: 待补卡号)
_NO_CARD_SQL = "(p.stream = 'patent' AND TRIM(COALESCE(pa.card_number, '')) = '')"
