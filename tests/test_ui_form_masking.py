"""A paper opened shows its numbers masked where they cannot be changed here (PIPL officer,
stop 40): a paid paper's greyed 身份证号 and 卡号, every number of a paper opened 只读（查看）,
and 备注's numbers while the keyboard is elsewhere. Before, 专利32 showed
11010619800501…X and 62146828003162… whole, 备注 its card and mobile whole. A field's value
stays the whole number: a save keeps it, the form is not "changed" by being looked at."""

from __future__ import annotations

from dataclasses import replace

from fixtures.summary_sheets import CARD_1, ID_1, ID_2
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QTextEdit
from test_ui_corrections import a_paid_patent, open_form
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.safety.privacy import mask_card_grouped, mask_id
from boostdesk.ui.patent_form import PatentForm

__all__ = ["answers", "ctx", "qsettings", "window"]

CTRL = Qt.KeyboardModifier.ControlModifier
OTHER_CARD = "6214680000111122223"
MOBILE = "13855556666"
NOTES = f"卡号 {OTHER_CARD} 见附件；电话{MOBILE}"


def texts(form) -> str:
    """Every text the form's widgets show: line edits, labels, text boxes, tooltips."""
    out = [form.windowTitle()]
    for w in form.findChildren(QLineEdit):
        out += [w.text(), w.toolTip(), w.accessibleName()]
    for w in form.findChildren(QLabel):
        out += [w.text(), w.toolTip()]
    for w in form.findChildren(QTextEdit):
        out += [w.toPlainText(), w.toolTip()]
    return "\n".join(out)


def with_notes(reg, app_id):
    reg.conn.execute("UPDATE patent_applications SET remarks = ? WHERE id = ?", (NOTES, app_id))
    reg.conn.commit()


def test_a_paid_paper_opened_shows_no_whole_number_and_saves_them_unchanged(
        window, qtbot, reg, answers):
    app_id = a_paid_patent(reg)
    with_notes(reg, app_id)
    _screen, form = open_form(qtbot, window, app_id)
    shown = texts(form)
    for whole in (ID_1, CARD_1, OTHER_CARD, MOBILE):
        assert whole not in shown, whole
    # nor the birth date beside it, the eight digits the mask hides
    assert "1980-01-01" not in shown and ID_1[6:14] not in shown
    assert form.editor("id_number").text() == mask_id(ID_1)
    assert form.editor("card_number").text() == mask_card_grouped(CARD_1)  # as documents
    assert "138****6666" in form.editor("remarks").toPlainText()
    # the values are whole: nothing changed, a save stores what was there
    assert form.editor("card_number").value() == CARD_1
    assert form.editor("remarks").value() == NOTES
    assert form._snapshot() == form._initial
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    paper = reg.patent(app_id)
    assert (paper.id_number, paper.card_number, paper.remarks) == (ID_1, CARD_1, NOTES)


def test_notes_are_whole_while_the_clerk_is_in_them_and_her_change_is_saved(
        window, qtbot, reg, answers):
    app_id = a_paid_patent(reg)
    with_notes(reg, app_id)
    _screen, form = open_form(qtbot, window, app_id)
    notes = form.editor("remarks")
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    assert notes.toPlainText() == NOTES  # whole to compare with the paper
    notes.moveCursor(notes.textCursor().MoveOperation.End)
    type_text(qtbot, "；已核", notes)
    form.editor("title").setFocus()
    qtbot.waitUntil(lambda: not notes.hasFocus())
    assert MOBILE not in notes.toPlainText() and notes.toPlainText().endswith("；已核")
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    assert notes.toPlainText() == NOTES + "；已核"
    press(qtbot, Qt.Key.Key_Z, CTRL, notes)  # her typing undone, not the masking
    assert notes.toPlainText() in (NOTES, NOTES + "；已")
    for _ in range(3):  # the typing's steps, as many as the input method made
        if notes.toPlainText() != NOTES:
            press(qtbot, Qt.Key.Key_Z, CTRL, notes)
    assert notes.toPlainText() == NOTES
    type_text(qtbot, "；原件已核", notes)
    form.editor("title").setFocus()
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert reg.patent(app_id).remarks == NOTES + "；原件已核"


def test_an_editable_papers_id_is_whole_in_its_field_and_a_retyped_one_is_stored(
        window, qtbot, reg, answers):
    app_id = a_paid_patent(reg, pay=False)
    _screen, form = open_form(qtbot, window, app_id)
    first = QApplication.focusWidget()
    assert first is form.editor("unit_name")
    while QApplication.focusWidget() is not form.editor("id_number"):
        press(qtbot, Qt.Key.Key_Tab)
    field = form.editor("id_number")
    assert field.isEnabled() and field.text() == ID_1  # whole, to compare with the copy
    field.selectAll()
    type_text(qtbot, ID_2, field)
    press(qtbot, Qt.Key.Key_Tab)
    assert field.text() == ID_2
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert reg.patent(app_id).id_number == ID_2


def test_a_new_papers_notes_are_never_masked(ctx, qtbot, reg, answers):
    form = PatentForm(ctx)
    qtbot.addWidget(form)
    form.show()
    notes = form.editor("remarks")
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    type_text(qtbot, NOTES, notes)
    form.editor("title").setFocus()
    qtbot.waitUntil(lambda: not notes.hasFocus())
    assert notes.toPlainText() == NOTES


def test_a_paper_opened_read_only_masks_every_number(ctx, qtbot, reg):
    app_id = a_paid_patent(reg, pay=False)
    reg.save_patent(replace(reg.patent(app_id), phone=MOBILE, remarks=NOTES))
    reg.read_only = True  # another BoostDesk holds the write lock
    form = PatentForm(ctx, reg.patent(app_id))
    qtbot.addWidget(form)
    form.show()
    assert "只读（查看）" in form.windowTitle()
    shown = texts(form)
    for whole in (ID_1, CARD_1, OTHER_CARD, MOBILE):
        assert whole not in shown, whole
    assert "1980-01-01" not in shown
    assert form.editor("phone").text() == "138****6666"
    assert form.editor("card_number").value() == CARD_1
