"""A person's union card follows his papers (the people row's card, from his newest paper).

A paper typed with one inventor's ID number and corrected to another's (moved to someone
else), or deleted, took with it the card it gave the first: he kept it, and so counted as
a holder of a card no paper of his names — the real holder's papers 不合格 for a shared
card (UNION_CARD_SHARED), an approved award held, and his own next form filled with it.
Now he keeps the card of his newest remaining paper naming one, else none; the other
holders of the card he lost are judged again by the re-check that follows the write.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from stdnum.cn import ric

from boostdesk.finance.paying import record_paid
from boostdesk.finance.read_lines import payment_lines
from boostdesk.models import PatentApplication, Register
from boostdesk.models.records import PATENT_MATERIALS
from boostdesk.rules import recheck
from boostdesk.rules.check import check_campaign
from boostdesk.rules.findings import to_json
from boostdesk.validate import patent_check_char

CARD_7, CARD_8, CARD_9 = "6214680000000000007", "6214680000000000008", "6214680000000000009"


def _id(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


A, B, Z = _id("11010819800101001"), _id("11010519850707002"), _id("11010119900909003")


def _number(n: int) -> str:
    digits = f"2021101{n:05d}"
    return f"ZL{digits}.{patent_check_char(digits)}"


def _paper(year: int, n: int, id_number: str, card: str, name: str = "张三") -> PatentApplication:
    return PatentApplication(
        year, title=f"焊缝识别{n}", patent_number_raw=_number(n), inventor_name=name,
        id_number=id_number, card_number=card, frontline=True, service_invention=True,
        applied_in_production=True, unit_name="海淀区总工会", grant_date=date(year - 1, 6, 15),
        materials=dict.fromkeys(PATENT_MATERIALS, True), received_date=date(year, 3, 1))


def _open() -> Register:
    reg = Register.open(":memory:", operator="测试员")
    for year in (2021, 2023):
        reg.save_campaign(reg.campaign(2022).for_year(year))
    return reg


def _card(reg: Register, id_number: str) -> str:
    person = reg.person_by_id_number(id_number)
    assert person is not None
    return person.card_number


def _shared(reg: Register, app_id: int) -> bool:
    text = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (app_id,))
    return '"UNION_CARD_SHARED"' in text


def _stored_as_checked(reg: Register) -> None:
    for year in reg.campaign_years():
        for v in check_campaign(reg, year):
            if v.stream == "patent":
                assert reg.scalar("SELECT findings FROM patent_applications WHERE id = ?",
                                  (v.app_id,)) == to_json(v.findings), v.app_id


def test_a_paper_moved_to_its_real_inventor_takes_its_card_from_the_first():
    """The 2022 paper typed with 张三's ID number was 李四's, with 李四's card: corrected,
    张三 holds the card of his own 2021 paper, and 李四's paper is no longer refused for a
    card shared with him."""
    with _open() as reg:
        moved = reg.save_patent(_paper(2022, 1, A, CARD_8))  # makes 张三, card …008
        reg.save_patent(_paper(2021, 2, A, CARD_9))  # an earlier year's: his card stays
        assert _card(reg, A) == CARD_8
        reg.save_patent(replace(reg.patent(moved), inventor_name="李四", id_number=B))
        recheck(reg)
        assert _card(reg, A) == CARD_9
        assert not _shared(reg, moved)
        _stored_as_checked(reg)


def test_a_deleted_paper_takes_its_card_from_its_inventor():
    """张三's newest paper deleted (typed by mistake): the card it gave him is 王五's, whose
    paper is judged again at once and no longer refused."""
    with _open() as reg:
        gone = reg.save_patent(_paper(2022, 1, A, CARD_8))
        reg.save_patent(_paper(2021, 2, A, CARD_9))
        other = reg.save_patent(_paper(2022, 3, Z, CARD_8, name="王五"))
        recheck(reg)
        assert _shared(reg, other)
        reg.delete_application("patent", gone)
        recheck(reg)
        assert _card(reg, A) == CARD_9
        assert not _shared(reg, other)
        _stored_as_checked(reg)


def test_the_card_taken_back_is_one_of_his_papers():
    """The paper moved had changed 张三's card from that of a paper deleted since: the card
    taken back would be one no paper of his names; his newest remaining paper's it is."""
    with _open() as reg:
        first = reg.save_patent(_paper(2021, 1, A, CARD_7))  # makes him, card …007
        moved = reg.save_patent(_paper(2022, 2, A, CARD_8))  # …007 -> …008, marked with it
        reg.save_patent(_paper(2021, 3, A, CARD_9))  # earlier than 2022: …008 stays
        reg.delete_application("patent", first)
        other = reg.save_patent(_paper(2023, 4, Z, CARD_7, name="王五"))
        reg.save_patent(replace(reg.patent(moved), inventor_name="李四", id_number=B))
        recheck(reg)
        assert _card(reg, A) == CARD_9
        assert not _shared(reg, other)
        _stored_as_checked(reg)


