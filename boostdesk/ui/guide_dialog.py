"""帮助 (F1): 工作流程 — the year's work in the plan's order (boostdesk.season_guide), and
快捷键 beside it in a second tab. Only shows what the domain lists; Ctrl+F finds in the page
(Enter the next place, Shift+Enter the one before), Esc closes."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from boostdesk.season_guide import PART_ZH, season_guide

from .focus_ring import show_focus
from .help_dialogs import KeysPage
from .small_screen import fit_screen

GUIDE_TAB, KEYS_TAB = 0, 1


def guide_html(campaign: Any, screen_keys: Mapping[str, str]) -> str:
    """The steps as HTML: sizes relative to the window's font, so Windows' text size grows
    them."""
    parts = [f"<p>{escape(campaign.title)}：每年按下列顺序办理。日期、金额、比例、名额取自"
             "“设置”中本年度的计划。</p>"]
    for stream, steps in season_guide(campaign).items():
        parts.append(f"<h2>{escape(PART_ZH[stream])}</h2><ol>")
        for step in steps:
            lines = [f"<b>{escape(step.name)}</b>"]
            lines += [f"在哪里：{escape(p.text(screen_keys))}" for p in step.places]
            if step.before:
                lines.append(f"先要：{escape(step.before)}")
            facts = "".join(f"<li>{escape(f)}</li>" for f in step.facts)
            parts.append("<li>" + "<br>".join(lines) + (f"<ul>{facts}</ul>" if facts else "")
                         + "</li>")
        parts.append("</ol>")
    return "".join(parts)


class FindBox(QLineEdit):
    """The find box keeps Enter and, while it holds words, Esc: in a dialog both went on to
    the 关闭 button (Enter, its hint's 查找下一处, closed the whole window). Esc leaves the box
    for the text as a browser's find bar does; from an empty box it closes."""

    next_wanted = Signal(bool)  # True: backwards (Shift+Enter)
    leave_wanted = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.next_wanted.emit(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        elif key == Qt.Key.Key_Escape and self.text():
            self.leave_wanted.emit()
        else:
            super().keyPressEvent(event)
            return
        event.accept()


class GuideText(QTextBrowser):
    """The guide's text keeps Enter: read with the arrows, a clerk pressing Enter there
    closed the whole 帮助 (the dialog's 关闭 took it as its default button). Esc and 关闭
    still close it."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        super().keyPressEvent(event)  # a link's Enter, were there links, still followed
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class GuidePage(QWidget):
    """工作流程: the text (selectable, read with the arrow keys and PgDn) and a find box."""

    def __init__(self, campaign: Any, screen_keys: Mapping[str, str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = GuideText()
        self.text.setObjectName("season_guide")
        show_focus(self.text)  # where the keyboard is, seen (its frame looked the same)
        self.text.setAccessibleName("年度工作顺序")
        self.text.setHtml(guide_html(campaign, screen_keys))
        self.find_box = FindBox()
        self.find_box.setObjectName("guide_find")
        self.find_box.setAccessibleName("在本页查找")
        self.find_box.setPlaceholderText("在本页查找（Ctrl+F；Enter 查找下一处）")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.textChanged.connect(lambda _t: self.find_next(again=False))
        self.find_box.next_wanted.connect(lambda back: self.find_next(again=True, back=back))
        self.find_box.leave_wanted.connect(self.text.setFocus)
        self.found = QLabel()
        # as a shortcut's focus: the words in the box selected, so typing replaces them
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(
            lambda: self.find_box.setFocus(Qt.FocusReason.ShortcutFocusReason))
        bar = QHBoxLayout()
        bar.addWidget(self.find_box, 1)
        bar.addWidget(self.found)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)
        # no focus proxy to the text: Tab, resolving the page to its proxy, went from the
        # tab bar straight to the text and never reached the find box before it

    def find_next(self, again: bool, back: bool = False) -> bool:
        """The next place the box's words are in the page (``back``: the one before), from
        the top when typed anew, round to the top past the last (to the end past the
        first)."""
        words = self.find_box.text()
        cursor = self.text.textCursor()
        if not again:
            cursor.setPosition(cursor.selectionStart())
            self.text.setTextCursor(cursor)
        if not words:
            self.found.setText("")
            return False
        flags = QTextDocument.FindFlag.FindBackward if back else QTextDocument.FindFlag(0)
        hit = self.text.find(words, flags) or (self._round(back) and self.text.find(words, flags))
        self.found.setText("" if hit else "未找到")
        if hit:
            self._match_in_view()
        return bool(hit)

    def _match_in_view(self) -> None:
        """The match a third down the page, as a browser's find shows it: Qt scrolls it just
        into view, on the bottom line with what follows it (the step's places) out of view."""
        shown = self.text.viewport().height()
        top = self.text.cursorRect().top()
        if not shown // 6 <= top <= shown * 2 // 3:
            bar = self.text.verticalScrollBar()
            bar.setValue(bar.value() + top - shown // 3)

    def _round(self, back: bool) -> bool:
        cursor = self.text.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if back
                            else QTextCursor.MoveOperation.Start)
        self.text.setTextCursor(cursor)
        return True

    def plain(self) -> str:
        return self.text.document().toPlainText()


class HelpDialog(QDialog):
    """F1: 工作流程 first (what to do, in what order, where), 快捷键 in its second tab
    (Ctrl+Tab)."""

    def __init__(self, campaign: Any, screen_keys: Mapping[str, str], actions: list[Any],
                 parent: QWidget | None = None, tab: int = GUIDE_TAB) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"帮助 — {campaign.year} 年度")
        self.guide = GuidePage(campaign, screen_keys)
        self.keys = KeysPage(actions)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.guide, "工作流程（年度工作顺序）")
        self.tabs.addTab(self.keys, "快捷键")
        self.tabs.setCurrentIndex(tab)
        buttons = QDialogButtonBox()
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        # wide enough for the keys' longest line; as high as a small laptop allows
        fit_screen(self, max(720, self.keys.wanted_width() + 40), 640)
        (self.guide.text if tab == GUIDE_TAB else self.keys).setFocus()
