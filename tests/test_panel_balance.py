"""自动均衡分配 as the office meets it: conflicts found after the assignment (a union merged,
an enterprise corrected), experts added or removed mid-way, a panel too small for the year's
number of experts per project. Every qualified project ends with that many experts free of
conflict, or is named as short with why; no expert gets a project they are in conflict with;
the load is even.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from boostdesk.models.records import PROJECT
from boostdesk.panel.balance import shortfall_lines
from boostdesk.panel.experts import (
    assignment_conflicts,
    assignments,
    auto_assign,
    conflict,
    expert,
    experts,
)
from boostdesk.panel.ranking import rank
from tests.test_panel_support import DISTRICT, YEAR, add_experts, make_project, score_all


@pytest.fixture
def screen(reg, tmp_path, qtbot):
    from PySide6.QtCore import QSettings

    from boostdesk.ui.context import AppContext
    from boostdesk.ui.panel_screen import PanelScreen

    ctx = AppContext(reg, YEAR, settings=QSettings(str(tmp_path / "settings.ini"),
                                                   QSettings.Format.IniFormat))
    ctx.set_operator("刘建国")
    w = PanelScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1300, 700)
    w.show()
    return w


def _qualified(reg, n: int, **kw) -> list[int]:
    ids = [make_project(reg, f"项目{k}", f"工作室{k}", DISTRICT, unit=f"第{k}区总工会", **kw)
           for k in range(n)]
    for pid in ids:
        reg.set_status(PROJECT, pid, "qualified")
    return ids


def _panel_of(reg, pid: int) -> list[str]:
    """The experts of a project whose score would count (free of conflict), by name."""
    conflicted = assignment_conflicts(reg, YEAR)
    return sorted(expert(reg, a.expert_id).name for a in assignments(reg, YEAR)
                  if a.project_id == pid and a.id not in conflicted)


def _no_expert_in_conflict(reg) -> None:
    panel = {e.id: e for e in experts(reg, YEAR)}
    for a in assignments(reg, YEAR):
        assert conflict(reg, panel[a.expert_id], reg.project(a.project_id)) is None


def test_a_union_merged_into_an_experts_own_gets_the_project_another_expert(reg):
    """专家1 (清华大学) was given 项目0; its union was then found to be 清华大学工会 (merged).
    自动均衡分配 counted 专家1 as one of its three until the office took him off by hand."""
    ids = _qualified(reg, 2)
    add_experts(reg, 4)
    auto_assign(reg, YEAR, per_project=3)
    assert "专家1" in _panel_of(reg, ids[0])
    make_project(reg, "另一项目", "工作室丙", DISTRICT, unit="清华大学工会")
    reg.rename_unit("第0区总工会", "清华大学工会")
    result = auto_assign(reg, YEAR, per_project=3)
    assert len(_panel_of(reg, ids[0])) == 3 and result.short == []
    _no_expert_in_conflict(reg)  # the conflicted place, never scored, was taken off
    assert any("专家“专家1”对“项目0”" in n and "专家来自推荐单位“清华大学工会”" in n
               for n in result.notes)
    [line] = reg.query("SELECT after FROM audit_events WHERE entity = 'assignments'"
                       " AND action = 'delete'")
    assert "利益冲突：专家来自推荐单位“清华大学工会”" in line["after"]


def test_a_conflicted_score_is_kept_for_the_office_and_another_expert_assigned(reg):
    """专家1 had already submitted when the enterprise was corrected to his own: his score
    no longer counts, so the project needs another expert; the score itself is the office's
    to withdraw (取消分配, backed up), not auto assignment's."""
    ids = _qualified(reg, 1)
    panel = add_experts(reg, 3)
    auto_assign(reg, YEAR, per_project=2)
    score_all(reg, panel[0], {ids[0]: 80}, assign_first=False)
    reg.save_project(replace(reg.project(ids[0]), enterprise_name="清华大学"))
    result = auto_assign(reg, YEAR, per_project=2)
    assert _panel_of(reg, ids[0]) == ["专家2", "专家3"] and result.short == []
    assert [k.expert for k in assignment_conflicts(reg, YEAR).values()] == ["专家1"]
    [note] = result.notes
    assert "专家“专家1”对“项目0”已提交的评分" in note and "取消该分配" in note
    assert "另有 1 位专家" not in note
    assert rank(reg, YEAR).conflicts  # still named for the office's decision


