"""拨付's notes on projects past their latest completion date without acceptance, in two:
逾期未验收 (red: the office's to chase) and 延期验收 (its acceptance put off on the office's
decision, the new deadline not passed: noted, not red). One label counted 逾期未验收 in red
for both. Each note is a Tab stop read aloud whole; Enter or F1 on it lists every one; while
a search is typed it follows the search as the totals do."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from . import dialogs
from .focus_ring import show_focus
from .small_screen import NoteLabel
from .style import plain_tip
from .theme import themed

SHOWN = 3  # the rest on Enter, or in the tooltip


def waiting(flag: Any) -> bool:
    """A project whose acceptance the office put off, the new deadline not yet passed."""
    return flag.postponed is not None and not flag.days_late


class FlagNote:
    """One note: the flags' messages, ``SHOWN`` of them, counted as ``words`` N 项."""

    def __init__(self, words: str, colour: str | None, object_name: str,
                 screen: QWidget) -> None:
        self.words, self.screen = words, screen
        self.every: list[Any] = []  # all of the load's, searched or not
        self.keys: list[str] = []  # each one's words, folded as the search folds
        self.said: list[str] = []  # the messages of those shown
        self.label = NoteLabel()
        self.label.setObjectName(object_name)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # titles as typed, one a line
        if colour:
            self.label.setStyleSheet(f"color: {themed(colour)};")
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        show_focus(self.label)  # where the keyboard is, seen on a label too
        self.label.setAccessibleName(words)
        every = QAction(self.label)
        every.setShortcuts([QKeySequence("Return"), QKeySequence("Enter"), QKeySequence("F1")])
        every.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        every.triggered.connect(self.show_all)
        self.label.addAction(every)

    def load(self, flags: list[Any]) -> None:
        self.every, self.keys = flags, []
        self.show(flags)

    def follow(self, search: str | None) -> None:
        """Those of the search's words (``search`` None: no search, all of them)."""
        if search is None:
            if len(self.said) != len(self.every):
                self.show(self.every)
            return
        from boostdesk.models.search_text import search_key

        if len(self.keys) != len(self.every):  # folded once a load
            self.keys = [search_key(f.title, f.studio_name, f.unit_name, f"项目{f.app_id}")
                         for f in self.every]
        terms = search_key(search).split()
        found = [f for f, key in zip(self.every, self.keys, strict=True)
                 if all(t in key for t in terms)]
        if [f.message for f in found] != self.said:  # set only when they change
            self.show(found, True)

    def show(self, flags: list[Any], searched: bool = False) -> None:
        shown = [f.message for f in flags[:SHOWN]]
        if len(flags) > SHOWN:
            shown.append(f"……另有 {len(flags) - SHOWN} 项{self.words}（按 Enter 或指向此处查看全部）")
        if searched and len(flags) < len(self.every):
            shown.append(f"（以上为查找到的款项中的；全部{self.words} {len(self.every)} 项，"
                         "清空查找即列出）")
        self.said = [f.message for f in flags]
        self.label.setText("\n".join(shown))
        self.label.setToolTip(plain_tip("\n".join(self.said)))
        # heard whole (the name alone hid the projects): every one, not the three shown
        self.label.setAccessibleName(f"{self.words} {len(flags)} 项" if flags else self.words)
        self.label.setAccessibleDescription(
            "\n".join(self.said) + "\n按 Enter 在对话框中查看" if flags else "")
        self.label.setVisible(bool(flags))

    def show_all(self) -> None:
        """Every one, one a line (Enter or F1 on the note)."""
        if self.said:
            dialogs.show_info(self.screen, f"{self.words}（{len(self.said)} 项）",
                              "\n".join(self.said))
