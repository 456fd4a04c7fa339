"""A union sends its summary table again: corrected after the clerk corrected papers by
hand, with rows added or withdrawn, or resent whole. Nothing registered is doubled or
changed unseen; what differs is named by row and field with its 登记号."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fixtures.summary_sheets import (
    CARD_2,
    ID_1,
    ID_2,
    INVENTION,
    INVENTION_2,
    PATENT_HEADERS,
    PROJECT_HEADERS,
    patent_no,
    patent_row,
    project_row,
    resident_id,
    write_sheet,
)

from boostdesk.cli import main
from boostdesk.models import PatentApplication, Register

TITLE = ["2022年职工创新发明专利助推汇总表"]
ID_3 = resident_id("11010219900303003")
ID_4 = resident_id("11010619920404004")
VALVE = patent_no("202110333333")
CORRECTED = patent_no("202110444444")
PUMP = patent_no("202110555555")


def lisi(**over: object) -> list[object]:
    return patent_row(**{"序号": 2, "第一发明人": "李四", "专利号": INVENTION_2, "身份证号": ID_2,
                         "工会会员互助服务卡号": CARD_2, "专利名称": "一种传感器", **over})


def first_table(tmp_path):
    return write_sheet(tmp_path / "海淀区汇总表.xlsx", [
        TITLE, PATENT_HEADERS, patent_row(序号=1), lisi(),
        patent_row(序号=3, 第一发明人="王五", 专利号=VALVE, 身份证号=ID_3, 专利名称="一种阀门"),
    ])


def corrected_table(tmp_path):
    """张三 spelt 张叁, 李四's number corrected, 王五 withdrawn, 赵六 added."""
    return write_sheet(tmp_path / "海淀区汇总表（更正）.xlsx", [
        TITLE, PATENT_HEADERS, patent_row(序号=1, 第一发明人="张叁"), lisi(专利号=CORRECTED),
        patent_row(序号=3, 第一发明人="赵六", 专利号=PUMP, 身份证号=ID_4, 专利名称="一种泵"),
    ])


@pytest.fixture
def db(tmp_path, capsys):
    """The first table imported, then 张三's phone corrected by hand at the desk."""
    path = tmp_path / "r.db"
    assert main(["import", str(first_table(tmp_path)), "--db", str(path)]) == 0
    with Register.open(path, operator="王会计") as reg:
        app = next(a for a in reg.patents(2022) if a.inventor_name == "张三")
        reg.save_patent(replace(app, phone="13911112222"))
    capsys.readouterr()
    return path


def by_name(path) -> dict[str, list[tuple[int, str, str]]]:
    with Register.open(path) as reg:
        out: dict[str, list[tuple[int, str, str]]] = {}
        for a in reg.patents(2022):
            out.setdefault(a.inventor_name, []).append((a.id, a.patent_number, a.phone))
        return out


def test_a_corrected_patent_number_is_not_imported_as_a_second_application(db, tmp_path, capsys):
    """李四's number corrected in the union's table was imported as a new application beside
    the old one: two papers, the corrected one refused as his second of the year."""
    code = main(["import", str(corrected_table(tmp_path)), "--db", str(db), "--skip-bad-rows"])
    out, err = capsys.readouterr()
    assert code == 0, err
    people = by_name(db)
    assert people["李四"] == [(2, INVENTION_2, "13800138000")]  # one paper, as registered
    assert "第 4 行：与已登记的专利2（2022 年度）同一发明人、同一专利名称" in err
    assert f"专利号：登记册为“{INVENTION_2}”，表中为“{CORRECTED}”" in err
    assert "导入 1 行" in out and [a[0] for a in people["赵六"]] == [4]


