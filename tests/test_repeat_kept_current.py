"""二（二）2 kept current across years: a later year's paper of a studio's project is judged
again with every status move of the earlier year's that changes whether it bars it (listed,
funded, recorded by 补录往年结果; withdrawn, left unawarded), in the move's own transaction
(``rules.check.rejudge_later``, from ``Register.set_status``), citing the later year's
clause. While the earlier one is still in review the later paper is cautioned, not refused:
at the form, the import and ``boostdesk check``."""

from __future__ import annotations

import json
from datetime import date

import pytest
from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from PySide6.QtCore import Qt
from test_project_repeat import STUDIO, TITLE, WAN, paper, two_years
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.models.records import PROJECT
from boostdesk.models.workflow import NEEDS_REASON
from boostdesk.panel.past import record_past_award, withdraw_past_award
from boostdesk.rules import check_project_draft, recheck
from boostdesk.rules.findings import stored_findings
from boostdesk.ui import entry_checks

__all__ = ["answers", "ctx", "qsettings", "two_years", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
LISTED = {
    "proposed": ("qualified", "review", "proposed"),
    "publicized": ("qualified", "review", "proposed", "publicized"),
    "approved": ("qualified", "review", "proposed", "publicized", "approved"),
}


def caution(year: int, app_id: int, state: str, clause: str = "方案二（三）2") -> str:
    return (f"工作室的同名项目正在 {year} 年度评审中（项目{app_id}，{state}）："
            f"如获助推，本项目按{clause} 不能再获助推")


def verdict(reg: Register, app_id: int) -> tuple[bool, list[str]]:
    """As stored (what the lists, award holds and statistics read): eligible, messages."""
    eligible, text = reg.conn.execute(
        "SELECT eligible, findings FROM project_applications WHERE id = ?", (app_id,)).fetchone()
    return bool(eligible), [f.message for f in stored_findings(text)]


def move(reg: Register, app_id: int, *targets: str) -> None:
    for target in targets:
        extra = ({"award_fen": 10 * WAN, "approved_date": date(2022, 12, 20)}
                 if target == "approved" else {})
        reg.set_status(PROJECT, app_id, target, "测试" if target in NEEDS_REASON else "",
                       **extra)


@pytest.fixture
def papers(two_years):
    """2022's project still in review and 2023's paper of it, both judged."""
    reg = two_years
    first, again = reg.save_project(paper(2022)), reg.save_project(paper(2023))
    recheck(reg)
    return reg, first, again


# -- a move of 2022's project re-judges 2023's paper with it --------------------------
@pytest.mark.parametrize("listed", list(LISTED))
def test_2023s_paper_is_refused_in_the_move_that_lists_or_funds_2022s(papers, listed):
    reg, first, again = papers
    with reg.transaction():
        move(reg, first, *LISTED[listed])
        # no re-check: the move itself, before its commit
        ok, said = verdict(reg, again)
    assert not ok
    held = ("已于 2022 年度获助推（项目1，核准），已获助推的项目不能再次申报" if listed == "approved"
            else f"已列入 2022 年度拟助推项目（项目1，{'拟助推' if listed == 'proposed' else '公示'}），"
            "同一项目不能重复申报")
    assert f"工作室“{STUDIO}”的项目“{TITLE}”{held}（方案二（三）2）" in said
    if listed == "approved":  # and 二（一）: an award not completed bars the studio
        assert len(said) == 2 and "未完成结题验收，不能申报（方案二（一））" in said[0]


def test_a_move_rolled_back_leaves_2023s_verdict_as_it_was(papers):
    reg, first, again = papers
    with pytest.raises(RuntimeError), reg.transaction():
        move(reg, first, *LISTED["proposed"])
        raise RuntimeError
    assert verdict(reg, again) == (True, [caution(2022, first, "已登记")])


def test_2022s_award_withdrawn_unbars_2023s_paper_with_the_move(papers):
    """An objection upheld after the close withdraws 2022's approval: 2023's paper is
    合格 again at once (one not awarded may apply again), with no caution (decided)."""
    reg, first, again = papers
    move(reg, first, *LISTED["approved"])
    assert not verdict(reg, again)[0]
    move(reg, first, "not_awarded")
    assert verdict(reg, again) == (True, [])


def test_a_past_award_recorded_then_withdrawn_moves_2023s_verdict_each_time(papers):
    reg, first, again = papers
    record_past_award(reg, first, 10 * WAN, date(2022, 12, 20), backup=False)
    assert not verdict(reg, again)[0]
    withdraw_past_award(reg, first, "补录有误")  # no re-check of its own
    assert verdict(reg, again) == (True, [])


def test_a_repeat_refused_no_longer_counts_towards_the_studios_two_papers(papers):
    """二（二）2: a studio's third 2023 paper is refused as one too many until the first is
    a repeat; then it is the second, 合格 — in the same move."""
    reg, first, again = papers
    third = [reg.save_project(paper(2023, title=t)) for t in ("焊接机器人示教优化", "刀具寿命预测")]
    recheck(reg)
    assert not verdict(reg, third[1])[0]
    move(reg, first, *LISTED["proposed"])
    assert not verdict(reg, again)[0]
    assert verdict(reg, third[1]) == (True, [])


def test_any_later_year_is_judged_again(reg):
    reg.save_campaign(plan_2022().for_year(2024))
    first, later = reg.save_project(paper(2022)), reg.save_project(paper(2024))
    recheck(reg)
    move(reg, first, *LISTED["proposed"])
    ok, [said] = verdict(reg, later)
    assert not ok and said.endswith("同一项目不能重复申报（方案二（二）2）")


# -- while 2022's is in review: a caution ------------------------------------------------
@pytest.mark.parametrize(("moves", "state"), [((), "已登记"), (("qualified",), "资格审核通过"),
                                              (("qualified", "review"), "专家评审")])
def test_a_paper_of_a_project_in_review_in_2022_is_cautioned_not_refused(papers, moves, state):
    reg, first, again = papers
    move(reg, first, *moves)
    assert verdict(reg, again) == (True, [caution(2022, first, state)])
    # the form: beside 项目名称, and saved (not 已经登记)
    draft = check_project_draft(reg, reg.project(again))
    assert [(f.message, f.blocking, f.field) for f in draft.findings] == [
        (caution(2022, first, state), False, "title")]
    assert entry_checks.duplicate_project(reg, reg.project(again)) is None


def test_the_caution_goes_when_2022_refuses_and_comes_back_when_reopened(papers):
    reg, first, again = papers
    move(reg, first, "refused")
    assert verdict(reg, again) == (True, [])
    reg.set_status(PROJECT, first, "registered", "重新审核")
    assert verdict(reg, again) == (True, [caution(2022, first, "已登记")])


def test_boostdesk_check_says_the_caution(tmp_path, capsys):
    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2023))
        first, again = reg.save_project(paper(2022)), reg.save_project(paper(2023))
    assert main(["check", "--json", "--db", str(path), "--operator", "测试员"]) == 0
    [v] = [v for v in json.loads(capsys.readouterr().out)
           if v["stream"] == PROJECT and v["id"] == again]
    assert v["eligible"] is True
    assert [(f["code"], f["severity"], f["message"]) for f in v["findings"]] == [
        ("PROJECT_IN_REVIEW_EARLIER", "warning", caution(2022, first, "已登记", "方案二（二）2"))]


