"""Undo/redo of form edits, the audit view, and status moves limited to the workflow."""

from __future__ import annotations

from datetime import date

from fixtures.summary_sheets import CARD_1, ID_1, INVENTION, own_card
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.models.records import (
    PATENT,
    PATENT_MATERIALS,
    PROJECT,
    PatentApplication,
    ProjectApplication,
)
from boostdesk.models.workflow import STATUS_ZH, allowed, statuses
from boostdesk.rules import refresh
from boostdesk.ui import operations
from boostdesk.ui.status_dialog import WITHDRAW_ZH, StatusDialog

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier


def a_patent(reg, **over):
    """A patent the rules find whole (facts given, materials in, on time): a pass of one
    still 待补材料 asks a reason (rules.hand_moves), as the tests that ask for it say."""
    values = dict(title="一种焊缝检测装置", patent_number_raw=INVENTION, inventor_name="张三",
                  id_number=ID_1, card_number=CARD_1, unit_name="北京市海淀区总工会",
                  enterprise_name="北京某某科技有限公司",  # its 工会 stamps the 申报表 (一（四）1)
                  grant_date=date(2021, 5, 11), frontline=True, service_invention=True,
                  applied_in_production=True, received_date=date(2022, 10, 25),
                  materials=dict.fromkeys(PATENT_MATERIALS, True))
    values.update(over)
    if "card_number" not in over and values["id_number"] != ID_1:  # each their own card
        values["card_number"] = own_card(str(values["id_number"] or values["inventor_name"]))
    app_id = reg.save_patent(PatentApplication(2022, **values))
    refresh(reg, 2022)
    return app_id


def open_current(qtbot, window, app_id):
    screen = window.show_screen(0)
    screen.reload()
    assert screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)  # Enter opens the selected application
    form = screen.current_form
    assert form is not None and form.record.id == app_id
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    return screen, form


def test_an_edit_made_in_the_form_is_undone_and_redone(window, qtbot, reg, answers):
    app_id = a_patent(reg)
    screen, form = open_current(qtbot, window, app_id)
    title = form.editor("title")
    title.setFocus()
    title.selectAll()
    type_text(qtbot, "一种焊缝缺陷检测装置", title)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), (answers.errors, answers.questions, title.text())
    assert reg.patent(app_id).title == "一种焊缝缺陷检测装置"
    trail = reg.audit_trail("patent_applications", app_id)
    assert trail[-1]["operator"] == "录入员甲"
    assert trail[-1]["before"]["title"] == "一种焊缝检测装置"

    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert reg.patent(app_id).title == "一种焊缝检测装置"
    assert "一种焊缝检测装置" in screen.detail.toPlainText()
    press(qtbot, Qt.Key.Key_Y, CTRL)
    assert reg.patent(app_id).title == "一种焊缝缺陷检测装置"
    # the audit view shows who changed what, before → after
    text = screen.detail.toPlainText()
    assert "修改记录" in text and "一种焊缝检测装置 → 一种焊缝缺陷检测装置" in text
    assert "录入员甲" in text


def test_undo_of_an_edit_keeps_a_later_status_move(ctx, reg):
    app_id = a_patent(reg)
    edited = reg.patent(app_id).__class__(**{**reg.patent(app_id).__dict__, "remarks": "补正"})
    assert operations.save_application(ctx, edited).ok
    reg.set_status(PATENT, app_id, "qualified")
    ctx.undo_stack.undo()
    app = reg.patent(app_id)
    assert app.remarks == "" and app.status == "qualified"


def test_undo_of_an_entry_deletes_it_and_redo_brings_it_back_for_later_edits(ctx, reg):
    result = operations.save_application(ctx, PatentApplication(2022, title="新录入",
                                                                inventor_name="李四"))
    first_id = result.value
    app = reg.patent(first_id)
    assert operations.save_application(ctx, app.__class__(**{**app.__dict__,
                                                              "remarks": "第二次"})).ok
    ctx.undo_stack.undo()
    ctx.undo_stack.undo()
    assert reg.patents(2022) == []
    ctx.undo_stack.redo()
    ctx.undo_stack.redo()  # the edit finds the re-created record under its new id
    [again] = reg.patents(2022)
    assert again.title == "新录入" and again.remarks == "第二次"


