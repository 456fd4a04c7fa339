"""The place an upheld objection frees, and who moves into it by the panel's ranking.

The tester's 2022 stream: 吴强团队智能检测装置研制 (10万) upheld; the notice named 吴强团队
工艺优化与能耗降低 (5万元: its studio free again, its budget too small for 10万) while the
project next in line for the freed 10万 place was 郭敏团队安全防护装置研发, published at 5万,
tied on score with the last 10万 project and parted from it by 登记号 only. And the close
approved with 10万 at 9 of 10 without a word."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.errors import PanelError
from boostdesk.panel.publicity import record_objection, start_publicity
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

TIE = "经主任办公会研究，按申报登记编号确定"


def boundary_tie(reg) -> dict[str, int]:
    """Two 10万 and two 5万 city places. 吴强 90; 王芳 and 郭敏 83 each, equal in all but
    the number (王芳's smaller); 吴强's second project 71, budget 12万 (10万 over the 50 %
    cap), not awarded while 吴强's studio holds 10万."""
    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=2) if t.amount_fen in (10 * WAN, 5 * WAN) else t for t in c.tiers)))
    ids = {"wu": make_project(reg, "吴强团队智能检测装置研制", "吴强汽修创新工作室", CITY),
           "wang": make_project(reg, "王芳团队自动化改造", "王芳数控技能工作室", CITY),
           "guo": make_project(reg, "郭敏团队安全防护装置研发", "郭敏信息服务工作室", CITY),
           "wu2": make_project(reg, "吴强团队工艺优化与能耗降低", "吴强汽修创新工作室", CITY,
                               budget_fen=12 * WAN, requested_fen=5 * WAN)}
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids["wu"]: 90, ids["wang"]: 83, ids["guo"]: 83, ids["wu2"]: 71})
    return ids


def published(reg) -> dict[str, int]:
    ids = boundary_tie(reg)
    adopt(reg, YEAR, tie_reason=TIE)
    start_publicity(reg, YEAR, date(2022, 12, 20))
    return ids


def _cli(reg, capsys, *args: str) -> str:
    from boostdesk.cli import main

    capsys.readouterr()
    code = main([*args, "--db", str(reg.path), "--year", str(YEAR)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


# -- 2. the freed place ---------------------------------------------------------------
def test_an_upheld_objection_names_the_published_project_next_in_line_for_its_tier(reg, capsys):
    ids = published(reg)
    assert (reg.project(ids["guo"]).status, reg.project(ids["wu2"]).status) == (
        "publicized", "not_awarded")
    oid = record_objection(reg, ids["wu"], date(2022, 12, 22), "吴某", "属重复申报")
    reg.close()
    out = _cli(reg, capsys, "publicity", "resolve", str(oid), "--upheld", "--note", "属实",
               "--date", "2022-12-26")
    assert ("“吴强团队智能检测装置研制”的10万元档名额空出（名额 2 项，已有 1 项），按排名应递补的是"
            "已公示的“郭敏团队安全防护装置研发”（公示为5万元档；与列入10万元档的“王芳团队自动化改造”"
            "得分同为 83.00，按同分规则（申报登记编号小者在前）排在其后）") in out
    assert "可登记的决定：维持公示档次、空出的名额留空" in out and "本软件不能登记调高" in out
    # the 5万 project is named apart, as what it is: not the freed 10万 place's
    assert "另按排名可列入：“吴强团队工艺优化与能耗降低”（5万元档）" in out
    assert "名额空出，按排名可递补：“吴强团队工艺优化与能耗降低”" not in out


def test_the_close_says_the_tier_place_still_open_and_who_waits(reg, capsys):
    from boostdesk.panel.publicity import resolve_objection

    ids = published(reg)
    oid = record_objection(reg, ids["wu"], date(2022, 12, 22), "吴某", "属重复申报")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2022, 12, 26))
    reg.close()
    out = _cli(reg, capsys, "publicity", "close", "--date", "2022-12-27")
    assert "2 项核准助推" in out
    assert ("名额未满：10万元档名额 2 项，已有 1 项：按排名已公示的“郭敏团队安全防护装置研发”"
            "（公示为5万元档；") in out and "是否调高，待研究决定" in out
    assert ("名额未满：5万元档名额 2 项，已有 1 项：按排名“吴强团队工艺优化与能耗降低”（5万元档）"
            "待重新采纳后另批公示") in out


