"""A recommending union or enterprise typed nearly as a registered one, at the desk: named
beside the field (F4 puts the registered one in), asked about at saving before it becomes
a new one (the forms, the studio dialog), noted in an import's preview, and taken back with
the paper when its entry is undone (Ctrl+Z)."""

from __future__ import annotations

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, INVENTION_2
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog
from test_ui_clerk_day import answer_next_question_with_enter, fill
from test_ui_entry import open_new_form
from test_ui_support import answers, closed, ctx, focused, press, qsettings, type_text, window

from boostdesk.models.records import PatentApplication

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
UNION, COMPANY = "海淀区总工会", "北京中科智测科技有限公司"
UNION_TYPO, COMPANY_TYPO = "海淀区总公会", "北京中科智侧科技有限公司"  # 公 for 工, 侧 for 测


def registered(reg) -> None:
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name=UNION, enterprise_name=COMPANY))


def names(reg, table: str) -> list[str]:
    return [r[0] for r in reg.conn.execute(f"SELECT name FROM {table} ORDER BY name")]


def filter_units(screen) -> list[str]:
    return [screen.unit.itemText(i) for i in range(screen.unit.count())]


def type_both(qtbot, answers) -> None:
    """The misspelt union, then the misspelt enterprise: not asked about as they are left
    (typing goes on), each named beside its field."""
    fill(qtbot, UNION_TYPO, COMPANY_TYPO)
    assert answers.questions == []


def rest_of_the_paper(qtbot) -> None:
    fill(qtbot, "一种焊缝缺陷的超声检测方法", INVENTION, "2021.3.5", "张三", ID_1, CARD_1)


def test_a_misspelt_union_is_asked_about_at_saving_and_enter_takes_the_registered_one(
        window, qtbot, reg, answers, monkeypatch):
    registered(reg)
    monkeypatch.undo()  # the real question box, answered with Enter
    form = open_new_form(qtbot, window, 0)
    type_text(qtbot, UNION_TYPO)
    qtbot.keyClick(QApplication.activePopupWidget() or focused(), Qt.Key.Key_Tab)
    assert focused() is form.editor("enterprise_name")  # typing goes on there
    fill(qtbot, COMPANY)
    rest_of_the_paper(qtbot)
    answered = answer_next_question_with_enter(qtbot, form)
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: closed(form))
    assert f"登记册中没有推荐单位“{UNION_TYPO}”，相近的有“{UNION}”" in answered[0]
    assert "“公”与“工”一字之差" in answered[0]
    assert [a.unit_name for a in reg.patents(2022)] == [UNION, UNION]
    assert names(reg, "units") == [UNION]


