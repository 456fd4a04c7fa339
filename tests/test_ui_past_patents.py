"""专利助推's 往年 ▾ at an earlier year: 补录往年核准名单… — the clerk picks the list the office
kept; a list with a wrong line is refused whole, the line named; the right one records the
year's patents as awarded. At the newest year the menu is not shown."""

from __future__ import annotations

import os
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from boostdesk.models import plan_2022
from boostdesk.ui.register_screen import PatentScreen
from tests.test_rules_years import _number, patent
from tests.test_ui_support import answers, year_context  # noqa: F401

SHOTS = os.environ.get("PAST_SHOTS")  # a folder for the screenshots, to look at by hand
FIRST, SECOND = _number("201510654301"), _number("201510654302")


@pytest.fixture
def screen(reg, tmp_path, qtbot, qapp, answers):  # noqa: F811 - fixture
    reg.save_campaign(plan_2022().for_year(2016))
    ids = [reg.save_patent(patent(2016, patent_number_raw=FIRST)),
           reg.save_patent(patent(2016, patent_number_raw=SECOND, inventor_name="李四",
                                  id_number="110108198503070031"))]
    ctx = year_context(reg, tmp_path, 2016, "刘建国")
    w = PatentScreen(ctx)
    qtbot.addWidget(w)
    w.resize(1280, 700)
    w.show()
    qtbot.waitExposed(w)
    yield ids, ctx, w
    ctx.shutdown()


def _past_item(w, text: str):
    return next(a for a in w.buttons["record_past"].menu().actions()
                if re.sub(r"\(&\w\)", "", a.text()) == text)  # its letter aside


def test_the_clerk_records_2016s_patents_from_the_menu(  # noqa: F811 - fixtures
        screen, reg, answers, tmp_path, monkeypatch):  # noqa: F811
    ids, ctx, w = screen
    assert w.buttons["record_past"].isVisible()
    wrong, right = tmp_path / "错.csv", tmp_path / "2016年专利名单.csv"
    wrong.write_text(f"专利号,核准日期\n{FIRST},2016-12-20\n{FIRST},2016-12-20\n", encoding="utf-8")
    right.write_text(f"专利号,核准日期,拨付日期\n{FIRST},2016-12-20,2017-03-01\n"
                     f"{SECOND},2016-12-20,\n", encoding="utf-8")
    chosen = [str(wrong)]
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (chosen[0], ""))
    if SHOTS:
        w.grab().save(f"{SHOTS}/patent_screen_2016.png")
    _past_item(w, "补录往年核准名单…").trigger()
    assert answers.errors and "第 3 行：专利号" in answers.errors[-1][1]
    assert "与第 2 行是同一专利" in answers.errors[-1][1]
    assert [reg.patent(i).status for i in ids] == ["registered", "registered"]
    chosen[0] = str(right)
    _past_item(w, "补录往年核准名单…").trigger()
    assert "已补录 2016 年度 2 项专利核准，合计 ¥6,000.00" in answers.infos[-1][1]
    assert "1 项按往年已拨付记" in answers.infos[-1][1]
    assert [reg.patent(i).status for i in ids] == ["paid", "approved"]
    shown = [[w.model.headerData(c, Qt.Orientation.Horizontal) for c in range(w.model.columnCount())]]
    shown += [[w.model.index(w.model.row_of(i), c).data() for c in range(w.model.columnCount())]
              for i in ids]
    status = shown[0].index("状态")
    assert [row[status] for row in shown[1:]] == ["已拨付", "核准"]  # the list reloaded
    ctx.set_year(2022)
    assert not w.buttons["record_past"].isVisible()
    before = len(answers.errors)
    assert w.record_past_list() is None  # 编辑 → 补录往年名单… at the newest year
    assert len(answers.errors) == before + 1 and "最新的年度" in answers.errors[-1][1]
