"""The list checked before 开始公示 is numbered as the list then posted: the draft (`publicity
list --xlsx`, the 公示 screen's 待公示) numbered the projects by 登记号 within each tier, the
posted list by rank — two lists of one title, 拟助推创新项目公示名单, numbered otherwise. The
draft now follows the posted order and says in its title that it is a draft, not posted."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from boostdesk.panel.adopt_proposal import adopt
from boostdesk.panel.publicity import start_publicity, waiting_rows
from boostdesk.panel.publicity_docs import publicity_list, write_publicity_xlsx
from tests.test_panel_support import (
    CITY,
    DISTRICT,
    YEAR,
    add_experts,
    make_project,
    score_all,
    to_review,
)

TITLE = "北京市总工会2022年职工创新助推计划拟助推创新项目公示名单"


@pytest.fixture
def adopted(reg):
    """Three city projects of one tier and a district one, the city ones registered in the
    order opposite to their ranking."""
    from dataclasses import replace

    c = reg.campaign(YEAR)
    reg.save_campaign(replace(c, tiers=tuple(
        replace(t, quota=0) if t.amount_fen == 10 * 10_000_00 else t for t in c.tiers)))
    ids = [make_project(reg, f"市级项目{n}", f"工作室{n}", CITY) for n in "甲乙丙"]
    ids.append(make_project(reg, "区级项目丁", "工作室丁", DISTRICT))
    to_review(reg, *ids)
    [e] = add_experts(reg, 1)
    score_all(reg, e, {ids[0]: 78, ids[1]: 84, ids[2]: 91, ids[3]: 80})
    adopt(reg, YEAR)
    return ids


def test_the_draft_is_numbered_as_the_posted_list_and_titled_a_draft(reg, adopted, tmp_path):
    draft = publicity_list(reg, YEAR)
    assert draft.title == TITLE + "　草稿（未公示）"
    assert [row[:2] for row in draft.table()] == [["1", "市级项目丙"], ["2", "市级项目乙"],
                                                 ["3", "市级项目甲"], ["4", "区级项目丁"]]
    assert [r.title for r in waiting_rows(reg, YEAR)] == ["市级项目丙", "市级项目乙", "市级项目甲",
                                                          "区级项目丁"]
    ws = openpyxl.load_workbook(write_publicity_xlsx(reg, YEAR, tmp_path / "草稿.xlsx")).active
    assert ws["A1"].value == TITLE + "　草稿（未公示）"
    assert [ws.cell(r, 2).value for r in range(4, 8)] == ["市级项目丙", "市级项目乙", "市级项目甲",
                                                          "区级项目丁"]
    start_publicity(reg, YEAR, date(2022, 12, 20))
    posted = publicity_list(reg, YEAR)
    assert posted.title == TITLE
    assert [row[:2] for row in posted.table()] == [row[:2] for row in draft.table()]


def test_the_publicity_screen_numbers_the_draft_as_it_will_be_posted(reg, adopted, tmp_path,
                                                                     qtbot):
    from test_ui_support import year_context

    from boostdesk.ui.publicity_screen import PublicityScreen

    ctx = year_context(reg, tmp_path, YEAR, "刘建国")
    screen = PublicityScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    model = screen.table.model()
    shown = [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]
    assert shown == [("1", "市级项目丙"), ("2", "市级项目乙"), ("3", "市级项目甲"), ("4", "区级项目丁")]
    assert "名单草稿（未公示）" in screen.info.text()
