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
from boostdesk.models import PATENT, PatentApplication, Register, plan_2022

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
    # a past year's table is imported into that year only when named (its deadline passed)
    code, out, err = _run(["import", str(_table(tmp_path / "a.xlsx", 2021, INVENTION, OLD)),
                           "--year", "2021", "--db", str(db)], capsys)
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


OLD_MASKED = "110105******002"  # region and sequence shown, its birth date hidden


def test_a_15_digit_id_is_masked_as_its_18_digit_number_is():
    """mask_id showed 13***********69 of one, and mask_text left it whole in a message,
    a note, a trail line or an export."""
    from boostdesk.labels import mask_id as on_screen
    from boostdesk.printing.common import mask_id as on_paper
    from boostdesk.safety.privacy import mask_id, mask_log_text, mask_text

    assert mask_id(OLD) == on_screen(OLD) == on_paper(OLD) == OLD_MASKED
    assert mask_id(NEW) == MASKED  # the same places shown: 110105…002 in both
    assert mask_text(f"原身份证号{OLD}，现为{NEW}。") == f"原身份证号{OLD_MASKED}，现为{MASKED}。"
    assert mask_log_text(f"id={OLD}") == f"id={OLD_MASKED}"


def test_mask_text_leaves_other_15_digit_numbers_and_the_neighbours_as_they_were():
    from boostdesk.safety.privacy import mask_text

    kept = ["110105491331002",  # no birth date (month 13): no ID, as converted() says
            "营业执照注册号 110000012345678",  # an old licence number: 001234 is no date
            "ZL201920123456.7", "201920123456.7",  # patent application numbers
            f"CN{OLD}A", f"A{OLD}", f"{OLD}x",  # inside a longer code
            "13800138000", "6217 0000 1234 567"]  # a mobile; 15 digits grouped (no card)
    for text in kept:
        assert mask_text(text) == text, text
    # beside hanzi or punctuation it is an ID; a union card still masked as a card (16
    # digits: not as an ID), an ID of 18 as before
    assert mask_text(f"证号{OLD}，") == f"证号{OLD_MASKED}，"
    assert mask_text("6217000012345678") == "6217 **** **** 5678"
    assert mask_text(f"{OLD}2") == "1101 **** **** 0022"
    assert mask_text(f"身份证{NEW}") == f"身份证{MASKED}"


def _old_people(db) -> None:
    """Beside _split's 张三: 李四 under a 15-digit number only, 王五's 18-digit namesake
    named 王伍 (kept apart), 赵六's 15-digit number with no birth date."""
    from fixtures.summary_sheets import ID_1

    from boostdesk.old_ids import to_18

    with Register.open(db, operator="测试员") as reg:
        for k, (name, number) in enumerate((("李四", "110105500101001"),
                                            ("王五", "110105600202003"),
                                            ("王伍", to_18("110105600202003")),
                                            ("赵六", "110105501301001"),
                                            ("钱七", ID_1))):
            reg.save_patent(PatentApplication(2021, title=name,
                                              patent_number_raw=f"ZL20192012345{k}.{k}",
                                              inventor_name=name, id_number=number))


