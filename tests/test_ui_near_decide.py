"""改变状态 on a paper with an uncleared near-copy 提示: 资格审核通过 asks first, naming the
paper it may copy (the tester's 专利64, 黎明 with the paid 黎明's phone and an ID one digit
off, passed and approved with no word); 取消 leaves it as it was."""

from __future__ import annotations

from fixtures.summary_sheets import card, patent_no
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_near_copies import NEAR_ID, patent, project
from test_ui_status_dialog_keys import _choose
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.models import plan_2022
from boostdesk.rules import recheck
from boostdesk.ui.status_dialog import StatusDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


def answer_box(asked: list[str], key: Qt.Key, buttons: list[list[str]] | None = None) -> None:
    """Once the near-copy question is up: its text noted (and its buttons' words), then
    answered with Alt+``key``, as the clerk answers it."""
    def run() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, run)
            return
        asked.append(box.text().replace("\u200b", ""))
        if buttons is not None:
            buttons.append([b.text() for b in box.buttons()])
        box.activateWindow()  # (offscreen: the clerk's box is the active window)
        QTimer.singleShot(50, lambda: QTest.keyClick(box, key, ALT))
    QTimer.singleShot(0, run)


def test_passing_a_near_copy_in_the_status_dialog_asks_first(window, qtbot, reg, answers):
    reg.save_campaign(plan_2022())
    first = reg.save_patent(patent(patent_no("202110123456")))
    copy = reg.save_patent(patent(patent_no("202110654321"), id_number=NEAR_ID,
                                  card_number=card("621700009876543")))
    recheck(reg)
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(copy)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    _choose(qtbot, dialog, "qualified")
    asked: list[str] = []
    answer_box(asked, Qt.Key.Key_C)  # 取消: nothing changes, the dialog stays
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(asked))
    [asked] = asked
    assert "可能与已登记的 黎明" in asked and f"（其申报：专利{first}）" in asked
    assert "仍要改为“资格审核通过”吗？" in asked
    assert reg.patent(copy).status == "registered" and not closed(dialog)
    dialog.activateWindow()  # back on the dialog, as the box closed
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    answer_box([], Qt.Key.Key_Y)  # 仍要改动
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(dialog))
    assert reg.patent(copy).status == "qualified", answers.errors


def test_passing_a_near_title_copy_at_qualification_asks_first(window, qtbot, reg, answers):
    reg.save_campaign(plan_2022())
    one = reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室",
                                   leader="孙丽华"))
    two = reg.save_project(project("单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室",
                                   leader="王刚"))
    recheck(reg)
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.reload()
    model = tab.table.model()
    [row] = [r for r in range(model.rowCount()) if str(model.index(r, 0).data()) == str(two)]
    tab.table.setCurrentIndex(model.index(row, 0))
    tab.table.setFocus()
    asked: list[str] = []
    answer_box(asked, Qt.Key.Key_C)  # 取消
    assert not tab.decide(True)
    [asked] = asked
    assert f"项目名称与已登记的项目{one}" in asked and "仍要通过资格审核吗？" in asked
    assert reg.project(two).status == "registered"
    answer_box([], Qt.Key.Key_P)  # 仍要通过
    assert tab.decide(True), answers.errors
    assert reg.project(two).status == "qualified"
