"""A studio, project or person sent again under a name written nearly as a registered one.

A discipline inspection found: 精密仪器装调创新工作室, with its papers of the year, sent more
as 精密仪器装调职工创新工作室 and 北京电子城精密仪器装调创新工作室 (same leader, same
enterprise), all 合格; 李红兵劳模创新工作室（特钢） and a studio of another leader sent near
copies of an approved project's title; and 黎明 came back with the paid 黎明's phone and an
ID one digit off, a new person. Each is now a question (请核对): the studios' papers count
together towards 二（二）2 until the office confirms they are two studios; near titles and
near people are a 提示 at import, in the form and in ``check``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

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

from boostdesk.cli import main
from boostdesk.models import CITY, Register, plan_2022
from boostdesk.models.records import (
    PATENT_MATERIALS,
    PROJECT_MATERIALS,
    PatentApplication,
    ProjectApplication,
)
from boostdesk.rules import check_campaign, check_patent_draft, check_project_draft, recheck
from boostdesk.rules.near_people import ids_one_off
from boostdesk.rules.near_titles import near
from boostdesk.studio_names import name_variants, register_variants

WAN = 10_000_00
STUDIO = "精密仪器装调创新工作室"
WORKS = "北京电子城精密仪器有限公司"
OVER = "NEAR_STUDIO_TOO_MANY_APPLICATIONS"
NEAR_TITLE = "NEAR_TITLE"
NEAR_PERSON = "PERSON_NEAR_REGISTERED"


def project(title: str, studio: str = STUDIO, **over) -> ProjectApplication:
    return replace(ProjectApplication(
        2022, title=title, studio_name=studio, studio_level=CITY, leader="邓秀英",
        unit_name="北京电子城直属企业联合工会", enterprise_name=WORKS,
        approval_date=date(2022, 4, 1), startup_funds_paid=True,
        planned_completion=date(2023, 12, 31), total_budget_fen=40 * WAN,
        requested_fen=10 * WAN, contact_name="邓秀英", contact_phone="13900000001",
        received_date=date(2022, 10, 21), materials=dict.fromkeys(PROJECT_MATERIALS, True)),
        **over)


def codes_of(reg: Register, app_id: int) -> list[str]:
    [v] = [v for v in check_campaign(reg, 2022) if v.stream == "project" and v.app_id == app_id]
    return [f.code for f in v.findings]


def two_papers(reg: Register) -> None:
    reg.save_campaign(plan_2022())
    reg.save_project(project("精密测量仪器校准装置研制"))
    reg.save_project(project("高精度齿轮测量中心国产化应用"))


# -- the studios' names -------------------------------------------------------------------
def test_a_studio_name_is_also_meant_without_its_enterprise_prefix_or_bracketed_suffix():
    assert "精密仪器装调" in name_variants("北京电子城精密仪器装调创新工作室", WORKS)
    assert "李红兵" in name_variants("李红兵劳模创新工作室（特钢）", "首钢特钢材料有限公司")
    assert "精密仪器装调" in name_variants("北京精密仪器装调创新工作室")  # the city
    # a prefix not of its enterprise is the name's own
    assert "精密仪器装调" not in name_variants("北京电子城精密仪器装调创新工作室", "首钢集团")


def test_correct_studios_near_finds_the_prefixed_and_the_bracketed_names(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        two_papers(reg)
        reg.save_project(project("激光干涉仪校准流程优化", "北京电子城精密仪器装调创新工作室"))
        steel = dict(leader="李红兵", enterprise_name="首钢特钢材料有限公司")
        reg.save_project(project("转炉炼钢终点碳温预测模型开发", "李红兵劳模创新工作室", **steel))
        reg.save_project(project("特钢连铸坯在线判定系统研发", "李红兵劳模创新工作室（特钢）", **steel))
        # the same name cut, in another enterprise: another studio
        reg.save_project(project("风电机组主轴快速检修装置研制", "北京电子城王杰技能大师工作室",
                                 leader="王杰", enterprise_name="北京电子城某某有限公司"))
        reg.save_project(project("包装机安全预警关键技术研究", "王杰技能大师工作室",
                                 leader="王杰", enterprise_name="首钢智能装备制造有限公司"))
        joined = {(v.studio.name, v.into.name) for v in register_variants(reg.conn) if v.into}
    assert joined == {("北京电子城精密仪器装调创新工作室", STUDIO),
                      ("李红兵劳模创新工作室（特钢）", "李红兵劳模创新工作室")}


# -- 二（二）2 over near studios ------------------------------------------------------------
def test_a_renamed_studio_of_the_same_leader_and_enterprise_counts_towards_the_limit(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        two_papers(reg)
        third = reg.save_project(project("激光干涉仪校准流程优化", "北京电子城精密仪器装调创新工作室"))
        other = reg.save_project(project("三坐标测量机软件补偿算法", "精密仪器装调职工创新工作室"))
        recheck(reg)
        assert OVER in codes_of(reg, third) and OVER in codes_of(reg, other)
        [f] = [f for f in check_campaign(reg, 2022) if f.app_id == third][0].findings
        assert f.blocking and "可能为同一工作室，请核对：连同“精密仪器装调职工创新工作室”，这 3 个工作室本年度合计申报 4 项，此为第 3 项" in f.message
        # the form says it of a paper being typed, not yet saved
        typed = check_project_draft(reg, project("光栅尺装调检测工装研制", "电子城精密仪器装调工作室"))
        assert OVER in [f.code for f in typed.findings]


def test_another_name_of_the_same_leader_and_enterprise_counts_too_until_confirmed(tmp_path):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        two_papers(reg)
        third = reg.save_project(project("激光干涉仪校准流程优化", "邓秀英技能大师工作室"))
        recheck(reg)
        assert OVER in codes_of(reg, third)
    assert main(["correct", "studios-distinct", "邓秀英技能大师工作室", STUDIO,
                 "--db", str(path), "--reason", "两个工作室"]) == 0
    with Register.open(path) as reg:
        assert OVER not in codes_of(reg, third)
        stored = reg.scalar("SELECT findings FROM project_applications WHERE id = ?", (third,))
        assert OVER not in stored


def test_studios_named_alike_in_two_enterprises_are_not_counted_together(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        two_papers(reg)
        third = reg.save_project(project("激光干涉仪校准流程优化", "精密仪器装调职工创新工作室",
                                         leader="王杰", enterprise_name="首钢智能装备制造有限公司"))
        recheck(reg)
        assert OVER not in codes_of(reg, third)


# -- near titles -----------------------------------------------------------------------------
def test_a_title_with_words_left_out_or_added_is_near_one_with_a_word_put_for_another_is_not():
    approved = "特殊钢连铸坯质量在线判定系统研发"
    assert near("特钢连铸坯在线判定系统研发", approved)
    assert near("特殊钢连铸坯质量在线智能判定系统的研发", approved)
    assert not near("冷轧产线主轴快速检修工艺改进", "冷轧产线主轴快速检修装置研制")
    assert not near("基于北斗定位的热轧产线沥青路面温度监测改造", "基于北斗定位的热轧产线沥青路面运行状态监测改造")


def test_a_near_copy_of_a_registered_title_is_asked_at_import_in_the_form_and_in_check(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        two_papers(reg)
        approved = reg.save_project(project("特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室",
                                            leader="李红兵", enterprise_name="首钢特钢材料有限公司"))
        typed = check_project_draft(reg, project("特钢连铸坯在线判定系统研发", "马国庆职工创新工作室",
                                                 leader="马国庆"))
        assert NEAR_TITLE in [f.code for f in typed.findings]
    sheet = write_sheet(tmp_path / "j.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称="马国庆职工创新工作室", 领衔人="马国庆",
        项目名称="特殊钢连铸坯质量在线智能判定系统的研发", 推荐单位="首钢集团工会")])
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr()
    assert "请核对 1 行（项目名称与已登记的项目相近）" in said.out + said.err
    with Register.open(path) as reg:
        [new] = [a for a in reg.projects(2022) if a.studio_name == "马国庆职工创新工作室"]
        assert NEAR_TITLE in codes_of(reg, new.id)
        assert NEAR_TITLE in codes_of(reg, approved)  # said of both papers


def test_the_import_says_a_title_another_studio_has_this_year(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        two_papers(reg)
    sheet = write_sheet(tmp_path / "j.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称="马国庆职工创新工作室", 领衔人="马国庆", 项目名称="精密测量仪器校准装置研制",
        推荐单位="首钢集团工会")])
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr()
    assert "请核对 1 行（本年度已有同名项目）" in said.out + said.err


# -- near people ---------------------------------------------------------------------------
PAID_ID = resident_id("11010619800501933")
NEAR_ID = resident_id("11010619810501933")  # born 1981, not 1980: one digit


def patent(number: str, **over) -> PatentApplication:
    return replace(PatentApplication(
        campaign_year=2022, title="一种焊缝缺陷的超声检测方法", patent_number_raw=number,
        grant_date=date(2021, 6, 15), inventor_name="黎明", id_number=PAID_ID,
        card_number=card("621700005555555"), phone="15552756056", frontline=True,
        service_invention=True, applied_in_production=True, unit_name="朝阳区总工会",
        enterprise_name="北京朝阳测试有限公司", received_date=date(2022, 10, 25),
        materials=dict.fromkeys(PATENT_MATERIALS, True)), **over)


def test_an_id_one_digit_off_or_two_digits_swapped_is_near():
    assert ids_one_off(PAID_ID, NEAR_ID)
    assert ids_one_off("110106198005019337", "110106198050019337"[:17] + "7")
    assert not ids_one_off(PAID_ID, resident_id("11010619911501933"))


def test_a_person_of_the_same_name_and_phone_with_another_id_is_asked_not_refused(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_patent(patent(patent_no("202110123456")))
        new = patent(patent_no("202110654321"), id_number=NEAR_ID, card_number=card("621700009876543"))
        typed = check_patent_draft(reg, new)
        [f] = [f for f in typed.findings if f.code == NEAR_PERSON]
        assert not f.blocking and "可能与已登记的 黎明（身份证 110106********" in f.message
        # another ID far off and another phone: another 黎明
        other = replace(new, id_number=resident_id("11010219920202008"), phone="13800000000")
        assert NEAR_PERSON not in [f.code for f in check_patent_draft(reg, other).findings]
    sheet = write_sheet(tmp_path / "p.xlsx", [PATENT_HEADERS, patent_row(
        推荐单位="朝阳区总工会", 所在单位="北京朝阳测试有限公司", 第一发明人="黎明",
        身份证号=NEAR_ID, 专利号=patent_no("202110654321"), 联系电话="15552756056",
        工会会员互助服务卡号=card("621700009876543"))])
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr()
    assert "请核对 1 行（申报人可能与已登记的人为同一人）" in said.out + said.err
    with Register.open(path) as reg:
        verdicts = [v for v in check_campaign(reg, 2022) if v.stream == "patent"]
        assert all(NEAR_PERSON in [f.code for f in v.findings] for v in verdicts)
        assert all(v.eligible for v in verdicts if v.eligible is not None)


def near_said(reg: Register, app_id: int) -> bool:
    """Whether the stored verdict of a patent paper says its inventor is near another, and
    the stored verdicts are those of the campaign's check."""
    for v in check_campaign(reg, 2022):
        stored = reg.scalar(f"SELECT findings FROM {v.stream}_applications WHERE id = ?",
                            (v.app_id,))
        assert (NEAR_PERSON in stored) == (NEAR_PERSON in [f.code for f in v.findings]), v
    return NEAR_PERSON in reg.scalar("SELECT findings FROM patent_applications WHERE id = ?",
                                     (app_id,))


