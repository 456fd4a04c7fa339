"""Fields and check boxes outlined in a high-contrast scheme and in dark mode (Qt's Fusion style).

Fusion draws a field's border, a check box's box and a button's edge in the window's colour
darkened by 40 %: black on black in a white-on-black scheme (invisible), pale grey on white
in a black-on-white one (2:1). A clerk with weak eyesight then cannot see where to type or
which boxes are unticked. :class:`ContrastStyle` wraps Fusion and, on a high-contrast palette
(``theme.is_high_contrast``), draws those edges again in the palette's text colour
(7:1 or more against the field; WCAG asks 3:1 of a control's edge), a focused field's in its
highlight colour and two pixels wide. On a dark palette (Windows' dark mode: #171717 on a
#202020 window around a #191919 field, 1.05:1) it draws the fields' and boxes' edges in the
palette's own grey that reaches 3:1 against the window and the field (:func:`dark_edge`);
the buttons are left to Fusion, set apart by their own colour. On a light palette it is
not put on: Fusion itself.

:func:`follow` puts it on when the application's palette turns high contrast or dark (at
start, or switched while the app runs) and takes it off again, so the light palette keeps
Fusion itself. Windows' own styles (windowsvista, windows11) draw these parts from the
system's high-contrast colours: left as they are. This module builds QtWidgets' style
classes when imported: ``retheme`` imports it only for a high-contrast palette (or one that
was), never before the first window's paint otherwise (tests/test_ui_start_speed.py).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QPlainTextEdit,
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QTextEdit,
    QWidget,
)

from .theme import contrast, is_dark, is_high_contrast

PE = QStyle.PrimitiveElement
CC = QStyle.ComplexControl
R = QPalette.ColorRole
OUTLINED = (PE.PE_FrameLineEdit, PE.PE_Frame, PE.PE_IndicatorCheckBox,
            PE.PE_IndicatorRadioButton, PE.PE_PanelButtonCommand)
FIELDS = (CC.CC_ComboBox, CC.CC_SpinBox)
NON_TEXT = 3.0  # WCAG 1.4.11: a control's edge against what is next to it
_FUSION = "fusion"


def dark_edge(palette: QPalette) -> QColor:
    """The grey between a dark palette's window and its text nearest the window that stands
    at ``NON_TEXT`` (3:1) against both the window and the fields' base."""
    active = QPalette.ColorGroup.Active
    window, base = palette.color(active, R.Window), palette.color(active, R.Base)
    text = palette.color(active, R.Text)
    for step in range(1, 21):
        t = step / 20
        colour = QColor.fromRgbF(window.redF() + (text.redF() - window.redF()) * t,
                                 window.greenF() + (text.greenF() - window.greenF()) * t,
                                 window.blueF() + (text.blueF() - window.blueF()) * t)
        if contrast(colour, window) >= NON_TEXT and contrast(colour, base) >= NON_TEXT:
            return colour
    return text


def edge_colour(palette: QPalette) -> QColor | None:
    """The colour the fields' edges are drawn again in on ``palette``: its text colour on a
    high-contrast one, :func:`dark_edge` on a dark one, None (Fusion's own) on a light one."""
    if is_high_contrast(palette):
        return palette.color(QPalette.ColorGroup.Active, R.Text)
    if is_dark(palette):
        return dark_edge(palette)
    return None


def needs_edges(palette: QPalette) -> bool:
    """Whether Fusion's edges on ``palette`` are drawn again (high contrast, dark)."""
    return is_high_contrast(palette) or is_dark(palette)


class ContrastStyle(QProxyStyle):
    """Fusion, with visible edges on a high-contrast or dark palette."""

    def __init__(self) -> None:
        super().__init__(_FUSION)
        # a palette's cacheKey → its edges' colour (None: Fusion's) and whether it is a
        # high-contrast one (buttons and lists outlined too)
        self._palettes: dict[int, tuple[QColor | None, bool]] = {}

    def _edge(self, option: QStyleOption) -> tuple[QColor | None, bool]:
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        key = palette.cacheKey()
        if key not in self._palettes:
            if len(self._palettes) > 64:
                self._palettes.clear()
            self._palettes[key] = (edge_colour(palette), is_high_contrast(palette))
        return self._palettes[key]

    def drawPrimitive(self, element: PE, option: QStyleOption, painter: QPainter,  # noqa: N802
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in OUTLINED:
            return
        colour, high = self._edge(option)
        if colour is None:
            return
        if element == PE.PE_IndicatorRadioButton:
            _outline(painter, option, colour, shape="circle")
        elif element == PE.PE_IndicatorCheckBox:
            _outline(painter, option, colour, shape="box")
        elif element == PE.PE_Frame:  # a text area (and, high contrast, a list's frame)
            if high or isinstance(widget, (QTextEdit, QPlainTextEdit)):
                _outline(painter, option, colour, shape="field", radius=0.0)
        elif isinstance(widget, QComboBox):
            return  # its line edit or button part: the combo box is outlined whole
        elif element == PE.PE_PanelButtonCommand:
            if high:  # dark mode's buttons stand apart by their colour
                _outline(painter, option, colour, shape="box", radius=2.0)
        else:  # a line edit's frame
            _outline(painter, option, colour, shape="field", radius=2.0)

    def drawComplexControl(self, control: CC, option: QStyleOptionComplex,  # noqa: N802
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in FIELDS:
            colour, _high = self._edge(option)
            if colour is not None:
                _outline(painter, option, colour, shape="field", radius=2.0)


def _outline(painter: QPainter, option: QStyleOption, colour: QColor, shape: str,
             radius: float = 0.0) -> None:
    """An edge in ``colour`` just inside ``option.rect``; a field with the keyboard focus
    has it in the highlight colour (where that stands out), two pixels wide."""
    palette: QPalette = option.palette  # type: ignore[attr-defined]
    width = 1.0
    if shape == "field" and option.state & QStyle.StateFlag.State_HasFocus:  # type: ignore[attr-defined]
        highlight = palette.color(R.Highlight)
        if contrast(highlight, palette.color(R.Base)) >= NON_TEXT:
            colour = highlight
        width = 2.0
    rect = QRectF(option.rect)  # type: ignore[attr-defined]
    inset = width / 2
    rect.adjust(inset, inset, -inset, -inset)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, shape == "circle" or radius > 0)
    painter.setBrush(QColor(0, 0, 0, 0))
    painter.setPen(QPen(colour, width))
    if shape == "circle":
        painter.drawEllipse(rect)
    elif radius:
        painter.drawRoundedRect(rect, radius, radius)
    else:
        painter.drawRect(rect)
    painter.restore()


def follow(app: QApplication) -> None:
    """``app``'s style for its palette as it is now: Fusion outlined on a high-contrast or
    dark one, Fusion itself on a light one. Another style (Windows' own) is left alone."""
    style = app.style()
    high = needs_edges(app.palette())
    if isinstance(style, ContrastStyle):
        if not high:
            app.setStyle(_FUSION)
    elif high and style.name().lower() == _FUSION:
        app.setStyle(ContrastStyle())
