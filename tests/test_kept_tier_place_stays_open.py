"""A keep-tier decision leaves the freed place open for the projects ranked below too (the
tester's 2022 season: 智能配电巡检机器人研发's 10万 upheld, 高精度数控刀具寿命预测 kept at its
published 5万 "空出名额不递补" — and ``rank``, the close, the window and the 评审汇总表 still
offered the freed 10万 place to 装配式建筑节点灌浆检测, ranked 6th below the kept project,
though it asked 5万: ``¥100,000.00（超申请）`` and 待重新采纳后另批公示)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.freed_places import freed_place_notice, open_place_lines
from boostdesk.panel.publicity import record_objection, resolve_objection, start_publicity
from boostdesk.panel.ranking import rank
from boostdesk.panel.tier_overrides import keep_published_tier
from tests.test_panel_support import (
    CITY,
    WAN,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

KEEP = "经主任办公会研究，维持公示档次，空出名额不递补"


@pytest.fixture
def season(reg) -> dict[str, int]:
    """Two 10万 and two 5万 city places published (供热 90, 智能配电 88 at 10万; 高精度 86,
    医用 84 at 5万); 装配式 80, asking 5万, left out. 智能配电's 10万 upheld."""
    c = reg.campaign(YEAR)
    reg.save_campaign(
        replace(
            c,
            tiers=tuple(
                replace(t, quota=2) if t.amount_fen in (10 * WAN, 5 * WAN) else t for t in c.tiers
            ),
        )
    )
    ids = {
        "heat": make_project(reg, "供热管网泄漏声学定位", "冯雪创新工作室", CITY),
        "grid": make_project(reg, "智能配电巡检机器人研发", "张建国创新工作室", CITY),
        "tool": make_project(reg, "高精度数控刀具寿命预测", "李秀兰劳模创新工作室", CITY),
        "tube": make_project(
            reg, "医用导管挤出工艺优化", "周敏创新工作室", CITY, requested_fen=5 * WAN
        ),
        "grout": make_project(
            reg, "装配式建筑节点灌浆检测", "王志强创新工作室", CITY, requested_fen=5 * WAN
        ),
    }
    to_review(reg, *ids.values())
    [e] = add_experts(reg, 1)
    score_all(
        reg,
        e,
        {ids["heat"]: 90, ids["grid"]: 88, ids["tool"]: 86, ids["tube"]: 84, ids["grout"]: 80},
    )
    adopt(reg, YEAR)
    start_publicity(reg, YEAR, date(2022, 11, 21))
    oid = record_objection(reg, ids["grid"], date(2022, 11, 23), "某职工", "已获其他市级资金资助")
    resolve_objection(reg, oid, upheld=True, note="异议成立", on=date(2022, 11, 25))
    assert ids["tool"] in rank(reg, YEAR).raised_amounts
    return ids


def test_the_kept_decision_leaves_the_place_open_to_those_ranked_below(reg, season):
    keep_published_tier(reg, season["tool"], KEEP)
    ranking = rank(reg, YEAR)
    row = ranking.row(season["grout"])
    assert row.amount_fen is None and not row.over_request
    assert "10万元档空出的名额经研究留空（“高精度数控刀具寿命预测”维持公示档次）" in row.reason
    assert row.reason.endswith("未获助推")
    assert not [r for r in ranking.candidates() if r.amount_fen is not None]
    lines = open_place_lines(reg.campaign(YEAR), ranking)
    [ten] = [x for x in lines if x.startswith("10万元档")]
    assert "装配式" not in ten and "待重新采纳" not in ten
    assert "已公示的“高精度数控刀具寿命预测”（公示为5万元档）不调高，名额留空" in ten
    assert not any("装配式" in x for x in lines)


def test_the_summary_notes_the_keep_decision_and_the_open_place(reg, season):
    from boostdesk.panel.score_summary import panel_summary

    keep_published_tier(reg, season["tool"], KEEP)
    rows = {r.project_id: r for r in panel_summary(reg, YEAR).rows}
    assert rows[season["grout"]].amount_fen is None
    assert rows[season["grout"]].tier == "未获助推"
    tool = "；".join(rows[season["tool"]].notes)
    assert "维持公示档次" in tool and KEEP in tool and "空出的10万元档名额留空" in tool


