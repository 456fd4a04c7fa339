"""Near copies the inspector found slipping through: copied in traditional characters
(許丹 for the paid 许丹, 城市橋樑… for the paid 城市桥梁…), or with two words swapped
(单克隆抗体纯化收率工艺提升 for …工艺收率提升)."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

from fixtures.summary_sheets import card, patent_no
from test_near_copies import (
    NEAR_ID,
    NEAR_PERSON,
    NEAR_TITLE,
    OVER,
    STUDIO,
    patent,
    project,
    two_papers,
)

from boostdesk.cli import main
from boostdesk.models import Register, plan_2022
from boostdesk.rules import check_campaign, check_patent_draft, check_project_draft, recheck
from boostdesk.rules.near_titles import near
from boostdesk.studio_names import name_core, same_leader
from boostdesk.todo import todo_list

SAME_TITLE = "SAME_TITLE_OTHER_STUDIO"


def codes(verdict) -> list[str]:
    return [f.code for f in verdict.findings]


# -- traditional characters ----------------------------------------------------------------
def test_a_name_in_traditional_characters_is_the_same_name_to_the_near_person_check(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_patent(patent(patent_no("202110123456"), inventor_name="许丹"))
        copy = patent(patent_no("202110654321"), inventor_name="許丹", id_number=NEAR_ID,
                      card_number=card("621700009876543"))
        [f] = [f for f in check_patent_draft(reg, copy).findings if f.code == NEAR_PERSON]
        assert "可能与已登记的 许丹（身份证" in f.message  # the registered one named
        new = reg.save_patent(copy)
        recheck(reg)
        verdicts = {v.app_id: v for v in check_campaign(reg, 2022) if v.stream == "patent"}
        assert NEAR_PERSON in codes(verdicts[new])
        assert all(NEAR_PERSON in codes(v) for v in verdicts.values())  # said of both


def test_a_paid_title_copied_in_traditional_characters_is_the_same_title(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_project(project("城市桥梁支座病害智能巡检技术攻关", "刘志强劳模创新工作室",
                                 leader="刘志强"))
        typed = check_project_draft(reg, project(
            "城市橋樑支座病害智能巡檢技術攻關", "劉志強勞模創新工作室", leader="劉志強"))
        assert {SAME_TITLE, NEAR_TITLE} & set(codes(typed))
        # one character traditional, the rest as registered: near, not another title
        half = check_project_draft(reg, project("城市桥樑支座病害智能巡检技术攻关研究",
                                                "马国庆职工创新工作室", leader="马国庆"))
        assert NEAR_TITLE in codes(half)
    assert name_core("劉志強勞模創新工作室") == name_core("刘志强劳模创新工作室")
    assert same_leader("劉志強", "刘志强")  # one studio written two ways (studios-near)


def test_the_upgrade_to_33_folds_a_stored_traditional_title_key(tmp_path):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        old = reg.save_project(project("城市橋樑支座病害智能巡檢技術攻關"))
    from test_migrations import as_version

    conn = sqlite3.connect(path)
    conn.execute("UPDATE project_applications SET title_key = ? WHERE id = ?",
                 ("城市橋樑支座病害智能巡檢技術攻關", old))  # as 32 wrote it
    as_version(conn, 32)  # the later migrations' columns gone too: each is added again
    conn.commit()
    conn.close()
    with Register.open(path, operator="测试员") as reg:
        assert reg.scalar("SELECT title_key FROM project_applications WHERE id = ?",
                          (old,)) == "城市桥梁支座病害智能巡检技术攻关"


# -- words in another order --------------------------------------------------------------
def test_a_title_with_two_words_swapped_is_near_one_with_words_put_for_others_is_not():
    assert near("单克隆抗体纯化收率工艺提升", "单克隆抗体纯化工艺收率提升")
    assert near("室内5g分布系统覆盖技术优化研究", "5g室内分布系统覆盖优化技术研究")
    # the inspector's good cases stay two projects
    assert not near("车体焊接工艺优化", "铝合金车体焊接工艺优化")
    assert not near("冷轧产线主轴快速检修工艺改进", "冷轧产线主轴快速检修装置研制")
    assert not near("基于北斗定位的热轧产线沥青路面温度监测改造",
                    "基于北斗定位的热轧产线沥青路面运行状态监测改造")


def test_a_swapped_copy_is_found_in_the_register_though_its_rarest_pairs_are_its_own(
        tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        approved = reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室",
                                            leader="孙丽华"))
        copy = reg.save_project(project("单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室",
                                        leader="王刚"))
        typed = check_project_draft(reg, replace(project("单克隆抗体纯化收率工艺提升"),
                                                 studio_name="马国庆职工创新工作室"))
        assert NEAR_TITLE in codes(typed)
        recheck(reg)
        verdicts = {v.app_id: v for v in check_campaign(reg, 2022) if v.stream == "project"}
        assert NEAR_TITLE in codes(verdicts[copy]) and NEAR_TITLE in codes(verdicts[approved])





# -- near studios: the question's command, the dry run, the count ------------------------
def test_the_studios_distinct_hint_pastes_into_a_shell_and_curly_quotes_are_tolerated(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        two_papers(reg)
        third = reg.save_project(project("激光干涉仪校准流程优化", "邓秀英技能大师工作室"))
        recheck(reg)
        [f] = [f for v in check_campaign(reg, 2022) if v.app_id == third for f in v.findings
               if f.code == OVER]
    assert f'studios-distinct "邓秀英技能大师工作室" "{STUDIO}" --reason 原因 确认' in f.message
    # pasted from an older message, with its curly quotes: the names within them
    assert main(["correct", "studios-distinct", "“邓秀英技能大师工作室”", f"“{STUDIO}”",
                 "--db", str(path), "--reason", "两个工作室"]) == 0
    assert "已确认“邓秀英技能大师工作室”与" in capsys.readouterr().out


def test_studios_near_leaves_out_a_pair_confirmed_different(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        two_papers(reg)
        reg.save_project(project("激光干涉仪校准流程优化", "精密仪器装调职工创新工作室",
                                 leader="冯华"))
    assert main(["correct", "studios-near", "--dry-run", "--db", str(path)]) == 0
    assert "精密仪器装调职工创新工作室" in capsys.readouterr().out
    assert main(["correct", "studios-distinct", "精密仪器装调职工创新工作室", STUDIO,
                 "--db", str(path), "--reason", "两个工作室"]) == 0
    capsys.readouterr()
    assert main(["correct", "studios-near", "--dry-run", "--db", str(path)]) == 0
    assert "精密仪器装调职工创新工作室" not in capsys.readouterr().out


def test_three_near_studios_counted_together_are_said_as_three_not_two(tmp_path):
    with Register.open(tmp_path / "r.db", operator="测试员") as reg:
        two_papers(reg)
        third = reg.save_project(project("激光干涉仪校准流程优化", "北京电子城精密仪器装调创新工作室"))
        fourth = reg.save_project(project("三坐标测量机软件补偿算法", "精密仪器装调职工创新工作室"))
        recheck(reg)
        said = {v.app_id: f.message for v in check_campaign(reg, 2022) for f in v.findings
                if f.code == OVER}
    assert "这 3 个工作室本年度合计申报 4 项，此为第 3 项" in said[third]
    assert "这 3 个工作室本年度合计申报 4 项，此为第 4 项" in said[fourth]


# -- a decision asks about an uncleared near-copy 提示 -------------------------------------
def _near_pair(path) -> tuple[int, int]:
    """The paid 黎明's patent and a copy with his phone and an ID one digit off."""
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        first = reg.save_patent(patent(patent_no("202110123456")))
        copy = reg.save_patent(patent(patent_no("202110654321"), id_number=NEAR_ID,
                                      card_number=card("621700009876543")))
        recheck(reg)
    return first, copy


