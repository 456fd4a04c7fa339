"""The small-screen tester's findings (stop 39): the demo register on a 1366×768 laptop at
150 % (Qt sees 911×512) and with the text ×1.5 (15 pt), as an older clerk runs it.

The window is resized to what Qt sees at 150 %: the fonts' pixel sizes are the same there."""

from __future__ import annotations

import datetime
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.models import Register, clock

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

AT_150 = QSize(911, 512)  # 1366×768 at 150 %, as Qt sees it
LAPTOP = QSize(1366, 768)
DAY = datetime.date(2023, 3, 10)  # the tester's day (the README screenshots')


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: Any) -> Path:
    from boostdesk.demo import fill_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with clock.fixed_day(DAY):
        reg = Register.open(path, "王秀兰")
        fill_demo(reg)
        reg.close()
    return path


@pytest.fixture
def reg(demo_file: Path, tmp_path: Path) -> Iterator[Register]:
    """The demo register (a copy), on the tester's day."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    with clock.fixed_day(DAY):
        register = Register.open(path, "王秀兰")
        yield register
        register.close()


@pytest.fixture(autouse=True)
def app_font(qapp: Any) -> None:
    """The window's own face and size (WenQuanYi Micro Hei 10 pt), which sets the widths."""
    from boostdesk.ui.app import load_fonts

    load_fonts(qapp)


@pytest.fixture
def text_150(qapp: Any) -> Iterator[float]:
    """The application's text ×1.5 (15 pt), restored after the test."""
    before = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(before.pointSizeF() * 1.5)
    QApplication.setFont(font)
    yield font.pointSizeF()
    QApplication.setFont(before)


def settle(n: int = 6) -> None:
    for _ in range(n):
        QApplication.processEvents()


def seen(window: Any, widget: QWidget) -> QRect:
    """Where ``widget`` is in the window's room for its screens as scrolled now (the part
    of it a clerk sees is the intersection with that room)."""
    holder = window.holder if hasattr(window, "holder") else window.centralWidget()
    viewport = holder.viewport()
    at = widget.mapTo(viewport, QPoint(0, 0))
    return QRect(at, widget.size()).intersected(viewport.rect())


def wholly_seen(window: Any, widget: QWidget) -> bool:
    return seen(window, widget).size() == widget.size()


def rows_seen(window: Any, table: Any) -> float:
    """The list's rows a clerk sees without scrolling the window."""
    viewport = table.viewport()
    part = seen(window, viewport)
    return part.height() / table.verticalHeader().defaultSectionSize()


def ranking(window: Any, size: QSize) -> Any:
    window.resize(size)
    panel = window.screen_named("专家评审")
    tab = panel.show_tab("排名与档次")
    panel.refresh()
    settle()
    tab.table.selectRow(0)  # a row chosen: its scores said under the list
    settle()
    return tab


def assert_ranking_usable(window: Any, tab: Any, rows: float) -> None:
    table = tab.table
    assert rows_seen(window, table) >= rows, (rows_seen(window, table), tab.height())
    for button in (tab.override_button, tab.adopt_button, tab.withdraw_button):
        assert wholly_seen(window, button), (button.text(), seen(window, button), button.size())
        assert button.width() >= button.sizeHint().width()
    # of 理由 its first words in view (it had 19 pixels, or was off to the right)
    header = table.horizontalHeader()
    reason = tab.COLUMNS.index("理由")
    first_words = table.fontMetrics().horizontalAdvance("市级第 1 名")
    assert header.sectionSize(reason) >= first_words, header.sectionSize(reason)
    left = table.columnViewportPosition(reason)
    assert left >= 0 and left + first_words <= table.viewport().width()
    # the names no narrower than seven characters, whole when pointed at
    seven = table.fontMetrics().horizontalAdvance("轨道车辆轮对故")
    assert header.sectionSize(2) >= seven and header.sectionSize(3) >= seven


