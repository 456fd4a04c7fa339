"""The intake desk's forms and dialogs: studio levels typed in words, studios named nearly
as a known one, a paper's studio facts against the register's, and what Esc and Ctrl+Z do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from test_recheck import stored_equals_full_check
from test_ui_support import answers, closed, ctx, qsettings, window

from boostdesk.models import CITY, DISTRICT
from boostdesk.models.records import ProjectApplication
from boostdesk.rules import recheck
from boostdesk.ui.form_widgets import LevelField, YesNoField
from boostdesk.ui.project_form import ProjectForm
from boostdesk.ui.studio_screen import AwardDialog, StudioDialog
from boostdesk.ui.style import OK_COLOUR, WARNING_COLOUR

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name
WAN = 10_000_00  # 1 万元 in fen


def commit(widget, text: str) -> None:
    """Text an input method commits into the widget (how 市级 typed in Chinese arrives)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def keep(qtbot, dialog):
    """Closed at the test's end without its Esc question (tested on its own), its pending
    re-check stopped: the register closes with the test."""
    def close(widget) -> None:
        timer = getattr(widget, "_timer", None)
        if timer is not None:
            timer.stop()
        QDialog.done(widget, 0)

    qtbot.addWidget(dialog, before_close_func=close)
    return dialog


def _box(qtbot, cls=LevelField):
    box = cls()
    qtbot.addWidget(box)
    box.show()
    box.setFocus()
    return box


# -- 工作室级别 typed as the paper writes it -----------------------------------------------
def test_the_level_box_takes_the_level_in_pinyin_letters(qtbot):
    box = _box(qtbot)
    for letters, level in (("shiji", CITY), ("q", DISTRICT), ("s", CITY), ("j", DISTRICT),
                           ("c", CITY), ("g", DISTRICT), ("sj", DISTRICT)):
        qtbot.keyClicks(box, letters)
        assert box.value() == level, letters
    assert box.refused == ""


def test_the_level_box_takes_the_level_in_words(qtbot):
    box = _box(qtbot)
    for word, level in (("市级", CITY), ("区", DISTRICT), ("市", CITY), ("集团", DISTRICT),
                        ("示范性", CITY), ("局级", DISTRICT), ("市", CITY), ("级", CITY)):
        commit(box, word)
        assert box.value() == level, word
    assert box.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)


def test_the_level_box_takes_what_a_full_width_input_method_commits(qtbot):
    """In 全角 mode the input method this box takes words from commits １ and ｓ: the
    1 its hint asks for was refused (“１”不是可选的内容：按 1 为市级……)."""
    box = _box(qtbot)
    for text, level in (("２", DISTRICT), ("１", CITY), ("ｑ", DISTRICT), ("ｓ", CITY),
                        ("2", DISTRICT)):
        commit(box, text)
        assert (box.value(), box.refused) == (level, ""), text


def test_a_key_that_names_no_level_is_said_and_changes_nothing(qtbot):
    box = _box(qtbot)
    qtbot.keyClick(box, Qt.Key.Key_1)
    qtbot.keyClick(box, Qt.Key.Key_X)
    assert box.value() == CITY and "按 1 为市级" in box.refused
    commit(box, "省级")
    assert box.value() == CITY and "“省级”" in box.refused
    qtbot.keyClick(box, Qt.Key.Key_2)
    assert box.value() == DISTRICT and box.refused == ""


def test_the_yes_no_box_takes_the_words_too(qtbot):
    box = _box(qtbot, YesNoField)
    commit(box, "是")
    assert box.value() is True
    commit(box, "否")
    assert box.value() is False
    qtbot.keyClick(box, Qt.Key.Key_Q)
    assert box.value() is False and "Y" in box.refused


def test_the_form_says_beside_the_level_what_it_takes(ctx, qtbot):
    form = keep(qtbot, ProjectForm(ctx))
    form.show()
    level = form.editor("studio_level")
    level.setFocus()
    qtbot.keyClick(level, Qt.Key.Key_X)
    form.recheck()
    assert "按 1 为市级" in form.rows["studio_level"].hint.text()
    commit(level, "市级")
    form.recheck()
    assert level.value() == CITY and "市级档次" in form.rows["studio_level"].hint.text()


