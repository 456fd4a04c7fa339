"""15-digit resident IDs of 2013–2015's tables: read as the 18-digit numbers they became, on
import and in the form, said so; a person registered under one merged into his 18-digit self
by `boostdesk correct id`, the numbers masked in what it says."""

from __future__ import annotations

from datetime import date
from typing import Any

from fixtures.summary_sheets import (
    CARD_1,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    patent_row,
    write_sheet,
)
from PySide6.QtCore import Qt
from test_ui_entry import open_new_form, type_patent
from test_ui_support import answers, closed, ctx, press, qsettings, window

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register, plan_2022

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

CTRL = Qt.KeyboardModifier.ControlModifier
OLD = "110105491231002"  # GB 11643-1999's worked example, as issued before 1999
NEW = "11010519491231002X"
MASKED = "110105********002X"


def test_the_old_number_becomes_its_18_digit_one_with_the_check_character():
    from boostdesk.old_ids import converted, to_18

    assert to_18(OLD) == NEW
    assert converted(OLD) == NEW and converted(f" {OLD[:6]} {OLD[6:]} ") == NEW
    assert converted(NEW) is None  # already 18 digits: nothing converted
    assert converted("110105491331002") is None  # 1949-13-31 is no date


def _run(args: list[str], capsys: Any) -> tuple[int, str, str]:
    code = main([*args, "--operator", "测试员"])
    out, err = capsys.readouterr()
    return code, out, err


def _table(path, year: int, number: str, id_number: str):
    return write_sheet(path, [[f"{year}年职工创新发明专利助推汇总表"], PATENT_HEADERS,
                              patent_row(专利号=number, 身份证号=id_number)], merged=("A1:N1",))