def test_the_testers_paper_new_twice_over_is_saved_so_and_ctrl_z_takes_both_names_back(
        window, qtbot, reg, answers):
    """The tester's paper: 海淀区总公会 and 北京中科智侧科技有限公司, both answered 新建 (a
    new union is real sometimes). Saved as typed; Ctrl+Z takes the paper back and the
    union and enterprise its save created with it, Ctrl+Y brings all three again."""
    registered(reg)
    form = open_new_form(qtbot, window, 0)
    answers.yes = False  # 新建
    type_both(qtbot, answers)
    rest_of_the_paper(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert UNION in answers.questions[0] and COMPANY in answers.questions[1]
    assert len(answers.questions) == 2  # each once, at saving
    assert names(reg, "units") == sorted([UNION, UNION_TYPO])
    assert COMPANY_TYPO in names(reg, "enterprises")

    screen = window.current_screen()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    qtbot.waitUntil(lambda: UNION_TYPO in filter_units(screen))  # 新建: a union indeed
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert not answers.errors, answers.errors
    assert [a.title for a in reg.patents(2022)] == ["先前的专利"]
    assert names(reg, "units") == [UNION]
    assert names(reg, "enterprises") == [COMPANY]
    assert reg.names("units") == [UNION]  # the completer and the filter offer no typo
    qtbot.waitUntil(lambda: filter_units(screen) == ["全部推荐单位", UNION])
    undone = reg.query("SELECT entity, note FROM audit_events WHERE action = 'delete'"
                       " AND entity IN ('units', 'enterprises')")
    assert {u["entity"] for u in undone} == {"units", "enterprises"}
    assert all(u["note"].startswith("撤销") for u in undone)  # part of that undo

    press(qtbot, Qt.Key.Key_Y, CTRL)
    [again] = [a for a in reg.patents(2022) if a.title != "先前的专利"]
    assert (again.unit_name, again.enterprise_name) == (UNION_TYPO, COMPANY_TYPO)


def test_the_testers_paper_answered_with_enter_is_saved_under_the_registered_names(
        window, qtbot, reg, answers):
    registered(reg)
    form = open_new_form(qtbot, window, 0)
    type_both(qtbot, answers)  # each question answered 是 (Enter's)
    rest_of_the_paper(qtbot)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    app = next(a for a in reg.patents(2022) if a.title != "先前的专利")
    assert (app.unit_name, app.enterprise_name) == (UNION, COMPANY)
    assert names(reg, "units") == [UNION] and names(reg, "enterprises") == [COMPANY]


def test_a_fragment_entered_without_picking_its_completion_is_asked_about(
        window, qtbot, reg, answers):
    registered(reg)
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, UNION)
    type_text(qtbot, "中科智测")  # its completer's list is open, nothing picked in it
    qtbot.keyClick(QApplication.activePopupWidget() or focused(), Qt.Key.Key_Return)
    rest_of_the_paper(qtbot)
    assert answers.questions == []
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [asked] = answers.questions
    assert "所填的只是它名称的一部分" in asked
    assert "（Enter）" in asked  # a fragment, no whole name: Enter takes the registered one
    assert names(reg, "enterprises") == [COMPANY]
    assert [a.enterprise_name for a in reg.patents(2022)] == [COMPANY, COMPANY]


def test_the_hint_beside_the_field_names_the_near_one_while_typing(window, qtbot, reg, answers):
    registered(reg)
    form = open_new_form(qtbot, window, 0)
    type_text(qtbot, UNION_TYPO)  # not left yet: a pause in typing
    qtbot.waitUntil(lambda: "相近" in form.rows["unit_name"].hint.toolTip())
    assert f"相近的“{UNION}”" in form.rows["unit_name"].hint.toolTip()
    assert "按 F4 改用" in form.rows["unit_name"].hint.toolTip()
    assert answers.questions == []


def test_typed_on_past_the_union_the_question_waits_for_saving(window, qtbot, reg, answers):
    registered(reg)
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, UNION_TYPO, COMPANY)  # typed on at once: the queued keys are not interrupted
    rest_of_the_paper(qtbot)
    assert answers.questions == [] or UNION in answers.questions[0]
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert any(UNION in q for q in answers.questions)
    assert closed(form)
    assert names(reg, "units") == [UNION]


def test_several_near_names_are_chosen_from_a_list_and_esc_goes_back_to_the_field(
        window, qtbot, reg, answers):
    registered(reg)
    reg.save_patent(PatentApplication(2022, title="另一专利", patent_number_raw=INVENTION,
                                      unit_name="北京市海淀区总工会"))
    form = open_new_form(qtbot, window, 0)
    answers.choice = None  # Esc on the list
    type_text(qtbot, "海淀区")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and focused() is form.editor("unit_name")
    assert answers.choices[-1][:2] == [f"{UNION}（所填的只是它名称的一部分）",
                                       "北京市海淀区总工会（所填的只是它名称的一部分）"]
    assert answers.choices[-1][-1] == "新建推荐单位“海淀区”"
    answers.choice = 1  # the second, F4 (its completer's list shut first with Esc)
    if QApplication.activePopupWidget() is not None:
        qtbot.keyClick(QApplication.activePopupWidget(), Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_F4)
    assert answers.choices[-1] == [f"{UNION}（所填的只是它名称的一部分）",
                                   "北京市海淀区总工会（所填的只是它名称的一部分）"]  # no 新建
    assert form.editor("unit_name").text() == "北京市海淀区总工会"
    assert focused() is form.editor("unit_name")


