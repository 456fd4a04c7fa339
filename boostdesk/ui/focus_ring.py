"""A frame showing the keyboard is in a text that is read, not typed in: 帮助's 工作流程 and
快捷键. Fusion draws a text area's or a scroll area's frame the same focused or not, so a
keyboard-only clerk could not see where Tab had gone.

:func:`show_focus` lays a ring over the widget's own frame, two pixels wide in the
palette's highlight colour (its text colour where the highlight would not stand out from
the field at 3:1, WCAG's least for a focus indicator), painted only while the widget has
the focus. Over the frame, not a style sheet border: the frame stays the style's own (a
high-contrast scheme's outlined edge, ``contrast_style``), nothing moves when the focus
comes, and the colour is read from the palette at each paint (a scheme switched while the
window is open is followed)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from .theme import contrast

WIDTH = 2
NON_TEXT = 3.0  # WCAG 1.4.11: a focus indicator against what is next to it

R = QPalette.ColorRole


def ring_colour(palette: QPalette) -> QColor:
    """The highlight colour, or the text's where the highlight is too near the field's."""
    highlight = palette.color(R.Highlight)
    if contrast(highlight, palette.color(R.Base)) >= NON_TEXT:
        return highlight
    return palette.color(R.Text)


class FocusRing(QWidget):
    """Over ``target`` (its child, on top of its viewport and scroll bars), see-through to
    the mouse; drawn while ``target`` has the keyboard focus."""

    def __init__(self, target: QWidget) -> None:
        super().__init__(target)
        self.target = target
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setGeometry(target.rect())
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.Resize:
            self.setGeometry(self.target.rect())
        elif kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut, QEvent.Type.Show):
            self.raise_()  # above scroll bars shown since
            self.update()
        return False

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        if not self.target.hasFocus():
            return
        painter = QPainter(self)
        painter.setPen(QPen(ring_colour(self.target.palette()), WIDTH))
        inset = WIDTH / 2
        painter.drawRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset))
        painter.end()


def show_focus(widget: QWidget) -> FocusRing:
    """Give ``widget`` a visible focus ring (kept as its child)."""
    return FocusRing(widget)