def test_a_resent_table_names_each_field_it_gives_otherwise(db, tmp_path, capsys):
    assert main(["import", str(corrected_table(tmp_path)), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    row3 = next(line for line in err.splitlines() if line.strip().startswith("第 3 行"))
    assert "专利1" in row3 and "第一发明人：登记册为“张三”，表中为“张叁”" in row3
    # the phone the clerk corrected differs too, and says when and by whom it was typed
    assert "联系电话：登记册为“139****2222”，表中为“138****8000”" in row3  # masked (stop 40)
    assert "王会计" in row3 and "保留登记后修改过的" in row3
    assert "--update-registered" in err
    assert by_name(db)["张三"] == [(1, INVENTION, "13911112222")]  # nothing stored


def test_the_table_sent_again_unchanged_says_so(db, tmp_path, capsys):
    assert main(["import", str(first_table(tmp_path)), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "第 4 行：专利 " in err and "已登记（2022 年度，专利2），与表中相同" in err


def test_a_withdrawn_applicant_is_named_and_kept(db, tmp_path, capsys):
    main(["import", str(corrected_table(tmp_path)), "--db", str(db), "--skip-bad-rows"])
    err = capsys.readouterr().err
    assert "专利3（王五" in err and "不在本表中" in err and "不会删除" in err
    assert "王五" in by_name(db)


def test_update_registered_takes_the_table_but_not_what_was_typed_by_hand(db, tmp_path, capsys):
    path = corrected_table(tmp_path)
    code = main(["import", str(path), "--db", str(db), "--update-registered",
                 "--rename-people", "--operator", "李审核"])
    out, err = capsys.readouterr()
    assert code == 0, err
    people = by_name(db)
    assert people["张叁"] == [(1, INVENTION, "13911112222")]  # renamed; the typed phone kept
    assert people["李四"] == [(2, CORRECTED, "13800138000")]  # number corrected in place
    assert [a[0] for a in people["赵六"]] == [4] and "王五" in people
    assert ("第 3 行：按表更新 专利1：第一发明人 张三 → 张叁（仍为待补材料）"
            "（登记后修改过的联系电话保留登记册的）") in out
    with Register.open(db) as reg:
        update = reg.audit_trail("patent_applications", 2)[-1]
        assert update["operator"] == "李审核" and update["action"] == "update"
        assert update["after"]["source"] == path.name  # which table the correction came from
        event = reg.query("SELECT after FROM audit_events WHERE action = 'import'"
                          " ORDER BY id DESC LIMIT 1")[0]["after"]
        assert '"updated": [1, 2]' in event and path.name in event
        # the rules judge the corrected number: no second application of 李四 to refuse
        assert reg.scalar("SELECT eligible FROM patent_applications WHERE id = 2") == 1
    # the audit trail of 登记号 2 shows the import that changed it
    assert main(["audit", "--ref", "专利2", "--db", str(db)]) == 0
    assert f"{INVENTION_2} → {CORRECTED}" in capsys.readouterr().out


def test_an_approved_application_is_not_updated_from_a_table(db, tmp_path, capsys):
    from boostdesk.models.records import PATENT

    with Register.open(db) as reg:
        reg.set_status(PATENT, 2, "qualified")
        reg.set_status(PATENT, 2, "approved", award_fen=3000_00, approved_date=date(2022, 12, 1))
    code = main(["import", str(corrected_table(tmp_path)), "--db", str(db),
                 "--update-registered"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert by_name(db)["李四"] == [(2, INVENTION_2, "13800138000")]
    assert "第 4 行：专利2 该申报已核准，不按表更新（专利号" in err
    assert "按表更新专利2" not in out


def test_an_update_that_fails_stores_nothing_of_the_table(db, tmp_path, capsys, monkeypatch):
    import boostdesk.io.resend as resend

    def broken(*_args, **_kw):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(resend, "apply", broken)
    with pytest.raises(RuntimeError):
        main(["import", str(corrected_table(tmp_path)), "--db", str(db), "--update-registered"])
    people = by_name(db)
    assert "赵六" not in people and "张三" in people  # the new row went with the update


def test_a_project_table_sent_again_with_a_corrected_budget(tmp_path, capsys):
    db = tmp_path / "r.db"
    title = ["2022年创新项目助推汇总表"]
    first = write_sheet(tmp_path / "朝阳区项目.xlsx", [title, PROJECT_HEADERS, project_row()])
    assert main(["import", str(first), "--db", str(db)]) == 0
    again = write_sheet(tmp_path / "朝阳区项目（更正）.xlsx",
                        [title, PROJECT_HEADERS, project_row(**{"项目总投入（万元）": 40})])
    assert main(["import", str(again), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "项目总投入（万元）：登记册为“¥300,000.00”，表中为“¥400,000.00”" in err
    assert main(["import", str(again), "--db", str(db), "--update-registered"]) == 0
    with Register.open(db) as reg:
        [project] = reg.projects(2022)
        assert project.total_budget_fen == 400_000_00 and project.id == 1


def test_the_same_person_in_two_unions_tables_is_still_one_award(db, tmp_path, capsys):
    """Another union lists 张三 with another patent: a new application, judged his second."""
    other = write_sheet(tmp_path / "朝阳区汇总表.xlsx", [
        TITLE, PATENT_HEADERS,
        patent_row(推荐单位="北京市朝阳区总工会", 专利号=patent_no("202110666666"),
                   专利名称="一种夹具", 身份证号=ID_1)])
    assert main(["import", str(other), "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 0
    assert "每人每年最多享受一次助推" in capsys.readouterr().out


def test_a_number_registered_twice_in_the_year_is_each_rows_own(tmp_path, capsys):
    """The year holds a patent twice (the second refused as a repeat); the union's table
    lists it twice again: each row is one of them, and neither is said to be withdrawn."""
    db = tmp_path / "r.db"
    twice = write_sheet(tmp_path / "twice.xlsx", [TITLE, PATENT_HEADERS, patent_row(序号=1),
                                                  patent_row(序号=2, 专利号=" ZL 2021 1 0123456.7")])
    assert main(["import", str(twice), "--db", str(db), "--skip-bad-rows"]) == 0
    with Register.open(db) as reg:
        reg.save_patent(PatentApplication(2022, title="一种焊缝检测装置",
                                          patent_number_raw="ZL 2021 1 0123456.7",
                                          inventor_name="张三", id_number=ID_1,
                                          unit_name="北京市海淀区总工会"))
    capsys.readouterr()
    assert main(["import", str(twice), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "第 3 行：专利 ZL202110123456.7 已登记（2022 年度，专利1）" in err
    assert "第 4 行：专利 ZL202110123456.7 已登记（2022 年度，专利2）" in err
    assert "不在本表中" not in err


def test_a_name_the_clerk_corrected_is_not_renamed_back_by_the_next_table(db, tmp_path, capsys):
    """人员 → 更正姓名 made 张三 张叁 (his ID card's spelling, the reason kept); the union's
    next table lists a new patent of his under the old spelling, as its own records keep
    it. The import renamed him back on every paper (approval sheet, payment list) with no
    more than a 提示: the register's corrected name is kept and the row says so."""
    with Register.open(db, operator="王会计") as reg:
        reg.correct_person_name(reg.patent(1).person_id, "张叁", "身份证为“张叁”")
    new = write_sheet(tmp_path / "海淀区补报.xlsx", [
        TITLE, PATENT_HEADERS,
        patent_row(第一发明人="张三", 专利号=patent_no("202110777777"), 专利名称="一种新夹具")])
    assert main(["import", str(new), "--db", str(db)]) == 0
    err = capsys.readouterr().err
    assert [a[0] for a in by_name(db)["张叁"]] == [1, 4] and "张三" not in by_name(db)
    assert "第 3 行：" in err and "表中为“张三”" in err and "王会计" in err
    assert "按登记册的“张叁”登记" in err


def test_last_years_table_sent_again_is_named_as_such(tmp_path, capsys):
    """2022's table, its title cut, comes again in 2023: its rows registered in 2022 are
    marked, but the one refused there (a utility model) was to be stored as 2023's new
    application without a word on where the table came from."""
    from fixtures.summary_sheets import UTILITY

    db = tmp_path / "r.db"
    table = write_sheet(tmp_path / "海淀区汇总表.xlsx", [
        PATENT_HEADERS, patent_row(序号=1), lisi(),
        patent_row(序号=3, 第一发明人="王五", 专利号=UTILITY, 身份证号=ID_3, 专利名称="一种阀门")])
    assert main(["import", str(table), "--db", str(db), "--year", "2022"]) == 0
    with Register.open(db) as reg:
        from boostdesk.models.records import PATENT

        reg.set_status(PATENT, 3, "refused", "实用新型，不属于助推范围")
    assert main(["campaign", "new", "--year", "2023", "--from", "2022", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["import", str(table), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "本表 3 行中有 3 行已在 2022 年度登记：是否误把 2022 年度的汇总表再次报送？" in err
    assert "其中第 4 行在 2022 年度未获认可" in err and "作为 2023 年度的新申报登记" in err


def _resent_projects(tmp_path, capsys, *again_rows):
    """A project table imported, and its corrected copy written (not imported yet)."""
    path = tmp_path / "r.db"
    first = write_sheet(tmp_path / "朝阳区项目.xlsx", [PROJECT_HEADERS, project_row()])
    again = write_sheet(tmp_path / "朝阳区项目（更正）.xlsx", [PROJECT_HEADERS, *again_rows])
    assert main(["import", str(first), "--db", str(path), "--year", "2022"]) == 0
    capsys.readouterr()
    return path, again


def test_a_resent_project_table_updates_a_registered_rows_studio_when_both_are_chosen(
        tmp_path, capsys):
    """--update-registered --update-studios: a registered row's studio facts are taken as a
    new row's are (they were passed over: 按表更新 changed the application alone), said by
    row, audited naming the file; the window's preview says the same once both are ticked."""
    import json

    from boostdesk.io.importer import read_table
    from boostdesk.ui.import_dialog import analyse, fact_notes

    path, again = _resent_projects(tmp_path, capsys, project_row(工作室级别="区级", 备注="更正"))
    with Register.open(path) as reg:
        read = analyse(reg, read_table(again, 2022, campaign=reg.campaign(2022)), True)
        notes = fact_notes(reg, read.preview, [], True, list(read.duplicates),
                           registered=list(read.matches), taken=True)
    assert [row for row, text in notes if "由登记册的市级改为表中的区/局/集团级" in text] == [2]
    assert main(["import", str(again), "--db", str(path), "--year", "2022",
                 "--update-registered", "--update-studios"]) == 0
    said = capsys.readouterr().err
    assert ("第 2 行：工作室“李四职工创新工作室”的工作室级别由登记册的市级改为表中的区/局/集团级"
            in said), said
    with Register.open(path) as reg:
        [project] = reg.projects(2022)
        assert (project.studio_level, project.remarks) == ("district", "更正")
        [(after,)] = reg.conn.execute("SELECT after FROM audit_events WHERE entity = 'studios'"
                                      " AND action = 'update'").fetchall()
    assert json.loads(after) == {"level": "district", "source": again.name}


def test_a_resent_row_changing_only_its_studio_is_work_to_do(tmp_path, capsys):
    """Only the studio's level corrected: not refused as 各行均已登记, and its project is
    judged again at the new level (a 10万 request is no district tier)."""
    path, again = _resent_projects(tmp_path, capsys, project_row(工作室级别="区级"))
    assert main(["import", str(again), "--db", str(path), "--year", "2022",
                 "--update-registered", "--update-studios"]) == 0
    with Register.open(path) as reg:
        [project] = reg.projects(2022)
        assert project.studio_level == "district"
        assert "REQUESTED_TIER_MISMATCH" in reg.scalar(
            "SELECT findings FROM project_applications WHERE id = ?", (project.id,))
        event = reg.scalar("SELECT after FROM audit_events WHERE action = 'import'"
                           " ORDER BY id DESC LIMIT 1")
    assert '"studios": [1]' in event


def test_a_resent_row_keeps_an_awarded_studios_level_and_without_update_studios_its_facts(
        tmp_path, capsys):
    """The same protections as a new row's: an awarded studio keeps its level; without
    --update-studios the register's facts stay, each said by row."""
    path, again = _resent_projects(tmp_path, capsys, project_row(工作室级别="区级", 领衔人="李四四"))
    with Register.open(path) as reg:
        reg.conn.execute("UPDATE project_applications SET award_fen = 10000000")
    assert main(["import", str(again), "--db", str(path), "--year", "2022",
                 "--update-registered", "--update-studios"]) == 0
    assert "已按市级获助推，表中为区/局/集团级：仍按市级登记" in capsys.readouterr().err
    with Register.open(path) as reg:
        studio = reg.query("SELECT level, leader FROM studios")[0]
        assert (studio["level"], studio["leader"]) == ("city", "李四四")
        reg.conn.execute("UPDATE project_applications SET award_fen = NULL")
    third = write_sheet(tmp_path / "再次更正.xlsx", [PROJECT_HEADERS, project_row(领衔人="张三")])
    assert main(["import", str(third), "--db", str(path), "--year", "2022",
                 "--update-registered"]) == 0
    assert "领衔人表中为张三，登记册为李四四：按登记册登记" in capsys.readouterr().err
    with Register.open(path) as reg:
        assert reg.query("SELECT leader FROM studios")[0]["leader"] == "李四四"


def test_a_resent_rows_studio_is_not_taken_when_the_rows_are_skipped(tmp_path, capsys):
    """--update-studios alone: the registered rows are skipped, and their studio facts with
    them — said, naming the choice that takes them."""
    new_row = project_row(序号=2, 工作室名称="王五职工创新工作室", 项目名称="新项目")
    path, again = _resent_projects(tmp_path, capsys, project_row(工作室级别="区级"), new_row)
    assert main(["import", str(again), "--db", str(path), "--year", "2022",
                 "--update-studios", "--skip-bad-rows"]) == 0
    said = capsys.readouterr().err
    assert "已登记的申报未按表更新，其工作室也不按表更新" in said and "按表更新已登记的申报" in said
    with Register.open(path) as reg:
        assert [p.studio_level for p in reg.projects(2022)] == ["city", "city"]


def test_update_registered_says_each_updated_rows_verdict_change(tmp_path, capsys):
    """A 授权公告日 typed 2022-02-15 (不合格) corrected in the table sent again: the command
    said the field's change but not that the application is 合格 now."""
    path = tmp_path / "r.db"
    first = write_sheet(tmp_path / "朝阳区.xlsx", [
        TITLE, PATENT_HEADERS, patent_row(授权公告日=date(2022, 2, 15))])
    assert main(["import", str(first), "--db", str(path)]) == 0
    again = write_sheet(tmp_path / "朝阳区（修改后）.xlsx", [
        TITLE, PATENT_HEADERS, patent_row(授权公告日=date(2021, 2, 15))])
    capsys.readouterr()
    assert main(["import", str(again), "--db", str(path), "--update-registered"]) == 0
    out = capsys.readouterr().out
    assert "第 3 行：按表更新 专利1：授权公告日 2022-02-15 → 2021-02-15（不合格 → 待补材料）" in out
