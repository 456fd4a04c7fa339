"""Fixtures and keyboard helpers shared by the UI tests (no tests here).

Chinese is typed with a QInputMethodEvent commit string, as an input method
delivers it (qtbot.keyClicks with Chinese aborts pytest); ASCII with keyClicks.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from boostdesk.ui import dialogs, entry_form, new_year_dialog
from boostdesk.ui.context import AppContext


class Answers:
    """Scripted replies to the app's questions, and a record of every message shown."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.questions: list[str] = []
        self.yes: bool | None = True
        self.text: str | None = None
        self.choice: int | None = 0
        self.choices: list[list[str]] = []
        self.labels: list[str] = []  # what each ask_choice said above its items
        self.new_year: tuple[int, int] | None = None  # 新建年度's (year, source); None: its offer
        # the reason a form asks for a fact an approved award's signed sheet prints
        # (EntryForm._ask_sheet_reason): what it said, and the reason given
        self.sheet_reasons: list[str] = []
        self.sheet_reason: str | None = "据原件更正"

    def show_error(self, _parent: Any, title: str, text: str, **_kw: Any) -> None:
        self.errors.append((title, text))

    def show_info(self, _parent: Any, title: str, text: str) -> None:
        self.infos.append((title, text))

    def ask_yes_no(self, _parent: Any, _title: str, text: str, *args: Any, **kw: Any) -> bool:
        self.questions.append(text)
        return self.yes

    def ask_or_back(self, _parent: Any, _title: str, text: str, *args: Any,
                    **kw: Any) -> bool | None:
        """As ask_yes_no; ``yes`` None answers 返回修改 (Esc)."""
        self.questions.append(text)
        return self.yes

    def ask_text(self, *_args: Any, **_kw: Any) -> str | None:
        return self.text

    def ask_sheet_reason(self, text: str) -> str | None:
        self.sheet_reasons.append(text)
        return self.sheet_reason

    def ask_choice(self, _parent: Any, _title: str, label: str, items: list[str],
                   **_kw: Any) -> int | None:
        self.choices.append(items)
        self.labels.append(label)
        return self.choice

    def ask_new_year(self, _parent: Any, years: list[int], source: int,
                     describe: Any) -> tuple[int, int] | None:
        """设置's 新建年度 dialog: what it says recorded as a question; ``yes`` False is
        取消, else ``new_year`` or what the dialog offers (the newest + 1 from ``source``)."""
        year, source = self.new_year or (max(years) + 1, source)
        self.questions.append(describe(source, year))
        return (year, source) if self.yes else None


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> Answers:
    a = Answers()
    for name in ("show_error", "show_info", "ask_yes_no", "ask_or_back", "ask_text",
                 "ask_choice"):
        monkeypatch.setattr(dialogs, name, getattr(a, name))
    monkeypatch.setattr(new_year_dialog, "ask_new_year", a.ask_new_year)
    monkeypatch.setattr(entry_form.EntryForm, "_ask_sheet_reason", a.ask_sheet_reason)
    return a


@pytest.fixture
def qsettings(tmp_path: Any) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def year_context(reg: Any, tmp_path: Any, year: int, operator: str | None = None) -> AppContext:
    """A screen's context on ``reg`` at ``year``, with settings of its own (and an operator)."""
    context = AppContext(reg, year, settings=QSettings(str(tmp_path / "settings.ini"),
                                                      QSettings.Format.IniFormat))
    if operator is not None:
        context.set_operator(operator)
    return context


def shown_screen(qtbot: Any, screen_class: Any, reg: Any, tmp_path: Any, year: int,
                 width: int = 1300) -> Any:
    """``screen_class`` on ``reg``'s ``year`` (operator 刘建国), shown at ``width`` × 700."""
    screen = screen_class(year_context(reg, tmp_path, year, "刘建国"))
    qtbot.addWidget(screen)
    screen.resize(width, 700)
    screen.show()
    return screen