def test_experts_barred_from_the_later_projects_take_more_of_the_earlier_ones(reg):
    """12 projects, 3 experts each; the last six are 清华大学's and 中国科学院's own, so 专家1
    and 专家2 may score only the first six. Dealt in register order, they got 3 projects
    each and the other four 7 or 8: 6 each was possible."""
    first = _qualified(reg, 6)
    later = [make_project(reg, f"后项目{k}", f"后工作室{k}", DISTRICT, unit="清华大学工会",
                          enterprise="中国科学院") for k in range(6)]
    for pid in later:
        reg.set_status(PROJECT, pid, "qualified")
    panel = add_experts(reg, 6)
    result = auto_assign(reg, YEAR, per_project=3)
    assert len(result.added) == 36 and result.short == []
    loads = [sum(a.expert_id == e for a in assignments(reg, YEAR)) for e in panel]
    assert loads == [6] * 6
    _no_expert_in_conflict(reg)
    assert all(len(_panel_of(reg, pid)) == 3 for pid in first + later)


def test_a_project_short_of_experts_says_which_conflict_keeps_them_off(reg):
    """Two experts of the four are from the project's enterprise and union: it cannot have
    three; the office is told who and why, not only a number."""
    [pid] = _qualified(reg, 1, enterprise="清华大学")
    reg.rename_unit("第0区总工会", "中国科学院工会")
    add_experts(reg, 4)
    result = auto_assign(reg, YEAR, per_project=3)
    assert result.short == [
        "项目“项目0”有 2 位无利益冲突的专家（应为 3 位）：评审组共 4 位专家，其中 "
        "专家1（专家来自项目所在单位“清华大学”）、专家2（专家来自推荐单位“中国科学院工会”） "
        "存在利益冲突；请增加评审专家后再自动均衡分配"]
    assert len(_panel_of(reg, pid)) == 2


def test_a_panel_smaller_than_the_number_asked_is_said_once(reg):
    _qualified(reg, 40)
    add_experts(reg, 3, keep_settings=True)
    result = auto_assign(reg, YEAR)
    # the window says where the setting is; the command line (panel assign), its option
    assert result.short == [
        "评审组只有 3 位专家，少于每个项目应有的 5 位：40 个项目各只有 3 位；请增加评审专家，"
        "或在“评审组与评分细则”的“评审参数”中调整“自动分配时每个项目的专家人数”"]
    assert shortfall_lines(result.shortfalls, command=True) == [
        "评审组只有 3 位专家，少于每个项目应有的 5 位：40 个项目各只有 3 位；请增加评审专家，"
        "或调整自动分配时每个项目的专家人数（boostdesk panel settings --per-project N）"]