def test_the_newest_remaining_paper_gives_the_card_and_a_real_share_stays():
    """The card the moved paper gave him is also on an older paper of his: his newest
    remaining paper's card is his now, and the older paper still shares the moved one's
    card with its new inventor (both papers name it: the rule is right to refuse)."""
    with _open() as reg:
        moved = reg.save_patent(_paper(2023, 1, A, CARD_8))  # makes him, card …008
        older = reg.save_patent(_paper(2021, 2, A, CARD_8))
        reg.save_patent(_paper(2022, 3, A, CARD_9))
        assert _card(reg, A) == CARD_8
        reg.save_patent(replace(reg.patent(moved), inventor_name="李四", id_number=B))
        recheck(reg)
        assert _card(reg, A) == CARD_9
        assert _shared(reg, moved) and _shared(reg, older)
        _stored_as_checked(reg)


def test_no_card_left_on_his_papers_leaves_him_none():
    """His remaining paper names no card, and the change the moved paper made to his card
    is not marked with it (a register written before people's updates named their
    paper: nothing to take back): he holds none, and his next form is not filled with
    the moved paper's card."""
    with _open() as reg:
        bare = reg.save_patent(_paper(2021, 2, A, ""))
        moved = reg.save_patent(_paper(2022, 1, A, CARD_8))  # his card: none -> …008
        reg.conn.execute("UPDATE audit_events SET after = json_remove(after, '$.paper')"
                         " WHERE entity = 'people'")  # written before they were marked
        reg.save_patent(replace(reg.patent(moved), inventor_name="李四", id_number=B))
        recheck(reg)
        assert _card(reg, A) == ""
        assert reg.patent(bare).card_number == ""
        assert not _shared(reg, moved)
        _stored_as_checked(reg)


def test_a_paid_paper_keeps_its_card_and_gives_it_to_its_inventor():
    """Paid papers keep what finance relied on: the card a remaining paid paper was paid
    to becomes his again; no paper's card, payment or approval changes, and the change to
    his row is in the trail with the paper that left."""
    with _open() as reg:
        moved = reg.save_patent(_paper(2022, 1, A, CARD_8))
        paid = reg.save_patent(_paper(2021, 2, A, CARD_9))
        reg.set_status("patent", paid, "qualified", "")
        reg.set_status("patent", paid, "approved", "", award_fen=3000_00,
                       approved_date=date(2021, 12, 5))
        recheck(reg)
        for line in payment_lines(reg, 2021, app_ids=[paid]):
            record_paid(reg, line.id, date(2022, 1, 10), "记-001")
        assert reg.patent(paid).status == "paid"
        payments = reg.query("SELECT * FROM payments ORDER BY id")
        papers = reg.query("SELECT id, card_number, status, award_fen FROM patent_applications"
                           " WHERE id = ?", (paid,))
        reg.save_patent(replace(reg.patent(moved), inventor_name="李四", id_number=B))
        recheck(reg)
        assert _card(reg, A) == CARD_9
        assert reg.query("SELECT * FROM payments ORDER BY id") == payments
        assert reg.query("SELECT id, card_number, status, award_fen FROM patent_applications"
                         " WHERE id = ?", (paid,)) == papers
        person = reg.person_by_id_number(A)
        assert person is not None
        last = reg.audit_trail("people", person.id)[-1]
        assert last["before"] == {"card_number": CARD_8}
        assert last["after"] == {"card_number": CARD_9, "undone_paper": moved}


def test_an_award_held_for_the_card_is_released_when_the_paper_moves():
    """王五's 2022 award, approved, held from payment (待卡号核实) because 张三 still held
    its card after the paper that gave it to him was found to be 李四's: released once
    the paper moves, as the re-check after the save judges the card's holders again."""
    from boostdesk.award_holds import hold_of

    with _open() as reg:
        moved = reg.save_patent(_paper(2022, 1, A, CARD_8))  # its card is 李四's, in truth
        # 王五's paper gives the card after 张三's: the later claim, approved all the same
        other = reg.save_patent(_paper(2022, 3, Z, CARD_8, name="王五"))
        reg.set_status("patent", other, "qualified", "")
        reg.set_status("patent", other, "approved", "", award_fen=3000_00,
                       approved_date=date(2022, 12, 5))
        reg.save_patent(_paper(2021, 2, A, CARD_9))
        recheck(reg)
        assert hold_of(reg, "patent", other) is not None
        with reg.transaction():  # as the window writes: the save and its re-check
            reg.save_patent(replace(reg.patent(moved), inventor_name="李四", id_number=B,
                                    card_number=CARD_7))
            recheck(reg)
        assert hold_of(reg, "patent", other) is None
        assert _card(reg, A) == CARD_9
        _stored_as_checked(reg)