def test_the_import_says_the_caution_of_its_row_and_stores_it(tmp_path, capsys):
    from boostdesk.io.importer import read_table
    from boostdesk.ui.import_dialog import analyse

    path = tmp_path / "register.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022().for_year(2021))
        first = reg.save_project(paper(2021))
    table = write_sheet(tmp_path / "p.xlsx", [["2022年创新项目助推汇总表"], PROJECT_HEADERS,
                                              project_row(项目名称="一种新的工装夹具"),
                                              project_row(项目名称=f" {TITLE}")],
                        merged=("A1:N1",))
    said = f"第 4 行：{caution(2021, first, '已登记', '方案二（二）2')}"
    with Register.open(path, operator="测试员") as reg:
        read = analyse(reg, read_table(table, 2022, campaign=reg.campaign(2022)), False)
    assert [text for _row, text in read.notes] == [said]
    assert main(["import", str(table), "--db", str(path), "--operator", "测试员"]) == 0
    assert f"提示：{said}" in capsys.readouterr().err
    with Register.open(path, operator="测试员") as reg:
        [(eligible, text)] = reg.conn.execute(
            "SELECT a.eligible, a.findings FROM project_applications a JOIN campaigns c"
            " ON c.id = a.campaign_id WHERE c.year = 2022 AND a.title = ?", (TITLE,)).fetchall()
    assert eligible == 1
    assert caution(2021, first, "已登记", "方案二（二）2") in [
        f.message for f in stored_findings(text)]


def test_the_form_shows_the_caution_and_saves(window, qtbot, reg, answers):
    from test_ui_entry import open_new_form, type_project

    reg.save_campaign(plan_2022().for_year(2021))
    first = reg.save_project(paper(2021))
    form = open_new_form(qtbot, window, 1)
    type_project(qtbot)
    form.recheck()
    assert "正在 2021 年度评审中" in form.rows["title"].hint.text()
    assert caution(2021, first, "已登记", "方案二（二）2") in [
        f.message for f in form.last_verdict.findings]
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert [a.title for a in reg.projects(2022)] == [TITLE]
