"""One masked card form: `pay mark`'s caution of a card changed after approval printed
6217********5437 where `correct card` and the trail write 6217 **** **** 5437."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import card
from test_audit_person_refs import _paper

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT


def test_pay_mark_masks_a_changed_card_as_the_trail_does(tmp_path, capsys):
    from boostdesk.finance.payment_plan import sync_plan

    path = tmp_path / "register.db"
    reg = Register.open(path, operator="测试员")
    app_id = _paper(reg, "李梅", "11010819800101002", "ZL202110654321.3", "621700000000543")
    reg.set_status(PATENT, app_id, "qualified", decided_on=date(2022, 5, 10))
    with reg.transaction():
        reg.set_status(PATENT, app_id, "approved", award_fen=reg.campaign(2022).patent_award_fen,
                       approved_date=date(2022, 6, 15))
        sync_plan(reg, 2022, [(PATENT, app_id)])
    old = reg.patent(app_id).card_number
    reg.save_patent(replace(reg.patent(app_id), card_number=card("621700000000555")),
                    reason="本人换卡")
    new = reg.patent(app_id).card_number
    line = reg.scalar("SELECT MIN(id) FROM payments")
    reg.close()
    capsys.readouterr()
    main(["pay", "mark", str(line), "--date", "2022-09-10", "--voucher", "记-0901",
          "--db", str(path)])
    said = "".join(capsys.readouterr())
    grouped = [f"{n[:4]} **** **** {n[-4:]}" for n in (old, new)]
    assert "会员卡号在核准后更改过" in said
    assert all(g in said for g in grouped), said
    assert f"{old[:4]}********{old[-4:]}" not in said
    main(["audit", "--db", str(path), "--ref", f"专利{app_id}"])
    assert grouped[1] in capsys.readouterr().out  # the trail's own form
