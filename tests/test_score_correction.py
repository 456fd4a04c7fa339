"""更正评分: a score-entry slip found while the list is in publicity is corrected with its
reason and audit line, the ranking then says what it changes and the close of publicity
waits for the office's decision (an objection); refused before adoption's end (the list
withdrawn first) and after 核准; and why an expert has nothing to score is said."""

from __future__ import annotations

import json
from datetime import date

import pytest

from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import assignments
from boostdesk.panel.grid import criteria
from boostdesk.panel.package_closed import closed_for_expert
from boostdesk.panel.publicity import close_publicity, record_objection, resolve_objection
from boostdesk.panel.ranking import rank
from boostdesk.panel.score_correction import correct_scores, correctable, refusal
from boostdesk.panel.scoring import panel_scores
from tests.test_panel_support import YEAR, one_place_two_publicized, scores_for_total


def _expert(reg) -> int:
    return assignments(reg, YEAR)[0].expert_id


def _typed(reg, total: float) -> dict[int, int | None]:
    return dict(scores_for_total(criteria(reg, YEAR), round(total * 10)))


def test_a_slip_in_publicity_is_corrected_with_its_reason_and_the_ranking_says_so(reg):
    a, b = one_place_two_publicized(reg)  # 甲 90 published at 3万; 乙 80 next in line
    e = _expert(reg)
    assert [r.project_id for r in correctable(reg, e)] == [a]
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


def test_refused_for_the_unpublished_and_after_approval_with_what_to_do(reg):
    a, b = one_place_two_publicized(reg)
    e = _expert(reg)
    assert "请先撤回拟助推名单" in refusal(reg, e, b)  # 乙: adopted, 未获助推, not published
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(a).status == "approved"
    with pytest.raises(PanelError, match="公示已结束，专家评分不能在登记册中更改，确需更正的，请报请研究"):
        correct_scores(reg, e, a, _typed(reg, 70), "纸质评分表为 70 分")
    assert correctable(reg, e) == []


def test_why_an_expert_has_nothing_to_score_is_said_in_the_packages_words(reg):
    a, b = one_place_two_publicized(reg)
    lines = closed_for_expert(reg, YEAR, _expert(reg))
    assert len(lines) == 2
    assert lines[0].startswith("分配给该专家的已公示的 1 个项目已结束评审：2022 年度的拟助推名单已列入第 1 批公示")
    assert "正在公示" in lines[0] and "“更正评分…”" in lines[0]
    assert lines[1].startswith("分配给该专家的未公示的 1 个项目已结束评审：2022 年度的拟助推名单已经采纳")
    assert "请先撤回拟助推名单" in lines[1]
