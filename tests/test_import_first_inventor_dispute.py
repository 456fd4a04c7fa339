"""Two unions' tables each naming another first inventor of one patent: a dispute to settle
from the patent certificate (the plan pays the first inventor, 一（一）), not a correction of
the first paper. --update-registered replaced 海淀's 张三 by 朝阳's 李四 and moved the paper to
朝阳 without a word; it refuses such a row now, naming both claims, and still takes the same
person's corrections (his ID however written) from the same union."""

from __future__ import annotations

from fixtures.summary_sheets import (
    CARD_1,
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    card,
    patent_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import Register

TITLE = ["2022年职工创新发明专利助推汇总表"]
HAIDIAN, CHAOYANG = "北京市海淀区总工会", "北京市朝阳区总工会"
OLD_ID = "110105750505123"  # a 15-digit card's number: 110105197505051232 today
OTHER_ID = resident_id("11010619920404004")
LISI = {"第一发明人": "李四", "身份证号": ID_2, "专利号": INVENTION_2, "专利名称": "一种传感器"}
X_ID = next(i for i in (resident_id(f"110105198001010{n:02d}") for n in range(100))
            if i.endswith("X"))


def _register(tmp_path, capsys, **over: object):
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row(**over)])
    assert main(["import", str(first), "--db", str(db)]) == 0
    capsys.readouterr()
    return db


def _paper(db):
    with Register.open(db) as reg:
        [app] = reg.patents(2022)
        return app


def _lisi_of_chaoyang(tmp_path):
    """朝阳's table: the same patent, its number written otherwise, 李四 its first inventor."""
    return write_sheet(tmp_path / "朝阳区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位=CHAOYANG, 专利号="CN " + INVENTION.removeprefix("ZL"), 第一发明人="李四",
        身份证号=ID_2, 专利名称="一种焊缝检测装置（朝阳）")])


