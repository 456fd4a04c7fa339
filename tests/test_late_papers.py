"""Papers received after the deadline (三: 各单位需于2022年11月1日前完成材料报送): the plan
says nothing of a late paper, so accepting one is the reviewer's decision. A pass
(资格审核通过) of late papers names them and needs her reason, kept in their status
history; or passes only those on time — by 改变状态's moves, 资格审核's decisions and
`boostdesk panel qualify`; the exported list says which are late."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.io.export_summary import build_summary
from boostdesk.models import Register
from boostdesk.models.records import PATENT, PROJECT
from boostdesk.panel import qualification as qu
from boostdesk.panel.errors import PanelError
from boostdesk.rules.hand_moves import HandMoveRefused, check_hand_move
from boostdesk.rules.late_papers import accepted, late_papers, to_accept
from tests.test_panel_support import make_project

LATE = date(2023, 3, 3)
WHY = "推荐单位来函说明延误原因，经审核同意受理"


def _projects(reg) -> list[int]:
    """Four projects the rules find nothing against; the 2nd and 4th received late."""
    return [make_project(reg, f"项目{k}", f"工作室{k}", unit=f"第{k}区总工会",
                         received=LATE if k % 2 else date(2022, 10, 25)) for k in range(4)]


def _reasons(reg, stream, app_id) -> list[str]:
    return [h["reason"] for h in reg.status_history(stream, app_id)][1:]


def test_late_is_after_the_deadline_day_itself_on_time(reg):
    on_day = make_project(reg, "当天", "甲工作室", received=date(2022, 11, 1))
    after = make_project(reg, "次日", "乙工作室", received=date(2022, 11, 2))
    late = late_papers(reg, PROJECT, [on_day, after])
    assert list(late) == [after]
    assert late[after].said == "收件日期 2022-11-02 晚于报送截止日 2022-11-01（方案三）"


def test_a_batch_pass_names_the_late_ones_and_takes_her_reason_for_them_alone(reg):
    ids = _projects(reg)
    with pytest.raises(HandMoveRefused) as refused:
        check_hand_move(reg, PROJECT, ids, "qualified", "")
    said = refused.value.message
    assert said.startswith(f"项目{ids[1]}、项目{ids[3]}（收件日期 2023-03-03，晚于报送截止日 "
                           "2022-11-01，方案三）逾期报送")
    assert "是否受理由审核人决定" in said and "全部未改" in said
    reasons = check_hand_move(reg, PROJECT, ids, "qualified", "材料齐全", late_reason=WHY)
    assert reasons == {ids[0]: "材料齐全", ids[2]: "材料齐全",
                       ids[1]: f"同意受理逾期报送：{WHY}；材料齐全",
                       ids[3]: f"同意受理逾期报送：{WHY}；材料齐全"}
    # a refusal, or a late paper passed already (its acceptance decided then), asks nothing
    assert check_hand_move(reg, PROJECT, ids, "refused", "逾期") == dict.fromkeys(ids, "逾期")
    reg.set_status(PROJECT, ids[1], "qualified", "经审核同意受理")
    assert to_accept(reg, PROJECT, ids, "qualified") == {ids[3]: late_papers(reg, PROJECT,
                                                                            ids)[ids[3]]}


def test_one_late_paper_passed_needs_a_reason(reg):
    ids = _projects(reg)
    with pytest.raises(HandMoveRefused, match="同意受理的，请在“理由”中写明"):
        check_hand_move(reg, PROJECT, [ids[1]], "qualified", "")
    assert check_hand_move(reg, PROJECT, [ids[1]], "qualified", WHY) == {
        ids[1]: f"同意受理逾期报送：{WHY}"}


def test_a_late_paper_once_passed_says_it_was_accepted_and_why(reg):
    """The detail pane's 提示 said 是否受理由审核人决定 after the reviewer had decided."""
    from dataclasses import replace

    ids = _projects(reg)
    assert accepted(reg, PROJECT, ids[1]) is None  # undecided
    reg.set_status(PROJECT, ids[1], "qualified", f"同意受理逾期报送：{WHY}")
    assert accepted(reg, PROJECT, ids[1]) == f"逾期报送，已经审核同意受理（理由：{WHY}）"
    # passed before the reason was asked, the acceptance noted in 备注
    reg.save_project(replace(reg.project(ids[3]), remarks="逾期报送，经审核同意受理"))
    reg.set_status(PROJECT, ids[3], "qualified")
    assert accepted(reg, PROJECT, ids[3]) == "逾期报送，已经审核同意受理（备注：逾期报送，经审核同意受理）"
    reg.set_status(PROJECT, ids[3], "refused", "逾期")  # refused since: not accepted
    assert accepted(reg, PROJECT, ids[3]) is None


