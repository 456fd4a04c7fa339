"""The form's top line (banner) never says 已保存 of a paper that is not saved: after
保存并录入下一份 it names the saved paper as the previous one, and a refused save says
未保存 and why, in the error colour (the clerk glancing up read the previous paper's
green 已保存 over a paper the register had just refused)."""

from __future__ import annotations

import re

from fixtures.summary_sheets import ID_2, INVENTION
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, ctx, fill, focused, press, qsettings, window

from boostdesk.models.records import PROJECT_MATERIALS
from boostdesk.ui.style import ERROR_COLOUR
from boostdesk.ui.theme import themed

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
NEXT = CTRL | Qt.KeyboardModifier.ShiftModifier


def _claims_saved(banner: str) -> bool:
    """The banner says 已保存 of the form as it is (not of 上一份, the previous paper)."""
    return bool(re.search(r"(?<!上一份)已保存", banner))


def _type_project(qtbot, studio: str, title: str, budget: str, received: str | None) -> None:
    """A project paper typed as the clerk types it (收件日期 None: the pile's, as offered)."""
    fill(qtbot, "北京市朝阳区总工会", "北京华信数控技术有限公司", studio)
    fill(qtbot, "1", "n", "李四", title, "智能装备")  # 级别 1 = 市级; 示范性 N
    fill(qtbot, "2022-03-01", "y", "2023-12-31", budget, "10", advance=Qt.Key.Key_Return)
    fill(qtbot, "王五", "010-83570885", None, received)
    for _ in PROJECT_MATERIALS:
        press(qtbot, Qt.Key.Key_Space)
        press(qtbot, Qt.Key.Key_Tab)


def test_a_refused_patent_save_says_unsaved_not_the_previous_papers_saved(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    press(qtbot, Qt.Key.Key_S, NEXT)
    [first] = reg.patents(2022)
    banner = form.banner.text()
    # the form is the next paper now: the saved one is named as the previous one
    assert f"上一份已保存，专利{first.id}：合格" in banner, banner
    assert not _claims_saved(banner), banner

    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))
    type_patent(qtbot, number=INVENTION, id_number=ID_2, name="李四", received=None)
    press(qtbot, Qt.Key.Key_S, NEXT)
    assert [t for t, _ in answers.errors] == ["重复申报，未保存"]
    assert len(reg.patents(2022)) == 1
    banner = form.banner.text()
    assert "未保存" in banner and "重复申报" in banner and f"专利{first.id}" in banner, banner
    assert "上一份" not in banner and not _claims_saved(banner), banner
    assert themed(ERROR_COLOUR) in banner

    press(qtbot, Qt.Key.Key_S, CTRL)  # Ctrl+S (save, stay): refused the same
    assert len(answers.errors) == 2 and len(reg.patents(2022)) == 1
    assert "未保存" in form.banner.text() and not _claims_saved(form.banner.text())


def test_a_refused_project_save_says_unsaved_and_which_field(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 1)
    _type_project(qtbot, "李四职工创新工作室", "数控机床精度补偿", "30", "2022-10-28")
    press(qtbot, Qt.Key.Key_S, NEXT)
    [first] = reg.projects(2022)
    assert f"上一份已保存，项目{first.id}：合格" in form.banner.text(), form.banner.text()

    qtbot.waitUntil(lambda: focused() is form.editor("unit_name"))
    _type_project(qtbot, "王五职工创新工作室", "轨道扣件快速检测", "约三十万", None)
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert [t for t, _ in answers.errors] == ["有内容无法读取，未保存"]
    banner = form.banner.text()
    assert "未保存" in banner and "项目总投入" in banner, banner
    assert not _claims_saved(banner) and "上一份" not in banner, banner
    assert themed(ERROR_COLOUR) in banner
    assert len(reg.projects(2022)) == 1


def test_a_refused_first_paper_says_unsaved(window, qtbot, reg, answers):
    """Ctrl+S on the first paper of the day, refused: the banner, empty till now, says so."""
    form = open_new_form(qtbot, window, 1)
    _type_project(qtbot, "李四职工创新工作室", "数控机床精度补偿", "约三十万", "2022-10-28")
    assert not form.banner.isVisible()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and not reg.projects(2022)
    assert form.banner.isVisible() and "未保存" in form.banner.text()
