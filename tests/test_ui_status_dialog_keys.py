"""改变状态 (Ctrl+M) and its 撤销助推 dialogs as a keyboard-only clerk met them: Esc threw a
typed reason away unasked; Enter after closing the reason's suggestions revoked a paid
award unasked; the fields had no Alt letters, the reason's spoken name was 理由 whatever
its label read, a choice's explanation was not heard with it, and the status bar said
已撤销助推（已拨付，应追回） without the paper or the money."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMessageBox
from test_ui_corrections import a_paid_patent
from test_ui_qualified_date import _ctrl_m_on
from test_ui_recovery import _revoked
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window
from test_withdrawal import _approved_after_close

from boostdesk.models import clock
from boostdesk.models.records import PATENT
from boostdesk.ui import dialogs
from boostdesk.ui.recovery_dialog import LABELS, RECOVERED, REVOKE, UNDO, UNRECOVER
from boostdesk.ui.status_dialog import WITHDRAW

__all__ = ["answers", "ctx", "qsettings", "window"]

ALT = Qt.KeyboardModifier.AltModifier
PROJECTS = 1
REAL_ASK = dialogs.ask_yes_no  # the box itself, before a test's answers replace it
DISCARD = "表中已填写的内容尚未保存。放弃这些内容并关闭吗？"
BOTH = "北京市总工会 ¥1,500.00、北京市海淀区总工会 ¥1,500.00"


def _choose(qtbot, dialog, choice: str) -> None:
    """↓ in the list of moves until ``choice`` is the current one."""
    for _ in range(dialog.choices.count()):
        if dialog.target == choice:
            return
        press(qtbot, Qt.Key.Key_Down, widget=dialog.choices)
    raise AssertionError(dialog.target)


def _sub(qtbot, dialog):
    """确定 (Enter) on a recovery choice: its own dialog, with the keyboard."""
    press(qtbot, Qt.Key.Key_Return)
    sub = dialog.recovery
    qtbot.waitUntil(lambda: QApplication.activeWindow() is sub)
    return sub


def _again(qtbot, window, app_id: int, screen_index: int = 0):
    """Ctrl+M again, once the dialog before has given the window back the keyboard."""
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return _ctrl_m_on(qtbot, window, app_id, screen_index)


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key as the clerk presses it: to an open popup (the suggestions), else the focus."""
    qtbot.keyClick(QApplication.activePopupWidget() or focused(), key, modifier)


def test_esc_asks_before_throwing_a_typed_withdrawal_reason_away(window, qtbot, reg, answers):
    a, _b = _approved_after_close(reg)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    assert dialog.target == WITHDRAW
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "推荐单位来函撤回，申报人另有安排")
    answers.yes = False  # 继续填写
    press(qtbot, Qt.Key.Key_Escape)
    assert answers.questions == [DISCARD]
    assert dialog.isVisible() and dialog.reason.text() == "推荐单位来函撤回，申报人另有安排"
    answers.yes = True  # 放弃并关闭
    press(qtbot, Qt.Key.Key_Escape)
    assert closed(dialog) and len(answers.questions) == 2
    # nothing typed (the day and the letter's writer as the dialog filled them): at once
    dialog = _again(qtbot, window, a, PROJECTS)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Escape)
    assert closed(dialog) and len(answers.questions) == 2


