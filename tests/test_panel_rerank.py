"""Scores that change after the ranking is published (方案二（四）2–3).

The list in publicity was ranked on the scores counted at adoption. A conflict of interest
found late takes a score out; the published list must then not silently stand (nor
silently change): the ranking says it is stale and what changed, the close waits for the
office's decision on each published project that lost its place, and the place goes, by a
re-adoption, to the next project in a supplementary batch with its own period. Money paid
never moves.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.models.records import PROJECT
from boostdesk.panel.adopt_proposal import adopt, withdraw
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import declare_conflict, unassign
from boostdesk.panel.publicity import (
    close_publicity,
    moved_up,
    periods,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.panel.ranking import rank
from tests.test_panel_support import (
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
    two_for_one_place,
)


def _runner_up_sunk(reg: Register) -> tuple[int, int, list[int]]:
    """One 3万元 place. 专家1 scores 乙 40, the others 90; everyone scores 甲 80: with
    专家1's score 甲 wins (80 vs 73.33); without it 乙 does (90 vs 80). Adopted and
    publicized from 2022-12-20 with 甲 in the place. (甲, 乙, experts)"""
    a, b, experts = two_for_one_place(reg, 3)
    score_all(reg, experts[0], {a: 80, b: 40})
    score_all(reg, experts[1], {a: 80, b: 90})
    score_all(reg, experts[2], {a: 80, b: 90})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    assert reg.project(a).status == "publicized" and reg.project(b).status == "not_awarded"
    return a, b, experts


def test_a_late_conflict_on_the_runner_ups_score_makes_the_published_ranking_stale(reg):
    a, b, experts = _runner_up_sunk(reg)
    assert rank(reg, YEAR).stale == []
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    ranking = rank(reg, YEAR)
    text = "\n".join(ranking.stale)
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in text
    assert "“区级乙项目”：现为未获助推，按现有评分为3万元档" in text
    assert "注意：按现有评分（不计存在利益冲突的评分）本项目不再列入3万元档" in (
        ranking.row(a).full_reason)
    assert "按现有评分应列入3万元档，名额现由已公示的“区级甲项目”占用" in ranking.row(b).full_reason


def test_the_close_waits_for_the_offices_decision_on_a_published_place_now_lost(reg):
    a, b, experts = _runner_up_sunk(reg)
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    with pytest.raises(PanelError) as refused:
        close_publicity(reg, YEAR, date(2022, 12, 28))
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in str(refused.value)
    assert "登记为该项目的异议" in str(refused.value)
    assert reg.project(a).status == "publicized"  # nothing approved, nothing moved


def test_the_lost_place_goes_to_the_next_project_in_a_supplementary_batch(reg):
    a, b, experts = _runner_up_sunk(reg)
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    oid = record_objection(reg, a, date(2022, 12, 22), "市总工会",
                           "专家1对乙项目的评分存在利益冲突，排名变化")
    resolve_objection(reg, oid, True, "不计该评分后乙项目排名在前，甲项目不再列入3万元档",
                      date(2022, 12, 23))
    assert reg.project(a).status == "not_awarded"
    assert moved_up(reg, YEAR) == ["“区级乙项目”（3万元）"]
    assert rank(reg, YEAR).stale == []
    close_publicity(reg, YEAR, date(2022, 12, 27))
    # the conflicted score is taken off 乙 (kept in the audit trail) before re-adopting
    withdraw(reg, YEAR, "评分录入有误，重新采纳")
    unassign(reg, experts[0], b, "利益冲突")
    adopt(reg, YEAR, short_reason="专家1回避，按其余两位专家评分确定")
    assert reg.project(b).status == "proposed"
    p = start_publicity(reg, YEAR, date(2022, 12, 28))
    assert p.batch == 2 and (p.start, p.end) == (date(2022, 12, 28), date(2023, 1, 3))
    assert reg.project(b).status == "publicized" and len(periods(reg, YEAR)) == 2


def test_a_mistyped_score_corrected_after_publication_makes_the_list_stale(reg):
    """专家1 typed 40 for 乙 where the paper says 90: the office withdraws the proposal not
    yet published (乙 back to review) and the score is corrected; the published 甲 no
    longer holds the place on the scores now, and the close waits for the decision."""
    a, b, experts = _runner_up_sunk(reg)
    withdraw(reg, YEAR, "评分录入有误，重新采纳")
    assert reg.project(b).status == "review" and reg.project(a).status == "publicized"
    score_all(reg, experts[0], {b: 90}, assign_first=False)
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in rank(reg, YEAR).stale
    with pytest.raises(PanelError, match="不能直接核准"):
        close_publicity(reg, YEAR, date(2022, 12, 28))


def test_a_dismissal_keeps_the_published_award_and_stops_the_flag(reg):
    a, b, experts = _runner_up_sunk(reg)
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    oid = record_objection(reg, a, date(2022, 12, 22), "市总工会", "排名变化")
    resolve_objection(reg, oid, False, "经研究维持公示结果，乙项目另行研究", date(2022, 12, 23))
    assert rank(reg, YEAR).stale == []
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(a).status == "approved"


def test_after_the_first_tranche_the_paid_award_stays_and_the_change_is_only_told(reg):
    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan

    a, b, experts = _runner_up_sunk(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    sync_plan(reg, YEAR)
    for line in reg.query("SELECT id FROM payments WHERE stream = 'project'"
                          " AND application_id = ? AND tranche = 1", (a,)):
        mark_paid(reg, line["id"], date(2023, 1, 10), "凭证1")
    assert reg.project(a).status == "paid_first"
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    ranking = rank(reg, YEAR)
    text = "\n".join(ranking.stale)
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推（已拨付，助推不再变动）" in text
    assert "“区级乙项目”：现为未获助推，按现有评分为3万元档" in text
    assert ranking.row(a).amount_fen == 3 * WAN
    withdraw(reg, YEAR, "评分录入有误，重新采纳")
    unassign(reg, experts[0], b, "利益冲突")
    adopt(reg, YEAR, short_reason="专家1回避")  # the paid place is not taken back
    assert reg.project(b).status == "not_awarded" and reg.project(a).status == "paid_first"


def test_rank_command_says_the_published_ranking_is_stale(reg, capsys):
    _a, b, experts = _runner_up_sunk(reg)
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "已公示的排名与现在的排名不同（公示后有评分不再计入）" in out
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in out


def test_the_ranking_tab_says_the_published_list_is_stale_and_what_changed(
        reg, tmp_path, qtbot):
    from test_ui_support import shown_screen

    from boostdesk.ui.panel_screen import PanelScreen
    from boostdesk.ui.style import WARNING_COLOUR
    from tests.test_panel_screen import cell, colour

    a, b, experts = _runner_up_sunk(reg)
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    text = tab.waiting.text()
    assert "已公示的排名与现在的排名不同（公示后有评分不再计入）" in text
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in text
    assert "登记为该项目的异议" in text
    rows = {cell(tab.table, r, 2): r for r in range(tab.model.rowCount())}
    assert colour(tab.table, rows["区级甲项目"], 8) == WARNING_COLOUR.lower()
    assert colour(tab.table, rows["区级乙项目"], 8) == WARNING_COLOUR.lower()


def test_the_publicity_screen_says_the_open_batch_is_stale_before_the_close(
        reg, tmp_path, qtbot, monkeypatch):
    from test_ui_support import shown_screen

    from boostdesk.ui import dialogs
    from boostdesk.ui.publicity_screen import PublicityScreen

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    a, b, experts = _runner_up_sunk(reg)
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    w = shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, 1200)
    assert "本批公示名单已不是现在的排名（公示后有评分不再计入）" in w.info.text()
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in w.info.text()
    assert w.model.text(0, 6) == "公示（排名已变化）"
    assert not w.close_period(date(2022, 12, 28))
    assert "不能直接核准" in w.error.text()
    assert reg.project(a).status == "publicized"


# -- too few experts -------------------------------------------------------------------
def _short_panel(reg: Register) -> tuple[int, int, list[int]]:
    """The year asks three experts a project; 甲 has all three, 乙 only one (the others
    were never assigned it): 乙's 95 from one expert would take the one place."""
    a, b, experts = two_for_one_place(reg, 3)
    score_all(reg, experts[0], {a: 80, b: 95})
    score_all(reg, experts[1], {a: 80})
    score_all(reg, experts[2], {a: 80})
    return a, b, experts


