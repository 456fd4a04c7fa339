"""Colours, icons and display formats shared by the screens.

The verdict icons are drawn with QPainter (no image files, no font glyphs), so a
row's eligibility reads at a glance by shape as well as colour.

The colours below are chosen for a light window; ``theme.themed`` gives each its
counterpart on a dark palette (Windows' dark mode, a high-contrast theme).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QGuiApplication,
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)
from PySide6.QtGui import Qt as GuiQt  # Qt's text functions (mightBeRichText)

from boostdesk.money import format_money

from .queries import ELIGIBLE, INCOMPLETE, REFUSED, UNCHECKED
from .theme import MUTED_COLOUR, is_dark, themed

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

# 合格（逾期报送）: eligible, received after the deadline, its acceptance the reviewer's
# decision (rules.late_papers): the ✓ in amber, the words in the warning colour
ELIGIBLE_LATE = "eligible_late"
VERDICT_COLOUR = {
    ELIGIBLE: QColor("#2e7d32"),
    ELIGIBLE_LATE: QColor("#ef8f00"),
    REFUSED: QColor("#c62828"),
    INCOMPLETE: QColor("#ef8f00"),
    UNCHECKED: QColor("#78909c"),
}
VERDICT_TINT = {
    ELIGIBLE: QColor("#eef7ee"),
    REFUSED: QColor("#fdeceb"),
    INCOMPLETE: QColor("#fff5e1"),
    UNCHECKED: QColor("#f3f5f6"),
}
ERROR_COLOUR = "#c62828"
WARNING_COLOUR = "#9a5b00"  # 4.5:1 on the pale tints and a cream window
OK_COLOUR = "#2e7d32"

# A verdict's words in a list: the icons' amber and grey are too pale for text on a tint.
VERDICT_TEXT = {
    ELIGIBLE: QColor(OK_COLOUR),
    ELIGIBLE_LATE: QColor(WARNING_COLOUR),
    REFUSED: QColor(ERROR_COLOUR),
    INCOMPLETE: QColor(WARNING_COLOUR),
    UNCHECKED: QColor(MUTED_COLOUR),
}
_verdict_colours: dict[tuple[str, str, bool], QColor] = {}  # a view asks on every paint


def verdict_colour(verdict: str) -> QColor:
    """A verdict icon's colour on the application's palette."""
    return _themed_verdict(VERDICT_COLOUR, "colour", verdict)


def verdict_text_colour(verdict: str) -> QColor:
    """A verdict's text colour on the application's palette."""
    return _themed_verdict(VERDICT_TEXT, "text", verdict)


def verdict_tint(verdict: str) -> QColor:
    """The background of a row with this verdict on the application's palette."""
    return _themed_verdict(VERDICT_TINT, "tint", verdict)


def _themed_verdict(colours: dict[str, QColor], kind: str, verdict: str) -> QColor:
    key = (kind, verdict, is_dark())
    if key not in _verdict_colours:
        _verdict_colours[key] = QColor(themed(colours[verdict].name()))
    return _verdict_colours[key]


_icons: dict[tuple[str, int, bool], QIcon] = {}
_clones: list[QIconEngine] = []  # see VerdictIconEngine.clone


def verdict_icon(verdict: str, size: int = 16) -> QIcon:
    """A filled circle: ✓ eligible, ✗ refused, ! incomplete, ? unchecked (on a dark
    palette a lighter circle with a dark mark, to stand out from the dark row).

    Drawn at the scale of the screen it is shown on (:class:`VerdictIconEngine`): one
    picture drawn at twice the size was stretched, blurred, on a 4K screen at 250 % or
    300 %, and shrunk, softened, at 125 % and 150 %."""
    dark = is_dark()
    key = (verdict, size, dark)
    if key not in _icons:
        _icons[key] = QIcon(VerdictIconEngine(verdict, size, dark))
    return _icons[key]


class VerdictIconEngine(QIconEngine):
    """A verdict's icon, drawn for each size and scale it is asked for (and kept)."""

    def __init__(self, verdict: str, size: int, dark: bool) -> None:
        super().__init__()
        self.verdict, self.size, self.dark = verdict, size, dark
        self._drawn: dict[tuple[int, int, float, QIcon.Mode], QPixmap] = {}

    def clone(self) -> QIconEngine:
        # Qt's copy of an icon being changed (QIcon.addPixmap) owns the clone, but PySide
        # does not hand it over: without a reference here Python deleted it on return.
        copy = VerdictIconEngine(self.verdict, self.size, self.dark)
        _clones.append(copy)
        return copy

    def actualSize(self, size: QSize, mode: QIcon.Mode,  # noqa: N802 - Qt's name
                   state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())  # drawn, not scaled: any size is sharp
        return QSize(side, side)

    def availableSizes(self, mode: QIcon.Mode = QIcon.Mode.Normal,  # noqa: N802
                       state: QIcon.State = QIcon.State.Off) -> list[QSize]:
        return [QSize(self.size, self.size)]

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode,  # noqa: N802 - Qt's name
                     state: QIcon.State, scale: float) -> QPixmap:
        side = min(size.width(), size.height())
        key = (side, side, scale, mode)
        if key not in self._drawn:
            pix = QPixmap(max(1, round(side * scale)), max(1, round(side * scale)))
            pix.setDevicePixelRatio(scale)
            pix.fill(Qt.GlobalColor.transparent)
            p = QPainter(pix)
            draw_verdict(p, self.verdict, pix.width() / scale, self.dark)
            p.end()
            if mode != QIcon.Mode.Normal:  # disabled (greyed), selected: as Qt would
                from PySide6.QtWidgets import QApplication, QStyleOption

                style = QApplication.style()
                if style is not None:
                    pix = style.generatedIconPixmap(mode, pix, QStyleOption())
            self._drawn[key] = pix
        return self._drawn[key]


