"""Colours as shown on the application's palette.

The screens' colours are chosen for a light window. Windows' dark mode and high-contrast
themes give Qt a dark palette, on which they are hard to read (a pale tint under white
text, dark red on near-black): :func:`themed` gives each its counterpart there, chosen for
a contrast of at least 4.5:1 (WCAG AA) against the palette's background and the dark tints.
Only QtGui here: the window's first paint uses it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

MUTED_COLOUR = "#546e7a"  # a note, a caption, a date in a history
LINK_COLOUR = "#1565c0"  # a link in a text pane (Qt's own #0000ff is 2:1 on a dark one)
THEMED_TEXT = "themedText"  # a widget's property: its text's colour on a light window

# Each light-palette colour's counterpart on a dark palette (dark mode, high contrast).
_ON_DARK = {
    "#c62828": "#ff8a80", "#9a5b00": "#ffb74d", "#2e7d32": "#81c784",
    "#ef8f00": "#ffb74d", "#78909c": "#b0bec5", MUTED_COLOUR: "#b0bec5",
    "#455a64": "#cfd8dc", "#555": "#bdbdbd", LINK_COLOUR: "#90caf9",
    # backgrounds: tints of the verdicts and states, a refused import cell
    "#eef7ee": "#1e3323", "#fdeceb": "#3d2020", "#fff5e1": "#3a3018", "#fff4e0": "#3a3018",
    "#f3f5f6": "#2a2f33", "#e8f0fe": "#1f2d45", "#f8c9c4": "#6b2a25", "#fff6f5": "#3d2020",
}


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the window's text is lighter than its background (dark mode, a
    high-contrast theme)."""
    global _known
    if palette is not None:
        return _dark(palette)
    palette = QGuiApplication.palette()
    key = palette.cacheKey()  # changes with the palette: a theme switched is seen at once
    if key != _known[0]:
        _known = (key, _dark(palette))
    return _known[1]


# The application palette's cacheKey and its answer: a list repaint asks for each cell's
# colours, and reading the two colours took 3 µs a time (2 ms a repaint of the register).
_known: tuple[int, bool] = (-1, False)


def _dark(palette: QPalette) -> bool:
    return (palette.color(QPalette.ColorRole.WindowText).lightness()
            > palette.color(QPalette.ColorRole.Window).lightness())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG's contrast ratio of two colours (1 to 21)."""
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _luminance(colour: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def is_high_contrast(palette: QPalette | None = None) -> bool:
    """Whether ``palette`` (the application's) is a high-contrast scheme's: its text on its
    window at 7:1 or more (WCAG AAA) and fields the window's own colour (Windows' 高对比黑/白
    and 沙漠, GNOME's HighContrast). Nothing but a border then shows where a field is; the
    light and dark palettes set their fields apart by a colour of their own."""
    if palette is None:
        palette = QGuiApplication.palette()
    active = QPalette.ColorGroup.Active  # the scheme's: a disabled field's greyed text aside
    window = palette.color(active, QPalette.ColorRole.Window)
    return (palette.color(active, QPalette.ColorRole.Base) == window
            and contrast(palette.color(active, QPalette.ColorRole.WindowText), window) >= 7.0)


def themed(colour: str) -> str:
    """``colour`` (one of the screens', written for a light window) as shown on the
    application's palette: itself on a light one, its readable counterpart on a dark one
    (black text becomes the palette's own)."""
    if not is_dark():
        return colour
    key = colour.lower()
    if key in ("#000", "#000000", "black"):
        return QGuiApplication.palette().color(QPalette.ColorRole.Text).name()
    return _ON_DARK.get(key, colour)


def colour_text(widget: QWidget, colour: str) -> None:
    """``widget``'s text in ``colour`` (one of the screens', for a light window) as the
    palette shows it (:func:`themed`), set on its palette, not by a style sheet: a widget's
    first style sheet polished took ≈ 1–2 ms of the window's first paint. retheme.py sets
    it again when the palette changes (:data:`THEMED_TEXT`)."""
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(themed(colour)))
    widget.setPalette(palette)
    widget.setProperty(THEMED_TEXT, colour)
