"""Once the year's list is published and closed, the projects the adoption left out are
settled with it: 排名与档次 kept the orange 档次分界处同分…采纳时须写明理由 line, 采纳为拟助推
名单 asked that reason again, `panel adopt --tie-reason` wrote an empty adoption (0 项拟助推，
7 项未获助推) to the trail, and 撤回拟助推名单 offered to send the not-awarded back to review.
Now adopting and withdrawing refuse, saying why and the way (排名复核), the buttons are
greyed with it, and the stale line is gone. A place an upheld objection frees still lets the
next in line be adopted (test_publicity_freed_place)."""

from __future__ import annotations

from datetime import date

import pytest

from boostdesk.panel.adopt_proposal import adopt, withdraw
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import close_publicity, start_publicity
from boostdesk.panel.ranking import rank
from tests.test_panel_support import YEAR, score_all, two_for_one_place

TIE = "同分，经评审组研究按材料报送日期先后确定"


@pytest.fixture
def closed(reg):
    """One 3万 place, 甲 and 乙 tied on 80 and parted only by the received date (甲 a day
    earlier): adopted with the tie's reason, published and closed — 甲 核准, 乙 未获助推."""
    a, b, [e] = two_for_one_place(reg, 1, {"received": date(2022, 10, 20)},
                                  {"received": date(2022, 10, 21)})
    score_all(reg, e, {a: 80, b: 80})
    assert rank(reg, YEAR).row(b).cutoff_tie  # asked at adoption
    adopt(reg, YEAR, tie_reason=TIE)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    close_publicity(reg, YEAR, date(2022, 12, 27))
    assert (reg.project(a).status, reg.project(b).status) == ("approved", "not_awarded")
    return a, b


def _adoptions(reg) -> int:
    return int(reg.scalar("SELECT COUNT(*) FROM audit_events WHERE entity = 'proposals'"
                          " AND action IN ('adopt', 'withdraw')"))


def test_nothing_is_adopted_or_withdrawn_after_the_close(reg, closed):
    a, b = closed
    ranking = rank(reg, YEAR)
    assert ranking.candidates() == [] and ranking.settled == [b]
    assert ranking.row(b).held and not ranking.row(b).cutoff_tie
    before = _adoptions(reg)
    with pytest.raises(PanelError) as info:
        adopt(reg, YEAR, tie_reason=TIE)
    assert str(info.value) == (
        "2022 年度的拟助推名单已公示（公示已于 2022年12月27日结束），未列入名单的 1 项已随名单定为未获助推，"
        "按现有评分也没有项目可列入空出的名额，不能再次采纳。已核准、尚未拨付的助推与按现有评分的排名不符的，"
        "在“公示”中用“排名复核…”")
    with pytest.raises(PanelError, match="拟助推名单已公示（公示已于 2022年12月27日结束），不能撤回：未列入名单的 1 项"):
        withdraw(reg, YEAR, "重新采纳")
    assert _adoptions(reg) == before
    assert reg.project(b).status == "not_awarded"


def test_while_in_publicity_the_left_out_may_still_be_withdrawn(reg):
    """In publicity the office may withdraw the projects left out (to correct a score and
    adopt again: test_panel_rerank); once every batch is closed it may not."""
    a, b, [e] = two_for_one_place(reg, 1)
    score_all(reg, e, {a: 90, b: 80})
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    assert rank(reg, YEAR).settled == []
    assert withdraw(reg, YEAR, "评分录入有误，重新采纳") == 1
    assert reg.project(b).status == "review"


def test_the_command_line_refuses_and_rank_drops_the_stale_tie_line(reg, closed, capsys):
    from boostdesk.cli import main

    db = str(reg.path)
    reg.close()
    assert main(["rank", "--db", db]) == 0
    assert "档次分界处同分" not in capsys.readouterr().out
    assert main(["panel", "adopt", "--tie-reason", TIE, "--db", db]) == 1
    err = capsys.readouterr().err
    assert "不能再次采纳" in err and f"用 boostdesk --db {db} publicity review 排名复核" in err, err
    assert main(["panel", "withdraw", "--reason", "重新采纳", "--db", db]) == 1
    assert "不能撤回" in capsys.readouterr().err


def test_the_rank_tab_greys_adopt_and_withdraw_with_why(reg, closed, tmp_path, qtbot):
    from test_ui_support import year_context

    from boostdesk.ui.panel_screen import PanelScreen

    screen = PanelScreen(year_context(reg, tmp_path, YEAR, "刘建国"))
    qtbot.addWidget(screen)
    screen.show()
    tab = screen.show_tab("排名与档次")
    screen.refresh()
    assert not tab.adopt_button.isEnabled() and not tab.withdraw_button.isEnabled()
    assert tab.greyed.text().startswith("“采纳为拟助推名单”“撤回拟助推名单”不可用：2022 年度的拟助推名单已公示")
    assert "排名复核" in tab.adopt_button.toolTip() and "排名复核" in tab.withdraw_button.toolTip()
    assert "档次分界处同分" not in tab.waiting.text()
