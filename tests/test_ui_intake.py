"""The intake desk's forms and dialogs: studio levels typed in words, studios named nearly
as a known one, a paper's studio facts against the register's, and what Esc and Ctrl+Z do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication
from test_ui_support import answers, ctx, qsettings

from boostdesk.models import CITY, DISTRICT
from boostdesk.ui.form_widgets import LevelField, YesNoField
from boostdesk.ui.project_form import ProjectForm

__all__ = ["answers", "ctx", "qsettings"]  # fixtures used by name


def commit(widget, text: str) -> None:
    """Text an input method commits into the widget (how 市级 typed in Chinese arrives)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


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
    form = ProjectForm(ctx)
    qtbot.addWidget(form)
    form.show()
    level = form.editor("studio_level")
    level.setFocus()
    qtbot.keyClick(level, Qt.Key.Key_X)
    form.recheck()
    assert "按 1 为市级" in form.rows["studio_level"].hint.text()
    commit(level, "市级")
    form.recheck()
    assert level.value() == CITY and "市级档次" in form.rows["studio_level"].hint.text()
