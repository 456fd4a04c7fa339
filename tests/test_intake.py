"""What the intake desk stores and asks about studios, names and amounts, without Qt."""

from __future__ import annotations

import sqlite3

from boostdesk.models import Register
from boostdesk.models.records import ProjectApplication, StudioAward
from boostdesk.models.register import migrate, open_connection
from boostdesk.rules import recheck
from boostdesk.rules.findings import from_json


def _project(**kw) -> ProjectApplication:
    values = {"campaign_year": 2022, "title": "数控机床精度补偿", "studio_name": "李四职工创新工作室",
              "studio_level": "city", "leader": "李四", "unit_name": "北京市朝阳区总工会",
              "enterprise_name": "北京华信数控技术有限公司"}
    return ProjectApplication(**{**values, **kw})


def _verdict(reg: Register, app_id: int) -> tuple[int, int, list[str]]:
    eligible, incomplete, findings = reg.conn.execute(
        "SELECT eligible, incomplete, findings FROM project_applications WHERE id = ?",
        (app_id,)).fetchone()
    return eligible, incomplete, [f.code for f in from_json(findings)]


# -- 工作室级别 left blank: unknown, never a guessed level ---------------------------------
def test_a_new_studio_without_a_level_is_stored_with_its_level_unknown(reg):
    app_id = reg.save_project(_project(studio_level=None, requested_fen=100_000_00))
    recheck(reg)
    [studio] = reg.studios()
    assert studio.level is None
    assert reg.project(app_id).studio_level is None
    _eligible, incomplete, codes = _verdict(reg, app_id)
    assert incomplete == 1 and "STUDIO_LEVEL_MISSING" in codes  # 待补材料
    assert "REQUESTED_TIER_MISMATCH" not in codes  # not judged as a 3万 district studio


def test_a_level_given_later_fills_the_unknown_one(reg):
    reg.save_project(_project(studio_level=None))
    reg.save_project(_project(title="第二项", studio_level="city"))
    assert [s.level for s in reg.studios()] == ["city"]


def test_an_imported_row_without_a_level_leaves_it_unknown(reg):
    [stored] = reg.insert_projects([_project(studio_level=None)])
    assert stored.studio_level is None and reg.studios()[0].level is None


def test_an_award_typed_for_an_unknown_studio_does_not_guess_its_level(reg):
    reg.add_studio_award(StudioAward("赵永刚创新工作室", 2021, "轴承预警", 10_000_000, False))
    assert [s.level for s in reg.studios()] == [None]


def test_upgrade_to_8_keeps_studios_awards_and_applications(tmp_path):
    path = tmp_path / "v7.db"
    conn = open_connection(path)
    migrate(conn, target=7)
    conn.executescript("""
        INSERT INTO campaigns (id, year, title, params) VALUES (1, 2022, 't', '{}');
        INSERT INTO studios (id, name, level, leader) VALUES (5, '甲工作室', 'city', '黄  志成');
        INSERT INTO studio_awards (studio_id, year, award_fen) VALUES (5, 2021, 10000000);
        INSERT INTO people (id, name) VALUES (1, '李  明');
        INSERT INTO patent_applications (campaign_id, person_id, title, created_at, updated_at)
            VALUES (1, 1, '专利', 'x', 'x');
        INSERT INTO project_applications (campaign_id, studio_id, title, leader, contact_name,
            created_at, updated_at) VALUES (1, 5, '项目', '黄  志成', '王 五', 'x', 'x');
    """)
    conn.close()
    reg = Register.open(path)
    try:
        assert reg.scalar("PRAGMA foreign_keys") == 1
        assert reg.conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert [(a.studio_name, a.year) for a in reg.studio_awards()] == [("甲工作室", 2021)]
        [studio] = reg.studios()
        assert (studio.id, studio.level, studio.leader) == (5, "city", "黄志成")
        row = reg.conn.execute("SELECT studio_id, leader, contact_name, search_text"
                               " FROM project_applications").fetchone()
        assert tuple(row[:3]) == (5, "黄志成", "王五") and "黄志成" in row[3]
        assert reg.scalar("SELECT name FROM people") == "李明"
        assert "李明" in reg.scalar("SELECT search_text FROM patent_applications")
        reg.conn.execute("INSERT INTO studios (name, level) VALUES ('乙工作室', NULL)")
        try:
            reg.conn.execute("INSERT INTO studios (name, level) VALUES ('丙工作室', 'x')")
            raise AssertionError("a level other than city or district was stored")
        except sqlite3.IntegrityError:
            pass
    finally:
        reg.close()


