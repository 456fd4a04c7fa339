"""`boostdesk correct`: IT staff correcting names and ID numbers from an auditor's list,
with the window's refusals, a merge only when asked for, and the operator on the trail."""

from __future__ import annotations

import pytest

from boostdesk.cli import main
from boostdesk.models import Register


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _rows(db, sql, args=()):
    reg = Register.open(db, operator="x")
    try:
        return [tuple(r) for r in reg.conn.execute(sql, args)]
    finally:
        reg.close()


def _run(db, *argv):
    return main(["correct", *argv, "--db", str(db), "--operator", "信息科王"])


def test_a_union_spelt_as_another_is_merged_only_when_asked(demo, capsys):
    units = _rows(demo, "SELECT name FROM units ORDER BY id")
    before = _rows(demo, "SELECT COUNT(*) FROM patent_applications a JOIN units u"
                         " ON u.id = a.unit_id WHERE u.name = ?", (units[1][0],))[0][0]
    capsys.readouterr()
    assert _run(demo, "union", units[0][0], units[1][0]) == 1
    err = capsys.readouterr().err
    assert f"登记册中已有推荐单位“{units[1][0]}”" in err and "--merge" in err
    assert _rows(demo, "SELECT name FROM units ORDER BY id") == units  # nothing changed

    assert _run(demo, "union", units[0][0], units[1][0], "--merge", "--reason", "同一工会") == 0
    assert f"已将推荐单位“{units[0][0]}”并入“{units[1][0]}”" in capsys.readouterr().out
    names = [n for (n,) in _rows(demo, "SELECT name FROM units")]
    assert units[0][0] not in names
    after = _rows(demo, "SELECT COUNT(*) FROM patent_applications a JOIN units u"
                        " ON u.id = a.unit_id WHERE u.name = ?", (units[1][0],))[0][0]
    assert after > before
    who = _rows(demo, "SELECT operator FROM audit_events WHERE action = 'merge'"
                      " AND entity = 'units'")
    assert who == [("信息科王",)]


def test_a_paid_union_needs_a_reason_and_the_window_s_refusal_holds(demo, capsys):
    paid = _rows(demo, "SELECT DISTINCT u.name FROM payments p JOIN project_applications a"
                       " ON p.stream = 'project' AND a.id = p.application_id JOIN units u"
                       " ON u.id = a.unit_id WHERE p.payer = 'union' AND p.paid_date IS NOT NULL")
    name = paid[0][0]
    capsys.readouterr()
    assert _run(demo, "union", name, name + "（更名）") == 1
    assert "请写明改名原因" in capsys.readouterr().err
    assert _run(demo, "union", name, name + "（更名）", "--reason", "工会法人证书") == 0
    out = capsys.readouterr().out
    assert "改名为" in out and "提示：" in out and "重印" in out


def test_a_studio_rename_and_an_enterprise_correction(demo, capsys):
    studio = _rows(demo, "SELECT name FROM studios ORDER BY id")[0][0]
    assert _run(demo, "studio", studio, "改后" + studio) == 0
    assert _rows(demo, "SELECT COUNT(*) FROM studios WHERE name = ?", ("改后" + studio,)) == [(1,)]
    company = _rows(demo, "SELECT name FROM enterprises ORDER BY id")[0][0]
    capsys.readouterr()
    assert _run(demo, "enterprise", company, company + "-北京分公司") == 1
    assert "请写明更正原因" in capsys.readouterr().err
    assert _run(demo, "enterprise", company, company + "-北京分公司", "--reason", "营业执照") == 0
    assert _rows(demo, "SELECT COUNT(*) FROM enterprises WHERE name = ?",
                 (company + "-北京分公司",)) == [(1,)]
    assert _run(demo, "enterprise", "没有这家公司", "随便", "--reason", "x") == 1
    assert "登记册中没有所在单位“没有这家公司”" in capsys.readouterr().err


def test_a_person_s_id_and_name_corrected_by_id_or_by_a_name_borne_once(demo, capsys):
    person, name, number = _rows(demo, "SELECT id, name, id_number FROM people ORDER BY id")[0]
    fixed = number[:-4] + "0000"
    from stdnum.cn import ric  # the valid number next to the demo's

    fixed = fixed[:-1] + ric.calc_check_digit(fixed[:-1])
    capsys.readouterr()
    assert _run(demo, "id", number, fixed[:-1] + ("1" if fixed[-1] != "1" else "2"),
                "--reason", "复印件") == 1
    assert "校验位" in capsys.readouterr().err
    assert _run(demo, "id", number.lower(), fixed, "--reason", "复印件") == 0
    out = capsys.readouterr().out
    assert f"已将“{name}”的身份证号" in out and number not in out  # masked, as on screen
    assert _rows(demo, "SELECT id_number FROM people WHERE id = ?", (person,)) == [(fixed,)]
    assert _run(demo, "name", fixed, name + "华", "--reason", "复印件") == 0
    assert _run(demo, "name", name + "华", name, "--reason", "改回") == 0
    assert _rows(demo, "SELECT name FROM people WHERE id = ?", (person,)) == [(name,)]
    trail = _rows(demo, "SELECT action, operator FROM audit_events WHERE entity = 'people'"
                        " AND entity_id = ? ORDER BY id", (person,))
    assert trail[-3:] == [("correct_id", "信息科王"), ("correct_name", "信息科王"),
                          ("correct_name", "信息科王")]


