"""Dark mode or high contrast switched on (or off) while the window is open: the notes and
labels built before re-choose their colours (retheme.py), and the detail pane shows when the
keyboard is in it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication
from test_ui_dark_palette import AA, DARK, HIGH_CONTRAST, contrast, unreadable_texts
from test_ui_support import answers, ctx, qsettings  # noqa: F401

from boostdesk.demo import fill_demo

R = QPalette.ColorRole


def with_colours(base: QPalette, colours: dict[Any, str]) -> QPalette:
    p = QPalette(base)
    for role, colour in colours.items():
        p.setColor(role, QColor(colour))
    return p


@pytest.fixture
def light(qapp: Any) -> Iterator[QPalette]:
    """The palette the window is built on; the application's own given back at the end."""
    before = QPalette(qapp.palette())
    yield QPalette(before)
    qapp.setPalette(before)


@pytest.fixture
def demo_window(light: QPalette, ctx: Any, qtbot: Any) -> Any:  # noqa: F811
    from boostdesk.ui.main_window import SCREENS, MainWindow

    fill_demo(ctx.reg)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.screens_shown = [window.show_screen(i) for i in range(len(SCREENS))]
    window.show_screen(0)
    return window


def switch(qapp: Any, palette: QPalette) -> None:
    qapp.setPalette(palette)
    QApplication.processEvents()


def unreadable(window: Any, palette: QPalette) -> list[str]:
    bad = unreadable_texts(window, palette)
    for screen in window.screens_shown:
        bad += unreadable_texts(screen, palette)
    return sorted(set(bad))


def toolbar_contrast(window: Any) -> float:
    sheet = window.campaign_label.styleSheet()
    colour = re.search(r"color\s*:\s*(#[0-9a-fA-F]{3,6})", sheet)
    assert colour, sheet
    return contrast(colour.group(1), QApplication.palette().color(R.Window))


def navigation_background(window: Any) -> QColor:
    """The navigation list's colour below its last name, as painted."""
    image = window.nav.grab().toImage()
    return image.pixelColor(image.width() // 2, image.height() - 6)


def test_notes_follow_a_palette_switched_to_dark_and_back(qapp: Any, light: QPalette,
                                                          demo_window: Any) -> None:
    window = demo_window
    assert toolbar_contrast(window) >= AA
    built_light = window.campaign_label.styleSheet()
    payments = window.screens_shown[6]
    overdue_light = payments.summary.text()
    assert "#c62828" in overdue_light  # 已逾期 in red

    dark = with_colours(light, DARK)
    switch(qapp, dark)
    assert toolbar_contrast(window) >= AA, window.campaign_label.styleSheet()  # was 2.3:1
    assert not unreadable(window, dark), "\n".join(unreadable(window, dark)[:20])
    assert navigation_background(window).lightness() < 80  # not a white block
    assert "#c62828" not in payments.summary.text()  # 已逾期 24 笔 was 2.9:1

    switch(qapp, light)
    assert toolbar_contrast(window) >= AA  # #cfd8dc on light grey was 1.3:1
    assert window.campaign_label.styleSheet() == built_light
    assert payments.summary.text() == overdue_light
    assert navigation_background(window).lightness() > 200  # not left black


def test_navigation_and_notes_follow_high_contrast(qapp: Any, light: QPalette,
                                                   demo_window: Any) -> None:
    contrast_palette = with_colours(light, HIGH_CONTRAST)
    switch(qapp, contrast_palette)
    assert navigation_background(demo_window) == QColor("#000000")
    bad = unreadable(demo_window, contrast_palette)
    assert not bad, "\n".join(bad[:20])


def detail_pane_pixels(window: Any, focused: bool) -> Any:
    screen = window.screens_shown[0]
    if focused:
        screen.table.setFocus(Qt.FocusReason.OtherFocusReason)
        QApplication.processEvents()
        from PySide6.QtTest import QTest
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)  # from the list, as a clerk
        assert QApplication.focusWidget() is screen.detail
    else:
        screen.table.setFocus(Qt.FocusReason.OtherFocusReason)
        assert not screen.detail.hasFocus()
    QApplication.processEvents()
    return screen.detail.grab().toImage()


@pytest.mark.parametrize("colours", [None, DARK, HIGH_CONTRAST], ids=["light", "dark", "hc"])
def test_the_detail_pane_shows_the_keyboard_focus(qapp: Any, light: QPalette, demo_window: Any,
                                                  colours: dict[Any, str] | None) -> None:
    palette = light if colours is None else with_colours(light, colours)
    switch(qapp, palette)
    demo_window.activateWindow()
    unfocused = detail_pane_pixels(demo_window, focused=False)
    focused = detail_pane_pixels(demo_window, focused=True)
    assert focused != unfocused
    # the frame in the palette's highlight colour, at the pane's edge
    highlight = palette.color(R.Highlight)
    edge = focused.pixelColor(0, focused.height() // 2)
    assert edge == highlight, (edge.name(), highlight.name())
    assert unfocused.pixelColor(0, unfocused.height() // 2) != highlight


def test_a_widget_of_its_own_is_left_alone() -> None:
    from boostdesk.ui.retheme import recolour

    frozen = "QTableView { border: none; border-right: 1px solid #b0bec5; }"
    assert recolour(frozen, dark=False) == frozen  # a fixed grey edge, not a themed colour
    assert recolour("color:#455a64; padding-left:12px", dark=True) == "color:#cfd8dc; padding-left:12px"
    assert recolour("<span style='color:#b0bec5'>x</span>", dark=False) == (
        "<span style='color:#546e7a'>x</span>")



def test_a_list_items_own_colour_follows(qapp: Any, light: QPalette, qtbot: Any) -> None:
    """The import batch's refused file, written in red in its results list."""
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

    from boostdesk.ui.retheme import install
    from boostdesk.ui.style import ERROR_COLOUR
    from boostdesk.ui.theme import themed

    install(qapp)
    results = QListWidget()
    qtbot.addWidget(results)
    item = QListWidgetItem("第 2 个文件：未读入")
    item.setForeground(QColor(themed(ERROR_COLOUR)))
    results.addItem(item)
    dark = with_colours(light, DARK)
    switch(qapp, dark)
    assert contrast(item.foreground().color(), dark.color(R.Base)) >= AA  # #c62828 was 2.9:1
    switch(qapp, light)
    assert item.foreground().color() == QColor(ERROR_COLOUR)
