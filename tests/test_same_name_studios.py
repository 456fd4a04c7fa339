"""One studio name, two studios; one enterprise, two spellings (stop 45's inspector).

A table's 智能检测职工创新工作室 of another enterprise and leader was filed under the
registered studio of that name: paid to its enterprise, counted towards its two papers,
only a 提示 按登记册登记. A studio is its name and its enterprise: such a row is another
studio, registered with its enterprise in brackets (the register keys studios by name),
the import and the form saying so. And 赵永刚劳模创新工作室 at 北京丰台轨道交通装备有限
责任公司 sent a third paper of 赵永刚职工创新工作室 at …有限公司, judged 合格: one
enterprise written two ways now keeps the studios near (二（二）2 counted together).
"""

from __future__ import annotations

from typing import Any

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet
from PySide6.QtCore import Qt
from test_studio_two_ways import KNOWN, ROADS, paper
from test_ui_entry import open_new_form
from test_ui_save_box import ENTER, GONE, TAB, box_up, clerk, look
from test_ui_support import answers, ctx, qsettings, window

from boostdesk.cli import main
from boostdesk.models import Register
from boostdesk.near_names import alike
from boostdesk.rules import check_campaign, recheck
from boostdesk.studio_names import enterprises_differ

__all__ = ["answers", "ctx", "qsettings", "window"]  # fixtures used by name

