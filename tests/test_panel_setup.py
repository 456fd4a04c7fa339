"""Panel set-up: the grid and parameters per campaign, experts, conflicts, assignments,
and the clerk's qualification decision."""

from __future__ import annotations

from dataclasses import replace

import pytest

from boostdesk.models import Register
from boostdesk.models.records import PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import (
    Expert,
    assign,
    assignments,
    auto_assign,
    automatic_conflict,
    declare_conflict,
    declared_conflicts,
    remove_expert,
    save_expert,
)
from boostdesk.panel.grid import (
    DEFAULT_GRID,
    Criterion,
    PanelSettings,
    criteria,
    ensure_grid,
    save_grid,
    save_settings,
    settings,
)
from boostdesk.panel.qualification import decide, qualification_row, qualification_rows
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)


def test_default_grid_scores_the_plans_priorities_plus_feasibility_and_budget():
    names = [c.name for c in DEFAULT_GRID]
    assert names[:5] == ["科技含量", "填补技术空白", "对企业转型升级、技术革新的推动作用",
                         "解决工艺技术难题", "职工技能培养功能"]
    assert names[5:] == ["实施可行性", "预算合理性"]
    assert sum(c.weight for c in DEFAULT_GRID) == 100
    assert DEFAULT_GRID[0].header == "科技含量（满分20）"


def test_grid_is_stored_per_campaign_and_checked(reg):
    reg.save_campaign(reg.campaign(YEAR).for_year(2023))
    with pytest.raises(PanelError, match="各项权重之和应为 100，现为 90"):
        save_grid(reg, 2023, [Criterion("创新性", 50, 50), Criterion("效益", 40, 40)])
    with pytest.raises(PanelError, match="“创新性”重复"):
        save_grid(reg, 2023, [Criterion("创新性", 50, 50), Criterion("创新性", 50, 50)])
    save_grid(reg, 2023, [Criterion("创新性", 10, 60), Criterion("效益", 10, 40)])
    assert [c.header for c in criteria(reg, 2023)] == ["创新性（满分10）", "效益（满分10）"]
    assert criteria(reg, YEAR) == DEFAULT_GRID  # the other campaign keeps the default
    assert reg.audit_trail("criteria", reg.campaign_id(2023))[-1]["action"] == "update"


def test_grid_cannot_change_once_scores_are_recorded(reg):
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {pid: 80})
    with pytest.raises(PanelError, match="已有专家评分，不能再修改评分细则"):
        save_grid(reg, YEAR, [Criterion("创新性", 50, 50), Criterion("效益", 50, 50)])
    # its 评分要点 alone may still be worded (no score and no package moves with them)
    worded = [replace(c, description=f"{c.name}的评分要点") for c in criteria(reg, YEAR)]
    save_grid(reg, YEAR, worded)
    assert [c.description for c in criteria(reg, YEAR)][:2] == ["科技含量的评分要点",
                                                                 "填补技术空白的评分要点"]
    assert reg.audit_trail("criteria", reg.campaign_id(YEAR))[-1]["action"] == "update"


def test_panel_parameters_are_stored_per_campaign(reg):
    assert settings(reg, YEAR) == PanelSettings()
    save_settings(reg, YEAR, PanelSettings(trim_min_scores=7, trim_each=2,
                                           disagreement_sd_x10=125, experts_per_project=3))
    s = settings(reg, YEAR)
    assert (s.trim_min_scores, s.trim_each, s.disagreement_sd, s.experts_per_project) == (
        7, 2, 12.5, 3)
    with pytest.raises(PanelError, match="应不少于 5"):
        save_settings(reg, YEAR, PanelSettings(trim_min_scores=4, trim_each=2))


def test_expert_from_the_enterprise_studio_or_recommending_union_is_in_conflict(reg):
    pid = make_project(reg, "项目", "李红兵劳模创新工作室", CITY,
                       enterprise="首钢特钢材料有限公司", unit="首钢集团工会")
    app = reg.project(pid)
    assert "项目所在单位" in automatic_conflict(Expert("甲", "首钢特钢材料有限公司"), app)
    assert "申报工作室" in automatic_conflict(Expert("乙", "李红兵劳模创新工作室"), app)
    assert "推荐单位" in automatic_conflict(Expert("丙", "首钢集团"), app)
    assert "推荐单位" in automatic_conflict(Expert("丁", "首钢集团工会"), app)
    assert automatic_conflict(Expert("戊", "清华大学"), app) is None