def test_a_project_papers_union_and_enterprise_are_hinted_and_taken_with_f4_too(window, qtbot, reg, answers):
    registered(reg)
    form = open_new_form(qtbot, window, 1)
    type_both(qtbot, answers)
    qtbot.waitUntil(lambda: "F4" in form.rows["enterprise_name"].hint.toolTip())
    press(qtbot, Qt.Key.Key_F4)  # in 工作室名称: the enterprise, the nearest above
    assert form.editor("enterprise_name").text() == COMPANY
    assert form.editor("unit_name").text() == UNION_TYPO
    press(qtbot, Qt.Key.Key_F4)  # then the union
    assert form.editor("unit_name").text() == UNION
    assert focused() is form.editor("studio_name") and answers.questions == []
    qtbot.waitUntil(lambda: f"原填“{UNION_TYPO}”" in form.rows["unit_name"].hint.toolTip())


def test_an_edit_undone_takes_back_the_union_it_created(window, qtbot, reg, answers):
    from test_ui_corrections import open_form, retype

    registered(reg)
    [app] = reg.patents(2022)
    _screen, form = open_form(qtbot, window, app.id)
    answers.yes = False  # 新建
    retype(qtbot, form, "unit_name", UNION_TYPO)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert reg.patent(app.id).unit_name == UNION_TYPO
    window.ctx.undo_stack.undo()
    assert reg.patent(app.id).unit_name == UNION
    assert names(reg, "units") == [UNION]


def test_the_studio_dialog_asks_before_a_near_union_becomes_a_new_one(ctx, qtbot, reg, answers):
    from boostdesk.models.records import ProjectApplication
    from boostdesk.ui.studio_screen import StudioDialog

    registered(reg)
    reg.save_project(ProjectApplication(2022, studio_name="李四职工创新工作室", title="数控",
                                        unit_name="朝阳区总工会", enterprise_name=COMPANY))
    dialog = StudioDialog(ctx, reg.studio("李四职工创新工作室"))
    qtbot.addWidget(dialog)
    dialog.unit.set_value(UNION_TYPO)  # moved to 海淀, its union misspelt
    dialog.accept()
    assert answers.questions and UNION in answers.questions[-1]
    assert reg.studio("李四职工创新工作室").unit_name == UNION
    assert UNION_TYPO not in names(reg, "units")


def test_the_import_preview_notes_a_near_union_and_imports_the_row(
        window, qtbot, reg, answers, tmp_path):
    from test_ui_import import open_dialog, patent_row, read, summary_table

    from boostdesk.ui.import_dialog import READY

    registered(reg)
    path = summary_table(tmp_path / "haidian.xlsx", [patent_row(推荐单位=UNION_TYPO)])
    dialog = open_dialog(qtbot, window)
    read(qtbot, dialog, path)
    assert dialog.model.rows_with(READY) == [3]  # noted, not refused
    [note] = dialog.model.notes[3]
    assert f"推荐单位“{UNION_TYPO}”登记册中没有，相近的有“{UNION}”" in note
    assert "改为“海淀区总工会”后重新导入" in note
    assert note in dialog.model.data(dialog.model.index(0, 2))
    assert f"第 3 行：推荐单位“{UNION_TYPO}”" in dialog.problem_text()  # the e-mail's list
    dialog.reject()


def test_a_paper_corrected_from_a_registered_typo_is_not_offered_the_typo_back(
        window, qtbot, reg, answers):
    """A union misspelt before the desk asked (海淀区总公会, registered): the clerk opens the
    paper and types the right name, which the register lacks. The name it had is no
    question's answer: changed on purpose."""
    from test_ui_corrections import open_form, retype

    app_id = reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                               unit_name=UNION_TYPO, enterprise_name=COMPANY))
    _screen, form = open_form(qtbot, window, app_id)
    retype(qtbot, form, "unit_name", UNION)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert not any(UNION_TYPO in q for q in answers.questions), answers.questions
    assert reg.patent(app_id).unit_name == UNION


