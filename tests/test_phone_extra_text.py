"""A phone written with more than its number (13800138000/010-83570885, 138.0013.8000,
13800138000（微信同号）) showed a red hint and was saved as typed. Now what reads is read —
the dots as a dash, the note in brackets dropped, of two numbers the first, said so — and a
phone typed that reads as none is refused at saving, as any unreadable field is."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import PATENT_HEADERS, patent_row, write_sheet
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.io.importer import read_table
from boostdesk.models import plan_2022
from boostdesk.validate import ValidationError, check_phone, tidy_phone

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.parametrize(("typed", "read"), [
    ("138.0013.8000", "13800138000"), ("010.8357.0885", "010-83570885"),
    ("13800138000（微信同号）", "13800138000"), ("13800138000 (微信)", "13800138000"),
    ("13800138000/010-83570885", "13800138000"), ("13800138000、13900139000", "13800138000"),
    ("010-83570885 13800138000", "010-83570885"),
])
def test_a_phone_with_more_than_its_number_is_read(typed, read):
    assert check_phone(typed) == read
    assert tidy_phone(typed) == read  # as the register stores it


def test_of_two_numbers_the_first_is_stored_and_that_is_said():
    from boostdesk.validate import phone_read_note

    assert phone_read_note("13800138000/010-83570885") == (
        "填了 2 个号码，只登记第一个 13800138000（010-83570885 未登记，如需留存请写在备注中）")
    assert phone_read_note("13800138000（微信同号）") is None
    assert phone_read_note("13800138000") is None


def test_a_phone_of_words_is_still_refused_with_its_reason():
    with pytest.raises(ValidationError, match="无法识别的电话号码"):
        check_phone("13800138000/微信")
    with pytest.raises(ValidationError, match="手机号应为 11 位"):
        check_phone("138.0013.800")


def test_the_import_reads_two_numbers_and_says_so_on_the_row(tmp_path):
    path = write_sheet(tmp_path / "p.xlsx", [
        PATENT_HEADERS, patent_row(联系电话="13800138000/010-83570885")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.errors == [] and len(preview.records) == 1
    assert any("只登记第一个 13800138000" in note for note in preview.read_as[2]), preview.read_as


def _retype(qtbot, form, key, text):
    editor = form.editor(key)
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, text)
    press(qtbot, Qt.Key.Key_Tab)
    form.recheck()
    return form.rows[key].hint.toolTip() or form.rows[key].hint.text()


def test_the_form_stores_the_first_of_two_numbers_saying_so(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    hint = _retype(qtbot, form, "phone", "13800138000/010-83570885")
    assert "只登记第一个 13800138000" in hint and "无法识别" not in hint, hint
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), (answers.errors, answers.questions)
    assert [a.phone for a in reg.patents(2022)] == ["13800138000"]


def test_the_form_refuses_a_phone_it_cannot_read_as_other_unreadable_fields(
        window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    _retype(qtbot, form, "phone", "13800138000/微信")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert form.isVisible() and reg.patents(2022) == []
    [(title, text)] = answers.errors
    assert "无法读取" in title and "联系电话" in text and "无法识别的电话号码" in text, answers.errors
    assert form.editor("phone").hasFocus()


def test_a_phone_stored_unreadable_does_not_stop_a_save_of_the_other_fields(
        window, qtbot, reg, answers):
    """An import keeps a unit's phone that reads as none as written: the paper opened to
    correct its 备注 is saved, the phone kept and said in amber, not refused."""
    from datetime import date

    from test_ui_corrections import open_form, retype

    from boostdesk.models.records import PatentApplication

    app_id = reg.save_patent(PatentApplication(
        2022, title="一种焊缝检测装置", patent_number_raw="ZL202110123456.7",
        grant_date=date(2021, 5, 11), inventor_name="张三", id_number="11010519491231002X",
        unit_name="北京市海淀区总工会", phone="见附页"))
    _screen, form = open_form(qtbot, window, app_id)
    form.recheck()
    assert "原登记如此" in form.rows["phone"].hint.toolTip() + form.rows["phone"].hint.text()
    retype(qtbot, form, "remarks", "据原件更正")
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    assert reg.patent(app_id).remarks == "据原件更正" and reg.patent(app_id).phone == "见附页"
