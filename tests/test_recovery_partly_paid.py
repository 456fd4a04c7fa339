"""撤销助推 on an award one payer of which has paid and the other not yet: the award
stays 核准 (a 拨付 status needs both payers), but the paid part is money to recover as
much as a whole payment is. The revocation follows the paid lines, not the status."""

from __future__ import annotations

from datetime import date

import pytest
from test_finance import add_patent, add_project, lines_of

from boostdesk.cli import main
from boostdesk.finance.lines import TO_RECOVER
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.payment_plan import sync_plan
from boostdesk.finance.recovery import recovery_of, revoke_paid_award, undo_revocation
from boostdesk.models.campaign import FEDERATION, RECOMMENDING_UNION
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.models.register import RegisterError

AS_OF = date(2024, 1, 10)
WAN = 10_000_00


def _federation_paid(reg, stream, app_id) -> None:
    sync_plan(reg, 2022)
    [line] = [x.id for x in lines_of(reg, stream, app_id)
              if x.payer == FEDERATION and x.tranche == 1]
    mark_all_paid(reg, [line], date(2023, 4, 10), "记-2023-0101")


def test_a_patent_paid_by_one_payer_only_is_revoked_its_unpaid_line_deleted(reg):
    p = add_patent(reg)
    _federation_paid(reg, PATENT, p)
    assert reg.patent(p).status == "approved"  # the union's ¥1,500.00 unpaid
    rec = revoke_paid_award(reg, PATENT, p, date(2024, 1, 5), "专利权被宣告无效")
    assert reg.patent(p).status == "revoked"
    assert [(x.payer, x.amount_fen) for x in rec.parts] == [(FEDERATION, 1500_00)]
    lines = lines_of(reg, PATENT, p)
    assert [(x.payer, x.state(AS_OF)) for x in lines] == [(FEDERATION, TO_RECOVER)]
    # undone: back to 核准, the union's line planned again, the federation's still paid
    assert undo_revocation(reg, PATENT, p, "登记错了") == "核准"
    assert recovery_of(reg, PATENT, p) is None
    lines = lines_of(reg, PATENT, p)
    assert sorted((x.payer, x.paid) for x in lines) == \
        sorted([(FEDERATION, True), (RECOMMENDING_UNION, False)])


def test_a_project_approved_with_one_line_paid_is_revoked(reg):
    q = add_project(reg, award=10 * WAN)
    _federation_paid(reg, PROJECT, q)
    assert reg.project(q).status == "approved"
    rec = revoke_paid_award(reg, PROJECT, q, date(2024, 1, 5), "经核实不符合申报条件")
    assert rec.total_fen == 30_000_00 and reg.project(q).status == "revoked"
    assert len(lines_of(reg, PROJECT, q)) == 1  # the three unpaid lines deleted


def test_withdrawing_such_an_approval_points_to_the_revocation(reg):
    p = add_patent(reg)
    _federation_paid(reg, PATENT, p)
    assert "撤销助推（已拨付，应追回）" in reg.award_withdrawal_refusal(PATENT, p)
    with pytest.raises(RegisterError, match="请选“撤销助推（已拨付，应追回）”"):
        reg.set_status(PATENT, p, "refused", "不符合")
    unpaid = add_patent(reg, "李四", "110105194912310037", number="ZL202120123457.1")
    assert reg.award_withdrawal_refusal(PATENT, unpaid) == ""


def test_the_command_line_revokes_a_partly_paid_award(reg, capsys):
    p = add_patent(reg)
    _federation_paid(reg, PATENT, p)
    path = str(reg.path)
    reg.close()
    assert main(["--db", path, "pay", "revoke", str(p), "--stream", "patent",
                 "--date", "2024-01-05", "--reason", "专利权被宣告无效"]) == 0
    assert "北京市总工会 应追回 ¥1,500.00" in capsys.readouterr().out