def test_a_corrected_name_is_said_as_stored(demo, capsys):
    """买买提.艾力 typed is stored 买买提·艾力 (the ID card's dot): the line says what is stored."""
    person, number = _rows(demo, "SELECT id, id_number FROM people ORDER BY id")[0]
    capsys.readouterr()
    assert _run(demo, "name", number, "买买提.艾力", "--reason", "身份证") == 0
    assert "的姓名更正为“买买提·艾力”" in capsys.readouterr().out
    assert _rows(demo, "SELECT name FROM people WHERE id = ?", (person,)) == [("买买提·艾力",)]


def test_a_name_borne_by_two_people_asks_for_the_id(demo, capsys):
    a, b = _rows(demo, "SELECT id, name FROM people ORDER BY id LIMIT 2")
    reg = Register.open(demo, operator="x")
    try:
        reg.correct_person_name(b[0], a[1], "同名")
    finally:
        reg.close()
    capsys.readouterr()
    assert _run(demo, "name", a[1], "某某", "--reason", "x") == 1
    err = capsys.readouterr().err
    assert f"姓名为“{a[1]}”的有 2 人" in err and "请写身份证号" in err
    assert _rows(demo, "SELECT COUNT(*) FROM people WHERE name = '某某'") == [(0,)]


@pytest.mark.parametrize("kind, what", [("union", "推荐单位"), ("studio", "工作室")])
def test_an_old_name_not_in_the_register_is_said_so_not_offered_a_merge(demo, capsys, kind, what):
    """A mistyped OLD whose NEW exists: `--merge` would only fail on it, so it is not asked for."""
    table = "units" if kind == "union" else "studios"
    (name,) = _rows(demo, f"SELECT name FROM {table} ORDER BY id LIMIT 1")[0]
    capsys.readouterr()
    assert _run(demo, kind, "并无此名", name) == 1
    err = capsys.readouterr().err
    assert f"登记册中没有{what}“并无此名”" in err and "--merge" not in err


def test_a_corrected_name_with_a_number_in_it_is_refused(demo, capsys):
    """The papers refuse a name with a digit (an ID pasted along: it printed whole on the 审批表
    and went to the bank as the payee); `correct name` and the 人员 screen wrote it."""
    person, number = _rows(demo, "SELECT id, id_number FROM people ORDER BY id")[0]
    before = _rows(demo, "SELECT name FROM people WHERE id = ?", (person,))
    capsys.readouterr()
    assert _run(demo, "name", number, f"张叁 {number}", "--reason", "身份证") != 0
    said = capsys.readouterr().err
    assert "姓名中有数字" in said and number not in said  # masked
    assert _rows(demo, "SELECT name FROM people WHERE id = ?", (person,)) == before


def test_a_card_failing_its_check_digit_is_said_as_the_form_and_check_say_it(demo, capsys):
    """`correct card` said only 已将…更正为 6217***********6781 of a number whose check digit
    fails (the form shows the warning beside it; the money goes to this number)."""
    capsys.readouterr()
    why = ("--reason", "本人换卡")  # an approved award's card (stop 44)
    assert _run(demo, "card", "ZL201910263188.1", "6217000000123456781", *why) == 0
    out = capsys.readouterr().out
    assert "更正为 6217 **** **** *** 6781\n提示：卡号末位校验位不符，请核对" in out, out
    assert "6217000000123456781" not in out  # masked, as the rest of what it says
    assert _run(demo, "card", "ZL201910263188.1", "6217000000123456781", *why) == 0  # again: said again
    assert "未作改动\n提示：卡号末位校验位不符" in capsys.readouterr().out
    # `check` lists a paper's 提示 on the line under its verdict
    assert main(["check", "--db", str(demo)]) == 0
    said = capsys.readouterr().out
    assert "专利 ZL201910263188.1 蒋伟 合格\n    [提示] 卡号末位校验位不符，请核对" in said
    assert _run(demo, "card", "ZL201910263188.1", "6217000000123456786", *why) == 0  # passes its check
    assert "提示" not in capsys.readouterr().out


