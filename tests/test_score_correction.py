"""更正评分: a score-entry slip found while the list is in publicity is corrected with its
reason and audit line, the ranking then says what it changes and the close of publicity
waits for the office's decision (an objection); refused before adoption's end (the list
withdrawn first) and after 核准; and why an expert has nothing to score is said."""

from __future__ import annotations

import json
from datetime import date

import pytest

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import assignments
from boostdesk.panel.grid import criteria
from boostdesk.panel.package_closed import closed_for_expert, enter_again, withdraw_first
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.panel.ranking import rank
from boostdesk.panel.score_correction import correct_scores, correctable, refusal
from boostdesk.panel.scoring import panel_scores
from tests.test_panel_support import (
    YEAR,
    one_place_two_publicized,
    score_all,
    scores_for_total,
    two_for_one_place,
)


def _expert(reg) -> int:
    return assignments(reg, YEAR)[0].expert_id


def _typed(reg, total: float) -> dict[int, int | None]:
    return dict(scores_for_total(criteria(reg, YEAR), round(total * 10)))


def test_a_slip_in_publicity_is_corrected_with_its_reason_and_the_ranking_says_so(reg):
    a, b = one_place_two_publicized(reg)  # 甲 90 published at 3万; 乙 80 next in line
    e = _expert(reg)
    assert [r.project_id for r in correctable(reg, e)] == [a, b]  # 乙: left out of the batch
    done = correct_scores(reg, e, a, _typed(reg, 70), "纸质评分表合计 70 分，录入为 90 分")
    assert panel_scores(reg, YEAR)[a].totals == (70,)  # counted at once
    assert done.stale and "区级甲项目" in done.stale[0] and "未获助推" in done.stale[0]
    ranking = rank(reg, YEAR)
    assert ranking.stale_cause == "公示后有评分更正"
    assert "含公示后更正的评分" in ranking.stale_basis
    assert reg.project(a).status == "publicized"  # the published list never moves silently
    line = reg.query("SELECT before, after FROM audit_events WHERE action = 'score_correct'")
    assert len(line) == 1
    after = json.loads(line[0]["after"])
    assert after["reason"] == "纸质评分表合计 70 分，录入为 90 分"
    assert after["project"] == "区级甲项目"
    # the close waits for the decision: the change entered as 甲's objection, upheld
    with pytest.raises(PanelError, match="含公示后更正的评分"):
        close_publicity(reg, YEAR, date(2022, 12, 27))
    oid = record_objection(reg, a, date(2022, 12, 22), "评审组",
                           "专家评分录入有误，更正后排名低于区级乙项目")
    resolve_objection(reg, oid, True, "更正后不予助推", on=date(2022, 12, 23))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(a).status == "not_awarded"


def test_a_correction_needs_a_reason_and_a_different_score(reg):
    a, _b = one_place_two_publicized(reg)
    e = _expert(reg)
    with pytest.raises(PanelError, match="须写明理由"):
        correct_scores(reg, e, a, _typed(reg, 70), "  ")
    with pytest.raises(PanelError, match="评分相同"):
        correct_scores(reg, e, a, _typed(reg, 90), "核对")
    partial = _typed(reg, 70)
    partial[next(iter(partial))] = None
    with pytest.raises(PanelError, match="未评分"):
        correct_scores(reg, e, a, partial, "核对")
    assert panel_scores(reg, YEAR)[a].totals == (90,)


def test_left_out_of_the_published_batch_is_corrected_while_it_is_in_publicity(reg):
    """The slip that matters is just below the cut-off: 乙, left out (未获助推) by the adoption
    published, is corrected while its batch is in publicity; the ranking then says the
    published 甲 is no longer ranked at its tier and 乙 would be."""
    a, b = one_place_two_publicized(reg)
    e = _expert(reg)
    assert reg.project(b).status == "not_awarded"
    assert refusal(reg, e, b) == ""
    done = correct_scores(reg, e, b, _typed(reg, 95), "纸质评分表合计 95 分，录入为 80 分")
    assert panel_scores(reg, YEAR)[b].totals == (95,)
    assert any("区级甲项目" in line and "按现有评分为未获助推" in line for line in done.stale)
    assert any("区级乙项目" in line and "现为未获助推" in line for line in done.stale)
    assert reg.project(a).status == "publicized" and reg.project(b).status == "not_awarded"


def test_refused_for_the_unpublished_and_after_approval_with_what_to_do(reg):
    a, b, [e] = two_for_one_place(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)  # not published: each said as it is
    assert refusal(reg, e, a) == ("项目“区级甲项目”已列入采纳的拟助推名单（现为“拟助推”），名单尚未公示："
                                  + withdraw_first(enter_again()))
    assert refusal(reg, e, b) == ("项目“区级乙项目”在已采纳、尚未公示的拟助推名单中未获助推："
                                  + withdraw_first(enter_again()))
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(a).status == "approved"
    with pytest.raises(PanelError, match="公示已结束，专家评分不能在登记册中更改，确需更正的，请报请研究"):
        correct_scores(reg, e, a, _typed(reg, 70), "纸质评分表为 70 分")
    assert refusal(reg, e, b).startswith(
        "项目“区级乙项目”在第 1 批公示（2022年12月20日至2022年12月26日）的排名中未获助推，该批公示已结束：")
    assert correctable(reg, e) == []


def test_why_an_expert_has_nothing_to_score_is_said_in_the_packages_words(reg):
    one_place_two_publicized(reg)
    [line] = closed_for_expert(reg, YEAR, _expert(reg))  # 乙, left out, is in the batch too
    assert line.startswith("分配给该专家的项目都已结束评审：2022 年度的拟助推名单已列入第 1 批公示")
    assert "正在公示（现为“公示”1 项、“未获助推”（未列入公示名单）1 项）" in line and "“更正评分…”" in line
    assert "请先撤回拟助推名单" not in line
