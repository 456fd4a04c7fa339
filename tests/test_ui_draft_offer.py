"""恢复未保存的录入？ at the keyboard: Esc is 以后再说 — the crash-saved paper kept and
offered again at the next new form — and only 放弃 (Alt+D) deletes it. One Esc, a
reflex, deleted the paper's typing with no second question."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from test_ui_entry import open_new_form
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.ui import dialogs
from boostdesk.ui.dialogs import ask_or_back as real_ask_or_back
from boostdesk.ui.entry_draft import draft_path, write_draft

__all__ = ["answers", "ctx", "qsettings", "window"]


def _answer_with(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> list[str]:
    """The draft question, when it opens, answered with ``key``; its title seen."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(30, answer)
            return
        seen.append(box.windowTitle())
        if key == Qt.Key.Key_Escape:
            qtbot.keyClick(box, key)
        else:  # 放弃(&D): off the Tab path, said by its letter
            button = next(b for b in box.buttons() if b.text().startswith("放弃"))
            assert "&D" in button.text()
            button.click()

    QTimer.singleShot(30, answer)
    return seen


def test_esc_keeps_the_draft_and_alt_d_drops_it(window, qtbot, reg, answers, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_or_back", real_ask_or_back)
    path = draft_path(reg.path, "patent", 2022)
    write_draft(path, 2022, {"title": "一种扳手"}, {})

    seen = _answer_with(qtbot, Qt.Key.Key_Escape)
    form = open_new_form(qtbot, window, 0)
    assert seen == ["恢复未保存的录入？"]
    assert form.editor("title").text() == ""  # not restored this time
    assert path.exists()  # but kept
    form.reject()
    assert path.exists()  # the empty form closed neither wrote over it nor dropped it

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    seen = _answer_with(qtbot, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # 放弃
    form = open_new_form(qtbot, window, 0)
    assert seen == ["恢复未保存的录入？"]
    assert form.editor("title").text() == "" and not path.exists()
