"""What the audit trail left out or told wrongly, as the federation's internal auditor meets
it with `boostdesk audit`: a full copy of the register carried off, a failed command that
left changes, a studio or union created with half its facts."""

from __future__ import annotations

import sqlite3

import pytest

from boostdesk.cli import main
from boostdesk.models import Register
from tests.test_lock import Holder


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _rows(db, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_backup_to_a_usb_stick_is_in_every_years_trail(demo, tmp_path, capsys):
    """`backup --out E:\\备份.db` carries off every full ID and card number: the README
    promises that such a copy is recorded (who, when, where to), as finance's copy is."""
    stick = tmp_path / "U盘"
    stick.mkdir()
    db = ["--db", str(demo)]
    assert main(["backup", "--out", str(stick / "备份.db"), "--operator", "办公室孙", *db]) == 0
    assert (stick / "备份.db").is_file()
    capsys.readouterr()
    for year in ("2021", "2022"):
        assert main(["audit", "--year", year, *db]) == 0
        line = next(x for x in capsys.readouterr().out.splitlines() if "备份登记册" in x)
        assert "办公室孙  登记册  备份登记册到指定文件" in line
        assert f"保存到：{(stick / '备份.db').resolve()}" in line
        assert "含完整身份证号、卡号" in line
    # a backup to the folder beside the register stays on the computer: not a line
    assert main(["backup", *db]) == 0
    assert main(["audit", *db]) == 0
    assert capsys.readouterr().out.count("备份登记册到指定文件") == 1


def test_a_backup_while_the_window_has_the_register_says_it_went_unrecorded(tmp_path, capsys):
    path = tmp_path / "register.db"
    other = Holder(path, "窗口里的人")
    try:
        assert main(["backup", "--out", str(tmp_path / "备份.db"), "--db", str(path)]) == 0
        assert "未能记入审计记录" in capsys.readouterr().err
        assert (tmp_path / "备份.db").is_file()
    finally:
        other.close()


def test_a_backup_the_trail_cannot_name_is_not_left_behind(demo, tmp_path, monkeypatch, capsys):
    """The copy is written, then the line cannot be (the disk filled meanwhile): the copy
    goes too, rather than a full copy the trail does not name."""
    def full(*_args, **_kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Register, "audit", full)
    assert main(["backup", "--out", str(tmp_path / "备份.db"), "--db", str(demo)]) == 1
    assert not (tmp_path / "备份.db").exists()
    assert "已备份到" not in capsys.readouterr().out


def test_a_refused_package_export_changes_nothing(demo, tmp_path, capsys):
    """`panel export` for a year with no expert yet: refused, and nothing stored (it left
    the default 评分细则 and the package key, two lines in the auditor's trail)."""
    db = ["--db", str(demo)]
    assert main(["campaign", "new", "--year", "2023", *db]) == 0
    before = _rows(demo, "SELECT id, action, entity FROM audit_events")
    secret = _rows(demo, "SELECT secret FROM panel_secret")
    capsys.readouterr()
    assert main(["panel", "export", "--year", "2023", "--out", str(tmp_path / "包"), *db]) == 1
    assert "还没有分配给专家的待评审项目" in capsys.readouterr().err
    assert _rows(demo, "SELECT id, action, entity FROM audit_events") == before
    assert _rows(demo, "SELECT secret FROM panel_secret") == secret
    assert _rows(demo, "SELECT COUNT(*) FROM criteria c JOIN campaigns k ON k.id = c.campaign_id"
                       " WHERE k.year = 2023") == [(0,)]
    assert main(["panel", "export", "--year", "2023", "--expert", "没有这个人",
                 "--out", str(tmp_path / "包"), *db]) == 1
    assert _rows(demo, "SELECT id, action, entity FROM audit_events") == before


def test_a_new_studio_and_union_are_recorded_with_their_facts(tmp_path, capsys):
    """A paper names a studio and a union the register did not know: their creation lines
    said only the studio's name and level, the union's name: the auditor could not tell
    which enterprise, leader or 示范性 the studio was created with, nor the union's 类别."""
    from boostdesk.models import ProjectApplication

    db = tmp_path / "r.db"
    reg = Register.open(db, operator="录入员甲")
    try:
        reg.save_project(ProjectApplication(
            campaign_year=2022, title="数控刀具寿命监测", studio_name="李明劳模创新工作室",
            studio_level="city", model_studio=True, leader="李明", unit_name="海淀区总工会",
            enterprise_name="北京精工机床有限公司", requested_fen=5_000_000))
    finally:
        reg.close()
    assert main(["audit", "--db", str(db)]) == 0
    out = capsys.readouterr().out.splitlines()
    studio = next(x for x in out if "工作室“李明劳模创新工作室”  新建" in x)
    for fact in ("级别：市级", "推荐单位：海淀区总工会", "所在单位：北京精工机床有限公司",
                 "领衔人：李明", "是否示范性工作室：是"):
        assert fact in studio, fact
    union = next(x for x in out if "推荐单位“海淀区总工会”  新建" in x)
    assert "类别：区" in union