def test_a_project_scored_by_fewer_experts_than_the_year_asks_is_not_adopted_silently(
        reg, monkeypatch):
    a, b, _experts = _short_panel(reg)
    row = rank(reg, YEAR).row(b)
    assert "评审专家不足：计入评分的专家 1 位，本年度每个项目 3 位" in row.full_reason
    with pytest.raises(PanelError) as refused:
        adopt(reg, YEAR)
    text = str(refused.value)
    assert "“区级乙项目”：评审专家不足：计入评分的专家 1 位，本年度每个项目 3 位" in text
    assert "区级甲项目" not in text
    assert "补派专家" in text and "再点“采纳为拟助推名单”时填写" in text  # the window's way
    assert "--short-reason" not in text
    from boostdesk import said_where

    monkeypatch.setattr(said_where, "_cli", True)  # the command line's reader: the command
    with pytest.raises(PanelError, match="panel adopt --short-reason 理由"):
        adopt(reg, YEAR)
    assert reg.project(b).status == "review"


def test_adopting_on_too_few_experts_with_a_reason_is_recorded(reg):
    a, b, _experts = _short_panel(reg)
    adopt(reg, YEAR, short_reason="专业对口专家仅一位，经评审组研究按其评分确定")
    assert reg.project(b).status == "proposed"
    reason = reg.scalar("SELECT reason FROM proposals WHERE project_id = ?", (b,))
    assert "经研究按现有评分采纳：专业对口专家仅一位" in reason
    [event] = reg.query("SELECT after FROM audit_events WHERE action = 'adopt'")
    assert "专业对口专家仅一位，经评审组研究按其评分确定" in event["after"]
    assert "“区级乙项目”：评审专家不足" in event["after"]