def test_a_failed_undo_is_reported_not_crashed(ctx, reg, answers):
    result = operations.save_application(ctx, PatentApplication(2022, title="新录入"))
    reg.set_status(PATENT, result.value, "qualified")
    ctx.undo_stack.undo()
    assert answers.errors and "不能撤销录入" in answers.errors[-1][1]
    assert len(reg.patents(2022)) == 1


def test_the_status_dialog_offers_only_the_legal_moves(ctx, reg, qtbot, answers):
    app_id = a_patent(reg)
    dialog = StatusDialog(ctx, PATENT, app_id)
    qtbot.addWidget(dialog)
    offered = [dialog.choices.item(i).text() for i in range(dialog.choices.count())]
    # the legal moves, then 撤回申报 (the union's letter: not a move of its own)
    assert offered == [*(STATUS_ZH[s] for s in allowed(PATENT, "registered")), WITHDRAW_ZH]
    illegal = set(statuses(PATENT)) - set(allowed(PATENT, "registered"))
    assert "approved" in illegal and "paid" in illegal
    for target in illegal:
        assert not dialog.select(target)  # an illegal move cannot even be chosen
    assert reg.patent(app_id).status == "registered"


def test_a_refusal_needs_a_reason_and_lands_in_the_history(ctx, reg, qtbot, answers):
    app_id = a_patent(reg)
    dialog = StatusDialog(ctx, PATENT, app_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.select("refused")
    dialog.accept()
    assert "须填写理由" in dialog.error.text()
    assert reg.patent(app_id).status == "registered"
    dialog.reason.setFocus()
    type_text(qtbot, "企业应用证明未盖章", dialog.reason)
    press(qtbot, Qt.Key.Key_Return, widget=dialog.reason)
    assert reg.patent(app_id).status == "refused"
    last = reg.status_history(PATENT, app_id)[-1]
    assert (last["to_status"], last["reason"], last["operator"]) == (
        "refused", "企业应用证明未盖章", "录入员甲")


def test_approving_a_patent_records_the_award_and_date(ctx, reg, qtbot, answers):
    app_id = a_patent(reg)
    reg.set_status(PATENT, app_id, "qualified")
    dialog = StatusDialog(ctx, PATENT, app_id)
    qtbot.addWidget(dialog)
    assert dialog.target == "approved"
    dialog.day.setText("2022-12-15")
    dialog.accept()
    app = reg.patent(app_id)
    assert app.status == "approved" and app.award_fen == 300000
    assert app.approved_date.isoformat() == "2022-12-15"


def test_an_approval_date_no_approval_can_have_is_refused_with_why(ctx, reg, qtbot, answers):
    # an auditor typed 2022-01-01 (a year's slip): the 审批表 printed a sheet approved before
    # the plan was issued and before the paper came, its payment due 2022-04-01
    app_id = a_patent(reg, received_date=date(2022, 10, 21))
    reg.set_status(PATENT, app_id, "qualified")
    for typed, why in (("2022-01-01", "早于 2022 年度计划的印发日期 2022-10-17"),
                       ("2022-10-20", f"早于专利{app_id}的收件日期 2022-10-21"),
                       ("2099-01-01", "在今天之后")):
        dialog = StatusDialog(ctx, PATENT, app_id)
        qtbot.addWidget(dialog)
        dialog.day.setText(typed)
        dialog.accept()
        assert why in answers.errors[-1][1]
        assert reg.patent(app_id).status == "qualified"  # nothing approved
    assert operations.move_statuses(ctx, PATENT, [app_id], "approved", award_fen=300000,
                                    approved_date=date(2022, 1, 1)).ok is False
    dialog = StatusDialog(ctx, PATENT, app_id)
    qtbot.addWidget(dialog)
    dialog.day.setText("2022-10-21")  # the day it came is a day it may be approved
    dialog.accept()
    assert reg.patent(app_id).approved_date == date(2022, 10, 21)


def test_a_move_the_register_refuses_is_shown_not_crashed(ctx, reg, qtbot, answers):
    app_id = a_patent(reg)
    dialog = StatusDialog(ctx, PATENT, app_id)
    qtbot.addWidget(dialog)
    reg.set_status(PATENT, app_id, "qualified")  # someone moved it meanwhile
    dialog.select("qualified")
    dialog.accept()
    assert answers.errors and "不能从" in answers.errors[-1][1]


def test_ctrl_m_opens_the_status_dialog_and_the_keyboard_moves_it(window, qtbot, reg, answers):
    app_id = reg.save_project(ProjectApplication(2022, title="数控机床精度补偿",
                                                 studio_name="李四职工创新工作室"))
    screen = window.show_screen(1)
    screen.reload()
    screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog) and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    assert dialog.target == "qualified"
    # its 申报书 and stamps not in (待补材料): a pass needs the clerk's reason, as 资格审核's
    press(qtbot, Qt.Key.Key_Return)
    assert reg.project(app_id).status == "registered" and "待补材料" in answers.errors[-1][1]
    dialog.reason.setFocus()
    type_text(qtbot, "材料已补交", dialog.reason)
    press(qtbot, Qt.Key.Key_Return)
    assert reg.project(app_id).status == "qualified"
    assert closed(dialog)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is screen.table)
    row = screen.model.row_data(screen.model.row_of(app_id))
    assert row.values["status"] == "qualified"
    assert reg.status_history(PROJECT, app_id)[-1]["operator"] == "录入员甲"