def test_esc_in_the_revocation_asks_and_enter_after_the_suggestions_asks_before_revoking(
        window, qtbot, reg, answers, monkeypatch):
    app_id = a_paid_patent(reg)
    dialog = _ctrl_m_on(qtbot, window, app_id)
    _choose(qtbot, dialog, REVOKE)
    sub = _sub(qtbot, dialog)
    type_text(qtbot, "经核实为外观设计专利，不符合方案")
    answers.yes = False
    _key(qtbot, Qt.Key.Key_Escape)
    assert answers.questions == [DISCARD]
    assert sub.isVisible() and sub.reason.text() == "经核实为外观设计专利，不符合方案"

    # a reason the suggestions offer: Esc closes them, and the next Enter asks, 取消 first
    monkeypatch.setattr(dialogs, "ask_yes_no", REAL_ASK)
    sub.reason.clear()
    type_text(qtbot, "专利权被宣告无效")
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None)
    _key(qtbot, Qt.Key.Key_Escape)
    assert QApplication.activePopupWidget() is None and sub.isVisible()
    asked: list[tuple[str, str]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.append((box.text(), box.defaultButton().text()))
        qtbot.keyClick(box.focusWidget() or box, Qt.Key.Key_Return)  # the default

    QTimer.singleShot(0, answer)
    _key(qtbot, Qt.Key.Key_Return)
    [(text, default)] = asked
    assert default == "取消(&C)"
    assert text.startswith(f"确定撤销专利{app_id}“一种焊缝检测装置”的助推？")
    assert f"按付款单位列为应追回 ¥3,000.00（{BOTH}）" in text
    assert reg.patent(app_id).status == "paid" and sub.isVisible()


def test_every_field_has_its_own_alt_letter_and_is_named_as_its_label_reads(
        window, qtbot, reg, answers):
    a, _b = _approved_after_close(reg)
    dialog = _ctrl_m_on(qtbot, window, a, PROJECTS)
    for letter, field in ((Qt.Key.Key_R, dialog.reason), (Qt.Key.Key_D, dialog.day),
                          (Qt.Key.Key_U, dialog.by), (Qt.Key.Key_G, dialog.choices)):
        press(qtbot, letter, ALT)
        assert focused() is field, (letter, focused())
    assert dialog.reason.accessibleName() == "撤回理由（必填）"
    assert dialog.day.accessibleName() == "来函日期"
    assert dialog.by.accessibleName() == "来函单位"
    shown = [w.text() for kind in (QLabel, QAbstractButton) for w in dialog.findChildren(kind)]
    letters = [m.upper() for t in shown for m in re.findall(r"&(\w)", t)]
    assert len(letters) >= 6 and len(letters) == len(set(letters)), shown


def test_the_revocation_dialogs_name_their_fields_as_their_labels_read(
        window, qtbot, reg, answers):
    app_id = _revoked(reg)
    dialog = _ctrl_m_on(qtbot, window, app_id)
    _choose(qtbot, dialog, UNDO)
    sub = _sub(qtbot, dialog)
    assert sub.reason.accessibleName() == "撤销理由（必填）"
    assert sub.reason.completer() is None  # a revocation's reasons are not this one's


def test_each_choice_is_heard_with_what_it_does(window, qtbot, reg, answers):
    app_id = a_paid_patent(reg)
    dialog = _ctrl_m_on(qtbot, window, app_id)
    _choose(qtbot, dialog, REVOKE)
    item = dialog.choices.currentItem()
    said = item.data(Qt.ItemDataRole.AccessibleDescriptionRole)
    assert f"按付款单位列为应追回（{BOTH}）" in said
    assert dialog.choices.accessibleDescription() == said
    press(qtbot, Qt.Key.Key_Down, widget=dialog.choices)  # the next: its own
    assert dialog.choices.accessibleDescription() != said


def test_the_status_bar_names_the_paper_and_the_money(window, qtbot, reg, answers):
    app_id = a_paid_patent(reg)
    bar = window.statusBar()
    dialog = _ctrl_m_on(qtbot, window, app_id)
    _choose(qtbot, dialog, REVOKE)
    sub = _sub(qtbot, dialog)
    type_text(qtbot, "经核实为实用新型")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    assert bar.currentMessage() == f"已撤销专利{app_id}的助推：应追回 ¥3,000.00（{BOTH}）"
    assert LABELS[REVOKE]  # and the choices after it:

    dialog = _again(qtbot, window, app_id)
    _choose(qtbot, dialog, RECOVERED)
    sub = _sub(qtbot, dialog)  # the first payer chosen, all it owes; Tab ×2 to the day
    for _ in range(2):
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sub.day
    type_text(qtbot, clock.today().isoformat())  # the bank slip's day, typed
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is sub.voucher
    type_text(qtbot, "SH-7")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    assert bar.currentMessage().startswith(f"已登记专利{app_id}的追回：北京市总工会 ¥1,500.00（")
    assert bar.currentMessage().endswith(
        "凭证 SH-7）；北京市总工会应追回 ¥1,500.00，已追回 ¥1,500.00，尚欠 ¥0.00；"
        "合计尚欠 ¥1,500.00")

    dialog = _again(qtbot, window, app_id)
    _choose(qtbot, dialog, UNRECOVER)
    sub = _sub(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "凭证号登记错了")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    assert bar.currentMessage().startswith(f"已撤销专利{app_id}的一笔“已追回”登记：北京市总工会"
                                           " ¥1,500.00（")
    assert bar.currentMessage().endswith("凭证 SH-7）；北京市总工会应追回 ¥1,500.00，已追回"
                                         " ¥0.00，尚欠 ¥1,500.00；合计尚欠 ¥3,000.00")

    dialog = _again(qtbot, window, app_id)
    _choose(qtbot, dialog, UNDO)
    sub = _sub(qtbot, dialog)
    type_text(qtbot, "登记错了申报")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: closed(sub))
    assert bar.currentMessage() == (f"已撤销专利{app_id}的“撤销助推”：改回“已拨付”，"
                                    f"不再追回 ¥3,000.00（{BOTH}）")
    assert reg.patent(app_id).status == "paid" and PATENT