def test_an_old_tables_15_digit_id_is_stored_as_18_digits_and_said(tmp_path, capsys):
    """2013's row is no longer 不合格 for its ID, nor a second person beside his later self."""
    db = tmp_path / "register.db"
    with Register.open(db, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_campaign(plan_2022().for_year(2021))
    code, out, err = _run(["import", str(_table(tmp_path / "a.xlsx", 2021, INVENTION, OLD)),
                           "--db", str(db)], capsys)
    assert code == 0, err
    assert f"第 3 行的身份证号是 15 位旧号，已换算为 18 位登记（如第 3 行 {MASKED}）" in err
    assert "身份证号无效" not in out and OLD not in out + err and NEW not in out + err
    code, out, err = _run(["import", str(_table(tmp_path / "b.xlsx", 2022, INVENTION_2, NEW)),
                           "--db", str(db)], capsys)
    assert code == 0, err
    assert "15 位" not in err
    with Register.open(db, operator="测试员") as reg:
        assert reg.conn.execute("SELECT id_number FROM people").fetchall() == [(NEW,)]
        assert reg.scalar("SELECT COUNT(DISTINCT person_id) FROM patent_applications") == 1


def test_the_row_note_names_the_converted_number(tmp_path):
    """The import window's row note (duplicates.person_notes), masked."""
    from boostdesk.io.duplicates import old_ids_text, person_notes
    from boostdesk.io.importer import read_table

    preview = read_table(_table(tmp_path / "a.xlsx", 2022, INVENTION, OLD), 2022)
    assert preview.records[0].id_number == NEW and preview.old_ids == {3: OLD}
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        assert person_notes(reg, preview) == [(3, f"第 3 行：15 位旧身份证号已换算为 18 位：{MASKED}")]
        assert person_notes(reg, preview, old_ids=False) == []
    assert old_ids_text(preview) is not None


def _split(db, name_18: str = "张三") -> tuple[int, int]:
    """A register as imported before: 2021's paper under the 15-digit number, 2022's under
    the 18-digit one, two people."""
    with Register.open(db, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_campaign(plan_2022().for_year(2021))
        old = reg.save_patent(PatentApplication(2021, title="旧", patent_number_raw=INVENTION,
                                                inventor_name="张三", id_number=OLD,
                                                card_number=CARD_1, grant_date=date(2020, 5, 1)))
        new = reg.save_patent(PatentApplication(2022, title="新", patent_number_raw=INVENTION_2,
                                                inventor_name=name_18, id_number=NEW,
                                                card_number=CARD_1, grant_date=date(2021, 5, 1)))
        assert reg.scalar("SELECT COUNT(*) FROM people") == 2
    return old, new


def test_correct_id_merges_the_15_digit_person_into_his_18_digit_self(tmp_path, capsys):
    db = tmp_path / "register.db"
    old, new = _split(db)
    code, out, err = _run(["correct", "id", OLD, NEW, "--reason", "旧身份证号换算", "--db", str(db)],
                          capsys)
    assert code == 0, err
    assert f"已将“张三”的 15 位旧身份证号 {OLD[:6]}******{OLD[-3:]}" in out and f"更正为 18 位 {MASKED}" in out
    assert f"2021 年度专利{old}、2022 年度专利{new}" in out
    assert OLD not in out and NEW not in out  # masked, as the import says them
    with Register.open(db, operator="测试员") as reg:
        assert reg.conn.execute("SELECT id_number FROM people").fetchall() == [(NEW,)]
        assert reg.scalar("SELECT COUNT(DISTINCT person_id) FROM patent_applications") == 1
        [event] = reg.conn.execute("SELECT operator, before, after FROM audit_events"
                                   " WHERE action = 'correct_id'").fetchall()
        assert event[0] == "测试员" and OLD in event[1] and "旧身份证号换算" in event[2]


def test_correct_id_keeps_two_names_apart_and_masks_the_numbers(tmp_path, capsys):
    db = tmp_path / "register.db"
    _split(db, name_18="张叁")
    code, out, err = _run(["correct", "id", OLD, NEW, "--reason", "换算", "--db", str(db)], capsys)
    assert code == 1
    assert "姓名不同，未合并" in err and MASKED in err
    assert OLD not in err and NEW not in err
    with Register.open(db, operator="测试员") as reg:
        assert reg.scalar("SELECT COUNT(*) FROM people") == 2


def test_an_id_taken_by_another_is_refused_with_the_numbers_masked(tmp_path, capsys):
    """The refusal named both people's numbers whole (the import and the screens mask them)."""
    from fixtures.summary_sheets import ID_1, ID_2

    db = tmp_path / "register.db"
    with Register.open(db, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        for number, name, id_number in ((INVENTION, "张三", ID_1), (INVENTION_2, "李四", ID_2)):
            reg.save_patent(PatentApplication(2022, title=name, patent_number_raw=number,
                                              inventor_name=name, id_number=id_number))
    code, out, err = _run(["correct", "id", ID_1, ID_2, "--reason", "核对", "--db", str(db)], capsys)
    assert code == 1 and "同一身份证号只能是一个人" in err
    assert ID_1 not in err and ID_2 not in err and f"{ID_2[:6]}********{ID_2[-4:]}" in err


def test_the_form_converts_a_typed_15_digit_id_and_says_so(window, qtbot, reg, answers):
    form = open_new_form(qtbot, window, 0)
    type_patent(qtbot, id_number=OLD)
    hint = form.rows["id_number"].hint
    qtbot.waitUntil(lambda: f"15 位旧身份证号已换算为 18 位：{MASKED}" in hint.text().replace("\u200b", ""))  # (breaks let it wrap)
    assert form.editor("id_number").text() == NEW  # left, the field shows the 18 digits
    press(qtbot, Qt.Key.Key_S, CTRL)
    assert closed(form), answers.errors
    [app] = reg.patents(2022)
    assert app.id_number == NEW
    assert reg.scalar("SELECT findings FROM patent_applications WHERE id = ?",
                      (app.id,)).find("PERSON_ID_INVALID") < 0
