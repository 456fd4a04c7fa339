"""The policy officer's re-check of adopting (stop 37): the over-request award tagged on the
command line as in the window, the 审批表 saying the adoption's decisions and their reasons,
the over-request refusal's advice fitting the project, every missing reason asked at once,
the withdrawal's words said once, and 同分规则 greyed in 设置 once published."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.cli import main
from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from tests.test_panel_support import WAN, YEAR
from tests.test_passed_against import j04
from tests.test_plan_choices import _quota, j15


def test_rank_on_the_command_line_tags_the_award_above_the_request(reg, capsys):
    j15(reg)
    db = str(reg.path)
    reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", db]) == 0
    [line] = [s for s in capsys.readouterr().out.splitlines() if s.endswith("项目J15（城三职工创新工作室）")]
    assert "¥100,000.00（超申请） 项目J15" in line


# -- the 审批表 says the adoption's decisions --------------------------------------------
def _approved(reg, **reasons) -> None:
    from boostdesk.panel.publicity import close_publicity, start_publicity

    adopt(reg, YEAR, **reasons)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))


def _opinion_of(reg, pid: int) -> str:
    from boostdesk.printing.approval import _opinion, load_sheets

    [sheet] = [s for s in load_sheets(reg, YEAR) if s.app.id == pid]
    return "".join(_opinion(sheet)[1]).replace(" ", "")  # lines break at a space


def test_the_approval_sheet_says_the_award_above_the_request_and_why(reg):
    ids = j15(reg)
    _approved(reg, over_request_reason="主任办公会决定按排名档次")
    assert reg.project(ids["j15"]).status == "approved"
    assert _opinion_of(reg, ids["j15"]) == (
        "经审核，同意助推，助推资金¥100,000.00，超过申请金额¥70,000.00，经研究按档次助推"
        "（主任办公会决定按排名档次）。")
    assert _opinion_of(reg, ids["j14"]) == "经审核，同意助推，助推资金¥50,000.00。"


def test_the_approval_sheet_says_the_adoptions_reason_against_the_plan_once_studied(reg):
    """J04 passed at 资格审核 “经研究同意”, adopted “经研究，立项手续延后属企业原因”: the
    sheet gives the adoption's (the latest decision) and says 经研究 once."""
    ids = j04(reg)
    _approved(reg, against_plan_reason="经研究，立项手续延后属企业原因")
    assert _opinion_of(reg, ids["j04"]) == (
        "本项目不符合方案二（二）1，按“经研究，立项手续延后属企业原因”理由同意助推，"
        "助推资金¥30,000.00。")


def test_an_adopted_rows_clause_note_is_said_once_in_the_ranking(reg):
    """The adoption stores the row's reasons, the 注意 line among them: the ranking after it
    said that line again beside the stored one."""
    from boostdesk.panel.ranking import rank

    ids = j04(reg)
    _approved(reg, against_plan_reason="经研究，立项手续延后属企业原因")  # published: as stored
    [row] = [r for r in rank(reg, YEAR).rows if r.project_id == ids["j04"]]
    assert row.full_reason.count("注意：资格审核经研究通过") == 1


# -- the over-request refusal's advice fits the project ----------------------------------
def _refusal(reg) -> str:
    with pytest.raises(PanelError) as info:
        adopt(reg, YEAR)
    return str(info.value)


def test_the_over_request_refusal_says_what_tier_the_project_can_have(reg):
    """J15, a 市级 studio asking 3万: its level's tiers are 10万 and 5万, so “按申请金额助推”
    is impossible; the advice names the lowest tier if it has room, else that none fits."""
    j15(reg)
    _quota(reg, 5 * WAN, 1)  # J14 holds the one 5万 place
    said = _refusal(reg)
    assert "按申请金额助推的" not in said
    assert ("“项目J15”：市级的档次为10万元档、5万元档，没有与申请金额 ¥30,000.00 相符的档次；"
            "市级最低档5万元档名额（1 项）已满") in said
    _quota(reg, 5 * WAN, 2)
    assert ("“项目J15”：市级的档次为10万元档、5万元档，可人工调整为市级最低档5万元档"
            "（名额尚余 1 项，仍超过申请金额 ¥20,000.00）") in _refusal(reg)