def test_a_project_entry_undone_takes_its_new_studio_union_and_enterprise_with_it(
        ctx, reg, answers):
    from boostdesk.models.records import ProjectApplication
    from boostdesk.ui import operations

    registered(reg)
    paper = ProjectApplication(2022, studio_name="王五职工创新工作室", title="焊接机器人",
                               unit_name=UNION_TYPO, enterprise_name=COMPANY_TYPO,
                               leader="王五", studio_level="district")
    assert operations.save_application(ctx, paper).ok
    assert UNION_TYPO in names(reg, "units") and COMPANY_TYPO in names(reg, "enterprises")
    ctx.undo_stack.undo()
    assert reg.projects(2022) == [] and names(reg, "studios") == []
    assert names(reg, "units") == [UNION] and names(reg, "enterprises") == [COMPANY]
    ctx.undo_stack.redo()
    [again] = reg.projects(2022)
    assert (again.unit_name, again.enterprise_name) == (UNION_TYPO, COMPANY_TYPO)


def test_a_studio_change_undone_takes_back_the_union_it_created(ctx, qtbot, reg, answers):
    from boostdesk.models.records import ProjectApplication
    from boostdesk.ui.studio_screen import StudioDialog

    reg.save_project(ProjectApplication(2022, studio_name="李四职工创新工作室", title="数控",
                                        unit_name="朝阳区总工会", enterprise_name=COMPANY))
    dialog = StudioDialog(ctx, reg.studio("李四职工创新工作室"))
    qtbot.addWidget(dialog)
    dialog.unit.set_value("通州区总工会")  # near no union: not asked, a new one
    dialog.accept()
    assert answers.questions == [] and reg.studio("李四职工创新工作室").unit_name == "通州区总工会"
    ctx.undo_stack.undo()
    assert reg.studio("李四职工创新工作室").unit_name == "朝阳区总工会"
    assert names(reg, "units") == ["朝阳区总工会"]


def answer_next_question_with(qtbot, form, *keys: Qt.Key | tuple[Qt.Key, Qt.KeyboardModifier],
                              ) -> list[str]:
    """The next question the form opens, answered with ``keys`` once it shows (each to the
    box's focused button, as the keyboard delivers them; a key with its modifier, Alt+N);
    its text goes into the list."""
    answered: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if box is None or box is form:
            QTimer.singleShot(20, answer)
            return
        answered.append(box.labelText() if isinstance(box, QInputDialog) else box.text())
        box.activateWindow()  # (offscreen, not by itself: Alt+N needs the box active)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is box)
        for key in keys:
            qtbot.keyClick(box.focusWidget() or box, *(key if isinstance(key, tuple) else (key,)))

    QTimer.singleShot(0, answer)
    return answered


def test_esc_at_the_union_question_decides_nothing_and_leaves_the_clerk_in_the_field(
        window, qtbot, reg, answers, monkeypatch):
    """One near union: Esc took 新建 (the list of several took it as going back). Esc now
    closes the question undecided, the clerk in 推荐单位 with the name as typed, nothing
    saved; saving asks again, and Alt+N is how a new union is said (Tab then Enter, which
    took 新建 too, is 返回修改: 新建 is off the Tab path)."""
    registered(reg)
    monkeypatch.undo()  # the real question box
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, UNION_TYPO, COMPANY)
    rest_of_the_paper(qtbot)
    union = form.editor("unit_name")
    for keys in ((Qt.Key.Key_Escape,), (Qt.Key.Key_Tab, Qt.Key.Key_Return)):
        answered = answer_next_question_with(qtbot, form, *keys)
        press(qtbot, Qt.Key.Key_S, CTRL)
        qtbot.waitUntil(lambda answered=answered: bool(answered))
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is form)
        form.activateWindow()
        qtbot.waitUntil(lambda: focused() is union)
        assert union.text() == UNION_TYPO and names(reg, "units") == [UNION]
        assert form.isVisible() and len(reg.patents(2022)) == 1
    again = answer_next_question_with(qtbot, form, (Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier))
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: not form.isVisible())
    assert f"登记册中没有推荐单位“{UNION_TYPO}”" in again[0]  # asked again: 新建 this time
    assert names(reg, "units") == sorted([UNION, UNION_TYPO])