def test_before_the_decision_the_notice_says_what_the_app_can_record(reg, season):
    """The office's choices as the app carries them out: keep (the command and the window's
    buttons), or raise — not recorded by the app, published anew outside it."""
    text = freed_place_notice(reg, YEAR, season["grid"])
    assert "是否调高档次，请报请研究决定" not in text
    assert "点“维持公示档次…”写明理由" in text and "点“撤销维持公示档次…”" in text
    assert "调高后的档次未经公示，须按新档次另行公示，本软件不能登记调高" in text
    assert "可登记的决定：维持公示档次、空出的名额留空" in text
    # the freed 10万 place waits for the office: not offered to the 5万 request below
    assert "装配式" not in text
    row = rank(reg, YEAR).row(season["grout"])
    assert row.amount_fen is None and "待研究已公示的“高精度数控刀具寿命预测”是否调高" in row.reason


def test_the_command_line_says_the_keep_tier_command(reg, season, capsys):
    from boostdesk.cli import main

    reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert (f"用 boostdesk --db {reg.path} panel keep-tier 项目 --reason 理由 登记（有误的加 "
            "--withdraw 撤销）") in out, out
    assert "本软件不能登记调高" in out


def test_the_command_line_close_leaves_the_place_open(reg, season, capsys):
    from boostdesk.cli import main

    keep_published_tier(reg, season["tool"], KEEP)
    reg.close()
    capsys.readouterr()
    assert main(["rank", "--db", str(reg.path), "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    grout = next(x for x in out.splitlines() if "装配式建筑节点灌浆检测" in x)
    assert "超申请" not in grout and "¥100,000.00" not in grout
    assert (
        main(
            [
                "publicity",
                "close",
                "--db",
                str(reg.path),
                "--year",
                str(YEAR),
                "--date",
                "2022-11-28",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "装配式" not in out and "待重新采纳" not in out
    assert "名额留空" in out


def test_override_of_a_published_project_says_how_to_decide(reg, season):
    from boostdesk.panel.errors import PanelError
    from boostdesk.panel.tier_overrides import set_override

    with pytest.raises(PanelError) as e:
        set_override(reg, season["tool"], 10 * WAN, "研究决定按排名调高")
    assert "已进入公示，不能再调整档次" in str(e.value)
    assert "本软件不能登记调高" in str(e.value) and "维持公示档次…" in str(e.value)


def test_the_ranking_tab_shows_the_place_open_and_nothing_to_adopt(reg, season, tmp_path, qtbot):
    from test_panel_screen import cell
    from test_ui_support import shown_screen

    from boostdesk.ui.panel_rank_tab import NOTHING_TO_ADOPT
    from boostdesk.ui.panel_screen import PanelScreen

    keep_published_tier(reg, season["tool"], KEEP)
    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    row = next(r for r in range(tab.model.rowCount()) if tab.model.id_at(r) == season["grout"])
    shown = " ".join(cell(tab.table, row, c) for c in range(tab.model.columnCount()))
    assert "¥100,000.00" not in shown and "超申请" not in shown
    assert "10万元档空出的名额经研究留空" in shown
    assert not tab.adopt_button.isEnabled()
    assert tab.adopt_button.toolTip() == NOTHING_TO_ADOPT


def test_the_command_line_adopts_nothing_when_nothing_is_left_to_adopt(reg, season, capsys):
    """`panel adopt` after 维持公示档次 said 已采纳…0 项拟助推 and wrote an adoption line each
    time, which then barred taking the decision back; 排名与档次 greys its button."""
    from boostdesk.cli import main
    from boostdesk.panel.adopt_proposal import NOTHING_TO_ADOPT

    keep_published_tier(reg, season["tool"], KEEP)
    lines = reg.scalar("SELECT count(*) FROM audit_events")
    reg.close()
    capsys.readouterr()
    assert main(["panel", "adopt", "--db", str(reg.path), "--year", str(YEAR),
                 "--date", "2022-11-26", "--tie-reason", "维持"]) == 1
    assert NOTHING_TO_ADOPT in capsys.readouterr().err
    from boostdesk.models.register import Register

    again = Register.open(reg.path)
    try:
        assert again.scalar("SELECT count(*) FROM audit_events") == lines
    finally:
        again.close()