def test_conflicted_expert_is_never_assigned(reg):
    pid = make_project(reg, "首钢项目", "工作室", CITY, enterprise="首钢特钢材料有限公司")
    to_review(reg, pid)
    eid = save_expert(reg, YEAR, Expert("王工", "首钢特钢材料有限公司"))
    with pytest.raises(PanelError, match="专家“王工”不能评审项目“首钢项目”：专家来自项目所在单位"):
        assign(reg, eid, pid)
    free = add_experts(reg, 5)
    result = auto_assign(reg, YEAR)
    assert sorted(e for e, _ in result.added) == sorted(free)
    assert all(a.expert_id != eid for a in assignments(reg, YEAR))


def test_declared_conflict_withdraws_the_assignment_and_is_recorded(reg):
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    [eid] = add_experts(reg, 1)
    assign(reg, eid, pid)
    with pytest.raises(PanelError, match="请填写回避理由"):
        declare_conflict(reg, eid, pid, "")
    declare_conflict(reg, eid, pid, "曾为该项目提供咨询")
    assert assignments(reg, YEAR) == []
    assert declared_conflicts(reg, YEAR) == {(eid, pid): "曾为该项目提供咨询"}
    with pytest.raises(PanelError, match="专家申明回避：曾为该项目提供咨询"):
        assign(reg, eid, pid)


def test_auto_assign_balances_the_load_and_moves_qualified_projects_to_review(reg):
    ids = [make_project(reg, f"项目{k}", f"工作室{k}", CITY) for k in range(7)]
    for pid in ids:
        reg.set_status(PROJECT, pid, "qualified")
    experts = add_experts(reg, 6)
    result = auto_assign(reg, YEAR, per_project=3)
    assert len(result.added) == 21 and result.short == []
    loads = [sum(a.expert_id == e for a in assignments(reg, YEAR)) for e in experts]
    assert max(loads) - min(loads) <= 1
    assert {reg.project(pid).status for pid in ids} == {"review"}
    assert auto_assign(reg, YEAR, per_project=3).added == []  # already complete


def test_auto_assign_says_when_too_few_experts_are_free(reg):
    pid = make_project(reg, "项目", "工作室", CITY)
    reg.set_status(PROJECT, pid, "qualified")
    add_experts(reg, 2, keep_settings=True)
    result = auto_assign(reg, YEAR)
    [line] = result.short
    assert line.startswith("评审组只有 2 位专家，少于每个项目应有的 5 位：1 个项目只有 2 位；请增加评审专家")


def test_expert_with_submitted_scores_cannot_be_removed(reg):
    pid = make_project(reg, "项目", "工作室", CITY)
    to_review(reg, pid)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {pid: 80})
    with pytest.raises(PanelError, match="已提交 1 个项目的评分，不能删除"):
        remove_expert(reg, eid)


def test_qualification_follows_findings_and_needs_a_reason_to_depart(reg):
    ok = make_project(reg, "合规项目", "工作室甲", CITY)
    bad = make_project(reg, "超比例项目", "工作室乙", CITY, budget_fen=5 * WAN)
    rows = {r.project.id: r for r in qualification_rows(reg, YEAR)}
    assert rows[ok].verdict == "符合" and rows[bad].verdict == "不符合"
    with pytest.raises(PanelError, match="有不符合项.*如仍通过资格审核，请填写理由"):
        decide(reg, bad, passed=True)
    with pytest.raises(PanelError, match="不通过须填写理由"):
        decide(reg, ok, passed=False)
    decide(reg, ok, passed=True)
    decide(reg, bad, passed=False)
    assert reg.project(ok).status == "qualified"
    assert reg.project(bad).status == "refused"
    assert "50%" in reg.project(bad).status_reason  # the finding becomes the reason
    decide(reg, bad, passed=True, reason="企业补充了追加投入的证明")
    assert reg.project(bad).status == "qualified"
    event = reg.audit_trail("project_applications", bad)[-1]
    assert event["action"] == "qualify"
    assert event["after"] == {"decision": "通过", "reason": "企业补充了追加投入的证明",
                              "departs_from_findings": True}
    assert any(f["code"] == "BOOST_OVER_BUDGET_SHARE" for f in event["before"]["findings"])


def test_ensure_grid_stores_the_default_once(reg):
    first = ensure_grid(reg, YEAR)
    assert all(c.id for c in first)
    assert ensure_grid(reg, YEAR) == first


