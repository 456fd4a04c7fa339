"""A clerk with weak eyesight: 16–18 pt application text (and 150–200 % scaling).

A tester's grabs at that size found text cut with nothing to say so: the 改变状态
dialog's guidance, the form's hint numbers, the status-bar counts, the 打印 labels;
意见分歧 said only by a tint; ID and patent numbers broken across lines in the detail pane."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtGui import QTextDocument, QTextOption
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QScrollArea
from test_ui_support import qsettings, year_context

from tests.test_panel_support import YEAR, make_project

__all__ = ["qsettings"]


@pytest.fixture
def large_text(qapp: Any) -> Iterator[float]:
    """The application font at 18 pt, restored after the test."""
    before = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(18)
    QApplication.setFont(font)
    yield 18.0
    QApplication.setFont(before)


def fully_shown(label: QLabel) -> bool:
    """Whether a wrapped label is as high as its text needs at its width."""
    return label.height() >= label.heightForWidth(label.width())


def test_the_status_dialog_shows_all_of_its_guidance_at_large_text(reg, tmp_path, qtbot,
                                                                    large_text):
    """结题验收 at 18 pt: the 下一步请到… paragraph (5 lines) was cut top and bottom, the
    dialog sized once at 460 wide from a hint that counts a wrapped label one line high."""
    from boostdesk.ui.status_dialog import StatusDialog

    app_id = make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "工作室甲")
    reg.conn.execute("UPDATE project_applications SET status = 'accepted' WHERE id = ?",
                     (app_id,))
    ctx = year_context(reg, tmp_path, YEAR, "刘建国")
    dialog = StatusDialog(ctx, "project", app_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    labels = [x for x in dialog.findChildren(QLabel) if x.isVisible() and x.wordWrap()]
    assert dialog.elsewhere in labels
    cut = [x.text()[:20] for x in labels if not fully_shown(x)]
    assert not cut, cut
    scroll = dialog.findChild(QScrollArea, "status_scroll")
    assert scroll.verticalScrollBar().maximum() == 0  # all of it in view, none scrolled


def overflowing(label: QLabel) -> bool:
    """Whether a wrapped label's text has a line wider than the label (Qt breaks only at
    spaces and CJK: a long number runs past the edge, cut)."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)  # as QLabel's (a document's breaks anywhere)
    document.setDefaultTextOption(option)
    document.setHtml(label.text())
    document.setTextWidth(label.contentsRect().width())
    return document.idealWidth() > label.contentsRect().width() + 1


def test_the_forms_hints_show_the_whole_numbers_and_fields_their_start(reg, tmp_path, qtbot,
                                                                      large_text):
    """「发明专利 ZL201810451777.8」 showed as 「ZL2018104517」 (1366×768 at 150 %) and the
    专利名称 field 「种碳纤维…」 for 「一种碳纤维…」: a loaded text is scrolled to its end."""
    from boostdesk.models.records import PatentApplication
    from boostdesk.ui.patent_form import PatentForm

    title = "一种碳纤维复合材料构件的修补方法及其在航空航天结构中的应用"
    pid = reg.save_patent(PatentApplication(
        YEAR, title=title, patent_number_raw="201810451777.8", inventor_name="万志强",
        id_number="110104197309296101", card_number="6222020200112233445",
        enterprise_name="北京市东城康复医院有限责任公司第一分院"))
    earlier = reg.save_patent(PatentApplication(  # the hint names it: 「（ZL…，专利1）」
        YEAR, title="另一项专利", patent_number_raw="ZL201811455665.6", inventor_name="万志强",
        id_number="110104197309296101", card_number="6222020200112233445"))
    reg.conn.execute("UPDATE patent_applications SET status = 'approved' WHERE id = ?",
                     (earlier,))
    ctx = year_context(reg, tmp_path, YEAR, "刘建国")
    form = PatentForm(ctx, reg.patent(pid))
    qtbot.addWidget(form)
    form.resize(900, 560)
    form.show()
    qtbot.waitExposed(form)
    hint = form.rows["patent_number_raw"].hint
    assert "ZL201810451777.8" in hint.text().replace("\u200b", "")
    assert hint.toolTip().endswith("ZL201810451777.8")
    assert "ZL201811455665.6" in form.rows["id_number"].hint.text().replace("\u200b", "")
    cut = [key for key, row in form.rows.items()
           if row.hint.isVisible() and row.hint.text() and overflowing(row.hint)]
    assert not cut, cut
    assert form.editor("title").text() == title
    scrolled = [key for key, row in form.rows.items()
                if isinstance(row.editor, QLineEdit) and row.editor.text()
                and not row.editor.hasFocus() and row.editor.cursorPosition() != 0]
    assert not scrolled, scrolled