# -- a project paper for a studio: its facts, a near name, undo ------------------------------
def _studio_project(**kw) -> ProjectApplication:
    values = {"campaign_year": 2022, "title": "数控机床精度补偿", "studio_name": "李四职工创新工作室",
              "studio_level": CITY, "leader": "李四", "unit_name": "北京市朝阳区总工会",
              "enterprise_name": "北京华信数控技术有限公司", "requested_fen": 10 * WAN,
              "total_budget_fen": 30 * WAN}
    return ProjectApplication(**{**values, **kw})


def _form(ctx, qtbot, **values) -> ProjectForm:
    """A new project paper typed in: the fields given, the rest of a complete paper."""
    form = keep(qtbot, ProjectForm(ctx))
    form.show()
    paper = {"unit_name": "北京市朝阳区总工会", "enterprise_name": "北京华信数控技术有限公司",
             "studio_name": "李四职工创新工作室", "studio_level": CITY, "model_studio": False,
             "leader": "李四", "title": "五轴加工中心热误差补偿", "approval_date": "2022-03-01",
             "startup_funds_paid": True, "planned_completion": "2023-12-31",
             "total_budget_fen": 30 * WAN, "requested_fen": 10 * WAN, **values}
    for key, value in paper.items():
        form.editor(key).set_value(value)
    form.recheck()
    return form


def _stored(reg, title: str) -> ProjectApplication:
    return next(a for a in reg.projects(2022) if a.title == title)


def test_a_paper_changing_a_known_studio_asks_naming_it_and_undo_puts_it_back(
        ctx, qtbot, answers):
    reg = ctx.reg
    other = reg.save_project(_studio_project())
    recheck(reg)
    form = _form(ctx, qtbot, studio_level=DISTRICT)
    assert form.save()
    [question] = answers.questions
    assert "“李四职工创新工作室”" in question and "市级 → 区/局/集团级" in question
    assert "其他 1 项申报" in question
    assert reg.studios()[0].level == DISTRICT  # the clerk said: change it
    assert "REQUESTED_TIER_MISMATCH" in reg.conn.execute(
        "SELECT findings FROM project_applications WHERE id = ?", (other,)).fetchone()[0]
    ctx.undo_stack.undo()
    assert [a.id for a in reg.projects(2022)] == [other]
    assert reg.studios()[0].level == CITY  # undo of the entry put the studio back
    stored_equals_full_check(reg)
    ctx.undo_stack.redo()
    assert reg.studios()[0].level == DISTRICT
    stored_equals_full_check(reg)


def test_keeping_the_registers_facts_saves_the_paper_and_leaves_the_studio(ctx, qtbot, answers):
    reg = ctx.reg
    reg.save_project(_studio_project())
    answers.yes = False  # 保留登记册的
    form = _form(ctx, qtbot, studio_level=DISTRICT, leader="李五")
    assert form.save() and len(answers.questions) == 1
    studio = reg.studios()[0]
    assert (studio.level, studio.leader) == (CITY, "李四")
    saved = _stored(reg, "五轴加工中心热误差补偿")
    assert saved.studio_level == CITY and saved.leader == "李五"  # the paper's own leader


def test_the_same_facts_or_a_new_studio_ask_nothing(ctx, qtbot, answers):
    ctx.reg.save_project(_studio_project())
    assert _form(ctx, qtbot).save()
    assert _form(ctx, qtbot, studio_name="王五职工创新工作室", leader="王五", title="新项目").save()
    assert answers.questions == []


