"""排名与档次 and the detail pane on a project passed against a failed condition of the plan
(test_passed_against: the rules, the CLI and the 审批表): marked on its row, said above the
list, asked about at adopt; the pane says the clause and the office's reason."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from test_passed_against import ADOPT_REASON, j04, set_approval
from test_plan_choices_screens import _asked, _rank_tab
from test_ui_support import answers, ctx, qsettings, window

__all__ = ["answers", "ctx", "qsettings", "window"]

SAID = "资格审核经研究通过，但不符合方案二（二）1（立项日期 2023-01-01 不在 2022 年内）；理由：经研究同意"


def _row(tab, title: str) -> int:
    return next(r for r in range(tab.model.rowCount())
                if tab.model.index(r, 2).data() == title)


def test_the_ranking_marks_it_and_adopting_asks(reg, tmp_path, qtbot, monkeypatch):
    ids = j04(reg)
    asked = _asked(monkeypatch, ["", ADOPT_REASON])
    tab = _rank_tab(qtbot, reg, tmp_path)
    row = _row(tab, "项目J04")
    assert tab.model.index(row, 8).data() == "¥30,000.00（不符合方案）"
    assert tab.model.index(row, 8).data(Qt.ItemDataRole.ToolTipRole) == SAID
    assert SAID in tab.model.index(row, 9).data()
    assert tab.model.index(_row(tab, "项目J05"), 8).data() == "—"
    assert "不符合方案条件、经资格审核通过 1 项（档次一栏注“不符合方案”），列入拟助推档次的采纳时须确认" \
        in tab.waiting.text()
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)  # Esc at the question
    assert asked[0].startswith("不符合方案条件的项目列入拟助推档次：以下项目不符合方案规定的条件")
    assert reg.project(ids["j04"]).status == "review"  # nothing adopted
    qtbot.mouseClick(tab.adopt_button, Qt.MouseButton.LeftButton)
    assert reg.project(ids["j04"]).status == "proposed"
    assert ADOPT_REASON in reg.project(ids["j04"]).status_reason


def test_corrected_the_ranking_no_longer_marks_it(reg, tmp_path, qtbot):
    ids = j04(reg)
    set_approval(reg, ids["j04"], date(2022, 12, 1))
    tab = _rank_tab(qtbot, reg, tmp_path)
    assert tab.model.index(_row(tab, "项目J04"), 8).data() == "¥30,000.00"
    assert "不符合方案条件" not in tab.waiting.text()


def test_the_detail_pane_says_the_clause_and_the_reason(reg, qtbot):
    from boostdesk.models.records import PROJECT
    from boostdesk.ui.detail import DetailPane

    ids = j04(reg)
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.show_application(PROJECT, ids["j04"])
    assert f"注意：{SAID}" in pane.toPlainText()
    pane.show_application(PROJECT, ids["j05"])
    assert "不符合方案" not in pane.toPlainText()
