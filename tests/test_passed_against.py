"""A paper passed against a failed hard condition of the plan stays marked as such.

The policy officer's finding: J04, 立项 2023-01-01 (二（二）1 asks 立项 in 2022), was passed
at 资格审核 with “经研究同意”, scored 99 and ranked 第1名 into the 3万 tier with no word of
the failure; it took a place a project in order would have had. The office may pass it
(the reason is its decision), but the ranking, adopting, the 审批表, the detail pane and the
statistics say so, derived from the findings now against the decision: corrected, it is
no longer said."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.qualification import decide
from boostdesk.panel.ranking import rank
from boostdesk.rules.check import recheck
from boostdesk.rules.passed_against import passed_against, passed_against_year
from tests.test_panel_support import DISTRICT, WAN, YEAR, add_experts, make_project, score_all

REASON = "经研究同意"
ADOPT_REASON = "经主任办公会研究，立项批复在途，列入助推"

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def set_approval(reg, project_id: int, day: date) -> None:
    reg.save_project(replace(reg.project(project_id), approval_date=day), reason=WHY)
    reg.changes.projects.add(project_id)
    recheck(reg)


def j04(reg, score: int = 99) -> dict[str, int]:
    """One 3万 place; J04 立项 2023-01-01 passed with a reason and scored 99 (``score``);
    J05 in order, scored 80."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 3 * WAN else t for t in c.tiers)))
    ids = {"j04": make_project(reg, "项目J04", "丁创新工作室", DISTRICT),
           "j05": make_project(reg, "项目J05", "戊创新工作室", DISTRICT)}
    set_approval(reg, ids["j04"], date(2023, 1, 1))
    with pytest.raises(PanelError, match="立项日期 2023-01-01 不在 2022 年内"):
        decide(reg, ids["j04"], True)
    decide(reg, ids["j04"], True, REASON)
    decide(reg, ids["j05"], True)
    for pid in ids.values():
        reg.set_status(PROJECT, pid, "review")
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["j04"]: score, ids["j05"]: 80})
    return ids


def test_the_ranking_marks_a_project_passed_against_a_failed_condition(reg):
    ids = j04(reg)
    ranking = rank(reg, YEAR)
    row = ranking.row(ids["j04"])
    assert row.rank == 1 and row.amount_fen == 3 * WAN  # the office's discretion stands
    assert row.against_plan == ("注意：资格审核经研究通过，但不符合方案二（二）1"
                                "（立项日期 2023-01-01 不在 2022 年内）；理由：经研究同意")
    assert row.against_plan in row.full_reason
    assert row.to_dict()["against_plan"] == row.against_plan
    assert not ranking.row(ids["j05"]).against_plan


def test_corrected_it_is_no_longer_marked(reg):
    ids = j04(reg)
    set_approval(reg, ids["j04"], date(2022, 12, 1))  # 立项日期 typed wrong: put right
    assert not rank(reg, YEAR).row(ids["j04"]).against_plan
    assert passed_against_year(reg, PROJECT, YEAR) == {}


def test_a_failure_found_after_the_pass_is_said_undecided(reg):
    """Passed in order, its 立项日期 then corrected to 2023: nobody decided on it."""
    ids = j04(reg)
    set_approval(reg, ids["j05"], date(2023, 2, 1))
    [pa] = passed_against(reg, PROJECT, [ids["j05"]]).values()
    assert pa.undecided and not pa.reason and pa.opinion() == ""
    assert "资格审核通过后经核对不符合方案二（二）1" in rank(reg, YEAR).row(ids["j05"]).against_plan


def test_adopting_it_into_a_tier_asks_the_offices_reason(reg):
    ids = j04(reg)
    with pytest.raises(PanelError) as refused:
        adopt(reg, YEAR)
    assert "以下项目不符合方案规定的条件" in str(refused.value)
    assert "“项目J04”：资格审核经研究通过，但不符合方案二（二）1" in str(refused.value)
    assert reg.project(ids["j04"]).status == "review"  # nothing adopted
    adopt(reg, YEAR, against_plan_reason=ADOPT_REASON)
    assert reg.project(ids["j04"]).status == "proposed"
    assert ADOPT_REASON in reg.project(ids["j04"]).status_reason
    [event] = [e for e in reg.audit_trail("proposals", reg.campaign_id(YEAR))
               if e["action"] == "adopt"]
    assert event["after"]["against_plan_reason"] == ADOPT_REASON
    assert "“项目J04”" in event["after"]["against_plan"][0]


