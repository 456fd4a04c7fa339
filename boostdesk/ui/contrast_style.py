"""Fields and check boxes outlined in a high-contrast scheme (Qt's Fusion style).

Fusion draws a field's border, a check box's box and a button's edge in the window's colour
darkened by 40 %: black on black in a white-on-black scheme (invisible), pale grey on white
in a black-on-white one (2:1). A clerk with weak eyesight then cannot see where to type or
which boxes are unticked. :class:`ContrastStyle` wraps Fusion and, on a high-contrast palette
only (``theme.is_high_contrast``), draws those edges again in the palette's text colour
(7:1 or more against the field; WCAG asks 3:1 of a control's edge), a focused field's in its
highlight colour and two pixels wide. On any other palette it draws exactly as Fusion.

:func:`follow` puts it on when the application's palette turns high contrast (at start, or
switched while the app runs) and takes it off again, so the light and dark palettes keep
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
    QProxyStyle,
    QStyle,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from .theme import contrast, is_high_contrast

PE = QStyle.PrimitiveElement
CC = QStyle.ComplexControl
R = QPalette.ColorRole
OUTLINED = (PE.PE_FrameLineEdit, PE.PE_Frame, PE.PE_IndicatorCheckBox,
            PE.PE_IndicatorRadioButton, PE.PE_PanelButtonCommand)
FIELDS = (CC.CC_ComboBox, CC.CC_SpinBox)
NON_TEXT = 3.0  # WCAG 1.4.11: a control's edge against what is next to it
_FUSION = "fusion"


class ContrastStyle(QProxyStyle):
    """Fusion, with visible edges on a high-contrast palette."""

    def __init__(self) -> None:
        super().__init__(_FUSION)
        self._palettes: dict[int, bool] = {}  # a palette's cacheKey → high contrast

    def _outlined(self, option: QStyleOption) -> bool:
        key = option.palette.cacheKey()  # type: ignore[attr-defined]
        if key not in self._palettes:
            if len(self._palettes) > 64:
                self._palettes.clear()
            self._palettes[key] = is_high_contrast(option.palette)  # type: ignore[attr-defined]
        return self._palettes[key]

    def drawPrimitive(self, element: PE, option: QStyleOption, painter: QPainter,  # noqa: N802
                      widget: QWidget | None = None) -> None:
        super().drawPrimitive(element, option, painter, widget)
        if element not in OUTLINED or not self._outlined(option):
            return
        if element == PE.PE_IndicatorRadioButton:
            _outline(painter, option, shape="circle")
        elif element == PE.PE_IndicatorCheckBox:
            _outline(painter, option, shape="box")
        elif element == PE.PE_Frame:  # a text area (and a list's frame)
            _outline(painter, option, shape="field", radius=0.0)
        elif isinstance(widget, QComboBox):
            return  # its line edit or button part: the combo box is outlined whole
        elif element == PE.PE_PanelButtonCommand:
            _outline(painter, option, shape="box", radius=2.0)
        else:  # a line edit's frame
            _outline(painter, option, shape="field", radius=2.0)

    def drawComplexControl(self, control: CC, option: QStyleOptionComplex,  # noqa: N802
                           painter: QPainter, widget: QWidget | None = None) -> None:
        super().drawComplexControl(control, option, painter, widget)
        if control in FIELDS and self._outlined(option):
            _outline(painter, option, shape="field", radius=2.0)


def _outline(painter: QPainter, option: QStyleOption, shape: str, radius: float = 0.0) -> None:
    """An edge in the text colour just inside ``option.rect``; a field with the keyboard
    focus has it in the highlight colour (where that stands out), two pixels wide."""
    palette: QPalette = option.palette  # type: ignore[attr-defined]
    colour = palette.color(R.Text)
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
    """``app``'s style for its palette as it is now: Fusion outlined on a high-contrast
    one, Fusion itself on any other. Another style (Windows' own) is left alone."""
    style = app.style()
    high = is_high_contrast(app.palette())
    if isinstance(style, ContrastStyle):
        if not high:
            app.setStyle(_FUSION)
    elif high and style.name().lower() == _FUSION:
        app.setStyle(ContrastStyle())