def test_a_recheck_judges_again_the_papers_near_a_person_renamed_added_or_removed_alone(
        tmp_path):
    """A save re-judges the papers of the people near those it changed, as they are and as
    they were (a person renamed or gone leaves his namesakes near him then), and not every
    paper saying its inventor is near someone (a full read of 100,000 papers a save)."""
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        paid = reg.save_patent(patent(patent_no("202110123456")))
        near = reg.save_patent(patent(patent_no("202110654321"), id_number=NEAR_ID,
                                      card_number=card("621700009876543"), phone="13700000000"))
        # another pair near each other, which none of the writes below concerns
        others = [reg.save_patent(patent(
            patent_no(f"20211011111{n}"), inventor_name="张伟", phone="13911112222",
            id_number=resident_id(f"1101081990010100{n}"), card_number=card(f"62170000111122{n}")))
            for n in (1, 2)]
        recheck(reg)
        assert near_said(reg, near) and near_said(reg, others[0])

        def rechecked() -> set[int]:
            judged = {v.app_id for v in recheck(reg) if v.stream == "patent"}
            assert not judged & set(others)
            return judged

        # renamed: 黎明 of the paid paper was 黎敏 — the other 黎明 is near no one now
        [person] = [r[0] for r in reg.conn.execute(
            "SELECT person_id FROM patent_applications WHERE id = ?", (paid,))]
        reg.correct_person_name(person, "黎敏", "身份证复印件为“黎敏”")
        assert near in rechecked() and not near_said(reg, near)
        # added: a third 黎明 with his phone and another ID
        third = reg.save_patent(patent(patent_no("202110777777"), phone="13700000000",
                                       id_number=resident_id("11010219920202008"),
                                       card_number=card("621700001234567")))
        assert near in rechecked() and near_said(reg, near) and near_said(reg, third)
        # removed: that paper deleted, its person goes with it
        reg.delete_application("patent", third)
        assert near in rechecked() and not near_said(reg, near)
        # named again, then his ID corrected far off (the other no longer one digit off)
        reg.correct_person_name(person, "黎明", "更正回原姓名")
        assert near in rechecked() and near_said(reg, near)
        reg.correct_person_id(person, resident_id("11010519750303003"), "审计核对")
        assert near in rechecked() and not near_said(reg, near)


