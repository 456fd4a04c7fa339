"""The studios a table writes "X职工技术创新工作室" beside the registered "X职工创新工作室":
taken as the registered one on import when the clerk asks (import --registered-studios,
the window's box), merged all at once in a register already loaded (correct studios-near),
each merge saying what its re-judging changed, and the import's summary naming the rows
near a studio barred under 二（一）."""

from __future__ import annotations

import json

from fixtures.summary_sheets import PROJECT_HEADERS, project_row, write_sheet

from boostdesk.cli import main
from boostdesk.models import CITY, Register, plan_2022
from boostdesk.models.records import ProjectApplication, StudioAward
from boostdesk.rules import recheck
from tests.test_award_holds import _approved, _lines
from tests.test_studio_two_ways import KNOWN, barred
from tests.test_ui_support import answers, ctx, qsettings

__all__ = ["answers", "ctx", "qsettings"]  # fixtures used by name

XIONG = "熊德职工创新工作室"
XIONG_TECH = "熊德职工技术创新工作室"


def registered(path, leader="熊德") -> None:
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        reg.save_project(ProjectApplication(2022, title="高炉煤气余压发电优化", studio_name=XIONG,
                                            studio_level=CITY, leader=leader,
                                            unit_name="北京市建设工会"))


def sheet(tmp_path, leader="熊德"):
    return write_sheet(tmp_path / "j.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称=XIONG_TECH, 领衔人=leader, 项目名称="电池包液冷板焊接工艺",
        推荐单位="北京市建设工会")])


def studios(path) -> list[str]:
    with Register.open(path) as reg:
        return sorted(s.name for s in reg.studios())


# -- 1. the import takes the registered studio, when asked --------------------------------
def test_the_import_takes_the_registered_studio_when_asked(tmp_path, capsys):
    path = tmp_path / "r.db"
    registered(path)
    assert main(["import", str(sheet(tmp_path)), "--db", str(path), "--year", "2022",
                 "--registered-studios"]) == 0
    said = capsys.readouterr().err
    assert f"第 2 行：工作室“{XIONG_TECH}”按已登记的“{XIONG}”登记" in said, said
    assert studios(path) == [XIONG]


def test_by_default_a_second_studio_is_registered_and_the_note_names_the_option(tmp_path, capsys):
    path = tmp_path / "r.db"
    registered(path)
    assert main(["import", str(sheet(tmp_path)), "--db", str(path), "--year", "2022"]) == 0
    said = capsys.readouterr().err
    assert "import --registered-studios" in said, said
    assert studios(path) == [XIONG, XIONG_TECH]


def test_another_leader_is_not_taken_as_the_registered_studio(tmp_path, capsys):
    path = tmp_path / "r.db"
    registered(path)
    assert main(["import", str(sheet(tmp_path, leader="熊伟")), "--db", str(path), "--year", "2022",
                 "--registered-studios"]) == 0
    said = capsys.readouterr().err
    assert "按已登记的" not in said and "--registered-studios" not in said, said
    assert studios(path) == [XIONG, XIONG_TECH]


# -- 2. the register's variants merged at once ---------------------------------------------
def loaded(path) -> None:
    """A register whose tables wrote two studios two ways, and one of another leader."""
    with Register.open(path, operator="测试员") as reg:
        reg.save_campaign(plan_2022())
        for title, name, leader in (
                ("一", XIONG, "熊德"), ("二", XIONG, "熊德"), ("三", XIONG_TECH, "熊德"),
                ("四", "萧博职工创新工作室", ""), ("五", "萧博技术创新工作室", "萧博"),
                ("六", "李红职工创新工作室", "李红"), ("七", "李红劳模创新工作室", "李宏")):
            reg.save_project(ProjectApplication(2022, title=title, studio_name=name,
                                                studio_level=CITY, leader=leader,
                                                unit_name="北京市建设工会"))