def test_esc_on_the_list_of_near_unions_at_saving_stays_in_the_field(
        window, qtbot, reg, answers, monkeypatch):
    """Esc on the list of near unions asked at saving: nothing saved, the cursor in
    推荐单位 with the name as typed."""
    registered(reg)
    reg.save_patent(PatentApplication(2022, title="另一专利", patent_number_raw=INVENTION,
                                      unit_name="北京市海淀区总工会"))
    monkeypatch.undo()
    form = open_new_form(qtbot, window, 0)
    fill(qtbot, "海淀区", COMPANY)
    answered = answer_next_question_with(qtbot, form, Qt.Key.Key_Escape)
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: bool(answered))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is form)
    form.activateWindow()
    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))
    assert form.editor("unit_name").text() == "海淀区" and form.isVisible()


def test_a_union_typed_without_its_form_words_is_named_beside_the_field_not_registered_anew(
        window, qtbot, reg, answers):
    """首钢工会 typed on a register holding 首钢集团工会: saved silently, it became a second
    union (直属基层) taking the award split and the statistics. Now the hint beside the
    field names the registered one, and the side panel says the save will ask, not
    保存时将新登记."""
    reg.save_patent(PatentApplication(2022, title="先前的专利", patent_number_raw=INVENTION_2,
                                      unit_name="首钢集团工会", enterprise_name=COMPANY))
    form = open_new_form(qtbot, window, 0)
    type_text(qtbot, "首钢工会")  # not left yet: a pause in typing
    hint = form.rows["unit_name"].hint
    qtbot.waitUntil(lambda: "相近" in hint.toolTip())
    assert hint.toolTip() == "按 F4 改用登记册中相近的“首钢集团工会”（少了“集团”），否则保存时询问"
    form.recheck()  # (the side panel, at the same pause)
    panel = form.findings_label.text()
    assert "保存时将询问：推荐单位“首钢工会”与登记册中的“首钢集团工会”相近" in panel
    assert "保存时将新登记：推荐单位" not in panel
    press(qtbot, Qt.Key.Key_F4)
    assert form.editor("unit_name").value() == "首钢集团工会"
    assert answers.questions == []


def test_a_corrected_paper_given_its_enterprise_with_a_form_word_more_is_asked_about(
        window, qtbot, reg, answers, monkeypatch):
    """The tester's correction: an imported paper opened from the list (Ctrl+1, ↓, Enter),
    its 所在单位 retyped with 股份 inserted. Excluded as the name the paper had, the
    registered one was neither named beside the field nor asked about, and the save made
    a second enterprise beside the other papers'. Now asked as on a new paper."""
    from test_ui_corrections import retype

    registered(reg)
    reg.save_patent(PatentApplication(2022, title="一种焊缝超声检测探头夹持装置",
                                      patent_number_raw=INVENTION, unit_name=UNION,
                                      enterprise_name=COMPANY))
    monkeypatch.undo()  # the real question box, answered with Enter
    screen = window.show_screen(0)
    screen.reload()  # (saved beside the window, as an import's papers are listed)
    window.activateWindow()
    press(qtbot, Qt.Key.Key_1, CTRL, widget=window)
    qtbot.waitUntil(lambda: focused() is screen.table)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    form = screen.current_form
    assert form is not None and form.record.enterprise_name == COMPANY
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    typed = "北京中科智测科技股份有限公司"
    retype(qtbot, form, "enterprise_name", typed)
    hint = form.rows["enterprise_name"].hint
    qtbot.waitUntil(lambda: f"相近的“{COMPANY}”" in hint.toolTip())
    form.recheck()
    panel = form.findings_label.text()
    assert f"保存时将询问：所在单位“{typed}”与登记册中的“{COMPANY}”相近" in panel
    assert "保存时将新登记：所在单位" not in panel
    answered = answer_next_question_with_enter(qtbot, form)
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: closed(form))
    assert f"登记册中没有所在单位“{typed}”，相近的有“{COMPANY}”" in answered[0]
    assert [a.enterprise_name for a in reg.patents(2022)] == [COMPANY, COMPANY]
    assert names(reg, "enterprises") == [COMPANY]
