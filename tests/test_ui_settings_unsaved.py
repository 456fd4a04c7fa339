"""设置's plan typed and not saved is never thrown away unasked: switching the year, closing
the window, a restore and 新建下一年度 ask 保存 / 放弃 / 返回修改 as a paper form asks at
Ctrl+Q, and a write elsewhere fills the other fields anew, the typed ones kept."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_ui_support import answers, ctx, press, qsettings, type_text, window

from boostdesk.models import plan_2022
from boostdesk.ui import dialogs

__all__ = ["answers", "ctx", "qsettings", "window"]

REAL_ASK_OR_BACK = dialogs.ask_or_back  # before the ``answers`` fixture scripts it


def typed_2023(qtbot: Any, window: Any, reg: Any, ctx: Any) -> Any:
    """2022 and 2023 set up, 设置 on 2023, a new contact and 公示天数 9 typed, not saved."""
    reg.save_campaign(plan_2022().for_year(2023))
    window._fill_years()
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    screen.notice_contact.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "赵六 83570111")
    screen.publicity_days.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.publicity_days, "9")
    press(qtbot, Qt.Key.Key_Tab)
    assert (screen.notice_contact.text(), screen.publicity_days.value()) == ("赵六 83570111", 9)
    return screen


def year_box_up(qtbot: Any, window: Any) -> None:
    """The toolbar's 年度 box, one year back, by the keyboard."""
    window.year_box.setFocus()
    press(qtbot, Qt.Key.Key_Up, widget=window.year_box)


def test_going_back_to_the_typing_keeps_the_year_and_the_fields(window, qtbot, reg, ctx, answers):
    screen = typed_2023(qtbot, window, reg, ctx)
    window.show_screen(0)  # another screen, then the year box
    answers.yes = None  # 返回修改 (Esc)
    year_box_up(qtbot, window)
    assert len(answers.questions) == 1
    assert "设置中 2023 年度计划已填写的内容（核对意见联系人及电话、公示天数）尚未保存" in answers.questions[0]
    assert "切换到 2022 年度" in answers.questions[0]
    assert ctx.year == 2023 and window.year_box.currentData() == 2023  # the box back on 2023
    assert window.stack.currentWidget() is screen  # the typing shown
    assert (screen.notice_contact.text(), screen.publicity_days.value()) == ("赵六 83570111", 9)
    assert reg.campaign(2023).publicity_days == plan_2022().publicity_days


def test_discarding_switches_and_the_plan_stored_is_shown_again(window, qtbot, reg, ctx, answers):
    screen = typed_2023(qtbot, window, reg, ctx)
    answers.yes = False  # 放弃并切换 (Alt+N)
    year_box_up(qtbot, window)
    assert ctx.year == 2022 and window.year_box.currentData() == 2022
    window.year_box.setFocus()
    press(qtbot, Qt.Key.Key_Down, widget=window.year_box)  # back to 2023: nothing typed now
    assert ctx.year == 2023 and len(answers.questions) == 1
    stored = reg.campaign(2023)
    assert (screen.notice_contact.text(), screen.publicity_days.value()) == (
        stored.notice_contact, stored.publicity_days)
    assert stored.notice_contact != "赵六 83570111"
    screen.patent_award.setFocus()  # the same amount written otherwise: nothing to ask
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.patent_award, "3000")
    year_box_up(qtbot, window)
    assert ctx.year == 2022 and len(answers.questions) == 1


def test_saving_stores_the_typing_then_switches(window, qtbot, reg, ctx, answers):
    typed_2023(qtbot, window, reg, ctx)
    answers.yes = True  # 保存并切换 (Enter)
    year_box_up(qtbot, window)
    assert ctx.year == 2022
    stored = reg.campaign(2023)
    assert (stored.notice_contact, stored.publicity_days) == ("赵六 83570111", 9)


def test_a_save_refused_keeps_the_year_and_the_typing(window, qtbot, reg, ctx, answers):
    screen = typed_2023(qtbot, window, reg, ctx)
    screen.patent_award.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.patent_award, "abc")
    answers.yes = True  # 保存并切换: refused, the amount unreadable
    year_box_up(qtbot, window)
    assert ctx.year == 2023 and window.year_box.currentData() == 2023
    assert "每项专利助推金额" in screen.campaign_message.text()
    assert screen.notice_contact.text() == "赵六 83570111"


def test_the_year_menu_kept_on_the_year_when_going_back(window, qtbot, reg, ctx, answers):
    typed_2023(qtbot, window, reg, ctx)
    answers.yes = None
    action = next(a for a in window.year_group.actions() if a.data() == 2022)
    action.trigger()
    assert ctx.year == 2023
    assert [a.data() for a in window.year_group.actions() if a.isChecked()] == [2023]


def test_closing_the_window_asks_and_going_back_keeps_it_open(window, qtbot, reg, ctx, answers):
    screen = typed_2023(qtbot, window, reg, ctx)
    window.show_screen(0)
    answers.yes = None  # 返回修改
    window.close()
    assert window.isVisible() and window.stack.currentWidget() is screen
    assert "保存后退出，还是放弃这些内容并退出" in answers.questions[-1]
    assert screen.notice_contact.text() == "赵六 83570111"
    answers.yes = True  # 保存并退出
    window.close()
    assert not window.isVisible()
    assert reg.campaign(2023).notice_contact == "赵六 83570111"