def test_a_person_renamed_from_a_traditional_spelling_leaves_his_simplified_namesake(tmp_path):
    """The people near one as he was are found by his name's spellings (許丹 was near 许丹):
    renamed, the 许丹 near him then is judged again and near no one."""
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        paid = reg.save_patent(patent(patent_no("202110123456"), inventor_name="許丹",
                                      phone="13700000000"))
        near = reg.save_patent(patent(patent_no("202110654321"), inventor_name="许丹",
                                      id_number=resident_id("11010219920202008"),
                                      card_number=card("621700009876543"), phone="13700000000"))
        recheck(reg)
        assert near_said(reg, near) and near_said(reg, paid)
        [person] = [r[0] for r in reg.conn.execute(
            "SELECT person_id FROM patent_applications WHERE id = ?", (paid,))]
        reg.correct_person_name(person, "許敏", "身份证复印件为“許敏”")
        assert near in {v.app_id for v in recheck(reg) if v.stream == "patent"}
        assert not near_said(reg, near)


def test_a_saved_title_is_judged_near_others_without_indexing_the_years_titles(
        tmp_path, monkeypatch):
    """A save's re-check looks its few titles up in the year's titles read as one text: it
    indexed all of them (0.2 s a save at 20,000 projects); the verdicts are a full check's."""
    from boostdesk.rules import near_titles

    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        two_papers(reg)
        steel = dict(leader="李红兵", enterprise_name="首钢特钢材料有限公司")
        approved = reg.save_project(project("特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室",
                                            **steel))
        other = reg.save_project(project("转炉炼钢终点碳温预测模型开发", "马国庆职工创新工作室",
                                         leader="马国庆"))
        recheck(reg)

        def indexed(*_args: object) -> None:
            raise AssertionError("a save indexed the year's titles")

        def stored_said(app_id: int) -> bool:
            return NEAR_TITLE in reg.scalar(
                "SELECT findings FROM project_applications WHERE id = ?", (app_id,))

        with monkeypatch.context() as m:
            m.setattr(near_titles.TitleIndex, "__init__", indexed)
            reg.save_project(replace(reg.project(other), title="特钢连铸坯在线判定系统研发"))
            recheck(reg)
            assert stored_said(other) and stored_said(approved)
        assert NEAR_TITLE in codes_of(reg, other) and NEAR_TITLE in codes_of(reg, approved)
        with monkeypatch.context() as m:
            m.setattr(near_titles.TitleIndex, "__init__", indexed)
            reg.save_project(replace(reg.project(other), title="转炉炼钢终点碳温预测模型开发"))
            recheck(reg)
            assert not stored_said(other) and not stored_said(approved)