def test_passing_or_approving_a_near_copy_asks_for_yes_naming_the_other_paper(
        tmp_path, capsys):
    path = tmp_path / "r.db"
    first, copy = _near_pair(path)
    assert main(["review", "decide", f"专利{copy}", "--pass", "--db", str(path)]) != 0
    said = capsys.readouterr().err
    assert "可能与已登记的 黎明" in said and f"（其申报：专利{first}）" in said
    assert "请加 --yes 重新运行" in said
    with Register.open(path) as reg:
        assert reg.patent(copy).status == "registered"
    assert main(["review", "decide", f"专利{copy}", "--pass", "--db", str(path), "--yes"]) == 0
    assert main(["review", "decide", f"专利{copy}", "--approve", "--db", str(path)]) != 0
    assert main(["review", "decide", f"专利{copy}", "--approve", "--db", str(path),
                 "--yes"]) == 0
    capsys.readouterr()
    assert main(["pay", "list", "--db", str(path), "--year", "2022"]) == 0
    out = capsys.readouterr().out
    [line] = [x for x in out.splitlines() if "ZL202110654321" in x and "→" in x][:1]
    assert "[近似重复申报待核对]" in line
    assert f"注意：近似重复申报待核对：专利{copy}：可能与已登记的 黎明" in out


