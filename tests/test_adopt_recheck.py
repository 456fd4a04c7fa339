"""The policy officer's re-check of adopting (stop 37): the over-request award tagged on the
command line as in the window, the 审批表 saying the adoption's decisions and their reasons,
the over-request refusal's advice fitting the project, every missing reason asked at once,
the withdrawal's words said once, and 同分规则 greyed in 设置 once published."""

from __future__ import annotations

from datetime import date

from boostdesk.cli import main
from boostdesk.panel.adopt_proposal import adopt
from tests.test_panel_support import YEAR
from tests.test_passed_against import j04
from tests.test_plan_choices import j15


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
