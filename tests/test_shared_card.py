"""One union card given for several inventors: the award is paid to the card, so a card
registered to (or given in the same table for) another person is 不合格 until checked, and
an approved award sharing it is held from payment (award_holds)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import (
    CARD_1,
    ID_2,
    INVENTION_2,
    PATENT_HEADERS,
    own_card,
    patent_row,
    write_sheet,
)

from boostdesk.award_holds import holds
from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.rules import recheck
from boostdesk.rules.check import check_patent_draft
from boostdesk.rules.findings import stored_findings
from tests.test_finance import add_patent

TITLE = ["2022年职工创新发明专利助推汇总表"]
SHOWN = f"{CARD_1[:4]} **** **** {CARD_1[-4:]}"


def test_one_card_given_for_two_inventors_in_a_table_is_named_for_each(tmp_path, capsys):
    path = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row(), patent_row(
        序号=2, 第一发明人="李四", 身份证号=ID_2, 专利号=INVENTION_2, 专利名称="一种传感器",
        工会会员互助服务卡号=CARD_1)])
    db = tmp_path / "r.db"
    assert main(["import", str(path), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"互助服务卡号 {SHOWN} 也登记为“李四”的卡号：请核对" in out, out
    assert f"互助服务卡号 {SHOWN} 也登记为“张三”的卡号：请核对" in out
    with Register.open(db) as reg:
        assert reg.conn.execute("SELECT eligible FROM patent_applications").fetchall() == [
            (0,), (0,)]


def test_an_approved_award_whose_card_is_given_for_another_is_held(reg):
    app_id = add_patent(reg)  # card 6214830112341234, approved
    assert not holds(reg, 2022)
    reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种传感器", patent_number_raw="ZL202110654321.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number="110108198506123146",
        card_number="6214830112341234", unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True))
    recheck(reg)
    hold = holds(reg, 2022)[(PATENT, app_id)]
    li = reg.scalar("SELECT id FROM patent_applications WHERE title = '一种传感器'")
    # his award stands: the later paper giving his card is named, and what to correct
    assert (f"核准后，专利{li}（李四）的申报登记了相同的互助服务卡号 6214 **** **** 1234"
            in hold.message), hold.message
    assert hold.findings == ("互助服务卡号 6214 **** **** 1234 也登记为“李四”的卡号：请核对；"
                             "助推资金发放至本人的卡，卡号更正前不能核准、拨付（方案一（二）2）",)
    # his own second paper with his one card: named for 李四's, not for his own
    other = reg.patent(app_id)
    second = reg.save_patent(replace(other, id=None, title="一种阀门", status="registered",
                                     patent_number_raw="ZL202110333333.1", award_fen=None,
                                     approved_date=None))
    said = [f.message for f in check_patent_draft(reg, reg.patent(second)).findings
            if f.code == "UNION_CARD_SHARED"]
    assert len(said) == 1 and "“李四”的卡号" in said[0], said


def _shared(reg, app_id: int) -> list[str]:
    text = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (app_id,))
    return [f.message for f in stored_findings(text) if f.code == "UNION_CARD_SHARED"]


def test_a_card_corrected_away_from_a_shared_one_clears_the_other_holders_finding(reg):
    zhang = add_patent(reg)  # card 6214830112341234, approved
    li = reg.save_patent(PatentApplication(
        campaign_year=2022, title="一种传感器", patent_number_raw="ZL202110654321.3",
        grant_date=date(2021, 5, 11), inventor_name="李四", id_number="110108198506123146",
        card_number="6214830112341234", unit_name="海淀区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True))
    recheck(reg)
    assert _shared(reg, zhang) and _shared(reg, li)
    # 李四's card corrected to his own: the re-check after the save clears 张三's too
    reg.save_patent(replace(reg.patent(li), card_number=own_card("110108198506123146")))
    recheck(reg)
    assert _shared(reg, li) == [] and _shared(reg, zhang) == []
    assert (PATENT, zhang) not in holds(reg, 2022)
