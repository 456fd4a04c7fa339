"""拨付 from the keyboard alone, as the keyboard-only clerk of stop 37 met it: Enter on an
应追回 line pointed to 撤销拨付登记…, greyed for that line; greyed buttons' reasons were
tooltips only; the buttons had no Alt letters; the filter boxes and 从备份恢复's list had no
names; 导出年度统计… forgot the PDF format chosen last time."""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMenu,
    QPushButton,
)
from test_ui_names_keys import window
from test_ui_recovery import _revoked
from test_ui_support import answers, closed, focused, press, qsettings, type_text, year_context

from boostdesk.finance.acceptance import record_failed_acceptance
from boostdesk.finance.cancel import revoked_refusal
from boostdesk.finance.lines import (
    ACCEPTANCE_FAILED,
    AWAITING_ACCEPTANCE,
    DUE,
    HELD,
    OVERDUE,
    PAID,
    TO_RECOVER,
    WAS_RECOVERED,
)
from boostdesk.finance.returns import returned_refusal
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.payments_screen import PaymentsScreen
from boostdesk.ui.stats_export_dialog import StatsExportDialog

__all__ = ["answers", "qsettings", "window"]

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def _plain(text: str) -> str:
    return re.sub(r"\(&\w\)", "", text)


def _greyed_named(screen, said: str) -> list[str]:
    """The greyed buttons ``said`` points to (“撤销拨付登记…”)."""
    return [b.text() for b in screen.findChildren(QPushButton)
            if not b.isEnabled() and f"“{_plain(b.text())}”" in said]


def _name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def _show(qtbot, screen: PaymentsScreen) -> PaymentsScreen:
    qtbot.addWidget(screen)
    screen.resize(1300, 700)
    screen.show()
    screen.activateWindow()  # the keyboard's: focus moves only in the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is screen)
    return screen


@pytest.fixture
def screen(reg, tmp_path, qtbot):
    """The sample year with a patent revoked after payment (one payer's part recovered,
    the other's 应追回)."""
    fill_sample(reg)
    _revoked(reg, recovered=True)
    return _show(qtbot, PaymentsScreen(year_context(reg, tmp_path, YEAR, "赵丽娟")))


def _filter_by_keys(qtbot, screen, state: str) -> None:
    """The 状态 box, arrowed to ``state``; then Tab into the list (the first line chosen)."""
    box = screen.state
    box.setFocus()
    press(qtbot, Qt.Key.Key_Home, widget=box)
    for _ in range(box.count()):
        if box.currentText() == state:
            break
        press(qtbot, Qt.Key.Key_Down, widget=box)
    assert box.currentText() == state
    assert screen.model.rowCount(), state
    screen.table.setFocus(Qt.FocusReason.TabFocusReason)


# -- 1. Enter on a line it cannot pay ------------------------------------------------------
def test_enter_on_each_unpayable_line_points_only_to_a_button_that_works(screen, qtbot):
    said: list[str] = []
    screen.ctx.notice.connect(said.append)
    for state, meant in ((TO_RECOVER, "追回后用“登记已追回…”登记追回金额、日期和凭证号"),
                         (WAS_RECOVERED, "款已于 2024-02-01 追回"),
                         (PAID, "所选款项已登记拨付；登记错了的，用“撤销拨付登记…”"),
                         (AWAITING_ACCEPTANCE, "尾款在结题验收通过后拨付（登记结题验收…）"),
                         (ACCEPTANCE_FAILED, "项目结题验收未通过，尾款不予拨付")):
        if state == ACCEPTANCE_FAILED:  # the sample's one project awaiting it, failed
            record_failed_acceptance(screen.ctx.reg, screen.selected()[0].app_id,
                                     date(2023, 3, 1), "关键指标未达到立项要求")
            screen.reload()
        _filter_by_keys(qtbot, screen, state)
        press(qtbot, Qt.Key.Key_Return, widget=screen.table)
        assert screen.dialog is None, state  # nothing to pay: said, not opened
        assert said and meant in said[-1], (state, said[-1])
        assert _greyed_named(screen, said[-1]) == [], (state, said[-1])


