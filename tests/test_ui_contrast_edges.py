"""A high-contrast scheme (white on black, black on white, 沙漠): every field, check box and
radio button shows its edge at 3:1 or more against what is around it (WCAG non-text
contrast), at start and when switched while the app runs; the light palette is drawn as
before (contrast_style.py). Qt's Fusion drew them in the window's colour darkened: black on
black, pale grey on white (2:1)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import QDate, QRect
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from test_ui_dark_palette import DARK, DESERT, HIGH_CONTRAST, contrast
from test_ui_palette_switch import switch, with_colours
from test_ui_support import answers, ctx, qsettings  # noqa: F401

from boostdesk.ui.patent_form import PatentForm

R = QPalette.ColorRole
NON_TEXT = 3.0
# Windows' 高对比白: black on white, a dark purple selection.
HIGH_CONTRAST_WHITE = {R.Window: "#ffffff", R.WindowText: "#000000", R.Base: "#ffffff",
                       R.AlternateBase: "#ffffff", R.Text: "#000000", R.Button: "#ffffff",
                       R.ButtonText: "#000000", R.Highlight: "#37006e",
                       R.HighlightedText: "#ffffff", R.ToolTipBase: "#ffffff",
                       R.ToolTipText: "#000000", R.PlaceholderText: "#600000"}
# Windows' dark mode (stop 39): Fusion's edge #171717 on the #202020 window, 1.05:1
SCHEMES = {"black": HIGH_CONTRAST, "white": HIGH_CONTRAST_WHITE, "desert": DESERT,
           "dark": DARK}


@pytest.fixture
def light(qapp: Any) -> Iterator[QPalette]:
    """The palette and style the widgets start on, given back at the end."""
    from boostdesk.ui.retheme import install

    install(qapp)  # as the main window does: the palette followed
    before = QPalette(qapp.palette())
    yield QPalette(before)
    switch(qapp, before)
    assert qapp.style().name().lower() == "fusion"


def edges(image: QImage, rect: QRect, background: QColor) -> dict[str, float]:
    """Each side of ``rect`` (in device pixels of ``image``): the best contrast with
    ``background`` of the pixels in its two outer lines, at the middle of the side."""
    ratio = image.devicePixelRatio()
    r = QRect(int(rect.x() * ratio), int(rect.y() * ratio),
              int(rect.width() * ratio), int(rect.height() * ratio))
    mx, my = r.center().x(), r.center().y()
    sides = {"left": [(r.left() + i, my) for i in range(2)],
             "right": [(r.right() - i, my) for i in range(2)],
             "top": [(mx, r.top() + i) for i in range(2)],
             "bottom": [(mx, r.bottom() - i) for i in range(2)]}
    return {side: max(contrast(image.pixelColor(x, y), background) for x, y in points)
            for side, points in sides.items()}


def indicator(box: QCheckBox | QRadioButton) -> QRect:
    option = QStyleOptionButton()
    box.initStyleOption(option)
    element = (QStyle.SubElement.SE_CheckBoxIndicator if isinstance(box, QCheckBox)
               else QStyle.SubElement.SE_RadioButtonIndicator)
    return box.style().subElementRect(element, option, box)


def edge_contrast(widget: QWidget) -> dict[str, float]:
    """The widget's edge (a check box's box) against the palette's window colour."""
    QApplication.processEvents()
    image = widget.grab().toImage()
    background = widget.palette().color(R.Window)
    if isinstance(widget, (QCheckBox, QRadioButton)):
        return edges(image, indicator(widget), background)  # a circle's too: its sides' middles
    return edges(image, widget.rect(), background)


def low(found: dict[str, float]) -> dict[str, float]:
    return {side: round(ratio, 2) for side, ratio in found.items() if ratio < NON_TEXT}


def shown_form(qtbot: Any, ctx: Any) -> PatentForm:  # noqa: F811
    form = PatentForm(ctx)
    qtbot.addWidget(form)
    form.resize(1180, 720)
    form.show()
    QApplication.processEvents()
    return form


