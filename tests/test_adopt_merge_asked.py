"""Adopting the next batch while a list adopted earlier still awaits publicity merged the
two silently (one 待公示：拟助推 11 项, the earlier adoption's day gone): now asked first,
saying what is replaced — the window's question, the command's --yes — and the earlier
adoption's day kept in the trail."""

from __future__ import annotations

import json

import pytest

from boostdesk.panel.adopt_proposal import MergeAsked, adopt
from boostdesk.panel.errors import PanelError
from tests.test_panel_support import YEAR, make_project, score_all, to_review, two_adopted


def _next_batch(reg) -> int:
    """两 projects adopted 2022-12-05 (unpublished), then one more reviewed and scored."""
    ids = two_adopted(reg)
    reg.conn.execute("UPDATE proposals SET adopted_on = '2022-12-05'")
    expert = reg.scalar("SELECT id FROM experts")
    late = make_project(reg, "市级丁项目", "工作室丁", "city")
    to_review(reg, late)
    score_all(reg, expert, {late: 85})
    assert reg.project(ids["a"]).status == "proposed"
    return late


def test_adopting_into_an_unpublished_list_is_asked_and_its_day_kept(reg):
    late = _next_batch(reg)
    with pytest.raises(MergeAsked) as asked:
        adopt(reg, YEAR)
    said = str(asked.value)
    assert said.startswith(f"{YEAR} 年度于 2022-12-05 采纳的拟助推名单（拟助推 2 项）尚未公示")
    assert "“市级丁项目”" in said and isinstance(asked.value, PanelError)
    assert reg.project(late).status == "review"  # nothing adopted
    adopt(reg, YEAR, merge_unpublished=True)
    assert reg.project(late).status == "proposed"
    after = json.loads(reg.scalar("SELECT after FROM audit_events WHERE action = 'adopt'"
                                  " ORDER BY id DESC LIMIT 1"))
    assert after["replaced_list"] == "2022-12-05 采纳的拟助推名单（拟助推 2 项）"


def test_adopting_the_same_projects_again_is_not_asked(reg):
    two_adopted(reg)
    adopt(reg, YEAR)  # a correction of the standing list: nothing joins it
    assert "replaced_list" not in reg.scalar(
        "SELECT after FROM audit_events WHERE action = 'adopt' ORDER BY id DESC LIMIT 1")


def test_the_ranking_tab_asks_before_merging(reg, tmp_path, qtbot, monkeypatch):
    from test_ui_support import shown_screen

    from boostdesk.ui import dialogs
    from boostdesk.ui.panel_screen import PanelScreen

    late = _next_batch(reg)
    asked: list[tuple[str, str]] = []
    answers = [False, True]
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda parent, title, text, *a, **k:
                        asked.append((title, text)) or answers.pop(0))
    w = shown_screen(qtbot, PanelScreen, reg, tmp_path, YEAR)
    tab = w.show_tab("排名与档次")
    w.refresh()
    assert not tab.adopt()  # 取消: nothing adopted
    assert asked[0][0] == "合并采纳拟助推名单" and "2022-12-05 采纳的拟助推名单" in asked[0][1]
    assert "请确认合并采纳" in asked[0][1] and reg.project(late).status == "review"
    assert tab.adopt()
    assert reg.project(late).status == "proposed"
