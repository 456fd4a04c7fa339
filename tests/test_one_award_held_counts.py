"""蒋伟 had an approved patent; another union's table gave his card for a dummy 张借卡 and a
second patent of his with a new card. The dummy made his approved paper 不合格, and while
it was 不合格 the one-award rule stopped counting it: the second paper came out 合格, was
approved and paid, and once the dummy's card was corrected the first was paid too (¥6,000
to one person in one year).

Now an approved or paid paper holds its person's place whatever its findings (一（三）每人
每年最多享受一次助推); a paid award keeps it before an approved one, so two payable awards
of one person leave one held. And a card given for two people is the later paper's finding:
the paper that gave it first keeps it, told only that it is being checked."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from boostdesk.award_holds import holds, keep
from boostdesk.finance.paying import mark_all_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models.records import PATENT, PatentApplication
from boostdesk.rules import recheck
from tests.test_finance import add_patent, card_of

ZHANG = "11010519491231002X"
LI = "110108198506123146"
SECOND = "ZL202110654321.3"

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _paper(name: str, id_number: str, number: str, card: str) -> PatentApplication:
    return PatentApplication(
        campaign_year=2022, title="一种传感器", patent_number_raw=number,
        grant_date=date(2021, 5, 11), inventor_name=name, id_number=id_number,
        card_number=card, unit_name="朝阳区总工会", enterprise_name="北京测试有限公司",
        frontline=True, service_invention=True, applied_in_production=True)


def _stored(reg, app_id: int) -> dict[str, str]:
    from boostdesk.rules.findings import stored_findings

    text = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (app_id,))
    return {f.code: f.severity for f in stored_findings(text or "[]")}


def _eligible(reg, app_id: int) -> bool:
    return bool(reg.scalar("SELECT eligible FROM patent_applications WHERE id = ?", (app_id,)))


def test_a_held_approved_award_still_takes_the_persons_place_of_the_year(reg):
    first = add_patent(reg)
    # a fact corrected after the approval: the award is 不合格 now, held (not refused)
    reg.save_patent(replace(reg.patent(first), frontline=False), reason=WHY)
    recheck(reg)
    assert (PATENT, first) in holds(reg, 2022)
    second = reg.save_patent(_paper("张三", ZHANG, SECOND, "6214680000000000018"))
    recheck(reg)
    assert _stored(reg, second).get("PERSON_ALREADY_AWARDED_THIS_YEAR") == "blocking"
    assert not _eligible(reg, second)


def test_two_payable_awards_of_one_person_leave_one_held(reg):
    first = add_patent(reg)
    second = reg.save_patent(_paper("张三", ZHANG, SECOND, card_of(ZHANG)))
    reg.set_status(PATENT, second, "qualified", "经研究通过")
    reg.set_status(PATENT, second, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 20))
    recheck(reg)
    # (as a register left by the old rule: the second paid while the first did not count)
    keep(reg, PATENT, second, "经研究同意")
    mark_all_paid(reg, [x.id for x in payment_lines(reg, 2022, stream=PATENT,
                                                     app_ids=[second])],
                  date(2023, 1, 10), "记-2023-0001")
    recheck(reg)
    # the paid one keeps the year's award; the approved one is held, never paid as well
    assert reg.patent(second).status == "paid"
    hold = holds(reg, 2022).get((PATENT, first))
    assert hold is not None and "每人每年最多享受一次助推" in hold.message, hold
    assert all(x.held for x in payment_lines(reg, 2022, stream=PATENT, app_ids=[first]))


def test_the_card_stays_with_the_approved_paper_that_gave_it_first(reg):
    zhang = add_patent(reg)
    li = reg.save_patent(_paper("李四", LI, SECOND, reg.patent(zhang).card_number))
    recheck(reg)
    # the later paper claims another's card: 不合格, the holder named for the clerk
    assert _stored(reg, li).get("UNION_CARD_SHARED") == "blocking"
    assert not _eligible(reg, li)
    # the award approved first stands: a neutral note, no hold, no 不合格 to his union
    assert _stored(reg, zhang).get("UNION_CARD_SHARED") == "warning"
    assert _eligible(reg, zhang)
    assert (PATENT, zhang) not in holds(reg, 2022)
    from boostdesk.rules.findings import stored_findings

    [note] = [f for f in stored_findings(reg.scalar(
        "SELECT findings FROM patent_applications WHERE id = ?", (zhang,)))
        if f.code == "UNION_CARD_SHARED"]
    assert note.message.startswith("另有申报填写了同一互助服务卡号") and "正在核对" in note.message
    assert "李四" not in note.message and "不能核准" not in note.message


def test_a_card_changed_onto_anothers_later_is_the_changed_papers_finding(reg):
    li = reg.save_patent(_paper("李四", LI, SECOND, card_of(LI)))
    zhang = add_patent(reg)
    reg.save_patent(replace(reg.patent(zhang), card_number=card_of(LI)), reason="本人称换卡")
    recheck(reg)
    assert _stored(reg, zhang).get("UNION_CARD_SHARED") == "blocking"
    assert _stored(reg, li).get("UNION_CARD_SHARED") == "warning"
    hold = holds(reg, 2022)[(PATENT, zhang)]
    assert "核准后本申报的互助服务卡号改为" in hold.message, hold.message