def test_an_id_typed_wrong_on_a_new_paper_is_merged_into_the_paid_person(tmp_path, capsys):
    """2023's paper of 张三 typed with a wrong ID number made a second 张三, sharing the paid
    2022 张三's card (不合格). `correct id WRONG RIGHT` refused and said to keep the two apart
    (the paper 不合格 for good); it now says the way that works (--merge, or each paper's
    number in its form) and --merge moves the unpaid paper to the paid person."""
    from datetime import date

    from fixtures.summary_sheets import CARD_1, ID_1, ID_2, INVENTION_2
    from test_ui_corrections import a_paid_patent

    from boostdesk.models import plan_2022
    from boostdesk.models.records import PATENT_MATERIALS, PatentApplication
    from boostdesk.rules import recheck

    db = tmp_path / "years.db"
    reg = Register.open(db, operator="测试员")
    paid = a_paid_patent(reg)
    reg.save_campaign(plan_2022().for_year(2023))
    later = reg.save_patent(PatentApplication(
        2023, title="一种焊缝跟踪方法", patent_number_raw=INVENTION_2, grant_date=date(2022, 6, 15),
        inventor_name="张三", id_number=ID_2, card_number=CARD_1, unit_name="北京市海淀区总工会",
        enterprise_name="北京测试有限公司", frontline=True, service_invention=True,
        applied_in_production=True, received_date=date(2023, 10, 20),
        materials=dict.fromkeys(PATENT_MATERIALS, True)))
    recheck(reg)
    reg.close()
    eligible = "SELECT eligible FROM patent_applications WHERE id = ?"
    assert _rows(db, eligible, (later,)) == [(0,)]  # the card is another 张三's
    capsys.readouterr()
    assert _run(db, "id", ID_2, ID_1, "--reason", "据身份证复印件更正") == 1
    err = capsys.readouterr().err
    assert "保留现状" not in err and "--merge" in err and "专利助推" in err, err
    assert _run(db, "id", ID_2, ID_1, "--reason", "据身份证复印件更正", "--merge") == 0
    out = capsys.readouterr().out
    assert "合并" in out and f"专利{paid}" in out and f"专利{later}" in out, out
    assert _rows(db, "SELECT COUNT(*) FROM people") == [(1,)]
    assert _rows(db, eligible, (later,)) == [(1,)]
    assert _rows(db, "SELECT id_number FROM people") == [(ID_1,)]


def test_correct_id_merge_is_refused_when_the_names_differ_or_money_was_sent(tmp_path, capsys):
    from fixtures.summary_sheets import CARD_2, ID_1, ID_2, INVENTION_2
    from test_ui_corrections import a_paid_patent

    db = tmp_path / "two.db"
    reg = Register.open(db, operator="测试员")
    a_paid_patent(reg)
    a_paid_patent(reg, number=INVENTION_2, name="李四", id_number=ID_2, card=CARD_2, pay=False)
    reg.close()
    capsys.readouterr()
    assert _run(db, "id", ID_2, ID_1, "--reason", "核对", "--merge") == 1
    assert "姓名不同，未合并" in capsys.readouterr().err
    assert _run(db, "id", ID_1, ID_2, "--reason", "核对", "--merge") == 1
    assert "已有款项汇出" in capsys.readouterr().err
    assert _rows(db, "SELECT COUNT(*) FROM people") == [(2,)]


def test_a_corrected_name_with_a_bracketed_title_is_refused_saying_where_it_goes(demo, capsys):
    """IT's tester, stop 47: the papers and the import read 李红兵（高级工程师） as 李红兵 and say
    the title belongs in 备注, but `correct name` wrote the bracket on every paper, paid ones
    too (the 审批表, and the payee's name at the bank) — refused as a digit is there."""
    person, number, name = _rows(demo, "SELECT id, id_number, name FROM people ORDER BY id")[0]
    capsys.readouterr()
    for typed, title in ((f"{name}（高级工程师）", "高级工程师"), (f"{name}(主任", "主任")):
        assert _run(demo, "name", number, typed, "--reason", "身份证") == 1
        said = capsys.readouterr().err
        assert f"括号中的“{title}”不是姓名，请只填“{name}”" in said, said
        assert "备注" in said and number not in said
        assert _rows(demo, "SELECT name FROM people WHERE id = ?", (person,)) == [(name,)]
    assert _run(demo, "name", number, f"（{name}）", "--reason", "身份证") == 1
    assert "姓名不能有括号" in capsys.readouterr().err
    # the same name without it is taken, as before
    assert _run(demo, "name", number, name[0] + "某某", "--reason", "身份证") == 0
    assert _rows(demo, "SELECT name FROM people WHERE id = ?", (person,)) == [(name[0] + "某某",)]
