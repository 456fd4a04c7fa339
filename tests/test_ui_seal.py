"""设置 → 印章图片 and 打印 as the office uses them: the seal is the register's, chosen with a
line in the trail and undone with another; a 审批表 whose seal file was replaced since it was
chosen is made only once the clerk confirms it, by name."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QPushButton
from test_seal_choice import scan, seal_lines
from test_ui_support import answers, ctx, qsettings, window, year_context

from boostdesk import seal_choice
from boostdesk.printing.jobs import APPROVAL
from boostdesk.printing.samples import YEAR, fill_sample
from boostdesk.ui.print_screen import PrintScreen

__all__ = ["answers", "ctx", "qsettings", "window"]


def _button(screen, text: str) -> QPushButton:
    return next(b for b in screen.findChildren(QPushButton) if b.text() == text)


def test_the_seal_chosen_in_settings_is_the_registers_and_in_the_trail(
        window, ctx, reg, qtbot, tmp_path, monkeypatch, qsettings):
    path = scan(tmp_path / "印章.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    screen = window.screen_named("设置")
    qtbot.mouseClick(_button(screen, "选择…"), Qt.MouseButton.LeftButton)
    chosen = seal_choice.current(reg)
    assert chosen.path == str(path) and chosen.operator == "录入员甲"
    assert qsettings.value("print/seal_image") is None  # not this computer's any more
    assert screen.seal.text() == str(path)
    assert chosen.sha256[:16] in screen.seal_note.text() and "所有使用者共用" in screen.seal_note.text()
    [line] = seal_lines(reg)
    assert (line.operator, line.action) == ("录入员甲", "选定印章图片")
    # 打印 names it, and who chose it
    assert "印章.png（录入员甲 于" in window.screen_named("打印").seal_label.text()

    ctx.undo_stack.undo()  # Ctrl+Z: as it was, with its own line
    assert seal_choice.current(reg) is None and screen.seal.text() == ""
    assert seal_lines(reg)[-1].action.endswith("（撤销“更换审批表的印章图片”）")
    ctx.undo_stack.redo()
    assert seal_choice.current(reg) == chosen

    qtbot.mouseClick(_button(screen, "不用扫描件"), Qt.MouseButton.LeftButton)
    assert seal_choice.current(reg).specimen
    assert seal_lines(reg)[-1].action == "不用印章扫描件（审批表印样章）"
    assert "样章" in window.screen_named("打印").seal_label.text()


def test_a_file_that_is_no_image_is_refused_and_the_seal_kept(window, reg, tmp_path, answers):
    path = scan(tmp_path / "seal.png")
    screen = window.screen_named("设置")
    assert screen.set_seal(str(path))
    assert not screen.set_seal(str(tmp_path / "missing.png"))
    assert answers.errors and seal_choice.current(reg).path == str(path)


@pytest.fixture
def old_setting(qsettings, tmp_path):
    """This computer's seal as the releases before kept it."""
    path = scan(tmp_path / "旧印章.png")
    qsettings.setValue("print/seal_image", str(path))
    return path


def test_this_computers_old_setting_is_recorded_in_the_register_on_opening(
        old_setting, window, reg):
    screen = window.screen_named("设置")
    assert screen.seal.text() == str(old_setting)
    assert seal_choice.current(reg).path == str(old_setting)
    [line] = seal_lines(reg)
    assert line.action == "本机设置的印章图片记入登记册"


@pytest.fixture
def printing(reg, tmp_path, qtbot, answers):
    fill_sample(reg)
    path = scan(tmp_path / "印章.png")
    reg.operator = "王秀兰"
    seal_choice.choose(reg, path)
    context = year_context(reg, tmp_path, YEAR, "赵丽娟")
    screen = PrintScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.document.setCurrentIndex(screen.document.findData(APPROVAL))
    return screen, path


def _preview(screen, qtbot):
    qtbot.mouseClick(screen.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.page_count > 0 or bool(screen.error.text()), timeout=20_000)


def test_sheets_stamped_with_the_seal_chosen_are_made_without_a_question(
        printing, qtbot, answers):
    screen, _path = printing
    _preview(screen, qtbot)
    assert screen.page_count > 0 and not answers.questions and not screen.error.text()
    assert screen.job.seal_image is not None


def test_a_replaced_seal_file_is_asked_about_and_nothing_made_unless_confirmed(
        printing, reg, qtbot, answers):
    screen, path = printing
    chosen = seal_choice.current(reg)
    scan(path, (0, 0, 200))  # the file replaced behind BoostDesk's back
    answers.yes = False
    _preview(screen, qtbot)
    [question] = answers.questions
    assert "已不是 王秀兰 于" in question and chosen.sha256[:16] in question
    assert "核对" in question and "赵丽娟" in question
    assert screen.page_count == 0 and screen.pdf is None
    assert "未确认采用" in screen.error.text()
    assert seal_choice.current(reg) == chosen  # nothing recorded

    answers.yes = True
    _preview(screen, qtbot)
    assert screen.page_count > 0 and screen.job.seal_image == str(path)
    line = seal_lines(reg)[-1]
    assert (line.operator, line.action) == ("赵丽娟", "确认采用被替换的印章图片")
    assert seal_choice.current(reg).sha256 == seal_choice.file_sha256(path)
    # confirmed once: the next sheets are made without asking
    assert seal_choice.check(seal_choice.current(reg)).state == "ok"


def test_a_seal_file_gone_is_said_and_no_sheet_made(printing, qtbot, answers):
    screen, path = printing
    path.unlink()
    _preview(screen, qtbot)
    assert answers.errors and "找不到审批表的印章图片" in answers.errors[0][1]
    assert screen.page_count == 0 and "找不到印章图片" in screen.error.text()


def test_a_read_only_window_cannot_confirm_a_replaced_seal(printing, reg, qtbot, answers):
    """Another BoostDesk has the register: the confirmation could not be recorded, so the
    replaced file is not printed from, and the clerk is told where to print instead."""
    screen, path = printing
    reg.read_only = True
    reg.read_only_message = "登记册只读（王秀兰正在使用）"
    scan(path, (0, 0, 200))
    _preview(screen, qtbot)
    assert not answers.questions and screen.page_count == 0
    [(title, text)] = answers.errors
    assert title == "印章图片已被替换" and "王秀兰正在使用" in text and "不能确认采用" in text
