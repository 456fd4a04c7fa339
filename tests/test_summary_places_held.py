"""The tester's register x_tie2: a project scoring 72.67 went without an award beside
projects of 71.00 and 69.83 holding the 3万元档 — published in earlier batches — and the
评审汇总表's 备注 was empty while `rank` said only 3万元档名额（11 项）已满. And after an
upheld objection the project next in line read 3万元档 ¥30,000.00 in the 档次 cell beside
现为未获助推 and 仅按材料报送日期未获助推 in its 备注. A full tier names who holds it, and
a project next in line for a freed place reads as not awarded yet, waiting to be adopted."""

from __future__ import annotations

from datetime import date

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.experts import experts
from boostdesk.panel.publicity import record_objection, resolve_objection, start_publicity
from boostdesk.panel.ranking import rank
from boostdesk.panel.score_summary import panel_summary
from tests.test_panel_support import (
    DISTRICT,
    YEAR,
    make_project,
    one_place_two_publicized,
    score_all,
    to_review,
    two_for_one_place,
)


def test_a_tier_full_of_an_earlier_batch_names_it_in_rank_and_the_summary(reg):
    low, other, [e] = two_for_one_place(reg, 1)
    score_all(reg, e, {low: 70, other: 60})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))  # 区级甲 70 holds the one 3万元 place
    better = make_project(reg, "区级丙项目", "工作室丙", DISTRICT)
    to_review(reg, better)
    score_all(reg, experts(reg, YEAR)[0].id, {better: 80})
    row = rank(reg, YEAR).row(better)
    assert row.amount_fen is None
    assert ("3万元档名额（1 项）已满：已公示的第1批 1 项（按其批次的排名列入，"
            "其中 1 项得分低于本项目）；未获助推") in row.reason
    notes = {r.project_id: r.notes for r in panel_summary(reg, YEAR).rows}
    # scored after the batch was adopted: not adopted itself, and said so first
    assert notes[better] == ("未采纳（过程稿）",
                             "3万元档名额（1 项）已满：已公示的第1批 1 项（按其批次的排名列入，"
                             "其中 1 项得分低于本项目），未获助推")
    # one below every holder: its score says why, nothing added to the signed table
    assert not any("已满" in n for n in notes[other])


def test_the_project_next_in_line_for_a_freed_place_is_not_shown_as_awarded(reg):
    first, second = one_place_two_publicized(reg)
    oid = record_objection(reg, first, date(2022, 12, 21), "某职工", "已获区级资助")
    resolve_objection(reg, oid, True, "经核实已获区级全额资助", date(2022, 12, 22))
    assert rank(reg, YEAR).row(second).amount_fen is not None  # the ranking moves it up
    row = next(r for r in panel_summary(reg, YEAR).rows if r.project_id == second)
    assert (row.tier, row.amount_fen, row.status) == ("未获助推", None, "未获助推")
    assert row.notes[0] == ("可递补（待重新采纳）：“区级甲项目”第1批公示后异议成立，3万元档名额空出，"
                            "按排名由本项目递补，重新采纳后另批公示")


def test_a_tier_set_by_hand_after_adoption_before_publicity_is_no_freed_place(reg):
    """The re-tester's r_before_pub: a list adopted, nothing published, a project left out
    of it set by hand into the tier. `rank` gave it the tier; the signed table said
    未获助推 in its 档次 and 可递补（待重新采纳）：已公示的项目不再助推… in its 备注 — nothing had
    been published, and the project was there by hand. Now each row the adopted list tiers
    otherwise than the ranking reads as the ranking's, to adopt again, the table a 过程稿."""
    from boostdesk.panel.score_summary import READOPT
    from boostdesk.panel.summary_history import NEXT_IN_LINE
    from boostdesk.panel.tier_overrides import set_override

    low, other, [e] = two_for_one_place(reg, 1)
    score_all(reg, e, {low: 70, other: 60})
    adopt(reg, YEAR)  # 区级甲 70 holds the one 3万元 place, 区级乙 none
    set_override(reg, other, 3 * 10000 * 100, "主任办公会决定")
    assert rank(reg, YEAR).row(other).amount_fen == 3 * 10000 * 100
    s = panel_summary(reg, YEAR)
    row = next(r for r in s.rows if r.project_id == other)
    assert row.tier_text == "（按排名：3万元档）" and row.decided_fen is None and not row.decided
    assert row.notes[0] == (f"{READOPT}：已采纳的拟助推名单中为未获助推，按现有排名为3万元档"
                            "（人工调整档次），重新采纳后方为拟助推的决定")
    assert not any(n.startswith(NEXT_IN_LINE) or "已公示" in n for n in row.notes), row.notes
    was = next(r for r in s.rows if r.project_id == low)  # displaced by it
    assert was.tier_text == "（按排名：未获助推）" and was.notes[0].startswith(
        f"{READOPT}：已采纳的拟助推名单中为3万元档，按现有排名为未获助推")
    assert not any(n.startswith("注意：已采纳为拟助推（") for n in was.notes)  # said once
    assert s.draft and s.heading.endswith("（过程稿）")
    assert s.stage.startswith("本表为过程稿：2 个项目的档次与已采纳的拟助推名单不一致、待重新采纳")
    adopt(reg, YEAR)  # adopted again: decided, no draft
    s = panel_summary(reg, YEAR)
    row = next(r for r in s.rows if r.project_id == other)
    assert row.decided and row.tier == "3万元档" and not s.draft