def test_panel_adopt_on_the_command_line_takes_the_reason(reg, capsys):
    _a, b, _experts = _short_panel(reg)
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    assert main(["panel", "adopt", *db]) != 0
    assert "评审专家不足：计入评分的专家 1 位" in capsys.readouterr().err
    assert main(["panel", "adopt", *db, "--short-reason", "经研究按现有评分确定"]) == 0
    out = capsys.readouterr().out
    assert "已采纳" in out and "评审专家不足的 1 项按现有评分采纳：经研究按现有评分确定" in out


def _rank_tab_asking(reg, tmp_path, qtbot, monkeypatch) -> tuple[Any, list[str]]:
    """专家评审 → 排名与档次 on ``reg``, its question on experts short of the number
    recorded (and answered by cancelling)."""
    from test_ui_support import year_context

    from boostdesk.ui import panel_rank_tab
    from boostdesk.ui.panel_screen import PanelScreen

    w = PanelScreen(year_context(reg, tmp_path, YEAR, "刘建国"))
    qtbot.addWidget(w)
    w.show()
    tab = w.show_tab("排名与档次")
    w.refresh()
    asked: list[str] = []
    monkeypatch.setattr(panel_rank_tab, "ask_short_reason",
                        lambda _parent, text: asked.append(text) or "")
    return tab, asked