def test_an_edit_changes_its_studio_only_by_the_facts_the_clerk_changed(ctx, qtbot, answers):
    reg = ctx.reg
    older = reg.save_project(_studio_project())  # recommended by 朝阳区
    reg.save_project(_studio_project(title="第二项", unit_name="北京市海淀区总工会"))
    assert reg.studios()[0].unit_name == "北京市海淀区总工会"  # the studio's unit now
    form = keep(qtbot, ProjectForm(ctx, reg.project(older)))
    form.show()
    form.editor("remarks").set_value("补交立项文件")
    assert form.save() and answers.questions == []  # its own 推荐单位 is no new studio fact
    assert reg.studios()[0].unit_name == "北京市海淀区总工会"
    form = keep(qtbot, ProjectForm(ctx, reg.project(older)))
    form.show()
    form.editor("studio_level").set_value(DISTRICT)
    assert form.save()
    [question] = answers.questions
    assert "市级 → 区/局/集团级" in question and "推荐单位" not in question
    studio = reg.studios()[0]
    assert (studio.level, studio.unit_name) == (DISTRICT, "北京市海淀区总工会")
    ctx.undo_stack.undo()
    assert reg.studios()[0].level == CITY


def test_an_awarded_studios_level_on_a_paper_is_said_kept_and_judged_by_it(
        ctx, qtbot, answers):
    reg = ctx.reg
    app_id = reg.save_project(_studio_project())
    reg.conn.execute("UPDATE project_applications SET award_fen = ? WHERE id = ?",
                     (10 * WAN, app_id))
    form = _form(ctx, qtbot, studio_level=DISTRICT)
    form._show_all = True
    form.recheck()
    hint = form.rows["studio_level"].hint.text()
    assert "已获助推，级别按登记册的市级核对" in hint and "¥100,000.00" in hint
    assert "区/局/集团级工作室的助推档次" not in form.findings_label.text()
    assert form.save() and answers.questions == []  # nothing to choose: only the level differs
    assert reg.studios()[0].level == CITY


def test_a_new_studio_left_without_a_level_is_saved_unknown_and_incomplete(
        ctx, qtbot, answers):
    form = _form(ctx, qtbot, studio_level=None)
    assert form.save()
    reg = ctx.reg
    assert reg.studios()[0].level is None
    eligible, incomplete, findings = reg.conn.execute(
        "SELECT eligible, incomplete, findings FROM project_applications").fetchone()
    assert incomplete == 1 and "STUDIO_LEVEL_MISSING" in findings
    assert "REQUESTED_TIER_MISMATCH" not in findings


def test_a_near_name_is_hinted_when_the_field_is_left_and_f4_takes_the_known_studio(
        ctx, qtbot, answers):
    reg = ctx.reg
    reg.save_project(_studio_project())
    reg.save_project(_studio_project(title="第二项"))
    recheck(reg)
    form = _form(ctx, qtbot, studio_name="", studio_level=None, leader="")
    studio = form.editor("studio_name")
    studio.setFocus()
    qtbot.waitUntil(studio.hasFocus)
    commit(studio, "李四创新工作室")
    qtbot.keyClick(studio, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: "F4 改用" in form.rows["studio_name"].hint.toolTip())
    assert answers.questions == []  # not asked as the field is left: typing goes on
    qtbot.keyClick(form.focusWidget(), Qt.Key.Key_F4)
    assert studio.text() == "李四职工创新工作室"
    assert form.editor("studio_level").value() == CITY and form.editor("leader").text() == "李四"
    qtbot.waitUntil(lambda: "不合格" in form.verdict_label.text())  # its third project
    assert form.save() and answers.questions == []  # settled by F4: not asked
    assert len(reg.studios()) == 1


def test_a_near_name_answered_no_makes_a_new_studio_and_is_asked_once(ctx, qtbot, answers):
    reg = ctx.reg
    reg.save_project(_studio_project())
    form = _form(ctx, qtbot, studio_name="李四创新工作室")
    form._show_all = True
    form.recheck()
    assert "相近的“李四职工创新工作室”" in form.rows["studio_name"].hint.toolTip()
    answers.yes = False
    assert form.save()
    assert len(answers.questions) == 1 and "是否为已登记的" in answers.questions[0]
    assert sorted(s.name for s in reg.studios()) == ["李四创新工作室", "李四职工创新工作室"]


def test_a_near_name_by_leader_and_enterprise_is_asked_at_save(ctx, qtbot, answers):
    reg = ctx.reg
    reg.save_project(_studio_project())
    form = _form(ctx, qtbot, studio_name="精密加工攻关工作室", leader="李  四")
    assert form.save()
    assert "领衔人和所在单位相同" in answers.questions[0]
    assert [s.name for s in reg.studios()] == ["李四职工创新工作室"]
    assert _stored(reg, "五轴加工中心热误差补偿").studio_name == "李四职工创新工作室"