def form_parts(form: PatentForm) -> dict[str, QWidget]:
    """An empty line edit away from the keyboard, an unticked materials box, the notes."""
    form.rows["title"].editor.setFocus()
    QApplication.processEvents()
    unticked = next(box for box in form.checks.values() if not box.isChecked())
    return {"专利号": form.rows["patent_number_raw"].editor, "收到的材料": unticked,
            "第一发明人": form.rows["inventor_name"].editor, "备注": form.rows["remarks"].editor}


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_a_forms_fields_and_boxes_show_their_edges_in_high_contrast(
        qapp: Any, light: QPalette, ctx: Any, qtbot: Any, scheme: str) -> None:  # noqa: F811
    switch(qapp, with_colours(light, SCHEMES[scheme]))  # before the form: as at start
    form = shown_form(qtbot, ctx)
    assert not form.rows["inventor_name"].editor.text()
    for name, widget in form_parts(form).items():
        assert not low(edge_contrast(widget)), (name, edge_contrast(widget))


def test_the_edges_follow_a_scheme_switched_while_the_form_is_open(
        qapp: Any, light: QPalette, ctx: Any, qtbot: Any) -> None:  # noqa: F811
    form = shown_form(qtbot, ctx)
    parts = form_parts(form)
    as_built = {name: w.grab().toImage() for name, w in parts.items()}
    for scheme in ("black", "white", "dark"):
        switch(qapp, with_colours(light, SCHEMES[scheme]))
        for name, widget in parts.items():
            assert not low(edge_contrast(widget)), (scheme, name, edge_contrast(widget))
    switch(qapp, light)  # back: Fusion itself, each part as it was drawn
    assert qapp.style().name().lower() == "fusion"
    assert type(qapp.style()).__name__ != "ContrastStyle"
    for name, widget in parts.items():
        QApplication.processEvents()
        assert widget.grab().toImage() == as_built[name], name


def combo() -> QComboBox:
    box = QComboBox()
    box.addItems(["是", "否"])
    return box


def editable_combo() -> QComboBox:
    box = combo()
    box.setEditable(True)
    return box


WIDGETS: dict[str, Callable[[], QWidget]] = {
    "line edit": QLineEdit, "combo box": combo, "editable combo box": editable_combo,
    "date": lambda: QDateEdit(QDate(2022, 10, 25)), "spin box": QSpinBox,
    "text area": QTextEdit, "plain text area": QPlainTextEdit,
    "check box": lambda: QCheckBox("申报表"), "radio button": lambda: QRadioButton("是"),
}


@pytest.mark.parametrize("make", list(WIDGETS.values()), ids=list(WIDGETS))
def test_each_kind_of_field_shows_its_edge_on_black(
        qapp: Any, light: QPalette, qtbot: Any, make: Callable[[], QWidget]) -> None:
    switch(qapp, with_colours(light, HIGH_CONTRAST))
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    holder = QLineEdit()  # the keyboard's: a focused field has the highlight colour
    widget = make()
    layout.addWidget(holder)
    layout.addWidget(widget)
    widget.setMinimumSize(160, 60 if isinstance(widget, (QTextEdit, QPlainTextEdit)) else 28)
    window.show()
    holder.setFocus()
    QApplication.processEvents()
    assert not widget.hasFocus()
    assert not low(edge_contrast(widget)), edge_contrast(widget)
    assert not low(edge_contrast(holder)), edge_contrast(holder)  # focused: in the highlight


def test_the_dark_edge_is_the_palettes_grey_at_three_to_one(qapp: Any, light: QPalette) -> None:
    """In dark mode an empty field's edge is a grey of the palette's own, at 3:1 against the
    window and the field, and no brighter than it needs to be (its light look untouched)."""
    from boostdesk.ui.contrast_style import dark_edge, edge_colour

    dark = with_colours(light, DARK)
    edge = dark_edge(dark)
    for role in (R.Window, R.Base):
        assert contrast(edge, dark.color(role)) >= NON_TEXT, (role, edge.name())
    assert contrast(edge, dark.color(R.Window)) < 4.0, edge.name()  # a grey, not the text
    assert edge_colour(light) is None  # the light palette: Fusion's own edges


def test_another_style_is_left_to_draw_its_own(qapp: Any, light: QPalette) -> None:
    """Windows' own styles (windowsvista, windows11) draw fields from the system's
    high-contrast colours: only Fusion is wrapped."""
    qapp.setStyle("windows")
    try:
        switch(qapp, with_colours(light, HIGH_CONTRAST))
        assert qapp.style().name().lower() == "windows"
    finally:
        switch(qapp, light)
        qapp.setStyle("fusion")
