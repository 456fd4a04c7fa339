"""A read-only window (a colleague holds the register all day) opens a paper to read it:
its 是/否 answers, the materials received and 所属领域 are on the form only. 打开 (Enter) said
只读：登记册正由 … and showed nothing (IT's tester, stop 39). The form opens 只读（查看）:
nothing editable, no save, Esc closes it without asking; both streams."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from test_ui_lock_watch import Holder
from test_ui_support import answers, press, qsettings  # noqa: F401

from boostdesk.models import PatentApplication
from boostdesk.models.records import ProjectApplication
from boostdesk.safety import open_register
from boostdesk.ui.context import AppContext


@pytest.fixture
def viewer(tmp_path: Any, qsettings: Any, qapp: Any, answers: Any, qtbot: Any):  # noqa: F811
    from boostdesk.ui.main_window import MainWindow

    path = tmp_path / "register.db"
    first = open_register(path, "王五", start_backup=False)
    first.reg.save_patent(PatentApplication(
        2022, title="焊缝检测", inventor_name="张伟", frontline=True, service_invention=False,
        applied_in_production=True, industry="智能装备", materials={"form": True}))
    first.reg.save_project(ProjectApplication(
        2022, title="数控改造", studio_name="李强劳模创新工作室", industry="先进制造",
        materials={"form": True}))
    first.reg.close()
    other = Holder(path, "王五")
    opened = open_register(path, "录入员甲", start_backup=False)
    assert opened.read_only
    ctx = AppContext(opened.reg, settings=qsettings)
    ctx.set_operator("录入员甲")
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window, ctx, answers
    ctx.shutdown()
    ctx.reg.close()
    other.proc.kill()
    other.proc.wait(10)


@pytest.mark.parametrize(("index", "title", "industry"), [(0, "焊缝检测", "智能装备"),
                                                         (1, "数控改造", "先进制造")])
def test_enter_opens_the_paper_to_be_read_and_esc_closes_it(viewer, qtbot, index, title,
                                                            industry):
    window, ctx, said = viewer
    audit = ctx.reg.scalar("SELECT count(*) FROM audit_events")
    screen = window.show_screen(index)
    assert screen.buttons["edit_current"].isEnabled()
    assert not screen.buttons["new_item"].isEnabled()
    window.activateWindow()
    screen.table.selectRow(0)
    screen.table.setFocus()
    qtbot.waitUntil(screen.table.hasFocus)
    press(qtbot, Qt.Key.Key_Return, widget=screen.table)
    form = screen.current_form
    assert said.errors == [] and form is not None and form.isVisible()
    assert form.windowTitle().endswith("— 只读（查看）")
    assert form.editor("title").text() == title and form.editor("industry").value() == industry
    assert "只读（查看）" in form.banner.text() and "王五" in form.banner.text()
    for row in form.rows.values():  # nothing editable
        editor = row.editor
        assert (editor.isReadOnly() if hasattr(editor, "isReadOnly") else not editor.isEnabled())
        assert not getattr(editor, "placeholderText", str)()  # no 如 2022-03-05 read as a value
    assert form.checks and all(not box.isEnabled() for box in form.checks.values())
    assert any(box.isChecked() for box in form.checks.values())  # what was received, shown
    assert not form.save_button.isVisible() and not form.next_button.isVisible()
    form.activateWindow()
    field = form.editor("title")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "xy")  # typing goes nowhere
    assert isinstance(field, QLineEdit) and field.text() == title
    press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier, field)
    assert form.isVisible() and said.errors == []
    press(qtbot, Qt.Key.Key_Escape, widget=QApplication.focusWidget())
    qtbot.waitUntil(lambda: not form.isVisible())
    assert said.questions == [] and said.errors == []
    assert ctx.reg.scalar("SELECT count(*) FROM audit_events") == audit


def test_a_new_paper_is_still_refused(viewer, qtbot):
    window, ctx, said = viewer
    screen = window.show_screen(0)
    assert screen.new_item() is None and said.errors and "王五" in said.errors[-1][1]