STUDIO = "智能检测职工创新工作室"
SMART = "北京中科智测科技有限公司"
LOGISTICS = "北京丰台物流科技有限公司"
OWN = f"{STUDIO}（{LOGISTICS}）"
OVER = "STUDIO_TOO_MANY_APPLICATIONS"
NEAR_OVER = "NEAR_STUDIO_TOO_MANY_APPLICATIONS"
SAVE = (Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def two_papers(reg: Register, studio: str = STUDIO, leader: str = "林涛",
               enterprise: str = SMART) -> None:
    """``studio`` with its two papers of 2022 (the limit, 二（二）2)."""
    for title in ("智能检测装置标定方法研究", "在线检测数据平台开发"):
        reg.save_project(paper(title=title, studio_name=studio, leader=leader,
                               contact_name=leader, enterprise_name=enterprise))


def table(path: Any, *rows: tuple[str, str, str, str]) -> Any:
    """A 附件4 with its 所在单位 column: (studio, leader, enterprise, title) a row."""
    return write_sheet(path, [[*PROJECT_HEADERS, "所在单位"], *(
        [*project_row(序号=n, 工作室名称=studio, 领衔人=leader, 联系人=leader, 项目名称=title,
                      推荐单位="丰台区总工会"), enterprise]
        for n, (studio, leader, enterprise, title) in enumerate(rows, 1))])


def codes(reg: Register, app_id: int) -> list[str]:
    [v] = [v for v in check_campaign(reg, 2022) if v.stream == "project" and v.app_id == app_id]
    return [f.code for f in v.findings]


def studio_of(reg: Register, title: str) -> tuple[str, str, str]:
    [a] = [a for a in reg.projects(2022) if a.title == title]
    return a.studio_name, a.leader, a.enterprise_name


# -- one name, two studios ----------------------------------------------------------------
def test_a_registered_studios_name_of_another_enterprise_and_leader_is_another_studio(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        two_papers(reg)
    sheet = table(tmp_path / "丰台.xlsx", (STUDIO, "吴二", LOGISTICS, "物流仓储分拣线效率提升"),
                  # the same studio and enterprise, its leader given otherwise: the register's
                  (STUDIO, "王五", SMART, "检测机器人视觉定位改进"))
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr().err
    assert (f"第 2 行：登记册中的“{STUDIO}”是{SMART}（领衔人林涛）的工作室，表中为{LOGISTICS}"
            f"（领衔人吴二）：所在单位和领衔人都不同，按另一个同名工作室登记为“{OWN}”") in said, said
    assert "第 3 行：工作室“智能检测职工创新工作室”的领衔人表中为王五，登记册为林涛：按登记册登记" in said
    with Register.open(path) as reg:
        # paid to its own enterprise, not counted with 林涛's two
        assert studio_of(reg, "物流仓储分拣线效率提升") == (OWN, "吴二", LOGISTICS)
        assert reg.studio(STUDIO).enterprise_name == SMART and reg.studio(STUDIO).leader == "林涛"
        [own] = [a.id for a in reg.projects(2022) if a.title == "物流仓储分拣线效率提升"]
        [third] = [a.id for a in reg.projects(2022) if a.title == "检测机器人视觉定位改进"]
        assert OVER not in codes(reg, own) and NEAR_OVER not in codes(reg, own)
        assert OVER in codes(reg, third)  # 林涛's studio's third
    # its row again: the same studio, its paper registered already
    again = table(tmp_path / "丰台2.xlsx", (STUDIO, "吴二", LOGISTICS, "物流仓储分拣线效率提升"))
    assert main(["import", str(again), "--db", str(path), "--year", "2022"]) == 0
    with Register.open(path) as reg:
        assert reg.scalar("SELECT COUNT(*) FROM studios WHERE name LIKE '智能检测%'") == 2
        assert len(reg.projects(2022)) == 4


def test_one_name_in_one_table_for_two_enterprises_is_two_studios(tmp_path, capsys):
    path = tmp_path / "r.db"
    Register.open(path, operator="测试员").close()
    sheet = table(tmp_path / "两个.xlsx",
                  ("技术创新工作室", "周一", "北京海淀电力设备有限公司", "配电柜局放在线监测"),
                  ("技术创新工作室", "吴二", LOGISTICS, "冷链仓储温控节能改造"))
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr().err
    assert "第 3 行：前面行中的“技术创新工作室”是北京海淀电力设备有限公司（领衔人周一）的工作室" in said
    assert "按第 2 行登记" not in said
    with Register.open(path) as reg:
        assert studio_of(reg, "配电柜局放在线监测") == (
            "技术创新工作室", "周一", "北京海淀电力设备有限公司")
        assert studio_of(reg, "冷链仓储温控节能改造") == (
            f"技术创新工作室（{LOGISTICS}）", "吴二", LOGISTICS)


def test_the_form_asks_whether_a_registered_name_of_another_enterprise_is_another_studio(
        window, qtbot, reg, answers, monkeypatch):
    """The clerk types the registered 刘志强劳模创新工作室 (the completer's) at another
    enterprise with another leader: asked, Enter registers it as another studio, and the
    registered one keeps its enterprise and leader."""
    reg.save_project(paper(title="城市桥梁支座病害智能巡检技术攻关"))
    monkeypatch.undo()  # the real boxes
    form = open_new_form(qtbot, window, 1)
    typed = []
    for entry in ("北京市建设工会", LOGISTICS, KNOWN, "1", "n", "吴二", "冷链仓储温控节能改造",
                  "智能装备", "2022-04-01", "y", "2024-03-31", "300", "10", "吴二",
                  "13911112222", None, "2022-10-21"):
        typed += [entry, TAB] if entry else [TAB]

    def hint() -> str:
        form.recheck()  # (its timer's pause in typing)
        return form.rows["studio_name"].hint.toolTip()

    before, asked, still_up = clerk(qtbot, [*typed, "a", hint, SAVE, look(), ENTER, GONE,
                                            box_up])
    assert f"登记册中的“{KNOWN}”是{ROADS}的工作室：保存时询问是否为另一个同名工作室" in before
    assert asked[0] == "另一个同名工作室？", asked
    assert f"登记册中的“{KNOWN}”是{ROADS}（领衔人刘志强）的工作室，申报书为{LOGISTICS}（领衔人吴二）" \
        in asked[1]
    assert not still_up
    assert studio_of(reg, "冷链仓储温控节能改造") == (f"{KNOWN}（{LOGISTICS}）", "吴二", LOGISTICS)
    assert reg.studio(KNOWN).enterprise_name == ROADS and reg.studio(KNOWN).leader == "刘志强"


# -- one enterprise, two spellings ---------------------------------------------------------
def test_an_enterprise_written_with_another_form_word_is_not_another_enterprise():
    ltd, llc = "北京丰台轨道交通装备有限公司", "北京丰台轨道交通装备有限责任公司"
    assert alike(ltd, llc) and not enterprises_differ(ltd, llc)
    assert enterprises_differ(SMART, LOGISTICS) and not alike("首钢工会", "首农工会")


def test_a_near_studio_at_its_enterprise_written_otherwise_counts_towards_the_limit(tmp_path):
    """赵永刚劳模创新工作室 at …有限责任公司: the third paper of 赵永刚职工创新工作室 at
    …有限公司, 不符合 until the office says they are two studios."""
    ltd = "北京丰台轨道交通装备有限公司"
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        two_papers(reg, "赵永刚职工创新工作室", "赵永刚", ltd)
        third = reg.save_project(paper(
            title="地铁车辆轴箱轴承温升在线监测", studio_name="赵永刚劳模创新工作室", leader="赵永刚",
            enterprise_name="北京丰台轨道交通装备有限责任公司"))
        recheck(reg)
        assert NEAR_OVER in codes(reg, third)
    assert main(["correct", "studios-distinct", "赵永刚劳模创新工作室", "赵永刚职工创新工作室",
                 "--db", str(path), "--reason", "两位领衔人，两个工作室"]) == 0
    with Register.open(path) as reg:
        assert NEAR_OVER not in codes(reg, third)



def test_the_import_window_reads_the_row_as_another_studio_too(tmp_path):
    from boostdesk.io.importer import read_table
    from boostdesk.ui.import_dialog import analyse

    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        two_papers(reg)
        sheet = table(tmp_path / "丰台.xlsx", (STUDIO, "吴二", LOGISTICS, "物流仓储分拣线效率提升"))
        read = analyse(reg, read_table(sheet, 2022, campaign=reg.campaign(2022)), False)
        assert [r.studio_name for r in read.preview.records] == [OWN]
        assert any(f"按另一个同名工作室登记为“{OWN}”" in text for _row, text in read.names_kept)
        assert not any("按登记册登记" in text for _row, text in read.notes)
