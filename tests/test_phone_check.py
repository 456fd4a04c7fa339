"""联系电话 holds a telephone number: an ID or card number typed (or an Excel row pasted) into
it is refused by the form and the importer alike, naming what it is, the number masked —
stored, it was printed whole on every masked copy as the worker's phone."""

from __future__ import annotations

import pytest
from fixtures.summary_sheets import (
    CARD_1,
    ID_1,
    INVENTION_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_row,
    project_row,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.io.importer import read_table
from boostdesk.models import Register
from boostdesk.validate import ValidationError, check_phone

OLD_ID = ID_1[:6] + ID_1[8:17]  # the same person's 15-digit pre-1999 number


@pytest.mark.parametrize(("typed", "said", "whole"), [
    (ID_1, "这是身份证号，不是电话", ID_1),
    (f"{ID_1[:6]} {ID_1[6:14]} {ID_1[14:]}", "这是身份证号，不是电话", ID_1[6:14]),
    (ID_1[:17] + ("1" if ID_1[17] != "1" else "2"), "这是身份证号，不是电话", ID_1[:17]),
    (OLD_ID, "这是身份证号，不是电话", OLD_ID),
    (CARD_1, "这是卡号，不是电话", CARD_1),
    ("6217 0000 1000 8888 881", "这是卡号，不是电话", "0000 1000"),
    ("1310013100", "手机号应为 11 位，实为 10 位", None),
    ("+86 135 1234 567", "手机号应为 11 位，实为 10 位", None),
    ("135123456789", "手机号应为 11 位，实为 12 位", None),
])
def test_another_number_typed_as_a_phone_is_refused_saying_what_it_is(typed, said, whole):
    with pytest.raises(ValidationError) as caught:
        check_phone(typed)
    assert said in caught.value.message
    if whole:
        assert whole not in caught.value.message


@pytest.mark.parametrize(("typed", "stored"), [
    ("13800138000", "13800138000"), ("+86 135 1234 5678", "13512345678"),
    ("010-83570885", "010-83570885"), ("83570885", "010-83570885"),
    ("0755-86013388", "0755-86013388"), ("010-83570885转8021", "010-83570885转8021"),
])
def test_a_phone_is_still_a_phone(typed, stored):
    assert check_phone(typed) == stored


def test_the_import_refuses_an_id_or_card_in_the_phone_column_by_row_and_column(tmp_path,
                                                                                capsys):
    path = write_sheet(tmp_path / "phones.xlsx", [
        PATENT_HEADERS,
        patent_row(联系电话=ID_1),
        patent_row(专利号=INVENTION_2, 联系电话="1310013100"),
        patent_row(专利号="ZL202110000002.0", 联系电话=int(CARD_1)),
        patent_row(专利号="ZL202110000003.0", 联系电话="13800138000"),
        patent_row(专利号="ZL202110000004.0", 联系电话="王经理 13800138000"),  # kept as written
    ])
    preview = read_table(path, 2022)
    assert [(e.row, e.column) for e in preview.errors] == [
        (2, "联系电话"), (3, "联系电话"), (4, "联系电话")]
    assert "这是身份证号，不是电话" in preview.errors[0].message
    assert "手机号应为 11 位，实为 10 位" in preview.errors[1].message
    assert "这是卡号，不是电话" in preview.errors[2].message
    assert preview.rows == [5, 6]
    db = tmp_path / "x.db"
    assert main(["import", str(path), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "第 2 行“联系电话”：这是身份证号，不是电话" in err
    assert ID_1 not in err and CARD_1 not in err


def test_the_project_import_refuses_an_id_as_the_contact_s_phone(tmp_path):
    path = write_sheet(tmp_path / "projects.xlsx", [
        PROJECT_HEADERS, project_row(联系电话=ID_1)])
    [error] = read_table(path, 2022).errors
    assert (error.row, error.column) == (2, "联系电话")
    assert "这是身份证号，不是电话" in error.message and ID_1 not in error.message


def test_an_id_excel_stored_as_a_number_is_named_masked(tmp_path, capsys):
    path = write_sheet(tmp_path / "id.xlsx", [
        PATENT_HEADERS, patent_row(身份证号=110105198301010896)])
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 1
    err = capsys.readouterr().err
    # the digits Excel keeps of it (1.10105198301011E+17), masked: its last three are lost
    assert "号码 110105********1000 存成了数字" in err and "110105198301010896" not in err


def test_a_masked_copy_read_back_does_not_store_masked_phones(tmp_path, capsys):
    """The masked 汇总表 shows 138****8000 now: imported again, it was stored as the
    worker's phone, a number nobody can call. (One a registered row's phone fits is read
    as unchanged: test_import_masked_phone.)"""
    path = write_sheet(tmp_path / "masked.xlsx", [
        PATENT_HEADERS, patent_row(联系电话="138****8000")])
    assert main(["import", str(path), "--db", str(tmp_path / "x.db")]) == 0
    err = capsys.readouterr().err
    assert "第 2 行“联系电话”中间已用 * 隐去（如 138****8000）" in err and "电话留空" in err
    assert "财务联可得" not in err  # the 财务联 masks phones too: no copy holds it whole
    with Register.open(tmp_path / "x.db") as reg:
        assert [p.phone for p in reg.patents(2022)] == [""]
