"""A line edit narrower than its value (设置 at 800 px: 核对意见联系人 read
「8570885、李梦遥 83570883」): its start shown, and pointed at, the value whole.

``QLineEdit.setText`` leaves the cursor at the end, so a long value filled in shows its
tail; :func:`show_start` puts it back at the start. :class:`WholeValueTip` keeps the field's
own tooltip (what it is for) and puts the value above it while the field cuts it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame

from .style import plain_tip


def cut(edit: QLineEdit) -> bool:
    """Whether ``edit`` is too narrow to show its whole value."""
    text = edit.displayText()
    if not text:
        return False
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    room = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    # Qt keeps 2 px of its own either side of the text (QLineEditPrivate::horizontalMargin)
    width = room.width() - margins.left() - margins.right() - 4
    return edit.fontMetrics().horizontalAdvance(text) > width


def show_start(edit: QLineEdit) -> None:
    """The value's start in view (not while the keyboard is in it: its cursor is the user's)."""
    if not edit.hasFocus():
        edit.setCursorPosition(0)


class WholeValueTip(QObject):
    """``edit``'s tooltip: its value whole while cut, over the field's own tip (``base``)."""

    def __init__(self, edit: QLineEdit) -> None:
        super().__init__(edit)
        self.edit = edit
        self.base = edit.toolTip()
        edit.installEventFilter(self)
        edit.textChanged.connect(self.refresh)
        self.refresh()

    def set_base(self, tip: str) -> None:
        """The field's own tip changed (a reason it is greyed)."""
        self.base = tip
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.FontChange):
            self.refresh()
        return False

    def refresh(self) -> None:
        value = self.edit.text() if cut(self.edit) else ""
        tip = "\n\n".join(x for x in (value, self.base) if x)
        if self.edit.toolTip() != plain_tip(tip):
            self.edit.setToolTip(plain_tip(tip))
