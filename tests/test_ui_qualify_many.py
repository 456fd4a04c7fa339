"""专家评审 → 资格审核: several projects passed in one decision.

The office head passed 34 projects with no findings one at a time: with two selected,
通过资格审核 said “已选中 2 行：资格审核一次只审一项”. Now 通过 takes every project
selected (Shift+↓, Ctrl+A) when the rules found nothing against any of them — asked once,
all or none in one transaction, the register backed up first, each project's status
history and audit line as a single decision writes them; one with findings or materials
missing refuses the batch, named. 不通过 stays one at a time (its reason is the project's)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from test_ui_support import answers, ctx, focused, qsettings, window

from boostdesk.models import clock
from boostdesk.models.records import PROJECT, PROJECT_MATERIALS
from boostdesk.panel import qualification as qu
from boostdesk.safety import list_backups
from boostdesk.ui import panel_qualification_tab
from tests.test_panel_support import make_project

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def clean(reg) -> list[int]:
    """Four projects the rules find nothing against, each of its own studio."""
    return [make_project(reg, f"项目{k}", f"工作室{k}", unit=f"第{k}区总工会") for k in range(4)]


def _tab(window, qtbot):
    tab = window.screen_named("专家评审").show_tab("资格审核")
    tab.table.setFocus()
    qtbot.waitUntil(tab.table.hasFocus)
    return tab


def _decisions(reg, app_id: int) -> list[dict]:
    return [json.loads(r["after"]) for r in reg.query(
        "SELECT after FROM audit_events WHERE action = 'qualify' AND entity_id = ?", (app_id,))]


def test_shift_down_then_alt_p_passes_the_projects_selected_in_one_decision(
        window, reg, clean, qtbot, answers):
    tab = _tab(window, qtbot)
    view = tab.table
    backups = len(list_backups(reg.path))
    assert tab.current().project.id == clean[0]
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_P, ALT)  # the button's key, from the list
    qtbot.waitUntil(lambda: reg.project(clean[2]).status == "qualified")
    assert not answers.errors
    assert len(answers.questions) == 1 and answers.questions[0].startswith("通过 3 项的资格审核？")
    assert [reg.project(i).status for i in clean] == ["qualified"] * 3 + ["registered"]
    for i in clean[:3]:  # as a single decision writes them
        assert [(h["from_status"], h["to_status"], h["reason"])
                for h in reg.status_history(PROJECT, i)][1:] == [("registered", "qualified", "")]
        assert _decisions(reg, i) == [{"decision": "通过", "reason": "",
                                       "departs_from_findings": False,
                                       "decided_on": clock.today().isoformat()}]  # the field's
    assert len(list_backups(reg.path)) == backups + 1
    assert focused() is view and tab.current().project.id == clean[3]  # the next to review
    assert tab.summary.text().startswith("待审核 1 项；已通过 3 项")


def test_a_batch_with_findings_or_missing_materials_is_refused_naming_them(
        window, reg, clean, qtbot, answers):
    missing = reg.save_project(replace(reg.project(clean[1]),
                                       materials={k: False for k in PROJECT_MATERIALS}))
    blocked = reg.save_project(replace(reg.project(clean[2]), startup_funds_paid=False))
    tab = _tab(window, qtbot)
    window.screen_named("专家评审").refresh()
    view = tab.table
    backups = len(list_backups(reg.path))
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    assert tab.findings.text().startswith("已选中 4 项：“通过资格审核”一并通过")
    qtbot.keyClick(view, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: bool(answers.errors))
    title, text = answers.errors[-1]
    assert text.startswith(f"项目{missing}、项目{blocked} 经自动核对有不符合项或待补材料")
    assert "逐项" in text and "填写理由" in text
    assert not answers.questions
    assert {reg.project(i).status for i in clean} == {"registered"}
    assert len(list_backups(reg.path)) == backups  # nothing to back up for
    assert focused() is view

    qtbot.mouseClick(tab.refuse_button, Qt.MouseButton.LeftButton)  # 不通过: one at a time
    assert answers.errors[-1][1].startswith("已选中 4 行：不通过须逐项审核并填写理由")
    assert {reg.project(i).status for i in clean} == {"registered"}


def test_many_selected_pass_in_the_background_and_the_keyboard_comes_back(
        window, reg, clean, qtbot, answers, monkeypatch):
    """From ``MANY_MOVES`` projects on (Ctrl+A over thousands) the window is not frozen: a
    worker passes them behind a progress dialog."""
    monkeypatch.setattr(panel_qualification_tab, "MANY_MOVES", 3, raising=False)
    tab = _tab(window, qtbot)
    view = tab.table
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    qtbot.mouseClick(tab.pass_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.ctx.busy)  # the worker's, not the window's thread
    qtbot.waitUntil(lambda: not window.ctx.busy, timeout=20_000)
    assert not answers.errors
    assert [reg.project(i).status for i in clean] == ["qualified"] * 4
    assert all(len(_decisions(reg, i)) == 1 for i in clean)
    qtbot.waitUntil(lambda: focused() is view)
    assert tab.model.rowCount() == 0


def test_pass_many_writes_what_a_single_decision_writes(reg):
    one, two, three = (make_project(reg, f"项目{k}", f"工作室{k}") for k in range(3))
    qu.decide(reg, one, True, "材料齐全")
    assert qu.pass_many(reg, [two, three], "材料齐全") == 2

    def written(i):
        history = [(h["from_status"], h["to_status"], h["reason"], h["operator"])
                   for h in reg.status_history(PROJECT, i)]
        audit = [(r["operator"], r["before"], r["after"]) for r in reg.query(
            "SELECT operator, before, after FROM audit_events"
            " WHERE action = 'qualify' AND entity_id = ?", (i,))]
        return history, audit

    assert written(two) == written(one) == written(three)


def test_pass_many_reads_the_findings_as_of_now_and_stores_all_or_none(reg):
    one, two = (make_project(reg, f"项目{k}", f"工作室{k}") for k in range(2))
    # the paper edited since the list was shown: a stamp not in after all
    reg.save_project(replace(reg.project(two), materials={**reg.project(two).materials,
                                                          "unit_stamp": False}))
    with pytest.raises(qu.PanelError, match=f"^项目{two} 经自动核对"):
        qu.pass_many(reg, [one, two])
    assert {reg.project(i).status for i in (one, two)} == {"registered"}

    reg.save_project(replace(reg.project(two), materials={k: True for k in PROJECT_MATERIALS}))
    said: list[int] = []
    with pytest.raises(qu.PassCancelled):  # 取消 once both are moved, before the commit
        qu.pass_many(reg, [one, two], progress=lambda done, _total: said.append(done),
                     cancelled=lambda: len(said) > 1)
    assert {reg.project(i).status for i in (one, two)} == {"registered"}
    assert not _decisions(reg, one) and len(reg.status_history(PROJECT, one)) == 1


def test_the_question_names_the_hints_of_the_projects_it_passes(window, reg, clean, qtbot,
                                                                 answers):
    """A 提示 does not stop a pass, but the question said “自动核对均未发现…” over it."""
    from tests.test_panel_support import WAN

    hinted = reg.save_project(replace(reg.project(clean[1]), requested_fen=7 * WAN))
    tab = _tab(window, qtbot)
    window.screen_named("专家评审").refresh()
    view = tab.table
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_Down, SHIFT)
    qtbot.keyClick(view, Qt.Key.Key_P, ALT)
    qtbot.waitUntil(lambda: reg.project(clean[2]).status == "qualified")
    [question] = answers.questions
    assert "均未发现" not in question
    assert (f"自动核对未发现不符合项或待补材料；其中 1 项有提示（不影响通过，请核对）：项目{hinted}："
            "申请金额 ¥70,000.00 不是") in question
