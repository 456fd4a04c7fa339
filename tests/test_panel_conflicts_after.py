"""A conflict of interest that comes to light after the expert's scores are in.

Assigning refuses an expert of the project's union, enterprise, studio or leader, but the
register can be corrected afterwards (a union merged, a studio renamed, the expert's own
record), and an expert may declare a conflict late. The conflicted score must then stop
counting (二（四）2), and the office be told which score, whose, and what to do.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from PySide6.QtCore import Qt
from test_ui_support import shown_screen, year_context

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import assign, declare_conflict, expert, save_expert, unassign
from boostdesk.panel.grid import ensure_grid
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
)
from boostdesk.panel.ranking import rank
from boostdesk.panel.scoring import expert_sheet, save_scores
from boostdesk.panel.tier_overrides import set_override
from boostdesk.ui.panel_models import CONFLICT
from tests.test_panel_screen import cell, click
from tests.test_panel_support import (
    DISTRICT,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    scores_for_total,
    to_review,
    two_for_one_place,
)


@pytest.fixture
def screen(reg, tmp_path, qtbot):

    from boostdesk.ui.panel_screen import PanelScreen

    return shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)


def _one_place(reg: Register) -> tuple[int, int, list[int]]:
    """One 3万元 place; 甲 (union 海淀区总工会) and 乙 (朝阳区总工会), three experts.
    专家1 (清华大学) scores 甲 100, the others 70; everyone scores 乙 75: with 专家1's
    score 甲 wins the place (80 vs 75); without it, 乙 does (75 vs 70)."""
    a, b, experts = two_for_one_place(reg, 3, {"unit": "海淀区总工会"}, {"unit": "朝阳区总工会"})
    score_all(reg, experts[0], {a: 100, b: 75})
    score_all(reg, experts[1], {a: 70, b: 75})
    score_all(reg, experts[2], {a: 70, b: 75})
    assert rank(reg, YEAR).row(a).amount_fen == 3 * WAN
    return a, b, experts


def test_union_merged_into_the_experts_own_drops_the_score_from_the_ranking(reg):
    a, b, _experts = _one_place(reg)
    # 海淀区总工会 was typed for 清华大学工会 (the expert's own union, known from another
    # paper): merged
    make_project(reg, "另一项目", "工作室丙", DISTRICT, unit="清华大学工会")
    reg.rename_unit("海淀区总工会", "清华大学工会")
    assert reg.project(a).unit_name == "清华大学工会"
    ranking = rank(reg, YEAR)
    row = ranking.row(a)
    assert row.panel is not None and row.panel.n == 2  # 专家1's 100 no longer counts
    assert ranking.row(b).amount_fen == 3 * WAN and row.amount_fen is None
    assert "专家1（专家来自推荐单位“清华大学工会”）" in row.full_reason
    assert "存在利益冲突，其评分不计入排名" in row.full_reason


def test_adopting_is_refused_naming_the_conflicted_score_and_what_to_do(reg):
    a, _b, experts = _one_place(reg)
    reg.save_project(replace(reg.project(a), enterprise_name="清华大学"))
    with pytest.raises(PanelError) as refused:
        adopt(reg, YEAR)
    text = str(refused.value)
    assert "“区级甲项目”" in text and "专家1（专家来自项目所在单位“清华大学”）" in text
    assert "取消" in text and "另派专家" in text and "人工调整档次" in text
    assert "boostdesk" not in text  # read in the window: its way, not a command
    # the office withdraws the assignment (the score goes to the audit trail) and adopts
    unassign(reg, experts[0], a)
    [line] = reg.query("SELECT after FROM audit_events WHERE entity = 'assignments'"
                       " AND action = 'delete'")
    assert "利益冲突：专家来自项目所在单位“清华大学”，其已提交的评分撤回" in line["after"]
    adopt(reg, YEAR, short_reason="专家1回避，按其余两位专家评分确定")
    assert reg.project(a).status == "not_awarded"


def test_studio_leader_corrected_to_the_experts_name_drops_the_score(reg):
    a, b, experts = _one_place(reg)
    reg.save_project(replace(reg.project(a), leader=expert(reg, experts[0]).name))
    assert rank(reg, YEAR).row(b).amount_fen == 3 * WAN


def test_a_score_typed_for_a_now_conflicted_row_does_not_count(reg):
    """The expert typed 0 everywhere on a row they should have left blank (conflicted):
    the 0 drags the project down unless the conflict keeps it out."""
    a, b, experts = two_for_one_place(reg, 3, {"enterprise": "同方科技公司"})
    score_all(reg, experts[0], {a: 0, b: 75})
    score_all(reg, experts[1], {a: 90, b: 75})
    score_all(reg, experts[2], {a: 90, b: 75})
    assert rank(reg, YEAR).row(b).amount_fen == 3 * WAN  # 甲 60 after the 0
    reg.save_project(replace(reg.project(a), enterprise_name="清华大学"))  # corrected
    assert rank(reg, YEAR).row(a).amount_fen == 3 * WAN


def test_conflict_declared_after_adoption_is_recorded_and_withholds_publicity(reg):
    a, b, experts = _one_place(reg)
    adopt(reg, YEAR)
    assert reg.project(a).status == "proposed"
    declare_conflict(reg, experts[0], a, "曾参与该项目咨询")
    with pytest.raises(PanelError) as refused:
        start_publicity(reg, YEAR, date(2022, 12, 20))
    assert "专家“专家1”对“区级甲项目”" in str(refused.value)
    assert reg.project(a).status == "proposed"


def test_conflict_declared_during_publicity_is_recorded_and_flagged(reg):
    a, _b, experts = _one_place(reg)
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    declare_conflict(reg, experts[0], a, "曾参与该项目咨询")
    row = rank(reg, YEAR).row(a)
    assert "专家“专家1”对“区级甲项目”" in row.full_reason
    assert "曾参与该项目咨询" in row.full_reason
    events = reg.query("SELECT action, after FROM audit_events WHERE action = 'declare_conflict'")
    assert events and "曾参与该项目咨询" in events[-1]["after"]


def test_rank_command_names_the_conflicted_score(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator="测试员")
    try:
        a, _b, _experts = _one_place(reg)
        reg.rename_unit("海淀区总工会", "清华大学工会")
    finally:
        reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "专家1（专家来自推荐单位“清华大学工会”）：存在利益冲突，其评分不计入排名" in out
    assert "存在利益冲突的评分 1 个" in out and f"boostdesk --db {db} panel unassign" in out, out
    assert main(["rank", "--json", "--db", str(db)]) == 0
    [row] = [r for r in json.loads(capsys.readouterr().out) if r["ref"] == "区级甲项目"]
    assert row["conflicted_experts"] == ["专家1（专家来自推荐单位“清华大学工会”）"]
    assert row["experts"] == 2 and row["assigned"] == 3
    assert main(["panel", "status", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "专家1（清华大学）：分配 2 项，已提交 2 项，其中 1 项存在利益冲突，评分不计入排名" in out
    assert "专家“专家1”对“区级甲项目”已提交的评分（专家来自推荐单位“清华大学工会”）" in out


def _conflicted_draft(reg: Register) -> tuple[int, int, int]:
    """专家1 assigned 甲 and 乙, nothing submitted; then 甲's enterprise is corrected to
    专家1's own (清华大学). (expert, 甲, 乙)"""
    a = make_project(reg, "区级甲项目", "工作室甲", DISTRICT)
    b = make_project(reg, "区级乙项目", "工作室乙", DISTRICT)
    to_review(reg, a, b)
    [e] = add_experts(reg, 1)
    assign(reg, e, a)
    assign(reg, e, b)
    reg.save_project(replace(reg.project(a), enterprise_name="清华大学"))
    return e, a, b


