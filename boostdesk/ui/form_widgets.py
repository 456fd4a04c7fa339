"""Editors for entry forms, each reading what clerks type the way the paper says it.

Every editor has ``value()`` (raising :class:`ValidationError` with a Chinese reason
when the text cannot be read), ``set_value()`` and a ``edited`` signal. Yes/no and
level boxes answer to single keys (Y/N/1/0, 1/2) so the keyboard never needs a list;
the level box also to the level in words (市, 区, 局, 集团) or their pinyin (s, q, j).
A key that chooses nothing is said beside the field (``refused``), never ignored.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import (
    QGuiApplication,
    QInputMethodEvent,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStyle,
    QTextEdit,
    QToolTip,
    QWidget,
)

from boostdesk.field_limits import FIELD_LIMITS, pasted_too_long, too_long
from boostdesk.models import clock
from boostdesk.models.campaign import CITY, DISTRICT, LEVEL_ZH
from boostdesk.near_names import hinted_name
from boostdesk.validate import (
    ValidationError,
    cells_left_out,
    check_one_person,
    check_person_name,
    fold_name_brackets,
    month_read,
    name_remark_note,
    no_year_read,
    outside_studio_level,
    parse_amount_fen,
    parse_date,
    parse_studio_level,
    parse_yes_no,
    pasted_cells,
    short_year_read,
    tidy_line,
    tidy_lines,
    tidy_name,
    without_name_remark,
)

from .style import escape, grown
from .theme import themed


def invalid_style() -> str:
    """A field refused: a red frame on a tint of the palette's lightness (a pale one
    would leave a dark palette's white text unreadable)."""
    return f"border: 1px solid {themed('#c62828')}; background: {themed('#fff6f5')};"


