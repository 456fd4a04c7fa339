"""An objection received in the period and entered after 结束公示 (late), then settled: the
approval's reason follows it as the 审批表 does. Dismissed, the approval read 公示期满无异议
in the detail pane, 状态历史 and 修改记录 while the sheet printed 经核实异议不成立."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.models.records import PROJECT
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import (
    close_publicity,
    record_objection,
    resolve_objection,
    start_publicity,
    withdraw_entered_in_error,
    withdraw_objection,
)
from boostdesk.printing.approval import _review_line, load_sheets
from tests.test_panel_support import (
    CITY,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
    two_adopted,
)
from tests.test_publicity_outcome import ONE, TWO

NONE = "公示期满无异议"
PENDING = "公示期内收到的异议尚在核实"  # as the sheet words an award held by one


@pytest.fixture
def closed(reg):
    """Two awards approved by the close of 2022-12-27 (period 12-20 … 12-26), unpaid."""
    ids = two_adopted(reg)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    return ids


def _approval(reg, project_id: int) -> str:
    return [h for h in reg.status_history(PROJECT, project_id)
            if h["to_status"] == "approved"][-1]["reason"]


def _sheet_says(reg, title: str) -> str:
    [sheet] = load_sheets(reg, YEAR, [title])
    return _review_line(sheet)


def _reworded(reg, project_id: int) -> list[tuple[str, str, str, str]]:
    """The trail's lines rewording the approval: (who, old, new, why)."""
    return [(e["operator"], e["before"]["approval_reason"], e["after"]["approval_reason"],
             e["after"]["note"])
            for e in reg.audit_trail("project_applications", project_id)
            if e["action"] == "update" and "approval_reason" in (e["after"] or {})]


def test_a_late_objection_dismissed_rewords_the_approval_as_the_sheet_says(
        reg, closed, capsys):
    a = closed["a"]
    assert _approval(reg, a) == reg.project(a).status_reason == NONE
    oid = record_objection(reg, a, date(2022, 12, 26), "某职工", "数据不实")
    # held meanwhile: no longer 公示期满无异议, as the sheet says it
    assert _approval(reg, a) == reg.project(a).status_reason == PENDING
    assert PENDING in _sheet_says(reg, "市级甲项目")
    reg.operator = "审核员乙"
    resolve_objection(reg, oid, upheld=False, note="经核查数据属实", on=date(2023, 1, 5))
    app = reg.project(a)
    assert (app.status, app.approved_date) == ("approved", date(2022, 12, 27))
    assert _approval(reg, a) == app.status_reason == ONE
    assert f"经专业评审确定为拟助推项目，{ONE}，2022年12月27日核准助推" in _sheet_says(reg, "市级甲项目")
    assert _reworded(reg, a) == [
        ("测试员", NONE, PENDING, f"异议 {oid}（2022-12-26 收到）于公示结束后登记，尚在核实"),
        ("审核员乙", PENDING, ONE, f"异议 {oid} 经核实不成立（2023-01-05 处理）")]
    # the other award had no objection: as it was, and nothing in its trail
    assert _approval(reg, closed["c"]) == NONE and _reworded(reg, closed["c"]) == []
    # the trail as printed (修改记录 export's words): who, and the reason's old and new
    from boostdesk.cli import main

    reg.close()
    assert main(["audit", "--ref", f"项目{a}", "--db", str(reg.path)]) == 0
    out = capsys.readouterr().out
    assert "审核员乙" in out and f"核准理由：{PENDING} → {ONE}" in out