def test_a_cleared_pair_of_people_is_asked_about_no_more_and_stays_cleared(tmp_path, capsys):
    path = tmp_path / "r.db"
    first, copy = _near_pair(path)
    assert main(["correct", "people-distinct", f"专利{copy}", f"专利{first}", "--db", str(path),
                 "--reason", "核对身份证复印件，确为两人"]) == 0
    assert f"已确认专利{copy}（黎明）与专利{first}（黎明）为不同的人" in capsys.readouterr().out
    with Register.open(path) as reg:
        verdicts = [v for v in check_campaign(reg, 2022) if v.stream == "patent"]
        assert not any(NEAR_PERSON in codes(v) for v in verdicts)
        stored = reg.scalar("SELECT findings FROM patent_applications WHERE id = ?", (copy,))
        assert NEAR_PERSON not in stored
        # a save re-checks them: still cleared
        reg.save_patent(replace(reg.patent(copy), title="一种焊缝缺陷的超声检测方法及装置"))
        recheck(reg)
        assert NEAR_PERSON not in reg.scalar(
            "SELECT findings FROM patent_applications WHERE id = ?", (copy,))
        assert [e for e in reg.audit_trail("patent_applications", copy)
                if e["action"] == "clear_near"][0]["after"]["reason"] == "核对身份证复印件，确为两人"
    assert main(["review", "decide", f"专利{copy}", "--pass", "--db", str(path)]) == 0


def test_a_cleared_pair_of_titles_is_asked_about_no_more(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        one = reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室",
                                       leader="孙丽华"))
        two = reg.save_project(project("单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室",
                                       leader="王刚"))
        recheck(reg)
        assert NEAR_TITLE in reg.scalar("SELECT findings FROM project_applications WHERE id = ?",
                                        (two,))
    assert main(["correct", "titles-distinct", f"项目{two}", f"项目{one}", "--db", str(path),
                 "--reason", "两个不同的工艺环节"]) == 0
    with Register.open(path) as reg:
        verdicts = [v for v in check_campaign(reg, 2022) if v.stream == "project"]
        assert not any(NEAR_TITLE in codes(v) for v in verdicts)
        assert NEAR_TITLE not in reg.scalar(
            "SELECT findings FROM project_applications WHERE id = ?", (two,))


def test_todo_says_a_near_copy_waiting_for_its_decision(tmp_path):
    path = tmp_path / "r.db"
    first, copy = _near_pair(path)
    with Register.open(path) as reg:
        items = {i.app_id: i for g in todo_list(reg).groups for i in g.items}
        assert "；近似重复待核对：可能与已登记的 黎明（身份证" in items[copy].todo
    assert main(["review", "decide", f"专利{copy}", "--pass", "--db", str(path), "--yes"]) == 0
    with Register.open(path) as reg:
        [item] = [i for g in todo_list(reg).groups if g.kind.key == "awaiting_approval"
                  for i in g.items if i.app_id == copy]
        assert "待核准；近似重复待核对：可能与已登记的 黎明" in item.todo


def test_passing_a_near_title_copy_at_qualification_asks_for_yes(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        one = reg.save_project(project("单克隆抗体纯化工艺收率提升", "孙丽华职工创新工作室",
                                       leader="孙丽华"))
        two = reg.save_project(project("单克隆抗体纯化收率工艺提升", "生物制药纯化创新工作室",
                                       leader="王刚"))
        recheck(reg)
    args = ["panel", "qualify", f"项目{two}", "--pass", "--db", str(path), "--year", "2022"]
    assert main(args) != 0
    said = capsys.readouterr().err
    assert f"项目名称与已登记的项目{one}“单克隆抗体纯化工艺收率提升”" in said and "--yes" in said
    assert main(["review", "decide", f"项目{two}", "--pass", "--db", str(path)]) != 0
    with Register.open(path) as reg:
        assert reg.project(two).status == "registered"
    assert main([*args, "--yes"]) == 0
    with Register.open(path) as reg:
        assert reg.project(two).status == "qualified"