def test_the_adopt_button_asks_the_reason_when_experts_are_short(reg, tmp_path, qtbot,
                                                                 monkeypatch):
    from boostdesk.ui import dialogs, panel_rank_tab

    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: None)
    _a, b, _experts = _short_panel(reg)
    tab, asked = _rank_tab_asking(reg, tmp_path, qtbot, monkeypatch)
    assert not tab.adopt()  # cancelled: nothing adopted
    assert "“区级乙项目”：评审专家不足" in asked[0]
    assert reg.project(b).status == "review"
    monkeypatch.setattr(panel_rank_tab, "ask_short_reason",
                        lambda _parent, text: "经研究按现有评分确定")
    assert tab.adopt()
    assert reg.project(b).status == "proposed"


def test_the_adopt_button_cites_the_review_clause_as_the_years_plan_numbers_it(
        reg, tmp_path, qtbot, monkeypatch):
    """A re-issued plan renumbers 专业评审 (二（四）2 → 二（五）2): the window's question
    cites the year's clause, as `panel adopt` does, not 2022's."""
    from boostdesk.campaign_settings import apply_settings

    reg.save_campaign(apply_settings(reg.campaign(YEAR), [
        ("clause_project_materials", "二（五）1"), ("clause_project_review", "二（五）2"),
        ("clause_project_payment", "二（五）4")]))
    _short_panel(reg)
    tab, asked = _rank_tab_asking(reg, tmp_path, qtbot, monkeypatch)
    assert not tab.adopt()
    assert "（方案二（五）2：以专业评审分数为主要助推依据）" in asked[0]
    assert "二（四）2" not in asked[0]