def test_the_window_says_it_after_the_upheld_objection_and_at_the_close(reg, tmp_path, qtbot):
    from test_ui_support import year_context

    from boostdesk.ui.publicity_screen import PublicityScreen

    ids = published(reg)
    ctx = year_context(reg, tmp_path, YEAR, "刘建国")
    notices: list[str] = []
    ctx.notice.connect(notices.append)
    screen = PublicityScreen(ctx)
    qtbot.addWidget(screen)
    oid = record_objection(reg, ids["wu"], date(2022, 12, 22), "吴某", "属重复申报")
    screen.reload()
    assert screen.resolve(oid, True, "属实", date(2022, 12, 26))
    assert "按排名应递补的是已公示的“郭敏团队安全防护装置研发”" in notices[-1]
    assert "按排名应递补的是已公示的“郭敏团队安全防护装置研发”" in screen.error.text()
    screen.reload()
    assert any("10万元档名额 2 项，已有 1 项" in line for line in screen.open_places)
    assert screen.close_period(date(2022, 12, 27))
    qtbot.waitUntil(lambda: "公示已结束" in (notices[-1] if notices else ""), timeout=10000)
    assert "名额未满：10万元档名额 2 项，已有 1 项" in notices[-1]
    assert "郭敏团队安全防护装置研发" in screen.error.text()


# -- 3. a tie at a tier boundary parted by 登记号 only ------------------------------------
def test_adopting_stops_at_a_boundary_tie_the_number_alone_decided(reg):
    ids = boundary_tie(reg)
    with pytest.raises(PanelError, match="仅按申报登记编号排定") as exc:
        adopt(reg, YEAR)
    assert "“王芳团队自动化改造”" in str(exc.value) and "“郭敏团队安全防护装置研发”" in str(exc.value)
    assert "再点“采纳为拟助推名单”时填写" in str(exc.value)  # the window's way (--tie-reason: the CLI's)
    assert reg.project(ids["wang"]).status == "review"  # nothing adopted
    adopt(reg, YEAR, tie_reason=TIE)
    assert reg.project(ids["wang"]).status == "proposed"
    assert TIE in reg.project(ids["guo"]).status_reason
    [event] = [e for e in reg.audit_trail("proposals", reg.campaign_id(YEAR))
               if e["action"] == "adopt"]
    assert event["after"]["tie_reason"] == TIE and len(event["after"]["cutoff_ties"]) == 2


def test_a_tie_settled_by_hand_does_not_stop_it(reg):
    from boostdesk.panel.tier_overrides import set_override

    ids = boundary_tie(reg)
    set_override(reg, ids["guo"], 5 * WAN, "经研究列入5万元档")
    adopt(reg, YEAR)  # the office decided the tie: no question
    assert reg.project(ids["guo"]).status == "proposed"


def test_a_tie_the_received_date_decides_at_the_cut_off_stops_it_too(reg):
    """Both papers came in before the deadline: the day between them weighs nothing of the
    projects' merit, and the plan makes no such rule (the tester's J18-J21, 65 each, J21
    received a day earlier took the last 3万 place and adopt went through)."""
    ids = boundary_tie(reg)
    reg.conn.execute("UPDATE project_applications SET received_date = '2022-10-28'"
                     " WHERE id = ?", (ids["guo"],))
    assert reg.project(ids["guo"]).received_date.isoformat() == "2022-10-28"
    with pytest.raises(PanelError, match="仅按材料报送日期排定先后") as exc:
        adopt(reg, YEAR)
    assert "本项目 2022-10-28 报送" in str(exc.value)
    assert "仅按材料报送日期（同分规则第 3 步，方案未作规定）列入5万元档" in str(exc.value)
    assert reg.project(ids["guo"]).status == "review"  # nothing adopted
    adopt(reg, YEAR, tie_reason=TIE)
    assert TIE in reg.project(ids["guo"]).status_reason


def test_the_command_line_asks_for_the_tie_reason(reg, capsys):
    boundary_tie(reg)
    reg.close()
    from boostdesk.cli import main

    assert main(["panel", "adopt", "--db", str(reg.path), "--year", str(YEAR)]) != 0
    assert "仅按申报登记编号排定" in capsys.readouterr().err
    out = _cli(reg, capsys, "panel", "adopt", "--tie-reason", TIE)
    assert f"档次分界处同分、按材料报送日期或申报登记编号确定的 2 项：{TIE}" in out


def test_the_ranking_tab_asks_before_adopting(reg, tmp_path, qtbot, monkeypatch):
    from test_ui_support import shown_screen

    from boostdesk.ui import dialogs
    from boostdesk.ui.panel_screen import PanelScreen

    ids = boundary_tie(reg)
    asked: list[str] = []
    answers = ["", TIE]
    monkeypatch.setattr(dialogs, "ask_text",
                        lambda parent, title, text, *a, **k: asked.append(text) or answers.pop(0))
    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    assert not tab.adopt()  # Esc at the question: nothing adopted
    assert "仅按申报登记编号排定" in asked[0] and reg.project(ids["wang"]).status == "review"
    assert tab.adopt()
    assert reg.project(ids["wang"]).status == "proposed"
    assert TIE in reg.project(ids["guo"]).status_reason