def test_one_left_without_a_tier_adopts_without_asking(reg):
    """Ranked below the place it passes nobody: said, not asked."""
    ids = j04(reg, score=60)
    ranking = rank(reg, YEAR)
    assert ranking.row(ids["j04"]).amount_fen is None and ranking.row(ids["j04"]).against_plan
    adopt(reg, YEAR)


def test_a_patent_passed_by_hand_against_its_findings(reg):
    from boostdesk.models import PatentApplication
    from boostdesk.rules.hand_moves import HandMoveRefused, check_hand_move

    pid = reg.save_patent(PatentApplication(
        campaign_year=YEAR, title="一种夹具", patent_number="ZL202110123456.7",
        inventor_name="张三", frontline=False))
    reg.changes.patents.add(pid)
    recheck(reg)
    with pytest.raises(HandMoveRefused), reg.transaction():
        check_hand_move(reg, PATENT, [pid], "qualified", "")
    with reg.transaction():
        check_hand_move(reg, PATENT, [pid], "qualified", "经研究同意")
        reg.set_status(PATENT, pid, "qualified", "经研究同意")
    [pa] = passed_against_year(reg, PATENT, YEAR).values()
    assert pa.reason == "经研究同意" and not pa.undecided
    # the reason says 经研究 itself: not said twice
    assert pa.opinion().startswith("本专利不符合方案") and pa.opinion().endswith("按“经研究同意”理由同意助推")


def test_rank_and_adopt_on_the_command_line(reg, capsys):
    j04(reg)
    db = str(reg.path)
    reg.close()
    assert main(["rank", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "第1名 99.00 ¥30,000.00（不符合方案） 项目J04（丁创新工作室）" in out
    assert "注意：资格审核经研究通过，但不符合方案二（二）1（立项日期 2023-01-01 不在 2022 年内）；理由：经研究同意" in out
    assert ("不符合方案条件、经资格审核通过的 1 项（档次注“不符合方案”），其中列入拟助推档次 1 项："
            "采纳时须写明理由（--against-plan-reason）") in out
    assert main(["panel", "adopt", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "“项目J04”：资格审核经研究通过，但不符合方案二（二）1" in err
    assert "--against-plan-reason 理由" in err
    assert main(["panel", "adopt", "--against-plan-reason", ADOPT_REASON, "--db", db]) == 0
    out = capsys.readouterr().out
    assert "不符合方案条件、经资格审核通过的 1 项：" in out
    assert "“项目J04”（¥30,000.00）：资格审核经研究通过，但不符合方案二（二）1" in out
    assert f"经研究列入拟助推档次：{ADOPT_REASON}" in out


def approved_j04(reg) -> int:
    from boostdesk.panel.publicity import close_publicity, start_publicity

    ids = j04(reg)
    adopt(reg, YEAR, against_plan_reason=ADOPT_REASON)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(ids["j04"]).status == "approved"
    return ids["j04"]


def test_the_approval_sheet_says_the_federation_passed_it_against_the_plan(reg, tmp_path):
    from boostdesk.printing.approval import _opinion, load_sheets, write_approval_pdf

    pid = approved_j04(reg)
    [sheet] = [s for s in load_sheets(reg, YEAR) if s.app.id == pid]
    _size, lines, _ = _opinion(sheet)
    # the latest decision's reason: the adoption's (资格审核's was “经研究同意”)
    assert "".join(lines).replace(" ", "") == (
        f"经研究，本项目不符合方案二（二）1，按“{ADOPT_REASON}”理由同意助推，助推资金¥30,000.00。")
    # its failure corrected (立项日期 put right): the opinion as for any other
    set_approval(reg, pid, date(2022, 12, 1))
    [other] = load_sheets(reg, YEAR)
    assert other.against is None and _opinion(other)[1] == ["经审核，同意助推，助推资金 ¥30,000.00。"]
    # a long reason is an official statement on a sealed form: wrapped whole, not cut
    long = replace(sheet, adopted=replace(sheet.adopted, against_plan="经主任办公会研究" * 20))
    _size, lines, annexed = _opinion(long)
    assert len(lines) > 2 and not annexed and "……" not in "".join(lines)
    assert f"按“{'经主任办公会研究' * 20}”理由同意助推" in "".join(lines).replace(" ", "")
    assert write_approval_pdf(tmp_path / "sheet.pdf", [sheet, long, other]) == 3
