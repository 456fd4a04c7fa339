"""One studio written two ways, and one title from two studios (``studio_names``, the rules).

A paper typed “刘志强” for 刘志强劳模创新工作室 — whose 2021 award is not accepted — was
saved as a new studio and judged 合格: 二（一） escaped by a name. Names that differ by
职工/劳模/创新/工作室, brackets or spaces, or studios of the same leader in the same
enterprise, are *near*: the form asks (tests/test_ui_studio_question.py), the import notes
it, and the papers of a studio near one barred by 二（一） carry a 提示 that 资格审核 sees.
And the same title from two studios in one year is said on both papers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

from boostdesk.cli import main
from boostdesk.intake import known_studio_for, name_core
from boostdesk.models import CITY, Register
from boostdesk.models.records import PROJECT, PROJECT_MATERIALS, ProjectApplication, StudioAward
from boostdesk.rules import check_campaign, check_project_draft, recheck
from boostdesk.rules.check import title_key
from boostdesk.rules.findings import stored_findings

WAN = 10_000_00
KNOWN = "刘志强劳模创新工作室"
ROADS = "北京城市路桥工程有限公司"
NEAR = "NEAR_STUDIO_HAS_UNFINISHED_AWARD"
SAME_TITLE = "SAME_TITLE_OTHER_STUDIO"
OVER = "NEAR_STUDIO_TOO_MANY_APPLICATIONS"


def paper(**over) -> ProjectApplication:
    """A 2022 paper meeting every condition of the plan."""
    return replace(ProjectApplication(
        2022, title="城市隧道渗漏水智能监测技术研究", studio_name=KNOWN, studio_level=CITY,
        model_studio=True, leader="刘志强", unit_name="北京市建设工会", enterprise_name=ROADS,
        approval_date=date(2022, 4, 1), startup_funds_paid=True,
        planned_completion=date(2024, 3, 31), total_budget_fen=300 * WAN,
        requested_fen=10 * WAN, contact_name="刘志强", contact_phone="13911112222",
        received_date=date(2022, 10, 21), materials=dict.fromkeys(PROJECT_MATERIALS, True)),
        **over)


def barred(reg: Register) -> int:
    """刘志强劳模创新工作室 with a 2022 paper, and its 2021 award not accepted (二（一））."""
    first = reg.save_project(paper(title="城市桥梁支座病害智能巡检技术攻关"))
    reg.add_studio_award(StudioAward(KNOWN, 2021, "城市桥梁支座病害智能巡检", 100_000 * 100, False))
    recheck(reg)
    return first


def findings(reg: Register, app_id: int) -> list[tuple[str, str, str]]:
    text = reg.scalar("SELECT findings FROM project_applications WHERE id = ?", (app_id,))
    return [(f.code, f.severity, f.message) for f in stored_findings(text)]


def codes(reg: Register, app_id: int) -> list[str]:
    return [code for code, _, _ in findings(reg, app_id)]


def test_a_name_without_its_words_or_with_brackets_has_the_studios_core():
    for typed in ("刘志强", "刘志强劳模", "刘志强工作室", "刘志强（劳模）创新工作室",
                  "刘志强(劳模)创新工作室", "刘志强 劳模创新工作室"):
        assert name_core(typed) == name_core(KNOWN) == "刘志强", typed
    assert name_core("王海燕（职工）创新工作室") == name_core("王海燕职工创新工作室")
    assert name_core("数控加工技能大师工作室") != name_core("数控加工工作室")


def test_the_question_about_a_near_name_says_what_is_at_stake(reg):
    barred(reg)
    match = known_studio_for(reg, "刘志强", year=2022)
    assert match is not None and match.studio.name == KNOWN and match.by_name
    question = match.question()
    assert "该工作室 2021 年度助推 ¥100,000.00（“城市桥梁支座病害智能巡检”）至本年度报送截止日尚未验收" \
        in question, question
    assert "本项不能申报（方案二（一））" in question
    assert "申报带“相近工作室未验收”的提示" in question
    # the other ways of writing it, and the same leader in the same enterprise
    for typed, who in (("刘志强（劳模）创新工作室", ()), ("李红兵劳模", ()),
                       ("城市隧道攻关小组", ("刘志强", ROADS))):
        found = known_studio_for(reg, typed, *who, year=2022)
        if typed == "李红兵劳模":
            assert found is None
            continue
        assert found is not None and found.studio.name == KNOWN, typed
        assert found.by_name == (not who) and "尚未验收" in found.question()
    # an earlier award typed in is not a paper: nothing would bar it
    assert "不能申报" not in match.question(paper=False)


def test_the_question_says_the_studio_has_its_papers_of_the_year_already(reg):
    reg.save_project(paper())
    reg.save_project(paper(title="第二项"))
    match = known_studio_for(reg, "刘志强工作室", year=2022)
    assert "该工作室本年度已申报 2 项，同一工作室申报不超过 2 项" in match.question()


def test_a_new_studio_near_a_barred_one_carries_a_hint_until_the_award_is_accepted(reg):
    """The clerk answered 否 (or the import made the studio): its paper is not refused —
    it may be another studio — but 资格审核 sees which studio it may be, and why it matters."""
    reg.save_campaign(reg.campaign(2022).for_year(2021))
    first = barred(reg)
    assert "STUDIO_HAS_UNFINISHED_AWARD" in codes(reg, first)
    new = reg.save_project(paper(studio_name="刘志强"))
    alike = reg.save_project(paper(studio_name="城市隧道攻关小组", title="另一项"))
    recheck(reg)
    [(code, severity, message)] = findings(reg, new)
    assert (code, severity) == (NEAR, "warning")
    assert message == (
        "与已登记的“刘志强劳模创新工作室”名称相近：该工作室已获 2021 年度“城市桥梁支座病害智能巡检”助推，"
        "至本年度报送截止日（2022-11-01）未完成结题验收；如为同一工作室，不能申报（方案二（一）），"
        "请在“工作室”中合并")
    assert reg.scalar("SELECT eligible FROM project_applications WHERE id = ?", (new,)) == 1
    # the third paper of the leader's studios in one enterprise: past 二（二）2 with them
    # (rules.near_studios) until the office confirms they are two studios
    assert codes(reg, alike) == [NEAR, OVER] and "领衔人和所在单位相同" in findings(reg, alike)[0][2]
    # the project form says the same of the paper as typed (a fourth: past the limit too)
    draft = check_project_draft(reg, paper(studio_name="刘志强", title="又一项"))
    assert [f.code for f in draft.findings] == [OVER, NEAR]

    # the award accepted: the studio is no longer barred, and the hint goes
    [award] = reg.studio_awards()
    with reg.transaction():
        reg.delete_studio_award(award.id)
        reg.add_studio_award(replace(award, id=None, accepted=True,
                                     accepted_date=date(2022, 6, 1)))
        recheck(reg)
    assert codes(reg, new) == [] and codes(reg, alike) == [OVER]
    assert "STUDIO_HAS_UNFINISHED_AWARD" not in codes(reg, first)

    # its 2021 paper, awarded and not accepted, bars it again: said on the near studios' too
    reg.save_project(paper(campaign_year=2021, title="二一年项目", approval_date=date(2021, 3, 1),
                           status="approved", award_fen=10 * WAN))
    recheck(reg)
    assert codes(reg, new) == [NEAR] and codes(reg, alike) == [NEAR, OVER]
    assert "已获 2021 年度“二一年项目”助推" in findings(reg, new)[0][2]
    assert_stored_is_a_full_check(reg)


def test_merging_the_new_studio_into_the_barred_one_refuses_its_paper(reg):
    barred(reg)
    new = reg.save_project(paper(studio_name="刘志强"))
    recheck(reg)
    with reg.transaction():
        reg.rename_studio("刘志强", KNOWN)
        recheck(reg)
    assert "STUDIO_HAS_UNFINISHED_AWARD" in codes(reg, new) and NEAR not in codes(reg, new)


def test_renaming_the_barred_studio_away_takes_the_hint_off_its_near_namesake(reg):
    """The re-check finds the studios near a studio as it was before a write changed its
    name, leader or enterprise, not only as it is."""
    barred(reg)
    new = reg.save_project(paper(studio_name="刘志强", leader="刘志", enterprise_name="另一公司"))
    recheck(reg)
    assert codes(reg, new) == [NEAR]
    with reg.transaction():
        reg.rename_studio(KNOWN, "桥梁支座巡检工作室")
        recheck(reg)
    assert codes(reg, new) == []
    assert_stored_is_a_full_check(reg)


def test_the_import_notes_the_near_studio_and_stores_the_hint(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        barred(reg)
    sheet = write_sheet(tmp_path / "建设工会项目.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称="刘志强", 领衔人="刘志强", 项目名称="城市隧道渗漏水智能监测技术研究",
        推荐单位="北京市建设工会")])
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr().err
    assert ("第 2 行：登记册中没有“刘志强”，但有名称只差“职工”“劳模”“技术”“创新”“工作室”、括号或空格的"
            "“刘志强劳模创新工作室”：按新工作室登记") in said, said
    assert "“刘志强劳模创新工作室”2021 年度助推 ¥100,000.00（“城市桥梁支座病害智能巡检”）至本年度报送截止日" \
        "尚未验收" in said
    with Register.open(path) as reg:
        [new] = [a for a in reg.projects(2022) if a.studio_name == "刘志强"]
        assert NEAR in codes(reg, new.id)


# -- one title, two studios -----------------------------------------------------------------
def test_titles_are_compared_folded():
    key = title_key("高炉炉况智能诊断系统开发")
    for typed in ("高炉炉况 智能诊断系统开发", "高炉炉况智能诊断系统开发。", "高炉炉况·智能诊断系统开发",
                  "高炉炉况智能诊断系统开发　"):
        assert title_key(typed) == key, typed
    assert title_key("ＡＩ质检（一期）") == title_key("ai质检(一期)")
    assert title_key("AI质检一期") != title_key("AI质检二期")


def test_the_same_title_from_another_studio_is_said_on_both_papers(reg):
    first = reg.save_project(paper(studio_name="李红兵劳模创新工作室", leader="李红兵",
                                   title="高炉炉况智能诊断系统开发", enterprise_name="首钢特钢材料有限公司"))
    recheck(reg)
    assert codes(reg, first) == []
    draft = paper(studio_name="周明职工创新工作室", leader="周明", title="高炉炉况智能诊断系统开发。",
                  enterprise_name="北京邮通网络技术有限公司")
    [said] = check_project_draft(reg, draft).findings  # as the form shows it, before saving
    assert said.code == SAME_TITLE and said.field == "title" and not said.blocking
    assert said.message == (f"本年度已有同名项目：项目{first}（李红兵劳模创新工作室）。"
                            "请核对是否同一项目重复申报")
    second = reg.save_project(draft)
    recheck(reg)
    assert findings(reg, second) == [(SAME_TITLE, "warning", said.message)]
    assert findings(reg, first) == [(SAME_TITLE, "warning", f"本年度已有同名项目：项目{second}"
                                     "（周明职工创新工作室）。请核对是否同一项目重复申报")]
    # the title corrected: both hints go
    reg.save_project(replace(reg.project(second), title="高炉煤气余热回收"))
    recheck(reg)
    assert codes(reg, first) == [] and codes(reg, second) == []
    assert_stored_is_a_full_check(reg)


def test_an_imported_table_naming_a_registered_title_for_another_studio(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        first = reg.save_project(paper(studio_name="李红兵劳模创新工作室", leader="李红兵",
                                       title="高炉炉况智能诊断系统开发"))
        recheck(reg)
    sheet = write_sheet(tmp_path / "邮电工会项目.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称="周明职工创新工作室", 领衔人="周明", 项目名称="高炉炉况智能诊断系统开发")])
    assert main(["import", str(sheet), "--db", str(path), "--year", "2022"]) == 0
    with Register.open(path) as reg:
        [new] = [a for a in reg.projects(2022) if a.studio_name == "周明职工创新工作室"]
        assert SAME_TITLE in codes(reg, new.id) and codes(reg, first) == [SAME_TITLE]
        said = next(m for c, _, m in findings(reg, new.id) if c == SAME_TITLE)
        assert f"项目{first}（李红兵劳模创新工作室）" in said


def assert_stored_is_a_full_check(reg: Register) -> None:
    from boostdesk.rules.findings import to_json

    for v in check_campaign(reg, 2022):
        if v.stream == PROJECT:
            assert reg.scalar("SELECT findings FROM project_applications WHERE id = ?",
                              (v.app_id,)) == to_json(v.findings), v.app_id