class _EnterPresses(QObject):
    """Enter pressed down on the button, then let go: as Space, the button is clicked at the
    release. Clicked at the press, 保存 closed the form under the finger still on Enter,
    and its auto-repeat (or the next Enter of a clerk walking the form with it) reached the
    list, where Enter opened the paper just saved again."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__(button)
        self.armed = False  # the Enter now down was pressed on this button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if not isinstance(watched, QAbstractButton):
            return False
        if kind == QEvent.Type.FocusOut and self.armed:
            self.armed = False
            watched.setDown(False)
            return False
        if (kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease)
                or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # type: ignore[attr-defined]
                or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier):  # type: ignore[attr-defined]
            return False
        if event.isAutoRepeat():  # type: ignore[attr-defined]  # held: one click, at the end
            return True
        if kind == QEvent.Type.KeyPress:
            self.armed = True
            watched.setDown(True)
            return True
        if not self.armed:  # the release of an Enter pressed elsewhere (walked onto it)
            return True
        self.armed = False
        watched.setDown(False)
        watched.click()
        return True


def enter_presses(*buttons: QAbstractButton) -> None:
    """Enter on one of ``buttons`` with the focus presses it, as Space does (clicked when
    let go). A dialog's buttons are not auto-default (Enter in a field must never save or
    import): Enter on the button the keyboard had reached did nothing."""
    for button in buttons:
        button.installEventFilter(_EnterPresses(button))


class NameCompleter(QCompleter):
    """A completer matching what is typed with its brackets as the register writes a name's
    (tidy_name: full-width when it holds hanzi): 北京新疆(集团 finds 北京新疆（集团）有限公司."""

    def splitPath(self, path: str) -> list[str]:
        return [fold_name_brackets(path)]


def make_completer(words: list[str], parent: QWidget) -> QCompleter:
    completer = NameCompleter(QStringListModel(words, parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


def clipboard_text() -> str:
    clipboard = QGuiApplication.clipboard()
    return clipboard.text() if clipboard is not None else ""


class TextField(QLineEdit):
    edited = Signal()
    # In an entry form Enter moves to the next field, also right after a completion was
    # picked (QCompleter hands that Enter to the line edit itself, past event filters).
    enter_moves_on = False
    # A field of one fact (an entry form's): of several cells pasted (an Excel row), the
    # first goes in and ``pasted`` says what was left out. Saved whole, 热依拉·买买提⇥ID⇥card
    # in 第一发明人 was a name carrying a full ID and card number, printed unmasked. A free
    # text (an objection's content) keeps its tabs as spaces.
    one_cell = False
    # The most characters its value may hold (``field_limits``; the form sets it and
    # refuses more at save): a longer paste is said at once. None: no limit of the table.
    limit: int | None = None

    def __init__(self, parent: QWidget | None = None, placeholder: str = "",
                 words: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        # Qt's own limit (32,767) cut a longer paste silently: the field takes it whole,
        # ``limit`` refuses it with the reason
        self.setMaxLength(2**31 - 1)
        self.pasted = ""  # what the last paste of several cells left out, until edited
        self._pasting = False
        self._whole: str | None = None  # the text behind a masked display (show_masked)
        self.textChanged.connect(self.edited)
        self.textEdited.connect(self._typed)
        if words is not None:
            self.setCompleter(make_completer(words, self))

    def value(self) -> str:
        # a masked display's value is the number it hides, whole
        return tidy_line(self.text() if self._whole is None else self._whole)

    def set_value(self, value: Any) -> None:
        self._say_pasted("")
        self._whole = None
        self.setText("" if value is None else str(value))
        self.from_start()

    def masked(self) -> bool:
        return self._whole is not None

    def show_masked(self, masked: str) -> None:
        """A field that cannot be changed (greyed, read-only) shows ``masked`` in place of
        its text; value() stays the whole text, so a save keeps the number it hides."""
        if self._whole is None:
            self._whole = self.text()
        self.setText(masked)
        self.setCursorPosition(0)

    def from_start(self) -> None:
        """A text filled in shown from its start, unless the clerk is in the field: setText
        leaves the cursor at the end, and a long title showed 「种碳纤维…」 for 「一种碳纤维…」."""
        if not self.hasFocus():
            self.setCursorPosition(0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.matches(QKeySequence.StandardKey.Paste) and not self.isReadOnly()
                and (self.one_cell or self.limit is not None)):
            self.paste_cells(clipboard_text())
            event.accept()
            return
        self._key_press(event)

    def paste_cells(self, text: str) -> None:
        """``text`` pasted at the cursor, as Ctrl+V does; of a table's cells the first only
        (in a field of one fact). A paste longer than the field takes is put in whole and
        said at once: the save refuses it until it is shortened."""
        if "\t" not in text or not self.one_cell:
            self._pasting = True
            try:
                self.insert(text)
            finally:
                self._pasting = False
            self._say_pasted(self.long_paste(tidy_line(text)))
            return
        cells = pasted_cells(text)
        self._pasting = True
        try:
            self.insert(cells[0] if cells else "")  # replaces the selection, as a paste does
        finally:
            self._pasting = False
        first = self.long_paste(cells[0] if cells else "")
        left_out = cells_left_out(cells) if len(cells) > 1 else ""
        self._say_pasted("；".join(note for note in (first, left_out) if note))

    def long_paste(self, text: str) -> str:
        """What a paste of ``text`` (as the field keeps it) says when it is longer than the
        field takes, or ""."""
        if self.limit is None or len(text) <= self.limit:
            return ""
        return pasted_too_long(len(text), field_name(self) or "此栏", self.limit)

    def _typed(self, text: str) -> None:
        """An edit by the clerk: a paste's note goes. A tab come in another way (the context
        menu's 粘贴, a drop) is a table's cells pasted all the same."""
        if self._pasting:
            return
        if self.one_cell and "\t" in text:
            cells = pasted_cells(text)
            self.setText(cells[0] if cells else "")
            first = self.long_paste(cells[0] if cells else "")
            left_out = cells_left_out(cells) if len(cells) > 1 else ""
            self._say_pasted("；".join(note for note in (first, left_out) if note))
            return
        self._say_pasted("")

    def _say_pasted(self, note: str) -> None:
        if note != self.pasted:
            self.pasted = note
            self.edited.emit()  # the form shows (or drops) the note beside the field
            if note and not self.one_cell and self.isVisible():  # a dialog: no hint column
                QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), note, self)

    def set_invalid(self, invalid: bool) -> None:
        self.setStyleSheet(invalid_style() if invalid else "")

    def popup_open(self) -> bool:
        completer = self.completer()
        popup = completer.popup() if completer else None
        return bool(popup and popup.isVisible())

    def _key_press(self, event: QKeyEvent) -> None:
        if self.enter_moves_on and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.popup_open():  # Enter takes the highlighted completion, then moves on
                popup = self.completer().popup()
                assert popup is not None  # popup_open() saw it
                index = popup.currentIndex()
                if index.isValid():
                    self.setText(str(index.data()))
                popup.hide()
            event.accept()
            self.focusNextChild()
            return
        super().keyPressEvent(event)


def limited(field: TextField, key: str) -> TextField:
    """``field`` taking no more than ``FIELD_LIMITS[key]`` characters (a dialog's field of a
    record: the paper forms' and the import's limit); a longer paste is said at once."""
    field.limit = FIELD_LIMITS[key]
    return field


_REQUIRED_NOTE = re.compile(r"（(必填|可不填)）$")


def field_name(field: QWidget) -> str:
    """The field's name for a message about its text: its accessible name without the
    label's 必填 note (理由 有 501 字, not 理由（必填）有 501 字)."""
    return _REQUIRED_NOTE.sub("", field.accessibleName())


def name_by_label(label: QLabel, text: str, letter: str) -> None:
    """``label`` reads ``text`` with Alt+``letter`` to its buddy, whose accessible name is
    ``text`` as shown: a screen reader said 理由 where the label read 撤回理由（必填）."""
    label.setText(f"{text}(&{letter})")
    if (buddy := label.buddy()) is not None:
        buddy.setAccessibleName(text)


def labelled_row(form: QFormLayout, text: str, letter: str, field: QWidget) -> QLabel:
    """A row of ``form``: ``field`` named by its label ``text``, Alt+``letter`` to it."""
    label = QLabel()
    form.addRow(label, field)
    label.setBuddy(field)
    name_by_label(label, text, letter)
    return label


def first_too_long(*fields: TextField) -> tuple[TextField, str] | None:
    """The first of ``fields`` whose text is longer than its ``limit``, and why (its name
    first), for a dialog to refuse the save with, the keyboard put on it."""
    for field in fields:
        text = field.value()
        if field.limit is not None and len(text) > field.limit:
            return field, f"{field_name(field)}{too_long(len(text), field.limit)}"
    return None


class PersonField(TextField):
    """A person's name (第一发明人, 领衔人, 联系人): a digit in it is refused with the reason
    (:func:`check_person_name`), so the form cannot be saved with it; ``one`` (第一发明人,
    领衔人: judged on and paid to) refuses several names too (张三、李四), as the import's
    columns do (:func:`check_one_person`) — a 联系人 may name two. A title or remark in
    brackets (李红兵（高级工程师）) is no part of the name: the value is the name without it,
    as the import reads the cell, and the hint says so (:func:`name_remark_note`)."""

    def __init__(self, *args: Any, one: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.one = one
        # the text typed with a bracketed title and the name it reads as: the project form
        # tidies the field to the name on leaving it, the hint still says what was dropped
        self._remark_typed: tuple[str, str] | None = None

    def set_value(self, value: Any) -> None:
        self._remark_typed = None
        super().set_value(value)

    def _typed(self, text: str) -> None:
        typed = tidy_line(text)
        try:
            read = without_name_remark(typed)
        except ValidationError:  # a digit in it: the value says why
            read = typed
        self._remark_typed = (typed, read) if read != typed else None
        super()._typed(text)

    def value(self) -> str:
        text = super().value()
        if not self.isEnabled():
            # greyed on a paid paper: corrected on the 人员 tab, not a reason to refuse the rest
            return text
        # stored with its bracket, the studio's leader read as renamed and the form offered
        # to rename him; the bracket's 、 (高级工程师、主任) is no second person either
        text = without_name_remark(text)
        return check_one_person(text) if self.one else check_person_name(text)

    def read_note(self) -> str:
        """What was dropped from the name typed (括号中的“高级工程师”不是姓名，按“李红兵”保存…);
        "" for a name without a bracket, or one the value refuses (its reason is said)."""
        if not self.isEnabled():
            return ""
        try:
            read = self.value()
        except ValidationError:
            return ""
        said = name_remark_note(super().value(), read)
        if said:
            return said
        if self._remark_typed is not None and read and tidy_name(read) == tidy_name(self._remark_typed[1]):
            return name_remark_note(self._remark_typed[0], read) or ""
        return ""


# Shift+Enter or Ctrl+Enter: a line break in 备注. Enter moves on in a form, in 备注 as in
# every field: the clerk's hand does not learn which field is the one Enter stays in.
# Shift+Enter is the line break of WPS tables and of WeChat's and QQ's boxes (whose Enter
# sends), Ctrl+Enter theirs the other way round: both are taken.
NOTES_BREAK_KEYS = "Shift+Enter 或 Ctrl+Enter"


class NotesField(QTextEdit):
    """备注: several lines, as the paper's 备注 box (a team's names, a summary). Shows
    ``LINES`` lines and grows with its text up to ``MOST_LINES``, then scrolls. Tab and
    Enter move on as in the other fields; Shift+Enter or Ctrl+Enter breaks the line.
    Plain text only (a paste from Word or a web page brings no formatting); its value
    keeps the line breaks (:func:`tidy_lines`)."""

    edited = Signal()
    enter_moves_on = False
    LINES = 3
    MOST_LINES = 8
    limit: int | None = None  # as TextField's: the form sets it (``field_limits``)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pasted = ""  # a paste longer than the field takes, said until edited
        self._pasting = False
        self._whole: str | None = None  # the text behind a masked display (show_masked)
        # mask_while_away: how the text shows while the keyboard is elsewhere, and the
        # paper's own document while a masked copy is shown in its place
        self._away: Callable[[str], str] | None = None
        self._own: QTextDocument | None = None
        self._swapping = False
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setPlaceholderText(f"可写多行，换行按 {NOTES_BREAK_KEYS}")
        self.setToolTip(f"Tab 或 Enter 到下一项；{NOTES_BREAK_KEYS} 换行")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._changed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    # the editors' common interface (a form's snapshot and draft read text())
    def text(self) -> str:
        if self._whole is not None:
            return self._whole
        return self._own.toPlainText() if self._own is not None else self.toPlainText()

    def value(self) -> str:
        return tidy_lines(self.text())

    def set_value(self, value: Any) -> None:
        self._say_pasted("")
        self._whole = None
        self._away = None  # another paper's text: masked only if the form says so again
        self._uncover()
        self.setPlainText("" if value is None else str(value))

    def mask_while_away(self, mask: Callable[[str], str]) -> None:
        """A paper opened to be changed: its 备注 shows ``mask(text)`` while the keyboard
        is elsewhere, and whole once the clerk comes in to read or change it. The masked
        text is a second document shown in place of the paper's own, which keeps its text
        and its undo history: text() and value() read it, no edit is signalled."""
        self._away = mask
        self._cover()

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        self._uncover()
        super().focusInEvent(event)

    def focusOutEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        # its context menu (粘贴, 撤销) acts on the text it was opened on: not covered
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self._cover()

    def _cover(self) -> None:
        if self._away is None or self._own is not None or self.hasFocus():
            return
        own = self.document()
        text = own.toPlainText()
        shown = self._away(text)
        if shown == text:
            return
        # kept: a document its text control made is deleted when another replaces it
        own.setParent(self)
        cover = QTextDocument(self)
        cover.setDefaultFont(own.defaultFont())
        cover.setDefaultTextOption(own.defaultTextOption())
        cover.setDocumentMargin(own.documentMargin())
        cover.setUndoRedoEnabled(False)
        cover.setPlainText(shown)
        self._own = own
        self._swap(cover)
        cover.documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def _uncover(self) -> None:
        if self._own is None:
            return
        cover, own = self.document(), self._own
        self._own = None
        own.setDefaultFont(cover.defaultFont())  # the text grown meanwhile (Ctrl+=)
        self._swap(own)
        cover.deleteLater()
        self._fit()

    def _swap(self, document: QTextDocument) -> None:
        self._swapping = True
        try:
            self.setDocument(document)
        finally:
            self._swapping = False

    def masked(self) -> bool:
        return self._whole is not None

    def show_masked(self, masked: str) -> None:
        """As TextField.show_masked: a read-only 备注 shows its numbers masked."""
        if self._whole is None:
            self._whole = self.toPlainText()
        self.setPlainText(masked)

    def insertFromMimeData(self, source: Any) -> None:  # noqa: N802 - Qt's name
        """Ctrl+V, the menu's 粘贴, a drop: pasted whole, and said at once when longer than
        the field takes (a whole document pasted was stored silently: 831 PDF pages)."""
        self._uncover()  # a drop without the keyboard: into the paper's own text
        self._pasting = True
        try:
            super().insertFromMimeData(source)
        finally:
            self._pasting = False
        text = tidy_lines(source.text()) if source is not None and source.hasText() else ""
        note = ""
        if self.limit is not None and len(text) > self.limit:
            note = pasted_too_long(len(text), self.accessibleName() or "此栏", self.limit)
        self._say_pasted(note)

    def _changed(self) -> None:
        if self._swapping:  # the masked copy shown, or the text again: nothing typed
            return
        if not self._pasting:
            self._say_pasted("")  # typed over: the paste's note goes
        self.edited.emit()

    def _say_pasted(self, note: str) -> None:
        if note != self.pasted:
            self.pasted = note
            self.edited.emit()

    def set_invalid(self, invalid: bool) -> None:
        self.setStyleSheet(invalid_style() if invalid else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            if modifiers & (Qt.KeyboardModifier.ShiftModifier
                            | Qt.KeyboardModifier.ControlModifier):
                self.insertPlainText("\n")  # \n, not the U+2028 Qt puts for Shift+Enter
                event.accept()
                return
            if self.enter_moves_on:
                event.accept()
                self.focusNextChild()
                return
        super().keyPressEvent(event)

    def _fit(self, *_size: Any) -> None:
        """As tall as its text wrapped, from LINES to MOST_LINES lines (then it scrolls)."""
        line = self.fontMetrics().lineSpacing()
        margin = 2 * self.document().documentMargin()
        text = min(max(self.document().size().height(), self.LINES * line + margin),
                   self.MOST_LINES * line + margin)
        height = math.ceil(text) + 2 * self.frameWidth()
        if height != self.minimumHeight() or height != self.maximumHeight():
            self.setFixedHeight(height)


# A run a label cannot break (a patent or ID number: Qt wraps only at spaces and CJK), with
# the bracket before it and the comma after it that a line may not be broken from.
_UNBROKEN_RUN = re.compile(r"([（“‘「『《【〔(]?)([^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]{6,})"
                           r"([，。、；：！？）”’」』》】〕]?)")


# Quotes the line breaker will not part from what is around them (UAX #14: no break before
# or after “): a paste's note quoting its cells one after another, “…”、“…”、“…”, was one
# unbreakable run past the form's edge. A break is allowed after the punctuation before one.
_QUOTE_AFTER_MARK = re.compile(r"(?<=[、，；：。])(?=[“‘「『《（【])")


class HintLabel(QLabel):
    """A form's hint beside its field, wrapped, whose long numbers break at any character
    where they are wider than the hint: 「发明专利 ZL201810451777.8」 showed as
    「ZL2018104517」 at 1366×768 and 150 %, the rest cut. A number that fits stays whole
    (it is what the hint confirms). A paste's note quoting cells one after another
    (“…”、“…”) may break after each 、. Its breaks are zero-width spaces the forms drop
    (validate._INVISIBLE); what was said is ``message``, whole in the tooltip.

    A near-name hint (按 F4 改用) whose registered name would take it past ``LINES`` lines
    shows the name shortened in the middle (北京经济技术…工会委员会), as far as ``KEEP``
    characters each side: a 30-character union's name pushed 「按 F4 改用，否则保存时询问」
    past what the row showed. The name is whole in the tooltip."""

    LINES = 3
    KEEP = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._colour = ""
        self.message = ""
        # on a line of its own (under its field): out of the way (no gap in the form)
        # while it says nothing
        self.folds = False

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        if self.folds:
            self.setVisible(bool(text))

    def fold(self, folds: bool) -> None:
        """Hidden while empty (``folds``), or always shown (beside its field)."""
        self.folds = folds
        self.setVisible(bool(self.text()) or not folds)

    def say(self, colour: str, message: str) -> None:
        self._colour, self.message = colour, message
        self._render()

    def _render(self) -> None:
        if not self.message:
            self.setText("")
            return
        room = self.contentsRect().width() if self.width() > 0 else self.minimumWidth()
        metrics = self.fontMetrics()

        def fitted(match: re.Match[str]) -> str:
            before, run, after = match.groups()
            if metrics.horizontalAdvance(match.group(0)) <= max(room, 1):
                return match.group(0)
            closing = run[-1] if run[-1] in "”’)" else ""  # kept with the character before it
            return before + "\u200b".join(run[:len(run) - len(closing)]) + closing + after

        message = self._shortened(max(room, 1))
        text = escape(_QUOTE_AFTER_MARK.sub("\u200b", _UNBROKEN_RUN.sub(fitted, message)))
        html = f"<span style='color:{self._colour}'>{text}</span>"
        if html != self.text():
            self.setText(html)

    def _shortened(self, room: int) -> str:
        """``message``, a near name in it shortened in the middle until the hint fits in
        ``LINES`` lines at ``room`` pixels (or the name is down to ``KEEP`` + … + ``KEEP``)."""
        name = hinted_name(self.message)
        message = self.message
        keep = (len(name) - 1) // 2
        while name and self._lines(message, room) > self.LINES and keep >= self.KEEP:
            message = self.message.replace(f"“{name}”", f"“{name[:keep]}…{name[-keep:]}”", 1)
            keep -= 1
        return message

    def _lines(self, text: str, room: int) -> int:
        """How many lines ``text`` wraps to at ``room`` pixels in this label's font."""
        document = QTextDocument()
        document.setDefaultFont(self.font())
        document.setDocumentMargin(0)
        document.setPlainText(text)
        document.setTextWidth(room)
        return round(document.size().height() / max(1, self.fontMetrics().lineSpacing()))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if self.message and event.size().width() != event.oldSize().width():
            self._render()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if self.message and event.type() == QEvent.Type.FontChange:
            self._render()


class _FoldingHint(HintLabel):
    """A hint on a line of its own: out of the way (no gap in the form) while it says nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.folds = True


def across_hints(grid: QGridLayout, row: Any, caption_top: bool = True) -> None:
    """A form's row (``EntryForm.add_row``'s ``Row``) made wide: its editor across the field
    and hint columns, its hint (rarely any) on a line of its own below, its caption at the
    top (``caption_top``; else beside a one-line field's middle). A 备注 of 200 characters
    in the field column alone showed 14 of them a line; a title at 15 pt, 15 characters.
    Called right after the row is added (its hint takes the next grid row)."""
    position: Any = grid.getItemPosition(grid.indexOf(row.editor))  # (row, column, spans)
    at = int(position[0])
    item = grid.itemAtPosition(at, 0)
    caption = item.widget() if item is not None else None
    if isinstance(caption, QLabel) and caption_top:
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
    hint = _FoldingHint()
    hint.setWordWrap(True)
    hint.setVisible(False)
    grid.removeWidget(row.editor)
    grid.removeWidget(row.hint)
    row.hint.deleteLater()
    row.hint = hint
    grid.addWidget(row.editor, at, 1, 1, 2)
    grid.addWidget(hint, at + 1, 1, 1, 2)


class DateField(TextField):
    """2021-03-05, 2021/3/5, 2021.3.5, 20210305, 2021年3月5日; shown as 2021-03-05 once left."""

    def __init__(self, parent: QWidget | None = None, example: date | None = None,
                 season: tuple[date, date] | None = None, month_end: bool = False) -> None:
        # The example a year's plan accepts (io.template.example_dates), where there is one;
        # else today's, never a fixed year's. The placeholder and a refusal show the same.
        self.example = example or clock.today()
        super().__init__(parent, f"如 {self.example.isoformat()}")
        # ``season``: where the year is implied (a 收件日期), 10月17日 is read in it
        self.season = season
        # ``month_end``: a date of a planned period (计划完成日期), where 2023年12月 is an
        # answer, read as the month's last day (validate.parse_date)
        self.month_end = month_end
        self.setMaximumWidth(grown(self, 180))
        self._fit_a_date()
        self._short_typed = ""  # a two-digit year's, no year's or no day's text tidied from
        self.editingFinished.connect(self._tidy)

    def _fit_a_date(self) -> None:
        """Never narrower than a date in the field's font: 设置 at 800 pixels squeezed its
        dates to 70 and cut the last digit (2023-10-1)."""
        metrics = self.fontMetrics()
        digit = max(metrics.horizontalAdvance(d) for d in "0123456789")
        text = 8 * digit + 2 * metrics.horizontalAdvance("-")
        margins = self.textMargins()
        frame = self.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, self)
        # QLineEdit keeps 2 pixels each side of its text, and a pixel for the cursor
        self.setMinimumWidth(text + 4 + 1 + margins.left() + margins.right() + 2 * frame)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_a_date()

    def value(self) -> date | None:  # type: ignore[override]
        text = self.text().strip()
        return (parse_date(text, example=self.example, season=self.season, month_end=self.month_end)
                if text else None)

    def _read_as(self, text: str) -> str | None:
        return (short_year_read(text) or no_year_read(text, self.season)
                or (month_read(text) if self.month_end else None))

    def set_value(self, value: Any) -> None:
        self._short_typed = ""
        self.setText(value.isoformat() if isinstance(value, date) else (value or ""))
        self.from_start()

    def read_note(self) -> str:
        """How a two-digit year was read (22-3-5: 读作 2022-03-05), a year-less day in its
        season, a month alone as its last day (2023年12月: 读作 2023-12-31), while typed and
        once tidied to it: the reading's, for the clerk to see; "" otherwise."""
        text = self.text().strip()
        said = self._read_as(text)
        if said:
            return said
        if self._short_typed and self._read_as(self._short_typed) == f"读作 {text}":
            return f"“{self._short_typed}”读作 {text}"
        return ""

    def _typed(self, text: str) -> None:
        self._short_typed = ""
        super()._typed(text)

    def _tidy(self) -> None:
        try:
            day = self.value()
        except ValidationError:
            return
        if day is not None and self.text() != day.isoformat():
            typed = self.text().strip()
            self.setText(day.isoformat())
            self._short_typed = typed if self._read_as(typed) else ""


class AmountField(TextField):
    """An amount in 万元 unless the text says 元: "30" is ¥300,000.00."""

    def __init__(self, parent: QWidget | None = None, unit: str = "万元",
                 placeholder: str = "") -> None:
        super().__init__(parent, placeholder or f"单位：{unit}，如 30")
        self.unit = unit
        self.setMaximumWidth(grown(self, 180))

    def value(self) -> int | None:  # type: ignore[override]
        text = self.text().strip()
        return parse_amount_fen(text, default_unit=self.unit) if text else None

    def set_value(self, value: Any) -> None:
        if value is None:
            self.setText("")
            return
        per_unit = 10_000_00 if self.unit == "万元" else 100
        amount = Decimal(int(value)) / per_unit  # exact: fen are integers, never floats
        # 元 to the fen, as a receipt says it (7,499.50, not 7499.5); 万元 as few digits
        # as it takes (30, 2.5)
        self.setText(format(amount, ",.2f") if per_unit == 100
                     else format(amount.normalize(), "f"))
        self.from_start()


_NOTHING = object()  # typed text that names no choice


class ChoiceField(QComboBox):
    """A short list answered with single keys; the first item is "not given"."""

    edited = Signal()
    CHOICES: tuple[tuple[Any, str], ...] = ()
    KEYS: dict[int, Any] = {}
    BLANK = "（未填）"
    HELP = ""  # what the box answers to, said when a key chose nothing

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem(self.BLANK, None)
        for value, label in self.CHOICES:
            self.addItem(label, value)
        self.setMaximumWidth(grown(self, 240))
        self.refused = ""  # the last key or word that chose nothing, until one does
        self.currentIndexChanged.connect(self.edited)

    def value(self) -> Any:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value) if value is not None else 0
        self.setCurrentIndex(max(index, 0))

    def set_invalid(self, invalid: bool) -> None:
        self.setStyleSheet(invalid_style() if invalid else "")

    def popup_open(self) -> bool:
        return False

    def from_text(self, text: str) -> Any:
        """The choice a typed letter or word names, or _NOTHING."""
        for i in range(1, self.count()):
            if self.itemText(i).startswith(text):
                return self.itemData(i)
        return _NOTHING

    def _choose(self, value: Any) -> None:
        self._refuse("")
        self.set_value(value)

    def _refuse(self, typed: str) -> None:
        message = f"“{typed}”不是可选的{self.accessibleName() or '内容'}：{self.HELP}" if typed else ""
        if message == self.refused:
            return
        self.refused = message
        if message and self.isVisible():  # a dialog without a hint column still says it
            QToolTip.showText(self.mapToGlobal(self.rect().bottomLeft()), message, self)
        self.edited.emit()  # the form shows (or drops) the note beside the field

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if event.matches(QKeySequence.StandardKey.Paste):
            # 是 or 市级（示范性） pasted chooses as typed: a combo box ignored it, and 否 (a
            # model studio's first answer) stayed chosen while the clerk believed 是 took
            self.paste_text(clipboard_text())
            return
        if key in self.KEYS:
            self._choose(self.KEYS[key])
            return
        if key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
            self._refuse("")
            self.setCurrentIndex(0)
            return
        text = event.text()
        command = event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                       | Qt.KeyboardModifier.AltModifier)
        if text and text.isprintable() and not text.isspace() and not command:
            value = self.from_text(text)
            if value is _NOTHING:
                self._refuse(text)
            else:
                self._choose(value)
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        """A word an input method commits (市级, 是) chooses as its key would."""
        text = event.commitString().strip()
        if text:
            self._choose_text(text)
        event.accept()

    def paste_text(self, text: str) -> None:
        """Text pasted (its first cell, of a table's: 是⇥否 is 是) chooses as typed words do."""
        cells = pasted_cells(text)
        first = tidy_line(cells[0]) if cells else ""
        if first:
            self._choose_text(first)

    def _choose_text(self, text: str) -> None:
        value = self.from_text(text)
        if value is _NOTHING:
            self._refuse(text)
        else:
            self._choose(value)


class YesNoField(ChoiceField):
    """是 / 否: Y or 1 for 是, N or 0 for 否, Backspace to clear."""

    CHOICES = ((True, "是"), (False, "否"))
    KEYS = {Qt.Key.Key_Y: True, Qt.Key.Key_1: True, Qt.Key.Key_N: False, Qt.Key.Key_0: False}
    HELP = "按 Y 或 1 为“是”，N 或 0 为“否”"

    def __init__(self, parent: QWidget | None = None, words: dict[str, bool] | None = None) -> None:
        super().__init__(parent)
        self.words = words  # the question's own answers (validate.FRONTLINE_WORDS: 一线)

    def from_text(self, text: str) -> Any:
        try:
            value = parse_yes_no(text, self.words)
        except ValidationError:
            return _NOTHING
        return _NOTHING if value is None else value


# Pinyin a clerk types for a level (市级 shiji, 区级 quji, 局级 juji, 集团 jituan, 公司
# gongsi): its first letter (s, q, j, g) or more of it chooses the level.
_LEVEL_SPELLINGS = {CITY: ("shiji", "city"),
                    DISTRICT: ("quji", "juji", "jituan", "gongsi", "district")}
_LEVEL_DIGITS = {"1": CITY, "2": DISTRICT}  # as its keys 1 and 2


class LevelField(ChoiceField):
    """1 市级（含示范性）, 2 区、局、集团（公司）级; or the level in words or pinyin."""

    CHOICES = ((CITY, f"1 {LEVEL_ZH[CITY]}"), (DISTRICT, f"2 {LEVEL_ZH[DISTRICT]}"))
    KEYS = {Qt.Key.Key_1: CITY, Qt.Key.Key_2: DISTRICT}
    HELP = "按 1 为市级，2 为区/局/集团级，或输入 市、区、局、集团（拼音 s、q、j）"

    OUTSIDE = "（不在助推范围）"  # after a level written that the plan admits not

    def __init__(self, parent: QWidget | None = None, outside: bool = False) -> None:
        super().__init__(parent)
        # The level is typed as a word, as the paper writes it: the input method may
        # commit 市级 here (letters then reach it, not this box, while it composes).
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        # a paper's level as written (企业级) is taken; a studio's own level never is
        self.outside = outside
        self._typed = ""  # the letters typed since the box took the focus
        self._words = ""  # the hanzi committed since, one or a few at a time (企, 业级)

    def focusInEvent(self, event: Any) -> None:
        self._typed = ""
        self._words = ""
        super().focusInEvent(event)

    def set_value(self, value: Any) -> None:
        """市级, 区级 — or 企业级 as the paper writes it (its own item, the value the text):
        registered so and judged 不合格 under 二（一）, as the import does."""
        if self.count() > 1 + len(self.CHOICES) and value != self.itemData(self.count() - 1):
            if self.currentIndex() == self.count() - 1:
                self.setCurrentIndex(0)
            self.removeItem(self.count() - 1)  # the one written before: one at a time
        if (self.outside and isinstance(value, str) and value not in (CITY, DISTRICT)
                and self.findData(value) < 0):
            self.addItem(f"{value}{self.OUTSIDE}", value)
        super().set_value(value)

    def from_text(self, text: str) -> Any:
        # The input method this box takes words from commits its digits and letters
        # full-width in 全角 mode (１, ｓ): the 1 the hint asks for was refused.
        text = unicodedata.normalize("NFKC", text)
        if text in _LEVEL_DIGITS:
            return _LEVEL_DIGITS[text]
        if not text.isascii():
            words = self._words = self._words + text  # 企 of 企业级: the rest may follow
            if not text.strip("级"):  # 级 committed after 市: the level already chosen
                if self.outside and (outside := outside_studio_level(words)):  # …企业: 企业级
                    return outside
                return self.value() if self.value() is not None else _NOTHING
            for said in (text, words):
                level: str | None
                try:
                    level = parse_studio_level(said)
                except ValidationError:
                    level = outside_studio_level(said) if self.outside else None
                if level:
                    self._words = said
                    return level
            return _NOTHING
        # Letters go on spelling the level while they can (s-h-i-j-i stays 市级, however
        # slowly typed); a letter that cannot go on starts a new word (s, then j: 局).
        for typed in (self._typed + text.lower(), text.lower()):
            levels = {level for level, spellings in _LEVEL_SPELLINGS.items()
                      if any(s.startswith(typed) for s in spellings)}
            if len(levels) == 1:
                self._typed = typed
                return levels.pop()
        self._typed = ""
        return _NOTHING


class FindingsView(QTextEdit):
    """A form's findings (按方案核对), read by the keyboard: a read-only text the Tab or
    its Alt letter reaches, whose lines ↑↓ and PageDown scroll and a screen reader reads
    (a label in a scroll area showed 2 of 9 findings at 200 % + 16 pt, none reachable).
    Looks as the label in its scroll area did: the same frame, the window's background;
    a ring while focused.
    ``setText``/``text`` as a QLabel's (the rich text as set)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from .focus_ring import show_focus

        self._html = ""
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setTabChangesFocus(True)
        self.viewport().setAutoFillBackground(False)
        self.document().setDocumentMargin(0)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        show_focus(self)

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name
        if text != self._html:
            self._html = text
            self.setHtml(text)

    def text(self) -> str:
        return self._html