def test_a_late_one_beside_one_dismissed_in_the_period_counts_both(reg):
    """Approved on one objection dismissed in the period; a second entered late and
    dismissed makes two, the first's finding kept."""
    a = make_project(reg, "市级甲项目", "工作室甲", CITY)
    to_review(reg, a)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {a: 90})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    first = record_objection(reg, a, date(2022, 12, 21), "匿名来信", "数据不实")
    close_publicity(reg, YEAR, date(2022, 12, 27))
    resolve_objection(reg, first, upheld=False, note="数据属实", on=date(2022, 12, 28))
    assert _approval(reg, a) == f"{ONE}：数据属实"
    late = record_objection(reg, a, date(2022, 12, 26), "某职工", "负责人有争议")
    resolve_objection(reg, late, upheld=False, note="负责人无争议", on=date(2023, 1, 5))
    assert _approval(reg, a) == reg.project(a).status_reason == f"{TWO}：数据属实"
    assert TWO in _sheet_says(reg, "市级甲项目")


def test_a_late_objection_entered_by_mistake_gives_the_approval_back_its_words(reg, closed):
    a = closed["a"]
    oid = record_objection(reg, a, date(2022, 12, 26), "某职工", "应登记在丙项目上")
    withdraw_objection(reg, oid, "误登记在其他项目上")
    assert _approval(reg, a) == reg.project(a).status_reason == NONE
    assert f"{NONE}，2022年12月27日核准助推" in _sheet_says(reg, "市级甲项目")
    assert [x[2] for x in _reworded(reg, a)] == [PENDING, NONE]


def test_a_late_objection_upheld_leaves_the_withdrawn_approval_as_it_stood(reg, closed):
    """Upheld: the approval is withdrawn; its row says it stood while the objection was
    looked into, the next one why it went (it read 公示期满无异议 → 公示异议成立)."""
    a = closed["a"]
    oid = record_objection(reg, a, date(2022, 12, 26), "某职工", "数据不实")
    resolve_objection(reg, oid, upheld=True, note="经核实数据不实", on=date(2023, 1, 5))
    history = [(h["to_status"], h["reason"]) for h in reg.status_history(PROJECT, a)][-2:]
    assert history == [("approved", PENDING), ("not_awarded", "公示异议成立，撤销核准：经核实数据不实")]
    assert reg.project(a).award_fen is None
    # taken back as entered in error: approved again, saying nothing it cannot
    assert withdraw_entered_in_error(reg, oid, "登记错了项目") == "核准"
    assert reg.project(a).status_reason == "异议成立的处理撤销（误登记）：登记错了项目"
    assert f"{NONE}，2022年12月27日核准助推" in _sheet_says(reg, "市级甲项目")


def test_an_upheld_late_one_taken_back_beside_one_dismissed_says_the_dismissed(reg, closed):
    """The approval restored after the close said nothing of the objection found groundless
    (the sheet does), unlike one restored from publicity (tests/test_publicity_outcome.py)."""
    a = closed["a"]
    kept = record_objection(reg, a, date(2022, 12, 25), "匿名来信", "数据不实")
    resolve_objection(reg, kept, upheld=False, note="数据属实", on=date(2023, 1, 4))
    wrong = record_objection(reg, a, date(2022, 12, 26), "某职工", "负责人有争议")
    resolve_objection(reg, wrong, upheld=True, note="属实", on=date(2023, 1, 5))
    assert reg.project(a).status == "not_awarded"
    assert withdraw_entered_in_error(reg, wrong, "异议所指为区级丙项目") == "核准"
    assert reg.project(a).status_reason == _approval(reg, a) == (
        f"异议成立的处理撤销（误登记）：异议所指为区级丙项目；{ONE}")
    assert ONE in _sheet_says(reg, "市级甲项目")


def test_the_wording_is_found_inside_a_longer_reason():
    from boostdesk.panel.publicity_outcome import reworded

    assert reworded(f"{ONE}：数据属实", TWO) == f"{TWO}：数据属实"
    assert reworded(f"{NONE}（误登记的异议已撤销：x）", PENDING) == f"{PENDING}（误登记的异议已撤销：x）"
    assert reworded("公示期内收到 12 件异议，经核实均不成立", ONE) == ONE
    assert reworded("经研究核准", NONE) == "经研究核准"  # says nothing of it: nothing to say
    assert reworded("经研究核准", ONE) == f"经研究核准；{ONE}"