def test_correct_old_ids_converts_every_15_digit_person_in_one_go(tmp_path, capsys):
    """Registers loaded before this stop stayed split until `correct id` was run per person."""
    from boostdesk.old_ids import to_18
    from boostdesk.safety import list_backups
    from boostdesk.validate import check_resident_id

    db = tmp_path / "register.db"
    old, new = _split(db)
    _old_people(db)
    li_si = check_resident_id("110105500101001")
    with Register.open(db, operator="测试员") as reg:
        before = reg.conn.execute("SELECT * FROM people ORDER BY id").fetchall()
    code, out, err = _run(["correct", "old-ids", "--dry-run", "--db", str(db)], capsys)
    assert code == 0, err
    assert out.startswith("试运行，未作改动。将换算 15 位旧身份证号 2 人（合并 1 人，改号 1 人），未改动 2 人\n")
    with Register.open(db, operator="测试员") as reg:
        assert reg.conn.execute("SELECT * FROM people ORDER BY id").fetchall() == before
    assert not list_backups(db)

    code, out, err = _run(["correct", "old-ids", "--db", str(db)], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("已换算 15 位旧身份证号 2 人（合并 1 人，改号 1 人），未改动 2 人；改动前已备份：")
    assert f"  “张三” {OLD_MASKED} → {MASKED}：申报：2021 年度专利{old}、2022 年度专利{new}" in lines
    assert f"  “李四” 110105******001 → {li_si[:6]}********{li_si[-4:]}：申报：2021 年度专利" in out
    assert "“王五” 110105******003 →" in out and "姓名不同，未合并" in out
    assert "“赵六” 110105******001 →" in out and "出生日期" in out
    assert OLD not in out and NEW not in out and "110105600202003" not in out
    assert [b.reason for b in list_backups(db)] == ["ids"]
    with Register.open(db, operator="测试员") as reg:
        numbers = {n: i for n, i in reg.conn.execute("SELECT name, id_number FROM people")}
        assert numbers == {"张三": NEW, "李四": li_si, "王五": "110105600202003",
                           "王伍": to_18("110105600202003"), "赵六": "110105501301001",
                           "钱七": numbers["钱七"]}
        assert reg.patent(old).person_id == reg.patent(new).person_id
        # audited per person, on the papers: 张三's moved paper, 李四's person
        assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'correct_id'") == 2
    code, out, err = _run(["correct", "old-ids", "--db", str(db)], capsys)
    assert "已换算 15 位旧身份证号 0 人（合并 0 人，改号 0 人），未改动 2 人" in out


def test_the_merged_papers_trail_shows_the_correction(tmp_path, capsys):
    """`audit --ref 专利N` of the paper moved: the event was the deleted person's."""
    db = tmp_path / "register.db"
    old, new = _split(db)
    code, out, err = _run(["correct", "id", OLD, NEW, "--reason", "旧身份证号换算", "--db", str(db)],
                          capsys)
    assert code == 0, err
    code, out, err = _run(["audit", "--ref", f"专利{old}", "--db", str(db)], capsys)
    assert code == 0, err
    assert f"更正身份证号  身份证号：{OLD_MASKED} → {MASKED}；理由：旧身份证号换算" in out
    assert OLD not in out and NEW not in out
    code, out, err = _run(["audit", "--ref", f"专利{new}", "--db", str(db)], capsys)
    assert "更正身份证号" not in out  # his 2022 paper's number was not changed


def test_a_merge_undone_is_refused_when_the_old_number_is_anothers_since(tmp_path):
    """Register.unmerge_old_id (the window's Ctrl+Z of a merge): all or nothing."""
    from boostdesk.models import RegisterError

    db = tmp_path / "register.db"
    old, new = _split(db)
    with Register.open(db, operator="测试员") as reg:
        person, done = reg.patent(old).person_id, {}
        reg.correct_person_id(person, NEW, "换算", done=done)
        assert done["papers"] == [old] and reg.patent(old).person_id == reg.patent(new).person_id
        later = reg.save_patent(PatentApplication(2021, title="另", patent_number_raw="ZL201920123450.0",
                                                  inventor_name="李四", id_number=OLD))
        try:
            reg.unmerge_old_id(done, "撤销更正：换算")
        except RegisterError as exc:
            assert f"身份证号 {OLD} 现已是“李四”的" in str(exc)
        else:
            raise AssertionError("the old number put back on two people")
        assert reg.patent(old).person_id == reg.patent(new).person_id
        reg.delete_application(PATENT, later)  # 李四's paper typed in error: his number free
        reg.unmerge_old_id(done, "撤销更正：换算")
        assert reg.patent(old).person_id == person and reg.patent(old).id_number == OLD
        assert reg.patent(new).id_number == NEW and reg.scalar("SELECT COUNT(*) FROM people") == 2


def test_correct_id_with_the_old_number_of_the_number_on_file_says_nothing_to_correct(
        tmp_path, capsys):
    """The auditor's 彭晨晨: his 15-digit number typed, converting to the number he has —
    said registered already (was: 更正为 the same masked number, 号码不同), nothing written."""
    db = tmp_path / "register.db"
    _split(db, name_18="张叁")
    with Register.open(db, operator="测试员") as reg:
        lines = reg.scalar("SELECT COUNT(*) FROM audit_events")
    code, out, err = _run(["correct", "id", "张叁", OLD, "--reason", "按原件登记", "--db", str(db)],
                          capsys)
    assert code == 0, err
    assert (f"身份证号已是 {MASKED}，未作改动：该 15 位旧号码换算后就是登记册中的号码，无需更正"
            in out)
    assert "更正为" not in out and "号码不同" not in out
    with Register.open(db, operator="测试员") as reg:
        assert reg.scalar("SELECT COUNT(*) FROM audit_events") == lines
