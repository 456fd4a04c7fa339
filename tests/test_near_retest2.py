"""What the second re-test of the near-copy questions found: a name typed in pinyin paid
twice (Shao Min beside the paid 邵敏: his phone, an ID a digit off), an honest original
still asked about once its copy was refused, an enterprise in traditional characters
registered as another, and smaller words said wrongly."""

from __future__ import annotations

from dataclasses import replace

import pytest
from fixtures.summary_sheets import (
    PATENT_HEADERS,
    PROJECT_HEADERS,
    card,
    patent_no,
    patent_row,
    project_row,
    resident_id,
    write_sheet,
)
from test_near_copies import NEAR_ID, NEAR_PERSON, NEAR_TITLE, PAID_ID, STUDIO, patent, project

from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.near_names import NameIndex
from boostdesk.rules import check_campaign, check_patent_draft, recheck
from boostdesk.rules import near_people as near_people_module
from boostdesk.rules.patent import LATIN_NAME

# Li Ming's ID: the paid 黎明's but for the body's last digit
RENAMED_ID = resident_id(PAID_ID[:16] + "5")
SAME_TITLE = "SAME_TITLE_OTHER_STUDIO"
SAME_BIRTH_ID = resident_id(PAID_ID[:14] + "777")  # born the same day, another sequence


def _findings(reg: Register, app_id: int) -> str:
    return reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (app_id,))


