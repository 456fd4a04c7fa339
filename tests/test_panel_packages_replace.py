"""A second filled copy of an expert's package that changes the scores they submitted is not
stored unasked: a late correction from the expert, or the package filled in by the wrong
expert (刘振华's package with 韩志强's numbers, named 韩志强评分.xlsx). The office is told how
many projects differ and whose name the file carries, and confirms (``--replace``); the
genuine file saved earlier is the way back from a wrong one imported later."""

from __future__ import annotations

import json

import pytest

from boostdesk.panel.errors import ReplaceRefused
from boostdesk.panel.experts import Expert, assign, save_expert
from boostdesk.panel.package_export import export_packages
from boostdesk.panel.package_import import import_package
from boostdesk.panel.scoring import expert_sheet, panel_scores
from tests.test_package_fill_support import HAN, LIU
from tests.test_package_fill_support import filled as _filled
from tests.test_panel_support import CITY, DISTRICT, YEAR, make_project, to_review


@pytest.fixture
def panel(reg):
    ids = [make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室", CITY),
           make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", DISTRICT)]
    to_review(reg, *ids)
    liu = save_expert(reg, YEAR, Expert("刘振华", "北京交通大学", "机械"))
    han = save_expert(reg, YEAR, Expert("韩志强", "北京工业大学", "机械"))
    for e in (liu, han):
        for pid in ids:
            assign(reg, e, pid)
    return ids, liu


@pytest.fixture
def panel3(reg):
    """Three projects, 刘振华 and 韩志强 assigned all: a copy is told from two experts who
    happen to agree on a project or two (scores are whole numbers near the maxima)."""
    ids = [make_project(reg, "特殊钢连铸坯质量在线判定系统研发", "李红兵劳模创新工作室", CITY),
           make_project(reg, "五轴数控加工程序优化", "数控加工技能大师工作室", DISTRICT),
           make_project(reg, "高炉炉缸侵蚀在线监测模型开发", "张永刚职工创新工作室", CITY)]
    to_review(reg, *ids)
    for name, org in (("刘振华", "北京交通大学"), ("韩志强", "北京工业大学")):
        e = save_expert(reg, YEAR, Expert(name, org, "机械"))
        for pid in ids:
            assign(reg, e, pid)
    return ids


LIU3 = [*LIU, [16, 11, 12, 11, 10, 7, 7]]  # 74
HAN3 = [*HAN, [17, 12, 12, 12, 12, 8, 8]]  # 81


def _totals(reg, ids):
    scores = panel_scores(reg, YEAR)
    return [scores[pid].totals for pid in ids]


def _score_backups(reg):
    from boostdesk.safety.backup import list_backups

    return [b for b in list_backups(reg.path) if b.reason == "scores"]


def test_another_experts_numbers_in_a_package_imported_before_are_not_stored_unasked(
        reg, panel, tmp_path):
    ids, liu = panel
    [package] = export_packages(reg, YEAR, tmp_path / "out", ["刘振华"])
    genuine = _filled(package, tmp_path / "ok.xlsx", LIU, "2022-11-20T08:00:00")
    wrong = _filled(package, tmp_path / "韩志强评分.xlsx", HAN, "2022-11-20T09:30:00")
    import_package(reg, genuine)
    with pytest.raises(ReplaceRefused) as info:
        import_package(reg, wrong)
    named, said = info.value.reasons
    assert info.value.expert == "刘振华" and info.value.doubted and info.value.replacing
    assert named == ("韩志强评分.xlsx 是专家“刘振华”的评分包，但文件名中有另一位专家“韩志强”的姓名："
                     "可能是韩志强误用了刘振华的评分包填写")
    assert said.startswith("韩志强评分.xlsx 是专家“刘振华”的评分包（2 个项目），其中 2 个项目"
                           "（“特殊钢连铸坯质量在线判定系统研发”“五轴数控加工程序优化”）的评分与登记册中"
                           "该专家已提交的评分不同（已提交的是 ok.xlsx，")
    assert _totals(reg, ids) == [(83.5,), (68,)]  # 刘振华's scores stand
    assert _score_backups(reg) == []  # asked before any backup
    with pytest.raises(ReplaceRefused):  # replacing confirmed, whose scores they are not
        import_package(reg, wrong, replace=True)
    # confirmed (a correction the expert really sent): replaced, with what changed
    result = import_package(reg, wrong, replace=True, confirm_expert=True)
    assert result.replaced and len(result.changes) == 2
    assert _totals(reg, ids) == [(90,), (78,)]
    doc = json.loads(reg.scalar("SELECT after FROM audit_events WHERE action = 'import_package'"
                                " ORDER BY id DESC LIMIT 1"))
    assert doc["file"] == "韩志强评分.xlsx" and doc["replace_confirmed"] == [said]
    assert doc["expert_confirmed"] == [named]
    # the way back: the genuine file, saved before the wrong one, confirmed in its place
    with pytest.raises(ReplaceRefused) as info:
        import_package(reg, genuine)
    earlier, differ = info.value.reasons
    assert earlier.startswith("ok.xlsx 保存于 ")
    assert ("如果 韩志强评分.xlsx 有误（如由其他专家误填），本文件才是专家“刘振华”的评分，"
            "可以确认以本文件替换") in earlier
    assert "其中 2 个项目" in differ and "已提交的是 韩志强评分.xlsx" in differ
    assert _totals(reg, ids) == [(90,), (78,)]
    with pytest.raises(ReplaceRefused) as info:  # a correction's word is not this one's
        import_package(reg, genuine, replace=True)
    assert info.value.older
    assert import_package(reg, genuine, replace_older=True).replaced
    assert _totals(reg, ids) == [(83.5,), (68,)]
    sheet = expert_sheet(reg, liu)
    assert all(r.submitted for r in sheet)


def test_a_changed_comment_alone_is_stored_unasked(reg, panel, tmp_path):
    """The ranking never reads a comment: a corrected one needs no confirmation."""
    ids, liu = panel
    [package] = export_packages(reg, YEAR, tmp_path / "out", ["刘振华"])
    first = _filled(package, tmp_path / "a.xlsx", LIU, "2022-11-20T08:00:00")
    second = _filled(package, tmp_path / "b.xlsx", LIU, "2022-11-20T09:00:00", comment="更正")
    import_package(reg, first)
    assert import_package(reg, second).replaced
    assert [r.comment for r in expert_sheet(reg, liu)] == ["更正", "更正"]


def test_a_first_package_named_after_another_expert_is_asked_about_before_it_is_stored(
        reg, panel, tmp_path):
    """孙国华 filled 李文静's package and sent it as 孙国华_评分.xlsx: stored at once as hers
    before, with one note; now nothing is stored until the office confirms."""
    ids, liu = panel
    [package] = export_packages(reg, YEAR, tmp_path / "out", ["刘振华"])
    wrong = _filled(package, tmp_path / "韩志强-评分表.xlsx", HAN, "2022-11-20T09:30:00")
    with pytest.raises(ReplaceRefused) as info:
        import_package(reg, wrong)
    assert info.value.doubted and not info.value.replacing
    assert info.value.reasons == ["韩志强-评分表.xlsx 是专家“刘振华”的评分包，但文件名中有另一位专家"
                                  "“韩志强”的姓名：可能是韩志强误用了刘振华的评分包填写"]
    assert not any(r.submitted for r in expert_sheet(reg, liu))
    assert panel_scores(reg, YEAR) == {}
    with pytest.raises(ReplaceRefused):  # --replace confirms a replacement, not this
        import_package(reg, wrong, replace=True)
    result = import_package(reg, wrong, confirm_expert=True)  # checked with the expert
    assert result.lines == ("经确认按专家“刘振华”的评分导入：" + info.value.reasons[0],)
    assert _totals(reg, ids) == [(90,), (78,)]
    own = _filled(package, tmp_path / "2022年度专家评分包_刘振华.xlsx", LIU, "2022-11-21T09:30:00")
    with pytest.raises(ReplaceRefused) as info:
        import_package(reg, own)
    assert not info.value.doubted  # its own expert's name only
    assert "另一位专家" not in info.value.reasons[0]


def test_a_package_repeating_another_experts_submitted_scores_is_asked_about(reg, panel3, tmp_path):
    """李文静's package holding 孙国华's numbers, under a name that names nobody: the same
    scores, criterion by criterion on every project, as 孙国华 already submitted."""
    from boostdesk.panel.ranking import rank

    ids = panel3
    liu_pkg, han_pkg = export_packages(reg, YEAR, tmp_path / "out", ["刘振华", "韩志强"])
    assert import_package(reg, _filled(han_pkg, tmp_path / "韩志强本人.xlsx", HAN3,
                                       "2022-11-20T09:00:00")).projects == 3
    copied = _filled(liu_pkg, tmp_path / "评分表.xlsx", HAN3, "2022-11-20T09:30:00")
    with pytest.raises(ReplaceRefused) as info:
        import_package(reg, copied)
    assert info.value.doubted and info.value.expert == "刘振华"
    assert info.value.reasons == ["评分包中 3 个项目的评分与专家“韩志强”已提交的评分逐项完全相同：很可能是误把"
                                  "韩志强的评分填进了专家“刘振华”的评分包，或把韩志强的评分表当作刘振华的交回"]
    assert [panel_scores(reg, YEAR)[pid].totals for pid in ids] == [(90,), (78,), (81,)]
    assert rank(reg, YEAR).same_sheets == []
    # two projects alike of three is no copy: 刘振华's own numbers on the third
    own = _filled(liu_pkg, tmp_path / "刘振华.xlsx", [*HAN, LIU3[2]], "2022-11-20T09:40:00")
    assert import_package(reg, own).projects == 3
    # confirmed anyway: both counted, and 排名与档次 and rank say it before adoption
    # (saved before 刘振华.xlsx: the earlier save's own confirmation)
    import_package(reg, copied, replace_older=True, confirm_expert=True)
    [same] = rank(reg, YEAR).same_sheets
    assert same.text.startswith("专家“韩志强”与“刘振华”已提交的 3 个项目的评分逐项完全相同")


def test_panel_import_refuses_a_package_named_after_another_expert_until_confirmed(
        reg, panel, tmp_path, capsys):
    from boostdesk.cli import main

    [package] = export_packages(reg, YEAR, tmp_path / "out", ["刘振华"])
    wrong = _filled(package, tmp_path / "韩志强_评分.xlsx", HAN, "2022-11-20T09:30:00")
    db = reg.path
    reg.close()
    assert main(["panel", "import", str(wrong), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "文件名中有另一位专家“韩志强”的姓名" in err
    assert ("  如核实其中的评分确为专家“刘振华”本人所评，请加 --confirm-expert 重新导入；"
            "否则请让刘振华用本人的评分包填写交回") in err
    assert main(["panel", "import", str(wrong), "--db", str(db), "--confirm-expert"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已导入专家“刘振华”对 2 个项目的评分（2022 年度）")
    assert "经确认按专家“刘振华”的评分导入：" in out


def test_rank_says_two_experts_scores_alike(reg, panel3, tmp_path, capsys):
    """Stored alike (a copy confirmed, or imported before the question): rank says so."""
    from boostdesk.cli import main

    liu_pkg, han_pkg = export_packages(reg, YEAR, tmp_path / "out", ["刘振华", "韩志强"])
    import_package(reg, _filled(han_pkg, tmp_path / "a.xlsx", HAN3, "2022-11-20T09:00:00"))
    import_package(reg, _filled(liu_pkg, tmp_path / "b.xlsx", HAN3, "2022-11-20T09:30:00"),
                   confirm_expert=True)
    db = reg.path
    reg.close()
    assert main(["rank", "--db", str(db)]) == 0
    assert ("注意：专家“韩志强”与“刘振华”已提交的 3 个项目的评分逐项完全相同（很可能是误把一位专家的评分"
            "填进了另一位专家的评分包）：请在采纳前核对") in capsys.readouterr().out


def test_panel_import_refuses_the_replacement_until_replace_is_given(reg, panel, tmp_path, capsys):
    from boostdesk.cli import main

    ids, _ = panel
    [package] = export_packages(reg, YEAR, tmp_path / "out", ["刘振华"])
    genuine = _filled(package, tmp_path / "ok.xlsx", LIU, "2022-11-20T08:00:00")
    wrong = _filled(package, tmp_path / "韩志强评分.xlsx", HAN, "2022-11-20T09:30:00")
    db = reg.path
    reg.close()
    assert main(["panel", "import", str(genuine), "--db", str(db)]) == 0
    assert main(["panel", "import", str(wrong), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert f"未导入 {wrong}：" in err
    assert "其中 2 个项目" in err and "文件名中有另一位专家“韩志强”的姓名" in err
    assert ("  如核实其中的评分确为专家“刘振华”本人所评，请加 --confirm-expert（并加 --replace 确认替换"
            "其已提交的评分）重新导入") in err
    assert main(["panel", "import", str(wrong), "--db", str(db), "--replace"]) == 1
    assert "请加 --confirm-expert 重新导入" in capsys.readouterr().err
    assert main(["panel", "import", str(wrong), "--db", str(db), "--replace",
                 "--confirm-expert"]) == 0
    assert capsys.readouterr().out.startswith("已替换专家“刘振华”的评分（2022 年度；2 个项目均有改动）")
    assert main(["audit", "--db", str(db)]) == 0  # the trail keeps what was confirmed
    assert "经确认替换（导入前所告知的情况）：韩志强评分.xlsx 是专家“刘振华”的评分包" in capsys.readouterr().out
    assert main(["panel", "import", str(genuine), "--db", str(db)]) == 1
    assert "早于已导入的同一评分包的另一份" in capsys.readouterr().err
    assert main(["panel", "import", str(genuine), "--db", str(db), "--replace"]) == 1
    assert "请加 --replace-with-older 重新导入" in capsys.readouterr().err
    assert main(["panel", "import", str(genuine), "--db", str(db), "--replace-with-older"]) == 0
    assert capsys.readouterr().out.startswith("已替换专家“刘振华”")
