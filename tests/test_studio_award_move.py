"""A project holding its year's award edited onto another studio's name (二（二）2: 同一创新
工作室……获得助推的项目至多1项). Only merging two studios was checked
(``models.studio_limits.merge_refusal``): saving the paper with the other studio's name gave
that studio a second award of the year without a word. The save is refused now, in
Chinese, naming the studio's other award (as the merge names them), nothing stored; a
move that keeps within the limit, or of a paper holding no award, is saved as before."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from test_finance import add_project
from test_ui_corrections import retype
from test_ui_support import answers, ctx, press, qsettings, window

from boostdesk.models import DISTRICT, RegisterError
from boostdesk.models.records import StudioAward

__all__ = ["answers", "ctx", "qsettings", "window"]

A, B = "李红兵劳模创新工作室", "数控加工技能大师工作室"
HELD = "“李红兵劳模创新工作室”2022 年度已有助推（或列入拟助推）的项目："

WHY = "录入有误，据原件更正"  # an approved award's printed fact: said why


def _two_awards(reg) -> tuple[int, int]:
    """Studio A's award of 2022 and studio B's, each approved (nothing paid)."""
    a = add_project(reg)
    b = add_project(reg, B, DISTRICT, 3 * 10_000_00, "海淀区总工会", title="五轴数控加工程序优化")
    return a, b


def test_an_award_moved_onto_a_studio_holding_the_years_award_is_refused(reg):
    a, b = _two_awards(reg)
    with pytest.raises(RegisterError) as refused:
        reg.save_project(replace(reg.project(b), studio_name=A))
    text = str(refused.value)
    assert text.startswith(f"不能把项目{b}“五轴数控加工程序优化”（核准）改为工作室“{A}”，未保存。")
    assert f"{HELD}\n  项目{a}“转炉炼钢终点碳温预测模型开发”（核准）" in text
    assert "改后该工作室2022 年度将有 2 项助推，该年度方案同一工作室获得助推的项目至多 1 项（方案二（二）2）" in text
    assert reg.project(b).studio_name == B and reg.studio(B) is not None  # nothing stored


def test_an_award_typed_on_the_studio_screen_counts_and_what_keeps_the_limit_is_saved(reg):
    b = add_project(reg, B, DISTRICT, 3 * 10_000_00, "海淀区总工会", title="五轴数控加工程序优化")
    c = add_project(reg, "王五职工创新工作室", DISTRICT, 3 * 10_000_00, "朝阳区总工会",
                    title="轨道扣件快速检测", status="qualified")  # no award held
    # a studio with no award of 2022: the award moves with its paper
    reg.save_project(replace(reg.project(b), studio_name="赵六创新工作室"), reason=WHY)
    assert reg.project(b).studio_name == "赵六创新工作室"
    # an award typed on 工作室 (录入往年助推) for the year counts, as the merge counts it
    reg.add_studio_award(StudioAward("王五职工创新工作室", 2022, "设备点检系统", 3 * 10_000_00,
                                     False))
    with pytest.raises(RegisterError, match="往年助推“设备点检系统”（“工作室”页录入）"):
        reg.save_project(replace(reg.project(b), studio_name="王五职工创新工作室"))
    assert reg.project(b).studio_name == "赵六创新工作室"
    # a paper holding no award may go onto a studio holding one (the ranking keeps it out)
    reg.save_project(replace(reg.project(c), studio_name="赵六创新工作室"))
    assert reg.project(c).studio_name == "赵六创新工作室"


def test_the_form_refuses_it_and_says_why(window, qtbot, reg, answers):
    """The clerk opens 项目B from the list, types studio A's name over B's, Ctrl+S: refused
    before the studio's questions (工作室信息与登记册不同 asked first, answered for nothing),
    the cursor back in 工作室, the banner saying why."""
    a, b = _two_awards(reg)
    screen = window.show_screen(1)
    screen.reload()
    assert screen.select_id(b)
    screen.table.setFocus()
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    form = screen.current_form
    assert form is not None and form.record.id == b
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    retype(qtbot, form, "studio_name", A)
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(answers.errors))
    title, text = answers.errors[-1]
    assert title == "工作室获助推超过限额，未保存", title
    assert HELD in text and f"项目{a}“转炉炼钢终点碳温预测模型开发”（核准）" in text, text
    assert answers.questions == []
    assert form.isVisible() and QApplication.focusWidget() is form.editor("studio_name")
    banner = form.banner.text()
    assert "未保存" in banner and f"项目{a}" in banner and "至多 1 项" in banner, banner
    assert reg.project(b).studio_name == B
    # a register write that gets round the form is refused all the same (operations)
    from boostdesk.ui import operations

    result = operations.save_application(window.ctx, replace(reg.project(b), studio_name=A))
    assert not result.ok and HELD in result.error
    assert reg.project(b).studio_name == B
