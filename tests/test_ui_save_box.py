"""The boxes a paper form opens as it is saved, met by a clerk typing head-down from the next
paper (the tester's clerk2 n3, n15, n6, n4, n7, n8). Every one refuses typing (a beep and a
note), and once it has, the next Enter is no answer until she has looked (a pause with no
key): her Enter between two fields of the next paper took the registered union, saved the
paper and typed the rest of the next one a field up. A whole name inside a stray registered
one is replaced by Alt+Y only, not by Tab then Enter; 返回修改 goes to the field asked
about, not to the materials her letters then ticked and unticked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, INVENTION_2, patent_no
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QCheckBox, QInputDialog, QMessageBox
from test_ui_entry import open_new_form
from test_ui_support import answers, closed, ctx, focused, qsettings, type_text, window

from boostdesk.models.records import PATENT_MATERIALS, PatentApplication
from boostdesk.ui.dialogs import TypingGuard

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

ENTER, TAB, ESC = Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_Escape
NO = Qt.KeyboardModifier.NoModifier
CTRL, SHIFT, ALT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier,
                    Qt.KeyboardModifier.AltModifier)
UNION, SLIP = "海淀区总工会", "海淀区工会"
COMPANY = "北京中关村智造科技有限公司"
TITLE = "一种新型精密减速器装配方法"
PAUSE = object()  # she stops and looks at the screen: the box's pause after typing runs out


class Wait:
    """She stops for ``ms`` with no key (a clerk's step): reads the box's buttons."""

    def __init__(self, ms: int) -> None:
        self.ms = ms

GONE = object()  # the box answered has gone


def front() -> Any:
    return QApplication.activeModalWidget()


def box_up() -> bool:
    return isinstance(front(), QMessageBox | QInputDialog)


def clerk(qtbot, steps: list[Any]) -> list[Any]:
    """The clerk's keys, one a turn of the event loop, each where the keyboard sends it (a
    box that opened under her hands gets them): text, a key, (key, modifiers), PAUSE, or a
    callable looking at the screen then (what it returns goes into the list returned)."""
    todo, seen, done = list(steps), [], []

    def next_step() -> None:
        if not todo:
            if box_up():  # still up when she is done: closed (the test then says so)
                seen.append("left up: " + front().windowTitle())
                front().hide()
            done.append(True)
            return
        step = todo[0]
        if step is GONE and box_up():  # an Alt+key clicks its button animated, a beat later
            QTimer.singleShot(20, next_step)
            return
        if step is PAUSE:
            guard = front().findChild(TypingGuard) if box_up() else None
            if guard is not None and guard.looking.isActive():
                QTimer.singleShot(50, next_step)
                return
        if front() is not None and (QApplication.activeWindow() is not front()
                                    or QGuiApplication.focusWindow() is not front().windowHandle()):
            # (offscreen, a window is not made active by itself: shortcuts and Alt+key
            # need it, as the keyboard needs a window to send keys to)
            front().activateWindow()
            QTimer.singleShot(20, next_step)
            return
        todo.pop(0)
        if isinstance(step, Wait):  # she stops and reads, the box up before her
            QTimer.singleShot(step.ms, next_step)
            return
        target = QApplication.activePopupWidget() or QApplication.focusWidget() or front()
        QTimer.singleShot(0, next_step)  # first: a box the step opens blocks till answered
        if callable(step):
            seen.append(step())
        elif isinstance(step, str):
            type_text(qtbot, step, target)
        elif isinstance(step, tuple):
            qtbot.keyClick(target, *step)
        elif step not in (PAUSE, GONE):
            qtbot.keyClick(target, step)

    QTimer.singleShot(0, next_step)
    qtbot.waitUntil(lambda: bool(done), timeout=15000)
    return seen


def look() -> Callable[[], tuple[str, str, str]]:
    """What the front box says then: its title, text and note."""
    def said() -> tuple[str, str, str]:
        box = front()
        if isinstance(box, QMessageBox):
            return box.windowTitle(), box.text(), box.informativeText()
        if isinstance(box, QInputDialog):
            return box.windowTitle(), box.labelText(), ""
        return "", "", ""
    return said


def walk(union: str, idn: str = ID_1) -> list[Any]:
    """A paper Enter-walked to its end: the last Enter presses 保存并录入下一份."""
    keys: list[Any] = []
    for value in (union, COMPANY, TITLE, INVENTION, "2021.9.9", "张三", idn, CARD_1,
                  "13800001234", "y", "y", "y", None, None, "2022.10.31"):
        if value:
            keys.append(value)
        keys.append(ENTER)
    keys.append("a")  # A on the materials: the whole set
    keys += [ENTER] * (len(PATENT_MATERIALS) + 1)
    return keys


def registered(reg, union: str = UNION, **paper: Any) -> None:
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name=union, enterprise_name="北京中科智测科技有限公司",
                                      **paper))


def test_an_enter_typed_on_after_refused_typing_does_not_answer_the_near_union_question(
        window, qtbot, reg, answers, monkeypatch):
    registered(reg)
    monkeypatch.undo()  # the real boxes
    form = open_new_form(qtbot, window, 0)
    # paper 1 (the union a slip) walked to its end; head-down she types on: paper 2's
    # union, Enter, its enterprise, Enter
    seen = clerk(qtbot, [*walk(SLIP), look(), "丰台区总工会", ENTER, look(), COMPANY, ENTER,
                         look(), box_up, lambda: [a.title for a in reg.patents(2022)], PAUSE, ENTER,
                         box_up])
    asked, after_union, after_company, still_up, stored, looked_then = seen
    assert asked[0] == "是否为已登记的推荐单位？" and asked[2] == ""  # a clean box
    assert after_union[0] == asked[0]  # that Enter answered nothing
    assert "键入的文字未输入任何栏目" in after_union[2] and "停手看清" in after_union[2]
    assert after_company[0] == asked[0] and still_up
    assert form.isVisible()
    assert stored == ["先前的专利"]  # nothing saved meanwhile
    # she looked: the Enter after the pause answers (a slip: the registered union)
    assert not looked_then
    assert [a.unit_name for a in reg.patents(2022) if a.title == TITLE] == [UNION]
    assert form.isVisible() and form.editor("enterprise_name").text() == ""  # paper 2, blank
    qtbot.waitUntil(lambda: form.focusWidget() is form.editor("unit_name"))


def test_a_whole_union_inside_a_stray_one_is_not_replaced_by_tab_then_enter(
        window, qtbot, reg, answers, monkeypatch):
    stray = "北京公交集团工会通州区总工会"
    registered(reg, stray)
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    seen = clerk(qtbot, [*walk("通州区总工会"), look(), TAB, lambda: front().focusWidget().text(), ENTER])
    asked, after_tab = seen[0], seen[1]
    assert "本身是完整的名称" in asked[1] and "Alt+Y" in asked[1]
    assert after_tab == "返回修改(&B)"  # Tab does not reach 用登记册中的
    assert form.isVisible() and form.editor("unit_name").text() == "通州区总工会"
    assert [a.unit_name for a in reg.patents(2022)] == [stray]  # not saved
    qtbot.waitUntil(lambda: form.focusWidget() is form.editor("unit_name"))
    # said on purpose, the registered one is taken: Alt+Y
    clerk(qtbot, [(Qt.Key.Key_S, CTRL), (Qt.Key.Key_Y, ALT), GONE])
    assert [a.unit_name for a in reg.patents(2022) if a.title == TITLE] == [stray]


def test_the_confirm_box_at_saving_takes_no_pinyin_and_back_goes_to_the_id(
        window, qtbot, reg, answers, monkeypatch):
    """张三 already applied this year: 请确认. Her pinyin arrives as letters and a Space (the
    input method is off on a button): the Space pressed 返回修改, her letters then landed on
    the materials (A untick all, Space one) and the paper was stored without a proof."""
    registered(reg, inventor_name="张三", id_number=ID_1, card_number=CARD_1)
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    paper = [k if k != ENTER else TAB for k in walk(UNION)[:-len(PATENT_MATERIALS) - 1]]
    seen = clerk(qtbot, [*paper, (Qt.Key.Key_S, CTRL | SHIFT), look(),
                         "fengtaiquzonggonghui ", TAB, "beijing ", ENTER, look(), box_up,
                         lambda: all(box.isChecked() for box in form.checks.values()),
                         lambda: [a.title for a in reg.patents(2022)], ESC])
    asked, after, still_up, ticked, stored = seen
    assert asked[0] == "请确认" and "本年度已有申报" in asked[1]
    assert still_up and "键入的文字未输入任何栏目" in after[2]
    assert ticked and stored == ["先前的专利"]
    # she looks up and goes back (Esc): to the ID asked about, not to a check box
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is form)
    qtbot.waitUntil(lambda: form.focusWidget() is form.editor("id_number"))
    # asked again, not typed into: Enter answers at once (返回修改, the default)
    form.editor("title").setFocus()
    clerk(qtbot, [(Qt.Key.Key_S, CTRL), box_up, ENTER, box_up])
    assert not isinstance(form.focusWidget(), QCheckBox)
    assert form.focusWidget() is form.editor("id_number") and form.isVisible()
    assert [a.title for a in reg.patents(2022)] == ["先前的专利"]


def test_a_save_error_box_refuses_typing_too(window, qtbot, reg, answers, monkeypatch):
    """重复申报，未保存 over her typing: the letters and Space went nowhere without a sound,
    her Space closed it and the rest went into the field."""
    registered(reg)
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    keys = walk(UNION)
    keys[keys.index(INVENTION)] = INVENTION_2  # the patent already registered
    seen = clerk(qtbot, [*keys, look(), "abc ", ENTER, look(), box_up, ESC])
    first, after, still_up = seen
    assert first[0] == "重复申报，未保存"
    assert still_up and "键入的文字未输入任何栏目" in after[2]
    assert form.isVisible() and form.editor("title").text() == TITLE


def test_a_fragment_of_two_enterprises_preselects_neither_and_the_panel_says_it(
        window, qtbot, reg, answers, monkeypatch):
    for n, name in enumerate(("北京朝阳热力集团有限公司", "北京朝阳软件园数据服务有限公司")):
        reg.save_patent(PatentApplication(2022, title=f"先前的专利{n}", unit_name=UNION,
                                          patent_number_raw=(INVENTION_2, INVENTION)[n],
                                          enterprise_name=name))
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    keys = walk(UNION)
    keys[keys.index(COMPANY)] = "北京朝阳"
    keys[keys.index(INVENTION)] = patent_no("202110345678")
    cut = keys.index("a")
    seen = clerk(qtbot, [*keys[:cut], lambda: (form.recheck(), form.findings_label.text())[1], *keys[cut:], look(),
                         lambda: front().textValue(), ENTER,
                         box_up])
    panel, asked, chosen, still_up = seen
    assert "保存时将询问：所在单位“北京朝阳”与登记册中的“北京朝阳热力集团有限公司”等相近" in panel
    assert "相近的有以下几个" in asked[1]
    assert chosen == ""  # neither of the two is chosen for her
    assert not still_up and form.isVisible()  # Enter: 返回修改
    assert form.editor("enterprise_name").text() == "北京朝阳"
    assert len(reg.patents(2022)) == 2


def test_f1_in_a_form_opens_the_keys_list(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    qtbot.keyClick(focused(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: front() is not form and front() is not None)
    keys = front()
    assert type(keys).__name__ == "KeysDialog" and keys.parentWidget() is form
    rows = dict((what, k) for k, what in keys.rows)
    assert any(k == "F4" for k in rows.values())
    assert any("Ctrl+Q" in k for k in rows.values())  # the main window's menus too
    qtbot.keyClick(keys, ESC)
    qtbot.waitUntil(lambda: closed(keys))
    assert form.isVisible()


def test_f1_in_a_form_lists_the_form_s_own_keys_first(window, qtbot, reg, answers):
    """F1 in a paper form opened the window's list: Ctrl+I 导入汇总表 and Ctrl+Q 退出 first,
    F4, Shift+Enter and Ctrl+Shift+S at the very end. The clerk typing a paper reads the
    form's own keys first, then the window's; the window's own list keeps them last."""
    form = open_new_form(qtbot, window, 0)
    qtbot.keyClick(focused(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: front() is not form and front() is not None)
    keys = front()
    order = [k for k, _what in keys.rows]
    whats = [what for _k, what in keys.rows]
    import_at = next(i for i, w in enumerate(whats) if "导入汇总表" in w)
    quit_at = next(i for i, k in enumerate(order) if "Ctrl+Q" in k)
    for own in ("F4", "Shift+Enter / Ctrl+Enter", "Ctrl+Shift+S", "Tab / Enter"):
        assert order.index(own) < min(import_at, quit_at), own
    shown = keys.text.text()
    assert shown.index("F4") < shown.index("导入汇总表") < shown.index("退出")
    assert shown.index("申报表（本表）") < shown.index("主窗口")
    assert len(order) == len(set(keys.rows))  # each key once
    qtbot.keyClick(keys, ESC)
    qtbot.waitUntil(lambda: closed(keys))
    listed = window.show_keys()  # 帮助 → 快捷键: the forms' keys last, as before
    window_keys = [k for k, _w in listed.rows]
    assert window_keys.index("F4") > next(i for i, k in enumerate(window_keys) if "Ctrl+Q" in k)
    listed.reject()


def _asked_again(reg) -> list[Any]:
    """A paper for 张三, who already applied this year, typed with Tab and saved: 请确认."""
    registered(reg, inventor_name="张三", id_number=ID_1, card_number=CARD_1)
    paper = [k if k != ENTER else TAB for k in walk(UNION)[:-len(PATENT_MATERIALS) - 1]]
    return [*paper, (Qt.Key.Key_S, CTRL), look()]


def test_space_on_the_focused_save_anyway_button_presses_it_after_a_look(
        window, qtbot, reg, answers, monkeypatch):
    """Shift+Tab to 仍然保存, a look, Space: pressed (Qt's way), not refused as stray typing
    with 键入的文字未输入任何栏目 (the tester's repro_space.py)."""
    monkeypatch.undo()
    open_new_form(qtbot, window, 0)
    seen = clerk(qtbot, [*_asked_again(reg), (Qt.Key.Key_Backtab, SHIFT),
                         lambda: front().focusWidget().text(), Wait(TypingGuard.LOOK_MS + 200),
                         Qt.Key.Key_Space, Wait(300), box_up])
    asked, on = seen[0], seen[1]
    assert asked[0] == "请确认" and on == "仍然保存(&S)"
    assert not seen[-1]
    assert sorted(a.title for a in reg.patents(2022)) == sorted(["先前的专利", TITLE])


def test_a_space_typed_on_at_once_onto_the_focused_button_still_goes_nowhere(
        window, qtbot, reg, answers, monkeypatch):
    """Head-down, a Space the moment the box is up (its default 返回修改 focused) is her
    next field's, not an answer: refused with the note, nothing saved, nothing pressed."""
    monkeypatch.undo()
    open_new_form(qtbot, window, 0)
    seen = clerk(qtbot, [*_asked_again(reg), Qt.Key.Key_Space, look(), box_up,
                         lambda: [a.title for a in reg.patents(2022)], ESC])
    assert "键入的文字未输入任何栏目" in seen[1][2] and seen[2]
    # the key she pressed named, not an Enter she never typed
    assert "刚才键入时按的空格不作回答" in seen[1][2] and "Enter" not in seen[1][2]
    assert seen[3] == ["先前的专利"]


def test_alt_s_says_save_anyway_and_f1_lists_it(window, qtbot, reg, answers, monkeypatch):
    monkeypatch.undo()
    open_new_form(qtbot, window, 0)
    clerk(qtbot, [*_asked_again(reg), (Qt.Key.Key_S, ALT), Wait(300)])
    assert sorted(a.title for a in reg.patents(2022)) == sorted(["先前的专利", TITLE])
    open_new_form(qtbot, window, 0)
    qtbot.keyClick(focused(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: type(front()).__name__ == "KeysDialog")
    rows = dict(front().rows)
    assert "仍然保存" in rows["Alt+S / Esc"]
    qtbot.keyClick(front(), ESC)
