"""帮助 → 工作流程（年度工作顺序）in the window: F1 and the 帮助 menu open it for the campaign
in view, Esc closes it, 快捷键 stays one Ctrl+Tab (or its own menu entry) away, Ctrl+F finds
in it — and every screen, tab, box, button and list column it names is in the window, found
by its text, so a renamed button fails here rather than leaving the guide naming one that is
gone (the patent list's column is 资格: the guide named a 核对 column there is none of)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QPushButton,
    QTabWidget,
    QWidget,
)
from test_ui_support import answers, closed, ctx, focused, qsettings, type_text, window

from boostdesk.models.campaign import plan_2022
from boostdesk.models.workflow import STATUS_ZH, TRANSITIONS, by_hand
from boostdesk.printing.samples import fill_sample
from boostdesk.season_guide import season_guide
from boostdesk.ui.guide_dialog import KEYS_TAB, HelpDialog
from boostdesk.ui.help_dialogs import KeysDialog, shown_text
from boostdesk.ui.main_window import SCREENS
from boostdesk.ui.status_dialog import REDATE_ZH

__all__ = ["answers", "ctx", "qsettings", "window"]


def opened_help(qtbot) -> HelpDialog:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), HelpDialog))
    dialog = QApplication.activeModalWidget()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def test_f1_opens_the_season_s_order_and_esc_closes_it(window, qtbot):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = opened_help(qtbot)
    assert dialog.tabs.currentWidget() is dialog.guide
    text = dialog.guide.plain()
    assert "发明专利助推" in text and "创新项目助推" in text
    assert "报送截止：2022年11月1日" in text and "公示期 7 天" in text
    assert "专利助推（Ctrl+1） → 改状态（Ctrl+M） → 核准" in text
    assert dialog.isAncestorOf(focused())
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentIndex() == KEYS_TAB  # the keys one Ctrl+Tab away
    assert ("F1", "工作流程（年度工作顺序）") in dialog.keys.rows
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert closed(dialog)


def test_the_help_menu_offers_the_order_and_the_keys(window, qtbot):
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    entries = {shown_text(a.text()): a for a in help_menu.actions()}  # no (&W)
    entries["工作流程（年度工作顺序）"].trigger()
    dialog = opened_help(qtbot)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert closed(dialog)
    entries["快捷键"].trigger()
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), KeysDialog))
    QApplication.activeModalWidget().reject()


def test_the_guide_reads_the_campaign_in_view(window, reg, qtbot):
    reg.save_campaign(replace(plan_2022(), year=2023, title="北京市总工会2023年职工创新助推计划",
                              submission_deadline=date(2023, 10, 20), tranche_shares=(70, 30)))
    window.ctx.set_year(2023)
    dialog = window.show_help()
    qtbot.waitExposed(dialog)
    text = dialog.guide.plain()
    assert "报送截止：2023年10月20日" in text and "首笔拨付（70%）" in text
    assert "2022年11月1日" not in text
    dialog.reject()


def test_ctrl_f_finds_in_the_page(window, qtbot):
    window.show_help()
    dialog = opened_help(qtbot)
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused() is dialog.guide.find_box
    type_text(qtbot, "尾款")
    assert dialog.guide.text.textCursor().selectedText() == "尾款"
    first = dialog.guide.text.textCursor().position()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert dialog.guide.text.textCursor().position() > first
    dialog.reject()


def _control_in(root: QWidget, control: str, keys: str) -> bool:
    """A button reading ``control`` (its key its mnemonic, or said in its tooltip), or a
    list's key said beside it (工作室's “Enter 修改工作室”)."""
    for b in root.findChildren(QPushButton):
        text = shown_text(b.text())
        if text == f"{control}（{keys}）":  # 保存本年度计划（Ctrl+S）
            return True
        if text == control and b.isVisibleTo(root.window()):
            if not keys:
                return True
            if keys.startswith("Alt+"):
                return f"(&{keys[-1]})" in b.text()
            return keys in b.toolTip()
    return any(f"{keys} {control}" in label.text() for label in root.findChildren(QLabel))


def _headers(root: QWidget) -> set[str]:
    """The column headers of the lists in ``root``."""
    out = set()
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        if model is not None:
            out |= {str(model.headerData(i, Qt.Orientation.Horizontal))
                    for i in range(model.columnCount())}
    return out


def test_every_place_the_guide_names_is_in_the_window(window, reg, qtbot):
    fill_sample(reg)  # a studio to open with Enter
    window.ctx.set_year(reg.campaign_years()[-1])
    labels = [label for label, _m, _c in SCREENS]
    menus = {shown_text(a.text()): a.menu() for a in window.menuBar().actions()}
    missing: list[str] = []
    for stream, steps in season_guide(window.ctx.campaign()).items():
        for place, step in ((p, s) for s in steps for p in s.places):
            said = place.text()
            if place.menu:
                action = next((a for a in menus[place.screen].actions()
                               if shown_text(a.text()) == place.control), None)
                if action is None or action.shortcut().toString() != place.keys:
                    missing.append(said)
                continue
            if place.screen not in labels:
                missing.append(said)
                continue
            screen = window.switch_to(labels.index(place.screen))
            root: QWidget = screen
            if place.tab:
                tabs = screen.findChild(QTabWidget)
                index = next((i for i in range(tabs.count()) if tabs.tabText(i) == place.tab), -1)
                if index < 0:
                    missing.append(said)
                    continue
                tabs.setCurrentIndex(index)
                root = tabs.widget(index)
            if place is next(p for p in step.places if not p.menu):  # the step's list
                headers = _headers(root)
                missing += [f"{said}：列表“{c}”栏" for c in step.columns if c not in headers]
            if place.field and "：" not in place.field:  # an entry's label (资格审核日期)
                if not any(shown_text(lb.text()) == place.field
                           for lb in root.findChildren(QLabel)):
                    missing.append(said)
            elif place.field:
                label, item = place.field.split("：")
                if not (any(shown_text(lb.text()) == label for lb in root.findChildren(QLabel))
                        and any(box.findText(item) >= 0 for box in root.findChildren(QComboBox))):
                    missing.append(said)
            if place.control and not _control_in(root, place.control, place.keys):
                missing.append(said)
            if place.choice and place.control == "改状态":
                offered = {STATUS_ZH[t] for s in TRANSITIONS[stream] for t in by_hand(stream, s)}
                offered.add(REDATE_ZH)  # not a move: a standing qualification's day
                if place.choice not in offered:
                    missing.append(said)
            elif place.choice:  # a field of the dialog the key opens (工作室: 所在单位)
                screen.table.setFocus()
                screen.table.selectRow(0)
                qtbot.keyClick(screen.table, Qt.Key.Key_Return)
                dialog = QApplication.activeModalWidget()
                if not (dialog is not None and dialog.windowTitle().startswith(place.control)
                        and any(lb.text().startswith(place.choice)
                                for lb in dialog.findChildren(QLabel))):
                    missing.append(said)
                if dialog is not None:
                    dialog.reject()
    assert missing == []


def test_the_f1_entry_is_the_window_s_and_keys_stay_listed(window):
    actions = {shown_text(a.text()): a for a in window.findChildren(QAction)}
    assert actions["工作流程（年度工作顺序）"].shortcut().toString() == "F1"
    assert "快捷键" in actions


def _name(widget: QWidget) -> str:
    return widget.accessibleName() or type(widget).__name__


def test_enter_in_the_find_box_goes_round_the_matches_and_keeps_the_window(window, qtbot):
    """Enter in the find box is 查找下一处 (its hint says so), not the 关闭 button: round
    past the last match to the first; Shift+Enter goes back."""
    window.show_help()
    dialog = opened_help(qtbot)
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "公示")
    guide = dialog.guide
    count = guide.plain().count("公示")
    assert count >= 2
    at = [guide.text.textCursor().position()]
    for _ in range(count):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        assert dialog.isVisible() and focused() is guide.find_box
        at.append(guide.text.textCursor().position())
    assert at[1:count] == sorted(at[:count])[1:] and at[count] == at[0]  # round to the first
    qtbot.keyClick(focused(), Qt.Key.Key_Enter)  # the keypad's Enter alike
    assert guide.text.textCursor().position() == at[1]
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert guide.text.textCursor().position() == at[0]
    qtbot.keyClick(focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert guide.text.textCursor().position() == at[count - 1]  # round to the last
    assert guide.text.textCursor().selectedText() == "公示"
    dialog.reject()


def test_esc_in_the_find_box_returns_to_the_match_then_closes(window, qtbot):
    """As a browser's find bar: Esc leaves the box for the text, at the match found; a
    second Esc closes the window."""
    window.show_help()
    dialog = opened_help(qtbot)
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "尾款")
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert dialog.isVisible() and focused() is dialog.guide.text
    assert dialog.guide.text.textCursor().selectedText() == "尾款"
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert focused().selectedText() == "尾款"  # Ctrl+F again: typing replaces the words
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert closed(dialog)


def test_tab_goes_round_find_box_text_close_and_tabs(window, qtbot):
    """Forward Tab reaches the find box, right before the text it searches."""
    window.show_help()
    dialog = opened_help(qtbot)
    assert focused() is dialog.guide.text
    stops = []
    for _ in range(4):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
        stops.append(focused())
    assert stops[0].text() == "关闭" and stops[1] is dialog.tabs.tabBar()
    assert stops[2] is dialog.guide.find_box and stops[3] is dialog.guide.text
    qtbot.keyClick(focused(), Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert focused() is dialog.guide.find_box
    dialog.reject()


def test_ctrl_tab_to_the_keys_lands_on_the_named_list_and_arrows_scroll_it(window, qtbot):
    """A screen reader says 快捷键 on the keys tab, and Down / PgDn read further."""
    window.show_help()
    dialog = opened_help(qtbot)
    dialog.resize(dialog.width(), 300)  # a short window: the list scrolls
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert dialog.tabs.currentIndex() == KEYS_TAB
    assert _name(focused()) == "快捷键"
    bar = dialog.keys.scroller.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    qtbot.keyClick(focused(), Qt.Key.Key_Down)
    assert bar.value() > 0
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert focused() is dialog.guide.text  # and back to the reading
    qtbot.keyClick(focused(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert _name(focused()) == "快捷键"
    dialog.reject()


def test_a_match_is_shown_with_what_follows_it(window, qtbot):
    """The match found comes a third down the text, not on its bottom line with its step's
    places below the edge."""
    window.show_help()
    dialog = opened_help(qtbot)
    text = dialog.guide.text
    qtbot.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, "公示")
    for _ in range(dialog.guide.plain().count("公示") + 1):  # each, and round to the first
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
        shown = text.viewport().height()
        top = text.cursorRect().top()
        at_end = text.verticalScrollBar().value() in (0, text.verticalScrollBar().maximum())
        assert 0 <= top <= shown * 2 // 3 or (at_end and top < shown)
    dialog.reject()
