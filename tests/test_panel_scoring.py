"""Scores and the panel's aggregates: weighted totals, trimmed mean, deviation, drafts."""

from __future__ import annotations

from fractions import Fraction

import pytest

from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import assign
from boostdesk.panel.grid import Criterion, PanelSettings, ensure_grid, save_grid, weighted_total
from boostdesk.panel.ranking import rank
from boostdesk.panel.scoring import (
    expert_sheet,
    panel_scores,
    parse_score,
    save_scores,
    summarize,
)
from tests.test_panel_support import CITY, YEAR, add_experts, make_project, score_all, to_review

F = Fraction


def test_weighted_total_scales_each_criterion_to_its_weight():
    grid = (Criterion("创新性", 10, 60, id=1), Criterion("效益", 50, 40, id=2))
    assert weighted_total(grid, {1: 75, 2: 250}) == F(45) + F(20)  # 7.5/10*60 + 25/50*40


def test_trimmed_mean_drops_highest_and_lowest_from_five_scores():
    s = PanelSettings()
    five = summarize(1, [F(60), F(80), F(82), F(84), F(99)], s)
    assert five.trimmed == F(82) and five.score == F(82)
    assert five.mean == F(81)
    four = summarize(1, [F(60), F(80), F(84), F(99)], s)
    assert four.trimmed is None and four.score == four.mean == F(323, 4)
    wider = summarize(1, [F(60), F(80), F(84), F(99)], PanelSettings(trim_min_scores=4))
    assert wider.trimmed == F(82)


def test_disagreement_is_flagged_above_the_campaigns_threshold():
    calm = summarize(1, [F(80), F(82), F(84)], PanelSettings())
    split = summarize(1, [F(55), F(80), F(95)], PanelSettings())
    assert not calm.disagreement and split.disagreement
    assert split.sd == pytest.approx(16.499, abs=0.01)
    assert not summarize(1, [F(55), F(80), F(95)],
                         PanelSettings(disagreement_sd_x10=170)).disagreement


@pytest.mark.parametrize("typed, tenths", [("0", 0), ("20", 200), (19.5, 195), ("7.0", 70),
                                           (12, 120), (None, None), ("  ", None)])
def test_scores_in_range_with_one_decimal_are_read(typed, tenths):
    assert parse_score(typed, Criterion("科技含量", 20, 20)) == tenths


@pytest.mark.parametrize("typed, tenths", [("１８", 180), ("１７．５", 175), (" １７．５ ", 175),
                                           ("17．5", 175)])
def test_full_width_digits_and_decimal_point_are_read_as_typed_by_an_input_method(typed, tenths):
    assert parse_score(typed, Criterion("科技含量", 20, 20)) == tenths


def test_an_ideographic_full_stop_is_refused_with_what_to_type_instead():
    with pytest.raises(ValueError, match="小数点请用半角"):
        parse_score("17。5", Criterion("科技含量", 20, 20))


@pytest.mark.parametrize("typed, message", [
    ("20.1", "应在 0 到 20 之间，而不是 20.1"), (-1, "应在 0 到 20 之间，而不是 -1"),
    ("8.25", "最多保留一位小数"), ("优秀", "应填写 0 到 20 之间的数字，而不是“优秀”"),
    (True, "应填写 0 到 20 之间的数字"),
])
def test_scores_out_of_range_or_unreadable_are_refused_with_the_reason(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_score(typed, Criterion("科技含量", 20, 20))


@pytest.mark.parametrize("typed, hint", [
    ("1_8", "数字中间不要加下划线"), ("１_８", "数字中间不要加下划线"),
    ("1e1", "不要用 1e1 这样的科学计数法"), ("1.5E1", "不要用 1e1 这样的科学计数法"),
    ("²", "不要用上标、圈码等符号"), ("1²", "不要用上标、圈码等符号"),
    ("①", "不要用上标、圈码等符号"), ("١٢", "不要用上标、圈码等符号"),
    ("Infinity", ""), ("0x10", ""),
])
def test_forms_python_reads_as_numbers_but_no_reviewer_types_are_refused(typed, hint):
    """float() and Decimal() take 1_8 (18), 1e1 (10), ² (NFKC's 2) and other scripts'
    digits; a score typed so is not what the reviewer meant."""
    with pytest.raises(ValueError) as info:
        parse_score(typed, Criterion("科技含量", 20, 20))
    assert str(info.value).startswith(f"“科技含量”应填写 0 到 20 之间的数字，而不是“{typed}”")
    assert hint in str(info.value)


@pytest.mark.parametrize("typed, tenths", [("+5", 50), (".5", 5), ("5.", 50), ("18.0", 180)])
def test_plain_decimal_forms_are_still_read(typed, tenths):
    assert parse_score(typed, Criterion("科技含量", 20, 20)) == tenths


def test_ranking_uses_the_trimmed_mean_with_five_submitted_scores(reg):
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    for e, total in zip(add_experts(reg, 5), (50, 80, 81, 82, 100), strict=True):
        score_all(reg, e, {pid: total})
    row = rank(reg, YEAR).row(pid)
    assert row.score == 81 and row.panel.mean == Fraction(393, 5)
    assert row.panel.n == 5 and row.panel.disagreement


def test_drafts_do_not_count_and_an_expert_sees_only_their_own(reg):
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    first, second = add_experts(reg, 2)
    grid = ensure_grid(reg, YEAR)
    score_all(reg, first, {pid: 90})
    assign(reg, second, pid)
    draft = {grid[0].id: 100}
    save_scores(reg, second, {pid: (draft, "初评")}, submit=False)
    assert panel_scores(reg, YEAR)[pid].totals == (F(90),)
    [mine] = expert_sheet(reg, second)
    assert mine.scores_x10 == draft and not mine.submitted and mine.comment == "初评"
    with pytest.raises(PanelError, match="项目“项目”的“填补技术空白”未评分"):
        save_scores(reg, second, {pid: (draft, "")}, submit=True)
    with pytest.raises(PanelError, match="应在 0 到 20 之间，而不是 20.5"):
        save_scores(reg, second, {pid: ({grid[0].id: 205}, "")}, submit=False)


def test_changing_the_grid_changes_the_totals_of_a_new_campaign(reg):
    reg.save_campaign(reg.campaign(YEAR).for_year(2023))
    save_grid(reg, 2023, [Criterion("创新性", 10, 60), Criterion("效益", 10, 40)])
    pid = make_project(reg, "项目", "工作室", CITY, year=2023)
    to_review(reg, pid)
    [e] = add_experts(reg, 1, year=2023)
    assign(reg, e, pid)
    innov, benefit = ensure_grid(reg, 2023)
    save_scores(reg, e, {pid: ({innov.id: 50, benefit.id: 100}, "")}, submit=True)
    assert panel_scores(reg, 2023)[pid].score == 70  # 5/10*60 + 10/10*40


def test_a_mean_score_is_shown_rounded_half_up_as_the_office_rounds():
    """四舍五入: a trimmed mean of exactly 87.125 was shown 87.12 (a float's format rounds
    an exact tie to even); the publicity list and the ranking show 87.13."""
    from fractions import Fraction

    from boostdesk.panel.scoring import format_points

    assert format_points(Fraction(697, 8)) == "87.13"
    assert format_points(Fraction(174249, 2000)) == "87.12"  # 87.1245
    assert format_points(Fraction(2, 3)) == "0.67" and format_points(80) == "80.00"
    assert format_points(None) == ""
    from boostdesk.panel.ranking_rows import _num

    assert _num(Fraction(697, 8)) == 87.13  # rank --json, as shown
