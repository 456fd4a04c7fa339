"""设置 at 800 pixels wide: its date fields were squeezed to 70 pixels and cut the last
digit (2023-10-1). A date field is never narrower than a date in its font."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.ui.form_widgets import DateField

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name


def _text_room(field: DateField) -> int:
    """The pixels a line edit has for its text (QLineEdit: its contents, less its text
    margins and the 2-pixel margin each side it keeps)."""
    margins = field.textMargins()
    return field.contentsRect().width() - margins.left() - margins.right() - 4


def test_the_settings_date_fields_show_a_whole_date_at_800_wide(window, qtbot):
    window.resize(800, 700)
    screen = window.screen_named("设置")
    QApplication.processEvents()
    fields = screen.findChildren(DateField)
    assert len(fields) >= 5
    for field in fields:
        if not field.isVisible():
            continue
        text = field.text() or "2023-10-17"
        assert _text_room(field) >= field.fontMetrics().horizontalAdvance(text), (
            field.objectName(), text, field.width())
