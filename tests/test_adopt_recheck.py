"""The policy officer's re-check of adopting (stop 37): the over-request award tagged on the
command line as in the window, the 审批表 saying the adoption's decisions and their reasons,
the over-request refusal's advice fitting the project, every missing reason asked at once,
the withdrawal's words said once, and 同分规则 greyed in 设置 once published."""

from __future__ import annotations

from boostdesk.cli import main
from tests.test_plan_choices import j15


def test_rank_on_the_command_line_tags_the_award_above_the_request(reg, capsys):
    j15(reg)
    db = str(reg.path)
    reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", db]) == 0
    [line] = [s for s in capsys.readouterr().out.splitlines() if s.endswith("项目J15（城三职工创新工作室）")]
    assert "¥100,000.00（超申请） 项目J15" in line
