"""The second year: 2023 registered and checked while 2022 is still being approved and paid.

Each test is a case the office meets once a register holds two campaigns: the same
person, patent or studio in both years, and each year judged under its own plan.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import own_card

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register, plan_2022
from boostdesk.models.records import PATENT_MATERIALS
from boostdesk.rules import check_patent_draft, recheck
from boostdesk.rules.findings import stored_findings

ID_ZHANG = "110108198001010015"
CARD = "6214680000000000008"


def _number(app12: str) -> str:
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    rest = sum(int(d) * w for d, w in zip(app12, weights, strict=True)) % 11
    return f"ZL{app12}.{'X' if rest == 10 else rest}"


EARLY = _number("202210123456")  # granted in 2022: 2023's window, not 2022's


def patent(year: int, **over) -> PatentApplication:
    """A paper meeting every condition of ``year``'s plan (the 2022 plan moved on)."""
    base = PatentApplication(
        campaign_year=year, title="一种焊缝缺陷的超声检测方法",
        patent_number_raw=_number(f"{year - 1}10123456"), grant_date=date(year - 1, 6, 15),
        inventor_name="张三", id_number=ID_ZHANG, card_number=CARD, phone="13800138000",
        frontline=True, service_invention=True, applied_in_production=True,
        unit_name="海淀区总工会", enterprise_name="北京中科智测科技有限公司",
        received_date=date(year, 10, 25), materials=dict.fromkeys(PATENT_MATERIALS, True),
    )
    if "card_number" not in over and over.get("id_number", ID_ZHANG) != ID_ZHANG:
        over["card_number"] = own_card(str(over["id_number"]))  # another's own card
    return replace(base, **over)


@pytest.fixture
def two_years(reg: Register) -> Register:
    reg.save_campaign(plan_2022().for_year(2023))
    return reg


def stored_codes(reg: Register, app_id: int) -> list[str]:
    text = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (app_id,))
    return [f.code for f in stored_findings(text)]


def test_a_patent_sent_a_year_too_early_and_left_unrefused_may_be_sent_in_its_year(two_years):
    """一（二）1: a patent granted in 2022 sent to the 2022 plan (whose window is 2021) can
    never be awarded there; sent again to 2023, whose window it is in, it is not a
    second application of an awarded patent (一（三）)."""
    reg = two_years
    early = reg.save_patent(patent(2022, patent_number_raw=EARLY, grant_date=date(2022, 3, 1)))
    recheck(reg)
    assert stored_codes(reg, early) == ["GRANT_DATE_OUTSIDE_WINDOW"]
    again = reg.save_patent(patent(2023, patent_number_raw=EARLY, grant_date=date(2022, 3, 1),
                                   inventor_name="李四", id_number="110105198507070024"))
    recheck(reg)
    assert stored_codes(reg, again) == []
    assert check_patent_draft(reg, reg.patent(again)).findings == []


def test_a_patent_awarded_in_2022_sent_again_in_2023_is_refused_naming_the_year(two_years):
    reg = two_years
    first = reg.save_patent(patent(2022))
    reg.set_status("patent", first, "qualified")
    reg.set_status("patent", first, "approved", award_fen=3000_00)
    again = reg.save_patent(patent(2023, patent_number_raw=patent(2022).patent_number_raw,
                                   grant_date=date(2022, 6, 15)))
    recheck(reg)
    [dup] = [f for f in check_patent_draft(reg, reg.patent(again)).findings
             if f.code == "DUPLICATE_APPLICATION"]
    assert f"已于 2022 年度获助推（专利{first}）" in dup.message


def test_the_window_of_an_earlier_year_edited_re_checks_the_later_years_claims(two_years,
                                                                                capsys):
    """2022's window widened to take in 2022 grants: the early paper of 2022 becomes the
    first claim on the patent, and 2023's copy of it is told so without a manual check."""
    reg = two_years
    reg.save_patent(patent(2022, patent_number_raw=EARLY, grant_date=date(2022, 3, 1)))
    again = reg.save_patent(patent(2023, patent_number_raw=EARLY, grant_date=date(2022, 3, 1),
                                   inventor_name="李四", id_number="110105198507070024"))
    recheck(reg)
    assert stored_codes(reg, again) == []
    reg.save_campaign(replace(reg.campaign(2022), grant_window_end=date(2022, 12, 31)))
    recheck(reg)
    assert stored_codes(reg, again) == ["DUPLICATE_APPLICATION"]


