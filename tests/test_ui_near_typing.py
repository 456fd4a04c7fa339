"""A clerk typing head-down from the paper past a union written nearly as a registered one
(the tester's 海淀区工会 for 海淀区总工会). A box opened as the field was left took the next
fields' typing, her Tab moved it to 新建推荐单位 and her Enter answered it: the union was
registered as typed, 所在单位 left empty. Now nothing opens on Tab: the hint beside the field
names the registered union and F4 puts it in; saving asks, and the question takes no typing,
新建 is Alt+N only, and Enter does not replace a whole union's name typed correctly
(丰台区总工会 inside a stray 北京公交集团工会丰台区总工会)."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, INVENTION_2
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from test_ui_entry import open_new_form
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models.records import PatentApplication, ProjectApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
UNION, SLIP = "海淀区总工会", "海淀区工会"
COMPANY = "北京中关村智造科技有限公司"
TITLE = "一种新型精密减速器装配方法"


def registered(reg, union: str = UNION) -> None:
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name=union, enterprise_name="北京中科智测科技有限公司"))


def units(reg) -> list[str]:
    return [r[0] for r in reg.conn.execute("SELECT name FROM units ORDER BY name")]


def keyboard(qtbot, form, *steps: str | Qt.Key) -> list[str]:
    """The clerk's keys, one a turn of the event loop, each where the keyboard sends it (an
    open completer list, else the focused widget, a box if one opened): she types on
    whatever the screen does meanwhile. The titles of the boxes in front as she typed."""
    fronts: list[str] = []
    todo = list(steps)
    done: list[bool] = []

    def next_key() -> None:
        front = QApplication.activeModalWidget()
        if front is not None and front is not form:
            fronts.append(front.windowTitle())
            if not todo:  # still up when she is done: closed, the test then says so
                front.hide()
        if not todo:
            done.append(True)
            return
        target = QApplication.activePopupWidget() or QApplication.focusWidget()
        step = todo.pop(0)
        if isinstance(step, str):
            type_text(qtbot, step, target)
        else:
            qtbot.keyClick(target, step)
        QTimer.singleShot(0, next_key)

    QTimer.singleShot(0, next_key)
    qtbot.waitUntil(lambda: bool(done))
    return fronts


def rest_of_the_paper(qtbot) -> None:
    for entry in (INVENTION, "2021.3.5", "张三", ID_1, CARD_1):
        type_text(qtbot, entry)
        press(qtbot, Qt.Key.Key_Tab)


def test_typing_on_past_a_near_union_goes_into_the_next_fields_and_nothing_is_asked(
        window, qtbot, reg, answers, monkeypatch):
    registered(reg)
    monkeypatch.undo()  # the real boxes, had any opened
    form = open_new_form(qtbot, window, 0)
    fronts = keyboard(qtbot, form, SLIP, Qt.Key.Key_Tab, COMPANY, Qt.Key.Key_Tab, TITLE,
                      Qt.Key.Key_Return)
    assert fronts == []  # no box opened under her hands
    assert form.editor("unit_name").text() == SLIP
    assert form.editor("enterprise_name").text() == COMPANY
    assert form.editor("title").text() == TITLE
    assert focused() is form.editor("patent_number_raw")
    qtbot.waitUntil(lambda: "相近" in form.rows["unit_name"].hint.toolTip())
    hint = form.rows["unit_name"].hint.toolTip()
    assert f"相近的“{UNION}”" in hint and "F4 改用" in hint and "保存时询问" in hint
    assert units(reg) == [UNION]


def test_f4_puts_the_registered_union_in_and_the_cursor_stays_where_she_types(
        window, qtbot, reg, answers):
    registered(reg)
    form = open_new_form(qtbot, window, 0)
    assert keyboard(qtbot, form, SLIP, Qt.Key.Key_Tab, COMPANY, Qt.Key.Key_Tab, TITLE,
                    Qt.Key.Key_Tab) == []
    press(qtbot, Qt.Key.Key_F4)  # in 专利号: the nearest near name above is the union
    assert form.editor("unit_name").text() == UNION
    assert form.editor("enterprise_name").text() == COMPANY
    assert focused() is form.editor("patent_number_raw")
    qtbot.waitUntil(lambda: f"原填“{SLIP}”" in form.rows["unit_name"].hint.toolTip())
    rest_of_the_paper(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert answers.questions == []  # settled by F4: not asked at saving
    assert [a.unit_name for a in reg.patents(2022) if a.title == TITLE] == [UNION]
    assert units(reg) == [UNION]


def box_answered_with(qtbot, form, *keys: tuple[Qt.Key, Qt.KeyboardModifier] | str) -> list[str]:
    """The next box the form opens, met with ``keys`` (text typed, or a key with its
    modifiers, each to the box's focused button as the keyboard delivers it); its text,
    then the note it shows after them (if still open), go into the list."""
    seen: list[str] = []

    def meet() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox | QInputDialog):
            QTimer.singleShot(20, meet)
            return
        seen.append(box.text() if isinstance(box, QMessageBox) else box.labelText())
        box.activateWindow()  # (offscreen, not by itself: Alt+N needs the box active)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
        for key in keys:
            target = box.focusWidget() or box
            if isinstance(key, str):
                type_text(qtbot, key, target)
            else:
                qtbot.keyClick(target, *key)
            note = box.informativeText() if isinstance(box, QMessageBox) else box.labelText()
            if box.isVisible() and "键入的文字" in note and len(seen) == 1:
                seen.append(note)

    QTimer.singleShot(0, meet)
    return seen


def test_the_question_at_saving_takes_no_typing_and_tab_enter_is_no_new_union(
        window, qtbot, reg, answers, monkeypatch):
    registered(reg)
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    assert keyboard(qtbot, form, SLIP, Qt.Key.Key_Tab, COMPANY, Qt.Key.Key_Tab, TITLE,
                    Qt.Key.Key_Tab) == []
    rest_of_the_paper(qtbot)
    no = Qt.KeyboardModifier.NoModifier
    # she types on into the box (hanzi, a letter, a space), then Tab, Enter
    # (the Enter after her typing answers nothing: Esc, pressed on purpose, goes back)
    seen = box_answered_with(qtbot, form, "北京", "n", " ", (Qt.Key.Key_Tab, no),
                             (Qt.Key.Key_Return, no), (Qt.Key.Key_Escape, no))
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is form)
    assert f"登记册中没有推荐单位“{SLIP}”，相近的有“{UNION}”" in seen[0]
    assert "Alt+N" in seen[0]
    assert "键入的文字未输入任何栏目" in seen[1]
    # Tab went from 用登记册中的 to 返回修改, not to 新建: nothing decided, nothing saved
    assert form.isVisible() and reg.patents(2022)[1:] == []
    assert units(reg) == [UNION]
    assert form.editor("unit_name").text() == SLIP
    assert form.editor("enterprise_name").text() == COMPANY
    form.activateWindow()
    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))  # back in the field
    # 新建 said on purpose: Alt+N
    again = box_answered_with(qtbot, form, (Qt.Key.Key_N, ALT))
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: closed(form))
    assert again and units(reg) == sorted([UNION, SLIP])
    # and taken back with the paper (Ctrl+Z on the list)
    screen = window.current_screen()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert units(reg) == [UNION]


def test_enter_does_not_replace_a_whole_union_name_found_inside_a_stray_one(
        window, qtbot, reg, answers, monkeypatch):
    """The knock-on: 北京公交集团工会丰台区总工会 registered by the lost keys; a correct
    丰台区总工会 was asked about (所填的只是它名称的一部分) and Enter put the stray in."""
    stray = "北京公交集团工会丰台区总工会"
    registered(reg, stray)
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    assert keyboard(qtbot, form, "丰台区总工会", Qt.Key.Key_Tab, COMPANY, Qt.Key.Key_Tab, TITLE,
                    Qt.Key.Key_Tab) == []
    rest_of_the_paper(qtbot)
    seen = box_answered_with(qtbot, form, (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is form)
    assert "所填的只是它名称的一部分" in seen[0] and "本身是完整的名称" in seen[0]
    assert form.editor("unit_name").text() == "丰台区总工会"  # not replaced
    assert form.isVisible() and units(reg) == [stray]
    form.activateWindow()
    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))  # back in the field
    again = box_answered_with(qtbot, form, (Qt.Key.Key_N, ALT))
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: closed(form))
    assert again and [a.unit_name for a in reg.patents(2022) if a.title == TITLE] == ["丰台区总工会"]


def test_several_near_unions_are_listed_with_none_chosen_for_a_whole_name(
        window, qtbot, reg, answers, monkeypatch):
    """丰台区总工会 inside two registered names: the list of them has none chosen, and typing
    into it chooses none (a hanzi typed went to the item it starts): Enter is back."""
    registered(reg, "北京公交集团工会丰台区总工会")
    reg.save_patent(PatentApplication(2022, title="另一专利", patent_number_raw=INVENTION,
                                      unit_name="北京市丰台区总工会"))
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    assert keyboard(qtbot, form, "丰台区总工会", Qt.Key.Key_Tab) == []
    no = Qt.KeyboardModifier.NoModifier
    seen = box_answered_with(qtbot, form, "北", (Qt.Key.Key_Return, no), (Qt.Key.Key_Escape, no))
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(seen))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is form)
    assert "相近的有以下几个" in seen[0] and "键入的文字未输入任何栏目" in seen[1]
    assert form.isVisible() and form.editor("unit_name").text() == "丰台区总工会"
    assert reg.patents(2022)[2:] == []


def test_a_near_studio_is_not_asked_as_it_is_left_and_f4_takes_it_with_its_facts(
        window, qtbot, reg, answers, monkeypatch):
    """The project paper's studio as the union: typing goes on past it, F4 takes the
    registered studio (its level filled), saving asks only what is still undecided."""
    reg.save_project(ProjectApplication(2022, studio_name="李四职工创新工作室", title="数控",
                                        unit_name="北京市朝阳区总工会", leader="李四",
                                        enterprise_name="北京华信数控技术有限公司",
                                        studio_level="city"))
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 1)
    fronts = keyboard(qtbot, form, "北京市朝阳区总工会", Qt.Key.Key_Tab, "北京华信数控技术有限公司",
                      Qt.Key.Key_Tab, "李四创新工作室", Qt.Key.Key_Tab)
    assert fronts == []
    assert focused() is form.editor("studio_level")
    qtbot.waitUntil(lambda: "相近" in form.rows["studio_name"].hint.toolTip())
    hint = form.rows["studio_name"].hint.toolTip()
    assert "相近的“李四职工创新工作室”" in hint and "F4 改用" in hint
    press(qtbot, Qt.Key.Key_F4)
    assert form.editor("studio_name").text() == "李四职工创新工作室"
    assert form.editor("studio_level").value() == "city"  # what the register knows, filled
    assert focused() is form.editor("studio_level")


def test_f4_with_no_near_name_keeps_its_own_meaning_in_a_list_box(window, qtbot, reg, answers):
    """F4 is the form's key for a near name; in 是否一线职工 with none near it still opens
    the box's list, as in every Windows list box."""
    form = open_new_form(qtbot, window, 0)
    frontline = form.editor("frontline")
    frontline.setFocus()
    qtbot.waitUntil(lambda: focused() is frontline)
    press(qtbot, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: frontline.view().isVisible())
    frontline.hidePopup()
