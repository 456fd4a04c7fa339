"""An approved inventor paid her federation share; a later table gives her card for someone
else. Both papers are 不合格 (UNION_CARD_SHARED) and her union's share is held — but finance
was told to recover (应予追回) the money rightly paid to her own card. The hold now says the
rest waits for the card question, names the other paper and what to correct; 追回 stays for
an award that is itself no longer right (tests/test_award_holds.py)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

import pytest

from boostdesk.award_holds import holds
from boostdesk.cli import main
from boostdesk.finance.errors import FinanceError
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


def test_the_rest_is_held_for_the_card_not_recovered(reg):
    zhang, li, union = _paid_then_shared(reg)
    hold = holds(reg, 2022)[(PATENT, zhang)]
    said = hold.message
    assert "追回" not in said and "多拨" not in said, said
    assert (f"核准后，专利{li}（李四）的申报登记了相同的互助服务卡号 6214 **** **** "
            f"{card_of('11010519491231002X')[-4:]}") in said, said
    assert "（已拨付 ¥1,500.00，其余 ¥1,500.00 暂缓拨付，待卡号核实）" in said, said
    assert f"请核对并更正另一份申报（专利{li}）的卡号，更正后本项即恢复拨付" in said
    with pytest.raises(FinanceError, match="待卡号核实") as refused:
        check_payable(reg, union, date(2023, 2, 1), "记-2")
    assert "追回" not in str(refused.value)
    # the approval sheet reprinted: held, not a debt
    [sheet] = [s for s in load_sheets(reg, 2022) if s.app.id == zhang]
    # (the sheet goes round the unions: the other applicant not named, stop 40)
    assert "追回" not in held_note(sheet) and "另一申报人的申报" in held_note(sheet)
    assert "李四" not in held_note(sheet)
    # 李四's card corrected: hers is paid again
    reg.save_patent(replace(reg.patent(li), card_number=card_of(ID_LI)))
    recheck(reg)
    assert (PATENT, zhang) not in holds(reg, 2022)


def test_pay_mark_and_the_printed_approval_say_so_on_the_command_line(reg, capsys, tmp_path):
    zhang, li, union = _paid_then_shared(reg)
    reg.close()
    db = ["--db", str(reg.path)]
    capsys.readouterr()
    assert main(["pay", "mark", str(union), "--date", "2023-02-01", "--voucher", "记-2",
                 *db]) == 1
    err = capsys.readouterr().err
    assert "待卡号核实" in err and "追回" not in err, err
    pdf = tmp_path / "审批表.pdf"
    assert main(["print", "approval", "--ref", f"专利{zhang}", "--out", str(pdf), *db]) == 0
    out = capsys.readouterr()
    assert "追回" not in out.out + out.err and f"专利{li}（李四）" in out.out + out.err
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                                  text=True).stdout.split())
    assert "追回" not in text and "另一申报人的申报登记了相同的互助服务卡号" in text
    assert "李四" not in text


def test_her_own_card_changed_to_anothers_is_hers_to_correct(reg):
    """The other way round: 李四's paper came first, then 张三's card was changed to his.
    It is 张三's card the office checks first."""
    li = reg.save_patent(_li(card_of(ID_LI)))
    zhang = add_patent(reg)
    reg.save_patent(replace(reg.patent(zhang), card_number=card_of(ID_LI)))
    recheck(reg)
    said = holds(reg, 2022)[(PATENT, zhang)].message
    card = card_of(ID_LI)
    assert f"核准后本申报的互助服务卡号改为 {card[:4]} **** **** {card[-4:]}" in said, said
    assert f"与专利{li}（李四）登记的相同" in said and "请核对本申报的卡号" in said
    assert "（核准 ¥3,000.00，暂缓拨付，待卡号核实）" in said and "追回" not in said
