"""The panel from the command line, as the issue's new user would try it on the demo:
assign the projects waiting for experts, export every expert's package, fill them in,
import them, rank, adopt, publicize."""

from __future__ import annotations

import json
from collections import Counter

import openpyxl
import pytest

from boostdesk.cli import main
from boostdesk.models import Register


@pytest.fixture
def demo(tmp_path):
    db = tmp_path / "demo.db"
    assert main(["demo", "--db", str(db)]) == 0
    return db


def _fill(path, seed: int) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb["评分表"]
    maxima = [int(h.split("满分")[1].rstrip("）")) for h in
              [c.value for c in ws[1]] if "满分" in str(h)]
    for r in range(2, ws.max_row + 1):
        if not str(ws.cell(r, 1).value or "").isdigit():
            continue
        if ws.cell(r, 3).value not in (None, ""):  # scored already (submitted or a draft)
            continue
        for k, m in enumerate(maxima):
            ws.cell(r, 3 + k, value=round(m * (0.6 + ((seed * 7 + r * 3 + k) % 9) / 30), 1))
        ws.cell(r, 3 + len(maxima), value="同意推荐")
    wb.save(path)


def test_demo_panel_round_trip_from_the_command_line(demo, tmp_path, capsys):
    out = tmp_path / "packages"
    args = ["--db", str(demo)]
    # the demo's last batch: four projects just qualified, no experts yet
    assert main(["panel", "assign", *args, "--auto"]) == 0
    assert main(["panel", "export", *args, "--out", str(out)]) == 0
    files = sorted(out.glob("*.xlsx"))
    assert len(files) == 6 and "2022年度专家评分包_何文静.xlsx" in [f.name for f in files]
    for n, f in enumerate(files):
        _fill(f, n)
    # A copy edited outside its score cells is refused, with the cell named.
    tampered = tmp_path / "tampered.xlsx"
    wb = openpyxl.load_workbook(files[0])
    wb["评分表"]["B2"] = "改过的项目名称"
    wb.save(tampered)
    capsys.readouterr()
    assert main(["panel", "import", *args, str(tampered)]) == 1
    err = capsys.readouterr().err
    assert "评分表 B2 单元格被改动" in err and "1 个评分包未导入" in err

    assert main(["panel", "import", *args, *map(str, files)]) == 0
    imported = capsys.readouterr().out
    # her draft begun on screen: 2 of the 7 replaced, the others entered afresh
    assert "已导入专家“何文静”对 7 个项目的评分（2022 年度；新录入 5 项、替换 2 项）" in imported
    assert main(["panel", "status", *args, "--json"]) == 0
    status = json.loads(capsys.readouterr().out)["experts"]
    assert all(r["submitted"] == r["assigned"] for r in status)

    assert main(["rank", *args, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    quotas = {"市级": {100000: 10, 50000: 20}, "区/局/集团级": {30000: 50}}
    used = Counter((r["level"], r["tier"]) for r in rows if r["tier"] is not None)
    for (level, tier), n in used.items():
        assert n <= quotas[level][tier]
    studios = Counter(r["studio"] for r in rows if r["tier"] is not None)
    assert max(studios.values()) == 1
    with Register.open(demo) as reg:
        budgets = {a.title: a.total_budget_fen for a in reg.projects(2022)}
    for r in rows:
        if r["tier"] is not None and r["rank"] is not None:
            assert r["tier_fen"] == r["tier"] * 100 and r["tier_fen"] * 2 <= budgets[r["ref"]]
    capped = next(r for r in rows if r["ref"] == "热轧产线设备智能点检系统开发")
    assert "10万元档超过项目总投入 ¥150,000.00 的 50%" in capped["reason"]
    ranked = [r for r in rows if r["rank"] is not None and not r["held"]]
    assert ranked and all(r["experts"] >= 4 for r in ranked)

    # adopted on its day: a publicity may not start before it (today's would refuse 2023-03-06);
    # not before the scores it ranks (imported today): the packages as returned in the season
    assert main(["panel", "adopt", *args, "--date", "2023-03-03"]) == 1
    assert "采纳日期 2023-03-03 早于最后一份评分" in capsys.readouterr().err
    with Register.open(demo) as reg, reg.transaction():
        reg.conn.execute("UPDATE assignments SET submitted_at = '2023-03-02T16:00:00'"
                         " WHERE submitted_at > '2023-03-02T16:00:00'")
    # the demo's third batch, adopted 2023-01-11, still awaits publicity: adopting the last
    # batch now would merge them into one list (its day gone): asked, nothing adopted
    assert main(["panel", "adopt", *args, "--date", "2023-03-03"]) == 1
    asked = capsys.readouterr().err
    assert "2022 年度于 2023-01-11 采纳的拟助推名单（拟助推 3 项）尚未公示" in asked
    assert "合为一份待公示名单" in asked and "加 --yes 重新运行" in asked
    assert main(["panel", "adopt", *args, "--date", "2023-03-03", "--yes"]) == 0
    assert "已采纳 2022 年度拟助推名单（采纳日期 2023-03-03）" in capsys.readouterr().out
    with Register.open(demo) as reg:  # the earlier adoption's day kept in the trail
        after = reg.scalar("SELECT after FROM audit_events WHERE action = 'adopt'"
                           " ORDER BY id DESC LIMIT 1")
        assert json.loads(after)["replaced_list"] == "2023-01-11 采纳的拟助推名单（拟助推 3 项）"
    # The demo's period is still open: close it first, then the new batch.
    assert main(["publicity", "close", *args, "--date", "2023-01-03"]) == 0
    text = capsys.readouterr().out
    assert "2 项核准助推" in text and "异议待处理，暂不核准：电驱总成下线测试台架开发" in text
    assert main(["publicity", "start", *args, "--from", "2023-03-06"]) == 0
    started = capsys.readouterr().out
    assert "已开始公示：2023年3月6日至2023年3月12日" in started
    from boostdesk.panel.publicity import period, publicity_rows

    with Register.open(demo) as reg:  # the count is this batch's, not every batch's
        batch = len(publicity_rows(reg, 2022, period_id=period(reg, 2022).id))
        assert 0 < batch < len(publicity_rows(reg, 2022))
    assert f"共 {batch} 项" in started
    pdf, xlsx = tmp_path / "公示.pdf", tmp_path / "公示.xlsx"
    assert main(["publicity", "list", *args, "--pdf", str(pdf), "--xlsx", str(xlsx)]) == 0
    assert pdf.stat().st_size > 1000 and xlsx.exists()
    assert main(["publicity", "close", *args, "--date", "2023-03-13"]) == 0
    with Register.open(demo) as reg:
        approved = [a for a in reg.projects(2022) if a.approved_date
                    and a.approved_date.isoformat() == "2023-03-13"]
        assert approved and all(a.status == "approved" and a.award_fen for a in approved)


def test_expert_grid_and_qualify_commands(tmp_path, capsys):
    db = tmp_path / "r.db"
    args = ["--db", str(db)]
    assert main(["panel", "expert", "add", "张三", *args, "--org", "清华大学"]) == 0
    assert main(["panel", "expert", "add", "张三", *args, "--field", "机械"]) == 0
    assert main(["panel", "expert", "list", *args]) == 0
    assert "张三\t清华大学\t机械" in capsys.readouterr().out
    assert main(["panel", "grid", *args, "--set", "创新性:50:60", "效益:50:30"]) == 1
    assert "各项权重之和应为 100，现为 90" in capsys.readouterr().err
    assert main(["panel", "grid", *args, "--set", "创新性:50:60", "效益：50：40"]) == 0
    assert "效益（满分50）\t权重 40" in capsys.readouterr().out
    assert main(["panel", "settings", *args, "--disagreement", "12.5"]) == 0
    assert "标准差（总体）超过 12.5 分" in capsys.readouterr().out
    assert main(["panel", "qualify", "不存在的项目", *args, "--pass"]) == 1
    assert "没有名称含“不存在的项目”的项目" in capsys.readouterr().err


def test_expert_add_refuses_a_name_differing_by_a_space_and_remove_takes_no_other(
        tmp_path, capsys):
    db = tmp_path / "r.db"
    args = ["--db", str(db)]
    assert main(["panel", "expert", "add", "李明", *args, "--org", "北京工业大学"]) == 0
    assert main(["panel", "expert", "add", "李 明", *args, "--org", "北京大学"]) == 1
    assert "已有专家“李明”，“李 明”与之只差空格" in capsys.readouterr().err
    assert main(["panel", "expert", "list", *args]) == 0
    assert capsys.readouterr().out.splitlines() == ["李明\t北京工业大学\t\t"]  # unchanged
    assert main(["panel", "expert", "add", "王 芳", *args]) == 0
    assert "已添加专家“王芳”" in capsys.readouterr().out
    assert main(["panel", "expert", "remove", "王 芳", *args]) == 0
    assert "已删除专家“王芳”" in capsys.readouterr().out
    assert main(["panel", "expert", "list", *args]) == 0
    assert capsys.readouterr().out.splitlines() == ["李明\t北京工业大学\t\t"]


def test_assign_unassign_and_conflict_by_name_from_the_command_line(demo, capsys):
    from boostdesk.panel.experts import (
        assignments,
        conflict,
        declared_conflicts,
        experts,
        panel_projects,
    )

    with Register.open(demo) as reg:
        pairs = {(a.expert_id, a.project_id) for a in assignments(reg, 2022)}
        free = [(e, p) for p in panel_projects(reg, 2022) for e in experts(reg, 2022)
                if (e.id, p.id) not in pairs and not conflict(reg, e, p)]
    e, p = free[0]
    args = ["--db", str(demo), "--expert", e.name]
    capsys.readouterr()
    assert main(["panel", "assign", *args, "--project", str(p.id)]) == 0
    assert f"已将项目“{p.title}”分配给专家“{e.name}”" in capsys.readouterr().out
    assert main(["panel", "unassign", *args, "--project", p.title]) == 0  # by name too
    assert f"已取消专家“{e.name}”对项目“{p.title}”的评审" in capsys.readouterr().out
    assert main(["panel", "conflict", *args, "--project", str(p.id), "--reason", "曾参与该项目"]) == 0
    with Register.open(demo) as reg:
        assert (e.id, p.id) not in {(a.expert_id, a.project_id) for a in assignments(reg, 2022)}
        assert declared_conflicts(reg, 2022)[(e.id, p.id)] == "曾参与该项目"
    # Declared, the conflict now refuses the assignment, in Chinese, with the reason.
    assert main(["panel", "assign", *args, "--project", str(p.id)]) == 1
    assert "曾参与该项目" in capsys.readouterr().err
    assert main(["panel", "unassign", "--db", str(demo), "--expert", "无此人",
                 "--project", str(p.id)]) == 1
    assert "无此人" in capsys.readouterr().err


def test_qualify_asks_a_reason_for_missing_materials_and_prints_a_refusals_reason(reg, capsys):
    from dataclasses import replace

    from tests.test_panel_support import CITY, make_project

    pid = make_project(reg, "缺材料项目", "工作室丙", CITY)
    reg.save_project(replace(reg.project(pid), materials={}))
    other = make_project(reg, "另一缺材料项目", "工作室丁", CITY)
    reg.save_project(replace(reg.project(other), materials={}))
    reg.close()
    args = ["--db", str(reg.path)]
    assert main(["panel", "qualify", "缺材料项目", *args, "--pass"]) == 1
    assert "待补材料（材料未齐：缺申报书" in capsys.readouterr().err
    assert main(["panel", "qualify", "缺材料项目", *args, "--pass", "--reason", "材料已补交"]) == 0
    assert "项目“缺材料项目”资格审核通过：材料已补交" in capsys.readouterr().out
    assert main(["panel", "qualify", "另一缺材料项目", *args, "--refuse"]) == 0
    assert "项目“另一缺材料项目”资格审核不通过：材料未齐：缺申报书" in capsys.readouterr().out


def test_export_of_every_package_names_the_experts_given_none(demo, tmp_path, capsys):
    """`panel export` without --expert said nothing of the experts it gave no package
    (nothing of theirs under review), as 导出全部评分包 in the window does."""
    from boostdesk.panel.experts import Expert, experts, save_expert
    from boostdesk.panel.package_projects import package_projects

    with Register.open(demo, operator="测试员") as reg:
        save_expert(reg, 2022, Expert("新来的专家", "北京工业大学", "机械"))  # none assigned
        idle = [e.name for e in experts(reg, 2022)
                if not package_projects(reg, 2022, e.id or 0)]
    assert "新来的专家" in idle
    capsys.readouterr()
    assert main(["panel", "export", "--db", str(demo), "--out", str(tmp_path / "all")]) == 0
    out = capsys.readouterr().out.splitlines()
    [said] = [x for x in out if x.startswith("2022 年度：已导出 ")]
    assert all(f"“{name}”" in said for name in idle) and "“新来的专家”没有分配项目" in said
    assert said.endswith(f"，未导出。请交专家只填写评分和评语，原文件交回后用 boostdesk --db {demo} panel "
                         "import 导入"), said
    # which programs keep the package's hidden signature, for the expert's own laptop
    assert out[-1].startswith("发给专家时请告知：在电脑上用 Excel 2007 及以上、WPS Office")


def test_export_in_a_new_year_without_a_panel_points_to_the_year_still_reviewing(
        demo, tmp_path, capsys):
    """Once 2023 was made, `panel export` (the newest year) said only 2023 年度还没有分配…,
    though 2022's panel was still at work."""
    assert main(["campaign", "new", "--year", "2023", "--db", str(demo)]) == 0
    capsys.readouterr()
    assert main(["panel", "export", "--db", str(demo), "--out", str(tmp_path / "p")]) == 1
    err = capsys.readouterr().err
    assert "2023 年度还没有分配给专家的待评审项目" in err and "2022 年度仍有待评审的项目：加 --year 2022" in err
    assert main(["panel", "export", "--db", str(demo), "--year", "2022",
                 "--out", str(tmp_path / "p")]) == 0
