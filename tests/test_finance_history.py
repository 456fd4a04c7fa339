"""Payments at ten years of history: 拨付, `pay list` and `print payments` bring every other
year's plan up to date first, so a year whose awards are all paid must cost next to nothing
(at ten years of ≈ 1,300 awards each, planning every paid award again took ≈ 1 s a visit)."""

from __future__ import annotations

from datetime import date

from test_draft_check_scale import _steps
from test_finance import add_patent

from boostdesk.finance import payment_plan
from boostdesk.finance.mark_history import paid_marks
from boostdesk.finance.paying import mark_all_paid, mark_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PATENT


def _planned(monkeypatch) -> list[int]:
    """The awards (in fen) ``sync_plan`` plans from now on."""
    seen: list[int] = []
    real = payment_plan.planned_rows

    def counting(campaign, stream, award_fen, *args, **kw):
        seen.append(award_fen)
        return real(campaign, stream, award_fen, *args, **kw)

    monkeypatch.setattr(payment_plan, "planned_rows", counting)
    return seen


def _pay_all(reg, app_id: int) -> None:
    for line in payment_lines(reg, 2022, stream=PATENT):
        if line.app_id == app_id:
            mark_paid(reg, line.id, date(2023, 1, 10), "凭证1")


def test_an_award_paid_in_full_is_not_planned_again(reg, monkeypatch):
    paid = add_patent(reg)
    add_patent(reg, "李四", "110108198506123146", "朝阳区总工会", award=3000_01,
               number="ZL202120987654.3")
    sync_plan(reg, 2022)
    _pay_all(reg, paid)
    planned = _planned(monkeypatch)
    report = sync_plan(reg, 2022)
    assert planned == [3000_01]  # the unpaid award only
    assert not report.created and not report.updated and not report.removed
    assert {x.app_id for x in payment_lines(reg, 2022, stream=PATENT) if not x.paid_date} == {
        paid + 1}


def test_a_paid_award_changed_since_is_still_reported(reg, monkeypatch):
    """Paid in full, then its award corrected: the plan is read again and says so."""
    paid = add_patent(reg)
    sync_plan(reg, 2022)
    _pay_all(reg, paid)
    reg.conn.execute("UPDATE patent_applications SET award_fen = ? WHERE id = ?", (4000_00, paid))
    planned = _planned(monkeypatch)
    report = sync_plan(reg, 2022)
    assert planned == [4000_00]
    assert report.conflicts


def _paid_patents(reg, count: int) -> list[int]:
    from stdnum.cn import ric

    from boostdesk.validate import patent_check_char

    ids = []
    for n in range(count):
        body = f"11010819800101{n:03d}"
        digits = f"20211{n:07d}"
        ids.append(add_patent(reg, f"发明人{n}", body + ric.calc_check_digit(body),
                              number=f"ZL{digits}.{patent_check_char(digits)}"))
    sync_plan(reg, 2022)
    mark_all_paid(reg, [x.id for x in payment_lines(reg, 2022, stream=PATENT)],
                  date(2023, 1, 10), "凭证1")
    return ids


def test_one_applications_payment_marks_read_no_more_among_many_payments(tmp_path):
    """The detail pane shows an application's payment marks each time a row is chosen (a
    search, ↓ through the list): read by walking every payment's audit line, that took
    ≈ 0.2 s a row at ten years of history (42,000 payment lines' events)."""
    from boostdesk.models.register import Register

    small, large = (Register.open(tmp_path / f"{n}.db", "测试") for n in (3, 60))
    first = {}
    for reg, n in ((small, 3), (large, 60)):
        first[n] = _paid_patents(reg, n)[0]
    in_small, in_large = (_steps(reg, lambda r, app_id: paid_marks(r, PATENT, app_id),
                                 first[n]) for reg, n in ((small, 3), (large, 60)))
    assert len(paid_marks(large, PATENT, first[60])) == 2  # both payers' parts
    assert in_large <= in_small + 5, (in_small, in_large)