def draw_verdict(p: QPainter, verdict: str, size: float, dark: bool) -> None:
    """The verdict's circle and mark in the square (0, 0)–(size, size) of ``p``."""
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(verdict_colour(verdict)))
    p.drawEllipse(QRectF(size / 16, size / 16, size - size / 8, size - size / 8))
    pen = QPen(QColor("#1b1b1b" if dark else "white"), size / 8, Qt.PenStyle.SolidLine,
               Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    s = size
    path = QPainterPath()
    if verdict in (ELIGIBLE, ELIGIBLE_LATE):
        path.moveTo(QPointF(s * 0.28, s * 0.52))
        path.lineTo(QPointF(s * 0.44, s * 0.68))
        path.lineTo(QPointF(s * 0.72, s * 0.34))
    elif verdict == REFUSED:
        path.moveTo(QPointF(s * 0.33, s * 0.33))
        path.lineTo(QPointF(s * 0.67, s * 0.67))
        path.moveTo(QPointF(s * 0.67, s * 0.33))
        path.lineTo(QPointF(s * 0.33, s * 0.67))
    elif verdict == INCOMPLETE:
        path.moveTo(QPointF(s * 0.5, s * 0.26))
        path.lineTo(QPointF(s * 0.5, s * 0.58))
        path.moveTo(QPointF(s * 0.5, s * 0.74))
        path.lineTo(QPointF(s * 0.5, s * 0.75))
    else:
        path.moveTo(QPointF(s * 0.36, s * 0.38))
        path.cubicTo(QPointF(s * 0.36, s * 0.2), QPointF(s * 0.66, s * 0.2),
                     QPointF(s * 0.64, s * 0.4))
        path.cubicTo(QPointF(s * 0.62, s * 0.52), QPointF(s * 0.5, s * 0.5),
                     QPointF(s * 0.5, s * 0.62))
        path.moveTo(QPointF(s * 0.5, s * 0.76))
        path.lineTo(QPointF(s * 0.5, s * 0.77))
    p.drawPath(path)


ROW_HEIGHT = 26  # a list's row at the shipped 10 pt (text 15 px high): the verdicts' 16 px icons
SHIPPED_TEXT_HEIGHT = 15  # the shipped face's line at 10 pt, in logical pixels (here)


def text_growth(widget: QWidget) -> float:
    """How much larger than the shipped 10 pt ``widget``'s text is (1 at the shipped size,
    never less): Windows' text size (设置 → 辅助功能 → 文本大小) grows the application's
    font (app.point_size). Not the display's scale: 125 % or 150 % grows the text and
    every logical pixel alike."""
    from .app import FONT_POINT_SIZE

    points = widget.font().pointSizeF()
    if points > 0:
        return max(1.0, points / FONT_POINT_SIZE)
    return max(1.0, widget.fontMetrics().height() / SHIPPED_TEXT_HEIGHT)  # a pixel-sized font


def row_height(view: QWidget, least: int = ROW_HEIGHT) -> int:
    """A list's row height for ``view``'s text: ``least`` at the shipped size; for a larger
    text, the text's height and the same air around it (a row of 26 pixels left 31-pixel
    text, Windows' 200 %, 2 pixels of air)."""
    if text_growth(view) <= 1.0:
        return least
    return max(least, view.fontMetrics().height() + least - SHIPPED_TEXT_HEIGHT)


def grown(widget: QWidget, pixels: int) -> int:
    """A width chosen for the shipped text size (a date field's 180 pixels), grown as much
    as Windows' text size grew ``widget``'s text: a maximum width in fixed pixels cut
    the date's example at 200 %, a clause number (二（一）（二）) at 150 %."""
    return round(pixels * text_growth(widget))


def larger_text() -> str:
    """A heading's or a verdict's CSS font size: 1.125 × the application's text (15 px at
    the shipped 10 pt), so it grows with the system's text size as the text around it does."""
    return f"{QGuiApplication.font().pointSizeF() * 1.125:.2f}pt"


def show_date(value: date | str | None) -> str:
    if value is None or value == "":
        return ""
    return value.isoformat() if isinstance(value, date) else str(value)


def show_money(fen: int | None) -> str:
    return "" if fen is None else format_money(fen)


def escape(text: object) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def plain_tip(text: str) -> str:
    """A tooltip (or a message box's text) that shows as typed. Qt reads a text whose first
    line has a known tag as HTML: a title “A<B 与 C>D 的比较” would show as “AD 的比较” in
    bold, “<img src=…>” would load a picture. Such a text comes back escaped, its line
    breaks and spaces kept; any other text is returned unchanged (it shows as plain)."""
    if not text or not GuiQt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{escape(text)}</p>"
