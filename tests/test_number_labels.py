"""A number pasted with its label (身份证号：…, 手机13800138000, 联系电话: …) is read with the
label taken off, as 专利号：ZL… already was: the ID said "应为 18 位，实为 23 位" and the phone
"无法识别的电话号码". One function (validate.without_label), the form and the import alike."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import (
    CARD_1,
    ID_1,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, press, qsettings, type_text, window

from boostdesk.io.importer import read_table
from boostdesk.models import plan_2022
from boostdesk.validate import (
    check_phone,
    check_resident_id,
    check_union_card,
    not_a_phone,
    person_key,
    tidy_card,
)

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.parametrize("typed", [
    f"身份证号：{ID_1}", f"身份证号码: {ID_1}", f"身份证 {ID_1}", f"公民身份号码{ID_1}",
    f"居民身份证号：{ID_1[:6]} {ID_1[6:14]} {ID_1[14:]}",
])
def test_an_id_with_its_label_is_the_id(typed):
    assert check_resident_id(typed) == ID_1
    assert person_key(typed) == ID_1  # the register keys the person by it


@pytest.mark.parametrize(("typed", "read"), [
    ("手机13800138000", "13800138000"), ("手机号: 138-0013-8000", "13800138000"),
    ("手机号码：13800138000", "13800138000"), ("联系电话：010-83570885", "010-83570885"),
    ("电话 83570885转123", "010-83570885转123"), ("座机：(010)83570885", "010-83570885"),
])
def test_a_phone_with_its_label_is_the_phone(typed, read):
    assert check_phone(typed) == read


def test_a_label_before_an_id_in_the_phone_field_still_says_it_is_an_id():
    assert (not_a_phone(f"手机：{ID_1}") or "").startswith("这是身份证号，不是电话")


def test_the_import_reads_an_id_and_a_phone_with_their_labels(tmp_path):
    path = write_sheet(tmp_path / "p.xlsx", [
        PATENT_HEADERS, patent_row(身份证号=f"身份证号：{ID_1}", 联系电话="手机号: 13800138000")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.errors == [], preview.errors
    [app] = preview.records
    assert app.id_number == ID_1 and app.phone == "13800138000"
    path = write_sheet(tmp_path / "q.xlsx", [
        PROJECT_HEADERS, project_row(联系电话="联系电话：010-83570885")])
    [app] = read_table(path, 2022, campaign=plan_2022()).records
    assert app.contact_phone == "010-83570885"


def test_the_form_reads_an_id_and_a_phone_pasted_with_their_labels(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    for key, typed, read in (("id_number", f"身份证号：{ID_1}", ID_1),
                             ("phone", "手机13800138000", "13800138000")):
        editor = form.editor(key)
        editor.setFocus()
        editor.selectAll()
        type_text(qtbot, typed)
        press(qtbot, Qt.Key.Key_Tab)
        form.recheck()
        hint = form.rows[key].hint.toolTip() or form.rows[key].hint.text()
        assert "应为 18 位" not in hint and "无法识别" not in hint, hint
        assert editor.text() == read  # tidied on leaving the field, as a number typed alone
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), (answers.errors, answers.questions)
    [app] = reg.patents(2022)
    assert app.id_number == ID_1 and app.phone == "13800138000"


@pytest.mark.parametrize("typed", [
    f"卡号：{CARD_1}", f"会员卡号 {CARD_1}", f"互助服务卡号:{CARD_1}",
    f"工会会员互助服务卡号：{CARD_1[:4]} {CARD_1[4:8]} {CARD_1[8:12]} {CARD_1[12:]}",
])
def test_a_card_with_its_label_is_the_card(typed):
    assert check_union_card(typed) == (CARD_1, [])
    assert tidy_card(typed) == CARD_1  # as stored, and as the shared-card rule compares it


def test_the_import_reads_a_card_with_its_label(tmp_path):
    path = write_sheet(tmp_path / "p.xlsx", [
        PATENT_HEADERS, patent_row(身份证号=ID_1, 工会会员互助服务卡号=f"会员卡号：{CARD_1}")])
    preview = read_table(path, 2022, campaign=plan_2022())
    assert preview.errors == [], preview.errors
    [app] = preview.records
    assert app.card_number == CARD_1


def test_the_form_reads_a_card_pasted_with_its_label(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot)
    editor = form.editor("card_number")
    editor.setFocus()
    editor.selectAll()
    type_text(qtbot, f"互助服务卡号：{CARD_1}")
    press(qtbot, Qt.Key.Key_Tab)
    form.recheck()
    hint = form.rows["card_number"].hint.toolTip() or form.rows["card_number"].hint.text()
    assert "只能包含数字" not in hint, hint
    assert editor.text() == CARD_1  # tidied on leaving the field, as a number typed alone
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), (answers.errors, answers.questions)
    [app] = reg.patents(2022)
    assert app.card_number == CARD_1
