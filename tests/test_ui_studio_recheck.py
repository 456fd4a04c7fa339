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


def test_an_earlier_unfinished_award_bars_that_studio_at_once(ctx, qtbot, two_studios):
    ours, other = two_studios
    other_before = _findings(ctx.reg, other)
    assert "未完成结题验收" not in _findings(ctx.reg, ours)
    dialog = AwardDialog(ctx, "甲工作室")
    qtbot.addWidget(dialog)
    dialog.year.setText("2021")
    dialog.title.set_value("数控改造")
    dialog.amount.set_value("10")
    dialog.accept()
    assert dialog.result() == AwardDialog.DialogCode.Accepted
    assert "甲工作室”已获2021年" in _findings(ctx.reg, ours)
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