# -- person names typed with the paper's alignment space ------------------------------------
def test_leader_and_contact_typed_with_alignment_spaces_are_stored_tidy(reg):
    app_id = reg.save_project(_project(leader="黄  志成", contact_name="王　五"))
    app = reg.project(app_id)
    assert (app.leader, app.contact_name) == ("黄志成", "王五")
    assert reg.studios()[0].leader == "黄志成"
    text = reg.scalar("SELECT search_text FROM project_applications WHERE id = ?", (app_id,))
    assert "黄志成" in text and "王五" in text


def test_imported_leader_and_contact_are_stored_tidy(reg):
    [stored] = reg.insert_projects([_project(leader="黄 志成", contact_name="王 五")])
    assert (stored.leader, stored.contact_name) == ("黄志成", "王五")
    assert reg.project(stored.id) == stored
    assert "黄志成" in reg.scalar("SELECT search_text FROM project_applications")


def test_an_inventor_typed_with_a_space_is_stored_tidy(reg):
    from boostdesk.models.records import PatentApplication

    app_id = reg.save_patent(PatentApplication(2022, title="专利", inventor_name="李  明"))
    assert reg.patent(app_id).inventor_name == "李明"
    [stored] = reg.insert_patents([PatentApplication(2022, title="专利二", inventor_name="张 三")])
    assert stored.inventor_name == "张三"


# -- a new studio named nearly as a known one ---------------------------------------------
def _known(reg: Register) -> None:
    reg.save_project(_project(studio_name="通信网络优化创新工作室", leader="唐文博",
                              enterprise_name="北京邮通网络技术有限公司"))
    reg.save_project(_project(studio_name="李红兵劳模创新工作室", leader="李红兵",
                              enterprise_name="首钢特钢材料有限公司", title="连铸"))


def test_a_name_differing_by_zhigong_laomo_chuangxin_or_spaces_means_the_known_studio(reg):
    from boostdesk.intake import known_studio_for

    _known(reg)
    for typed, known in (("通信网络优化职工创新工作室", "通信网络优化创新工作室"),
                         ("通信网络优化 工作室", "通信网络优化创新工作室"),
                         ("李红兵创新工作室", "李红兵劳模创新工作室"),
                         ("李红兵职工创新工作室", "李红兵劳模创新工作室")):
        match = known_studio_for(reg, typed, year=2022)
        assert match is not None and match.studio.name == known and match.by_name, typed
        assert match.this_year == 1
        assert f"是否为已登记的“{known}”？" in match.question()


def test_a_new_name_with_the_same_leader_and_enterprise_means_the_known_studio(reg):
    from boostdesk.intake import known_studio_for

    _known(reg)
    match = known_studio_for(reg, "5G网络攻关工作室", "唐  文博", "北京邮通网络技术有限公司")
    assert match is not None and match.studio.name == "通信网络优化创新工作室"
    assert not match.by_name and "领衔人和所在单位相同" in match.question()
    assert known_studio_for(reg, "5G网络攻关工作室", "唐文博", "另一家公司") is None