def test_delete_asks_and_is_undoable(window, qtbot, reg, answers):
    app_id = a_patent(reg)
    screen = window.show_screen(0)
    screen.reload()
    screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete, widget=screen.table)
    assert answers.questions and reg.patents(2022) == []
    press(qtbot, Qt.Key.Key_Z, CTRL, window)
    [back] = reg.patents(2022)
    assert back.patent_number == INVENTION and back.inventor_name == "张三"


# -- the same move for several applications at once ------------------------------------
SHIFT = Qt.KeyboardModifier.ShiftModifier


def three_patents(reg):
    from fixtures.summary_sheets import patent_no, resident_id

    return [a_patent(reg, title=f"专利{i}", patent_number_raw=patent_no(f"20211012345{i}"),
                     id_number=resident_id(f"1101051980010100{i}"), inventor_name=name)
            for i, name in enumerate(("张三", "李四", "王五"), start=1)]


def shift_select(qtbot, window, ids, rows):
    """The list of 专利助推 with ``rows`` rows selected from the first of ``ids`` (Shift+↓)."""
    screen = window.show_screen(0)
    screen.reload()
    screen.select_id(ids[0])
    screen.table.setFocus()
    for _ in range(rows - 1):
        press(qtbot, Qt.Key.Key_Down, SHIFT, screen.table)
    return screen


def test_shift_down_selects_several_and_ctrl_m_moves_them_all(window, qtbot, reg, answers):
    ids = three_patents(reg)
    screen = shift_select(qtbot, window, ids, 3)
    assert screen.selected_ids() == ids
    assert "已选 3 条" in screen.count.text()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog) and dialog.isVisible()
    assert dialog.app_ids == ids
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    assert dialog.target == "qualified"
    press(qtbot, Qt.Key.Key_Return)
    assert [reg.patent(i).status for i in ids] == ["qualified"] * 3
    assert all(reg.status_history(PATENT, i)[-1]["operator"] == "录入员甲" for i in ids)
    assert answers.errors == []
    # one application again: Ctrl+M is about the current row only
    screen.select_id(ids[1])
    assert screen.selected_ids() == [ids[1]] and "已选" not in screen.count.text()


