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