def test_a_known_name_or_an_unrelated_one_asks_nothing(reg):
    from boostdesk.intake import known_studio_for

    _known(reg)
    assert known_studio_for(reg, "通信网络优化创新工作室") is None
    assert known_studio_for(reg, "通信网络 优化创新工作室") is None  # the same name, tidied
    assert known_studio_for(reg, "数控加工技能大师工作室", "黄志成", "北京精雕") is None
    assert known_studio_for(reg, "") is None


# -- a paper's facts of a known studio against the register's ------------------------------
def test_a_paper_giving_a_known_studio_other_facts_is_found_with_the_count_it_affects(reg):
    from boostdesk.intake import paper_differs

    reg.save_project(_project(model_studio=True))
    reg.save_project(_project(title="第二项", model_studio=True))
    paper = _project(title="第三项", studio_level="district", leader="李 四",
                     unit_name="北京市海淀区总工会", model_studio=True)
    found = paper_differs(reg, paper)
    assert found is not None and found.asks and found.others == 2
    assert [(c.label, c.old, c.new) for c in found.changes] == [
        ("工作室级别", "市级", "区/局/集团级"), ("推荐单位", "北京市朝阳区总工会", "北京市海淀区总工会")]
    question = found.question()
    assert "“李四职工创新工作室”" in question and "市级 → 区/局/集团级" in question
    assert "其他 2 项申报" in question and "原收款单位" not in question
    moved = paper_differs(reg, _project(title="第四项", enterprise_name="北京新的有限公司"))
    assert "已汇出助推款的项目，包括款被银行退回、待重拨的，仍由原收款单位收款" in moved.question()


def test_blank_facts_on_either_side_are_no_difference(reg):
    from boostdesk.intake import paper_differs

    reg.save_project(_project(studio_level=None, leader=""))
    assert paper_differs(reg, _project(title="二", studio_level="district", leader="李四")) is None
    assert paper_differs(reg, _project(title="二", leader="", unit_name="")) is None
    assert paper_differs(reg, _project(studio_name="新工作室")) is None


def test_an_awarded_studios_level_is_kept_not_offered(reg):
    from boostdesk.intake import level_kept, paper_differs

    app_id = reg.save_project(_project())
    reg.conn.execute("UPDATE project_applications SET award_fen = 10000000 WHERE id = ?",
                     (app_id,))
    paper = _project(title="二", studio_level="district")
    found = paper_differs(reg, paper)
    assert found is not None and not found.asks and found.changes[0].kept
    assert "已获助推" in found.question()
    assert level_kept(reg, paper) == "city"
    assert level_kept(reg, _project(title="二")) is None
    reg.save_project(paper)  # and the register keeps it, as it said
    assert reg.studios()[0].level == "city"


def test_keeping_the_registers_facts_takes_only_what_it_lacks(reg):
    reg.save_project(_project(leader=""))
    reg.save_project(_project(title="二", studio_level="district", leader="李四",
                              model_studio=True), studio_facts=())
    [studio] = reg.studios()
    assert (studio.level, studio.model_studio, studio.leader) == ("city", False, "李四")


def test_put_studio_back_restores_its_facts_or_removes_a_studio_nothing_uses(reg):
    before = reg.studio_state("李四职工创新工作室")
    assert before is None
    app_id = reg.save_project(_project())
    state = reg.studio_state("李四职工创新工作室")
    reg.save_project(_project(title="二", studio_level="district", leader="李五"))
    reg.put_studio_back("李四职工创新工作室", state)
    assert (reg.studios()[0].level, reg.studios()[0].leader) == ("city", "李四")
    reg.put_studio_back("李四职工创新工作室", None)  # still used: kept
    assert len(reg.studios()) == 1
    for app in reg.projects(2022):
        reg.delete_application("project", app.id)
    reg.put_studio_back("李四职工创新工作室", None)
    assert reg.studios() == [] and app_id
    assert reg.audit_trail("studios", 1)[-1]["action"] == "delete"


