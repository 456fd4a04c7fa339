"""The studio screen's dialogs re-check what a studio change can affect — that studio's
projects, in every campaign — not the whole campaign (3 s at 100,000 applications)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from test_recheck import stored_equals_full_check
from test_ui_support import answers, ctx, qsettings

from boostdesk.models.records import ProjectApplication
from boostdesk.rules import check as rules_check
from boostdesk.rules import recheck
from boostdesk.ui.studio_screen import AwardDialog, StudioDialog

__all__ = ["answers", "ctx", "qsettings"]


def _project(title: str, studio: str) -> ProjectApplication:
    return ProjectApplication(campaign_year=2022, title=title, studio_name=studio,
                              studio_level="district", leader="李红兵")


def _findings(reg, app_id: int) -> str:
    return reg.conn.execute(
        "SELECT findings FROM project_applications WHERE id = ?", (app_id,)).fetchone()[0]


@pytest.fixture
def two_studios(ctx, monkeypatch):
    reg = ctx.reg
    ours = reg.save_project(_project("焊缝识别", "甲工作室"))
    other = reg.save_project(_project("制动预警", "乙工作室"))
    recheck(reg)

    def whole_campaign(*_args, **_kw):
        raise AssertionError("the whole campaign was re-checked")

    monkeypatch.setattr(rules_check, "_refresh", whole_campaign)
    return ours, other


def _enter_award(ctx, qtbot) -> AwardDialog:
    """甲工作室's 2021 award of 10 万元, not accepted, typed into 录入往年助推 and saved."""
    dialog = AwardDialog(ctx, "甲工作室")
    qtbot.addWidget(dialog)
    dialog.year.setText("2021")
    dialog.title.set_value("数控改造")
    dialog.amount.set_value("10")
    dialog.accept()
    return dialog


def test_an_earlier_unfinished_award_bars_that_studio_at_once(ctx, qtbot, two_studios):
    ours, other = two_studios
    other_before = _findings(ctx.reg, other)
    assert "未完成结题验收" not in _findings(ctx.reg, ours)
    dialog = _enter_award(ctx, qtbot)
    assert dialog.result() == AwardDialog.DialogCode.Accepted
    assert "甲工作室”已获 2021 年度" in _findings(ctx.reg, ours)
    assert _findings(ctx.reg, other) == other_before
    stored_equals_full_check(ctx.reg)


def test_a_studio_correction_is_re_checked_and_undone(ctx, qtbot, two_studios):
    ours, _other = two_studios
    studio = next(s for s in ctx.reg.studios() if s.name == "甲工作室")
    dialog = StudioDialog(ctx, studio)
    qtbot.addWidget(dialog)
    dialog.leader.set_value("王建国")
    dialog.accept()
    assert dialog.result() == StudioDialog.DialogCode.Accepted
    assert next(s for s in ctx.reg.studios() if s.name == "甲工作室").leader == "王建国"
    assert ctx.reg.changes.studios == set()  # re-checked, nothing left pending
    stored_equals_full_check(ctx.reg)
    ctx.undo_stack.undo()
    QApplication.processEvents()
    assert next(s for s in ctx.reg.studios() if s.name == "甲工作室").leader == "李红兵"
    stored_equals_full_check(ctx.reg)


def test_a_field_cleared_in_the_studio_edit_is_cleared_and_undone(ctx, qtbot, two_studios):
    studio = next(s for s in ctx.reg.studios() if s.name == "甲工作室")
    dialog = StudioDialog(ctx, studio)
    qtbot.addWidget(dialog)
    dialog.leader.set_value("")  # a leader typed by mistake, removed
    dialog.accept()
    assert next(s for s in ctx.reg.studios() if s.name == "甲工作室").leader == ""
    ctx.undo_stack.undo()
    QApplication.processEvents()
    assert next(s for s in ctx.reg.studios() if s.name == "甲工作室").leader == "李红兵"
    ctx.undo_stack.redo()
    QApplication.processEvents()
    assert next(s for s in ctx.reg.studios() if s.name == "甲工作室").leader == ""