def test_the_ranking_at_150_percent_shows_rows_reasons_and_its_buttons(window, qtbot):
    """专家评审 → 排名与档次 at 1366×768 ×1.5: 3½ of 25 rows showed, 理由 19 pixels wide,
    人工调整档次… and 采纳为拟助推名单 half cut at the bottom; the notes took 8 lines."""
    tab = ranking(window, AT_150)
    assert tab.waiting.text().startswith("评分未齐 9 项")
    assert_ranking_usable(window, tab, rows=4.5)


def test_the_ranking_with_large_text_on_the_laptop(text_150, window, qtbot):
    """The text ×1.5 at 1366×768: 7 rows, every 理由 cell “…”, the names cut."""
    tab = ranking(window, LAPTOP)
    assert_ranking_usable(window, tab, rows=8)



def in_view(table: Any, column: int) -> bool:
    """Whether the column is wholly inside the list's viewport as it is scrolled."""
    left = table.columnViewportPosition(column)
    return left >= 0 and left + table.columnWidth(column) <= table.viewport().width()


def assert_payments_say_what_they_pay(window: Any, size: QSize) -> None:
    from boostdesk.ui.elided_tips import elided
    from boostdesk.ui.payments_screen import AMOUNT_COLUMN, COLUMNS, REF_COLUMN

    window.resize(size)
    screen = window.screen_named("拨付")
    settle()
    table, model = screen.table, screen.model
    assert model.headerData(REF_COLUMN, Qt.Orientation.Horizontal) == "专利号/项目名称"
    assert in_view(table, REF_COLUMN) and in_view(table, AMOUNT_COLUMN), \
        [(COLUMNS[c], table.columnViewportPosition(c), table.columnWidth(c))
         for c in range(len(COLUMNS))]
    # read before the payer and the payee: which patent or project a line pays
    header = table.horizontalHeader()
    assert header.visualIndex(REF_COLUMN) < header.visualIndex(2) < header.visualIndex(3)
    patents = [r for r in range(model.rowCount())
               if str(model.index(r, REF_COLUMN).data()).startswith("ZL")]
    assert len(patents) > 10
    cut = [model.index(r, REF_COLUMN).data() for r in patents
           if elided(table, model.index(r, REF_COLUMN))]
    assert not cut, (cut[:3], table.columnWidth(REF_COLUMN))  # "ZL20201148922…"


def test_the_payments_list_says_which_patent_or_project_a_line_pays(window, qtbot):
    """拨付 at 100 %: 专利号/项目名称 was the last column, 100–116 pixels (ZL20201148922…);
    at 150 % it was off the screen, with 推荐单位."""
    assert_payments_say_what_they_pay(window, LAPTOP)
    assert_payments_say_what_they_pay(window, AT_150)


def test_the_payments_list_says_what_it_pays_with_large_text(text_150, window, qtbot):
    assert_payments_say_what_they_pay(window, LAPTOP)


def overlapping(widgets: list[QWidget]) -> list[tuple[str, str]]:
    """Pairs of the widgets whose rectangles (in their common window) overlap."""
    rects = [(w, QRect(w.mapTo(w.window(), QPoint(0, 0)), w.size())) for w in widgets]
    return [(_name(a), _name(b)) for i, (a, ra) in enumerate(rects)
            for b, rb in rects[i + 1:] if ra.intersects(rb)]