def test_a_write_elsewhere_refills_the_fields_and_keeps_the_typed_ones(window, qtbot, reg, ctx,
                                                                      answers):
    screen = typed_2023(qtbot, window, reg, ctx)
    screen.operator.setFocus()  # another box of 设置 saved: every screen told ("all")
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "录入员乙")
    press(qtbot, Qt.Key.Key_Return)
    assert ctx.operator == "录入员乙"
    assert (screen.notice_contact.text(), screen.publicity_days.value()) == ("赵六 83570111", 9)
    # another window's save of the same year: its field shown, the typed ones kept
    reg.save_campaign(reg.campaign(2023).with_changes(patent_award_fen=5000_00))
    ctx.changed.emit("campaign")
    assert screen.patent_award.text() == "5,000.00"
    assert (screen.notice_contact.text(), screen.publicity_days.value()) == ("赵六 83570111", 9)
    assert "仍保留，尚未保存" in screen.campaign_message.text()
    assert answers.questions == []


def test_a_restore_asks_first_and_going_back_restores_nothing(window, qtbot, reg, ctx, answers,
                                                            tmp_path):
    screen = typed_2023(qtbot, window, reg, ctx)

    class Chosen:  # the restore dialog, a backup chosen and 恢复 agreed
        other_register = None

        def chosen_file(self) -> Any:
            return tmp_path / "backup.zip"

    answers.yes = None
    window._restore_chosen(Chosen())
    assert "保存后从备份恢复" in answers.questions[-1]
    assert not ctx.busy and window.screens and window.stack.currentWidget() is screen
    assert screen.notice_contact.text() == "赵六 83570111"


def test_new_year_asks_about_the_typing_first(window, qtbot, reg, ctx, answers):
    screen = typed_2023(qtbot, window, reg, ctx)
    answers.yes = None
    assert not screen.new_campaign()
    assert reg.campaign_years() == [2022, 2023]
    assert "新建下一年度" in answers.questions[-1]


def test_the_question_answers_by_keyboard_esc_going_back_enter_saving(window, qtbot, reg, ctx,
                                                                     answers, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_or_back", REAL_ASK_OR_BACK)
    screen = typed_2023(qtbot, window, reg, ctx)
    seen: list[str] = []

    def answer(key: Qt.Key) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, lambda: answer(key))
            return
        seen.append(box.text())
        seen.extend(b.text() for b in box.buttons())
        qtbot.keyClick(box, key)

    QTimer.singleShot(0, lambda: answer(Qt.Key.Key_Escape))
    year_box_up(qtbot, window)
    assert ctx.year == 2023 and window.year_box.currentData() == 2023
    assert {"保存并切换(&Y)", "放弃并切换(&N)", "返回修改(&B)"} <= set(seen)
    assert screen.notice_contact.text() == "赵六 83570111"
    QTimer.singleShot(0, lambda: answer(Qt.Key.Key_Return))
    year_box_up(qtbot, window)
    assert ctx.year == 2022
    assert reg.campaign(2023).notice_contact == "赵六 83570111"


def test_saving_a_grant_window_overlapping_last_years_asks_back_the_default(window, qtbot, reg,
                                                                           ctx, answers):
    """2023's window typed over 2022's (2021): asked before it is stored, 返回修改 keeps
    the plan as it was; 仍然保存 stores it."""
    from datetime import date

    reg.save_campaign(plan_2022().for_year(2023))
    window._fill_years()
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    screen.grant_start.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.grant_start, "2021-10-01")
    answers.yes = False  # 返回修改
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ("2023 年度的专利授权期间与 2022 年度的专利授权期间（2021-01-01 至 2021-12-31）重叠"
            " 2021-10-01 至 2021-12-31（92 天）") in answers.questions[-1]
    assert reg.campaign(2023).grant_window_start == date(2022, 1, 1)
    assert "未保存" in screen.campaign_message.text()
    assert screen.grant_start.text() == "2021-10-01"  # the typing kept, to be corrected
    answers.yes = True  # 仍然保存
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert reg.campaign(2023).grant_window_start == date(2021, 10, 1)


def test_saving_a_gap_between_years_asks_too(window, qtbot, reg, ctx, answers):
    reg.save_campaign(plan_2022().for_year(2023))
    window._fill_years()
    ctx.set_year(2023)
    screen = window.screen_named("设置")
    screen.grant_start.setFocus()
    press(qtbot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(screen.grant_start, "2022-03-01")
    answers.yes = False
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert "之间空出 2022-01-01 至 2022-02-28（59 天）" in answers.questions[-1]
    assert reg.campaign(2023).grant_window_start.isoformat() == "2022-01-01"


def test_a_todo_item_of_another_year_waits_for_the_answer(window, qtbot, reg, ctx, answers):
    """Enter on 待办's item of 2022 while 2023's plan is typed: 返回修改 keeps 2023 and 设置."""
    from boostdesk.todo import TodoItem
    from boostdesk.todo.items import PATENTS
    from boostdesk.ui.todo_jump import go_to

    screen = typed_2023(qtbot, window, reg, ctx)
    answers.yes = None
    item = TodoItem("late", 2022, "专利1", "", "", "", screen_label=PATENTS)
    assert go_to(window, item) is None
    assert ctx.year == 2023 and window.stack.currentWidget() is screen
    assert "切换到 2022 年度" in answers.questions[-1]