def test_undo_of_an_entry_removes_the_studio_it_created_and_redo_brings_it_back(
        ctx, qtbot, answers):
    reg = ctx.reg
    assert _form(ctx, qtbot).save()
    assert [s.name for s in reg.studios()] == ["李四职工创新工作室"]
    ctx.undo_stack.undo()
    assert reg.projects(2022) == [] and reg.studios() == []
    assert "李四职工创新工作室" not in reg.names("studios")  # the completer's words
    ctx.undo_stack.redo()
    assert [s.level for s in reg.studios()] == [CITY] and len(reg.projects(2022)) == 1
    stored_equals_full_check(reg)


def test_leader_and_contact_typed_with_spaces_are_tidied_on_the_form(ctx, qtbot, answers):
    form = _form(ctx, qtbot)
    leader = form.editor("leader")
    leader.setFocus()
    qtbot.waitUntil(leader.hasFocus)
    leader.selectAll()
    commit(leader, "黄  志成")
    qtbot.keyClick(leader, Qt.Key.Key_Tab)
    assert leader.text() == "黄志成"
    form.editor("contact_name").set_value("王　五")
    assert form.save()  # Ctrl+S still in the field: the record is tidy all the same
    assert _stored(ctx.reg, "五轴加工中心热误差补偿").contact_name == "王五"


def test_an_unreadable_budget_is_told_with_examples_in_wan_yuan(ctx, qtbot):
    form = _form(ctx, qtbot)
    form.editor("total_budget_fen").setText("三十来万")
    form._show_all = True
    form.recheck()
    hint = form.rows["total_budget_fen"].hint.toolTip()
    assert "无法识别的金额：三十来万" in hint and "如 30、2.5" in hint, hint


def test_an_implausible_budget_is_a_warning_beside_the_field(ctx, qtbot):
    form = _form(ctx, qtbot, total_budget_fen=50_000 * WAN)  # 50,000 (万元): 5亿
    form._show_all = True
    form.recheck()
    hint = form.rows["total_budget_fen"].hint.text()
    assert WARNING_COLOUR in hint and "金额异常大" in hint and "¥500,000,000.00" in hint
    form.editor("total_budget_fen").set_value(30 * WAN)
    form.recheck()
    assert OK_COLOUR in form.rows["total_budget_fen"].hint.text()


# -- 录入往年助推 and 修改工作室 -----------------------------------------------------------------
def _award_dialog(ctx, qtbot, studio: str = "") -> AwardDialog:
    dialog = keep(qtbot, AwardDialog(ctx, studio))
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_the_award_dialog_starts_on_the_studio_name_selected_and_shows_it_whole(ctx, qtbot):
    name = "北京市轨道交通运营有限公司地铁车辆维修职工创新工作室"
    dialog = _award_dialog(ctx, qtbot, name)
    qtbot.waitUntil(dialog.studio.hasFocus)
    assert dialog.studio.selectedText() == name
    shown = dialog.studio.width() - 12  # the frame and the text margins
    assert dialog.studio.fontMetrics().horizontalAdvance(name) <= shown
    qtbot.keyClicks(dialog.studio, "x")  # typing replaces the name offered
    assert dialog.studio.text() == "x"


def test_the_award_amount_is_shown_in_yuan_and_yuan_typed_as_wan_offered_as_the_tier(
        ctx, qtbot, answers):
    reg = ctx.reg
    reg.save_project(_studio_project())
    dialog = _award_dialog(ctx, qtbot, "李四职工创新工作室")
    dialog.title.set_value("轴承故障预警")
    dialog.amount.setFocus()
    qtbot.keyClicks(dialog.amount, "10")
    assert dialog.amount_note.text() == "¥100,000.00"
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "100,000")  # 10万 as a 元 payment list writes it
    note = dialog.amount_note.text()
    assert WARNING_COLOUR in note and "¥1,000,000,000.00（不是方案的助推档次" in note
    dialog.accept()
    assert "按元计为 ¥100,000.00" in answers.questions[-1]
    assert [a.award_fen for a in reg.studio_awards()] == [10 * WAN]


