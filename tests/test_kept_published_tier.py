"""维持公示档次: the office keeps a published project the ranking now places higher (a
tier place above freed by an upheld objection) at its published tier (二（四）3: 公示无异议
的按公示档次核准), with its reason; the ranking, the freed place's notice and the close
then say the place was left open by that decision instead of asking again."""

from __future__ import annotations

from datetime import date

import pytest
from test_freed_places import published
from test_panel_support import YEAR

from boostdesk import audit_log
from boostdesk.panel.errors import PanelError
from boostdesk.panel.freed_places import open_place_lines
from boostdesk.panel.publicity import record_objection, resolve_objection
from boostdesk.panel.ranking import rank
from boostdesk.panel.tier_overrides import keep_published_tier

REASON = "经主任办公会研究，按公示档次核准"


@pytest.fixture
def freed(reg):
    """吴强's 10万 upheld: 郭敏, published at 5万, ranked into the freed 10万 place."""
    ids = published(reg)
    oid = record_objection(reg, ids["wu"], date(2022, 12, 22), "吴某", "属重复申报")
    resolve_objection(reg, oid, upheld=True, note="属实", on=date(2022, 12, 26))
    assert ids["guo"] in rank(reg, YEAR).raised_amounts
    return ids


def test_kept_at_the_published_tier_the_ranking_stops_asking(reg, freed):
    reg.operator = "刘建国"
    kept = keep_published_tier(reg, freed["guo"], REASON)
    assert kept.said.startswith("经研究维持公示档次（刘建国，") and kept.said.endswith(f"：{REASON}）")
    ranking = rank(reg, YEAR)
    assert freed["guo"] not in ranking.raised_amounts and not ranking.raised
    note = ranking.row(freed["guo"]).full_reason
    assert "按现有排名本项目可列入10万元档（公示为5万元档）：经研究维持公示档次（刘建国，" in note
    assert "请报请研究" not in note
    lines = open_place_lines(reg.campaign(YEAR), ranking)
    ten = next(x for x in lines if x.startswith("10万元档"))
    assert ten.startswith("10万元档名额 2 项，已有 1 项：已公示的“郭敏团队安全防护装置研发”"
                          "（公示为5万元档）不调高，名额留空：经研究维持公示档次（刘建国，")
    assert "待研究决定" not in ten
    # the 5万 project the ranking gives a place is still said, as before
    assert any("“吴强团队工艺优化与能耗降低”（5万元档）待重新采纳后另批公示" in x for x in lines)
    (line,) = [x for x in audit_log.trail(reg, application=("project", freed["guo"]))
               if x.action == "维持公示档次"]
    assert line.operator == "刘建国" and f"理由：{REASON}" in line.details
    assert "公示档次：¥50,000.00" in line.details and "按现有排名的档次：¥100,000.00" in line.details


def test_refused_without_a_reason_for_a_project_not_raised_and_twice(reg, freed):
    with pytest.raises(PanelError, match="请填写维持公示档次的理由"):
        keep_published_tier(reg, freed["guo"], "  ")
    with pytest.raises(PanelError, match="没有比公示更高的档次"):
        keep_published_tier(reg, freed["wang"], REASON)
    keep_published_tier(reg, freed["guo"], REASON)
    with pytest.raises(PanelError, match="已经研究维持公示档次"):
        keep_published_tier(reg, freed["guo"], REASON)
    assert len([e for e in reg.audit_trail("project_applications", freed["guo"])
                if e["action"] == "keep_published_tier"]) == 1


def _cli(reg, capsys, *args: str) -> str:
    from boostdesk.cli import main

    capsys.readouterr()
    code = main([*args, "--db", str(reg.path), "--year", str(YEAR)])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_the_command_line_records_it_and_the_close_says_the_place_was_left_open(reg, freed,
                                                                                capsys):
    reg.close()
    out = _cli(reg, capsys, "rank")
    assert "是否调高请报请研究" in out
    out = _cli(reg, capsys, "panel", "keep-tier", "郭敏团队安全防护装置研发", "--reason", REASON,
               "--operator", "刘建国")
    assert "已登记：项目“郭敏团队安全防护装置研发”维持公示档次（5万元档，按现有排名可列入10万元档）" in out
    out = _cli(reg, capsys, "rank")
    assert "是否调高请报请研究" not in out and "已公示项目按现有排名可列入较高档次" not in out
    assert "经研究维持公示档次（刘建国，" in out
    out = _cli(reg, capsys, "publicity", "close", "--date", "2022-12-27")
    assert ("名额未满：10万元档名额 2 项，已有 1 项：已公示的“郭敏团队安全防护装置研发”（公示为5万元档）"
            "不调高，名额留空：经研究维持公示档次（刘建国，") in out
    assert "待研究决定" not in out.split("10万元档")[1].split("\n")[0]


def test_the_ranking_tab_records_it(reg, freed, tmp_path, qtbot, monkeypatch):
    from PySide6.QtCore import Qt
    from test_panel_screen import cell
    from test_ui_support import shown_screen

    from boostdesk.ui import dialogs
    from boostdesk.ui.keep_selection import select_ids
    from boostdesk.ui.panel_screen import PanelScreen

    asked: list[str] = []
    replies = ["", REASON]
    monkeypatch.setattr(dialogs, "ask_text",
                        lambda parent, title, text, *a, **k: asked.append(text) or replies.pop(0))
    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    assert "已公示项目按现有排名可列入较高档次" in tab.waiting.text()
    select_ids(tab.table, [freed["wang"]], freed["wang"])
    assert not tab.keep_button.isEnabled()  # not raised: nothing to decide
    select_ids(tab.table, [freed["guo"]], freed["guo"])
    assert tab.keep_button.isEnabled()
    qtbot.mouseClick(tab.keep_button, Qt.MouseButton.LeftButton)  # Esc at the question
    assert "“郭敏团队安全防护装置研发”公示为5万元档，按现有排名可列入10万元档" in asked[0]
    assert freed["guo"] in rank(reg, YEAR).raised_amounts
    qtbot.mouseClick(tab.keep_button, Qt.MouseButton.LeftButton)
    assert tab.outcome.text().startswith("已登记：“郭敏团队安全防护装置研发”经研究维持公示档次（刘建国，")
    assert "已公示项目按现有排名可列入较高档次" not in tab.waiting.text()
    row = next(r for r in range(tab.model.rowCount()) if tab.model.id_at(r) == freed["guo"])
    assert "经研究维持公示档次（刘建国，" in cell(tab.table, row, 9)
    assert not tab.keep_button.isEnabled()
