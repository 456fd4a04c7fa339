"""The 导入汇总表 dialog worked from the keyboard alone: each button an Alt letter of its
own, and 跳过并导入 reached with its letter while 返回 stays the safe default."""

from __future__ import annotations

import re

import shiboken6
from fixtures.summary_sheets import INVENTION_2, PATENT_HEADERS, patent_row, write_sheet
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox
from test_ui_import import open_dialog, read
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.ui import dialogs
from boostdesk.ui.dialogs import ask_yes_no as real_ask_yes_no

__all__ = ["answers", "ctx", "qsettings", "window"]

ALT = Qt.KeyboardModifier.AltModifier


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found[1].upper() if found else None


def _table(tmp_path):
    """A good row, one refused (an impossible date) and one hidden: every box shown."""
    import openpyxl

    path = write_sheet(tmp_path / "keys.xlsx", [
        PATENT_HEADERS, patent_row(),
        patent_row(序号=2, 专利号=INVENTION_2, 第一发明人="李四", 授权公告日="2021年13月40日"),
        patent_row(序号=3, 专利号="ZL202110000002.X", 第一发明人="王五")])
    wb = openpyxl.load_workbook(path)
    wb.active.row_dimensions[4].hidden = True
    wb.save(path)
    return path


def test_each_button_of_the_import_dialog_has_an_alt_letter_of_its_own(
        window, qtbot, reg, answers, tmp_path):
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, _table(tmp_path))
    qtbot.waitUntil(lambda: dialog.import_rest.isEnabled(), timeout=10_000)
    letters = {b.text(): _letter(b.text()) for b in dialog.findChildren(QAbstractButton)
               if _letter(b.text())}
    for button in (dialog.import_all, dialog.import_rest, dialog.copy_problems):
        assert _letter(button.text()), button.text()  # as its text changes (导入 1 行) too
    taken = list(letters.values())
    assert len(taken) == len(set(taken)), letters
    # Alt+C copies the problem list, as a click would
    QApplication.clipboard().clear()
    press(qtbot, Qt.Key.Key_C, ALT, dialog)  # (Qt clicks a button its letter pressed shortly after)
    qtbot.waitUntil(lambda: "第 3 行“授权公告日”" in QApplication.clipboard().text())


def test_the_skip_question_keeps_back_as_default_and_skips_with_its_letter(
        window, qtbot, reg, answers, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_yes_no", real_ask_yes_no)  # the real box, keys typed
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, _table(tmp_path))
    qtbot.waitUntil(lambda: dialog.import_rest.isEnabled(), timeout=10_000)
    seen: list[str] = []

    def answer(key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, lambda: answer(key, modifier))
            return
        box.activateWindow()  # its letters are shortcuts: the box must be the active window
        qtbot.waitUntil(box.isActiveWindow, timeout=5_000)
        seen.append(box.defaultButton().text())
        seen.extend(b.text() for b in box.buttons())
        qtbot.keyClick(box, key, modifier)

        def still_open() -> None:  # a key that did nothing fails the test, not hangs it
            if shiboken6.isValid(box) and box.isVisible():
                seen.append("（按键未关闭提问框）")
                box.done(0)
        QTimer.singleShot(3_000, still_open)

    QTimer.singleShot(0, lambda: answer(Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
    press(qtbot, Qt.Key.Key_S, ALT, dialog)  # 跳过标出的行…(&S): asks
    qtbot.waitUntil(lambda: bool(seen) and not isinstance(QApplication.activeModalWidget(),
                                                          QMessageBox), timeout=10_000)
    assert seen[0] == "返回(&B)" and "（按键未关闭提问框）" not in seen  # Enter: the safe answer
    assert "跳过并导入(&S)" in seen
    assert dialog.isVisible() and reg.patents(2022) == []
    seen.clear()
    QTimer.singleShot(0, lambda: answer(Qt.Key.Key_S, ALT))
    dialog.activateWindow()  # back from the box, as the window manager gives it back
    qtbot.waitUntil(dialog.isActiveWindow)
    press(qtbot, Qt.Key.Key_S, ALT, dialog)
    qtbot.waitUntil(lambda: closed(dialog) or "（按键未关闭提问框）" in seen, timeout=10_000)
    assert "（按键未关闭提问框）" not in seen
    assert [a.inventor_name for a in reg.patents(2022)] == ["张三"]