def test_studios_near_lists_then_merges_each_variant_once_backed_up_and_audited(tmp_path, capsys):
    path = tmp_path / "r.db"
    loaded(path)
    assert main(["correct", "studios-near", "--db", str(path), "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "试运行，未作改动。将合并名称相近的工作室 2 个，领衔人不同、未合并 2 个" in said, said
    assert f"“{XIONG_TECH}”（领衔人 熊德） → “{XIONG}”（领衔人 熊德）" in said
    assert "“萧博技术创新工作室”（领衔人 萧博） → “萧博职工创新工作室”" in said  # (a blank leader)
    assert "“李红劳模创新工作室”（领衔人 李宏），相近的：“李红职工创新工作室”（领衔人 李红）" in said
    assert len(studios(path)) == 6

    assert main(["correct", "studios-near", "--db", str(path)]) == 0
    said = capsys.readouterr().out
    assert said.startswith("已合并名称相近的工作室 2 个，领衔人不同、未合并 2 个；改动前已备份："), said
    assert set(studios(path)) == {"李红劳模创新工作室", "李红职工创新工作室", "萧博职工创新工作室", XIONG}
    with Register.open(path) as reg:
        merges = [json.loads(a) for (a,) in reg.conn.execute(
            "SELECT after FROM audit_events WHERE entity = 'studios' AND action = 'merge'")]
        assert {m["name"] for m in merges} == {"萧博职工创新工作室", XIONG} and len(merges) == 2
    assert "-studios" in said.splitlines()[0], "backed up first"


# -- 3. a merge says what its re-judging changed --------------------------------------------
def test_a_merge_says_the_award_it_held_and_how_to_keep_it(reg, capsys):
    a, _b, _e = _approved(reg)
    studio = reg.project(a).studio_name
    near = "甲职工创新工作室" if studio == "工作室甲" else studio + "（职工）"
    reg.add_studio_award(StudioAward(near, 2021, "往年项目", 30_000_00, accepted=False))
    recheck(reg)
    assert not any(x.held for x in _lines(reg, a))
    [line, *_] = _lines(reg, a)
    reg.close()
    capsys.readouterr()
    assert main(["correct", "studio", studio, near, "--merge", "--db", str(reg.path)]) == 0
    said = capsys.readouterr().out
    assert f"并入后，{near} 2022 年的核准助推（项目{a}" in said, said
    assert (f"经核对为不合格，已暂缓拨付（如经研究仍拨付：boostdesk --db {reg.path} pay keep {line.id} "
            "--reason 理由）") in said, said


def test_a_merge_says_the_paper_it_refused(reg):
    barred(reg)
    new = reg.save_project(ProjectApplication(2022, title="隧道监测", studio_name="刘志强职工技术创新工作室",
                                              studio_level=CITY, leader="刘志强",
                                              unit_name="北京市建设工会"))
    recheck(reg)
    _done, said = reg.merge_studio("刘志强职工技术创新工作室", KNOWN)
    assert f"并入后，{KNOWN} 2022 年的申报（项目{new}“隧道监测”）经核对为不合格：" in said, said
    assert "方案二（一）" in said


# -- 4. the summary names the rows near a barred studio --------------------------------------
def test_the_summary_names_a_row_of_a_registered_variant_near_a_barred_studio(tmp_path, capsys):
    path = tmp_path / "r.db"
    with Register.open(path, operator="测试员") as reg:
        barred(reg)
        with reg.transaction():  # registered by an earlier year's table, as written there
            reg.ensure_studio("刘志强职工技术创新工作室", CITY, None, None, "刘志强")
    table = write_sheet(tmp_path / "建设工会项目.xlsx", [PROJECT_HEADERS, project_row(
        工作室名称="刘志强职工技术创新工作室", 领衔人="刘志强", 项目名称="城市隧道渗漏水智能监测技术研究",
        推荐单位="北京市建设工会")])
    assert main(["import", str(table), "--db", str(path), "--year", "2022"]) == 0
    out = capsys.readouterr().out
    assert "提示 1 行（工作室与未完成结题验收的已登记工作室相近）：" in out, out
    assert "第 2 行（城市隧道渗漏水智能监测技术研究，项目" in out and "请在“工作室”中合并" in out


def test_the_windows_merge_says_the_paper_it_refused(ctx, qtbot, answers):
    """工作室 → 修改, the name changed to the registered one: the window's merge said only
    that it merged, and the paper it refused (二（一）) was learnt days later."""
    from boostdesk.ui.studio_screen import StudioDialog

    reg = ctx.reg
    barred(reg)
    new = reg.save_project(ProjectApplication(2022, title="隧道监测", studio_name="刘志强职工技术创新工作室",
                                              studio_level=CITY, leader="刘志强",
                                              unit_name="北京市建设工会"))
    recheck(reg)
    dialog = StudioDialog(ctx, reg.studio("刘志强职工技术创新工作室"))
    qtbot.addWidget(dialog)
    dialog.name.setText(KNOWN)
    dialog.accept()  # the merge asked (answered 合并), then done
    assert reg.project(new).studio_name == KNOWN
    told = [text for title, text in answers.infos if title == "合并工作室"]
    assert told and f"2022 年的申报（项目{new}“隧道监测”）经核对为不合格" in told[0], answers.infos