# -- 2. the greyed buttons' reasons, in words ----------------------------------------------
def test_a_line_under_the_buttons_says_why_they_are_greyed(screen, qtbot):
    note = screen.findChild(QLabel, "greyed_why")
    assert note is not None
    to_recover = next(x for x in screen.lines if screen.states[x.id] == TO_RECOVER)
    screen.focus_search()
    type_text(qtbot, f"专利{to_recover.app_id}")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)  # the award's two payers' lines
    rows = [screen.model.id_at(r) for r in range(2)]
    press(qtbot, Qt.Key.Key_Down)  # into the list: the first line chosen
    if screen.selected()[0].id != to_recover.id:
        press(qtbot, Qt.Key.Key_Down)
    assert [x.id for x in screen.selected()] == [to_recover.id], rows
    assert not screen.cancel_button.isEnabled() and not screen.return_button.isEnabled()
    text = note.text()
    assert note.isVisible()
    assert f"“撤销拨付登记…”暂不可用：{revoked_refusal(to_recover)}" in text.splitlines()
    assert f"“登记退汇…”暂不可用：{returned_refusal(to_recover)}" in text.splitlines()
    assert "“登记拨付…”" not in text  # paid: nothing to wonder about
    assert screen.table.accessibleDescription() == text  # heard where the keyboard is
    # a line owed: every button it needs works, nothing said
    screen.focus_search()
    press(qtbot, Qt.Key.Key_Escape)  # the search emptied: every line again
    qtbot.waitUntil(lambda: screen.model.rowCount() > 2)
    _filter_by_keys(qtbot, screen, OVERDUE if OVERDUE in _states(screen) else DUE)
    assert screen.pay_button.isEnabled()
    assert note.text() == "" and not note.isVisible()
    assert screen.table.accessibleDescription() == ""


def _states(screen) -> set[str]:
    return set(screen.states.values())


def test_a_held_line_says_why_it_is_not_paid_by_enter_and_under_the_buttons(reg, tmp_path,
                                                                            qtbot):
    from tests.test_panel_rerank import _approved_then_stale

    _approved_then_stale(reg)
    screen = _show(qtbot, PaymentsScreen(year_context(reg, tmp_path, YEAR, "赵丽娟")))
    said: list[str] = []
    screen.ctx.notice.connect(said.append)
    _filter_by_keys(qtbot, screen, HELD)
    held = screen.selected()[0]
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    assert said[-1] == f"所选款项暂缓拨付：{held.held_why}"
    assert _greyed_named(screen, said[-1]) == []
    note = screen.findChild(QLabel, "greyed_why")
    assert note.text().splitlines()[0] == f"“登记拨付…”暂不可用：{said[-1]}"


# -- 3. Alt letters ---------------------------------------------------------------------
def _letter(text: str) -> str | None:
    found = re.search(r"&(\w)", text)
    return found.group(1).upper() if found else None


def _payments(window, qtbot) -> PaymentsScreen:
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_7, CTRL)
    screen = window.stack.currentWidget()
    assert isinstance(screen, PaymentsScreen)
    return screen


def test_each_payments_button_has_its_own_alt_letter_and_alt_r_records_a_recovery(
        window, reg, qtbot):
    app_id = _revoked(reg)
    screen = _payments(window, qtbot)
    buttons = [b for b in screen.findChildren(QPushButton) if b.isVisibleTo(screen)]
    letters = [_letter(b.text()) for b in buttons]
    menus = [_letter(a.text()) for a in window.menuBar().actions()]
    assert None not in letters, [b.text() for b in buttons]
    assert len(set(letters)) == len(letters), letters
    assert not set(letters) & set(menus), (letters, menus)
    press(qtbot, Qt.Key.Key_F, CTRL)  # 编辑 → 查找
    type_text(qtbot, f"专利{app_id}")
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    press(qtbot, Qt.Key.Key_Down)
    assert screen.recover_button.isEnabled()
    press(qtbot, Qt.Key.Key_R, ALT)  # the button pressed (Qt shows it down a moment first)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible())
    dialog = screen.dialog
    assert dialog.windowTitle() != "登记拨付"
    press(qtbot, Qt.Key.Key_Escape, widget=dialog)
    qtbot.waitUntil(lambda: closed(dialog))
    # a line owed: Alt+P opens its payment
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    screen.focus_search()
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: screen.model.rowCount() > 2)
    _filter_by_keys(qtbot, screen, OVERDUE)
    press(qtbot, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog is not dialog
                    and screen.dialog.isVisible())
    assert screen.dialog.windowTitle() == "登记拨付"
    press(qtbot, Qt.Key.Key_Escape, widget=screen.dialog)