def test_expert_submits_on_screen_leaving_the_conflicted_row_blank(reg):
    e, a, b = _conflicted_draft(reg)
    assert [r.project_id for r in expert_sheet(reg, e)] == [b]
    grid = ensure_grid(reg, YEAR)
    save_scores(reg, e, {b: (scores_for_total(grid, 800), "")}, submit=True)
    assert rank(reg, YEAR).row(b).score == 80


def test_a_score_typed_on_the_conflicted_row_is_refused_naming_it(reg):
    e, a, b = _conflicted_draft(reg)
    grid = ensure_grid(reg, YEAR)
    with pytest.raises(PanelError, match="不能评审项目“区级甲项目”（专家来自项目所在单位“清华大学”）"):
        save_scores(reg, e, {a: (scores_for_total(grid, 0), ""),
                             b: (scores_for_total(grid, 800), "")}, submit=True)


def test_package_exported_after_the_conflict_leaves_the_project_out(reg, tmp_path):
    e, a, b = _conflicted_draft(reg)
    [path] = export_packages(reg, YEAR, tmp_path)
    titles = [r[1] for r in openpyxl.load_workbook(path)["评分表"].iter_rows(values_only=True)]
    assert "区级乙项目" in titles and "区级甲项目" not in titles


def test_publicity_close_waits_for_the_offices_decision_on_a_conflicted_award(reg):
    a, b, experts = _one_place(reg)
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    declare_conflict(reg, experts[0], a, "专家系该项目技术顾问")
    with pytest.raises(PanelError) as refused:
        close_publicity(reg, YEAR, date(2022, 12, 28))
    assert "专家“专家1”对“区级甲项目”已提交的评分（专家申明回避：专家系该项目技术顾问）" in str(
        refused.value)
    assert reg.project(a).status == "publicized"
    # the decision: an objection, upheld with its reason (audited); the close then goes on
    oid = record_objection(reg, a, date(2022, 12, 22), "市总工会", "评审专家存在利益冲突")
    result = close_publicity(reg, YEAR, date(2022, 12, 28))
    assert result.pending == ["区级甲项目"] and reg.project(a).status == "publicized"
    resolve_objection(reg, oid, True, "去掉该专家评分后未进入3万元档", date(2022, 12, 29))
    assert reg.project(a).status == "not_awarded"


