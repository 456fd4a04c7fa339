"""An approved inventor paid her federation share; a later table gives her card for someone
else. Both papers are 不合格 (UNION_CARD_SHARED) and her union's share is held — but finance
was told to recover (应予追回) the money rightly paid to her own card. The hold now says the
rest waits for the card question, names the other paper and what to correct; 追回 stays for
an award that is itself no longer right (tests/test_award_holds.py).

Since stop 44 the card stays with the paper that gave it first: a later table's paper is the
one found 不合格, hers is paid; a hold for the card is left for an award whose own card was
changed onto another's."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

from boostdesk.award_holds import holds
from boostdesk.cli import main
from boostdesk.finance.paying import check_payable, mark_all_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.campaign import FEDERATION
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.printing.approval import held_note, load_sheets
from boostdesk.rules import recheck
from tests.test_finance import add_patent, card_of

ID_LI = "110108198506123146"


def _li(card: str) -> PatentApplication:
    return PatentApplication(
        campaign_year=2022, title="一种传感器", patent_number_raw="ZL202110654321.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number=ID_LI, card_number=card,
        unit_name="海淀区总工会", enterprise_name="北京测试有限公司", frontline=True,
        service_invention=True, applied_in_production=True)


def _paid_then_shared(reg) -> tuple[int, int, int]:
    """张三 approved (¥3,000.00), the federation's ¥1,500.00 paid; then 李四's paper with
    张三's card. Returns (张三's paper, 李四's, the union's unpaid line)."""
    zhang = add_patent(reg)
    lines = {x.payer: x for x in payment_lines(reg, 2022, stream=PATENT, app_ids=[zhang])}
    mark_all_paid(reg, [lines[FEDERATION].id], date(2023, 1, 10), "记-2023-0001")
    li = reg.save_patent(_li(reg.patent(zhang).card_number))
    recheck(reg)
    return zhang, li, lines["union"].id


def test_the_award_that_gave_the_card_first_stands_and_is_paid(reg):
    """(stop 44) The later table's paper claims her card: hers is neither 不合格 nor held,
    her union's share is paid; 李四's paper has the finding, and she only a note."""
    zhang, li, union = _paid_then_shared(reg)
    assert (PATENT, zhang) not in holds(reg, 2022)
    assert not reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (li,))
    assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (zhang,))
    check_payable(reg, union, date(2023, 2, 1), "记-2")
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == zhang]
    assert "暂缓" not in held_note(sheet) and "李四" not in held_note(sheet)


def test_pay_mark_and_the_printed_approval_on_the_command_line(reg, capsys, tmp_path):
    zhang, li, union = _paid_then_shared(reg)
    reg.close()
    db = ["--db", str(reg.path)]
    capsys.readouterr()
    pdf = tmp_path / "审批表.pdf"
    assert main(["print", "approval", "--ref", f"专利{zhang}", "--out", str(pdf), *db]) == 0
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout.split())
    assert "卡号更正前不能核准" not in text and "暂缓拨付" not in text and "李四" not in text
    assert main(["pay", "mark", str(union), "--date", "2023-02-01", "--voucher", "记-2",
                 *db]) == 0


def test_her_own_card_changed_to_anothers_is_hers_to_correct(reg):
    """The other way round: 李四's paper came first, then 张三's card was changed to his.
    It is 张三's card the office checks first."""
    li = reg.save_patent(_li(card_of(ID_LI)))
    zhang = add_patent(reg)
    reg.save_patent(replace(reg.patent(zhang), card_number=card_of(ID_LI)), reason="本人称换卡")
    recheck(reg)
    said = holds(reg, 2022)[(PATENT, zhang)].message
    card = card_of(ID_LI)
    assert f"核准后本申报的互助服务卡号改为 {card[:4]} **** **** {card[-4:]}" in said, said
    assert f"与专利{li}（李四）登记的相同" in said and "请核对本申报的卡号" in said
    assert "（核准 ¥3,000.00，暂缓拨付，待卡号核实）" in said and "追回" not in said