def test_qualification_decides_a_late_project_with_its_reason_only(reg):
    ids = _projects(reg)
    with pytest.raises(PanelError, match="逾期报送.*“审核理由”中写明"):
        qu.decide(reg, ids[1], True)
    assert reg.project(ids[1]).status == "registered"
    qu.decide(reg, ids[1], True, WHY)
    assert _reasons(reg, PROJECT, ids[1]) == [f"同意受理逾期报送：{WHY}"]


def test_pass_many_refuses_late_projects_unless_accepted_with_a_reason(reg):
    ids = _projects(reg)
    with pytest.raises(PanelError, match=f"项目{ids[1]}、项目{ids[3]}.*逾期报送"):
        qu.pass_many(reg, ids)
    assert [reg.project(i).status for i in ids] == ["registered"] * 4
    assert qu.pass_many(reg, ids, late_reason=WHY) == 4
    assert _reasons(reg, PROJECT, ids[0]) == [""]
    assert _reasons(reg, PROJECT, ids[3]) == [f"同意受理逾期报送：{WHY}"]


def _db(tmp_path) -> tuple[str, list[int]]:
    db = tmp_path / "register.db"
    with Register.open(db, operator="测试员") as reg:
        ids = _projects(reg)
    return str(db), ids


def _cli(db: str, *args: str) -> int:
    return main(["panel", "qualify", *args, "--pass", "--db", db, "--operator", "测试员"])


def _statuses(db: str, ids: list[int]) -> list[str]:
    with Register.open(db, operator="测试员") as reg:
        return [reg.project(i).status for i in ids]


def test_cli_batch_pass_of_late_projects_refused_naming_them(tmp_path, capsys):
    db, ids = _db(tmp_path)
    assert _cli(db, *(f"项目{i}" for i in ids)) == 1
    err = capsys.readouterr().err
    assert f"项目{ids[1]}、项目{ids[3]}（收件日期 2023-03-03" in err
    assert "--late-reason" in err and "--on-time-only" in err and "全部未审核" in err
    assert _statuses(db, ids) == ["registered"] * 4


def test_cli_on_time_only_passes_those_and_lists_the_late(tmp_path, capsys):
    db, ids = _db(tmp_path)
    assert _cli(db, *(f"项目{i}" for i in ids), "--on-time-only") == 0
    out = capsys.readouterr().out
    assert f"逾期报送的 2 项未审核，留待逐项决定是否受理：项目{ids[1]}、项目{ids[3]}" in out
    assert out.splitlines()[1].startswith(f"2 项资格审核通过（一次决定）：项目{ids[0]}")
    assert _statuses(db, ids) == ["qualified", "registered", "qualified", "registered"]


def test_cli_late_reason_accepts_them_into_their_history(tmp_path, capsys):
    db, ids = _db(tmp_path)
    assert _cli(db, *(f"项目{i}" for i in ids), "--late-reason", WHY) == 0
    out = capsys.readouterr().out
    assert f"其中逾期报送、同意受理的 2 项：项目{ids[1]}、项目{ids[3]}" in out
    assert _statuses(db, ids) == ["qualified"] * 4
    with Register.open(db, operator="测试员") as reg:
        assert _reasons(reg, PROJECT, ids[1]) == [f"同意受理逾期报送：{WHY}"]
        assert _reasons(reg, PROJECT, ids[0]) == [""]
    # one late project: its --reason is the reason to accept it
    db2 = tmp_path / "two"
    db2.mkdir()
    db, ids = _db(db2)
    assert _cli(db, f"项目{ids[1]}") == 1
    assert "逾期报送" in capsys.readouterr().err
    assert _cli(db, f"项目{ids[1]}", "--reason", WHY) == 0
    assert _statuses(db, ids)[1] == "qualified"


def test_the_exported_list_says_which_are_late(reg):
    ids = _projects(reg)
    summary = build_summary(reg, PROJECT, 2022, ids=ids)
    column = [c.header for c in summary.columns].index("逾期报送")
    assert [row[column] for row in summary.rows] == [
        "", "逾期报送（收件 2023-03-03，截止 2022-11-01）"] * 2
    assert build_summary(reg, PATENT, 2022).rows == []