def test_the_panel_screen_shows_the_conflicted_score_and_takes_it_off(
        screen, reg, qtbot, monkeypatch):
    from boostdesk.ui import dialogs

    a, _b, experts = _one_place(reg)
    reg.rename_unit("海淀区总工会", "清华大学工会")
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    assert "存在利益冲突、不计入排名的评分 1 个：专家“专家1”对“区级甲项目”已提交的评分" in tab.waiting.text()
    assert "取消该专家对该项目的分配" in tab.waiting.text()
    # the window's way to it, not `boostdesk panel unassign` (which `rank` still prints)
    assert "选中该项目在该专家一列标“冲突”的单元格，按空格键" in tab.waiting.text()
    assert "boostdesk" not in tab.waiting.text()
    tab = screen.show_tab("分配专家")
    screen.refresh()
    row = next(r for r in range(tab.model.rowCount()) if cell(tab.table, r, 0) == "区级甲项目")
    assert cell(tab.table, row, 2) == "冲突"
    assert "专家来自推荐单位“清华大学工会”" in cell(tab.table, row, 2, Qt.ItemDataRole.ToolTipRole)
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no",
                        lambda _p, _t, text, **_kw: asked.append(text) or True)
    click(qtbot, tab.table, row, 2)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert "存在利益冲突（专家来自推荐单位“清华大学工会”）" in asked[0]
    assert tab.error.text() == "" and cell(tab.table, row, 2) == CONFLICT
    assert rank(reg, YEAR).conflicts == []


def test_the_scoring_tab_says_which_row_a_conflict_left_off(screen, reg):
    e, _a, _b = _conflicted_draft(reg)
    tab = screen.show_tab("评分录入")
    screen.refresh()
    tab.select_expert("专家1")
    assert [r.title for r in tab.rows] == ["区级乙项目"]
    assert "另有 1 个项目存在利益冲突，不在此评分：“区级甲项目”（专家来自项目所在单位“清华大学”）" in (
        tab.barred.text())


def test_unassign_command_says_the_score_went_and_why(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator="测试员")
    try:
        _one_place(reg)
        reg.rename_unit("海淀区总工会", "清华大学工会")
    finally:
        reg.close()
    assert main(["panel", "unassign", "--expert", "专家1", "--project", "区级甲项目",
                 "--db", str(db)]) == 0
    assert "其已提交的该项目评分已撤回，不再计入排名" in capsys.readouterr().out
    assert main(["audit", "--ref", "区级甲项目", "--db", str(db)]) == 0
    assert "利益冲突：专家来自推荐单位“清华大学工会”" in capsys.readouterr().out