@pytest.fixture
def ctx(reg: Any, qsettings: QSettings, qapp: Any, answers: Answers) -> AppContext:
    context = AppContext(reg, settings=qsettings)
    context.set_operator("录入员甲")
    yield context
    context.shutdown()


def _settings_typing_dropped(w: Any) -> None:
    """Before qtbot closes the window after a test: 设置's plan left typed (a save refused,
    a question answered 返回修改) is dropped, not asked about — the scripted answer would
    save it, and the save's own questions may be real boxes no one answers."""
    for screen in getattr(w, "screens", {}).values():
        if shiboken6.isValid(screen) and callable(getattr(screen, "unsaved_fields", None)):
            screen.load()


@pytest.fixture
def window(ctx: AppContext, qtbot: Any) -> Iterator[Any]:
    from boostdesk.ui.main_window import MainWindow

    w = MainWindow(ctx)
    qtbot.addWidget(w, before_close_func=_settings_typing_dropped)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    yield w
    # A form or dialog a test left open stays modal in the one QApplication: the next
    # test's window would see it (activeModalWidget) and wait on it. Close what is left.
    # (Only modal ones: closing every top-level widget also closed completer popups whose
    # owner a closed form had just deleted, and crashed.)
    for _ in range(5):
        left = QApplication.activeModalWidget()
        if left is None or left is w:
            break
        left.hide()  # not close(): a form with typing asks first, and no one answers
    # The window and its screens go before the register closes (``ctx``'s teardown): a
    # screen's queued work (a search's next slice, a deferred reload) ran in the next test
    # against the closed register — "Cannot operate on a closed database" in its set-up.
    if shiboken6.isValid(w):
        w.hide()
        w.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()


class WindowsOn:
    """Main windows on registers a test opened, shown at 1366×768 (or ``width``); each one's
    context shut, window closed and register closed at the end (:meth:`close_all`)."""

    def __init__(self, qtbot: Any, qsettings: QSettings) -> None:
        self.qtbot = qtbot
        self.qsettings = qsettings
        self.made: list[tuple[AppContext, Any]] = []

    def __call__(self, reg: Any, width: int = 1366) -> tuple[AppContext, Any]:
        from boostdesk.ui.main_window import MainWindow

        context = AppContext(reg, settings=self.qsettings)
        context.set_operator("录入员甲")
        w = MainWindow(context)
        self.qtbot.addWidget(w)
        w.resize(width, 768)
        w.show()
        self.qtbot.waitExposed(w)
        self.made.append((context, w))
        return context, w

    def close_all(self) -> None:
        for context, w in self.made:
            context.shutdown()
            w.close()
            context.reg.close()


def closed(dialog: QWidget) -> bool:
    """A form or dialog closed: hidden, or already deleted (one the window opened is
    deleted once closed, at the event loop's next turn)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot: Any, text: str, widget: QWidget | None = None) -> None:
    """Type into the focused widget as a clerk would."""
    target = widget or focused()
    if text.isascii():
        qtbot.keyClicks(target, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)


def press(qtbot: Any, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          widget: QWidget | None = None) -> None:
    qtbot.keyClick(widget or focused(), key, modifier)


def to_people_tab(qtbot: Any, screen: QWidget) -> None:
    """On 单位与人员 (else nothing): Ctrl+Tab, as a clerk does, until 人员 is in view — its
    Ctrl+F searches the tab in view, and the screen opens on 推荐单位."""
    tabs = getattr(screen, "tabs", None)
    if screen.objectName() != "people_screen" or tabs is None:
        return
    for _ in range(tabs.count()):
        if tabs.tabText(tabs.currentIndex()) == "人员":
            return
        press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.tabText(tabs.currentIndex()) == "人员"


def fill(qtbot: Any, *entries: str | None, advance: Qt.Key = Qt.Key.Key_Tab) -> None:
    """Type each entry into the focused field, then Tab (or Enter) to the next; None skips."""
    for entry in entries:
        if entry:
            type_text(qtbot, entry)
        press(qtbot, advance)
