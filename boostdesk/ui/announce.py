"""What a screen reader says unasked: a verdict changed after the pause in typing, a
status-bar notice. A label's text changing is silent to NVDA; Qt's announcement event
(Qt 6.8) is raised as a UI Automation notification on Windows (an AT-SPI announcement on
Linux, VoiceOver's on macOS), read out without moving the keyboard.

Every announcement goes through :func:`announce`; ``listeners`` hear each one too (the
tests: PySide6 does not expose ``QAccessible::installUpdateHandler``)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QTextDocument
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

# called with (the object said on, the text) for each announcement
listeners: list[Callable[[QObject, str], None]] = []


def announce(source: QObject, text: str, assertive: bool = False) -> None:
    """``text`` read out by a screen reader, as from ``source`` (a widget of the window it
    concerns); nothing for an empty text. ``assertive``: said at once, over what is being
    read (a refusal), else after it."""
    text = text.strip()
    if not text:
        return
    for listener in list(listeners):
        listener(source, text)
    if not QAccessible.isActive():  # no screen reader asked for the tree: nobody to tell
        return
    event = QAccessibleAnnouncementEvent(source, text)
    if assertive:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def plain(html: str) -> str:
    """A rich text label's words as a screen reader should hear them: no tags, lines
    joined by "；" (the spaces Qt puts for <br> and list items)."""
    document = QTextDocument()
    document.setHtml(html)
    lines = [line.strip() for line in document.toPlainText().splitlines()]
    # U+200B breaks (HintLabel's) are for the eye's wrapping
    return "；".join(line for line in lines if line).replace("\u200b", "")


class SaidLabel(QLabel):
    """A label whose text (as plain words) is also the accessible description of the
    widgets it :meth:`describes` — a line beside them, read with them — and, when
    ``says`` and shown, announced each time it changes (an import's summary line)."""

    def __init__(self, text: str = "", parent: QWidget | None = None, says: bool = False) -> None:
        super().__init__(text, parent)
        self.says = says
        self._described: list[QWidget] = []
        self.said = plain(text)

    def describes(self, *widgets: QWidget) -> None:
        self._described.extend(widgets)
        self._tell(announced=False)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._tell(announced=self.says)

    def _tell(self, announced: bool) -> None:
        said = plain(self.text())
        changed = said != self.said
        self.said = said
        for widget in self._described:
            if widget.accessibleDescription() != said:
                widget.setAccessibleDescription(said)
        if announced and changed and self.window().isVisible():
            announce(self, said)


class SaidStatusBar(QStatusBar):
    """The main window's status bar: each message shown is also announced (a status-bar
    line was silent: Enter on a paid line in 拨付 said why only to the eye). Every notice
    goes through ``showMessage`` (``ctx.notice``, the screens' own lines); it looks the
    same. A message shown again is said again (the clerk pressed the key again)."""

    def showMessage(self, text: str, timeout: int | None = 0) -> None:  # noqa: N802 - Qt's name
        super().showMessage(text, timeout or 0)
        announce(self, text)