def test_experts_own_record_corrected_after_adoption_once_the_conflict_is_declared(reg):
    a, _b, experts = _one_place(reg)
    adopt(reg, YEAR)
    reg.save_project(replace(reg.project(a), enterprise_name="北京某研究所"))  # unpaid: allowed
    e = expert(reg, experts[1])
    moved = replace(e, organisation="北京某研究所")
    with pytest.raises(PanelError, match="请先在“分配专家”中为该项目登记回避（其评分一并撤回），再修改专家单位"):
        save_expert(reg, YEAR, moved)
    declare_conflict(reg, experts[1], a, "专家调入该项目所在单位")
    save_expert(reg, YEAR, moved)  # no longer refused: the conflict is on record
    assert expert(reg, experts[1]).organisation == "北京某研究所"
    assert [(k.expert, k.title) for k in rank(reg, YEAR).conflicts] == [("专家2", "区级甲项目")]


def test_a_tier_decided_by_hand_over_a_conflicted_score_goes_to_publicity(reg):
    a, b, _experts = _one_place(reg)
    reg.rename_unit("海淀区总工会", "清华大学工会")
    set_override(reg, a, None, "专家1与推荐单位同属清华大学，其评分不计；经研究不予助推")
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    assert reg.project(b).status == "publicized" and reg.project(a).status == "not_awarded"


def test_approval_sheet_of_an_award_a_conflict_came_to_light_on_says_so(tmp_path, capsys):
    db = tmp_path / "r.db"
    reg = Register.open(db, operator="测试员")
    try:
        a, _b, _experts = _one_place(reg)
        adopt(reg, YEAR)
        start_publicity(reg, YEAR, date(2022, 12, 20))
        close_publicity(reg, YEAR, date(2022, 12, 28))
        assert reg.project(a).status == "approved"
        reg.rename_unit("海淀区总工会", "清华大学工会")  # found after the approval
    finally:
        reg.close()
    capsys.readouterr()
    assert main(["print", "approval", "--db", str(db), "--out", str(tmp_path / "a.pdf"),
                 "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert "注意：审批表中项目“区级甲项目”的助推所依据的评分中，专家“专家1”对“区级甲项目”已提交的评分" in out


def test_the_print_screen_names_an_award_a_conflict_came_to_light_on(reg, tmp_path, qtbot):

    from boostdesk.printing.jobs import APPROVAL
    from boostdesk.ui.print_screen import PrintScreen

    a, _b, experts = _one_place(reg)
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 28))
    declare_conflict(reg, experts[0], a, "专家系该项目技术顾问")  # after the approval
    w = PrintScreen(year_context(reg, tmp_path, YEAR))
    qtbot.addWidget(w)
    w.show()
    w.document.setCurrentIndex(w.document.findData(APPROVAL))
    qtbot.mouseClick(w.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: w.page_count > 0 or bool(w.error.text()), timeout=20_000)
    qtbot.waitUntil(lambda: bool(w.error.text()), timeout=5_000)
    assert "审批表中项目“区级甲项目”的助推所依据的评分中，专家“专家1”对“区级甲项目”已提交的评分" in (
        w.error.text())
    assert w.page_count == 1


def test_the_ranking_stops_flagging_a_conflict_the_office_has_decided(reg):
    a, _b, experts = _one_place(reg)
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    declare_conflict(reg, experts[0], a, "专家系该项目技术顾问")
    assert "注意：专家“专家1”" in rank(reg, YEAR).row(a).full_reason
    oid = record_objection(reg, a, date(2022, 12, 22), "市总工会", "评审专家存在利益冲突")
    resolve_objection(reg, oid, False, "经核查专家仅在立项前提供过一次公开咨询，评审组研究认为不影响公正", date(2022, 12, 23))
    assert "注意：专家“专家1”" not in rank(reg, YEAR).row(a).full_reason