# -- 4. names ------------------------------------------------------------------------------
def test_the_filter_boxes_have_names(window, qtbot):
    screen = _payments(window, qtbot)
    for box, name in ((screen.tranche, "批次"), (screen.payer, "付款单位"), (screen.state, "状态")):
        assert box.currentText() == "全部"  # what Qt reads as its value: the name is apart
        assert box.accessibleName() == name
        assert next(lab.text() for lab in screen.findChildren(QLabel) if lab.buddy() is box) == name


def test_the_backup_list_has_a_name(window, reg, qtbot):
    from boostdesk.safety.backup import backup_register
    from boostdesk.ui.restore_dialog import RestoreDialog

    backup_register(reg.path, "manual")
    press(qtbot, Qt.Key.Key_F, ALT, widget=window)  # 文件 → 从备份恢复…
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_R)
    qtbot.waitUntil(lambda: isinstance(window.current_dialog, RestoreDialog)
                    and window.current_dialog.isVisible())
    dialog = window.current_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert focused() is dialog.list and dialog.list.count()
    assert _name(dialog.list) == "备份列表"
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(dialog))


# -- 5. 导出年度统计's format ----------------------------------------------------------------
def _export_statistics_by_keys(qtbot, window) -> None:
    window.activateWindow()  # offscreen, a closed dialog hands the keyboard back to none
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    press(qtbot, Qt.Key.Key_F, ALT, widget=window)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_S)
    # the options first (对比年度, 按拨付日期: none), Enter = 导出… asks for the file
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), StatsExportDialog))
    options = QApplication.activeModalWidget()
    options.activateWindow()
    qtbot.waitUntil(lambda: options.isAncestorOf(QApplication.focusWidget()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def test_the_statistics_export_offers_the_format_chosen_last_time(window, qtbot, tmp_path,
                                                                  monkeypatch):
    """After a PDF export the save dialog opens on the PDF format with a .pdf name. (The file
    dialog is answered by a stand-in: driving Qt's own one by keys hung a loaded full run.)"""
    out = tmp_path / "out"
    out.mkdir()
    asked: list[tuple[str, str]] = []

    def save_dialog(_parent, _title, start, _filters, kept="", *_rest):
        asked.append((start, kept))
        if len(asked) == 1:  # the first time she picks PDF 打印稿 and names the file
            return str(out / "stats"), "PDF 打印稿 (*.pdf)"
        return "", ""  # the second time she only looks, and leaves

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save_dialog))
    _export_statistics_by_keys(qtbot, window)
    qtbot.waitUntil(lambda: "已导出 2022 年度统计" in window.statusBar().currentMessage(),
                    timeout=30_000)
    assert asked[0][1].startswith("Excel")  # the first time: the workbook
    assert (out / "stats.pdf").read_bytes().startswith(b"%PDF")
    options = window.current_dialog
    _export_statistics_by_keys(qtbot, window)
    qtbot.waitUntil(lambda: len(asked) == 2)
    start, kept = asked[1]
    assert kept.startswith("PDF"), asked
    assert start == str(out / "2022年度统计.pdf"), asked
    if window.current_dialog is not options and window.current_dialog.isVisible():
        window.current_dialog.reject()  # the options stay open once the file dialog is left
