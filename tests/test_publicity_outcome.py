"""The approval's reason says how the publicity ended, as the approval sheet does: a project
approved after an objection found groundless read 公示 → 核准：公示期满无异议 in its 状态历史,
修改记录 and ``audit --ref``, right under the 登记异议 / 处理异议 lines."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.models.records import PROJECT
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
    YEAR,
    two_adopted,
)

ONE = "公示期内收到异议，经核实异议不成立"
TWO = "公示期内收到 2 件异议，经核实均不成立"


@pytest.fixture
def proposed(reg):
    ids = two_adopted(reg)
    start_publicity(reg, YEAR, date(2022, 11, 21))
    return ids


def _approval(reg, project_id: int) -> str:
    [last] = [h for h in reg.status_history(PROJECT, project_id) if h["to_status"] == "approved"]
    return last["reason"]


def _sheet_says(reg, title: str) -> str:
    [sheet] = load_sheets(reg, YEAR, [title])
    return _review_line(sheet)


def test_an_objection_dismissed_in_the_period_is_the_approvals_reason(reg, proposed, capsys):
    """The tester's steps: 登记异议 2022-11-24 (匿名来信), 异议不成立, 结束公示 2022-11-28."""
    from boostdesk.cli import main

    a, c = proposed["a"], proposed["c"]
    oid = record_objection(reg, a, date(2022, 11, 24), "匿名来信", "负责人不是工作室成员")
    resolve_objection(reg, oid, upheld=False, note="经核查负责人为工作室成员",
                      on=date(2022, 11, 25))
    close_publicity(reg, YEAR, date(2022, 11, 28))
    assert _approval(reg, a) == ONE
    assert ONE in _sheet_says(reg, "市级甲项目")
    # the project no objection was received against reads as it did
    assert _approval(reg, c) == "公示期满无异议"
    assert "公示期满无异议" in _sheet_says(reg, "区级丙项目")
    reg.close()
    assert main(["audit", "--ref", f"项目{a}", "--db", str(reg.path)]) == 0
    out = capsys.readouterr().out
    assert f"状态：公示 → 核准；理由：{ONE}；" in out and "公示期满无异议" not in out


def test_several_objections_dismissed_are_counted_alike(reg, proposed):
    a = proposed["a"]
    for day, who in ((22, "匿名来信"), (24, "某职工")):
        oid = record_objection(reg, a, date(2022, 11, day), who, f"{who}反映数据不实")
        resolve_objection(reg, oid, upheld=False, note="数据属实", on=date(2022, 11, 25))
    close_publicity(reg, YEAR, date(2022, 11, 28))
    assert _approval(reg, a) == TWO
    assert TWO in _sheet_says(reg, "市级甲项目")


def test_one_open_at_the_close_and_dismissed_after_it(reg, proposed):
    """Kept in publicity by the open objection, approved as of the close once dismissed."""
    a = proposed["a"]
    oid = record_objection(reg, a, date(2022, 11, 24), "匿名来信", "数据不实")
    close_publicity(reg, YEAR, date(2022, 11, 28))
    assert reg.project(a).status == "publicized"
    resolve_objection(reg, oid, upheld=False, note="数据属实", on=date(2022, 11, 30))
    assert _approval(reg, a) == f"{ONE}：数据属实"
    assert ONE in _sheet_says(reg, "市级甲项目")


def test_one_dismissed_and_one_entered_by_mistake(reg, proposed):
    """The mistaken one goes; the one found groundless is still said (it read 公示期满无异议)."""
    a = proposed["a"]
    oid = record_objection(reg, a, date(2022, 11, 22), "匿名来信", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="数据属实", on=date(2022, 11, 23))
    wrong = record_objection(reg, a, date(2022, 11, 24), "某职工", "负责人有争议")
    close_publicity(reg, YEAR, date(2022, 11, 28))
    withdraw_objection(reg, wrong, "应登记在区级丙项目上")
    assert _approval(reg, a) == f"{ONE}（误登记的异议已撤销：应登记在区级丙项目上）"
    assert ONE in _sheet_says(reg, "市级甲项目")


def test_only_one_entered_by_mistake_is_no_objection(reg, proposed):
    a = proposed["a"]
    wrong = record_objection(reg, a, date(2022, 11, 24), "某职工", "负责人有争议")
    close_publicity(reg, YEAR, date(2022, 11, 28))
    withdraw_objection(reg, wrong, "应登记在区级丙项目上")
    assert _approval(reg, a) == "公示期满无异议（误登记的异议已撤销：应登记在区级丙项目上）"
    assert "公示期满无异议" in _sheet_says(reg, "市级甲项目")


def test_an_upheld_one_taken_back_beside_one_dismissed(reg, proposed):
    a = proposed["a"]
    oid = record_objection(reg, a, date(2022, 11, 22), "匿名来信", "数据不实")
    resolve_objection(reg, oid, upheld=False, note="数据属实", on=date(2022, 11, 23))
    wrong = record_objection(reg, a, date(2022, 11, 24), "某职工", "负责人有争议")
    resolve_objection(reg, wrong, upheld=True, note="属实", on=date(2022, 11, 25))
    close_publicity(reg, YEAR, date(2022, 11, 28))
    assert reg.project(a).status == "not_awarded"
    assert withdraw_entered_in_error(reg, wrong, "异议所指为区级丙项目") == "核准"
    assert _approval(reg, a) == f"异议成立的处理撤销（误登记）：异议所指为区级丙项目；{ONE}"
    assert ONE in _sheet_says(reg, "市级甲项目")