def test_several_selected_are_offered_only_the_moves_each_allows(ctx, reg, qtbot, answers):
    ids = three_patents(reg)
    reg.set_status(PATENT, ids[0], "qualified")
    dialog = StatusDialog(ctx, PATENT, ids)
    qtbot.addWidget(dialog)
    offered = [dialog.choices.item(i).data(Qt.ItemDataRole.UserRole)
               for i in range(dialog.choices.count())]
    assert offered == ["refused"]  # 已登记 → 资格审核通过 / 不通过; 资格审核通过 → 核准 / 不通过
    reg.set_status(PATENT, ids[0], "approved", award_fen=300000)
    dialog = StatusDialog(ctx, PATENT, ids)
    qtbot.addWidget(dialog)
    assert dialog.choices.count() == 0 and not dialog.ok.isEnabled()


def test_a_projects_ranking_publicity_and_payments_are_not_moved_by_hand(ctx, reg, qtbot):
    """Approving a project in publicity by hand skipped its objections and its adopted
    tier; 拟助推 → 公示 by hand left it in publicity with no period. Those steps are taken
    on their own screens, and the dialog says which."""
    from boostdesk.ui.recovery_dialog import REVOKE_UNPAID
    from boostdesk.ui.status_dialog import REDATE, WITHDRAW, common_moves

    def offered(dialog):  # the moves offered (更正资格审核日期, not a move, is the last)
        return [dialog.choices.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(dialog.choices.count())]

    assert common_moves(PROJECT, ["publicized"]) == ()
    assert common_moves(PATENT, ["qualified"]) == ("approved", "refused")
    ids = [reg.save_project(ProjectApplication(2022, title=f"项目{i}")) for i in range(2)]
    for app_id in ids:
        for step in ("qualified", "review", "proposed", "publicized"):
            reg.set_status(PROJECT, app_id, step)
    for chosen in (ids[0], ids):
        dialog = StatusDialog(ctx, PROJECT, chosen)
        qtbot.addWidget(dialog)
        # 撤回申报 one paper at a time
        assert offered(dialog) == ([WITHDRAW, REDATE] if chosen == ids[0] else [REDATE])
        assert "“公示”结束公示" in dialog.elsewhere.text()
        assert "“公示”处理异议" in dialog.elsewhere.text()
    reg.set_status(PROJECT, ids[0], "approved", award_fen=3_000_000)
    dialog = StatusDialog(ctx, PROJECT, ids[0])
    qtbot.addWidget(dialog)
    # an approval with nothing paid: 撤回申报 (the union's letter) or 撤销助推（未拨付） (the
    # office's decision)
    assert offered(dialog) == [WITHDRAW, REVOKE_UNPAID, REDATE]
    assert "“拨付”登记首笔拨付" in dialog.elsewhere.text()
    qualified = reg.save_project(ProjectApplication(2022, title="刚审核的项目"))
    reg.set_status(PROJECT, qualified, "qualified")
    dialog = StatusDialog(ctx, PROJECT, qualified)
    qtbot.addWidget(dialog)
    assert offered(dialog) == ["refused", WITHDRAW, REDATE]
    assert "“专家评审”分配评审专家" in dialog.elsewhere.text()


def _utility_model(reg):
    """A patent the rules refuse: a utility model (实用新型), not an invention."""
    from fixtures.summary_sheets import patent_no

    return a_patent(reg, patent_number_raw=patent_no("202120123456"))


def test_passing_a_patent_the_plan_refuses_needs_a_reason(ctx, reg, qtbot, answers):
    app_id = _utility_model(reg)
    dialog = StatusDialog(ctx, PATENT, app_id)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.target == "qualified"
    assert "实用新型" in dialog.against.text() and dialog.reason_label.text() == "理由（必填）(&R)"
    dialog.accept()
    assert "须填写理由" in dialog.error.text() and reg.patent(app_id).status == "registered"
    # the register's side refuses it too, whoever calls it
    assert not operations.move_status(ctx, PATENT, app_id, "qualified").ok
    assert "实用新型" in answers.errors[-1][1] and reg.patent(app_id).status == "registered"
    type_text(qtbot, "经市总工会研究同意", dialog.reason)
    dialog.accept()
    assert reg.patent(app_id).status == "qualified"
    assert reg.status_history(PATENT, app_id)[-1]["reason"] == "经市总工会研究同意"
    dialog = StatusDialog(ctx, PATENT, app_id)  # and again to approve it
    qtbot.addWidget(dialog)
    assert dialog.target == "approved" and "实用新型" in dialog.against.text()
    dialog.accept()
    assert reg.patent(app_id).status == "qualified"