def test_stored_findings_are_read_once_rechecked_and_found_again_after_a_write(tmp_path):
    # with nothing written since the last re-check the rows carry the stored findings
    # (equal to the rules' run now); a write not yet re-checked makes them run again
    from boostdesk.demo import fill_demo
    from boostdesk.models import Register
    from boostdesk.rules import recheck
    from boostdesk.rules.check import check_projects

    reg = Register.open(tmp_path / "demo.db", operator="测试员")
    try:
        fill_demo(reg)
        recheck(reg)
        assert not reg.changes
        live = {v.app_id: tuple(v.findings)
                for v in check_projects(reg, reg.campaign(YEAR), reg.projects(YEAR))}
        rows = qualification_rows(reg, YEAR)
        assert {r.project.id: r.findings for r in rows} == live
        assert any(live.values())
        reg.conn.execute("UPDATE project_applications SET findings = '[]'")  # stale on purpose
        assert not any(r.findings for r in qualification_rows(reg, YEAR))  # read, not found
        bad = make_project(reg, "超比例项目", "工作室乙", CITY, budget_fen=5 * WAN)
        rows = {r.project.id: r for r in qualification_rows(reg, YEAR)}
        assert rows[bad].verdict == "不符合"
        assert {pid: r.findings for pid, r in rows.items() if pid != bad} == live
    finally:
        reg.close()


def test_one_projects_findings_are_those_of_the_whole_campaign(tmp_path):
    # qualification_row checks a project beside its studio's other applications only: the
    # same findings as the campaign's check (the demo has studios over their quota, claims
    # of one title twice and unfinished earlier awards)
    from boostdesk.demo import fill_demo
    from boostdesk.models import Register
    from boostdesk.panel.qualification import qualification_row

    reg = Register.open(tmp_path / "demo.db", operator="测试员")
    try:
        fill_demo(reg)
        whole = {r.project.id: r.findings for r in qualification_rows(reg, YEAR)}
        assert any(len(f) for f in whole.values())
        assert {pid: qualification_row(reg, pid).findings for pid in whole} == whole
        with pytest.raises(PanelError, match="没有编号为 999999"):
            qualification_row(reg, 999999)
    finally:
        reg.close()


def test_an_expert_whose_name_differs_only_by_a_space_is_the_same_expert(reg):
    from boostdesk.panel.experts import expert_by_name, experts

    li = save_expert(reg, YEAR, Expert("李明", "北京工业大学"))
    with pytest.raises(PanelError, match="已有专家“李明”，“李 明”与之只差空格"):
        save_expert(reg, YEAR, Expert("李 明", "北京大学"))
    with pytest.raises(PanelError, match="已有专家“李明”"):
        save_expert(reg, YEAR, Expert("李明 ", "北京大学"))
    assert [e.name for e in experts(reg, YEAR)] == ["李明"]
    assert expert_by_name(reg, YEAR, "李 明").id == li
    other = save_expert(reg, YEAR, Expert("王 芳", "清华大学"))  # stored as the comparison reads it
    assert [e.name for e in experts(reg, YEAR)] == ["李明", "王芳"]
    with pytest.raises(PanelError, match="已有专家“李明”"):
        save_expert(reg, YEAR, Expert("李 明", "清华大学", id=other))  # nor by renaming


def test_a_register_holding_both_spellings_finds_the_one_typed(reg):
    """Kept before names were compared alike: the lookup takes the exact spelling, never
    the first of the two."""
    from boostdesk.panel.experts import expert_by_name

    cid = reg.campaign_id(YEAR)
    for name in ("李明", "李 明"):
        reg.conn.execute("INSERT INTO experts (campaign_id, name) VALUES (?, ?)", (cid, name))
    assert expert_by_name(reg, YEAR, "李 明").name == "李 明"
    assert expert_by_name(reg, YEAR, "李明").name == "李明"
    with pytest.raises(PanelError, match="多位专家的姓名与“李  明”只差空格"):
        expert_by_name(reg, YEAR, "李  明")


