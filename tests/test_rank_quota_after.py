"""A quota changed after the list was adopted and published (二（三）: 原则上 N 项, set in
设置): the ranking, the close of publicity and the screens name that change as the cause
of the published list no longer being the ranking's, not a conflicted score."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import close_publicity, start_publicity
from boostdesk.panel.ranking import rank
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def _published_then_cut(reg) -> tuple[int, int]:
    """Two city projects scored 90 and 80, both published at 10万元 from 2022-12-20; then
    the 10万元 quota cut from 10 to 1. (甲's id, 乙's id)"""
    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    b = make_project(reg, "市级乙项目", "工作室乙", CITY)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 10 * WAN else t for t in c.tiers)))
    return a, b


def test_a_quota_cut_during_publicity_is_named_as_the_cause_not_a_conflict(reg):
    a, b = _published_then_cut(reg)
    ranking = rank(reg, YEAR)
    assert ranking.stale_published[b] == "“市级乙项目”：公示为10万元档，按现有评分为5万元档"
    assert ranking.stale_quotas == ["10万元档名额由 10 项改为 1 项"]
    note = ranking.row(b).full_reason
    assert "注意：按现有名额（10万元档名额由 10 项改为 1 项）本项目不再列入10万元档（应为5万元档）" in note
    assert "利益冲突" not in note
    assert ranking.stale_cause == "公示后名额已调整：10万元档名额由 10 项改为 1 项"


def test_the_close_refused_after_a_quota_cut_says_the_quota_changed(reg):
    a, b = _published_then_cut(reg)
    with pytest.raises(PanelError) as refused:
        close_publicity(reg, YEAR, date(2022, 12, 28))
    text = str(refused.value)
    assert text.startswith("按现有名额（10万元档名额由 10 项改为 1 项），以下公示项目已不在公示的档次")
    assert "“市级乙项目”：公示为10万元档，按现有评分为5万元档" in text
    assert "利益冲突" not in text
    assert reg.project(b).status == "publicized"


def test_rank_on_the_command_line_names_the_quota_change(reg, capsys):
    _published_then_cut(reg)
    reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "已公示的排名与现在的排名不同（公示后名额已调整：10万元档名额由 10 项改为 1 项）" in out
    assert "公示后有评分不再计入" not in out


def test_a_quota_changed_before_the_adoption_is_not_a_cause(reg):
    """Only a change after the published list was adopted moves it: one made before is
    the quota the list was adopted under."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=2) if t.amount_fen == 10 * WAN else t for t in c.tiers)))
    a, b = _published_then_cut(reg)
    assert rank(reg, YEAR).stale_quotas == ["10万元档名额由 2 项改为 1 项"]


def test_the_publicity_screen_names_the_quota_change(reg, tmp_path, qtbot):
    from test_ui_support import shown_screen

    from boostdesk.ui.publicity_screen import PublicityScreen

    _published_then_cut(reg)
    w = shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, 1200)
    w.reload()
    text = w.info.text()
    assert "本批公示名单已不是现在的排名（公示后名额已调整：10万元档名额由 10 项改为 1 项）" in text
    assert "评分不再计入" not in text.split("结束公示前")[0]


def test_the_approval_sheet_s_note_after_a_quota_cut_names_the_quota(reg):
    """The printer's note on a stale published award said 公示后有评分不再计入 whatever the
    cause; after a quota cut no score stopped counting."""
    from boostdesk.panel.experts import award_conflict_notes

    a, b = _published_then_cut(reg)
    [note] = award_conflict_notes(reg, [a, b])
    assert "“市级乙项目”" in note and "名额已调整：10万元档名额由 10 项改为 1 项" in note
    assert "有评分不再计入" not in note


def test_the_signed_summary_carries_rank_s_warning_for_a_published_tier_the_quota_no_longer_gives(
        reg):
    """The tester's 评审汇总表 after the 3万 quota was cut: its row read 列入 the tier with no
    word of what rank says; now its 备注 carries the warning and that the place still counts."""
    from boostdesk.panel.score_summary import panel_summary

    _, b = _published_then_cut(reg)
    [row] = [r for r in panel_summary(reg, YEAR).rows if r.project_id == b]
    warning = [n for n in row.notes if n.startswith("注意：")]
    assert warning == [rank(reg, YEAR).row(b).notes[-1]], row.notes
    assert ("本项目不再列入10万元档（应为5万元档）：公示名单未变，复核前仍计入10万元档已公示的名额，请复核"
            in warning[0])


@pytest.mark.parametrize("settled", [False, True])
def test_a_quota_cut_flags_the_lowest_ranked_published_project_though_it_has_an_objection(
        reg, settled):
    """An objection on another matter, entered (or settled) before the cut, decided nothing
    about the cut: the project competes by its rank, and the lower-ranked one loses the
    place — not the higher-ranked one (perhaps paid already)."""
    from boostdesk.panel.publicity import record_objection, resolve_objection

    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    b = make_project(reg, "市级乙项目", "工作室乙", CITY)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    o = record_objection(reg, b, date(2022, 12, 22), "某职工", "反映项目负责人精力难以保证")
    if settled:
        resolve_objection(reg, o, False, "经核查，负责人精力有保证", date(2022, 12, 23))
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen == 10 * WAN else t for t in c.tiers)))
    ranking = rank(reg, YEAR)
    assert list(ranking.stale_published) == [b]
    assert "注意" not in ranking.row(a).full_reason
    assert "本项目不再列入10万元档（应为5万元档）" in ranking.row(b).full_reason
