"""`boostdesk audit` as an auditor's working paper: one person's papers, a range of days,
the workbook naming its register, who exported it and when, numbered, filtered, its times'
clock said, and phone numbers masked as the pane masks them."""

from __future__ import annotations

import re
import sqlite3
import time

import openpyxl
import pytest

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register


@pytest.fixture
def register(tmp_path):
    """Two papers of 蒋伟 (one ID), one of another 张三, one of a second 张三."""
    db = tmp_path / "register.db"
    with Register.open(db, operator="录入员甲") as reg:
        for title in ("一种阀门", "一种泵"):
            reg.save_patent(PatentApplication(2022, inventor_name="蒋伟", title=title,
                                              id_number="110106199001016718",
                                              phone="18797543157"))
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="一种齿轮",
                                          id_number="110101198001010012"))
        reg.save_patent(PatentApplication(2022, inventor_name="张三", title="一种轴承",
                                          id_number="11010119850101001X"))
    return db


def _out(capsys) -> list[str]:
    return capsys.readouterr().out.splitlines()


def test_a_persons_papers_by_name_or_id_number(register, capsys):
    db = ["--db", str(register)]
    assert main(["audit", "--ref", "蒋伟", *db]) == 0
    lines = _out(capsys)
    assert lines[0].startswith("修改记录（第一发明人 蒋伟（身份证号 110106********6718），共 2 条")
    assert {x.split("  ")[2].split(" ")[0] for x in lines[1:]} == {"专利1", "专利2"}
    assert main(["audit", "--ref", "110106 19900101 6718", *db]) == 0
    assert _out(capsys)[1:] == lines[1:]


def test_two_people_of_one_name_are_listed_to_choose(register, capsys):
    assert main(["audit", "--ref", "张三", "--db", str(register)]) == 1
    err = capsys.readouterr().err
    assert "2 人名为“张三”" in err and "专利3" in err and "专利4" in err
    assert "110101********0012" in err and "110101198001010012" not in err
    assert main(["audit", "--ref", "李四", "--db", str(register)]) == 1
    assert "登记册中没有“李四”" in capsys.readouterr().err


def test_a_range_of_days(register, capsys):
    conn = sqlite3.connect(register)
    conn.execute("UPDATE audit_events SET at = '2022-11-0' || id || 'T10:00:00'")
    conn.commit()
    conn.close()
    assert main(["audit", "--from", "2022-11-02", "--to", "2022-11-03", "--db",
                 str(register)]) == 0
    lines = _out(capsys)
    assert "2022-11-02 至 2022-11-03，共 2 条" in lines[0]
    assert [x[:10] for x in lines[1:]] == ["2022-11-02", "2022-11-03"]
    assert main(["audit", "--from", "2022-11", "--db", str(register)]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_the_workbook_is_a_working_paper(register, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        out = tmp_path / "底稿.xlsx"
        assert main(["audit", "--ref", "蒋伟", "--out", str(out), "--operator", "审计张",
                     "--db", str(register)]) == 0
    finally:
        monkeypatch.undo()
        time.tzset()
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].startswith("修改记录（第一发明人 蒋伟")
    note = rows[1][0]
    assert f"登记册：{register}" in note and "导出人：审计张" in note
    assert re.search(r"导出时间：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）", note)
    assert rows[2] == ("序号", "时间（北京时间）", "操作人", "年度", "对象", "操作", "内容", "电脑")
    assert [r[0] for r in rows[3:]] == [1, 2]
    assert ws.auto_filter.ref == "A3:H5"
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    text = "\n".join(str(v) for r in rows for v in r if v is not None)
    assert "联系电话：187****3157" in text and "18797543157" not in text


def test_a_phone_change_is_masked_on_screen_too(register, capsys):
    with Register.open(register, operator="录入员乙") as reg:
        person = reg.person_by_id_number("110106199001016718")
        reg.conn.execute("UPDATE people SET phone = '13911112222' WHERE id = ?", (person.id,))
        reg.audit("update", "people", person.id, {"phone": "18797543157"},
                  {"phone": "13911112222"})
        reg.conn.commit()
    assert main(["audit", "--db", str(register)]) == 0
    text = capsys.readouterr().out
    assert "联系电话：187****3157 → 139****2222" in text
    assert "18797543157" not in text and "13911112222" not in text


def _leaders(db) -> dict[str, int]:
    """韩冰 leads one studio's two projects (2021, 2022); 林涛 names two leaders, one of each
    studio; 蒋伟, a first inventor, leads a project too."""
    from boostdesk.models import ProjectApplication, plan_2022

    ids = {}
    with Register.open(db, operator="录入员甲") as reg:
        reg.save_campaign(plan_2022().for_year(2021))
        for key, year, leader, studio, title in (
                ("韩冰1", 2021, "韩冰", "韩冰车辆改装工作室", "车辆改装一期"),
                ("韩冰2", 2022, "韩冰", "韩冰车辆改装工作室", "车辆改装二期"),
                ("林涛甲", 2022, "林涛", "智能检测职工创新工作室", "管廊监测"),
                ("林涛乙", 2022, "林涛", "林涛新能源工作室", "光伏巡检"),
                ("蒋伟", 2022, "蒋伟", "蒋伟工作室", "阀门改进")):
            ids[key] = reg.save_project(ProjectApplication(
                year, title=title, leader=leader, studio_name=studio, studio_level="city"))
    return ids


def test_a_project_leader_by_name(register, capsys):
    """A leader is registered by name alone (no ID number): --ref 韩冰 said 登记册中没有“韩冰”
    …第一发明人的姓名. It lists the leader's every project's lines, all years'."""
    ids = _leaders(register)
    db = ["--db", str(register)]
    assert main(["audit", "--ref", "韩冰", *db]) == 0
    lines = _out(capsys)
    assert lines[0].startswith("修改记录（领衔人 韩冰（韩冰车辆改装工作室），共 2 条")
    assert {x.split("  ")[2].split(" ")[0] for x in lines[1:]} == {
        f"项目{ids['韩冰1']}", f"项目{ids['韩冰2']}"}


def test_leaders_of_one_name_are_listed_to_choose(register, capsys):
    """林涛 leading two studios' projects, 蒋伟 an inventor and a leader: each listed (a
    leader by studio) and chosen as listed, 姓名（工作室）."""
    ids = _leaders(register)
    db = ["--db", str(register)]
    assert main(["audit", "--ref", "林涛", *db]) == 1
    err = capsys.readouterr().err
    assert "2 人名为“林涛”" in err
    assert f"领衔人 林涛，林涛新能源工作室（项目{ids['林涛乙']}）" in err
    assert "如“林涛（智能检测职工创新工作室）”" in err
    assert main(["audit", "--ref", "林涛(林涛新能源工作室)", *db]) == 0
    lines = _out(capsys)
    assert lines[0].startswith("修改记录（领衔人 林涛（林涛新能源工作室），共 1 条")
    assert f"项目{ids['林涛乙']} " in lines[1]
    assert main(["audit", "--ref", "蒋伟", *db]) == 1
    err = capsys.readouterr().err
    assert "第一发明人 蒋伟，身份证号 110106********6718（专利1、专利2）" in err
    assert f"领衔人 蒋伟，蒋伟工作室（项目{ids['蒋伟']}）" in err
    assert "第一发明人请写其身份证号" in err
    assert main(["audit", "--ref", "110106199001016718", *db]) == 0  # the inventor's, as before
    assert _out(capsys)[0].startswith("修改记录（第一发明人 蒋伟")