def test_titles_looked_up_in_the_text_are_found_near_as_in_the_index():
    """The few titles of a save (``TitleText``) find the papers a campaign's index finds,
    by the same rarest pairs (a pair in more than ``COMMON`` papers tells nothing)."""
    import random

    from boostdesk.rules.near_titles import TitleIndex, TitleText

    rng = random.Random(7)
    hanzi = [chr(0x4E00 + 37 * n) for n in range(300)]
    words = ["系统", "研发", "智能", "检测", "装置", "优化", "的", "平台"]  # pairs too common
    titles = ["".join(rng.choices(hanzi, k=rng.randint(5, 14))) for _ in range(300)]
    titles += ["".join(rng.sample(words, 4)) + "".join(rng.choices(hanzi, k=3))
               for _ in range(100)]
    for base in rng.sample(titles, 150):  # near copies: a character left out, one added
        at = rng.randrange(len(base))
        titles.append(rng.choice([base[:at] + base[at + 1:], base[:at] + "新" + base[at:]]))
    for base in rng.sample(titles, 100):  # words swapped: pairs only the copy has
        at = rng.randrange(2, len(base) - 1)
        titles.append(base[at:] + base[:at])
    rows = [(n + 1, 2022 - n % 2, t) for n, t in enumerate(titles)]
    index = TitleIndex(rows)
    text = TitleText([(year, ",".join(str(i) for i, y, t in rows if y == year and len(t) >= 6),
                       "\n".join(t for _, y, t in rows if y == year and len(t) >= 6))
                      for year in (2022, 2021)])
    found = 0
    for app_id, _, key in rng.sample(rows, 300):
        for typed in (key, key[1:], key + "智能", key[:3] + "的" + key[3:]):
            nearest = index.nearest(typed, app_id)
            assert nearest == text.nearest(typed, app_id), typed
            assert index.near_ones(typed) == {text.app_id(i) for i in text.near_ones(typed)}
            found += nearest is not None
    assert found > 100