def test_2023s_settings_leave_2022s_verdicts_and_amounts_alone(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    with Register.open(db, operator="测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2023))
        old = reg.save_patent(patent(2022))
        reg.set_status("patent", old, "qualified")
        reg.set_status("patent", old, "approved", award_fen=3000_00)
        recheck(reg)
        before = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (old,))
    # (January 2022 left between the years' windows: said, stored with --yes)
    assert main(["campaign", "set", "--db", db, "--operator", "测试员", "patent_award=5000",
                 "grant_window_start=2022-02-01", "patent_split=2:3", "--yes"]) == 0
    assert "空出 2022-01-01 至 2022-01-31" in capsys.readouterr().out
    with Register.open(db, operator="测试员") as reg:
        assert reg.campaign(2022) == plan_2022()
        assert reg.patent(old).award_fen == 3000_00
        assert reg.scalar("SELECT findings FROM patent_applications WHERE id = ?",
                          (old,)) == before


def test_the_intake_desk_takes_the_paper_of_a_patent_sent_a_year_too_early(two_years):
    """The entry form stops a paper whose patent is registered already; the 2022 copy of a
    patent granted in 2022 claims nothing (as the rules say), so 2023's is saved."""
    from boostdesk.ui import entry_checks

    reg = two_years
    reg.save_patent(patent(2022, patent_number_raw=EARLY, grant_date=date(2022, 3, 1)))
    paper = patent(2023, patent_number_raw=EARLY, grant_date=date(2022, 3, 1))
    assert entry_checks.duplicate_patent(reg, paper) is None
    awarded = reg.save_patent(patent(2022))
    reg.set_status("patent", awarded, "qualified")
    reg.set_status("patent", awarded, "approved", award_fen=3000_00)
    again = patent(2023, patent_number_raw=patent(2022).patent_number_raw)
    # an earlier year's paper is no duplicate to refuse: the 2023 paper is saved and the
    # rules judge it 不合格, naming the 2022 award (一（三）), as the import does
    assert entry_checks.duplicate_patent(reg, again) is None
    said = [f.message for f in check_patent_draft(reg, again).findings if f.blocking]
    assert any("2022 年度" in m for m in said), said


def test_a_2023_table_with_a_patent_sent_a_year_too_early_in_2022_is_imported(tmp_path, capsys):
    from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet

    db = str(tmp_path / "r.db")
    with Register.open(db, operator="测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2023))
        reg.save_patent(patent(2022, patent_number_raw=EARLY, grant_date=date(2022, 3, 1)))
    table = write_sheet(tmp_path / "t.xlsx", [
        ["2023年职工创新发明专利助推汇总表"], PATENT_HEADERS,
        patent_row(专利号=EARLY, 授权公告日=date(2022, 3, 1)),
    ], merged=("A1:N1",))
    assert main(["import", str(table), "--db", db, "--operator", "测试员"]) == 0
    with Register.open(db, operator="测试员") as reg:
        [paper] = reg.patents(2023)
        codes = [f.code for f in check_patent_draft(reg, paper).findings]
        assert "DUPLICATE_APPLICATION" not in codes


def test_a_project_2022_refused_sent_again_in_2023_is_no_repeat_but_one_2022_funded_is(
        two_years):
    """二（二）2: a project the plan funded cannot apply again; one refused may, judged
    under 二（二）1 (approved in 2022, it is not 2023's 立项)."""
    from boostdesk.models import CITY
    from boostdesk.models.records import PROJECT_MATERIALS, ProjectApplication
    from boostdesk.rules import check_project_draft

    reg = two_years
    paper = ProjectApplication(
        2022, title="空调机组变频改造", studio_name="轨道车辆检修创新工作室", studio_level=CITY,
        approval_date=date(2022, 3, 1), startup_funds_paid=True,
        planned_completion=date(2023, 12, 31), total_budget_fen=40_000_000,
        requested_fen=10_000_000, received_date=date(2022, 10, 20),
        materials=dict.fromkeys(PROJECT_MATERIALS, True))
    first = reg.save_project(paper)
    reg.set_status("project", first, "refused", reason="材料不实")
    again = replace(paper, campaign_year=2023, received_date=date(2023, 10, 20))
    codes = [f.code for f in check_project_draft(reg, again).findings]
    assert "DUPLICATE_APPLICATION" not in codes and codes  # its 立项 year still refuses it
    reg.conn.execute("UPDATE project_applications SET status = 'paid_first' WHERE id = ?",
                     (first,))
    [dup] = [f for f in check_project_draft(reg, again).findings
             if f.code == "DUPLICATE_APPLICATION"]
    assert f"已于 2022 年度获助推（项目{first}，首笔拨付）" in dup.message
    assert dup.message.endswith("已获助推的项目不能再次申报（方案二（二）2）")


def test_a_too_early_patent_the_clerk_passed_by_hand_keeps_its_claim(two_years):
    reg = two_years
    early = reg.save_patent(patent(2022, patent_number_raw=EARLY, grant_date=date(2022, 3, 1)))
    reg.set_status("patent", early, "qualified", reason="经核实按上年度受理")
    again = reg.save_patent(patent(2023, patent_number_raw=EARLY, grant_date=date(2022, 3, 1),
                                   inventor_name="李四", id_number="110105198507070024"))
    recheck(reg)
    assert stored_codes(reg, again) == ["DUPLICATE_APPLICATION"]


def test_campaign_new_for_an_earlier_year_says_the_dates_moved_back(tmp_path, capsys):
    db = str(tmp_path / "r.db")
    assert main(["campaign", "new", "--year", "2020", "--db", db, "--operator", "测试员"]) == 0
    out = capsys.readouterr().out
    assert "日期提前 2 年" in out and "-2 年" not in out  # (not "-2": a temp path may hold it)
    with Register.open(db, operator="测试员") as reg:
        assert reg.campaign(2020).grant_window_end == date(2019, 12, 31)


NEW_CARD = "6214680000000000016"


def _paid_2022(reg: Register) -> int:
    """张三's 2022 paper, approved and paid to his card CARD."""
    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.finance.read_lines import payment_lines

    first = reg.save_patent(patent(2022))
    reg.set_status("patent", first, "qualified")
    reg.set_status("patent", first, "approved", award_fen=3000_00,
                   approved_date=date(2022, 12, 15))
    sync_plan(reg, 2022)
    for line in payment_lines(reg, 2022, stream="patent"):
        mark_paid(reg, line.id, date(2023, 1, 10), f"记-{line.id}")
    assert reg.patent(first).status == "paid"
    return first


def _paid_lines_still_say_card(reg: Register, first: int) -> None:
    from boostdesk.finance.read_lines import payment_lines
    from boostdesk.printing.approval import load_sheets

    paid = reg.patent(first)
    assert (paid.card_number, paid.frontline) == (CARD, True)
    assert {x.card_number for x in payment_lines(reg, 2022, stream="patent")} == {CARD}
    [sheet] = load_sheets(reg, 2022)
    assert (sheet.app.card_number, sheet.eligible) == (CARD, True)


def test_a_later_years_paper_with_a_new_card_leaves_the_paid_award_as_it_was_paid(two_years):
    """A person is one record across years, each paper its own card and frontline status:
    张三, paid in 2022 on card CARD, sends a 2023 paper with a new card and is no longer
    at the front line. The 2023 paper is judged on them; the 2022 award still lists, prints
    and checks as it was paid (it was re-judged 不符合 and its lists named the new card)."""
    reg = two_years
    first = _paid_2022(reg)
    later = reg.save_patent(patent(2023, card_number=NEW_CARD, frontline=False))
    recheck(reg)
    _paid_lines_still_say_card(reg, first)
    assert stored_codes(reg, first) == []
    assert "NOT_FRONTLINE" in stored_codes(reg, later)
    assert reg.patent(later).card_number == NEW_CARD
    # the register knows him by his newest facts: a 2024 paper's form is filled with them
    person = reg.person_by_id_number(ID_ZHANG)
    assert (person.card_number, person.frontline) == (NEW_CARD, False)
    # the 2022 paper saved again (a remark) keeps its facts and leaves his newest alone
    reg.save_patent(replace(reg.patent(first), remarks="已电话回访"))
    _paid_lines_still_say_card(reg, first)
    person = reg.person_by_id_number(ID_ZHANG)
    assert (person.card_number, person.frontline) == (NEW_CARD, False)


def test_a_later_years_table_with_a_new_card_leaves_the_paid_award_as_it_was_paid(two_years):
    reg = two_years
    first = _paid_2022(reg)
    [later] = reg.insert_patents([patent(2023, card_number=NEW_CARD, frontline=False)])
    recheck(reg)
    _paid_lines_still_say_card(reg, first)
    assert (later.card_number, later.frontline) == (NEW_CARD, False)
    assert reg.patent(later.id) == later


def test_a_paper_left_without_card_or_frontline_takes_the_persons_known_ones(two_years):
    """Forgiving intake: a second paper of a known person with the card or the frontline
    box left blank is stored with the register's (as the form fills them in)."""
    reg = two_years
    reg.save_patent(patent(2022))
    blank = reg.save_patent(patent(2023, card_number="", frontline=None))
    [imported] = reg.insert_patents([patent(2023, card_number=" ", frontline=None,
                                            patent_number_raw=EARLY)])
    assert (reg.patent(blank).card_number, reg.patent(blank).frontline) == (CARD, True)
    assert (imported.card_number, imported.frontline) == (CARD, True)
