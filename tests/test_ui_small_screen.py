"""Office laptops: 1280×720 or 1366×768, often at Windows' 125 % or 150 % scaling.

At 1280×720 ×1.5 Qt sees a screen of 853×480; less the taskbar and the window's title bar,
a window's contents get about 840×420. Every screen and dialog must fit that, or scroll."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.ui.main_window import SCREENS

__all__ = ["answers", "ctx", "qsettings", "window"]

SMALL = QSize(840, 420)
SCREEN_ROOM = QSize(705, 340)  # SMALL less the navigation (130), the menu, toolbar, status bar


def least_size(widget) -> QSize:
    """The smallest the window manager can make ``widget``."""
    return widget.minimumSize().expandedTo(widget.minimumSizeHint())


def fits(size: QSize, room: QSize = SMALL) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


def test_every_screen_fits_a_1280x720_laptop_at_150_percent(window, qtbot):
    for i, (label, _module, _cls) in enumerate(SCREENS):
        if not window.enabled(i):
            continue
        screen = window.show_screen(i)
        tabs = getattr(screen, "tabs", None)
        for t in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(t)
            QApplication.processEvents()
            where = f"{label} {tabs.tabText(t) if tabs is not None else ''}"
            assert fits(least_size(window)), (where, least_size(window))


def test_a_first_window_leaves_room_for_its_title_bar(ctx, qtbot):
    """No saved size: the window and its frame fit the screen, the status bar in view."""
    from boostdesk.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    room = window.screen().availableGeometry()
    assert window.height() + 30 <= room.height()
    assert window.width() <= room.width()


def test_a_screen_seen_after_the_panel_setup_does_not_scroll(window, qtbot):
    """专家评审's 评审组与评分细则 is the widest page; once seen, it no longer holds the
    others wider than a small laptop (840 less the navigation, 420 less the menu,
    toolbar and status bar: SCREEN_ROOM)."""
    panel = window.screen_named("专家评审")
    for t in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(t)
    panel.tabs.setCurrentIndex(0)
    assert fits(window.stack.minimumSizeHint(), SCREEN_ROOM)
    window.screen_named("拨付")
    assert fits(window.stack.minimumSizeHint(), SCREEN_ROOM)


def test_the_import_dialog_fits_the_screen_with_its_buttons(window, qtbot):
    """导入汇总表 opened at 1100×620 ran past a 1280×720 screen at 125 % (1024×576)."""
    dialog = window.screen_named("专利助推").import_table()
    qtbot.waitExposed(dialog)
    room = dialog.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() + 30 <= room.height()
    dialog.reject()


def test_a_form_field_hint_is_whole_at_150_percent(window, qtbot, reg):
    """The hint beside a field (its error, or a studio level's tiers) sat past the right
    edge of the sheet at 1280×720 ×1.5, behind a horizontal scroll bar."""
    from boostdesk.models import CITY
    from boostdesk.models.records import ProjectApplication

    app_id = reg.save_project(ProjectApplication(2022, title="数控机床精度补偿",
                                                 studio_name="李四工作室", studio_level=CITY))
    screen = window.screen_named("创新项目")
    screen.select_id(app_id)
    form = screen.edit_current()
    form.resize(813, 420)  # what the form gets at 1280×720 ×1.5
    qtbot.waitExposed(form)
    QApplication.processEvents()
    hint = form.rows["studio_level"].hint
    assert "市级档次" in hint.text()
    viewport = form.sheet.parentWidget()
    right = hint.mapTo(viewport, hint.rect().topRight()).x()
    assert right <= viewport.width(), (right, viewport.width())
    # and no tier is cut at its right edge (a run of amounts Qt would not break)
    image = hint.grab().toImage()
    edge = [image.pixelColor(x, y) for x in range(image.width() - 3, image.width())
            for y in range(image.height())]
    assert not any(c.green() - c.red() > 60 for c in edge), hint.text()  # green glyphs
    form.reject()


def test_the_print_screen_fits_beside_the_navigation_at_150_percent(window, qtbot):
    """打印: its 360-wide settings beside the preview's page bar ran past 840 (缩放 hidden)."""
    screen = window.screen_named("打印")
    QApplication.processEvents()
    assert fits(screen.minimumSizeHint(), SCREEN_ROOM), screen.minimumSizeHint()


def test_the_seal_line_of_the_print_screen_is_whole_when_it_wraps(window, qtbot):
    """印章: “样章（尚未提供印章扫描件）” wraps beside 印章图片… on a narrow screen; its
    row stayed one button high and cut both lines."""
    screen = window.screen_named("打印")
    label = screen.seal_label
    for width in range(SMALL.width(), 1101, 20):
        window.resize(width, SMALL.height())
        QApplication.processEvents()
        QApplication.processEvents()
        assert label.height() >= label.heightForWidth(label.width()), (width, label.width())


def test_the_plan_is_saved_on_a_small_laptop_without_scrolling_to_its_button(window, qtbot,
                                                                                reg):
    """设置 runs below the fold at 1280×720 ×1.5: 保存本年度计划 stays in view under the
    scrolled page, and Ctrl+S in a field saves as on the paper forms."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QPushButton

    screen = window.screen_named("设置")
    window.resize(SMALL)
    QApplication.processEvents()
    save = screen.findChild(QPushButton, "save_campaign")
    assert not save.visibleRegion().isEmpty()
    screen.patent_award.setFocus()
    screen.patent_award.selectAll()
    qtbot.keyClicks(screen.patent_award, "5000")
    qtbot.keyClick(screen.patent_award, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert reg.campaign(2022).patent_award_fen == 5000_00