OFFICE_PHONE = "010-82345678"  # 海淀's contact phone, on every row of its table


def _office_table(tmp_path, *people):
    """海淀's table: each (name, ID body) a row of its own patent, the union's phone on all."""
    return write_sheet(tmp_path / "海淀.xlsx", [PATENT_HEADERS, *(patent_row(
        序号=n, 第一发明人=name, 身份证号=resident_id(body), 联系电话=OFFICE_PHONE,
        专利号=patent_no(f"2021100000{n:02d}"), 专利名称=f"一种测量方法{n}")
        for n, (name, body) in enumerate(people, 1))])


def test_a_unions_office_phone_on_every_row_makes_no_namesakes_one_person(tmp_path, capsys,
                                                                           monkeypatch):
    """Two 王伟 of one union, born years apart, each with the union's contact phone as its
    table gives it for every row: not one person for that phone — no 可能…为同一人 at import,
    in the letter to the union (请按其身份证号填写: the union would “correct” a right ID), nor
    in the form typing a third 王伟 at that phone; an ID one digit off is still asked."""
    from openpyxl import load_workbook

    from boostdesk.rules import near_people as near_module

    path = tmp_path / "r.db"
    sheet = _office_table(tmp_path, ("王伟", "11010819850203452"), ("王伟", "11010819700101123"),
                          ("李娜", "11010619881231567"), ("张伟", "11010519800512301"),
                          ("张伟", "11010519800512311"))  # one digit off: asked
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr().out
    assert "请核对 2 行（申报人可能与已登记的人为同一人）" in said
    assert "（王伟，" not in said.split("请核对 2 行")[1] and "联系电话相同" not in said
    assert main(["export", "notices", "--db", str(path), "--out", str(tmp_path / "意见"),
                 "--materials-unticked"]) == 0
    [letter] = (tmp_path / "意见").glob("*.xlsx")
    text = "\n".join(str(c) for row in load_workbook(letter).worksheets[0].iter_rows(
        values_only=True) for c in row if c)
    assert text.count("可能与已登记的") == 2 and "可能与已登记的 王伟" not in text
    with Register.open(path) as reg:
        third = patent(patent_no("202110000099"), inventor_name="王伟", phone=OFFICE_PHONE,
                       id_number=resident_id("11010819930515777"), unit_name="北京市海淀区总工会")
        assert NEAR_PERSON not in [f.code for f in check_patent_draft(reg, third).findings]
        # a campaign too large to look up one by one: the same
        monkeypatch.setattr(near_module, "_SMALL", 1)
        near = {v.app_id: [f.message for f in v.findings if f.code == NEAR_PERSON]
                for v in check_campaign(reg, 2022) if v.stream == "patent"}
        assert [n for n in near.values() if n] and not any(
            "王伟" in m for n in near.values() for m in n)


