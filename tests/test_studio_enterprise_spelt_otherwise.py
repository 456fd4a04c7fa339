"""A studio's enterprise written 有限责任公司 where the register has 有限公司 (stop 45's re-test).

赵永刚技能大师工作室 of the same leader, its company written …有限责任公司, sent two papers
beside 赵永刚职工创新工作室's one and was judged as a studio of its own (the limit escaped);
the union's table sent again was refused for its rows written so; the first import said
both 按登记册登记 and 按表中写法登记为新的所在单位, and registered an enterprise no studio used.
"""

from __future__ import annotations

from test_same_name_studios import NEAR_OVER, codes, table
from test_studio_two_ways import paper

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.rules.near_studios import near_among
from boostdesk.studio_names import BY_PEOPLE, StudioFacts, registered_near

LTD = "北京丰台轨道交通装备有限公司"
LLC = "北京丰台轨道交通装备有限责任公司"
ZHAO = "赵永刚职工创新工作室"
MASTER = "赵永刚技能大师工作室"
COLD = "北京丰台冷链物流有限公司"


def one_paper(path) -> None:
    with Register.open(path, operator="测试员") as reg:
        reg.save_project(paper(title="轴箱轴承温升在线监测", studio_name=ZHAO, leader="赵永刚",
                               contact_name="赵永刚", enterprise_name=LTD,
                               unit_name="丰台区总工会"))


def enterprises(path) -> list[str]:
    with Register.open(path) as reg:
        return [r[0] for r in reg.conn.execute("SELECT name FROM enterprises ORDER BY id")]


# -- 1. the same leader in one enterprise written two ways: counted together -------------
def test_the_same_leader_in_his_enterprise_written_otherwise_is_near():
    ltd = StudioFacts(1, ZHAO, "赵永刚", LTD)
    llc = StudioFacts(2, MASTER, "赵永刚", LLC)
    assert near_among([ltd, llc]) == {1: {2: BY_PEOPLE}, 2: {1: BY_PEOPLE}}
    # traditional characters folded too; another enterprise is another studio
    assert 2 in near_among([ltd, StudioFacts(2, MASTER, "趙永剛", "北京豐台軌道交通裝備有限責任公司")])
    assert not near_among([ltd, StudioFacts(2, MASTER, "赵永刚", COLD)])


def test_another_named_studio_at_its_enterprise_written_otherwise_counts_towards_the_limit(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    one_paper(path)
    with Register.open(path) as reg:
        assert [n.studio.name for n in registered_near(reg, MASTER, "赵永刚", LLC)] == [ZHAO]
    sheet = table(tmp_path / "t4.xlsx", (MASTER, "赵永刚", LLC, "受电弓滑板磨耗在线检测"),
                  (MASTER, "赵永刚", LLC, "牵引电机轴承故障诊断"))
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr()
    assert f"有{BY_PEOPLE}的“{ZHAO}”" in said.err, said.err
    assert "不合格 1 行" in said.out, said.out
    with Register.open(path) as reg:
        [second] = [a.id for a in reg.projects(2022) if a.title == "牵引电机轴承故障诊断"]
        [first] = [a.id for a in reg.projects(2022) if a.title == "受电弓滑板磨耗在线检测"]
        assert NEAR_OVER in codes(reg, second) and NEAR_OVER not in codes(reg, first)


# -- 2, 3. a registered studio's row with its enterprise written otherwise ---------------
def test_a_row_of_the_enterprise_written_otherwise_registers_no_second_enterprise(
        tmp_path, capsys):
    """Filed under the registered studio, which keeps its enterprise: one note saying so,
    not 按表中写法登记为新的所在单位 beside it, and no enterprise that nothing uses — nor the
    one of a row whose studio keeps another enterprise (按登记册登记)."""
    path = tmp_path / "r.db"
    one_paper(path)
    sheet = table(tmp_path / "t2.xlsx", (ZHAO, "赵永刚", LLC, "转向架构架焊缝超声检测"),
                  (ZHAO, "赵永刚", COLD, "车轮踏面磨耗预测模型"))
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr().err
    assert (f"第 2 行：工作室“{ZHAO}”的所在单位表中写作{LLC}，登记册为{LTD}（只差“有限责任公司”"
            "与“有限公司”），是同一所在单位：按登记册的写法登记，不另登记所在单位") in said, said
    assert "按表中写法登记为新的所在单位" not in said
    assert enterprises(path) == [LTD]
    with Register.open(path) as reg:
        assert {a.enterprise_name for a in reg.projects(2022)} == {LTD}


def test_a_table_sent_again_with_the_enterprise_written_otherwise_imports_its_new_rows(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    one_paper(path)
    rows = [(ZHAO, "赵永刚", LLC, "转向架构架焊缝超声检测"), (ZHAO, "赵永刚", LTD, "车轮踏面磨耗预测模型")]
    assert main(["import", str(table(tmp_path / "t2.xlsx", *rows)), "--db", str(path),
                 "--year", "2022"]) == 0
    capsys.readouterr()
    # the same table again: nothing to import, no error
    assert main(["import", str(table(tmp_path / "t2a.xlsx", *rows)), "--db", str(path),
                 "--year", "2022"]) == 0
    said = capsys.readouterr()
    assert "错误" not in said.err and "是同一所在单位：按登记册的写法登记" in said.err, said.err
    # and with a new row: the new row imported, the registered ones passed over
    again = table(tmp_path / "t2b.xlsx", *rows, ("新能源检测职工创新工作室", "周三",
                                              "北京丰台新能源有限公司", "电池包气密性检测"))
    assert main(["import", str(again), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr()
    assert "已登记（与表中相同）2 行（第 2、3 行），不再导入" in said.out + said.err, said
    with Register.open(path) as reg:
        assert len(reg.projects(2022)) == 4
    assert enterprises(path) == [LTD, "北京丰台新能源有限公司"]