# -- amounts typed in 元 where the form asks 万元 ------------------------------------------
def test_an_award_of_a_tier_asks_nothing():
    from boostdesk.intake import award_amount_question
    from boostdesk.models import plan_2022

    for wan in (3, 5, 10):
        assert award_amount_question(plan_2022(), wan * 10_000_00) is None


def test_an_award_typed_in_yuan_is_offered_as_the_tier_it_reads_as():
    from boostdesk.intake import award_amount_question
    from boostdesk.models import plan_2022

    question = award_amount_question(plan_2022(), 100_000 * 10_000_00)  # 100,000 万元
    assert question is not None and question.as_yuan_fen == 100_000_00
    assert "远高于方案最高档 ¥100,000.00" in question.text and "按 ¥100,000.00 保存" in question.text


def test_an_award_off_the_tiers_or_far_above_them_is_questioned():
    from boostdesk.intake import award_amount_question
    from boostdesk.models import plan_2022

    off = award_amount_question(plan_2022(), 7 * 10_000_00)
    assert off is not None and off.as_yuan_fen is None and "不是方案的助推档次" in off.text
    far = award_amount_question(plan_2022(), 500 * 10_000_00)
    assert far is not None and far.as_yuan_fen is None and "远高于" in far.text


def test_an_award_far_above_the_tiers_is_explained_with_the_years_top_tier():
    """2023's top tier is 12万: "10 即 10万元" was 2022's."""
    from boostdesk.campaign_settings import apply_settings
    from boostdesk.intake import award_amount_question
    from boostdesk.models import plan_2022

    c = apply_settings(plan_2022().for_year(2023), [
        ("tiers", "12万元:120000:8:市级；6万元:60000:25:市级；4万元:40000:60:区级")])
    far = award_amount_question(c, 500 * 10_000_00)
    assert far is not None and far.text.endswith("这一栏的单位是万元，12 即 12万元。")
    far = award_amount_question(plan_2022(), 500 * 10_000_00)
    assert far is not None and far.text.endswith("10 即 10万元。")


def test_a_budget_out_of_all_proportion_is_named():
    from boostdesk.intake import implausible_budget
    from boostdesk.models import plan_2022

    assert implausible_budget(plan_2022(), 300 * 10_000_00) is None
    assert implausible_budget(plan_2022(), 10_000 * 10_000_00) is None  # 1亿: still possible
    note = implausible_budget(plan_2022(), 50_000 * 10_000_00)  # 5亿
    assert note is not None and "¥500,000,000.00" in note and "元填成了万元" in note


def test_a_request_above_the_years_top_tier_is_named_with_what_was_read():
    """3,000.00 (元 on the paper) typed in the 万元 field reads 3,000 万元; a request of 12 万元
    when 2022 awards at most 10 万元 is no award either: both asked, by the year's top tier."""
    from boostdesk.campaign_settings import apply_settings
    from boostdesk.intake import implausible_request
    from boostdesk.models import plan_2022

    assert implausible_request(plan_2022(), 10 * 10_000_00) is None  # the top tier itself
    twelve = implausible_request(plan_2022(), 12 * 10_000_00)
    assert twelve is not None and "¥120,000.00（12 万元）" in twelve
    assert "最高档 ¥100,000.00（10 万元）" in twelve and "单位是万元" in twelve
    far = implausible_request(plan_2022(), 3_000 * 10_000_00)
    assert far is not None and "读作 ¥30,000,000.00（3,000 万元）" in far and "单位是万元" in far
    # 2023's settings award up to 12 万元: 12 is asked about no more
    c = apply_settings(plan_2022().for_year(2023), [
        ("tiers", "12万元:120000:8:市级；6万元:60000:25:市级；4万元:40000:60:区级")])
    assert implausible_request(c, 12 * 10_000_00) is None
    assert "最高档 ¥120,000.00（12 万元）" in (implausible_request(c, 15 * 10_000_00) or "")
