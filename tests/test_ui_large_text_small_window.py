"""Three limits left at 18 pt in a small window (1920×1080 at 200 % is 960 wide for Qt; an
800-wide screen is narrower still): the toolbar's plan line was behind its » button, 公示's
narrow columns showed their headings' first characters, a form's hints beside the fields
had 120 pixels (five characters a line) at 800 wide. At the shipped size each is as it was."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionHeader, QToolBar, QToolButton
from test_ui_entry import open_new_form
from test_ui_large_text import fully_shown, large_text
from test_ui_support import answers, ctx, qsettings, type_text, window

from tests.test_lifecycle import _published

__all__ = ["answers", "ctx", "large_text", "qsettings", "window"]  # fixtures used by name


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def plan_in_view(window) -> str:
    """The plan line's text, asserted shown whole inside the toolbar, no » button."""
    bar, label = window.findChild(QToolBar, "year_toolbar"), window.campaign_label
    assert label.isVisible(), "the plan line is behind the toolbar's » button"
    extension = [b for b in bar.findChildren(QToolButton)
                 if b.objectName() == "qt_toolbar_ext_button" and b.isVisible()]
    assert not extension
    right = label.mapTo(bar, QPoint(label.width(), 0)).x()
    assert right <= bar.width(), (right, bar.width())
    assert label.width() >= label.sizeHint().width() and label.height() >= label.sizeHint().height()
    return label.text()


def test_the_plan_line_stays_in_view_at_18_pt_in_a_960_and_an_800_wide_window(
        large_text, window):
    c = window.ctx.campaign()
    parts = [c.title, f"报送截止 {c.submission_deadline.isoformat()}",
             f"授权期间 {c.grant_window_start.isoformat()} 至 {c.grant_window_end.isoformat()}"]
    for width in (960, 800):
        window.resize(width, 600)
        settle()
        text = plan_in_view(window)
        # on two or three lines, broken between its parts, never inside one
        lines = text.split("\n")
        assert len(lines) >= 2 and [p for line in lines for p in line.split("　")] == parts, text
    window.resize(1920, 1000)  # a large screen at 18 pt: the one line again
    settle()
    assert "\n" not in plan_in_view(window)


def test_at_the_shipped_size_the_plan_line_is_one_line(window):
    c = window.ctx.campaign()
    for width in (1366, 960, 800):
        window.resize(width, 600)
        settle()
        assert plan_in_view(window) == (
            f"{c.title}　报送截止 {c.submission_deadline.isoformat()}"
            f"　授权期间 {c.grant_window_start.isoformat()} 至 {c.grant_window_end.isoformat()}")


def drawn(header, column: int) -> str:
    """The text ``header`` draws for ``column`` (lines apart by \\n)."""
    option = QStyleOptionHeader()
    header.initStyleOptionForIndex(option, column)
    return option.text


def cut_headings(table) -> list[str]:
    """The headings of ``table`` not shown whole: a line wider than its column, or more
    lines than the header is high."""
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
    cut = []
    for column in range(header.count()):
        if header.isSectionHidden(column) or header.sectionViewportPosition(column) < 0:
            continue
        lines = drawn(header, column).split("\n")
        wide = max(metrics.horizontalAdvance(line) for line in lines) + 2 * margin
        if wide > header.sectionSize(column) or len(lines) * metrics.height() > header.height():
            cut.append(f"{drawn(header, column)!r} in {header.sectionSize(column)} px")
    return cut


def test_publicitys_headings_are_whole_at_18_pt_in_a_960_wide_window(large_text, window, reg):
    _published(reg)
    window.resize(960, 600)
    screen = window.screen_named("公示")
    screen.reload()
    settle()
    headings = [screen.model.headers, screen.objection_model.headers]
    for table, names in zip((screen.table, screen.objections), headings, strict=True):
        assert not cut_headings(table), cut_headings(table)  # 职工创新工作室 showed 工创新工作
        shown = [drawn(table.horizontalHeader(), c).replace("\n", "") for c in range(len(names))]
        assert shown == list(names)
    # at least one on two lines: the header as high as two lines of text
    header = screen.table.horizontalHeader()
    assert any("\n" in drawn(header, c) for c in range(header.count()))
    # three projects in view under it, as before
    rows = screen.table.viewport().height() // screen.table.verticalHeader().defaultSectionSize()
    assert rows >= 3, rows


def test_at_the_shipped_size_publicitys_headings_are_one_line(window, reg):
    _published(reg)
    for width in (1366, 960):
        window.resize(width, 600)
        screen = window.screen_named("公示")
        screen.reload()
        settle()
        for table in (screen.table, screen.objections):
            header = table.horizontalHeader()
            assert not cut_headings(table)
            assert not any("\n" in drawn(header, c) for c in range(header.count()))
            assert header.height() < 2 * header.fontMetrics().height()


def patent_hint_shown(qtbot, window):
    """A new patent paper with a wrong check digit typed: its hint says so."""
    form = open_new_form(qtbot, window, 0)
    form.editor("patent_number_raw").setFocus()
    type_text(qtbot, "ZL202110123456.8")
    hint = form.rows["patent_number_raw"].hint
    qtbot.waitUntil(lambda: "校验位" in hint.text())
    return form, hint


def test_a_forms_hints_go_under_their_fields_at_18_pt_on_an_800_wide_screen(
        large_text, window, qtbot, answers):
    form, hint = patent_hint_shown(qtbot, window)
    editor = form.editor("patent_number_raw")
    form.resize(800, 600)  # the form's room on an 800-wide screen
    settle()
    # under its field, as wide as it (it was beside it, 120 pixels: five characters a line)
    assert hint.y() >= editor.y() + editor.height(), (hint.geometry(), editor.geometry())
    assert hint.x() == editor.x() and hint.width() >= editor.width() > 400
    assert fully_shown(hint) and hint.height() <= 2 * hint.fontMetrics().lineSpacing()
    # the next field right under it; an empty hint leaves no gap
    below = form.editor("grant_date")
    assert 0 <= below.y() - (hint.y() + hint.height()) <= 2 * form.grid.verticalSpacing()
    title, enterprise = form.editor("title"), form.editor("enterprise_name")
    assert title.y() - (enterprise.y() + enterprise.height()) <= form.grid.verticalSpacing()
    # widened (960, where the column is readable): beside its field again, as before
    form.resize(960, 600)
    settle()
    assert hint.x() > editor.x() + editor.width() and hint.y() < editor.y() + editor.height()
    assert hint.width() >= 200
    form.reject()


def test_at_the_shipped_size_a_forms_hints_stay_beside_their_fields(window, qtbot, answers):
    form, hint = patent_hint_shown(qtbot, window)
    editor = form.editor("patent_number_raw")
    for width in (1180, 813, 700):  # 700: narrower than the form can be
        form.resize(width, 420)
        settle()
        assert hint.x() > editor.x() + editor.width(), width
        assert hint.y() < editor.y() + editor.height()
    form.reject()