def _screen(ctx, qtbot, studio: str):
    from PySide6.QtCore import QItemSelectionModel

    from boostdesk.ui.studio_screen import StudioScreen

    screen = StudioScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    screen.activateWindow()
    row = next(r for r in range(screen.model.rowCount())
               if screen.model.index(r, 0).data() == studio)
    screen.table.selectionModel().setCurrentIndex(
        screen.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    screen.table.setFocus()
    qtbot.waitUntil(screen.table.hasFocus)
    return screen


def test_an_award_typed_in_by_mistake_is_deleted_with_the_delete_key_and_undone(
        ctx, qtbot, answers, two_studios):
    from PySide6.QtCore import Qt

    from boostdesk.models.records import StudioAward

    ours, _other = two_studios
    reg = ctx.reg
    with reg.transaction():
        reg.add_studio_award(StudioAward("甲工作室", 2021, "数控改造", 10_000_000, False))
        recheck(reg)
    barred = "甲工作室”已获 2021 年度"
    assert barred in _findings(reg, ours)
    screen = _screen(ctx, qtbot, "甲工作室")
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert "2021年“数控改造”¥100,000.00，未验收" in answers.questions[-1]
    assert reg.studio_awards() == [] and barred not in _findings(reg, ours)
    stored_equals_full_check(reg)
    assert "（未验收）" not in screen.model.index(screen.table.currentIndex().row(), 5).data()

    ctx.undo_stack.undo()
    assert [a.project_title for a in reg.studio_awards()] == ["数控改造"]
    assert barred in _findings(reg, ours)
    ctx.undo_stack.redo()
    assert reg.studio_awards() == [] and barred not in _findings(reg, ours)
    stored_equals_full_check(reg)
    # the undo stored it again, under the same row number here (the table was empty)
    assert [e["action"] for e in reg.audit_trail("studio_awards", 1)] == [
        "create", "delete", "create", "delete"]


def test_with_several_awards_the_clerk_picks_the_one_to_delete(ctx, qtbot, answers, two_studios):
    from PySide6.QtCore import Qt

    from boostdesk.models.records import StudioAward

    reg = ctx.reg
    for year, title in ((2019, "旧项目"), (2020, "新项目")):
        reg.add_studio_award(StudioAward("甲工作室", year, title, 3_000_000, True))
    recheck(reg)
    screen = _screen(ctx, qtbot, "甲工作室")
    answers.choice = 1
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert len(answers.choices[-1]) == 2 and "2020年“新项目”" in answers.choices[-1][1]
    assert [a.project_title for a in reg.studio_awards()] == ["旧项目"]
    answers.yes = False  # one left: asked yes/no, and 取消 leaves it
    qtbot.keyClick(screen.table, Qt.Key.Key_Delete)
    assert [a.project_title for a in reg.studio_awards()] == ["旧项目"]
    assert "2019年“旧项目”" in answers.questions[-1]


def test_an_award_just_entered_is_undone_with_ctrl_z(ctx, qtbot, two_studios):
    ours, _other = two_studios
    assert _enter_award(ctx, qtbot).result() == AwardDialog.DialogCode.Accepted
    assert len(ctx.reg.studio_awards()) == 1
    ctx.undo_stack.undo()
    assert ctx.reg.studio_awards() == [] and "已获 2021 年度" not in _findings(ctx.reg, ours)
    stored_equals_full_check(ctx.reg)


def test_an_award_of_this_year_is_refused_with_the_reason(ctx, qtbot, two_studios):
    ours, _other = two_studios
    dialog = AwardDialog(ctx, "甲工作室")
    qtbot.addWidget(dialog)
    dialog.year.setText(str(ctx.year))  # 2022: would bar nothing in 2022's check
    dialog.title.set_value("数控改造")
    dialog.amount.set_value("10")
    dialog.accept()
    assert dialog.result() != AwardDialog.DialogCode.Accepted
    assert "早于 2022" in dialog.error.text()
    assert ctx.reg.studio_awards() == []


def test_the_award_dialog_keeps_its_accepted_signal(ctx, qtbot, two_studios):
    """The 已通过结题验收 box was stored as ``accepted``, hiding QDialog's signal of that
    name: a caller waiting for the award to be saved could not connect to it."""
    dialog = AwardDialog(ctx, "甲工作室")
    qtbot.addWidget(dialog)
    heard: list[bool] = []
    dialog.accepted.connect(lambda: heard.append(True))
    dialog.year.setText("2021")
    dialog.title.set_value("数控改造")
    dialog.amount.set_value("10")
    dialog.accept()
    assert heard == [True]


def test_esc_at_the_award_dialogs_studio_question_registers_nothing(ctx, qtbot, answers):
    """录入往年助推 for a studio written nearly as a registered one: the question's Esc
    (返回修改) took 否 there as on the paper (a new studio registered, the award on it, the
    registered studio's 二（一） bar missed); now it leaves the dialog open on the name."""
    ctx.reg.save_project(_project("焊缝识别", "李红兵劳模创新工作室"))
    recheck(ctx.reg)
    answers.yes = None  # Esc: 返回修改
    dialog = AwardDialog(ctx, "李红兵创新工作室")
    qtbot.addWidget(dialog)
    dialog.year.setText("2021")
    dialog.title.set_value("数控改造")
    dialog.amount.set_value("10")
    dialog.accept()
    assert answers.questions and "李红兵劳模创新工作室" in answers.questions[-1]
    assert dialog.result() != AwardDialog.DialogCode.Accepted
    assert ctx.reg.studio("李红兵创新工作室") is None
    assert not ctx.reg.conn.execute("SELECT COUNT(*) FROM studio_awards").fetchone()[0]
    answers.yes = True  # asked again: Enter, the registered one
    dialog.accept()
    assert dialog.result() == AwardDialog.DialogCode.Accepted
    assert ctx.reg.studio("李红兵创新工作室") is None
