"""Merging studios against 二（二）2 (同一创新工作室申报不超过2项，获得助推的项目至多1项):
two studios each holding an award of the same year are not merged (the merged studio would
hold two awards of one year, shown by `check` and `rank` without comment) — by
`correct studio --merge`, `correct studios-near` and 工作室 → 修改 alike; applications over
the limit are merged and the rules' re-check judges the extra ones 不合格, the merge saying so."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtCore import Qt

from boostdesk.cli import main
from boostdesk.models import Register, RegisterError, plan_2022
from boostdesk.panel.past import record_past_award
from tests.test_past_awards import WAN, project
from tests.test_ui_support import answers, ctx, qsettings, type_text

__all__ = ["answers", "ctx", "qsettings"]  # fixtures used by name

NEW_MATERIALS, IT_OPS = "新材料应用职工创新工作室", "信息系统运维创新工作室"  # the demo's, 2022
XIONG, XIONG_TECH = "熊德职工创新工作室", "熊德职工技术创新工作室"


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _studio_of(db, app_id: int) -> str:
    with Register.open(db) as reg:
        return reg.project(app_id).studio_name


def _ids(db, studio: str) -> list[int]:
    with Register.open(db) as reg:
        return [i for (i,) in reg.conn.execute(
            "SELECT a.id FROM project_applications a JOIN studios s ON s.id = a.studio_id"
            " WHERE s.name = ? ORDER BY a.id", (studio,))]


def test_two_studios_awarded_the_same_year_are_not_merged(demo, capsys):
    [paid] = _ids(demo, NEW_MATERIALS)  # 首笔拨付
    [approved] = _ids(demo, IT_OPS)  # 核准
    capsys.readouterr()
    assert main(["correct", "studio", NEW_MATERIALS, IT_OPS, "--merge", "--reason", "两工作室合并",
                 "--db", str(demo)]) == 1
    err = capsys.readouterr().err
    assert f"不能把工作室“{NEW_MATERIALS}”并入“{IT_OPS}”，未作改动" in err, err
    assert (f"并入后“{IT_OPS}”2022 年度将有 2 项助推，该年度方案同一工作室获得助推的项目至多 1 项"
            f"（方案二（二）2）：\n  项目{paid}“高性能防火保温材料工艺改进”（首笔拨付，原属“{NEW_MATERIALS}”）"
            f"\n  项目{approved}“信息系统自动化运维平台建设”（核准，属“{IT_OPS}”）\n") in err, err
    assert "撤下多出的助推后再合并" in err and "请不要在登记册中合并" in err
    assert _studio_of(demo, paid) == NEW_MATERIALS  # nothing moved
    with Register.open(demo) as reg:
        assert not reg.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'merge'")


def test_the_register_refuses_the_merge_whoever_asks(demo):
    with Register.open(demo, operator="x") as reg, pytest.raises(RegisterError, match="将有 2 项助推"):
        reg.merge_studio("数控加工技能大师工作室", "智能检测职工创新工作室")  # 结题验收 / 首笔拨付
    assert _ids(demo, "数控加工技能大师工作室")


def test_applications_over_the_limit_are_merged_and_the_extra_ones_said_not_eligible(demo, capsys):
    """Nothing awarded: the merge stands, the rules judge the third and fourth 不合格."""
    third, fourth = _ids(demo, "公路养护机械创新工作室")[1], _ids(demo, "康复护理职工创新工作室")[1]
    capsys.readouterr()
    assert main(["correct", "studio", "公路养护机械创新工作室", "康复护理职工创新工作室", "--merge",
                 "--db", str(demo)]) == 0
    out = capsys.readouterr().out
    for app_id, nth in ((min(third, fourth), 3), (max(third, fourth), 4)):
        assert f"（项目{app_id}“" in out and f"此为第 {nth} 项：同一创新工作室申报不超过 2 项（方案二（二）2）" in out, out
    assert main(["check", "--db", str(demo)]) == 0
    assert "本年度已申报 2 项，此为第 3 项" in capsys.readouterr().out


def _awarded_2016(reg: Register, *studios: str) -> list[int]:
    """A 2016 project of each studio, recorded as awarded (补录往年结果)."""
    reg.save_campaign(plan_2022())
    reg.save_campaign(plan_2022().for_year(2016))
    ids = []
    for n, studio in enumerate(studios):
        app_id = reg.save_project(project(2016, title=f"项目{n}", studio=studio, leader="熊德"))
        record_past_award(reg, app_id, 5 * WAN, date(2016, 12, 20), backup=False)
        ids.append(app_id)
    return ids


def test_studios_near_leaves_apart_a_pair_awarded_the_same_year(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        _awarded_2016(reg, XIONG, XIONG_TECH)
        reg.save_project(project(2022, title="一", studio="萧博职工创新工作室", leader="萧博"))
        reg.save_project(project(2022, title="二", studio="萧博技术创新工作室", leader="萧博"))
    assert main(["correct", "studios-near", "--db", str(path), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "将合并名称相近的工作室 1 个，同一年度助推超出方案、未合并 1 个" in said, said
    assert main(["correct", "studios-near", "--db", str(path)]) == 0
    said = capsys.readouterr().out
    assert "已合并名称相近的工作室 1 个，同一年度助推超出方案、未合并 1 个" in said, said
    assert f"不能把工作室“{XIONG_TECH}”并入“{XIONG}”" in said and "2016 年度将有 2 项助推" in said
    with Register.open(path) as reg:
        names = {s.name for s in reg.studios()}
        assert {XIONG, XIONG_TECH} <= names and "萧博技术创新工作室" not in names
        [after] = [json.loads(a) for (a,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = 'studios' AND action = 'merge'")]
        assert "同一工作室的两种写法" in after["reason"]


def test_the_windows_merge_says_why_it_cannot_before_asking(ctx, qtbot, answers):
    """工作室 → 修改, the name typed over with the other awarded studio's: refused in words,
    not asked, nothing merged."""
    from boostdesk.ui.studio_screen import StudioDialog

    reg = ctx.reg
    first, _second = _awarded_2016(reg, XIONG_TECH, XIONG)
    dialog = StudioDialog(ctx, reg.studio(XIONG_TECH))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setFocus()
    dialog.name.selectAll()
    type_text(qtbot, XIONG, dialog.name)
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not answers.questions, answers.questions
    [(title, text)] = answers.errors
    assert title == "合并工作室" and f"不能把工作室“{XIONG_TECH}”并入“{XIONG}”" in text, text
    assert "2016 年度将有 2 项助推" in text
    assert reg.project(first).studio_name == XIONG_TECH
    assert dialog.isVisible()  # back to the name, to keep or change
