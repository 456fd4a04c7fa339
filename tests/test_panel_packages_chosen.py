"""Exporting the scoring packages of several chosen experts when some of them have nothing to
score: the others' packages are written and the ones left out are named with why, in the
window's 导出所选 and `panel export --expert …` alike; refused only when none has anything."""

from __future__ import annotations

import json

import pytest
from test_panel_screen import ctx, screen

from boostdesk.cli import main
from boostdesk.models.records import PROJECT
from boostdesk.panel.errors import PanelError
from boostdesk.panel.experts import Expert, assign, declare_conflict, save_expert
from boostdesk.panel.package_export import export_chosen, package_name
from tests.test_panel_support import CITY, YEAR, make_project, to_review

__all__ = ["ctx", "screen"]


@pytest.fixture
def chosen(reg):
    """张三 with a project to score; 李四 given none; 王五 whose project left review; 赵六
    who declared a conflict with his only project (the assignment taken with it)."""
    kept = make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", CITY)
    gone = make_project(reg, "焊接机器人路径规划", "焊接技能大师工作室", CITY)
    to_review(reg, kept, gone)
    ids = {name: save_expert(reg, YEAR, Expert(name, org, "机械")) for name, org in (
        ("张三", "清华大学"), ("李四", "北京工业大学"), ("王五", "中国科学院"),
        ("赵六", "北京化工大学"))}
    assign(reg, ids["张三"], kept)
    assign(reg, ids["王五"], gone)
    assign(reg, ids["赵六"], kept)
    declare_conflict(reg, ids["赵六"], kept, "曾指导该工作室")
    reg.set_status(PROJECT, gone, "not_awarded", "取消资格")
    return ids


def test_the_chosen_experts_with_something_to_score_get_their_packages(reg, chosen, tmp_path):
    result = export_chosen(reg, YEAR, tmp_path, ["张三", "李四", "王五"])
    assert [p.name for p in result.paths] == [f"{YEAR}年度专家评分包_张三.xlsx"]
    assert result.paths[0].exists()
    assert not (tmp_path / f"{YEAR}年度专家评分包_李四.xlsx").exists()
    assert result.idle == (("李四", "没有分配项目"), ("王五", "分配的项目都已结束评审"))
    assert result.headline(tmp_path) == (
        f"已导出 1 位专家的评分包（存放在 {tmp_path}）；“李四”没有分配项目；“王五”分配的项目都已结束"
        "评审，未导出")
    # the trail says who was left out, in a key it shows in Chinese (说明)
    after = json.loads(reg.scalar("SELECT after FROM audit_events WHERE action = 'export_packages'"
                                  " ORDER BY id DESC LIMIT 1"))
    assert after["experts"] == ["张三"]
    assert after["note"] == "未导出：李四没有分配项目；王五分配的项目都已结束评审"


def test_an_export_is_refused_only_when_no_chosen_expert_has_anything(reg, chosen, tmp_path):
    with pytest.raises(PanelError) as info:
        export_chosen(reg, YEAR, tmp_path / "out", ["李四", "王五", "赵六"])
    assert str(info.value) == (
        "专家“李四”没有分配项目；专家“王五”分配的项目都已结束评审；专家“赵六”没有分配项目"
        "：没有待评审的项目，未生成评分包"
        # and where the projects went, in the words of a returned package's refusal
        "\n  王五：项目“焊接机器人路径规划”已不在专家评审阶段（现为“未获助推”），不再评分")
    assert not (tmp_path / "out").exists()
    assert reg.scalar("SELECT COUNT(*) FROM audit_events WHERE action = 'export_packages'") == 0
    assert reg.scalar("SELECT COUNT(*) FROM panel_secret") == 0  # nothing stored


def test_panel_export_of_chosen_experts_names_those_left_out(reg, chosen, tmp_path, capsys):
    reg.close()
    out = tmp_path / "packages"
    assert main(["panel", "export", "--db", str(reg.path), "--out", str(out),
                 "--expert", "张三", "--expert", "李四"]) == 0
    said = capsys.readouterr().out
    assert f"已生成评分包：{out / f'{YEAR}年度专家评分包_张三.xlsx'}" in said
    assert (f"{YEAR} 年度：已导出 1 位专家的评分包（存放在 {out}）；“李四”没有分配项目，未导出。"
            in said)
    assert main(["panel", "export", "--db", str(reg.path), "--out", str(out),
                 "--expert", "李四"]) == 1
    assert "专家“李四”没有分配项目：没有待评审的项目，未生成评分包" in capsys.readouterr().err


def test_export_selected_in_the_window_writes_the_others_and_names_the_idle(
        screen, reg, chosen, qtbot, tmp_path):
    tab = screen.show_tab("评分包")
    screen.refresh()
    tab.export_to(tmp_path, ["张三", "李四"])
    qtbot.waitUntil(lambda: "已导出" in tab.log.toPlainText(), timeout=10_000)
    log = tab.log.toPlainText()
    assert f"已生成：{tmp_path / package_name(YEAR, Expert('张三'))}" in log
    assert f"已导出 1 位专家的评分包（存放在 {tmp_path}）；“李四”没有分配项目，未导出" in log
    assert "未能生成评分包" not in log
