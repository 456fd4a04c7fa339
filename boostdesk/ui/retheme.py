"""Colours re-chosen when the palette changes while the app is open.

:func:`theme.themed` picks a colour for the palette of the moment, and the screens write it
into style sheets and HTML (a label's note, the detail pane). Switched to dark mode, or to
high contrast (Left Alt+Left Shift+PrtScn, at any moment), those kept their light-window
colours until a restart: #455a64 on near-black (2.3:1), the navigation list a white block.

:func:`install` follows the application palette: every widget's style sheet and rich text
has its themed colours swapped for the new palette's counterparts, and every style sheet is
re-applied (a widget with one keeps the palette it was polished with: the navigation list).
The read-only text panes (the detail pane) have their HTML recoloured the same way.
A high-contrast or dark palette also outlines fields and check boxes (contrast_style.py).
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QObject
from PySide6.QtGui import QColor, QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QListWidget, QTextEdit, QWidget

from .theme import _ON_DARK, MUTED_COLOUR, THEMED_TEXT, colour_text, is_dark, is_high_contrast

# Back to a light window: where two colours share a dark counterpart, the more readable one.
_ON_LIGHT = {dark: light for light, dark in reversed(list(_ON_DARK.items()))}
_ON_LIGHT["#b0bec5"] = MUTED_COLOUR
_ON_LIGHT["#ffb74d"] = "#9a5b00"

# Only colours given as a text colour, a background or a whole border (themed ones): a
# frozen column's fixed grey edge (border-right) is left alone.
_COLOUR = re.compile(r"(?<![-\w])(color|background|background-color|border)(\s*:[^;'\"]*?)"
                     r"(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})(?![0-9a-fA-F])")

_log = logging.getLogger(__name__)
_KEEP = "keepColours"  # a widget's property: colours of its own, not the palette's
_INSTALLED = "boostdeskRetheme"  # the application's property: followed already
_shown_dark: list[bool] = []  # whether the widgets' colours are the dark ones
_outlining: list[bool] = []  # contrast_style followed: a high-contrast or dark palette was seen


def recolour(text: str, dark: bool) -> str:
    """``text`` (a style sheet, HTML) with its themed colours for a dark or light palette."""
    swap = _ON_DARK if dark else _ON_LIGHT

    def one(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2) + swap.get(m.group(3).lower(), m.group(3))
    return _COLOUR.sub(one, text)


def retheme_widget(widget: QWidget, dark: bool, swap: bool = True) -> None:
    """One widget's style sheet, rich text and list items' colours recoloured (``swap``),
    its style sheet re-applied."""
    own = widget.property(THEMED_TEXT)
    if own:  # a text colour set on its palette (theme.colour_text): chosen for this one
        colour_text(widget, str(own))
    if widget.property(_KEEP):
        swap = False
    sheet = widget.styleSheet()
    if sheet:
        widget.setStyleSheet(recolour(sheet, dark) if swap else sheet)  # repolished even if same
    if not swap:
        return
    if isinstance(widget, QLabel):
        text = widget.text()
        if "color" in text:
            new = recolour(text, dark)
            if new != text:
                widget.setText(new)
    elif isinstance(widget, QListWidget):  # an item's own text colour (the import batch's refused file)
        # here, not at the top: Qt's namespace builds its enums on first use, and the first
        # window imports this module before its paint (tests/test_ui_start_speed.py)
        from PySide6.QtCore import Qt

        swap_map = _ON_DARK if dark else _ON_LIGHT
        for row in range(widget.count()):
            item = widget.item(row)
            brush = item.foreground()
            if brush.style() != Qt.BrushStyle.NoBrush and brush.color().name() in swap_map:
                item.setForeground(QColor(swap_map[brush.color().name()]))
    elif isinstance(widget, QTextEdit) and widget.isReadOnly():
        html = widget.toHtml()
        new = recolour(html, dark)
        if new != html:
            bar = widget.verticalScrollBar()
            at = bar.value()
            widget.setHtml(new)
            bar.setValue(at)


def keep_colours(widget: QWidget) -> None:
    """``widget``'s colours are a pair of its own (the 只读 badge's white on red): left as
    they are when the palette changes."""
    widget.setProperty(_KEEP, True)


def retheme_all() -> None:
    """Every widget's colours for the application palette as it is now."""
    dark = is_dark()
    swap = not _shown_dark or _shown_dark[0] != dark
    _shown_dark[:] = [dark]
    for widget in QApplication.allWidgets():
        try:
            retheme_widget(widget, dark, swap)
        except Exception:  # noqa: BLE001 - one widget's colours never stop the others'
            _log.exception("colours of %s not re-chosen", type(widget).__name__)


class _Follower(QObject):
    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        app.paletteChanged.connect(self.follow)  # type: ignore[attr-defined]

    def follow(self, *_args: object) -> None:
        try:
            follow_contrast(QApplication.instance())  # type: ignore[arg-type]
        except Exception:  # noqa: BLE001 - the edges failing never stops the colours
            _log.exception("high-contrast edges not followed")
        retheme_all()


def follow_contrast(app: QApplication) -> None:
    """Fields and check boxes outlined on a high-contrast or dark palette (contrast_style),
    put on and taken off as the palette changes. Its module is imported only once such a
    palette is seen: the light palette's first paint builds no style class of it."""
    if not _outlining and not is_high_contrast() and not is_dark():
        return
    from .contrast_style import follow

    _outlining[:] = [True]
    follow(app)


def install(app: QGuiApplication) -> None:
    """Follow ``app``'s palette from now on (once per application)."""
    # A property, not a look through app.children() nor app.findChild: this runs before
    # the first window's paint, and children() wraps Qt's private children (the event
    # dispatcher, the session manager, the style), building their classes (≈ 6 ms);
    # findChild's default option builds Qt's namespace.
    if not app.property(_INSTALLED):
        _shown_dark[:] = [is_dark()]
        follow_contrast(app)  # type: ignore[arg-type]
        _Follower(app)
        app.setProperty(_INSTALLED, True)