def test_a_batch_with_one_patent_the_plan_refuses_passes_none(ctx, reg, qtbot, answers):
    from boostdesk.safety import list_backups

    ids = [*three_patents(reg)[:2], _utility_model(reg)]
    dialog = StatusDialog(ctx, PATENT, ids)
    qtbot.addWidget(dialog)
    assert f"专利{ids[2]}" in dialog.against.text()
    dialog.reason.setText("批量通过")
    dialog.accept()
    assert "不能批量通过" in dialog.error.text()
    before = len(list_backups(reg.path))
    assert not operations.move_statuses(ctx, PATENT, ids, "qualified", "批量通过").ok
    assert f"专利{ids[2]}" in answers.errors[-1][1]
    assert [reg.patent(i).status for i in ids] == ["registered"] * 3
    assert len(list_backups(reg.path)) == before  # refused before the backup
    assert operations.move_statuses(ctx, PATENT, ids[:2], "qualified").ok


def test_a_batch_move_is_all_or_nothing_and_names_the_one_refused(ctx, reg, answers):
    from boostdesk.safety import list_backups

    ids = three_patents(reg)
    reg.set_status(PATENT, ids[1], "refused", "材料不全")  # moved by someone meanwhile
    result = operations.move_statuses(ctx, PATENT, ids, "qualified")
    assert not result.ok
    assert f"专利{ids[1]}" in answers.errors[-1][1] and "全部未改" in answers.errors[-1][1]
    assert [reg.patent(i).status for i in ids] == ["registered", "refused", "registered"]
    before = len(list_backups(reg.path))
    assert operations.move_statuses(ctx, PATENT, [ids[0], ids[2]], "qualified").ok
    assert [reg.patent(i).status for i in ids] == ["qualified", "refused", "qualified"]
    backups = list_backups(reg.path)
    assert len(backups) == before + 1 and backups[0].reason == "status"


def test_delete_with_several_selected_deletes_nothing_and_says_why(window, qtbot, reg, answers):
    screen = shift_select(qtbot, window, three_patents(reg), 2)
    press(qtbot, Qt.Key.Key_Delete, widget=screen.table)
    assert answers.errors and "一次只删一条" in answers.errors[-1][1]
    assert not answers.questions and len(reg.patents(2022)) == 3


def test_ctrl_m_asks_a_reason_to_pass_a_patent_still_missing_a_fact(window, qtbot, reg, answers):
    """The tester's 专利56: 是否已在生产中应用 not given (一（二）1), passed and approved with
    Ctrl+M, Enter twice (说明（可不填）): now Enter is refused until a reason is typed."""
    app_id = a_patent(reg, applied_in_production=None)
    screen = window.show_screen(0)
    screen.reload()
    screen.select_id(app_id)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_M, CTRL, window)
    dialog = screen.current_form
    assert isinstance(dialog, StatusDialog) and dialog.isVisible()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.choices)
    assert dialog.target == "qualified" and dialog.reason_label.text().startswith("理由（必填）")
    press(qtbot, Qt.Key.Key_Return)
    assert reg.patent(app_id).status == "registered"
    assert "待补材料" in dialog.error.text() and "是否已在生产中应用" in dialog.against.text()
    dialog.reason.setFocus()
    type_text(qtbot, "企业应用证明已补交", dialog.reason)
    press(qtbot, Qt.Key.Key_Return)
    assert reg.patent(app_id).status == "qualified"
    assert reg.status_history(PATENT, app_id)[-1]["reason"] == "企业应用证明已补交"
