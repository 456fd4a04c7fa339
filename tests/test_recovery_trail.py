"""The trail of a revocation, its recoveries and a withdrawal says money as money
(¥1,500.00, not the fen 150000), names the payer and voucher a 已追回 taken back had, and
gives the amount of the unpaid lines a revocation or withdrawal deleted."""

from __future__ import annotations

from datetime import date

from test_finance import add_patent, lines_of

from boostdesk.audit_log import trail
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.recovery import record_recovered, revoke_paid_award, withdraw_recovered
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT


def _details(reg, app_id, action):
    return [x.details for x in trail(reg, application=(PATENT, app_id)) if x.action == action]


def test_the_revocation_and_its_recoveries_read_in_yuan(reg):
    p = add_patent(reg)
    sync_plan(reg, 2022)
    [fed] = [x.id for x in lines_of(reg, PATENT, p) if x.payer == FEDERATION]
    mark_all_paid(reg, [fed], date(2023, 4, 10), "记-2023-0101")  # the union's unpaid
    revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    [text] = _details(reg, p, "撤销助推（已拨付，应追回）")
    assert "应追回：北京市总工会 ¥1,500.00" in text and "150000" not in text
    assert "删除的未拨付款项：1 笔 ¥1,500.00" in text
    record_recovered(reg, PATENT, p, FEDERATION, date(2024, 2, 1), "收-7")
    [text] = _details(reg, p, "登记已追回")
    assert "追回金额：¥1,500.00" in text and "150000" not in text
    withdraw_recovered(reg, PATENT, p, FEDERATION, "凭证号是另一笔款的")
    [text] = _details(reg, p, "撤销“已追回”登记")
    assert "撤销的登记：北京市总工会 已追回 ¥1,500.00（2024-02-01，凭证 收-7）" in text
    assert "应追回：¥1,500.00" in text and "理由：凭证号是另一笔款的" in text
    assert "150000" not in text


def test_a_withdrawal_says_what_its_deleted_lines_came_to(reg):
    from boostdesk.panel.withdrawal import withdraw_application

    p = add_patent(reg)
    sync_plan(reg, 2022)
    withdraw_application(reg, PATENT, p, date(2023, 1, 5), "海淀区总工会", "推荐单位来函撤回")
    [text] = _details(reg, p, "推荐单位撤回申报")
    assert "删除的待拨付款项：2 笔 ¥3,000.00" in text