def test_the_demo_after_an_enterprise_correction_from_the_command_line(tmp_path, capsys):
    """The demo's 机电管线 project turns out to be 北京化工大学's own (何文静's, assigned,
    not yet scored): `panel assign --auto` takes her off, says so, and gives the project
    陈志远, the one expert left free of conflict."""
    import json

    from boostdesk.cli import main

    db = str(tmp_path / "demo.db")
    assert main(["demo", "--db", db]) == 0
    assert main(["correct", "enterprise", "北京建安机电安装工程有限公司", "北京化工大学",
                 "--reason", "核对营业执照", "--db", db]) == 0
    capsys.readouterr()
    assert main(["panel", "assign", "--auto", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "已新增 21 项分配" in out  # 陈志远 here, and five each to the demo's 4 just qualified
    assert ("已取消专家“何文静”对“机电管线综合排布BIM深化设计应用”的分配（评分未提交）："
            "存在利益冲突（专家来自项目所在单位“北京化工大学”）") in out
    assert main(["panel", "status", "--json", "--db", db]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["conflicts"] == []
    from boostdesk.models import Register

    with Register.open(db) as reg:
        on = {r[0] for r in reg.conn.execute(
            "SELECT e.name FROM assignments a JOIN experts e ON e.id = a.expert_id"
            " JOIN project_applications p ON p.id = a.project_id"
            " WHERE p.title = '机电管线综合排布BIM深化设计应用'")}
    assert "陈志远" in on and "何文静" not in on and len(on) == 5


def test_the_matrix_counts_only_experts_free_of_conflict_and_auto_fills_from_the_keyboard(
        screen, reg, qtbot):
    """分配专家's 人数 said 3 for a project whose 专家1 a union merge had put in conflict:
    nothing told the office it lacked an expert."""
    from PySide6.QtCore import Qt

    from boostdesk.panel.grid import PanelSettings, save_settings
    from tests.test_panel_screen import cell

    save_settings(reg, YEAR, PanelSettings(experts_per_project=3))
    ids = _qualified(reg, 2)
    add_experts(reg, 4)
    auto_assign(reg, YEAR)
    make_project(reg, "另一项目", "工作室丙", DISTRICT, unit="清华大学工会")
    reg.rename_unit("第0区总工会", "清华大学工会")
    tab = screen.show_tab("分配专家")
    screen.refresh()
    row = tab.model.row_of(ids[0])
    assert cell(tab.table, row, 1) == "2/3" and cell(tab.table, row, 2) == "冲突"
    tip = cell(tab.table, row, 1, Qt.ItemDataRole.ToolTipRole)
    assert "专家1（专家来自推荐单位“清华大学工会”）" in tip and "尚有 1 位专家可分配" in tip
    tab.auto_button.setFocus()
    qtbot.keyClick(tab.auto_button, Qt.Key.Key_Space)
    assert cell(tab.table, row, 1) == "3" and cell(tab.table, row, 2) == "回避"
    assert tab.error.text().startswith("已取消专家“专家1”对“项目0”的分配（评分未提交）")


def test_many_short_projects_leave_the_matrix_on_the_screen(screen, reg, qtbot):
    """A line per short project (one per project of a campaign's 80) took the tab's whole
    height from the matrix."""
    from PySide6.QtCore import Qt

    for k in range(8):
        pid = make_project(reg, f"清华项目{k}", f"清华工作室{k}", DISTRICT, unit="清华大学工会")
        reg.set_status(PROJECT, pid, "qualified")
    add_experts(reg, 2)
    tab = screen.show_tab("分配专家")
    screen.refresh()
    tab.auto_button.setFocus()
    qtbot.keyClick(tab.auto_button, Qt.Key.Key_Space)
    lines = tab.shortfall.text().splitlines()  # the standing line (auto's notes: none)
    assert tab.error.text() == ""
    assert len(lines) == 7 and lines[-1].startswith("……另有 2 项未列出")
    assert "“人数”一栏标出专家不足的项目" in lines[-1] and "boostdesk" not in lines[-1]  # not `panel status`
    assert "专家1（专家来自推荐单位“清华大学工会”）" in lines[0]
    assert tab.table.height() > 300


def test_an_expert_removed_mid_way_leaves_projects_named_as_short(tmp_path, capsys):
    """An expert with no score submitted (林海, added to the demo for its four projects
    just qualified) leaves the panel: his projects have four experts of five, and
    `panel status` said nothing of it (only projects with none)."""
    import json

    from boostdesk.cli import main

    db = str(tmp_path / "demo.db")
    assert main(["demo", "--db", db]) == 0
    assert main(["panel", "expert", "add", "林海", "--org", "北京交通大学", "--db", db]) == 0
    assert main(["panel", "assign", "--auto", "--db", db]) == 0
    assert main(["panel", "conflict", "--expert", "孙立平", "--project", "智能制造实训平台开发",
                 "--reason", "曾指导该实训平台建设", "--db", db]) == 0
    assert main(["panel", "expert", "remove", "林海", "--db", db]) == 0
    capsys.readouterr()
    assert main(["panel", "status", "--db", db]) == 0
    out = capsys.readouterr().out
    assert ("项目“精密测量仪器校准装置研制”有 4 位无利益冲突的专家（应为 5 位）："
            "尚有 2 位专家可分配，请自动均衡分配或逐一分配") in out
    assert ("项目“智能制造实训平台开发”有 4 位无利益冲突的专家（应为 5 位）："
            "评审组共 6 位专家，其中 孙立平（专家申明回避：曾指导该实训平台建设）、"
            "周建华（专家来自项目所在单位“北京工业大学”） 存在利益冲突；"
            "请增加评审专家后再自动均衡分配") in out
    assert main(["panel", "assign", "--auto", "--db", db]) == 0
    capsys.readouterr()
    assert main(["panel", "status", "--json", "--db", db]) == 0
    short = json.loads(capsys.readouterr().out)["short"]
    assert len(short) == 1 and "评审组共 6 位专家" in short[0]


def test_a_project_whose_only_expert_is_in_conflict_is_named(tmp_path, capsys):
    from boostdesk.cli import main
    from boostdesk.models import Register

    db = tmp_path / "r.db"
    reg = Register.open(db, operator="测试员")
    try:
        ids = _qualified(reg, 1)
        add_experts(reg, 1, keep_settings=True)
        auto_assign(reg, YEAR, per_project=1)
        make_project(reg, "另一项目", "工作室丙", DISTRICT, unit="清华大学工会")
        reg.rename_unit("第0区总工会", "清华大学工会")
        assert reg.project(ids[0]).status == "review"
    finally:
        reg.close()
    assert main(["panel", "status", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "项目“项目0”有 0 位无利益冲突的专家（应为 5 位）" in out


def test_removing_an_expert_says_which_projects_lose_them_and_backs_up_their_drafts(
        tmp_path, capsys):
    """An expert who typed half his sheet as a draft (林海, added to the demo for its four
    projects just qualified): removing him deleted those scores and his four places without
    a word, and with no backup to go back to."""
    from boostdesk.cli import main
    from boostdesk.models import Register
    from boostdesk.panel.experts import expert_by_name
    from boostdesk.panel.grid import ensure_grid
    from boostdesk.panel.scoring import expert_sheet, save_scores

    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    assert main(["panel", "expert", "add", "林海", "--org", "北京交通大学", "--db", str(db)]) == 0
    assert main(["panel", "assign", "--auto", "--db", str(db)]) == 0
    with Register.open(db) as reg:
        e = expert_by_name(reg, 2022, "林海")
        grid = ensure_grid(reg, 2022)
        rows = expert_sheet(reg, e.id or 0)
        save_scores(reg, e.id or 0, {r.project_id: ({c.id or 0: 50 for c in grid}, "")
                                     for r in rows[:2]}, submit=False)
    backups = set((tmp_path / "backups").glob("*.zip"))
    capsys.readouterr()
    assert main(["panel", "expert", "remove", "林海", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "已删除专家“林海”：其 4 项分配一并取消（“轨道车辆轮对故障声学诊断系统研发”" in out
    assert "这些项目需另派专家（自动均衡分配）" in out
    assert "其中 2 个项目已录入评分草稿（未提交），草稿一并删除（记入修改记录，登记册先备份）" in out
    assert any("scores" in p.name for p in set((tmp_path / "backups").glob("*.zip")) - backups)


def test_the_window_asks_before_removing_an_expert_with_the_projects_they_leave(
        screen, reg, qtbot, monkeypatch):
    from boostdesk.ui import dialogs

    ids = _qualified(reg, 2)
    panel = add_experts(reg, 2)
    auto_assign(reg, YEAR, per_project=2)
    tab = screen.show_tab("评审组与评分细则")
    screen.refresh()
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda _p, _t, text, **_kw: asked.append(text))
    tab.table.setCurrentIndex(tab.table.model().index(0, 0))
    assert not tab.remove_expert()
    assert asked == ["删除专家“专家1”？其 2 项分配一并取消（“项目0”、“项目1”），"
                     "这些项目需另派专家（自动均衡分配）。"]
    assert len(assignments(reg, YEAR)) == 4 and panel and ids


def test_a_conflict_declared_on_the_wrong_expert_is_taken_back(tmp_path, capsys):
    """登记回避 recorded for the wrong expert could never be taken back: the expert stayed
    barred from the project for good (assigning refused, 自动均衡分配 passing them by)."""
    from boostdesk.cli import main

    db = str(tmp_path / "demo.db")
    assert main(["demo", "--db", db]) == 0
    ref = ["--expert", "吴晓梅", "--project", "公路养护作业安全防护装置研制", "--db", db]
    assert main(["panel", "conflict", *ref, "--reason", "曾参与该项目咨询"]) == 0
    assert main(["panel", "assign", *ref]) == 1
    capsys.readouterr()
    assert main(["panel", "conflict", *ref, "--withdraw", "--reason", "登记时选错了专家"]) == 0
    out = capsys.readouterr().out
    assert "已撤回专家“吴晓梅”对项目“公路养护作业安全防护装置研制”的回避登记" in out
    # the conflict took her assignment: the way back is named, not left to be guessed
    assert (f"该专家现未分配此项目：仍请其评审的，用 boostdesk --db {db} panel assign --expert 吴晓梅"
            " --project 公路养护作业安全防护装置研制 重新分配") in out
    assert main(["panel", "assign", *ref]) == 0
    assert main(["audit", "--ref", "公路养护作业安全防护装置研制", "--db", db]) == 0
    assert "登记时选错了专家" in capsys.readouterr().out


def test_space_on_a_declared_conflict_takes_it_back_with_a_reason(screen, reg, qtbot,
                                                                  monkeypatch):
    from PySide6.QtCore import Qt

    from boostdesk.panel.experts import declare_conflict
    from boostdesk.ui import dialogs
    from tests.test_panel_screen import cell, click

    [pid] = _qualified(reg, 1)
    [eid] = add_experts(reg, 1)
    declare_conflict(reg, eid, pid, "曾参与该项目咨询")
    tab = screen.show_tab("分配专家")
    screen.refresh()
    assert cell(tab.table, 0, 2) == "回避"
    monkeypatch.setattr(dialogs, "ask_text", lambda *_a, **_kw: "选错了单元格")
    refused: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, _t, text: refused.append(text))
    click(qtbot, tab.table, 0, 2)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert refused == [] and cell(tab.table, 0, 2) == ""
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert cell(tab.table, 0, 2) == "评审"


def test_evening_out_stops_within_its_budget(monkeypatch):
    """At 20,000 projects with many conflicts the evening took 49 s: it now stops once its
    budget of steps is spent, leaving the plain dealing (here: none of it evened)."""
    from boostdesk.panel import balance

    free = {p: [0, 1, 2] if p < 3 else [2] for p in range(5)}
    monkeypatch.setattr(balance, "EVENING_BUDGET", 0)
    load = {0: 0, 1: 0, 2: 0}
    plain = balance.deal({p: 1 for p in range(5)}, free, load)
    assert plain == {0: [0], 1: [1], 2: [2], 3: [2], 4: [2]} and load[2] == 3
    monkeypatch.undo()
    load = {0: 0, 1: 0, 2: 0}
    evened = balance.deal({p: 1 for p in range(5)}, free, load)
    assert evened[2] == [0] and load == {0: 2, 1: 1, 2: 2}


def test_the_shortfall_line_follows_each_assignment_and_a_project_qualified_later(
        screen, reg, qtbot):
    """The line stood only while 自动均衡分配's message did: a project qualified after it,
    and each place then given by hand, are counted as the grid counts them."""
    from PySide6.QtCore import Qt

    from boostdesk.panel.grid import PanelSettings, save_settings
    from tests.test_panel_screen import cell, click

    save_settings(reg, YEAR, PanelSettings(experts_per_project=2))
    _qualified(reg, 2)
    add_experts(reg, 2)
    tab = screen.show_tab("分配专家")
    screen.refresh()
    assert tab.shortfall.text() == ("2 个项目尚未分配专家（每个项目应有 2 位）："
                                    "请自动均衡分配或逐一分配")
    tab.auto_button.setFocus()
    qtbot.keyClick(tab.auto_button, Qt.Key.Key_Space)
    assert tab.shortfall.text() == "" and not tab.shortfall.isVisible()
    late = make_project(reg, "后补项目", "工作室丁", DISTRICT, unit="第9区总工会")
    reg.set_status(PROJECT, late, "qualified")
    screen.refresh()  # F5 (the window's shortcut)
    assert tab.shortfall.text() == "项目“后补项目”尚未分配专家（应有 2 位）：请自动均衡分配或逐一分配"
    row = tab.model.row_of(late)
    click(qtbot, tab.table, row, 2)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert cell(tab.table, row, 1) == "1/2"
    assert tab.shortfall.text().startswith("项目“后补项目”有 1 位无利益冲突的专家（应为 2 位）："
                                           "尚有 1 位专家可分配")
    click(qtbot, tab.table, row, 3)
    qtbot.keyClick(tab.table, Qt.Key.Key_Space)
    assert cell(tab.table, row, 1) == "2" and tab.shortfall.text() == ""
