"""Small modal questions and messages, in Chinese, answerable from the keyboard.

Screens call these module functions (never ``QMessageBox`` directly) so that the
wording and the buttons are the same everywhere, and so tests can answer them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

# The module, not its classes: each PySide6 class is built on first use (≈ 3 ms for these),
# and the main window imports this module before it is first painted.
from PySide6 import QtCore, QtGui, QtWidgets

if TYPE_CHECKING:
    from PySide6.QtWidgets import (
        QDialog,
        QDialogButtonBox,
        QInputDialog,
        QMessageBox,
        QPushButton,
        QWidget,
    )


def open_modal(dialog: QDialog) -> QDialog:
    """Open ``dialog`` over its window (``QDialog.open``), to be deleted once it closes.

    A dialog closed stayed its parent's hidden child until the parent went: the main
    window lives all day, and the day's 500 forms (≈ 3.5 MB each) and hundreds of other
    dialogs stayed with it, each form opened slower than the last."""
    dialog.finished.connect(lambda _result: delete_when_idle(dialog))
    dialog.open()
    return dialog


def delete_when_idle(dialog: QDialog) -> None:
    """Delete a closed dialog, once the work it started is over: a file being read when
    Esc closed the import (before its progress showed) still reports to it."""
    busy = dialog.findChild(QtWidgets.QProgressDialog)  # AppContext.run_long's, till the end
    if busy is None:
        dialog.deleteLater()
    else:
        busy.destroyed.connect(lambda: delete_when_idle(dialog))


# A run of characters a line cannot break inside (a URL or path pasted as a title, an
# account number): past this length it gets a place to break every BREAK_EVERY characters.
# Only runs longer than a box can show: a path or number of a usual length stays whole,
# as the clerk sees it (Ctrl+C on a message box copies the text without the breaks).
BREAK_AFTER = 72
BREAK_EVERY = 40
# Compiled at its first long message, not at import: ≈ 2 ms of the window's start.
_UNBROKEN = rf"[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]{{{BREAK_AFTER},}}"
_ZWSP = "\u200b"  # shows as nothing; the forms and the importer drop it (validate._INVISIBLE)


def breakable(text: str) -> str:
    """``text`` with a zero-width space every few characters of its long unbroken runs:
    Qt breaks a message's lines only where the text allows, and a 200-character URL ran
    past the box's edge, cut off (a message box grows at most to the screen's width)."""
    if len(text) < BREAK_AFTER:
        return text
    return re.sub(_UNBROKEN, lambda m: _ZWSP.join(
        m[0][i:i + BREAK_EVERY] for i in range(0, len(m[0]), BREAK_EVERY)), text)


def as_typed(box: QMessageBox | QInputDialog) -> None:
    """Show a message's text as written. These texts carry what clerks typed (a title
    “A<B 与 C>D 的比较”, a name “<b>王</b>”), which Qt would read as HTML when the first
    line holds a known tag: the text between cut out, the line breaks lost. None of the
    callers writes HTML here."""
    if isinstance(box, QtWidgets.QMessageBox):
        box.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    else:
        for label in box.findChildren(QtWidgets.QLabel):
            label.setTextFormat(QtCore.Qt.TextFormat.PlainText)


def _clean_clipboard() -> None:
    clipboard = QtGui.QGuiApplication.clipboard()
    text = clipboard.text()
    if _ZWSP in text:
        clipboard.setText(text.replace(_ZWSP, ""))


_open_boxes: list[QMessageBox] = []  # message boxes in exec(), innermost last


def _message_box(icon: QMessageBox.Icon, title: str, text: str,
                 parent: QWidget | None) -> QMessageBox:
    QMessageBox = QtWidgets.QMessageBox  # noqa: N806 - the class, named as Qt names it
    box = QMessageBox(icon, title, breakable(text), QMessageBox.StandardButton.NoButton, parent)
    as_typed(box)
    if is_long(text):
        _scroll_long_text(box, text)
    return box


# A message past this many lines (a long line counted as the lines it wraps to) is shown
# in a scrolling text area: a list refused for 40 lines made a box 3,930 px tall, its 确定
# far below a 768-px screen's edge, and no way to close it but Esc.
LONG_LINES = 18
_LINE_CHARS = 40  # about what one line of the box holds (Chinese characters)
_ROOM = 260  # px of the screen's height kept for the title, head line, buttons and margins


def is_long(text: str) -> bool:
    return sum(1 + len(line) // _LINE_CHARS for line in text.splitlines()) > LONG_LINES


def _scroll_long_text(box: QMessageBox, text: str) -> None:
    """In place of the box's label: the message's first line, the rest in a read-only
    scrolling area sized to fit the screen, and 复制 (the whole text, as written, for an
    e-mail to IT). The label keeps the text, hidden: ``box.text()`` is the message still."""
    label = box.findChild(QtWidgets.QLabel, "qt_msgbox_label")
    grid = box.layout()
    if label is None or not isinstance(grid, QtWidgets.QGridLayout):
        return  # another Qt's box: its own label, as tall as it grows
    head, _, body = text.partition("\n")
    screen = (box.screen() or QtGui.QGuiApplication.primaryScreen()).availableGeometry()
    width = max(320, min(600, screen.width() - 160))

    panel = QtWidgets.QWidget(box)
    panel.setObjectName("long_message")
    column = QtWidgets.QVBoxLayout(panel)
    column.setContentsMargins(0, 0, 0, 0)
    title = QtWidgets.QLabel(breakable(head), panel)
    title.setTextFormat(QtCore.Qt.TextFormat.PlainText)
    title.setWordWrap(True)
    column.addWidget(title)
    area = QtWidgets.QPlainTextEdit(panel)
    area.setObjectName("long_message_text")
    area.setReadOnly(True)
    area.setPlainText(body)
    area.setWordWrapMode(QtGui.QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    area.setHorizontalScrollBarPolicy(QtCore.Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setAccessibleName("消息全文")
    measure = QtGui.QTextDocument()
    measure.setDefaultFont(area.font())
    measure.setPlainText(body)
    measure.setTextWidth(width - 30)  # the frame and the scroll bar
    wanted = int(measure.size().height()) + 2 * area.frameWidth() + 12
    area.setFixedSize(width, max(80, min(wanted, screen.height() - _ROOM)))
    column.addWidget(area)
    copy = QtWidgets.QPushButton("复制", panel)
    copy.setToolTip("把全文复制到剪贴板（可粘贴到微信或邮件中发给 IT）")
    copy.setAutoDefault(False)  # Enter answers the box, not 复制
    copy.clicked.connect(lambda: QtGui.QGuiApplication.clipboard().setText(text))
    row = QtWidgets.QHBoxLayout()
    row.addWidget(copy)
    row.addStretch(1)
    column.addLayout(row)
    label.hide()
    where: Any = grid.getItemPosition(grid.indexOf(label))  # (row, column, rows, columns)
    grid.addWidget(panel, *where)


def _exec(box: QMessageBox) -> None:
    """Show ``box`` till answered. What is copied from it meanwhile (Ctrl+C, Qt's copy of
    title, text and buttons; or the text selected) loses the zero-width spaces
    :func:`breakable` put in: pasted into WeChat or an e-mail to IT, a URL or path is the
    one the message names, not one broken every BREAK_EVERY characters."""
    clipboard = QtGui.QGuiApplication.clipboard()
    if not _open_boxes:  # a box over a box: one connection, made by the first
        clipboard.dataChanged.connect(_clean_clipboard)
    _open_boxes.append(box)
    try:
        box.exec()
    finally:
        _open_boxes.pop()
        if not _open_boxes:
            clipboard.dataChanged.disconnect(_clean_clipboard)


def details_button() -> str:
    """The words on the button a box with ``details`` shows them by, as Qt shows them (its
    own Chinese: 显示详情...), for a text that names it."""
    return QtCore.QCoreApplication.translate("QMessageBox", "Show Details...")


def show_error(parent: QWidget | None, title: str, text: str, guarded: bool = False,
               details: str = "") -> None:
    """``guarded``: said as a paper is saved, under head-down typing (:class:`TypingGuard`).
    ``details``: for IT, behind 显示详情... (a damaged register's check, in English)."""
    QMessageBox = QtWidgets.QMessageBox  # noqa: N806 - the class, named as Qt names it
    box = _message_box(QMessageBox.Icon.Warning, title, text, parent)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    if details:
        box.setDetailedText(details)
    if guarded:
        TypingGuard(box)
    _exec(box)


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox = QtWidgets.QMessageBox  # noqa: N806
    box = _message_box(QMessageBox.Icon.Information, title, text, parent)
    box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
    _exec(box)


# An answer's Alt letter when its caller names none: by its words (返回修改 is B in every
# box), else by its part (是 Y, 否 N, the undecided B), else its place among the choices.
_LETTER_OF = {"返回修改": "B", "返回": "B", "取消": "C", "继续填写": "N", "确定": "O"}
_LETTER_OF_ROLE = {"YesRole": "Y", "NoRole": "N", "RejectRole": "B", "AcceptRole": "O"}


def lettered(box: QMessageBox) -> None:
    """Give each of ``box``'s buttons that has none an Alt letter (放弃并关闭(&Y)): a clerk
    at the keyboard answers every question with Alt+letter, as she does 仍然保存(&S). A bare
    letter then answers nothing (a message box clicks the button a bare letter names: her
    next word typed on would answer it): it beeps (:class:`_BareLetters`)."""
    buttons = box.buttons()
    taken = {_letter(b.text()) for b in buttons} - {""}
    for button in buttons:
        text = button.text()
        if "&" in text or not text:
            continue
        role = box.buttonRole(button).name
        wanted = [_LETTER_OF.get(text, ""), _LETTER_OF_ROLE.get(role, "")]
        letter = next((x for x in wanted if x and x not in taken), "")
        # a choice among several (ask_among): its place, 1, 2, 3…
        letter = letter or next(x for x in "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" if x not in taken)
        taken.add(letter)
        button.setText(f"{text}(&{letter})")
    if box.findChild(_BareLetters) is None:
        _BareLetters(box)


def _letter(text: str) -> str:
    at = text.find("&")
    return text[at + 1].upper() if 0 <= at < len(text) - 1 else ""


class _BareLetters(QtCore.QObject):
    """A letter typed without Alt answers no question: a beep (a QMessageBox clicks the
    button whose letter it is)."""

    def __init__(self, box: QMessageBox) -> None:
        super().__init__(box)
        box.installEventFilter(self)

    def eventFilter(self, _obj: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() != QtCore.QEvent.Type.KeyPress:
            return False
        mods = event.modifiers()  # type: ignore[attr-defined]
        key = event.key()  # type: ignore[attr-defined]
        if (mods & (QtCore.Qt.KeyboardModifier.AltModifier
                    | QtCore.Qt.KeyboardModifier.ControlModifier
                    | QtCore.Qt.KeyboardModifier.MetaModifier)
                or not QtCore.Qt.Key.Key_A.value <= key <= QtCore.Qt.Key.Key_Z.value):
            return False
        QtWidgets.QApplication.beep()
        event.accept()
        return True


def ask_yes_no(parent: QWidget | None, title: str, text: str, yes: str = "是",
               no: str = "否", default_yes: bool = False, guarded: bool = False,
               withdrawn: Any = None, details: str = "", yes_key: str | None = None,
               no_key: str | None = None) -> bool:
    """True when the operator chose ``yes``. Enter takes the default, Esc is ``no``.
    ``yes_key``, ``no_key``: the answers' Alt letters (撤回申报(&W)), as :func:`ask_or_back`
    writes them; unique in the box (its 复制 and 显示详情... have none).
    ``details``: for IT, behind 显示详情... (as :func:`show_error`'s).
    ``guarded``: a question asked as a paper is saved, under a clerk's head-down typing:
    typing goes nowhere, and Enter after it waits for a look (:class:`TypingGuard`).
    ``withdrawn``: a signal that closes the question unanswered (False), the thing it
    asked about gone (the work a close would cancel has ended)."""
    QMessageBox = QtWidgets.QMessageBox  # noqa: N806
    box = _message_box(QMessageBox.Icon.Question, title, text, parent)
    yes_button = box.addButton(f"{yes}(&{yes_key})" if yes_key else yes,
                               QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(f"{no}(&{no_key})" if no_key else no,
                              QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(yes_button if default_yes else no_button)
    box.setEscapeButton(no_button)
    lettered(box)
    if details:
        box.setDetailedText(details)
    if guarded:
        TypingGuard(box)
    if withdrawn is not None:
        withdrawn.connect(box.reject)
    try:
        _exec(box)
    finally:
        if withdrawn is not None:
            withdrawn.disconnect(box.reject)
    return box.clickedButton() is yes_button


def ask_among(parent: QWidget | None, title: str, text: str, choices: list[str],
              default: int = 0) -> int:
    """The index of the answer chosen among ``choices`` (a button each, in this order);
    Enter takes ``default``, Esc and the title bar's × the last (which must be the one
    that changes nothing: 退出)."""
    QMessageBox = QtWidgets.QMessageBox  # noqa: N806
    box = _message_box(QMessageBox.Icon.Question, title, text, parent)
    buttons = [box.addButton(c, QMessageBox.ButtonRole.ActionRole) for c in choices]
    box.setDefaultButton(buttons[default])
    box.setEscapeButton(buttons[-1])
    lettered(box)
    _exec(box)
    clicked = box.clickedButton()
    return buttons.index(clicked) if clicked in buttons else len(choices) - 1


def ask_buttons(parent: QWidget | None, title: str, text: str, buttons: list[str],
                cancel: int, guarded: bool = False) -> int:
    """The index of the answer chosen among ``buttons`` (their words with Alt letters:
    仍要通过(&P)); ``cancel`` the one Enter and Esc take, changing nothing."""
    QMessageBox = QtWidgets.QMessageBox  # noqa: N806
    box = _message_box(QMessageBox.Icon.Question, title, text, parent)
    made = [box.addButton(b, QMessageBox.ButtonRole.RejectRole if n == cancel
                          else QMessageBox.ButtonRole.ActionRole) for n, b in enumerate(buttons)]
    box.setDefaultButton(made[cancel])
    box.setEscapeButton(made[cancel])
    if guarded:
        TypingGuard(box)
    _exec(box)
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else cancel


# The third answer of a question that Esc must not answer (:func:`ask_or_back`).
BACK = "返回修改"


class TypingGuard(QtCore.QObject):
    """While a question is up, the text typed into it goes nowhere, with a beep and a line
    in the box saying so. A clerk typing head-down from the paper went on typing into a
    box that had opened under her hands: her next field's text was lost, a letter or a
    space answered the box (a message box clicks the button whose mnemonic is a bare
    letter, a list box jumps to the item a letter starts, Space presses the focused
    button). Esc, Tab, the arrows and Alt+key still answer it; Enter too, unless typing
    was refused: the Enter she typed next between two fields of the paper answered it
    (the registered name taken, the paper saved, the next paper typed one field up).
    After refused typing Enter answers only once she has looked: a pause of LOOK_MS with
    no key at all (each key, Enter too, starts it again). A box not typed into answers
    Enter at once, as before. Space on a focused button presses it (Qt's way, a keyboard
    clerk's after Shift+Tab) once the box has been up LOOK_MS with no key typed for
    LOOK_MS: typed on at once, it is still her next field's space."""

    NOTE = "键入的文字未输入任何栏目：请先回答此问题"
    LOOK_MS = 1000
    # Keys reaching the box in its first GRACE_MS shown were typed before she could see it
    # (queued while the save ran): dropped, every one — Tab, Enter, Alt+letter too. A Tab
    # typed ahead moved the focus from 保留登记册的 to 改为申报书所填, and her next Enter
    # changed the studio's 推荐单位 on its other papers. Chromium's input protector for its
    # permission prompts does the same (events sooner than a double-click after showing).
    GRACE_MS = 300
    LOOK = "刚才键入时按的{key}不作回答：请停手看清（约 1 秒）后再按{key}"
    SPACE, ENTER = "空格", " Enter "  # the key named in LOOK: the one she pressed

    @classmethod
    def look(cls, key: str) -> str:
        return cls.LOOK.format(key=key).rstrip()

    def __init__(self, box: QDialog) -> None:
        super().__init__(box)
        self.box = box
        self.eaten = 0
        self.enters_refused = 0
        self.named = ""  # the key LOOK names in the box, once said
        self.looking = QtCore.QTimer(self)  # running: Enter is no answer yet
        self.looking.setSingleShot(True)
        self.looking.setInterval(self.LOOK_MS)
        self.quiet = QtCore.QElapsedTimer()  # since the box opened or a key was last pressed
        self.quiet.start()
        self.shown = QtCore.QElapsedTimer()  # since the box was shown (invalid till then)
        app = QtWidgets.QApplication.instance()
        if app is not None:  # on the application: a key goes to the box's focused button
            app.installEventFilter(self)
            box.finished.connect(lambda _result: app.removeEventFilter(self))

    def in_grace(self) -> bool:
        """The box not yet shown GRACE_MS: a key now was typed before she saw it."""
        return not self.shown.isValid() or self.shown.elapsed() < self.GRACE_MS

    def eventFilter(self, watched: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QtCore.QEvent.Type.Show and watched is self.box:
            self.shown.start()
            return False
        if kind not in (QtCore.QEvent.Type.KeyPress, QtCore.QEvent.Type.InputMethod,
                        QtCore.QEvent.Type.ShortcutOverride):
            return False
        if not isinstance(watched, QtWidgets.QWidget) or watched.window() is not self.box:
            return False
        if kind == QtCore.QEvent.Type.ShortcutOverride:
            if not self.in_grace():
                return False
            event.accept()  # an Alt+letter typed ahead: no button's shortcut (its press, below)
            return True
        if self.in_grace():
            return self._typed_ahead(event)
        if kind == QtCore.QEvent.Type.InputMethod:
            typed = event.commitString()  # type: ignore[attr-defined]
        else:
            held = event.modifiers() & (  # type: ignore[attr-defined]
                QtCore.Qt.KeyboardModifier.ControlModifier | QtCore.Qt.KeyboardModifier.AltModifier
                | QtCore.Qt.KeyboardModifier.MetaModifier)
            text = event.text()  # type: ignore[attr-defined]
            typed = text if not held and text and text.isprintable() else ""
            looked = self.quiet.elapsed() >= self.LOOK_MS
            self.quiet.restart()
            if (typed == " " and looked and not self.looking.isActive()
                    and isinstance(watched, QtWidgets.QAbstractButton)):
                return False  # a deliberate Space on the button she moved to: pressed
            if not typed and self.looking.isActive():
                if not held and event.key() in (  # type: ignore[attr-defined]
                        QtCore.Qt.Key.Key_Return, QtCore.Qt.Key.Key_Enter):
                    self.enters_refused += 1
                    self.looking.start()  # she is still typing: the pause starts again
                    if self.named == self.SPACE:  # the note named her Space: now Enter
                        self._say(self.ENTER)
                    QtWidgets.QApplication.beep()
                    event.accept()
                    return True
                self.looking.start()  # any key: not yet a pause
        if not typed:
            return False
        self.eaten += 1
        self.looking.start()
        QtWidgets.QApplication.beep()
        if self.eaten == 1 or (typed == " " and self.named == self.ENTER):
            # a Space held back said as a Space, not as the Enter she did not press
            self._say(self.SPACE if typed == " " else self.ENTER)
        event.accept()
        return True

    def _typed_ahead(self, event: QtCore.QEvent) -> bool:
        """A key of the box's first GRACE_MS: dropped. Text is said as typing refused;
        any key starts the pause an Enter then waits for (she has not looked yet)."""
        if event.type() == QtCore.QEvent.Type.InputMethod:
            typed = event.commitString()  # type: ignore[attr-defined]
        else:
            text = event.text()  # type: ignore[attr-defined]
            typed = text if text and text.isprintable() else ""
        self.quiet.restart()
        self.looking.start()
        QtWidgets.QApplication.beep()
        self.eaten += bool(typed)
        if not self.named:  # a Tab too: the Enter after it waits, and says why
            self._say(self.SPACE if typed == " " else self.ENTER)
        event.accept()
        return True

    def _say(self, key: str) -> None:
        box = self.box
        before = f"{self.NOTE}\n{self.look(self.named)}" if self.named else ""
        self.named = key
        said = f"{self.NOTE}\n{self.look(key)}"
        if isinstance(box, QtWidgets.QMessageBox):
            box.setInformativeText(said)
        elif isinstance(box, QtWidgets.QInputDialog):
            label = box.labelText()
            box.setLabelText(label.replace(before, said) if before and before in label
                             else f"{label}\n\n{said}")


def ask_or_back(parent: QWidget | None, title: str, text: str, yes: str, no: str,
                default_yes: bool | None = True, no_key: str | None = "N",
                yes_key: str | None = None, back: str = BACK,
                back_tip: str = "Esc：暂不回答，回到该栏修改，不保存") -> bool | None:
    """True for ``yes``, False for ``no``; None for 返回修改, which Esc and the title bar's ×
    press: the question left undecided, back to the form with nothing saved. For a question
    whose ``no`` lasts (a new union or studio registered), which Esc, pressed to look at the
    paper again, must not answer; nor Tab then Enter, nor a key typed on: ``no`` is said
    with Alt+``no_key`` (or a click), off the Tab path, and typing goes nowhere
    (:class:`TypingGuard`). ``no_key`` None: ``no`` is an ordinary answer, on the Tab path
    (工作室信息与登记册不同's 保留登记册的, Enter's default there). ``default_yes`` None: Enter
    is 返回修改 (``yes`` would put the register's name over one that may be right as typed).
    ``yes_key``: ``yes`` too is said only with Alt+``yes_key`` (or a click), off the Tab
    path: Tab then Enter took the register's stray name over the whole one typed.
    ``back``, ``back_tip``: the undecided answer's words, for a question not of a form's field."""
    QMessageBox = QtWidgets.QMessageBox  # noqa: N806
    box = _message_box(QMessageBox.Icon.Question, title, text, parent)
    yes_button = box.addButton(f"{yes}(&{yes_key})" if yes_key else yes,
                               QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(f"{no}(&{no_key})" if no_key else no,
                              QMessageBox.ButtonRole.NoRole)
    said_by_key = (([(no_button, no_key, no)] if no_key else [])
                   + ([(yes_button, yes_key, yes)] if yes_key else []))
    for button, key, what in said_by_key:
        button.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)  # Tab never lands on it
        button.setAutoDefault(False)
        button.setToolTip(f"Alt+{key}：{what}")
    back_button = box.addButton(back, QMessageBox.ButtonRole.RejectRole)
    back_button.setToolTip(back_tip)
    box.setDefaultButton(back_button if default_yes is None
                         else yes_button if default_yes else no_button)
    box.setEscapeButton(back_button)
    lettered(box)
    TypingGuard(box)
    _exec(box)
    clicked = box.clickedButton()
    return True if clicked is yes_button else False if clicked is no_button else None


# The dialogs Ctrl+Q is closing to quit (quit_key.py), while their Esc asks: innermost last.
quitting: list[QWidget] = []


def confirm_discard(parent: QWidget | None) -> bool:
    """Esc on a form or dialog with typed changes: True to throw them away and close.
    Ctrl+Q's (``parent`` in :data:`quitting`): the same question, to quit (:func:`confirm_quit`)."""
    if parent is not None and parent in quitting:
        return confirm_quit(parent)
    return ask_yes_no(parent, "放弃录入？", "表中已填写的内容尚未保存。放弃这些内容并关闭吗？",
                      yes="放弃并关闭", no="继续填写", guarded=True)  # Tab typed ahead, Enter


def confirm_quit(parent: QWidget) -> bool:
    """Ctrl+Q on a form or dialog with typed changes: True to throw them away and close.
    A paper form (its ``save()``) is offered 保存并退出 (Enter): saved, it closes itself and
    False is said (nothing to throw away); refused, it stays, saying why. 放弃并退出 is off
    the Tab path (Alt+N), Esc is 返回修改: the typing kept, the window left open."""
    unsaved = "表中已填写的内容尚未保存。"
    save = getattr(parent, "save", None)
    if not callable(save):
        return ask_yes_no(parent, "放弃录入并退出？", f"{unsaved}放弃这些内容并退出吗？",
                          yes="放弃并退出", no=BACK, guarded=True)
    answer = ask_or_back(parent, "退出前保存？", f"{unsaved}保存后退出，还是放弃这些内容并退出？",
                         yes="保存并退出", no="放弃并退出")
    if answer:
        save()
    return answer is False


def ask_text(parent: QWidget | None, title: str, label: str, text: str = "") -> str | None:
    """A line of text, or None when cancelled."""
    QInputDialog = QtWidgets.QInputDialog  # noqa: N806
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(breakable(label))
    as_typed(dialog)
    wrap_to_screen(dialog)
    dialog.setTextValue(text)
    dialog.setTextEchoMode(QtWidgets.QLineEdit.EchoMode.Normal)
    dialog.setOkButtonText("确定(&O)")
    dialog.setCancelButtonText("取消(&C)")
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    return dialog.textValue()


# ask_text's width: a line of rule text wraps at this (or at the screen's edge).
TEXT_DIALOG_WIDTH = 560
_DIALOG_MARGIN = 12  # about a style's dialog margin (the label's width is set, not the dialog's)


def wrap_to_screen(dialog: QInputDialog) -> None:
    """Wrap the question's label, and hold the dialog inside the screen: QInputDialog
    keeps its label on one line, and 维持公示档次's rule (≈ 200 characters) made the
    dialog 2,167 px wide, 确定 and 取消 off a 1366 laptop's screen."""
    width = TEXT_DIALOG_WIDTH
    screen = dialog.screen() or QtGui.QGuiApplication.primaryScreen()
    room = screen.availableGeometry().width() - 40 if screen is not None else width
    # The dialog's layout sizes it to its contents (SetMinAndMaxSize): its label's width.
    for label in dialog.findChildren(QtWidgets.QLabel):
        label.setWordWrap(True)
        label.setMinimumWidth(min(width, room) - 2 * _DIALOG_MARGIN)
        label.setMaximumWidth(room - 2 * _DIALOG_MARGIN)


def ask_choice(parent: QWidget | None, title: str, label: str, items: list[str],
               guarded: bool = False, preselect: bool = True) -> int | None:
    """The index of the item chosen from a list (first one preselected), or None.
    ``guarded``: typing goes nowhere (:class:`TypingGuard`; a letter or a hanzi typed on
    chose the item it starts). ``preselect`` False: no item chosen until the arrows choose
    one; 确定 with none chosen is None, as 取消."""
    QInputDialog = QtWidgets.QInputDialog  # noqa: N806
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(breakable(label))
    as_typed(dialog)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    dialog.setOkButtonText("确定(&O)")  # every question's answers have their Alt letter
    dialog.setCancelButtonText("取消(&C)")
    if not preselect:
        combo = dialog.findChild(QtWidgets.QComboBox)
        if combo is not None:
            combo.setCurrentIndex(-1)
    if guarded:
        TypingGuard(dialog)
    if dialog.exec() != QInputDialog.DialogCode.Accepted:
        return None
    chosen = dialog.textValue()
    return items.index(chosen) if chosen in items else None


class _DefaultOnShow(QtCore.QObject):
    """Makes ``ok`` its dialog's default once the dialog shows. A default set while the
    button is not yet in its dialog (the box is laid out after) is the button's flag only,
    not the dialog's: Tab past 确定 and 取消 moved the default to 取消 for good, and Enter
    in a field then cancelled what was typed."""

    def __init__(self, dialog: QDialog, ok: QPushButton) -> None:
        super().__init__(ok)
        self.ok = ok
        dialog.installEventFilter(self)

    def eventFilter(self, _obj: QtCore.QObject, event: QtCore.QEvent) -> bool:  # noqa: N802
        if event.type() == QtCore.QEvent.Type.Show:
            self.ok.setDefault(False)  # a default already flagged is not set again
            self.ok.setDefault(True)
        return False


def ok_cancel_buttons(dialog: QDialog, ok_text: str = "确定",
                      on_accept: Callable[[], object] | None = None,
                      ) -> tuple[QDialogButtonBox, QPushButton]:
    """``ok_text`` (default, Enter) and 取消 (Esc): the box and its OK button. OK runs
    ``on_accept`` (a dialog that checks its fields first) or the dialog's accept."""
    QDialogButtonBox = QtWidgets.QDialogButtonBox  # noqa: N806
    buttons = QDialogButtonBox()
    ok = buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
    ok.setDefault(True)
    _DefaultOnShow(dialog, ok)
    buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    """保存 (default, Enter) and 取消 (Esc) wired to the dialog's accept and reject."""
    return ok_cancel_buttons(dialog, "保存")[0]


def tab_in_layout_order(dialog: QWidget) -> QWidget | None:
    """Tab through ``dialog`` as it reads, top to bottom, its buttons last, and put the
    cursor in its first field; that field. Qt tabs in the order the widgets were made,
    and a form that makes its buttons before its fields starts on 确定 and tabs to the
    buttons before the fields below them."""
    order = [w for w in _layout_widgets(dialog.layout())
             if w.isEnabled() and w.focusPolicy() & QtCore.Qt.FocusPolicy.TabFocus]
    for before, after in zip(order, order[1:], strict=False):
        QtWidgets.QWidget.setTabOrder(before, after)
    if not order:
        return None
    first = next((w for w in order if not isinstance(w, QtWidgets.QPushButton)), order[0])
    first.setFocus(QtCore.Qt.FocusReason.TabFocusReason)
    return first


def _layout_widgets(layout: QtWidgets.QLayout | None) -> list[QWidget]:
    found: list[QWidget] = []
    if layout is None:
        return found
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        widget, inner = item.widget(), item.layout()
        if widget is not None and widget.isVisibleTo(widget.window()):
            found.append(widget)
            found.extend(c for c in widget.findChildren(QtWidgets.QWidget)
                         if c.isVisibleTo(widget.window()))  # a button box's buttons
        elif inner is not None:
            found.extend(_layout_widgets(inner))
    return found