def test_the_status_bar_counts_end_in_an_ellipsis_with_the_whole_in_the_tooltip(
        reg, tmp_path, qtbot, large_text, qsettings):
    """At 1097×617 and 16 pt the counts stopped at 「项目：登记 40 · … · 待补」, no 「…」, no tip."""
    from boostdesk.ui.context import AppContext
    from boostdesk.ui.main_window import MainWindow

    make_project(reg, "项目甲", "工作室甲")
    ctx = AppContext(reg, YEAR, settings=qsettings)
    ctx.set_operator("刘建国")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    label = window.counts_label
    text = label.text()
    assert text.startswith("专利：登记") and text.endswith("待补材料 0")
    assert label.toolTip() == text
    whole = label.fontMetrics().horizontalAdvance(text)
    # it gives way rather than hold the window wider than a small screen
    assert label.minimumSizeHint().width() < whole
    assert label.width() < whole  # 900 px at 18 pt: short of room here
    shown = label.elided()
    # its shortest form (every count, fewer words: stop 39), cut where even that is too long
    assert label.shorter and "待补0" in label.shorter[-1]
    assert shown.endswith("…") and label.shorter[-1].startswith(shown[:-1])
    assert label.fontMetrics().horizontalAdvance(shown) <= label.contentsRect().width()
    ctx.shutdown()


def lines_of(document: Any) -> list[list[str]]:
    """Each block's text, line by line as laid out."""
    document.size()  # laid out
    out, block = [], document.begin()
    while block.isValid():
        layout = block.layout()
        out.append([block.text()[layout.lineAt(i).textStart():][:layout.lineAt(i).textLength()]
                    for i in range(layout.lineCount())])
        block = block.next()
    return out


def test_the_detail_pane_keeps_each_number_on_one_line(reg, qtbot, large_text):
    """「ZL20171116748 / 6.8」, 「110102******* / *8313」 at 16 pt and 200 %."""
    from boostdesk.models.records import PATENT, PatentApplication
    from boostdesk.ui.detail import DetailPane

    pid = reg.save_patent(PatentApplication(
        YEAR, title="一种基于深度学习的焊缝缺陷识别方法", patent_number_raw="ZL201711167486.8",
        inventor_name="彭晨", id_number="110102199001018313",
        card_number="6214830112345850", enterprise_name="北京市某某有限公司"))
    pane = DetailPane(reg)
    qtbot.addWidget(pane)
    pane.resize(330, 600)
    pane.show()
    pane.show_application(PATENT, pid)
    numbers = ("ZL201711167486.8", "110102********8313", "6214 **** **** 5850")
    for width in (330, 700, 330):  # narrow: each caption above its number; wide: beside it
        pane.resize(width, 600)
        laid = lines_of(pane.document())
        assert sum(any(n in "".join(lines) for n in numbers) for lines in laid) == 3
        broken = [lines for lines in laid
                  if any(n in "".join(lines) for n in numbers) and len(lines) > 1]
        assert not broken, (width, broken)
        # nor a caption squeezed to a character a line beside a number kept whole
        squeezed = [lines for lines in laid
                    if "".join(lines) in ("第一发明人", "身份证号", "专利号") and len(lines) > 1]
        assert not squeezed, (width, squeezed)