def test_an_award_off_the_tiers_is_questioned_and_no_goes_back(ctx, qtbot, answers):
    dialog = _award_dialog(ctx, qtbot, "李四职工创新工作室")
    dialog.title.set_value("轴承故障预警")
    dialog.amount.set_value(7 * WAN)
    answers.yes = False
    dialog.accept()
    assert "不是方案的助推档次" in answers.questions[-1]
    assert dialog.isVisible() and ctx.reg.studio_awards() == []


def test_an_award_for_a_near_name_asks_and_bars_the_known_studio(ctx, qtbot, answers):
    reg = ctx.reg
    ours = reg.save_project(_studio_project())
    recheck(reg)
    dialog = _award_dialog(ctx, qtbot, "李四创新工作室")
    dialog.title.set_value("轴承故障预警")
    dialog.amount.set_value(10 * WAN)
    dialog.accept()
    assert "是否为已登记的“李四职工创新工作室”？" in answers.questions[0]
    assert [s.name for s in reg.studios()] == ["李四职工创新工作室"]
    assert reg.conn.execute("SELECT eligible FROM project_applications WHERE id = ?",
                            (ours,)).fetchone()[0] == 0


def test_undo_of_an_award_removes_the_studio_it_created(ctx, qtbot, answers):
    reg = ctx.reg
    dialog = _award_dialog(ctx, qtbot, "赵永刚创新工作室")
    dialog.year.setText("2021")
    dialog.title.set_value("轴承故障预警")
    dialog.amount.set_value(10 * WAN)
    dialog.accept()
    assert [(s.name, s.level) for s in reg.studios()] == [("赵永刚创新工作室", None)]
    ctx.undo_stack.undo()
    assert reg.studio_awards() == [] and reg.studios() == []
    ctx.undo_stack.redo()
    assert [a.studio_name for a in reg.studio_awards()] == ["赵永刚创新工作室"]


def test_esc_asks_in_the_studio_and_award_dialogs_only_when_something_changed(
        ctx, qtbot, answers):
    ctx.reg.save_project(_studio_project())
    studio = ctx.reg.studios()[0]
    for dialog, change in (
            (StudioDialog(ctx, studio), lambda d: d.leader.set_value("赵永钢")),
            (StudioDialog(ctx, studio), lambda d: d.model_studio.set_value(True)),
            (AwardDialog(ctx, studio.name), lambda d: d.amount.set_value(10 * WAN))):
        keep(qtbot, dialog)
        dialog.show()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed: closes, nothing asked
        assert closed(dialog) and answers.questions == []
        dialog.show()
        change(dialog)
        answers.yes = False  # 继续填写
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert dialog.isVisible() and "放弃这些内容并关闭吗" in answers.questions.pop()
        answers.yes = True
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert closed(dialog) and answers.questions.pop()
    assert ctx.reg.studios()[0] == studio and ctx.reg.studio_awards() == []


# -- ↓ from the search box ---------------------------------------------------------------------
def test_down_from_the_search_box_goes_into_the_list_on_every_screen(window, qtbot, answers):
    from boostdesk.ui.main_window import SCREENS

    window.ctx.reg.save_project(_studio_project())
    window.ctx.changed.emit("all")
    searching = [i for i, (_label, module, _cls) in enumerate(SCREENS)
                 if module.rsplit(".", 1)[1] in ("register_screen", "studio_screen",
                                                 "people_screen")]
    assert len(searching) == 4  # every screen with a search box (focus_search)
    for index in searching:
        window.show_screen(index)
        screen = window.current_screen()
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        # the search of the tab in view (单位与人员 opens on 推荐单位, its own search)
        qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit))
        search = QApplication.focusWidget()
        qtbot.keyClick(search, Qt.Key.Key_Down)
        focus = QApplication.focusWidget()
        assert focus is not search and focus.objectName().endswith("table"), screen.objectName()