# -- every missing reason at once -------------------------------------------------------
def both(reg) -> dict[str, int]:
    """J15 ranked into 10万 above its 3万 request and J04 into 3万 against the plan."""
    from boostdesk.models.records import PROJECT
    from boostdesk.panel.experts import assignments
    from boostdesk.panel.qualification import decide
    from tests.test_panel_support import DISTRICT, make_project, score_all
    from tests.test_passed_against import REASON, set_approval

    ids = j15(reg)
    ids["j04"] = make_project(reg, "项目J04", "丁创新工作室", DISTRICT)
    set_approval(reg, ids["j04"], date(2023, 1, 1))
    decide(reg, ids["j04"], True, REASON)
    reg.set_status(PROJECT, ids["j04"], "review")
    score_all(reg, assignments(reg, YEAR)[0].expert_id,
              {ids["j14"]: 92, ids["j15"]: 60, ids["j04"]: 99})
    return ids


def test_adopt_on_the_command_line_lists_every_missing_reason_at_once(reg, capsys):
    both(reg)
    db = str(reg.path)
    reg.close()
    capsys.readouterr()
    assert main(["panel", "adopt", "--db", db]) == 1
    err = capsys.readouterr().err
    assert ("采纳拟助推名单须写明以下 2 项理由（理由记入修改记录），可一次给出："
            f"boostdesk --db {db} panel adopt --over-request-reason 理由 --against-plan-reason 理由："
            ) in err, err
    assert "\n\n1. 以下项目的拟助推金额超过其申请金额" in err
    assert "\n\n2. 以下项目不符合方案规定的条件" in err
    # one given: the other is still asked, alone
    assert main(["panel", "adopt", "--db", db, "--over-request-reason", "按档次"]) == 1
    err = capsys.readouterr().err
    assert "以下项目不符合方案规定的条件" in err and "须写明以下" not in err
    assert main(["panel", "adopt", "--db", db, "--over-request-reason", "按档次",
                 "--against-plan-reason", "立项批复在途"]) == 0


# -- 撤回申报's place: said once, the office's decision, the reader's own way ------------
def test_a_withdrawal_says_the_freed_place_once_as_the_offices_decision(reg, capsys):
    from boostdesk.models.records import PROJECT
    from boostdesk.panel.withdrawal import withdraw_application
    from tests.test_panel_support import one_place_two_publicized

    a, _b = one_place_two_publicized(reg)
    done = withdraw_application(reg, PROJECT, a, date(2022, 12, 22), "海淀区总工会", "项目终止")
    assert "区级乙项目" in done.place  # who the ranking would put in it
    assert done.place.count("重新采纳") == 1 and "请在" not in done.place
    assert "是否按排名递补由市总工会研究决定：决定递补的，在“专家评审 → 排名与档次”中重新采纳后" \
        "另批公示" in done.place


def test_the_withdraw_command_names_the_commands_not_the_windows_places(reg, capsys):
    from tests.test_panel_support import one_place_two_publicized

    one_place_two_publicized(reg)
    path = str(reg.path)
    reg.close()
    capsys.readouterr()
    assert main(["withdraw", "区级甲项目", "--db", path, "--date", "2022-12-22",
                 "--reason", "项目终止"]) == 0
    out = capsys.readouterr().out
    assert out.count("重新采纳") == 1 and "专家评审 → 排名与档次" not in out
    assert (f"决定递补的，重新采纳（boostdesk --db {path} panel adopt）后另批公示（boostdesk --db "
            f"{path} publicity start）") in out, out


def test_a_full_tier_matching_the_request_is_named_as_matching(reg):
    """A 市级 studio asking 5万, ranked into 10万 while the 5万 places are full: there is a
    tier matching the request, and the advice says that one is full — not 没有与申请金额
    相符的档次 and then the matching tier's name (the tester's 2023 list)."""
    from tests.test_panel_support import CITY, add_experts, make_project, score_all, to_review

    ids = {"j14": make_project(reg, "项目J14", "城二职工创新工作室", CITY,
                               budget_fen=199_900_00, requested_fen=10 * WAN),
           "j16": make_project(reg, "项目J16", "城六职工创新工作室", CITY,
                               budget_fen=20 * WAN, requested_fen=5 * WAN)}
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["j14"]: 92, ids["j16"]: 60})
    _quota(reg, 5 * WAN, 1)  # J14 (its 50 % cap) holds the one 5万 place
    said = _refusal(reg)
    assert ("“项目J16”：市级的档次为10万元档、5万元档，与申请金额 ¥50,000.00 相符的5万元档"
            "名额（1 项）已满，不能人工调整到该档") in said
    assert "没有与申请金额" not in said