def test_a_hint_breaks_a_number_its_comma_would_carry_past_the_edge(qtbot, large_text):
    """「ZL201811455665.6」 fits the hint, 「ZL201811455665.6，」 does not: a line may not
    start with 「，」, and the comma was cut off."""
    from boostdesk.ui.form_widgets import HintLabel

    hint = HintLabel()
    qtbot.addWidget(hint)
    number = "ZL201811455665.6"
    hint.setFixedWidth(hint.fontMetrics().horizontalAdvance(number) + 4)
    hint.show()
    hint.say("#000000", f"本年度已获助推：{number}，专利38")
    assert not overflowing(hint), hint.text()
    hint.say("#000000", f"发明专利 {number}")
    assert number in hint.text()  # fits: whole, no breaks in it


def test_print_shows_the_finance_copy_and_seal_words_whole(reg, tmp_path, qtbot, large_text):
    """打印 at 16-18 pt: 「财务联（完整证件号、卡号、电话）」 ended at 「…卡号、」 (a check box's
    words do not wrap) and 「样章（尚未提供印章扫描件）」 was half cut."""
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtWidgets import QAbstractButton, QWidget

    from boostdesk.ui.print_screen import PrintScreen

    screen = PrintScreen(year_context(reg, tmp_path, YEAR))
    qtbot.addWidget(screen)
    screen.resize(1300, 700)
    screen.show()
    qtbot.waitExposed(screen)
    column = screen.preview_button.parentWidget()

    def inside(widget: QWidget) -> bool:
        at = widget.mapTo(column, QPoint(0, 0))
        return column.rect().contains(QRect(at, widget.size()))

    [words] = [w for w in [*screen.findChildren(QLabel), *screen.findChildren(QAbstractButton)]
               if w.isVisible() and "财务联（" in w.text()]
    cut = []
    for widget in (words, screen.seal_label):
        whole = (fully_shown(widget) if isinstance(widget, QLabel)
                 else widget.width() >= widget.sizeHint().width())
        if not (whole and inside(widget)):
            cut.append(widget.text())
    assert not cut, cut
    qtbot.mouseClick(words, Qt.MouseButton.LeftButton)  # its words tick it, as a box's own
    assert screen.unmasked.isChecked()


def test_the_qualification_reason_keeps_its_room_beside_the_date(reg, tmp_path, qtbot,
                                                                  large_text):
    """960×600 at 18 pt, 专家评审 → 资格审核: the 资格审核日期 field (≈ 210 px) left
    审核理由 37 px wide, "…" — the reason required whenever the decision departs from the
    automatic check could not be seen as typed. It now has a line of its own; Tab still
    goes list → 审核理由 → 资格审核日期 → 通过 → 不通过."""
    from PySide6.QtCore import Qt
    from test_ui_support import focused, press, type_text

    from boostdesk.ui.main_window import MainWindow

    make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "工作室甲")
    window = MainWindow(year_context(reg, tmp_path, YEAR, "刘建国"))
    qtbot.addWidget(window)
    window.resize(960, 600)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    panel = window.stack.currentWidget()
    tab = panel.show_tab("资格审核")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    reason, day = tab.reason, tab.day
    assert reason.width() >= reason.fontMetrics().horizontalAdvance("审核理由" * 4)
    assert reason.geometry().bottom() < day.geometry().top()  # above the date, its own line
    # the date as wide as a date (its example), not a form's field
    assert day.width() <= day.fontMetrics().horizontalAdvance("如 2022-03-05") + 40
    for widget in (day, tab.pass_button, tab.refuse_button):
        assert widget.visibleRegion().boundingRect().width() == widget.width()  # not cut
    tab.table.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is reason
    type_text(qtbot, "企业已补交追加投入证明", reason)
    assert reason.fontMetrics().horizontalAdvance(reason.text()) < reason.width() - 10
    for widget in (day, tab.pass_button, tab.refuse_button):
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is widget
