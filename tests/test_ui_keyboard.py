"""Dialogs used from the keyboard as intake staff do: Enter, Esc, and where the focus goes
after a save is refused."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.ui.studio_screen import AwardDialog

__all__ = ["answers", "ctx", "qsettings", "window"]


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    # The dialog itself active with the keyboard in it: a window an earlier test left open
    # may still hold the focus, and a cursor put in the dialog would then not show there.
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog
                    and dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def test_an_award_refused_for_its_amount_puts_the_cursor_in_the_amount(ctx, qtbot, reg):
    """录入往年助推: studio name typed, Enter; the amount is missing: type it there."""
    dialog = _shown(qtbot, AwardDialog(ctx))
    type_text(qtbot, "李四职工创新工作室", dialog.studio)
    press(qtbot, Qt.Key.Key_Return, widget=dialog.studio)
    assert dialog.isVisible() and "助推金额" in dialog.error.text()
    assert focused() is dialog.amount
    assert reg.studio_awards() == []


def test_an_award_refused_for_its_year_selects_the_year(ctx, qtbot, reg):
    dialog = _shown(qtbot, AwardDialog(ctx))
    type_text(qtbot, "李四职工创新工作室", dialog.studio)
    dialog.year.setText(str(ctx.year))
    dialog.amount.setText("3")
    press(qtbot, Qt.Key.Key_Return, widget=dialog.amount)
    assert dialog.isVisible() and "年度" in dialog.error.text()
    assert focused() is dialog.year and dialog.year.selectedText() == str(ctx.year)


def test_a_payment_refused_for_its_voucher_puts_the_cursor_in_the_voucher(qtbot, qapp):
    """登记拨付: the date is offered, Enter; no voucher number: type it there."""
    from types import SimpleNamespace

    from boostdesk.ui.payments_screen import PayDialog

    line = SimpleNamespace(payer_name="北京市总工会", payee="张三", tranche_name="一次拨付",
                           amount_fen=3_000_00, resent_unchanged=False)
    dialog = _shown(qtbot, PayDialog([line]))
    press(qtbot, Qt.Key.Key_Return, widget=dialog.date_field)
    assert dialog.isVisible() and "凭证号" in dialog.error.text()
    assert focused() is dialog.voucher_field


def test_an_objection_refused_for_its_content_puts_the_cursor_in_the_content(qtbot, qapp):
    from datetime import date

    from boostdesk.panel.publicity import Period
    from boostdesk.ui.publicity_screen import ObjectionDialog

    period = Period(1, 2022, 1, date(2022, 12, 1), date(2022, 12, 7), None)
    dialog = _shown(qtbot, ObjectionDialog("数控机床精度补偿", period))
    type_text(qtbot, "匿名来信", dialog.objector_field)
    press(qtbot, Qt.Key.Key_Return, widget=dialog.objector_field)
    assert dialog.isVisible() and "异议内容" in dialog.error.text()
    assert focused() is dialog.content_field


def _tab_chain(qtbot, steps: int) -> list:
    seen = [focused()]
    for _ in range(steps):
        press(qtbot, Qt.Key.Key_Tab)
        seen.append(focused())
    return seen


def test_a_payment_tabs_from_its_date_to_its_voucher(qtbot, qapp):
    """登记拨付 tabbed 拨付日期 → 确定 → 取消 → 凭证号: the voucher came last."""
    from types import SimpleNamespace

    from boostdesk.ui.payments_screen import PayDialog

    line = SimpleNamespace(payer_name="北京市总工会", payee="张三", tranche_name="一次拨付",
                           amount_fen=3_000_00, resent_unchanged=False)
    dialog = _shown(qtbot, PayDialog([line]))
    assert _tab_chain(qtbot, 2) == [dialog.date_field, dialog.voucher_field, dialog.ok]


def test_an_objection_opens_on_its_date_and_tabs_as_the_form_reads(qtbot, qapp):
    """登记异议 opened on 确定 (typing went nowhere) and tabbed to the buttons first."""
    from datetime import date

    from boostdesk.panel.publicity import Period
    from boostdesk.ui.publicity_screen import ObjectionDialog

    period = Period(1, 2022, 1, date(2022, 12, 1), date(2022, 12, 7), None)
    dialog = _shown(qtbot, ObjectionDialog("数控机床精度补偿", period))
    chain = _tab_chain(qtbot, 3)
    assert chain[:3] == [dialog.day_field, dialog.objector_field, dialog.content_field]
    assert chain[3].text() == "确定"


def test_esc_on_a_studio_dialog_gives_the_keyboard_back_to_the_studio_table(window, qtbot, reg):
    """修改工作室 and 录入往年助推 closed with Esc: ↑↓ go on along the studios, as on 专利助推."""
    from boostdesk.models import CITY
    from boostdesk.models.records import ProjectApplication

    reg.save_project(ProjectApplication(2022, title="数控机床精度补偿", studio_name="李四工作室",
                                        studio_level=CITY))
    screen = window.screen_named("工作室")
    screen.table.setFocus()
    screen.table.selectRow(0)
    for open_dialog in (screen.edit_current, screen.new_item):
        dialog = open_dialog()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda d=dialog: QApplication.focusWidget() is not None
                        and QApplication.focusWidget().window() is d)
        press(qtbot, Qt.Key.Key_Escape)
        assert closed(dialog)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)


def test_esc_on_the_unit_kind_dialog_gives_the_keyboard_back_to_the_units(window, qtbot, reg):
    from boostdesk.models.records import PatentApplication

    reg.save_patent(PatentApplication(2022, title="甲", unit_name="海淀区总工会"))
    screen = window.screen_named("单位与人员")
    screen.tabs.setCurrentIndex(0)
    screen.unit_view.setFocus()
    screen.unit_view.selectRow(0)
    dialog = screen.edit_current()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None
                    and QApplication.focusWidget().window() is dialog)
    press(qtbot, Qt.Key.Key_Escape)
    assert closed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.unit_view)


def test_ctrl_e_exports_the_list_in_view(window, qtbot, reg, tmp_path, monkeypatch):
    """Keyboard first: Ctrl+E on 专利助推 asks where to save and writes the list."""
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog
    from test_ui_register import many_patents

    many_patents(reg, 3)
    screen = window.screen_named("专利助推")
    screen.reload()
    out = tmp_path / "列表.xlsx"
    asked: list[str] = []

    def save_as(_parent, _title, start, _filter):
        asked.append(Path(start).name)  # the name proposed (in the last export's folder)
        return str(out), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: out.exists() and not window.ctx.busy, timeout=20_000)
    assert asked == ["2022年专利汇总表-3项.xlsx"]
    ws = load_workbook(out).active
    assert [r[0] for r in ws.iter_rows(min_row=3, max_row=5, values_only=True)] == [1, 2, 3]


def test_delete_on_the_expert_list_asks_then_removes_the_expert(window, qtbot, reg, answers):
    """专家评审 → 评审组与评分细则: Delete on the list of experts asks as 删除专家 does, and
    removes the expert only when answered 删除 (before, Delete did nothing there)."""
    from boostdesk.panel import experts as ex

    year = window.ctx.year
    ex.save_expert(reg, year, ex.Expert("王芳", "北京工业大学"))
    ex.save_expert(reg, year, ex.Expert("李明", "北京理工大学"))
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    screen = window.stack.currentWidget()
    tab = screen.show_tab("评审组与评分细则")
    tab.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.table)
    press(qtbot, Qt.Key.Key_Down)  # the first expert (the list in pinyin order: 李明)
    first = tab.model.id_at(tab.table.currentIndex().row())
    name = next(e.name for e in ex.experts(reg, year) if e.id == first)

    answers.yes = False
    press(qtbot, Qt.Key.Key_Delete)
    assert answers.questions and answers.questions[-1].startswith(f"删除专家“{name}”？")
    assert len(ex.experts(reg, year)) == 2

    answers.yes = True
    press(qtbot, Qt.Key.Key_Delete)
    assert [e.name for e in ex.experts(reg, year)] == [{"王芳": "李明", "李明": "王芳"}[name]]
    assert len(answers.questions) == 2


def test_delete_on_the_expert_list_of_a_read_only_register_says_so_without_asking(
        window, qtbot, reg, answers, monkeypatch):
    from boostdesk.panel import experts as ex

    ex.save_expert(reg, window.ctx.year, ex.Expert("王芳", "北京工业大学"))
    tab = window.screen_named("专家评审").show_tab("评审组与评分细则")
    tab.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is tab.table)
    press(qtbot, Qt.Key.Key_Down)
    monkeypatch.setattr(type(window.ctx), "read_only", property(lambda _self: True))
    said: list[str] = []
    window.ctx.notice.connect(said.append)
    press(qtbot, Qt.Key.Key_Delete)
    assert not answers.questions and said
    assert len(ex.experts(reg, window.ctx.year)) == 1


def test_ctrl_f_on_the_enterprises_searches_the_enterprises(window, qtbot, reg):
    """单位与人员 → 所在单位 has its own search: Ctrl+F puts the cursor there (it went to
    the 人员 tab's), and ↓ then goes into the list found."""
    from boostdesk.models.records import PatentApplication

    reg.save_patent(PatentApplication(2022, title="甲", unit_name="海淀区总工会",
                                      enterprise_name="北京城建桥梁工程有限公司"))
    reg.save_patent(PatentApplication(2022, title="乙", unit_name="海淀区总工会",
                                      enterprise_name="首钢特钢材料有限公司"))
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    screen = window.stack.currentWidget()
    screen.tabs.setFocus()
    screen.tabs.tabBar().setFocus()
    press(qtbot, Qt.Key.Key_Right)  # 推荐单位 → 所在单位
    assert screen.tabs.tabText(screen.tabs.currentIndex()) == "所在单位"
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.tabs.tabText(screen.tabs.currentIndex()) == "所在单位"
    assert focused() is screen.enterprise_search
    type_text(qtbot, "首钢")
    qtbot.waitUntil(lambda: screen.enterprises.rowCount() == 1)
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is screen.enterprise_view

    # 人员: its own
    screen.tabs.setCurrentIndex(2)
    screen.people_view.setFocus()
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.tabs.tabText(screen.tabs.currentIndex()) == "人员"
    assert focused() is screen.search


def test_ctrl_f_on_the_unions_searches_the_unions(window, qtbot, reg, answers):
    """单位与人员 → 推荐单位: Ctrl+F went to the 人员 tab's search, leaving the unions; it
    has a search of its own now (a name's or kind's fragment), ↓ into the list found, and
    a union renamed while its misspelling is searched for stays in view."""
    from boostdesk.models.records import PatentApplication

    for title, union in (("甲", "海淀区总工会"), ("乙", "朝阳区总工会"), ("丙", "北京建工集团工会")):
        reg.save_patent(PatentApplication(2022, title=title, unit_name=union))
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    screen = window.stack.currentWidget()
    assert screen.tabs.tabText(screen.tabs.currentIndex()) == "推荐单位"
    screen.unit_view.setFocus()
    qtbot.waitUntil(lambda: focused() is screen.unit_view)
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert screen.tabs.tabText(screen.tabs.currentIndex()) == "推荐单位"
    assert focused() is screen.unit_search
    type_text(qtbot, "朝阳")
    qtbot.waitUntil(lambda: screen.units.rowCount() == 1)
    assert screen.units.rows[0][1][0] == "朝阳区总工会"
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is screen.unit_view
    assert screen.unit_view.currentIndex().row() == 0

    # the misspelling searched for and corrected: the union stays in view, rightly named
    screen.unit_search.setText("海定")
    reg.save_patent(PatentApplication(2022, title="丁", unit_name="海定区总工会"))
    screen.reload()
    qtbot.waitUntil(lambda: screen.units.rowCount() == 1)
    screen.unit_view.setFocus()
    screen.unit_view.selectRow(0)
    press(qtbot, Qt.Key.Key_Return, widget=screen.unit_view)
    dialog = screen.current_form
    qtbot.waitUntil(dialog.isVisible)
    dialog.new_name.setText("海淀区总工会")  # merged into the right spelling
    dialog.accept()  # 保存 (合并？ answered yes)
    assert not answers.errors, answers.errors
    qtbot.waitUntil(lambda: not dialog.isVisible())
    screen.reload()
    assert screen.unit_search.text() == "海淀区总工会"
    assert [r[1][0] for r in screen.units.rows] == ["海淀区总工会"]
    screen.unit_search.clear()
    qtbot.waitUntil(lambda: screen.units.rowCount() == 3)


def test_enter_still_saves_after_tabbing_once_round_a_dialog(ctx, qtbot, reg):
    """录入往年助推 read once round with Tab (past 保存 and 取消, back to the first field),
    then Enter: saved. 取消 had become the dialog's default on the way and Enter threw the
    typing away."""
    from PySide6.QtWidgets import QPushButton

    dialog = _shown(qtbot, AwardDialog(ctx))
    type_text(qtbot, "李四职工创新工作室", dialog.studio)
    dialog.year.setText(str(ctx.year - 2))
    dialog.amount.setText("3")
    start = focused()
    press(qtbot, Qt.Key.Key_Tab)
    for _ in range(20):  # once round: every field, 保存, 取消, and back
        if focused() is start:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert focused() is start
    [save] = [b for b in dialog.findChildren(QPushButton) if b.text() == "保存"]
    assert save.isDefault()
    press(qtbot, Qt.Key.Key_Return)
    assert closed(dialog)
    assert [a.studio_name for a in reg.studio_awards()] == ["李四职工创新工作室"]
