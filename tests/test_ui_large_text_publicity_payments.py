"""公示 and 拨付 at 18 pt on a small screen (960 wide for Qt at 200 %): 公示's batch row and
its seven buttons held the screen 1136 pixels wide, 拨付's filters and six buttons 996, wider
than the window, which scrolled them sideways and cut 结束公示 and 维持核准 off at its edge.
Their rows now go on to another line, a caption (付款单位) on the line of its list."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from test_ui_large_text import large_text
from test_ui_support import answers, ctx, focused, press, qsettings, window

from tests.test_lifecycle import _published

__all__ = ["answers", "ctx", "large_text", "qsettings", "window"]  # fixtures used by name


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def inside(widget: QWidget, within: QWidget) -> bool:
    at = widget.mapTo(within, QPoint(0, 0))
    return at.x() >= 0 and at.x() + widget.width() <= within.width()


def list_bottom(screen: QWidget) -> int:
    return screen.table.mapTo(screen, QPoint(0, screen.table.height())).y()


def buttons_of(screen: QWidget) -> list[QPushButton]:
    return [b for b in screen.findChildren(QPushButton) if b.isVisibleTo(screen)]


def assert_fits(window, screen: QWidget, lines: int) -> list[QPushButton]:
    """No sideways scroll bar, ``screen`` as wide as the room, every button whole and in
    view, the buttons under the list on ``lines`` lines."""
    assert window.holder.horizontalScrollBar().maximum() == 0  # was 324 (公示), 184 (拨付)
    assert screen.width() <= window.holder.viewport().width()
    buttons = buttons_of(screen)
    cut = [b.text() for b in buttons if b.width() < b.sizeHint().width() or not inside(b, screen)]
    assert not cut, cut
    below = [b for b in buttons if b.y() > list_bottom(screen)]
    assert len({b.y() for b in below}) == lines, [(b.text(), b.y()) for b in below]
    shown = [w for w in screen.findChildren(QWidget) if w.isVisibleTo(screen)]
    past = [w.objectName() or w.metaObject().className() for w in shown if not inside(w, screen)
            and w.parentWidget() is screen]
    assert not past, past
    return buttons


def test_publicity_at_18_pt_fits_a_960_wide_window(large_text, window, reg, qtbot):
    _published(reg)  # a batch open: its name in the batch's list
    window.resize(960, 600)
    screen = window.screen_named("公示")
    screen.reload()
    settle()
    buttons = assert_fits(window, screen, lines=2)
    assert screen.close_button in buttons and screen.start_button in buttons
    # the batch's row on two lines: the list of batches beside its caption, the exports under
    assert screen.batch.y() < screen.xlsx_button.y() < screen.search.box.y()
    caption = next(w for w in screen.findChildren(QLabel) if w.text().startswith("公示批次"))
    assert caption.y() == screen.batch.y()
    # the rows above the list, not over it; three projects in view (one was, the screen
    # scrolls down to the buttons instead)
    assert screen.table.mapTo(screen, QPoint(0, 0)).y() > screen.search.box.geometry().bottom()
    rows = screen.table.viewport().height() // screen.table.verticalHeader().defaultSectionSize()
    assert rows >= 3, rows


def test_payments_at_18_pt_fits_a_960_wide_window_and_is_walked_as_before(
        large_text, window, qtbot):
    window.resize(960, 600)
    screen = window.screen_named("拨付")
    settle()
    # ten buttons since 延期验收… (stop 44): three lines at 18 pt, every one whole, the list
    # still showing rows
    assert_fits(window, screen, lines=3)
    rows = screen.table.viewport().height() // screen.table.verticalHeader().defaultSectionSize()
    assert rows >= 3, rows
    # each filter on the line of its caption; the search under them, the list under that
    for caption, box in (("批次", screen.tranche), ("付款单位", screen.payer),
                         ("状态", screen.state)):
        label = next(w for w in screen.findChildren(QLabel) if w.text() == caption)
        assert label.y() == box.y() and label.x() < box.x(), caption
    assert max(screen.tranche.y(), screen.payer.y()) < screen.search.box.y()
    assert screen.table.mapTo(screen, QPoint(0, 0)).y() > screen.search.box.geometry().bottom()
    # the paid days (从/到) whole in the 960-wide window too, not cut at its edge
    for day in (screen.paid_from, screen.paid_to):
        assert day.isVisibleTo(screen) and inside(day, screen)
    # Tab walks the filters, the days, the search box, the overdue note (when there is one)
    # and the list in the order the eye reads them, as at any size
    screen.tranche.setFocus()
    qtbot.waitUntil(lambda: focused() is screen.tranche)
    walk = [screen.payer, screen.state, screen.paid_from, screen.paid_to, screen.search.box]
    walk += [screen.flags] if screen.flags.isVisibleTo(screen) else []
    for nxt in (*walk, screen.table):
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is nxt


def test_at_the_shipped_size_their_rows_stay_on_one_line(window, qtbot):
    window.resize(1366, 768)
    for name in ("公示", "拨付"):
        screen = window.screen_named(name)
        settle()
        below = [b for b in buttons_of(screen) if b.y() > list_bottom(screen)]
        assert len(below) >= 5 and len({b.y() for b in below}) == 1, name
    screen = window.screen_named("公示")
    settle()
    assert screen.batch.y() == screen.xlsx_button.y()
    screen = window.screen_named("拨付")
    settle()
    assert screen.tranche.y() == screen.payer.y() == screen.state.y()


def test_a_wrapped_row_keeps_a_caption_on_the_line_of_its_list(qtbot):
    """付款单位 ended the first line and its list began the second (18 pt, the demo's payers)."""
    from PySide6.QtWidgets import QComboBox

    from boostdesk.ui.small_screen import WrapRow

    holder = QWidget()
    qtbot.addWidget(holder)
    row = WrapRow(holder)
    row.setContentsMargins(0, 0, 0, 0)
    first, caption, box = QPushButton("批次"), QLabel("付款单位"), QComboBox()
    for widget, width in ((first, 300), (caption, 80), (box, 300)):
        widget.setFixedWidth(width)
        row.addWidget(widget)
    holder.resize(500, 200)  # room for the first and the caption, not the list too
    holder.show()
    qtbot.waitExposed(holder)
    settle()
    assert first.y() < caption.y() == box.y() and caption.x() == 0 < box.x()