def test_two_namesakes_sharing_a_phone_no_one_else_gives_are_still_asked(tmp_path, capsys):
    path = tmp_path / "r.db"
    sheet = _office_table(tmp_path, ("王伟", "11010819850203452"), ("王伟", "11010819700101123"))
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    assert "姓名相同，联系电话相同（身份证号不同）" in capsys.readouterr().out


def test_a_phone_made_an_offices_by_a_later_table_clears_what_it_said(tmp_path, capsys):
    """海淀 sends two 王伟 first (its phone two people's: asked), then a third row at the same
    phone: the phone is an office's now, and the 王伟 papers stored as near are judged again
    at that import, not left saying so until the year is checked again."""
    path = tmp_path / "r.db"
    first = _office_table(tmp_path, ("王伟", "11010819850203452"), ("王伟", "11010819700101123"))
    assert main(["import", str(first), "--db", str(path), "--year", "2022"]) == 0
    with Register.open(path) as reg:
        assert near_said(reg, 1) and near_said(reg, 2)
    later = write_sheet(tmp_path / "海淀（补报）.xlsx", [PATENT_HEADERS, patent_row(
        序号=3, 第一发明人="李娜", 身份证号=resident_id("11010619881231567"), 联系电话=OFFICE_PHONE,
        专利号=patent_no("202110000003"), 专利名称="一种测量方法3")])
    assert main(["import", str(later), "--db", str(path), "--year", "2022"]) == 0
    with Register.open(path) as reg:
        stored = [NEAR_PERSON in f for (f,) in reg.conn.execute(
            "SELECT findings FROM patent_applications ORDER BY id")]
        assert stored == [False, False, False]
        assert not near_said(reg, 1)  # (and the stored verdicts are the campaign check's)