def _name(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    return (text() if callable(text) else "")[:12] or type(widget).__name__


def whole(label: Any) -> bool:
    """A label as high as its text needs at its width (wrapped or broken by hand)."""
    need = (label.heightForWidth(label.width()) if label.wordWrap()
            else label.sizeHint().height())
    return label.height() >= need


def test_the_audit_export_dialog_shows_its_notes_whole_with_large_text(text_150, window,
                                                                     qtbot):
    """文件 → 导出修改记录… at 150 % and with large text: the hint under 申报或人员 (three
    lines) cut to two, the tops of its characters under the field above; the 范围 note
    clipped at its top though the dialog had room below."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    window.resize(LAPTOP)
    dialog = window.export_audit_trail()
    qtbot.waitExposed(dialog)
    settle()
    labels = [w for w in dialog.findChildren(QLabel) if w.isVisible() and w.text()]
    hint = next(w for w in labels if w.text().startswith("或写一项申报"))
    covers = dialog.findChild(QLabel, "covers")
    cut = [_name(w) for w in labels if not whole(w)]
    assert not cut, cut
    fields = [w for w in dialog.findChildren(QLineEdit) if w.isVisible()]
    assert not overlapping([hint, covers, *fields, *dialog.findChildren(QPushButton)])
    # all of it inside the dialog, the dialog inside the screen
    room = dialog.screen().availableGeometry()
    assert dialog.height() <= room.height() and dialog.width() <= room.width()
    dialog.reject()


@pytest.mark.parametrize("large", [False, True], ids=["150 %", "text ×1.5"])
def test_the_status_bar_says_every_count_on_a_small_screen(window, qtbot, large, qapp):
    """The counts at 150 % and with large text ended 「… · 不合格 8 · 待补…」: said whole
    now, in fewer words; at 100 % as they were."""
    def shown() -> str:
        window.todo_line.count()
        qtbot.waitUntil(lambda: window.todo_label.text().startswith("待办 79 项"), timeout=5000)
        settle()
        return window.counts_label.elided()

    window.resize(LAPTOP)
    full = window.counts_label.text()
    assert shown() == full  # 100 %: the words as they were
    assert full.startswith("专利：登记 58 · 合格 38 · 不合格 13 · 待补材料 7")
    before = QApplication.font()
    if large:
        font = QApplication.font()
        font.setPointSizeF(before.pointSizeF() * 1.5)
        QApplication.setFont(font)
    else:
        window.resize(AT_150)
    try:
        said = shown()
        assert "…" not in said, said
        assert said.replace("·", " ").split()[-1] == "待补4", said  # the last count said
        for number in ("58", "38", "13", "40", "28"):
            assert number in said
    finally:
        QApplication.setFont(before)


def test_the_about_dialog_shows_its_version_line_whole_with_large_text(text_150, window,
                                                                     qtbot):
    """关于 BoostDesk with the text ×1.5: the 版本 line's second line was cut off."""
    from PySide6.QtWidgets import QLabel

    dialog = window.show_about()
    qtbot.waitExposed(dialog)
    settle()
    values = [w for w in dialog.findChildren(QLabel) if w.wordWrap() and w.text()]
    version = next(w for w in values if w.text().startswith("BoostDesk "))
    assert version.heightForWidth(version.width()) > version.fontMetrics().height() * 1.5
    cut = [w.text()[:20] for w in values if not whole(w)]
    assert not cut, cut
    dialog.reject()


def test_the_settings_fit_the_width_at_150_percent(window, qtbot):
    """设置 at 1366×768 ×1.5 scrolled sideways: 回复期限 and the right-hand column cut."""
    from PySide6.QtWidgets import QScrollArea

    window.resize(AT_150)
    screen = window.screen_named("设置")
    settle()
    area = screen.findChild(QScrollArea)
    assert area.horizontalScrollBar().maximum() == 0, area.widget().minimumSizeHint()
    viewport = area.viewport()
    for widget in (screen.notice_reply_days, screen.notice_email, screen.city_split,
                   screen.max_awards, *screen.omitted["project"].values()):
        right = widget.mapTo(viewport, QPoint(widget.width(), 0)).x()
        assert right <= viewport.width(), (widget.objectName(), right, viewport.width())
    assert window.holder.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("stream", ["patent", "project"])
def test_the_title_field_takes_the_forms_width_with_large_text(text_150, ctx, qtbot, stream):
    """The form with the text ×1.5: 专利名称 kept the field column's width, ≈15 characters of
    a title in view beside an empty hints' column; now as wide as 备注."""
    from boostdesk.ui.patent_form import PatentForm
    from boostdesk.ui.project_form import ProjectForm

    form = (PatentForm if stream == "patent" else ProjectForm)(ctx)
    qtbot.addWidget(form)
    form.resize(1180, 708)
    form.show()
    qtbot.waitExposed(form)
    settle()
    title, remarks = form.rows["title"].editor, form.rows["remarks"].editor
    assert title.width() >= remarks.width() - 2, (title.width(), remarks.width())
    seen = title.width() // title.fontMetrics().horizontalAdvance("焊")
    assert seen >= 22, seen
    # its hint (a near title, a length) under it, taking no room while it says nothing
    assert not form.rows["title"].hint.isVisible()


def test_a_notes_box_is_never_a_window_of_its_own(qapp, qtbot):
    """ScrollNotes shows and hides with its label: built (or its label shown) before it is
    placed in a page, it showed as a window of its own and took the keyboard."""
    from boostdesk.ui.scroll_notes import ScrollNotes
    from boostdesk.ui.small_screen import NoteLabel

    label = NoteLabel()
    area = ScrollNotes(label, 2)
    qtbot.addWidget(area)
    label.setText("评分未齐")  # shown while the box has no page yet
    assert not area.isVisible()
    page = QWidget()
    qtbot.addWidget(page)
    area.setParent(page)
    page.show()
    label.setText("")
    assert area.isHidden()
    label.setText("评分未齐 1 项")
    assert area.isVisible()


@pytest.mark.parametrize("pending", [True, False])
def test_the_qualification_findings_are_in_view_at_150_percent(window, qtbot, pending):
    """专家评审 → 资格审核 at 1366×768 ×1.5: 发现的问题 was off to the right (2 or 19
    pixels of it, behind a sideways scroll). Its first words in view now, the names and the
    reason cut (whole when pointed at); the row chosen has its findings and its decision's
    reason whole under the list."""
    from boostdesk.ui.elided_tips import elided

    window.resize(AT_150)
    panel = window.screen_named("专家评审")
    tab = panel.show_tab("资格审核")
    tab.pending_only.setChecked(pending)
    panel.refresh()
    settle()
    table, model = tab.table, tab.model
    findings = tab.COLUMNS.index("发现的问题")
    assert table.horizontalScrollBar().maximum() == 0
    left = table.columnViewportPosition(findings)
    first_words = table.fontMetrics().horizontalAdvance("工作室“通信")
    assert left >= 0 and left + first_words <= table.viewport().width(), \
        [(tab.COLUMNS[c], table.columnWidth(c)) for c in range(len(tab.COLUMNS))]
    # the state whole (资格审核不通过): the names give way, not the figures
    state = tab.COLUMNS.index("状态")
    assert not any(elided(table, model.index(r, state)) for r in range(model.rowCount()))
    row = next(r for r in range(model.rowCount()) if model.index(r, findings).data())
    cell = model.index(row, findings)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == cell.data()  # whole when pointed at
    table.selectRow(row)
    settle()
    assert cell.data().split("；")[0] in tab.findings.text()  # whole under the list
    if not pending:  # a refusal's reason, cut in its column, whole under the list
        reason = tab.COLUMNS.index("审核理由")
        refused = next(r for r in range(model.rowCount())
                       if elided(table, model.index(r, reason)))
        table.selectRow(refused)
        settle()
        assert f"审核理由：{model.index(refused, reason).data()}" in tab.findings.text()


def test_the_payments_list_shows_eight_rows_at_150_percent(window, qtbot):
    """拨付 at 1366×768 ×1.5 showed 4½–5 rows of its list: the days on a row of their own,
    rows 4 pixels higher than 专利助推's, air between the notes. Eight now, with every
    filter, note and button in view and the days still reached by their keys."""
    window.resize(AT_150)
    screen = window.screen_named("拨付")
    settle()
    screen.table.setFocus()
    screen.table.selectRow(0)
    settle()
    assert rows_seen(window, screen.table) >= 8, rows_seen(window, screen.table)
    assert window.holder.verticalScrollBar().maximum() == 0  # the screen not scrolled
    for widget in (screen.tranche, screen.payer, screen.state, screen.paid_from,
                   screen.paid_to, screen.search.box, screen.summary, screen.others,
                   screen.flags, screen.pay_button, screen.keep_button):
        assert widget.isVisible() and wholly_seen(window, widget), widget.accessibleName()
    assert screen.flags.text() and screen.others.text()  # the demo's notes, said whole
    for key, field in ((Qt.Key.Key_D, screen.paid_from), (Qt.Key.Key_U, screen.paid_to)):
        qtbot.keyClick(screen.table, key, Qt.KeyboardModifier.AltModifier)
        assert QApplication.focusWidget() is field