def test_another_unions_first_inventor_is_refused_even_with_update_registered(
        tmp_path, capsys):
    db = _register(tmp_path, capsys)
    table = _lisi_of_chaoyang(tmp_path)
    assert main(["import", str(table), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "--update-registered 按表更新" not in err  # no longer offered for it
    assert "加 --update-registered 也不按表更新" in err

    assert main(["import", str(table), "--db", str(db), "--update-registered"]) == 1
    err = capsys.readouterr().err
    row = next(line for line in err.splitlines() if line.strip().startswith("第 3 行"))
    assert f"第一发明人为张三（{HAIDIAN}推荐）" in row
    assert f"本表第 3 行的第一发明人为李四（{CHAOYANG}推荐）" in row
    assert "属争议" in row and "专利证书" in row and "打开专利1更正" in row
    app = _paper(db)
    assert (app.inventor_name, app.id_number, app.unit_name, app.card_number) == (
        "张三", ID_1, HAIDIAN, CARD_1)


def test_skipping_the_disputed_row_updates_nothing_and_says_why(tmp_path, capsys):
    db = _register(tmp_path, capsys)
    assert main(["import", str(_lisi_of_chaoyang(tmp_path)), "--db", str(db),
                 "--update-registered", "--skip-bad-rows"]) == 1
    err = capsys.readouterr().err
    assert "以下各行属争议，未按表更新" in err and "李四" in err
    assert (_paper(db).inventor_name, _paper(db).unit_name) == ("张三", HAIDIAN)


def test_the_same_person_sent_by_another_union_does_not_move_the_paper(tmp_path, capsys):
    db = _register(tmp_path, capsys)
    other = write_sheet(tmp_path / "朝阳区.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        推荐单位=CHAOYANG, 联系电话="13911112222")])
    assert main(["import", str(other), "--db", str(db), "--update-registered"]) == 1
    err = capsys.readouterr().err
    assert f"由{HAIDIAN}推荐；本表第 3 行由{CHAOYANG}推荐" in err
    assert "请在“专利助推”中打开专利1更正" in err  # the screen's own name
    assert (_paper(db).unit_name, _paper(db).phone) == (HAIDIAN, "13800138000")


def test_a_project_sent_by_another_union_names_the_screen_it_is_corrected_on():
    """The window's project screen is 创新项目 (the route named 项目助推, which is no screen)."""
    from types import SimpleNamespace

    from boostdesk.io.resend import clash

    stored = SimpleNamespace(id=4, unit_name=HAIDIAN)
    said = clash("project", 3, stored, SimpleNamespace(unit_name=CHAOYANG))
    assert "请在“创新项目”中打开项目4更正" in said


def test_the_same_persons_corrections_are_still_taken_his_id_written_15_digits(
        tmp_path, capsys):
    db = _register(tmp_path, capsys, 身份证号=OLD_ID, 工会会员互助服务卡号=CARD_1)
    stored_id = _paper(db).id_number
    new_card = card("621700005555555")
    again = write_sheet(tmp_path / "海淀区（更正）.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        身份证号=OLD_ID, 工会会员互助服务卡号=new_card, 专利名称="一种焊缝检测装置（更正）",
        联系电话="13911112222")])
    assert main(["import", str(again), "--db", str(db), "--update-registered"]) == 0, (
        capsys.readouterr().err)
    app = _paper(db)
    assert (app.title, app.card_number, app.phone) == ("一种焊缝检测装置（更正）", new_card,
                                                       "13911112222")
    assert (app.inventor_name, app.id_number, app.unit_name) == ("张三", stored_id, HAIDIAN)


def test_the_same_persons_corrections_are_still_taken_his_x_written_lower_case(
        tmp_path, capsys):
    db = _register(tmp_path, capsys, 身份证号=X_ID)
    again = write_sheet(tmp_path / "海淀区（更正）.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        身份证号=X_ID.lower(), 第一发明人="张叁", 联系电话="13911112222")])
    # the name taken only with the rename option (按表更新 alone asks it, keeping his facts)
    assert main(["import", str(again), "--db", str(db), "--update-registered",
                 "--rename-people"]) == 0, (
        capsys.readouterr().err)
    app = _paper(db)
    assert (app.inventor_name, app.phone, app.id_number) == ("张叁", "13911112222", X_ID)


def test_the_same_union_naming_another_first_inventor_is_a_dispute_too(tmp_path, capsys):
    db = _register(tmp_path, capsys)
    table = write_sheet(tmp_path / "海淀区（更正）.xlsx", [TITLE, PATENT_HEADERS, patent_row(
        第一发明人="李四", 身份证号=ID_2)])
    assert main(["import", str(table), "--db", str(db), "--update-registered"]) == 1
    err = capsys.readouterr().err
    assert f"本表第 3 行的第一发明人为李四（{HAIDIAN}推荐）" in err
    assert _paper(db).inventor_name == "张三"


def test_a_table_with_a_correction_and_a_dispute_takes_only_the_correction(tmp_path, capsys):
    db = tmp_path / "r.db"
    first = write_sheet(tmp_path / "海淀区.xlsx", [TITLE, PATENT_HEADERS, patent_row(序号=1),
                                                  patent_row(序号=2, **LISI)])
    assert main(["import", str(first), "--db", str(db)]) == 0
    capsys.readouterr()
    table = write_sheet(tmp_path / "海淀区（更正）.xlsx", [
        TITLE, PATENT_HEADERS, patent_row(序号=1, 第一发明人="王五", 身份证号=OTHER_ID),
        patent_row(序号=2, **LISI, 联系电话="13911112222")])
    assert main(["import", str(table), "--db", str(db), "--update-registered",
                 "--skip-bad-rows"]) == 0
    out, err = capsys.readouterr()
    assert "第 4 行：按表更新 专利2：联系电话 138****8000 → 139****2222" in out  # masked
    assert "跳过已登记或重复的 1 行" in err and "第一发明人为王五" in err
    with Register.open(db) as reg:
        apps = {a.id: a for a in reg.patents(2022)}
    assert (apps[1].inventor_name, apps[1].id_number) == ("张三", ID_1)
    assert apps[2].phone == "13911112222"


def _paper_of(number: str, **over: object):
    from datetime import date

    from boostdesk.models import PatentApplication

    return PatentApplication(**{
        "campaign_year": 2022, "title": "一种焊缝检测装置", "patent_number_raw": number,
        "grant_date": date(2021, 3, 5), "inventor_name": "张三", "id_number": ID_1,
        "card_number": CARD_1, "phone": "13800138000", "frontline": True,
        "service_invention": True, "applied_in_production": True, "unit_name": HAIDIAN,
        "enterprise_name": "北京某某科技有限公司", **over})


def test_a_co_inventors_second_paper_names_the_registered_first_inventor_and_union(reg):
    """同一专利不能重复申报 alone did not show the clerk that the second paper is another
    person's claim to be the first inventor: it names the registered one and his union."""
    from boostdesk.rules import check_patent_draft
    from boostdesk.ui.entry_checks import duplicate_patent

    first = reg.save_patent(_paper_of(INVENTION))
    rival = _paper_of("CN " + INVENTION.removeprefix("ZL"), inventor_name="李四",
                      id_number=ID_2, card_number="", unit_name=CHAOYANG)
    [said] = [f.message for f in check_patent_draft(reg, rival).findings
              if f.code == "DUPLICATE_APPLICATION"]
    assert said.startswith(f"专利 {INVENTION} 本年度已有申报（专利{first}），同一专利不能重复申报")
    assert said.endswith(f"：登记册中专利{first}的第一发明人为张三，本申报为李四，"
                         "两人都称是该专利的第一发明人，请按专利证书核定")
    form = duplicate_patent(reg, rival)
    assert form is not None and f"第一发明人 张三（{HAIDIAN}推荐）" in form
    assert "两人都称是该专利的第一发明人，请按专利证书核定" in form

    # stored all the same (as a table's row may be), the year's check says it too
    second = reg.save_patent(rival)
    from boostdesk.rules import recheck

    recheck(reg)
    assert any("第一发明人为张三" in f.message for f in check_patent_draft(
        reg, reg.patent(second)).findings)


def test_the_same_inventors_second_paper_is_no_rival_claim(reg):
    from boostdesk.rules import check_patent_draft
    from boostdesk.ui.entry_checks import duplicate_patent

    reg.save_patent(_paper_of(INVENTION, id_number=OLD_ID))
    again = _paper_of(INVENTION, id_number=OLD_ID, title="一种焊缝检测装置（再报）")
    [said] = [f.message for f in check_patent_draft(reg, again).findings
              if f.code == "DUPLICATE_APPLICATION"]
    assert said.endswith("同一专利不能重复申报（方案一（三））")
    assert "两人都称" not in (duplicate_patent(reg, again) or "")


def test_two_rows_of_one_patent_naming_two_first_inventors_say_so(tmp_path, capsys):
    table = write_sheet(tmp_path / "海淀区.xlsx", [
        TITLE, PATENT_HEADERS, patent_row(序号=1), patent_row(序号=2, 第一发明人="李四",
                                                             身份证号=ID_2)])
    assert main(["import", str(table), "--db", str(tmp_path / "r.db")]) == 1
    err = capsys.readouterr().err
    assert (f"与第 3 行重复（第 3 行的第一发明人为张三（{HAIDIAN}推荐），本行为李四（{HAIDIAN}推荐）："
            "两人都称是该专利的第一发明人，属争议，本行不导入。请按专利证书核定第一发明人：如第 3 行"
            "有误，请在导入后于“专利助推”中打开该申报更正（留有修改记录）；"
            f"如本行有误，请{HAIDIAN}改正）") in err


def test_two_rows_of_one_patent_of_one_inventor_are_a_mere_repeat(tmp_path, capsys):
    table = write_sheet(tmp_path / "海淀区.xlsx", [
        TITLE, PATENT_HEADERS, patent_row(序号=1, 身份证号=X_ID),
        patent_row(序号=2, 身份证号=X_ID.lower())])
    assert main(["import", str(table), "--db", str(tmp_path / "r.db")]) == 1
    err = capsys.readouterr().err
    assert "与第 3 行重复" in err and "两人都称" not in err


def _rival_table(tmp_path, name: str, *rows: list[object]):
    return write_sheet(tmp_path / name, [TITLE, PATENT_HEADERS, *rows])


def test_a_tables_rival_row_sent_again_is_a_dispute_not_a_plain_registered_row(
        tmp_path, capsys):
    """A union's table whose 4th row names 李四 first inventor of 3rd row's patent (张三):
    imported, 张三's paper is registered and 李四's row skipped. Sent again, 李四's row was
    only “已登记（专利1）” (张三's row took the paper, his fell to the repeated-number path):
    it is the same rival claim on a registered paper, a dispute with both names and the route."""
    db = tmp_path / "r.db"
    table = _rival_table(tmp_path, "海淀区.xlsx", patent_row(序号=1), patent_row(
        序号=2, 推荐单位=CHAOYANG, 第一发明人="李四", 身份证号=ID_2, 专利名称="一种焊缝检测装置（李）"))
    assert main(["import", str(table), "--db", str(db), "--skip-bad-rows"]) == 0
    capsys.readouterr()
    assert _paper(db).inventor_name == "张三"

    assert main(["import", str(table), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "其中 1 行与已登记的申报争第一发明人或推荐单位，属争议" in err
    assert main(["import", str(table), "--db", str(db), "--skip-bad-rows",
                 "--update-registered"]) == 1
    err = capsys.readouterr().err
    row = next(line for line in err.splitlines() if line.strip().startswith("第 4 行"))
    assert f"已登记（2022 年度，专利1），第一发明人为张三（{HAIDIAN}推荐）" in row
    assert f"本表第 4 行的第一发明人为李四（{CHAOYANG}推荐）" in row
    assert "属争议" in row and "专利证书" in row and "打开专利1更正" in row
    assert "以下各行属争议，未按表更新" in err
    assert (_paper(db).inventor_name, _paper(db).unit_name) == ("张三", HAIDIAN)


def test_a_rival_row_before_the_papers_own_row_does_not_take_the_paper(tmp_path, capsys):
    """李四's claim listed above 张三's own row: 张三's row is the registered paper (与表中相同),
    李四's the dispute — not 李四's row compared with 张三's paper and 张三's a plain repeat."""
    db = _register(tmp_path, capsys)
    table = _rival_table(tmp_path, "海淀区（再报）.xlsx", patent_row(
        序号=1, 推荐单位=CHAOYANG, 第一发明人="李四", 身份证号=ID_2), patent_row(序号=2))
    assert main(["import", str(table), "--db", str(db)]) == 1
    lines = capsys.readouterr().err.splitlines()
    said = {n: next(x for x in lines if x.strip().startswith(f"第 {n} 行")) for n in (3, 4)}
    assert "第一发明人为张三" in said[3] and "本表第 3 行的第一发明人为李四" in said[3]
    assert said[4].endswith("已登记（2022 年度，专利1），与表中相同")


def test_a_repeated_row_of_the_registered_inventor_stays_a_plain_repeat(tmp_path, capsys):
    db = _register(tmp_path, capsys)
    table = _rival_table(tmp_path, "海淀区（再报）.xlsx", patent_row(序号=1),
                         patent_row(序号=2, 联系电话="13911112222"))
    assert main(["import", str(table), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "第 4 行：专利" in err and "属争议" not in err
