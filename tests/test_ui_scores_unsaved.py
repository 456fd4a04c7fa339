"""评分录入's scores typed and not saved are never thrown away unasked: switching the year,
a restore and closing the window ask 保存草稿 / 放弃 / 返回修改 as 设置 asks (the year
switched over them, and the grid showed the new year's sheet with the typing gone)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.models import plan_2022
from boostdesk.panel.experts import assign
from boostdesk.panel.scoring import expert_sheet
from boostdesk.ui import dialogs
from tests.test_panel_support import YEAR, add_experts, make_project, to_review

__all__ = ["answers", "ctx", "qsettings", "window"]

REAL_ASK_OR_BACK = dialogs.ask_or_back  # before the ``answers`` fixture scripts it


def typed_scores(qtbot: Any, window: Any, reg: Any, ctx: Any, enter: bool = True) -> Any:
    """2022 and 2023 set up, 2022 in view; on 专家评审 → 评分录入 the one expert's first two
    scores typed (the second left in its cell's editor unless ``enter``), not saved."""
    pid = make_project(reg, "数控机床主轴热变形补偿", "张三创新工作室")
    to_review(reg, pid)
    [eid] = add_experts(reg, 1)
    assign(reg, eid, pid)
    reg.save_campaign(plan_2022().for_year(YEAR + 1))
    window._fill_years()
    ctx.set_year(YEAR)
    screen = window.screen_named("专家评审")  # shown
    tab = screen.show_tab("评分录入")
    tab.table.setFocus()
    assert tab.table.currentIndex().column() == 1
    for text, last in (("18", False), ("12", True)):
        for ch in text:
            qtbot.keyClick(QApplication.focusWidget(), ch)
        if enter or not last:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    return screen, tab, eid


def scores_of(reg: Any, eid: int) -> list[int]:
    return sorted(expert_sheet(reg, eid)[0].scores_x10.values())


def year_box_down(qtbot: Any, window: Any) -> None:
    """The toolbar's 年度 box, one year on (2023), by the keyboard."""
    window.year_box.setFocus()
    press(qtbot, Qt.Key.Key_Down, widget=window.year_box)


def test_going_back_keeps_the_year_and_the_scores(window, qtbot, reg, ctx, answers):
    screen, tab, eid = typed_scores(qtbot, window, reg, ctx)
    window.show_screen(0)  # another screen, then the year box
    answers.yes = None  # 返回修改 (Esc)
    year_box_down(qtbot, window)
    [asked] = answers.questions
    assert "评分录入中专家“专家1”的评分有改动尚未保存" in asked and "切换到 2023 年度" in asked
    assert ctx.year == YEAR and window.year_box.currentData() == YEAR
    assert window.stack.currentWidget() is screen and screen.tabs.currentWidget() is tab
    assert tab.total_text(0) == "30.0" and tab.unsaved and scores_of(reg, eid) == []
    assert "未切换" in tab.state.text()


def test_discarding_switches_and_saving_stores_a_draft_first(window, qtbot, reg, ctx, answers):
    _screen, tab, eid = typed_scores(qtbot, window, reg, ctx)
    answers.yes = False  # 放弃并切换 (Alt+N)
    year_box_down(qtbot, window)
    assert ctx.year == YEAR + 1 and scores_of(reg, eid) == []
    window.year_box.setFocus()
    press(qtbot, Qt.Key.Key_Up, widget=window.year_box)  # back: nothing typed, nothing asked
    assert ctx.year == YEAR and len(answers.questions) == 1
    assert tab.total_text(0) == "" and not tab.unsaved
    tab.table.setFocus()
    for ch in "15":
        qtbot.keyClick(QApplication.focusWidget(), ch)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    answers.yes = True  # 保存草稿并切换 (Enter)
    year_box_down(qtbot, window)
    assert ctx.year == YEAR + 1 and scores_of(reg, eid) == [150]
    assert not expert_sheet(reg, eid)[0].submitted


def test_a_score_still_in_its_cell_is_asked_about_at_closing(window, qtbot, reg, ctx, answers):
    """The last score typed, Enter not pressed: its editor still open when the window
    closes (Ctrl+Q, the title bar's ×) — it is typing too."""
    screen, tab, eid = typed_scores(qtbot, window, reg, ctx, enter=False)
    assert tab.table.state() == tab.table.State.EditingState
    window.show_screen(0)
    answers.yes = None  # 返回修改: the window stays, on the scores
    assert not window.close()
    assert "保存为草稿后退出，还是放弃这些改动并退出" in answers.questions[-1]
    assert window.stack.currentWidget() is screen and screen.tabs.currentWidget() is tab
    assert tab.total_text(0) == "30.0"
    answers.yes = True  # 保存草稿并退出
    assert window.close()
    assert scores_of(reg, eid) == [120, 180]


def test_discarding_at_closing_stores_nothing(window, qtbot, reg, ctx, answers):
    _screen, _tab, eid = typed_scores(qtbot, window, reg, ctx)
    answers.yes = False  # 放弃并退出
    assert window.close()
    assert scores_of(reg, eid) == []


def test_a_restore_asks_first_and_going_back_restores_nothing(window, qtbot, reg, ctx, answers,
                                                            tmp_path):
    screen, tab, _eid = typed_scores(qtbot, window, reg, ctx)

    class Chosen:  # the restore dialog, a backup chosen and 恢复 agreed
        other_register = None

        def chosen_file(self) -> Any:
            return tmp_path / "backup.zip"

    answers.yes = None
    window._restore_chosen(Chosen())
    assert "保存为草稿后从备份恢复" in answers.questions[-1]
    assert not ctx.busy and window.stack.currentWidget() is screen
    assert tab.total_text(0) == "30.0" and tab.unsaved


def test_the_question_answers_by_keyboard(window, qtbot, reg, ctx, answers, monkeypatch):
    """The real box: Esc goes back, its buttons say what they do."""
    monkeypatch.setattr(dialogs, "ask_or_back", REAL_ASK_OR_BACK)
    _screen, tab, _eid = typed_scores(qtbot, window, reg, ctx)
    seen: list[str] = []

    def answer(key: Qt.Key) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, lambda: answer(key))
            return
        seen.extend(b.text() for b in box.buttons())
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, lambda: answer(Qt.Key.Key_Escape))
    year_box_down(qtbot, window)
    assert ctx.year == YEAR and tab.total_text(0) == "30.0"
    assert {"保存草稿并切换(&Y)", "放弃并切换(&N)", "返回修改(&B)"} <= set(seen)
    # the scripted answers back before pytest-qt closes the window, whose scores are still
    # unsaved: the real box would wait there for a key no one presses
    monkeypatch.setattr(dialogs, "ask_or_back", answers.ask_or_back)