def test_a_conflict_declared_on_the_command_line_says_the_published_list_is_stale(reg, capsys):
    _a, _b, _experts = _runner_up_sunk(reg)
    reg.close()
    capsys.readouterr()
    assert main(["panel", "conflict", "--expert", "专家1", "--project", "区级乙项目", "--reason",
                 "与乙工作室存在竞争关系", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "已公示的排名因此与按现有评分的排名不同：" in out
    assert "“区级甲项目”：公示为3万元档，按现有评分为未获助推" in out


def test_a_later_rounds_project_does_not_make_the_published_list_stale(reg):
    """A place added in 设置 after publication goes to a later round's 丙 (sent to the
    experts after the list was adopted), not to 乙 whom 甲 beat: nothing published
    changes, so nothing is said stale."""
    import time

    from boostdesk.panel.experts import experts

    a, b, _experts = _runner_up_sunk(reg)
    time.sleep(1.1)  # the later round starts after the adoption (stamped to the second)
    c = make_project(reg, "区级丙项目", "工作室丙", DISTRICT)
    to_review(reg, c)
    for e in experts(reg, YEAR):
        score_all(reg, e.id, {c: 99})
    camp = reg.campaign(YEAR)
    reg.save_campaign(replace(camp, tiers=tuple(
        replace(t, quota=2) if t.amount_fen == 3 * WAN else t for t in camp.tiers)))
    ranking = rank(reg, YEAR)
    assert ranking.row(c).amount_fen == 3 * WAN and ranking.row(b).amount_fen is None
    assert ranking.stale == []


def test_the_approval_sheet_of_an_award_the_ranking_no_longer_gives_says_so(reg, tmp_path,
                                                                          capsys):
    """Approved at the close, unpaid; then a conflict on 乙's sinking score comes to light.
    The sheet says 经专业评审确定: its printer is told before it is signed and paid."""
    a, b, experts = _runner_up_sunk(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    reg.close()
    capsys.readouterr()
    assert main(["print", "approval", "--db", str(reg.path), "--out", str(tmp_path / "a.pdf"),
                 "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert ("注意：审批表中“区级甲项目”：公示为3万元档，按现有评分为未获助推（已核准）："
            "公示后有评分不再计入，排名已变化，报批、拨付前请复核") in out


def _approved_then_stale(reg: Register) -> tuple[int, int]:
    a, b, experts = _runner_up_sunk(reg)
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert reg.project(a).status == "approved"
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    return a, b


def test_an_approved_unpaid_award_the_ranking_no_longer_gives_can_be_revoked(reg, capsys):
    """After the close no objection of the period is left to enter: the office's review
    withdraws the approval before payment, and the place goes to the next project."""
    a, b = _approved_then_stale(reg)
    reg.close()
    db = ["--db", str(reg.path), "--year", str(YEAR)]
    capsys.readouterr()
    assert main(["publicity", "review", "区级甲项目", *db, "--revoke"]) != 0
    assert "请填写复核结论的理由" in capsys.readouterr().err
    assert main(["publicity", "review", "区级甲项目", *db, "--revoke", "--note",
                 "不计专家1的评分后乙项目排名在前，经研究撤销核准"]) == 0
    out = capsys.readouterr().out
    assert "已复核项目“区级甲项目”（“区级甲项目”：公示为3万元档，按现有评分为未获助推（已核准））" in out
    assert "名额空出，按排名可递补：“区级乙项目”（3万元）" in out
    reg2 = Register.open(reg.path, operator="测试员")
    try:
        app = reg2.project(a)
        assert (app.status, app.award_fen) == ("not_awarded", None)
        assert rank(reg2, YEAR).stale == []
        [event] = reg2.query("SELECT after FROM audit_events WHERE action = 'rerank_settle'")
        assert "撤销核准" in event["after"] and "乙项目排名在前" in event["after"]
    finally:
        reg2.close()
    assert main(["audit", "--ref", "区级甲项目", "--db", str(reg.path)]) == 0
    assert ("排名复核  结论：撤销核准；理由：不计专家1的评分后乙项目排名在前，经研究撤销核准；"
            "排名变化：“区级甲项目”：公示为3万元档") in capsys.readouterr().out


def test_keeping_an_approved_award_after_the_review_is_recorded_and_stops_the_flag(reg):
    from boostdesk.panel.publicity import settle_rerank

    a, b = _approved_then_stale(reg)
    with pytest.raises(PanelError, match="请填写复核结论的理由"):
        settle_rerank(reg, a, False, " ")
    settle_rerank(reg, a, False, "经评审组研究，该专家评分虽不计，维持原公示结果")
    assert reg.project(a).status == "approved" and rank(reg, YEAR).stale == []
    with pytest.raises(PanelError, match="无需复核"):
        settle_rerank(reg, a, True, "再次复核")


def test_the_review_is_refused_in_publicity_and_once_paid(reg):
    from boostdesk.finance.paying import mark_paid
    from boostdesk.finance.payment_plan import sync_plan
    from boostdesk.panel.publicity import settle_rerank

    a, b, experts = _runner_up_sunk(reg)
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")
    with pytest.raises(PanelError, match="仍在公示中：请在“公示”中把排名变化登记为该项目的异议"):
        settle_rerank(reg, a, True, "撤销")
    oid = record_objection(reg, a, date(2022, 12, 22), "市总工会", "排名变化")
    resolve_objection(reg, oid, False, "维持", date(2022, 12, 23))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    reg.conn.execute("DELETE FROM objections")  # as if never entered: the flag is back
    sync_plan(reg, YEAR)
    [line] = reg.query("SELECT id FROM payments WHERE stream = 'project' AND application_id = ?"
                       " AND tranche = 1 ORDER BY id LIMIT 1", (a,))
    mark_paid(reg, line["id"], date(2023, 1, 10), "凭证1")
    with pytest.raises(PanelError, match="助推款已登记拨付.*不能撤销核准"):
        settle_rerank(reg, a, True, "撤销")


def reviewing_first_row(reg: Register, tmp_path, qtbot):
    """公示 open on the year, its first row (区级甲项目) chosen, 排名复核… offered."""
    from test_ui_support import shown_screen

    from boostdesk.ui.publicity_screen import PublicityScreen
    from tests.test_publicity_screen import _click_row

    w = shown_screen(qtbot, PublicityScreen, reg, tmp_path, YEAR, 1200)
    _click_row(qtbot, w.table, 0)
    assert w.current_row().title == "区级甲项目" and w.review_button.isEnabled()
    return w


def test_the_publicity_screens_review_revokes_an_approved_award_the_ranking_no_longer_gives(
        reg, tmp_path, qtbot, monkeypatch):
    from PySide6.QtCore import QPoint, Qt
    from test_ui_support import type_text

    from boostdesk.ui import dialogs
    from tests.test_publicity_screen import _answer

    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: None)
    a, b = _approved_then_stale(reg)
    w = reviewing_first_row(reg, tmp_path, qtbot)
    notices: list[str] = []
    w.ctx.notice.connect(notices.append)

    def revoke(dialog) -> None:
        assert "公示为3万元档，按现有评分为未获助推" in dialog.findChildren(
            type(dialog.error))[0].text()
        qtbot.mouseClick(dialog.revoke, Qt.MouseButton.LeftButton,
                         pos=QPoint(8, dialog.revoke.height() // 2))
        type_text(qtbot, "不计专家1的评分后乙项目在前，经研究撤销核准", dialog.note_field)

    _answer(qtbot, w, revoke)
    qtbot.mouseClick(w.review_button, Qt.MouseButton.LeftButton)
    assert reg.project(a).status == "not_awarded"
    assert notices and "名额空出，按排名可递补：“区级乙项目”（3万元）" in notices[-1]


def _two_city_places_three_projects(reg: Register) -> tuple[int, int, int, list[int]]:
    """One 10万元 and one 5万元 (city) place; 甲 90, 乙 77.67 (专家1's 41 against 96, 96),
    丙 76.67 (专家1's 40 against 95, 95): 甲 10万, 乙 5万, published and approved."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=1) if t.amount_fen in (10 * WAN, 5 * WAN) else t for t in c.tiers)))
    a = make_project(reg, "市级甲项目", "工作室甲")
    b = make_project(reg, "市级乙项目", "工作室乙")
    c3 = make_project(reg, "市级丙项目", "工作室丙")
    to_review(reg, a, b, c3)
    experts = add_experts(reg, 3)
    score_all(reg, experts[0], {a: 90, b: 41, c3: 40})
    score_all(reg, experts[1], {a: 90, b: 96, c3: 95})
    score_all(reg, experts[2], {a: 90, b: 96, c3: 95})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert [reg.project(p).status for p in (a, b, c3)] == ["approved", "approved", "not_awarded"]
    return a, b, c3, experts


def test_a_kept_award_is_asked_about_again_when_a_later_change_ranks_it_otherwise(reg):
    from boostdesk.award_holds import hold_of
    from boostdesk.panel.publicity import settle_rerank

    a, b, c3, experts = _two_city_places_three_projects(reg)
    declare_conflict(reg, experts[0], c3, "专家与丙工作室存在竞争关系")  # 丙 95: first
    stale = rank(reg, YEAR).stale_published
    assert "按现有评分为5万元档" in stale[a] and "按现有评分为未获助推" in stale[b]
    settle_rerank(reg, a, False, "经研究维持")
    settle_rerank(reg, b, False, "经研究维持")
    assert rank(reg, YEAR).stale_published == {}  # decided: no longer asked
    assert hold_of(reg, PROJECT, a) is None
    declare_conflict(reg, experts[0], b, "专家与乙工作室存在竞争关系")  # 乙 96: first, 甲 out
    stale = rank(reg, YEAR).stale_published
    assert "“市级甲项目”：公示为10万元档，按现有评分为未获助推" in stale[a]  # not what was kept
    # ranked higher than published: said, not held (公示无异议: its tier is paid)
    assert b not in stale and hold_of(reg, PROJECT, b) is None
    assert "“市级乙项目”：公示为5万元档，按现有评分为10万元档（已核准）" in rank(reg, YEAR).raised
    held = hold_of(reg, PROJECT, a)
    assert held is not None and "核准后排名已变化" in held.message
    settle_rerank(reg, a, False, "经研究仍维持")  # decided again on the new ranking
    assert a not in rank(reg, YEAR).stale_published


def test_a_kept_award_the_ranking_still_gives_as_when_kept_stays_decided(reg):
    from boostdesk.panel.publicity import settle_rerank

    a, b, c3, experts = _two_city_places_three_projects(reg)
    declare_conflict(reg, experts[0], c3, "专家与丙工作室存在竞争关系")
    settle_rerank(reg, a, False, "经研究维持")
    settle_rerank(reg, b, False, "经研究维持")
    declare_conflict(reg, experts[1], a, "专家2与甲工作室同属一家公司")  # 甲 still 90: no tier moves
    assert rank(reg, YEAR).row(a).panel.n == 2  # type: ignore[union-attr]
    assert rank(reg, YEAR).stale_published == {}


def test_re_adopting_after_an_upheld_objection_does_not_ask_again_a_short_panel_decided(
        reg, capsys):
    """丙 was scored by two of the three experts; the first adoption took it on those
    scores with a reason. An upheld objection frees 甲's place and the office adopts again
    for 乙: 丙, still not awarded, was asked about once more (the reason typed twice)."""
    from boostdesk.panel.adopt_reasons import adopt_reasons

    a, b, experts = two_for_one_place(reg, 3)
    c = make_project(reg, "区级丙项目", "工作室丙", DISTRICT)
    to_review(reg, c)
    score_all(reg, experts[0], {a: 90, b: 80, c: 70})
    score_all(reg, experts[1], {a: 90, b: 80, c: 70})
    score_all(reg, experts[2], {a: 90, b: 80})
    with pytest.raises(PanelError, match="区级丙项目"):
        adopt(reg, YEAR)
    adopt(reg, YEAR, short_reason="专家3未分配该项目，经研究按两位专家评分")
    start_publicity(reg, YEAR, date(2022, 12, 1))
    oid = record_objection(reg, a, date(2022, 12, 3), "匿名来信", "立项时间不符")
    resolve_objection(reg, oid, True, "经核实异议成立", date(2022, 12, 5))
    reg.close()
    capsys.readouterr()
    assert main(["panel", "adopt", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert ("评审专家不足的 1 项按现有评分采纳：专家3未分配该项目，经研究按两位专家评分"
            "（沿用此前采纳时的决定，未再询问）") in out
    again = Register.open(reg.path)
    assert again.project(b).status == "proposed"
    assert again.project(c).status == "not_awarded"
    # the decision stands in the adoption now standing, for the 审批表 and the summary
    assert adopt_reasons(again, [c])[c].short_reason == "专家3未分配该项目，经研究按两位专家评分"
    assert "经研究按现有评分采纳：专家3未分配该项目" in str(again.scalar(
        "SELECT reason FROM proposals WHERE project_id = ?", (c,)))
    again.close()


def test_the_adopt_button_does_not_ask_again_a_short_panel_the_standing_adoption_decided(
        reg, tmp_path, qtbot, monkeypatch):
    from boostdesk.ui import dialogs

    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: None)
    a, b, experts = two_for_one_place(reg, 3)
    c = make_project(reg, "区级丙项目", "工作室丙", DISTRICT)
    to_review(reg, c)
    for k, e in enumerate(experts):
        score_all(reg, e, {a: 90, b: 80, **({c: 70} if k < 2 else {})})
    adopt(reg, YEAR, short_reason="专家3未分配该项目")
    start_publicity(reg, YEAR, date(2022, 12, 1))
    oid = record_objection(reg, a, date(2022, 12, 3), "匿名来信", "立项时间不符")
    resolve_objection(reg, oid, True, "异议成立", date(2022, 12, 5))
    tab, asked = _rank_tab_asking(reg, tmp_path, qtbot, monkeypatch)
    assert tab.adopt()  # nothing asked: 丙 was decided, and stays not awarded
    assert asked == []
    assert reg.project(b).status == "proposed" and reg.project(c).status == "not_awarded"