def test_a_conflict_declared_after_the_expert_submitted_withdraws_the_score(reg, capsys):
    """The expert scored a project, then told the office they had consulted for it: the
    score must leave the ranking. `panel conflict` said 请先撤回评分 and named no way to."""
    from boostdesk.cli import main
    from boostdesk.panel.scoring import panel_scores
    from boostdesk.safety.backup import list_backups
    from tests.test_panel_support import score_all

    pid = make_project(reg, "有回避的项目", "工作室", CITY)
    to_review(reg, pid)
    experts = add_experts(reg, 3)
    for eid, total in zip(experts, (95, 70, 72), strict=True):
        score_all(reg, eid, {pid: total})
    db = reg.path
    backups = len(list_backups(db))
    reg.close()
    assert main(["panel", "conflict", "--expert", "专家1", "--project", "有回避的项目",
                 "--reason", "曾为该项目提供咨询", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "已登记专家“专家1”回避项目“有回避的项目”：曾为该项目提供咨询" in out
    assert "其已提交的该项目评分已撤回，不再计入排名" in out
    again = Register.open(db, "测试")
    try:
        assert panel_scores(again, YEAR)[pid].totals == (70, 72)
        assert declared_conflicts(again, YEAR) == {(experts[0], pid): "曾为该项目提供咨询"}
        [gone] = again.query("SELECT before, after FROM audit_events WHERE action = 'delete'"
                             " AND entity = 'assignments'")
        assert "score_x10" in gone["before"] and "其已提交的评分撤回" in gone["after"]
    finally:
        again.close()
    assert len(list_backups(db)) == backups + 1


def test_an_organisation_that_conflicts_with_a_scored_project_says_how_to_proceed(reg):
    """The expert's organisation, corrected after they scored, is the project's enterprise:
    the refusal said 请先撤回该项评分, which nothing in the window does."""
    from tests.test_panel_support import score_all

    pid = make_project(reg, "首钢项目", "工作室", CITY, enterprise="首钢特钢材料有限公司")
    to_review(reg, pid)
    [eid] = add_experts(reg, 1)
    score_all(reg, eid, {pid: 80})
    corrected = Expert("专家1", "首钢特钢材料有限公司", "机械", "", eid)
    with pytest.raises(PanelError, match="请先在“分配专家”中为该项目登记回避（其评分一并撤回），再修改专家单位"):
        save_expert(reg, YEAR, corrected)
    declare_conflict(reg, eid, pid, "专家单位即项目所在单位")
    save_expert(reg, YEAR, corrected)
    assert assignments(reg, YEAR) == []


def test_trimming_parameters_refused_say_each_problem_once():
    from boostdesk.panel.grid import PanelSettings, check_settings

    assert check_settings(PanelSettings(trim_min_scores=2, trim_each=1)) == [
        "去掉最高、最低各 1 个分数后至少要留下一个：启用去极值平均的人数应不少于 3"]
    assert check_settings(PanelSettings(trim_min_scores=2, trim_each=0)) == [
        "启用去极值平均的人数应不少于 3"]


def test_passing_a_project_whose_materials_are_not_in_needs_a_reason(reg):
    """二（四）1 asks for the 申报书 and the unions' stamps before 二（四）2's review: a pass
    while the register says they are missing (待补材料) is the clerk's decision, with why."""
    from dataclasses import replace as changed

    from boostdesk.models.records import PROJECT_MATERIALS

    pid = make_project(reg, "缺材料项目", "工作室丙", CITY)
    app = reg.project(pid)
    reg.save_project(changed(app, materials={**{k: True for k in PROJECT_MATERIALS},
                                              "form": False}))
    row = qualification_row(reg, pid)
    assert row.verdict == "待补材料" and not row.blocking
    with pytest.raises(PanelError, match="待补材料.*缺申报书.*如仍通过资格审核，请填写理由"):
        decide(reg, pid, passed=True)
    assert reg.project(pid).status == "registered"
    decide(reg, pid, passed=True, reason="申报书已补交，原件待核")
    assert reg.project(pid).status == "qualified"
    event = reg.audit_trail("project_applications", pid)[-1]
    assert event["after"] == {"decision": "通过", "reason": "申报书已补交，原件待核",
                              "departs_from_findings": True}


def test_refusing_a_project_whose_materials_are_not_in_takes_them_as_the_reason(reg):
    from dataclasses import replace as changed

    pid = make_project(reg, "缺材料项目", "工作室丙", CITY)
    reg.save_project(changed(reg.project(pid), materials={}))
    decide(reg, pid, passed=False)
    assert reg.project(pid).status == "refused"
    assert reg.project(pid).status_reason.startswith("材料未齐：缺申报书")


def test_panel_grid_set_takes_each_criterion_s_wording(reg, capsys):
    from boostdesk.cli import main

    reg.close()
    capsys.readouterr()
    assert main(["panel", "grid", "--db", str(reg.path), "--set",
                 "创新程度:60:60:技术方案新颖，有自主知识产权", "推广价值:40:40"]) == 0
    out = capsys.readouterr().out
    assert "创新程度（满分60）\t权重 60\t评分要点：技术方案新颖，有自主知识产权" in out
    again = Register.open(reg.path)
    assert [c.description for c in criteria(again, YEAR)] == ["技术方案新颖，有自主知识产权", ""]
    again.close()