# -- 1. another name, the same phone ------------------------------------------------------
def test_a_pinyin_name_with_the_paid_ones_phone_and_a_near_id_is_asked_about(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        first = reg.save_patent(patent(patent_no("202110123456")))
        copy = patent(patent_no("202110654321"), inventor_name="Li Ming", id_number=RENAMED_ID,
                      card_number=card("621700009876543"))
        [f] = [f for f in check_patent_draft(reg, copy).findings if f.code == NEAR_PERSON]
        assert "可能与已登记的 黎明（身份证" in f.message
        assert "姓名不同（Li Ming），联系电话相同，身份证号只差一位" in f.message
        assert "请核对姓名和身份证号" in f.message
        copy_id = reg.save_patent(copy)
        recheck(reg)
        assert NEAR_PERSON in _findings(reg, copy_id) and NEAR_PERSON in _findings(reg, first)
    assert main(["review", "decide", f"专利{copy_id}", "--pass", "--db", str(path)]) != 0
    assert f"（其申报：专利{first}）" in capsys.readouterr().err


def test_another_name_with_the_same_phone_and_birth_date_is_near_another_birth_date_not(
        tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_patent(patent(patent_no("202110123456")))
        born = patent(patent_no("202110654321"), inventor_name="李明",
                      id_number=SAME_BIRTH_ID, card_number=card("621700009876543"))
        [f] = [f for f in check_patent_draft(reg, born).findings if f.code == NEAR_PERSON]
        assert "联系电话相同，身份证号中的出生日期相同" in f.message
        # a colleague at the office's phone, born another day: no question
        colleague = replace(born, id_number=resident_id("11010619851212123"))
        assert NEAR_PERSON not in [f.code for f in check_patent_draft(reg, colleague).findings]


def test_a_campaigns_check_finds_the_renamed_one_as_the_form_does(tmp_path, monkeypatch):
    monkeypatch.setattr(near_people_module, "_SMALL", 1)  # the campaign's way at any size
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        first = reg.save_patent(patent(patent_no("202110123456")))
        copy = reg.save_patent(patent(patent_no("202110654321"), inventor_name="Li Ming",
                                      id_number=RENAMED_ID, card_number=card("621700009876543")))
        said = {v.app_id: [f.message for f in v.findings if f.code == NEAR_PERSON]
                for v in check_campaign(reg, 2022) if v.stream == "patent"}
        assert "姓名不同（Li Ming）" in said[copy][0] and "已登记的 黎明" in said[copy][0]
        assert "姓名不同（黎明）" in said[first][0] and "已登记的 Li Ming" in said[first][0]


# -- 2. the copy refused: the original stands ---------------------------------------------
def _pair(path) -> tuple[int, int]:
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        first = reg.save_patent(patent(patent_no("202110123456")))
        copy = reg.save_patent(patent(patent_no("202110654321"), id_number=NEAR_ID,
                                      card_number=card("621700009876543")))
        recheck(reg)
    return first, copy


def test_the_original_is_asked_about_no_more_once_its_near_copy_is_refused(tmp_path, capsys):
    path = tmp_path / "r.db"
    first, copy = _pair(path)
    db = ["--db", str(path)]
    assert main(["review", "decide", f"专利{first}", "--pass", *db, "--yes"]) == 0
    assert main(["review", "decide", f"专利{first}", "--approve", *db]) != 0  # asked
    assert main(["review", "decide", f"专利{copy}", "--refuse", *db,
                 "--reason", "身份证号与已核准的黎明只差一位，重复申报"]) == 0
    capsys.readouterr()
    assert main(["review", "decide", f"专利{first}", "--approve", *db]) == 0
    with Register.open(path) as reg:
        assert reg.patent(first).status == "approved"
        assert NEAR_PERSON not in _findings(reg, first)
        assert NEAR_PERSON in _findings(reg, copy)  # the refused copy still says why
    assert main(["pay", "list", *db, "--year", "2022"]) == 0
    assert "近似重复" not in capsys.readouterr().out


def test_the_question_names_the_merge_and_the_refusal_not_only_distinct(tmp_path, capsys):
    path = tmp_path / "r.db"
    first, copy = _pair(path)
    assert main(["review", "decide", f"专利{copy}", "--pass", "--db", str(path)]) != 0
    said = capsys.readouterr().err
    assert "correct id" in said and "--merge" in said
    assert f"review decide 专利{copy} --refuse" in said or "--refuse" in said
    assert "people-distinct" in said  # the third answer, when they are two people


def test_a_near_title_copy_refused_at_qualification_leaves_the_original_unmarked(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        one = reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室",
                                       leader="孙丽华"))
        two = reg.save_project(project("单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室",
                                       leader="王刚"))
        recheck(reg)
        assert NEAR_TITLE in reg.scalar(
            "SELECT findings FROM project_applications WHERE id = ?", (one,))
    db = ["--db", str(path), "--year", "2022"]
    assert main(["panel", "qualify", f"项目{two}", "--refuse", "--reason", "改名重复申报", *db]) == 0
    with Register.open(path) as reg:
        assert NEAR_TITLE not in reg.scalar(
            "SELECT findings FROM project_applications WHERE id = ?", (one,))
    capsys.readouterr()
    assert main(["panel", "qualify", f"项目{one}", "--pass", *db]) == 0  # nothing asked



def test_a_same_title_copy_of_another_studio_refused_leaves_the_original_unasked(tmp_path):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        one = reg.save_project(project("特殊钢连铸坯在线质量判定系统研发", "连铸质量创新工作室",
                                       leader="王强"))
        two = reg.save_project(project("特殊钢连铸坯在线质量判定系统研发",
                                       "李红兵劳模创新工作室", leader="李红兵"))
        recheck(reg)
        assert SAME_TITLE in reg.scalar(
            "SELECT findings FROM project_applications WHERE id = ?", (one,))
    assert main(["panel", "qualify", f"项目{two}", "--refuse", "--reason", "重复申报",
                 "--db", str(path), "--year", "2022"]) == 0
    with Register.open(path) as reg:
        assert SAME_TITLE not in reg.scalar(
            "SELECT findings FROM project_applications WHERE id = ?", (one,))
        assert SAME_TITLE in reg.scalar(
            "SELECT findings FROM project_applications WHERE id = ?", (two,))

# -- 3. an enterprise and a leader written in traditional characters -----------------------
WORKS_SIMPLE = "北京博瑞康生物医药有限公司"
WORKS_TRAD = "北京博瑞康生物醫藥有限公司"


def test_an_enterprise_in_traditional_characters_is_near_the_registered_one():
    index = NameIndex(enterprises=True).sync({WORKS_SIMPLE})
    [found] = index.near(WORKS_TRAD)
    assert found.name == WORKS_SIMPLE and found.why == "只差繁体字与简体字"
    # spaces and width alone still say so, not 繁体
    [plain] = index.near("北京博瑞康生物医药（有限公司）")
    assert "繁体" not in plain.why


def test_an_import_says_the_traditional_enterprise_and_leader_are_the_registered_ones(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_project(project("抗体药物偶联物工艺放大研究", "孙丽华职工创新工作室",
                                 leader="孙丽华", enterprise_name=WORKS_SIMPLE))
    rows = [[*PROJECT_HEADERS, "所在单位"]]
    for n, (studio, leader, title) in enumerate([
            ("孙丽华职工创新工作室", "孙丽华", "细胞培养基国产化替代研究"),
            ("孙丽华职工创新工作室", "孫麗華", "一次性生物反应器应用研究"),
            ("孫麗華職工創新工作室", "孫麗華", "层析填料再生工艺研究")], 1):
        rows.append([*project_row(序号=n, 工作室名称=studio, 领衔人=leader, 项目名称=title,
                                  工作室级别="区级"), WORKS_TRAD])
    sheet = write_sheet(tmp_path / "p.xlsx", rows)
    main(["import", str(sheet), "--db", str(path), "--year", "2022"])
    said = "".join(capsys.readouterr())
    assert "与第 2 行的孙丽华只差繁体字与简体字：按第 2 行登记" in said
    assert "不同：按第 2 行" not in said
    assert f"所在单位“{WORKS_TRAD}”" in said and f"相近的有“{WORKS_SIMPLE}”（只差繁体字与简体字）" in said


# -- 4. smaller words ---------------------------------------------------------------------
def test_an_id_with_two_digits_swapped_is_said_swapped_not_one_digit_off(tmp_path):
    swapped = resident_id(PAID_ID[:14] + PAID_ID[15] + PAID_ID[14] + PAID_ID[16])
    assert swapped[14:16] != PAID_ID[14:16]  # (two neighbours that differ)
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_patent(patent(patent_no("202110123456")))
        copy = patent(patent_no("202110654321"), id_number=swapped,
                      card_number=card("621700009876543"), phone="13900000000")
        [f] = [f for f in check_patent_draft(reg, copy).findings if f.code == NEAR_PERSON]
    assert "身份证号第 15、16 位颠倒" in f.message and "只差一位" not in f.message


def test_studios_distinct_takes_a_reason_and_writes_it_on_the_trail(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_project(project("精密测量仪器校准装置研制"))
        reg.save_project(project("激光干涉仪校准流程优化", "精密仪器装调职工创新工作室",
                                 leader="冯华"))
    args = ["correct", "studios-distinct", "精密仪器装调职工创新工作室", STUDIO, "--db", str(path)]
    with pytest.raises(SystemExit):
        main(args)  # argparse: --reason required
    assert "--reason" in capsys.readouterr().err
    assert main([*args, "--reason", "两位领衔人，两个企业"]) == 0
    with Register.open(path) as reg:
        sid = reg.scalar("SELECT id FROM studios WHERE name = ?", ("精密仪器装调职工创新工作室",))
        [line] = [e for e in reg.audit_trail("studio", sid) if e["action"] == "confirm_distinct"]
        assert line["after"]["reason"] == "两位领衔人，两个企业"


def test_titles_distinct_refuses_a_pair_never_asked_about(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        one = reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室",
                                       leader="孙丽华"))
        other = reg.save_project(project("信息系统自动化运维平台搭建", "运维保障创新工作室",
                                         leader="高峻"))
    assert main(["correct", "titles-distinct", f"项目{other}", f"项目{one}", "--db", str(path),
                 "--reason", "不同项目"]) != 0
    assert "这两项没有近似提示" in capsys.readouterr().err
    with Register.open(path) as reg:
        assert reg.scalar("SELECT COUNT(*) FROM register_settings WHERE key = 'titles_distinct'"
                          ) == 0


def test_studios_near_keeps_the_simplified_name_typed_second(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_project(project("偽劣药品快速识别装置研制", "偽劣药品识别创新工作室", leader="周红"))
        reg.save_project(project("伪劣药品检测流程优化研究", "伪劣药品识别创新工作室", leader="周红"))
    assert main(["correct", "studios-near", "--dry-run", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "“偽劣药品识别创新工作室”（领衔人 周红） → “伪劣药品识别创新工作室”" in out


def test_todo_suggests_the_command_that_works_for_a_near_copy(tmp_path, capsys):
    path = tmp_path / "r.db"
    _first, copy = _pair(path)
    assert main(["todo", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"核对近似重复后：boostdesk --db {path} review decide 专利{copy} --yes --pass" in out


def test_a_first_inventors_name_in_latin_letters_is_said_at_intake(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        typed = patent(patent_no("202110654321"), inventor_name="Shao Min")
        [f] = [f for f in check_patent_draft(reg, typed).findings if f.code == LATIN_NAME]
        assert not f.blocking and "居民身份证上的姓名是汉字" in f.message
        # a minority's name is hanzi with its dot; a foreigner's permanent residence ID (9…)
        for fine in (replace(typed, inventor_name="买买提·艾力"),
                     replace(typed, id_number="911156198001010019")):
            assert LATIN_NAME not in [f.code for f in check_patent_draft(reg, fine).findings]
    sheet = write_sheet(tmp_path / "p.xlsx", [PATENT_HEADERS, patent_row(第一发明人="Shao Min")])
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = "".join(capsys.readouterr())
    assert "请核对 1 行（第一发明人姓名是拼音或外文字母，身份证上的姓名是汉字）" in said
    assert "第一发明人姓名“Shao Min”是拼音或外文字母" in said


def test_an_import_judges_a_person_whose_only_paper_it_brings_refused_as_gone():
    """An import bringing 张三's papers and, refused, those of another 张三 of the same
    phone stored the 提示 可能与已登记的 张三…为同一人 on the next year's paper (the refused
    paper not yet stored when judged), which the campaign's check, seeing it refused, no
    longer says (test_recheck's state machine found it)."""
    from boostdesk.models import PatentApplication
    from boostdesk.rules.check import judge_new
    from boostdesk.rules.findings import to_json

    reg = Register.open(":memory:", operator="测试员")
    reg.save_campaign(reg.campaign(2022).for_year(2021))
    recheck(reg)
    one, other = "110108198001010015", "110105198507070024"

    def paper(year: int, number: str, status: str = "registered") -> PatentApplication:
        return PatentApplication(
            campaign_year=year, title="焊缝识别", patent_number_raw="ZL202110123456.7",
            inventor_name="张三", id_number=number, card_number="6214680000000000008",
            phone="13800138000", frontline=True, service_invention=True,
            applied_in_production=True, unit_name="海淀区总工会", status=status)

    reg.insert_patents([paper(2021, one), paper(2021, other, "refused"), paper(2022, one)],
                       judge=lambda new: judge_new(reg, new))
    for year in (2021, 2022):
        for v in check_campaign(reg, year):
            stored = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?",
                                (v.app_id,))
            assert stored == to_json(v.findings), (year, v.app_id)
    reg.close()
